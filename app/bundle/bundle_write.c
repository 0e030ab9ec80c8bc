/* bundle_write: bundle_create, the writer of signed bundles. Every input becomes one article
 * document; articles are grouped by section (sections in order of first appearance, inputs in
 * order within a section), which is both the spine's reading order and the navigation's.
 * The zip holds, in this order: mimetype (first, stored), META-INF/container.xml, the Quire
 * manifest and its signature, OEBPS/content.opf, OEBPS/nav.xhtml, OEBPS/style.css and
 * OEBPS/articles/aNNNNN.xhtml. The file appears at out_path only when complete (temp + rename).
 * Start reading at bundle_create(). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#include "bundle_internal.h"
#include "config.h"

#define OPF_PATH      "OEBPS/content.opf"
#define NAV_PATH      "OEBPS/nav.xhtml"
#define CSS_PATH      "OEBPS/style.css"
#define GENERATED_MAX (64L * 1024 * 1024) /* bytes of one generated file (OPF, nav) */

static const char css_text[] = "/* Quire bundle: a small stylesheet; readers may override it. */\n"
                               "body { margin: 0 5%; line-height: 1.4; }\n"
                               "h1 { font-size: 1.5em; margin: 1em 0 0.5em; }\n"
                               "p { margin: 0 0 0.8em; }\n"
                               "p.byline { font-style: italic; margin-bottom: 1.2em; }\n"
                               "nav ol { list-style: none; padding-left: 1em; }\n";

struct article {
    struct bundle_doc doc;
    char *guid, *section, *language, *byline, *path;
    int64_t published, updated;
    size_t order; /* input position, for a stable sort */
    size_t section_rank;
};

struct entry {
    const char *path;
    char *data;
    size_t len;
};

struct writer {
    const struct bundle_create_opts *opts;
    struct article *arts;
    size_t n_arts;
    struct entry *entries;
    size_t n_entries;
    char id[64];
    char title[512];
    int64_t created, sequence;
};

/* ---- inputs to articles ---- */

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static enum quire_status load_doc(const char *path, struct bundle_doc *doc, struct quire_err *err)
{
    bool is_text = has_suffix(path, ".txt") || has_suffix(path, ".text");
    bool is_html = has_suffix(path, ".html") || has_suffix(path, ".htm") ||
                   has_suffix(path, ".xhtml") || has_suffix(path, ".xht");
    if (!is_text && !is_html)
        return quire_err_set(err, QUIRE_EINVAL,
                             "%s: unknown input type (use .txt, .html, .htm or .xhtml)", path);
    char *data;
    size_t len;
    enum quire_status rc = quire_file_read(path, QUIRE_ARTICLE_MAX_BYTES, &data, &len, err);
    if (rc)
        return rc;
    rc = is_text ? bundle_doc_from_text(path, data, len, doc, err)
                 : bundle_doc_from_html(path, data, len, doc, err);
    quire_free(data);
    return rc;
}

/* The guid: the input's file name without its extension (stable across editions). */
static char *guid_from_path(const char *path)
{
    char *g = quire_strdup(quire_basename(path));
    char *dot = g ? strrchr(g, '.') : NULL;
    if (dot && dot != g)
        *dot = '\0';
    return g;
}

