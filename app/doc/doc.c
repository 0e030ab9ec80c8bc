/* doc: the article model (blocks of UTF-8 text with styled spans), the block builder the
 * converters share, the plain-text converter and the versioned blob.
 * Sections: model and interning; builder; plain text; files; blob. */
#include "doc.h"

#include <string.h>
#include <strings.h>

#include "config.h"
#include "doc_internal.h"
#include "quire_util.h"

struct doc {
    struct doc_block *blocks;
    size_t count, alloc;
    char **strings; /* interned strings (languages, sources) */
    size_t string_count, string_alloc;
    size_t text_bytes; /* total text, capped by QUIRE_DOC_MAX_TEXT_BYTES */
    const char *lang;
};

/* ---- model and interning ---- */

enum quire_status doc_new(struct doc **out)
{
    *out = quire_calloc(1, sizeof(struct doc));
    return *out ? QUIRE_OK : QUIRE_ENOMEM;
}

void doc_destroy(struct doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->count; i++) {
        quire_free((void *)doc->blocks[i].text);
        quire_free((void *)doc->blocks[i].spans);
    }
    for (size_t i = 0; i < doc->string_count; i++)
        quire_free(doc->strings[i]);
    quire_free(doc->strings);
    quire_free(doc->blocks);
    quire_free(doc);
}

size_t doc_block_count(const struct doc *doc)
{
    return doc ? doc->count : 0;
}

const struct doc_block *doc_block_get(const struct doc *doc, size_t i)
{
    return doc && i < doc->count ? &doc->blocks[i] : NULL;
}

const char *doc_lang(const struct doc *doc)
{
    return doc ? doc->lang : NULL;
}

const char *doc_intern(struct doc *doc, const char *s)
{
    for (size_t i = 0; i < doc->string_count; i++)
        if (strcmp(doc->strings[i], s) == 0)
            return doc->strings[i];
    if (doc->string_count >= QUIRE_DOC_MAX_STRINGS)
        return NULL;
    if (doc->string_count == doc->string_alloc) {
        size_t n = doc->string_alloc ? doc->string_alloc * 2 : 8;
        char **p = quire_realloc(doc->strings, n * sizeof(*p));
        if (!p)
            return NULL;
        doc->strings = p;
        doc->string_alloc = n;
    }
    char *copy = quire_strdup(s);
    if (!copy)
        return NULL;
    doc->strings[doc->string_count++] = copy;
    return copy;
}

enum quire_status doc_set_lang(struct doc *doc, const char *lang)
{
    if (!lang || !*lang) {
        doc->lang = NULL;
        return QUIRE_OK;
    }
    doc->lang = doc_intern(doc, lang);
    return doc->lang ? QUIRE_OK : QUIRE_ENOMEM;
}

/* Appends a block, taking ownership of text and spans (freed here on failure). */
static enum quire_status doc_push(struct doc *doc, struct doc_block *blk)
{
    enum quire_status st = QUIRE_OK;
    if (doc->count >= QUIRE_DOC_MAX_BLOCKS ||
        doc->text_bytes + blk->text_len > QUIRE_DOC_MAX_TEXT_BYTES) {
        st = QUIRE_ETOOBIG;
    } else if (doc->count == doc->alloc) {
        size_t n = doc->alloc ? doc->alloc * 2 : 32;
        struct doc_block *p = quire_realloc(doc->blocks, n * sizeof(*p));
        if (p) {
            doc->blocks = p;
            doc->alloc = n;
        } else {
            st = QUIRE_ENOMEM;
        }
    }
    if (st != QUIRE_OK) {
        quire_free((void *)blk->text);
        quire_free((void *)blk->spans);
        return st;
    }
    doc->text_bytes += blk->text_len;
    doc->blocks[doc->count++] = *blk;
    return QUIRE_OK;
}

enum quire_status doc_add_media(struct doc *doc, enum doc_kind kind, const char *src,
                                const char *alt, int width, int height)
{
    struct doc_block blk = {.kind = kind, .width = width, .height = height};
    blk.text = quire_strdup("");
    if (!blk.text)
        return QUIRE_ENOMEM;
    if (src) {
        blk.src = doc_intern(doc, src);
        blk.alt = doc_intern(doc, alt ? alt : "");
        if (!blk.src || !blk.alt) {
            quire_free((void *)blk.text);
            return QUIRE_ENOMEM;
        }
    }
    return doc_push(doc, &blk);
}

