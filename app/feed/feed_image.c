/* feed_image: pictures for published articles: decode (app/image), gray, scale down to the
 * widest device, re-encode within a byte budget. See feed_image.h; the per-run cache is
 * feed_image_cache.c. */
#include "feed_image.h"

#include <string.h>

#include "config.h"
#include "image.h"
#include "quire_util.h"

/* JPEG qualities tried in turn at one size; below the last the picture is made smaller. */
static const int jpeg_ladder[] = {QUIRE_FEED_IMAGE_JPEG_QUALITY, 72, 62, 50,
                                  QUIRE_FEED_IMAGE_JPEG_MIN_Q};
/* Each step down in size keeps this fraction of the width and height, in 1/100. */
enum { SHRINK_PERCENT = 75 };
/* Gray levels of a drawing's PNG when the full one does not fit: the panels show 16. */
enum { PNG_PANEL_LEVELS = 16 };

void feed_image_opts_default(struct feed_image_opts *o)
{
    o->max_w = QUIRE_FEED_IMAGE_MAX_W;
    o->max_h = QUIRE_FEED_IMAGE_MAX_H;
    o->max_bytes = (size_t)QUIRE_FEED_IMAGE_ARTICLE_BYTES;
}

size_t feed_image_share(size_t article_budget, size_t used, size_t images_left)
{
    if (used >= article_budget || images_left == 0)
        return 0;
    return (article_budget - used) / images_left;
}

void feed_image_fini(struct feed_image_file *img)
{
    if (!img)
        return;
    quire_free(img->data);
    memset(img, 0, sizeof *img);
}

/* The size of a w x h picture fitted inside max_w x max_h, aspect kept, never enlarged. */
static void fit_size(int w, int h, int max_w, int max_h, int *ow, int *oh)
{
    double s = 1.0;
    if (max_w > 0 && w > max_w)
        s = (double)max_w / w;
    if (max_h > 0 && h * s > max_h)
        s = (double)max_h / h;
    *ow = (int)(w * s + 0.5);
    *oh = (int)(h * s + 0.5);
    if (*ow < 1)
        *ow = 1;
    if (*oh < 1)
        *oh = 1;
}

/* Keeps the candidate (data, len) in out when it is the first or smaller; frees the other. */
static void keep_smaller(struct feed_image_file *out, void *data, size_t len, int w, int h,
                         const char *mime)
{
    if (out->data && out->len <= len) {
        quire_free(data);
        return;
    }
    quire_free(out->data);
    *out = (struct feed_image_file){data, len, w, h, mime};
}

/* A drawing (few grays): PNG keeps its edges sharp; when the full PNG is over budget, the
 * same reduced to the panels' 16 grays. Leaves out empty when neither fits. */
static enum quire_status encode_drawing(const struct image_gray *img, const char *name,
                                        size_t max_bytes, struct feed_image_file *out,
                                        struct quire_err *err)
{
    void *data;
    size_t len;
    enum quire_status st = image_encode_png(img, name, &data, &len, err);
    if (st)
        return st;
    if (len <= max_bytes) {
        keep_smaller(out, data, len, img->w, img->h, "image/png");
        return QUIRE_OK;
    }
    quire_free(data);
    if (image_count_levels(img) <= PNG_PANEL_LEVELS)
        return QUIRE_OK;
    struct image_gray fewer;
    st = image_scale(img, img->w, img->h, &fewer, err); /* a copy: same size */
    if (st)
        return st;
    image_quantize(&fewer, PNG_PANEL_LEVELS);
    st = image_encode_png(&fewer, name, &data, &len, err);
    image_gray_fini(&fewer);
    if (!st && len <= max_bytes)
        keep_smaller(out, data, len, img->w, img->h, "image/png");
    else if (!st)
        quire_free(data);
    return st;
}

/* A photograph: the best JPEG quality of the ladder that fits. Leaves out empty when none
 * does. */
