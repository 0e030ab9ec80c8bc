/* store: the SQLite library of articles (see store.h for the contract).
 * Sections: open/close and the statement cache; transactions; keys; bundles; articles;
 * document cache; media; reading state; search; settings; integrity.
 * Hot statements are prepared once per handle (stmt()) since import writes thousands of rows. */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "store_fts.h"
#include "store_internal.h"

enum stmt_id {
    ST_KEY_ADD,
    ST_KEY_FIND,
    ST_KEY_REMOVE,
    ST_KEY_LIST,
    ST_BUNDLE_HAS,
    ST_BUNDLE_PUT,
    ST_TOMB_HAS,
    ST_ART_FIND,
    ST_ART_INSERT,
    ST_ART_UPDATE,
    ST_ART_GET,
    ST_ART_LIST,
    ST_ART_DELETE,
    ST_TOMB_ADD,
    ST_ART_STAR,
    ST_ART_COUNT,
    ST_DOC_PUT,
    ST_DOC_GET,
    ST_MEDIA_PUT,
    ST_MEDIA_LINK,
    ST_MEDIA_GET,
    ST_POS_SET,
    ST_POS_GET,
    ST_SEARCH,
    ST_SET_PUT,
    ST_SET_GET,
    ST_FTS_INDEX,
    ST_FTS_CLEAR,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_KEY_ADD] = "INSERT INTO keys(keyid, pk, name, added) VALUES (?1, ?2, ?3, ?4)",
    [ST_KEY_FIND] = "SELECT keyid, pk, name, added FROM keys WHERE keyid = ?1",
    [ST_KEY_REMOVE] = "DELETE FROM keys WHERE keyid = ?1",
    [ST_KEY_LIST] = "SELECT keyid, pk, name, added FROM keys ORDER BY added, keyid",
    [ST_BUNDLE_HAS] = "SELECT 1 FROM bundles WHERE sha256 = ?1",
    [ST_BUNDLE_PUT] = "INSERT INTO bundles(sha256, uuid, publisher, keyid, sequence, created, "
                      "size, source_path, verified, imported) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_TOMB_HAS] = "SELECT 1 FROM tombstones WHERE origin = ?1 AND guid = ?2",
    [ST_ART_FIND] = "SELECT id, updated, body_hash FROM articles WHERE origin = ?1 AND guid = ?2",
    [ST_ART_INSERT] =
        "INSERT INTO articles(origin, guid, publisher, keyid, title, byline, section, language, "
        "published, updated, body, text, body_hash, bundle_id, verified, added) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    /* A corrected article keeps its id, star and read state; its cached layout is dropped. */
    [ST_ART_UPDATE] = "UPDATE articles SET publisher = ?3, keyid = ?4, title = ?5, byline = ?6, "
                      "section = ?7, language = ?8, published = ?9, updated = ?10, body = ?11, "
                      "text = ?12, body_hash = ?13, bundle_id = ?14, verified = ?15, doc = NULL, "
                      "doc_version = NULL WHERE origin = ?1 AND guid = ?2",
    [ST_ART_GET] = "SELECT id, publisher, keyid, guid, title, byline, section, language, "
                   "published, updated, body, text, body_hash, bundle_id, verified, starred, "
                   "is_read FROM articles WHERE id = ?1",
    [ST_ART_LIST] = "SELECT id, publisher, keyid, guid, title, byline, section, language, "
                    "published, updated, NULL, NULL, body_hash, bundle_id, verified, starred, "
                    "is_read FROM articles ORDER BY published DESC, id ASC",
    [ST_ART_DELETE] = "DELETE FROM articles WHERE id = ?1 RETURNING origin, guid",
    [ST_TOMB_ADD] = "INSERT OR REPLACE INTO tombstones(origin, guid, deleted) VALUES (?1, ?2, ?3)",
    [ST_ART_STAR] = "UPDATE articles SET starred = ?2 WHERE id = ?1",
    [ST_ART_COUNT] = "SELECT count(*) FROM articles",
    [ST_DOC_PUT] = "UPDATE articles SET doc = ?2, doc_version = ?3 WHERE id = ?1",
    [ST_DOC_GET] = "SELECT doc FROM articles WHERE id = ?1 AND doc_version = ?2",
    [ST_MEDIA_PUT] =
        "INSERT OR IGNORE INTO media(sha256, mime, size, data) VALUES (?1, ?2, ?3, ?4)",
    [ST_MEDIA_LINK] =
        "INSERT OR REPLACE INTO article_media(article_id, path, sha256) VALUES (?1, ?2, ?3)",
    [ST_MEDIA_GET] = "SELECT m.data, m.mime FROM article_media a JOIN media m USING (sha256) "
                     "WHERE a.article_id = ?1 AND a.path = ?2",
    [ST_POS_SET] =
        "INSERT OR REPLACE INTO reading_state(article_id, block, offset, doc_version, "
        "body_hash, finished, updated, progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_POS_GET] =
        "SELECT block, offset, doc_version, body_hash, finished, progress FROM reading_state "
        "WHERE article_id = ?1",
    [ST_SEARCH] = "SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', '…', 12) "
                  "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                  "WHERE articles_fts MATCH ?1 ORDER BY rank LIMIT ?2",
    [ST_SET_PUT] = "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)",
    [ST_SET_GET] = "SELECT value FROM settings WHERE key = ?1",
    /* In rowid order: FTS5 starts a new segment whenever a rowid goes backwards. */
    /* Never one the index already holds (another program may have run FTS5's 'rebuild'
     * over a queue): FTS5 would take the rowid twice. */
    [ST_FTS_INDEX] = "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text "
                     "FROM articles WHERE id IN (SELECT id FROM fts_pending) "
                     "AND id NOT IN (SELECT id FROM articles_fts_docsize) ORDER BY id",
    [ST_FTS_CLEAR] = "DELETE FROM fts_pending",
};

