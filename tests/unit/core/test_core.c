/* test_core: the utilities every parser of untrusted input leans on: UTF-8 validation, the
 * capped buffer, hex, RFC 3339 times, file reading under a cap, error messages. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "quire_error.h"
#include "quire_util.h"

static void test_utf8_accepts_valid_text(void **state)
{
    const char *ok[] = {
        "",          "plain ascii",           "Всеобщая декларация", "اعلامیه\u200cجهانی",
        "ადამიანის", "\xF0\x9F\x93\xB0 news", "\xEF\xBF\xBF"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_true(quire_utf8_valid(ok[i], strlen(ok[i]), NULL));
}

static void test_utf8_rejects_bad_sequences(void **state)
{
    struct {
        const char *s;
        size_t bad_at;
    } bad[] = {
        {"abc\xFF", 3},          /* invalid byte */
        {"ab\xC0\xAF", 2},       /* overlong '/' */
        {"\xE0\x80\xAF", 0},     /* overlong, 3 bytes */
        {"x\xED\xA0\x80", 1},    /* surrogate U+D800 */
        {"\xF4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"ok\xE2\x82", 2},       /* truncated at the end */
        {"\xC3(", 0},            /* bad continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t at = 999;
        assert_false(quire_utf8_valid(bad[i].s, strlen(bad[i].s), &at));
        assert_int_equal(at, bad[i].bad_at);
    }
}

/* The ASCII fast path reads eight bytes at a time: a bad byte at any alignment after a long
 * ASCII run is still found at its exact offset, and a run ending just short of a word too. */
static void test_utf8_offsets_after_ascii_runs(void **state)
{
    char s[64];
    for (size_t at = 0; at < 40; at++) {
        memset(s, 'a', sizeof s);
        s[at] = (char)0xFF;
        size_t got = 999;
        assert_false(quire_utf8_valid(s, sizeof s, &got));
        assert_int_equal(got, at);
        memcpy(s + at, "\xD0\x96", 2); /* a valid two-byte letter there instead */
        assert_true(quire_utf8_valid(s, at + 2, NULL));
        assert_false(quire_utf8_valid(s, at + 1, &got)); /* cut in the middle */
        assert_int_equal(got, at);
    }
}

static void test_parse_int_takes_whole_numbers_in_range(void **state)
{
    int v = -1;
    assert_true(quire_parse_int("0", 0, 10, &v));
    assert_int_equal(v, 0);
    assert_true(quire_parse_int("10", 0, 10, &v));
    assert_int_equal(v, 10);
    assert_true(quire_parse_int("-3", -5, 5, &v));
    assert_int_equal(v, -3);
    v = 7;
    const char *bad[] = {"", "11", "-1", "4x", "x4", "99999999999999999999", " 4", "+4", "4 "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(quire_parse_int(bad[i], 0, 10, &v));
    assert_int_equal(v, 7); /* untouched on failure */
    int64_t w = 0;
    assert_true(quire_parse_i64("9223372036854775807", 1, INT64_MAX, &w));
    assert_true(w == INT64_MAX);
    assert_false(quire_parse_i64("9223372036854775808", 1, INT64_MAX, &w));
    assert_false(quire_parse_i64("0", 1, INT64_MAX, &w));
    assert_false(quire_parse_i64(NULL, 0, 1, &w));
}

static void test_buf_enforces_its_cap(void **state)
{
    struct quire_buf b;
    quire_buf_init(&b, 10);
    assert_int_equal(quire_buf_puts(&b, "0123456789"), QUIRE_OK);
    assert_int_equal(quire_buf_puts(&b, "x"), QUIRE_ETOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    quire_buf_fini(&b);
    quire_buf_init(&b, 100);
    assert_int_equal(quire_buf_put_xml(&b, "a<b & \"c\">", 10), QUIRE_OK);
    assert_string_equal(b.data, "a&lt;b &amp; &quot;c&quot;&gt;");
    assert_int_equal(quire_buf_printf(&b, "%d", 42), QUIRE_OK);
    size_t len;
    char *s = quire_buf_steal(&b, &len);
    assert_int_equal(len, strlen(s));
    quire_free(s);
}

static void test_buf_reports_out_of_memory(void **state)
{
    struct quire_buf b;
    quire_buf_init(&b, 1000);
    quire_alloc_fail_after(1);
    assert_int_equal(quire_buf_puts(&b, "hello"), QUIRE_ENOMEM);
    quire_alloc_fail_after(0);
    assert_int_equal(quire_buf_puts(&b, "hello"), QUIRE_OK);
    quire_buf_fini(&b);
}

static void test_hex_round_trip_and_rejects(void **state)
{
    uint8_t in[4] = {0x00, 0xAB, 0x7F, 0xFF}, out[4];
    char hex[9];
    quire_hex_encode(in, 4, hex);
    assert_string_equal(hex, "00ab7fff");
    assert_true(quire_hex_decode("00AB7fff", out, 4));
    assert_memory_equal(in, out, 4);
    assert_false(quire_hex_decode("00ab7ffg", out, 4));
    assert_false(quire_hex_decode("00ab7fff00", out, 4));
}

static void test_sha256_known_answer(void **state)
{
    char hex[65];
    quire_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* FIPS 180-2's two-block message, fed in uneven pieces; final leaves the handle reusable. */
static void test_sha256_streaming(void **state)
{
    static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    static const char want[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    quire_sha256 *h = quire_sha256_new();
    assert_non_null(h);
    for (int round = 0; round < 2; round++) {
        quire_sha256_update(h, msg, 1);
        quire_sha256_update(h, msg + 1, 0);
        quire_sha256_update(h, msg + 1, 30);
        quire_sha256_update(h, msg + 31, sizeof msg - 32);
        uint8_t digest[32];
        char hex[65];
        assert_true(quire_sha256_final(h, digest));
        quire_hex_encode(digest, sizeof digest, hex);
        assert_string_equal(hex, want);
    }
    quire_sha256_free(h);
    quire_sha256_free(NULL);
}

static void test_time_parse_and_format(void **state)
{
    int64_t t;
    assert_true(quire_time_parse("2017-01-28T20:00:00Z", &t));
    assert_int_equal(t, 1485633600);
    char s[32];
    quire_time_format(t, s);
    assert_string_equal(s, "2017-01-28T20:00:00Z");
    assert_true(quire_time_parse("2017-01-28", &t));
    assert_int_equal(t, 1485561600);
    assert_false(quire_time_parse("2017-13-01T00:00:00Z", &t));
    assert_false(quire_time_parse("yesterday", &t));
    assert_true(quire_time_parse("2017-01-28T22:30:00+02:30", &t));
    assert_int_equal(t, 1485633600);
    assert_true(quire_time_parse("2017-01-28T15:00:00.250-05:00", &t));
    assert_int_equal(t, 1485633600);
    assert_false(quire_time_parse("2017-01-28T20:00:00", &t));
    assert_false(quire_time_parse("2017-01-28T20:00:00+2:00", &t));
    assert_false(quire_time_parse("2017-01-28 20:00:00Z", &t));
    assert_false(quire_time_parse("1969-12-31T23:59:59Z", &t));
    assert_false(quire_time_parse("2017-02-29T00:00:00Z", &t)); /* not a leap year */
    assert_true(quire_time_parse("2016-02-29T00:00:00Z", &t));
    assert_false(quire_time_parse("2017-01-28T20:00:00.Z", &t));
    assert_false(quire_datetime_parse("2017-01-28", &t));
    assert_true(quire_datetime_parse("2017-01-28T20:00:00Z", &t));
}

static void test_file_read_respects_cap(void **state)
{
    char path[] = "/tmp/quire-core-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "0123456789", 10), 10);
    close(fd);
    char *data;
    size_t len;
    struct quire_err err;
    assert_int_equal(quire_file_read(path, 10, &data, &len, &err), QUIRE_OK);
    assert_int_equal(len, 10);
    quire_free(data);
    assert_int_equal(quire_file_read(path, 9, &data, &len, &err), QUIRE_ETOOBIG);
    assert_null(data);
    assert_non_null(strstr(err.msg, path));
    unlink(path);
    assert_int_equal(quire_file_read(path, 9, &data, &len, &err), QUIRE_ENOTFOUND);
}

static void test_file_copy_is_whole_and_leaves_source(void **state)
{
    char dir[] = "/tmp/quire-copy-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char src[64], dst[64];
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(dst, sizeof dst, "%s/dst", dir);
    struct quire_buf b;
    quire_buf_init(&b, 1 << 20);
    for (int i = 0; i < 30000; i++) /* several copy chunks */
        quire_buf_printf(&b, "%05d ", i);
    struct quire_err err;
    assert_int_equal(quire_file_write_atomic(src, b.data, b.len, &err), QUIRE_OK);
    char sha[65];
    quire_sha256_hex(b.data, b.len, sha);
    assert_int_equal(quire_file_copy_atomic(src, dst, sha, &err), QUIRE_OK);
    char *copy;
    size_t len;
    assert_int_equal(quire_file_read(dst, 1 << 20, &copy, &len, &err), QUIRE_OK);
    assert_int_equal(len, b.len);
    assert_memory_equal(copy, b.data, len);
    quire_free(copy);
    char missing[80];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_not_equal(quire_file_copy_atomic(missing, dst, NULL, &err), QUIRE_OK);
    assert_non_null(strstr(err.msg, "none"));
    /* The source changed after it was verified: the copy is refused, not kept. */
    assert_int_equal(quire_file_write_atomic(src, "changed", 7, &err), QUIRE_OK);
    assert_int_equal(quire_file_copy_atomic(src, dst, sha, &err), QUIRE_EHASH);
    assert_non_null(strstr(err.msg, "changed since it was verified"));
    assert_int_equal(quire_file_read(dst, 1 << 20, &copy, &len, &err), QUIRE_OK);
    assert_int_equal(len, b.len); /* a failed copy leaves the old file whole */
    quire_free(copy);
    DIR *d = opendir(dir); /* and no temporary file behind */
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));)
        entries += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(entries, 2);
    quire_buf_fini(&b);
    unlink(src);
    unlink(dst);
    rmdir(dir);
}

static void test_error_messages(void **state)
{
    struct quire_err err;
    assert_int_equal(quire_err_set(&err, QUIRE_EHASH, "%s: bad", "x.epub"), QUIRE_EHASH);
    assert_string_equal(err.msg, "x.epub: bad");
    quire_err_prefix(&err, "outer");
    assert_string_equal(err.msg, "outer: x.epub: bad");
    quire_err_set(&err, QUIRE_ENOSPC, NULL);
    assert_string_equal(err.msg, quire_strerror(QUIRE_ENOSPC));
    assert_string_equal(quire_strerror((enum quire_status)9999), "unknown error");
    for (int c = 0; c < QUIRE_STATUS_COUNT; c++)
        assert_string_not_equal(quire_strerror((enum quire_status)c), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_valid_text),
        cmocka_unit_test(test_utf8_rejects_bad_sequences),
        cmocka_unit_test(test_utf8_offsets_after_ascii_runs),
        cmocka_unit_test(test_parse_int_takes_whole_numbers_in_range),
        cmocka_unit_test(test_buf_enforces_its_cap),
        cmocka_unit_test(test_buf_reports_out_of_memory),
        cmocka_unit_test(test_hex_round_trip_and_rejects),
        cmocka_unit_test(test_sha256_known_answer),
        cmocka_unit_test(test_sha256_streaming),
        cmocka_unit_test(test_time_parse_and_format),
        cmocka_unit_test(test_file_read_respects_cap),
        cmocka_unit_test(test_file_copy_is_whole_and_leaves_source),
        cmocka_unit_test(test_error_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
