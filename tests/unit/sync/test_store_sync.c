/* test_store_sync: sync's store tables: sources with ordered mirrors, the cached index with the
 * validators of the mirror that served it, partials, the archive, and retention (read,
 * unstarred, oldest first; starred and unread never go; tombstones keep them out; the size cap
 * counts media and the archive, in batches), and the record of bundles that failed to import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "quire_util.h"
#include "store.h"
#include "store_sync.h"

static char dir[64], db_path[128];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/quire-ss-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db_path, sizeof db_path, "%s/lib.db", dir);
    store *s = NULL;
    if (store_open(db_path, &s, NULL))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void make_source(struct store_source *src, const char *name)
{
    memset(src, 0, sizeof *src);
    snprintf(src->name, sizeof src->name, "%s", name);
    snprintf(src->keyid, sizeof src->keyid, "0123456789ABCDEF");
    src->n_mirrors = 2;
    snprintf(src->mirrors[0], STORE_URL_MAX, "http://a.example/repo");
    snprintf(src->mirrors[1], STORE_URL_MAX, "http://b.example/repo");
}

static void count_cb(void *ctx, const struct store_source *src)
{
    (*(int *)ctx)++;
}

static void test_sources(void **state)
{
    store *s = *state;
    struct store_source src, got;
    struct quire_err err = {0};
    make_source(&src, "daily");
    assert_int_equal(store_source_add(s, &src, &err), QUIRE_OK);
    assert_int_equal(store_source_add(s, &src, &err), QUIRE_EEXIST);
    assert_non_null(strstr(err.msg, "daily"));
    assert_int_equal(store_source_get(s, "daily", &got, &err), QUIRE_OK);
    assert_int_equal(got.n_mirrors, 2);
    assert_string_equal(got.mirrors[1], "http://b.example/repo");
    assert_int_equal(got.last_sequence, -1);
    int n = 0;
    assert_int_equal(store_source_list(s, count_cb, &n, &err), QUIRE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_source_remove(s, "daily", &err), QUIRE_OK);
    assert_int_equal(store_source_remove(s, "daily", &err), QUIRE_ENOTFOUND);
    assert_int_equal(store_source_get(s, "daily", &got, &err), QUIRE_ENOTFOUND);
}

static void test_index_cache(void **state)
{
    store *s = *state;
    struct store_source src, got;
    char etag[256], lm[64], *body, *sig;
    size_t len, sig_len;
    make_source(&src, "cache");
    assert_int_equal(store_source_add(s, &src, NULL), QUIRE_OK);
    assert_int_equal(store_sync_index_save(s, "cache", 0, 5, "{}", 2, "S", 1, "\"e0\"", "M0", NULL),
                     QUIRE_OK);
    assert_int_equal(
        store_sync_index_save(s, "cache", 1, 6, "{1}", 3, "T", 1, "\"e1\"", "M1", NULL), QUIRE_OK);
    /* Only the mirror that served the cached body keeps its validators. */
    assert_int_equal(store_sync_validators_get(s, "cache", 0, etag, lm, NULL), QUIRE_OK);
    assert_string_equal(etag, "");
    assert_int_equal(store_sync_validators_get(s, "cache", 1, etag, lm, NULL), QUIRE_OK);
    assert_string_equal(etag, "\"e1\"");
    assert_string_equal(lm, "M1");
    assert_int_equal(store_sync_index_load(s, "cache", &body, &len, &sig, &sig_len, NULL), 0);
    assert_string_equal(body, "{1}");
    assert_string_equal(sig, "T");
    quire_free(body);
    quire_free(sig);
    assert_int_equal(store_source_get(s, "cache", &got, NULL), QUIRE_OK);
    assert_int_equal(got.last_sequence, 6);
    assert_int_equal(store_sync_source_mark(s, "cache", true, NULL), QUIRE_OK);
    assert_int_equal(store_source_get(s, "cache", &got, NULL), QUIRE_OK);
    assert_true(got.last_sync > 0);
}

static int archive_cb(void *ctx, const struct store_sync_archived *a)
{
    (*(int *)ctx)++;
    assert_string_equal(a->file, "x.epub");
    assert_string_equal(a->sections, "World\nScience");
    return 0;
}

