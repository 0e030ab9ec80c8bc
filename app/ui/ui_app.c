/* ui_app: ui_run, which builds the shell (renderer, fonts, label cache, canvases, settings,
 * refresh policy), opens the first screens and runs the loop; and the settings services the
 * screens call. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "quire_util.h"
#include "ui.h"
#include "ui_screens.h"
#include "ui_shell.h"

static void apply_overrides(struct ui_prefs *p, const struct ui_options *o)
{
    for (int i = 0; i < o->n_overrides; i++) {
        char key[64];
        const char *eq = strchr(o->overrides[i], '=');
        if (!eq || (size_t)(eq - o->overrides[i]) >= sizeof key)
            continue;
        snprintf(key, sizeof key, "%.*s", (int)(eq - o->overrides[i]), o->overrides[i]);
        ui_prefs_set(p, key, eq + 1, NULL); /* checked by the caller: nothing fails here */
    }
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
    ui->is_kiosk = o->is_kiosk && st;
    ui->kiosk_exit_at = -1;
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
        rc = ui_shell_rotate(ui, err);
    return rc;
}

static void teardown(struct ui *ui)
{
    ui_sync_shell_close(ui); /* first: a sync in flight stops before the screens go */
    ui_shell_close_all(ui);
    render_canvas_fini(&ui->base);
    render_canvas_fini(&ui->panel);
    render_canvas_fini(&ui->next);
    render_canvas_fini(&ui->shown);
    ui_texts_destroy(ui->texts);
    layout_cache_destroy(ui->cache);
    layout_fonts_destroy(ui->fonts);
    render_destroy(ui->r);
}

/* The stack the reader starts with: the library at the bottom whenever there is one, so that
 * back from an article or search lands there; a file alone; an error screen alone. */
static int first_screens(const struct ui_options *o, store *st, const struct ui_screen_class **cls,
                         const void **args, struct ui_article_arg *article,
                         struct ui_error_arg *error)
{
    int n = 0;
    if (o->library_error || (!st && !o->source.file)) {
        error->message = o->library_error ? o->library_error : "no library";
        cls[n] = &ui_screen_error, args[n++] = error;
        return n;
    }
    *article = (struct ui_article_arg){o->source, NULL, NULL};
    if (o->source.file) {
        cls[n] = &ui_screen_article, args[n++] = article;
        return n;
    }
    if (o->is_kiosk) { /* the rotation alone: its library opens over it */
        cls[n] = &ui_screen_kiosk, args[n++] = NULL;
        return n;
    }
    cls[n] = &ui_screen_library, args[n++] = NULL;
    if (o->start == UI_START_ARTICLE)
        cls[n] = &ui_screen_article, args[n++] = article;
    else if (o->start == UI_START_SEARCH)
        cls[n] = &ui_screen_search, args[n++] = NULL;
    return n;
}

enum quire_status ui_run(struct platform *p, store *st, const struct ui_options *o,
                         struct quire_err *err)
{
    struct ui *ui = quire_calloc(1, sizeof *ui);
    if (!ui)
        return quire_err_set(err, QUIRE_ENOMEM, "ui: out of memory");
    enum quire_status rc = build(ui, p, st, o, err);
    struct ui_article_arg article;
    struct ui_error_arg error;
    const struct ui_screen_class *screens[2];
    const void *args[2];
    int n = first_screens(o, st, screens, args, &article, &error);
    if (!rc)
        rc = ui_sync_shell_open(ui, err);
    if (!rc) {
        ui_sync_shell_tick(ui, ui_now_ms(ui)); /* a sync due at start starts before any input */
        rc = ui_shell_start(ui, screens, args, n, err);
    }
    if (!rc)
        rc = ui_shell_loop(ui, err);
    teardown(ui);
    quire_free(ui);
    return rc;
}

/* ---- settings the screens change ---- */

/* A setting changed: apply what the shell itself owns, let the screens re-lay out. */
static enum quire_status prefs_applied(struct ui *ui, struct quire_err *err)
{
    ui->prefs_generation++;
    policy_from_prefs(ui);
    render_set_night(ui->r, ui->prefs.night);
    enum quire_status rc = render_set_darkness(ui->r, ui->prefs.darkness, err);
    return rc ? rc : ui_shell_rotate(ui, err);
}

static enum quire_status save(struct ui *ui, const struct ui_pref *row, struct quire_err *err)
{
    enum quire_status rc = prefs_applied(ui, err);
    if (!rc && ui->st)
        rc = ui_pref_save(ui->st, row, &ui->prefs, err);
    return rc;
}

enum quire_status ui_pref_step_key(struct ui *ui, const char *key, int dir, struct quire_err *err)
{
    const struct ui_pref *row = ui_pref_find(key);
    if (!row)
        return quire_err_set(err, QUIRE_EINVAL, "no setting '%s'", key);
    /* The font size steps from what the page shows, also when it is the device's default. */
    if (strcmp(key, "reader.font_px") == 0 && ui->prefs.font_px == 0)
        ui->prefs.font_px = ui_font_px(ui);
    if (!ui_pref_step(row, &ui->prefs, dir))
        return QUIRE_OK;
    return save(ui, row, err);
}

enum quire_status ui_pref_set_key(struct ui *ui, const char *key, const char *value,
                                  struct quire_err *err)
{
    const struct ui_pref *row = ui_pref_find(key);
    enum quire_status rc = row ? ui_pref_parse(row, &ui->prefs, value, err)
                               : quire_err_set(err, QUIRE_EINVAL, "no setting '%s'", key);
    return rc ? rc : save(ui, row, err);
}

enum quire_status ui_font_step(struct ui *ui, int delta, struct quire_err *err)
{
    return ui_pref_step_key(ui, "reader.font_px", delta, err);
}

enum quire_status ui_night_toggle(struct ui *ui, struct quire_err *err)
{
    return ui_pref_step_key(ui, "render.night", 1, err);
}

enum ui_lang ui_lang(const struct ui *ui)
{
    return (enum ui_lang)ui->prefs.ui_lang;
}

bool ui_is_rtl(const struct ui *ui)
{
    return ui_lang_is_rtl(ui_lang(ui));
}

const char *ui_lang_code_of(const struct ui *ui)
{
    return ui_lang_code(ui_lang(ui));
}

const char *ui_msg(const struct ui *ui, enum ui_msg id)
{
    return ui_tr(ui_lang(ui), id);
}

void ui_fmt(const struct ui *ui, char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ui_vformat(ui_lang(ui), buf, n, fmt, ap);
    va_end(ap);
}

void ui_fmt_n(const struct ui *ui, char *buf, size_t n, enum ui_msg id, long count)
{
    ui_tr_format_n(ui_lang(ui), buf, n, id, (int)count);
}
