/* feed_strip: a slimmer page for gumbo (see page_strip_scripts in feed_page.h). Scripts and
 * styles are half of a news page's bytes, runs of indentation a quarter of the rest, and the
 * extractor reads none of them (but JSON-LD, kept), yet gumbo spends as long on each byte of
 * them as on the markup, one character at a time.
 * The scan follows HTML's tokenizer where it matters: comments, doctypes and processing
 * instructions, tags with quoted and unquoted attribute values, and the raw text elements,
 * whose bodies are skipped to their end tag as the tokenizer does. Wherever the tokenizer could
 * read the page otherwise (a script that opens "<!--" and "<script" inside itself, whose end
 * tag may not end it), the rest of the page is copied as it is: the stripped page always
 * parses to the same tree as the whole one, but for what the slimming leaves out
 * (tests/support/strip_same.h says exactly what that is, and a fuzzer holds it). */
#include <string.h>
#include <strings.h>

#include "feed_page.h"
#include "quire_util.h"

struct strip {
    const char *s;
    size_t len;
    char *out;
    size_t n;
    int pre, listing; /* open <pre> and <listing> tags: their whitespace is kept */
    bool keep_space;  /* a scope boundary opened inside one: where they end is not certain */
    bool odd_end_tag; /* the last tag was "</>" or a bogus "</...": gumbo's state is off */
};

static void put(struct strip *st, size_t from, size_t to)
{
    memcpy(st->out + st->n, st->s + from, to - from);
    st->n += to - from;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Text between tags, each run of whitespace made one character unless it is inside a <pre> or
 * <listing> (or might be). A run with a line break becomes a line break, so a text stays
 * readable line by line. */
static void put_text(struct strip *st, size_t from, size_t to)
{
    if (st->pre || st->listing || st->keep_space) {
        put(st, from, to);
        return;
    }
    const char *s = st->s;
    char *o = st->out + st->n;
    for (size_t i = from; i < to;) {
        char c = s[i++];
        *o++ = c;
        if (!is_space(c) || i == to || !is_space(s[i]))
            continue;
        bool line = c == '\n' || c == '\r';
        for (; i < to && is_space(s[i]); i++)
            line = line || s[i] == '\n' || s[i] == '\r';
        o[-1] = line ? '\n' : ' ';
    }
    st->n = (size_t)(o - st->out);
}

static bool is_alpha(char c)
{
    return ((unsigned char)c | 0x20) >= 'a' && ((unsigned char)c | 0x20) <= 'z';
}

size_t page_find_ci(const char *s, size_t len, size_t i, const char *needle)
{
    size_t k = strlen(needle);
    while (i + k <= len) {
        const char *hit = memchr(s + i, needle[0], len - i - k + 1);
        if (!hit)
            return len;
        i = (size_t)(hit - s);
        if (strncasecmp(s + i, needle, k) == 0)
            return i;
        i++;
    }
    return len;
}

/* Where the end tag "</name" closing a raw text body starting at i begins: the first one
 * followed by a space, '/' or '>' (the tokenizer's "appropriate end tag"); len if none. */
static size_t raw_text_end(const char *s, size_t len, size_t i, const char *name)
{
    char end[16] = "</";
    strncat(end, name, sizeof end - 3);
    size_t k = strlen(end);
    for (;;) {
        i = page_find_ci(s, len, i, end);
        if (i == len || i + k == len) /* "</script" as the page's last bytes is text */
            return len;
        if (is_space(s[i + k]) || s[i + k] == '/' || s[i + k] == '>')
            return i;
        i++;
    }
}

/* The end of a tag whose name ends at i: past its '>', attribute values read as the
 * tokenizer reads them (quotes only where a value starts with one, "=" as a name's first
 * character part of the name); len when the page ends first. */
static size_t tag_end_sc(const char *s, size_t len, size_t i, bool *self_closing)
{
    enum { BEFORE_NAME, IN_NAME, AFTER_NAME, BEFORE_VALUE, UNQUOTED } at = BEFORE_NAME;
    bool slash = false; /* the last character was a '/' outside a value */
    *self_closing = false;
    for (; i < len; i++) {
        char c = s[i];
        bool space = is_space(c);
        if (c == '>' && at != BEFORE_VALUE) {
            *self_closing = slash && at != UNQUOTED;
            return i + 1;
        }
        slash = c == '/' && at != UNQUOTED && at != BEFORE_VALUE;
        switch (at) {
        case BEFORE_NAME:
            at = space || c == '/' ? BEFORE_NAME : IN_NAME;
            break;
        case IN_NAME:
        case AFTER_NAME:
            if (c == '=')
                at = BEFORE_VALUE;
            else if (c == '/')
                at = BEFORE_NAME;
            else if (space)
                at = AFTER_NAME;
            else
                at = IN_NAME;
            break;
        case BEFORE_VALUE:
            if (c == '"' || c == '\'') {
                const char *q = memchr(s + i + 1, c, len - i - 1);
                if (!q)
                    return len;
                i = (size_t)(q - s);
                at = BEFORE_NAME; /* after a quoted value anything starts a new name */
            } else if (c == '>') {
                return i + 1; /* a missing value ends the tag */
            } else if (!space) {
                at = UNQUOTED;
            }
            break;
        case UNQUOTED:
            if (space)
                at = BEFORE_NAME;
            break;
        }
    }
    return len;
}

static size_t tag_end(const char *s, size_t len, size_t i)
{
    bool self_closing;
    return tag_end_sc(s, len, i, &self_closing);
}

/* The length of the tag name starting at i (up to a space, '/' or '>'). */
static size_t name_len(const char *s, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && !is_space(s[i + n]) && s[i + n] != '/' && s[i + n] != '>')
        n++;
    return n;
}

