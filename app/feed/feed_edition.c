/* feed_edition: one publisher run (see feed_edition.h) in passes: fetch every feed, choose
 * each feed's candidates (its newest items within its limits, or after a 304 its recent
 * published items), fetch their pages, then turn each into a story or leave it out
 * (feed_edition_story.c). */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "feed_edition_internal.h"
#include "quire_util.h"

void feed_edition_report(const struct feed_edition_opts *o, const char *fmt, ...)
{
    FILE *f = o->report ? o->report : stderr;
    va_list ap;
    va_start(ap, fmt);
    fputs("quire: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
    fflush(f);
}

static struct net_batch_opts batch_opts(const struct feed_edition_opts *o)
{
    return (struct net_batch_opts){.net = o->net,
                                   .threads = o->threads,
                                   .per_host = o->per_host,
                                   .host_delay_ms = o->host_delay_ms};
}

static enum quire_status state_alloc(struct feed_edition_state *s)
{
    size_t n = s->n_src ? s->n_src : 1;
    s->feeds = quire_calloc(n, sizeof *s->feeds);
    s->recent = quire_calloc(n, sizeof *s->recent);
    s->n_recent = quire_calloc(n, sizeof *s->n_recent);
    s->updates = quire_calloc(n, sizeof *s->updates);
    s->items = quire_calloc(n, sizeof *s->items);
    s->cap_items = quire_calloc(n, sizeof *s->cap_items);
    s->validators = quire_calloc(2 * n, sizeof *s->validators);
    s->listed = quire_calloc(n, sizeof *s->listed);
    s->outcome = quire_calloc(n, sizeof *s->outcome);
    if (!s->outcome || !s->feeds || !s->recent || !s->n_recent || !s->updates || !s->items ||
        !s->cap_items || !s->validators || !s->listed)
        return QUIRE_ENOMEM;
    for (size_t i = 0; i < s->n_src; i++)
        s->updates[i].feed = s->src[i].name;
    return QUIRE_OK;
}

static void state_free(struct feed_edition_state *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_src; i++) {
        if (s->feeds)
            feed_destroy(s->feeds[i]);
        if (s->recent)
            feed_seen_free(s->recent[i], s->n_recent[i]);
        if (s->items)
            feed_seen_free(s->items[i], s->updates[i].n_items);
        if (s->validators) {
            quire_free(s->validators[2 * i]);
            quire_free(s->validators[2 * i + 1]);
        }
        if (s->listed)
            quire_free(s->listed[i]);
    }
    quire_free(s->feeds);
    quire_free(s->recent);
    quire_free(s->n_recent);
    quire_free(s->updates);
    quire_free(s->items);
    quire_free(s->cap_items);
    quire_free(s->validators);
    quire_free(s->listed);
    quire_free(s->outcome);
    feed_sources_free(s->src, s->n_src);
    quire_free(s);
}

/* Keeps a feed answer's validators for the record (they are written only after publishing:
 * a 304 next time must never hide items this run failed to publish). */
static enum quire_status keep_validators(struct feed_edition_state *s, size_t i,
                                         const struct net_http_result *res)
{
    if (res->not_modified && !res->etag[0] && !res->last_modified[0])
        return QUIRE_OK; /* the validators sent still stand */
    s->validators[2 * i] = quire_strdup(res->etag);
    s->validators[2 * i + 1] = quire_strdup(res->last_modified);
    if (!s->validators[2 * i] || !s->validators[2 * i + 1])
        return QUIRE_ENOMEM;
    s->updates[i].set_validators = true;
    s->updates[i].etag = s->validators[2 * i];
    s->updates[i].last_modified = s->validators[2 * i + 1];
    return QUIRE_OK;
}

/* Pass 1: every feed, conditionally. A failed or unparsable feed is reported and skipped. */
static enum quire_status fetch_feeds(struct feed_edition *e, struct feed_edition_state *s,
                                     const struct feed_edition_opts *o, struct quire_err *err)
{
    struct net_request *reqs = quire_calloc(s->n_src ? s->n_src : 1, sizeof *reqs);
    if (!reqs)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_src; i++)
        reqs[i] = (struct net_request){.url = s->src[i].url,
                                       .etag = s->src[i].etag,
                                       .last_modified = s->src[i].last_modified,
                                       .cap = QUIRE_FEED_MAX_BYTES};
    struct net_batch_opts bo = batch_opts(o);
    enum quire_status st = net_batch_get(&bo, reqs, s->n_src, err);
    for (size_t i = 0; !st && i < s->n_src; i++) {
        struct net_request *r = &reqs[i];
        struct quire_err perr;
        if (r->status) {
            feed_edition_report(o, "feed %s: %s (tried again next run)", s->src[i].name,
                                r->err.msg);
            e->feeds_failed++;
            continue;
        }
        if (!r->res.not_modified &&
            feed_parse(s->src[i].url, r->body, r->len, s->src[i].url, &s->feeds[i], &perr)) {
            feed_edition_report(o, "feed %s: %s (tried again next run)", s->src[i].name, perr.msg);
            e->feeds_failed++;
            continue;
        }
        s->outcome[i] = r->res.not_modified ? FEED_NOT_MODIFIED : FEED_FRESH;
        if (keep_validators(s, i, &r->res))
            st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    net_batch_free_bodies(reqs, s->n_src);
    quire_free(reqs);
    return st;
}

