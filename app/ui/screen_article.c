/* screen_article: one article, paged. Turns pages by keys, tap zones (forward on the left in a
 * right-to-left article) and swipes; saves the reading position as an anchor after every turn
 * and reopens exactly there; re-lays out keeping the place when a setting changes; marks the
 * article read at its end; shows the status line (title, sync state, clock, page). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "quire_util.h"
#include "store_library.h"
#include "store_sync.h"
#include "ui_screens.h"
#include "ui_shell.h"
#include "ui_status.h"

enum art_command {
    CMD_LIBRARY,
    CMD_SETTINGS,
    CMD_SEARCH,
    CMD_HELP,
    CMD_NIGHT,
    CMD_STAR,
    CMD_NEXT,
    CMD_PREV,
    CMD_LARGER,
    CMD_SMALLER,
    CMD_SYNC
};

static int64_t last_article; /* the last article shown, for the library to select */

int64_t ui_last_article(void)
{
    return last_article;
}

struct article {
    struct ui_source src;
    char file[1024], lang[64];
    struct ui_article art;
    size_t page;
    unsigned prefs_generation;
    /* The reader's place: the first anchor of the page last turned to (or opened on). A new
     * layout shows the page holding it and keeps it, so settings changed back and forth
     * never drift the place. */
    struct layout_anchor place;
    char clock[16], sync[128];
    char status[256]; /* the status line's end as last drawn (the trace's "status") */
    bool has_library, is_starred, has_filter;
    struct store_lib_filter filter; /* the library's, when opened from it */
    bool is_place_unsaved; /* turned to, not yet written: the write waits for the picture */
};

enum { TIMER_SAVE_PLACE = 1 };

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_HOME, NULL, UI_ACT_FIRST},
    {UI_TRIG_KEY, PLATFORM_KEY_END, NULL, UI_ACT_LAST},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_MENU},
    {UI_TRIG_TEXT, 0, "m", UI_ACT_MENU},
    {UI_TRIG_TEXT, 0, "+", UI_ACT_FONT_UP},
    {UI_TRIG_TEXT, 0, "=", UI_ACT_FONT_UP},
    {UI_TRIG_TEXT, 0, "-", UI_ACT_FONT_DOWN},
    {UI_TRIG_TEXT, 0, "/", UI_ACT_SEARCH},
    {UI_TRIG_TEXT, 0, "s", UI_ACT_STAR},
    {UI_TRIG_TEXT, 0, "?", UI_ACT_HELP},
    {UI_TRIG_TEXT, 0, "h", UI_ACT_HELP},
    {UI_TRIG_TEXT, 0, "n", UI_ACT_NIGHT},
    {UI_TRIG_TEXT, 0, "]", UI_ACT_NEXT_ARTICLE},
    {UI_TRIG_TEXT, 0, "[", UI_ACT_PREV_ARTICLE},
    {UI_TRIG_ZONE, UI_ZONE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_ZONE, UI_ZONE_BACK, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_ZONE, UI_ZONE_MENU, NULL, UI_ACT_MENU},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_UP, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_DOWN, NULL, UI_ACT_PREV_PAGE},
    {0},
};

/* The status clock and sync age are those of the last page turn: they change only with the
 * page. */
static void stamp_clock(struct ui *ui, struct article *a)
{
    int64_t now = ui_wall_time(ui);
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(a->clock, sizeof a->clock, "%H:%M", &tm);
    if (a->has_library)
        ui_sync_line(ui, a->sync, sizeof a->sync);
}

static enum quire_status load(struct ui *ui, struct article *a, struct quire_err *err)
{
    struct layout_settings ls;
    ui_layout_settings_of(ui, &ls);
    enum quire_status rc = ui_article_open(ui_fonts(ui), ui_store(ui), &a->src, &ls, &a->art, err);
    if (rc)
        return rc;
    a->prefs_generation = ui_prefs_generation(ui);
    render_set_fetch(ui_render(ui), ui_article_fetch, &a->art);
    const struct layout_page *pg = layout_page_get(a->art.layout, 0);
    ui_set_content_rtl(ui, pg && pg->line_count && pg->lines[0].is_rtl);
    return QUIRE_OK;
}

