/* fuzz_extract: the article extractor on arbitrary bytes, as a web page (gumbo, scoring,
 * cleaning, writing), as a feed's own HTML text (gumbo, writing) and as a scraped text dump.
 * Invariants: extraction of a page never fails but for size, nesting or memory; the article's
 * strings are valid UTF-8 within the article cap; paragraphs of the text have no edge
 * whitespace; every image is an absolute http(s) URL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "feed.h"
#include "feed_article.h"
#include "quire_util.h"

static void check_text(const char *s)
{
    if (s && (strlen(s) > (size_t)QUIRE_ARTICLE_MAX_BYTES || !quire_utf8_valid(s, strlen(s), NULL)))
        abort();
}

static void check(const struct feed_article *a)
{
    if (!a->title || !a->text || !a->html)
        abort();
    check_text(a->title);
    check_text(a->byline);
    check_text(a->text);
    check_text(a->html);
    size_t n = strlen(a->text);
    if (n && (a->text[0] == ' ' || a->text[0] == '\n' || a->text[n - 1] == ' ' ||
              a->text[n - 1] == '\n' || strstr(a->text, " \n\n") || strstr(a->text, "\n\n ")))
        abort();
    for (size_t i = 0; i < a->n_images; i++)
        if (!a->images[i].src || !feed_url_is_http(a->images[i].src))
            abort();
}

/* A page or a fragment: its article checked, or only the refusals allowed. */
static void check_result(enum quire_status rc, struct feed_article *a)
{
    if (rc == QUIRE_OK) {
        check(a);
        feed_article_destroy(a);
    } else if (rc != QUIRE_EFORMAT && rc != QUIRE_ETOOBIG && rc != QUIRE_ENOMEM) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *url = "https://news.example.org/a/b.html";
    struct feed_article *a = NULL;
    struct quire_err err;
    check_result(feed_article_extract("fuzz.html", (const char *)data, size, url, &a, &err), a);
    a = NULL;
    check_result(feed_article_from_fragment("fuzz item", (const char *)data, size, url, &a, &err),
                 a);
    a = NULL;
    if (feed_article_from_text("fuzz.txt", (const char *)data, size, &a, &err) == QUIRE_OK) {
        check(a);
        feed_article_destroy(a);
    }
    return 0;
}
