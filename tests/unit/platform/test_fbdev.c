/* Tests of the framebuffer backend without a panel: rotation, pixel formats, waveform mapping
 * and alignment, in-flight tracking, evdev decoding, and the backend end to end against a
 * plain file framebuffer and a file of recorded input events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fbdev_logic.h"
#include "quire_util.h"

static void test_rotation_of_rects_and_pixels(void **state)
{
    /* A landscape framebuffer 6x4 showing a portrait screen 4x6 turned a quarter. */
    struct fbdev_geometry g = {6, 4, 6, 8, 1};
    int w, h;
    fbdev_screen_size(&g, &w, &h);
    assert_int_equal(w, 4);
    assert_int_equal(h, 6);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 4, 6, NULL), QUIRE_OK);
    c.pixels[0] = 10;         /* screen (0,0) */
    c.pixels[1 * 4 + 3] = 20; /* screen (3,1) */
    uint8_t fb[24];
    memset(fb, 0, sizeof fb);
    fbdev_blit(&g, &c, (struct render_rect){0, 0, 4, 6}, fb);
    assert_int_equal(fb[0 * 6 + 5], 10); /* (0,0) -> fb (H-1-0, 0) = (5,0) */
    assert_int_equal(fb[3 * 6 + 4], 20); /* (3,1) -> fb (4, 3) */
    struct render_rect r = fbdev_rotate_rect(&g, (struct render_rect){3, 1, 1, 1});
    assert_memory_equal(&r, (&(struct render_rect){4, 3, 1, 1}), sizeof r);
    g.rotation = 2;
    g.xres = 4, g.yres = 6, g.stride = 4;
    r = fbdev_rotate_rect(&g, (struct render_rect){0, 0, 1, 2});
    assert_memory_equal(&r, (&(struct render_rect){3, 4, 1, 2}), sizeof r);
    g.rotation = 3;
    g.xres = 6, g.yres = 4, g.stride = 6;
    r = fbdev_rotate_rect(&g, (struct render_rect){3, 1, 1, 1});
    assert_memory_equal(&r, (&(struct render_rect){1, 0, 1, 1}), sizeof r);
    render_canvas_fini(&c);
}

static void test_pixel_formats(void **state)
{
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 2, 1, NULL), QUIRE_OK);
    c.pixels[0] = 0;
    c.pixels[1] = 255;
    struct fbdev_geometry g16 = {2, 1, 4, 16, 0};
    uint16_t fb16[2] = {0x1234, 0x1234};
    fbdev_blit(&g16, &c, (struct render_rect){0, 0, 2, 1}, (uint8_t *)fb16);
    assert_int_equal(fb16[0], 0x0000);
    assert_int_equal(fb16[1], 0xFFFF);
    struct fbdev_geometry g32 = {2, 1, 8, 32, 0};
    uint32_t fb32[2] = {0, 0};
    c.pixels[0] = 0x80;
    fbdev_blit(&g32, &c, (struct render_rect){0, 0, 2, 1}, (uint8_t *)fb32);
    assert_int_equal(fb32[0], 0xFF808080u);
    assert_int_equal(fb32[1], 0xFFFFFFFFu);
    render_canvas_fini(&c);
}

static void test_waveforms_and_alignment(void **state)
{
    struct fbdev_geometry g = {100, 80, 100, 8, 0};
    struct epdc_update u =
        fbdev_update_make(&g, RENDER_UPDATE_FULL, (struct render_rect){0, 0, 100, 80}, 7);
    assert_int_equal(u.waveform, EPDC_WAVEFORM_GC16);
    assert_int_equal(u.update_mode, EPDC_MODE_FULL);
    assert_int_equal(u.marker, 7);
    u = fbdev_update_make(&g, RENDER_UPDATE_PARTIAL, (struct render_rect){3, 5, 10, 10}, 8);
    assert_int_equal(u.waveform, EPDC_WAVEFORM_GL16);
    assert_int_equal(u.update_mode, EPDC_MODE_PARTIAL);
    assert_int_equal(u.region.left, 3);
    assert_int_equal(u.region.top, 5);
    u = fbdev_update_make(&g, RENDER_UPDATE_FAST, (struct render_rect){3, 5, 10, 74}, 9);
    assert_int_equal(u.waveform, EPDC_WAVEFORM_DU);
    assert_int_equal(u.region.left, 0);
    assert_int_equal(u.region.top, 0);
    assert_int_equal(u.region.width, 16);
    assert_int_equal(u.region.height, 80); /* aligned to 80, clipped at the edge */
}

