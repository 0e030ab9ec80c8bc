/* bundle_html: turns one input file (plain text, HTML or XHTML) into the parts of an article
 * XHTML document for the writer: title, byline and well-formed body content.
 * HTML goes through libxml2's forgiving HTML parser; the tree is then re-serialised by hand
 * from an allow-list, so the output is well-formed XHTML by construction: dropped subtrees
 * (scripts, styles, frames, forms, media we do not pack), unwrapped unknown elements, only
 * harmless attributes, block elements unwrapped where only phrasing content may stand. */
#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

#include "bundle_internal.h"
#include "config.h"

void bundle_doc_fini(struct bundle_doc *d)
{
    quire_free(d->title);
    quire_free(d->byline);
    quire_free(d->body);
    quire_free(d->guid);
    memset(d, 0, sizeof *d);
}

/* Length of a character XML 1.0 forbids at s (C0 controls but tab and newlines, U+FFFE,
 * U+FFFF), or 0. */
static size_t forbidden_at(const unsigned char *s, size_t left)
{
    if (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r')
        return 1;
    if (s[0] == 0xEF && left >= 3 && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
        return 3;
    return 0;
}

enum quire_status bundle_xml_text(struct quire_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    enum quire_status rc = QUIRE_OK;
    for (size_t i = 0; i < n && !rc;) {
        size_t bad = forbidden_at((const unsigned char *)s + i, n - i);
        if (!bad) {
            i++;
            continue;
        }
        rc = quire_buf_put_xml(b, s + start, i - start);
        i += bad;
        start = i;
    }
    return rc ? rc : quire_buf_put_xml(b, s + start, n - start);
}

static enum quire_status put_text(struct quire_buf *b, const char *s, size_t n)
{
    return bundle_xml_text(b, s, n);
}

/* Copy of s[0..n) with runs of whitespace collapsed and the ends trimmed. */
static char *collapse_ws(const char *s, size_t n)
{
    char *out = quire_malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = k > 0;
            continue;
        }
        if (c < 0x20)
            continue;
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return out;
}

/* ---- plain text ---- */

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

enum quire_status bundle_doc_from_text(const char *name, const char *text, size_t len,
                                       struct bundle_doc *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    size_t bad;
    if (!quire_utf8_valid(text, len, &bad))
        return quire_err_set(err, QUIRE_EUTF8, "%s: invalid UTF-8 at byte %zu", name, bad);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;
    struct quire_buf b;
    quire_buf_init(&b, QUIRE_ARTICLE_MAX_BYTES);
    enum quire_status rc = QUIRE_OK;
    const char *p = text, *end = text + len;
    while (p < end && !rc) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (!blank(p, n)) {
            char *line = collapse_ws(p, n);
            if (!line)
                rc = QUIRE_ENOMEM;
            else if (!out->title)
                out->title = line, line = NULL;
            else if (!(rc = quire_buf_puts(&b, "<p>")) && !(rc = put_text(&b, line, strlen(line))))
                rc = quire_buf_puts(&b, "</p>\n");
            quire_free(line);
        }
        p = nl ? nl + 1 : end;
    }
    if (!rc && !out->title)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: empty text (no title line)", name);
    else if (rc)
        quire_err_set(err, rc, "%s: %s", name,
                      rc == QUIRE_ETOOBIG ? "article too large" : quire_strerror(rc));
    if (!rc && !(out->body = quire_buf_steal(&b, &out->body_len)))
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
    quire_buf_fini(&b);
    if (rc)
        bundle_doc_fini(out);
    return rc;
}

/* ---- HTML ---- */

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

/* Subtrees left out entirely. */
static const char *const dropped[] = {
    "script",   "style",    "iframe",   "frame", "frameset", "form",   "object", "embed",
    "applet",   "noscript", "template", "head",  "nav",      "button", "input",  "select",
    "textarea", "canvas",   "svg",      "math",  "audio",    "video",  "img",    "picture",
    "source",   "link",     "meta",     "base",  "title",    "dialog", NULL};
/* Phrasing elements kept as they are; inside them (and p, h1-h6, pre) blocks are unwrapped. */
static const char *const phrasing[] = {"a",     "em",   "strong", "b",    "i",    "u",   "s",
                                       "sub",   "sup",  "code",   "span", "cite", "q",   "abbr",
                                       "small", "mark", "time",   "del",  "ins",  "kbd", "samp",
                                       "var",   "dfn",  "bdi",    "bdo",  NULL};
static const char *const phrasing_only[] = {"p",  "h1",  "h2", "h3",      "h4",         "h5",
                                            "h6", "pre", "dt", "caption", "figcaption", NULL};
