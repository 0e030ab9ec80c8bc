/* screen_library: the first screen. Articles by publisher and section, newest first, a page at
 * a time (never scrolling): title, publisher and section, age, reading progress, unread mark,
 * star, and unverified content marked. Filters (unread, starred, a section, a language, a
 * publisher), "continue reading", and how fresh the news is. Up/Down move the selection (a
 * fast update of two rows), pages turn like an article's, a long-press offers star, read and
 * delete. Back from an article selects it. Only the shown page is read from the library. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "store_library.h"
#include "ui_screens.h"
#include "ui_widgets.h"

enum { LIB_MAX_ROWS = 32, LIB_MAX_FACETS = UI_MENU_MAX - 1 };

enum lib_command {
    CMD_FILTER_ALL,
    CMD_FILTER_UNREAD,
    CMD_FILTER_STARRED,
    CMD_FACET_MENU = 10,   /* + facet (3 of them) */
    CMD_FACET_VALUE = 100, /* + facet * 100 + index (under LIB_MAX_FACETS) */
    CMD_STAR = 1000,       /* the long-pressed row */
    CMD_READ,
    CMD_DELETE,
    CMD_SETTINGS,
    CMD_SEARCH,
    CMD_HELP,
    CMD_QUIT,
    CMD_SYNC,
    CMD_DELETE_SURE, /* the confirmation: a deletion cannot be undone */
    CMD_CANCEL,
};

struct row {
    int64_t id;
    char title[256], meta[256], lang[16];
    bool is_read, starred, verified;
};

struct library {
    struct store_lib_filter filter;
    char filter_value[128];
    enum store_lib_facet filter_facet;
    int64_t count;
    int page, per_page, selected, held;
    struct row rows[LIB_MAX_ROWS];
    int n_rows;
    int64_t continue_id, newest;
    char continue_title[256];
    char facets[3][LIB_MAX_FACETS][128];
    int n_facets[3];
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_UP},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_DOWN},
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_HOME, NULL, UI_ACT_FIRST},
    {UI_TRIG_KEY, PLATFORM_KEY_END, NULL, UI_ACT_LAST},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_OPEN},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_QUIT},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_MENU},
    {UI_TRIG_TEXT, 0, "m", UI_ACT_MENU},
    {UI_TRIG_TEXT, 0, "/", UI_ACT_SEARCH},
    {UI_TRIG_TEXT, 0, "s", UI_ACT_STAR},
    {UI_TRIG_TEXT, 0, "?", UI_ACT_HELP},
    {UI_TRIG_TEXT, 0, "h", UI_ACT_HELP},
    {UI_TRIG_TEXT, 0, "n", UI_ACT_NIGHT},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_UP, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_DOWN, NULL, UI_ACT_PREV_PAGE},
    {0},
};

/* ---- geometry: one function for drawing and for taps ---- */

struct lib_layout {
    struct render_rect filter, cont;
    struct ui_rows rows;
};

static void lib_layout(struct ui *ui, const struct library *lb, struct lib_layout *l)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), w = ui_width(ui) - 2 * m;
    int y = ui_header_h(ui), band = ui_px(ui, 70);
    l->filter = (struct render_rect){m, y, w, band};
    y += band;
    l->cont = (struct render_rect){m, y, w, lb->continue_id ? band : 0};
    y += l->cont.h;
    int row_h = ui_px(ui, QUIRE_UI_ROW_PX);
    int n = (ui_height(ui) - ui_footer_h(ui) - y) / row_h;
    n = n < 1 ? 1 : n > LIB_MAX_ROWS ? LIB_MAX_ROWS : n;
    l->rows = (struct ui_rows){m, y, w, row_h, n};
}

static int pages_of(const struct library *lb)
{
    return lb->count <= 0 ? 1 : (int)((lb->count + lb->per_page - 1) / lb->per_page);
}

/* ---- reading the library ---- */

