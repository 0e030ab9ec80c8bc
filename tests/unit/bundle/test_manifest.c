/* test_manifest: the manifest parser accepts the documented format and refuses each way a
 * manifest can be wrong with its own status; the writer's output parses back unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bundle.h"
#include "config.h"
#include "quire_util.h"

#define HASH "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A valid manifest with placeholders: %s article fields replaced per case. */
static const char good[] =
    "{\"format_version\": 1, \"id\": \"urn:uuid:1\", \"publisher\": \"Daily\", "
    "\"sequence\": 42, \"created\": \"2026-11-25T10:00:00Z\", \"languages\": [\"en\", \"sr-Cyrl\"],"
    " \"articles\": [{\"guid\": \"a\", \"title\": \"One\", \"byline\": null, \"section\": \"News\","
    " \"language\": \"en\", \"published\": \"2026-11-25T09:00:00+02:00\","
    " \"updated\": \"2026-11-25T10:00:00.25Z\", \"path\": \"OEBPS/a.xhtml\"},"
    " {\"guid\": \"b\", \"title\": \"Two\", \"byline\": \"RFE/RL\", \"section\": \"World\","
    " \"language\": \"sr-Cyrl\", \"published\": \"2026-11-25T09:00:00Z\","
    " \"updated\": \"2026-11-25T09:00:00Z\", \"path\": \"OEBPS/b.xhtml\"}],"
    " \"files\": [{\"path\": \"OEBPS/a.xhtml\", \"sha256\": \"" HASH "\", \"size\": 0},"
    " {\"path\": \"OEBPS/b.xhtml\", \"sha256\": \"" HASH "\", \"size\": 0},"
    " {\"path\": \"mimetype\", \"sha256\": \"" HASH "\", \"size\": 20}]}";

static enum quire_status parse(const char *json, struct quire_err *err)
{
    struct bundle_manifest *m = NULL;
    enum quire_status rc = bundle_manifest_parse(json, strlen(json), &m, err);
    if (rc)
        assert_null(m);
    bundle_manifest_free(m);
    return rc;
}

static void test_manifest_accepts_good(void **state)
{
    struct bundle_manifest *m;
    struct quire_err err;
    assert_int_equal(bundle_manifest_parse(good, strlen(good), &m, &err), QUIRE_OK);
    assert_string_equal(m->publisher, "Daily");
    assert_int_equal(m->sequence, 42);
    assert_int_equal(m->created, 1795600800);
    assert_int_equal(m->n_languages, 2);
    assert_int_equal(m->n_articles, 2);
    assert_null(m->articles[0].byline);
    assert_string_equal(m->articles[1].byline, "RFE/RL");
    assert_int_equal(m->articles[0].published, 1795600800 - 3 * 3600); /* 09:00+02:00 */
    assert_int_equal(m->articles[0].updated, 1795600800);
    assert_int_equal(m->n_files, 3);
    assert_int_equal(m->files[2].size, 20);
    bundle_manifest_free(m);
}

static void test_manifest_write_roundtrip(void **state)
{
    struct bundle_manifest *m, *m2;
    struct quire_err err;
    char *json, *json2;
    assert_int_equal(bundle_manifest_parse(good, strlen(good), &m, &err), QUIRE_OK);
    assert_int_equal(bundle_manifest_write(m, &json, &err), QUIRE_OK);
    assert_int_equal(bundle_manifest_parse(json, strlen(json), &m2, &err), QUIRE_OK);
    assert_int_equal(bundle_manifest_write(m2, &json2, &err), QUIRE_OK);
    assert_string_equal(json, json2); /* stable */
    assert_string_equal(m2->articles[1].guid, "b");
    assert_int_equal(m2->articles[0].published, m->articles[0].published);
    assert_string_equal(m2->files[0].sha256, HASH);
    quire_free(json);
    quire_free(json2);
    bundle_manifest_free(m);
    bundle_manifest_free(m2);
}

/* Replaces the first occurrence of from with to in good. */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(good, from);
    assert_non_null(at);
    size_t n = strlen(good) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
    return s;
}

struct reject_case {
    const char *from, *to;
    enum quire_status want;
    const char *msg; /* substring of the message */
};

