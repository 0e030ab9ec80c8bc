/* store_sync: sync's tables (sources, mirrors, cached index, partials, archive) and retention.
 * See store_sync.h. Statements are prepared per call: sync touches these tables a few times
 * per bundle, far from any hot path, and this keeps the file independent of store.c's cache. */
#include "store_sync.h"

#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "store_internal.h"

/* ---- statement helpers (store_internal.h) ---- */

void store_copy_text(char *dst, size_t cap, const unsigned char *src)
{
    snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

enum quire_status store_prepare(store *s, const char *sql, sqlite3_stmt **st, struct quire_err *err)
{
    if (sqlite3_prepare_v2(store_db(s), sql, -1, st, NULL) != SQLITE_OK)
        return store_fail(s, err, "preparing a sync statement");
    return QUIRE_OK;
}

enum quire_status store_run(store *s, sqlite3_stmt *st, struct quire_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    enum quire_status out = rc == SQLITE_DONE ? QUIRE_OK : store_fail(s, err, what);
    sqlite3_finalize(st);
    return out;
}

const char *store_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

void store_bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && v[0])
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* ---- sources ---- */

static enum quire_status add_mirrors(store *s, const struct store_source *src,
                                     struct quire_err *err)
{
    for (size_t i = 0; i < src->n_mirrors; i++) {
        sqlite3_stmt *st;
        enum quire_status rc = store_prepare(
            s, "INSERT INTO source_mirrors(source, position, url) VALUES (?1, ?2, ?3)", &st, err);
        if (rc)
            return rc;
        sqlite3_bind_text(st, 1, src->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        sqlite3_bind_text(st, 3, src->mirrors[i], -1, SQLITE_TRANSIENT);
        if ((rc = store_run(s, st, err, "adding a mirror")))
            return rc;
    }
    return QUIRE_OK;
}

enum quire_status store_source_add(store *s, const struct store_source *src, struct quire_err *err)
{
    struct store_source old;
    if (store_source_get(s, src->name, &old, NULL) == QUIRE_OK)
        return quire_err_set(err, QUIRE_EEXIST, "%s: source '%s' already exists", store_path(s),
                             src->name);
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    if ((rc = store_prepare(
             s,
             "INSERT INTO sources(name, keyid, is_relay, proxy, cacert, max_rate, added)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
             &st, err)))
        goto fail;
    sqlite3_bind_text(st, 1, src->name, -1, SQLITE_TRANSIENT);
    store_bind_opt_text(st, 2, src->keyid);
    sqlite3_bind_int(st, 3, src->is_relay);
    store_bind_opt_text(st, 4, src->proxy);
    store_bind_opt_text(st, 5, src->cacert);
    sqlite3_bind_int64(st, 6, src->max_rate);
    sqlite3_bind_int64(st, 7, quire_now());
    if ((rc = store_run(s, st, err, "adding a source")) || (rc = add_mirrors(s, src, err)))
        goto fail;
    return store_tx_commit(s, err);
fail:
    store_tx_rollback(s);
    return rc;
}

static enum quire_status load_mirrors(store *s, struct store_source *out, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(
        s, "SELECT url FROM source_mirrors WHERE source = ?1 ORDER BY position", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, out->name, -1, SQLITE_TRANSIENT);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && out->n_mirrors < QUIRE_NET_MAX_MIRRORS)
        store_copy_text(out->mirrors[out->n_mirrors++], STORE_URL_MAX, sqlite3_column_text(st, 0));
    rc = (r == SQLITE_ROW || r == SQLITE_DONE) ? QUIRE_OK : store_fail(s, err, "reading mirrors");
    sqlite3_finalize(st);
    return rc;
}

static void row_to_source(sqlite3_stmt *st, struct store_source *out)
{
    memset(out, 0, sizeof *out);
    store_copy_text(out->name, sizeof out->name, sqlite3_column_text(st, 0));
    store_copy_text(out->keyid, sizeof out->keyid, sqlite3_column_text(st, 1));
    out->is_relay = sqlite3_column_int(st, 2) != 0;
    store_copy_text(out->proxy, sizeof out->proxy, sqlite3_column_text(st, 3));
    store_copy_text(out->cacert, sizeof out->cacert, sqlite3_column_text(st, 4));
    out->max_rate = sqlite3_column_int64(st, 5);
    out->last_sequence = sqlite3_column_int64(st, 6);
    out->last_sync = sqlite3_column_int64(st, 7);
}

#define SOURCE_COLUMNS                                                                             \
    "SELECT name, keyid, is_relay, proxy, cacert, max_rate, last_sequence,"                        \
    " coalesce(last_sync, 0) FROM sources"

