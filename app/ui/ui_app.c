/* ui_app: ui_run, which builds the shell (renderer, fonts, label cache, canvases, settings,
 * refresh policy), opens the first screens and runs the loop; and the settings services the
 * screens call. */
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "ui.h"
#include "ui_screens.h"
#include "ui_shell.h"

static void apply_overrides(struct ui_prefs *p, const struct ui_options *o)
{
    if (o->has_font_px)
        p->font_px = o->overrides.font_px;
    if (o->has_night)
        p->night = o->overrides.night;
    if (o->has_full_every)
        p->full_every = o->overrides.full_every;
    if (o->has_full_every_night)
        p->full_every_night = o->overrides.full_every_night;
    if (o->has_darkness)
        p->darkness = o->overrides.darkness;
}

static void policy_from_prefs(struct ui *ui)
{
    render_refresh_policy_default(&ui->policy);
    ui->policy.full_every = ui->prefs.full_every;
    ui->policy.full_every_night = ui->prefs.full_every_night;
}

static enum quire_status build(struct ui *ui, struct platform *p, store *st,
                               const struct ui_options *o, struct quire_err *err)
{
    const struct platform_profile *pr = &p->profile;
    ui->p = p;
    ui->st = st;
    ui_prefs_load(st, &ui->prefs);
    apply_overrides(&ui->prefs, o);
    policy_from_prefs(ui);
    render_refresh_state_init(&ui->refresh);
    ui_gesture_init(&ui->gesture, pr->dpi);
    struct render_settings rs;
    render_settings_default(&rs, pr->gray_levels, pr->dpi);
    rs.is_night = ui->prefs.night;
    rs.darkness = ui->prefs.darkness;
    enum quire_status rc = render_create(&rs, &ui->r, err);
    if (!rc)
        rc = layout_fonts_create(NULL, &ui->fonts, err);
    if (!rc)
        rc = layout_cache_create(&ui->cache, err);
    if (!rc)
        rc = ui_texts_create(ui->fonts, ui->cache, &ui->texts, err);
    if (!rc)
        rc = render_canvas_init(&ui->shown, pr->w, pr->h, err);
    if (!rc)
        rc = render_canvas_init(&ui->next, pr->w, pr->h, err);
    if (!rc)
        rc = render_canvas_init(&ui->base, pr->w, pr->h, err);
    return rc;
}

static void teardown(struct ui *ui)
{
    ui_shell_close_all(ui);
    render_canvas_fini(&ui->base);
    render_canvas_fini(&ui->next);
    render_canvas_fini(&ui->shown);
    ui_texts_destroy(ui->texts);
    layout_cache_destroy(ui->cache);
    layout_fonts_destroy(ui->fonts);
    render_destroy(ui->r);
}

enum quire_status ui_run(struct platform *p, store *st, const struct ui_options *o,
                         struct quire_err *err)
{
    struct ui *ui = quire_calloc(1, sizeof *ui);
    if (!ui)
        return quire_err_set(err, QUIRE_ENOMEM, "ui: out of memory");
    enum quire_status rc = build(ui, p, st, o, err);
    struct ui_article_arg article = {o->source};
    const struct ui_screen_class *screens[2] = {&ui_screen_article};
    const void *args[2] = {&article};
    if (!rc)
        rc = ui_shell_start(ui, screens, args, 1, err);
    if (!rc)
        rc = ui_shell_loop(ui, err);
    teardown(ui);
    quire_free(ui);
    return rc;
}

/* ---- settings the screens change ---- */

static enum quire_status save_int(struct ui *ui, const char *key, int v, struct quire_err *err)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", v);
    ui->prefs_generation++;
    return ui->st ? store_setting_set(ui->st, key, buf, err) : QUIRE_OK;
}

enum quire_status ui_font_step(struct ui *ui, int delta, struct quire_err *err)
{
    int px = ui_font_px(ui) + delta * UI_FONT_PX_STEP;
    px = px < UI_FONT_PX_MIN ? UI_FONT_PX_MIN : px > UI_FONT_PX_MAX ? UI_FONT_PX_MAX : px;
    if (px == ui_font_px(ui))
        return QUIRE_OK;
    ui->prefs.font_px = px;
    return save_int(ui, "reader.font_px", px, err);
}

enum quire_status ui_night_toggle(struct ui *ui, struct quire_err *err)
{
    ui->prefs.night = !ui->prefs.night;
    render_set_night(ui->r, ui->prefs.night);
    return save_int(ui, "render.night", ui->prefs.night, err);
}

bool ui_is_rtl(const struct ui *ui)
{
    return false;
}

const char *ui_lang_code_of(const struct ui *ui)
{
    return "en";
}

bool ui_lang_parse(const char *code, int *out)
{
    static const char *const codes[] = {"en", "ru", "fa"};
    for (int i = 0; i < 3; i++)
        if (strcmp(code, codes[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}
