/* render_page: the page renderer. render_page_draw_at draws a page's rules, images and glyph
 * runs at an offset into a clip; render_frame_into is a whole screen of one page. Glyphs are
 * blended as ink (darkest wins) through the darkness curve. Night mode inverts what was drawn,
 * except the photographs (render_night_finish). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "render.h"
#include "render_glyph.h"

enum { RENDER_MAX_IMAGES = 32 }; /* image boxes a frame keeps uninverted at night */

struct render {
    struct render_settings s;
    struct glyph_cache *glyphs;
    uint8_t tone[256]; /* coverage -> pixel value: darkness curve, then the panel's levels */
    render_fetch_fn fetch;
    void *fetch_ctx;
    struct render_rect images[RENDER_MAX_IMAGES]; /* drawn since render_night_begin */
    int image_count;
};

void render_settings_default(struct render_settings *s, int gray_levels, int dpi)
{
    memset(s, 0, sizeof *s);
    s->gray_levels = gray_levels;
    s->dpi = dpi;
    s->darkness = QUIRE_TEXT_DARKNESS;
    s->is_night = QUIRE_NIGHT_MODE;
}

/* The nearest of the panel's levels to v. */
static uint8_t level(int levels, int v)
{
    int step = (v * (levels - 1) + 127) / 255;
    return (uint8_t)(step * 255 / (levels - 1));
}

/* ink = 255 * c^(1/g), g from 1 (darkness 0) to 3 (darkness 100): thin anti-aliased stems get
 * darker, full coverage stays full. The pixel drawn is 255 - ink rounded to the panel's levels,
 * so glyphs come out of the cache already quantised and a page needs no quantising pass. */
static void build_tone(uint8_t tone[256], int darkness, int levels)
{
    double g = 1.0 + 2.0 * darkness / 100.0;
    for (int c = 0; c < 256; c++)
        tone[c] = level(levels, 255 - (int)lround(255.0 * pow(c / 255.0, 1.0 / g)));
}

enum quire_status render_create(const struct render_settings *s, render **out,
                                struct quire_err *err)
{
    *out = NULL;
    if (s->gray_levels < 2 || s->gray_levels > 256 || s->dpi < 50 || s->dpi > 1200 ||
        s->darkness < 0 || s->darkness > 100)
        return quire_err_set(err, QUIRE_EINVAL, "render: settings out of range");
    render *r = quire_calloc(1, sizeof *r);
    if (!r)
        return quire_err_set(err, QUIRE_ENOMEM, "render: out of memory");
    r->s = *s;
    build_tone(r->tone, s->darkness, s->gray_levels);
    enum quire_status st =
        glyph_cache_create(QUIRE_GLYPH_CACHE_BYTES, s->dpi, r->tone, &r->glyphs, err);
    if (st) {
        quire_free(r);
        return st;
    }
    *out = r;
    return QUIRE_OK;
}

void render_destroy(render *r)
{
    if (!r)
        return;
    glyph_cache_destroy(r->glyphs);
    quire_free(r);
}

void render_set_night(render *r, bool is_night)
{
    r->s.is_night = is_night;
}

enum quire_status render_set_darkness(render *r, int darkness, struct quire_err *err)
{
    if (darkness < 0 || darkness > 100)
        return quire_err_set(err, QUIRE_EINVAL, "render: darkness %d out of 0..100", darkness);
    if (darkness == r->s.darkness)
        return QUIRE_OK;
    /* Cached glyphs carry the old tone: a new cache, not a flush of stale entries. */
    struct glyph_cache *fresh;
    uint8_t tone[256];
    build_tone(tone, darkness, r->s.gray_levels);
    enum quire_status rc = glyph_cache_create(QUIRE_GLYPH_CACHE_BYTES, r->s.dpi, tone, &fresh, err);
    if (rc)
        return rc;
    memcpy(r->tone, tone, sizeof tone);
    glyph_cache_destroy(r->glyphs);
    r->glyphs = fresh;
    r->s.darkness = darkness;
    return QUIRE_OK;
}

bool render_is_night(const render *r)
{
    return r->s.is_night;
}

void render_set_fetch(render *r, render_fetch_fn fetch, void *ctx)
{
    r->fetch = fetch;
    r->fetch_ctx = ctx;
}

void render_cache_stats_get(const render *r, struct render_cache_stats *out)
{
    glyph_cache_stats(r->glyphs, out);
}

/* ---- drawing ---- */

/* dst[i] = min(dst[i], src[i]): ink over paper, darkest wins. 16 bytes at a time with GCC/clang
 * vector extensions (SSE2 on x86, NEON on ARM), the tail byte by byte. */
typedef uint8_t v16u8 __attribute__((vector_size(16)));

static void min_row(uint8_t *dst, const uint8_t *src, int n)
{
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        v16u8 a, b;
        memcpy(&a, dst + i, 16);
        memcpy(&b, src + i, 16);
        v16u8 m = (v16u8)(b < a);
        a = (b & m) | (a & ~m);
        memcpy(dst + i, &a, 16);
    }
    for (; i < n; i++)
        if (src[i] < dst[i])
            dst[i] = src[i];
}

static void blit_glyph(struct canvas *c, const struct render_glyph *g, int x, int y,
                       struct render_rect clip)
{
    struct render_rect box = {x + g->left, y - g->top, g->w, g->h};
    struct render_rect vis = render_rect_intersect(box, clip);
    if (render_rect_is_empty(vis))
        return;
    for (int py = vis.y; py < vis.y + vis.h; py++)
        min_row(c->pixels + (size_t)py * c->stride + vis.x,
                g->pixels + (size_t)(py - box.y) * g->w + (vis.x - box.x), vis.w);
}

