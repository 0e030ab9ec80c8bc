/* ui_prefs: the settings table, and parsing, printing, stepping and storing its values. */
#include "ui_prefs.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "quire_util.h"

#define PREF_PERCENT(x) ((int)((x)*100.0 + 0.5))

static bool check_sections(const char *text, char *out, char *why, size_t whylen);
static bool check_hours(const char *text, char *out, char *why, size_t whylen);

static const struct ui_pref_choice family_choices[] = {
    {"serif", UI_FONT_SERIF, MSG_VAL_SERIF},
    {"sans", UI_FONT_SANS, MSG_VAL_SANS},
};
static const struct ui_pref_choice rotation_choices[] = {
    {"0", 0, MSG_VAL_DEGREES},
    {"90", 90, MSG_VAL_DEGREES},
    {"180", 180, MSG_VAL_DEGREES},
    {"270", 270, MSG_VAL_DEGREES},
};
static const struct ui_pref_choice lang_choices[] = {
    {"en", UI_LANG_EN, UI_MSG_NONE},
    {"ru", UI_LANG_RU, UI_MSG_NONE},
    {"fa", UI_LANG_FA, UI_MSG_NONE},
};

#define CHOICES(a) .choices = (a), .n_choices = (int)(sizeof(a) / sizeof *(a))
#define AT(field)  .offset = offsetof(struct ui_prefs, field)
#define STR_(x)    #x
#define STR(x)     STR_(x)

static const struct ui_pref rows[] = {
    {"reader.font_px", MSG_SET_FONT_SIZE, UI_PREF_INT, UI_FONT_PX_MIN, UI_FONT_PX_MAX,
     UI_FONT_PX_STEP, MSG_VAL_DEVICE_DEFAULT, MSG_VAL_PX, QUIRE_READER_FONT_PX, AT(font_px)},
    {"reader.font_family", MSG_SET_FONT_FAMILY, UI_PREF_ENUM, .def_text = QUIRE_READER_FONT_FAMILY,
     CHOICES(family_choices), AT(font_family)},
    {"reader.margin_px", MSG_SET_MARGINS, UI_PREF_INT, 0, 200, 8, .unit = MSG_VAL_PX,
     .def = QUIRE_DEFAULT_MARGIN_PX, AT(margin_px)},
    {"reader.line_spacing", MSG_SET_LINE_SPACING, UI_PREF_INT, 100, 250, 10,
     .unit = MSG_VAL_PERCENT, .def = PREF_PERCENT(QUIRE_DEFAULT_LINE_SPACING), AT(line_spacing)},
    {"reader.justify", MSG_SET_JUSTIFY, UI_PREF_BOOL, .def = QUIRE_READER_JUSTIFY, AT(justify)},
    {"reader.hyphenate", MSG_SET_HYPHENATE, UI_PREF_BOOL, .def = QUIRE_READER_HYPHENATE,
     AT(hyphenate)},
    {"render.full_refresh_every", MSG_SET_FULL_EVERY, UI_PREF_INT, UI_FULL_EVERY_MIN,
     UI_FULL_EVERY_MAX, 1, .unit = MSG_VAL_EVERY_PAGES, .def = QUIRE_FULL_REFRESH_EVERY,
     AT(full_every)},
    {"render.full_refresh_every_night", MSG_SET_FULL_EVERY_NIGHT, UI_PREF_INT, UI_FULL_EVERY_MIN,
     UI_FULL_EVERY_MAX, 1, .unit = MSG_VAL_EVERY_PAGES, .def = QUIRE_FULL_REFRESH_EVERY_NIGHT,
     AT(full_every_night)},
    {"render.night", MSG_SET_NIGHT, UI_PREF_BOOL, .def = QUIRE_NIGHT_MODE, AT(night)},
    {"render.rotation", MSG_SET_ROTATION, UI_PREF_ENUM, .def_text = STR(QUIRE_ROTATION),
     CHOICES(rotation_choices), AT(rotation)},
    {"render.darkness", MSG_SET_DARKNESS, UI_PREF_INT, UI_DARKNESS_MIN, UI_DARKNESS_MAX, 5,
     .unit = MSG_VAL_PERCENT, .def = QUIRE_TEXT_DARKNESS, AT(darkness)},
    {"ui.lang", MSG_SET_UI_LANG, UI_PREF_ENUM, .def_text = QUIRE_UI_LANG, CHOICES(lang_choices),
     AT(ui_lang)},
    {"ui.left_handed", MSG_SET_LEFT_HANDED, UI_PREF_BOOL, .def = QUIRE_UI_LEFT_HANDED,
     AT(left_handed)},
    {"sync.every_minutes", MSG_SET_SYNC_EVERY, UI_PREF_INT, 0, 1440, 15, MSG_VAL_NEVER,
     MSG_VAL_EVERY_MINUTES, QUIRE_SYNC_EVERY_MINUTES, AT(sync_every_minutes)},
    {"ui.sleep_after_minutes", MSG_SET_SLEEP_AFTER, UI_PREF_INT, 0, 1440, 5, MSG_VAL_NEVER,
     MSG_TIME_MINUTES, QUIRE_SLEEP_AFTER_MINUTES, AT(sleep_after_minutes)},
    {"kiosk.interval_s", MSG_SET_KIOSK_INTERVAL, UI_PREF_INT, 2, 3600, 5, .unit = MSG_TIME_SECONDS,
     .def = QUIRE_KIOSK_INTERVAL_S, AT(kiosk_interval_s)},
    {"kiosk.idle_s", MSG_SET_KIOSK_IDLE, UI_PREF_INT, 10, 3600, 10, .unit = MSG_TIME_SECONDS,
     .def = QUIRE_KIOSK_IDLE_S, AT(kiosk_idle_s)},
    {"kiosk.sections", MSG_SET_KIOSK_SECTIONS, UI_PREF_TEXT, .zero = MSG_VAL_ALL_SECTIONS,
     .def_text = QUIRE_KIOSK_SECTIONS, .check = check_sections,
     .accepts = "comma-separated section names, empty = all", AT(kiosk_sections)},
    {"kiosk.deep_clean_hours", MSG_SET_KIOSK_DEEP_CLEAN, UI_PREF_TEXT, .zero = MSG_VAL_NEVER,
     .def_text = QUIRE_KIOSK_DEEP_CLEAN_HOURS, .check = check_hours,
     .accepts = "comma-separated hours 0..23, empty = never", AT(kiosk_deep_clean_hours)},
};

