/* ui_gesture: tap / hold / swipe from raw contacts. See ui_gesture.h. */
#include "ui_gesture.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"

void ui_gesture_init(struct ui_gesture_state *s, int dpi)
{
    memset(s, 0, sizeof *s);
    s->swipe_min_px = (int)((int64_t)QUIRE_SWIPE_MIN_MM * dpi * 10 / 254);
    if (s->swipe_min_px < 8)
        s->swipe_min_px = 8;
}

static bool is_far(const struct ui_gesture_state *s, int x, int y)
{
    return abs(x - s->down_x) >= s->swipe_min_px || abs(y - s->down_y) >= s->swipe_min_px;
}

static void swipe(const struct ui_gesture_state *s, int x, int y, struct ui_gesture *out)
{
    int dx = x - s->down_x, dy = y - s->down_y;
    out->type = UI_GESTURE_SWIPE;
    out->x = s->down_x;
    out->y = s->down_y;
    out->dir = abs(dx) > abs(dy) ? (dx < 0 ? UI_DIR_LEFT : UI_DIR_RIGHT)
                                 : (dy < 0 ? UI_DIR_UP : UI_DIR_DOWN);
}

bool ui_gesture_feed(struct ui_gesture_state *s, enum ui_contact c, int x, int y, int64_t now_ms,
                     struct ui_gesture *out)
{
    memset(out, 0, sizeof *out);
    switch (c) {
    case UI_CONTACT_DOWN:
        *s = (struct ui_gesture_state){s->swipe_min_px, true, false, false, x, y, now_ms};
        return false;
    case UI_CONTACT_MOVE:
        if (s->is_down && is_far(s, x, y))
            s->has_moved_far = true; /* no longer a tap or a hold */
        return false;
    case UI_CONTACT_UP:
        if (!s->is_down)
            return false;
        s->is_down = false;
        if (s->has_held)
            return false; /* the hold already fired */
        if (s->has_moved_far || is_far(s, x, y)) {
            swipe(s, x, y, out);
            return true;
        }
        /* A contact released after the hold time without a tick in between (a slow event
         * loop) is still a hold. */
        out->type = now_ms - s->down_ms >= QUIRE_HOLD_MS ? UI_GESTURE_HOLD : UI_GESTURE_TAP;
        out->x = s->down_x;
        out->y = s->down_y;
        return true;
    }
    return false;
}

int64_t ui_gesture_deadline(const struct ui_gesture_state *s)
{
    return s->is_down && !s->has_moved_far && !s->has_held ? s->down_ms + QUIRE_HOLD_MS : -1;
}

bool ui_gesture_tick(struct ui_gesture_state *s, int64_t now_ms, struct ui_gesture *out)
{
    int64_t at = ui_gesture_deadline(s);
    if (at < 0 || now_ms < at)
        return false;
    s->has_held = true;
    *out = (struct ui_gesture){UI_GESTURE_HOLD, s->down_x, s->down_y, UI_DIR_LEFT};
    return true;
}
