/* bundle_internal: helpers shared by the files of the bundle module (not part of its API):
 * entry-path safety, strict RFC 3339 times, BCP 47 tag syntax, HTML/text to XHTML conversion
 * and the OPF reader that synthesises a manifest for plain EPUBs. */
#ifndef QUIRE_BUNDLE_INTERNAL_H
#define QUIRE_BUNDLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "quire_util.h"

#define BUNDLE_MANIFEST_PATH  "META-INF/quire/manifest.json"
#define BUNDLE_SIGNATURE_PATH "META-INF/quire/manifest.json.minisig"
#define BUNDLE_FORMAT_VERSION 1

/* NULL if path is a safe relative entry path; else a short reason ("escapes the bundle"). */
const char *bundle_path_problem(const char *path, size_t len);

/* BCP 47 syntax: 2-8 letters, then subtags of 1-8 letters/digits joined by '-'. */
bool bundle_lang_valid(const char *tag);
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
/* Title of an (X)HTML document: <title>, else the first <h1>; heap string or NULL. A <title>
 * equal to avoid (the book's title) or naming a file gives way to the <h1>. */
char *bundle_html_title(const char *html, size_t len, const char *avoid);

/* Builds a manifest from container.xml and the OPF of a plain EPUB (b is open, unsigned). */
enum quire_status bundle_opf_synthesise(bundle *b, const char *name, struct bundle_manifest **out,
                                        struct quire_err *err);

/* Trusted comment the writer signs: "timestamp:T sequence:N id:ID publisher:NAME". */
enum quire_status bundle_trusted_comment(const struct bundle_manifest *m, char *out, size_t n);
/* Parses the "sequence:N" field of a trusted comment; false if absent. */
bool bundle_trusted_comment_sequence(const char *tc, int64_t *seq);

/* Raw bytes of an entry (NULL-terminated, quire_free); ENOTFOUND if absent. */
enum quire_status bundle_read_raw(bundle *b, const char *path, size_t cap, char **data, size_t *len,
                                  struct quire_err *err);
/* Entries of the open zip (checked by bundle_open): count, and name and declared size of one. */
size_t bundle_entry_count(const bundle *b);
bool bundle_entry_info(const bundle *b, size_t i, const char **name, uint64_t *size);

#endif
