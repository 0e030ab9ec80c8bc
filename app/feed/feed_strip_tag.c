/* feed_strip_tag: the start tags of a page rewritten before gumbo parses it (feed_strip.c),
 * with only the attributes the extractor reads. Inline styles, event handlers, data-* and
 * ARIA attributes are a fifth of a news page's markup once its scripts are emptied, and gumbo
 * reads every byte of them one character at a time.
 * The attributes are read as HTML's tokenizer reads them (its states from "before attribute
 * name" to "self-closing start tag"), and written back so that the tokenizer reads the kept
 * ones exactly as before: the same names and raw values, in the same order. */
#include <string.h>
#include <strings.h>

#include "feed_page.h"

#define MAX_ATTRIBUTES 64 /* a tag with more is copied as it is (each name is looked up) */

/* Attributes the extractor reads (feed_dom.c, feed_meta.c, feed_article.c, feed_clean.c,
 * feed_page.c: dom_attr and page_gumbo_attr assert it), and those that steer gumbo's tree
 * construction: an <input>'s type in a table, a <font>'s color, face and size in foreign
 * content, an <annotation-xml>'s encoding. */
static const struct {
    const char *name;
    size_t n;
} read_attributes[] = {
#define A(s)                                                                                       \
    {                                                                                              \
        s, sizeof s - 1                                                                            \
    }
    A("alt"),      A("aria-hidden"), A("class"),       A("content"),       A("datetime"),
    A("dir"),      A("href"),        A("hidden"),      A("http-equiv"),    A("id"),
    A("itemprop"), A("lang"),        A("name"),        A("property"),      A("rel"),
    A("role"),     A("src"),         A("srcset"),      A("style"),         A("summary"),
    A("type"),     A("data-src"),    A("data-srcset"), A("data-original"), A("data-lazy-src"),
    A("encoding"), A("color"),       A("face"),        A("size"),
#undef A
};

bool page_attribute_read(const char *name, size_t n)
{
    for (size_t k = 0; k < sizeof read_attributes / sizeof read_attributes[0]; k++)
        if (read_attributes[k].n == n && (name[0] | 0x20) == read_attributes[k].name[0] &&
            strncasecmp(name, read_attributes[k].name, n) == 0)
            return true;
    return false;
}

/* Whether s[at..] starts with word (ASCII case-insensitive), within n. */
static bool has_at(const char *s, size_t n, size_t at, const char *word, size_t k)
{
    return at + k <= n && strncasecmp(s + at, word, k) == 0;
}

bool page_style_hides(const char *style, size_t n)
{
    /* "display:none", "display: none", "visibility:hidden" or "visibility: hidden": each
     * colon is looked at, not each position (the styles of a page are long). */
    for (const char *c = memchr(style, ':', n); c;
         c = memchr(c + 1, ':', n - (size_t)(c - style) - 1)) {
        size_t at = (size_t)(c - style), v = at + 1 + (at + 1 < n && style[at + 1] == ' ');
        if ((at >= 7 && has_at(style, n, at - 7, "display", 7) && has_at(style, n, v, "none", 4)) ||
            (at >= 10 && has_at(style, n, at - 10, "visibility", 10) &&
             has_at(style, n, v, "hidden", 6)))
            return true;
    }
    return false;
}

