/* test_store_finder: a search's first match in a text is found as the index finds words:
 * whole tokens, case and diacritics folded (so "asylum" finds an earlier "asylum" before a
 * later "Asylum", and "УБЕЖИЩА" finds "убежища"), any word of the query, nothing inside a
 * longer word, -1 when absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store.h"

struct fixture {
    char dir[64], path[128];
    store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct quire_err err;
    strcpy(f->dir, "/tmp/quire-finder-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/library.db", f->dir);
    if (store_open(f->path, &f->s, &err) != QUIRE_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[160];
    store_close(f->s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    free(f);
    return system(cmd) == 0 ? 0 : -1;
}

/* Where query first matches text, in bytes (-1: nowhere). */
static int64_t find(struct fixture *f, const char *query, const char *text)
{
    store_finder *fi = NULL;
    struct quire_err err;
    assert_int_equal(store_finder_create(f->s, query, &fi, &err), QUIRE_OK);
    int64_t at = store_finder_find(fi, text, strlen(text));
    store_finder_destroy(fi);
    return at;
}

static void test_case_and_diacritics_fold(void **state)
{
    struct fixture *f = *state;
    const char *text = "The right to seek asylum. Asylum, Asylum and asylum again.";
    assert_int_equal(find(f, "Asylum", text), 18);
    assert_int_equal(find(f, "asylum", text), 18);
    assert_int_equal(find(f, "ASYLUM", text), 18);
    assert_int_equal(find(f, "УБЕЖИЩА", "право искать убежища и Убежища"), strlen("право искать "));
    assert_int_equal(find(f, "resume", "my Résumé, my resume"), 3);
    assert_int_equal(find(f, "پناهگاهی", "حق دارد پناهگاهی"), strlen("حق دارد "));
}

static void test_whole_words_any_of_the_query(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(find(f, "asylum", "asylums and an asylum"), strlen("asylums and an "));
    assert_int_equal(find(f, "peace justice", "freedom, justice and peace"), 9);
    assert_int_equal(find(f, "harbour", "no such word here"), -1);
    assert_int_equal(find(f, "...", "a text with words"), -1); /* no word in the query */
    assert_int_equal(find(f, "word", ""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_diacritics_fold),
        cmocka_unit_test(test_whole_words_any_of_the_query),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
