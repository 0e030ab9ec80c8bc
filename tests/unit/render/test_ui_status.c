/* Tests of the status line's text helpers in app/ui: the sync state shown instead of a
 * network flag no backend reports, and the title copy that never cuts a UTF-8 sequence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui_article.h"
#include "ui_reader.h"

static void test_sync_text(void **state)
{
    char b[32];
    const int64_t now = 1764064800; /* 2025-11-25 10:00 UTC */
    ui_sync_text(b, sizeof b, 0, now);
    assert_string_equal(b, "never synced");
    ui_sync_text(b, sizeof b, now - 20, now);
    assert_string_equal(b, "synced just now");
    ui_sync_text(b, sizeof b, now - 25 * 60, now);
    assert_string_equal(b, "synced 25m ago");
    ui_sync_text(b, sizeof b, now - 2 * 3600 - 5, now);
    assert_string_equal(b, "synced 2h ago");
    ui_sync_text(b, sizeof b, now - 3 * 86400, now);
    assert_string_equal(b, "synced 22 Nov");
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
        cmocka_unit_test(test_sync_text),
        cmocka_unit_test(test_title_copy_cuts_on_a_code_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
