/* fonts_fc: a face of the fallback table among the system's fonts, through fontconfig (desktop
 * builds). fontconfig always proposes something for a match, so this lists the faces of exactly
 * that family, weight and slant, and prefers the file the table names. And for a character no
 * face of the table has, a system face that has it. */
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

/* Noto faces first (they match the table's), regular ones first, then the lowest file name:
 * the same answer on every run whatever order fontconfig lists in. */
static int rank(const char *file)
{
    const char *name = quire_basename(file);
    return (strncmp(name, "Noto", 4) == 0 ? 2 : 0) + (strstr(name, "-Regular.") ? 1 : 0);
}

static bool is_better(const char *file, const char *best)
{
    return !best || rank(file) > rank(best) || (rank(file) == rank(best) && strcmp(file, best) < 0);
}

bool ts_fc_cover(uint32_t cp, char *path, size_t cap, int *index)
{
    if (!FcInit())
        return false;
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, NULL);
    FcFontSet *set = NULL;
    if (pat && cs && os && FcCharSetAddChar(cs, cp) && FcPatternAddCharSet(pat, FC_CHARSET, cs) &&
        FcPatternAddBool(pat, FC_SCALABLE, FcTrue))
        set = FcFontList(NULL, pat, os); /* the faces whose charset holds cp */
    const char *best = NULL;
    int best_index = 0;
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *file = NULL;
        int idx = 0;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &idx);
        if (is_better((const char *)file, best)) {
            best = (const char *)file;
            best_index = idx;
        }
    }
    int n = best ? snprintf(path, cap, "%s", best) : -1;
    *index = best_index;
    if (set)
        FcFontSetDestroy(set);
    if (os)
        FcObjectSetDestroy(os);
    if (cs)
        FcCharSetDestroy(cs);
    if (pat)
        FcPatternDestroy(pat);
    return n > 0 && (size_t)n < cap;
}
