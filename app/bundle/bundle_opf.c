/* bundle_opf: a manifest for a plain EPUB (pandoc, Calibre) that has no Quire manifest, so
 * that `quire import --allow-unsigned` can take it. Path: META-INF/container.xml -> the
 * rootfile (OPF) -> its spine; every XHTML spine item is an article whose guid is
 * dc:identifier + "#" + item id and whose title is the document's <title> or first <h1>.
 * Files are listed with their declared size and an empty sha256 (nothing signed them).
 * XML is parsed without network, DTD loading or entity substitution. Files come through a
 * bundle_opf_source (the open zip, or bytes in tests/fuzz/fuzz_opf.c). */
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "bundle_internal.h"
#include "config.h"

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

struct opf {
    const char *name; /* the bundle, for messages */
    const struct bundle_opf_source *src;
    char dir[QUIRE_PATH_MAX_BYTES + 1]; /* folder of the OPF, "" or ending in '/' */
    xmlDocPtr doc;
    char *identifier, *title, *language, *publisher, *creator;
    int64_t published, modified;
};

static bool is_named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child_named(xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
        if (is_named(n, name))
            return n;
    return NULL;
}

static char *prop(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? quire_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static char *text_of(xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return NULL;
    const char *p = (const char *)v;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    char *s = quire_strdup(p);
    xmlFree(v);
    for (size_t k = s ? strlen(s) : 0; k > 0 && strchr(" \n\t\r", s[k - 1]); k--)
        s[k - 1] = '\0';
    if (s && (!*s || strlen(s) > 1024)) {
        quire_free(s);
        return NULL;
    }
    return s;
}

static enum quire_status read_xml(struct opf *o, const char *path, xmlDocPtr *out,
                                  struct quire_err *err)
{
    char *data;
    size_t len;
    *out = NULL;
    enum quire_status rc =
        o->src->read(o->src->ctx, path, QUIRE_ARTICLE_MAX_BYTES, &data, &len, err);
    if (rc)
        return rc;
    xmlDocPtr doc = xmlReadMemory(data, (int)len, path, NULL, XML_OPTS);
    quire_free(data);
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return quire_err_set(err, QUIRE_EFORMAT, "%s: '%s' is not well-formed XML", o->name, path);
    }
    if (doc->intSubset && doc->intSubset->entities) { /* no entity games (billion laughs) */
        xmlFreeDoc(doc);
        return quire_err_set(err, QUIRE_EUNSAFE, "%s: '%s' declares XML entities", o->name, path);
    }
    *out = doc;
    return QUIRE_OK;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* dir + href, percent-decoded, fragment dropped, "x/../" folded; false if unsafe. */
static bool resolve_href(const char *dir, const char *href, char *out, size_t outn)
{
    char tmp[2 * QUIRE_PATH_MAX_BYTES + 2];
    size_t k = (size_t)snprintf(tmp, sizeof tmp, "%s", dir);
    for (const char *p = href; *p && *p != '#' && k + 1 < sizeof tmp; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            tmp[k++] = (char)(hi << 4 | lo);
            p += 2;
        } else {
            tmp[k++] = *p;
        }
    }
    tmp[k] = '\0';
    /* fold "seg/../" pairs */
    size_t n = 0;
    for (char *seg = tmp, *next; seg; seg = next) {
        next = strchr(seg, '/');
        if (next)
            *next++ = '\0';
        if (strcmp(seg, "..") == 0) {
            if (n == 0)
                return false;
            while (n > 0 && out[n - 1] != '/')
                n--;
            n = n > 0 ? n - 1 : 0;
            continue;
        }
        if (!*seg || strcmp(seg, ".") == 0)
            continue;
        size_t sl = strlen(seg);
        if (n + sl + 2 > outn)
            return false;
        if (n)
            out[n++] = '/';
        memcpy(out + n, seg, sl);
        n += sl;
    }
    out[n] = '\0';
    return n > 0 && !bundle_path_problem(out, n);
}

static enum quire_status find_rootfile(struct opf *o, char *path, size_t n, struct quire_err *err)
{
    xmlDocPtr doc;
    enum quire_status rc = read_xml(o, "META-INF/container.xml", &doc, err);
    if (rc == QUIRE_ENOTFOUND)
        return quire_err_set(err, QUIRE_EFORMAT,
                             "%s: neither a Quire bundle nor an EPUB (no %s, no "
                             "META-INF/container.xml)",
                             o->name, BUNDLE_MANIFEST_PATH);
    if (rc)
        return rc;
    xmlNode *rootfiles = child_named(xmlDocGetRootElement(doc), "rootfiles");
    xmlNode *rf = child_named(rootfiles, "rootfile");
    char *full = rf ? prop(rf, "full-path") : NULL;
    xmlFreeDoc(doc);
    bool ok = full && resolve_href("", full, path, n);
    quire_free(full);
    if (!ok)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: container.xml names no usable rootfile",
                             o->name);
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(o->dir, path, dl);
    o->dir[dl] = '\0';
    return QUIRE_OK;
}

