/* quire_escape: text that came from outside (a request line, a key comment, a file name)
 * made safe to print on a terminal or in a log: one line, no control sequences. */
#include <stdio.h>
#include <string.h>

#include "quire_util.h"

/* Length of the valid UTF-8 sequence at s (n bytes left) and its code point; 0 if invalid. */
static size_t utf8_at(const unsigned char *s, size_t n, unsigned *cp)
{
    size_t len = s[0] < 0xC0 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
    if (len == 0 || len > n || !quire_utf8_valid((const char *)s, len, NULL))
        return 0;
    *cp = len == 2 ? s[0] & 0x1Fu : len == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (size_t k = 1; k < len; k++)
        *cp = *cp << 6 | (s[k] & 0x3Fu);
    return len;
}

/* C1 controls (a lone CSI starts an escape sequence in some terminals) and the bidi
 * controls that can make a line read differently from what it holds. */
static bool is_hidden(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0x200E || cp == 0x200F;
}

void quire_escape_line(const char *in, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    size_t n = strlen((const char *)s), o = 0;
    if (cap == 0)
        return;
    for (size_t i = 0; i < n;) {
        char esc[16];
        size_t len = 1, w;
        unsigned cp = 0;
        if (s[i] >= 0x80 && (len = utf8_at(s + i, n - i, &cp)) == 0) {
            len = 1;
            w = (size_t)snprintf(esc, sizeof esc, "\\x%02x", s[i]);
        } else if (s[i] >= 0x80 && is_hidden(cp)) {
            w = (size_t)snprintf(esc, sizeof esc, "\\u%04x", cp);
        } else if (s[i] < 0x20 || s[i] == 0x7F) {
            w = (size_t)snprintf(esc, sizeof esc, "\\x%02x", s[i]);
        } else if (s[i] == '\\') {
            w = (size_t)snprintf(esc, sizeof esc, "\\\\");
        } else {
            w = len;
            memcpy(esc, s + i, len);
        }
        if (o + w >= cap) /* never half an escape or half a character */
            break;
        memcpy(out + o, esc, w);
        o += w;
        i += len;
    }
    out[o] = '\0';
}
