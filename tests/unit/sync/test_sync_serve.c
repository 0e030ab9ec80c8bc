/* test_sync_serve: the relay server (libmicrohttpd) on 127.0.0.1 with a free port, driven by
 * the sync transfer engine: the relay index (and 304 for its ETag), a bundle in full and
 * resumed with Range (206), 404 for unknown or unsafe names, and a second sync holding a lock
 * on a partial file is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"
#include "net_http.h"
#include "sync_repo.h"

static char dir[64], db_path[128], part[160], sha[65];
static char payload[50000];
static sync_server *srv;
static char base[64];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/quire-serve-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db_path, sizeof db_path, "%s/library.db", dir);
    snprintf(part, sizeof part, "%s/x.part", dir);
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (char)(i * 31 + 7);
    quire_sha256_hex(payload, sizeof payload, sha);
    char archive[128], path[256];
    if (sync_library_dir(db_path, QUIRE_SYNC_ARCHIVE_DIR, archive, sizeof archive) ||
        quire_mkdir_p(archive, NULL))
        return -1;
    snprintf(path, sizeof path, "%s/%s.epub", archive, sha);
    if (quire_file_write_atomic(path, payload, sizeof payload, NULL))
        return -1;
    store *s = NULL;
    if (store_open(db_path, &s, NULL))
        return -1;
    struct store_sync_archived a = {.file = "day1.epub",
                                    .size = sizeof payload,
                                    .source = "daily",
                                    .publisher = "Daily",
                                    .sequence = 1,
                                    .created = 1000,
                                    .articles = 3,
                                    .languages = "en",
                                    .sections = "World\nScience"};
    memcpy(a.sha256, sha, 65);
    enum quire_status st = store_sync_archive_put(s, &a, NULL);
    store_close(s);
    struct sync_serve_opts so = {.bind_addr = "127.0.0.1"};
    if (st || net_http_global_init(NULL) || sync_server_start(db_path, &so, &srv, NULL))
        return -1;
    snprintf(base, sizeof base, "http://127.0.0.1:%u", sync_server_port(srv));
    return 0;
}

static int teardown(void **state)
{
    sync_server_stop(srv);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void test_index_and_etag(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    char url[128], *body = NULL;
    size_t len = 0;
    struct sync_index *idx = NULL;
    snprintf(url, sizeof url, "%s/index.json", base);
    assert_int_equal(net_http_get_mem(&o, url, NULL, NULL, 65536, &body, &len, &res, NULL), 0);
    assert_int_equal(res.status, 200);
    assert_true(res.etag[0] == '"');
    assert_int_equal(sync_index_parse(body, len, url, &idx, NULL), QUIRE_OK);
    assert_true(idx->is_relay);
    assert_int_equal(idx->n_bundles, 1);
    assert_string_equal(idx->bundles[0].file, "day1.epub");
    assert_string_equal(idx->bundles[0].sha256, sha);
    assert_int_equal(idx->bundles[0].n_sections, 2);
    sync_index_free(idx);
    quire_free(body);
    char etag[256];
    snprintf(etag, sizeof etag, "%s", res.etag);
    assert_int_equal(net_http_get_mem(&o, url, etag, NULL, 65536, &body, &len, &res, NULL), 0);
    assert_true(res.not_modified);
    assert_null(body);
}

static void test_bundle_and_resume(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    char url[128], hex[65];
    snprintf(url, sizeof url, "%s/day1.epub", base);
    unlink(part);
    assert_int_equal(quire_file_write_atomic(part, payload, 12345, NULL), 0);
    assert_int_equal(net_http_get_file(&o, url, part, sizeof payload, &res, NULL), 0);
    assert_int_equal(res.status, 206);
    assert_int_equal(res.resumed_from, 12345);
    assert_int_equal(res.received, sizeof payload - 12345);
    assert_int_equal(quire_sha256_file(part, hex, NULL, NULL), 0);
    assert_string_equal(hex, sha);
}

static void test_not_found(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    struct quire_err err = {0};
    char url[160], *body = NULL;
    size_t len = 0;
    const char *names[] = {"nope.epub", "..%2Flibrary.db", "bundles/x"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(url, sizeof url, "%s/%s", base, names[i]);
        assert_int_equal(net_http_get_mem(&o, url, NULL, NULL, 4096, &body, &len, &res, &err),
                         QUIRE_ENOTFOUND);
        assert_non_null(strstr(err.msg, "HTTP 404"));
    }
}

static void test_partial_locked(void **state)
{
    struct net_opts o = {.retries = 1};
    struct net_http_result res;
    struct quire_err err = {0};
    char url[128];
    snprintf(url, sizeof url, "%s/day1.epub", base);
    unlink(part);
    int fd = open(part, O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    assert_int_equal(net_http_get_file(&o, url, part, sizeof payload, &res, &err), QUIRE_EEXIST);
    assert_non_null(strstr(err.msg, "another sync"));
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_and_etag),
        cmocka_unit_test(test_bundle_and_resume),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_partial_locked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