struct store {
    sqlite3 *db;
    char *path;
    bool in_tx;
    size_t fts_rows;  /* articles queued in fts_pending by this handle's transaction */
    size_t fts_bytes; /* and their text, bytes */
    sqlite3_stmt *stmts[ST_COUNT];
};

sqlite3 *store_db(store *s)
{
    return s->db;
}

const char *store_path(const store *s)
{
    return s->path;
}

void store_busy_timeout_set(store *s, int ms)
{
    sqlite3_busy_timeout(s->db, ms);
}

static enum quire_status status_of_sqlite(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return QUIRE_ENOSPC;
    case SQLITE_NOMEM:
        return QUIRE_ENOMEM;
    case SQLITE_IOERR:
        return QUIRE_EIO;
    case SQLITE_CONSTRAINT:
        return QUIRE_EEXIST;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return QUIRE_EFORMAT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return QUIRE_EBUSY;
    default:
        return QUIRE_EDB;
    }
}

enum quire_status store_fail(store *s, struct quire_err *err, const char *what)
{
    int rc = sqlite3_extended_errcode(s->db);
    enum quire_status st = status_of_sqlite(rc);
    /* SQLite's unix VFS reports only ENOSPC as SQLITE_FULL; a write past RLIMIT_FSIZE (EFBIG)
     * or a quota arrives as SQLITE_IOERR_WRITE, often with no errno kept. */
    int os = sqlite3_system_errno(s->db);
    if (rc == SQLITE_IOERR_WRITE || os == EFBIG || os == ENOSPC || os == EDQUOT)
        st = QUIRE_ENOSPC;
    if (st == QUIRE_ENOSPC)
        return quire_err_set(err, st, "%s: %s: cannot write (disk full or file size limit)",
                             s->path, what);
    return quire_err_set(err, st, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

/* Returns the cached statement, reset and with bindings cleared; NULL on prepare failure. */
static sqlite3_stmt *stmt(store *s, enum stmt_id id)
{
    sqlite3_stmt *st = s->stmts[id];
    if (!st) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
            SQLITE_OK)
            return NULL;
        s->stmts[id] = st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static enum quire_status exec_pragmas(store *s, struct quire_err *err)
{
    /* synchronous=FULL: an e-reader loses power without warning; a committed import must
     * survive that, and one fsync per bundle is cheap. */
    /* page_size only takes on a new, empty file (an existing library keeps its own). Large
     * pages suit a library of article-sized rows: an import writes an eighth of the pages,
     * hence of the system calls, that 4 KB pages need, and most articles fit in one page. */
    /* An import's transaction grows the WAL to the bundle's size; a long-lived connection (the
     * reader, sync) would keep that file. journal_size_limit cuts it back after the next
     * checkpoint, and checkpoints come after about as many bytes, whatever the page size. */
    char pragmas[320];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA page_size = %d; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
             "PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = %ld;",
             QUIRE_DB_PAGE_BYTES, (long)QUIRE_DB_WAL_KEEP_BYTES);
    char *journal = NULL;
    sqlite3_busy_timeout(s->db, QUIRE_DB_BUSY_TIMEOUT_MS);
    if (sqlite3_exec(s->db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(s, err, "opening the library");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, err, "opening the library");
    if (sqlite3_step(st) == SQLITE_ROW)
        journal = (char *)sqlite3_column_text(st, 0);
    bool is_wal = journal && strcmp(journal, "wal") == 0;
    sqlite3_finalize(st);
    if (!is_wal)
        return store_fail(s, err, "not a Quire library (cannot enable WAL)");
    int page = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, err, "opening the library");
    if (sqlite3_step(st) == SQLITE_ROW)
        page = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    long pages = page > 0 ? QUIRE_DB_WAL_KEEP_BYTES / page : 1000;
    sqlite3_wal_autocheckpoint(s->db, (int)(pages > 16 ? pages : 16));
    return QUIRE_OK;
}

/* ---- the full-text queue (schema migration 4) ---- */

static enum quire_status run_cached(store *s, enum stmt_id id, struct quire_err *err,
                                    const char *what)
{
    sqlite3_stmt *st = stmt(s, id);
    if (!st || sqlite3_step(st) != SQLITE_DONE) {
        enum quire_status rc = store_fail(s, err, what);
        if (st)
            sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return QUIRE_OK;
}

/* Indexes every queued article in one statement, inside the caller's transaction. */
static enum quire_status fts_index_queued(store *s, struct quire_err *err)
{
    enum quire_status rc = run_cached(s, ST_FTS_INDEX, err, "indexing articles for search");
    if (!rc)
        rc = run_cached(s, ST_FTS_CLEAR, err, "indexing articles for search");
    if (!rc)
        s->fts_rows = s->fts_bytes = 0;
    return rc;
}

/* A queue left by another program is indexed on open so search never misses an article.
 * Best effort: while another process holds the write lock (a long sync), opening must not
 * fail; the queue then waits for the next open. */
static enum quire_status index_leftovers(store *s, struct quire_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT EXISTS (SELECT 1 FROM fts_pending)", -1, &st, NULL) !=
        SQLITE_OK)
        return store_fail(s, err, "opening the library");
    int rc = sqlite3_step(st);
    bool queued = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return store_fail(s, err, "opening the library");
    if (!queued)
        return QUIRE_OK;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_BUSY)
            return QUIRE_OK;
        return store_fail(s, err, "opening the library");
    }
    s->in_tx = true;
    enum quire_status r = fts_index_queued(s, err);
    if (r) {
        store_tx_rollback(s);
        return r;
    }
    return store_tx_commit(s, err);
}