/* Sets the article again for new settings and finds the page holding the same anchor. */
static enum quire_status relayout(struct ui *ui, struct article *a, struct quire_err *err)
{
    struct layout_settings ls;
    ui_layout_settings_of(ui, &ls);
    struct layout *fresh;
    enum quire_status rc = layout_create(ui_fonts(ui), a->art.doc, &ls, &fresh, err);
    if (rc)
        return rc;
    layout_destroy(a->art.layout);
    a->art.layout = fresh;
    a->page = layout_find_anchor(fresh, a->place);
    a->prefs_generation = ui_prefs_generation(ui);
    return QUIRE_OK;
}

static void set_place(struct article *a)
{
    const struct layout_page *pg = layout_page_get(a->art.layout, a->page);
    a->place = pg ? pg->first_anchor : (struct layout_anchor){0, 0};
}

/* The page holding the first word of a search, found as the index finds words (whole words,
 * case and diacritics folded): "asylum" opens at "asylum" even when the result's snippet
 * showed a later "Asylum". */
static size_t find_page(const struct article *a, const char *query)
{
    size_t page = ui_article_start_page(&a->art);
    store_finder *f = NULL;
    if (!a->art.store || store_finder_create(a->art.store, query, &f, NULL))
        return page;
    for (size_t b = 0; b < doc_block_count(a->art.doc); b++) {
        const struct doc_block *blk = doc_block_get(a->art.doc, b);
        int64_t at = blk && blk->text ? store_finder_find(f, blk->text, blk->text_len) : -1;
        if (at < 0)
            continue;
        int64_t cp = 0;
        for (int64_t i = 0; i < at; i++)
            cp += ((unsigned char)blk->text[i] & 0xC0) != 0x80;
        page = layout_find_anchor(a->art.layout, (struct layout_anchor){(int64_t)b, cp});
        break;
    }
    store_finder_destroy(f);
    return page;
}

static enum quire_status article_open(struct ui *ui, const void *arg, void **state,
                                      struct quire_err *err)
{
    const struct ui_article_arg *in = arg;
    struct article *a = quire_calloc(1, sizeof *a);
    if (!a)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    a->src = in->source;
    if (in->filter) {
        a->filter = *in->filter;
        a->has_filter = true;
    }
    if (in->source.file) {
        snprintf(a->file, sizeof a->file, "%s", in->source.file);
        a->src.file = a->file;
    }
    if (in->source.lang) {
        snprintf(a->lang, sizeof a->lang, "%s", in->source.lang);
        a->src.lang = a->lang;
    }
    enum quire_status rc = load(ui, a, err);
    if (rc) {
        quire_free(a);
        return rc;
    }
    a->page = in->find && *in->find ? find_page(a, in->find) : ui_article_start_page(&a->art);
    set_place(a);
    if (!(in->find && *in->find))
        ui_article_stored_anchor(&a->art, &a->place);
    last_article = a->art.id;
    if (a->art.store) { /* a library that cannot tell reads as "never synced" */
        a->has_library = true;
        struct store_article_row *row = NULL;
        if (!store_article_get(a->art.store, a->art.id, &row, NULL)) {
            a->is_starred = row->a.starred;
            store_article_free(row);
        }
    }
    stamp_clock(ui, a);
    *state = a;
    return QUIRE_OK;
}

static enum quire_status save_place(struct ui *ui, struct article *a, struct quire_err *err);

static void article_close(struct ui *ui, void *state)
{
    struct article *a = state;
    /* Leaving by Back, the menu or another article has saved already (see leave); what is
     * left is the reader quitting, with nobody to tell of a failed write. */
    if (a->is_place_unsaved) {
        struct quire_err ignored = {0};
        (void)save_place(ui, a, &ignored);
    }
    render_set_fetch(ui_render(ui), NULL, NULL);
    ui_set_content_rtl(ui, false);
    ui_article_close(&a->art);
    quire_free(a);
}

