/* screen_settings: every setting of the registry (ui_prefs) that a reader changes by hand, a
 * row each: its label, its value, and "−" / "+" boxes at the end. Up/Down select; Left/Right,
 * "-"/"+", Enter or a tap on a box change the value, which is saved in the library and applied
 * at once (the article below re-lays out keeping its place when this screen closes). Text
 * settings (kiosk sections and hours) are for `quire config`. Paged when the rows do not fit. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_screens.h"
#include "ui_widgets.h"

enum { SET_MAX_ROWS = 32 };

struct settings {
    const struct ui_pref *rows[SET_MAX_ROWS];
    int n, selected, page;
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_UP},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_DOWN},
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_FONT_UP},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_FONT_DOWN},
    {UI_TRIG_TEXT, 0, "+", UI_ACT_FONT_UP},
    {UI_TRIG_TEXT, 0, "=", UI_ACT_FONT_UP},
    {UI_TRIG_TEXT, 0, "-", UI_ACT_FONT_DOWN},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_OPEN},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_OPEN},
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_BACK},
    {UI_TRIG_TEXT, 0, "m", UI_ACT_BACK},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_PREV_PAGE},
    {0},
};

/* The rows of the page and, for row i, its "−" and "+" boxes. */
static void set_layout(struct ui *ui, struct ui_rows *rows)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), y = ui_header_h(ui) + ui_px(ui, 10);
    int row_h = ui_px(ui, 104);
    int n = (ui_height(ui) - ui_footer_h(ui) - y) / row_h;
    *rows = (struct ui_rows){m, y, ui_width(ui) - 2 * m, row_h, n < 1 ? 1 : n};
}

static void boxes(struct ui *ui, const struct ui_rows *rows, int i, struct render_rect *minus,
                  struct render_rect *plus)
{
    int b = rows->row_h * 3 / 4, gap = ui_px(ui, 12);
    int y = rows->y + i * rows->row_h + (rows->row_h - b) / 2, end = rows->x + rows->w;
    *plus = ui_mirror(ui, (struct render_rect){end - b, y, b, b});
    *minus = ui_mirror(ui, (struct render_rect){end - 2 * b - gap, y, b, b});
}

static enum quire_status settings_open(struct ui *ui, const void *arg, void **state,
                                       struct quire_err *err)
{
    struct settings *s = quire_calloc(1, sizeof *s);
    if (!s)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    for (size_t i = 0; i < ui_pref_count() && s->n < SET_MAX_ROWS; i++)
        if (ui_pref_at(i)->type != UI_PREF_TEXT)
            s->rows[s->n++] = ui_pref_at(i);
    *state = s;
    return QUIRE_OK;
}

static void settings_close(struct ui *ui, void *state)
{
    quire_free(state);
}

/* Changes that reach every pixel (night, language, darkness, rotation) redraw the screen with
 * a full refresh; a value is a small change. */
static enum ui_change change_of(const struct ui_pref *row)
{
    static const char *const whole[] = {"render.night", "ui.lang", "render.darkness",
                                        "render.rotation", "ui.left_handed"};
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
        if (strcmp(row->key, whole[i]) == 0)
            return UI_CHANGE_SCREEN;
    return UI_CHANGE_SMALL;
}

static enum quire_status step(struct ui *ui, struct settings *s, int dir, enum ui_change *change,
                              struct quire_err *err)
{
    const struct ui_pref *row = s->rows[s->selected];
    unsigned before = ui_prefs_generation(ui);
    enum quire_status rc = ui_pref_step_key(ui, row->key, dir, err);
    if (!rc && ui_prefs_generation(ui) != before)
        *change = change_of(row);
    return rc;
}

static enum quire_status tap(struct ui *ui, struct settings *s, const struct ui_action_ev *a,
                             enum ui_change *change, struct quire_err *err)
{
    struct ui_rows rows;
    set_layout(ui, &rows);
    int per = rows.count, first = s->page * per;
    rows.count = s->n - first < per ? s->n - first : per;
    int i = ui_rows_hit(ui, &rows, a->x, a->y);
    if (i < 0) {
        int dir = ui_footer_hit(ui, a->x, a->y);
        int pages = (s->n + per - 1) / per;
        if (dir && s->page + dir >= 0 && s->page + dir < pages) {
            s->page += dir;
            s->selected = s->page * per;
            *change = UI_CHANGE_PAGE;
        } else if (a->y < ui_header_h(ui)) {
            ui_pop(ui);
        }
        return QUIRE_OK;
    }
    struct render_rect minus, plus;
    boxes(ui, &rows, i, &minus, &plus);
    s->selected = first + i;
    *change = UI_CHANGE_SMALL;
    int dir = ui_rect_hit(minus, a->x, a->y) ? -1 : +1;
    return step(ui, s, dir, change, err);
}

