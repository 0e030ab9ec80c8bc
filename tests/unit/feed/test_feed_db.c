/* Tests of the publisher's state (feed_db.c, feed_db_items.c) on a real SQLite file: a run's
 * record forgets only the items its feed no longer lists and that are older than the feed's
 * window, never another feed's, never when the feed sent no document; and it is all or
 * nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed_db.h"
#include "quire_util.h"

#define DAY 86400

static char dir[64], path[128];
static const int64_t now = 1800000000;

static feed_db *open_with_feeds(void)
{
    snprintf(dir, sizeof dir, "/tmp/quire-feeddb-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/state.db", dir);
    feed_db *db = NULL;
    struct quire_err err = {0};
    assert_int_equal(feed_db_open(path, &db, &err), QUIRE_OK);
    const char *names[] = {"news", "other"};
    for (int i = 0; i < 2; i++) {
        char url[64];
        snprintf(url, sizeof url, "http://example.org/%s.xml", names[i]);
        struct feed_source src = {.name = (char *)names[i],
                                  .url = url,
                                  .section = "News",
                                  .max_items = 20,
                                  .max_age_days = 7,
                                  .full_text_from_page = true};
        assert_int_equal(feed_db_add(db, &src, &err), QUIRE_OK);
    }
    return db;
}

static void close_and_remove(feed_db *db)
{
    feed_db_close(db);
    unlink(path);
    rmdir(dir);
}

static struct feed_seen item(const char *guid, int64_t updated)
{
    struct feed_seen s = {.guid = (char *)guid, .published = updated, .updated = updated};
    memset(s.content_hash, 'a', 64);
    return s;
}

static bool known(feed_db *db, const char *feed, const char *guid)
{
    struct feed_seen s;
    struct quire_err err = {0};
    enum quire_status rc = feed_db_seen_get(db, feed, guid, &s, &err);
    assert_true(rc == QUIRE_OK || rc == QUIRE_ENOTFOUND);
    if (rc == QUIRE_OK)
        feed_seen_fini(&s);
    return rc == QUIRE_OK;
}

static void record_old_and_new(feed_db *db)
{
    struct feed_seen news[] = {item("old-gone", now - 30 * DAY), item("old-listed", now - 30 * DAY),
                               item("new-gone", now - DAY),
                               item("old \"quoted\" é", now - 30 * DAY)};
    struct feed_seen other[] = {item("old-gone", now - 30 * DAY)};
    struct feed_db_update u[] = {{.feed = "news", .items = news, .n_items = 4},
                                 {.feed = "other", .items = other, .n_items = 1}};
    struct quire_err err = {0};
    assert_int_equal(feed_db_record(db, u, 2, &err), QUIRE_OK);
}

static void test_forgets_old_unlisted_items(void **state)
{
    feed_db *db = open_with_feeds();
    record_old_and_new(db);
    struct feed_db_update u = {.feed = "news",
                               .listed_json = "[\"old-listed\", \"old \\\"quoted\\\" \\u00e9\"]",
                               .forget_before = now - 8 * DAY};
    struct quire_err err = {0};
    assert_int_equal(feed_db_record(db, &u, 1, &err), QUIRE_OK);
    assert_false(known(db, "news", "old-gone"));        /* old and no longer listed */
    assert_true(known(db, "news", "old-listed"));       /* still listed: kept */
    assert_true(known(db, "news", "old \"quoted\" é")); /* listed, JSON escapes read */
    assert_true(known(db, "news", "new-gone"));         /* within the window: kept */
    assert_true(known(db, "other", "old-gone"));        /* another feed's */
    close_and_remove(db);
}

static void test_no_document_forgets_nothing(void **state)
{
    feed_db *db = open_with_feeds();
    record_old_and_new(db);
    struct feed_db_update u = {.feed = "news", .forget_before = now}; /* a 304 or a failure */
    struct quire_err err = {0};
    assert_int_equal(feed_db_record(db, &u, 1, &err), QUIRE_OK);
    assert_true(known(db, "news", "old-gone"));
    assert_true(known(db, "news", "new-gone"));
    close_and_remove(db);
}

static void test_bad_list_changes_nothing(void **state)
{
    feed_db *db = open_with_feeds();
    record_old_and_new(db);
    struct feed_seen fresh[] = {item("fresh", now)};
    struct feed_db_update u = {.feed = "news",
                               .items = fresh,
                               .n_items = 1,
                               .listed_json = "[not json",
                               .forget_before = now};
    struct quire_err err = {0};
    assert_int_not_equal(feed_db_record(db, &u, 1, &err), QUIRE_OK);
    assert_non_null(strstr(err.msg, path));   /* the error names the file */
    assert_false(known(db, "news", "fresh")); /* rolled back whole */
    assert_true(known(db, "news", "old-gone"));
    close_and_remove(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forgets_old_unlisted_items),
        cmocka_unit_test(test_no_document_forgets_nothing),
        cmocka_unit_test(test_bad_list_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
