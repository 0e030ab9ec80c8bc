/* bundle_verify: trusting a bundle: its manifest's minisign signature against a publisher
 * key, then every listed file's size and SHA-256 (files the importer already hashed while
 * reading them are not inflated again), and no entry left unlisted. Also signing a bundle in
 * place (bundle_sign, bundle_set_signature). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "bundle_internal.h"
#include "config.h"

/* ---- verification ---- */

static enum quire_status chunk_to_hash(void *ctx, const void *data, size_t n)
{
    quire_sha256_update(ctx, data, n);
    return QUIRE_OK;
}

/* Compares what was read of a listed file with the manifest's size and SHA-256. */
static enum quire_status match_file(const bundle *b, const struct bundle_file_meta *f,
                                    uint64_t size, const uint8_t digest[32], struct quire_err *err)
{
    char hex[65];
    quire_hex_encode(digest, 32, hex);
    if (size != f->size)
        return quire_err_set(err, QUIRE_EHASH, "%s: file '%s' is %llu bytes, listed as %llu",
                             b->path, f->path, (unsigned long long)size,
                             (unsigned long long)f->size);
    if (strcmp(hex, f->sha256) != 0)
        return quire_err_set(err, QUIRE_EHASH, "%s: file '%s' does not match its SHA-256", b->path,
                             f->path);
    return QUIRE_OK;
}

static enum quire_status verify_file(bundle *b, const struct bundle_file_meta *f,
                                     struct quire_err *err)
{
    quire_sha256 *h = quire_sha256_new();
    if (!h)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
    uint64_t size = 0;
    enum quire_status rc =
        bundle_entry_stream(b, f->path, QUIRE_BUNDLE_MAX_ENTRY_BYTES, chunk_to_hash, h, &size, err);
    uint8_t digest[32];
    bool hashed = !rc && quire_sha256_final(h, digest);
    quire_sha256_free(h);
    if (rc == QUIRE_ENOTFOUND)
        return quire_err_set(err, QUIRE_EHASH, "%s: listed file '%s' is missing", b->path, f->path);
    if (rc)
        return rc;
    if (!hashed)
        return quire_err_set(err, QUIRE_EIO, "%s: cannot hash file '%s'", b->path, f->path);
    return match_file(b, f, size, digest, err);
}

enum quire_status bundle_check_entry(bundle *b, const struct bundle_file_meta *f, const void *data,
                                     size_t len, struct quire_err *err)
{
    if (!b->m || f < b->m->files || f >= b->m->files + b->m->n_files)
        return quire_err_set(err, QUIRE_EINVAL, "%s: file '%s' is not in its manifest", b->path,
                             f->path);
    if (!b->checked && !(b->checked = quire_calloc(b->m->n_files, sizeof *b->checked)))
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
    uint8_t digest[32];
    if (!quire_sha256_digest(data, len, digest))
        return quire_err_set(err, QUIRE_EIO, "%s: cannot hash file '%s'", b->path, f->path);
    enum quire_status rc = match_file(b, f, len, digest, err);
    if (!rc)
        b->checked[f - b->m->files] = true;
    return rc;
}