size_t doc_word_count(const struct doc *doc)
{
    size_t words = 0;
    for (size_t i = 0; i < doc->count; i++) {
        bool in_word = false;
        for (const char *p = doc->blocks[i].text; *p; p++) {
            bool is_space = *p == ' ' || *p == '\n' || *p == '\t';
            if (!is_space && !in_word)
                words++;
            in_word = !is_space;
        }
    }
    return words;
}

/* ---- builder ---- */

void doc_builder_init(struct doc_builder *b, struct doc *doc)
{
    memset(b, 0, sizeof(*b));
    b->doc = doc;
    quire_buf_init(&b->text, QUIRE_DOC_MAX_TEXT_BYTES);
}

void doc_builder_fini(struct doc_builder *b)
{
    quire_buf_fini(&b->text);
    quire_free(b->spans);
    b->spans = NULL;
}

static enum quire_status builder_span(struct doc_builder *b, uint32_t start, uint32_t end,
                                      uint8_t style, const char *lang)
{
    if (start == end || (!style && !lang))
        return QUIRE_OK;
    struct doc_span *last = b->span_count ? &b->spans[b->span_count - 1] : NULL;
    if (last && last->end == start && last->style == style && last->lang == lang) {
        last->end = end;
        return QUIRE_OK;
    }
    if (b->span_count == b->span_alloc) {
        size_t n = b->span_alloc ? b->span_alloc * 2 : 8;
        if (n > QUIRE_DOC_MAX_SPANS)
            return QUIRE_ETOOBIG;
        struct doc_span *p = quire_realloc(b->spans, n * sizeof(*p));
        if (!p)
            return QUIRE_ENOMEM;
        b->spans = p;
        b->span_alloc = n;
    }
    b->spans[b->span_count++] = (struct doc_span){start, end, style, lang};
    return QUIRE_OK;
}

