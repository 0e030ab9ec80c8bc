/* layout: the public entry (layout.h). layout_create sets every block (para.c for text, here
 * for rules and images) into page elements, then paginate() stacks them into pages keeping
 * headings with what follows, images with captions, and no widows or orphans; finally the
 * build-time indices become the borrowed pointers of struct layout_page. */
#include <string.h>

#include "config.h"
#include "doc.h"
#include "quire_util.h"
#include "typeset_internal.h"

void layout_settings_default(struct layout_settings *s)
{
    *s = (struct layout_settings){.page_w = QUIRE_DEFAULT_PAGE_W,
                                  .page_h = QUIRE_DEFAULT_PAGE_H,
                                  .margin = QUIRE_DEFAULT_MARGIN_PX,
                                  .font_px = QUIRE_DEFAULT_FONT_PX,
                                  .line_spacing = QUIRE_DEFAULT_LINE_SPACING,
                                  .lang = NULL,
                                  .linebreak = LAYOUT_BREAK_OPTIMAL,
                                  .is_ragged = false,
                                  .hyphenate = true};
}

enum quire_status ts_vec_reserve(struct layout *l, void **arr, size_t *alloc, size_t need,
                                 size_t elem)
{
    if (need <= *alloc)
        return QUIRE_OK;
    size_t n = *alloc ? *alloc * 2 : 64;
    while (n < need)
        n *= 2;
    size_t grow = (n - *alloc) * elem;
    if (grow > l->budget)
        return QUIRE_ETOOBIG;
    void *p = quire_realloc(*arr, n * elem);
    if (!p)
        return QUIRE_ENOMEM;
    l->budget -= grow;
    *arr = p;
    *alloc = n;
    return QUIRE_OK;
}

/* ---- block styles ---- */

static void block_style(const struct layout *l, const struct doc_block *blk,
                        struct ts_block_style *bs)
{
    const struct layout_settings *s = &l->set;
    float body_h = (float)(s->font_px * s->line_spacing);
    *bs = (struct ts_block_style){.size = (float)s->font_px,
                                  .line_h = body_h,
                                  .gap = body_h * 0.35f,
                                  .is_justified = !s->is_ragged,
                                  .can_hyphenate = s->hyphenate,
                                  .mode = s->linebreak};
    static const float heading_scale[7] = {1, 1.5f, 1.3f, 1.15f, 1.05f, 1, 1};
    switch (blk->kind) {
    case DOC_HEADING:
        bs->size *= heading_scale[blk->level >= 1 && blk->level <= 6 ? blk->level : 6];
        bs->style = TS_STYLE_BOLD;
        bs->is_justified = false;
        bs->can_hyphenate = false;
        bs->gap = body_h * 0.8f;
        break;
    case DOC_QUOTE:
        bs->quote_level = (uint8_t)(blk->level > 0 ? (blk->level > 4 ? 4 : blk->level) : 1);
        bs->indent = bs->quote_level * s->font_px * 1.2f;
        break;
    case DOC_LIST_ITEM:
        bs->indent = (blk->level > 0 ? (blk->level > 4 ? 4 : blk->level) : 1) * s->font_px * 0.8f;
        bs->gap = body_h * 0.15f;
        break;
    case DOC_PRE:
        bs->size *= 0.85f;
        bs->is_justified = false;
        bs->can_hyphenate = false;
        bs->mode = LAYOUT_BREAK_GREEDY;
        bs->keeps_spaces = true;
        break;
    case DOC_CAPTION:
        bs->size *= 0.85f;
        bs->style = TS_STYLE_ITALIC;
        bs->gap = body_h * 0.15f;
        break;
    default:
        break;
    }
    if (blk->kind != DOC_PARAGRAPH && blk->kind != DOC_QUOTE && blk->kind != DOC_LIST_ITEM)
        bs->line_h = (float)(bs->size * s->line_spacing);
    if (bs->indent > l->measure / 2) /* deep quotes on a narrow page keep half the measure */
        bs->indent = l->measure / 2;
}

