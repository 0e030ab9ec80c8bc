/* sync_bundle: one bundle of a source's index (see sync_run.h): downloaded into partial/ with
 * mirror failover, its SHA-256 and size checked against the index, imported (the archive row
 * recorded in the import's transaction), then archived. A lasting failure is remembered so
 * that the same bytes are not downloaded again. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_import.h"
#include "quire_util.h"
#include "sync_run.h"

static enum quire_status check_hash(const char *part, const struct sync_index_entry *e,
                                    const char *url, struct quire_err *err)
{
    char hex[65];
    uint64_t size = 0;
    enum quire_status st = quire_sha256_file(part, hex, &size, err);
    if (st)
        return st;
    if (size != e->size || strcmp(hex, e->sha256) != 0)
        return quire_err_set(err, QUIRE_EHASH,
                             "%s: SHA-256 or size does not match the index (tampered or "
                             "corrupt): refused",
                             url);
    return QUIRE_OK;
}

static uint64_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

/* The order mirrors are tried in for one bundle: from r->index_mirror on (the index's mirror,
 * then whichever delivered the last bundle), the ones that failed a bundle earlier in this
 * run last. A mirror that holds a connection open without sending (it declared more bytes
 * than it has) thus costs one stall timeout per sync, not one per bundle. */
static size_t mirror_order(const struct run *r, size_t *order)
{
    size_t n = 0, count = r->src.n_mirrors;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < count; k++) {
            size_t m = (r->index_mirror + k) % count;
            if (r->mirror_failed[m] == (pass == 1))
                order[n++] = m;
        }
    return n;
}

/* Downloads e into part, trying the mirrors in mirror_order. */
static enum quire_status download(struct run *r, const struct sync_index_entry *e, const char *part,
                                  struct quire_err *err)
{
    enum quire_status st = QUIRE_ENET;
    bool counted_resume = false;
    /* Room for this download among the unfinished ones: the oldest others go. */
    uint64_t cap = r->partial_cap;
    if ((st = sync_partials_trim(r->db, r->partial_dir, e->sha256,
                                 cap > e->size ? cap - e->size : 0, err)))
        return st;
    st = QUIRE_ENET;
    size_t order[QUIRE_NET_MAX_MIRRORS];
    size_t n = mirror_order(r, order);
    for (size_t k = 0; k < n; k++) {
        size_t m = order[k];
        char url[STORE_URL_MAX + 256];
        struct net_http_result res;
        if ((st = sync_check_online(r, err)))
            return st;
        if (net_http_join(r->src.mirrors[m], e->file, url, sizeof url))
            continue;
        r->p.mirror = r->src.mirrors[m];
        store_sync_partial_set(r->db, e->sha256, r->src.name, url, e->size, 0, NULL);
        st = net_http_get_file(&r->net, url, part, e->size, &res, err);
        r->rep->bytes_bundles += res.received;
        if (!counted_resume) {
            r->rep->bytes_resumed += res.resumed_from;
            counted_resume = true;
        }
        if (res.offline) { /* the partial file stays for the next run */
            r->is_offline = true;
            store_sync_partial_set(r->db, e->sha256, r->src.name, url, e->size, file_size(part),
                                   NULL);
            return st;
        }
        if (!st)
            st = check_hash(part, e, url, err);
        if (st) /* bookkeeping only: the partial file's length is the truth */
            store_sync_partial_set(r->db, e->sha256, r->src.name, url, e->size, file_size(part),
                                   NULL);
        if (!st)
            r->index_mirror = m; /* it delivers: the next bundle asks it first */
        if (!st || st == QUIRE_ECANCELED || st == QUIRE_ENOSPC || st == QUIRE_EEXIST)
            return st;
        r->mirror_failed[m] = true;
        if (st == QUIRE_EHASH)
            unlink(part); /* wrong bytes: never resume from them */
        if (k + 1 < n) {
            char msg[QUIRE_ERR_MSG_MAX + 32];
            snprintf(msg, sizeof msg, "%s; trying the next mirror", err->msg);
            if (st == QUIRE_EHASH)
                sync_fail(r, err); /* a tampered copy is worth an error even if another mirror
                                 has a good one */
            else
                sync_warn(r, msg);
        }
    }
    return st;
}

