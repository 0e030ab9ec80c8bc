/* fuzz_image: images come from untrusted bundles (the reader draws them) and from the web (the
 * publisher re-encodes them). Decoding (JPEG, PNG, WebP, GIF by signature, app/image) must fail
 * cleanly or give a canvas that scales and dithers into a page without touching memory outside
 * it; a small decoded picture also goes through the publisher's re-encoding within a budget. */
#include <stddef.h>
#include <stdint.h>

#include "feed_image.h"
#include "render.h"

/* Re-encoding is a few encodes per picture: only small ones, so the fuzzer keeps its pace. */
enum { PREPARE_MAX_PIXELS = 256 * 256 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct canvas img, page;
    if (render_image_decode(data, size, "fuzz", &img, NULL))
        return 0;
    if (!render_canvas_init(&page, 64, 48, NULL)) {
        render_image_draw(&page, (struct render_rect){-5, 3, 70, 40}, &img, 16);
        render_image_draw(&page, (struct render_rect){10, 10, 20, 20}, &img, 2);
        render_canvas_fini(&page);
    }
    if ((int64_t)img.w * img.h <= PREPARE_MAX_PIXELS) {
        struct feed_image_opts o = {.max_w = 48, .max_h = 64, .max_bytes = 4096};
        struct feed_image_file out;
        if (!feed_image_prepare(data, size, "fuzz", &o, &out, NULL))
            feed_image_fini(&out);
    }
    render_canvas_fini(&img);
    return 0;
}
