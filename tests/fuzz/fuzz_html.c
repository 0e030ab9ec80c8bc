/* fuzz_html: the HTML converter, the document blob reader and the typesetter on what they
 * produce. An input starting with "QDOC" goes to doc_deserialize, one starting with byte 0x01
 * to doc_from_text (the rest of it), anything else to doc_from_html; a document that converts is
 * serialised, read back and laid out on a small page (fonts loaded once). Invariants checked: the
 * round trip keeps the block count, and no line is wider than the measure (but a line of one
 * glyph wider than it, the only way out). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "layout.h"

static struct layout_fonts *fonts;

static void typeset(const struct doc *d)
{
    if (!fonts && layout_fonts_create(NULL, &fonts, NULL) != QUIRE_OK)
        abort();
    struct layout_settings s;
    layout_settings_default(&s);
    s.page_w = 300;
    s.page_h = 400;
    s.margin = 10;
    s.font_px = 16;
    struct layout *l = NULL;
    if (layout_create(fonts, d, &s, &l, NULL) != QUIRE_OK)
        return;
    for (size_t p = 0; p < layout_page_count(l); p++) {
        const struct layout_page *pg = layout_page_get(l, p);
        for (size_t i = 0; i < pg->line_count; i++) {
            const struct layout_line *ln = &pg->lines[i];
            size_t glyphs = 0;
            for (size_t r = ln->first_run; r < ln->first_run + ln->run_count; r++)
                glyphs += pg->runs[r].glyph_count;
            /* only a single glyph wider than the measure may overflow it */
            if ((ln->x < 9.5f || ln->x + ln->width > 290.5f) && glyphs > 1)
                abort();
        }
    }
    layout_destroy(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct doc *d = NULL;
    if (size >= 4 && memcmp(data, "QDOC", 4) == 0) {
        if (doc_deserialize(data, size, &d, NULL) == QUIRE_OK)
            typeset(d);
        doc_destroy(d);
        return 0;
    }
    enum quire_status st = size >= 1 && data[0] == 1
                               ? doc_from_text((const char *)data + 1, size - 1, &d, NULL)
                               : doc_from_html((const char *)data, size, &d, NULL);
    if (st != QUIRE_OK)
        return 0;
    void *blob = NULL;
    size_t len = 0;
    struct doc *back = NULL;
    if (doc_serialize(d, &blob, &len, NULL) == QUIRE_OK) {
        if (doc_deserialize(blob, len, &back, NULL) != QUIRE_OK ||
            doc_block_count(back) != doc_block_count(d))
            abort();
        free(blob);
    }
    typeset(back ? back : d);
    doc_destroy(back);
    doc_destroy(d);
    return 0;
}
