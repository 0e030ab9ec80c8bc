/* ui_prefs: the reader's settings registry. One const row per setting (ui_prefs.c: key, label,
 * type, bounds, step, default from app/config.h, place in struct ui_prefs) is the one owner of
 * every setting: the settings screen, `quire config` and `quire read`'s flags iterate the rows,
 * and the library's settings table stores each value as its canonical text under its key.
 * Start reading at the table in ui_prefs.c. */
#ifndef QUIRE_UI_PREFS_H
#define QUIRE_UI_PREFS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "quire_error.h"
#include "store.h"
#include "ui_i18n.h"

enum ui_font_family { UI_FONT_SERIF, UI_FONT_SANS };

/* Every setting's current value. Field comments name the key. */
struct ui_prefs {
    int font_px;             /* reader.font_px: 0 = the device's default, else 16..96 */
    int font_family;         /* reader.font_family: enum ui_font_family */
    int margin_px;           /* reader.margin_px: 0..200 */
    int line_spacing;        /* reader.line_spacing: line height in percent of the size, 100..250 */
    bool justify;            /* reader.justify */
    bool hyphenate;          /* reader.hyphenate */
    int full_every;          /* render.full_refresh_every: page turns per full refresh, 1..50 */
    int full_every_night;    /* render.full_refresh_every_night: the same at night, 1..50 */
    bool night;              /* render.night */
    int rotation;            /* render.rotation: degrees, 0, 90, 180 or 270 */
    int darkness;            /* render.darkness: text darkness, 0..100 */
    int ui_lang;             /* ui.lang: enum ui_lang */
    bool left_handed;        /* ui.left_handed */
    int sync_every_minutes;  /* sync.every_minutes: 0 = never, ..1440 */
    int sleep_after_minutes; /* ui.sleep_after_minutes: 0 = never, ..1440 */
    int kiosk_interval_s;    /* kiosk.interval_s: 2..3600 */
    int kiosk_idle_s;        /* kiosk.idle_s: 10..3600 */
    char kiosk_sections[QUIRE_PREF_TEXT_MAX];         /* kiosk.sections: "" = all */
    char kiosk_deep_clean_hours[QUIRE_PREF_TEXT_MAX]; /* kiosk.deep_clean_hours: "3,15" */
};

/* Bounds of the settings above, for the CLI's flags. */
enum {
    UI_FULL_EVERY_MIN = 1,
    UI_FULL_EVERY_MAX = 50,
    UI_DARKNESS_MIN = 0,
    UI_DARKNESS_MAX = 100,
    UI_FONT_PX_MIN = 16,
    UI_FONT_PX_MAX = 96,
    UI_FONT_PX_STEP = 2,
};

enum ui_pref_type { UI_PREF_INT, UI_PREF_BOOL, UI_PREF_ENUM, UI_PREF_TEXT };

/* One value of an enum setting: its text in the settings table and on the command line, the
 * value stored in struct ui_prefs, and its label (formatted with the value, so "%d°" works;
 * UI_MSG_NONE for ui.lang: the language's own name). */
struct ui_pref_choice {
    const char *code;
    int value;
    enum ui_msg label;
};

struct ui_pref {
    const char *key;
    enum ui_msg label;
    enum ui_pref_type type;
    int low, high, step;  /* UI_PREF_INT: bounds and the settings screen's step */
    enum ui_msg zero;     /* UI_PREF_INT: 0 is allowed (even below low) and shown as this;
                           * UI_PREF_TEXT: the label of the empty value. UI_MSG_NONE: none */
    enum ui_msg unit;     /* UI_PREF_INT: how a value shows ("%d px", plural "every %d pages") */
    int def;              /* default of INT and BOOL */
    const char *def_text; /* default of ENUM (a choice's code) and TEXT */
    const struct ui_pref_choice *choices;
    int n_choices;
    const char *accepts; /* UI_PREF_TEXT: what it accepts, for messages and `quire config` */
    size_t offset;       /* of the value in struct ui_prefs */
    /* UI_PREF_TEXT: checks (and may normalise into out, QUIRE_PREF_TEXT_MAX bytes) a value;
     * false with a reason in why. */
    bool (*check)(const char *text, char *out, char *why, size_t whylen);
};

/* The rows, in the settings screen's order. */
size_t ui_pref_count(void);
const struct ui_pref *ui_pref_at(size_t i);
/* The row of key, or NULL. */
const struct ui_pref *ui_pref_find(const char *key);

/* Every setting to its default. */
void ui_prefs_default(struct ui_prefs *p);
/* Fills p with the defaults, then with the values stored in st (NULL: defaults only). A stored
 * value of the wrong type or out of range is ignored (the default stays). */
void ui_prefs_load(store *st, struct ui_prefs *p);
/* Stores row's value from p under its key, as its canonical text. */
enum quire_status ui_pref_save(store *st, const struct ui_pref *row, const struct ui_prefs *p,
                               struct quire_err *err);

/* Sets row's value in p from text (an integer; on/off, true/false, yes/no or 1/0; a choice's
 * code; a text setting's list). Bad text is QUIRE_EINVAL with one line naming the key and what
 * it accepts; p is then unchanged. */
enum quire_status ui_pref_parse(const struct ui_pref *row, struct ui_prefs *p, const char *text,
                                struct quire_err *err);
/* ui_pref_parse by key: an unknown key is QUIRE_EINVAL too. */
enum quire_status ui_prefs_set(struct ui_prefs *p, const char *key, const char *text,
                               struct quire_err *err);
/* The value's canonical text ("36", "on", "sans", "3,15") into out. */
void ui_pref_text(const struct ui_pref *row, const struct ui_prefs *p, char *out, size_t outlen);
/* The default's canonical text. */
void ui_pref_default_text(const struct ui_pref *row, char *out, size_t outlen);
/* What the setting accepts, for messages and `quire config list`: "16..96 or 0", "serif|sans",
 * "on|off", "comma-separated hours 0..23". */
void ui_pref_bounds(const struct ui_pref *row, char *out, size_t outlen);
/* The value as the settings screen shows it, in lang ("36 px", "Sans", "every 6 pages"). */
void ui_pref_display(const struct ui_pref *row, const struct ui_prefs *p, enum ui_lang lang,
                     char *out, size_t outlen);

/* The settings screen's +/-: an INT moves to the next multiple of its step in direction dir
 * (+1 or -1) within its bounds (0 below low when allowed); a BOOL flips; an ENUM takes the
 * next or previous choice, wrapping. TEXT settings do not step. Returns true if p changed. */
bool ui_pref_step(const struct ui_pref *row, struct ui_prefs *p, int dir);
/* Row's value back to its default. */
void ui_pref_reset(const struct ui_pref *row, struct ui_prefs *p);
bool ui_pref_is_default(const struct ui_pref *row, const struct ui_prefs *p);

#endif
