/* screen_library_draw: the library screen's geometry (one function for drawing and for
 * taps), its drawing (the header with the news' age, the filter line, continue reading, group
 * headings and rows, the footer) and its trace members. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "ui_library.h"

/* ---- geometry: one function for drawing and for taps ---- */

void library_layout(struct ui *ui, const struct library *lb, struct lib_layout *l)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), w = ui_width(ui) - 2 * m;
    int y = ui_header_h(ui), band = ui_px(ui, 70);
    l->filter = (struct render_rect){m, y, w, band};
    y += band;
    l->cont = (struct render_rect){m, y, w, lb->continue_id ? band : 0};
    y += l->cont.h;
    int row_h = ui_px(ui, QUIRE_UI_ROW_PX), room = ui_height(ui) - ui_footer_h(ui) - y;
    int n = (room - ui_px(ui, QUIRE_UI_GROUP_PX)) / row_h; /* rows without a second heading */
    if (n > LIB_MAX_ROWS) /* a panel taller than the rows a page can hold */
        room = ui_px(ui, QUIRE_UI_GROUP_PX) + LIB_MAX_ROWS * row_h;
    l->rows = (struct ui_rows){m, y, w, row_h, 0};
    l->room = room;
}

int library_pages(const struct library *lb)
{
    return ui_libpages_count(lb->pages);
}

/* Item k of the shown page, on screen (mirrored in a right-to-left UI). */
static struct render_rect item_rect(struct ui *ui, const struct library *lb,
                                    const struct lib_layout *l, int k)
{
    const struct ui_libitem *it = &lb->items[k];
    return ui_mirror(ui, (struct render_rect){l->rows.x, l->rows.y + it->y, l->rows.w, it->h});
}

struct render_rect library_row_rect(struct ui *ui, const struct library *lb,
                                    const struct lib_layout *l, int row)
{
    for (int k = 0; k < lb->n_items; k++)
        if (lb->items[k].row == row)
            return item_rect(ui, lb, l, k);
    return ui_mirror(ui, (struct render_rect){l->rows.x, l->rows.y, l->rows.w, l->rows.row_h});
}

/* The row under (x, y), or -1. */
int library_row_hit(struct ui *ui, const struct library *lb, int x, int y)
{
    struct lib_layout l;
    library_layout(ui, lb, &l);
    for (int k = 0; k < lb->n_items; k++)
        if (lb->items[k].row >= 0 && ui_rect_hit(item_rect(ui, lb, &l, k), x, y))
            return lb->items[k].row;
    return -1;
}

/* ---- drawing ---- */

static void filter_text(struct ui *ui, const struct library *lb, char *out, size_t n)
{
    char count[64];
    ui_fmt_n(ui, count, sizeof count, MSG_LIB_N_ARTICLES, (long)lb->count);
    const char *name = lb->filter.is_unread_only    ? ui_msg(ui, MSG_LIB_UNREAD)
                       : lb->filter.is_starred_only ? ui_msg(ui, MSG_LIB_STARRED)
                       : lb->filter_value[0]        ? lb->filter_value
                                                    : ui_msg(ui, MSG_LIB_ALL);
    snprintf(out, n, "%s \xC2\xB7 %s", name, count);
}

static enum quire_status draw_row(struct ui *ui, struct canvas *c, const struct row *r,
                                  struct render_rect box, struct quire_err *err)
{
    int pad = ui_px(ui, 14), dot = ui_px(ui, 16), title_h = box.h * 62 / 100;
    struct render_rect mark = {box.x + pad, box.y + pad + ui_px(ui, 14), dot, dot};
    struct render_rect title = {box.x + 2 * pad + dot, box.y + pad / 2, box.w - 3 * pad - dot,
                                title_h};
    struct render_rect meta = {title.x, box.y + title_h, title.w, box.h - title_h - pad / 2};
    if (!r->is_read)
        render_canvas_fill(c, ui_mirror(ui, mark), 0); /* the unread mark */
    enum quire_status rc = ui_draw_text(ui, c, r->title, r->lang[0] ? r->lang : NULL, UI_SIZE_BODY,
                                        !r->is_read, 2, UI_ALIGN_START, ui_mirror(ui, title), err);
    if (!rc)
        rc = ui_draw_text(ui, c, r->meta, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_START,
                          ui_mirror(ui, meta), err);
    ui_draw_rule(ui, c, box.x, box.y + box.h - 1, box.w);
    return rc;
}

/* A group's heading: the publisher and section, small and bold over a rule. */
static enum quire_status draw_heading(struct ui *ui, const struct library *lb, struct canvas *c,
                                      const struct ui_libitem *it, struct render_rect box,
                                      struct quire_err *err)
{
    char text[256];
    const char *name = ui_libpages_group_name(lb->pages, it->group);
    if (it->is_continued)
        ui_fmt(ui, text, sizeof text, ui_msg(ui, MSG_LIB_GROUP_CONTINUED), name);
    else
        snprintf(text, sizeof text, "%s", name);
    struct render_rect in = {box.x, box.y + ui_px(ui, 8), box.w, box.h - ui_px(ui, 8)};
    ui_draw_rule(ui, c, box.x, box.y + box.h - 2, box.w);
    return ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, true, 1, UI_ALIGN_START, in, err);
}

