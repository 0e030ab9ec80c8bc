/* feed_opml: OPML 1.0/2.0 subscription lists in and out. An outline with xmlUrl is a feed;
 * an outline without one that holds others is a folder, and folders are Quire's sections
 * (a feed in nested folders takes the innermost folder's name). Written lists have one folder
 * per section, so export then import gives the same feeds in the same sections. */
#include <string.h>

#include "config.h"
#include "feed_internal.h"

struct opml_ctx {
    const char *name;
    xmlDoc *doc;
    struct feed_opml *o;
    size_t alloc;
    struct quire_err *err;
};

static void entry_fini(struct feed_opml_entry *e)
{
    quire_free(e->title);
    quire_free(e->url);
    quire_free(e->site);
    quire_free(e->section);
    quire_free(e->lang);
}

void feed_opml_destroy(struct feed_opml *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n_entries; i++)
        entry_fini(&o->entries[i]);
    quire_free(o->entries);
    quire_free(o->title);
    quire_free(o);
}

static char *outline_title(const xmlNode *n)
{
    char *t = feed_xml_attr(n, "text");
    if (t && !*feed_text_squeeze(t)) {
        quire_free(t);
        t = NULL;
    }
    if (!t && (t = feed_xml_attr(n, "title")) && !*feed_text_squeeze(t)) {
        quire_free(t);
        t = NULL;
    }
    return t;
}

static enum quire_status add_feed(struct opml_ctx *c, const xmlNode *n, const char *section,
                                  const char *ref)
{
    if (c->o->n_entries >= QUIRE_OPML_MAX_FEEDS)
        return quire_err_set(c->err, QUIRE_ETOOBIG, "%s: more than %d feeds", c->name,
                             (int)QUIRE_OPML_MAX_FEEDS);
    char *url = feed_xml_url(c->doc, n, ref);
    if (!url)
        return quire_err_set(c->err, QUIRE_EINVAL, "%s: line %ld: feed URL '%.200s' is not http(s)",
                             c->name, xmlGetLineNo(n), ref);
    if (c->o->n_entries == c->alloc) {
        size_t na = c->alloc ? c->alloc * 2 : 16;
        struct feed_opml_entry *e = quire_realloc(c->o->entries, na * sizeof *e);
        if (!e) {
            quire_free(url);
            return quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->name);
        }
        c->o->entries = e;
        c->alloc = na;
    }
    struct feed_opml_entry *e = &c->o->entries[c->o->n_entries++];
    char *site = feed_xml_attr(n, "htmlUrl");
    *e = (struct feed_opml_entry){.url = url,
                                  .title = outline_title(n),
                                  .site = feed_xml_url(c->doc, n, site),
                                  .section = section ? quire_strdup(section) : NULL,
                                  .lang = feed_xml_attr(n, "language")};
    quire_free(site);
    if (!e->title)
        e->title = quire_strdup(url);
    if (!e->title || (section && !e->section))
        return quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->name);
    return QUIRE_OK;
}

static enum quire_status walk(struct opml_ctx *c, const xmlNode *parent, const char *section)
{
    enum quire_status rc = QUIRE_OK;
    for (const xmlNode *n = parent->children; n && !rc; n = n->next) {
        if (!feed_xml_is(n, "outline"))
            continue;
        char *ref = feed_xml_attr(n, "xmlUrl");
        if (ref) {
            rc = add_feed(c, n, section, ref);
        } else if (n->children) {
            char *folder = outline_title(n);
            rc = walk(c, n, folder ? folder : section);
            quire_free(folder);
        }
        quire_free(ref);
    }
    return rc;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (feed_xml_is(k, name))
            return k;
    return NULL;
}

