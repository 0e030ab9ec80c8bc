/* feed_extract: feed_article_extract, the driver of article extraction: parse with gumbo,
 * read the metadata, run Readability passes (feed_article.c) with fewer switches until one
 * keeps enough text, then write the body and fill the article. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "feed.h"
#include "feed_internal.h"
#include "feed_page.h"

#define PAGE_MIN_CHARS 500 /* an attempt with less text is retried with fewer switches */

/* ---- nesting, before gumbo sees the page ---- */

/* Elements that never stay open: void, or closed implicitly by their siblings. */
static bool never_nests(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_P:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_RB:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RP:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_IMAGE:
    case GUMBO_TAG_KEYGEN:
        return true;
    default:
        return false;
    }
}

/* Past the next end ("</name" or "-->"), case-insensitively; len when there is none. */
static size_t skip_past(const char *s, size_t len, size_t i, const char *end)
{
    size_t at = page_find_ci(s, len, i, end);
    return at == len ? len : at + strlen(end);
}

/* The end of a start tag, quotes respected; *self_closing when it ends "/>". */
static size_t tag_end(const char *s, size_t len, size_t i, bool *self_closing)
{
    char quote = 0;
    for (; i < len; i++) {
        if (quote) {
            quote = s[i] == quote ? 0 : quote;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == '>') {
            *self_closing = i > 0 && s[i - 1] == '/';
            return i + 1;
        }
    }
    return len;
}

/* Gumbo checks scopes along its stack of open elements for every tag, so its time grows
 * with nesting depth times tags: a page whose tags would nest deeper than the limit is
 * refused before parsing (real pages stay far below it). */
static bool nesting_ok(const char *s, size_t len, int limit)
{
    int depth = 0;
    for (size_t i = 0; i < len;) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (len - i >= 4 && strncmp(s + i, "<!--", 4) == 0) {
            i = skip_past(s, len, i + 4, "-->");
            continue;
        }
        bool is_end = i + 1 < len && s[i + 1] == '/';
        size_t name = i + 1 + is_end, n = 0;
        while (name + n < len && ((s[name + n] | 0x20) >= 'a' && (s[name + n] | 0x20) <= 'z'))
            n++;
        while (name + n < len && strchr("0123456789-", s[name + n]))
            n++;
        if (n == 0) {
            i++;
            continue;
        }
        bool self_closing = false;
        size_t after = tag_end(s, len, name + n, &self_closing);
        GumboTag tag = gumbo_tagn_enum(s + name, (unsigned)n);
        if (is_end) {
            depth -= depth > 0 && !never_nests(tag);
        } else if (page_is_raw_text(tag)) {
            char end[16];
            snprintf(end, sizeof end, "</%.*s", (int)n, s + name);
            after = skip_past(s, len, after, end);
        } else if (!self_closing && !never_nests(tag) && ++depth > limit) {
            return false;
        }
        i = after;
    }
    return true;
}

static void pass_fini(struct page_pass *p)
{
    dom_fini(&p->d);
    quire_free(p->byline);
    quire_free(p->to_score);
    *p = (struct page_pass){0};
}

static void article_text_len(const struct page_pass *p, int32_t article, double *chars)
{
    struct dom_stats s;
    dom_stats(&p->d, article, &s);
    *chars = s.chars;
}

/* Runs passes with fewer switches until one keeps enough text; *best holds the winner. */
static enum quire_status extract_body(const GumboOutput *out, const struct page_meta *meta,
                                      const char *title, struct page_pass *best, int32_t *article,
                                      struct quire_err *err)
{
    static const int drops[] = {PAGE_STRIP_UNLIKELY, PAGE_WEIGHT_CLASSES, PAGE_CLEAN_CONDITIONALLY};
    int flags = PAGE_STRIP_UNLIKELY | PAGE_WEIGHT_CLASSES | PAGE_CLEAN_CONDITIONALLY;
    double best_chars = -1;
    *best = (struct page_pass){0};
    *article = DOM_NONE;
    for (size_t k = 0; k <= 3; k++) {
        struct page_pass p = {.meta = meta, .title = title, .flags = flags};
        enum quire_status rc = dom_build(&p.d, out, err);
        if (rc)
            return rc;
        int32_t a = page_run_pass(&p);
        if (a == DOM_NONE) {
            pass_fini(&p);
            return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        }
        double chars;
        article_text_len(&p, a, &chars);
        if (chars > best_chars) {
            pass_fini(best);
            *best = p;
            *article = a;
            best_chars = chars;
        } else {
            pass_fini(&p);
        }
        if (chars >= PAGE_MIN_CHARS || k == 3)
            break;
        flags &= ~drops[k];
    }
    return QUIRE_OK;
}

