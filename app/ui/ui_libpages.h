/* ui_libpages: how the library's rows fall on its pages when each group (a publisher's section)
 * starts with a heading, as news apps list their sections. Pure arithmetic over the groups'
 * sizes (no drawing, no library): a page starts with the heading of the group its first row
 * belongs to (marked "continued" when the group began on an earlier page), a new group's
 * heading comes only with at least one of its rows after it, and every page holds at least
 * one row. The library reads the groups when its content or filter changes and one page of
 * rows per turn; the pages let it map an article's place in the order to its page. */
#ifndef QUIRE_UI_LIBPAGES_H
#define QUIRE_UI_LIBPAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "quire_error.h"

typedef struct ui_libpages ui_libpages;

struct ui_libitem {
    int row;           /* the row's place on the page (0..), or -1 for a heading */
    int group;         /* the group the heading or row belongs to */
    bool is_continued; /* a heading of a group that began on an earlier page */
    int y, h;          /* from the top of the rows' area */
};

ui_libpages *ui_libpages_create(void);
void ui_libpages_destroy(ui_libpages *lp);
/* Forgets the groups and pages. */
void ui_libpages_clear(ui_libpages *lp);
/* Adds the next group of the order (empty groups are skipped). */
enum quire_status ui_libpages_add(ui_libpages *lp, const char *name, int64_t count,
                                  struct quire_err *err);
/* Splits the groups into pages of room px: rows of row_h, headings of head_h. */
enum quire_status ui_libpages_paginate(ui_libpages *lp, int room, int row_h, int head_h,
                                       struct quire_err *err);

int64_t ui_libpages_total(const ui_libpages *lp); /* rows over all groups */
int ui_libpages_count(const ui_libpages *lp);     /* pages; at least 1 */
const char *ui_libpages_group_name(const ui_libpages *lp, int group);
/* Page p's first row (its place in the whole order) and its number of rows. */
void ui_libpages_page(const ui_libpages *lp, int p, int64_t *first, int *n);
/* The page holding the row at index of the whole order (0 when there is none). */
int ui_libpages_page_of(const ui_libpages *lp, int64_t index);
/* The headings and rows of page p, top to bottom; returns how many (at most max). */
int ui_libpages_items(const ui_libpages *lp, int p, struct ui_libitem *out, int max);

#endif
