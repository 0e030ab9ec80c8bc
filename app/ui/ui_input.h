/* ui_input: from input to actions. Binding tables are per screen ({trigger, code, action},
 * after dwm's keys[]); this module looks them up and is the one place where tap zones and
 * swipes are mirrored: a right-to-left article turns forward on the left, and the left-handed
 * setting swaps the sides again. Pure: no state. */
#ifndef QUIRE_UI_INPUT_H
#define QUIRE_UI_INPUT_H

#include <stdbool.h>

#include "ui_gesture.h"
#include "ui_screen.h"

/* The action bound to (trigger, code) or to the typed text; false when none is. */
bool ui_input_lookup(const struct ui_binding *table, enum ui_trigger trigger, int code,
                     const char *text, enum ui_action *out);

/* The zone under (x, y) of a w x h page: the top band opens the menu; the back zone is a
 * third on the side the page came from (left for a left-to-right article). */
enum ui_zone ui_input_zone(int x, int y, int w, int h, bool is_rtl, bool is_left_handed);
/* Which logical swipe a swipe with content moving in dir is. */
enum ui_swipe ui_input_swipe(enum ui_dir dir, bool is_rtl);

/* For the help screen: the trigger of a binding as the user knows it ("Right", "+", "tap
 * forward zone" is for the caller to word; this gives the key or character name). */
const char *ui_input_key_label(enum platform_key key);

#endif
