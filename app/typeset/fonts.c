/* fonts: the faces of the fallback table (fonts_table.c) that this machine has, the fallback
 * chain per script and language, and the hyphenation dictionaries. Faces are opened with
 * HarfBuzz's own OpenType functions at TS_SCALE units per em: no FreeType and no hinting at
 * layout time (a renderer hints when it rasterises). Faces of one collection share a blob. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "quire_util.h"
#include "typeset_internal.h"

struct dict_file {
    const char *lang;
    hb_script_t script;
    const char *file;
};

static const struct dict_file dict_files[] = {
    {"en", HB_SCRIPT_LATIN, "hyph_en_US.dic"},
    {"ru", HB_SCRIPT_CYRILLIC, "hyph_ru_RU.dic"},
    {"uk", HB_SCRIPT_CYRILLIC, "hyph_uk_UA.dic"},
    {"ro", HB_SCRIPT_LATIN, "hyph_ro_RO.dic"},
    {"sr", HB_SCRIPT_CYRILLIC, "hyph_sr_RS.dic"},
    {"sr", HB_SCRIPT_LATIN, "hyph_sr-Latn_RS.dic"},
    /* converted from TeX's hyph-utf8 (scripts/hyph-convert.sh) */
    {"hy", HB_SCRIPT_ARMENIAN, "hyph_hy_AM.dic"},
    {"ka", HB_SCRIPT_GEORGIAN, "hyph_ka_GE.dic"},
    {"tk", HB_SCRIPT_LATIN, "hyph_tk_TM.dic"},
    {"tr", HB_SCRIPT_LATIN, "hyph_tr_TR.dic"},
    {"el", HB_SCRIPT_GREEK, "hyph_el_GR.dic"},
    {"hi", HB_SCRIPT_DEVANAGARI, "hyph_hi_IN.dic"},
    {"mr", HB_SCRIPT_DEVANAGARI, "hyph_mr_IN.dic"},
    {"bn", HB_SCRIPT_BENGALI, "hyph_bn_IN.dic"},
};
_Static_assert(sizeof(dict_files) / sizeof(dict_files[0]) <= TS_MAX_DICTS, "TS_MAX_DICTS");

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

/* The blob of an already opened face of the same file, or a new one. */
static hb_blob_t *blob_for(const struct layout_fonts *fs, const char *path)
{
    for (int i = 0; i < fs->font_count; i++)
        if (strcmp(fs->fonts[i].path, path) == 0)
            return hb_blob_reference(fs->fonts[i].blob);
    return hb_blob_create_from_file_or_fail(path);
}

static enum quire_status font_open(const struct layout_fonts *fs, struct layout_font *f,
                                   const char *path, int index, struct quire_err *err)
{
    if (!quire_file_exists(path))
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: font file not found", path);
    f->path = quire_strdup(path);
    f->index = index;
    f->blob = f->path ? blob_for(fs, path) : NULL;
    if (!f->path || !f->blob)
        return quire_err_set(err, QUIRE_EIO, "%s: cannot read the font", path);
    f->face = hb_face_create(f->blob, (unsigned)index);
    if (hb_face_get_glyph_count(f->face) == 0)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: not a font (face %d)", path, index);
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
    ts_breaks_fini(fonts);
    hb_buffer_destroy(fonts->buf);
    quire_free(fonts);
}

/* Opens every row's face this machine has. The first row (the default body) must be in
 * <root>/fonts; a missing other face shows up as missing glyphs. */