static char *direction_of(const struct page_pass *p, const struct page_meta *meta)
{
    const struct dom *d = &p->d;
    for (int32_t a = p->top; a != DOM_NONE; a = d->nodes[a].parent) {
        const char *dir = dom_attr(d, a, "dir");
        if (dir && *dir)
            return quire_strdup(dir);
    }
    return meta->dir ? quire_strdup(meta->dir) : NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? quire_strdup(s) : NULL;
}

/* The page's lead image (og:image) goes first, unless the body shows it already. */
static enum quire_status put_lead_image(struct feed_article *a, const char *image)
{
    if (!image)
        return QUIRE_OK;
    for (size_t i = 0; i < a->n_images; i++)
        if (strcmp(a->images[i].src, image) == 0) {
            struct feed_image lead = a->images[i];
            memmove(a->images + 1, a->images, i * sizeof *a->images);
            a->images[0] = lead;
            return QUIRE_OK;
        }
    struct feed_image *im = quire_realloc(a->images, (a->n_images + 1) * sizeof *im);
    char *src = quire_strdup(image);
    if (!im || !src) {
        if (im)
            a->images = im;
        quire_free(src);
        return QUIRE_ENOMEM;
    }
    memmove(im + 1, im, a->n_images * sizeof *im);
    im[0] = (struct feed_image){.src = src};
    a->images = im;
    a->n_images++;
    return QUIRE_OK;
}

static enum quire_status fill_article(const struct page_meta *meta, char *title,
                                      struct page_pass *p, int32_t body, const char *url,
                                      struct feed_article *a, struct quire_err *err)
{
    a->title = title;
    a->byline = dup_or_null(meta->byline ? meta->byline : p->byline);
    a->site_name = dup_or_null(meta->site_name);
    a->excerpt = dup_or_null(meta->excerpt);
    a->lang = dup_or_null(meta->lang);
    a->dir = direction_of(p, meta);
    a->published = meta->published;
    a->modified = meta->modified;
    enum quire_status rc = page_write_body(&p->d, body, url, a, err);
    if (!rc && put_lead_image(a, meta->image))
        rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (!rc && !a->title)
        rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    return rc;
}

static char *article_title(const struct page_meta *meta, const GumboOutput *out)
{
    if (meta->title)
        return quire_strdup(meta->title);
    struct dom d;
    if (dom_build(&d, out, NULL))
        return NULL;
    char *t = page_title_from_document(meta, &d);
    dom_fini(&d);
    return t;
}

/* A page parsed by gumbo: the slimmer copy it read and the arena of its tree. */
struct parsed {
    char *slim;
    struct page_arena *arena;
    GumboOutput *g;
};

static void parsed_fini(struct parsed *p)
{
    page_arena_destroy(p->arena); /* the tree goes with it */
    quire_free(p->slim);          /* after the tree: its nodes point into the buffer */
    *p = (struct parsed){0};
}

