/* test_ui_i18n: the message catalogue: every language has every message and every plural form
 * with the English printf conversions; CLDR plural rules; Persian digits; language codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "quire_util.h"
#include "ui_i18n.h"

static const char *const ids[UI_MSG_COUNT] = {
#define UI_MSG(id, en)            [id] = #id,
#define UI_PLURAL(id, one, other) [id] = #id,
#include "ui_msgs.def"
#undef UI_MSG
#undef UI_PLURAL
};

/* The problems of one catalogue against the English, one line each on stderr; their count. */
static int catalogue_problems(const char *name, const struct ui_msg_text *cat, int nforms)
{
    int problems = 0;
    for (int id = 1; id < UI_MSG_COUNT; id++) {
        char want[16], got[16];
        const struct ui_msg_text *en = &ui_msg_en[id];
        assert_true(ui_format_conversions(en->forms[0], want, sizeof want));
        int forms = ui_msg_is_plural((enum ui_msg)id) ? nforms : 1;
        for (int f = 0; f < UI_MSG_MAX_FORMS; f++) {
            const char *s = cat[id].forms[f];
            if (f >= forms) {
                if (s) {
                    fprintf(stderr, "%s: %s has an extra form %d\n", name, ids[id], f);
                    problems++;
                }
                continue;
            }
            if (!s || !*s) {
                fprintf(stderr, "%s: %s lacks form %d\n", name, ids[id], f);
                problems++;
                continue;
            }
            if (!quire_utf8_valid(s, strlen(s), NULL)) {
                fprintf(stderr, "%s: %s form %d is not UTF-8\n", name, ids[id], f);
                problems++;
            }
            if (!ui_format_conversions(s, got, sizeof got) || strcmp(got, want)) {
                fprintf(stderr, "%s: %s form %d has conversions '%s', English '%s'\n", name,
                        ids[id], f, got, want);
                problems++;
            }
        }
    }
    return problems;
}

static void test_every_catalogue_is_complete(void **state)
{
    assert_int_equal(catalogue_problems("en", ui_msg_en, 2), 0);
    assert_int_equal(catalogue_problems("ru", ui_msg_ru, 3), 0);
    assert_int_equal(catalogue_problems("fa", ui_msg_fa, 2), 0);
}

/* The check above can fail: a catalogue with a message missing, a plural form missing, or a
 * conversion changed is caught. */
static void test_the_completeness_check_catches_gaps(void **state)
{
    static struct ui_msg_text broken[UI_MSG_COUNT];
    memcpy(broken, ui_msg_ru, sizeof broken);
    broken[MSG_TITLE_HELP].forms[0] = NULL;
    assert_int_equal(catalogue_problems("broken", broken, 3), 1);
    memcpy(broken, ui_msg_ru, sizeof broken);
    broken[MSG_LIB_N_ARTICLES].forms[2] = NULL;
    assert_int_equal(catalogue_problems("broken", broken, 3), 1);
    memcpy(broken, ui_msg_ru, sizeof broken);
    broken[MSG_LIB_PAGE_OF].forms[0] = "Страница %s из %d";
    assert_int_equal(catalogue_problems("broken", broken, 3), 1);
    broken[MSG_SYNC_FAILED].forms[0] = "Ошибка";
    assert_int_equal(catalogue_problems("broken", broken, 3), 2);
}

