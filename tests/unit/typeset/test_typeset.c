/* test_typeset: the typesetter's promises: lines within the measure, pages within their height,
 * every word in order (hyphen breaks joined back), right-to-left lines aligned right and in
 * visual order, Knuth-Plass beating greedy, anchors stable across font sizes, missing glyphs
 * counted, widows/orphans/headings kept, and failures (settings, memory) reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <hb.h>
#include <hyphen.h>

#include "config.h"
#include "doc.h"
#include "layout.h"
#include "quire_util.h"

static struct layout_fonts *fonts;

static int setup(void **state)
{
    struct quire_err err;
    return layout_fonts_create(QUIRE_TEST_SRC, &fonts, &err) == QUIRE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    layout_fonts_destroy(fonts);
    return 0;
}

static struct doc *corpus(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/data/corpus/%s", QUIRE_TEST_SRC, name);
    struct doc *d = NULL;
    struct quire_err err;
    assert_int_equal(doc_from_file(path, &d, &err), QUIRE_OK);
    return d;
}

static struct doc *text_doc(const char *s)
{
    struct doc *d = NULL;
    assert_int_equal(doc_from_text(s, strlen(s), &d, NULL), QUIRE_OK);
    return d;
}

static struct layout *lay(const struct doc *d, int w, int h, int px, const char *lang,
                          enum layout_linebreak mode)
{
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = w;
    s.page_h = h;
    s.font_px = px;
    s.lang = lang;
    s.linebreak = mode;
    struct layout *l = NULL;
    struct quire_err err;
    enum quire_status st = layout_create(fonts, d, &s, &l, &err);
    if (st != QUIRE_OK)
        fail_msg("layout_create: %s", err.msg);
    return l;
}

static struct layout *lay_margin(const struct doc *d, int w, int h, int px, int margin,
                                 enum layout_linebreak mode)
{
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = w;
    s.page_h = h;
    s.font_px = px;
    s.margin = margin;
    s.linebreak = mode;
    struct layout *l = NULL;
    struct quire_err err;
    if (layout_create(fonts, d, &s, &l, &err) != QUIRE_OK)
        fail_msg("layout_create: %s", err.msg);
    return l;
}

static struct doc *html_doc(const char *html)
{
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    return d;
}

static size_t line_glyphs(const struct layout_page *pg, const struct layout_line *ln)
{
    size_t n = 0;
    for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++)
        n += pg->runs[r].glyph_count;
    return n;
}

/* The horizontal ink of a run's glyph g, page px (a combining mark's origin may lie past its
 * base's advance; its ink does not). One HarfBuzz face per layout font, kept for the test. */
static void glyph_ink(const struct layout_run *run, size_t g, float *x0, float *x1)
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
static void check_geometry(const struct layout *l, int w, int h, int margin)
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
static void check_words(const struct layout *l, const struct doc *d)
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

static const char *const corpus_files[][2] = {
    {"long-en.txt", "en"},      {"seed-article.txt", "en"}, {"udhr-en.txt", "en"},
    {"udhr-ru.txt", "ru"},      {"udhr-uk.txt", "uk"},      {"udhr-kk.txt", "kk"},
    {"udhr-sr-Cyrl.txt", "sr"}, {"udhr-uz-Latn.txt", "uz"}, {"udhr-ro.txt", "ro"},
    {"udhr-fa.txt", "fa"},      {"udhr-ar.txt", "ar"},      {"udhr-ka.txt", "ka"},
    {"udhr-hi.txt", "hi"},      {"udhr-zh-Hans.txt", "zh"}, {"udhr-bo.txt", "bo"},
    {"udhr-my.txt", "my"},      {"udhr-km.txt", "km"},      {"udhr-th.txt", "th"},
    {"udhr-ug.txt", "ug"},      {"udhr-vi.txt", "vi"},      {"udhr-ko.txt", "ko"},
    {"udhr-ky.txt", "ky"},      {"udhr-tk.txt", "tk"},
};

static void test_corpus_geometry_words_glyphs(void **state)
{
    static const int sizes[][3] = {{1072, 1448, 36}, {600, 800, 28}};
    for (size_t f = 0; f < sizeof(corpus_files) / sizeof(corpus_files[0]); f++) {
        struct doc *d = corpus(corpus_files[f][0]);
        for (size_t s = 0; s < 2; s++) {
            struct layout *l = lay(d, sizes[s][0], sizes[s][1], sizes[s][2], corpus_files[f][1],
                                   LAYOUT_BREAK_OPTIMAL);
            check_geometry(l, sizes[s][0], sizes[s][1], 48);
            check_words(l, d);
            struct layout_stats st;
            layout_stats_get(l, &st);
            assert_int_equal(st.overfull, 0);
            if (st.missing_glyphs)
                fail_msg("%s: %zu missing glyphs (U+%04X)", corpus_files[f][0], st.missing_glyphs,
                         st.first_missing);
            layout_destroy(l);
        }
        doc_destroy(d);
    }
}

static void test_optimal_beats_greedy(void **state)
{
    struct doc *d = corpus("long-en.txt");
    struct layout *opt = lay(d, 1072, 1448, 36, "en", LAYOUT_BREAK_OPTIMAL);
    struct layout *gr = lay(d, 1072, 1448, 36, "en", LAYOUT_BREAK_GREEDY);
    struct layout_stats so, sg;
    layout_stats_get(opt, &so);
    layout_stats_get(gr, &sg);
    assert_true(so.badness > 0);
    assert_true(so.badness <= 0.7 * sg.badness);
    assert_true(so.hyphens > 0);
    assert_true(so.cache_hits > so.shaped_words); /* repeated words are shaped once */
    /* never more than QUIRE_MAX_CONSECUTIVE_HYPHENS hyphenated lines in a row, in both modes */
    for (int m = 0; m < 2; m++) {
        const struct layout *l = m ? gr : opt;
        int run = 0, max_run = 0;
        for (size_t p = 0; p < layout_page_count(l); p++) {
            const struct layout_page *pg = layout_page_get(l, p);
            for (size_t i = 0; i < pg->line_count; i++) {
                run = pg->lines[i].is_hyphenated ? run + 1 : 0;
                max_run = run > max_run ? run : max_run;
            }
        }
        assert_int_equal(max_run, QUIRE_MAX_CONSECUTIVE_HYPHENS);
    }
    check_geometry(gr, 1072, 1448, 48);
    check_words(gr, d);
    layout_destroy(opt);
    layout_destroy(gr);
    doc_destroy(d);
}

