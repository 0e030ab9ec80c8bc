/* ui_shell: the loop every screen shares. It owns the stack of screens, timers and wake-ups;
 * turns raw input into actions (gestures in ui_gesture.c, bindings and zones in ui_input.c);
 * hands each action to the top screen; then draws the stack bottom to top into one frame,
 * finds what differs from what the panel shows, asks the pure refresh policy how to show it
 * and presents exactly that (ui_shell_frame.c). It is the only caller of render_refresh_decide
 * and of platform_present. Sections: actions and the stack, timers, input, the loop. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "render_refresh.h"
#include "store_library.h"
#include "ui.h"
#include "ui_input.h"
#include "ui_screens.h"
#include "ui_shell.h"
#include "ui_rotate.h"

/* ---- actions and the stack ---- */

static void timers_drop(struct ui *ui, const void *owner)
{
    for (int i = 0; i < QUIRE_UI_TIMERS; i++)
        if (ui->timers[i].owner == owner)
            ui->timers[i].owner = NULL;
}

static void frame_close(struct ui *ui, struct ui_frame *f)
{
    timers_drop(ui, f->state);
    f->cls->close(ui, f->state);
    memset(f, 0, sizeof *f);
}

static enum ui_shell_change stronger(enum ui_shell_change a, enum ui_shell_change b)
{
    return a > b ? a : b;
}

static enum quire_status deliver(struct ui *ui, int i, const struct ui_action_ev *a,
                                 enum ui_shell_change *change, struct quire_err *err);

/* Carries out what the handler asked for: pops (each may hand an action to the screen
 * below), then a push. */
static enum quire_status apply_requests(struct ui *ui, enum ui_shell_change *change,
                                        struct quire_err *err)
{
    enum quire_status rc = QUIRE_OK;
    while (ui->pops > 0 && ui->depth > 1 && !rc) {
        ui->pops--;
        bool was_modal = ui->stack[ui->depth - 1].cls->is_modal;
        frame_close(ui, &ui->stack[--ui->depth]);
        *change = stronger(*change, was_modal ? UI_SHELL_MODAL_CLOSED : UI_SHELL_SCREEN);
        if (!was_modal)
            ui->is_base_valid = false;
        struct ui_action_ev resume = {.act = UI_ACT_RESUME};
        rc = deliver(ui, ui->depth - 1, &resume, change, err);
        if (!rc && ui->has_pop_action) {
            ui->has_pop_action = false;
            struct ui_action_ev pa = ui->pop_action;
            rc = deliver(ui, ui->depth - 1, &pa, change, err);
        }
    }
    if (ui->pops > 0 && ui->depth <= 1) /* the last screen closed: the reader ends */
        ui->is_quitting = true;
    ui->pops = 0;
    if (ui->pending.cls && !rc) {
        /* A modal opened over the screen on show, which changed nothing itself: what is on
         * show is that screen's picture, so it becomes the base without drawing it again. */
        if (ui->pending.cls->is_modal && *change == UI_SHELL_NONE &&
            ui_shell_base_index(ui) == ui->depth - 1) {
            render_canvas_copy(&ui->base, &ui->shown);
            ui->is_base_valid = true;
            ui->base_depth = ui->depth - 1;
        }
        ui->stack[ui->depth++] = ui->pending;
        *change =
            stronger(*change, ui->pending.cls->is_modal ? UI_SHELL_MODAL_OPENED : UI_SHELL_SCREEN);
        memset(&ui->pending, 0, sizeof ui->pending);
        struct ui_action_ev opened = {.act = UI_ACT_OPENED};
        rc = deliver(ui, ui->depth - 1, &opened, change, err);
    }
    return rc;
}

static enum ui_shell_change shell_change(enum ui_change c)
{
    static const enum ui_shell_change map[] = {
        [UI_CHANGE_NONE] = UI_SHELL_NONE,
        [UI_CHANGE_SMALL] = UI_SHELL_SMALL,
        [UI_CHANGE_PAGE] = UI_SHELL_PAGE,
        [UI_CHANGE_SCREEN] = UI_SHELL_SCREEN,
    };
    return map[c];
}

