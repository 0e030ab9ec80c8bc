/* Tests of the e-paper backend against the panel simulators (epaper_sim.c): the drivers'
 * traffic is decoded back into the panel's picture and compared with the frame, for a full
 * refresh and a partial one on each controller; the IT8951 that reports another size, a panel
 * stuck busy and spidev devices that cannot be used fail with one clear message. None of this
 * has run on a panel: the simulators stand in for the Waveshare 7.5" V2 and the IT8951. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "epaper.h"
#include "epaper_sim.h"
#include "quire_util.h"

/* White paper with a black block of "text", a gray ramp and a dark bar. */
static void draw_page(struct canvas *c, int seed)
{
    render_canvas_fill(c, (struct render_rect){0, 0, c->w, c->h}, 255);
    render_canvas_fill(c, (struct render_rect){40 + seed, 40, c->w / 3, 60}, 0);
    for (int y = c->h / 2; y < c->h / 2 + 40; y++)
        for (int x = 0; x < c->w; x++)
            c->pixels[(size_t)y * c->stride + x] = (uint8_t)(x * 255 / (c->w - 1));
    render_canvas_fill(c, (struct render_rect){c->w - 120, c->h - 90 - seed, 77, 50}, 30);
}

static struct platform *open_on_sim(const char *profile, struct epaper_sim *sim,
                                    struct quire_err *err, enum quire_status *st)
{
    struct platform *p = quire_calloc(1, sizeof *p);
    struct platform_options o = {.profile = platform_profile_find(profile)};
    assert_non_null(o.profile);
    p->profile = *o.profile;
    p->name = "epaper";
    struct epaper_transport t = epaper_sim_transport(sim);
    *st = epaper_open_on(p, &o, &t, err);
    if (*st) {
        quire_free(p);
        return NULL;
    }
    return p;
}

/* Every panel pixel inside r shows frame as the controller can (expect), and outside r it
 * still shows before. */
static void assert_panel(const struct epaper_sim *s, const struct canvas *frame,
                         const uint8_t *before, struct render_rect r)
{
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            bool is_in = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
            uint8_t v = frame->pixels[(size_t)y * frame->stride + x];
            uint8_t want = s->kind == SIM_IT8951      ? (uint8_t)(epaper_gray4(v) * 17)
                           : epaper_is_black(v, x, y) ? 0
                                                      : 255;
            if (!is_in)
                want = before[(size_t)y * s->w + x];
            if (s->panel[(size_t)y * s->w + x] != want)
                fail_msg("panel (%d,%d) shows %u, want %u", x, y, s->panel[(size_t)y * s->w + x],
                         want);
        }
}

static void present(struct platform *p, const struct canvas *c, struct render_rect r,
                    enum render_update_kind kind)
{
    struct render_update u = {kind, r, (int64_t)r.w * r.h};
    struct quire_err err = {0};
    assert_int_equal(platform_present(p, c, &u, &err), QUIRE_OK);
}

static void full_then_partial(const char *profile, enum epaper_sim_kind kind, int w, int h,
                              struct render_rect part, struct render_rect aligned)
{
    struct epaper_sim sim;
    epaper_sim_init(&sim, kind, w, h);
    struct quire_err err = {0};
    enum quire_status st;
    struct platform *p = open_on_sim(profile, &sim, &err, &st);
    assert_int_equal(st, QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, w, h, NULL), QUIRE_OK);
    draw_page(&c, 0);
    present(p, &c, (struct render_rect){0, 0, w, h}, RENDER_UPDATE_FULL);
    assert_string_equal(sim.error, "");
    assert_int_equal(sim.n_displays, 1);
    assert_panel(&sim, &c, sim.panel, (struct render_rect){0, 0, w, h});
    uint8_t *before = malloc((size_t)w * h);
    memcpy(before, sim.panel, (size_t)w * h);
    draw_page(&c, 13); /* the whole frame changes; only part is sent */
    present(p, &c, part, RENDER_UPDATE_PARTIAL);
    assert_string_equal(sim.error, "");
    assert_int_equal(sim.n_displays, 2);
    struct epaper_sim_display d = sim.displays[1];
    assert_int_equal(d.x, aligned.x);
    assert_int_equal(d.y, aligned.y);
    assert_int_equal(d.w, aligned.w);
    assert_int_equal(d.h, aligned.h);
    assert_panel(&sim, &c, before, aligned);
    platform_destroy(p);
    assert_true(sim.is_asleep); /* closing puts the panel to sleep */
    assert_true(sim.recording_len > (size_t)w * h / 8);
    render_canvas_fini(&c);
    free(before);
    epaper_sim_fini(&sim);
}

static void test_waveshare_full_and_partial(void **state)
{
    /* A partial window starts and ends on 8-px columns. */
    full_then_partial("waveshare-7in5", SIM_WAVESHARE, 800, 480,
                      (struct render_rect){37, 21, 250, 99}, (struct render_rect){32, 21, 256, 99});
}

