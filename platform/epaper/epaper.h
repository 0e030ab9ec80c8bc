/* epaper: the backend for SPI e-paper HATs on Raspberry Pi kiosks. A driver per controller
 * speaks its command set over an epaper_transport: the Waveshare 7.5" V2 (800x480, 1 bit,
 * UC8179-class controller: full refresh and its partial-window mode) and the IT8951 (6-13"
 * panels, 16 grays, the ITE I80-over-SPI protocol of its programming guide). Command sequences
 * follow the controllers' published datasheets and vendor examples; this code has never
 * driven a panel: tests/unit/platform/test_epaper.c checks it against panel simulators. */
#ifndef QUIRE_PLATFORM_EPAPER_H
#define QUIRE_PLATFORM_EPAPER_H

#include "epaper_transport.h"
#include "platform.h"

/* What a driver works with. */
struct epaper {
    struct epaper_transport t;
    const struct platform_profile *profile;
    const struct epaper_driver *driver;
    uint32_t img_addr; /* IT8951: its image buffer, from the device information */
    bool has_shown;    /* a first full picture is on the panel */
    uint8_t *shown;    /* Waveshare: the 1-bit picture on the panel (its "old" data) */
    int wake_fd, input_fd;
    bool is_input_device;
    uint8_t line[EPAPER_TRANSFER_MAX];
};

struct epaper_driver {
    const char *name;
    uint32_t spi_hz;
    struct epaper_wiring wiring; /* Waveshare's HAT pinout (BCM) */
    /* Resets and sets up the controller; checks the panel's size against the profile. */
    enum quire_status (*init)(struct epaper *e, struct quire_err *err);
    /* Sends region r of frame and refreshes it as kind asks; aligns r as the controller needs. */
    enum quire_status (*update)(struct epaper *e, const struct canvas *frame, struct render_rect r,
                                enum render_update_kind kind, struct quire_err *err);
    void (*sleep)(struct epaper *e); /* the panel's deep sleep, before closing */
};
extern const struct epaper_driver epaper_waveshare_7in5;
extern const struct epaper_driver epaper_it8951;

/* The driver of an e-paper profile, or NULL when the profile is not an e-paper HAT. */
const struct epaper_driver *epaper_driver_for_profile(const char *profile_name);

/* Pixel conversion, shared by the drivers and the tests' simulators: 16 grays (0 black, 15
 * white), and 1 bit through a 4x4 ordered dither (pure black and white stay as they are). */
uint8_t epaper_gray4(uint8_t v);
bool epaper_is_black(uint8_t v, int x, int y);

/* Waits until the BUSY/HRDY line reads `ready` (polling every ms), at most timeout_ms; an
 * error naming what was waited for otherwise: a panel that never answers never hangs us. */
enum quire_status epaper_wait_pin(struct epaper *e, int ready, int timeout_ms, const char *what,
                                  struct quire_err *err);

/* Opens the backend on transport t (tests inject a simulator's); takes t over, on failure too. */
enum quire_status epaper_open_on(struct platform *p, const struct platform_options *opt,
                                 const struct epaper_transport *t, struct quire_err *err);

#endif
