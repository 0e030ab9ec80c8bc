/* screen_results: what a search found, ranked by FTS5 (bm25), a page of results at a time:
 * the title and the matching words in context. A result opens its article at the page of the
 * first match. The query is quoted word by word, so nothing a reader types is FTS5 syntax. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_screens.h"
#include "ui_widgets.h"

enum { RES_MAX = 100, RES_MAX_ROWS = 16 };

struct result {
    int64_t id;
    char title[200], snippet[400];
};

struct results {
    char query[256];
    struct result items[RES_MAX];
    int n, page, selected, per_page;
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_UP, NULL, UI_ACT_UP},
    {UI_TRIG_KEY, PLATFORM_KEY_DOWN, NULL, UI_ACT_DOWN},
    {UI_TRIG_KEY, PLATFORM_KEY_RIGHT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_NEXT, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_LEFT, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_PREV, NULL, UI_ACT_PREV_PAGE},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_OPEN},
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_BACK},
    {UI_TRIG_TEXT, 0, " ", UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_FORWARD, NULL, UI_ACT_NEXT_PAGE},
    {UI_TRIG_SWIPE, UI_SWIPE_BACKWARD, NULL, UI_ACT_PREV_PAGE},
    {0},
};

static void res_layout(struct ui *ui, struct ui_rows *rows)
{
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), y = ui_header_h(ui);
    int row_h = ui_px(ui, QUIRE_UI_ROW_PX) * 6 / 5;
    int n = (ui_height(ui) - ui_footer_h(ui) - y) / row_h;
    *rows = (struct ui_rows){m, y, ui_width(ui) - 2 * m, row_h,
                             n < 1              ? 1
                             : n > RES_MAX_ROWS ? RES_MAX_ROWS
                                                : n};
}

/* "a b" -> "\"a\" \"b\"": every word a literal string for FTS5 (quotes doubled). */
static void fts_quote(const char *in, char *out, size_t n)
{
    size_t k = 0;
    bool is_in_word = false;
    for (const char *p = in; *p && k + 4 < n; p++) {
        if (*p == ' ') {
            if (is_in_word)
                out[k++] = '"';
            is_in_word = false;
            continue;
        }
        if (!is_in_word) {
            if (k)
                out[k++] = ' ';
            out[k++] = '"';
            is_in_word = true;
        }
        if (*p == '"')
            out[k++] = '"';
        out[k++] = *p;
    }
    if (is_in_word)
        out[k++] = '"';
    out[k] = '\0';
}

/* The snippet marks matches with [ ]; the marks become quotes for the reader. */
static int found(void *ctx, int64_t id, const char *title, const char *snippet)
{
    struct results *r = ctx;
    struct result *it = &r->items[r->n++];
    it->id = id;
    ui_title_copy(it->title, sizeof it->title, title ? title : "");
    ui_title_copy(it->snippet, sizeof it->snippet, snippet ? snippet : "");
    for (char *p = it->snippet; *p; p++)
        if (*p == '[' || *p == ']')
            *p = '"';
    return r->n >= RES_MAX;
}

static enum quire_status results_open(struct ui *ui, const void *arg, void **state,
                                      struct quire_err *err)
{
    struct results *r = quire_calloc(1, sizeof *r);
    if (!r)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    char q[512];
    snprintf(r->query, sizeof r->query, "%s", (const char *)arg);
    fts_quote(r->query, q, sizeof q);
    if (ui_store(ui) && q[0])
        store_search(ui_store(ui), q, RES_MAX, found, r, NULL); /* no match is no results */
    struct ui_rows rows;
    res_layout(ui, &rows);
    r->per_page = rows.count;
    *state = r;
    return QUIRE_OK;
}

static void results_close(struct ui *ui, void *state)
{
    quire_free(state);
}

static int pages_of(const struct results *r)
{
    return r->n <= 0 ? 1 : (r->n + r->per_page - 1) / r->per_page;
}

static enum quire_status open_result(struct ui *ui, struct results *r, int i, struct quire_err *err)
{
    if (i < 0 || i >= r->n)
        return QUIRE_OK;
    r->selected = i;
    struct ui_article_arg a = {{.article_id = r->items[i].id}, r->query, NULL};
    return ui_push(ui, &ui_screen_article, &a, err);
}

