/* ui_sync: the sync worker thread and the words for its state. See ui_sync.h. */
#include "ui_sync.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "sync.h"

struct ui_sync {
    char *db_path;
    struct ui_sync_hooks hooks;
    pthread_mutex_t mu; /* guards st and the per-source counts below */
    struct ui_sync_status st;
    int source_done, source_total; /* of the source being synced, added into st at its end */
    atomic_int cancel;
    pthread_t thread;
    bool has_thread;
};

static void wake(ui_sync *s)
{
    if (s->hooks.wake)
        s->hooks.wake(s->hooks.ctx);
}

static bool is_online(void *ctx)
{
    ui_sync *s = ctx;
    return s->hooks.is_online ? s->hooks.is_online(s->hooks.ctx) : true;
}

/* Progress from sync_run, on the worker thread. Only events that change what the reader shows
 * wake the UI: byte counts would wake it many times a second for nothing. */
static void on_progress(void *ctx, const struct sync_progress *p)
{
    ui_sync *s = ctx;
    bool is_news =
        p->event == SYNC_EV_PLAN || p->event == SYNC_EV_IMPORTED || p->event == SYNC_EV_ERROR;
    pthread_mutex_lock(&s->mu);
    if (p->event == SYNC_EV_PLAN || p->event == SYNC_EV_IMPORTED) {
        s->st.done += p->bundles_done - s->source_done;
        s->st.total += p->bundles_total - s->source_total;
        s->source_done = p->bundles_done;
        s->source_total = p->bundles_total;
    }
    if (p->event == SYNC_EV_IMPORTED)
        s->st.articles_new += p->articles_new;
    if (p->event == SYNC_EV_DONE)
        s->source_done = s->source_total = 0;
    pthread_mutex_unlock(&s->mu);
    if (is_news)
        wake(s);
}

/* The platform may not know (a desktop, the headless backend): when every source failed without
 * reaching any server (no name resolved, nothing accepted a connection), the device is offline
 * as far as the reader can tell, and "Offline" says more than "Sync failed: no connection". */
static bool is_nothing_reached(const struct sync_report *rep)
{
    return rep->sources_ok == 0 && rep->sources_failed > 0 &&
           rep->sources_unreachable == rep->sources_failed;
}

static void *worker(void *arg)
{
    ui_sync *s = arg;
    struct sync_opts o = {.db_path = s->db_path,
                          .cancel = &s->cancel,
                          .is_online = is_online,
                          .online_ctx = s,
                          .progress = on_progress,
                          .progress_ctx = s};
    struct sync_report rep;
    struct quire_err err = {0};
    enum quire_status rc = sync_run(&o, &rep, &err);
    /* As `quire sync` does: the library keeps within its size and age caps. */
    if (rc != QUIRE_ECANCELED && rc != QUIRE_EBUSY) {
        int64_t expired = 0, pruned = 0;
        sync_retention_apply(s->db_path, &expired, &pruned, NULL);
    }
    pthread_mutex_lock(&s->mu);
    s->st.state = rc && rc != QUIRE_ECANCELED ? UI_SYNC_FAILED : UI_SYNC_IDLE;
    s->st.failure = rc;
    s->st.is_offline =
        (rc == QUIRE_ENET || rc == QUIRE_ETIMEDOUT) && (!is_online(s) || is_nothing_reached(&rep));
    s->st.runs++;
    pthread_mutex_unlock(&s->mu);
    wake(s);
    return NULL;
}

