/* screen_help: the keys and tap zones, read from the binding tables themselves (the article's
 * and the library's), so the help can never disagree with what a key does. It is paged like
 * every list (never scrolling): the key tables fill as many pages as the panel needs, and the
 * last page draws the tap zones by sampling the zone function itself, for the direction of
 * the article it was opened from (a right-to-left article turns forward on the left) and the
 * left-handed setting. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_input.h"
#include "ui_screens.h"
#include "ui_widgets.h"

enum { HELP_MAX_LINES = 64, HELP_MAX_PAGES = 16 };

struct help_line {
    char name[160];
    char keys[128]; /* "" for a heading */
};

struct help {
    struct help_line lines[HELP_MAX_LINES];
    int n;
    int page_start[HELP_MAX_PAGES + 1]; /* first line of each key page; then the zones page */
    int pages, page;
    bool is_zones_rtl;
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_PREV_PAGE},
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
    [UI_ACT_FIRST] = MSG_ACT_FIRST,
    [UI_ACT_LAST] = MSG_ACT_LAST,
    [UI_ACT_QUIT] = MSG_ERR_QUIT,
};

static int line_h(const struct ui *ui)
{
    return ui_px(ui, 52);
}

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

/* A heading, then one line per bound action of table, in the order of enum ui_action. */
static void add_table(struct ui *ui, struct help *h, enum ui_msg screen,
                      const struct ui_binding *table)
{
    if (h->n < HELP_MAX_LINES) {
        struct help_line *l = &h->lines[h->n++];
        snprintf(l->name, sizeof l->name, "%s \xE2\x80\x94 %s", ui_msg(ui, MSG_HELP_KEYS),
                 ui_msg(ui, screen));
        l->keys[0] = '\0';
    }
    for (int a = 1; a < UI_ACT_COUNT && h->n < HELP_MAX_LINES; a++) {
        struct help_line *l = &h->lines[h->n];
        if (!action_names[a])
            continue;
        keys_of(ui, table, (enum ui_action)a, l->keys, sizeof l->keys);
        if (!l->keys[0])
            continue;
        snprintf(l->name, sizeof l->name, "%s", ui_msg(ui, action_names[a]));
        h->n++;
    }
}

/* Splits the lines into pages of what fits between header and footer; a heading never ends
 * a page. The zones take the page after the last. */
static void paginate(struct ui *ui, struct help *h)
{
    int room = ui_height(ui) - ui_header_h(ui) - ui_footer_h(ui) - ui_px(ui, 20);
    int per = room / line_h(ui) > 2 ? room / line_h(ui) : 2;
    h->pages = 0;
    for (int i = 0; i < h->n && h->pages < HELP_MAX_PAGES;) {
        h->page_start[h->pages++] = i;
        int end = i + per < h->n ? i + per : h->n;
        if (end < h->n && !h->lines[end - 1].keys[0])
            end--;
        i = end;
    }
    h->page_start[h->pages] = h->n;
    h->pages++; /* the tap zones */
}

static enum quire_status draw_lines(struct ui *ui, struct help *h, struct canvas *c,
                                    struct quire_err *err)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), w = ui_width(ui) - 2 * m, lh = line_h(ui);
    int y = ui_header_h(ui) + ui_px(ui, 10);
    enum quire_status rc = QUIRE_OK;
    for (int i = h->page_start[h->page]; i < h->page_start[h->page + 1] && !rc; i++, y += lh) {
        const struct help_line *l = &h->lines[i];
        if (!l->keys[0]) {
            rc = ui_draw_text(ui, c, l->name, NULL, UI_SIZE_BODY, true, 1, UI_ALIGN_START,
                              ui_mirror(ui, (struct render_rect){m, y, w, lh}), err);
            continue;
        }
        struct render_rect name = {m + ui_px(ui, 20), y, w / 2, lh};
        struct render_rect k = {m + w / 2, y, w / 2, lh};
        rc = ui_draw_text(ui, c, l->name, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_START,
                          ui_mirror(ui, name), err);
        if (!rc)
            rc = ui_draw_text(ui, c, l->keys, NULL, UI_SIZE_SMALL, true, 1, UI_ALIGN_START,
                              ui_mirror(ui, k), err);
    }
    return rc;
}

/* The part of a w x h picture of the page where a tap does what zone z does, found by
 * sampling the zone function itself on a grid: the picture is what a tap does. */
static bool zone_box(struct ui *ui, const struct help *h, int z, int w, int hh,
                     struct render_rect *out)
{
    int zx0 = w, zx1 = 0, zy0 = hh, zy1 = 0;
    bool is_left_handed = ui_prefs_get(ui)->left_handed;
    for (int gy = 0; gy < 40; gy++)
        for (int gx = 0; gx < 40; gx++) {
            int px = gx * ui_width(ui) / 40, py = gy * ui_height(ui) / 40;
            if ((int)ui_input_zone(px, py, ui_width(ui), ui_height(ui), h->is_zones_rtl,
                                   is_left_handed) != z)
                continue;
            int sx = gx * w / 40, sy = gy * hh / 40;
            zx0 = sx < zx0 ? sx : zx0, zx1 = sx + w / 40 > zx1 ? sx + w / 40 : zx1;
            zy0 = sy < zy0 ? sy : zy0, zy1 = sy + hh / 40 > zy1 ? sy + hh / 40 : zy1;
        }
    *out = (struct render_rect){zx0, zy0, zx1 - zx0, zy1 - zy0};
    return zx1 > zx0;
}

