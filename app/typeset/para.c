/* para: one text block into lines. Order of work: decode UTF-8 to code points with per-character
 * style and language; bidi levels and scripts (para_text.c); break opportunities (breaks.c:
 * UAX #14, ICU dictionaries); items (a box per word run from the
 * shaping cache, hyphen penalties inside words, glue for spaces and between the characters of
 * scripts written without them); line breaks (linebreak.c), set ragged when justifying would
 * leave too many loose lines; then the lines (para_line.c). Scratch memory is the layout's
 * paragraph arena. */
#include <linebreak.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "doc.h"
#include "quire_util.h"
#include "typeset_internal.h"

/* ---- text preparation ---- */

static uint32_t utf8_next(const unsigned char *s, size_t *i)
{
    uint32_t c = s[*i];
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    c &= extra == 0 ? 0x7F : extra == 1 ? 0x1F : extra == 2 ? 0x0F : 0x07;
    (*i)++;
    for (int k = 0; k < extra; k++)
        c = (c << 6) | (s[(*i)++] & 0x3F);
    return c;
}

const char *ts_block_lang(const struct layout *l, const struct doc_block *blk)
{
    if (blk->lang)
        return blk->lang;
    if (doc_lang(l->doc))
        return doc_lang(l->doc);
    return l->set.lang ? l->set.lang : l->guessed_lang;
}

static enum quire_status decode(struct ts_para *p, const struct doc_block *blk)
{
    struct ts_arena *a = &p->l->scratch;
    size_t cap = blk->text_len + 1;
    p->cp = ts_arena_alloc(a, cap * sizeof(uint32_t));
    p->style = ts_arena_alloc(a, cap);
    p->lang = ts_arena_alloc(a, cap * sizeof(char *));
    if (!p->cp || !p->style || !p->lang)
        return QUIRE_ENOMEM;
    const unsigned char *s = (const unsigned char *)blk->text;
    const char *base_lang = ts_cache_lang(p->l->cache, ts_block_lang(p->l, blk));
    const char *last_in = NULL, *last_out = base_lang;
    if (!base_lang)
        return QUIRE_ENOMEM;
    size_t i = 0, n = 0, sp = 0;
    while (i < blk->text_len) {
        while (sp < blk->span_count && blk->spans[sp].end <= i)
            sp++;
        const struct doc_span *span =
            sp < blk->span_count && blk->spans[sp].start <= i ? &blk->spans[sp] : NULL;
        uint8_t st = span ? span->style : 0;
        p->style[n] = (uint8_t)(p->bs->style | (st & DOC_STYLE_BOLD ? TS_STYLE_BOLD : 0) |
                                (st & DOC_STYLE_ITALIC ? TS_STYLE_ITALIC : 0) |
                                (st & DOC_STYLE_LINK ? 8 : 0));
        const char *lang = span && span->lang ? span->lang : NULL;
        if (lang && lang != last_in) { /* intern once per change of span language */
            last_in = lang;
            last_out = ts_cache_lang(p->l->cache, lang);
            if (!last_out)
                return QUIRE_ENOMEM;
        }
        p->lang[n] = lang ? last_out : base_lang;
        p->cp[n] = utf8_next(s, &i);
        if (p->cp[n] == 0xFFFF) /* libunibreak's end-of-string mark: it asserts on it */
            p->cp[n] = 0xFFFD;
        p->has_rtl |= ts_is_rtl_char(p->cp[n]);
        n++;
    }
    while (n > 0 && (p->cp[n - 1] == '\n' || p->cp[n - 1] == ' '))
        n--;
    p->n = n;
    return QUIRE_OK;
}

static enum quire_status breaks(struct ts_para *p)
{
    p->brks = ts_arena_alloc(&p->l->scratch, p->n + 1);
    if (!p->brks)
        return QUIRE_ENOMEM;
    return ts_breaks_find(p->l->fonts, p->cp, p->n, p->script, p->block_lang, p->brks,
                          &p->l->scratch);
}

/* ---- items ---- */

