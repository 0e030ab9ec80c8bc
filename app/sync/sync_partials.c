/* sync_partials: keeps the folder of unfinished downloads (<library dir>/partial) under a
 * size: a relay, signed by nobody, can offer bundles it never completes, and each would
 * otherwise stay for resuming for ever. The oldest partial files go first. Also drops the
 * partial files of withdrawn bundles and of removed sources. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "quire_util.h"
#include "store_sync.h"
#include "sync.h"
#include "sync_run.h"

#define SYNC_PARTIALS_MAX_FILES 4096 /* partial files looked at per trim */
#define QUIRE_SYNC_REMOVE_BATCH 64   /* partial files deleted per listing on source removal */

struct partial_file {
    char sha[65];
    uint64_t size;
    int64_t mtime;
};

static int oldest_first(const void *a, const void *b)
{
    const struct partial_file *x = a, *y = b;
    return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

/* "<64 hex>.part" -> its sha256 in sha; false for any other name. */
static bool part_name(const char *name, char sha[65])
{
    size_t n = strlen(name);
    if (n != 69 || strcmp(name + 64, ".part") != 0)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!strchr("0123456789abcdef", name[i]))
            return false;
    memcpy(sha, name, 64);
    sha[64] = '\0';
    return true;
}

static size_t list_partials(const char *dir, const char *keep, struct partial_file *out,
                            uint64_t *total)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    char path[1400];
    *total = 0;
    if (!d)
        return 0;
    for (struct dirent *de; n < SYNC_PARTIALS_MAX_FILES && (de = readdir(d));) {
        struct stat sb;
        if (!part_name(de->d_name, out[n].sha) || (keep && strcmp(out[n].sha, keep) == 0))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        out[n].size = (uint64_t)sb.st_size;
        out[n].mtime = (int64_t)sb.st_mtime;
        *total += out[n++].size;
    }
    closedir(d);
    return n;
}

uint64_t sync_partials_bytes(const char *partial_dir)
{
    struct partial_file *files = quire_calloc(SYNC_PARTIALS_MAX_FILES, sizeof *files);
    uint64_t total = 0;
    if (files)
        list_partials(partial_dir, NULL, files, &total);
    quire_free(files);
    return total;
}

int sync_partials_sweep(store *s, const char *partial_dir)
{
    struct partial_file *files = quire_calloc(SYNC_PARTIALS_MAX_FILES, sizeof *files);
    uint64_t total = 0;
    int swept = 0;
    size_t n = files ? list_partials(partial_dir, NULL, files, &total) : 0;
    char path[1400];
    for (size_t i = 0; i < n; i++) {
        bool recorded = true;
        if (store_sync_partial_exists(s, files[i].sha, &recorded, NULL) != QUIRE_OK || recorded)
            continue;
        snprintf(path, sizeof path, "%s/%s.part", partial_dir, files[i].sha);
        swept += unlink(path) == 0;
    }
    quire_free(files);
    return swept;
}

enum quire_status sync_partials_trim(store *s, const char *partial_dir, const char *keep_sha256,
                                     uint64_t limit, struct quire_err *err)
{
    struct partial_file *files = quire_calloc(SYNC_PARTIALS_MAX_FILES, sizeof *files);
    if (!files)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    uint64_t total = 0;
    size_t n = list_partials(partial_dir, keep_sha256, files, &total);
    qsort(files, n, sizeof *files, oldest_first);
    enum quire_status st = QUIRE_OK;
    char path[1400];
    for (size_t i = 0; i < n && total > limit && !st; i++) {
        snprintf(path, sizeof path, "%s/%s.part", partial_dir, files[i].sha);
        if (unlink(path) != 0 && errno != ENOENT) {
            st = quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
            break;
        }
        total -= files[i].size;
        st = store_sync_partial_remove(s, files[i].sha, err);
    }
    quire_free(files);
    return st;
}

/* ---- stale partial files and removed sources ---- */

struct stale {
    struct run *r;
    char (*sha)[65];
    size_t n, cap;
};

static int collect_stale(void *ctx, const char *sha256)
{
    struct stale *st = ctx;
    if (sync_index_find(st->r->idx, sha256) || st->n == st->cap)
        return st->n == st->cap;
    snprintf(st->sha[st->n++], 65, "%s", sha256);
    return 0;
}

/* Deletes the partial downloads of this source that its current index no longer lists (the
 * publisher withdrew them): they could never complete. Best effort. */
void sync_drop_stale_partials(struct run *r)
{
    char sha[64][65], path[1200];
    struct stale st = {.r = r, .sha = sha, .cap = 64};
    if (store_sync_partial_list(r->db, r->src.name, collect_stale, &st, NULL) != QUIRE_OK)
        return;
    for (size_t i = 0; i < st.n; i++) {
        snprintf(path, sizeof path, "%s/%s.part", r->partial_dir, sha[i]);
        unlink(path);
        store_sync_partial_remove(r->db, sha[i], NULL);
    }
}

struct source_partials {
    char (*sha)[65];
    size_t n, cap;
};

static int collect_partial(void *ctx, const char *sha256)
{
    struct source_partials *sp = ctx;
    if (sp->n == sp->cap)
        return 1;
    snprintf(sp->sha[sp->n++], 65, "%s", sha256);
    return 0;
}

enum quire_status sync_source_remove(store *s, const char *name, struct quire_err *err)
{
    char dir[1024], path[1200];
    char(*sha)[65] = quire_calloc(QUIRE_SYNC_REMOVE_BATCH, 65);
    if (!sha)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    enum quire_status st = store_source_remove(s, name, err);
    if (!st && sync_library_dir(store_path(s), QUIRE_SYNC_PARTIAL_DIR, dir, sizeof dir))
        st = quire_err_set(err, QUIRE_EINVAL, "%s: path too long", store_path(s));
    struct source_partials sp = {.sha = sha, .cap = QUIRE_SYNC_REMOVE_BATCH};
    do { /* in batches: the list callback must not write while it reads */
        sp.n = 0;
        if (!st)
            st = store_sync_partial_list(s, name, collect_partial, &sp, err);
        for (size_t i = 0; !st && i < sp.n; i++) {
            snprintf(path, sizeof path, "%s/%s.part", dir, sp.sha[i]);
            if (unlink(path) != 0 && errno != ENOENT)
                st = quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
            else
                st = store_sync_partial_remove(s, sp.sha[i], err);
        }
    } while (!st && sp.n == sp.cap);
    quire_free(sha);
    return st;
}
