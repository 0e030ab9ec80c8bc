/* service_none: platform_service.h where there is no systemd (not Linux): nothing to tell. */
#include "platform_service.h"

void platform_service_ready(void) {}

int64_t platform_service_watchdog_ms(void)
{
    return 0;
}

void platform_service_ping(void) {}