struct dated {
    size_t index;
    int64_t t; /* INT64_MAX: undated (feed order, first) */
};

static int cmp_dated(const void *pa, const void *pb)
{
    const struct dated *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t > b->t ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static enum quire_status push_cand(struct feed_cand **v, size_t *n, size_t *cap,
                                   const struct feed_cand *c)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        struct feed_cand *nv = quire_realloc(*v, nc * sizeof *nv);
        if (!nv)
            return QUIRE_ENOMEM;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = *c;
    return QUIRE_OK;
}

/* The newest items of a freshly fetched feed within its limits, newest first. */
static enum quire_status items_of_feed(struct feed_edition_state *s, size_t i, int64_t now,
                                       struct feed_cand **v, size_t *n, size_t *cap,
                                       struct quire_err *err)
{
    const struct feed *f = s->feeds[i];
    const struct feed_source *src = &s->src[i];
    struct dated *d = quire_calloc(f->n_items ? f->n_items : 1, sizeof *d);
    if (!d)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    int64_t cut = now - (int64_t)src->max_age_days * 86400;
    size_t nd = 0;
    for (size_t k = 0; k < f->n_items; k++) {
        const struct feed_item *it = &f->items[k];
        int64_t t = it->updated > it->published ? it->updated : it->published;
        if (t && t < cut)
            continue;
        d[nd++] = (struct dated){.index = k, .t = t ? t : INT64_MAX};
    }
    qsort(d, nd, sizeof *d, cmp_dated);
    enum quire_status st = QUIRE_OK;
    for (size_t k = 0; k < nd && k < (size_t)src->max_items && !st; k++) {
        const struct feed_item *it = &f->items[d[k].index];
        bool has_text = it->content && *it->content;
        struct feed_cand c = {.src = i,
                              .item = it,
                              .guid = it->guid,
                              .title = it->title,
                              .link = it->link,
                              .author = it->author,
                              .lang = it->lang ? it->lang : f->lang,
                              .content = has_text ? it->content : it->summary,
                              .published = it->published,
                              .updated = it->updated,
                              .use_feed_text = has_text && (!src->full_text_from_page || !it->link),
                              .page = SIZE_MAX};
        if (!c.use_feed_text && !c.link && c.content) /* no page to fetch: the summary it is */
            c.use_feed_text = true;
        if (!c.use_feed_text && !c.link)
            continue;
        st = push_cand(v, n, cap, &c);
    }
    quire_free(d);
    return st ? quire_err_set(err, st, "out of memory") : QUIRE_OK;
}

/* After a 304: the feed's recent published items, to re-check their pages. */
static enum quire_status items_after_304(feed_db *db, struct feed_edition_state *s, size_t i,
                                         int64_t now, struct feed_cand **v, size_t *n, size_t *cap,
                                         struct quire_err *err)
{
    const struct feed_source *src = &s->src[i];
    if (!src->full_text_from_page)
        return QUIRE_OK; /* the feed carries the text, and the feed has not changed */
    int64_t cut = now - (int64_t)src->max_age_days * 86400;
    enum quire_status st = feed_db_seen_recent(db, src->name, cut, src->max_items, &s->recent[i],
                                               &s->n_recent[i], err);
    for (size_t k = 0; !st && k < s->n_recent[i]; k++) {
        const struct feed_seen *r = &s->recent[i][k];
        struct feed_cand c = {.src = i,
                              .guid = r->guid,
                              .title = r->title,
                              .link = r->link,
                              .published = r->published,
                              .updated = r->updated,
                              .page = SIZE_MAX};
        if (push_cand(v, n, cap, &c))
            st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    return st;
}

/* The guids a freshly fetched feed lists, for the state to forget the old items it no longer
 * lists (feed_db_record). */
static enum quire_status note_listed(struct feed_edition_state *s, size_t i, int64_t now)
{
    const struct feed *f = s->feeds[i];
    cJSON *a = cJSON_CreateArray();
    bool ok = a != NULL;
    for (size_t k = 0; ok && k < f->n_items; k++) {
        if (!f->items[k].guid)
            continue;
        cJSON *g = cJSON_CreateString(f->items[k].guid);
        ok = g && cJSON_AddItemToArray(a, g);
        if (!ok)
            cJSON_Delete(g);
    }
    char *json = ok ? cJSON_PrintUnformatted(a) : NULL;
    cJSON_Delete(a);
    s->listed[i] = json ? quire_strdup(json) : NULL;
    cJSON_free(json);
    if (!s->listed[i])
        return QUIRE_ENOMEM;
    s->updates[i].listed_json = s->listed[i];
    s->updates[i].forget_before = now - ((int64_t)s->src[i].max_age_days + 1) * 86400;
    return QUIRE_OK;
}

/* Pass 2: candidates of every feed that answered, each with what was published of it. */
static enum quire_status choose(feed_db *db, struct feed_edition_state *s, int64_t now,
                                struct feed_cand **v, size_t *n, struct quire_err *err)
{
    size_t cap = 0;
    enum quire_status st = QUIRE_OK;
    for (size_t i = 0; i < s->n_src && !st; i++) {
        size_t first = *n;
        if (s->outcome[i] == FEED_FRESH && note_listed(s, i, now))
            st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
        if (!st && s->outcome[i] == FEED_FRESH)
            st = items_of_feed(s, i, now, v, n, &cap, err);
        else if (s->outcome[i] == FEED_NOT_MODIFIED)
            st = items_after_304(db, s, i, now, v, n, &cap, err);
        for (size_t k = first; k < *n && !st; k++) {
            struct feed_cand *c = &(*v)[k];
            enum quire_status g = feed_db_seen_get(db, s->src[i].name, c->guid, &c->seen, err);
            if (g == QUIRE_OK)
                c->is_known = true;
            else if (g != QUIRE_ENOTFOUND)
                st = g;
        }
    }
    return st;
}

/* Pass 3: the pages of the candidates that need theirs, conditionally when the same page was
 * fetched before. */
static enum quire_status fetch_pages(struct feed_cand *v, size_t n, struct net_request **out,
                                     size_t *n_out, const struct feed_edition_opts *o,
                                     struct quire_err *err)
{
    *out = quire_calloc(n ? n : 1, sizeof **out);
    *n_out = 0;
    if (!*out)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        struct feed_cand *c = &v[k];
        if (c->use_feed_text)
            continue;
        bool same = c->is_known && c->seen.link && strcmp(c->seen.link, c->link) == 0;
        c->page = *n_out;
        (*out)[(*n_out)++] =
            (struct net_request){.url = c->link,
                                 .etag = same ? c->seen.page_etag : NULL,
                                 .last_modified = same ? c->seen.page_last_modified : NULL,
                                 .cap = QUIRE_PAGE_MAX_BYTES};
    }
    struct net_batch_opts bo = batch_opts(o);
    return net_batch_get(&bo, *out, *n_out, err);
}

