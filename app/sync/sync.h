/* sync: pull signed bundles from a source's mirrors into the library. For each source: fetch
 * the index from the first mirror that answers (conditional GET, so an unchanged index costs
 * one small request), verify its minisign signature with the source's publisher key (a relay's
 * index is unsigned), refuse a sequence older than the last one seen, warn past valid_until,
 * then download each missing bundle into <library dir>/partial/<sha256>.part (resuming with
 * Range, failing over mirror by mirror), check size and SHA-256 against the index, and import
 * it (bundle_import_file: publisher signature, trust, one transaction per bundle).
 * Worker-thread use: sync_run opens its own store handle, never holds a transaction across the
 * network, reports progress through a callback and stops at the next callback when *cancel is
 * raised; whatever was downloaded stays in the partial folder for the next run.
 * Start reading at sync_run() in sync.c. */
#ifndef QUIRE_SYNC_H
#define QUIRE_SYNC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "quire_error.h"
#include "store.h"
#include "net_http.h"

enum sync_event {
    SYNC_EV_INDEX,      /* fetching the index of `source` from `mirror` */
    SYNC_EV_INDEX_SAME, /* the index did not change (304) */
    SYNC_EV_PLAN,       /* bundles_total bundles, all_total bytes to fetch */
    SYNC_EV_BYTES,      /* download progress of `file` */
    SYNC_EV_IMPORTED,   /* `file` imported (articles_new new articles) */
    SYNC_EV_WARN,       /* `message`: a warning (expired index, a mirror failed over) */
    SYNC_EV_ERROR,      /* `message`: this source or bundle failed */
    SYNC_EV_DONE,       /* the source is finished */
};

struct sync_progress {
    enum sync_event event;
    const char *source;
    const char *mirror;             /* base URL in use, or NULL */
    const char *file;               /* bundle file name, or NULL */
    uint64_t file_have, file_total; /* bytes of the current bundle */
    uint64_t all_have, all_total;   /* bytes of this source's downloads */
    int bundles_done, bundles_total;
    int articles_new;
    const char *message; /* one line, for WARN and ERROR */
};
typedef void (*sync_progress_fn)(void *ctx, const struct sync_progress *p);

struct sync_opts {
    const char *db_path;        /* the library; sync opens its own handle on it */
    const char *const *sources; /* names to sync; NULL: every source */
    size_t n_sources;
    /* Network settings. proxy, cacert and max_rate here override the source's and the
     * global ones (settings sync.proxy, sync.cacert, sync.max_rate) when set; the cancel
     * flag and progress fields of net are ignored (use the ones below). */
    struct net_opts net;
    atomic_int *cancel;           /* may be NULL */
    bool (*is_online)(void *ctx); /* NULL: assume online */
    void *online_ctx;
    sync_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    int64_t max_partial_bytes; /* unfinished downloads kept; 0: QUIRE_SYNC_PARTIAL_MAX_BYTES */
};

struct sync_report {
    int sources_ok, sources_failed;
    int sources_unreachable; /* failed with no mirror reached at all: offline when all failed so */
    int indexes_not_modified;
    int bundles_listed, bundles_present, bundles_imported, bundles_failed;
    int bundles_skipped; /* signed by a key this library does not trust: not downloaded */
    int articles_new, articles_updated;
    uint64_t bytes_index;   /* index and signature bytes received */
    uint64_t bytes_bundles; /* bundle bytes received over the wire */
    uint64_t bytes_resumed; /* bundle bytes already held in partial files */
};

/* Syncs the chosen sources, holding the library's sync lock (sync_lock_acquire) throughout:
 * a second sync of the same library, from this process or another, fails at once with
 * QUIRE_EBUSY and a message saying so, touching nothing. QUIRE_OK when every source synced and
 * every bundle imported; otherwise the first failure (err) while the rest carried on (every failure
 * is also reported through the progress callback as SYNC_EV_ERROR). QUIRE_ECANCELED when cancelled,
 * QUIRE_ENET with "offline" when is_online says so. */
