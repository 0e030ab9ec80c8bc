/* minisign: byte-exact reading and writing of minisign keys and signatures.
 * Layouts (all base64 of packed little-endian structs, after an "untrusted comment:" line):
 *   public key  = "Ed" keyid[8] pk[32]                                          (42 bytes)
 *   secret key  = "Ed" kdf[2] "B2" salt[32] opslimit[8] memlimit[8]
 *                 keyid[8] sk[64] checksum[32]                                  (158 bytes)
 *                 kdf "\0\0" = unencrypted (minisign -G -W); "Sc" = scrypt (refused here);
 *                 checksum = BLAKE2b-256("Ed" || keyid || sk), all zero in minisign 0.11 -W keys
 *   signature   = "ED"|"Ed" keyid[8] sig[64]; then "trusted comment: TEXT"; then
 *                 base64(global_sig), global_sig = Ed25519(sig || TEXT)
 * "ED" signs BLAKE2b-512(data) (minisign's default); legacy "Ed" signs the data itself. */
#include "minisign.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "quire_util.h"

#define PUBKEY_BYTES     42
#define SECKEY_BYTES     158
#define SIGBLOB_BYTES    74
#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX   "trusted comment: "

/* Offsets inside the secret key blob. */
enum {
    SK_KDF = 2,
    SK_CHK = 4,
    SK_SALT = 6,
    SK_OPS = 38,
    SK_MEM = 46,
    SK_KEYID = 54,
    SK_SK = 62,
    SK_CHECKSUM = 126
};

void minisign_keyid_hex(const uint8_t keyid[8], char out[17])
{
    static const char digits[] = "0123456789ABCDEF";
    for (int i = 0; i < 8; i++) {
        uint8_t b = keyid[7 - i];
        out[2 * i] = digits[b >> 4];
        out[2 * i + 1] = digits[b & 15];
    }
    out[16] = '\0';
}

/* ---- line splitting ---- */

struct lines {
    const char *p, *end;
};

/* Next line without its "\n" or "\r\n"; false at the end of the text. */
static bool line_next(struct lines *ls, const char **start, size_t *n)
{
    if (ls->p >= ls->end)
        return false;
    const char *nl = memchr(ls->p, '\n', (size_t)(ls->end - ls->p));
    const char *stop = nl ? nl : ls->end;
    *start = ls->p;
    *n = (size_t)(stop - ls->p);
    if (*n > 0 && (*start)[*n - 1] == '\r')
        (*n)--;
    ls->p = nl ? nl + 1 : ls->end;
    return true;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

/* Decodes base64 that must yield exactly want bytes. */
static bool b64_exact(const char *s, size_t n, uint8_t *out, size_t want)
{
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(out, want, s, n, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return got == want && end == s + n;
}

/* The base64 line of a key file: after an optional "untrusted comment:" line. */
static bool key_b64_line(const char *text, size_t len, const char **line, size_t *n)
{
    struct lines ls = {text, text + len};
    while (line_next(&ls, line, n)) {
        trim(line, n);
        if (*n == 0 || has_prefix(*line, *n, "untrusted comment:"))
            continue;
        return true;
    }
    return false;
}

/* ---- keys ---- */

enum quire_status minisign_pubkey_parse(const char *text, size_t len, struct minisign_pubkey *out,
                                        struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    const char *line;
    size_t n;
    uint8_t blob[PUBKEY_BYTES];
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* saved by a Windows editor */
        text += 3;
        len -= 3;
    }
    if (!key_b64_line(text, len, &line, &n) || !b64_exact(line, n, blob, sizeof blob))
        return quire_err_set(err, QUIRE_EFORMAT, "not a minisign public key");
    /* A key file is a comment and a key line: anything after it is not ours to ignore. */
    for (const char *p = line + n; p < text + len; p++)
        if (*p != '\r' && *p != '\n' && *p != ' ' && *p != '\t')
            return quire_err_set(err, QUIRE_EFORMAT,
                                 "unexpected data after the key line (not a minisign public "
                                 "key file)");
    if (memcmp(blob, "Ed", 2) != 0)
        return quire_err_set(err, QUIRE_EUNSUPPORTED,
                             "public key uses an unsupported algorithm (not Ed25519)");
    memcpy(out->keyid, blob + 2, 8);
    memcpy(out->pk, blob + 10, 32);
    return QUIRE_OK;
}

static void seckey_checksum(const uint8_t keyid[8], const uint8_t sk[64], uint8_t chk[32])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const uint8_t *)"Ed", 2);
    crypto_generichash_update(&st, keyid, 8);
    crypto_generichash_update(&st, sk, 64);
    crypto_generichash_final(&st, chk, 32);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* The secret key's public half must be the one its seed derives. */
