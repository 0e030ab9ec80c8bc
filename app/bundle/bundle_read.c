/* bundle_read: the bundle handle: opening a bundle (or any EPUB), its accessors, and reading
 * its entries with libzip. Order in bundle_open: size cap, SHA-256 of the file, the zip's
 * central directory, then every entry's path, declared size and compression ratio, all before
 * a byte is inflated (bundle_zip.c); then the manifest and signature (or a manifest
 * synthesised from the OPF for plain EPUBs). Verification and signing are in bundle_verify.c.
 * Invariant: every inflation goes through bundle_entry_stream(), which enforces the cap on
 * ACTUAL inflated bytes (declared sizes can lie) and the running total for the whole bundle. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "bundle_internal.h"
#include "config.h"

const char *bundle_name(const bundle *b)
{
    return b->path;
}

size_t bundle_entry_count(const bundle *b)
{
    zip_int64_t n = zip_get_num_entries(b->za, 0);
    return n > 0 ? (size_t)n : 0;
}

bool bundle_entry_info(const bundle *b, size_t i, const char **name, uint64_t *size)
{
    zip_stat_t st;
    if (zip_stat_index(b->za, i, 0, &st) != 0)
        return false;
    *name = st.name;
    *size = st.size;
    return true;
}

const struct bundle_manifest *bundle_get_manifest(const bundle *b)
{
    return b->m;
}

bool bundle_is_signed(const bundle *b)
{
    return b->manifest_raw && b->has_sig;
}

const struct minisign_sig *bundle_get_signature(const bundle *b)
{
    return bundle_is_signed(b) ? &b->sig : NULL;
}

const char *bundle_get_sha256(const bundle *b)
{
    return b->sha256;
}

uint64_t bundle_get_size(const bundle *b)
{
    return b->size;
}

const char *bundle_get_manifest_json(const bundle *b, size_t *len)
{
    if (len)
        *len = b->manifest_raw ? b->manifest_len : 0;
    return b->manifest_raw;
}

void bundle_close(bundle *b)
{
    if (!b)
        return;
    if (b->za)
        zip_discard(b->za);
    bundle_manifest_free(b->m);
    quire_free(b->manifest_raw);
    quire_free(b->checked);
    quire_free(b->path);
    quire_free(b);
}

/* ---- reading entries ---- */

enum quire_status bundle_entry_stream(bundle *b, const char *path, size_t cap, bundle_chunk_fn fn,
                                      void *ctx, uint64_t *out_size, struct quire_err *err)
{
    zip_int64_t idx = zip_name_locate(b->za, path, 0);
    zip_stat_t st;
    if (idx < 0 || zip_stat_index(b->za, (zip_uint64_t)idx, 0, &st) != 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no entry '%s'", b->path, path);
    if (st.size > cap)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: entry '%s' is larger than %zu bytes", b->path,
                             path, cap);
    zip_file_t *zf = zip_fopen_index(b->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: entry '%s' cannot be read (%s)", b->path,
                             path, zip_strerror(b->za));
    enum quire_status rc = QUIRE_OK;
    uint64_t got = 0;
    char chunk[65536];
    zip_int64_t r;
    while ((r = zip_fread(zf, chunk, sizeof chunk)) > 0) {
        got += (uint64_t)r;
        b->inflated += (uint64_t)r;
        if (got > cap || got > st.size) {
            rc = quire_err_set(err, QUIRE_ETOOBIG, "%s: entry '%s' inflates past %s (zip bomb)",
                               b->path, path, got > cap ? "the size limit" : "its declared size");
            break;
        }
        if (b->inflated > (uint64_t)QUIRE_BUNDLE_MAX_TOTAL_BYTES) {
            rc =
                quire_err_set(err, QUIRE_ETOOBIG, "%s: inflates past the bundle limit of %ld bytes",
                              b->path, (long)QUIRE_BUNDLE_MAX_TOTAL_BYTES);
            break;
        }
        if ((rc = fn(ctx, chunk, (size_t)r)))
            break;
    }
    if (!rc && r < 0)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: entry '%s' is damaged (%s)", b->path, path,
                           zip_file_strerror(zf));
    if (!rc && got != st.size)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: entry '%s' is truncated", b->path, path);
    zip_fclose(zf);
    if (out_size)
        *out_size = got;
    return rc;
}

