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
};

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

/* Serves the relay of the library at db_path on bind_addr:port (port 0 picks a free port).
 * GET /index.json (ETag, If-None-Match -> 304) and GET /<file> (Range: bytes=N- -> 206).
 * Each request is logged as one line to log when it is not NULL. */
enum quire_status sync_server_start(const char *db_path, const char *bind_addr, unsigned port,
                                    FILE *log, sync_server **out, struct quire_err *err);
unsigned sync_server_port(const sync_server *srv);
/* sync_server_stop(NULL) is a no-op. */
void sync_server_stop(sync_server *srv);

#endif
