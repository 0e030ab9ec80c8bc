/* render_canvas: grayscale canvas operations and rectangle helpers. See render_canvas.h. */
#include "render_canvas.h"

#include <string.h>

#include "config.h"
#include "image.h"
#include "quire_util.h"

enum { CANVAS_MAX_SIDE = 16384 };

enum quire_status render_canvas_init(struct canvas *c, int w, int h, struct quire_err *err)
{
    memset(c, 0, sizeof *c);
    if (w < 1 || h < 1 || w > CANVAS_MAX_SIDE || h > CANVAS_MAX_SIDE)
        return quire_err_set(err, QUIRE_EINVAL, "canvas: bad size %dx%d", w, h);
    c->pixels = quire_malloc((size_t)w * (size_t)h);
    if (!c->pixels)
        return quire_err_set(err, QUIRE_ENOMEM, "canvas: out of memory for %dx%d", w, h);
    c->w = w;
    c->h = h;
    c->stride = w;
    memset(c->pixels, 255, (size_t)w * (size_t)h);
    return QUIRE_OK;
}

void render_canvas_fini(struct canvas *c)
{
    if (!c)
        return;
    quire_free(c->pixels);
    memset(c, 0, sizeof *c);
}

void render_canvas_copy(struct canvas *dst, const struct canvas *src)
{
    for (int y = 0; y < src->h; y++)
        memcpy(dst->pixels + (size_t)y * dst->stride, src->pixels + (size_t)y * src->stride,
               (size_t)src->w);
}

static struct render_rect clip(const struct canvas *c, struct render_rect r)
{
    return render_rect_intersect(r, (struct render_rect){0, 0, c->w, c->h});
}

void render_canvas_fill(struct canvas *c, struct render_rect r, uint8_t value)
{
    r = clip(c, r);
    for (int y = r.y; y < r.y + r.h; y++)
        memset(c->pixels + (size_t)y * c->stride + r.x, value, (size_t)r.w);
}

void render_canvas_outline(struct canvas *c, struct render_rect r, int t, uint8_t value)
{
    if (t * 2 >= r.w || t * 2 >= r.h) {
        render_canvas_fill(c, r, value);
        return;
    }
    render_canvas_fill(c, (struct render_rect){r.x, r.y, r.w, t}, value);
    render_canvas_fill(c, (struct render_rect){r.x, r.y + r.h - t, r.w, t}, value);
    render_canvas_fill(c, (struct render_rect){r.x, r.y + t, t, r.h - 2 * t}, value);
    render_canvas_fill(c, (struct render_rect){r.x + r.w - t, r.y + t, t, r.h - 2 * t}, value);
}

void render_canvas_quantize(struct canvas *c, int levels)
{
    if (levels < 2 || levels >= 256)
        return;
    if (levels == 2) { /* every fast update: a threshold, eight pixels per word */
        for (int y = 0; y < c->h; y++) {
            uint8_t *row = c->pixels + (size_t)y * c->stride;
            int x = 0;
            for (; x + 8 <= c->w; x += 8) {
                uint64_t w;
                memcpy(&w, row + x, 8);
                w = ((w >> 7) & 0x0101010101010101u) * 0xFF; /* top bit -> 0x00 or 0xFF */
                memcpy(row + x, &w, 8);
            }
            for (; x < c->w; x++)
                row[x] = (uint8_t) - (row[x] >> 7);
        }
        return;
    }
    struct image_gray img = {c->w, c->h, c->stride, c->pixels};
    image_quantize(&img, levels);
}

void render_canvas_invert(struct canvas *c, struct render_rect r)
{
    r = clip(c, r);
    for (int y = r.y; y < r.y + r.h; y++) {
        uint8_t *row = c->pixels + (size_t)y * c->stride;
        for (int x = r.x; x < r.x + r.w; x++)
            row[x] = (uint8_t)(255 - row[x]);
    }
}

int render_canvas_count_levels(const struct canvas *c)
{
    struct image_gray img = {c->w, c->h, c->stride, c->pixels};
    return image_count_levels(&img);
}

bool render_rect_is_empty(struct render_rect r)
{
    return r.w <= 0 || r.h <= 0;
}

struct render_rect render_rect_union(struct render_rect a, struct render_rect b)
{
    if (render_rect_is_empty(a))
        return b;
    if (render_rect_is_empty(b))
        return a;
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (struct render_rect){x0, y0, x1 - x0, y1 - y0};
}

struct render_rect render_rect_intersect(struct render_rect a, struct render_rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0)
        return (struct render_rect){0, 0, 0, 0};
    return (struct render_rect){x0, y0, x1 - x0, y1 - y0};
}

bool render_rect_contains(struct render_rect outer, struct render_rect inner)
{
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
           inner.y + inner.h <= outer.y + outer.h;
}
