/* layout: an article typeset into pages, independent of any renderer.
 * A page is plain data: lines of positioned glyph runs (glyph ids with x/y in page pixels, on
 * the baseline), filled rectangles (rules, quote bars) and images (a rect and a media
 * reference). A glyph run names its font through an opaque `struct layout_font` whose path,
 * face index and pixel size a renderer reads to open the same face with its own FreeType.
 * Invariants: every line fits the measure (page width minus margins); every page's content fits
 * its height; each page knows the reflow-stable anchor (block, code point offset) of its first
 * character, so a reading position survives a change of font size or page size.
 * Memory: a layout owns all its pages (borrowed pointers stay valid until layout_destroy).
 * Fonts (`struct layout_fonts`) are loaded once and shared by any number of layouts; they must
 * outlive them. Threads: a layout_fonts is used by one thread at a time.
 * Start reading: layout_fonts_create, layout_create, layout_page_get. */
#ifndef QUIRE_TYPESET_LAYOUT_H
#define QUIRE_TYPESET_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire_error.h"

struct doc; /* app/doc/doc.h: the article model */

/* ---- fonts ---- */

/* The set of bundled faces (body regular/bold/italic/bold-italic and the fallback chain per
 * script), loaded from <asset_root>/fonts. Opaque. */
struct layout_fonts;
/* One face at one file/index. Pointers are stable for the life of the layout_fonts, so a
 * renderer may key its FT_Face cache on them. */
struct layout_font;

/* Loads every bundled font under asset_root ("<asset_root>/fonts/..."; NULL = quire_asset_root())
 * and the hyphenation patterns under <asset_root>/assets/hyphen. Fails with QUIRE_ENOTFOUND
 * naming the file when the body font is missing; missing fallbacks are only counted later as
 * missing glyphs. */
enum quire_status layout_fonts_create(const char *asset_root, struct layout_fonts **out,
                                      struct quire_err *err);
/* layout_fonts_destroy(NULL) is a no-op. */
void layout_fonts_destroy(struct layout_fonts *fonts);

/* Absolute path of the font file (borrowed, valid while the fonts live). */
const char *layout_font_path(const struct layout_font *font);
/* Face index inside the file (0 for a plain .ttf). */
int layout_font_face_index(const struct layout_font *font);

/* ---- settings ---- */

/* The bundled font families a reader chooses between, in the order a settings screen lists
 * them ("serif", "sans"); index 0 is the default. layout_family_name is NULL past the end;
 * layout_family_find gives the index of a name (NULL: 0), -1 for an unknown one. */
size_t layout_family_count(void);
const char *layout_family_name(size_t i);
int layout_family_find(const char *name);

enum layout_linebreak {
    LAYOUT_BREAK_OPTIMAL = 0, /* Knuth-Plass total fit */
    LAYOUT_BREAK_GREEDY,      /* first fit, for comparison */
};

struct layout_settings {
    int page_w, page_h;      /* px (200..4000) */
    int margin;              /* px on each side (0..400) */
    int font_px;             /* body font size, px (8..200) */
    double line_spacing;     /* line height / font size (1.0..3.0) */
    const char *lang;        /* BCP 47 default language, NULL = the document's or "en" */
    const char *font_family; /* a layout_family_name, NULL = the default (serif) */
    enum layout_linebreak linebreak;
    bool is_ragged; /* ragged right (ragged left for RTL) instead of justified */
    bool hyphenate; /* use hyphenation patterns when the language has them */
    /* Optional shaping cache shared by successive layouts (see layout_cache_create); NULL gives
     * each layout a private cache. */
    struct layout_cache *cache;
    /* Optional: the intrinsic size of an image the article gives no width/height for (the
     * reader reads it from the media in the store). Returns false when unknown; the layout then
     * reserves a 3:2 box. Called during layout_create only. */
    bool (*image_size)(void *ctx, const char *src, int *width, int *height);
    void *image_ctx;
};

/* Fills s with the defaults of app/config.h (optimal, justified, hyphenation on, no shared
 * cache). */
void layout_settings_default(struct layout_settings *s);

/* A shaping cache that outlives layouts. Shaping does not depend on the font size, so a reader
 * that re-paginates an article after a font-size or page-size change passes the same cache in
 * layout_settings.cache and only new words are shaped. Bounded by QUIRE_LAYOUT_CACHE_MAX_BYTES
 * (emptied when full, also in the middle of a layout, between paragraphs: a paragraph that
 * does not fit it is set again after emptying it). Used by one layout at a time; must outlive
 * the layouts using it. */
struct layout_cache;
enum quire_status layout_cache_create(struct layout_cache **out, struct quire_err *err);
/* layout_cache_destroy(NULL) is a no-op. */
void layout_cache_destroy(struct layout_cache *cache);

/* ---- pages ---- */

/* A reflow-stable position: the same numbers as struct store_anchor's block/offset. */
struct layout_anchor {
    int64_t block;  /* index of the block in the document */
    int64_t offset; /* code point offset inside the block's text */
};

struct layout_glyph {
    uint32_t id; /* glyph index in the run's font */
    float x, y;  /* pen origin on the baseline, page pixels (y grows downwards) */
};

struct layout_run {
    const struct layout_font *font; /* never NULL */
    float size_px;                  /* pixel size (em) to open the face at */
    const struct layout_glyph *glyphs;
    size_t glyph_count;
    bool is_link; /* text of a link: a renderer may underline it */
};