static enum quire_status pel_push(struct layout *l, struct ts_pel pel)
{
    enum quire_status st =
        ts_vec_reserve(l, (void **)&l->pels, &l->pel_alloc, l->pel_count + 1, sizeof(*l->pels));
    if (st == QUIRE_OK)
        l->pels[l->pel_count++] = pel;
    return st;
}

static float content_h(const struct layout *l)
{
    return (float)(l->set.page_h - 2 * l->set.margin);
}

static enum quire_status media_block(struct layout *l, size_t i, const struct doc_block *blk)
{
    float body_h = (float)(l->set.font_px * l->set.line_spacing);
    if (blk->kind == DOC_RULE)
        return pel_push(
            l, (struct ts_pel){
                   .type = TS_PEL_RULE, .h = body_h, .gap = 0, .w = l->measure, .index = i});
    float w = l->measure, h = w * 2 / 3;
    int iw = blk->width, ih = blk->height;
    if ((iw <= 0 || ih <= 0) && l->set.image_size &&
        !l->set.image_size(l->set.image_ctx, blk->src, &iw, &ih))
        iw = ih = 0;
    if (iw > 0 && ih > 0 && iw <= 100000 && ih <= 100000) {
        w = iw < l->measure ? (float)iw : l->measure;
        h = w * (float)ih / (float)iw;
    }
    float max_h = content_h(l) - 2 * body_h; /* room for a caption beside it */
    if (max_h < body_h)
        max_h = content_h(l);
    if (h > max_h) {
        w *= max_h / h;
        h = max_h;
    }
    return pel_push(
        l,
        (struct ts_pel){.type = TS_PEL_IMAGE, .h = h, .gap = body_h * 0.35f, .w = w, .index = i});
}

/* A paragraph of one short line without closing punctuation ("Article 1" in plain text) acts
 * as a heading: it stays on the page of what follows. */
static bool is_title_like(const struct layout *l, const struct doc_block *blk, size_t first)
{
    if (blk->kind != DOC_PARAGRAPH || l->pel_count != first + 1 || blk->text_len == 0 ||
        l->pels[first].type != TS_PEL_LINE)
        return false;
    if (l->lines[l->pels[first].index].width > l->measure * 0.6f)
        return false;
    const unsigned char *t = (const unsigned char *)blk->text;
    size_t i = blk->text_len - 1;
    while (i > 0 && (t[i] & 0xC0) == 0x80)
        i--;
    uint32_t c = t[i] < 0x80   ? t[i]
                 : t[i] < 0xE0 ? t[i] & 0x1F
                 : t[i] < 0xF0 ? t[i] & 0x0F
                               : t[i] & 0x07;
    for (size_t k = i + 1; k < blk->text_len; k++)
        c = (c << 6) | (t[k] & 0x3F);
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
    return gc < HB_UNICODE_GENERAL_CATEGORY_CONNECT_PUNCTUATION ||
           gc > HB_UNICODE_GENERAL_CATEGORY_OPEN_PUNCTUATION; /* ends without punctuation */
}

/* The shared shaping cache (layout.h); its functions are below, with the API. */
struct layout_cache {
    size_t budget;
    struct ts_arena arena;
    struct ts_cache cache;
};

static enum quire_status shared_cache_evict(struct layout *l);

/* Where a block's output starts, to take a failed attempt back. */
struct block_mark {
    size_t lines, runs, glyphs, pels;
    struct layout_stats stats;
};

/* Empties a shared cache that may not hold the next paragraph (a paragraph's items point into
 * the cache, so entries are only dropped between paragraphs). */
static bool cache_is_short(const struct layout *l, const struct doc_block *blk)
{
    size_t need = (size_t)blk->text_len * 160 + 65536; /* generous: glyphs, text, hyphens */
    return l->set.cache && l->set.cache->budget < need && l->cache->entry_count > 0;
}

