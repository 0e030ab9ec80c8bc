/* cmd_feed: the publisher's feeds, kept in the publisher's state file (the global --db; by
 * default publisher.db beside the default library).
 *   quire feed add NAME URL [--section S] [--lang L] [--max-items N] [--max-age-days D]
 *                  [--full-text feed|page] [--images on|off]
 *   quire feed list [--json]
 *   quire feed remove NAME
 *   quire feed import-opml FILE       feeds of an OPML list (folders become sections)
 *   quire feed export-opml [--out F]  the feeds as OPML 2.0, one folder per section
 *   quire feed parse FILE [--url URL] [--json]   what Quire reads in a feed file (RSS, RDF,
 *                                                Atom or JSON Feed), nothing stored
 *   quire feed publish --key K --repo DIR ...    one signed bundle of what is new
 *                                                (cli_feed_publish.c)
 * Errors are one line naming the file or feed; a failed command changes nothing. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_feed.h"
#include "config.h"
#include "feed.h"
#include "feed_db.h"
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

/* ---- the publisher's state ---- */

int cli_feed_open_state(const struct cli_global *g, feed_db **db)
{
    char path[4096];
    struct quire_err err;
    if (g->db_path) {
        snprintf(path, sizeof path, "%s", g->db_path);
    } else {
        if (cli_db_path(g, path, sizeof path) != QUIRE_OK)
            return cli_usage_error(&cli_cmd_feed, "the default path is too long");
        char *slash = strrchr(path, '/');
        size_t dir = slash ? (size_t)(slash - path + 1) : 0;
        snprintf(path + dir, sizeof path - dir, "%s", QUIRE_FEED_DB_FILENAME);
        char parent[4096];
        snprintf(parent, sizeof parent, "%.*s", (int)dir, path);
        if (dir && quire_mkdir_p(parent, &err))
            return cli_fail(&err);
    }
    if (feed_db_open(path, db, &err))
        return cli_fail(&err);
    return CLI_EXIT_OK;
}

static bool parse_choice(const char *arg, const char *yes, const char *no, bool *out)
{
    if (strcmp(arg, yes) == 0 || strcmp(arg, no) == 0) {
        *out = strcmp(arg, yes) == 0;
        return true;
    }
    return false;
}

static int feed_add_cmd(feed_db *db, int argc, char **argv)
{
    static const struct option opts[] = {{"section", required_argument, NULL, 's'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {"max-items", required_argument, NULL, 'n'},
                                         {"max-age-days", required_argument, NULL, 'a'},
                                         {"full-text", required_argument, NULL, 'f'},
                                         {"images", required_argument, NULL, 'i'},
                                         {NULL, 0, NULL, 0}};
    struct feed_source src = {.max_items = QUIRE_FEED_DEFAULT_ITEMS,
                              .max_age_days = QUIRE_FEED_DEFAULT_AGE_DAYS,
                              .full_text_from_page = true,
                              .images = true};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = true;
        if (c == 's')
            src.section = optarg;
        else if (c == 'l')
            src.lang = optarg;
        else if (c == 'n')
            ok = quire_parse_int(optarg, 1, QUIRE_FEED_MAX_ITEMS, &src.max_items);
        else if (c == 'a')
            ok = quire_parse_int(optarg, 1, 3650, &src.max_age_days);
        else if (c == 'f')
            ok = parse_choice(optarg, "page", "feed", &src.full_text_from_page);
        else if (c == 'i')
            ok = parse_choice(optarg, "on", "off", &src.images);
        else
            return cli_usage_error(&cli_cmd_feed, "unknown option");
        if (!ok)
            return cli_usage_error(&cli_cmd_feed, "'%s' is not a value of that option", optarg);
    }
    if (optind + 2 != argc)
        return cli_usage_error(&cli_cmd_feed, "feed add takes NAME and URL");
    src.name = argv[optind];
    src.url = argv[optind + 1];
    if (!src.section)
        src.section = src.name;
    struct quire_err err;
    if (feed_db_add(db, &src, &err))
        return cli_fail(&err);
    printf("added feed %s (%s, section %s)\n", src.name, src.url, src.section);
    return CLI_EXIT_OK;
}