/* Records the place; at the last page the article counts as read. */
static enum quire_status save_place(struct ui *ui, struct article *a, struct quire_err *err)
{
    a->is_place_unsaved = false; /* a timer still due finds nothing to do */
    enum quire_status rc = ui_article_save_position(&a->art, a->page, &a->place, err);
    if (!rc && a->art.store && a->page + 1 >= layout_page_count(a->art.layout))
        rc = store_article_set_read(a->art.store, a->art.id, true, err);
    return rc;
}

static enum quire_status turn_to(struct ui *ui, struct article *a, size_t page,
                                 enum ui_change *change, struct quire_err *err)
{
    size_t pages = layout_page_count(a->art.layout);
    if (pages == 0 || page >= pages || page == a->page)
        return QUIRE_OK; /* at an end: nothing changes, nothing refreshes */
    a->page = page;
    set_place(a);
    stamp_clock(ui, a);
    *change = UI_CHANGE_PAGE;
    /* The write (a SQLite commit with fsync, slow on an SD card) waits until the page is on
     * the panel: the shell fires a timer due now after it presents. */
    a->is_place_unsaved = true;
    ui_timer_set(ui, TIMER_SAVE_PLACE, ui_now_ms(ui));
    return QUIRE_OK;
}

/* Closes the article, its place written first so a failure is reported. */
static enum quire_status leave(struct ui *ui, struct article *a, struct quire_err *err)
{
    enum quire_status rc = a->is_place_unsaved ? save_place(ui, a, err) : QUIRE_OK;
    if (!rc)
        ui_pop(ui);
    return rc;
}

static enum quire_status font_step(struct ui *ui, struct article *a, int delta,
                                   enum ui_change *change, struct quire_err *err)
{
    enum quire_status rc = ui_font_step(ui, delta, err);
    if (!rc && a->prefs_generation != ui_prefs_generation(ui)) {
        rc = relayout(ui, a, err);
        if (!rc)
            rc = save_place(ui, a, err);
        *change = UI_CHANGE_PAGE;
    }
    return rc;
}

static enum quire_status star(struct ui *ui, struct article *a, enum ui_change *change,
                              struct quire_err *err)
{
    if (!a->art.store)
        return QUIRE_OK;
    a->is_starred = !a->is_starred;
    *change = UI_CHANGE_SMALL; /* the star in the status line */
    return store_article_set_starred(a->art.store, a->art.id, a->is_starred, err);
}

/* Opens the next (or previous) article of the library's order, under the filter it was opened
 * with, in place of this one. */
static enum quire_status neighbour(struct ui *ui, struct article *a, int dir,
                                   enum ui_change *change, struct quire_err *err)
{
    int64_t id = 0;
    const struct store_lib_filter *f = a->has_filter ? &a->filter : NULL;
    if (!a->art.store || store_library_neighbor(a->art.store, f, a->art.id, dir, &id, NULL) || !id)
        return QUIRE_OK;
    struct ui_article_arg next = {{.article_id = id}, NULL, f};
    enum quire_status rc = leave(ui, a, err);
    return rc ? rc : ui_push(ui, &ui_screen_article, &next, err);
}

