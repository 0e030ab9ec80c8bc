/* screen_kiosk: the kiosk's rotation (quire read --kiosk). The newest articles of the chosen
 * sections (kiosk.sections), each page shown for kiosk.interval_s, then the next article; after
 * the last, the newest again (the list is read afresh there, so a sync's articles join). Page
 * changes come on the interval's clock boundary (a 20 s kiosk changes at :00, :20, :40) and go
 * through the refresh policy as page turns: an unchanged picture is not presented, a full
 * refresh comes every N, and a deep clean (one full flash) at the kiosk.deep_clean_hours. A
 * touch or a key pauses the rotation and lets a person read: page turns here, the library of
 * the kiosk's sections from the top band; after kiosk.idle_s without input the rotation goes
 * on where it was. The place in the rotation is kept in the library ("kiosk.state"), so a
 * crash or a power cut resumes it. What the kiosk may not do (settings, menus, quitting) is
 * refused by the shell (ui_kiosk_allows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "quire_util.h"
#include "store_library.h"
#include "ui_screens.h"
#include "ui_shell.h"
#include "ui_status.h"
#include "ui_widgets.h"

#define KIOSK_STATE_KEY "kiosk.state" /* "ARTICLE PAGE": where the rotation is */

enum { T_NEXT = 1, T_IDLE, T_CLEAN };

struct kiosk {
    int64_t ids[QUIRE_KIOSK_ARTICLES];
    int n, at; /* the rotation and the article shown */
    struct ui_article art;
    bool has_art, is_paused;
    size_t page;
    unsigned prefs_generation;
    char clock[16];
    char status[384]; /* the status line's end as last drawn (the trace's "status") */
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_OPEN},
    {UI_TRIG_ZONE, UI_ZONE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_ZONE, UI_ZONE_BACK, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_ZONE, UI_ZONE_MENU, NULL, UI_ACT_OPEN},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_UP, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_DOWN, NULL, UI_ACT_PREV_PAGE},
    {0},
};

/* ---- the rotation ---- */

struct collect {
    struct kiosk *k;
    const char *sections;
};

static int collect_cb(void *ctx, const struct store_article *a)
{
    struct collect *c = ctx;
    if (c->sections[0] && !ui_kiosk_section_listed(c->sections, a->section))
        return 0;
    c->k->ids[c->k->n++] = a->id;
    return c->k->n >= QUIRE_KIOSK_ARTICLES;
}

/* The newest articles of the kiosk's sections, newest bundle first, each in reading order. */
static void read_rotation(struct ui *ui, struct kiosk *k)
{
    struct collect c = {k, ui_prefs_get(ui)->kiosk_sections};
    k->n = 0;
    store_article_list(ui_store(ui), collect_cb, &c, NULL);
}

static void save_state(struct ui *ui, struct kiosk *k)
{
    char v[64];
    if (!k->has_art)
        return;
    snprintf(v, sizeof v, "%lld %zu", (long long)k->art.id, k->page);
    store_busy_timeout_set(ui_store(ui), 0); /* never wait for a sync's import: next time */
    store_setting_set(ui_store(ui), KIOSK_STATE_KEY, v, NULL);
    store_busy_timeout_set(ui_store(ui), QUIRE_DB_BUSY_TIMEOUT_MS);
}

static void close_article(struct ui *ui, struct kiosk *k)
{
    if (!k->has_art)
        return;
    render_set_fetch(ui_render(ui), NULL, NULL);
    ui_article_close(&k->art);
    k->has_art = false;
}

/* Shows rotation entry at (an article the library lost is skipped, at most once round). */
static enum quire_status show_entry(struct ui *ui, struct kiosk *k, int at, size_t page,
                                    struct quire_err *err)
{
    struct layout_settings ls;
    ui_layout_settings_of(ui, &ls);
    close_article(ui, k);
    for (int tries = 0; tries < k->n; tries++, at = (at + 1) % k->n, page = 0) {
        struct ui_source src = {.article_id = k->ids[at]};
        struct quire_err e = {0};
        enum quire_status rc = ui_article_open(ui_fonts(ui), ui_store(ui), &src, &ls, &k->art, &e);
        if (rc == QUIRE_ENOMEM)
            return quire_err_set(err, rc, "%s", e.msg);
        if (rc)
            continue;
        k->has_art = true;
        k->at = at;
        size_t pages = layout_page_count(k->art.layout);
        k->page = page < pages ? page : 0;
        k->prefs_generation = ui_prefs_generation(ui);
        render_set_fetch(ui_render(ui), ui_article_fetch, &k->art);
        save_state(ui, k);
        return QUIRE_OK;
    }
    return QUIRE_OK; /* nothing to show yet: the screen says so */
}

/* Where the last run was, when that article is still in the rotation. */
static void restore_state(struct ui *ui, struct kiosk *k, int *at, size_t *page)
{
    char v[64];
    long long id = 0;
    *at = 0;
    *page = 0;
    if (store_setting_get(ui_store(ui), KIOSK_STATE_KEY, v, sizeof v, NULL) ||
        sscanf(v, "%lld %zu", &id, page) != 2)
        return;
    for (int i = 0; i < k->n; i++)
        if (k->ids[i] == id) {
            *at = i;
            return;
        }
    *page = 0;
}

