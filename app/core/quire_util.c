/* quire_util: buffers with caps, whole-file I/O, hashing, UTF-8 checks, paths and time.
 * Sections: allocation hook; quire_buf; files; hashing and hex; UTF-8; paths; time. */
#include "quire_util.h"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- allocation hook ---- */

/* 0: never fail; n: the nth allocation from now fails. Atomic: the importer allocates from two
 * threads. */
static _Atomic long alloc_countdown;

static bool alloc_should_fail(void)
{
    if (alloc_countdown <= 0)
        return false;
    return --alloc_countdown == 0; /* atomic decrement; exactly one caller sees 0 */
}

void quire_alloc_fail_after(long n)
{
    alloc_countdown = n;
}

void *quire_malloc(size_t n)
{
    return alloc_should_fail() ? NULL : malloc(n ? n : 1);
}

void *quire_calloc(size_t n, size_t size)
{
    return alloc_should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *quire_realloc(void *p, size_t n)
{
    return alloc_should_fail() ? NULL : realloc(p, n ? n : 1);
}

void quire_free(void *p)
{
    free(p);
}

char *quire_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = quire_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ---- quire_buf ---- */

void quire_buf_init(struct quire_buf *b, size_t cap_limit)
{
    memset(b, 0, sizeof *b);
    b->cap_limit = cap_limit;
}

void quire_buf_fini(struct quire_buf *b)
{
    quire_free(b->data);
    memset(b, 0, sizeof *b);
}

static enum quire_status buf_reserve(struct quire_buf *b, size_t extra)
{
    if (extra > b->cap_limit || b->len > b->cap_limit - extra)
        return QUIRE_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return QUIRE_OK;
    size_t n = b->alloc ? b->alloc : 256;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    char *p = quire_realloc(b->data, n);
    if (!p)
        return QUIRE_ENOMEM;
    b->data = p;
    b->alloc = n;
    return QUIRE_OK;
}

enum quire_status quire_buf_append(struct quire_buf *b, const void *data, size_t n)
{
    enum quire_status rc = buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return QUIRE_OK;
}

enum quire_status quire_buf_puts(struct quire_buf *b, const char *s)
{
    return quire_buf_append(b, s, strlen(s));
}

enum quire_status quire_buf_printf(struct quire_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return QUIRE_EINVAL;
    enum quire_status rc = buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return QUIRE_OK;
}

/* Bytes of s[i..n) that XML 1.0 allows no document to hold (control characters but tab,
 * newline and return; U+FFFE and U+FFFF): 0 when s[i] starts an allowed character. */
static size_t xml_forbidden(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return 1;
    if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
        ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
        return 3;
    return 0;
}

enum quire_status quire_buf_put_xml(struct quire_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        size_t skip = xml_forbidden(s, i, n);
        if (skip) { /* left out: the output must stay a well-formed document */
            enum quire_status rc = quire_buf_append(b, s + start, i - start);
            if (rc)
                return rc;
            i += skip - 1;
            start = i + 1;
            continue;
        }
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        default:
            continue;
        }
        enum quire_status rc = quire_buf_append(b, s + start, i - start);
        if (!rc)
            rc = quire_buf_puts(b, rep);
        if (rc)
            return rc;
        start = i + 1;
    }
    return quire_buf_append(b, s + start, n - start);
}

char *quire_buf_steal(struct quire_buf *b, size_t *len)
{
    char *d = b->data;
    if (len)
        *len = b->len;
    if (!d)
        d = quire_calloc(1, 1);
    b->data = NULL;
    b->len = b->alloc = 0;
    return d;
}

/* ---- files ---- */

static enum quire_status errno_status(int e)
{
    switch (e) {
    case ENOENT:
        return QUIRE_ENOTFOUND;
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
        return QUIRE_ENOSPC;
    case ENOMEM:
        return QUIRE_ENOMEM;
    case EEXIST:
        return QUIRE_EEXIST;
    default:
        return QUIRE_EIO;
    }
}

enum quire_status quire_file_read(const char *path, size_t cap, char **out, size_t *len,
                                  struct quire_err *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return quire_err_set(err, errno_status(errno), "%s: %s", path, strerror(errno));
    struct quire_buf b;
    quire_buf_init(&b, cap);
    char chunk[65536];
    enum quire_status rc = QUIRE_OK;
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = quire_buf_append(&b, chunk, n);
        if (rc)
            break;
    }
    if (!rc && ferror(f))
        rc = QUIRE_EIO;
    fclose(f);
    if (rc) {
        quire_buf_fini(&b);
        if (rc == QUIRE_ETOOBIG)
            return quire_err_set(err, rc, "%s: larger than the limit of %zu bytes", path, cap);
        return quire_err_set(err, rc, "%s: %s", path, quire_strerror(rc));
    }
    *out = quire_buf_steal(&b, len);
    return *out ? QUIRE_OK : quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
}

