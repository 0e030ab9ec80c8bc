/* fonts_fc: a face of the fallback table among the system's fonts, through fontconfig (desktop
 * builds). fontconfig always proposes something for a match, so this lists the faces of exactly
 * that family, weight and slant, and prefers the file the table names. */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "typeset_internal.h"

static FcFontSet *list_faces(const char *family, int style)
{
    if (!FcInit())
        return NULL;
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, NULL);
    FcFontSet *set = NULL;
    if (pat && os && FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family) &&
        FcPatternAddInteger(pat, FC_WEIGHT,
                            style & TS_STYLE_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR) &&
        FcPatternAddInteger(pat, FC_SLANT,
                            style & TS_STYLE_ITALIC ? FC_SLANT_ITALIC : FC_SLANT_ROMAN))
        set = FcFontList(NULL, pat, os);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    return set;
}

bool ts_fc_locate(const char *family, int style, const char *want_file, char *path, size_t cap,
                  int *index)
{
    FcFontSet *set = list_faces(family, style);
    if (!set)
        return false;
    int best = -1;
    for (int i = 0; i < set->nfont; i++) {
        FcChar8 *file = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        if (best < 0 || strcmp(quire_basename((const char *)file), want_file) == 0)
            best = i;
    }
    bool is_found = false;
    FcChar8 *file = NULL;
    int idx = 0;
    if (best >= 0 && FcPatternGetString(set->fonts[best], FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(set->fonts[best], FC_INDEX, 0, &idx);
        int n = snprintf(path, cap, "%s", (const char *)file);
        is_found = n > 0 && (size_t)n < cap;
        *index = idx;
    }
    FcFontSetDestroy(set);
    return is_found;
}