struct layout_line {
    float x, y;                      /* top-left of the line box, page px */
    float width, height;             /* width = ink advance of the set line (<= measure) */
    float baseline;                  /* y of the baseline, page px */
    size_t first_run, run_count;     /* runs[first_run .. first_run+run_count) of the page */
    struct layout_anchor start, end; /* source range [start, end) in the document */
    bool is_hyphenated;              /* ends in a hyphen inserted at a hyphenation break */
    bool is_rtl;                     /* the paragraph's base direction is right to left */
    float stretch; /* widest inter-word space / the font's natural space (1 = natural, and for
                    * lines without spaces); at most QUIRE_MAX_SPACE_STRETCH */
};

/* A filled rectangle: horizontal rules, blockquote bars. */
struct layout_rect {
    float x, y, w, h;
};

struct layout_image {
    float x, y, w, h; /* where to draw, scaled to fit the measure, aspect kept */
    const char *src;  /* media path inside the article (store_media_get), borrowed */
    const char *alt;  /* alternative text, may be "" */
    int64_t block;    /* the image's block index */
};

struct layout_page {
    size_t index;
    int width, height;
    const struct layout_line *lines;
    size_t line_count;
    const struct layout_run *runs;
    size_t run_count;
    const struct layout_rect *rects;
    size_t rect_count;
    const struct layout_image *images;
    size_t image_count;
    struct layout_anchor first_anchor; /* anchor of the page's first character */
};

/* Counters over a whole layout, as `quire typeset` prints them. */
struct layout_stats {
    size_t pages, lines, hyphens;
    size_t overfull;        /* lines wider than the measure (0 unless a glyph is wider) */
    size_t missing_glyphs;  /* characters no bundled font covers (shaped as .notdef) */
    uint32_t first_missing; /* the first such code point, 0 if none */
    double badness;         /* sum of r^2 over non-final lines (TeX stretch 1/2, shrink 1/3) */
    size_t shaped_words, cache_hits;
};

struct layout;

/* Typesets doc into pages. fonts and doc must outlive the layout. Fails with QUIRE_EINVAL on
 * settings out of range, QUIRE_ENOMEM, or QUIRE_ETOOBIG when the article needs more layout
 * memory than QUIRE_LAYOUT_MAX_BYTES. On failure *out is NULL. */
enum quire_status layout_create(struct layout_fonts *fonts, const struct doc *doc,
                                const struct layout_settings *settings, struct layout **out,
                                struct quire_err *err);
/* layout_destroy(NULL) is a no-op. */
void layout_destroy(struct layout *layout);

size_t layout_page_count(const struct layout *layout);
/* Borrowed; NULL if i is out of range. */
const struct layout_page *layout_page_get(const struct layout *layout, size_t i);
/* The page holding anchor a (the last page whose first anchor is <= a); 0 for an empty
 * layout or an anchor before the first page. */
size_t layout_find_anchor(const struct layout *layout, struct layout_anchor a);
void layout_stats_get(const struct layout *layout, struct layout_stats *out);

/* Writes the logical (source order) UTF-8 text of a line into buf (NUL-terminated, truncated
 * to buflen), a trailing '-' when the line is hyphenated. Returns the full length needed. */
size_t layout_line_text(const struct layout *layout, const struct layout_line *line, char *buf,
                        size_t buflen);

/* ---- labels: short text for the UI ----
 * One or a few lines of text (a title, a menu item, a status line) set by the same typesetter
 * as articles: font fallback per script, bidi, shaping. Measured, and cut with an ellipsis
 * when it needs more than max_lines lines of max_w px. A label is drawn like a page
 * (render_page_draw_at). */
struct layout_label;

struct layout_label_opts {
    int font_px;      /* 8..200 */
    int max_w;        /* px the lines may take (1..4000) */
    int max_lines;    /* >= 1; more text is cut at a word with an ellipsis */
    bool is_bold;     /* set in the bold face */
    const char *lang; /* BCP 47 for shaping, NULL = none; the direction always comes from the
                       * text itself (HTML's dir=auto) */
    struct layout_cache *cache; /* optional shared shaping cache (see layout_cache_create) */
};

/* Sets text (UTF-8). An empty text gives an empty label (no lines). Fails with QUIRE_EUTF8 on
 * invalid text, QUIRE_EINVAL on options out of range, QUIRE_ENOMEM. fonts must outlive it. */
enum quire_status layout_label_create(struct layout_fonts *fonts, const char *text,
                                      const struct layout_label_opts *opts,
                                      struct layout_label **out, struct quire_err *err);
/* layout_label_destroy(NULL) is a no-op. */
void layout_label_destroy(struct layout_label *label);

struct layout_label_metrics {
    int x0, width;  /* ink box of the widest line: from x0, width px (page coordinates) */
    int y0, height; /* top of the first line (page coordinates), to the bottom of the last */
    int baseline;   /* first line's baseline, from the label's top */
    int lines;
    bool is_rtl;           /* the text's base direction is right to left */
    bool is_truncated;     /* cut with an ellipsis */
    size_t missing_glyphs; /* characters no font covers */
};
void layout_label_metrics_get(const struct layout_label *label, struct layout_label_metrics *out);
/* The label's lines as a page (lines at y from 0; NULL for an empty label). Borrowed. */
const struct layout_page *layout_label_page(const struct layout_label *label);

#endif
