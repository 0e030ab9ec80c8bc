/* Unit tests for net_http_head: header lines as libcurl hands them over, and the decisions on
 * them (a file download of a size the index gives, a capped memory GET). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "net_http_head.h"

/* Feeds lines separated by '\n' (each keeps its "\r\n"). */
static void feed(struct net_head *h, const char *text)
{
    net_head_init(h);
    for (const char *at = text; *at;) {
        const char *nl = strchr(at, '\n');
        size_t len = nl ? (size_t)(nl - at) + 1 : strlen(at);
        net_head_line(h, at, len);
        at += len;
    }
}

static void test_a_plain_200_is_read(void **state)
{
    struct net_head h;
    char why[160];
    feed(&h, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nETag: \"v1\"\r\n"
             "Last-Modified: Tue, 01 Dec 2026 00:00:00 GMT\r\n\r\n");
    assert_int_equal(h.status, 200);
    assert_true(h.content_length == 1000);
    assert_string_equal(h.etag, "\"v1\"");
    assert_true(h.is_complete && net_head_is_final(&h));
    assert_true(net_head_check_file(&h, 0, 1000, why, sizeof why));
    assert_false(net_head_check_file(&h, 0, 999, why, sizeof why));
    assert_string_equal(why, "the server declares 1000 bytes where the index lists 999");
    assert_true(net_head_check_cap(&h, 1000, why, sizeof why));
    assert_false(net_head_check_cap(&h, 999, why, sizeof why));
}

static void test_a_resume_must_cover_the_rest(void **state)
{
    struct net_head h;
    char why[160];
    feed(&h, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 400-999/1000\r\n"
             "Content-Length: 600\r\n\r\n");
    assert_true(net_head_check_file(&h, 400, 1000, why, sizeof why));
    assert_false(net_head_check_file(&h, 300, 1000, why, sizeof why)); /* other bytes */
    feed(&h, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 400-998/1000\r\n\r\n");
    assert_false(net_head_check_file(&h, 400, 1000, why, sizeof why)); /* stops short */
    feed(&h, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 400-999/1000\r\n"
             "Content-Length: 601\r\n\r\n");
    assert_false(net_head_check_file(&h, 400, 1000, why, sizeof why)); /* declares more */
    feed(&h, "HTTP/1.1 206 Partial Content\r\n\r\n");
    assert_false(net_head_check_file(&h, 400, 1000, why, sizeof why)); /* no range at all */
}

static void test_a_redirect_starts_over(void **state)
{
    struct net_head h;
    char why[160];
    feed(&h, "HTTP/1.1 302 Found\r\nLocation: http://m2/a.epub\r\nContent-Length: 5\r\n"
             "ETag: \"old\"\r\n\r\nHTTP/2 200\r\ncontent-length: 1000\r\n\r\n");
    assert_int_equal(h.responses, 2);
    assert_int_equal(h.status, 200);
    assert_string_equal(h.etag, "");
    assert_string_equal(h.location, "");
    assert_true(net_head_check_file(&h, 0, 1000, why, sizeof why));
    feed(&h, "HTTP/1.1 301 Moved\r\nLocation:   http://m2/x  \r\n\r\n");
    assert_string_equal(h.location, "http://m2/x");
    assert_false(net_head_is_final(&h));
}

static void test_lengths_are_read_strictly(void **state)
{
    const char *bad[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 11\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 10, 10\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "HTTP/1.1 206 Partial\r\nContent-Range: bytes 9-5/10\r\n\r\n",
        "HTTP/1.1 206 Partial\r\nContent-Range: bytes 0-10/10\r\n\r\n",
        "HTTP/1.1 206 Partial\r\nContent-Range: items 0-1/2\r\n\r\n",
    };
    char why[160];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct net_head h;
        feed(&h, bad[i]);
        assert_true(h.is_bad);
        assert_false(net_head_check_file(&h, 0, 10, why, sizeof why));
    }
    struct net_head h;
    feed(&h, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 10\r\n\r\n");
    assert_false(h.is_bad); /* the same length twice says nothing new */
    feed(&h, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */10\r\n\r\n");
    assert_false(h.is_bad);
    assert_true(h.range_total == 10 && h.range_first == -1);
    feed(&h, "HTTP/1.1 2000 OK\r\n\r\n");
    assert_int_equal(h.status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_plain_200_is_read),
        cmocka_unit_test(test_a_resume_must_cover_the_rest),
        cmocka_unit_test(test_a_redirect_starts_over),
        cmocka_unit_test(test_lengths_are_read_strictly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
