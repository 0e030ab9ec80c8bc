/* ui_screen: what a screen is, and the services the shell gives it. A screen is a const class
 * (a struct of functions, after SDL's driver structs) and a state pointer. The shell
 * (ui_shell.c) owns the loop, the stack of screens, timers and wake-ups; it turns input into
 * actions through each screen's binding table, asks the top screen to handle them, draws the
 * stack, finds the damage and asks the refresh policy how to show it. A screen never presents
 * anything and never picks a waveform: it says why the picture changed (enum ui_change).
 * Start reading at struct ui_screen_class, then ui_shell.c. */
#ifndef QUIRE_UI_SCREEN_H
#define QUIRE_UI_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "platform.h"
#include "render.h"
#include "store.h"
#include "ui_article.h"
#include "ui_gesture.h"
#include "ui_i18n.h"
#include "ui_prefs.h"
#include "ui_sync.h"

struct ui; /* the shell */

/* Why the picture changed: the shell maps it to the refresh policy's reasons. */
enum ui_change {
    UI_CHANGE_NONE,
    UI_CHANGE_SMALL,  /* a highlight moved, an item toggled: fast update of the changed parts */
    UI_CHANGE_PAGE,   /* an article or list page turned: partial, a full one every N */
    UI_CHANGE_SCREEN, /* a screen opened (or the whole picture is new): one full refresh */
};

enum ui_action {
    UI_ACT_NONE,
    UI_ACT_NEXT_PAGE,
    UI_ACT_PREV_PAGE,
    UI_ACT_UP,
    UI_ACT_DOWN,
    UI_ACT_OPEN,
    UI_ACT_BACK,
    UI_ACT_MENU,
    UI_ACT_FONT_UP,
    UI_ACT_FONT_DOWN,
    UI_ACT_SEARCH,
    UI_ACT_STAR,
    UI_ACT_HELP,
    UI_ACT_NIGHT,
    UI_ACT_NEXT_ARTICLE,
    UI_ACT_PREV_ARTICLE,
    UI_ACT_FIRST, /* Home: the first item or page */
    UI_ACT_LAST,  /* End */
    UI_ACT_QUIT,  /* leave Quire (the library's Esc) */
    UI_ACT_TAP,   /* x, y: for the screen to hit-test */
    UI_ACT_HOLD,  /* x, y: long-press */
    UI_ACT_TEXT,  /* text: typed characters */
    UI_ACT_BACKSPACE,
    UI_ACT_TIMER,   /* arg: the id the screen gave ui_timer_set */
    UI_ACT_WAKE,    /* a worker has news (every screen of the stack hears it) */
    UI_ACT_RESUME,  /* the screen above was closed */
    UI_ACT_COMMAND, /* arg: a screen-defined command (a menu item chose it) */
    UI_ACT_OPENED,  /* the screen is on the stack now (its timers can be set): sent once */
    UI_ACT_COUNT
};

struct ui_action_ev {
    enum ui_action act;
    int x, y;
    const char *text;
    int arg;
};

/* What triggers a binding. Taps on an article's page go through zones; elsewhere a tap is
 * UI_ACT_TAP for the screen to hit-test with the same function that drew it. */
enum ui_trigger {
    UI_TRIG_KEY = 1, /* code: enum platform_key */
    UI_TRIG_TEXT,    /* text: one typed character ("+", "m"); only when no text field is open */
    UI_TRIG_ZONE,    /* code: enum ui_zone (screens with has_zones) */
    UI_TRIG_SWIPE,   /* code: enum ui_swipe */
};

/* Tap zones of a page, in logical terms: which side is "forward" follows the article's
 * direction and the left-handed setting (ui_input.c is the one place that mirrors them). */
enum ui_zone { UI_ZONE_MENU, UI_ZONE_BACK, UI_ZONE_FORWARD };
/* Swipes in logical terms: "forward" is towards the left in a left-to-right article. */
enum ui_swipe { UI_SWIPE_FORWARD, UI_SWIPE_BACKWARD, UI_SWIPE_UP, UI_SWIPE_DOWN };

struct ui_binding {
    enum ui_trigger trigger; /* 0 ends the table */
    int code;
    const char *text;
    enum ui_action action;
};

/* What the trace line of a frame says about the screen (see platform_frame_meta). */
struct ui_meta {
    int64_t article;
    int page, pages;
    char anchor[48];
    int status_y;     /* first row of a status band (0 = none), for the damage split */
    char extra[2048]; /* more JSON members, or "" (a library page's row texts fit) */
};
/* Appends "key":"text" (with a leading comma when extra is not empty) to m->extra; quotes,
 * backslashes and control bytes become '_' so a trace line stays one valid JSON object. */
void ui_meta_add_text(struct ui_meta *m, const char *key, const char *text);
/* The same for "key":["text",...] with n texts. */
void ui_meta_add_texts(struct ui_meta *m, const char *key, const char *const *texts, int n);

