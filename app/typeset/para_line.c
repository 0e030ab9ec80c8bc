/* para_line: a paragraph's chosen lines set: each line justified (or ragged), its items put
 * in visual order (rule L2 over items, each already shaped in its direction) and written as
 * glyph runs and a line record; widows and orphans kept. */
#include <math.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "typeset_internal.h"

static void reorder(const struct ts_item *items, size_t *idx, size_t n)
{
    uint8_t max = 0, min_odd = 255;
    for (size_t i = 0; i < n; i++) {
        uint8_t lv = items[idx[i]].level;
        max = lv > max ? lv : max;
        if ((lv & 1) && lv < min_odd)
            min_odd = lv;
    }
    for (int lev = max; lev >= min_odd && lev > 0; lev--) {
        size_t i = 0;
        while (i < n) {
            if (items[idx[i]].level < lev) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && items[idx[j]].level >= lev)
                j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                size_t t = idx[a];
                idx[a] = idx[b];
                idx[b] = t;
            }
            i = j;
        }
    }
}

struct line_fill {
    float x, r;
    size_t run; /* current run index or SIZE_MAX */
    float baseline;
};

/* Appends a glyph, opening a new run when the font, size or link state changes. Room was
 * reserved by line_emit for the whole line. */
static enum quire_status glyph_push(struct layout *l, struct line_fill *lf,
                                    const struct layout_font *font, float size, bool is_link,
                                    uint32_t gid, float x, float y)
{
    struct layout_run *r = lf->run != SIZE_MAX ? &l->runs[lf->run] : NULL;
    if (!r || r->font != font || r->size_px != size || r->is_link != is_link) {
        lf->run = l->run_count++;
        r = &l->runs[lf->run];
        *r = (struct layout_run){.font = font, .size_px = size, .is_link = is_link};
        l->run_g0[lf->run] = l->glyph_count;
    }
    l->glyphs[l->glyph_count++] = (struct layout_glyph){gid, x, y};
    r->glyph_count++;
    return QUIRE_OK;
}

static enum quire_status emit_item(struct ts_para *p, struct line_fill *lf,
                                   const struct ts_item *it)
{
    struct layout *l = p->l;
    float sc = it->size / TS_SCALE;
    if (it->type == TS_GLUE) {
        lf->x += it->w + (lf->r > 0 ? lf->r * it->stretch : lf->r * it->shrink);
        return QUIRE_OK;
    }
    if (!it->sh) { /* a preformatted space */
        lf->x += it->w;
        return QUIRE_OK;
    }
    if (it->type == TS_PENALTY) { /* the hyphen at a hyphenated line end */
        const struct layout_font *f = &l->fonts->fonts[it->sh->main_font];
        lf->x += it->kern_fix;
        enum quire_status st = glyph_push(l, lf, f, it->size, false, f->hyphen_gid, lf->x, 0);
        lf->x += it->w - it->kern_fix;
        return st;
    }
    for (uint32_t g = it->g0; g < it->g1; g++) {
        const struct ts_glyph *tg = &it->sh->glyphs[g];
        enum quire_status st = glyph_push(l, lf, &l->fonts->fonts[tg->font], it->size, it->is_link,
                                          tg->gid, lf->x + tg->dx * sc, -tg->dy * sc);
        if (st != QUIRE_OK)
            return st;
        lf->x += tg->adv * sc;
    }
    return QUIRE_OK;
}

/* The largest adjustment ratio a justified line may take: no space wider than
 * QUIRE_MAX_SPACE_STRETCH natural spaces, no gap between characters of a script written
 * without spaces wider than QUIRE_MAX_INTERCHAR_GAP times its stretch. A line that would need more
 * is set at that ratio and left short (ragged), rather than show gaps wider than a word. */
static double stretch_cap(const struct ts_item *items, const size_t *idx, size_t n)
{
    double cap = HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
        const struct ts_item *it = &items[idx[i]];
        if (it->type != TS_GLUE || it->stretch <= 0)
            continue;
        double room = it->w > 0 ? (QUIRE_MAX_SPACE_STRETCH - 1) * it->w
                                : QUIRE_MAX_INTERCHAR_GAP * it->stretch;
        cap = fmin(cap, room / it->stretch);
    }
    return cap;
}

