/* strip_same: test support (header only) for page_strip_scripts: whether gumbo's tree of the
 * stripped page equals the whole page's, but for what the stripping may leave out: the bodies
 * of scripts (but JSON-LD), styles, SVG drawings and selects; runs of whitespace outside
 * <pre>, <listing> and <textarea> (compared collapsed); the attributes page_attribute_kept
 * refuses. Used by tests/unit/feed/test_feed_strip.c and tests/fuzz/fuzz_strip.c. */
#ifndef QUIRE_TEST_STRIP_SAME_H
#define QUIRE_TEST_STRIP_SAME_H

#include <gumbo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed_page.h"

static inline bool is_json_script(const GumboNode *n)
{
    const GumboAttribute *t = gumbo_get_attribute(&n->v.element.attributes, "type");
    return t && strstr(t->value, "json");
}

static inline bool strip_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* A copy of s with each run of two or more whitespace characters made one ("\n" when the run
 * has one), as the stripping makes them. */
static inline char *collapsed(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (!strip_is_space(*s) || !strip_is_space(s[1])) {
            *o++ = *s++;
            continue;
        }
        bool line = false;
        for (; strip_is_space(*s); s++)
            line = line || *s == '\n';
        *o++ = line ? '\n' : ' ';
    }
    *o = '\0';
    return out;
}

static inline bool same_text(const char *a, const char *b, bool keep_space)
{
    if (keep_space)
        return strcmp(a, b) == 0;
    char *ca = collapsed(a), *cb = collapsed(b);
    bool same = strcmp(ca, cb) == 0;
    free(ca);
    free(cb);
    return same;
}

/* The stripped element's attributes: the whole page's (a tag copied as it is), or those of
 * them page_attribute_kept keeps, in order. */
static inline bool same_attributes(const GumboElement *ea, const GumboElement *eb, bool all)
{
    unsigned j = 0;
    for (unsigned i = 0; i < ea->attributes.length; i++) {
        const GumboAttribute *x = ea->attributes.data[i];
        if (!all && !page_attribute_kept(x->original_name.data, x->original_name.length,
                                         x->original_value.data, x->original_value.length))
            continue;
        const GumboAttribute *y = j < eb->attributes.length ? eb->attributes.data[j++] : NULL;
        if (!y || strcmp(x->name, y->name) || strcmp(x->value, y->value))
            return false;
    }
    return j == eb->attributes.length;
}

/* Whether the stripping may have emptied this element of the whole page. */
static inline bool may_be_emptied(const GumboNode *a)
{
    const GumboElement *e = &a->v.element;
    if (e->tag_namespace == GUMBO_NAMESPACE_SVG)
        return e->tag == GUMBO_TAG_SVG;
    return e->tag_namespace == GUMBO_NAMESPACE_HTML &&
           (e->tag == GUMBO_TAG_STYLE || e->tag == GUMBO_TAG_SELECT ||
            (e->tag == GUMBO_TAG_SCRIPT && !is_json_script(a)));
}

static inline bool keeps_space(const GumboElement *e)
{
    return e->tag_namespace == GUMBO_NAMESPACE_HTML &&
           (e->tag == GUMBO_TAG_PRE || e->tag == GUMBO_TAG_LISTING || e->tag == GUMBO_TAG_TEXTAREA);
}

/* Equal trees but for what the stripping may leave out; keep_space inside <pre> and kin. */
static inline bool same_tree(const GumboNode *a, const GumboNode *b, bool keep_space, char *why,
                             size_t why_len)
{
    if (a->type != b->type) {
        snprintf(why, why_len, "node types %d and %d", a->type, b->type);
        return false;
    }
    if (a->type == GUMBO_NODE_TEXT || a->type == GUMBO_NODE_WHITESPACE ||
        a->type == GUMBO_NODE_COMMENT || a->type == GUMBO_NODE_CDATA) {
        if (a->type == GUMBO_NODE_COMMENT ? strcmp(a->v.text.text, b->v.text.text) == 0
                                          : same_text(a->v.text.text, b->v.text.text, keep_space))
            return true;
        snprintf(why, why_len, "texts '%.60s' and '%.60s'", a->v.text.text, b->v.text.text);
        return false;
    }
    const GumboVector *ca, *cb;
    if (a->type == GUMBO_NODE_DOCUMENT) {
        ca = &a->v.document.children;
        cb = &b->v.document.children;
    } else {
        const GumboElement *ea = &a->v.element, *eb = &b->v.element;
        if (ea->tag != eb->tag || ea->tag_namespace != eb->tag_namespace) {
            snprintf(why, why_len, "elements %s and %s", gumbo_normalized_tagname(ea->tag),
                     gumbo_normalized_tagname(eb->tag));
            return false;
        }
        if (!same_attributes(ea, eb, false) && !same_attributes(ea, eb, true)) {
            snprintf(why, why_len, "attributes of %s", gumbo_normalized_tagname(ea->tag));
            return false;
        }
        if (may_be_emptied(a) && eb->children.length == 0)
            return true;
        keep_space = keep_space || keeps_space(ea);
        ca = &ea->children;
        cb = &eb->children;
    }
    if (ca->length != cb->length) {
        snprintf(why, why_len, "%u and %u children", ca->length, cb->length);
        return false;
    }
    for (unsigned i = 0; i < ca->length; i++)
        if (!same_tree(ca->data[i], cb->data[i], keep_space, why, why_len))
            return false;
    return true;
}

/* Parses both with gumbo and compares; why gets the first difference. */
static inline bool strip_parses_same(const char *page, size_t len, const char *out, size_t out_len,
                                     char *why, size_t why_len)
{
    GumboOutput *a = gumbo_parse_with_options(&kGumboDefaultOptions, page, len);
    GumboOutput *b = gumbo_parse_with_options(&kGumboDefaultOptions, out, out_len);
    bool same = same_tree(a->document, b->document, false, why, why_len);
    gumbo_destroy_output(&kGumboDefaultOptions, a);
    gumbo_destroy_output(&kGumboDefaultOptions, b);
    return same;
}

#endif
