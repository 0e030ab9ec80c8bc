/* image_pixels: operations on gray pixels: the box filter (scaling down averages the source
 * pixels each destination pixel covers, which keeps fine print legible where nearest-neighbour
 * drops strokes), the count of grays used, and quantising to a panel's levels. */
#include <string.h>

#include "image.h"

int image_box_sample(const struct image_gray *src, int dx, int dy, int dw, int dh)
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

enum quire_status image_scale(const struct image_gray *src, int w, int h, struct image_gray *out,
                              struct quire_err *err)
{
    enum quire_status st = image_gray_init(out, w, h, err);
    if (st)
        return st;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            out->pixels[(size_t)y * out->stride + x] = (uint8_t)image_box_sample(src, x, y, w, h);
    return QUIRE_OK;
}

int image_count_levels(const struct image_gray *img)
{
    uint8_t seen[256];
    memset(seen, 0, sizeof seen);
    int n = 0;
    for (int y = 0; y < img->h && n < 256; y++) {
        const uint8_t *row = img->pixels + (size_t)y * img->stride;
        for (int x = 0; x < img->w; x++)
            if (!seen[row[x]]) {
                seen[row[x]] = 1;
                n++;
            }
    }
    return n;
}

void image_quantize(struct image_gray *img, int levels)
{
    if (levels < 2)
        levels = 2;
    if (levels > 256)
        levels = 256;
    uint8_t map[256];
    for (int v = 0; v < 256; v++)
        map[v] = (uint8_t)(((v * (levels - 1) + 127) / 255) * 255 / (levels - 1));
    for (int y = 0; y < img->h; y++) {
        uint8_t *row = img->pixels + (size_t)y * img->stride;
        for (int x = 0; x < img->w; x++)
            row[x] = map[row[x]];
    }
}
