/* cmd_export: `quire export --out DIR [--since DATE] [--source NAME]` writes the original
 * bytes of the library's synced, verified bundles and an unsigned relay index into a folder
 * (a USB stick). Another reader imports it with `quire import DIR` or adds it as a relay
 * source (`quire source add NAME file:///media/usb --relay`). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "quire_util.h"
#include "sync_repo.h"

extern const struct cli_command cli_cmd_export;

/* Accepts an RFC 3339 time or a plain date (YYYY-MM-DD, midnight UTC). */
static bool parse_since(const char *s, int64_t *out)
{
    char buf[40];
    if (strlen(s) == 10 && snprintf(buf, sizeof buf, "%sT00:00:00Z", s) > 0)
        return quire_time_parse(buf, out);
    return quire_time_parse(s, out);
}

static int export_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"since", required_argument, NULL, 's'},
        {"source", required_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *source = NULL;
    int64_t since = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'S':
            source = optarg;
            break;
        case 's':
            if (!parse_since(optarg, &since))
                return cli_usage_error(&cli_cmd_export, "'%s' is not a date (YYYY-MM-DD)", optarg);
            break;
        default:
            return cli_usage_error(&cli_cmd_export, "unknown option");
        }
    }
    if (!out)
        return cli_usage_error(&cli_cmd_export, "--out DIR is required");
    if (optind < argc)
        return cli_usage_error(&cli_cmd_export, "unexpected argument '%s'", argv[optind]);
    char db[4096];
    if (cli_db_path(g, db, sizeof db) != QUIRE_OK)
        return cli_usage_error(&cli_cmd_export, "library path too long");
    struct quire_err err;
    size_t n = 0;
    if (sync_export(db, out, source, since, &n, &err) != QUIRE_OK)
        return cli_fail(&err);
    printf("exported %zu bundle%s to %s\n", n, n == 1 ? "" : "s", out);
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_export = {
    .name = "export",
    .summary = "copy synced bundles and a relay index to a folder",
    .usage = "export --out DIR [--since DATE] [--source NAME]",
    .run = export_run,
};
