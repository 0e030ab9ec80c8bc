/* ui_reader: the reader loop. State is one struct reader; input events map to actions through
 * a table; every change of the screen goes through show(), which renders, diffs against the
 * previous frame, asks the refresh policy and presents. */
#include "ui_reader.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "quire_util.h"
#include "render_refresh.h"
#include "store_sync.h"

struct reader {
    struct platform *p;
    render *r;
    struct layout_fonts *fonts;
    struct ui_article art;
    size_t page;
    struct canvas shown, next; /* what the panel shows; the frame being drawn */
    struct render_refresh_policy policy;
    struct render_refresh_state refresh;
    int band; /* status band height, px */
    char clock[16];
    bool has_library;  /* reading a library article: the status line shows the sync state */
    int64_t last_sync; /* newest successful sync of any source, read when the article opens */
    char sync[32];
};

enum action { ACT_NONE, ACT_NEXT, ACT_PREV, ACT_NIGHT, ACT_QUIT };

static const enum action key_actions[PLATFORM_KEY_COUNT] = {
    [PLATFORM_KEY_NEXT] = ACT_NEXT, [PLATFORM_KEY_DOWN] = ACT_NEXT,
    [PLATFORM_KEY_PREV] = ACT_PREV, [PLATFORM_KEY_UP] = ACT_PREV,
    [PLATFORM_KEY_BACK] = ACT_QUIT, [PLATFORM_KEY_NIGHT] = ACT_NIGHT,
};

static const enum action swipe_actions[] = {
    [PLATFORM_DIR_LEFT] = ACT_NEXT, /* content moves left: the next page comes in */
    [PLATFORM_DIR_RIGHT] = ACT_PREV,
    [PLATFORM_DIR_UP] = ACT_NEXT,
    [PLATFORM_DIR_DOWN] = ACT_PREV,
};

static enum action event_action(const struct reader *rd, const struct platform_event *ev)
{
    switch (ev->type) {
    case PLATFORM_EV_KEY:
        return ev->key < PLATFORM_KEY_COUNT ? key_actions[ev->key] : ACT_NONE;
    case PLATFORM_EV_SWIPE:
        return swipe_actions[ev->dir];
    case PLATFORM_EV_TAP:
        return key_actions[platform_tap_zone(ev->x, ev->y, rd->p->profile.w, rd->p->profile.h)];
    case PLATFORM_EV_QUIT:
        return ACT_QUIT;
    default:
        return ACT_NONE;
    }
}

void ui_sync_text(char *buf, size_t n, int64_t last_sync, int64_t now)
{
    int64_t age = now - last_sync;
    if (last_sync <= 0) {
        snprintf(buf, n, "never synced");
    } else if (age < 60) {
        snprintf(buf, n, "synced just now");
    } else if (age < 3600) {
        snprintf(buf, n, "synced %lldm ago", (long long)(age / 60));
    } else if (age < 86400) {
        snprintf(buf, n, "synced %lldh ago", (long long)(age / 3600));
    } else {
        time_t t = (time_t)last_sync;
        struct tm tm;
        gmtime_r(&t, &tm);
        char day[16];
        strftime(day, sizeof day, "%b", &tm);
        snprintf(buf, n, "synced %d %s", tm.tm_mday, day);
    }
}

static void newest_sync_cb(void *ctx, const struct store_source *src)
{
    int64_t *newest = ctx;
    if (src->last_sync > *newest)
        *newest = src->last_sync;
}

/* The status clock and sync age are those of the last page turn: they change only with the
 * page. */
static void stamp_clock(struct reader *rd)
{
    int64_t now = platform_wall_time(rd->p);
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(rd->clock, sizeof rd->clock, "%H:%M", &tm);
    if (rd->has_library)
        ui_sync_text(rd->sync, sizeof rd->sync, rd->last_sync, now);
}

static void frame_meta(struct reader *rd, char *anchor, size_t n)
{
    const struct layout_page *pg = layout_page_get(rd->art.layout, rd->page);
    snprintf(anchor, n, "%lld:%lld", pg ? (long long)pg->first_anchor.block : 0LL,
             pg ? (long long)pg->first_anchor.offset : 0LL);
    struct platform_frame_meta m = {"reader", rd->art.id, (int)rd->page + 1,
                                    (int)layout_page_count(rd->art.layout), anchor};
    platform_frame_meta_set(rd->p, &m);
}

static enum quire_status show(struct reader *rd, enum render_reason reason, struct quire_err *err)
{
    const struct layout_page *pg = layout_page_get(rd->art.layout, rd->page);
    int pages = (int)layout_page_count(rd->art.layout);
    struct render_status status = {(int)rd->page + 1, pages > 0 ? pages : 1,
                                   rd->art.title,     rd->has_library ? rd->sync : NULL,
                                   rd->clock,         ui_article_title_page(&rd->art)};
    enum quire_status rc = render_frame_into(rd->r, pg, &status, &rd->next, err);
    if (rc)
        return rc;
    struct render_damage damage;
    int status_y = rd->band > 0 ? rd->next.h - rd->band : 0;
    render_damage_find_split(&rd->shown, &rd->next, status_y, &damage);
    struct render_frame_info info = {rd->next.w,
                                     rd->next.h,
                                     reason,
                                     render_is_night(rd->r),
                                     render_page_image_permille(pg, rd->next.w, rd->next.h),
                                     status_y};
    struct render_update ups[QUIRE_REFRESH_MAX_UPDATES];
    int n = render_refresh_decide(&rd->policy, &rd->refresh, &info, &damage, ups,
                                  QUIRE_REFRESH_MAX_UPDATES);
    char anchor[48];
    frame_meta(rd, anchor, sizeof anchor);
    for (int i = 0; i < n && !rc; i++)
        rc = platform_present(rd->p, &rd->next, &ups[i], err);
    if (!rc) { /* the new frame is what the panel shows now: swap, don't copy */
        struct canvas t = rd->shown;
        rd->shown = rd->next;
        rd->next = t;
    }
    return rc;
}