/* An anchor taken at 24 px finds the page holding the same text at 48 px. */
static void test_anchor_across_sizes(void **state)
{
    struct doc *d = corpus("udhr-en.txt");
    struct layout *small = lay(d, 1072, 1448, 24, "en", LAYOUT_BREAK_OPTIMAL);
    struct layout *big = lay(d, 1072, 1448, 48, "en", LAYOUT_BREAK_OPTIMAL);
    assert_true(layout_page_count(big) > layout_page_count(small));
    for (size_t p = 0; p < layout_page_count(small); p++) {
        struct layout_anchor a = layout_page_get(small, p)->first_anchor;
        size_t q = layout_find_anchor(big, a);
        const struct layout_page *pg = layout_page_get(big, q);
        bool found = false;
        for (size_t i = 0; i < pg->line_count && !found; i++) {
            const struct layout_line *ln = &pg->lines[i];
            found = ln->start.block == a.block && ln->start.offset <= a.offset &&
                    (a.offset < ln->end.offset ||
                     (a.offset == ln->end.offset && i + 1 == pg->line_count));
            found |= ln->start.block == a.block && ln->start.offset == a.offset;
        }
        if (!found)
            fail_msg("anchor %lld:%lld of page %zu not on page %zu", (long long)a.block,
                     (long long)a.offset, p, q);
    }
    assert_int_equal(layout_find_anchor(big, (struct layout_anchor){0, 0}), 0);
    assert_int_equal(layout_find_anchor(big, (struct layout_anchor){1 << 30, 0}),
                     layout_page_count(big) - 1);
    layout_destroy(small);
    layout_destroy(big);
    doc_destroy(d);
}

/* Glyph ids of a word shaped alone (right to left). */
static unsigned shape_word(const char *word, hb_codepoint_t *out, unsigned cap)
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
static float find_seq(const struct layout_page *pg, const struct layout_line *ln,
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

static void check_rtl_order(const char *text, const char *lang, const char *first,
                            const char *second, bool expect_rtl_par)
{
    struct doc *d = text_doc(text);
    struct layout *l = lay(d, 1072, 1448, 36, lang, LAYOUT_BREAK_OPTIMAL);
    const struct layout_page *pg = layout_page_get(l, 0);
    assert_int_equal(pg->line_count, 1);
    const struct layout_line *ln = &pg->lines[0];
    assert_int_equal(ln->is_rtl, expect_rtl_par);
    if (expect_rtl_par) /* a last line of an RTL paragraph sits on the right */
        assert_float_equal(ln->x + ln->width, 1072 - 48, 0.5);
    else
        assert_float_equal(ln->x, 48, 0.5);
    hb_codepoint_t a[64], b[64];
    unsigned na = shape_word(first, a, 64), nb = shape_word(second, b, 64);
    float xa = find_seq(pg, ln, a, na), xb = find_seq(pg, ln, b, nb);
    assert_true(xa >= 0 && xb >= 0);
    /* logical first word is visually to the right */
    assert_true(xa > xb);
    layout_destroy(l);
    doc_destroy(d);
}

static void test_rtl_visual_order(void **state)
{
    /* Persian "hello world" and Arabic "peace be upon you" */
    check_rtl_order("سلام دنیا", "fa", "سلام", "دنیا", true);
    check_rtl_order("السلام عليكم", "ar", "السلام", "عليكم", true);
    /* an RTL phrase inside an English sentence keeps its own order */
    check_rtl_order("The words سلام دنیا mean hello.", "en", "سلام", "دنیا", false);
    /* Persian with a Latin word: the paragraph stays right to left */
    check_rtl_order("کتاب Quire خوب است", "fa", "کتاب", "خوب", true);
    /* Persian opening with a Latin word: still a right-to-left paragraph, by its language */
    check_rtl_order("BBC گزارش داد که کتاب خوب است", "fa", "گزارش", "کتاب", true);
}

static void test_rtl_justified_right_aligned(void **state)
{
    struct doc *d = corpus("udhr-fa.txt");
    struct layout *l = lay(d, 1072, 1448, 36, "fa", LAYOUT_BREAK_OPTIMAL);
    size_t full = 0;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            assert_true(pg->lines[i].is_rtl);
            assert_float_equal(pg->lines[i].x + pg->lines[i].width, 1072 - 48, 0.5);
            full += pg->lines[i].width > 1072 - 96 - 0.5;
        }
    }
    assert_true(full > 50); /* justified lines fill the measure */
    layout_destroy(l);
    doc_destroy(d);
}

/* No page breaks leave a single line of a paragraph; headings stay with what follows. */
static void test_widows_orphans_headings(void **state)
{
    const char *html =
        "<html><body><h1>Title of the piece</h1><p>First paragraph with enough words to wrap "
        "over a few lines when the page is narrow and the type is large enough.</p>"
        "<h2>Section</h2><p>Second paragraph, also long enough to need several lines at this "
        "size, and then some more words to make it longer still and longer again.</p>"
        "<p>Third paragraph of text, the last one in this little article, with words.</p>"
        "</body></html>";
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    for (int h = 300; h <= 700; h += 7) {
        struct layout *l = lay(d, 400, h, 20, "en", LAYOUT_BREAK_OPTIMAL);
        check_geometry(l, 400, h, 48);
        check_words(l, d);
        for (size_t p = 0; p + 1 < layout_page_count(l); p++) {
            const struct layout_page *a = layout_page_get(l, p), *b = layout_page_get(l, p + 1);
            if (!a->line_count || !b->line_count)
                continue;
            const struct layout_line *last = &a->lines[a->line_count - 1];
            const struct doc_block *blk = doc_block_get(d, (size_t)last->start.block);
            assert_int_not_equal(blk->kind, DOC_HEADING);
            if (b->lines[0].start.block != last->start.block)
                continue;
            /* the paragraph is split: two lines at least on each side */
            size_t before = 0, after = 0;
            for (size_t i = 0; i < a->line_count; i++)
                before += a->lines[i].start.block == last->start.block;
            for (size_t i = 0; i < b->line_count; i++)
                after += b->lines[i].start.block == last->start.block;
            assert_true(before >= 2 && after >= 2);
        }
        layout_destroy(l);
    }
    doc_destroy(d);
}

