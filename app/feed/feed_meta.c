/* feed_meta: a page's metadata, read as Readability reads it. JSON-LD (schema.org Article
 * types, also inside @graph) first, then meta tags (dc:, dcterm:, og:, twitter:, parsely-,
 * weibo: and plain names; a property attribute may list several), then the document: <title>
 * with the site name cut off, <time datetime>, <html lang> and dir. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "feed.h"
#include "feed_internal.h"
#include "feed_page.h"

#define META_MAX_BYTES 4096

/* The meta keys read, in no particular order; values[i] belongs to keys[i]. */
static const char *const keys[] = {
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
    "dc:creator",
    "dcterm:creator",
    "author",
    "parsely-author",
    "article:author",
    "og:site_name",
    "article:published_time",
    "parsely-pub-date",
    "article:modified_time",
    "og:image",
    "twitter:image",
    "description",
    "og:description",
    "dc:description",
    "dcterm:description",
    "twitter:description",
    "og:locale",
    "content-language",
};
#define N_KEYS (sizeof keys / sizeof keys[0])

struct reader {
    const char *url;
    const char *values[N_KEYS]; /* borrowed from gumbo */
    const char *time_datetime;  /* the first <time datetime> */
    const char *jsonld[8];      /* texts of application/ld+json scripts */
    size_t n_jsonld;
    const GumboNode *title;
};

static const GumboNode *gnext(const GumboNode *root, const GumboNode *n, bool skip_children)
{
    if (!skip_children && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) &&
        n->v.element.children.length > 0)
        return n->v.element.children.data[0];
    while (n != root && n->parent) {
        const GumboVector *sib = &n->parent->v.element.children;
        if (n->index_within_parent + 1 < sib->length)
            return sib->data[n->index_within_parent + 1];
        n = n->parent;
    }
    return NULL;
}

static void set_value(struct reader *r, const char *key, size_t n, const char *value)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strlen(keys[i]) == n && strncmp(keys[i], key, n) == 0 && !r->values[i])
            r->values[i] = value;
}

static bool one_of(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncmp(s, *list, n) == 0)
            return true;
    return false;
}

/* Readability reads a property as "(article|dc|dcterm|og|twitter):(author|creator|...)"
 * anywhere in it ("og:article:author" is article:author); Quire also reads the image, the
 * modification time and the locale. */
static void property_key(struct reader *r, const char *key, size_t n, const char *value)
{
    static const char *const prefixes[] = {"article", "dc", "dcterm", "og", "twitter", NULL};
    static const char *const names[] = {"author", "creator",   "description", "published_time",
                                        "title",  "site_name", NULL};
    static const char *const extra[] = {"og:image", "twitter:image", "article:modified_time",
                                        "og:locale", NULL};
    if (one_of(key, n, extra)) {
        set_value(r, key, n, value);
        return;
    }
    for (size_t start = 0; start < n; start++) {
        if (start && key[start - 1] != ':')
            continue;
        const char *colon = memchr(key + start, ':', n - start);
        if (colon && one_of(key + start, (size_t)(colon - key - start), prefixes) &&
            one_of(colon + 1, n - (size_t)(colon + 1 - key), names)) {
            set_value(r, key + start, n - start, value);
            return;
        }
    }
}

/* A name is "[(dc|dcterm|og|twitter|parsely|weibo:article|weibo:webpage)(:|-)](author|
 * creator|pub-date|description|title|site_name)" (dots already colons), or a plain key Quire
 * reads. */
static void name_key(struct reader *r, const char *key, size_t n, const char *value)
{
    static const char *const prefixes[] = {
        "dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage", NULL};
    static const char *const names[] = {"author", "creator",   "pub-date", "description",
                                        "title",  "site_name", NULL};
    static const char *const extra[] = {"twitter:image", "content-language", NULL};
    if (one_of(key, n, names) || one_of(key, n, extra)) {
        set_value(r, key, n, value);
        return;
    }
    for (size_t sep = 1; sep < n; sep++)
        if ((key[sep] == ':' || key[sep] == '-') && one_of(key, sep, prefixes) &&
            one_of(key + sep + 1, n - sep - 1, names)) {
            char norm[128];
            snprintf(norm, sizeof norm, "%.*s%c%s", (int)sep, key,
                     strncmp(key, "parsely", 7) == 0 ? '-' : ':', key + sep + 1);
            norm[n] = '\0';
            set_value(r, norm, n, value);
            return;
        }
}

