/* fuzz_manifest: the manifest parser and the minisign text parsers on arbitrary bytes.
 * Invariant: a manifest that parses writes out as JSON that parses again and writes out to the
 * very same text (the writer is stable and only emits what the parser accepts). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "quire_util.h"

static void roundtrip(const struct bundle_manifest *m)
{
    char *a = NULL, *b = NULL;
    struct bundle_manifest *m2 = NULL;
    struct quire_err err;
    if (bundle_manifest_write(m, &a, &err) != QUIRE_OK)
        return; /* out of memory only */
    if (bundle_manifest_parse(a, strlen(a), &m2, &err) != QUIRE_OK)
        abort();
    if (bundle_manifest_write(m2, &b, &err) != QUIRE_OK || strcmp(a, b) != 0)
        abort();
    if (m2->n_articles != m->n_articles || m2->n_files != m->n_files)
        abort();
    bundle_manifest_free(m2);
    quire_free(a);
    quire_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct bundle_manifest *m = NULL;
    struct quire_err err;
    if (bundle_manifest_parse(text, size, &m, &err) == QUIRE_OK)
        roundtrip(m);
    else if (m)
        abort();
    bundle_manifest_free(m);
    struct minisign_sig sig;
    struct minisign_pubkey pk;
    struct minisign_seckey sk;
    if (minisign_sig_parse(text, size, &sig, &err) == QUIRE_OK &&
        strnlen(sig.trusted_comment, sizeof sig.trusted_comment) == sizeof sig.trusted_comment)
        abort();
    if (minisign_pubkey_parse(text, size, &pk, &err) == QUIRE_OK)
        minisign_verify(&pk, &sig, data, size, &err);
    minisign_seckey_parse(text, size, &sk, &err);
    return 0;
}
