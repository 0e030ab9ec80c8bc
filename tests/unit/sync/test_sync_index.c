/* test_sync_index: the repository index parser refuses every malformed or oversized input
 * with a message naming the input, and what the writer writes parses back the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "quire_util.h"
#include "sync_index.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static const char *entry_a =
    "{\"file\":\"a.epub\",\"size\":10,\"sha256\":\"" SHA_A "\",\"sequence\":1,"
    "\"created\":\"2026-11-25T10:00:00Z\",\"articles\":2,\"languages\":[\"en\"],"
    "\"sections\":[\"World\",\"Science\"]}";

/* Builds an index around the given bundles array text. */
static char *make_index(const char *top_extra, const char *bundles)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "{\"format\":\"quire-index\",\"version\":1,\"publisher\":\"Daily\","
             "\"keyid\":\"0123456789ABCDEF\",\"sequence\":7,"
             "\"created\":\"2026-11-25T10:00:00Z\",\"valid_until\":\"2026-12-09T10:00:00Z\""
             "%s,\"bundles\":[%s]}",
             top_extra, bundles);
    return buf;
}

static enum quire_status parse(const char *json, struct quire_err *err)
{
    struct sync_index *idx = NULL;
    enum quire_status st = sync_index_parse(json, strlen(json), "test.json", &idx, err);
    if (st)
        assert_null(idx);
    sync_index_free(idx);
    return st;
}

static void test_valid(void **state)
{
    struct sync_index *idx = NULL;
    struct quire_err err = {0};
    const char *j = make_index("", entry_a);
    assert_int_equal(sync_index_parse(j, strlen(j), "t", &idx, &err), QUIRE_OK);
    assert_int_equal(idx->sequence, 7);
    assert_string_equal(idx->keyid, "0123456789ABCDEF");
    assert_false(idx->is_relay);
    assert_int_equal(idx->n_bundles, 1);
    assert_string_equal(idx->bundles[0].file, "a.epub");
    assert_int_equal(idx->bundles[0].size, 10);
    assert_int_equal(idx->bundles[0].n_sections, 2);
    assert_string_equal(idx->bundles[0].sections[1], "Science");
    assert_non_null(sync_index_find(idx, SHA_A));
    assert_null(sync_index_find(idx, SHA_B));
    sync_index_free(idx);
}

static void test_roundtrip(void **state)
{
    struct sync_index *a = NULL, *b = NULL;
    char *out = NULL;
    size_t len = 0;
    const char *j = make_index("", entry_a);
    assert_int_equal(sync_index_parse(j, strlen(j), "t", &a, NULL), QUIRE_OK);
    assert_int_equal(sync_index_write(a, &out, &len, NULL), QUIRE_OK);
    assert_int_equal(sync_index_parse(out, len, "t2", &b, NULL), QUIRE_OK);
    assert_int_equal(b->sequence, a->sequence);
    assert_int_equal(b->valid_until, a->valid_until);
    assert_string_equal(b->bundles[0].sha256, a->bundles[0].sha256);
    assert_string_equal(b->bundles[0].languages[0], "en");
    quire_free(out);
    sync_index_free(a);
    sync_index_free(b);
}

static void test_relay(void **state)
{
    struct sync_index *idx = NULL;
    const char *j = "{\"format\":\"quire-index\",\"version\":1,\"relay\":true,\"sequence\":1,"
                    "\"created\":\"2026-11-25T10:00:00Z\",\"valid_until\":"
                    "\"2026-11-26T10:00:00Z\",\"bundles\":[]}";
    assert_int_equal(sync_index_parse(j, strlen(j), "t", &idx, NULL), QUIRE_OK);
    assert_true(idx->is_relay);
    assert_null(idx->publisher);
    sync_index_free(idx);
}

struct bad_case {
    const char *json;
    enum quire_status code;
    const char *needle; /* expected in the message */
};