enum { N_ROWS = sizeof rows / sizeof *rows };

size_t ui_pref_count(void)
{
    return N_ROWS;
}

const struct ui_pref *ui_pref_at(size_t i)
{
    return i < N_ROWS ? &rows[i] : NULL;
}

const struct ui_pref *ui_pref_find(const char *key)
{
    for (size_t i = 0; key && i < N_ROWS; i++)
        if (!strcmp(rows[i].key, key))
            return &rows[i];
    return NULL;
}

static int *int_at(const struct ui_pref *row, struct ui_prefs *p)
{
    return (int *)(void *)((char *)p + row->offset);
}
static bool *bool_at(const struct ui_pref *row, struct ui_prefs *p)
{
    return (bool *)(void *)((char *)p + row->offset);
}
static char *text_at(const struct ui_pref *row, struct ui_prefs *p)
{
    return (char *)p + row->offset;
}
static int int_of(const struct ui_pref *row, const struct ui_prefs *p)
{
    return *(const int *)(const void *)((const char *)p + row->offset);
}
static bool bool_of(const struct ui_pref *row, const struct ui_prefs *p)
{
    return *(const bool *)(const void *)((const char *)p + row->offset);
}
static const char *text_of(const struct ui_pref *row, const struct ui_prefs *p)
{
    return (const char *)p + row->offset;
}

/* ---- text settings ---- */

/* Splits text at commas into trimmed items, calling item() on each; false (with why) on an
 * empty item. An empty text has no items. */
static bool each_item(const char *text, bool (*item)(void *, const char *, size_t, char *, size_t),
                      void *ctx, char *why, size_t whylen)
{
    if (!*text)
        return true;
    for (const char *s = text;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        while (n && *s == ' ')
            s++, n--;
        while (n && s[n - 1] == ' ')
            n--;
        if (!n) {
            snprintf(why, whylen, "has an empty item");
            return false;
        }
        if (!item(ctx, s, n, why, whylen))
            return false;
        if (!comma)
            return true;
        s = comma + 1;
    }
}

struct joined {
    char buf[QUIRE_PREF_TEXT_MAX];
    size_t len;
    unsigned hours; /* bit h: hour h listed */
};

