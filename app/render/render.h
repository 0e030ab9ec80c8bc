/* render: draws typeset pages (app/typeset/layout.h) into an 8-bit grayscale canvas at the
 * panel's resolution. Glyphs come from FreeType (light hinting at >= 200 dpi, normal below)
 * through a bounded LRU glyph cache; a darkness curve thickens anti-aliased edges for e-ink's
 * low contrast; images are decoded (app/image), scaled and dithered to the panel's gray levels;
 * night mode inverts the result but for photographs. UI chrome (status line, lists, menus)
 * is app/ui's: it draws labels (layout.h) with render_page_draw_at.
 * Invariant: after render_frame_into the canvas uses only the panel's gray levels.
 * Threads: one render handle per thread. Start reading at render_frame_into. */
#ifndef QUIRE_RENDER_H
#define QUIRE_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "quire_error.h"
#include "render_canvas.h"

typedef struct render render;

struct render_settings {
    int gray_levels; /* panel levels: 2..256 (16 on Kobo/Kindle, 2 on e-paper modules) */
    int dpi;         /* panel dpi: picks hinting */
    int darkness;    /* 0..100: 0 = FreeType's coverage, 100 = much bolder edges */
    bool is_night;   /* white on black (photographs stay as they are) */
};

/* Gives the encoded bytes of an image named src (owned by the caller of the callback, freed
 * with quire_free). Returning an error draws a placeholder frame instead. */
typedef enum quire_status (*render_fetch_fn)(void *ctx, const char *src, void **data, size_t *len,
                                             struct quire_err *err);

void render_settings_default(struct render_settings *s, int gray_levels, int dpi);

enum quire_status render_create(const struct render_settings *s, render **out,
                                struct quire_err *err);
/* render_destroy(NULL) is a no-op. */
void render_destroy(render *r);
void render_set_night(render *r, bool is_night);
/* A new text darkness (0..100): glyphs are drawn again with the new tone. */
enum quire_status render_set_darkness(render *r, int darkness, struct quire_err *err);
bool render_is_night(const render *r);
/* fetch/ctx serve images of the pages drawn from now on (NULL: images draw as frames). */
void render_set_fetch(render *r, render_fetch_fn fetch, void *ctx);

/* Draws page (a typeset page, or a label's, layout_label_page) with its origin at (dx, dy),
 * touching only pixels inside clip. Draws over what is there (no background). page may be
 * NULL (nothing drawn). */
enum quire_status render_page_draw_at(render *r, struct canvas *c, const struct layout_page *page,
                                      int dx, int dy, struct render_rect clip,
                                      struct quire_err *err);

/* Night mode for a frame drawn in layers: begin before drawing a layer, finish after it with
 * the layer's bounds; in night mode finish inverts the bounds except the photographs drawn
 * since begin. No-ops by day. */
void render_night_begin(render *r);
void render_night_finish(render *r, struct canvas *c, struct render_rect bounds);

/* One whole screen of one page: white background, the page from (0,0), night mode. page may
 * be NULL (a blank screen). */
enum quire_status render_frame_into(render *r, const struct layout_page *page, struct canvas *c,
                                    struct quire_err *err);

/* The panel gray level nearest to value (0 black .. 255 white), for UI fills and rules. */
uint8_t render_gray(const render *r, int value);

/* Area of the page's images, clipped to the page, in 1/1000 of the page's area (the layout
 * page's width x height, i.e. the screen without the status band; screen_w x screen_h when the
 * page has no size). The full-refresh rule's input. */
int render_page_image_permille(const struct layout_page *page, int screen_w, int screen_h);

/* Glyph cache counters, for benches and tests. */
struct render_cache_stats {
    size_t entries, bytes, hits, misses, evictions;
};
void render_cache_stats_get(const render *r, struct render_cache_stats *out);

/* ---- lower level, shared by the page renderer and tests ---- */
/* Decodes a JPEG, PNG, WebP or GIF (sniffed by signature; app/image) into a fresh grayscale
 * canvas; name is used in messages. Sizes past QUIRE_IMAGE_MAX_PIXELS fail with QUIRE_ETOOBIG. */
enum quire_status render_image_decode(const void *data, size_t len, const char *name,
                                      struct canvas *out, struct quire_err *err);
/* Scales src into the rect r of dst (box filter) and dithers it to levels gray levels
 * (Floyd-Steinberg error diffusion). */
void render_image_draw(struct canvas *dst, struct render_rect r, const struct canvas *src,
                       int levels);
/* The same, drawing only inside clip (the page area: images never spill into the status band). */
void render_image_draw_clipped(struct canvas *dst, struct render_rect r, struct render_rect clip,
                               const struct canvas *src, int levels);

#endif
