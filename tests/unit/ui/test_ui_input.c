/* Tests of input in app/ui: gestures from raw contacts (tap, hold while still down, hold at a
 * late release, swipe with its direction, a moved contact never holds), tap zones and swipes
 * mirrored for right-to-left articles and the left-handed setting, binding lookup, and labels
 * (measured, cut with an ellipsis, right to left). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "config.h"
#include "ui_gesture.h"
#include "ui_input.h"

static void test_tap_hold_swipe(void **state)
{
    struct ui_gesture_state s;
    struct ui_gesture g;
    ui_gesture_init(&s, 300); /* 6 mm = 70 px */
    assert_false(ui_gesture_feed(&s, UI_CONTACT_DOWN, 100, 100, 0, &g));
    assert_int_equal(ui_gesture_deadline(&s), QUIRE_HOLD_MS);
    assert_true(ui_gesture_feed(&s, UI_CONTACT_UP, 105, 102, 80, &g));
    assert_int_equal(g.type, UI_GESTURE_TAP);
    assert_int_equal(g.x, 100);
    /* hold: fires at the deadline while down; the release adds nothing */
    ui_gesture_feed(&s, UI_CONTACT_DOWN, 50, 60, 1000, &g);
    assert_false(ui_gesture_tick(&s, 1000 + QUIRE_HOLD_MS - 1, &g));
    assert_true(ui_gesture_tick(&s, 1000 + QUIRE_HOLD_MS, &g));
    assert_int_equal(g.type, UI_GESTURE_HOLD);
    assert_int_equal(ui_gesture_deadline(&s), -1);
    assert_false(ui_gesture_feed(&s, UI_CONTACT_UP, 50, 60, 3000, &g));
    /* a late release without a tick is still a hold */
    ui_gesture_feed(&s, UI_CONTACT_DOWN, 50, 60, 5000, &g);
    assert_true(ui_gesture_feed(&s, UI_CONTACT_UP, 52, 61, 5000 + QUIRE_HOLD_MS + 5, &g));
    assert_int_equal(g.type, UI_GESTURE_HOLD);
    /* swipe left; a contact that moved far never becomes a hold */
    ui_gesture_feed(&s, UI_CONTACT_DOWN, 800, 500, 9000, &g);
    ui_gesture_feed(&s, UI_CONTACT_MOVE, 600, 510, 9050, &g);
    assert_int_equal(ui_gesture_deadline(&s), -1);
    assert_false(ui_gesture_tick(&s, 20000, &g));
    assert_true(ui_gesture_feed(&s, UI_CONTACT_UP, 300, 520, 20000, &g));
    assert_int_equal(g.type, UI_GESTURE_SWIPE);
    assert_int_equal(g.dir, UI_DIR_LEFT);
    ui_gesture_feed(&s, UI_CONTACT_DOWN, 500, 200, 0, &g);
    assert_true(ui_gesture_feed(&s, UI_CONTACT_UP, 510, 700, 100, &g));
    assert_int_equal(g.dir, UI_DIR_DOWN);
    /* an up without a down is nothing */
    assert_false(ui_gesture_feed(&s, UI_CONTACT_UP, 1, 1, 0, &g));
}

static void test_zones_mirror(void **state)
{
    const int w = 1072, h = 1448;
    assert_int_equal(ui_input_zone(500, 20, w, h, false, false), UI_ZONE_MENU);
    assert_int_equal(ui_input_zone(50, 700, w, h, false, false), UI_ZONE_BACK);
    assert_int_equal(ui_input_zone(900, 700, w, h, false, false), UI_ZONE_FORWARD);
    /* a right-to-left article goes forward on the left */
    assert_int_equal(ui_input_zone(50, 700, w, h, true, false), UI_ZONE_FORWARD);
    assert_int_equal(ui_input_zone(1000, 700, w, h, true, false), UI_ZONE_BACK);
    /* left-handed swaps the sides again */
    assert_int_equal(ui_input_zone(1000, 700, w, h, false, true), UI_ZONE_BACK);
    assert_int_equal(ui_input_zone(50, 700, w, h, true, true), UI_ZONE_BACK);
    assert_int_equal(ui_input_swipe(UI_DIR_LEFT, false), UI_SWIPE_FORWARD);
    assert_int_equal(ui_input_swipe(UI_DIR_LEFT, true), UI_SWIPE_BACKWARD);
    assert_int_equal(ui_input_swipe(UI_DIR_RIGHT, true), UI_SWIPE_FORWARD);
}

