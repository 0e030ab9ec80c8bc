/* cmd_bundle: `quire bundle keygen|create|verify|manifest|sign`, the publisher's tools for
 * signed bundles (app/bundle/). Each action is one function below, picked from a table. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "cli.h"
#include "quire_util.h"
#include "store.h"

extern const struct cli_command cli_cmd_bundle;

#define KEY_FILE_MAX 4096 /* bytes of a key file */

/* ---- helpers ---- */

/* Reads and parses a secret key file; the message names the file. */
static enum quire_status load_seckey(const char *path, struct minisign_seckey *sk,
                                     struct quire_err *err)
{
    char *text;
    size_t n;
    enum quire_status rc = quire_file_read(path, KEY_FILE_MAX, &text, &n, err);
    if (rc)
        return rc;
    rc = minisign_seckey_parse(text, n, sk, err);
    quire_free(text);
    if (rc)
        quire_err_prefix(err, path);
    return rc;
}

/* A public key file, or the key itself (`minisign -P` form). */
static enum quire_status load_pubkey(const char *arg, struct minisign_pubkey *pk,
                                     struct quire_err *err)
{
    if (!quire_file_exists(arg))
        return minisign_pubkey_parse(arg, strlen(arg), pk, err) == QUIRE_OK
                   ? QUIRE_OK
                   : quire_err_set(err, QUIRE_EFORMAT,
                                   "%s: neither a public key file nor a minisign public key", arg);
    char *text;
    size_t n;
    enum quire_status rc = quire_file_read(arg, KEY_FILE_MAX, &text, &n, err);
    if (rc)
        return rc;
    rc = minisign_pubkey_parse(text, n, pk, err);
    quire_free(text);
    if (rc)
        quire_err_prefix(err, arg);
    return rc;
}

/* Creates path with mode, refusing to overwrite, and writes text. */
static enum quire_status write_new_file(const char *path, const char *text, int mode,
                                        struct quire_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return quire_err_set(err, errno == EEXIST ? QUIRE_EEXIST : QUIRE_EIO, "%s: %s", path,
                             errno == EEXIST ? "already exists (not overwritten)"
                                             : strerror(errno));
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path);
        return quire_err_set(err, QUIRE_EIO, "%s: write failed", path);
    }
    return QUIRE_OK;
}

/* ---- keygen ---- */

static int run_keygen(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'}, {0}};
    const char *prefix = "quire-bundle";
    int c;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (c != 'o')
            return cli_usage_error(&cli_cmd_bundle, "keygen: unknown option");
        prefix = optarg;
    }
    if (optind != argc)
        return cli_usage_error(&cli_cmd_bundle, "keygen takes no arguments");
    char pub_path[4096], key_path[4096];
    snprintf(pub_path, sizeof pub_path, "%s.pub", prefix);
    snprintf(key_path, sizeof key_path, "%s.key", prefix);
    struct quire_err err = {0};
    if (quire_file_exists(pub_path) || quire_file_exists(key_path)) {
        quire_err_set(&err, QUIRE_EEXIST, "%s: already exists (not overwritten)",
                      quire_file_exists(pub_path) ? pub_path : key_path);
        return cli_fail(&err);
    }
    char *pub = NULL, *sec = NULL;
    struct minisign_pubkey pk;
    enum quire_status rc = minisign_keygen(&pub, &sec, &pk, &err);
    if (!rc)
        rc = write_new_file(key_path, sec, 0600, &err);
    if (!rc && (rc = write_new_file(pub_path, pub, 0644, &err)))
        unlink(key_path);
    if (sec)
        sodium_memzero(sec, strlen(sec));
    quire_free(sec);
    quire_free(pub);
    if (rc)
        return cli_fail(&err);
    char hex[17];
    minisign_keyid_hex(pk.keyid, hex);
    printf("key %s: public key %s, secret key %s (unencrypted: keep it secret)\n", hex, pub_path,
           key_path);
    return CLI_EXIT_OK;
}

/* ---- create ---- */

struct create_args {
    const char *key, *out;
    struct bundle_create_opts opts;
    struct bundle_input *inputs;
    size_t n;
};

