/* Tests of page_strip_scripts (feed_strip.c): gumbo parses the stripped page to the same tree
 * as the whole page, but for the bodies of scripts (JSON-LD kept) and styles, on every page of
 * tests/data/web (or the folder in QUIRE_STRIP_PAGES) and on pages made to trip a scanner
 * that reads HTML's tokenizer wrong (quotes, abrupt comments, escaped script data, raw text
 * elements, SVG and MathML, bogus comments); and it does strip what it can. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../support/strip_same.h"
#include "feed_page.h"
#include "quire_util.h"

/* Parses page whole and stripped, compares; returns the stripped length. */
static size_t check_page(const char *name, const char *page, size_t len)
{
    size_t out_len;
    char *out = page_strip_scripts(page, len, &out_len);
    assert_non_null(out);
    assert_true(out_len <= len);
    char why[200] = "";
    bool same = strip_parses_same(page, len, out, out_len, why, sizeof why);
    quire_free(out);
    if (!same)
        fail_msg("%s: the stripped page parses otherwise: %s", name, why);
    return out_len;
}

static void test_pages_parse_the_same(void **state)
{
    const char *root = getenv("QUIRE_STRIP_PAGES");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", root ? root : QUIRE_TEST_SRC "/tests/data/web");
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t pages = 0, bytes = 0, kept = 0;
    for (struct dirent *e; (e = readdir(d));) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s/source.html", dir, e->d_name);
        char *page;
        size_t len;
        if (e->d_name[0] == '.' || quire_file_read(path, 64L << 20, &page, &len, NULL))
            continue;
        kept += check_page(e->d_name, page, len);
        bytes += len;
        pages++;
        quire_free(page);
    }
    closedir(d);
    assert_true(pages >= 20);
    print_message("%zu pages, %zu bytes stripped to %zu\n", pages, bytes, kept);
    assert_true(kept < bytes * 3 / 4); /* it strips (the test pages: about half) */
}

static const struct {
    const char *html;
    bool strips; /* something is emptied */
} cases[] = {
    {"<p>a<script>var x = 1;</script>b<style>p{}</style>", true},
    {"<script type=\"application/ld+json\">{\"a\": 1}</script><p>x</p>", false},
    {"<div class=\"<script>x</script>\">y</div><p>z", false},
    {"<div title=\"<script>x</script>\">y</div><p>z", true}, /* title is not read */
    {"<!-- <script> --> <p>hi</p><script>s</script>", true},
    {"<!--> <script>a</script> <p>b</p>", true},
    {"<!---> <style>x</style><p>c", true},
    {"<!-- a --!> <script>b</script><p>c", true},
    {"<script><!-- <script> </script> x --></script><p>after</p><style>q</style>", false},
    {"<script><!-- no nested opening --></script><p>after</p>", true},
    {"<textarea><script>a</textarea></script><p>x", false},
    {"<title><style>t</title><p>body</p>", false},
    {"<svg><style>a<b>c</style></svg><script>x</script>", false},
    {"<svg viewBox='0 0 1 1'><path d=\"M0 0\"/><title>Icon</title></svg><script>y</script><p>z",
     true},
    {"<svg><p>breakout</p><script>q</script></svg><p>r", false},
    {"<svg/><script>q</script>", true},
    {"<svg class=b/><script>x</script><p>y", false},
    {"<a b=c'd x=\"<script>\">y</a><script>z</script>", true},
    {"</ <script>a</script> ><p>b</p>", false},
    {"<a =\">\" b>t</a><script>s</script><p>u", true},
    {"<script>a</scripts>b</script><p>c", true},
    {"<SCRIPT>A</SCRIPT ><p>B", true},
    {"<math><mi><script>x</script></mi></math><script>y</script>", false},
    {"<xmp><script>a</xmp><p>b", false},
    {"<script>unterminated <p>never a paragraph", false},
    {"<plaintext><script>a</script>", false},
    {"<noscript><style>a</style></noscript><p>x", true},
    {"<iframe><script>a</iframe><p>b", false},
    {"<![CDATA[ <script> ]]> <p>x</p><style>y</style>", true},
    {"<svg><![CDATA[ <style> ]]></svg><script>a</script>", false},
    {"<?php echo \"<script>\" ?><p>x</p>", false},
    {"<div><script>if (a<b && c>d) {}</script></div>", true},
    {"<p>a < b <script>x</script> c</p>", true},
    {"<svg><title><b>x</b></title></svg><script>y</script>", false},
    {"<table><tr><td><script>x</script><style>s</style></table>", true},
    {"<script>a</script", false},
    {"<nosscript><style>a</style><<select>cript><style>a</style></noscript><p>x", true},
    {"<select><option>a<option>b</select><script>c</script>", true},
    {"<frameset><style>a</style></frameset>", false},
    {"<svg></svg/><style>x</style>", false}, /* gumbo ignores these end tags in SVG */
    {"<svg></svg ><style>x</style>", false},
    {"<svg><g></g/></svg><style>x</style>", false},
    {"<svg><g></g></svg><style>x</style>", true},
    {"<p>a   b\n\n  c</p>", true},
    {"<pre>a   b</pre><p>c</p>", false},
    {"<pre>  a  </pre>  b  <pre>  c  </pre>", true},
    {"<pre><table><tr><td></pre>  x  </td></tr></table>  y  </pre>", false},
    {"<pre><pre></pre>  in the outer  </pre>", false},
    {"<listing>  a  </pre>  b  </listing>  c", true},
    {"<pre>a</pre><textarea>  b  </textarea>", false},
    {"<p style=\"color: red\" onclick=\"go()\">a</p>", true},
    {"<p style=\"display:none\">a</p>", false},
    {"<p style=\"x\" style=\"display:none\">a</p>", true},
    {"<p style=\"disp&#108;ay:none\" data-x=1>a</p>", true},
    {"<p x=\"1\"class=\"c\"y=2 id=d>a</p>", true},
    {"<br x=1 class=a />b", true},
    {"<img src=x/ alt=y>", false},
    {"<a href=x =y z>t</a>", true},
    {"<P CLASS=\"A\" Data-X=\"1\">t", true},
    {"<table><input type=hidden data-x=1><tr><td>a</td></tr></table>", true},
    {"<div hidden aria-label=x>a</div>", true},
    {"<p a=>b", true},
    {"<p class=>b", false},
    {"<p class=c", false},
    {"<isindex prompt=\"ask\" x=1>", false},
    {"<svg viewBox='0 0 1 1'><path d=\"M0 0\"/></svg><p>t", true},
    {"<select><option>a</select><p>t", true},
    {"</><svg>-</svg>>", false},
    {"</><svg></svg><script>y</script>", false},
    {"</><p>a</p><svg>-</svg>>", true},
    {"<svg><g><path></g></svg>x", false},
    {"<svg><g></svg>x", true},
    {"<svg><svg></svg>y</svg>x", true},
    {"<svg><svg><g></svg>y</svg>x", false},
    {"<", false},
    {"", false},
};

