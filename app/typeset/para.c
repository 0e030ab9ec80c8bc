/* para: one text block into lines. Order of work: decode UTF-8 to code points with per-character
 * style and language; bidi levels (FriBidi, only when the text has right-to-left characters);
 * scripts; UAX #14 break opportunities (libunibreak); items (a box per word run from the
 * shaping cache, hyphen penalties inside words, glue for spaces); line breaks (linebreak.c);
 * then each line is justified, reordered visually (rule L2 over items, each already shaped in
 * its direction) and written as glyph runs. Scratch memory is the layout's paragraph arena. */
#include <fribidi.h>
#include <linebreak.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "doc.h"
#include "quire_util.h"
#include "typeset_internal.h"

struct para {
    struct layout *l;
    const struct ts_block_style *bs;
    size_t block;
    uint32_t *cp;
    uint8_t *style;
    const char **lang;
    FriBidiLevel *level;
    hb_script_t *script;
    char *brks;
    size_t n;
    bool is_rtl, has_rtl;
    struct ts_item *items;
    size_t item_count, item_alloc;
};

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

static bool is_rtl_char(uint32_t c)
{
    return (c >= 0x590 && c <= 0x8FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || c == 0x200F || c == 0x202B || c == 0x202E ||
           c == 0x2067 || (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF);
}

static const char *block_lang(const struct layout *l, const struct doc_block *blk)
{
    if (blk->lang)
        return blk->lang;
    if (doc_lang(l->doc))
        return doc_lang(l->doc);
    return l->set.lang ? l->set.lang : l->guessed_lang;
}

static enum quire_status decode(struct para *p, const struct doc_block *blk)
{
    struct ts_arena *a = &p->l->scratch;
    size_t cap = blk->text_len + 1;
    p->cp = ts_arena_alloc(a, cap * sizeof(uint32_t));
    p->style = ts_arena_alloc(a, cap);
    p->lang = ts_arena_alloc(a, cap * sizeof(char *));
    if (!p->cp || !p->style || !p->lang)
        return QUIRE_ENOMEM;
    const unsigned char *s = (const unsigned char *)blk->text;
    const char *base_lang = ts_cache_lang(p->l->cache, block_lang(p->l, blk));
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
        p->has_rtl |= is_rtl_char(p->cp[n]);
        n++;
    }
    while (n > 0 && (p->cp[n - 1] == '\n' || p->cp[n - 1] == ' '))
        n--;
    p->n = n;
    return QUIRE_OK;
}

/* Languages written right to left (primary subtag). */
static bool is_rtl_lang(const char *lang)
{
    static const char *const rtl[] = {"fa", "ar", "ps", "ur",  "ug", "sd",
                                      "he", "iw", "yi", "ckb", "dv"};
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof(rtl) / sizeof(rtl[0]); i++)
        if (strlen(rtl[i]) == n && strncasecmp(rtl[i], lang, n) == 0)
            return true;
    return false;
}

/* The paragraph direction: the block's dir, else right to left for a right-to-left language
 * (a Persian paragraph opening with "BBC" is still Persian), else the first strong character. */
static FriBidiParType base_dir(const struct para *p, const struct doc_block *blk)
{
    if (blk->dir == DOC_DIR_RTL)
        return FRIBIDI_PAR_RTL;
    if (blk->dir == DOC_DIR_LTR)
        return FRIBIDI_PAR_LTR;
    return is_rtl_lang(block_lang(p->l, blk)) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
}

static enum quire_status bidi(struct para *p, const struct doc_block *blk)
{
    struct ts_arena *a = &p->l->scratch;
    p->level = ts_arena_calloc(a, p->n + 1, sizeof(FriBidiLevel));
    if (!p->level)
        return QUIRE_ENOMEM;
    FriBidiParType base = base_dir(p, blk);
    if (!p->has_rtl && base != FRIBIDI_PAR_RTL)
        return QUIRE_OK;
    p->has_rtl = true; /* lines are reordered */
    FriBidiCharType *types = ts_arena_alloc(a, (p->n + 1) * sizeof(*types));
    FriBidiBracketType *brackets = ts_arena_alloc(a, (p->n + 1) * sizeof(*brackets));
    if (!types || !brackets)
        return QUIRE_ENOMEM;
    fribidi_get_bidi_types(p->cp, (FriBidiStrIndex)p->n, types);
    fribidi_get_bracket_types(p->cp, (FriBidiStrIndex)p->n, types, brackets);
    if (!fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)p->n, &base,
                                             p->level))
        return QUIRE_ENOMEM;
    p->is_rtl = base == FRIBIDI_PAR_RTL;
    return QUIRE_OK;
}

