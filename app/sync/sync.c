/* sync: the sync loop (see sync.h). Sections: settings and keys, fetching and verifying the
 * index with mirror failover, downloading one bundle with mirror failover, importing and
 * archiving it, and sync_run which walks the sources. */
#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_import.h"
#include "config.h"
#include "minisign.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync_index.h"

#define QUIRE_SYNC_REMOVE_BATCH 64 /* partial files deleted per listing on source removal */

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
    struct sync_index *idx;
    size_t index_mirror;    /* the mirror that served the index: tried first for bundles */
    struct sync_progress p; /* running progress of this source */
    uint64_t file_base;     /* all_have before the current file */
    struct quire_err first; /* first failure of this source */
    bool is_offline;        /* the platform reported no network: stop everything */
    size_t unreachable;     /* mirrors of this source whose index fetch reached no server */
};

enum quire_status sync_library_dir(const char *db_path, const char *sub, char *out, size_t outlen)
{
    const char *slash = strrchr(db_path, '/');
    int w = slash ? snprintf(out, outlen, "%.*s/%s", (int)(slash - db_path), db_path, sub)
                  : snprintf(out, outlen, "%s", sub);
    return (w < 0 || (size_t)w >= outlen) ? QUIRE_EINVAL : QUIRE_OK;
}

static void emit(struct run *r, enum sync_event ev)
{
    r->p.event = ev;
    if (r->o->progress)
        r->o->progress(r->o->progress_ctx, &r->p);
    r->p.message = NULL;
}

static void warn(struct run *r, const char *msg)
{
    r->p.message = msg;
    emit(r, SYNC_EV_WARN);
}

/* Reports a failure and keeps the first one of the source. */
static void fail(struct run *r, const struct quire_err *e)
{
    if (!r->first.code)
        r->first = *e;
    r->p.message = e->msg;
    emit(r, SYNC_EV_ERROR);
}

static bool cancelled(const struct run *r)
{
    return r->o->cancel && atomic_load(r->o->cancel);
}

static enum quire_status check_online(struct run *r, struct quire_err *err)
{
    if (cancelled(r))
        return quire_err_set(err, QUIRE_ECANCELED, "sync cancelled");
    if (r->o->is_online && !r->o->is_online(r->o->online_ctx)) {
        r->is_offline = true;
        return quire_err_set(err, QUIRE_ENET, "offline: sync waits for a network");
    }
    return QUIRE_OK;
}

/* ---- settings and keys ---- */

/* Picks override > source > global setting for one string option. */
static const char *pick(store *db, const char *over, const char *per_source, const char *key,
                        char *buf, size_t buflen)
{
    if (over && over[0])
        return over;
    if (per_source && per_source[0])
        return per_source;
    if (store_setting_get(db, key, buf, buflen, NULL) == QUIRE_OK && buf[0])
        return buf;
    return NULL;
}

static void setup_net(struct run *r)
{
    char rate[32];
    r->net = r->o->net;
    r->net.cancel = r->o->cancel;
    r->net.is_online = r->o->is_online;
    r->net.online_ctx = r->o->online_ctx;
    r->net.proxy =
        pick(r->db, r->o->net.proxy, r->src.proxy, "sync.proxy", r->proxy, sizeof r->proxy);
    r->net.cacert =
        pick(r->db, r->o->net.cacert, r->src.cacert, "sync.cacert", r->cacert, sizeof r->cacert);
    if (r->o->net.max_rate <= 0) {
        r->net.max_rate = r->src.max_rate;
        if (r->net.max_rate <= 0 &&
            store_setting_get(r->db, "sync.max_rate", rate, sizeof rate, NULL) == QUIRE_OK &&
            !quire_parse_i64(rate, 0, QUIRE_SETTING_MAX_RATE, &r->net.max_rate))
            r->net.max_rate = 0;
    }
}

static enum quire_status load_pubkey(struct run *r, struct quire_err *err)
{
    struct store_key k;
    enum quire_status st = store_key_find(r->db, r->src.keyid, &k, err);
    if (st == QUIRE_ENOTFOUND)
        return quire_err_set(err, QUIRE_EUNTRUSTED,
                             "source %s: publisher key %s is no longer trusted", r->src.name,
                             r->src.keyid);
    if (st)
        return st;
    uint8_t be[8];
    if (!quire_hex_decode(k.keyid, be, 8))
        return quire_err_set(err, QUIRE_EFORMAT, "source %s: bad key id", r->src.name);
    for (int i = 0; i < 8; i++) /* minisign prints key ids byte-reversed */
        r->pk.keyid[i] = be[7 - i];
    memcpy(r->pk.pk, k.pk, 32);
    return QUIRE_OK;
}

