/* cmd_render: `quire render ID --out DIR [--device P] [--font-size PX]` writes every page of
 * an article as DIR/page-001.png, ... exactly as the panel of the device would show it (size,
 * gray levels, status band). Without ID: the library's first article. --file PATH renders a
 * .txt/.html file instead of a library article (tests and tools). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "platform.h"
#include "quire_util.h"
#include "ui_article.h"
#include "ui_status.h"
#include "ui_text.h"

extern const struct cli_command cli_cmd_render;

struct render_opts {
    struct ui_source src;
    const char *out_dir;
    const struct platform_profile *profile;
    int font_px;
    int darkness; /* -1 = the library's render.darkness */
    bool is_night;
};

/* One page as the reader shows it: the page, the status line with title and page number (no
 * clock or sync state: files are not the panel), night mode. */
static enum quire_status draw_page(struct ui_article *a, render *r, ui_texts *texts, size_t i,
                                   const struct render_opts *o, struct canvas *c,
                                   struct quire_err *err)
{
    int dpi = o->profile->dpi, band = ui_status_band_px(dpi);
    size_t pages = layout_page_count(a->layout);
    struct render_rect all = {0, 0, c->w, c->h}, page_area = {0, 0, c->w, c->h - band};
    render_canvas_fill(c, all, 255);
    render_night_begin(r);
    enum quire_status rc =
        render_page_draw_at(r, c, layout_page_get(a->layout, i), 0, 0, page_area, err);
    char right[32];
    snprintf(right, sizeof right, "%zu / %zu", i + 1, pages ? pages : 1);
    struct ui_status st = {a->title, doc_lang(a->doc), right};
    if (!rc)
        rc = ui_status_draw(texts, r, c, dpi, &st, false, err);
    render_night_finish(r, c, all);
    return rc;
}

static enum quire_status write_pages(struct ui_article *a, render *r, ui_texts *texts,
                                     const struct render_opts *o, struct quire_err *err)
{
    struct canvas c;
    enum quire_status rc = render_canvas_init(&c, o->profile->w, o->profile->h, err);
    size_t pages = layout_page_count(a->layout);
    for (size_t i = 0; !rc && i < (pages ? pages : 1); i++) {
        rc = draw_page(a, r, texts, i, o, &c, err);
        char path[1024];
        snprintf(path, sizeof path, "%s/page-%03zu.png", o->out_dir, i + 1);
        if (!rc)
            rc = render_png_write(&c, path, err);
    }
    render_canvas_fini(&c);
    if (!rc)
        printf("%zu pages\n", pages);
    return rc;
}

static enum quire_status run_render(const struct cli_global *g, const struct render_opts *o,
                                    struct quire_err *err)
{
    store *st = NULL;
    render *r = NULL;
    struct layout_fonts *fonts = NULL;
    ui_texts *texts = NULL;
    struct ui_article a = {0};
    char db[1024];
    struct render_settings rs;
    render_settings_default(&rs, o->profile->gray_levels, o->profile->dpi);
    rs.is_night = o->is_night;
    struct layout_settings ls;
    ui_layout_settings(&ls, o->profile->w, o->profile->h, o->profile->dpi,
                       ui_status_band_px(o->profile->dpi), o->font_px);
    enum quire_status rc = quire_mkdir_p(o->out_dir, err);
    if (!rc && !o->src.file) {
        if (cli_db_path(g, db, sizeof db))
            rc = quire_err_set(err, QUIRE_EINVAL, "library path is too long");
        else
            rc = store_open(db, &st, err);
    }
    struct ui_prefs prefs;
    ui_prefs_load(st, &prefs);
    rs.darkness = o->darkness >= 0 ? o->darkness : prefs.darkness;
    if (!rc)
        rc = render_create(&rs, &r, err);
    if (!rc)
        rc = layout_fonts_create(NULL, &fonts, err);
    if (!rc)
        rc = ui_article_open(fonts, st, &o->src, &ls, &a, err);
    if (!rc)
        rc = ui_texts_create(fonts, NULL, &texts, err);
    if (!rc) {
        render_set_fetch(r, ui_article_fetch, &a);
        rc = write_pages(&a, r, texts, o, err);
    }
    ui_texts_destroy(texts);
    ui_article_close(&a);
    layout_fonts_destroy(fonts);
    render_destroy(r);
    store_close(st);
    return rc;
}

static int render_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},       {"device", required_argument, NULL, 'D'},
        {"font-size", required_argument, NULL, 'f'}, {"file", required_argument, NULL, 'F'},
        {"lang", required_argument, NULL, 'l'},      {"night", no_argument, NULL, 'n'},
        {"darkness", required_argument, NULL, 'K'},  {NULL, 0, NULL, 0},
    };
    struct render_opts o = {.profile = platform_profile_find(PLATFORM_DEFAULT_PROFILE),
                            .darkness = -1};
    const char *device = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.out_dir = optarg;
            break;
        case 'D':
            device = optarg;
            break;
        case 'f':
            if (!quire_parse_int(optarg, 8, 200, &o.font_px))
                return cli_usage_error(&cli_cmd_render, "--font-size wants 8..200");
            break;
        case 'F':
            o.src.file = optarg;
            break;
        case 'l':
            o.src.lang = optarg;
            break;
        case 'n':
            o.is_night = true;
            break;
        case 'K':
            if (!quire_parse_int(optarg, UI_DARKNESS_MIN, UI_DARKNESS_MAX, &o.darkness))
                return cli_usage_error(&cli_cmd_render, "--darkness wants 0..100");
            break;
        default:
            return cli_usage_error(&cli_cmd_render, "unknown option");
        }
    }
    if (device && !(o.profile = platform_profile_find(device)))
        return cli_usage_error(&cli_cmd_render, "unknown device '%s'", device);
    if (!o.out_dir)
        return cli_usage_error(&cli_cmd_render, "--out DIR is required");
    if (!o.src.file && optind < argc) { /* no ID: the first article, as `quire read` */
        long long id = 0;
        if (!cli_parse_id(argv[optind], &id))
            return cli_usage_error(&cli_cmd_render, "'%s' is not an article id", argv[optind]);
        o.src.article_id = id;
        optind++;
    }
    if (optind < argc)
        return cli_usage_error(&cli_cmd_render, "unexpected argument '%s'", argv[optind]);
    struct quire_err err = {0};
    return run_render(g, &o, &err) ? cli_fail(&err) : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_render = {
    .name = "render",
    .summary = "render every page of an article to PNG files",
    .usage = "render [ID] --out DIR [--device PROFILE] [--font-size PX] [--night]\n"
             "       [--darkness 0..100]  (default: the library's render.darkness)\n"
             "       quire render --file PATH [--lang L] --out DIR [...]",
    .run = render_run,
};
