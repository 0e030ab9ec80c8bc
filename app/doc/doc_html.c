/* doc_html: the sanitising HTML/XHTML converter. libxml2's HTML parser (recovering, no network,
 * no entities from outside; a DOCTYPE's internal subset is cut out first, unread) builds a
 * tree; a walk maps block elements to doc blocks and inline elements to span styles. Unknown
 * elements flatten to their text; script, style, forms, iframes, embedded objects and the head are
 * dropped whole. Element nesting deeper than QUIRE_HTML_MAX_DEPTH is flattened to its text so a
 * hostile document cannot exhaust the stack. Start reading at doc_from_html. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "doc.h"
#include "doc_internal.h"

enum elem_role {
    ROLE_INLINE = 0, /* unknown or inline: its text joins the current block */
    ROLE_DROP,       /* dropped with everything inside */
    ROLE_BLOCK,      /* a generic block container (div, section, p, td) */
    ROLE_HEADING,
    ROLE_QUOTE,
    ROLE_LIST,
    ROLE_ITEM,
    ROLE_PRE,
    ROLE_RULE,
    ROLE_IMAGE,
    ROLE_CAPTION,
    ROLE_BREAK,
};

struct elem_info {
    const char *name;
    enum elem_role role;
    uint8_t style;
};

static const struct elem_info elems[] = {
    {"script", ROLE_DROP, 0},
    {"style", ROLE_DROP, 0},
    {"head", ROLE_DROP, 0},
    {"form", ROLE_DROP, 0},
    {"iframe", ROLE_DROP, 0},
    {"frame", ROLE_DROP, 0},
    {"frameset", ROLE_DROP, 0},
    {"object", ROLE_DROP, 0},
    {"embed", ROLE_DROP, 0},
    {"applet", ROLE_DROP, 0},
    {"noscript", ROLE_DROP, 0},
    {"template", ROLE_DROP, 0},
    {"svg", ROLE_DROP, 0},
    {"math", ROLE_DROP, 0},
    {"canvas", ROLE_DROP, 0},
    {"input", ROLE_DROP, 0},
    {"button", ROLE_DROP, 0},
    {"select", ROLE_DROP, 0},
    {"textarea", ROLE_DROP, 0},
    {"audio", ROLE_DROP, 0},
    {"video", ROLE_DROP, 0},
    {"link", ROLE_DROP, 0},
    {"meta", ROLE_DROP, 0},
    {"title", ROLE_DROP, 0},
    {"p", ROLE_BLOCK, 0},
    {"div", ROLE_BLOCK, 0},
    {"section", ROLE_BLOCK, 0},
    {"article", ROLE_BLOCK, 0},
    {"header", ROLE_BLOCK, 0},
    {"footer", ROLE_BLOCK, 0},
    {"main", ROLE_BLOCK, 0},
    {"aside", ROLE_BLOCK, 0},
    {"nav", ROLE_BLOCK, 0},
    {"figure", ROLE_BLOCK, 0},
    {"table", ROLE_BLOCK, 0},
    {"tr", ROLE_BLOCK, 0},
    {"dl", ROLE_BLOCK, 0},
    {"dt", ROLE_BLOCK, 0},
    {"dd", ROLE_BLOCK, 0},
    {"address", ROLE_BLOCK, 0},
    {"td", ROLE_BLOCK, 0},
    {"th", ROLE_BLOCK, 0},
    {"caption", ROLE_BLOCK, 0},
    {"details", ROLE_BLOCK, 0},
    {"summary", ROLE_BLOCK, 0},
    {"hgroup", ROLE_BLOCK, 0},
    {"menu", ROLE_LIST, 0},
    {"body", ROLE_BLOCK, 0},
    {"center", ROLE_BLOCK, 0},
    {"h1", ROLE_HEADING, 1},
    {"h2", ROLE_HEADING, 2},
    {"h3", ROLE_HEADING, 3},
    {"h4", ROLE_HEADING, 4},
    {"h5", ROLE_HEADING, 5},
    {"h6", ROLE_HEADING, 6},
    {"blockquote", ROLE_QUOTE, 0},
    {"ul", ROLE_LIST, 0},
    {"ol", ROLE_LIST, 1},
    {"li", ROLE_ITEM, 0},
    {"pre", ROLE_PRE, 0},
    {"hr", ROLE_RULE, 0},
    {"img", ROLE_IMAGE, 0},
    {"figcaption", ROLE_CAPTION, 0},
    {"br", ROLE_BREAK, 0},
    {"b", ROLE_INLINE, DOC_STYLE_BOLD},
    {"strong", ROLE_INLINE, DOC_STYLE_BOLD},
    {"i", ROLE_INLINE, DOC_STYLE_ITALIC},
    {"em", ROLE_INLINE, DOC_STYLE_ITALIC},
    {"cite", ROLE_INLINE, DOC_STYLE_ITALIC},
    {"var", ROLE_INLINE, DOC_STYLE_ITALIC},
    {"a", ROLE_INLINE, DOC_STYLE_LINK},
    {"code", ROLE_INLINE, DOC_STYLE_CODE},
    {"tt", ROLE_INLINE, DOC_STYLE_CODE},
    {"kbd", ROLE_INLINE, DOC_STYLE_CODE},
    {"samp", ROLE_INLINE, DOC_STYLE_CODE},
};