static bool parse_date(const char *s, int64_t *t)
{
    return s && quire_time_parse(s, t);
}

static void read_metadata(struct opf *o, xmlNode *package)
{
    xmlNode *md = child_named(package, "metadata");
    char *uid = prop(package, "unique-identifier");
    for (xmlNode *n = md ? md->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char **slot = is_named(n, "title")       ? &o->title
                      : is_named(n, "language")  ? &o->language
                      : is_named(n, "publisher") ? &o->publisher
                      : is_named(n, "creator")   ? &o->creator
                                                 : NULL;
        if (is_named(n, "identifier")) {
            char *id = prop(n, "id");
            bool is_uid = uid && id && strcmp(uid, id) == 0;
            quire_free(id);
            if (!o->identifier || is_uid) {
                quire_free(o->identifier);
                o->identifier = text_of(n);
            }
        } else if (slot && !*slot) {
            *slot = text_of(n);
        } else if (is_named(n, "date") || is_named(n, "meta")) {
            char *p = prop(n, "property"), *v = text_of(n);
            bool modified = p && strcmp(p, "dcterms:modified") == 0;
            if (modified || is_named(n, "date"))
                parse_date(v, modified ? &o->modified : &o->published);
            quire_free(p);
            quire_free(v);
        }
    }
    quire_free(uid);
    if (o->language && !bundle_lang_valid(o->language)) {
        quire_free(o->language);
        o->language = NULL;
    }
}

/* The manifest <item> with this id, or NULL. */
static xmlNode *find_item(xmlNode *manifest, const char *id)
{
    for (xmlNode *n = manifest ? manifest->children : NULL; n; n = n->next) {
        if (!is_named(n, "item"))
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
        bool match = v && strcmp((const char *)v, id) == 0;
        xmlFree(v);
        if (match)
            return n;
    }
    return NULL;
}

static enum quire_status oom(struct opf *o, struct quire_err *err)
{
    return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", o->name);
}

static bool already_listed(const struct bundle_manifest *m, const char *guid, const char *path)
{
    for (size_t i = 0; i < m->n_articles; i++)
        if (strcmp(m->articles[i].guid, guid) == 0 || strcmp(m->articles[i].path, path) == 0)
            return true;
    return false;
}

/* One spine item as an article (skipped if not an XHTML document, the nav, or a repeat). */
static enum quire_status add_article(struct opf *o, struct bundle_manifest *m, xmlNode *item,
                                     const char *idref, struct quire_err *err)
{
    char *href = prop(item, "href"), *type = prop(item, "media-type"),
         *props = prop(item, "properties");
    char path[QUIRE_PATH_MAX_BYTES + 1], guid[1200];
    bool usable = href && type &&
                  (strcmp(type, "application/xhtml+xml") == 0 || strcmp(type, "text/html") == 0) &&
                  !(props && strstr(props, "nav")) && resolve_href(o->dir, href, path, sizeof path);
    quire_free(href);
    quire_free(type);
    quire_free(props);
    snprintf(guid, sizeof guid, "%s#%s", o->identifier, idref);
    if (!usable || already_listed(m, guid, path) || m->n_articles >= QUIRE_BUNDLE_MAX_ARTICLES)
        return QUIRE_OK;
    char *data;
    size_t len;
    enum quire_status rc =
        o->src->read(o->src->ctx, path, QUIRE_ARTICLE_MAX_BYTES, &data, &len, err);
    if (rc == QUIRE_ENOTFOUND)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: spine item '%s' is missing", o->name, path);
    if (rc)
        return rc;
    struct bundle_article_meta *a = &m->articles[m->n_articles];
    a->title = bundle_html_title(data, len, o->title);
    quire_free(data);
    if (!a->title) {
        char t[1100];
        snprintf(t, sizeof t, "%s (%zu)", o->title, m->n_articles + 1);
        a->title = quire_strdup(t);
    }
    a->guid = quire_strdup(guid);
    a->path = quire_strdup(path);
    a->section = quire_strdup(o->title);
    a->language = quire_strdup(o->language);
    a->byline = o->creator ? quire_strdup(o->creator) : NULL;
    a->published = o->published;
    a->updated = o->modified > o->published ? o->modified : o->published;
    m->n_articles++;
    if (!a->title || !a->guid || !a->path || !a->section || !a->language ||
        (o->creator && !a->byline))
        return oom(o, err);
    return QUIRE_OK;
}

