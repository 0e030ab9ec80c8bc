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

/* ---- what has been published ---- */

/* One published item: what the next run compares against. */
struct feed_seen {
    char *guid;
    char content_hash[65]; /* SHA-256 hex of what was published (title, byline, body) */
    char *link, *title;    /* may be NULL */
    int64_t published, updated;
    char *page_etag, *page_last_modified; /* validators of its page, may be NULL */
};
void feed_seen_fini(struct feed_seen *s);
void feed_seen_free(struct feed_seen *s, size_t n);

/* The item guid of feed `feed`: QUIRE_OK and *out filled, or QUIRE_ENOTFOUND (never seen). */
enum quire_status feed_db_seen_get(feed_db *db, const char *feed, const char *guid,
                                   struct feed_seen *out, struct quire_err *err);
/* The newest (by published) at most max items of a feed published at or after since: the
 * items a run re-checks when the feed itself answers 304. */
enum quire_status feed_db_seen_recent(feed_db *db, const char *feed, int64_t since, int max,
                                      struct feed_seen **out, size_t *n, struct quire_err *err);

/* What one run learnt of one feed: its new validators (when set_validators) and the items it
 * published or whose page validators changed. */
struct feed_db_update {
    const char *feed;
    bool set_validators;
    const char *etag, *last_modified; /* may be NULL */
    const struct feed_seen *items;
    size_t n_items;
    /* When the feed answered with a whole document: every guid it lists (a JSON array), and
     * the time before which an item it no longer lists is forgotten. NULL: none forgotten. */
    const char *listed_json;
    int64_t forget_before;
};
/* Records a run in one transaction (all or nothing): called once the bundle is published, so
 * an item the repository does not list is never marked as seen. An item seen before keeps its
 * first published time. Items a feed no longer lists and last updated before forget_before
 * are deleted, so the state file stays as large as the feeds, not their history: should such
 * an item come back, its date keeps it out of the run (or, undated, it is published again). */
enum quire_status feed_db_record(feed_db *db, const struct feed_db_update *u, size_t n,
                                 struct quire_err *err);

/* True for a valid feed name. */
bool feed_name_valid(const char *name);

#endif
