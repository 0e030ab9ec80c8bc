/* feed_rss: RSS 0.9x/2.0 and RSS 1.0 (RDF) into the feed model, with the Dublin Core,
 * content, Media RSS and Atom elements feeds mix in. Each item element is handled by one row
 * of item_fields; the first of equivalent elements wins (content:encoded over description).
 * Items are looked for inside <channel> and beside it (RDF, and RSS 2.0 feeds that do so). */
#include <stdlib.h>
#include <string.h>

#include "feed_internal.h"

struct rss_ctx {
    struct feed_builder *b;
    xmlDoc *doc;
    struct feed_item *it;
    bool guid_is_link; /* the item's guid is its page (when it has no <link>) */
};

/* "editor@example.com (Jane Doe)" -> "Jane Doe"; anything else as it is. */
static char *author_name(char *s)
{
    char *open = s ? strchr(s, '(') : NULL;
    char *close = open ? strrchr(open, ')') : NULL;
    if (!close || !strchr(s, '@') || close == open + 1)
        return s;
    size_t n = (size_t)(close - open - 1);
    memmove(s, open + 1, n);
    s[n] = '\0';
    return feed_text_squeeze(s);
}

static char *plain_title(const xmlNode *n)
{
    char *raw = feed_xml_raw(n);
    char *text = raw ? feed_html_text(raw) : NULL;
    quire_free(raw);
    if (text && !*text) {
        quire_free(text);
        text = NULL;
    }
    return text;
}

static enum quire_status on_title(struct rss_ctx *c, const xmlNode *n)
{
    return feed_builder_set(c->b, &c->it->title, plain_title(n), false);
}

static enum quire_status on_link(struct rss_ctx *c, const xmlNode *n)
{
    char *text = feed_xml_text(n);
    char *url = feed_xml_url(c->doc, n, text);
    quire_free(text);
    return feed_builder_set(c->b, &c->it->link, url, false);
}

static enum quire_status on_guid(struct rss_ctx *c, const xmlNode *n)
{
    char *perma = feed_xml_attr(n, "isPermaLink");
    /* A guid is the item's page unless it says otherwise (RSS 2.0); <link> still wins. */
    c->guid_is_link = !c->it->guid && (!perma || strcmp(perma, "false") != 0);
    quire_free(perma);
    return feed_builder_set(c->b, &c->it->guid, feed_xml_text(n), false);
}

static enum quire_status on_summary(struct rss_ctx *c, const xmlNode *n)
{
    return feed_builder_set(c->b, &c->it->summary, feed_xml_raw(n), true);
}

static enum quire_status on_content(struct rss_ctx *c, const xmlNode *n)
{
    return feed_builder_set(c->b, &c->it->content, feed_xml_raw(n), true);
}

static enum quire_status on_author(struct rss_ctx *c, const xmlNode *n)
{
    return feed_builder_set(c->b, &c->it->author, author_name(feed_xml_text(n)), false);
}

static enum quire_status on_category(struct rss_ctx *c, const xmlNode *n)
{
    return feed_builder_category(c->b, c->it, feed_xml_text(n));
}

static enum quire_status on_published(struct rss_ctx *c, const xmlNode *n)
{
    char *text = feed_xml_text(n);
    feed_builder_date(&c->it->published, text);
    quire_free(text);
    return QUIRE_OK;
}

static enum quire_status on_updated(struct rss_ctx *c, const xmlNode *n)
{
    char *text = feed_xml_text(n);
    feed_builder_date(&c->it->updated, text);
    quire_free(text);
    return QUIRE_OK;
}

static enum quire_status on_enclosure(struct rss_ctx *c, const xmlNode *n)
{
    char *ref = feed_xml_attr(n, "url");
    char *url = feed_xml_url(c->doc, n, ref);
    char *len = feed_xml_attr(n, "length");
    int64_t length = len ? strtoll(len, NULL, 10) : 0;
    quire_free(ref);
    quire_free(len);
    return feed_builder_media(c->b, c->it, url, feed_xml_attr(n, "type"), NULL, length, false);
}

/* media:content / media:thumbnail, with a media:description or media:title as caption. */
static enum quire_status on_media(struct rss_ctx *c, const xmlNode *n)
{
    char *ref = feed_xml_attr(n, "url");
    char *url = feed_xml_url(c->doc, n, ref);
    quire_free(ref);
    char *medium = feed_xml_attr(n, "medium");
    bool is_image = feed_xml_is(n, "media:thumbnail") || (medium && !strcmp(medium, "image"));
    quire_free(medium);
    char *caption = NULL;
    for (const xmlNode *k = n->children; k && !caption; k = k->next)
        if (feed_xml_is(k, "media:description") || feed_xml_is(k, "media:title"))
            caption = feed_xml_text(k);
    char *len = feed_xml_attr(n, "fileSize");
    int64_t length = len ? strtoll(len, NULL, 10) : 0;
    quire_free(len);
    return feed_builder_media(c->b, c->it, url, feed_xml_attr(n, "type"), caption, length,
                              is_image);
}

