/* fonts_table: which face sets which script in which family. One row per face; a script's
 * faces are tried before the body face, the body before everything else (see ts_font_chain).
 * Files come from Debian's fonts-noto-core (the body faces kept in fonts/, the other scripts'
 * put in the Kobo package by scripts/package-kobo.sh) and fonts-noto-cjk (an add-on: found in
 * a fonts folder or through fontconfig, see fonts_find.c).
 * fc_family is the name fontconfig knows the face by; index is the face inside a collection. */
#include <string.h>

#include "typeset_internal.h"

#define SERIF TS_FAMILY_SERIF
#define SANS  TS_FAMILY_SANS
#define ANY   TS_FAMILY_ANY
#define B     TS_STYLE_BOLD
#define I     TS_STYLE_ITALIC

/* Two rows, regular and bold, of a script face NAME ("NotoSerifThai") in family FAM. */
#define PAIR(FAM, NAME, FC, ...)                                                                   \
    {NAME "-Regular.ttf", FC, 0, FAM, 0, {__VA_ARGS__}, NULL},                                     \
    {                                                                                              \
        NAME "-Bold.ttf", FC, 0, FAM, B, {__VA_ARGS__}, NULL                                       \
    }
/* Serif and sans pairs of a script. */
#define BOTH(SCRIPT_NAME, FC_NAME, ...)                                                            \
    PAIR(SERIF, "NotoSerif" SCRIPT_NAME, "Noto Serif " FC_NAME, __VA_ARGS__),                      \
        PAIR(SANS, "NotoSans" SCRIPT_NAME, "Noto Sans " FC_NAME, __VA_ARGS__)
/* A CJK collection's face for languages LANGS: regular and bold files. */
#define CJK(FAM, FILE, FC, INDEX, LANGS, ...)                                                      \
    {FILE "-Regular.ttc", FC, INDEX, FAM, 0, {__VA_ARGS__}, LANGS},                                \
    {                                                                                              \
        FILE "-Bold.ttc", FC, INDEX, FAM, B, {__VA_ARGS__}, LANGS                                  \
    }

#define HANI HB_SCRIPT_HAN
#define KANA HB_SCRIPT_HIRAGANA, HB_SCRIPT_KATAKANA
#define CJK_FACES(FAM, FILE, FC)                                                                   \
    CJK(FAM, FILE, FC " SC", 2, NULL, HANI, HB_SCRIPT_BOPOMOFO),                                   \
        CJK(FAM, FILE, FC " TC", 3, "zh-Hant zh-TW zh-MO", HANI, HB_SCRIPT_BOPOMOFO),              \
        CJK(FAM, FILE, FC " HK", 4, "zh-HK", HANI, HB_SCRIPT_BOPOMOFO),                            \
        CJK(FAM, FILE, FC " JP", 0, "ja", HANI, KANA),                                             \
        CJK(FAM, FILE, FC " KR", 1, "ko", HANI, HB_SCRIPT_HANGUL)

/* The first row is the body face of the default family: the one file that must exist. */
const struct ts_font_row ts_font_rows[] = {
    {"NotoSerif-Regular.ttf", "Noto Serif", 0, SERIF, 0, {0}, NULL},
    {"NotoSerif-Bold.ttf", "Noto Serif", 0, SERIF, B, {0}, NULL},
    {"NotoSerif-Italic.ttf", "Noto Serif", 0, SERIF, I, {0}, NULL},
    {"NotoSerif-BoldItalic.ttf", "Noto Serif", 0, SERIF, B | I, {0}, NULL},
    {"NotoSans-Regular.ttf", "Noto Sans", 0, SANS, 0, {0}, NULL},
    {"NotoSans-Bold.ttf", "Noto Sans", 0, SANS, B, {0}, NULL},
    {"NotoSans-Italic.ttf", "Noto Sans", 0, SANS, I, {0}, NULL},
    {"NotoSans-BoldItalic.ttf", "Noto Sans", 0, SANS, B | I, {0}, NULL},
    PAIR(SERIF, "NotoNaskhArabic", "Noto Naskh Arabic", HB_SCRIPT_ARABIC),
    PAIR(SANS, "NotoSansArabic", "Noto Sans Arabic", HB_SCRIPT_ARABIC),
    BOTH("Georgian", "Georgian", HB_SCRIPT_GEORGIAN),
    BOTH("Armenian", "Armenian", HB_SCRIPT_ARMENIAN),
    BOTH("Hebrew", "Hebrew", HB_SCRIPT_HEBREW),
    BOTH("Devanagari", "Devanagari", HB_SCRIPT_DEVANAGARI),
    BOTH("Bengali", "Bengali", HB_SCRIPT_BENGALI),
    BOTH("Gurmukhi", "Gurmukhi", HB_SCRIPT_GURMUKHI),
    BOTH("Gujarati", "Gujarati", HB_SCRIPT_GUJARATI),
    BOTH("Tamil", "Tamil", HB_SCRIPT_TAMIL),
    BOTH("Telugu", "Telugu", HB_SCRIPT_TELUGU),
    BOTH("Kannada", "Kannada", HB_SCRIPT_KANNADA),
    BOTH("Malayalam", "Malayalam", HB_SCRIPT_MALAYALAM),
    BOTH("Sinhala", "Sinhala", HB_SCRIPT_SINHALA),
    PAIR(ANY, "NotoSerifTibetan", "Noto Serif Tibetan", HB_SCRIPT_TIBETAN),
    BOTH("Myanmar", "Myanmar", HB_SCRIPT_MYANMAR),
    BOTH("Khmer", "Khmer", HB_SCRIPT_KHMER),
    BOTH("Lao", "Lao", HB_SCRIPT_LAO),
    BOTH("Thai", "Thai", HB_SCRIPT_THAI),
    BOTH("Ethiopic", "Ethiopic", HB_SCRIPT_ETHIOPIC),
    PAIR(ANY, "NotoSansThaana", "Noto Sans Thaana", HB_SCRIPT_THAANA),
    CJK_FACES(SERIF, "NotoSerifCJK", "Noto Serif CJK"),
    CJK_FACES(SANS, "NotoSansCJK", "Noto Sans CJK"),
    /* symbols of any script (the UI's check marks, stars, arrows and minus) */
    {"NotoSansSymbols2-Regular.ttf", "Noto Sans Symbols2", 0, ANY, 0, {0}, NULL},
    {"NotoSansSymbols-Regular.ttf", "Noto Sans Symbols", 0, ANY, 0, {0}, NULL},
    {"NotoSansSymbols-Bold.ttf", "Noto Sans Symbols", 0, ANY, B, {0}, NULL},
    {"NotoSansMath-Regular.ttf", "Noto Sans Math", 0, ANY, 0, {0}, NULL},
};

const size_t ts_font_row_count = sizeof(ts_font_rows) / sizeof(ts_font_rows[0]);

/* The families a reader can choose, in the order a settings screen lists them. */
static const char *const family_names[TS_FAMILY_ANY] = {[SERIF] = "serif", [SANS] = "sans"};

size_t layout_family_count(void)
{
    return TS_FAMILY_ANY;
}

const char *layout_family_name(size_t i)
{
    return i < TS_FAMILY_ANY ? family_names[i] : NULL;
}

int layout_family_find(const char *name)
{
    if (!name)
        return 0;
    for (int i = 0; i < TS_FAMILY_ANY; i++)
        if (strcmp(family_names[i], name) == 0)
            return i;
    return -1;
}