/* The script of c, with the commonest ranges answered without a call. */
static hb_script_t script_of(hb_unicode_funcs_t *uf, uint32_t c)
{
    if (c < 0x80)
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? HB_SCRIPT_LATIN : HB_SCRIPT_COMMON;
    if ((c >= 0x410 && c <= 0x44F) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
        return c < 0x400 ? HB_SCRIPT_LATIN : HB_SCRIPT_CYRILLIC;
    return hb_unicode_script(uf, c);
}

/* Scripts per character; Common and Inherited take the script around them. */
static enum quire_status scripts(struct para *p)
{
    p->script = ts_arena_alloc(&p->l->scratch, (p->n + 1) * sizeof(hb_script_t));
    if (!p->script)
        return QUIRE_ENOMEM;
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_INVALID;
    size_t first_real = p->n;
    for (size_t i = 0; i < p->n; i++) {
        hb_script_t s = script_of(uf, p->cp[i]);
        if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN) {
            p->script[i] = last;
        } else {
            p->script[i] = last = s;
            if (first_real == p->n)
                first_real = i;
        }
    }
    hb_script_t lead = first_real < p->n ? p->script[first_real] : HB_SCRIPT_LATIN;
    for (size_t i = 0; i < p->n && p->script[i] == HB_SCRIPT_INVALID; i++)
        p->script[i] = lead;
    return QUIRE_OK;
}

static enum quire_status breaks(struct para *p, const struct doc_block *blk)
{
    p->brks = ts_arena_alloc(&p->l->scratch, p->n + 1);
    if (!p->brks)
        return QUIRE_ENOMEM;
    if (p->n)
        set_linebreaks_utf32(p->cp, p->n, block_lang(p->l, blk), p->brks);
    return QUIRE_OK;
}

/* ---- items ---- */

static struct ts_item *item_push(struct para *p)
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

static float px(const struct para *p, int32_t units)
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