static enum quire_status text_block(struct layout *l, size_t i, const struct doc_block *blk)
{
    struct ts_block_style bs;
    block_style(l, blk, &bs);
    enum quire_status st = cache_is_short(l, blk) ? shared_cache_evict(l) : QUIRE_OK;
    struct block_mark m = {l->line_count, l->run_count, l->glyph_count, l->pel_count, l->stats};
    if (st == QUIRE_OK)
        st = ts_para_layout(l, i, &bs);
    if (st == QUIRE_ENOMEM && l->set.cache && l->cache->entry_count > 0) {
        l->line_count = m.lines; /* the cache filled up: empty it and set the block again */
        l->run_count = m.runs;
        l->glyph_count = m.glyphs;
        l->pel_count = m.pels;
        l->stats = m.stats;
        st = shared_cache_evict(l);
        if (st == QUIRE_OK)
            st = ts_para_layout(l, i, &bs);
    }
    return st;
}

static enum quire_status set_blocks(struct layout *l)
{
    enum quire_status st = QUIRE_OK;
    bool keeps_next = false;
    for (size_t i = 0; i < doc_block_count(l->doc) && st == QUIRE_OK; i++) {
        const struct doc_block *blk = doc_block_get(l->doc, i);
        size_t first = l->pel_count;
        if (blk->kind == DOC_RULE || blk->kind == DOC_IMAGE) {
            st = media_block(l, i, blk);
        } else {
            st = text_block(l, i, blk);
        }
        if (st == QUIRE_OK && l->pel_count > first && (keeps_next || blk->kind == DOC_CAPTION))
            l->pels[first].keeps_with_prev = true;
        if (l->pel_count > first)
            keeps_next =
                blk->kind == DOC_HEADING || blk->kind == DOC_IMAGE || is_title_like(l, blk, first);
    }
    return st;
}

/* ---- pagination ---- */

static enum quire_status page_add(struct layout *l, size_t from, size_t to)
{
    enum quire_status st =
        ts_vec_reserve(l, (void **)&l->pages, &l->page_alloc, l->page_count + 1, sizeof(*l->pages));
    if (st != QUIRE_OK)
        return st;
    struct layout_page *pg = &l->pages[l->page_count];
    memset(pg, 0, sizeof(*pg));
    pg->index = l->page_count++;
    pg->width = l->set.page_w;
    pg->height = l->set.page_h;
    /* indices for now; fixed into pointers by finalize() */
    pg->lines = (const void *)(uintptr_t)from;
    pg->line_count = to;
    return QUIRE_OK;
}

static size_t page_end(const struct layout *l, size_t start)
{
    float y = 0, limit = content_h(l);
    size_t j = start, last_ok = 0;
    while (j < l->pel_count) {
        float h = l->pels[j].h + (j == start ? 0 : l->pels[j].gap);
        if (y + h > limit + 0.01f && j > start)
            break;
        y += h;
        j++;
        if (j < l->pel_count && !l->pels[j].keeps_with_prev)
            last_ok = j;
    }
    if (j >= l->pel_count)
        return l->pel_count;
    return last_ok > start ? last_ok : j;
}

static enum quire_status paginate(struct layout *l)
{
    enum quire_status st = QUIRE_OK;
    size_t i = 0;
    while (i < l->pel_count && st == QUIRE_OK) {
        size_t end = page_end(l, i);
        st = page_add(l, i, end);
        i = end;
    }
    return st;
}

/* ---- placing elements on their pages ---- */

static enum quire_status rect_add(struct layout *l, float x, float y, float w, float h)
{
    enum quire_status st =
        ts_vec_reserve(l, (void **)&l->rects, &l->rect_alloc, l->rect_count + 1, sizeof(*l->rects));
    if (st == QUIRE_OK)
        l->rects[l->rect_count++] = (struct layout_rect){x, y, w, h};
    return st;
}

static void line_move(struct layout *l, struct layout_line *ln, float top)
{
    ln->y = top;
    ln->baseline += top;
    for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++) {
        size_t g0 = l->run_g0[r];
        for (size_t g = g0; g < g0 + l->runs[r].glyph_count; g++)
            l->glyphs[g].y += ln->baseline;
    }
}

