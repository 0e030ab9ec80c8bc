/* sync_http: libcurl transfers for sync (see sync_http.h). Sections: options common to every
 * handle, header capture (validators), the memory sink, the partial-file sink, the error
 * mapping that decides what is worth a retry, and the retry loop with backoff. */
#include "sync_http.h"

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

enum quire_status sync_http_global_init(struct quire_err *err)
{
    pthread_once(&init_once, init_curl);
    if (init_rc != CURLE_OK)
        return quire_err_set(err, QUIRE_ENET, "libcurl: %s", curl_easy_strerror(init_rc));
    return QUIRE_OK;
}

enum quire_status sync_http_join(const char *base, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    int w = snprintf(out, outlen, "%.*s/%s", (int)n, base, name);
    return (w < 0 || (size_t)w >= outlen) ? QUIRE_EINVAL : QUIRE_OK;
}

static bool is_cancelled(const struct sync_net_opts *o)
{
    return o->cancel && atomic_load(o->cancel) != 0;
}

/* ---- per-transfer state shared by the callbacks ---- */
struct xfer {
    const struct sync_net_opts *o;
    struct sync_http_result *res;
    /* memory sink */
    struct quire_buf *buf;
    /* file sink */
    int fd;
    uint64_t have;                /* bytes in the partial file */
    uint64_t size;                /* expected total */
    uint64_t start;               /* have at the start of this attempt */
    bool checked_status;          /* the first body byte checked the status (206 or restart) */
    bool is_error_body;           /* not a 200/206 answer: the transfer stops unread */
    enum quire_status sink_error; /* why a callback stopped the transfer */
    double rate_start;            /* monotonic seconds at the start of this attempt */
    uint64_t rate_bytes;          /* body bytes of this attempt, for the bandwidth cap */
    double last_report;           /* monotonic seconds of the last progress report */
    double last_online;           /* monotonic seconds of the last is_online question */
    bool is_offline;              /* is_online said no: stop, keep the partial, no retry */
    bool is_connected;            /* a connection was made (tells a connect timeout apart) */
    double deadline;              /* monotonic seconds by which the whole URL must be done */
};

