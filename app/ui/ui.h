/* ui: the reader, as the cli starts it. ui_run builds the shell on a platform and a library,
 * opens the first screen (the library, an article or search) and runs until the reader quits.
 * Nothing here touches the network. See ui_screen.h for how screens work. */
#ifndef QUIRE_UI_H
#define QUIRE_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"
#include "store.h"
#include "ui_article.h"
#include "ui_prefs.h"

enum ui_start { UI_START_LIBRARY, UI_START_ARTICLE, UI_START_SEARCH };

struct ui_options {
    enum ui_start start;
    struct ui_source source; /* the article to open (UI_START_ARTICLE), or a file */
    /* Settings for this run only, over the library's: "key=value" lines in the registry's
     * terms (ui_prefs_set), checked by the caller. */
    const char *overrides[32];
    int n_overrides;
    /* Kiosk mode (screen_kiosk.c): the rotation of the kiosk.* settings, nothing to quit or
     * change but the exit combination. Needs a library. */
    bool is_kiosk;
    /* The library could not be opened: the reader shows this on an error screen. */
    const char *library_error;
};

/* Runs the reader until it quits (Esc in the library, the window closed, the script's end).
 * st may be NULL (reading a file, or library_error). */
enum quire_status ui_run(struct platform *p, store *st, const struct ui_options *o,
                         struct quire_err *err);

#endif
