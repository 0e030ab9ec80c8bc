/* feed_page: the extracted body written out (HTML for the bundle's allow-list, plain text for
 * people and tests, the list of images), Readability's title heuristics and its text
 * similarity. The writer walks the article without recursion: containers (div, section, ...)
 * are unwrapped, inline runs left directly in them become paragraphs. */
#include <string.h>

#include "config.h"
#include "feed.h"
#include "feed_internal.h"
#include "feed_page.h"

/* Elements kept in the HTML, without attributes (but a href, img src/alt, td spans). */
static bool is_kept(uint16_t t)
{
    switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_I:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
    case GUMBO_TAG_A:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_IMG:
        return true;
    default:
        return false;
    }
}

static bool is_void(uint16_t t)
{
    return t == GUMBO_TAG_BR || t == GUMBO_TAG_HR || t == GUMBO_TAG_IMG;
}

struct writer {
    const struct dom *d;
    const char *url;
    struct feed_article *a;
    struct quire_buf html, text, para;
    int kept_blocks; /* open kept block elements: inline content inside them needs no <p> */
    bool auto_p;     /* a <p> the writer opened around an inline run */
    enum quire_status rc;
    size_t images_alloc;
};

static void put(struct writer *w, struct quire_buf *b, const char *s)
{
    if (!w->rc)
        w->rc = quire_buf_puts(b, s);
}

static void put_escaped(struct writer *w, struct quire_buf *b, const char *s, size_t n)
{
    if (!w->rc)
        w->rc = quire_buf_put_xml(b, s, n);
}

/* Ends the paragraph of the text output. */
static void flush_para(struct writer *w)
{
    size_t n = w->para.len;
    while (n > 0 && (w->para.data[n - 1] == ' ' || w->para.data[n - 1] == '\n'))
        n--;
    if (n > 0) {
        if (w->text.len)
            put(w, &w->text, "\n\n");
        if (!w->rc)
            w->rc = quire_buf_append(&w->text, w->para.data, n);
    }
    w->para.len = 0;
    if (w->para.data)
        w->para.data[0] = '\0';
}

static void para_text(struct writer *w, const char *s)
{
    for (; *s && !w->rc; s++) {
        bool space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f';
        char last = w->para.len ? w->para.data[w->para.len - 1] : '\n';
        if (space && (last == ' ' || last == '\n'))
            continue;
        w->rc = quire_buf_append(&w->para, space ? " " : s, 1);
    }
}

/* A <br>: a line break inside the paragraph, never at its start, never after a space and
 * never two in a row (found by fuzz_extract: a <br> first left the text starting "\n"). */
static void para_break(struct writer *w)
{
    while (w->para.len > 0 && w->para.data[w->para.len - 1] == ' ')
        w->para.data[--w->para.len] = '\0';
    if (w->para.len > 0 && w->para.data[w->para.len - 1] != '\n')
        w->rc = quire_buf_puts(&w->para, "\n");
}

static char *image_src(const struct writer *w, int32_t i)
{
    static const char *const attrs[] = {"src",           "data-src", "data-original",
                                        "data-lazy-src", "srcset",   "data-srcset"};
    for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
        const char *v = dom_attr(w->d, i, attrs[k]);
        if (!v || !*v || strncmp(v, "data:", 5) == 0)
            continue;
        char first[2048];
        size_t n = strcspn(v, " \t\n,"); /* a srcset's first candidate */
        if (n == 0 || n >= sizeof first)
            continue;
        memcpy(first, v, n);
        first[n] = '\0';
        char *url = feed_url_resolve(w->url, first);
        if (url)
            return url;
    }
    return NULL;
}

static char *figure_caption(const struct writer *w, int32_t img)
{
    const struct dom *d = w->d;
    int32_t fig = d->nodes[img].parent;
    while (fig != DOM_NONE && d->nodes[fig].tag != GUMBO_TAG_FIGURE)
        fig = d->nodes[fig].parent;
    for (int32_t k = fig; k != DOM_NONE; k = dom_next(d, fig, k, false))
        if (d->nodes[k].tag == GUMBO_TAG_FIGCAPTION) {
            char *c = dom_inner_text(d, k, QUIRE_FEED_MAX_TEXT_BYTES);
            if (c && !*c) {
                quire_free(c);
                c = NULL;
            }
            return c;
        }
    return NULL;
}

static enum quire_status add_image(struct feed_article *a, size_t *alloc, char *src, char *alt,
                                   char *caption)
{
    for (size_t i = 0; i < a->n_images; i++)
        if (strcmp(a->images[i].src, src) == 0) {
            quire_free(src);
            quire_free(alt);
            quire_free(caption);
            return QUIRE_OK;
        }
    if (a->n_images == *alloc) {
        size_t na = *alloc ? *alloc * 2 : 8;
        struct feed_image *im = quire_realloc(a->images, na * sizeof *im);
        if (!im) {
            quire_free(src);
            quire_free(alt);
            quire_free(caption);
            return QUIRE_ENOMEM;
        }
        a->images = im;
        *alloc = na;
    }
    a->images[a->n_images++] = (struct feed_image){.src = src, .alt = alt, .caption = caption};
    return QUIRE_OK;
}

