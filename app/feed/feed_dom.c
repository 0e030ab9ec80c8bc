/* feed_dom: the extractor's working tree (see feed_dom.h): built from gumbo's output without
 * recursion, edited by index, measured in one walk per question. */
#include <assert.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "feed_dom.h"
#include "feed_page.h"
#include "quire_util.h"

struct frame {
    const GumboNode *g;
    int32_t parent;
    int depth;
};

/* Elements that carry nothing a reader of the article needs. */
static bool is_dropped_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_MENU:
        return true;
    default:
        return false;
    }
}

const char *page_gumbo_attr(const GumboNode *g, const char *name)
{
    /* The stripped page gumbo parsed has only the attributes the list names. */
    assert(page_attribute_read(name, strlen(name)));
    const GumboAttribute *a = gumbo_get_attribute(&g->v.element.attributes, name);
    return a ? a->value : NULL;
}

bool dom_contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return true;
    int lo = tolower((unsigned char)needle[0]), up = toupper((unsigned char)needle[0]);
    for (; *hay; hay++)
        if ((*hay == lo || *hay == up) && strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

/* Hidden as browsers would not show it (Readability's _isProbablyVisible). */
static bool is_hidden(const GumboNode *g)
{
    const char *style = page_gumbo_attr(g, "style");
    if (style && page_style_hides(style, strlen(style)))
        return true;
    if (page_gumbo_attr(g, "hidden"))
        return true;
    const char *aria = page_gumbo_attr(g, "aria-hidden");
    const char *cls = page_gumbo_attr(g, "class");
    return aria && strcmp(aria, "true") == 0 && !(cls && strstr(cls, "fallback-image"));
}

static int32_t add_node(struct dom *d, const GumboNode *g, uint16_t tag)
{
    if (d->n == d->alloc) {
        size_t na = d->alloc ? d->alloc * 2 : 256;
        struct dom_node *nodes = quire_realloc(d->nodes, na * sizeof *nodes);
        if (!nodes)
            return DOM_NONE;
        d->nodes = nodes;
        d->alloc = na;
    }
    int32_t i = (int32_t)d->n++;
    d->nodes[i] = (struct dom_node){.g = g,
                                    .parent = DOM_NONE,
                                    .first = DOM_NONE,
                                    .last = DOM_NONE,
                                    .next = DOM_NONE,
                                    .prev = DOM_NONE,
                                    .tag = tag};
    return i;
}

int32_t dom_new(struct dom *d, uint16_t tag)
{
    return add_node(d, NULL, tag);
}

void dom_unlink(struct dom *d, int32_t i)
{
    struct dom_node *n = &d->nodes[i];
    if (n->parent == DOM_NONE)
        return;
    dom_touch(d, n->parent);
    struct dom_node *p = &d->nodes[n->parent];
    if (n->prev != DOM_NONE)
        d->nodes[n->prev].next = n->next;
    else
        p->first = n->next;
    if (n->next != DOM_NONE)
        d->nodes[n->next].prev = n->prev;
    else
        p->last = n->prev;
    n->parent = n->prev = n->next = DOM_NONE;
}

void dom_append(struct dom *d, int32_t parent, int32_t i)
{
    dom_unlink(d, i);
    dom_touch(d, parent);
    struct dom_node *p = &d->nodes[parent], *n = &d->nodes[i];
    n->parent = parent;
    n->prev = p->last;
    if (p->last != DOM_NONE)
        d->nodes[p->last].next = i;
    else
        p->first = i;
    p->last = i;
}

void dom_replace(struct dom *d, int32_t old, int32_t i)
{
    dom_unlink(d, i);
    dom_touch(d, d->nodes[old].parent);
    struct dom_node *o = &d->nodes[old], *n = &d->nodes[i];
    n->parent = o->parent;
    n->prev = o->prev;
    n->next = o->next;
    if (o->prev != DOM_NONE)
        d->nodes[o->prev].next = i;
    else if (o->parent != DOM_NONE)
        d->nodes[o->parent].first = i;
    if (o->next != DOM_NONE)
        d->nodes[o->next].prev = i;
    else if (o->parent != DOM_NONE)
        d->nodes[o->parent].last = i;
    o->parent = o->prev = o->next = DOM_NONE;
}

static bool push(struct frame **stack, size_t *n, size_t *alloc, struct frame f)
{
    if (*n == *alloc) {
        size_t na = *alloc ? *alloc * 2 : 256;
        struct frame *s = quire_realloc(*stack, na * sizeof *s);
        if (!s)
            return false;
        *stack = s;
        *alloc = na;
    }
    (*stack)[(*n)++] = f;
    return true;
}

static const GumboNode *find_body(const GumboNode *root)
{
    const GumboVector *kids = &root->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_BODY)
            return k;
    }
    return root;
}

