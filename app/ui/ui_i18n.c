/* ui_i18n: lookup, CLDR plural rules, language digits and the small printf behind ui_format. */
#include "ui_i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "quire_util.h"

/* English comes straight from the list: the list is the English catalogue. */
const struct ui_msg_text ui_msg_en[UI_MSG_COUNT] = {
#define UI_MSG(id, en)            [id] = {{en}},
#define UI_PLURAL(id, one, other) [id] = {{one, other}},
#include "ui_msgs.def"
#undef UI_MSG
#undef UI_PLURAL
};

static const bool msg_is_plural[UI_MSG_COUNT] = {
#define UI_MSG(id, en)            [id] = false,
#define UI_PLURAL(id, one, other) [id] = true,
#include "ui_msgs.def"
#undef UI_MSG
#undef UI_PLURAL
};

struct lang_info {
    const char *code, *native;
    bool is_rtl;
    int plural_forms;
    uint32_t zero; /* code point of the digit zero */
    const struct ui_msg_text *catalogue;
};

static const struct lang_info langs[UI_LANG_COUNT] = {
    [UI_LANG_EN] = {"en", "English", false, 2, '0', ui_msg_en},
    [UI_LANG_RU] = {"ru", "Русский", false, 3, '0', ui_msg_ru},
    [UI_LANG_FA] = {"fa", "فارسی", true, 2, 0x06F0, ui_msg_fa},
};

static const struct lang_info *info(enum ui_lang lang)
{
    return &langs[(unsigned)lang < UI_LANG_COUNT ? lang : UI_LANG_EN];
}

enum quire_status ui_lang_from_code(const char *code, enum ui_lang *out, struct quire_err *err)
{
    for (int i = 0; i < UI_LANG_COUNT; i++)
        if (code && !strcmp(code, langs[i].code)) {
            *out = (enum ui_lang)i;
            return QUIRE_OK;
        }
    return quire_err_set(err, QUIRE_EINVAL, "unknown UI language '%s' (en, ru or fa)",
                         code ? code : "");
}

const char *ui_lang_code(enum ui_lang lang)
{
    return info(lang)->code;
}
const char *ui_lang_native_name(enum ui_lang lang)
{
    return info(lang)->native;
}
bool ui_lang_is_rtl(enum ui_lang lang)
{
    return info(lang)->is_rtl;
}
int ui_lang_plural_forms(enum ui_lang lang)
{
    return info(lang)->plural_forms;
}

enum ui_plural ui_plural_category(enum ui_lang lang, long long n)
{
    unsigned long long a = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    switch ((unsigned)lang < UI_LANG_COUNT ? lang : UI_LANG_EN) {
    case UI_LANG_RU: { /* CLDR ru, integers: v = 0 */
        unsigned m10 = (unsigned)(a % 10), m100 = (unsigned)(a % 100);
        if (m10 == 1 && m100 != 11)
            return UI_PLURAL_ONE;
        if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14))
            return UI_PLURAL_FEW;
        return UI_PLURAL_MANY;
    }
    case UI_LANG_FA: /* CLDR fa: i = 0 or n = 1 */
        return a <= 1 ? UI_PLURAL_ONE : UI_PLURAL_OTHER;
    default: /* CLDR en, integers: i = 1 and v = 0 */
        return a == 1 ? UI_PLURAL_ONE : UI_PLURAL_OTHER;
    }
}

int ui_plural_index(enum ui_lang lang, long long n)
{
    enum ui_plural c = ui_plural_category(lang, n);
    if (ui_lang_plural_forms(lang) == 3)
        return c == UI_PLURAL_ONE ? 0 : c == UI_PLURAL_FEW ? 1 : 2;
    return c == UI_PLURAL_ONE ? 0 : 1;
}

bool ui_msg_is_plural(enum ui_msg id)
{
    return (unsigned)id < UI_MSG_COUNT && msg_is_plural[id];
}

static const char *form(enum ui_lang lang, enum ui_msg id, int index)
{
    if ((unsigned)id >= UI_MSG_COUNT || id == UI_MSG_NONE)
        return "";
    const char *s = info(lang)->catalogue[id].forms[index];
    if (s)
        return s;
    /* Not reached with a complete catalogue (test_ui_i18n); English keeps the screen usable. */
    s = ui_msg_en[id].forms[msg_is_plural[id] && index > 0 ? 1 : 0];
    return s ? s : "";
}

const char *ui_tr(enum ui_lang lang, enum ui_msg id)
{
    return form(lang, id, 0);
}

const char *ui_tr_n(enum ui_lang lang, enum ui_msg id, long long n)
{
    if (!ui_msg_is_plural(id))
        return form(lang, id, 0);
    return form(lang, id, ui_plural_index(lang, n));
}

/* ---- formatting ---- */

struct out_buf {
    char *p;
    size_t cap, len;
    bool is_full;
};

/* Appends n bytes, or nothing once a piece did not fit: a cut never splits a code point
 * because pieces are whole characters or whole strings cut on a boundary. */
static void put(struct out_buf *o, const char *s, size_t n)
{
    if (o->is_full || o->cap == 0)
        return;
    if (o->len + n >= o->cap) {
        size_t fit = o->cap - 1 - o->len; /* under n: s[fit] is inside the piece */
        while (fit > 0 && fit < n && ((unsigned char)s[fit] & 0xC0) == 0x80)
            fit--; /* s[fit] starts the sequence that does not fit */
        n = fit;
        o->is_full = true;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void put_digits(struct out_buf *o, const char *s, uint32_t zero)
{
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9' && zero != '0') {
            char u[4];
            size_t n = quire_utf8_put(zero + (uint32_t)(*s - '0'), u);
            put(o, u, n);
        } else {
            put(o, s, 1);
        }
    }
}