static enum quire_status turn(struct reader *rd, int delta, struct quire_err *err)
{
    size_t pages = layout_page_count(rd->art.layout);
    if ((delta < 0 && rd->page == 0) || (delta > 0 && rd->page + 1 >= pages))
        return QUIRE_OK; /* at an end: nothing changes, nothing refreshes */
    rd->page = delta > 0 ? rd->page + 1 : rd->page - 1;
    stamp_clock(rd);
    enum quire_status rc = show(rd, RENDER_REASON_PAGE_TURN, err);
    if (!rc)
        rc = ui_article_save_position(&rd->art, rd->page, err);
    return rc;
}

static enum quire_status loop(struct reader *rd, struct quire_err *err)
{
    for (;;) {
        struct platform_event ev;
        enum quire_status rc = platform_wait_event(rd->p, -1, &ev, err);
        if (rc)
            return rc;
        switch (event_action(rd, &ev)) {
        case ACT_QUIT:
            return QUIRE_OK;
        case ACT_NEXT:
            rc = turn(rd, +1, err);
            break;
        case ACT_PREV:
            rc = turn(rd, -1, err);
            break;
        case ACT_NIGHT:
            render_set_night(rd->r, !render_is_night(rd->r));
            rc = show(rd, RENDER_REASON_ARTICLE_START, err); /* a flash clears the inversion */
            break;
        case ACT_NONE:
            break;
        }
        if (rc)
            return rc;
    }
}

static enum quire_status reader_open(struct reader *rd, struct platform *p, store *st,
                                     const struct ui_reader_options *opt, struct quire_err *err)
{
    const struct platform_profile *pr = &p->profile;
    struct ui_prefs prefs;
    ui_prefs_load(st, &prefs);
    struct render_settings rs;
    render_settings_default(&rs, pr->gray_levels, pr->dpi);
    rs.is_night = opt->is_night;
    rs.darkness = opt->darkness_set ? opt->darkness : prefs.darkness;
    struct layout_settings ls;
    ui_layout_settings(&ls, pr->w, pr->h, pr->dpi, render_status_band_px(&rs), opt->font_px);
    rd->p = p;
    rd->band = render_status_band_px(&rs);
    render_refresh_policy_default(&rd->policy);
    rd->policy.full_every = opt->full_every > 0 ? opt->full_every : prefs.full_every;
    rd->policy.full_every_night =
        opt->full_every_night > 0 ? opt->full_every_night : prefs.full_every_night;
    render_refresh_state_init(&rd->refresh);
    enum quire_status rc = render_create(&rs, &rd->r, err);
    if (!rc)
        rc = layout_fonts_create(NULL, &rd->fonts, err);
    if (!rc)
        rc = ui_article_open(rd->fonts, st, &opt->source, &ls, &rd->art, err);
    if (!rc)
        rc = ui_article_title_shape(&rd->art, rd->fonts, render_status_font_px(&rs), err);
    if (!rc && rd->art.store) { /* a library that cannot tell reads as "never synced" */
        rd->has_library = true;
        store_source_list(rd->art.store, newest_sync_cb, &rd->last_sync, NULL);
    }
    if (!rc)
        rc = render_canvas_init(&rd->shown, pr->w, pr->h, err);
    if (!rc)
        rc = render_canvas_init(&rd->next, pr->w, pr->h, err);
    if (!rc)
        render_set_fetch(rd->r, ui_article_fetch, &rd->art);
    return rc;
}

static void reader_close(struct reader *rd)
{
    render_canvas_fini(&rd->next);
    render_canvas_fini(&rd->shown);
    ui_article_close(&rd->art);
    layout_fonts_destroy(rd->fonts);
    render_destroy(rd->r);
}

enum quire_status ui_reader_run(struct platform *p, store *st, const struct ui_reader_options *opt,
                                struct quire_err *err)
{
    struct reader rd;
    memset(&rd, 0, sizeof rd);
    enum quire_status rc = reader_open(&rd, p, st, opt, err);
    if (!rc) {
        rd.page = ui_article_start_page(&rd.art);
        stamp_clock(&rd);
        /* The panel may show anything before us: the first frame is a full refresh. */
        memset(rd.shown.pixels, 0, (size_t)rd.shown.stride * rd.shown.h);
        rc = show(&rd, RENDER_REASON_ARTICLE_START, err);
    }
    if (!rc)
        rc = loop(&rd, err);
    reader_close(&rd);
    return rc;
}
