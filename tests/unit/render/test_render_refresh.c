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
    struct render_frame_info info = {W, H, reason, night, img, 0};
    return render_refresh_decide(&p, s, &info, &d, u, QUIRE_REFRESH_MAX_UPDATES);
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    assert_int_equal(decide(&s, &a, &b, RENDER_REASON_PAGE_TURN, false, 0, u), 0);
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

/* Every differing pixel is counted whatever the difference (one bit, the top bit, all bits),
 * in whole words and in a row's tail. */
static void test_damage_counts_every_changed_pixel(void **state)
{
    struct canvas a, b; /* 1069 wide: a 5-pixel tail after 8-byte words, 1 after 4-byte ones */
    assert_int_equal(render_canvas_init(&a, 1069, 60, NULL), QUIRE_OK);
    assert_int_equal(render_canvas_init(&b, 1069, 60, NULL), QUIRE_OK);
    uint32_t seed = 12345;
    int64_t want = 0;
    for (int y = 0; y < a.h; y += 3)
        for (int x = 0; x < a.w; x++) {
            seed = seed * 1103515245u + 12345u;
            uint8_t v = (uint8_t)(seed >> 24), flip = (uint8_t)(1u << ((seed >> 8) % 8));
            a.pixels[y * a.stride + x] = v;
            bool is_changed = (seed >> 16) % 5 == 0;
            b.pixels[y * b.stride + x] = is_changed ? (uint8_t)(v ^ flip) : v;
            want += is_changed;
        }
    struct render_damage d;
    render_damage_find(&a, &b, &d);
    assert_int_equal(d.changed_pixels, want);
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    draw_text_page(&cur, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_SCREEN_OPEN, false, 0, u), 1);
    assert_int_equal(u[0].kind, RENDER_UPDATE_FULL);
    int fulls = 0, partials = 0;
    for (int turn = 1; turn <= 13; turn++) {
        render_canvas_copy(&prev, &cur);
        draw_text_page(&cur, turn);
        int n = decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 0, u);
        assert_true(n >= 1);
        for (int i = 0; i < n; i++) {
            if (u[i].kind == RENDER_UPDATE_FULL) {
                fulls++;
                assert_int_equal(n, 1);
                assert_int_equal(turn % 6, 0);
                continue;
            }
            partials++;
            assert_int_equal(u[i].kind, RENDER_UPDATE_PARTIAL);
            /* never more than the text area plus the status band */
            assert_true(u[i].region.y >= 20 && u[i].region.y + u[i].region.h <= H);
            assert_true(u[i].region.w * u[i].region.h < W * H);
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    int fulls = 0;
    for (int turn = 1; turn <= 6; turn++) {
        render_canvas_copy(&prev, &cur);
        draw_text_page(&cur, turn);
        decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, true, 0, u);
        fulls += u[0].kind == RENDER_UPDATE_FULL;
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    draw_text_page(&cur, 1);
    decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 74, u);
    assert_int_equal(u[0].kind, RENDER_UPDATE_PARTIAL);
    render_canvas_copy(&prev, &cur);
    draw_text_page(&cur, 2);
    decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 75, u);
    assert_int_equal(u[0].kind, RENDER_UPDATE_FULL);
    assert_memory_equal(&u[0].region, (&(struct render_rect){0, 0, W, H}), sizeof u[0].region);
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    /* Whole-screen inversions change 100% of the pixels each: 2.5 screens passes 2500. */
    int turn;
    for (turn = 1; turn <= 5; turn++) {
        render_canvas_copy(&prev, &cur);
        render_canvas_invert(&cur, (struct render_rect){0, 0, W, H});
        decide(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, false, 0, u);
        if (u[0].kind == RENDER_UPDATE_FULL)
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    render_canvas_fill(&cur, (struct render_rect){W - 30, H - 15, 10, 10}, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_CLOCK, false, 0, u), 0);
    /* The next real change carries the clock region along. */
    render_canvas_copy(&prev, &cur);
    render_canvas_fill(&cur, (struct render_rect){W - 60, H - 60, 10, 10}, 0);
    /* The next real change carries the clock region along, as its own grayscale update: the
     * UI change keeps its fast mode. */
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_UI, false, 0, u), 2);
    assert_int_equal(u[0].kind, RENDER_UPDATE_FAST);
    assert_memory_equal(&u[0].region, (&(struct render_rect){W - 60, H - 60, 10, 10}),
                        sizeof u[0].region);
    assert_int_equal(u[1].kind, RENDER_UPDATE_PARTIAL);
    assert_memory_equal(&u[1].region, (&(struct render_rect){W - 30, H - 15, 10, 10}),
                        sizeof u[1].region);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