/* In plain text, a short line without closing punctuation ("Article 12") is a title: it is
 * never the last line of a page when text follows. */
static void test_plain_text_titles_kept(void **state)
{
    struct doc *d = corpus("udhr-en.txt");
    for (int h = 700; h <= 1400; h += 23) {
        struct layout *l = lay(d, 1072, h, 36, "en", LAYOUT_BREAK_OPTIMAL);
        for (size_t p = 0; p + 1 < layout_page_count(l); p++) {
            const struct layout_page *pg = layout_page_get(l, p);
            char text[256];
            layout_line_text(l, &pg->lines[pg->line_count - 1], text, sizeof(text));
            if (strncmp(text, "Article ", 8) == 0 && strlen(text) < 12)
                fail_msg("page %zu at height %d ends with the title \"%s\"", p, h, text);
        }
        layout_destroy(l);
    }
    doc_destroy(d);
}

static void test_long_word_never_overflows(void **state)
{
    struct doc *d = text_doc("See https://example.org/a/very/long/path/that/never/ends/"
                             "and/goes/on/and/on/index.html?with=query&and=more for details. "
                             "Pneumonoultramicroscopicsilicovolcanoconiosispneumonoultra.");
    for (int w = 260; w <= 700; w += 40) {
        for (int mode = 0; mode < 2; mode++) {
            struct layout *l = lay(d, w, 600, 30, "en", (enum layout_linebreak)mode);
            struct layout_stats st;
            layout_stats_get(l, &st);
            assert_int_equal(st.overfull, 0);
            check_geometry(l, w, 600, 48);
            check_words(l, d);
            layout_destroy(l);
        }
    }
    doc_destroy(d);
}

static void test_html_blocks_images(void **state)
{
    const char *html = "<html lang=\"en\"><body><p>Before the picture.</p>"
                       "<figure><img src=\"media/a.jpg\" width=\"800\" height=\"600\" alt=\"A\">"
                       "<figcaption>The caption of the picture</figcaption></figure><hr>"
                       "<blockquote><p>Quoted words of wisdom.</p></blockquote>"
                       "<ul><li>one</li><li>two</li></ul></body></html>";
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    for (int h = 400; h <= 1000; h += 50) {
        struct layout *l = lay(d, 600, h, 24, NULL, LAYOUT_BREAK_OPTIMAL);
        check_geometry(l, 600, h, 48);
        size_t images = 0, rects = 0;
        for (size_t p = 0; p < layout_page_count(l); p++) {
            const struct layout_page *pg = layout_page_get(l, p);
            rects += pg->rect_count;
            for (size_t i = 0; i < pg->image_count; i++) {
                images++;
                assert_string_equal(pg->images[i].src, "media/a.jpg");
                assert_true(pg->images[i].w <= 600 - 96 + 0.5f);
                assert_float_equal(pg->images[i].w * 3, pg->images[i].h * 4, 1);
                /* the caption follows on the same page */
                bool has_caption = false;
                for (size_t k = 0; k < pg->line_count; k++)
                    has_caption |=
                        doc_block_get(d, (size_t)pg->lines[k].start.block)->kind == DOC_CAPTION;
                assert_true(has_caption);
            }
        }
        assert_int_equal(images, 1);
        assert_true(rects >= 2); /* the rule and the quote bar */
        layout_destroy(l);
    }
    doc_destroy(d);
}

/* A document with more languages than the cache interns still lays out. */
static void test_many_languages(void **state)
{
    char html[20000];
    size_t n = (size_t)snprintf(html, sizeof(html), "<p>");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(html + n, sizeof(html) - n, "<span lang=\"x-l%d\">w%d</span> ", i, i);
    snprintf(html + n, sizeof(html) - n, "</p>");
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    struct layout *l = lay(d, 600, 800, 20, "en", LAYOUT_BREAK_OPTIMAL);
    check_words(l, d);
    layout_destroy(l);
    doc_destroy(d);
}

static bool portrait_size(void *ctx, const char *src, int *w, int *h)
{
    (*(int *)ctx)++;
    if (strcmp(src, "known.png") != 0)
        return false;
    *w = 300;
    *h = 600;
    return true;
}

/* Images without width/height ask the reader for their size; unknown ones get a 3:2 box. */
static void test_image_size_callback(void **state)
{
    const char *html = "<p>x</p><img src=\"known.png\"><img src=\"unknown.png\">"
                       "<img src=\"attr.png\" width=\"100\" height=\"50\">";
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    struct layout_settings s;
    layout_settings_default(&s);
    int calls = 0;
    s.image_size = portrait_size;
    s.image_ctx = &calls;
    struct layout *l = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
    assert_int_equal(calls, 2); /* not for the image with attributes */
    const struct layout_image *im[3];
    size_t n = 0;
    for (size_t p = 0; p < layout_page_count(l); p++)
        for (size_t i = 0; i < layout_page_get(l, p)->image_count && n < 3; i++)
            im[n++] = &layout_page_get(l, p)->images[i];
    assert_int_equal(n, 3);
    assert_float_equal(im[0]->w, 300, 0.5);
    assert_float_equal(im[0]->h, 600, 0.5);
    assert_float_equal(im[1]->w * 2, im[1]->h * 3, 1);
    assert_float_equal(im[2]->w, 100, 0.5);
    assert_float_equal(im[2]->h, 50, 0.5);
    layout_destroy(l);
    doc_destroy(d);
}

static void test_bad_settings(void **state)
{
    struct doc *d = text_doc("Hello.");
    struct layout_settings s;
    struct layout *l = (struct layout *)1;
    struct quire_err err;
    layout_settings_default(&s);
    s.font_px = 4;
    assert_int_equal(layout_create(fonts, d, &s, &l, &err), QUIRE_EINVAL);
    assert_null(l);
    assert_non_null(strstr(err.msg, "font size"));
    layout_settings_default(&s);
    s.margin = 390;
    s.page_w = 800;
    assert_int_equal(layout_create(fonts, d, &s, &l, &err), QUIRE_EINVAL);
    layout_settings_default(&s);
    s.line_spacing = 0.5;
    assert_int_equal(layout_create(fonts, d, &s, &l, &err), QUIRE_EINVAL);
    layout_destroy(NULL);
    layout_fonts_destroy(NULL);
    struct layout_fonts *none = NULL;
    assert_int_equal(layout_fonts_create("/nonexistent", &none, &err), QUIRE_ENOTFOUND);
    assert_null(none);
    assert_non_null(strstr(err.msg, "NotoSerif-Regular.ttf"));
    doc_destroy(d);
}