static int cmp_file_path(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* Every zip entry but manifest, signature and directories must be listed. */
static enum quire_status verify_no_unlisted(bundle *b, struct quire_err *err)
{
    size_t n = b->m->n_files;
    const char **paths = quire_calloc(n ? n : 1, sizeof *paths);
    if (!paths)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
    for (size_t i = 0; i < n; i++)
        paths[i] = b->m->files[i].path;
    qsort(paths, n, sizeof *paths, bundle_cmp_str);
    enum quire_status rc = QUIRE_OK;
    zip_int64_t count = zip_get_num_entries(b->za, 0);
    for (zip_int64_t i = 0; i < count && !rc; i++) {
        const char *name = zip_get_name(b->za, (zip_uint64_t)i, 0);
        if (!name || strcmp(name, BUNDLE_MANIFEST_PATH) == 0 ||
            strcmp(name, BUNDLE_SIGNATURE_PATH) == 0 || name[strlen(name) - 1] == '/')
            continue;
        if (!bsearch(name, paths, n, sizeof *paths, cmp_file_path))
            rc = quire_err_set(err, QUIRE_EHASH, "%s: entry '%s' is not listed in the manifest",
                               b->path, name);
    }
    quire_free(paths);
    return rc;
}

static enum quire_status verify_signature(bundle *b, const struct minisign_pubkey *pk,
                                          struct quire_err *err)
{
    if (memcmp(pk->keyid, b->sig.keyid, 8) != 0) {
        char have[17], want[17];
        minisign_keyid_hex(b->sig.keyid, have);
        minisign_keyid_hex(pk->keyid, want);
        return quire_err_set(err, QUIRE_EUNTRUSTED, "%s: signed by key %s, not by key %s", b->path,
                             have, want);
    }
    enum quire_status rc = minisign_verify(pk, &b->sig, b->manifest_raw, b->manifest_len, err);
    if (rc) {
        quire_err_prefix(err, b->path);
        return rc;
    }
    int64_t seq;
    if (bundle_trusted_comment_sequence(b->sig.trusted_comment, &seq) && seq != b->m->sequence)
        return quire_err_set(err, QUIRE_ESIGNATURE,
                             "%s: signature is for sequence %lld, the manifest says %lld", b->path,
                             (long long)seq, (long long)b->m->sequence);
    return QUIRE_OK;
}

/* A Quire manifest and a signature of it are both present. */
static enum quire_status require_signed(const bundle *b, struct quire_err *err)
{
    if (!b->manifest_raw)
        return quire_err_set(err, QUIRE_ESIGNATURE, "%s: not a signed bundle (no %s)", b->path,
                             BUNDLE_MANIFEST_PATH);
    if (!b->has_sig)
        return quire_err_set(err, QUIRE_ESIGNATURE, "%s: manifest is not signed (no %s)", b->path,
                             BUNDLE_SIGNATURE_PATH);
    return QUIRE_OK;
}

enum quire_status bundle_verify_signature(bundle *b, const struct minisign_pubkey *pk,
                                          struct quire_err *err)
{
    enum quire_status rc = require_signed(b, err);
    return rc ? rc : verify_signature(b, pk, err);
}

enum quire_status bundle_verify(bundle *b, const struct minisign_pubkey *pk, struct quire_err *err)
{
    enum quire_status rc = require_signed(b, err);
    if (!rc && pk)
        rc = verify_signature(b, pk, err);
    for (size_t i = 0; !rc && i < b->m->n_files; i++)
        if (!b->checked || !b->checked[i])
            rc = verify_file(b, &b->m->files[i], err);
    if (!rc)
        rc = verify_no_unlisted(b, err);
    return rc;
}

/* ---- signing in place ---- */

/* Adds or replaces the signature entry; libzip writes a temp file and renames it over path. */
static enum quire_status store_signature(const char *path, const char *sig_text,
                                         struct quire_err *err)
{
    zip_t *za;
    enum quire_status rc = bundle_zip_open(path, ZIP_CHECKCONS, &za, err);
    if (rc)
        return rc;
    if (zip_name_locate(za, BUNDLE_MANIFEST_PATH, 0) < 0) {
        zip_discard(za);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: no manifest to sign (%s)", path,
                             BUNDLE_MANIFEST_PATH);
    }
    size_t n = strlen(sig_text);
    char *copy = malloc(n ? n : 1); /* libzip frees it with free() */
    zip_source_t *src = copy ? zip_source_buffer(za, copy, n, 1) : NULL;
    if (copy)
        memcpy(copy, sig_text, n);
    if (!src) {
        free(copy);
        zip_discard(za);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    }
    zip_int64_t idx =
        zip_file_add(za, BUNDLE_SIGNATURE_PATH, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        rc = quire_err_set(err, QUIRE_EIO, "%s: %s", path, zip_strerror(za));
        zip_discard(za);
        return rc;
    }
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    if (zip_close(za) != 0) {
        rc = quire_err_set(err, QUIRE_EIO, "%s: cannot write (%s)", path, zip_strerror(za));
        zip_discard(za);
    }
    return rc;
}

enum quire_status bundle_set_signature(const char *path, const char *sig_text,
                                       struct quire_err *err)
{
    struct minisign_sig sig;
    enum quire_status rc = minisign_sig_parse(sig_text, strlen(sig_text), &sig, err);
    if (rc) {
        quire_err_prefix(err, "signature");
        return rc;
    }
    return store_signature(path, sig_text, err);
}

/* Reads the raw manifest without validating it beyond the JSON fields the comment needs. */
static enum quire_status comment_from_raw(const char *path, const char *raw, size_t n, char *tc,
                                          size_t tcn, struct quire_err *err)
{
    struct bundle_manifest *m = NULL;
    struct quire_err perr;
    if (bundle_manifest_parse(raw, n, &m, &perr) == QUIRE_OK) {
        enum quire_status rc = bundle_trusted_comment(m, tc, tcn);
        bundle_manifest_free(m);
        return rc ? quire_err_set(err, rc, "%s: publisher or id too long", path) : QUIRE_OK;
    }
    /* An invalid manifest is still signed as it is (readers reject it): a plain comment. */
    snprintf(tc, tcn, "timestamp:%lld file:manifest.json", (long long)quire_now());
    return QUIRE_OK;
}

enum quire_status bundle_sign(const char *path, const struct minisign_seckey *key,
                              struct quire_err *err)
{
    zip_t *za;
    enum quire_status rc = bundle_zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &za, err);
    if (rc)
        return rc;
    bundle tmp = {.path = (char *)path, .za = za};
    char *raw = NULL, *sig = NULL;
    size_t n = 0;
    char tc[MINISIGN_COMMENT_MAX];
    rc = bundle_read_raw(&tmp, BUNDLE_MANIFEST_PATH, QUIRE_MANIFEST_MAX_BYTES, &raw, &n, err);
    zip_discard(za);
    if (!rc)
        rc = comment_from_raw(path, raw, n, tc, sizeof tc, err);
    if (!rc)
        rc = minisign_sign(key, raw, n, tc, &sig, err);
    if (!rc)
        rc = store_signature(path, sig, err);
    quire_free(raw);
    quire_free(sig);
    return rc;
}
