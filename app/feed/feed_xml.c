/* feed_xml: libxml2 as the feed module uses it. The one reader of untrusted XML (feeds, OPML):
 * network and DTD loading off, entities never substituted, and an entity declaration stops the
 * parse at once, so an XXE or billion-laughs document is refused before anything expands.
 * Also element names with canonical namespace prefixes, node text and URL resolution. */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "feed_internal.h"

struct entity_guard {
    bool declared;
};

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct entity_guard *g = ctxt->_private;
    g->declared = true;
    xmlStopParser(ctxt);
}

static enum quire_status parse_error(xmlParserCtxtPtr ctxt, const char *name, struct quire_err *err)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (!e || !e->message)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not XML", name);
    char msg[200];
    size_t n = strlen(e->message);
    if (n >= sizeof msg)
        n = sizeof msg - 1;
    memcpy(msg, e->message, n);
    msg[n] = '\0';
    feed_text_squeeze(msg);
    return quire_err_set(err, QUIRE_EFORMAT, "%s: not XML (line %d: %s)", name, e->line, msg);
}

/* Well-formed, or broken only by references to undeclared (HTML) entities, which are left out. */
static bool only_entity_errors(xmlParserCtxtPtr ctxt)
{
    if (ctxt->wellFormed)
        return true;
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    return e && (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY);
}

enum quire_status feed_xml_read(const char *name, const char *data, size_t len, const char *url,
                                xmlDoc **out, struct quire_err *err)
{
    *out = NULL;
    if (len > (size_t)QUIRE_FEED_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %ld bytes", name,
                             (long)QUIRE_FEED_MAX_BYTES);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
    struct entity_guard guard = {0};
    ctxt->_private = &guard;
    ctxt->sax->entityDecl = on_entity_decl;
    /* RECOVER: real feeds carry stray HTML entities (&nbsp;) that feed readers accept; any
     * other error (truncation, bad bytes, excessive depth) still refuses the document. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
               XML_PARSE_NOWARNING;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, url, NULL, opts);
    enum quire_status rc = QUIRE_OK;
    if (guard.declared)
        rc = quire_err_set(err, QUIRE_EUNSAFE,
                           "%s: declares XML entities (refused: XXE / entity expansion)", name);
    else if (!doc || !xmlDocGetRootElement(doc) || !only_entity_errors(ctxt))
        rc = parse_error(ctxt, name, err);
    if (rc) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    *out = doc;
    return rc;
}

static const struct {
    const char *href, *prefix;
} ns_prefixes[] = {
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://backend.userland.com/rss", ""},
    {"http://www.w3.org/2005/Atom", "atom"},
    {"http://purl.org/atom/ns#", "atom"},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
};

const char *feed_xml_name(const xmlNode *n, char *buf, size_t size)
{
    const char *prefix = "";
    if (n->ns && n->ns->href) {
        prefix = "?";
        for (size_t i = 0; i < sizeof ns_prefixes / sizeof ns_prefixes[0]; i++)
            if (strcmp((const char *)n->ns->href, ns_prefixes[i].href) == 0)
                prefix = ns_prefixes[i].prefix;
    }
    snprintf(buf, size, "%s%s%s", prefix, *prefix ? ":" : "", (const char *)n->name);
    return buf;
}

bool feed_xml_is(const xmlNode *n, const char *name)
{
    char buf[128];
    return n && n->type == XML_ELEMENT_NODE && strcmp(feed_xml_name(n, buf, sizeof buf), name) == 0;
}

char *feed_text_squeeze(char *s)
{
    char *w = s;
    bool space = false;
    for (const char *r = s; *r; r++) {
        bool is_space = *r == ' ' || *r == '\t' || *r == '\n' || *r == '\r' || *r == '\f';
        if (is_space) {
            space = w != s;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
    return s;
}

/* A copy of s with each byte that does not start valid UTF-8 replaced by U+FFFD. libxml2's
 * recovery keeps such bytes of a broken document in its strings, and what Quire writes back
 * (OPML, bundles) must be UTF-8 that any parser reads. */
static char *utf8_repaired(const char *s)
{
    size_t n = strlen(s), at = 0, bad, k = 0;
    char *out = quire_malloc(n * 3 + 1); /* every byte may become three */
    if (!out)
        return NULL;
    while (!quire_utf8_valid(s + at, n - at, &bad)) {
        memcpy(out + k, s + at, bad);
        k += bad;
        memcpy(out + k, "\xEF\xBF\xBD", 3);
        k += 3;
        at += bad + 1;
    }
    memcpy(out + k, s + at, n - at + 1);
    return out;
}

/* A copy on Quire's allocator (which tests can fail), as valid UTF-8. */
static char *dup_utf8(const char *in)
{
    return quire_utf8_valid(in, strlen(in), NULL) ? quire_strdup(in) : utf8_repaired(in);
}

/* A libxml2 string moved onto Quire's allocator. */
static char *from_xml(xmlChar *x)
{
    if (!x)
        return NULL;
    char *s = dup_utf8((const char *)x);
    xmlFree(x);
    return s;
}

char *feed_xml_text(const xmlNode *n)
{
    char *s = from_xml(xmlNodeGetContent(n));
    if (s && !*feed_text_squeeze(s)) {
        quire_free(s);
        return NULL;
    }
    return s;
}

char *feed_xml_raw(const xmlNode *n)
{
    char *s = from_xml(xmlNodeGetContent(n));
    if (s && !s[strspn(s, " \t\r\n")]) {
        quire_free(s);
        return NULL;
    }
    return s;
}

char *feed_xml_inner(xmlDoc *doc, const xmlNode *n)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        xmlNodeDump(buf, doc, c, 0, 0);
    char *s = NULL;
    const char *content = (const char *)xmlBufferContent(buf);
    if (content && content[strspn(content, " \t\r\n")])
        s = dup_utf8(content);
    xmlBufferFree(buf);
    return s;
}

