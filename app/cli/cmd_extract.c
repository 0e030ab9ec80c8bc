/* cmd_extract: `quire extract PAGE.html|PAGE.txt [--url URL] [--json]` prints the article
 * Quire extracts from a saved web page (or a scraped text dump, by its .txt name): by default
 * as a text article (the title, a blank line, the body's paragraphs separated by blank lines:
 * the shape `quire bundle create` reads from .txt files), with --json as an object with
 * title, byline, published, modified, lang, dir, site_name, excerpt, text, html and images
 * (src, alt, caption; the lead image first). Several pages print one after another (with
 * --json, one object per line), which is also how the benchmark runs many pages in one
 * process. Nothing is fetched: --url only resolves links. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "config.h"
#include "feed.h"
#include "feed_article.h"
#include "quire_util.h"

extern const struct cli_command cli_cmd_extract;

static cJSON *json_str(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *json_time(int64_t t)
{
    if (!t)
        return cJSON_CreateNull();
    char buf[32];
    quire_time_format(t, buf);
    return cJSON_CreateString(buf);
}

static int print_json(const struct feed_article *a, bool one_line)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "title", json_str(a->title));
    cJSON_AddItemToObject(o, "byline", json_str(a->byline));
    cJSON_AddItemToObject(o, "published", json_time(a->published));
    cJSON_AddItemToObject(o, "modified", json_time(a->modified));
    cJSON_AddItemToObject(o, "lang", json_str(a->lang));
    cJSON_AddItemToObject(o, "dir", json_str(a->dir));
    cJSON_AddItemToObject(o, "site_name", json_str(a->site_name));
    cJSON_AddItemToObject(o, "excerpt", json_str(a->excerpt));
    cJSON_AddItemToObject(o, "text", json_str(a->text));
    cJSON_AddItemToObject(o, "html", json_str(a->html));
    cJSON *images = cJSON_AddArrayToObject(o, "images");
    for (size_t i = 0; i < a->n_images; i++) {
        cJSON *im = cJSON_CreateObject();
        cJSON_AddItemToObject(im, "src", json_str(a->images[i].src));
        cJSON_AddItemToObject(im, "alt", json_str(a->images[i].alt));
        cJSON_AddItemToObject(im, "caption", json_str(a->images[i].caption));
        cJSON_AddItemToArray(images, im);
    }
    char *text = one_line ? cJSON_PrintUnformatted(o) : cJSON_Print(o);
    cJSON_Delete(o);
    if (!text) {
        fputs("quire: out of memory\n", stderr);
        return CLI_EXIT_FAIL;
    }
    puts(text);
    cJSON_free(text);
    return CLI_EXIT_OK;
}

static bool is_text_page(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".txt") == 0;
}

static int extract_one(const char *path, const char *url, bool json, bool several)
{
    struct quire_err err;
    char *data = NULL;
    size_t len = 0;
    struct feed_article *a = NULL;
    enum quire_status rc = quire_file_read(path, QUIRE_PAGE_MAX_BYTES, &data, &len, &err);
    if (!rc)
        rc = is_text_page(path) ? feed_article_from_text(path, data, len, &a, &err)
                                : feed_article_extract(path, data, len, url, &a, &err);
    quire_free(data);
    if (rc)
        return cli_fail(&err);
    int exit_code = CLI_EXIT_OK;
    if (json)
        exit_code = print_json(a, several);
    else
        printf("%s\n\n%s\n%s", a->title, a->text, several ? "\n" : "");
    feed_article_destroy(a);
    return exit_code;
}

static int extract_run(const struct cli_global *g, int argc, char **argv)
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
            return cli_usage_error(&cli_cmd_extract, "unknown option");
    }
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_extract, "give a page");
    if (url && !feed_url_is_http(url))
        return cli_usage_error(&cli_cmd_extract, "--url '%s' is not an http(s) URL", url);
    bool several = argc - optind > 1;
    for (int k = optind; k < argc; k++) {
        int rc = extract_one(argv[k], url, json, several);
        if (rc)
            return rc;
    }
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_extract = {
    .name = "extract",
    .summary = "print the article Quire extracts from a saved web page",
    .usage = "extract PAGE.html|PAGE.txt... [--url URL] [--json]",
    .run = extract_run,
};
