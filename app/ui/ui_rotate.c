/* ui_rotate: logical picture to panel and back, for the rotation setting (see ui_rotate.h). */
#include "ui_rotate.h"

#include <string.h>

static int norm(int deg)
{
    return deg == 90 || deg == 180 || deg == 270 ? deg : 0;
}

void ui_rotate_size(int deg, int W, int H, int *w, int *h)
{
    bool is_turned = norm(deg) == 90 || norm(deg) == 270;
    *w = is_turned ? H : W;
    *h = is_turned ? W : H;
}

struct render_rect ui_rotate_rect(int deg, int w, int h, struct render_rect r)
{
    switch (norm(deg)) {
    case 90:
        return (struct render_rect){h - r.y - r.h, r.x, r.h, r.w};
    case 180:
        return (struct render_rect){w - r.x - r.w, h - r.y - r.h, r.w, r.h};
    case 270:
        return (struct render_rect){r.y, w - r.x - r.w, r.h, r.w};
    default:
        return r;
    }
}

void ui_rotate_copy(int deg, const struct canvas *src, struct canvas *dst, struct render_rect r)
{
    int w = src->w, h = src->h;
    deg = norm(deg);
    for (int y = r.y; y < r.y + r.h; y++) {
        const uint8_t *row = src->pixels + (size_t)y * src->stride;
        if (deg == 0) {
            memcpy(dst->pixels + (size_t)y * dst->stride + r.x, row + r.x, (size_t)r.w);
            continue;
        }
        for (int x = r.x; x < r.x + r.w; x++) {
            int px = deg == 90 ? h - 1 - y : deg == 180 ? w - 1 - x : y;
            int py = deg == 90 ? x : deg == 180 ? h - 1 - y : w - 1 - x;
            dst->pixels[(size_t)py * dst->stride + px] = row[x];
        }
    }
}

void ui_rotate_point_back(int deg, int w, int h, int px, int py, int *x, int *y)
{
    switch (norm(deg)) {
    case 90:
        *x = py, *y = h - 1 - px;
        break;
    case 180:
        *x = w - 1 - px, *y = h - 1 - py;
        break;
    case 270:
        *x = w - 1 - py, *y = px;
        break;
    default:
        *x = px, *y = py;
    }
}