static void row_meta(struct ui *ui, const struct store_lib_row *r, char *out, size_t n)
{
    char ago[96], prog[32] = "";
    ui_ago_text(ui, r->published, MSG_TIME_AGO, MSG_TIME_JUST_NOW, ago, sizeof ago);
    if (r->progress > 0 && !r->is_read)
        ui_fmt(ui, prog, sizeof prog, "%d%%", r->progress / 10);
    const char *parts[] = {r->publisher,
                           r->section,
                           ago,
                           prog,
                           r->starred ? "\xE2\x98\x85" : NULL,
                           r->verified ? NULL : ui_msg(ui, MSG_LIB_UNVERIFIED)};
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof *parts && len + 1 < n; i++)
        if (parts[i] && *parts[i])
            len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " \xC2\xB7 " : "", parts[i]);
}

struct fill {
    struct ui *ui;
    struct library *lb;
};

static int fill_row(void *ctx, const struct store_lib_row *r)
{
    struct fill *f = ctx;
    struct row *out = &f->lb->rows[f->lb->n_rows++];
    out->id = r->id;
    ui_title_copy(out->title, sizeof out->title, r->title ? r->title : "");
    snprintf(out->lang, sizeof out->lang, "%s", r->language ? r->language : "");
    row_meta(f->ui, r, out->meta, sizeof out->meta);
    out->is_read = r->is_read;
    out->starred = r->starred;
    out->verified = r->verified;
    return f->lb->n_rows >= LIB_MAX_ROWS;
}

static int title_of(void *ctx, const struct store_lib_row *r)
{
    ui_title_copy(ctx, 256, r->title ? r->title : "");
    return 1;
}

/* Reads the count, the shown page and the continue-reading line. A library that cannot answer
 * shows as empty: the reader never stops for it. */
static void reload(struct ui *ui, struct library *lb)
{
    store *st = ui_store(ui);
    struct lib_layout l;
    lb->n_rows = 0;
    store_library_continue(st, &lb->continue_id, NULL);
    lb->continue_title[0] = '\0';
    if (lb->continue_id) {
        struct store_lib_filter one = {0};
        int64_t at = -1;
        store_library_index_of(st, &one, lb->continue_id, &at, NULL);
        if (at >= 0)
            store_library_page(st, &one, at, 1, title_of, lb->continue_title, NULL);
    }
    lib_layout(ui, lb, &l);
    lb->per_page = l.rows.count;
    store_library_count(st, &lb->filter, &lb->count, NULL);
    store_library_newest(st, &lb->newest, NULL);
    if (lb->page >= pages_of(lb))
        lb->page = pages_of(lb) - 1;
    struct fill f = {ui, lb};
    store_library_page(st, &lb->filter, (int64_t)lb->page * lb->per_page, lb->per_page, fill_row,
                       &f, NULL);
    if (lb->selected >= lb->n_rows)
        lb->selected = lb->n_rows > 0 ? lb->n_rows - 1 : 0;
}

/* Shows the page holding article id, with it selected. */
static void select_article(struct ui *ui, struct library *lb, int64_t id)
{
    int64_t at = -1;
    store_library_index_of(ui_store(ui), &lb->filter, id, &at, NULL);
    if (at >= 0 && lb->per_page > 0) {
        lb->page = (int)(at / lb->per_page);
        lb->selected = (int)(at % lb->per_page);
    }
    reload(ui, lb);
}

static enum quire_status library_open(struct ui *ui, const void *arg, void **state,
                                      struct quire_err *err)
{
    struct library *lb = quire_calloc(1, sizeof *lb);
    if (!lb)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    lb->held = -1;
    lb->filter.sections = ui_kiosk_sections(ui); /* a kiosk's library: its sections only */
    reload(ui, lb);
    /* Opened fresh, the selection starts on the article to continue: one Return reopens it
     * where the reader stopped. */
    if (lb->continue_id)
        select_article(ui, lb, lb->continue_id);
    *state = lb;
    return QUIRE_OK;
}

static void library_close(struct ui *ui, void *state)
{
    quire_free(state);
}

