/* test_store_fts: the memoising front for unicode61 (store_fts_register) makes exactly the
 * tokens SQLite's own unicode61 makes (bytes, folding and offsets), for every corpus language,
 * hand-picked hard cases, random characters and random bytes, under several tokenizer
 * options. One connection has the front, the other the built-in tokenizer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../../support/fts_tokens.h"
#include "quire_util.h"
#include "store_fts.h"

struct pair {
    sqlite3 *builtin, *front;
    struct quire_buf want, got;
};

static int setup(void **state)
{
    struct pair *p = calloc(1, sizeof *p);
    if (!p || sqlite3_open(":memory:", &p->builtin) != SQLITE_OK ||
        sqlite3_open(":memory:", &p->front) != SQLITE_OK ||
        store_fts_register(p->front) != SQLITE_OK)
        return -1;
    quire_buf_init(&p->want, 64 << 20);
    quire_buf_init(&p->got, 64 << 20);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    struct pair *p = *state;
    sqlite3_close(p->builtin);
    sqlite3_close(p->front);
    quire_buf_fini(&p->want);
    quire_buf_fini(&p->got);
    free(p);
    return 0;
}

static const char *const diacritics2[] = {"remove_diacritics", "2"};
static const char *const diacritics0[] = {"remove_diacritics", "0"};
static const char *const diacritics1[] = {"remove_diacritics", "1"};
static const char *const tokenchars[] = {"tokenchars", "-_", "separators", "xé"};
static const char *const categories[] = {"categories", "L* N* Co Mn", "remove_diacritics", "2"};

static const struct {
    const char *const *args;
    int n;
} option_sets[] = {
    {diacritics2, 2}, {diacritics0, 2}, {diacritics1, 2}, {tokenchars, 4}, {categories, 4},
};

static void assert_same_tokens(struct pair *p, const char *text, size_t n)
{
    for (size_t i = 0; i < sizeof option_sets / sizeof *option_sets; i++) {
        const char **args = (const char **)option_sets[i].args;
        int a = fts_tokens(p->builtin, args, option_sets[i].n, text, (int)n, &p->want);
        int b = fts_tokens(p->front, args, option_sets[i].n, text, (int)n, &p->got);
        assert_int_equal(a, SQLITE_OK);
        assert_int_equal(b, SQLITE_OK);
        if (p->want.len != p->got.len ||
            (p->want.len && memcmp(p->want.data, p->got.data, p->want.len) != 0))
            fail_msg("option set %zu: tokens differ for %.60s", i, text);
    }
}

static void test_corpus_in_every_language(void **state)
{
    static const char *const files[] = {
        "long-en.txt",      "seed-article.txt", "udhr-ar.txt",      "udhr-en.txt",
        "udhr-fa.txt",      "udhr-hi.txt",      "udhr-ka.txt",      "udhr-kk.txt",
        "udhr-ro.txt",      "udhr-ru.txt",      "udhr-sr-Cyrl.txt", "udhr-uk.txt",
        "udhr-uz-Latn.txt", "udhr-zh-Hans.txt",
    };
    struct pair *p = *state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/data/corpus/%s", QUIRE_TEST_SRC, files[i]);
        char *text;
        size_t n;
        struct quire_err err;
        assert_int_equal(quire_file_read(path, 8 << 20, &text, &n, &err), QUIRE_OK);
        assert_true(n > 1000);
        assert_same_tokens(p, text, n);
        quire_free(text);
    }
}

static void test_hard_cases(void **state)
{
    static const char *const cases[] = {
        "",
        " ",
        "Café CAFÉ cafe\xCC\x81 e\xCC\x81\xCC\x81 \xCC\x81start", /* precomposed, combining */
        "Straße ǅemal İstanbul ﬁnance Ωmega ΆΈΉ",                 /* special folds */
        "مُحَمَّد العَرَبِيَّة",                                           /* Arabic with harakat */
        "שָׁלוֹם עוֹלָם",                                              /* Hebrew with niqqud */
        "हिन्दी भाषा ภาษาไทย 中文字符 한국어",                     /* other scripts */
        "news \xF0\x9F\x93\xB0 emoji \xF0\x9D\x90\x80 math",      /* beyond U+FFFF */
        "nonchar \xEF\xBF\xBF and \xEF\xBF\xBE end",              /* U+FFFF, U+FFFE */
        "bad \xFF byte \xC0\xAF overlong \xED\xA0\x80 surrogate \x80 lone",
        "cut at the end \xE2\x82",
        "tab\tnew\nline\rcr-dash_under x\xC3\xA9y",
        "digits 2026 ١٢٣ ۴۵۶ ⅫⅣ ²³",
        "\xE2\x80\x8B zero\xE2\x80\x8Bwidth \xE2\x80\x8C\xE2\x80\x8D joiners",
    };
    struct pair *p = *state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_same_tokens(p, cases[i], strlen(cases[i]));
    static const char nul[] = "before\0after";
    assert_same_tokens(p, nul, sizeof nul - 1);
}

static uint32_t next_random(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* Random characters from the whole BMP (surrogates excepted) mixed with spaces and ASCII,
 * and random bytes: every character the front may meet gets probed and compared. */
static void test_random_text(void **state)
{
    struct pair *p = *state;
    uint32_t x = 2463534242u;
    char text[4096];
    for (int round = 0; round < 400; round++) {
        size_t n = 0;
        while (n < sizeof text - 8) {
            uint32_t r = next_random(&x), cp;
            switch (r % 4) {
            case 0:
                cp = ' ' + r / 4 % 95;
                break;
            case 1:
                cp = 0x80 + r / 4 % 0x780;
                break;
            default:
                cp = 0x800 + r / 4 % (0x10000 - 0x800);
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp = 'q';
            }
            n += quire_utf8_put(cp, text + n);
        }
        assert_same_tokens(p, text, n);
    }
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < 512; i++)
            text[i] = (char)next_random(&x);
        assert_same_tokens(p, text, 512);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_in_every_language),
        cmocka_unit_test(test_hard_cases),
        cmocka_unit_test(test_random_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
