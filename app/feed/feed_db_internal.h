/* feed_db_internal: what the state file's two halves share (feed_db.c: the file, its schema
 * and the feeds; feed_db_items.c: published items and validators). Not part of the API. */
#ifndef QUIRE_FEED_DB_INTERNAL_H
#define QUIRE_FEED_DB_INTERNAL_H

#include <sqlite3.h>

#include "feed_db.h"

struct feed_db {
    sqlite3 *db;
    char path[512];
};

/* SQLite's message, naming the file (QUIRE_EDB). */
enum quire_status feed_db_error(feed_db *db, struct quire_err *err);
/* A text column copied to the heap (quire_free); NULL for NULL. */
char *feed_db_column_dup(sqlite3_stmt *st, int col);

#endif
