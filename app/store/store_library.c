/* store_library: the library screen's queries. See store_library.h. Statements are prepared
 * per call: the screen asks once per list page, not per frame. */
#include "store_library.h"

#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define LIB_ORDER " ORDER BY a.publisher, coalesce(a.section, ''), a.published DESC, a.id DESC"

/* Appends the filter's conditions to sql (binding names ?101..?103). */
static void where(char *sql, size_t n, const struct store_lib_filter *f)
{
    size_t len = strlen(sql);
    snprintf(sql + len, n - len, " WHERE 1%s%s%s%s%s%s",
             f && f->is_unread_only ? " AND a.is_read = 0" : "",
             f && f->is_starred_only ? " AND a.starred = 1" : "",
             f && f->section ? " AND a.section = ?101" : "",
             f && f->language ? " AND a.language = ?102" : "",
             f && f->publisher ? " AND a.publisher = ?103" : "",
             f && f->sections ? " AND instr(',' || ?104 || ',', ',' || a.section || ',') > 0" : "");
}

static void bind_filter(sqlite3_stmt *st, const struct store_lib_filter *f)
{
    if (!f)
        return;
    if (f->section)
        sqlite3_bind_text(st, 101, f->section, -1, SQLITE_STATIC);
    if (f->language)
        sqlite3_bind_text(st, 102, f->language, -1, SQLITE_STATIC);
    if (f->publisher)
        sqlite3_bind_text(st, 103, f->publisher, -1, SQLITE_STATIC);
    if (f->sections)
        sqlite3_bind_text(st, 104, f->sections, -1, SQLITE_STATIC);
}

