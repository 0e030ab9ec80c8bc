/* cmd_show: `quire show ID`: one article as plain text, with a short header. */
#include <stdio.h>

#include "cli.h"
#include "quire_util.h"
#include "store.h"

extern const struct cli_command cli_cmd_show;

static int show_run(const struct cli_global *g, int argc, char **argv)
{
    long long id;
    if (argc != 2 || !cli_parse_id(argv[1], &id))
        return cli_usage_error(&cli_cmd_show, "name one article id (see `quire list`)");
    store *s;
    struct quire_err err;
    if (cli_open_store_reading(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    struct store_article_row *row;
    enum quire_status rc = store_article_get(s, id, &row, &err);
    store_close(s);
    if (rc)
        return cli_fail(&err);
    const struct store_article *a = &row->a;
    char date[32];
    quire_time_format(a->published, date);
    printf("%s\n", a->title);
    if (a->byline && *a->byline)
        printf("%s\n", a->byline);
    printf("%s · %s · %s%s\n\n", a->publisher, a->section ? a->section : "", date,
           a->verified ? "" : " · UNVERIFIED");
    fputs(a->text ? a->text : "", stdout);
    putchar('\n');
    store_article_free(row);
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_show = {
    .name = "show",
    .summary = "print an article as plain text",
    .usage = "show ID",
    .run = show_run,
};
