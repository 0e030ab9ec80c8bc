/* image_webp: WebP in (lossy and lossless, with or without alpha; an animation's first frame
 * through libwebpdemux), decoded to its luma plane, which is the picture in gray. */
#include <string.h>

#include <webp/decode.h>
#include <webp/demux.h>

#include "config.h"
#include "image_internal.h"

/* libwebp's luma is BT.601 "studio" range (16..235); the page's gray is full range. */
static uint8_t luma_to_gray(int y)
{
    int v = (y - 16) * 255 / 219;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Composites the decoded frame's luma (and alpha) onto out at (x0, y0), over white. */
static void webp_put_frame(const WebPDecBuffer *buf, int x0, int y0, struct image_gray *out)
{
    const WebPYUVABuffer *p = &buf->u.YUVA;
    for (int y = 0; y < buf->height && y0 + y < out->h; y++) {
        uint8_t *row = out->pixels + (size_t)(y0 + y) * out->stride + x0;
        const uint8_t *ys = p->y + (size_t)y * p->y_stride;
        const uint8_t *as = p->a ? p->a + (size_t)y * p->a_stride : NULL;
        for (int x = 0; x < buf->width && x0 + x < out->w; x++) {
            int g = luma_to_gray(ys[x]);
            if (as)
                g = (g * as[x] + 255 * (255 - as[x]) + 127) / 255;
            row[x] = (uint8_t)g;
        }
    }
}

/* Decodes one still bitstream (a whole file or an animation's frame) onto out at (x0, y0). */
static enum quire_status webp_decode_still(const uint8_t *data, size_t len, int x0, int y0,
                                           const char *name, struct image_gray *out,
                                           struct quire_err *err)
{
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: WebP decoder version mismatch", name);
    if (WebPGetFeatures(data, len, &config.input) != VP8_STATUS_OK)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken WebP image", name);
    config.output.colorspace = config.input.has_alpha ? MODE_YUVA : MODE_YUV;
    VP8StatusCode rc = WebPDecode(data, len, &config);
    if (rc != VP8_STATUS_OK) {
        WebPFreeDecBuffer(&config.output);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken WebP image (libwebp status %d)", name,
                             (int)rc);
    }
    webp_put_frame(&config.output, x0, y0, out);
    WebPFreeDecBuffer(&config.output);
    return QUIRE_OK;
}

static enum quire_status webp_decode_animation(const uint8_t *data, size_t len, const char *name,
                                               struct image_gray *out, struct quire_err *err)
{
    WebPData whole = {data, len};
    WebPDemuxer *demux = WebPDemux(&whole);
    if (!demux)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken animated WebP image", name);
    uint32_t w = WebPDemuxGetI(demux, WEBP_FF_CANVAS_WIDTH);
    uint32_t h = WebPDemuxGetI(demux, WEBP_FF_CANVAS_HEIGHT);
    WebPIterator it;
    enum quire_status st = image_check_size(w, h, name, err);
    if (!st && !WebPDemuxGetFrame(demux, 1, &it))
        st = quire_err_set(err, QUIRE_EFORMAT, "%s: animated WebP image has no frame", name);
    else if (!st) {
        st = image_gray_init(out, (int)w, (int)h, err);
        if (!st)
            st = webp_decode_still(it.fragment.bytes, it.fragment.size, it.x_offset, it.y_offset,
                                   name, out, err);
        WebPDemuxReleaseIterator(&it);
    }
    WebPDemuxDelete(demux);
    if (st)
        image_gray_fini(out);
    return st;
}

enum quire_status image_webp_decode(const void *data, size_t len, const char *name,
                                    struct image_gray *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    WebPBitstreamFeatures f;
    if (WebPGetFeatures(data, len, &f) != VP8_STATUS_OK)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken WebP image", name);
    if (f.has_animation)
        return webp_decode_animation(data, len, name, out, err);
    enum quire_status st = image_check_size((uint64_t)f.width, (uint64_t)f.height, name, err);
    if (!st)
        st = image_gray_init(out, f.width, f.height, err);
    if (!st)
        st = webp_decode_still(data, len, 0, 0, name, out, err);
    if (st)
        image_gray_fini(out);
    return st;
}