/* Every allocation of a layout can fail: the error comes back, nothing leaks (ASan). */
static void test_alloc_failures(void **state)
{
    struct doc *d = corpus("udhr-fa.txt");
    struct layout_settings s;
    layout_settings_default(&s);
    bool ok = false;
    for (long n = 1; n < 2000 && !ok; n += 1) {
        struct layout *l = NULL;
        quire_alloc_fail_after(n);
        enum quire_status st = layout_create(fonts, d, &s, &l, NULL);
        quire_alloc_fail_after(0);
        if (st == QUIRE_OK) {
            ok = true;
            assert_true(layout_page_count(l) > 1);
        } else {
            assert_int_equal(st, QUIRE_ENOMEM);
            assert_null(l);
        }
        layout_destroy(l);
    }
    assert_true(ok);
    doc_destroy(d);
}

/* Too-wide words are split in both directions and across style runs; a line overflows only
 * when it holds one glyph wider than the measure, and then nothing else. */
static void test_overwide_words_split(void **state)
{
    struct doc *fa = html_doc("<html lang=\"fa\"><p>\u0622\u063a\u0627\u0632 "
                              "\u0628\u06cc\u0646\u200c\u0627\u0644\u0645\u0644\u0644\u06cc"
                              "\u0633\u0627\u0632\u06cc\u0634\u062f\u0647\u0628\u06cc\u0646"
                              "\u0627\u0644\u0645\u0644\u0644\u06cc\u0633\u0627\u0632\u06cc"
                              "\u0634\u062f\u0647\u0628\u06cc\u0646\u0627\u0644\u0645\u0644"
                              "\u0644\u06cc\u0633\u0627\u0632\u06cc \u0627\u0633\u062a</p>");
    struct doc *runs = html_doc("<p>A <b>Pneumonoultramicro</b>scopicsilicovolcanoconiosis "
                                "and <i>super</i>cali<a href=x>fragilistic</a>expialidocious.</p>");
    for (int mode = 0; mode < 2; mode++) {
        for (int w = 300; w <= 700; w += 100) {
            struct layout *l = lay_margin(fa, w, 800, 40, 20, (enum layout_linebreak)mode);
            struct layout_stats st;
            layout_stats_get(l, &st);
            assert_int_equal(st.overfull, 0);
            check_geometry(l, w, 800, 20);
            check_words(l, fa);
            layout_destroy(l);
            l = lay_margin(runs, w, 800, 48, 20, (enum layout_linebreak)mode);
            layout_stats_get(l, &st);
            assert_int_equal(st.overfull, 0);
            check_geometry(l, w, 800, 20);
            check_words(l, runs);
            layout_destroy(l);
        }
    }
    doc_destroy(fa);
    doc_destroy(runs);
    /* preformatted: spaces after a word may end a wrapped line (found by fuzz_html) */
    struct doc *pre = html_doc("<pre>    indent 22222op]csilicovolicaonoconiosipre&gt;sis         "
                               "licovolcanoconio111ndex.htm]            x\n"
                               "                                                     y</pre>");
    for (int w = 200; w <= 400; w += 50) {
        struct layout *l = lay_margin(pre, w, 800, 16, 10, LAYOUT_BREAK_OPTIMAL);
        struct layout_stats st;
        layout_stats_get(l, &st);
        assert_int_equal(st.overfull, 0);
        check_geometry(l, w, 800, 10);
        layout_destroy(l);
    }
    doc_destroy(pre);
    /* a glyph wider than the measure (U+FDFD, 276 px on a 180 px measure) sits alone on its
     * line, even in a quote nested deeper than the page allows */
    struct doc *d = html_doc("<p>a b \ufdfd c a b c</p><blockquote><blockquote><blockquote>"
                             "<blockquote>q \ufdfd r</blockquote></blockquote></blockquote>"
                             "</blockquote>");
    for (int mode = 0; mode < 2; mode++) {
        struct layout *l = lay_margin(d, 200, 2000, 45, 10, (enum layout_linebreak)mode);
        check_words(l, d);
        size_t wide = 0;
        for (size_t p = 0; p < layout_page_count(l); p++) {
            const struct layout_page *pg = layout_page_get(l, p);
            for (size_t i = 0; i < pg->line_count; i++) {
                if (pg->lines[i].x + pg->lines[i].width <= 190.5f)
                    continue;
                wide++;
                assert_int_equal(line_glyphs(pg, &pg->lines[i]), 1);
            }
        }
        assert_int_equal(wide, 2);
        layout_destroy(l);
    }
    doc_destroy(d);
}

