/* store: the SQLite library of articles. One file, WAL mode, foreign keys, versioned
 * migrations (store_schema.c). Holds publishers and their trusted minisign keys, imported
 * bundles (by SHA-256), articles (identity: publisher + guid; versioned by `updated`), media
 * deduplicated by SHA-256, reading positions as reflow-stable anchors, tombstones for articles
 * the reader deleted, settings, and an FTS5 index over titles and bodies.
 * Invariant: a bundle is imported inside one transaction (store_tx_*): all of it or none.
 * Threads: a store handle is used by one thread at a time; open a second handle for a worker. */
#ifndef QUIRE_STORE_H
#define QUIRE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

typedef struct store store;

/* Opens (creating folders and the file if needed) and migrates the library at path. */
enum quire_status store_open(const char *path, store **out, struct quire_err *err);
/* Opens an existing library for reading only (a read-only file system, a full disk, a file or
 * folder this user cannot write): no file is created, nothing is migrated or written, and
 * every write fails (QUIRE_EREADONLY-style SQLite errors). A library that needs a migration
 * cannot be read this way and is refused. */
enum quire_status store_open_readonly(const char *path, store **out, struct quire_err *err);
/* True for a handle from store_open_readonly. */
bool store_is_read_only(const store *s);
/* store_close(NULL) is a no-op. Rolls back an open transaction. */
void store_close(store *s);
const char *store_path(const store *s);
/* How long this handle waits for another connection's write lock, ms (QUIRE_DB_BUSY_TIMEOUT_MS
 * from store_open); past it a write fails with QUIRE_EBUSY. The reader sets 0 around writes it
 * can put off (a reading position) so that a page turn never waits for a sync's import. */
void store_busy_timeout_set(store *s, int ms);

/* ---- transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK ---- */
enum quire_status store_tx_begin(store *s, struct quire_err *err);
enum quire_status store_tx_commit(store *s, struct quire_err *err);
void store_tx_rollback(store *s);

/* ---- trusted publisher keys (minisign Ed25519) ---- */
struct store_key {
    char keyid[17]; /* 16 uppercase hex digits, as minisign prints it */
    uint8_t pk[32]; /* Ed25519 public key */
    char name[128]; /* publisher name or the key file's untrusted comment */
    int64_t added;  /* unix seconds */
};
/* Adds a key; QUIRE_EEXIST if that key id is already trusted (not an error for callers that
 * want idempotence: they may ignore it). */
enum quire_status store_key_add(store *s, const struct store_key *key, struct quire_err *err);
/* QUIRE_ENOTFOUND if keyid is not trusted. */
enum quire_status store_key_find(store *s, const char *keyid, struct store_key *out,
                                 struct quire_err *err);
enum quire_status store_key_remove(store *s, const char *keyid, struct quire_err *err);
typedef void (*store_key_cb)(void *ctx, const struct store_key *key);
enum quire_status store_key_list(store *s, store_key_cb cb, void *ctx, struct quire_err *err);

/* ---- bundles ---- */
struct store_bundle {
    int64_t id;
    char sha256[65];       /* of the whole bundle file */
    const char *uuid;      /* manifest bundle id (borrowed on put) */
    const char *publisher; /* publisher name */
    const char *keyid;     /* signer, NULL for an unsigned EPUB */
    int64_t sequence;
    int64_t created;
    int64_t size;
    const char *source_path; /* where it came from (file path or URL), informational */
    bool verified;
};
enum quire_status store_bundle_has(store *s, const char *sha256, bool *has, struct quire_err *err);
/* Inserts the bundle row (inside the caller's transaction); sets b->id. */
enum quire_status store_bundle_put(store *s, struct store_bundle *b, struct quire_err *err);

/* ---- articles ---- */
struct store_article {
    int64_t id; /* library id: stable for the article across corrected versions */
    const char *publisher;
    const char *keyid; /* signer key id, NULL if unverified */
    const char *guid;
    const char *title;
    const char *byline;
    const char *section;
    const char *language; /* BCP 47 */
    int64_t published;    /* unix seconds */
    int64_t updated;      /* unix seconds; decides which version wins */
    const char *body;     /* the article document (XHTML), body_len bytes */
    size_t body_len;
    const char *text;   /* plain text: paragraphs separated by blank lines (for show/FTS) */
    char body_hash[65]; /* SHA-256 of body; filled by store_article_put */
    int64_t bundle_id;
    bool verified;
    bool starred;
    bool is_read;
};

