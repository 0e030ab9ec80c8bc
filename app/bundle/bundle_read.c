/* bundle_read: opening, checking and verifying a bundle (or any EPUB) with libzip.
 * Order in bundle_open: size cap, SHA-256 of the file, the zip's central directory, then every
 * entry's path, declared size and compression ratio, all before a byte is inflated; then the
 * manifest and signature (or a manifest synthesised from the OPF for plain EPUBs).
 * Invariant: every inflation goes through entry_stream(), which enforces the cap on ACTUAL
 * inflated bytes (declared sizes can lie) and the running total for the whole bundle. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sodium.h>
#include <zip.h>

#include "bundle_internal.h"
#include "config.h"

/* Entries smaller than this are never called zip bombs, however well they compress. */
#define RATIO_MIN_BYTES QUIRE_BUNDLE_RATIO_MIN_BYTES

struct bundle {
    char *path;
    zip_t *za;
    struct bundle_manifest *m;
    char *manifest_raw; /* NULL for a synthesised manifest */
    size_t manifest_len;
    bool has_sig;
    struct minisign_sig sig;
    char sha256[65];
    uint64_t size;
    uint64_t inflated; /* actual bytes inflated so far, capped by QUIRE_BUNDLE_MAX_TOTAL_BYTES */
    bool *checked;     /* per manifest file: already matched by bundle_check_entry */
};

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

/* ---- opening the zip ---- */

static bool starts_like_zip(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    return n == 4 && memcmp(magic, "PK\x03\x04", 4) == 0;
}

static enum quire_status zip_open_checked(const char *path, int flags, zip_t **za,
                                          struct quire_err *err)
{
    int ze = 0;
    *za = zip_open(path, flags, &ze);
    if (*za)
        return QUIRE_OK;
    switch (ze) {
    case ZIP_ER_NOZIP:
        if (starts_like_zip(path))
            return quire_err_set(err, QUIRE_EFORMAT,
                                 "%s: truncated zip file (no central directory)", path);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not a zip file", path);
    case ZIP_ER_INCONS:
        return quire_err_set(err, QUIRE_EFORMAT, "%s: truncated or inconsistent zip file", path);
    case ZIP_ER_NOENT:
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: no such file", path);
    case ZIP_ER_MEMORY:
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    default: {
        zip_error_t e;
        zip_error_init_with_code(&e, ze);
        enum quire_status rc =
            quire_err_set(err, QUIRE_EIO, "%s: cannot open (%s)", path, zip_error_strerror(&e));
        zip_error_fini(&e);
        return rc;
    }
    }
}

static size_t entry_cap(const char *name)
{
    if (strcmp(name, BUNDLE_MANIFEST_PATH) == 0)
        return QUIRE_MANIFEST_MAX_BYTES;
    if (strcmp(name, BUNDLE_SIGNATURE_PATH) == 0)
        return QUIRE_SIGNATURE_MAX_BYTES;
    return QUIRE_BUNDLE_MAX_ENTRY_BYTES;
}

/* One entry's path, method and declared sizes. */
static enum quire_status check_entry(bundle *b, zip_uint64_t i, uint64_t *total, const char **name,
                                     struct quire_err *err)
{
    zip_stat_t st;
    if (zip_stat_index(b->za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: entry %lu is damaged", b->path,
                             (unsigned long)i);
    *name = st.name;
    const char *why = bundle_path_problem(st.name, strlen(st.name));
    if (why)
        return quire_err_set(err, QUIRE_EUNSAFE, "%s: entry '%.200s' %s", b->path, st.name, why);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return quire_err_set(err, QUIRE_EUNSUPPORTED, "%s: entry '%s' is encrypted", b->path,
                             st.name);
    if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0))
        return quire_err_set(err, QUIRE_EUNSUPPORTED,
                             "%s: entry '%s' uses an unsupported compression method", b->path,
                             st.name);
    size_t cap = entry_cap(st.name);
    if (st.size > cap)
        return quire_err_set(err, QUIRE_ETOOBIG,
                             "%s: entry '%s' would inflate to %llu bytes, over the limit of %zu",
                             b->path, st.name, (unsigned long long)st.size, cap);
    uint64_t comp = st.comp_size ? st.comp_size : 1;
    if (st.size >= RATIO_MIN_BYTES && st.size / comp > QUIRE_BUNDLE_MAX_RATIO)
        return quire_err_set(err, QUIRE_ETOOBIG,
                             "%s: entry '%s' compresses %llu:1, over the limit of %d:1 "
                             "(zip bomb)",
                             b->path, st.name, (unsigned long long)(st.size / comp),
                             QUIRE_BUNDLE_MAX_RATIO);
    *total += st.size;
    if (*total > (uint64_t)QUIRE_BUNDLE_MAX_TOTAL_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG,
                             "%s: entries would inflate to more than %ld bytes in all", b->path,
                             (long)QUIRE_BUNDLE_MAX_TOTAL_BYTES);
    return QUIRE_OK;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* libzip hands out names as C strings, cut at the first NUL: "a\0../x" would pass as "a".
 * So the raw central directory is walked once for names with a NUL byte in them. A directory
 * libzip accepted is well-formed; anything odd here (zip64) is left to libzip's view. */