/* ---- the index ---- */

static enum quire_status verify_index(struct run *r, const char *url, const char *body, size_t len,
                                      const char *sig, size_t sig_len, struct sync_index **out,
                                      struct quire_err *err)
{
    enum quire_status st;
    *out = NULL;
    if (!r->src.is_relay) {
        struct minisign_sig ms;
        if (!sig)
            return quire_err_set(err, QUIRE_ESIGNATURE, "%s: index signature missing", url);
        if ((st = minisign_sig_parse(sig, sig_len, &ms, err)))
            return st;
        if ((st = minisign_verify(&r->pk, &ms, body, len, err))) {
            return quire_err_set(err, QUIRE_ESIGNATURE,
                                 "%s: index signature does not verify with the key of "
                                 "source %s (%s): refused",
                                 url, r->src.name, r->src.keyid);
        }
    }
    if ((st = sync_index_parse(body, len, url, out, err)))
        return st;
    if (!r->src.is_relay && strcmp((*out)->keyid, r->src.keyid) != 0) {
        st = quire_err_set(err, QUIRE_ESIGNATURE, "%s: index names key %s, not %s", url,
                           (*out)->keyid, r->src.keyid);
        sync_index_free(*out);
        *out = NULL;
        return st;
    }
    return QUIRE_OK;
}

/* A publisher source pointed at a relay finds no signature: say what the mirror is and how to
 * add it, instead of only the missing file. */
static enum quire_status explain_relay(struct run *r, size_t m, const char *body, size_t len,
                                       enum quire_status st, struct quire_err *err)
{
    struct sync_index *idx = NULL;
    if (sync_index_parse(body, len, r->src.mirrors[m], &idx, NULL) == QUIRE_OK && idx->is_relay)
        st = quire_err_set(err, QUIRE_EUNSUPPORTED,
                           "%s is a relay (an unsigned index of other publishers' bundles), not "
                           "a publisher's mirror: add it with `quire source add NAME %s "
                           "--relay`; each bundle is still checked against your trusted keys",
                           r->src.mirrors[m], r->src.mirrors[m]);
    sync_index_free(idx);
    return st;
}

/* Fetches index (and signature) from one mirror; *from_cache when the mirror said 304. */
static enum quire_status fetch_index(struct run *r, size_t m, char **body, size_t *len, char **sig,
                                     size_t *sig_len, struct net_http_result *res,
                                     struct quire_err *err)
{
    char url[STORE_URL_MAX + 64], etag[256], lm[64];
    char *cached = NULL, *cached_sig = NULL;
    size_t cached_len = 0, cached_sig_len = 0;
    enum quire_status st;
    *body = *sig = NULL;
    *sig_len = 0;
    if (net_http_join(r->src.mirrors[m], SYNC_INDEX_FILE, url, sizeof url))
        return quire_err_set(err, QUIRE_EINVAL, "%s: URL too long", r->src.mirrors[m]);
    if ((st = store_sync_index_load(r->db, r->src.name, &cached, &cached_len, &cached_sig,
                                    &cached_sig_len, err)) ||
        (st = store_sync_validators_get(r->db, r->src.name, m, etag, lm, err)))
        goto out;
    if (!cached) /* nothing to fall back on: ask unconditionally */
        etag[0] = lm[0] = '\0';
    st = net_http_get_mem(&r->net, url, etag, lm, QUIRE_INDEX_MAX_BYTES, body, len, res, err);
    r->rep->bytes_index += res->received;
    r->is_offline |= res->offline;
    if (st)
        goto out;
    if (res->not_modified && !cached) { /* nothing was asked conditionally */
        st = quire_err_set(err, QUIRE_EFORMAT,
                           "%s: answered 304 Not Modified to a request that had no copy to "
                           "compare with (a broken or hostile mirror)",
                           url);
        goto out;
    }
    if (res->not_modified) {
        *body = cached, *len = cached_len, *sig = cached_sig, *sig_len = cached_sig_len;
        cached = cached_sig = NULL;
        goto out;
    }
    if (!r->src.is_relay) {
        struct net_http_result sres;
        char surl[STORE_URL_MAX + 64];
        net_http_join(r->src.mirrors[m], SYNC_INDEX_SIG_FILE, surl, sizeof surl);
        st = net_http_get_mem(&r->net, surl, NULL, NULL, QUIRE_SIGNATURE_MAX_BYTES, sig, sig_len,
                              &sres, err);
        r->rep->bytes_index += sres.received;
        r->is_offline |= sres.offline;
        if (st == QUIRE_ENOTFOUND)
            st = explain_relay(r, m, *body, *len, st, err);
    }
out:
    quire_free(cached);
    quire_free(cached_sig);
    return st;
}