/* Readability's hidden styles, found at any place and in any case, and nothing else. */
static void test_style_hides(void **state)
{
    static const struct {
        const char *style;
        bool hides;
    } styles[] = {
        {"display:none", true},
        {"color: red; DISPLAY: None", true},
        {"visibility:hidden", true},
        {"x:1;visibility: hidden;", true},
        {"display:  none", false},
        {"display:block", false},
        {"none:display", false},
        {"visibility:visible", false},
        {":none", false},
        {"display:non", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
        if (page_style_hides(styles[i].style, strlen(styles[i].style)) != styles[i].hides)
            fail_msg("'%s': %s", styles[i].style, styles[i].hides ? "not hidden" : "hidden");
}

/* The comparison itself sees what would lose or change text. */
static void test_differences_are_seen(void **state)
{
    static const char *const pairs[][2] = {
        {"<p>a</p>", "<p>b</p>"},
        {"<pre>a  b</pre>", "<pre>a b</pre>"},
        {"<p style=\"display:none\">a</p>", "<p>a</p>"},
        {"<p class=x>a</p>", "<p>a</p>"},
        {"<p>a</p><p>b</p>", "<p>a</p>"},
        {"<div>a<b>c</b></div>", "<div>a</div>"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char why[200] = "";
        if (strip_parses_same(pairs[i][0], strlen(pairs[i][0]), pairs[i][1], strlen(pairs[i][1]),
                              why, sizeof why))
            fail_msg("%s and %s compared the same", pairs[i][0], pairs[i][1]);
    }
}

static void test_tricky_pages(void **state)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].html);
        size_t kept = check_page(cases[i].html, cases[i].html, len);
        if (cases[i].strips != (kept < len))
            fail_msg("%s: %s", cases[i].html, cases[i].strips ? "not stripped" : "stripped");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_parse_the_same),
        cmocka_unit_test(test_tricky_pages),
        cmocka_unit_test(test_differences_are_seen),
        cmocka_unit_test(test_style_hides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
