/* test_store: the SQLite library on real files in a temporary folder: migrations, keys,
 * article versioning and tombstones, media dedup, anchors, search, the document cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "config.h"
#include "quire_util.h"
#include "store.h"

struct fixture {
    char dir[64];
    char path[128];
    store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/quire-store-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/sub/library.db", f->dir);
    struct quire_err err;
    if (store_open(f->path, &f->s, &err) != QUIRE_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static struct store_article article(const char *guid, int64_t updated, const char *text)
{
    struct store_article a = {
        .publisher = "Test News",
        .keyid = "0123456789ABCDEF",
        .guid = guid,
        .title = "A title",
        .section = "World",
        .language = "en",
        .published = 1700000000,
        .updated = updated,
        .body = "<p>body</p>",
        .body_len = 11,
        .text = text,
        .verified = true,
    };
    return a;
}

static enum store_put_outcome put(store *s, struct store_article *a)
{
    enum store_put_outcome out;
    struct quire_err err;
    assert_int_equal(store_article_put(s, a, &out, &err), QUIRE_OK);
    return out;
}

static void test_open_sets_wal_and_schema(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int(st, 0) >= 1);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 32768); /* a new library: large pages */
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* A library made with SQLite's default 4 KB pages (an older Quire, another tool) opens, takes
 * articles and keeps its page size: pages are only chosen for a new file. */
static void test_existing_page_size_is_kept(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    f->s = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/old.db", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA page_size = 4096; CREATE TABLE t(x); DROP TABLE t;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct quire_err err;
    assert_int_equal(store_open(path, &f->s, &err), QUIRE_OK);
    struct store_article a = article("p1", 1, "kept pages");
    put(f->s, &a);
    store_close(f->s);
    f->s = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 4096);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_newer_schema_is_refused(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    store *s2 = NULL;
    struct quire_err err;
    assert_int_equal(store_open(f->path, &s2, &err), QUIRE_EUNSUPPORTED);
    assert_null(s2);
    assert_non_null(strstr(err.msg, "library.db"));
}

static void test_not_a_database_is_refused(void **state)
{
    struct fixture *f = *state;
    char p[160];
    snprintf(p, sizeof p, "%s/junk.db", f->dir);
    FILE *fp = fopen(p, "w");
    fputs("this is not a sqlite database, just some text that is long enough to matter.....", fp);
    fclose(fp);
    store *s2 = NULL;
    struct quire_err err;
    assert_int_not_equal(store_open(p, &s2, &err), QUIRE_OK);
    assert_non_null(strstr(err.msg, "junk.db"));
}

static void test_keys(void **state)
{
    struct fixture *f = *state;
    struct store_key k = {.keyid = "AABBCCDDEEFF0011", .name = "Publisher"};
    memset(k.pk, 7, 32);
    struct quire_err err;
    assert_int_equal(store_key_add(f->s, &k, &err), QUIRE_OK);
    assert_int_equal(store_key_add(f->s, &k, &err), QUIRE_EEXIST);
    struct store_key got;
    assert_int_equal(store_key_find(f->s, "AABBCCDDEEFF0011", &got, &err), QUIRE_OK);
    assert_memory_equal(got.pk, k.pk, 32);
    assert_string_equal(got.name, "Publisher");
    assert_int_equal(store_key_find(f->s, "0000000000000000", &got, &err), QUIRE_ENOTFOUND);
    assert_int_equal(store_key_remove(f->s, "AABBCCDDEEFF0011", &err), QUIRE_OK);
    assert_int_equal(store_key_remove(f->s, "AABBCCDDEEFF0011", &err), QUIRE_ENOTFOUND);
}

