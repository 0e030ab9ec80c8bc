/* store_article: the articles of the library (put, get, list, delete, star, count) and the
 * cached layout document of each (see store.h). Invariants: an older or equal version of an
 * article never overwrites the one held; a deleted article leaves a tombstone so it never
 * comes back; an unsigned EPUB's articles have an origin of their own. */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "store_internal.h"

/* An unsigned EPUB gets its own origin so it can never overwrite a signed publisher's article
 * that happens to use the same guid. */
static void article_origin(const struct store_article *a, char *out, size_t n)
{
    if (a->verified && a->keyid)
        snprintf(out, n, "%s", a->keyid);
    else
        snprintf(out, n, "unsigned:%s", a->publisher ? a->publisher : "");
}

static enum quire_status is_tombstoned(store *s, const char *origin, const char *guid, bool *dead,
                                       struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_TOMB_HAS);
    if (!st)
        return store_fail(s, err, "checking tombstones");
    store_bind_text(st, 1, origin);
    store_bind_text(st, 2, guid);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "checking tombstones");
    *dead = rc == SQLITE_ROW;
    return QUIRE_OK;
}

/* Finds the held version: *id 0 when absent. */
static enum quire_status find_article(store *s, const char *origin, const char *guid, int64_t *id,
                                      int64_t *updated, char hash[65], struct quire_err *err)
{
    *id = 0;
    hash[0] = '\0';
    sqlite3_stmt *st = store_stmt(s, ST_ART_FIND);
    if (!st)
        return store_fail(s, err, "looking up an article");
    store_bind_text(st, 1, origin);
    store_bind_text(st, 2, guid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *updated = sqlite3_column_int64(st, 1);
        const unsigned char *h = sqlite3_column_text(st, 2);
        snprintf(hash, 65, "%s", h ? (const char *)h : "");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "looking up an article");
    return QUIRE_OK;
}

static void bind_article(sqlite3_stmt *st, const struct store_article *a, const char *origin)
{
    store_bind_text(st, 1, origin);
    store_bind_text(st, 2, a->guid);
    store_bind_text(st, 3, a->publisher ? a->publisher : "");
    store_bind_text(st, 4, a->verified ? a->keyid : NULL);
    store_bind_text(st, 5, a->title ? a->title : "");
    store_bind_text(st, 6, a->byline);
    store_bind_text(st, 7, a->section);
    store_bind_text(st, 8, a->language);
    sqlite3_bind_int64(st, 9, a->published);
    sqlite3_bind_int64(st, 10, a->updated);
    sqlite3_bind_blob64(st, 11, a->body ? a->body : "", a->body_len, SQLITE_STATIC);
    store_bind_text(st, 12, a->text ? a->text : "");
    store_bind_text(st, 13, a->body_hash);
    if (a->bundle_id)
        sqlite3_bind_int64(st, 14, a->bundle_id);
    else
        sqlite3_bind_null(st, 14);
    sqlite3_bind_int(st, 15, a->verified);
}

static enum quire_status article_put(store *s, struct store_article *a,
                                     enum store_put_outcome *outcome, struct quire_err *err)
{
    char origin[160];
    article_origin(a, origin, sizeof origin);
    if (!a->body_hash[0]) /* a caller that has verified the body's hash passes it in */
        quire_sha256_hex(a->body ? a->body : "", a->body_len, a->body_hash);
    bool dead = false;
    enum quire_status rc = is_tombstoned(s, origin, a->guid, &dead, err);
    if (rc)
        return rc;
    if (dead) {
        *outcome = STORE_PUT_TOMBSTONED;
        return QUIRE_OK;
    }
    int64_t id, held_updated = 0;
    char held_hash[65];
    rc = find_article(s, origin, a->guid, &id, &held_updated, held_hash, err);
    if (rc)
        return rc;
    if (id && held_updated >= a->updated) {
        a->id = id;
        /* An older or equal version never overwrites; an equal one with another body is
         * another story under the same guid, which the caller reports. */
        bool other = held_updated == a->updated && strcmp(held_hash, a->body_hash) != 0;
        *outcome = other ? STORE_PUT_CONFLICT : STORE_PUT_KEPT;
        return QUIRE_OK;
    }
    sqlite3_stmt *st = store_stmt(s, id ? ST_ART_UPDATE : ST_ART_INSERT);
    if (!st)
        return store_fail(s, err, "writing an article");
    bind_article(st, a, origin);
    if (!id)
        sqlite3_bind_int64(st, 16, quire_now());
    rc = store_step_done(s, st, err, "writing an article");
    if (rc)
        return rc;
    a->id = id ? id : sqlite3_last_insert_rowid(store_db(s));
    *outcome = id ? STORE_PUT_UPDATED : STORE_PUT_INSERTED;
    size_t bytes = id ? 0 : strlen(a->text ? a->text : "") + strlen(a->title ? a->title : "");
    return store_fts_queued(s, id ? 0 : 1, bytes, err);
}

