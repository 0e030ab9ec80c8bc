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
        {NULL, 0, NULL, 0},
    };
    const char *bind_addr = "0.0.0.0";
    long port = QUIRE_SERVE_PORT;
    bool quiet = false;
    char *end;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            bind_addr = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'p':
            port = strtol(optarg, &end, 10);
            if (!*optarg || *end || port < 0 || port > 65535)
                return cli_usage_error(&cli_cmd_serve, "'%s' is not a port", optarg);
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
    if (sync_server_start(db, bind_addr, (unsigned)port, quiet ? NULL : stderr, &srv, &err))
        return cli_fail(&err);
    printf("serving http://%s:%u/ (Ctrl-C stops)\n", bind_addr, sync_server_port(srv));
    fflush(stdout);
    while (!stop_flag)
        sleep(1); /* a signal interrupts it; no lost-wakeup window as with pause() */
    sync_server_stop(srv);
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_serve = {
    .name = "serve",
    .summary = "serve synced bundles to other readers over HTTP (a relay)",
    .usage = "serve [--bind ADDR] [--port N] [--quiet]",
    .run = serve_run,
};