/* One conversion spec after its '%': flags, width, precision, length and the letter. */
struct spec {
    char text[32]; /* the spec as written, with its '%' */
    char length[3];
    char conv;
    size_t used; /* bytes of fmt consumed after the '%' */
};

static bool parse_spec(const char *f, struct spec *sp)
{
    size_t i = 0;
    while (f[i] && strchr("-+ #0", f[i]))
        i++;
    while (f[i] >= '0' && f[i] <= '9')
        i++;
    if (f[i] == '.')
        for (i++; f[i] >= '0' && f[i] <= '9'; i++) {
        }
    size_t l = 0;
    while (l < 2 && f[i] && strchr("hlz", f[i]))
        sp->length[l++] = f[i++];
    sp->length[l] = '\0';
    sp->conv = f[i];
    if (!f[i] || !strchr("diucs%", f[i]) || i + 2 >= sizeof sp->text)
        return false;
    sp->text[0] = '%';
    memcpy(sp->text + 1, f, i + 1);
    sp->text[i + 2] = '\0';
    sp->used = i + 1;
    return true;
}

static void format_number(struct out_buf *o, const struct spec *sp, va_list *ap, uint32_t zero)
{
    char num[64];
    bool is_signed = sp->conv != 'u';
    if (!strcmp(sp->length, "ll")) {
        if (is_signed)
            snprintf(num, sizeof num, sp->text, va_arg(*ap, long long));
        else
            snprintf(num, sizeof num, sp->text, va_arg(*ap, unsigned long long));
    } else if (!strcmp(sp->length, "l")) {
        if (is_signed)
            snprintf(num, sizeof num, sp->text, va_arg(*ap, long));
        else
            snprintf(num, sizeof num, sp->text, va_arg(*ap, unsigned long));
    } else if (!strcmp(sp->length, "z")) {
        snprintf(num, sizeof num, sp->text, va_arg(*ap, size_t));
    } else if (is_signed) {
        snprintf(num, sizeof num, sp->text, va_arg(*ap, int)); /* h promotes to int */
    } else {
        snprintf(num, sizeof num, sp->text, va_arg(*ap, unsigned));
    }
    put_digits(o, num, zero);
}

size_t ui_vformat(enum ui_lang lang, char *out, size_t outlen, const char *fmt, va_list ap)
{
    struct out_buf o = {out, outlen, 0, false};
    if (outlen)
        out[0] = '\0';
    uint32_t zero = info(lang)->zero;
    va_list args;
    va_copy(args, ap);
    for (const char *f = fmt; *f;) {
        const char *pct = strchr(f, '%');
        if (!pct) {
            put(&o, f, strlen(f));
            break;
        }
        put(&o, f, (size_t)(pct - f));
        struct spec sp;
        if (!parse_spec(pct + 1, &sp)) {
            put(&o, pct, 1); /* not a conversion we know: shown as written */
            f = pct + 1;
            continue;
        }
        f = pct + 1 + sp.used;
        if (sp.conv == '%') {
            put(&o, "%", 1);
        } else if (sp.conv == 's') {
            const char *s = va_arg(args, const char *);
            char buf[1024];
            if (!strcmp(sp.text, "%s")) {
                put(&o, s ? s : "", strlen(s ? s : ""));
            } else {
                snprintf(buf, sizeof buf, sp.text, s ? s : "");
                put(&o, buf, strlen(buf));
            }
        } else if (sp.conv == 'c') {
            char c = (char)va_arg(args, int);
            put(&o, &c, 1);
        } else {
            format_number(&o, &sp, &args, zero);
        }
    }
    va_end(args);
    return o.len;
}

size_t ui_digits(enum ui_lang lang, const char *in, char *out, size_t outlen)
{
    struct out_buf o = {out, outlen, 0, false};
    if (outlen)
        out[0] = '\0';
    put_digits(&o, in, info(lang)->zero);
    return o.len;
}

size_t ui_format(enum ui_lang lang, char *out, size_t outlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = ui_vformat(lang, out, outlen, fmt, ap);
    va_end(ap);
    return n;
}

size_t ui_tr_format(enum ui_lang lang, char *out, size_t outlen, enum ui_msg id, ...)
{
    va_list ap;
    va_start(ap, id);
    size_t n = ui_vformat(lang, out, outlen, ui_tr(lang, id), ap);
    va_end(ap);
    return n;
}

size_t ui_tr_format_n(enum ui_lang lang, char *out, size_t outlen, enum ui_msg id, int n)
{
    return ui_format(lang, out, outlen, ui_tr_n(lang, id, n), n);
}

bool ui_format_conversions(const char *fmt, char *out, size_t outlen)
{
    size_t n = 0;
    if (outlen == 0)
        return false;
    for (const char *f = strchr(fmt, '%'); f; f = strchr(f, '%')) {
        struct spec sp;
        if (!parse_spec(f + 1, &sp)) {
            f++;
            continue;
        }
        f += 1 + sp.used;
        if (sp.conv == '%')
            continue;
        if (n + 1 >= outlen)
            return false;
        out[n++] = sp.conv == 'i' ? 'd' : sp.conv;
    }
    out[n] = '\0';
    return true;
}
