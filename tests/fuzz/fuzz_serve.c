/* fuzz_serve: what `quire serve` takes from a LAN client and prints, on arbitrary bytes: the
 * Range header (sync_serve_parse_range), the request path check (sync_index_name_ok) and the
 * escaping of everything logged (quire_escape_line). The first 8 bytes are the file size. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quire_util.h"
#include "sync_index.h"
#include "sync_repo.h"

static void check_range(const char *h, uint64_t size)
{
    uint64_t from = 0, to = 0;
    if (!sync_serve_parse_range(h, size, &from, &to) || from >= size)
        return; /* the whole file, or 416 */
    if (to < from || to >= size)
        abort(); /* a range past the file would read beyond it */
}

static void check_name(const char *s)
{
    if (!sync_index_name_ok(s))
        return;
    if (s[0] == '.' || strchr(s, '/') || strchr(s, '\\') || strlen(s) > 200)
        abort(); /* a path that could leave the archive */
}

static void check_escape(const char *s)
{
    char out[512];
    quire_escape_line(s, out, sizeof out);
    size_t n = strlen(out);
    if (n >= sizeof out || !quire_utf8_valid(out, n, NULL))
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
            abort(); /* a control byte reached the terminal */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    uint64_t file_size = 0;
    memcpy(&file_size, data, 8);
    file_size &= (1ULL << 40) - 1;
    char *s = malloc(size - 8 + 1);
    if (!s)
        return 0;
    memcpy(s, data + 8, size - 8);
    s[size - 8] = '\0';
    check_range(s, file_size);
    check_name(s);
    check_escape(s);
    free(s);
    return 0;
}