/* "og:title twitter:title" or "DC.Creator": lowercased, dots as colons, each token a key. */
static void meta_keys(struct reader *r, const char *attr, const char *value, bool is_property)
{
    char key[128];
    const char *p = attr;
    while (*p) {
        p += strspn(p, " \t\r\n");
        size_t n = strcspn(p, " \t\r\n");
        if (n == 0)
            break;
        if (n < sizeof key) {
            for (size_t i = 0; i < n; i++)
                key[i] = p[i] == '.' ? ':' : (char)tolower((unsigned char)p[i]);
            key[n] = '\0';
            if (is_property)
                property_key(r, key, n, value);
            else
                name_key(r, key, n, value);
        }
        p += n;
    }
}

static const char *text_child(const GumboNode *g)
{
    const GumboVector *kids = &g->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA)
            return k->v.text.text;
    }
    return NULL;
}

static void visit(struct reader *r, const GumboNode *g)
{
    const char *v;
    switch (g->v.element.tag) {
    case GUMBO_TAG_META:
        if (!(v = page_gumbo_attr(g, "content")))
            return;
        if (page_gumbo_attr(g, "property"))
            meta_keys(r, page_gumbo_attr(g, "property"), v, true);
        if (page_gumbo_attr(g, "name"))
            meta_keys(r, page_gumbo_attr(g, "name"), v, false);
        if (page_gumbo_attr(g, "http-equiv"))
            meta_keys(r, page_gumbo_attr(g, "http-equiv"), v, false);
        return;
    case GUMBO_TAG_TITLE:
        if (!r->title)
            r->title = g;
        return;
    case GUMBO_TAG_TIME:
        if (!r->time_datetime)
            r->time_datetime = page_gumbo_attr(g, "datetime");
        return;
    case GUMBO_TAG_SCRIPT:
        v = page_gumbo_attr(g, "type");
        if (v && strcasecmp(v, "application/ld+json") == 0 && r->n_jsonld < 8 && text_child(g))
            r->jsonld[r->n_jsonld++] = text_child(g);
        return;
    default:
        return;
    }
}

/* Metadata keeps one level of escaping that gumbo did not undo ("&amp;quot;" pages). */
static char *clean_value(const char *s)
{
    if (!s)
        return NULL;
    char *html = quire_malloc(strlen(s) + 1);
    if (!html)
        return NULL;
    strcpy(html, s);
    char *text = feed_html_text(html);
    quire_free(html);
    if (text && (!*text || strlen(text) > META_MAX_BYTES)) {
        quire_free(text);
        return NULL;
    }
    return text;
}

static const char *first_of(const struct reader *r, const char *const *names)
{
    for (; *names; names++)
        for (size_t i = 0; i < N_KEYS; i++)
            if (strcmp(keys[i], *names) == 0 && r->values[i] && *r->values[i])
                return r->values[i];
    return NULL;
}

static bool is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_article_type(const cJSON *o)
{
    static const char *const types[] = {
        "Article",
        "NewsArticle",
        "Report",
        "ScholarlyArticle",
        "SocialMediaPosting",
        "BlogPosting",
        "DiscussionForumPosting",
        "TechArticle",
        "APIReference",
    };
    const char *t = cJSON_IsObject(o) ? json_str(o, "@type") : NULL;
    for (size_t i = 0; t && i < sizeof types / sizeof types[0]; i++)
        if (strstr(t, types[i]))
            return true;
    return false;
}

static const cJSON *find_article(const cJSON *list)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (is_article_type(it))
            return it;
    }
    return NULL;
}

static bool is_schema_org(const cJSON *o)
{
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(o, "@context");
    const char *s = cJSON_IsString(ctx)   ? ctx->valuestring
                    : cJSON_IsObject(ctx) ? json_str(ctx, "@vocab")
                                          : NULL;
    return s &&
           (strncmp(s, "http://schema.org", 17) == 0 || strncmp(s, "https://schema.org", 18) == 0);
}

static char *jsonld_byline(const cJSON *a)
{
    const cJSON *author = cJSON_GetObjectItemCaseSensitive(a, "author");
    if (cJSON_IsObject(author))
        return clean_value(json_str(author, "name"));
    if (!cJSON_IsArray(author))
        return NULL;
    struct quire_buf b;
    quire_buf_init(&b, META_MAX_BYTES);
    const cJSON *it;
    cJSON_ArrayForEach(it, author)
    {
        const char *name = cJSON_IsObject(it) ? json_str(it, "name") : NULL;
        if (name && ((b.len && quire_buf_puts(&b, ", ")) || quire_buf_puts(&b, name)))
            break;
    }
    char *joined = b.data ? quire_buf_steal(&b, NULL) : NULL;
    quire_buf_fini(&b);
    char *byline = clean_value(joined);
    quire_free(joined);
    return byline;
}

static void set_once(char **slot, char *value)
{
    if (*slot || !value)
        quire_free(value);
    else
        *slot = value;
}