/* ---- actions ---- */

static enum quire_status open_article(struct ui *ui, int64_t id, struct quire_err *err)
{
    struct ui_article_arg a = {{.article_id = id}, NULL};
    return id ? ui_push(ui, &ui_screen_article, &a, err) : QUIRE_OK;
}

static void turn(struct library *lb, int page, enum ui_change *change, struct ui *ui)
{
    if (page < 0 || page >= pages_of(lb) || page == lb->page)
        return;
    lb->page = page;
    reload(ui, lb);
    *change = UI_CHANGE_PAGE;
}

static void move(struct ui *ui, struct library *lb, int dir, enum ui_change *change)
{
    int at = lb->selected + dir;
    if (at >= 0 && at < lb->n_rows) {
        lb->selected = at;
        *change = UI_CHANGE_SMALL;
    } else if (at < 0 && lb->page > 0) {
        turn(lb, lb->page - 1, change, ui);
        lb->selected = lb->n_rows - 1;
    } else if (at >= lb->n_rows && lb->page + 1 < pages_of(lb)) {
        turn(lb, lb->page + 1, change, ui);
        lb->selected = 0;
    }
}

static int facet_cb(void *ctx, const char *value, int64_t count)
{
    struct library *lb = ((void **)ctx)[0];
    enum store_lib_facet f = *(enum store_lib_facet *)((void **)ctx)[1];
    snprintf(lb->facets[f][lb->n_facets[f]++], 128, "%s", value);
    return lb->n_facets[f] >= LIB_MAX_FACETS;
}

static const enum ui_msg facet_names[] = {MSG_LIB_SECTION, MSG_LIB_LANGUAGE, MSG_LIB_PUBLISHER};

static enum quire_status facet_menu(struct ui *ui, struct library *lb, enum store_lib_facet f,
                                    struct quire_err *err)
{
    struct ui_menu_arg m = {0};
    snprintf(m.title, sizeof m.title, "%s", ui_msg(ui, facet_names[f]));
    lb->n_facets[f] = 0;
    void *ctx[2] = {lb, &f};
    store_library_facets(ui_store(ui), f, facet_cb, ctx, NULL);
    for (int i = 0; i < lb->n_facets[f]; i++)
        ui_menu_add(&m, lb->facets[f][i], NULL, UI_ACT_COMMAND, CMD_FACET_VALUE + f * 100 + i);
    return m.n ? ui_push(ui, &ui_screen_menu, &m, err) : QUIRE_OK;
}

static enum quire_status main_menu(struct ui *ui, struct library *lb, struct quire_err *err)
{
    struct ui_menu_arg m = {0};
    const char *on = "\xE2\x9C\x93";
    bool is_all = !lb->filter.is_unread_only && !lb->filter.is_starred_only && !lb->filter_value[0];
    snprintf(m.title, sizeof m.title, "%s", ui_msg(ui, MSG_TITLE_MENU));
    ui_menu_add(&m, ui_msg(ui, MSG_LIB_ALL), is_all ? on : NULL, UI_ACT_COMMAND, CMD_FILTER_ALL);
    ui_menu_add(&m, ui_msg(ui, MSG_LIB_UNREAD), lb->filter.is_unread_only ? on : NULL,
                UI_ACT_COMMAND, CMD_FILTER_UNREAD);
    ui_menu_add(&m, ui_msg(ui, MSG_LIB_STARRED), lb->filter.is_starred_only ? on : NULL,
                UI_ACT_COMMAND, CMD_FILTER_STARRED);
    for (int f = 0; f < 3; f++)
        ui_menu_add(&m, ui_msg(ui, facet_names[f]),
                    lb->filter_value[0] && lb->filter_facet == (enum store_lib_facet)f
                        ? lb->filter_value
                        : "\xE2\x80\xA6",
                    UI_ACT_COMMAND, CMD_FACET_MENU + f);
    ui_menu_add(&m, ui_msg(ui, MSG_MENU_SEARCH), "/", UI_ACT_COMMAND, CMD_SEARCH);
    if (ui_has_sync(ui))
        ui_menu_add(&m, ui_msg(ui, MSG_MENU_SYNC_NOW), NULL, UI_ACT_COMMAND, CMD_SYNC);
    ui_menu_add(&m, ui_msg(ui, MSG_MENU_SETTINGS), NULL, UI_ACT_COMMAND, CMD_SETTINGS);
    ui_menu_add(&m, ui_msg(ui, MSG_MENU_HELP), "?", UI_ACT_COMMAND, CMD_HELP);
    ui_menu_add(&m, ui_msg(ui, MSG_ERR_QUIT), NULL, UI_ACT_COMMAND, CMD_QUIT);
    return ui_push(ui, &ui_screen_menu, &m, err);
}

