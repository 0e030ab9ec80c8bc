/* fuzz_strip: the extractor empties script and style bodies before gumbo parses a page
 * (feed_strip.c); on any input the stripped page must parse to the whole page's tree but for
 * those bodies, or article text would be lost. Aborts on the first difference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../support/strip_same.h"
#include "feed_page.h"
#include "quire_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t out_len;
    char *out = page_strip_scripts((const char *)data, size, &out_len);
    if (!out)
        return 0;
    char why[200] = "";
    bool same = strip_parses_same((const char *)data, size, out, out_len, why, sizeof why);
    quire_free(out);
    if (!same) {
        fprintf(stderr, "fuzz_strip: the stripped page parses otherwise: %s\n", why);
        abort();
    }
    return 0;
}