static enum quire_status results_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                        enum ui_change *change, struct quire_err *err)
{
    struct results *r = state;
    struct ui_rows rows;
    res_layout(ui, &rows);
    int first = r->page * r->per_page;
    switch (a->act) {
    case UI_ACT_UP:
    case UI_ACT_DOWN: {
        int at = r->selected + (a->act == UI_ACT_DOWN ? 1 : -1);
        if (at < 0 || at >= r->n)
            return QUIRE_OK;
        r->selected = at;
        *change = at / r->per_page != r->page ? UI_CHANGE_PAGE : UI_CHANGE_SMALL;
        r->page = at / r->per_page;
        return QUIRE_OK;
    }
    case UI_ACT_NEXT_PAGE:
    case UI_ACT_PREV_PAGE: {
        int p = r->page + (a->act == UI_ACT_NEXT_PAGE ? 1 : -1);
        if (p >= 0 && p < pages_of(r)) {
            r->page = p;
            r->selected = p * r->per_page;
            *change = UI_CHANGE_PAGE;
        }
        return QUIRE_OK;
    }
    case UI_ACT_OPEN:
        return open_result(ui, r, r->selected, err);
    case UI_ACT_TAP: {
        int i = ui_rows_hit(ui, &rows, a->x, a->y);
        int dir = ui_footer_hit(ui, a->x, a->y);
        if (i >= 0)
            return open_result(ui, r, first + i, err);
        if (dir) {
            struct ui_action_ev t = {.act = dir > 0 ? UI_ACT_NEXT_PAGE : UI_ACT_PREV_PAGE};
            return results_action(ui, state, &t, change, err);
        }
        if (a->y < ui_header_h(ui))
            ui_pop(ui);
        return QUIRE_OK;
    }
    case UI_ACT_BACK:
        ui_pop(ui);
        return QUIRE_OK;
    default:
        return QUIRE_OK;
    }
}

static enum quire_status results_draw(struct ui *ui, void *state, struct canvas *c,
                                      struct render_rect *bounds, struct quire_err *err)
{
    struct results *r = state;
    struct ui_rows rows;
    res_layout(ui, &rows);
    char count[64];
    ui_fmt_n(ui, count, sizeof count, MSG_SEARCH_N_RESULTS, r->n);
    enum quire_status rc = ui_draw_header(ui, c, r->query, count, err);
    int first = r->page * r->per_page;
    for (int i = 0; i < rows.count && first + i < r->n && !rc; i++) {
        const struct result *it = &r->items[first + i];
        struct render_rect box = ui_rows_rect(ui, &rows, i);
        int pad = ui_px(ui, 14), th = box.h * 2 / 5;
        struct render_rect t = {box.x + pad, box.y + pad / 2, box.w - 2 * pad, th};
        struct render_rect sn = {t.x, box.y + th, t.w, box.h - th - pad / 2};
        rc = ui_draw_text(ui, c, it->title, NULL, UI_SIZE_BODY, true, 1, UI_ALIGN_NATURAL, t, err);
        if (!rc)
            rc = ui_draw_text(ui, c, it->snippet, NULL, UI_SIZE_SMALL, false, 2, UI_ALIGN_NATURAL,
                              sn, err);
        ui_draw_rule(ui, c, box.x, box.y + box.h - 1, box.w);
        if (first + i == r->selected)
            ui_draw_selection(ui, c, box);
    }
    if (!rc && r->n == 0)
        rc = ui_draw_text(ui, c, ui_msg(ui, MSG_SEARCH_NO_RESULTS), NULL, UI_SIZE_BODY, false, 1,
                          UI_ALIGN_CENTER, ui_rows_rect(ui, &rows, 0), err);
    return rc ? rc : ui_draw_footer(ui, c, r->page + 1, pages_of(r), err);
}

static void results_meta(struct ui *ui, void *state, struct ui_meta *m)
{
    struct results *r = state;
    m->page = r->page + 1;
    m->pages = pages_of(r);
    m->article = r->n ? r->items[r->selected].id : 0;
    size_t n = (size_t)snprintf(m->extra, sizeof m->extra, "\"results\":%d,\"rows\":[", r->n);
    int first = r->page * r->per_page;
    for (int i = first; i < r->n && i < first + r->per_page && n + 24 < sizeof m->extra; i++)
        n += (size_t)snprintf(m->extra + n, sizeof m->extra - n, "%s%lld", i > first ? "," : "",
                              (long long)r->items[i].id);
    snprintf(m->extra + n, sizeof m->extra - n, "]");
}

const struct ui_screen_class ui_screen_results = {
    .name = "results",
    .bindings = bindings,
    .open = results_open,
    .close = results_close,
    .on_action = results_action,
    .draw = results_draw,
    .meta = results_meta,
};
