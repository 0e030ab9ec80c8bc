/* cmd_list: `quire list [--json]`: the library's articles, newest first. The JSON form is an
 * array of objects with id, title, publisher, section, language, published, updated,
 * verified, byline, guid and starred; published/updated are RFC 3339 UTC. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "config.h"
#include "quire_util.h"
#include "store.h"
#include "store_library.h"

extern const struct cli_command cli_cmd_list;

struct list_ctx {
    bool json;
    int count;
    int lang_w, section_w; /* column widths, display cells */
};

static void json_field(const char *key, const char *value, bool comma)
{
    printf("\"%s\":", key);
    if (value)
        cli_print_json_string(value);
    else
        fputs("null", stdout);
    if (comma)
        putchar(',');
}

static int print_json_row(struct list_ctx *c, const struct store_article *a)
{
    char published[32], updated[32];
    quire_time_format(a->published, published);
    quire_time_format(a->updated, updated);
    printf("%s\n  {\"id\":%lld,", c->count ? "," : "", (long long)a->id);
    json_field("title", a->title, true);
    json_field("publisher", a->publisher, true);
    json_field("section", a->section, true);
    json_field("language", a->language, true);
    json_field("published", published, true);
    json_field("updated", updated, true);
    json_field("byline", a->byline, true);
    json_field("guid", a->guid, true);
    printf("\"verified\":%s,\"starred\":%s}", a->verified ? "true" : "false",
           a->starred ? "true" : "false");
    return 0;
}

/* One line: id, date, language, section, title. Columns are measured in display cells, so
 * Chinese or Japanese text lines up; a section too long for its column is cut at a word
 * with an ellipsis. Text from bundles is escaped: it must not drive the terminal. */
static void print_text_row(const struct list_ctx *c, const struct store_article *a)
{
    char date[32], lang[256], section[1024], cell_lang[512], cell_section[1024], title[2048];
    quire_time_format(a->published, date);
    date[10] = '\0';
    quire_escape_line(a->language ? a->language : "", lang, sizeof lang);
    quire_escape_line(a->section ? a->section : "", section, sizeof section);
    quire_escape_line(a->title ? a->title : "", title, sizeof title);
    cli_text_fit(lang, c->lang_w, cell_lang, sizeof cell_lang);
    cli_text_fit(section, c->section_w, cell_section, sizeof cell_section);
    printf("%5lld  %s  %s  %s  %s%s\n", (long long)a->id, date, cell_lang, cell_section, title,
           a->verified ? "" : "  [unverified]");
}

/* The widest value of a facet, in display cells, within lo..hi. */
struct widest {
    int w, hi;
};

static int widen(void *ctx, const char *value, int64_t count)
{
    struct widest *m = ctx;
    char esc[1024];
    quire_escape_line(value ? value : "", esc, sizeof esc);
    int w = cli_text_width(esc);
    if (w > m->w)
        m->w = w < m->hi ? w : m->hi;
    return 0;
}

static enum quire_status column_widths(store *s, struct list_ctx *c, struct quire_err *err)
{
    struct widest lang = {2, QUIRE_LIST_LANG_CELLS}, section = {4, QUIRE_LIST_SECTION_CELLS};
    enum quire_status rc = store_library_facets(s, STORE_FACET_LANGUAGE, widen, &lang, err);
    if (!rc)
        rc = store_library_facets(s, STORE_FACET_SECTION, widen, &section, err);
    c->lang_w = lang.w;
    c->section_w = section.w;
    return rc;
}

static int print_row(void *ctx, const struct store_article *a)
{
    struct list_ctx *c = ctx;
    if (c->json)
        print_json_row(c, a);
    else
        print_text_row(c, a);
    c->count++;
    return 0;
}

static int list_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    struct list_ctx c = {0};
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o != 'j')
            return cli_usage_error(&cli_cmd_list, "unknown option");
        c.json = true;
    }
    if (optind < argc)
        return cli_usage_error(&cli_cmd_list, "unexpected argument '%s'", argv[optind]);
    store *s;
    struct quire_err err;
    if (cli_open_store_reading(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    enum quire_status rc = c.json ? QUIRE_OK : column_widths(s, &c, &err);
    if (c.json)
        putchar('[');
    if (!rc)
        rc = store_article_list(s, print_row, &c, &err);
    if (c.json)
        printf("%s]\n", c.count ? "\n" : "");
    else if (!rc && c.count == 0)
        printf("the library is empty: `quire import FILE|DIR` adds bundles\n");
    store_close(s);
    return rc ? cli_fail(&err) : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_list = {
    .name = "list",
    .summary = "list the articles in the library",
    .usage = "list [--json]",
    .run = list_run,
};
