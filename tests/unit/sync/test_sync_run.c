/* test_sync_run: sync as a library call, the way the reader uses it: on a worker thread with a
 * progress callback, while the main thread reads the library through its own handle; it does
 * nothing while the platform reports no network, stops at once when cancelled, and a second
 * run fetches no bundle bytes. The repository is published with sync_publish to a folder and
 * reached through a file:// mirror (HTTP is covered by tests/sync/). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Online for the first three checks (start, index, first bundle), then the network drops. */
static bool drops_after_three(void *ctx)
{
    int *calls = ctx;
    return ++*calls <= 3;
}

static void test_network_drops_midway(void **state)
{
    int calls = 0;
    struct sync_opts o = {.db_path = db_path, .is_online = drops_after_three, .online_ctx = &calls};
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offline_does_nothing),
        cmocka_unit_test(test_cancelled_before_start),
        cmocka_unit_test(test_network_drops_midway),
        cmocka_unit_test(test_worker_thread),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