static void test_inflight(void **state)
{
    struct fbdev_inflight f = {0};
    uint32_t out[FBDEV_INFLIGHT_MAX], ev;
    fbdev_inflight_add(&f, 1, (struct render_rect){0, 0, 10, 10}, &ev);
    fbdev_inflight_add(&f, 2, (struct render_rect){50, 50, 10, 10}, &ev);
    assert_int_equal(ev, 0);
    assert_int_equal(fbdev_inflight_take_overlapping(&f, (struct render_rect){5, 5, 2, 2}, out), 1);
    assert_int_equal(out[0], 1);
    assert_int_equal(f.count, 1);
    assert_int_equal(fbdev_inflight_take_overlapping(&f, (struct render_rect){20, 20, 2, 2}, out),
                     0);
    for (uint32_t m = 3; m < 3 + FBDEV_INFLIGHT_MAX; m++)
        fbdev_inflight_add(&f, m, (struct render_rect){0, 0, 1, 1}, &ev);
    assert_int_equal(ev, 2); /* the oldest had to go: the caller waits for it */
}

/* Feeds evs; out[0..*got) are the events they completed (at most 8). */
static void feed_all(struct fbdev_input *in, const struct fbdev_raw_event *evs, int n,
                     struct platform_event *out, int *got)
{
    *got = 0;
    for (int i = 0; i < n; i++)
        if (fbdev_input_feed(in, &evs[i], &out[*got < 7 ? *got : 7]))
            (*got)++;
}

static void test_evdev_decoding(void **state)
{
    struct fbdev_input in;
    struct fbdev_touch_transform t = {.max_x = 999, .max_y = 999};
    fbdev_input_init(&in, 1000, 1000, &t);
    struct platform_event evs[8], ev;
    int got;
    const struct fbdev_raw_event key[] = {{EV_KEY, KEY_F24, 1},
                                          {EV_SYN, SYN_REPORT, 0},
                                          {EV_KEY, KEY_F24, 0},
                                          {EV_SYN, SYN_REPORT, 0}};
    feed_all(&in, key, 4, evs, &got);
    assert_int_equal(got, 2); /* the press, and its release (a kiosk's exit combination) */
    assert_int_equal(evs[0].type, PLATFORM_EV_KEY);
    assert_int_equal(evs[0].key, PLATFORM_KEY_NEXT);
    assert_int_equal(evs[1].type, PLATFORM_EV_KEY_UP);
    assert_int_equal(evs[1].key, PLATFORM_KEY_NEXT);
    const struct fbdev_raw_event tap[] = {
        {EV_ABS, ABS_MT_TRACKING_ID, 5},  {EV_ABS, ABS_MT_POSITION_X, 100},
        {EV_ABS, ABS_MT_POSITION_Y, 500}, {EV_SYN, SYN_REPORT, 0},
        {EV_ABS, ABS_MT_TRACKING_ID, -1}, {EV_SYN, SYN_REPORT, 0}};
    /* Contacts come out raw: what they mean is app/ui's (ui_gesture). */
    feed_all(&in, tap, 6, evs, &got);
    assert_int_equal(got, 2);
    assert_int_equal(evs[0].type, PLATFORM_EV_POINTER_DOWN);
    assert_int_equal(evs[0].x, 100);
    assert_int_equal(evs[0].y, 500);
    assert_int_equal(evs[1].type, PLATFORM_EV_POINTER_UP);
    assert_int_equal(evs[1].x, 100);
    const struct fbdev_raw_event swipe[] = {{EV_KEY, BTN_TOUCH, 1}, {EV_ABS, ABS_X, 800},
                                            {EV_ABS, ABS_Y, 500},   {EV_SYN, SYN_REPORT, 0},
                                            {EV_ABS, ABS_X, 200},   {EV_SYN, SYN_REPORT, 0},
                                            {EV_KEY, BTN_TOUCH, 0}, {EV_SYN, SYN_REPORT, 0}};
    feed_all(&in, swipe, 8, evs, &got);
    assert_int_equal(got, 3);
    assert_int_equal(evs[0].type, PLATFORM_EV_POINTER_DOWN);
    assert_int_equal(evs[1].type, PLATFORM_EV_POINTER_MOVE);
    assert_int_equal(evs[1].x, 200);
    assert_int_equal(evs[2].type, PLATFORM_EV_POINTER_UP);
    assert_int_equal(evs[2].x, 200);
    /* a panel mounted with swapped, mirrored axes */
    t = (struct fbdev_touch_transform){999, 999, true, true, false};
    fbdev_input_init(&in, 1000, 1000, &t);
    feed_all(&in, tap, 6, evs, &got);
    ev = evs[0];
    assert_int_equal(ev.x, 999 - 500);
    assert_int_equal(ev.y, 100);
}

