/* feed_internal: what the files of the feed module share (not part of its API): the safe
 * libxml2 reader, element names with canonical namespace prefixes, text of nodes, and the
 * builder that fills struct feed under the caps of config.h. */
#ifndef QUIRE_FEED_INTERNAL_H
#define QUIRE_FEED_INTERNAL_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "feed.h"
#include "quire_util.h"

/* ---- XML ---- */

/* Parses XML from untrusted bytes: no network, no DTD loading, no entity substitution, and
 * any entity declaration (internal or external, general or parameter) stops the parse with
 * "NAME: declares XML entities (refused: XXE / entity expansion)". url (may be NULL) becomes
 * the document's base. Free the result with xmlFreeDoc. */
enum quire_status feed_xml_read(const char *name, const char *data, size_t len, const char *url,
                                xmlDoc **out, struct quire_err *err);

/* The element's name with a canonical prefix for the namespaces feeds use: "title" (no
 * namespace, RSS 1.0 or RSS 0.90), "atom:entry" (Atom 1.0 and 0.3), "dc:creator",
 * "dcterms:modified", "content:encoded", "media:content", "rdf:RDF", "?:local" otherwise.
 * Writes into buf (truncated to fit); returns buf. */
const char *feed_xml_name(const xmlNode *n, char *buf, size_t size);
/* True when n is an element whose canonical name is `name`. */
bool feed_xml_is(const xmlNode *n, const char *name);
/* The text content, whitespace trimmed and runs collapsed to one space; heap, NULL if none. */
char *feed_xml_text(const xmlNode *n);
/* The text content exactly (HTML carried escaped or in CDATA); heap, NULL if empty. */
char *feed_xml_raw(const xmlNode *n);
/* The children of n serialised as markup (Atom type="xhtml"); heap, NULL if empty. */
char *feed_xml_inner(xmlDoc *doc, const xmlNode *n);
/* An attribute's value (no namespace); heap or NULL. */
char *feed_xml_attr(const xmlNode *n, const char *attr);
/* A URL in n (attribute value or text) resolved against n's xml:base and the document URL;
 * heap or NULL (empty, unresolvable or not http/https). */
char *feed_xml_url(xmlDoc *doc, const xmlNode *n, const char *ref);

/* Plain text of an HTML fragment (a title written as markup), whitespace collapsed; heap. */
char *feed_html_text(const char *html);
/* Trims and collapses whitespace in place; returns s. */
char *feed_text_squeeze(char *s);

/* ---- building the model under caps ---- */
struct feed_builder {
    const char *name; /* for messages */
    struct feed *feed;
    size_t items_alloc;
    bool dropped; /* items past QUIRE_FEED_MAX_ITEMS were left out */
    struct quire_err *err;
};

/* Starts a feed; the builder owns it until feed_builder_finish hands it over. */
enum quire_status feed_builder_init(struct feed_builder *b, const char *name,
                                    enum feed_format format, struct quire_err *err);
/* The next item (zeroed), or NULL with *rc QUIRE_OK when the item cap is reached (the caller
 * skips the item) or an error. */
struct feed_item *feed_builder_item(struct feed_builder *b, enum quire_status *rc);
/* Stores value (heap, taken) into *slot unless *slot is already set (the first of several
 * equivalent elements wins); checks UTF-8 and the cap (QUIRE_FEED_MAX_FIELD_BYTES when
 * is_body, else QUIRE_FEED_MAX_TEXT_BYTES). NULL value: nothing happens. */
enum quire_status feed_builder_set(struct feed_builder *b, char **slot, char *value, bool is_body);
/* Adds a category (heap, taken; duplicates and blanks dropped) or a media object. */
enum quire_status feed_builder_category(struct feed_builder *b, struct feed_item *it, char *cat);
enum quire_status feed_builder_media(struct feed_builder *b, struct feed_item *it, char *url,
                                     char *type, char *caption, int64_t length, bool is_image);
/* Sets a date from text (not taken); an unparseable date is left out. */
void feed_builder_date(int64_t *slot, const char *text);
/* Fills what items lack (guid, title, published/updated order) and hands the feed over. */
enum quire_status feed_builder_finish(struct feed_builder *b, struct feed **out);
/* Frees an unfinished feed. */
void feed_builder_fini(struct feed_builder *b);

/* Parsers of each format into a builder. */
enum quire_status feed_parse_rss(struct feed_builder *b, xmlDoc *doc, xmlNode *root);
enum quire_status feed_parse_atom(struct feed_builder *b, xmlDoc *doc, xmlNode *root);
enum quire_status feed_parse_json(struct feed_builder *b, const char *data, size_t len,
                                  const char *url);

#endif
