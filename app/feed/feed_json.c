/* feed_json: JSON Feed 1.0 and 1.1 (jsonfeed.org) into the feed model with cJSON. Fields of
 * the wrong type are ignored as feed readers do; the document must be an object with a
 * "version" naming JSON Feed and an "items" array. URLs resolve against feed_url, else the URL
 * the feed came from. */
#include <cjson/cJSON.h>
#include <string.h>

#include "feed_internal.h"

struct json_ctx {
    struct feed_builder *b;
    const char *base;
};

static const char *str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring && *v->valuestring ? v->valuestring : NULL;
}

static char *dup_text(const char *s)
{
    char *d = s ? quire_strdup(s) : NULL;
    if (d && !*feed_text_squeeze(d)) {
        quire_free(d);
        return NULL;
    }
    return d;
}

static char *dup_raw(const char *s)
{
    return s ? quire_strdup(s) : NULL;
}

static char *text_as_html(const char *text)
{
    if (!text)
        return NULL;
    struct quire_buf b;
    quire_buf_init(&b, strlen(text) * 6 + 16);
    enum quire_status rc = quire_buf_puts(&b, "<p>");
    for (const char *p = text; !rc && *p;) { /* blank lines separate paragraphs */
        const char *brk = strstr(p, "\n\n");
        size_t n = brk ? (size_t)(brk - p) : strlen(p);
        rc = quire_buf_put_xml(&b, p, n);
        p += n;
        if (!rc && brk) {
            rc = quire_buf_puts(&b, "</p><p>");
            p += strspn(p, "\n");
        }
    }
    if (!rc)
        rc = quire_buf_puts(&b, "</p>");
    if (rc) {
        quire_buf_fini(&b);
        return NULL;
    }
    return quire_buf_steal(&b, NULL);
}

/* JSON Feed 1.1 "authors" (array), 1.0 "author" (object). */
static char *author_of(const cJSON *obj)
{
    const cJSON *authors = cJSON_GetObjectItemCaseSensitive(obj, "authors");
    const cJSON *a = cJSON_IsArray(authors) ? cJSON_GetArrayItem(authors, 0)
                                            : cJSON_GetObjectItemCaseSensitive(obj, "author");
    return cJSON_IsObject(a) ? dup_text(str(a, "name")) : NULL;
}

static enum quire_status item_media(struct json_ctx *c, struct feed_item *it, const cJSON *item)
{
    enum quire_status rc = QUIRE_OK;
    const char *image_keys[] = {"image", "banner_image"};
    for (size_t i = 0; i < 2 && !rc; i++)
        rc = feed_builder_media(c->b, it, feed_url_resolve(c->base, str(item, image_keys[i])), NULL,
                                NULL, 0, true);
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(item, "attachments");
    if (!cJSON_IsArray(att))
        att = NULL;
    const cJSON *a;
    cJSON_ArrayForEach(a, att)
    {
        if (rc || !cJSON_IsObject(a))
            continue;
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(a, "size_in_bytes");
        int64_t length = cJSON_IsNumber(size) && size->valuedouble > 0 && size->valuedouble < 9e15
                             ? (int64_t)size->valuedouble
                             : 0;
        rc = feed_builder_media(c->b, it, feed_url_resolve(c->base, str(a, "url")),
                                dup_raw(str(a, "mime_type")), dup_text(str(a, "title")), length,
                                false);
    }
    return rc;
}

/* The id must be a string (1.1), but 1.0 feeds write numbers too. */
static char *id_of(const cJSON *item)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
    if (cJSON_IsNumber(id)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%.17g", id->valuedouble);
        return quire_strdup(buf);
    }
    return dup_text(str(item, "id"));
}

static enum quire_status parse_item(struct json_ctx *c, const cJSON *item)
{
    struct feed_builder *b = c->b;
    enum quire_status rc;
    struct feed_item *it = feed_builder_item(b, &rc);
    if (!it)
        return rc;
    const char *text = str(item, "content_text");
    if ((rc = feed_builder_set(b, &it->guid, id_of(item), false)) ||
        (rc = feed_builder_set(b, &it->title, dup_text(str(item, "title")), false)) ||
        (rc = feed_builder_set(b, &it->link, feed_url_resolve(c->base, str(item, "url")), false)) ||
        (rc = feed_builder_set(b, &it->link, feed_url_resolve(c->base, str(item, "external_url")),
                               false)) ||
        (rc = feed_builder_set(b, &it->content, dup_raw(str(item, "content_html")), true)) ||
        (rc = feed_builder_set(b, &it->content, text_as_html(text), true)) ||
        (rc = feed_builder_set(b, &it->summary, text_as_html(str(item, "summary")), true)) ||
        (rc = feed_builder_set(b, &it->author, author_of(item), false)) ||
        (rc = feed_builder_set(b, &it->lang, dup_text(str(item, "language")), false)))
        return rc;
    feed_builder_date(&it->published, str(item, "date_published"));
    feed_builder_date(&it->updated, str(item, "date_modified"));
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(item, "tags");
    if (!cJSON_IsArray(tags))
        tags = NULL;
    const cJSON *t;
    cJSON_ArrayForEach(t, tags)
    {
        if (!rc && cJSON_IsString(t))
            rc = feed_builder_category(b, it, dup_text(t->valuestring));
    }
    return rc ? rc : item_media(c, it, item);
}

static bool is_json_feed(const cJSON *root)
{
    const char *v = cJSON_IsObject(root) ? str(root, "version") : NULL;
    return v &&
           (strncmp(v, "https://jsonfeed.org/version/", 29) == 0 ||
            strncmp(v, "http://jsonfeed.org/version/", 28) == 0) &&
           cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "items"));
}

enum quire_status feed_parse_json(struct feed_builder *b, const char *data, size_t len,
                                  const char *url)
{
    cJSON *root = cJSON_ParseWithLength(data, len);
    if (!root)
        return quire_err_set(b->err, QUIRE_EFORMAT, "%s: not JSON (near byte %zu)", b->name,
                             (size_t)(cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - data : 0));
    enum quire_status rc = QUIRE_OK;
    if (!is_json_feed(root)) {
        rc = quire_err_set(b->err, QUIRE_EFORMAT,
                           "%s: not a JSON Feed (no \"version\" of jsonfeed.org or no \"items\")",
                           b->name);
        goto done;
    }
    struct feed *f = b->feed;
    char *feed_url = feed_url_resolve(url, str(root, "feed_url"));
    struct json_ctx c = {.b = b, .base = feed_url ? feed_url : url};
    if ((rc = feed_builder_set(b, &f->title, dup_text(str(root, "title")), false)) ||
        (rc = feed_builder_set(b, &f->link, feed_url_resolve(c.base, str(root, "home_page_url")),
                               false)) ||
        (rc = feed_builder_set(b, &f->lang, dup_text(str(root, "language")), false))) {
        quire_free(feed_url);
        goto done;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "items"))
    {
        if (!rc && cJSON_IsObject(item))
            rc = parse_item(&c, item);
    }
    quire_free(feed_url);
done:
    cJSON_Delete(root);
    return rc;
}