static int feed_list_cmd(feed_db *db, bool json)
{
    struct feed_source *s = NULL;
    size_t n = 0;
    struct quire_err err;
    if (feed_db_list(db, &s, &n, &err))
        return cli_fail(&err);
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (!json) {
            printf("%s\t%s\t%s\t%s\n", s[i].name, s[i].url, s[i].section,
                   s[i].lang ? s[i].lang : "-");
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", s[i].name);
        cJSON_AddStringToObject(o, "url", s[i].url);
        cJSON_AddStringToObject(o, "section", s[i].section);
        cJSON_AddItemToObject(o, "lang", json_str(s[i].lang));
        cJSON_AddNumberToObject(o, "max_items", s[i].max_items);
        cJSON_AddNumberToObject(o, "max_age_days", s[i].max_age_days);
        cJSON_AddStringToObject(o, "full_text", s[i].full_text_from_page ? "page" : "feed");
        cJSON_AddBoolToObject(o, "images", s[i].images);
        cJSON_AddItemToArray(arr, o);
    }
    feed_sources_free(s, n);
    if (json) {
        char *text = cJSON_Print(arr);
        cJSON_Delete(arr);
        if (!text)
            return cli_fail(&(struct quire_err){QUIRE_ENOMEM, "out of memory"});
        puts(text);
        cJSON_free(text);
    }
    return CLI_EXIT_OK;
}

/* A feed's name from its OPML title: ASCII letters and digits kept, other runs become '-';
 * "feed-N" when nothing is left; "-N" added when an earlier feed of the list took the name. */
