/* bundle_import: moves one bundle into the store, all of it or none of it (see the header).
 * Trust comes first: the signer must be a trusted key and the manifest's signature must verify
 * before anything is written. Then two threads share the work: a worker checks each article
 * (UTF-8, well-formed XHTML), extracts its text, and afterwards checks every file against its
 * SHA-256, while the main thread writes the articles it is handed into one open transaction.
 * The transaction commits only when the worker has found nothing wrong; any failure, on either
 * side, rolls it back and leaves the library exactly as it was. */
#include "bundle_import.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "config.h"
#include "quire_util.h"

/* One article prepared for the transaction. */
struct prepared {
    const struct bundle_article_meta *meta;
    char *body; /* XHTML as in the bundle */
    size_t body_len;
    char *text; /* plain text, paragraphs separated by blank lines */
    xmlDocPtr doc;
};

struct media_ref {
    size_t article; /* index into prepared[] */
    char *path;     /* resolved entry path */
};

struct import_job {
    const char *path;
    bundle *b;
    const struct bundle_manifest *m;
    struct prepared *arts;
    size_t n_arts;
    struct media_ref *media;
    size_t n_media, cap_media;
    const struct bundle_file_meta **files_by_path;
    bool verified;
    char keyid[17];
};

/* ---- trust ---- */

static enum quire_status check_trust(store *s, struct import_job *job,
                                     const struct bundle_import_opts *opts, struct quire_err *err)
{
    if (!bundle_is_signed(job->b)) {
        if (opts && opts->allow_unsigned)
            return QUIRE_OK;
        return quire_err_set(err, QUIRE_ESIGNATURE,
                             "%s: not a signed Quire bundle (no manifest signature); "
                             "--allow-unsigned imports it as unverified",
                             job->path);
    }
    const struct minisign_sig *sig = bundle_get_signature(job->b);
    minisign_keyid_hex(sig->keyid, job->keyid);
    struct store_key key;
    struct quire_err kerr;
    enum quire_status rc = store_key_find(s, job->keyid, &key, &kerr);
    if (rc == QUIRE_ENOTFOUND)
        return quire_err_set(err, QUIRE_EUNTRUSTED,
                             "%s: signed by untrusted key %s (publisher \"%s\"); "
                             "trust it with `quire trust add`",
                             job->path, job->keyid, job->m->publisher ? job->m->publisher : "?");
    if (rc) {
        *err = kerr;
        return rc;
    }
    struct minisign_pubkey pk;
    memcpy(pk.keyid, sig->keyid, sizeof pk.keyid);
    memcpy(pk.pk, key.pk, sizeof pk.pk);
    rc = bundle_verify_signature(job->b, &pk, err);
    if (rc)
        return rc;
    /* Every file's hash is still to be checked (by the worker): until then the transaction
     * that holds these articles cannot commit. */
    job->verified = true;
    return QUIRE_OK;
}

/* ---- XHTML -> plain text ---- */

static bool is_block(const xmlChar *name)
{
    static const char *const blocks[] = {
        "p",          "h1",      "h2",      "h3",     "h4",     "h5",         "h6",
        "li",         "dt",      "dd",      "pre",    "div",    "blockquote", "tr",
        "figcaption", "section", "article", "header", "footer", "aside",      "hr",
        "br",         "table",   "ul",      "ol",     NULL};
    for (const char *const *b = blocks; *b; b++)
        if (xmlStrcasecmp(name, (const xmlChar *)*b) == 0)
            return true;
    return false;
}

static bool is_skipped(const xmlChar *name)
{
    return xmlStrcasecmp(name, (const xmlChar *)"script") == 0 ||
           xmlStrcasecmp(name, (const xmlChar *)"style") == 0 ||
           xmlStrcasecmp(name, (const xmlChar *)"head") == 0;
}

