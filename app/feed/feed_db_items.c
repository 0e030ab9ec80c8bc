/* feed_db_items: the published items and the conditional-GET validators of the publisher's
 * state file (see feed_db.h): looked up by guid, listed for re-checking, recorded per run in
 * one transaction. */
#include <stdio.h>
#include <string.h>

#include "feed_db_internal.h"
#include "quire_util.h"

void feed_seen_fini(struct feed_seen *s)
{
    quire_free(s->guid);
    quire_free(s->link);
    quire_free(s->title);
    quire_free(s->page_etag);
    quire_free(s->page_last_modified);
    memset(s, 0, sizeof *s);
}

void feed_seen_free(struct feed_seen *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        feed_seen_fini(&s[i]);
    quire_free(s);
}

#define SEEN_COLUMNS                                                                               \
    "i.guid, i.content_hash, i.link, i.title, i.published, i.updated, i.page_etag,"                \
    " i.page_last_modified"

static bool row_to_seen(sqlite3_stmt *st, struct feed_seen *s)
{
    memset(s, 0, sizeof *s);
    s->guid = feed_db_column_dup(st, 0);
    const unsigned char *h = sqlite3_column_text(st, 1);
    snprintf(s->content_hash, sizeof s->content_hash, "%s", h ? (const char *)h : "");
    s->link = feed_db_column_dup(st, 2);
    s->title = feed_db_column_dup(st, 3);
    s->published = sqlite3_column_int64(st, 4);
    s->updated = sqlite3_column_int64(st, 5);
    s->page_etag = feed_db_column_dup(st, 6);
    s->page_last_modified = feed_db_column_dup(st, 7);
    return s->guid != NULL;
}

enum quire_status feed_db_seen_get(feed_db *db, const char *feed, const char *guid,
                                   struct feed_seen *out, struct quire_err *err)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT " SEEN_COLUMNS " FROM items i JOIN feeds f ON f.id = i.feed_id"
                      " WHERE f.name = ? AND i.guid = ?";
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, feed, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, guid, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    enum quire_status rc = QUIRE_OK;
    if (step == SQLITE_ROW) {
        if (!row_to_seen(st, out))
            rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", db->path);
    } else if (step == SQLITE_DONE) {
        rc = QUIRE_ENOTFOUND;
    } else {
        rc = feed_db_error(db, err);
    }
    sqlite3_finalize(st);
    if (rc)
        feed_seen_fini(out);
    return rc;
}

enum quire_status feed_db_seen_recent(feed_db *db, const char *feed, int64_t since, int max,
                                      struct feed_seen **out, size_t *n, struct quire_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT " SEEN_COLUMNS " FROM items i JOIN feeds f ON f.id = i.feed_id"
                      " WHERE f.name = ? AND i.published >= ? AND i.link IS NOT NULL"
                      " ORDER BY i.published DESC, i.guid LIMIT ?";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, feed, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_int(st, 3, max);
    struct feed_seen *v = quire_calloc(max > 0 ? (size_t)max : 1, sizeof *v);
    enum quire_status rc = v ? QUIRE_OK : quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    size_t len = 0;
    int step = SQLITE_DONE;
    while (!rc && len < (size_t)max && (step = sqlite3_step(st)) == SQLITE_ROW)
        if (!row_to_seen(st, &v[len++]))
            rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", db->path);
    if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
        rc = feed_db_error(db, err);
    sqlite3_finalize(st);
    if (rc) {
        feed_seen_free(v, len);
        return rc;
    }
    *out = v;
    *n = len;
    return QUIRE_OK;
}

static enum quire_status set_validators(feed_db *db, const struct feed_db_update *u,
                                        struct quire_err *err)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "UPDATE feeds SET etag = ?, last_modified = ? WHERE name = ?";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, u->etag && *u->etag ? u->etag : NULL, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u->last_modified && *u->last_modified ? u->last_modified : NULL, -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->feed, -1, SQLITE_STATIC);
    enum quire_status rc = sqlite3_step(st) == SQLITE_DONE ? QUIRE_OK : feed_db_error(db, err);
    sqlite3_finalize(st);
    return rc;
}

static const char *or_null(const char *s)
{
    return s && *s ? s : NULL;
}

static enum quire_status put_item(feed_db *db, const char *feed, const struct feed_seen *it,
                                  struct quire_err *err)
{
    sqlite3_stmt *st = NULL;
    const char *sql =
        "INSERT INTO items (feed_id, guid, content_hash, published, updated, first_seen, link,"
        " title, page_etag, page_last_modified)"
        " SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM feeds WHERE name = ?"
        " ON CONFLICT (feed_id, guid) DO UPDATE SET content_hash = excluded.content_hash,"
        " updated = excluded.updated, link = excluded.link, title = excluded.title,"
        " page_etag = excluded.page_etag, page_last_modified = excluded.page_last_modified";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, it->guid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, it->content_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, it->published);
    sqlite3_bind_int64(st, 4, it->updated);
    sqlite3_bind_int64(st, 5, quire_now());
    sqlite3_bind_text(st, 6, or_null(it->link), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, or_null(it->title), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, or_null(it->page_etag), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, or_null(it->page_last_modified), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, feed, -1, SQLITE_STATIC);
    enum quire_status rc = sqlite3_step(st) == SQLITE_DONE ? QUIRE_OK : feed_db_error(db, err);
    sqlite3_finalize(st);
    return rc;
}

static enum quire_status forget_unlisted(feed_db *db, const struct feed_db_update *u,
                                         struct quire_err *err)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "DELETE FROM items WHERE feed_id = (SELECT id FROM feeds WHERE name = ?)"
                      " AND updated < ? AND guid NOT IN (SELECT value FROM json_each(?))";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, u->feed, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, u->forget_before);
    sqlite3_bind_text(st, 3, u->listed_json, -1, SQLITE_STATIC);
    enum quire_status rc = sqlite3_step(st) == SQLITE_DONE ? QUIRE_OK : feed_db_error(db, err);
    sqlite3_finalize(st);
    return rc;
}

enum quire_status feed_db_record(feed_db *db, const struct feed_db_update *u, size_t n,
                                 struct quire_err *err)
{
    if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    enum quire_status rc = QUIRE_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (u[i].set_validators)
            rc = set_validators(db, &u[i], err);
        for (size_t j = 0; j < u[i].n_items && !rc; j++)
            rc = put_item(db, u[i].feed, &u[i].items[j], err);
        if (!rc && u[i].listed_json)
            rc = forget_unlisted(db, &u[i], err);
    }
    if (!rc && sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = feed_db_error(db, err);
    if (rc)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
