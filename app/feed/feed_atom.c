/* feed_atom: Atom 1.0 (RFC 4287) and Atom 0.3 into the feed model. Text constructs are
 * read by their type: titles become plain text whatever the type; summary and content become
 * HTML (type="text" escaped, "html" as carried, "xhtml" the markup inside the wrapping div;
 * Atom 0.3's mode="escaped"/"xml" likewise). Links resolve against xml:base. */
#include <stdlib.h>
#include <string.h>

#include "feed_internal.h"

struct atom_ctx {
    struct feed_builder *b;
    xmlDoc *doc;
};

static const xmlNode *xhtml_div(const xmlNode *n)
{
    for (const xmlNode *k = n->children; k; k = k->next)
        if (feed_xml_is(k, "xhtml:div"))
            return k;
    return NULL;
}

static char *attr_is(const xmlNode *n, const char *attr, const char *value, bool *is)
{
    char *v = feed_xml_attr(n, attr);
    *is = v && strcmp(v, value) == 0;
    return v;
}

static char *text_construct_plain(const struct atom_ctx *c, const xmlNode *n)
{
    bool is_html, is_escaped;
    quire_free(attr_is(n, "type", "html", &is_html));
    quire_free(attr_is(n, "mode", "escaped", &is_escaped));
    char *text;
    if (is_html || is_escaped) {
        char *raw = feed_xml_raw(n);
        text = raw ? feed_html_text(raw) : NULL;
        quire_free(raw);
    } else {
        const xmlNode *div = xhtml_div(n);
        text = feed_xml_text(div ? div : n);
    }
    if (text && !*text) {
        quire_free(text);
        text = NULL;
    }
    return text;
}

static char *escape_html(char *text)
{
    if (!text)
        return NULL;
    struct quire_buf b;
    quire_buf_init(&b, strlen(text) * 6 + 16);
    enum quire_status rc = quire_buf_puts(&b, "<p>");
    if (!rc)
        rc = quire_buf_put_xml(&b, text, strlen(text));
    if (!rc)
        rc = quire_buf_puts(&b, "</p>");
    quire_free(text);
    if (rc) {
        quire_buf_fini(&b);
        return NULL;
    }
    return quire_buf_steal(&b, NULL);
}

static char *text_construct_html(const struct atom_ctx *c, const xmlNode *n)
{
    char *type = feed_xml_attr(n, "type");
    char *mode = feed_xml_attr(n, "mode");
    char *html = NULL;
    bool is_xhtml = (type && (!strcmp(type, "xhtml") || !strcmp(type, "application/xhtml+xml"))) ||
                    (mode && !strcmp(mode, "xml"));
    bool is_html = (type && (!strcmp(type, "html") || !strcmp(type, "text/html"))) ||
                   (mode && !strcmp(mode, "escaped"));
    if (is_xhtml) {
        const xmlNode *div = xhtml_div(n);
        html = feed_xml_inner(c->doc, div ? div : n);
    } else if (is_html) {
        html = feed_xml_raw(n);
    } else if (!(mode && !strcmp(mode, "base64"))) {
        html = escape_html(feed_xml_text(n));
    }
    quire_free(type);
    quire_free(mode);
    return html;
}

static char *person_name(const xmlNode *n)
{
    char *name = NULL, *email = NULL;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (!name && feed_xml_is(k, "atom:name"))
            name = feed_xml_text(k);
        else if (!email && feed_xml_is(k, "atom:email"))
            email = feed_xml_text(k);
    }
    if (name) {
        quire_free(email);
        return name;
    }
    return email;
}

static enum quire_status on_link(struct atom_ctx *c, struct feed_item *it, const xmlNode *n)
{
    char *rel = feed_xml_attr(n, "rel");
    char *href = feed_xml_attr(n, "href");
    char *url = feed_xml_url(c->doc, n, href);
    quire_free(href);
    enum quire_status rc = QUIRE_OK;
    if (!rel || strcmp(rel, "alternate") == 0) {
        rc = feed_builder_set(c->b, &it->link, url, false);
    } else if (strcmp(rel, "enclosure") == 0) {
        char *len = feed_xml_attr(n, "length");
        int64_t length = len ? strtoll(len, NULL, 10) : 0;
        quire_free(len);
        rc = feed_builder_media(c->b, it, url, feed_xml_attr(n, "type"), feed_xml_attr(n, "title"),
                                length, false);
    } else {
        quire_free(url);
    }
    quire_free(rel);
    return rc;
}