static enum quire_status on_media_group(struct rss_ctx *c, const xmlNode *n)
{
    enum quire_status rc = QUIRE_OK;
    for (const xmlNode *k = n->children; k && !rc; k = k->next)
        if (feed_xml_is(k, "media:content") || feed_xml_is(k, "media:thumbnail"))
            rc = on_media(c, k);
    return rc;
}

/* atom:link inside RSS: rel="alternate" is the page, rel="enclosure" a media object. */
static enum quire_status on_atom_link(struct rss_ctx *c, const xmlNode *n)
{
    char *rel = feed_xml_attr(n, "rel");
    char *href = feed_xml_attr(n, "href");
    char *url = feed_xml_url(c->doc, n, href);
    quire_free(href);
    enum quire_status rc = QUIRE_OK;
    if (!rel || strcmp(rel, "alternate") == 0)
        rc = feed_builder_set(c->b, &c->it->link, url, false);
    else if (strcmp(rel, "enclosure") == 0)
        rc = feed_builder_media(c->b, c->it, url, feed_xml_attr(n, "type"), NULL, 0, false);
    else
        quire_free(url);
    quire_free(rel);
    return rc;
}

static const struct {
    const char *name;
    enum quire_status (*handle)(struct rss_ctx *c, const xmlNode *n);
} item_fields[] = {
    {"title", on_title},
    {"dc:title", on_title},
    {"link", on_link},
    {"atom:link", on_atom_link},
    {"guid", on_guid},
    {"content:encoded", on_content},
    {"description", on_summary},
    {"dc:description", on_summary},
    {"author", on_author},
    {"dc:creator", on_author},
    {"category", on_category},
    {"dc:subject", on_category},
    {"pubDate", on_published},
    {"dc:date", on_published},
    {"dcterms:issued", on_published},
    {"dcterms:created", on_published},
    {"atom:published", on_published},
    {"dcterms:modified", on_updated},
    {"atom:updated", on_updated},
    {"enclosure", on_enclosure},
    {"media:content", on_media},
    {"media:thumbnail", on_media},
    {"media:group", on_media_group},
};

static enum quire_status parse_item(struct rss_ctx *c, const xmlNode *item)
{
    enum quire_status rc;
    c->it = feed_builder_item(c->b, &rc);
    if (!c->it)
        return rc;
    c->guid_is_link = false;
    char *about = feed_xml_attr(item, "about"); /* RSS 1.0: rdf:about names the item */
    if ((rc = feed_builder_set(c->b, &c->it->guid, about, false)))
        return rc;
    xmlChar *lang = xmlNodeGetLang(item);
    if (lang) {
        rc = feed_builder_set(c->b, &c->it->lang, quire_strdup((const char *)lang), false);
        xmlFree(lang);
    }
    char buf[128];
    for (const xmlNode *n = item->children; n && !rc; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = feed_xml_name(n, buf, sizeof buf);
        for (size_t i = 0; i < sizeof item_fields / sizeof item_fields[0]; i++)
            if (strcmp(name, item_fields[i].name) == 0) {
                rc = item_fields[i].handle(c, n);
                break;
            }
    }
    if (!rc && !c->it->link && c->guid_is_link && feed_url_is_http(c->it->guid))
        rc = feed_builder_set(c->b, &c->it->link, feed_xml_url(c->doc, item, c->it->guid), false);
    return rc;
}

static enum quire_status parse_channel(struct rss_ctx *c, const xmlNode *channel)
{
    struct feed *f = c->b->feed;
    enum quire_status rc = QUIRE_OK;
    for (const xmlNode *n = channel->children; n && !rc; n = n->next) {
        if (feed_xml_is(n, "title") || feed_xml_is(n, "dc:title")) {
            rc = feed_builder_set(c->b, &f->title, plain_title(n), false);
        } else if (feed_xml_is(n, "link")) {
            char *text = feed_xml_text(n);
            rc = feed_builder_set(c->b, &f->link, feed_xml_url(c->doc, n, text), false);
            quire_free(text);
        } else if (feed_xml_is(n, "language") || feed_xml_is(n, "dc:language")) {
            rc = feed_builder_set(c->b, &f->lang, feed_xml_text(n), false);
        } else if (feed_xml_is(n, "lastBuildDate") || feed_xml_is(n, "pubDate") ||
                   feed_xml_is(n, "dc:date")) {
            char *text = feed_xml_text(n);
            feed_builder_date(&f->updated, text);
            quire_free(text);
        } else if (feed_xml_is(n, "item")) {
            rc = parse_item(c, n);
        }
    }
    return rc;
}

enum quire_status feed_parse_rss(struct feed_builder *b, xmlDoc *doc, xmlNode *root)
{
    struct rss_ctx c = {.b = b, .doc = doc};
    enum quire_status rc = QUIRE_OK;
    for (const xmlNode *n = root->children; n && !rc; n = n->next) {
        if (feed_xml_is(n, "channel"))
            rc = parse_channel(&c, n);
        else if (feed_xml_is(n, "item"))
            rc = parse_item(&c, n);
    }
    return rc;
}
