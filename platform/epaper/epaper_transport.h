/* epaper_transport: the wires between an e-paper driver and its controller, as one small
 * interface so that the drivers' command sequences can be checked without a panel: the real
 * transport (epaper_spidev.c) drives Linux spidev and GPIO lines through libgpiod; the tests'
 * transport hands the same calls to a panel simulator that decodes them back into a picture.
 * A transfer is one chip-select period, full duplex (rx may be NULL); the drivers keep each
 * under EPAPER_TRANSFER_MAX bytes, spidev's default buffer. */
#ifndef QUIRE_PLATFORM_EPAPER_TRANSPORT_H
#define QUIRE_PLATFORM_EPAPER_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

#define EPAPER_TRANSFER_MAX 4096

enum epaper_pin {
    EPAPER_PIN_RST,  /* out: reset, active low */
    EPAPER_PIN_DC,   /* out: Waveshare data/command select (0 command, 1 data) */
    EPAPER_PIN_BUSY, /* in: Waveshare BUSY (0 busy), IT8951 HRDY (1 ready) */
    EPAPER_PIN_COUNT
};

struct epaper_transport {
    void *ctx;
    enum quire_status (*transfer)(void *ctx, const uint8_t *tx, uint8_t *rx, size_t n,
                                  struct quire_err *err);
    void (*pin_set)(void *ctx, enum epaper_pin pin, int value);
    int (*pin_get)(void *ctx, enum epaper_pin pin);
    void (*sleep_ms)(void *ctx, int ms);
    void (*close)(void *ctx); /* frees ctx; may be NULL */
};

/* The GPIO lines of a HAT (BCM numbers on the Pi's gpiochip0). */
struct epaper_wiring {
    int rst, dc, busy; /* dc < 0: the controller has no D/C line (IT8951) */
};

/* Opens spi_path (/dev/spidev0.0) at hz, mode 0, and the wiring's lines on gpio_chip
 * (/dev/gpiochip0 or its name). Errors name the device and the reason in one line. */
enum quire_status epaper_spidev_open(const char *spi_path, const char *gpio_chip, uint32_t hz,
                                     const struct epaper_wiring *w, struct epaper_transport *out,
                                     struct quire_err *err);

#endif
