/* net_http: libcurl transfers (see net_http.h). Sections: options common to every handle,
 * header capture (validators), the memory sink, the error mapping that decides what is worth a
 * retry, the retry loop with backoff, and the memory GET (the file GET is net_http_file.c). */
#include "net_http_internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static CURLcode init_rc = CURLE_OK;

static void init_curl(void)
{
    init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

enum quire_status net_http_global_init(struct quire_err *err)
{
    pthread_once(&init_once, init_curl);
    if (init_rc != CURLE_OK)
        return quire_err_set(err, QUIRE_ENET, "libcurl: %s", curl_easy_strerror(init_rc));
    return QUIRE_OK;
}

enum quire_status net_http_join(const char *base, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    int w = snprintf(out, outlen, "%.*s/%s", (int)n, base, name);
    return (w < 0 || (size_t)w >= outlen) ? QUIRE_EINVAL : QUIRE_OK;
}

static bool is_cancelled(const struct net_opts *o)
{
    return o->cancel && atomic_load(o->cancel) != 0;
}

/* Every header line goes through net_head; once the final response's headers are complete,
 * a body that cannot be the one asked for (a declared length the caller's size or cap
 * contradicts, a resume answered with other bytes) is refused before any of it is read. */
static size_t on_header(char *line, size_t size, size_t n, void *ctx)
{
    struct xfer *x = ctx;
    size_t len = size * n;
    net_head_line(&x->head, line, len);
    snprintf(x->res->etag, sizeof x->res->etag, "%s", x->head.etag);
    snprintf(x->res->last_modified, sizeof x->res->last_modified, "%s", x->head.last_modified);
    if (!x->head.is_complete || !net_head_is_final(&x->head))
        return len;
    bool ok = x->buf ? net_head_check_cap(&x->head, x->buf->cap_limit, x->why, sizeof x->why)
                     : net_head_check_file(&x->head, x->start, x->size, x->why, sizeof x->why);
    if (ok)
        return len;
    x->sink_error = x->buf ? QUIRE_ETOOBIG : QUIRE_EFORMAT;
    return 0;
}

/* Cancellation and network loss, checked from both callbacks. is_online may be slow (it asks
 * the platform), so it is asked at most every QUIRE_NET_ONLINE_CHECK_MS. False means stop. */
static bool keep_going(struct xfer *x)
{
    if (is_cancelled(x->o)) {
        x->sink_error = QUIRE_ECANCELED;
        return false;
    }
    if (quire_mono_s() >= x->deadline) {
        x->sink_error = QUIRE_ETIMEDOUT;
        return false;
    }
    if (!x->o->is_online)
        return true;
    double now = quire_mono_s();
    if (now - x->last_online < QUIRE_NET_ONLINE_CHECK_MS / 1000.0)
        return true;
    x->last_online = now;
    if (x->o->is_online(x->o->online_ctx))
        return true;
    x->is_offline = true;
    x->sink_error = QUIRE_ENET;
    return false;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    struct xfer *x = ctx;
    if (!keep_going(x))
        return 1;
    if (x->o->progress) {
        uint64_t total = x->size ? x->size : (uint64_t)(dltotal > 0 ? dltotal : 0);
        uint64_t have = x->buf ? (uint64_t)dlnow : x->have;
        x->o->progress(x->o->progress_ctx, have, total);
    }
    return 0;
}

/* The bandwidth cap, enforced here as well as by CURLOPT_MAX_RECV_SPEED_LARGE: libcurl
 * averages over several seconds, so a bundle that fits in that window would arrive at full
 * speed. Sleeping in the write callback holds the average of each attempt under the cap; the
 * sleep is sliced so that cancellation stays prompt. */
void net_throttle(struct xfer *x, size_t len)
{
    if (x->o->max_rate <= 0)
        return;
    x->rate_bytes += len;
    double due = x->rate_start + (double)x->rate_bytes / (double)x->o->max_rate;
    for (double now = quire_mono_s(); now < due && !is_cancelled(x->o); now = quire_mono_s()) {
        double left = due - now;
        long ns = left > 0.05 ? 50000000L : (long)(left * 1e9);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = ns};
        nanosleep(&ts, NULL);
    }
}

