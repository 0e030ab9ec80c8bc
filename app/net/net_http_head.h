/* net_http_head: what a server's response headers promise, read line by line as libcurl hands
 * them over (status line, Content-Length, Content-Range, Location, ETag, Last-Modified), and
 * the decision that follows for a download whose size is known beforehand (a bundle the index
 * lists): a response that announces other bytes than the ones asked for is refused before its
 * body is read, so a server that declares more than it sends, or a length the index
 * contradicts, costs nothing and the next mirror is tried at once. Pure functions over
 * untrusted text (no I/O): tests/fuzz/fuzz_http_head.c feeds them. */
#ifndef QUIRE_NET_HTTP_HEAD_H
#define QUIRE_NET_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_HEAD_LOCATION_MAX 1024 /* bytes of a Location kept (longer: dropped) */

/* One response's headers; a new status line (a redirect's next hop, a 100 Continue) starts
 * over, so after the last line it describes the final response. -1: absent. */
struct net_head {
    int status;             /* 0 until a valid status line */
    int64_t content_length; /* -1 absent; a malformed or repeated-and-different one: bad */
    int64_t range_first;    /* Content-Range: bytes FIRST-LAST/TOTAL */
    int64_t range_last;
    int64_t range_total; /* -1 for "*" or absent */
    bool has_range;
    bool is_bad;    /* a Content-Length or Content-Range that cannot be understood */
    int responses;  /* status lines seen (redirect hops + 1) */
    char etag[256]; /* "" when absent or too long to keep */
    char last_modified[64];
    char location[NET_HEAD_LOCATION_MAX];
    bool is_complete; /* the blank line that ends a block of headers was seen */
};

void net_head_init(struct net_head *h);
/* Feeds one header line as libcurl delivers it (with its CR LF, not NUL-terminated). */
void net_head_line(struct net_head *h, const char *line, size_t len);
/* True when this response is the one whose body is the content (2xx): redirects (3xx) and
 * interim answers (1xx) are followed by another response. */
bool net_head_is_final(const struct net_head *h);
/* For a download of a `size`-byte file resumed at `start` (0: from the beginning): true when
 * the final response's headers agree with what was asked (200 with Content-Length `size` or
 * none; 206 covering start..size-1 of a `size`-byte file; any other status is left to the
 * caller), else false with why (one phrase) in why. */
bool net_head_check_file(const struct net_head *h, uint64_t start, uint64_t size, char *why,
                         size_t cap);
/* For a memory GET under limit bytes: false (and why) when a 2xx declares more. */
bool net_head_check_cap(const struct net_head *h, uint64_t limit, char *why, size_t cap);

#endif
