/* cmd_trust: the publishers' keys this library trusts.
 *   quire trust add PUBKEY_FILE|KEY [--name NAME]   a minisign .pub file or its base64 line
 *   quire trust list [--json]
 *   quire trust remove KEYID
 * No key is ever trusted implicitly: only this command adds one. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "minisign.h"
#include "quire_util.h"
#include "store.h"

extern const struct cli_command cli_cmd_trust;

enum { PUBKEY_FILE_MAX = 4096 };

/* The .pub file's untrusted comment, when it says more than minisign's default. */
static void name_from_comment(const char *text, char *out, size_t n)
{
    static const char prefix[] = "untrusted comment: ";
    if (strncmp(text, prefix, sizeof prefix - 1) != 0)
        return;
    const char *c = text + sizeof prefix - 1;
    size_t len = strcspn(c, "\r\n");
    if (strncmp(c, "minisign public key", 19) == 0)
        return;
    snprintf(out, n, "%.*s", (int)len, c);
}

static int trust_add(store *s, const char *arg, const char *name)
{
    struct quire_err err;
    char *text = NULL;
    size_t len;
    if (quire_is_dir(arg)) {
        quire_err_set(&err, QUIRE_EINVAL, "%s: a folder, not a key file (a minisign .pub)", arg);
        return cli_fail(&err);
    }
    bool from_file = quire_file_exists(arg);
    if (from_file && quire_file_read(arg, PUBKEY_FILE_MAX, &text, &len, &err) != QUIRE_OK)
        return cli_fail(&err);
    struct minisign_pubkey pk;
    enum quire_status rc =
        minisign_pubkey_parse(from_file ? text : arg, from_file ? len : strlen(arg), &pk, &err);
    if (rc) {
        quire_free(text);
        quire_err_prefix(&err, from_file ? arg : "key");
        return cli_fail(&err);
    }
    struct store_key key = {0};
    minisign_keyid_hex(pk.keyid, key.keyid);
    memcpy(key.pk, pk.pk, sizeof key.pk);
    if (name)
        snprintf(key.name, sizeof key.name, "%s", name);
    else if (text)
        name_from_comment(strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text, key.name,
                          sizeof key.name);
    quire_free(text);
    rc = store_key_add(s, &key, &err);
    if (rc == QUIRE_EEXIST) {
        printf("key %s is already trusted\n", key.keyid);
        return CLI_EXIT_OK;
    }
    if (rc)
        return cli_fail(&err);
    char shown[sizeof key.name * 4];
    quire_escape_line(key.name, shown, sizeof shown); /* the comment came from a file */
    printf("trusted key %s%s%s\n", key.keyid, shown[0] ? " " : "", shown);
    return CLI_EXIT_OK;
}

struct key_list {
    bool json;
    int n;
};

static void print_key(void *ctx, const struct store_key *k)
{
    struct key_list *l = ctx;
    char added[32];
    quire_time_format(k->added, added);
    if (l->json) {
        printf("%s{\"keyid\":\"%s\",\"name\":", l->n ? "," : "", k->keyid);
        cli_print_json_string(k->name);
        printf(",\"added\":\"%s\"}", added);
    } else {
        char shown[sizeof k->name * 4];
        quire_escape_line(k->name, shown, sizeof shown);
        printf("%s  %s  %s\n", k->keyid, added, shown);
    }
    l->n++;
}

static int trust_list(store *s, bool json)
{
    struct key_list l = {.json = json};
    struct quire_err err;
    if (json)
        putchar('[');
    enum quire_status rc = store_key_list(s, print_key, &l, &err);
    if (json)
        printf("]\n");
    else if (!rc && !l.n)
        printf("no trusted keys: `quire trust add KEY.pub` adds a publisher\n");
    return rc ? cli_fail(&err) : CLI_EXIT_OK;
}

static int trust_remove(store *s, const char *keyid)
{
    char upper[17];
    size_t n = strlen(keyid);
    if (n != 16)
        return cli_usage_error(&cli_cmd_trust, "a key id is 16 hex digits");
    for (size_t i = 0; i <= n; i++)
        upper[i] = (char)(keyid[i] >= 'a' && keyid[i] <= 'f' ? keyid[i] - 32 : keyid[i]);
    struct quire_err err;
    if (store_key_remove(s, upper, &err) != QUIRE_OK)
        return cli_fail(&err);
    printf("removed key %s\n", upper);
    return CLI_EXIT_OK;
}

static int trust_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *name = NULL;
    bool json = false;
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n')
            name = optarg;
        else if (o == 'j')
            json = true;
        else
            return cli_usage_error(&cli_cmd_trust, "unknown option");
    }
    int nargs = argc - optind;
    const char *verb = nargs > 0 ? argv[optind] : "";
    bool ok = (!strcmp(verb, "add") && nargs == 2) || (!strcmp(verb, "list") && nargs == 1) ||
              (!strcmp(verb, "remove") && nargs == 2);
    if (!ok)
        return cli_usage_error(&cli_cmd_trust, "expected add KEY, list or remove KEYID");
    store *s;
    struct quire_err err;
    if (cli_open_store(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    int rc;
    if (!strcmp(verb, "add"))
        rc = trust_add(s, argv[optind + 1], name);
    else if (!strcmp(verb, "list"))
        rc = trust_list(s, json);
    else
        rc = trust_remove(s, argv[optind + 1]);
    store_close(s);
    return rc;
}

const struct cli_command cli_cmd_trust = {
    .name = "trust",
    .summary = "manage the publisher keys this library trusts",
    .usage = "trust add PUBKEY_FILE|KEY [--name NAME] | trust list [--json] | trust remove KEYID",
    .run = trust_run,
};
