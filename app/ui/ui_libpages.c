/* ui_libpages: the library's pages with group headings. See ui_libpages.h. One stepping
 * function (step_page) decides where rows and headings go, for both the pagination and the
 * items of a page, so the two never disagree. */
#include "ui_libpages.h"

#include <stdio.h>
#include <string.h>

#include "quire_util.h"

struct group {
    char name[192];
    int64_t start, count;
};

struct page {
    int64_t first;
    int n;
};

struct ui_libpages {
    struct group *groups;
    int n_groups, cap_groups;
    struct page *pages;
    int n_pages, cap_pages;
    int room, row_h, head_h;
};

ui_libpages *ui_libpages_create(void)
{
    return quire_calloc(1, sizeof(ui_libpages));
}

void ui_libpages_destroy(ui_libpages *lp)
{
    if (!lp)
        return;
    quire_free(lp->groups);
    quire_free(lp->pages);
    quire_free(lp);
}

void ui_libpages_clear(ui_libpages *lp)
{
    lp->n_groups = lp->n_pages = 0;
}

static bool grow(void **items, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return true;
    int cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *p = quire_realloc(*items, (size_t)cap2 * size);
    if (!p)
        return false;
    *items = p;
    *cap = cap2;
    return true;
}

int64_t ui_libpages_total(const ui_libpages *lp)
{
    const struct group *g = lp->n_groups ? &lp->groups[lp->n_groups - 1] : NULL;
    return g ? g->start + g->count : 0;
}

enum quire_status ui_libpages_add(ui_libpages *lp, const char *name, int64_t count,
                                  struct quire_err *err)
{
    if (count <= 0)
        return QUIRE_OK;
    if (!grow((void **)&lp->groups, &lp->cap_groups, lp->n_groups + 1, sizeof *lp->groups))
        return quire_err_set(err, QUIRE_ENOMEM, "library: out of memory");
    struct group *g = &lp->groups[lp->n_groups];
    g->start = ui_libpages_total(lp);
    g->count = count;
    snprintf(g->name, sizeof g->name, "%s", name);
    lp->n_groups++;
    return QUIRE_OK;
}

/* The group holding row index (the last group starting at or before it). */
static int group_of(const ui_libpages *lp, int64_t index)
{
    int lo = 0, hi = lp->n_groups - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (lp->groups[mid].start <= index)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Lays out one page from row first, writing its items to out (if not NULL, at most max, their
 * number to *n_items); returns the number of rows that fit. */
static int step_page(const ui_libpages *lp, int64_t first, struct ui_libitem *out, int max,
                     int *n_items)
{
    int64_t total = ui_libpages_total(lp), at = first;
    int g = group_of(lp, first), y = 0, rows = 0, k = 0;
    struct ui_libitem head = {-1, g, first > lp->groups[g].start, 0, lp->head_h};
    if (out && k < max)
        out[k++] = head;
    y += lp->head_h;
    while (at < total && (rows == 0 || y + lp->row_h <= lp->room)) {
        if (out && k < max)
            out[k++] = (struct ui_libitem){rows, g, false, y, lp->row_h};
        y += lp->row_h;
        rows++;
        at++;
        if (at < total && at == lp->groups[g].start + lp->groups[g].count) {
            if (y + lp->head_h + lp->row_h > lp->room)
                break; /* a heading never ends a page */
            g++;
            if (out && k < max)
                out[k++] = (struct ui_libitem){-1, g, false, y, lp->head_h};
            y += lp->head_h;
        }
    }
    if (n_items)
        *n_items = k;
    return rows;
}

enum quire_status ui_libpages_paginate(ui_libpages *lp, int room, int row_h, int head_h,
                                       struct quire_err *err)
{
    lp->room = room, lp->row_h = row_h, lp->head_h = head_h;
    lp->n_pages = 0;
    int64_t total = ui_libpages_total(lp);
    for (int64_t at = 0; at < total;) {
        if (!grow((void **)&lp->pages, &lp->cap_pages, lp->n_pages + 1, sizeof *lp->pages))
            return quire_err_set(err, QUIRE_ENOMEM, "library: out of memory");
        int n = step_page(lp, at, NULL, 0, NULL);
        lp->pages[lp->n_pages++] = (struct page){at, n};
        at += n;
    }
    return QUIRE_OK;
}

int ui_libpages_count(const ui_libpages *lp)
{
    return lp->n_pages > 0 ? lp->n_pages : 1;
}

const char *ui_libpages_group_name(const ui_libpages *lp, int group)
{
    return group >= 0 && group < lp->n_groups ? lp->groups[group].name : "";
}

void ui_libpages_page(const ui_libpages *lp, int p, int64_t *first, int *n)
{
    bool is_in = p >= 0 && p < lp->n_pages;
    *first = is_in ? lp->pages[p].first : 0;
    *n = is_in ? lp->pages[p].n : 0;
}

int ui_libpages_page_of(const ui_libpages *lp, int64_t index)
{
    int lo = 0, hi = lp->n_pages - 1;
    if (hi < 0 || index < 0)
        return 0;
    while (lo < hi) { /* the last page whose first row is at or before index */
        int mid = (lo + hi + 1) / 2;
        if (lp->pages[mid].first <= index)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int ui_libpages_items(const ui_libpages *lp, int p, struct ui_libitem *out, int max)
{
    if (p < 0 || p >= lp->n_pages)
        return 0;
    int k = 0;
    step_page(lp, lp->pages[p].first, out, max, &k);
    return k;
}
