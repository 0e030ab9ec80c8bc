/* feed_edition_pictures: the edition's pictures (see feed_edition_internal.h). Every picture
 * URL of a group of stories is fetched in one polite batch; feed_image then prepares each (gray,
 * scaled, re-encoded within the story's share of QUIRE_FEED_IMAGE_ARTICLE_BYTES), once per URL
 * through its per-run cache whose fetch callback hands over the batch's bytes. A prepared
 * picture becomes OEBPS/images/pNNNNN-K.(jpg|png) and the story's <img> points at it (a lead
 * picture the body lacks is put before the body, in a figure with its caption); a failed one
 * is reported and its <img> is left as it was, which the bundle writer drops. */
#include <string.h>

#include "config.h"
#include "feed_edition_internal.h"
#include "feed_image.h"
#include "quire_util.h"

enum quire_status feed_edition_src_attr(struct quire_buf *b, const char *url)
{
    enum quire_status st = quire_buf_puts(b, "src=\"");
    if (!st)
        st = quire_buf_put_xml(b, url, strlen(url));
    if (!st)
        st = quire_buf_puts(b, "\"");
    return st;
}

struct fetched {
    struct net_request *reqs;
    size_t n;
};

/* feed_image_cache's fetch: the batch already holds the bytes (or the failure). */
static enum quire_status from_batch(void *ctx, const char *url, void **data, size_t *len,
                                    struct quire_err *err)
{
    const struct fetched *f = ctx;
    for (size_t i = 0; i < f->n; i++) {
        const struct net_request *r = &f->reqs[i];
        if (strcmp(r->url, url) != 0)
            continue;
        if (r->status) {
            *err = r->err;
            return r->status;
        }
        *data = quire_malloc(r->len ? r->len : 1);
        if (!*data)
            return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        memcpy(*data, r->body, r->len);
        *len = r->len;
        return QUIRE_OK;
    }
    return quire_err_set(err, QUIRE_ENOTFOUND, "%s: not fetched", url);
}

static bool listed(const struct fetched *f, const char *url)
{
    for (size_t j = 0; j < f->n; j++)
        if (strcmp(f->reqs[j].url, url) == 0)
            return true;
    return false;
}

/* How many pictures of story i the group would fetch (those neither kept nor listed yet). */
static size_t new_urls(const struct feed_story *t, feed_image_cache *cache, const struct fetched *f)
{
    size_t n = 0;
    for (size_t k = 0; k < t->n_pictures; k++)
        n += !feed_image_cache_has(cache, t->pictures[k].url) && !listed(f, t->pictures[k].url);
    return n;
}

/* Fetches, in one polite batch, the pictures of the stories from *first on that fit in a group
 * of QUIRE_FEED_PICTURE_BATCH (one story at least); *end is past the group's last story. So a
 * run holds at most a group's downloads in memory, however many stories it has. */
static enum quire_status fetch_group(struct feed_edition *e, const struct feed_edition_opts *o,
                                     feed_image_cache *cache, size_t first, size_t *end,
                                     struct fetched *f, struct quire_err *err)
{
    size_t cap = QUIRE_FEED_PICTURE_BATCH > QUIRE_FEED_PICTURES ? QUIRE_FEED_PICTURE_BATCH
                                                                : QUIRE_FEED_PICTURES;
    f->reqs = quire_calloc(cap, sizeof *f->reqs);
    f->n = 0;
    if (!f->reqs)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    size_t i = first;
    for (; i < e->n_stories; i++) {
        const struct feed_story *t = &e->stories[i];
        size_t more = new_urls(t, cache, f);
        if (i > first && f->n + more > (size_t)QUIRE_FEED_PICTURE_BATCH)
            break;
        for (size_t k = 0; k < t->n_pictures && f->n < cap; k++) {
            const char *url = t->pictures[k].url;
            if (!feed_image_cache_has(cache, url) && !listed(f, url))
                f->reqs[f->n++] = (struct net_request){.url = url, .cap = QUIRE_IMAGE_MAX_BYTES};
        }
    }
    *end = i;
    struct net_batch_opts bo = {.net = o->net,
                                .threads = o->threads,
                                .per_host = o->per_host,
                                .host_delay_ms = o->host_delay_ms};
    return f->n ? net_batch_get(&bo, f->reqs, f->n, err) : QUIRE_OK;
}

static void fetched_free(struct fetched *f)
{
    if (f->reqs)
        net_batch_free_bodies(f->reqs, f->n);
    quire_free(f->reqs);
    *f = (struct fetched){0};
}