static enum quire_status row_menu(struct ui *ui, struct library *lb, int i, struct quire_err *err)
{
    if (i < 0 || i >= lb->n_rows)
        return QUIRE_OK;
    const struct row *r = &lb->rows[i];
    struct ui_menu_arg m = {0};
    lb->held = i;
    lb->selected = i;
    snprintf(m.title, sizeof m.title, "%s", r->title);
    ui_menu_add(&m, ui_msg(ui, r->starred ? MSG_LIB_UNSTAR : MSG_LIB_STAR), NULL, UI_ACT_COMMAND,
                CMD_STAR);
    ui_menu_add(&m, ui_msg(ui, r->is_read ? MSG_LIB_MARK_UNREAD : MSG_LIB_MARK_READ), NULL,
                UI_ACT_COMMAND, CMD_READ);
    ui_menu_add(&m, ui_msg(ui, MSG_LIB_DELETE), NULL, UI_ACT_COMMAND, CMD_DELETE);
    return ui_push(ui, &ui_screen_menu, &m, err);
}

static void set_filter(struct ui *ui, struct library *lb, int cmd)
{
    memset(&lb->filter, 0, sizeof lb->filter);
    lb->filter_value[0] = '\0';
    lb->filter.is_unread_only = cmd == CMD_FILTER_UNREAD;
    lb->filter.is_starred_only = cmd == CMD_FILTER_STARRED;
    lb->filter.sections = ui_kiosk_sections(ui);
    if (cmd >= CMD_FACET_VALUE && cmd < CMD_FACET_VALUE + 300) {
        int f = (cmd - CMD_FACET_VALUE) / 100, i = (cmd - CMD_FACET_VALUE) % 100;
        snprintf(lb->filter_value, sizeof lb->filter_value, "%s", lb->facets[f][i]);
        lb->filter_facet = (enum store_lib_facet)f;
        const char **slot[] = {&lb->filter.section, &lb->filter.language, &lb->filter.publisher};
        *slot[f] = lb->filter_value;
    }
    lb->page = 0;
    lb->selected = 0;
}

/* What the long-pressed row's menu chose. */
static enum quire_status on_row(struct ui *ui, struct library *lb, int cmd, struct quire_err *err)
{
    int i = lb->held >= 0 ? lb->held : lb->selected;
    if (i < 0 || i >= lb->n_rows)
        return QUIRE_OK;
    const struct row *r = &lb->rows[i];
    store *st = ui_store(ui);
    enum quire_status rc = QUIRE_OK;
    if (cmd == CMD_STAR)
        rc = store_article_set_starred(st, r->id, !r->starred, err);
    else if (cmd == CMD_READ)
        rc = store_article_set_read(st, r->id, !r->is_read, err);
    else if (cmd == CMD_DELETE_SURE)
        rc = store_article_delete(st, r->id, err); /* leaves a tombstone, as `quire delete` */
    lb->held = -1;
    return rc;
}

/* A tombstone keeps the article from ever coming back, so Delete asks first; Cancel comes
 * first and is selected, so a second press of Return does no harm. */
