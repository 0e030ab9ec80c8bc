/* feed_image: the pictures of articles the publisher makes. An image downloaded from a page or
 * a feed is decoded (JPEG, PNG, WebP, GIF's first frame: app/image), turned gray, scaled down
 * to at most the widest device profile's width (QUIRE_FEED_IMAGE_MAX_W) and re-encoded as gray
 * JPEG (photographs) or PNG (drawings, text, few grays, when it is the smaller) within a byte
 * budget: lower JPEG quality first, then a smaller size, until it fits.
 * The article's budget (QUIRE_FEED_IMAGE_ARTICLE_BYTES) is shared by its pictures with
 * feed_image_share. Alt text and captions stay with the caller (they are the page's, not the
 * file's). A failed picture is an error for that picture only: the caller leaves it out (or
 * keeps its alt text) and publishes the article.
 *
 * Download once per run: feed_image_cache keys prepared pictures by URL for one publish run, in
 * memory. On a URL's first use it calls the publisher's fetch callback (libcurl: feed's fetch
 * code, with its caps and politeness); later uses, from any article, get the prepared copy (or
 * the first try's error) without fetching again. A later use with a smaller budget gets the
 * cached picture re-encoded to fit.
 * Typical use in `quire feed publish`:
 *     feed_image_cache *cache; feed_image_cache_create(&cache, &err);
 *     for each article: size_t used = 0;
 *         for each of its n images i:
 *             struct feed_image_opts o; feed_image_opts_default(&o);
 *             o.max_bytes = feed_image_share(QUIRE_FEED_IMAGE_ARTICLE_BYTES, used, n - i);
 *             struct feed_image_file img;
 *             if (feed_image_cache_get(cache, url, fetch, ctx, &o, &img, &err))
 *                 report err.msg, leave the picture out;
 *             else { add img.data/img.len as img.mime, width img.w ...; used += img.len;
 *                    feed_image_fini(&img); }
 *     feed_image_cache_destroy(cache);
 * Threads: a cache belongs to one thread. */
#ifndef QUIRE_FEED_IMAGE_H
#define QUIRE_FEED_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "quire_error.h"

/* A prepared picture file: data is the caller's (feed_image_fini frees it). (Not the article's
 * struct feed_image of feed_article.h, which names a picture of a page: URL, alt, caption.) */
struct feed_image_file {
    void *data;
    size_t len;
    int w, h;         /* pixels of the encoded picture */
    const char *mime; /* "image/jpeg" or "image/png" (static strings) */
};

struct feed_image_opts {
    int max_w;        /* widest the picture may be, px (scaled down to it, never up) */
    int max_h;        /* tallest, px (a strip of a page: long infographics are shrunk) */
    size_t max_bytes; /* the encoded picture's budget */
};

/* QUIRE_FEED_IMAGE_MAX_W, QUIRE_FEED_IMAGE_MAX_H and a whole article's budget. */
void feed_image_opts_default(struct feed_image_opts *o);

/* The part of an article's budget the next picture gets: what is left (budget - used) shared
 * evenly between the images_left pictures still to come (the next one included), so a small
 * picture leaves room to the later ones. 0 when nothing is left. */
size_t feed_image_share(size_t article_budget, size_t used, size_t images_left);

/* Decodes bytes (name, e.g. the URL, names it in messages) and re-encodes them within o.
 * Errors: QUIRE_EFORMAT (broken or not an image), QUIRE_ETOOBIG (declared size past the pixel
 * cap, file past QUIRE_IMAGE_MAX_BYTES, or no size and quality fits max_bytes), QUIRE_ENOMEM.
 * On error *out is zeroed. */
enum quire_status feed_image_prepare(const void *bytes, size_t len, const char *name,
                                     const struct feed_image_opts *o, struct feed_image_file *out,
                                     struct quire_err *err);
/* Frees out's data and zeroes it; safe on a zeroed one. */
void feed_image_fini(struct feed_image_file *img);

/* Gives the bytes at url (*data freed by the cache with quire_free; the same signature as the
 * renderer's render_fetch_fn). An error is reported as the picture's. */
typedef enum quire_status (*feed_image_fetch_fn)(void *ctx, const char *url, void **data,
                                                 size_t *len, struct quire_err *err);

typedef struct feed_image_cache feed_image_cache;

enum quire_status feed_image_cache_create(feed_image_cache **out, struct quire_err *err);
/* feed_image_cache_destroy(NULL) is a no-op. */
void feed_image_cache_destroy(feed_image_cache *c);

/* The picture at url prepared within o, as a fresh copy in *out (feed_image_fini it). The first
 * call for a URL fetches and prepares it; later calls reuse that result (or its error, with
 * the same message) without fetching. */
enum quire_status feed_image_cache_get(feed_image_cache *c, const char *url,
                                       feed_image_fetch_fn fetch, void *ctx,
                                       const struct feed_image_opts *o, struct feed_image_file *out,
                                       struct quire_err *err);

/* Whether a result for url (a picture or its failure) is kept: a get would not fetch it. */
bool feed_image_cache_has(feed_image_cache *c, const char *url);

/* Counters for reports and tests: fetch callbacks made, and calls answered from the cache. */
struct feed_image_cache_stats {
    size_t fetches, hits, failures;
};
void feed_image_cache_stats_get(const feed_image_cache *c, struct feed_image_cache_stats *out);

#endif
