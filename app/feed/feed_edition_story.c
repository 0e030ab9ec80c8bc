/* feed_edition_story: a candidate item becomes a story of the edition or is left out (see
 * feed_edition.h): its body from the extracted page or the feed's own text, its identity and
 * dates, the hash of what would be published compared with last time's; then the stories as
 * one bundle, and the run's record. */
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "feed_article.h"
#include "feed_edition_internal.h"
#include "quire_util.h"

/* The first language that is a BCP 47 tag: the feed's setting, the item's, the page's. */
static const char *pick_lang(const char *a, const char *b, const char *c)
{
    const char *v[] = {a, b, c};
    for (size_t i = 0; i < 3; i++)
        if (v[i] && bundle_lang_valid(v[i]))
            return v[i];
    return "und"; /* BCP 47's "undetermined" */
}

static void content_hash(const char *title, const char *byline, const char *body, char out[65])
{
    quire_sha256 *h = quire_sha256_new();
    uint8_t d[32];
    if (!h || (quire_sha256_update(h, title, strlen(title) + 1),
               quire_sha256_update(h, byline ? byline : "", strlen(byline ? byline : "") + 1),
               quire_sha256_update(h, body, strlen(body)), !quire_sha256_final(h, d))) {
        quire_sha256_free(h);
        out[0] = '\0'; /* no hash: the story counts as changed, never as unchanged */
        return;
    }
    quire_sha256_free(h);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The bundle's guid: an item's guid is unique only within its feed. */
static char *bundle_guid(const char *feed, const char *guid)
{
    struct quire_buf b;
    quire_buf_init(&b, 4096);
    if (strlen(feed) + 1 + strlen(guid) <= 4000) {
        quire_buf_printf(&b, "%s/%s", feed, guid);
    } else { /* a manifest string holds 4096 bytes at most */
        char hex[65];
        quire_sha256_hex(guid, strlen(guid), hex);
        quire_buf_printf(&b, "%s/sha256:%s", feed, hex);
    }
    return quire_buf_steal(&b, NULL);
}

/* A whole HTML document for the bundle writer: its <title> is the story's title, the body
 * the extracted (or the feed's) HTML, which the writer puts through its allow-list. */
static char *story_document(const char *lang, const char *title, const char *body, size_t *len)
{
    struct quire_buf b;
    quire_buf_init(&b, QUIRE_ARTICLE_MAX_BYTES);
    enum quire_status st = quire_buf_puts(&b, "<!DOCTYPE html><html lang=\"");
    if (!st)
        st = quire_buf_put_xml(&b, lang, strlen(lang));
    if (!st)
        st = quire_buf_puts(&b, "\"><head><meta charset=\"utf-8\"><title>");
    if (!st)
        st = quire_buf_put_xml(&b, title, strlen(title));
    if (!st)
        st = quire_buf_puts(&b, "</title></head><body>");
    if (!st)
        st = quire_buf_puts(&b, body);
    if (!st)
        st = quire_buf_puts(&b, "</body></html>");
    char *doc = st ? NULL : quire_buf_steal(&b, len);
    quire_buf_fini(&b);
    return doc;
}

static enum quire_status push_record(struct feed_edition_state *s, size_t i,
                                     const struct feed_seen *it)
{
    struct feed_db_update *u = &s->updates[i];
    if (u->n_items == s->cap_items[i]) {
        size_t nc = s->cap_items[i] ? s->cap_items[i] * 2 : 16;
        struct feed_seen *v = quire_realloc(s->items[i], nc * sizeof *v);
        if (!v)
            return QUIRE_ENOMEM;
        s->items[i] = v;
        s->cap_items[i] = nc;
    }
    struct feed_seen *d = &s->items[i][u->n_items];
    *d = *it;
    d->guid = quire_strdup(it->guid);
    d->link = it->link ? quire_strdup(it->link) : NULL;
    d->title = it->title ? quire_strdup(it->title) : NULL;
    d->page_etag = it->page_etag && *it->page_etag ? quire_strdup(it->page_etag) : NULL;
    d->page_last_modified = it->page_last_modified && *it->page_last_modified
                                ? quire_strdup(it->page_last_modified)
                                : NULL;
    u->n_items++;
    return d->guid ? QUIRE_OK : QUIRE_ENOMEM;
}

static enum quire_status push_story(struct feed_edition *e, const struct feed_story *t)
{
    if ((e->n_stories & 63) == 0) {
        struct feed_story *v = quire_realloc(e->stories, (e->n_stories + 64) * sizeof *v);
        if (!v)
            return QUIRE_ENOMEM;
        e->stories = v;
    }
    e->stories[e->n_stories++] = *t;
    return QUIRE_OK;
}

static bool body_shows(const char *body, const char *url)
{
    struct quire_buf b;
    quire_buf_init(&b, 3 * QUIRE_FEED_MAX_TEXT_BYTES);
    bool found = !feed_edition_src_attr(&b, url) && b.data && strstr(body, b.data);
    quire_buf_fini(&b);
    return found;
}

static enum quire_status add_picture(struct feed_story *t, const char *url, const char *alt,
                                     const char *caption, bool in_body)
{
    if ((t->n_pictures & 7) == 0) {
        struct feed_story_picture *v = quire_realloc(t->pictures, (t->n_pictures + 8) * sizeof *v);
        if (!v)
            return QUIRE_ENOMEM;
        t->pictures = v;
    }
    struct feed_story_picture *p = &t->pictures[t->n_pictures++];
    *p = (struct feed_story_picture){.url = quire_strdup(url),
                                     .alt = alt && *alt ? quire_strdup(alt) : NULL,
                                     .caption = caption && *caption ? quire_strdup(caption) : NULL,
                                     .in_body = in_body};
    return p->url ? QUIRE_OK : QUIRE_ENOMEM;
}

/* The pictures a story shows: those of its body (the page's, or the feed's text's), and a
 * lead picture (the page's first, or the feed's first image media) even when the body lacks
 * it. A story from the feed's text also shows its item's image media. At most
 * QUIRE_FEED_PICTURES per story. */
static enum quire_status choose_pictures(struct feed_story *t, const struct feed_cand *c,
                                         const struct feed_article *a, bool from_page)
{
    enum quire_status st = QUIRE_OK;
    for (size_t i = 0; a && i < a->n_images && t->n_pictures < QUIRE_FEED_PICTURES && !st; i++) {
        bool shown = body_shows(t->body, a->images[i].src);
        if (shown || t->n_pictures == 0)
            st = add_picture(t, a->images[i].src, a->images[i].alt, a->images[i].caption, shown);
    }
    for (size_t i = 0; !from_page && c->item && i < c->item->n_media && !st &&
                       t->n_pictures < QUIRE_FEED_PICTURES;
         i++) {
        const struct feed_media *m = &c->item->media[i];
        bool shown = m->is_image && body_shows(t->body, m->url);
        if (m->is_image && (shown || t->n_pictures == 0))
            st = add_picture(t, m->url, m->caption, m->caption, shown);
    }
    return st;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The story's fields once its body is known; left out (QUIRE_OK, nothing added) when it is
 * what was published last time. */
static enum quire_status take_body(struct feed_edition *e, struct feed_edition_state *s,
                                   const struct feed_edition_opts *o, const struct feed_cand *c,
                                   const struct feed_article *a, const char *body,
                                   const char *hashed, const struct net_request *page, int64_t now)
{
    const struct feed_source *src = &s->src[c->src];
    const char *title = c->title && *c->title ? c->title : a && *a->title ? a->title : c->guid;
    const char *byline = c->author && *c->author ? c->author : a ? a->byline : NULL;
    /* Borrowed fields: push_record copies what it keeps. */
    struct feed_seen rec = {.guid = (char *)c->guid,
                            .link = (char *)c->link,
                            .title = (char *)title,
                            .page_etag = page ? (char *)page->res.etag : NULL,
                            .page_last_modified = page ? (char *)page->res.last_modified : NULL};
    content_hash(title, byline, hashed, rec.content_hash);
    rec.published = c->published ? c->published : a && a->published ? a->published : now;
    rec.updated = c->updated > rec.published ? c->updated : rec.published;
    if (a && a->modified > rec.updated)
        rec.updated = a->modified;
    if (c->is_known && rec.content_hash[0] && strcmp(rec.content_hash, c->seen.content_hash) == 0) {
        e->unchanged++;
        bool moved = !same_text(rec.page_etag, c->seen.page_etag) ||
                     !same_text(rec.page_last_modified, c->seen.page_last_modified) ||
                     !same_text(rec.link, c->seen.link);
        rec.published = c->seen.published; /* only the page's validators are news */
        rec.updated = c->seen.updated;
        return moved ? push_record(s, c->src, &rec) : QUIRE_OK;
    }
    if (c->is_known) { /* a correction: same guid, first published time, a newer update */
        rec.published = c->seen.published;
        if (rec.updated <= c->seen.updated)
            rec.updated = now > c->seen.updated ? now : c->seen.updated + 1;
        e->corrections++;
    }
    const char *lang = pick_lang(src->lang, c->lang, a ? a->lang : NULL);
    struct feed_story t = {.body = quire_strdup(body),
                           .feed = quire_strdup(src->name),
                           .guid = bundle_guid(src->name, c->guid),
                           .section = quire_strdup(src->section),
                           .lang = quire_strdup(lang),
                           .title = quire_strdup(title),
                           .byline = byline && *byline ? quire_strdup(byline) : NULL,
                           .published = rec.published,
                           .updated = rec.updated,
                           .is_correction = c->is_known};
    enum quire_status st = QUIRE_OK;
    if (!t.feed || !t.guid || !t.section || !t.lang || !t.title || !t.body)
        st = QUIRE_ENOMEM;
    if (!st && src->images && !o->no_pictures)
        st = choose_pictures(&t, c, a, page != NULL);
    if (st || push_story(e, &t)) {
        quire_free(t.feed), quire_free(t.guid), quire_free(t.section), quire_free(t.lang);
        quire_free(t.title), quire_free(t.byline), quire_free(t.body);
        for (size_t k = 0; k < t.n_pictures; k++)
            quire_free(t.pictures[k].url), quire_free(t.pictures[k].alt),
                quire_free(t.pictures[k].caption);
        quire_free(t.pictures);
        return QUIRE_ENOMEM;
    }
    return push_record(s, c->src, &rec);
}

/* A page that failed is tried again next run. Its feed's validators are forgotten, so that the
 * next run fetches the whole feed again: a 304 would hide the item, which was never seen. */
static void page_failed(struct feed_edition *e, struct feed_edition_state *s, size_t src)
{
    e->pages_failed++;
    s->updates[src].set_validators = true;
    s->updates[src].etag = NULL;
    s->updates[src].last_modified = NULL;
}

/* A story from the feed's own text: written as an extracted body (its pictures found and
 * resolved against the item's link, else the feed's URL), or as it is when it cannot be
 * parsed. The hash covers the feed's text as sent, so what was published before a change of
 * the writer is not taken for a correction. */
static enum quire_status take_feed_text(struct feed_edition *e, struct feed_edition_state *s,
                                        const struct feed_edition_opts *o, struct feed_cand *c,
                                        int64_t now)
{
    const struct feed_source *src = &s->src[c->src];
    const char *text = c->content ? c->content : "";
    struct feed_article *a = NULL;
    struct quire_err perr;
    if (feed_article_from_fragment(c->guid, text, strlen(text), c->link ? c->link : src->url, &a,
                                   &perr)) {
        if (perr.code == QUIRE_ENOMEM)
            return QUIRE_ENOMEM;
        feed_edition_report(o, "feed %s: item %s (its text as sent, without pictures)", src->name,
                            perr.msg);
        return take_body(e, s, o, c, NULL, text, text, NULL, now);
    }
    enum quire_status st =
        take_body(e, s, o, c, a, a->html && *a->html ? a->html : text, text, NULL, now);
    feed_article_destroy(a);
    return st;
}

enum quire_status feed_edition_take(struct feed_edition *e, struct feed_edition_state *s,
                                    const struct feed_edition_opts *o, struct feed_cand *c,
                                    struct net_request *page, int64_t now)
{
    const char *name = s->src[c->src].name;
    if (!page)
        return take_feed_text(e, s, o, c, now);
    if (page->status) {
        feed_edition_report(o, "feed %s: page %s (tried again next run)", name, page->err.msg);
        page_failed(e, s, c->src);
        return QUIRE_OK;
    }
    if (page->res.not_modified) {
        e->unchanged++;
        return QUIRE_OK;
    }
    struct feed_article *a = NULL;
    struct quire_err perr;
    if (feed_article_extract(c->link, page->body, page->len, c->link, &a, &perr)) {
        feed_edition_report(o, "feed %s: page %s (tried again next run)", name, perr.msg);
        page_failed(e, s, c->src);
        return QUIRE_OK;
    }
    const char *body = a->html ? a->html : "";
    enum quire_status st = take_body(e, s, o, c, a, body, body, page, now);
    feed_article_destroy(a);
    return st;
}

enum quire_status feed_edition_write(const struct feed_edition *e, const char *out_path,
                                     const struct bundle_create_opts *opts, struct quire_err *err)
{
    struct bundle_input *in = quire_calloc(e->n_stories ? e->n_stories : 1, sizeof *in);
    char(*names)[96] = quire_calloc(e->n_stories ? e->n_stories : 1, sizeof *names);
    if (!in || !names) {
        quire_free(in);
        quire_free(names);
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    }
    char **docs = quire_calloc(e->n_stories ? e->n_stories : 1, sizeof *docs);
    enum quire_status st = docs ? QUIRE_OK : QUIRE_ENOMEM;
    for (size_t i = 0; i < e->n_stories && !st; i++) {
        const struct feed_story *t = &e->stories[i];
        size_t len = 0;
        if (!(docs[i] = story_document(t->lang, t->title, t->body, &len))) {
            st = QUIRE_ENOMEM;
            break;
        }
        snprintf(names[i], sizeof names[i], "feed %.60s, story %zu", t->feed, i + 1);
        in[i] = (struct bundle_input){.path = names[i],
                                      .html = docs[i],
                                      .html_len = len,
                                      .guid = t->guid,
                                      .section = t->section,
                                      .language = t->lang,
                                      .byline = t->byline,
                                      .published = t->published,
                                      .updated = t->updated};
    }
    struct bundle_create_opts with = *opts;
    with.media = e->media;
    with.n_media = e->n_media;
    if (st)
        st = quire_err_set(err, st, "out of memory");
    else
        st = bundle_create(out_path, in, e->n_stories, &with, err);
    for (size_t i = 0; docs && i < e->n_stories; i++)
        quire_free(docs[i]);
    quire_free(docs);
    quire_free(in);
    quire_free(names);
    return st;
}
