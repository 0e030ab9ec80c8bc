/* Tests of the platform layer: profiles, key names, the headless script parser (gestures
 * become raw pointer events), and the headless backend end to end (present, quantisation,
 * trace and refresh log, wake-ups). Tap zones are app/ui's (tests/unit/ui). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "headless_script.h"
#include "platform.h"
#include "quire_util.h"

static void test_profiles(void **state)
{
    const struct platform_profile *p = platform_profile_find("kobo-clara");
    assert_non_null(p);
    assert_int_equal(p->w, 1072);
    assert_int_equal(p->h, 1448);
    assert_int_equal(p->gray_levels, 16);
    p = platform_profile_find("waveshare-7in5");
    assert_int_equal(p->gray_levels, 2);
    assert_true(platform_profile_find("kiosk-13in")->is_landscape);
    assert_null(platform_profile_find("nope"));
}

/* The publisher scales pictures to the widest screen any profile has, in either orientation
 * (a portrait reader turned on its side): no device scales a published picture up. */
static void test_feed_image_width_is_widest_profile(void **state)
{
    int widest = 0;
    for (const struct platform_profile *p = platform_profiles(); p->name; p++) {
        widest = p->w > widest ? p->w : widest;
        widest = p->h > widest ? p->h : widest;
    }
    assert_int_equal(QUIRE_FEED_IMAGE_MAX_W, widest);
}

static void test_keys(void **state)
{
    assert_int_equal(platform_key_from_name("Right"), PLATFORM_KEY_RIGHT);
    assert_int_equal(platform_key_from_name("pgdn"), PLATFORM_KEY_NEXT);
    assert_int_equal(platform_key_from_name("pgup"), PLATFORM_KEY_PREV);
    assert_int_equal(platform_key_from_name("bogus"), PLATFORM_KEY_UNKNOWN);
    assert_string_equal(platform_key_text("plus"), "+");
    assert_string_equal(platform_key_text("space"), " ");
    assert_null(platform_key_text("right"));
}

static void test_script_parses(void **state)
{
    const char *text =
        "# comment\nkey right\n\ntap 10 20\nswipe left\ntext hello world\n"
        "wait 250\nshot p1\nhold 5 6\nkey plus\nwake\nquit\n"
        "sync now\nawait sync\nsleep 40\nkeydown pgup\nkeyup esc\nidle 70\nsuspend 9\n";
    struct headless_script s;
    assert_int_equal(headless_script_parse("s.txt", text, strlen(text), &s, NULL), QUIRE_OK);
    assert_int_equal(s.count, 23);
    assert_int_equal(s.steps[1].ev.type, PLATFORM_EV_KEY_UP); /* key: a press and a release */
    assert_int_equal(s.steps[0].ev.key, PLATFORM_KEY_RIGHT);
    assert_int_equal(s.steps[2].ev.type, PLATFORM_EV_POINTER_DOWN); /* tap: down, up */
    assert_int_equal(s.steps[2].ev.x, 10);
    assert_int_equal(s.steps[3].ev.type, PLATFORM_EV_POINTER_UP);
    assert_int_equal(s.steps[3].ev.y, 20);
    assert_int_equal(s.steps[4].ev.type, PLATFORM_EV_POINTER_DOWN); /* swipe: down, move, up */
    assert_true(s.steps[4].is_relative);
    assert_true(s.steps[6].ev.x < s.steps[4].ev.x); /* to the left */
    assert_string_equal(s.steps[7].ev.text, "hello world");
    assert_int_equal(s.steps[8].ms, 250);
    assert_string_equal(s.steps[9].name, "p1");
    assert_int_equal(s.steps[10].ev.type, PLATFORM_EV_POINTER_DOWN); /* hold: down, wait, up */
    assert_int_equal(s.steps[11].ms, QUIRE_HOLD_MS);
    assert_int_equal(s.steps[12].ev.type, PLATFORM_EV_POINTER_UP);
    assert_int_equal(s.steps[13].ev.type, PLATFORM_EV_TEXT);
    assert_string_equal(s.steps[13].ev.text, "+");
    assert_int_equal(s.steps[14].type, HEADLESS_STEP_WAKE);
    assert_int_equal(s.steps[15].ev.type, PLATFORM_EV_QUIT);
    assert_int_equal(s.steps[16].ev.type, PLATFORM_EV_SYNC);
    assert_int_equal(s.steps[17].type, HEADLESS_STEP_AWAIT);
    assert_int_equal(s.steps[18].type, HEADLESS_STEP_SLEEP);
    assert_int_equal(s.steps[18].ms, 40);
    assert_int_equal(s.steps[19].ev.type, PLATFORM_EV_KEY);
    assert_int_equal(s.steps[19].ev.key, PLATFORM_KEY_PREV);
    assert_int_equal(s.steps[20].ev.type, PLATFORM_EV_KEY_UP);
    assert_int_equal(s.steps[20].ev.key, PLATFORM_KEY_BACK);
    assert_int_equal(s.steps[21].type, HEADLESS_STEP_IDLE);
    assert_int_equal(s.steps[21].ms, 70);
    assert_int_equal(s.steps[22].type, HEADLESS_STEP_SUSPEND);
    assert_int_equal(s.steps[22].ms, 9);
    headless_script_fini(&s);
}