/* The framebuffer the kernel reports must be the profile's panel: turned either way it is, of
 * another size it is refused with one line naming the device, both sizes and the profile. */
static void test_panel_of_another_size_is_refused(void **state)
{
    const struct platform_profile *pr = platform_profile_find("kobo-clara"); /* 1072x1448 */
    struct quire_err err = {0};
    struct fbdev_geometry portrait = {1072, 1448, 1088, 8, 0};
    struct fbdev_geometry landscape_turned = {1448, 1072, 1472, 16, 3};
    struct fbdev_geometry landscape = {1448, 1072, 1472, 16, 0}; /* the reader sees 1448x1072 */
    assert_int_equal(fbdev_check_panel(&portrait, pr, "/dev/fb0", &err), QUIRE_OK);
    assert_int_equal(fbdev_check_panel(&landscape_turned, pr, "/dev/fb0", &err), QUIRE_OK);
    assert_int_equal(fbdev_check_panel(&landscape, pr, "/dev/fb0", &err), QUIRE_OK);
    struct fbdev_geometry libra = {1264, 1680, 1280, 8, 0};
    assert_int_equal(fbdev_check_panel(&libra, pr, "/dev/fb0", &err), QUIRE_EINVAL);
    assert_string_equal(err.msg, "/dev/fb0: the panel is 1264x1680 but profile kobo-clara is "
                                 "1072x1448");
    struct fbdev_geometry half = {1072, 724, 1088, 8, 0};
    assert_int_equal(fbdev_check_panel(&half, pr, "/dev/fb0", &err), QUIRE_EINVAL);
}

static void test_backend_on_plain_files(void **state)
{
    char dir[] = "/tmp/quire-fb-XXXXXX", fb[128], input[128];
    assert_non_null(mkdtemp(dir));
    snprintf(fb, sizeof fb, "%s/fb0", dir);
    snprintf(input, sizeof input, "%s/events", dir);
    FILE *f = fopen(input, "wb");
    struct input_event rec[] = {{.type = EV_KEY, .code = KEY_PAGEDOWN, .value = 1},
                                {.type = EV_SYN, .code = SYN_REPORT}};
    fwrite(rec, sizeof rec[0], 2, f);
    fputs("xx", f); /* a torn record at the end reads as the end */
    fclose(f);
    fclose(fopen(fb, "wb"));
    const struct platform_profile *pr = platform_profile_find("kindle-basic");
    struct platform_options o = {.profile = pr, .fb_path = fb, .input_path = input};
    struct platform *p;
    assert_int_equal(platform_create("fbdev", &o, NULL, NULL, &p, NULL), QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, pr->w, pr->h, NULL), QUIRE_OK);
    render_canvas_fill(&c, (struct render_rect){10, 20, 30, 40}, 0);
    struct render_update u = {RENDER_UPDATE_PARTIAL, {0, 0, pr->w, pr->h}, 1200};
    assert_int_equal(platform_present(p, &c, &u, NULL), QUIRE_OK);
    struct platform_event ev;
    assert_int_equal(platform_wait_event(p, 100, &ev, NULL), QUIRE_OK);
    assert_int_equal(ev.type, PLATFORM_EV_KEY);
    assert_int_equal(ev.key, PLATFORM_KEY_NEXT);
    assert_int_equal(platform_wait_event(p, 100, &ev, NULL), QUIRE_OK);
    assert_int_equal(ev.type, PLATFORM_EV_QUIT);
    platform_destroy(p);
    char *data;
    size_t len;
    assert_int_equal(quire_file_read(fb, 1 << 24, &data, &len, NULL), QUIRE_OK);
    assert_int_equal(len, (size_t)pr->w * pr->h);
    assert_memory_equal(data, c.pixels, len);
    quire_free(data);
    /* A plain file journals the ioctl a device would get: one Mark 7 (Kindle) update. */
    char journal[160];
    snprintf(journal, sizeof journal, "%s.epdc", fb);
    assert_int_equal(quire_file_read(journal, 1 << 20, &data, &len, NULL), QUIRE_OK);
    assert_int_equal(len, 12 + sizeof(struct epdc_update_mark7));
    uint32_t head[2];
    memcpy(head, data + 4, sizeof head);
    assert_memory_equal(data, "EPDC", 4);
    assert_int_equal(head[0], (uint32_t)EPDC_IOC_SEND_UPDATE_MARK7);
    assert_int_equal(head[1], sizeof(struct epdc_update_mark7));
    quire_free(data);
    unlink(journal);
    render_canvas_fini(&c);
    struct quire_err err = {0};
    o.fb_path = "/nonexistent/fb0";
    assert_int_equal(platform_create("fbdev", &o, NULL, NULL, &p, &err), QUIRE_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/fb0"));
    unlink(fb);
    unlink(input);
    assert_int_equal(rmdir(dir), 0); /* nothing else left behind */
}

