/* epaper_it8951: the ITE IT8951 timing controller (Waveshare's 6" to 13.3" HATs, 16 grays)
 * through its I80-over-SPI host interface. Every transaction starts, once HRDY is high, with a
 * 16-bit preamble sent big-endian: 0x6000 a command word, 0x0000 data words, 0x1000 a read (a
 * dummy word, then the data). Start-up reads the device information (0x0302: panel size, image
 * buffer address, firmware and LUT versions) and refuses a panel of another size than the
 * profile's, sets VCOM and the packed pixel mode; an update waits for the display engine
 * (LUTAFSR reads 0), points LISAR at the image buffer, loads the area (LD_IMG_AREA, 4 bits a
 * pixel, four pixels a word, the first in the low nibble with little-endian loading) and
 * displays it (DPY_AREA) with a waveform mode per update kind. */
#include <string.h>

#include "epaper.h"

enum {
    IT_PRE_CMD = 0x6000,
    IT_PRE_WRITE = 0x0000,
    IT_PRE_READ = 0x1000,
    IT_SYS_RUN = 0x0001,
    IT_SLEEP = 0x0003,
    IT_REG_RD = 0x0010,
    IT_REG_WR = 0x0011,
    IT_LD_IMG_AREA = 0x0021,
    IT_LD_IMG_END = 0x0022,
    IT_DPY_AREA = 0x0034,
    IT_VCOM = 0x0039,
    IT_GET_DEV_INFO = 0x0302,
    IT_REG_I80CPCR = 0x0004, /* 1: packed pixel writes */
    IT_REG_LISAR = 0x0208,   /* load image start address, low word; high word at +2 */
    IT_REG_LUTAFSR = 0x1224, /* non-zero while a LUT engine is busy */
    IT_BPP_4 = 2,
    IT_DEV_INFO_WORDS = 20,
};
/* Waveform modes of the Waveshare IT8951 panels (the same for 0..3 on all of them). */
enum { IT_MODE_INIT = 0, IT_MODE_DU = 1, IT_MODE_GC16 = 2, IT_MODE_GL16 = 3 };
#define IT_READY_MS 5000 /* HRDY and the display engine; a GC16 of 13.3" takes about 1 s */
#define IT_VCOM_MV  1500 /* -1.50 V: the typical label value; a wrong one costs contrast only */

static enum quire_status wait_hrdy(struct epaper *e, struct quire_err *err)
{
    return epaper_wait_pin(e, 1, IT_READY_MS, "it8951: host ready (HRDY)", err);
}

/* One transaction: preamble then n words, big-endian on the wire. */
static enum quire_status write_words(struct epaper *e, uint16_t preamble, const uint16_t *w,
                                     size_t n, struct quire_err *err)
{
    enum quire_status st = wait_hrdy(e, err);
    if (st)
        return st;
    uint8_t *b = e->line;
    b[0] = (uint8_t)(preamble >> 8), b[1] = (uint8_t)preamble;
    for (size_t i = 0; i < n; i++)
        b[2 + 2 * i] = (uint8_t)(w[i] >> 8), b[3 + 2 * i] = (uint8_t)w[i];
    return e->t.transfer(e->t.ctx, b, NULL, 2 + 2 * n, err);
}

static enum quire_status cmd_args(struct epaper *e, uint16_t cmd, const uint16_t *args, size_t n,
                                  struct quire_err *err)
{
    enum quire_status st = write_words(e, IT_PRE_CMD, &cmd, 1, err);
    for (size_t i = 0; !st && i < n; i++)
        st = write_words(e, IT_PRE_WRITE, &args[i], 1, err);
    return st;
}

#define CMD(e, cmd, err, ...)                                                                      \
    cmd_args(e, cmd, (const uint16_t[]){__VA_ARGS__},                                              \
             sizeof((const uint16_t[]){__VA_ARGS__}) / sizeof(uint16_t), err)

static enum quire_status read_words(struct epaper *e, uint16_t *out, size_t n,
                                    struct quire_err *err)
{
    enum quire_status st = wait_hrdy(e, err);
    if (st)
        return st;
    uint8_t tx[4 + 2 * IT_DEV_INFO_WORDS] = {IT_PRE_READ >> 8, 0}, rx[sizeof tx];
    st = e->t.transfer(e->t.ctx, tx, rx, 4 + 2 * n, err); /* preamble, dummy, data */
    for (size_t i = 0; !st && i < n; i++)
        out[i] = (uint16_t)(rx[4 + 2 * i] << 8 | rx[5 + 2 * i]);
    return st;
}

static enum quire_status reg_write(struct epaper *e, uint16_t reg, uint16_t v,
                                   struct quire_err *err)
{
    return CMD(e, IT_REG_WR, err, reg, v);
}

static enum quire_status reg_read(struct epaper *e, uint16_t reg, uint16_t *v,
                                  struct quire_err *err)
{
    enum quire_status st = CMD(e, IT_REG_RD, err, reg);
    return st ? st : read_words(e, v, 1, err);
}

