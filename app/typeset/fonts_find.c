/* fonts_find: where a face of the fallback table is on this machine. Folders first, in this
 * order: the bundled fonts (<asset root>/fonts), the reader's own ($XDG_DATA_HOME/quire/fonts,
 * where the CJK add-on goes on a device), fonts/ beside the binary (a device install); then the
 * system's fonts through fontconfig (desktop builds; fonts_fc.c), or Debian's Noto folders
 * (device builds; fonts_nofc.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quire_util.h"
#include "typeset_internal.h"

static bool in_folder(const char *dir, const char *file, char *path, size_t cap)
{
    int n = snprintf(path, cap, "%s/%s", dir, file);
    return n > 0 && (size_t)n < cap && quire_file_exists(path);
}

/* The reader's fonts folder: $XDG_DATA_HOME/quire/fonts, else ~/.local/share/quire/fonts. */
static bool user_folder(char *dir, size_t cap)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int n = xdg && *xdg     ? snprintf(dir, cap, "%s/quire/fonts", xdg)
            : home && *home ? snprintf(dir, cap, "%s/.local/share/quire/fonts", home)
                            : -1;
    return n > 0 && (size_t)n < cap;
}

static bool binary_folder(char *dir, size_t cap)
{
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = 0;
    int k = snprintf(dir, cap, "%s/fonts", exe);
    return k > 0 && (size_t)k < cap;
}

bool ts_font_locate(const char *root, const struct ts_font_row *row, char *path, size_t cap,
                    int *index)
{
    char dir[1024];
    *index = row->index;
    int n = snprintf(dir, sizeof(dir), "%s/fonts", root);
    if (n > 0 && (size_t)n < sizeof(dir) && in_folder(dir, row->file, path, cap))
        return true;
    if (user_folder(dir, sizeof(dir)) && in_folder(dir, row->file, path, cap))
        return true;
    if (binary_folder(dir, sizeof(dir)) && in_folder(dir, row->file, path, cap))
        return true;
    return ts_fc_locate(row->fc_family, row->style, row->file, path, cap, index);
}
