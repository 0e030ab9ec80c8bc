/* screen_error: what the reader shows instead of crashing when it cannot start (a library that
 * does not open): the problem in one line, and how to leave. Any key or tap quits. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "ui_screens.h"
#include "ui_widgets.h"

struct error_screen {
    char message[512];
};

static const struct ui_binding bindings[] = {
    {UI_TRIG_KEY, PLATFORM_KEY_BACK, NULL, UI_ACT_QUIT},
    {UI_TRIG_KEY, PLATFORM_KEY_ENTER, NULL, UI_ACT_QUIT},
    {0},
};

static enum quire_status error_open(struct ui *ui, const void *arg, void **state,
                                    struct quire_err *err)
{
    struct error_screen *e = quire_calloc(1, sizeof *e);
    if (!e)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    snprintf(e->message, sizeof e->message, "%s", ((const struct ui_error_arg *)arg)->message);
    *state = e;
    return QUIRE_OK;
}

static void error_close(struct ui *ui, void *state)
{
    quire_free(state);
}

static enum quire_status error_action(struct ui *ui, void *state, const struct ui_action_ev *a,
                                      enum ui_change *change, struct quire_err *err)
{
    if (a->act == UI_ACT_QUIT || a->act == UI_ACT_TAP)
        ui_quit(ui);
    return QUIRE_OK;
}

static enum quire_status error_draw(struct ui *ui, void *state, struct canvas *c,
                                    struct render_rect *bounds, struct quire_err *err)
{
    struct error_screen *e = state;
    int m = ui_px(ui, QUIRE_UI_MARGIN_PX), w = ui_width(ui) - 2 * m, h = ui_height(ui) / 6;
    int y = ui_height(ui) / 3;
    enum quire_status rc =
        ui_draw_text(ui, c, ui_msg(ui, MSG_ERR_LIBRARY_OPEN), NULL, UI_SIZE_TITLE, true, 2,
                     UI_ALIGN_CENTER, (struct render_rect){m, y, w, h}, err);
    if (!rc)
        rc = ui_draw_text(ui, c, e->message, NULL, UI_SIZE_SMALL, false, 4, UI_ALIGN_CENTER,
                          (struct render_rect){m, y + h, w, h}, err);
    if (!rc)
        rc = ui_draw_text(ui, c, ui_msg(ui, MSG_ERR_QUIT), NULL, UI_SIZE_BODY, true, 1,
                          UI_ALIGN_CENTER, (struct render_rect){m, y + 2 * h, w, h / 2}, err);
    return rc;
}

const struct ui_screen_class ui_screen_error = {
    .name = "error",
    .bindings = bindings,
    .open = error_open,
    .close = error_close,
    .on_action = error_action,
    .draw = error_draw,
};