static struct ts_item *item_push(struct ts_para *p)
{
    if (p->item_count == p->item_alloc) {
        size_t n = p->item_alloc ? p->item_alloc * 2 : 256;
        struct ts_item *it = ts_arena_alloc(&p->l->scratch, n * sizeof(*it));
        if (!it)
            return NULL;
        if (p->item_count)
            memcpy(it, p->items, p->item_count * sizeof(*it));
        p->items = it;
        p->item_alloc = n;
    }
    struct ts_item *it = &p->items[p->item_count++];
    memset(it, 0, sizeof(*it));
    it->size = p->bs->size;
    return it;
}

static float px(const struct ts_para *p, int32_t units)
{
    return (float)units * p->bs->size / TS_SCALE;
}

static int32_t slice_width(const struct ts_shaped *sh, uint32_t g0, uint32_t g1)
{
    int32_t w = 0;
    for (uint32_t g = g0; g < g1; g++)
        w += sh->glyphs[g].adv;
    return w;
}

static enum quire_status push_box(struct ts_para *p, const struct ts_shaped *sh, uint32_t g0,
                                  uint32_t g1, uint32_t start, uint32_t end, size_t at)
{
    struct ts_item *it = item_push(p);
    if (!it)
        return QUIRE_ENOMEM;
    *it = (struct ts_item){.type = TS_BOX,
                           .is_link = (p->style[at] & 8) != 0,
                           .level = p->level[at],
                           .w = px(p, slice_width(sh, g0, g1)),
                           .start = start,
                           .end = end,
                           .sh = sh,
                           .g0 = g0,
                           .g1 = g1,
                           .size = p->bs->size};
    return QUIRE_OK;
}

static enum quire_status push_penalty(struct ts_para *p, float penalty, bool is_flagged,
                                      const struct ts_shaped *sh, uint32_t at, uint8_t level)
{
    struct ts_item *it = item_push(p);
    if (!it)
        return QUIRE_ENOMEM;
    it->type = TS_PENALTY;
    it->penalty = penalty;
    it->is_flagged = is_flagged;
    it->level = level;
    it->sh = sh;
    it->start = it->end = at;
    if (is_flagged && sh)
        it->w = px(p, p->l->fonts->fonts[sh->main_font].hyphen_adv);
    return QUIRE_OK;
}

/* A break inside a word (LTR) after glyph g: g's advance holds its kerning with the glyph now on
 * the next line, so the line would end short of g's ink. The last pushed item, a penalty, gets
 * the difference to g's own advance (counted in its width, added before its hyphen). */
static void kern_fix_units(struct ts_para *p, int32_t units)
{
    if (units <= 0)
        return;
    struct ts_item *it = &p->items[p->item_count - 1];
    it->kern_fix = px(p, units);
    it->w += it->kern_fix;
}

static void kern_fix(struct ts_para *p, const struct ts_shaped *sh, uint32_t g)
{
    if (sh)
        kern_fix_units(p, ts_kern_back(p->l->fonts, sh, g));
}

/* First glyph whose cluster is at or after code point k (LTR words: logical order). */
static uint32_t glyph_at(const struct ts_shaped *sh, uint32_t k)
{
    uint32_t g = 0;
    while (g < sh->glyph_count && sh->glyphs[g].cluster < k)
        g++;
    return g;
}

/* Glyphs whose clusters lie in code points [c0, c1) of the word: a contiguous slice in both
 * directions (clusters rise left to right in LTR words and fall in RTL ones). */
static void cluster_slice(const struct ts_shaped *sh, uint32_t c0, uint32_t c1, uint32_t *g0,
                          uint32_t *g1)
{
    uint32_t lo = sh->glyph_count, hi = 0;
    for (uint32_t g = 0; g < sh->glyph_count; g++)
        if (sh->glyphs[g].cluster >= c0 && sh->glyphs[g].cluster < c1) {
            lo = g < lo ? g : lo;
            hi = g + 1;
        }
    *g0 = lo < hi ? lo : 0;
    *g1 = lo < hi ? hi : 0;
}