enum quire_status quire_file_write_atomic(const char *path, const void *data, size_t len,
                                          struct quire_err *err)
{
    size_t plen = strlen(path);
    char *tmp = quire_malloc(plen + 16);
    if (!tmp)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    snprintf(tmp, plen + 16, "%s.tmp%ld", path, (long)getpid());
    enum quire_status rc = QUIRE_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = quire_err_set(err, errno_status(errno), "%s: %s", path, strerror(errno));
        goto out;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            rc = quire_err_set(err, errno_status(errno), "%s: %s", path, strerror(errno));
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (!rc && fsync(fd) != 0)
        rc = quire_err_set(err, errno_status(errno), "%s: %s", path, strerror(errno));
    close(fd);
    if (!rc && rename(tmp, path) != 0)
        rc = quire_err_set(err, errno_status(errno), "%s: %s", path, strerror(errno));
    if (rc)
        unlink(tmp);
out:
    quire_free(tmp);
    return rc;
}

enum quire_status quire_file_copy_atomic(const char *src, const char *dst,
                                         const char *expect_sha256, struct quire_err *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", dst, (long)getpid()) >= (int)sizeof tmp)
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", dst);
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", src, strerror(errno));
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        close(in);
        return quire_err_set(err, QUIRE_EIO, "%s: %s", tmp, strerror(errno));
    }
    enum quire_status rc = QUIRE_OK;
    quire_sha256 *h = NULL;
    if (expect_sha256 && !(h = quire_sha256_new()))
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", src);
    char buf[65536];
    ssize_t n;
    while (!rc && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = quire_err_set(err, QUIRE_EIO, "%s: %s", src, strerror(errno));
        else if (h)
            quire_sha256_update(h, buf, (size_t)n);
        for (ssize_t done = 0; !rc && done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR)
                rc =
                    quire_err_set(err, errno == ENOSPC || errno == EFBIG ? QUIRE_ENOSPC : QUIRE_EIO,
                                  "%s: %s", dst, strerror(errno));
            done += w > 0 ? w : 0;
        }
    }
    if (!rc && h) {
        uint8_t digest[32];
        char hex[65];
        bool hashed = quire_sha256_final(h, digest);
        quire_hex_encode(digest, sizeof digest, hex);
        if (!hashed || strcmp(hex, expect_sha256) != 0)
            rc = quire_err_set(err, QUIRE_EHASH, "%s: changed since it was verified", src);
    }
    quire_sha256_free(h);
    if (!rc && fsync(out) != 0)
        rc = quire_err_set(err, QUIRE_EIO, "%s: %s", dst, strerror(errno));
    close(in);
    close(out);
    if (!rc && rename(tmp, dst) != 0)
        rc = quire_err_set(err, QUIRE_EIO, "%s: %s", dst, strerror(errno));
    if (rc)
        unlink(tmp);
    return rc;
}

bool quire_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool quire_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

enum quire_status quire_mkdir_p(const char *path, struct quire_err *err)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return quire_err_set(err, errno_status(errno), "%s: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return quire_err_set(err, errno_status(errno), "%s: %s", buf, strerror(errno));
    return QUIRE_OK;
}

/* ---- hashing and hex ---- */

void quire_hex_encode(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool quire_hex_decode(const char *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(in[2 * i]);
        int lo = hi < 0 ? -1 : hex_value(in[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return in[2 * n] == '\0';
}

struct quire_sha256 {
    EVP_MD_CTX *ctx;
    bool failed;
};

quire_sha256 *quire_sha256_new(void)
{
    quire_sha256 *h = quire_calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx) {
        quire_free(h);
        return NULL;
    }
    h->failed = EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1;
    return h;
}

void quire_sha256_update(quire_sha256 *h, const void *data, size_t n)
{
    if (!h->failed && n && EVP_DigestUpdate(h->ctx, data, n) != 1)
        h->failed = true;
}

bool quire_sha256_final(quire_sha256 *h, uint8_t digest[32])
{
    unsigned int len = 0;
    bool ok = !h->failed && EVP_DigestFinal_ex(h->ctx, digest, &len) == 1 && len == 32;
    h->failed = EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1;
    return ok;
}

void quire_sha256_free(quire_sha256 *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->ctx);
    quire_free(h);
}

bool quire_sha256_digest(const void *data, size_t len, uint8_t digest[32])
{
    unsigned int n = 0;
    return EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL) == 1 && n == 32;
}

void quire_sha256_hex(const void *data, size_t len, char out[65])
{
    uint8_t digest[32];
    /* Hashing memory only fails if OpenSSL cannot allocate its context; an all-zero digest
     * then matches nothing, so a check against it fails safe. */
    if (!quire_sha256_digest(data, len, digest))
        memset(digest, 0, sizeof digest);
    quire_hex_encode(digest, sizeof digest, out);
}

