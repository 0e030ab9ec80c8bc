/* screen_sleep: what the panel keeps showing while nobody reads (ui.sleep_after_minutes without
 * input; the shell opens it). The newest article's publisher and headline and the time of the
 * last sync (a time of day, never an age that would go stale), drawn once with a full refresh; then
 * nothing: it sets no timer and ignores the sync worker's news, so the loop sleeps until input or
 * the next scheduled sync. Any key, tap or swipe closes it, and the reader is where it was (the one
 * input only wakes it). Suspending the device is its launcher's job (docs/kiosk.md). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "quire_util.h"
#include "ui_screens.h"
#include "ui_widgets.h"

struct sleep_screen {
    int64_t newest;
    char publisher[128], headline[256], lang[16], synced[160];
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_MENU, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_HOME, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_END, NULL, UI_ACT_BACK},
    {UI_TRIG_KEY, PLATFORM_KEY_BACKSPACE, NULL, UI_ACT_BACK},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_BACK},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_BACK},
    {UI_TRIG_SWIPE, UI_SWIPE_UP, NULL, UI_ACT_BACK},
    {UI_TRIG_SWIPE, UI_SWIPE_DOWN, NULL, UI_ACT_BACK},
    {0},
};

static int newest_cb(void *ctx, const struct store_article *a)
{
    struct sleep_screen *s = ctx;
    s->newest = a->id;
    ui_title_copy(s->publisher, sizeof s->publisher, a->publisher ? a->publisher : "");
    ui_title_copy(s->headline, sizeof s->headline, a->title ? a->title : "");
    snprintf(s->lang, sizeof s->lang, "%s", a->language ? a->language : "");
    return 1;
}

/* The last sync as a time of day (with its date before today), not "3 minutes ago": the screen
 * is drawn once and may stay for days. */
static void sync_time_text(struct ui *ui, int64_t t, char *out, size_t n)
{
    time_t now = (time_t)ui_wall_time(ui), when = (time_t)t;
    struct tm tn, tw;
    char raw[32];
    localtime_r(&now, &tn);
    localtime_r(&when, &tw);
    bool is_today = tn.tm_year == tw.tm_year && tn.tm_yday == tw.tm_yday;
    strftime(raw, sizeof raw, is_today ? "%H:%M" : "%Y-%m-%d %H:%M", &tw);
    ui_digits(ui_lang(ui), raw, out, n);
}

static enum quire_status sleep_open(struct ui *ui, const void *arg, void **state,
                                    struct quire_err *err)
{
    struct sleep_screen *s = quire_calloc(1, sizeof *s);
    if (!s)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (ui_store(ui))
        store_article_list(ui_store(ui), newest_cb, s, NULL); /* newest first: the first one */
    if (ui_last_sync(ui) > 0) {
        char when[64];
        sync_time_text(ui, ui_last_sync(ui), when, sizeof when);
        ui_fmt(ui, s->synced, sizeof s->synced, ui_msg(ui, MSG_SLEEP_LAST_SYNC), when);
    } else if (ui_has_sync(ui)) {
        ui_sync_line(ui, s->synced, sizeof s->synced); /* "Never synced" */
    }
    *state = s;
    return QUIRE_OK;
}

static void sleep_close(struct ui *ui, void *state)
{
    quire_free(state);
}

static enum quire_status sleep_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                      enum ui_change *change, struct quire_err *err)
{
    switch (a->act) {
    case UI_ACT_BACK:
    case UI_ACT_TAP:
    case UI_ACT_HOLD:
    case UI_ACT_TEXT:
        ui_pop(ui); /* the screen below shows again, as it was */
        return QUIRE_OK;
    default:
        return QUIRE_OK; /* a sync's news included: drawn once means drawn once */
    }
}

static enum quire_status sleep_draw(struct ui *ui, void *state, struct canvas *c,
                                    struct render_rect *bounds, struct quire_err *err)
{
    struct sleep_screen *s = state;
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), w = ui_width(ui) - 2 * m, h = ui_height(ui) / 8;
    int y = ui_height(ui) / 4;
    const char *lang = s->lang[0] ? s->lang : NULL;
    enum quire_status rc =
        ui_draw_text(ui, c, ui_msg(ui, MSG_SLEEP_TITLE), NULL, UI_SIZE_SMALL, false, 1,
                     UI_ALIGN_CENTER, (struct render_rect){m, y - h, w, h / 2}, err);
    if (!rc && s->publisher[0])
        rc = ui_draw_text(ui, c, s->publisher, NULL, UI_SIZE_BODY, true, 1, UI_ALIGN_CENTER,
                          (struct render_rect){m, y, w, h / 2}, err);
    if (!rc && s->headline[0])
        rc = ui_draw_text(ui, c, s->headline, lang, UI_SIZE_TITLE, true, 4, UI_ALIGN_CENTER,
                          (struct render_rect){m, y + h / 2, w, 2 * h}, err);
    if (!rc && s->synced[0])
        rc = ui_draw_text(ui, c, s->synced, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_CENTER,
                          (struct render_rect){m, y + 3 * h, w, h / 2}, err);
    if (!rc)
        rc = ui_draw_text(ui, c, ui_msg(ui, MSG_SLEEP_WAKE), NULL, UI_SIZE_SMALL, false, 2,
                          UI_ALIGN_CENTER, (struct render_rect){m, y + 4 * h, w, h}, err);
    return rc;
}

static void sleep_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct sleep_screen *s = state;
    m->article = s->newest; /* the headline shown */
    ui_meta_add_text(m, "status", s->synced);
}

const struct ui_screen_class ui_screen_sleep = {
    .name = "sleep",
    .bindings = bindings,
    .takes_text = true,
    .open = sleep_open,
    .close = sleep_close,
    .on_action = sleep_action,
    .draw = sleep_draw,
    .meta = sleep_meta,
};