/* Options apply to the INPUTs that follow them ("-" makes getopt return inputs in order). */
static int parse_create(int argc, char **argv, struct create_args *a)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"publisher", required_argument, NULL, 'p'},
                                         {"section", required_argument, NULL, 's'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"byline", required_argument, NULL, 'b'},
                                         {"title", required_argument, NULL, 't'},
                                         {"sequence", required_argument, NULL, 'n'},
                                         {"published", required_argument, NULL, 'P'},
                                         {"updated", required_argument, NULL, 'U'},
                                         {0}};
    const char *section = "News", *lang = "en", *byline = NULL;
    int64_t published = 0, updated = 0;
    int c;
    while ((c = getopt_long(argc, argv, "-k:o:p:s:l:b:t:n:P:U:", opts, NULL)) != -1) {
        switch (c) {
        case 1:
            a->inputs[a->n++] = (struct bundle_input){.path = optarg,
                                                      .section = section,
                                                      .language = lang,
                                                      .byline = byline,
                                                      .published = published,
                                                      .updated = updated};
            break;
        case 'P':
        case 'U':
            if (!quire_time_parse(optarg, c == 'P' ? &published : &updated))
                return cli_usage_error(&cli_cmd_bundle,
                                       "--%s wants an RFC 3339 time such as 2026-11-25T08:00:00Z",
                                       c == 'P' ? "published" : "updated");
            break;
        case 'k':
            a->key = optarg;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'p':
            a->opts.publisher = optarg;
            break;
        case 's':
            section = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'b':
            byline = *optarg ? optarg : NULL;
            break;
        case 't':
            a->opts.title = optarg;
            break;
        case 'n':
            if (!quire_parse_i64(optarg, 1, INT64_MAX, &a->opts.sequence))
                return cli_usage_error(&cli_cmd_bundle, "--sequence wants a positive number");
            break;
        default:
            return cli_usage_error(&cli_cmd_bundle, "create: unknown option");
        }
    }
    if (!a->key || !a->out || a->n == 0)
        return cli_usage_error(&cli_cmd_bundle, "create needs --key, --out and INPUT files");
    a->opts.section = "News";
    a->opts.language = NULL;
    if (!a->opts.publisher)
        a->opts.publisher = "Quire publisher";
    return -1;
}

static int run_create(int argc, char **argv)
{
    struct create_args a = {0};
    a.inputs = quire_calloc((size_t)argc, sizeof *a.inputs);
    if (!a.inputs)
        return CLI_EXIT_FAIL;
    int usage = parse_create(argc, argv, &a);
    if (usage >= 0) {
        quire_free(a.inputs);
        return usage;
    }
    struct quire_err err = {0};
    struct minisign_seckey sk;
    enum quire_status rc = load_seckey(a.key, &sk, &err);
    a.opts.key = &sk;
    if (!rc)
        rc = bundle_create(a.out, a.inputs, a.n, &a.opts, &err);
    char hex[17];
    minisign_keyid_hex(sk.keyid, hex);
    sodium_memzero(&sk, sizeof sk);
    quire_free(a.inputs);
    if (rc)
        return cli_fail(&err);
    printf("%s: %zu articles, signed by key %s\n", a.out, a.n, hex);
    return CLI_EXIT_OK;
}

/* ---- verify ---- */

struct verify_result {
    const char *file;
    bool ok, is_signed, sig_checked;
    char keyid[17];
    const struct bundle_manifest *m;
    const char *sha256;
    struct quire_err err;
};

