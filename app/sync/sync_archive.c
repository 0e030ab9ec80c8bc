/* sync_archive: the archive that export and serve read from (<library dir>/bundles/
 * <sha256>.epub plus a sync_archive row), for synced and sideloaded bundles alike, so that
 * news that reached one reader on a USB stick can travel on to the next over a relay.
 * The row is written inside the import's transaction as pending (naming the file to copy or
 * move); the file goes into the archive after the commit, and then the row settles. A crash in
 * between leaves a pending row that sync_archive_recover finishes on the next open: the
 * archive never silently lacks an imported bundle. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "config.h"
#include "quire_util.h"
#include "store_sync.h"
#include "sync.h"

#define SYNC_RECOVER_BATCH 32 /* pending rows finished per listing */

/* Joins the manifest's distinct article sections, newline-separated, as the archive wants. */
static void distinct_sections(const struct bundle_manifest *m, struct quire_buf *out)
{
    for (size_t i = 0; i < m->n_articles; i++) {
        const char *sec = m->articles[i].section ? m->articles[i].section : "";
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = m->articles[j].section && strcmp(m->articles[j].section, sec) == 0;
        if (!seen && quire_buf_printf(out, "%s%s", out->len ? "\n" : "", sec) != QUIRE_OK)
            return; /* past the cap the list is cut short: it is informational */
    }
}

enum quire_status sync_archive_record(store *s, const bundle *b, const char *source,
                                      const char *file, const char *from, bool move,
                                      struct quire_err *err)
{
    if (!bundle_is_signed(b))
        return quire_err_set(err, QUIRE_EINVAL, "%s: unsigned bundles are not relayed",
                             bundle_name(b));
    /* The file must be found again from any working directory, after a crash. */
    char *abs = realpath(from, NULL);
    if (!abs)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", from, strerror(errno));
    struct quire_buf langs, sections;
    quire_buf_init(&langs, 1024);
    quire_buf_init(&sections, 4096);
    const struct bundle_manifest *m = bundle_get_manifest(b);
    for (size_t i = 0; i < m->n_languages; i++)
        quire_buf_printf(&langs, "%s%s", i ? "\n" : "", m->languages[i]);
    distinct_sections(m, &sections);
    char keyid[17];
    minisign_keyid_hex(bundle_get_signature(b)->keyid, keyid);
    struct store_sync_archived a = {
        .file = file,
        .size = bundle_get_size(b),
        .source = source,
        .publisher = m->publisher,
        .keyid = keyid,
        .sequence = m->sequence,
        .created = m->created,
        .articles = (int64_t)m->n_articles,
        .languages = langs.data ? langs.data : "",
        .sections = sections.data ? sections.data : "",
        .pending = abs,
        .pending_move = move,
    };
    snprintf(a.sha256, sizeof a.sha256, "%s", bundle_get_sha256(b));
    enum quire_status rc = store_sync_archive_put(s, &a, err);
    quire_buf_fini(&langs);
    quire_buf_fini(&sections);
    free(abs);
    return rc;
}

static enum quire_status archive_path(store *s, const char *sha256, char *dir, size_t dir_cap,
                                      char *dst, size_t dst_cap, struct quire_err *err)
{
    if (sync_library_dir(store_path(s), QUIRE_SYNC_ARCHIVE_DIR, dir, dir_cap) ||
        (size_t)snprintf(dst, dst_cap, "%s/%s.epub", dir, sha256) >= dst_cap)
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", store_path(s));
    return QUIRE_OK;
}

enum quire_status sync_archive_finish(store *s, const char *sha256, const char *from, bool move,
                                      struct quire_err *err)
{
    char dir[1024], dst[1200];
    enum quire_status rc = archive_path(s, sha256, dir, sizeof dir, dst, sizeof dst, err);
    if (!rc && !quire_file_exists(dst)) {
        if (!quire_file_exists(from)) {
            /* Deleted or unplugged since: the articles stay, only the relay copy is lost. */
            store_sync_archive_remove(s, sha256, NULL);
            return quire_err_set(err, QUIRE_ENOTFOUND,
                                 "%s: gone before it reached the archive: kept for reading, "
                                 "not for relaying",
                                 from);
        }
        if (!(rc = quire_mkdir_p(dir, err))) {
            /* A rename that another process (recovering the same row) won is no failure. */
            if (move && rename(from, dst) != 0 && !quire_file_exists(dst))
                rc = quire_err_set(err, QUIRE_EIO, "%s: %s", dst, strerror(errno));
            else if (!move)
                rc = quire_file_copy_atomic(from, dst, sha256, err);
        }
    }
    return rc ? rc : store_sync_archive_settle(s, sha256, err);
}

struct pending_batch {
    char sha[SYNC_RECOVER_BATCH][65];
    char *from[SYNC_RECOVER_BATCH];
    bool move[SYNC_RECOVER_BATCH];
    size_t n;
};

static int collect_pending(void *ctx, const struct store_sync_archived *a)
{
    struct pending_batch *pb = ctx;
    if (pb->n == SYNC_RECOVER_BATCH)
        return 1;
    if (!(pb->from[pb->n] = quire_strdup(a->pending)))
        return 1;
    snprintf(pb->sha[pb->n], sizeof pb->sha[0], "%s", a->sha256);
    pb->move[pb->n++] = a->pending_move;
    return 0;
}

/* Copies quire_file_copy_atomic left behind (<name>.tmp<pid>) by a process that is gone. */
static void remove_orphan_copies(store *s)
{
    char dir[1024], path[1400];
    if (sync_library_dir(store_path(s), QUIRE_SYNC_ARCHIVE_DIR, dir, sizeof dir))
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d));) {
        const char *tmp = strstr(de->d_name, ".tmp");
        char *end;
        long pid = tmp ? strtol(tmp + 4, &end, 10) : 0;
        if (!tmp || pid <= 0 || *end)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) /* alive: perhaps still copying */
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
}

enum quire_status sync_archive_recover(store *s, sync_archive_warn_fn warn, void *ctx,
                                       struct quire_err *err)
{
    enum quire_status first = QUIRE_OK;
    remove_orphan_copies(s);
    for (;;) {
        struct pending_batch pb = {.n = 0};
        enum quire_status rc = store_sync_archive_pending_list(s, collect_pending, &pb, err);
        size_t finished = 0;
        for (size_t i = 0; !rc && i < pb.n; i++) {
            struct quire_err e;
            enum quire_status st = sync_archive_finish(s, pb.sha[i], pb.from[i], pb.move[i], &e);
            if (st == QUIRE_OK || st == QUIRE_ENOTFOUND)
                finished++; /* settled, or dropped: either way the row is done */
            if (st && warn)
                warn(ctx, e.msg);
            if (st && st != QUIRE_ENOTFOUND && !first) {
                first = st;
                if (err)
                    *err = e;
            }
        }
        for (size_t i = 0; i < pb.n; i++)
            quire_free(pb.from[i]);
        if (rc)
            return rc;
        /* Stop when every row was listed, or when a whole batch is stuck (a full disk). */
        if (pb.n < SYNC_RECOVER_BATCH || finished == 0)
            return first;
    }
}
