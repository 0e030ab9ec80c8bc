/* epaper_sim: see epaper_sim.h. The decoders follow the controllers' documents, written here
 * independently of the drivers: the Waveshare 7.5" V2 command set (0x10/0x13 data planes,
 * 0x50 polarity, 0x90-0x92 partial window, 0x12 refresh) and the IT8951 I80-over-SPI
 * protocol (preambles, LD_IMG_AREA packed 4-bit pixels, DPY_AREA). */
#include "epaper_sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IT_IMAGE_ADDR 0x001236E0u /* what the Waveshare IT8951 boards report */

static void violation(struct epaper_sim *s, const char *fmt, ...)
{
    if (s->error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
}

static void record(struct epaper_sim *s, const uint8_t *tx, size_t n)
{
    size_t need = s->recording_len + 5 + n;
    if (need > s->recording_cap) {
        s->recording_cap = need * 2;
        s->recording = realloc(s->recording, s->recording_cap);
    }
    uint32_t len = (uint32_t)n;
    s->recording[s->recording_len] = (uint8_t)s->pins[EPAPER_PIN_DC];
    memcpy(s->recording + s->recording_len + 1, &len, 4);
    memcpy(s->recording + s->recording_len + 5, tx, n);
    s->recording_len = need;
}

/* ---- Waveshare 7.5" V2 ---- */

static void ws_refresh(struct epaper_sim *s)
{
    if (!s->is_powered || s->is_asleep)
        violation(s, "refresh while the panel is off");
    int x0 = 0, x1 = s->w - 1, y0 = 0, y1 = s->h - 1;
    if (s->is_partial)
        x0 = s->win[0], x1 = s->win[1], y0 = s->win[2], y1 = s->win[3];
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++) {
            uint8_t bit = s->plane_new[(size_t)y * s->w + x];
            bool is_black = (s->ddx & 1) ? bit == 0 : bit == 1;
            s->panel[(size_t)y * s->w + x] = is_black ? 0 : 255;
        }
    if (s->n_displays < 64)
        s->displays[s->n_displays++] =
            (struct epaper_sim_display){x0, y0, x1 - x0 + 1, y1 - y0 + 1, s->is_partial};
    s->busy_reads = 3;
}

static void ws_command_done(struct epaper_sim *s)
{
    const uint8_t *p = s->params;
    if (s->cmd == 0x50 && s->n_params == 2)
        s->ddx = p[0] & 3;
    else if (s->cmd == 0x61 && s->n_params == 4 &&
             ((p[0] << 8 | p[1]) != s->w || (p[2] << 8 | p[3]) != s->h))
        violation(s, "resolution %dx%d set on a %dx%d panel", p[0] << 8 | p[1], p[2] << 8 | p[3],
                  s->w, s->h);
    else if (s->cmd == 0x90 && s->n_params == 9) {
        s->win[0] = p[0] << 8 | p[1], s->win[1] = p[2] << 8 | p[3];
        s->win[2] = p[4] << 8 | p[5], s->win[3] = p[6] << 8 | p[7];
        if (s->win[0] % 8 || (s->win[1] + 1) % 8 || s->win[1] >= s->w || s->win[3] >= s->h ||
            s->win[0] > s->win[1] || s->win[2] > s->win[3])
            violation(s, "bad partial window %d..%d x %d..%d", s->win[0], s->win[1], s->win[2],
                      s->win[3]);
    } else if (s->cmd == 0x07 && s->n_params == 1 && p[0] == 0xA5)
        s->is_asleep = true;
}

static void ws_command(struct epaper_sim *s, uint8_t c)
{
    s->cmd = c, s->n_params = 0, s->data_pos = 0;
    if (c == 0x04)
        s->is_powered = true, s->busy_reads = 2;
    else if (c == 0x02)
        s->is_powered = false, s->busy_reads = 2;
    else if (c == 0x12)
        ws_refresh(s);
    else if (c == 0x91)
        s->is_partial = true;
    else if (c == 0x92)
        s->is_partial = false;
}

static void ws_data(struct epaper_sim *s, uint8_t b)
{
    if (s->cmd != 0x10 && s->cmd != 0x13) {
        if (s->n_params < sizeof s->params)
            s->params[s->n_params++] = b;
        ws_command_done(s);
        return;
    }
    int x0 = 0, x1 = s->w - 1, y0 = 0, y1 = s->h - 1;
    if (s->is_partial)
        x0 = s->win[0], x1 = s->win[1], y0 = s->win[2], y1 = s->win[3];
    size_t bpr = (size_t)(x1 - x0 + 1) / 8, row = s->data_pos / bpr, col = s->data_pos % bpr;
    if ((int)row > y1 - y0) {
        violation(s, "data past the end of the window");
        return;
    }
    uint8_t *plane = s->cmd == 0x10 ? s->plane_old : s->plane_new;
    for (int i = 0; i < 8; i++)
        plane[(size_t)(y0 + (int)row) * s->w + x0 + col * 8 + i] = (b >> (7 - i)) & 1;
    s->data_pos++;
}