static bool join(struct joined *j, const char *s, size_t n, char *why, size_t whylen)
{
    if (j->len + (j->len > 0) + n >= sizeof j->buf) {
        snprintf(why, whylen, "is longer than %d bytes", QUIRE_PREF_TEXT_MAX - 1);
        return false;
    }
    if (j->len)
        j->buf[j->len++] = ',';
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
    return true;
}

static bool section_item(void *ctx, const char *s, size_t n, char *why, size_t whylen)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F) {
            snprintf(why, whylen, "has a control character");
            return false;
        }
    if (!quire_utf8_valid(s, n, NULL)) {
        snprintf(why, whylen, "is not UTF-8");
        return false;
    }
    return join(ctx, s, n, why, whylen);
}

static bool check_sections(const char *text, char *out, char *why, size_t whylen)
{
    struct joined j = {{0}, 0, 0};
    if (!each_item(text, section_item, &j, why, whylen))
        return false;
    memcpy(out, j.buf, j.len + 1);
    return true;
}

static bool hour_item(void *ctx, const char *s, size_t n, char *why, size_t whylen)
{
    struct joined *j = ctx;
    char buf[8];
    int h;
    if (n >= sizeof buf || (memcpy(buf, s, n), buf[n] = '\0', strspn(buf, "0123456789") != n) ||
        !quire_parse_int(buf, 0, 23, &h)) {
        snprintf(why, whylen, "has '%.*s', not an hour 0..23", (int)(n < 16 ? n : 16), s);
        return false;
    }
    if (j->hours & 1u << h) {
        snprintf(why, whylen, "lists hour %d twice", h);
        return false;
    }
    j->hours |= 1u << h;
    return true;
}

/* Normalised to ascending hours without spaces or leading zeros: "15, 03" -> "3,15". */
static bool check_hours(const char *text, char *out, char *why, size_t whylen)
{
    struct joined j = {{0}, 0, 0};
    if (!each_item(text, hour_item, &j, why, whylen))
        return false;
    size_t len = 0;
    out[0] = '\0';
    for (int h = 0; h < 24; h++)
        if (j.hours & 1u << h)
            len +=
                (size_t)snprintf(out + len, QUIRE_PREF_TEXT_MAX - len, "%s%d", len ? "," : "", h);
    return true;
}

/* ---- parsing ---- */

static bool is_decimal(const char *s)
{
    if (*s == '-')
        s++;
    return *s && strspn(s, "0123456789") == strlen(s);
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"on", "true", "yes", "1"}, *const no[] = {"off", "false",
                                                                                "no", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (!strcasecmp(s, yes[i]))
            return *out = true, true;
        if (!strcasecmp(s, no[i]))
            return *out = false, true;
    }
    return false;
}

static const struct ui_pref_choice *choice_by_code(const struct ui_pref *row, const char *code)
{
    for (int i = 0; i < row->n_choices; i++)
        if (!strcmp(row->choices[i].code, code))
            return &row->choices[i];
    return NULL;
}

static int choice_index(const struct ui_pref *row, int value)
{
    for (int i = 0; i < row->n_choices; i++)
        if (row->choices[i].value == value)
            return i;
    return -1;
}

static bool int_allowed(const struct ui_pref *row, int v)
{
    return (v >= row->low && v <= row->high) || (v == 0 && row->zero);
}

/* in, cut to size - 1 bytes, on one printable line: control bytes and bytes that are not
 * UTF-8 (a hand-edited library, a hostile argument) become '?'. */
static void printable(const char *in, char *out, size_t size)
{
    size_t n = strlen(in) < size - 1 ? strlen(in) : size - 1;
    memcpy(out, in, n);
    out[n] = '\0';
    for (size_t i = 0; i < n;) {
        size_t bad = n - i, len = 1;
        if (!quire_utf8_valid(out + i, n - i, &bad) && bad == 0)
            out[i] = '?';
        else if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
            out[i] = '?';
        else
            for (unsigned char c = (unsigned char)out[i]; c & 0x80 && len < 4; c <<= 1)
                len += (c & 0x40) != 0; /* skip a whole valid sequence */
        i += len;
    }
}