/* The signer's key from the library given with --db (only if that file exists). */
static enum quire_status key_from_library(const struct cli_global *g, const char *file,
                                          const char *keyid, struct minisign_pubkey *pk,
                                          struct quire_err *err)
{
    if (!g->db_path || !quire_file_exists(g->db_path))
        return QUIRE_ENOTFOUND;
    store *s;
    struct store_key k;
    enum quire_status rc = store_open(g->db_path, &s, err);
    if (rc)
        return rc;
    rc = store_key_find(s, keyid, &k, err);
    store_close(s);
    if (rc == QUIRE_ENOTFOUND)
        return quire_err_set(err, QUIRE_EUNTRUSTED, "%s: signed by key %s, not trusted in %s", file,
                             keyid, g->db_path);
    if (rc)
        return rc;
    uint8_t be[8];
    if (!quire_hex_decode(k.keyid, be, 8))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: key id '%s' is malformed", g->db_path,
                             k.keyid);
    for (int i = 0; i < 8; i++) /* minisign prints the little-endian id reversed */
        pk->keyid[i] = be[7 - i];
    memcpy(pk->pk, k.pk, sizeof pk->pk);
    return QUIRE_OK;
}

static void print_verify_json(const struct verify_result *r)
{
    printf("{\"file\": ");
    cli_print_json_string(r->file);
    printf(", \"ok\": %s, \"signed\": %s, \"signature_checked\": %s, \"keyid\": ",
           r->ok ? "true" : "false", r->is_signed ? "true" : "false",
           r->sig_checked ? "true" : "false");
    if (r->is_signed)
        cli_print_json_string(r->keyid);
    else
        printf("null");
    printf(", \"publisher\": ");
    if (r->m)
        cli_print_json_string(r->m->publisher);
    else
        printf("null");
    printf(", \"id\": ");
    if (r->m)
        cli_print_json_string(r->m->id);
    else
        printf("null");
    printf(", \"sequence\": %lld, \"articles\": %zu, \"sha256\": ",
           r->m ? (long long)r->m->sequence : 0LL, r->m ? r->m->n_articles : 0);
    cli_print_json_string(r->sha256 ? r->sha256 : "");
    printf(", \"errors\": [");
    if (!r->ok)
        cli_print_json_string(r->err.msg);
    printf("]}\n");
}

static void print_verify_text(const struct verify_result *r)
{
    if (!r->ok)
        return;
    printf("%s: ok: %zu articles, publisher ", r->file, r->m->n_articles);
    printf("'%s', sequence %lld, signed by key %s (%s)\n", r->m->publisher,
           (long long)r->m->sequence, r->keyid,
           r->sig_checked ? "signature verified" : "signature not checked: no --pubkey");
}

static void verify_bundle(const struct cli_global *g, const char *pubkey, struct verify_result *r,
                          bundle **bp)
{
    struct minisign_pubkey pk;
    bool have_pk = false;
    if (pubkey && load_pubkey(pubkey, &pk, &r->err))
        return;
    have_pk = pubkey != NULL;
    if (bundle_open(r->file, bp, &r->err))
        return;
    bundle *b = *bp;
    r->m = bundle_get_manifest(b);
    r->sha256 = bundle_get_sha256(b);
    const struct minisign_sig *sig = bundle_get_signature(b);
    r->is_signed = sig != NULL;
    if (sig)
        minisign_keyid_hex(sig->keyid, r->keyid);
    if (!have_pk && sig) {
        enum quire_status rc = key_from_library(g, r->file, r->keyid, &pk, &r->err);
        if (rc && rc != QUIRE_ENOTFOUND)
            return;
        have_pk = rc == QUIRE_OK;
    }
    if (bundle_verify(b, have_pk ? &pk : NULL, &r->err))
        return;
    r->sig_checked = have_pk;
    r->ok = true;
}

static int run_verify(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"pubkey", required_argument, NULL, 'p'}, {"json", no_argument, NULL, 'j'}, {0}};
    const char *pubkey = NULL;
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, "p:j", opts, NULL)) != -1) {
        if (c == 'p')
            pubkey = optarg;
        else if (c == 'j')
            json = true;
        else
            return cli_usage_error(&cli_cmd_bundle, "verify: unknown option");
    }
    if (optind + 1 != argc)
        return cli_usage_error(&cli_cmd_bundle, "verify takes one FILE");
    struct verify_result r = {.file = argv[optind]};
    bundle *b = NULL;
    verify_bundle(g, pubkey, &r, &b);
    if (json)
        print_verify_json(&r);
    else
        print_verify_text(&r);
    bundle_close(b);
    return r.ok ? CLI_EXIT_OK : cli_fail(&r.err);
}

