/* feed_page: what the article extractor's files share (internal to the feed module): the
 * page's metadata read from the head (meta tags, JSON-LD, <title>, <html lang/dir>), title
 * heuristics, text similarity, and the writer of the extracted body. */
#ifndef QUIRE_FEED_PAGE_H
#define QUIRE_FEED_PAGE_H

#include <gumbo.h>
#include <stdbool.h>

#include "feed_article.h"
#include "feed_dom.h"
#include "quire_util.h"

struct page_meta {
    char *title;     /* from JSON-LD or meta tags; NULL: none */
    char *doc_title; /* <title>, whitespace collapsed; NULL: none */
    char *byline, *site_name, *excerpt, *lang, *dir, *image;
    int64_t published, modified;
};

/* Reads the metadata of a parsed page (url resolves og:image); strings are heap, capped. */
enum quire_status page_meta_read(const GumboOutput *out, const char *url, struct page_meta *m,
                                 struct quire_err *err);
void page_meta_fini(struct page_meta *m);

/* Readability's title from <title>: site names after " | ", " - ", " » " or ": " cut off
 * unless that leaves too few words; a lone <h1> when the title is very short or long. */
char *page_title_from_document(const struct page_meta *m, const struct dom *d);
/* A slimmer copy of the page for gumbo (NUL-terminated, *out_len bytes; feed_strip.c): the
 * bodies of <script> (but JSON-LD) and <style> emptied, plain <svg> drawings and <select>
 * lists emptied (the extractor drops both), runs of whitespace outside <pre> and <listing>
 * made one character ("\n" if the run had a line break), and start tags without the
 * attributes page_attribute_kept refuses. gumbo builds the same tree but for those, in a
 * third of the time. NULL when out of memory. */
char *page_strip_scripts(const char *s, size_t len, size_t *out_len);
/* Elements whose body the tokenizer reads as text to their end tag (or, <plaintext>, to the
 * end of the page). */
bool page_is_raw_text(GumboTag t);
/* Whether the extractor (or gumbo's tree construction) reads an attribute of this name. */
bool page_attribute_read(const char *name, size_t n);
/* Whether the stripped page keeps an attribute: read, and for a style, one that may hide. */
bool page_attribute_kept(const char *name, size_t n, const char *raw_value, size_t value_n);
/* An element's attribute (one page_attribute_read names: asserted), or NULL. */
const char *page_gumbo_attr(const GumboNode *g, const char *name);
/* Whether an inline style hides its element (Readability's _isProbablyVisible). */
bool page_style_hides(const char *style, size_t n);
/* Writes the start tag at lt (its name name_n bytes long) to out with only the kept
 * attributes, never longer than it was; returns where the tag ends, or 0 when it should be
 * copied as it is (the page ends inside it, or it has too many attributes to look up). */
size_t page_slim_start_tag(const char *s, size_t len, size_t lt, size_t name_n, char *out,
                           size_t *out_n, bool *self_closing);
/* The memory of one page's gumbo tree (feed_arena.c): gumbo's options get its allocator; the
 * tree is freed with the arena, without gumbo_destroy_output. */
struct page_arena;
struct page_arena *page_arena_create(void);
void page_arena_destroy(struct page_arena *a);
void page_arena_gumbo_options(struct page_arena *a, GumboOptions *o);
/* Where the next needle (its first character not a letter, e.g. "</" or "-->") starts at or
 * after i in s[0..len), case-insensitively; len when nowhere. memchr finds each candidate. */
size_t page_find_ci(const char *s, size_t len, size_t i, const char *needle);
/* Share of b's words (lowercased, split at non-letters) that also occur in a: 0..1. */
double page_text_similarity(const char *a, const char *b);
/* Number of words (runs separated by whitespace). */
int page_word_count(const char *s);

/* Readability's switches, dropped one by one when a pass finds too little text. */
enum {
    PAGE_STRIP_UNLIKELY = 1,      /* remove blocks whose class/id says sidebar, comment, ... */
    PAGE_WEIGHT_CLASSES = 2,      /* class/id hints add or take 25 points */
    PAGE_CLEAN_CONDITIONALLY = 4, /* drop link-heavy, image-heavy, form-like blocks */
};
/* -25..+25 per class and id hint ("article" +, "sidebar" -); 0 without PAGE_WEIGHT_CLASSES. */
int page_class_weight(const struct dom *d, int32_t i, int flags);
/* True when s contains any of the words (ASCII case-insensitive). */
bool page_matches(const char *s, const char *const *words);
/* Cleans the gathered article in place (Readability's prepArticle). */
void page_clean_article(struct dom *d, int32_t article, int flags);

/* One Readability pass over a fresh working tree. */
struct page_pass {
    struct dom d;
    const struct page_meta *meta;
    const char *title;
    int flags;
    char *byline;
    int32_t *to_score;
    size_t n_to_score, alloc;
    int32_t top; /* the top candidate, for the article's direction */
    bool title_header_removed;
};

/* Runs the pass (prepare, score, choose, gather, clean); the article's container, or
 * DOM_NONE when out of memory. */
int32_t page_run_pass(struct page_pass *p);

/* Writes the article subtree as HTML and plain text into a, with images resolved against url
 * (the lead image first); caps from config.h. */
enum quire_status page_write_body(const struct dom *d, int32_t root, const char *url,
                                  struct feed_article *a, struct quire_err *err);

#endif
