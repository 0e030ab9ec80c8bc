/* sync: the sync loop (see sync.h). Sections: settings and keys, fetching and verifying the
 * index with mirror failover, a source's bundles (each one in sync_bundle.c), and sync_run
 * which walks the sources. Stale partial files and source removal: sync_partials.c. */
#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "minisign.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync_index.h"
#include "sync_run.h"

enum quire_status sync_library_dir(const char *db_path, const char *sub, char *out, size_t outlen)
{
    const char *slash = strrchr(db_path, '/');
    int w = slash ? snprintf(out, outlen, "%.*s/%s", (int)(slash - db_path), db_path, sub)
                  : snprintf(out, outlen, "%s", sub);
    return (w < 0 || (size_t)w >= outlen) ? QUIRE_EINVAL : QUIRE_OK;
}

void sync_emit(struct run *r, enum sync_event ev)
{
    r->p.event = ev;
    if (r->o->progress)
        r->o->progress(r->o->progress_ctx, &r->p);
    r->p.message = NULL;
}

void sync_warn(struct run *r, const char *msg)
{
    r->p.message = msg;
    sync_emit(r, SYNC_EV_WARN);
}

/* Reports a failure and keeps the first one of the source. */
void sync_fail(struct run *r, const struct quire_err *e)
{
    if (!r->first.code)
        r->first = *e;
    r->p.message = e->msg;
    sync_emit(r, SYNC_EV_ERROR);
}

bool sync_cancelled(const struct run *r)
{
    return r->o->cancel && atomic_load(r->o->cancel);
}

enum quire_status sync_check_online(struct run *r, struct quire_err *err)
{
    if (sync_cancelled(r))
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
    sync_emit(r, SYNC_EV_INDEX);
    enum quire_status st = fetch_index(r, m, &body, &len, &sig, &sig_len, &res, err);
    r->unreachable += res.unreachable;
    if (!st)
        st = verify_index(r, r->src.mirrors[m], body, len, sig, sig_len, &r->idx, err);
    /* A publisher replaces index.json and index.json.minisig with two renames: a fresh index
     * (200) may have been read between them. Fetch the pair once more before refusing. */
    if (st == QUIRE_ESIGNATURE && !res.not_modified && !r->is_offline && !sync_cancelled(r)) {
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
        sync_emit(r, SYNC_EV_INDEX_SAME);
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
        if ((st = sync_check_online(r, err)))
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
            sync_warn(r, msg);
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
        sync_warn(r, msg);
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
    sync_emit(r, SYNC_EV_BYTES);
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
    sync_warn(r, msg);
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
    sync_warn(r, msg);
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
        sync_emit(r, SYNC_EV_PLAN);
    for (size_t i = 0; i < n && !st; i++) {
        struct quire_err e = {0};
        enum quire_status bst = sync_bundle(r, pending[i], &e);
        if (bst == QUIRE_ECANCELED || bst == QUIRE_ENOSPC || bst == QUIRE_EDB ||
            bst == QUIRE_EBUSY || r->is_offline) {
            *err = e;
            st = bst;
        } else if (bst) {
            r->rep->bundles_failed++;
            sync_fail(r, &e);
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
    sync_drop_stale_partials(r);
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
                sync_fail(r, &e); /* source-level failure not yet reported */
            if (!result) {
                result = st;
                *err = e;
            }
        } else {
            r->rep->sources_ok++;
        }
        sync_emit(r, SYNC_EV_DONE);
        if (st == QUIRE_ECANCELED || r->is_offline)
            break;
    }
    return result;
}

/* Unfinished downloads kept at most: --max-partial-mb, else the sync.max_partial_mb setting
 * (quire source set), else QUIRE_SYNC_PARTIAL_MAX_BYTES. */
static uint64_t partial_cap(const struct sync_opts *o, store *db)
{
    char mb[32];
    int64_t v = 0;
    if (o->max_partial_bytes > 0)
        return (uint64_t)o->max_partial_bytes;
    if (store_setting_get(db, "sync.max_partial_mb", mb, sizeof mb, NULL) == QUIRE_OK &&
        quire_parse_i64(mb, 1, QUIRE_SETTING_MAX_PARTIAL_MB, &v))
        return (uint64_t)v * 1024 * 1024;
    return (uint64_t)QUIRE_SYNC_PARTIAL_MAX_BYTES;
}

static void recover_warning(void *ctx, const char *msg)
{
    sync_warn(ctx, msg);
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
    if ((st = sync_lock_acquire(o->db_path, &lock, err)) || (st = sync_check_online(r, err)) ||
        (st = store_open(o->db_path, &r->db, err)))
        goto out;
    /* A crash of an earlier run may have left an imported bundle out of the archive. */
    sync_archive_recover(r->db, recover_warning, r, NULL);
    /* Partial files no row names could never resume: gone before anything is downloaded. */
    r->partial_cap = partial_cap(o, r->db);
    sync_partials_sweep(r->db, r->partial_dir);
    const char *const *names = o->sources;
    size_t n = o->n_sources;
    if (!names) {
        if ((st = store_source_list(r->db, collect_name, &all, err)))
            goto out;
        names = (const char *const *)all.v;
        n = all.n;
    }
    st = run_sources(o, r, names, n, err);
    /* A cap lowered since the last run holds now, even when nothing was downloaded. */
    sync_partials_trim(r->db, r->partial_dir, NULL, r->partial_cap, NULL);
out:
    names_free(&all);
    store_close(r->db);
    sync_lock_release(lock);
    quire_free(r);
    return st;
}