static void expect_script_error(const char *text, const char *needle)
{
    struct headless_script s;
    struct quire_err err = {0};
    assert_int_equal(headless_script_parse("bad.txt", text, strlen(text), &s, &err), QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "bad.txt:"));
    assert_non_null(strstr(err.msg, needle));
    assert_int_equal(s.count, 0);
}

static void test_script_errors(void **state)
{
    expect_script_error("key right\nfly away\n", ":2: unknown command");
    expect_script_error("key sideways\n", "unknown key");
    expect_script_error("tap 10\n", "tap wants");
    expect_script_error("swipe diagonal\n", "swipe wants");
    expect_script_error("wait -5\n", "wait wants");
    expect_script_error("shot ../etc\n", "shot wants");
    expect_script_error("sync later\n", "sync wants 'now'");
    expect_script_error("await godot\n", "await wants 'sync'");
    expect_script_error("sleep forever\n", "sleep wants");
    expect_script_error("idle -1\n", "idle wants");
    expect_script_error("suspend 1h\n", "suspend wants");
    expect_script_error("keydown plus\n", "types no text");
}

static long count_lines(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    long n = 0;
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

static void test_headless_end_to_end(void **state)
{
    char dir[] = "/tmp/quire-plat-XXXXXX", script[128], trace[128], log[128], shot[128];
    assert_non_null(mkdtemp(dir));
    snprintf(script, sizeof script, "%s/s.txt", dir);
    snprintf(trace, sizeof trace, "%s/trace.jsonl", dir);
    snprintf(log, sizeof log, "%s/refresh.jsonl", dir);
    snprintf(shot, sizeof shot, "%s/one.png", dir);
    FILE *f = fopen(script, "w");
    fputs("wait 1000\nshot one\nkey left\n", f);
    fclose(f);
    struct platform_options o = {
        .profile = platform_profile_find("waveshare-7in5"), .out_dir = dir, .script_path = script};
    struct platform *p;
    assert_int_equal(platform_create("headless", &o, trace, log, &p, NULL), QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 800, 480, NULL), QUIRE_OK);
    for (int x = 0; x < 800; x++)
        c.pixels[x] = (uint8_t)(x % 256); /* a gradient row: the panel has 2 levels */
    struct render_update u = {RENDER_UPDATE_PARTIAL, {0, 0, 800, 1}, 800};
    struct platform_frame_meta m = {"reader", 7, 1, 3, "0:0", "en", NULL};
    platform_frame_meta_set(p, &m);
    assert_int_equal(platform_present(p, &c, &u, NULL), QUIRE_OK);
    struct render_update off = {RENDER_UPDATE_PARTIAL, {700, 0, 200, 1}, 0};
    struct quire_err err = {0};
    assert_int_equal(platform_present(p, &c, &off, &err), QUIRE_EINVAL);
    struct platform_event ev;
    int64_t t0 = platform_clock_ms(p);
    assert_int_equal(platform_wait_event(p, -1, &ev, NULL), QUIRE_OK);
    assert_int_equal(ev.type, PLATFORM_EV_NONE);
    assert_int_equal(platform_clock_ms(p) - t0, 1000);
    assert_int_equal(platform_wait_event(p, -1, &ev, NULL), QUIRE_OK);
    assert_int_equal(ev.type, PLATFORM_EV_KEY); /* the shot was taken on the way */
    assert_int_equal(platform_wait_event(p, -1, &ev, NULL), QUIRE_OK);
    assert_int_equal(ev.type, PLATFORM_EV_KEY_UP); /* `key` is a press and its release */
    assert_int_equal(platform_wait_event(p, -1, &ev, NULL), QUIRE_OK);
    assert_int_equal(ev.type, PLATFORM_EV_QUIT);
    platform_destroy(p);
    struct canvas s;
    assert_int_equal(render_png_read(shot, &s, NULL), QUIRE_OK);
    assert_int_equal(s.w, 800);
    assert_int_equal(s.h, 480);
    assert_int_equal(render_canvas_count_levels(&s), 2);
    assert_int_equal(count_lines(trace, "\"kind\":\"partial\""), 1);
    assert_int_equal(count_lines(trace, "\"article\":7,\"page\":1,\"pages\":3"), 1);
    assert_int_equal(count_lines(log, "\"w\":800,\"h\":1,\"pixels\":800"), 1);
    render_canvas_fini(&s);
    render_canvas_fini(&c);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A fast (A2/DU) update shows only black and white, even on a 16-level panel. */
static void test_headless_fast_update_is_black_and_white(void **state)
{
    char dir[] = "/tmp/quire-fast-XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.png", dir);
    struct platform_options o = {.profile = platform_profile_find("kindle-basic")};
    struct platform *p;
    assert_int_equal(platform_create("headless", &o, NULL, NULL, &p, NULL), QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 600, 800, NULL), QUIRE_OK);
    for (int y = 0; y < 800; y++)
        for (int x = 0; x < 600; x++)
            c.pixels[y * c.stride + x] = (uint8_t)(x * 255 / 599);
    struct render_update fast = {RENDER_UPDATE_FAST, {0, 0, 600, 100}, 0};
    struct render_update partial = {RENDER_UPDATE_PARTIAL, {0, 100, 600, 100}, 0};
    assert_int_equal(platform_present(p, &c, &fast, NULL), QUIRE_OK);
    assert_int_equal(platform_present(p, &c, &partial, NULL), QUIRE_OK);
    assert_int_equal(platform_screenshot(p, path, NULL), QUIRE_OK);
    platform_destroy(p);
    struct canvas s;
    assert_int_equal(render_png_read(path, &s, NULL), QUIRE_OK);
    struct canvas top = {600, 100, s.stride, s.pixels};
    struct canvas mid = {600, 100, s.stride, s.pixels + 100 * s.stride};
    assert_int_equal(render_canvas_count_levels(&top), 2);
    assert_int_equal(render_canvas_count_levels(&mid), 16);
    render_canvas_fini(&s);
    render_canvas_fini(&c);
    unlink(path);
    rmdir(dir);
}