/* Tries one mirror: fetch, verify, check the sequence, remember. */
static enum quire_status index_from_mirror(struct run *r, size_t m, struct quire_err *err)
{
    char *body = NULL, *sig = NULL;
    size_t len = 0, sig_len = 0;
    struct net_http_result res = {0};
    r->p.mirror = r->src.mirrors[m];
    emit(r, SYNC_EV_INDEX);
    enum quire_status st = fetch_index(r, m, &body, &len, &sig, &sig_len, &res, err);
    r->unreachable += res.unreachable;
    if (!st)
        st = verify_index(r, r->src.mirrors[m], body, len, sig, sig_len, &r->idx, err);
    /* A publisher replaces index.json and index.json.minisig with two renames: a fresh index
     * (200) may have been read between them. Fetch the pair once more before refusing. */
    if (st == QUIRE_ESIGNATURE && !res.not_modified && !r->is_offline && !cancelled(r)) {
        quire_free(body);
        quire_free(sig);
        body = sig = NULL;
        st = fetch_index(r, m, &body, &len, &sig, &sig_len, &res, err);
        if (!st)
            st = verify_index(r, r->src.mirrors[m], body, len, sig, sig_len, &r->idx, err);
    }
    /* A relay's unsigned sequence proves nothing, so only a publisher's index is held to it. */
    if (!st && !r->src.is_relay && r->idx->sequence < r->src.last_sequence)
        st = quire_err_set(err, QUIRE_ESTALE,
                           "%s: index sequence %lld is older than the last one seen (%lld): "
                           "refused as a replay",
                           r->src.mirrors[m], (long long)r->idx->sequence,
                           (long long)r->src.last_sequence);
    if (!st && res.not_modified) {
        r->rep->indexes_not_modified++;
        emit(r, SYNC_EV_INDEX_SAME);
    } else if (!st) {
        st = store_sync_index_save(r->db, r->src.name, m, r->idx->sequence, body, len, sig, sig_len,
                                   res.etag, res.last_modified, err);
    }
    if (st) {
        sync_index_free(r->idx);
        r->idx = NULL;
    }
    quire_free(body);
    quire_free(sig);
    return st;
}

static enum quire_status get_index(struct run *r, struct quire_err *err)
{
    enum quire_status st = QUIRE_ENOTFOUND;
    for (size_t m = 0; m < r->src.n_mirrors; m++) {
        if ((st = check_online(r, err)))
            return st;
        st = index_from_mirror(r, m, err);
        if (st == QUIRE_OK) {
            r->index_mirror = m;
            break;
        }
        if (st == QUIRE_ECANCELED || st == QUIRE_EDB || st == QUIRE_EBUSY || r->is_offline)
            return st;
        if (m + 1 < r->src.n_mirrors) {
            char msg[QUIRE_ERR_MSG_MAX + 32];
            snprintf(msg, sizeof msg, "%s; trying the next mirror", err->msg);
            warn(r, msg);
        }
    }
    if (st)
        return st;
    if (r->idx->valid_until < quire_now()) {
        char when[32], msg[256];
        quire_time_format(r->idx->valid_until, when);
        snprintf(msg, sizeof msg,
                 "source %s: index expired at %s (or this device's clock is wrong); "
                 "using it anyway",
                 r->src.name, when);
        warn(r, msg);
    }
    return QUIRE_OK;
}

/* ---- one bundle ---- */

static void on_bytes(void *ctx, uint64_t have, uint64_t total)
{
    struct run *r = ctx;
    if (!r->p.file) /* the index and its signature are not part of the download progress */
        return;
    r->p.file_have = have;
    r->p.all_have = r->file_base + have;
    emit(r, SYNC_EV_BYTES);
}

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

