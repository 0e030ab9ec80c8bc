/* test_ui_prefs: the settings registry: defaults from config.h, parsing with every kind of bad
 * value, canonical text, stepping, and load/save through a real library file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "layout.h"
#include "ui_prefs.h"

static const struct ui_pref *row(const char *key)
{
    const struct ui_pref *r = ui_pref_find(key);
    assert_non_null(r);
    return r;
}

static void test_defaults_come_from_config(void **state)
{
    struct ui_prefs p;
    ui_prefs_default(&p);
    assert_int_equal(p.font_px, QUIRE_READER_FONT_PX);
    assert_int_equal(p.font_family, UI_FONT_SERIF);
    assert_int_equal(p.margin_px, QUIRE_DEFAULT_MARGIN_PX);
    assert_int_equal(p.line_spacing, 130); /* QUIRE_DEFAULT_LINE_SPACING 1.3 */
    assert_true(p.justify);
    assert_true(p.hyphenate);
    assert_int_equal(p.full_every, QUIRE_FULL_REFRESH_EVERY);
    assert_int_equal(p.full_every_night, QUIRE_FULL_REFRESH_EVERY_NIGHT);
    assert_int_equal(p.darkness, QUIRE_TEXT_DARKNESS);
    assert_int_equal(p.rotation, QUIRE_ROTATION);
    assert_int_equal(p.ui_lang, UI_LANG_EN);
    assert_int_equal(p.sync_every_minutes, 60);
    assert_int_equal(p.sleep_after_minutes, 15);
    assert_int_equal(p.kiosk_interval_s, 20);
    assert_int_equal(p.kiosk_idle_s, 120);
    assert_string_equal(p.kiosk_sections, "");
    assert_string_equal(p.kiosk_deep_clean_hours, "3");
}

/* Every row: a default that is valid for the row itself, a unique key, a label, in-bounds. */
static void test_every_row_is_consistent(void **state)
{
    assert_int_equal(ui_pref_count(), 19);
    for (size_t i = 0; i < ui_pref_count(); i++) {
        const struct ui_pref *r = ui_pref_at(i);
        assert_non_null(r->key);
        assert_true(r->label > UI_MSG_NONE && r->label < UI_MSG_COUNT);
        assert_ptr_equal(ui_pref_find(r->key), r);
        char def[QUIRE_PREF_TEXT_MAX];
        ui_pref_default_text(r, def, sizeof def);
        struct ui_prefs p;
        ui_prefs_default(&p);
        assert_int_equal(ui_pref_parse(r, &p, def, NULL), QUIRE_OK);
        assert_true(ui_pref_is_default(r, &p));
        if (r->type == UI_PREF_INT)
            assert_true(r->low <= r->high && r->step > 0);
    }
    assert_null(ui_pref_at(ui_pref_count()));
    assert_null(ui_pref_find("reader.nope"));
}

static void expect_bad(const char *key, const char *text, const char *needle)
{
    struct ui_prefs p, before;
    ui_prefs_default(&p);
    before = p;
    struct quire_err err = {0};
    assert_int_equal(ui_prefs_set(&p, key, text, &err), QUIRE_EINVAL);
    assert_memory_equal(&p, &before, sizeof p); /* nothing changed */
    assert_null(strchr(err.msg, '\n'));
    if (!strstr(err.msg, needle))
        fail_msg("'%s' = '%s': message '%s' lacks '%s'", key, text, err.msg, needle);
}

static void test_bad_values_are_refused_with_the_bounds(void **state)
{
    expect_bad("reader.nope", "1", "unknown setting 'reader.nope'");
    expect_bad("reader.font_px", "20px", "reader.font_px: '20px' is not a whole number (16..96");
    expect_bad("reader.font_px", "", "is not a whole number");
    expect_bad("reader.font_px", " 20", "is not a whole number");
    expect_bad("reader.font_px", "+20", "is not a whole number");
    expect_bad("reader.font_px", "2.5", "is not a whole number");
    expect_bad("reader.font_px", "99999999999999999999", "is out of range (16..96 or 0)");
    expect_bad("reader.font_px", "15", "is out of range");
    expect_bad("reader.font_px", "97", "is out of range");
    expect_bad("reader.font_px", "-2", "is out of range");
    expect_bad("render.full_refresh_every", "0",
               "render.full_refresh_every: '0' is out of range (1..50)");
    expect_bad("render.darkness", "101", "(0..100)");
    expect_bad("reader.justify", "maybe", "reader.justify: 'maybe' is not on or off");
    expect_bad("reader.font_family", "mono", "is not one of the choices (serif|sans)");
    expect_bad("render.rotation", "45", "(0|90|180|270)");
    expect_bad("ui.lang", "de", "(en|ru|fa)");
    expect_bad("kiosk.deep_clean_hours", "24", "has '24', not an hour 0..23");
    expect_bad("kiosk.deep_clean_hours", "3,,4", "has an empty item");
    expect_bad("kiosk.deep_clean_hours", "3,3", "lists hour 3 twice");
    expect_bad("kiosk.deep_clean_hours", "3x", "not an hour");
    expect_bad("kiosk.sections", "world,", "has an empty item");
    expect_bad("kiosk.sections", "a\tb", "has a control character");
    expect_bad("kiosk.sections", "\xff", "is not UTF-8");
    expect_bad("kiosk.sections", "a\nb", "'a?b' has a control character"); /* one line */
    char longer[QUIRE_PREF_TEXT_MAX + 10];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    expect_bad("kiosk.sections", longer, "is longer than");
}