/* The context of the walk: what an enclosed block becomes. */
struct walk_ctx {
    enum doc_kind kind; /* kind of a block started here */
    int level;
    uint8_t style;
    const char *lang; /* interned */
    enum doc_dir dir; /* inherited from the nearest dir attribute */
    int list_depth;
    int quote_depth;
    bool is_ordered;
};

struct walker {
    struct doc *doc;
    struct doc_builder b;
    enum quire_status st;
    int depth;
};

static const struct elem_info *elem_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
        if (strcasecmp(elems[i].name, name) == 0)
            return &elems[i];
    return NULL;
}

/* An attribute's value, or NULL when absent or not valid UTF-8 (the parser may pass broken
 * bytes through). */
static const char *attr(xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name) != 0 || !a->children ||
            !a->children->content)
            continue;
        const char *v = (const char *)a->children->content;
        return quire_utf8_valid(v, strlen(v), NULL) ? v : NULL;
    }
    return NULL;
}

/* The language attribute: xml:lang (XHTML; libxml2's HTML parser keeps the prefixed name, or the
 * local name with the xml namespace) wins over lang. */
static const char *lang_attr(xmlNode *n)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->ns && a->ns->prefix && strcmp((const char *)a->ns->prefix, "xml") == 0 && a->name &&
            strcmp((const char *)a->name, "lang") == 0 && a->children && a->children->content &&
            quire_utf8_valid((const char *)a->children->content,
                             strlen((const char *)a->children->content), NULL))
            return (const char *)a->children->content;
    const char *l = attr(n, "xml:lang");
    return l && *l ? l : attr(n, "lang");
}

/* Language of an element: xml:lang or lang, else the inherited one. */
static const char *elem_lang(struct walker *w, xmlNode *n, const char *inherited)
{
    const char *l = lang_attr(n);
    if (!l || !*l || strlen(l) > 35)
        return inherited;
    const char *in = doc_intern(w->doc, l);
    if (!in)
        w->st = QUIRE_ENOMEM;
    return in ? in : inherited;
}

/* Direction of an element: its dir attribute (ltr, rtl, auto) or the inherited one. */
static enum doc_dir elem_dir(xmlNode *n, enum doc_dir inherited)
{
    const char *d = attr(n, "dir");
    if (!d)
        return inherited;
    return strcasecmp(d, "rtl") == 0    ? DOC_DIR_RTL
           : strcasecmp(d, "ltr") == 0  ? DOC_DIR_LTR
           : strcasecmp(d, "auto") == 0 ? DOC_DIR_AUTO
                                        : inherited;
}

static void flush(struct walker *w, const struct walk_ctx *c)
{
    if (w->st == QUIRE_OK)
        w->st = doc_builder_flush(&w->b, c->kind, c->level, c->lang, c->dir);
}

static void walk(struct walker *w, xmlNode *n, struct walk_ctx c);

static void walk_children(struct walker *w, xmlNode *n, const struct walk_ctx *c)
{
    if (++w->depth <= QUIRE_HTML_MAX_DEPTH) {
        for (xmlNode *k = n->children; k && w->st == QUIRE_OK; k = k->next)
            walk(w, k, *c);
    }
    w->depth--;
}