/* Failures that the same bytes will always meet again (the bundle itself is bad), as opposed
 * to a full disk, a busy database or an untrusted key that the user may trust later. */
static bool is_lasting(enum quire_status st)
{
    switch (st) {
    case QUIRE_EFORMAT:
    case QUIRE_ETOOBIG:
    case QUIRE_EUTF8:
    case QUIRE_EUNSAFE:
    case QUIRE_ESIGNATURE:
    case QUIRE_EHASH:
    case QUIRE_EDUPLICATE:
    case QUIRE_EUNSUPPORTED:
        return true;
    default:
        return false;
    }
}

/* Rewrites the import error to name the bundle and the mirror instead of the (now deleted)
 * partial file, and remembers a lasting failure so later syncs do not download it again. */
static void import_failed(struct run *r, const struct sync_index_entry *e, const char *part,
                          enum quire_status st, struct quire_err *err)
{
    char why[QUIRE_ERR_MSG_MAX];
    const char *at = strstr(err->msg, part);
    if (at) { /* drop "<part>: " */
        const char *rest = at + strlen(part);
        rest += strncmp(rest, ": ", 2) == 0 ? 2 : 0;
        snprintf(why, sizeof why, "%.*s%s", (int)(at - err->msg), err->msg, rest);
    } else {
        snprintf(why, sizeof why, "%s", err->msg);
    }
    quire_err_set(err, st, "%s (source %s, mirror %s): %s", e->file, r->src.name,
                  r->p.mirror ? r->p.mirror : "?", why);
    if (is_lasting(st))
        store_sync_failure_put(r->db, e->sha256, r->src.name, e->file, why, NULL);
}

struct committing_ctx {
    struct run *r;
    const struct sync_index_entry *e;
    const char *part;
};

/* In the import's transaction: the archive row that the rename below settles. */
static enum quire_status record_archive(void *ctx, store *s, const bundle *b, bool verified,
                                        struct quire_err *err)
{
    struct committing_ctx *c = ctx;
    return sync_archive_record(s, b, c->r->src.name, c->e->file, c->part, true, err);
}

static enum quire_status import_one(struct run *r, const struct sync_index_entry *e,
                                    const char *part, struct quire_err *err)
{
    struct committing_ctx c = {.r = r, .e = e, .part = part};
    struct bundle_import_opts io = {.committing = record_archive, .ctx = &c};
    struct bundle_import_result res;
    memset(&res, 0, sizeof res);
    enum quire_status st = bundle_import_file(r->db, part, &io, &res, err);
    if (st) {
        unlink(part); /* verified bytes that fail import will fail again: do not keep them */
        import_failed(r, e, part, st, err);
        return st;
    }
    if (res.status == BUNDLE_IMPORT_DUPLICATE) { /* another process imported it meanwhile */
        unlink(part);
        return store_sync_partial_remove(r->db, e->sha256, err);
    }
    char conflict[3000];
    bundle_import_conflict_message(e->file, &res, conflict, sizeof conflict);
    if (conflict[0])
        sync_warn(r, conflict);
    r->rep->articles_new += res.inserted;
    r->rep->articles_updated += res.updated;
    r->p.articles_new = res.inserted;
    return sync_archive_finish(r->db, e->sha256, part, true, err);
}

enum quire_status sync_bundle(struct run *r, const struct sync_index_entry *e,
                              struct quire_err *err)
{
    char part[1200];
    snprintf(part, sizeof part, "%s/%s.part", r->partial_dir, e->sha256);
    r->p.file = e->file;
    r->p.file_have = 0;
    r->p.file_total = e->size;
    r->file_base = r->p.all_have;
    enum quire_status st = download(r, e, part, err);
    if (!st)
        st = import_one(r, e, part, err);
    r->p.all_have = r->file_base + e->size;
    if (!st) {
        r->rep->bundles_imported++;
        r->p.bundles_done++;
        sync_emit(r, SYNC_EV_IMPORTED);
    }
    r->p.file = NULL;
    return st;
}
