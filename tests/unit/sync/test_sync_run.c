/* test_sync_run: sync as a library call, the way the reader uses it: on a worker thread with a
 * progress callback, while the main thread reads the library through its own handle; it does
 * nothing while the platform reports no network, stops at once when cancelled, and a second
 * run fetches no bundle bytes. The repository is published with sync_publish to a folder and
 * reached through a file:// mirror (HTTP is covered by tests/sync/). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle.h"
#include "minisign.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"
#include "sync_repo.h"

static char dir[64], db_path[128], repo[128];

struct counts {
    int imported, errors, events;
    pthread_t worker;
    bool off_thread; /* a callback ran on another thread than the worker */
};

static void on_progress(void *ctx, const struct sync_progress *p)
{
    struct counts *c = ctx;
    c->events++;
    if (!pthread_equal(pthread_self(), c->worker))
        c->off_thread = true;
    if (p->event == SYNC_EV_IMPORTED)
        c->imported++;
    if (p->event == SYNC_EV_ERROR)
        c->errors++;
}

static void make_bundle(const struct minisign_seckey *sk, int n, char *out, size_t outlen)
{
    char txt[160];
    snprintf(txt, sizeof txt, "%s/art%d.txt", dir, n);
    char body[128];
    int len = snprintf(body, sizeof body, "Headline %d\n\nBody text of article %d.\n", n, n);
    assert_int_equal(quire_file_write_atomic(txt, body, (size_t)len, NULL), QUIRE_OK);
    snprintf(out, outlen, "%s/b%d.epub", dir, n);
    struct bundle_input in = {.path = txt};
    struct bundle_create_opts o = {
        .publisher = "Unit Daily", .section = "World", .language = "en", .sequence = n, .key = sk};
    struct quire_err err = {0};
    if (bundle_create(out, &in, 1, &o, &err) != QUIRE_OK)
        fail_msg("bundle_create: %s", err.msg);
}

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/quire-run-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db_path, sizeof db_path, "%s/lib/library.db", dir);
    snprintf(repo, sizeof repo, "%s/repo", dir);
    char *pub = NULL, *sec = NULL;
    struct minisign_pubkey pk;
    struct minisign_seckey sk;
    if (minisign_keygen(&pub, &sec, &pk, NULL) ||
        minisign_seckey_parse(sec, strlen(sec), &sk, NULL))
        return -1;
    quire_free(pub);
    quire_free(sec);
    char b1[160], b2[160];
    make_bundle(&sk, 1, b1, sizeof b1);
    make_bundle(&sk, 2, b2, sizeof b2);
    const char *bundles[] = {b1, b2};
    struct sync_publish_opts po = {.out_dir = repo, .key = &sk, .bundles = bundles, .n_bundles = 2};
    if (sync_publish(&po, NULL, NULL))
        return -1;
    store *s = NULL;
    if (store_open(db_path, &s, NULL))
        return -1;
    struct store_key key = {.added = 1};
    minisign_keyid_hex(pk.keyid, key.keyid);
    memcpy(key.pk, pk.pk, 32);
    snprintf(key.name, sizeof key.name, "unit");
    struct store_source *src = quire_calloc(1, sizeof *src);
    snprintf(src->name, sizeof src->name, "unit");
    memcpy(src->keyid, key.keyid, 17);
    src->n_mirrors = 1;
    snprintf(src->mirrors[0], STORE_URL_MAX, "file://%s", repo);
    int rc = store_key_add(s, &key, NULL) || store_source_add(s, src, NULL);
    quire_free(src);
    store_close(s);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static int64_t articles(void)
{
    store *s = NULL;
    int64_t n = -1;
    assert_int_equal(store_open(db_path, &s, NULL), QUIRE_OK);
    assert_int_equal(store_article_count(s, &n, NULL), QUIRE_OK);
    store_close(s);
    return n;
}

static bool offline(void *ctx)
{
    return false;
}

static void test_offline_does_nothing(void **state)
{
    struct sync_opts o = {.db_path = db_path, .is_online = offline};
    struct sync_report rep;
    struct quire_err err = {0};
    assert_int_equal(sync_run(&o, &rep, &err), QUIRE_ENET);
    assert_non_null(strstr(err.msg, "offline"));
    assert_int_equal(articles(), 0);
}

