/* bundle_write_internal: what the writer's files share (bundle_write.c builds entries and the
 * zip, bundle_write_input.c reads inputs into articles, bundle_write_xhtml.c generates the
 * article, navigation and package documents). Not part of the bundle module's API. */
#ifndef QUIRE_BUNDLE_WRITE_INTERNAL_H
#define QUIRE_BUNDLE_WRITE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "bundle_internal.h"

struct bundle_writer_article {
    struct bundle_doc doc;
    char *guid, *section, *language, *byline, *path;
    const char *input; /* the input file (borrowed), for messages */
    int64_t published, updated;
    size_t order; /* input position, for a stable sort */
    size_t section_rank;
};

struct bundle_writer_entry;

struct bundle_writer {
    const struct bundle_create_opts *opts;
    struct bundle_writer_article *arts;
    size_t n_arts;
    struct bundle_writer_entry *entries;
    size_t n_entries;
    char **media_paths; /* OEBPS/images/NAME of opts->media[i] */
    char id[64];
    char title[512];
    int64_t created, sequence;
};

/* One input read, checked and converted into article a (zeroed by the caller; its strings are
 * the writer's to free, also after a failure). */
enum quire_status bundle_writer_load_article(struct bundle_writer *w, const struct bundle_input *in,
                                             struct bundle_writer_article *a,
                                             struct quire_err *err);
/* Sections in order of first appearance; articles stably inside them; then paths. Refuses two
 * inputs with the same guid. */
enum quire_status bundle_writer_order_articles(struct bundle_writer *w, struct quire_err *err);

/* The documents, appended to b (which carries the size cap). */
enum quire_status bundle_writer_article_xhtml(const struct bundle_writer_article *a,
                                              struct quire_buf *b);
enum quire_status bundle_writer_nav_xhtml(const struct bundle_writer *w, struct quire_buf *b);
enum quire_status bundle_writer_opf_xml(const struct bundle_writer *w, struct quire_buf *b,
                                        const struct bundle_manifest *m);

#endif