struct text_out {
    struct quire_buf *buf;
    bool pending_space;
    bool pending_break;
    enum quire_status rc;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Length of the run at s that needs no folding: words joined by single spaces. */
static size_t clean_run(const char *s)
{
    size_t n = 0;
    for (;;) {
        n += strcspn(s + n, " \n\t\r");
        if (s[n] != ' ' || !s[n + 1] || is_space(s[n + 1]))
            return n;
        n++;
    }
}

/* Appends a text node with runs of white space folded to one space. Text set with single
 * spaces between words goes in as one piece. */
static void put_text(struct text_out *t, const char *s)
{
    while (*s && !t->rc) {
        if (is_space(*s)) {
            t->pending_space = true;
            s++;
            continue;
        }
        size_t n = clean_run(s);
        if (t->buf->len > 0 && t->pending_break)
            t->rc = quire_buf_append(t->buf, "\n\n", 2);
        else if (t->buf->len > 0 && t->pending_space)
            t->rc = quire_buf_append(t->buf, " ", 1);
        t->pending_break = t->pending_space = false;
        if (!t->rc)
            t->rc = quire_buf_append(t->buf, s, n);
        s += n;
    }
}

static void walk_text(struct text_out *t, xmlNodePtr n, int depth)
{
    /* Depth is bounded by libxml2's own limit (256 without XML_PARSE_HUGE); keep ours too. */
    if (depth > 512)
        return;
    for (; n && !t->rc; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            put_text(t, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !is_skipped(n->name)) {
            bool block = is_block(n->name);
            if (block)
                t->pending_break = true;
            walk_text(t, n->children, depth + 1);
            if (block)
                t->pending_break = true;
        }
    }
}

static xmlNodePtr find_body(xmlNodePtr root)
{
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)"body") == 0)
            return n;
    return root;
}

/* Drops a leading paragraph equal to s (the document's own <h1> title or byline line):
 * the header that `show` and the reader draw already carries them. */
static bool drop_leading_paragraph(char *text, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || strncmp(text, s, n) != 0)
        return false;
    if (text[n] == '\0')
        text[0] = '\0';
    else if (strncmp(text + n, "\n\n", 2) == 0)
        memmove(text, text + n + 2, strlen(text + n + 2) + 1);
    else
        return false;
    return true;
}

/* ---- per-article checks ---- */

/* ---- the manifest's files by path: sorted once, searched per article and image ---- */

static int compare_file_path(const void *a, const void *b)
{
    const struct bundle_file_meta *const *x = a, *const *y = b;
    return strcmp((*x)->path, (*y)->path);
}

static enum quire_status index_files(struct import_job *job, struct quire_err *err)
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

static const struct bundle_file_meta *find_file(const struct import_job *job, const char *path)
{
    struct bundle_file_meta key = {.path = (char *)path};
    const struct bundle_file_meta *kp = &key;
    const struct bundle_file_meta *const *hit = bsearch(
        &kp, job->files_by_path, job->m->n_files, sizeof *job->files_by_path, compare_file_path);
    return hit ? *hit : NULL;
}

static enum quire_status parse_article(struct import_job *job, struct prepared *p,
                                       struct quire_err *err)
{
    const char *entry = p->meta->path;
    enum quire_status rc =
        bundle_read_entry(job->b, entry, QUIRE_ARTICLE_MAX_BYTES, &p->body, &p->body_len, err);
    if (rc)
        return rc;
    /* Hashed here, while the bytes are in memory, so verification need not inflate the
     * article a second time. */
    const struct bundle_file_meta *f = job->verified ? find_file(job, entry) : NULL;
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
    struct text_out t = {.buf = &buf};
    walk_text(&t, find_body(xmlDocGetRootElement(p->doc)), 0);
    if (t.rc) {
        quire_buf_fini(&buf);
        return quire_err_set(err, t.rc, "%s: article %s: %s", job->path, entry,
                             quire_strerror(t.rc));
    }
    p->text = quire_buf_steal(&buf, NULL);
    if (!p->text)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", job->path);
    drop_leading_paragraph(p->text, p->meta->title);
    drop_leading_paragraph(p->text, p->meta->byline);
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

static enum quire_status add_media_ref(struct import_job *job, size_t art, const char *path)
{
    if (job->n_media == job->cap_media) {
        size_t cap = job->cap_media ? job->cap_media * 2 : 16;
        struct media_ref *m = quire_realloc(job->media, cap * sizeof *m);
        if (!m)
            return QUIRE_ENOMEM;
        job->media = m;
        job->cap_media = cap;
    }
    char *copy = quire_strdup(path);
    if (!copy)
        return QUIRE_ENOMEM;
    job->media[job->n_media++] = (struct media_ref){.article = art, .path = copy};
    return QUIRE_OK;
}

static enum quire_status collect_images(struct import_job *job, size_t art, xmlNodePtr n)
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
                find_file(job, resolved))
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

