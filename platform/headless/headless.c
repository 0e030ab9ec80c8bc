/* headless: a real backend without a screen. It keeps the panel's picture in memory
 * (quantised to the profile's gray levels, exactly what the panel would show), writes every
 * presented frame as out_dir/frame-NNNN.png, saves `shot NAME` steps as out_dir/NAME.png, and
 * plays input from a script (headless_script.h) on a virtual clock so runs are reproducible. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "headless_script.h"
#include "platform.h"
#include "quire_util.h"

struct headless {
    struct canvas screen;
    struct headless_script script;
    size_t next_step;
    char out_dir[512];
    int64_t clock_ms;     /* virtual: advanced by `wait` and `idle` steps */
    atomic_bool is_woken; /* platform_wake (any thread) or a `wake` step */
    pthread_mutex_t mu;   /* with cv: an `idle` step sleeps until a wake-up or its deadline */
    pthread_cond_t cv;
    int idle_left;        /* ms of the `idle` step under way still to pass; -1: none */
    int64_t suspended_ms; /* `suspend` steps: the wall clock moved on, the loop's clock did not */
};

/* Writes what the panel shows: the picture quantised to its gray levels. Quantising here,
 * not on every present, keeps a page turn cheap; fast updates were quantised to black and
 * white when presented, which this pass leaves alone. */
static enum quire_status save_to(struct headless *h, int levels, const char *path,
                                 struct quire_err *err)
{
    struct canvas c;
    enum quire_status st = render_canvas_init(&c, h->screen.w, h->screen.h, err);
    if (st)
        return st;
    render_canvas_copy(&c, &h->screen);
    render_canvas_quantize(&c, levels);
    st = render_png_write(&c, path, err);
    render_canvas_fini(&c);
    return st;
}

static enum quire_status save(struct platform *p, const char *name, struct quire_err *err)
{
    struct headless *h = p->impl;
    char path[640];
    snprintf(path, sizeof path, "%s/%s.png", h->out_dir[0] ? h->out_dir : ".", name);
    return save_to(h, p->profile.gray_levels, path, err);
}

static enum quire_status headless_present(struct platform *p, const struct canvas *frame,
                                          struct render_rect r, enum render_update_kind kind,
                                          struct quire_err *err)
{
    struct headless *h = p->impl;
    for (int y = r.y; y < r.y + r.h; y++)
        memcpy(h->screen.pixels + (size_t)y * h->screen.stride + r.x,
               frame->pixels + (size_t)y * frame->stride + r.x, (size_t)r.w);
    /* A fast (A2) update can only show black and white. */
    if (kind == RENDER_UPDATE_FAST) {
        struct canvas region = {r.w, r.h, h->screen.stride,
                                h->screen.pixels + (size_t)r.y * h->screen.stride + r.x};
        render_canvas_quantize(&region, 2);
    }
    if (!h->out_dir[0])
        return QUIRE_OK;
    char name[32];
    snprintf(name, sizeof name, "frame-%04lld", (long long)p->frame_no + 1);
    return save(p, name, err);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Sleeps up to ms of real time, less if platform_wake is called meanwhile. */
static void wait_for_wake(struct headless *h, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&h->mu);
    while (!atomic_load(&h->is_woken) &&
           pthread_cond_timedwait(&h->cv, &h->mu, &until) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&h->mu);
}

/* `idle MS`: real time passes as on a device and the virtual clock follows it; the wait ends
 * early at the loop's deadline (timeout_ms) or a wake-up, so the loop runs exactly when a real
 * backend's would. True once the step's MS have passed. */
static bool idle_step(struct headless *h, const struct headless_step *st, int timeout_ms)
{
    if (h->idle_left < 0)
        h->idle_left = st->ms;
    int slice = timeout_ms >= 0 && timeout_ms < h->idle_left ? timeout_ms : h->idle_left;
    int64_t start = platform_monotonic_ms();
    if (slice > 0)
        wait_for_wake(h, slice);
    int spent = (int)(platform_monotonic_ms() - start);
    h->clock_ms += spent;
    h->idle_left -= spent;
    if (h->idle_left > 0)
        return false;
    h->idle_left = -1;
    return true;
}

/* `await sync`: true once the app's work has ended. A wake-up meanwhile is delivered first
 * (the step stays), so the app takes the result in before the script goes on. */
static enum quire_status await_step(struct platform *p, struct headless *h,
                                    const struct headless_step *st, bool *is_done,
                                    struct quire_err *err)
{
    int64_t start = platform_monotonic_ms();
    *is_done = false;
    while (p->busy && p->busy(p->busy_ctx)) {
        if (atomic_load(&h->is_woken))
            return QUIRE_OK;
        if (platform_monotonic_ms() - start > HEADLESS_AWAIT_MAX_MS)
            return quire_err_set(err, QUIRE_ETIMEDOUT,
                                 "script line %d: await sync: still running after %d s", st->line,
                                 HEADLESS_AWAIT_MAX_MS / 1000);
        sleep_ms(2);
    }
    *is_done = true;
    return QUIRE_OK;
}

