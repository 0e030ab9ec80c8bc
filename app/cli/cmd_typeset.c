/* cmd_typeset: `quire typeset FILE|ID`: typesets a text/HTML file or a library article into
 * pages and prints one summary line (or the pages as JSON). --repeat N lays the article out N
 * times from scratch (shaping cache included; fonts loaded once) and reports the median. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "doc.h"
#include "layout.h"
#include "quire_util.h"
#include "store.h"

extern const struct cli_command cli_cmd_typeset;

struct opts {
    struct layout_settings set;
    bool is_json;
    long repeat;
    const char *target;
};

/* The store's cached document for the article, or NULL when absent, stale or unreadable. */
static struct doc *cached_doc(store *s, long long id)
{
    void *blob = NULL;
    size_t len = 0;
    struct doc *d = NULL;
    if (store_article_doc_get(s, id, DOC_FORMAT_VERSION, &blob, &len, NULL) == QUIRE_OK && blob)
        doc_deserialize(blob, len, &d, NULL);
    quire_free(blob);
    return d;
}

/* Converts the article's body and caches the result (a failed cache write only costs time). */
static enum quire_status convert_and_cache(store *s, const struct store_article *a,
                                           struct doc **out, struct quire_err *err)
{
    enum quire_status st = doc_from_html(a->body, a->body_len, out, err);
    if (st != QUIRE_OK) {
        quire_err_prefix(err, "article");
        return st;
    }
    void *blob = NULL;
    size_t len = 0;
    if (doc_serialize(*out, &blob, &len, NULL) == QUIRE_OK)
        store_article_doc_put(s, a->id, DOC_FORMAT_VERSION, blob, len, NULL);
    quire_free(blob);
    return QUIRE_OK;
}

/* Reads an article from the library, using the store's cached document when it is current. */
static enum quire_status doc_from_store(const struct cli_global *g, long long id, struct doc **out,
                                        struct quire_err *err)
{
    store *s = NULL;
    struct store_article_row *row = NULL;
    enum quire_status st = cli_open_store(g, &s, err);
    if (st == QUIRE_OK)
        st = store_article_get(s, id, &row, err);
    if (st == QUIRE_OK) {
        *out = cached_doc(s, id);
        if (!*out)
            st = convert_and_cache(s, &row->a, out, err);
    }
    if (st == QUIRE_OK && row->a.language && !doc_lang(*out) &&
        doc_set_lang(*out, row->a.language) != QUIRE_OK) {
        doc_destroy(*out);
        *out = NULL;
        st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    store_article_free(row);
    store_close(s);
    return st;
}

static double now_ms(void)
{
    return quire_mono_s() * 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The faces a line's runs use, each once: "file#index". */
static void print_line_fonts(const struct layout_page *pg, const struct layout_line *ln)
{
    fputs(",\"fonts\":[", stdout);
    for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++) {
        const struct layout_font *f = pg->runs[r].font;
        bool is_seen = false;
        for (size_t k = ln->first_run; k < r && !is_seen; k++)
            is_seen = pg->runs[k].font == f;
        if (!is_seen)
            printf("%s\"%s#%d\"", r > ln->first_run ? "," : "", quire_basename(layout_font_path(f)),
                   layout_font_face_index(f));
    }
    fputs("]", stdout);
}

static void print_json(const struct layout *l, const struct layout_stats *st, double ms)
{
    char text[8192];
    fputs("{\"pages\":[", stdout);
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        printf("%s{\"first_anchor\":{\"block\":%lld,\"offset\":%lld},\"lines\":[", p ? "," : "",
               (long long)pg->first_anchor.block, (long long)pg->first_anchor.offset);
        for (size_t i = 0; i < pg->line_count; i++) {
            const struct layout_line *ln = &pg->lines[i];
            layout_line_text(l, ln, text, sizeof(text));
            printf("%s{\"text\":", i ? "," : "");
            cli_print_json_string(text);
            printf(",\"x\":%.2f,\"y\":%.2f,\"width\":%.2f,\"height\":%.2f,\"hyphenated\":%s,"
                   "\"rtl\":%s,\"stretch\":%.3f,\"block\":%lld,\"start\":%lld,\"end\":%lld",
                   ln->x, ln->y, ln->width, ln->height, ln->is_hyphenated ? "true" : "false",
                   ln->is_rtl ? "true" : "false", (double)ln->stretch, (long long)ln->start.block,
                   (long long)ln->start.offset, (long long)ln->end.offset);
            print_line_fonts(pg, ln);
            fputs("}", stdout);
        }
        printf("],\"images\":%zu}", pg->image_count);
    }
    printf("],\"stats\":{\"pages\":%zu,\"lines\":%zu,\"hyphens\":%zu,\"overfull\":%zu,"
           "\"missing_glyphs\":%zu,\"badness\":%.3f,\"layout_ms_per_run\":%.3f,"
           "\"shaped_words\":%zu,\"cache_hits\":%zu}}\n",
           st->pages, st->lines, st->hyphens, st->overfull, st->missing_glyphs, st->badness, ms,
           st->shaped_words, st->cache_hits);
}

/* Lays the document out o->repeat times; keeps the last layout in *out. */
static enum quire_status run_layouts(struct layout_fonts *fonts, const struct doc *doc,
                                     const struct opts *o, struct layout **out, double *median,
                                     struct quire_err *err)
{
    double *ms = calloc((size_t)o->repeat, sizeof(double));
    if (!ms)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    enum quire_status st = QUIRE_OK;
    *out = NULL;
    for (long i = 0; i < o->repeat && st == QUIRE_OK; i++) {
        layout_destroy(*out);
        *out = NULL;
        double t0 = now_ms();
        st = layout_create(fonts, doc, &o->set, out, err);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, (size_t)o->repeat, sizeof(double), cmp_double);
    *median = ms[o->repeat / 2];
    free(ms);
    return st;
}

