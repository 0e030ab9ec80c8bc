/* feed_db: the publisher's state, its own SQLite file (named by the global --db like a
 * reader's library): the feeds it publishes with their settings, the items it has published
 * (by guid and content hash, so an unchanged item is not published twice and a changed one
 * becomes a correction) and each feed's conditional-GET validators. */
#ifndef QUIRE_FEED_DB_H
#define QUIRE_FEED_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

#define FEED_NAME_MAX 64 /* bytes of a feed's name, with its NUL */

typedef struct feed_db feed_db;

struct feed_source {
    char *name;               /* [A-Za-z0-9._-], unique */
    char *url;                /* http(s), unique */
    char *section;            /* the bundle section of its articles */
    char *lang;               /* BCP 47, NULL: the feed's own */
    int max_items;            /* newest items taken per run */
    int max_age_days;         /* older items are skipped */
    bool full_text_from_page; /* fetch and extract each item's page (else the feed's text) */
    bool images;
    char *etag, *last_modified; /* validators of the last fetch, may be NULL */
};

/* Opens (creating if needed) the state file. Errors name the file. */
enum quire_status feed_db_open(const char *path, feed_db **out, struct quire_err *err);
void feed_db_close(feed_db *db);

/* Adds a feed. QUIRE_EEXIST when the name or the URL is there already; QUIRE_EINVAL for a
 * bad name, a URL that is not http(s) or settings out of range. */
enum quire_status feed_db_add(feed_db *db, const struct feed_source *src, struct quire_err *err);
/* Removes a feed and what is known of its items. QUIRE_ENOTFOUND when there is none. */
enum quire_status feed_db_remove(feed_db *db, const char *name, struct quire_err *err);
/* All feeds in the order they were added; free with feed_sources_free. */
enum quire_status feed_db_list(feed_db *db, struct feed_source **out, size_t *n,
                               struct quire_err *err);
void feed_sources_free(struct feed_source *s, size_t n);
/* Adds every source in one transaction, skipping those whose URL is known; *added counts the
 * new ones. Nothing is added when one fails. */
enum quire_status feed_db_add_all(feed_db *db, const struct feed_source *s, size_t n, size_t *added,
                                  struct quire_err *err);

/* True for a valid feed name. */
bool feed_name_valid(const char *name);

#endif
