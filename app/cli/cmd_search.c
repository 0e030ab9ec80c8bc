/* cmd_search: `quire search QUERY [--limit N]`: full-text search over titles and bodies
 * (SQLite FTS5 query syntax). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "config.h"
#include "quire_util.h"
#include "store.h"

extern const struct cli_command cli_cmd_search;

static int print_hit(void *ctx, int64_t id, const char *title, const char *snippet)
{
    printf("%5lld  %s\n       %s\n", (long long)id, title, snippet ? snippet : "");
    ++*(int *)ctx;
    return 0;
}

static int search_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {{"limit", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    int limit = 20, o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o != 'n')
            return cli_usage_error(&cli_cmd_search, "bad option");
        if (!quire_parse_int(optarg, 1, QUIRE_SEARCH_MAX_LIMIT, &limit))
            return cli_usage_error(&cli_cmd_search, "--limit wants 1..%d, not '%s'",
                                   QUIRE_SEARCH_MAX_LIMIT, optarg);
    }
    if (optind != argc - 1)
        return cli_usage_error(&cli_cmd_search, "give one query (quote several words)");
    store *s;
    struct quire_err err;
    if (cli_open_store_reading(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    int hits = 0;
    enum quire_status rc = store_search(s, argv[optind], limit, print_hit, &hits, &err);
    store_close(s);
    if (rc)
        return cli_fail(&err);
    if (!hits)
        printf("no articles match\n");
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_search = {
    .name = "search",
    .summary = "search titles and article text",
    .usage = "search QUERY [--limit N]",
    .run = search_run,
};
