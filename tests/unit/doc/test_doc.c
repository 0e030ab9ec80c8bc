/* test_doc: the article model and its converters: plain text paragraphs, the sanitising HTML
 * walk (dropped elements, flattened unknown tags, block kinds, spans, languages, images), the
 * blob round trip and its validation, caps, bad UTF-8 and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "quire_util.h"

static struct doc *html(const char *s)
{
    struct doc *d = NULL;
    struct quire_err err;
    if (doc_from_html(s, strlen(s), &d, &err) != QUIRE_OK)
        fail_msg("doc_from_html: %s", err.msg);
    return d;
}

static const struct doc_block *blk(const struct doc *d, size_t i)
{
    const struct doc_block *b = doc_block_get(d, i);
    assert_non_null(b);
    return b;
}

static void test_text_paragraphs(void **state)
{
    const char *t = "  First   line\nstill first.\n\n\n Second\tpara \n\nThird";
    struct doc *d = NULL;
    assert_int_equal(doc_from_text(t, strlen(t), &d, NULL), QUIRE_OK);
    assert_int_equal(doc_block_count(d), 3);
    assert_string_equal(blk(d, 0)->text, "First line still first.");
    assert_string_equal(blk(d, 1)->text, "Second para");
    assert_string_equal(blk(d, 2)->text, "Third");
    assert_int_equal(blk(d, 0)->kind, DOC_PARAGRAPH);
    assert_int_equal(doc_word_count(d), 7);
    assert_null(doc_block_get(d, 3));
    doc_destroy(d);
    doc_destroy(NULL);
}

static void test_control_characters_dropped(void **state)
{
    const char t[] = "a\x01"
                     "b\x7f c\r\nd\x00"
                     "e";
    struct doc *d = NULL;
    assert_int_equal(doc_from_text(t, sizeof(t) - 1, &d, NULL), QUIRE_OK);
    assert_int_equal(doc_block_count(d), 1);
    assert_string_equal(blk(d, 0)->text, "ab c de");
    doc_destroy(d);
    d = html("<pre>x\x02"
             "\ty\r\nz</pre>");
    assert_string_equal(blk(d, 0)->text, "x       y\nz"); /* the tab expanded to column 8 */
    doc_destroy(d);
}

static void test_text_bad_utf8(void **state)
{
    const char t[] = "good \xC3\x28 bad";
    struct doc *d = (struct doc *)1;
    struct quire_err err;
    assert_int_equal(doc_from_text(t, sizeof(t) - 1, &d, &err), QUIRE_EUTF8);
    assert_null(d);
    assert_non_null(strstr(err.msg, "byte 5"));
}

static void test_html_sanitised(void **state)
{
    struct doc *d = html("<html lang=\"ru\"><head><title>T</title><style>p{}</style>"
                         "<script>alert(1)</script></head><body>"
                         "<h2>Head <i>line</i></h2>"
                         "<p>Some <b>bold</b> and <em>italic</em> and <a href=\"x\">link</a>"
                         " text<script>evil()</script>.</p>"
                         "<form><input value=\"x\">form text</form>"
                         "<iframe src=\"http://x\">frame</iframe>"
                         "<p>Unknown <blink>flattened</blink> <span lang=\"en\">English</span>"
                         "</p></body></html>");
    assert_string_equal(doc_lang(d), "ru");
    assert_int_equal(doc_block_count(d), 3);
    assert_int_equal(blk(d, 0)->kind, DOC_HEADING);
    assert_int_equal(blk(d, 0)->level, 2);
    assert_string_equal(blk(d, 0)->text, "Head line");
    const struct doc_block *p = blk(d, 1);
    assert_string_equal(p->text, "Some bold and italic and link text.");
    assert_int_equal(p->span_count, 3);
    assert_int_equal(p->spans[0].style, DOC_STYLE_BOLD);
    assert_int_equal(p->spans[0].start, 5);
    assert_int_equal(p->spans[0].end, 9);
    assert_int_equal(p->spans[1].style, DOC_STYLE_ITALIC);
    assert_int_equal(p->spans[2].style, DOC_STYLE_LINK);
    assert_string_equal(blk(d, 2)->text, "Unknown flattened English");
    assert_int_equal(blk(d, 2)->span_count, 1);
    assert_string_equal(blk(d, 2)->spans[0].lang, "en");
    doc_destroy(d);
}

