/* feed: the publisher's side of Quire. This header is the feed parser: RSS 0.9x/2.0, RSS 1.0
 * (RDF), Atom 1.0 (and 0.3) and JSON Feed 1.0/1.1 from untrusted bytes into one model, with
 * RFC 822 / RFC 3339 dates normalised to Unix time and every link resolved against xml:base
 * and the feed's own URL; and OPML subscription lists (folders become sections).
 * XML goes through libxml2 with the network, DTD loading and entity substitution off, and a
 * document that declares any entity (XXE, billion laughs) is refused before anything expands.
 * Start reading at feed_parse(). */
#ifndef QUIRE_FEED_H
#define QUIRE_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

enum feed_format {
    FEED_RSS,  /* RSS 0.9x and 2.0 */
    FEED_RDF,  /* RSS 1.0 */
    FEED_ATOM, /* Atom 1.0 and 0.3 */
    FEED_JSON, /* JSON Feed 1.0 and 1.1 */
};

/* An enclosure, media:content, media:thumbnail, Atom rel="enclosure" link or JSON Feed
 * image/attachment. */
struct feed_media {
    char *url;      /* absolute */
    char *type;     /* MIME type, may be NULL */
    char *caption;  /* media:description / media:title / alt text, may be NULL */
    int64_t length; /* bytes as the feed claims them, 0 if unknown */
    bool is_image;  /* by MIME type, medium="image" or being a thumbnail/image field */
};

struct feed_item {
    char *guid;    /* guid / id / rdf:about, else the link, else a hash of title and text */
    char *title;   /* plain text, whitespace collapsed; may be "" */
    char *link;    /* absolute URL of the item's page, may be NULL */
    char *author;  /* first author's name, may be NULL */
    char *summary; /* HTML (description, summary, summary of JSON Feed), may be NULL */
    char *content; /* HTML (content:encoded, Atom content, content_html), may be NULL */
    char *lang;    /* xml:lang / language of the item, may be NULL */
    char **categories;
    size_t n_categories;
    struct feed_media *media;
    size_t n_media;
    int64_t published; /* 0 if the feed gives no date at all */
    int64_t updated;   /* >= published; equals it when the feed gives one date */
};

struct feed {
    enum feed_format format;
    char *title; /* plain text, may be "" */
    char *link;  /* the site's home page, may be NULL */
    char *lang;  /* BCP 47-ish language of the feed, may be NULL */
    int64_t updated;
    struct feed_item *items;
    size_t n_items;
};

/* Parses a feed (XML or JSON, told apart by content). name goes into error messages
 * ("world.xml: not a feed (root element <html>)"); url (may be NULL) is where the feed came
 * from, the base of relative links. Caps from config.h: document size, items (extra items are
 * dropped), field sizes (longer text is an error naming the item). */
enum quire_status feed_parse(const char *name, const char *data, size_t len, const char *url,
                             struct feed **out, struct quire_err *err);
void feed_destroy(struct feed *f);
const char *feed_format_name(enum feed_format f);

/* Dates as feeds write them: RFC 822 / RFC 2822 (with named zones, two-digit years, no day
 * name or seconds) and RFC 3339 / W3C-DTF (a date alone, a time without zone taken as UTC).
 * False for anything else. */
bool feed_date_parse(const char *s, int64_t *out);

/* ref resolved against base (RFC 3986); heap string (quire_free) or NULL when ref is empty,
 * cannot be resolved, or the result is not http(s) (javascript:, data:, mailto: ...). */
char *feed_url_resolve(const char *base, const char *ref);
/* True for an absolute http:// or https:// URL without spaces or control bytes (false for NULL). */
bool feed_url_is_http(const char *url);

/* ---- OPML subscription lists ---- */
struct feed_opml_entry {
    char *title;   /* text= or title= of the outline */
    char *url;     /* xmlUrl: the feed */
    char *site;    /* htmlUrl, may be NULL */
    char *section; /* the enclosing folder's name, NULL at the top level */
    char *lang;    /* language= of the outline, may be NULL */
};
struct feed_opml {
    char *title;
    struct feed_opml_entry *entries;
    size_t n_entries;
};
/* Parses an OPML 1.0/2.0 file (untrusted; the same XML rules as feeds). Nested folders are
 * named by their innermost folder. Outlines whose xmlUrl is not http(s) are an error. */
enum quire_status feed_opml_parse(const char *name, const char *data, size_t len,
                                  struct feed_opml **out, struct quire_err *err);
void feed_opml_destroy(struct feed_opml *o);
/* OPML 2.0 text with one folder per section (entries in order; a section's folder where it
 * first appears); heap string (quire_free). */
enum quire_status feed_opml_write(const struct feed_opml *o, char **text, size_t *len,
                                  struct quire_err *err);

#endif
