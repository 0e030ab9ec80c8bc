/* ui_widgets: see ui_widgets.h. */
#include "ui_widgets.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "ui_shell.h"

struct render_rect ui_mirror(const struct ui *ui, struct render_rect r)
{
    if (ui_is_rtl(ui))
        r.x = ui_width(ui) - r.x - r.w;
    return r;
}

bool ui_rect_hit(struct render_rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

int ui_size_px(const struct ui *ui, enum ui_size size)
{
    static const int px[] = {[UI_SIZE_BODY] = QUIRE_UI_FONT_PX,
                             [UI_SIZE_SMALL] = QUIRE_UI_SMALL_PX,
                             [UI_SIZE_TITLE] = QUIRE_UI_TITLE_PX};
    int v = ui_px(ui, px[size]);
    return v < 8 ? 8 : v;
}

enum quire_status ui_draw_text(struct ui *ui, struct canvas *c, const char *text, const char *lang,
                               enum ui_size size, bool is_bold, int max_lines, enum ui_align align,
                               struct render_rect r, struct quire_err *err)
{
    struct ui_text_style st = {ui_size_px(ui, size), max_lines, is_bold, align, true};
    enum quire_status rc = ui_text_draw(ui_texts_of(ui), ui_render(ui), c, text, lang, &st, r,
                                        ui_is_rtl(ui), NULL, err);
    return rc == QUIRE_EUTF8 ? QUIRE_OK : rc; /* a broken title shows as nothing, not a crash */
}

static int margin(const struct ui *ui)
{
    return ui_px(ui, QUIRE_UI_MARGIN_PX);
}

int ui_header_h(const struct ui *ui)
{
    return ui_px(ui, 110);
}

enum quire_status ui_draw_header(struct ui *ui, struct canvas *c, const char *title,
                                 const char *aside, struct quire_err *err)
{
    return ui_draw_band(ui, c, 0, title, aside, err);
}

enum quire_status ui_draw_band(struct ui *ui, struct canvas *c, int y, const char *title,
                               const char *aside, struct quire_err *err)
{
    int m = margin(ui), h = ui_header_h(ui), w = ui_width(ui) - 2 * m;
    struct render_rect band = {m, y, w, h - 2};
    enum quire_status rc =
        ui_draw_text(ui, c, title, NULL, UI_SIZE_TITLE, true, 1, UI_ALIGN_START, band, err);
    if (!rc && aside)
        rc = ui_draw_text(ui, c, aside, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_END, band, err);
    render_canvas_fill(c, (struct render_rect){m, y + h - 3, w, 3}, 0);
    return rc;
}

int ui_footer_h(const struct ui *ui)
{
    return ui_px(ui, 80);
}

enum quire_status ui_draw_footer(struct ui *ui, struct canvas *c, int page, int pages,
                                 struct quire_err *err)
{
    int m = margin(ui), h = ui_footer_h(ui), y = ui_height(ui) - h;
    char text[96];
    ui_fmt(ui, text, sizeof text, ui_msg(ui, MSG_LIB_PAGE_OF), page, pages > 0 ? pages : 1);
    ui_draw_rule(ui, c, m, y, ui_width(ui) - 2 * m);
    struct render_rect band = {m, y + 1, ui_width(ui) - 2 * m, h - 1};
    enum quire_status rc =
        ui_draw_text(ui, c, text, NULL, UI_SIZE_SMALL, false, 1, UI_ALIGN_CENTER, band, err);
    /* The arrows point the way pages go in the UI's direction: set in a right-to-left UI,
     * the bidi algorithm mirrors the angle quotes itself. */
    const char *back = "\xE2\x80\xB9", *fwd = "\xE2\x80\xBA";
    if (!rc && page > 1)
        rc = ui_draw_text(ui, c, back, NULL, UI_SIZE_TITLE, true, 1, UI_ALIGN_START, band, err);
    if (!rc && page < pages)
        rc = ui_draw_text(ui, c, fwd, NULL, UI_SIZE_TITLE, true, 1, UI_ALIGN_END, band, err);
    return rc;
}

int ui_footer_hit(const struct ui *ui, int x, int y)
{
    if (y < ui_height(ui) - ui_footer_h(ui))
        return 0;
    bool is_left = x < ui_width(ui) / 2;
    return is_left != ui_is_rtl(ui) ? -1 : +1;
}

struct render_rect ui_rows_rect(const struct ui *ui, const struct ui_rows *rows, int i)
{
    struct render_rect r = {rows->x, rows->y + i * rows->row_h, rows->w, rows->row_h};
    return ui_mirror(ui, r);
}

int ui_rows_hit(const struct ui *ui, const struct ui_rows *rows, int x, int y)
{
    for (int i = 0; i < rows->count; i++)
        if (ui_rect_hit(ui_rows_rect(ui, rows, i), x, y))
            return i;
    return -1;
}

void ui_draw_selection(struct ui *ui, struct canvas *c, struct render_rect r)
{
    int t = ui_px(ui, 5);
    render_canvas_outline(c, r, t < 2 ? 2 : t, 0);
}

void ui_draw_rule(struct ui *ui, struct canvas *c, int x, int y, int w)
{
    render_canvas_fill(c, (struct render_rect){x, y, w, 1}, render_gray(ui_render(ui), 150));
}

void ui_draw_box(struct ui *ui, struct canvas *c, struct render_rect r)
{
    render_canvas_fill(c, r, 255);
    int t = ui_px(ui, 4);
    render_canvas_outline(c, r, t < 2 ? 2 : t, 0);
}

void ui_ago_text(struct ui *ui, int64_t t, enum ui_msg ago, enum ui_msg now, char *out, size_t n)
{
    int64_t age = ui_wall_time(ui) - t;
    char span[64];
    out[0] = '\0';
    if (t <= 0)
        return;
    if (age < 60) {
        snprintf(out, n, "%s", ui_msg(ui, now));
        return;
    }
    if (age < 3600)
        ui_fmt_n(ui, span, sizeof span, MSG_TIME_MINUTES, (long)(age / 60));
    else if (age < 86400)
        ui_fmt_n(ui, span, sizeof span, MSG_TIME_HOURS, (long)(age / 3600));
    else
        ui_fmt_n(ui, span, sizeof span, MSG_TIME_DAYS, (long)(age / 86400));
    ui_fmt(ui, out, n, ui_msg(ui, ago), span);
}

/* Writes text quoted at extra[n] (n + 3 <= its size), its quotes, backslashes and control
 * bytes as '_', cut to fit; returns the new length. */
static size_t put_quoted(struct ui_meta *m, size_t n, const char *text)
{
    size_t cap = sizeof m->extra;
    m->extra[n++] = '"';
    for (const unsigned char *p = (const unsigned char *)text; *p && n + 2 < cap; p++)
        m->extra[n++] = *p == '"' || *p == '\\' || *p < 0x20 ? '_' : (char)*p;
    m->extra[n++] = '"';
    m->extra[n] = 0;
    return n;
}

/* Appends "key": (comma first when extra is not empty); false when there is no room. */
static bool put_key(struct ui_meta *m, const char *key, size_t *n)
{
    size_t cap = sizeof m->extra, at = strlen(m->extra);
    int k = snprintf(m->extra + at, cap - at, "%s\"%s\":", at ? "," : "", key);
    if (k < 0 || at + (size_t)k + 8 > cap) {
        m->extra[at] = 0;
        return false;
    }
    *n = at + (size_t)k;
    return true;
}

void ui_meta_add_text(struct ui_meta *m, const char *key, const char *text)
{
    size_t n;
    if (put_key(m, key, &n))
        put_quoted(m, n, text);
}

void ui_meta_add_texts(struct ui_meta *m, const char *key, const char *const *texts, int count)
{
    size_t cap = sizeof m->extra, n;
    if (!put_key(m, key, &n))
        return;
    m->extra[n++] = '[';
    for (int i = 0; i < count && n + strlen(texts[i]) + 5 < cap; i++) { /* whole texts only */
        if (i)
            m->extra[n++] = ',';
        n = put_quoted(m, n, texts[i]);
    }
    m->extra[n++] = ']';
    m->extra[n] = 0;
}
