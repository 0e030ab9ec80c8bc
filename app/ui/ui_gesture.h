/* ui_gesture: what a pointer contact means. Pure: raw pointer events (down, move, up) with
 * their times in, at most one gesture out: a tap, a hold (a contact that stays put for
 * QUIRE_HOLD_MS; it fires while the finger is still down, as on Kobo and KOReader) or a swipe
 * (a contact that travelled QUIRE_SWIPE_MIN_MM). One threshold for every backend: the backends
 * report raw contacts and nothing else. Start reading at ui_gesture_feed. */
#ifndef QUIRE_UI_GESTURE_H
#define QUIRE_UI_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

enum ui_gesture_type { UI_GESTURE_NONE, UI_GESTURE_TAP, UI_GESTURE_HOLD, UI_GESTURE_SWIPE };
enum ui_dir { UI_DIR_LEFT, UI_DIR_RIGHT, UI_DIR_UP, UI_DIR_DOWN };

struct ui_gesture {
    enum ui_gesture_type type;
    int x, y;        /* where the contact went down, screen px */
    enum ui_dir dir; /* swipes: where the content moves */
};

enum ui_contact { UI_CONTACT_DOWN, UI_CONTACT_MOVE, UI_CONTACT_UP };

/* Caller storage; zero it or call ui_gesture_init. */
struct ui_gesture_state {
    int swipe_min_px;
    bool is_down, has_moved_far, has_held;
    int down_x, down_y;
    int64_t down_ms;
};

/* dpi gives the swipe threshold in px. */
void ui_gesture_init(struct ui_gesture_state *s, int dpi);
/* Feeds one contact at time now_ms; true when it completes a gesture in *out. */
bool ui_gesture_feed(struct ui_gesture_state *s, enum ui_contact c, int x, int y, int64_t now_ms,
                     struct ui_gesture *out);
/* When a contact is down and may still become a hold: the time it does (else -1). */
int64_t ui_gesture_deadline(const struct ui_gesture_state *s);
/* Called when time passes without input: true when the contact down has become a hold. */
bool ui_gesture_tick(struct ui_gesture_state *s, int64_t now_ms, struct ui_gesture *out);

#endif
