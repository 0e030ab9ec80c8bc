/* net_http: the transfer engine of sync and of the feed publisher, libcurl underneath. Two
 * operations: fetch a small resource into memory under a hard cap, with conditional GET
 * (If-None-Match / If-Modified-Since), and download a file into a partial file, resuming with HTTP
 * Range from whatever the partial file already holds. Both retry transient failures with
 * exponential backoff, honour connect and stall timeouts, a proxy (socks5h://, http://), a CA file
 * and a bandwidth cap, report progress, and stop promptly when the cancel flag is raised.
 * Invariant: a partial file only ever holds a prefix of the server's bytes (each chunk goes
 * straight to the kernel with write(2)), so a killed process leaves it resumable.
 * Redirects only ever go to http(s). Threads: every call uses its own curl handle; call
 * net_http_global_init() once first. Depends on core only. */
#ifndef QUIRE_NET_HTTP_H
#define QUIRE_NET_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"
#include "quire_util.h"

/* Progress of one transfer: bytes held so far (including resumed bytes) and the total when
 * known (0 if not). Called from the transferring thread at least once a second. */
typedef void (*net_http_progress_fn)(void *ctx, uint64_t have, uint64_t total);

struct net_opts {
    const char *proxy;      /* "socks5h://127.0.0.1:9050", "http://proxy:3128"; NULL: none */
    const char *cacert;     /* PEM file of trusted CAs; NULL: the system's */
    long connect_timeout_s; /* 0: QUIRE_NET_CONNECT_TIMEOUT_S */
    long stall_timeout_s;   /* 0: QUIRE_NET_STALL_TIMEOUT_S */
    long stall_bytes_s;     /* the minimum rate, bytes/s; 0: QUIRE_NET_STALL_BYTES_S */
    long deadline_s;        /* s for one URL, all attempts; 0: QUIRE_NET_FILE_DEADLINE_S */
    int64_t max_rate;       /* bytes/s, 0: unlimited */
    int retries;            /* attempts per URL in all (1: no retry), 0: QUIRE_NET_RETRIES */
    long backoff_ms;        /* first retry delay, 0: QUIRE_NET_BACKOFF_MS */
    atomic_int *cancel;     /* non-zero stops the transfer (QUIRE_ECANCELED); may be NULL */
    /* Asked at most every QUIRE_NET_ONLINE_CHECK_MS while bytes flow (from the transferring
     * thread); false stops the transfer with QUIRE_ENET, res->offline set, the partial file
     * kept and no retry. NULL: assume online. */
    bool (*is_online)(void *ctx);
    void *online_ctx;
    net_http_progress_fn progress;
    void *progress_ctx;
    const char *user_agent; /* NULL: "quire-sync/1" */
    bool http_only;         /* refuse file:// too (URLs from untrusted feeds and pages) */
};

struct net_http_result {
    long status;       /* last HTTP status (0 for file://) */
    bool not_modified; /* 304: the caller's copy is current */
    char etag[256];    /* validators of the response ("" when absent) */
    char last_modified[64];
    uint64_t received;     /* body bytes received over the wire, all attempts */
    uint64_t resumed_from; /* bytes the partial file held before the first attempt */
    int attempts;
    bool offline;     /* is_online said no during the transfer */
    bool unreachable; /* the last attempt reached no server (no name, no listener, no route) */
};

/* Once per process, before any other call (thread-safe, idempotent). */
enum quire_status net_http_global_init(struct quire_err *err);

/* GETs url into *body (NUL-terminated, quire_free) under cap bytes. etag/last_modified (may be
 * NULL or "") make the request conditional: a 304 sets res->not_modified and *body = NULL.
 * 404 and other non-retryable answers fail at once with QUIRE_ENOTFOUND / QUIRE_ENET. */
enum quire_status net_http_get_mem(const struct net_opts *o, const char *url, const char *etag,
                                   const char *last_modified, size_t cap, char **body, size_t *len,
                                   struct net_http_result *res, struct quire_err *err);

/* Downloads url into part_path until it holds exactly `size` bytes, resuming with Range from
 * the file's current length (a server that ignores Range restarts it from zero). More bytes
 * than `size` is QUIRE_ETOOBIG and the partial file is discarded. */
enum quire_status net_http_get_file(const struct net_opts *o, const char *url,
                                    const char *part_path, uint64_t size,
                                    struct net_http_result *res, struct quire_err *err);

/* Joins a mirror base URL and a file name with exactly one '/'. */
enum quire_status net_http_join(const char *base, const char *name, char *out, size_t outlen);

#endif
