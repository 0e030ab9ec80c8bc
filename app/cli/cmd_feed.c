/* cmd_feed: the publisher's feeds.
 *   quire feed parse FILE [--url URL] [--json]   what Quire reads in a feed file (RSS, RDF,
 *                                                Atom or JSON Feed): one line per item, or
 *                                                JSON for tests and scripts
 * Errors are one line naming the file; nothing is written anywhere. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "feed.h"
#include "quire_util.h"

extern const struct cli_command cli_cmd_feed;

static cJSON *json_time(int64_t t)
{
    if (!t)
        return cJSON_CreateNull();
    char buf[32];
    quire_time_format(t, buf);
    return cJSON_CreateString(buf);
}

static cJSON *json_str(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *item_json(const struct feed_item *it)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "guid", json_str(it->guid));
    cJSON_AddItemToObject(o, "title", json_str(it->title));
    cJSON_AddItemToObject(o, "link", json_str(it->link));
    cJSON_AddItemToObject(o, "author", json_str(it->author));
    cJSON_AddItemToObject(o, "published", json_time(it->published));
    cJSON_AddItemToObject(o, "updated", json_time(it->updated));
    cJSON_AddItemToObject(o, "lang", json_str(it->lang));
    cJSON_AddItemToObject(o, "summary", json_str(it->summary));
    cJSON_AddItemToObject(o, "content", json_str(it->content));
    cJSON *cats = cJSON_AddArrayToObject(o, "categories");
    for (size_t i = 0; i < it->n_categories; i++)
        cJSON_AddItemToArray(cats, cJSON_CreateString(it->categories[i]));
    cJSON *media = cJSON_AddArrayToObject(o, "media");
    for (size_t i = 0; i < it->n_media; i++) {
        const struct feed_media *m = &it->media[i];
        cJSON *mo = cJSON_CreateObject();
        cJSON_AddItemToObject(mo, "url", json_str(m->url));
        cJSON_AddItemToObject(mo, "type", json_str(m->type));
        cJSON_AddItemToObject(mo, "caption", json_str(m->caption));
        cJSON_AddNumberToObject(mo, "length", (double)m->length);
        cJSON_AddBoolToObject(mo, "image", m->is_image);
        cJSON_AddItemToArray(media, mo);
    }
    return o;
}

static int print_json(const struct feed *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "format", feed_format_name(f->format));
    cJSON_AddItemToObject(o, "title", json_str(f->title));
    cJSON_AddItemToObject(o, "link", json_str(f->link));
    cJSON_AddItemToObject(o, "lang", json_str(f->lang));
    cJSON_AddItemToObject(o, "updated", json_time(f->updated));
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; i < f->n_items; i++)
        cJSON_AddItemToArray(items, item_json(&f->items[i]));
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    if (!text) {
        fputs("quire: out of memory\n", stderr);
        return CLI_EXIT_FAIL;
    }
    puts(text);
    cJSON_free(text);
    return CLI_EXIT_OK;
}

static void print_text(const struct feed *f)
{
    printf("%s feed: %s (%zu item%s)\n", feed_format_name(f->format), f->title, f->n_items,
           f->n_items == 1 ? "" : "s");
    for (size_t i = 0; i < f->n_items; i++) {
        const struct feed_item *it = &f->items[i];
        char when[32] = "-";
        if (it->published)
            quire_time_format(it->published, when);
        printf("%s  %s  %s\n", when, it->title, it->link ? it->link : it->guid);
    }
}

static int feed_parse_cmd(int argc, char **argv)
{
    static const struct option opts[] = {{"url", required_argument, NULL, 'u'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *url = NULL;
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'u')
            url = optarg;
        else if (c == 'j')
            json = true;
        else
            return cli_usage_error(&cli_cmd_feed, "unknown option");
    }
    if (optind + 1 != argc)
        return cli_usage_error(&cli_cmd_feed, "feed parse takes one FILE");
    if (url && !feed_url_is_http(url))
        return cli_usage_error(&cli_cmd_feed, "--url '%s' is not an http(s) URL", url);
    const char *path = argv[optind];
    struct quire_err err;
    char *data = NULL;
    size_t len = 0;
    struct feed *f = NULL;
    if (quire_file_read(path, QUIRE_FEED_MAX_BYTES, &data, &len, &err) ||
        feed_parse(path, data, len, url, &f, &err)) {
        quire_free(data);
        return cli_fail(&err);
    }
    quire_free(data);
    int rc = CLI_EXIT_OK;
    if (json)
        rc = print_json(f);
    else
        print_text(f);
    feed_destroy(f);
    return rc;
}

static int feed_run(const struct cli_global *g, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cli_cmd_feed, "which feed command?");
    const char *verb = argv[1];
    if (strcmp(verb, "parse") == 0)
        return feed_parse_cmd(argc - 1, argv + 1);
    return cli_usage_error(&cli_cmd_feed, "unknown feed command '%s'", verb);
}

const struct cli_command cli_cmd_feed = {
    .name = "feed",
    .summary = "the publisher's feeds: read RSS, Atom and JSON Feed",
    .usage = "feed parse FILE [--url URL] [--json]",
    .run = feed_run,
};
