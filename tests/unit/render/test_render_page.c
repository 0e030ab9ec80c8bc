/* Tests of the page renderer on a real layout: the frame uses only the panel's levels, text
 * lands inside the page area, drawing at an offset moves every pixel and a clip keeps them
 * in, night mode is the exact inverse except for photographs, the glyph cache serves a second
 * drawing, and every failed allocation is reported as QUIRE_ENOMEM without a crash or a leak.
 * (The status line is app/ui's: tests/unit/ui.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "quire_util.h"
#include "render.h"

enum { W = 600, H = 800, DPI = 167 };

struct fixture {
    struct layout_fonts *fonts;
    struct doc *doc;
    struct layout *layout;
    int band;
};

static int setup(void **state)
{
    static struct fixture f;
    const char *text = "A Title\n\nThe first paragraph of a short article, long enough to "
                       "wrap over several lines of the page so that the renderer has some "
                       "real text to draw.\n\nA second paragraph, with more words in it.";
    f.band = 24; /* what the reader keeps for its status line at 167 dpi */
    struct layout_settings ls;
    layout_settings_default(&ls);
    ls.page_w = W;
    ls.page_h = H - f.band;
    ls.font_px = 20;
    ls.margin = 27;
    if (layout_fonts_create(QUIRE_TEST_SRC, &f.fonts, NULL) ||
        doc_from_text(text, strlen(text), &f.doc, NULL) ||
        layout_create(f.fonts, f.doc, &ls, &f.layout, NULL))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    layout_destroy(f->layout);
    doc_destroy(f->doc);
    layout_fonts_destroy(f->fonts);
    return 0;
}

static long dark_in(const struct canvas *c, struct render_rect r)
{
    long n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += c->pixels[y * c->stride + x] < 128;
    return n;
}

static void draw(render *r, const struct fixture *f, struct canvas *c)
{
    assert_int_equal(render_frame_into(r, layout_page_get(f->layout, 0), c, NULL), QUIRE_OK);
}

static void test_frame_levels_and_areas(void **state)
{
    struct fixture *f = *state;
    for (int levels = 2; levels <= 16; levels += 14) {
        struct render_settings rs;
        render_settings_default(&rs, levels, DPI);
        render *r;
        assert_int_equal(render_create(&rs, &r, NULL), QUIRE_OK);
        struct canvas c;
        assert_int_equal(render_canvas_init(&c, W, H, NULL), QUIRE_OK);
        draw(r, f, &c);
        int used = render_canvas_count_levels(&c);
        assert_true(used <= levels);
        assert_true(used >= 2);
        assert_true(dark_in(&c, (struct render_rect){0, 0, W, H - f->band}) > 2000);
        assert_int_equal(dark_in(&c, (struct render_rect){0, H - f->band, W, f->band}), 0);
        assert_int_equal(dark_in(&c, (struct render_rect){W - 10, 0, 10, H - f->band}), 0);
        render_canvas_fini(&c);
        render_destroy(r);
    }
}

static void test_night_is_the_inverse_and_cache_hits(void **state)
{
    struct fixture *f = *state;
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    render *r;
    assert_int_equal(render_create(&rs, &r, NULL), QUIRE_OK);
    struct canvas day, night;
    assert_int_equal(render_canvas_init(&day, W, H, NULL), QUIRE_OK);
    assert_int_equal(render_canvas_init(&night, W, H, NULL), QUIRE_OK);
    draw(r, f, &day);
    struct render_cache_stats s1, s2;
    render_cache_stats_get(r, &s1);
    render_set_night(r, true);
    draw(r, f, &night);
    render_cache_stats_get(r, &s2);
    assert_int_equal(s2.misses, s1.misses); /* every glyph of the second drawing was cached */
    assert_true(s2.hits > s1.hits);
    for (int i = 0; i < W * H; i++)
        assert_int_equal(night.pixels[i], 255 - day.pixels[i]);
    render_canvas_fini(&day);
    render_canvas_fini(&night);
    render_destroy(r);
    render_destroy(NULL);
}

static void test_allocation_failures(void **state)
{
    struct fixture *f = *state;
    int failures = 0;
    for (long n = 1; n < 400; n++) {
        struct render_settings rs;
        render_settings_default(&rs, 16, DPI);
        render *r = NULL;
        struct canvas c = {0};
        quire_alloc_fail_after(n);
        enum quire_status st = render_create(&rs, &r, NULL);
        if (!st)
            st = render_canvas_init(&c, W, H, NULL);
        if (!st) {
            st = render_frame_into(r, layout_page_get(f->layout, 0), &c, NULL);
        }
        quire_alloc_fail_after(0);
        assert_true(st == QUIRE_OK || st == QUIRE_ENOMEM);
        failures += st == QUIRE_ENOMEM;
        render_canvas_fini(&c);
        render_destroy(r);
        if (st == QUIRE_OK)
            break; /* n passed the number of allocations: all of them were tried */
    }
    assert_true(failures >= 3);
}