static void test_article_versions(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("g1", 100, "first version");
    assert_int_equal(put(f->s, &a), STORE_PUT_INSERTED);
    int64_t id = a.id;
    assert_int_equal(put(f->s, &a), STORE_PUT_KEPT);

    struct store_article newer = article("g1", 200, "corrected version");
    assert_int_equal(put(f->s, &newer), STORE_PUT_UPDATED);
    assert_int_equal(newer.id, id);

    struct store_article older = article("g1", 150, "stale version");
    assert_int_equal(put(f->s, &older), STORE_PUT_KEPT);

    struct store_article_row *row;
    struct quire_err err;
    assert_int_equal(store_article_get(f->s, id, &row, &err), QUIRE_OK);
    assert_string_equal(row->a.text, "corrected version");
    assert_int_equal(row->a.updated, 200);
    assert_true(row->a.verified);
    store_article_free(row);
}

static void test_unsigned_cannot_replace_signed(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("same-guid", 100, "signed text");
    put(f->s, &a);
    struct store_article u = article("same-guid", 999, "unsigned text");
    u.verified = false;
    assert_int_equal(put(f->s, &u), STORE_PUT_INSERTED);
    assert_int_not_equal(u.id, a.id);
    int64_t n;
    assert_int_equal(store_article_count(f->s, &n, NULL), QUIRE_OK);
    assert_int_equal(n, 2);
}

static void test_tombstone_keeps_deleted_article_away(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("g2", 100, "text");
    put(f->s, &a);
    struct quire_err err;
    assert_int_equal(store_article_delete(f->s, a.id, &err), QUIRE_OK);
    struct store_article again = article("g2", 100, "text");
    assert_int_equal(put(f->s, &again), STORE_PUT_TOMBSTONED);
    struct store_article newer = article("g2", 500, "even a newer one");
    assert_int_equal(put(f->s, &newer), STORE_PUT_TOMBSTONED);
    int64_t n;
    store_article_count(f->s, &n, NULL);
    assert_int_equal(n, 0);
    assert_int_equal(store_article_delete(f->s, a.id, &err), QUIRE_ENOTFOUND);
}

static void test_media_is_deduplicated(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("m1", 1, "x"), b = article("m2", 1, "y");
    put(f->s, &a);
    put(f->s, &b);
    struct quire_err err;
    const char png[] = "\x89PNG fake image bytes";
    assert_int_equal(store_media_put(f->s, a.id, "img/a.png", "image/png", png, sizeof png, &err),
                     QUIRE_OK);
    assert_int_equal(store_media_put(f->s, b.id, "img/b.png", "image/png", png, sizeof png, &err),
                     QUIRE_OK);
    sqlite3 *db;
    sqlite3_open(f->path, &db);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM media", -1, &st, NULL);
    sqlite3_step(st);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    void *data;
    size_t len;
    char mime[64];
    assert_int_equal(store_media_get(f->s, b.id, "img/b.png", &data, &len, mime, &err), QUIRE_OK);
    assert_int_equal(len, sizeof png);
    assert_memory_equal(data, png, len);
    assert_string_equal(mime, "image/png");
    quire_free(data);
    assert_int_equal(store_media_get(f->s, b.id, "nope.png", &data, &len, mime, &err),
                     QUIRE_ENOTFOUND);
}

static void test_reading_position_round_trip(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("p1", 1, "x");
    put(f->s, &a);
    struct store_anchor in = {.block = 12, .offset = 345, .doc_version = 3}, out;
    strcpy(in.body_hash, a.body_hash);
    struct quire_err err;
    assert_int_equal(store_position_get(f->s, a.id, &out, &err), QUIRE_ENOTFOUND);
    assert_int_equal(store_position_set(f->s, a.id, &in, &err), QUIRE_OK);
    assert_int_equal(store_position_get(f->s, a.id, &out, &err), QUIRE_OK);
    assert_int_equal(out.block, 12);
    assert_int_equal(out.offset, 345);
    assert_int_equal(out.doc_version, 3);
    assert_string_equal(out.body_hash, a.body_hash);
}

struct hits {
    int n;
    int64_t first;
};

