/* ui_text: labels for the UI. Text is set by the typesetter (layout_label_create: font
 * fallback, bidi, shaping, ellipsis) once per (text, size, width, lines, weight, language) and
 * kept in a small LRU cache, so redrawing a screen every frame shapes nothing new. Drawing
 * aligns the label's ink in a rectangle: "start" is the left in a left-to-right UI and the
 * right in a right-to-left one. Start reading at ui_text_get. */
#ifndef QUIRE_UI_TEXT_H
#define QUIRE_UI_TEXT_H

#include <stdbool.h>

#include "layout.h"
#include "render.h"

/* START and END follow the UI's direction; NATURAL follows the text's own (a Persian title
 * sits right even in an English UI). */
enum ui_align { UI_ALIGN_START, UI_ALIGN_END, UI_ALIGN_CENTER, UI_ALIGN_NATURAL };

struct ui_text_style {
    int px;        /* font size, px */
    int max_lines; /* 0 = 1 */
    bool is_bold;
    enum ui_align align;
    bool is_vcenter; /* centred vertically in the rectangle (else at its top) */
};

typedef struct ui_texts ui_texts;

enum quire_status ui_texts_create(struct layout_fonts *fonts, struct layout_cache *cache,
                                  ui_texts **out, struct quire_err *err);
/* ui_texts_destroy(NULL) is a no-op. */
void ui_texts_destroy(ui_texts *t);

/* The label for text in style at most max_w wide; borrowed until max(QUIRE_UI_LABEL_CACHE)
 * other labels were asked for. NULL with err set on failure (invalid UTF-8, out of memory). */
const struct layout_label *ui_text_get(ui_texts *t, const char *text, const char *lang,
                                       const struct ui_text_style *style, int max_w,
                                       struct quire_err *err);

/* Draws text into r of c (clipped to r), aligned as style says, mirrored when is_rtl_ui. Sets
 * *used (may be NULL) to the ink box drawn. */
enum quire_status ui_text_draw(ui_texts *t, render *rd, struct canvas *c, const char *text,
                               const char *lang, const struct ui_text_style *style,
                               struct render_rect r, bool is_rtl_ui, struct render_rect *used,
                               struct quire_err *err);

/* Width in px of text's widest line in style, for layouts that size boxes to their text. */
int ui_text_width(ui_texts *t, const char *text, const char *lang,
                  const struct ui_text_style *style, int max_w);

#endif