static const char *const blocks[] = {
    "p",      "h1",         "h2",     "h3",         "h4",    "h5",      "h6",
    "pre",    "blockquote", "ul",     "ol",         "li",    "dl",      "dt",
    "dd",     "table",      "thead",  "tbody",      "tfoot", "tr",      "td",
    "th",     "caption",    "figure", "figcaption", "div",   "section", "article",
    "header", "footer",     "aside",  "hr",         NULL};
static const char *const voids[] = {"br", "hr", "wbr", NULL};
/* Containers where only child elements, not text, may stand. */
static const char *const no_text[] = {"ul",    "ol",    "dl", "table", "thead",
                                      "tbody", "tfoot", "tr", NULL};

struct parent_rule {
    const char *child;
    const char *parents[6]; /* NULL-terminated */
};
static const struct parent_rule parent_rules[] = {
    {"li", {"ul", "ol", NULL}},
    {"dt", {"dl", NULL}},
    {"dd", {"dl", NULL}},
    {"tr", {"table", "thead", "tbody", "tfoot", NULL}},
    {"td", {"tr", NULL}},
    {"th", {"tr", NULL}},
    {"thead", {"table", NULL}},
    {"tbody", {"table", NULL}},
    {"tfoot", {"table", NULL}},
    {"caption", {"table", NULL}},
    {"figcaption", {"figure", NULL}},
};

struct conv {
    struct quire_buf *b;
    const char *parent; /* nearest emitted element, "" at body level */
    int phrasing_depth; /* > 0: only phrasing content may be emitted */
    int a_depth;        /* > 0: inside a link */
    bool has_h1;
    const struct bundle_media *media; /* pictures packed with the article */
    size_t n_media;
};

/* Containers that take only some children (anything else is unwrapped into them). */
static const struct parent_rule container_rules[] = {
    {"ul", {"li", NULL}},       {"ol", {"li", NULL}},
    {"dl", {"dt", "dd", NULL}}, {"table", {"caption", "thead", "tbody", "tfoot", "tr"}},
    {"thead", {"tr", NULL}},    {"tbody", {"tr", NULL}},
    {"tfoot", {"tr", NULL}},    {"tr", {"td", "th", NULL}},
};

static bool parent_ok(const char *name, const char *parent)
{
    for (size_t i = 0; i < sizeof container_rules / sizeof container_rules[0]; i++)
        if (strcmp(container_rules[i].child, parent) == 0 &&
            !name_in(name, container_rules[i].parents))
            return false;
    for (size_t i = 0; i < sizeof parent_rules / sizeof parent_rules[0]; i++)
        if (strcmp(parent_rules[i].child, name) == 0)
            return name_in(parent, parent_rules[i].parents);
    return true;
}

static bool is_url_safe(const char *href)
{
    return strncmp(href, "http://", 7) == 0 || strncmp(href, "https://", 8) == 0 ||
           strncmp(href, "mailto:", 7) == 0;
}

