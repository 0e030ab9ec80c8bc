/* fonts_fixture: the typesetting tests' shared fonts (loaded once per test group from the
 * source tree) and a check of which face a page's runs are set in. Included by one test file
 * each: the definitions are static. */
#ifndef QUIRE_TEST_FONTS_FIXTURE_H
#define QUIRE_TEST_FONTS_FIXTURE_H

#include <string.h>

#include "layout.h"
#include "quire_util.h"

static struct layout_fonts *fonts;

static int setup(void **state)
{
    (void)state;
    return layout_fonts_create(QUIRE_TEST_SRC, &fonts, NULL) == QUIRE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    layout_fonts_destroy(fonts);
    return 0;
}

/* True when some run of the page is set in file (basename) at face index. */
static bool uses_face(const struct layout_page *pg, const char *file, int index)
{
    for (size_t r = 0; r < pg->run_count; r++)
        if (strcmp(quire_basename(layout_font_path(pg->runs[r].font)), file) == 0 &&
            layout_font_face_index(pg->runs[r].font) == index)
            return true;
    return false;
}

#endif