static enum quire_status headless_wait_event(struct platform *p, int timeout_ms,
                                             struct platform_event *ev, struct quire_err *err)
{
    struct headless *h = p->impl;
    while (h->next_step < h->script.count || atomic_load(&h->is_woken)) {
        if (atomic_exchange(&h->is_woken, false)) {
            ev->type = PLATFORM_EV_WAKE;
            return QUIRE_OK;
        }
        const struct headless_step *st = &h->script.steps[h->next_step];
        if (st->type == HEADLESS_STEP_AWAIT) {
            bool is_done;
            enum quire_status rc = await_step(p, h, st, &is_done, err);
            if (rc)
                return rc;
            h->next_step += is_done;
            continue;
        }
        if (st->type == HEADLESS_STEP_IDLE) {
            h->next_step += idle_step(h, st, timeout_ms);
            ev->type = PLATFORM_EV_NONE;
            return QUIRE_OK;
        }
        h->next_step++;
        if (st->type == HEADLESS_STEP_SLEEP) {
            sleep_ms(st->ms);
            ev->type = PLATFORM_EV_NONE; /* the loop runs: real time passed */
            return QUIRE_OK;
        }
        if (st->type == HEADLESS_STEP_EVENT) {
            *ev = st->ev;
            if (st->is_relative) { /* a swipe: thousandths of the screen */
                ev->x = (int)((int64_t)st->ev.x * (p->profile.w - 1) / 1000);
                ev->y = (int)((int64_t)st->ev.y * (p->profile.h - 1) / 1000);
            }
            return QUIRE_OK;
        }
        if (st->type == HEADLESS_STEP_WAKE) {
            atomic_store(&h->is_woken, true);
            continue;
        }
        if (st->type == HEADLESS_STEP_WAIT || st->type == HEADLESS_STEP_SUSPEND) {
            *(st->type == HEADLESS_STEP_WAIT ? &h->clock_ms : &h->suspended_ms) += st->ms;
            ev->type = PLATFORM_EV_NONE;
            return QUIRE_OK;
        }
        enum quire_status rc = save(p, st->name, err);
        if (rc)
            return rc;
    }
    ev->type = PLATFORM_EV_QUIT;
    return QUIRE_OK;
}

static int64_t headless_clock_ms(struct platform *p)
{
    return ((struct headless *)p->impl)->clock_ms;
}

/* A fixed start (2026-01-01 09:00 UTC) plus the virtual clock (and the time spent suspended):
 * shots are reproducible. */
static int64_t headless_wall_time(struct platform *p)
{
    struct headless *h = p->impl;
    return 1767258000 + (h->clock_ms + h->suspended_ms) / 1000;
}

static void headless_wake(struct platform *p)
{
    struct headless *h = p->impl;
    atomic_store(&h->is_woken, true);
    pthread_mutex_lock(&h->mu); /* an `idle` step checks the flag under the lock */
    pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

static int headless_battery(struct platform *p)
{
    return 100;
}

static enum quire_status headless_screenshot(struct platform *p, const char *path,
                                             struct quire_err *err)
{
    return save_to(p->impl, p->profile.gray_levels, path, err);
}

static void headless_close(struct platform *p)
{
    struct headless *h = p->impl;
    if (!h)
        return;
    render_canvas_fini(&h->screen);
    headless_script_fini(&h->script);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    quire_free(h);
    p->impl = NULL;
}

static enum quire_status load_script(struct headless *h, const char *path, struct quire_err *err)
{
    char *text = NULL;
    size_t len = 0;
    enum quire_status st = quire_file_read(path, HEADLESS_SCRIPT_MAX_BYTES, &text, &len, err);
    if (st)
        return st;
    st = headless_script_parse(path, text, len, &h->script, err);
    quire_free(text);
    return st;
}

static enum quire_status headless_open(struct platform *p, const struct platform_options *opt,
                                       struct quire_err *err)
{
    struct headless *h = quire_calloc(1, sizeof *h);
    if (!h)
        return quire_err_set(err, QUIRE_ENOMEM, "headless: out of memory");
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&h->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&h->mu, NULL);
    h->idle_left = -1;
    enum quire_status st = render_canvas_init(&h->screen, opt->profile->w, opt->profile->h, err);
    if (!st && opt->out_dir) {
        if (strlen(opt->out_dir) >= sizeof h->out_dir)
            st = quire_err_set(err, QUIRE_EINVAL, "%s: path too long", opt->out_dir);
        else if (!(st = quire_mkdir_p(opt->out_dir, err)))
            strcpy(h->out_dir, opt->out_dir);
    }
    if (!st && opt->script_path)
        st = load_script(h, opt->script_path, err);
    p->impl = h;
    if (st) {
        headless_close(p);
        return st;
    }
    p->present = headless_present;
    p->wait_event = headless_wait_event;
    p->clock_ms = headless_clock_ms;
    p->wall_time = headless_wall_time;
    p->battery_percent = headless_battery;
    p->screenshot = headless_screenshot;
    p->wake = headless_wake;
    p->close = headless_close;
    return QUIRE_OK;
}

const struct platform_bootstrap platform_headless_bootstrap = {
    .name = "headless",
    .summary = "no screen: frames to PNG, input from a script",
    .open = headless_open,
};
