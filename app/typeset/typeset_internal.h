/* typeset_internal: what the typesetter's files share (not public; see layout.h).
 * Units: shaping runs at TS_SCALE units per em, independent of the pixel size, so one shaped
 * word serves every font size (px = units * size / TS_SCALE; advances are unhinted and scale
 * linearly). Memory: transient data comes from arenas (ts_arena), reset per paragraph or per
 * layout; nothing in the line breaker calls free(). */
#ifndef QUIRE_TYPESET_INTERNAL_H
#define QUIRE_TYPESET_INTERNAL_H

#include <hb.h>
#include <hyphen.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

#define TS_SCALE 4096

/* ---- arena: chunked bump allocator with a byte cap shared by all arenas of a layout ---- */
struct ts_chunk;
struct ts_arena {
    struct ts_chunk *head;
    size_t *budget; /* bytes left for this layout, shared; allocation fails at 0 */
};
void ts_arena_init(struct ts_arena *a, size_t *budget);
/* Aligned to 16; NULL when the budget or the allocator fails. */
void *ts_arena_alloc(struct ts_arena *a, size_t n);
void *ts_arena_calloc(struct ts_arena *a, size_t count, size_t size);
/* Frees all chunks but the first and rewinds it. */
void ts_arena_reset(struct ts_arena *a);
void ts_arena_fini(struct ts_arena *a);

/* ---- fonts ---- */
/* Families a reader chooses between (layout_family_name); ANY: a face both share. */
enum ts_family { TS_FAMILY_SERIF, TS_FAMILY_SANS, TS_FAMILY_ANY };
enum { TS_STYLE_BOLD = 1, TS_STYLE_ITALIC = 2, TS_STYLE_COUNT = 4 };
/* The family travels in the style bits given to ts_shape (a cache key part): style | family
 * << TS_FAMILY_SHIFT. */
#define TS_FAMILY_SHIFT    4
#define TS_MAX_ROW_SCRIPTS 4

/* One face of the fallback table (fonts_table.c). */
struct ts_font_row {
    const char *file;                        /* file name in a fonts folder */
    const char *fc_family;                   /* the family name fontconfig knows it by */
    int index;                               /* face inside a collection (.ttc) */
    uint8_t family;                          /* enum ts_family */
    uint8_t style;                           /* TS_STYLE_* */
    hb_script_t scripts[TS_MAX_ROW_SCRIPTS]; /* the scripts it is for; none: the body or symbols */
    const char *langs; /* space-separated BCP 47 prefixes it is preferred for; NULL: any */
};
extern const struct ts_font_row ts_font_rows[];
extern const size_t ts_font_row_count;

/* Where a row's file is: <root>/fonts, the user's fonts folder, fonts/ beside the binary, then
 * (desktop builds) fontconfig. Writes the path and face index; false when nowhere. */
bool ts_font_locate(const char *root, const struct ts_font_row *row, char *path, size_t cap,
                    int *index);
/* fontconfig's file and face index for a family and style (fonts_fc.c, or fonts_nofc.c in
 * builds without fontconfig, which looks in Debian's Noto folders); a result named like
 * want_file wins. */
bool ts_fc_locate(const char *family, int style, const char *want_file, char *path, size_t cap,
                  int *index);
/* A system font with a glyph for cp (fontconfig, Noto faces first); always false in builds
 * without fontconfig. */
bool ts_fc_cover(uint32_t cp, char *path, size_t cap, int *index);

struct layout_font {
    char *path;
    int index;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;                        /* scale TS_SCALE, no hinting */
    int32_t space_adv, ascender, descender; /* TS units; descender negative */
    uint32_t hyphen_gid;
    int32_t hyphen_adv;
    uint16_t id;
    const struct ts_font_row *row;
};

#define TS_MAX_FONTS 128
#define TS_MAX_DICTS 24

struct ts_dict {
    char lang[8];
    hb_script_t script;
    char path[1024];
    HyphenDict *dict; /* loaded on first use (see ts_dict_find) */
    bool is_tried;
};

