/* epaper_waveshare: the Waveshare 7.5" V2 e-Paper HAT (800x480, black and white; its
 * controller is of the UC8179/GD7965 family). One command byte with D/C low, then its data
 * with D/C high. A full refresh sends the picture shown now as the "old" data (0x10) and the
 * new one (0x13), then refreshes (0x12) with a flash; a partial one enters the partial mode
 * (0x91), sets a window on 8-px columns (0x90), sends only the window's new data and
 * refreshes it without a flash. Register 0x50's DDX bits set the data's polarity: 00 for the
 * full refresh (a 1 is black), 01 with new-to-old copy for the partial one (a 1 is white), as
 * the vendor's examples do. BUSY reads 0 while the controller works. */
#include <stdlib.h>
#include <string.h>

#include "epaper.h"
#include "quire_util.h"

enum {
    WS_PANEL_SETTING = 0x00,
    WS_POWER_SETTING = 0x01,
    WS_POWER_OFF = 0x02,
    WS_POWER_ON = 0x04,
    WS_BOOSTER = 0x06,
    WS_DEEP_SLEEP = 0x07,
    WS_OLD_DATA = 0x10,
    WS_REFRESH = 0x12,
    WS_NEW_DATA = 0x13,
    WS_DUAL_SPI = 0x15,
    WS_VCOM_DATA_INTERVAL = 0x50,
    WS_TCON = 0x60,
    WS_RESOLUTION = 0x61,
    WS_PARTIAL_WINDOW = 0x90,
    WS_PARTIAL_IN = 0x91,
    WS_PARTIAL_OUT = 0x92,
};
#define WS_BUSY_MS    15000 /* a full refresh takes about 4 s; 15 s means the panel is gone */
#define WS_READY      1     /* BUSY high: idle */
#define WS_BYTES_LINE (800 / 8)

static enum quire_status send(struct epaper *e, int dc, const uint8_t *buf, size_t n,
                              struct quire_err *err)
{
    e->t.pin_set(e->t.ctx, EPAPER_PIN_DC, dc);
    for (size_t done = 0; done < n;) {
        size_t chunk = n - done < EPAPER_TRANSFER_MAX ? n - done : EPAPER_TRANSFER_MAX;
        enum quire_status st = e->t.transfer(e->t.ctx, buf + done, NULL, chunk, err);
        if (st)
            return st;
        done += chunk;
    }
    return QUIRE_OK;
}

/* A command byte and its data bytes. */
static enum quire_status command(struct epaper *e, uint8_t cmd, const uint8_t *data, size_t n,
                                 struct quire_err *err)
{
    enum quire_status st = send(e, 0, &cmd, 1, err);
    return st || !n ? st : send(e, 1, data, n, err);
}

#define COMMAND(e, cmd, err, ...)                                                                  \
    command(e, cmd, (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), err)

static enum quire_status ws_init(struct epaper *e, struct quire_err *err)
{
    int w = e->profile->w, h = e->profile->h;
    if (w != 800 || h != 480)
        return quire_err_set(err, QUIRE_EINVAL, "waveshare-7in5: the panel is 800x480, not %dx%d",
                             w, h);
    if (!(e->shown = quire_calloc(1, (size_t)WS_BYTES_LINE * h)))
        return quire_err_set(err, QUIRE_ENOMEM, "epaper: out of memory");
    memset(e->shown, 0xFF, (size_t)WS_BYTES_LINE * h); /* unknown: taken as white */
    e->t.pin_set(e->t.ctx, EPAPER_PIN_RST, 1);
    e->t.sleep_ms(e->t.ctx, 20);
    e->t.pin_set(e->t.ctx, EPAPER_PIN_RST, 0);
    e->t.sleep_ms(e->t.ctx, 2);
    e->t.pin_set(e->t.ctx, EPAPER_PIN_RST, 1);
    e->t.sleep_ms(e->t.ctx, 20);
    enum quire_status st = COMMAND(e, WS_POWER_SETTING, err, 0x07, 0x07, 0x3F, 0x3F);
    if (!st)
        st = COMMAND(e, WS_BOOSTER, err, 0x17, 0x17, 0x28, 0x17);
    if (!st)
        st = command(e, WS_POWER_ON, NULL, 0, err);
    if (!st)
        st = epaper_wait_pin(e, WS_READY, WS_BUSY_MS, "waveshare-7in5: power on", err);
    if (!st)
        st = COMMAND(e, WS_PANEL_SETTING, err, 0x1F); /* KW mode, LUT from OTP */
    if (!st)
        st = COMMAND(e, WS_RESOLUTION, err, w >> 8, w & 0xFF, h >> 8, h & 0xFF);
    if (!st)
        st = COMMAND(e, WS_DUAL_SPI, err, 0x00);
    if (!st)
        st = COMMAND(e, WS_TCON, err, 0x22);
    return st;
}

