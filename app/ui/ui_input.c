/* ui_input: binding lookup, tap zones, swipe directions. See ui_input.h. */
#include "ui_input.h"

#include <string.h>

#include "config.h"

bool ui_input_lookup(const struct ui_binding *table, enum ui_trigger trigger, int code,
                     const char *text, enum ui_action *out)
{
    for (const struct ui_binding *b = table; b && b->trigger; b++) {
        if (b->trigger != trigger)
            continue;
        bool is_match = trigger == UI_TRIG_TEXT ? text && b->text && strcmp(text, b->text) == 0
                                                : b->code == code;
        if (is_match) {
            *out = b->action;
            return true;
        }
    }
    return false;
}

enum ui_zone ui_input_zone(int x, int y, int w, int h, bool is_rtl, bool is_left_handed)
{
    if ((int64_t)y * 1000 < (int64_t)h * QUIRE_TAP_MENU_PERMILLE)
        return UI_ZONE_MENU;
    bool is_back_left = is_rtl == is_left_handed; /* LTR, right hand: back on the left */
    int back_w = (int)((int64_t)w * QUIRE_TAP_BACK_PERMILLE / 1000);
    bool is_back = is_back_left ? x < back_w : x >= w - back_w;
    return is_back ? UI_ZONE_BACK : UI_ZONE_FORWARD;
}

enum ui_swipe ui_input_swipe(enum ui_dir dir, bool is_rtl)
{
    switch (dir) {
    case UI_DIR_LEFT:
        return is_rtl ? UI_SWIPE_BACKWARD : UI_SWIPE_FORWARD;
    case UI_DIR_RIGHT:
        return is_rtl ? UI_SWIPE_FORWARD : UI_SWIPE_BACKWARD;
    case UI_DIR_UP:
        return UI_SWIPE_UP;
    default:
        return UI_SWIPE_DOWN;
    }
}

const char *ui_input_key_label(enum platform_key key)
{
    static const char *const labels[PLATFORM_KEY_COUNT] = {
        [PLATFORM_KEY_NEXT] = "PgDn",         [PLATFORM_KEY_PREV] = "PgUp",
        [PLATFORM_KEY_LEFT] = "\xE2\x86\x90", [PLATFORM_KEY_RIGHT] = "\xE2\x86\x92",
        [PLATFORM_KEY_UP] = "\xE2\x86\x91",   [PLATFORM_KEY_DOWN] = "\xE2\x86\x93",
        [PLATFORM_KEY_MENU] = "Menu",         [PLATFORM_KEY_BACK] = "Esc",
        [PLATFORM_KEY_ENTER] = "Enter",       [PLATFORM_KEY_BACKSPACE] = "Backspace",
        [PLATFORM_KEY_HOME] = "Home",         [PLATFORM_KEY_END] = "End",
    };
    return key > 0 && key < PLATFORM_KEY_COUNT && labels[key] ? labels[key] : "?";
}