static void put_image(struct writer *w, int32_t i)
{
    char *src = image_src(w, i);
    if (!src)
        return;
    const char *alt = dom_attr(w->d, i, "alt");
    put(w, &w->html, "<img src=\"");
    put_escaped(w, &w->html, src, strlen(src));
    put(w, &w->html, "\" alt=\"");
    if (alt)
        put_escaped(w, &w->html, alt, strlen(alt));
    put(w, &w->html, "\"/>");
    if (!w->rc && w->a->n_images < QUIRE_FEED_MAX_LIST)
        w->rc = add_image(w->a, &w->images_alloc, src, alt && *alt ? quire_strdup(alt) : NULL,
                          figure_caption(w, i));
    else
        quire_free(src);
}

static void open_tag(struct writer *w, int32_t i)
{
    uint16_t t = w->d->nodes[i].tag;
    if (t == GUMBO_TAG_IMG)
        return put_image(w, i);
    uint16_t out = t == GUMBO_TAG_H1 ? GUMBO_TAG_H2 : t; /* the title is the article's h1 */
    put(w, &w->html, "<");
    put(w, &w->html, gumbo_normalized_tagname((GumboTag)out));
    const char *href = t == GUMBO_TAG_A ? dom_attr(w->d, i, "href") : NULL;
    char *url = href ? feed_url_resolve(w->url, href) : NULL;
    if (url) {
        put(w, &w->html, " href=\"");
        put_escaped(w, &w->html, url, strlen(url));
        put(w, &w->html, "\"");
        quire_free(url);
    }
    put(w, &w->html, is_void(t) ? "/>" : ">");
}

static void close_tag(struct writer *w, uint16_t t)
{
    if (is_void(t))
        return;
    put(w, &w->html, "</");
    put(w, &w->html, gumbo_normalized_tagname(t == GUMBO_TAG_H1 ? GUMBO_TAG_H2 : (GumboTag)t));
    put(w, &w->html, ">");
}

static void close_auto_p(struct writer *w)
{
    if (w->auto_p)
        put(w, &w->html, "</p>");
    w->auto_p = false;
}

static void enter(struct writer *w, int32_t i)
{
    const struct dom *d = w->d;
    uint16_t t = d->nodes[i].tag;
    bool inline_node = dom_is_phrasing(d, i) || t == GUMBO_TAG_IMG;
    if (!inline_node) {
        close_auto_p(w);
        flush_para(w);
    } else if (!w->kept_blocks && !w->auto_p &&
               (t != DOM_TEXT || dom_text(d, i)[strspn(dom_text(d, i), " \t\r\n")])) {
        put(w, &w->html, "<p>");
        w->auto_p = true;
    }
    if (t == DOM_TEXT) {
        const char *s = dom_text(d, i);
        put_escaped(w, &w->html, s, strlen(s));
        para_text(w, s);
    } else if (is_kept(t)) {
        open_tag(w, i);
        w->kept_blocks += !inline_node;
        if (t == GUMBO_TAG_BR && !w->rc)
            para_break(w);
    }
}

static void leave(struct writer *w, int32_t i)
{
    uint16_t t = w->d->nodes[i].tag;
    bool inline_node = dom_is_phrasing(w->d, i) || t == GUMBO_TAG_IMG;
    if (t == DOM_TEXT)
        return;
    if (is_kept(t)) {
        close_tag(w, t);
        w->kept_blocks -= !inline_node;
    }
    if (!inline_node) {
        close_auto_p(w);
        flush_para(w);
    }
}

static void walk(struct writer *w, int32_t root)
{
    const struct dom *d = w->d;
    int32_t i = root;
    while (!w->rc) {
        enter(w, i);
        if (d->nodes[i].first != DOM_NONE) {
            i = d->nodes[i].first;
            continue;
        }
        leave(w, i);
        while (i != root && d->nodes[i].next == DOM_NONE) {
            i = d->nodes[i].parent;
            leave(w, i);
        }
        if (i == root)
            break;
        i = d->nodes[i].next;
    }
    close_auto_p(w);
    flush_para(w);
}

enum quire_status page_write_body(const struct dom *d, int32_t root, const char *url,
                                  struct feed_article *a, struct quire_err *err)
{
    struct writer w = {.d = d, .url = url, .a = a, .images_alloc = a->n_images};
    quire_buf_init(&w.html, QUIRE_ARTICLE_MAX_BYTES);
    quire_buf_init(&w.text, QUIRE_ARTICLE_MAX_BYTES);
    quire_buf_init(&w.para, QUIRE_ARTICLE_MAX_BYTES);
    walk(&w, root);
    quire_buf_fini(&w.para);
    if (!w.rc) {
        a->html = w.html.data ? quire_buf_steal(&w.html, NULL) : quire_strdup("");
        a->text = w.text.data ? quire_buf_steal(&w.text, NULL) : quire_strdup("");
        if (!a->html || !a->text)
            w.rc = QUIRE_ENOMEM;
    }
    quire_buf_fini(&w.html);
    quire_buf_fini(&w.text);
    if (w.rc)
        return quire_err_set(err, w.rc, "%s",
                             w.rc == QUIRE_ETOOBIG ? "the article is larger than the limit"
                                                   : quire_strerror(w.rc));
    return QUIRE_OK;
}

