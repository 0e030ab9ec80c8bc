/* ui_screens: the screen classes of the reader, and what opening each one takes. */
#ifndef QUIRE_UI_SCREENS_H
#define QUIRE_UI_SCREENS_H

#include "store_library.h"
#include "ui_article.h"
#include "ui_screen.h"

extern const struct ui_screen_class ui_screen_library;
extern const struct ui_screen_class ui_screen_article;
extern const struct ui_screen_class ui_screen_menu;
extern const struct ui_screen_class ui_screen_settings;
extern const struct ui_screen_class ui_screen_search;
extern const struct ui_screen_class ui_screen_results;
/* arg: &ui_screen_article when opened from an article (its tap zones follow the article's
 * direction), else NULL (the UI language's direction). */
extern const struct ui_screen_class ui_screen_help;
extern const struct ui_screen_class ui_screen_error;
extern const struct ui_screen_class ui_screen_kiosk;
extern const struct ui_screen_class ui_screen_sleep;

/* ui_screen_article's open argument. */
struct ui_article_arg {
    struct ui_source source;
    const char *find; /* a search's words: open at the page of their first match */
    /* The library's filter it was opened from (next and previous article follow it), NULL:
     * the whole library. Its strings belong to the library screen, which stays below. */
    const struct store_lib_filter *filter;
};

/* ui_screen_menu's: items the menu offers; choosing one closes the menu and hands the
 * screen below {act, arg} (usually UI_ACT_COMMAND with a command of that screen). */
enum { UI_MENU_MAX = 16 };
struct ui_menu_item {
    char label[128];
    char value[64]; /* shown at the end ("✓", "12"), may be "" */
    enum ui_action act;
    int arg;
};
struct ui_menu_arg {
    char title[128];
    int n;
    struct ui_menu_item items[UI_MENU_MAX];
};
/* Appends an item (ignored past UI_MENU_MAX). */
void ui_menu_add(struct ui_menu_arg *m, const char *label, const char *value, enum ui_action act,
                 int arg);

/* ui_screen_error's: the message to show. */
struct ui_error_arg {
    const char *message;
};

/* The article screen remembers the last article it showed, for the library to select. */
int64_t ui_last_article(void);

#endif