/* The widest space of a line set at ratio r, in natural widths (1 without spaces). */
static float line_stretch(const struct ts_item *items, const size_t *idx, size_t n, double r)
{
    double widest = 1;
    for (size_t i = 0; i < n; i++) {
        const struct ts_item *it = &items[idx[i]];
        if (it->type == TS_GLUE && it->w > 0)
            widest = fmax(widest, (it->w + (r > 0 ? r * it->stretch : r * it->shrink)) / it->w);
    }
    return (float)widest;
}

/* Natural width, stretch and shrink of the items idx[0..n). */
static void measure_line(const struct ts_item *items, const size_t *idx, size_t n, double *L,
                         double *Y, double *Z);
static size_t line_items(const struct ts_item *items, size_t s, size_t b, size_t *idx);

bool ts_line_is_overstretched(struct ts_para *p, size_t s, size_t b)
{
    size_t *idx = ts_arena_alloc(&p->l->scratch, (b - s + 2) * sizeof(size_t));
    if (!idx)
        return false;
    size_t n = line_items(p->items, s, b, idx);
    double L, Y, Z;
    measure_line(p->items, idx, n, &L, &Y, &Z);
    double need = p->l->measure - p->bs->indent - L;
    return need > 0 && (Y <= 0 || need / Y > stretch_cap(p->items, idx, n));
}

/* Natural width, stretch and shrink of the items idx[0..n). */
static void measure_line(const struct ts_item *items, const size_t *idx, size_t n, double *L,
                         double *Y, double *Z)
{
    *L = *Y = *Z = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ts_item *it = &items[idx[i]];
        *L += it->w;
        *Y += it->type == TS_GLUE ? it->stretch : 0;
        *Z += it->type == TS_GLUE ? it->shrink : 0;
    }
}

/* The adjustment ratio used for badness: TeX's stretch 1/2 and shrink 1/3 of a space,
 * whatever the alignment, capped at 10 for lines without any space. */
static double stat_ratio(const struct ts_para *p, const size_t *idx, size_t n, double L, float meas)
{
    double y = 0, z = 0;
    for (size_t i = 0; i < n; i++)
        if (p->items[idx[i]].type == TS_GLUE) {
            y += p->items[idx[i]].w / 2;
            z += p->items[idx[i]].w / 3;
        }
    double r = L <= meas ? (y > 0 ? (meas - L) / y : 10) : (z > 0 ? (meas - L) / z : -10);
    return r > 10 ? 10 : r < -10 ? -10 : r;
}

/* The items a line shows, in logical order: no penalties but its final hyphen, no glue at
 * its end. Returns the count written to idx. */
static size_t line_items(const struct ts_item *items, size_t s, size_t b, size_t *idx)
{
    size_t e = b + (items[b].type == TS_PENALTY && items[b].is_flagged), n = 0;
    for (size_t i = s; i < e; i++)
        if (items[i].type != TS_PENALTY || (items[i].is_flagged && i == b))
            idx[n++] = i;
    while (n > 0 && items[idx[n - 1]].type == TS_GLUE)
        n--;
    return n;
}

/* Records the line and its page element once its glyphs are written. */
static enum quire_status line_record(struct ts_para *p, struct layout_line *ln, bool is_first)
{
    struct layout *l = p->l;
    enum quire_status st =
        ts_vec_reserve(l, (void **)&l->lines, &l->line_alloc, l->line_count + 1, sizeof(*l->lines));
    if (st == QUIRE_OK)
        st =
            ts_vec_reserve(l, (void **)&l->pels, &l->pel_alloc, l->pel_count + 1, sizeof(*l->pels));
    if (st != QUIRE_OK)
        return st;
    l->pels[l->pel_count++] = (struct ts_pel){.type = TS_PEL_LINE,
                                              .h = p->bs->line_h,
                                              .gap = is_first ? p->bs->gap : 0,
                                              .quote_level = p->bs->quote_level,
                                              .index = l->line_count};
    l->lines[l->line_count++] = *ln;
    l->stats.lines++;
    l->stats.hyphens += ln->is_hyphenated;
    return QUIRE_OK;
}