/* ---- the output updates, at a real panel size ---- */

enum { PW = 1072, PH = 1448, PBAND = 44 };

static int decide_panel(struct render_refresh_state *s, const struct canvas *prev,
                        const struct canvas *cur, enum render_reason reason,
                        struct render_update *u)
{
    struct render_refresh_policy p;
    render_refresh_policy_default(&p);
    struct render_damage d;
    render_damage_find_split(prev, cur, PH - PBAND, &d);
    struct render_frame_info info = {PW, PH, reason, false, 0, PH - PBAND};
    return render_refresh_decide(&p, s, &info, &d, u, QUIRE_REFRESH_MAX_UPDATES);
}

static int64_t updates_area(const struct render_update *u, int n)
{
    int64_t a = 0;
    for (int i = 0; i < n; i++)
        a += (int64_t)u[i].region.w * u[i].region.h;
    return a;
}

static void panel_pair(struct canvas *a, struct canvas *b)
{
    assert_int_equal(render_canvas_init(a, PW, PH, NULL), QUIRE_OK);
    assert_int_equal(render_canvas_init(b, PW, PH, NULL), QUIRE_OK);
}

static void test_far_apart_changes_refresh_only_themselves(void **state)
{
    struct canvas prev, cur;
    panel_pair(&prev, &cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    render_canvas_fill(&cur, (struct render_rect){50, 60, 20, 20}, 0);
    render_canvas_fill(&cur, (struct render_rect){1000, 1380, 20, 20}, 0);
    int n = decide_panel(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, u);
    assert_int_equal(n, 2);
    /* The refreshed area is the changed area, not the 970x1340 box around both. */
    assert_true(updates_area(u, n) <= 2 * 20 * 20 + 100);
    for (int i = 0; i < n; i++) {
        assert_int_equal(u[i].kind, RENDER_UPDATE_PARTIAL);
        assert_int_equal(u[i].changed_pixels, 400);
    }
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_near_changes_merge(void **state)
{
    struct canvas prev, cur;
    panel_pair(&prev, &cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    /* Two words on one line, 30 px apart: one update, not two. */
    render_canvas_fill(&cur, (struct render_rect){100, 200, 60, 20}, 0);
    render_canvas_fill(&cur, (struct render_rect){190, 260, 60, 20}, 0);
    assert_int_equal(decide_panel(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, u), 1);
    assert_memory_equal(&u[0].region, (&(struct render_rect){100, 200, 150, 80}),
                        sizeof u[0].region);
    assert_int_equal(u[0].changed_pixels, 2 * 60 * 20);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_many_changes_fit_the_update_cap(void **state)
{
    struct canvas prev, cur;
    panel_pair(&prev, &cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    for (int i = 0; i < 10; i++) /* 10 small bands, no two close */
        render_canvas_fill(&cur, (struct render_rect){20 + i * 105, 20 + i * 140, 10, 10}, 0);
    int n = decide_panel(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, u);
    assert_int_equal(n, QUIRE_REFRESH_MAX_UPDATES);
    int64_t changed = 0;
    for (int i = 0; i < n; i++)
        changed += u[i].changed_pixels;
    assert_int_equal(changed, 10 * 10 * 10);
    for (int i = 0; i < 10; i++) { /* every change is inside some update */
        struct render_rect r = {20 + i * 105, 20 + i * 140, 10, 10};
        bool is_covered = false;
        for (int k = 0; k < n; k++)
            is_covered |= render_rect_contains(u[k].region, r);
        assert_true(is_covered);
    }
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_ui_change_stays_fast_beside_status_change(void **state)
{
    struct canvas prev, cur;
    panel_pair(&prev, &cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    render_canvas_fill(&cur, (struct render_rect){400, 1300, 200, 30}, 0);   /* menu highlight */
    render_canvas_fill(&cur, (struct render_rect){900, PH - 30, 60, 20}, 0); /* status text */
    int n = decide_panel(&s, &prev, &cur, RENDER_REASON_UI, u);
    assert_int_equal(n, 2);
    assert_int_equal(u[0].kind, RENDER_UPDATE_FAST);
    assert_memory_equal(&u[0].region, (&(struct render_rect){400, 1300, 200, 30}),
                        sizeof u[0].region);
    assert_int_equal(u[1].kind, RENDER_UPDATE_PARTIAL);
    assert_memory_equal(&u[1].region, (&(struct render_rect){900, PH - 30, 60, 20}),
                        sizeof u[1].region);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_full_refresh_is_one_update(void **state)
{
    struct canvas prev, cur;
    panel_pair(&prev, &cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    render_canvas_fill(&cur, (struct render_rect){50, 60, 20, 20}, 0);
    render_canvas_fill(&cur, (struct render_rect){1000, 1380, 20, 20}, 0);
    assert_int_equal(decide_panel(&s, &prev, &cur, RENDER_REASON_SCREEN_OPEN, u), 1);
    assert_int_equal(u[0].kind, RENDER_UPDATE_FULL);
    assert_memory_equal(&u[0].region, (&(struct render_rect){0, 0, PW, PH}), sizeof u[0].region);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

static void test_turn_without_change_does_not_count(void **state)
{
    struct canvas prev, cur;
    panel_pair(&prev, &cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    for (int i = 0; i < QUIRE_FULL_REFRESH_EVERY + 2; i++)
        assert_int_equal(decide_panel(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, u), 0);
    assert_int_equal(s.turns_since_full, 0);
    render_canvas_fill(&cur, (struct render_rect){50, 60, 20, 20}, 0);
    assert_int_equal(decide_panel(&s, &prev, &cur, RENDER_REASON_PAGE_TURN, u), 1);
    assert_int_equal(u[0].kind, RENDER_UPDATE_PARTIAL);
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

/* A small menu's first appearance is partial, where the same change as a UI update is fast. */
static void test_modal_opens_partial_however_small(void **state)
{
    struct canvas prev, cur;
    canvas_new(&prev);
    canvas_new(&cur);
    struct render_refresh_state s;
    render_refresh_state_init(&s);
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    render_canvas_fill(&cur, (struct render_rect){10, 10, 40, 20}, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_UI, false, 0, u), 1);
    assert_int_equal(u[0].kind, RENDER_UPDATE_FAST);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_MODAL_OPENED, false, 0, u), 1);
    assert_int_equal(u[0].kind, RENDER_UPDATE_PARTIAL);
    assert_memory_equal(&u[0].region, (&(struct render_rect){10, 10, 40, 20}), sizeof u[0].region);
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
    struct render_update u[QUIRE_REFRESH_MAX_UPDATES];
    render_canvas_fill(&cur, (struct render_rect){0, 0, W, H / 2}, 0);
    assert_int_equal(decide(&s, &prev, &cur, RENDER_REASON_UI, false, 0, u), 1);
    assert_int_equal(u[0].kind, RENDER_UPDATE_PARTIAL);
    assert_string_equal(render_update_kind_name(u[0].kind), "partial");
    render_canvas_fini(&prev);
    render_canvas_fini(&cur);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_frames_give_no_damage),
        cmocka_unit_test(test_damage_is_tight),
        cmocka_unit_test(test_damage_counts_every_changed_pixel),
        cmocka_unit_test(test_thirteen_turns_two_fulls),
        cmocka_unit_test(test_night_mode_flashes_every_second_turn),
        cmocka_unit_test(test_image_heavy_page_flashes),
        cmocka_unit_test(test_changed_area_threshold_flashes_early),
        cmocka_unit_test(test_clock_never_refreshes_alone),
        cmocka_unit_test(test_modal_opens_partial_however_small),
        cmocka_unit_test(test_large_ui_change_goes_partial),
        cmocka_unit_test(test_far_apart_changes_refresh_only_themselves),
        cmocka_unit_test(test_near_changes_merge),
        cmocka_unit_test(test_many_changes_fit_the_update_cap),
        cmocka_unit_test(test_ui_change_stays_fast_beside_status_change),
        cmocka_unit_test(test_full_refresh_is_one_update),
        cmocka_unit_test(test_turn_without_change_does_not_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
