/* test_store_identity: store_open tells a Quire library from anybody else's SQLite file
 * (PRAGMA application_id) and refuses a foreign file or a library of a newer schema without
 * changing one byte of it; an early library (before application_id) is adopted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "quire_util.h"
#include "store.h"

#define QUIR_APP_ID 0x51756972 /* "Quir" */

struct fixture {
    char dir[64];
    char path[128];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/quire-ident-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/library.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void sql(const char *path, const char *statements)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, statements, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int pragma(const char *path, const char *name)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    char q[64];
    snprintf(q, sizeof q, "PRAGMA %s", name);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The whole file, to prove a refused open changed nothing. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return b;
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Opens path expecting a refusal with `code`, and checks the file, its journal mode and the
 * folder are exactly as before. */
static void assert_refused_untouched(const struct fixture *f, enum quire_status code,
                                     const char *words)
{
    size_t before_len, after_len;
    char *before = slurp(f->path, &before_len);
    store *s = NULL;
    struct quire_err err;
    assert_int_equal(store_open(f->path, &s, &err), code);
    assert_null(s);
    assert_non_null(strstr(err.msg, f->path));
    assert_non_null(strstr(err.msg, words));
    assert_null(strchr(err.msg, '\n'));
    char *after = slurp(f->path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_false(exists(wal));
}

static void test_new_library_says_it_is_quire(void **state)
{
    struct fixture *f = *state;
    store *s;
    struct quire_err err;
    assert_int_equal(store_open(f->path, &s, &err), QUIRE_OK);
    store_close(s);
    assert_int_equal(pragma(f->path, "application_id"), QUIR_APP_ID);
}

static void test_foreign_sqlite_file_is_refused(void **state)
{
    struct fixture *f = *state;
    sql(f->path, "CREATE TABLE contacts(name TEXT, phone TEXT);"
                 "INSERT INTO contacts VALUES ('Ana', '555-0100');");
    assert_refused_untouched(f, QUIRE_EFORMAT, "not a Quire library");
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1); /* no Quire table was added */
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Another program's file that happens to set user_version, or its own application_id. */
static void test_foreign_ids_are_refused(void **state)
{
    struct fixture *f = *state;
    sql(f->path, "CREATE TABLE t(x); PRAGMA user_version = 3;");
    assert_refused_untouched(f, QUIRE_EFORMAT, "not a Quire library");
    sql(f->path, "PRAGMA user_version = 0; PRAGMA application_id = 1196444237;"); /* GPKG */
    assert_refused_untouched(f, QUIRE_EFORMAT, "not a Quire library");
}

static void test_newer_schema_is_refused_before_any_write(void **state)
{
    struct fixture *f = *state;
    store *s;
    struct quire_err err;
    assert_int_equal(store_open(f->path, &s, &err), QUIRE_OK);
    store_close(s);
    /* As a newer quire might leave it: a rollback journal and a schema from the future. */
    sql(f->path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
    assert_refused_untouched(f, QUIRE_EUNSUPPORTED, "newer than this quire");
    assert_int_equal(pragma(f->path, "user_version"), 99);
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "delete");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* A library made before the application_id existed keeps working and is marked. */
static void test_early_library_is_adopted(void **state)
{
    struct fixture *f = *state;
    store *s;
    struct quire_err err;
    assert_int_equal(store_open(f->path, &s, &err), QUIRE_OK);
    store_close(s);
    int current = pragma(f->path, "user_version");
    /* Back to schema 6: without what migrations 7 (the id) and 8 added. */
    sql(f->path, "ALTER TABLE sync_archive DROP COLUMN pending;"
                 "ALTER TABLE sync_archive DROP COLUMN pending_move;"
                 "PRAGMA application_id = 0; PRAGMA user_version = 6;");
    assert_int_equal(store_open(f->path, &s, &err), QUIRE_OK);
    store_close(s);
    assert_int_equal(pragma(f->path, "application_id"), QUIR_APP_ID);
    assert_int_equal(pragma(f->path, "user_version"), current);
}

/* An empty file (left by a full disk, or made by touch) becomes a library. */
static void test_empty_file_becomes_a_library(void **state)
{
    struct fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    fclose(fp);
    store *s;
    struct quire_err err;
    assert_int_equal(store_open(f->path, &s, &err), QUIRE_OK);
    store_close(s);
    assert_int_equal(pragma(f->path, "application_id"), QUIR_APP_ID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_library_says_it_is_quire, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_sqlite_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_ids_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_is_refused_before_any_write, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_early_library_is_adopted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file_becomes_a_library, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
