/* store_internal: what the store's own files (store.c, store_schema.c, store_sync.c) share.
 * Not for other modules: they use store.h. */
#ifndef QUIRE_STORE_INTERNAL_H
#define QUIRE_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* The connection (borrowed), for store_*.c files that keep their own tables. */
sqlite3 *store_db(store *s);

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

/* PRAGMA application_id of a Quire library: 0x51756972, "Quir" in ASCII (decimal, so the
 * migration can spell the same number in SQL). */
#define QUIRE_STORE_APP_ID 1366649202

/* Before anything is written: refuses a file that is SQLite but not a Quire library, and a
 * library of a newer schema than this build knows. Accepts a new (empty) file. */
enum quire_status store_schema_check(store *s, struct quire_err *err);
/* Applies every pending migration; schema version lives in PRAGMA user_version. */
enum quire_status store_schema_migrate(store *s, struct quire_err *err);
/* The schema version this build migrates to. */
int store_schema_version(void);

#endif