static void jsonld_read(const char *text, struct page_meta *m)
{
    /* some pages wrap the JSON in a CDATA section */
    text += strspn(text, " \t\r\n");
    if (strncmp(text, "<![CDATA[", 9) == 0)
        text += 9;
    size_t n = strlen(text);
    while (n > 0 && strchr(" \t\r\n", text[n - 1]))
        n--;
    if (n >= 3 && strncmp(text + n - 3, "]]>", 3) == 0)
        n -= 3;
    cJSON *root = cJSON_ParseWithLength(text, n);
    const cJSON *a = cJSON_IsArray(root) ? find_article(root) : root;
    if (!a || !is_schema_org(cJSON_IsArray(root) ? a : root)) {
        cJSON_Delete(root);
        return;
    }
    if (!json_str(a, "@type"))
        a = find_article(cJSON_GetObjectItemCaseSensitive(a, "@graph"));
    if (a && is_article_type(a)) {
        const char *name = json_str(a, "name"), *headline = json_str(a, "headline");
        /* name and headline differ: the one like the document's title */
        if (name && headline && strcmp(name, headline) != 0 && m->doc_title &&
            page_text_similarity(headline, m->doc_title) > 0.75 &&
            page_text_similarity(name, m->doc_title) <= 0.75)
            name = headline;
        set_once(&m->title, clean_value(name ? name : headline));
        set_once(&m->byline, jsonld_byline(a));
        set_once(&m->excerpt, clean_value(json_str(a, "description")));
        const cJSON *pub = cJSON_GetObjectItemCaseSensitive(a, "publisher");
        if (cJSON_IsObject(pub))
            set_once(&m->site_name, clean_value(json_str(pub, "name")));
        feed_builder_date(&m->published, json_str(a, "datePublished"));
        feed_builder_date(&m->modified, json_str(a, "dateModified"));
    }
    cJSON_Delete(root);
}

static void read_tags(const struct reader *r, struct page_meta *m)
{
    static const char *const titles[] = {"dc:title",
                                         "dcterm:title",
                                         "og:title",
                                         "weibo:article:title",
                                         "weibo:webpage:title",
                                         "title",
                                         "twitter:title",
                                         "parsely-title",
                                         NULL};
    static const char *const bylines[] = {"dc:creator", "dcterm:creator", "author",
                                          "parsely-author", NULL};
    static const char *const excerpts[] = {"dc:description",
                                           "dcterm:description",
                                           "og:description",
                                           "weibo:article:description",
                                           "weibo:webpage:description",
                                           "description",
                                           "twitter:description",
                                           NULL};
    static const char *const sites[] = {"og:site_name", NULL};
    static const char *const images[] = {"og:image", "twitter:image", NULL};
    static const char *const langs[] = {"content-language", "og:locale", NULL};
    static const char *const article_author[] = {"article:author", NULL};
    set_once(&m->title, clean_value(first_of(r, titles)));
    set_once(&m->byline, clean_value(first_of(r, bylines)));
    const char *aa = first_of(r, article_author);
    if (aa && !is_url(aa))
        set_once(&m->byline, clean_value(aa));
    set_once(&m->excerpt, clean_value(first_of(r, excerpts)));
    set_once(&m->site_name, clean_value(first_of(r, sites)));
    set_once(&m->image, feed_url_resolve(r->url, first_of(r, images)));
    set_once(&m->lang, clean_value(first_of(r, langs)));
    static const char *const published[] = {"article:published_time", "parsely-pub-date", NULL};
    static const char *const modified[] = {"article:modified_time", NULL};
    feed_builder_date(&m->published, first_of(r, published));
    feed_builder_date(&m->modified, first_of(r, modified));
    feed_builder_date(&m->published, r->time_datetime);
}

enum quire_status page_meta_read(const GumboOutput *out, const char *url, struct page_meta *m,
                                 struct quire_err *err)
{
    *m = (struct page_meta){0};
    struct reader r = {.url = url};
    const GumboNode *root = out->root;
    for (const GumboNode *g = root; g; g = gnext(root, g, false))
        if (g->type == GUMBO_NODE_ELEMENT)
            visit(&r, g);
    if (r.title) {
        char *t = clean_value(text_child(r.title));
        m->doc_title = t;
    }
    m->lang = clean_value(page_gumbo_attr(root, "lang"));
    m->dir = clean_value(page_gumbo_attr(root, "dir"));
    for (size_t i = 0; i < r.n_jsonld; i++)
        jsonld_read(r.jsonld[i], m);
    read_tags(&r, m);
    if (m->modified < m->published)
        m->modified = m->published;
    return QUIRE_OK;
}

void page_meta_fini(struct page_meta *m)
{
    quire_free(m->title);
    quire_free(m->doc_title);
    quire_free(m->byline);
    quire_free(m->site_name);
    quire_free(m->excerpt);
    quire_free(m->lang);
    quire_free(m->dir);
    quire_free(m->image);
    *m = (struct page_meta){0};
}