static enum quire_status confirm_delete(struct ui *ui, struct quire_err *err)
{
    struct ui_menu_arg m = {0};
    snprintf(m.title, sizeof m.title, "%s", ui_msg(ui, MSG_LIB_DELETE_ASK));
    ui_menu_add(&m, ui_msg(ui, MSG_CANCEL), NULL, UI_ACT_COMMAND, CMD_CANCEL);
    ui_menu_add(&m, ui_msg(ui, MSG_LIB_DELETE), NULL, UI_ACT_COMMAND, CMD_DELETE_SURE);
    return ui_push(ui, &ui_screen_menu, &m, err);
}

static enum quire_status command(struct ui *ui, struct library *lb, int cmd, enum ui_change *change,
                                 struct quire_err *err)
{
    if (cmd >= CMD_FACET_MENU && cmd < CMD_FACET_MENU + 3)
        return facet_menu(ui, lb, (enum store_lib_facet)(cmd - CMD_FACET_MENU), err);
    enum quire_status rc = QUIRE_OK;
    switch (cmd) {
    case CMD_SETTINGS:
        return ui_push(ui, &ui_screen_settings, NULL, err);
    case CMD_SEARCH:
        return ui_push(ui, &ui_screen_search, NULL, err);
    case CMD_HELP:
        return ui_push(ui, &ui_screen_help, NULL, err);
    case CMD_QUIT:
        ui_quit(ui);
        return QUIRE_OK;
    case CMD_SYNC:
        ui_sync_now(ui); /* the library reloads as the worker's news arrives */
        return QUIRE_OK;
    case CMD_DELETE:
        return confirm_delete(ui, err);
    case CMD_CANCEL:
        lb->held = -1;
        return QUIRE_OK;
    case CMD_STAR:
    case CMD_READ:
    case CMD_DELETE_SURE:
        rc = on_row(ui, lb, cmd, err);
        break;
    default:
        set_filter(ui, lb, cmd);
        break;
    }
    reload(ui, lb);
    *change = UI_CHANGE_PAGE;
    return rc;
}

static enum quire_status tap(struct ui *ui, struct library *lb, const struct ui_action_ev *a,
                             enum ui_change *change, struct quire_err *err)
{
    struct lib_layout l;
    lib_layout(ui, lb, &l);
    int i = ui_rows_hit(ui, &l.rows, a->x, a->y);
    if (i >= 0 && i < lb->n_rows) {
        lb->selected = i;
        return open_article(ui, lb->rows[i].id, err);
    }
    if (ui_rect_hit(ui_mirror(ui, l.filter), a->x, a->y))
        return main_menu(ui, lb, err);
    if (lb->continue_id && ui_rect_hit(ui_mirror(ui, l.cont), a->x, a->y))
        return open_article(ui, lb->continue_id, err);
    int dir = ui_footer_hit(ui, a->x, a->y);
    if (dir)
        turn(lb, lb->page + dir, change, ui);
    else if (a->y < ui_header_h(ui))
        return main_menu(ui, lb, err);
    return QUIRE_OK;
}

