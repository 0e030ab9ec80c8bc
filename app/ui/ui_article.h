/* ui_article: one article made ready to show: loaded from the library (or, for tests and
 * tools, from a .txt/.html file), converted to the document model (cached in the store as a
 * doc blob), typeset for one screen. Also maps a stored reading anchor to a page and back.
 * Start reading at ui_article_open. */
#ifndef QUIRE_UI_ARTICLE_H
#define QUIRE_UI_ARTICLE_H

#include <stdbool.h>
#include <stdint.h>

#include "doc.h"
#include "layout.h"
#include "render.h"
#include "store.h"
#include "ui_prefs.h" /* struct ui_prefs moved there; callers of this header use it */

struct ui_source {
    int64_t article_id; /* library id; 0 = the first article of the library */
    const char *file;   /* instead of the library: a .txt/.html file (article_id ignored) */
    const char *lang;   /* language for a file source, NULL = the document's */
};

struct ui_article {
    struct doc *doc;
    struct layout *layout;
    store *store; /* borrowed; NULL for a file source */
    int64_t id;
    char title[256]; /* cut on a code point boundary */
    char body_hash[65];
    char base_dir[512]; /* file source: images are read relative to the file's folder */
    /* A reading position not yet written: the library was busy with a sync's import when the
     * page turned (the turn does not wait); written at the next save or on close. */
    struct store_anchor pending;
    bool has_pending;
};

/* Layout settings for a screen of w x h px at dpi with a status band of band px: the defaults
 * of app/config.h scaled from 300 dpi; font_px overrides the body size when > 0. */
void ui_layout_settings(struct layout_settings *ls, int w, int h, int dpi, int band, int font_px);

/* Opens the article. st may be NULL only for a file source. On failure out is zeroed. */
enum quire_status ui_article_open(struct layout_fonts *fonts, store *st,
                                  const struct ui_source *src, const struct layout_settings *ls,
                                  struct ui_article *out, struct quire_err *err);
/* Writes a pending position (waiting for the library as long as any write does), frees. */
void ui_article_close(struct ui_article *a);

/* Copies src into dst (size bytes) cut on a UTF-8 code point boundary. */
void ui_title_copy(char *dst, size_t size, const char *src);

/* The stored reading position, when there is one from this converter. A correction of the
 * article (another body) keeps it: a publisher's fix rarely moves paragraphs, and an anchor
 * past the new end shows the last page. */
bool ui_article_stored_anchor(const struct ui_article *a, struct layout_anchor *out);
/* The page to open on: the page holding the stored reading position, else 0. */
size_t ui_article_start_page(const struct ui_article *a);
/* Records at (NULL: the first anchor of page) as the reading position, with page's progress
 * (no-op for a file source). It never waits for another connection's write: while a sync
 * imports, the position is kept in a->pending and written by the next save or by close. */
enum quire_status ui_article_save_position(struct ui_article *a, size_t page,
                                           const struct layout_anchor *at, struct quire_err *err);
/* Image bytes for the renderer (render_fetch_fn); ctx is the struct ui_article. From the
 * library's media; for a file source from a relative path beside the file (no "..", no
 * absolute paths, no URLs: nothing is fetched from the network). */
enum quire_status ui_article_fetch(void *ctx, const char *src, void **data, size_t *len,
                                   struct quire_err *err);

#endif
