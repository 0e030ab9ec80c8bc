/* store: the SQLite library of articles (see store.h for the contract); this file holds the
 * handle. Sections: the statement cache; opening and closing; the full-text queue;
 * transactions; helpers for binding and stepping; integrity. The rest of the contract lives
 * in store_article.c (articles, document cache), store_provenance.c (keys, bundles) and
 * store_reading.c (media, reading state, search, settings); store_internal.h is what they
 * share. Hot statements are prepared once per handle (store_stmt()) since import writes
 * thousands of rows. */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "quire_util.h"
#include "store_fts.h"
#include "store_internal.h"

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
    /* A synced bundle was imported from its partial file, gone since: its index name and
     * source say more. */
    [ST_ART_BUNDLE_FILE] =
        "SELECT CASE WHEN s.source IS NOT NULL AND b.source_path LIKE '%.part' "
        "THEN s.file || ' (source ' || s.source || ')' "
        "ELSE b.source_path END FROM articles a JOIN bundles b ON b.id = a.bundle_id "
        "LEFT JOIN sync_archive s ON s.sha256 = b.sha256 WHERE a.id = ?1",
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
    bool is_read_only; /* store_open_readonly */
    size_t fts_rows;   /* articles queued in fts_pending by this handle's transaction */
    size_t fts_bytes;  /* and their text, bytes */
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

sqlite3_stmt *store_stmt(store *s, enum store_stmt_id id)
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

static enum quire_status run_cached(store *s, enum store_stmt_id id, struct quire_err *err,
                                    const char *what)
{
    sqlite3_stmt *st = store_stmt(s, id);
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

enum quire_status store_fts_queued(store *s, size_t rows, size_t bytes, struct quire_err *err)
{
    s->fts_rows += rows;
    s->fts_bytes += bytes;
    if (s->fts_bytes >= QUIRE_FTS_BATCH_BYTES)
        return fts_index_queued(s, err);
    return QUIRE_OK;
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

/* The SQLite URI that opens path read-only. With no write-ahead log beside the file (a
 * library closed cleanly) every committed row is in the file itself, so it is opened
 * immutable: no -wal or -shm is created, locked or grown, which on a read-only file system
 * or under a file size limit could not be done. With a log, SQLite reads it through a
 * read-only -shm. */
static bool readonly_uri(const char *path, char *out, size_t cap)
{
    char wal[4200];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", path);
    bool has_log = stat(wal, &sb) == 0 && sb.st_size > 0;
    size_t n = (size_t)snprintf(out, cap, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < cap; p++)
        n += (size_t)(strchr("?#%", *p) || *p < 0x20 ? snprintf(out + n, cap - n, "%%%02X", *p)
                                                     : snprintf(out + n, cap - n, "%c", *p));
    n += (size_t)snprintf(out + n, cap - n, "?mode=ro%s", has_log ? "" : "&immutable=1");
    return n < cap;
}

/* A connection that never writes (see store.h). */
enum quire_status store_open_readonly(const char *path, store **out, struct quire_err *err)
{
    char uri[13000];
    *out = NULL;
    if (!quire_file_exists(path))
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no library here", path);
    store *s = quire_calloc(1, sizeof *s);
    if (!s || !(s->path = quire_strdup(path))) {
        quire_free(s);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    }
    s->is_read_only = true;
    enum quire_status rc;
    if (!readonly_uri(path, uri, sizeof uri)) {
        rc = quire_err_set(err, QUIRE_EINVAL, "%s: path too long", path);
        goto fail;
    }
    if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = s->db ? store_fail(s, err, "cannot open")
                   : quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, QUIRE_DB_BUSY_TIMEOUT_MS);
    if (store_fts_register(s->db) != SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_fail(s, err, "opening the library");
        goto fail;
    }
    if ((rc = store_schema_check(s, err)))
        goto fail;
    if ((rc = store_schema_current(s, err)))
        goto fail;
    *out = s;
    return QUIRE_OK;
fail:
    store_close(s);
    return rc;
}

bool store_is_read_only(const store *s)
{
    return s->is_read_only;
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

bool store_in_tx(const store *s)
{
    return s->in_tx;
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

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

enum quire_status store_step_done(store *s, sqlite3_stmt *st, struct quire_err *err,
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