static void test_good_values_and_canonical_text(void **state)
{
    struct ui_prefs p;
    ui_prefs_default(&p);
    char out[QUIRE_PREF_TEXT_MAX];
    assert_int_equal(ui_prefs_set(&p, "reader.font_px", "0", NULL), QUIRE_OK);
    assert_int_equal(ui_prefs_set(&p, "reader.font_px", "96", NULL), QUIRE_OK);
    assert_int_equal(p.font_px, 96);
    assert_int_equal(ui_prefs_set(&p, "reader.justify", "OFF", NULL), QUIRE_OK);
    ui_pref_text(row("reader.justify"), &p, out, sizeof out);
    assert_string_equal(out, "off");
    assert_int_equal(ui_prefs_set(&p, "reader.justify", "yes", NULL), QUIRE_OK);
    assert_true(p.justify);
    assert_int_equal(ui_prefs_set(&p, "render.rotation", "270", NULL), QUIRE_OK);
    assert_int_equal(p.rotation, 270);
    assert_int_equal(ui_prefs_set(&p, "ui.lang", "fa", NULL), QUIRE_OK);
    assert_int_equal(p.ui_lang, UI_LANG_FA);
    assert_int_equal(ui_prefs_set(&p, "kiosk.deep_clean_hours", " 15, 03 ,0", NULL), QUIRE_OK);
    assert_string_equal(p.kiosk_deep_clean_hours, "0,3,15");
    assert_int_equal(ui_prefs_set(&p, "kiosk.deep_clean_hours", "", NULL), QUIRE_OK);
    assert_string_equal(p.kiosk_deep_clean_hours, "");
    assert_int_equal(ui_prefs_set(&p, "kiosk.sections", "world , Наука,علم", NULL), QUIRE_OK);
    assert_string_equal(p.kiosk_sections, "world,Наука,علم");
}

static void test_step_moves_by_step_within_bounds(void **state)
{
    struct ui_prefs p;
    ui_prefs_default(&p);
    const struct ui_pref *font = row("reader.font_px");
    assert_true(ui_pref_step(font, &p, +1)); /* device default -> the smallest size */
    assert_int_equal(p.font_px, 16);
    assert_true(ui_pref_step(font, &p, +1));
    assert_int_equal(p.font_px, 18);
    assert_true(ui_pref_step(font, &p, -1));
    assert_true(ui_pref_step(font, &p, -1));
    assert_int_equal(p.font_px, 0); /* below the smallest: back to the device's size */
    assert_false(ui_pref_step(font, &p, -1));
    p.font_px = 17; /* set off-step by the CLI: the next multiple of the step */
    assert_true(ui_pref_step(font, &p, +1));
    assert_int_equal(p.font_px, 18);
    p.font_px = 17;
    assert_true(ui_pref_step(font, &p, -1));
    assert_int_equal(p.font_px, 16);
    p.font_px = 96;
    assert_false(ui_pref_step(font, &p, +1));
    assert_int_equal(p.font_px, 96);

    const struct ui_pref *every = row("render.full_refresh_every");
    p.full_every = 1;
    assert_false(ui_pref_step(every, &p, -1));
    assert_int_equal(p.full_every, 1);

    const struct ui_pref *rot = row("render.rotation");
    assert_true(ui_pref_step(rot, &p, -1)); /* wraps: 0 -> 270 */
    assert_int_equal(p.rotation, 270);
    assert_true(ui_pref_step(rot, &p, +1));
    assert_int_equal(p.rotation, 0);
    assert_true(ui_pref_step(row("render.night"), &p, +1));
    assert_true(p.night);
    assert_false(ui_pref_step(row("kiosk.sections"), &p, +1));
}