static bool is_word_byte(unsigned char c)
{
    return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Lowercases basic Cyrillic and ASCII in place (UTF-8), as the typesetter does. */
static void lower_ru(char *w)
{
    for (unsigned char *u = (unsigned char *)w; *u; u++) {
        if (*u >= 'A' && *u <= 'Z')
            *u |= 0x20;
        else if (u[0] == 0xD0 && u[1] >= 0x90 && u[1] <= 0x9F)
            u[1] += 0x20;
        else if (u[0] == 0xD0 && u[1] >= 0xA0 && u[1] <= 0xAF) {
            u[0] = 0xD1;
            u[1] -= 0x20;
        }
    }
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte index of code point k in s. */
static size_t utf8_byte_at(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    for (; i < n && k > 0; k--)
        for (i++; i < n && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

/* True when dict knows points for word (lowercase UTF-8) but none after character k. */
static bool misses_point(HyphenDict *dict, char *word, size_t k)
{
    char hy[600];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL, wl = (int)strlen(word);
    lower_ru(word);
    assert_int_equal(hnj_hyphen_hyphenate3(dict, word, wl, hy, NULL, &rep, &pos, &cut, 2, 2, 0, 0),
                     0);
    size_t chars = utf8_chars(word, (size_t)wl);
    bool has_point = false;
    for (size_t c = 0; c + 1 < chars; c++)
        has_point |= hy[c] & 1;
    return has_point && !(hy[k - 1] & 1);
}

/* Checks every break inside a word: marked with a hyphen and, when dict is given and knows
 * points for the word, at one of them. Returns the count of mid-word breaks. */
static size_t check_word_breaks(const struct layout *l, const struct doc *d, HyphenDict *dict)
{
    const struct layout_line *prev = NULL;
    size_t breaks = 0;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            const struct layout_line *ln = &pg->lines[i];
            bool is_joined =
                prev && prev->end.block == ln->start.block && prev->end.offset == ln->start.offset;
            const struct layout_line *before = prev;
            prev = ln;
            if (!is_joined)
                continue;
            const struct doc_block *blk = doc_block_get(d, (size_t)ln->start.block);
            size_t at = utf8_byte_at(blk->text, blk->text_len, (size_t)ln->start.offset);
            if (at == 0 || at >= blk->text_len || !is_word_byte(blk->text[at - 1]) ||
                !is_word_byte(blk->text[at]))
                continue;
            breaks++;
            size_t s = at, e = at;
            while (s > 0 && is_word_byte(blk->text[s - 1]))
                s--;
            while (e < blk->text_len && is_word_byte(blk->text[e]))
                e++;
            char word[512];
            snprintf(word, sizeof(word), "%.*s", (int)(e - s), blk->text + s);
            if (!before->is_hyphenated)
                fail_msg("unmarked break inside %s", word);
            if (dict && e - s < sizeof(word) &&
                misses_point(dict, word, utf8_chars(blk->text + s, at - s)))
                fail_msg("break in %s not at a hyphenation point", word);
        }
    }
    return breaks;
}

/* Large type: words wider than the measure break at hyphenation points first, and every
 * break inside a word shows a hyphen (a letter break where the language has no patterns). */
static void test_emergency_breaks_hyphenated(void **state)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/assets/hyphen/hyph_ru_RU.dic", QUIRE_TEST_SRC);
    HyphenDict *dict = hnj_hyphen_load(path);
    assert_non_null(dict);
    struct doc *d = corpus("udhr-ru.txt");
    struct layout *l = lay(d, 600, 800, 48, "ru", LAYOUT_BREAK_OPTIMAL);
    assert_true(check_word_breaks(l, d, dict) > 50);
    layout_destroy(l);
    doc_destroy(d);
    hnj_hyphen_free(dict);
    d = corpus("udhr-ka.txt");
    l = lay(d, 600, 800, 60, "ka", LAYOUT_BREAK_OPTIMAL);
    struct layout_stats st;
    layout_stats_get(l, &st);
    assert_int_equal(st.overfull, 0);
    assert_true(check_word_breaks(l, d, NULL) > 0);
    check_words(l, d);
    layout_destroy(l);
    doc_destroy(d);
}

/* Serbian Latin: hyphenation points of words with non-ASCII letters are the pattern file's
 * (it was ISO 8859-2 read as UTF-8, so points fell after the wrong letters). */
static void test_serbian_latin_hyphenation(void **state)
{
    static const char *const ok[] = {"uk-", "uklju-", "uključu-", "uključuju-",
                                     "me-", "među-",  "međuna-",  "međunarod-",
                                     "čo-", "čove-",  "čovečan-", NULL};
    struct doc *d = text_doc("uključujući međunarodnog čovečanstva");
    size_t hyphens = 0;
    for (int w = 200; w <= 420; w += 20) {
        struct layout_settings s;
        layout_settings_default(&s);
        s.page_w = w;
        s.page_h = 2000;
        s.font_px = 40;
        s.margin = 10;
        s.lang = "sr-Latn";
        struct layout *l = NULL;
        assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
        const struct layout_page *pg = layout_page_get(l, 0);
        char carry[256] = ""; /* the start of a word broken on the lines above */
        for (size_t i = 0; i < pg->line_count; i++) {
            char text[256], word[512];
            size_t n = layout_line_text(l, &pg->lines[i], text, sizeof(text));
            const char *last = strrchr(text, ' ') ? strrchr(text, ' ') + 1 : text;
            snprintf(word, sizeof(word), "%s%s", last == text ? carry : "", last);
            carry[0] = 0;
            if (!pg->lines[i].is_hyphenated)
                continue;
            bool is_ok = false;
            for (int k = 0; ok[k]; k++)
                is_ok |= strcmp(word, ok[k]) == 0;
            if (!is_ok)
                fail_msg("bad break %s at %d px", word, w);
            snprintf(carry, sizeof(carry), "%.*s", (int)strlen(word) - 1, word);
            hyphens += n > 0;
        }
        layout_destroy(l);
    }
    assert_true(hyphens > 5);
    doc_destroy(d);
}

/* A pattern file in a legacy charset is refused with its name, not read as UTF-8. */
static void test_pattern_charset_refused(void **state)
{
    char root[] = "/tmp/quire-dict-XXXXXX", path[600], src[600];
    assert_non_null(mkdtemp(root));
    snprintf(path, sizeof(path), "%s/fonts", root);
    snprintf(src, sizeof(src), "%s/fonts", QUIRE_TEST_SRC);
    assert_int_equal(symlink(src, path), 0);
    snprintf(path, sizeof(path), "%s/assets/hyphen", root);
    assert_int_equal(quire_mkdir_p(path, NULL), QUIRE_OK);
    snprintf(path, sizeof(path), "%s/assets/hyphen/hyph_sr-Latn_RS.dic", root);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("ISO8859-2\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n1\xe8"
          "2\n",
          f);
    fclose(f);
    struct layout_fonts *bad = NULL;
    struct quire_err err;
    assert_int_equal(layout_fonts_create(root, &bad, &err), QUIRE_EFORMAT);
    assert_null(bad);
    assert_non_null(strstr(err.msg, "hyph_sr-Latn_RS.dic"));
    assert_non_null(strstr(err.msg, "ISO8859-2"));
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n1\xc4\x8d"
          "2\n",
          f);
    fclose(f);
    assert_int_equal(layout_fonts_create(root, &bad, &err), QUIRE_OK);
    layout_fonts_destroy(bad);
    unlink(path);
    snprintf(path, sizeof(path), "%s/assets/hyphen", root);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/assets", root);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/fonts", root);
    unlink(path);
    rmdir(root);
}