static enum quire_status chunk_to_buf(void *ctx, const void *data, size_t n)
{
    return quire_buf_append(ctx, data, n);
}

enum quire_status bundle_read_raw(bundle *b, const char *path, size_t cap, char **data, size_t *len,
                                  struct quire_err *err)
{
    *data = NULL;
    if (len)
        *len = 0;
    struct quire_buf buf;
    quire_buf_init(&buf, cap);
    enum quire_status rc = bundle_entry_stream(b, path, cap, chunk_to_buf, &buf, NULL, err);
    if (rc == QUIRE_ENOMEM)
        quire_err_set(err, rc, "%s: out of memory reading '%s'", b->path, path);
    if (!rc && !(*data = quire_buf_steal(&buf, len)))
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
    quire_buf_fini(&buf);
    return rc;
}

enum quire_status bundle_read_entry(bundle *b, const char *path, size_t cap, char **data,
                                    size_t *len, struct quire_err *err)
{
    return bundle_read_raw(b, path, cap, data, len, err);
}

/* ---- manifest and signature ---- */

static enum quire_status load_signature(bundle *b, struct quire_err *err)
{
    char *text;
    size_t n;
    enum quire_status rc =
        bundle_read_raw(b, BUNDLE_SIGNATURE_PATH, QUIRE_SIGNATURE_MAX_BYTES, &text, &n, err);
    if (rc == QUIRE_ENOTFOUND)
        return QUIRE_OK; /* unsigned: bundle_verify says so */
    if (rc)
        return rc;
    rc = minisign_sig_parse(text, n, &b->sig, err);
    quire_free(text);
    if (rc) {
        quire_err_prefix(err, BUNDLE_SIGNATURE_PATH);
        quire_err_prefix(err, b->path);
        return rc == QUIRE_EUNSUPPORTED ? rc : QUIRE_ESIGNATURE;
    }
    b->has_sig = true;
    return QUIRE_OK;
}

static enum quire_status load_manifest(bundle *b, struct quire_err *err)
{
    enum quire_status rc = bundle_read_raw(b, BUNDLE_MANIFEST_PATH, QUIRE_MANIFEST_MAX_BYTES,
                                           &b->manifest_raw, &b->manifest_len, err);
    if (rc == QUIRE_ENOTFOUND) {
        if (zip_name_locate(b->za, BUNDLE_SIGNATURE_PATH, 0) >= 0)
            return quire_err_set(err, QUIRE_EFORMAT, "%s: has a signature but no manifest (%s)",
                                 b->path, BUNDLE_MANIFEST_PATH);
        return bundle_opf_synthesise(b, b->path, &b->m, err);
    }
    if (rc)
        return rc;
    rc = bundle_manifest_parse(b->manifest_raw, b->manifest_len, &b->m, err);
    if (rc) {
        quire_err_prefix(err, b->path);
        return rc;
    }
    return load_signature(b, err);
}

enum quire_status bundle_open(const char *path, bundle **out, struct quire_err *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return quire_err_set(err, errno == ENOENT ? QUIRE_ENOTFOUND : QUIRE_EIO, "%s: %s", path,
                             strerror(errno));
    if (!S_ISREG(st.st_mode))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not a regular file", path);
    if (st.st_size > QUIRE_BUNDLE_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than the limit of %ld bytes", path,
                             (long)QUIRE_BUNDLE_MAX_BYTES);
    bundle *b = quire_calloc(1, sizeof *b);
    if (!b || !(b->path = quire_strdup(path))) {
        quire_free(b);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    }
    enum quire_status rc = quire_sha256_file(path, b->sha256, &b->size, err);
    if (!rc)
        rc = bundle_zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &b->za, err);
    if (!rc)
        rc = bundle_zip_check(b, err);
    if (!rc)
        rc = load_manifest(b, err);
    if (rc) {
        bundle_close(b);
        return rc;
    }
    *out = b;
    return QUIRE_OK;
}