static enum quire_status place_pel(struct layout *l, const struct ts_pel *pel, float top)
{
    float x = (float)l->set.margin;
    if (pel->type == TS_PEL_LINE) {
        struct layout_line *ln = &l->lines[pel->index];
        line_move(l, ln, top);
        if (pel->quote_level) { /* the bar sits on the side the lines start from */
            float bar = l->set.font_px / 10.0f < 1 ? 1 : l->set.font_px / 10.0f;
            float inset = (pel->quote_level - 1) * l->set.font_px * 1.2f + bar;
            float bx = ln->is_rtl ? x + l->measure - inset - bar : x + inset;
            return rect_add(l, bx, top, bar, ln->height);
        }
        return QUIRE_OK;
    }
    if (pel->type == TS_PEL_RULE) {
        float t = l->set.font_px / 18.0f;
        return rect_add(l, x, top + pel->h / 2 - t / 2, pel->w, t < 1 ? 1 : t);
    }
    const struct doc_block *blk = doc_block_get(l->doc, pel->index);
    enum quire_status st = ts_vec_reserve(l, (void **)&l->images, &l->image_alloc,
                                          l->image_count + 1, sizeof(*l->images));
    if (st == QUIRE_OK)
        l->images[l->image_count++] = (struct layout_image){x + (l->measure - pel->w) / 2,
                                                            top,
                                                            pel->w,
                                                            pel->h,
                                                            blk->src,
                                                            blk->alt,
                                                            (int64_t)pel->index};
    return st;
}

/* Turns page element ranges into positioned lines, rects, images and pointers. */
static enum quire_status finalize(struct layout *l)
{
    enum quire_status st = QUIRE_OK;
    for (size_t r = 0; r < l->run_count; r++)
        l->runs[r].glyphs = l->glyphs + l->run_g0[r];
    for (size_t p = 0; p < l->page_count && st == QUIRE_OK; p++) {
        struct layout_page *pg = &l->pages[p];
        size_t from = (size_t)(uintptr_t)pg->lines, to = pg->line_count;
        size_t rect0 = l->rect_count, img0 = l->image_count, line0 = SIZE_MAX, nlines = 0;
        float y = (float)l->set.margin;
        for (size_t i = from; i < to && st == QUIRE_OK; i++) {
            const struct ts_pel *pel = &l->pels[i];
            y += i == from ? 0 : pel->gap;
            st = place_pel(l, pel, y);
            y += pel->h;
            if (pel->type == TS_PEL_LINE) {
                line0 = line0 == SIZE_MAX ? pel->index : line0;
                nlines++;
            }
        }
        const struct ts_pel *first = &l->pels[from];
        pg->first_anchor = first->type == TS_PEL_LINE
                               ? l->lines[first->index].start
                               : (struct layout_anchor){(int64_t)first->index, 0};
        pg->lines = nlines ? l->lines + line0 : NULL;
        pg->line_count = nlines;
        pg->runs = nlines ? l->runs + l->lines[line0].first_run : NULL;
        size_t run0 = nlines ? l->lines[line0].first_run : 0;
        for (size_t k = 0; k < nlines; k++)
            l->lines[line0 + k].first_run -= run0;
        pg->run_count =
            nlines ? l->lines[line0 + nlines - 1].first_run + l->lines[line0 + nlines - 1].run_count
                   : 0;
        pg->rect_count = l->rect_count - rect0;
        pg->image_count = l->image_count - img0;
        pg->rects = (const void *)(uintptr_t)rect0;
        pg->images = (const void *)(uintptr_t)img0;
    }
    for (size_t p = 0; p < l->page_count; p++) { /* rects/images arrays are final now */
        struct layout_page *pg = &l->pages[p];
        pg->rects = pg->rect_count ? l->rects + (size_t)(uintptr_t)pg->rects : NULL;
        pg->images = pg->image_count ? l->images + (size_t)(uintptr_t)pg->images : NULL;
    }
    l->stats.pages = l->page_count;
    return st;
}

/* ---- shared shaping cache ---- */

