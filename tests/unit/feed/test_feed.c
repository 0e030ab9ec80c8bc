/* Tests of the feed module's parsers: dates as feeds write them, URL resolution, each feed
 * format's fields from the files in tests/data/feeds, the caps, OPML both ways, and
 * allocation failures. The same files are checked against python3-feedparser by
 * tests/feed/parse.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "feed.h"
#include "quire_util.h"

static struct feed *parse_file(const char *name, const char *url)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/feeds/%s", QUIRE_TEST_SRC, name);
    char *data = NULL;
    size_t len = 0;
    struct quire_err err;
    assert_int_equal(quire_file_read(path, QUIRE_FEED_MAX_BYTES, &data, &len, &err), QUIRE_OK);
    struct feed *f = NULL;
    enum quire_status rc = feed_parse(name, data, len, url, &f, &err);
    quire_free(data);
    if (rc)
        fail_msg("%s: %s", name, err.msg);
    return f;
}

static int64_t utc(const char *rfc3339)
{
    int64_t t;
    assert_true(quire_time_parse(rfc3339, &t));
    return t;
}

static void test_dates(void **state)
{
    static const struct {
        const char *text, *utc;
    } good[] = {
        {"Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"},
        {"Tue, 10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00Z"},
        {"10 Jun 2003 04:00 EST", "2003-06-10T09:00:00Z"},
        {"Wednesday, 1 Dec 26 23:59:59 PDT", "2026-12-02T06:59:59Z"},
        {"Mon, 30 Nov 99 12:00:00 UT", "1999-11-30T12:00:00Z"},
        {"Sat, 29 Feb 2020 10:00:00 -03:30", "2020-02-29T13:30:00Z"},
        {"2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z"},
        {"2003-12-13T18:30:02.25+01:00", "2003-12-13T17:30:02Z"},
        {"2003-12-13T18:30:02-0500", "2003-12-13T23:30:02Z"},
        {"2003-12-13 18:30:02", "2003-12-13T18:30:02Z"},
        {"2003-12-13T18:30", "2003-12-13T18:30:00Z"},
        {"2003-12-13", "2003-12-13T00:00:00Z"},
        {"2003-12", "2003-12-01T00:00:00Z"},
        {"  2026-01-01T00:00:00+03:30  ", "2025-12-31T20:30:00Z"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t t = 0;
        if (!feed_date_parse(good[i].text, &t))
            fail_msg("'%s' not parsed", good[i].text);
        if (t != utc(good[i].utc))
            fail_msg("'%s' read as %lld", good[i].text, (long long)t);
    }
    static const char *const bad[] = {
        "",
        "yesterday",
        "Tue, 31 Jun 2003 04:00:00 GMT",
        "2003-02-29",
        "2003-13-01",
        "2003-12-13T25:00:00Z",
        "Tue, 10 Foo 2003 04:00:00 GMT",
        "2003-12-13T18:30:02+25:00",
        "10 Jun 2003 04:00:00 NOWHERE",
        "2003-12-13T18:30:02Zjunk",
        "1066-10-14",
        "10 Jun 203 04:00:00 GMT",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 0;
        if (feed_date_parse(bad[i], &t))
            fail_msg("'%s' accepted as %lld", bad[i], (long long)t);
    }
}

static void test_urls(void **state)
{
    static const struct {
        const char *base, *ref, *want;
    } cases[] = {
        {"https://a.example/x/feed.xml", "item/1", "https://a.example/x/item/1"},
        {"https://a.example/x/feed.xml", "/item/1", "https://a.example/item/1"},
        {"https://a.example/x/feed.xml", "../up", "https://a.example/up"},
        {"https://a.example/x/feed.xml", "//cdn.example/i.jpg", "https://cdn.example/i.jpg"},
        {"https://a.example/x/", "?q=1#f", "https://a.example/x/?q=1#f"},
        {NULL, "http://b.example/p", "http://b.example/p"},
        {"https://a.example/", "  http://b.example/spaced  ", "http://b.example/spaced"},
        {"https://a.example/", "a b.html", "https://a.example/a%20b.html"},
        {"https://a.example/", "javascript:alert(1)", NULL},
        {"https://a.example/", "data:text/html,hi", NULL},
        {"https://a.example/", "mailto:x@example.org", NULL},
        {"https://a.example/", "file:///etc/passwd", NULL},
        {NULL, "relative/only", NULL},
        {"https://a.example/", "", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = feed_url_resolve(cases[i].base, cases[i].ref);
        if (!cases[i].want ? got != NULL : !got || strcmp(got, cases[i].want) != 0)
            fail_msg("'%s' on '%s': got '%s'", cases[i].ref, cases[i].base ? cases[i].base : "",
                     got ? got : "(null)");
        quire_free(got);
    }
}

static void test_rss2_fields(void **state)
{
    struct feed *f = parse_file("rss2.xml", "https://feeds.example.org/ru/rss.xml");
    assert_int_equal(f->format, FEED_RSS);
    assert_string_equal(f->lang, "ru");
    assert_int_equal(f->n_items, 4);
    const struct feed_item *a = &f->items[0], *b = &f->items[1], *d = &f->items[3];
    assert_string_equal(a->guid, "ru-2026-12-02-budget");
    assert_string_equal(a->author, "Анна Петрова");
    assert_int_equal(a->n_categories, 2);
    assert_string_equal(a->categories[1], "Экономика");
    assert_non_null(strstr(a->content, "Расходы вырастут")); /* content:encoded wins */
    assert_non_null(strstr(a->summary, "<b>втором</b>"));
    assert_int_equal(a->n_media, 1);
    assert_string_equal(a->media[0].url, "https://feeds.example.org/ru/images/parliament.jpg");
    assert_string_equal(a->media[0].caption, "Зал заседаний парламента");
    assert_true(a->media[0].is_image);
    assert_string_equal(b->title, "Tom & Jerry\xe2\x80\x99s new show");
    assert_string_equal(b->author, "Culture Desk");
    assert_int_equal(b->media[0].length, 1234567);
    assert_false(b->media[0].is_image);
    assert_int_equal(b->published, utc("2026-12-01T14:05:00Z"));
    assert_int_equal(b->updated, b->published);
    assert_string_equal(f->items[2].link, "https://news.example.org/ru/articles/permalink");
    assert_int_equal(d->published, 0);
    assert_string_equal(d->title, "");
    assert_int_equal(strncmp(d->guid, "sha256:", 7), 0);
    feed_destroy(f);
}

