/* ui_rotate: the rotation setting. Screens draw on a logical canvas the size of the rotated
 * panel; the shell copies only each update's rectangle, turned, into the panel's own picture,
 * and turns contacts on the panel back into logical coordinates. Degrees are clockwise: at 90
 * the top of the picture lies along the panel's right edge. */
#ifndef QUIRE_UI_ROTATE_H
#define QUIRE_UI_ROTATE_H

#include "render_canvas.h"

/* The logical size for a panel of W x H at deg (0, 90, 180, 270; anything else is 0). */
void ui_rotate_size(int deg, int W, int H, int *w, int *h);
/* A rectangle of a logical w x h picture, on the panel. */
struct render_rect ui_rotate_rect(int deg, int w, int h, struct render_rect r);
/* Copies rectangle r of the logical picture src into the panel picture dst, turned. */
void ui_rotate_copy(int deg, const struct canvas *src, struct canvas *dst, struct render_rect r);
/* A point on the panel as a point of the logical w x h picture. */
void ui_rotate_point_back(int deg, int w, int h, int px, int py, int *x, int *y);

#endif