/* The end of a comment starting at i ("<!--"): "-->" or "--!>", or right away for "<!-->"
 * and "<!--->" (the tokenizer's abrupt ends). */
static size_t comment_end(const char *s, size_t len, size_t i)
{
    if (i + 4 < len && s[i + 4] == '>')
        return i + 5;
    if (i + 5 < len && s[i + 4] == '-' && s[i + 5] == '>')
        return i + 6;
    /* One pass over the "--" in it: a search for each ending would read the rest of the page
     * for every comment that has no "--!>". */
    for (size_t j = page_find_ci(s, len, i + 4, "--"); j < len;
         j = page_find_ci(s, len, j + 1, "--")) {
        if (j + 2 < len && s[j + 2] == '>')
            return j + 3;
        if (j + 3 < len && s[j + 2] == '!' && s[j + 3] == '>')
            return j + 4;
    }
    return len;
}

/* Copies a comment, doctype, bogus comment ("<!x", "<?x", "</ x": to the first '>') or "</>"
 * from i; returns where the page goes on. */
static size_t copy_markup_declaration(struct strip *st, size_t i)
{
    const char *s = st->s;
    size_t len = st->len, end;
    if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        end = comment_end(s, len, i);
    } else {
        st->odd_end_tag = st->odd_end_tag || s[i + 1] == '/';
        end = page_find_ci(s, len, i + 2, ">");
        end = end < len ? end + 1 : len;
    }
    put(st, i, end);
    return end;
}

static bool tag_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

/* A script the extractor reads (JSON-LD), or whose end the tokenizer may not see at its first
 * "</script": "<!--" then "<script" inside it is the script data's escaped state. */
static bool script_kept(const char *tag, size_t tag_len)
{
    for (size_t i = 0; i + 4 <= tag_len; i++)
        if (strncasecmp(tag + i, "json", 4) == 0)
            return true;
    return false;
}

/* SVG elements of icons and drawings, which the tokenizer reads inside <svg> as it reads HTML
 * tags (no CDATA, no HTML integration point but a plain <title> or <desc>, none of the HTML
 * tags that break out of SVG). */
static bool svg_plain_element(const char *name, size_t n)
{
    static const char *const names[] = {"svg",
                                        "g",
                                        "path",
                                        "circle",
                                        "ellipse",
                                        "line",
                                        "polyline",
                                        "polygon",
                                        "rect",
                                        "use",
                                        "defs",
                                        "symbol",
                                        "lineargradient",
                                        "radialgradient",
                                        "stop",
                                        "clippath",
                                        "mask",
                                        "pattern",
                                        "text",
                                        "tspan",
                                        "textpath",
                                        "image",
                                        "marker",
                                        "filter",
                                        "animate",
                                        "animatetransform",
                                        "animatemotion",
                                        "set",
                                        "metadata",
                                        "switch",
                                        "view",
                                        "title",
                                        "desc",
                                        NULL};
    if (n > 2 && strncasecmp(name, "fe", 2) == 0) /* filter primitives: feBlend, ... */
        return true;
    for (const char *const *p = names; *p; p++)
        if (tag_is(name, n, *p))
            return true;
    return false;
}