/* Downloads e into part, trying the index's mirror first, then the others in order. */
static enum quire_status download(struct run *r, const struct sync_index_entry *e, const char *part,
                                  struct quire_err *err)
{
    enum quire_status st = QUIRE_ENET;
    bool counted_resume = false;
    /* Room for this download among the unfinished ones: the oldest others go. */
    uint64_t cap = r->o->max_partial_bytes > 0 ? (uint64_t)r->o->max_partial_bytes
                                               : (uint64_t)QUIRE_SYNC_PARTIAL_MAX_BYTES;
    if ((st = sync_partials_trim(r->db, r->partial_dir, e->sha256,
                                 cap > e->size ? cap - e->size : 0, err)))
        return st;
    st = QUIRE_ENET;
    for (size_t k = 0; k < r->src.n_mirrors; k++) {
        size_t m = (r->index_mirror + k) % r->src.n_mirrors;
        char url[STORE_URL_MAX + 256];
        struct net_http_result res;
        if ((st = check_online(r, err)))
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
        if (!st || st == QUIRE_ECANCELED || st == QUIRE_ENOSPC || st == QUIRE_EEXIST)
            return st;
        if (st == QUIRE_EHASH)
            unlink(part); /* wrong bytes: never resume from them */
        if (k + 1 < r->src.n_mirrors) {
            char msg[QUIRE_ERR_MSG_MAX + 32];
            snprintf(msg, sizeof msg, "%s; trying the next mirror", err->msg);
            if (st == QUIRE_EHASH)
                fail(r, err); /* a tampered copy is worth an error even if another mirror
                                 has a good one */
            else
                warn(r, msg);
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
    r->rep->articles_new += res.inserted;
    r->rep->articles_updated += res.updated;
    r->p.articles_new = res.inserted;
    return sync_archive_finish(r->db, e->sha256, part, true, err);
}

static enum quire_status sync_bundle(struct run *r, const struct sync_index_entry *e,
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
        emit(r, SYNC_EV_IMPORTED);
    }
    r->p.file = NULL;
    return st;
}

/* ---- stale partial files ---- */

struct stale {
    struct run *r;
    char (*sha)[65];
    size_t n, cap;
};

static int collect_stale(void *ctx, const char *sha256)
{
    struct stale *st = ctx;
    if (sync_index_find(st->r->idx, sha256) || st->n == st->cap)
        return st->n == st->cap;
    snprintf(st->sha[st->n++], 65, "%s", sha256);
    return 0;
}

/* Deletes the partial downloads of this source that its current index no longer lists (the
 * publisher withdrew them): they could never complete. Best effort. */
static void drop_stale_partials(struct run *r)
{
    char sha[64][65], path[1200];
    struct stale st = {.r = r, .sha = sha, .cap = 64};
    if (store_sync_partial_list(r->db, r->src.name, collect_stale, &st, NULL) != QUIRE_OK)
        return;
    for (size_t i = 0; i < st.n; i++) {
        snprintf(path, sizeof path, "%s/%s.part", r->partial_dir, sha[i]);
        unlink(path);
        store_sync_partial_remove(r->db, sha[i], NULL);
    }
}

struct source_partials {
    char (*sha)[65];
    size_t n, cap;
};

static int collect_partial(void *ctx, const char *sha256)
{
    struct source_partials *sp = ctx;
    if (sp->n == sp->cap)
        return 1;
    snprintf(sp->sha[sp->n++], 65, "%s", sha256);
    return 0;
}

enum quire_status sync_source_remove(store *s, const char *name, struct quire_err *err)
{
    char dir[1024], path[1200];
    char(*sha)[65] = quire_calloc(QUIRE_SYNC_REMOVE_BATCH, 65);
    if (!sha)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    enum quire_status st = store_source_remove(s, name, err);
    if (!st && sync_library_dir(store_path(s), QUIRE_SYNC_PARTIAL_DIR, dir, sizeof dir))
        st = quire_err_set(err, QUIRE_EINVAL, "%s: path too long", store_path(s));
    struct source_partials sp = {.sha = sha, .cap = QUIRE_SYNC_REMOVE_BATCH};
    do { /* in batches: the list callback must not write while it reads */
        sp.n = 0;
        if (!st)
            st = store_sync_partial_list(s, name, collect_partial, &sp, err);
        for (size_t i = 0; !st && i < sp.n; i++) {
            snprintf(path, sizeof path, "%s/%s.part", dir, sp.sha[i]);
            if (unlink(path) != 0 && errno != ENOENT)
                st = quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
            else
                st = store_sync_partial_remove(s, sp.sha[i], err);
        }
    } while (!st && sp.n == sp.cap);
    quire_free(sha);
    return st;
}

/* ---- a source ---- */

/* Bundles whose index entry names a signer this library does not trust: not downloaded (the
 * import would refuse them), reported once per source. The entry's key id is only a hint
 * (a relay's index is unsigned): a lie just means the import refuses the bundle. */
struct skipped {
    int n;
    char keys[160];
};

static bool is_trusted(struct run *r, const struct sync_index_entry *e, struct skipped *sk)
{
    struct store_key k;
    if (!e->keyid[0] || store_key_find(r->db, e->keyid, &k, NULL) != QUIRE_ENOTFOUND)
        return true;
    sk->n++;
    size_t used = strlen(sk->keys);
    if (!strstr(sk->keys, e->keyid) && used + 18 < sizeof sk->keys)
        snprintf(sk->keys + used, sizeof sk->keys - used, "%s%s", used ? ", " : "", e->keyid);
    return false;
}

static void warn_skipped(struct run *r, const struct skipped *sk)
{
    char msg[320];
    snprintf(msg, sizeof msg,
             "source %s: %d bundle%s skipped: signed by untrusted key%s %s (`quire trust add` "
             "accepts a publisher)",
             r->src.name, sk->n, sk->n == 1 ? "" : "s", strchr(sk->keys, ',') ? "s" : "", sk->keys);
    warn(r, msg);
}

/* A bundle whose very bytes (same SHA-256) failed to import before is not downloaded again;
 * one warning names it. A corrected bundle has another SHA-256 and is fetched as usual. */
static bool failed_before(struct run *r, const struct sync_index_entry *e)
{
    char why[QUIRE_ERR_MSG_MAX], when[32], msg[QUIRE_ERR_MSG_MAX + 256];
    int64_t failed = 0;
    if (store_sync_failure_get(r->db, e->sha256, why, sizeof why, &failed, NULL) != QUIRE_OK)
        return false;
    quire_time_format(failed, when);
    snprintf(msg, sizeof msg,
             "source %s: %s (sha256 %.16s...) skipped: it failed to import at %s: %s", r->src.name,
             e->file, e->sha256, when, why);
    warn(r, msg);
    return true;
}

static enum quire_status sync_bundles(struct run *r, struct quire_err *err)
{
    const struct sync_index_entry **pending = NULL;
    size_t n = 0;
    enum quire_status st = QUIRE_OK;
    r->rep->bundles_listed += (int)r->idx->n_bundles;
    if (r->idx->n_bundles && !(pending = quire_calloc(r->idx->n_bundles, sizeof *pending)))
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    r->p.all_total = 0;
    struct skipped sk = {0};
    for (size_t i = 0; i < r->idx->n_bundles && !st; i++) {
        const struct sync_index_entry *e = &r->idx->bundles[i];
        bool has = false;
        st = store_bundle_has(r->db, e->sha256, &has, err);
        if (!st && has) {
            r->rep->bundles_present++;
        } else if (!st && failed_before(r, e)) {
            r->rep->bundles_skipped++;
        } else if (!st && !is_trusted(r, e, &sk)) {
            r->rep->bundles_skipped++;
        } else if (!st) {
            pending[n++] = e;
            r->p.all_total += e->size;
        }
    }
    if (sk.n)
        warn_skipped(r, &sk);
    r->p.file_have = r->p.file_total = 0;
    r->p.bundles_total = (int)n;
    r->p.bundles_done = 0;
    r->p.all_have = 0;
    if (!st)
        emit(r, SYNC_EV_PLAN);
    for (size_t i = 0; i < n && !st; i++) {
        struct quire_err e = {0};
        enum quire_status bst = sync_bundle(r, pending[i], &e);
        if (bst == QUIRE_ECANCELED || bst == QUIRE_ENOSPC || bst == QUIRE_EDB ||
            bst == QUIRE_EBUSY || r->is_offline) {
            *err = e;
            st = bst;
        } else if (bst) {
            r->rep->bundles_failed++;
            fail(r, &e);
        }
    }
    quire_free(pending);
    return st;
}

static enum quire_status sync_source(struct run *r, const char *name, struct quire_err *err)
{
    enum quire_status st = store_source_get(r->db, name, &r->src, err);
    if (st)
        return st;
    r->p.source = r->src.name;
    setup_net(r);
    r->net.progress = on_bytes;
    r->net.progress_ctx = r;
    if (r->src.n_mirrors == 0)
        return quire_err_set(err, QUIRE_EINVAL, "source %s has no mirrors", name);
    if (!r->src.is_relay && (st = load_pubkey(r, err)))
        return st;
    if ((st = quire_mkdir_p(r->partial_dir, err)) || (st = get_index(r, err)))
        return st;
    drop_stale_partials(r);
    st = sync_bundles(r, err);
    sync_index_free(r->idx);
    r->idx = NULL;
    if (!st && r->first.code)
        st = (*err = r->first, r->first.code);
    store_sync_source_mark(r->db, name, st == QUIRE_OK, NULL);
    return st;
}

struct names {
    char **v;
    size_t n, cap;
};

static void collect_name(void *ctx, const struct store_source *src)
{
    struct names *ns = ctx;
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 8;
        char **v = quire_realloc(ns->v, cap * sizeof *v);
        if (!v)
            return;
        ns->v = v;
        ns->cap = cap;
    }
    char *d = quire_strdup(src->name);
    if (d)
        ns->v[ns->n++] = d;
}

