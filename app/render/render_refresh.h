/* render_refresh: the pure e-ink refresh policy. Damage in, update requests out: it compares
 * the new frame with the previous one (render_damage_find), then decides how to show the change
 * (render_refresh_decide): fast monochrome for UI feedback, partial grayscale for page turns,
 * and a full flashing refresh every N page turns (night mode has its own N), at the start of an
 * article, on an image-heavy page, or when the pixels changed since the last flash pass a
 * threshold. No I/O, no clock, no device knowledge: device quirks (tiny regions, markers,
 * waiting for updates in flight) live in platform/. Invariants: unchanged pixels are never in
 * an update; a frame whose only change is the clock produces no update (its damage waits for
 * the next real one). Start reading at render_refresh_decide. */
#ifndef QUIRE_RENDER_REFRESH_H
#define QUIRE_RENDER_REFRESH_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "render_canvas.h"

enum render_update_kind {
    RENDER_UPDATE_FAST,    /* A2/DU: black and white, no flash, for menus and highlights */
    RENDER_UPDATE_PARTIAL, /* GL16/GC16 on a region, no flash: page turns */
    RENDER_UPDATE_FLASH,   /* GC16 with flash on a region: a closed menu or keyboard leaves no
                            * ghost on the page under it, without flashing the whole screen */
    RENDER_UPDATE_FULL,    /* GC16 with flash over the whole screen: clears ghosting */
    RENDER_UPDATE_KIND_COUNT
};

/* Why the frame changed; the caller knows, the pixels don't. */
enum render_reason {
    RENDER_REASON_PAGE_TURN,    /* the page (or a list page) changed: partial, every N full */
    RENDER_REASON_SCREEN_OPEN,  /* a new screen: one full refresh */
    RENDER_REASON_UI,           /* menu, highlight, feedback: fast where small */
    RENDER_REASON_CLOCK,        /* status line clock/battery only: never refreshes alone */
    RENDER_REASON_MODAL_CLOSED, /* a menu/keyboard went away: one regional flash over it */
    /* a menu/keyboard appeared: partial over it, never fast, so its text is anti-aliased from
     * its first appearance */
    RENDER_REASON_MODAL_OPENED,
};

/* "full", "flash", "partial", "fast". */
const char *render_update_kind_name(enum render_update_kind kind);

struct render_damage {
    struct render_rect rects[QUIRE_DAMAGE_MAX_RECTS];
    int64_t rect_changed[QUIRE_DAMAGE_MAX_RECTS]; /* changed pixels inside each rect */
    int count;
    int64_t changed_pixels; /* pixels whose value differs, over the whole frame */
};

/* The tunables, from app/config.h by default (render_refresh_policy_default). */
struct render_refresh_policy {
    int full_every;        /* page turns per full refresh (1..50) */
    int full_every_night;  /* the same in night mode (1..50) */
    int image_permille;    /* image area / page area that forces a full refresh */
    int area_permille;     /* changed pixels since the last full refresh, 1/1000 of screen */
    int fast_max_permille; /* UI updates larger than this go partial instead of fast */
};

/* What the policy remembers between frames (caller storage; zero it or call _init). */
struct render_refresh_state {
    int turns_since_full;
    int64_t changed_since_full; /* pixels */
    struct render_rect pending; /* clock damage not shown yet */
    int64_t pending_pixels;
};

struct render_frame_info {
    int w, h; /* screen size */
    enum render_reason reason;
    bool is_night;
    int image_permille; /* area of images on the new page, 1/1000 of the page */
    int status_y;       /* first row of the status band (0 = none): changes below it are status,
                         * shown in grayscale apart from a fast UI change */
};

struct render_update {
    enum render_update_kind kind;
    struct render_rect region;
    int64_t changed_pixels; /* pixels inside region that actually changed */
};

void render_refresh_policy_default(struct render_refresh_policy *p);
void render_refresh_state_init(struct render_refresh_state *s);

/* Finds what differs between prev and cur (same size): up to QUIRE_DAMAGE_MAX_RECTS bands of
 * changed rows, each narrowed to its changed columns; bands closer than
 * QUIRE_DAMAGE_MERGE_GAP_PX rows are joined. An identical frame gives count 0. */
void render_damage_find(const struct canvas *prev, const struct canvas *cur,
                        struct render_damage *out);
/* The same, but no rect spans row split_y (the status band's top; 0 = no split). */
void render_damage_find_split(const struct canvas *prev, const struct canvas *cur, int split_y,
                              struct render_damage *out);

/* Decides the updates for one frame. Writes at most min(max_out, QUIRE_REFRESH_MAX_UPDATES)
 * updates to out and returns how many (0 when nothing must be refreshed). A full refresh is one
 * full-screen update; otherwise each damage rect becomes an update of its kind (fast for a
 * small UI change, partial for page turns and the status band), and rects of one kind merge
 * only when their union adds little unchanged area (at most their own area or
 * QUIRE_REFRESH_MERGE_SLACK_PX), or when more rects than updates remain (then the pair whose
 * union adds the least). A page turn that changes nothing does not count toward N. Updates
 * the state. Pure: same inputs, same result. */
int render_refresh_decide(const struct render_refresh_policy *policy,
                          struct render_refresh_state *state, const struct render_frame_info *info,
                          const struct render_damage *damage, struct render_update *out,
                          int max_out);

#endif