static enum quire_status load_article(struct writer *w, const struct bundle_input *in,
                                      struct article *a, struct quire_err *err)
{
    const char *section = in->section ? in->section : w->opts->section;
    const char *lang = in->language ? in->language : w->opts->language;
    if (!section || !*section || strlen(section) > 256)
        return quire_err_set(err, QUIRE_EINVAL, "%s: no section (or longer than 256 bytes)",
                             in->path);
    if (!quire_utf8_valid(section, strlen(section), NULL) ||
        (in->byline && !quire_utf8_valid(in->byline, strlen(in->byline), NULL)))
        return quire_err_set(err, QUIRE_EUTF8, "%s: section or byline is not valid UTF-8",
                             in->path);
    if (!lang || !bundle_lang_valid(lang))
        return quire_err_set(err, QUIRE_EINVAL, "%s: language '%s' is not a BCP 47 tag", in->path,
                             lang ? lang : "");
    enum quire_status rc = load_doc(in->path, &a->doc, err);
    if (rc)
        return rc;
    const char *byline = in->byline ? in->byline : a->doc.byline;
    /* Identity and dates: what the input says, else what the document says, else this
     * edition. A story re-issued with a correction keeps its guid and published time and gets
     * a newer updated time, so readers replace the old version. */
    a->guid = a->doc.guid ? quire_strdup(a->doc.guid) : guid_from_path(in->path);
    a->published = in->published ? in->published : a->doc.published ? a->doc.published : w->created;
    a->updated = in->updated ? in->updated : a->doc.updated ? a->doc.updated : w->created;
    if (a->updated < a->published)
        a->updated = a->published;
    a->section = quire_strdup(section);
    a->language = quire_strdup(lang);
    a->byline = byline && *byline ? quire_strdup(byline) : NULL;
    if (!a->guid || !a->section || !a->language || (byline && *byline && !a->byline))
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", in->path);
    return QUIRE_OK;
}