static void names_free(struct names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        quire_free(ns->v[i]);
    quire_free(ns->v);
}

static enum quire_status run_sources(const struct sync_opts *o, struct run *r,
                                     const char *const *names, size_t n, struct quire_err *err)
{
    enum quire_status result = QUIRE_OK;
    for (size_t i = 0; i < n; i++) {
        struct quire_err e = {0};
        memset(&r->src, 0, sizeof r->src);
        memset(&r->p, 0, sizeof r->p);
        r->first.code = QUIRE_OK;
        r->first.msg[0] = '\0';
        r->p.source = names[i];
        r->unreachable = 0;
        enum quire_status st = sync_source(r, names[i], &e);
        if (st) {
            r->rep->sources_failed++;
            r->rep->sources_unreachable += r->src.n_mirrors && r->unreachable >= r->src.n_mirrors;
            if (e.code != r->first.code || strcmp(e.msg, r->first.msg) != 0)
                fail(r, &e); /* source-level failure not yet reported */
            if (!result) {
                result = st;
                *err = e;
            }
        } else {
            r->rep->sources_ok++;
        }
        emit(r, SYNC_EV_DONE);
        if (st == QUIRE_ECANCELED || r->is_offline)
            break;
    }
    return result;
}

static void recover_warning(void *ctx, const char *msg)
{
    warn(ctx, msg);
}

