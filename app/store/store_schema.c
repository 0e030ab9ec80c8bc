/* store_schema: the library's schema as an ordered list of migrations. Migration i brings
 * PRAGMA user_version from i to i+1 inside one transaction. Never edit a migration that has
 * shipped: append a new one. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store_internal.h"

#define STORE_STR_(x) #x
#define STORE_STR(x)  STORE_STR_(x)

static const char *const migrations[] = {
    /* 1: the foundation */
    "CREATE TABLE keys ("
    "  keyid TEXT PRIMARY KEY,"
    "  pk BLOB NOT NULL CHECK (length(pk) = 32),"
    "  name TEXT NOT NULL,"
    "  added INTEGER NOT NULL);"
    "CREATE TABLE bundles ("
    "  id INTEGER PRIMARY KEY,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  uuid TEXT,"
    "  publisher TEXT,"
    "  keyid TEXT,"
    "  sequence INTEGER,"
    "  created INTEGER,"
    "  size INTEGER,"
    "  source_path TEXT,"
    "  verified INTEGER NOT NULL,"
    "  imported INTEGER NOT NULL);"
    /* origin: the signer's key id, or 'unsigned:<publisher>' so that an unsigned EPUB can never
     * overwrite a signed publisher's article with the same guid. */
    "CREATE TABLE articles ("
    "  id INTEGER PRIMARY KEY,"
    "  origin TEXT NOT NULL,"
    "  guid TEXT NOT NULL,"
    "  publisher TEXT NOT NULL,"
    "  keyid TEXT,"
    "  title TEXT NOT NULL,"
    "  byline TEXT,"
    "  section TEXT,"
    "  language TEXT,"
    "  published INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  body BLOB NOT NULL,"
    "  text TEXT NOT NULL,"
    "  body_hash TEXT NOT NULL,"
    "  bundle_id INTEGER REFERENCES bundles(id) ON DELETE SET NULL,"
    "  verified INTEGER NOT NULL,"
    "  starred INTEGER NOT NULL DEFAULT 0,"
    "  is_read INTEGER NOT NULL DEFAULT 0,"
    "  added INTEGER NOT NULL,"
    "  doc BLOB,"
    "  doc_version INTEGER,"
    "  UNIQUE (origin, guid));"
    "CREATE INDEX articles_by_date ON articles(published DESC, id DESC);"
    "CREATE TABLE tombstones ("
    "  origin TEXT NOT NULL,"
    "  guid TEXT NOT NULL,"
    "  deleted INTEGER NOT NULL,"
    "  PRIMARY KEY (origin, guid)) WITHOUT ROWID;"
    "CREATE TABLE media ("
    "  sha256 TEXT PRIMARY KEY,"
    "  mime TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  data BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE article_media ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  path TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL REFERENCES media(sha256),"
    "  PRIMARY KEY (article_id, path)) WITHOUT ROWID;"
    "CREATE INDEX article_media_by_sha ON article_media(sha256);"
    "CREATE TABLE reading_state ("
    "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
    "  block INTEGER NOT NULL,"
    "  offset INTEGER NOT NULL,"
    "  doc_version INTEGER NOT NULL,"
    "  body_hash TEXT NOT NULL,"
    "  finished INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL);"
    "CREATE TABLE settings ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL) WITHOUT ROWID;"
    /* External-content FTS5 index kept in step by triggers (store_fts.c's finder_args repeat
     * its tokenizer's options). */
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, text, content='articles', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
    "END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    "    VALUES ('delete', old.id, old.title, old.text);"
    "END;"
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    "    VALUES ('delete', old.id, old.title, old.text);"
    "  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
    "END;",
    /* 2: sync (store_sync.c): sources, their mirrors with conditional-GET validators, the
     * last verified index per source, partial downloads, and the archive of synced bundle
     * files that export and serve hand on. */
    "CREATE TABLE sources ("
    "  name TEXT PRIMARY KEY,"
    "  keyid TEXT,"
    "  is_relay INTEGER NOT NULL DEFAULT 0,"
    "  proxy TEXT,"
    "  cacert TEXT,"
    "  max_rate INTEGER NOT NULL DEFAULT 0,"
    "  last_sequence INTEGER NOT NULL DEFAULT -1,"
    "  last_index BLOB,"
    "  last_sig BLOB,"
    "  last_sync INTEGER,"
    "  last_attempt INTEGER,"
    "  added INTEGER NOT NULL);"
    "CREATE TABLE source_mirrors ("
    "  source TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  url TEXT NOT NULL,"
    "  etag TEXT,"
    "  last_modified TEXT,"
    "  PRIMARY KEY (source, position)) WITHOUT ROWID;"
    "CREATE TABLE sync_partials ("
    "  sha256 TEXT PRIMARY KEY,"
    "  source TEXT,"
    "  url TEXT,"
    "  size INTEGER NOT NULL,"
    "  have INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE sync_archive ("
    "  sha256 TEXT PRIMARY KEY,"
    "  file TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  source TEXT,"
    "  publisher TEXT,"
    "  keyid TEXT,"
    "  sequence INTEGER,"
    "  created INTEGER,"
    "  articles INTEGER,"
    "  languages TEXT NOT NULL,"
    "  sections TEXT NOT NULL,"
    "  added INTEGER NOT NULL) WITHOUT ROWID;",
    /* 3: bundles whose verified bytes failed to import: not downloaded again */
    "CREATE TABLE sync_failures ("
    "  sha256 TEXT PRIMARY KEY,"
    "  source TEXT,"
    "  file TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  failed INTEGER NOT NULL) WITHOUT ROWID;",
    /* 4: full-text indexing in batches. FTS5 writes its pending terms out as a new segment at
     * the end of every statement that touches it (its xSavepoint and xRelease flush), so
     * indexing each article from an insert trigger wrote one segment per article and an
     * import spent half its time merging them. A new article is queued in fts_pending instead
     * and fts_index_queued indexes the queue with one statement per batch, in the same
     * transaction. A queued article has no index entry yet, so deleting or correcting it
     * touches only the queue. */
    "CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);"
    "DROP TRIGGER articles_ai;"
    "DROP TRIGGER articles_ad;"
    "DROP TRIGGER articles_au;"
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO fts_pending(id) VALUES (new.id);"
    "END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    "    SELECT 'delete', old.id, old.title, old.text"
    "    WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);"
    "  DELETE FROM fts_pending WHERE id = old.id;"
    "END;"
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles"
    "  WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id) BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    "    VALUES ('delete', old.id, old.title, old.text);"
    "  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
    "END;",
    /* 5: FTS5 also writes a segment whenever its pending terms pass its hashsize (1 MB by
     * default); at 4 MB, twice QUIRE_FTS_BATCH_BYTES, each batch becomes one segment and an
     * import merges about a quarter as much. */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 4194304);",
    /* 6: the reader's library screen: how far each article was read (1/1000, for the list)
     * and the order it lists articles in (by publisher and section, newest first), so a page
     * of a large library is one index range. */
    "ALTER TABLE reading_state ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX articles_by_group ON articles(publisher, coalesce(section, ''),"
    "  published DESC, id DESC);",
    /* 7: the file says it is a Quire library, so that store_schema_check can refuse anybody
     * else's SQLite file before writing to it. */
    "PRAGMA application_id = " STORE_STR(QUIRE_STORE_APP_ID) ";",
    /* 8: an archive row written inside the import's transaction names the file still to copy
     * (or move) into the archive until it is there (store_sync_archive.c): a crash between
     * the commit and the copy is finished on the next open instead of losing the bundle. */
    "ALTER TABLE sync_archive ADD COLUMN pending TEXT;"
    "ALTER TABLE sync_archive ADD COLUMN pending_move INTEGER NOT NULL DEFAULT 0;",
};