/* Checks the page's size and nesting, then parses its slimmer copy. */
static enum quire_status parse_page(const char *name, const char *data, size_t len,
                                    struct parsed *p, struct quire_err *err)
{
    *p = (struct parsed){0};
    if (len > (size_t)QUIRE_PAGE_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %ld bytes", name,
                             (long)QUIRE_PAGE_MAX_BYTES);
    /* Slimmed first: the nesting check then skips the scripts' bodies in no time. */
    size_t slim_len = 0;
    p->slim = page_strip_scripts(data, len, &slim_len);
    if (p->slim && !nesting_ok(p->slim, slim_len, QUIRE_PAGE_MAX_NESTING)) {
        parsed_fini(p);
        return quire_err_set(err, QUIRE_EFORMAT,
                             "%s: tags nest deeper than %d (refused: too costly to parse)", name,
                             QUIRE_PAGE_MAX_NESTING);
    }
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* parse errors are not reported: do not keep them */
    p->arena = p->slim ? page_arena_create() : NULL;
    if (p->arena) {
        page_arena_gumbo_options(p->arena, &opts);
        p->g = gumbo_parse_with_options(&opts, p->slim, slim_len);
    }
    if (p->g)
        return QUIRE_OK;
    parsed_fini(p);
    return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
}

/* The article of a parsed page: Readability's passes over it (feed_article_extract). */
static enum quire_status extract_into(const GumboOutput *g, const char *url, struct feed_article *a,
                                      struct quire_err *err)
{
    struct page_meta meta = {0};
    struct page_pass best = {0};
    int32_t body = DOM_NONE;
    enum quire_status rc = page_meta_read(g, url, &meta, err);
    char *title = rc ? NULL : article_title(&meta, g);
    if (!rc && !title)
        rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (!rc)
        rc = extract_body(g, &meta, title, &best, &body, err);
    if (!rc) {
        rc = fill_article(&meta, title, &best, body, url, a, err);
        title = NULL;
    }
    quire_free(title);
    pass_fini(&best);
    page_meta_fini(&meta);
    return rc;
}

/* The whole parsed text written as a body (feed_article_from_fragment). */
static enum quire_status fragment_into(const GumboOutput *g, const char *url,
                                       struct feed_article *a, struct quire_err *err)
{
    struct dom d = {0};
    enum quire_status rc = (a->title = quire_strdup(""))
                               ? QUIRE_OK
                               : quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (!rc)
        rc = dom_build(&d, g, err);
    if (!rc)
        rc = page_write_body(&d, d.body, url, a, err);
    dom_fini(&d);
    return rc;
}

/* Parses the page, fills a fresh article with fill, and hands it over (or names the page in
 * the error). */
static enum quire_status
article_from(const char *name, const char *data, size_t len, const char *url,
             enum quire_status (*fill)(const GumboOutput *, const char *, struct feed_article *,
                                       struct quire_err *),
             struct feed_article **out, struct quire_err *err)
{
    *out = NULL;
    struct parsed parsed;
    enum quire_status rc = parse_page(name, data, len, &parsed, err);
    if (rc)
        return rc;
    struct feed_article *a = quire_calloc(1, sizeof *a);
    rc = a ? fill(parsed.g, url, a, err) : quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    parsed_fini(&parsed);
    if (rc) {
        feed_article_destroy(a);
        quire_err_prefix(err, name);
        return rc;
    }
    *out = a;
    return QUIRE_OK;
}

enum quire_status feed_article_extract(const char *name, const char *data, size_t len,
                                       const char *url, struct feed_article **out,
                                       struct quire_err *err)
{
    return article_from(name, data, len, url, extract_into, out, err);
}

enum quire_status feed_article_from_fragment(const char *name, const char *data, size_t len,
                                             const char *url, struct feed_article **out,
                                             struct quire_err *err)
{
    return article_from(name, data, len, url, fragment_into, out, err);
}

void feed_article_destroy(struct feed_article *a)
{
    if (!a)
        return;
    quire_free(a->title);
    quire_free(a->byline);
    quire_free(a->site_name);
    quire_free(a->excerpt);
    quire_free(a->lang);
    quire_free(a->dir);
    quire_free(a->html);
    quire_free(a->text);
    for (size_t i = 0; i < a->n_images; i++) {
        quire_free(a->images[i].src);
        quire_free(a->images[i].alt);
        quire_free(a->images[i].caption);
    }
    quire_free(a->images);
    quire_free(a);
}
