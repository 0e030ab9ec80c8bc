/* feed_model: feed_parse (telling XML from JSON and RSS from Atom) and the builder every
 * format's parser fills: it enforces the caps of config.h, keeps the first of equivalent
 * elements, and completes items (a guid for every item, updated >= published). */
#include <libxml/parser.h>
#include <string.h>

#include "config.h"
#include "feed_internal.h"

const char *feed_format_name(enum feed_format f)
{
    static const char *const names[] = {
        [FEED_RSS] = "rss", [FEED_RDF] = "rdf", [FEED_ATOM] = "atom", [FEED_JSON] = "json"};
    return names[f];
}

static void item_fini(struct feed_item *it)
{
    quire_free(it->guid);
    quire_free(it->title);
    quire_free(it->link);
    quire_free(it->author);
    quire_free(it->summary);
    quire_free(it->content);
    quire_free(it->lang);
    for (size_t i = 0; i < it->n_categories; i++)
        quire_free(it->categories[i]);
    quire_free(it->categories);
    for (size_t i = 0; i < it->n_media; i++) {
        quire_free(it->media[i].url);
        quire_free(it->media[i].type);
        quire_free(it->media[i].caption);
    }
    quire_free(it->media);
}

void feed_destroy(struct feed *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_items; i++)
        item_fini(&f->items[i]);
    quire_free(f->items);
    quire_free(f->title);
    quire_free(f->link);
    quire_free(f->lang);
    quire_free(f);
}

enum quire_status feed_builder_init(struct feed_builder *b, const char *name,
                                    enum feed_format format, struct quire_err *err)
{
    *b = (struct feed_builder){.name = name, .err = err};
    b->feed = quire_calloc(1, sizeof *b->feed);
    if (!b->feed)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
    b->feed->format = format;
    return QUIRE_OK;
}

void feed_builder_fini(struct feed_builder *b)
{
    feed_destroy(b->feed);
    b->feed = NULL;
}

struct feed_item *feed_builder_item(struct feed_builder *b, enum quire_status *rc)
{
    struct feed *f = b->feed;
    *rc = QUIRE_OK;
    if (f->n_items >= QUIRE_FEED_MAX_ITEMS) {
        b->dropped = true;
        return NULL;
    }
    if (f->n_items == b->items_alloc) {
        size_t n = b->items_alloc ? b->items_alloc * 2 : 16;
        struct feed_item *items = quire_realloc(f->items, n * sizeof *items);
        if (!items) {
            *rc = quire_err_set(b->err, QUIRE_ENOMEM, "%s: out of memory", b->name);
            return NULL;
        }
        f->items = items;
        b->items_alloc = n;
    }
    struct feed_item *it = &f->items[f->n_items++];
    memset(it, 0, sizeof *it);
    return it;
}

enum quire_status feed_builder_set(struct feed_builder *b, char **slot, char *value, bool is_body)
{
    if (!value)
        return QUIRE_OK;
    if (*slot) {
        quire_free(value);
        return QUIRE_OK;
    }
    size_t n = strlen(value);
    size_t cap = is_body ? (size_t)QUIRE_FEED_MAX_FIELD_BYTES : QUIRE_FEED_MAX_TEXT_BYTES;
    enum quire_status rc = QUIRE_OK;
    if (n > cap)
        rc = quire_err_set(b->err, QUIRE_ETOOBIG, "%s: item %zu has a field longer than %zu bytes",
                           b->name, b->feed->n_items, cap);
    else if (!quire_utf8_valid(value, n, NULL))
        rc = quire_err_set(b->err, QUIRE_EUTF8, "%s: item %zu has text that is not UTF-8", b->name,
                           b->feed->n_items);
    if (rc)
        quire_free(value);
    else
        *slot = value;
    return rc;
}

enum quire_status feed_builder_category(struct feed_builder *b, struct feed_item *it, char *cat)
{
    if (!cat)
        return QUIRE_OK;
    bool skip = !*cat || it->n_categories >= QUIRE_FEED_MAX_LIST;
    for (size_t i = 0; !skip && i < it->n_categories; i++)
        skip = strcmp(it->categories[i], cat) == 0;
    if (skip) {
        quire_free(cat);
        return QUIRE_OK;
    }
    char *value = NULL;
    enum quire_status rc = feed_builder_set(b, &value, cat, false);
    if (rc)
        return rc;
    char **cats = quire_realloc(it->categories, (it->n_categories + 1) * sizeof *cats);
    if (!cats) {
        quire_free(value);
        return quire_err_set(b->err, QUIRE_ENOMEM, "%s: out of memory", b->name);
    }
    it->categories = cats;
    cats[it->n_categories++] = value;
    return QUIRE_OK;
}

static bool media_known(const struct feed_item *it, const char *url)
{
    for (size_t i = 0; i < it->n_media; i++)
        if (strcmp(it->media[i].url, url) == 0)
            return true;
    return false;
}

