/* fuzz_http_head: the client side of an HTTP transfer's headers on arbitrary bytes: status
 * lines, Content-Length, Content-Range, Location and validators across several responses (a
 * redirect chain), through net_head_line, and the decisions taken on them for a resumed file
 * download and a capped memory GET. The first 16 bytes are the file's size and the resume
 * offset; the rest is split into header lines at each '\n' (kept, as libcurl hands them). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net_http_head.h"

static uint64_t read_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* What a passing check promises: the body that follows is exactly the bytes asked for. */
static void check_decisions(const struct net_head *h, uint64_t start, uint64_t size)
{
    char why[160];
    if (h->status != 0 && (h->status < 100 || h->status > 599))
        abort();
    if (h->etag[0] && strlen(h->etag) >= sizeof h->etag)
        abort();
    if (net_head_check_file(h, start, size, why, sizeof why)) {
        if (h->is_bad)
            abort();
        if (h->status == 200 && h->content_length >= 0 && (uint64_t)h->content_length != size)
            abort();
        if (h->status == 206 && ((uint64_t)h->range_first != start || h->range_total < 0 ||
                                 (uint64_t)h->range_total != size))
            abort();
    } else if (!why[0] || strlen(why) >= sizeof why) {
        abort(); /* a refusal always says why, in one bounded phrase */
    }
    if (!net_head_check_cap(h, size, why, sizeof why) &&
        !(h->content_length >= 0 && (uint64_t)h->content_length > size))
        abort();
    if (h->has_range && h->range_first >= 0 &&
        (h->range_last < h->range_first ||
         (h->range_total >= 0 && h->range_last >= h->range_total)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 16)
        return 0;
    uint64_t file_size = read_u64(data) % (1ULL << 40), start = read_u64(data + 8);
    start = file_size ? start % file_size : 0;
    const char *text = (const char *)data + 16;
    size_t n = size - 16;
    struct net_head h;
    net_head_init(&h);
    for (size_t at = 0; at < n;) {
        const char *nl = memchr(text + at, '\n', n - at);
        size_t len = nl ? (size_t)(nl - (text + at)) + 1 : n - at;
        net_head_line(&h, text + at, len);
        if (h.is_complete && net_head_is_final(&h))
            check_decisions(&h, start, file_size);
        at += len;
    }
    check_decisions(&h, start, file_size);
    return 0;
}
