/* bundle_write: bundle_create, the writer of signed bundles. Every input becomes one article
 * document; articles are grouped by section (sections in order of first appearance, inputs in
 * order within a section), which is both the spine's reading order and the navigation's.
 * The zip holds, in this order: mimetype (first, stored), META-INF/container.xml, the Quire
 * manifest and its signature, OEBPS/content.opf, OEBPS/nav.xhtml, OEBPS/style.css and
 * OEBPS/articles/aNNNNN.xhtml. The file appears at out_path only when complete (temp + rename).
 * Start reading at bundle_create(). This file builds the entries, the manifest and the zip;
 * inputs become articles in bundle_write_input.c, documents are generated in bundle_write_xhtml.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "bundle_write_internal.h"
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

struct bundle_writer_entry {
    const char *path;
    char *data;
    size_t len;
};

/* ---- entries and manifest ---- */

static enum quire_status add_entry(struct bundle_writer *w, const char *path, struct quire_buf *b)
{
    struct bundle_writer_entry *e = &w->entries[w->n_entries++];
    e->path = path;
    e->data = quire_buf_steal(b, &e->len);
    return e->data ? QUIRE_OK : QUIRE_ENOMEM;
}

static enum quire_status add_static(struct bundle_writer *w, const char *path, const char *text)
{
    struct quire_buf b;
    quire_buf_init(&b, GENERATED_MAX);
    enum quire_status rc = quire_buf_puts(&b, text);
    if (!rc)
        rc = add_entry(w, path, &b);
    quire_buf_fini(&b);
    return rc;
}

typedef enum quire_status (*gen_fn)(const struct bundle_writer *w, struct quire_buf *b,
                                    const struct bundle_manifest *m);

static enum quire_status gen_nav(const struct bundle_writer *w, struct quire_buf *b,
                                 const struct bundle_manifest *m)
{
    return bundle_writer_nav_xhtml(w, b);
}

static enum quire_status add_generated(struct bundle_writer *w, const char *path, gen_fn fn,
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
static enum quire_status build_entries(struct bundle_writer *w, const struct bundle_manifest *m)
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
        rc = add_generated(w, OPF_PATH, bundle_writer_opf_xml, m);
    if (!rc)
        rc = add_generated(w, NAV_PATH, gen_nav, m);
    if (!rc)
        rc = add_static(w, CSS_PATH, css_text);
    for (size_t i = 0; i < w->n_arts && !rc; i++) {
        struct quire_buf b;
        quire_buf_init(&b, QUIRE_ARTICLE_MAX_BYTES + 64 * 1024);
        rc = bundle_writer_article_xhtml(&w->arts[i], &b);
        if (!rc)
            rc = add_entry(w, w->arts[i].path, &b);
        quire_buf_fini(&b);
    }
    for (size_t i = 0; i < w->opts->n_media && !rc; i++) {
        const struct bundle_media *md = &w->opts->media[i];
        struct quire_buf b;
        quire_buf_init(&b, QUIRE_BUNDLE_MAX_ENTRY_BYTES);
        rc = quire_buf_append(&b, md->data, md->len);
        if (!rc)
            rc = add_entry(w, w->media_paths[i], &b);
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
static enum quire_status manifest_head(struct bundle_writer *w, struct bundle_manifest *m)
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
        struct bundle_writer_article *a = &w->arts[i];
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

static enum quire_status manifest_files(struct bundle_writer *w, struct bundle_manifest *m)
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
static enum quire_status write_zip(struct bundle_writer *w, const char *tmp, const char *manifest,
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

static enum quire_status sign_and_write(struct bundle_writer *w, const char *out_path,
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

static void writer_fini(struct bundle_writer *w)
{
    for (size_t i = 0; i < w->n_arts; i++) {
        struct bundle_writer_article *a = &w->arts[i];
        bundle_doc_fini(&a->doc);
        quire_free(a->guid);
        quire_free(a->section);
        quire_free(a->language);
        quire_free(a->byline);
        quire_free(a->path);
    }
    quire_free(w->arts);
    for (size_t i = 0; w->media_paths && i < w->opts->n_media; i++)
        quire_free(w->media_paths[i]);
    quire_free(w->media_paths);
    for (size_t i = 0; i < w->n_entries; i++)
        quire_free(w->entries[i].data);
    quire_free(w->entries);
}

static bool media_name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= 100 && s[0] != '.' && quire_plain_name(s);
}

static enum quire_status check_media(const struct bundle_create_opts *o, struct quire_err *err)
{
    static const char *const types[] = {"image/jpeg", "image/png", "image/gif", "image/webp"};
    if (o->n_media > QUIRE_BUNDLE_MAX_ENTRIES / 2)
        return quire_err_set(err, QUIRE_EINVAL, "more than %d pictures",
                             (int)(QUIRE_BUNDLE_MAX_ENTRIES / 2));
    for (size_t i = 0; i < o->n_media; i++) {
        const struct bundle_media *m = &o->media[i];
        bool typed = false;
        for (size_t t = 0; t < 4 && m->mime; t++)
            typed |= strcmp(m->mime, types[t]) == 0;
        if (!m->name || !media_name_ok(m->name) || !typed || !m->data ||
            m->len > (size_t)QUIRE_BUNDLE_MAX_ENTRY_BYTES)
            return quire_err_set(err, QUIRE_EINVAL,
                                 "picture '%.100s': a name of letters, digits, '.', '_' or '-', "
                                 "a JPEG, PNG, GIF or WebP type and at most %lld bytes",
                                 m->name ? m->name : "", (long long)QUIRE_BUNDLE_MAX_ENTRY_BYTES);
        for (size_t j = 0; j < i; j++)
            if (strcmp(o->media[j].name, m->name) == 0)
                return quire_err_set(err, QUIRE_EDUPLICATE, "two pictures named '%s'", m->name);
    }
    return QUIRE_OK;
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
    return check_media(o, err);
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
    struct bundle_writer w = {.opts = opts};
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
    w.entries = quire_calloc(n_inputs + opts->n_media + 8, sizeof *w.entries);
    w.media_paths = quire_calloc(opts->n_media + 1, sizeof *w.media_paths);
    if (!w.arts || !w.entries || !w.media_paths)
        rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    for (size_t i = 0; i < opts->n_media && !rc; i++) {
        struct quire_buf b;
        quire_buf_init(&b, 256);
        if (quire_buf_printf(&b, "OEBPS/images/%s", opts->media[i].name) ||
            !(w.media_paths[i] = quire_buf_steal(&b, NULL)))
            rc = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        quire_buf_fini(&b);
    }
    for (size_t i = 0; i < n_inputs && !rc; i++, w.n_arts++)
        rc = bundle_writer_load_article(&w, &inputs[i], &w.arts[i], err);
    if (!rc)
        rc = bundle_writer_order_articles(&w, err);
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