/* The base direction comes from dir, else from an RTL language (untagged: the script most of
 * its letters are in), else the first strong letter. */
static void test_dir_attribute_and_language(void **state)
{
    static const struct {
        const char *html;
        bool is_rtl;
    } cases[] = {
        {"<p dir=\"rtl\">BBC \u06af\u0632\u0627\u0631\u0634 \u062f\u0627\u062f</p>", true},
        {"<html lang=\"fa\"><body><p>BBC \u06af\u0632\u0627\u0631\u0634 \u062f\u0627\u062f</p>",
         true},
        {"<html dir=\"rtl\"><body><div><p>Latin only</p></div></body></html>", true},
        {"<p lang=\"ar\">CNN \u0642\u0627\u0644</p>", true},
        {"<html lang=\"fa\"><p dir=\"ltr\">BBC \u06af\u0632\u0627\u0631\u0634</p>", false},
        {"<p>BBC \u06af\u0632\u0627\u0631\u0634 \u062f\u0627\u062f</p>", true},
        {"<p dir=\"auto\">\u06af\u0632\u0627\u0631\u0634 BBC</p>", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct doc *d = html_doc(cases[i].html);
        void *blob = NULL;
        size_t len = 0;
        struct doc *back = NULL;
        assert_int_equal(doc_serialize(d, &blob, &len, NULL), QUIRE_OK);
        assert_int_equal(doc_deserialize(blob, len, &back, NULL), QUIRE_OK);
        quire_free(blob);
        struct layout *l = lay(back, 1072, 1448, 36, NULL, LAYOUT_BREAK_OPTIMAL);
        const struct layout_page *pg = layout_page_get(l, 0);
        assert_non_null(pg);
        const struct layout_line *ln = &pg->lines[0];
        if (ln->is_rtl != cases[i].is_rtl)
            fail_msg("case %zu: rtl %d", i, ln->is_rtl);
        if (cases[i].is_rtl)
            assert_float_equal(ln->x + ln->width, 1072 - 48, 0.5);
        else
            assert_float_equal(ln->x, 48, 0.5);
        layout_destroy(l);
        doc_destroy(back);
        doc_destroy(d);
    }
}

/* A shared cache filling up in the middle of a layout is emptied and the layout goes on: 60,000
 * distinct words (~570 KB) need more than QUIRE_LAYOUT_CACHE_MAX_BYTES of shaped entries. */
static void test_shared_cache_evicts_when_full(void **state)
{
    size_t cap = 700000, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (unsigned w = 0; w < 60000; w++) {
        char word[16];
        int k = 0;
        for (unsigned v = w * 7919u + 12345u; k < 7; v /= 26)
            word[k++] = (char)('a' + v % 26);
        word[k] = 0;
        n += (size_t)snprintf(text + n, cap - n, "%s%s", word, w % 90 == 89 ? "\n\n" : " ");
    }
    assert_true(n > 450000 && n < cap);
    struct doc *d = text_doc(text);
    free(text);
    struct layout_cache *cache = NULL;
    assert_int_equal(layout_cache_create(&cache, NULL), QUIRE_OK);
    struct layout_settings s;
    layout_settings_default(&s);
    s.lang = "en";
    s.cache = cache;
    struct layout *shared = NULL, *own = NULL;
    struct quire_err err;
    if (layout_create(fonts, d, &s, &shared, &err) != QUIRE_OK)
        fail_msg("shared cache: %s", err.msg);
    s.cache = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &own, NULL), QUIRE_OK);
    struct layout_stats a, b;
    layout_stats_get(shared, &a);
    layout_stats_get(own, &b);
    assert_int_equal(a.lines, b.lines);
    assert_int_equal(a.hyphens, b.hyphens);
    assert_int_equal(layout_page_count(shared), layout_page_count(own));
    assert_int_equal(a.shaped_words + a.cache_hits, b.shaped_words + b.cache_hits);
    assert_true(a.shaped_words >= b.shaped_words);
    layout_destroy(shared);
    layout_destroy(own);
    /* the emptied cache still serves the next layout */
    s.cache = cache;
    s.font_px = 40;
    assert_int_equal(layout_create(fonts, d, &s, &shared, NULL), QUIRE_OK);
    layout_destroy(shared);
    layout_cache_destroy(cache);
    doc_destroy(d);
}

/* Ragged badness: sum over non-final lines of ((measure - width) / V)^2, V the virtual stretch
 * of QUIRE_RAGGED_STRETCH_EM. */
static double ragged_badness(const struct layout *l, float measure, float v)
{
    double sum = 0;
    const struct layout_line *prev = NULL;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            const struct layout_line *ln = &pg->lines[i];
            if (prev && prev->end.block == ln->start.block) {
                double r = (measure - prev->width) / v;
                sum += r * r;
            }
            prev = ln;
        }
    }
    return sum;
}

/* Total fit on ragged text measures each line by how short it is: a more even right edge than
 * first fit, with fewer hyphens. */
static void test_ragged_optimal(void **state)
{
    struct doc *d = corpus("long-en.txt");
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = 1072;
    s.page_h = 1448;
    s.font_px = 36;
    s.lang = "en";
    s.is_ragged = true;
    struct layout *opt = NULL, *greedy = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &opt, NULL), QUIRE_OK);
    s.linebreak = LAYOUT_BREAK_GREEDY;
    assert_int_equal(layout_create(fonts, d, &s, &greedy, NULL), QUIRE_OK);
    float v = (float)(QUIRE_RAGGED_STRETCH_EM * 36), meas = 1072 - 2 * 48;
    double bo = ragged_badness(opt, meas, v), bg = ragged_badness(greedy, meas, v);
    struct layout_stats so, sg;
    layout_stats_get(opt, &so);
    layout_stats_get(greedy, &sg);
    print_message("ragged badness optimal %.1f greedy %.1f, hyphens %zu / %zu\n", bo, bg,
                  so.hyphens, sg.hyphens);
    assert_true(bo < bg);
    assert_true(so.hyphens < sg.hyphens);
    assert_int_equal(so.overfull, 0);
    check_geometry(opt, 1072, 1448, 48);
    check_words(opt, d);
    layout_destroy(opt);
    layout_destroy(greedy);
    doc_destroy(d);
}

