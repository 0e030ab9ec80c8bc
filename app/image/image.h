/* image: the one place Quire turns image files into 8-bit gray pixels and back. Decodes JPEG
 * (libjpeg-turbo), PNG (libpng), WebP (libwebp) and the first frame of a GIF (giflib), sniffed
 * by signature, to gray (0 = black, 255 = white; transparency composited over white, the page's
 * colour); scales with a box filter; encodes gray JPEG and PNG. The renderer (app/render) draws
 * what it decodes; the publisher (app/feed) re-encodes pictures for bundles.
 * Untrusted input: every decoder reads the declared size first and refuses one past
 * QUIRE_IMAGE_MAX_PIXELS or QUIRE_IMAGE_MAX_SIDE before it allocates, so memory stays bounded;
 * broken or truncated files fail with QUIRE_EFORMAT and one line naming the file.
 * Depends on core only. Start reading at image_decode. */
#ifndef QUIRE_IMAGE_H
#define QUIRE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

enum image_format {
    IMAGE_UNKNOWN = 0,
    IMAGE_JPEG,
    IMAGE_PNG,
    IMAGE_WEBP,
    IMAGE_GIF,
};

/* Gray pixels: h rows of stride >= w bytes, allocated with quire_malloc (so another module may
 * take the buffer over and free it with quire_free). A zeroed struct is an empty image. */
struct image_gray {
    int w, h, stride;
    uint8_t *pixels;
};

/* The format of data by its signature (IMAGE_UNKNOWN for anything else). */
enum image_format image_sniff(const void *data, size_t len);
/* "image/jpeg", "image/png", "image/webp", "image/gif"; NULL for IMAGE_UNKNOWN. */
const char *image_format_mime(enum image_format f);

/* Decodes data (any of the four formats) into a fresh gray image; name is used in messages.
 * QUIRE_ETOOBIG past the caps (file bytes, pixels, side), QUIRE_EFORMAT for anything broken
 * or not an image. On error *out is zeroed. */
enum quire_status image_decode(const void *data, size_t len, const char *name,
                               struct image_gray *out, struct quire_err *err);

/* A white w x h image. QUIRE_ETOOBIG outside 1..QUIRE_IMAGE_MAX_SIDE or past the pixel cap. */
enum quire_status image_gray_init(struct image_gray *img, int w, int h, struct quire_err *err);
/* Frees the pixels; safe on a zeroed or finished image. */
void image_gray_fini(struct image_gray *img);
/* Checks a declared size against the caps before anything is allocated for it. */
enum quire_status image_check_size(uint64_t w, uint64_t h, const char *name, struct quire_err *err);

/* Mean of the pixels of src under pixel (dx, dy) of a dw x dh scaling of it (box filter).
 * The renderer samples through it while dithering; image_scale fills a whole image. */
int image_box_sample(const struct image_gray *src, int dx, int dy, int dw, int dh);
/* A w x h box-filtered copy of src into a fresh *out. */
enum quire_status image_scale(const struct image_gray *src, int w, int h, struct image_gray *out,
                              struct quire_err *err);
/* How many distinct gray values img uses (1..256). */
int image_count_levels(const struct image_gray *img);
/* Rounds every pixel to the nearest of levels evenly spaced grays (2..256). */
void image_quantize(struct image_gray *img, int levels);

/* Encodes img as an 8-bit gray PNG or a baseline gray JPEG (quality 1..100) into a fresh
 * buffer (*data, free with quire_free). name is used in messages. */
enum quire_status image_encode_png(const struct image_gray *img, const char *name, void **data,
                                   size_t *len, struct quire_err *err);
enum quire_status image_encode_jpeg(const struct image_gray *img, int quality, const char *name,
                                    void **data, size_t *len, struct quire_err *err);

#endif