static void trim_copy(char *dst, size_t cap, const char *src, size_t n)
{
    while (n > 0 && (*src == ' ' || *src == '\t')) {
        src++;
        n--;
    }
    while (n > 0 && (src[n - 1] == '\r' || src[n - 1] == '\n' || src[n - 1] == ' '))
        n--;
    if (n >= cap) { /* an oversized validator is useless: drop it rather than truncate */
        dst[0] = '\0';
        return;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static size_t on_header(char *line, size_t size, size_t n, void *ctx)
{
    struct xfer *x = ctx;
    size_t len = size * n;
    if (len > 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new response (redirect, retry) */
        x->res->etag[0] = x->res->last_modified[0] = '\0';
    } else if (len > 5 && strncasecmp(line, "ETag:", 5) == 0) {
        trim_copy(x->res->etag, sizeof x->res->etag, line + 5, len - 5);
    } else if (len > 14 && strncasecmp(line, "Last-Modified:", 14) == 0) {
        trim_copy(x->res->last_modified, sizeof x->res->last_modified, line + 14, len - 14);
    }
    return len;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Cancellation and network loss, checked from both callbacks. is_online may be slow (it asks
 * the platform), so it is asked at most every QUIRE_NET_ONLINE_CHECK_MS. False means stop. */
static bool keep_going(struct xfer *x)
{
    if (is_cancelled(x->o)) {
        x->sink_error = QUIRE_ECANCELED;
        return false;
    }
    if (mono_now() >= x->deadline) {
        x->sink_error = QUIRE_ETIMEDOUT;
        return false;
    }
    if (!x->o->is_online)
        return true;
    double now = mono_now();
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
static void throttle(struct xfer *x, size_t len)
{
    if (x->o->max_rate <= 0)
        return;
    x->rate_bytes += len;
    double due = x->rate_start + (double)x->rate_bytes / (double)x->o->max_rate;
    for (double now = mono_now(); now < due && !is_cancelled(x->o); now = mono_now()) {
        double left = due - now;
        long ns = left > 0.05 ? 50000000L : (long)(left * 1e9);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = ns};
        nanosleep(&ts, NULL);
    }
}

/* Called for every body chunk: libcurl may deliver a whole bundle from its socket buffer in
 * one read loop without calling the progress callback, so cancellation and progress are also
 * checked here (progress at most every 200 ms). False means stop. */
static bool body_tick(struct xfer *x)
{
    if (!keep_going(x))
        return false;
    double now = mono_now();
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
    if (!body_tick(x))
        return 0;
    x->res->received += len;
    enum quire_status st = quire_buf_append(x->buf, data, len);
    if (st) {
        x->sink_error = st;
        return 0;
    }
    throttle(x, len);
    return len;
}

/* The first body bytes of an attempt decide: a 206 continues the partial file, anything else
 * (200 from a server or a file:// read without Range) rewrites it from the start. */
static bool check_restart(struct xfer *x, CURL *h)
{
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    x->checked_status = true;
    /* file:// (code 0) honours the resume offset itself. */
    if (x->start == 0 || code == 206 || code == 0)
        return true;
    if (ftruncate(x->fd, 0) != 0 || lseek(x->fd, 0, SEEK_SET) != 0)
        return false;
    x->have = 0;
    return true;
}

struct file_ctx {
    struct xfer x;
    CURL *h;
};

static size_t on_body_file(char *data, size_t size, size_t n, void *ctx)
{
    struct file_ctx *fc = ctx;
    struct xfer *x = &fc->x;
    size_t len = size * n;
    if (!x->checked_status) {
        long code = 0;
        curl_easy_getinfo(fc->h, CURLINFO_RESPONSE_CODE, &code);
        x->is_error_body = code != 0 && code != 200 && code != 206;
        if (!x->is_error_body && !check_restart(x, fc->h)) {
            x->sink_error = QUIRE_EIO;
            return 0;
        }
        x->checked_status = true;
    }
    if (x->is_error_body) /* not the bundle (a 203, a 299): stop, the status tells why */
        return 0;
    if (!body_tick(x)) /* nothing of this chunk is written: the file stays a prefix */
        return 0;
    x->res->received += len;
    if (x->have + len > x->size) {
        x->sink_error = QUIRE_ETOOBIG;
        return 0;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(x->fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            x->sink_error = errno == ENOSPC ? QUIRE_ENOSPC : QUIRE_EIO;
            return 0;
        }
        off += (size_t)w;
    }
    x->have += len;
    throttle(x, len);
    return len;
}

/* ---- handle setup ---- */

static long or_default(long v, long dflt)
{
    return v > 0 ? v : dflt;
}

/* The minimum rate, never above half a bandwidth cap the user set. */
static long min_rate(const struct sync_net_opts *o)
{
    long rate = or_default(o->stall_bytes_s, QUIRE_NET_STALL_BYTES_S);
    if (o->max_rate > 0 && rate > o->max_rate / 2)
        rate = o->max_rate / 2 > 0 ? (long)(o->max_rate / 2) : 1;
    return rate;
}

static void set_common(CURL *h, const struct sync_net_opts *o, const char *url, struct xfer *x)
{
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    /* An error answer's body is never read: a hostile mirror's 404 page may never end. */
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "quire-sync/1");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                     or_default(o->connect_timeout_s, QUIRE_NET_CONNECT_TIMEOUT_S));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     or_default(o->stall_timeout_s, QUIRE_NET_STALL_TIMEOUT_S));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, min_rate(o));
    x->rate_start = mono_now();
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
static bool was_connected(CURL *h)
{
    curl_off_t us = 0;
    return curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &us) == CURLE_OK && us > 0;
}

/* Maps a finished attempt to a status; *retry says whether another attempt may help. */
static enum quire_status classify(CURLcode rc, long code, const struct xfer *x, const char *url,
                                  bool *retry, struct quire_err *err)
{
    *retry = false;
    if (x->sink_error == QUIRE_ECANCELED)
        return quire_err_set(err, QUIRE_ECANCELED, "%s: cancelled", url);
    if (x->is_offline) {
        x->res->offline = true;
        return quire_err_set(err, QUIRE_ENET, "%s: offline: the network went away", url);
    }
    if (x->sink_error == QUIRE_ETIMEDOUT || (rc != CURLE_OK && mono_now() >= x->deadline))
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
static void backoff_sleep(const struct sync_net_opts *o, long ms)
{
    while (ms > 0 && !is_cancelled(o)) {
        long slice = ms < 50 ? ms : 50;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = slice * 1000000L};
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

static double deadline_of(const struct sync_net_opts *o)
{
    return mono_now() + (double)or_default(o->deadline_s, QUIRE_NET_FILE_DEADLINE_S);
}

typedef enum quire_status (*attempt_fn)(void *ctx, struct quire_err *err, bool *retry);

/* Runs attempt until it succeeds, fails for good, or the attempts run out. */
static enum quire_status with_retries(const struct sync_net_opts *o, struct sync_http_result *res,
                                      attempt_fn attempt, void *ctx, struct quire_err *err)
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
    const struct sync_net_opts *o;
    double deadline;
    const char *url, *etag, *last_modified;
    struct quire_buf buf;
    struct sync_http_result *res;
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
    set_common(h, j->o, j->url, &x);
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
    x.is_connected = was_connected(h);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    if (x.sink_error == QUIRE_ETOOBIG)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %zu bytes", j->url,
                             j->buf.cap_limit);
    return classify(rc, j->res->status, &x, j->url, retry, err);
}

