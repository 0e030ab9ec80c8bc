/* image_gif: a GIF's first frame (giflib's record-level API, so a thousand-frame animation
 * costs one frame's work and memory), its palette turned gray, transparency over white. */
#include <string.h>

#include <gif_lib.h>

#include "config.h"
#include "image_internal.h"
#include "quire_util.h"

struct gif_source {
    const uint8_t *data;
    size_t len, pos;
};

static int gif_read(GifFileType *gif, GifByteType *buf, int n)
{
    struct gif_source *s = gif->UserData;
    size_t left = s->len - s->pos;
    size_t take = n < 0 ? 0 : (size_t)n < left ? (size_t)n : left;
    memcpy(buf, s->data + s->pos, take);
    s->pos += take;
    return (int)take;
}

static enum quire_status gif_fail(GifFileType *gif, const char *name, struct quire_err *err)
{
    const char *why = GifErrorString(gif ? gif->Error : D_GIF_ERR_READ_FAILED);
    return quire_err_set(err, QUIRE_EFORMAT, "%s: broken GIF image (%s)", name,
                         why ? why : "unknown error");
}

/* Reads extension records up to the first image, noting the transparent colour index of a
 * graphics control block (-1 when none). */
static int gif_skip_to_image(GifFileType *gif, int *transparent)
{
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) != GIF_OK)
            return GIF_ERROR;
        if (type == IMAGE_DESC_RECORD_TYPE)
            return GIF_OK;
        if (type == TERMINATE_RECORD_TYPE) {
            gif->Error = D_GIF_ERR_NO_IMAG_DSCR;
            return GIF_ERROR;
        }
        if (type != EXTENSION_RECORD_TYPE)
            continue;
        int code;
        GifByteType *block;
        if (DGifGetExtension(gif, &code, &block) != GIF_OK)
            return GIF_ERROR;
        GraphicsControlBlock gcb;
        if (code == GRAPHICS_EXT_FUNC_CODE && block && block[0] >= 4 &&
            DGifExtensionToGCB(block[0], block + 1, &gcb) == GIF_OK)
            *transparent = gcb.TransparentColor;
        while (block)
            if (DGifGetExtensionNext(gif, &block) != GIF_OK)
                return GIF_ERROR;
    }
}

static void gif_palette_to_gray(const ColorMapObject *map, int transparent, uint8_t gray[256])
{
    memset(gray, 255, 256);
    for (int i = 0; i < map->ColorCount && i < 256; i++) {
        const GifColorType *c = &map->Colors[i];
        /* BT.601 luma weights, as libjpeg's and libwebp's gray. */
        gray[i] = (uint8_t)((299 * c->Red + 587 * c->Green + 114 * c->Blue + 500) / 1000);
    }
    if (transparent >= 0 && transparent < 256)
        gray[transparent] = 255;
}

/* The rows of the first image, interlaced or not, through the palette into out. */
static int gif_read_rows(GifFileType *gif, const uint8_t gray[256], GifPixelType *line,
                         struct image_gray *out)
{
    const GifImageDesc *d = &gif->Image;
    static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    int passes = d->Interlace ? 4 : 1;
    for (int pass = 0; pass < passes; pass++) {
        for (int y = d->Interlace ? start[pass] : 0; y < d->Height;
             y += d->Interlace ? step[pass] : 1) {
            if (DGifGetLine(gif, line, d->Width) != GIF_OK)
                return GIF_ERROR;
            uint8_t *row = out->pixels + (size_t)(d->Top + y) * out->stride + d->Left;
            for (int x = 0; x < d->Width; x++)
                row[x] = gray[line[x]];
        }
    }
    return GIF_OK;
}

static enum quire_status gif_decode_first(GifFileType *gif, const char *name,
                                          struct image_gray *out, struct quire_err *err)
{
    int transparent = -1;
    if (gif_skip_to_image(gif, &transparent) != GIF_OK || DGifGetImageDesc(gif) != GIF_OK)
        return gif_fail(gif, name, err);
    const GifImageDesc *d = &gif->Image;
    const ColorMapObject *map = d->ColorMap ? d->ColorMap : gif->SColorMap;
    if (!map)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken GIF image (no colour table)", name);
    uint64_t w = (uint64_t)d->Left + (uint64_t)d->Width, h = (uint64_t)d->Top + (uint64_t)d->Height;
    /* The frame sits on the logical screen; a frame larger than the screen widens it. */
    if ((uint64_t)gif->SWidth > w)
        w = (uint64_t)gif->SWidth;
    if ((uint64_t)gif->SHeight > h)
        h = (uint64_t)gif->SHeight;
    enum quire_status st = image_check_size(d->Width, d->Height, name, err);
    if (!st)
        st = image_check_size(w, h, name, err);
    if (!st)
        st = image_gray_init(out, (int)w, (int)h, err);
    if (st)
        return st;
    uint8_t gray[256];
    gif_palette_to_gray(map, transparent, gray);
    GifPixelType *line = quire_malloc((size_t)d->Width);
    if (!line) {
        image_gray_fini(out);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
    }
    int rc = gif_read_rows(gif, gray, line, out);
    quire_free(line);
    if (rc != GIF_OK) {
        image_gray_fini(out);
        return gif_fail(gif, name, err);
    }
    return QUIRE_OK;
}

enum quire_status image_gif_decode(const void *data, size_t len, const char *name,
                                   struct image_gray *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    struct gif_source src = {data, len, 0};
    int code = 0;
    GifFileType *gif = DGifOpen(&src, gif_read, &code);
    if (!gif) {
        const char *why = GifErrorString(code);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken GIF image (%s)", name,
                             why ? why : "unknown error");
    }
    enum quire_status st = gif_decode_first(gif, name, out, err);
    DGifCloseFile(gif, &code);
    return st;
}
