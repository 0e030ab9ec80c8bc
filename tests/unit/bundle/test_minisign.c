/* test_minisign: keys and signatures against fixed texts made by the real minisign 0.11
 * (so the byte layout is pinned), round trips through our own keygen and signer, and every
 * way a signature or key can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "minisign.h"
#include "quire_util.h"

/* minisign -G -W -p k.pub -s k.key; echo hello > f; minisign -Sm f -t "timestamp:1 ..." */
static const char ms_pub[] = "untrusted comment: minisign public key F2F8123B2213707A\n"
                             "RWR6cBMiOxL48rtrJ6HlXP9t/3s4/VgKpIWJg0FidPNJbWYeKf+dDeMD\n";
static const char ms_key[] =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAenATIjsS+PL6Yt5q8F"
    "RHo6kENVUzxvofSJl9mytgc2s5Un0VvNZeCLtrJ6HlXP9t/3s4/VgKpIWJg0FidPNJbWYeKf+dDeMDAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
static const char ms_sig[] =
    "untrusted comment: signature from minisign secret key\n"
    "RUR6cBMiOxL48ukyVu2Gd93/PzJjlEPgdYRV/IaSdAM+LxGCly5iJvD7y77lCeTB+7WtewHjqA2h8sqWQsJC7Ttnxmrzqs"
    "TgmAI=\n"
    "trusted comment: timestamp:1 sequence:42\n"
    "t8gMSmrpgLN5cfQ/3ewPDw+FZDtM9BEsTvBbdh2bMZkWlmhUP/s7XKQACaEN3oyWpGDVjJ/XEU7/Wrj4BvC/Bw==\n";
static const char ms_data[] = "hello\n";

static void test_minisign_fixture_verifies(void **state)
{
    struct minisign_pubkey pk;
    struct minisign_sig sig;
    struct quire_err err;
    assert_int_equal(minisign_pubkey_parse(ms_pub, strlen(ms_pub), &pk, &err), QUIRE_OK);
    char hex[17];
    minisign_keyid_hex(pk.keyid, hex);
    assert_string_equal(hex, "F2F8123B2213707A");
    assert_int_equal(minisign_sig_parse(ms_sig, strlen(ms_sig), &sig, &err), QUIRE_OK);
    assert_int_equal(sig.prehashed, 1);
    assert_string_equal(sig.trusted_comment, "timestamp:1 sequence:42");
    assert_int_equal(minisign_verify(&pk, &sig, ms_data, 6, &err), QUIRE_OK);
    assert_int_equal(minisign_verify(&pk, &sig, "hellO\n", 6, &err), QUIRE_ESIGNATURE);
    /* the bare key line (`minisign -P` form) parses to the same key */
    struct minisign_pubkey bare;
    const char *line = strchr(ms_pub, '\n') + 1;
    assert_int_equal(minisign_pubkey_parse(line, strlen(line) - 1, &bare, &err), QUIRE_OK);
    assert_memory_equal(&bare, &pk, sizeof pk);
}

static void test_minisign_fixture_seckey_signs_like_minisign(void **state)
{
    struct minisign_seckey sk;
    struct minisign_pubkey pk;
    struct minisign_sig ours, theirs;
    struct quire_err err;
    assert_int_equal(minisign_seckey_parse(ms_key, strlen(ms_key), &sk, &err), QUIRE_OK);
    assert_int_equal(minisign_pubkey_parse(ms_pub, strlen(ms_pub), &pk, &err), QUIRE_OK);
    assert_memory_equal(sk.keyid, pk.keyid, 8);
    char *text;
    assert_int_equal(minisign_sign(&sk, ms_data, 6, "timestamp:1 sequence:42", &text, &err),
                     QUIRE_OK);
    assert_int_equal(minisign_sig_parse(text, strlen(text), &ours, &err), QUIRE_OK);
    assert_int_equal(minisign_sig_parse(ms_sig, strlen(ms_sig), &theirs, &err), QUIRE_OK);
    /* Ed25519 is deterministic: the same key, data and comment give minisign's exact bytes */
    assert_memory_equal(ours.sig, theirs.sig, 64);
    assert_memory_equal(ours.global_sig, theirs.global_sig, 64);
    assert_non_null(strstr(text, "RUR6cBMiOxL48ukyVu2Gd93"));
    quire_free(text);
}

