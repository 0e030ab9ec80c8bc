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
    if (size < 1 || size > 1 << 16)
        return 0;
    /* The first byte picks the tokenizer's options: Quire's own, and others unicode61 takes. */
    static const char *const sets[][6] = {
        {"remove_diacritics", "2"},
        {"remove_diacritics", "0"},
        {"remove_diacritics", "1", "tokenchars", "-_.", "separators", "x\xc3\xa9"},
        {"categories", "L* N* Co Mn", "remove_diacritics", "2"},
        {"categories", "Lu Nd", "tokenchars", "\xef\xbf\xbd"},
    };
    static const int nargs[] = {2, 2, 6, 4, 4};
    size_t k = data[0] % (sizeof nargs / sizeof *nargs);
    const char **args = (const char **)sets[k];
    data++, size--;
    int a = fts_tokens(builtin, args, nargs[k], (const char *)data, (int)size, &want);
    int b = fts_tokens(front, args, nargs[k], (const char *)data, (int)size, &got);
    if (a != b || want.len != got.len || (want.len && memcmp(want.data, got.data, want.len)))
        abort();
    return 0;
}
