/* store_fts: a memoising front for FTS5's own unicode61 tokenizer, registered under the same
 * name on Quire's connections.
 *
 * Why: importing news in Cyrillic, Persian or Greek spent more than half of the writing
 * thread's time in unicode61, which decides each non-ASCII character with three binary
 * searches (is it a letter, is it a diacritic, what does it fold to). Those answers depend
 * only on the character, so this front asks the real unicode61 once per distinct character,
 * by tokenizing a one- and a two-character probe, and keeps the answers in a table. Tokens,
 * their folding and their byte offsets are therefore unicode61's own; any input this front
 * cannot decide alone (invalid UTF-8, characters beyond U+FFFF, an unexpected probe answer)
 * goes to the real unicode61 whole. The schema still names unicode61, so the library stays
 * readable and checkable by any SQLite, including the sqlite3 shell.
 *
 * The same tokenizer also finds where a search's words first occur in an article's text
 * (store_finder), so the reader opens a result at the match the index found. */
#include "store_fts.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "quire_util.h"
#include "store_internal.h"

/* The built-in tokenizer, found before ours replaces its name on the connection. */
struct fts_builtin {
    fts5_tokenizer api;
    void *ctx;
};

/* A table entry, per character: zero until probed. What the character folds to is kept
 * ready as UTF-8: up to three bytes (lowest byte first) and their count. */
enum {
    CH_KNOWN = 1u << 31,
    CH_STARTS = 1u << 30,    /* begins a token (a letter, a digit, ...) */
    CH_CONTINUES = 1u << 29, /* may go on in a token (those, and diacritics) */
    CH_FALLBACK = 1u << 28,  /* the probe's answer was not one character: ask unicode61 */
    CH_LEN_SHIFT = 24,       /* bytes of the folded form, 0..3 (0: dropped from the token) */
    CH_BYTES_MASK = 0xffffff,
};

enum { PAGE_BITS = 8, PAGES = 0x10000 >> PAGE_BITS };

struct fts_front {
    const struct fts_builtin *builtin;
    Fts5Tokenizer *inner; /* the real unicode61, made with the same arguments */
    bool ascii_ok;        /* every ASCII character has an answer: the front can work */
    uint32_t ascii[128];  /* probed when the front is made: most text is mostly ASCII */
    uint32_t *page[PAGES];
    char *out; /* the folded token being built */
    size_t cap;
};

/* ---- UTF-8 ---- */

/* Decodes one BMP character of valid UTF-8; 0 bytes for anything else (bad or astral). */
static inline int decode_bmp(const unsigned char *s, const unsigned char *end, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf && end - s >= 2 && (s[1] & 0xc0) == 0x80) {
        *cp = (c & 0x1fu) << 6 | (s[1] & 0x3fu);
        return 2;
    }
    if (c >= 0xe0 && c <= 0xef && end - s >= 3 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        uint32_t v = (c & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
        if (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))
            return 0;
        *cp = v;
        return 3;
    }
    return 0;
}

/* ---- probing the real unicode61 ---- */

struct probe {
    int n;        /* tokens seen */
    char tok[16]; /* the first one */
    int len, start, end;
};

static int probe_token(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    struct probe *p = ctx;
    if (p->n++ == 0) {
        p->len = n < (int)sizeof p->tok ? n : -1;
        if (p->len >= 0)
            memcpy(p->tok, tok, (size_t)n);
        p->start = start;
        p->end = end;
    }
    return 0;
}

/* What unicode61 does with cp: alone (does it start a token?) and after an "a" (does it go
 * on in one, and what does it fold to?). */
static uint32_t probe(struct fts_front *f, uint32_t cp)
{
    char text[8] = "a";
    size_t len = quire_utf8_put(cp, text + 1);
    struct probe alone = {0}, after = {0};
    if (f->builtin->api.xTokenize(f->inner, &alone, FTS5_TOKENIZE_DOCUMENT, text + 1, (int)len,
                                  probe_token) != SQLITE_OK ||
        f->builtin->api.xTokenize(f->inner, &after, FTS5_TOKENIZE_DOCUMENT, text, (int)len + 1,
                                  probe_token) != SQLITE_OK)
        return CH_KNOWN | CH_FALLBACK;
    uint32_t e = CH_KNOWN;
    if (alone.n == 1 && alone.start == 0 && alone.end == (int)len)
        e |= CH_STARTS;
    else if (alone.n != 0)
        return CH_KNOWN | CH_FALLBACK;
    if (after.n != 1 || after.start != 0 || after.len < 1 || after.tok[0] != 'a')
        return CH_KNOWN | CH_FALLBACK;
    if (after.end == 1 + (int)len) {
        e |= CH_CONTINUES;
        uint32_t fold = 0;
        const unsigned char *rest = (const unsigned char *)after.tok + 1;
        int n = after.len - 1;
        if (n > 0 && decode_bmp(rest, rest + n, &fold) != n)
            return CH_KNOWN | CH_FALLBACK; /* not exactly one BMP character */
        e |= (uint32_t)n << CH_LEN_SHIFT;
        for (int i = 0; i < n; i++)
            e |= (uint32_t)rest[i] << (8 * i);
    } else if (after.end != 1) {
        return CH_KNOWN | CH_FALLBACK;
    }
    if ((e & CH_STARTS) && !(e & CH_CONTINUES))
        return CH_KNOWN | CH_FALLBACK;
    return e;
}

