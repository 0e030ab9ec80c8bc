/* fuzz_tokenizer: the search tokenizer Quire registers (store_fts_register) against SQLite's
 * own unicode61 on arbitrary bytes: every token, its folding and its offsets must be the
 * same, since the library's index has to stay readable and checkable by any SQLite. */
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../support/fts_tokens.h"
#include "quire_util.h"
#include "store_fts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sqlite3 *builtin, *front;
    static struct quire_buf want, got;
    if (!builtin) {
        if (sqlite3_open(":memory:", &builtin) != SQLITE_OK ||
            sqlite3_open(":memory:", &front) != SQLITE_OK || store_fts_register(front) != SQLITE_OK)
            abort();
        quire_buf_init(&want, 1 << 26);
        quire_buf_init(&got, 1 << 26);
    }
    if (size > 1 << 16)
        return 0;
    static const char *args[] = {"remove_diacritics", "2"};
    int a = fts_tokens(builtin, args, 2, (const char *)data, (int)size, &want);
    int b = fts_tokens(front, args, 2, (const char *)data, (int)size, &got);
    if (a != b || want.len != got.len || (want.len && memcmp(want.data, got.data, want.len)))
        abort();
    return 0;
}
