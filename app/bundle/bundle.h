/* bundle: Quire's signed news bundles. A bundle is a valid EPUB 3 file that also carries
 * META-INF/quire/manifest.json (bundle and article metadata, SHA-256 and size of every other
 * file) and META-INF/quire/manifest.json.minisig (a minisign signature of the manifest).
 * The format is documented in docs/bundle-format.md.
 * Reading never trusts the file: entry paths, counts and inflated sizes are checked against
 * the caps in config.h before anything is inflated. */
#ifndef QUIRE_BUNDLE_H
#define QUIRE_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "minisign.h"
#include "quire_error.h"

struct bundle_article_meta {
    char *guid;
    char *title;
    char *byline; /* may be NULL */
    char *section;
    char *language; /* BCP 47 */
    int64_t published;
    int64_t updated;
    char *path; /* entry path of the article's XHTML document */
};

struct bundle_file_meta {
    char *path;
    char sha256[65];
    uint64_t size;
};

struct bundle_manifest {
    int format_version;
    char *id; /* bundle id, e.g. "urn:uuid:..." */
    char *publisher;
    int64_t sequence;
    int64_t created;
    char **languages;
    size_t n_languages;
    struct bundle_article_meta *articles;
    size_t n_articles;
    struct bundle_file_meta *files;
    size_t n_files;
};

/* Parses manifest JSON (untrusted): required fields, types, caps, no duplicate guids or paths.
 * The result is freed with bundle_manifest_free. */
enum quire_status bundle_manifest_parse(const char *json, size_t len, struct bundle_manifest **out,
                                        struct quire_err *err);
void bundle_manifest_free(struct bundle_manifest *m);
/* Serialises (pretty-printed, stable key order); heap string, quire_free. */
enum quire_status bundle_manifest_write(const struct bundle_manifest *m, char **json,
                                        struct quire_err *err);

typedef struct bundle bundle;

/* Opens a bundle or any EPUB and checks the container: a zip, safe entry paths, entry count
 * and inflated-size caps, compression ratio. With a Quire manifest it parses manifest and
 * signature; without one (a plain EPUB) bundle_is_signed() is false and the manifest is
 * synthesised from the OPF spine so that --allow-unsigned imports work.
 * Errors name the file: "news.epub: entry '../x' escapes the bundle". */
enum quire_status bundle_open(const char *path, bundle **out, struct quire_err *err);
void bundle_close(bundle *b);

const struct bundle_manifest *bundle_get_manifest(const bundle *b);
bool bundle_is_signed(const bundle *b);
/* The signer's key id (only when signed). */
const struct minisign_sig *bundle_get_signature(const bundle *b);
/* SHA-256 of the whole bundle file, hex. */
const char *bundle_get_sha256(const bundle *b);
/* The path it was opened from. */
const char *bundle_name(const bundle *b);
uint64_t bundle_get_size(const bundle *b);

/* Raw bytes of META-INF/quire/manifest.json exactly as stored (the bytes the signature covers);
 * NULL for a plain EPUB whose manifest was synthesised. Borrowed. */
const char *bundle_get_manifest_json(const bundle *b, size_t *len);

/* Verifies the manifest signature with pk and every listed file against its size and SHA-256;
 * also that every entry in the zip is listed (except manifest and signature).
 * pk == NULL checks everything but the signature's cryptography (a signature must still be
 * present): the caller then learns the signer from bundle_get_signature().
 * Errors: QUIRE_ESIGNATURE (unsigned, bad signature, trusted comment's sequence differs from
 * the manifest's), QUIRE_EUNTRUSTED (signed by another key than pk, naming both key ids),
 * QUIRE_EHASH (a file missing, of the wrong size or hash, or an entry not listed). */
enum quire_status bundle_verify(bundle *b, const struct minisign_pubkey *pk, struct quire_err *err);
/* Only the manifest's signature (cheap): lets a caller establish trust first and check the
 * files (bundle_verify with pk NULL) later or elsewhere. */
enum quire_status bundle_verify_signature(bundle *b, const struct minisign_pubkey *pk,
                                          struct quire_err *err);

/* Checks the bytes of a listed file that the caller has already read (with bundle_read_entry)
 * against the manifest's size and SHA-256, as bundle_verify would (QUIRE_EHASH otherwise);
 * bundle_verify then does not read that file again. f must point into this bundle's manifest.
 * Not thread-safe with bundle_verify on the same bundle. */
enum quire_status bundle_check_entry(bundle *b, const struct bundle_file_meta *f, const void *data,
                                     size_t len, struct quire_err *err);

/* Reads one entry, inflated, under cap; *data NUL-terminated, quire_free. */
enum quire_status bundle_read_entry(bundle *b, const char *path, size_t cap, char **data,
                                    size_t *len, struct quire_err *err);

/* BCP 47 syntax: 2-8 letters, then subtags of 1-8 letters/digits joined by '-'. */
bool bundle_lang_valid(const char *tag);

/* ---- writing ---- */
struct bundle_input {
    const char *path; /* plain text (.txt), HTML (.html/.htm) or XHTML (.xhtml) */
    const char *html; /* non-NULL: the HTML itself, html_len bytes (path names it) */
    size_t html_len;
    const char *guid;     /* NULL: from the document, else the file name without extension */
    const char *section;  /* NULL: the writer's default section */
    const char *language; /* NULL: the writer's default language */
    const char *byline;   /* NULL: from the document (<meta name="author">) or none */
    int64_t published;    /* 0: from the document's metadata, else the bundle's creation */
    int64_t updated;      /* 0: from the document's metadata, else the bundle's creation */
};
/* A picture packed into the bundle as OEBPS/images/NAME. An HTML input shows it with
 * <img src="../images/NAME" alt="...">; every other <img> is left out, as before. */
struct bundle_media {
    const char *name; /* [A-Za-z0-9._-], 1..100 bytes, unique in the bundle, not starting '.' */
    const char *mime; /* image/jpeg, image/png, image/gif or image/webp (EPUB core types) */
    const void *data;
    size_t len; /* at most QUIRE_BUNDLE_MAX_ENTRY_BYTES */
};
struct bundle_create_opts {
    const char *publisher;
    const char *section;  /* default section */
    const char *language; /* default language */
    const char *title;    /* EPUB title; NULL: "PUBLISHER, DATE" */
    int64_t sequence;     /* 0: current unix time */
    int64_t created;      /* 0: now */
    const struct minisign_seckey *key;
    const struct bundle_media *media; /* pictures the inputs show (may be NULL) */
    size_t n_media;
};
/* Writes a signed bundle to out_path (atomically) from the inputs. */
enum quire_status bundle_create(const char *out_path, const struct bundle_input *inputs,
                                size_t n_inputs, const struct bundle_create_opts *opts,
                                struct quire_err *err);
/* Signs the manifest bytes inside an existing bundle with key (ED, trusted comment with
 * timestamp, sequence, id, publisher) and stores the signature in it (atomically). The
 * manifest is signed as it is, like `minisign -S` would: readers validate it. */
enum quire_status bundle_sign(const char *path, const struct minisign_seckey *key,
                              struct quire_err *err);
/* Replaces the manifest signature inside an existing bundle with sig_text (checked to parse as
 * a minisign signature; atomically). */
enum quire_status bundle_set_signature(const char *path, const char *sig_text,
                                       struct quire_err *err);

#endif