static uint32_t last_glyph(const struct layout_page *pg, const struct layout_line *ln)
{
    const struct layout_run *r = &pg->runs[ln->first_run + ln->run_count - 1];
    return r->glyphs[r->glyph_count - 1].id;
}

/* A break at a soft hyphen shows a hyphen and counts as one; a soft hyphen inside an unbroken
 * word draws nothing. */
static void test_soft_hyphens(void **state)
{
    struct doc *d = text_doc("Aaaa bbbb Supercalifragilistic\u00ADexpialidocious is co\u00ADop"
                             "\u00ADer\u00ADate long");
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = 600;
    s.font_px = 36;
    s.hyphenate = false; /* only the author's soft hyphens */
    struct layout *l = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
    const struct layout_page *pg = layout_page_get(l, 0);
    struct layout_stats st;
    layout_stats_get(l, &st);
    assert_int_equal(st.hyphens, 1);
    uint32_t hyphen = 0;
    char text[256];
    for (size_t i = 0; i < pg->line_count; i++) {
        layout_line_text(l, &pg->lines[i], text, sizeof(text));
        if (strstr(text, "Supercalifragilistic")) {
            assert_true(pg->lines[i].is_hyphenated);
            hyphen = last_glyph(pg, &pg->lines[i]);
        }
    }
    assert_int_not_equal(hyphen, 0);
    check_words(l, d);
    for (size_t i = 0; i < pg->line_count; i++) { /* "co-op-er-ate" whole: no hyphen drawn */
        layout_line_text(l, &pg->lines[i], text, sizeof(text));
        if (!strstr(text, "ate"))
            continue;
        const struct layout_line *ln = &pg->lines[i];
        for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++)
            for (size_t g = 0; g < pg->runs[r].glyph_count; g++)
                assert_int_not_equal(pg->runs[r].glyphs[g].id, hyphen);
    }
    layout_destroy(l);
    doc_destroy(d);
    /* soft hyphens only, on a narrow page: never more hyphenated lines in a row than allowed */
    char buf[4096];
    size_t n = 0;
    for (int w = 0; w < 60; w++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "ab\u00ADcd\u00ADef\u00ADgh\u00ADij ");
    d = text_doc(buf);
    for (int mode = 0; mode < 2; mode++) {
        s.page_w = 300;
        s.margin = 20;
        s.linebreak = (enum layout_linebreak)mode;
        assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
        layout_stats_get(l, &st);
        assert_true(st.hyphens > 10);
        int run = 0;
        for (size_t p = 0; p < layout_page_count(l); p++) {
            pg = layout_page_get(l, p);
            for (size_t i = 0; i < pg->line_count; i++) {
                run = pg->lines[i].is_hyphenated ? run + 1 : 0;
                assert_true(run <= QUIRE_MAX_CONSECUTIVE_HYPHENS);
            }
        }
        check_words(l, d);
        layout_destroy(l);
    }
    doc_destroy(d);
}

static size_t hyphens_of(const struct doc *d, const char *lang)
{
    struct layout *l = lay(d, 600, 800, 28, lang, LAYOUT_BREAK_OPTIMAL);
    struct layout_stats st;
    layout_stats_get(l, &st);
    layout_destroy(l);
    return st.hyphens;
}

/* Text nothing gives a language is hyphenated with English patterns only when all its letters
 * are ASCII: Romanian or Uzbek words are never broken by English rules. */
static void test_unknown_language_not_english(void **state)
{
    struct doc *ro = corpus("udhr-ro.txt"), *uz = corpus("udhr-uz-Latn.txt"),
               *en = corpus("udhr-en.txt");
    assert_int_equal(hyphens_of(ro, NULL), 0);
    assert_true(hyphens_of(ro, "ro") > 0);
    assert_int_equal(hyphens_of(uz, NULL), 0);
    assert_true(hyphens_of(en, NULL) > 0);
    assert_int_equal(hyphens_of(en, NULL), hyphens_of(en, "en"));
    doc_destroy(ro);
    doc_destroy(uz);
    doc_destroy(en);
}

/* Unkerned advance in px of a glyph of a run (HarfBuzz font at its units per em). */
static float nominal_px(const struct layout_run *r, uint32_t gid)
{
    static char paths[8][512];
    static hb_font_t *hb[8];
    const char *path = layout_font_path(r->font);
    int k = 0;
    while (k < 8 && hb[k] && strcmp(paths[k], path) != 0)
        k++;
    assert_true(k < 8);
    if (!hb[k]) {
        snprintf(paths[k], sizeof(paths[k]), "%s", path);
        hb_blob_t *blob = hb_blob_create_from_file(path);
        hb_face_t *face = hb_face_create(blob, (unsigned)layout_font_face_index(r->font));
        hb[k] = hb_font_create(face);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
    return (float)hb_font_get_glyph_h_advance(hb[k], gid) * r->size_px /
           (float)hb_face_get_upem(hb_font_get_face(hb[k]));
}

/* At a break inside a word, the glyph before it keeps its whole advance: no kerning with a
 * glyph now on the next line pulls the line end (or the hyphen) into its ink. */
static size_t check_break_kerning(const struct layout *l, float right)
{
    size_t checked = 0;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            const struct layout_line *ln = &pg->lines[i];
            if (!ln->is_hyphenated || ln->is_rtl)
                continue;
            const struct layout_run *hr = &pg->runs[ln->first_run + ln->run_count - 1];
            const struct layout_glyph *hy = &hr->glyphs[hr->glyph_count - 1];
            const struct layout_run *pr = hr->glyph_count > 1 ? hr : hr - 1;
            const struct layout_glyph *prev = hy - 1;
            if (hr->glyph_count == 1)
                prev = &pr->glyphs[pr->glyph_count - 1];
            float end = prev->x + nominal_px(pr, prev->id);
            if (end > hy->x + 0.05f)
                fail_msg("glyph before the hyphen ends at %.2f, hyphen at %.2f", end, hy->x);
            assert_true(hy->x + nominal_px(hr, hy->id) <= right + 0.05f);
            checked++;
        }
    }
    return checked;
}

