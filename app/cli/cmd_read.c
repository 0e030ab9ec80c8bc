/* cmd_read: `quire read [--backend B] [--device P] [--screen S] [--article ID] [--script FILE]
 * [--trace FILE] [--refresh-log FILE] [--out DIR] ...` runs the reader (app/ui) on a platform
 * backend: the emulator window (sdl), PNG frames driven by a script (headless) or a Linux
 * framebuffer (fbdev) or a SPI e-paper HAT (epaper). It opens on the library unless --article,
 * --file or --screen say otherwise; --kiosk runs the unattended rotation (docs/kiosk.md). Flags
 * that name a setting apply to this run only. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "quire_util.h"
#include "platform.h"
#include "store_library.h"
#include "ui.h"

extern const struct cli_command cli_cmd_read;

enum { CLI_EXIT_DONE = -1 }; /* parse_options: the command's work is done (a listing) */

struct read_opts {
    const char *backend, *trace, *refresh_log;
    struct platform_options popt;
    struct ui_options ropt;
    char lines[32][160]; /* the overrides' "key=value" text */
};

static enum quire_status run_read(const struct cli_global *g, struct read_opts *o,
                                  struct quire_err *err)
{
    store *st = NULL;
    struct platform *p = NULL;
    char db[1024];
    enum quire_status rc = QUIRE_OK;
    struct quire_err lib_err = {0};
    if (!o->ropt.source.file) {
        if (cli_db_path(g, db, sizeof db))
            rc = quire_err_set(err, QUIRE_EINVAL, "library path is too long");
        else if (cli_open_store_reading(g, &st, &lib_err))
            o->ropt.library_error = lib_err.msg; /* shown on the reader's error screen */
    }
    if (!rc)
        rc = platform_create(o->backend, &o->popt, o->trace, o->refresh_log, &p, err);
    if (!rc)
        rc = ui_run(p, st, &o->ropt, err);
    if (!rc && o->ropt.library_error)
        rc = quire_err_set(err, lib_err.code, "%s", lib_err.msg);
    platform_destroy(p);
    store_close(st);
    return rc;
}

static int parse_id(const char *s, int64_t *out)
{
    long long v;
    if (!cli_parse_id(s, &v))
        return 0;
    *out = v;
    return 1;
}

static bool parse_screen(const char *s, enum ui_start *out)
{
    static const char *const names[] = {[UI_START_LIBRARY] = "library",
                                        [UI_START_ARTICLE] = "article",
                                        [UI_START_SEARCH] = "search"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum ui_start)i;
            return true;
        }
    return false;
}

/* Flags that are settings: each names a row of the registry (ui_prefs); --set KEY=VALUE
 * reaches any of them. The value is checked here, with the registry's own bounds. */
static const struct {
    int flag;
    const char *name, *key, *value; /* value: fixed (a flag without an argument) */
} setting_flags[] = {
    {'f', "--font-size", "reader.font_px", NULL},
    {'E', "--full-every", "render.full_refresh_every", NULL},
    {'N', "--full-every-night", "render.full_refresh_every_night", NULL},
    {'K', "--darkness", "render.darkness", NULL},
    {'U', "--ui-lang", "ui.lang", NULL},
    {'n', "--night", "render.night", "on"},
    {'V', "--kiosk-interval", "kiosk.interval_s", NULL},
    {'W', "--kiosk-sections", "kiosk.sections", NULL},
};

static int add_override(struct read_opts *o, const char *flag, const char *key, const char *value)
{
    const struct ui_pref *row = ui_pref_find(key);
    struct ui_prefs scratch;
    ui_prefs_default(&scratch);
    char bounds[96];
    if (!row)
        return cli_usage_error(&cli_cmd_read, "%s: no setting '%s' (see quire config list)", flag,
                               key);
    ui_pref_bounds(row, bounds, sizeof bounds);
    if (ui_pref_parse(row, &scratch, value, NULL))
        return cli_usage_error(&cli_cmd_read, "%s wants %s, not '%s'",
                               strcmp(flag, "--set") == 0 ? key : flag, bounds, value);
    if (o->ropt.n_overrides >= (int)(sizeof o->ropt.overrides / sizeof o->ropt.overrides[0]))
        return cli_usage_error(&cli_cmd_read, "too many settings");
    char *line = o->lines[o->ropt.n_overrides];
    snprintf(line, sizeof o->lines[0], "%s=%s", key, value);
    o->ropt.overrides[o->ropt.n_overrides++] = line;
    return CLI_EXIT_OK;
}

