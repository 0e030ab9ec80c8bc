/* cmd_source: where sync pulls from.
 *   quire source add NAME URL... [--pubkey KEY] [--relay] [--proxy URL] [--cacert FILE]
 *                    [--max-rate BYTES_PER_S]
 *   quire source list [--json]
 *   quire source remove NAME
 *   quire source set [--proxy URL] [--cacert FILE] [--max-rate N] [--max-library-mb N]
 *                    [--max-age-days N] [--max-partial-mb N]  (global settings; "" clears)
 * A source is a publisher key plus an ordered list of mirror base URLs. Adding a source with
 * --pubkey also trusts that key (bundles are imported only from trusted signers). A --relay
 * source (another reader's `quire serve`, an export folder) has an unsigned index, so its
 * bundles are trusted only through their own publisher signatures. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "minisign.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"

extern const struct cli_command cli_cmd_source;

struct add_args {
    const char *pubkey, *proxy, *cacert;
    long long max_rate;
    const char *partial_mb; /* set: sync.max_partial_mb */
    bool relay;
};

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < STORE_SOURCE_NAME_MAX && s[0] != '-' && quire_plain_name(s);
}

static bool url_ok(const char *u)
{
    return (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0 ||
            strncmp(u, "file://", 7) == 0) &&
           strlen(u) < STORE_URL_MAX - 64 && !strpbrk(u, " \t\r\n");
}

/* Parses the key (a .pub file or its base64 line) and trusts it; fills keyid. */
static int trust_key(store *s, const char *arg, const char *source, char keyid[17])
{
    struct quire_err err;
    char *text = NULL;
    size_t len = 0;
    bool from_file = quire_file_exists(arg);
    if (from_file && quire_file_read(arg, 4096, &text, &len, &err))
        return cli_fail(&err);
    struct minisign_pubkey pk;
    enum quire_status rc =
        minisign_pubkey_parse(from_file ? text : arg, from_file ? len : strlen(arg), &pk, &err);
    quire_free(text);
    if (rc) {
        quire_err_prefix(&err, from_file ? arg : "--pubkey");
        return cli_fail(&err);
    }
    struct store_key key = {0};
    minisign_keyid_hex(pk.keyid, key.keyid);
    memcpy(key.pk, pk.pk, sizeof key.pk);
    snprintf(key.name, sizeof key.name, "source %s", source);
    rc = store_key_add(s, &key, &err);
    if (rc && rc != QUIRE_EEXIST)
        return cli_fail(&err);
    memcpy(keyid, key.keyid, 17);
    return CLI_EXIT_OK;
}

static int source_add(store *s, int argc, char **argv, const struct add_args *a)
{
    if (argc < 2)
        return cli_usage_error(&cli_cmd_source, "add needs a NAME and at least one URL");
    if (!name_ok(argv[0]))
        return cli_usage_error(&cli_cmd_source,
                               "'%s': a source name is 1-63 letters, digits, "
                               "'.', '_' or '-'",
                               argv[0]);
    if (!a->pubkey && !a->relay)
        return cli_usage_error(&cli_cmd_source, "--pubkey KEY is required (or --relay)");
    if (argc - 1 > QUIRE_NET_MAX_MIRRORS)
        return cli_usage_error(&cli_cmd_source, "at most %d mirrors", QUIRE_NET_MAX_MIRRORS);
    struct store_source *src = quire_calloc(1, sizeof *src);
    if (!src)
        return CLI_EXIT_FAIL;
    int rc = CLI_EXIT_OK;
    snprintf(src->name, sizeof src->name, "%s", argv[0]);
    src->is_relay = a->relay;
    src->max_rate = a->max_rate;
    snprintf(src->proxy, sizeof src->proxy, "%s", a->proxy ? a->proxy : "");
    snprintf(src->cacert, sizeof src->cacert, "%s", a->cacert ? a->cacert : "");
    for (int i = 1; i < argc && rc == CLI_EXIT_OK; i++) {
        if (!url_ok(argv[i]))
            rc = cli_usage_error(&cli_cmd_source,
                                 "'%s': a mirror is an http://, https:// or "
                                 "file:// URL",
                                 argv[i]);
        else
            snprintf(src->mirrors[src->n_mirrors++], STORE_URL_MAX, "%s", argv[i]);
    }
    if (rc == CLI_EXIT_OK && a->pubkey)
        rc = trust_key(s, a->pubkey, src->name, src->keyid);
    struct quire_err err;
    if (rc == CLI_EXIT_OK && store_source_add(s, src, &err) != QUIRE_OK)
        rc = cli_fail(&err);
    if (rc == CLI_EXIT_OK)
        printf("added source %s (%s, %zu mirror%s)\n", src->name,
               src->is_relay ? "relay" : src->keyid, src->n_mirrors,
               src->n_mirrors == 1 ? "" : "s");
    quire_free(src);
    return rc;
}

