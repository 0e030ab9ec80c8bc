/* Tests of feed_image: pictures for bundles come out gray, no wider than the widest device,
 * as JPEG for photographs and PNG for drawings, within their byte budget (smaller quality,
 * then smaller size); a budget nothing fits and a broken file are errors, never a crash; the
 * article's budget is shared; the run's cache fetches each URL once and gives its error
 * again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "feed_image.h"
#include "image.h"
#include "image_make.h"
#include "quire_util.h"

/* A photograph's stand-in: smooth shading plus fine noise (many grays, hard to compress). */
static uint8_t *photo(int w, int h)
{
    uint8_t *p = malloc((size_t)w * h * 4);
    assert_non_null(p);
    uint32_t seed = 12345;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            int v = (x * 160 / w + y * 60 / h) + (int)((seed >> 16) % 32);
            uint8_t *q = p + ((size_t)y * w + x) * 4;
            q[0] = (uint8_t)v;
            q[1] = (uint8_t)(255 - v);
            q[2] = (uint8_t)(v / 2);
            q[3] = 255;
        }
    return p;
}

/* A drawing's stand-in: black strokes on white (two grays). */
static uint8_t *drawing(int w, int h)
{
    uint8_t *p = malloc((size_t)w * h * 4);
    assert_non_null(p);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t v = (x / 7 + y / 11) % 5 == 0 ? 0 : 255;
            uint8_t *q = p + ((size_t)y * w + x) * 4;
            q[0] = q[1] = q[2] = v;
            q[3] = 255;
        }
    return p;
}

static void check_gray_file(const struct feed_image_file *img)
{
    struct image_gray back;
    assert_int_equal(image_decode(img->data, img->len, "out", &back, NULL), QUIRE_OK);
    assert_int_equal(back.w, img->w);
    assert_int_equal(back.h, img->h);
    image_gray_fini(&back);
    assert_string_equal(image_format_mime(image_sniff(img->data, img->len)), img->mime);
}

static void test_photo_scaled_to_widest_device(void **state)
{
    uint8_t *rgba = photo(2400, 900);
    size_t len;
    uint8_t *jpg = make_jpeg(rgba, 2400, 900, 92, false, &len);
    struct feed_image_opts o;
    feed_image_opts_default(&o);
    assert_int_equal(o.max_w, QUIRE_FEED_IMAGE_MAX_W);
    struct feed_image_file img;
    assert_int_equal(feed_image_prepare(jpg, len, "photo.jpg", &o, &img, NULL), QUIRE_OK);
    assert_int_equal(img.w, QUIRE_FEED_IMAGE_MAX_W);
    assert_int_equal(img.h, 900 * QUIRE_FEED_IMAGE_MAX_W / 2400); /* aspect kept */
    assert_string_equal(img.mime, "image/jpeg");
    assert_true(img.len <= o.max_bytes);
    check_gray_file(&img);
    feed_image_fini(&img);
    free(jpg);
    free(rgba);
}

/* Smaller budgets give smaller files, first by quality then by size; each within budget. */
static void test_budget(void **state)
{
    uint8_t *rgba = photo(1200, 800);
    size_t len;
    uint8_t *png = make_png(rgba, 1200, 800, &len);
    struct feed_image_opts o;
    feed_image_opts_default(&o);
    size_t budgets[] = {400000, 60000, 8000};
    int last_w = 1 << 30;
    for (int i = 0; i < 3; i++) {
        o.max_bytes = budgets[i];
        struct feed_image_file img;
        assert_int_equal(feed_image_prepare(png, len, "photo.png", &o, &img, NULL), QUIRE_OK);
        assert_true(img.len <= budgets[i]);
        assert_true(img.w <= last_w);
        last_w = img.w;
        check_gray_file(&img);
        feed_image_fini(&img);
    }
    assert_true(last_w < 1200); /* 8 KB made it smaller */
    o.max_bytes = 300;          /* not even the smallest size fits */
    struct feed_image_file img;
    struct quire_err err;
    assert_int_equal(feed_image_prepare(png, len, "photo.png", &o, &img, &err), QUIRE_ETOOBIG);
    assert_non_null(strstr(err.msg, "photo.png"));
    assert_null(img.data);
    free(png);
    free(rgba);
}