static bool all_digits(const char *s)
{
    if (!*s || strlen(s) > 4)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static bool attr_allowed(const char *el, const char *attr, const char *value)
{
    if (strcmp(attr, "lang") == 0)
        return bundle_lang_valid(value);
    if (strcmp(attr, "dir") == 0)
        return strcmp(value, "ltr") == 0 || strcmp(value, "rtl") == 0 || strcmp(value, "auto") == 0;
    if (strcmp(attr, "title") == 0)
        return true;
    if (strcmp(el, "a") == 0 && strcmp(attr, "href") == 0)
        return is_url_safe(value);
    if ((strcmp(el, "td") == 0 || strcmp(el, "th") == 0) &&
        (strcmp(attr, "colspan") == 0 || strcmp(attr, "rowspan") == 0))
        return all_digits(value) && strcmp(value, "0") != 0;
    return false;
}

static enum quire_status put_attrs(struct conv *c, xmlNode *n, const char *el)
{
    enum quire_status rc = QUIRE_OK;
    for (xmlAttr *a = n->properties; a && !rc; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        const char *value = v ? (const char *)v : "";
        if (attr_allowed(el, (const char *)a->name, value) &&
            !(rc = quire_buf_printf(c->b, " %s=\"", (const char *)a->name)) &&
            !(rc = put_text(c->b, value, strlen(value))))
            rc = quire_buf_puts(c->b, "\"");
        xmlFree(v);
    }
    return rc;
}

static enum quire_status convert_children(struct conv *c, xmlNode *first);

/* <img> stays only when it shows one of the bundle's own pictures: src and alt, nothing else
 * (a remote picture would be fetched by the reader, and tell the server who reads what). */
static enum quire_status convert_img(struct conv *c, xmlNode *n)
{
    static const char prefix[] = "../images/";
    xmlChar *src = xmlGetProp(n, (const xmlChar *)"src");
    xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
    const char *s = src ? (const char *)src : "";
    bool packed = false;
    if (strncmp(s, prefix, sizeof prefix - 1) == 0 && !name_in(c->parent, no_text))
        for (size_t i = 0; i < c->n_media && !packed; i++)
            packed = strcmp(s + sizeof prefix - 1, c->media[i].name) == 0;
    enum quire_status rc = QUIRE_OK;
    if (packed && !(rc = quire_buf_printf(c->b, "<img src=\"%s\" alt=\"", s))) {
        const char *a = alt ? (const char *)alt : "";
        if (!(rc = put_text(c->b, a, strlen(a))))
            rc = quire_buf_puts(c->b, "\"/>");
    }
    xmlFree(src);
    xmlFree(alt);
    return rc;
}

static enum quire_status convert_element(struct conv *c, xmlNode *n)
{
    const char *el = (const char *)n->name;
    if (strcmp(el, "img") == 0)
        return convert_img(c, n);
    if (name_in(el, dropped))
        return QUIRE_OK;
    bool is_phrasing = name_in(el, phrasing), is_block = name_in(el, blocks);
    bool keep = (is_phrasing || is_block || name_in(el, voids)) && parent_ok(el, c->parent) &&
                !(is_block && c->phrasing_depth > 0) && !(strcmp(el, "a") == 0 && c->a_depth);
    if (!keep) /* unwrap: the children stand in the element's place */
        return n->children ? convert_children(c, n->children) : QUIRE_OK;
    if (name_in(el, voids))
        return quire_buf_printf(c->b, "<%s/>", el);
    enum quire_status rc = quire_buf_printf(c->b, "<%s", el);
    if (!rc)
        rc = put_attrs(c, n, el);
    if (!rc)
        rc = quire_buf_puts(c->b, ">");
    const char *saved = c->parent;
    bool deepen = is_phrasing || name_in(el, phrasing_only);
    c->parent = el;
    c->phrasing_depth += deepen;
    c->a_depth += strcmp(el, "a") == 0;
    c->has_h1 |= strcmp(el, "h1") == 0;
    if (!rc && n->children)
        rc = convert_children(c, n->children);
    c->a_depth -= strcmp(el, "a") == 0;
    c->phrasing_depth -= deepen;
    c->parent = saved;
    if (!rc)
        rc = quire_buf_printf(c->b, "</%s>", el);
    if (!rc && is_block)
        rc = quire_buf_puts(c->b, "\n");
    return rc;
}

static enum quire_status convert_children(struct conv *c, xmlNode *first)
{
    enum quire_status rc = QUIRE_OK;
    for (xmlNode *n = first; n && !rc; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            rc = convert_element(c, n);
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
                   !name_in(c->parent, no_text)) {
            const char *t = (const char *)n->content;
            rc = put_text(c->b, t, strlen(t));
        }
    }
    return rc;
}

static xmlNode *find_element(xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, name) == 0)
            return n;
        xmlNode *found = find_element(n->children, name);
        if (found)
            return found;
    }
    return NULL;
}

static char *node_text(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    char *s = collapse_ws((const char *)t, strlen((const char *)t));
    xmlFree(t);
    if (s && !*s) {
        quire_free(s);
        return NULL;
    }
    return s;
}

static htmlDocPtr parse_html(const char *html, size_t len)
{
    if (len > (size_t)QUIRE_ARTICLE_MAX_BYTES)
        return NULL;
    /* Valid UTF-8 is read as such; anything else is left to libxml2's charset sniffing. */
    const char *enc = quire_utf8_valid(html, len, NULL) ? "UTF-8" : NULL;
    return htmlReadMemory(html, (int)len, NULL, enc,
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
}

/* A <title> that only repeats the book's title or names the file says nothing. */
static bool title_useless(const char *t, const char *avoid)
{
    size_t n = strlen(t);
    return (avoid && strcmp(t, avoid) == 0) || (n > 6 && strcmp(t + n - 6, ".xhtml") == 0) ||
           (n > 5 && strcmp(t + n - 5, ".html") == 0);
}

static char *doc_title(htmlDocPtr doc, const char *avoid)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *t = find_element(root, "title"), *h1 = find_element(root, "h1");
    char *title = t ? node_text(t) : NULL;
    if (title && !title_useless(title, avoid))
        return title;
    char *heading = h1 ? node_text(h1) : NULL;
    if (!heading)
        return title;
    quire_free(title);
    return heading;
}

char *bundle_html_title(const char *html, size_t len, const char *avoid)
{
    htmlDocPtr doc = parse_html(html, len);
    if (!doc)
        return NULL;
    char *s = doc_title(doc, avoid);
    xmlFreeDoc(doc);
    return s;
}