enum quire_status store_article_put(store *s, struct store_article *a,
                                    enum store_put_outcome *outcome, struct quire_err *err)
{
    if (store_in_tx(s))
        return article_put(s, a, outcome, err);
    /* On its own, a put is its own transaction, so its article is indexed when it commits. */
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        return rc;
    rc = article_put(s, a, outcome, err);
    if (rc) {
        store_tx_rollback(s);
        return rc;
    }
    return store_tx_commit(s, err);
}

enum quire_status store_article_bundle_file(store *s, int64_t id, char *out, size_t cap,
                                            struct quire_err *err)
{
    out[0] = '\0';
    sqlite3_stmt *st = store_stmt(s, ST_ART_BUNDLE_FILE);
    if (!st)
        return store_fail(s, err, "looking up an article's bundle");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    const unsigned char *path = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    snprintf(out, cap, "%s", path ? (const char *)path : "");
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "looking up an article's bundle");
    return QUIRE_OK;
}

/* Column indexes of ST_ART_GET / ST_ART_LIST. */
enum {
    C_ID,
    C_PUB,
    C_KEY,
    C_GUID,
    C_TITLE,
    C_BYLINE,
    C_SECTION,
    C_LANG,
    C_PUBLISHED,
    C_UPDATED,
    C_BODY,
    C_TEXT,
    C_HASH,
    C_BUNDLE,
    C_VERIFIED,
    C_STARRED,
    C_READ
};

/* Copies the row's strings into one allocation owned by row. */
static enum quire_status row_to_article(sqlite3_stmt *st, struct store_article_row *row)
{
    static const int text_cols[] = {C_PUB,     C_KEY,  C_GUID, C_TITLE, C_BYLINE,
                                    C_SECTION, C_LANG, C_BODY, C_TEXT};
    size_t total = 0;
    for (size_t i = 0; i < sizeof text_cols / sizeof *text_cols; i++)
        total += (size_t)sqlite3_column_bytes(st, text_cols[i]) + 1;
    row->strings = quire_malloc(total);
    if (!row->strings)
        return QUIRE_ENOMEM;
    char *p = row->strings;
    const char **dst[] = {&row->a.publisher, &row->a.keyid,  &row->a.guid,
                          &row->a.title,     &row->a.byline, &row->a.section,
                          &row->a.language,  &row->a.body,   &row->a.text};
    for (size_t i = 0; i < sizeof text_cols / sizeof *text_cols; i++) {
        int col = text_cols[i];
        if (sqlite3_column_type(st, col) == SQLITE_NULL) {
            *dst[i] = NULL;
            continue;
        }
        const void *v = col == C_BODY ? sqlite3_column_blob(st, col)
                                      : (const void *)sqlite3_column_text(st, col);
        size_t n = (size_t)sqlite3_column_bytes(st, col);
        if (n)
            memcpy(p, v, n);
        p[n] = '\0';
        *dst[i] = p;
        if (col == C_BODY)
            row->a.body_len = n;
        p += n + 1;
    }
    row->a.id = sqlite3_column_int64(st, C_ID);
    row->a.published = sqlite3_column_int64(st, C_PUBLISHED);
    row->a.updated = sqlite3_column_int64(st, C_UPDATED);
    store_copy_text(row->a.body_hash, sizeof row->a.body_hash, sqlite3_column_text(st, C_HASH));
    row->a.bundle_id = sqlite3_column_int64(st, C_BUNDLE);
    row->a.verified = sqlite3_column_int(st, C_VERIFIED);
    row->a.starred = sqlite3_column_int(st, C_STARRED);
    row->a.is_read = sqlite3_column_int(st, C_READ);
    return QUIRE_OK;
}

