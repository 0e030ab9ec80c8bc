/* screen_menu: a modal list of choices over the screen below (which stays visible). Up/Down
 * or a tap choose; choosing closes the menu and hands the item's action to the screen below;
 * Esc, the menu key or a tap outside the box close it. Opening is a partial update of the box
 * (the shell's MODAL_OPENED), moving the highlight a fast one of two rows; closing is a
 * regional flash over it (MODAL_CLOSED). */
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "ui_screens.h"
#include "ui_widgets.h"

struct menu {
    struct ui_menu_arg m;
    int selected;
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_UP},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_DOWN},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_UP},
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_DOWN},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_OPEN},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_BACK},
    {UI_TRIG_TEXT, 0, "m", UI_ACT_BACK},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_OPEN},
    {0},
};

void ui_menu_add(struct ui_menu_arg *m, const char *label, const char *value, enum ui_action act,
                 int arg)
{
    if (m->n >= UI_MENU_MAX)
        return;
    struct ui_menu_item *it = &m->items[m->n++];
    snprintf(it->label, sizeof it->label, "%s", label);
    snprintf(it->value, sizeof it->value, "%s", value ? value : "");
    it->act = act;
    it->arg = arg;
}

/* The box and its rows: one function for drawing and for taps. */
static void menu_layout(struct ui *ui, const struct menu *mn, struct render_rect *box,
                        struct ui_rows *rows)
{
    int row_h = ui_px(ui, 96), pad = ui_px(ui, 24), title_h = mn->m.title[0] ? row_h : 0;
    int w = ui_width(ui) * 4 / 5, h = title_h + mn->m.n * row_h + 2 * pad;
    int max_h = ui_height(ui) - 2 * ui_header_h(ui);
    if (h > max_h)
        h = max_h;
    *box = (struct render_rect){(ui_width(ui) - w) / 2, ui_header_h(ui), w, h};
    *rows = (struct ui_rows){box->x + pad, box->y + pad + title_h, w - 2 * pad, row_h,
                             (h - 2 * pad - title_h) / row_h};
    if (rows->count > mn->m.n)
        rows->count = mn->m.n;
}

static enum quire_status menu_open(struct ui *ui, const void *arg, void **state,
                                   struct quire_err *err)
{
    struct menu *mn = quire_calloc(1, sizeof *mn);
    if (!mn)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    mn->m = *(const struct ui_menu_arg *)arg;
    *state = mn;
    return QUIRE_OK;
}

static void menu_close(struct ui *ui, void *state)
{
    quire_free(state);
}

static void choose(struct ui *ui, struct menu *mn, int i)
{
    struct ui_action_ev a = {.act = mn->m.items[i].act, .arg = mn->m.items[i].arg};
    ui_pop_with(ui, &a);
}

static enum quire_status menu_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                     enum ui_change *change, struct quire_err *err)
{
    struct menu *mn = state;
    struct render_rect box;
    struct ui_rows rows;
    menu_layout(ui, mn, &box, &rows);
    switch (a->act) {
    case UI_ACT_UP:
    case UI_ACT_DOWN: {
        int n = rows.count > 0 ? rows.count : 1;
        mn->selected = (mn->selected + (a->act == UI_ACT_DOWN ? 1 : n - 1)) % n;
        *change = UI_CHANGE_SMALL;
        return QUIRE_OK;
    }
    case UI_ACT_OPEN:
        if (mn->m.n > 0)
            choose(ui, mn, mn->selected);
        return QUIRE_OK;
    case UI_ACT_TAP: {
        int i = ui_rows_hit(ui, &rows, a->x, a->y);
        if (i >= 0)
            choose(ui, mn, i);
        else if (!ui_rect_hit(box, a->x, a->y))
            ui_pop(ui); /* a tap beside the menu closes it */
        return QUIRE_OK;
    }
    case UI_ACT_BACK:
        ui_pop(ui);
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

static enum quire_status menu_draw(struct ui *ui, void *state, struct canvas *c,
                                   struct render_rect *bounds, struct quire_err *err)
{
    struct menu *mn = state;
    struct render_rect box;
    struct ui_rows rows;
    menu_layout(ui, mn, &box, &rows);
    ui_draw_box(ui, c, box);
    *bounds = box;
    enum quire_status rc = QUIRE_OK;
    if (mn->m.title[0]) {
        struct render_rect t = {rows.x, rows.y - rows.row_h, rows.w, rows.row_h};
        rc = ui_draw_text(ui, c, mn->m.title, NULL, UI_SIZE_BODY, true, 1, UI_ALIGN_START,
                          ui_mirror(ui, t), err);
        ui_draw_rule(ui, c, rows.x, rows.y - 1, rows.w);
    }
    for (int i = 0; i < rows.count && !rc; i++) {
        struct render_rect r = ui_rows_rect(ui, &rows, i);
        int pad = ui_px(ui, 16);
        struct render_rect in = {r.x + pad, r.y, r.w - 2 * pad, r.h};
        rc = ui_draw_text(ui, c, mn->m.items[i].label, NULL, UI_SIZE_BODY, false, 1, UI_ALIGN_START,
                          in, err);
        if (!rc && mn->m.items[i].value[0])
            rc = ui_draw_text(ui, c, mn->m.items[i].value, NULL, UI_SIZE_BODY, true, 1,
                              UI_ALIGN_END, in, err);
        if (i == mn->selected)
            ui_draw_selection(ui, c, r);
    }
    return rc;
}

static void menu_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct menu *mn = state;
    snprintf(m->extra, sizeof m->extra, "\"selected\":%d,\"items\":%d", mn->selected, mn->m.n);
    if (mn->selected >= 0 && mn->selected < mn->m.n)
        ui_meta_add_text(m, "label", mn->m.items[mn->selected].label);
}

const struct ui_screen_class ui_screen_menu = {
    .name = "menu",
    .bindings = bindings,
    .is_modal = true,
    .open = menu_open,
    .close = menu_close,
    .on_action = menu_action,
    .draw = menu_draw,
    .meta = menu_meta,
};
