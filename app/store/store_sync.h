/* store_sync: the store's tables for sync (migration 2 in store_schema.c): sources and their
 * ordered mirrors, the last verified index per source with the conditional-GET validators
 * (ETag, Last-Modified) of the mirror that served it, partial downloads, the archive of synced
 * bundle files that export and serve hand on, and retention.
 * Every function is one short statement or transaction so that a sync worker never holds the
 * library for long. Threads: as store.h (one handle per thread). */
#ifndef QUIRE_STORE_SYNC_H
#define QUIRE_STORE_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "quire_error.h"
#include "store.h"

#define STORE_SOURCE_NAME_MAX 64
#define STORE_URL_MAX         1024

struct store_source {
    char name[STORE_SOURCE_NAME_MAX];
    char keyid[17];             /* publisher key that signs the index; "" for a relay */
    bool is_relay;              /* unsigned index: bundles trusted only by their own signatures */
    char proxy[STORE_URL_MAX];  /* "" = global setting */
    char cacert[STORE_URL_MAX]; /* "" = global setting */
    int64_t max_rate;           /* bytes/s, 0 = global setting */
    int64_t last_sequence;      /* -1 before the first verified index */
    int64_t last_sync;          /* unix seconds of the last successful sync, 0 never */
    size_t n_mirrors;
    char mirrors[QUIRE_NET_MAX_MIRRORS][STORE_URL_MAX];
};

/* QUIRE_EEXIST if the name is taken. */
enum quire_status store_source_add(store *s, const struct store_source *src, struct quire_err *err);
/* QUIRE_ENOTFOUND if there is no such source. */
enum quire_status store_source_get(store *s, const char *name, struct store_source *out,
                                   struct quire_err *err);
enum quire_status store_source_remove(store *s, const char *name, struct quire_err *err);
typedef void (*store_source_cb)(void *ctx, const struct store_source *src);
/* In name order. */
enum quire_status store_source_list(store *s, store_source_cb cb, void *ctx, struct quire_err *err);

/* Conditional-GET validators recorded for a mirror (empty strings when none). */
enum quire_status store_sync_validators_get(store *s, const char *source, size_t mirror,
                                            char etag[256], char last_modified[64],
                                            struct quire_err *err);
/* Saves a verified index (body and signature, sig may be NULL for a relay) as the source's
 * current one, with its sequence and the validators of the mirror that served it; the other
 * mirrors' validators are cleared (they refer to another body). */
enum quire_status store_sync_index_save(store *s, const char *source, size_t mirror,
                                        int64_t sequence, const char *body, size_t len,
                                        const char *sig, size_t sig_len, const char *etag,
                                        const char *last_modified, struct quire_err *err);
/* Loads the cached index; *body NULL when none. Free both with quire_free. */
enum quire_status store_sync_index_load(store *s, const char *source, char **body, size_t *len,
                                        char **sig, size_t *sig_len, struct quire_err *err);
/* Records the outcome of a sync of source (last_sync is set when ok). */
enum quire_status store_sync_source_mark(store *s, const char *source, bool ok,
                                         struct quire_err *err);

/* ---- partial downloads (bookkeeping; the bytes are in <library dir>/partial/) ---- */
enum quire_status store_sync_partial_set(store *s, const char *sha256, const char *source,
                                         const char *url, uint64_t size, uint64_t have,
                                         struct quire_err *err);
enum quire_status store_sync_partial_remove(store *s, const char *sha256, struct quire_err *err);
enum quire_status store_sync_partial_count(store *s, int64_t *count, struct quire_err *err);
/* Whether a partial download of sha256 is recorded (for any source). */
enum quire_status store_sync_partial_exists(store *s, const char *sha256, bool *yes,
                                            struct quire_err *err);
/* The SHA-256 of every partial download recorded for source; a non-zero return stops. */
typedef int (*store_sync_partial_cb)(void *ctx, const char *sha256);
enum quire_status store_sync_partial_list(store *s, const char *source, store_sync_partial_cb cb,
                                          void *ctx, struct quire_err *err);

/* ---- bundles that failed to import (their bytes matched the index, so they would fail again):
 * keyed by SHA-256, so a corrected bundle under the same file name is fetched afresh ---- */
enum quire_status store_sync_failure_put(store *s, const char *sha256, const char *source,
                                         const char *file, const char *reason,
                                         struct quire_err *err);
/* QUIRE_ENOTFOUND when sha256 never failed; else its reason (cut to reason_cap) and time. */
enum quire_status store_sync_failure_get(store *s, const char *sha256, char *reason,
                                         size_t reason_cap, int64_t *failed, struct quire_err *err);

/* ---- archive of synced bundle files (<library dir>/bundles/<sha256>.epub) ---- */
struct store_sync_archived {
    char sha256[65];
    const char *file; /* the name the repository gave it */
    uint64_t size;
    const char *source;
    const char *publisher; /* may be NULL */
    const char *keyid;     /* may be NULL */
    int64_t sequence;
    int64_t created;
    int64_t articles;
    const char *languages; /* newline-separated */
    const char *sections;  /* newline-separated */
    int64_t added;         /* unix seconds when archived */
    /* The file still to copy (or, pending_move, to rename) into the archive; NULL once the
     * archive holds it. Written in the import's transaction: see store_sync_archive.c. */
    const char *pending;
    bool pending_move;
};
enum quire_status store_sync_archive_put(store *s, const struct store_sync_archived *a,
                                         struct quire_err *err);
/* Oldest first; a non-zero return from cb stops. Only rows whose file is in the archive. */
typedef int (*store_sync_archive_cb)(void *ctx, const struct store_sync_archived *a);
enum quire_status store_sync_archive_list(store *s, store_sync_archive_cb cb, void *ctx,
                                          struct quire_err *err);
/* The rows still pending, oldest first. */
enum quire_status store_sync_archive_pending_list(store *s, store_sync_archive_cb cb, void *ctx,
                                                  struct quire_err *err);
/* The archive now holds sha256's file: the row stops being pending, and the partial download
 * it came from is forgotten, in one transaction. */
enum quire_status store_sync_archive_settle(store *s, const char *sha256, struct quire_err *err);
enum quire_status store_sync_archive_remove(store *s, const char *sha256, struct quire_err *err);

/* ---- retention ---- */
/* Bytes the library's content takes: every article's body, search text and cached layout, plus
 * every media blob. */
enum quire_status store_sync_library_bytes(store *s, int64_t *bytes, struct quire_err *err);
/* The newest article's import time (articles.added; 0 when empty): retention's clock check. */
enum quire_status store_sync_newest_import(store *s, int64_t *added, struct quire_err *err);
/* Deletes (with tombstones, so a re-import does not bring them back) read (is_read, or the
 * reading position marked finished), unstarred articles published before `older_than` (0: no
 * age cap), oldest first, then more of the same kind, oldest first, while the library's bytes
 * (store_sync_library_bytes) plus extra_bytes (the caller's files, e.g. the bundle archive)
 * exceed max_bytes (0: no size cap). Media no article uses any more go with them. Works in
 * batches, one transaction each. Starred and unread articles are never deleted. *deleted
 * counts removed articles. */
enum quire_status store_sync_expire(store *s, int64_t older_than, int64_t max_bytes,
                                    int64_t extra_bytes, int64_t *deleted, struct quire_err *err);

#endif
