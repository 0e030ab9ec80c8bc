/* ui_sync: the reader's sync worker. One thread at a time runs sync_run (the code behind
 * `quire sync`: sources, mirrors, proxies, resume, verification, the library's sync lock)
 * and then the retention settings, on its own store handle, and calls the wake function when
 * there is something to show (a plan, an imported bundle, a failure, the end). The UI thread
 * reads a snapshot of the state (ui_sync_status_get); nothing else is shared. Destroying the
 * worker cancels a running sync at its next progress callback and waits for the thread: a
 * partial download stays for the next run, and a bundle is imported in one transaction, all
 * or nothing. The shell's side (schedule, status line, trace) is ui_sync_shell.c. */
#ifndef QUIRE_UI_SYNC_H
#define QUIRE_UI_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"
#include "ui_i18n.h"

typedef struct ui_sync ui_sync;

enum ui_sync_state { UI_SYNC_IDLE, UI_SYNC_RUNNING, UI_SYNC_FAILED };

struct ui_sync_status {
    enum ui_sync_state state;  /* FAILED: the last run failed (until the next one starts) */
    int done, total;           /* bundles imported / planned so far in the running sync */
    int articles_new;          /* by the running or last run */
    enum quire_status failure; /* why the last run failed (QUIRE_ENET, QUIRE_EBUSY, ...) */
    bool is_offline;           /* the last run found no network (the platform said so, or no
                                * source reached a server: no name, no connection) */
    unsigned runs;             /* runs finished since the worker was made */
};

struct ui_sync_hooks {
    void (*wake)(void *ctx);      /* from the worker thread: there is news */
    bool (*is_online)(void *ctx); /* from the worker thread; NULL: online */
    void *ctx;
};

/* A worker for the library at db_path (copied). Starts nothing. */
enum quire_status ui_sync_create(const char *db_path, const struct ui_sync_hooks *hooks,
                                 ui_sync **out, struct quire_err *err);
/* Cancels a running sync, waits for its thread, frees. ui_sync_destroy(NULL) is a no-op. */
void ui_sync_destroy(ui_sync *s);
/* Starts a sync unless one runs; false when one was running already (or no thread could be
 * made: the status then says failed). The state is RUNNING when this returns true. */
bool ui_sync_start(ui_sync *s);
void ui_sync_status_get(ui_sync *s, struct ui_sync_status *out);

/* The status line's words for st in lang: "Syncing…" (before the plan), "Syncing 2 of 5",
 * "Offline", "Sync failed: <a few words from the catalogue>"; "" when idle (the caller shows the
 * age of the last sync). */
void ui_sync_describe(enum ui_lang lang, const struct ui_sync_status *st, char *out, size_t n);
/* The catalogue's few words for a failure code ("no connection", "another sync is running"). */
enum ui_msg ui_sync_reason(enum quire_status failure);

#endif
