/* cli_feed_publish: `quire feed publish --key K --repo DIR`: one run of the publisher. Every
 * feed of the state file is fetched and what is new or changed becomes one signed bundle (a
 * periodical: a section per feed, a table of contents) added to the repository DIR with the
 * next sequence, the repository's retention applied (--keep-days). A key that does not sign
 * the repository is refused before anything is fetched. A feed or page that fails is reported
 * (one line each) and tried again next run; the run goes on with the others. Nothing new:
 * nothing is published (said so, exit 0). Exit 1 when the run cannot be made, or when every
 * feed failed. Network settings as sync's: --proxy and --cacert (the environment's *_proxy
 * never applies), --timeout for one URL in all. Pictures (--images on|off, and each feed's
 * own setting) are prepared by feed_image; one that fails is left out, never its article. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_feed.h"
#include "config.h"
#include "feed_edition.h"
#include "minisign.h"
#include "quire_util.h"
#include "sync_repo.h"

extern const struct cli_command cli_cmd_feed;

struct publish_args {
    const char *key, *repo, *publisher, *title;
    int keep_days;
    int host_delay_ms; /* -1: the default */
    int timeout_s;     /* 0: the defaults */
    bool no_pictures;  /* --images off */
    struct net_opts net;
};

static int parse_args(int argc, char **argv, struct publish_args *a)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"repo", required_argument, NULL, 'r'},
                                         {"publisher", required_argument, NULL, 'p'},
                                         {"title", required_argument, NULL, 't'},
                                         {"keep-days", required_argument, NULL, 'K'},
                                         {"proxy", required_argument, NULL, 'x'},
                                         {"cacert", required_argument, NULL, 'c'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"host-delay-ms", required_argument, NULL, 'd'},
                                         {"images", required_argument, NULL, 'i'},
                                         {NULL, 0, NULL, 0}};
    *a = (struct publish_args){
        .publisher = QUIRE_FEED_PUBLISHER, .keep_days = QUIRE_FEED_KEEP_DAYS, .host_delay_ms = -1};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        if (c == 'k')
            a->key = optarg;
        else if (c == 'r')
            a->repo = optarg;
        else if (c == 'p')
            a->publisher = optarg;
        else if (c == 't')
            a->title = optarg;
        else if (c == 'x')
            a->net.proxy = optarg;
        else if (c == 'c')
            a->net.cacert = optarg;
        else if (c == 'K')
            ok = quire_parse_int(optarg, 0, 3650, &a->keep_days);
        else if (c == 'T')
            ok = quire_parse_int(optarg, 1, 86400, &a->timeout_s);
        else if (c == 'd')
            ok = quire_parse_int(optarg, 0, 60000, &a->host_delay_ms);
        else if (c == 'i' && (strcmp(optarg, "on") == 0 || strcmp(optarg, "off") == 0))
            a->no_pictures = strcmp(optarg, "off") == 0;
        else if (c == 'i')
            ok = false;
        else
            return cli_usage_error(&cli_cmd_feed, "unknown option for feed publish");
        if (!ok)
            return cli_usage_error(&cli_cmd_feed, "'%s' is not a value of that option", optarg);
    }
    if (optind != argc)
        return cli_usage_error(&cli_cmd_feed, "feed publish takes no arguments");
    if (!a->key || !a->repo)
        return cli_usage_error(&cli_cmd_feed, "feed publish needs --key and --repo");
    if (!*a->publisher || strlen(a->publisher) > 200)
        return cli_usage_error(&cli_cmd_feed, "--publisher is 1..200 bytes");
    if (a->timeout_s) { /* one URL, all its attempts, connecting included */
        a->net.deadline_s = a->timeout_s;
        a->net.connect_timeout_s = a->timeout_s;
        a->net.stall_timeout_s = a->timeout_s;
    }
    a->net.user_agent = "quire-feeds/1";
    a->net.http_only = true;
    return CLI_EXIT_OK;
}

