/* feed_image_cache: one publish run's pictures by URL, so a picture used by several articles
 * (a site's lead image, a feed's logo) is downloaded and prepared once. A chained hash table
 * of prepared pictures and of failures (a picture that failed is not fetched again in the run:
 * its error is given again). Past QUIRE_FEED_IMAGE_CACHE_BYTES new pictures are no longer
 * kept (they are fetched each time), so memory stays bounded on any run. */
#include <string.h>

#include "config.h"
#include "feed_image.h"
#include "image.h"
#include "quire_util.h"

enum { CACHE_BUCKETS = 1024 };

struct cache_entry {
    struct cache_entry *next;
    char *url;
    struct feed_image_file img; /* when prepared */
    struct quire_err failure;   /* when failed (code != QUIRE_OK) */
};

struct feed_image_cache {
    struct cache_entry *buckets[CACHE_BUCKETS];
    size_t bytes;
    struct feed_image_cache_stats stats;
};

enum quire_status feed_image_cache_create(feed_image_cache **out, struct quire_err *err)
{
    *out = quire_calloc(1, sizeof **out);
    if (!*out)
        return quire_err_set(err, QUIRE_ENOMEM, "image cache: out of memory");
    return QUIRE_OK;
}

void feed_image_cache_destroy(feed_image_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < CACHE_BUCKETS; i++) {
        struct cache_entry *e = c->buckets[i];
        while (e) {
            struct cache_entry *next = e->next;
            feed_image_fini(&e->img);
            quire_free(e->url);
            quire_free(e);
            e = next;
        }
    }
    quire_free(c);
}

void feed_image_cache_stats_get(const feed_image_cache *c, struct feed_image_cache_stats *out)
{
    *out = c->stats;
}

static size_t url_bucket(const char *url)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % CACHE_BUCKETS;
}

static struct cache_entry *cache_find(feed_image_cache *c, const char *url)
{
    for (struct cache_entry *e = c->buckets[url_bucket(url)]; e; e = e->next)
        if (strcmp(e->url, url) == 0)
            return e;
    return NULL;
}

bool feed_image_cache_has(feed_image_cache *c, const char *url)
{
    return cache_find(c, url) != NULL;
}

static enum quire_status image_copy(const struct feed_image_file *src, struct feed_image_file *out,
                                    struct quire_err *err)
{
    *out = *src;
    out->data = quire_malloc(src->len ? src->len : 1);
    if (!out->data) {
        memset(out, 0, sizeof *out);
        return quire_err_set(err, QUIRE_ENOMEM, "image cache: out of memory");
    }
    memcpy(out->data, src->data, src->len);
    return QUIRE_OK;
}

static bool fits(const struct feed_image_file *img, const struct feed_image_opts *o)
{
    return img->len <= o->max_bytes && (o->max_w <= 0 || img->w <= o->max_w) &&
           (o->max_h <= 0 || img->h <= o->max_h);
}

/* A cached result given again: the failure's message, a copy, or the copy re-encoded to the
 * smaller size or budget asked for now. */
static enum quire_status answer_from(const struct cache_entry *e, const struct feed_image_opts *o,
                                     struct feed_image_file *out, struct quire_err *err)
{
    if (e->failure.code) {
        if (err)
            *err = e->failure;
        return e->failure.code;
    }
    if (fits(&e->img, o))
        return image_copy(&e->img, out, err);
    return feed_image_prepare(e->img.data, e->img.len, e->url, o, out, err);
}

/* Keeps a new result (a failure always: it is small; a picture while under the cap). */
static void cache_store(feed_image_cache *c, const char *url, enum quire_status st,
                        const struct quire_err *why, const struct feed_image_file *img)
{
    if (!st && c->bytes + img->len > (size_t)QUIRE_FEED_IMAGE_CACHE_BYTES)
        return;
    struct cache_entry *e = quire_calloc(1, sizeof *e);
    if (!e || !(e->url = quire_strdup(url)) || (!st && image_copy(img, &e->img, NULL))) {
        if (e)
            quire_free(e->url);
        quire_free(e);
        return; /* out of memory: the next use fetches again */
    }
    if (st) {
        e->failure = *why;
        e->failure.code = st;
    }
    c->bytes += e->img.len;
    size_t b = url_bucket(url);
    e->next = c->buckets[b];
    c->buckets[b] = e;
}

enum quire_status feed_image_cache_get(feed_image_cache *c, const char *url,
                                       feed_image_fetch_fn fetch, void *ctx,
                                       const struct feed_image_opts *o, struct feed_image_file *out,
                                       struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    const struct cache_entry *hit = cache_find(c, url);
    if (hit) {
        c->stats.hits++;
        return answer_from(hit, o, out, err);
    }
    struct quire_err local;
    quire_err_clear(&local);
    void *data = NULL;
    size_t len = 0;
    c->stats.fetches++;
    enum quire_status st = fetch(ctx, url, &data, &len, &local);
    if (!st)
        st = feed_image_prepare(data, len, url, o, out, &local);
    quire_free(data);
    if (st) {
        c->stats.failures++;
        if (!local.msg[0])
            quire_err_set(&local, st, "%s: %s", url, quire_strerror(st));
    }
    cache_store(c, url, st, &local, out);
    if (st && err)
        *err = local;
    return st;
}
