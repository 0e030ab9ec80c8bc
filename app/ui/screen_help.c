/* screen_help: the keys and tap zones, read from the binding tables themselves (the article's
 * and the library's), so the help can never disagree with what a key does. The zones are drawn
 * as the reader's settings place them (mirrored for a right-to-left UI language and for the
 * left-handed setting). */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_input.h"
#include "ui_screens.h"
#include "ui_widgets.h"

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_BACK},
    {UI_TRIG_TEXT, 0, "?", UI_ACT_BACK},
    {UI_TRIG_TEXT, 0, "h", UI_ACT_BACK},
    {0},
};

static const enum ui_msg action_names[UI_ACT_COUNT] = {
    [UI_ACT_NEXT_PAGE] = MSG_ACT_NEXT_PAGE,
    [UI_ACT_PREV_PAGE] = MSG_ACT_PREV_PAGE,
    [UI_ACT_UP] = MSG_ACT_UP,
    [UI_ACT_DOWN] = MSG_ACT_DOWN,
    [UI_ACT_OPEN] = MSG_ACT_OPEN,
    [UI_ACT_BACK] = MSG_ACT_BACK,
    [UI_ACT_MENU] = MSG_ACT_MENU,
    [UI_ACT_FONT_UP] = MSG_ACT_LARGER,
    [UI_ACT_FONT_DOWN] = MSG_ACT_SMALLER,
    [UI_ACT_SEARCH] = MSG_ACT_SEARCH,
    [UI_ACT_STAR] = MSG_ACT_STAR,
    [UI_ACT_HELP] = MSG_ACT_HELP,
    [UI_ACT_NIGHT] = MSG_MENU_NIGHT,
    [UI_ACT_NEXT_ARTICLE] = MSG_MENU_NEXT_ARTICLE,
    [UI_ACT_PREV_ARTICLE] = MSG_MENU_PREV_ARTICLE,
    [UI_ACT_QUIT] = MSG_ERR_QUIT,
};

/* "Right, PgDn, Space" for action in table: its keys and characters. */
static void keys_of(struct ui *ui, const struct ui_binding *table, enum ui_action action, char *out,
                    size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (const struct ui_binding *b = table; b->trigger && len + 1 < n; b++) {
        if (b->action != action || (b->trigger != UI_TRIG_KEY && b->trigger != UI_TRIG_TEXT))
            continue;
        const char *name = b->trigger == UI_TRIG_KEY   ? ui_input_key_label(b->code)
                           : strcmp(b->text, " ") == 0 ? ui_msg(ui, MSG_KEY_SPACE)
                                                       : b->text;
        len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", name);
    }
}

/* One line per action of table, in the order of enum ui_action; returns the next y. */
static enum quire_status draw_table(struct ui *ui, struct canvas *c, const char *heading,
                                    const struct ui_binding *table, int *y, struct quire_err *err)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), w = ui_width(ui) - 2 * m, line = ui_px(ui, 52);
    enum quire_status rc = ui_draw_text(ui, c, heading, NULL, UI_SIZE_BODY, true, 1, UI_ALIGN_START,
                                        ui_mirror(ui, (struct render_rect){m, *y, w, line}), err);
    *y += line;
    for (int a = 1; a < UI_ACT_COUNT && !rc; a++) {
        char keys[128];
        if (!action_names[a])
            continue;
        keys_of(ui, table, (enum ui_action)a, keys, sizeof keys);
        if (!keys[0])
            continue;
        struct render_rect name = {m + ui_px(ui, 20), *y, w / 2, line};
        struct render_rect k = {m + w / 2, *y, w / 2, line};
        rc = ui_draw_text(ui, c, ui_msg(ui, action_names[a]), NULL, UI_SIZE_SMALL, false, 1,
                          UI_ALIGN_START, ui_mirror(ui, name), err);
        if (!rc)
            rc = ui_draw_text(ui, c, keys, NULL, UI_SIZE_SMALL, true, 1, UI_ALIGN_START,
                              ui_mirror(ui, k), err);
        *y += line;
    }
    return rc;
}

