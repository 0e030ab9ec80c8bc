/* quire_asset: where the program finds assets/ and fonts/. An installed program carries them
 * beside itself, so the folder is found from the executable's own path and never from the
 * build machine: a relocatable e-reader package (.adds/quire/bin/quire with .adds/quire/fonts)
 * and a Debian install (/usr/bin/quire with /usr/share/quire/fonts) both work wherever they are
 * unpacked. A build run from its build tree falls back to the source tree. */
#include "quire_util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Layouts tried beside the executable's folder, in order. */
static const char *const exe_relative_roots[] = {
    "/../share/quire", /* FHS: <prefix>/bin/quire, <prefix>/share/quire/{assets,fonts} */
    "/..",             /* package folder: <root>/bin/quire, <root>/{assets,fonts} */
};

static bool has_fonts(const char *root)
{
    char path[PATH_MAX + 48];
    snprintf(path, sizeof path, "%s/fonts", root);
    return quire_is_dir(path);
}

/* The folder of the running executable, or false (no /proc, or a path too long). */
static bool exe_dir(char *out, size_t outlen)
{
    ssize_t n = readlink("/proc/self/exe", out, outlen - 1);
    if (n <= 0 || (size_t)n >= outlen - 1)
        return false;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return true;
}

static const char *find_root(void)
{
    static char root[PATH_MAX + 32];
    char dir[PATH_MAX];
    if (!exe_dir(dir, sizeof dir))
        return QUIRE_SOURCE_DIR;
    for (size_t i = 0; i < sizeof exe_relative_roots / sizeof *exe_relative_roots; i++) {
        snprintf(root, sizeof root, "%s%s", dir, exe_relative_roots[i]);
        if (has_fonts(root))
            return root;
    }
    return QUIRE_SOURCE_DIR;
}

const char *quire_asset_root(void)
{
    const char *env = getenv("QUIRE_ASSET_DIR");
    if (env && *env)
        return env;
    static const char *found;
    if (!found)
        found = find_root();
    return found;
}
