/* Tests of the library's pages with group headings (app/ui/ui_libpages.c): every row is on
 * exactly one page in order; a page starts with its first row's group heading (continued when
 * the group began earlier); a new group's heading always has a row after it on the same page;
 * nothing is taller than the room (except a lone row on a tiny panel); the page of each row is
 * found; empty groups vanish; a library with no rows has one empty page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "ui_libpages.h"

enum { ROW = 150, HEAD = 64 };

static ui_libpages *make(const int64_t *counts, int n, int room)
{
    ui_libpages *lp = ui_libpages_create();
    assert_non_null(lp);
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "g%d", i);
        assert_int_equal(ui_libpages_add(lp, name, counts[i], NULL), QUIRE_OK);
    }
    assert_int_equal(ui_libpages_paginate(lp, room, ROW, HEAD, NULL), QUIRE_OK);
    return lp;
}

/* Walks every page's items and checks the rules above against the groups' sizes. */
static void check_pages(ui_libpages *lp, const int64_t *counts, int n, int room)
{
    int64_t total = 0, next = 0;
    for (int i = 0; i < n; i++)
        total += counts[i] > 0 ? counts[i] : 0;
    assert_int_equal(ui_libpages_total(lp), total);
    for (int p = 0; p < ui_libpages_count(lp); p++) {
        struct ui_libitem it[64];
        int k = ui_libpages_items(lp, p, it, 64), rows = 0;
        int64_t first;
        int nrows;
        ui_libpages_page(lp, p, &first, &nrows);
        assert_int_equal(first, next);
        assert_true(k >= 2);
        assert_int_equal(it[0].row, -1); /* a page opens with a heading */
        for (int j = 0; j < k; j++) {
            if (j > 0)
                assert_int_equal(it[j].y, it[j - 1].y + it[j - 1].h);
            /* the group of the row here (or of the row after a heading): the one whose range
             * holds it, by name */
            int64_t at = first + rows, start = 0;
            int g = 0;
            while (g < n && (counts[g] <= 0 || at >= start + counts[g])) {
                start += counts[g] > 0 ? counts[g] : 0;
                g++;
            }
            char name[16];
            snprintf(name, sizeof name, "g%d", g);
            assert_string_equal(ui_libpages_group_name(lp, it[j].group), name);
            if (it[j].row < 0) {
                assert_true(j + 1 < k && it[j + 1].row >= 0); /* never a heading alone */
                assert_int_equal(it[j].is_continued, j == 0 && at > start);
                if (j > 0)
                    assert_int_equal(at, start); /* inside a page, only where a group starts */
                continue;
            }
            assert_int_equal(it[j].row, rows);
            assert_int_equal(ui_libpages_page_of(lp, at), p);
            rows++;
        }
        assert_int_equal(rows, nrows);
        if (rows > 1)
            assert_true(it[k - 1].y + it[k - 1].h <= room);
        next += rows;
    }
    assert_int_equal(next, total);
}

static void test_groups_and_headings(void **state)
{
    const int64_t counts[] = {3, 1, 0, 12, 2, 7};
    int room = HEAD + 5 * ROW + 10; /* five rows with the page's own heading */
    ui_libpages *lp = make(counts, 6, room);
    check_pages(lp, counts, 6, room);
    /* page 1: g0's 3 rows, g1's heading and its row: 64+450+64+150 = 728 < 760; then g3's
     * heading and a row no longer fit */
    struct ui_libitem it[16];
    int k = ui_libpages_items(lp, 0, it, 16);
    assert_int_equal(k, 6);
    assert_string_equal(ui_libpages_group_name(lp, it[4].group), "g1");
    /* g3 (12 rows) spans pages: the second of its pages opens with a continued heading */
    k = ui_libpages_items(lp, 2, it, 16);
    assert_string_equal(ui_libpages_group_name(lp, it[0].group), "g3");
    assert_true(it[0].is_continued);
    k = ui_libpages_items(lp, 1, it, 16);
    assert_false(it[0].is_continued);
    ui_libpages_destroy(lp);
}

static void test_one_big_group_and_tiny_room(void **state)
{
    const int64_t counts[] = {10000};
    ui_libpages *lp = make(counts, 1, HEAD + 8 * ROW);
    assert_int_equal(ui_libpages_count(lp), 1250);
    assert_int_equal(ui_libpages_page_of(lp, 9999), 1249);
    assert_int_equal(ui_libpages_page_of(lp, 8), 1);
    ui_libpages_destroy(lp);
    const int64_t two[] = {2, 2};
    lp = make(two, 2, 100); /* smaller than a row: one row a page, never zero */
    assert_int_equal(ui_libpages_count(lp), 4);
    check_pages(lp, two, 2, 100);
    ui_libpages_destroy(lp);
}

static void test_empty(void **state)
{
    const int64_t none[] = {0, 0};
    ui_libpages *lp = make(none, 2, 1000);
    assert_int_equal(ui_libpages_count(lp), 1);
    assert_int_equal(ui_libpages_total(lp), 0);
    struct ui_libitem it[4];
    assert_int_equal(ui_libpages_items(lp, 0, it, 4), 0);
    assert_int_equal(ui_libpages_page_of(lp, 0), 0);
    ui_libpages_destroy(lp);
}

static void test_many_small_groups(void **state)
{
    int64_t counts[300];
    for (int i = 0; i < 300; i++)
        counts[i] = 1 + (i * 7) % 5;
    int room = HEAD + 9 * ROW;
    ui_libpages *lp = make(counts, 300, room);
    check_pages(lp, counts, 300, room);
    ui_libpages_destroy(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_and_headings),
        cmocka_unit_test(test_one_big_group_and_tiny_room),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_many_small_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
