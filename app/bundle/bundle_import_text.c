/* bundle_import_text: the plain text of an article's XHTML, which the library keeps for
 * search and `show`: block elements become paragraphs, runs of white space fold to one space,
 * scripts, styles and the head are left out. */
#include <string.h>

#include "bundle_import_internal.h"

static bool is_block(const xmlChar *name)
{
    static const char *const blocks[] = {
        "p",          "h1",      "h2",      "h3",     "h4",     "h5",         "h6",
        "li",         "dt",      "dd",      "pre",    "div",    "blockquote", "tr",
        "figcaption", "section", "article", "header", "footer", "aside",      "hr",
        "br",         "table",   "ul",      "ol",     NULL};
    for (const char *const *b = blocks; *b; b++)
        if (xmlStrcasecmp(name, (const xmlChar *)*b) == 0)
            return true;
    return false;
}

static bool is_skipped(const xmlChar *name)
{
    return xmlStrcasecmp(name, (const xmlChar *)"script") == 0 ||
           xmlStrcasecmp(name, (const xmlChar *)"style") == 0 ||
           xmlStrcasecmp(name, (const xmlChar *)"head") == 0;
}

struct text_out {
    struct quire_buf *buf;
    bool pending_space;
    bool pending_break;
    enum quire_status rc;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Length of the run at s that needs no folding: words joined by single spaces. */
static size_t clean_run(const char *s)
{
    size_t n = 0;
    for (;;) {
        n += strcspn(s + n, " \n\t\r");
        if (s[n] != ' ' || !s[n + 1] || is_space(s[n + 1]))
            return n;
        n++;
    }
}

/* Appends a text node with runs of white space folded to one space. Text set with single
 * spaces between words goes in as one piece. */
static void put_text(struct text_out *t, const char *s)
{
    while (*s && !t->rc) {
        if (is_space(*s)) {
            t->pending_space = true;
            s++;
            continue;
        }
        size_t n = clean_run(s);
        if (t->buf->len > 0 && t->pending_break)
            t->rc = quire_buf_append(t->buf, "\n\n", 2);
        else if (t->buf->len > 0 && t->pending_space)
            t->rc = quire_buf_append(t->buf, " ", 1);
        t->pending_break = t->pending_space = false;
        if (!t->rc)
            t->rc = quire_buf_append(t->buf, s, n);
        s += n;
    }
}

static void walk_text(struct text_out *t, xmlNodePtr n, int depth)
{
    /* Depth is bounded by libxml2's own limit (256 without XML_PARSE_HUGE); keep ours too. */
    if (depth > 512)
        return;
    for (; n && !t->rc; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            put_text(t, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !is_skipped(n->name)) {
            bool block = is_block(n->name);
            if (block)
                t->pending_break = true;
            walk_text(t, n->children, depth + 1);
            if (block)
                t->pending_break = true;
        }
    }
}

static xmlNodePtr find_body(xmlNodePtr root)
{
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)"body") == 0)
            return n;
    return root;
}

enum quire_status bundle_import_text(xmlNodePtr root, struct quire_buf *buf)
{
    struct text_out t = {.buf = buf};
    walk_text(&t, find_body(root), 0);
    return t.rc;
}

bool bundle_import_drop_leading(char *text, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || strncmp(text, s, n) != 0)
        return false;
    if (text[n] == '\0')
        text[0] = '\0';
    else if (strncmp(text + n, "\n\n", 2) == 0)
        memmove(text, text + n + 2, strlen(text + n + 2) + 1);
    else
        return false;
    return true;
}