static int cmp_article(const void *pa, const void *pb)
{
    const struct article *a = pa, *b = pb;
    if (a->section_rank != b->section_rank)
        return a->section_rank < b->section_rank ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Sections in order of first appearance; articles stably inside them; then paths. */
static enum quire_status order_articles(struct writer *w, struct quire_err *err)
{
    for (size_t i = 0; i < w->n_arts; i++) {
        w->arts[i].order = i;
        w->arts[i].section_rank = i;
        for (size_t j = 0; j < i; j++)
            if (strcmp(w->arts[j].section, w->arts[i].section) == 0) {
                w->arts[i].section_rank = w->arts[j].section_rank;
                break;
            }
        for (size_t j = 0; j < i; j++)
            if (strcmp(w->arts[j].guid, w->arts[i].guid) == 0)
                return quire_err_set(err, QUIRE_EDUPLICATE,
                                     "two inputs have the name '%s' (the article guid)",
                                     w->arts[i].guid);
    }
    qsort(w->arts, w->n_arts, sizeof *w->arts, cmp_article);
    for (size_t i = 0; i < w->n_arts; i++) {
        char p[64];
        snprintf(p, sizeof p, "OEBPS/articles/a%05zu.xhtml", i + 1);
        if (!(w->arts[i].path = quire_strdup(p)))
            return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    return QUIRE_OK;
}

/* ---- generated documents ---- */

static enum quire_status put(struct quire_buf *b, const char *s)
{
    return quire_buf_puts(b, s);
}

static enum quire_status put_esc(struct quire_buf *b, const char *s)
{
    return bundle_xml_text(b, s, strlen(s));
}

static enum quire_status put_lang_attrs(struct quire_buf *b, const char *lang)
{
    enum quire_status rc = quire_buf_printf(b, " lang=\"%s\" xml:lang=\"%s\"", lang, lang);
    if (!rc && bundle_lang_is_rtl(lang))
        rc = put(b, " dir=\"rtl\"");
    return rc;
}

static enum quire_status html_head(struct quire_buf *b, const char *lang, const char *title,
                                   const char *css)
{
    enum quire_status rc = put(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                                  "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                                  "xmlns:epub=\"http://www.idpf.org/2007/ops\"");
    if (!rc)
        rc = put_lang_attrs(b, lang);
    if (!rc)
        rc = put(b, ">\n<head>\n<title>");
    if (!rc)
        rc = put_esc(b, title);
    if (!rc)
        rc = quire_buf_printf(b,
                              "</title>\n<link rel=\"stylesheet\" type=\"text/css\" "
                              "href=\"%s\"/>\n</head>\n",
                              css);
    return rc;
}

static enum quire_status article_xhtml(const struct article *a, struct quire_buf *b)
{
    enum quire_status rc = html_head(b, a->language, a->doc.title, "../style.css");
    if (!rc)
        rc = put(b, "<body>\n<article>\n");
    if (!rc && !a->doc.has_h1 && !(rc = put(b, "<h1>")) && !(rc = put_esc(b, a->doc.title)))
        rc = put(b, "</h1>\n");
    if (!rc && a->byline && !(rc = put(b, "<p class=\"byline\">")) && !(rc = put_esc(b, a->byline)))
        rc = put(b, "</p>\n");
    if (!rc)
        rc = quire_buf_append(b, a->doc.body, a->doc.body_len);
    if (!rc)
        rc = put(b, "</article>\n</body>\n</html>\n");
    return rc;
}

static enum quire_status nav_xhtml(const struct writer *w, struct quire_buf *b)
{
    const char *lang = w->opts->language ? w->opts->language : w->arts[0].language;
    enum quire_status rc = html_head(b, lang, "Contents", "style.css");
    if (!rc)
        rc = put(b, "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
    if (!rc)
        rc = put_esc(b, w->title);
    if (!rc)
        rc = put(b, "</h1>\n<ol>\n");
    for (size_t i = 0; i < w->n_arts && !rc; i++) {
        const struct article *a = &w->arts[i];
        bool first = i == 0 || strcmp(w->arts[i - 1].section, a->section) != 0;
        bool last = i + 1 == w->n_arts || strcmp(w->arts[i + 1].section, a->section) != 0;
        if (first && !(rc = put(b, "<li><span>")) && !(rc = put_esc(b, a->section)))
            rc = put(b, "</span>\n<ol>\n");
        if (!rc)
            rc = quire_buf_printf(b, "<li><a href=\"%s\"", a->path + strlen("OEBPS/"));
        if (!rc)
            rc = put_lang_attrs(b, a->language);
        if (!rc && !(rc = put(b, ">")) && !(rc = put_esc(b, a->doc.title)))
            rc = put(b, "</a></li>\n");
        if (!rc && last)
            rc = put(b, "</ol>\n</li>\n");
    }
    if (!rc)
        rc = put(b, "</ol>\n</nav>\n</body>\n</html>\n");
    return rc;
}

static enum quire_status opf_metadata(const struct writer *w, struct quire_buf *b,
                                      const struct bundle_manifest *m)
{
    char when[32];
    quire_time_format(w->created, when);
    enum quire_status rc =
        quire_buf_printf(b,
                         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                         "unique-identifier=\"bundle-id\" xml:lang=\"%s\">\n"
                         "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                         "<dc:identifier id=\"bundle-id\">%s</dc:identifier>\n<dc:title>",
                         m->languages[0], w->id);
    if (!rc)
        rc = put_esc(b, w->title);
    if (!rc)
        rc = put(b, "</dc:title>\n");
    for (size_t i = 0; i < m->n_languages && !rc; i++)
        rc = quire_buf_printf(b, "<dc:language>%s</dc:language>\n", m->languages[i]);
    if (!rc && !(rc = put(b, "<dc:publisher>")) && !(rc = put_esc(b, m->publisher)))
        rc = put(b, "</dc:publisher>\n");
    if (!rc)
        rc = quire_buf_printf(b,
                              "<dc:date>%s</dc:date>\n"
                              "<meta property=\"dcterms:modified\">%s</meta>\n</metadata>\n",
                              when, when);
    return rc;
}

static enum quire_status opf_xml(const struct writer *w, struct quire_buf *b,
                                 const struct bundle_manifest *m)
{
    enum quire_status rc = opf_metadata(w, b, m);
    if (!rc)
        rc = put(b, "<manifest>\n<item id=\"nav\" href=\"nav.xhtml\" "
                    "media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                    "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    for (size_t i = 0; i < w->n_arts && !rc; i++)
        rc = quire_buf_printf(b,
                              "<item id=\"a%05zu\" href=\"%s\" "
                              "media-type=\"application/xhtml+xml\"/>\n",
                              i + 1, w->arts[i].path + strlen("OEBPS/"));
    if (!rc)
        rc = put(b, "</manifest>\n<spine>\n");
    for (size_t i = 0; i < w->n_arts && !rc; i++)
        rc = quire_buf_printf(b, "<itemref idref=\"a%05zu\"/>\n", i + 1);
    if (!rc)
        rc = put(b, "</spine>\n</package>\n");
    return rc;
}

/* ---- entries and manifest ---- */

static enum quire_status add_entry(struct writer *w, const char *path, struct quire_buf *b)
{
    struct entry *e = &w->entries[w->n_entries++];
    e->path = path;
    e->data = quire_buf_steal(b, &e->len);
    return e->data ? QUIRE_OK : QUIRE_ENOMEM;
}

static enum quire_status add_static(struct writer *w, const char *path, const char *text)
{
    struct quire_buf b;
    quire_buf_init(&b, GENERATED_MAX);
    enum quire_status rc = quire_buf_puts(&b, text);
    if (!rc)
        rc = add_entry(w, path, &b);
    quire_buf_fini(&b);
    return rc;
}

typedef enum quire_status (*gen_fn)(const struct writer *w, struct quire_buf *b,
                                    const struct bundle_manifest *m);

static enum quire_status gen_nav(const struct writer *w, struct quire_buf *b,
                                 const struct bundle_manifest *m)
{
    return nav_xhtml(w, b);
}

static enum quire_status add_generated(struct writer *w, const char *path, gen_fn fn,
                                       const struct bundle_manifest *m)
{
    struct quire_buf b;
    quire_buf_init(&b, GENERATED_MAX);
    enum quire_status rc = fn(w, &b, m);
    if (!rc)
        rc = add_entry(w, path, &b);
    quire_buf_fini(&b);
    return rc;
}

/* Entries other than manifest and signature, in zip order. */
static enum quire_status build_entries(struct writer *w, const struct bundle_manifest *m)
{
    enum quire_status rc = add_static(w, "mimetype", "application/epub+zip");
    if (!rc)
        rc = add_static(w, "META-INF/container.xml",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<container version=\"1.0\" "
                        "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                        "<rootfiles>\n<rootfile full-path=\"" OPF_PATH "\" "
                        "media-type=\"application/oebps-package+xml\"/>\n"
                        "</rootfiles>\n</container>\n");
    if (!rc)
        rc = add_generated(w, OPF_PATH, opf_xml, m);
    if (!rc)
        rc = add_generated(w, NAV_PATH, gen_nav, m);
    if (!rc)
        rc = add_static(w, CSS_PATH, css_text);
    for (size_t i = 0; i < w->n_arts && !rc; i++) {
        struct quire_buf b;
        quire_buf_init(&b, QUIRE_ARTICLE_MAX_BYTES + 64 * 1024);
        rc = article_xhtml(&w->arts[i], &b);
        if (!rc)
            rc = add_entry(w, w->arts[i].path, &b);
        quire_buf_fini(&b);
    }
    return rc;
}

static bool has_language(const struct bundle_manifest *m, const char *lang)
{
    for (size_t i = 0; i < m->n_languages; i++)
        if (strcmp(m->languages[i], lang) == 0)
            return true;
    return false;
}

/* The manifest's bundle fields, articles and languages (borrowing the writer's strings). */
static enum quire_status manifest_head(struct writer *w, struct bundle_manifest *m)
{
    m->format_version = BUNDLE_FORMAT_VERSION;
    m->id = w->id;
    m->publisher = (char *)w->opts->publisher;
    m->sequence = w->sequence;
    m->created = w->created;
    m->languages = quire_calloc(w->n_arts + 1, sizeof *m->languages);
    m->articles = quire_calloc(w->n_arts, sizeof *m->articles);
    if (!m->languages || !m->articles)
        return QUIRE_ENOMEM;
    if (w->opts->language && bundle_lang_valid(w->opts->language))
        m->languages[m->n_languages++] = (char *)w->opts->language;
    for (size_t i = 0; i < w->n_arts; i++) {
        struct article *a = &w->arts[i];
        if (!has_language(m, a->language))
            m->languages[m->n_languages++] = a->language;
        m->articles[m->n_articles++] = (struct bundle_article_meta){.guid = a->guid,
                                                                    .title = a->doc.title,
                                                                    .byline = a->byline,
                                                                    .section = a->section,
                                                                    .language = a->language,
                                                                    .published = a->published,
                                                                    .updated = a->updated,
                                                                    .path = a->path};
    }
    return QUIRE_OK;
}

static enum quire_status manifest_files(struct writer *w, struct bundle_manifest *m)
{
    m->files = quire_calloc(w->n_entries, sizeof *m->files);
    if (!m->files)
        return QUIRE_ENOMEM;
    for (size_t i = 0; i < w->n_entries; i++) {
        struct bundle_file_meta *f = &m->files[m->n_files++];
        f->path = (char *)w->entries[i].path;
        f->size = w->entries[i].len;
        quire_sha256_hex(w->entries[i].data, w->entries[i].len, f->sha256);
    }
    return QUIRE_OK;
}

/* Frees only what manifest_head/manifest_files allocated (the strings are borrowed). */
static void manifest_release(struct bundle_manifest *m)
{
    quire_free(m->languages);
    quire_free(m->articles);
    quire_free(m->files);
}

/* ---- the zip ---- */

static enum quire_status entry_add(zip_t *za, const char *path, const char *data, size_t len,
                                   bool store)
{
    zip_source_t *src = zip_source_buffer(za, data, len, 0);
    if (!src)
        return QUIRE_ENOMEM;
    zip_int64_t idx = zip_file_add(za, path, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return QUIRE_EIO;
    }
    zip_uint32_t method = store ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    if (zip_set_file_compression(za, (zip_uint64_t)idx, method, 0) != 0)
        return QUIRE_EIO;
    return QUIRE_OK;
}

/* Writes the zip to tmp (libzip itself writes a temp file and renames it), then fsyncs. */
static enum quire_status write_zip(struct writer *w, const char *tmp, const char *manifest,
                                   const char *sig, struct quire_err *err)
{
    int ze = 0;
    zip_t *za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!za)
        return quire_err_set(err, QUIRE_EIO, "%s: cannot create the bundle", tmp);
    enum quire_status rc =
        entry_add(za, w->entries[0].path, w->entries[0].data, w->entries[0].len, true);
    if (!rc)
        rc = entry_add(za, w->entries[1].path, w->entries[1].data, w->entries[1].len, false);
    if (!rc)
        rc = entry_add(za, BUNDLE_MANIFEST_PATH, manifest, strlen(manifest), false);
    if (!rc)
        rc = entry_add(za, BUNDLE_SIGNATURE_PATH, sig, strlen(sig), true);
    for (size_t i = 2; i < w->n_entries && !rc; i++)
        rc = entry_add(za, w->entries[i].path, w->entries[i].data, w->entries[i].len, false);
    if (rc) {
        quire_err_set(err, rc, "%s: %s", tmp, zip_strerror(za));
        zip_discard(za);
        return rc;
    }
    if (zip_close(za) != 0) {
        rc = quire_err_set(err, QUIRE_EIO, "%s: cannot write (%s)", tmp, zip_strerror(za));
        zip_discard(za);
        return rc;
    }
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0)
        rc = quire_err_set(err, QUIRE_EIO, "%s: %s", tmp, strerror(errno));
    if (fd >= 0)
        close(fd);
    return rc;
}

static enum quire_status sign_and_write(struct writer *w, const char *out_path,
                                        struct bundle_manifest *m, struct quire_err *err)
{
    char *json = NULL, *sig = NULL, tc[MINISIGN_COMMENT_MAX];
    enum quire_status rc = bundle_manifest_write(m, &json, err);
    if (!rc && bundle_trusted_comment(m, tc, sizeof tc))
        rc = quire_err_set(err, QUIRE_EINVAL, "publisher name too long");
    if (!rc)
        rc = minisign_sign(w->opts->key, json, strlen(json), tc, &sig, err);
    size_t n = strlen(out_path) + 16;
    char *tmp = rc ? NULL : quire_malloc(n);
    if (!rc && !tmp)
        rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    if (!rc) {
        snprintf(tmp, n, "%s.tmp%ld", out_path, (long)getpid());
        rc = write_zip(w, tmp, json, sig, err);
        if (!rc && rename(tmp, out_path) != 0)
            rc = quire_err_set(err, QUIRE_EIO, "%s: %s", out_path, strerror(errno));
        if (rc)
            unlink(tmp);
    }
    quire_free(tmp);
    quire_free(json);
    quire_free(sig);
    return rc;
}

/* ---- bundle_create ---- */

static void uuid_v4(char out[64])
{
    uint8_t u[16];
    randombytes_buf(u, sizeof u);
    u[6] = (uint8_t)((u[6] & 0x0F) | 0x40);
    u[8] = (uint8_t)((u[8] & 0x3F) | 0x80);
    char hex[33];
    quire_hex_encode(u, sizeof u, hex);
    snprintf(out, 64, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
             hex + 20);
}

static void writer_fini(struct writer *w)
{
    for (size_t i = 0; i < w->n_arts; i++) {
        struct article *a = &w->arts[i];
        bundle_doc_fini(&a->doc);
        quire_free(a->guid);
        quire_free(a->section);
        quire_free(a->language);
        quire_free(a->byline);
        quire_free(a->path);
    }
    quire_free(w->arts);
    for (size_t i = 0; i < w->n_entries; i++)
        quire_free(w->entries[i].data);
    quire_free(w->entries);
}

static enum quire_status check_opts(const struct bundle_create_opts *o, size_t n,
                                    struct quire_err *err)
{
    if (!o->key)
        return quire_err_set(err, QUIRE_EINVAL, "no secret key to sign with");
    if (!o->publisher || !*o->publisher || strlen(o->publisher) > 200)
        return quire_err_set(err, QUIRE_EINVAL, "publisher name empty or longer than 200 bytes");
    if (!quire_utf8_valid(o->publisher, strlen(o->publisher), NULL) ||
        (o->title && !quire_utf8_valid(o->title, strlen(o->title), NULL)))
        return quire_err_set(err, QUIRE_EUTF8, "publisher or title is not valid UTF-8");
    if (o->language && !bundle_lang_valid(o->language))
        return quire_err_set(err, QUIRE_EINVAL, "language '%s' is not a BCP 47 tag", o->language);
    if (n == 0 || n > QUIRE_BUNDLE_MAX_ARTICLES)
        return quire_err_set(err, QUIRE_EINVAL, "need 1 to %d inputs", QUIRE_BUNDLE_MAX_ARTICLES);
    if (o->sequence < 0 || o->created < 0)
        return quire_err_set(err, QUIRE_EINVAL, "sequence and created time must be positive");
    return QUIRE_OK;
}

enum quire_status bundle_create(const char *out_path, const struct bundle_input *inputs,
                                size_t n_inputs, const struct bundle_create_opts *opts,
                                struct quire_err *err)
{
    enum quire_status rc = check_opts(opts, n_inputs, err);
    if (rc)
        return rc;
    if (sodium_init() < 0)
        return quire_err_set(err, QUIRE_EIO, "libsodium failed to initialise");
    struct writer w = {.opts = opts};
    struct bundle_manifest m = {0};
    w.created = opts->created ? opts->created : quire_now();
    w.sequence = opts->sequence ? opts->sequence : quire_now();
    uuid_v4(w.id);
    char day[32];
    quire_time_format(w.created, day);
    day[10] = '\0';
    snprintf(w.title, sizeof w.title, "%s", opts->title ? opts->title : "");
    if (!opts->title)
        snprintf(w.title, sizeof w.title, "%.200s, %s", opts->publisher, day);
    w.arts = quire_calloc(n_inputs, sizeof *w.arts);
    w.entries = quire_calloc(n_inputs + 8, sizeof *w.entries);
    if (!w.arts || !w.entries)
        rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_inputs && !rc; i++, w.n_arts++)
        rc = load_article(&w, &inputs[i], &w.arts[i], err);
    if (!rc)
        rc = order_articles(&w, err);
    if (!rc && (rc = manifest_head(&w, &m)))
        quire_err_set(err, rc, "out of memory");
    if (!rc && (rc = build_entries(&w, &m)))
        quire_err_set(err, rc, "%s: %s", out_path,
                      rc == QUIRE_ETOOBIG ? "a generated file is too large" : quire_strerror(rc));
    if (!rc && (rc = manifest_files(&w, &m)))
        quire_err_set(err, rc, "out of memory");
    if (!rc)
        rc = sign_and_write(&w, out_path, &m, err);
    manifest_release(&m);
    writer_fini(&w);
    return rc;
}