/* A chain ts_font_chain worked out, kept for the next word of that script (building one reads
 * the whole table). */
struct ts_chain {
    hb_script_t script;
    int style;
    char lang[16];
    uint16_t n;
    uint8_t ids[TS_MAX_FONTS];
};
#define TS_CHAIN_CACHE 16

#define TS_ICU_SCRIPTS 4 /* Thai, Lao, Khmer, Burmese: breaks.c */
struct UBreakIterator;

struct layout_fonts {
    struct layout_font fonts[TS_MAX_FONTS];
    struct UBreakIterator *icu_line[TS_ICU_SCRIPTS]; /* opened on first use (breaks.c) */
    struct ts_chain chains[TS_CHAIN_CACHE];
    unsigned chain_count, chain_next;
    int font_count;
    int body[TS_FAMILY_ANY]; /* regular body face of each family, or -1 (then fonts[0]) */
    struct ts_dict dicts[TS_MAX_DICTS];
    int dict_count;
    hb_buffer_t *buf;
    int fallback_queries;   /* ts_font_fallback's questions to fontconfig so far */
    uint32_t uncovered[32]; /* the last code points no system font had (a ring) */
    unsigned uncovered_next;
};

/* Fonts to try, best first, for a script, language and style | family << TS_FAMILY_SHIFT:
 * the script's faces (those made for lang first), then the family's body, then every other
 * face. Returns the count written to chain. */
int ts_font_chain(struct layout_fonts *f, hb_script_t script, const char *lang, int style,
                  const struct layout_font **chain, int max);
/* For a character no face of the table has: opens the system's face for it (desktop builds)
 * as one more face of every chain (the chain cache is emptied). False when there is none, the
 * fonts are full, or QUIRE_FONT_FALLBACK_QUERIES questions were asked already. */
bool ts_font_fallback(struct layout_fonts *f, uint32_t cp);
/* The regular body face of a family (its line metrics set the line box). */
const struct layout_font *ts_body_font(const struct layout_fonts *f, int family);
/* Hyphenation dictionary for a language tag and script, or NULL. */
HyphenDict *ts_dict_find(const struct layout_fonts *f, const char *lang, hb_script_t script);

/* ---- break opportunities (breaks.c) ---- */
/* brks[i]: libunibreak's LINEBREAK_* for the position after cp[i], from UAX #14, ICU's
 * dictionaries for Thai, Lao, Khmer and Burmese runs (script[] per character), and Korean
 * words kept whole. Scratch memory from the arena. */
enum quire_status ts_breaks_find(struct layout_fonts *f, const uint32_t *cp, size_t n,
                                 const hb_script_t *script, const char *lang, char *brks,
                                 struct ts_arena *scratch);
/* Closes the ICU iterators (layout_fonts_destroy). */
void ts_breaks_fini(struct layout_fonts *f);

/* ---- shaping cache: one entry per (text, style, script, direction, language) ---- */
struct ts_glyph {
    uint32_t gid;
    int32_t adv, dx, dy;
    uint32_t cluster; /* code point index inside the word */
    uint16_t font;
};

struct ts_shaped {
    struct ts_shaped *next;
    uint32_t hash;
    uint32_t len;
    const uint32_t *text;
    uint8_t style, is_rtl;
    hb_script_t script;
    const char *lang;
    struct ts_glyph *glyphs;
    uint32_t glyph_count;
    int32_t width;
    uint16_t main_font;
    uint32_t missing; /* code points shaped as .notdef */
    uint32_t first_missing;
    uint16_t *hyph;     /* code point offsets (1..len-1) where a hyphen may break */
    int32_t *hyph_kern; /* per point: kerning the glyph before it gives back (ts_kern_back) */
    uint16_t hyph_count;
    bool is_hyphenated; /* hyphenation points looked up (done once, on first request) */
};

#define TS_MAX_LANGS 64