static void test_html_blocks(void **state)
{
    struct doc *d = html("<body><blockquote><p>Quoted</p></blockquote><ul><li>one</li>"
                         "<li>two</li></ul><ol><li>first</li><li>second</li></ol>"
                         "<pre>a  b\n c</pre><hr/><figure><img src=\"m/a.png\" width=\"40\" "
                         "height=\"30\" alt=\"Alt\"><figcaption>Cap</figcaption></figure>"
                         "<p>line<br>break</p><img src=\"\"></body>");
    static const struct {
        enum doc_kind kind;
        const char *text;
    } want[] = {
        {DOC_QUOTE, "Quoted"},
        {DOC_LIST_ITEM, "\xE2\x80\xA2 one"},
        {DOC_LIST_ITEM, "\xE2\x80\xA2 two"},
        {DOC_LIST_ITEM, "1. first"},
        {DOC_LIST_ITEM, "2. second"},
        {DOC_PRE, "a  b\n c"},
        {DOC_RULE, ""},
        {DOC_IMAGE, ""},
        {DOC_CAPTION, "Cap"},
        {DOC_PARAGRAPH, "line\nbreak"},
    };
    assert_int_equal(doc_block_count(d), sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_int_equal(blk(d, i)->kind, want[i].kind);
        assert_string_equal(blk(d, i)->text, want[i].text);
    }
    assert_string_equal(blk(d, 7)->src, "m/a.png");
    assert_string_equal(blk(d, 7)->alt, "Alt");
    assert_int_equal(blk(d, 7)->width, 40);
    assert_int_equal(blk(d, 7)->height, 30);
    doc_destroy(d);
}

static void test_html_table_cells(void **state)
{
    struct doc *d = html("<table><caption>Cap</caption><tr><th>a</th><td>b</td></tr></table>");
    assert_int_equal(doc_block_count(d), 3);
    assert_string_equal(blk(d, 0)->text, "Cap");
    assert_string_equal(blk(d, 1)->text, "a");
    assert_string_equal(blk(d, 2)->text, "b");
    doc_destroy(d);
}

static void test_html_deep_nesting(void **state)
{
    size_t depth = 5000;
    char *s = malloc(depth * 11 + 64);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(s + n, "<span><b>");
    n += (size_t)sprintf(s + n, "deep");
    s[n] = 0;
    struct doc *d = NULL;
    assert_int_equal(doc_from_html(s, n, &d, NULL), QUIRE_OK);
    doc_destroy(d);
    free(s);
}

static void test_blob_round_trip(void **state)
{
    struct doc *d = html("<html lang=\"fa\"><body><h1>عنوان</h1><p>Text <b>bold</b> "
                         "<span lang=\"en\">en</span></p><img src=\"a.jpg\" alt=\"x\"></body>"
                         "</html>");
    void *blob = NULL;
    size_t len = 0;
    assert_int_equal(doc_serialize(d, &blob, &len, NULL), QUIRE_OK);
    struct doc *e = NULL;
    assert_int_equal(doc_deserialize(blob, len, &e, NULL), QUIRE_OK);
    assert_int_equal(doc_block_count(e), doc_block_count(d));
    assert_string_equal(doc_lang(e), "fa");
    for (size_t i = 0; i < doc_block_count(d); i++) {
        const struct doc_block *a = blk(d, i), *b = blk(e, i);
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->level, b->level);
        assert_string_equal(a->text, b->text);
        assert_int_equal(a->span_count, b->span_count);
        for (uint32_t k = 0; k < a->span_count; k++) {
            assert_int_equal(a->spans[k].start, b->spans[k].start);
            assert_int_equal(a->spans[k].style, b->spans[k].style);
        }
    }
    assert_string_equal(blk(e, 2)->src, "a.jpg");
    /* every truncation and a flipped byte anywhere: an error or a valid doc, never a crash */
    for (size_t cut = 0; cut < len; cut++) {
        struct doc *t = (struct doc *)1;
        struct quire_err err;
        assert_int_equal(doc_deserialize(blob, cut, &t, &err), QUIRE_EFORMAT);
        assert_null(t);
    }
    unsigned char *bad = malloc(len);
    for (size_t i = 0; i < len; i++) {
        memcpy(bad, blob, len);
        bad[i] ^= 0xA5;
        struct doc *t = NULL;
        if (doc_deserialize(bad, len, &t, NULL) == QUIRE_OK)
            assert_non_null(t);
        doc_destroy(t);
    }
    /* another format version reads as an error */
    memcpy(bad, blob, len);
    bad[4] = DOC_FORMAT_VERSION + 1;
    struct quire_err err;
    struct doc *t = NULL;
    assert_int_equal(doc_deserialize(bad, len, &t, &err), QUIRE_EFORMAT);
    assert_non_null(strstr(err.msg, "format"));
    free(bad);
    quire_free(blob);
    doc_destroy(d);
    doc_destroy(e);
}

/* xml:lang counts like lang (and wins over it), on the root and on any element. */
static void test_xml_lang(void **state)
{
    struct doc *d = html("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"uk\"><body>"
                         "<p>Текст <span xml:lang=\"en\">English</span></p>"
                         "<p xml:lang=\"ru\" lang=\"de\">Русский</p></body></html>");
    assert_non_null(doc_lang(d));
    assert_string_equal(doc_lang(d), "uk");
    assert_int_equal(doc_block_count(d), 2);
    assert_int_equal(blk(d, 0)->span_count, 1);
    assert_non_null(blk(d, 0)->spans[0].lang);
    assert_string_equal(blk(d, 0)->spans[0].lang, "en");
    assert_non_null(blk(d, 1)->lang);
    assert_string_equal(blk(d, 1)->lang, "ru");
    doc_destroy(d);
}