/* ---- manifest ---- */

static int run_manifest(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error(&cli_cmd_bundle, "manifest takes one FILE");
    struct quire_err err = {0};
    bundle *b;
    if (bundle_open(argv[1], &b, &err))
        return cli_fail(&err);
    size_t n;
    const char *raw = bundle_get_manifest_json(b, &n);
    char *synth = NULL;
    /* A plain EPUB has no manifest of its own: print the one synthesised from its OPF. */
    if (!raw && bundle_manifest_write(bundle_get_manifest(b), &synth, &err) == QUIRE_OK)
        raw = synth, n = strlen(synth);
    bool ok = raw && fwrite(raw, 1, n, stdout) == n && fflush(stdout) == 0;
    quire_free(synth);
    bundle_close(b);
    if (!ok && !err.msg[0])
        quire_err_set(&err, QUIRE_EIO, "%s: cannot write the manifest", argv[1]);
    return ok ? CLI_EXIT_OK : cli_fail(&err);
}

/* ---- sign ---- */

static int run_sign(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'}, {"signature", required_argument, NULL, 's'}, {0}};
    const char *key = NULL, *sigfile = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "k:s:", opts, NULL)) != -1) {
        if (c == 'k')
            key = optarg;
        else if (c == 's')
            sigfile = optarg;
        else
            return cli_usage_error(&cli_cmd_bundle, "sign: unknown option");
    }
    if (optind + 1 != argc || !key == !sigfile)
        return cli_usage_error(&cli_cmd_bundle, "sign wants --key or --signature, and one FILE");
    const char *file = argv[optind];
    struct quire_err err = {0};
    enum quire_status rc;
    if (key) {
        struct minisign_seckey sk;
        rc = load_seckey(key, &sk, &err);
        if (!rc)
            rc = bundle_sign(file, &sk, &err);
        sodium_memzero(&sk, sizeof sk);
    } else {
        char *text;
        rc = quire_file_read(sigfile, 4096, &text, NULL, &err);
        if (!rc) {
            rc = bundle_set_signature(file, text, &err);
            if (rc && err.code != QUIRE_EIO && err.code != QUIRE_ENOTFOUND)
                quire_err_prefix(&err, sigfile);
            quire_free(text);
        }
    }
    if (rc)
        return cli_fail(&err);
    printf("%s: signed\n", file);
    return CLI_EXIT_OK;
}

/* ---- dispatch ---- */

static int bundle_run(const struct cli_global *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cli_cmd_bundle, "missing action");
    const char *action = argv[1];
    argc--, argv++; /* the action is argv[0] now, as getopt expects */
    if (strcmp(action, "keygen") == 0)
        return run_keygen(argc, argv);
    if (strcmp(action, "create") == 0)
        return run_create(argc, argv);
    if (strcmp(action, "verify") == 0)
        return run_verify(g, argc, argv);
    if (strcmp(action, "manifest") == 0)
        return run_manifest(argc, argv);
    if (strcmp(action, "sign") == 0)
        return run_sign(argc, argv);
    return cli_usage_error(&cli_cmd_bundle, "unknown action '%s'", action);
}

const struct cli_command cli_cmd_bundle = {
    .name = "bundle",
    .summary = "make, sign and check signed news bundles",
    .usage = "bundle keygen [--out PREFIX]\n"
             "       quire bundle create --key SECRET_KEY --out FILE [--publisher NAME]\n"
             "             [--title TITLE] [--sequence N] [--section NAME] [--lang TAG]\n"
             "             [--byline TEXT] [--published TIME] [--updated TIME] INPUT...\n"
             "             (--section/--lang/--byline/--published/--updated apply to the\n"
             "             INPUTs after them; INPUT is .txt, .html or .xhtml)\n"
             "       quire bundle verify FILE [--pubkey FILE|KEY] [--json]\n"
             "       quire bundle manifest FILE\n"
             "       quire bundle sign (--key SECRET_KEY | --signature FILE.minisig) FILE",
    .run = bundle_run,
};