static void test_display_in_each_language(void **state)
{
    struct ui_prefs p;
    ui_prefs_default(&p);
    char out[128];
    ui_pref_display(row("reader.font_px"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "Device default");
    p.font_px = 36;
    ui_pref_display(row("reader.font_px"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "36 px");
    ui_pref_display(row("reader.font_px"), &p, UI_LANG_FA, out, sizeof out);
    assert_string_equal(out, "۳۶ پیکسل");
    ui_pref_display(row("render.full_refresh_every"), &p, UI_LANG_RU, out, sizeof out);
    assert_string_equal(out, "каждые 6 страниц");
    p.full_every = 1;
    ui_pref_display(row("render.full_refresh_every"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "every 1 page");
    ui_pref_display(row("render.darkness"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "40%");
    p.rotation = 90;
    ui_pref_display(row("render.rotation"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "90°");
    p.ui_lang = UI_LANG_RU;
    ui_pref_display(row("ui.lang"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "Русский");
    ui_pref_display(row("reader.hyphenate"), &p, UI_LANG_RU, out, sizeof out);
    assert_string_equal(out, "Вкл.");
    p.sync_every_minutes = 0;
    ui_pref_display(row("sync.every_minutes"), &p, UI_LANG_FA, out, sizeof out);
    assert_string_equal(out, "هرگز");
    strcpy(p.kiosk_deep_clean_hours, "3,15");
    ui_pref_display(row("kiosk.deep_clean_hours"), &p, UI_LANG_FA, out, sizeof out);
    assert_string_equal(out, "۳,۱۵");
    ui_pref_display(row("kiosk.sections"), &p, UI_LANG_EN, out, sizeof out);
    assert_string_equal(out, "All sections");
}

/* Through a real library file: saved values load back, bad stored values keep the default. */
static void test_load_and_save_through_the_library(void **state)
{
    char dir[] = "/tmp/quire-prefs-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/library.db", dir);
    store *st;
    struct quire_err err;
    assert_int_equal(store_open(path, &st, &err), QUIRE_OK);

    struct ui_prefs p;
    ui_prefs_default(&p);
    assert_int_equal(ui_prefs_set(&p, "reader.font_px", "44", NULL), QUIRE_OK);
    assert_int_equal(ui_prefs_set(&p, "reader.font_family", "sans", NULL), QUIRE_OK);
    assert_int_equal(ui_prefs_set(&p, "kiosk.sections", "world", NULL), QUIRE_OK);
    for (size_t i = 0; i < ui_pref_count(); i++)
        assert_int_equal(ui_pref_save(st, ui_pref_at(i), &p, &err), QUIRE_OK);
    /* Values written by hand or by an older version: wrong type or out of range. */
    assert_int_equal(store_setting_set(st, "render.darkness", "300", &err), QUIRE_OK);
    assert_int_equal(store_setting_set(st, "render.full_refresh_every", "3x", &err), QUIRE_OK);
    assert_int_equal(store_setting_set(st, "reader.justify", "sometimes", &err), QUIRE_OK);
    assert_int_equal(store_setting_set(st, "ui.lang", "de", &err), QUIRE_OK);
    store_close(st);

    assert_int_equal(store_open(path, &st, &err), QUIRE_OK);
    struct ui_prefs q;
    ui_prefs_load(st, &q);
    assert_int_equal(q.font_px, 44);
    assert_int_equal(q.font_family, UI_FONT_SANS);
    assert_string_equal(q.kiosk_sections, "world");
    assert_int_equal(q.darkness, QUIRE_TEXT_DARKNESS);
    assert_int_equal(q.full_every, QUIRE_FULL_REFRESH_EVERY);
    assert_true(q.justify);
    assert_int_equal(q.ui_lang, UI_LANG_EN);
    char buf[32];
    assert_int_equal(store_setting_get(st, "reader.justify", buf, sizeof buf, NULL), QUIRE_OK);
    assert_string_equal(buf, "sometimes"); /* loading never rewrites what is stored */
    store_close(st);

    ui_prefs_load(NULL, &q); /* no library: the defaults */
    assert_int_equal(q.font_px, QUIRE_READER_FONT_PX);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* The font family setting offers exactly the typesetter's bundled families, in its order, and
 * each choice's value is the family's index (what the article screen hands to layout). */
static void test_font_families_are_the_typesetters(void **state)
{
    const struct ui_pref *row = ui_pref_find("reader.font_family");
    assert_non_null(row);
    assert_int_equal((size_t)row->n_choices, layout_family_count());
    for (int i = 0; i < row->n_choices; i++) {
        assert_string_equal(row->choices[i].code, layout_family_name((size_t)i));
        assert_int_equal(row->choices[i].value, i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_come_from_config),
        cmocka_unit_test(test_every_row_is_consistent),
        cmocka_unit_test(test_bad_values_are_refused_with_the_bounds),
        cmocka_unit_test(test_good_values_and_canonical_text),
        cmocka_unit_test(test_step_moves_by_step_within_bounds),
        cmocka_unit_test(test_display_in_each_language),
        cmocka_unit_test(test_load_and_save_through_the_library),
        cmocka_unit_test(test_font_families_are_the_typesetters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
