/* ui_library: what the library screen's two files share (screen_library.c: reading the
 * library and acting on it; screen_library_draw.c: its geometry, drawing and trace). Private
 * to them. */
#ifndef QUIRE_UI_LIBRARY_H
#define QUIRE_UI_LIBRARY_H

#include "store_library.h"
#include "ui_libpages.h"
#include "ui_screens.h"
#include "ui_widgets.h"

enum { LIB_MAX_ROWS = 32, LIB_MAX_FACETS = UI_MENU_MAX - 1 };

struct row {
    int64_t id;
    char title[256], meta[256], lang[16];
    bool is_read, starred, verified;
};

struct library {
    struct store_lib_filter filter;
    char filter_value[128];
    enum store_lib_facet filter_facet;
    int64_t count;
    int page, selected, held;
    ui_libpages *pages;
    /* What the pages were made from: the library's generation and the settings' (row sizes);
     * is_paged false after a filter change. Equal: the groups need not be read again. */
    uint64_t paged_library;
    unsigned paged_prefs;
    bool is_paged;
    struct row rows[LIB_MAX_ROWS];
    int n_rows;
    struct ui_libitem items[2 * LIB_MAX_ROWS + 1]; /* the shown page's headings and rows */
    int n_items;
    int64_t continue_id, newest;
    char continue_title[256];
    char facets[3][LIB_MAX_FACETS][128];
    int n_facets[3];
};

struct lib_layout {
    struct render_rect filter, cont;
    struct ui_rows rows; /* x, y, w and row_h of the rows' area (count unused) */
    int room;            /* its height */
};

void library_layout(struct ui *ui, const struct library *lb, struct lib_layout *l);
int library_pages(const struct library *lb);
/* Row i of the shown page on screen (mirrored in a right-to-left UI); the row under (x, y) or
 * -1. */
struct render_rect library_row_rect(struct ui *ui, const struct library *lb,
                                    const struct lib_layout *l, int row);
int library_row_hit(struct ui *ui, const struct library *lb, int x, int y);

enum quire_status library_draw(struct ui *ui, void *state, struct canvas *c,
                               struct render_rect *bounds, struct quire_err *err);
void library_meta(struct ui *ui, void *state, struct ui_meta *m);

#endif