/* The page's tap zones at a small scale, each labelled with what it does. */
static enum quire_status draw_zones(struct ui *ui, struct canvas *c, int y, int h,
                                    struct quire_err *err)
{
    int w = h * ui_width(ui) / ui_height(ui), x0 = (ui_width(ui) - w) / 2;
    static const enum ui_msg zone_names[] = {[UI_ZONE_MENU] = MSG_ACT_MENU,
                                             [UI_ZONE_BACK] = MSG_ACT_PREV_PAGE,
                                             [UI_ZONE_FORWARD] = MSG_ACT_NEXT_PAGE};
    render_canvas_outline(c, (struct render_rect){x0, y, w, h}, 2, 0);
    bool is_left_handed = ui_prefs_get(ui)->left_handed;
    enum quire_status rc = QUIRE_OK;
    for (int z = 0; z < 3 && !rc; z++) {
        /* Sample the zone function itself on a grid: the picture is what a tap does. */
        int zx0 = w, zx1 = 0, zy0 = h, zy1 = 0;
        for (int gy = 0; gy < 40; gy++)
            for (int gx = 0; gx < 40; gx++) {
                int px = gx * ui_width(ui) / 40, py = gy * ui_height(ui) / 40;
                if ((int)ui_input_zone(px, py, ui_width(ui), ui_height(ui), ui_is_rtl(ui),
                                       is_left_handed) != z)
                    continue;
                int sx = gx * w / 40, sy = gy * h / 40;
                zx0 = sx < zx0 ? sx : zx0, zx1 = sx + w / 40 > zx1 ? sx + w / 40 : zx1;
                zy0 = sy < zy0 ? sy : zy0, zy1 = sy + h / 40 > zy1 ? sy + h / 40 : zy1;
            }
        if (zx1 <= zx0)
            continue;
        struct render_rect zr = {x0 + zx0, y + zy0, zx1 - zx0, zy1 - zy0};
        render_canvas_outline(c, zr, 1, render_gray(ui_render(ui), 120));
        rc = ui_draw_text(ui, c, ui_msg(ui, zone_names[z]), NULL, UI_SIZE_SMALL, false, 2,
                          UI_ALIGN_CENTER, zr, err);
    }
    return rc;
}

static enum quire_status help_draw(struct ui *ui, void *state, struct canvas *c,
                                   struct render_rect *bounds, struct quire_err *err)
{
    int y = ui_header_h(ui) + ui_px(ui, 10);
    char heading[128];
    enum quire_status rc = ui_draw_header(ui, c, ui_msg(ui, MSG_TITLE_HELP), NULL, err);
    snprintf(heading, sizeof heading, "%s \xE2\x80\x94 %s", ui_msg(ui, MSG_HELP_KEYS),
             ui_msg(ui, MSG_TITLE_ARTICLE));
    if (!rc)
        rc = draw_table(ui, c, heading, ui_screen_article.bindings, &y, err);
    snprintf(heading, sizeof heading, "%s \xE2\x80\x94 %s", ui_msg(ui, MSG_HELP_KEYS),
             ui_msg(ui, MSG_TITLE_LIBRARY));
    if (!rc)
        rc = draw_table(ui, c, heading, ui_screen_library.bindings, &y, err);
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), line = ui_px(ui, 52);
    if (!rc) {
        snprintf(heading, sizeof heading, "%s \xC2\xB7 %s: %s", ui_msg(ui, MSG_HELP_TAP_ZONES),
                 ui_msg(ui, MSG_HELP_HOLD), ui_msg(ui, MSG_ACT_ARTICLE_ACTIONS));
        rc = ui_draw_text(ui, c, heading, NULL, UI_SIZE_SMALL, true, 2, UI_ALIGN_START,
                          ui_mirror(ui, (struct render_rect){m, y, ui_width(ui) - 2 * m, 2 * line}),
                          err);
        y += 2 * line;
    }
    int h = ui_height(ui) - y - m;
    return rc || h < 40 ? rc : draw_zones(ui, c, y, h, err);
}

static enum quire_status help_open(struct ui *ui, const void *arg, void **state,
                                   struct quire_err *err)
{
    *state = NULL;
    return QUIRE_OK;
}

static void help_close(struct ui *ui, void *state) {}

static enum quire_status help_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                     enum ui_change *change, struct quire_err *err)
{
    if (a->act == UI_ACT_BACK || a->act == UI_ACT_TAP)
        ui_pop(ui);
    return QUIRE_OK;
}

const struct ui_screen_class ui_screen_help = {
    .name = "help",
    .bindings = bindings,
    .open = help_open,
    .close = help_close,
    .on_action = help_action,
    .draw = help_draw,
};