static void test_partials_and_archive(void **state)
{
    store *s = *state;
    int64_t n = -1;
    const char *sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    assert_int_equal(store_sync_partial_set(s, sha, "src", "http://x/a", 10, 3, NULL), 0);
    assert_int_equal(store_sync_partial_count(s, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_sync_partial_remove(s, sha, NULL), 0);
    assert_int_equal(store_sync_partial_count(s, &n, NULL), 0);
    assert_int_equal(n, 0);
    struct store_sync_archived a = {
        .file = "x.epub", .size = 10, .sections = "World\nScience", .languages = "en"};
    memcpy(a.sha256, sha, 65);
    assert_int_equal(store_sync_archive_put(s, &a, NULL), 0);
    int seen = 0;
    assert_int_equal(store_sync_archive_list(s, archive_cb, &seen, NULL), 0);
    assert_int_equal(seen, 1);
    assert_int_equal(store_sync_archive_remove(s, sha, NULL), 0);
    seen = 0;
    assert_int_equal(store_sync_archive_list(s, archive_cb, &seen, NULL), 0);
    assert_int_equal(seen, 0);
}

/* Adds an article published at `when`; read/starred as asked; returns its id. */
static int64_t add_article(store *s, const char *guid, int64_t when, bool read, bool starred)
{
    struct store_article a = {.publisher = "P",
                              .guid = guid,
                              .title = guid,
                              .section = "S",
                              .language = "en",
                              .published = when,
                              .updated = when,
                              .body = "<p>x</p>",
                              .body_len = 8,
                              .text = "x"};
    enum store_put_outcome out;
    assert_int_equal(store_tx_begin(s, NULL), 0);
    assert_int_equal(store_article_put(s, &a, &out, NULL), 0);
    assert_int_equal(store_tx_commit(s, NULL), 0);
    if (starred)
        assert_int_equal(store_article_set_starred(s, a.id, true, NULL), 0);
    if (read) {
        struct store_anchor an = {.finished = true};
        assert_int_equal(store_position_set(s, a.id, &an, NULL), 0);
    }
    return a.id;
}

static void test_retention(void **state)
{
    store *s = *state;
    int64_t old_read = add_article(s, "old-read", 1000, true, false);
    int64_t old_star = add_article(s, "old-star", 1000, true, true);
    int64_t old_unread = add_article(s, "old-unread", 1000, false, false);
    int64_t new_read = add_article(s, "new-read", 5000, true, false);
    struct store_article_row *row = NULL;
    int64_t deleted = 0;
    assert_int_equal(store_sync_expire(s, 2000, 0, 0, &deleted, NULL), QUIRE_OK);
    assert_int_equal(deleted, 1);
    assert_int_equal(store_article_get(s, old_read, &row, NULL), QUIRE_ENOTFOUND);
    assert_int_equal(store_article_get(s, old_star, &row, NULL), QUIRE_OK);
    store_article_free(row);
    assert_int_equal(store_article_get(s, old_unread, &row, NULL), QUIRE_OK);
    store_article_free(row);
    /* A size cap of one byte expires every read, unstarred article, still never the starred
     * or the unread. */
    assert_int_equal(store_sync_expire(s, 0, 1, 0, &deleted, NULL), QUIRE_OK);
    assert_int_equal(deleted, 1);
    assert_int_equal(store_article_get(s, new_read, &row, NULL), QUIRE_ENOTFOUND);
    assert_int_equal(store_article_get(s, old_star, &row, NULL), QUIRE_OK);
    store_article_free(row);
}

/* A failed bundle is remembered by SHA-256 with its reason; another SHA-256 is not. */
static void test_failures(void **state)
{
    store *s = *state;
    char why[128];
    int64_t when = 0;
    const char *sha = "aa00000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(store_sync_failure_get(s, sha, why, sizeof why, &when, NULL), QUIRE_ENOTFOUND);
    assert_int_equal(store_sync_failure_put(s, sha, "daily", "day2.epub", "bad zip", NULL),
                     QUIRE_OK);
    assert_int_equal(store_sync_failure_get(s, sha, why, sizeof why, &when, NULL), QUIRE_OK);
    assert_string_equal(why, "bad zip");
    assert_true(when > 0);
    assert_int_equal(store_sync_failure_get(s, "bb", why, sizeof why, &when, NULL),
                     QUIRE_ENOTFOUND);
}

static int64_t library_bytes(store *s)
{
    int64_t bytes = 0;
    assert_int_equal(store_sync_library_bytes(s, &bytes, NULL), QUIRE_OK);
    return bytes;
}

/* The size cap counts media and the caller's extra bytes (the archive), expired articles take
 * their media with them unless another article still uses it, and hundreds of articles go in
 * a few batches (linear, not one rescan and commit per article). */
static void test_retention_size(void **state)
{
    store *s = *state;
    enum { N = 600 };
    static char big[200000];
    memset(big, 'm', sizeof big);
    int64_t first = 0, last = 0;
    for (int i = 0; i < N; i++) {
        char guid[32];
        snprintf(guid, sizeof guid, "a%d", i);
        int64_t id = add_article(s, guid, 1000 + i, true, false);
        if (i == 0)
            first = id;
        last = id;
    }
    /* 200 kB of media on the oldest article only, and one blob shared by the first and last. */
    assert_int_equal(store_media_put(s, first, "img/big.png", "image/png", big, sizeof big, NULL),
                     QUIRE_OK);
    assert_int_equal(store_media_put(s, first, "img/s.png", "image/png", "shared", 6, NULL),
                     QUIRE_OK);
    assert_int_equal(store_media_put(s, last, "img/s.png", "image/png", "shared", 6, NULL),
                     QUIRE_OK);
    int64_t before = library_bytes(s), after = 0, deleted = 0;
    assert_true(before > (int64_t)sizeof big);
    /* Bodies are tiny: only the media (and the archive bytes) put the library over the cap.
     * Expiring the oldest article frees the big blob. */
    assert_int_equal(store_sync_expire(s, 0, before - 1000, 0, &deleted, NULL), QUIRE_OK);
    assert_int_equal(deleted, 1);
    after = library_bytes(s);
    assert_true(after <= before - (int64_t)sizeof big);
    void *data = NULL;
    size_t len = 0;
    char mime[64];
    assert_int_equal(store_media_get(s, last, "img/s.png", &data, &len, mime, NULL), QUIRE_OK);
    assert_int_equal(len, 6); /* still used by the last article: kept */
    quire_free(data);
    /* Extra bytes (the archive) count too: with 1 MB of archive under a cap of 1 MB plus half
     * the library, about half the articles go, in batches. */
    assert_int_equal(store_sync_expire(s, 0, 1000000 + after / 2, 1000000, &deleted, NULL),
                     QUIRE_OK);
    assert_true(deleted > 100 && deleted < N);
    int64_t now_bytes = 0;
    assert_int_equal(store_sync_library_bytes(s, &now_bytes, NULL), QUIRE_OK);
    assert_true(now_bytes <= after / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partials_and_archive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