static const struct reject_case rejects[] = {
    {"\"id\": \"urn:uuid:1\", ", "", QUIRE_EFORMAT, "no \"id\""},
    {"\"sequence\": 42", "\"sequence\": \"42\"", QUIRE_EFORMAT, "sequence"},
    {"\"sequence\": 42", "\"sequence\": -1", QUIRE_EFORMAT, "sequence"},
    {"\"sequence\": 42", "\"sequence\": 4.5", QUIRE_EFORMAT, "sequence"},
    {"\"sequence\": 42", "\"sequence\": 1e300", QUIRE_EFORMAT, "sequence"},
    {"2026-11-25T10:00:00Z\", \"lang", "2026-02-30T10:00:00Z\", \"lang", QUIRE_EFORMAT, "RFC 3339"},
    {"2026-11-25T10:00:00Z\", \"lang", "2026-11-25 10:00:00\", \"lang", QUIRE_EFORMAT, "RFC 3339"},
    {"2026-11-25T10:00:00Z\", \"lang", "2026-11-25\", \"lang", QUIRE_EFORMAT, "RFC 3339"},
    {"\"guid\": \"b\"", "\"guid\": \"a\"", QUIRE_EDUPLICATE, "duplicate article guid 'a'"},
    {"\"path\": \"OEBPS/b.xhtml\"}]", "\"path\": \"OEBPS/a.xhtml\"}]", QUIRE_EDUPLICATE,
     "share the path"},
    {"{\"path\": \"mimetype\"", "{\"path\": \"OEBPS/a.xhtml\"", QUIRE_EDUPLICATE, "listed twice"},
    {"\"path\": \"OEBPS/b.xhtml\"}]", "\"path\": \"OEBPS/c.xhtml\"}]", QUIRE_EFORMAT, "not listed"},
    {"{\"path\": \"mimetype\"", "{\"path\": \"../mimetype\"", QUIRE_EUNSAFE, "escapes"},
    {"{\"path\": \"mimetype\"", "{\"path\": \"/etc/passwd\"", QUIRE_EUNSAFE, "absolute"},
    {"{\"path\": \"mimetype\"", "{\"path\": \"a\\\\b\"", QUIRE_EUNSAFE, "backslash"},
    {"{\"path\": \"mimetype\"", "{\"path\": \"a//b\"", QUIRE_EUNSAFE, "empty"},
    {"{\"path\": \"mimetype\"", "{\"path\": \"META-INF/quire/manifest.json\"", QUIRE_EFORMAT,
     "itself"},
    {"\"size\": 20", "\"size\": 99999999999", QUIRE_EFORMAT, "size"},
    {"\"format_version\": 1", "\"format_version\": 2", QUIRE_EUNSUPPORTED, "format_version"},
    {"[\"en\", \"sr-Cyrl\"]", "[]", QUIRE_EFORMAT, "languages"},
    {"[\"en\", \"sr-Cyrl\"]", "[\"e\"]", QUIRE_EFORMAT, "BCP 47"},
    {"\"language\": \"en\"", "\"language\": \"en_US\"", QUIRE_EFORMAT, "BCP 47"},
    {"\"title\": \"One\"", "\"title\": 1", QUIRE_EFORMAT, "title"},
    {"\"title\": \"One\", ", "", QUIRE_EFORMAT, "title"},
    {"\"title\": \"One\"", "\"title\": \"\"", QUIRE_EFORMAT, "empty"},
    {"\"publisher\": \"Daily\"", "\"publisher\": \"Daily\", \"publisher\": \"Evil\"", QUIRE_EFORMAT,
     "twice"},
    {"\"articles\": [", "\"articles\": {\"x\": [", QUIRE_EFORMAT, "JSON"},
    {"\"files\": [", "\"files\": 3, \"x\": [", QUIRE_EFORMAT, "files"},
    {"{\"format_version\"", "[{\"format_version\"", QUIRE_EFORMAT, "JSON"},
};

static void test_manifest_rejects(void **state)
{
    for (size_t i = 0; i < sizeof rejects / sizeof rejects[0]; i++) {
        char *json = edit(rejects[i].from, rejects[i].to);
        struct quire_err err = {0};
        enum quire_status rc = parse(json, &err);
        if (rc != rejects[i].want || !strstr(err.msg, rejects[i].msg))
            fail_msg("case %zu (%s -> %s): got %d '%s'", i, rejects[i].from, rejects[i].to, rc,
                     err.msg);
        assert_non_null(strstr(err.msg, "manifest"));
        free(json);
    }
}

static void test_manifest_rejects_raw(void **state)
{
    struct quire_err err;
    assert_int_equal(parse("", &err), QUIRE_EFORMAT);
    assert_int_equal(parse("[]", &err), QUIRE_EFORMAT);
    assert_int_equal(parse("{\"format_version\": 1", &err), QUIRE_EFORMAT);
    char *trailing = malloc(strlen(good) + 8);
    sprintf(trailing, "%s {}", good);
    assert_int_equal(parse(trailing, &err), QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "trailing"));
    sprintf(trailing, "%s \n", good);
    assert_int_equal(parse(trailing, &err), QUIRE_OK);
    free(trailing);
    char *bad = edit("\"One\"", "\"O\xff\xfe\"");
    assert_int_equal(parse(bad, &err), QUIRE_EUTF8);
    free(bad);
    /* over the size cap: refused before parsing */
    struct bundle_manifest *m;
    assert_int_equal(bundle_manifest_parse(good, (size_t)QUIRE_MANIFEST_MAX_BYTES + 1, &m, &err),
                     QUIRE_ETOOBIG);
    /* an over-long string field */
    char *longtitle = malloc(8000);
    memset(longtitle, 'x', 7000);
    longtitle[0] = '"';
    strcpy(longtitle + 6999, "\"");
    bad = edit("\"One\"", longtitle);
    assert_int_equal(parse(bad, &err), QUIRE_ETOOBIG);
    free(bad);
    free(longtitle);
    /* deep nesting does not crash */
    char deep[4096];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    assert_int_equal(parse(deep, &err), QUIRE_EFORMAT);
}

/* Every allocation the parser makes can fail: it then says ENOMEM and leaks nothing. */
static void test_manifest_alloc_failures(void **state)
{
    for (long n = 1; n < 100000; n++) {
        struct bundle_manifest *m = NULL;
        struct quire_err err;
        quire_alloc_fail_after(n);
        enum quire_status rc = bundle_manifest_parse(good, strlen(good), &m, &err);
        quire_alloc_fail_after(0);
        if (rc == QUIRE_OK) {
            assert_true(n > 10); /* it did allocate, and each failure was handled */
            bundle_manifest_free(m);
            return;
        }
        if (rc != QUIRE_ENOMEM)
            fail_msg("allocation %ld: status %d '%s'", n, rc, err.msg);
        assert_null(m);
    }
    fail();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_accepts_good),
        cmocka_unit_test(test_manifest_write_roundtrip),
        cmocka_unit_test(test_manifest_rejects),
        cmocka_unit_test(test_manifest_rejects_raw),
        cmocka_unit_test(test_manifest_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
