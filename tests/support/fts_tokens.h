/* fts_tokens: test support (header only) for comparing FTS5 tokenizers. Serialises the tokens
 * that the tokenizer registered as "unicode61" on a connection makes of a text: each token's
 * bytes, start and end offsets. A connection with store_fts_register and a plain one must
 * agree byte for byte. */
#ifndef QUIRE_TEST_FTS_TOKENS_H
#define QUIRE_TEST_FTS_TOKENS_H

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "store_fts.h"

static int fts_tokens_collect(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
    struct quire_buf *out = ctx;
    char head[64];
    snprintf(head, sizeof head, "%d %d %d %d:", tflags, start, end, n);
    if (quire_buf_append(out, head, strlen(head)) || quire_buf_append(out, tok, (size_t)n) ||
        quire_buf_append(out, "\n", 1))
        return SQLITE_NOMEM;
    return SQLITE_OK;
}

/* Tokenizes text with db's "unicode61" made with args; the listing goes to out (reset first).
 * Returns the tokenizer's SQLite result code. */
static int fts_tokens(sqlite3 *db, const char **args, int nargs, const char *text, int n,
                      struct quire_buf *out)
{
    out->len = 0;
    fts5_api *api = store_fts_api(db);
    void *ctx;
    fts5_tokenizer t;
    if (!api || api->xFindTokenizer(api, "unicode61", &ctx, &t) != SQLITE_OK)
        return SQLITE_ERROR;
    Fts5Tokenizer *tok;
    int rc = t.xCreate(ctx, args, nargs, &tok);
    if (rc != SQLITE_OK)
        return rc;
    rc = t.xTokenize(tok, out, FTS5_TOKENIZE_DOCUMENT, text, n, fts_tokens_collect);
    t.xDelete(tok);
    return rc;
}

#endif
