/* store_reading: what the reader keeps beside the articles: their media (stored once per
 * SHA-256, linked by path), reading positions, full-text search and settings. See store.h. */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "store_internal.h"

/* ---- media ---- */

enum quire_status store_media_put(store *s, int64_t article_id, const char *path, const char *mime,
                                  const void *data, size_t len, struct quire_err *err)
{
    char sha[65];
    quire_sha256_hex(data, len, sha);
    sqlite3_stmt *st = store_stmt(s, ST_MEDIA_PUT);
    if (st) {
        store_bind_text(st, 1, sha);
        store_bind_text(st, 2, mime);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
        sqlite3_bind_blob64(st, 4, data, len, SQLITE_STATIC);
    }
    enum quire_status rc = store_step_done(s, st, err, "storing media");
    if (rc)
        return rc;
    st = store_stmt(s, ST_MEDIA_LINK);
    if (st) {
        sqlite3_bind_int64(st, 1, article_id);
        store_bind_text(st, 2, path);
        store_bind_text(st, 3, sha);
    }
    return store_step_done(s, st, err, "linking media");
}

enum quire_status store_media_get(store *s, int64_t article_id, const char *path, void **data,
                                  size_t *len, char mime[64], struct quire_err *err)
{
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st = store_stmt(s, ST_MEDIA_GET);
    if (!st)
        return store_fail(s, err, "reading media");
    sqlite3_bind_int64(st, 1, article_id);
    store_bind_text(st, 2, path);
    int rc = sqlite3_step(st);
    enum quire_status r = QUIRE_OK;
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        void *p = quire_malloc(n);
        if (p) {
            memcpy(p, sqlite3_column_blob(st, 0), n);
            *data = p;
            *len = n;
            store_copy_text(mime, 64, sqlite3_column_text(st, 1));
        } else {
            r = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", store_path(s));
        }
    } else if (rc == SQLITE_DONE) {
        r = quire_err_set(err, QUIRE_ENOTFOUND, "%s: article %lld has no media '%s'", store_path(s),
                          (long long)article_id, path);
    } else {
        r = store_fail(s, err, "reading media");
    }
    sqlite3_reset(st);
    return r;
}

/* ---- reading state ---- */

enum quire_status store_position_set(store *s, int64_t article_id, const struct store_anchor *a,
                                     struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_POS_SET);
    if (st) {
        sqlite3_bind_int64(st, 1, article_id);
        sqlite3_bind_int64(st, 2, a->block);
        sqlite3_bind_int64(st, 3, a->offset);
        sqlite3_bind_int(st, 4, a->doc_version);
        store_bind_text(st, 5, a->body_hash);
        sqlite3_bind_int(st, 6, a->finished);
        sqlite3_bind_int64(st, 7, quire_now());
        sqlite3_bind_int(st, 8, a->progress);
    }
    return store_step_done(s, st, err, "saving the reading position");
}

enum quire_status store_position_get(store *s, int64_t article_id, struct store_anchor *a,
                                     struct quire_err *err)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st = store_stmt(s, ST_POS_GET);
    if (!st)
        return store_fail(s, err, "reading the reading position");
    sqlite3_bind_int64(st, 1, article_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        a->block = sqlite3_column_int64(st, 0);
        a->offset = sqlite3_column_int64(st, 1);
        a->doc_version = sqlite3_column_int(st, 2);
        store_copy_text(a->body_hash, sizeof a->body_hash, sqlite3_column_text(st, 3));
        a->finished = sqlite3_column_int(st, 4);
        a->progress = sqlite3_column_int(st, 5);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return QUIRE_OK;
    if (rc == SQLITE_DONE)
        return quire_err_set(err, QUIRE_ENOTFOUND, "article %lld has no reading position",
                             (long long)article_id);
    return store_fail(s, err, "reading the reading position");
}

/* ---- search ---- */

enum quire_status store_search(store *s, const char *query, int limit, store_search_cb cb,
                               void *ctx, struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_SEARCH);
    if (!st)
        return store_fail(s, err, "searching");
    store_bind_text(st, 1, query);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 50);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2)))
            break;
    }
    enum quire_status r = QUIRE_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = quire_err_set(err, QUIRE_EINVAL, "search '%s': %s", query, sqlite3_errmsg(store_db(s)));
    sqlite3_reset(st);
    return r;
}

/* ---- settings ---- */

enum quire_status store_setting_set(store *s, const char *key, const char *value,
                                    struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_SET_PUT);
    if (st) {
        store_bind_text(st, 1, key);
        store_bind_text(st, 2, value);
    }
    return store_step_done(s, st, err, "saving a setting");
}

enum quire_status store_setting_get(store *s, const char *key, char *out, size_t outlen,
                                    struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_SET_GET);
    if (!st)
        return store_fail(s, err, "reading a setting");
    store_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        store_copy_text(out, outlen, sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return QUIRE_OK;
    if (rc == SQLITE_DONE)
        return quire_err_set(err, QUIRE_ENOTFOUND, "setting %s is not set", key);
    return store_fail(s, err, "reading a setting");
}
