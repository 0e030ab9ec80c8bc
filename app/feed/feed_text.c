/* feed_text: a scraped text dump (one paragraph per non-blank line, the shape of the corpus's
 * sample story) through the extractor's boilerplate rules, line by line:
 *   - navigation before the headline: the headline is the first line of at least
 *     TEXT_HEADLINE_WORDS words; the short lines above it ("Accessibility links", "Breaking
 *     News") are the site's;
 *   - a line printed more than once is a caption or a repeated widget: every copy goes;
 *   - image placeholders ("• 16x9 Image", "Photo: 4:3") go;
 *   - the article ends at the agencies' credit line ("With reporting by ...", kept): what
 *     follows is the site's footer. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "feed_article.h"
#include "feed_internal.h"
#include "feed_page.h"

#define TEXT_HEADLINE_WORDS 4

struct line {
    const char *s;
    size_t n;
};

static bool is_placeholder(const char *s, size_t n)
{
    /* bullets and spaces, digits x|:|× digits, then Image/Photo/Video */
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '*' || s[i] == '-' || (unsigned char)s[i] >= 0x80))
        i++;
    size_t d1 = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d1 || i >= n || !(s[i] == 'x' || s[i] == 'X' || s[i] == ':'))
        return false;
    size_t d2 = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d2)
        return false;
    while (i < n && s[i] == ' ')
        i++;
    static const char *const words[] = {"image", "photo", "video", "graphic"};
    for (size_t k = 0; k < 4; k++) {
        size_t w = strlen(words[k]);
        if (n - i < w || strncasecmp(s + i, words[k], w) != 0)
            continue;
        size_t j = i + w;
        while (j < n && s[j] == ' ')
            j++;
        if (j == n)
            return true;
    }
    return false;
}

static bool is_credit(const char *s, size_t n)
{
    static const char *const credits[] = {"With reporting by ", "Additional reporting by ",
                                          "Reporting by ", "Compiled by ", "Written by "};
    for (size_t k = 0; k < sizeof credits / sizeof credits[0]; k++)
        if (n > strlen(credits[k]) && strncasecmp(s, credits[k], strlen(credits[k])) == 0)
            return true;
    return false;
}

/* Lines are compared by a 64-bit FNV-1a hash: sorting the hashes keeps a page of a million
 * lines O(n log n). */
static uint64_t line_hash(const struct line *l)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < l->n; i++)
        h = (h ^ (unsigned char)l->s[i]) * 1099511628211ULL;
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool is_repeated(const uint64_t *sorted, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo + 1 < n && sorted[lo] == h && sorted[lo + 1] == h;
}

static int words_in(const char *s, size_t n)
{
    char buf[512];
    size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, s, k);
    buf[k] = '\0';
    return page_word_count(buf);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f';
}

/* The non-blank lines, trimmed; heap array. */
static struct line *split_lines(const char *text, size_t len, size_t *n_out)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += text[i] == '\n';
    struct line *lines = quire_malloc(cap * sizeof *lines);
    size_t n = 0;
    for (size_t i = 0; lines && i < len;) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        size_t a = i, b = end;
        while (a < b && is_blank(text[a]))
            a++;
        while (b > a && is_blank(text[b - 1]))
            b--;
        if (b > a)
            lines[n++] = (struct line){text + a, b - a};
        i = end + 1;
    }
    *n_out = n;
    return lines;
}

static enum quire_status put_para(struct quire_buf *text, struct quire_buf *html,
                                  const struct line *l)
{
    enum quire_status rc = QUIRE_OK;
    if (text->len)
        rc = quire_buf_puts(text, "\n\n");
    if (!rc)
        rc = quire_buf_append(text, l->s, l->n);
    if (!rc)
        rc = quire_buf_puts(html, "<p>");
    if (!rc)
        rc = quire_buf_put_xml(html, l->s, l->n);
    return rc ? rc : quire_buf_puts(html, "</p>\n");
}

static enum quire_status build(struct feed_article *a, const struct line *lines, size_t n)
{
    uint64_t *hashes = quire_malloc(n * sizeof *hashes);
    if (!hashes)
        return QUIRE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        hashes[i] = line_hash(&lines[i]);
    qsort(hashes, n, sizeof *hashes, cmp_u64);
    size_t head = 0;
    while (head < n && words_in(lines[head].s, lines[head].n) < TEXT_HEADLINE_WORDS)
        head++;
    if (head == n)
        head = 0;
    a->title = quire_malloc(lines[head].n + 1);
    if (!a->title) {
        quire_free(hashes);
        return QUIRE_ENOMEM;
    }
    memcpy(a->title, lines[head].s, lines[head].n);
    a->title[lines[head].n] = '\0';
    struct quire_buf text, html;
    quire_buf_init(&text, QUIRE_ARTICLE_MAX_BYTES);
    quire_buf_init(&html, QUIRE_ARTICLE_MAX_BYTES);
    enum quire_status rc = QUIRE_OK;
    for (size_t i = head + 1; i < n && !rc; i++) {
        const struct line *l = &lines[i];
        if (is_repeated(hashes, n, line_hash(l)) || is_placeholder(l->s, l->n))
            continue;
        rc = put_para(&text, &html, l);
        if (is_credit(l->s, l->n))
            break;
    }
    if (!rc) {
        a->text = text.data ? quire_buf_steal(&text, NULL) : quire_strdup("");
        a->html = html.data ? quire_buf_steal(&html, NULL) : quire_strdup("");
        rc = a->text && a->html ? QUIRE_OK : QUIRE_ENOMEM;
    }
    quire_buf_fini(&text);
    quire_buf_fini(&html);
    quire_free(hashes);
    return rc;
}

enum quire_status feed_article_from_text(const char *name, const char *data, size_t len,
                                         struct feed_article **out, struct quire_err *err)
{
    *out = NULL;
    if (len > (size_t)QUIRE_PAGE_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %ld bytes", name,
                             (long)QUIRE_PAGE_MAX_BYTES);
    size_t bad;
    if (!quire_utf8_valid(data, len, &bad))
        return quire_err_set(err, QUIRE_EUTF8, "%s: not UTF-8 (byte %zu)", name, bad);
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not text (a NUL byte at %zu)", name,
                             (size_t)(nul - data));
    size_t n = 0;
    struct line *lines = split_lines(data, len, &n);
    struct feed_article *a = quire_calloc(1, sizeof *a);
    enum quire_status rc = !lines || !a ? QUIRE_ENOMEM : QUIRE_OK;
    if (!rc && n == 0)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: no text", name);
    else if (!rc)
        rc = build(a, lines, n);
    quire_free(lines);
    if (rc == QUIRE_ENOMEM)
        quire_err_set(err, rc, "%s: out of memory", name);
    else if (rc == QUIRE_ETOOBIG)
        quire_err_set(err, rc, "%s: the article is larger than the limit", name);
    if (rc) {
        feed_article_destroy(a);
        return rc;
    }
    *out = a;
    return QUIRE_OK;
}