struct list_ctx {
    bool json;
    int n;
};

static void print_source(void *ctx, const struct store_source *src)
{
    struct list_ctx *l = ctx;
    char when[32] = "never";
    if (src->last_sync)
        quire_time_format(src->last_sync, when);
    if (!l->json) {
        printf("%s  %s  sequence %lld  last sync %s\n", src->name,
               src->is_relay ? "relay" : src->keyid, (long long)src->last_sequence, when);
        for (size_t i = 0; i < src->n_mirrors; i++)
            printf("    %s\n", src->mirrors[i]);
    } else {
        printf("%s{\"name\":", l->n ? "," : "");
        cli_print_json_string(src->name);
        printf(",\"keyid\":");
        cli_print_json_string(src->keyid);
        printf(",\"relay\":%s,\"sequence\":%lld,\"last_sync\":", src->is_relay ? "true" : "false",
               (long long)src->last_sequence);
        cli_print_json_string(src->last_sync ? when : "");
        printf(",\"mirrors\":[");
        for (size_t i = 0; i < src->n_mirrors; i++) {
            printf(i ? "," : "");
            cli_print_json_string(src->mirrors[i]);
        }
        printf("]}");
    }
    l->n++;
}

static int source_list(store *s, bool json)
{
    struct list_ctx l = {.json = json};
    struct quire_err err;
    if (json)
        putchar('[');
    enum quire_status rc = store_source_list(s, print_source, &l, &err);
    if (json)
        printf("]\n");
    else if (!rc && !l.n)
        printf("no sources: `quire source add NAME URL --pubkey KEY` adds one\n");
    return rc ? cli_fail(&err) : CLI_EXIT_OK;
}

static int set_one(store *s, const char *key, const char *value)
{
    struct quire_err err;
    if (!value)
        return CLI_EXIT_OK;
    if (store_setting_set(s, key, value, &err) != QUIRE_OK)
        return cli_fail(&err);
    printf("%s = %s\n", key, value[0] ? value : "(unset)");
    return CLI_EXIT_OK;
}

enum {
    OPT_PUBKEY = 256,
    OPT_RELAY,
    OPT_PROXY,
    OPT_CACERT,
    OPT_RATE,
    OPT_MB,
    OPT_AGE,
    OPT_JSON,
    OPT_PARTIAL
};

