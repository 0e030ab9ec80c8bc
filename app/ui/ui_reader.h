/* ui_reader: the reader loop until the real UI exists. Shows one article on a platform, turns
 * its pages on input (keys, tap zones, swipes), draws each frame with the renderer, asks the
 * refresh policy what to update and presents exactly that. Saves the reading position on every
 * page turn. Never touches the network. Start reading at ui_reader_run. */
#ifndef QUIRE_UI_READER_H
#define QUIRE_UI_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "store.h"
#include "ui_article.h"

struct ui_reader_options {
    struct ui_source source;
    int font_px; /* 0 = default for the profile's dpi */
    bool is_night;
    /* Overrides of the library's settings (ui_prefs_load); 0 or less = the setting's value.
     * darkness_set tells a darkness of 0 from "not given". */
    int full_every, full_every_night, darkness;
    bool darkness_set;
};

/* The status line's sync state: "never synced" (last_sync 0), "synced just now", "synced 5m
 * ago", "synced 2h ago", else the UTC date "synced 25 Nov". now and last_sync in unix s. */
void ui_sync_text(char *buf, size_t n, int64_t last_sync, int64_t now);

/* Runs until the input ends (Esc, window closed, end of script). st may be NULL for a file. */
enum quire_status ui_reader_run(struct platform *p, store *st, const struct ui_reader_options *opt,
                                struct quire_err *err);

#endif
