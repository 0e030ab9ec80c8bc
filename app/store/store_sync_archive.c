/* store_sync_archive: the rows of the bundle archive (<library dir>/bundles/<sha256>.epub)
 * that export and serve hand on (see store_sync.h). A row written inside an import's
 * transaction is pending until its file is in the archive: a crash between the commit and the
 * copy leaves the row naming the file still to copy or move, and the next open finishes it
 * (sync_archive_recover), so the archive and the library always agree. */
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "store_internal.h"
#include "store_sync.h"

enum quire_status store_sync_archive_put(store *s, const struct store_sync_archived *a,
                                         struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(
        s,
        "INSERT OR REPLACE INTO sync_archive(sha256, file, size, source, publisher, keyid,"
        " sequence, created, articles, languages, sections, added, pending, pending_move)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, a->sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, a->file, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (int64_t)a->size);
    store_bind_opt_text(st, 4, a->source);
    store_bind_opt_text(st, 5, a->publisher);
    store_bind_opt_text(st, 6, a->keyid);
    sqlite3_bind_int64(st, 7, a->sequence);
    sqlite3_bind_int64(st, 8, a->created);
    sqlite3_bind_int64(st, 9, a->articles);
    sqlite3_bind_text(st, 10, a->languages ? a->languages : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, a->sections ? a->sections : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 12, a->added ? a->added : quire_now());
    store_bind_opt_text(st, 13, a->pending);
    sqlite3_bind_int(st, 14, a->pending_move ? 1 : 0);
    return store_run(s, st, err, "archiving a bundle");
}

/* Lists rows whose file is (pending = 0) or is not yet (pending = 1) in the archive. */
static enum quire_status list_rows(store *s, int pending, store_sync_archive_cb cb, void *ctx,
                                   struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        store_prepare(s,
                      "SELECT sha256, file, size, source, publisher, keyid, sequence, created,"
                      " articles, languages, sections, added, pending, pending_move"
                      " FROM sync_archive WHERE (pending IS NOT NULL) = ?1"
                      " ORDER BY added, sequence, sha256",
                      &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, pending);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_sync_archived a = {
            .file = store_col_text(st, 1),
            .size = (uint64_t)sqlite3_column_int64(st, 2),
            .source = store_col_text(st, 3),
            .publisher = store_col_text(st, 4),
            .keyid = store_col_text(st, 5),
            .sequence = sqlite3_column_int64(st, 6),
            .created = sqlite3_column_int64(st, 7),
            .articles = sqlite3_column_int64(st, 8),
            .languages = store_col_text(st, 9),
            .sections = store_col_text(st, 10),
            .added = sqlite3_column_int64(st, 11),
            .pending = store_col_text(st, 12),
            .pending_move = sqlite3_column_int(st, 13) != 0,
        };
        store_copy_text(a.sha256, sizeof a.sha256, sqlite3_column_text(st, 0));
        if (cb(ctx, &a))
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store_fail(s, err, "listing archived bundles");
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_sync_archive_list(store *s, store_sync_archive_cb cb, void *ctx,
                                          struct quire_err *err)
{
    return list_rows(s, 0, cb, ctx, err);
}

enum quire_status store_sync_archive_pending_list(store *s, store_sync_archive_cb cb, void *ctx,
                                                  struct quire_err *err)
{
    return list_rows(s, 1, cb, ctx, err);
}

enum quire_status store_sync_archive_settle(store *s, const char *sha256, struct quire_err *err)
{
    static const char *const sql[] = {
        "UPDATE sync_archive SET pending = NULL, pending_move = 0 WHERE sha256 = ?1",
        "DELETE FROM sync_partials WHERE sha256 = ?1", /* the download is done with */
    };
    enum quire_status rc = store_tx_begin(s, err);
    for (size_t i = 0; !rc && i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st;
        if (!(rc = store_prepare(s, sql[i], &st, err))) {
            sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
            rc = store_run(s, st, err, "recording an archived bundle");
        }
    }
    if (rc) {
        store_tx_rollback(s);
        return rc;
    }
    return store_tx_commit(s, err);
}

enum quire_status store_sync_archive_remove(store *s, const char *sha256, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s, "DELETE FROM sync_archive WHERE sha256 = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    return store_run(s, st, err, "removing an archived bundle");
}
