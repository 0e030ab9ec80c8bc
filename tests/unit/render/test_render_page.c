/* Tests of the page renderer on a real layout: the frame uses only the panel's levels, text
 * lands inside the page area and the status line inside its band, night mode is the exact
 * inverse, the glyph cache serves a second drawing, and every failed allocation is reported
 * as QUIRE_ENOMEM without a crash or a leak. */
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
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    f.band = render_status_band_px(&rs);
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
    struct render_status st = {1, 1, "A Title", "offline", "09:00", NULL};
    assert_int_equal(render_frame_into(r, layout_page_get(f->layout, 0), &st, c, NULL), QUIRE_OK);
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
        assert_true(dark_in(&c, (struct render_rect){0, H - f->band, W, f->band}) > 50);
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
            struct render_status rst = {1, 1, "A Title", NULL, NULL, NULL};
            st = render_frame_into(r, layout_page_get(f->layout, 0), &rst, &c, NULL);
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

/* A title cut inside a UTF-8 sequence, in a buffer of exactly its size: the status line never
 * reads past the terminator (ASan catches it) and still shows the characters before the cut. */
static void test_cut_utf8_title_stays_in_bounds(void **state)
{
    struct fixture *f = *state;
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    render *r;
    assert_int_equal(render_create(&rs, &r, NULL), QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, W, H, NULL), QUIRE_OK);
    const char *cuts[] = {"\xD0\x91\xD0\x91\xD0", "\xE1\x83\x90\xE1\x83", "\xD0\x91\x91\xFF"};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        size_t n = strlen(cuts[i]) + 1;
        char *title = malloc(n);
        assert_non_null(title);
        memcpy(title, cuts[i], n);
        struct render_status st = {1, 1, title, NULL, NULL, NULL};
        assert_int_equal(render_frame_into(r, layout_page_get(f->layout, 0), &st, &c, NULL),
                         QUIRE_OK);
        free(title);
    }
    render_canvas_fini(&c);
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
    /* Drawn (a placeholder frame: no fetch) without a status line: the band stays white. */
    struct render_settings rs;
    render_settings_default(&rs, 16, DPI);
    render *r;
    assert_int_equal(render_create(&rs, &r, NULL), QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, W, H, NULL), QUIRE_OK);
    assert_int_equal(render_frame_into(r, &pg, NULL, &c, NULL), QUIRE_OK);
    long drawn_on_page = 0, in_band = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool is_ink = c.pixels[y * c.stride + x] != 255;
            drawn_on_page += is_ink && y < ph;
            in_band += is_ink && y >= ph;
        }
    assert_true(drawn_on_page > 0);
    assert_int_equal(in_band, 0);
    render_canvas_fini(&c);
    render_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_levels_and_areas),
        cmocka_unit_test(test_night_is_the_inverse_and_cache_hits),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_cut_utf8_title_stays_in_bounds),
        cmocka_unit_test(test_images_against_the_page_area),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