static void test_waveshare_modes(void **state)
{
    struct epaper_sim sim;
    epaper_sim_init(&sim, SIM_WAVESHARE, 800, 480);
    struct quire_err err = {0};
    enum quire_status st;
    struct platform *p = open_on_sim("waveshare-7in5", &sim, &err, &st);
    assert_int_equal(st, QUIRE_OK);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 800, 480, NULL), QUIRE_OK);
    draw_page(&c, 0);
    /* The first picture is a full refresh whatever was asked: the panel's old data must be
     * the truth before a partial one can be. Then partial stays partial, full flashes. */
    present(p, &c, (struct render_rect){8, 8, 16, 16}, RENDER_UPDATE_PARTIAL);
    present(p, &c, (struct render_rect){8, 8, 16, 16}, RENDER_UPDATE_FAST);
    present(p, &c, (struct render_rect){0, 0, 800, 480}, RENDER_UPDATE_FULL);
    assert_int_equal(sim.n_displays, 3);
    assert_int_equal(sim.displays[0].mode, 0);
    assert_int_equal(sim.displays[0].w, 800);
    assert_int_equal(sim.displays[1].mode, 1);
    assert_int_equal(sim.displays[2].mode, 0);
    assert_string_equal(sim.error, "");
    platform_destroy(p);
    render_canvas_fini(&c);
    epaper_sim_fini(&sim);
}

static void test_it8951_full_and_partial(void **state)
{
    /* A load area starts and ends on 4-px columns (four pixels a word). */
    full_then_partial("kiosk-13in", SIM_IT8951, 1600, 1200, (struct render_rect){101, 250, 333, 77},
                      (struct render_rect){100, 250, 336, 77});
}

static void test_it8951_setup_and_modes(void **state)
{
    struct epaper_sim sim;
    epaper_sim_init(&sim, SIM_IT8951, 1872, 1404);
    struct quire_err err = {0};
    enum quire_status st;
    struct platform *p = open_on_sim("it8951-10in3", &sim, &err, &st);
    assert_int_equal(st, QUIRE_OK);
    assert_int_equal(sim.i80cpcr, 1);
    assert_int_equal(sim.vcom, 1500);
    struct canvas c;
    assert_int_equal(render_canvas_init(&c, 1872, 1404, NULL), QUIRE_OK);
    draw_page(&c, 0);
    present(p, &c, (struct render_rect){0, 0, 1872, 1404}, RENDER_UPDATE_FULL);
    present(p, &c, (struct render_rect){0, 0, 64, 64}, RENDER_UPDATE_FAST);
    present(p, &c, (struct render_rect){0, 0, 64, 64}, RENDER_UPDATE_PARTIAL);
    present(p, &c, (struct render_rect){0, 0, 64, 64}, RENDER_UPDATE_FLASH);
    /* INIT clears the first time, then DU, GL16, GC16 as the kinds ask. */
    int want[] = {0, 1, 3, 2};
    assert_int_equal(sim.n_displays, 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(sim.displays[i].mode, want[i]);
    assert_string_equal(sim.error, "");
    platform_destroy(p);
    render_canvas_fini(&c);
    epaper_sim_fini(&sim);
}

static void test_it8951_wrong_size_is_refused(void **state)
{
    struct epaper_sim sim;
    epaper_sim_init(&sim, SIM_IT8951, 1600, 1200);
    sim.report_w = 1872, sim.report_h = 1404;
    struct quire_err err = {0};
    enum quire_status st;
    assert_null(open_on_sim("kiosk-13in", &sim, &err, &st));
    assert_int_equal(st, QUIRE_EINVAL);
    assert_string_equal(err.msg, "it8951: the panel reports 1872x1404 but profile kiosk-13in is "
                                 "1600x1200");
    assert_int_equal(sim.n_displays, 0); /* nothing drawn on the wrong panel */
    epaper_sim_fini(&sim);
}

static void test_stuck_panel_times_out(void **state)
{
    const char *profiles[] = {"waveshare-7in5", "kiosk-13in"};
    enum epaper_sim_kind kinds[] = {SIM_WAVESHARE, SIM_IT8951};
    int w[] = {800, 1600}, h[] = {480, 1200};
    for (int i = 0; i < 2; i++) {
        struct epaper_sim sim;
        epaper_sim_init(&sim, kinds[i], w[i], h[i]);
        sim.is_stuck_busy = true;
        struct quire_err err = {0};
        enum quire_status st;
        assert_null(open_on_sim(profiles[i], &sim, &err, &st));
        assert_int_equal(st, QUIRE_ETIMEDOUT);
        assert_non_null(strstr(err.msg, "the panel stayed busy for"));
        assert_true(sim.virtual_ms >= 5000 && sim.virtual_ms <= 20000);
        epaper_sim_fini(&sim);
    }
}

static void test_unusable_spidev(void **state)
{
    struct platform_options o = {.profile = platform_profile_find("waveshare-7in5"),
                                 .spi_path = "/nonexistent/spidev0.0"};
    struct platform *p = NULL;
    struct quire_err err = {0};
    assert_int_equal(platform_create("epaper", &o, NULL, NULL, &p, &err), QUIRE_EIO);
    assert_null(p);
    assert_string_equal(err.msg, "/nonexistent/spidev0.0: No such file or directory");
    o.spi_path = "/dev/null"; /* a character device, but no SPI */
    assert_int_equal(platform_create("epaper", &o, NULL, NULL, &p, &err), QUIRE_EIO);
    assert_non_null(strstr(err.msg, "/dev/null: not a spidev device"));
    o.profile = platform_profile_find("kobo-clara");
    assert_int_equal(platform_create("epaper", &o, NULL, NULL, &p, &err), QUIRE_EINVAL);
    assert_non_null(strstr(err.msg, "profile kobo-clara is not an e-paper HAT"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_waveshare_full_and_partial),
        cmocka_unit_test(test_waveshare_modes),
        cmocka_unit_test(test_it8951_full_and_partial),
        cmocka_unit_test(test_it8951_setup_and_modes),
        cmocka_unit_test(test_it8951_wrong_size_is_refused),
        cmocka_unit_test(test_stuck_panel_times_out),
        cmocka_unit_test(test_unusable_spidev),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