/* Inside <select> the parser ignores <style>, <title>, <textarea>'s kin (their bodies are
 * markup there): only options are plain. */
static bool select_plain_element(const char *name, size_t n)
{
    return tag_is(name, n, "option") || tag_is(name, n, "optgroup") || tag_is(name, n, "hr");
}

#define PLAIN_MAX_DEPTH 64 /* a deeper SVG drawing is copied as it is */

/* Where an <svg> or <select> element (outer) whose start tag ends at i ends (past its end
 * tag), when everything in it is plain: tags the tokenizer reads there as it reads HTML's
 * data; 0 otherwise (or when it never ends). */
static size_t plain_block_end(const char *s, size_t len, size_t i, const char *outer)
{
    bool is_select = strcmp(outer, "select") == 0;
    /* The SVG elements open (open[0] stands for the outer one): gumbo pops them otherwise
     * than HTML says when an end tag names none of them, so only well-nested ones are plain. */
    struct {
        size_t at, n;
    } open[PLAIN_MAX_DEPTH];
    int depth = 1;
    open[0].at = open[0].n = 0;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            return 0;
        i = (size_t)(lt - s);
        char next = i + 1 < len ? s[i + 1] : 0;
        bool end_tag = next == '/';
        size_t name = i + 1 + end_tag,
               n = is_alpha(i + 1 + end_tag < len ? s[name] : 0) ? name_len(s, len, name) : 0;
        if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            i = comment_end(s, len, i);
            continue;
        }
        if (next == '!' || next == '?' || (end_tag && n == 0))
            return 0; /* CDATA, or a bogus comment: leave it to gumbo */
        if (n == 0) {
            i++;
            continue;
        }
        bool is_outer = tag_is(s + name, n, outer);
        if (is_select ? !(end_tag && is_outer) && !select_plain_element(s + name, n)
                      : !svg_plain_element(s + name, n))
            return 0;
        bool self_closing;
        size_t after = tag_end_sc(s, len, name + n, &self_closing);
        if (end_tag && (name + n >= len || s[name + n] != '>'))
            return 0; /* "</svg/>", "</g x>": leave such end tags to gumbo */
        if (!end_tag && (tag_is(s + name, n, "title") || tag_is(s + name, n, "desc"))) {
            /* HTML integration points: plain text only, up to their own end tag. */
            const char *close = memchr(s + after, '<', len - after);
            if (!close || (size_t)(close - s) + 2 + n > len || close[1] != '/' ||
                strncasecmp(close + 2, s + name, n) != 0)
                return 0;
        }
        if (is_select) {
            if (is_outer && end_tag)
                return after;
        } else if (end_tag) {
            /* An end tag closes the innermost open element, or </svg> the drawing and all that
             * is open in it; anything else is for gumbo to read. */
            if (depth > 1 && open[depth - 1].n == n &&
                strncasecmp(s + open[depth - 1].at, s + name, n) == 0) {
                depth--;
            } else {
                for (int k = 1; k < depth; k++)
                    if (tag_is(s + open[k].at, open[k].n, "svg"))
                        return 0;
                return is_outer ? after : 0;
            }
        } else if (!self_closing) {
            if (depth == PLAIN_MAX_DEPTH)
                return 0;
            open[depth].at = name;
            open[depth++].n = n;
        }
        i = after;
    }
    return 0;
}

/* Tags whose attributes shape the tree: <isindex> becomes a form whose text is its prompt;
 * a formatting element (but <a>, of which the list holds one) is dropped from the active
 * formatting elements when three identical ones (attributes included) came before it. */
static bool keeps_attributes(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
        return true;
    default:
        return false;
    }
}

/* Elements that bound the scope an end tag looks for its element in. */
static bool is_scope_boundary(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_TEMPLATE:
        return true;
    default:
        return false;
    }
}

/* Follows the <pre> and <listing> elements open. Their end tags close them only when in
 * scope: past a table, a cell or another boundary inside one, whitespace is kept to the end. */
static void note_space_keeping(struct strip *st, GumboTag t, bool end_tag)
{
    int *depth = t == GUMBO_TAG_PRE ? &st->pre : t == GUMBO_TAG_LISTING ? &st->listing : NULL;
    if (depth && end_tag && *depth > 0)
        (*depth)--;
    else if (depth && !end_tag)
        (*depth)++;
    else if (!end_tag && (st->pre || st->listing) && is_scope_boundary(t))
        st->keep_space = true;
}