static enum quire_status make_parent_dir(const char *path, struct quire_err *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return QUIRE_OK;
    char dir[4096];
    size_t n = (size_t)(slash - path);
    if (n >= sizeof dir)
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", path);
    memcpy(dir, path, n);
    dir[n] = '\0';
    return quire_mkdir_p(dir, err);
}

enum quire_status store_open(const char *path, store **out, struct quire_err *err)
{
    *out = NULL;
    enum quire_status rc = make_parent_dir(path, err);
    if (rc)
        return rc;
    store *s = quire_calloc(1, sizeof *s);
    if (!s || !(s->path = quire_strdup(path))) {
        quire_free(s);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = s->db ? store_fail(s, err, "cannot open")
                   : quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    if (store_fts_register(s->db) != SQLITE_OK) {
        rc = store_fail(s, err, "setting up search");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, QUIRE_DB_BUSY_TIMEOUT_MS);
    rc = store_schema_check(s, err);
    if (!rc)
        rc = exec_pragmas(s, err);
    if (!rc)
        rc = store_schema_migrate(s, err);
    if (!rc)
        rc = index_leftovers(s, err);
    if (rc)
        goto fail;
    *out = s;
    return QUIRE_OK;
fail:
    store_close(s);
    return rc;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->in_tx)
        store_tx_rollback(s);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->stmts[i]);
    sqlite3_close(s->db);
    quire_free(s->path);
    quire_free(s);
}