static void test_rejects(void **state)
{
    char dup[2048], duphash[2048], badname[1024], bigsize[1024], badsha[1024], relay[1024];
    snprintf(relay, sizeof relay, "%s", make_index(",\"relay\":\"yes\"", entry_a));
    snprintf(dup, sizeof dup, "%s", make_index("", "X"));
    /* Builds cases whose bundle arrays differ. */
    char two[1024];
    snprintf(two, sizeof two, "%s,%s", entry_a, entry_a);
    snprintf(dup, sizeof dup, "%s", make_index("", two));
    char e2[1024];
    snprintf(e2, sizeof e2, "%s", entry_a);
    char *p = strstr(e2, "a.epub");
    memcpy(p, "b.epub", 6);
    snprintf(two, sizeof two, "%s,%s", entry_a, e2);
    snprintf(duphash, sizeof duphash, "%s", make_index("", two));
    snprintf(e2, sizeof e2, "%s", entry_a);
    p = strstr(e2, "a.epub");
    memcpy(p, "../../x", 6); /* "../../" + the rest stays a string */
    snprintf(badname, sizeof badname, "%s", make_index("", e2));
    snprintf(e2, sizeof e2, "%s", entry_a);
    p = strstr(e2, "\"size\":10");
    memcpy(p, "\"size\":-1", 9);
    snprintf(bigsize, sizeof bigsize, "%s", make_index("", e2));
    snprintf(e2, sizeof e2, "%s", entry_a);
    p = strstr(e2, SHA_A);
    p[0] = 'A';
    snprintf(badsha, sizeof badsha, "%s", make_index("", e2));
    const struct bad_case cases[] = {
        {"", QUIRE_EFORMAT, "not valid JSON"},
        {"[]", QUIRE_EFORMAT, "not a JSON object"},
        {"{\"format\":\"other\"}", QUIRE_EFORMAT, "format"},
        {"{\"format\":\"quire-index\",\"version\":2}", QUIRE_EUNSUPPORTED, "version 2"},
        {"{\"format\":\"quire-index\",\"version\":1.5}", QUIRE_EFORMAT, "version"},
        {"{\"format\":\"quire-index\",\"version\":1}", QUIRE_EFORMAT, "publisher"},
        {"{} trailing", QUIRE_EFORMAT, "trailing"},
        {"{\"a\":\"\xff\"}", QUIRE_EUTF8, "UTF-8"},
        {dup, QUIRE_EDUPLICATE, "twice"},
        {duphash, QUIRE_EDUPLICATE, "sha256"},
        {badname, QUIRE_EFORMAT, "file"},
        {bigsize, QUIRE_EFORMAT, "size"},
        {badsha, QUIRE_EFORMAT, "sha256"},
        {relay, QUIRE_EFORMAT, "relay"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct quire_err err = {0};
        enum quire_status st = parse(cases[i].json, &err);
        if (st != cases[i].code || !strstr(err.msg, cases[i].needle) ||
            !strstr(err.msg, "test.json"))
            fail_msg("case %zu: got %d '%s'", i, st, err.msg);
    }
}

static void test_bad_fields(void **state)
{
    /* Each replacement breaks one field of the valid index. */
    assert_int_equal(parse(make_index("", "1"), NULL), QUIRE_EFORMAT);
    assert_int_equal(parse(make_index("", "{\"file\":\"a.epub\"}"), NULL), QUIRE_EFORMAT);
    char j[4096];
    snprintf(j, sizeof j, "%s", make_index("", entry_a));
    char *t = strstr(j, "\"valid_until\":\"2026");
    t[15] = 'X'; /* not a time */
    assert_int_equal(parse(j, NULL), QUIRE_EFORMAT);
}

static void test_size_cap(void **state)
{
    struct sync_index *idx = NULL;
    struct quire_err err = {0};
    size_t n = (size_t)QUIRE_INDEX_MAX_BYTES + 1;
    char *big = quire_malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    assert_int_equal(sync_index_parse(big, n, "big.json", &idx, &err), QUIRE_ETOOBIG);
    assert_non_null(strstr(err.msg, "big.json"));
    quire_free(big);
}

static void test_names(void **state)
{
    assert_true(sync_index_name_ok("2026-11-25_daily.epub"));
    assert_false(sync_index_name_ok(""));
    assert_false(sync_index_name_ok(".hidden"));
    assert_false(sync_index_name_ok("a/b.epub"));
    assert_false(sync_index_name_ok("a b.epub"));
    assert_false(sync_index_name_ok(".."));
}

static void test_alloc_failures(void **state)
{
    /* Every allocation failure is an error, never a crash or a leak. */
    const char *j = make_index("", entry_a);
    for (long n = 1; n < 200; n++) {
        struct sync_index *idx = NULL;
        quire_alloc_fail_after(n);
        enum quire_status st = sync_index_parse(j, strlen(j), "t", &idx, NULL);
        quire_alloc_fail_after(0);
        if (st == QUIRE_OK) {
            sync_index_free(idx);
            return;
        }
        assert_int_equal(st, QUIRE_ENOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),      cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_relay),      cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_bad_fields), cmocka_unit_test(test_size_cap),
        cmocka_unit_test(test_names),      cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
