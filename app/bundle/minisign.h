/* minisign: keys and signatures in the format of the stock `minisign` tool, so that files
 * signed here verify with `minisign -V` and files signed there verify here.
 * Algorithms: "Ed" key algorithm; signatures "ED" (Ed25519 over BLAKE2b-512 of the file,
 * minisign's default, prehashed) are made; "Ed" (legacy, unhashed) and "ED" are verified.
 * The trusted comment is signed too (global signature over signature || comment).
 * Secret keys: unencrypted ones (`minisign -G -W`) are read; encrypted ones are refused with
 * a clear message. */
#ifndef QUIRE_BUNDLE_MINISIGN_H
#define QUIRE_BUNDLE_MINISIGN_H

#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

#define MINISIGN_COMMENT_MAX 1024

struct minisign_pubkey {
    uint8_t keyid[8];   /* little-endian as stored; minisign prints it reversed, in hex */
    uint8_t pk[32];
};

struct minisign_seckey {
    uint8_t keyid[8];
    uint8_t sk[64]; /* libsodium Ed25519 secret key (seed || pk) */
};

struct minisign_sig {
    uint8_t keyid[8];
    int prehashed;      /* 1 for ED, 0 for Ed */
    uint8_t sig[64];
    char trusted_comment[MINISIGN_COMMENT_MAX]; /* without the "trusted comment: " prefix */
    uint8_t global_sig[64];
};

/* Key id as minisign prints it: 16 uppercase hex digits. */
void minisign_keyid_hex(const uint8_t keyid[8], char out[17]);

/* Parses a public key: either a .pub file's text (untrusted comment line + base64 line) or the
 * bare base64 line (`minisign -P KEY` form). */
enum quire_status minisign_pubkey_parse(const char *text, size_t len,
                                        struct minisign_pubkey *out, struct quire_err *err);
/* Parses an unencrypted secret key file's text. */
enum quire_status minisign_seckey_parse(const char *text, size_t len,
                                        struct minisign_seckey *out, struct quire_err *err);
/* Makes a fresh key pair; writes minisign-format texts (heap, quire_free). The secret key is
 * written unencrypted (like `minisign -G -W`). */
enum quire_status minisign_keygen(char **pub_text, char **sec_text, struct minisign_pubkey *pk,
                                  struct quire_err *err);

/* Parses a .minisig file's text. */
enum quire_status minisign_sig_parse(const char *text, size_t len, struct minisign_sig *out,
                                     struct quire_err *err);
/* Signs data (ED, prehashed) with trusted_comment; returns the .minisig text (quire_free). */
enum quire_status minisign_sign(const struct minisign_seckey *sk, const void *data, size_t len,
                                const char *trusted_comment, char **sig_text,
                                struct quire_err *err);
/* Verifies data against sig with pk: key id match, signature, and the global signature over
 * the trusted comment. QUIRE_ESIGNATURE on any failure. */
enum quire_status minisign_verify(const struct minisign_pubkey *pk, const struct minisign_sig *sig,
                                  const void *data, size_t len, struct quire_err *err);

#endif
