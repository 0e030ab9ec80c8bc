/* fuzz_feed: the feed parser (RSS, RDF, Atom, JSON Feed) on arbitrary bytes.
 * Invariants: a parsed feed holds only valid UTF-8 within the caps, every item has a guid and
 * a title, updated >= published, and every link and media URL is absolute http(s). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "feed.h"
#include "quire_util.h"

static void check_text(const char *s, size_t cap)
{
    if (s && (strlen(s) > cap || !quire_utf8_valid(s, strlen(s), NULL)))
        abort();
}

static void check_url(const char *u)
{
    if (u && !feed_url_is_http(u))
        abort();
}

static void check_item(const struct feed_item *it)
{
    if (!it->guid || !it->title || it->updated < it->published)
        abort();
    check_text(it->guid, QUIRE_FEED_MAX_TEXT_BYTES);
    check_text(it->title, QUIRE_FEED_MAX_TEXT_BYTES);
    check_text(it->author, QUIRE_FEED_MAX_TEXT_BYTES);
    check_text(it->summary, QUIRE_FEED_MAX_FIELD_BYTES);
    check_text(it->content, QUIRE_FEED_MAX_FIELD_BYTES);
    check_url(it->link);
    if (it->n_categories > QUIRE_FEED_MAX_LIST || it->n_media > QUIRE_FEED_MAX_LIST)
        abort();
    for (size_t i = 0; i < it->n_categories; i++)
        check_text(it->categories[i], QUIRE_FEED_MAX_TEXT_BYTES);
    for (size_t i = 0; i < it->n_media; i++) {
        if (!it->media[i].url)
            abort();
        check_url(it->media[i].url);
        check_text(it->media[i].caption, QUIRE_FEED_MAX_TEXT_BYTES);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed *f = NULL;
    struct quire_err err;
    if (feed_parse("fuzz.xml", (const char *)data, size, "https://feeds.example.org/a/feed.xml", &f,
                   &err) == QUIRE_OK) {
        if (f->n_items > QUIRE_FEED_MAX_ITEMS)
            abort();
        check_text(f->title, QUIRE_FEED_MAX_TEXT_BYTES);
        check_url(f->link);
        for (size_t i = 0; i < f->n_items; i++)
            check_item(&f->items[i]);
        feed_destroy(f);
    } else if (f || !err.msg[0]) {
        abort(); /* a failure leaves no feed and says why */
    }
    int64_t t;
    char text[65];
    size_t n = size < 64 ? size : 64;
    memcpy(text, data, n);
    text[n] = '\0';
    (void)feed_date_parse(text, &t);
    return 0;
}
