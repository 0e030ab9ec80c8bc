/* store_fts: registers, on one SQLite connection, a faster front for FTS5's unicode61
 * tokenizer under unicode61's own name: same tokens, folding and offsets (it learns each
 * character's treatment from the real unicode61), several times faster on non-Latin text.
 * Internal to the store. */
#ifndef QUIRE_STORE_FTS_H
#define QUIRE_STORE_FTS_H

#include <sqlite3.h>

/* The connection's FTS5 API (NULL if SQLite lacks FTS5). */
fts5_api *store_fts_api(sqlite3 *db);

/* Call once per connection, before any FTS5 table is used on it; an SQLite result code. */
int store_fts_register(sqlite3 *db);

#endif
