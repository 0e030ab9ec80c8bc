/* feed_edition_internal: what the run's two files share (feed_edition.c: feeds, candidates,
 * pages; feed_edition_story.c: a candidate turned into a story, the bundle, the record). */
#ifndef QUIRE_FEED_EDITION_INTERNAL_H
#define QUIRE_FEED_EDITION_INTERNAL_H

#include "feed.h"
#include "feed_edition.h"
#include "net_batch.h"

/* An item this run looks at; strings are borrowed from the parsed feed or from seen. */
struct feed_cand {
    size_t src;                   /* index of its feed */
    const struct feed_item *item; /* NULL when re-checked after a 304 */
    const char *guid, *title, *link, *author, *lang, *content;
    int64_t published, updated;
    bool use_feed_text; /* the body is the feed's content, no page is fetched */
    bool is_known;      /* seen holds what was published of it */
    struct feed_seen seen;
    size_t page; /* index of its page request; SIZE_MAX: none */
};

enum feed_outcome { FEED_FAILED = 0, FEED_FRESH, FEED_NOT_MODIFIED };

struct feed_edition_state {
    struct feed_source *src;
    size_t n_src;
    unsigned char *outcome;    /* per feed: enum feed_outcome */
    struct feed **feeds;       /* parsed answers (NULL: failed, or 304) */
    struct feed_seen **recent; /* per feed: the items re-checked after a 304 */
    size_t *n_recent;
    struct feed_db_update *updates; /* per feed */
    struct feed_seen **items;       /* updates[i].items, owned */
    size_t *cap_items;
    char **validators; /* per feed: etag and last_modified, owned (2 per feed) */
    char **listed;     /* per feed: updates[i].listed_json, owned */
};

/* Prints "quire: " and the message, one line, to the run's report. */
void feed_edition_report(const struct feed_edition_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Makes the candidate's story from its page (or the feed's text) and adds it to e, or leaves
 * it out (unchanged, or its page failed: reported); what to record goes into s. Fails only
 * for memory. */
enum quire_status feed_edition_take(struct feed_edition *e, struct feed_edition_state *s,
                                    const struct feed_edition_opts *o, struct feed_cand *c,
                                    struct net_request *page, int64_t now);

/* Fetches every story's pictures (one batch, politely), prepares each within its article's
 * budget (feed_image) and puts it into e->media, pointing the story's body at it; a picture
 * that fails is reported and left out, its article stays. Fails only for memory. */
enum quire_status feed_edition_pictures(struct feed_edition *e, const struct feed_edition_opts *o,
                                        struct quire_err *err);
/* Appends `src="URL"` as the extractor writes it (XML-escaped) to b. */
enum quire_status feed_edition_src_attr(struct quire_buf *b, const char *url);

#endif