/* Called for every body chunk: libcurl may deliver a whole bundle from its socket buffer in
 * one read loop without calling the progress callback, so cancellation and progress are also
 * checked here (progress at most every 200 ms). False means stop. */
bool net_body_tick(struct xfer *x)
{
    if (!keep_going(x))
        return false;
    double now = quire_mono_s();
    if (x->o->progress && now - x->last_report >= 0.2) {
        x->last_report = now;
        x->o->progress(x->o->progress_ctx, x->buf ? x->buf->len : x->have, x->size);
    }
    return true;
}

static size_t on_body_mem(char *data, size_t size, size_t n, void *ctx)
{
    struct xfer *x = ctx;
    size_t len = size * n;
    if (!net_body_tick(x))
        return 0;
    x->res->received += len;
    enum quire_status st = quire_buf_append(x->buf, data, len);
    if (st) {
        x->sink_error = st;
        return 0;
    }
    net_throttle(x, len);
    return len;
}

/* ---- handle setup ---- */

static long or_default(long v, long dflt)
{
    return v > 0 ? v : dflt;
}

/* The minimum rate, never above half a bandwidth cap the user set. */
static long min_rate(const struct net_opts *o)
{
    long rate = or_default(o->stall_bytes_s, QUIRE_NET_STALL_BYTES_S);
    if (o->max_rate > 0 && rate > o->max_rate / 2)
        rate = o->max_rate / 2 > 0 ? (long)(o->max_rate / 2) : 1;
    return rate;
}

void net_set_common(CURL *h, const struct net_opts *o, const char *url, struct xfer *x)
{
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, o->http_only ? "http,https" : "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    /* An error answer's body is never read: a hostile mirror's 404 page may never end. */
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "quire-sync/1");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                     or_default(o->connect_timeout_s, QUIRE_NET_CONNECT_TIMEOUT_S));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     or_default(o->stall_timeout_s, QUIRE_NET_STALL_TIMEOUT_S));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, min_rate(o));
    x->rate_start = quire_mono_s();
    /* The deadline also bounds what no callback sees (connecting, a silent server). curl's
     * timer runs a second behind ours: the progress callback (called about once a second even
     * on a silent connection) ends the transfer at the deadline itself, so the two cannot race
     * and a deadline is never reported as a stall. */
    double left_ms = (x->deadline - x->rate_start) * 1000.0 + 1000.0;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, left_ms < 1 ? 1L : (long)left_ms);
    if (o->max_rate > 0) {
        curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)o->max_rate);
        /* Small reads keep a capped transfer smooth (1 KiB .. 16 KiB). */
        long buf = (long)(o->max_rate / 8);
        curl_easy_setopt(h, CURLOPT_BUFFERSIZE, buf < 1024 ? 1024L : buf > 16384 ? 16384L : buf);
    }
    /* Settings rule, the environment never does: with a proxy, no_proxy must not send a
     * request around it (Tor); without one, *_proxy and ALL_PROXY must not add one. */
    if (o->proxy && o->proxy[0]) {
        curl_easy_setopt(h, CURLOPT_PROXY, o->proxy);
        curl_easy_setopt(h, CURLOPT_NOPROXY, "");
    } else {
        curl_easy_setopt(h, CURLOPT_PROXY, "");
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    }
    if (o->cacert && o->cacert[0])
        curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

/* ---- error mapping ---- */

/* True when the attempt got a connection (to the mirror, or to the proxy). */
bool net_was_connected(CURL *h)
{
    curl_off_t us = 0;
    return curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &us) == CURLE_OK && us > 0;
}

