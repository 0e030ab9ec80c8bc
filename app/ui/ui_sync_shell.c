/* ui_sync_shell: the shell's side of syncing while reading. It owns the worker (ui_sync.c),
 * keeps the schedule (sync.every_minutes after the last sync's end; at start when the last
 * sync is older than that), takes in the worker's news on each wake-up, and answers the
 * screens: "Sync now", the status line's words, the time of the last sync. The schedule is
 * the only deadline it adds to the loop, so an idle reader sleeps until the next sync. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "store_sync.h"
#include "ui_shell.h"
#include "ui_widgets.h"

struct sources {
    int n;
    int64_t newest;
};

static void source_cb(void *ctx, const struct store_source *src)
{
    struct sources *s = ctx;
    s->n++;
    if (src->last_sync > s->newest)
        s->newest = src->last_sync;
}

/* Re-reads the sources: how many, and the newest successful sync. */
static void read_sources(struct ui *ui)
{
    struct sources s = {0, 0};
    store_source_list(ui->st, source_cb, &s, NULL);
    ui->sync.n_sources = s.n;
    ui->sync.last_sync = s.newest;
}

static int64_t every_ms(const struct ui *ui)
{
    return (int64_t)ui->prefs.sync_every_minutes * 60000;
}

/* The schedule counts from now_ms, on the loop's clock and on the wall clock. */
static void set_base(struct ui *ui, int64_t now_ms)
{
    ui->sync.base_ms = now_ms;
    ui->sync.base_wall = ui_wall_time(ui) - (ui_now_ms(ui) - now_ms) / 1000;
}

static void on_worker_news(void *ctx)
{
    platform_wake(ctx);
}

static bool on_is_online(void *ctx)
{
    return platform_is_online(ctx);
}

/* The busy probe of `await sync`: a run still going, or one the shell has not taken in. */
static bool is_busy(void *ctx)
{
    struct ui *ui = ctx;
    struct ui_sync_status st;
    ui_sync_status_get(ui->sync.worker, &st);
    return st.state == UI_SYNC_RUNNING || st.runs != ui->sync.runs_seen;
}

enum quire_status ui_sync_shell_open(struct ui *ui, struct quire_err *err)
{
    ui->sync.is_scheduled = false;
    if (!ui->st)
        return QUIRE_OK;
    struct ui_sync_hooks hooks = {on_worker_news, on_is_online, ui->p};
    enum quire_status rc = ui_sync_create(store_path(ui->st), &hooks, &ui->sync.worker, err);
    if (rc)
        return rc;
    platform_busy_probe_set(ui->p, is_busy, ui);
    read_sources(ui);
    if (ui->sync.n_sources == 0)
        return QUIRE_OK; /* nothing to sync: no schedule until "Sync now" finds a source */
    int64_t now = ui_now_ms(ui), age_s = ui_wall_time(ui) - ui->sync.last_sync;
    ui->sync.is_scheduled = true;
    if (ui->sync.last_sync <= 0)
        set_base(ui, now - every_ms(ui)); /* never synced: due at once */
    else
        set_base(ui, now - (age_s > 0 ? age_s : 0) * 1000);
    return QUIRE_OK;
}

void ui_sync_shell_close(struct ui *ui)
{
    if (ui->sync.worker)
        platform_busy_probe_set(ui->p, NULL, NULL);
    ui_sync_destroy(ui->sync.worker); /* cancels a transfer in flight, waits for the thread */
    ui->sync.worker = NULL;
}

static bool is_running(struct ui *ui)
{
    struct ui_sync_status st;
    ui_sync_status_get(ui->sync.worker, &st);
    return st.state == UI_SYNC_RUNNING;
}

int64_t ui_sync_shell_deadline(struct ui *ui)
{
    if (!ui->sync.worker || !ui->sync.is_scheduled || every_ms(ui) <= 0 || is_running(ui))
        return -1;
    return ui->sync.base_ms + every_ms(ui);
}

void ui_sync_shell_tick(struct ui *ui, int64_t now)
{
    int64_t due = ui_sync_shell_deadline(ui);
    /* The loop's clock (monotonic) stops while the device is suspended and the wall clock does
     * not: a sync that fell due during a suspend starts at the first wake-up after it. */
    bool is_due_by_wall = ui_wall_time(ui) >= ui->sync.base_wall + every_ms(ui) / 1000;
    if (due < 0 || (now < due && !is_due_by_wall))
        return;
    /* Counted from the start until the end is taken in: a run that ended a moment before
     * its wake-up arrives is not due again. */
    set_base(ui, now);
    ui_sync_start(ui->sync.worker);
}

void ui_sync_shell_wake(struct ui *ui)
{
    struct ui_sync_status st;
    if (!ui->sync.worker)
        return;
    ui_sync_status_get(ui->sync.worker, &st);
    if (st.runs == ui->sync.runs_seen)
        return; /* progress of a running sync: the screens re-read what they show */
    ui->sync.runs_seen = st.runs;
    read_sources(ui);
    ui->sync.is_scheduled = ui->sync.n_sources > 0;
    set_base(ui, ui_now_ms(ui)); /* the next one counts from the end of this one */
}

const char *ui_sync_shell_state_name(struct ui *ui)
{
    static const char *const names[] = {
        [UI_SYNC_IDLE] = "idle", [UI_SYNC_RUNNING] = "running", [UI_SYNC_FAILED] = "failed"};
    struct ui_sync_status st = {0};
    if (ui->sync.worker)
        ui_sync_status_get(ui->sync.worker, &st);
    return names[st.state];
}

/* ---- for screens ---- */

void ui_sync_now(struct ui *ui)
{
    if (ui->sync.worker)
        ui_sync_start(ui->sync.worker);
}

bool ui_has_sync(const struct ui *ui)
{
    return ui->sync.worker != NULL;
}

int64_t ui_last_sync(const struct ui *ui)
{
    return ui->sync.last_sync;
}

void ui_sync_status_of(struct ui *ui, struct ui_sync_status *out)
{
    memset(out, 0, sizeof *out);
    if (ui->sync.worker)
        ui_sync_status_get(ui->sync.worker, out);
}

void ui_sync_line(struct ui *ui, char *out, size_t n)
{
    struct ui_sync_status st = {0};
    out[0] = '\0';
    if (!ui->sync.worker)
        return;
    ui_sync_status_get(ui->sync.worker, &st);
    ui_sync_describe(ui_lang(ui), &st, out, n);
    if (out[0])
        return;
    if (ui->sync.last_sync <= 0)
        snprintf(out, n, "%s", ui_msg(ui, MSG_SYNC_NEVER));
    else
        ui_ago_text(ui, ui->sync.last_sync, MSG_SYNC_AGO, MSG_SYNC_JUST_NOW, out, n);
}