static enum quire_status encode_photo(const struct image_gray *img, const char *name,
                                      size_t max_bytes, struct feed_image_file *out,
                                      struct quire_err *err)
{
    for (size_t i = 0; i < sizeof jpeg_ladder / sizeof jpeg_ladder[0]; i++) {
        void *data;
        size_t len;
        enum quire_status st = image_encode_jpeg(img, jpeg_ladder[i], name, &data, &len, err);
        if (st)
            return st;
        if (len <= max_bytes) {
            keep_smaller(out, data, len, img->w, img->h, "image/jpeg");
            return QUIRE_OK;
        }
        quire_free(data);
    }
    return QUIRE_OK;
}

/* Share of pixels, in percent, equal to their left neighbour: high for flat artwork (charts,
 * maps, screenshots), low for photographs, whose noise makes neighbours differ. */
static int flat_percent(const struct image_gray *img)
{
    int64_t same = 0;
    for (int y = 0; y < img->h; y++) {
        const uint8_t *row = img->pixels + (size_t)y * img->stride;
        for (int x = 1; x < img->w; x++)
            same += row[x] == row[x - 1];
    }
    return (int)(same * 100 / ((int64_t)img->w * img->h));
}

/* One size: PNG for drawings (few grays), JPEG for photographs; flat artwork with
 * anti-aliased edges (many grays, but large even areas) gets the smaller of the two. PNG is
 * not tried on a photograph: it would be several times the JPEG, and slow to make. */
static enum quire_status encode_at_size(const struct image_gray *img, const char *name,
                                        size_t max_bytes, struct feed_image_file *out,
                                        struct quire_err *err)
{
    bool is_drawing = image_count_levels(img) <= QUIRE_FEED_IMAGE_PNG_LEVELS;
    enum quire_status st = QUIRE_OK;
    if (is_drawing)
        st = encode_drawing(img, name, max_bytes, out, err);
    if (!st && !out->data)
        st = encode_photo(img, name, max_bytes, out, err);
    if (!st && out->data && !is_drawing && flat_percent(img) >= QUIRE_FEED_IMAGE_FLAT_PERCENT) {
        void *data;
        size_t len;
        st = image_encode_png(img, name, &data, &len, err);
        if (!st)
            keep_smaller(out, data, len, img->w, img->h, "image/png");
    }
    if (st)
        feed_image_fini(out);
    return st;
}

/* Encodes gray within max_bytes, smaller and smaller until it fits or passes the minimum. */
static enum quire_status encode_within(const struct image_gray *gray, const char *name,
                                       size_t max_bytes, struct feed_image_file *out,
                                       struct quire_err *err)
{
    const struct image_gray *cur = gray;
    struct image_gray smaller = {0};
    enum quire_status st = QUIRE_OK;
    for (;;) {
        st = encode_at_size(cur, name, max_bytes, out, err);
        if (st || out->data)
            break;
        int w = (int)((int64_t)cur->w * SHRINK_PERCENT / 100);
        int h = (int)((int64_t)cur->h * SHRINK_PERCENT / 100);
        if (w < QUIRE_FEED_IMAGE_MIN_W || h < 1) {
            st = quire_err_set(err, QUIRE_ETOOBIG,
                               "%s: picture does not fit in %zu bytes even at %dx%d", name,
                               max_bytes, cur->w, cur->h);
            break;
        }
        struct image_gray next;
        st = image_scale(gray, w, h, &next, err);
        if (st)
            break;
        image_gray_fini(&smaller);
        smaller = next;
        cur = &smaller;
    }
    image_gray_fini(&smaller);
    return st;
}

enum quire_status feed_image_prepare(const void *bytes, size_t len, const char *name,
                                     const struct feed_image_opts *o, struct feed_image_file *out,
                                     struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    struct image_gray full;
    enum quire_status st = image_decode(bytes, len, name, &full, err);
    if (st)
        return st;
    int w, h;
    fit_size(full.w, full.h, o->max_w, o->max_h, &w, &h);
    struct image_gray fitted = {0};
    const struct image_gray *src = &full;
    if (w != full.w || h != full.h) {
        st = image_scale(&full, w, h, &fitted, err);
        src = &fitted;
    }
    if (!st)
        st = encode_within(src, name, o->max_bytes, out, err);
    image_gray_fini(&fitted);
    image_gray_fini(&full);
    return st;
}