static void test_cancelled_before_start(void **state)
{
    atomic_int cancel = 1;
    struct sync_opts o = {.db_path = db_path, .cancel = &cancel};
    struct sync_report rep;
    struct quire_err err = {0};
    assert_int_equal(sync_run(&o, &rep, &err), QUIRE_ECANCELED);
    assert_int_equal(articles(), 0);
}

/* Online until the first bundle is imported, then the network drops. */
static void drop_after_import(void *ctx, const struct sync_progress *p)
{
    if (p->event == SYNC_EV_IMPORTED)
        *(bool *)ctx = true;
}

static bool online_unless_dropped(void *ctx)
{
    return !*(bool *)ctx;
}

static void test_network_drops_midway(void **state)
{
    bool dropped = false;
    struct sync_opts o = {.db_path = db_path,
                          .is_online = online_unless_dropped,
                          .online_ctx = &dropped,
                          .progress = drop_after_import,
                          .progress_ctx = &dropped};
    struct sync_report rep;
    struct quire_err err = {0};
    assert_int_equal(sync_run(&o, &rep, &err), QUIRE_ENET);
    assert_non_null(strstr(err.msg, "offline"));
    assert_int_equal(rep.bundles_imported, 1); /* what arrived before the drop is kept */
    assert_int_equal(articles(), 1);
}

struct job {
    struct counts *c;
    struct sync_opts o;
    struct sync_report rep;
    struct quire_err err;
    enum quire_status st;
};

static void *worker(void *arg)
{
    struct job *j = arg;
    j->c->worker = pthread_self(); /* before any callback can run */
    j->st = sync_run(&j->o, &j->rep, &j->err);
    return NULL;
}

static void test_worker_thread(void **state)
{
    struct counts c = {0};
    struct job j = {.c = &c,
                    .o = {.db_path = db_path, .progress = on_progress, .progress_ctx = &c}};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, worker, &j), 0);
    /* The reader keeps reading its library meanwhile (its own handle, short reads). */
    for (int i = 0; i < 20; i++)
        assert_true(articles() >= 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    if (j.st != QUIRE_OK)
        fail_msg("sync_run: %s", j.err.msg);
    assert_int_equal(j.rep.bundles_imported, 1); /* the other came before the network drop */
    assert_int_equal(j.rep.bundles_present, 1);
    assert_int_equal(j.rep.sources_ok, 1);
    assert_int_equal(c.imported, 1);
    assert_int_equal(c.errors, 0);
    assert_false(c.off_thread);
    assert_int_equal(articles(), 2);
    /* Nothing new: no bundle bytes move. */
    struct sync_report rep;
    struct sync_opts o = {.db_path = db_path};
    assert_int_equal(sync_run(&o, &rep, NULL), QUIRE_OK);
    assert_int_equal(rep.bundles_present, 2);
    assert_int_equal(rep.bytes_bundles, 0);
}

/* ---- a slow HTTP server on 127.0.0.1: serves repo files, bundles at 256 bytes per 50 ms ---- */

struct slow_server {
    int fd;
    unsigned port;
    pthread_t thread;
    atomic_int stop;
};

static void send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void serve_one(struct slow_server *sv, int c)
{
    char req[2048], path[512], name[256];
    ssize_t n = recv(c, req, sizeof req - 1, 0);
    if (n <= 0 || sscanf((req[n] = '\0', req), "GET /%255s ", name) != 1)
        return;
    snprintf(path, sizeof path, "%s/%s", repo, name);
    char *body = NULL;
    size_t len = 0;
    if (quire_file_read(path, 1 << 20, &body, &len, NULL) != QUIRE_OK) {
        const char *nf = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        send_all(c, nf, strlen(nf));
        return;
    }
    char head[160];
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", len);
    send_all(c, head, (size_t)hn);
    bool slow = strstr(name, ".epub") != NULL;
    for (size_t off = 0; off < len && !atomic_load(&sv->stop);) {
        size_t chunk = slow ? (len - off < 256 ? len - off : 256) : len - off;
        send_all(c, body + off, chunk);
        off += chunk;
        if (slow)
            nanosleep(&(struct timespec){.tv_nsec = 50000000L}, NULL);
    }
    quire_free(body);
}