static void stamp_clock(struct ui *ui, struct kiosk *k)
{
    time_t t = (time_t)ui_wall_time(ui);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(k->clock, sizeof k->clock, "%H:%M", &tm);
}

/* ---- timers ---- */

/* The next multiple of the interval on the wall clock, as a time of the loop's clock. */
static void arm_next(struct ui *ui)
{
    int64_t every = ui_prefs_get(ui)->kiosk_interval_s, wall = ui_wall_time(ui);
    int64_t next = (wall / every + 1) * every;
    ui_timer_set(ui, T_NEXT, ui_now_ms(ui) + (next - wall) * 1000);
}

static void arm_clean(struct ui *ui)
{
    int64_t wall = ui_wall_time(ui), at = ui_kiosk_next_clean(ui_prefs_get(ui), wall);
    if (at > 0)
        ui_timer_set(ui, T_CLEAN, ui_now_ms(ui) + (at - wall) * 1000);
}

static void pause_rotation(struct ui *ui, struct kiosk *k)
{
    k->is_paused = true;
    ui_timer_cancel(ui, T_NEXT);
    ui_timer_set(ui, T_IDLE, ui_last_input_ms(ui) + ui_prefs_get(ui)->kiosk_idle_s * 1000LL);
}

/* Idle long enough (input anywhere counts, also on the library above): the rotation goes on. */
static void idle_check(struct ui *ui, struct kiosk *k, enum ui_change *change)
{
    int64_t due = ui_last_input_ms(ui) + ui_prefs_get(ui)->kiosk_idle_s * 1000LL;
    if (ui_now_ms(ui) < due) {
        ui_timer_set(ui, T_IDLE, due);
        return;
    }
    k->is_paused = false;
    ui_pop_above(ui);
    stamp_clock(ui, k);
    arm_next(ui);
    *change = UI_CHANGE_PAGE; /* the status line no longer says paused */
}

static enum quire_status step(struct ui *ui, struct kiosk *k, enum ui_change *change,
                              struct quire_err *err)
{
    enum quire_status rc = QUIRE_OK;
    arm_next(ui);
    stamp_clock(ui, k);
    *change = UI_CHANGE_PAGE; /* the shell presents it only if the picture changed */
    if (k->has_art && k->page + 1 < layout_page_count(k->art.layout)) {
        k->page++;
        save_state(ui, k);
    } else if (k->has_art && k->at + 1 < k->n) {
        rc = show_entry(ui, k, k->at + 1, 0, err);
    } else { /* round again from the newest, with whatever a sync brought */
        read_rotation(ui, k);
        rc = show_entry(ui, k, 0, 0, err);
    }
    return rc;
}

/* ---- the screen ---- */

static enum quire_status kiosk_open(struct ui *ui, const void *arg, void **state,
                                    struct quire_err *err)
{
    struct kiosk *k = quire_calloc(1, sizeof *k);
    if (!k)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    int at;
    size_t page;
    read_rotation(ui, k);
    restore_state(ui, k, &at, &page);
    enum quire_status rc = show_entry(ui, k, at, page, err);
    if (rc) {
        quire_free(k);
        return rc;
    }
    stamp_clock(ui, k);
    *state = k;
    return QUIRE_OK;
}

static void kiosk_close(struct ui *ui, void *state)
{
    struct kiosk *k = state;
    close_article(ui, k);
    quire_free(k);
}

static enum quire_status turn(struct ui *ui, struct kiosk *k, int dir, enum ui_change *change)
{
    size_t pages = k->has_art ? layout_page_count(k->art.layout) : 0;
    if (!k->is_paused) { /* the first touch only stops the rotation */
        pause_rotation(ui, k);
        *change = UI_CHANGE_SMALL;
        return QUIRE_OK;
    }
    pause_rotation(ui, k);
    if ((dir > 0 && k->page + 1 < pages) || (dir < 0 && k->page > 0)) {
        k->page = dir > 0 ? k->page + 1 : k->page - 1;
        stamp_clock(ui, k);
        save_state(ui, k);
        *change = UI_CHANGE_PAGE;
    }
    return QUIRE_OK;
}

static enum quire_status on_timer(struct ui *ui, struct kiosk *k, int id, enum ui_change *change,
                                  struct quire_err *err)
{
    if (id == T_IDLE) {
        idle_check(ui, k, change);
    } else if (id == T_CLEAN) {
        arm_clean(ui);
        *change = UI_CHANGE_SCREEN; /* one full flash clears what partial updates left */
    } else if (!k->is_paused) {
        return step(ui, k, change, err);
    }
    return QUIRE_OK;
}

