/* cmd_publish: `quire publish --key SECRET_KEY --out DIR BUNDLE...` writes a static repository
 * (the bundles plus index.json and its minisign signature index.json.minisig) that any static
 * file server, CDN or USB stick can host. Publishing again into the same folder adds bundles
 * and raises the index sequence (an explicit --sequence must be above the published one);
 * --keep-days N takes bundles created more than N days ago out of the index and the folder.
 * Every bundle is verified first (files, and its signature when the signer is the index key or
 * --pubkey); one that fails is refused and nothing is written. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "minisign.h"
#include "quire_util.h"
#include "sync_repo.h"

extern const struct cli_command cli_cmd_publish;

static int load_pubkey(const char *path, struct minisign_pubkey *pk)
{
    struct quire_err err;
    char *text = NULL;
    size_t len = 0;
    if (quire_file_read(path, 4096, &text, &len, &err) != QUIRE_OK)
        return cli_fail(&err);
    enum quire_status rc = minisign_pubkey_parse(text, len, pk, &err);
    quire_free(text);
    if (rc) {
        quire_err_prefix(&err, path);
        return cli_fail(&err);
    }
    return CLI_EXIT_OK;
}

static int publish_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"out", required_argument, NULL, 'o'},
        {"sequence", required_argument, NULL, 's'},
        {"valid-days", required_argument, NULL, 'v'},
        {"pubkey", required_argument, NULL, 'p'},
        {"keep-days", required_argument, NULL, 'K'},
        {NULL, 0, NULL, 0},
    };
    const char *key = NULL, *out = NULL, *pubkey = NULL;
    int64_t seq = 0, days = 0, keep = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            key = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'p':
            pubkey = optarg;
            break;
        case 's':
        case 'v':
            if (!quire_parse_i64(optarg, 1, c == 's' ? INT64_MAX : QUIRE_INDEX_MAX_VALID_DAYS,
                                 c == 's' ? &seq : &days))
                return cli_usage_error(&cli_cmd_publish, "'%s' is not a positive number", optarg);
            break;
        case 'K':
            if (!quire_parse_i64(optarg, 1, 3650, &keep))
                return cli_usage_error(&cli_cmd_publish, "'%s' is not 1..3650 days", optarg);
            break;
        default:
            return cli_usage_error(&cli_cmd_publish, "unknown option");
        }
    }
    if (!key || !out)
        return cli_usage_error(&cli_cmd_publish, "--key and --out are required");
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_publish, "no bundles given");
    struct minisign_seckey sk;
    struct minisign_pubkey pk;
    int rc = cli_load_seckey(key, &sk);
    if (!rc && pubkey)
        rc = load_pubkey(pubkey, &pk);
    if (rc)
        return rc;
    struct sync_publish_opts o = {.out_dir = out,
                                  .key = &sk,
                                  .pubkey = pubkey ? &pk : NULL,
                                  .bundles = (const char *const *)argv + optind,
                                  .n_bundles = (size_t)(argc - optind),
                                  .sequence = seq,
                                  .valid_days = days,
                                  .keep_days = keep};
    struct quire_err err;
    size_t listed = 0, dropped = 0;
    o.n_dropped = &dropped;
    enum quire_status st = sync_publish(&o, &listed, &err);
    memset(&sk, 0, sizeof sk);
    if (st)
        return cli_fail(&err);
    printf("published %d bundle%s to %s (index lists %zu", argc - optind,
           argc - optind == 1 ? "" : "s", out, listed);
    if (dropped)
        printf("; retention removed %zu", dropped);
    printf(")\n");
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_publish = {
    .name = "publish",
    .summary = "write a static repository: bundles and a signed index",
    .usage = "publish --key SECRET_KEY --out DIR [--pubkey KEY] [--sequence N] [--valid-days N] "
             "[--keep-days N] BUNDLE...",
    .run = publish_run,
};
