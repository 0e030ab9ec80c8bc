/* strip_same: test support (header only) for page_strip_scripts: whether gumbo's tree of the
 * stripped page equals the whole page's, but for the bodies the stripping emptied (scripts but
 * JSON-LD, styles). Used by tests/unit/feed/test_feed_strip.c and tests/fuzz/fuzz_strip.c. */
#ifndef QUIRE_TEST_STRIP_SAME_H
#define QUIRE_TEST_STRIP_SAME_H

#include <gumbo.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static inline bool is_json_script(const GumboNode *n)
{
    const GumboAttribute *t = gumbo_get_attribute(&n->v.element.attributes, "type");
    return t && strstr(t->value, "json");
}

/* Equal trees but for the children of scripts and styles the stripped page emptied. */
static inline bool same_tree(const GumboNode *a, const GumboNode *b, char *why, size_t why_len)
{
    if (a->type != b->type) {
        snprintf(why, why_len, "node types %d and %d", a->type, b->type);
        return false;
    }
    if (a->type == GUMBO_NODE_TEXT || a->type == GUMBO_NODE_WHITESPACE ||
        a->type == GUMBO_NODE_COMMENT || a->type == GUMBO_NODE_CDATA) {
        if (strcmp(a->v.text.text, b->v.text.text) == 0)
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
        if (ea->tag != eb->tag || ea->tag_namespace != eb->tag_namespace ||
            ea->attributes.length != eb->attributes.length) {
            snprintf(why, why_len, "elements %s and %s", gumbo_normalized_tagname(ea->tag),
                     gumbo_normalized_tagname(eb->tag));
            return false;
        }
        for (unsigned i = 0; i < ea->attributes.length; i++) {
            const GumboAttribute *x = ea->attributes.data[i], *y = eb->attributes.data[i];
            if (strcmp(x->name, y->name) || strcmp(x->value, y->value)) {
                snprintf(why, why_len, "attributes %s and %s", x->name, y->name);
                return false;
            }
        }
        bool emptied =
            ea->tag_namespace == GUMBO_NAMESPACE_HTML &&
            (ea->tag == GUMBO_TAG_STYLE || (ea->tag == GUMBO_TAG_SCRIPT && !is_json_script(a)));
        if (emptied && eb->children.length == 0)
            return true;
        ca = &ea->children;
        cb = &eb->children;
    }
    if (ca->length != cb->length) {
        snprintf(why, why_len, "%u and %u children", ca->length, cb->length);
        return false;
    }
    for (unsigned i = 0; i < ca->length; i++)
        if (!same_tree(ca->data[i], cb->data[i], why, why_len))
            return false;
    return true;
}

/* Parses both with gumbo and compares; why gets the first difference. */
static inline bool strip_parses_same(const char *page, size_t len, const char *out, size_t out_len,
                                     char *why, size_t why_len)
{
    GumboOutput *a = gumbo_parse_with_options(&kGumboDefaultOptions, page, len);
    GumboOutput *b = gumbo_parse_with_options(&kGumboDefaultOptions, out, out_len);
    bool same = same_tree(a->document, b->document, why, why_len);
    gumbo_destroy_output(&kGumboDefaultOptions, a);
    gumbo_destroy_output(&kGumboDefaultOptions, b);
    return same;
}

#endif
