/* fuzz_image: images come from untrusted bundles. Decoding (PNG or JPEG by signature) must
 * fail cleanly or give a canvas that scales and dithers into a page without touching memory
 * outside it. */
#include <stddef.h>
#include <stdint.h>

#include "render.h"

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
    render_canvas_fini(&img);
    return 0;
}
