/* epaper_spidev: the real transport of the e-paper backend: Linux spidev for the bytes and
 * libgpiod (v1 API, Debian 12) for reset, data/command and busy. Never run on a panel here:
 * this machine has no SPI bus; the protocol above it is tested against simulators. */
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <linux/spi/spidev.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "epaper_transport.h"
#include "quire_util.h"

struct spidev {
    int fd;
    uint32_t hz;
    struct gpiod_chip *chip;
    struct gpiod_line *lines[EPAPER_PIN_COUNT];
};

static enum quire_status spidev_transfer(void *ctx, const uint8_t *tx, uint8_t *rx, size_t n,
                                         struct quire_err *err)
{
    struct spidev *s = ctx;
    struct spi_ioc_transfer tr;
    memset(&tr, 0, sizeof tr);
    tr.tx_buf = (uint64_t)(uintptr_t)tx;
    tr.rx_buf = (uint64_t)(uintptr_t)rx;
    tr.len = (uint32_t)n;
    tr.speed_hz = s->hz;
    tr.bits_per_word = 8;
    if (ioctl(s->fd, SPI_IOC_MESSAGE(1), &tr) < 0)
        return quire_err_set(err, QUIRE_EIO, "spidev: transfer of %zu bytes: %s", n,
                             strerror(errno));
    return QUIRE_OK;
}

static void spidev_pin_set(void *ctx, enum epaper_pin pin, int value)
{
    struct spidev *s = ctx;
    if (s->lines[pin])
        gpiod_line_set_value(s->lines[pin], value);
}

static int spidev_pin_get(void *ctx, enum epaper_pin pin)
{
    struct spidev *s = ctx;
    return s->lines[pin] ? gpiod_line_get_value(s->lines[pin]) : 1;
}

static void spidev_sleep_ms(void *ctx, int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void spidev_close(void *ctx)
{
    struct spidev *s = ctx;
    if (s->chip)
        gpiod_chip_close(s->chip); /* releases the lines */
    if (s->fd >= 0)
        close(s->fd);
    quire_free(s);
}

static enum quire_status request_line(struct spidev *s, const char *chip, enum epaper_pin pin,
                                      int offset, bool is_output, struct quire_err *err)
{
    if (offset < 0)
        return QUIRE_OK;
    struct gpiod_line *l = gpiod_chip_get_line(s->chip, (unsigned)offset);
    int rc = !l          ? -1
             : is_output ? gpiod_line_request_output(l, "quire", 1)
                         : gpiod_line_request_input(l, "quire");
    if (rc < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: line %d: %s", chip, offset, strerror(errno));
    s->lines[pin] = l;
    return QUIRE_OK;
}

static enum quire_status setup_spi(struct spidev *s, const char *path, struct quire_err *err)
{
    uint8_t mode = SPI_MODE_0, bits = 8;
    if ((s->fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    if (ioctl(s->fd, SPI_IOC_WR_MODE, &mode) < 0 ||
        ioctl(s->fd, SPI_IOC_WR_BITS_PER_WORD, &bits) < 0 ||
        ioctl(s->fd, SPI_IOC_WR_MAX_SPEED_HZ, &s->hz) < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: not a spidev device: %s", path, strerror(errno));
    return QUIRE_OK;
}

enum quire_status epaper_spidev_open(const char *spi_path, const char *gpio_chip, uint32_t hz,
                                     const struct epaper_wiring *w, struct epaper_transport *out,
                                     struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    struct spidev *s = quire_calloc(1, sizeof *s);
    if (!s)
        return quire_err_set(err, QUIRE_ENOMEM, "epaper: out of memory");
    s->fd = -1;
    s->hz = hz;
    enum quire_status st = setup_spi(s, spi_path, err);
    if (!st && !(s->chip = gpiod_chip_open_lookup(gpio_chip)))
        st = quire_err_set(err, QUIRE_EIO, "%s: %s", gpio_chip, strerror(errno));
    if (!st)
        st = request_line(s, gpio_chip, EPAPER_PIN_RST, w->rst, true, err);
    if (!st)
        st = request_line(s, gpio_chip, EPAPER_PIN_DC, w->dc, true, err);
    if (!st)
        st = request_line(s, gpio_chip, EPAPER_PIN_BUSY, w->busy, false, err);
    if (st) {
        spidev_close(s);
        return st;
    }
    *out = (struct epaper_transport){
        s, spidev_transfer, spidev_pin_set, spidev_pin_get, spidev_sleep_ms, spidev_close};
    return QUIRE_OK;
}
