/* typeset_fixture: what the typesetter's tests share: the fonts of the source tree (loaded
 * once per test group), documents from the corpus, text and HTML, layouts, and the checks of
 * every layout (lines within the measure, every word in order), faces and RTL glyph order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hb.h>

#include "typeset_fixture.h"

struct layout_fonts *fonts;

int setup(void **state)
{
    (void)state;
    struct quire_err err;
    return layout_fonts_create(QUIRE_TEST_SRC, &fonts, &err) == QUIRE_OK ? 0 : -1;
}

int teardown(void **state)
{
    (void)state;
    layout_fonts_destroy(fonts);
    return 0;
}

bool uses_face(const struct layout_page *pg, const char *file, int index)
{
    for (size_t r = 0; r < pg->run_count; r++)
        if (strcmp(quire_basename(layout_font_path(pg->runs[r].font)), file) == 0 &&
            layout_font_face_index(pg->runs[r].font) == index)
            return true;
    return false;
}

struct doc *corpus(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/data/corpus/%s", QUIRE_TEST_SRC, name);
    struct doc *d = NULL;
    struct quire_err err;
    assert_int_equal(doc_from_file(path, &d, &err), QUIRE_OK);
    return d;
}

struct doc *text_doc(const char *s)
{
    struct doc *d = NULL;
    assert_int_equal(doc_from_text(s, strlen(s), &d, NULL), QUIRE_OK);
    return d;
}

static struct layout *lay_with(const struct doc *d, int w, int h, int px, int margin,
                               const char *lang, enum layout_linebreak mode)
{
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = w;
    s.page_h = h;
    s.font_px = px;
    if (margin >= 0)
        s.margin = margin;
    s.lang = lang;
    s.linebreak = mode;
    struct layout *l = NULL;
    struct quire_err err;
    if (layout_create(fonts, d, &s, &l, &err) != QUIRE_OK)
        fail_msg("layout_create: %s", err.msg);
    return l;
}

struct layout *lay(const struct doc *d, int w, int h, int px, const char *lang,
                   enum layout_linebreak mode)
{
    return lay_with(d, w, h, px, -1, lang, mode);
}

struct layout *lay_margin(const struct doc *d, int w, int h, int px, int margin,
                          enum layout_linebreak mode)
{
    return lay_with(d, w, h, px, margin, NULL, mode);
}

struct doc *html_doc(const char *html)
{
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    return d;
}

size_t line_glyphs(const struct layout_page *pg, const struct layout_line *ln)
{
    size_t n = 0;
    for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++)
        n += pg->runs[r].glyph_count;
    return n;
}

/* The horizontal ink of a run's glyph g, page px (a combining mark's origin may lie past its
 * base's advance; its ink does not). One HarfBuzz face per layout font, kept for the test. */
void glyph_ink(const struct layout_run *run, size_t g, float *x0, float *x1)
{
    static const struct layout_font *keys[64];
    static hb_font_t *fonts_hb[64];
    size_t k = 0;
    while (k < 64 && keys[k] && keys[k] != run->font)
        k++;
    assert_true(k < 64);
    if (!keys[k]) {
        hb_blob_t *blob = hb_blob_create_from_file(layout_font_path(run->font));
        hb_face_t *face = hb_face_create(blob, (unsigned)layout_font_face_index(run->font));
        fonts_hb[k] = hb_font_create(face);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        keys[k] = run->font;
    }
    hb_glyph_extents_t e = {0};
    hb_font_get_glyph_extents(fonts_hb[k], run->glyphs[g].id, &e);
    float sc = run->size_px / (float)hb_face_get_upem(hb_font_get_face(fonts_hb[k]));
    *x0 = run->glyphs[g].x + (e.width ? e.x_bearing * sc : 0);
    *x1 = run->glyphs[g].x + (e.width ? (e.x_bearing + e.width) * sc : 0);
}

