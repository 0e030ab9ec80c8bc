/* cmd_sync: `quire sync [NAME...] [--json]`: pulls new bundles from the sources (all, or the
 * named ones) through sync_run, then applies the retention settings. On a terminal a progress
 * bar on stderr (bytes, rate, time left); with --json one JSON object per line on stdout for
 * the UI. Ctrl-C (SIGINT) or SIGTERM raise the cancel flag: the transfer stops at the next
 * callback, partial files stay for the next run, and the library is untouched by the bundle in
 * flight (each import is one transaction). The command line assumes the device is online. */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "quire_util.h"
#include "store.h"
#include "store_sync.h"
#include "sync.h"

extern const struct cli_command cli_cmd_sync;

static atomic_int cancel_flag;

static void on_signal(int sig)
{
    atomic_store(&cancel_flag, 1);
}

struct view {
    bool json, tty;
    double start, last_draw;
    bool bar_shown;
};

static const char *event_name(enum sync_event e)
{
    static const char *const names[] = {
        [SYNC_EV_INDEX] = "index",       [SYNC_EV_INDEX_SAME] = "index_unchanged",
        [SYNC_EV_PLAN] = "plan",         [SYNC_EV_BYTES] = "bytes",
        [SYNC_EV_IMPORTED] = "imported", [SYNC_EV_WARN] = "warning",
        [SYNC_EV_ERROR] = "error",       [SYNC_EV_DONE] = "done",
    };
    return names[e];
}

static void json_line(struct view *v, const struct sync_progress *p, double rate)
{
    printf("{\"event\":\"%s\",\"source\":", event_name(p->event));
    cli_print_json_string(p->source);
    if (p->mirror) {
        printf(",\"mirror\":");
        cli_print_json_string(p->mirror);
    }
    if (p->file) {
        printf(",\"file\":");
        cli_print_json_string(p->file);
    }
    printf(",\"file_have\":%llu,\"file_total\":%llu,\"have\":%llu,\"total\":%llu,"
           "\"bundles_done\":%d,\"bundles_total\":%d,\"rate\":%.0f",
           (unsigned long long)p->file_have, (unsigned long long)p->file_total,
           (unsigned long long)p->all_have, (unsigned long long)p->all_total, p->bundles_done,
           p->bundles_total, rate);
    if (p->event == SYNC_EV_IMPORTED)
        printf(",\"articles_new\":%d", p->articles_new);
    if (p->message) {
        printf(",\"message\":");
        cli_print_json_string(p->message);
    }
    printf("}\n");
    fflush(stdout);
}

static void human_size(double b, char *out, size_t n)
{
    const char *unit[] = {"B", "kB", "MB", "GB"};
    int u = 0;
    while (b >= 1000 && u < 3) {
        b /= 1000;
        u++;
    }
    snprintf(out, n, u ? "%.1f %s" : "%.0f %s", b, unit[u]);
}

static void draw_bar(struct view *v, const struct sync_progress *p, double rate)
{
    char have[16], total[16], r[16], eta[32] = "--:--";
    int width = 24, fill = p->all_total ? (int)(width * p->all_have / p->all_total) : 0;
    human_size((double)p->all_have, have, sizeof have);
    human_size((double)p->all_total, total, sizeof total);
    human_size(rate, r, sizeof r);
    if (rate > 0 && p->all_total >= p->all_have) {
        long left = (long)((p->all_total - p->all_have) / rate);
        snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
    }
    fprintf(stderr, "\r%-12.12s [%.*s%*s] %s/%s %s/s ETA %s %d/%d ", p->source, fill,
            "########################", width - fill, "", have, total, r, eta, p->bundles_done,
            p->bundles_total);
    v->bar_shown = true;
}

static void end_bar(struct view *v)
{
    if (v->bar_shown)
        fputc('\n', stderr);
    v->bar_shown = false;
}

