/* platform: the one seam between Quire and a device. A backend (headless, sdl, fbdev, epaper) is a
 * struct platform of function pointers with its state behind `impl`, created from the bootstrap
 * list by name (--backend) for a device profile (--device). The app calls only the thin
 * wrappers below (platform_present(p, ...) calls p->present): they check arguments, write the
 * --trace and --refresh-log lines for every backend, and are where tests inject faults.
 * Nothing here includes SDL or Linux headers; only the backend folders do.
 * Start reading at platform_create, then platform_present and platform_wait_event. */
#ifndef QUIRE_PLATFORM_H
#define QUIRE_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "quire_error.h"
#include "render_canvas.h"
#include "render_refresh.h"

/* ---- device profiles ---- */
struct platform_profile {
    const char *name; /* "kobo-clara" */
    int w, h;         /* px, as the reader sees the screen (after rotation) */
    int dpi;
    int gray_levels; /* 16 or 2 */
    bool is_landscape;
};
/* The profile called name, or NULL. */
const struct platform_profile *platform_profile_find(const char *name);
/* The table, terminated by an entry with name NULL. */
const struct platform_profile *platform_profiles(void);
#define PLATFORM_DEFAULT_PROFILE "kobo-clara"

/* ---- input ----
 * Backends report raw input only: named keys, typed text, and pointer contacts (down, moves,
 * up) in screen px. What a contact means (tap, hold, swipe) and what a key does on a screen is
 * decided in app/ui (ui_gesture.c, the binding tables), once for every backend. */
enum platform_event_type {
    PLATFORM_EV_NONE,         /* timeout: nothing happened */
    PLATFORM_EV_KEY,          /* key: pressed (or repeated) */
    PLATFORM_EV_KEY_UP,       /* key: released (backends that cannot tell never send it) */
    PLATFORM_EV_TEXT,         /* text: one or more typed characters, UTF-8 (a space is text too) */
    PLATFORM_EV_POINTER_DOWN, /* x, y in screen px: a finger or the mouse button went down */
    PLATFORM_EV_POINTER_MOVE, /* x, y: it moved while down */
    PLATFORM_EV_POINTER_UP,   /* x, y: it was lifted */
    PLATFORM_EV_WAKE,         /* platform_wake was called (a worker has news) */
    PLATFORM_EV_SYNC,         /* a request to sync now (a script's `sync now`, a sync button) */
    PLATFORM_EV_QUIT,         /* window closed, script ended */
};

/* Keys that type no text. Letters, digits, '+', '-', '/' and space arrive as text. */
enum platform_key {
    PLATFORM_KEY_UNKNOWN,
    PLATFORM_KEY_NEXT, /* PgDn, page-forward button */
    PLATFORM_KEY_PREV, /* PgUp, page-back button */
    PLATFORM_KEY_LEFT,
    PLATFORM_KEY_RIGHT,
    PLATFORM_KEY_UP,
    PLATFORM_KEY_DOWN,
    PLATFORM_KEY_MENU, /* a Menu or Home button */
    PLATFORM_KEY_BACK, /* Esc, Back */
    PLATFORM_KEY_ENTER,
    PLATFORM_KEY_BACKSPACE,
    PLATFORM_KEY_HOME,
    PLATFORM_KEY_END,
    PLATFORM_KEY_COUNT
};

struct platform_event {
    enum platform_event_type type;
    enum platform_key key;
    int x, y;
    char text[256];
};

/* Key names as scripts spell them ("right", "pgdn", "esc"...); PLATFORM_KEY_UNKNOWN if none. */
enum platform_key platform_key_from_name(const char *name);
const char *platform_key_name(enum platform_key key);
/* Script names of keys that type text ("space" -> " ", "plus" -> "+", "search" -> "/",
 * "star" -> "s", "help" -> "?", "night" -> "n", "minus" -> "-"); NULL if name is none. */
const char *platform_key_text(const char *name);
/* Maps window point (wx, wy) to panel pixels when the panel (panel_w x panel_h) is drawn
 * scaled into dst of the window (letterboxed, a HUD below). False when the point is outside
 * dst (letterbox bars, HUD): no panel pixel is there. */
bool platform_window_to_panel(struct render_rect dst, int panel_w, int panel_h, double wx,
                              double wy, int *px, int *py);

/* ---- the backend ---- */
struct platform_options {
    const struct platform_profile *profile; /* never NULL */
    const char *out_dir;     /* headless: where frames and shots go (NULL: no frame PNGs) */
    const char *script_path; /* headless: input script (NULL: quit at once) */
    int latency_ms;          /* sdl: simulated panel latency of a partial update, 0 = none */
    const char *fb_path;     /* fbdev: framebuffer device or plain file ("/dev/fb0") */
    const char *input_path;  /* fbdev, epaper: evdev device or recorded events file */
    bool is_fullscreen;      /* sdl: fill the screen (a kiosk) */
    const char *spi_path;    /* epaper: spidev device ("/dev/spidev0.0") */
    const char *gpio_chip;   /* epaper: GPIO chip of the HAT's lines ("gpiochip0") */
};