static enum quire_status check_raw_names(bundle *b, struct quire_err *err)
{
    FILE *f = fopen(b->path, "rb");
    if (!f)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", b->path, strerror(errno));
    enum { TAIL = 65557 }; /* end of central directory record + the longest comment */
    long size = (long)b->size, n = size < TAIL ? size : TAIL;
    enum quire_status rc = QUIRE_OK;
    unsigned char *cd = NULL, *tail = quire_malloc(TAIL);
    if (!tail) {
        fclose(f);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
    }
    if (fseek(f, size - n, SEEK_SET) != 0 || fread(tail, 1, (size_t)n, f) != (size_t)n)
        goto out;
    long e = n - 22;
    while (e >= 0 && le32(tail + e) != 0x06054b50)
        e--;
    if (e < 0)
        goto out;
    uint32_t cd_size = le32(tail + e + 12), cd_off = le32(tail + e + 16);
    if (cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu || (uint64_t)cd_off + cd_size > b->size)
        goto out;
    if (!(cd = quire_malloc(cd_size ? cd_size : 1))) {
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
        goto out;
    }
    if (fseek(f, (long)cd_off, SEEK_SET) != 0 || fread(cd, 1, cd_size, f) != cd_size)
        goto out;
    for (size_t p = 0; p + 46 <= cd_size && le32(cd + p) == 0x02014b50;) {
        size_t nlen = le16(cd + p + 28), rest = (size_t)le16(cd + p + 30) + le16(cd + p + 32);
        if (p + 46 + nlen > cd_size)
            break;
        if (memchr(cd + p + 46, '\0', nlen)) {
            rc = quire_err_set(err, QUIRE_EUNSAFE, "%s: entry '%.*s' has a NUL byte in its path",
                               b->path, (int)strnlen((const char *)cd + p + 46, nlen),
                               (const char *)cd + p + 46);
            break;
        }
        p += 46 + nlen + rest;
    }
out:
    quire_free(cd);
    quire_free(tail);
    fclose(f);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every entry, before anything is inflated; also no name twice (readers would disagree). */
static enum quire_status check_entries(bundle *b, struct quire_err *err)
{
    zip_int64_t n = zip_get_num_entries(b->za, 0);
    if (n <= 0)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: empty zip file", b->path);
    if (n > QUIRE_BUNDLE_MAX_ENTRIES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: %lld entries, over the limit of %d", b->path,
                             (long long)n, QUIRE_BUNDLE_MAX_ENTRIES);
    const char **names = quire_calloc((size_t)n, sizeof *names);
    if (!names)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", b->path);
    uint64_t total = 0;
    enum quire_status rc = QUIRE_OK;
    for (zip_int64_t i = 0; i < n && !rc; i++)
        rc = check_entry(b, (zip_uint64_t)i, &total, &names[i], err);
    if (!rc) {
        qsort(names, (size_t)n, sizeof *names, cmp_str);
        for (zip_int64_t i = 1; i < n && !rc; i++)
            if (strcmp(names[i - 1], names[i]) == 0)
                rc = quire_err_set(err, QUIRE_EUNSAFE, "%s: entry '%s' appears twice", b->path,
                                   names[i]);
    }
    quire_free(names);
    return rc;
}

/* ---- reading entries ---- */

typedef enum quire_status (*chunk_fn)(void *ctx, const void *data, size_t n);

/* Inflates one entry through fn, enforcing cap and the bundle's total on actual bytes. */
static enum quire_status entry_stream(bundle *b, const char *path, size_t cap, chunk_fn fn,
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
    enum quire_status rc = entry_stream(b, path, cap, chunk_to_buf, &buf, NULL, err);
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
        rc = zip_open_checked(path, ZIP_RDONLY | ZIP_CHECKCONS, &b->za, err);
    if (!rc)
        rc = check_raw_names(b, err);
    if (!rc)
        rc = check_entries(b, err);
    if (!rc)
        rc = load_manifest(b, err);
    if (rc) {
        bundle_close(b);
        return rc;
    }
    *out = b;
    return QUIRE_OK;
}

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
        entry_stream(b, f->path, QUIRE_BUNDLE_MAX_ENTRY_BYTES, chunk_to_hash, h, &size, err);
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
    qsort(paths, n, sizeof *paths, cmp_str);
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
    enum quire_status rc = zip_open_checked(path, ZIP_CHECKCONS, &za, err);
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
    enum quire_status rc = zip_open_checked(path, ZIP_RDONLY | ZIP_CHECKCONS, &za, err);
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