struct ts_cache {
    struct ts_shaped **buckets;
    size_t bucket_count, entry_count;
    struct ts_arena *arena;
    size_t lookups, hits;
    const char *langs[TS_MAX_LANGS]; /* interned language tags (entries compare pointers) */
    size_t lang_count;
    const struct layout_fonts *fonts; /* entries hold font ids of these fonts */
};

enum quire_status ts_cache_init(struct ts_cache *c, struct ts_arena *arena);
/* The cache's copy of a language tag (pointer-comparable); past TS_MAX_LANGS tags, the first
 * one. NULL on OOM. */
const char *ts_cache_lang(struct ts_cache *c, const char *lang);
/* Shapes text (or finds it); hyph_dict may be NULL. *out is owned by the cache's arena. */
enum quire_status ts_shape(struct ts_cache *c, struct layout_fonts *f, const uint32_t *text,
                           uint32_t len, int style, hb_script_t script, bool is_rtl,
                           const char *lang, HyphenDict *hyph_dict, const struct ts_shaped **out);

#endif

/* TS units by which glyph g's own advance exceeds its kerned one (0 for RTL words): what a
 * break after g gives back, the kerning having been with a glyph now on the next line. */
int32_t ts_kern_back(const struct layout_fonts *f, const struct ts_shaped *sh, uint32_t g);

/* ---- line breaking over a paragraph's item list (Knuth-Plass boxes, glue, penalties) ---- */
enum ts_item_type { TS_BOX, TS_GLUE, TS_PENALTY };
#define TS_PENALTY_INF 10000.0f /* a penalty >= this forbids a break, <= -this forces one */

struct ts_item {
    uint8_t type;
    bool is_flagged;   /* a hyphen break */
    bool is_emergency; /* a break inside a word too wide for the measure */
    bool is_link;
    uint8_t level; /* bidi embedding level */
    float w, stretch, shrink, penalty;
    float kern_fix;      /* penalties inside a word: kerning taken back from the glyph before */
    uint32_t start, end; /* code point range in the block */
    const struct ts_shaped *sh; /* boxes: the shaped word; penalties: the word hyphenated */
    uint32_t g0, g1;            /* boxes: glyph slice of sh */
    float size;                 /* px */
};

/* Chooses breaks: writes into *breaks (scratch arena) the item index ending each line; the
 * last is the paragraph's final forced penalty. max_hyphens limits consecutive hyphen breaks.
 * ragged (px, 0 = justified): a stretch every line has besides its glue, so total fit measures
 * a ragged line by how short it is (TeX's \raggedright). */
enum quire_status ts_break_lines(const struct ts_item *items, size_t n, float measure, float ragged,
                                 enum layout_linebreak mode, int max_hyphens,
                                 struct ts_arena *scratch, size_t **breaks, size_t *count);
/* The first item a line starting after break b begins with (skips glue and optional
 * penalties). */
size_t ts_line_start(const struct ts_item *items, size_t n, size_t after_break);

/* ---- the layout under construction (layout.c owns it; para.c fills lines) ---- */
enum ts_pel_type { TS_PEL_LINE, TS_PEL_RULE, TS_PEL_IMAGE };

/* A page element: what pagination stacks. */
struct ts_pel {
    uint8_t type;
    bool keeps_with_prev; /* no page break before this element */
    uint8_t quote_level;
    float h, gap; /* height; space above unless first on the page */
    float w;      /* images and rules: drawn width */
    size_t index; /* lines: line index; rules, images: block index */
};

