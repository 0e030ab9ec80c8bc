/* store_internal: what the store's own files (store*.c) share: the connection, the cache of
 * prepared statements that store.c keeps per handle, the transaction's full-text queue, and
 * helpers for binding and stepping. Not for other modules: they use store.h. */
#ifndef QUIRE_STORE_INTERNAL_H
#define QUIRE_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "quire_util.h"
#include "store.h"

/* The connection (borrowed), for store_*.c files that keep their own tables. */
sqlite3 *store_db(store *s);

/* The statements prepared once per handle (their SQL is in store.c). */
enum store_stmt_id {
    ST_KEY_ADD,
    ST_KEY_FIND,
    ST_KEY_REMOVE,
    ST_KEY_LIST,
    ST_BUNDLE_HAS,
    ST_BUNDLE_PUT,
    ST_TOMB_HAS,
    ST_ART_FIND,
    ST_ART_BUNDLE_FILE,
    ST_ART_INSERT,
    ST_ART_UPDATE,
    ST_ART_GET,
    ST_ART_LIST,
    ST_ART_DELETE,
    ST_TOMB_ADD,
    ST_ART_STAR,
    ST_ART_COUNT,
    ST_DOC_PUT,
    ST_DOC_GET,
    ST_MEDIA_PUT,
    ST_MEDIA_LINK,
    ST_MEDIA_GET,
    ST_POS_SET,
    ST_POS_GET,
    ST_SEARCH,
    ST_SET_PUT,
    ST_SET_GET,
    ST_FTS_INDEX,
    ST_FTS_CLEAR,
    ST_COUNT
};

/* The cached statement id, reset and with bindings cleared; NULL on prepare failure (then
 * store_fail() reports it). Borrowed: valid until store_close. */
sqlite3_stmt *store_stmt(store *s, enum store_stmt_id id);
/* Steps a statement that returns no rows (a NULL st reports the failed prepare) and resets
 * it; what names the action in the error message. */
enum quire_status store_step_done(store *s, sqlite3_stmt *st, struct quire_err *err,
                                  const char *what);
/* Binds v without copying it (it must outlive the step); NULL binds NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Whether a transaction of this handle is open (store_tx_begin). */
bool store_in_tx(const store *s);
/* Counts rows articles, bytes of title and text, that the open transaction queued for the
 * search index; indexes the queue once it holds QUIRE_FTS_BATCH_BYTES. */
enum quire_status store_fts_queued(store *s, size_t rows, size_t bytes, struct quire_err *err);

/* Helpers of the files that prepare their statements per call (store_sync*.c). */
enum quire_status store_prepare(store *s, const char *sql, sqlite3_stmt **st,
                                struct quire_err *err);
/* Steps a statement that returns no rows and finalizes it. */
enum quire_status store_run(store *s, sqlite3_stmt *st, struct quire_err *err, const char *what);
const char *store_col_text(sqlite3_stmt *st, int i);
/* Binds NULL for NULL or "". */
void store_bind_opt_text(sqlite3_stmt *st, int i, const char *v);
/* Copies a column's text, "" for NULL, cut to cap. */
void store_copy_text(char *dst, size_t cap, const unsigned char *src);

/* Maps the connection's last error to a status and a message naming the library file. */
enum quire_status store_fail(store *s, struct quire_err *err, const char *what);

/* PRAGMA application_id of a Quire library (quire_util.h). */
#define QUIRE_STORE_APP_ID QUIRE_LIBRARY_APP_ID

/* Before anything is written: refuses a file that is SQLite but not a Quire library, and a
 * library of a newer schema than this build knows. Accepts a new (empty) file. */
enum quire_status store_schema_check(store *s, struct quire_err *err);
/* Applies every pending migration; schema version lives in PRAGMA user_version. */
enum quire_status store_schema_migrate(store *s, struct quire_err *err);
/* QUIRE_OK when the library is at this build's schema version (read-only opening). */
enum quire_status store_schema_current(store *s, struct quire_err *err);
/* The schema version this build migrates to. */
int store_schema_version(void);

#endif
