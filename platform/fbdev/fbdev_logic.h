/* fbdev_logic: the device-independent half of the framebuffer backend, kept apart so tests
 * can check it without a panel: rotating regions and pixels from the reader's orientation to
 * the framebuffer's, converting 8-bit gray to the framebuffer's pixel format, mapping update
 * kinds to EPDC waveforms (and aligning regions as the controller wants), tracking updates in
 * flight so we wait before drawing over one, decoding evdev events into our events, and checking
 * that the panel the kernel reports is the profile's. */
#ifndef QUIRE_PLATFORM_FBDEV_LOGIC_H
#define QUIRE_PLATFORM_FBDEV_LOGIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epdc.h"
#include "platform.h"

/* How the framebuffer is laid out. rotation: quarter turns clockwise from the reader's view
 * to the framebuffer (0..3). bpp: 8 (gray), 16 (RGB565) or 32 (XRGB8888). */
struct fbdev_geometry {
    int xres, yres; /* framebuffer pixels */
    int stride;     /* bytes per framebuffer line */
    int bpp;
    int rotation;
};

/* The reader's screen size for this geometry (swapped for quarter turns). */
void fbdev_screen_size(const struct fbdev_geometry *g, int *w, int *h);
/* The panel the kernel reports must be the profile's, in either orientation (the kernel's
 * rotation turns it): QUIRE_EINVAL naming PATH, both sizes and the profile otherwise. */
enum quire_status fbdev_check_panel(const struct fbdev_geometry *g,
                                    const struct platform_profile *pr, const char *path,
                                    struct quire_err *err);
/* Region r of the reader's screen in framebuffer coordinates. */
struct render_rect fbdev_rotate_rect(const struct fbdev_geometry *g, struct render_rect r);
/* Copies region r of frame (reader's orientation) into fb memory, rotating and converting. */
void fbdev_blit(const struct fbdev_geometry *g, const struct canvas *frame, struct render_rect r,
                uint8_t *fb);

/* The EPDC update for kind over framebuffer region r. Fast updates are aligned outwards to
 * multiples of 8 px (the controller's A2/DU constraint) and clipped to the framebuffer. */
struct epdc_update fbdev_update_make(const struct fbdev_geometry *g, enum render_update_kind kind,
                                     struct render_rect r, uint32_t marker);

/* The EPDC ABI generation of a device profile: kobo-clara and kobo-libra are Mark 7,
 * kindle-basic the Kindle one; other profiles (no i.MX EPDC) get Mark 7. */
enum epdc_abi fbdev_epdc_abi_for_profile(const char *profile_name);

/* One ioctl call, laid out for an ABI generation: ioctl(fd, call.request, &call.arg). */
struct fbdev_epdc_call {
    unsigned long request;
    size_t size; /* bytes of arg the kernel reads (and for a wait, may write) */
    union {
        struct epdc_update_mark7 mark7;
        struct epdc_update_mark6 mark6;
        struct epdc_marker_data marker_data;
        uint32_t marker;
    } arg;
};
/* The send-update call for u. */
void fbdev_epdc_send_encode(enum epdc_abi abi, const struct epdc_update *u,
                            struct fbdev_epdc_call *out);
/* The wait-for-completion call for marker. */
void fbdev_epdc_wait_encode(enum epdc_abi abi, uint32_t marker, struct fbdev_epdc_call *out);
/* Whether a failed wait (errno errnum) is worth a log line: a timeout means the update is
 * done or the driver gave up waiting, which is no error; anything else is logged once per
 * session (*has_logged remembers). */
bool fbdev_wait_failure_should_log(int errnum, bool *has_logged);

/* Updates in flight: markers and their framebuffer regions. */
#define FBDEV_INFLIGHT_MAX 16
struct fbdev_inflight {
    uint32_t markers[FBDEV_INFLIGHT_MAX];
    struct render_rect regions[FBDEV_INFLIGHT_MAX];
    int count;
};
/* Removes from f every update whose region overlaps r and writes its marker to out (at most
 * FBDEV_INFLIGHT_MAX); returns how many: the caller waits for each before drawing over r. */
int fbdev_inflight_take_overlapping(struct fbdev_inflight *f, struct render_rect r, uint32_t *out);
/* Records a new update; when full, the oldest is dropped and returned in *evicted (wait on
 * it), else *evicted is 0. */
void fbdev_inflight_add(struct fbdev_inflight *f, uint32_t marker, struct render_rect r,
                        uint32_t *evicted);

/* ---- evdev decoding ---- */
/* One raw input event, independent of the kernel's struct timeval layout. */
struct fbdev_raw_event {
    uint16_t type, code;
    int32_t value;
};
struct fbdev_touch_transform {
    int max_x, max_y; /* touch panel ranges (0 = same as the screen) */
    bool swap_xy, mirror_x, mirror_y;
};
struct fbdev_input {
    struct fbdev_touch_transform t;
    int screen_w, screen_h;
    int x, y;           /* current contact, touch units */
    int down_x, down_y; /* the contact at the last report */
    bool is_down, was_down;
};
void fbdev_input_init(struct fbdev_input *in, int screen_w, int screen_h,
                      const struct fbdev_touch_transform *t);
/* Feeds one raw event; returns true when it completes an event of ours in *out: a key press,
 * typed text (space), or at a SYN_REPORT a pointer down, move or up in screen px. What a
 * contact means (tap, hold, swipe) is for app/ui to decide. */
bool fbdev_input_feed(struct fbdev_input *in, const struct fbdev_raw_event *raw,
                      struct platform_event *out);

#endif
