/* fuzz_bundle: the bundle reader on arbitrary bytes. The input is written to a temp file,
 * opened (container checks, manifest, signature or OPF synthesis), verified without and with a
 * key, and every listed file and article read under a cap. Nothing may crash, leak or read past
 * a cap; a bundle that opens must have a manifest with at least the invariants the parser
 * promises (article paths listed as files). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "quire_util.h"

static char path[64];
static struct minisign_pubkey pk;

static void init(void)
{
    snprintf(path, sizeof path, "/tmp/fuzz_bundle_%ld.epub", (long)getpid());
    char *pub, *sec;
    if (minisign_keygen(&pub, &sec, &pk, NULL) != QUIRE_OK)
        abort();
    quire_free(pub);
    quire_free(sec);
}

static void read_all(bundle *b, const struct bundle_manifest *m)
{
    for (size_t i = 0; i < m->n_files; i++) {
        char *data;
        size_t n;
        if (bundle_read_entry(b, m->files[i].path, 1 << 20, &data, &n, NULL) == QUIRE_OK) {
            if (data[n] != '\0')
                abort();
            quire_free(data);
        }
    }
    for (size_t i = 0; i < m->n_articles; i++) {
        bool listed = false;
        for (size_t k = 0; k < m->n_files && !listed; k++)
            listed = strcmp(m->files[k].path, m->articles[i].path) == 0;
        if (!listed)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        init();
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    bundle *b = NULL;
    struct quire_err err;
    if (bundle_open(path, &b, &err) == QUIRE_OK) {
        const struct bundle_manifest *m = bundle_get_manifest(b);
        if (!m || strlen(bundle_get_sha256(b)) != 64)
            abort();
        bundle_verify(b, NULL, &err);
        bundle_verify(b, &pk, &err);
        read_all(b, m);
        bundle_close(b);
    } else if (!err.msg[0] || err.code == QUIRE_OK) {
        abort(); /* every failure carries a message */
    }
    unlink(path);
    return 0;
}