enum quire_status store_source_get(store *s, const char *name, struct store_source *out,
                                   struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s, SOURCE_COLUMNS " WHERE name = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        row_to_source(st, out);
    else
        rc = r == SQLITE_DONE ? quire_err_set(err, QUIRE_ENOTFOUND, "%s: no source named '%s'",
                                              store_path(s), name)
                              : store_fail(s, err, "reading a source");
    sqlite3_finalize(st);
    return rc ? rc : load_mirrors(s, out, err);
}

enum quire_status store_source_remove(store *s, const char *name, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s, "DELETE FROM sources WHERE name = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    if ((rc = store_run(s, st, err, "removing a source")))
        return rc;
    if (sqlite3_changes(store_db(s)) == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no source named '%s'", store_path(s), name);
    return QUIRE_OK;
}

enum quire_status store_source_list(store *s, store_source_cb cb, void *ctx, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s, SOURCE_COLUMNS " ORDER BY name", &st, err);
    if (rc)
        return rc;
    struct store_source *src = quire_malloc(sizeof *src);
    if (!src) {
        sqlite3_finalize(st);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        row_to_source(st, src);
        if ((rc = load_mirrors(s, src, err)))
            break;
        cb(ctx, src);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_fail(s, err, "listing sources");
    quire_free(src);
    sqlite3_finalize(st);
    return rc;
}

/* ---- cached index and validators ---- */

enum quire_status store_sync_validators_get(store *s, const char *source, size_t mirror,
                                            char etag[256], char last_modified[64],
                                            struct quire_err *err)
{
    sqlite3_stmt *st;
    etag[0] = last_modified[0] = '\0';
    enum quire_status rc = store_prepare(s,
                                         "SELECT etag, last_modified FROM source_mirrors"
                                         " WHERE source = ?1 AND position = ?2",
                                         &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (int64_t)mirror);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        store_copy_text(etag, 256, sqlite3_column_text(st, 0));
        store_copy_text(last_modified, 64, sqlite3_column_text(st, 1));
    } else if (r != SQLITE_DONE) {
        rc = store_fail(s, err, "reading mirror validators");
    }
    sqlite3_finalize(st);
    return rc;
}

static enum quire_status save_validators(store *s, const char *source, size_t mirror,
                                         const char *etag, const char *lm, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        store_prepare(s,
                      "UPDATE source_mirrors SET"
                      " etag = CASE WHEN position = ?2 THEN ?3 END,"
                      " last_modified = CASE WHEN position = ?2 THEN ?4 END WHERE source = ?1",
                      &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (int64_t)mirror);
    store_bind_opt_text(st, 3, etag);
    store_bind_opt_text(st, 4, lm);
    return store_run(s, st, err, "saving mirror validators");
}

enum quire_status store_sync_index_save(store *s, const char *source, size_t mirror,
                                        int64_t sequence, const char *body, size_t len,
                                        const char *sig, size_t sig_len, const char *etag,
                                        const char *last_modified, struct quire_err *err)
{
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    if ((rc = store_prepare(s,
                            "UPDATE sources SET last_sequence = ?2, last_index = ?3, last_sig = ?4"
                            " WHERE name = ?1",
                            &st, err)))
        goto fail;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, sequence);
    sqlite3_bind_blob(st, 3, body, (int)len, SQLITE_TRANSIENT);
    if (sig)
        sqlite3_bind_blob(st, 4, sig, (int)sig_len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 4);
    if ((rc = store_run(s, st, err, "saving the index")) ||
        (rc = save_validators(s, source, mirror, etag, last_modified, err)))
        goto fail;
    return store_tx_commit(s, err);
fail:
    store_tx_rollback(s);
    return rc;
}

