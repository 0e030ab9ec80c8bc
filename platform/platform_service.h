/* platform_service: telling a service manager how the reader is doing, by systemd's notify
 * protocol: READY once the first frame is on the panel, then WATCHDOG pings from the UI loop
 * itself, so that a hung loop (not merely a live process) gets restarted. The protocol is spoken
 * directly on Linux (service_systemd.c, no libsystemd); elsewhere every call does nothing
 * (service_none.c). Outside a service (no NOTIFY_SOCKET) the calls do nothing too. */
#ifndef QUIRE_PLATFORM_SERVICE_H
#define QUIRE_PLATFORM_SERVICE_H

#include <stdint.h>

void platform_service_ready(void);
/* How often the loop pings, ms: half the service's WatchdogSec; 0 without a watchdog. */
int64_t platform_service_watchdog_ms(void);
void platform_service_ping(void);

#endif