/* ---- transactions ---- */

enum quire_status store_tx_begin(store *s, struct quire_err *err)
{
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(s, err, "starting a transaction");
    s->in_tx = true;
    return QUIRE_OK;
}

enum quire_status store_tx_commit(store *s, struct quire_err *err)
{
    /* Only a transaction that queued articles pays for indexing: a reading position or a
     * deletion commits without touching the queue. */
    enum quire_status rc = s->fts_rows ? fts_index_queued(s, err) : QUIRE_OK;
    if (rc) {
        store_tx_rollback(s);
        return rc;
    }
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_fail(s, err, "committing");
        store_tx_rollback(s);
        return rc;
    }
    s->in_tx = false;
    return QUIRE_OK;
}

void store_tx_rollback(store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = false;
    s->fts_rows = s->fts_bytes = 0;
}

/* ---- helpers for binding and stepping ---- */

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no rows. */
static enum quire_status step_done(store *s, sqlite3_stmt *st, struct quire_err *err,
                                   const char *what)
{
    if (!st)
        return store_fail(s, err, what);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        enum quire_status r = store_fail(s, err, what);
        sqlite3_reset(st);
        return r;
    }
    sqlite3_reset(st);
    return QUIRE_OK;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", v ? (const char *)v : "");
}

/* ---- keys ---- */

enum quire_status store_key_add(store *s, const struct store_key *key, struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_KEY_ADD);
    if (!st)
        return store_fail(s, err, "adding a key");
    bind_text(st, 1, key->keyid);
    sqlite3_bind_blob(st, 2, key->pk, 32, SQLITE_STATIC);
    bind_text(st, 3, key->name);
    sqlite3_bind_int64(st, 4, key->added ? key->added : quire_now());
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT)
        return quire_err_set(err, QUIRE_EEXIST, "key %s is already trusted", key->keyid);
    if (rc != SQLITE_DONE)
        return store_fail(s, err, "adding a key");
    return QUIRE_OK;
}

static void read_key(sqlite3_stmt *st, struct store_key *k)
{
    memset(k, 0, sizeof *k);
    copy_col(k->keyid, sizeof k->keyid, st, 0);
    if (sqlite3_column_bytes(st, 1) == 32)
        memcpy(k->pk, sqlite3_column_blob(st, 1), 32);
    copy_col(k->name, sizeof k->name, st, 2);
    k->added = sqlite3_column_int64(st, 3);
}

enum quire_status store_key_find(store *s, const char *keyid, struct store_key *out,
                                 struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_KEY_FIND);
    if (!st)
        return store_fail(s, err, "looking up a key");
    bind_text(st, 1, keyid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_key(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return QUIRE_OK;
    if (rc == SQLITE_DONE)
        return quire_err_set(err, QUIRE_ENOTFOUND, "key %s is not trusted", keyid);
    return store_fail(s, err, "looking up a key");
}

enum quire_status store_key_remove(store *s, const char *keyid, struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_KEY_REMOVE);
    if (!st)
        return store_fail(s, err, "removing a key");
    bind_text(st, 1, keyid);
    if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_reset(st);
        return store_fail(s, err, "removing a key");
    }
    sqlite3_reset(st);
    if (sqlite3_changes(s->db) == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "key %s is not trusted", keyid);
    return QUIRE_OK;
}

enum quire_status store_key_list(store *s, store_key_cb cb, void *ctx, struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_KEY_LIST);
    if (!st)
        return store_fail(s, err, "listing keys");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_key k;
        read_key(st, &k);
        cb(ctx, &k);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? QUIRE_OK : store_fail(s, err, "listing keys");
}

