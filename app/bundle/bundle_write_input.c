/* bundle_write_input: the writer's inputs read into articles: each .txt or .html/.xhtml file
 * converted (bundle_html.c), its section, language and byline checked, its guid and dates
 * taken from the input, else the document, else the edition; then the articles ordered by
 * section, as the spine and the navigation list them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle_write_internal.h"
#include "config.h"

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static enum quire_status load_doc(const struct bundle_writer *w, const struct bundle_input *in,
                                  struct bundle_doc *doc, struct quire_err *err)
{
    const char *path = in->path;
    const struct bundle_media *media = w->opts->media;
    size_t n_media = w->opts->n_media;
    if (in->html) {
        if (in->html_len > QUIRE_ARTICLE_MAX_BYTES)
            return quire_err_set(err, QUIRE_ETOOBIG, "%s: article too large", path);
        return bundle_doc_from_html_media(path, in->html, in->html_len, media, n_media, doc, err);
    }
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
                 : bundle_doc_from_html_media(path, data, len, media, n_media, doc, err);
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

enum quire_status bundle_writer_load_article(struct bundle_writer *w, const struct bundle_input *in,
                                             struct bundle_writer_article *a, struct quire_err *err)
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
    a->input = in->path;
    enum quire_status rc = load_doc(w, in, &a->doc, err);
    if (rc)
        return rc;
    const char *byline = in->byline ? in->byline : a->doc.byline;
    /* Identity and dates: what the input says, else what the document says, else this
     * edition. A story re-issued with a correction keeps its guid and published time and gets
     * a newer updated time, so readers replace the old version. */
    a->guid = in->guid      ? quire_strdup(in->guid)
              : a->doc.guid ? quire_strdup(a->doc.guid)
                            : guid_from_path(in->path);
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
    const struct bundle_writer_article *a = pa, *b = pb;
    if (a->section_rank != b->section_rank)
        return a->section_rank < b->section_rank ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

enum quire_status bundle_writer_order_articles(struct bundle_writer *w, struct quire_err *err)
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
                return quire_err_set(
                    err, QUIRE_EDUPLICATE,
                    "%s and %s would get the same article guid '%s' (a "
                    "reader would keep only the first): give each its own (by default the "
                    "file name)",
                    w->arts[j].input, w->arts[i].input, w->arts[i].guid);
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