/* Hands a to screen i; any change below the top invalidates the kept base picture. */
static enum quire_status deliver(struct ui *ui, int i, const struct ui_action_ev *a,
                                 enum ui_shell_change *change, struct quire_err *err)
{
    struct ui_frame *f = &ui->stack[i];
    enum ui_change c = UI_CHANGE_NONE;
    int saved = ui->active;
    ui->active = i;
    enum quire_status rc = f->cls->on_action(ui, f->state, a, &c, err);
    ui->active = saved;
    if (c != UI_CHANGE_NONE && (i != ui->depth - 1 || !f->cls->is_modal))
        ui->is_base_valid = false;
    *change = stronger(*change, shell_change(c));
    return rc;
}

static enum quire_status act(struct ui *ui, const struct ui_action_ev *a, struct quire_err *err)
{
    enum ui_shell_change change = UI_SHELL_NONE;
    enum quire_status rc = QUIRE_OK;
    if (!ui_kiosk_allows_action(ui, a->act))
        return QUIRE_OK;         /* a passer-by changes nothing on a kiosk */
    if (a->act == UI_ACT_WAKE) { /* news for every screen: the library counts, the status */
        for (int i = 0; i < ui->depth && !rc; i++)
            rc = deliver(ui, i, a, &change, err);
    } else {
        rc = deliver(ui, ui->depth - 1, a, &change, err);
    }
    if (!rc)
        rc = apply_requests(ui, &change, err);
    if (!rc && change != UI_SHELL_NONE && !ui->is_quitting)
        rc = ui_shell_show(ui, change, err);
    return rc;
}

/* A push while warming: the screen is opened, drawn into the next frame's canvas (which the
 * next compose overwrites whole) and closed again. */
static enum quire_status push_off_screen(struct ui *ui, const struct ui_screen_class *cls,
                                         const void *arg, struct quire_err *err)
{
    void *state = NULL;
    enum quire_status rc = cls->open(ui, arg, &state, err);
    if (rc)
        return rc;
    struct render_rect bounds = {0, 0, ui->next.w, ui->next.h};
    rc = cls->draw(ui, state, &ui->next, &bounds, err);
    cls->close(ui, state);
    return rc;
}

/* The slot of ui->warmed the top screen's menu would be warmed into, or -1 when it needs no
 * warming (not a menu screen, a kiosk, warmed at these settings already). */
static int warm_slot(const struct ui *ui)
{
    if (ui->depth < 1 || ui->is_kiosk || ui->pending.cls)
        return -1;
    const struct ui_frame *top = &ui->stack[ui->depth - 1];
    if (!top->cls->warms_menu)
        return -1;
    int free_slot = -1;
    for (int i = 0; i < (int)(sizeof ui->warmed / sizeof ui->warmed[0]); i++) {
        if (ui->warmed[i].cls == top->cls)
            return ui->warmed[i].generation == ui->prefs_generation ? -1 : i;
        if (!ui->warmed[i].cls && free_slot < 0)
            free_slot = i;
    }
    return free_slot;
}

/* Once per screen class and settings generation, when no input is waiting, the top screen's
 * menu is built and drawn off screen (see warms_menu). A failure only means the real menu
 * pays the cost itself. Never inlined: bench/ui.sh counts its instructions by name. */
__attribute__((noinline)) static void warm_menu(struct ui *ui, int slot)
{
    struct ui_frame *top = &ui->stack[ui->depth - 1];
    ui->warmed[slot].cls = top->cls;
    ui->warmed[slot].generation = ui->prefs_generation;
    struct ui_action_ev a = {.act = UI_ACT_MENU};
    enum ui_change ignored = UI_CHANGE_NONE;
    struct quire_err err = {0};
    ui->is_warming = true;
    ui->active = ui->depth - 1;
    top->cls->on_action(ui, top->state, &a, &ignored, &err);
    ui->is_warming = false;
}

