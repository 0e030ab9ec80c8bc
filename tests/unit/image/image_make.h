/* image_make: real image files of each format made in memory for the tests (and the fuzz
 * seeds), with the formats' own encoders: libpng, libjpeg-turbo, libwebp (and libwebpmux for
 * animations), giflib. Every buffer is malloc'd; free with free(). */
#ifndef QUIRE_TEST_IMAGE_MAKE_H
#define QUIRE_TEST_IMAGE_MAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* From w x h RGBA pixels. */
uint8_t *make_png(const uint8_t *rgba, int w, int h, size_t *len);
uint8_t *make_jpeg(const uint8_t *rgba, int w, int h, int quality, bool progressive, size_t *len);
uint8_t *make_webp(const uint8_t *rgba, int w, int h, bool lossless, size_t *len);
/* Two frames: first, then second. */
uint8_t *make_webp_anim(const uint8_t *first, const uint8_t *second, int w, int h, size_t *len);
/* From palette indices and an RGB palette of ncolors (2..256, a power of two); transparent is
 * an index or -1; frames >= 1 (the later ones all index 0). */
uint8_t *make_gif(const uint8_t *idx, int w, int h, const uint8_t *palette_rgb, int ncolors,
                  int transparent, bool interlace, int frames, size_t *len);

/* A w x h RGBA test card: a horizontal gray ramp with colour bands, opaque. */
uint8_t *make_card(int w, int h);
/* Writes len bytes to path; false on failure. */
bool write_file(const char *path, const void *data, size_t len);

#endif
