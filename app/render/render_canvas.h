/* render_canvas: the 8-bit grayscale framebuffer every page is drawn into (0 = black,
 * 255 = white), plus the few whole-canvas operations the renderer and the platforms share:
 * fill, quantise to a panel's gray levels, invert for night mode, PNG in and out.
 * Invariant: pixels has h rows of stride >= w bytes; a canvas is plain data owned by whoever
 * called render_canvas_init (release with render_canvas_fini). */
#ifndef QUIRE_RENDER_CANVAS_H
#define QUIRE_RENDER_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

#include "quire_error.h"

struct canvas {
    int w, h, stride;
    uint8_t *pixels;
};

struct render_rect {
    int x, y, w, h;
};

/* Allocates a w x h canvas filled with white. QUIRE_EINVAL for sizes outside 1..16384. */
enum quire_status render_canvas_init(struct canvas *c, int w, int h, struct quire_err *err);
/* Frees the pixels; safe on a zeroed or already finished canvas. */
void render_canvas_fini(struct canvas *c);
/* Copies src into dst, which must have the same size. */
void render_canvas_copy(struct canvas *dst, const struct canvas *src);
/* Fills r (clipped to the canvas) with value. */
void render_canvas_fill(struct canvas *c, struct render_rect r, uint8_t value);
/* Draws the outline of r (clipped), t px thick inside r, with value. */
void render_canvas_outline(struct canvas *c, struct render_rect r, int t, uint8_t value);
/* Rounds every pixel to the nearest of `levels` evenly spaced grays (2..256). */
void render_canvas_quantize(struct canvas *c, int levels);
/* 255 - v for every pixel of r (night mode). */
void render_canvas_invert(struct canvas *c, struct render_rect r);
/* How many distinct gray values the canvas uses (1..256). */
int render_canvas_count_levels(const struct canvas *c);

/* Writes the canvas as an 8-bit grayscale PNG (atomically: temp file then rename). */
enum quire_status render_png_write(const struct canvas *c, const char *path, struct quire_err *err);
/* Reads a PNG of any colour type into a fresh grayscale canvas (luma). Images larger than
 * QUIRE_IMAGE_MAX_PIXELS are refused with QUIRE_ETOOBIG. */
enum quire_status render_png_read(const char *path, struct canvas *out, struct quire_err *err);

/* Rectangle helpers. */
bool render_rect_is_empty(struct render_rect r);
struct render_rect render_rect_union(struct render_rect a, struct render_rect b);
struct render_rect render_rect_intersect(struct render_rect a, struct render_rect b);
bool render_rect_contains(struct render_rect outer, struct render_rect inner);

#endif