static enum quire_status settings_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                         enum ui_change *change, struct quire_err *err)
{
    struct settings *s = state;
    struct ui_rows rows;
    set_layout(ui, &rows);
    int per = rows.count;
    switch (a->act) {
    case UI_ACT_UP:
    case UI_ACT_DOWN:
        s->selected = (s->selected + (a->act == UI_ACT_DOWN ? 1 : s->n - 1)) % s->n;
        *change = s->selected / per != s->page ? UI_CHANGE_PAGE : UI_CHANGE_SMALL;
        s->page = s->selected / per;
        return QUIRE_OK;
    case UI_ACT_NEXT_PAGE:
    case UI_ACT_PREV_PAGE: {
        int pages = (s->n + per - 1) / per, p = s->page + (a->act == UI_ACT_NEXT_PAGE ? 1 : -1);
        if (p >= 0 && p < pages) {
            s->page = p;
            s->selected = p * per;
            *change = UI_CHANGE_PAGE;
        }
        return QUIRE_OK;
    }
    case UI_ACT_FONT_UP:
    case UI_ACT_OPEN:
        return step(ui, s, +1, change, err);
    case UI_ACT_FONT_DOWN:
        return step(ui, s, -1, change, err);
    case UI_ACT_TAP:
        return tap(ui, s, a, change, err);
    case UI_ACT_BACK:
        ui_pop(ui);
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

static enum quire_status draw_row(struct ui *ui, struct canvas *c, const struct ui_rows *rows,
                                  int i, const struct ui_pref *row, bool is_selected,
                                  struct quire_err *err)
{
    struct render_rect r = ui_rows_rect(ui, rows, i), minus, plus;
    boxes(ui, rows, i, &minus, &plus);
    int pad = ui_px(ui, 14), b = rows->row_h * 3 / 4, gap = ui_px(ui, 12);
    struct render_rect label = {rows->x + pad, rows->y + i * rows->row_h, rows->w / 2, rows->row_h};
    struct render_rect value = {rows->x + rows->w / 2, label.y, rows->w / 2 - 2 * b - 2 * gap - pad,
                                rows->row_h};
    char text[128];
    ui_pref_display(row, ui_prefs_get(ui), ui_lang(ui), text, sizeof text);
    enum quire_status rc = ui_draw_text(ui, c, ui_msg(ui, row->label), NULL, UI_SIZE_BODY, false, 1,
                                        UI_ALIGN_START, ui_mirror(ui, label), err);
    if (!rc)
        rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_BODY, true, 1, UI_ALIGN_END,
                          ui_mirror(ui, value), err);
    render_canvas_outline(c, minus, 2, 0);
    render_canvas_outline(c, plus, 2, 0);
    if (!rc)
        rc = ui_draw_text(ui, c, "\xE2\x80\x93", NULL, UI_SIZE_TITLE, true, 1, UI_ALIGN_CENTER,
                          minus, err);
    if (!rc)
        rc = ui_draw_text(ui, c, "+", NULL, UI_SIZE_TITLE, true, 1, UI_ALIGN_CENTER, plus, err);
    ui_draw_rule(ui, c, rows->x, r.y + r.h - 1, rows->w);
    if (is_selected)
        ui_draw_selection(ui, c, r);
    return rc;
}

static enum quire_status settings_draw(struct ui *ui, void *state, struct canvas *c,
                                       struct render_rect *bounds, struct quire_err *err)
{
    struct settings *s = state;
    struct ui_rows rows;
    set_layout(ui, &rows);
    int per = rows.count, first = s->page * per, pages = (s->n + per - 1) / per;
    enum quire_status rc = ui_draw_header(ui, c, ui_msg(ui, MSG_TITLE_SETTINGS), NULL, err);
    for (int i = 0; i < per && first + i < s->n && !rc; i++)
        rc = draw_row(ui, c, &rows, i, s->rows[first + i], first + i == s->selected, err);
    return rc ? rc : ui_draw_footer(ui, c, s->page + 1, pages, err);
}

static void settings_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct settings *s = state;
    char value[64];
    ui_pref_text(s->rows[s->selected], ui_prefs_get(ui), value, sizeof value);
    ui_meta_add_text(m, "setting", s->rows[s->selected]->key);
    ui_meta_add_text(m, "value", value);
}

const struct ui_screen_class ui_screen_settings = {
    .name = "settings",
    .bindings = bindings,
    .open = settings_open,
    .close = settings_close,
    .on_action = settings_action,
    .draw = settings_draw,
    .meta = settings_meta,
};
