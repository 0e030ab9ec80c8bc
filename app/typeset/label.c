/* label: short UI text through the article typesetter (see layout.h, "labels"). A label is a
 * one-block document laid out ragged, without hyphenation, on a page as wide as the label may
 * be; too many lines are cut back a word at a time until the text and an ellipsis fit. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "layout.h"
#include "quire_util.h"

struct layout_label {
    struct doc *doc;
    struct layout *layout;
    struct layout_label_metrics m;
};

enum { LABEL_MAX_TRIES = 16, LABEL_PAD = 100 }; /* LABEL_PAD: margin that keeps page_w >= 200 */

static const char ellipsis[] = "\xE2\x80\xA6";

/* Appends s[0..n) to buf escaped for HTML text; false when buf is too small. */
static bool put_escaped(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *rep = s[i] == '<'   ? "&lt;"
                          : s[i] == '>' ? "&gt;"
                          : s[i] == '&' ? "&amp;"
                                        : NULL;
        size_t k = rep ? strlen(rep) : 1;
        if (*len + k + 1 > cap)
            return false;
        memcpy(buf + *len, rep ? rep : &s[i], k);
        *len += k;
    }
    buf[*len] = '\0';
    return true;
}

/* The document for text[0..n) (plus an ellipsis when is_cut): plain text, or HTML in <b>. */
static enum quire_status make_doc(const char *text, size_t n, bool is_cut, bool is_bold,
                                  struct doc **out, struct quire_err *err)
{
    size_t cap = n * 5 + 32;
    char *buf = quire_malloc(cap);
    if (!buf)
        return quire_err_set(err, QUIRE_ENOMEM, "label: out of memory");
    size_t len = 0;
    enum quire_status st;
    if (is_bold) {
        memcpy(buf, "<p><b>", 6);
        len = 6;
        put_escaped(buf, cap, &len, text, n);
    } else {
        memcpy(buf, text, n);
        len = n;
    }
    if (is_cut) {
        memcpy(buf + len, ellipsis, 3);
        len += 3;
    }
    if (is_bold) {
        memcpy(buf + len, "</b></p>", 8);
        len += 8;
    }
    buf[len] = '\0';
    st = is_bold ? doc_from_html(buf, len, out, err) : doc_from_text(buf, len, out, err);
    quire_free(buf);
    return st;
}

static void settings_for(const struct layout_label_opts *o, struct layout_settings *ls)
{
    layout_settings_default(ls);
    /* The typesetter wants a measure of 4 em or more: a narrower label (a key of a keyboard)
     * is set on 4 em and shows what fits its box. */
    int measure = o->max_w > 4 * o->font_px ? o->max_w : 4 * o->font_px + 1;
    int pad = measure < 200 ? LABEL_PAD : 0;
    ls->page_w = measure + 2 * pad;
    ls->margin = pad;
    ls->font_px = o->font_px;
    ls->line_spacing = 1.25;
    /* The margin is on every side: the page is as much taller as it is wider. */
    int lines = o->max_lines + 3 > 5 ? o->max_lines + 3 : 5;
    int h = (int)(o->font_px * 1.25 * lines) + 2 * pad;
    ls->page_h = h < 200 ? 200 : h > 4000 ? 4000 : h;
    ls->lang = o->lang;
    ls->linebreak = LAYOUT_BREAK_GREEDY;
    ls->is_ragged = true;
    ls->hyphenate = false;
    ls->cache = o->cache;
}

static size_t total_lines(const struct layout *l)
{
    size_t n = 0;
    for (size_t i = 0; i < layout_page_count(l); i++)
        n += layout_page_get(l, i)->line_count;
    return n;
}