/* The ioctl numbers real kernels expect, written out as constants (not computed with _IOW):
 * direction and size are part of the number, so a wrong struct layout gets EINVAL/ENOTTY. */
_Static_assert(sizeof(struct epdc_update_mark7) == 72, "Mark 7/Kindle update");
_Static_assert(sizeof(struct epdc_update_mark6) == 68, "Mark 3-6 update");
_Static_assert(sizeof(struct epdc_marker_data) == 8, "update marker data");
_Static_assert(offsetof(struct epdc_update_mark7, dither_mode) == 36, "dither after flags");
_Static_assert(offsetof(struct epdc_update_mark7, alt) == 44, "alt buffer after quant_bit");
_Static_assert(offsetof(struct epdc_update_mark6, alt) == 36, "no dither fields");

static void test_epdc_ioctl_numbers(void **state)
{
    assert_int_equal(EPDC_IOC_SEND_UPDATE_MARK7, 0x4048462EUL);
    assert_int_equal(EPDC_IOC_WAIT_MARK7, 0xC008462FUL);
    assert_int_equal(EPDC_IOC_SEND_UPDATE_MARK6, 0x4044462EUL);
    assert_int_equal(EPDC_IOC_WAIT_MARK6, 0x4004462FUL);
    struct epdc_update u = {
        {10, 20, 30, 40}, EPDC_WAVEFORM_GL16, EPDC_MODE_PARTIAL, 7, EPDC_TEMP_AMBIENT, 0};
    struct fbdev_epdc_call c;
    /* Kobo Clara and Libra are Mark 7, the Kindle profile the Kindle layout: 72 bytes. */
    const char *mark7[] = {"kobo-clara", "kobo-libra", "kindle-basic"};
    for (size_t i = 0; i < 3; i++) {
        enum epdc_abi abi = fbdev_epdc_abi_for_profile(mark7[i]);
        assert_true(abi == (i < 2 ? EPDC_ABI_KOBO_MARK7 : EPDC_ABI_KINDLE));
        fbdev_epdc_send_encode(abi, &u, &c);
        assert_int_equal(c.request, 0x4048462EUL);
        assert_int_equal(c.size, 72);
        assert_int_equal(c.arg.mark7.region.top, 10);
        assert_int_equal(c.arg.mark7.region.height, 40);
        assert_int_equal(c.arg.mark7.waveform, EPDC_WAVEFORM_GL16);
        assert_int_equal(c.arg.mark7.marker, 7);
        assert_int_equal(c.arg.mark7.temperature, EPDC_TEMP_AMBIENT);
        assert_int_equal(c.arg.mark7.dither_mode, 0);
        fbdev_epdc_wait_encode(abi, 7, &c);
        assert_int_equal(c.request, 0xC008462FUL);
        assert_int_equal(c.size, 8);
        assert_int_equal(c.arg.marker_data.marker, 7);
        assert_int_equal(c.arg.marker_data.collision_test, 0);
    }
    fbdev_epdc_send_encode(EPDC_ABI_KOBO_MARK6, &u, &c);
    assert_int_equal(c.request, 0x4044462EUL);
    assert_int_equal(c.size, 68);
    assert_int_equal(c.arg.mark6.marker, 7);
    assert_int_equal(c.arg.mark6.alt.virt_addr, 0);
    fbdev_epdc_wait_encode(EPDC_ABI_KOBO_MARK6, 9, &c);
    assert_int_equal(c.request, 0x4004462FUL);
    assert_int_equal(c.size, 4);
    assert_int_equal(c.arg.marker, 9);
}

static void test_wait_failures_are_logged_once(void **state)
{
    bool has_logged = false;
    assert_false(fbdev_wait_failure_should_log(ETIMEDOUT, &has_logged)); /* done: no error */
    assert_false(has_logged);
    assert_true(fbdev_wait_failure_should_log(EINVAL, &has_logged));
    assert_false(fbdev_wait_failure_should_log(ENOTTY, &has_logged)); /* once per session */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotation_of_rects_and_pixels),
        cmocka_unit_test(test_pixel_formats),
        cmocka_unit_test(test_waveforms_and_alignment),
        cmocka_unit_test(test_inflight),
        cmocka_unit_test(test_evdev_decoding),
        cmocka_unit_test(test_panel_of_another_size_is_refused),
        cmocka_unit_test(test_backend_on_plain_files),
        cmocka_unit_test(test_epdc_ioctl_numbers),
        cmocka_unit_test(test_wait_failures_are_logged_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