static void *slow_server_main(void *arg)
{
    struct slow_server *sv = arg;
    while (!atomic_load(&sv->stop)) {
        int c = accept(sv->fd, NULL, NULL);
        if (c < 0)
            break;
        serve_one(sv, c);
        close(c);
    }
    return NULL;
}

static void slow_server_start(struct slow_server *sv)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    sv->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(sv->fd >= 0);
    assert_int_equal(bind(sv->fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(sv->fd, 8), 0);
    assert_int_equal(getsockname(sv->fd, (struct sockaddr *)&a, &alen), 0);
    sv->port = ntohs(a.sin_port);
    atomic_store(&sv->stop, 0);
    assert_int_equal(pthread_create(&sv->thread, NULL, slow_server_main, sv), 0);
}

static void slow_server_stop(struct slow_server *sv)
{
    atomic_store(&sv->stop, 1);
    shutdown(sv->fd, SHUT_RDWR);
    close(sv->fd);
    pthread_join(sv->thread, NULL);
}

/* The network drops while the LAST bundle is arriving. */
struct drop {
    atomic_int dropped;
    double at; /* monotonic seconds of the drop */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void drop_on_last(void *ctx, const struct sync_progress *p)
{
    struct drop *d = ctx;
    if (p->event == SYNC_EV_BYTES && p->bundles_done + 1 == p->bundles_total && p->file_have > 0 &&
        !atomic_load(&d->dropped)) {
        d->at = now_s();
        atomic_store(&d->dropped, 1);
    }
}

static bool online_until_drop(void *ctx)
{
    struct drop *d = ctx;
    return !atomic_load(&d->dropped);
}

struct drop_job {
    struct sync_opts o;
    struct sync_report rep;
    struct quire_err err;
    enum quire_status st;
};

static void *drop_worker(void *arg)
{
    struct drop_job *j = arg;
    j->st = sync_run(&j->o, &j->rep, &j->err);
    return NULL;
}

/* Going offline stops the transfer in progress within the check period: the sync reports
 * offline (not OK), the partial file keeps what arrived, and nothing half-done is imported. */
static void test_offline_stops_transfer(void **state)
{
    struct slow_server sv;
    slow_server_start(&sv);
    char db2[160];
    snprintf(db2, sizeof db2, "%s/lib2/library.db", dir);
    store *s = NULL, *s1 = NULL;
    assert_int_equal(store_open(db_path, &s1, NULL), QUIRE_OK);
    assert_int_equal(store_open(db2, &s, NULL), QUIRE_OK);
    struct store_source *src = quire_calloc(1, sizeof *src);
    assert_int_equal(store_source_get(s1, "unit", src, NULL), QUIRE_OK);
    struct store_key key;
    assert_int_equal(store_key_find(s1, src->keyid, &key, NULL), QUIRE_OK);
    snprintf(src->mirrors[0], STORE_URL_MAX, "http://127.0.0.1:%u", sv.port);
    src->last_sequence = 0;
    assert_int_equal(store_key_add(s, &key, NULL), QUIRE_OK);
    assert_int_equal(store_source_add(s, src, NULL), QUIRE_OK);
    quire_free(src);
    store_close(s);
    store_close(s1);

    struct drop d = {0};
    struct drop_job j = {.o = {.db_path = db2,
                               .is_online = online_until_drop,
                               .online_ctx = &d,
                               .progress = drop_on_last,
                               .progress_ctx = &d}};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, drop_worker, &j), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    double stopped = now_s();
    slow_server_stop(&sv);
    assert_true(atomic_load(&d.dropped));
    assert_int_equal(j.st, QUIRE_ENET);
    assert_non_null(strstr(j.err.msg, "offline"));
    assert_int_equal(j.rep.bundles_imported, 1); /* the last one never completed */
    assert_true(stopped - d.at < 1.0);           /* within the check period, not the bundle */
    /* The partial file holds a prefix of the last bundle, for the next run. */
    char part_dir[200], cmd[300];
    snprintf(part_dir, sizeof part_dir, "%s/lib2/partial", dir);
    snprintf(cmd, sizeof cmd, "test -n \"$(find %s -name '*.part' -size +0c)\"", part_dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offline_does_nothing),
        cmocka_unit_test(test_cancelled_before_start),
        cmocka_unit_test(test_network_drops_midway),
        cmocka_unit_test(test_worker_thread),
        cmocka_unit_test(test_offline_stops_transfer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