/* Tabs in preformatted text become spaces up to the next stop (every 8 columns), counted from
 * the line start across inline elements; nowhere else is a tab kept. */
static void test_pre_tabs_expanded(void **state)
{
    struct doc *d = html("<div><pre>int\tx;\n\tfoo\t= 1;\n<b>ab</b>\t\tc\n\u0436\u0436\tb</pre>"
                         "<p>a\tb</p></div>");
    assert_int_equal(doc_block_count(d), 2);
    assert_string_equal(blk(d, 0)->text, "int     x;\n        foo     = 1;\nab              c\n"
                                         "\u0436\u0436      b");
    assert_string_equal(blk(d, 1)->text, "a b");
    doc_destroy(d);
}

/* An XHTML internal DTD subset is dropped, never shown as text nor loaded. */
static void test_internal_subset_dropped(void **state)
{
    struct doc *d = html("\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?>\n<!-- c -->\n"
                         "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
                         "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\" [\n"
                         "  <!ENTITY nbsp \"&#160;\">\n  <!ENTITY tricky 'a ]> b'>\n"
                         "  <!ENTITY ext SYSTEM \"file:///etc/passwd\">\n"
                         "  <!-- a comment ]> -->\n]>\n"
                         "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Hello</p>"
                         "<p>[kept] &amp; more</p></body></html>");
    assert_int_equal(doc_block_count(d), 2);
    assert_string_equal(blk(d, 0)->text, "Hello");
    assert_string_equal(blk(d, 1)->text, "[kept] & more");
    doc_destroy(d);
    d = html("<!DOCTYPE html [ <!ENTITY x 'never closed'");
    assert_int_equal(doc_block_count(d), 0);
    doc_destroy(d);
}

/* The dir attribute is kept on blocks, inherited, and survives the blob. */
static void test_dir_attribute(void **state)
{
    struct doc *d = html("<html dir=\"rtl\"><body><p>a</p><div dir=\"ltr\"><p>b</p></div>"
                         "<p dir=\"auto\">c</p><p dir=\"bogus\">d</p></body></html>");
    assert_int_equal(doc_block_count(d), 4);
    assert_int_equal(blk(d, 0)->dir, DOC_DIR_RTL);
    assert_int_equal(blk(d, 1)->dir, DOC_DIR_LTR);
    assert_int_equal(blk(d, 2)->dir, DOC_DIR_AUTO);
    assert_int_equal(blk(d, 3)->dir, DOC_DIR_RTL);
    void *b = NULL;
    size_t len = 0;
    struct doc *e = NULL;
    assert_int_equal(doc_serialize(d, &b, &len, NULL), QUIRE_OK);
    assert_int_equal(doc_deserialize(b, len, &e, NULL), QUIRE_OK);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(blk(e, i)->dir, blk(d, i)->dir);
    quire_free(b);
    doc_destroy(e);
    doc_destroy(d);
}

static void test_file_errors(void **state)
{
    struct doc *d = NULL;
    struct quire_err err;
    assert_int_equal(doc_from_file("/nonexistent/x.html", &d, &err), QUIRE_ENOTFOUND);
    assert_non_null(strstr(err.msg, "/nonexistent/x.html"));
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/data/corpus/udhr-ka.txt", QUIRE_TEST_SRC);
    assert_int_equal(doc_from_file(path, &d, &err), QUIRE_OK);
    assert_true(doc_block_count(d) > 30);
    doc_destroy(d);
}

static void test_alloc_failures(void **state)
{
    const char *s = "<html lang=\"en\"><body><h1>A</h1><p>b <b>c</b> <i lang=\"de\">d</i></p>"
                    "<img src=\"x.png\"><ul><li>e</li></ul></body></html>";
    bool ok = false;
    for (long n = 1; n < 500 && !ok; n++) {
        struct doc *d = NULL;
        quire_alloc_fail_after(n);
        enum quire_status st = doc_from_html(s, strlen(s), &d, NULL);
        quire_alloc_fail_after(0);
        if (st == QUIRE_OK) {
            ok = true;
            assert_int_equal(doc_block_count(d), 4);
        } else {
            assert_null(d);
        }
        doc_destroy(d);
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_paragraphs),   cmocka_unit_test(test_control_characters_dropped),
        cmocka_unit_test(test_text_bad_utf8),     cmocka_unit_test(test_html_sanitised),
        cmocka_unit_test(test_html_blocks),       cmocka_unit_test(test_html_deep_nesting),
        cmocka_unit_test(test_html_table_cells),  cmocka_unit_test(test_blob_round_trip),
        cmocka_unit_test(test_xml_lang),          cmocka_unit_test(test_dir_attribute),
        cmocka_unit_test(test_pre_tabs_expanded), cmocka_unit_test(test_internal_subset_dropped),
        cmocka_unit_test(test_file_errors),       cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