static bool seckey_consistent(const uint8_t sk[64])
{
    uint8_t pk[32], full[64];
    crypto_sign_seed_keypair(pk, full, sk);
    bool ok = sodium_memcmp(full, sk, 64) == 0;
    sodium_memzero(full, sizeof full);
    return ok;
}

enum quire_status minisign_seckey_parse(const char *text, size_t len, struct minisign_seckey *out,
                                        struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    const char *line;
    size_t n;
    uint8_t blob[SECKEY_BYTES];
    enum quire_status rc = QUIRE_OK;
    if (!key_b64_line(text, len, &line, &n) || !b64_exact(line, n, blob, sizeof blob)) {
        rc = quire_err_set(err, QUIRE_EFORMAT, "not a minisign secret key");
        goto out;
    }
    if (memcmp(blob, "Ed", 2) != 0 || memcmp(blob + SK_CHK, "B2", 2) != 0) {
        rc = quire_err_set(err, QUIRE_EUNSUPPORTED, "secret key uses an unsupported algorithm");
        goto out;
    }
    if (memcmp(blob + SK_KDF, "Sc", 2) == 0) {
        rc = quire_err_set(err, QUIRE_EUNSUPPORTED,
                           "secret key is password-encrypted; make an unencrypted one with "
                           "`minisign -G -W` or `quire bundle keygen`");
        goto out;
    }
    if (memcmp(blob + SK_KDF, "\0\0", 2) != 0) {
        rc = quire_err_set(err, QUIRE_EUNSUPPORTED, "secret key uses an unknown key derivation");
        goto out;
    }
    uint8_t chk[32];
    seckey_checksum(blob + SK_KEYID, blob + SK_SK, chk);
    bool chk_ok =
        sodium_memcmp(chk, blob + SK_CHECKSUM, 32) == 0 || all_zero(blob + SK_CHECKSUM, 32);
    if (!chk_ok || !seckey_consistent(blob + SK_SK)) {
        rc = quire_err_set(err, QUIRE_EFORMAT, "secret key is corrupt (checksum mismatch)");
        goto out;
    }
    memcpy(out->keyid, blob + SK_KEYID, 8);
    memcpy(out->sk, blob + SK_SK, 64);
out:
    sodium_memzero(blob, sizeof blob);
    return rc;
}

/* "untrusted comment: COMMENT\nBASE64\n" as a heap string. */
static char *key_text(const char *comment, const uint8_t *blob, size_t n)
{
    size_t b64len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    size_t total = strlen(UNTRUSTED_PREFIX) + strlen(comment) + 1 + b64len + 1;
    char *s = quire_malloc(total);
    if (!s)
        return NULL;
    int k = snprintf(s, total, "%s%s\n", UNTRUSTED_PREFIX, comment);
    sodium_bin2base64(s + k, b64len, blob, n, sodium_base64_VARIANT_ORIGINAL);
    strcat(s, "\n");
    return s;
}