/* One gumbo node into the tree; its children go onto the stack (last first). */
static bool visit(struct dom *d, struct frame f, struct frame **stack, size_t *n, size_t *alloc)
{
    const GumboNode *g = f.g;
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
        g->type == GUMBO_NODE_CDATA) {
        int32_t i = add_node(d, g, DOM_TEXT);
        if (i != DOM_NONE)
            dom_append(d, f.parent, i);
        return i != DOM_NONE;
    }
    if (g->type != GUMBO_NODE_ELEMENT || is_dropped_tag(g->v.element.tag) || is_hidden(g))
        return true;
    int32_t parent = f.parent;
    if (f.depth <= QUIRE_HTML_MAX_DEPTH) { /* deeper elements give their children upwards */
        parent = add_node(d, g, (uint16_t)g->v.element.tag);
        if (parent == DOM_NONE)
            return false;
        dom_append(d, f.parent, parent);
    }
    const GumboVector *kids = &g->v.element.children;
    for (unsigned k = kids->length; k-- > 0;)
        if (!push(stack, n, alloc, (struct frame){kids->data[k], parent, f.depth + 1}))
            return false;
    return true;
}

enum quire_status dom_build(struct dom *d, const GumboOutput *out, struct quire_err *err)
{
    *d = (struct dom){0};
    const GumboNode *body = find_body(out->root);
    d->body = add_node(d, body, (uint16_t)body->v.element.tag);
    struct frame *stack = NULL;
    size_t n = 0, alloc = 0;
    bool ok = d->body != DOM_NONE;
    const GumboVector *kids = &body->v.element.children;
    for (unsigned k = kids->length; ok && k-- > 0;)
        ok = push(&stack, &n, &alloc, (struct frame){kids->data[k], d->body, 1});
    while (ok && n > 0)
        ok = visit(d, stack[--n], &stack, &n, &alloc);
    quire_free(stack);
    if (!ok) {
        dom_fini(d);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    return QUIRE_OK;
}

void dom_fini(struct dom *d)
{
    quire_free(d->nodes);
    *d = (struct dom){0};
}

int32_t dom_next(const struct dom *d, int32_t root, int32_t i, bool skip_children)
{
    if (!skip_children && d->nodes[i].first != DOM_NONE)
        return d->nodes[i].first;
    while (i != root && i != DOM_NONE) {
        if (d->nodes[i].next != DOM_NONE)
            return d->nodes[i].next;
        i = d->nodes[i].parent;
    }
    return DOM_NONE;
}

bool dom_has_ancestor(const struct dom *d, int32_t i, uint16_t tag)
{
    for (i = d->nodes[i].parent; i != DOM_NONE; i = d->nodes[i].parent)
        if (d->nodes[i].tag == tag)
            return true;
    return false;
}

const char *dom_attr(const struct dom *d, int32_t i, const char *name)
{
    const GumboNode *g = d->nodes[i].g;
    return g && g->type == GUMBO_NODE_ELEMENT ? page_gumbo_attr(g, name) : NULL;
}

const char *dom_text(const struct dom *d, int32_t i)
{
    const GumboNode *g = d->nodes[i].g;
    return g && d->nodes[i].tag == DOM_TEXT ? g->v.text.text : "";
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Commas of the scripts Quire serves: Latin, Arabic, fullwidth and ideographic forms. */
static int count_commas(const unsigned char *s)
{
    int n = 0;
    for (; *s; s++) {
        if (*s == ',')
            n++;
        else if ((s[0] == 0xD8 && s[1] == 0x8C) ||                 /* U+060C Arabic comma */
                 (s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x8C) || /* U+FF0C fullwidth */
                 (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x81))   /* U+3001 ideographic */
            n++;
    }
    return n;
}

static bool is_hash_link(const struct dom *d, int32_t a)
{
    const char *href = dom_attr(d, a, "href");
    return href && href[0] == '#';
}

/* Whitespace collapsed as in the page's visible text: runs inside count one, and a text
 * with letters and whitespace at its edges counts one for the space joining it to the next;
 * whitespace-only text counts nothing. */
static void text_stats(const char *text, struct dom_stats *s)
{
    const unsigned char *p = (const unsigned char *)text;
    int letters = 0, spaces = 0;
    bool space = false, edge = is_space(*p);
    for (; *p; p++) {
        if (is_space(*p)) {
            spaces += !space && letters > 0;
            space = true;
        } else if ((*p & 0xC0) != 0x80) {
            letters++;
            space = false;
        }
    }
    if (letters == 0)
        return;
    edge |= space;
    spaces -= space; /* a trailing run is an edge, not an inner space */
    s->letters += letters;
    s->chars += letters + spaces + edge;
    s->commas += count_commas((const unsigned char *)text);
}

/* Recursion follows the tree, whose depth dom_build caps near QUIRE_HTML_MAX_DEPTH. */
static void compute_stats(struct dom *d, int32_t i)
{
    struct dom_node *n = &d->nodes[i];
    if (n->has_stats)
        return;
    struct dom_stats s = {0};
    if (n->tag == DOM_TEXT) {
        text_stats(dom_text(d, i), &s);
    } else {
        for (int32_t k = n->first; k != DOM_NONE; k = d->nodes[k].next) {
            compute_stats(d, k);
            const struct dom_node *c = &d->nodes[k];
            const struct dom_stats *cs = &c->stats;
            s.chars += cs->chars;
            s.letters += cs->letters;
            s.list_chars +=
                c->tag == GUMBO_TAG_UL || c->tag == GUMBO_TAG_OL ? cs->chars : cs->list_chars;
            s.link_chars += cs->link_chars;
            s.commas += cs->commas;
            s.p += cs->p + (c->tag == GUMBO_TAG_P);
            s.img += cs->img + (c->tag == GUMBO_TAG_IMG);
            s.li += cs->li + (c->tag == GUMBO_TAG_LI);
            s.heading_chars += cs->heading_chars;
            s.blocks += cs->blocks + dom_is_div_block(c->tag);
            s.elements += cs->elements + (c->tag != DOM_TEXT);
            s.breaks += cs->breaks + (c->tag == GUMBO_TAG_BR || c->tag == GUMBO_TAG_HR);
        }
        if (n->tag == GUMBO_TAG_A)
            s.link_chars = is_hash_link(d, i) ? s.chars * 0.3 : s.chars;
        if (n->tag >= GUMBO_TAG_H1 && n->tag <= GUMBO_TAG_H6)
            s.heading_chars = (int)s.chars;
    }
    n->stats = s;
    n->has_stats = true;
}

void dom_stats(const struct dom *d, int32_t root, struct dom_stats *s)
{
    /* The cache is not part of the tree's value: filling it does not change the tree. */
    compute_stats((struct dom *)d, root);
    *s = d->nodes[root].stats;
}

void dom_touch(struct dom *d, int32_t i)
{
    for (; i != DOM_NONE && d->nodes[i].has_stats; i = d->nodes[i].parent)
        d->nodes[i].has_stats = false;
}

bool dom_is_div_block(uint16_t t)
{
    return t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_DL || t == GUMBO_TAG_DIV ||
           t == GUMBO_TAG_IMG || t == GUMBO_TAG_OL || t == GUMBO_TAG_P || t == GUMBO_TAG_PRE ||
           t == GUMBO_TAG_TABLE || t == GUMBO_TAG_UL;
}

/* Drops a last code point the cap cut short: its continuation bytes and its lead byte. */
static void cut_to_code_point(struct quire_buf *b)
{
    size_t lead = b->len;
    while (lead > 0 && b->len - lead < 4 && ((unsigned char)b->data[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead > 0 && !quire_utf8_valid(b->data + lead - 1, b->len - lead + 1, NULL)) {
        b->len = lead - 1;
        b->data[b->len] = '\0';
    }
}

char *dom_inner_text(const struct dom *d, int32_t root, size_t cap)
{
    struct quire_buf b;
    quire_buf_init(&b, cap);
    bool space = false;
    for (int32_t i = root; i != DOM_NONE; i = dom_next(d, root, i, false)) {
        if (d->nodes[i].tag != DOM_TEXT)
            continue;
        for (const char *p = dom_text(d, i); *p; p++) {
            if (is_space((unsigned char)*p)) {
                space = b.len > 0;
                continue;
            }
            if ((space && quire_buf_append(&b, " ", 1)) || quire_buf_append(&b, p, 1))
                goto full;
            space = false;
        }
    }
full: /* past the cap: what fits, cut back to a whole code point */
    if (b.len > 0 && b.len >= cap)
        cut_to_code_point(&b);
    if (!b.data)
        return quire_strdup("");
    return quire_buf_steal(&b, NULL);
}

bool dom_is_block(uint16_t tag)
{
    switch (tag) {
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_MAIN:
        return true;
    default:
        return false;
    }
}

bool dom_is_phrasing(const struct dom *d, int32_t i)
{
    switch (d->nodes[i].tag) {
    case DOM_TEXT:
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_I:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_STRIKE:
        return true;
    default:
        return false;
    }
}