static void name_from_title(const char *title, size_t index, char (*names)[FEED_NAME_MAX])
{
    char *out = names[index];
    size_t n = 0;
    for (const char *p = title; *p && n < 40; p++) {
        char ch = *p;
        bool keep =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (keep)
            out[n++] = ch;
        else if (n && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n && out[n - 1] == '-')
        n--;
    if (n == 0) {
        snprintf(out, FEED_NAME_MAX, "feed-%zu", index + 1);
        return;
    }
    out[n] = '\0';
    for (size_t i = 0; i < index; i++)
        if (strcmp(names[i], out) == 0) {
            snprintf(out + n, FEED_NAME_MAX - n, "-%zu", index + 1);
            break;
        }
}

static int feed_import_cmd(feed_db *db, const char *path)
{
    struct quire_err err;
    char *data = NULL;
    size_t len = 0;
    struct feed_opml *o = NULL;
    if (quire_file_read(path, QUIRE_OPML_MAX_BYTES, &data, &len, &err) ||
        feed_opml_parse(path, data, len, &o, &err)) {
        quire_free(data);
        return cli_fail(&err);
    }
    quire_free(data);
    struct feed_source *s = quire_calloc(o->n_entries + 1, sizeof *s);
    char(*names)[FEED_NAME_MAX] = quire_calloc(o->n_entries + 1, FEED_NAME_MAX);
    int rc = CLI_EXIT_OK;
    size_t added = 0;
    if (!s || !names) {
        rc = cli_fail(&(struct quire_err){QUIRE_ENOMEM, "out of memory"});
    } else {
        for (size_t i = 0; i < o->n_entries; i++) {
            const struct feed_opml_entry *e = &o->entries[i];
            name_from_title(e->title, i, names);
            s[i] = (struct feed_source){.name = names[i],
                                        .url = e->url,
                                        .section = e->section ? e->section : e->title,
                                        .lang = e->lang,
                                        .max_items = QUIRE_FEED_DEFAULT_ITEMS,
                                        .max_age_days = QUIRE_FEED_DEFAULT_AGE_DAYS,
                                        .full_text_from_page = true,
                                        .images = true};
        }
        if (feed_db_add_all(db, s, o->n_entries, &added, &err)) {
            quire_err_prefix(&err, path);
            rc = cli_fail(&err);
        } else {
            printf("imported %zu feed%s from %s (%zu already there)\n", added,
                   added == 1 ? "" : "s", path, o->n_entries - added);
        }
    }
    quire_free(s);
    quire_free(names);
    feed_opml_destroy(o);
    return rc;
}

static int feed_export_cmd(feed_db *db, const char *out)
{
    struct feed_source *s = NULL;
    size_t n = 0;
    struct quire_err err;
    if (feed_db_list(db, &s, &n, &err))
        return cli_fail(&err);
    struct feed_opml_entry *e = quire_calloc(n + 1, sizeof *e);
    struct feed_opml o = {.title = "Quire feeds", .entries = e, .n_entries = n};
    char *text = NULL;
    size_t len = 0;
    enum quire_status rc = e ? QUIRE_OK : quire_err_set(&err, QUIRE_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        e[i] = (struct feed_opml_entry){
            .title = s[i].name, .url = s[i].url, .section = s[i].section, .lang = s[i].lang};
    if (!rc)
        rc = feed_opml_write(&o, &text, &len, &err);
    if (!rc && out)
        rc = quire_file_write_atomic(out, text, len, &err);
    else if (!rc)
        fwrite(text, 1, len, stdout);
    quire_free(text);
    quire_free(e);
    feed_sources_free(s, n);
    return rc ? cli_fail(&err) : CLI_EXIT_OK;
}

static int state_cmd(const struct cli_global *g, const char *verb, int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"out", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    bool is_add = strcmp(verb, "add") == 0;
    bool json = false;
    const char *out = NULL;
    int c;
    while (!is_add && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j' && strcmp(verb, "list") == 0)
            json = true;
        else if (c == 'o' && strcmp(verb, "export-opml") == 0)
            out = optarg;
        else
            return cli_usage_error(&cli_cmd_feed, "unknown option for feed %s", verb);
    }
    int want = strcmp(verb, "remove") == 0 || strcmp(verb, "import-opml") == 0 ? 1 : 0;
    if (!is_add && argc - optind != want)
        return cli_usage_error(&cli_cmd_feed, "feed %s takes %s", verb,
                               want ? "one argument" : "no arguments");
    feed_db *db = NULL;
    int rc = cli_feed_open_state(g, &db);
    if (rc)
        return rc;
    struct quire_err err;
    if (is_add)
        rc = feed_add_cmd(db, argc, argv);
    else if (strcmp(verb, "list") == 0)
        rc = feed_list_cmd(db, json);
    else if (strcmp(verb, "remove") == 0)
        rc = feed_db_remove(db, argv[optind], &err) ? cli_fail(&err) : CLI_EXIT_OK;
    else if (strcmp(verb, "import-opml") == 0)
        rc = feed_import_cmd(db, argv[optind]);
    else
        rc = feed_export_cmd(db, out);
    feed_db_close(db);
    return rc;
}

static int feed_run(const struct cli_global *g, int argc, char **argv)
{
    static const char *const state_verbs[] = {"add", "list", "remove", "import-opml",
                                              "export-opml"};
    if (argc < 2)
        return cli_usage_error(&cli_cmd_feed, "which feed command?");
    const char *verb = argv[1];
    if (strcmp(verb, "parse") == 0)
        return feed_parse_cmd(argc - 1, argv + 1);
    if (strcmp(verb, "publish") == 0)
        return cli_feed_publish(g, argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof state_verbs / sizeof state_verbs[0]; i++)
        if (strcmp(verb, state_verbs[i]) == 0)
            return state_cmd(g, verb, argc - 1, argv + 1);
    return cli_usage_error(&cli_cmd_feed, "unknown feed command '%s'", verb);
}

const struct cli_command cli_cmd_feed = {
    .name = "feed",
    .summary = "the publisher's feeds: add, list, remove, OPML, publish, parse",
    .usage = "feed add NAME URL [--section S] [--lang L] [--max-items N] [--max-age-days D] "
             "[--full-text feed|page] [--images on|off] | feed list [--json] | "
             "feed remove NAME | feed import-opml FILE | feed export-opml [--out FILE] | "
             "feed publish --key SECRET_KEY --repo DIR [--publisher NAME] [--title T] "
             "[--keep-days N] [--images on|off] [--proxy URL] [--cacert FILE] [--timeout S] "
             "[--host-delay-ms N] | "
             "feed parse FILE [--url URL] [--json]",
    .run = feed_run,
};
