/* ui_shell_frame: how the shell shows a change: draws the stack bottom to top into one frame
 * (the screen under a modal kept as a base picture), finds what differs from what the panel
 * shows, asks the pure refresh policy how to show it, traces it and presents exactly that. The
 * only caller of render_refresh_decide and of platform_present. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "render_refresh.h"
#include "store_library.h"
#include "ui.h"
#include "ui_rotate.h"
#include "ui_screens.h"
#include "ui_shell.h"

/* The topmost screen that is not modal: what the frame is drawn from. */
int ui_shell_base_index(const struct ui *ui)
{
    int b = ui->depth - 1;
    while (b > 0 && ui->stack[b].cls->is_modal)
        b--;
    return b;
}

static enum quire_status draw_frame(struct ui *ui, int i, struct canvas *c, struct quire_err *err)
{
    struct ui_frame *f = &ui->stack[i];
    struct render_rect all = {0, 0, c->w, c->h}, bounds = all;
    if (!f->cls->is_modal)
        render_canvas_fill(c, all, 255);
    render_night_begin(ui->r);
    enum quire_status rc = f->cls->draw(ui, f->state, c, &bounds, err);
    if (!rc)
        render_night_finish(ui->r, c, render_rect_intersect(bounds, all));
    return rc;
}

/* Draws the stack into ui->next. The screen under a modal is kept in ui->base while only the
 * modal changes, so a menu's highlight costs the menu, not the page under it. */
static enum quire_status compose(struct ui *ui, struct quire_err *err)
{
    int b = ui_shell_base_index(ui);
    if (b == ui->depth - 1) {
        ui->is_base_valid = false;
        return draw_frame(ui, b, &ui->next, err);
    }
    enum quire_status rc = QUIRE_OK;
    if (!ui->is_base_valid || ui->base_depth != b) {
        rc = draw_frame(ui, b, &ui->base, err);
        ui->is_base_valid = !rc;
        ui->base_depth = b;
    }
    if (!rc)
        render_canvas_copy(&ui->next, &ui->base);
    for (int i = b + 1; i < ui->depth && !rc; i++)
        rc = draw_frame(ui, i, &ui->next, err);
    return rc;
}

static void frame_meta(struct ui *ui, struct ui_meta *m)
{
    memset(m, 0, sizeof *m);
    int b = ui_shell_base_index(ui);
    if (ui->stack[b].cls->meta)
        ui->stack[b].cls->meta(ui, ui->stack[b].state, m);
    struct ui_frame *top = &ui->stack[ui->depth - 1];
    if (ui->depth - 1 != b && top->cls->meta) {
        struct ui_meta tm = *m; /* a modal keeps the article below unless it says otherwise */
        tm.extra[0] = '\0';
        top->cls->meta(ui, top->state, &tm);
        int status_y = m->status_y;
        *m = tm;
        m->status_y = status_y;
    }
}

static enum render_reason reason_of(enum ui_shell_change c)
{
    switch (c) {
    case UI_SHELL_SMALL:
        return RENDER_REASON_UI;
    case UI_SHELL_PAGE:
        return RENDER_REASON_PAGE_TURN;
    case UI_SHELL_MODAL_OPENED:
        return RENDER_REASON_MODAL_OPENED;
    case UI_SHELL_MODAL_CLOSED:
        return RENDER_REASON_MODAL_CLOSED;
    default:
        return RENDER_REASON_SCREEN_OPEN;
    }
}

/* A turned picture reaches the panel through its own canvas, one update rectangle at a time. */
static enum quire_status present(struct ui *ui, struct render_update *u, struct quire_err *err)
{
    if (!ui->rotation)
        return platform_present(ui->p, &ui->next, u, err);
    ui_rotate_copy(ui->rotation, &ui->next, &ui->panel, u->region);
    u->region = ui_rotate_rect(ui->rotation, ui->next.w, ui->next.h, u->region);
    return platform_present(ui->p, &ui->panel, u, err);
}

/* The trace members every frame carries (the sync state, the library's article count, took_ms:
 * real ms from the loop's wake-up to the frame going out), then the screen's own. The count is a
 * query over the whole library, so a page turn or a small update (a highlight, a key), which add
 * or remove no article, reuse the last one; a sync's wake-up, a screen opening or a modal closing
 * (a deletion) count again. */
static void trace_extra(struct ui *ui, enum ui_shell_change change, const struct ui_meta *m,
                        char *out, size_t n)
{
    struct store_lib_filter all = {0};
    if ((change != UI_SHELL_SMALL && change != UI_SHELL_MODAL_OPENED && change != UI_SHELL_PAGE) ||
        ui->traced_articles < 0) {
        ui->traced_articles = 0;
        if (ui->st)
            store_library_count(ui->st, &all, &ui->traced_articles, NULL);
    }
    double took_ms = (quire_mono_s() - ui->woke_at) * 1000;
    snprintf(out, n, "\"sync\":\"%s\",\"articles\":%lld,\"took_ms\":%.3f%s%s",
             ui_sync_shell_state_name(ui), (long long)ui->traced_articles, took_ms,
             m->extra[0] ? "," : "", m->extra);
}

/* Draws, diffs, decides, presents. */
enum quire_status ui_shell_show(struct ui *ui, enum ui_shell_change change, struct quire_err *err)
{
    if (ui->is_full_due)
        change = UI_SHELL_SCREEN;
    ui->is_full_due = false;
    enum quire_status rc = compose(ui, err);
    if (rc)
        return rc;
    struct ui_meta m;
    frame_meta(ui, &m);
    struct render_damage damage;
    render_damage_find_split(&ui->shown, &ui->next, m.status_y, &damage);
    struct render_frame_info info = {ui->next.w,         ui->next.h,
                                     reason_of(change),  render_is_night(ui->r),
                                     ui->image_permille, m.status_y};
    struct render_update ups[QUIRE_REFRESH_MAX_UPDATES];
    int n = render_refresh_decide(&ui->policy, &ui->refresh, &info, &damage, ups,
                                  QUIRE_REFRESH_MAX_UPDATES);
    char extra[sizeof m.extra + 96];
    trace_extra(ui, change, &m, extra, sizeof extra);
    struct platform_frame_meta pm = {ui->stack[ui->depth - 1].cls->name,
                                     m.article,
                                     m.page,
                                     m.pages,
                                     m.anchor,
                                     ui_lang_code_of(ui),
                                     extra};
    platform_frame_meta_set(ui->p, &pm);
    for (int i = 0; i < n && !rc; i++)
        rc = present(ui, &ups[i], err);
    if (!rc) { /* the new frame is what the panel shows now: swap, don't copy */
        struct canvas t = ui->shown;
        ui->shown = ui->next;
        ui->next = t;
    }
    ui->image_permille = 0;
    return rc;
}
