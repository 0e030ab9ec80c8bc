/* ui_status: the status line under an article's page: the title at the start, then the sync
 * state, the clock and the page at the end; mirrored in a right-to-left UI. Titles in any
 * script are shaped by the typesetter (ui_text). The time is that of the last page turn, so the
 * line changes only with the page and a clock never forces a refresh on its own. */
#ifndef QUIRE_UI_STATUS_H
#define QUIRE_UI_STATUS_H

#include <stdbool.h>

#include "render.h"
#include "ui_text.h"

struct ui_status {
    const char *title, *title_lang; /* may be NULL */
    const char *right;              /* "Synced 2 hours ago · 10:42 · 3 / 12": the end part */
};

/* Height of the band at the bottom of the screen, and its text size, for a panel's dpi. */
int ui_status_band_px(int dpi);
int ui_status_font_px(int dpi);

/* Draws the band (the last ui_status_band_px rows of c): a rule, the title, the end part. */
enum quire_status ui_status_draw(ui_texts *t, render *r, struct canvas *c, int dpi,
                                 const struct ui_status *s, bool is_rtl_ui, struct quire_err *err);

#endif