static bool is_collapsible(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Control characters never reach the model (no font has them); tab and newline stay in
 * preformatted text. */
static bool is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

/* The column (code points since the last newline) at the end of the block's text, counted
 * incrementally so a line full of tabs stays linear. */
static uint32_t pre_column(struct doc_builder *b)
{
    if (b->col_pos > b->text.len)
        b->col_pos = b->col = 0;
    for (; b->col_pos < b->text.len; b->col_pos++) {
        unsigned char c = (unsigned char)b->text.data[b->col_pos];
        if (c == '\n')
            b->col = 0;
        else if ((c & 0xC0) != 0x80)
            b->col++;
    }
    return b->col;
}

/* Preformatted text: a tab becomes spaces up to the next stop (every DOC_TAB_STOP columns),
 * as a terminal shows it. */
static enum quire_status append_pre(struct doc_builder *b, const char *s, size_t n)
{
    static const char spaces[DOC_TAB_STOP] = "        ";
    enum quire_status st = QUIRE_OK;
    size_t i = 0;
    while (i < n && st == QUIRE_OK) {
        const char *tab = memchr(s + i, '\t', n - i);
        size_t e = tab ? (size_t)(tab - s) : n;
        st = quire_buf_append(&b->text, s + i, e - i);
        if (st == QUIRE_OK && tab)
            st = quire_buf_append(&b->text, spaces, DOC_TAB_STOP - pre_column(b) % DOC_TAB_STOP);
        i = e + (tab != NULL);
    }
    return st;
}

enum quire_status doc_builder_text(struct doc_builder *b, const char *s, size_t n, uint8_t style,
                                   const char *lang)
{
    enum quire_status st = QUIRE_OK;
    if (!quire_utf8_valid(s, n, NULL))
        return QUIRE_EUTF8;
    size_t i = 0;
    while (i < n && st == QUIRE_OK) {
        if (!b->is_pre && is_collapsible((unsigned char)s[i])) {
            b->has_pending_space = b->text.len > 0;
            b->space_style = style;
            b->space_lang = lang;
            i++;
            continue;
        }
        if (is_control((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t j = i; /* > i when the loop ends: s[i] is neither collapsible nor a control */
        while (j < n && (b->is_pre || !is_collapsible((unsigned char)s[j])) &&
               !is_control((unsigned char)s[j]))
            j++;
        if (b->has_pending_space) {
            uint32_t at = (uint32_t)b->text.len;
            st = quire_buf_append(&b->text, " ", 1);
            if (st == QUIRE_OK && style == b->space_style && lang == b->space_lang)
                st = builder_span(b, at, at + 1, style, lang);
            b->has_pending_space = false;
        }
        uint32_t start = (uint32_t)b->text.len;
        if (st == QUIRE_OK)
            st = b->is_pre ? append_pre(b, s + i, j - i) : quire_buf_append(&b->text, s + i, j - i);
        if (st == QUIRE_OK)
            st = builder_span(b, start, (uint32_t)b->text.len, style, lang);
        i = j;
    }
    return st;
}

enum quire_status doc_builder_flush(struct doc_builder *b, enum doc_kind kind, int level,
                                    const char *lang, enum doc_dir dir)
{
    b->has_pending_space = false;
    if (b->text.len == 0) {
        b->span_count = 0;
        return QUIRE_OK;
    }
    struct doc_block blk = {.kind = kind, .level = level, .lang = lang, .dir = dir};
    blk.text_len = (uint32_t)b->text.len;
    blk.text = quire_buf_steal(&b->text, NULL);
    quire_buf_init(&b->text, QUIRE_DOC_MAX_TEXT_BYTES);
    size_t kept = 0;
    for (size_t i = 0; i < b->span_count; i++) {
        struct doc_span sp = b->spans[i];
        sp.end = sp.end > blk.text_len ? blk.text_len : sp.end;
        if (sp.lang == lang)
            sp.lang = NULL; /* the block's own language */
        if (sp.start >= sp.end || (!sp.style && !sp.lang))
            continue;
        struct doc_span *last = kept ? &b->spans[kept - 1] : NULL;
        if (last && last->end == sp.start && last->style == sp.style && last->lang == sp.lang)
            last->end = sp.end;
        else
            b->spans[kept++] = sp;
    }
    b->span_count = kept;
    blk.span_count = (uint32_t)b->span_count;
    blk.spans = b->spans;
    b->spans = NULL;
    b->span_count = b->span_alloc = 0;
    return doc_push(b->doc, &blk);
}

/* ---- plain text ---- */

enum quire_status doc_from_text(const char *text, size_t len, struct doc **out,
                                struct quire_err *err)
{
    *out = NULL;
    size_t bad = 0;
    if (len > QUIRE_ARTICLE_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "text of %zu bytes passes the cap of %ld", len,
                             (long)QUIRE_ARTICLE_MAX_BYTES);
    if (!quire_utf8_valid(text, len, &bad))
        return quire_err_set(err, QUIRE_EUTF8, "invalid UTF-8 at byte %zu", bad);
    struct doc *doc = NULL;
    enum quire_status st = doc_new(&doc);
    if (st != QUIRE_OK)
        return quire_err_set(err, st, "%s", quire_strerror(st));
    struct doc_builder b;
    doc_builder_init(&b, doc);
    size_t i = 0;
    while (i < len && st == QUIRE_OK) {
        size_t eol = i;
        while (eol < len && text[eol] != '\n')
            eol++;
        size_t k = i;
        while (k < eol && is_collapsible((unsigned char)text[k]))
            k++;
        if (k == eol) /* blank line: ends the paragraph */
            st = doc_builder_flush(&b, DOC_PARAGRAPH, 0, NULL, DOC_DIR_AUTO);
        else
            st = doc_builder_text(&b, text + i, eol - i + (eol < len), 0, NULL);
        i = eol + 1;
    }
    if (st == QUIRE_OK)
        st = doc_builder_flush(&b, DOC_PARAGRAPH, 0, NULL, DOC_DIR_AUTO);
    doc_builder_fini(&b);
    if (st != QUIRE_OK) {
        doc_destroy(doc);
        return quire_err_set(err, st, "%s", quire_strerror(st));
    }
    *out = doc;
    return QUIRE_OK;
}

/* ---- files ---- */

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

enum quire_status doc_from_file(const char *path, struct doc **out, struct quire_err *err)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    enum quire_status st = quire_file_read(path, QUIRE_ARTICLE_MAX_BYTES, &data, &len, err);
    if (st != QUIRE_OK)
        return st;
    if (has_suffix(path, ".html") || has_suffix(path, ".htm") || has_suffix(path, ".xhtml"))
        st = doc_from_html(data, len, out, err);
    else
        st = doc_from_text(data, len, out, err);
    quire_free(data);
    if (st != QUIRE_OK)
        quire_err_prefix(err, path);
    return st;
}

/* ---- blob: "QDOC" u32 version, u32 block count, u16 doc lang; per block: u8 kind, u8 level,
 * u8 dir,
 * i32 width, i32 height, str text, str lang, str src, str alt, u32 spans, each span u32 start,
 * u32 end, u8 style, str lang. A str is u32 length (0xFFFFFFFF = NULL) then bytes. ---- */

static enum quire_status put_u32(struct quire_buf *o, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return quire_buf_append(o, b, 4);
}

static enum quire_status put_str(struct quire_buf *o, const char *s)
{
    if (!s)
        return put_u32(o, 0xFFFFFFFFu);
    uint32_t n = (uint32_t)strlen(s);
    enum quire_status st = put_u32(o, n);
    return st == QUIRE_OK ? quire_buf_append(o, s, n) : st;
}

static enum quire_status put_block(struct quire_buf *o, const struct doc_block *blk)
{
    uint8_t head[3] = {(uint8_t)blk->kind, (uint8_t)blk->level, (uint8_t)blk->dir};
    enum quire_status st = quire_buf_append(o, head, 3);
    if (st == QUIRE_OK)
        st = put_u32(o, (uint32_t)blk->width);
    if (st == QUIRE_OK)
        st = put_u32(o, (uint32_t)blk->height);
    const char *strs[4] = {blk->text, blk->lang, blk->src, blk->alt};
    for (int i = 0; i < 4 && st == QUIRE_OK; i++)
        st = put_str(o, strs[i]);
    if (st == QUIRE_OK)
        st = put_u32(o, blk->span_count);
    for (uint32_t i = 0; i < blk->span_count && st == QUIRE_OK; i++) {
        const struct doc_span *sp = &blk->spans[i];
        st = put_u32(o, sp->start);
        if (st == QUIRE_OK)
            st = put_u32(o, sp->end);
        if (st == QUIRE_OK)
            st = quire_buf_append(o, &sp->style, 1);
        if (st == QUIRE_OK)
            st = put_str(o, sp->lang);
    }
    return st;
}

enum quire_status doc_serialize(const struct doc *doc, void **blob, size_t *len,
                                struct quire_err *err)
{
    *blob = NULL;
    *len = 0;
    struct quire_buf o;
    quire_buf_init(&o, (size_t)QUIRE_DOC_MAX_TEXT_BYTES * 4);
    enum quire_status st = quire_buf_append(&o, "QDOC", 4);
    if (st == QUIRE_OK)
        st = put_u32(&o, DOC_FORMAT_VERSION);
    if (st == QUIRE_OK)
        st = put_u32(&o, (uint32_t)doc->count);
    if (st == QUIRE_OK)
        st = put_str(&o, doc->lang);
    for (size_t i = 0; i < doc->count && st == QUIRE_OK; i++)
        st = put_block(&o, &doc->blocks[i]);
    if (st != QUIRE_OK) {
        quire_buf_fini(&o);
        return quire_err_set(err, st, "serialising the document: %s", quire_strerror(st));
    }
    *blob = quire_buf_steal(&o, len);
    return QUIRE_OK;
}

struct reader {
    const uint8_t *p, *end;
    bool is_bad;
};

static uint32_t get_u32(struct reader *r)
{
    if (r->end - r->p < 4) {
        r->is_bad = true;
        return 0;
    }
    uint32_t v =
        r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4;
    return v;
}

/* A heap copy of the next string (NULL for the NULL marker or on error: check r->is_bad). */
static char *get_str(struct reader *r, bool *is_null)
{
    uint32_t n = get_u32(r);
    *is_null = n == 0xFFFFFFFFu;
    if (r->is_bad || *is_null)
        return NULL;
    if ((size_t)(r->end - r->p) < n || memchr(r->p, 0, n) ||
        !quire_utf8_valid((const char *)r->p, n, NULL)) {
        r->is_bad = true;
        return NULL;
    }
    char *s = quire_malloc((size_t)n + 1);
    if (!s) {
        r->is_bad = true;
        return NULL;
    }
    memcpy(s, r->p, n);
    s[n] = 0;
    r->p += n;
    return s;
}

/* Reads a string and interns it (NULL stays NULL). */
static const char *get_interned(struct reader *r, struct doc *doc)
{
    bool is_null = false;
    char *s = get_str(r, &is_null);
    if (!s)
        return NULL;
    const char *in = doc_intern(doc, s);
    quire_free(s);
    if (!in)
        r->is_bad = true;
    return in;
}

static bool is_utf8_boundary(const char *text, uint32_t len, uint32_t at)
{
    return at == len || (at < len && ((unsigned char)text[at] & 0xC0) != 0x80);
}

static enum quire_status get_spans(struct reader *r, struct doc *doc, struct doc_block *blk)
{
    uint32_t n = get_u32(r);
    if (r->is_bad || n > QUIRE_DOC_MAX_SPANS || n > (size_t)(r->end - r->p) / 13)
        return QUIRE_EFORMAT;
    struct doc_span *spans = n ? quire_calloc(n, sizeof(*spans)) : NULL;
    if (n && !spans)
        return QUIRE_ENOMEM;
    blk->spans = spans;
    blk->span_count = n;
    uint32_t prev_end = 0;
    for (uint32_t i = 0; i < n; i++) {
        spans[i].start = get_u32(r);
        spans[i].end = get_u32(r);
        if (r->p >= r->end)
            return QUIRE_EFORMAT;
        spans[i].style = *r->p++;
        spans[i].lang = get_interned(r, doc);
        if (r->is_bad || spans[i].start < prev_end || spans[i].end < spans[i].start ||
            !is_utf8_boundary(blk->text, blk->text_len, spans[i].start) ||
            !is_utf8_boundary(blk->text, blk->text_len, spans[i].end))
            return QUIRE_EFORMAT;
        prev_end = spans[i].end;
    }
    return QUIRE_OK;
}

static enum quire_status get_block(struct reader *r, struct doc *doc)
{
    struct doc_block blk = {0};
    if (r->end - r->p < 3 || r->p[2] > DOC_DIR_RTL)
        return QUIRE_EFORMAT;
    blk.kind = r->p[0];
    blk.level = r->p[1];
    blk.dir = (enum doc_dir)r->p[2];
    r->p += 3;
    blk.width = (int)get_u32(r);
    blk.height = (int)get_u32(r);
    bool is_null = false;
    char *text = get_str(r, &is_null);
    if (!text || blk.kind >= DOC_KIND_COUNT || blk.level > 16 || blk.width < 0 || blk.height < 0) {
        quire_free(text);
        return QUIRE_EFORMAT;
    }
    blk.text = text;
    blk.text_len = (uint32_t)strlen(text);
    blk.lang = get_interned(r, doc);
    blk.src = get_interned(r, doc);
    blk.alt = get_interned(r, doc);
    enum quire_status st = r->is_bad ? QUIRE_EFORMAT : get_spans(r, doc, &blk);
    if (st != QUIRE_OK) {
        quire_free(text);
        quire_free((void *)blk.spans);
        return st;
    }
    return doc_push(doc, &blk);
}

enum quire_status doc_deserialize(const void *blob, size_t len, struct doc **out,
                                  struct quire_err *err)
{
    *out = NULL;
    struct reader r = {blob, (const uint8_t *)blob + len, false};
    if (len < 12 || memcmp(blob, "QDOC", 4) != 0)
        return quire_err_set(err, QUIRE_EFORMAT, "document blob: not a Quire document");
    r.p += 4;
    uint32_t version = get_u32(&r);
    uint32_t count = get_u32(&r);
    if (version != DOC_FORMAT_VERSION)
        return quire_err_set(err, QUIRE_EFORMAT, "document blob: format %u, expected %d", version,
                             DOC_FORMAT_VERSION);
    if (count > QUIRE_DOC_MAX_BLOCKS)
        return quire_err_set(err, QUIRE_EFORMAT, "document blob: %u blocks", count);
    struct doc *doc = NULL;
    enum quire_status st = doc_new(&doc);
    if (st == QUIRE_OK) {
        doc->lang = get_interned(&r, doc);
        st = r.is_bad ? QUIRE_EFORMAT : QUIRE_OK;
    }
    for (uint32_t i = 0; i < count && st == QUIRE_OK; i++)
        st = get_block(&r, doc);
    if (st == QUIRE_OK && r.p != r.end)
        st = QUIRE_EFORMAT;
    if (st != QUIRE_OK) {
        doc_destroy(doc);
        return quire_err_set(err, st, "document blob: %s", quire_strerror(st));
    }
    *out = doc;
    return QUIRE_OK;
}