/* Packs row y, bytes bx0..bx1 of the frame: bit 7 is the leftmost pixel; a 1 is black, or white
 * when is_one_white. */
static void pack_row(const struct canvas *frame, int y, int bx0, int bx1, bool is_one_white,
                     uint8_t *out)
{
    const uint8_t *row = frame->pixels + (size_t)y * frame->stride;
    for (int bx = bx0; bx < bx1; bx++) {
        uint8_t b = 0;
        for (int i = 0; i < 8; i++)
            b |= (uint8_t)((epaper_is_black(row[bx * 8 + i], bx * 8 + i, y) != is_one_white)
                           << (7 - i));
        out[bx - bx0] = b;
    }
}

static enum quire_status refresh(struct epaper *e, struct quire_err *err)
{
    enum quire_status st = command(e, WS_REFRESH, NULL, 0, err);
    e->t.sleep_ms(e->t.ctx, 1); /* BUSY falls within 200 us of the command */
    return st ? st : epaper_wait_pin(e, WS_READY, WS_BUSY_MS, "waveshare-7in5: refresh", err);
}

static enum quire_status ws_full(struct epaper *e, const struct canvas *frame,
                                 struct quire_err *err)
{
    int h = e->profile->h;
    enum quire_status st = COMMAND(e, WS_VCOM_DATA_INTERVAL, err, 0x10, 0x07);
    if (!st)
        st = command(e, WS_OLD_DATA, NULL, 0, err);
    for (int y = 0; !st && y < h; y++) { /* the shown picture, a 1 white */
        uint8_t *row = e->shown + (size_t)y * WS_BYTES_LINE;
        st = send(e, 1, row, WS_BYTES_LINE, err);
    }
    if (!st)
        st = command(e, WS_NEW_DATA, NULL, 0, err);
    for (int y = 0; !st && y < h; y++) {
        pack_row(frame, y, 0, WS_BYTES_LINE, false, e->line);
        st = send(e, 1, e->line, WS_BYTES_LINE, err);
        pack_row(frame, y, 0, WS_BYTES_LINE, true, e->shown + (size_t)y * WS_BYTES_LINE);
    }
    return st ? st : refresh(e, err);
}

static enum quire_status ws_partial(struct epaper *e, const struct canvas *frame,
                                    struct render_rect r, struct quire_err *err)
{
    int bx0 = r.x / 8, bx1 = (r.x + r.w + 7) / 8;
    int xs = bx0 * 8, xe = bx1 * 8 - 1, ys = r.y, ye = r.y + r.h - 1;
    enum quire_status st = COMMAND(e, WS_VCOM_DATA_INTERVAL, err, 0xA9, 0x07);
    if (!st)
        st = command(e, WS_PARTIAL_IN, NULL, 0, err);
    if (!st)
        st = COMMAND(e, WS_PARTIAL_WINDOW, err, xs >> 8, xs & 0xFF, xe >> 8, xe & 0xFF, ys >> 8,
                     ys & 0xFF, ye >> 8, ye & 0xFF, 0x01);
    if (!st)
        st = command(e, WS_NEW_DATA, NULL, 0, err);
    for (int y = ys; !st && y <= ye; y++) {
        uint8_t *shown = e->shown + (size_t)y * WS_BYTES_LINE + bx0;
        pack_row(frame, y, bx0, bx1, true, shown);
        st = send(e, 1, shown, (size_t)(bx1 - bx0), err);
    }
    if (!st)
        st = refresh(e, err);
    return st ? st : command(e, WS_PARTIAL_OUT, NULL, 0, err);
}

static enum quire_status ws_update(struct epaper *e, const struct canvas *frame,
                                   struct render_rect r, enum render_update_kind kind,
                                   struct quire_err *err)
{
    /* The first picture, and every flashing kind, is a full refresh: the partial mode needs
     * the old data the panel holds to be the truth. */
    if (!e->has_shown || kind == RENDER_UPDATE_FULL || kind == RENDER_UPDATE_FLASH) {
        e->has_shown = true;
        return ws_full(e, frame, err);
    }
    return ws_partial(e, frame, r, err);
}

static void ws_sleep(struct epaper *e)
{
    struct quire_err ignored = {0};
    if (!COMMAND(e, WS_VCOM_DATA_INTERVAL, &ignored, 0xF7) &&
        !command(e, WS_POWER_OFF, NULL, 0, &ignored) &&
        !epaper_wait_pin(e, WS_READY, WS_BUSY_MS, "power off", &ignored))
        COMMAND(e, WS_DEEP_SLEEP, &ignored, 0xA5);
}

const struct epaper_driver epaper_waveshare_7in5 = {
    .name = "waveshare-7in5",
    .spi_hz = 4000000,
    .wiring = {.rst = 17, .dc = 25, .busy = 24},
    .init = ws_init,
    .update = ws_update,
    .sleep = ws_sleep,
};
