/* epaper: the platform backend over an e-paper HAT (epaper.h). present() hands the region to
 * the controller's driver, which refreshes it as the update kind asks and waits while the
 * panel is busy (bounded: a panel that stops answering is an error, never a hang). Input is
 * optional: a kiosk may have none (wait_event then only sleeps or wakes), or evdev buttons and
 * touch (a device, or a file of recorded events that ends the session), decoded as fbdev does. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "epaper.h"
#include "fbdev_logic.h"
#include "quire_util.h"

struct epaper_state {
    struct epaper e;
    struct fbdev_input input;
};

static const struct {
    const char *profile;
    const struct epaper_driver *driver;
} drivers[] = {
    {"waveshare-7in5", &epaper_waveshare_7in5},
    {"kiosk-13in", &epaper_it8951},
    {"it8951-10in3", &epaper_it8951},
    {"it8951-6in", &epaper_it8951},
};

const struct epaper_driver *epaper_driver_for_profile(const char *profile_name)
{
    for (size_t i = 0; profile_name && i < sizeof drivers / sizeof *drivers; i++)
        if (strcmp(drivers[i].profile, profile_name) == 0)
            return drivers[i].driver;
    return NULL;
}

uint8_t epaper_gray4(uint8_t v)
{
    return v >> 4;
}

bool epaper_is_black(uint8_t v, int x, int y)
{
    static const uint8_t bayer[4][4] = {
        {0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
    return v < bayer[y & 3][x & 3] * 16 + 8;
}

enum quire_status epaper_wait_pin(struct epaper *e, int ready, int timeout_ms, const char *what,
                                  struct quire_err *err)
{
    for (int ms = 0; ms <= timeout_ms; ms++) {
        if (e->t.pin_get(e->t.ctx, EPAPER_PIN_BUSY) == ready)
            return QUIRE_OK;
        e->t.sleep_ms(e->t.ctx, 1);
    }
    return quire_err_set(err, QUIRE_ETIMEDOUT, "%s: the panel stayed busy for %d ms", what,
                         timeout_ms);
}

static enum quire_status epaper_present(struct platform *p, const struct canvas *frame,
                                        struct render_rect r, enum render_update_kind kind,
                                        struct quire_err *err)
{
    struct epaper_state *s = p->impl;
    return s->e.driver->update(&s->e, frame, r, kind, err);
}

/* One recorded or live input event; false at the end of a recording. */
static bool read_raw(struct epaper_state *s, struct fbdev_raw_event *raw, bool *is_eof)
{
    struct input_event ie;
    ssize_t n = read(s->e.input_fd, &ie, sizeof ie);
    *is_eof = n >= 0 && n < (ssize_t)sizeof ie;
    if (n != (ssize_t)sizeof ie)
        return false;
    *raw = (struct fbdev_raw_event){ie.type, ie.code, ie.value};
    return true;
}

static enum quire_status epaper_wait_event(struct platform *p, int timeout_ms,
                                           struct platform_event *ev, struct quire_err *err)
{
    struct epaper_state *s = p->impl;
    int64_t deadline = timeout_ms < 0 ? -1 : platform_monotonic_ms() + timeout_ms;
    for (;;) {
        uint64_t n;
        if (read(s->e.wake_fd, &n, sizeof n) == (ssize_t)sizeof n) {
            ev->type = PLATFORM_EV_WAKE;
            return QUIRE_OK;
        }
        bool has_file = s->e.input_fd >= 0 && !s->e.is_input_device;
        if (!has_file) { /* a device, or no input at all: sleep until it or a wake */
            int left = deadline < 0 ? -1 : (int)(deadline - platform_monotonic_ms());
            if (deadline >= 0 && left <= 0) {
                ev->type = PLATFORM_EV_NONE;
                return QUIRE_OK;
            }
            struct pollfd pfd[2] = {{s->e.wake_fd, POLLIN, 0}, {s->e.input_fd, POLLIN, 0}};
            if (poll(pfd, s->e.input_fd >= 0 ? 2 : 1, left) <= 0 || !(pfd[1].revents & POLLIN))
                continue;
        }
        struct fbdev_raw_event raw;
        bool is_eof;
        if (!read_raw(s, &raw, &is_eof)) {
            if (is_eof && has_file) {
                ev->type = PLATFORM_EV_QUIT; /* the recording is over */
                return QUIRE_OK;
            }
            if (errno != EINTR && errno != EAGAIN)
                return quire_err_set(err, QUIRE_EIO, "epaper: input: %s", strerror(errno));
            continue;
        }
        if (fbdev_input_feed(&s->input, &raw, ev))
            return QUIRE_OK;
    }
}

