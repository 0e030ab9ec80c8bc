/* Tests of the status line in app/ui: the sync worker's state in words of the UI language
 * (progress, offline, a failure's reason from the catalogue), the title copy that never cuts a
 * UTF-8 sequence, titles in scripts that need shaping (Persian, Arabic, Georgian) drawn, a cut
 * UTF-8 title never read past its end, and the line mirrored in a right-to-left UI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "quire_util.h"
#include "ui_article.h"
#include "ui_status.h"
#include "ui_sync.h"

enum { W = 600, H = 800, DPI = 167 };

/* Dark pixels of the band in columns [x0, x1). */
static long band_ink(const struct canvas *c, int x0, int x1)
{
    long n = 0;
    int band = ui_status_band_px(DPI);
    for (int y = c->h - band + 2; y < c->h; y++)
        for (int x = x0; x < x1; x++)
            n += c->pixels[y * c->stride + x] < 200;
    return n;
}

struct fix {
    struct layout_fonts *fonts;
    ui_texts *texts;
    render *r;
    struct canvas c;
};

static void fix_open(struct fix *f)
{
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    assert_int_equal(layout_fonts_create(QUIRE_TEST_SRC, &f->fonts, NULL), QUIRE_OK);
    assert_int_equal(ui_texts_create(f->fonts, NULL, &f->texts, NULL), QUIRE_OK);
    assert_int_equal(render_create(&rs, &f->r, NULL), QUIRE_OK);
    assert_int_equal(render_canvas_init(&f->c, W, H, NULL), QUIRE_OK);
}

static void fix_close(struct fix *f)
{
    render_canvas_fini(&f->c);
    render_destroy(f->r);
    ui_texts_destroy(f->texts);
    layout_fonts_destroy(f->fonts);
}

static long draw_status(struct fix *f, const char *title, bool is_rtl)
{
    render_canvas_fill(&f->c, (struct render_rect){0, 0, W, H}, 255);
    struct ui_status st = {title, NULL, "09:00  1 / 3"};
    assert_int_equal(ui_status_draw(f->texts, f->r, &f->c, DPI, &st, is_rtl, NULL), QUIRE_OK);
    return band_ink(&f->c, 0, W);
}

/* Titles that need shaping show (the old fallback dropped Arabic-script text); the page part
 * sits at the end: the right by default, the left in a right-to-left UI. */
static void test_titles_in_any_script(void **state)
{
    struct fix f;
    fix_open(&f);
    long bare = draw_status(&f, NULL, false);
    assert_true(bare > 20);
    assert_true(band_ink(&f.c, W / 2, W) == bare); /* "1 / 3" on the right */
    const char *titles[] = {"A Title", "\xD8\xA7\xD8\xB9\xD9\x84\xD8\xA7\xD9\x85\xDB\x8C\xD9\x87",
                            "\xE1\x83\x90\xE1\x83\x93\xE1\x83\x90\xE1\x83\x9B"};
    for (size_t i = 0; i < 3; i++)
        assert_true(draw_status(&f, titles[i], false) > bare + 20);
    draw_status(&f, titles[1], true);
    assert_true(band_ink(&f.c, 0, W / 4) > 20);    /* the page number moved left */
    assert_true(band_ink(&f.c, W * 3 / 4, W) > 5); /* the Persian title sits right */
    assert_int_equal(band_ink(&f.c, W / 3, W / 2), 0);
    fix_close(&f);
}

/* A title cut inside a UTF-8 sequence, in a buffer of exactly its size: never read past its
 * end (ASan catches it); the status line still shows. */
static void test_cut_utf8_title_stays_in_bounds(void **state)
{
    struct fix f;
    fix_open(&f);
    const char *cuts[] = {"\xD0\x91\xD0\x91\xD0", "\xE1\x83\x90\xE1\x83", "\xD0\x91\x91\xFF"};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        size_t n = strlen(cuts[i]) + 1;
        char *title = malloc(n);
        assert_non_null(title);
        memcpy(title, cuts[i], n);
        assert_true(draw_status(&f, title, false) > 20);
        free(title);
    }
    fix_close(&f);
}

static void test_sync_describe(void **state)
{
    char b[160];
    struct ui_sync_status st = {.state = UI_SYNC_RUNNING, .done = 2, .total = 5};
    ui_sync_describe(UI_LANG_EN, &st, b, sizeof b);
    assert_string_equal(b, "Syncing 2 of 5");
    ui_sync_describe(UI_LANG_RU, &st, b, sizeof b);
    assert_string_equal(b, "Синхронизация: 2 из 5");
    ui_sync_describe(UI_LANG_FA, &st, b, sizeof b);
    assert_string_equal(b, "همگام‌سازی ۲ از ۵"); /* Persian digits */
    st = (struct ui_sync_status){.state = UI_SYNC_FAILED, .failure = QUIRE_EBUSY};
    ui_sync_describe(UI_LANG_EN, &st, b, sizeof b);
    assert_string_equal(b, "Sync failed: another sync is running");
    ui_sync_describe(UI_LANG_RU, &st, b, sizeof b);
    assert_string_equal(b, "Ошибка синхронизации: уже идёт другая синхронизация");
    st.failure = QUIRE_ENET;
    st.is_offline = true;
    ui_sync_describe(UI_LANG_EN, &st, b, sizeof b);
    assert_string_equal(b, "Offline");
    st.state = UI_SYNC_IDLE;
    ui_sync_describe(UI_LANG_EN, &st, b, sizeof b);
    assert_string_equal(b, ""); /* the caller shows the age of the last sync */
}

/* Every failure code has a reason in every language, and unknown codes a generic one. */
static void test_sync_reasons(void **state)
{
    for (int code = 1; code < QUIRE_STATUS_COUNT + 2; code++) {
        enum ui_msg m = ui_sync_reason((enum quire_status)code);
        assert_true(m > UI_MSG_NONE && m < UI_MSG_COUNT);
        for (int l = 0; l < UI_LANG_COUNT; l++)
            assert_true(ui_tr((enum ui_lang)l, m)[0] != '\0');
    }
    assert_int_equal(ui_sync_reason(QUIRE_ETIMEDOUT), MSG_SYNC_WHY_TIMEOUT);
    assert_int_equal(ui_sync_reason(QUIRE_EIO), MSG_SYNC_WHY_OTHER);
}

static void test_title_copy_cuts_on_a_code_point(void **state)
{
    char src[300], dst[256];
    memset(src, 0, sizeof src);
    for (int i = 0; i < 129; i++) /* 258 bytes of "Б" (D0 91) */
        memcpy(src + 2 * i, "\xD0\x91", 2);
    ui_title_copy(dst, sizeof dst, src);
    assert_int_equal(strlen(dst), 254); /* 127 whole letters, not 127 and a lead byte */
    assert_memory_equal(dst, src, 254);
    ui_title_copy(dst, sizeof dst, "short");
    assert_string_equal(dst, "short");
    ui_title_copy(dst, 4, "\xE1\x83\x90\xE1\x83\x91"); /* Georgian: 3-byte letters */
    assert_string_equal(dst, "\xE1\x83\x90");
    ui_title_copy(dst, 3, "\xE1\x83\x90");
    assert_string_equal(dst, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sync_describe),
        cmocka_unit_test(test_sync_reasons),
        cmocka_unit_test(test_title_copy_cuts_on_a_code_point),
        cmocka_unit_test(test_titles_in_any_script),
        cmocka_unit_test(test_cut_utf8_title_stays_in_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
