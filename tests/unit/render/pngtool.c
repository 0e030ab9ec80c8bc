/* pngtool: a small helper for the golden and cli test scripts (no test framework needed).
 *   quire-pngtool info FILE          prints "W H LEVELS" (distinct gray values)
 *   quire-pngtool diff A B [PERMILLE] compares two grayscale PNGs: a pixel differs when its
 *       values are more than 48 apart; exits 1 when more than PERMILLE/1000 of the pixels
 *       differ (default 5, i.e. 0.5%) or the sizes differ, printing the figures.
 *   quire-pngtool dark FILE X Y W H  prints the permille of pixels darker than 128 in a rect */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_canvas.h"

static int load(const char *path, struct canvas *c)
{
    struct quire_err err = {0};
    if (render_png_read(path, c, &err)) {
        fprintf(stderr, "pngtool: %s\n", err.msg);
        return 0;
    }
    return 1;
}

static int diff(const char *a, const char *b, long permille)
{
    struct canvas ca, cb;
    if (!load(a, &ca) || !load(b, &cb))
        return 2;
    if (ca.w != cb.w || ca.h != cb.h) {
        printf("size differs: %dx%d vs %dx%d\n", ca.w, ca.h, cb.w, cb.h);
        return 1;
    }
    long n = 0;
    for (int y = 0; y < ca.h; y++)
        for (int x = 0; x < ca.w; x++) {
            int d = ca.pixels[y * ca.stride + x] - cb.pixels[y * cb.stride + x];
            n += d > 48 || d < -48;
        }
    long total = (long)ca.w * ca.h;
    printf("%ld of %ld pixels differ (%.3f%%)\n", n, total, 100.0 * n / total);
    render_canvas_fini(&ca);
    render_canvas_fini(&cb);
    return n * 1000 > permille * total ? 1 : 0;
}

static int dark(const char *path, char **r)
{
    struct canvas c;
    if (!load(path, &c))
        return 2;
    struct render_rect rr = {atoi(r[0]), atoi(r[1]), atoi(r[2]), atoi(r[3])};
    rr = render_rect_intersect(rr, (struct render_rect){0, 0, c.w, c.h});
    long n = 0;
    for (int y = rr.y; y < rr.y + rr.h; y++)
        for (int x = rr.x; x < rr.x + rr.w; x++)
            n += c.pixels[y * c.stride + x] < 128;
    long area = (long)rr.w * rr.h;
    printf("%ld\n", area > 0 ? n * 1000 / area : 0);
    render_canvas_fini(&c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "info") == 0) {
        struct canvas c;
        if (!load(argv[2], &c))
            return 2;
        printf("%d %d %d\n", c.w, c.h, render_canvas_count_levels(&c));
        render_canvas_fini(&c);
        return 0;
    }
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "diff") == 0)
        return diff(argv[2], argv[3], argc == 5 ? atol(argv[4]) : 5);
    if (argc == 7 && strcmp(argv[1], "dark") == 0)
        return dark(argv[2], argv + 3);
    fprintf(stderr, "usage: quire-pngtool info FILE | diff A B [PERMILLE] | dark FILE X Y W H\n");
    return 2;
}