static void test_russian_plural_rule(void **state)
{
    /* By last digit, for n % 100 outside 10..19 (which are all "many"). */
    static const enum ui_plural by_digit[10] = {
        UI_PLURAL_MANY, UI_PLURAL_ONE,  UI_PLURAL_FEW,  UI_PLURAL_FEW,  UI_PLURAL_FEW,
        UI_PLURAL_MANY, UI_PLURAL_MANY, UI_PLURAL_MANY, UI_PLURAL_MANY, UI_PLURAL_MANY};
    for (int n = 0; n <= 200; n++) {
        enum ui_plural want = n % 100 >= 10 && n % 100 <= 19 ? UI_PLURAL_MANY : by_digit[n % 10];
        if (ui_plural_category(UI_LANG_RU, n) != want)
            fail_msg("ru plural of %d", n);
    }
    static const int one[] = {1, 21, 101, 121, 1001}, few[] = {2, 3, 4, 22, 24, 102, 144},
                     many[] = {0, 5, 11, 12, 13, 14, 20, 111, 112, 114, 200, 1000};
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        assert_int_equal(ui_plural_category(UI_LANG_RU, one[i]), UI_PLURAL_ONE);
    for (size_t i = 0; i < sizeof few / sizeof *few; i++)
        assert_int_equal(ui_plural_category(UI_LANG_RU, few[i]), UI_PLURAL_FEW);
    for (size_t i = 0; i < sizeof many / sizeof *many; i++)
        assert_int_equal(ui_plural_category(UI_LANG_RU, many[i]), UI_PLURAL_MANY);
    assert_string_equal(ui_tr_n(UI_LANG_RU, MSG_LIB_N_ARTICLES, 21), "%d статья");
    assert_string_equal(ui_tr_n(UI_LANG_RU, MSG_LIB_N_ARTICLES, 23), "%d статьи");
    assert_string_equal(ui_tr_n(UI_LANG_RU, MSG_LIB_N_ARTICLES, 11), "%d статей");
    char out[64];
    ui_tr_format_n(UI_LANG_RU, out, sizeof out, MSG_TIME_HOURS, 22);
    assert_string_equal(out, "22 часа");
}

static void test_english_and_persian_plural_rules(void **state)
{
    assert_int_equal(ui_plural_category(UI_LANG_EN, 1), UI_PLURAL_ONE);
    assert_int_equal(ui_plural_category(UI_LANG_EN, -1), UI_PLURAL_ONE);
    assert_int_equal(ui_plural_category(UI_LANG_EN, 0), UI_PLURAL_OTHER);
    assert_int_equal(ui_plural_category(UI_LANG_EN, 21), UI_PLURAL_OTHER);
    assert_int_equal(ui_plural_category(UI_LANG_FA, 0), UI_PLURAL_ONE); /* CLDR: i = 0 */
    assert_int_equal(ui_plural_category(UI_LANG_FA, 1), UI_PLURAL_ONE);
    assert_int_equal(ui_plural_category(UI_LANG_FA, 2), UI_PLURAL_OTHER);
    char out[64];
    ui_tr_format_n(UI_LANG_EN, out, sizeof out, MSG_LIB_N_ARTICLES, 1);
    assert_string_equal(out, "1 article");
    ui_tr_format_n(UI_LANG_EN, out, sizeof out, MSG_LIB_N_ARTICLES, 0);
    assert_string_equal(out, "0 articles");
    /* A plain message asked for a count is its one text. */
    assert_string_equal(ui_tr_n(UI_LANG_EN, MSG_TITLE_LIBRARY, 5), "Library");
}