char *feed_xml_attr(const xmlNode *n, const char *attr)
{
    return from_xml(xmlGetProp(n, (const xmlChar *)attr));
}

char *feed_xml_url(xmlDoc *doc, const xmlNode *n, const char *ref)
{
    if (!ref)
        return NULL;
    xmlChar *base = xmlNodeGetBase(doc, n);
    char *url = feed_url_resolve((const char *)base, ref);
    xmlFree(base);
    return url;
}

bool feed_url_is_http(const char *url)
{
    if (!url) /* a field the feed left out, e.g. an RSS guid that was refused */
        return false;
    size_t skip = strncasecmp(url, "http://", 7) == 0    ? 7
                  : strncasecmp(url, "https://", 8) == 0 ? 8
                                                         : 0;
    if (!skip || !url[skip] || url[skip] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return false;
    return true;
}

char *feed_url_resolve(const char *base, const char *ref)
{
    if (!ref)
        return NULL;
    char *r = quire_strdup(ref);
    if (!r || !*feed_text_squeeze(r)) {
        quire_free(r);
        return NULL;
    }
    xmlChar *built = xmlBuildURI((const xmlChar *)r, (const xmlChar *)base);
    if (!built) { /* spaces and other bytes RFC 3986 forbids: escape, then try again */
        xmlChar *esc = xmlURIEscapeStr((const xmlChar *)r, (const xmlChar *)":/?#[]@!$&'()*+,;=%");
        built = esc ? xmlBuildURI(esc, (const xmlChar *)base) : NULL;
        xmlFree(esc);
    }
    quire_free(r);
    char *url = from_xml(built);
    if (url && !feed_url_is_http(url)) {
        quire_free(url);
        url = NULL;
    }
    return url;
}

char *feed_html_text(const char *html)
{
    if (!strpbrk(html, "<&")) {
        char *s = quire_strdup(html);
        return s ? feed_text_squeeze(s) : NULL;
    }
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8", opts);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    char *s = root ? from_xml(xmlNodeGetContent(root)) : quire_strdup("");
    xmlFreeDoc(doc);
    return s ? feed_text_squeeze(s) : NULL;
}
