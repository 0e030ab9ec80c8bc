/* fuzz_opf: an EPUB's package files fed directly, not through a zip: arbitrary bytes as
 * META-INF/container.xml, as the OPF package it names (metadata, manifest, spine, hrefs
 * resolved against the OPF's folder) and as the spine's XHTML documents (their titles), through
 * bundle_opf_parse. The input is split at the first two "\n====\n": container, OPF, and the
 * document every other path reads as. A manifest that comes out must hold only safe paths. */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "bundle_internal.h"
#include "quire_util.h"

struct parts {
    const char *part[3];
    size_t len[3];
    int reads; /* container.xml first, then the OPF, then documents */
};

static enum quire_status read_part(void *ctx, const char *path, size_t cap, char **data,
                                   size_t *len, struct quire_err *err)
{
    struct parts *p = ctx;
    int k = strcmp(path, "META-INF/container.xml") == 0 ? 0 : p->reads++ == 0 ? 1 : 2;
    if (!p->part[k])
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no such entry", path);
    if (p->len[k] > cap)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: too large", path);
    if (!(*data = quire_malloc(p->len[k] + 1)))
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    memcpy(*data, p->part[k], p->len[k]);
    (*data)[p->len[k]] = '\0';
    *len = p->len[k];
    return QUIRE_OK;
}

static bool entry(void *ctx, size_t i, const char **name, uint64_t *size)
{
    static const char *const names[] = {"mimetype", "META-INF/container.xml", "OEBPS/", ""};
    *name = names[i];
    *size = i * 10;
    return true;
}

static void split(const uint8_t *data, size_t size, struct parts *p)
{
    static const char sep[] = "\n====\n";
    const char *at = (const char *)data, *end = at + size;
    for (int k = 0; k < 3; k++) {
        const char *next = k < 2 ? memmem(at, (size_t)(end - at), sep, sizeof sep - 1) : NULL;
        p->part[k] = at;
        p->len[k] = (size_t)((next ? next : end) - at);
        if (!next) {
            for (int j = k + 1; j < 3; j++)
                p->part[j] = NULL;
            return;
        }
        at = next + sizeof sep - 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parts p = {0};
    split(data, size, &p);
    struct bundle_opf_source src = {
        .read = read_part,
        .n_entries = 4,
        .entry = entry,
        .sha256 = "0000000000000000000000000000000000000000000000000000000000000000",
        .ctx = &p};
    struct bundle_manifest *m = NULL;
    struct quire_err err;
    if (bundle_opf_parse(&src, "fuzz.epub", &m, &err) != QUIRE_OK)
        return 0;
    for (size_t i = 0; i < m->n_articles; i++) {
        const char *path = m->articles[i].path;
        size_t n = path ? strlen(path) : 0;
        bool parent = strcmp(path ? path : "", "..") == 0 ||
                      strncmp(path ? path : "", "../", 3) == 0 || (path && strstr(path, "/../")) ||
                      (n >= 3 && strcmp(path + n - 3, "/..") == 0);
        if (!path || path[0] == '/' || parent || !m->articles[i].guid || !m->articles[i].title)
            abort(); /* resolve_href must never hand out a path that leaves the bundle */
    }
    bundle_manifest_free(m);
    return 0;
}