/* Maps a finished attempt to a status; *retry says whether another attempt may help. */
enum quire_status net_classify(CURLcode rc, long code, const struct xfer *x, const char *url,
                               bool *retry, struct quire_err *err)
{
    *retry = false;
    /* Reaching no server at all (no name, nothing listening, no route) is what offline looks
     * like; a caller with no better source tells offline by it. */
    x->res->unreachable =
        !x->is_connected && (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                             rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_OPERATION_TIMEDOUT);
    if (x->sink_error == QUIRE_ECANCELED)
        return quire_err_set(err, QUIRE_ECANCELED, "%s: cancelled", url);
    if (x->is_done) /* every byte is in: the server's keeping the connection open is no matter */
        return QUIRE_OK;
    if (x->sink_error == QUIRE_EFORMAT && x->why[0]) /* the headers promised other bytes */
        return quire_err_set(err, QUIRE_EFORMAT, "%s: %s", url, x->why);
    if (x->is_offline) {
        x->res->offline = true;
        return quire_err_set(err, QUIRE_ENET, "%s: offline: the network went away", url);
    }
    if (x->sink_error == QUIRE_ETIMEDOUT || (rc != CURLE_OK && quire_mono_s() >= x->deadline))
        return quire_err_set(err, QUIRE_ETIMEDOUT,
                             "%s: timed out: not done within %ld s (the deadline per file)", url,
                             or_default(x->o->deadline_s, QUIRE_NET_FILE_DEADLINE_S));
    if (x->sink_error == QUIRE_ETOOBIG)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: more bytes than expected", url);
    if (x->sink_error)
        return quire_err_set(err, x->sink_error, "%s: cannot store the download: %s", url,
                             quire_strerror(x->sink_error));
    switch (rc) {
    case CURLE_OK:
    case CURLE_HTTP_RETURNED_ERROR: /* the status says what went wrong, below */
        break;
    case CURLE_WRITE_ERROR:
        if (x->is_error_body)
            break;
        return quire_err_set(err, QUIRE_ENET, "%s: %s", url, curl_easy_strerror(rc));
    case CURLE_OUT_OF_MEMORY:
        /* libcurl's answer to a header line past CURL_MAX_HTTP_HEADER (100 KB) as well. */
        if (x->is_connected)
            return quire_err_set(err, QUIRE_EFORMAT,
                                 "%s: the server sent a header too large to accept (or "
                                 "memory ran out)",
                                 url);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", url);
    case CURLE_OPERATION_TIMEDOUT:
        *retry = true;
        if (!x->is_connected)
            return quire_err_set(err, QUIRE_ETIMEDOUT,
                                 "%s: timed out: could not connect within %ld s", url,
                                 or_default(x->o->connect_timeout_s, QUIRE_NET_CONNECT_TIMEOUT_S));
        return quire_err_set(err, QUIRE_ETIMEDOUT, "%s: timed out (under %ld bytes/s for %ld s)",
                             url, min_rate(x->o),
                             or_default(x->o->stall_timeout_s, QUIRE_NET_STALL_TIMEOUT_S));
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_PROXY:
    case CURLE_SSL_CONNECT_ERROR:
        *retry = true;
        return quire_err_set(err, QUIRE_ENET, "%s: %s", url, curl_easy_strerror(rc));
    case CURLE_FILE_COULDNT_READ_FILE:
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no such file", url);
    default:
        return quire_err_set(err, QUIRE_ENET, "%s: %s", url, curl_easy_strerror(rc));
    }
    if (code == 0 || code == 200 || code == 206 || code == 304)
        return QUIRE_OK;
    *retry = code >= 500 || code == 408 || code == 429;
    return quire_err_set(err, code == 404 || code == 410 ? QUIRE_ENOTFOUND : QUIRE_ENET,
                         "%s: server answered HTTP %ld", url, code);
}

