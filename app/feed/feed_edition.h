/* feed_edition: one run of the publisher, `quire feed publish` without the repository. Every
 * feed of the state file is fetched (conditional GET with its validators, in parallel and
 * politely: net_batch), its newest items within --max-items and --max-age-days are taken, and
 * each item's page is fetched (conditionally, when it was seen before) and its article
 * extracted, unless the feed carries the full text and is set to use it. An item whose
 * published content (title, byline, body) hashes as last time is left out; a changed one
 * becomes a correction (same guid, the first published time, a newer updated time). When a
 * feed answers 304, the pages of its recent items are still re-checked (conditionally), so an
 * edited page is noticed.
 * A feed or page that fails is reported (one line) and left for the next run; it never stops
 * the others. Nothing is recorded until feed_edition_record, which the caller calls once the
 * bundle is published: an item the repository does not list is never taken as seen. */
#ifndef QUIRE_FEED_EDITION_H
#define QUIRE_FEED_EDITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bundle.h"
#include "feed_db.h"
#include "net_http.h"
#include "quire_error.h"

struct feed_edition_opts {
    const struct net_opts *net; /* proxy, CA file, timeouts: the sync settings */
    int threads;                /* 0: QUIRE_NET_BATCH_THREADS */
    int per_host;               /* 0: QUIRE_NET_PER_HOST */
    long host_delay_ms;         /* < 0: none; 0: QUIRE_NET_HOST_DELAY_MS */
    int64_t now;                /* 0: the clock */
    bool no_pictures;           /* --images off for the whole run (else per feed) */
    FILE *report;               /* one line per failed feed or page; NULL: stderr */
};

/* A picture a story shows: the page's (lead first) or the feed's media. */
struct feed_story_picture {
    char *url, *alt, *caption; /* alt and caption may be NULL */
    bool in_body;              /* the body has <img src="url">; else it leads the story */
};

/* One article of the edition. */
struct feed_story {
    char *feed; /* the feed's name */
    char *guid; /* in the bundle: FEED/ITEM-GUID (an item guid is unique only in its feed) */
    char *section, *lang, *title, *byline;
    char *body; /* HTML: the extracted article or the feed's text */
    int64_t published, updated;
    bool is_correction;
    struct feed_story_picture *pictures;
    size_t n_pictures;
};

struct feed_edition {
    struct feed_story *stories; /* sections in the order of the feeds, items in feed order */
    size_t n_stories;
    size_t feeds, feeds_failed, pages_failed, unchanged, corrections;
    size_t pictures, pictures_failed;
    struct bundle_media *media; /* the pictures prepared for the bundle (data owned) */
    size_t n_media;
    struct feed_edition_state *state; /* what feed_edition_record writes */
};

/* Runs the fetching and extraction described above. Fails only when the run cannot be made
 * at all (the state file, memory); every feed or page failure is reported and counted. */
enum quire_status feed_edition_gather(feed_db *db, const struct feed_edition_opts *o,
                                      struct feed_edition **out, struct quire_err *err);
/* Writes the stories as one signed bundle (a periodical: a section per feed, a table of
 * contents) to out_path; opts gives publisher, title, sequence and key. */
enum quire_status feed_edition_write(const struct feed_edition *e, const char *out_path,
                                     const struct bundle_create_opts *opts, struct quire_err *err);
/* Records the run in the state file (validators, published items), all or nothing. */
enum quire_status feed_edition_record(feed_db *db, const struct feed_edition *e,
                                      struct quire_err *err);
void feed_edition_destroy(struct feed_edition *e);

#endif