/* The content of the first <meta> in <head> whose name or property is one of keys (in the
 * order of keys), white space collapsed; heap string or NULL. */
static char *doc_meta(htmlDocPtr doc, const char *const *keys)
{
    xmlNode *head = find_element(xmlDocGetRootElement(doc), "head");
    for (const char *const *k = keys; head && *k; k++)
        for (xmlNode *m = head->children; m; m = m->next) {
            if (m->type != XML_ELEMENT_NODE || strcmp((const char *)m->name, "meta") != 0)
                continue;
            xmlChar *name = xmlGetProp(m, (const xmlChar *)"name");
            xmlChar *prop = xmlGetProp(m, (const xmlChar *)"property");
            bool match = (name && !strcasecmp((const char *)name, *k)) ||
                         (prop && !strcasecmp((const char *)prop, *k));
            xmlFree(name);
            xmlFree(prop);
            xmlChar *content = match ? xmlGetProp(m, (const xmlChar *)"content") : NULL;
            char *v = content ? collapse_ws((const char *)content, strlen((char *)content)) : NULL;
            xmlFree(content);
            if (v && *v)
                return v;
            quire_free(v);
        }
    return NULL;
}

static char *doc_author(htmlDocPtr doc)
{
    static const char *const keys[] = {"author", NULL};
    return doc_meta(doc, keys);
}

/* A stable identity the publisher gave the story: its canonical URL or a dc.identifier. */
static char *doc_guid(htmlDocPtr doc)
{
    static const char *const keys[] = {"dc.identifier", "dcterms.identifier", NULL};
    xmlNode *head = find_element(xmlDocGetRootElement(doc), "head");
    for (xmlNode *l = head ? head->children : NULL; l; l = l->next) {
        if (l->type != XML_ELEMENT_NODE || strcmp((const char *)l->name, "link") != 0)
            continue;
        xmlChar *rel = xmlGetProp(l, (const xmlChar *)"rel");
        xmlChar *href = rel && !strcasecmp((const char *)rel, "canonical")
                            ? xmlGetProp(l, (const xmlChar *)"href")
                            : NULL;
        xmlFree(rel);
        char *v = href ? collapse_ws((const char *)href, strlen((char *)href)) : NULL;
        xmlFree(href);
        if (v && *v)
            return v;
        quire_free(v);
    }
    return doc_meta(doc, keys);
}

/* A date from the first of keys present; 0 when absent or not RFC 3339. */
static int64_t doc_time(htmlDocPtr doc, const char *const *keys)
{
    char *v = doc_meta(doc, keys);
    int64_t t = 0;
    if (v && !quire_time_parse(v, &t))
        t = 0;
    quire_free(v);
    return t;
}

enum quire_status bundle_doc_from_html(const char *name, const char *html, size_t len,
                                       struct bundle_doc *out, struct quire_err *err)
{
    return bundle_doc_from_html_media(name, html, len, NULL, 0, out, err);
}

enum quire_status bundle_doc_from_html_media(const char *name, const char *html, size_t len,
                                             const struct bundle_media *media, size_t n_media,
                                             struct bundle_doc *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    if (memchr(html, '\0', len))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: contains a NUL byte", name);
    htmlDocPtr doc = parse_html(html, len);
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not an HTML document", name);
    }
    struct quire_buf b;
    quire_buf_init(&b, QUIRE_ARTICLE_MAX_BYTES);
    struct conv c = {.b = &b, .parent = "", .media = media, .n_media = n_media};
    xmlNode *body = find_element(xmlDocGetRootElement(doc), "body");
    enum quire_status rc = body && body->children ? convert_children(&c, body->children) : 0;
    out->title = doc_title(doc, NULL);
    out->byline = doc_author(doc);
    static const char *const published_keys[] = {"article:published_time", "dcterms.created",
                                                 "dcterms.date", "date", NULL};
    static const char *const updated_keys[] = {"article:modified_time", "dcterms.modified",
                                               "last-modified", NULL};
    out->guid = doc_guid(doc);
    out->published = doc_time(doc, published_keys);
    out->updated = doc_time(doc, updated_keys);
    xmlFreeDoc(doc);
    if (!rc && !out->title)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: no <title> or <h1> to take a title from", name);
    else if (rc)
        quire_err_set(err, rc, "%s: %s", name,
                      rc == QUIRE_ETOOBIG ? "article too large" : quire_strerror(rc));
    out->has_h1 = c.has_h1;
    if (!rc && !(out->body = quire_buf_steal(&b, &out->body_len)))
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
    quire_buf_fini(&b);
    if (rc)
        bundle_doc_fini(out);
    return rc;
}