struct ui_screen_class {
    const char *name;                  /* the trace's "screen" */
    const struct ui_binding *bindings; /* ends with {0} */
    bool is_modal;                     /* drawn over the screen below, which stays visible */
    bool has_zones;                    /* taps go through the page's tap zones */
    bool takes_text;                   /* typed text goes to the screen, not to bindings */
    /* Its UI_ACT_MENU only builds and pushes a menu: the shell may send it once while idle
     * with the push drawn off screen, so the menu's words are shaped and their glyphs
     * rasterised before a reader first asks for it. */
    bool warms_menu;
    /* Creates the state from arg (screen-specific, may be NULL). */
    enum quire_status (*open)(struct ui *ui, const void *arg, void **state, struct quire_err *err);
    void (*close)(struct ui *ui, void *state);
    /* Handles one action; sets *change to why the picture changed (UI_CHANGE_NONE: it did
     * not). An error ends the reader with the message. */
    enum quire_status (*on_action)(struct ui *ui, void *state, const struct ui_action_ev *a,
                                   enum ui_change *change, struct quire_err *err);
    /* Draws the whole screen (a modal: its box) into c and sets *bounds to what it covered. */
    enum quire_status (*draw)(struct ui *ui, void *state, struct canvas *c,
                              struct render_rect *bounds, struct quire_err *err);
    void (*meta)(struct ui *ui, void *state, struct ui_meta *m); /* may be NULL */
};

/* ---- navigation: requests the shell carries out after the handler returns ---- */
enum quire_status ui_push(struct ui *ui, const struct ui_screen_class *cls, const void *arg,
                          struct quire_err *err);
/* Closes the calling (top) screen. */
void ui_pop(struct ui *ui);
/* Closes every screen above the calling one (a kiosk going back to its rotation). */
void ui_pop_above(struct ui *ui);
/* Closes the top screen and hands action to the one below (a menu item's choice). */
void ui_pop_with(struct ui *ui, const struct ui_action_ev *action);
/* Ends the reader after this action; in kiosk mode only goes back to the rotation. */
void ui_quit(struct ui *ui);
/* The screen class below the caller, or NULL. */
const struct ui_screen_class *ui_below(struct ui *ui);

/* ---- services ---- */
store *ui_store(struct ui *ui); /* NULL when reading a file */
struct layout_fonts *ui_fonts(struct ui *ui);
struct layout_cache *ui_layout_cache(struct ui *ui);
render *ui_render(struct ui *ui);
struct platform *ui_platform(struct ui *ui);
int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
/* px_at_300 scaled to the panel's dpi. */
int ui_px(const struct ui *ui, int px_at_300);
enum ui_lang ui_lang(const struct ui *ui);
bool ui_is_rtl(const struct ui *ui);
/* The message in the UI language. */
const char *ui_msg(const struct ui *ui, enum ui_msg id);
/* printf into buf with the UI language's digits (ui_vformat); fmt is usually ui_msg(...). */
void ui_fmt(const struct ui *ui, char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The plural form of id for count, formatted with it. */
void ui_fmt_n(const struct ui *ui, char *buf, size_t n, enum ui_msg id, long count);

const struct ui_prefs *ui_prefs_get(const struct ui *ui);
/* The settings changed (the shell re-reads them): screens re-lay out keeping their place. */
unsigned ui_prefs_generation(const struct ui *ui);
/* Settings by registry key: step (ui_pref_step) or set from text, save in the library and
 * apply at once; the generation moves so screens re-lay out keeping their place. */
enum quire_status ui_pref_step_key(struct ui *ui, const char *key, int dir, struct quire_err *err);
enum quire_status ui_pref_set_key(struct ui *ui, const char *key, const char *value,
                                  struct quire_err *err);
/* Steps the body font size by delta steps; toggles night mode (both saved). */
enum quire_status ui_font_step(struct ui *ui, int delta, struct quire_err *err);
enum quire_status ui_night_toggle(struct ui *ui, struct quire_err *err);
/* The body font size in px the settings give on this panel. */
int ui_font_px(const struct ui *ui);

/* Timers: one per (screen, id); the shell delivers UI_ACT_TIMER with arg id at at_ms of the
 * platform clock (ui_now_ms). Setting it again moves it; screens closing lose theirs. */
void ui_timer_set(struct ui *ui, int id, int64_t at_ms);
void ui_timer_cancel(struct ui *ui, int id);
int64_t ui_now_ms(struct ui *ui);
/* When the last key, text or contact arrived (ui_now_ms; the start when none has). */
int64_t ui_last_input_ms(const struct ui *ui);
/* Kiosk mode: true in it; the sections it shows (comma-separated), NULL outside kiosk mode or
 * when it shows all. */
bool ui_is_kiosk(const struct ui *ui);
const char *ui_kiosk_sections(const struct ui *ui);
/* Layout settings for an article on this panel with the reader's settings. */
void ui_layout_settings_of(struct ui *ui, struct layout_settings *ls);
int64_t ui_wall_time(struct ui *ui);

/* The direction of the content under the tap zones (an article's). */
void ui_set_content_rtl(struct ui *ui, bool is_rtl);
bool ui_is_content_rtl(const struct ui *ui);

/* Syncing while reading: start a sync now (the library menu's "Sync now"; nothing when one
 * runs or there is no library); the status line's words for it ("Syncing 2 of 5", "Offline",
 * "Sync failed: no connection", "Synced 3 minutes ago", "Never synced"; "" without a library);
 * the newest successful sync of a source (unix s, 0: never). */
void ui_sync_now(struct ui *ui);
bool ui_has_sync(const struct ui *ui);
void ui_sync_line(struct ui *ui, char *out, size_t n);
void ui_sync_status_of(struct ui *ui, struct ui_sync_status *out);
int64_t ui_last_sync(const struct ui *ui);

/* A message for the user after the reader ends (a failed library, say) */
void ui_set_exit_message(struct ui *ui, const char *msg);

#endif