/* ---- titles ---- */

int page_word_count(const char *s)
{
    int n = 0;
    bool in = false;
    for (; *s; s++) {
        bool space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
        n += !space && !in;
        in = !space;
    }
    return n;
}

/* Lowercased ASCII letters and digits and every non-ASCII byte make words. */
static size_t next_token(const char **p, char *tok, size_t size)
{
    const unsigned char *s = (const unsigned char *)*p;
    while (*s &&
           !(*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
        s++;
    size_t n = 0;
    while (*s &&
           (*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))) {
        if (n + 1 < size)
            tok[n++] = (char)(*s < 0x80 ? (*s | 0x20) : *s);
        s++;
    }
    tok[n] = '\0';
    *p = (const char *)s;
    return n;
}

static bool has_token(const char *text, const char *tok)
{
    char t[256];
    const char *p = text;
    while (next_token(&p, t, sizeof t))
        if (strcmp(t, tok) == 0)
            return true;
    return false;
}

double page_text_similarity(const char *a, const char *b)
{
    char t[256];
    const char *p = b;
    size_t all = 0, unique = 0, n;
    while ((n = next_token(&p, t, sizeof t))) {
        all += n + 1;
        if (!has_token(a, t))
            unique += n + 1;
    }
    return all ? 1.0 - (double)unique / (double)all : 0;
}

/* Whether the title has " X " for one of the separators Readability knows. */
static const char *find_separator(const char *s, const char *seps, bool last)
{
    const char *found = NULL;
    for (const char *p = s; *p; p++) {
        if (p[0] != ' ' || !p[1])
            continue;
        const char *q = p + 1;
        size_t n = 0;
        for (const char *sep = seps; *sep; sep += strlen(sep) + 1)
            if (strncmp(q, sep, strlen(sep)) == 0 && q[strlen(sep)] == ' ')
                n = strlen(sep);
        if (n) {
            found = p;
            if (!last)
                return found;
        }
    }
    return found;
}

static char *dup_range(const char *s, size_t n)
{
    char *r = quire_malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
        feed_text_squeeze(r);
    }
    return r;
}

static int32_t only_h1(const struct dom *d)
{
    int32_t found = DOM_NONE;
    for (int32_t i = d->body; i != DOM_NONE; i = dom_next(d, d->body, i, false))
        if (d->nodes[i].tag == GUMBO_TAG_H1) {
            if (found != DOM_NONE)
                return DOM_NONE;
            found = i;
        }
    return found;
}

char *page_title_from_document(const struct page_meta *m, const struct dom *d)
{
    const char *orig = m->doc_title ? m->doc_title : "";
    static const char seps[] = "|\0-\0\xe2\x80\x93\0\xe2\x80\x94\0\\\0/\0>\0\xc2\xbb\0";
    static const char hier[] = "\\\0/\0>\0\xc2\xbb\0";
    char *cur = NULL;
    bool hierarchical = false;
    const char *sep = find_separator(orig, seps, true);
    if (sep) {
        hierarchical = find_separator(orig, hier, false) != NULL;
        cur = dup_range(orig, (size_t)(sep - orig));
        if (cur && page_word_count(cur) < 3) { /* the part after the first separator */
            quire_free(cur);
            const char *first = find_separator(orig, seps, false);
            first = strchr(first + 1, ' ');
            cur = quire_strdup(first ? first + 1 : orig);
        }
    } else if (strstr(orig, ": ")) {
        const char *colon = strrchr(orig, ':');
        cur = quire_strdup(colon + 1);
        if (cur && page_word_count(cur) < 3) {
            quire_free(cur);
            cur = quire_strdup(strchr(orig, ':') + 1);
        } else if (cur && page_word_count(orig) - page_word_count(cur) > 5) {
            quire_free(cur);
            cur = quire_strdup(orig);
        }
    } else if (strlen(orig) > 150 || strlen(orig) < 15) {
        int32_t h1 = only_h1(d);
        cur = h1 != DOM_NONE ? dom_inner_text(d, h1, QUIRE_FEED_MAX_TEXT_BYTES) : NULL;
    }
    if (!cur)
        cur = quire_strdup(orig);
    if (cur && (feed_text_squeeze(cur), page_word_count(cur) <= 4) &&
        (!hierarchical || page_word_count(cur) != page_word_count(orig) - 1)) {
        quire_free(cur);
        cur = quire_strdup(orig);
    }
    return cur;
}