bool page_is_raw_text(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
        return true;
    default:
        return false;
    }
}

/* Copies the start tag at i (name of n bytes at i + 1) and, for a raw text element, its body
 * (emptied for scripts and styles) up to its end tag. Returns where the page goes on, or len
 * after copying the rest when the tokenizer's reading is not certain. */
static size_t copy_start_tag(struct strip *st, size_t i, size_t n)
{
    const char *s = st->s;
    GumboTag t = gumbo_tagn_enum(s + i + 1, (unsigned)n);
    bool self_closing, odd_end_tag = st->odd_end_tag;
    st->odd_end_tag = false;
    size_t len = st->len, out_n = 0;
    size_t after = keeps_attributes(t)
                       ? 0
                       : page_slim_start_tag(s, len, i, n, st->out + st->n, &out_n, &self_closing);
    if (after) {
        st->n += out_n;
    } else {
        after = tag_end_sc(s, len, i + 1 + n, &self_closing);
        put(st, i, after);
    }
    note_space_keeping(st, t, false);
    /* Inside SVG and MathML the tokenizer's states follow the tree (CDATA sections, HTML
     * integration points, tags that break out): a plain SVG drawing is emptied, anything else
     * ends the stripping (the rest is copied as it is). */
    if ((t == GUMBO_TAG_SVG && !self_closing) || t == GUMBO_TAG_SELECT) {
        const char *outer = t == GUMBO_TAG_SVG ? "svg" : "select";
        size_t end = plain_block_end(s, len, after, outer);
        if (!end || odd_end_tag) {
            /* Right after "</>" gumbo takes it into the SVG's start tag and no longer sees the
             * drawing's end tag as its own: where it ends is gumbo's to say, so the rest of
             * the page is copied as it is. */
            put(st, after, len);
            return len;
        }
        /* The extractor drops both whole: a plain one keeps only its start and end tags. */
        st->out[st->n++] = '<';
        st->out[st->n++] = '/';
        memcpy(st->out + st->n, outer, strlen(outer));
        st->n += strlen(outer);
        st->out[st->n++] = '>';
        return end;
    }
    /* A frameset ignores every tag but its own, raw text ones included. */
    if (t == GUMBO_TAG_PLAINTEXT || t == GUMBO_TAG_MATH || t == GUMBO_TAG_FRAMESET) {
        put(st, after, len);
        return len;
    }
    if (!page_is_raw_text(t))
        return after;
    size_t end = raw_text_end(s, len, after, gumbo_normalized_tagname(t));
    bool is_script = t == GUMBO_TAG_SCRIPT;
    if (is_script) {
        size_t open = page_find_ci(s, end, after, "<!--");
        if (open < end && page_find_ci(s, end, open, "<script") < end) {
            put(st, after, len); /* escaped script data: copy the rest as it is */
            return len;
        }
    }
    bool empty_it =
        end < len && ((is_script && !script_kept(s + i, after - i)) || t == GUMBO_TAG_STYLE);
    if (!empty_it)
        put(st, after, end);
    return end;
}

char *page_strip_scripts(const char *s, size_t len, size_t *out_len)
{
    struct strip st = {s, len, quire_malloc(len + 1), 0, 0, 0, false, false};
    if (!st.out)
        return NULL;
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        size_t at = lt ? (size_t)(lt - s) : len;
        put_text(&st, i, at);
        i = at;
        if (i >= len)
            break;
        char next = i + 1 < len ? s[i + 1] : 0;
        bool end_tag = next == '/' && i + 2 < len;
        if (next == '!' || next == '?' || (end_tag && !is_alpha(s[i + 2]))) {
            i = copy_markup_declaration(&st, i);
        } else if (end_tag) {
            size_t n = name_len(s, len, i + 2), end = tag_end(s, len, i + 2 + n);
            note_space_keeping(&st, gumbo_tagn_enum(s + i + 2, (unsigned)n), true);
            st.odd_end_tag = false;
            put(&st, i, end);
            i = end;
        } else if (is_alpha(next)) {
            i = copy_start_tag(&st, i, name_len(s, len, i + 1));
        } else {
            put(&st, i, i + 1); /* a lone '<' is text */
            i++;
        }
    }
    st.out[st.n] = '\0';
    *out_len = st.n;
    return st.out;
}