static int count_hit(void *ctx, int64_t id, const char *title, const char *snippet)
{
    struct hits *h = ctx;
    if (h->n++ == 0)
        h->first = id;
    return 0;
}

static void test_search_follows_updates(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("s1", 1, "The parliament voted on the budget");
    put(f->s, &a);
    struct store_article b = article("s2", 1, "Река вышла из берегов после дождей");
    put(f->s, &b);
    struct hits h = {0};
    struct quire_err err;
    assert_int_equal(store_search(f->s, "budget", 10, count_hit, &h, &err), QUIRE_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.first, a.id);
    h = (struct hits){0};
    store_search(f->s, "берегов", 10, count_hit, &h, &err);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.first, b.id);

    struct store_article a2 = article("s1", 2, "The senate rejected the plan");
    put(f->s, &a2);
    h = (struct hits){0};
    store_search(f->s, "budget", 10, count_hit, &h, &err);
    assert_int_equal(h.n, 0);
    h = (struct hits){0};
    store_search(f->s, "senate", 10, count_hit, &h, &err);
    assert_int_equal(h.n, 1);
    assert_int_equal(store_search(f->s, "\"unbalanced", 10, count_hit, &h, &err), QUIRE_EINVAL);
}

static int hits_for(store *s, const char *query)
{
    struct hits h = {0};
    struct quire_err err;
    assert_int_equal(store_search(s, query, 1000, count_hit, &h, &err), QUIRE_OK);
    return h.n;
}

static void assert_integrity(store *s)
{
    bool ok = false;
    struct quire_err err;
    assert_int_equal(store_integrity_check(s, &ok, &err), QUIRE_OK);
    assert_true(ok);
}

/* One import writes many articles in one transaction: the search index is built in batches
 * (more text than one batch here), and every article is found once it commits. */
static void test_search_index_built_in_batches(void **state)
{
    struct fixture *f = *state;
    enum { N = 700 };
    struct quire_buf filler;
    quire_buf_init(&filler, 1 << 20);
    for (int i = 0; i < 1200; i++) /* about 7 KB of text per article: 5 MB in all */
        quire_buf_printf(&filler, "word%d ", i % 97);
    assert_true(filler.len * N > 2 * QUIRE_FTS_BATCH_BYTES);
    struct quire_err err;
    assert_int_equal(store_tx_begin(f->s, &err), QUIRE_OK);
    for (int i = 0; i < N; i++) {
        char guid[32], text[16384];
        snprintf(guid, sizeof guid, "b%d", i);
        snprintf(text, sizeof text, "marker%d %s", i, filler.data);
        struct store_article a = article(guid, 1, text);
        put(f->s, &a);
    }
    /* More text than one batch: the first articles are indexed before the commit, and a
     * correction of one of them in the same transaction replaces its index entry. */
    assert_int_equal(hits_for(f->s, "marker0"), 1);
    struct store_article fixed = article("b0", 2, "replacement0 text");
    assert_int_equal(put(f->s, &fixed), STORE_PUT_UPDATED);
    assert_int_equal(store_tx_commit(f->s, &err), QUIRE_OK);
    quire_buf_fini(&filler);
    assert_int_equal(hits_for(f->s, "marker0"), 0);
    assert_int_equal(hits_for(f->s, "replacement0"), 1);
    assert_int_equal(hits_for(f->s, "marker350"), 1);
    assert_int_equal(hits_for(f->s, "marker699"), 1);
    assert_int_equal(hits_for(f->s, "word5"), N - 1);
    assert_integrity(f->s);
}

/* A correction that arrives in the same transaction as the article it corrects: only the
 * newer text is indexed; a rolled-back transaction leaves no index entries behind. */
