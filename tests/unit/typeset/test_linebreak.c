/* test_linebreak: the line breaker's modes: Knuth-Plass beats first fit on badness (and the
 * consecutive-hyphen limit holds in both), ragged text set by total fit has a lower ragged
 * badness than first fit, and ragged or empty documents lay out. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_optimal_beats_greedy),
        cmocka_unit_test(test_ragged_and_empty),
        cmocka_unit_test(test_ragged_optimal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