/* Byte offset of code point cp in s (or strlen when past the end). */
static size_t byte_of_cp(const char *s, int64_t cp)
{
    size_t i = 0;
    for (int64_t k = 0; s[i] && k < cp; k++)
        for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

/* Moves cut back to the space before the word it is in (not before floor), else by one code
 * point; trailing spaces and punctuation before the ellipsis go too. */
static size_t cut_back(const char *s, size_t cut, size_t floor)
{
    size_t i = cut;
    while (i > floor && s[i - 1] != ' ')
        i--;
    if (i <= floor) { /* one word on the line: cut inside it */
        i = cut > 0 ? cut - 1 : 0;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
            i--;
    }
    while (i > 0 && strchr(" ,;:.-", s[i - 1]))
        i--;
    return i;
}

static enum quire_status lay(struct layout_fonts *fonts, const char *text, size_t n, bool is_cut,
                             const struct layout_label_opts *o, struct layout_label *lb,
                             struct quire_err *err)
{
    layout_destroy(lb->layout);
    doc_destroy(lb->doc);
    lb->layout = NULL;
    lb->doc = NULL;
    struct layout_settings ls;
    settings_for(o, &ls);
    enum quire_status st = make_doc(text, n, is_cut, o->is_bold, &lb->doc, err);
    if (!st)
        st = layout_create(fonts, lb->doc, &ls, &lb->layout, err);
    return st;
}

/* Lays out the normalised text of the first try again, shorter, until max_lines hold it. */
static enum quire_status truncate(struct layout_fonts *fonts, const struct layout_label_opts *o,
                                  struct layout_label *lb, struct quire_err *err)
{
    const struct doc_block *b = doc_block_get(lb->doc, 0);
    const struct layout_page *pg = layout_page_get(lb->layout, 0);
    if (!b || !pg || pg->line_count < (size_t)o->max_lines)
        return QUIRE_OK;
    char *text = quire_strdup(b->text);
    if (!text)
        return quire_err_set(err, QUIRE_ENOMEM, "label: out of memory");
    const struct layout_line *last = &pg->lines[o->max_lines - 1];
    size_t floor = byte_of_cp(text, last->start.offset);
    size_t cut = byte_of_cp(text, last->end.offset);
    enum quire_status st = QUIRE_OK;
    for (int i = 0; i < LABEL_MAX_TRIES && !st; i++) {
        cut = cut_back(text, cut, floor);
        st = lay(fonts, text, cut, true, o, lb, err);
        if (!st && (total_lines(lb->layout) <= (size_t)o->max_lines || cut == 0))
            break;
    }
    quire_free(text);
    lb->m.is_truncated = true;
    return st;
}

static void measure(struct layout_label *lb)
{
    const struct layout_page *pg = layout_page_get(lb->layout, 0);
    struct layout_stats stats;
    layout_stats_get(lb->layout, &stats);
    lb->m.missing_glyphs = stats.missing_glyphs;
    if (!pg || pg->line_count == 0)
        return;
    float x0 = pg->lines[0].x, x1 = x0;
    for (size_t i = 0; i < pg->line_count; i++) {
        const struct layout_line *ln = &pg->lines[i];
        x0 = ln->x < x0 ? ln->x : x0;
        x1 = ln->x + ln->width > x1 ? ln->x + ln->width : x1;
    }
    const struct layout_line *first = &pg->lines[0], *end = &pg->lines[pg->line_count - 1];
    lb->m.x0 = (int)x0;
    lb->m.width = (int)(x1 - (int)x0 + 0.999f);
    lb->m.y0 = (int)first->y;
    lb->m.height = (int)(end->y + end->height - first->y + 0.5f);
    lb->m.baseline = (int)(first->baseline - first->y + 0.5f);
    lb->m.lines = (int)pg->line_count;
    lb->m.is_rtl = first->is_rtl;
}

/* A text far longer than max_lines could hold is cut before it is set at all: no label costs
 * more than a few lines of shaping. A line holds at most max_w / (font_px / 5) characters. */
static size_t precut(const char *text, const struct layout_label_opts *o)
{
    size_t per_line = (size_t)o->max_w * 5 / (size_t)o->font_px + 8;
    return byte_of_cp(text, (int64_t)(per_line * (size_t)(o->max_lines + 1)));
}

enum quire_status layout_label_create(struct layout_fonts *fonts, const char *text,
                                      const struct layout_label_opts *o, struct layout_label **out,
                                      struct quire_err *err)
{
    *out = NULL;
    if (o->font_px < 8 || o->font_px > 200 || o->max_w < 1 || o->max_w > 4000 || o->max_lines < 1)
        return quire_err_set(err, QUIRE_EINVAL, "label: options out of range");
    struct layout_label *lb = quire_calloc(1, sizeof *lb);
    if (!lb)
        return quire_err_set(err, QUIRE_ENOMEM, "label: out of memory");
    size_t n = precut(text, o);
    enum quire_status st = lay(fonts, text, n, n < strlen(text), o, lb, err);
    if (!st && total_lines(lb->layout) > (size_t)o->max_lines)
        st = truncate(fonts, o, lb, err);
    if (st) {
        layout_label_destroy(lb);
        return st;
    }
    lb->m.is_truncated |= n < strlen(text);
    measure(lb);
    *out = lb;
    return QUIRE_OK;
}

void layout_label_destroy(struct layout_label *lb)
{
    if (!lb)
        return;
    layout_destroy(lb->layout);
    doc_destroy(lb->doc);
    quire_free(lb);
}

void layout_label_metrics_get(const struct layout_label *lb, struct layout_label_metrics *out)
{
    *out = lb->m;
}

const struct layout_page *layout_label_page(const struct layout_label *lb)
{
    const struct layout_page *pg = layout_page_get(lb->layout, 0);
    return pg && pg->line_count ? pg : NULL;
}