enum quire_status sync_http_get_mem(const struct sync_net_opts *o, const char *url,
                                    const char *etag, const char *last_modified, size_t cap,
                                    char **body, size_t *len, struct sync_http_result *res,
                                    struct quire_err *err)
{
    struct mem_job j = {.o = o,
                        .deadline = deadline_of(o),
                        .url = url,
                        .etag = etag,
                        .last_modified = last_modified,
                        .res = res};
    memset(res, 0, sizeof *res);
    *body = NULL;
    *len = 0;
    quire_buf_init(&j.buf, cap);
    enum quire_status st = with_retries(o, res, mem_attempt, &j, err);
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

/* ---- file GET with resume ---- */

struct file_job {
    const struct sync_net_opts *o;
    double deadline;
    const char *url;
    int fd;
    uint64_t size, have;
    struct sync_http_result *res;
};

static enum quire_status file_attempt(void *ctx, struct quire_err *err, bool *retry)
{
    struct file_job *j = ctx;
    struct file_ctx fc = {.x = {.o = j->o,
                                .res = j->res,
                                .fd = j->fd,
                                .have = j->have,
                                .size = j->size,
                                .start = j->have,
                                .deadline = j->deadline}};
    if (j->have == j->size)
        return QUIRE_OK;
    fc.h = curl_easy_init();
    if (!fc.h)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: cannot create a transfer", j->url);
    set_common(fc.h, j->o, j->url, &fc.x);
    if (j->have > 0)
        curl_easy_setopt(fc.h, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)j->have);
    curl_easy_setopt(fc.h, CURLOPT_WRITEFUNCTION, on_body_file);
    curl_easy_setopt(fc.h, CURLOPT_WRITEDATA, &fc);
    CURLcode rc = curl_easy_perform(fc.h);
    curl_easy_getinfo(fc.h, CURLINFO_RESPONSE_CODE, &j->res->status);
    fc.x.is_connected = was_connected(fc.h);
    curl_easy_cleanup(fc.h);
    j->have = fc.x.have;
    if (rc == CURLE_RANGE_ERROR || j->res->status == 416) {
        /* The server will not continue from here: start over on the next attempt. */
        if (ftruncate(j->fd, 0) == 0 && lseek(j->fd, 0, SEEK_SET) == 0)
            j->have = 0;
        *retry = true;
        return quire_err_set(err, QUIRE_ENET, "%s: server refused to resume", j->url);
    }
    enum quire_status st = classify(rc, j->res->status, &fc.x, j->url, retry, err);
    if (st == QUIRE_OK && j->have != j->size) {
        *retry = true;
        st = quire_err_set(err, QUIRE_ENET, "%s: transfer ended at %llu of %llu bytes", j->url,
                           (unsigned long long)j->have, (unsigned long long)j->size);
    }
    return st;
}

enum quire_status sync_http_get_file(const struct sync_net_opts *o, const char *url,
                                     const char *part_path, uint64_t size,
                                     struct sync_http_result *res, struct quire_err *err)
{
    memset(res, 0, sizeof *res);
    int fd = open(part_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
    struct stat sb;
    struct file_job j = {
        .o = o, .deadline = deadline_of(o), .url = url, .fd = fd, .size = size, .res = res};
    enum quire_status st = QUIRE_OK;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) { /* two syncs must not append to one file */
        st = quire_err_set(err, QUIRE_EEXIST, "%s: another sync is downloading this bundle",
                           part_path);
        goto out;
    }
    if (fstat(fd, &sb) != 0) {
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
        goto out;
    }
    j.have = (uint64_t)sb.st_size;
    if (j.have > size && ftruncate(fd, 0) == 0) /* not a prefix of this file: start over */
        j.have = 0;
    if (lseek(fd, (off_t)j.have, SEEK_SET) < 0) {
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
        goto out;
    }
    res->resumed_from = j.have;
    st = with_retries(o, res, file_attempt, &j, err);
    if (st == QUIRE_ETOOBIG && ftruncate(fd, 0) != 0)
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
    if (st == QUIRE_OK && fsync(fd) != 0)
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", part_path, strerror(errno));
out:
    close(fd);
    return st;
}
