/* breaks: where a paragraph's lines may break. UAX #14 from libunibreak for the whole text
 * (CJK's no-break rules: no closing punctuation at a line start, no opening one at a line
 * end); then, for the scripts written without spaces between words (Thai, Lao, Khmer,
 * Burmese), ICU's line break iterator, whose dictionaries find the words (libunibreak would
 * break only at spaces and punctuation there); then Korean keeps its words whole (a break
 * between two Hangul syllables only as a last resort, when the word is wider than the line:
 * para.c splits such words). One ICU iterator per script is kept with the fonts. */
#include <linebreak.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include "typeset_internal.h"

/* The scripts ICU breaks and the locale whose dictionary it uses for each. */
static const struct {
    hb_script_t script;
    const char *locale;
} dict_scripts[TS_ICU_SCRIPTS] = {
    {HB_SCRIPT_THAI, "th"},
    {HB_SCRIPT_LAO, "lo"},
    {HB_SCRIPT_KHMER, "km"},
    {HB_SCRIPT_MYANMAR, "my"},
};

static int dict_index(hb_script_t s)
{
    for (int i = 0; i < TS_ICU_SCRIPTS; i++)
        if (dict_scripts[i].script == s)
            return i;
    return -1;
}

void ts_breaks_fini(struct layout_fonts *f)
{
    for (int i = 0; i < TS_ICU_SCRIPTS; i++)
        if (f->icu_line[i])
            ubrk_close(f->icu_line[i]);
}

static UBreakIterator *iterator(struct layout_fonts *f, int k)
{
    if (!f->icu_line[k]) {
        UErrorCode e = U_ZERO_ERROR;
        f->icu_line[k] = ubrk_open(UBRK_LINE, dict_scripts[k].locale, NULL, 0, &e);
        if (U_FAILURE(e))
            f->icu_line[k] = NULL;
    }
    return f->icu_line[k];
}

/* ICU's break opportunities inside cp[a, b), written over brks[a, b-1) (the break after the
 * run's last character stays libunibreak's, and so do mandatory breaks). */
static enum quire_status dict_run(struct layout_fonts *f, int k, const uint32_t *cp, size_t a,
                                  size_t b, char *brks, struct ts_arena *scratch)
{
    size_t n = b - a;
    UChar *u = ts_arena_alloc(scratch, (2 * n + 1) * sizeof(UChar));
    uint32_t *at = ts_arena_alloc(scratch, (2 * n + 1) * sizeof(uint32_t)); /* u16 -> cp */
    if (!u || !at)
        return QUIRE_ENOMEM;
    int32_t len = 0;
    for (size_t i = 0; i < n; i++) {
        at[len] = (uint32_t)i;
        UBool is_error = false;
        U16_APPEND(u, len, (int32_t)(2 * n + 1), cp[a + i], is_error);
        if (is_error)
            return QUIRE_EINVAL;
        if (len >= 2 && U16_IS_TRAIL(u[len - 1]))
            at[len - 1] = (uint32_t)i;
    }
    at[len] = (uint32_t)n;
    UBreakIterator *it = iterator(f, k);
    UErrorCode e = U_ZERO_ERROR;
    if (!it)
        return QUIRE_OK; /* no ICU data: libunibreak's breaks stand */
    ubrk_setText(it, u, len, &e);
    if (U_FAILURE(e))
        return QUIRE_OK;
    for (size_t i = a; i + 1 < b; i++)
        if (brks[i] != LINEBREAK_MUSTBREAK)
            brks[i] = LINEBREAK_NOBREAK;
    for (int32_t pos = ubrk_first(it); pos != UBRK_DONE; pos = ubrk_next(it)) {
        size_t i = a + at[pos]; /* the break comes before cp[i] */
        if (i > a && i < b && brks[i - 1] != LINEBREAK_MUSTBREAK)
            brks[i - 1] = LINEBREAK_ALLOWBREAK;
    }
    ubrk_setText(it, NULL, 0, &e); /* the iterator must not keep pointing into the arena */
    return QUIRE_OK;
}

static bool is_hangul(uint32_t c)
{
    return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
           (c >= 0x3130 && c <= 0x318F) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xD7B0 && c <= 0xD7FF);
}

enum quire_status ts_breaks_find(struct layout_fonts *f, const uint32_t *cp, size_t n,
                                 const hb_script_t *script, const char *lang, char *brks,
                                 struct ts_arena *scratch)
{
    if (n == 0)
        return QUIRE_OK;
    set_linebreaks_utf32(cp, n, lang, brks);
    enum quire_status st = QUIRE_OK;
    for (size_t a = 0; a < n && st == QUIRE_OK;) {
        int k = dict_index(script[a]);
        size_t b = a + 1;
        while (b < n && script[b] == script[a])
            b++;
        if (k >= 0)
            st = dict_run(f, k, cp, a, b, brks, scratch);
        a = b;
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (brks[i] == LINEBREAK_ALLOWBREAK && is_hangul(cp[i]) && is_hangul(cp[i + 1]))
            brks[i] = LINEBREAK_NOBREAK;
    return st;
}