static void test_atom_fields(void **state)
{
    struct feed *f = parse_file("atom.xml", "https://feeds.example.org/fa/atom.xml");
    assert_int_equal(f->format, FEED_ATOM);
    assert_string_equal(f->lang, "fa");
    assert_string_equal(f->link, "https://www.example.ir/fa/");
    const struct feed_item *a = &f->items[0], *b = &f->items[1], *c = &f->items[2];
    assert_string_equal(a->title, "باران در تهران");
    assert_string_equal(a->author, "سارا احمدی");
    assert_string_equal(a->lang, "fa");
    assert_string_equal(a->categories[0], "هوا");
    assert_int_equal(a->published, utc("2026-12-02T05:00:00Z"));
    assert_int_equal(a->updated, utc("2026-12-02T06:15:10Z"));
    assert_string_equal(a->media[0].url, "https://www.example.ir/img/rain.jpg");
    assert_string_equal(a->media[0].caption, "خیابان خیس");
    assert_non_null(strstr(a->content, "<p>")); /* xhtml: the markup inside the div */
    assert_null(strstr(a->content, "<div"));
    assert_string_equal(b->link, "https://www.example.ir/en/markets"); /* entry xml:base */
    assert_string_equal(b->lang, "en");
    assert_string_equal(b->title, "Markets rally again");
    assert_string_equal(b->media[0].url, "https://www.example.ir/en/thumbs/markets.png");
    assert_int_equal(b->published, b->updated); /* only <updated>: it is both */
    assert_string_equal(c->content, "<p>1 &lt; 2 &amp; 3 &gt; 2</p>");
    assert_string_equal(c->link, "https://www.example.ir/fa/news/text?a=1&b=2");
    feed_destroy(f);
}