/* The tap zones page: what a hold does, notes on direction, then the page at a small scale
 * with each zone labelled. */
static enum quire_status draw_zones(struct ui *ui, struct help *h, struct canvas *c,
                                    struct quire_err *err)
{
    static const enum ui_msg zone_names[] = {[UI_ZONE_MENU] = MSG_ACT_MENU,
                                             [UI_ZONE_BACK] = MSG_ACT_PREV_PAGE,
                                             [UI_ZONE_FORWARD] = MSG_ACT_NEXT_PAGE};
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), lh = line_h(ui), tw = ui_width(ui) - 2 * m;
    int y = ui_header_h(ui) + ui_px(ui, 10);
    char text[512];
    snprintf(text, sizeof text, "%s \xC2\xB7 %s: %s", ui_msg(ui, MSG_HELP_TAP_ZONES),
             ui_msg(ui, MSG_HELP_HOLD), ui_msg(ui, MSG_ACT_ARTICLE_ACTIONS));
    enum quire_status rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, true, 2, UI_ALIGN_START,
                                        ui_mirror(ui, (struct render_rect){m, y, tw, 2 * lh}), err);
    y += 2 * lh;
    snprintf(text, sizeof text, "%s%s%s", ui_msg(ui, MSG_HELP_RTL_ZONES),
             ui_prefs_get(ui)->left_handed ? " " : "",
             ui_prefs_get(ui)->left_handed ? ui_msg(ui, MSG_HELP_LEFT_HANDED) : "");
    if (!rc)
        rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, false, 3, UI_ALIGN_START,
                          ui_mirror(ui, (struct render_rect){m, y, tw, 3 * lh}), err);
    y += 3 * lh;
    int hh = ui_height(ui) - ui_footer_h(ui) - y - m;
    if (rc || hh < 40)
        return rc;
    int w = hh * ui_width(ui) / ui_height(ui), x0 = (ui_width(ui) - w) / 2;
    render_canvas_outline(c, (struct render_rect){x0, y, w, hh}, 2, 0);
    for (int z = 0; z < 3 && !rc; z++) {
        struct render_rect zr;
        if (!zone_box(ui, h, z, w, hh, &zr))
            continue;
        zr.x += x0, zr.y += y; /* a picture of the panel: never mirrored again */
        render_canvas_outline(c, zr, 1, render_gray(ui_render(ui), 120));
        rc = ui_draw_text(ui, c, ui_msg(ui, zone_names[z]), NULL, UI_SIZE_SMALL, false, 2,
                          UI_ALIGN_CENTER, zr, err);
    }
    return rc;
}

static enum quire_status help_draw(struct ui *ui, void *state, struct canvas *c,
                                   struct render_rect *bounds, struct quire_err *err)
{
    struct help *h = state;
    enum quire_status rc = ui_draw_header(ui, c, ui_msg(ui, MSG_TITLE_HELP), NULL, err);
    if (!rc)
        rc = h->page == h->pages - 1 ? draw_zones(ui, h, c, err) : draw_lines(ui, h, c, err);
    return rc ? rc : ui_draw_footer(ui, c, h->page + 1, h->pages, err);
}

static void help_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct help *h = state;
    m->page = h->page + 1;
    m->pages = h->pages;
    size_t n = strlen(m->extra);
    snprintf(m->extra + n, sizeof m->extra - n, "%s\"zones_rtl\":%s", n ? "," : "",
             h->is_zones_rtl ? "true" : "false");
}

static enum quire_status help_open(struct ui *ui, const void *arg, void **state,
                                   struct quire_err *err)
{
    struct help *h = quire_calloc(1, sizeof *h);
    if (!h)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    h->is_zones_rtl = arg == &ui_screen_article ? ui_is_content_rtl(ui) : ui_is_rtl(ui);
    add_table(ui, h, MSG_TITLE_ARTICLE, ui_screen_article.bindings);
    add_table(ui, h, MSG_TITLE_LIBRARY, ui_screen_library.bindings);
    paginate(ui, h);
    *state = h;
    return QUIRE_OK;
}

static void help_close(struct ui *ui, void *state)
{
    quire_free(state);
}

static void turn(struct help *h, int dir, enum ui_change *change)
{
    int to = h->page + dir;
    if (to < 0 || to >= h->pages)
        return;
    h->page = to;
    *change = UI_CHANGE_PAGE;
}

static enum quire_status help_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                     enum ui_change *change, struct quire_err *err)
{
    struct help *h = state;
    switch (a->act) {
    case UI_ACT_NEXT_PAGE:
        turn(h, 1, change);
        break;
    case UI_ACT_PREV_PAGE:
        turn(h, -1, change);
        break;
    case UI_ACT_TAP: { /* the footer's arrows turn; a tap elsewhere closes the help */
        int dir = ui_footer_hit(ui, a->x, a->y);
        if (dir)
            turn(h, dir, change);
        else
            ui_pop(ui);
        break;
    }
    case UI_ACT_BACK:
        ui_pop(ui);
        break;
    default:
        break;
    }
    return QUIRE_OK;
}

const struct ui_screen_class ui_screen_help = {
    .name = "help",
    .bindings = bindings,
    .open = help_open,
    .close = help_close,
    .on_action = help_action,
    .draw = help_draw,
    .meta = help_meta,
};