static enum quire_status bad_value(const struct ui_pref *row, const char *text, const char *what,
                                   struct quire_err *err)
{
    char bounds[160], shown[41], reason[160];
    ui_pref_bounds(row, bounds, sizeof bounds);
    printable(text, shown, sizeof shown);
    printable(what, reason, sizeof reason);
    return quire_err_set(err, QUIRE_EINVAL, "%s: '%s%s' %s (%s)", row->key, shown,
                         strlen(text) > 40 ? "..." : "", reason, bounds);
}

enum quire_status ui_pref_parse(const struct ui_pref *row, struct ui_prefs *p, const char *text,
                                struct quire_err *err)
{
    switch (row->type) {
    case UI_PREF_INT: {
        int v;
        if (!is_decimal(text))
            return bad_value(row, text, "is not a whole number", err);
        if (!quire_parse_int(text, INT32_MIN, INT32_MAX, &v) || !int_allowed(row, v))
            return bad_value(row, text, "is out of range", err);
        *int_at(row, p) = v;
        return QUIRE_OK;
    }
    case UI_PREF_BOOL:
        if (!parse_bool(text, bool_at(row, p)))
            return bad_value(row, text, "is not on or off", err);
        return QUIRE_OK;
    case UI_PREF_ENUM: {
        const struct ui_pref_choice *c = choice_by_code(row, text);
        if (!c)
            return bad_value(row, text, "is not one of the choices", err);
        *int_at(row, p) = c->value;
        return QUIRE_OK;
    }
    case UI_PREF_TEXT: {
        char norm[QUIRE_PREF_TEXT_MAX], why[128] = "";
        if (!row->check(text, norm, why, sizeof why))
            return bad_value(row, text, why, err);
        memcpy(text_at(row, p), norm, strlen(norm) + 1);
        return QUIRE_OK;
    }
    }
    return quire_err_set(err, QUIRE_EINVAL, "%s: a setting of unknown type", row->key);
}

enum quire_status ui_prefs_set(struct ui_prefs *p, const char *key, const char *text,
                               struct quire_err *err)
{
    const struct ui_pref *row = ui_pref_find(key);
    if (!row)
        return quire_err_set(err, QUIRE_EINVAL,
                             "unknown setting '%.60s' (`quire config list` shows them)", key);
    return ui_pref_parse(row, p, text, err);
}

/* ---- defaults, load and save ---- */

void ui_pref_reset(const struct ui_pref *row, struct ui_prefs *p)
{
    if (row->type == UI_PREF_INT)
        *int_at(row, p) = row->def;
    else if (row->type == UI_PREF_BOOL)
        *bool_at(row, p) = row->def != 0;
    else if (ui_pref_parse(row, p, row->def_text, NULL) != QUIRE_OK)
        memset((char *)p + row->offset, 0, row->type == UI_PREF_TEXT ? 1 : sizeof(int));
}

void ui_prefs_default(struct ui_prefs *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < N_ROWS; i++)
        ui_pref_reset(&rows[i], p);
}

void ui_prefs_load(store *st, struct ui_prefs *p)
{
    ui_prefs_default(p);
    if (!st)
        return;
    char buf[QUIRE_PREF_TEXT_MAX];
    for (size_t i = 0; i < N_ROWS; i++)
        if (store_setting_get(st, rows[i].key, buf, sizeof buf, NULL) == QUIRE_OK)
            ui_pref_parse(&rows[i], p, buf, NULL); /* a bad value leaves the default */
}

enum quire_status ui_pref_save(store *st, const struct ui_pref *row, const struct ui_prefs *p,
                               struct quire_err *err)
{
    char buf[QUIRE_PREF_TEXT_MAX];
    ui_pref_text(row, p, buf, sizeof buf);
    return store_setting_set(st, row->key, buf, err);
}

/* ---- printing ---- */

void ui_pref_text(const struct ui_pref *row, const struct ui_prefs *p, char *out, size_t outlen)
{
    int i;
    switch (row->type) {
    case UI_PREF_INT:
        snprintf(out, outlen, "%d", int_of(row, p));
        return;
    case UI_PREF_BOOL:
        snprintf(out, outlen, "%s", bool_of(row, p) ? "on" : "off");
        return;
    case UI_PREF_ENUM:
        i = choice_index(row, int_of(row, p));
        snprintf(out, outlen, "%s", i >= 0 ? row->choices[i].code : "");
        return;
    case UI_PREF_TEXT:
        snprintf(out, outlen, "%s", text_of(row, p));
        return;
    }
}