static const struct option source_opts[] = {
    {"pubkey", required_argument, NULL, OPT_PUBKEY},
    {"relay", no_argument, NULL, OPT_RELAY},
    {"proxy", required_argument, NULL, OPT_PROXY},
    {"cacert", required_argument, NULL, OPT_CACERT},
    {"max-rate", required_argument, NULL, OPT_RATE},
    {"max-library-mb", required_argument, NULL, OPT_MB},
    {"max-age-days", required_argument, NULL, OPT_AGE},
    {"max-partial-mb", required_argument, NULL, OPT_PARTIAL},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

static int source_set(store *s, const struct add_args *a, const char *rate, const char *mb,
                      const char *age)
{
    if (!a->proxy && !a->cacert && !rate && !mb && !age && !a->partial_mb)
        return cli_usage_error(&cli_cmd_source, "set needs at least one setting");
    int rc = set_one(s, "sync.proxy", a->proxy);
    if (!rc)
        rc = set_one(s, "sync.cacert", a->cacert);
    if (!rc)
        rc = set_one(s, "sync.max_rate", rate);
    if (!rc)
        rc = set_one(s, "retention.max_library_mb", mb);
    if (!rc)
        rc = set_one(s, "retention.max_age_days", age);
    if (!rc)
        rc = set_one(s, "sync.max_partial_mb", a->partial_mb);
    return rc;
}

static int dispatch(store *s, const char *verb, int argc, char **argv, const struct add_args *a,
                    const char *rate, const char *mb, const char *age, bool json)
{
    struct quire_err err;
    if (strcmp(verb, "add") == 0)
        return source_add(s, argc, argv, a);
    if (strcmp(verb, "list") == 0)
        return argc ? cli_usage_error(&cli_cmd_source, "list takes no arguments")
                    : source_list(s, json);
    if (strcmp(verb, "set") == 0)
        return argc ? cli_usage_error(&cli_cmd_source, "set takes only options")
                    : source_set(s, a, rate, mb, age);
    if (strcmp(verb, "remove") == 0) {
        if (argc != 1)
            return cli_usage_error(&cli_cmd_source, "remove takes one NAME");
        if (sync_source_remove(s, argv[0], &err) != QUIRE_OK)
            return cli_fail(&err);
        printf("removed source %s\n", argv[0]);
        return CLI_EXIT_OK;
    }
    return cli_usage_error(&cli_cmd_source, "unknown action '%s'", verb);
}

static int source_run(const struct cli_global *g, int argc, char **argv)
{
    struct add_args a = {0};
    const char *rate = NULL, *mb = NULL, *age = NULL;
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, "", source_opts, NULL)) != -1) {
        switch (c) {
        case OPT_PUBKEY:
            a.pubkey = optarg;
            break;
        case OPT_RELAY:
            a.relay = true;
            break;
        case OPT_PROXY:
            a.proxy = optarg;
            break;
        case OPT_CACERT:
            a.cacert = optarg;
            break;
        case OPT_RATE:
            rate = optarg;
            break;
        case OPT_MB:
            mb = optarg;
            break;
        case OPT_AGE:
            age = optarg;
            break;
        case OPT_PARTIAL:
            a.partial_mb = optarg;
            break;
        case OPT_JSON:
            json = true;
            break;
        default:
            return cli_usage_error(&cli_cmd_source, "unknown option");
        }
    }
    const char *nums[] = {rate, mb, age, a.partial_mb};
    const int64_t highest[] = {QUIRE_SETTING_MAX_RATE, QUIRE_SETTING_MAX_LIBRARY_MB,
                               QUIRE_SETTING_MAX_AGE_DAYS, QUIRE_SETTING_MAX_PARTIAL_MB};
    int64_t v[4] = {0};
    for (int i = 0; i < 4; i++)
        if (nums[i] && !quire_parse_i64(nums[i], 0, highest[i], &v[i]))
            return cli_usage_error(&cli_cmd_source, "'%s' is not a whole number in 0..%lld",
                                   nums[i], (long long)highest[i]);
    a.max_rate = v[0];
    if (a.proxy && a.proxy[0] && !strstr(a.proxy, "://"))
        return cli_usage_error(&cli_cmd_source, "a proxy is a URL such as socks5h://HOST:PORT");
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_source, "missing action (add, list, remove, set)");
    store *s = NULL;
    struct quire_err err;
    if (cli_open_store(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    int rc =
        dispatch(s, argv[optind], argc - optind - 1, argv + optind + 1, &a, rate, mb, age, json);
    store_close(s);
    return rc;
}

const struct cli_command cli_cmd_source = {
    .name = "source",
    .summary = "add, list or remove the sources sync pulls from",
    .usage = "source add NAME URL... (--pubkey KEY | --relay) [--proxy URL] [--cacert FILE] "
             "[--max-rate BYTES_PER_S]\n       quire source list [--json]\n"
             "       quire source remove NAME\n"
             "       quire source set [--proxy URL] [--cacert FILE] [--max-rate N] "
             "[--max-library-mb N] [--max-age-days N] [--max-partial-mb N]",
    .run = source_run,
};
