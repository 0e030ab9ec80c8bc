/* quire_util: small helpers every module needs: a growable buffer with a hard cap, reading a
 * whole file under a cap, SHA-256 in hex, UTF-8 validation, directories and default paths,
 * and the allocation hook that lets tests fail the Nth allocation. */
#ifndef QUIRE_CORE_UTIL_H
#define QUIRE_CORE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

/* PRAGMA application_id of Quire's SQLite files, so each refuses the other's and any other
 * program's: a reader's library, 0x51756972 ("Quir" in ASCII), and a publisher's state file,
 * 0x51707562 ("Qpub"). Decimal, so SQL can spell the same numbers. */
#define QUIRE_LIBRARY_APP_ID   1366649202
#define QUIRE_PUBLISHER_APP_ID 1366324578

/* ---- allocation hook: all core-module allocations go through these ---- */
void *quire_malloc(size_t n);
void *quire_calloc(size_t n, size_t size);
void *quire_realloc(void *p, size_t n);
void quire_free(void *p);
char *quire_strdup(const char *s);
/* Test hook: the Nth allocation from now fails (0 disables). */
void quire_alloc_fail_after(long n);

/* ---- growable buffer with a hard cap (bytes, excluding the NUL it always keeps) ---- */
struct quire_buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap_limit;
    size_t alloc;
};
void quire_buf_init(struct quire_buf *b, size_t cap_limit);
void quire_buf_fini(struct quire_buf *b);
enum quire_status quire_buf_append(struct quire_buf *b, const void *data, size_t n);
enum quire_status quire_buf_puts(struct quire_buf *b, const char *s);
enum quire_status quire_buf_printf(struct quire_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s with XML special characters escaped and the characters XML 1.0 forbids (control
 * characters but tab, newline and return; U+FFFE, U+FFFF) left out. */
enum quire_status quire_buf_put_xml(struct quire_buf *b, const char *s, size_t n);
/* Hands the data to the caller (free with quire_free) and resets b. */
char *quire_buf_steal(struct quire_buf *b, size_t *len);

/* Reads a whole file; fails with QUIRE_ETOOBIG beyond cap. *out is NUL-terminated. */
enum quire_status quire_file_read(const char *path, size_t cap, char **out, size_t *len,
                                  struct quire_err *err);
/* Writes data to path atomically (temp file, fsync, rename). */
enum quire_status quire_file_write_atomic(const char *path, const void *data, size_t len,
                                          struct quire_err *err);
/* Copies src to dst in chunks through a temporary file, fsynced and renamed: dst is either
 * the old file or a whole copy, never half of one; src is only read. With expect_sha256 (hex)
 * the copy is hashed as it is written and kept only if it matches (QUIRE_EHASH otherwise), so
 * a file that changed since it was verified is never kept under its old name. */
enum quire_status quire_file_copy_atomic(const char *src, const char *dst,
                                         const char *expect_sha256, struct quire_err *err);
bool quire_file_exists(const char *path);
bool quire_is_dir(const char *path);
/* mkdir -p; mode 0755. */
enum quire_status quire_mkdir_p(const char *path, struct quire_err *err);

/* Streaming SHA-256. OpenSSL's, not libsodium's: it uses the CPU's SHA extensions and
 * hashes about 7x faster here, and every import hashes the bundle and every file in it. */
typedef struct quire_sha256 quire_sha256;
/* NULL when out of memory. */
quire_sha256 *quire_sha256_new(void);
void quire_sha256_update(quire_sha256 *h, const void *data, size_t n);
/* Writes the digest; false if hashing failed. The handle is ready for new data afterwards. */
bool quire_sha256_final(quire_sha256 *h, uint8_t digest[32]);
/* quire_sha256_free(NULL) is a no-op. */
void quire_sha256_free(quire_sha256 *h);

/* SHA-256 of data in one call; false if hashing failed (OpenSSL out of memory). */
bool quire_sha256_digest(const void *data, size_t len, uint8_t digest[32]);
/* SHA-256 of data as 64 lowercase hex digits plus NUL. */
void quire_sha256_hex(const void *data, size_t len, char out[65]);
/* SHA-256 of a file (streamed). */
enum quire_status quire_sha256_file(const char *path, char out[65], uint64_t *size,
                                    struct quire_err *err);
void quire_hex_encode(const uint8_t *in, size_t n, char *out /* 2n+1 */);
/* Decodes exactly n bytes from 2n hex digits; returns false on bad input. */
bool quire_hex_decode(const char *in, uint8_t *out, size_t n);

/* True if s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). On failure
 * *bad_offset (if given) is the byte offset of the first bad sequence. */
bool quire_utf8_valid(const char *s, size_t n, size_t *bad_offset);
/* in on one printable line in out (cut to cap - 1 bytes, never mid-character): control
 * bytes, bytes that are not UTF-8, C1 and bidi controls become \xNN / \uNNNN escapes and a
 * backslash doubles, so outside text cannot move the cursor or recolour a terminal. */
void quire_escape_line(const char *in, char *out, size_t cap);
/* A whole decimal integer within lo..hi (command-line flags, script arguments, settings);
 * false when s is empty, starts with a space or '+', has anything after the digits (a unit
 * such as "20px"), or is out of range (overflow included). The one parser of every number a
 * person types: quire_parse_int for int options, quire_parse_i64 for ids, sizes and rates. */
bool quire_parse_int(const char *s, int lo, int hi, int *out);
bool quire_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out);
/* Writes cp (at most U+10FFFF) as UTF-8 into out; returns its length, 1 to 4 bytes. */
size_t quire_utf8_put(uint32_t cp, char out[4]);

/* The default library path: $XDG_DATA_HOME/quire/library.db, else ~/.local/share/quire/... .
 * Writes into out; returns QUIRE_EINVAL if it does not fit. */
enum quire_status quire_default_db_path(char *out, size_t outlen);
/* Root folder holding assets/ and fonts/: $QUIRE_ASSET_DIR, else found beside the executable
 * (<bin>/../share/quire, then <bin>/..: installed and relocatable packages), else the source
 * tree (a build run in place). Not thread-safe on its first call; the CLI calls it early. */
const char *quire_asset_root(void);

/* Seconds since the epoch. Formatting is RFC 3339 UTC ("2026-11-25T10:00:00Z"); parsing takes
 * RFC 3339 with "Z" or a "+hh:mm" offset and optional fractional seconds, or a date alone
 * (midnight UTC). */
int64_t quire_now(void);
/* Seconds of the monotonic clock (timeouts, rates, schedules: never goes back). */
double quire_mono_s(void);
void quire_time_format(int64_t t, char out[32]);
bool quire_time_parse(const char *s, int64_t *out);
/* The same, but a time of day and zone are required (manifest and index timestamps). */
bool quire_datetime_parse(const char *s, int64_t *out);

/* True when s is only letters, digits, '.', '_' and '-' (ASCII): names that are safe as file
 * names and in URLs. Callers add their own length and first-character rules. */
bool quire_plain_name(const char *s);

/* The last component of a path (borrowed pointer into path). */
const char *quire_basename(const char *path);

#endif
