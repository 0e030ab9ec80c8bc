/* sync_publish: writes a static repository: the bundles and a minisign-signed index listing
 * them (see sync_repo.h, docs/sync.md). Bundle files are copied first and the index last, so a
 * mirror being updated never lists a file it does not yet hold. */
#include <stdio.h>
#include <string.h>

#include "bundle.h"
#include "config.h"
#include "quire_util.h"
#include "sync_repo.h"

/* The index under construction: entries are owned (freed with sync_index_free). */
static enum quire_status grow(struct sync_index *idx, size_t *cap, struct quire_err *err)
{
    if (idx->n_bundles < *cap)
        return QUIRE_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    struct sync_index_entry *v = quire_realloc(idx->bundles, ncap * sizeof *v);
    if (!v)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    idx->bundles = v;
    *cap = ncap;
    return QUIRE_OK;
}

static void entry_free_fields(struct sync_index_entry *e)
{
    for (size_t i = 0; i < e->n_languages; i++)
        quire_free(e->languages[i]);
    for (size_t i = 0; i < e->n_sections; i++)
        quire_free(e->sections[i]);
    quire_free(e->languages);
    quire_free(e->sections);
    quire_free(e->file);
    quire_free(e->publisher);
    memset(e, 0, sizeof *e);
}

static bool has_string(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

static enum quire_status push_string(char ***v, size_t *n, const char *s)
{
    if (has_string(*v, *n, s) || *n >= QUIRE_INDEX_MAX_LIST)
        return QUIRE_OK;
    char **nv = quire_realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return QUIRE_ENOMEM;
    *v = nv;
    if (!(nv[*n] = quire_strdup(s)))
        return QUIRE_ENOMEM;
    (*n)++;
    return QUIRE_OK;
}

/* Fills e from an opened, signed bundle. */
static enum quire_status describe(bundle *b, const char *file, struct sync_index_entry *e)
{
    const struct bundle_manifest *m = bundle_get_manifest(b);
    enum quire_status st = QUIRE_OK;
    e->file = quire_strdup(file);
    e->publisher = quire_strdup(m->publisher);
    if (!e->file || !e->publisher)
        return QUIRE_ENOMEM;
    e->size = bundle_get_size(b);
    memcpy(e->sha256, bundle_get_sha256(b), 65);
    e->sequence = m->sequence;
    e->created = m->created;
    e->articles = (int64_t)m->n_articles;
    minisign_keyid_hex(bundle_get_signature(b)->keyid, e->keyid);
    for (size_t i = 0; i < m->n_languages && !st; i++)
        st = push_string(&e->languages, &e->n_languages, m->languages[i]);
    for (size_t i = 0; i < m->n_articles && !st; i++)
        if (m->articles[i].section)
            st = push_string(&e->sections, &e->n_sections, m->articles[i].section);
    return st;
}

/* Opens one (verified) bundle, copies it in and adds or replaces its entry. */
static enum quire_status add_bundle(const struct sync_publish_opts *o, struct sync_index *idx,
                                    size_t *cap, const char *path, struct quire_err *err)
{
    bundle *b = NULL;
    const char *file = quire_basename(path);
    char dest[2048];
    if (!sync_index_name_ok(file))
        return quire_err_set(err, QUIRE_EINVAL,
                             "%s: a published file name may only use letters, digits, '.', "
                             "'_' and '-'",
                             path);
    enum quire_status st = bundle_open(path, &b, err);
    if (st)
        return st;
    size_t at = idx->n_bundles;
    for (size_t i = 0; i < idx->n_bundles; i++)
        if (strcmp(idx->bundles[i].file, file) == 0 ||
            strcmp(idx->bundles[i].sha256, bundle_get_sha256(b)) == 0)
            at = i;
    if (at == idx->n_bundles && (st = grow(idx, cap, err)) == QUIRE_OK)
        memset(&idx->bundles[idx->n_bundles++], 0, sizeof idx->bundles[0]);
    if (!st) {
        entry_free_fields(&idx->bundles[at]);
        if (describe(b, file, &idx->bundles[at]))
            st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    bundle_close(b);
    snprintf(dest, sizeof dest, "%s/%s", o->out_dir, file);
    if (!st && strcmp(dest, path) != 0)
        st = quire_file_copy_atomic(path, dest, NULL, err);
    return st;
}

/* Checks one bundle before anything is written: signed, every file matching the manifest, and
 * the signature itself when the signer's public key is known here (the index key's own public
 * half, or --pubkey). A repository must never list a bundle every reader will refuse. */
static enum quire_status verify_bundle(const struct sync_publish_opts *o, const char *path,
                                       struct quire_err *err)
{
    bundle *b = NULL;
    struct minisign_pubkey own;
    const struct minisign_pubkey *pk = NULL;
    enum quire_status st = bundle_open(path, &b, err);
    if (st)
        return st;
    if (!bundle_is_signed(b)) {
        bundle_close(b);
        return quire_err_set(err, QUIRE_ESIGNATURE, "%s: not a signed bundle: refused", path);
    }
    const uint8_t *signer = bundle_get_signature(b)->keyid;
    memcpy(own.keyid, o->key->keyid, 8);
    memcpy(own.pk, o->key->sk + 32, 32); /* libsodium secret key: seed || public key */
    if (memcmp(signer, own.keyid, 8) == 0)
        pk = &own;
    else if (o->pubkey && memcmp(signer, o->pubkey->keyid, 8) == 0)
        pk = o->pubkey;
    st = bundle_verify(b, pk, err);
    bundle_close(b);
    if (st) {
        char msg[QUIRE_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        return quire_err_set(err, st, "%s%s%s: refused, nothing published",
                             strstr(msg, quire_basename(path)) ? "" : path,
                             strstr(msg, quire_basename(path)) ? "" : ": ", msg);
    }
    return QUIRE_OK;
}

/* Loads the existing index of out_dir, or starts an empty one. */
static enum quire_status load_previous(const char *dir, struct sync_index **idx,
                                       struct quire_err *err)
{
    char path[2048], *json = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, SYNC_INDEX_FILE);
    *idx = NULL;
    if (quire_file_exists(path)) {
        enum quire_status st = quire_file_read(path, QUIRE_INDEX_MAX_BYTES, &json, &len, err);
        if (!st)
            st = sync_index_parse(json, len, path, idx, err);
        quire_free(json);
        return st;
    }
    *idx = quire_calloc(1, sizeof **idx);
    if (!*idx)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    (*idx)->sequence = -1;
    return QUIRE_OK;
}

enum quire_status sync_publish_prepare(const char *out_dir, const struct minisign_seckey *key,
                                       int64_t now, int64_t *next_sequence, struct quire_err *err)
{
    struct sync_index *idx = NULL;
    enum quire_status st = load_previous(out_dir, &idx, err);
    if (st)
        return st;
    char own[17];
    minisign_keyid_hex(key->keyid, own);
    if (idx->keyid[0] && strcmp(idx->keyid, own) != 0)
        st = quire_err_set(err, QUIRE_EUNTRUSTED,
                           "%s/%s: the repository is signed by key %s, not by this key (%s): "
                           "refused, nothing published",
                           out_dir, SYNC_INDEX_FILE, idx->keyid, own);
    *next_sequence = idx->sequence + 1 > now ? idx->sequence + 1 : now;
    sync_index_free(idx);
    return st;
}

/* Retention: takes the bundles created before the cut out of the index (never one this run
 * adds) and names their files in *gone (heap, freed by the caller) for deletion once the new
 * index is written: a mirror must never list a file it no longer holds. */
static enum quire_status apply_keep(const struct sync_publish_opts *o, struct sync_index *idx,
                                    int64_t now, char ***gone, size_t *n_gone)
{
    *gone = NULL;
    *n_gone = 0;
    if (o->keep_days <= 0 || idx->n_bundles == 0)
        return QUIRE_OK;
    int64_t cut = now - o->keep_days * 86400;
    *gone = quire_calloc(idx->n_bundles, sizeof **gone);
    if (!*gone)
        return QUIRE_ENOMEM;
    size_t kept = 0;
    for (size_t i = 0; i < idx->n_bundles; i++) {
        struct sync_index_entry *e = &idx->bundles[i];
        bool is_new = false;
        for (size_t j = 0; j < o->n_bundles && !is_new; j++)
            is_new = strcmp(quire_basename(o->bundles[j]), e->file) == 0;
        if (is_new || e->created >= cut) {
            idx->bundles[kept++] = *e;
            continue;
        }
        (*gone)[(*n_gone)++] = e->file;
        e->file = NULL;
        entry_free_fields(e);
    }
    idx->n_bundles = kept;
    return QUIRE_OK;
}

static void delete_gone(const char *dir, char **gone, size_t n, bool do_delete)
{
    for (size_t i = 0; i < n; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, gone[i]);
        if (do_delete)
            remove(path); /* already out of the index: a file left behind harms no reader */
        quire_free(gone[i]);
    }
    quire_free(gone);
}

static enum quire_status write_signed(const struct sync_publish_opts *o,
                                      const struct sync_index *idx, struct quire_err *err)
{
    char *json = NULL, *sig = NULL, path[2048], comment[128];
    size_t len = 0;
    snprintf(comment, sizeof comment, "quire-index sequence:%lld", (long long)idx->sequence);
    enum quire_status st = sync_index_write(idx, &json, &len, err);
    if (!st)
        st = minisign_sign(o->key, json, len, comment, &sig, err);
    if (!st) {
        snprintf(path, sizeof path, "%s/%s", o->out_dir, SYNC_INDEX_SIG_FILE);
        st = quire_file_write_atomic(path, sig, strlen(sig), err);
    }
    if (!st) {
        snprintf(path, sizeof path, "%s/%s", o->out_dir, SYNC_INDEX_FILE);
        st = quire_file_write_atomic(path, json, len, err);
    }
    quire_free(json);
    quire_free(sig);
    return st;
}

enum quire_status sync_publish(const struct sync_publish_opts *o, size_t *n_listed,
                               struct quire_err *err)
{
    struct sync_index *idx = NULL;
    size_t cap;
    int64_t now = o->now ? o->now : quire_now();
    enum quire_status st = QUIRE_OK;
    for (size_t i = 0; i < o->n_bundles && !st; i++) /* all checked before anything is written */
        st = verify_bundle(o, o->bundles[i], err);
    if (st || (st = quire_mkdir_p(o->out_dir, err)) || (st = load_previous(o->out_dir, &idx, err)))
        return st;
    if (o->sequence > 0 && o->sequence <= idx->sequence) { /* readers would refuse it as a replay */
        st = quire_err_set(err, QUIRE_ESTALE,
                           "%s/%s: sequence %lld is not above the published sequence %lld: "
                           "refused",
                           o->out_dir, SYNC_INDEX_FILE, (long long)o->sequence,
                           (long long)idx->sequence);
        sync_index_free(idx);
        return st;
    }
    cap = idx->n_bundles;
    char **gone = NULL;
    size_t n_gone = 0;
    for (size_t i = 0; i < o->n_bundles && !st; i++)
        st = add_bundle(o, idx, &cap, o->bundles[i], err);
    if (!st && apply_keep(o, idx, now, &gone, &n_gone))
        st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (!st) {
        int64_t prev = idx->sequence;
        idx->version = SYNC_INDEX_VERSION;
        idx->is_relay = false;
        minisign_keyid_hex(o->key->keyid, idx->keyid);
        if (!idx->publisher && idx->n_bundles && idx->bundles[0].publisher)
            idx->publisher = quire_strdup(idx->bundles[0].publisher);
        if (!idx->publisher)
            idx->publisher = quire_strdup(idx->keyid);
        idx->sequence = o->sequence > 0 ? o->sequence : (prev + 1 > now ? prev + 1 : now);
        idx->created = now;
        idx->valid_until =
            now + 86400 * (o->valid_days > 0 ? o->valid_days : QUIRE_INDEX_VALID_DAYS);
        st = idx->publisher ? write_signed(o, idx, err)
                            : quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    if (!st && o->n_dropped)
        *o->n_dropped = n_gone;
    delete_gone(o->out_dir, gone, n_gone, !st); /* failed: the old index stands, files too */
    if (n_listed)
        *n_listed = idx->n_bundles;
    sync_index_free(idx);
    return st;
}
