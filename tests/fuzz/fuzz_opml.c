/* fuzz_opml: the OPML reader on arbitrary bytes.
 * Invariant: a list that parses writes out as OPML that parses again into the same feeds, in
 * the same order, with the same titles and sections (export then import loses nothing). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "quire_util.h"

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void roundtrip(const struct feed_opml *o)
{
    char *text = NULL;
    size_t len = 0;
    struct feed_opml *o2 = NULL;
    struct quire_err err;
    if (feed_opml_write(o, &text, &len, &err) != QUIRE_OK)
        return; /* out of memory or over the size cap */
    if (feed_opml_parse("again.opml", text, len, &o2, &err) != QUIRE_OK)
        abort();
    if (o2->n_entries != o->n_entries)
        abort();
    /* The writer groups a section's feeds at its first appearance, so compare by section. */
    for (size_t i = 0, k = 0; i < o->n_entries; i++) {
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = !same(o->entries[j].section, o->entries[i].section);
        for (size_t j = i; first && j < o->n_entries; j++) {
            const struct feed_opml_entry *a = &o->entries[j], *b = &o2->entries[k];
            if (!same(a->section, o->entries[i].section))
                continue;
            if (!same(a->url, b->url) || !same(a->title, b->title) ||
                !same(a->section, b->section) || !same(a->site, b->site))
                abort();
            k++;
        }
    }
    feed_opml_destroy(o2);
    quire_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed_opml *o = NULL;
    struct quire_err err;
    if (feed_opml_parse("fuzz.opml", (const char *)data, size, &o, &err) == QUIRE_OK) {
        roundtrip(o);
        feed_opml_destroy(o);
    }
    return 0;
}