enum quire_status ui_push(struct ui *ui, const struct ui_screen_class *cls, const void *arg,
                          struct quire_err *err)
{
    if (ui->is_warming)
        return push_off_screen(ui, cls, arg, err);
    if (ui->depth + (ui->pending.cls ? 1 : 0) >= QUIRE_UI_STACK || !ui_kiosk_allows_push(ui, cls))
        return QUIRE_OK; /* deep enough, or not on a kiosk: the request is dropped */
    if (ui->pending.cls)
        frame_close(ui, &ui->pending);
    void *state = NULL;
    enum quire_status rc = cls->open(ui, arg, &state, err);
    if (!rc)
        ui->pending = (struct ui_frame){cls, state};
    return rc;
}

void ui_pop(struct ui *ui)
{
    ui->pops++;
}

void ui_pop_with(struct ui *ui, const struct ui_action_ev *action)
{
    ui->pops++;
    ui->pop_action = *action;
    ui->has_pop_action = true;
}

void ui_quit(struct ui *ui)
{
    if (ui->is_kiosk)
        ui->pops = ui->depth - 1; /* back to the rotation, never out */
    else
        ui->is_quitting = true;
}

void ui_pop_above(struct ui *ui)
{
    ui->pops = ui->depth - 1 - ui->active;
}

const struct ui_screen_class *ui_below(struct ui *ui)
{
    int i = ui->active - 1;
    return i >= 0 ? ui->stack[i].cls : NULL;
}

/* ---- timers ---- */

enum quire_status ui_shell_open_over(struct ui *ui, const struct ui_screen_class *cls,
                                     const void *arg, struct quire_err *err)
{
    enum ui_shell_change change = UI_SHELL_NONE;
    ui->active = ui->depth - 1;
    enum quire_status rc = ui_push(ui, cls, arg, err);
    if (!rc)
        rc = apply_requests(ui, &change, err);
    return rc || change == UI_SHELL_NONE ? rc : ui_shell_show(ui, change, err);
}

void ui_timer_set(struct ui *ui, int id, int64_t at_ms)
{
    void *owner = ui->stack[ui->active].state;
    struct ui_timer *free_slot = NULL;
    for (int i = 0; i < QUIRE_UI_TIMERS; i++) {
        struct ui_timer *t = &ui->timers[i];
        if (t->owner == owner && t->id == id) {
            t->at = at_ms;
            return;
        }
        if (!t->owner && !free_slot)
            free_slot = t;
    }
    if (free_slot)
        *free_slot = (struct ui_timer){owner, id, at_ms};
}

void ui_timer_cancel(struct ui *ui, int id)
{
    void *owner = ui->stack[ui->active].state;
    for (int i = 0; i < QUIRE_UI_TIMERS; i++)
        if (ui->timers[i].owner == owner && ui->timers[i].id == id)
            ui->timers[i].owner = NULL;
}

