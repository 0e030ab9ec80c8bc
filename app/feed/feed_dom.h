/* feed_dom: the extractor's working tree. Gumbo parses the page (HTML5 rules, as browsers do);
 * the tree is then copied into a flat array of nodes linked by index (parent, children,
 * siblings), which the extractor can score, unlink, retag and rebuild cheaply, and walk
 * without recursion whatever the page's nesting (nodes deeper than QUIRE_HTML_MAX_DEPTH hang
 * from their ancestor at that depth). Scripts, styles, forms' controls, hidden elements and
 * comments never enter it. Internal to the feed module. */
#ifndef QUIRE_FEED_DOM_H
#define QUIRE_FEED_DOM_H

#include <gumbo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

#define DOM_TEXT ((uint16_t)(GUMBO_TAG_LAST + 1)) /* tag of a text node */
#define DOM_NONE (-1)

/* What a subtree holds: visible characters (code points, whitespace runs counted once), those
 * inside links (hash-only links count 0.3) and headings, commas, and the number of some
 * elements below it. */
struct dom_stats {
    double chars, link_chars;
    int letters;       /* characters that are not whitespace */
    double list_chars; /* characters inside ul and ol elements below */
    int commas, p, img, li, heading_chars;
    int blocks;   /* descendants that stop a div from being a paragraph (div, p, img, ...) */
    int elements; /* element descendants, and how many of them are br or hr */
    int breaks;
};

struct dom_node {
    const GumboNode *g; /* the gumbo element or text node; NULL for a paragraph we made */
    int32_t parent, first, last, next, prev;
    uint16_t tag;   /* a GumboTag, or DOM_TEXT */
    bool is_scored; /* score is set (Readability's "initialized" node) */
    bool is_data_table;
    float score;
    bool has_stats; /* stats is up to date (then so are every descendant's) */
    struct dom_stats stats;
};

struct dom {
    struct dom_node *nodes;
    size_t n, alloc;
    int32_t body; /* the <body> (or the root when there is none) */
};

/* Builds the working tree of the parsed page; the gumbo output must outlive it. */
enum quire_status dom_build(struct dom *d, const GumboOutput *out, struct quire_err *err);
void dom_fini(struct dom *d);

/* Structure. */
void dom_unlink(struct dom *d, int32_t i);
/* Appends i (unlinked first) as the last child of parent. */
void dom_append(struct dom *d, int32_t parent, int32_t i);
/* Puts i (unlinked first) where old is; old is left unlinked. */
void dom_replace(struct dom *d, int32_t old, int32_t i);
/* A new element node (a paragraph the extractor made); DOM_NONE when out of memory. */
int32_t dom_new(struct dom *d, uint16_t tag);
/* The next node in document order inside root (pre-order), skipping i's children when
 * skip_children; DOM_NONE at the end. */
int32_t dom_next(const struct dom *d, int32_t root, int32_t i, bool skip_children);
bool dom_has_ancestor(const struct dom *d, int32_t i, uint16_t tag);

/* Attributes of element nodes (NULL when absent or for text and made nodes). */
const char *dom_attr(const struct dom *d, int32_t i, const char *name);
/* The text of a text node (NUL-terminated, gumbo's). */
const char *dom_text(const struct dom *d, int32_t i);

/* The stats of a subtree, kept per node and recomputed only below changed nodes, so asking
 * about every block of a page stays linear. */
void dom_stats(const struct dom *d, int32_t root, struct dom_stats *s);
/* Marks i and its ancestors as changed (the structure functions do it themselves). */
void dom_touch(struct dom *d, int32_t i);
/* Readability's DIV_TO_P_ELEMS: blockquote, dl, div, img, ol, p, pre, table, ul. */
bool dom_is_div_block(uint16_t tag);
/* The visible text of a subtree, whitespace collapsed and trimmed, into a heap string of at
 * most cap bytes (cut on a code point); NULL when out of memory. */
char *dom_inner_text(const struct dom *d, int32_t root, size_t cap);

/* Whether hay contains needle, ASCII letters compared without case. */
bool dom_contains_ci(const char *hay, const char *needle);

/* Element classes the extractor asks about. */
bool dom_is_block(uint16_t tag); /* not inline: a paragraph break in the text */
bool dom_is_phrasing(const struct dom *d, int32_t i); /* inline content (text, a, span, ...) */

#endif
