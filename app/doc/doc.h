/* doc: the article model the typesetter reads, and its converters.
 * An article is a flat list of blocks (headings, paragraphs, quotes, list items, preformatted
 * text, rules, images, captions). A block holds UTF-8 text and styled spans over it (bold,
 * italic, link, code, a language of their own). Built by a sanitising converter from HTML/XHTML
 * (libxml2's HTML parser, never touching the network: unknown tags flatten to their text;
 * script, style, form, iframe and friends are dropped) or from plain text (paragraphs separated
 * by blank lines). A compact versioned blob (doc_serialize) lets the store cache the result.
 * Invariants: every text is valid UTF-8 without NUL; spans are sorted, non-overlapping and lie
 * on code point boundaries inside their block; a document never passes the caps of config.h.
 * Anchors (block index, code point offset) refer to this model and to DOC_FORMAT_VERSION. */
#ifndef QUIRE_DOC_DOC_H
#define QUIRE_DOC_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

/* Bumped whenever conversion or the blob layout changes, so cached blobs and stored anchors
 * taken on an older model read as stale. */
#define DOC_FORMAT_VERSION 2

enum doc_kind {
    DOC_PARAGRAPH = 0,
    DOC_HEADING,   /* level 1..6 */
    DOC_QUOTE,     /* a paragraph inside a blockquote; level = nesting depth */
    DOC_LIST_ITEM, /* text starts with its marker ("• " or "3. "); level = nesting depth */
    DOC_PRE,       /* preformatted: spaces and newlines kept, tabs expanded (stops every 8) */
    DOC_RULE,      /* horizontal rule, no text */
    DOC_IMAGE,     /* src and alt; width/height from attributes, 0 if unknown */
    DOC_CAPTION,   /* caption of the image block just before it */
    DOC_KIND_COUNT
};

/* Base direction of a block (the HTML dir attribute): auto lets the typesetter decide from
 * the block's language and text. */
enum doc_dir { DOC_DIR_AUTO = 0, DOC_DIR_LTR, DOC_DIR_RTL };

enum doc_style {
    DOC_STYLE_BOLD = 1u << 0,
    DOC_STYLE_ITALIC = 1u << 1,
    DOC_STYLE_LINK = 1u << 2,
    DOC_STYLE_CODE = 1u << 3,
};

struct doc_span {
    uint32_t start, end; /* byte offsets [start, end) into the block's text */
    uint8_t style;       /* DOC_STYLE_* bits */
    const char *lang;    /* BCP 47 of this span, NULL = the block's */
};

struct doc_block {
    enum doc_kind kind;
    int level;
    enum doc_dir dir;
    const char *text; /* UTF-8, NUL-terminated; "" for rules and images */
    uint32_t text_len;
    const struct doc_span *spans; /* only styled or language-tagged ranges */
    uint32_t span_count;
    const char *lang;  /* BCP 47, NULL = the document's */
    const char *src;   /* images: media path as written in the article, else NULL */
    const char *alt;   /* images: alternative text, else NULL */
    int width, height; /* images: intrinsic size from attributes, 0 if unknown */
};

struct doc;

/* Plain text: blocks separated by blank lines; the lines of a block join with one space,
 * whitespace runs collapse. Fails with QUIRE_EUTF8 (offset in the message), QUIRE_ETOOBIG. */
enum quire_status doc_from_text(const char *text, size_t len, struct doc **out,
                                struct quire_err *err);
/* HTML or XHTML (the HTML parser reads both). Nothing is fetched. */
enum quire_status doc_from_html(const char *html, size_t len, struct doc **out,
                                struct quire_err *err);
/* Reads a file by extension: .txt as text, .html/.htm/.xhtml as HTML. The message names
 * the file. */
enum quire_status doc_from_file(const char *path, struct doc **out, struct quire_err *err);

/* doc_destroy(NULL) is a no-op. */
void doc_destroy(struct doc *doc);

size_t doc_block_count(const struct doc *doc);
/* Borrowed; NULL when i is out of range. */
const struct doc_block *doc_block_get(const struct doc *doc, size_t i);
/* The document language (html lang attribute), NULL if unknown. */
const char *doc_lang(const struct doc *doc);
/* Sets the document language (copied); used when the store knows it. */
enum quire_status doc_set_lang(struct doc *doc, const char *lang);
/* Total words (runs of non-space characters) over all blocks: a cheap check for tests. */
size_t doc_word_count(const struct doc *doc);

/* A compact blob: "QDOC", DOC_FORMAT_VERSION, then blocks. *blob is owned by the caller
 * (quire_free). */
enum quire_status doc_serialize(const struct doc *doc, void **blob, size_t *len,
                                struct quire_err *err);
/* Reads a blob back, validating every length and offset (QUIRE_EFORMAT on a bad or foreign
 * blob, so a corrupt cache entry is an error, never a crash). */
enum quire_status doc_deserialize(const void *blob, size_t len, struct doc **out,
                                  struct quire_err *err);

#endif