static enum quire_status draw_run(render *r, struct canvas *c, const struct layout_run *run, int dx,
                                  int dy, struct render_rect clip, struct quire_err *err)
{
    const char *path = layout_font_path(run->font);
    int index = layout_font_face_index(run->font);
    for (size_t i = 0; i < run->glyph_count; i++) {
        const struct layout_glyph *lg = &run->glyphs[i];
        const struct render_glyph *g;
        enum quire_status st =
            glyph_cache_get(r->glyphs, path, index, run->size_px, lg->id, &g, err);
        if (st)
            return st;
        blit_glyph(c, g, (int)lroundf(lg->x) + dx, (int)lroundf(lg->y) + dy, clip);
    }
    return QUIRE_OK;
}

static void draw_placeholder(render *r, struct canvas *c, struct render_rect box,
                             struct render_rect clip)
{
    uint8_t v = level(r->s.gray_levels, 128);
    const struct render_rect sides[] = {
        {box.x, box.y, box.w, 2},
        {box.x, box.y + box.h - 2, box.w, 2},
        {box.x, box.y, 2, box.h},
        {box.x + box.w - 2, box.y, 2, box.h},
    };
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++)
        render_canvas_fill(c, render_rect_intersect(sides[i], clip), v);
}

static void draw_image(render *r, struct canvas *c, const struct layout_image *im, int dx, int dy,
                       struct render_rect clip)
{
    struct render_rect box = {(int)lroundf(im->x) + dx, (int)lroundf(im->y) + dy,
                              (int)lroundf(im->w), (int)lroundf(im->h)};
    if (r->image_count < RENDER_MAX_IMAGES)
        r->images[r->image_count++] = render_rect_intersect(box, clip);
    void *data = NULL;
    size_t len = 0;
    struct canvas pic = {0};
    /* A broken or missing image never fails the page: it draws as a frame. */
    if (!r->fetch || r->fetch(r->fetch_ctx, im->src, &data, &len, NULL) ||
        render_image_decode(data, len, im->src, &pic, NULL)) {
        quire_free(data);
        draw_placeholder(r, c, box, clip);
        return;
    }
    quire_free(data);
    render_image_draw_clipped(c, box, clip, &pic, r->s.gray_levels);
    render_canvas_fini(&pic);
}

static enum quire_status draw_page(render *r, struct canvas *c, const struct layout_page *page,
                                   int dx, int dy, struct render_rect clip, struct quire_err *err)
{
    for (size_t i = 0; i < page->rect_count; i++) {
        const struct layout_rect *lr = &page->rects[i];
        struct render_rect rr = {(int)lroundf(lr->x) + dx, (int)lroundf(lr->y) + dy,
                                 (int)fmaxf(1.0f, lroundf(lr->w)),
                                 (int)fmaxf(1.0f, lroundf(lr->h))};
        render_canvas_fill(c, render_rect_intersect(rr, clip), 0);
    }
    for (size_t i = 0; i < page->image_count; i++)
        draw_image(r, c, &page->images[i], dx, dy, clip);
    for (size_t i = 0; i < page->run_count; i++) {
        enum quire_status st = draw_run(r, c, &page->runs[i], dx, dy, clip, err);
        if (st)
            return st;
    }
    return QUIRE_OK;
}

/* ---- night mode ---- */

void render_night_begin(render *r)
{
    r->image_count = 0;
}

void render_night_finish(render *r, struct canvas *c, struct render_rect bounds)
{
    if (!r->s.is_night)
        return;
    render_canvas_invert(c, bounds);
    /* Photographs are not inverted: turn their boxes back. */
    for (int i = 0; i < r->image_count; i++)
        render_canvas_invert(c, render_rect_intersect(r->images[i], bounds));
    r->image_count = 0;
}

enum quire_status render_page_draw_at(render *r, struct canvas *c, const struct layout_page *page,
                                      int dx, int dy, struct render_rect clip,
                                      struct quire_err *err)
{
    clip = render_rect_intersect(clip, (struct render_rect){0, 0, c->w, c->h});
    if (!page || render_rect_is_empty(clip))
        return QUIRE_OK;
    return draw_page(r, c, page, dx, dy, clip, err);
}

enum quire_status render_frame_into(render *r, const struct layout_page *page, struct canvas *c,
                                    struct quire_err *err)
{
    struct render_rect all = {0, 0, c->w, c->h};
    render_canvas_fill(c, all, 255);
    render_night_begin(r);
    enum quire_status st = render_page_draw_at(r, c, page, 0, 0, all, err);
    if (st)
        return st;
    /* Every value drawn above is one of the panel's levels (glyph tones, dithered images,
     * level() fills), so no quantising pass is needed; inversion keeps evenly spaced levels. */
    render_night_finish(r, c, all);
    return QUIRE_OK;
}

uint8_t render_gray(const render *r, int value)
{
    return level(r->s.gray_levels, value < 0 ? 0 : value > 255 ? 255 : value);
}

int render_page_image_permille(const struct layout_page *page, int screen_w, int screen_h)
{
    if (!page)
        return 0;
    int pw = page->width > 0 ? page->width : screen_w,
        ph = page->height > 0 ? page->height : screen_h;
    if (pw <= 0 || ph <= 0)
        return 0;
    double area = 0;
    for (size_t i = 0; i < page->image_count; i++) {
        const struct layout_image *im = &page->images[i];
        double x0 = fmax(im->x, 0), y0 = fmax(im->y, 0);
        double x1 = fmin(im->x + im->w, pw), y1 = fmin(im->y + im->h, ph);
        if (x1 > x0 && y1 > y0)
            area += (x1 - x0) * (y1 - y0);
    }
    return (int)(area * 1000.0 / ((double)pw * ph));
}