/* ---- bundles ---- */

enum quire_status store_bundle_has(store *s, const char *sha256, bool *has, struct quire_err *err)
{
    *has = false;
    sqlite3_stmt *st = stmt(s, ST_BUNDLE_HAS);
    if (!st)
        return store_fail(s, err, "looking up a bundle");
    bind_text(st, 1, sha256);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "looking up a bundle");
    *has = rc == SQLITE_ROW;
    return QUIRE_OK;
}

enum quire_status store_bundle_put(store *s, struct store_bundle *b, struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_BUNDLE_PUT);
    if (!st)
        return store_fail(s, err, "recording a bundle");
    bind_text(st, 1, b->sha256);
    bind_text(st, 2, b->uuid);
    bind_text(st, 3, b->publisher);
    bind_text(st, 4, b->keyid);
    sqlite3_bind_int64(st, 5, b->sequence);
    sqlite3_bind_int64(st, 6, b->created);
    sqlite3_bind_int64(st, 7, b->size);
    bind_text(st, 8, b->source_path);
    sqlite3_bind_int(st, 9, b->verified);
    sqlite3_bind_int64(st, 10, quire_now());
    enum quire_status rc = step_done(s, st, err, "recording a bundle");
    if (!rc)
        b->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

/* ---- articles ---- */

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
    sqlite3_stmt *st = stmt(s, ST_TOMB_HAS);
    if (!st)
        return store_fail(s, err, "checking tombstones");
    bind_text(st, 1, origin);
    bind_text(st, 2, guid);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "checking tombstones");
    *dead = rc == SQLITE_ROW;
    return QUIRE_OK;
}

/* Finds the held version: *id 0 when absent. */
static enum quire_status find_article(store *s, const char *origin, const char *guid, int64_t *id,
                                      int64_t *updated, struct quire_err *err)
{
    *id = 0;
    sqlite3_stmt *st = stmt(s, ST_ART_FIND);
    if (!st)
        return store_fail(s, err, "looking up an article");
    bind_text(st, 1, origin);
    bind_text(st, 2, guid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        *updated = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "looking up an article");
    return QUIRE_OK;
}

static void bind_article(sqlite3_stmt *st, const struct store_article *a, const char *origin)
{
    bind_text(st, 1, origin);
    bind_text(st, 2, a->guid);
    bind_text(st, 3, a->publisher ? a->publisher : "");
    bind_text(st, 4, a->verified ? a->keyid : NULL);
    bind_text(st, 5, a->title ? a->title : "");
    bind_text(st, 6, a->byline);
    bind_text(st, 7, a->section);
    bind_text(st, 8, a->language);
    sqlite3_bind_int64(st, 9, a->published);
    sqlite3_bind_int64(st, 10, a->updated);
    sqlite3_bind_blob64(st, 11, a->body ? a->body : "", a->body_len, SQLITE_STATIC);
    bind_text(st, 12, a->text ? a->text : "");
    bind_text(st, 13, a->body_hash);
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
    rc = find_article(s, origin, a->guid, &id, &held_updated, err);
    if (rc)
        return rc;
    if (id && held_updated >= a->updated) {
        a->id = id;
        *outcome = STORE_PUT_KEPT; /* an older or equal version never overwrites */
        return QUIRE_OK;
    }
    sqlite3_stmt *st = stmt(s, id ? ST_ART_UPDATE : ST_ART_INSERT);
    if (!st)
        return store_fail(s, err, "writing an article");
    bind_article(st, a, origin);
    if (!id)
        sqlite3_bind_int64(st, 16, quire_now());
    rc = step_done(s, st, err, "writing an article");
    if (rc)
        return rc;
    a->id = id ? id : sqlite3_last_insert_rowid(s->db);
    *outcome = id ? STORE_PUT_UPDATED : STORE_PUT_INSERTED;
    if (!id) {
        s->fts_rows++;
        s->fts_bytes += strlen(a->text ? a->text : "") + strlen(a->title ? a->title : "");
    }
    if (s->fts_bytes >= QUIRE_FTS_BATCH_BYTES)
        return fts_index_queued(s, err);
    return QUIRE_OK;
}

