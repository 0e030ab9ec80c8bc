/* cli_width: text columns for a terminal, measured in display cells rather than bytes: an East
 * Asian wide or fullwidth character (UAX #11, as ICU's property tables give it) takes two
 * cells, a combining mark or a zero-width character none, anything else one. `quire list`
 * lines its columns up with these, whatever script a title, section or language is in. */
#include <string.h>
#include <unicode/uchar.h>

#include "cli.h"

/* Decodes the UTF-8 character at s (valid UTF-8: the store holds nothing else); returns its
 * length and sets *cp. A stray byte counts as one character of its own. */
static size_t next_char(const char *s, UChar32 *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] < 0x80 ? 1 : u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if ((u[i] & 0xC0) != 0x80)
            n = 1;
    if (n == 1) {
        *cp = u[0];
        return 1;
    }
    UChar32 c = u[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++)
        c = c << 6 | (u[i] & 0x3F);
    *cp = c;
    return n;
}

static int cells_of(UChar32 c)
{
    if (c < 0x20 || c == 0x7F)
        return 0;
    int cat = u_charType(c);
    if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR || c == 0x200B)
        return 0;
    int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

int cli_text_width(const char *s)
{
    int w = 0;
    for (UChar32 c; s && *s;) {
        s += next_char(s, &c);
        w += cells_of(c);
    }
    return w;
}

void cli_text_fit(const char *s, int width, char *out, size_t cap)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* one cell */
    size_t n = 0, cut = 0, word_cut = 0;
    int w = 0, at_cut = 0;
    if (width <= 0 || cap == 0) {
        if (cap)
            out[0] = '\0';
        return;
    }
    bool fits = cli_text_width(s) <= width;
    /* Without room for all of it: the longest prefix of width - 1 cells (the ellipsis takes
     * the last), ended at a space when the prefix holds one, so no word is cut in half. */
    for (UChar32 c; s && s[n];) {
        size_t len = next_char(s + n, &c);
        int cw = cells_of(c);
        if (!fits && w + cw > width - 1)
            break;
        if (c == ' ' && n > 0) {
            word_cut = n;
            at_cut = w;
        }
        n += len;
        w += cw;
    }
    cut = n;
    if (!fits && word_cut > 0) {
        cut = word_cut;
        w = at_cut;
    }
    size_t o = 0;
    if (cut >= cap)
        cut = cap - 1;
    memcpy(out, s ? s : "", cut);
    o = cut;
    if (!fits && o + sizeof ellipsis <= cap) {
        memcpy(out + o, ellipsis, sizeof ellipsis - 1);
        o += sizeof ellipsis - 1;
        w++;
    }
    for (; w < width && o + 1 < cap; w++)
        out[o++] = ' ';
    out[o] = '\0';
}
