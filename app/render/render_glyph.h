/* render_glyph (internal to render): FreeType faces by (file, face index, pixel size) and a
 * bounded LRU cache of rasterised glyphs, stored as ready-to-draw pixel values (coverage passed
 * through the caller's tone table once, at rasterisation). The byte budget is a hard cap: the
 * least recently used glyphs are dropped to stay under it. Pointers returned by
 * glyph_cache_get stay valid until the next glyph_cache_get call. */
#ifndef QUIRE_RENDER_GLYPH_H
#define QUIRE_RENDER_GLYPH_H

#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"
#include "render.h"

struct glyph_cache;

struct render_glyph {
    int w, h;              /* bitmap size */
    int left, top;         /* offset of the bitmap from the pen: x + left, baseline - top */
    int advance;           /* px, rounded (used by the status line) */
    const uint8_t *pixels; /* w*h bytes: tone[coverage]; 255 = no ink, drawn as min(dst, px) */
};

/* tone maps coverage (0..255) to the pixel value to draw; NULL = 255 - coverage. */
enum quire_status glyph_cache_create(size_t budget_bytes, int dpi, const uint8_t tone[256],
                                     struct glyph_cache **out, struct quire_err *err);
void glyph_cache_destroy(struct glyph_cache *gc);
/* The glyph `id` of the face (path, index) at size_px. */
enum quire_status glyph_cache_get(struct glyph_cache *gc, const char *path, int index,
                                  float size_px, uint32_t id, const struct render_glyph **out,
                                  struct quire_err *err);
/* The glyph index of code point cp in that face, 0 when it has none. */
uint32_t glyph_cache_char_index(struct glyph_cache *gc, const char *path, int index, float size_px,
                                uint32_t cp);
void glyph_cache_stats(const struct glyph_cache *gc, struct render_cache_stats *out);

#endif
