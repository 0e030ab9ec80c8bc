/* extract_floor: the part of `quire extract` that no extractor over gumbo can skip, for
 * bench/extract.sh to time next to the whole extractor and python3-readability: each page read,
 * then (mode "slim") made the slimmer page the extractor parses and parsed by gumbo out of the
 * extractor's arena, or (mode "whole") parsed whole with gumbo's defaults. Nothing else: no
 * metadata, no scoring, no output. Usage: extract_floor slim|whole PAGE... */
#include <gumbo.h>
#include <stdio.h>
#include <string.h>

#include "feed_page.h"
#include "quire_util.h"

static int parse_slim(const char *page, size_t len)
{
    size_t n = 0;
    char *slim = page_strip_scripts(page, len, &n);
    struct page_arena *arena = page_arena_create();
    if (!slim || !arena)
        return 1;
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = 0;
    page_arena_gumbo_options(arena, &o);
    gumbo_parse_with_options(&o, slim, n);
    page_arena_destroy(arena);
    quire_free(slim);
    return 0;
}

static int parse_whole(const char *page, size_t len)
{
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&o, page, len);
    gumbo_destroy_output(&o, g);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "slim") && strcmp(argv[1], "whole"))) {
        fprintf(stderr, "usage: extract_floor slim|whole PAGE...\n");
        return 2;
    }
    bool slim = strcmp(argv[1], "slim") == 0;
    for (int i = 2; i < argc; i++) {
        char *page;
        size_t len;
        struct quire_err err;
        if (quire_file_read(argv[i], 64L << 20, &page, &len, &err)) {
            fprintf(stderr, "extract_floor: %s\n", err.msg);
            return 1;
        }
        int rc = slim ? parse_slim(page, len) : parse_whole(page, len);
        quire_free(page);
        if (rc) {
            fprintf(stderr, "extract_floor: %s: out of memory\n", argv[i]);
            return 1;
        }
    }
    return 0;
}