/* The entry for cp, probing on first sight; 0 when out of memory. */
static uint32_t entry(struct fts_front *f, uint32_t cp)
{
    uint32_t *page = f->page[cp >> PAGE_BITS];
    if (!page) {
        page = quire_calloc((size_t)1 << PAGE_BITS, sizeof *page);
        if (!page)
            return 0;
        f->page[cp >> PAGE_BITS] = page;
    }
    uint32_t *e = &page[cp & ((1u << PAGE_BITS) - 1)];
    if (!*e)
        *e = probe(f, cp);
    return *e;
}

/* ---- tokenizing ---- */

/* True if every character is valid BMP UTF-8 this front has answers for. Probes as it goes,
 * so the tokenizing pass below never meets an unknown character. */
static bool front_can_take(struct fts_front *f, const unsigned char *s, const unsigned char *end)
{
    while (s < end) {
        if (*s < 0x80) {
            s++;
            uint64_t w; /* ASCII eight bytes at a time: it needs no checking */
            while (end - s >= 8 && (memcpy(&w, s, 8), !(w & 0x8080808080808080ull)))
                s += 8;
            continue;
        }
        uint32_t cp;
        int n = decode_bmp(s, end, &cp);
        if (n == 0)
            return false;
        uint32_t e = entry(f, cp);
        if (!e || (e & CH_FALLBACK))
            return false;
        s += n;
    }
    return true;
}

/* The next character's entry and length; only for text front_can_take accepted. */
static inline uint32_t next_entry(const struct fts_front *f, const unsigned char *s,
                                  const unsigned char *end, int *len)
{
    if (*s < 0x80) {
        *len = 1;
        return f->ascii[*s];
    }
    uint32_t cp = 0;
    *len = decode_bmp(s, end, &cp);
    return f->page[cp >> PAGE_BITS][cp & ((1u << PAGE_BITS) - 1)];
}

static bool reserve(struct fts_front *f, size_t need)
{
    if (need <= f->cap)
        return true;
    size_t cap = f->cap ? f->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = quire_realloc(f->out, cap);
    if (!p)
        return false;
    f->out = p;
    f->cap = cap;
    return true;
}

typedef int (*token_cb)(void *ctx, int tflags, const char *tok, int n, int start, int end);

/* unicode61's loop (separators, then a run of token characters, folded), on the table. */
static int front_tokenize(struct fts_front *f, void *ctx, const unsigned char *text, int n,
                          token_cb cb)
{
    if (!reserve(f, 256))
        return SQLITE_NOMEM;
    const unsigned char *s = text, *end = text + n;
    while (s < end) {
        int len;
        uint32_t e = next_entry(f, s, end, &len);
        if (!(e & CH_STARTS)) {
            s += len;
            continue;
        }
        const unsigned char *start = s;
        size_t used = 0;
        do {
            if (used + 3 > f->cap && !reserve(f, used + 3)) /* a folded character: <= 3 bytes */
                return SQLITE_NOMEM;
            char *out = f->out;
            out[used] = (char)(e & 0xff);
            out[used + 1] = (char)(e >> 8 & 0xff);
            out[used + 2] = (char)(e >> 16 & 0xff);
            used += e >> CH_LEN_SHIFT & 3;
            s += len;
            if (s >= end)
                break;
            e = next_entry(f, s, end, &len);
        } while (e & CH_CONTINUES);
        int rc = cb(ctx, 0, f->out, (int)used, (int)(start - text), (int)(s - text));
        if (rc)
            return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    return SQLITE_OK;
}

static int fts_front_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int n,
                              token_cb cb)
{
    struct fts_front *f = (struct fts_front *)tok;
    const unsigned char *s = (const unsigned char *)text;
    if (n > 0 && f->ascii_ok && front_can_take(f, s, s + n))
        return front_tokenize(f, ctx, s, n, cb);
    return f->builtin->api.xTokenize(f->inner, ctx, flags, text, n, cb);
}

