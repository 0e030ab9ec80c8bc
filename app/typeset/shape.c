/* shape: the shaping cache. A word (or a run of one style, script and direction inside a word)
 * is shaped once per layout at TS_SCALE units per em, with its fonts picked from the script's
 * fallback chain per code point, and its hyphenation points found once. Every later
 * occurrence, at any font size, is a hash lookup. Entries live in the layout's arena. */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "config.h"
#include "quire_util.h"
#include "typeset_internal.h"

#define MAX_HYPH_WORD 64 /* longer words are not hyphenated (URLs, identifiers) */

static uint32_t hash_key(const uint32_t *text, uint32_t len, int style, hb_script_t script,
                         bool is_rtl, const char *lang)
{
    uint32_t h = 2166136261u ^ (uint32_t)style ^ ((uint32_t)is_rtl << 8);
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ text[i]) * 16777619u;
    h = (h ^ (uint32_t)script) * 16777619u;
    return (h ^ (uint32_t)(uintptr_t)lang) * 16777619u;
}

enum quire_status ts_cache_init(struct ts_cache *c, struct ts_arena *arena)
{
    memset(c, 0, sizeof(*c));
    c->arena = arena;
    c->bucket_count = 4096;
    c->buckets = ts_arena_calloc(arena, c->bucket_count, sizeof(*c->buckets));
    return c->buckets ? QUIRE_OK : QUIRE_ENOMEM;
}

const char *ts_cache_lang(struct ts_cache *c, const char *lang)
{
    for (size_t i = 0; i < c->lang_count; i++)
        if (strcmp(c->langs[i], lang) == 0)
            return c->langs[i];
    if (c->lang_count == TS_MAX_LANGS)
        return c->langs[0]; /* a document with that many languages: set the rest as the first */
    size_t n = strlen(lang) + 1;
    char *copy = ts_arena_alloc(c->arena, n);
    if (!copy)
        return NULL;
    memcpy(copy, lang, n);
    c->langs[c->lang_count++] = copy;
    return copy;
}

static void cache_grow(struct ts_cache *c)
{
    size_t n = c->bucket_count * 4;
    struct ts_shaped **b = ts_arena_calloc(c->arena, n, sizeof(*b));
    if (!b)
        return; /* stays correct, only slower */
    for (size_t i = 0; i < c->bucket_count; i++) {
        struct ts_shaped *e = c->buckets[i];
        while (e) {
            struct ts_shaped *next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
            e = next;
        }
    }
    c->buckets = b;
    c->bucket_count = n;
}

static bool is_default_ignorable(uint32_t cp)
{
    return cp == 0xAD || cp == 0x34F || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0x180B && cp <= 0x180E);
}

/* The font for text[i]: marks stay with the previous font when it has them. */
static int pick_font(const struct layout_font **chain, int n, const uint32_t *text, uint32_t i,
                     int prev)
{
    hb_codepoint_t gid;
    uint32_t cp = text[i];
    if (is_default_ignorable(cp) || cp == '\n' || cp == '\t')
        return prev >= 0 ? prev : 0;
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    bool is_mark = gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
                   gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
                   gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
    if (is_mark && prev >= 0 && hb_font_get_nominal_glyph(chain[prev]->font, cp, &gid))
        return prev;
    for (int k = 0; k < n; k++)
        if (hb_font_get_nominal_glyph(chain[k]->font, cp, &gid))
            return k;
    return prev >= 0 ? prev : 0;
}

/* True when font has a glyph for cp or needs none (default ignorables, line ends, tabs). */
static bool has_glyph(const struct layout_font *font, uint32_t cp)
{
    hb_codepoint_t gid;
    return is_default_ignorable(cp) || cp == '\n' || cp == '\t' ||
           hb_font_get_nominal_glyph(font->font, cp, &gid);
}

