/* test_langs: languages without a Debian hyphen-* package hyphenate with the patterns converted
 * from TeX's hyph-utf8 (Armenian, Georgian, Turkmen, Turkish, Greek, Hindi, Marathi, Bengali),
 * both in the files themselves and through the loader; and text whose tag names no language
 * ("und", empty, "C", "POSIX", none) takes its script's language: Armenian and Georgian
 * hyphenate as if tagged, Hebrew is set right to left even when it opens with a Latin word,
 * the Hanja of a Korean text and the kanji of a Japanese one take their language's CJK face. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hyphen.h>

#include "doc.h"
#include "layout.h"
#include "quire_util.h"
#include "typeset_fixture.h"

struct sample {
    const char *lang, *dic, *words; /* words: lowercase, long enough to need breaking */
};

static const struct sample samples[] = {
    {"hy", "hyph_hy_AM.dic",
     "արժանապատվությամբ իրավունքներով ազատություններով բանականությամբ հռչակագրով "
     "խտրականության"},
    {"ka", "hyph_ka_GE.dic",
     "ადამიანთა უფლებების საყოველთაო დეკლარაცია დამახასიათებელი განუყოფელი"},
    {"tk", "hyph_tk_TM.dic",
     "mertebäniň hukuklarynyň äsgerilmezligi durýandygyny getirendigini adamzadyň"},
    {"tr", "hyph_tr_TR.dic",
     "beyannamesi haklarının evrensel tanınmasının özgürlüklerinin temelidir"},
    {"el", "hyph_el_GR.dic",
     "οικουμενική διακήρυξη δικαιωμάτων αναγνώριση αξιοπρέπειας ανθρωπότητας"},
    {"hi", "hyph_hi_IN.dic", "अधिकारों सार्वभौमिक घोषणापत्र स्वीकृति अविच्छिन्न प्रतिष्ठापूर्वक"},
    {"mr", "hyph_mr_IN.dic", "मानवाधिकारांचा जाहीरनामा स्वातंत्र्याच्या प्रतिष्ठेच्या समानतेच्या"},
    {"bn", "hyph_bn_IN.dic", "মানবাধিকারের সার্বজনীন ঘোষণাপত্র স্বাধীনতার মর্যাদাসম্পন্ন"},
};

static struct layout *lay_narrow(const struct doc *d, int w, int px, const char *lang)
{
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = w;
    s.page_h = 4000;
    s.font_px = px;
    s.margin = 10;
    s.lang = lang;
    struct layout *l = NULL;
    assert_int_equal(layout_create(fonts, d, &s, &l, NULL), QUIRE_OK);
    return l;
}

static size_t hyphenated_lines(const struct layout *l)
{
    size_t n = 0;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++)
            n += pg->lines[i].is_hyphenated;
    }
    return n;
}

/* The source offsets where the lines end, as one comparable string. */
static void line_ends(const struct layout *l, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = 0;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count && k + 24 < cap; i++)
            k += (size_t)snprintf(out + k, cap - k, "%lld%s ", (long long)pg->lines[i].end.offset,
                                  pg->lines[i].is_hyphenated ? "-" : "");
    }
}

/* Every word of every sample has points in its converted file. */
static void test_converted_patterns_have_points(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/assets/hyphen/%s", QUIRE_TEST_SRC, samples[i].dic);
        HyphenDict *dict = hnj_hyphen_load(path);
        if (!dict)
            fail_msg("%s: not loaded", path);
        char words[1024];
        snprintf(words, sizeof(words), "%s", samples[i].words);
        for (char *save = NULL, *w = strtok_r(words, " ", &save); w;
             w = strtok_r(NULL, " ", &save)) {
            char hy[1024];
            char **rep = NULL;
            int *pos = NULL, *cut = NULL, points = 0;
            assert_int_equal(hnj_hyphen_hyphenate3(dict, w, (int)strlen(w), hy, NULL, &rep, &pos,
                                                   &cut, 2, 2, 0, 0),
                             0);
            for (size_t c = 0; hy[c]; c++)
                points += hy[c] & 1;
            if (points == 0)
                fail_msg("%s: no hyphenation point in %s", samples[i].lang, w);
            assert_null(rep);
        }
        hnj_hyphen_free(dict);
    }
}

/* Through the layout: a narrow column of each sample has hyphenated lines in its language and
 * none in a language without patterns (its words fit the measure: no letter breaks). */