static enum quire_status draw_top(struct ui *ui, struct library *lb, struct canvas *c,
                                  const struct lib_layout *l, struct quire_err *err)
{
    char aside[128], text[256];
    ui_ago_text(ui, lb->newest, MSG_LIB_NEWS_FROM, MSG_LIB_NEWS_NOW, aside, sizeof aside);
    enum quire_status rc = ui_draw_header(ui, c, ui_msg(ui, MSG_TITLE_LIBRARY), aside, err);
    filter_text(ui, lb, text, sizeof text);
    if (!rc)
        rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, true, 1, UI_ALIGN_START,
                          ui_mirror(ui, l->filter), err);
    if (!rc && lb->continue_id) {
        snprintf(text, sizeof text, "%s: %s", ui_msg(ui, MSG_LIB_CONTINUE), lb->continue_title);
        rc = ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_START,
                          ui_mirror(ui, l->cont), err);
        ui_draw_rule(ui, c, l->cont.x, l->cont.y + l->cont.h - 1, l->cont.w);
    }
    return rc;
}

enum quire_status library_draw(struct ui *ui, void *state, struct canvas *c,
                               struct render_rect *bounds, struct quire_err *err)
{
    struct library *lb = state;
    struct lib_layout l;
    library_layout(ui, lb, &l);
    enum quire_status rc = draw_top(ui, lb, c, &l, err);
    for (int k = 0; k < lb->n_items && !rc; k++) {
        const struct ui_libitem *it = &lb->items[k];
        if (it->row < 0)
            rc = draw_heading(ui, lb, c, it, item_rect(ui, lb, &l, k), err);
        else if (it->row < lb->n_rows)
            rc = draw_row(ui, c, &lb->rows[it->row], item_rect(ui, lb, &l, k), err);
    }
    if (!rc && lb->n_rows == 0)
        rc = ui_draw_text(ui, c, ui_msg(ui, MSG_LIB_NO_ARTICLES), NULL, UI_SIZE_BODY, false, 1,
                          UI_ALIGN_CENTER, library_row_rect(ui, lb, &l, 0), err);
    if (lb->n_rows > 0)
        ui_draw_selection(ui, c, library_row_rect(ui, lb, &l, lb->selected));
    return rc ? rc : ui_draw_footer(ui, c, lb->page + 1, library_pages(lb), err);
}

/* Appends "key":[ids] of the shown rows: all (which 0), unverified (1), unread (2), starred. */
static void add_ids(struct ui_meta *m, const char *key, const struct library *lb, int which)
{
    size_t n = strlen(m->extra), cap = sizeof m->extra;
    if (n + 48 > cap)
        return;
    n += (size_t)snprintf(m->extra + n, cap - n, ",\"%s\":[", key);
    for (int i = 0, k = 0; i < lb->n_rows && n + 24 < cap; i++) {
        const struct row *r = &lb->rows[i];
        if (which == 0 || (which == 1 && !r->verified) || (which == 2 && !r->is_read) ||
            (which == 3 && r->starred))
            n +=
                (size_t)snprintf(m->extra + n, cap - n, "%s%lld", k++ ? "," : "", (long long)r->id);
    }
    snprintf(m->extra + n, cap - n, "]");
}

/* Every row's top, so scripts and the Xvfb test can tap rows (headings sit between them). */
static void add_row_tops(struct ui *ui, struct ui_meta *m, const struct library *lb,
                         const struct lib_layout *l)
{
    size_t n = strlen(m->extra), cap = sizeof m->extra;
    if (n + 32 > cap)
        return;
    n += (size_t)snprintf(m->extra + n, cap - n, ",\"row_y\":[");
    for (int i = 0; i < lb->n_rows && n + 12 < cap; i++)
        n += (size_t)snprintf(m->extra + n, cap - n, "%s%d", i ? "," : "",
                              library_row_rect(ui, lb, l, i).y);
    snprintf(m->extra + n, cap - n, "]");
}

void library_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct library *lb = state;
    struct lib_layout l;
    library_layout(ui, lb, &l);
    struct render_rect r0 = library_row_rect(ui, lb, &l, 0); /* for scripts that tap rows */
    m->page = lb->page + 1;
    m->pages = library_pages(lb);
    m->article = lb->n_rows ? lb->rows[lb->selected].id : 0;
    snprintf(m->extra, sizeof m->extra, "\"selected\":%lld,\"count\":%lld,\"row0\":[%d,%d,%d,%d]",
             (long long)m->article, (long long)lb->count, r0.x, r0.y, r0.w, r0.h);
    add_row_tops(ui, m, lb, &l);
    static const char *const lists[] = {"rows", "unverified", "unread", "starred"};
    for (int i = 0; i < 4; i++)
        add_ids(m, lists[i], lb, i);
    char news[128]; /* the texts shown: the header's age of the news, each row's second line */
    ui_ago_text(ui, lb->newest, MSG_LIB_NEWS_FROM, MSG_LIB_NEWS_NOW, news, sizeof news);
    ui_meta_add_text(m, "news", news);
    const char *metas[LIB_MAX_ROWS];
    for (int i = 0; i < lb->n_rows; i++)
        metas[i] = lb->rows[i].meta;
    ui_meta_add_texts(m, "row_meta", metas, lb->n_rows);
}
