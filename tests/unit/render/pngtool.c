/* pngtool: a small helper for the golden and cli test scripts (no test framework needed).
 *   quire-pngtool info FILE          prints "W H LEVELS" (distinct gray values)
 *   quire-pngtool diff A B [BAND_PX] compares two grayscale PNGs: a pixel differs when its
 *       values are more than 34 apart (2 levels of 16); exits 1 when the sizes differ, more
 *       than 0.05% of the pixels differ, or more than 0.2% of the status band's (the bottom
 *       BAND_PX rows), printing the figures.
 *   quire-pngtool blank IN OUT X Y W H  writes IN with a rect filled white to OUT
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

/* A pixel differs when its values are more than 2 levels of a 16-level panel apart. */
enum { DIFF_THRESHOLD = 2 * 17 };

static long count_diff(const struct canvas *a, const struct canvas *b, struct render_rect r)
{
    long n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            int d = a->pixels[y * a->stride + x] - b->pixels[y * b->stride + x];
            n += d > DIFF_THRESHOLD || d < -DIFF_THRESHOLD;
        }
    return n;
}

/* Whole page: at most 5 in 10000 pixels differ. Status band (the bottom band_px rows): at most
 * 2 in 1000 of its pixels, so a blank or wrong status line fails even though it is a small
 * part of the page. */
static int diff(const char *a, const char *b, int band_px)
{
    struct canvas ca, cb;
    if (!load(a, &ca) || !load(b, &cb))
        return 2;
    int rc = 1;
    if (ca.w != cb.w || ca.h != cb.h) {
        printf("size differs: %dx%d vs %dx%d\n", ca.w, ca.h, cb.w, cb.h);
        goto out;
    }
    if (band_px < 0 || band_px > ca.h)
        band_px = 0;
    long total = (long)ca.w * ca.h, band_total = (long)ca.w * band_px;
    long n = count_diff(&ca, &cb, (struct render_rect){0, 0, ca.w, ca.h});
    long nb = count_diff(&ca, &cb, (struct render_rect){0, ca.h - band_px, ca.w, band_px});
    printf("%ld of %ld pixels differ (%.3f%%); status band %ld of %ld\n", n, total,
           100.0 * n / total, nb, band_total);
    rc = n * 10000 > 5 * total || nb * 1000 > 2 * band_total ? 1 : 0;
out:
    render_canvas_fini(&ca);
    render_canvas_fini(&cb);
    return rc;
}

/* Writes IN with the rect filled white to OUT (the golden self-test's damaged page). */
static int blank(const char *in, const char *out, char **r)
{
    struct canvas c;
    if (!load(in, &c))
        return 2;
    render_canvas_fill(&c, (struct render_rect){atoi(r[0]), atoi(r[1]), atoi(r[2]), atoi(r[3])},
                       255);
    struct quire_err err = {0};
    int rc = render_png_write(&c, out, &err) ? 2 : 0;
    if (rc)
        fprintf(stderr, "pngtool: %s\n", err.msg);
    render_canvas_fini(&c);
    return rc;
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
        return diff(argv[2], argv[3], argc == 5 ? atoi(argv[4]) : 0);
    if (argc == 8 && strcmp(argv[1], "blank") == 0)
        return blank(argv[2], argv[3], argv + 4);
    if (argc == 7 && strcmp(argv[1], "dark") == 0)
        return dark(argv[2], argv + 3);
    fprintf(stderr, "usage: quire-pngtool info FILE | diff A B [BAND_PX] | dark FILE X Y W H |\n"
                    "       blank IN OUT X Y W H\n");
    return 2;
}
