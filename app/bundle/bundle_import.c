/* bundle_import: moves one bundle into the store, all of it or none of it (see the header).
 * Trust comes first: the signer must be a trusted key and the manifest's signature must verify
 * before anything is written. Then two threads share the work: a worker checks each article
 * (UTF-8, well-formed XHTML), extracts its text, and afterwards checks every file against its
 * SHA-256, while the main thread writes the articles it is handed into one open transaction.
 * The transaction commits only when the worker has found nothing wrong; any failure, on either
 * side, rolls it back and leaves the library exactly as it was. This file is the trust check
 * and the writer; the worker is bundle_import_worker.c, text extraction bundle_import_text.c. */
#include "bundle_import.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bundle_import_internal.h"
#include "config.h"

/* ---- trust ---- */

static enum quire_status check_trust(store *s, struct bundle_import_job *job,
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

/* ---- the writer: one transaction beside the worker ---- */

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
    case STORE_PUT_CONFLICT:
        res->kept++;
        break;
    case STORE_PUT_TOMBSTONED:
        res->tombstoned++;
        break;
    }
}

static enum quire_status write_media(store *s, struct bundle_import_job *job, const int64_t *ids,
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

static enum quire_status write_all(store *s, struct bundle_import_job *job,
                                   struct bundle_import_pipeline *p,
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
        if ((rc = bundle_import_wait(p, i, false, err)) != QUIRE_OK) {
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
        const struct bundle_file_meta *f =
            job->verified ? bundle_import_find_file(job, meta->path) : NULL;
        if (f && f->sha256[0])
            snprintf(a.body_hash, sizeof a.body_hash, "%s", f->sha256);
        enum store_put_outcome o;
        rc = store_article_put(s, &a, &o, err);
        if (!rc && o == STORE_PUT_CONFLICT && res->conflicts++ == 0) {
            snprintf(res->conflict_guid, sizeof res->conflict_guid, "%s", a.guid);
            rc = store_article_bundle_file(s, a.id, res->conflict_with, sizeof res->conflict_with,
                                           err);
        }
        if (!rc) {
            count_outcome(res, o);
            /* media only for articles written now; kept/tombstoned ones are left as they are */
            ids[i] = (o == STORE_PUT_INSERTED || o == STORE_PUT_UPDATED) ? a.id : 0;
            bundle_import_written(p, job, i);
        }
    }
    if (!rc && (rc = bundle_import_wait(p, 0, true, err)) != QUIRE_OK)
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
static enum quire_status import_articles(store *s, struct bundle_import_job *job,
                                         const struct bundle_import_opts *opts,
                                         struct bundle_import_result *res, struct quire_err *err)
{
    job->n_arts = job->m->n_articles;
    job->arts = quire_calloc(job->n_arts ? job->n_arts : 1, sizeof *job->arts);
    if (!job->arts)
        return quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", job->path);
    struct bundle_import_pipeline p = {
        .job = job, .ahead = opts && opts->ahead ? opts->ahead : QUIRE_IMPORT_AHEAD};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    xmlInitParser(); /* once, before any thread parses */
    pthread_t worker;
    enum quire_status rc;
    if (pthread_create(&worker, NULL, bundle_import_worker, &p) != 0) {
        rc = quire_err_set(err, QUIRE_ENOMEM, "%s: cannot start a thread", job->path);
    } else {
        rc = write_all(s, job, &p, opts, res, err);
        if (rc)
            bundle_import_cancel(&p);
        pthread_join(worker, NULL);
    }
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    return rc;
}

static void job_free(struct bundle_import_job *job)
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
    struct bundle_import_job job = {.path = path};
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
        rc = bundle_import_index_files(&job, err);
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

void bundle_import_conflict_message(const char *path, const struct bundle_import_result *r,
                                    char *out, size_t cap)
{
    char guid[256], with[1024], file[1024];
    out[0] = '\0';
    if (r->conflicts <= 0)
        return;
    quire_escape_line(r->conflict_guid, guid, sizeof guid);
    quire_escape_line(r->conflict_with[0] ? r->conflict_with : "an earlier bundle", with,
                      sizeof with);
    quire_escape_line(path, file, sizeof file);
    snprintf(out, cap,
             "%s: article '%s' has the guid and updated time of a different article already "
             "imported from %s: the first one is kept, this one dropped (a correction needs a "
             "later updated time)%s",
             file, guid, with, r->conflicts > 1 ? " (and more articles like it)" : "");
}