static void cands_free(struct feed_cand *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        feed_seen_fini(&v[k].seen);
    quire_free(v);
}

enum quire_status feed_edition_gather(feed_db *db, const struct feed_edition_opts *o,
                                      struct feed_edition **out, struct quire_err *err)
{
    *out = NULL;
    int64_t now = o->now ? o->now : quire_now();
    struct feed_edition *e = quire_calloc(1, sizeof *e);
    struct feed_edition_state *s = quire_calloc(1, sizeof *s);
    if (!e || !s) {
        quire_free(e);
        quire_free(s);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    e->state = s;
    struct feed_cand *cands = NULL;
    struct net_request *pages = NULL;
    size_t n_cands = 0, n_pages = 0;
    enum quire_status st = feed_db_list(db, &s->src, &s->n_src, err);
    if (!st && state_alloc(s))
        st = quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    e->feeds = s->n_src;
    if (!st)
        st = fetch_feeds(e, s, o, err);
    if (!st)
        st = choose(db, s, now, &cands, &n_cands, err);
    if (!st)
        st = fetch_pages(cands, n_cands, &pages, &n_pages, o, err);
    for (size_t k = 0; k < n_cands && !st; k++)
        st = feed_edition_take(e, s, o, &cands[k],
                               cands[k].page == SIZE_MAX ? NULL : &pages[cands[k].page], now);
    if (!st)
        st = feed_edition_pictures(e, o, err);
    if (pages)
        net_batch_free_bodies(pages, n_pages);
    quire_free(pages);
    cands_free(cands, n_cands);
    if (st) {
        feed_edition_destroy(e);
        return st;
    }
    *out = e;
    return QUIRE_OK;
}

void feed_edition_destroy(struct feed_edition *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_stories; i++) {
        struct feed_story *t = &e->stories[i];
        quire_free(t->feed);
        quire_free(t->guid);
        quire_free(t->section);
        quire_free(t->lang);
        quire_free(t->title);
        quire_free(t->byline);
        quire_free(t->body);
        for (size_t k = 0; k < t->n_pictures; k++) {
            quire_free(t->pictures[k].url);
            quire_free(t->pictures[k].alt);
            quire_free(t->pictures[k].caption);
        }
        quire_free(t->pictures);
    }
    quire_free(e->stories);
    for (size_t i = 0; i < e->n_media; i++) {
        quire_free((char *)e->media[i].name);
        quire_free((void *)e->media[i].data);
    }
    quire_free(e->media);
    state_free(e->state);
    quire_free(e);
}

enum quire_status feed_edition_record(feed_db *db, const struct feed_edition *e,
                                      struct quire_err *err)
{
    const struct feed_edition_state *s = e->state;
    for (size_t i = 0; i < s->n_src; i++)
        s->updates[i].items = s->items[i];
    return feed_db_record(db, s->updates, s->n_src, err);
}