static void test_search_index_within_one_transaction(void **state)
{
    struct fixture *f = *state;
    struct quire_err err;
    assert_int_equal(store_tx_begin(f->s, &err), QUIRE_OK);
    struct store_article a = article("c1", 1, "first draft about tariffs");
    put(f->s, &a);
    struct store_article b = article("c1", 2, "corrected story about subsidies");
    assert_int_equal(put(f->s, &b), STORE_PUT_UPDATED);
    assert_int_equal(store_tx_commit(f->s, &err), QUIRE_OK);
    assert_int_equal(hits_for(f->s, "tariffs"), 0);
    assert_int_equal(hits_for(f->s, "subsidies"), 1);

    assert_int_equal(store_tx_begin(f->s, &err), QUIRE_OK);
    struct store_article c = article("c2", 1, "never committed glaciers");
    put(f->s, &c);
    store_tx_rollback(f->s);
    assert_int_equal(hits_for(f->s, "glaciers"), 0);
    assert_integrity(f->s);
}

/* Another program writing the library with plain SQL still keeps the index consistent: an
 * article it deletes before indexing leaves no trace, and one it leaves queued is indexed the
 * next time Quire opens the library. */
static void test_search_index_after_plain_sql(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    f->s = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    static const char *const sql =
        "BEGIN;"
        "INSERT INTO articles(id, origin, guid, publisher, title, published, updated, body, "
        "  text, body_hash, verified, added) "
        "VALUES (7, 'o', 'g7', 'p', 't', 0, 0, x'00', 'volcanoes erupted', 'h', 0, 0),"
        "       (8, 'o', 'g8', 'p', 't', 0, 0, x'00', 'orchards bloomed', 'h', 0, 0);"
        "DELETE FROM articles WHERE id = 7;"
        "COMMIT;";
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    /* It also repairs the index as FTS5 documents, which indexes the queued article too. */
    static const char *const more =
        "INSERT INTO articles(id, origin, guid, publisher, title, published, updated, body, "
        "  text, body_hash, verified, added) "
        "VALUES (9, 'o', 'g9', 'p', 't', 0, 0, x'00', 'glaciers melted', 'h', 0, 0);"
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');";
    assert_int_equal(sqlite3_exec(db, more, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct quire_err err;
    assert_int_equal(store_open(f->path, &f->s, &err), QUIRE_OK);
    assert_int_equal(hits_for(f->s, "volcanoes"), 0);
    assert_int_equal(hits_for(f->s, "orchards"), 1);
    assert_int_equal(hits_for(f->s, "glaciers"), 1);
    assert_integrity(f->s);
}

/* The integrity check covers the search index: an entry for an article that does not exist
 * is found. */
static void test_integrity_check_sees_a_broken_index(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("i1", 1, "an honest article");
    put(f->s, &a);
    assert_integrity(f->s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO articles_fts(rowid, title, text) "
                                  "VALUES (999, 'ghost', 'an entry with no article')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    bool ok = true;
    struct quire_err err;
    assert_int_equal(store_integrity_check(f->s, &ok, &err), QUIRE_OK);
    assert_false(ok);
}

/* A transaction that queued no article commits without writing to the queue: a deletion or a
 * sync bookkeeping transaction costs no extra page. */
static void test_commit_without_articles_writes_nothing(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("n1", 1, "something to start with");
    put(f->s, &a);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    struct stat before, after;
    assert_int_equal(stat(wal, &before), 0);
    struct quire_err err;
    assert_int_equal(store_tx_begin(f->s, &err), QUIRE_OK);
    assert_int_equal(store_tx_commit(f->s, &err), QUIRE_OK);
    assert_int_equal(stat(wal, &after), 0);
    assert_int_equal(after.st_size, before.st_size);
}

/* A big import grows the WAL; a connection that stays open (the reader, sync) does not keep
 * that file: after the checkpoint the next write cuts it back to the configured size. */
static void test_wal_is_cut_back_after_a_big_import(void **state)
{
    struct fixture *f = *state;
    struct quire_buf text;
    quire_buf_init(&text, 1 << 20);
    for (int i = 0; i < 4000; i++) /* about 40 KB per article: 16 MB in one transaction */
        quire_buf_printf(&text, "w%d ", i);
    struct quire_err err;
    assert_int_equal(store_tx_begin(f->s, &err), QUIRE_OK);
    for (int i = 0; i < 400; i++) {
        char guid[16];
        snprintf(guid, sizeof guid, "w%d", i);
        struct store_article a = article(guid, 1, text.data);
        put(f->s, &a);
    }
    assert_int_equal(store_tx_commit(f->s, &err), QUIRE_OK);
    quire_buf_fini(&text);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    struct stat st;
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size > 16L * 1024 * 1024); /* the import itself went through the WAL */
    struct store_article small = article("after", 1, "a small write");
    put(f->s, &small);
    struct store_article smaller = article("after2", 1, "and another");
    put(f->s, &smaller);
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size <= QUIRE_DB_WAL_KEEP_BYTES + 2 * QUIRE_DB_PAGE_BYTES);
    assert_integrity(f->s);
}

static void test_doc_cache_versions_and_invalidation(void **state)
{
    struct fixture *f = *state;
    struct store_article a = article("d1", 1, "x");
    put(f->s, &a);
    struct quire_err err;
    assert_int_equal(store_article_doc_put(f->s, a.id, 2, "BLOB", 4, &err), QUIRE_OK);
    void *blob;
    size_t len;
    assert_int_equal(store_article_doc_get(f->s, a.id, 2, &blob, &len, &err), QUIRE_OK);
    assert_int_equal(len, 4);
    assert_memory_equal(blob, "BLOB", 4);
    quire_free(blob);
    assert_int_equal(store_article_doc_get(f->s, a.id, 3, &blob, &len, &err), QUIRE_OK);
    assert_null(blob);
    struct store_article newer = article("d1", 2, "y");
    put(f->s, &newer);
    assert_int_equal(store_article_doc_get(f->s, a.id, 2, &blob, &len, &err), QUIRE_OK);
    assert_null(blob); /* a corrected article drops its stale layout */
}

static void test_rollback_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    struct quire_err err;
    assert_int_equal(store_tx_begin(f->s, &err), QUIRE_OK);
    struct store_article a = article("t1", 1, "x");
    put(f->s, &a);
    store_tx_rollback(f->s);
    int64_t n;
    store_article_count(f->s, &n, NULL);
    assert_int_equal(n, 0);
}

