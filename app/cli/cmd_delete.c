/* cmd_delete: `quire delete ID...`: removes articles and leaves tombstones, so the same
 * articles never come back from a re-import or a relay's copy of the bundle. */
#include <stdio.h>

#include "cli.h"
#include "store.h"

extern const struct cli_command cli_cmd_delete;

static int delete_run(const struct cli_global *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cli_cmd_delete, "name at least one article id");
    long long id;
    for (int i = 1; i < argc; i++)
        if (!cli_parse_id(argv[i], &id))
            return cli_usage_error(&cli_cmd_delete, "'%s' is not an article id", argv[i]);
    store *s;
    struct quire_err err;
    if (cli_open_store(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    int rc = CLI_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        cli_parse_id(argv[i], &id);
        if (store_article_delete(s, id, &err) != QUIRE_OK)
            rc = cli_fail(&err);
        else
            printf("deleted article %lld\n", id);
    }
    store_close(s);
    return rc;
}

const struct cli_command cli_cmd_delete = {
    .name = "delete",
    .summary = "delete articles (they do not come back on re-import)",
    .usage = "delete ID...",
    .run = delete_run,
};
