/* service_systemd: platform_service.h over libsystemd's sd_notify. */
#include <systemd/sd-daemon.h>

#include "platform_service.h"

void platform_service_ready(void)
{
    sd_notify(0, "READY=1\nSTATUS=showing the news");
}

int64_t platform_service_watchdog_ms(void)
{
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return 0;
    int64_t ms = (int64_t)(usec / 2000); /* ping twice per period: one late ping is no restart */
    return ms > 0 ? ms : 1;
}

void platform_service_ping(void)
{
    sd_notify(0, "WATCHDOG=1");
}