static void test_lookup(void **state)
{
    static const struct ui_binding table[] = {
        {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_NEXT_PAGE},
        {UI_TRIG_TEXT, 0, "+", UI_ACT_FONT_UP},
        {UI_TRIG_ZONE, UI_ZONE_MENU, NULL, UI_ACT_MENU},
        {0},
    };
    enum ui_action a;
    assert_true(ui_input_lookup(table, UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, &a));
    assert_int_equal(a, UI_ACT_NEXT_PAGE);
    assert_true(ui_input_lookup(table, UI_TRIG_TEXT, 0, "+", &a));
    assert_int_equal(a, UI_ACT_FONT_UP);
    assert_false(ui_input_lookup(table, UI_TRIG_TEXT, 0, "x", &a));
    assert_false(ui_input_lookup(table, UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, &a));
    assert_true(ui_input_lookup(table, UI_TRIG_ZONE, UI_ZONE_MENU, NULL, &a));
}

static void test_labels(void **state)
{
    struct layout_fonts *fonts;
    assert_int_equal(layout_fonts_create(QUIRE_TEST_SRC, &fonts, NULL), QUIRE_OK);
    struct layout_label *l;
    struct layout_label_metrics m;
    struct layout_label_opts o = {24, 400, 1, false, "en", NULL};
    assert_int_equal(layout_label_create(fonts, "Short", &o, &l, NULL), QUIRE_OK);
    layout_label_metrics_get(l, &m);
    assert_int_equal(m.lines, 1);
    assert_false(m.is_truncated);
    assert_true(m.width > 20 && m.width < 120);
    int short_w = m.width;
    layout_label_destroy(l);
    const char *longer = "A considerably longer title that cannot possibly fit on one line of "
                         "four hundred pixels at this size";
    assert_int_equal(layout_label_create(fonts, longer, &o, &l, NULL), QUIRE_OK);
    layout_label_metrics_get(l, &m);
    assert_int_equal(m.lines, 1);
    assert_true(m.is_truncated);
    assert_true(m.width <= 400 && m.width > short_w);
    layout_label_destroy(l);
    o.max_lines = 2;
    assert_int_equal(layout_label_create(fonts, longer, &o, &l, NULL), QUIRE_OK);
    layout_label_metrics_get(l, &m);
    assert_int_equal(m.lines, 2);
    layout_label_destroy(l);
    /* Persian: right to left, shaped, no missing glyphs; a narrow label works */
    o = (struct layout_label_opts){24, 120, 1, true, "fa", NULL};
    assert_int_equal(
        layout_label_create(fonts, "\xD8\xA7\xD8\xB9\xD9\x84\xD8\xA7\xD9\x85", &o, &l, NULL),
        QUIRE_OK);
    layout_label_metrics_get(l, &m);
    assert_true(m.is_rtl);
    assert_int_equal(m.missing_glyphs, 0);
    layout_label_destroy(l);
    assert_int_equal(layout_label_create(fonts, "\xFF", &o, &l, NULL), QUIRE_EUTF8);
    assert_int_equal(layout_label_create(fonts, "", &o, &l, NULL), QUIRE_OK);
    assert_null(layout_label_page(l));
    layout_label_destroy(l);
    layout_label_destroy(NULL);
    layout_fonts_destroy(fonts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tap_hold_swipe),
        cmocka_unit_test(test_zones_mirror),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
