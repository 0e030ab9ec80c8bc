/* render_page: the page renderer. render_frame_into clears the screen, draws the page's rules,
 * images and glyph runs, then the status band, quantises to the panel's levels and inverts for
 * night mode. Glyphs are blended as ink (darkest wins) through the darkness curve. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "render.h"
#include "render_glyph.h"

struct render {
    struct render_settings s;
    struct glyph_cache *glyphs;
    uint8_t tone[256]; /* coverage -> pixel value: darkness curve, then the panel's levels */
    char status_font[1024];
    render_fetch_fn fetch;
    void *fetch_ctx;
};

void render_settings_default(struct render_settings *s, int gray_levels, int dpi)
{
    memset(s, 0, sizeof *s);
    s->gray_levels = gray_levels;
    s->dpi = dpi;
    s->darkness = QUIRE_TEXT_DARKNESS;
    s->is_night = QUIRE_NIGHT_MODE;
    s->has_status = true;
}

static int scale_dpi(int px_at_300, int dpi)
{
    return (px_at_300 * dpi + 150) / 300;
}

int render_status_band_px(const struct render_settings *s)
{
    return s->has_status ? scale_dpi(QUIRE_STATUS_BAND_PX, s->dpi) : 0;
}

int render_status_font_px(const struct render_settings *s)
{
    return scale_dpi(QUIRE_STATUS_FONT_PX, s->dpi);
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
    if (s->status_font)
        snprintf(r->status_font, sizeof r->status_font, "%s", s->status_font);
    else
        snprintf(r->status_font, sizeof r->status_font, "%s/fonts/NotoSerif-Regular.ttf",
                 quire_asset_root());
    r->s.status_font = r->status_font;
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

static enum quire_status draw_run(render *r, struct canvas *c, const struct layout_run *run,
                                  struct render_rect clip, struct quire_err *err)
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
        blit_glyph(c, g, (int)lroundf(lg->x), (int)lroundf(lg->y), clip);
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

static void draw_image(render *r, struct canvas *c, const struct layout_image *im,
                       struct render_rect clip)
{
    struct render_rect box = {(int)lroundf(im->x), (int)lroundf(im->y), (int)lroundf(im->w),
                              (int)lroundf(im->h)};
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
                                   struct render_rect clip, struct quire_err *err)
{
    for (size_t i = 0; i < page->rect_count; i++) {
        const struct layout_rect *lr = &page->rects[i];
        struct render_rect rr = {(int)lroundf(lr->x), (int)lroundf(lr->y),
                                 (int)fmaxf(1.0f, lroundf(lr->w)),
                                 (int)fmaxf(1.0f, lroundf(lr->h))};
        render_canvas_fill(c, render_rect_intersect(rr, clip), 0);
    }
    for (size_t i = 0; i < page->image_count; i++)
        draw_image(r, c, &page->images[i], clip);
    for (size_t i = 0; i < page->run_count; i++) {
        enum quire_status st = draw_run(r, c, &page->runs[i], clip, err);
        if (st)
            return st;
    }
    return QUIRE_OK;
}

/* ---- status line ---- */

/* Decodes one code point and advances *s past it. Never steps over the terminating NUL: a
 * sequence cut short (or a stray byte) gives U+FFFD and advances only past what was read. */
static uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp = *p;
    int n = cp < 0x80 ? 0 : cp < 0xC0 ? -1 : cp < 0xE0 ? 1 : cp < 0xF0 ? 2 : cp < 0xF8 ? 3 : -1;
    if (n < 0) {
        *s += 1;
        return 0xFFFD;
    }
    cp &= 0x7F >> n;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) { /* includes the NUL */
            *s += i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    *s += 1 + n;
    return cp;
}

/* True when the status font has a glyph for every character of s (no shaping happens here:
 * scripts that need it are left out of the status line). */
static bool font_covers(render *r, const char *s, float px)
{
    while (*s) {
        uint32_t cp = utf8_next(&s);
        if ((cp >= 0x0590 && cp < 0x0900) ||
            !glyph_cache_char_index(r->glyphs, r->status_font, 0, px, cp))
            return false;
    }
    return true;
}

/* Draws s from x on baseline y, stopping before max_x; returns the pen position after it. */
static int draw_text(render *r, struct canvas *c, const char *s, int x, int y, int max_x, float px,
                     struct render_rect clip)
{
    while (*s) {
        uint32_t id = glyph_cache_char_index(r->glyphs, r->status_font, 0, px, utf8_next(&s));
        const struct render_glyph *g;
        if (glyph_cache_get(r->glyphs, r->status_font, 0, px, id, &g, NULL))
            break;
        if (x + g->advance > max_x)
            break;
        blit_glyph(c, g, x, y, clip);
        x += g->advance;
    }
    return x;
}