enum quire_status ui_sync_create(const char *db_path, const struct ui_sync_hooks *hooks,
                                 ui_sync **out, struct quire_err *err)
{
    *out = NULL;
    ui_sync *s = quire_calloc(1, sizeof *s);
    if (!s || !(s->db_path = quire_strdup(db_path))) {
        quire_free(s);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    s->hooks = *hooks;
    pthread_mutex_init(&s->mu, NULL);
    *out = s;
    return QUIRE_OK;
}

static void join(ui_sync *s)
{
    if (s->has_thread)
        pthread_join(s->thread, NULL);
    s->has_thread = false;
}

void ui_sync_destroy(ui_sync *s)
{
    if (!s)
        return;
    atomic_store(&s->cancel, 1);
    join(s);
    pthread_mutex_destroy(&s->mu);
    quire_free(s->db_path);
    quire_free(s);
}

bool ui_sync_start(ui_sync *s)
{
    pthread_mutex_lock(&s->mu);
    bool is_running = s->st.state == UI_SYNC_RUNNING;
    if (!is_running) {
        s->st.state = UI_SYNC_RUNNING;
        s->st.done = s->st.total = s->st.articles_new = 0;
        s->source_done = s->source_total = 0;
        s->st.failure = QUIRE_OK;
        s->st.is_offline = false;
    }
    pthread_mutex_unlock(&s->mu);
    if (is_running)
        return false;
    join(s); /* the last run's thread has ended: it set the state before returning */
    atomic_store(&s->cancel, 0);
    if (pthread_create(&s->thread, NULL, worker, s) != 0) {
        pthread_mutex_lock(&s->mu);
        s->st.state = UI_SYNC_FAILED;
        s->st.failure = QUIRE_ENOMEM;
        pthread_mutex_unlock(&s->mu);
        return false;
    }
    s->has_thread = true;
    return true;
}

void ui_sync_status_get(ui_sync *s, struct ui_sync_status *out)
{
    pthread_mutex_lock(&s->mu);
    *out = s->st;
    pthread_mutex_unlock(&s->mu);
}

enum ui_msg ui_sync_reason(enum quire_status failure)
{
    static const enum ui_msg reasons[QUIRE_STATUS_COUNT] = {
        [QUIRE_ENET] = MSG_SYNC_WHY_NET,
        [QUIRE_ETIMEDOUT] = MSG_SYNC_WHY_TIMEOUT,
        [QUIRE_EBUSY] = MSG_SYNC_WHY_BUSY,
        [QUIRE_ESIGNATURE] = MSG_SYNC_WHY_SIGNATURE,
        [QUIRE_EHASH] = MSG_SYNC_WHY_HASH,
        [QUIRE_EUNTRUSTED] = MSG_SYNC_WHY_UNTRUSTED,
        [QUIRE_ESTALE] = MSG_SYNC_WHY_STALE,
        [QUIRE_ENOSPC] = MSG_SYNC_WHY_DISK,
        [QUIRE_EFORMAT] = MSG_SYNC_WHY_FORMAT,
        [QUIRE_ETOOBIG] = MSG_SYNC_WHY_FORMAT,
        [QUIRE_EUTF8] = MSG_SYNC_WHY_FORMAT,
        [QUIRE_EUNSAFE] = MSG_SYNC_WHY_FORMAT,
        [QUIRE_ENOTFOUND] = MSG_SYNC_WHY_NOT_FOUND,
    };
    enum ui_msg m = (unsigned)failure < QUIRE_STATUS_COUNT ? reasons[failure] : UI_MSG_NONE;
    return m ? m : MSG_SYNC_WHY_OTHER;
}

void ui_sync_describe(enum ui_lang lang, const struct ui_sync_status *st, char *out, size_t n)
{
    out[0] = '\0';
    if (st->state == UI_SYNC_RUNNING && st->total == 0) /* the index is not in yet */
        ui_tr_format(lang, out, n, MSG_SYNC_STARTING);
    else if (st->state == UI_SYNC_RUNNING)
        ui_tr_format(lang, out, n, MSG_SYNC_PROGRESS, st->done, st->total);
    else if (st->state == UI_SYNC_FAILED && st->is_offline)
        ui_tr_format(lang, out, n, MSG_SYNC_OFFLINE);
    else if (st->state == UI_SYNC_FAILED)
        ui_tr_format(lang, out, n, MSG_SYNC_FAILED, ui_tr(lang, ui_sync_reason(st->failure)));
}