enum store_put_outcome {
    STORE_PUT_INSERTED,   /* new article */
    STORE_PUT_UPDATED,    /* replaced an older version (newer `updated`) */
    STORE_PUT_KEPT,       /* we already hold this or a newer version: nothing written */
    STORE_PUT_TOMBSTONED, /* the reader deleted it before: not brought back */
    /* Another article is held under this guid with the same `updated` but another body: two
     * stories that a publisher gave one guid. The held one is kept, nothing written. */
    STORE_PUT_CONFLICT,
};
/* Inserts or updates an article (strings borrowed). Sets a->id, and a->body_hash when the
 * caller left it empty (a caller that has verified the body's SHA-256 may pass it in). */
enum quire_status store_article_put(store *s, struct store_article *a,
                                    enum store_put_outcome *outcome, struct quire_err *err);

/* A loaded article: every string owned by the result; free with store_article_free. */
struct store_article_row {
    struct store_article a;
    char *strings; /* backing storage for a's strings */
};
/* The file the bundle of article id was imported from ("" when unknown). */
enum quire_status store_article_bundle_file(store *s, int64_t id, char *out, size_t cap,
                                            struct quire_err *err);
enum quire_status store_article_get(store *s, int64_t id, struct store_article_row **out,
                                    struct quire_err *err);
void store_article_free(struct store_article_row *row);

/* Lists articles newest first, a bundle's articles in reading order, without bodies (a.body
 * and a.text are NULL). */
typedef int (*store_article_cb)(void *ctx, const struct store_article *a); /* non-zero stops */
enum quire_status store_article_list(store *s, store_article_cb cb, void *ctx,
                                     struct quire_err *err);
/* Deletes an article and leaves a tombstone so it never comes back from a re-import. */
enum quire_status store_article_delete(store *s, int64_t id, struct quire_err *err);
enum quire_status store_article_set_starred(store *s, int64_t id, bool starred,
                                            struct quire_err *err);
enum quire_status store_article_count(store *s, int64_t *count, struct quire_err *err);

/* The typesetter's parsed document for an article, cached so that opening an article does
 * not re-parse HTML. `version` is the converter's format version; a mismatch reads as absent. */
enum quire_status store_article_doc_put(store *s, int64_t id, int version, const void *blob,
                                        size_t len, struct quire_err *err);
/* *blob is NULL when absent or stale; free with quire_free. */
enum quire_status store_article_doc_get(store *s, int64_t id, int version, void **blob, size_t *len,
                                        struct quire_err *err);

/* ---- media, deduplicated by SHA-256 ---- */
enum quire_status store_media_put(store *s, int64_t article_id, const char *path, const char *mime,
                                  const void *data, size_t len, struct quire_err *err);
/* *data owned by caller (quire_free). QUIRE_ENOTFOUND if the article has no such path. */
enum quire_status store_media_get(store *s, int64_t article_id, const char *path, void **data,
                                  size_t *len, char mime[64], struct quire_err *err);

/* ---- reading state: a reflow-stable anchor, never a page number ---- */
struct store_anchor {
    int64_t block;      /* index of the block in the article document */
    int64_t offset;     /* character (code point) offset inside the block */
    int doc_version;    /* converter version the block index refers to */
    char body_hash[65]; /* body the anchor was taken on; a corrected article may move it */
    bool finished;
    int progress; /* how far into the article, 1/1000 (for the library's list) */
};
enum quire_status store_position_set(store *s, int64_t article_id, const struct store_anchor *a,
                                     struct quire_err *err);
/* QUIRE_ENOTFOUND when the article has never been opened. */
enum quire_status store_position_get(store *s, int64_t article_id, struct store_anchor *a,
                                     struct quire_err *err);

/* ---- full-text search (FTS5 over title and text) ---- */
typedef int (*store_search_cb)(void *ctx, int64_t id, const char *title, const char *snippet);
enum quire_status store_search(store *s, const char *query, int limit, store_search_cb cb,
                               void *ctx, struct quire_err *err);
/* Where a search's words first occur in a text, seen as the index sees words (unicode61 with
 * the schema's options: case and diacritics folded, whole tokens), so that a result opens at
 * the search's first match whatever its case. */
typedef struct store_finder store_finder;
enum quire_status store_finder_create(store *s, const char *query, store_finder **out,
                                      struct quire_err *err);
/* The byte offset in text[0..n) of the first token equal to one of the query's, or -1. */
int64_t store_finder_find(store_finder *f, const char *text, size_t n);
void store_finder_destroy(store_finder *f);

/* ---- settings: a small key/value table ---- */
enum quire_status store_setting_set(store *s, const char *key, const char *value,
                                    struct quire_err *err);
/* Copies into out; QUIRE_ENOTFOUND if unset. */
enum quire_status store_setting_get(store *s, const char *key, char *out, size_t outlen,
                                    struct quire_err *err);

/* Runs PRAGMA integrity_check and FTS5's integrity-check of the search index against the
 * articles; ok is true when both pass. Reads the whole library: for tests and repair, not for
 * the reading path. */
enum quire_status store_integrity_check(store *s, bool *ok, struct quire_err *err);

#endif
