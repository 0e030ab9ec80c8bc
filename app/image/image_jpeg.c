/* image_jpeg: JPEG in and out through libjpeg-turbo. Errors longjmp back here with libjpeg's
 * message; a progress hook stops files with more scans than QUIRE_IMAGE_JPEG_MAX_SCANS (a
 * progressive JPEG can make the decoder redo the whole picture per scan: hostile files use
 * thousands of them to take minutes), and the memory manager is capped too. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h> /* after stdio.h: it uses FILE and size_t */
#include <jerror.h>

#include "config.h"
#include "image_internal.h"
#include "quire_util.h"

struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr cinfo)
{
    struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
    f->mgr.format_message(cinfo, f->msg);
    longjmp(f->jump, 1);
}

/* Warnings are quiet but one: libjpeg pads a truncated file with gray and calls it a warning;
 * a picture cut off in transfer is broken, not to be shown or published half gray. Other
 * warnings (stray bytes before a marker, common in cameras' files) leave a good picture. */
static void jpeg_warn(j_common_ptr cinfo, int level)
{
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
        cinfo->err->error_exit(cinfo);
}

static void jpeg_limit_scans(j_common_ptr cinfo)
{
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (d->input_scan_number > QUIRE_IMAGE_JPEG_MAX_SCANS) {
        struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;
        snprintf(f->msg, sizeof f->msg, "more than %d scans", QUIRE_IMAGE_JPEG_MAX_SCANS);
        longjmp(f->jump, 1);
    }
}

static void jpeg_fail_init(struct jpeg_fail *fail, struct jpeg_error_mgr **slot)
{
    *slot = jpeg_std_error(&fail->mgr);
    fail->mgr.error_exit = jpeg_fail_exit;
    fail->mgr.emit_message = jpeg_warn;
    fail->msg[0] = '\0';
}

enum quire_status image_jpeg_decode(const void *data, size_t len, const char *name,
                                    struct image_gray *out, struct quire_err *err)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_fail fail;
    struct jpeg_progress_mgr progress = {.progress_monitor = jpeg_limit_scans};
    /* volatile: read after longjmp */
    struct image_gray *volatile result = out;
    memset(out, 0, sizeof *out);
    jpeg_fail_init(&fail, &cinfo.err);
    if (setjmp(fail.jump)) {
        jpeg_destroy_decompress(&cinfo);
        image_gray_fini(result);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: broken JPEG image (%s)", name, fail.msg);
    }
    jpeg_create_decompress(&cinfo);
    cinfo.progress = &progress;
    cinfo.mem->max_memory_to_use = QUIRE_IMAGE_DECODER_MAX_BYTES;
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    enum quire_status st = image_check_size(cinfo.image_width, cinfo.image_height, name, err);
    if (!st) {
        cinfo.out_color_space = JCS_GRAYSCALE;
        jpeg_start_decompress(&cinfo);
        st = image_gray_init(out, (int)cinfo.output_width, (int)cinfo.output_height, err);
    }
    if (st) {
        jpeg_destroy_decompress(&cinfo);
        return st;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out->pixels + (size_t)cinfo.output_scanline * out->stride;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return QUIRE_OK;
}

/* Copies libjpeg's malloc'd output into a quire_malloc buffer (the caller frees with
 * quire_free, like every other buffer Quire hands out). */
static enum quire_status jpeg_take_output(unsigned char *mem, unsigned long size, const char *name,
                                          void **data, size_t *len, struct quire_err *err)
{
    void *copy = quire_malloc(size ? size : 1);
    if (!copy) {
        free(mem);
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory encoding JPEG", name);
    }
    memcpy(copy, mem, size);
    free(mem);
    *data = copy;
    *len = size;
    return QUIRE_OK;
}

enum quire_status image_encode_jpeg(const struct image_gray *img, int quality, const char *name,
                                    void **data, size_t *len, struct quire_err *err)
{
    struct jpeg_compress_struct cinfo;
    struct jpeg_fail fail;
    /* volatile: read after longjmp */
    unsigned char *volatile mem = NULL;
    unsigned long size = 0;
    *data = NULL;
    *len = 0;
    jpeg_fail_init(&fail, &cinfo.err);
    if (setjmp(fail.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(mem);
        return quire_err_set(err, QUIRE_EIO, "%s: cannot encode JPEG (%s)", name, fail.msg);
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&mem, &size);
    cinfo.image_width = (JDIMENSION)img->w;
    cinfo.image_height = (JDIMENSION)img->h;
    cinfo.input_components = 1;
    cinfo.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    /* Optimised Huffman tables: a few percent smaller for a little time, which the budget
     * turns into quality. */
    cinfo.optimize_coding = TRUE;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = img->pixels + (size_t)cinfo.next_scanline * img->stride;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return jpeg_take_output(mem, size, name, data, len, err);
}