enum quire_status store_article_get(store *s, int64_t id, struct store_article_row **out,
                                    struct quire_err *err)
{
    *out = NULL;
    sqlite3_stmt *st = store_stmt(s, ST_ART_GET);
    if (!st)
        return store_fail(s, err, "reading an article");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no article with id %lld", store_path(s),
                             (long long)id);
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return store_fail(s, err, "reading an article");
    }
    struct store_article_row *row = quire_calloc(1, sizeof *row);
    enum quire_status r = row ? row_to_article(st, row) : QUIRE_ENOMEM;
    sqlite3_reset(st);
    if (r) {
        quire_free(row);
        return quire_err_set(err, r, "%s: out of memory reading article %lld", store_path(s),
                             (long long)id);
    }
    *out = row;
    return QUIRE_OK;
}

void store_article_free(struct store_article_row *row)
{
    if (!row)
        return;
    quire_free(row->strings);
    quire_free(row);
}

enum quire_status store_article_list(store *s, store_article_cb cb, void *ctx,
                                     struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_ART_LIST);
    if (!st)
        return store_fail(s, err, "listing articles");
    int rc;
    enum quire_status r = QUIRE_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_article_row row = {0};
        r = row_to_article(st, &row);
        if (r)
            break;
        int stop = cb(ctx, &row.a);
        quire_free(row.strings);
        if (stop)
            break;
    }
    sqlite3_reset(st);
    if (r)
        return quire_err_set(err, r, "%s: out of memory listing articles", store_path(s));
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "listing articles");
    return QUIRE_OK;
}

enum quire_status store_article_delete(store *s, int64_t id, struct quire_err *err)
{
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        return rc;
    sqlite3_stmt *st = store_stmt(s, ST_ART_DELETE);
    if (!st) {
        rc = store_fail(s, err, "deleting an article");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        sqlite3_reset(st);
        rc = quire_err_set(err, QUIRE_ENOTFOUND, "%s: no article with id %lld", store_path(s),
                           (long long)id);
        goto fail;
    }
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        rc = store_fail(s, err, "deleting an article");
        goto fail;
    }
    char origin[160], guid[1024];
    store_copy_text(origin, sizeof origin, sqlite3_column_text(st, 0));
    store_copy_text(guid, sizeof guid, sqlite3_column_text(st, 1));
    sqlite3_step(st); /* finish RETURNING */
    sqlite3_reset(st);
    sqlite3_stmt *t = store_stmt(s, ST_TOMB_ADD);
    if (t) {
        store_bind_text(t, 1, origin);
        store_bind_text(t, 2, guid);
        sqlite3_bind_int64(t, 3, quire_now());
    }
    rc = store_step_done(s, t, err, "recording a tombstone");
    if (rc)
        goto fail;
    return store_tx_commit(s, err);
fail:
    store_tx_rollback(s);
    return rc;
}

static enum quire_status require_changed(store *s, int64_t id, struct quire_err *err)
{
    if (sqlite3_changes(store_db(s)) == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no article with id %lld", store_path(s),
                             (long long)id);
    return QUIRE_OK;
}

enum quire_status store_article_set_starred(store *s, int64_t id, bool starred,
                                            struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_ART_STAR);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, starred);
    }
    enum quire_status rc = store_step_done(s, st, err, "starring an article");
    return rc ? rc : require_changed(s, id, err);
}

enum quire_status store_article_count(store *s, int64_t *count, struct quire_err *err)
{
    *count = 0;
    sqlite3_stmt *st = store_stmt(s, ST_ART_COUNT);
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        if (st)
            sqlite3_reset(st);
        return store_fail(s, err, "counting articles");
    }
    *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return QUIRE_OK;
}

/* ---- document cache ---- */

enum quire_status store_article_doc_put(store *s, int64_t id, int version, const void *blob,
                                        size_t len, struct quire_err *err)
{
    sqlite3_stmt *st = store_stmt(s, ST_DOC_PUT);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_blob64(st, 2, blob, len, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, version);
    }
    enum quire_status rc = store_step_done(s, st, err, "caching a document");
    return rc ? rc : require_changed(s, id, err);
}

enum quire_status store_article_doc_get(store *s, int64_t id, int version, void **blob, size_t *len,
                                        struct quire_err *err)
{
    *blob = NULL;
    *len = 0;
    sqlite3_stmt *st = store_stmt(s, ST_DOC_GET);
    if (!st)
        return store_fail(s, err, "reading a cached document");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, version);
    int rc = sqlite3_step(st);
    enum quire_status r = QUIRE_OK;
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        void *p = quire_malloc(n);
        if (p) {
            memcpy(p, sqlite3_column_blob(st, 0), n);
            *blob = p;
            *len = n;
        } else {
            r = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", store_path(s));
        }
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        r = store_fail(s, err, "reading a cached document");
    }
    sqlite3_reset(st);
    return r;
}
