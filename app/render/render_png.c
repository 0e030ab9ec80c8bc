/* render_png: canvases to and from PNG files (frames, `quire render` pages, goldens, tests);
 * the encoding and decoding are app/image's. Input size is capped before any allocation. */
#include <string.h>

#include "config.h"
#include "image.h"
#include "quire_util.h"
#include "render.h"

enum quire_status render_png_write(const struct canvas *c, const char *path, struct quire_err *err)
{
    struct image_gray img = {c->w, c->h, c->stride, c->pixels};
    void *mem = NULL;
    size_t size = 0;
    enum quire_status st = image_encode_png(&img, path, &mem, &size, err);
    if (!st)
        st = quire_file_write_atomic(path, mem, size, err);
    quire_free(mem);
    return st;
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
    st = render_image_decode(data, len, path, out, err);
    quire_free(data);
    return st;
}