enum quire_status sync_run(const struct sync_opts *o, struct sync_report *rep,
                           struct quire_err *err)
{
    struct names all = {0};
    sync_lock *lock = NULL;
    memset(rep, 0, sizeof *rep);
    enum quire_status st = net_http_global_init(err);
    if (st)
        return st;
    struct run *r = quire_calloc(1, sizeof *r);
    if (!r)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    r->o = o;
    r->rep = rep;
    if (sync_library_dir(o->db_path, QUIRE_SYNC_PARTIAL_DIR, r->partial_dir,
                         sizeof r->partial_dir)) {
        st = quire_err_set(err, QUIRE_EINVAL, "%s: path too long", o->db_path);
        goto out;
    }
    if ((st = sync_lock_acquire(o->db_path, &lock, err)) || (st = check_online(r, err)) ||
        (st = store_open(o->db_path, &r->db, err)))
        goto out;
    /* A crash of an earlier run may have left an imported bundle out of the archive. */
    sync_archive_recover(r->db, recover_warning, r, NULL);
    const char *const *names = o->sources;
    size_t n = o->n_sources;
    if (!names) {
        if ((st = store_source_list(r->db, collect_name, &all, err)))
            goto out;
        names = (const char *const *)all.v;
        n = all.n;
    }
    st = run_sources(o, r, names, n, err);
out:
    names_free(&all);
    store_close(r->db);
    sync_lock_release(lock);
    quire_free(r);
    return st;
}
