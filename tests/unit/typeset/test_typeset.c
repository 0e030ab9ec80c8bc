/* test_typeset: the typesetter's promises: every corpus language at 1072x1448/36 px and
 * 600x800/28 px with lines within the measure, pages within their height, every word in order
 * and no missing glyph; right-to-left languages right to left (every line, aligned right, in
 * visual order); anchors stable across sizes; widows/orphans/headings kept; images, pre, the
 * shared cache; failures reported. Breaks in words: test_hyphenation.c; modes: test_linebreak.c */
#include <dirent.h>
#include <math.h>
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
#include "typeset_fixture.h"

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
#include "typeset_fixture.h"

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

/* Every text of the corpus folder is in corpus_files (a new language is tested at once). */
static void check_corpus_listed(void)
{
    DIR *dir = opendir(QUIRE_TEST_SRC "/tests/data/corpus");
    assert_non_null(dir);
    for (struct dirent *e; (e = readdir(dir));) {
        bool is_listed = !strstr(e->d_name, ".txt");
        for (size_t f = 0; f < sizeof(corpus_files) / sizeof(corpus_files[0]); f++)
            is_listed |= strcmp(e->d_name, corpus_files[f][0]) == 0;
        if (!is_listed)
            fail_msg("%s is not in corpus_files", e->d_name);
    }
    closedir(dir);
}

static void test_corpus_geometry_words_glyphs(void **state)
{
    static const int sizes[][3] = {{1072, 1448, 36}, {600, 800, 28}};
    check_corpus_listed();
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

/* Every right-to-left corpus language at both sizes: each line right to left, aligned right
 * (last lines too), its words in right-to-left visual order; Persian's justified lines fill
 * it (Uyghur's long words leave paragraphs too loose to justify at 600 px: ragged). */
static void test_rtl_corpus_right_to_left(void **state)
{
    static const char *const rtl[][2] = {
        {"udhr-fa.txt", "fa"}, {"udhr-ar.txt", "ar"}, {"udhr-ug.txt", "ug"}};
    static const int sizes[][3] = {{1072, 1448, 36}, {600, 800, 28}};
    for (size_t f = 0; f < sizeof(rtl) / sizeof(rtl[0]); f++) {
        struct doc *d = corpus(rtl[f][0]);
        for (size_t z = 0; z < 2; z++) {
            int w = sizes[z][0];
            struct layout *l = lay(d, w, sizes[z][1], sizes[z][2], rtl[f][1], LAYOUT_BREAK_OPTIMAL);
            size_t lines = 0, full = 0, checked = 0;
            for (size_t p = 0; p < layout_page_count(l); p++) {
                const struct layout_page *pg = layout_page_get(l, p);
                for (size_t i = 0; i < pg->line_count; i++, lines++) {
                    const struct layout_line *ln = &pg->lines[i];
                    bool is_checked = false;
                    if (!ln->is_rtl || fabsf(ln->x + ln->width - (float)(w - 48)) > 0.5f ||
                        !line_reads_right_to_left(l, pg, ln, &is_checked))
                        fail_msg("%s at %d px: line %zu of page %zu not right to left", rtl[f][0],
                                 w, i, p);
                    full += ln->width > w - 96 - 0.5f;
                    checked += is_checked;
                }
            }
            if ((f == 0 && z == 0 && full < 50) || checked * 3 < lines)
                fail_msg("%s at %d px: %zu lines, %zu full, %zu in checked order", rtl[f][0], w,
                         lines, full, checked);
            layout_destroy(l);
        }
        doc_destroy(d);
    }
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

/* U+FFFF is libunibreak's end-of-string mark (it asserted on it): set as a missing glyph. */
static void test_noncharacter_ffff(void **state)
{
    struct doc *d = text_doc(")\xef\xbf\xbb\xef\xbf\xbf a \xef\xbf\xbf");
    struct layout *l = lay(d, 600, 800, 20, NULL, LAYOUT_BREAK_OPTIMAL);
    assert_int_equal(layout_page_count(l), 1);
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
        cmocka_unit_test(test_anchor_across_sizes),
        cmocka_unit_test(test_rtl_visual_order),
        cmocka_unit_test(test_rtl_corpus_right_to_left),
        cmocka_unit_test(test_widows_orphans_headings),
        cmocka_unit_test(test_plain_text_titles_kept),
        cmocka_unit_test(test_long_word_never_overflows),
        cmocka_unit_test(test_html_blocks_images),
        cmocka_unit_test(test_many_languages),
        cmocka_unit_test(test_image_size_callback),
        cmocka_unit_test(test_bad_settings),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_shared_cache),
        cmocka_unit_test(test_preformatted),
        cmocka_unit_test(test_dir_attribute_and_language),
        cmocka_unit_test(test_shared_cache_evicts_when_full),
        cmocka_unit_test(test_noncharacter_ffff),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