/* What the app tells a backend about the frame it presents (for the trace). */
struct platform_frame_meta {
    const char *screen;  /* "library", "article", "menu", ... */
    int64_t article;     /* library id, 0 if none */
    int page, pages;     /* 1-based page, page count (of the article, or of the list) */
    const char *anchor;  /* "block:offset" */
    const char *ui_lang; /* "en", "ru", "fa" */
    const char *extra;   /* NULL, or more JSON members ("\"k\":v,...") for the trace line */
};

struct platform {
    const char *name;
    void *impl;
    struct platform_profile profile;
    /* Shows region r of frame (the whole screen-sized canvas) with the given update kind. A
     * backend that cannot draw over an update still in flight waits for it first. */
    enum quire_status (*present)(struct platform *p, const struct canvas *frame,
                                 struct render_rect r, enum render_update_kind kind,
                                 struct quire_err *err);
    /* Waits up to timeout_ms (-1 = forever) for one event; PLATFORM_EV_NONE on timeout. */
    enum quire_status (*wait_event)(struct platform *p, int timeout_ms, struct platform_event *ev,
                                    struct quire_err *err);
    int64_t (*clock_ms)(struct platform *p);    /* monotonic ms */
    int64_t (*wall_time)(struct platform *p);   /* unix seconds, for the status line */
    int (*battery_percent)(struct platform *p); /* 0..100, -1 unknown */
    bool (*is_online)(struct platform *p);
    /* Saves what the screen shows now as a PNG (headless shots, tests); may be NULL. */
    enum quire_status (*screenshot)(struct platform *p, const char *path, struct quire_err *err);
    /* Makes a wait_event in progress (or the next one) return PLATFORM_EV_WAKE. Called from any
     * thread; must be async-safe and never block. */
    void (*wake)(struct platform *p);
    void (*close)(struct platform *p); /* frees impl */
    /* Set by the app (platform_busy_probe_set), read by backends from the UI thread: true
     * while the app has background work whose end it has not yet taken in (a running sync).
     * A headless script's `await sync` waits on it. */
    bool (*busy)(void *ctx);
    void *busy_ctx;
    /* Wrapper state, owned by platform.c. */
    FILE *trace, *refresh_log;
    int64_t frame_no;
    int frame_updates; /* updates presented since the meta was set: one frame's, 1 to 4 */
    struct platform_frame_meta meta;
};

struct platform_bootstrap {
    const char *name;
    const char *summary;
    enum quire_status (*open)(struct platform *p, const struct platform_options *opt,
                              struct quire_err *err);
};

/* Names of the compiled-in backends, comma separated ("headless,sdl,fbdev"). */
const char *platform_backend_names(void);

/* Opens backend `name` (NULL = "sdl" when $DISPLAY is set, else "headless"). trace_path and
 * refresh_log_path may be NULL. On failure *out is NULL. */
enum quire_status platform_create(const char *name, const struct platform_options *opt,
                                  const char *trace_path, const char *refresh_log_path,
                                  struct platform **out, struct quire_err *err);
/* platform_destroy(NULL) is a no-op. */
void platform_destroy(struct platform *p);

/* Sets the metadata that the next presented frames carry in the trace. */
void platform_frame_meta_set(struct platform *p, const struct platform_frame_meta *meta);

/* Thin wrappers: the only way the app reaches a backend. */
enum quire_status platform_present(struct platform *p, const struct canvas *frame,
                                   const struct render_update *u, struct quire_err *err);
enum quire_status platform_wait_event(struct platform *p, int timeout_ms, struct platform_event *ev,
                                      struct quire_err *err);
int64_t platform_clock_ms(struct platform *p);
int64_t platform_wall_time(struct platform *p);
int platform_battery_percent(struct platform *p);
/* Whether the device has a network; a backend that cannot tell says yes (sync then finds out).
 * Called from the sync worker's thread: backends answer without touching UI state. */
bool platform_is_online(struct platform *p);
enum quire_status platform_screenshot(struct platform *p, const char *path, struct quire_err *err);
/* Wakes the UI thread's platform_wait_event from another thread (a sync worker with news). */
void platform_wake(struct platform *p);
/* Tells the backend how to ask whether background work is still running (see busy above). */
void platform_busy_probe_set(struct platform *p, bool (*busy)(void *ctx), void *ctx);

/* Monotonic milliseconds (CLOCK_MONOTONIC), for backends. */
int64_t platform_monotonic_ms(void);

#endif