static void add_text(struct walker *w, const struct walk_ctx *c, const char *s)
{
    if (w->st == QUIRE_OK && s)
        w->st = doc_builder_text(&w->b, s, strlen(s), c->style, c->lang);
}

static void walk_image(struct walker *w, xmlNode *n, const struct walk_ctx *c)
{
    const char *src = attr(n, "src");
    if (!src || !*src || strlen(src) >= QUIRE_PATH_MAX_BYTES)
        return;
    flush(w, c);
    /* A size the page states exactly, or none: atoi would overflow on a long digit run. */
    const char *ws = attr(n, "width"), *hs = attr(n, "height");
    int width = 0, height = 0;
    if ((ws && !quire_parse_int(ws, 0, 100000, &width)) ||
        (hs && !quire_parse_int(hs, 0, 100000, &height)))
        width = height = 0;
    if (w->st == QUIRE_OK)
        w->st = doc_add_media(w->doc, DOC_IMAGE, src, attr(n, "alt"), width, height);
}

/* A list item starts with its marker so the reader sees "• " or "3. ". */
static void walk_item(struct walker *w, xmlNode *n, struct walk_ctx *c,
                      const struct walk_ctx *parent)
{
    flush(w, parent);
    c->kind = DOC_LIST_ITEM;
    c->level = c->list_depth ? c->list_depth : 1;
    char marker[16];
    int number = 1;
    for (xmlNode *k = n->prev; k; k = k->prev)
        number += k->type == XML_ELEMENT_NODE && strcasecmp((const char *)k->name, "li") == 0;
    if (c->is_ordered)
        snprintf(marker, sizeof(marker), "%d. ", number);
    else
        snprintf(marker, sizeof(marker), "\xE2\x80\xA2 ");
    uint8_t style = c->style;
    c->style = 0;
    add_text(w, c, marker);
    c->style = style;
    walk_children(w, n, c);
    flush(w, c);
}

static void walk_element(struct walker *w, xmlNode *n, struct walk_ctx *parent)
{
    const struct elem_info *info = elem_lookup((const char *)n->name);
    enum elem_role role = info ? info->role : ROLE_INLINE;
    struct walk_ctx c = *parent;
    if (n->parent && n->parent->type != XML_ELEMENT_NODE)
        c.lang = NULL; /* the root's lang is the document's (doc_lang) */
    else
        c.lang = elem_lang(w, n, parent->lang);
    c.dir = elem_dir(n, parent->dir);
    switch (role) {
    case ROLE_DROP:
        return;
    case ROLE_INLINE:
        c.style |= info ? info->style : 0;
        walk_children(w, n, &c);
        return;
    case ROLE_BREAK:
        if (w->b.text.len > 0 && w->st == QUIRE_OK) {
            bool was_pre = w->b.is_pre;
            w->b.is_pre = true; /* a literal newline: the typesetter's forced break */
            w->b.has_pending_space = false;
            w->st = doc_builder_text(&w->b, "\n", 1, c.style, c.lang);
            w->b.is_pre = was_pre;
        }
        return;
    case ROLE_RULE:
        flush(w, parent);
        if (w->st == QUIRE_OK)
            w->st = doc_add_media(w->doc, DOC_RULE, NULL, NULL, 0, 0);
        return;
    case ROLE_IMAGE:
        walk_image(w, n, parent);
        return;
    case ROLE_ITEM:
        walk_item(w, n, &c, parent);
        return;
    case ROLE_LIST:
        c.list_depth++;
        c.is_ordered = info->style == 1;
        break;
    case ROLE_HEADING:
        c.kind = DOC_HEADING;
        c.level = info->style;
        break;
    case ROLE_QUOTE:
        c.quote_depth++;
        c.kind = DOC_QUOTE;
        c.level = c.quote_depth;
        break;
    case ROLE_PRE:
        c.kind = DOC_PRE;
        break;
    case ROLE_CAPTION:
        c.kind = DOC_CAPTION;
        break;
    case ROLE_BLOCK:
        break;
    }
    flush(w, parent);
    bool was_pre = w->b.is_pre;
    w->b.is_pre = was_pre || role == ROLE_PRE;
    walk_children(w, n, &c);
    flush(w, &c);
    w->b.is_pre = was_pre;
}

static void walk(struct walker *w, xmlNode *n, struct walk_ctx c)
{
    if (w->st != QUIRE_OK)
        return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        add_text(w, &c, (const char *)n->content);
    else if (n->type == XML_ELEMENT_NODE)
        walk_element(w, n, &c);
}

