/* bundle_zip: the container checks bundle_open runs before a single byte is inflated: libzip's
 * errors as clear messages (a truncated file, not a zip), then every entry's path, encryption,
 * method, declared size and compression ratio against the caps in config.h, no name twice,
 * and no NUL byte hidden in a raw name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "bundle_internal.h"
#include "config.h"

/* Entries smaller than this are never called zip bombs, however well they compress. */
#define RATIO_MIN_BYTES QUIRE_BUNDLE_RATIO_MIN_BYTES

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

enum quire_status bundle_zip_open(const char *path, int flags, zip_t **za, struct quire_err *err)
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
        qsort(names, (size_t)n, sizeof *names, bundle_cmp_str);
        for (zip_int64_t i = 1; i < n && !rc; i++)
            if (strcmp(names[i - 1], names[i]) == 0)
                rc = quire_err_set(err, QUIRE_EUNSAFE, "%s: entry '%s' appears twice", b->path,
                                   names[i]);
    }
    quire_free(names);
    return rc;
}

enum quire_status bundle_zip_check(bundle *b, struct quire_err *err)
{
    enum quire_status rc = check_raw_names(b, err);
    return rc ? rc : check_entries(b, err);
}