static int typeset(const struct cli_global *g, const struct opts *o)
{
    struct quire_err err = {0};
    struct doc *doc = NULL;
    long long id = 0;
    enum quire_status st;
    char article[48];
    const char *what = o->target; /* how messages name the input */
    if (!quire_file_exists(o->target) && cli_parse_id(o->target, &id)) {
        snprintf(article, sizeof(article), "article %lld", id);
        what = article;
        st = doc_from_store(g, id, &doc, &err);
    } else
        st = doc_from_file(o->target, &doc, &err);
    if (st != QUIRE_OK)
        return cli_fail(&err);
    struct layout_fonts *fonts = NULL;
    struct layout *l = NULL;
    double ms = 0;
    st = layout_fonts_create(NULL, &fonts, &err);
    if (st == QUIRE_OK)
        st = run_layouts(fonts, doc, o, &l, &ms, &err);
    if (st == QUIRE_OK) {
        struct layout_stats s;
        layout_stats_get(l, &s);
        if (o->is_json)
            print_json(l, &s, ms);
        else
            printf("pages=%zu lines=%zu hyphens=%zu overfull=%zu missing_glyphs=%zu "
                   "badness=%.3f layout_ms_per_run=%.3f\n",
                   s.pages, s.lines, s.hyphens, s.overfull, s.missing_glyphs, s.badness, ms);
        if (s.missing_glyphs)
            fprintf(stderr,
                    "quire: %s: %zu characters have no glyph in any font found "
                    "(first U+%04X)\n",
                    what, s.missing_glyphs, (unsigned)s.first_missing);
    }
    layout_destroy(l);
    layout_fonts_destroy(fonts);
    doc_destroy(doc);
    if (st != QUIRE_OK) {
        quire_err_prefix(&err, what);
        return cli_fail(&err);
    }
    return CLI_EXIT_OK;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    int v;
    if (!quire_parse_int(s, (int)lo, (int)hi, &v))
        return false;
    *out = v;
    return true;
}

static int parse_option(int c, struct opts *o)
{
    long v = 0;
    char *end;
    switch (c) {
    case 'w':
    case 'h':
    case 'f':
    case 'm':
        if (!parse_int(optarg, 0, 4000, &v))
            return cli_usage_error(&cli_cmd_typeset, "bad number: %s", optarg);
        *(c == 'w'   ? &o->set.page_w
          : c == 'h' ? &o->set.page_h
          : c == 'f' ? &o->set.font_px
                     : &o->set.margin) = (int)v;
        return -1;
    case 's':
        o->set.line_spacing = strtod(optarg, &end);
        /* !(a <= x <= b) also refuses NaN; an empty string is no number. */
        if (end == optarg || *end || !(o->set.line_spacing >= 0.5 && o->set.line_spacing <= 4.0))
            return cli_usage_error(&cli_cmd_typeset, "bad line spacing: %s (0.5..4)", optarg);
        return -1;
    case 'l':
        o->set.lang = optarg;
        return -1;
    case 'F':
        o->set.font_family = optarg;
        return -1;
    case 'b':
        if (strcmp(optarg, "optimal") && strcmp(optarg, "greedy"))
            return cli_usage_error(&cli_cmd_typeset, "--linebreak is optimal or greedy");
        o->set.linebreak = optarg[0] == 'g' ? LAYOUT_BREAK_GREEDY : LAYOUT_BREAK_OPTIMAL;
        return -1;
    case 'r':
        o->set.is_ragged = true;
        return -1;
    case 'H':
        o->set.hyphenate = false;
        return -1;
    case 'j':
        o->is_json = true;
        return -1;
    case 'n':
        if (!parse_int(optarg, 1, 10000, &o->repeat))
            return cli_usage_error(&cli_cmd_typeset, "--repeat wants 1..10000");
        return -1;
    default:
        return cli_usage_error(&cli_cmd_typeset, "unknown option");
    }
}

static int typeset_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"width", required_argument, NULL, 'w'},
                                             {"height", required_argument, NULL, 'h'},
                                             {"font-size", required_argument, NULL, 'f'},
                                             {"margin", required_argument, NULL, 'm'},
                                             {"line-spacing", required_argument, NULL, 's'},
                                             {"lang", required_argument, NULL, 'l'},
                                             {"linebreak", required_argument, NULL, 'b'},
                                             {"ragged", no_argument, NULL, 'r'},
                                             {"no-hyphenate", no_argument, NULL, 'H'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"repeat", required_argument, NULL, 'n'},
                                             {"font-family", required_argument, NULL, 'F'},
                                             {NULL, 0, NULL, 0}};
    struct opts o = {.repeat = 1};
    layout_settings_default(&o.set);
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        int rc = parse_option(c, &o);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1)
        return cli_usage_error(&cli_cmd_typeset, "name one file or article id");
    o.target = argv[optind];
    return typeset(g, &o);
}

const struct cli_command cli_cmd_typeset = {
    .name = "typeset",
    .summary = "typeset a text/HTML file or an article into pages",
    .usage = "typeset FILE|ID [--width PX] [--height PX] [--font-size PX] [--margin PX] "
             "[--line-spacing F] [--lang TAG] [--font-family serif|sans] [--linebreak "
             "optimal|greedy] [--ragged] "
             "[--no-hyphenate] [--json] [--repeat N]",
    .run = typeset_run,
};
