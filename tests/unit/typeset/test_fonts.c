/* test_fonts: font fallback per script and language. UI labels with the shell's symbols and
 * titles in CJK, Devanagari and Thai have no missing glyphs; Chinese, Japanese and Korean take
 * their own face of the CJK collection; the sans family sets the body in Noto Sans and an
 * unknown family is refused; a face in the reader's fonts folder is found before the system's;
 * a layout without the fallback faces counts the characters it cannot show; a character no face
 * of the table has is set in the system's face for it (fontconfig builds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "doc.h"
#include "layout.h"
#include "quire_util.h"
#include "typeset_fixture.h"

/* The text laid out on a 600x800 page with the given language and family. */
static struct layout *lay_text(const char *text, const char *lang, const char *family,
                               struct doc **doc)
{
    assert_int_equal(doc_from_text(text, strlen(text), doc, NULL), QUIRE_OK);
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = 600;
    s.page_h = 800;
    s.lang = lang;
    s.font_family = family;
    struct layout *l = NULL;
    assert_int_equal(layout_create(fonts, *doc, &s, &l, NULL), QUIRE_OK);
    return l;
}

static void test_labels_cover_ui_symbols_and_scripts(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "\xE2\x9C\x93 Read \xE2\x98\x85 Starred \xE2\x88\x92 \xE2\x86\x90 \xE2\x86\x92",
        "世界人权宣言 — 新闻",
        "मानव अधिकारों की सार्वभौम घोषणा",
        "ปฏิญญาสากลว่าด้วยสิทธิมนุษยชน",
        "세계 인권 선언",
        "ཚོགས་པའི་གསལ་བསྒྲགས།",
        "ការប្រកាសជាសកល",
        "လူ့အခွင့်အရေး",
        "ოპა ღიჭა",
        "Ջերմ բարև",
        "שלום עולם",
        "ሰላም ዓለም",
        "ইংরেজি বাংলা"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        struct layout_label_opts o = {.font_px = 20, .max_w = 560, .max_lines = 2};
        for (int bold = 0; bold < 2; bold++) {
            o.is_bold = bold;
            struct layout_label *lb = NULL;
            struct layout_label_metrics m;
            assert_int_equal(layout_label_create(fonts, texts[i], &o, &lb, NULL), QUIRE_OK);
            layout_label_metrics_get(lb, &m);
            if (m.missing_glyphs)
                fail_msg("label \"%s\" (bold %d): %zu missing glyphs", texts[i], bold,
                         m.missing_glyphs);
            assert_true(m.width > 0);
            layout_label_destroy(lb);
        }
    }
}

