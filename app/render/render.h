/* render: draws typeset pages (app/typeset/layout.h) into an 8-bit grayscale canvas at the
 * panel's resolution. Glyphs come from FreeType (light hinting at >= 200 dpi, normal below)
 * through a bounded LRU glyph cache; a darkness curve thickens anti-aliased edges for e-ink's
 * low contrast; images are decoded (PNG, JPEG), scaled and dithered to the panel's gray levels;
 * a status line sits in a reserved band at the bottom; night mode inverts the result.
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
    int gray_levels;         /* panel levels: 2..256 (16 on Kobo/Kindle, 2 on e-paper modules) */
    int dpi;                 /* panel dpi: picks hinting and scales the status band */
    int darkness;            /* 0..100: 0 = FreeType's coverage, 100 = much bolder edges */
    bool is_night;           /* white on black */
    bool has_status;         /* reserve and draw the status band */
    const char *status_font; /* font file for the status line; NULL = fonts/NotoSerif-Regular */
};

/* What the status line shows. The time is that of the last page turn, so the line changes
 * only with the page and a clock never forces a refresh on its own. */
struct render_status {
    int page, pages;   /* 1-based */
    const char *title; /* article title (shown when the status font covers it), may be NULL */
    const char *sync;  /* "synced 2h ago", "never synced", ... may be NULL */
    const char *clock; /* "10:42", may be NULL */
    /* The title shaped by the typesetter (font fallback, bidi): page 0 of a one-line layout at
     * render_status_font_px. Drawn instead of title when not NULL; glyphs no font has are
     * skipped. Borrowed. */
    const struct layout_page *title_shaped;
};

/* Gives the encoded bytes of an image named src (owned by the caller of the callback, freed
 * with quire_free). Returning an error draws a placeholder frame instead. */
typedef enum quire_status (*render_fetch_fn)(void *ctx, const char *src, void **data, size_t *len,
                                             struct quire_err *err);

void render_settings_default(struct render_settings *s, int gray_levels, int dpi);
/* Height in px of the status band for these settings (0 when has_status is false). The page
 * area the typesetter fills is the screen minus this band. */
int render_status_band_px(const struct render_settings *s);
/* Pixel size of the status line's text for these settings. */
int render_status_font_px(const struct render_settings *s);

enum quire_status render_create(const struct render_settings *s, render **out,
                                struct quire_err *err);
/* render_destroy(NULL) is a no-op. */
void render_destroy(render *r);
void render_set_night(render *r, bool is_night);
bool render_is_night(const render *r);
/* fetch/ctx serve images of the pages drawn from now on (NULL: images draw as frames). */
void render_set_fetch(render *r, render_fetch_fn fetch, void *ctx);

/* Draws one whole screen: white background, page content from (0,0), status band at the
 * bottom, then quantisation to the panel's levels and night inversion. page may be NULL (a
 * blank page, e.g. for an empty article). */
enum quire_status render_frame_into(render *r, const struct layout_page *page,
                                    const struct render_status *status, struct canvas *c,
                                    struct quire_err *err);

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
/* Decodes a PNG or JPEG (sniffed by signature) into a fresh grayscale canvas; name is used in
 * messages. Sizes past QUIRE_IMAGE_MAX_PIXELS fail with QUIRE_ETOOBIG. */
enum quire_status render_image_decode(const void *data, size_t len, const char *name,
                                      struct canvas *out, struct quire_err *err);
enum quire_status render_png_decode(const void *data, size_t len, struct canvas *out,
                                    const char *name, struct quire_err *err);
/* Scales src into the rect r of dst (box filter) and dithers it to levels gray levels
 * (Floyd-Steinberg error diffusion). */
void render_image_draw(struct canvas *dst, struct render_rect r, const struct canvas *src,
                       int levels);
/* The same, drawing only inside clip (the page area: images never spill into the status band). */
void render_image_draw_clipped(struct canvas *dst, struct render_rect r, struct render_rect clip,
                               const struct canvas *src, int levels);

#endif
