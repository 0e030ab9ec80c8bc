/* ui_i18n: the reader UI's message catalogue. Every string a screen shows is an enum ui_msg
 * (listed with its English text in ui_msgs.def), looked up by UI language (ui_tr), with plural
 * forms by the CLDR rules of the language (ui_tr_n), formatted with numbers in the language's
 * digits (ui_format) and laid out in the language's direction (ui_lang_is_rtl).
 * Translations: msg/ru.c, msg/fa.c. Start reading at ui_msgs.def. */
#ifndef QUIRE_UI_I18N_H
#define QUIRE_UI_I18N_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "quire_error.h"

enum ui_lang { UI_LANG_EN, UI_LANG_RU, UI_LANG_FA, UI_LANG_COUNT };

enum ui_msg {
    UI_MSG_NONE = 0, /* no message (a row without a unit, a choice without a label) */
#define UI_MSG(id, en)            id,
#define UI_PLURAL(id, one, other) id,
#include "ui_msgs.def"
#undef UI_MSG
#undef UI_PLURAL
    UI_MSG_COUNT
};

/* CLDR plural categories used by the three languages. */
enum ui_plural { UI_PLURAL_ONE, UI_PLURAL_FEW, UI_PLURAL_MANY, UI_PLURAL_OTHER };

enum { UI_MSG_MAX_FORMS = 3 };

/* One catalogue entry: forms[0] for a message; for a plural message the forms in the order of
 * ui_lang_plural_forms (en, fa: one, other; ru: one, few, many). Unused forms are NULL. */
struct ui_msg_text {
    const char *forms[UI_MSG_MAX_FORMS];
};

/* The catalogues, indexed by enum ui_msg (entry 0 empty). */
extern const struct ui_msg_text ui_msg_en[UI_MSG_COUNT];
extern const struct ui_msg_text ui_msg_ru[UI_MSG_COUNT];
extern const struct ui_msg_text ui_msg_fa[UI_MSG_COUNT];

/* "en", "ru" or "fa" -> *out; anything else is QUIRE_EINVAL with a one-line message naming
 * the code and the choices (a usage error: exit 2). */
enum quire_status ui_lang_from_code(const char *code, enum ui_lang *out, struct quire_err *err);
const char *ui_lang_code(enum ui_lang lang);        /* "en" */
const char *ui_lang_native_name(enum ui_lang lang); /* "English", "Русский", "فارسی" */
bool ui_lang_is_rtl(enum ui_lang lang);             /* the UI mirrors (fa) */

/* How many plural forms the language's catalogue gives a plural message (2 or 3), and which of
 * them n takes: its index into ui_msg_text.forms. */
int ui_lang_plural_forms(enum ui_lang lang);
int ui_plural_index(enum ui_lang lang, long long n);
/* The CLDR category of n (English: one/other; Russian: one/few/many; Persian: one/other). */
enum ui_plural ui_plural_category(enum ui_lang lang, long long n);
/* True when id has plural forms. */
bool ui_msg_is_plural(enum ui_msg id);

/* The text of id in lang (a plural message's first form); never NULL: an id out of range gives
 * "", a missing translation the English. */
const char *ui_tr(enum ui_lang lang, enum ui_msg id);
/* The form of plural message id for the count n (a plain message: its text). */
const char *ui_tr_n(enum ui_lang lang, enum ui_msg id, long long n);

/* printf into out (always NUL-terminated, cut on a code point boundary when too long) with the
 * conversions %d %i %u (with h, l, ll, z; flags and width), %s, %c and %%: the digits of numeric
 * conversions are written in the language's digits (Persian: U+06F0..U+06F9); strings are
 * copied as they are. Returns the length written. An unknown conversion is copied verbatim. */
size_t ui_format(enum ui_lang lang, char *out, size_t outlen, const char *fmt, ...);
size_t ui_vformat(enum ui_lang lang, char *out, size_t outlen, const char *fmt, va_list ap);
/* in with its ASCII digits in the language's digits into out (as ui_format); returns the
 * length. */
size_t ui_digits(enum ui_lang lang, const char *in, char *out, size_t outlen);
/* ui_format of ui_tr(lang, id) / of ui_tr_n(lang, id, n) with n as the only argument. */
size_t ui_tr_format(enum ui_lang lang, char *out, size_t outlen, enum ui_msg id, ...);
size_t ui_tr_format_n(enum ui_lang lang, char *out, size_t outlen, enum ui_msg id, int n);

/* The printf conversions of fmt, in order, as their conversion letters ("dd" for "%d of %d";
 * %% not counted) into out; returns false when they do not fit. For the catalogue test. */
bool ui_format_conversions(const char *fmt, char *out, size_t outlen);

#endif