static enum quire_status article_menu(struct ui *ui, struct article *a, struct quire_err *err)
{
    struct ui_menu_arg m = {0};
    char size[32];
    snprintf(m.title, sizeof m.title, "%s", a->art.title);
    ui_fmt(ui, size, sizeof size, ui_msg(ui, MSG_VAL_PX), ui_font_px(ui));
    if (ui_below(ui))
        ui_menu_add(&m, ui_msg(ui, MSG_MENU_LIBRARY), NULL, UI_ACT_COMMAND, CMD_LIBRARY);
    ui_menu_add(&m, ui_msg(ui, MSG_ACT_LARGER), size, UI_ACT_COMMAND, CMD_LARGER);
    ui_menu_add(&m, ui_msg(ui, MSG_ACT_SMALLER), NULL, UI_ACT_COMMAND, CMD_SMALLER);
    ui_menu_add(&m, ui_msg(ui, MSG_MENU_SETTINGS), NULL, UI_ACT_COMMAND, CMD_SETTINGS);
    ui_menu_add(&m, ui_msg(ui, MSG_MENU_NIGHT), ui_prefs_get(ui)->night ? "\xE2\x9C\x93" : NULL,
                UI_ACT_COMMAND, CMD_NIGHT);
    if (a->art.store) {
        ui_menu_add(&m, ui_msg(ui, a->is_starred ? MSG_LIB_UNSTAR : MSG_MENU_STAR), NULL,
                    UI_ACT_COMMAND, CMD_STAR);
        ui_menu_add(&m, ui_msg(ui, MSG_MENU_NEXT_ARTICLE), "]", UI_ACT_COMMAND, CMD_NEXT);
        ui_menu_add(&m, ui_msg(ui, MSG_MENU_PREV_ARTICLE), "[", UI_ACT_COMMAND, CMD_PREV);
        ui_menu_add(&m, ui_msg(ui, MSG_MENU_SEARCH), "/", UI_ACT_COMMAND, CMD_SEARCH);
        if (ui_has_sync(ui))
            ui_menu_add(&m, ui_msg(ui, MSG_MENU_SYNC_NOW), NULL, UI_ACT_COMMAND, CMD_SYNC);
    }
    ui_menu_add(&m, ui_msg(ui, MSG_MENU_HELP), "?", UI_ACT_COMMAND, CMD_HELP);
    return ui_push(ui, &ui_screen_menu, &m, err);
}

static enum quire_status command(struct ui *ui, struct article *a, int cmd, enum ui_change *change,
                                 struct quire_err *err)
{
    switch (cmd) {
    case CMD_LIBRARY:
        return leave(ui, a, err);
    case CMD_SETTINGS:
        return ui_push(ui, &ui_screen_settings, NULL, err);
    case CMD_SEARCH:
        return ui_push(ui, &ui_screen_search, NULL, err);
    case CMD_HELP:
        return ui_push(ui, &ui_screen_help, &ui_screen_article, err);
    case CMD_NIGHT:
        *change = UI_CHANGE_SCREEN;
        return ui_night_toggle(ui, err);
    case CMD_STAR:
        return star(ui, a, change, err);
    case CMD_NEXT:
    case CMD_PREV:
        return neighbour(ui, a, cmd == CMD_NEXT ? 1 : -1, change, err);
    case CMD_SYNC:
        ui_sync_now(ui); /* the page stays: the new articles wait in the library */
        return QUIRE_OK;
    default:
        return font_step(ui, a, cmd == CMD_LARGER ? 1 : -1, change, err);
    }
}

