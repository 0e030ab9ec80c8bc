/* service_systemd: platform_service.h by systemd's notify protocol, spoken directly: one
 * datagram per message to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or '@' and an
 * abstract name), and the watchdog period from $WATCHDOG_USEC when $WATCHDOG_PID is unset or
 * ours. systemd documents the protocol as stable and meant to be reimplemented
 * (sd_notify(3), "Notes"); doing so keeps libsystemd and its closure (libgcrypt, liblz4,
 * libcap...: 0.9 MB of the Kobo package's zip, where no systemd ever runs) out of the program.
 * Outside a service (no NOTIFY_SOCKET) every call does nothing. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform_service.h"
#include "quire_util.h"

/* The notify socket's address, or 0 without one (not a service, or a name too long). */
static socklen_t notify_address(struct sockaddr_un *sa)
{
    const char *name = getenv("NOTIFY_SOCKET");
    size_t len = name ? strlen(name) : 0;
    if (len < 2 || (name[0] != '/' && name[0] != '@') || len >= sizeof sa->sun_path)
        return 0;
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    memcpy(sa->sun_path, name, len);
    if (name[0] == '@')
        sa->sun_path[0] = '\0'; /* an abstract socket: the name is the bytes after the NUL */
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (name[0] == '/'));
}

/* A lost message is not an error the reader can act on: the manager's watchdog or its start
 * timeout reports it. */
static void service_notify(const char *msg)
{
    struct sockaddr_un sa;
    socklen_t sa_len = notify_address(&sa);
    if (!sa_len)
        return;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    while (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (const struct sockaddr *)&sa, sa_len) < 0 &&
           errno == EINTR) {
    }
    close(fd);
}

void platform_service_ready(void)
{
    service_notify("READY=1\nSTATUS=showing the news");
}

int64_t platform_service_watchdog_ms(void)
{
    const char *pid = getenv("WATCHDOG_PID"), *usec = getenv("WATCHDOG_USEC");
    int64_t owner, period_us;
    if (pid && (!quire_parse_i64(pid, 1, INT64_MAX, &owner) || owner != getpid()))
        return 0; /* the watchdog is another process's */
    if (!usec || !quire_parse_i64(usec, 1, INT64_MAX, &period_us))
        return 0;
    int64_t ms = period_us / 2000; /* ping twice per period: one late ping is no restart */
    return ms > 0 ? ms : 1;
}

void platform_service_ping(void)
{
    service_notify("WATCHDOG=1");
}
