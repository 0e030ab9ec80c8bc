/* Tests of the service manager protocol (platform/service_systemd.c) against real sockets, as
 * systemd would listen: READY and WATCHDOG datagrams on a path socket and on an abstract one,
 * nothing sent outside a service, and the watchdog period read as sd_watchdog_enabled reads it
 * (half of WATCHDOG_USEC, only when WATCHDOG_PID is unset or ours; junk is no watchdog). The
 * kiosk unit end to end is tests/cli/kiosk_service.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform_service.h"

/* A datagram socket bound to NAME (a path, or '@' and an abstract name), with a receive
 * timeout so a missing message fails the test instead of hanging it. */
static int listen_on(const char *name)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t len = strlen(name);
    memcpy(sa.sun_path, name, len);
    if (name[0] == '@')
        sa.sun_path[0] = '\0';
    socklen_t sa_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sa_len), 0);
    struct timeval tv = {.tv_sec = 2};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void expect_message(int fd, const char *want)
{
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void test_messages_reach_path_and_abstract_sockets(void **state)
{
    char dir[] = "/tmp/quire-notify-XXXXXX", path[128], abstract[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/notify", dir);
    int fd = listen_on(path);
    setenv("NOTIFY_SOCKET", path, 1);
    platform_service_ready();
    expect_message(fd, "READY=1\nSTATUS=showing the news");
    platform_service_ping();
    expect_message(fd, "WATCHDOG=1");
    close(fd);
    unlink(path);
    rmdir(dir);

    snprintf(abstract, sizeof abstract, "@quire-test-notify-%ld", (long)getpid());
    fd = listen_on(abstract);
    setenv("NOTIFY_SOCKET", abstract, 1);
    platform_service_ping();
    expect_message(fd, "WATCHDOG=1");
    unsetenv("NOTIFY_SOCKET");
    platform_service_ping(); /* not a service: nothing sent, nothing fails */
    char buf[16];
    assert_true(recv(fd, buf, sizeof buf, MSG_DONTWAIT) < 0);
    close(fd);
}

static void test_watchdog_period(void **state)
{
    char pid[32];
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(platform_service_watchdog_ms(), 0);
    setenv("WATCHDOG_USEC", "60000000", 1); /* WatchdogSec=60 */
    assert_int_equal(platform_service_watchdog_ms(), 30000);
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    assert_int_equal(platform_service_watchdog_ms(), 30000);
    snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
    setenv("WATCHDOG_PID", pid, 1); /* another process's watchdog */
    assert_int_equal(platform_service_watchdog_ms(), 0);
    unsetenv("WATCHDOG_PID");
    setenv("WATCHDOG_USEC", "1000", 1); /* a millisecond: still a ping, never a busy 0 */
    assert_int_equal(platform_service_watchdog_ms(), 1);
    setenv("WATCHDOG_USEC", "60s", 1);
    assert_int_equal(platform_service_watchdog_ms(), 0);
    setenv("WATCHDOG_USEC", "0", 1);
    assert_int_equal(platform_service_watchdog_ms(), 0);
    unsetenv("WATCHDOG_USEC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_reach_path_and_abstract_sockets),
        cmocka_unit_test(test_watchdog_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
