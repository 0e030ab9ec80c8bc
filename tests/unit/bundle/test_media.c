/* test_media: pictures in bundles. The writer packs bundle_create_opts.media as
 * OEBPS/images/NAME (listed in the manifest's files and the OPF), keeps an article's
 * <img src="../images/NAME"> for those and only those (a remote picture, or one not packed,
 * is left out), and the bundle verifies; a bad picture (name, type, a name used twice) is
 * refused with its name and nothing is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle.h"
#include "quire_util.h"

static char dir[64], out[128];
static struct minisign_seckey sk;
static struct minisign_pubkey pk;

static int setup(void **state)
{
    strcpy(dir, "/tmp/quire-media-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(out, sizeof out, "%s/b.epub", dir);
    char *pub, *sec;
    if (minisign_keygen(&pub, &sec, &pk, NULL) ||
        minisign_seckey_parse(sec, strlen(sec), &sk, NULL))
        return -1;
    quire_free(pub);
    quire_free(sec);
    return 0;
}

static int teardown(void **state)
{
    unlink(out);
    rmdir(dir);
    return 0;
}

static const char page[] =
    "<html><head><title>Harbour</title></head><body><p>Text.</p>"
    "<figure><img src=\"../images/photo.jpg\" alt=\"Boats &amp; nets\" class=\"x\" "
    "onload=\"y()\"><figcaption>At dawn.</figcaption></figure>"
    "<p><img src=\"https://tracker.example/pixel.gif\" alt=\"remote\"></p>"
    "<p><img src=\"../images/other.jpg\" alt=\"not packed\"></p></body></html>";
static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0};

static enum quire_status create(const struct bundle_media *m, size_t n, struct quire_err *err)
{
    struct bundle_input in = {
        .path = "harbour", .html = page, .html_len = sizeof page - 1, .guid = "harbour"};
    struct bundle_create_opts o = {
        .publisher = "P", .section = "S", .language = "en", .key = &sk, .media = m, .n_media = n};
    return bundle_create(out, &in, 1, &o, err);
}

static void test_packed_and_shown(void **state)
{
    struct bundle_media m = {
        .name = "photo.jpg", .mime = "image/jpeg", .data = jpeg, .len = sizeof jpeg};
    struct quire_err err;
    assert_int_equal(create(&m, 1, &err), QUIRE_OK);
    bundle *b = NULL;
    assert_int_equal(bundle_open(out, &b, &err), QUIRE_OK);
    assert_int_equal(bundle_verify(b, &pk, &err), QUIRE_OK);
    char *data = NULL, *opf = NULL, *art = NULL;
    size_t len = 0;
    assert_int_equal(bundle_read_entry(b, "OEBPS/images/photo.jpg", 4096, &data, &len, &err),
                     QUIRE_OK);
    assert_int_equal(len, sizeof jpeg);
    assert_memory_equal(data, jpeg, len);
    assert_int_equal(bundle_read_entry(b, "OEBPS/content.opf", 65536, &opf, &len, &err), 0);
    assert_non_null(strstr(opf, "href=\"images/photo.jpg\" media-type=\"image/jpeg\""));
    const struct bundle_manifest *man = bundle_get_manifest(b);
    assert_int_equal(bundle_read_entry(b, man->articles[0].path, 65536, &art, &len, &err), 0);
    assert_non_null(strstr(art, "<img src=\"../images/photo.jpg\" alt=\"Boats &amp; nets\"/>"));
    assert_non_null(strstr(art, "At dawn."));
    assert_null(strstr(art, "tracker.example"));
    assert_null(strstr(art, "other.jpg"));
    assert_null(strstr(art, "onload"));
    quire_free(data);
    quire_free(opf);
    quire_free(art);
    bundle_close(b);
    unlink(out);
}

static void test_bad_pictures(void **state)
{
    struct bundle_media bad[][2] = {
        {{.name = "../x.jpg", .mime = "image/jpeg", .data = jpeg, .len = sizeof jpeg}},
        {{.name = ".hidden", .mime = "image/jpeg", .data = jpeg, .len = sizeof jpeg}},
        {{.name = "x.svg", .mime = "image/svg+xml", .data = jpeg, .len = sizeof jpeg}},
        {{.name = "x.jpg", .mime = "image/jpeg", .data = NULL, .len = 0}},
    };
    struct quire_err err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(create(bad[i], 1, &err), QUIRE_EINVAL);
        assert_non_null(strstr(err.msg, "picture '"));
        assert_false(quire_file_exists(out));
    }
    struct bundle_media twice[] = {
        {.name = "a.jpg", .mime = "image/jpeg", .data = jpeg, .len = sizeof jpeg},
        {.name = "a.jpg", .mime = "image/png", .data = jpeg, .len = sizeof jpeg},
    };
    assert_int_equal(create(twice, 2, &err), QUIRE_EDUPLICATE);
    assert_non_null(strstr(err.msg, "two pictures named 'a.jpg'"));
    assert_false(quire_file_exists(out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packed_and_shown),
        cmocka_unit_test(test_bad_pictures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
