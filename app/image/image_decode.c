/* image_decode: sniffing, the size caps every decoder checks first, the gray image's
 * allocation, PNG in and out (libpng's simplified API), and the dispatch to the decoders of the
 * other formats (image_jpeg.c, image_webp.c, image_gif.c). */
#include <png.h>
#include <string.h>

#include "config.h"
#include "image.h"
#include "image_internal.h"
#include "quire_util.h"

enum image_format image_sniff(const void *data, size_t len)
{
    const unsigned char *b = data;
    if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return IMAGE_PNG;
    if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return IMAGE_JPEG;
    if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
        return IMAGE_WEBP;
    if (len >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
        return IMAGE_GIF;
    return IMAGE_UNKNOWN;
}

const char *image_format_mime(enum image_format f)
{
    switch (f) {
    case IMAGE_JPEG:
        return "image/jpeg";
    case IMAGE_PNG:
        return "image/png";
    case IMAGE_WEBP:
        return "image/webp";
    case IMAGE_GIF:
        return "image/gif";
    default:
        return NULL;
    }
}

enum quire_status image_check_size(uint64_t w, uint64_t h, const char *name, struct quire_err *err)
{
    if (w < 1 || h < 1)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: image has no pixels (%llux%llu)", name,
                             (unsigned long long)w, (unsigned long long)h);
    if (w > QUIRE_IMAGE_MAX_SIDE || h > QUIRE_IMAGE_MAX_SIDE ||
        w * h > (uint64_t)QUIRE_IMAGE_MAX_PIXELS)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: image %llux%llu is too large", name,
                             (unsigned long long)w, (unsigned long long)h);
    return QUIRE_OK;
}

enum quire_status image_gray_init(struct image_gray *img, int w, int h, struct quire_err *err)
{
    memset(img, 0, sizeof *img);
    enum quire_status st =
        image_check_size(w < 0 ? 0 : (uint64_t)w, h < 0 ? 0 : (uint64_t)h, "image", err);
    if (st)
        return st;
    img->pixels = quire_malloc((size_t)w * (size_t)h);
    if (!img->pixels)
        return quire_err_set(err, QUIRE_ENOMEM, "image: out of memory for %dx%d", w, h);
    img->w = w;
    img->h = h;
    img->stride = w;
    memset(img->pixels, 255, (size_t)w * (size_t)h);
    return QUIRE_OK;
}

void image_gray_fini(struct image_gray *img)
{
    if (!img)
        return;
    quire_free(img->pixels);
    memset(img, 0, sizeof *img);
}

static enum quire_status png_decode(const void *data, size_t len, const char *name,
                                    struct image_gray *out, struct quire_err *err)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken PNG image (%s)", name, img.message);
    enum quire_status st = image_check_size(img.width, img.height, name, err);
    if (!st)
        st = image_gray_init(out, (int)img.width, (int)img.height, err);
    if (st) {
        png_image_free(&img);
        return st;
    }
    img.format = PNG_FORMAT_GRAY;
    /* Transparent pixels composite over white, the page colour. */
    png_color bg = {255, 255, 255};
    if (!png_image_finish_read(&img, &bg, out->pixels, out->stride, NULL)) {
        image_gray_fini(out);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken PNG image (%s)", name, img.message);
    }
    return QUIRE_OK;
}

enum quire_status image_encode_png(const struct image_gray *in, const char *name, void **data,
                                   size_t *len, struct quire_err *err)
{
    *data = NULL;
    *len = 0;
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)in->w;
    img.height = (png_uint_32)in->h;
    img.format = PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    if (!png_image_write_get_memory_size(img, size, 0, in->pixels, in->stride, NULL))
        return quire_err_set(err, QUIRE_EIO, "%s: cannot encode PNG: %s", name, img.message);
    void *mem = quire_malloc(size);
    if (!mem)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory encoding PNG", name);
    if (!png_image_write_to_memory(&img, mem, &size, 0, in->pixels, in->stride, NULL)) {
        quire_free(mem);
        return quire_err_set(err, QUIRE_EIO, "%s: cannot encode PNG: %s", name, img.message);
    }
    *data = mem;
    *len = size;
    return QUIRE_OK;
}

enum quire_status image_decode(const void *data, size_t len, const char *name,
                               struct image_gray *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)QUIRE_IMAGE_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: image file is too large", name);
    switch (image_sniff(data, len)) {
    case IMAGE_PNG:
        return png_decode(data, len, name, out, err);
    case IMAGE_JPEG:
        return image_jpeg_decode(data, len, name, out, err);
    case IMAGE_WEBP:
        return image_webp_decode(data, len, name, out, err);
    case IMAGE_GIF:
        return image_gif_decode(data, len, name, out, err);
    default:
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not a JPEG, PNG, WebP or GIF image", name);
    }
}
