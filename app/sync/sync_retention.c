/* sync_retention: applies the retention settings (retention.max_library_mb,
 * retention.max_age_days) to a library. The size cap covers everything the library keeps on
 * disk for its content: article bodies, search text and cached layouts, media, the archive
 * of bundle files (kept for export and serve) and unfinished downloads. Unfinished downloads
 * go first (oldest first), then read, unstarred articles expire (oldest first, in batches:
 * store_sync_expire); if that is not enough, archived bundle files go, oldest first. Starred and
 * unread articles never expire. The age cap does not trust the device clock blindly: ages are
 * measured from the newest import time (articles.added), and when the clock reads earlier than that
 * newest import the clock is wrong and nothing expires by age (see docs/sync.md, "Retention"). The
 * reader calls it after a sync, on its worker thread like sync_run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"

#define PRUNE_BATCH 64 /* archived bundles listed per pass */

struct prune {
    int64_t before;  /* prune archived bundles created before this (0: by size) */
    int64_t over;    /* by size: bytes still to free */
    const char *dir; /* the archive folder */
    char (*sha)[65];
    size_t n, cap;
};

static uint64_t archived_size(const char *dir, const char *sha256)
{
    char path[1200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s.epub", dir, sha256);
    return stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

/* The archive lists oldest first: takes what is too old, or (by size) the oldest until enough
 * bytes are freed. */
static int collect(void *ctx, const struct store_sync_archived *a)
{
    struct prune *p = ctx;
    if (p->before > 0 && a->created >= p->before)
        return 0;
    if (p->before == 0) {
        if (p->over <= 0)
            return 1;
        p->over -= (int64_t)archived_size(p->dir, a->sha256);
    }
    snprintf(p->sha[p->n++], 65, "%s", a->sha256);
    return p->n == p->cap;
}

/* Deletes archived bundles created before `before`, or (before == 0) the oldest until `over`
 * bytes are freed, in batches. */
static enum quire_status prune_archive(store *s, const char *dir, int64_t before, int64_t over,
                                       int64_t *pruned, struct quire_err *err)
{
    char path[1200], sha[PRUNE_BATCH][65];
    for (;;) {
        struct prune p = {
            .before = before, .over = over, .dir = dir, .sha = sha, .cap = PRUNE_BATCH};
        enum quire_status st = store_sync_archive_list(s, collect, &p, err);
        if (st || p.n == 0)
            return st;
        over = p.over;
        for (size_t i = 0; i < p.n; i++) {
            snprintf(path, sizeof path, "%s/%s.epub", dir, sha[i]);
            if (unlink(path) != 0 && errno != ENOENT)
                return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
            if ((st = store_sync_archive_remove(s, sha[i], err)))
                return st;
            (*pruned)++;
        }
        if (p.n < p.cap)
            return QUIRE_OK;
    }
}

static int add_size(void *ctx, const struct store_sync_archived *a)
{
    struct prune *p = ctx;
    p->over += (int64_t)archived_size(p->dir, a->sha256);
    return 0;
}

static enum quire_status archive_bytes(store *s, const char *dir, int64_t *bytes,
                                       struct quire_err *err)
{
    struct prune p = {.dir = dir};
    enum quire_status st = store_sync_archive_list(s, add_size, &p, err);
    *bytes = p.over;
    return st;
}

/* The time ages are measured from, or 0 when the clock cannot be trusted for it: the newest
 * import time, unless the device clock reads earlier than that (set back, or reset). A clock
 * that jumped forward cannot expire anything that was not already old at the newest import. */
static enum quire_status age_reference(store *s, int64_t *ref, struct quire_err *err)
{
    int64_t newest = 0, now = quire_now();
    enum quire_status st = store_sync_newest_import(s, &newest, err);
    *ref = st || newest == 0 || now < newest ? 0 : newest;
    return st;
}

/* Unfinished downloads count against the size cap and go first: they are unverified bytes a
 * relay may never complete, where an expired article is news a reader kept. Only while no
 * sync runs (one holds the sync lock and trims them to its own cap). *left: partial bytes
 * kept. */
static enum quire_status trim_partials(store *s, const char *db_path, int64_t room, int64_t *left,
                                       struct quire_err *err)
{
    char dir[1024];
    sync_lock *lock = NULL;
    if (sync_library_dir(db_path, QUIRE_SYNC_PARTIAL_DIR, dir, sizeof dir))
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", db_path);
    *left = (int64_t)sync_partials_bytes(dir);
    if (*left <= (room > 0 ? room : 0) || sync_lock_acquire(db_path, &lock, NULL) != QUIRE_OK)
        return QUIRE_OK;
    enum quire_status st = sync_partials_trim(s, dir, NULL, room > 0 ? (uint64_t)room : 0, err);
    sync_lock_release(lock);
    *left = (int64_t)sync_partials_bytes(dir);
    return st;
}

static enum quire_status apply(store *s, const char *db_path, int64_t max_bytes, int64_t age,
                               int64_t *expired, int64_t *pruned, struct quire_err *err)
{
    char dir[1024];
    int64_t ref = 0, arch = 0, lib = 0, more = 0;
    enum quire_status st = QUIRE_OK;
    if (sync_library_dir(db_path, QUIRE_SYNC_ARCHIVE_DIR, dir, sizeof dir))
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", db_path);
    if (age > 0 && !(st = age_reference(s, &ref, err)) && ref > 0) {
        if (!(st = store_sync_expire(s, ref - age, 0, 0, expired, err)))
            st = prune_archive(s, dir, ref - age, 0, pruned, err);
    }
    if (st || max_bytes <= 0)
        return st;
    int64_t partial = 0;
    if ((st = archive_bytes(s, dir, &arch, err)) || (st = store_sync_library_bytes(s, &lib, err)) ||
        (st = trim_partials(s, db_path, max_bytes - lib - arch, &partial, err)) ||
        (st = store_sync_expire(s, 0, max_bytes, arch + partial, &more, err)))
        return st;
    *expired += more;
    if ((st = store_sync_library_bytes(s, &lib, err)) || lib + arch + partial <= max_bytes)
        return st;
    return prune_archive(s, dir, 0, lib + arch + partial - max_bytes, pruned, err);
}

enum quire_status sync_retention_apply(const char *db_path, int64_t *expired, int64_t *pruned,
                                       struct quire_err *err)
{
    store *s = NULL;
    char mb[32] = "", days[32] = "";
    *expired = *pruned = 0;
    enum quire_status st = store_open(db_path, &s, err);
    if (st)
        return st;
    store_setting_get(s, "retention.max_library_mb", mb, sizeof mb, NULL);
    store_setting_get(s, "retention.max_age_days", days, sizeof days, NULL);
    /* Checked when set (quire source set); anything else in the file counts as unset. */
    int64_t max_mb = 0, max_days = 0;
    if (!quire_parse_i64(mb, 0, QUIRE_SETTING_MAX_LIBRARY_MB, &max_mb))
        max_mb = 0;
    if (!quire_parse_i64(days, 0, QUIRE_SETTING_MAX_AGE_DAYS, &max_days))
        max_days = 0;
    int64_t max_bytes = max_mb * 1000000LL, age = max_days * 86400LL;
    if (max_bytes > 0 || age > 0)
        st = apply(s, db_path, max_bytes, age, expired, pruned, err);
    store_close(s);
    return st;
}
