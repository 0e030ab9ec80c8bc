/* ui_shell_services: what the shell lends the screens (ui_screen.h): the library, fonts,
 * renderer, panel size and clocks, and a few settings-free setters. Plain accessors, kept out
 * of ui_shell.c so that the loop reads on its own. */
#include <stdio.h>

#include "config.h"
#include "ui_shell.h"
#include "ui_status.h"

store *ui_store(struct ui *ui)
{
    return ui->st;
}
struct layout_fonts *ui_fonts(struct ui *ui)
{
    return ui->fonts;
}
struct layout_cache *ui_layout_cache(struct ui *ui)
{
    return ui->cache;
}
render *ui_render(struct ui *ui)
{
    return ui->r;
}
struct platform *ui_platform(struct ui *ui)
{
    return ui->p;
}
int ui_width(const struct ui *ui)
{
    return ui->next.w;
}
int ui_height(const struct ui *ui)
{
    return ui->next.h;
}
int64_t ui_now_ms(struct ui *ui)
{
    return platform_clock_ms(ui->p);
}
int64_t ui_last_input_ms(const struct ui *ui)
{
    return ui->last_input_ms;
}
bool ui_is_kiosk(const struct ui *ui)
{
    return ui->is_kiosk;
}
const char *ui_kiosk_sections(const struct ui *ui)
{
    return ui->is_kiosk && ui->prefs.kiosk_sections[0] ? ui->prefs.kiosk_sections : NULL;
}
int64_t ui_wall_time(struct ui *ui)
{
    return platform_wall_time(ui->p);
}
void ui_set_content_rtl(struct ui *ui, bool is_rtl)
{
    ui->is_content_rtl = is_rtl;
}
bool ui_is_content_rtl(const struct ui *ui)
{
    return ui->is_content_rtl;
}
const struct ui_prefs *ui_prefs_get(const struct ui *ui)
{
    return &ui->prefs;
}
unsigned ui_prefs_generation(const struct ui *ui)
{
    return ui->prefs_generation;
}
ui_texts *ui_texts_of(struct ui *ui)
{
    return ui->texts;
}

int ui_px(const struct ui *ui, int px_at_300)
{
    return (px_at_300 * ui->p->profile.dpi + 150) / 300;
}

int ui_font_px(const struct ui *ui)
{
    return ui->prefs.font_px > 0 ? ui->prefs.font_px : ui_px(ui, QUIRE_DEFAULT_FONT_PX);
}

void ui_layout_settings_of(struct ui *ui, struct layout_settings *ls)
{
    const struct ui_prefs *p = &ui->prefs;
    ui_layout_settings(ls, ui->next.w, ui->next.h, ui->p->profile.dpi,
                       ui_status_band_px(ui->p->profile.dpi), ui_font_px(ui));
    ls->margin = ui_px(ui, p->margin_px); /* the setting is px at 300 dpi, like the default */
    ls->line_spacing = p->line_spacing / 100.0;
    ls->is_ragged = !p->justify;
    ls->hyphenate = p->hyphenate;
    ls->font_family = layout_family_name((size_t)p->font_family);
    ls->cache = ui->cache;
}

void ui_image_share_set(struct ui *ui, int permille)
{
    ui->image_permille = permille;
}

void ui_set_exit_message(struct ui *ui, const char *msg)
{
    snprintf(ui->exit_message, sizeof ui->exit_message, "%s", msg);
}