struct layout {
    struct layout_fonts *fonts;
    const struct doc *doc;
    struct layout_settings set;
    size_t budget;
    struct ts_arena cache_arena, scratch;
    struct ts_cache own_cache;
    struct ts_cache *cache;   /* own_cache or the shared layout_cache's */
    int family;               /* enum ts_family of the body text */
    const char *guessed_lang; /* when nothing names one: "en" for ASCII-only text, else "und" */
    size_t entries0, hits0;   /* the shared cache's counts when last emptied/taken */
    size_t shaped_before, hits_before; /* counted before the shared cache was emptied */
    float measure;
    struct layout_line *lines;
    size_t line_count, line_alloc;
    struct layout_run *runs;
    size_t run_count, run_alloc;
    size_t *run_g0; /* first glyph of each run, until pointers are fixed */
    size_t run_g0_alloc;
    struct layout_glyph *glyphs;
    size_t glyph_count, glyph_alloc;
    struct ts_pel *pels;
    size_t pel_count, pel_alloc;
    struct layout_rect *rects;
    size_t rect_count, rect_alloc;
    struct layout_image *images;
    size_t image_count, image_alloc;
    struct layout_page *pages;
    size_t page_count, page_alloc;
    struct layout_stats stats;
};

/* Grows *arr (elem bytes each) to hold need elements; counts against l->budget. */
enum quire_status ts_vec_reserve(struct layout *l, void **arr, size_t *alloc, size_t need,
                                 size_t elem);

/* How a block is set. */
struct ts_block_style {
    float size;   /* px */
    int style;    /* TS_STYLE_* base */
    float indent; /* px at the line start side */
    float line_h; /* px */
    float gap;    /* px above the block */
    bool is_justified, can_hyphenate;
    enum layout_linebreak mode;
    uint8_t quote_level;
    bool keeps_spaces; /* preformatted: spaces are fixed boxes, kept at line starts */
};

/* ---- a paragraph being set (para.c builds its items, para_line.c its lines) ---- */
struct ts_para {
    struct layout *l;
    const struct ts_block_style *bs;
    size_t block;
    uint32_t *cp;
    uint8_t *style;
    const char **lang;
    signed char *level; /* bidi embedding levels (FriBidiLevel is a signed char) */
    hb_script_t *script;
    hb_script_t main_script; /* the script most characters are in */
    const char *block_lang;  /* the block's language, its main script's when untagged */
    char *brks;
    size_t n;
    bool is_rtl, has_rtl;
    bool is_counted; /* its missing glyphs are in the stats (a ragged second pass) */
    struct ts_item *items;
    size_t item_count, item_alloc;
};

struct doc_block;
/* The language of a block: its own, the document's, the settings', else the guess. */
const char *ts_block_lang(const struct layout *l, const struct doc_block *blk);
/* True for characters of right-to-left scripts and the RTL marks. */
bool ts_is_rtl_char(uint32_t c);
/* Bidi levels (p->level, p->is_rtl, p->has_rtl) and scripts (p->script) of p->cp. */
enum quire_status ts_para_bidi(struct ts_para *p, const struct doc_block *blk);
enum quire_status ts_para_scripts(struct ts_para *p);
/* True for a tag that names no language: none, "und" (with subtags too), or a bare POSIX
 * locale ("C", "POSIX", "C.UTF-8") as some EPUB makers write. */
bool ts_lang_is_unknown(const char *lang);
/* The language a script says (Armenian "hy", Hangul "ko"), or NULL (Latin, Arabic, Han...). */
const char *ts_script_lang(hb_script_t script);
/* Text whose tag names no language takes its script's (p->lang, and p->block_lang from the
 * paragraph's main script) for hyphenation, fonts, breaking and direction. After scripts. */
enum quire_status ts_para_langs(struct ts_para *p, const struct doc_block *blk);
/* Sets the line of items [s, b] (b: its break) and records it; is_first: the paragraph's. */
enum quire_status ts_line_emit(struct ts_para *p, size_t s, size_t b, bool is_first);
/* True when the line of items [s, b] cannot be justified within the stretch limits. */
bool ts_line_is_overstretched(struct ts_para *p, size_t s, size_t b);
/* No page break inside the first or last QUIRE_MIN_WIDOW_LINES of count lines. */
void ts_keep_lines(struct layout *l, size_t first_pel, size_t count);

/* Sets one text block into lines and pushes them as page elements. */
enum quire_status ts_para_layout(struct layout *l, size_t block_index,
                                 const struct ts_block_style *bs);
