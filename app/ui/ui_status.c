/* ui_status: the status line widget. See ui_status.h. */
#include "ui_status.h"

#include <stdio.h>

#include "config.h"

static int scale(int px_at_300, int dpi)
{
    return (px_at_300 * dpi + 150) / 300;
}

int ui_status_band_px(int dpi)
{
    return scale(QUIRE_STATUS_BAND_PX, dpi);
}

int ui_status_font_px(int dpi)
{
    int px = scale(QUIRE_STATUS_FONT_PX, dpi);
    return px < 8 ? 8 : px;
}

enum quire_status ui_status_draw(ui_texts *t, render *r, struct canvas *c, int dpi,
                                 const struct ui_status *s, bool is_rtl_ui, struct quire_err *err)
{
    int band = ui_status_band_px(dpi), margin = scale(QUIRE_DEFAULT_MARGIN_PX, dpi) / 2;
    int top = c->h - band, gap = 2 * margin;
    render_canvas_fill(c, (struct render_rect){margin, top, c->w - 2 * margin, 1},
                       render_gray(r, 160));
    struct ui_text_style st = {ui_status_font_px(dpi), 1, false, UI_ALIGN_END, true};
    struct render_rect line = {margin, top + 1, c->w - 2 * margin, band - 1};
    struct render_rect used;
    enum quire_status rc = ui_text_draw(t, r, c, s->right, NULL, &st, line, is_rtl_ui, &used, err);
    if (rc || !s->title || !*s->title)
        return rc;
    /* The title takes what the end part leaves, on the start side. */
    struct render_rect slot = line;
    slot.w = line.w - used.w - gap;
    if (is_rtl_ui)
        slot.x = line.x + used.w + gap;
    if (slot.w <= 0)
        return QUIRE_OK;
    st.align = UI_ALIGN_NATURAL;
    rc = ui_text_draw(t, r, c, s->title, s->title_lang, &st, slot, is_rtl_ui, NULL, err);
    /* A title in invalid UTF-8 is left out; the page still shows. */
    return rc == QUIRE_EUTF8 ? QUIRE_OK : rc;
}
