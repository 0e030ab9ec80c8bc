/* feed_db: the publisher's state file (see feed_db.h). SQLite, WAL, one schema version in
 * PRAGMA user_version and its own PRAGMA application_id, checked before anything is written,
 * so a reader's library or another program's file is refused as it is; every change is one
 * transaction, so a failed command leaves the file as it was. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "feed.h"
#include "feed_db_internal.h"
#include "quire_util.h"

#define APP_ID_TEXT_(x) #x
#define APP_ID_TEXT(x)  APP_ID_TEXT_(x)

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS feeds ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  url TEXT NOT NULL UNIQUE,"
    "  section TEXT NOT NULL,"
    "  lang TEXT,"
    "  max_items INTEGER NOT NULL,"
    "  max_age_days INTEGER NOT NULL,"
    "  full_text TEXT NOT NULL CHECK (full_text IN ('feed', 'page')),"
    "  images INTEGER NOT NULL,"
    "  etag TEXT,"
    "  last_modified TEXT,"
    "  added INTEGER NOT NULL);"
    /* What was published of each item: an unchanged hash is not published again. */
    "CREATE TABLE IF NOT EXISTS items ("
    "  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    "  guid TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  link TEXT,"
    "  title TEXT,"
    "  page_etag TEXT,"
    "  page_last_modified TEXT,"
    "  PRIMARY KEY (feed_id, guid));"
    "PRAGMA user_version = 2;"
    "PRAGMA application_id = " APP_ID_TEXT(QUIRE_PUBLISHER_APP_ID) ";";

/* Version 1 (before publishing) lacked what a run needs to re-check an item's page when its
 * feed answers 304: the page's link, title and validators. */
static const char migrate_1_2[] = "ALTER TABLE items ADD COLUMN link TEXT;"
                                  "ALTER TABLE items ADD COLUMN title TEXT;"
                                  "ALTER TABLE items ADD COLUMN page_etag TEXT;"
                                  "ALTER TABLE items ADD COLUMN page_last_modified TEXT;";

static int query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int user_version(sqlite3 *db)
{
    return query_int(db, "PRAGMA user_version");
}

/* Whose file this is, read before anything is written: NULL when it is a publisher's state
 * file (ours by application_id, one made before it had one, or an empty file), else why it is
 * refused. */
static const char *foreign_file(sqlite3 *db)
{
    int app_id = query_int(db, "PRAGMA application_id");
    int objects = query_int(db, "SELECT count(*) FROM sqlite_master");
    int ours = query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                             "name IN ('feeds', 'items')");
    if (app_id < 0 || objects < 0)
        return "cannot be read";
    if (app_id == QUIRE_PUBLISHER_APP_ID || (app_id == 0 && (objects == 0 || ours == 2)))
        return NULL;
    if (app_id == QUIRE_LIBRARY_APP_ID)
        return "a reader's library, not a publisher's state file: refused, nothing changed "
               "(name the publisher's own file with --db)";
    return "an SQLite file of another program, not a publisher's state file: refused, "
           "nothing changed";
}

enum quire_status feed_db_error(feed_db *db, struct quire_err *err)
{
    return quire_err_set(err, QUIRE_EDB, "%s: %s", db->path, sqlite3_errmsg(db->db));
}

enum quire_status feed_db_open(const char *path, feed_db **out, struct quire_err *err)
{
    *out = NULL;
    feed_db *db = quire_calloc(1, sizeof *db);
    if (!db)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    snprintf(db->path, sizeof db->path, "%s", path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    enum quire_status rc = QUIRE_OK;
    if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
        rc = feed_db_error(db, err);
    } else {
        sqlite3_busy_timeout(db->db, QUIRE_DB_BUSY_TIMEOUT_MS);
        char *msg = NULL;
        int v = -1;
        const char *foreign = foreign_file(db->db);
        if (foreign)
            rc = quire_err_set(err, QUIRE_EFORMAT, "%s: %s", path, foreign);
        else if (sqlite3_exec(db->db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; BEGIN;",
                              NULL, NULL, &msg) != SQLITE_OK ||
                 (v = user_version(db->db)) < 0 || v > 2 ||
                 (v == 1 && sqlite3_exec(db->db, migrate_1_2, NULL, NULL, &msg) != SQLITE_OK) ||
                 sqlite3_exec(db->db, schema, NULL, NULL, &msg) != SQLITE_OK ||
                 sqlite3_exec(db->db, "COMMIT;", NULL, NULL, &msg) != SQLITE_OK) {
            rc = quire_err_set(err, QUIRE_EDB, "%s: %s", path,
                               msg     ? msg
                               : v > 2 ? "made by a newer Quire (schema version above 2)"
                                       : "cannot set up");
            sqlite3_free(msg);
        }
    }
    if (rc) {
        feed_db_close(db);
        return rc;
    }
    *out = db;
    return QUIRE_OK;
}

void feed_db_close(feed_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->db);
    quire_free(db);
}

bool feed_name_valid(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < FEED_NAME_MAX && s[0] != '-' && s[0] != '.' && quire_plain_name(s);
}

