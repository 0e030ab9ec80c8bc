/* render_image: images for pages. Decoding is app/image's (JPEG, PNG, WebP, GIF to gray, sizes
 * capped before any allocation); here the picture is scaled with its box filter and dithered to
 * the panel's levels with Floyd-Steinberg error diffusion. */
#include <stddef.h>
#include <string.h>

#include "image.h"
#include "quire_util.h"
#include "render.h"

/* The canvas's pixels seen as an image (same layout; nothing copied). */
static struct image_gray canvas_as_image(const struct canvas *c)
{
    return (struct image_gray){c->w, c->h, c->stride, c->pixels};
}

enum quire_status render_image_decode(const void *data, size_t len, const char *name,
                                      struct canvas *out, struct quire_err *err)
{
    struct image_gray img;
    memset(out, 0, sizeof *out);
    enum quire_status st = image_decode(data, len, name, &img, err);
    if (st)
        return st;
    /* Both are quire_malloc'd rows of stride bytes: the canvas takes the buffer over. */
    *out = (struct canvas){img.w, img.h, img.stride, img.pixels};
    return QUIRE_OK;
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
    struct image_gray pic = canvas_as_image(src);
    for (int y = 0; y < r.h; y++) {
        memset(next - 1, 0, (size_t)(r.w + 2) * sizeof *next);
        for (int x = 0; x < r.w; x++) {
            int v = image_box_sample(&pic, x, y, r.w, r.h) + cur[x] / 16;
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
