/* fuzz_index: the repository index parser (sync_index_parse) on arbitrary bytes. Whatever
 * parses must serialise and parse again to the same sequence and bundle count. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "quire_util.h"
#include "sync_index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_index *idx = NULL, *again = NULL;
    if (sync_index_parse((const char *)data, size, "fuzz", &idx, NULL) != QUIRE_OK)
        return 0;
    char *json = NULL;
    size_t len = 0;
    if (sync_index_write(idx, &json, &len, NULL) == QUIRE_OK) {
        if (sync_index_parse(json, len, "again", &again, NULL) != QUIRE_OK ||
            again->n_bundles != idx->n_bundles || again->sequence != idx->sequence)
            abort();
        sync_index_free(again);
        quire_free(json);
    }
    sync_index_free(idx);
    return 0;
}
