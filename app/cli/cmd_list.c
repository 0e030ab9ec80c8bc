/* cmd_list: `quire list [--json]`: the library's articles, newest first. The JSON form is an
 * array of objects with id, title, publisher, section, language, published, updated,
 * verified, byline, guid and starred; published/updated are RFC 3339 UTC. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "quire_util.h"
#include "store.h"

extern const struct cli_command cli_cmd_list;

struct list_ctx {
    bool json;
    int count;
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

static int print_row(void *ctx, const struct store_article *a)
{
    struct list_ctx *c = ctx;
    if (c->json)
        print_json_row(c, a);
    else {
        char date[32];
        quire_time_format(a->published, date);
        date[10] = '\0';
        printf("%5lld  %s  %-3s %-12.12s %s%s\n", (long long)a->id, date,
               a->language ? a->language : "", a->section ? a->section : "", a->title,
               a->verified ? "" : "  [unverified]");
    }
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
    if (c.json)
        putchar('[');
    enum quire_status rc = store_article_list(s, print_row, &c, &err);
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