static void silence(void *ctx, const char *msg, ...) {}

/* Index just past the end of what starts at s[i] (a quoted string, a comment or a processing
 * instruction), or i when none starts there; n when it never ends. */
static size_t skip_markup(const char *s, size_t n, size_t i)
{
    const char *end = NULL;
    size_t skip = 0;
    if (s[i] == '"' || s[i] == '\'') {
        end = memchr(s + i + 1, s[i], n - i - 1);
        skip = 1;
    } else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        for (size_t k = i + 4; k + 3 <= n && !end; k++)
            end = memcmp(s + k, "-->", 3) == 0 ? s + k : NULL;
        skip = 3;
    } else if (n - i >= 2 && memcmp(s + i, "<?", 2) == 0) {
        for (size_t k = i + 2; k + 2 <= n && !end; k++)
            end = memcmp(s + k, "?>", 2) == 0 ? s + k : NULL;
        skip = 2;
    } else {
        return i;
    }
    return end ? (size_t)(end - s) + skip : n;
}

/* The internal subset "[ ... ]" of a DOCTYPE before the first element, as [*a, *b). The HTML
 * parser does not know DTD syntax and would show the subset as text; it is dropped unread
 * (nothing it names is ever loaded). */
static bool find_internal_subset(const char *s, size_t n, size_t *a, size_t *b)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (;;) { /* whitespace, the XML declaration, comments */
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        size_t k = i < n && s[i] == '<' ? skip_markup(s, n, i) : i;
        if (k == i)
            break;
        i = k;
    }
    if (n - i < 9 || strncasecmp(s + i, "<!DOCTYPE", 9) != 0)
        return false;
    for (i += 9; i < n && s[i] != '[' && s[i] != '>';) {
        size_t k = skip_markup(s, n, i);
        i = k > i ? k : i + 1;
    }
    if (i >= n || s[i] != '[')
        return false;
    *a = i++;
    while (i < n && s[i] != ']') {
        size_t k = skip_markup(s, n, i);
        i = k > i ? k : i + 1;
    }
    *b = i < n ? i + 1 : n;
    return true;
}

enum quire_status doc_from_html(const char *html, size_t len, struct doc **out,
                                struct quire_err *err)
{
    *out = NULL;
    if (len > QUIRE_ARTICLE_MAX_BYTES || len > INT32_MAX)
        return quire_err_set(err, QUIRE_ETOOBIG, "HTML of %zu bytes passes the cap of %ld", len,
                             (long)QUIRE_ARTICLE_MAX_BYTES);
    xmlSetGenericErrorFunc(NULL, silence);
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
               HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
    size_t sub_a = 0, sub_b = 0;
    char *copy = NULL;
    if (find_internal_subset(html, len, &sub_a, &sub_b)) {
        copy = quire_malloc(len - (sub_b - sub_a) + 1);
        if (!copy)
            return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        memcpy(copy, html, sub_a);
        memcpy(copy + sub_a, html + sub_b, len - sub_b);
        len -= sub_b - sub_a;
        html = copy;
    }
    htmlDocPtr tree = htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
    quire_free(copy);
    if (!tree)
        return quire_err_set(err, QUIRE_EFORMAT, "not an HTML document");
    struct walker w = {.st = QUIRE_OK};
    w.st = doc_new(&w.doc);
    if (w.st == QUIRE_OK) {
        doc_builder_init(&w.b, w.doc);
        xmlNode *root = xmlDocGetRootElement(tree);
        struct walk_ctx c = {.kind = DOC_PARAGRAPH};
        if (root) {
            const char *lang = lang_attr(root);
            if (lang && *lang && strlen(lang) <= 35)
                w.st = doc_set_lang(w.doc, lang);
        }
        for (xmlNode *k = tree->children; k && w.st == QUIRE_OK; k = k->next)
            walk(&w, k, c);
        flush(&w, &c);
        doc_builder_fini(&w.b);
    }
    xmlFreeDoc(tree);
    if (w.st != QUIRE_OK) {
        doc_destroy(w.doc);
        return quire_err_set(err, w.st, "converting HTML: %s", quire_strerror(w.st));
    }
    *out = w.doc;
    return QUIRE_OK;
}
