/* fonts_nofc: builds without fontconfig (devices) find faces in the fonts folders and, on a
 * Debian-based device (a Raspberry Pi kiosk), where Debian's fonts-noto-core and
 * fonts-noto-cjk put them. A character no face of the table has stays missing (counted). */
#include <stdio.h>

#include "quire_util.h"
#include "typeset_internal.h"

static const char *const debian_dirs[] = {"/usr/share/fonts/truetype/noto",
                                          "/usr/share/fonts/opentype/noto"};

bool ts_fc_locate(const char *family, int style, const char *want_file, char *path, size_t cap,
                  int *index)
{
    (void)family, (void)style, (void)index; /* the table's own face index stands */
    for (size_t i = 0; i < sizeof(debian_dirs) / sizeof(debian_dirs[0]); i++) {
        int n = snprintf(path, cap, "%s/%s", debian_dirs[i], want_file);
        if (n > 0 && (size_t)n < cap && quire_file_exists(path))
            return true;
    }
    return false;
}

bool ts_fc_cover(uint32_t cp, char *path, size_t cap, int *index)
{
    (void)cp, (void)path, (void)cap, (void)index;
    return false;
}
