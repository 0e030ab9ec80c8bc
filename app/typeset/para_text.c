/* para_text: what a paragraph's text says before it is set: its direction (the block's dir, a
 * right-to-left language, else the first strong character) and bidi levels (FriBidi, only when
 * the text has right-to-left characters), and each character's script (Common and Inherited
 * take the script around them). */
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
static FriBidiParType base_dir(const struct ts_para *p, const struct doc_block *blk)
{
    if (blk->dir == DOC_DIR_RTL)
        return FRIBIDI_PAR_RTL;
    if (blk->dir == DOC_DIR_LTR)
        return FRIBIDI_PAR_LTR;
    return is_rtl_lang(ts_block_lang(p->l, blk)) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
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