static void epaper_wake(struct platform *p)
{
    struct epaper_state *s = p->impl;
    uint64_t one = 1;
    if (write(s->e.wake_fd, &one, sizeof one) < 0)
        return; /* the counter is full: a wake is pending anyway */
}

static void state_free(struct epaper_state *s)
{
    if (s->e.t.close)
        s->e.t.close(s->e.t.ctx);
    if (s->e.wake_fd >= 0)
        close(s->e.wake_fd);
    if (s->e.input_fd >= 0)
        close(s->e.input_fd);
    quire_free(s->e.shown);
    quire_free(s);
}

static void epaper_close(struct platform *p)
{
    struct epaper_state *s = p->impl;
    if (!s)
        return;
    s->e.driver->sleep(&s->e);
    state_free(s);
    p->impl = NULL;
}

static enum quire_status open_input(struct epaper_state *s, const char *path, struct quire_err *err)
{
    s->e.input_fd = -1;
    if (!path)
        return QUIRE_OK;
    if ((s->e.input_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    s->e.is_input_device = fstat(s->e.input_fd, &sb) == 0 && S_ISCHR(sb.st_mode);
    return QUIRE_OK;
}

enum quire_status epaper_open_on(struct platform *p, const struct platform_options *opt,
                                 const struct epaper_transport *t, struct quire_err *err)
{
    struct epaper_state *s = quire_calloc(1, sizeof *s);
    if (!s) {
        if (t->close)
            t->close(t->ctx);
        return quire_err_set(err, QUIRE_ENOMEM, "epaper: out of memory");
    }
    s->e.t = *t;
    s->e.profile = opt->profile;
    s->e.driver = epaper_driver_for_profile(opt->profile->name);
    s->e.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    enum quire_status st = open_input(s, opt->input_path, err);
    if (!st && s->e.wake_fd < 0)
        st = quire_err_set(err, QUIRE_EIO, "epaper: eventfd: %s", strerror(errno));
    if (!st)
        st = s->e.driver->init(&s->e, err);
    if (st) {
        state_free(s);
        return st;
    }
    fbdev_input_init(&s->input, opt->profile->w, opt->profile->h, NULL);
    p->impl = s;
    p->present = epaper_present;
    p->wait_event = epaper_wait_event;
    p->wake = epaper_wake;
    p->close = epaper_close;
    return QUIRE_OK;
}

static enum quire_status epaper_open(struct platform *p, const struct platform_options *opt,
                                     struct quire_err *err)
{
    const struct epaper_driver *d = epaper_driver_for_profile(opt->profile->name);
    if (!d)
        return quire_err_set(err, QUIRE_EINVAL,
                             "epaper: profile %s is not an e-paper HAT (waveshare-7in5, "
                             "kiosk-13in, it8951-10in3, it8951-6in)",
                             opt->profile->name);
    struct epaper_transport t;
    enum quire_status st = epaper_spidev_open(opt->spi_path ? opt->spi_path : "/dev/spidev0.0",
                                              opt->gpio_chip ? opt->gpio_chip : "gpiochip0",
                                              d->spi_hz, &d->wiring, &t, err);
    return st ? st : epaper_open_on(p, opt, &t, err);
}

const struct platform_bootstrap platform_epaper_bootstrap = {
    .name = "epaper",
    .summary = "SPI e-paper HAT (Waveshare 7.5\", IT8951) through spidev and libgpiod",
    .open = epaper_open,
};