static void test_break_kerning(void **state)
{
    struct doc *d = text_doc("AVAVAVAVAVAVAVAVAVAVAVAVAVAVAVAVAVAVAVAVAV Tower Typewriter "
                             "Wavy WAVAWAVAWAVAWAVAWAVAWAVAWAVAWAVAWAVA.");
    size_t checked = 0;
    for (int w = 300; w <= 600; w += 50) {
        struct layout *l = lay_margin(d, w, 2000, 40, 20, LAYOUT_BREAK_OPTIMAL);
        checked += check_break_kerning(l, (float)(w - 20));
        layout_destroy(l);
    }
    doc_destroy(d);
    d = corpus("long-en.txt");
    struct layout *l = lay(d, 600, 800, 36, "en", LAYOUT_BREAK_OPTIMAL);
    checked += check_break_kerning(l, 600 - 48);
    layout_destroy(l);
    doc_destroy(d);
    assert_true(checked > 100);
}

/* U+FFFF is libunibreak's end-of-string mark (it asserted on it): set as a missing glyph. */
static void test_noncharacter_ffff(void **state)
{
    struct doc *d = text_doc(")\xef\xbf\xbb\xef\xbf\xbf a \xef\xbf\xbf");
    struct layout *l = lay(d, 600, 800, 20, NULL, LAYOUT_BREAK_OPTIMAL);
    assert_int_equal(layout_page_count(l), 1);
    layout_destroy(l);
    doc_destroy(d);
}

static void test_ragged_and_empty(void **state)
{
    struct doc *d = corpus("udhr-en.txt");
    struct layout_settings s;
    layout_settings_default(&s);
    s.is_ragged = true;
    struct layout *l = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
    const struct layout_page *pg = layout_page_get(l, 1);
    bool has_short = false;
    for (size_t i = 0; i < pg->line_count; i++)
        has_short |= pg->lines[i].width < 1072 - 96 - 20;
    assert_true(has_short);
    assert_null(layout_page_get(l, 100000));
    layout_destroy(l);
    doc_destroy(d);
    d = text_doc("");
    assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
    assert_int_equal(layout_page_count(l), 0);
    assert_int_equal(layout_find_anchor(l, (struct layout_anchor){3, 4}), 0);
    layout_destroy(l);
    doc_destroy(d);
}

/* Preformatted text keeps its indentation and its line breaks; lines end before newlines; tabs
 * are expanded to stops every 8 columns. */
static void test_preformatted(void **state)
{
    const char *html = "<pre>    indented\nflush\n\tafter tab</pre>";
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(html, strlen(html), &d, NULL), QUIRE_OK);
    struct layout *l = lay(d, 600, 800, 20, "en", LAYOUT_BREAK_OPTIMAL);
    const struct layout_page *pg = layout_page_get(l, 0);
    assert_int_equal(pg->line_count, 3);
    char text[64];
    layout_line_text(l, &pg->lines[0], text, sizeof(text));
    assert_string_equal(text, "    indented");
    layout_line_text(l, &pg->lines[1], text, sizeof(text));
    assert_string_equal(text, "flush");
    float x[3];
    for (int i = 0; i < 3; i++)
        x[i] = pg->runs[pg->lines[i].first_run].glyphs[0].x;
    assert_true(x[0] > x[1] + 10);                           /* four spaces */
    assert_float_equal(x[2] - x[1], 2 * (x[0] - x[1]), 0.5); /* a tab at column 0: 8 spaces */
    layout_destroy(l);
    doc_destroy(d);
}

/* A shared cache: a font-size change shapes nothing new and lays out the same pages. */
static void test_shared_cache(void **state)
{
    struct doc *d = corpus("udhr-ru.txt");
    struct layout_cache *cache = NULL;
    assert_int_equal(layout_cache_create(&cache, NULL), QUIRE_OK);
    struct layout_settings s;
    layout_settings_default(&s);
    s.lang = "ru";
    s.cache = cache;
    s.hyphenate = false; /* entries made without hyphenation get it later on request */
    struct layout *first = NULL, *shared = NULL, *own = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &first, NULL), QUIRE_OK);
    struct layout_stats s1, s2, s3;
    layout_stats_get(first, &s1);
    assert_true(s1.shaped_words > 100);
    assert_int_equal(s1.hyphens, 0);
    s.font_px = 48;
    s.hyphenate = true;
    assert_int_equal(layout_create(fonts, d, &s, &shared, NULL), QUIRE_OK);
    layout_stats_get(shared, &s2);
    assert_int_equal(s2.shaped_words, 0);
    assert_true(s2.cache_hits > 1000);
    s.cache = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &own, NULL), QUIRE_OK);
    layout_stats_get(own, &s3);
    assert_true(s3.hyphens > 0);
    assert_int_equal(s2.hyphens, s3.hyphens);
    assert_int_equal(s2.lines, s3.lines);
    assert_int_equal(layout_page_count(shared), layout_page_count(own));
    assert_float_equal(s2.badness, s3.badness, 1e-6);
    layout_destroy(first);
    layout_destroy(shared);
    layout_destroy(own);
    layout_cache_destroy(cache);
    layout_cache_destroy(NULL);
    doc_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_geometry_words_glyphs),
        cmocka_unit_test(test_optimal_beats_greedy),
        cmocka_unit_test(test_anchor_across_sizes),
        cmocka_unit_test(test_rtl_visual_order),
        cmocka_unit_test(test_rtl_justified_right_aligned),
        cmocka_unit_test(test_widows_orphans_headings),
        cmocka_unit_test(test_plain_text_titles_kept),
        cmocka_unit_test(test_long_word_never_overflows),
        cmocka_unit_test(test_html_blocks_images),
        cmocka_unit_test(test_many_languages),
        cmocka_unit_test(test_image_size_callback),
        cmocka_unit_test(test_bad_settings),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_ragged_and_empty),
        cmocka_unit_test(test_shared_cache),
        cmocka_unit_test(test_preformatted),
        cmocka_unit_test(test_overwide_words_split),
        cmocka_unit_test(test_emergency_breaks_hyphenated),
        cmocka_unit_test(test_serbian_latin_hyphenation),
        cmocka_unit_test(test_pattern_charset_refused),
        cmocka_unit_test(test_dir_attribute_and_language),
        cmocka_unit_test(test_shared_cache_evicts_when_full),
        cmocka_unit_test(test_ragged_optimal),
        cmocka_unit_test(test_soft_hyphens),
        cmocka_unit_test(test_unknown_language_not_english),
        cmocka_unit_test(test_break_kerning),
        cmocka_unit_test(test_noncharacter_ffff),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