static void test_unknown_backend(void **state)
{
    struct platform_options o = {.profile = platform_profile_find("kobo-clara")};
    struct platform *p = (void *)1;
    struct quire_err err = {0};
    assert_int_equal(platform_create("vga", &o, NULL, NULL, &p, &err), QUIRE_EINVAL);
    assert_null(p);
    assert_non_null(strstr(err.msg, "headless"));
}

/* The emulator draws the panel letterboxed above a HUD: window points (mouse, or touch scaled
 * from 0..1) map through that rect, and points in the bars or the HUD hit no panel pixel. */
static void test_window_to_panel(void **state)
{
    /* Window 800x900 with a 90 px HUD: a 1072x1448 panel scaled to 600x810, centred. */
    struct render_rect dst = {100, 0, 600, 810};
    int px, py;
    assert_true(platform_window_to_panel(dst, 1072, 1448, 0.5 * 800, 0.45 * 900, &px, &py));
    assert_int_equal(px, 536);
    assert_int_equal(py, 724);
    assert_true(platform_window_to_panel(dst, 1072, 1448, 100, 0, &px, &py));
    assert_int_equal(px, 0);
    assert_int_equal(py, 0);
    assert_false(platform_window_to_panel(dst, 1072, 1448, 50, 400, &px, &py));  /* bar */
    assert_false(platform_window_to_panel(dst, 1072, 1448, 400, 850, &px, &py)); /* HUD */
    assert_false(platform_window_to_panel((struct render_rect){0, 0, 0, 0}, 1, 1, 0, 0, &px, &py));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_feed_image_width_is_widest_profile),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_script_parses),
        cmocka_unit_test(test_script_errors),
        cmocka_unit_test(test_headless_end_to_end),
        cmocka_unit_test(test_unknown_backend),
        cmocka_unit_test(test_window_to_panel),
        cmocka_unit_test(test_headless_fast_update_is_black_and_white),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
