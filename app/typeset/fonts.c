/* fonts: the bundled faces, the fallback chain per script, and the hyphenation dictionaries.
 * Faces are opened with HarfBuzz's own OpenType functions at TS_SCALE units per em: no FreeType
 * and no hinting at layout time (a renderer hints when it rasterises). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "quire_util.h"
#include "typeset_internal.h"

struct font_file {
    const char *file;
    enum ts_family family;
    int style;
};

static const struct font_file font_files[] = {
    {"NotoSerif-Regular.ttf", TS_FAM_SERIF, 0},
    {"NotoSerif-Bold.ttf", TS_FAM_SERIF, TS_STYLE_BOLD},
    {"NotoSerif-Italic.ttf", TS_FAM_SERIF, TS_STYLE_ITALIC},
    {"NotoSerif-BoldItalic.ttf", TS_FAM_SERIF, TS_STYLE_BOLD | TS_STYLE_ITALIC},
    {"NotoNaskhArabic-Regular.ttf", TS_FAM_ARABIC, 0},
    {"NotoNaskhArabic-Bold.ttf", TS_FAM_ARABIC, TS_STYLE_BOLD},
    {"NotoSerifGeorgian-Regular.ttf", TS_FAM_GEORGIAN, 0},
    {"NotoSerifGeorgian-Bold.ttf", TS_FAM_GEORGIAN, TS_STYLE_BOLD},
    {"NotoSerifArmenian-Regular.ttf", TS_FAM_ARMENIAN, 0},
    {"NotoSerifArmenian-Bold.ttf", TS_FAM_ARMENIAN, TS_STYLE_BOLD},
};

struct dict_file {
    const char *lang;
    hb_script_t script;
    const char *file;
};

static const struct dict_file dict_files[] = {
    {"en", HB_SCRIPT_LATIN, "hyph_en_US.dic"},    {"ru", HB_SCRIPT_CYRILLIC, "hyph_ru_RU.dic"},
    {"uk", HB_SCRIPT_CYRILLIC, "hyph_uk_UA.dic"}, {"ro", HB_SCRIPT_LATIN, "hyph_ro_RO.dic"},
    {"sr", HB_SCRIPT_CYRILLIC, "hyph_sr_RS.dic"}, {"sr", HB_SCRIPT_LATIN, "hyph_sr-Latn_RS.dic"},
};

const char *layout_font_path(const struct layout_font *font)
{
    return font->path;
}
int layout_font_face_index(const struct layout_font *font)
{
    return font->index;
}

static void font_metrics(struct layout_font *f)
{
    hb_codepoint_t gid = 0;
    if (hb_font_get_nominal_glyph(f->font, ' ', &gid))
        f->space_adv = hb_font_get_glyph_h_advance(f->font, gid);
    else
        f->space_adv = TS_SCALE / 4;
    hb_font_extents_t ext;
    hb_font_get_h_extents(f->font, &ext);
    f->ascender = ext.ascender;
    f->descender = ext.descender;
    if (hb_font_get_nominal_glyph(f->font, 0x2010, &gid) ||
        hb_font_get_nominal_glyph(f->font, '-', &gid)) {
        f->hyphen_gid = gid;
        f->hyphen_adv = hb_font_get_glyph_h_advance(f->font, gid);
    }
}

static enum quire_status font_open(struct layout_font *f, const char *path, struct quire_err *err)
{
    if (!quire_file_exists(path))
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: font file not found", path);
    f->path = quire_strdup(path);
    f->blob = hb_blob_create_from_file_or_fail(path);
    if (!f->path || !f->blob)
        return quire_err_set(err, QUIRE_EIO, "%s: cannot read the font", path);
    f->face = hb_face_create(f->blob, 0);
    if (hb_face_get_glyph_count(f->face) == 0)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not a font", path);
    f->font = hb_font_create(f->face);
    hb_font_set_scale(f->font, TS_SCALE, TS_SCALE);
    font_metrics(f);
    return QUIRE_OK;
}

static void font_close(struct layout_font *f)
{
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    quire_free(f->path);
}

void layout_fonts_destroy(struct layout_fonts *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < fonts->font_count; i++)
        font_close(&fonts->fonts[i]);
    for (int i = 0; i < fonts->dict_count; i++)
        if (fonts->dicts[i].dict)
            hnj_hyphen_free(fonts->dicts[i].dict);
    hb_buffer_destroy(fonts->buf);
    quire_free(fonts);
}

static enum quire_status load_fonts(struct layout_fonts *fs, const char *root,
                                    struct quire_err *err)
{
    char path[1024];
    for (size_t i = 0; i < sizeof(font_files) / sizeof(font_files[0]); i++) {
        snprintf(path, sizeof(path), "%s/fonts/%s", root, font_files[i].file);
        if (i > 0 && !quire_file_exists(path))
            continue; /* a missing fallback shows up as missing glyphs */
        struct layout_font *f = &fs->fonts[fs->font_count];
        f->id = (uint16_t)fs->font_count;
        f->index = 0;
        enum quire_status st = font_open(f, path, err);
        fs->font_count++;
        if (st != QUIRE_OK)
            return st;
        fs->by_family[font_files[i].family][font_files[i].style] = f->id;
    }
    return QUIRE_OK;
}