static int fts_front_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
    const struct fts_builtin *builtin = ctx;
    struct fts_front *f = quire_calloc(1, sizeof *f);
    if (!f)
        return SQLITE_NOMEM;
    f->builtin = builtin;
    int rc = builtin->api.xCreate(builtin->ctx, args, nargs, &f->inner);
    if (rc != SQLITE_OK) {
        quire_free(f);
        return rc;
    }
    f->ascii_ok = true;
    for (uint32_t c = 0; c < 128; c++) {
        f->ascii[c] = probe(f, c);
        f->ascii_ok = f->ascii_ok && !(f->ascii[c] & CH_FALLBACK);
    }
    *out = (Fts5Tokenizer *)f;
    return SQLITE_OK;
}

static void fts_front_delete(Fts5Tokenizer *tok)
{
    struct fts_front *f = (struct fts_front *)tok;
    if (!f)
        return;
    f->builtin->api.xDelete(f->inner);
    for (int i = 0; i < PAGES; i++)
        quire_free(f->page[i]);
    quire_free(f->out);
    quire_free(f);
}

/* ---- registration ---- */

static void free_builtin(void *builtin)
{
    quire_free(builtin);
}

fts5_api *store_fts_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api && api->iVersion >= 2 ? api : NULL;
}

int store_fts_register(sqlite3 *db)
{
    fts5_api *api = store_fts_api(db);
    if (!api)
        return SQLITE_ERROR;
    struct fts_builtin *builtin = quire_calloc(1, sizeof *builtin);
    if (!builtin)
        return SQLITE_NOMEM;
    int rc = api->xFindTokenizer(api, "unicode61", &builtin->ctx, &builtin->api);
    if (rc != SQLITE_OK) {
        quire_free(builtin);
        return rc;
    }
    fts5_tokenizer front = {fts_front_create, fts_front_delete, fts_front_tokenize};
    rc = api->xCreateTokenizer(api, "unicode61", builtin, &front, free_builtin);
    if (rc != SQLITE_OK) /* SQLite calls xDestroy only for a tokenizer it has taken */
        quire_free(builtin);
    return rc;
}

/* ---- finding a search's first match in a text ---- */

/* The tokenizer's options, as the schema's tokenize= names them for articles_fts. */
static const char *finder_args[] = {"remove_diacritics", "2"};

struct store_finder {
    fts5_tokenizer api;
    Fts5Tokenizer *tok;
    char words[512]; /* the query's folded tokens, each ending in '\0' */
    size_t used;
    int64_t found; /* the byte offset of the match, while a text is searched */
};

static int keep_word(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    store_finder *f = ctx;
    if (n <= 0 || f->used + (size_t)n + 1 > sizeof f->words)
        return SQLITE_OK; /* a query longer than anyone types: its first words are enough */
    memcpy(f->words + f->used, tok, (size_t)n);
    f->used += (size_t)n;
    f->words[f->used++] = '\0';
    return SQLITE_OK;
}

static bool is_query_word(const store_finder *f, const char *tok, int n)
{
    for (size_t at = 0; at < f->used; at += strlen(f->words + at) + 1)
        if (strlen(f->words + at) == (size_t)n && memcmp(f->words + at, tok, (size_t)n) == 0)
            return true;
    return false;
}

static int match_word(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    store_finder *f = ctx;
    if (!is_query_word(f, tok, n))
        return SQLITE_OK;
    f->found = start;
    return SQLITE_DONE; /* the first is the one wanted: stop */
}

enum quire_status store_finder_create(store *s, const char *query, store_finder **out,
                                      struct quire_err *err)
{
    *out = NULL;
    fts5_api *api = store_fts_api(store_db(s));
    store_finder *f = quire_calloc(1, sizeof *f);
    if (!f)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    void *ctx = NULL;
    int rc = api ? api->xFindTokenizer(api, "unicode61", &ctx, &f->api) : SQLITE_ERROR;
    if (rc == SQLITE_OK)
        rc = f->api.xCreate(ctx, finder_args, 2, &f->tok);
    if (rc == SQLITE_OK)
        rc = f->api.xTokenize(f->tok, f, FTS5_TOKENIZE_QUERY, query, (int)strlen(query), keep_word);
    if (rc != SQLITE_OK) {
        store_finder_destroy(f);
        return quire_err_set(err, QUIRE_EINVAL, "search '%s': the tokenizer failed", query);
    }
    *out = f;
    return QUIRE_OK;
}

int64_t store_finder_find(store_finder *f, const char *text, size_t n)
{
    f->found = -1;
    if (f->used && n > 0 && n <= INT32_MAX)
        (void)f->api.xTokenize(f->tok, f, FTS5_TOKENIZE_DOCUMENT, text, (int)n, match_word);
    return f->found; /* a tokenizer that fails part way has found what it found */
}

void store_finder_destroy(store_finder *f)
{
    if (!f)
        return;
    if (f->tok)
        f->api.xDelete(f->tok);
    quire_free(f);
}