static enum quire_status kiosk_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                      enum ui_change *change, struct quire_err *err)
{
    struct kiosk *k = state;
    if (k->has_art && k->prefs_generation != ui_prefs_generation(ui)) { /* turned, resized */
        enum quire_status rc = show_entry(ui, k, k->at, k->page, err);
        if (rc)
            return rc;
        *change = UI_CHANGE_SCREEN;
    }
    switch (a->act) {
    case UI_ACT_OPENED: /* on the stack: its timers can be set */
        arm_next(ui);
        arm_clean(ui);
        return QUIRE_OK;
    case UI_ACT_TIMER:
        return on_timer(ui, k, a->arg, change, err);
    case UI_ACT_NEXT_PAGE:
    case UI_ACT_PREV_PAGE:
        return turn(ui, k, a->act == UI_ACT_NEXT_PAGE ? 1 : -1, change);
    case UI_ACT_OPEN:
        pause_rotation(ui, k);
        *change = UI_CHANGE_SMALL;
        return ui_push(ui, &ui_screen_library, NULL, err);
    case UI_ACT_RESUME:
        if (k->has_art)
            render_set_fetch(ui_render(ui), ui_article_fetch, &k->art);
        if (k->is_paused)
            pause_rotation(ui, k);
        return QUIRE_OK;
    case UI_ACT_WAKE: /* the first articles of an empty kiosk: show them at once */
        if (k->has_art)
            return QUIRE_OK;
        read_rotation(ui, k);
        *change = UI_CHANGE_PAGE;
        return show_entry(ui, k, 0, 0, err);
    default:
        return QUIRE_OK;
    }
}

/* The status line's end: how old the news is (a failed sync never blanks it), a sync's state
 * when there is one to tell, the clock, the page. */
static void status_end(struct ui *ui, struct kiosk *k, char *out, size_t n)
{
    char age[128] = "", sync[128] = "", page[48] = "";
    int64_t newest = 0;
    store_library_newest(ui_store(ui), &newest, NULL);
    ui_ago_text(ui, newest, MSG_KIOSK_UPDATED, MSG_KIOSK_UPDATED_NOW, age, sizeof age);
    struct ui_sync_status st;
    ui_sync_status_of(ui, &st);
    if (st.state != UI_SYNC_IDLE)
        ui_sync_line(ui, sync, sizeof sync);
    if (k->has_art)
        ui_fmt(ui, page, sizeof page, "%d / %d", (int)k->page + 1,
               (int)layout_page_count(k->art.layout));
    const char *parts[] = {age, sync, k->clock, page};
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof *parts && len + 1 < n; i++)
        if (parts[i][0])
            len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " \xC2\xB7 " : "", parts[i]);
}

static enum quire_status kiosk_draw(struct ui *ui, void *state, struct canvas *c,
                                    struct render_rect *bounds, struct quire_err *err)
{
    struct kiosk *k = state;
    int dpi = ui_platform(ui)->profile.dpi, band = ui_status_band_px(dpi);
    struct render_rect area = {0, 0, c->w, c->h - band};
    enum quire_status rc = QUIRE_OK;
    if (k->has_art) {
        const struct layout_page *pg = layout_page_get(k->art.layout, k->page);
        ui_image_share_set(ui, render_page_image_permille(pg, c->w, c->h));
        rc = render_page_draw_at(ui_render(ui), c, pg, 0, 0, area, err);
    } else {
        struct render_rect mid = {0, c->h / 3, c->w, ui_px(ui, 120)};
        rc = ui_draw_text(ui, c, ui_msg(ui, MSG_LIB_NO_ARTICLES), NULL, UI_SIZE_BODY, false, 1,
                          UI_ALIGN_CENTER, mid, err);
    }
    if (rc)
        return rc;
    status_end(ui, k, k->status, sizeof k->status);
    const char *title = k->is_paused ? ui_msg(ui, MSG_KIOSK_PAUSED)
                        : k->has_art ? k->art.title
                                     : "";
    struct ui_status st = {title, k->is_paused || !k->has_art ? NULL : doc_lang(k->art.doc),
                           k->status};
    return ui_status_draw(ui_texts_of(ui), ui_render(ui), c, dpi, &st, ui_is_rtl(ui), err);
}

static void kiosk_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct kiosk *k = state;
    if (k->has_art) {
        const struct layout_page *pg = layout_page_get(k->art.layout, k->page);
        m->article = k->art.id;
        m->page = (int)k->page + 1;
        m->pages = (int)layout_page_count(k->art.layout);
        if (pg)
            snprintf(m->anchor, sizeof m->anchor, "%lld:%lld", (long long)pg->first_anchor.block,
                     (long long)pg->first_anchor.offset);
    }
    snprintf(m->extra, sizeof m->extra, "\"paused\":%s,\"rotation\":%d,\"at\":%d",
             k->is_paused ? "true" : "false", k->n, k->at);
    ui_meta_add_text(m, "status", k->status);
    m->status_y = ui_height(ui) - ui_status_band_px(ui_platform(ui)->profile.dpi);
}

const struct ui_screen_class ui_screen_kiosk = {
    .name = "kiosk",
    .bindings = bindings,
    .has_zones = true,
    .open = kiosk_open,
    .close = kiosk_close,
    .on_action = kiosk_action,
    .draw = kiosk_draw,
    .meta = kiosk_meta,
};