static enum quire_status push_box(struct para *p, const struct ts_shaped *sh, uint32_t g0,
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

static enum quire_status push_penalty(struct para *p, float penalty, bool is_flagged,
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
static void kern_fix_units(struct para *p, int32_t units)
{
    if (units <= 0)
        return;
    struct ts_item *it = &p->items[p->item_count - 1];
    it->kern_fix = px(p, units);
    it->w += it->kern_fix;
}

static void kern_fix(struct para *p, const struct ts_shaped *sh, uint32_t g)
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
static enum quire_status push_split(struct para *p, const struct ts_shaped *sh, uint32_t a,
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

static float meas_of(const struct para *p)
{
    return p->l->measure - p->bs->indent;
}

/* Shapes one run of a word: same style, level, script and language. */
static enum quire_status shape_run(struct para *p, uint32_t a, uint32_t b, HyphenDict *dict,
                                   const struct ts_shaped **sh)
{
    int style = (p->style[a] & 3) | p->l->family << TS_FAMILY_SHIFT;
    return ts_shape(p->l->cache, p->l->fonts, p->cp + a, b - a, style, p->script[a],
                    p->level[a] & 1, p->lang[a], dict, sh);
}

static HyphenDict *run_dict(const struct para *p, uint32_t a)
{
    return !(p->level[a] & 1) ? ts_dict_find(p->l->fonts, p->lang[a], p->script[a]) : NULL;
}

/* One run of a word. split: the whole word is wider than the measure. */
static enum quire_status push_run(struct para *p, uint32_t a, uint32_t b, bool may_hyphenate,
                                  bool split, bool lead_break)
{
    struct layout *l = p->l;
    HyphenDict *dict = may_hyphenate && p->bs->can_hyphenate ? run_dict(p, a) : NULL;
    const struct ts_shaped *sh = NULL;
    enum quire_status st = shape_run(p, a, b, dict, &sh);
    if (st != QUIRE_OK)
        return st;
    if (sh->missing) {
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

static bool same_run(const struct para *p, size_t i, size_t j)
{
    return (p->style[i] & 3) == (p->style[j] & 3) && p->level[i] == p->level[j] &&
           p->script[i] == p->script[j] && p->lang[i] == p->lang[j] &&
           (p->style[i] & 8) == (p->style[j] & 8);
}

/* A word of several runs (a style, link or language change inside it) is measured whole: when
 * it is wider than the measure, every run is split. */
static enum quire_status push_word(struct para *p, uint32_t a, uint32_t b)
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

static enum quire_status push_glue(struct para *p, uint32_t a, uint32_t b)
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
static enum quire_status push_soft_hyphen(struct para *p, uint32_t at)
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

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == 0x2028 || c == 0x2029;
}

static enum quire_status build_items(struct para *p)
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
        else if (st == QUIRE_OK && (sp_end == k || p->bs->keeps_spaces) && j < n)
            st = push_penalty(p, 0, false, NULL, j, p->level[k]);
        i = j;
    }
    if (st == QUIRE_OK)
        st = push_penalty(p, -TS_PENALTY_INF, false, NULL, n, p->is_rtl);
    return st;
}

/* ---- lines ---- */

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

static enum quire_status emit_item(struct para *p, struct line_fill *lf, const struct ts_item *it)
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
static double stat_ratio(const struct para *p, const size_t *idx, size_t n, double L, float meas)
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
static enum quire_status line_record(struct para *p, struct layout_line *ln, bool is_first)
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

static enum quire_status line_emit(struct para *p, size_t s, size_t b, bool is_first)
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
        r = (meas - L) / Y;
    float width = (float)(L + (r > 0 ? r * Y : r * Z));
    if (!is_last) {
        double sr = stat_ratio(p, idx, n, L, meas);
        l->stats.badness += sr * sr;
    }
    l->stats.overfull += width > meas + 0.01f;
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
                             .is_rtl = p->is_rtl};
    return st == QUIRE_OK ? line_record(p, &ln, is_first) : st;
}

/* Widows and orphans: no page break inside the first or last QUIRE_MIN_WIDOW_LINES lines. */
static void keep_lines(struct layout *l, size_t first_pel, size_t count)
{
    for (size_t k = 1; k < count; k++)
        if (k < QUIRE_MIN_WIDOW_LINES || k > count - QUIRE_MIN_WIDOW_LINES)
            l->pels[first_pel + k].keeps_with_prev = true;
}

enum quire_status ts_para_layout(struct layout *l, size_t block_index,
                                 const struct ts_block_style *bs)
{
    const struct doc_block *blk = doc_block_get(l->doc, block_index);
    struct para p = {.l = l, .bs = bs, .block = block_index};
    ts_arena_reset(&l->scratch);
    enum quire_status st = decode(&p, blk);
    if (st == QUIRE_OK)
        st = bidi(&p, blk);
    if (st == QUIRE_OK)
        st = scripts(&p);
    if (st == QUIRE_OK)
        st = breaks(&p, blk);
    if (st == QUIRE_OK)
        st = build_items(&p);
    size_t *br = NULL, nb = 0;
    if (st == QUIRE_OK)
        st = ts_break_lines(p.items, p.item_count, l->measure - bs->indent,
                            bs->is_justified ? 0 : (float)(QUIRE_RAGGED_STRETCH_EM * bs->size),
                            bs->mode, QUIRE_MAX_CONSECUTIVE_HYPHENS, &l->scratch, &br, &nb);
    size_t first_pel = l->pel_count, prev = (size_t)-1;
    for (size_t k = 0; k < nb && st == QUIRE_OK; k++) {
        size_t s = ts_line_start(p.items, p.item_count, prev);
        st = line_emit(&p, s, br[k], k == 0);
        prev = br[k];
    }
    if (st == QUIRE_OK)
        keep_lines(l, first_pel, l->pel_count - first_pel);
    return st;
}
