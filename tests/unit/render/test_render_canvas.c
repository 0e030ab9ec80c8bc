/* Tests of the canvas, PNG round trip, image decoding and dithering, and the glyph cache's
 * byte budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quire_util.h"
#include "render.h"
#include "render_glyph.h"

static void gradient(struct canvas *c)
{
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            c->pixels[y * c->stride + x] = (uint8_t)(x * 255 / (c->w - 1));
}

static void test_quantize_limits_levels(void **state)
{
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 256, 4, NULL), QUIRE_OK);
    gradient(&c);
    assert_int_equal(render_canvas_count_levels(&c), 256);
    render_canvas_quantize(&c, 16);
    assert_int_equal(render_canvas_count_levels(&c), 16);
    render_canvas_invert(&c, (struct render_rect){0, 0, 256, 4});
    assert_int_equal(render_canvas_count_levels(&c), 16); /* inversion keeps the levels */
    render_canvas_quantize(&c, 2);
    assert_int_equal(render_canvas_count_levels(&c), 2);
    render_canvas_fini(&c);
}

/* Two levels is a threshold at the middle, for every value and at every column (the word
 * loop and the tail of a width that is not a multiple of eight). */
static void test_quantize_two_levels_thresholds(void **state)
{
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 253, 3, NULL), QUIRE_OK);
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++)
            c.pixels[y * c.stride + x] = (uint8_t)(x + y);
    render_canvas_quantize(&c, 2);
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++)
            assert_int_equal(c.pixels[y * c.stride + x], x + y >= 128 ? 255 : 0);
    render_canvas_fini(&c);
}

static void test_bad_size_is_refused(void **state)
{
    struct canvas c;
    struct quire_err err = {0};
    assert_int_equal(render_canvas_init(&c, 0, 10, &err), QUIRE_EINVAL);
    assert_non_null(strstr(err.msg, "bad size"));
    render_canvas_fini(&c); /* safe on a failed init */
}

static void test_png_round_trip(void **state)
{
    struct canvas c, back;
    char dir[] = "/tmp/quire-render-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.png", dir);
    assert_int_equal(render_canvas_init(&c, 33, 17, NULL), QUIRE_OK);
    gradient(&c);
    assert_int_equal(render_png_write(&c, path, NULL), QUIRE_OK);
    assert_int_equal(render_png_read(path, &back, NULL), QUIRE_OK);
    assert_int_equal(back.w, 33);
    assert_int_equal(back.h, 17);
    assert_memory_equal(back.pixels, c.pixels, 33 * 17);
    render_canvas_fini(&c);
    render_canvas_fini(&back);
    unlink(path);
    rmdir(dir);
}

static void test_garbage_image_is_an_error(void **state)
{
    struct canvas c;
    struct quire_err err = {0};
    assert_int_equal(render_image_decode("hello", 5, "x.bin", &c, &err), QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "x.bin"));
    static const unsigned char bad_jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F'};
    assert_int_equal(render_image_decode(bad_jpeg, sizeof bad_jpeg, "y.jpg", &c, &err),
                     QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "y.jpg"));
    static const unsigned char bad_png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    assert_int_equal(render_image_decode(bad_png, sizeof bad_png, "z.png", &c, &err),
                     QUIRE_EFORMAT);
    assert_null(c.pixels);
}

static void test_dither_to_two_levels_keeps_mean(void **state)
{
    struct canvas src, dst;
    assert_int_equal(render_canvas_init(&src, 64, 64, NULL), QUIRE_OK);
    assert_int_equal(render_canvas_init(&dst, 100, 100, NULL), QUIRE_OK);
    render_canvas_fill(&src, (struct render_rect){0, 0, 64, 64}, 128);
    render_image_draw(&dst, (struct render_rect){10, 10, 80, 80}, &src, 2);
    assert_int_equal(render_canvas_count_levels(&dst), 2);
    long black = 0;
    for (int y = 10; y < 90; y++)
        for (int x = 10; x < 90; x++)
            black += dst.pixels[y * dst.stride + x] == 0;
    /* mid gray dithers to about half black pixels */
    assert_true(black > 80 * 80 * 4 / 10 && black < 80 * 80 * 6 / 10);
    assert_int_equal(dst.pixels[5 * dst.stride + 5], 255); /* outside the box untouched */
    render_canvas_fini(&src);
    render_canvas_fini(&dst);
}

static void test_glyph_cache_stays_in_budget(void **state)
{
    char font[1024];
    snprintf(font, sizeof font, "%s/fonts/NotoSerif-Regular.ttf", QUIRE_TEST_SRC);
    struct glyph_cache *gc;
    assert_int_equal(glyph_cache_create(64 * 1024, 300, NULL, &gc, NULL), QUIRE_OK);
    const struct render_glyph *g;
    for (uint32_t id = 1; id < 400; id++)
        assert_int_equal(glyph_cache_get(gc, font, 0, 40.0f, id, &g, NULL), QUIRE_OK);
    struct render_cache_stats st;
    glyph_cache_stats(gc, &st);
    assert_true(st.bytes <= 64 * 1024);
    assert_true(st.evictions > 0);
    assert_int_equal(st.misses, 399);
    /* the most recent glyph is still cached: a hit */
    assert_int_equal(glyph_cache_get(gc, font, 0, 40.0f, 399, &g, NULL), QUIRE_OK);
    glyph_cache_stats(gc, &st);
    assert_int_equal(st.hits, 1);
    uint32_t a = glyph_cache_char_index(gc, font, 0, 40.0f, 'A');
    assert_true(a > 0);
    assert_int_equal(glyph_cache_get(gc, font, 0, 40.0f, a, &g, NULL), QUIRE_OK);
    assert_true(g->w > 10 && g->h > 10); /* a real bitmap */
    struct quire_err err = {0};
    assert_int_equal(glyph_cache_get(gc, "/nonexistent.ttf", 0, 40.0f, 1, &g, &err), QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "/nonexistent.ttf"));
    glyph_cache_destroy(gc);
    glyph_cache_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantize_limits_levels),
        cmocka_unit_test(test_quantize_two_levels_thresholds),
        cmocka_unit_test(test_bad_size_is_refused),
        cmocka_unit_test(test_png_round_trip),
        cmocka_unit_test(test_garbage_image_is_an_error),
        cmocka_unit_test(test_dither_to_two_levels_keeps_mean),
        cmocka_unit_test(test_glyph_cache_stays_in_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
