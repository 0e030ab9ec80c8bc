/* test_hyphenation: breaks inside words: hyphenation points from the patterns (Russian,
 * Serbian Latin), words wider than the measure split at them first and else between clusters
 * (every such break marked with a hyphen where the script writes one), soft hyphens, a pattern
 * file in another charset refused, no English patterns for a text nothing names, and the
 * glyph before a break given back its unkerned advance. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overwide_words_split),
        cmocka_unit_test(test_emergency_breaks_hyphenated),
        cmocka_unit_test(test_serbian_latin_hyphenation),
        cmocka_unit_test(test_pattern_charset_refused),
        cmocka_unit_test(test_soft_hyphens),
        cmocka_unit_test(test_unknown_language_not_english),
        cmocka_unit_test(test_break_kerning),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