void ui_pref_default_text(const struct ui_pref *row, char *out, size_t outlen)
{
    struct ui_prefs d;
    memset(&d, 0, sizeof d);
    ui_pref_reset(row, &d);
    ui_pref_text(row, &d, out, outlen);
}

void ui_pref_bounds(const struct ui_pref *row, char *out, size_t outlen)
{
    size_t len = 0;
    switch (row->type) {
    case UI_PREF_INT:
        snprintf(out, outlen, "%d..%d%s", row->low, row->high,
                 row->zero && row->low > 0 ? " or 0" : "");
        return;
    case UI_PREF_BOOL:
        snprintf(out, outlen, "on|off");
        return;
    case UI_PREF_ENUM:
        out[0] = '\0';
        for (int i = 0; i < row->n_choices && len < outlen; i++)
            len += (size_t)snprintf(out + len, outlen - len, "%s%s", i ? "|" : "",
                                    row->choices[i].code);
        return;
    case UI_PREF_TEXT:
        snprintf(out, outlen, "%s", row->accepts);
        return;
    }
}

void ui_pref_display(const struct ui_pref *row, const struct ui_prefs *p, enum ui_lang lang,
                     char *out, size_t outlen)
{
    int v = row->type == UI_PREF_BOOL || row->type == UI_PREF_TEXT ? 0 : int_of(row, p);
    switch (row->type) {
    case UI_PREF_INT:
        if (v == 0 && row->zero)
            ui_format(lang, out, outlen, "%s", ui_tr(lang, row->zero));
        else if (row->unit)
            ui_format(lang, out, outlen, ui_tr_n(lang, row->unit, v), v);
        else
            ui_format(lang, out, outlen, "%d", v);
        return;
    case UI_PREF_BOOL:
        ui_format(lang, out, outlen, "%s", ui_tr(lang, bool_of(row, p) ? MSG_VAL_ON : MSG_VAL_OFF));
        return;
    case UI_PREF_ENUM: {
        int i = choice_index(row, v);
        if (i < 0)
            ui_format(lang, out, outlen, "%d", v);
        else if (row->choices[i].label)
            ui_format(lang, out, outlen, ui_tr(lang, row->choices[i].label), v);
        else
            ui_format(lang, out, outlen, "%s", ui_lang_native_name((enum ui_lang)v));
        return;
    }
    case UI_PREF_TEXT:
        if (!*text_of(row, p) && row->zero)
            ui_format(lang, out, outlen, "%s", ui_tr(lang, row->zero));
        else if (row->check == check_hours) /* numbers: in the language's digits */
            ui_digits(lang, text_of(row, p), out, outlen);
        else
            ui_format(lang, out, outlen, "%s", text_of(row, p));
        return;
    }
}

/* ---- the settings screen ---- */

static int step_int(const struct ui_pref *row, int v, int dir)
{
    int step = row->step > 0 ? row->step : 1;
    if (dir > 0) {
        if (row->zero && v < row->low)
            return row->low;
        int n = (v / step + 1) * step;
        return n > row->high ? row->high : n;
    }
    if (row->zero && v <= row->low)
        return 0;
    int n = ((v + step - 1) / step - 1) * step;
    return n < row->low ? row->low : n;
}

bool ui_pref_step(const struct ui_pref *row, struct ui_prefs *p, int dir)
{
    if (row->type == UI_PREF_INT) {
        int *v = int_at(row, p), old = *v;
        *v = step_int(row, old, dir);
        return *v != old;
    }
    if (row->type == UI_PREF_BOOL) {
        *bool_at(row, p) = !*bool_at(row, p);
        return true;
    }
    if (row->type == UI_PREF_ENUM && row->n_choices > 1) {
        int i = choice_index(row, *int_at(row, p));
        i = ((i < 0 ? 0 : i) + (dir > 0 ? 1 : row->n_choices - 1)) % row->n_choices;
        *int_at(row, p) = row->choices[i].value;
        return true;
    }
    return false;
}

bool ui_pref_is_default(const struct ui_pref *row, const struct ui_prefs *p)
{
    char cur[QUIRE_PREF_TEXT_MAX], def[QUIRE_PREF_TEXT_MAX];
    ui_pref_text(row, p, cur, sizeof cur);
    ui_pref_default_text(row, def, sizeof def);
    return !strcmp(cur, def);
}