static void on_progress(void *ctx, const struct sync_progress *p)
{
    struct view *v = ctx;
    double t = quire_mono_s(), rate = t > v->start ? p->all_have / (t - v->start) : 0;
    if (p->event == SYNC_EV_PLAN)
        v->start = t;
    if (p->event == SYNC_EV_BYTES && t - v->last_draw < 0.2)
        return; /* at most five progress lines or redraws a second */
    v->last_draw = t;
    if (v->json) {
        json_line(v, p, rate);
    } else if (p->event == SYNC_EV_ERROR || p->event == SYNC_EV_WARN) {
        char shown[QUIRE_ERR_MSG_MAX * 4]; /* names what mirrors sent: escaped */
        end_bar(v);
        quire_escape_line(p->message, shown, sizeof shown);
        fprintf(stderr, "quire: %s%s\n", p->event == SYNC_EV_WARN ? "warning: " : "", shown);
    } else if (v->tty && (p->event == SYNC_EV_BYTES || p->event == SYNC_EV_IMPORTED)) {
        draw_bar(v, p, rate);
    } else if (p->event == SYNC_EV_IMPORTED) {
        printf("imported %s (%d new articles)\n", p->file, p->articles_new);
    } else if (p->event == SYNC_EV_DONE) {
        end_bar(v);
    }
}

/* Applies the retention settings after a sync (never fails the sync). */
static void apply_retention(const char *db_path, bool json)
{
    int64_t expired = 0, pruned = 0;
    struct quire_err err;
    if (sync_retention_apply(db_path, &expired, &pruned, &err))
        fprintf(stderr, "quire: warning: retention: %s\n", err.msg);
    else if ((expired || pruned) && !json)
        printf("retention: expired %lld read articles, %lld archived bundles\n", (long long)expired,
               (long long)pruned);
}

static void print_summary(const struct sync_report *r, bool json)
{
    if (json) {
        printf("{\"event\":\"summary\",\"sources_ok\":%d,\"sources_failed\":%d,"
               "\"bundles_imported\":%d,\"bundles_present\":%d,\"bundles_failed\":%d,"
               "\"bundles_skipped\":%d,"
               "\"articles_new\":%d,\"bytes_index\":%llu,\"bytes_bundles\":%llu,"
               "\"bytes_resumed\":%llu}\n",
               r->sources_ok, r->sources_failed, r->bundles_imported, r->bundles_present,
               r->bundles_failed, r->bundles_skipped, r->articles_new,
               (unsigned long long)r->bytes_index, (unsigned long long)r->bytes_bundles,
               (unsigned long long)r->bytes_resumed);
        return;
    }
    printf("sync: %d source%s ok, %d failed; %d bundle%s imported (%d new articles), %d "
           "already held, %d failed; %llu bundle bytes downloaded (%llu resumed), %llu index "
           "bytes\n",
           r->sources_ok, r->sources_ok == 1 ? "" : "s", r->sources_failed, r->bundles_imported,
           r->bundles_imported == 1 ? "" : "s", r->articles_new, r->bundles_present,
           r->bundles_failed, (unsigned long long)r->bytes_bundles,
           (unsigned long long)r->bytes_resumed, (unsigned long long)r->bytes_index);
}

enum {
    OPT_JSON = 256,
    OPT_PROXY,
    OPT_CACERT,
    OPT_RATE,
    OPT_CONNECT,
    OPT_STALL,
    OPT_RETRIES,
    OPT_MIN_RATE,
    OPT_DEADLINE,
    OPT_PARTIAL
};

/* Each number flag with its bounds: one checked parser (quire_parse_int) for all. */
struct number_flag {
    int opt;
    const char *what;
    int lo, hi;
};
static const struct number_flag number_flags[] = {
    {OPT_RATE, "bytes per second", 1, INT_MAX},
    {OPT_CONNECT, "seconds", 1, 3600},
    {OPT_STALL, "seconds", 1, 3600},
    {OPT_RETRIES, "attempts", 1, 10},
    {OPT_MIN_RATE, "bytes per second", 1, 1048576},
    {OPT_DEADLINE, "seconds", 10, 86400},
    {OPT_PARTIAL, "megabytes", 1, 4096},
};