static enum quire_status load_fonts(struct layout_fonts *fs, const char *root,
                                    struct quire_err *err)
{
    char path[1024];
    for (size_t i = 0; i < ts_font_row_count && fs->font_count < TS_MAX_FONTS; i++) {
        const struct ts_font_row *row = &ts_font_rows[i];
        int index = row->index;
        if (i == 0) /* an install without its own body face is broken: say so */
            snprintf(path, sizeof(path), "%s/fonts/%s", root, row->file);
        else if (!ts_font_locate(root, row, path, sizeof(path), &index))
            continue;
        struct layout_font *f = &fs->fonts[fs->font_count];
        f->id = (uint16_t)fs->font_count;
        f->row = row;
        enum quire_status st = font_open(fs, f, path, index, err);
        fs->font_count++;
        if (st != QUIRE_OK)
            return st;
        if (row->family < TS_FAMILY_ANY && row->style == 0 && row->scripts[0] == 0 &&
            fs->body[row->family] < 0)
            fs->body[row->family] = f->id;
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
    memset(fs->body, 0xff, sizeof(fs->body));
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

const struct layout_font *ts_body_font(const struct layout_fonts *f, int family)
{
    int id = family >= 0 && family < TS_FAMILY_ANY ? f->body[family] : -1;
    return &f->fonts[id >= 0 ? id : 0];
}

static bool row_has_script(const struct ts_font_row *r, hb_script_t script)
{
    for (int i = 0; i < TS_MAX_ROW_SCRIPTS && r->scripts[i]; i++)
        if (r->scripts[i] == script)
            return true;
    return false;
}

/* True when one of the row's space-separated language prefixes starts lang ("zh-Hant" starts
 * "zh-Hant-TW"; "ja" starts "ja-JP" but not "jam"). */
static bool row_wants_lang(const struct ts_font_row *r, const char *lang)
{
    if (!r->langs || !lang)
        return false;
    for (const char *p = r->langs; *p;) {
        size_t n = strcspn(p, " ");
        if (strncasecmp(p, lang, n) == 0 && (lang[n] == 0 || lang[n] == '-' || lang[n] == '_'))
            return true;
        p += n + (p[n] == ' ');
    }
    return false;
}

/* How early a regular face comes in the chain (lower first). */
static int chain_tier(const struct ts_font_row *r, hb_script_t script, const char *lang, int family)
{
    bool is_family = r->family == family || r->family == TS_FAMILY_ANY;
    if (row_has_script(r, script)) {
        bool is_lang = row_wants_lang(r, lang), is_general = !r->langs;
        if (is_lang || is_general)
            return (is_family ? 0 : 3) + (is_lang ? 0 : 1);
        return 6; /* a face for another language of the script (Japanese Han for Chinese) */
    }
    if (r->scripts[0] == 0 && r->family == family)
        return 5; /* the body */
    return is_family ? 7 : 8;
}

/* The face of the same file set as the regular face r nearest to style: exact, then without
 * italic, then r. */
static int styled_face(const struct layout_fonts *f, int r, int style)
{
    const struct ts_font_row *reg = f->fonts[r].row;
    const int tries[2] = {style, style & TS_STYLE_BOLD};
    for (int t = 0; t < 2 && tries[t]; t++)
        for (int i = 0; i < f->font_count; i++) {
            const struct ts_font_row *o = f->fonts[i].row;
            if (o->style == tries[t] && o->family == reg->family &&
                strcmp(o->fc_family, reg->fc_family) == 0)
                return i;
        }
    return r;
}

enum { CHAIN_TIERS = 9 };

static void chain_build(const struct layout_fonts *f, struct ts_chain *c)
{
    int family = c->style >> TS_FAMILY_SHIFT, style = c->style & (TS_STYLE_BOLD | TS_STYLE_ITALIC);
    const char *lang = c->lang[0] ? c->lang : NULL;
    c->n = 0;
    for (int tier = 0; tier < CHAIN_TIERS; tier++)
        for (int i = 0; i < f->font_count; i++) {
            const struct ts_font_row *r = f->fonts[i].row;
            if (r->style == 0 && chain_tier(r, c->script, lang, family) == tier)
                c->ids[c->n++] = (uint8_t)styled_face(f, i, style);
        }
}

int ts_font_chain(struct layout_fonts *f, hb_script_t script, const char *lang, int style,
                  const struct layout_font **chain, int max)
{
    char key[sizeof(f->chains[0].lang)];
    snprintf(key, sizeof(key), "%s", lang ? lang : "");
    struct ts_chain *c = NULL;
    for (unsigned i = 0; i < f->chain_count && !c; i++)
        if (f->chains[i].script == script && f->chains[i].style == style &&
            strcmp(f->chains[i].lang, key) == 0)
            c = &f->chains[i];
    if (!c) {
        c = &f->chains[f->chain_next];
        f->chain_next = (f->chain_next + 1) % TS_CHAIN_CACHE;
        f->chain_count += f->chain_count < TS_CHAIN_CACHE;
        c->script = script;
        c->style = style;
        memcpy(c->lang, key, sizeof(key));
        chain_build(f, c);
    }
    int n = c->n < max ? c->n : max;
    for (int i = 0; i < n; i++)
        chain[i] = &f->fonts[c->ids[i]];
    return n;
}

/* The row of a face found for a character by fontconfig: any family, after the table's own. */
static const struct ts_font_row system_row = {"", "", 0, TS_FAMILY_ANY, 0, {0}, NULL};

static bool was_uncovered(const struct layout_fonts *f, uint32_t cp)
{
    for (size_t i = 0; i < sizeof(f->uncovered) / sizeof(f->uncovered[0]); i++)
        if (f->uncovered[i] == cp && cp != 0)
            return true;
    return false;
}

static void note_uncovered(struct layout_fonts *f, uint32_t cp)
{
    size_t n = sizeof(f->uncovered) / sizeof(f->uncovered[0]);
    f->uncovered[f->uncovered_next++ % n] = cp;
}

bool ts_font_fallback(struct layout_fonts *f, uint32_t cp)
{
    if (f->font_count >= TS_MAX_FONTS || f->fallback_queries >= QUIRE_FONT_FALLBACK_QUERIES ||
        was_uncovered(f, cp))
        return false;
    f->fallback_queries++;
    char path[1024];
    int index = 0;
    bool is_new = ts_fc_cover(cp, path, sizeof(path), &index);
    for (int i = 0; i < f->font_count && is_new; i++) /* one already open: its cmap said no */
        is_new = !(strcmp(f->fonts[i].path, path) == 0 && f->fonts[i].index == index);
    struct layout_font *nf = &f->fonts[f->font_count];
    *nf = (struct layout_font){.id = (uint16_t)f->font_count, .row = &system_row};
    if (!is_new || font_open(f, nf, path, index, NULL) != QUIRE_OK) {
        font_close(nf); /* what font_open had opened of a face it refused */
        memset(nf, 0, sizeof(*nf));
        note_uncovered(f, cp);
        return false;
    }
    f->font_count++;
    f->chain_count = f->chain_next = 0; /* every chain is built again, with the new face */
    return true;
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