enum quire_status ts_line_emit(struct ts_para *p, size_t s, size_t b, bool is_first)
{
    struct layout *l = p->l;
    const struct ts_item *items = p->items;
    bool is_last = items[b].penalty <= -TS_PENALTY_INF && items[b].type == TS_PENALTY;
    size_t *idx = ts_arena_alloc(&l->scratch, (b - s + 2) * sizeof(size_t));
    if (!idx)
        return QUIRE_ENOMEM;
    size_t n = line_items(items, s, b, idx);
    float meas = l->measure - p->bs->indent;
    double L, Y, Z, r = 0;
    measure_line(items, idx, n, &L, &Y, &Z);
    if (items[b].type == TS_PENALTY && !items[b].is_flagged)
        L += items[b].w; /* a break without hyphen: the kerning taken back */
    if (L > meas && Z > 0)
        r = fmax(-1, (meas - L) / Z);
    else if (!is_last && p->bs->is_justified && Y > 0 && L < meas)
        r = fmin((meas - L) / Y, stretch_cap(items, idx, n));
    float width = (float)(L + (r > 0 ? r * Y : r * Z));
    if (!is_last) {
        double sr = stat_ratio(p, idx, n, L, meas);
        l->stats.badness += sr * sr;
    }
    l->stats.overfull += width > meas + 0.01f;
    float stretch = line_stretch(items, idx, n, r);
    if (p->has_rtl)
        reorder(items, idx, n);
    float x0 = p->is_rtl ? l->set.margin + meas - width : l->set.margin + p->bs->indent;
    const struct layout_font *body = ts_body_font(l->fonts, l->family);
    float asc = body->ascender * p->bs->size / TS_SCALE;
    float desc = -body->descender * p->bs->size / TS_SCALE;
    struct line_fill lf = {.x = x0,
                           .r = (float)r,
                           .run = SIZE_MAX,
                           .baseline = (p->bs->line_h - (asc + desc)) / 2 + asc};
    size_t first_run = l->run_count, glyphs = 1;
    for (size_t i = 0; i < n; i++)
        glyphs += items[idx[i]].g1 - items[idx[i]].g0;
    /* room for the whole line at once, so glyph_push never grows an array */
    enum quire_status st = ts_vec_reserve(l, (void **)&l->glyphs, &l->glyph_alloc,
                                          l->glyph_count + glyphs, sizeof(*l->glyphs));
    if (st == QUIRE_OK)
        st = ts_vec_reserve(l, (void **)&l->runs, &l->run_alloc, l->run_count + glyphs,
                            sizeof(*l->runs));
    if (st == QUIRE_OK)
        st = ts_vec_reserve(l, (void **)&l->run_g0, &l->run_g0_alloc, l->run_count + glyphs,
                            sizeof(size_t));
    for (size_t i = 0; i < n && st == QUIRE_OK; i++)
        st = emit_item(p, &lf, &items[idx[i]]);
    struct layout_line ln = {.x = x0,
                             .width = width,
                             .height = p->bs->line_h,
                             .baseline = lf.baseline,
                             .first_run = first_run,
                             .run_count = l->run_count - first_run,
                             .start = {(int64_t)p->block, items[s < b ? s : b].start},
                             .end = {(int64_t)p->block, items[b].start},
                             .is_hyphenated = items[b].type == TS_PENALTY && items[b].is_flagged,
                             .is_rtl = p->is_rtl,
                             .stretch = stretch};
    return st == QUIRE_OK ? line_record(p, &ln, is_first) : st;
}

/* Widows and orphans: no page break inside the first or last QUIRE_MIN_WIDOW_LINES lines. */
void ts_keep_lines(struct layout *l, size_t first_pel, size_t count)
{
    for (size_t k = 1; k < count; k++)
        if (k < QUIRE_MIN_WIDOW_LINES || k > count - QUIRE_MIN_WIDOW_LINES)
            l->pels[first_pel + k].keeps_with_prev = true;
}
