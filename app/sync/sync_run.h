/* sync_run: what the files of the sync loop share (sync.c: settings, the index, sources and
 * sync_run; sync_bundle.c: downloading, checking, importing and archiving one bundle;
 * sync_partials.c: the folder of unfinished downloads). Not part of the sync module's API. */
#ifndef QUIRE_SYNC_RUN_H
#define QUIRE_SYNC_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "minisign.h"
#include "net_http.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"
#include "sync_index.h"

/* Everything one source's sync needs, on the heap (store_source is large). */
struct run {
    const struct sync_opts *o;
    store *db;
    struct sync_report *rep;
    struct store_source src;
    struct minisign_pubkey pk;
    struct net_opts net;
    char proxy[STORE_URL_MAX], cacert[STORE_URL_MAX];
    char partial_dir[1024];
    uint64_t partial_cap; /* bytes of unfinished downloads kept: flag, setting, config.h */
    struct sync_index *idx;
    size_t index_mirror; /* the mirror tried first for bundles: the index's, then the last that
                          * delivered one */
    bool mirror_failed[QUIRE_NET_MAX_MIRRORS]; /* a bundle failed there this run: tried last */
    struct sync_progress p;                    /* running progress of this source */
    uint64_t file_base;                        /* all_have before the current file */
    struct quire_err first;                    /* first failure of this source */
    bool is_offline;    /* the platform reported no network: stop everything */
    size_t unreachable; /* mirrors of this source whose index fetch reached no server */
};

/* Progress events to the caller; sync_warn and sync_fail carry a message (sync_fail keeps
 * the source's first failure). */
void sync_emit(struct run *r, enum sync_event ev);
void sync_warn(struct run *r, const char *msg);
void sync_fail(struct run *r, const struct quire_err *e);
bool sync_cancelled(const struct run *r);
/* QUIRE_ECANCELED or QUIRE_ENET (r->is_offline set) when the sync must stop. */
enum quire_status sync_check_online(struct run *r, struct quire_err *err);

/* Downloads (mirror failover), verifies, imports and archives one index entry. */
enum quire_status sync_bundle(struct run *r, const struct sync_index_entry *e,
                              struct quire_err *err);
/* Deletes this source's partial downloads that its current index no longer lists. */
void sync_drop_stale_partials(struct run *r);

#endif
