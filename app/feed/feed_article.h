/* feed_article: article extraction, the publisher's "reader view". A web page (HTML through
 * gumbo, a real HTML5 parser) or a scraped text dump becomes a clean article: title, byline,
 * times, language and direction, lead image and caption, and the body with navigation,
 * tickers, share and related blocks, comments, duplicated captions and site notices removed.
 * The method is Readability's (paragraph scores flowing to ancestors, link density, class and
 * id hints, conditional cleaning), plus metadata from meta tags, JSON-LD and <time>.
 * Hostile pages: input size capped (QUIRE_PAGE_MAX_BYTES), nesting flattened past
 * QUIRE_HTML_MAX_DEPTH, no recursion over the page, every output string capped.
 * Start reading at feed_article_extract() in feed_article.c. */
#ifndef QUIRE_FEED_ARTICLE_H
#define QUIRE_FEED_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

struct feed_image {
    char *src;     /* absolute http(s) URL */
    char *alt;     /* may be NULL */
    char *caption; /* the figure's caption, may be NULL */
};

struct feed_article {
    char *title;                 /* never NULL, may be "" */
    char *byline;                /* may be NULL */
    char *site_name;             /* may be NULL */
    char *excerpt;               /* the page's description, may be NULL */
    char *lang;                  /* <html lang>, content-language, og:locale; may be NULL */
    char *dir;                   /* "rtl" or "ltr" when the page says; may be NULL */
    int64_t published, modified; /* 0 when unknown */
    char *html; /* the body: p, h2-h6, lists, quotes, pre, tables, figures, inline emphasis */
    char *text; /* the body as plain text, paragraphs separated by blank lines */
    struct feed_image *images; /* the lead image first */
    size_t n_images;
};

/* Extracts the article of an HTML page. url (may be NULL) resolves relative links and
 * images. name goes into error messages. */
enum quire_status feed_article_extract(const char *name, const char *data, size_t len,
                                       const char *url, struct feed_article **out,
                                       struct quire_err *err);
/* The body of a feed's own HTML text (content:encoded, Atom content, JSON Feed content_html)
 * written as an extracted article's: the same XHTML subset, plain text and images, with links
 * and images resolved against url, but no Readability passes (the feed chose the text) and
 * no metadata (title ""). */
enum quire_status feed_article_from_fragment(const char *name, const char *data, size_t len,
                                             const char *url, struct feed_article **out,
                                             struct quire_err *err);
/* A scraped text dump (the corpus text model: one paragraph per non-blank line) under the
 * same rules: navigation lines before the headline, lines printed twice (captions), image
 * placeholders ("16x9 Image") and what follows the agencies' credit line are dropped. */
enum quire_status feed_article_from_text(const char *name, const char *data, size_t len,
                                         struct feed_article **out, struct quire_err *err);
void feed_article_destroy(struct feed_article *a);

#endif