bool page_attribute_kept(const char *name, size_t n, const char *raw_value, size_t value_n)
{
    if (!page_attribute_read(name, n))
        return false;
    if (n != 5 || strncasecmp(name, "style", 5) != 0)
        return true;
    /* A style is read only for hiding; with a character reference its text is not yet known. */
    return memchr(raw_value, '&', value_n) || page_style_hides(raw_value, value_n);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

struct span {
    size_t from, to;
};

static bool seen_before(const char *s, const struct span *names, size_t n_names, struct span name)
{
    size_t n = name.to - name.from;
    for (size_t k = 0; k < n_names; k++)
        if (names[k].to - names[k].from == n &&
            strncasecmp(s + names[k].from, s + name.from, n) == 0)
            return true;
    return false;
}

enum last_written { WROTE_NAME, WROTE_QUOTED, WROTE_UNQUOTED, WROTE_BARE };

struct tag_out {
    char *o;
    enum last_written last;
};

static void write_bytes(struct tag_out *t, const char *s, size_t n)
{
    memcpy(t->o, s, n);
    t->o += n;
}

/* One kept attribute: a space unless a quoted value came just before (the tokenizer starts a
 * new name right after a closing quote), the name, and "=" with the raw value if it had one. */
static void write_attribute(struct tag_out *t, const char *s, struct span name, bool eq,
                            struct span value, bool quoted)
{
    if (t->last != WROTE_QUOTED)
        write_bytes(t, " ", 1);
    write_bytes(t, s + name.from, name.to - name.from);
    if (eq) {
        write_bytes(t, "=", 1);
        write_bytes(t, s + value.from, value.to - value.from);
    }
    t->last = quoted ? WROTE_QUOTED : eq ? WROTE_UNQUOTED : WROTE_BARE;
}

/* The end of the tag: "/>" needs a space after an unquoted value, which would take the '/'. */
static size_t write_end(struct tag_out *t, bool self_closing, size_t after)
{
    if (self_closing)
        write_bytes(t, t->last == WROTE_UNQUOTED ? " />" : "/>", t->last == WROTE_UNQUOTED ? 3 : 2);
    else
        write_bytes(t, ">", 1);
    return after;
}

/* An attribute's value from i (just past its '='): the raw span, quotes included, or an empty
 * span at a '>' (a missing value); false when the page ends first. */
static bool read_value(const char *s, size_t len, size_t *i, struct span *value, bool *quoted)
{
    while (*i < len && is_space(s[*i]))
        (*i)++;
    if (*i >= len)
        return false;
    value->from = *i;
    *quoted = s[*i] == '"' || s[*i] == '\'';
    if (*quoted) {
        const char *q = memchr(s + *i + 1, s[*i], len - *i - 1);
        if (!q)
            return false;
        *i = (size_t)(q - s) + 1;
    } else {
        while (*i < len && !is_space(s[*i]) && s[*i] != '>')
            (*i)++;
    }
    value->to = *i;
    return true;
}

size_t page_slim_start_tag(const char *s, size_t len, size_t lt, size_t name_n, char *out,
                           size_t *out_n, bool *self_closing)
{
    struct tag_out t = {out, WROTE_NAME};
    struct span names[MAX_ATTRIBUTES];
    size_t n_names = 0, i = lt + 1 + name_n;
    write_bytes(&t, s + lt, 1 + name_n);
    *self_closing = false;
    for (;;) {
        /* before attribute name; a '/' not before '>' is the self-closing state's reconsume */
        while (i < len && (is_space(s[i]) || (s[i] == '/' && !(i + 1 < len && s[i + 1] == '>'))))
            i++;
        if (i >= len || n_names == MAX_ATTRIBUTES)
            return 0;
        if (s[i] == '/' || s[i] == '>') {
            if (memchr(s + lt, '\0', i - lt))
                return 0; /* gumbo skips a NUL inside a tag where HTML has U+FFFD */
            *self_closing = s[i] == '/';
            i = write_end(&t, *self_closing, i + 1 + *self_closing);
            *out_n = (size_t)(t.o - out);
            return i;
        }
        struct span name = {i++, 0}, value = {0, 0}; /* a leading '=' is part of the name */
        while (i < len && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        name.to = i;
        while (i < len && is_space(s[i])) /* after attribute name */
            i++;
        if (i >= len)
            return 0;
        bool eq = s[i] == '=', quoted = false;
        if (eq && (i++, !read_value(s, len, &i, &value, &quoted)))
            return 0;
        /* The tokenizer drops a repeated name: so must the copy, or a later value would win. */
        if (!seen_before(s, names, n_names, name) &&
            page_attribute_kept(s + name.from, name.to - name.from, s + value.from,
                                value.to - value.from))
            write_attribute(&t, s, name, eq, value, quoted);
        names[n_names++] = name;
    }
}
