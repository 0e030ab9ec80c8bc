/* sync_index: the repository index, the one file a mirror serves besides the bundles.
 * index.json lists every bundle of a repository (file name, size, SHA-256, sequence, created,
 * languages, sections, article count) under the index's own sequence and valid_until time; a
 * publisher signs it (index.json.minisig), a relay does not ("relay": true). The format is
 * documented in docs/sync.md. The parser takes untrusted bytes: size, counts and string
 * lengths are capped, file names must be plain names, and anything malformed is refused. */
#ifndef QUIRE_SYNC_INDEX_H
#define QUIRE_SYNC_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

#define SYNC_INDEX_FORMAT   "quire-index"
#define SYNC_INDEX_VERSION  1
#define SYNC_INDEX_FILE     "index.json"
#define SYNC_INDEX_SIG_FILE "index.json.minisig"

struct sync_index_entry {
    char *file;       /* plain file name inside the repository ("2026-11-25.epub") */
    uint64_t size;    /* bytes */
    char sha256[65];  /* lowercase hex of the whole file */
    int64_t sequence; /* the bundle's manifest sequence */
    int64_t created;  /* unix seconds */
    char **languages; /* BCP 47 tags */
    size_t n_languages;
    char **sections;
    size_t n_sections;
    int64_t articles; /* article count */
    char *publisher;  /* may be NULL */
    char keyid[17];   /* signer of the bundle, "" if unknown */
};

struct sync_index {
    int version;
    bool is_relay;       /* unsigned relay index: trust bundles only by their own signatures */
    char *publisher;     /* may be NULL for a relay */
    char keyid[17];      /* publisher key id for a signed index, "" for a relay */
    int64_t sequence;    /* grows with every publication; a client refuses going back */
    int64_t created;     /* unix seconds */
    int64_t valid_until; /* unix seconds; past it a client warns (never blocks) */
    struct sync_index_entry *bundles;
    size_t n_bundles;
};

/* Parses index JSON (untrusted). On success *out is freed with sync_index_free; on failure
 * *out is NULL and err names `what` (a URL or path) and the problem. */
enum quire_status sync_index_parse(const char *json, size_t len, const char *what,
                                   struct sync_index **out, struct quire_err *err);
/* sync_index_free(NULL) is a no-op. */
void sync_index_free(struct sync_index *idx);

/* Serialises (pretty-printed, stable key order). *json is quire_free'd by the caller. */
enum quire_status sync_index_write(const struct sync_index *idx, char **json, size_t *len,
                                   struct quire_err *err);

/* True for a name the index may carry: 1..200 bytes of [A-Za-z0-9._-], not starting with '.'. */
bool sync_index_name_ok(const char *name);

/* Finds an entry by SHA-256; NULL when absent. */
const struct sync_index_entry *sync_index_find(const struct sync_index *idx, const char *sha256);

#endif