static enum quire_status article_action(struct ui *ui, void *state, const struct ui_action_ev *ev,
                                        enum ui_change *change, struct quire_err *err)
{
    struct article *a = state;
    switch (ev->act) {
    case UI_ACT_NEXT_PAGE:
        return turn_to(ui, a, a->page + 1, change, err);
    case UI_ACT_PREV_PAGE:
        return a->page > 0 ? turn_to(ui, a, a->page - 1, change, err) : QUIRE_OK;
    case UI_ACT_FIRST:
        return turn_to(ui, a, 0, change, err);
    case UI_ACT_LAST: {
        size_t n = layout_page_count(a->art.layout);
        return n ? turn_to(ui, a, n - 1, change, err) : QUIRE_OK;
    }
    case UI_ACT_FONT_UP:
        return font_step(ui, a, +1, change, err);
    case UI_ACT_FONT_DOWN:
        return font_step(ui, a, -1, change, err);
    case UI_ACT_NIGHT:
        *change = UI_CHANGE_SCREEN; /* a flash clears the inversion */
        return ui_night_toggle(ui, err);
    case UI_ACT_BACK:
        return leave(ui, a, err);
    case UI_ACT_TIMER:
        return ev->arg == TIMER_SAVE_PLACE && a->is_place_unsaved ? save_place(ui, a, err)
                                                                  : QUIRE_OK;
    case UI_ACT_MENU:
        return article_menu(ui, a, err);
    case UI_ACT_SEARCH:
        return ui_push(ui, &ui_screen_search, NULL, err);
    case UI_ACT_HELP:
        return ui_push(ui, &ui_screen_help, &ui_screen_article, err);
    case UI_ACT_STAR:
        return star(ui, a, change, err);
    case UI_ACT_NEXT_ARTICLE:
    case UI_ACT_PREV_ARTICLE:
        return neighbour(ui, a, ev->act == UI_ACT_NEXT_ARTICLE ? 1 : -1, change, err);
    case UI_ACT_COMMAND:
        return command(ui, a, ev->arg, change, err);
    case UI_ACT_RESUME:
        last_article = a->art.id;
        render_set_fetch(ui_render(ui), ui_article_fetch, &a->art);
        if (a->prefs_generation != ui_prefs_generation(ui)) {
            *change = UI_CHANGE_PAGE;
            return relayout(ui, a, err);
        }
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

static enum quire_status article_draw(struct ui *ui, void *state, struct canvas *c,
                                      struct render_rect *bounds, struct quire_err *err)
{
    struct article *a = state;
    int dpi = ui_platform(ui)->profile.dpi, band = ui_status_band_px(dpi);
    const struct layout_page *pg = layout_page_get(a->art.layout, a->page);
    ui_image_share_set(ui, render_page_image_permille(pg, c->w, c->h));
    struct render_rect page_area = {0, 0, c->w, c->h - band};
    enum quire_status rc = render_page_draw_at(ui_render(ui), c, pg, 0, 0, page_area, err);
    if (rc)
        return rc;
    size_t pages = layout_page_count(a->art.layout);
    char page[48];
    ui_fmt(ui, page, sizeof page, "%d / %d", (int)a->page + 1, pages ? (int)pages : 1);
    snprintf(a->status, sizeof a->status, "%s%s%s%s \xC2\xB7 %s",
             a->is_starred ? "\xE2\x98\x85 " : "", a->has_library ? a->sync : "",
             a->has_library ? " \xC2\xB7 " : "", a->clock, page);
    struct ui_status st = {a->art.title, doc_lang(a->art.doc), a->status};
    return ui_status_draw(ui_texts_of(ui), ui_render(ui), c, dpi, &st, ui_is_rtl(ui), err);
}

static void article_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct article *a = state;
    const struct layout_page *pg = layout_page_get(a->art.layout, a->page);
    m->article = a->art.id;
    m->page = (int)a->page + 1;
    m->pages = (int)layout_page_count(a->art.layout);
    snprintf(m->anchor, sizeof m->anchor, "%lld:%lld", pg ? (long long)pg->first_anchor.block : 0LL,
             pg ? (long long)pg->first_anchor.offset : 0LL);
    /* Where the page's text ends (the last line's end; its start for a page of no text). */
    struct layout_anchor end = pg ? pg->first_anchor : (struct layout_anchor){0, 0};
    if (pg && pg->line_count)
        end = pg->lines[pg->line_count - 1].end;
    snprintf(m->extra, sizeof m->extra,
             "\"last\":\"%lld:%lld\",\"place\":\"%lld:%lld\",\"starred\":%s", (long long)end.block,
             (long long)end.offset, (long long)a->place.block, (long long)a->place.offset,
             a->is_starred ? "true" : "false");
    ui_meta_add_text(m, "status", a->status);
    m->status_y = ui_height(ui) - ui_status_band_px(ui_platform(ui)->profile.dpi);
}

const struct ui_screen_class ui_screen_article = {
    .name = "article",
    .warms_menu = true,
    .bindings = bindings,
    .has_zones = true,
    .open = article_open,
    .close = article_close,
    .on_action = article_action,
    .draw = article_draw,
    .meta = article_meta,
};