/* Replaces every `src="url"` of body with src="../images/name". */
static enum quire_status point_at(char **body, const char *url, const char *name)
{
    struct quire_buf from, out;
    quire_buf_init(&from, 3 * QUIRE_FEED_MAX_TEXT_BYTES);
    quire_buf_init(&out, QUIRE_ARTICLE_MAX_BYTES);
    enum quire_status st = feed_edition_src_attr(&from, url);
    const char *p = *body;
    for (const char *hit; !st && from.data && (hit = strstr(p, from.data)); p = hit + from.len) {
        st = quire_buf_append(&out, p, (size_t)(hit - p));
        if (!st)
            st = quire_buf_printf(&out, "src=\"../images/%s\"", name);
    }
    if (!st)
        st = quire_buf_puts(&out, p);
    char *nb = st ? NULL : quire_buf_steal(&out, NULL);
    if (nb) {
        quire_free(*body);
        *body = nb;
    }
    quire_buf_fini(&from);
    quire_buf_fini(&out);
    return st ? st : nb ? QUIRE_OK : QUIRE_ENOMEM;
}

/* A lead picture the body lacks goes before it, with its caption. */
static enum quire_status lead_figure(char **body, const struct feed_story_picture *p,
                                     const char *name)
{
    struct quire_buf b;
    quire_buf_init(&b, QUIRE_ARTICLE_MAX_BYTES);
    const char *alt = p->alt ? p->alt : p->caption ? p->caption : "";
    enum quire_status st = quire_buf_printf(&b, "<figure><img src=\"../images/%s\" alt=\"", name);
    if (!st)
        st = quire_buf_put_xml(&b, alt, strlen(alt));
    if (!st)
        st = quire_buf_puts(&b, "\"/>");
    if (!st && p->caption && !(st = quire_buf_puts(&b, "<figcaption>")) &&
        !(st = quire_buf_put_xml(&b, p->caption, strlen(p->caption))))
        st = quire_buf_puts(&b, "</figcaption>");
    if (!st)
        st = quire_buf_puts(&b, "</figure>");
    if (!st)
        st = quire_buf_puts(&b, *body);
    char *nb = st ? NULL : quire_buf_steal(&b, NULL);
    quire_buf_fini(&b);
    if (!nb)
        return st ? st : QUIRE_ENOMEM;
    quire_free(*body);
    *body = nb;
    return QUIRE_OK;
}

static enum quire_status add_media(struct feed_edition *e, const char *name,
                                   struct feed_image_file *img)
{
    if ((e->n_media & 31) == 0) {
        struct bundle_media *v = quire_realloc(e->media, (e->n_media + 32) * sizeof *v);
        if (!v)
            return QUIRE_ENOMEM;
        e->media = v;
    }
    char *n = quire_strdup(name);
    if (!n)
        return QUIRE_ENOMEM;
    e->media[e->n_media++] =
        (struct bundle_media){.name = n, .mime = img->mime, .data = img->data, .len = img->len};
    img->data = NULL; /* the edition owns the bytes now */
    return QUIRE_OK;
}

static enum quire_status story_pictures(struct feed_edition *e, size_t si, feed_image_cache *cache,
                                        struct fetched *f, const struct feed_edition_opts *o)
{
    struct feed_story *t = &e->stories[si];
    size_t used = 0;
    enum quire_status st = QUIRE_OK;
    for (size_t k = 0; k < t->n_pictures && !st; k++) {
        const struct feed_story_picture *p = &t->pictures[k];
        struct feed_image_opts io;
        feed_image_opts_default(&io);
        io.max_bytes = feed_image_share(QUIRE_FEED_IMAGE_ARTICLE_BYTES, used, t->n_pictures - k);
        struct feed_image_file img = {0};
        struct quire_err perr;
        if (io.max_bytes == 0 ||
            feed_image_cache_get(cache, p->url, from_batch, f, &io, &img, &perr)) {
            if (io.max_bytes == 0)
                quire_err_set(&perr, QUIRE_ETOOBIG, "%s: no room left in the article", p->url);
            feed_edition_report(o, "feed %s: picture %s (left out)", t->feed, perr.msg);
            e->pictures_failed++;
            continue;
        }
        char name[64];
        snprintf(name, sizeof name, "p%05zu-%zu.%s", si + 1, k + 1,
                 strcmp(img.mime, "image/png") == 0 ? "png" : "jpg");
        used += img.len;
        st = add_media(e, name, &img);
        feed_image_fini(&img);
        if (!st)
            st = p->in_body ? point_at(&t->body, p->url, name) : lead_figure(&t->body, p, name);
        e->pictures += !st;
    }
    return st;
}

enum quire_status feed_edition_pictures(struct feed_edition *e, const struct feed_edition_opts *o,
                                        struct quire_err *err)
{
    feed_image_cache *cache = NULL;
    enum quire_status st = feed_image_cache_create(&cache, err);
    for (size_t i = 0, end = 0; i < e->n_stories && !st; i = end) {
        struct fetched f = {0};
        st = fetch_group(e, o, cache, i, &end, &f, err);
        for (size_t k = i; k < end && !st; k++)
            if ((st = story_pictures(e, k, cache, &f, o)))
                quire_err_set(err, st, "out of memory");
        fetched_free(&f);
    }
    feed_image_cache_destroy(cache);
    return st;
}