/* Runs a one-integer query; *out = 0 when it returns no row. */
static enum quire_status query_int(store *s, const char *sql, int *out, struct quire_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, err, "opening the library");
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? QUIRE_OK
                                                 : store_fail(s, err, "opening the library");
}

/* A library made before migration 7 has no application_id: it is recognised by its own
 * tables, which no other program's file is likely to have together. */
static enum quire_status is_early_library(store *s, bool *yes, struct quire_err *err)
{
    int n = 0;
    enum quire_status rc =
        query_int(s,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                  "('keys', 'bundles', 'articles', 'tombstones', 'reading_state')",
                  &n, err);
    *yes = n == 5;
    return rc;
}

enum quire_status store_schema_check(store *s, struct quire_err *err)
{
    int app_id = 0, version = 0, objects = 0;
    enum quire_status rc;
    if ((rc = query_int(s, "PRAGMA application_id", &app_id, err)) ||
        (rc = query_int(s, "PRAGMA user_version", &version, err)) ||
        (rc = query_int(s, "SELECT count(*) FROM sqlite_master", &objects, err)))
        return rc;
    if (app_id == QUIRE_STORE_APP_ID || (app_id == 0 && version == 0 && objects == 0)) {
        if (version > store_schema_version())
            return quire_err_set(err, QUIRE_EUNSUPPORTED,
                                 "%s: library schema version %d is newer than this quire "
                                 "(%d): update quire to open it (the file is left as it is)",
                                 store_path(s), version, store_schema_version());
        return QUIRE_OK;
    }
    bool early = false;
    if (app_id == 0 && version >= 1 && version < 7 && (rc = is_early_library(s, &early, err)))
        return rc;
    if (early)
        return QUIRE_OK;
    return quire_err_set(err, QUIRE_EFORMAT,
                         "%s: an SQLite file of another program, not a Quire library: "
                         "refused, nothing changed",
                         store_path(s));
}

int store_schema_version(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

static enum quire_status user_version(store *s, int *version, struct quire_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(store_db(s), "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading the schema version");
    int rc = sqlite3_step(st);
    *version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? QUIRE_OK : store_fail(s, err, "reading the schema version");
}

static enum quire_status apply_migration(store *s, int from, struct quire_err *err)
{
    sqlite3 *db = store_db(s);
    char setver[64];
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(s, err, "starting a migration");
    snprintf(setver, sizeof setver, "PRAGMA user_version = %d", from + 1);
    if (sqlite3_exec(db, migrations[from], NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, setver, NULL, NULL, NULL) != SQLITE_OK) {
        enum quire_status rc = store_fail(s, err, "migrating the schema");
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        enum quire_status rc = store_fail(s, err, "committing a migration");
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return QUIRE_OK;
}

enum quire_status store_schema_current(store *s, struct quire_err *err)
{
    int version;
    enum quire_status rc = user_version(s, &version, err);
    if (!rc && version != store_schema_version())
        rc = quire_err_set(err, QUIRE_EUNSUPPORTED,
                           "%s: library schema version %d is older than this quire's %d, "
                           "and a library that cannot be written cannot be updated",
                           store_path(s), version, store_schema_version());
    return rc;
}

enum quire_status store_schema_migrate(store *s, struct quire_err *err)
{
    int version;
    enum quire_status rc = user_version(s, &version, err);
    if (rc)
        return rc;
    if (version > store_schema_version())
        return quire_err_set(err, QUIRE_EUNSUPPORTED,
                             "%s: library schema version %d is newer than this quire (%d)",
                             store_path(s), version, store_schema_version());
    for (int v = version; v < store_schema_version(); v++) {
        rc = apply_migration(s, v, err);
        if (rc)
            return rc;
    }
    return QUIRE_OK;
}
