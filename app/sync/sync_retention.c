/* sync_retention: applies the retention settings (retention.max_library_mb,
 * retention.max_age_days) to a library: read, unstarred articles expire (store_sync_expire:
 * oldest first, starred and unread never), and archived bundle files (kept for export and
 * serve) older than the age cap are deleted from the archive. The reader calls it after a
 * sync, on its worker thread like sync_run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"

struct prune {
    int64_t before;
    char (*sha)[65];
    size_t n, cap;
};

static int collect_old(void *ctx, const struct store_sync_archived *a)
{
    struct prune *p = ctx;
    if (a->created < p->before && p->n < p->cap)
        snprintf(p->sha[p->n++], 65, "%s", a->sha256);
    return p->n == p->cap;
}

/* Deletes archived bundles created before `before`, in batches of 64. */
static enum quire_status prune_archive(store *s, const char *db_path, int64_t before,
                                       int64_t *pruned, struct quire_err *err)
{
    char dir[1024], path[1200], sha[64][65];
    if (sync_library_dir(db_path, QUIRE_SYNC_ARCHIVE_DIR, dir, sizeof dir))
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", db_path);
    for (;;) {
        struct prune p = {.before = before, .sha = sha, .cap = 64};
        enum quire_status st = store_sync_archive_list(s, collect_old, &p, err);
        if (st || p.n == 0)
            return st;
        for (size_t i = 0; i < p.n; i++) {
            snprintf(path, sizeof path, "%s/%s.epub", dir, sha[i]);
            unlink(path);
            if ((st = store_sync_archive_remove(s, sha[i], err)))
                return st;
            (*pruned)++;
        }
        if (p.n < p.cap)
            return QUIRE_OK;
    }
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
    int64_t max_bytes = atoll(mb) * 1000000LL, age = atoll(days) * 86400LL;
    int64_t before = age > 0 ? quire_now() - age : 0;
    if (max_bytes > 0 || age > 0)
        st = store_sync_expire(s, before, max_bytes, expired, err);
    if (!st && age > 0)
        st = prune_archive(s, db_path, before, pruned, err);
    store_close(s);
    return st;
}
