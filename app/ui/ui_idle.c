/* ui_idle: what the shell does while nobody touches the reader. After ui.sleep_after_minutes
 * without input it opens the sleep screen (screen_sleep.c; never on a kiosk, over an error or
 * over itself). Under a service manager with a watchdog it pings from the loop itself, so a
 * hung loop is what gets restarted, at half the watchdog's period (real time, also on the
 * headless backend's virtual clock). Both are deadlines of the loop and nothing more: between
 * them, an idle reader sleeps. */
#include "config.h"
#include "platform_service.h"
#include "ui_screens.h"
#include "ui_shell.h"

int64_t ui_idle_deadline(struct ui *ui)
{
    int64_t at = -1;
    const struct ui_screen_class *top = ui->stack[ui->depth - 1].cls;
    if (!ui->is_kiosk && ui->prefs.sleep_after_minutes > 0 && top != &ui_screen_sleep &&
        ui->stack[0].cls != &ui_screen_error)
        at = ui->last_input_ms + ui->prefs.sleep_after_minutes * 60000LL;
    if (ui->watchdog_ms > 0) {
        int64_t left = ui->watchdog_next - platform_monotonic_ms();
        int64_t ping = ui_now_ms(ui) + (left > 0 ? left : 0);
        at = at < 0 || ping < at ? ping : at;
    }
    return at;
}

void ui_idle_start(struct ui *ui)
{
    platform_service_ready(); /* the first frame is on the panel */
    ui->watchdog_ms = platform_service_watchdog_ms();
    ui->watchdog_next = platform_monotonic_ms() + ui->watchdog_ms;
}

enum quire_status ui_idle_tick(struct ui *ui, int64_t now, struct quire_err *err)
{
    if (ui->watchdog_ms > 0 && platform_monotonic_ms() >= ui->watchdog_next) {
        platform_service_ping();
        ui->watchdog_next = platform_monotonic_ms() + ui->watchdog_ms;
    }
    const struct ui_screen_class *top = ui->stack[ui->depth - 1].cls;
    if (ui->is_kiosk || ui->prefs.sleep_after_minutes <= 0 || top == &ui_screen_sleep ||
        ui->stack[0].cls == &ui_screen_error ||
        now < ui->last_input_ms + ui->prefs.sleep_after_minutes * 60000LL)
        return QUIRE_OK;
    return ui_shell_open_over(ui, &ui_screen_sleep, NULL, err);
}
