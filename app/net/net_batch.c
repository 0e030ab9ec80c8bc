/* net_batch: a batch of GETs on a few threads under a per-host limit and delay (see
 * net_batch.h). One lock guards the schedule: a worker takes the first request whose host has
 * a free slot and whose delay has passed, or sleeps until the earliest such moment. */
#include "net_batch.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"

struct host {
    char key[300]; /* scheme://host:port, lower case as curl normalises it */
    int active;
    double next_start; /* monotonic seconds before which no request may start on it */
};

struct batch {
    const struct net_batch_opts *o;
    struct net_opts net;
    struct net_request *reqs;
    size_t n, next; /* next: requests before it have all been started */
    bool *started;
    size_t *host_of;
    struct host *hosts;
    size_t n_hosts;
    int per_host;
    double delay_s;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

/* The politeness key of a URL; a URL curl cannot parse gets its own key (it fails alone). */
static void host_key(const char *url, char *out, size_t cap)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
        snprintf(out, cap, "%s://%s:%s", scheme, host, port);
    else
        snprintf(out, cap, "?%.280s", url);
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
}

static void assign_hosts(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        char key[sizeof b->hosts[0].key];
        host_key(b->reqs[i].url, key, sizeof key);
        size_t h = 0;
        while (h < b->n_hosts && strcmp(b->hosts[h].key, key) != 0)
            h++;
        if (h == b->n_hosts) {
            snprintf(b->hosts[h].key, sizeof b->hosts[h].key, "%s", key);
            b->n_hosts++;
        }
        b->host_of[i] = h;
    }
}

/* Under the lock: the index of a request that may start now, or n. *wait_s is how long until
 * one may (when some are left but none may start yet); *done is true when none are left. */
static size_t pick(struct batch *b, double now, double *wait_s, bool *done)
{
    *wait_s = -1;
    *done = true;
    while (b->next < b->n && b->started[b->next])
        b->next++;
    for (size_t i = b->next; i < b->n; i++) {
        if (b->started[i])
            continue;
        *done = false;
        struct host *h = &b->hosts[b->host_of[i]];
        if (h->active >= b->per_host)
            continue;
        if (h->next_start <= now)
            return i;
        double w = h->next_start - now;
        if (*wait_s < 0 || w < *wait_s)
            *wait_s = w;
    }
    return b->n;
}

static void timed_wait(struct batch *b, double wait_s)
{
    if (wait_s < 0) { /* every host is full: a finishing request wakes us */
        pthread_cond_wait(&b->cv, &b->mu);
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long long ns = (long long)ts.tv_nsec + (long long)(wait_s * 1e9) + 1000000;
    ts.tv_sec += (time_t)(ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    pthread_cond_timedwait(&b->cv, &b->mu, &ts);
}

static void run_one(struct batch *b, struct net_request *r)
{
    quire_err_clear(&r->err);
    r->status = net_http_get_mem(&b->net, r->url, r->etag, r->last_modified, r->cap, &r->body,
                                 &r->len, &r->res, &r->err);
}

static void *worker(void *arg)
{
    struct batch *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        double wait_s;
        bool done;
        double now = quire_mono_s();
        size_t i = pick(b, now, &wait_s, &done);
        if (done)
            break;
        if (i == b->n) {
            timed_wait(b, wait_s);
            continue;
        }
        struct host *h = &b->hosts[b->host_of[i]];
        b->started[i] = true;
        h->active++;
        h->next_start = now + b->delay_s;
        pthread_mutex_unlock(&b->mu);
        run_one(b, &b->reqs[i]);
        pthread_mutex_lock(&b->mu);
        h->active--;
        pthread_cond_broadcast(&b->cv);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

static int or_default(int v, int dflt)
{
    return v > 0 ? v : dflt;
}

enum quire_status net_batch_get(const struct net_batch_opts *o, struct net_request *reqs, size_t n,
                                struct quire_err *err)
{
    if (n == 0)
        return QUIRE_OK;
    struct batch b = {.o = o, .net = *o->net, .reqs = reqs, .n = n};
    b.net.http_only = true;
    b.per_host = or_default(o->per_host, QUIRE_NET_PER_HOST);
    long delay = o->host_delay_ms < 0 ? 0
                 : o->host_delay_ms   ? o->host_delay_ms
                                      : QUIRE_NET_HOST_DELAY_MS;
    b.delay_s = (double)delay / 1000.0;
    int threads = or_default(o->threads, QUIRE_NET_BATCH_THREADS);
    if ((size_t)threads > n)
        threads = (int)n;
    for (size_t i = 0; i < n; i++) {
        reqs[i].status = QUIRE_ENET;
        reqs[i].body = NULL;
        reqs[i].len = 0;
        quire_err_set(&reqs[i].err, QUIRE_ENET, "%s: not fetched", reqs[i].url);
    }
    b.started = quire_calloc(n, sizeof *b.started);
    b.host_of = quire_calloc(n, sizeof *b.host_of);
    b.hosts = quire_calloc(n, sizeof *b.hosts);
    pthread_t *tids = quire_calloc((size_t)threads, sizeof *tids);
    enum quire_status st = QUIRE_OK;
    if (!b.started || !b.host_of || !b.hosts || !tids)
        st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (!st)
        st = net_http_global_init(err);
    if (!st)
        assign_hosts(&b);
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    int running = 0;
    for (int t = 0; !st && t < threads; t++) {
        if (pthread_create(&tids[t], NULL, worker, &b) != 0)
            break;
        running++;
    }
    if (!st && running == 0)
        st =
            quire_err_set(err, QUIRE_ENOMEM, "cannot start a fetching thread: %s", strerror(errno));
    for (int t = 0; t < running; t++)
        pthread_join(tids[t], NULL);
    pthread_cond_destroy(&b.cv);
    pthread_mutex_destroy(&b.mu);
    quire_free(tids);
    quire_free(b.hosts);
    quire_free(b.host_of);
    quire_free(b.started);
    return st;
}

void net_batch_free_bodies(struct net_request *reqs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        quire_free(reqs[i].body);
        reqs[i].body = NULL;
        reqs[i].len = 0;
    }
}
