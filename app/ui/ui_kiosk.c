/* ui_kiosk: what kiosk mode changes in the shell. A kiosk on a wall must not be quit, changed
 * or broken by a passer-by: no menus, settings, search or help open; night mode, font size,
 * stars and long-presses do nothing; "quit" (the library's Esc) only goes back to the rotation.
 * The one way out is the exit combination: QUIRE_KIOSK_EXIT_KEYS held together for
 * QUIRE_KIOSK_EXIT_HOLD_MS (documented in docs/kiosk.md). Also the kiosk's small pure helpers:
 * is a section listed, when is the next deep clean. The rotation itself is screen_kiosk.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "ui_screens.h"
#include "ui_shell.h"

static const char *const exit_keys[] = {QUIRE_KIOSK_EXIT_KEYS};
enum { N_EXIT_KEYS = sizeof exit_keys / sizeof exit_keys[0] };

bool ui_kiosk_allows_push(const struct ui *ui, const struct ui_screen_class *cls)
{
    if (!ui->is_kiosk)
        return true;
    return cls != &ui_screen_menu && cls != &ui_screen_settings && cls != &ui_screen_search &&
           cls != &ui_screen_help;
}

bool ui_kiosk_allows_action(const struct ui *ui, enum ui_action act)
{
    if (!ui->is_kiosk)
        return true;
    switch (act) {
    case UI_ACT_MENU:
    case UI_ACT_HOLD:
    case UI_ACT_NIGHT:
    case UI_ACT_FONT_UP:
    case UI_ACT_FONT_DOWN:
    case UI_ACT_STAR:
    case UI_ACT_SEARCH:
    case UI_ACT_HELP:
        return false;
    default:
        return true;
    }
}

bool ui_kiosk_section_listed(const char *list, const char *section)
{
    size_t n = section ? strlen(section) : 0;
    if (!n)
        return false;
    for (const char *s = list; *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len == n && memcmp(s, section, n) == 0)
            return true;
        if (!comma)
            break;
        s = comma + 1;
    }
    return false;
}

int64_t ui_kiosk_next_clean(const struct ui_prefs *p, int64_t wall)
{
    int64_t best = 0;
    for (const char *s = p->kiosk_deep_clean_hours; *s;) {
        int hour = (int)strtol(s, NULL, 10); /* the registry checked them: 0..23 */
        for (int day = 0; day < 2; day++) {
            time_t t = (time_t)wall;
            struct tm tm;
            localtime_r(&t, &tm);
            tm.tm_mday += day;
            tm.tm_hour = hour;
            tm.tm_min = tm.tm_sec = 0;
            tm.tm_isdst = -1;
            int64_t at = (int64_t)mktime(&tm);
            if (at > wall && (!best || at < best))
                best = at;
        }
        const char *comma = strchr(s, ',');
        if (!comma)
            break;
        s = comma + 1;
    }
    return best;
}

/* ---- the exit combination ---- */

static int exit_index(enum platform_key key)
{
    for (int i = 0; i < N_EXIT_KEYS; i++)
        if (platform_key_from_name(exit_keys[i]) == key)
            return i;
    return -1;
}

void ui_kiosk_key(struct ui *ui, const struct platform_event *ev)
{
    int i =
        ev->type == PLATFORM_EV_KEY || ev->type == PLATFORM_EV_KEY_UP ? exit_index(ev->key) : -1;
    if (!ui->is_kiosk || i < 0)
        return;
    unsigned bit = 1u << i, all = (1u << N_EXIT_KEYS) - 1;
    bool was_all = ui->kiosk_exit_held == all;
    if (ev->type == PLATFORM_EV_KEY)
        ui->kiosk_exit_held |= bit;
    else
        ui->kiosk_exit_held &= ~bit;
    if (ui->kiosk_exit_held == all && !was_all)
        ui->kiosk_exit_at = ui_now_ms(ui) + QUIRE_KIOSK_EXIT_HOLD_MS;
    else if (ui->kiosk_exit_held != all)
        ui->kiosk_exit_at = -1;
}

int64_t ui_kiosk_deadline(const struct ui *ui)
{
    return ui->is_kiosk ? ui->kiosk_exit_at : -1;
}

void ui_kiosk_tick(struct ui *ui, int64_t now)
{
    if (ui->is_kiosk && ui->kiosk_exit_at >= 0 && now >= ui->kiosk_exit_at)
        ui->is_quitting = true; /* held long enough: the only way out of a kiosk */
}
