/* net_batch: many small GETs at once, politely. The feed publisher fetches every feed and then
 * every new item's page; one slow or failing server must not hold up the others, and no server
 * may see more than a few connections from us at a time. A batch runs its requests on a few
 * threads, at most per_host at once on one host (scheme, name and port), and starts two
 * requests on one host at least host_delay_ms apart. Each request succeeds or fails on its
 * own (its status and error message are in the request); the batch itself fails only when it
 * cannot run at all. */
#ifndef QUIRE_NET_BATCH_H
#define QUIRE_NET_BATCH_H

#include <stddef.h>

#include "net_http.h"

struct net_request {
    /* in */
    const char *url;
    const char *etag, *last_modified; /* validators of a conditional GET, may be NULL */
    size_t cap;                       /* body bytes at most */
    /* out */
    enum quire_status status; /* QUIRE_OK: res.not_modified, or body/len hold the answer */
    struct quire_err err;     /* the reason when status is not QUIRE_OK */
    struct net_http_result res;
    char *body; /* NUL-terminated, quire_free; NULL on failure or 304 */
    size_t len;
};

struct net_batch_opts {
    const struct net_opts *net; /* for every request (http_only is forced on) */
    int threads;                /* 0: QUIRE_NET_BATCH_THREADS */
    int per_host;               /* 0: QUIRE_NET_PER_HOST */
    long host_delay_ms;         /* < 0: none; 0: QUIRE_NET_HOST_DELAY_MS */
};

/* Runs every request (see above); returns when all are done. Fails only without threads or
 * memory (then no request ran). */
enum quire_status net_batch_get(const struct net_batch_opts *o, struct net_request *reqs, size_t n,
                                struct quire_err *err);
/* Frees the bodies of reqs (the requests themselves are the caller's). */
void net_batch_free_bodies(struct net_request *reqs, size_t n);

#endif