/* Shapes text[start, end) in one font and appends the glyphs at out. */
static uint32_t shape_run(struct layout_fonts *f, const struct layout_font *font,
                          const uint32_t *text, uint32_t len, uint32_t start, uint32_t end,
                          hb_script_t script, bool is_rtl, const char *lang, struct ts_glyph *out,
                          uint32_t cap)
{
    hb_buffer_t *buf = f->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf32(buf, text, (int)len, start, (int)(end - start));
    hb_buffer_set_direction(buf, is_rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, script);
    hb_buffer_set_language(buf, hb_language_from_string(lang ? lang : "en", -1));
    hb_shape(font->font, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (n > cap)
        n = cap;
    for (unsigned i = 0; i < n; i++)
        out[i] = (struct ts_glyph){info[i].codepoint, pos[i].x_advance, pos[i].x_offset,
                                   pos[i].y_offset,   info[i].cluster,  font->id};
    return n;
}

/* Simple lower-casing for the alphabets we hyphenate (Latin, Cyrillic). */
/* Letters and the marks inside words (Indic vowel signs and viramas, Greek tonos on a
 * decomposed vowel): the characters patterns are written in. */
static bool is_word_char(uint32_t c)
{
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), c);
    return (gc <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER &&
            gc >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER) ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
}

/* True if a glyph cluster starts exactly at code point k (not inside a ligature). */
static bool is_cluster_start(const struct ts_shaped *s, uint32_t k)
{
    for (uint32_t g = 0; g < s->glyph_count; g++)
        if (s->glyphs[g].cluster == k)
            return true;
    return false;
}

int32_t ts_kern_back(const struct layout_fonts *f, const struct ts_shaped *sh, uint32_t g)
{
    if (sh->is_rtl || g >= sh->glyph_count)
        return 0;
    const struct ts_glyph *tg = &sh->glyphs[g];
    int32_t nominal = hb_font_get_glyph_h_advance(f->fonts[tg->font].font, tg->gid);
    return nominal > tg->adv ? nominal - tg->adv : 0;
}

/* Finds hyphenation points of the word's letter core with libhyphen (UTF-8 patterns;
 * hyphens[] is indexed by character). */