static void test_drawing_is_png_and_small_stays(void **state)
{
    uint8_t *rgba = drawing(300, 200);
    size_t len;
    uint8_t *webp = make_webp(rgba, 300, 200, true, &len);
    struct feed_image_opts o;
    feed_image_opts_default(&o);
    struct feed_image_file img;
    assert_int_equal(feed_image_prepare(webp, len, "chart.webp", &o, &img, NULL), QUIRE_OK);
    assert_string_equal(img.mime, "image/png");
    assert_int_equal(img.w, 300); /* never scaled up */
    assert_int_equal(img.h, 200);
    check_gray_file(&img);
    feed_image_fini(&img);
    free(webp);
    free(rgba);
}

static void test_broken_input(void **state)
{
    struct feed_image_opts o;
    feed_image_opts_default(&o);
    struct feed_image_file img;
    struct quire_err err;
    assert_int_equal(feed_image_prepare("<html>", 6, "http://x/a.jpg", &o, &img, &err),
                     QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "http://x/a.jpg"));
    uint8_t *rgba = photo(64, 64);
    size_t len;
    uint8_t *jpg = make_jpeg(rgba, 64, 64, 80, false, &len);
    assert_int_equal(feed_image_prepare(jpg, len / 2, "cut.jpg", &o, &img, &err), QUIRE_EFORMAT);
    assert_null(img.data);
    free(jpg);
    free(rgba);
}

static void test_share(void **state)
{
    assert_int_equal(feed_image_share(900, 0, 3), 300);
    assert_int_equal(feed_image_share(900, 100, 2), 400); /* a small first leaves room */
    assert_int_equal(feed_image_share(900, 900, 1), 0);
    assert_int_equal(feed_image_share(900, 0, 0), 0);
}

struct fake_server {
    int fetches;
    uint8_t *file;
    size_t len;
};

static enum quire_status fake_fetch(void *ctx, const char *url, void **data, size_t *len,
                                    struct quire_err *err)
{
    struct fake_server *s = ctx;
    s->fetches++;
    if (strstr(url, "missing"))
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: HTTP 404", url);
    *data = quire_malloc(s->len);
    memcpy(*data, s->file, s->len);
    *len = s->len;
    return QUIRE_OK;
}

static void test_cache_fetches_once(void **state)
{
    uint8_t *rgba = photo(800, 600);
    struct fake_server srv = {0};
    srv.file = make_jpeg(rgba, 800, 600, 90, false, &srv.len);
    feed_image_cache *c;
    assert_int_equal(feed_image_cache_create(&c, NULL), QUIRE_OK);
    struct feed_image_opts o;
    feed_image_opts_default(&o);
    struct feed_image_file a, b, small;
    assert_int_equal(feed_image_cache_get(c, "http://x/p.jpg", fake_fetch, &srv, &o, &a, NULL),
                     QUIRE_OK);
    assert_int_equal(feed_image_cache_get(c, "http://x/p.jpg", fake_fetch, &srv, &o, &b, NULL),
                     QUIRE_OK);
    assert_int_equal(srv.fetches, 1);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    o.max_bytes = a.len / 2; /* another article with less room: re-encoded, not fetched */
    assert_int_equal(feed_image_cache_get(c, "http://x/p.jpg", fake_fetch, &srv, &o, &small, NULL),
                     QUIRE_OK);
    assert_true(small.len <= a.len / 2);
    assert_int_equal(srv.fetches, 1);
    struct quire_err e1, e2;
    struct feed_image_file none;
    assert_int_equal(
        feed_image_cache_get(c, "http://x/missing.jpg", fake_fetch, &srv, &o, &none, &e1),
        QUIRE_ENOTFOUND);
    assert_int_equal(
        feed_image_cache_get(c, "http://x/missing.jpg", fake_fetch, &srv, &o, &none, &e2),
        QUIRE_ENOTFOUND);
    assert_string_equal(e1.msg, e2.msg);
    assert_int_equal(srv.fetches, 2);
    struct feed_image_cache_stats st;
    feed_image_cache_stats_get(c, &st);
    assert_int_equal(st.fetches, 2);
    assert_int_equal(st.hits, 3);
    assert_int_equal(st.failures, 1);
    feed_image_fini(&a);
    feed_image_fini(&b);
    feed_image_fini(&small);
    feed_image_cache_destroy(c);
    free(srv.file);
    free(rgba);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_photo_scaled_to_widest_device),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_drawing_is_png_and_small_stays),
        cmocka_unit_test(test_broken_input),
        cmocka_unit_test(test_share),
        cmocka_unit_test(test_cache_fetches_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