static void test_minisign_roundtrip_and_tamper(void **state)
{
    char *pub, *sec, *text;
    struct minisign_pubkey pk, pk2;
    struct minisign_seckey sk;
    struct minisign_sig sig;
    struct quire_err err;
    assert_int_equal(minisign_keygen(&pub, &sec, &pk, &err), QUIRE_OK);
    assert_int_equal(minisign_pubkey_parse(pub, strlen(pub), &pk2, &err), QUIRE_OK);
    assert_memory_equal(&pk, &pk2, sizeof pk);
    assert_int_equal(minisign_seckey_parse(sec, strlen(sec), &sk, &err), QUIRE_OK);
    const char data[] = "{\"manifest\": true}";
    assert_int_equal(minisign_sign(&sk, data, sizeof data - 1, "sequence:5", &text, &err),
                     QUIRE_OK);
    assert_int_equal(minisign_sig_parse(text, strlen(text), &sig, &err), QUIRE_OK);
    assert_int_equal(minisign_verify(&pk, &sig, data, sizeof data - 1, &err), QUIRE_OK);
    /* one flipped data byte */
    char bad[sizeof data];
    memcpy(bad, data, sizeof data);
    bad[3] ^= 1;
    assert_int_equal(minisign_verify(&pk, &sig, bad, sizeof data - 1, &err), QUIRE_ESIGNATURE);
    /* an edited trusted comment */
    struct minisign_sig edited = sig;
    strcpy(edited.trusted_comment, "sequence:6");
    assert_int_equal(minisign_verify(&pk, &edited, data, sizeof data - 1, &err), QUIRE_ESIGNATURE);
    assert_non_null(strstr(err.msg, "trusted comment"));
    /* a flipped signature bit */
    edited = sig;
    edited.sig[10] ^= 0x80;
    assert_int_equal(minisign_verify(&pk, &edited, data, sizeof data - 1, &err), QUIRE_ESIGNATURE);
    /* another key: refused, both key ids named */
    struct minisign_pubkey other;
    assert_int_equal(minisign_pubkey_parse(ms_pub, strlen(ms_pub), &other, &err), QUIRE_OK);
    assert_int_equal(minisign_verify(&other, &sig, data, sizeof data - 1, &err), QUIRE_ESIGNATURE);
    assert_non_null(strstr(err.msg, "F2F8123B2213707A"));
    quire_free(pub);
    quire_free(sec);
    quire_free(text);
}

static void test_minisign_legacy_ed(void **state)
{
    struct minisign_seckey sk;
    struct minisign_pubkey pk;
    struct quire_err err;
    assert_int_equal(minisign_seckey_parse(ms_key, strlen(ms_key), &sk, &err), QUIRE_OK);
    assert_int_equal(minisign_pubkey_parse(ms_pub, strlen(ms_pub), &pk, &err), QUIRE_OK);
    struct minisign_sig sig = {0};
    memcpy(sig.keyid, sk.keyid, 8);
    sig.prehashed = 0;
    crypto_sign_detached(sig.sig, NULL, (const uint8_t *)ms_data, 6, sk.sk);
    strcpy(sig.trusted_comment, "legacy");
    uint8_t msg[64 + 6];
    memcpy(msg, sig.sig, 64);
    memcpy(msg + 64, "legacy", 6);
    crypto_sign_detached(sig.global_sig, NULL, msg, sizeof msg, sk.sk);
    assert_int_equal(minisign_verify(&pk, &sig, ms_data, 6, &err), QUIRE_OK);
    sig.prehashed = 1; /* the same bytes read as ED must fail */
    assert_int_equal(minisign_verify(&pk, &sig, ms_data, 6, &err), QUIRE_ESIGNATURE);
}