/* Scripts written without a hyphen at a line break. */
static bool has_hyphen_convention(hb_script_t s)
{
    switch (s) {
    case HB_SCRIPT_ARABIC:
    case HB_SCRIPT_HEBREW:
    case HB_SCRIPT_SYRIAC:
    case HB_SCRIPT_THAANA:
    case HB_SCRIPT_NKO:
    case HB_SCRIPT_HAN:
    case HB_SCRIPT_HIRAGANA:
    case HB_SCRIPT_KATAKANA:
    case HB_SCRIPT_THAI:
    case HB_SCRIPT_LAO:
    case HB_SCRIPT_KHMER:
    case HB_SCRIPT_MYANMAR:
    case HB_SCRIPT_TIBETAN:
        return false;
    default:
        return true;
    }
}

static bool is_hyph_point(const struct ts_shaped *sh, uint32_t k)
{
    for (uint16_t h = 0; h < sh->hyph_count; h++)
        if (sh->hyph[h] == k)
            return true;
    return false;
}

/* A word (or a run of one) too wide for the measure, in logical order: a box per cluster, a
 * hyphen break at each hyphenation point and, as a last resort, a dearer letter break (marked
 * with a hyphen where the script uses one) between the others. lead_break puts a letter break
 * before the first cluster too (a later run of a split word). */
static enum quire_status push_split(struct ts_para *p, const struct ts_shaped *sh, uint32_t a,
                                    bool lead_break)
{
    bool is_rtl = sh->is_rtl, has_mark = has_hyphen_convention(sh->script);
    enum quire_status st = QUIRE_OK;
    uint32_t n = sh->glyph_count, c0 = 0;
    for (uint32_t k = 0; k < n && st == QUIRE_OK;) {
        uint32_t g = is_rtl ? n - 1 - k : k, cl = sh->glyphs[g].cluster;
        uint32_t e = k + 1;
        while (e < n && sh->glyphs[is_rtl ? n - 1 - e : e].cluster == cl)
            e++;
        uint32_t c1 = e < n ? sh->glyphs[is_rtl ? n - 1 - e : e].cluster : sh->len;
        if (c1 <= cl)
            c1 = e < n ? cl : sh->len; /* clusters out of order: keep them together */
        if (c1 == cl) {
            k = e;
            continue;
        }
        if (c0 > 0 || lead_break) {
            bool is_hyph = c0 > 0 && is_hyph_point(sh, c0);
            st = push_penalty(p, is_hyph ? QUIRE_HYPHEN_PENALTY : QUIRE_LETTER_BREAK_PENALTY,
                              is_hyph || has_mark, sh, a + c0, p->level[a]);
            if (st == QUIRE_OK) /* the word must break: past the hyphen limit too */
                p->items[p->item_count - 1].is_emergency = true;
        }
        uint32_t g0, g1;
        cluster_slice(sh, c0, c1, &g0, &g1);
        if (st == QUIRE_OK && (c0 > 0 || lead_break) && g0 > 0)
            kern_fix(p, sh, g0 - 1);
        if (st == QUIRE_OK)
            st = push_box(p, sh, g0, g1, a + c0, a + c1, a);
        c0 = c1;
        k = e;
    }
    return st;
}

static float meas_of(const struct ts_para *p)
{
    return p->l->measure - p->bs->indent;
}

/* Shapes one run of a word: same style, level, script and language. */
static enum quire_status shape_run(struct ts_para *p, uint32_t a, uint32_t b, HyphenDict *dict,
                                   const struct ts_shaped **sh)
{
    int style = (p->style[a] & 3) | p->l->family << TS_FAMILY_SHIFT;
    return ts_shape(p->l->cache, p->l->fonts, p->cp + a, b - a, style, p->script[a],
                    p->level[a] & 1, p->lang[a], dict, sh);
}

static HyphenDict *run_dict(const struct ts_para *p, uint32_t a)
{
    return !(p->level[a] & 1) ? ts_dict_find(p->l->fonts, p->lang[a], p->script[a]) : NULL;
}

