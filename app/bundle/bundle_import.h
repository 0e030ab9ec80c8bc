/* bundle_import: moves a verified bundle into the store, all of it or none of it.
 * Order: hash the file (already imported? skip), open and check the container, find the
 * signer among trusted keys (an unknown key is refused, naming its key id), verify the
 * signature and every file hash, check each article (well-formed XHTML, valid UTF-8), then one
 * transaction writes bundle, articles, media and the search index. */
#ifndef QUIRE_BUNDLE_IMPORT_H
#define QUIRE_BUNDLE_IMPORT_H

#include <stdbool.h>

#include "bundle.h"
#include "quire_error.h"
#include "store.h"

struct bundle_import_opts {
    bool allow_unsigned; /* import ordinary EPUBs, marked unverified */
    size_t ahead;        /* articles checked ahead of the one being written; 0: the default */
    /* Called once a bundle's transaction has committed, with the bundle still open, so the
     * caller can keep the verified file without opening and hashing it again. Optional. */
    void (*imported)(void *ctx, const bundle *b, bool verified);
    /* Called inside the bundle's transaction just before it commits, so the caller's own rows
     * (a pending archive copy) commit with the articles or not at all; an error rolls the
     * import back. Optional. */
    enum quire_status (*committing)(void *ctx, store *s, const bundle *b, bool verified,
                                    struct quire_err *err);
    void *ctx;
};

enum bundle_import_status {
    BUNDLE_IMPORT_DONE,      /* imported (possibly with 0 new articles) */
    BUNDLE_IMPORT_DUPLICATE, /* this exact file was imported before */
};

struct bundle_import_result {
    enum bundle_import_status status;
    int inserted;   /* new articles */
    int updated;    /* corrected articles that replaced older versions */
    int kept;       /* articles we already held in this or a newer version */
    int tombstoned; /* articles the reader had deleted */
    /* Articles refused because a different one is held under the same guid and `updated`
     * (the held one stays); the first such guid and the file its held article came from. */
    int conflicts;
    char conflict_guid[256];
    char conflict_with[1024];
    bool verified;
    char keyid[17];
    char publisher[128];
};

/* One line (no "quire: warning:") naming path and the file of the held article when
 * r->conflicts > 0; "" otherwise. Text from the bundles is escaped. */
void bundle_import_conflict_message(const char *path, const struct bundle_import_result *r,
                                    char *out, size_t cap);

enum quire_status bundle_import_file(store *s, const char *path,
                                     const struct bundle_import_opts *opts,
                                     struct bundle_import_result *res, struct quire_err *err);

#endif