static void test_settings_and_reopen(void **state)
{
    struct fixture *f = *state;
    struct quire_err err;
    char v[32];
    assert_int_equal(store_setting_get(f->s, "font_px", v, sizeof v, &err), QUIRE_ENOTFOUND);
    assert_int_equal(store_setting_set(f->s, "font_px", "36", &err), QUIRE_OK);
    store_close(f->s);
    assert_int_equal(store_open(f->path, &f->s, &err), QUIRE_OK);
    assert_int_equal(store_setting_get(f->s, "font_px", v, sizeof v, &err), QUIRE_OK);
    assert_string_equal(v, "36");
    bool ok;
    assert_int_equal(store_integrity_check(f->s, &ok, &err), QUIRE_OK);
    assert_true(ok);
}

static void test_out_of_memory_is_an_error(void **state)
{
    struct fixture *f = *state;
    store *s2 = NULL;
    struct quire_err err;
    quire_alloc_fail_after(1);
    assert_int_equal(store_open(f->path, &s2, &err), QUIRE_ENOMEM);
    quire_alloc_fail_after(0);
    assert_null(s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_sets_wal_and_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_existing_page_size_is_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_article_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsigned_cannot_replace_signed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tombstone_keeps_deleted_article_away, setup, teardown),
        cmocka_unit_test_setup_teardown(test_media_is_deduplicated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reading_position_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_follows_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_built_in_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_within_one_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_index_after_plain_sql, setup, teardown),
        cmocka_unit_test_setup_teardown(test_integrity_check_sees_a_broken_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_without_articles_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_wal_is_cut_back_after_a_big_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doc_cache_versions_and_invalidation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_and_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory_is_an_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