enum quire_status sync_run(const struct sync_opts *o, struct sync_report *rep,
                           struct quire_err *err);

/* The library's sync lock: an exclusive flock on <library dir>/sync.lock, so that the reader's
 * sync worker and `quire sync` never run at once on one library (two downloads of the same
 * partial file would corrupt it). Held by an open file: a crashed holder releases it. Taken
 * without waiting: QUIRE_EBUSY with "another sync of <library> is running" when held. */
typedef struct sync_lock sync_lock;
enum quire_status sync_lock_acquire(const char *db_path, sync_lock **out, struct quire_err *err);
/* sync_lock_release(NULL) is a no-op. */
void sync_lock_release(sync_lock *l);

/* Applies the retention settings retention.max_library_mb and retention.max_age_days: read,
 * unstarred articles expire oldest first (starred and unread never do; tombstones keep them
 * from coming back), and archived bundle files older than the age cap leave the archive.
 * Opens its own store handle. *expired counts articles, *pruned archived bundles. */
enum quire_status sync_retention_apply(const char *db_path, int64_t *expired, int64_t *pruned,
                                       struct quire_err *err);

/* The archive of verified bundles that export and serve hand on (sync_archive.c), filled in
 * two steps so that a crash can never leave an imported bundle out of it:
 * 1. sync_archive_record, inside the import's transaction (bundle_import_opts.committing):
 *    a pending row for bundle b under the name `file`, naming `from`, the verified file to
 *    move (a finished download) or copy (a sideloaded bundle, only read). Unsigned bundles
 *    are refused (QUIRE_EINVAL): relays pass on only what a publisher signed.
 * 2. sync_archive_finish, after the commit: moves or copies `from` into the archive (a copy
 *    is kept only if its bytes still hash to sha256) and settles the row. When `from` has
 *    gone, the row is dropped and QUIRE_ENOTFOUND says so: the articles stay. */
enum quire_status sync_archive_record(store *s, const bundle *b, const char *source,
                                      const char *file, const char *from, bool move,
                                      struct quire_err *err);
enum quire_status sync_archive_finish(store *s, const char *sha256, const char *from, bool move,
                                      struct quire_err *err);
/* Finishes every pending row a crash left (step 2 for each) and deletes the temporary copies
 * of processes that are gone. Each problem is passed to warn (may be NULL); returns the first
 * failure other than a vanished file. Cheap when nothing is pending: one query. */
typedef void (*sync_archive_warn_fn)(void *ctx, const char *msg);
enum quire_status sync_archive_recover(store *s, sync_archive_warn_fn warn, void *ctx,
                                       struct quire_err *err);

/* Deletes the oldest partial downloads in partial_dir (<sha256>.part files and their rows),
 * except keep_sha256's (may be NULL), until the others hold at most `limit` bytes. Files that
 * cannot be listed are left. */
enum quire_status sync_partials_trim(store *s, const char *partial_dir, const char *keep_sha256,
                                     uint64_t limit, struct quire_err *err);

/* Bytes of the partial downloads (<sha256>.part files) in partial_dir. */
uint64_t sync_partials_bytes(const char *partial_dir);
/* Deletes the .part files in partial_dir that no partial row names (a crash between a row's
 * removal and its file's, a library copied without them): nothing could resume them. Call
 * with the sync lock held. Best effort; returns the files deleted. */
int sync_partials_sweep(store *s, const char *partial_dir);

/* Removes a source and its partial downloads (the .part files under <library dir>/partial and
 * their rows): nothing of a removed source is left to resume. QUIRE_ENOTFOUND when no source
 * has that name. The archive of its imported bundles stays (export and serve hand it on). */
enum quire_status sync_source_remove(store *s, const char *name, struct quire_err *err);

/* The folder beside the library where sync keeps partial downloads (<dir>/partial) or the
 * archive of synced bundles (<dir>/bundles): written into out. */
enum quire_status sync_library_dir(const char *db_path, const char *sub, char *out, size_t outlen);

#endif