static enum quire_status dup_blob(sqlite3_stmt *st, int col, char **out, size_t *len)
{
    const void *p = sqlite3_column_blob(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    *out = NULL;
    *len = 0;
    if (!p)
        return QUIRE_OK;
    *out = quire_malloc(n + 1);
    if (!*out)
        return QUIRE_ENOMEM;
    memcpy(*out, p, n);
    (*out)[n] = '\0';
    *len = n;
    return QUIRE_OK;
}

enum quire_status store_sync_index_load(store *s, const char *source, char **body, size_t *len,
                                        char **sig, size_t *sig_len, struct quire_err *err)
{
    sqlite3_stmt *st;
    *body = *sig = NULL;
    *len = *sig_len = 0;
    enum quire_status rc =
        store_prepare(s, "SELECT last_index, last_sig FROM sources WHERE name = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (dup_blob(st, 0, body, len) || dup_blob(st, 1, sig, sig_len)) {
            quire_free(*body);
            *body = NULL;
            rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        }
    } else if (r != SQLITE_DONE) {
        rc = store_fail(s, err, "loading the cached index");
    }
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_sync_source_mark(store *s, const char *source, bool ok,
                                         struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        store_prepare(s,
                      "UPDATE sources SET last_attempt = ?2,"
                      " last_sync = CASE WHEN ?3 THEN ?2 ELSE last_sync END WHERE name = ?1",
                      &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, quire_now());
    sqlite3_bind_int(st, 3, ok);
    return store_run(s, st, err, "recording a sync");
}

/* ---- partials ---- */

enum quire_status store_sync_partial_set(store *s, const char *sha256, const char *source,
                                         const char *url, uint64_t size, uint64_t have,
                                         struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s,
                                         "INSERT OR REPLACE INTO sync_partials"
                                         "(sha256, source, url, size, have, updated)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                         &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    store_bind_opt_text(st, 2, source);
    store_bind_opt_text(st, 3, url);
    sqlite3_bind_int64(st, 4, (int64_t)size);
    sqlite3_bind_int64(st, 5, (int64_t)have);
    sqlite3_bind_int64(st, 6, quire_now());
    return store_run(s, st, err, "recording a partial download");
}

enum quire_status store_sync_partial_remove(store *s, const char *sha256, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        store_prepare(s, "DELETE FROM sync_partials WHERE sha256 = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    return store_run(s, st, err, "removing a partial download");
}

enum quire_status store_sync_failure_put(store *s, const char *sha256, const char *source,
                                         const char *file, const char *reason,
                                         struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s,
                                         "INSERT OR REPLACE INTO sync_failures"
                                         "(sha256, source, file, reason, failed)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5)",
                                         &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    store_bind_opt_text(st, 2, source);
    sqlite3_bind_text(st, 3, file, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, quire_now());
    return store_run(s, st, err, "recording a failed bundle");
}

enum quire_status store_sync_failure_get(store *s, const char *sha256, char *reason,
                                         size_t reason_cap, int64_t *failed, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        store_prepare(s, "SELECT reason, failed FROM sync_failures WHERE sha256 = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        store_copy_text(reason, reason_cap, sqlite3_column_text(st, 0));
        *failed = sqlite3_column_int64(st, 1);
    } else {
        rc = r == SQLITE_DONE ? QUIRE_ENOTFOUND : store_fail(s, err, "reading a failed bundle");
    }
    sqlite3_finalize(st);
    return rc;
}

static enum quire_status count_query(store *s, const char *sql, int64_t *out, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    *out = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (r != SQLITE_ROW)
        rc = store_fail(s, err, "counting");
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_sync_partial_count(store *s, int64_t *count, struct quire_err *err)
{
    return count_query(s, "SELECT count(*) FROM sync_partials", count, err);
}

enum quire_status store_sync_partial_exists(store *s, const char *sha256, bool *yes,
                                            struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        store_prepare(s, "SELECT 1 FROM sync_partials WHERE sha256 = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    *yes = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store_fail(s, err, "looking up a partial download");
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_sync_partial_list(store *s, const char *source, store_sync_partial_cb cb,
                                          void *ctx, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(
        s, "SELECT sha256 FROM sync_partials WHERE source = ?1 ORDER BY sha256", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, store_col_text(st, 0)))
            break;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store_fail(s, err, "listing partial downloads");
    sqlite3_finalize(st);
    return rc;
}

/* ---- retention ---- */

/* What an article costs in the library file: its body, its search text and cached layout. */
#define ARTICLE_BYTES "(length(body) + length(text) + coalesce(length(doc), 0))"
/* Expirable: read (or finished), unstarred. */
#define EXPIRABLE                                                                                  \
    "starred = 0 AND (is_read = 1 OR EXISTS (SELECT 1 FROM reading_state r"                        \
    " WHERE r.article_id = articles.id AND r.finished = 1))"
/* Media only this article uses: what its expiry frees besides its own row. */
#define OWN_MEDIA_BYTES                                                                            \
    "(SELECT coalesce(sum(m.size), 0) FROM article_media am JOIN media m ON m.sha256 = am.sha256"  \
    " WHERE am.article_id = articles.id AND NOT EXISTS (SELECT 1 FROM article_media o"             \
    " WHERE o.sha256 = am.sha256 AND o.article_id <> articles.id))"
#define EXPIRE_BATCH 256 /* articles per transaction */

enum quire_status store_sync_library_bytes(store *s, int64_t *bytes, struct quire_err *err)
{
    return count_query(s,
                       "SELECT (SELECT coalesce(sum(" ARTICLE_BYTES "), 0) FROM articles)"
                       " + (SELECT coalesce(sum(length(data)), 0) FROM media)",
                       bytes, err);
}

enum quire_status store_sync_newest_import(store *s, int64_t *added, struct quire_err *err)
{
    return count_query(s, "SELECT coalesce(max(added), 0) FROM articles", added, err);
}

/* Collects up to EXPIRE_BATCH expirable ids, oldest first, published before older_than (0: any
 * age); with need > 0 it stops once their bytes reach need. */
static enum quire_status pick_batch(store *s, int64_t older_than, int64_t need, int64_t *ids,
                                    size_t *n, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc = store_prepare(s,
                                         "SELECT id, " ARTICLE_BYTES " + " OWN_MEDIA_BYTES
                                         " FROM articles WHERE " EXPIRABLE
                                         " AND (?1 = 0 OR published < ?1) ORDER BY published, id"
                                         " LIMIT ?2",
                                         &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, older_than);
    sqlite3_bind_int(st, 2, EXPIRE_BATCH);
    int64_t got = 0;
    int r;
    *n = 0;
    while ((need <= 0 || got < need) && (r = sqlite3_step(st)) == SQLITE_ROW) {
        ids[(*n)++] = sqlite3_column_int64(st, 0);
        got += sqlite3_column_int64(st, 1);
    }
    if ((need <= 0 || got < need) && r != SQLITE_DONE)
        rc = store_fail(s, err, "choosing articles to expire");
    sqlite3_finalize(st);
    return rc;
}

/* Tombstones and deletes the given articles, then the media no article uses any more
 * (article_media rows went with their articles), all in one transaction. */
static enum quire_status delete_batch(store *s, const int64_t *ids, size_t n, struct quire_err *err)
{
    sqlite3_stmt *tomb = NULL, *del = NULL;
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        return rc;
    if (!(rc = store_prepare(s,
                             "INSERT OR REPLACE INTO tombstones(origin, guid, deleted)"
                             " SELECT origin, guid, ?2 FROM articles WHERE id = ?1",
                             &tomb, err)))
        rc = store_prepare(s, "DELETE FROM articles WHERE id = ?1", &del, err);
    for (size_t i = 0; i < n && !rc; i++) {
        sqlite3_bind_int64(tomb, 1, ids[i]);
        sqlite3_bind_int64(tomb, 2, quire_now());
        sqlite3_bind_int64(del, 1, ids[i]);
        if (sqlite3_step(tomb) != SQLITE_DONE || sqlite3_step(del) != SQLITE_DONE)
            rc = store_fail(s, err, "expiring an article");
        sqlite3_reset(tomb);
        sqlite3_reset(del);
    }
    sqlite3_finalize(tomb);
    sqlite3_finalize(del);
    if (!rc && sqlite3_exec(store_db(s),
                            "DELETE FROM media WHERE NOT EXISTS (SELECT 1 FROM article_media am"
                            " WHERE am.sha256 = media.sha256)",
                            NULL, NULL, NULL) != SQLITE_OK)
        rc = store_fail(s, err, "deleting unused media");
    if (rc) {
        store_tx_rollback(s);
        return rc;
    }
    return store_tx_commit(s, err);
}

/* One pass: batches of the oldest expirable articles until none is left (age cap) or the
 * library plus extra_bytes fits max_bytes (size cap). The size is measured once per batch, not
 * per article, so the work stays linear in what is deleted. */
static enum quire_status expire_while(store *s, int64_t older_than, int64_t max_bytes,
                                      int64_t extra_bytes, int64_t *deleted, struct quire_err *err)
{
    int64_t ids[EXPIRE_BATCH];
    for (;;) {
        int64_t bytes = 0, need = 0;
        size_t n = 0;
        enum quire_status rc;
        if (max_bytes > 0) {
            if ((rc = store_sync_library_bytes(s, &bytes, err)))
                return rc;
            need = bytes + extra_bytes - max_bytes;
            if (need <= 0)
                return QUIRE_OK;
        }
        if ((rc = pick_batch(s, older_than, need, ids, &n, err)) || n == 0)
            return rc;
        if ((rc = delete_batch(s, ids, n, err)))
            return rc;
        *deleted += (int64_t)n;
    }
}

enum quire_status store_sync_expire(store *s, int64_t older_than, int64_t max_bytes,
                                    int64_t extra_bytes, int64_t *deleted, struct quire_err *err)
{
    *deleted = 0;
    enum quire_status rc = QUIRE_OK;
    if (older_than > 0)
        rc = expire_while(s, older_than, 0, 0, deleted, err);
    if (!rc && max_bytes > 0)
        rc = expire_while(s, 0, max_bytes, extra_bytes, deleted, err);
    return rc;
}