/* Re-encodes the fixture secret key with one byte changed. */
static char *patched_key(size_t offset, uint8_t value)
{
    const char *line = strchr(ms_key, '\n') + 1;
    uint8_t blob[158];
    size_t n;
    assert_int_equal(sodium_base642bin(blob, sizeof blob, line, strlen(line) - 1, NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    blob[offset] = value;
    char *out = malloc(512);
    strcpy(out, "untrusted comment: x\n");
    sodium_bin2base64(out + strlen(out), 300, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

static void test_minisign_bad_keys(void **state)
{
    struct minisign_seckey sk;
    struct minisign_pubkey pk;
    struct quire_err err;
    char *k = patched_key(2, 'S'); /* kdf "S\0" is unknown */
    assert_int_equal(minisign_seckey_parse(k, strlen(k), &sk, &err), QUIRE_EUNSUPPORTED);
    free(k);
    /* "Sc": encrypted, refused with a clear message */
    {
        const char *line = strchr(ms_key, '\n') + 1;
        uint8_t blob[158];
        size_t n;
        sodium_base642bin(blob, sizeof blob, line, strlen(line) - 1, NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL);
        memcpy(blob + 2, "Sc", 2);
        char text[512] = "untrusted comment: minisign encrypted secret key\n";
        sodium_bin2base64(text + strlen(text), 300, blob, sizeof blob,
                          sodium_base64_VARIANT_ORIGINAL);
        assert_int_equal(minisign_seckey_parse(text, strlen(text), &sk, &err), QUIRE_EUNSUPPORTED);
        assert_non_null(strstr(err.msg, "encrypted"));
    }
    k = patched_key(130, 0x55); /* checksum neither zero nor right */
    assert_int_equal(minisign_seckey_parse(k, strlen(k), &sk, &err), QUIRE_EFORMAT);
    free(k);
    k = patched_key(70, 0x55); /* secret key bytes corrupted */
    assert_int_equal(minisign_seckey_parse(k, strlen(k), &sk, &err), QUIRE_EFORMAT);
    free(k);
    assert_int_equal(minisign_pubkey_parse("garbage", 7, &pk, &err), QUIRE_EFORMAT);
    assert_int_equal(minisign_seckey_parse(ms_pub, strlen(ms_pub), &sk, &err), QUIRE_EFORMAT);
    assert_int_equal(minisign_pubkey_parse(ms_key, strlen(ms_key), &pk, &err), QUIRE_EFORMAT);
}

static void test_minisign_bad_signatures(void **state)
{
    struct minisign_sig sig;
    struct quire_err err;
    char buf[1024];
    /* three lines only */
    size_t cut = (size_t)(strrchr(ms_sig, 't') - ms_sig);
    memcpy(buf, ms_sig, cut);
    buf[cut] = '\0';
    char *last = strrchr(buf, '\n');
    *last = '\0';
    assert_int_equal(minisign_sig_parse(buf, strlen(buf), &sig, &err), QUIRE_EFORMAT);
    /* no untrusted comment prefix */
    assert_int_equal(minisign_sig_parse(ms_sig + 10, strlen(ms_sig) - 10, &sig, &err),
                     QUIRE_EFORMAT);
    /* broken base64 */
    strcpy(buf, ms_sig);
    char *b64 = strchr(buf, '\n') + 1;
    b64[5] = '*';
    assert_int_equal(minisign_sig_parse(buf, strlen(buf), &sig, &err), QUIRE_EFORMAT);
    /* trusted comment prefix missing */
    strcpy(buf, ms_sig);
    char *tc = strstr(buf, "trusted comment:");
    tc[0] = 'T';
    assert_int_equal(minisign_sig_parse(buf, strlen(buf), &sig, &err), QUIRE_EFORMAT);
    /* trusted comment too long */
    char *huge = malloc(4096);
    snprintf(huge, 4096, "untrusted comment: x\n%.*s\ntrusted comment: ",
             (int)(strchr(strchr(ms_sig, '\n') + 1, '\n') - strchr(ms_sig, '\n') - 1),
             strchr(ms_sig, '\n') + 1);
    size_t n = strlen(huge);
    memset(huge + n, 'a', 2000);
    strcpy(huge + n + 2000, "\nAAAA\n");
    assert_int_equal(minisign_sig_parse(huge, strlen(huge), &sig, &err), QUIRE_EFORMAT);
    free(huge);
    /* empty input */
    assert_int_equal(minisign_sig_parse("", 0, &sig, &err), QUIRE_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minisign_fixture_verifies),
        cmocka_unit_test(test_minisign_fixture_seckey_signs_like_minisign),
        cmocka_unit_test(test_minisign_roundtrip_and_tamper),
        cmocka_unit_test(test_minisign_legacy_ed),
        cmocka_unit_test(test_minisign_bad_keys),
        cmocka_unit_test(test_minisign_bad_signatures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