static void test_persian_digits(void **state)
{
    char out[128];
    ui_format(UI_LANG_FA, out, sizeof out, "%d", 1234567890);
    assert_string_equal(out, "۱۲۳۴۵۶۷۸۹۰");
    ui_format(UI_LANG_FA, out, sizeof out, "%d/%u %lld %zu", -7, 8u, 9LL, (size_t)0);
    assert_string_equal(out, "-۷/۸ ۹ ۰");
    ui_format(UI_LANG_FA, out, sizeof out, "[%3d|%-3d|%03d]", 5, 6, 7);
    assert_string_equal(out, "[  ۵|۶  |۰۰۷]");
    /* Strings keep their digits: an article's "2026" stays as its publisher wrote it. */
    ui_format(UI_LANG_FA, out, sizeof out, "%s: %d%%", "COP 2026", 40);
    assert_string_equal(out, "COP 2026: ۴۰%");
    ui_tr_format(UI_LANG_FA, out, sizeof out, MSG_LIB_PAGE_OF, 3, 12);
    assert_string_equal(out, "صفحهٔ ۳ از ۱۲");
    ui_tr_format(UI_LANG_FA, out, sizeof out, MSG_VAL_PERCENT, 75);
    assert_string_equal(out, "۷۵٪");
    ui_digits(UI_LANG_FA, "3,15", out, sizeof out);
    assert_string_equal(out, "۳,۱۵");
    /* English and Russian keep ASCII digits. */
    ui_tr_format(UI_LANG_RU, out, sizeof out, MSG_SYNC_PROGRESS, 2, 10);
    assert_string_equal(out, "Синхронизация: 2 из 10");
    ui_tr_format(UI_LANG_EN, out, sizeof out, MSG_VAL_PERCENT, 75);
    assert_string_equal(out, "75%");
}

static void test_format_cuts_on_a_code_point(void **state)
{
    char out[8];
    size_t n = ui_format(UI_LANG_FA, out, sizeof out, "%d", 123456); /* 12 bytes wanted */
    assert_int_equal(n, 6);
    assert_string_equal(out, "۱۲۳");
    n = ui_format(UI_LANG_EN, out, sizeof out, "%s!", "Всеобщая");
    assert_true(quire_utf8_valid(out, n, NULL));
    assert_string_equal(out, "Все");
    n = ui_format(UI_LANG_EN, out, sizeof out, "50%% %q");
    assert_string_equal(out, "50% %q"); /* an unknown conversion is shown as written */
    char conv[8];
    assert_true(ui_format_conversions("%d of %d, %s: %i%%", conv, sizeof conv));
    assert_string_equal(conv, "ddsd");
}

static void test_languages(void **state)
{
    static const char *const codes[] = {"en", "ru", "fa"};
    for (int i = 0; i < UI_LANG_COUNT; i++) {
        enum ui_lang l;
        assert_int_equal(ui_lang_from_code(codes[i], &l, NULL), QUIRE_OK);
        assert_int_equal(l, i);
        assert_string_equal(ui_lang_code(l), codes[i]);
    }
    assert_string_equal(ui_lang_native_name(UI_LANG_EN), "English");
    assert_string_equal(ui_lang_native_name(UI_LANG_RU), "Русский");
    assert_string_equal(ui_lang_native_name(UI_LANG_FA), "فارسی");
    assert_false(ui_lang_is_rtl(UI_LANG_EN));
    assert_false(ui_lang_is_rtl(UI_LANG_RU));
    assert_true(ui_lang_is_rtl(UI_LANG_FA));
    static const char *const bad[] = {"de", "", "EN", "en-US", "fa "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        enum ui_lang l = UI_LANG_RU;
        struct quire_err err = {0};
        assert_int_equal(ui_lang_from_code(bad[i], &l, &err), QUIRE_EINVAL);
        assert_int_equal(l, UI_LANG_RU);
        assert_non_null(strstr(err.msg, "(en, ru or fa)"));
    }
    assert_string_equal(ui_tr(UI_LANG_RU, MSG_TITLE_LIBRARY), "Библиотека");
    assert_string_equal(ui_tr(UI_LANG_FA, MSG_TITLE_LIBRARY), "کتابخانه");
    assert_string_equal(ui_tr(UI_LANG_EN, UI_MSG_COUNT), "");
    assert_string_equal(ui_tr(UI_LANG_EN, UI_MSG_NONE), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_catalogue_is_complete),
        cmocka_unit_test(test_the_completeness_check_catches_gaps),
        cmocka_unit_test(test_russian_plural_rule),
        cmocka_unit_test(test_english_and_persian_plural_rules),
        cmocka_unit_test(test_persian_digits),
        cmocka_unit_test(test_format_cuts_on_a_code_point),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
