/* store_library: the queries behind the reader's library screen. Articles listed by publisher,
 * then section, newest first, a page at a time (LIMIT/OFFSET over the articles_by_group
 * index), with filters; an article's place in that order; the values a filter can take; the
 * article to continue reading; the newest bundle's time; read state. */
#ifndef QUIRE_STORE_LIBRARY_H
#define QUIRE_STORE_LIBRARY_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct store_lib_filter {
    bool is_unread_only, is_starred_only;
    const char *section, *language, *publisher; /* NULL = any */
    const char *sections; /* one of these, comma-separated (a kiosk's); NULL = any */
};

struct store_lib_row {
    int64_t id;
    const char *title, *publisher, *section, *language; /* borrowed for the callback; section
                                                         * and language may be NULL */
    int64_t published;
    bool verified, starred, is_read;
    int progress; /* 1/1000 read; -1 never opened */
};
typedef int (*store_lib_cb)(void *ctx, const struct store_lib_row *row); /* non-zero stops */

enum quire_status store_library_count(store *s, const struct store_lib_filter *f, int64_t *n,
                                      struct quire_err *err);
/* The groups of the filtered order (a publisher's section; section "" when it has none) with
 * their article counts, in the order the rows come. */
typedef int (*store_group_cb)(void *ctx, const char *publisher, const char *section, int64_t count);
enum quire_status store_library_groups(store *s, const struct store_lib_filter *f,
                                       store_group_cb cb, void *ctx, struct quire_err *err);
/* Changes whenever the library may have changed: a write on this connection or a commit by
 * any other (PRAGMA data_version). Equal values: nothing a query reads has changed. */
uint64_t store_library_generation(store *s);
/* Rows offset .. offset+limit-1 of the filtered order. */
enum quire_status store_library_page(store *s, const struct store_lib_filter *f, int64_t offset,
                                     int limit, store_lib_cb cb, void *ctx, struct quire_err *err);
/* The 0-based place of article id in the filtered order; -1 when the filter hides it. */
enum quire_status store_library_index_of(store *s, const struct store_lib_filter *f, int64_t id,
                                         int64_t *index, struct quire_err *err);
/* The article delta places after id (-1: before) in the filtered order; 0 at an end. */
enum quire_status store_library_neighbor(store *s, const struct store_lib_filter *f, int64_t id,
                                         int delta, int64_t *out, struct quire_err *err);

enum store_lib_facet { STORE_FACET_SECTION, STORE_FACET_LANGUAGE, STORE_FACET_PUBLISHER };
typedef int (*store_facet_cb)(void *ctx, const char *value, int64_t count);
/* Every value of the facet with its article count, in order. */
enum quire_status store_library_facets(store *s, enum store_lib_facet facet, store_facet_cb cb,
                                       void *ctx, struct quire_err *err);

/* The article opened most recently and not finished, or 0. */
enum quire_status store_library_continue(store *s, int64_t *id, struct quire_err *err);
/* The newest bundle's creation time (its manifest's, else when it was imported), unix s; 0
 * for an empty library. */
enum quire_status store_library_newest(store *s, int64_t *when, struct quire_err *err);

enum quire_status store_article_set_read(store *s, int64_t id, bool is_read, struct quire_err *err);

#endif