static int setting_flag(struct read_opts *o, int flag, const char *arg)
{
    if (flag == 'X') {
        const char *eq = strchr(arg, '=');
        char key[64];
        if (!eq || (size_t)(eq - arg) >= sizeof key)
            return cli_usage_error(&cli_cmd_read, "--set wants KEY=VALUE, not '%s'", arg);
        snprintf(key, sizeof key, "%.*s", (int)(eq - arg), arg);
        return add_override(o, "--set", key, eq + 1);
    }
    for (size_t i = 0; i < sizeof setting_flags / sizeof setting_flags[0]; i++)
        if (setting_flags[i].flag == flag)
            return add_override(o, setting_flags[i].name, setting_flags[i].key,
                                setting_flags[i].value ? setting_flags[i].value : arg);
    return cli_usage_error(&cli_cmd_read, "unknown option");
}

/* One line per device profile: name, size, dpi, gray levels. */
static void print_profiles(FILE *out)
{
    for (const struct platform_profile *p = platform_profiles(); p->name; p++)
        fprintf(out, "%-16s %4dx%-4d %4d dpi %3d levels%s\n", p->name, p->w, p->h, p->dpi,
                p->gray_levels, p->is_landscape ? "  landscape" : "");
}

/* Parses the options into o; returns CLI_EXIT_OK, CLI_EXIT_DONE (nothing left to run) or the
 * usage error's exit code. */