static void test_converted_patterns_are_loaded(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        char text[4096];
        snprintf(text, sizeof(text), "%s %s %s", samples[i].words, samples[i].words,
                 samples[i].words);
        struct doc *d = text_doc(text);
        size_t with = 0, without = 0;
        for (int w = 330; w <= 450; w += 30) {
            struct layout *l = lay_narrow(d, w, 20, samples[i].lang);
            with += hyphenated_lines(l);
            layout_destroy(l);
            l = lay_narrow(d, w, 20, "xx");
            without += hyphenated_lines(l);
            layout_destroy(l);
        }
        if (with == 0 || without != 0)
            fail_msg("%s: %zu hyphenated lines with its patterns, %zu without", samples[i].lang,
                     with, without);
        doc_destroy(d);
    }
}

/* Armenian and Georgian tagged "und", "", "C", "POSIX", "C.UTF-8" or not at all break exactly as
 * tagged hy and ka (hyphenated), unlike an unknown language that names itself. */
static void test_untagged_text_takes_script_language(void **state)
{
    (void)state;
    static const char *const tags[] = {"und", "", "C", "POSIX", "C.UTF-8", "und-x-foo", NULL};
    for (size_t i = 0; i < 2; i++) {
        char text[4096], want[2048], got[2048];
        snprintf(text, sizeof(text), "%s %s", samples[i].words, samples[i].words);
        struct doc *d = text_doc(text);
        struct layout *l = lay_narrow(d, 360, 20, samples[i].lang);
        line_ends(l, want, sizeof(want));
        assert_true(hyphenated_lines(l) > 0);
        layout_destroy(l);
        for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
            l = lay_narrow(d, 360, 20, tags[t]);
            line_ends(l, got, sizeof(got));
            if (strcmp(want, got) != 0)
                fail_msg("%s tagged \"%s\": %s, not %s", samples[i].lang,
                         tags[t] ? tags[t] : "(none)", got, want);
            layout_destroy(l);
        }
        l = lay_narrow(d, 360, 20, "xx");
        assert_int_equal(hyphenated_lines(l), 0);
        layout_destroy(l);
        doc_destroy(d);
    }
}

static bool first_line_rtl(const char *text, const char *lang)
{
    struct doc *d = text_doc(text);
    struct layout *l = lay_narrow(d, 600, 20, lang);
    const struct layout_page *pg = layout_page_get(l, 0);
    assert_true(pg->line_count > 0);
    bool is_rtl = pg->lines[0].is_rtl;
    layout_destroy(l);
    doc_destroy(d);
    return is_rtl;
}

/* Direction: untagged Hebrew opening with "BBC" is right to left (its script says it); a
 * Latin text quoting one Hebrew word stays left to right. */
static void test_untagged_direction_from_script(void **state)
{
    (void)state;
    const char *he = "BBC דיווחה היום כי כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם.";
    const char *en = "The word שלום means peace in Hebrew and is used as a greeting.";
    static const char *const tags[] = {"und", "", "C", "POSIX"};
    for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
        assert_true(first_line_rtl(he, tags[t]));
        assert_false(first_line_rtl(en, tags[t]));
    }
    assert_false(first_line_rtl(he, "en")); /* a named language is kept */
}

/* Fonts: the Han characters of an untagged Korean text take the Korean face of the CJK
 * collection (index 1), those of a Japanese one the Japanese face (0), not the Chinese (2). */
static void test_untagged_han_takes_text_language(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int want;
    } cases[] = {
        {"모든 國民은 人間으로서의 尊嚴과 價値를 가지며 幸福을 追求할 權利를 가진다", 1},
        {"すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct doc *d = text_doc(cases[i].text);
        struct layout *l = lay_narrow(d, 600, 20, "und");
        assert_true(uses_face(layout_page_get(l, 0), "NotoSerifCJK-Regular.ttc", cases[i].want));
        assert_false(uses_face(layout_page_get(l, 0), "NotoSerifCJK-Regular.ttc", 2));
        layout_destroy(l);
        doc_destroy(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_converted_patterns_have_points),
        cmocka_unit_test(test_converted_patterns_are_loaded),
        cmocka_unit_test(test_untagged_text_takes_script_language),
        cmocka_unit_test(test_untagged_direction_from_script),
        cmocka_unit_test(test_untagged_han_takes_text_language),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
