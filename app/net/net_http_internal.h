/* net_http_internal: what the transfer engine's files share (net_http.c: options, callbacks,
 * error mapping, retries and the memory GET; net_http_file.c: the resumable file GET). Not part
 * of the net module's API. */
#ifndef QUIRE_NET_HTTP_INTERNAL_H
#define QUIRE_NET_HTTP_INTERNAL_H

#include <curl/curl.h>

#include "net_http.h"
#include "net_http_head.h"

/* ---- per-transfer state shared by the callbacks ---- */
struct xfer {
    const struct net_opts *o;
    struct net_http_result *res;
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
    struct net_head head;         /* the response's headers so far */
    char why[160];                /* why the headers were refused (sink_error set) */
    bool is_done;                 /* the file holds all `size` bytes: stopped without waiting */
};

typedef enum quire_status (*net_attempt_fn)(void *ctx, struct quire_err *err, bool *retry);

/* Per body chunk: cancellation, deadline, network loss and progress. False means stop. */
bool net_body_tick(struct xfer *x);
/* Holds a capped transfer under o->max_rate by sleeping in the write callback. */
void net_throttle(struct xfer *x, size_t len);
/* Options every handle gets: protocols, redirects, timeouts, proxy, callbacks. */
void net_set_common(CURL *h, const struct net_opts *o, const char *url, struct xfer *x);
/* True when the attempt got a connection (to the server, or to the proxy). */
bool net_was_connected(CURL *h);
/* Maps a finished attempt to a status; *retry says whether another attempt may help. */
enum quire_status net_classify(CURLcode rc, long code, const struct xfer *x, const char *url,
                               bool *retry, struct quire_err *err);
/* Runs attempt until it succeeds, fails for good, or the attempts run out. */
enum quire_status net_with_retries(const struct net_opts *o, struct net_http_result *res,
                                   net_attempt_fn attempt, void *ctx, struct quire_err *err);
/* Monotonic seconds by which one URL must be done. */
double net_deadline_of(const struct net_opts *o);

#endif