/* Lines within the measure, pages within their height. */
void check_geometry(const struct layout *l, int w, int h, int margin)
{
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            const struct layout_line *ln = &pg->lines[i];
            assert_true(ln->x >= margin - 0.5f);
            assert_true(ln->x + ln->width <= w - margin + 0.5f);
            assert_true(ln->y + ln->height <= h - margin + 0.5f);
            for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++)
                for (size_t g = 0; g < pg->runs[r].glyph_count; g++) {
                    float x0, x1;
                    glyph_ink(&pg->runs[r], g, &x0, &x1);
                    /* overhangs by design: f, j, italics, marks past their base's advance
                     * (Khmer nikahit over ra 0.22 em, Burmese asat over tall aa 0.33 em) */
                    float slack = 0.5f + 0.35f * pg->runs[r].size_px;
                    if (x0 < margin - slack || x1 > w - margin + slack)
                        fail_msg("glyph %u ink %.1f..%.1f outside %d..%d", pg->runs[r].glyphs[g].id,
                                 (double)x0, (double)x1, margin, w - margin);
                }
        }
        for (size_t i = 0; i < pg->image_count; i++)
            assert_true(pg->images[i].y + pg->images[i].h <= h - margin + 0.5f);
    }
}

/* Appends s without whitespace. */
static void squeeze(char **buf, size_t *len, size_t *alloc, const char *s, size_t n)
{
    if (*len + n + 1 > *alloc) {
        *alloc = (*len + n + 1) * 2;
        *buf = realloc(*buf, *alloc);
        assert_non_null(*buf);
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
            (*buf)[(*len)++] = s[i];
    (*buf)[*len] = 0;
}

/* Every character of the input appears in the output in order (hyphens removed). */
void check_words(const struct layout *l, const struct doc *d)
{
    char *in = NULL, *out = NULL;
    size_t il = 0, ia = 0, ol = 0, oa = 0;
    for (size_t b = 0; b < doc_block_count(d); b++) {
        const struct doc_block *blk = doc_block_get(d, b);
        squeeze(&in, &il, &ia, blk->text, blk->text_len);
    }
    static char line[65536];
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            size_t n = layout_line_text(l, &pg->lines[i], line, sizeof(line));
            assert_true(n < sizeof(line));
            if (pg->lines[i].is_hyphenated) {
                assert_int_equal(line[n - 1], '-');
                n--;
            }
            squeeze(&out, &ol, &oa, line, n);
        }
    }
    assert_non_null(in);
    assert_non_null(out);
    assert_string_equal(in, out);
    free(in);
    free(out);
}

/* Glyph ids of a word shaped alone (right to left). */
unsigned shape_word(const char *word, hb_codepoint_t *out, unsigned cap)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/fonts/NotoNaskhArabic-Regular.ttf", QUIRE_TEST_SRC);
    hb_blob_t *blob = hb_blob_create_from_file(path);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, word, -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    for (unsigned i = 0; i < n && i < cap; i++)
        out[i] = info[i].codepoint;
    hb_buffer_destroy(buf);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return n < cap ? n : cap;
}

/* Left x of the first occurrence of the glyph sequence seq in the line, or -1. */
float find_seq(const struct layout_page *pg, const struct layout_line *ln,
               const hb_codepoint_t *seq, unsigned n)
{
    uint32_t ids[512];
    float xs[512];
    unsigned m = 0;
    for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++)
        for (size_t g = 0; g < pg->runs[r].glyph_count && m < 512; g++) {
            ids[m] = pg->runs[r].glyphs[g].id;
            xs[m++] = pg->runs[r].glyphs[g].x;
        }
    for (unsigned i = 0; i + n <= m; i++) {
        unsigned k = 0;
        while (k < n && ids[i + k] == seq[k])
            k++;
        if (k == n)
            return xs[i];
    }
    return -1;
}

/* True when the line's first logical word is set to the right of its last (both found as
 * shaped alone in the body face; headings, in bold, are not; nor are words of two letters). */
bool line_reads_right_to_left(const struct layout *l, const struct layout_page *pg,
                              const struct layout_line *ln, bool *is_checked)
{
    char text[4096];
    layout_line_text(l, ln, text, sizeof(text));
    char *first = text, *sp = strchr(text, ' '), *last = strrchr(text, ' ');
    *is_checked = false;
    if (!sp || !last || sp == last || !last[1])
        return true;
    *sp = 0;
    if (strcmp(first, last + 1) == 0 || strlen(first) < 6 || strlen(last + 1) < 6)
        return true; /* the same word twice, or short ones that may stand inside others */
    hb_codepoint_t a[64], b[64];
    unsigned na = shape_word(first, a, 64), nb = shape_word(last + 1, b, 64);
    float xa = find_seq(pg, ln, a, na), xb = find_seq(pg, ln, b, nb);
    if (xa < 0 || xb < 0)
        return true;
    *is_checked = true;
    return xa > xb;
}