enum quire_status store_article_put(store *s, struct store_article *a,
                                    enum store_put_outcome *outcome, struct quire_err *err)
{
    if (s->in_tx)
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
    copy_col(row->a.body_hash, sizeof row->a.body_hash, st, C_HASH);
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
    sqlite3_stmt *st = stmt(s, ST_ART_GET);
    if (!st)
        return store_fail(s, err, "reading an article");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no article with id %lld", s->path,
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
        return quire_err_set(err, r, "%s: out of memory reading article %lld", s->path,
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
    sqlite3_stmt *st = stmt(s, ST_ART_LIST);
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
        return quire_err_set(err, r, "%s: out of memory listing articles", s->path);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "listing articles");
    return QUIRE_OK;
}

enum quire_status store_article_delete(store *s, int64_t id, struct quire_err *err)
{
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        return rc;
    sqlite3_stmt *st = stmt(s, ST_ART_DELETE);
    if (!st) {
        rc = store_fail(s, err, "deleting an article");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        sqlite3_reset(st);
        rc = quire_err_set(err, QUIRE_ENOTFOUND, "%s: no article with id %lld", s->path,
                           (long long)id);
        goto fail;
    }
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        rc = store_fail(s, err, "deleting an article");
        goto fail;
    }
    char origin[160], guid[1024];
    copy_col(origin, sizeof origin, st, 0);
    copy_col(guid, sizeof guid, st, 1);
    sqlite3_step(st); /* finish RETURNING */
    sqlite3_reset(st);
    sqlite3_stmt *t = stmt(s, ST_TOMB_ADD);
    if (t) {
        bind_text(t, 1, origin);
        bind_text(t, 2, guid);
        sqlite3_bind_int64(t, 3, quire_now());
    }
    rc = step_done(s, t, err, "recording a tombstone");
    if (rc)
        goto fail;
    return store_tx_commit(s, err);
fail:
    store_tx_rollback(s);
    return rc;
}

static enum quire_status require_changed(store *s, int64_t id, struct quire_err *err)
{
    if (sqlite3_changes(s->db) == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no article with id %lld", s->path,
                             (long long)id);
    return QUIRE_OK;
}

enum quire_status store_article_set_starred(store *s, int64_t id, bool starred,
                                            struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_ART_STAR);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, starred);
    }
    enum quire_status rc = step_done(s, st, err, "starring an article");
    return rc ? rc : require_changed(s, id, err);
}

enum quire_status store_article_count(store *s, int64_t *count, struct quire_err *err)
{
    *count = 0;
    sqlite3_stmt *st = stmt(s, ST_ART_COUNT);
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
    sqlite3_stmt *st = stmt(s, ST_DOC_PUT);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_blob64(st, 2, blob, len, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, version);
    }
    enum quire_status rc = step_done(s, st, err, "caching a document");
    return rc ? rc : require_changed(s, id, err);
}

enum quire_status store_article_doc_get(store *s, int64_t id, int version, void **blob, size_t *len,
                                        struct quire_err *err)
{
    *blob = NULL;
    *len = 0;
    sqlite3_stmt *st = stmt(s, ST_DOC_GET);
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
            r = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", s->path);
        }
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        r = store_fail(s, err, "reading a cached document");
    }
    sqlite3_reset(st);
    return r;
}

/* ---- media ---- */

enum quire_status store_media_put(store *s, int64_t article_id, const char *path, const char *mime,
                                  const void *data, size_t len, struct quire_err *err)
{
    char sha[65];
    quire_sha256_hex(data, len, sha);
    sqlite3_stmt *st = stmt(s, ST_MEDIA_PUT);
    if (st) {
        bind_text(st, 1, sha);
        bind_text(st, 2, mime);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
        sqlite3_bind_blob64(st, 4, data, len, SQLITE_STATIC);
    }
    enum quire_status rc = step_done(s, st, err, "storing media");
    if (rc)
        return rc;
    st = stmt(s, ST_MEDIA_LINK);
    if (st) {
        sqlite3_bind_int64(st, 1, article_id);
        bind_text(st, 2, path);
        bind_text(st, 3, sha);
    }
    return step_done(s, st, err, "linking media");
}