enum quire_status feed_opml_parse(const char *name, const char *data, size_t len,
                                  struct feed_opml **out, struct quire_err *err)
{
    *out = NULL;
    if (len > (size_t)QUIRE_OPML_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: larger than %ld bytes", name,
                             (long)QUIRE_OPML_MAX_BYTES);
    xmlDoc *doc;
    enum quire_status rc = feed_xml_read(name, data, len, NULL, &doc, err);
    if (rc)
        return rc;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *body = child(root, "body");
    struct opml_ctx c = {.name = name, .doc = doc, .err = err};
    if (!feed_xml_is(root, "opml") || !body) {
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: not OPML (no <opml> with a <body>)", name);
    } else if (!(c.o = quire_calloc(1, sizeof *c.o))) {
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
    } else {
        const xmlNode *title = child(child(root, "head"), "title");
        c.o->title = title ? feed_xml_text(title) : NULL;
        rc = walk(&c, body, NULL);
    }
    xmlFreeDoc(doc);
    if (rc)
        feed_opml_destroy(c.o);
    else
        *out = c.o;
    return rc;
}

static bool same_section(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static enum quire_status put_attr(struct quire_buf *b, const char *attr, const char *value)
{
    if (!value)
        return QUIRE_OK;
    enum quire_status rc = quire_buf_printf(b, " %s=\"", attr);
    if (!rc)
        rc = quire_buf_put_xml(b, value, strlen(value));
    return rc ? rc : quire_buf_puts(b, "\"");
}

static enum quire_status put_feed(struct quire_buf *b, const struct feed_opml_entry *e, bool nested)
{
    enum quire_status rc =
        quire_buf_puts(b, nested ? "      <outline type=\"rss\"" : "    <outline type=\"rss\"");
    if (!rc)
        rc = put_attr(b, "text", e->title);
    if (!rc)
        rc = put_attr(b, "title", e->title);
    if (!rc)
        rc = put_attr(b, "xmlUrl", e->url);
    if (!rc)
        rc = put_attr(b, "htmlUrl", e->site);
    if (!rc)
        rc = put_attr(b, "language", e->lang);
    return rc ? rc : quire_buf_puts(b, "/>\n");
}

/* The feeds of one section (the first time it appears), inside a folder unless top-level. */
static enum quire_status put_section(struct quire_buf *b, const struct feed_opml *o, size_t first)
{
    const char *section = o->entries[first].section;
    enum quire_status rc = QUIRE_OK;
    if (section) {
        rc = quire_buf_puts(b, "    <outline");
        if (!rc)
            rc = put_attr(b, "text", section);
        if (!rc)
            rc = put_attr(b, "title", section);
        if (!rc)
            rc = quire_buf_puts(b, ">\n");
    }
    for (size_t i = first; i < o->n_entries && !rc; i++)
        if (same_section(o->entries[i].section, section))
            rc = put_feed(b, &o->entries[i], section != NULL);
    if (!rc && section)
        rc = quire_buf_puts(b, "    </outline>\n");
    return rc;
}

enum quire_status feed_opml_write(const struct feed_opml *o, char **text, size_t *len,
                                  struct quire_err *err)
{
    struct quire_buf b;
    quire_buf_init(&b, QUIRE_OPML_MAX_BYTES);
    enum quire_status rc = quire_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                              "<opml version=\"2.0\">\n  <head>\n    <title>");
    const char *title = o->title ? o->title : "Quire feeds";
    if (!rc)
        rc = quire_buf_put_xml(&b, title, strlen(title));
    if (!rc)
        rc = quire_buf_puts(&b, "</title>\n  </head>\n  <body>\n");
    for (size_t i = 0; i < o->n_entries && !rc; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = same_section(o->entries[j].section, o->entries[i].section);
        if (!seen)
            rc = put_section(&b, o, i);
    }
    if (!rc)
        rc = quire_buf_puts(&b, "  </body>\n</opml>\n");
    if (rc) {
        quire_buf_fini(&b);
        return quire_err_set(err, rc, "OPML: %s", quire_strerror(rc));
    }
    *text = quire_buf_steal(&b, len);
    return QUIRE_OK;
}