enum quire_status layout_cache_create(struct layout_cache **out, struct quire_err *err)
{
    *out = quire_calloc(1, sizeof(**out));
    if (!*out)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    (*out)->budget = QUIRE_LAYOUT_CACHE_MAX_BYTES;
    ts_arena_init(&(*out)->arena, &(*out)->budget);
    return QUIRE_OK;
}

void layout_cache_destroy(struct layout_cache *c)
{
    if (!c)
        return;
    ts_arena_fini(&c->arena);
    quire_free(c);
}

/* Empties the cache when it is new, filled past three quarters, made for other fonts, or when
 * asked to. */
static enum quire_status shared_cache_prepare(struct layout_cache *c,
                                              const struct layout_fonts *fonts, bool is_forced)
{
    if (!is_forced && c->cache.buckets && c->cache.fonts == fonts &&
        c->budget > QUIRE_LAYOUT_CACHE_MAX_BYTES / 4)
        return QUIRE_OK;
    ts_arena_fini(&c->arena);
    enum quire_status st = ts_cache_init(&c->cache, &c->arena);
    c->cache.fonts = fonts;
    if (st != QUIRE_OK)
        c->cache.buckets = NULL;
    return st;
}

/* Empties the shared cache in the middle of a layout, keeping the layout's counts. */
static enum quire_status shared_cache_evict(struct layout *l)
{
    l->shaped_before += l->cache->entry_count - l->entries0;
    l->hits_before += l->cache->hits - l->hits0;
    enum quire_status st = shared_cache_prepare(l->set.cache, l->fonts, true);
    l->entries0 = l->hits0 = 0;
    return st;
}

/* The language of a text nothing names (no lang attribute, no --lang): English only when every
 * letter is ASCII; otherwise "und", so no patterns apply (English ones would mangle Russian
 * or Romanian words). */
static const char *guess_lang(const struct doc *d)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    for (size_t b = 0; b < doc_block_count(d); b++) {
        const struct doc_block *blk = doc_block_get(d, b);
        const unsigned char *s = (const unsigned char *)blk->text;
        for (size_t i = 0; i < blk->text_len; i++) {
            if (s[i] < 0xC0)
                continue; /* ASCII, or a continuation byte */
            uint32_t c = s[i] < 0xE0 ? s[i] & 0x1Fu : s[i] < 0xF0 ? s[i] & 0x0Fu : s[i] & 0x07u;
            for (size_t k = i + 1; k < blk->text_len && (s[k] & 0xC0) == 0x80; k++)
                c = c << 6 | (s[k] & 0x3Fu);
            hb_unicode_general_category_t gc = hb_unicode_general_category(uf, c);
            if (gc >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER &&
                gc <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER)
                return "und"; /* Ll, Lm, Lo, Lt, Lu */
        }
    }
    return "en";
}

/* ---- API ---- */

static enum quire_status check_settings(const struct layout_settings *s, struct quire_err *err)
{
    if (s->page_w < 200 || s->page_w > 4000 || s->page_h < 200 || s->page_h > 4000)
        return quire_err_set(err, QUIRE_EINVAL, "page size %dx%d outside 200..4000 px", s->page_w,
                             s->page_h);
    if (s->font_px < 8 || s->font_px > 200)
        return quire_err_set(err, QUIRE_EINVAL, "font size %d outside 8..200 px", s->font_px);
    if (s->margin < 0 || s->margin > 400 || s->page_w - 2 * s->margin < 4 * s->font_px ||
        s->page_h - 2 * s->margin < 4 * s->font_px * s->line_spacing)
        return quire_err_set(err, QUIRE_EINVAL, "margin %d px leaves no room for text", s->margin);
    if (layout_family_find(s->font_family) < 0)
        return quire_err_set(err, QUIRE_EINVAL, "font family \"%s\" unknown (serif or sans)",
                             s->font_family);
    if (!(s->line_spacing >= 1.0 && s->line_spacing <= 3.0))
        return quire_err_set(err, QUIRE_EINVAL, "line spacing %g outside 1.0..3.0",
                             s->line_spacing);
    return QUIRE_OK;
}