static void print_summary(const struct feed_edition *e)
{
    printf("%zu feed%s: %zu failed; %zu article%s new, %zu corrected, %zu unchanged", e->feeds,
           e->feeds == 1 ? "" : "s", e->feeds_failed, e->n_stories - e->corrections,
           e->n_stories - e->corrections == 1 ? "" : "s", e->corrections, e->unchanged);
    if (e->pages_failed)
        printf("; %zu page%s failed", e->pages_failed, e->pages_failed == 1 ? "" : "s");
    if (e->pictures || e->pictures_failed)
        printf("; %zu picture%s (%zu left out)", e->pictures, e->pictures == 1 ? "" : "s",
               e->pictures_failed);
    printf("\n");
}

/* The bundle into the repository and the index over it; the file goes again on failure. */
static enum quire_status publish_edition(const struct publish_args *a, const struct feed_edition *e,
                                         const struct minisign_seckey *sk, int64_t seq,
                                         struct quire_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/feeds-%lld.epub", a->repo, (long long)seq);
    struct bundle_create_opts bo = {.publisher = a->publisher,
                                    .section = "News",
                                    .language = "und",
                                    .title = a->title,
                                    .sequence = seq,
                                    .key = sk};
    enum quire_status st = quire_mkdir_p(a->repo, err);
    if (!st)
        st = feed_edition_write(e, path, &bo, err);
    const char *bundles[] = {path};
    size_t listed = 0, dropped = 0;
    struct sync_publish_opts po = {.out_dir = a->repo,
                                   .key = sk,
                                   .bundles = bundles,
                                   .n_bundles = 1,
                                   .sequence = seq,
                                   .keep_days = a->keep_days,
                                   .n_dropped = &dropped};
    if (!st)
        st = sync_publish(&po, &listed, err);
    if (st) {
        unlink(path);
        return st;
    }
    printf("published %s: %zu article%s (index lists %zu bundle%s", quire_basename(path),
           e->n_stories, e->n_stories == 1 ? "" : "s", listed, listed == 1 ? "" : "s");
    if (dropped)
        printf("; retention removed %zu", dropped);
    printf(")\n");
    return QUIRE_OK;
}

static int run(const struct cli_global *g, const struct publish_args *a,
               const struct minisign_seckey *sk)
{
    struct quire_err err;
    int64_t seq = 0;
    if (sync_publish_prepare(a->repo, sk, quire_now(), &seq, &err))
        return cli_fail(&err);
    feed_db *db = NULL;
    int rc = cli_feed_open_state(g, &db);
    if (rc)
        return rc;
    struct feed_edition *e = NULL;
    struct feed_edition_opts eo = {
        .net = &a->net, .host_delay_ms = a->host_delay_ms, .no_pictures = a->no_pictures};
    if (eo.host_delay_ms == 0)
        eo.host_delay_ms = -1; /* --host-delay-ms 0: none */
    else if (eo.host_delay_ms < 0)
        eo.host_delay_ms = 0; /* the default */
    enum quire_status st = feed_edition_gather(db, &eo, &e, &err);
    if (!st) {
        print_summary(e);
        if (e->n_stories == 0)
            printf("nothing new: nothing published\n");
        else
            st = publish_edition(a, e, sk, seq, &err);
    }
    /* Recorded only now: an item is seen once the repository lists it. */
    if (!st)
        st = feed_edition_record(db, e, &err);
    rc = st ? cli_fail(&err) : CLI_EXIT_OK;
    if (!st && e->feeds && e->feeds_failed == e->feeds)
        rc = CLI_EXIT_FAIL; /* said per feed above */
    feed_edition_destroy(e);
    feed_db_close(db);
    return rc;
}

int cli_feed_publish(const struct cli_global *g, int argc, char **argv)
{
    struct publish_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc;
    struct minisign_seckey sk;
    if ((rc = cli_load_seckey(a.key, &sk)))
        return rc;
    rc = run(g, &a, &sk);
    memset(&sk, 0, sizeof sk);
    return rc;
}