/* One run of a word. split: the whole word is wider than the measure. */
static enum quire_status push_run(struct ts_para *p, uint32_t a, uint32_t b, bool may_hyphenate,
                                  bool split, bool lead_break)
{
    struct layout *l = p->l;
    HyphenDict *dict = may_hyphenate && p->bs->can_hyphenate ? run_dict(p, a) : NULL;
    const struct ts_shaped *sh = NULL;
    enum quire_status st = shape_run(p, a, b, dict, &sh);
    if (st != QUIRE_OK)
        return st;
    if (sh->missing && !p->is_counted) {
        if (!l->stats.missing_glyphs)
            l->stats.first_missing = sh->first_missing;
        l->stats.missing_glyphs += sh->missing;
    }
    if (split || px(p, sh->width) > meas_of(p)) {
        HyphenDict *d = run_dict(p, a); /* hyphenation points first, even when it is off */
        if (d && !dict && (st = shape_run(p, a, b, d, &sh)) != QUIRE_OK)
            return st;
        return push_split(p, sh, a, lead_break);
    }
    uint32_t g0 = 0, prev = 0;
    for (uint16_t h = 0; dict && h < sh->hyph_count && st == QUIRE_OK; h++) {
        uint32_t g1 = glyph_at(sh, sh->hyph[h]);
        st = push_box(p, sh, g0, g1, a + prev, a + sh->hyph[h], a);
        if (st == QUIRE_OK)
            st = push_penalty(p, QUIRE_HYPHEN_PENALTY, true, sh, a + sh->hyph[h], p->level[a]);
        if (st == QUIRE_OK)
            kern_fix_units(p, sh->hyph_kern[h]);
        g0 = g1;
        prev = sh->hyph[h];
    }
    if (st == QUIRE_OK)
        st = push_box(p, sh, g0, sh->glyph_count, a + prev, b, a);
    return st;
}

static bool same_run(const struct ts_para *p, size_t i, size_t j)
{
    return (p->style[i] & 3) == (p->style[j] & 3) && p->level[i] == p->level[j] &&
           p->script[i] == p->script[j] && p->lang[i] == p->lang[j] &&
           (p->style[i] & 8) == (p->style[j] & 8);
}

/* A word of several runs (a style, link or language change inside it) is measured whole: when
 * it is wider than the measure, every run is split. */
static enum quire_status push_word(struct ts_para *p, uint32_t a, uint32_t b)
{
    bool is_single = true;
    for (uint32_t i = a + 1; i < b && is_single; i++)
        is_single = same_run(p, a, i);
    if (is_single)
        return push_run(p, a, b, true, false, false);
    enum quire_status st = QUIRE_OK;
    double w = 0;
    uint32_t s = a;
    for (uint32_t i = a + 1; i <= b && st == QUIRE_OK; i++) {
        if (i == b || !same_run(p, s, i)) {
            const struct ts_shaped *sh = NULL;
            st = shape_run(p, s, i, NULL, &sh);
            w += st == QUIRE_OK ? px(p, sh->width) : 0;
            s = i;
        }
    }
    bool split = w > meas_of(p);
    s = a;
    for (uint32_t i = a + 1; i <= b && st == QUIRE_OK; i++) {
        if (i == b || !same_run(p, s, i)) {
            st = push_run(p, s, i, false, split, split && s > a);
            s = i;
        }
    }
    return st;
}

static enum quire_status push_glue(struct ts_para *p, uint32_t a, uint32_t b)
{
    const struct layout_fonts *f = p->l->fonts;
    int fid = 0;
    for (size_t i = p->item_count; i > 0; i--)
        if (p->items[i - 1].type == TS_BOX && p->items[i - 1].sh) {
            fid = p->items[i - 1].sh->main_font;
            break;
        }
    struct ts_item *it = item_push(p);
    if (!it)
        return QUIRE_ENOMEM;
    float spaces = 0;
    for (uint32_t i = a; i < b; i++) /* a tab is four spaces in preformatted text */
        spaces += p->cp[i] == '\t' && p->bs->keeps_spaces ? 4 : 1;
    float w = px(p, f->fonts[fid].space_adv) * spaces;
    /* preformatted: spaces opening a line are a fixed box (indentation survives); spaces after
     * a word are fixed glue, so a wrapped line may end there and drop them */
    bool is_indent = p->bs->keeps_spaces &&
                     (p->item_count == 1 || p->items[p->item_count - 2].type == TS_PENALTY);
    if (is_indent && w > meas_of(p) && b - a > 1) { /* fixed spaces wider than a line */
        p->item_count--;
        enum quire_status st = push_glue(p, a, a + 1);
        if (st == QUIRE_OK)
            st = push_penalty(p, 0, false, NULL, a + 1, p->level[a]);
        return st == QUIRE_OK ? push_glue(p, a + 1, b) : st;
    }
    it->type = is_indent ? TS_BOX : TS_GLUE; /* a box without glyphs: fixed */
    it->w = w;
    if (p->bs->is_justified && !p->bs->keeps_spaces) {
        it->stretch = w / 2;
        it->shrink = w / 3;
    }
    it->level = p->level[a];
    it->start = a;
    it->end = b;
    return QUIRE_OK;
}

