/* config.h: every tunable of Quire in one place, each with its unit and sensible range.
 * Modules include this instead of scattering magic numbers. Caps on untrusted input are
 * hard limits: passing one is an error, never a bigger allocation. */
#ifndef QUIRE_CONFIG_H
#define QUIRE_CONFIG_H

/* ---- store ---- */
#define QUIRE_DB_BUSY_TIMEOUT_MS 5000 /* ms SQLite waits on a locked db (1000..60000) */
#define QUIRE_DB_FILENAME "library.db"

/* ---- bundle: caps on untrusted bundles ---- */
#define QUIRE_BUNDLE_MAX_BYTES (512L * 1024 * 1024) /* whole bundle file, bytes (1M..2G) */
#define QUIRE_BUNDLE_MAX_ENTRIES 20000               /* zip entries per bundle (10..100000) */
#define QUIRE_BUNDLE_MAX_ENTRY_BYTES (64L * 1024 * 1024) /* one inflated entry, bytes */
#define QUIRE_BUNDLE_MAX_TOTAL_BYTES (1024L * 1024 * 1024) /* all inflated entries, bytes */
#define QUIRE_BUNDLE_MAX_RATIO 200 /* inflated/compressed ratio above this is a zip bomb */
#define QUIRE_MANIFEST_MAX_BYTES (16L * 1024 * 1024) /* manifest JSON, bytes (64K..64M) */
#define QUIRE_SIGNATURE_MAX_BYTES 4096               /* minisign signature file, bytes */
#define QUIRE_ARTICLE_MAX_BYTES (8L * 1024 * 1024)   /* one article document, bytes */
#define QUIRE_BUNDLE_MAX_ARTICLES 100000             /* articles per bundle */
#define QUIRE_PATH_MAX_BYTES 512                     /* an entry path inside a bundle */

/* ---- typesetting ---- */
#define QUIRE_DEFAULT_PAGE_W 1072     /* px, default page width (200..4000) */
#define QUIRE_DEFAULT_PAGE_H 1448     /* px, default page height (200..4000) */
#define QUIRE_DEFAULT_FONT_PX 36      /* px, body font size (8..200) */
#define QUIRE_DEFAULT_MARGIN_PX 48    /* px, page margin on each side (0..400) */
#define QUIRE_DEFAULT_LINE_SPACING 1.3 /* line height as a multiple of font size (1.0..3.0) */
#define QUIRE_MAX_CONSECUTIVE_HYPHENS 2 /* hyphenated lines in a row (1..5) */
#define QUIRE_MIN_WIDOW_LINES 2       /* lines kept together at page top/bottom (1..4) */

/* ---- render and refresh ---- */
#define QUIRE_FULL_REFRESH_EVERY 6       /* page turns between full flashing refreshes (1..50) */
#define QUIRE_FULL_REFRESH_EVERY_NIGHT 2 /* the same in night mode (1..50) */
#define QUIRE_FULL_REFRESH_IMAGE_PERMILLE 75 /* image area/page area that forces a flash, 1/1000 */
#define QUIRE_GLYPH_CACHE_BYTES (8L * 1024 * 1024) /* LRU glyph cache budget, bytes */

/* ---- sync ---- */
#define QUIRE_NET_CONNECT_TIMEOUT_S 20 /* s to connect to a mirror (1..120) */
#define QUIRE_NET_STALL_TIMEOUT_S 30   /* s below QUIRE_NET_STALL_BYTES_S before giving up */
#define QUIRE_NET_STALL_BYTES_S 1      /* bytes/s that count as stalled */
#define QUIRE_NET_RETRIES 3            /* attempts per mirror (1..10) */
#define QUIRE_NET_BACKOFF_MS 500       /* first retry delay, doubled each time (100..10000) */
#define QUIRE_INDEX_MAX_BYTES (8L * 1024 * 1024) /* a repository index, bytes */

#endif