static enum quire_status library_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                        enum ui_change *change, struct quire_err *err)
{
    struct library *lb = state;
    struct lib_layout l;
    switch (a->act) {
    case UI_ACT_UP:
    case UI_ACT_DOWN:
        move(ui, lb, a->act == UI_ACT_DOWN ? 1 : -1, change);
        return QUIRE_OK;
    case UI_ACT_NEXT_PAGE:
    case UI_ACT_PREV_PAGE:
        turn(lb, lb->page + (a->act == UI_ACT_NEXT_PAGE ? 1 : -1), change, ui);
        return QUIRE_OK;
    case UI_ACT_FIRST:
    case UI_ACT_LAST:
        turn(lb, a->act == UI_ACT_FIRST ? 0 : pages_of(lb) - 1, change, ui);
        return QUIRE_OK;
    case UI_ACT_OPEN:
        return lb->n_rows ? open_article(ui, lb->rows[lb->selected].id, err) : QUIRE_OK;
    case UI_ACT_TAP:
        return tap(ui, lb, a, change, err);
    case UI_ACT_HOLD:
        lib_layout(ui, lb, &l);
        return row_menu(ui, lb, ui_rows_hit(ui, &l.rows, a->x, a->y), err);
    case UI_ACT_STAR:
        lb->held = lb->selected;
        return command(ui, lb, CMD_STAR, change, err);
    case UI_ACT_MENU:
        return main_menu(ui, lb, err);
    case UI_ACT_SEARCH:
        return ui_push(ui, &ui_screen_search, NULL, err);
    case UI_ACT_HELP:
        return ui_push(ui, &ui_screen_help, NULL, err);
    case UI_ACT_NIGHT:
        *change = UI_CHANGE_SCREEN;
        return ui_night_toggle(ui, err);
    case UI_ACT_QUIT:
        ui_quit(ui);
        return QUIRE_OK;
    case UI_ACT_COMMAND:
        return command(ui, lb, a->arg, change, err);
    case UI_ACT_RESUME:
        if (ui_last_article()) /* back from an article: it is the one selected */
            select_article(ui, lb, ui_last_article());
        else
            reload(ui, lb);
        *change = UI_CHANGE_PAGE;
        return QUIRE_OK;
    case UI_ACT_WAKE:
        reload(ui, lb); /* a sync may have brought articles */
        *change = UI_CHANGE_PAGE;
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

/* ---- drawing ---- */

static void filter_text(struct ui *ui, const struct library *lb, char *out, size_t n)
{
    char count[64];
    ui_fmt_n(ui, count, sizeof count, MSG_LIB_N_ARTICLES, (long)lb->count);
    const char *name = lb->filter.is_unread_only    ? ui_msg(ui, MSG_LIB_UNREAD)
                       : lb->filter.is_starred_only ? ui_msg(ui, MSG_LIB_STARRED)
                       : lb->filter_value[0]        ? lb->filter_value
                                                    : ui_msg(ui, MSG_LIB_ALL);
    snprintf(out, n, "%s \xC2\xB7 %s", name, count);
}

static enum quire_status draw_row(struct ui *ui, struct canvas *c, const struct row *r,
                                  struct render_rect box, struct quire_err *err)
{
    int pad = ui_px(ui, 14), dot = ui_px(ui, 16), title_h = box.h * 62 / 100;
    struct render_rect mark = {box.x + pad, box.y + pad + ui_px(ui, 14), dot, dot};
    struct render_rect title = {box.x + 2 * pad + dot, box.y + pad / 2, box.w - 3 * pad - dot,
                                title_h};
    struct render_rect meta = {title.x, box.y + title_h, title.w, box.h - title_h - pad / 2};
    if (!r->is_read)
        render_canvas_fill(c, ui_mirror(ui, mark), 0); /* the unread mark */
    enum quire_status rc = ui_draw_text(ui, c, r->title, r->lang[0] ? r->lang : NULL, UI_SIZE_BODY,
                                        !r->is_read, 2, UI_ALIGN_START, ui_mirror(ui, title), err);
    if (!rc)
        rc = ui_draw_text(ui, c, r->meta, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_START,
                          ui_mirror(ui, meta), err);
    ui_draw_rule(ui, c, box.x, box.y + box.h - 1, box.w);
    return rc;
}

static enum quire_status draw_top(struct ui *ui, struct library *lb, struct canvas *c,
                                  const struct lib_layout *l, struct quire_err *err)
{
    char aside[128], text[256];
    ui_ago_text(ui, lb->newest, MSG_LIB_NEWS_FROM, MSG_LIB_NEWS_NOW, aside, sizeof aside);
    enum quire_status rc = ui_draw_header(ui, c, ui_msg(ui, MSG_TITLE_LIBRARY), aside, err);
    filter_text(ui, lb, text, sizeof text);
    if (!rc)
        rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, true, 1, UI_ALIGN_START,
                          ui_mirror(ui, l->filter), err);
    if (!rc && lb->continue_id) {
        snprintf(text, sizeof text, "%s: %s", ui_msg(ui, MSG_LIB_CONTINUE), lb->continue_title);
        rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_START,
                          ui_mirror(ui, l->cont), err);
        ui_draw_rule(ui, c, l->cont.x, l->cont.y + l->cont.h - 1, l->cont.w);
    }
    return rc;
}