/* ---- IT8951 ---- */

static void it_queue(struct epaper_sim *s, const uint16_t *w, size_t n)
{
    memcpy(s->reads, w, n * sizeof *w);
    s->n_reads = n;
}

static void it_load_start(struct epaper_sim *s)
{
    const uint16_t *a = s->args;
    if (a[0] != 0x20)
        violation(s, "LD_IMG_AREA format %#x, want 4 bpp little endian unrotated", a[0]);
    if ((uint32_t)(s->lisar_hi << 16 | s->lisar_lo) != IT_IMAGE_ADDR)
        violation(s, "LISAR %#x is not the image buffer", s->lisar_hi << 16 | s->lisar_lo);
    if (s->i80cpcr != 1)
        violation(s, "pixels loaded without packed mode (I80CPCR)");
    if (a[1] % 4 || a[3] % 4 || a[1] + a[3] > s->w || a[2] + a[4] > s->h || !a[3] || !a[4])
        violation(s, "bad load area %u,%u %ux%u", a[1], a[2], a[3], a[4]);
    for (int i = 0; i < 4; i++)
        s->area[i] = a[1 + i];
    s->is_loading = true, s->data_pos = 0;
}

static void it_display(struct epaper_sim *s)
{
    const uint16_t *a = s->args;
    if (a[0] + a[2] > s->w || a[1] + a[3] > s->h)
        violation(s, "display area off the panel");
    for (int y = a[1]; y < a[1] + a[3] && y < s->h; y++)
        for (int x = a[0]; x < a[0] + a[2] && x < s->w; x++)
            s->panel[(size_t)y * s->w + x] = (uint8_t)(s->image[(size_t)y * s->w + x] * 17);
    if (s->n_displays < 64)
        s->displays[s->n_displays++] = (struct epaper_sim_display){a[0], a[1], a[2], a[3], a[4]};
}

static void it_args_done(struct epaper_sim *s)
{
    const uint16_t *a = s->args;
    switch (s->cmd) {
    case 0x0010: { /* REG_RD */
        uint16_t v = a[0] == 0x1224 ? 0 : a[0] == 0x0004 ? s->i80cpcr : 0;
        it_queue(s, &v, 1);
        break;
    }
    case 0x0011: /* REG_WR */
        if (a[0] == 0x0208)
            s->lisar_lo = a[1];
        else if (a[0] == 0x020A)
            s->lisar_hi = a[1];
        else if (a[0] == 0x0004)
            s->i80cpcr = a[1];
        break;
    case 0x0021:
        it_load_start(s);
        break;
    case 0x0034:
        it_display(s);
        break;
    case 0x0039:
        if (a[0] == 1 && s->n_args == 2)
            s->vcom = a[1];
        break;
    default:
        break;
    }
}

static void it_command(struct epaper_sim *s, uint16_t c)
{
    static const struct {
        uint16_t cmd;
        size_t args;
    } arity[] = {{0x0010, 1}, {0x0011, 2}, {0x0021, 5}, {0x0034, 5}, {0x0039, 1}};
    if (s->is_loading && c != 0x0022)
        violation(s, "command %#x during an image load", c);
    s->cmd = c, s->n_args = 0, s->want_args = 0;
    for (size_t i = 0; i < sizeof arity / sizeof *arity; i++)
        if (arity[i].cmd == c)
            s->want_args = arity[i].args;
    if (c == 0x0302) {
        uint16_t info[20] = {(uint16_t)s->report_w, (uint16_t)s->report_h,
                             (uint16_t)(IT_IMAGE_ADDR & 0xFFFF), (uint16_t)(IT_IMAGE_ADDR >> 16)};
        memcpy(info + 4, "SWv_0.2.1R", 10);
        it_queue(s, info, 20);
    } else if (c == 0x0022) {
        if (s->data_pos * 4 != (size_t)s->area[2] * s->area[3])
            violation(s, "image load ended after %zu of %d words", s->data_pos,
                      s->area[2] * s->area[3] / 4);
        s->is_loading = false;
    } else if (c == 0x0003)
        s->is_asleep = true;
}