static void hyphenate(struct ts_cache *c, const struct layout_fonts *f, struct ts_shaped *s,
                      HyphenDict *dict)
{
    uint32_t a = 0, b = s->len;
    while (a < b && !is_word_char(s->text[a]))
        a++;
    while (b > a && !is_word_char(s->text[b - 1]))
        b--;
    uint32_t n = b - a;
    if (n < QUIRE_HYPHEN_MIN_WORD || n > MAX_HYPH_WORD)
        return;
    char word[MAX_HYPH_WORD * 4 + 1];
    size_t wl = 0;
    for (uint32_t i = a; i < b; i++) {
        if (!is_word_char(s->text[i]) || s->text[i] > 0xFFFF)
            return; /* inner punctuation or digits: leave the word whole */
        wl += quire_utf8_put((uint32_t)u_tolower((UChar32)s->text[i]), word + wl);
    }
    word[wl] = 0;
    char hy[MAX_HYPH_WORD * 4 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int lmin = dict->lhmin > 2 ? dict->lhmin : 2, rmin = dict->rhmin > 2 ? dict->rhmin : 2;
    if (hnj_hyphen_hyphenate3(dict, word, (int)wl, hy, NULL, &rep, &pos, &cut, lmin, rmin, 0, 0) !=
        0)
        return;
    uint16_t pts[MAX_HYPH_WORD];
    uint16_t np = 0;
    for (uint32_t i = 0; i + 1 < n; i++)
        if ((hy[i] & 1) && !(rep && rep[i]) && is_cluster_start(s, a + i + 1))
            pts[np++] = (uint16_t)(a + i + 1);
    if (rep) {
        for (uint32_t i = 0; i < wl; i++)
            free(rep[i]);
        free(rep);
        free(pos);
        free(cut);
    }
    if (np == 0)
        return;
    s->hyph = ts_arena_alloc(c->arena, np * sizeof(uint16_t));
    s->hyph_kern = ts_arena_alloc(c->arena, np * sizeof(int32_t));
    if (s->hyph && s->hyph_kern) {
        memcpy(s->hyph, pts, np * sizeof(uint16_t));
        s->hyph_count = np;
        for (uint16_t h = 0; h < np; h++) {
            uint32_t g = 0;
            while (g < s->glyph_count && s->glyphs[g].cluster < pts[h])
                g++;
            s->hyph_kern[h] = g > 0 ? ts_kern_back(f, s, g - 1) : 0;
        }
    }
}

/* Shapes a fresh entry: font runs in logical order, concatenated in visual order. */
static enum quire_status shape_new(struct ts_cache *c, struct layout_fonts *f, struct ts_shaped *s)
{
    const struct layout_font *chain[TS_MAX_FONTS];
    int nc = ts_font_chain(f, s->script, s->lang, s->style, chain, TS_MAX_FONTS);
    if (nc == 0)
        return QUIRE_ENOTFOUND;
    uint32_t cap = s->len * 4 + 8;
    s->glyphs = ts_arena_alloc(c->arena, cap * sizeof(struct ts_glyph));
    uint32_t *run_starts = ts_arena_alloc(c->arena, (s->len + 1) * sizeof(uint32_t) * 2);
    if (!s->glyphs || !run_starts)
        return QUIRE_ENOMEM;
    /* split into font runs; a character no face has brings in the system's face for it, and
     * the split starts again over the new chain */
    uint32_t nr = 0;
    int prev = -1;
    int *run_font = (int *)(run_starts + s->len + 1);
    for (uint32_t i = 0; i < s->len; i++) {
        int k = pick_font(chain, nc, s->text, i, prev);
        if (!has_glyph(chain[k], s->text[i]) && ts_font_fallback(f, s->text[i])) {
            nc = ts_font_chain(f, s->script, s->lang, s->style, chain, TS_MAX_FONTS);
            nr = 0, prev = -1, i = (uint32_t)-1;
            continue;
        }
        if (k != prev || i == 0) {
            run_starts[nr] = i;
            run_font[nr++] = k;
        }
        prev = k;
    }
    run_starts[nr] = s->len;
    for (uint32_t r = 0; r < nr; r++) {
        uint32_t ri = s->is_rtl ? nr - 1 - r : r;
        s->glyph_count += shape_run(f, chain[run_font[ri]], s->text, s->len, run_starts[ri],
                                    run_starts[ri + 1], s->script, s->is_rtl, s->lang,
                                    s->glyphs + s->glyph_count, cap - s->glyph_count);
    }
    s->main_font = chain[0]->id;
    for (uint32_t g = 0; g < s->glyph_count; g++) {
        s->width += s->glyphs[g].adv;
        uint32_t cp = s->text[s->glyphs[g].cluster];
        if (s->glyphs[g].gid == 0 && !is_default_ignorable(cp) && cp != '\n') {
            if (!s->missing)
                s->first_missing = cp;
            s->missing++;
        }
    }
    return QUIRE_OK;
}

enum quire_status ts_shape(struct ts_cache *c, struct layout_fonts *f, const uint32_t *text,
                           uint32_t len, int style, hb_script_t script, bool is_rtl,
                           const char *lang, HyphenDict *hyph_dict, const struct ts_shaped **out)
{
    uint32_t h = hash_key(text, len, style, script, is_rtl, lang);
    c->lookups++;
    for (struct ts_shaped *e = c->buckets[h & (c->bucket_count - 1)]; e; e = e->next) {
        if (e->hash == h && e->len == len && e->style == style && e->script == script &&
            e->is_rtl == is_rtl && e->lang == lang &&
            memcmp(e->text, text, len * sizeof(uint32_t)) == 0) {
            c->hits++;
            if (hyph_dict && !e->is_hyphenated && !is_rtl) {
                hyphenate(c, f, e, hyph_dict);
                e->is_hyphenated = true;
            }
            *out = e;
            return QUIRE_OK;
        }
    }
    struct ts_shaped *s = ts_arena_calloc(c->arena, 1, sizeof(*s));
    uint32_t *copy = ts_arena_alloc(c->arena, (len + 1) * sizeof(uint32_t));
    if (!s || !copy)
        return QUIRE_ENOMEM;
    memcpy(copy, text, len * sizeof(uint32_t));
    *s = (struct ts_shaped){.hash = h,
                            .len = len,
                            .text = copy,
                            .style = (uint8_t)style,
                            .is_rtl = is_rtl,
                            .script = script,
                            .lang = lang};
    enum quire_status st = shape_new(c, f, s);
    if (st != QUIRE_OK)
        return st;
    if (hyph_dict && !is_rtl) {
        hyphenate(c, f, s, hyph_dict);
        s->is_hyphenated = true;
    }
    s->next = c->buckets[h & (c->bucket_count - 1)];
    c->buckets[h & (c->bucket_count - 1)] = s;
    if (++c->entry_count > c->bucket_count)
        cache_grow(c);
    *out = s;
    return QUIRE_OK;
}
