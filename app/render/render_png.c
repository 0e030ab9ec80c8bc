/* render_png: grayscale PNG output (frames, `quire render` pages, goldens) and PNG input for
 * tests, both through libpng's simplified API. Input size is capped before any allocation. */
#include <png.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "render_canvas.h"

enum quire_status render_png_write(const struct canvas *c, const char *path, struct quire_err *err)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)c->w;
    img.height = (png_uint_32)c->h;
    img.format = PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    if (!png_image_write_get_memory_size(img, size, 0, c->pixels, c->stride, NULL))
        return quire_err_set(err, QUIRE_EIO, "%s: cannot encode PNG: %s", path, img.message);
    void *mem = quire_malloc(size);
    if (!mem)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory encoding PNG", path);
    enum quire_status st = QUIRE_OK;
    if (!png_image_write_to_memory(&img, mem, &size, 0, c->pixels, c->stride, NULL))
        st = quire_err_set(err, QUIRE_EIO, "%s: cannot encode PNG: %s", path, img.message);
    else
        st = quire_file_write_atomic(path, mem, size, err);
    quire_free(mem);
    return st;
}

enum quire_status render_png_decode(const void *data, size_t len, struct canvas *out,
                                    const char *name, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not a PNG image (%s)", name, img.message);
    if ((uint64_t)img.width * img.height > QUIRE_IMAGE_MAX_PIXELS || img.width > 16384 ||
        img.height > 16384) {
        png_image_free(&img);
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: image %ux%u is too large", name, img.width,
                             img.height);
    }
    img.format = PNG_FORMAT_GRAY;
    enum quire_status st = render_canvas_init(out, (int)img.width, (int)img.height, err);
    if (st) {
        png_image_free(&img);
        return st;
    }
    /* Transparent pixels composite over white, the page colour. */
    png_color bg = {255, 255, 255};
    if (!png_image_finish_read(&img, &bg, out->pixels, out->stride, NULL)) {
        render_canvas_fini(out);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken PNG image (%s)", name, img.message);
    }
    return QUIRE_OK;
}

enum quire_status render_png_read(const char *path, struct canvas *out, struct quire_err *err)
{
    char *data = NULL;
    size_t len = 0;
    enum quire_status st = quire_file_read(path, QUIRE_IMAGE_MAX_BYTES, &data, &len, err);
    if (st) {
        memset(out, 0, sizeof *out);
        return st;
    }
    st = render_png_decode(data, len, out, path, err);
    quire_free(data);
    return st;
}