static int64_t earlier(int64_t a, int64_t b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* The earliest deadline: a timer, a contact that may become a hold, the next scheduled sync
 * (-1: none). */
static int64_t next_deadline(struct ui *ui)
{
    int64_t at = earlier(ui_gesture_deadline(&ui->gesture), ui_sync_shell_deadline(ui));
    at = earlier(at, earlier(ui_kiosk_deadline(ui), ui_idle_deadline(ui)));
    for (int i = 0; i < QUIRE_UI_TIMERS; i++)
        if (ui->timers[i].owner)
            at = earlier(at, ui->timers[i].at);
    return at;
}

static enum quire_status fire_timers(struct ui *ui, int64_t now, struct quire_err *err)
{
    for (int i = 0; i < QUIRE_UI_TIMERS; i++) {
        struct ui_timer *t = &ui->timers[i];
        if (!t->owner || t->at > now)
            continue;
        void *owner = t->owner;
        int id = t->id;
        t->owner = NULL;
        for (int k = ui->depth - 1; k >= 0; k--)
            if (ui->stack[k].state == owner) {
                struct ui_action_ev a = {.act = UI_ACT_TIMER, .arg = id};
                enum ui_shell_change change = UI_SHELL_NONE;
                enum quire_status rc = deliver(ui, k, &a, &change, err);
                if (!rc)
                    rc = apply_requests(ui, &change, err);
                if (!rc && change != UI_SHELL_NONE && !ui->is_quitting)
                    rc = ui_shell_show(ui, change, err);
                if (rc)
                    return rc;
                break;
            }
    }
    return QUIRE_OK;
}

/* ---- input ---- */

static enum quire_status gesture(struct ui *ui, const struct ui_gesture *g, struct quire_err *err)
{
    const struct ui_screen_class *cls = ui->stack[ui->depth - 1].cls;
    struct ui_action_ev a = {.act = UI_ACT_NONE, .x = g->x, .y = g->y};
    enum ui_action bound;
    if (g->type == UI_GESTURE_SWIPE) {
        enum ui_swipe s = ui_input_swipe(g->dir, ui->is_content_rtl);
        if (ui_input_lookup(cls->bindings, UI_TRIG_SWIPE, (int)s, NULL, &bound))
            a.act = bound;
    } else if (g->type == UI_GESTURE_HOLD) {
        a.act = UI_ACT_HOLD;
    } else if (cls->has_zones) {
        enum ui_zone z = ui_input_zone(g->x, g->y, ui->next.w, ui->next.h, ui->is_content_rtl,
                                       ui->prefs.left_handed);
        if (ui_input_lookup(cls->bindings, UI_TRIG_ZONE, (int)z, NULL, &bound))
            a.act = bound;
    } else {
        a.act = UI_ACT_TAP;
    }
    return a.act == UI_ACT_NONE ? QUIRE_OK : act(ui, &a, err);
}

static enum quire_status pointer(struct ui *ui, const struct platform_event *ev,
                                 struct quire_err *err)
{
    static const enum ui_contact contacts[] = {
        [PLATFORM_EV_POINTER_DOWN] = UI_CONTACT_DOWN,
        [PLATFORM_EV_POINTER_MOVE] = UI_CONTACT_MOVE,
        [PLATFORM_EV_POINTER_UP] = UI_CONTACT_UP,
    };
    struct ui_gesture g;
    int x, y;
    ui_rotate_point_back(ui->rotation, ui->next.w, ui->next.h, ev->x, ev->y, &x, &y);
    if (!ui_gesture_feed(&ui->gesture, contacts[ev->type], x, y, ui_now_ms(ui), &g))
        return QUIRE_OK;
    return gesture(ui, &g, err);
}

static enum quire_status key_or_text(struct ui *ui, const struct platform_event *ev,
                                     struct quire_err *err)
{
    const struct ui_screen_class *cls = ui->stack[ui->depth - 1].cls;
    struct ui_action_ev a = {.act = UI_ACT_NONE, .text = ev->text};
    enum ui_action bound;
    if (ev->type == PLATFORM_EV_KEY) {
        if (ui_input_lookup(cls->bindings, UI_TRIG_KEY, (int)ev->key, NULL, &bound))
            a.act = bound;
    } else if (cls->takes_text) {
        a.act = UI_ACT_TEXT;
    } else if (ui_input_lookup(cls->bindings, UI_TRIG_TEXT, 0, ev->text, &bound)) {
        a.act = bound;
    }
    return a.act == UI_ACT_NONE ? QUIRE_OK : act(ui, &a, err);
}

static enum quire_status event(struct ui *ui, const struct platform_event *ev,
                               struct quire_err *err)
{
    if (ev->type == PLATFORM_EV_KEY || ev->type == PLATFORM_EV_TEXT ||
        (ev->type >= PLATFORM_EV_POINTER_DOWN && ev->type <= PLATFORM_EV_POINTER_UP))
        ui->last_input_ms = ui_now_ms(ui);
    ui_kiosk_key(ui, ev);
    switch (ev->type) {
    case PLATFORM_EV_QUIT:
        ui->is_quitting = true;
        return QUIRE_OK;
    case PLATFORM_EV_KEY:
    case PLATFORM_EV_TEXT:
        return key_or_text(ui, ev, err);
    case PLATFORM_EV_POINTER_DOWN:
    case PLATFORM_EV_POINTER_MOVE:
    case PLATFORM_EV_POINTER_UP:
        return pointer(ui, ev, err);
    case PLATFORM_EV_WAKE: {
        ui->traced_articles = -1; /* a sync may have brought articles */
        ui_sync_shell_wake(ui);
        struct ui_action_ev a = {.act = UI_ACT_WAKE};
        return act(ui, &a, err);
    }
    case PLATFORM_EV_SYNC:
        ui_sync_now(ui);
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

/* ---- the loop ---- */

enum quire_status ui_shell_loop(struct ui *ui, struct quire_err *err)
{
    enum quire_status rc = QUIRE_OK;
    while (!rc && !ui->is_quitting) {
        int64_t at = next_deadline(ui), now = ui_now_ms(ui);
        int timeout = at < 0 ? -1 : at <= now ? 0 : (int)(at - now);
        struct platform_event ev;
        int slot = warm_slot(ui);
        /* A menu to warm: only when no input is waiting (a poll finds none), so warming never
         * delays a key; the loop then goes round once more before it waits. */
        rc = platform_wait_event(ui->p, slot < 0 ? timeout : 0, &ev, err);
        if (!rc && slot >= 0 && ev.type == PLATFORM_EV_NONE)
            warm_menu(ui, slot);
        ui->woke_at = quire_mono_s();
        if (!rc)
            rc = event(ui, &ev, err);
        now = ui_now_ms(ui);
        struct ui_gesture g;
        if (!rc && !ui->is_quitting && ui_gesture_tick(&ui->gesture, now, &g))
            rc = gesture(ui, &g, err);
        if (!rc && !ui->is_quitting)
            rc = fire_timers(ui, now, err);
        if (!rc && !ui->is_quitting)
            ui_sync_shell_tick(ui, ui_now_ms(ui));
        if (!rc && !ui->is_quitting)
            rc = ui_idle_tick(ui, ui_now_ms(ui), err);
        ui_kiosk_tick(ui, ui_now_ms(ui));
    }
    return rc;
}

enum quire_status ui_shell_start(struct ui *ui, const struct ui_screen_class *const *screens,
                                 const void *const *args, int n, struct quire_err *err)
{
    enum quire_status rc = QUIRE_OK;
    enum ui_shell_change change = UI_SHELL_NONE;
    ui->last_input_ms = ui_now_ms(ui);
    ui->traced_articles = -1;
    ui->woke_at = quire_mono_s();
    for (int i = 0; i < n && !rc; i++) {
        ui->active = ui->depth > 0 ? ui->depth - 1 : 0;
        rc = ui_push(ui, screens[i], args[i], err);
        if (!rc)
            rc = apply_requests(ui, &change, err);
    }
    if (rc)
        return rc;
    /* The panel may show anything before us: the first frame is a full refresh. */
    memset(ui->shown.pixels, 0, (size_t)ui->shown.stride * ui->shown.h);
    rc = ui_shell_show(ui, UI_SHELL_SCREEN, err);
    if (!rc)
        ui_idle_start(ui);
    return rc;
}

enum quire_status ui_shell_rotate(struct ui *ui, struct quire_err *err)
{
    const struct platform_profile *pr = &ui->p->profile;
    int deg = ui->prefs.rotation, w, h;
    ui_rotate_size(deg, pr->w, pr->h, &w, &h);
    if (deg == ui->rotation && ui->next.pixels && ui->next.w == w)
        return QUIRE_OK;
    render_canvas_fini(&ui->shown);
    render_canvas_fini(&ui->next);
    render_canvas_fini(&ui->base);
    render_canvas_fini(&ui->panel);
    enum quire_status rc = render_canvas_init(&ui->shown, w, h, err);
    if (!rc)
        rc = render_canvas_init(&ui->next, w, h, err);
    if (!rc)
        rc = render_canvas_init(&ui->base, w, h, err);
    if (!rc && deg)
        rc = render_canvas_init(&ui->panel, pr->w, pr->h, err);
    ui->rotation = deg;
    ui->is_base_valid = false;
    ui->is_full_due = true;
    ui->prefs_generation++; /* every screen lays out again for the new size */
    return rc;
}

void ui_shell_close_all(struct ui *ui)
{
    if (ui->pending.cls)
        frame_close(ui, &ui->pending);
    while (ui->depth > 0)
        frame_close(ui, &ui->stack[--ui->depth]);
}
