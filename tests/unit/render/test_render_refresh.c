/* Tests of the pure refresh policy: damage finding, update kinds, the full-refresh rules and
 * the clock rule. Frames are synthetic canvases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "render_refresh.h"

enum { W = 400, H = 600, BAND = 20 };

static void canvas_new(struct canvas *c)
{
    assert_int_equal(render_canvas_init(c, W, H, NULL), QUIRE_OK);
}

/* A "text page": rows of dark strokes in the text area, pattern varies with n. */
static void draw_text_page(struct canvas *c, int n)
{
    render_canvas_fill(c, (struct render_rect){0, 0, W, H}, 255);
    for (int line = 0; line < 20; line++)
        for (int word = 0; word < 6; word++)
            render_canvas_fill(c,
                               (struct render_rect){20 + word * 60 + (n * 7 + line * 3) % 13,
                                                    20 + line * 27, 40, 12},
                               (uint8_t)(n % 2 ? 0 : 34));
    /* status line: page number */
    render_canvas_fill(c, (struct render_rect){W - 40, H - BAND + 4, 30, 12}, 255);
    render_canvas_fill(c, (struct render_rect){W - 40 + n % 5, H - BAND + 4, 8, 12}, 0);
}

static int decide(struct render_refresh_state *s, const struct canvas *prev,
                  const struct canvas *cur, enum render_reason reason, bool night, int img,
                  struct render_update *u)
{
    struct render_refresh_policy p;
    render_refresh_policy_default(&p);
    struct render_damage d;
    render_damage_find(prev, cur, &d);
    struct render_frame_info info = {W, H, reason, night, img};
    return render_refresh_decide(&p, s, &info, &d, u, 1);
}

static void test_identical_frames_give_no_damage(void **state)
{
    struct canvas a, b;
    canvas_new(&a);
    canvas_new(&b);
    struct render_damage d;
    render_damage_find(&a, &b, &d);
    assert_int_equal(d.count, 0);
    assert_int_equal(d.changed_pixels, 0);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    assert_int_equal(decide(&s, &a, &b, RENDER_REASON_PAGE_TURN, false, 0, &u), 0);
    render_canvas_fini(&a);
    render_canvas_fini(&b);
}

static void test_damage_is_tight(void **state)
{
    struct canvas a, b;
    canvas_new(&a);
    canvas_new(&b);
    render_canvas_fill(&b, (struct render_rect){10, 20, 5, 3}, 0);
    render_canvas_fill(&b, (struct render_rect){100, 400, 7, 2}, 0);
    struct render_damage d;
    render_damage_find(&a, &b, &d);
    assert_int_equal(d.count, 2);
    assert_int_equal(d.changed_pixels, 5 * 3 + 7 * 2);
    assert_memory_equal(&d.rects[0], (&(struct render_rect){10, 20, 5, 3}), sizeof d.rects[0]);
    assert_memory_equal(&d.rects[1], (&(struct render_rect){100, 400, 7, 2}), sizeof d.rects[1]);
    render_canvas_fini(&a);
    render_canvas_fini(&b);
}

static void test_thirteen_turns_two_fulls(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    draw_text_page(&cur, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_ARTICLE_START, false, 0, &u), 1);
    assert_int_equal(u.kind, RENDER_UPDATE_FULL);
    int fulls = 0, partials = 0;
    for (int turn = 1; turn <= 13; turn++) {
        render_canvas_copy(&prev, &cur);
        draw_text_page(&cur, turn);
        assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 0, &u), 1);
        if (u.kind == RENDER_UPDATE_FULL) {
            fulls++;
            assert_int_equal(turn % 6, 0);
        } else {
            partials++;
            assert_int_equal(u.kind, RENDER_UPDATE_PARTIAL);
            /* never more than the text area plus the status band */
            assert_true(u.region.y >= 20 && u.region.y + u.region.h <= H);
            assert_true(u.region.w * u.region.h < W * H);
        }
    }
    assert_int_equal(fulls, 2);
    assert_int_equal(partials, 11);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_night_mode_flashes_every_second_turn(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    int fulls = 0;
    for (int turn = 1; turn <= 6; turn++) {
        render_canvas_copy(&prev, &cur);
        draw_text_page(&cur, turn);
        decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, true, 0, &u);
        fulls += u.kind == RENDER_UPDATE_FULL;
    }
    assert_int_equal(fulls, 3);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_image_heavy_page_flashes(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    draw_text_page(&cur, 1);
    decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 74, &u);
    assert_int_equal(u.kind, RENDER_UPDATE_PARTIAL);
    render_canvas_copy(&prev, &cur);
    draw_text_page(&cur, 2);
    decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 75, &u);
    assert_int_equal(u.kind, RENDER_UPDATE_FULL);
    assert_memory_equal(&u.region, (&(struct render_rect){0, 0, W, H}), sizeof u.region);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_changed_area_threshold_flashes_early(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    /* Whole-screen inversions change 100% of the pixels each: 2.5 screens passes 2500. */
    int turn;
    for (turn = 1; turn <= 5; turn++) {
        render_canvas_copy(&prev, &cur);
        render_canvas_invert(&cur, (struct render_rect){0, 0, W, H});
        decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 0, &u);
        if (u.kind == RENDER_UPDATE_FULL)
            break;
    }
    assert_int_equal(turn, 3);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_clock_never_refreshes_alone(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    render_canvas_fill(&cur, (struct render_rect){W - 30, H - 15, 10, 10}, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_CLOCK, false, 0, &u), 0);
    /* The next real change carries the clock region along. */
    render_canvas_copy(&prev, &cur);
    render_canvas_fill(&cur, (struct render_rect){W - 60, H - 60, 10, 10}, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_UI, false, 0, &u), 1);
    assert_int_equal(u.kind, RENDER_UPDATE_FAST);
    assert_true(render_rect_contains(u.region, (struct render_rect){W - 30, H - 15, 10, 10}));
    assert_true(render_rect_contains(u.region, (struct render_rect){W - 60, H - 60, 10, 10}));
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_large_ui_change_goes_partial(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u;
    render_canvas_fill(&cur, (struct render_rect){0, 0, W, H / 2}, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_UI, false, 0, &u), 1);
    assert_int_equal(u.kind, RENDER_UPDATE_PARTIAL);
    assert_string_equal(render_update_kind_name(u.kind), "partial");
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_frames_give_no_damage),
        cmocka_unit_test(test_damage_is_tight),
        cmocka_unit_test(test_thirteen_turns_two_fulls),
        cmocka_unit_test(test_night_mode_flashes_every_second_turn),
        cmocka_unit_test(test_image_heavy_page_flashes),
        cmocka_unit_test(test_changed_area_threshold_flashes_early),
        cmocka_unit_test(test_clock_never_refreshes_alone),
        cmocka_unit_test(test_large_ui_change_goes_partial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