static void test_rdf_and_json(void **state)
{
    struct feed *f = parse_file("rdf.xml", NULL);
    assert_int_equal(f->format, FEED_RDF);
    assert_string_equal(f->items[0].guid, "https://science.example.net/2026/comet");
    assert_string_equal(f->items[0].categories[0], "Astronomy");
    assert_int_equal(f->items[1].published, utc("2026-11-29T00:00:00Z"));
    feed_destroy(f);
    f = parse_file("jsonfeed.json", NULL);
    assert_int_equal(f->format, FEED_JSON);
    assert_int_equal(f->n_items, 3);
    assert_string_equal(f->items[0].author, "Dolkar Tsering");
    assert_int_equal(f->items[0].n_categories, 2); /* the repeated tag counted once */
    assert_string_equal(f->items[0].media[0].url, "https://rfm.example.com/images/bridge.webp");
    assert_true(f->items[0].media[0].is_image);
    assert_string_equal(f->items[1].link, "https://rfm.example.com/feeds/stories/1002-school");
    assert_string_equal(f->items[1].content,
                        "<p>Classes resumed on Tuesday.</p><p>Parents helped clear the mud.</p>");
    assert_string_equal(f->items[1].author, "Staff");
    assert_string_equal(f->items[2].guid, "1003");
    feed_destroy(f);
}

static void expect_refused(const char *text, enum quire_status want, const char *in_msg)
{
    struct feed *f = (struct feed *)1;
    struct quire_err err;
    enum quire_status rc = feed_parse("bad.xml", text, strlen(text), NULL, &f, &err);
    if (rc != want || f || !strstr(err.msg, in_msg))
        fail_msg("'%.40s': status %d, message '%s'", text, rc, err.msg);
}

static void test_refusals(void **state)
{
    expect_refused("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY e 'x'>]><rss><channel/></rss>",
                   QUIRE_EUNSAFE, "bad.xml: declares XML entities");
    expect_refused("<html><body>hi</body></html>", QUIRE_EFORMAT, "not an RSS, RDF or Atom");
    expect_refused("plain words", QUIRE_EFORMAT, "bad.xml: not XML");
    expect_refused("{\"version\": \"1\", \"items\": []}", QUIRE_EFORMAT, "not a JSON Feed");
    expect_refused("{\"version\": ", QUIRE_EFORMAT, "not JSON");
    expect_refused(
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"\xff\"}]}",
        QUIRE_EUTF8, "item 1");
}

/* Past the item cap the rest is dropped; a field past its cap is an error naming the item. */
static void test_caps(void **state)
{
    struct quire_buf b;
    quire_buf_init(&b, 64L * 1024 * 1024);
    assert_int_equal(quire_buf_puts(&b, "<rss><channel>"), QUIRE_OK);
    for (int i = 0; i < QUIRE_FEED_MAX_ITEMS + 5; i++)
        assert_int_equal(quire_buf_printf(&b, "<item><guid>g%d</guid></item>", i), QUIRE_OK);
    assert_int_equal(quire_buf_puts(&b, "</channel></rss>"), QUIRE_OK);
    struct feed *f = NULL;
    struct quire_err err;
    assert_int_equal(feed_parse("many.xml", b.data, b.len, NULL, &f, &err), QUIRE_OK);
    assert_int_equal(f->n_items, QUIRE_FEED_MAX_ITEMS);
    feed_destroy(f);
    quire_buf_fini(&b);

    quire_buf_init(&b, 64L * 1024 * 1024);
    assert_int_equal(quire_buf_puts(&b, "<rss><channel><item><title>"), QUIRE_OK);
    for (int i = 0; i < QUIRE_FEED_MAX_TEXT_BYTES + 1; i++)
        assert_int_equal(quire_buf_puts(&b, "x"), QUIRE_OK);
    assert_int_equal(quire_buf_puts(&b, "</title></item></channel></rss>"), QUIRE_OK);
    assert_int_equal(feed_parse("long.xml", b.data, b.len, NULL, &f, &err), QUIRE_ETOOBIG);
    assert_non_null(strstr(err.msg, "long.xml: item 1"));
    quire_buf_fini(&b);
}

