/* sync_repo: the producing side of sync. A publisher writes a static repository (bundles plus
 * a signed index) with sync_publish; a reader hands on what it holds as a relay: the original
 * bytes of its verified, synced bundles plus an unsigned index, either into a folder
 * (sync_export: a USB stick) or over HTTP (sync_server: `quire serve`). A relay's index is
 * unsigned on purpose: whoever syncs from it trusts each bundle only by its own publisher
 * signature. */
#ifndef QUIRE_SYNC_REPO_H
#define QUIRE_SYNC_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "minisign.h"
#include "quire_error.h"
#include "store.h"
#include "sync_index.h"

struct sync_publish_opts {
    const char *out_dir;               /* created if needed; an existing index is extended */
    const struct minisign_seckey *key; /* signs the index */
    /* A publisher key for bundles signed by another key than `key` (may be NULL): their
     * signatures are then verified too; otherwise only their files are checked. */
    const struct minisign_pubkey *pubkey;
    const char *const *bundles; /* bundle files to add (each must be signed) */
    size_t n_bundles;
    int64_t sequence;   /* 0: max(previous + 1, now) */
    int64_t valid_days; /* 0: QUIRE_INDEX_VALID_DAYS */
    int64_t now;        /* 0: the clock (tests pin it) */
    /* The repository's retention: bundles created more than keep_days before now leave the
     * index and the folder (never one being added); 0 keeps every bundle. */
    int64_t keep_days;
    size_t *n_dropped; /* bundles retention took out (may be NULL) */
};

/* Before a publisher makes a bundle for out_dir: a repository whose index is signed by
 * another key than key is refused (QUIRE_EUNTRUSTED, one line naming the index and both key
 * ids: readers trust the repository's key and would refuse everything); *next_sequence is the
 * sequence sync_publish takes by default, max(previous + 1, now). A folder without an index
 * is a new repository. */
enum quire_status sync_publish_prepare(const char *out_dir, const struct minisign_seckey *key,
                                       int64_t now, int64_t *next_sequence, struct quire_err *err);

/* Copies the bundles into out_dir and (re)writes index.json and index.json.minisig.
 * Bundles already listed stay listed (a repository grows); a file of the same name is
 * replaced. *n_listed (may be NULL) is the number of bundles the new index lists. */
enum quire_status sync_publish(const struct sync_publish_opts *o, size_t *n_listed,
                               struct quire_err *err);

/* Builds the unsigned relay index of the archived bundles of `source` (NULL: all) created at
 * or after `since` (0: all). paths[i] (heap, free with sync_relay_paths_free) is the archived
 * file behind idx->bundles[i]; file names are made unique. */
enum quire_status sync_relay_index(store *s, const char *db_path, const char *source, int64_t since,
                                   struct sync_index **idx, char ***paths, struct quire_err *err);
void sync_relay_paths_free(char **paths, size_t n);

/* Writes the relay (bundles and unsigned index.json) into out_dir. */
enum quire_status sync_export(const char *db_path, const char *out_dir, const char *source,
                              int64_t since, size_t *n_exported, struct quire_err *err);

/* ---- `quire serve`: libmicrohttpd on its own thread ---- */
typedef struct sync_server sync_server;

struct sync_serve_opts {
    const char *bind_addr;      /* IPv4 address */
    unsigned port;              /* 0 picks a free port */
    FILE *log;                  /* one line per request (escaped); NULL: none */
    unsigned request_timeout_s; /* s to send a whole request; 0: QUIRE_SERVE_REQUEST_TIMEOUT_S */
};

/* Serves the relay of the library at db_path on o->bind_addr:o->port.
 * GET /index.json (ETag, If-None-Match -> 304) and GET /<file> (Range: bytes=N- -> 206).
 * At most QUIRE_SERVE_PER_CLIENT connections per client address and
 * QUIRE_SERVE_MAX_CONNECTIONS in all; a client that has not sent its whole request within the
 * request timeout, or is silent for QUIRE_SERVE_IDLE_TIMEOUT_S, is disconnected. */
enum quire_status sync_server_start(const char *db_path, const struct sync_serve_opts *o,
                                    sync_server **out, struct quire_err *err);
unsigned sync_server_port(const sync_server *srv);
/* A client's Range header: "bytes=N-" or "bytes=N-M" against a file of size bytes, M cut to
 * the last byte; false for anything else (then the whole file is sent). from may be >= size
 * (the caller answers 416). */
bool sync_serve_parse_range(const char *h, uint64_t size, uint64_t *from, uint64_t *to);
/* sync_server_stop(NULL) is a no-op. */
void sync_server_stop(sync_server *srv);

#endif
