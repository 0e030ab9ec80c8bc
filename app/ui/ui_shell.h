/* ui_shell: the shell's state, for the files of app/ui only (screens use ui_screen.h). */
#ifndef QUIRE_UI_SHELL_H
#define QUIRE_UI_SHELL_H

#include "config.h"
#include "render_refresh.h"
#include "ui_screen.h"
#include "ui_sync.h"
#include "ui_text.h"

/* The shell's own change scale: ui_change plus a modal that closed (a regional flash). */
enum ui_shell_change {
    UI_SHELL_NONE,
    UI_SHELL_SMALL,
    UI_SHELL_MODAL_OPENED,
    UI_SHELL_PAGE,
    UI_SHELL_MODAL_CLOSED,
    UI_SHELL_SCREEN,
};

struct ui_frame {
    const struct ui_screen_class *cls;
    void *state;
};

struct ui_timer {
    void *owner; /* the screen state that set it; NULL = free */
    int id;
    int64_t at;
};

/* Syncing while reading (ui_sync_shell.c). */
struct ui_sync_shell {
    ui_sync *worker;    /* NULL without a library */
    bool is_scheduled;  /* false: no source yet, only "Sync now" */
    int64_t base_ms;    /* the schedule counts from here (the last sync's end) */
    int64_t base_wall;  /* the same moment in unix s: it goes on while the device is suspended */
    unsigned runs_seen; /* finished runs taken in (the worker's status.runs) */
    int n_sources;
    int64_t last_sync; /* unix s of the newest successful sync of a source, 0: never */
};

struct ui {
    struct platform *p;
    store *st;
    render *r;
    struct layout_fonts *fonts;
    struct layout_cache *cache;
    ui_texts *texts;
    struct ui_frame stack[QUIRE_UI_STACK];
    int depth, active;       /* active: the screen whose handler runs (timers belong to it) */
    struct ui_frame pending; /* pushed by the running handler */
    int pops;
    /* Menus drawn once off screen while idle, so the first real one costs what later ones
     * do: which screen classes were warmed, at which settings generation. */
    struct {
        const struct ui_screen_class *cls;
        unsigned generation;
    } warmed[4];
    bool is_warming; /* ui_push draws the screen off screen and drops it */
    struct ui_action_ev pop_action;
    bool has_pop_action, is_quitting;
    struct ui_timer timers[QUIRE_UI_TIMERS];
    struct ui_gesture_state gesture;
    struct canvas shown, next, base; /* the panel's picture; the frame drawn; under a modal */
    struct canvas panel;     /* rotated: the picture in the panel's own orientation (else unused) */
    int rotation;            /* degrees the canvases above are turned by on the panel */
    int64_t traced_articles; /* the library's count for the trace, -1: count again */
    bool is_full_due;        /* the next frame is a full refresh (the picture was turned) */
    bool is_base_valid;
    int base_depth;
    struct render_refresh_policy policy;
    struct render_refresh_state refresh;
    int image_permille; /* images on the page shown next (the full-refresh rule) */
    struct ui_prefs prefs;
    unsigned prefs_generation;
    bool is_content_rtl;
    char exit_message[256];
    struct ui_sync_shell sync;
    int64_t last_input_ms;
    double woke_at; /* real monotonic s of the loop's last wake-up (the trace's took_ms) */
    bool is_kiosk;
    unsigned kiosk_exit_held; /* bit i: exit key i is down */
    int64_t kiosk_exit_at;    /* when the held exit combination ends the kiosk; -1: not held */
    int64_t watchdog_ms, watchdog_next; /* service watchdog pings (real ms); 0: none */
};

/* Pushes screens[0..n) (each with its args[i]) and presents the first frame. */
enum quire_status ui_shell_start(struct ui *ui, const struct ui_screen_class *const *screens,
                                 const void *const *args, int n, struct quire_err *err);
enum quire_status ui_shell_loop(struct ui *ui, struct quire_err *err);
void ui_shell_close_all(struct ui *ui);

/* Opens cls over the stack from outside any handler (the sleep screen) and shows it. */
enum quire_status ui_shell_open_over(struct ui *ui, const struct ui_screen_class *cls,
                                     const void *arg, struct quire_err *err);

/* While nobody reads (ui_idle.c): the sleep screen's and the service watchdog's deadline (-1:
 * none), started after the first frame (READY to a service manager), and their tick. */
int64_t ui_idle_deadline(struct ui *ui);
void ui_idle_start(struct ui *ui);
enum quire_status ui_idle_tick(struct ui *ui, int64_t now, struct quire_err *err);

/* Turns the picture to ui->prefs.rotation: new canvases, the next frame a full refresh. */
enum quire_status ui_shell_rotate(struct ui *ui, struct quire_err *err);

/* The sync worker's life in the shell (ui_sync_shell.c): made with the shell (a sync at once
 * when the last one is older than the schedule), the next scheduled sync as a loop deadline
 * (ms, -1: none) and its start, the worker's news taken in on a wake-up, cancelled and joined
 * on close. The state's trace name: "idle", "running", "failed". */
enum quire_status ui_sync_shell_open(struct ui *ui, struct quire_err *err);
void ui_sync_shell_close(struct ui *ui);
int64_t ui_sync_shell_deadline(struct ui *ui);
void ui_sync_shell_tick(struct ui *ui, int64_t now);
void ui_sync_shell_wake(struct ui *ui);
const char *ui_sync_shell_state_name(struct ui *ui);

/* Kiosk mode's rules (ui_kiosk.c): what may open and what actions do anything; the exit
 * combination fed with every key press and release, its deadline (-1: none) and its end. The
 * section list and the deep clean's next time (unix s, 0: none) for screen_kiosk.c. */
bool ui_kiosk_allows_push(const struct ui *ui, const struct ui_screen_class *cls);
bool ui_kiosk_allows_action(const struct ui *ui, enum ui_action act);
void ui_kiosk_key(struct ui *ui, const struct platform_event *ev);
int64_t ui_kiosk_deadline(const struct ui *ui);
void ui_kiosk_tick(struct ui *ui, int64_t now);
bool ui_kiosk_section_listed(const char *list, const char *section);
int64_t ui_kiosk_next_clean(const struct ui_prefs *p, int64_t wall);

/* For screens, through ui_widgets.h. */
ui_texts *ui_texts_of(struct ui *ui);
const char *ui_lang_code_of(const struct ui *ui);
/* The image share of the page the next frame shows (render_page_image_permille). */
void ui_image_share_set(struct ui *ui, int permille);

/* ui_shell_frame.c: the topmost screen that is not modal (what a frame is drawn from); draws,
 * diffs, decides and presents the change. */
int ui_shell_base_index(const struct ui *ui);
enum quire_status ui_shell_show(struct ui *ui, enum ui_shell_change change, struct quire_err *err);

#endif