static int parse_net(int c, const char *arg, struct sync_opts *o)
{
    if (c == OPT_PROXY || c == OPT_CACERT) {
        *(c == OPT_PROXY ? &o->net.proxy : &o->net.cacert) = arg;
        return 0;
    }
    const struct number_flag *f = number_flags;
    while (f->opt != c)
        f++;
    int v = 0;
    if (!quire_parse_int(arg, f->lo, f->hi, &v))
        return cli_usage_error(&cli_cmd_sync, "'%s' is not a whole number of %s (%d..%d)", arg,
                               f->what, f->lo, f->hi);
    switch (c) {
    case OPT_RATE:
        o->net.max_rate = v;
        break;
    case OPT_CONNECT:
        o->net.connect_timeout_s = v;
        break;
    case OPT_STALL:
        o->net.stall_timeout_s = v;
        break;
    case OPT_RETRIES:
        o->net.retries = v;
        break;
    case OPT_MIN_RATE:
        o->net.stall_bytes_s = v;
        break;
    case OPT_DEADLINE:
        o->net.deadline_s = v;
        break;
    default:
        o->max_partial_bytes = (int64_t)v * 1024 * 1024;
    }
    return 0;
}

static int sync_main(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"proxy", required_argument, NULL, OPT_PROXY},
        {"cacert", required_argument, NULL, OPT_CACERT},
        {"max-rate", required_argument, NULL, OPT_RATE},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT},
        {"stall-timeout", required_argument, NULL, OPT_STALL},
        {"attempts", required_argument, NULL, OPT_RETRIES},
        {"retries", required_argument, NULL, OPT_RETRIES}, /* old name: also counts attempts */
        {"min-rate", required_argument, NULL, OPT_MIN_RATE},
        {"deadline", required_argument, NULL, OPT_DEADLINE},
        {"max-partial-mb", required_argument, NULL, OPT_PARTIAL},
        {NULL, 0, NULL, 0},
    };
    struct view v = {.tty = isatty(STDERR_FILENO) != 0};
    struct sync_opts o = {.cancel = &cancel_flag, .progress = on_progress, .progress_ctx = &v};
    char db[4096];
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_JSON)
            v.json = true;
        else if (c == '?' || c == ':')
            return cli_usage_error(&cli_cmd_sync, "unknown option");
        else if (parse_net(c, optarg, &o))
            return CLI_EXIT_USAGE;
    }
    if (cli_db_path(g, db, sizeof db) != QUIRE_OK)
        return cli_usage_error(&cli_cmd_sync, "library path too long");
    o.db_path = db;
    if (optind < argc) {
        o.sources = (const char *const *)argv + optind;
        o.n_sources = (size_t)(argc - optind);
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    v.start = quire_mono_s();
    struct sync_report rep;
    struct quire_err err = {0};
    enum quire_status st = sync_run(&o, &rep, &err);
    end_bar(&v);
    if (st == QUIRE_ECANCELED) {
        fprintf(stderr, "quire: sync interrupted; partial downloads are kept and resume on the "
                        "next sync\n");
    } else if (st && !rep.sources_ok && !rep.sources_failed) {
        return cli_fail(&err); /* failed before any source ran (library, offline) */
    }
    print_summary(&rep, v.json);
    if (st != QUIRE_ECANCELED)
        apply_retention(db, v.json);
    return st ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_sync = {
    .name = "sync",
    .summary = "download new bundles from the sources",
    .usage = "sync [NAME...] [--json] [--proxy URL] [--cacert FILE] [--max-rate BYTES_PER_S] "
             "[--connect-timeout S] [--stall-timeout S] [--min-rate BYTES_PER_S] [--deadline S] "
             "[--attempts N] [--max-partial-mb N]",
    .run = sync_main,
};