static enum quire_status wait_display(struct epaper *e, struct quire_err *err)
{
    uint16_t busy = 1;
    enum quire_status st = QUIRE_OK;
    for (int ms = 0; !st && ms < IT_READY_MS; ms++) {
        if ((st = reg_read(e, IT_REG_LUTAFSR, &busy, err)) || !busy)
            return st;
        e->t.sleep_ms(e->t.ctx, 1);
    }
    return st ? st
              : quire_err_set(err, QUIRE_ETIMEDOUT,
                              "it8951: the display engine stayed busy for "
                              "%d ms",
                              IT_READY_MS);
}

static enum quire_status it_init(struct epaper *e, struct quire_err *err)
{
    e->t.pin_set(e->t.ctx, EPAPER_PIN_RST, 0);
    e->t.sleep_ms(e->t.ctx, 10);
    e->t.pin_set(e->t.ctx, EPAPER_PIN_RST, 1);
    e->t.sleep_ms(e->t.ctx, 100);
    uint16_t info[IT_DEV_INFO_WORDS];
    enum quire_status st = cmd_args(e, IT_SYS_RUN, NULL, 0, err);
    if (!st)
        st = cmd_args(e, IT_GET_DEV_INFO, NULL, 0, err);
    if (!st)
        st = read_words(e, info, IT_DEV_INFO_WORDS, err);
    if (st)
        return st;
    const struct platform_profile *pr = e->profile;
    if (info[0] != pr->w || info[1] != pr->h)
        return quire_err_set(err, QUIRE_EINVAL,
                             "it8951: the panel reports %ux%u but profile %s is %dx%d", info[0],
                             info[1], pr->name, pr->w, pr->h);
    e->img_addr = (uint32_t)info[2] | (uint32_t)info[3] << 16;
    st = CMD(e, IT_VCOM, err, 1, IT_VCOM_MV);
    return st ? st : reg_write(e, IT_REG_I80CPCR, 1, err);
}

/* Four 4-bit pixels a word from row y, x0..x1 (x0 and x1 multiples of 4). */
static size_t pack_row(const struct canvas *frame, int y, int x0, int x1, uint16_t *out)
{
    const uint8_t *row = frame->pixels + (size_t)y * frame->stride;
    size_t n = 0;
    for (int x = x0; x < x1; x += 4, n++)
        out[n] = (uint16_t)(epaper_gray4(row[x]) | epaper_gray4(row[x + 1]) << 4 |
                            epaper_gray4(row[x + 2]) << 8 | epaper_gray4(row[x + 3]) << 12);
    return n;
}

static enum quire_status load_area(struct epaper *e, const struct canvas *frame, int x0, int y0,
                                   int x1, int y1, struct quire_err *err)
{
    enum quire_status st = reg_write(e, IT_REG_LISAR + 2, (uint16_t)(e->img_addr >> 16), err);
    if (!st)
        st = reg_write(e, IT_REG_LISAR, (uint16_t)e->img_addr, err);
    if (!st)
        st = CMD(e, IT_LD_IMG_AREA, err, IT_BPP_4 << 4, x0, y0, x1 - x0, y1 - y0);
    uint16_t words[(EPAPER_TRANSFER_MAX - 2) / 2];
    for (int y = y0; !st && y < y1; y++) {
        /* A row of a 13.3" panel is 800 words: one transaction a row fits. */
        size_t n = pack_row(frame, y, x0, x1, words);
        st = write_words(e, IT_PRE_WRITE, words, n, err);
    }
    return st ? st : cmd_args(e, IT_LD_IMG_END, NULL, 0, err);
}

static enum quire_status it_update(struct epaper *e, const struct canvas *frame,
                                   struct render_rect r, enum render_update_kind kind,
                                   struct quire_err *err)
{
    static const uint16_t modes[] = {
        [RENDER_UPDATE_FAST] = IT_MODE_DU,
        [RENDER_UPDATE_PARTIAL] = IT_MODE_GL16,
        [RENDER_UPDATE_FLASH] = IT_MODE_GC16,
        [RENDER_UPDATE_FULL] = IT_MODE_GC16,
    };
    int x0 = r.x & ~3, x1 = (r.x + r.w + 3) & ~3, y0 = r.y, y1 = r.y + r.h;
    if (x1 > e->profile->w)
        x1 = e->profile->w & ~3;
    uint16_t mode = modes[kind];
    if (!e->has_shown) { /* the first picture clears the panel's history too */
        mode = IT_MODE_INIT;
        e->has_shown = true;
    }
    enum quire_status st = wait_display(e, err);
    if (!st)
        st = load_area(e, frame, x0, y0, x1, y1, err);
    return st ? st : CMD(e, IT_DPY_AREA, err, x0, y0, x1 - x0, y1 - y0, mode);
}

static void it_sleep(struct epaper *e)
{
    struct quire_err ignored = {0};
    if (!wait_display(e, &ignored))
        cmd_args(e, IT_SLEEP, NULL, 0, &ignored);
}

const struct epaper_driver epaper_it8951 = {
    .name = "it8951",
    .spi_hz = 12000000,
    .wiring = {.rst = 17, .dc = -1, .busy = 24},
    .init = it_init,
    .update = it_update,
    .sleep = it_sleep,
};