enum quire_status feed_builder_media(struct feed_builder *b, struct feed_item *it, char *url,
                                     char *type, char *caption, int64_t length, bool is_image)
{
    if (!url || media_known(it, url) || it->n_media >= QUIRE_FEED_MAX_LIST) {
        quire_free(url);
        quire_free(type);
        quire_free(caption);
        return QUIRE_OK;
    }
    /* Each set takes its value (stored, or freed when refused): all three run. */
    struct feed_media m = {.length = length > 0 ? length : 0};
    enum quire_status rc = feed_builder_set(b, &m.url, url, false);
    enum quire_status rc_type = feed_builder_set(b, &m.type, type, false);
    enum quire_status rc_caption =
        feed_builder_set(b, &m.caption, caption ? feed_text_squeeze(caption) : NULL, false);
    rc = rc ? rc : rc_type ? rc_type : rc_caption;
    struct feed_media *media = NULL;
    if (!rc && !(media = quire_realloc(it->media, (it->n_media + 1) * sizeof *media)))
        rc = quire_err_set(b->err, QUIRE_ENOMEM, "%s: out of memory", b->name);
    if (rc) {
        quire_free(m.url);
        quire_free(m.type);
        quire_free(m.caption);
        return rc;
    }
    m.is_image = is_image || (m.type && strncmp(m.type, "image/", 6) == 0);
    it->media = media;
    it->media[it->n_media++] = m;
    return QUIRE_OK;
}

void feed_builder_date(int64_t *slot, const char *text)
{
    int64_t t;
    if (text && !*slot && feed_date_parse(text, &t))
        *slot = t;
}

/* An item without guid or link is known by what it says: a hash of its title and text. */
static char *guid_from_text(const struct feed_item *it)
{
    quire_sha256 *h = quire_sha256_new();
    if (!h)
        return NULL;
    const char *parts[] = {it->title, it->content, it->summary};
    for (size_t i = 0; i < 3; i++) {
        if (parts[i])
            quire_sha256_update(h, parts[i], strlen(parts[i]));
        quire_sha256_update(h, "\n", 1);
    }
    uint8_t d[32];
    bool ok = quire_sha256_final(h, d);
    quire_sha256_free(h);
    char *guid = ok ? quire_malloc(8 + 65) : NULL;
    if (guid) {
        memcpy(guid, "sha256:", 7);
        quire_hex_encode(d, 32, guid + 7);
    }
    return guid;
}

static enum quire_status complete_item(struct feed_builder *b, struct feed_item *it)
{
    if (!it->guid)
        it->guid = it->link ? quire_strdup(it->link) : guid_from_text(it);
    if (!it->title)
        it->title = quire_strdup("");
    if (!it->guid || !it->title)
        return quire_err_set(b->err, QUIRE_ENOMEM, "%s: out of memory", b->name);
    if (!it->published)
        it->published = it->updated;
    if (it->updated < it->published)
        it->updated = it->published;
    return QUIRE_OK;
}

enum quire_status feed_builder_finish(struct feed_builder *b, struct feed **out)
{
    struct feed *f = b->feed;
    if (!f->title)
        f->title = quire_strdup("");
    if (!f->title)
        return quire_err_set(b->err, QUIRE_ENOMEM, "%s: out of memory", b->name);
    for (size_t i = 0; i < f->n_items; i++) {
        enum quire_status rc = complete_item(b, &f->items[i]);
        if (rc)
            return rc;
    }
    *out = f;
    b->feed = NULL;
    return QUIRE_OK;
}

static bool looks_like_json(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    return i < len && data[i] == '{';
}

static enum quire_status parse_xml(struct feed_builder *b, const char *name, const char *data,
                                   size_t len, const char *url, struct quire_err *err)
{
    xmlDoc *doc;
    enum quire_status rc = feed_xml_read(name, data, len, url, &doc, err);
    if (rc)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    char buf[128];
    const char *root_name = feed_xml_name(root, buf, sizeof buf);
    bool is_rss = strcmp(root_name, "rss") == 0 || strcmp(root_name, "rdf:RDF") == 0;
    bool is_atom = strcmp(root_name, "atom:feed") == 0;
    if (!is_rss && !is_atom)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: not an RSS, RDF or Atom feed (root <%s>)", name,
                           (const char *)root->name);
    else
        rc = feed_builder_init(b, name,
                               is_atom                         ? FEED_ATOM
                               : strcmp(root_name, "rss") == 0 ? FEED_RSS
                                                               : FEED_RDF,
                               err);
    if (!rc)
        rc = is_atom ? feed_parse_atom(b, doc, root) : feed_parse_rss(b, doc, root);
    xmlFreeDoc(doc);
    return rc;
}

enum quire_status feed_parse(const char *name, const char *data, size_t len, const char *url,
                             struct feed **out, struct quire_err *err)
{
    *out = NULL;
    struct feed_builder b = {0};
    enum quire_status rc;
    if (len > (size_t)QUIRE_FEED_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %ld bytes", name,
                             (long)QUIRE_FEED_MAX_BYTES);
    if (looks_like_json(data, len)) {
        rc = feed_builder_init(&b, name, FEED_JSON, err);
        if (!rc)
            rc = feed_parse_json(&b, data, len, url);
    } else {
        rc = parse_xml(&b, name, data, len, url, err);
    }
    if (!rc)
        rc = feed_builder_finish(&b, out);
    feed_builder_fini(&b);
    return rc;
}
