/* bundle_internal: helpers shared by the files of the bundle module (not part of its API):
 * the bundle handle's fields (opaque outside the module), entry-path safety, strict RFC 3339
 * times, BCP 47 tag syntax, HTML/text to XHTML conversion, the OPF reader that synthesises a
 * manifest for plain EPUBs, and the zip checks and entry stream that every read goes through. */
#ifndef QUIRE_BUNDLE_INTERNAL_H
#define QUIRE_BUNDLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "bundle.h"
#include "quire_util.h"

#define BUNDLE_MANIFEST_PATH  "META-INF/quire/manifest.json"
#define BUNDLE_SIGNATURE_PATH "META-INF/quire/manifest.json.minisig"
#define BUNDLE_FORMAT_VERSION 1

/* The handle: bundle_read.c opens and closes it, bundle_zip.c checks its container,
 * bundle_verify.c checks its signature and files. */
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

/* qsort/bsearch comparator of an array of const char * (strcmp order). */
int bundle_cmp_str(const void *a, const void *b);

/* NULL if path is a safe relative entry path; else a short reason ("escapes the bundle"). */
const char *bundle_path_problem(const char *path, size_t len);

/* True for languages written right to left (ar, fa, he, ur, ...). */
bool bundle_lang_is_rtl(const char *tag);

/* Appends text XML-escaped, leaving out the characters XML 1.0 forbids. */
enum quire_status bundle_xml_text(struct quire_buf *b, const char *s, size_t n);

/* An article converted for the writer: title, optional byline and the XHTML body content
 * (well-formed, to sit inside <body>). All heap strings. */
struct bundle_doc {
    char *title;
    char *byline;
    char *body;
    size_t body_len;
    bool has_h1;       /* the body has its own <h1>; otherwise the writer adds the title as one */
    char *guid;        /* <link rel="canonical"> or <meta name="dc.identifier">, else NULL */
    int64_t published; /* article:published_time / dcterms.created / date; 0 if absent */
    int64_t updated;   /* article:modified_time / dcterms.modified; 0 if absent */
};
void bundle_doc_fini(struct bundle_doc *d);
/* Plain text (corpus text model: first non-blank line is the title, every further non-blank
 * line one paragraph). name is used in error messages. */
enum quire_status bundle_doc_from_text(const char *name, const char *text, size_t len,
                                       struct bundle_doc *out, struct quire_err *err);
/* HTML or XHTML through libxml2's HTML parser; scripts, styles, frames and forms dropped,
 * elements and attributes outside a small allow-list unwrapped or dropped. */
enum quire_status bundle_doc_from_html(const char *name, const char *html, size_t len,
                                       struct bundle_doc *out, struct quire_err *err);
/* The same, keeping <img src="../images/NAME" alt="..."> for the n_media pictures of media
 * (the writer's bundle_create_opts.media); other pictures are left out. */
enum quire_status bundle_doc_from_html_media(const char *name, const char *html, size_t len,
                                             const struct bundle_media *media, size_t n_media,
                                             struct bundle_doc *out, struct quire_err *err);
/* Title of an (X)HTML document: <title>, else the first <h1>; heap string or NULL. A <title>
 * equal to avoid (the book's title) or naming a file gives way to the <h1>. */
char *bundle_html_title(const char *html, size_t len, const char *avoid);

/* Builds a manifest from container.xml and the OPF of a plain EPUB (b is open, unsigned). */
enum quire_status bundle_opf_synthesise(bundle *b, const char *name, struct bundle_manifest **out,
                                        struct quire_err *err);
/* Where bundle_opf_parse reads an EPUB's files from: the open bundle, or (tests/fuzz/
 * fuzz_opf.c) container.xml, OPF and documents handed over as bytes. read gives a file's
 * bytes (NUL-terminated, quire_free; QUIRE_ENOTFOUND if absent); entry lists the files. */
struct bundle_opf_source {
    enum quire_status (*read)(void *ctx, const char *path, size_t cap, char **data, size_t *len,
                              struct quire_err *err);
    size_t n_entries;
    bool (*entry)(void *ctx, size_t i, const char **name, uint64_t *size);
    const char *sha256; /* of the whole file: the identifier of an EPUB without one */
    void *ctx;
};
/* bundle_opf_synthesise on any source. */
enum quire_status bundle_opf_parse(const struct bundle_opf_source *src, const char *name,
                                   struct bundle_manifest **out, struct quire_err *err);

/* Trusted comment the writer signs: "timestamp:T sequence:N id:ID publisher:NAME". */
enum quire_status bundle_trusted_comment(const struct bundle_manifest *m, char *out, size_t n);
/* Parses the "sequence:N" field of a trusted comment; false if absent. */
bool bundle_trusted_comment_sequence(const char *tc, int64_t *seq);

/* Raw bytes of an entry (NULL-terminated, quire_free); ENOTFOUND if absent. */
enum quire_status bundle_read_raw(bundle *b, const char *path, size_t cap, char **data, size_t *len,
                                  struct quire_err *err);
/* Opens path with libzip (flags as zip_open's); a failure becomes one clear message. */
enum quire_status bundle_zip_open(const char *path, int flags, zip_t **za, struct quire_err *err);
/* Every entry of the open zip, before anything is inflated: raw names without a NUL byte,
 * then each entry's path, method, declared size and ratio, the total, and no name twice. */
enum quire_status bundle_zip_check(bundle *b, struct quire_err *err);

/* Receives an entry's inflated bytes, chunk by chunk; non-zero stops the stream. */
typedef enum quire_status (*bundle_chunk_fn)(void *ctx, const void *data, size_t n);
/* Inflates one entry through fn, enforcing cap and the bundle's total on actual bytes;
 * *out_size (optional) gets the bytes read. */
enum quire_status bundle_entry_stream(bundle *b, const char *path, size_t cap, bundle_chunk_fn fn,
                                      void *ctx, uint64_t *out_size, struct quire_err *err);
/* Entries of the open zip (checked by bundle_open): count, and name and declared size of one. */
size_t bundle_entry_count(const bundle *b);
bool bundle_entry_info(const bundle *b, size_t i, const char **name, uint64_t *size);

#endif