static int text_width(render *r, const char *s, float px)
{
    int w = 0;
    while (*s) {
        uint32_t id = glyph_cache_char_index(r->glyphs, r->status_font, 0, px, utf8_next(&s));
        const struct render_glyph *g;
        if (glyph_cache_get(r->glyphs, r->status_font, 0, px, id, &g, NULL))
            break;
        w += g->advance;
    }
    return w;
}

/* Horizontal ink extent of the shaped title's first line: [*x0, *x1) in layout px. */
static bool title_extent(render *r, const struct layout_page *tp, float *x0, float *x1)
{
    bool has_any = false;
    const struct layout_line *ln = &tp->lines[0];
    for (size_t k = ln->first_run; k < ln->first_run + ln->run_count; k++) {
        const struct layout_run *run = &tp->runs[k];
        for (size_t i = 0; i < run->glyph_count; i++) {
            const struct render_glyph *g;
            if (glyph_cache_get(r->glyphs, layout_font_path(run->font),
                                layout_font_face_index(run->font), run->size_px, run->glyphs[i].id,
                                &g, NULL))
                continue;
            float gx = run->glyphs[i].x;
            *x0 = has_any && *x0 < gx ? *x0 : gx;
            *x1 = has_any && *x1 > gx + (float)g->advance ? *x1 : gx + (float)g->advance;
            has_any = true;
        }
    }
    return has_any;
}

/* Draws the typeset title into slot on baseline y: from the slot's start edge (left for a
 * left-to-right title, right for a right-to-left one), clipped to the slot. Glyphs no font
 * has (.notdef, id 0) are skipped. */
static void draw_title_shaped(render *r, struct canvas *c, const struct layout_page *tp,
                              struct render_rect slot, int y)
{
    float x0, x1;
    if (!tp || tp->line_count == 0 || slot.w <= 0 || !title_extent(r, tp, &x0, &x1))
        return;
    const struct layout_line *ln = &tp->lines[0];
    float dx = ln->is_rtl ? (float)(slot.x + slot.w) - x1 : (float)slot.x - x0;
    for (size_t k = ln->first_run; k < ln->first_run + ln->run_count; k++) {
        const struct layout_run *run = &tp->runs[k];
        for (size_t i = 0; i < run->glyph_count; i++) {
            const struct render_glyph *g;
            if (run->glyphs[i].id == 0 ||
                glyph_cache_get(r->glyphs, layout_font_path(run->font),
                                layout_font_face_index(run->font), run->size_px, run->glyphs[i].id,
                                &g, NULL))
                continue;
            int gx = (int)lroundf(run->glyphs[i].x + dx);
            if (gx < slot.x || gx + g->advance > slot.x + slot.w)
                continue; /* a title longer than its slot shows whole glyphs only */
            blit_glyph(c, g, gx, y, slot);
        }
    }
}

static void draw_status(render *r, struct canvas *c, const struct render_status *st)
{
    int band = render_status_band_px(&r->s);
    struct render_rect clip = {0, c->h - band, c->w, band};
    float px = (float)render_status_font_px(&r->s);
    int margin = scale_dpi(QUIRE_DEFAULT_MARGIN_PX, r->s.dpi) / 2;
    int baseline = c->h - band / 3;
    render_canvas_fill(c, (struct render_rect){margin, c->h - band, c->w - 2 * margin, 1},
                       level(r->s.gray_levels, 160));
    char right[96];
    snprintf(right, sizeof right, "%s%s%s  %d / %d", st->sync ? st->sync : "",
             st->sync && st->clock ? "  " : "", st->clock ? st->clock : "", st->page, st->pages);
    int rw = text_width(r, right, px);
    draw_text(r, c, right, c->w - margin - rw, baseline, c->w, px, clip);
    struct render_rect slot = {margin, c->h - band, c->w - margin - rw - 2 * margin, band};
    if (st->title_shaped)
        draw_title_shaped(r, c, st->title_shaped, render_rect_intersect(slot, clip), baseline);
    else if (st->title && font_covers(r, st->title, px))
        draw_text(r, c, st->title, margin, baseline, slot.x + slot.w, px, clip);
}

enum quire_status render_frame_into(render *r, const struct layout_page *page,
                                    const struct render_status *status, struct canvas *c,
                                    struct quire_err *err)
{
    int band = render_status_band_px(&r->s);
    struct render_rect all = {0, 0, c->w, c->h};
    struct render_rect page_area = {0, 0, c->w, c->h - band};
    render_canvas_fill(c, all, 255);
    if (page) {
        enum quire_status st = draw_page(r, c, page, page_area, err);
        if (st)
            return st;
    }
    if (band > 0 && status)
        draw_status(r, c, status);
    /* Every value drawn above is one of the panel's levels (glyph tones, dithered images,
     * level() fills), so no quantising pass is needed; inversion keeps evenly spaced levels. */
    if (r->s.is_night)
        render_canvas_invert(c, all);
    return QUIRE_OK;
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