static enum quire_status check_source(const struct feed_source *s, struct quire_err *err)
{
    if (!feed_name_valid(s->name))
        return quire_err_set(err, QUIRE_EINVAL,
                             "feed name '%.80s' is not 1-63 letters, digits, '.', '_' or '-'",
                             s->name);
    if (!feed_url_is_http(s->url) || strlen(s->url) > QUIRE_FEED_MAX_TEXT_BYTES)
        return quire_err_set(err, QUIRE_EINVAL, "feed URL '%.200s' is not http(s)", s->url);
    if (!s->section || !*s->section || strlen(s->section) > 256 ||
        !quire_utf8_valid(s->section, strlen(s->section), NULL))
        return quire_err_set(err, QUIRE_EINVAL, "%s: no section, or not UTF-8 within 256 bytes",
                             s->name);
    if (s->max_items < 1 || s->max_items > QUIRE_FEED_MAX_ITEMS || s->max_age_days < 1 ||
        s->max_age_days > 3650)
        return quire_err_set(err, QUIRE_EINVAL, "%s: --max-items is 1..%d, --max-age-days 1..3650",
                             s->name, (int)QUIRE_FEED_MAX_ITEMS);
    return QUIRE_OK;
}

static enum quire_status insert(feed_db *db, const struct feed_source *s, struct quire_err *err)
{
    enum quire_status rc = check_source(s, err);
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
    const char *sql = "INSERT INTO feeds (name, url, section, lang, max_items, max_age_days,"
                      " full_text, images, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, s->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->section, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, s->max_items);
    sqlite3_bind_int(st, 6, s->max_age_days);
    sqlite3_bind_text(st, 7, s->full_text_from_page ? "page" : "feed", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, s->images);
    sqlite3_bind_int64(st, 9, quire_now());
    int step = sqlite3_step(st);
    if (step == SQLITE_CONSTRAINT)
        rc = quire_err_set(err, QUIRE_EEXIST, "a feed named '%s' or with URL %s is there already",
                           s->name, s->url);
    else if (step != SQLITE_DONE)
        rc = feed_db_error(db, err);
    sqlite3_finalize(st);
    return rc;
}

enum quire_status feed_db_add(feed_db *db, const struct feed_source *src, struct quire_err *err)
{
    return insert(db, src, err);
}

static bool url_known(feed_db *db, const char *url)
{
    sqlite3_stmt *st = NULL;
    bool known = false;
    if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM feeds WHERE url = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
        known = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return known;
}

enum quire_status feed_db_add_all(feed_db *db, const struct feed_source *s, size_t n, size_t *added,
                                  struct quire_err *err)
{
    *added = 0;
    if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    enum quire_status rc = QUIRE_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (url_known(db, s[i].url))
            continue;
        rc = insert(db, &s[i], err);
        *added += !rc;
    }
    if (!rc && sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = feed_db_error(db, err);
    if (rc) {
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        *added = 0;
    }
    return rc;
}

enum quire_status feed_db_remove(feed_db *db, const char *name, struct quire_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db, "DELETE FROM feeds WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    enum quire_status rc = QUIRE_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = feed_db_error(db, err);
    else if (sqlite3_changes(db->db) == 0)
        rc = quire_err_set(err, QUIRE_ENOTFOUND, "no feed named '%.80s'", name);
    sqlite3_finalize(st);
    return rc;
}

char *feed_db_column_dup(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? quire_strdup((const char *)t) : NULL;
}

void feed_sources_free(struct feed_source *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        quire_free(s[i].name);
        quire_free(s[i].url);
        quire_free(s[i].section);
        quire_free(s[i].lang);
        quire_free(s[i].etag);
        quire_free(s[i].last_modified);
    }
    quire_free(s);
}

enum quire_status feed_db_list(feed_db *db, struct feed_source **out, size_t *n,
                               struct quire_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT name, url, section, lang, max_items, max_age_days, full_text,"
                      " images, etag, last_modified FROM feeds ORDER BY id";
    if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
        return feed_db_error(db, err);
    struct feed_source *list = NULL;
    size_t len = 0, alloc = 0;
    enum quire_status rc = QUIRE_OK;
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == alloc) {
            size_t na = alloc ? alloc * 2 : 16;
            struct feed_source *l = quire_realloc(list, na * sizeof *l);
            if (!l) {
                rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", db->path);
                break;
            }
            list = l;
            alloc = na;
        }
        const unsigned char *full = sqlite3_column_text(st, 6);
        list[len++] = (struct feed_source){
            .name = feed_db_column_dup(st, 0),
            .url = feed_db_column_dup(st, 1),
            .section = feed_db_column_dup(st, 2),
            .lang = feed_db_column_dup(st, 3),
            .max_items = sqlite3_column_int(st, 4),
            .max_age_days = sqlite3_column_int(st, 5),
            .full_text_from_page = full && strcmp((const char *)full, "page") == 0,
            .images = sqlite3_column_int(st, 7) != 0,
            .etag = feed_db_column_dup(st, 8),
            .last_modified = feed_db_column_dup(st, 9),
        };
        if (!list[len - 1].name || !list[len - 1].url || !list[len - 1].section)
            rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", db->path);
    }
    if (!rc && step != SQLITE_DONE)
        rc = feed_db_error(db, err);
    sqlite3_finalize(st);
    if (rc) {
        feed_sources_free(list, len);
        return rc;
    }
    *out = list;
    *n = len;
    return QUIRE_OK;
}