/* Sleeps ms in short slices so that cancellation stays prompt. */
static void backoff_sleep(const struct net_opts *o, long ms)
{
    while (ms > 0 && !is_cancelled(o)) {
        long slice = ms < 50 ? ms : 50;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = slice * 1000000L};
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

double net_deadline_of(const struct net_opts *o)
{
    return quire_mono_s() + (double)or_default(o->deadline_s, QUIRE_NET_FILE_DEADLINE_S);
}

/* Runs attempt until it succeeds, fails for good, or the attempts run out. */
enum quire_status net_with_retries(const struct net_opts *o, struct net_http_result *res,
                                   net_attempt_fn attempt, void *ctx, struct quire_err *err)
{
    int tries = (int)or_default(o->retries, QUIRE_NET_RETRIES);
    long delay = or_default(o->backoff_ms, QUIRE_NET_BACKOFF_MS);
    enum quire_status st = QUIRE_ENET;
    for (int i = 0; i < tries; i++) {
        bool retry = false;
        res->attempts++;
        st = attempt(ctx, err, &retry);
        if (st == QUIRE_OK || !retry || i + 1 == tries)
            break;
        backoff_sleep(o, delay);
        if (is_cancelled(o))
            return quire_err_set(err, QUIRE_ECANCELED, "cancelled");
        delay = delay * 2 > QUIRE_NET_BACKOFF_MAX_MS ? QUIRE_NET_BACKOFF_MAX_MS : delay * 2;
    }
    return st;
}

/* ---- memory GET ---- */

struct mem_job {
    const struct net_opts *o;
    double deadline;
    const char *url, *etag, *last_modified;
    struct quire_buf buf;
    struct net_http_result *res;
};

static enum quire_status mem_attempt(void *ctx, struct quire_err *err, bool *retry)
{
    struct mem_job *j = ctx;
    struct xfer x = {.o = j->o, .res = j->res, .buf = &j->buf, .fd = -1, .deadline = j->deadline};
    CURL *h = curl_easy_init();
    if (!h)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: cannot create a transfer", j->url);
    size_t cap = j->buf.cap_limit; /* a retry starts with an empty body */
    quire_buf_fini(&j->buf);
    quire_buf_init(&j->buf, cap);
    net_set_common(h, j->o, j->url, &x);
    struct curl_slist *hdr = NULL;
    char line[300];
    if (j->etag && j->etag[0] && snprintf(line, sizeof line, "If-None-Match: %s", j->etag) > 0)
        hdr = curl_slist_append(hdr, line);
    if (j->last_modified && j->last_modified[0] &&
        snprintf(line, sizeof line, "If-Modified-Since: %s", j->last_modified) > 0)
        hdr = curl_slist_append(hdr, line);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body_mem);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &j->res->status);
    x.is_connected = net_was_connected(h);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    if (x.sink_error == QUIRE_ETOOBIG)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %zu bytes", j->url,
                             j->buf.cap_limit);
    return net_classify(rc, j->res->status, &x, j->url, retry, err);
}

enum quire_status net_http_get_mem(const struct net_opts *o, const char *url, const char *etag,
                                   const char *last_modified, size_t cap, char **body, size_t *len,
                                   struct net_http_result *res, struct quire_err *err)
{
    struct mem_job j = {.o = o,
                        .deadline = net_deadline_of(o),
                        .url = url,
                        .etag = etag,
                        .last_modified = last_modified,
                        .res = res};
    memset(res, 0, sizeof *res);
    *body = NULL;
    *len = 0;
    quire_buf_init(&j.buf, cap);
    enum quire_status st = net_with_retries(o, res, mem_attempt, &j, err);
    if (st == QUIRE_OK && res->status == 304) {
        res->not_modified = true;
    } else if (st == QUIRE_OK) {
        *body = quire_buf_steal(&j.buf, len);
        if (!*body) { /* an empty body: hand back an empty string, not NULL */
            *body = quire_calloc(1, 1);
            if (!*body)
                st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        }
    }
    quire_buf_fini(&j.buf);
    return st;
}
