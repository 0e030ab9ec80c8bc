/* test_net_batch: a batch of GETs against an in-process HTTP server (libmicrohttpd, a thread
 * per connection, each answer held back a little so that requests overlap): no host ever sees
 * more than per_host requests at once, two hosts are fetched side by side, a failing URL fails
 * alone, a conditional GET gets its 304, and file:// is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <microhttpd.h>
#include <pthread.h>

#include "net_batch.h"
#include "quire_util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int active[2], most[2]; /* per Host header: 127.0.0.1 (0), localhost (1) */
static struct MHD_Daemon *daemon_;
static unsigned port;

static enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *body,
                              const char *etag)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (etag)
        MHD_add_response_header(r, "ETag", etag);
    enum MHD_Result ok = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_len, void **state)
{
    static int marker;
    if (!*state) {
        *state = &marker;
        return MHD_YES;
    }
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    int h = host && strncmp(host, "localhost", 9) == 0;
    pthread_mutex_lock(&mu);
    if (++active[h] > most[h])
        most[h] = active[h];
    pthread_mutex_unlock(&mu);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 100 * 1000000L};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&mu);
    active[h]--;
    pthread_mutex_unlock(&mu);
    if (strcmp(url, "/missing") == 0)
        return answer(c, 404, "no", NULL);
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (strcmp(url, "/tagged") == 0 && inm && strcmp(inm, "\"v1\"") == 0)
        return answer(c, 304, "", "\"v1\"");
    return answer(c, 200, url, "\"v1\"");
}

static int setup(void **state)
{
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                               NULL, NULL, on_request, NULL, MHD_OPTION_END);
    if (!daemon_)
        return -1;
    port = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

static int teardown(void **state)
{
    MHD_stop_daemon(daemon_);
    return 0;
}

static const struct net_opts net = {.retries = 1, .connect_timeout_s = 5, .deadline_s = 20};

static void test_per_host_limit(void **state)
{
    enum { N = 12 };
    char urls[N][96];
    struct net_request reqs[N];
    memset(reqs, 0, sizeof reqs);
    for (int i = 0; i < N; i++) {
        snprintf(urls[i], sizeof urls[i], "http://%s:%u/page%d", i % 2 ? "localhost" : "127.0.0.1",
                 port, i);
        reqs[i] = (struct net_request){.url = urls[i], .cap = 4096};
    }
    memset(most, 0, sizeof most);
    struct net_batch_opts o = {.net = &net, .threads = 6, .per_host = 2, .host_delay_ms = -1};
    assert_int_equal(net_batch_get(&o, reqs, N, NULL), QUIRE_OK);
    for (int i = 0; i < N; i++) {
        assert_int_equal(reqs[i].status, QUIRE_OK);
        assert_non_null(reqs[i].body);
        assert_string_equal(reqs[i].body, strchr(urls[i] + 7, '/'));
        assert_string_equal(reqs[i].res.etag, "\"v1\"");
    }
    assert_true(most[0] >= 1 && most[0] <= 2);
    assert_true(most[1] >= 1 && most[1] <= 2);
    net_batch_free_bodies(reqs, N);
}

static void test_failures_alone(void **state)
{
    char ok[96], missing[96], tagged[96];
    snprintf(ok, sizeof ok, "http://127.0.0.1:%u/fine", port);
    snprintf(missing, sizeof missing, "http://127.0.0.1:%u/missing", port);
    snprintf(tagged, sizeof tagged, "http://127.0.0.1:%u/tagged", port);
    struct net_request reqs[] = {
        {.url = missing, .cap = 4096},
        {.url = "file:///etc/hostname", .cap = 4096},
        {.url = tagged, .etag = "\"v1\"", .cap = 4096},
        {.url = ok, .cap = 2}, /* "/fine" is 5 bytes: over the cap */
        {.url = ok, .cap = 4096},
    };
    struct net_batch_opts o = {.net = &net, .host_delay_ms = 1};
    assert_int_equal(net_batch_get(&o, reqs, 5, NULL), QUIRE_OK);
    assert_int_equal(reqs[0].status, QUIRE_ENOTFOUND);
    assert_non_null(strstr(reqs[0].err.msg, "HTTP 404"));
    assert_int_not_equal(reqs[1].status, QUIRE_OK);
    assert_null(reqs[1].body);
    assert_int_equal(reqs[2].status, QUIRE_OK);
    assert_true(reqs[2].res.not_modified);
    assert_null(reqs[2].body);
    assert_int_equal(reqs[3].status, QUIRE_ETOOBIG);
    assert_int_equal(reqs[4].status, QUIRE_OK);
    assert_string_equal(reqs[4].body, "/fine");
    net_batch_free_bodies(reqs, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_host_limit),
        cmocka_unit_test(test_failures_alone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
