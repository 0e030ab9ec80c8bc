/* bundle_import_worker: the importer's worker thread. For each article in order, at most a
 * window ahead of the writer: read it (hashing it against the manifest while the bytes are in
 * memory), check UTF-8 and well-formed XHTML, extract its text and collect the images it
 * refers to; then verify every file of the bundle. The writer (bundle_import.c) waits on it
 * article by article and commits only when it has finished without a fault. */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_import_internal.h"
#include "config.h"

/* ---- the manifest's files by path: sorted once, searched per article and image ---- */

static int compare_file_path(const void *a, const void *b)
{
    const struct bundle_file_meta *const *x = a, *const *y = b;
    return strcmp((*x)->path, (*y)->path);
}

enum quire_status bundle_import_index_files(struct bundle_import_job *job, struct quire_err *err)
{
    size_t n = job->m->n_files;
    job->files_by_path = quire_calloc(n ? n : 1, sizeof *job->files_by_path);
    if (!job->files_by_path)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", job->path);
    for (size_t i = 0; i < n; i++)
        job->files_by_path[i] = &job->m->files[i];
    qsort(job->files_by_path, n, sizeof *job->files_by_path, compare_file_path);
    return QUIRE_OK;
}

const struct bundle_file_meta *bundle_import_find_file(const struct bundle_import_job *job,
                                                       const char *path)
{
    struct bundle_file_meta key = {.path = (char *)path};
    const struct bundle_file_meta *kp = &key;
    const struct bundle_file_meta *const *hit = bsearch(
        &kp, job->files_by_path, job->m->n_files, sizeof *job->files_by_path, compare_file_path);
    return hit ? *hit : NULL;
}

static enum quire_status parse_article(struct bundle_import_job *job,
                                       struct bundle_import_prepared *p, struct quire_err *err)
{
    const char *entry = p->meta->path;
    enum quire_status rc =
        bundle_read_entry(job->b, entry, QUIRE_ARTICLE_MAX_BYTES, &p->body, &p->body_len, err);
    if (rc)
        return rc;
    /* Hashed here, while the bytes are in memory, so verification need not inflate the
     * article a second time. */
    const struct bundle_file_meta *f = job->verified ? bundle_import_find_file(job, entry) : NULL;
    if (f && (rc = bundle_check_entry(job->b, f, p->body, p->body_len, err)) != QUIRE_OK)
        return rc;
    size_t bad;
    if (!quire_utf8_valid(p->body, p->body_len, &bad))
        return quire_err_set(err, QUIRE_EUTF8, "%s: article %s: invalid UTF-8 at byte %zu",
                             job->path, entry, bad);
    /* NONET: never fetch a DTD; no NOENT: entities are not expanded (no billion laughs). */
    int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    p->doc = xmlReadMemory(p->body, (int)p->body_len, entry, "UTF-8", flags);
    if (!p->doc) {
        const xmlError *xe = xmlGetLastError();
        return quire_err_set(
            err, QUIRE_EFORMAT, "%s: article %s is not well-formed XHTML (line %d: %.120s)",
            job->path, entry, xe ? xe->line : 0, xe && xe->message ? xe->message : "parse error");
    }
    struct quire_buf buf;
    quire_buf_init(&buf, QUIRE_ARTICLE_MAX_BYTES);
    rc = bundle_import_text(xmlDocGetRootElement(p->doc), &buf);
    if (rc) {
        quire_buf_fini(&buf);
        return quire_err_set(err, rc, "%s: article %s: %s", job->path, entry, quire_strerror(rc));
    }
    p->text = quire_buf_steal(&buf, NULL);
    if (!p->text)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", job->path);
    bundle_import_drop_leading(p->text, p->meta->title);
    bundle_import_drop_leading(p->text, p->meta->byline);
    return QUIRE_OK;
}

/* ---- media: images an article refers to, resolved against its own path ---- */

static bool resolve_relative(const char *base, const char *ref, char *out, size_t n)
{
    if (strstr(ref, "://") || ref[0] == '/' || strncmp(ref, "data:", 5) == 0)
        return false; /* remote or absolute: never fetched, never stored */
    const char *slash = strrchr(base, '/');
    size_t dir = slash ? (size_t)(slash - base + 1) : 0;
    if (dir + strlen(ref) >= n)
        return false;
    memcpy(out, base, dir);
    strcpy(out + dir, ref);
    /* Fold "x/../" segments; a path that climbs out of the container is dropped. */
    char *p;
    while ((p = strstr(out, "/../")) != NULL) {
        char *start = p;
        while (start > out && start[-1] != '/')
            start--;
        if (start == p)
            return false;
        memmove(start, p + 4, strlen(p + 4) + 1);
    }
    return strncmp(out, "../", 3) != 0;
}

