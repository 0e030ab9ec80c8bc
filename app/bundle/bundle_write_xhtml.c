/* bundle_write_xhtml: the documents the writer generates: each article's XHTML (its title as
 * an <h1> unless it has one, its byline), the EPUB navigation document grouped by section,
 * and the OPF package (metadata, manifest, spine in reading order). Text is XML-escaped and
 * every element carries its language (and dir="rtl" for right-to-left scripts). */
#include <string.h>

#include "bundle_write_internal.h"

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

enum quire_status bundle_writer_article_xhtml(const struct bundle_writer_article *a,
                                              struct quire_buf *b)
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

enum quire_status bundle_writer_nav_xhtml(const struct bundle_writer *w, struct quire_buf *b)
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
        const struct bundle_writer_article *a = &w->arts[i];
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

static enum quire_status opf_metadata(const struct bundle_writer *w, struct quire_buf *b,
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

enum quire_status bundle_writer_opf_xml(const struct bundle_writer *w, struct quire_buf *b,
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
    for (size_t i = 0; i < w->opts->n_media && !rc; i++)
        rc = quire_buf_printf(b, "<item id=\"m%05zu\" href=\"%s\" media-type=\"%s\"/>\n", i + 1,
                              w->media_paths[i] + strlen("OEBPS/"), w->opts->media[i].mime);
    if (!rc)
        rc = put(b, "</manifest>\n<spine>\n");
    for (size_t i = 0; i < w->n_arts && !rc; i++)
        rc = quire_buf_printf(b, "<itemref idref=\"a%05zu\"/>\n", i + 1);
    if (!rc)
        rc = put(b, "</spine>\n</package>\n");
    return rc;
}