static enum quire_status read_spine(struct opf *o, xmlNode *package, struct bundle_manifest *m,
                                    struct quire_err *err)
{
    xmlNode *manifest = child_named(package, "manifest"), *spine = child_named(package, "spine");
    size_t n = 0;
    for (xmlNode *r = spine ? spine->children : NULL; r; r = r->next)
        n += is_named(r, "itemref");
    if (!(m->articles = quire_calloc(n ? n : 1, sizeof *m->articles)))
        return oom(o, err);
    enum quire_status rc = QUIRE_OK;
    for (xmlNode *r = spine ? spine->children : NULL; r && !rc; r = r->next) {
        char *idref = is_named(r, "itemref") ? prop(r, "idref") : NULL;
        xmlNode *item = idref ? find_item(manifest, idref) : NULL;
        if (item)
            rc = add_article(o, m, item, idref, err);
        quire_free(idref);
    }
    if (!rc && m->n_articles == 0)
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: the EPUB's spine has no XHTML documents",
                           o->name);
    return rc;
}

static enum quire_status list_files(struct opf *o, struct bundle_manifest *m, struct quire_err *err)
{
    size_t n = o->src->n_entries;
    if (!(m->files = quire_calloc(n ? n : 1, sizeof *m->files)))
        return oom(o, err);
    for (size_t i = 0; i < n; i++) {
        const char *name;
        uint64_t size;
        if (!o->src->entry(o->src->ctx, i, &name, &size) || !name[0] ||
            name[strlen(name) - 1] == '/')
            continue;
        struct bundle_file_meta *f = &m->files[m->n_files++];
        f->size = size;
        if (!(f->path = quire_strdup(name)))
            return oom(o, err);
    }
    return QUIRE_OK;
}

static enum quire_status fill_defaults(struct opf *o, struct bundle_manifest *m,
                                       struct quire_err *err)
{
    char fallback[128];
    if (!o->identifier) {
        snprintf(fallback, sizeof fallback, "urn:sha256:%s", o->src->sha256);
        o->identifier = quire_strdup(fallback);
    }
    if (!o->title)
        o->title = quire_strdup(quire_basename(o->name));
    if (!o->language)
        o->language = quire_strdup("und");
    const char *pub = o->publisher ? o->publisher : o->creator ? o->creator : "unknown";
    m->format_version = 0; /* synthesised, not a Quire manifest */
    m->id = quire_strdup(o->identifier);
    m->publisher = quire_strdup(pub);
    m->created = o->modified ? o->modified : o->published;
    m->languages = quire_calloc(1, sizeof *m->languages);
    if (m->languages && (m->languages[0] = quire_strdup(o->language)))
        m->n_languages = 1;
    if (!o->identifier || !o->title || !o->language || !m->id || !m->publisher || !m->n_languages)
        return oom(o, err);
    return QUIRE_OK;
}

static enum quire_status read_from_bundle(void *ctx, const char *path, size_t cap, char **data,
                                          size_t *len, struct quire_err *err)
{
    return bundle_read_raw(ctx, path, cap, data, len, err);
}

static bool entry_of_bundle(void *ctx, size_t i, const char **name, uint64_t *size)
{
    return bundle_entry_info(ctx, i, name, size);
}

enum quire_status bundle_opf_synthesise(bundle *b, const char *name, struct bundle_manifest **out,
                                        struct quire_err *err)
{
    struct bundle_opf_source src = {.read = read_from_bundle,
                                    .n_entries = bundle_entry_count(b),
                                    .entry = entry_of_bundle,
                                    .sha256 = bundle_get_sha256(b),
                                    .ctx = b};
    return bundle_opf_parse(&src, name, out, err);
}

enum quire_status bundle_opf_parse(const struct bundle_opf_source *src, const char *name,
                                   struct bundle_manifest **out, struct quire_err *err)
{
    *out = NULL;
    struct opf o = {.name = name, .src = src};
    char opf_path[QUIRE_PATH_MAX_BYTES + 1];
    struct bundle_manifest *m = quire_calloc(1, sizeof *m);
    enum quire_status rc = m ? find_rootfile(&o, opf_path, sizeof opf_path, err) : oom(&o, err);
    if (!rc)
        rc = read_xml(&o, opf_path, &o.doc, err);
    xmlNode *package = o.doc ? xmlDocGetRootElement(o.doc) : NULL;
    if (!rc && !is_named(package, "package"))
        rc = quire_err_set(err, QUIRE_EFORMAT, "%s: '%s' is not an OPF package", name, opf_path);
    if (!rc) {
        read_metadata(&o, package);
        rc = fill_defaults(&o, m, err);
    }
    if (!rc)
        rc = read_spine(&o, package, m, err);
    if (!rc)
        rc = list_files(&o, m, err);
    xmlFreeDoc(o.doc);
    quire_free(o.identifier);
    quire_free(o.title);
    quire_free(o.language);
    quire_free(o.publisher);
    quire_free(o.creator);
    if (rc) {
        bundle_manifest_free(m);
        return rc;
    }
    *out = m;
    return QUIRE_OK;
}
