/* screen_library: the first screen. Articles by publisher and section, newest first, each group
 * under its heading (ui_libpages.c places them), a page at a time (never scrolling): title,
 * publisher and section, age, reading progress, unread mark, star, and unverified content marked.
 * Filters (unread, starred, a section, a language, a publisher), "continue reading", and how fresh
 * the news is. Up/Down move the selection (a fast update of two rows), pages turn like an
 * article's, a long-press offers star, read and delete. Back from an article selects it. Only the
 * shown page is read from the library. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_library.h"

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

/* ---- reading the library ---- */

static void row_meta(struct ui *ui, const struct store_lib_row *r, char *out, size_t n)
{
    char ago[96], prog[32] = "";
    ui_ago_text(ui, r->published, MSG_TIME_AGO, MSG_TIME_JUST_NOW, ago, sizeof ago);
    if (r->progress > 0 && !r->is_read)
        ui_fmt(ui, prog, sizeof prog, "%d%%", r->progress / 10);
    /* The publisher and section are the group's heading above the row. */
    const char *parts[] = {ago, prog, r->starred ? "\xE2\x98\x85" : NULL,
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

static int add_group(void *ctx, const char *publisher, const char *section, int64_t count)
{
    char name[192];
    snprintf(name, sizeof name, "%s%s%s", publisher, section[0] ? " \xC2\xB7 " : "", section);
    return ui_libpages_add(ctx, name, count, NULL) != QUIRE_OK;
}

/* Reads the shown page's rows and places them and their headings. */
static void fill_page(struct ui *ui, struct library *lb)
{
    int64_t first;
    int n;
    lb->n_rows = 0;
    if (lb->page >= library_pages(lb))
        lb->page = library_pages(lb) - 1;
    ui_libpages_page(lb->pages, lb->page, &first, &n);
    struct fill f = {ui, lb};
    if (n > 0)
        store_library_page(ui_store(ui), &lb->filter, first, n, fill_row, &f, NULL);
    lb->n_items = ui_libpages_items(lb->pages, lb->page, lb->items,
                                    (int)(sizeof lb->items / sizeof lb->items[0]));
    if (lb->selected >= lb->n_rows)
        lb->selected = lb->n_rows > 0 ? lb->n_rows - 1 : 0;
}

/* Reads the groups (so the count and the pages), the shown page and the continue-reading
 * line, or only the page when the library and the settings are as they were. A library that cannot
 * answer shows as empty: the reader never stops for it. */
static void reload(struct ui *ui, struct library *lb)
{
    store *st = ui_store(ui);
    struct lib_layout l;
    uint64_t generation = store_library_generation(st);
    lb->n_rows = 0;
    if (lb->is_paged && generation == lb->paged_library &&
        ui_prefs_generation(ui) == lb->paged_prefs) {
        fill_page(ui, lb); /* nothing changed since: the groups, pages and the rest stand */
        return;
    }
    store_library_continue(st, &lb->continue_id, NULL);
    lb->continue_title[0] = '\0';
    if (lb->continue_id) {
        struct store_lib_filter one = {0};
        int64_t at = -1;
        store_library_index_of(st, &one, lb->continue_id, &at, NULL);
        if (at >= 0)
            store_library_page(st, &one, at, 1, title_of, lb->continue_title, NULL);
    }
    library_layout(ui, lb, &l);
    ui_libpages_clear(lb->pages);
    store_library_groups(st, &lb->filter, add_group, lb->pages, NULL);
    ui_libpages_paginate(lb->pages, l.room, l.rows.row_h, ui_px(ui, QUIRE_UI_GROUP_PX), NULL);
    lb->count = ui_libpages_total(lb->pages);
    store_library_newest(st, &lb->newest, NULL);
    lb->paged_library = generation;
    lb->paged_prefs = ui_prefs_generation(ui);
    lb->is_paged = true;
    fill_page(ui, lb);
}

/* Shows the page holding article id, with it selected. */
static void select_article(struct ui *ui, struct library *lb, int64_t id)
{
    int64_t at = -1;
    store_library_index_of(ui_store(ui), &lb->filter, id, &at, NULL);
    reload(ui, lb);
    if (at >= 0) {
        int64_t first;
        int n;
        lb->page = ui_libpages_page_of(lb->pages, at);
        ui_libpages_page(lb->pages, lb->page, &first, &n);
        lb->selected = (int)(at - first);
        fill_page(ui, lb);
    }
}

static enum quire_status library_open(struct ui *ui, const void *arg, void **state,
                                      struct quire_err *err)
{
    struct library *lb = quire_calloc(1, sizeof *lb);
    if (!lb)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    lb->held = -1;
    lb->pages = ui_libpages_create();
    if (!lb->pages) {
        quire_free(lb);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
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
    struct library *lb = state;
    ui_libpages_destroy(lb->pages);
    quire_free(lb);
}

/* ---- actions ---- */

/* Opens article id; with filter, its next and previous follow the list it was chosen from. */
static enum quire_status open_article(struct ui *ui, int64_t id,
                                      const struct store_lib_filter *filter, struct quire_err *err)
{
    struct ui_article_arg a = {{.article_id = id}, NULL, filter};
    return id ? ui_push(ui, &ui_screen_article, &a, err) : QUIRE_OK;
}

static void turn(struct library *lb, int page, enum ui_change *change, struct ui *ui)
{
    if (page < 0 || page >= library_pages(lb) || page == lb->page)
        return;
    lb->page = page;
    fill_page(ui, lb); /* the groups are what they were: only the page is read */
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
    } else if (at >= lb->n_rows && lb->page + 1 < library_pages(lb)) {
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
    lb->is_paged = false;
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
    library_layout(ui, lb, &l);
    int i = library_row_hit(ui, lb, a->x, a->y);
    if (i >= 0 && i < lb->n_rows) {
        lb->selected = i;
        return open_article(ui, lb->rows[i].id, &lb->filter, err);
    }
    if (ui_rect_hit(ui_mirror(ui, l.filter), a->x, a->y))
        return main_menu(ui, lb, err);
    if (lb->continue_id && ui_rect_hit(ui_mirror(ui, l.cont), a->x, a->y))
        return open_article(ui, lb->continue_id, NULL, err);
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
        turn(lb, a->act == UI_ACT_FIRST ? 0 : library_pages(lb) - 1, change, ui);
        return QUIRE_OK;
    case UI_ACT_OPEN:
        return lb->n_rows ? open_article(ui, lb->rows[lb->selected].id, &lb->filter, err)
                          : QUIRE_OK;
    case UI_ACT_TAP:
        return tap(ui, lb, a, change, err);
    case UI_ACT_HOLD:
        return row_menu(ui, lb, library_row_hit(ui, lb, a->x, a->y), err);
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