static int parse_options(int argc, char **argv, struct read_opts *o)
{
    static const struct option opts[] = {
        {"backend", required_argument, NULL, 'b'},
        {"device", required_argument, NULL, 'D'},
        {"article", required_argument, NULL, 'a'},
        {"script", required_argument, NULL, 's'},
        {"trace", required_argument, NULL, 't'},
        {"refresh-log", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},
        {"file", required_argument, NULL, 'F'},
        {"lang", required_argument, NULL, 'l'},
        {"font-size", required_argument, NULL, 'f'},
        {"night", no_argument, NULL, 'n'},
        {"latency", required_argument, NULL, 'L'},
        {"fb", required_argument, NULL, 'B'},
        {"input", required_argument, NULL, 'I'},
        {"spi", required_argument, NULL, 'P'},
        {"gpiochip", required_argument, NULL, 'G'},
        {"full-every", required_argument, NULL, 'E'},
        {"full-every-night", required_argument, NULL, 'N'},
        {"darkness", required_argument, NULL, 'K'},
        {"screen", required_argument, NULL, 'S'},
        {"ui-lang", required_argument, NULL, 'U'},
        {"set", required_argument, NULL, 'X'},
        {"kiosk", no_argument, NULL, 'k'},
        {"kiosk-interval", required_argument, NULL, 'V'},
        {"kiosk-sections", required_argument, NULL, 'W'},
        {NULL, 0, NULL, 0},
    };
    const char *device = PLATFORM_DEFAULT_PROFILE;
    bool has_screen = false;
    int c, rc;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            o->backend = optarg;
            break;
        case 'D':
            device = optarg;
            break;
        case 'a':
            if (!parse_id(optarg, &o->ropt.source.article_id))
                return cli_usage_error(&cli_cmd_read, "--article wants a positive id");
            o->ropt.start = UI_START_ARTICLE;
            break;
        case 'S':
            if (!parse_screen(optarg, &o->ropt.start))
                return cli_usage_error(
                    &cli_cmd_read, "--screen wants library, article or search, not '%s'", optarg);
            has_screen = true;
            break;
        case 's':
            o->popt.script_path = optarg;
            break;
        case 't':
            o->trace = optarg;
            break;
        case 'r':
            o->refresh_log = optarg;
            break;
        case 'o':
            o->popt.out_dir = optarg;
            break;
        case 'F':
            o->ropt.source.file = optarg;
            o->ropt.start = UI_START_ARTICLE;
            break;
        case 'l':
            o->ropt.source.lang = optarg;
            break;
        case 'L':
            if (!quire_parse_int(optarg, 0, 10000, &o->popt.latency_ms))
                return cli_usage_error(&cli_cmd_read, "--latency wants 0..10000 ms");
            break;
        case 'B':
            o->popt.fb_path = optarg;
            break;
        case 'k':
            o->ropt.is_kiosk = true;
            o->popt.is_fullscreen = true;
            break;
        case 'I':
            o->popt.input_path = optarg;
            break;
        case 'P':
            o->popt.spi_path = optarg;
            break;
        case 'G':
            o->popt.gpio_chip = optarg;
            break;
        case 'f':
        case 'E':
        case 'N':
        case 'K':
        case 'U':
        case 'n':
        case 'V':
        case 'W':
        case 'X':
            if ((rc = setting_flag(o, c, optarg)) != CLI_EXIT_OK)
                return rc;
            break;
        default:
            return cli_usage_error(&cli_cmd_read, "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error(&cli_cmd_read, "unexpected argument '%s'", argv[optind]);
    if (strcmp(device, "list") == 0) {
        print_profiles(stdout);
        return CLI_EXIT_DONE;
    }
    if (!(o->popt.profile = platform_profile_find(device))) {
        print_profiles(stderr);
        return cli_usage_error(&cli_cmd_read, "unknown device '%s' (profiles above)", device);
    }
    if (has_screen && o->ropt.start == UI_START_ARTICLE && !o->ropt.source.article_id &&
        !o->ropt.source.file)
        o->ropt.source.article_id = 0; /* the library's first article */
    return CLI_EXIT_OK;
}

struct sections {
    char list[1024];
    size_t len;
};

static int section_cb(void *ctx, const char *value, int64_t count)
{
    struct sections *s = ctx;
    int w = snprintf(s->list + s->len, sizeof s->list - s->len, "%s%s", s->len ? ", " : "", value);
    if (w > 0 && s->len + (size_t)w < sizeof s->list)
        s->len += (size_t)w;
    return 0;
}

/* Every section --kiosk-sections names must be one the library holds (once it holds any: a
 * kiosk's first start, before its first sync, has nothing to check against). */
static int check_kiosk_sections(const struct cli_global *g, const char *value)
{
    struct store *st = NULL;
    struct quire_err err = {0};
    struct sections have = {{0}, 0};
    char list[QUIRE_PREF_TEXT_MAX], unknown[QUIRE_PREF_TEXT_MAX] = "";
    struct ui_prefs p;
    ui_prefs_default(&p);
    ui_prefs_set(&p, "kiosk.sections", value, NULL); /* checked: the canonical list */
    snprintf(list, sizeof list, "%s", p.kiosk_sections);
    if (cli_open_store(g, &st, &err))
        return CLI_EXIT_OK; /* the reader shows the library's problem itself */
    store_library_facets(st, STORE_FACET_SECTION, section_cb, &have, NULL);
    for (char *save = NULL, *s = strtok_r(list, ",", &save); s && have.len;
         s = strtok_r(NULL, ",", &save)) {
        struct store_lib_filter f = {.section = s};
        int64_t n = 0;
        store_library_count(st, &f, &n, NULL);
        if (!n && !unknown[0])
            snprintf(unknown, sizeof unknown, "%s", s);
    }
    store_close(st);
    if (unknown[0])
        return cli_usage_error(&cli_cmd_read,
                               "--kiosk-sections: no section '%s' in the library (it has: %s)",
                               unknown, have.list);
    return CLI_EXIT_OK;
}

static int read_run(const struct cli_global *g, int argc, char **argv)
{
    struct read_opts o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc == CLI_EXIT_DONE)
        return CLI_EXIT_OK; /* --device list */
    if (rc != CLI_EXIT_OK)
        return rc;
    for (int i = 0; i < o.ropt.n_overrides; i++)
        if (strncmp(o.ropt.overrides[i], "kiosk.sections=", 15) == 0 &&
            (rc = check_kiosk_sections(g, o.ropt.overrides[i] + 15)) != CLI_EXIT_OK)
            return rc;
    struct quire_err err = {0};
    return run_read(g, &o, &err) ? cli_fail(&err) : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_read = {
    .name = "read",
    .summary = "the reader: library, articles, search (sdl, headless, fbdev, epaper)",
    .usage = "read [--backend sdl|headless|fbdev|epaper] [--device PROFILE|list]\n"
             "       [--screen library|article|search] [--article ID] [--ui-lang en|ru|fa]\n"
             "       [--script FILE] [--trace FILE] [--refresh-log FILE] [--out DIR]\n"
             "       [--file PATH [--lang L]] [--font-size PX] [--night] [--latency MS]\n"
             "       [--fb PATH] [--input PATH] [--spi PATH] [--gpiochip CHIP]\n"
             "       [--full-every N] [--full-every-night N]\n"
             "       [--darkness 0..100] [--set KEY=VALUE]...\n"
             "       [--kiosk [--kiosk-interval SECONDS] [--kiosk-sections S,...]]\n"
             "       (setting flags apply to this run only; quire config changes them for good)",
    .run = read_run,
};
