/* cmd_read: `quire read [--backend B] [--device P] [--article ID] [--script FILE]
 * [--trace FILE] [--refresh-log FILE] [--out DIR]` runs the reader loop on a platform backend:
 * the emulator window (sdl), PNG frames driven by a script (headless) or a Linux framebuffer
 * (fbdev). Until the real UI exists it shows one article and turns its pages. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "quire_util.h"
#include "platform.h"
#include "ui_reader.h"

extern const struct cli_command cli_cmd_read;

enum { CLI_EXIT_DONE = -1 }; /* parse_options: the command's work is done (a listing) */

struct read_opts {
    const char *backend, *trace, *refresh_log;
    struct platform_options popt;
    struct ui_reader_options ropt;
};

static enum quire_status run_read(const struct cli_global *g, struct read_opts *o,
                                  struct quire_err *err)
{
    store *st = NULL;
    struct platform *p = NULL;
    char db[1024];
    enum quire_status rc = QUIRE_OK;
    if (!o->ropt.source.file) {
        if (cli_db_path(g, db, sizeof db))
            rc = quire_err_set(err, QUIRE_EINVAL, "library path is too long");
        else
            rc = store_open(db, &st, err);
    }
    if (!rc)
        rc = platform_create(o->backend, &o->popt, o->trace, o->refresh_log, &p, err);
    if (!rc)
        rc = ui_reader_run(p, st, &o->ropt, err);
    platform_destroy(p);
    store_close(st);
    return rc;
}

static int parse_id(const char *s, int64_t *out)
{
    char *end;
    *out = strtoll(s, &end, 10);
    return *out > 0 && !*end;
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
        {"full-every", required_argument, NULL, 'E'},
        {"full-every-night", required_argument, NULL, 'N'},
        {"darkness", required_argument, NULL, 'K'},
        {NULL, 0, NULL, 0},
    };
    const char *device = PLATFORM_DEFAULT_PROFILE;
    int c;
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
            break;
        case 'l':
            o->ropt.source.lang = optarg;
            break;
        case 'f':
            o->ropt.font_px = atoi(optarg);
            break;
        case 'n':
            o->ropt.is_night = true;
            break;
        case 'L':
            o->popt.latency_ms = atoi(optarg);
            break;
        case 'B':
            o->popt.fb_path = optarg;
            break;
        case 'I':
            o->popt.input_path = optarg;
            break;
        case 'E':
            if (!quire_parse_int(optarg, UI_FULL_EVERY_MIN, UI_FULL_EVERY_MAX, &o->ropt.full_every))
                return cli_usage_error(&cli_cmd_read, "--full-every wants 1..50 page turns");
            break;
        case 'N':
            if (!quire_parse_int(optarg, UI_FULL_EVERY_MIN, UI_FULL_EVERY_MAX,
                                 &o->ropt.full_every_night))
                return cli_usage_error(&cli_cmd_read, "--full-every-night wants 1..50 page turns");
            break;
        case 'K':
            if (!quire_parse_int(optarg, UI_DARKNESS_MIN, UI_DARKNESS_MAX, &o->ropt.darkness))
                return cli_usage_error(&cli_cmd_read, "--darkness wants 0..100");
            o->ropt.darkness_set = true;
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
    if (o->ropt.font_px && (o->ropt.font_px < 8 || o->ropt.font_px > 200))
        return cli_usage_error(&cli_cmd_read, "--font-size wants 8..200");
    if (o->popt.latency_ms < 0 || o->popt.latency_ms > 10000)
        return cli_usage_error(&cli_cmd_read, "--latency wants 0..10000 ms");
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
    struct quire_err err = {0};
    return run_read(g, &o, &err) ? cli_fail(&err) : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_read = {
    .name = "read",
    .summary = "read an article on a display backend (sdl, headless, fbdev)",
    .usage = "read [--backend sdl|headless|fbdev] [--device PROFILE|list] [--article ID]\n"
             "       [--script FILE] [--trace FILE] [--refresh-log FILE] [--out DIR]\n"
             "       [--file PATH [--lang L]] [--font-size PX] [--night] [--latency MS]\n"
             "       [--fb PATH] [--input PATH] [--full-every N] [--full-every-night N]\n"
             "       [--darkness 0..100]   (defaults: the library's render.* settings)",
    .run = read_run,
};
