/* image_make: see image_make.h. Test code: aborts on failure of the encoders. */
#include "image_make.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>
#include <webp/mux.h>

static void *must(void *p)
{
    if (!p)
        abort();
    return p;
}

uint8_t *make_png(const uint8_t *rgba, int w, int h, size_t *len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    if (!png_image_write_get_memory_size(img, size, 0, rgba, 0, NULL))
        abort();
    uint8_t *mem = must(malloc(size));
    if (!png_image_write_to_memory(&img, mem, &size, 0, rgba, 0, NULL))
        abort();
    *len = size;
    return mem;
}

uint8_t *make_jpeg(const uint8_t *rgba, int w, int h, int quality, bool progressive, size_t *len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr jerr;
    unsigned char *mem = NULL;
    unsigned long size = 0;
    c.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &mem, &size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    if (progressive)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    uint8_t *row = must(malloc((size_t)w * 3));
    while (c.next_scanline < c.image_height) {
        const uint8_t *src = rgba + (size_t)c.next_scanline * w * 4;
        for (int x = 0; x < w; x++)
            memcpy(row + x * 3, src + x * 4, 3);
        jpeg_write_scanlines(&c, &row, 1);
    }
    free(row);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    *len = size;
    return mem;
}

static uint8_t *webp_copy(uint8_t *out, size_t size, size_t *len)
{
    if (!size)
        abort();
    uint8_t *mem = must(malloc(size));
    memcpy(mem, out, size);
    WebPFree(out);
    *len = size;
    return mem;
}

uint8_t *make_webp(const uint8_t *rgba, int w, int h, bool lossless, size_t *len)
{
    uint8_t *out = NULL;
    size_t size = lossless ? WebPEncodeLosslessRGBA(rgba, w, h, w * 4, &out)
                           : WebPEncodeRGBA(rgba, w, h, w * 4, 80, &out);
    return webp_copy(out, size, len);
}

static void anim_add(WebPAnimEncoder *enc, const uint8_t *rgba, int w, int h, int ms)
{
    WebPConfig config;
    WebPPicture pic;
    if (!WebPConfigInit(&config) || !WebPPictureInit(&pic))
        abort();
    config.lossless = 1;
    pic.use_argb = 1;
    pic.width = w;
    pic.height = h;
    if (!WebPPictureImportRGBA(&pic, rgba, w * 4) || !WebPAnimEncoderAdd(enc, &pic, ms, &config))
        abort();
    WebPPictureFree(&pic);
}

uint8_t *make_webp_anim(const uint8_t *first, const uint8_t *second, int w, int h, size_t *len)
{
    WebPAnimEncoderOptions opts;
    if (!WebPAnimEncoderOptionsInit(&opts))
        abort();
    WebPAnimEncoder *enc = must(WebPAnimEncoderNew(w, h, &opts));
    anim_add(enc, first, w, h, 0);
    anim_add(enc, second, w, h, 100);
    WebPData data;
    WebPDataInit(&data);
    if (!WebPAnimEncoderAdd(enc, NULL, 200, NULL) || !WebPAnimEncoderAssemble(enc, &data))
        abort();
    WebPAnimEncoderDelete(enc);
    uint8_t *mem = must(malloc(data.size));
    memcpy(mem, data.bytes, data.size);
    *len = data.size;
    WebPDataClear(&data);
    return mem;
}

struct gif_sink {
    uint8_t *data;
    size_t len;
};

static int gif_write(GifFileType *gif, const GifByteType *buf, int n)
{
    struct gif_sink *s = gif->UserData;
    s->data = must(realloc(s->data, s->len + (size_t)n));
    memcpy(s->data + s->len, buf, (size_t)n);
    s->len += (size_t)n;
    return n;
}

static void gif_put_frame(GifFileType *gif, const uint8_t *idx, int w, int h, int transparent,
                          bool interlace)
{
    GraphicsControlBlock gcb = {DISPOSAL_UNSPECIFIED, false, 10, transparent};
    GifByteType ext[4];
    size_t n = EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) != GIF_OK ||
        EGifPutImageDesc(gif, 0, 0, w, h, interlace, NULL) != GIF_OK)
        abort();
    static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    for (int pass = 0; pass < (interlace ? 4 : 1); pass++)
        for (int y = interlace ? start[pass] : 0; y < h; y += interlace ? step[pass] : 1)
            if (EGifPutLine(gif, (GifPixelType *)idx + (size_t)y * w, w) != GIF_OK)
                abort();
}

uint8_t *make_gif(const uint8_t *idx, int w, int h, const uint8_t *palette_rgb, int ncolors,
                  int transparent, bool interlace, int frames, size_t *len)
{
    struct gif_sink sink = {NULL, 0};
    int code = 0;
    GifFileType *gif = must(EGifOpen(&sink, gif_write, &code));
    ColorMapObject *map = must(GifMakeMapObject(ncolors, (const GifColorType *)palette_rgb));
    EGifSetGifVersion(gif, true);
    if (EGifPutScreenDesc(gif, w, h, 8, 0, map) != GIF_OK)
        abort();
    gif_put_frame(gif, idx, w, h, transparent, interlace);
    uint8_t *zeros = must(calloc((size_t)w * h, 1));
    for (int f = 1; f < frames; f++)
        gif_put_frame(gif, zeros, w, h, -1, false);
    free(zeros);
    GifFreeMapObject(map);
    if (EGifCloseFile(gif, &code) != GIF_OK)
        abort();
    *len = sink.len;
    return sink.data;
}

uint8_t *make_card(int w, int h)
{
    uint8_t *p = must(malloc((size_t)w * h * 4));
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *px = p + ((size_t)y * w + x) * 4;
            int v = w > 1 ? x * 255 / (w - 1) : 128;
            int band = y * 4 / h; /* gray, red, green, blue bands */
            px[0] = (uint8_t)(band == 0 || band == 1 ? v : v / 4);
            px[1] = (uint8_t)(band == 0 || band == 2 ? v : v / 4);
            px[2] = (uint8_t)(band == 0 || band == 3 ? v : v / 4);
            px[3] = 255;
        }
    return p;
}

bool write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}
