/* test_escape: quire_escape_line keeps printable text (any script) as it is and turns every
 * byte or code point that could drive a terminal into a visible escape, on one line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "quire_util.h"

static void expect(const char *in, const char *want)
{
    char out[256];
    quire_escape_line(in, out, sizeof out);
    assert_string_equal(out, want);
}

static void test_printable_text_is_kept(void **state)
{
    expect("Daily News 2026", "Daily News 2026");
    expect("Новости · خبر · 新闻 · ཚགས་པར", "Новости · خبر · 新闻 · ཚགས་པར");
    expect("", "");
    expect(NULL, "");
}

static void test_controls_are_escaped(void **state)
{
    expect("\x1b[2Jcleared", "\\x1b[2Jcleared");
    expect("a\nb\rc\td\x07\x7f", "a\\x0ab\\x0dc\\x09d\\x07\\x7f");
    expect("back\\slash", "back\\\\slash");
    expect("c1 \xc2\x9b"
           "31m",
           "c1 \\u009b31m"); /* CSI as a C1 code point */
    expect("rtl \xe2\x80\xae"
           "txt",
           "rtl \\u202etxt");                           /* RIGHT-TO-LEFT OVERRIDE */
    expect("bad \xff\xc3 utf8", "bad \\xff\\xc3 utf8"); /* not UTF-8 */
    expect("\xe2\x82", "\\xe2\\x82");                   /* cut mid-character */
}

static void test_cut_never_splits(void **state)
{
    char out[8];
    quire_escape_line("ab\x1b"
                      "cdef",
                      out, sizeof out);
    assert_string_equal(out, "ab\\x1bc"); /* 7 bytes fit, the NUL ends them */
    quire_escape_line("abcdef\x1b", out, sizeof out);
    assert_string_equal(out, "abcdef"); /* the escape does not fit whole: left out */
    quire_escape_line("abcde\xd0\x96", out, sizeof out);
    assert_string_equal(out, "abcde\xd0\x96");
    char tiny[3];
    quire_escape_line("\xd0\x96\xd0\x96", tiny, sizeof tiny);
    assert_string_equal(tiny, "\xd0\x96");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printable_text_is_kept),
        cmocka_unit_test(test_controls_are_escaped),
        cmocka_unit_test(test_cut_never_splits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