static enum quire_status on_media(struct atom_ctx *c, struct feed_item *it, const xmlNode *n)
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
    return feed_builder_media(c->b, it, url, feed_xml_attr(n, "type"), caption, 0, is_image);
}

static enum quire_status on_date(int64_t *slot, const xmlNode *n)
{
    char *text = feed_xml_text(n);
    feed_builder_date(slot, text);
    quire_free(text);
    return QUIRE_OK;
}

static enum quire_status entry_field(struct atom_ctx *c, struct feed_item *it, const xmlNode *n)
{
    struct feed_builder *b = c->b;
    if (feed_xml_is(n, "atom:id"))
        return feed_builder_set(b, &it->guid, feed_xml_text(n), false);
    if (feed_xml_is(n, "atom:title"))
        return feed_builder_set(b, &it->title, text_construct_plain(c, n), false);
    if (feed_xml_is(n, "atom:link"))
        return on_link(c, it, n);
    if (feed_xml_is(n, "atom:content"))
        return feed_builder_set(b, &it->content, text_construct_html(c, n), true);
    if (feed_xml_is(n, "atom:summary"))
        return feed_builder_set(b, &it->summary, text_construct_html(c, n), true);
    if (feed_xml_is(n, "atom:author") || feed_xml_is(n, "atom:contributor"))
        return feed_builder_set(b, &it->author, person_name(n), false);
    if (feed_xml_is(n, "dc:creator"))
        return feed_builder_set(b, &it->author, feed_xml_text(n), false);
    if (feed_xml_is(n, "atom:category")) {
        char *term = feed_xml_attr(n, "label");
        return feed_builder_category(b, it, term ? term : feed_xml_attr(n, "term"));
    }
    if (feed_xml_is(n, "atom:published") || feed_xml_is(n, "atom:issued") ||
        feed_xml_is(n, "atom:created"))
        return on_date(&it->published, n);
    if (feed_xml_is(n, "atom:updated") || feed_xml_is(n, "atom:modified"))
        return on_date(&it->updated, n);
    if (feed_xml_is(n, "media:content") || feed_xml_is(n, "media:thumbnail"))
        return on_media(c, it, n);
    if (feed_xml_is(n, "media:group")) {
        enum quire_status rc = QUIRE_OK;
        for (const xmlNode *k = n->children; k && !rc; k = k->next)
            if (feed_xml_is(k, "media:content") || feed_xml_is(k, "media:thumbnail"))
                rc = on_media(c, it, k);
        return rc;
    }
    return QUIRE_OK;
}

static enum quire_status parse_entry(struct atom_ctx *c, const xmlNode *entry)
{
    enum quire_status rc;
    struct feed_item *it = feed_builder_item(c->b, &rc);
    if (!it)
        return rc;
    xmlChar *lang = xmlNodeGetLang(entry);
    if (lang) {
        rc = feed_builder_set(c->b, &it->lang, quire_strdup((const char *)lang), false);
        xmlFree(lang);
    }
    for (const xmlNode *n = entry->children; n && !rc; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            rc = entry_field(c, it, n);
    return rc;
}

static enum quire_status feed_link(struct atom_ctx *c, const xmlNode *n)
{
    char *rel = feed_xml_attr(n, "rel");
    enum quire_status rc = QUIRE_OK;
    if (!rel || strcmp(rel, "alternate") == 0) {
        char *href = feed_xml_attr(n, "href");
        rc = feed_builder_set(c->b, &c->b->feed->link, feed_xml_url(c->doc, n, href), false);
        quire_free(href);
    }
    quire_free(rel);
    return rc;
}

enum quire_status feed_parse_atom(struct feed_builder *b, xmlDoc *doc, xmlNode *root)
{
    struct atom_ctx c = {.b = b, .doc = doc};
    struct feed *f = b->feed;
    enum quire_status rc = QUIRE_OK;
    xmlChar *lang = xmlNodeGetLang(root);
    if (lang) {
        rc = feed_builder_set(b, &f->lang, quire_strdup((const char *)lang), false);
        xmlFree(lang);
    }
    for (const xmlNode *n = root->children; n && !rc; n = n->next) {
        if (feed_xml_is(n, "atom:entry"))
            rc = parse_entry(&c, n);
        else if (feed_xml_is(n, "atom:title"))
            rc = feed_builder_set(b, &f->title, text_construct_plain(&c, n), false);
        else if (feed_xml_is(n, "atom:link"))
            rc = feed_link(&c, n);
        else if (feed_xml_is(n, "atom:updated") || feed_xml_is(n, "atom:modified"))
            rc = on_date(&f->updated, n);
    }
    return rc;
}