enum quire_status quire_sha256_file(const char *path, char out[65], uint64_t *size,
                                    struct quire_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return quire_err_set(err, errno_status(errno), "%s: %s", path, strerror(errno));
    quire_sha256 *h = quire_sha256_new();
    if (!h) {
        fclose(f);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", path);
    }
    uint8_t chunk[65536];
    uint64_t total = 0;
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        quire_sha256_update(h, chunk, n);
        total += n;
    }
    bool failed = ferror(f);
    fclose(f);
    uint8_t digest[32];
    bool hashed = quire_sha256_final(h, digest);
    quire_sha256_free(h);
    if (failed)
        return quire_err_set(err, QUIRE_EIO, "%s: read error", path);
    if (!hashed)
        return quire_err_set(err, QUIRE_EIO, "%s: cannot compute its SHA-256", path);
    quire_hex_encode(digest, sizeof digest, out);
    if (size)
        *size = total;
    return QUIRE_OK;
}

/* ---- UTF-8 ---- */

bool quire_utf8_valid(const char *str, size_t n, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t need;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            /* ASCII eight bytes at a time: markup and Latin text are mostly ASCII. */
            uint64_t w;
            while (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull)))
                i += 8;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            goto bad;
        }
        if (i + need >= n)
            goto bad;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += need + 1;
    }
    return true;
bad:
    if (bad_offset)
        *bad_offset = i;
    return false;
}

bool quire_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    /* strtoll alone would take " 5" and "+5"; only digits with an optional minus pass. */
    if (!s || !(*s == '-' || (*s >= '0' && *s <= '9')))
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno == ERANGE || v < lo || v > hi)
        return false;
    *out = (int64_t)v;
    return true;
}

bool quire_parse_int(const char *s, int lo, int hi, int *out)
{
    int64_t v;
    if (!quire_parse_i64(s, lo, hi, &v))
        return false;
    *out = (int)v;
    return true;
}

size_t quire_utf8_put(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* ---- paths ---- */

enum quire_status quire_default_db_path(char *out, size_t outlen)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    int n;
    if (xdg && *xdg) {
        n = snprintf(out, outlen, "%s/quire/%s", xdg, QUIRE_DB_FILENAME);
    } else {
        const char *home = getenv("HOME");
        n = snprintf(out, outlen, "%s/.local/share/quire/%s", home && *home ? home : ".",
                     QUIRE_DB_FILENAME);
    }
    return n < 0 || (size_t)n >= outlen ? QUIRE_EINVAL : QUIRE_OK;
}

const char *quire_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- time ---- */

int64_t quire_now(void)
{
    return (int64_t)time(NULL);
}

bool quire_plain_name(const char *s)
{
    for (; *s; s++)
        if (!(*s == '-' || *s == '_' || *s == '.' || (*s >= '0' && *s <= '9') ||
              (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            return false;
    return true;
}

double quire_mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void quire_time_format(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Reads exactly n decimal digits. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parses the zone after the seconds: "Z", or "+hh:mm"/"-hh:mm"; *offset in seconds east. */
static bool read_zone(const char *p, int64_t *offset)
{
    int oh, om;
    if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0') {
        *offset = 0;
        return true;
    }
    if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || p[3] != ':' ||
        !read_digits(p + 1, 2, &oh) || !read_digits(p + 4, 2, &om) || oh > 23 || om > 59)
        return false;
    *offset = (p[0] == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* The time part after the date: "Thh:mm:ss[.frac](Z|+hh:mm|-hh:mm)"; adds it to *out. */
static bool read_time_of_day(const char *s, int64_t *seconds, int64_t *offset)
{
    int h, mi, sec;
    if ((s[0] != 'T' && s[0] != 't') || !read_digits(s + 1, 2, &h) || s[3] != ':' ||
        !read_digits(s + 4, 2, &mi) || s[6] != ':' || !read_digits(s + 7, 2, &sec) || h > 23 ||
        mi > 59 || sec > 60)
        return false;
    const char *p = s + 9;
    if (*p == '.') { /* fractional seconds: 1 to 9 digits, dropped */
        const char *digits = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == digits || p - digits > 9)
            return false;
    }
    *seconds = h * 3600 + mi * 60 + (sec > 59 ? 59 : sec); /* a leap second reads as :59 */
    return read_zone(p, offset);
}

static bool parse_rfc3339(const char *s, bool allow_date_only, int64_t *out)
{
    int y, mo, d;
    int64_t seconds = 0, offset = 0;
    if (!read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &mo) || s[7] != '-' ||
        !read_digits(s + 8, 2, &d))
        return false;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return false;
    if (s[10] == '\0' ? !allow_date_only : !read_time_of_day(s + 10, &seconds, &offset))
        return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d};
    *out = (int64_t)timegm(&tm) + seconds - offset;
    return true;
}

bool quire_time_parse(const char *s, int64_t *out)
{
    return parse_rfc3339(s, true, out);
}

bool quire_datetime_parse(const char *s, int64_t *out)
{
    return parse_rfc3339(s, false, out);
}
