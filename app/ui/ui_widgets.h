/* ui_widgets: the pieces screens are made of, as plain functions over values (no widget
 * tree): text in a box, the header and footer bands, rows of a paged list, boxes of a modal,
 * selection outlines. Geometry is written left to right and mirrored once, by ui_mirror, in a
 * right-to-left UI; a widget is drawn and hit-tested from the same rectangle function, so what
 * is drawn in one place cannot be tapped in another. */
#ifndef QUIRE_UI_WIDGETS_H
#define QUIRE_UI_WIDGETS_H

#include "ui_screen.h"
#include "ui_text.h"

/* r mirrored across the screen's width in a right-to-left UI (else r). */
struct render_rect ui_mirror(const struct ui *ui, struct render_rect r);
bool ui_rect_hit(struct render_rect r, int x, int y);

/* Text sizes, px at 300 dpi (scaled by ui_px). */
enum ui_size { UI_SIZE_BODY, UI_SIZE_SMALL, UI_SIZE_TITLE };
int ui_size_px(const struct ui *ui, enum ui_size size);

/* Draws text in r (clipped to it). lang may be NULL. */
enum quire_status ui_draw_text(struct ui *ui, struct canvas *c, const char *text, const char *lang,
                               enum ui_size size, bool is_bold, int max_lines, enum ui_align align,
                               struct render_rect r, struct quire_err *err);

/* The header band (title at the start, aside at the end, a rule under it); returns its height. */
int ui_header_h(const struct ui *ui);
enum quire_status ui_draw_header(struct ui *ui, struct canvas *c, const char *title,
                                 const char *aside, struct quire_err *err);
/* The same band with its top at y (a panel's title row). */
enum quire_status ui_draw_band(struct ui *ui, struct canvas *c, int y, const char *title,
                               const char *aside, struct quire_err *err);

/* The footer band of a paged list: "Page N of M" in the middle, arrows at the sides. */
int ui_footer_h(const struct ui *ui);
enum quire_status ui_draw_footer(struct ui *ui, struct canvas *c, int page, int pages,
                                 struct quire_err *err);
/* -1 for the page-back arrow's half, +1 for the forward half, 0 when (x, y) is elsewhere. */
int ui_footer_hit(const struct ui *ui, int x, int y);

/* Equal rows from y (logical, left to right; ui_rows_rect mirrors). */
struct ui_rows {
    int x, y, w, row_h, count;
};
struct render_rect ui_rows_rect(const struct ui *ui, const struct ui_rows *rows, int i);
int ui_rows_hit(const struct ui *ui, const struct ui_rows *rows, int x, int y); /* -1: none */

/* A selection outline around r; a thin rule; a modal box (white, framed). */
void ui_draw_selection(struct ui *ui, struct canvas *c, struct render_rect r);
void ui_draw_rule(struct ui *ui, struct canvas *c, int x, int y, int w);
void ui_draw_box(struct ui *ui, struct canvas *c, struct render_rect r);

/* The age of t (unix s) in the UI language: `ago` formatted with "3 hours", or `now` under a
 * minute; empty when t is unknown (0). */
void ui_ago_text(struct ui *ui, int64_t t, enum ui_msg ago, enum ui_msg now, char *out, size_t n);

#endif