/* The same page drawn at an offset is the same picture moved; a clip keeps every pixel in. */
static void test_offset_and_clip(void **state)
{
    struct fixture *f = *state;
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    render *r;
    assert_int_equal(render_create(&rs, &r, NULL), QUIRE_OK);
    struct canvas a, b;
    assert_int_equal(render_canvas_init(&a, W, H, NULL), QUIRE_OK);
    assert_int_equal(render_canvas_init(&b, W, H, NULL), QUIRE_OK);
    struct render_rect all = {0, 0, W, H};
    const struct layout_page *pg = layout_page_get(f->layout, 0);
    assert_int_equal(render_page_draw_at(r, &a, pg, 0, 0, all, NULL), QUIRE_OK);
    assert_int_equal(render_page_draw_at(r, &b, pg, 13, 21, all, NULL), QUIRE_OK);
    for (int y = 0; y + 21 < H; y++)
        for (int x = 0; x + 13 < W; x++)
            assert_int_equal(a.pixels[y * a.stride + x], b.pixels[(y + 21) * b.stride + x + 13]);
    render_canvas_fill(&b, all, 255);
    struct render_rect clip = {100, 50, 200, 120};
    assert_int_equal(render_page_draw_at(r, &b, pg, 0, 0, clip, NULL), QUIRE_OK);
    long inside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool is_in = x >= clip.x && x < clip.x + clip.w && y >= clip.y && y < clip.y + clip.h;
            uint8_t want = is_in ? a.pixels[y * a.stride + x] : 255;
            assert_int_equal(b.pixels[y * b.stride + x], want);
            inside += is_in && want < 128;
        }
    assert_true(inside > 100); /* the clip did hold text */
    render_canvas_fini(&a);
    render_canvas_fini(&b);
    render_destroy(r);
}

/* An image share is of the page (the screen without the status band), counting only the part
 * on the page; an image reaching past the page never draws into the status band. */
static void test_images_against_the_page_area(void **state)
{
    struct fixture *f = *state;
    int ph = H - f->band;
    /* 7.5% of the page but only 7.2% of the screen: the flash rule must see 75 permille. */
    struct layout_image im[2] = {{0, 0, (float)W, 0.0755f * (float)ph, "a.png", "", 1},
                                 {0, 0, 0, 0, "b.png", "", 2}};
    struct layout_page pg = {.width = W, .height = ph, .images = im, .image_count = 1};
    assert_int_equal(render_page_image_permille(&pg, W, H), 75);
    /* A second image half off the page's bottom counts only its visible half. */
    im[1] = (struct layout_image){0, (float)ph - 50, 100, 100, "b.png", "", 2};
    pg.image_count = 2;
    int with_half = render_page_image_permille(&pg, W, H);
    double want = ((double)(0.0755f * (float)ph) * W + 100 * 50) * 1000.0 / ((double)W * ph);
    assert_int_equal(with_half, (int)want);
    /* Drawn (a placeholder frame: no fetch) clipped to the page: the band stays white. */
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    render *r;
    assert_int_equal(render_create(&rs, &r, NULL), QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, W, H, NULL), QUIRE_OK);
    assert_int_equal(render_page_draw_at(r, &c, &pg, 0, 0, (struct render_rect){0, 0, W, ph}, NULL),
                     QUIRE_OK);
    long drawn_on_page = 0, in_band = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool is_ink = c.pixels[y * c.stride + x] != 255;
            drawn_on_page += is_ink && y < ph;
            in_band += is_ink && y >= ph;
        }
    assert_true(drawn_on_page > 0);
    assert_int_equal(in_band, 0);
    /* At night the text is inverted but an image's box is not. */
    struct canvas day;
    assert_int_equal(render_canvas_init(&day, W, H, NULL), QUIRE_OK);
    render_canvas_copy(&day, &c);
    render_set_night(r, true);
    render_canvas_fill(&c, (struct render_rect){0, 0, W, H}, 255);
    render_night_begin(r);
    assert_int_equal(render_page_draw_at(r, &c, &pg, 0, 0, (struct render_rect){0, 0, W, ph}, NULL),
                     QUIRE_OK);
    render_night_finish(r, &c, (struct render_rect){0, 0, W, H});
    int img_y = (int)(0.0755f * (float)ph) / 2;
    assert_int_equal(c.pixels[img_y * c.stride + W / 2], day.pixels[img_y * day.stride + W / 2]);
    assert_int_equal(c.pixels[(H - 2) * c.stride + W / 2], 0); /* the paper is black */
    render_canvas_fini(&day);
    render_canvas_fini(&c);
    render_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_levels_and_areas),
        cmocka_unit_test(test_night_is_the_inverse_and_cache_hits),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_offset_and_clip),
        cmocka_unit_test(test_images_against_the_page_area),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