static void test_cjk_face_follows_language(void **state)
{
    (void)state;
    static const struct {
        const char *text, *lang, *family, *file;
        int index;
    } cases[] = {
        {"人人生而自由", "zh", NULL, "NotoSerifCJK-Regular.ttc", 2},
        {"人人生而自由", "zh-Hant-TW", NULL, "NotoSerifCJK-Regular.ttc", 3},
        {"人は生まれながら自由", "ja", NULL, "NotoSerifCJK-Regular.ttc", 0},
        {"모든 인간은 태어날 때부터 자유로우며", "ko", NULL, "NotoSerifCJK-Regular.ttc", 1},
        {"모든 인간은", NULL, NULL, "NotoSerifCJK-Regular.ttc", 1},
        {"人人生而自由", "zh", "sans", "NotoSansCJK-Regular.ttc", 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct doc *d = NULL;
        struct layout *l = lay_text(cases[i].text, cases[i].lang, cases[i].family, &d);
        const struct layout_page *pg = layout_page_get(l, 0);
        if (!uses_face(pg, cases[i].file, cases[i].index))
            fail_msg("%s (%s): not set in %s#%d but %s#%d", cases[i].text, cases[i].lang,
                     cases[i].file, cases[i].index,
                     quire_basename(layout_font_path(pg->runs[0].font)),
                     layout_font_face_index(pg->runs[0].font));
        layout_destroy(l);
        doc_destroy(d);
    }
}

static void test_families(void **state)
{
    (void)state;
    assert_int_equal(layout_family_count(), 2);
    assert_string_equal(layout_family_name(0), "serif");
    assert_string_equal(layout_family_name(1), "sans");
    assert_null(layout_family_name(2));
    assert_int_equal(layout_family_find("sans"), 1);
    assert_int_equal(layout_family_find(NULL), 0);
    assert_int_equal(layout_family_find("Sans Serif"), -1);
    struct doc *d = NULL;
    struct layout *l = lay_text("Sans and serif: ő ж", "en", "sans", &d);
    assert_true(uses_face(layout_page_get(l, 0), "NotoSans-Regular.ttf", 0));
    assert_false(uses_face(layout_page_get(l, 0), "NotoSerif-Regular.ttf", 0));
    layout_destroy(l);
    struct doc *d2 = NULL;
    l = lay_text("Sans and serif", "en", "serif", &d2);
    assert_true(uses_face(layout_page_get(l, 0), "NotoSerif-Regular.ttf", 0));
    layout_destroy(l);
    doc_destroy(d2);
    struct layout_settings s;
    layout_settings_default(&s);
    s.font_family = "mono";
    struct quire_err err = {0};
    assert_int_equal(layout_create(fonts, d, &s, &l, &err), QUIRE_EINVAL);
    assert_null(l);
    assert_non_null(strstr(err.msg, "font family \"mono\" unknown"));
    doc_destroy(d);
}

/* The path of the face the first run of text's layout uses. */
static void first_face(struct layout_fonts *fs, const char *text, char *path, size_t cap)
{
    struct doc *d = NULL;
    assert_int_equal(doc_from_text(text, strlen(text), &d, NULL), QUIRE_OK);
    struct layout_settings s;
    layout_settings_default(&s);
    struct layout *l = NULL;
    assert_int_equal(layout_create(fs, d, &s, &l, NULL), QUIRE_OK);
    snprintf(path, cap, "%s", layout_font_path(layout_page_get(l, 0)->runs[0].font));
    layout_destroy(l);
    doc_destroy(d);
}

static void test_user_fonts_folder_comes_first(void **state)
{
    (void)state;
    static const char thai[] = "ปฏิญญาสากล";
    char sys_thai[1024], tmpl[] = "/tmp/quire-fonts.XXXXXX", dir[1100], link[1200], got[1024];
    first_face(fonts, thai, sys_thai, sizeof(sys_thai));
    assert_non_null(strstr(sys_thai, "NotoSerifThai-Regular.ttf"));
    assert_non_null(mkdtemp(tmpl));
    /* an asset root with only the body face, and the Thai face in the reader's folder */
    snprintf(dir, sizeof(dir), "%s/fonts", tmpl);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(link, sizeof(link), "%s/NotoSerif-Regular.ttf", dir);
    assert_int_equal(symlink(QUIRE_TEST_SRC "/fonts/NotoSerif-Regular.ttf", link), 0);
    snprintf(dir, sizeof(dir), "%s/xdg", tmpl);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(dir, sizeof(dir), "%s/xdg/quire", tmpl);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(dir, sizeof(dir), "%s/xdg/quire/fonts", tmpl);
    assert_int_equal(mkdir(dir, 0700), 0);
    char thai_link[1200];
    snprintf(thai_link, sizeof(thai_link), "%s/NotoSerifThai-Regular.ttf", dir);
    assert_int_equal(symlink(sys_thai, thai_link), 0);
    snprintf(dir, sizeof(dir), "%s/xdg", tmpl);
    setenv("XDG_DATA_HOME", dir, 1);
    struct layout_fonts *fs = NULL;
    assert_int_equal(layout_fonts_create(tmpl, &fs, NULL), QUIRE_OK);
    first_face(fs, thai, got, sizeof(got));
    assert_string_equal(got, thai_link);
    layout_fonts_destroy(fs);
    unsetenv("XDG_DATA_HOME");
    unlink(link);
    unlink(thai_link);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
    assert_int_equal(system(cmd), 0);
}

/* Cherokee and Tifinagh have no row in the table: a desktop build finds fonts-noto-core's faces
 * for them through fontconfig; a device build counts them missing. A private-use character is
 * missing either way, and counted. */
static void test_system_face_for_uncovered(void **state)
{
    (void)state;
    struct doc *d = NULL;
    struct layout *l = lay_text("Cherokee ᏣᎳᎩ, Tifinagh ⵜⴰⵎⴰⵣⵉⵖⵜ, private \uE000.", "en", NULL, &d);
    struct layout_stats st;
    layout_stats_get(l, &st);
#ifdef QUIRE_TEST_FONTCONFIG
    const uint32_t first = 0xE000;
    const struct layout_page *pg = layout_page_get(l, 0);
    assert_true(uses_face(pg, "NotoSansCherokee-Regular.ttf", 0));
    assert_true(uses_face(pg, "NotoSansTifinagh-Regular.ttf", 0));
    assert_int_equal(st.missing_glyphs, 1);
    assert_int_equal(st.first_missing, 0xE000);
#else
    const uint32_t first = 0x13E3; /* Cherokee's first letter */
    assert_int_equal(st.missing_glyphs, 3 + 8 + 1);
#endif
    layout_destroy(l);
    doc_destroy(d);
    /* asked again (a new layout, the same fonts): the same faces, no new question */
    l = lay_text("ᏣᎳᎩ \uE000", "en", NULL, &d);
    layout_stats_get(l, &st);
    assert_int_equal(st.first_missing, first);
    layout_destroy(l);
    doc_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_cover_ui_symbols_and_scripts),
        cmocka_unit_test(test_cjk_face_follows_language),
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_user_fonts_folder_comes_first),
        cmocka_unit_test(test_system_face_for_uncovered),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