/* A break after a soft hyphen (U+00AD, invisible while the word is whole) is a hyphen break:
 * flagged, drawn with a hyphen, counted toward the consecutive-hyphen limit. */
static enum quire_status push_soft_hyphen(struct ts_para *p, uint32_t at)
{
    const struct ts_shaped *sh = NULL;
    uint32_t g1 = 0;
    for (size_t i = p->item_count; i > 0 && !sh; i--)
        if (p->items[i - 1].type == TS_BOX) {
            sh = p->items[i - 1].sh;
            g1 = p->items[i - 1].g1;
        }
    enum quire_status st =
        push_penalty(p, sh ? QUIRE_HYPHEN_PENALTY : 0, sh != NULL, sh, at, p->level[at - 1]);
    if (st == QUIRE_OK && g1 > 0)
        kern_fix(p, sh, g1 - 1);
    return st;
}

/* Scripts written without spaces between words (or syllables) are justified by spreading the
 * space between characters at their break opportunities: this returns how far one such gap
 * stretches, em (0: the script has spaces). CJK's fixed-width characters take it well; in
 * Thai, Lao, Khmer, Burmese and Tibetan a visible gap reads as a space (a phrase or a
 * sentence ends there), so their gaps stay barely visible. */
static double interchar_stretch(hb_script_t s)
{
    switch (s) {
    case HB_SCRIPT_HAN:
    case HB_SCRIPT_HIRAGANA:
    case HB_SCRIPT_KATAKANA:
    case HB_SCRIPT_BOPOMOFO:
        return QUIRE_INTERCHAR_STRETCH_EM;
    case HB_SCRIPT_THAI:
    case HB_SCRIPT_LAO:
    case HB_SCRIPT_KHMER:
    case HB_SCRIPT_MYANMAR:
    case HB_SCRIPT_TIBETAN:
        return QUIRE_INTERCHAR_SEA_STRETCH_EM;
    default:
        return 0;
    }
}

/* A break between characters of such scripts: glue of no width that may stretch. */
static enum quire_status push_char_glue(struct ts_para *p, uint32_t before, uint32_t at)
{
    double em = fmin(interchar_stretch(p->script[before]), interchar_stretch(p->script[at]));
    if (em <= 0)
        return push_penalty(p, 0, false, NULL, at, p->level[before]);
    struct ts_item *it = item_push(p);
    if (!it)
        return QUIRE_ENOMEM;
    it->type = TS_GLUE;
    it->stretch = (float)(em * p->bs->size);
    it->level = p->level[before];
    it->start = it->end = at;
    return QUIRE_OK;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == 0x2028 || c == 0x2029;
}

