/* bundle_import_internal: what the importer's files share (bundle_import.c writes,
 * bundle_import_worker.c prepares and verifies, bundle_import_text.c extracts text). Not part
 * of the bundle module's API: other modules use bundle_import.h. */
#ifndef QUIRE_BUNDLE_IMPORT_INTERNAL_H
#define QUIRE_BUNDLE_IMPORT_INTERNAL_H

#include <libxml/tree.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "bundle.h"
#include "quire_error.h"
#include "quire_util.h"

/* One article prepared for the transaction. */
struct bundle_import_prepared {
    const struct bundle_article_meta *meta;
    char *body; /* XHTML as in the bundle */
    size_t body_len;
    char *text; /* plain text, paragraphs separated by blank lines */
    xmlDocPtr doc;
};

struct bundle_import_media {
    size_t article; /* index into job->arts */
    char *path;     /* resolved entry path */
};

struct bundle_import_job {
    const char *path;
    bundle *b;
    const struct bundle_manifest *m;
    struct bundle_import_prepared *arts;
    size_t n_arts;
    struct bundle_import_media *media;
    size_t n_media, cap_media;
    const struct bundle_file_meta **files_by_path;
    bool verified;
    char keyid[17];
};

/* The manifest's files sorted by path once (job->files_by_path), searched per article and
 * image; NULL if path is not listed. */
enum quire_status bundle_import_index_files(struct bundle_import_job *job, struct quire_err *err);
const struct bundle_file_meta *bundle_import_find_file(const struct bundle_import_job *job,
                                                       const char *path);

/* The worker thread and the writer meet here: the worker prepares articles in order, at most
 * a window ahead of the writer, then verifies every file. */
struct bundle_import_pipeline {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t ready;      /* articles 0..ready-1 are prepared */
    size_t written;    /* articles 0..written-1 are in the store and their text freed */
    bool worker_waits; /* the worker is ahead by a full window, waiting for half of it */
    size_t ahead;      /* the window: articles prepared but not yet written, at most */
    bool finished;     /* the worker is done; rc says how it went */
    bool cancelled;    /* the main thread failed: stop early */
    enum quire_status rc;
    struct quire_err err;
    struct bundle_import_job *job;
};

/* The worker thread's start routine; arg is the pipeline. */
void *bundle_import_worker(void *arg);
/* Waits until article i is prepared (want_all: until the worker is done). On a worker failure
 * copies its error into err. */
enum quire_status bundle_import_wait(struct bundle_import_pipeline *p, size_t i, bool want_all,
                                     struct quire_err *err);
/* The writer is done with article i: its text is freed and the worker may go on. */
void bundle_import_written(struct bundle_import_pipeline *p, struct bundle_import_job *job,
                           size_t i);
/* The writer failed: the worker stops at its next article. */
void bundle_import_cancel(struct bundle_import_pipeline *p);

/* Appends the plain text of an XHTML tree's <body> (root's, else root itself) to buf:
 * paragraphs separated by blank lines, white space folded, scripts and styles left out. */
enum quire_status bundle_import_text(xmlNodePtr root, struct quire_buf *buf);
/* Drops a leading paragraph of text equal to s (the document's own <h1> title or byline
 * line): the header that `show` and the reader draw already carries them. */
bool bundle_import_drop_leading(char *text, const char *s);

#endif
