/* test_net_http: the transfer engine on file:// URLs (no network): memory fetch under a cap,
 * download into a partial file, resume from a prefix, restart from a bad prefix, refuse more
 * bytes than expected, and cancellation. HTTP behaviour is covered in tests/sync/. */
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
#include "net_http.h"

static char dir[256];
static char src_path[300], src_url[320], part_path[300];
static char payload[100000];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/quire-http-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (char)('a' + (i * 7) % 26);
    snprintf(src_path, sizeof src_path, "%s/src.bin", dir);
    snprintf(src_url, sizeof src_url, "file://%s", src_path);
    snprintf(part_path, sizeof part_path, "%s/x.part", dir);
    if (quire_file_write_atomic(src_path, payload, sizeof payload, NULL))
        return -1;
    return net_http_global_init(NULL) == QUIRE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    unlink(src_path);
    unlink(part_path);
    rmdir(dir);
    return 0;
}

static void assert_part_is_payload(void)
{
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(quire_file_read(part_path, sizeof payload * 2, &data, &len, NULL), 0);
    assert_int_equal(len, sizeof payload);
    assert_memory_equal(data, payload, len);
    quire_free(data);
}

static void test_join(void **state)
{
    char out[64];
    assert_int_equal(net_http_join("http://h/repo/", "index.json", out, sizeof out), 0);
    assert_string_equal(out, "http://h/repo/index.json");
    assert_int_equal(net_http_join("http://h", "a", out, sizeof out), 0);
    assert_string_equal(out, "http://h/a");
    assert_int_not_equal(net_http_join("http://h", "a", out, 5), 0);
}

static void test_mem(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    char *body = NULL;
    size_t len = 0;
    struct quire_err err = {0};
    assert_int_equal(
        net_http_get_mem(&o, src_url, NULL, NULL, sizeof payload, &body, &len, &res, &err),
        QUIRE_OK);
    assert_int_equal(len, sizeof payload);
    assert_memory_equal(body, payload, len);
    quire_free(body);
    assert_int_equal(net_http_get_mem(&o, src_url, NULL, NULL, 1000, &body, &len, &res, &err),
                     QUIRE_ETOOBIG);
    assert_null(body);
    assert_non_null(strstr(err.msg, "src.bin"));
    char missing[400];
    snprintf(missing, sizeof missing, "file://%s/nope", dir);
    assert_int_equal(net_http_get_mem(&o, missing, NULL, NULL, 1000, &body, &len, &res, &err),
                     QUIRE_ENOTFOUND);
    assert_non_null(strstr(err.msg, "nope"));
}

static void test_file_fresh_and_resume(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    unlink(part_path);
    assert_int_equal(net_http_get_file(&o, src_url, part_path, sizeof payload, &res, NULL), 0);
    assert_int_equal(res.resumed_from, 0);
    assert_part_is_payload();
    /* A prefix resumes: only the rest crosses the wire. */
    assert_int_equal(quire_file_write_atomic(part_path, payload, 30000, NULL), 0);
    assert_int_equal(net_http_get_file(&o, src_url, part_path, sizeof payload, &res, NULL), 0);
    assert_int_equal(res.resumed_from, 30000);
    assert_int_equal(res.received, sizeof payload - 30000);
    assert_part_is_payload();
    /* A complete partial file needs no transfer at all. */
    assert_int_equal(net_http_get_file(&o, src_url, part_path, sizeof payload, &res, NULL), 0);
    assert_int_equal(res.received, 0);
}

static void test_file_too_long_partial(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    char junk[sizeof payload + 10];
    memset(junk, 'z', sizeof junk);
    assert_int_equal(quire_file_write_atomic(part_path, junk, sizeof junk, NULL), 0);
    assert_int_equal(net_http_get_file(&o, src_url, part_path, sizeof payload, &res, NULL), 0);
    assert_int_equal(res.resumed_from, 0);
    assert_part_is_payload();
}

static void test_file_more_than_expected(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    struct quire_err err = {0};
    unlink(part_path);
    assert_int_equal(net_http_get_file(&o, src_url, part_path, 5000, &res, &err), QUIRE_ETOOBIG);
    assert_non_null(strstr(err.msg, "more bytes than expected"));
    char *data = NULL;
    size_t len = 99;
    assert_int_equal(quire_file_read(part_path, 100, &data, &len, NULL), 0);
    assert_int_equal(len, 0); /* discarded: never resume from a wrong file */
    quire_free(data);
}

static void test_cancel(void **state)
{
    atomic_int cancel = 1;
    struct net_opts o = {.retries = 3, .cancel = &cancel};
    struct net_http_result res;
    struct quire_err err = {0};
    unlink(part_path);
    assert_int_equal(net_http_get_file(&o, src_url, part_path, sizeof payload, &res, &err),
                     QUIRE_ECANCELED);
    assert_int_equal(res.attempts, 1); /* cancellation is not retried */
}

static void test_dead_port_retries(void **state)
{
    /* Port 9 (discard) on loopback is closed in the test environment: connection refused is
     * retried with backoff, then reported as a network error naming the URL. */
    struct net_opts o = {.retries = 2, .backoff_ms = 100, .connect_timeout_s = 2};
    struct net_http_result res;
    struct quire_err err = {0};
    char *body = NULL;
    size_t len = 0;
    enum quire_status st = net_http_get_mem(&o, "http://127.0.0.1:9/index.json", NULL, NULL, 100,
                                            &body, &len, &res, &err);
    assert_int_equal(st, QUIRE_ENET);
    assert_int_equal(res.attempts, 2);
    assert_non_null(strstr(err.msg, "127.0.0.1:9"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_mem),
        cmocka_unit_test(test_file_fresh_and_resume),
        cmocka_unit_test(test_file_too_long_partial),
        cmocka_unit_test(test_file_more_than_expected),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_dead_port_retries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
