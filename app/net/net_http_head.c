/* net_http_head: response headers and the download decision (see net_http_head.h). Header
 * values are parsed strictly: a length that is not all digits, or two different lengths, is
 * "bad" rather than guessed at, since it comes from a server that may be hostile. */
#include "net_http_head.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HEAD_NUMBER_MAX (1LL << 62) /* larger lengths are refused, never overflowed */

void net_head_init(struct net_head *h)
{
    memset(h, 0, sizeof *h);
    h->content_length = h->range_first = h->range_last = h->range_total = -1;
}

/* Trims spaces, tabs and the line end from both sides of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
    while (*n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        --*n;
    }
    while (*n > 0 && strchr(" \t\r\n", s[*n - 1]))
        --*n;
    return s;
}

/* Whole decimal number s[0..n) (n >= 1, digits only, at most HEAD_NUMBER_MAX); -1 if not. */
static int64_t number(const char *s, size_t n)
{
    int64_t v = 0;
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (HEAD_NUMBER_MAX - 9) / 10)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "HTTP/1.1 206 Partial Content", "HTTP/2 200": the three-digit status, or 0. */
static int status_of(const char *s, size_t n)
{
    size_t i = 5; /* past "HTTP/" */
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        i++;
    if (i == 5 || i + 4 > n || s[i] != ' ')
        return 0;
    int64_t code = number(s + i + 1, 3);
    bool ends = i + 4 == n || strchr(" \r\n", s[i + 4]);
    return code >= 100 && code <= 599 && ends ? (int)code : 0;
}

/* "bytes FIRST-LAST/TOTAL", "bytes FIRST-LAST/" then a star (total unknown), or an unsatisfied
 * range ("bytes", a star, "/TOTAL": a 416). */
static void parse_range(struct net_head *h, const char *v, size_t n)
{
    if (n < 6 || strncasecmp(v, "bytes ", 6) != 0) {
        h->is_bad = true;
        return;
    }
    const char *p = v + 6, *end = v + n;
    const char *slash = memchr(p, '/', (size_t)(end - p));
    if (!slash) {
        h->is_bad = true;
        return;
    }
    bool any_total = slash + 2 == end && slash[1] == '*';
    int64_t total = any_total ? -1 : number(slash + 1, (size_t)(end - slash - 1));
    int64_t first = -1, last = -1;
    if (!(slash - p == 1 && *p == '*')) {
        const char *dash = memchr(p, '-', (size_t)(slash - p));
        first = dash ? number(p, (size_t)(dash - p)) : -1;
        last = dash ? number(dash + 1, (size_t)(slash - dash - 1)) : -1;
        if (first < 0 || last < first || (total >= 0 && last >= total)) {
            h->is_bad = true;
            return;
        }
    }
    if (!any_total && total < 0) {
        h->is_bad = true;
        return;
    }
    h->has_range = true;
    h->range_first = first;
    h->range_last = last;
    h->range_total = total;
}

static void keep_text(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap) { /* a validator or a target cut short would be wrong: drop it */
        dst[0] = '\0';
        return;
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
}

/* The value of header `name` in line[0..len), trimmed, or NULL. */
static const char *value_of(const char *line, size_t len, const char *name, size_t *n)
{
    size_t k = strlen(name);
    if (len <= k || line[k] != ':' || strncasecmp(line, name, k) != 0)
        return NULL;
    *n = len - k - 1;
    return trim(line + k + 1, n);
}

void net_head_line(struct net_head *h, const char *line, size_t len)
{
    const char *v;
    size_t n = 0;
    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new response starts over */
        int responses = h->responses + 1;
        net_head_init(h);
        h->responses = responses;
        h->status = status_of(line, len);
        return;
    }
    if (len == 0 || line[0] == '\r' || line[0] == '\n') {
        h->is_complete = true;
        return;
    }
    if ((v = value_of(line, len, "Content-Length", &n))) {
        int64_t cl = number(v, n);
        if (cl < 0 || (h->content_length >= 0 && h->content_length != cl))
            h->is_bad = true;
        else
            h->content_length = cl;
    } else if ((v = value_of(line, len, "Content-Range", &n))) {
        if (h->has_range) /* two ranges: which bytes come is anybody's guess */
            h->is_bad = true;
        else
            parse_range(h, v, n);
    } else if ((v = value_of(line, len, "ETag", &n))) {
        keep_text(h->etag, sizeof h->etag, v, n);
    } else if ((v = value_of(line, len, "Last-Modified", &n))) {
        keep_text(h->last_modified, sizeof h->last_modified, v, n);
    } else if ((v = value_of(line, len, "Location", &n))) {
        keep_text(h->location, sizeof h->location, v, n);
    }
}

bool net_head_is_final(const struct net_head *h)
{
    return h->status >= 200 && h->status <= 299;
}

bool net_head_check_file(const struct net_head *h, uint64_t start, uint64_t size, char *why,
                         size_t cap)
{
    unsigned long long want = (unsigned long long)size;
    if (h->is_bad) {
        snprintf(why, cap, "the server sent a Content-Length or Content-Range it cannot mean");
        return false;
    }
    if (h->status == 200 && h->content_length >= 0 && (uint64_t)h->content_length != size) {
        snprintf(why, cap, "the server declares %lld bytes where the index lists %llu",
                 (long long)h->content_length, want);
        return false;
    }
    if (h->status != 206)
        return true;
    if (!h->has_range || h->range_first < 0 || (uint64_t)h->range_first != start ||
        (uint64_t)h->range_last + 1 != size || h->range_total < 0 ||
        (uint64_t)h->range_total != size) {
        snprintf(why, cap, "the server answered a resume at byte %llu of %llu with other bytes",
                 (unsigned long long)start, want);
        return false;
    }
    if (h->content_length >= 0 && (uint64_t)h->content_length != size - start) {
        snprintf(why, cap, "the server declares %lld bytes for the %llu left to fetch",
                 (long long)h->content_length, (unsigned long long)(size - start));
        return false;
    }
    return true;
}

bool net_head_check_cap(const struct net_head *h, uint64_t limit, char *why, size_t cap)
{
    if (!net_head_is_final(h) || h->content_length < 0 || (uint64_t)h->content_length <= limit)
        return true;
    snprintf(why, cap, "the server declares %lld bytes, more than the %llu accepted",
             (long long)h->content_length, (unsigned long long)limit);
    return false;
}