/* libhyphen compares patterns byte for byte with the word, and words reach it as UTF-8: a
 * pattern file must declare UTF-8 on its first line (Debian ships some in legacy charsets;
 * recode them, see assets/hyphen/README.md). */
static enum quire_status dict_check_charset(const char *path, struct quire_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return quire_err_set(err, QUIRE_EIO, "%s: cannot read the patterns", path);
    char line[64] = "";
    bool has_line = fgets(line, sizeof(line), f) != NULL;
    fclose(f);
    size_t n = has_line ? strcspn(line, "\r\n") : 0;
    while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
    line[n] = 0;
    if (strcasecmp(line, "UTF-8") != 0)
        return quire_err_set(err, QUIRE_EFORMAT,
                             "%s: patterns declared as \"%s\", not UTF-8 (recode the file)", path,
                             line);
    return QUIRE_OK;
}

static enum quire_status load_dicts(struct layout_fonts *fs, const char *root,
                                    struct quire_err *err)
{
    char path[1024];
    for (size_t i = 0; i < sizeof(dict_files) / sizeof(dict_files[0]); i++) {
        snprintf(path, sizeof(path), "%s/assets/hyphen/%s", root, dict_files[i].file);
        if (!quire_file_exists(path))
            continue; /* that language is set without hyphenation */
        enum quire_status st = dict_check_charset(path, err);
        if (st != QUIRE_OK)
            return st;
        struct ts_dict *td = &fs->dicts[fs->dict_count++];
        snprintf(td->lang, sizeof(td->lang), "%s", dict_files[i].lang);
        snprintf(td->path, sizeof(td->path), "%s", path);
        td->script = dict_files[i].script;
    }
    return QUIRE_OK;
}

enum quire_status layout_fonts_create(const char *asset_root, struct layout_fonts **out,
                                      struct quire_err *err)
{
    *out = NULL;
    const char *root = asset_root ? asset_root : quire_asset_root();
    struct layout_fonts *fs = quire_calloc(1, sizeof(*fs));
    if (!fs)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    memset(fs->by_family, 0xff, sizeof(fs->by_family));
    fs->buf = hb_buffer_create();
    enum quire_status st = hb_buffer_allocation_successful(fs->buf) ? QUIRE_OK : QUIRE_ENOMEM;
    if (st == QUIRE_OK)
        st = load_fonts(fs, root, err);
    else
        quire_err_set(err, st, "%s", quire_strerror(st));
    if (st == QUIRE_OK)
        st = load_dicts(fs, root, err);
    if (st != QUIRE_OK) {
        layout_fonts_destroy(fs);
        return st;
    }
    *out = fs;
    return QUIRE_OK;
}

static enum ts_family family_for(hb_script_t script)
{
    switch (script) {
    case HB_SCRIPT_ARABIC:
        return TS_FAM_ARABIC;
    case HB_SCRIPT_GEORGIAN:
        return TS_FAM_GEORGIAN;
    case HB_SCRIPT_ARMENIAN:
        return TS_FAM_ARMENIAN;
    default:
        return TS_FAM_SERIF;
    }
}

/* The family's face nearest to style: exact, then without italic, then regular. */
static int family_face(const struct layout_fonts *f, enum ts_family fam, int style)
{
    const int tries[3] = {style, style & TS_STYLE_BOLD, 0};
    for (int i = 0; i < 3; i++)
        if (f->by_family[fam][tries[i]] >= 0)
            return f->by_family[fam][tries[i]];
    return -1;
}

int ts_font_chain(const struct layout_fonts *f, hb_script_t script, int style,
                  const struct layout_font **chain, int max)
{
    int n = 0;
    enum ts_family first = family_for(script);
    int id = family_face(f, first, style);
    if (id >= 0 && n < max)
        chain[n++] = &f->fonts[id];
    for (int fam = 0; fam < TS_FAM_COUNT && n < max; fam++) {
        if ((enum ts_family)fam == first)
            continue;
        id = family_face(f, (enum ts_family)fam, style);
        if (id >= 0)
            chain[n++] = &f->fonts[id];
    }
    return n;
}

/* Patterns are parsed when a text in their language first needs them, not at start: parsing
 * all six costs more than drawing the first screen (117 M instructions). The fonts are shared
 * read-only, so the one lazy member is loaded under a lock. A file that cannot be parsed
 * leaves its language unhyphenated. */
static pthread_mutex_t dict_lock = PTHREAD_MUTEX_INITIALIZER;

static HyphenDict *dict_loaded(const struct ts_dict *cd)
{
    struct ts_dict *d = (struct ts_dict *)cd; /* heap-allocated by layout_fonts_create */
    pthread_mutex_lock(&dict_lock);
    if (!d->is_tried) {
        d->dict = hnj_hyphen_load(d->path);
        d->is_tried = true;
    }
    pthread_mutex_unlock(&dict_lock);
    return d->dict;
}

HyphenDict *ts_dict_find(const struct layout_fonts *f, const char *lang, hb_script_t script)
{
    if (!lang)
        return NULL;
    size_t n = strcspn(lang, "-_");
    for (int i = 0; i < f->dict_count; i++)
        if (strlen(f->dicts[i].lang) == n && strncasecmp(f->dicts[i].lang, lang, n) == 0 &&
            f->dicts[i].script == script)
            return dict_loaded(&f->dicts[i]);
    return NULL;
}