static enum quire_status library_draw(struct ui *ui, void *state, struct canvas *c,
                                      struct render_rect *bounds, struct quire_err *err)
{
    struct library *lb = state;
    struct lib_layout l;
    lib_layout(ui, lb, &l);
    enum quire_status rc = draw_top(ui, lb, c, &l, err);
    for (int i = 0; i < lb->n_rows && !rc; i++)
        rc = draw_row(ui, c, &lb->rows[i], ui_rows_rect(ui, &l.rows, i), err);
    if (!rc && lb->n_rows == 0)
        rc = ui_draw_text(ui, c, ui_msg(ui, MSG_LIB_NO_ARTICLES), NULL, UI_SIZE_BODY, false, 1,
                          UI_ALIGN_CENTER, ui_rows_rect(ui, &l.rows, 0), err);
    if (lb->n_rows > 0)
        ui_draw_selection(ui, c, ui_rows_rect(ui, &l.rows, lb->selected));
    return rc ? rc : ui_draw_footer(ui, c, lb->page + 1, pages_of(lb), err);
}

/* Appends "key":[ids] of the shown rows: all (which 0), unverified (1), unread (2), starred. */
static void add_ids(struct ui_meta *m, const char *key, const struct library *lb, int which)
{
    size_t n = strlen(m->extra), cap = sizeof m->extra;
    if (n + 48 > cap)
        return;
    n += (size_t)snprintf(m->extra + n, cap - n, ",\"%s\":[", key);
    for (int i = 0, k = 0; i < lb->n_rows && n + 24 < cap; i++) {
        const struct row *r = &lb->rows[i];
        if (which == 0 || (which == 1 && !r->verified) || (which == 2 && !r->is_read) ||
            (which == 3 && r->starred))
            n +=
                (size_t)snprintf(m->extra + n, cap - n, "%s%lld", k++ ? "," : "", (long long)r->id);
    }
    snprintf(m->extra + n, cap - n, "]");
}

static void library_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct library *lb = state;
    struct lib_layout l;
    lib_layout(ui, lb, &l);
    struct render_rect r0 = ui_rows_rect(ui, &l.rows, 0); /* for scripts that tap rows */
    m->page = lb->page + 1;
    m->pages = pages_of(lb);
    m->article = lb->n_rows ? lb->rows[lb->selected].id : 0;
    snprintf(m->extra, sizeof m->extra, "\"selected\":%lld,\"count\":%lld,\"row0\":[%d,%d,%d,%d]",
             (long long)m->article, (long long)lb->count, r0.x, r0.y, r0.w, r0.h);
    static const char *const lists[] = {"rows", "unverified", "unread", "starred"};
    for (int i = 0; i < 4; i++)
        add_ids(m, lists[i], lb, i);
    char news[128]; /* the texts shown: the header's age of the news, each row's second line */
    ui_ago_text(ui, lb->newest, MSG_LIB_NEWS_FROM, MSG_LIB_NEWS_NOW, news, sizeof news);
    ui_meta_add_text(m, "news", news);
    const char *metas[LIB_MAX_ROWS];
    for (int i = 0; i < lb->n_rows; i++)
        metas[i] = lb->rows[i].meta;
    ui_meta_add_texts(m, "row_meta", metas, lb->n_rows);
}

const struct ui_screen_class ui_screen_library = {
    .name = "library",
    .warms_menu = true,
    .bindings = bindings,
    .open = library_open,
    .close = library_close,
    .on_action = library_action,
    .draw = library_draw,
    .meta = library_meta,
};