enum quire_status minisign_keygen(char **pub_text, char **sec_text, struct minisign_pubkey *pk,
                                  struct quire_err *err)
{
    *pub_text = *sec_text = NULL;
    if (sodium_init() < 0)
        return quire_err_set(err, QUIRE_EIO, "libsodium failed to initialise");
    uint8_t keyid[8], pkb[32], sk[64], pubblob[PUBKEY_BYTES], secblob[SECKEY_BYTES] = {0};
    randombytes_buf(keyid, sizeof keyid);
    crypto_sign_keypair(pkb, sk);
    memcpy(pubblob, "Ed", 2);
    memcpy(pubblob + 2, keyid, 8);
    memcpy(pubblob + 10, pkb, 32);
    memcpy(secblob, "Ed", 2);
    memcpy(secblob + SK_CHK, "B2", 2); /* kdf stays "\0\0": unencrypted, as minisign -W */
    memcpy(secblob + SK_KEYID, keyid, 8);
    memcpy(secblob + SK_SK, sk, 64);
    seckey_checksum(keyid, sk, secblob + SK_CHECKSUM);
    char hex[17], comment[64];
    minisign_keyid_hex(keyid, hex);
    snprintf(comment, sizeof comment, "minisign public key %s", hex);
    *pub_text = key_text(comment, pubblob, sizeof pubblob);
    *sec_text = key_text("minisign unencrypted secret key", secblob, sizeof secblob);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(secblob, sizeof secblob);
    if (!*pub_text || !*sec_text) {
        quire_free(*pub_text);
        quire_free(*sec_text);
        *pub_text = *sec_text = NULL;
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    if (pk) {
        memcpy(pk->keyid, keyid, 8);
        memcpy(pk->pk, pkb, 32);
    }
    return QUIRE_OK;
}

/* ---- signatures ---- */

enum quire_status minisign_sig_parse(const char *text, size_t len, struct minisign_sig *out,
                                     struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    struct lines ls = {text, text + len};
    const char *l[4];
    size_t n[4];
    for (int i = 0; i < 4; i++)
        if (!line_next(&ls, &l[i], &n[i]))
            return quire_err_set(err, QUIRE_EFORMAT, "signature is truncated (%d of 4 lines)", i);
    if (!has_prefix(l[0], n[0], UNTRUSTED_PREFIX))
        return quire_err_set(err, QUIRE_EFORMAT, "signature does not start with \"%s\"",
                             UNTRUSTED_PREFIX);
    uint8_t blob[SIGBLOB_BYTES];
    trim(&l[1], &n[1]);
    if (!b64_exact(l[1], n[1], blob, sizeof blob))
        return quire_err_set(err, QUIRE_EFORMAT, "signature line is not valid base64");
    if (memcmp(blob, "ED", 2) == 0)
        out->prehashed = 1;
    else if (memcmp(blob, "Ed", 2) != 0)
        return quire_err_set(err, QUIRE_EUNSUPPORTED, "signature uses an unknown algorithm");
    memcpy(out->keyid, blob + 2, 8);
    memcpy(out->sig, blob + 10, 64);
    if (!has_prefix(l[2], n[2], TRUSTED_PREFIX))
        return quire_err_set(err, QUIRE_EFORMAT, "signature has no \"%s\" line", TRUSTED_PREFIX);
    size_t k = strlen(TRUSTED_PREFIX), tlen = n[2] - k;
    if (tlen >= sizeof out->trusted_comment || memchr(l[2] + k, '\0', tlen))
        return quire_err_set(err, QUIRE_EFORMAT, "signature's trusted comment is too long");
    memcpy(out->trusted_comment, l[2] + k, tlen);
    trim(&l[3], &n[3]);
    if (!b64_exact(l[3], n[3], out->global_sig, sizeof out->global_sig))
        return quire_err_set(err, QUIRE_EFORMAT, "signature's comment signature is not base64");
    while (line_next(&ls, &l[0], &n[0])) {
        trim(&l[0], &n[0]);
        if (n[0])
            return quire_err_set(err, QUIRE_EFORMAT, "signature has trailing data");
    }
    return QUIRE_OK;
}

static void blake2b512(const void *data, size_t len, uint8_t out[64])
{
    crypto_generichash(out, 64, data, len, NULL, 0);
}

enum quire_status minisign_sign(const struct minisign_seckey *sk, const void *data, size_t len,
                                const char *trusted_comment, char **sig_text, struct quire_err *err)
{
    *sig_text = NULL;
    size_t tlen = strlen(trusted_comment);
    if (tlen >= MINISIGN_COMMENT_MAX || strpbrk(trusted_comment, "\r\n"))
        return quire_err_set(err, QUIRE_EINVAL, "trusted comment too long or multi-line");
    if (sodium_init() < 0)
        return quire_err_set(err, QUIRE_EIO, "libsodium failed to initialise");
    uint8_t hash[64], blob[SIGBLOB_BYTES], msg[64 + MINISIGN_COMMENT_MAX], global[64];
    blake2b512(data, len, hash);
    memcpy(blob, "ED", 2);
    memcpy(blob + 2, sk->keyid, 8);
    crypto_sign_detached(blob + 10, NULL, hash, sizeof hash, sk->sk);
    memcpy(msg, blob + 10, 64);
    memcpy(msg + 64, trusted_comment, tlen);
    crypto_sign_detached(global, NULL, msg, 64 + tlen, sk->sk);

    struct quire_buf b;
    quire_buf_init(&b, 4096);
    char b64[128];
    enum quire_status rc = quire_buf_puts(&b, UNTRUSTED_PREFIX "signature from quire secret key\n");
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    if (!rc)
        rc = quire_buf_printf(&b, "%s\n%s%s\n", b64, TRUSTED_PREFIX, trusted_comment);
    sodium_bin2base64(b64, sizeof b64, global, sizeof global, sodium_base64_VARIANT_ORIGINAL);
    if (!rc)
        rc = quire_buf_printf(&b, "%s\n", b64);
    if (rc) {
        quire_buf_fini(&b);
        return quire_err_set(err, rc, "signature: %s", quire_strerror(rc));
    }
    *sig_text = quire_buf_steal(&b, NULL);
    return *sig_text ? QUIRE_OK : quire_err_set(err, QUIRE_ENOMEM, "out of memory");
}

enum quire_status minisign_verify(const struct minisign_pubkey *pk, const struct minisign_sig *sig,
                                  const void *data, size_t len, struct quire_err *err)
{
    if (sodium_init() < 0)
        return quire_err_set(err, QUIRE_EIO, "libsodium failed to initialise");
    if (memcmp(pk->keyid, sig->keyid, 8) != 0) {
        char a[17], b[17];
        minisign_keyid_hex(sig->keyid, a);
        minisign_keyid_hex(pk->keyid, b);
        return quire_err_set(err, QUIRE_ESIGNATURE, "signed by key %s, not by key %s", a, b);
    }
    int bad;
    if (sig->prehashed) {
        uint8_t hash[64];
        blake2b512(data, len, hash);
        bad = crypto_sign_verify_detached(sig->sig, hash, sizeof hash, pk->pk);
    } else {
        bad = crypto_sign_verify_detached(sig->sig, data, len, pk->pk);
    }
    if (bad)
        return quire_err_set(err, QUIRE_ESIGNATURE, "signature does not verify");
    size_t tlen = strnlen(sig->trusted_comment, sizeof sig->trusted_comment);
    uint8_t msg[64 + MINISIGN_COMMENT_MAX];
    memcpy(msg, sig->sig, 64);
    memcpy(msg + 64, sig->trusted_comment, tlen);
    if (crypto_sign_verify_detached(sig->global_sig, msg, 64 + tlen, pk->pk) != 0)
        return quire_err_set(err, QUIRE_ESIGNATURE, "trusted comment signature does not verify");
    return QUIRE_OK;
}