enum quire_status store_media_get(store *s, int64_t article_id, const char *path, void **data,
                                  size_t *len, char mime[64], struct quire_err *err)
{
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st = stmt(s, ST_MEDIA_GET);
    if (!st)
        return store_fail(s, err, "reading media");
    sqlite3_bind_int64(st, 1, article_id);
    bind_text(st, 2, path);
    int rc = sqlite3_step(st);
    enum quire_status r = QUIRE_OK;
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        void *p = quire_malloc(n);
        if (p) {
            memcpy(p, sqlite3_column_blob(st, 0), n);
            *data = p;
            *len = n;
            copy_col(mime, 64, st, 1);
        } else {
            r = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", s->path);
        }
    } else if (rc == SQLITE_DONE) {
        r = quire_err_set(err, QUIRE_ENOTFOUND, "%s: article %lld has no media '%s'", s->path,
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
    sqlite3_stmt *st = stmt(s, ST_POS_SET);
    if (st) {
        sqlite3_bind_int64(st, 1, article_id);
        sqlite3_bind_int64(st, 2, a->block);
        sqlite3_bind_int64(st, 3, a->offset);
        sqlite3_bind_int(st, 4, a->doc_version);
        bind_text(st, 5, a->body_hash);
        sqlite3_bind_int(st, 6, a->finished);
        sqlite3_bind_int64(st, 7, quire_now());
        sqlite3_bind_int(st, 8, a->progress);
    }
    return step_done(s, st, err, "saving the reading position");
}

enum quire_status store_position_get(store *s, int64_t article_id, struct store_anchor *a,
                                     struct quire_err *err)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st = stmt(s, ST_POS_GET);
    if (!st)
        return store_fail(s, err, "reading the reading position");
    sqlite3_bind_int64(st, 1, article_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        a->block = sqlite3_column_int64(st, 0);
        a->offset = sqlite3_column_int64(st, 1);
        a->doc_version = sqlite3_column_int(st, 2);
        copy_col(a->body_hash, sizeof a->body_hash, st, 3);
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
    sqlite3_stmt *st = stmt(s, ST_SEARCH);
    if (!st)
        return store_fail(s, err, "searching");
    bind_text(st, 1, query);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 50);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2)))
            break;
    }
    enum quire_status r = QUIRE_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = quire_err_set(err, QUIRE_EINVAL, "search '%s': %s", query, sqlite3_errmsg(s->db));
    sqlite3_reset(st);
    return r;
}

/* ---- settings ---- */

enum quire_status store_setting_set(store *s, const char *key, const char *value,
                                    struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_SET_PUT);
    if (st) {
        bind_text(st, 1, key);
        bind_text(st, 2, value);
    }
    return step_done(s, st, err, "saving a setting");
}

enum quire_status store_setting_get(store *s, const char *key, char *out, size_t outlen,
                                    struct quire_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_SET_GET);
    if (!st)
        return store_fail(s, err, "reading a setting");
    bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        copy_col(out, outlen, st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return QUIRE_OK;
    if (rc == SQLITE_DONE)
        return quire_err_set(err, QUIRE_ENOTFOUND, "setting %s is not set", key);
    return store_fail(s, err, "reading a setting");
}

/* ---- integrity ---- */

enum quire_status store_integrity_check(store *s, bool *ok, struct quire_err *err)
{
    *ok = false;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, err, "checking integrity");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        *ok = v && strcmp((const char *)v, "ok") == 0;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return store_fail(s, err, "checking integrity");
    if (!*ok)
        return QUIRE_OK;
    /* The search index against the articles it was built from (rank 1: compare with the
     * external content), which must all be in it: articles another program left queued are
     * indexed first. */
    if (!s->in_tx) {
        enum quire_status r = index_leftovers(s, err);
        if (r)
            return r;
    }
    rc = sqlite3_exec(s->db,
                      "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
                      NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_CORRUPT)
        *ok = false;
    else if (rc != SQLITE_OK)
        return store_fail(s, err, "checking the search index");
    return QUIRE_OK;
}