static void it_pixels(struct epaper_sim *s, uint16_t word)
{
    size_t px = s->data_pos * 4;
    int ax = s->area[0], ay = s->area[1], aw = s->area[2];
    if ((int)(px / aw) >= s->area[3]) {
        violation(s, "pixel data past the load area");
        return;
    }
    for (int i = 0; i < 4; i++)
        s->image[(size_t)(ay + px / aw) * s->w + ax + (px % aw) + i] = (word >> (4 * i)) & 0xF;
    s->data_pos++;
}

static void it_data(struct epaper_sim *s, uint16_t word)
{
    if (s->is_loading) {
        it_pixels(s, word);
        return;
    }
    if (s->n_args >= s->want_args) {
        violation(s, "data word %#x after command %#x had its arguments", word, s->cmd);
        return;
    }
    s->args[s->n_args++] = word;
    if (s->cmd == 0x0039 && s->n_args == 1 && word == 1)
        s->want_args = 2;
    if (s->n_args == s->want_args)
        it_args_done(s);
}

static void it_transfer(struct epaper_sim *s, const uint8_t *tx, uint8_t *rx, size_t n)
{
    if (n < 2 || n % 2) {
        violation(s, "transfer of %zu bytes", n);
        return;
    }
    uint16_t pre = (uint16_t)(tx[0] << 8 | tx[1]);
    if (pre == 0x1000) {
        if (!rx || n < 4 || (n - 4) / 2 > s->n_reads)
            violation(s, "read of %zu words with %zu waiting", (n - 4) / 2, s->n_reads);
        for (size_t i = 0; rx && i + 4 < n && i / 2 < s->n_reads; i += 2)
            rx[4 + i] = (uint8_t)(s->reads[i / 2] >> 8), rx[5 + i] = (uint8_t)s->reads[i / 2];
        s->n_reads = 0;
        return;
    }
    if (pre != 0x6000 && pre != 0x0000) {
        violation(s, "unknown preamble %#x", pre);
        return;
    }
    if (pre == 0x6000 && n != 4)
        violation(s, "a command transaction of %zu bytes", n);
    for (size_t i = 2; i + 1 < n; i += 2) {
        uint16_t w = (uint16_t)(tx[i] << 8 | tx[i + 1]);
        if (pre == 0x6000)
            it_command(s, w);
        else
            it_data(s, w);
    }
}

/* ---- the transport ---- */

static enum quire_status sim_transfer(void *ctx, const uint8_t *tx, uint8_t *rx, size_t n,
                                      struct quire_err *err)
{
    struct epaper_sim *s = ctx;
    if (n > EPAPER_TRANSFER_MAX)
        violation(s, "a transfer of %zu bytes passes spidev's buffer", n);
    record(s, tx, n);
    if (rx)
        memset(rx, 0, n);
    if (s->kind == SIM_IT8951) {
        if (!s->pins[EPAPER_PIN_RST])
            violation(s, "transfer while in reset");
        it_transfer(s, tx, rx, n);
        return QUIRE_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (s->pins[EPAPER_PIN_DC])
            ws_data(s, tx[i]);
        else
            ws_command(s, tx[i]);
    }
    return QUIRE_OK;
}

static void sim_pin_set(void *ctx, enum epaper_pin pin, int value)
{
    struct epaper_sim *s = ctx;
    s->pins[pin] = value;
}

static int sim_pin_get(void *ctx, enum epaper_pin pin)
{
    struct epaper_sim *s = ctx;
    if (pin != EPAPER_PIN_BUSY)
        return s->pins[pin];
    if (s->is_stuck_busy)
        return 0;
    if (s->busy_reads > 0) {
        s->busy_reads--;
        return 0;
    }
    return 1;
}

static void sim_sleep_ms(void *ctx, int ms)
{
    struct epaper_sim *s = ctx;
    s->virtual_ms += ms;
}

struct epaper_transport epaper_sim_transport(struct epaper_sim *s)
{
    return (struct epaper_transport){s, sim_transfer, sim_pin_set, sim_pin_get, sim_sleep_ms, NULL};
}

void epaper_sim_init(struct epaper_sim *s, enum epaper_sim_kind kind, int w, int h)
{
    memset(s, 0, sizeof *s);
    s->kind = kind, s->w = w, s->h = h, s->report_w = w, s->report_h = h;
    size_t n = (size_t)w * h;
    s->panel = malloc(n);
    memset(s->panel, 128, n); /* unknown until the first refresh */
    s->plane_old = calloc(n, 1);
    s->plane_new = calloc(n, 1);
    s->image = calloc(n, 1);
    s->pins[EPAPER_PIN_RST] = 1;
}

void epaper_sim_fini(struct epaper_sim *s)
{
    free(s->panel);
    free(s->plane_old);
    free(s->plane_new);
    free(s->image);
    free(s->recording);
}