void layout_destroy(struct layout *l)
{
    if (!l)
        return;
    ts_arena_fini(&l->scratch);
    ts_arena_fini(&l->cache_arena);
    quire_free(l->lines);
    quire_free(l->runs);
    quire_free(l->run_g0);
    quire_free(l->glyphs);
    quire_free(l->pels);
    quire_free(l->rects);
    quire_free(l->images);
    quire_free(l->pages);
    quire_free(l);
}

enum quire_status layout_create(struct layout_fonts *fonts, const struct doc *doc,
                                const struct layout_settings *settings, struct layout **out,
                                struct quire_err *err)
{
    *out = NULL;
    enum quire_status st = check_settings(settings, err);
    if (st != QUIRE_OK)
        return st;
    struct layout *l = quire_calloc(1, sizeof(*l));
    if (!l)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    l->fonts = fonts;
    l->doc = doc;
    l->set = *settings;
    l->budget = QUIRE_LAYOUT_MAX_BYTES;
    l->measure = (float)(settings->page_w - 2 * settings->margin);
    ts_arena_init(&l->scratch, &l->budget);
    ts_arena_init(&l->cache_arena, &l->budget);
    l->family = layout_family_find(settings->font_family);
    l->guessed_lang = settings->lang || doc_lang(doc) ? "en" : guess_lang(doc);
    if (settings->cache) {
        st = shared_cache_prepare(settings->cache, fonts, false);
        l->cache = &settings->cache->cache;
        l->hits0 = l->cache->hits;
        l->entries0 = l->cache->entry_count;
    } else {
        st = ts_cache_init(&l->own_cache, &l->cache_arena);
        l->cache = &l->own_cache;
        l->cache->fonts = fonts;
    }
    if (st == QUIRE_OK)
        st = set_blocks(l);
    if (st == QUIRE_OK)
        st = paginate(l);
    if (st == QUIRE_OK)
        st = finalize(l);
    ts_arena_fini(&l->scratch);
    l->stats.shaped_words = l->shaped_before + l->cache->entry_count - l->entries0;
    l->stats.cache_hits = l->hits_before + l->cache->hits - l->hits0;
    if (st != QUIRE_OK) {
        layout_destroy(l);
        return quire_err_set(err, st, "typesetting: %s", quire_strerror(st));
    }
    *out = l;
    return QUIRE_OK;
}

size_t layout_page_count(const struct layout *l)
{
    return l ? l->page_count : 0;
}

const struct layout_page *layout_page_get(const struct layout *l, size_t i)
{
    return l && i < l->page_count ? &l->pages[i] : NULL;
}

static int anchor_cmp(struct layout_anchor a, struct layout_anchor b)
{
    if (a.block != b.block)
        return a.block < b.block ? -1 : 1;
    return a.offset < b.offset ? -1 : a.offset > b.offset;
}

size_t layout_find_anchor(const struct layout *l, struct layout_anchor a)
{
    size_t lo = 0, hi = l ? l->page_count : 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (anchor_cmp(l->pages[mid].first_anchor, a) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void layout_stats_get(const struct layout *l, struct layout_stats *out)
{
    *out = l->stats;
}

size_t layout_line_text(const struct layout *l, const struct layout_line *line, char *buf,
                        size_t buflen)
{
    const struct doc_block *blk = doc_block_get(l->doc, (size_t)line->start.block);
    size_t a = 0, b = 0, cp = 0;
    const unsigned char *t = blk ? (const unsigned char *)blk->text : (const unsigned char *)"";
    size_t len = blk ? blk->text_len : 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && (t[i] & 0xC0) == 0x80)
            continue;
        if (cp == (size_t)line->start.offset)
            a = i;
        if (cp == (size_t)line->end.offset)
            b = i;
        cp++;
    }
    if (b < a)
        b = a;
    size_t n = b - a + (line->is_hyphenated ? 1 : 0);
    if (buflen) {
        size_t k = b - a < buflen - 1 ? b - a : buflen - 1;
        memcpy(buf, t + a, k);
        if (line->is_hyphenated && k < buflen - 1)
            buf[k++] = '-';
        buf[k] = 0;
    }
    return n;
}