static void test_opml_roundtrip(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/feeds/subscriptions.opml", QUIRE_TEST_SRC);
    char *data = NULL, *text = NULL;
    size_t len = 0, tlen = 0;
    struct quire_err err;
    assert_int_equal(quire_file_read(path, QUIRE_OPML_MAX_BYTES, &data, &len, &err), QUIRE_OK);
    struct feed_opml *o = NULL, *o2 = NULL;
    assert_int_equal(feed_opml_parse("subscriptions.opml", data, len, &o, &err), QUIRE_OK);
    assert_int_equal(o->n_entries, 4);
    assert_string_equal(o->title, "Service subscriptions");
    assert_string_equal(o->entries[0].section, "World");
    assert_string_equal(o->entries[0].lang, "ru");
    assert_string_equal(o->entries[1].section, "Science"); /* the innermost folder */
    assert_null(o->entries[2].section);
    assert_string_equal(o->entries[2].title, "Radio Free Mountains"); /* title= when no text= */
    assert_string_equal(o->entries[3].section, "فارسی");
    assert_int_equal(feed_opml_write(o, &text, &tlen, &err), QUIRE_OK);
    assert_int_equal(feed_opml_parse("again.opml", text, tlen, &o2, &err), QUIRE_OK);
    assert_int_equal(o2->n_entries, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(o->entries[i].url, o2->entries[i].url);
        assert_string_equal(o->entries[i].title, o2->entries[i].title);
        assert_true(!o->entries[i].section == !o2->entries[i].section);
    }
    feed_opml_destroy(o);
    feed_opml_destroy(o2);
    quire_free(text);
    quire_free(data);

    const char *bad = "<opml><body><outline text='x' xmlUrl='ftp://x.example/f'/></body></opml>";
    assert_int_equal(feed_opml_parse("bad.opml", bad, strlen(bad), &o, &err), QUIRE_EINVAL);
    assert_non_null(strstr(err.msg, "bad.opml: line 1: feed URL 'ftp://x.example/f'"));
    assert_int_equal(feed_opml_parse("x.opml", "nope", 4, &o, &err), QUIRE_EFORMAT);
    assert_int_equal(feed_opml_parse("x.opml", "<rss/>", 6, &o, &err), QUIRE_EFORMAT);
}

/* Any allocation of ours may fail: the parser then reports ENOMEM (or copes) and leaks
 * nothing (the ASan build checks the leaks). */
static void test_alloc_failures(void **state)
{
    static const char *const files[] = {"rss2.xml", "atom.xml", "jsonfeed.json"};
    for (size_t k = 0; k < 3; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/data/feeds/%s", QUIRE_TEST_SRC, files[k]);
        char *data = NULL;
        size_t len = 0;
        struct quire_err err;
        assert_int_equal(quire_file_read(path, QUIRE_FEED_MAX_BYTES, &data, &len, &err), 0);
        bool ok = false;
        for (long n = 1; n < 100000 && !ok; n++) {
            struct feed *f = NULL;
            quire_alloc_fail_after(n);
            enum quire_status rc = feed_parse(files[k], data, len, NULL, &f, &err);
            quire_alloc_fail_after(0);
            if (rc != QUIRE_OK && rc != QUIRE_ENOMEM)
                fail_msg("%s, allocation %ld: status %d '%s'", files[k], n, rc, err.msg);
            ok = rc == QUIRE_OK && n > 20;
            feed_destroy(f);
        }
        assert_true(ok);
        quire_free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),          cmocka_unit_test(test_urls),
        cmocka_unit_test(test_rss2_fields),    cmocka_unit_test(test_atom_fields),
        cmocka_unit_test(test_rdf_and_json),   cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_caps),           cmocka_unit_test(test_opml_roundtrip),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