static enum quire_status prepare(store *s, const char *sql, sqlite3_stmt **st,
                                 struct quire_err *err)
{
    if (sqlite3_prepare_v2(store_db(s), sql, -1, st, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading the library");
    return QUIRE_OK;
}

/* Runs a one-row, one-integer query; *out keeps its value when there is no row. */
static enum quire_status scalar(store *s, sqlite3_stmt *st, int64_t *out, struct quire_err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *out = sqlite3_column_int64(st, 0);
    enum quire_status r = rc == SQLITE_ROW || rc == SQLITE_DONE
                              ? QUIRE_OK
                              : store_fail(s, err, "reading the library");
    sqlite3_finalize(st);
    return r;
}

enum quire_status store_library_count(store *s, const struct store_lib_filter *f, int64_t *n,
                                      struct quire_err *err)
{
    char sql[512] = "SELECT count(*) FROM articles a";
    where(sql, sizeof sql, f);
    sqlite3_stmt *st;
    *n = 0;
    enum quire_status rc = prepare(s, sql, &st, err);
    if (rc)
        return rc;
    bind_filter(st, f);
    return scalar(s, st, n, err);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

uint64_t store_library_generation(store *s)
{
    sqlite3_stmt *st = NULL;
    int64_t version = 0;
    if (prepare(s, "PRAGMA data_version", &st, NULL) == QUIRE_OK)
        scalar(s, st, &version, NULL);
    return ((uint64_t)version << 40) ^ (uint64_t)sqlite3_total_changes64(store_db(s));
}

enum quire_status store_library_groups(store *s, const struct store_lib_filter *f,
                                       store_group_cb cb, void *ctx, struct quire_err *err)
{
    char sql[1024] = "SELECT a.publisher, coalesce(a.section, ''), count(*) FROM articles a";
    where(sql, sizeof sql, f);
    strncat(sql,
            " GROUP BY a.publisher, coalesce(a.section, '')"
            " ORDER BY a.publisher, coalesce(a.section, '')",
            sizeof sql - strlen(sql) - 1);
    sqlite3_stmt *st;
    enum quire_status rc = prepare(s, sql, &st, err);
    if (rc)
        return rc;
    bind_filter(st, f);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, col_text(st, 0) ? col_text(st, 0) : "", col_text(st, 1),
               sqlite3_column_int64(st, 2)))
            break;
    rc = step == SQLITE_ROW || step == SQLITE_DONE ? QUIRE_OK
                                                   : store_fail(s, err, "reading the library");
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_library_page(store *s, const struct store_lib_filter *f, int64_t offset,
                                     int limit, store_lib_cb cb, void *ctx, struct quire_err *err)
{
    char sql[1024] = "SELECT a.id, a.title, a.publisher, a.section, a.language, a.published, "
                     "a.verified, a.starred, a.is_read, coalesce(r.progress, -1) FROM articles a "
                     "LEFT JOIN reading_state r ON r.article_id = a.id";
    where(sql, sizeof sql, f);
    strncat(sql, LIB_ORDER " LIMIT ?1 OFFSET ?2", sizeof sql - strlen(sql) - 1);
    sqlite3_stmt *st;
    enum quire_status rc = prepare(s, sql, &st, err);
    if (rc)
        return rc;
    bind_filter(st, f);
    sqlite3_bind_int(st, 1, limit);
    sqlite3_bind_int64(st, 2, offset);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_lib_row row = {
            sqlite3_column_int64(st, 0),
            col_text(st, 1),
            col_text(st, 2),
            col_text(st, 3),
            col_text(st, 4),
            sqlite3_column_int64(st, 5),
            sqlite3_column_int(st, 6) != 0,
            sqlite3_column_int(st, 7) != 0,
            sqlite3_column_int(st, 8) != 0,
            sqlite3_column_int(st, 9),
        };
        if (cb(ctx, &row))
            break;
    }
    rc = step == SQLITE_ROW || step == SQLITE_DONE ? QUIRE_OK
                                                   : store_fail(s, err, "reading the library");
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_library_index_of(store *s, const struct store_lib_filter *f, int64_t id,
                                         int64_t *index, struct quire_err *err)
{
    char sql[1024] = "SELECT rn FROM (SELECT a.id AS id, row_number() OVER (" LIB_ORDER
                     ") - 1 AS rn FROM articles a";
    where(sql, sizeof sql, f);
    strncat(sql, ") WHERE id = ?1", sizeof sql - strlen(sql) - 1);
    sqlite3_stmt *st;
    *index = -1;
    enum quire_status rc = prepare(s, sql, &st, err);
    if (rc)
        return rc;
    bind_filter(st, f);
    sqlite3_bind_int64(st, 1, id);
    return scalar(s, st, index, err);
}

static int first_id(void *ctx, const struct store_lib_row *row)
{
    *(int64_t *)ctx = row->id;
    return 1;
}

enum quire_status store_library_neighbor(store *s, const struct store_lib_filter *f, int64_t id,
                                         int delta, int64_t *out, struct quire_err *err)
{
    int64_t at;
    *out = 0;
    enum quire_status rc = store_library_index_of(s, f, id, &at, err);
    if (rc || at < 0 || at + delta < 0)
        return rc;
    return store_library_page(s, f, at + delta, 1, first_id, out, err);
}

enum quire_status store_library_facets(store *s, enum store_lib_facet facet, store_facet_cb cb,
                                       void *ctx, struct quire_err *err)
{
    static const char *const columns[] = {"section", "language", "publisher"};
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT %1$s, count(*) FROM articles WHERE coalesce(%1$s, '') != '' GROUP BY %1$s "
             "ORDER BY %1$s",
             columns[facet]);
    sqlite3_stmt *st;
    enum quire_status rc = prepare(s, sql, &st, err);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, col_text(st, 0), sqlite3_column_int64(st, 1)))
            break;
    rc = step == SQLITE_ROW || step == SQLITE_DONE ? QUIRE_OK
                                                   : store_fail(s, err, "reading the library");
    sqlite3_finalize(st);
    return rc;
}

enum quire_status store_library_continue(store *s, int64_t *id, struct quire_err *err)
{
    sqlite3_stmt *st;
    *id = 0;
    enum quire_status rc = prepare(s,
                                   "SELECT r.article_id FROM reading_state r JOIN articles a ON "
                                   "a.id = r.article_id WHERE r.finished = 0 "
                                   "ORDER BY r.updated DESC, r.article_id DESC LIMIT 1",
                                   &st, err);
    return rc ? rc : scalar(s, st, id, err);
}

enum quire_status store_library_newest(store *s, int64_t *when, struct quire_err *err)
{
    sqlite3_stmt *st;
    *when = 0;
    enum quire_status rc =
        prepare(s, "SELECT max(coalesce(created, imported)) FROM bundles", &st, err);
    return rc ? rc : scalar(s, st, when, err);
}

enum quire_status store_article_set_read(store *s, int64_t id, bool is_read, struct quire_err *err)
{
    sqlite3_stmt *st;
    enum quire_status rc =
        prepare(s, "UPDATE articles SET is_read = ?2 WHERE id = ?1 AND is_read != ?2", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, is_read);
    rc = sqlite3_step(st) == SQLITE_DONE ? QUIRE_OK : store_fail(s, err, "marking an article read");
    sqlite3_finalize(st);
    return rc;
}