static enum quire_status build_items(struct ts_para *p)
{
    enum quire_status st = QUIRE_OK;
    uint32_t i = 0, n = (uint32_t)p->n;
    while (i < n && st == QUIRE_OK) {
        uint32_t j = i;
        while (j < n && (j == i || p->brks[j - 1] == LINEBREAK_NOBREAK ||
                         p->brks[j - 1] == LINEBREAK_INSIDEACHAR))
            j++;
        uint32_t k = j;
        while (k > i && is_space(p->cp[k - 1]))
            k--;
        bool is_must = j < n && p->brks[j - 1] == LINEBREAK_MUSTBREAK;
        uint32_t sp_end = j;
        if (is_must)
            while (sp_end > k && p->cp[sp_end - 1] == '\n')
                sp_end--;
        if (k > i)
            st = push_word(p, i, k);
        if (st == QUIRE_OK && sp_end > k)
            st = push_glue(p, k, sp_end);
        if (st == QUIRE_OK && is_must) /* the line ends before its newline */
            st = push_penalty(p, -TS_PENALTY_INF, false, NULL, sp_end, p->level[k < n ? k : 0]);
        else if (st == QUIRE_OK && sp_end == k && j < n && p->cp[k - 1] == 0xAD)
            st = push_soft_hyphen(p, j);
        else if (st == QUIRE_OK && sp_end == k && j < n && p->bs->is_justified &&
                 !p->bs->keeps_spaces)
            st = push_char_glue(p, k - 1, j);
        else if (st == QUIRE_OK && (sp_end == k || p->bs->keeps_spaces) && j < n)
            st = push_penalty(p, 0, false, NULL, j, p->level[k]);
        i = j;
    }
    if (st == QUIRE_OK)
        st = push_penalty(p, -TS_PENALTY_INF, false, NULL, n, p->is_rtl);
    return st;
}

/* Items and breaks of the paragraph as bs sets it. */
static enum quire_status break_para(struct ts_para *p, size_t **br, size_t *nb)
{
    const struct ts_block_style *bs = p->bs;
    p->item_count = 0;
    enum quire_status st = build_items(p);
    if (st == QUIRE_OK)
        st = ts_break_lines(p->items, p->item_count, p->l->measure - bs->indent,
                            bs->is_justified ? 0 : (float)(QUIRE_RAGGED_STRETCH_EM * bs->size),
                            bs->mode, QUIRE_MAX_CONSECUTIVE_HYPHENS, &p->l->scratch, br, nb);
    return st;
}

/* A justified paragraph more than QUIRE_MAX_OVERSTRETCHED of whose lines would need spaces
 * wider than the limit (long words, no hyphenation patterns, a narrow page) is set ragged:
 * even lines at their natural spacing rather than many lines left short. */
static bool is_too_loose(struct ts_para *p, const size_t *br, size_t nb)
{
    size_t loose = 0, prev = (size_t)-1;
    for (size_t k = 0; k + 1 < nb; k++) {
        loose += ts_line_is_overstretched(p, ts_line_start(p->items, p->item_count, prev), br[k]);
        prev = br[k];
    }
    return nb > 1 && loose > QUIRE_MAX_OVERSTRETCHED * (double)(nb - 1);
}

enum quire_status ts_para_layout(struct layout *l, size_t block_index,
                                 const struct ts_block_style *bs)
{
    const struct doc_block *blk = doc_block_get(l->doc, block_index);
    struct ts_para p = {.l = l, .bs = bs, .block = block_index};
    struct ts_block_style ragged;
    ts_arena_reset(&l->scratch);
    enum quire_status st = decode(&p, blk);
    if (st == QUIRE_OK)
        st = ts_para_scripts(&p);
    if (st == QUIRE_OK)
        st = ts_para_langs(&p, blk);
    if (st == QUIRE_OK)
        st = ts_para_bidi(&p, blk);
    if (st == QUIRE_OK)
        st = breaks(&p);
    size_t *br = NULL, nb = 0;
    if (st == QUIRE_OK)
        st = break_para(&p, &br, &nb);
    if (st == QUIRE_OK && bs->is_justified && is_too_loose(&p, br, nb)) {
        ragged = *bs;
        ragged.is_justified = false;
        p.bs = &ragged;
        p.is_counted = true;
        st = break_para(&p, &br, &nb);
    }
    size_t first_pel = l->pel_count, prev = (size_t)-1;
    for (size_t k = 0; k < nb && st == QUIRE_OK; k++) {
        size_t s = ts_line_start(p.items, p.item_count, prev);
        st = ts_line_emit(&p, s, br[k], k == 0);
        prev = br[k];
    }
    if (st == QUIRE_OK)
        ts_keep_lines(l, first_pel, l->pel_count - first_pel);
    return st;
}
