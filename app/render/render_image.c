/* render_image: images for pages. Decodes PNG (libpng) and JPEG (libjpeg-turbo) into gray,
 * scales with a box filter and dithers to the panel's levels with Floyd-Steinberg error
 * diffusion. Dimensions are checked against QUIRE_IMAGE_MAX_PIXELS before any allocation. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h> /* after stdio.h: it uses FILE and size_t */

#include "config.h"
#include "quire_util.h"
#include "render.h"

struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr cinfo)
{
    struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
    f->mgr.format_message(cinfo, f->msg);
    longjmp(f->jump, 1);
}

static void jpeg_quiet(j_common_ptr cinfo, int level) {}

static enum quire_status jpeg_decode(const void *data, size_t len, const char *name,
                                     struct canvas *out, struct quire_err *err)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_fail fail;
    /* volatile: read after longjmp */
    struct canvas *volatile result = out;
    memset(out, 0, sizeof *out);
    cinfo.err = jpeg_std_error(&fail.mgr);
    fail.mgr.error_exit = jpeg_fail_exit;
    fail.mgr.emit_message = jpeg_quiet;
    if (setjmp(fail.jump)) {
        jpeg_destroy_decompress(&cinfo);
        render_canvas_fini(result);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken JPEG image (%s)", name, fail.msg);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if ((uint64_t)cinfo.image_width * cinfo.image_height > QUIRE_IMAGE_MAX_PIXELS) {
        jpeg_destroy_decompress(&cinfo);
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: image %ux%u is too large", name,
                             cinfo.image_width, cinfo.image_height);
    }
    cinfo.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    enum quire_status st =
        render_canvas_init(out, (int)cinfo.output_width, (int)cinfo.output_height, err);
    if (st) {
        jpeg_destroy_decompress(&cinfo);
        return st;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out->pixels + (size_t)cinfo.output_scanline * out->stride;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return QUIRE_OK;
}

enum quire_status render_image_decode(const void *data, size_t len, const char *name,
                                      struct canvas *out, struct quire_err *err)
{
    const unsigned char *b = data;
    memset(out, 0, sizeof *out);
    if (len > (size_t)QUIRE_IMAGE_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: image file is too large", name);
    if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return render_png_decode(data, len, out, name, err);
    if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return jpeg_decode(data, len, name, out, err);
    return quire_err_set(err, QUIRE_EFORMAT, "%s: not a PNG or JPEG image", name);
}

/* Mean of the source pixels under destination pixel (dx, dy). */
static int box_sample(const struct canvas *src, int dx, int dy, int dw, int dh)
{
    int x0 = (int)((int64_t)dx * src->w / dw), x1 = (int)((int64_t)(dx + 1) * src->w / dw);
    int y0 = (int)((int64_t)dy * src->h / dh), y1 = (int)((int64_t)(dy + 1) * src->h / dh);
    if (x1 <= x0)
        x1 = x0 + 1;
    if (y1 <= y0)
        y1 = y0 + 1;
    int64_t sum = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            sum += src->pixels[(size_t)y * src->stride + x];
    return (int)(sum / ((int64_t)(x1 - x0) * (y1 - y0)));
}

static int nearest_level(int v, int levels)
{
    if (v < 0)
        v = 0;
    if (v > 255)
        v = 255;
    int step = (v * (levels - 1) + 127) / 255;
    return step * 255 / (levels - 1);
}

void render_image_draw(struct canvas *dst, struct render_rect r, const struct canvas *src,
                       int levels)
{
    render_image_draw_clipped(dst, r, (struct render_rect){0, 0, dst->w, dst->h}, src, levels);
}

void render_image_draw_clipped(struct canvas *dst, struct render_rect r, struct render_rect clip,
                               const struct canvas *src, int levels)
{
    clip = render_rect_intersect(render_rect_intersect(r, clip),
                                 (struct render_rect){0, 0, dst->w, dst->h});
    if (render_rect_is_empty(clip) || src->w < 1 || src->h < 1)
        return;
    /* Two rows of error, in 1/16 units, with one guard cell on each side. */
    int *err_rows = quire_calloc((size_t)2 * (r.w + 2), sizeof *err_rows);
    if (!err_rows)
        return; /* out of memory: leave the image out rather than fail the page */
    int *cur = err_rows + 1, *next = err_rows + r.w + 3;
    for (int y = 0; y < r.h; y++) {
        memset(next - 1, 0, (size_t)(r.w + 2) * sizeof *next);
        for (int x = 0; x < r.w; x++) {
            int v = box_sample(src, x, y, r.w, r.h) + cur[x] / 16;
            int q = nearest_level(v, levels);
            int e = v - q;
            cur[x + 1] += e * 7;
            next[x - 1] += e * 3;
            next[x] += e * 5;
            next[x + 1] += e;
            int px = r.x + x, py = r.y + y;
            if (px >= clip.x && px < clip.x + clip.w && py >= clip.y && py < clip.y + clip.h)
                dst->pixels[(size_t)py * dst->stride + px] = (uint8_t)q;
        }
        int *t = cur;
        cur = next;
        next = t;
    }
    quire_free(err_rows);
}
