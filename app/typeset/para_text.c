/* para_text: what a paragraph's text says before it is set: each character's script (Common and
 * Inherited take the script around them), its language where the tag names none (the
 * script's: Armenian is hy), its direction (the block's dir, a right-to-left language or
 * script, else the first strong character) and bidi levels (FriBidi, only when the text has
 * right-to-left characters). */
#include <fribidi.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "typeset_internal.h"

bool ts_is_rtl_char(uint32_t c)
{
    return (c >= 0x590 && c <= 0x8FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || c == 0x200F || c == 0x202B || c == 0x202E ||
           c == 0x2067 || (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF);
}

/* Languages written right to left (primary subtag). */
static bool is_rtl_lang(const char *lang)
{
    if (!lang)
        return false;
    static const char *const rtl[] = {"fa", "ar", "ps", "ur",  "ug", "sd",
                                      "he", "iw", "yi", "ckb", "dv"};
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof(rtl) / sizeof(rtl[0]); i++)
        if (strlen(rtl[i]) == n && strncasecmp(rtl[i], lang, n) == 0)
            return true;
    return false;
}

/* The paragraph direction: the block's dir, else right to left for a right-to-left language
 * (a Persian paragraph opening with "BBC" is still Persian) or, when the tag names none, for
 * text mostly in a right-to-left script; else the first strong character. */
static FriBidiParType base_dir(const struct ts_para *p, const struct doc_block *blk)
{
    if (blk->dir == DOC_DIR_RTL)
        return FRIBIDI_PAR_RTL;
    if (blk->dir == DOC_DIR_LTR)
        return FRIBIDI_PAR_LTR;
    bool is_rtl_script = ts_lang_is_unknown(p->block_lang) &&
                         hb_script_get_horizontal_direction(p->main_script) == HB_DIRECTION_RTL;
    return is_rtl_lang(p->block_lang) || is_rtl_script ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
}

enum quire_status ts_para_bidi(struct ts_para *p, const struct doc_block *blk)
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
enum quire_status ts_para_scripts(struct ts_para *p)
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

bool ts_lang_is_unknown(const char *lang)
{
    if (!lang || !*lang)
        return true;
    size_t n = strcspn(lang, "-_.@");
    return (n == 3 && strncasecmp(lang, "und", 3) == 0) ||
           (n == 1 && (lang[0] == 'C' || lang[0] == 'c')) ||
           (n == 5 && strncasecmp(lang, "POSIX", 5) == 0);
}

/* Scripts one language is written in almost alone (its others are far smaller: Yiddish in
 * Hebrew, Assamese in Bengali, Dzongkha in Tibetan). Latin, Cyrillic, Arabic, Devanagari and
 * Han say nothing: many languages share them. */
static const struct {
    hb_script_t script;
    const char *lang;
} script_langs[] = {
    {HB_SCRIPT_ARMENIAN, "hy"},  {HB_SCRIPT_GEORGIAN, "ka"}, {HB_SCRIPT_GREEK, "el"},
    {HB_SCRIPT_HEBREW, "he"},    {HB_SCRIPT_THAI, "th"},     {HB_SCRIPT_LAO, "lo"},
    {HB_SCRIPT_KHMER, "km"},     {HB_SCRIPT_MYANMAR, "my"},  {HB_SCRIPT_TIBETAN, "bo"},
    {HB_SCRIPT_HANGUL, "ko"},    {HB_SCRIPT_HIRAGANA, "ja"}, {HB_SCRIPT_KATAKANA, "ja"},
    {HB_SCRIPT_ETHIOPIC, "am"},  {HB_SCRIPT_BENGALI, "bn"},  {HB_SCRIPT_GUJARATI, "gu"},
    {HB_SCRIPT_GURMUKHI, "pa"},  {HB_SCRIPT_ORIYA, "or"},    {HB_SCRIPT_TAMIL, "ta"},
    {HB_SCRIPT_TELUGU, "te"},    {HB_SCRIPT_KANNADA, "kn"},  {HB_SCRIPT_MALAYALAM, "ml"},
    {HB_SCRIPT_SINHALA, "si"},   {HB_SCRIPT_THAANA, "dv"},   {HB_SCRIPT_MONGOLIAN, "mn"},
    {HB_SCRIPT_CHEROKEE, "chr"}, {HB_SCRIPT_SYRIAC, "syr"},
};

const char *ts_script_lang(hb_script_t script)
{
    for (size_t i = 0; i < sizeof(script_langs) / sizeof(script_langs[0]); i++)
        if (script_langs[i].script == script)
            return script_langs[i].lang;
    return NULL;
}

/* The script most of the paragraph's characters are in (Han counts only where no other script
 * is there: the Hanja of a Korean text, the kanji of a Japanese one say nothing). */
static hb_script_t main_script(const struct ts_para *p)
{
    enum { SLOTS = 8 };
    hb_script_t sc[SLOTS];
    size_t count[SLOTS] = {0}, used = 0, best = 0;
    for (size_t i = 0; i < p->n; i++) {
        size_t k = 0;
        while (k < used && sc[k] != p->script[i])
            k++;
        if (k == used && used < SLOTS)
            sc[used++] = p->script[i];
        if (k < used)
            count[k] += p->script[i] == HB_SCRIPT_HAN ? 0 : 1;
    }
    for (size_t k = 1; k < used; k++)
        if (count[k] > count[best])
            best = k;
    return used > 0 ? sc[best] : HB_SCRIPT_LATIN;
}

/* The interned language of untagged text in script s: the script's, else the paragraph's
 * (the Hanja of a Korean paragraph are Korean), else the tag as it is. */
static const char *lang_for(struct ts_para *p, const char *tag, hb_script_t s)
{
    const char *from_script = ts_script_lang(s);
    if (from_script)
        return ts_cache_lang(p->l->cache, from_script);
    return ts_lang_is_unknown(p->block_lang) ? tag : p->block_lang;
}

enum quire_status ts_para_langs(struct ts_para *p, const struct doc_block *blk)
{
    p->main_script = main_script(p);
    p->block_lang = ts_block_lang(p->l, blk);
    const char *main_lang = ts_script_lang(p->main_script);
    if (ts_lang_is_unknown(p->block_lang) && main_lang &&
        !(p->block_lang = ts_cache_lang(p->l->cache, main_lang)))
        return QUIRE_ENOMEM;
    const char *in = NULL, *out = NULL; /* the last character's tag and language */
    hb_script_t last_script = HB_SCRIPT_INVALID;
    bool is_unknown = false;
    for (size_t i = 0; i < p->n; i++) {
        if (p->lang[i] != in) {
            in = p->lang[i];
            is_unknown = ts_lang_is_unknown(in);
            last_script = HB_SCRIPT_INVALID;
        }
        if (!is_unknown)
            continue;
        if (p->script[i] != last_script) {
            last_script = p->script[i];
            if (!(out = lang_for(p, in, last_script)))
                return QUIRE_ENOMEM;
        }
        p->lang[i] = out;
    }
    return QUIRE_OK;
}
