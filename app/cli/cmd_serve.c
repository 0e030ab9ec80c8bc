/* cmd_serve: `quire serve [--bind ADDR] [--port N]` serves this library's synced bundles as a
 * relay over HTTP (libmicrohttpd) until SIGINT or SIGTERM. Another reader adds it with
 * `quire source add NAME http://ADDR:PORT --relay` and verifies every bundle by its publisher
 * signature. Default: all IPv4 interfaces (the point is the local network), port 8787. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "quire_util.h"
#include "sync_repo.h"

extern const struct cli_command cli_cmd_serve;

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    stop_flag = 1;
}

static int serve_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"bind", required_argument, NULL, 'b'},
        {"port", required_argument, NULL, 'p'},
        {"quiet", no_argument, NULL, 'q'},
        {"request-timeout", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    struct sync_serve_opts so = {.bind_addr = "0.0.0.0", .port = QUIRE_SERVE_PORT};
    bool quiet = false;
    int c, v;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            so.bind_addr = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'p':
            if (!quire_parse_int(optarg, 0, 65535, &v))
                return cli_usage_error(&cli_cmd_serve, "'%s' is not a port (0..65535)", optarg);
            so.port = (unsigned)v;
            break;
        case 't':
            if (!quire_parse_int(optarg, 2, 120, &v))
                return cli_usage_error(&cli_cmd_serve, "'%s' is not a number of seconds (2..120)",
                                       optarg);
            so.request_timeout_s = (unsigned)v;
            break;
        default:
            return cli_usage_error(&cli_cmd_serve, "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error(&cli_cmd_serve, "unexpected argument '%s'", argv[optind]);
    char db[4096];
    if (cli_db_path(g, db, sizeof db) != QUIRE_OK)
        return cli_usage_error(&cli_cmd_serve, "library path too long");
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sync_server *srv = NULL;
    struct quire_err err;
    so.log = quiet ? NULL : stderr;
    if (sync_server_start(db, &so, &srv, &err))
        return cli_fail(&err);
    printf("serving http://%s:%u/ (Ctrl-C stops)\n", so.bind_addr, sync_server_port(srv));
    fflush(stdout);
    while (!stop_flag)
        sleep(1); /* a signal interrupts it; no lost-wakeup window as with pause() */
    sync_server_stop(srv);
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_serve = {
    .name = "serve",
    .summary = "serve synced bundles to other readers over HTTP (a relay)",
    .usage = "serve [--bind ADDR] [--port N] [--request-timeout S] [--quiet]",
    .run = serve_run,
};
