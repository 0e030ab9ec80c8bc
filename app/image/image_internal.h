/* image_internal: the per-format decoders image_decode dispatches to. Each checks the declared
 * size with image_check_size before it allocates and zeroes *out on error. */
#ifndef QUIRE_IMAGE_INTERNAL_H
#define QUIRE_IMAGE_INTERNAL_H

#include "image.h"

enum quire_status image_jpeg_decode(const void *data, size_t len, const char *name,
                                    struct image_gray *out, struct quire_err *err);
enum quire_status image_webp_decode(const void *data, size_t len, const char *name,
                                    struct image_gray *out, struct quire_err *err);
enum quire_status image_gif_decode(const void *data, size_t len, const char *name,
                                   struct image_gray *out, struct quire_err *err);

#endif
