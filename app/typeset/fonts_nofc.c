/* fonts_nofc: builds without fontconfig (devices) find faces only in the fonts folders. */
#include "typeset_internal.h"

bool ts_fc_locate(const char *family, int style, const char *want_file, char *path, size_t cap,
                  int *index)
{
    (void)family, (void)style, (void)want_file, (void)path, (void)cap, (void)index;
    return false;
}