static const char *mime_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "application/octet-stream";
    if (!strcasecmp(dot, ".png"))
        return "image/png";
    if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
        return "image/jpeg";
    if (!strcasecmp(dot, ".gif"))
        return "image/gif";
    if (!strcasecmp(dot, ".svg"))
        return "image/svg+xml";
    if (!strcasecmp(dot, ".webp"))
        return "image/webp";
    return "application/octet-stream";
}

/* ---- preparation and the transaction ---- */

static enum quire_status prepare_article(struct import_job *job, size_t i, struct quire_err *err)
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

struct pipeline {
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
    struct import_job *job;
};

/* Waits while article i would run too far ahead of the writer, so that only a window of
 * prepared articles is held in memory however large the bundle; false once cancelled. */
static bool pipeline_may_prepare(struct pipeline *p, size_t i)
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

/* The writer is done with article i: its text is freed and the worker may go on. */
static void pipeline_written(struct pipeline *p, struct import_job *job, size_t i)
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

static void *pipeline_worker(void *arg)
{
    struct pipeline *p = arg;
    struct import_job *job = p->job;
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

/* Waits until article i is prepared (want_all: until the worker is done). On a worker failure
 * copies its error into err. */
static enum quire_status pipeline_wait(struct pipeline *p, size_t i, bool want_all,
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

static void pipeline_cancel(struct pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    p->cancelled = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void count_outcome(struct bundle_import_result *res, enum store_put_outcome o)
{
    switch (o) {
    case STORE_PUT_INSERTED:
        res->inserted++;
        break;
    case STORE_PUT_UPDATED:
        res->updated++;
        break;
    case STORE_PUT_KEPT:
        res->kept++;
        break;
    case STORE_PUT_TOMBSTONED:
        res->tombstoned++;
        break;
    }
}

static enum quire_status write_media(store *s, struct import_job *job, const int64_t *ids,
                                     struct quire_err *err)
{
    for (size_t i = 0; i < job->n_media; i++) {
        char *data;
        size_t len;
        enum quire_status rc = bundle_read_entry(job->b, job->media[i].path,
                                                 QUIRE_BUNDLE_MAX_ENTRY_BYTES, &data, &len, err);
        if (rc)
            return rc;
        rc = store_media_put(s, ids[job->media[i].article], job->media[i].path,
                             mime_of(job->media[i].path), data, len, err);
        quire_free(data);
        if (rc)
            return rc;
    }
    return QUIRE_OK;
}

static enum quire_status write_all(store *s, struct import_job *job, struct pipeline *p,
                                   const struct bundle_import_opts *opts,
                                   struct bundle_import_result *res, struct quire_err *err)
{
    bool bundle_fault = false; /* the worker found the bundle bad (its error names the file) */
    int64_t *ids = quire_calloc(job->n_arts ? job->n_arts : 1, sizeof *ids);
    if (!ids)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", job->path);
    struct store_bundle sb = {
        .uuid = job->m->id,
        .publisher = job->m->publisher,
        .keyid = job->verified ? job->keyid : NULL,
        .sequence = job->m->sequence,
        .created = job->m->created,
        .size = (int64_t)bundle_get_size(job->b),
        .source_path = job->path,
        .verified = job->verified,
    };
    snprintf(sb.sha256, sizeof sb.sha256, "%s", bundle_get_sha256(job->b));
    enum quire_status rc = store_tx_begin(s, err);
    if (rc)
        goto out;
    rc = store_bundle_put(s, &sb, err);
    for (size_t i = 0; !rc && i < job->n_arts; i++) {
        if ((rc = pipeline_wait(p, i, false, err)) != QUIRE_OK) {
            bundle_fault = true;
            break;
        }
        const struct bundle_article_meta *meta = job->arts[i].meta;
        struct store_article a = {
            .publisher = job->m->publisher ? job->m->publisher : "",
            .keyid = job->verified ? job->keyid : NULL,
            .guid = meta->guid,
            .title = meta->title,
            .byline = meta->byline,
            .section = meta->section,
            .language = meta->language,
            .published = meta->published,
            .updated = meta->updated,
            .body = job->arts[i].body,
            .body_len = job->arts[i].body_len,
            .text = job->arts[i].text,
            .bundle_id = sb.id,
            .verified = job->verified,
        };
        /* The manifest's SHA-256 of this file is checked before commit: the store need not hash
         * it again. Unsigned EPUBs have no such hash and the store computes it. */
        const struct bundle_file_meta *f = job->verified ? find_file(job, meta->path) : NULL;
        if (f && f->sha256[0])
            snprintf(a.body_hash, sizeof a.body_hash, "%s", f->sha256);
        enum store_put_outcome o;
        rc = store_article_put(s, &a, &o, err);
        if (!rc) {
            count_outcome(res, o);
            /* media only for articles written now; kept/tombstoned ones are left as they are */
            ids[i] = (o == STORE_PUT_INSERTED || o == STORE_PUT_UPDATED) ? a.id : 0;
            pipeline_written(p, job, i);
        }
    }
    if (!rc && (rc = pipeline_wait(p, 0, true, err)) != QUIRE_OK)
        bundle_fault = true;
    if (!rc) { /* the worker is done with the zip: media are read here */
        size_t kept = 0;
        for (size_t i = 0; i < job->n_media; i++)
            if (ids[job->media[i].article])
                job->media[kept++] = job->media[i];
            else
                quire_free(job->media[i].path);
        job->n_media = kept;
        rc = write_media(s, job, ids, err);
    }
    if (!rc && opts && opts->committing)
        rc = opts->committing(opts->ctx, s, job->b, job->verified, err);
    if (!rc)
        rc = store_tx_commit(s, err);
    else
        store_tx_rollback(s);
out:
    if (rc && !bundle_fault)
        quire_err_prefix(err, job->path); /* store errors name the library, not the bundle */
    quire_free(ids);
    return rc;
}

/* Runs the worker beside write_all; the worker is always joined before this returns. */
static enum quire_status import_articles(store *s, struct import_job *job,
                                         const struct bundle_import_opts *opts,
                                         struct bundle_import_result *res, struct quire_err *err)
{
    job->n_arts = job->m->n_articles;
    job->arts = quire_calloc(job->n_arts ? job->n_arts : 1, sizeof *job->arts);
    if (!job->arts)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", job->path);
    struct pipeline p = {.job = job,
                         .ahead = opts && opts->ahead ? opts->ahead : QUIRE_IMPORT_AHEAD};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    xmlInitParser(); /* once, before any thread parses */
    pthread_t worker;
    enum quire_status rc;
    if (pthread_create(&worker, NULL, pipeline_worker, &p) != 0) {
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: cannot start a thread", job->path);
    } else {
        rc = write_all(s, job, &p, opts, res, err);
        if (rc)
            pipeline_cancel(&p);
        pthread_join(worker, NULL);
    }
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    return rc;
}

static void job_free(struct import_job *job)
{
    for (size_t i = 0; i < job->n_arts; i++) {
        quire_free(job->arts[i].body);
        quire_free(job->arts[i].text);
        if (job->arts[i].doc)
            xmlFreeDoc(job->arts[i].doc);
    }
    quire_free(job->arts);
    for (size_t i = 0; i < job->n_media; i++)
        quire_free(job->media[i].path);
    quire_free(job->media);
    quire_free(job->files_by_path);
    bundle_close(job->b);
}

enum quire_status bundle_import_file(store *s, const char *path,
                                     const struct bundle_import_opts *opts,
                                     struct bundle_import_result *res, struct quire_err *err)
{
    memset(res, 0, sizeof *res);
    struct quire_err local;
    if (!err)
        err = &local;
    quire_err_clear(err);
    struct import_job job = {.path = path};
    enum quire_status rc = bundle_open(path, &job.b, err);
    if (rc)
        return rc;
    bool seen; /* the same bytes were imported before: nothing to do */
    rc = store_bundle_has(s, bundle_get_sha256(job.b), &seen, err);
    if (rc || seen) {
        res->status = BUNDLE_IMPORT_DUPLICATE;
        bundle_close(job.b);
        return rc;
    }
    job.m = bundle_get_manifest(job.b);
    rc = check_trust(s, &job, opts, err);
    if (!rc)
        rc = index_files(&job, err);
    if (!rc)
        rc = import_articles(s, &job, opts, res, err);
    if (!rc) {
        res->status = BUNDLE_IMPORT_DONE;
        res->verified = job.verified;
        snprintf(res->keyid, sizeof res->keyid, "%s", job.verified ? job.keyid : "");
        snprintf(res->publisher, sizeof res->publisher, "%s",
                 job.m->publisher ? job.m->publisher : "");
        if (opts && opts->imported)
            opts->imported(opts->ctx, job.b, job.verified);
    }
    job_free(&job);
    return rc;
}