static enum quire_status add_media_ref(struct bundle_import_job *job, size_t art, const char *path)
{
    if (job->n_media == job->cap_media) {
        size_t cap = job->cap_media ? job->cap_media * 2 : 16;
        struct bundle_import_media *m = quire_realloc(job->media, cap * sizeof *m);
        if (!m)
            return QUIRE_ENOMEM;
        job->media = m;
        job->cap_media = cap;
    }
    char *copy = quire_strdup(path);
    if (!copy)
        return QUIRE_ENOMEM;
    job->media[job->n_media++] = (struct bundle_import_media){.article = art, .path = copy};
    return QUIRE_OK;
}

static enum quire_status collect_images(struct bundle_import_job *job, size_t art, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(n->name, (const xmlChar *)"img") == 0) {
            xmlChar *src = xmlGetProp(n, (const xmlChar *)"src");
            char resolved[QUIRE_PATH_MAX_BYTES];
            enum quire_status rc = QUIRE_OK;
            if (src &&
                resolve_relative(job->arts[art].meta->path, (const char *)src, resolved,
                                 sizeof resolved) &&
                bundle_import_find_file(job, resolved))
                rc = add_media_ref(job, art, resolved);
            xmlFree(src);
            if (rc)
                return rc;
        }
        enum quire_status rc = collect_images(job, art, n->children);
        if (rc)
            return rc;
    }
    return QUIRE_OK;
}

/* ---- preparation of one article ---- */

static enum quire_status prepare_article(struct bundle_import_job *job, size_t i,
                                         struct quire_err *err)
{
    job->arts[i].meta = &job->m->articles[i];
    enum quire_status rc = parse_article(job, &job->arts[i], err);
    if (!rc)
        rc = collect_images(job, i, xmlDocGetRootElement(job->arts[i].doc));
    if (rc == QUIRE_ENOMEM && !err->msg[0])
        quire_err_set(err, rc, "%s: out of memory", job->path);
    xmlFreeDoc(job->arts[i].doc); /* the tree is only needed for checks and text */
    job->arts[i].doc = NULL;
    return rc;
}

/* ---- the worker: prepares articles in order, then verifies every file ---- */

/* Waits while article i would run too far ahead of the writer, so that only a window of
 * prepared articles is held in memory however large the bundle; false once cancelled. */
static bool pipeline_may_prepare(struct bundle_import_pipeline *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    if (!p->cancelled && i >= p->written + p->ahead) {
        /* Resume only when half the window is free: one wake-up per half window, not one
         * per article. Rounded up, so that a window of one still lets article i be prepared
         * once i - 1 is written (the writer is waiting for it). */
        p->worker_waits = true;
        while (!p->cancelled && i >= p->written + (p->ahead + 1) / 2)
            pthread_cond_wait(&p->cv, &p->mu);
        p->worker_waits = false;
    }
    bool go = !p->cancelled;
    pthread_mutex_unlock(&p->mu);
    return go;
}

void bundle_import_written(struct bundle_import_pipeline *p, struct bundle_import_job *job,
                           size_t i)
{
    quire_free(job->arts[i].body);
    quire_free(job->arts[i].text);
    job->arts[i].body = job->arts[i].text = NULL;
    pthread_mutex_lock(&p->mu);
    p->written = i + 1;
    if (p->worker_waits)
        pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void *bundle_import_worker(void *arg)
{
    struct bundle_import_pipeline *p = arg;
    struct bundle_import_job *job = p->job;
    struct quire_err err;
    quire_err_clear(&err);
    enum quire_status rc = QUIRE_OK;
    for (size_t i = 0; !rc && i < job->n_arts; i++) {
        if (!pipeline_may_prepare(p, i)) {
            rc = QUIRE_ECANCELED;
            break;
        }
        rc = prepare_article(job, i, &err);
        if (!rc) {
            pthread_mutex_lock(&p->mu);
            p->ready = i + 1;
            pthread_cond_broadcast(&p->cv);
            pthread_mutex_unlock(&p->mu);
        }
    }
    if (!rc && job->verified) /* sizes, SHA-256 of every file, no unlisted entries */
        rc = bundle_verify(job->b, NULL, &err);
    pthread_mutex_lock(&p->mu);
    p->rc = rc;
    p->err = err;
    p->finished = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

enum quire_status bundle_import_wait(struct bundle_import_pipeline *p, size_t i, bool want_all,
                                     struct quire_err *err)
{
    pthread_mutex_lock(&p->mu);
    while (!p->finished && (want_all || p->ready <= i))
        pthread_cond_wait(&p->cv, &p->mu);
    enum quire_status rc = QUIRE_OK;
    if (p->finished && p->rc && (want_all || p->ready <= i)) {
        rc = p->rc;
        *err = p->err;
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void bundle_import_cancel(struct bundle_import_pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    p->cancelled = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}
