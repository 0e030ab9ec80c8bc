/* ui_article: loading, converting (with the store's doc cache) and typesetting one article. */
#include "ui_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"

void ui_layout_settings(struct layout_settings *ls, int w, int h, int dpi, int band, int font_px)
{
    layout_settings_default(ls);
    ls->page_w = w;
    ls->page_h = h - band;
    ls->margin = (QUIRE_DEFAULT_MARGIN_PX * dpi + 150) / 300;
    ls->font_px = font_px > 0 ? font_px : (QUIRE_DEFAULT_FONT_PX * dpi + 150) / 300;
}

void ui_title_copy(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return;
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] is the lead byte of the cut sequence (or the first byte kept) */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int first_article_cb(void *ctx, const struct store_article *a)
{
    *(int64_t *)ctx = a->id;
    return 1; /* stop: the first one is all we want */
}

static enum quire_status doc_from_store(store *st, const struct store_article *a, struct doc **out,
                                        struct quire_err *err)
{
    void *blob = NULL;
    size_t len = 0;
    if (!store_article_doc_get(st, a->id, DOC_FORMAT_VERSION, &blob, &len, NULL) && blob) {
        enum quire_status rc = doc_deserialize(blob, len, out, NULL);
        quire_free(blob);
        if (!rc)
            return QUIRE_OK; /* a bad cache entry falls through to a fresh conversion */
    }
    enum quire_status rc = doc_from_html(a->body, a->body_len, out, err);
    if (rc)
        return rc;
    if (a->language && *a->language && !doc_lang(*out))
        doc_set_lang(*out, a->language);
    if (!doc_serialize(*out, &blob, &len, NULL)) {
        /* Cache only: while a sync imports, opening does not wait to write it. */
        store_busy_timeout_set(st, 0);
        store_article_doc_put(st, a->id, DOC_FORMAT_VERSION, blob, len, NULL);
        store_busy_timeout_set(st, QUIRE_DB_BUSY_TIMEOUT_MS);
        quire_free(blob);
    }
    return QUIRE_OK;
}

static enum quire_status load_from_store(store *st, const struct ui_source *src,
                                         struct ui_article *out, struct quire_err *err)
{
    int64_t id = src->article_id;
    enum quire_status rc;
    if (id == 0 && (rc = store_article_list(st, first_article_cb, &id, err)))
        return rc;
    if (id == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "%s: the library has no articles",
                             store_path(st));
    struct store_article_row *row = NULL;
    if ((rc = store_article_get(st, id, &row, err)))
        return rc;
    out->id = id;
    out->store = st;
    ui_title_copy(out->title, sizeof out->title, row->a.title ? row->a.title : "");
    memcpy(out->body_hash, row->a.body_hash, sizeof out->body_hash);
    rc = doc_from_store(st, &row->a, &out->doc, err);
    store_article_free(row);
    return rc;
}

static enum quire_status load_from_file(const struct ui_source *src, struct ui_article *out,
                                        struct quire_err *err)
{
    enum quire_status rc = doc_from_file(src->file, &out->doc, err);
    if (rc)
        return rc;
    ui_title_copy(out->title, sizeof out->title, quire_basename(src->file));
    size_t dir_len = (size_t)(quire_basename(src->file) - src->file);
    if (dir_len < sizeof out->base_dir)
        snprintf(out->base_dir, sizeof out->base_dir, "%.*s", (int)dir_len, src->file);
    if (src->lang && (rc = doc_set_lang(out->doc, src->lang)))
        return quire_err_set(err, rc, "%s: cannot set language", src->file);
    return QUIRE_OK;
}

enum quire_status ui_article_open(struct layout_fonts *fonts, store *st,
                                  const struct ui_source *src, const struct layout_settings *ls,
                                  struct ui_article *out, struct quire_err *err)
{
    memset(out, 0, sizeof *out);
    enum quire_status rc;
    if (src->file)
        rc = load_from_file(src, out, err);
    else if (st)
        rc = load_from_store(st, src, out, err);
    else
        rc = quire_err_set(err, QUIRE_EINVAL, "no library and no file to read");
    if (!rc)
        rc = layout_create(fonts, out->doc, ls, &out->layout, err);
    if (rc)
        ui_article_close(out);
    return rc;
}

void ui_article_close(struct ui_article *a)
{
    if (a->has_pending && a->store)
        store_position_set(a->store, a->id, &a->pending, NULL); /* best effort: we are leaving */
    layout_destroy(a->layout);
    doc_destroy(a->doc);
    memset(a, 0, sizeof *a);
}

bool ui_article_stored_anchor(const struct ui_article *a, struct layout_anchor *out)
{
    struct store_anchor an;
    if (!a->store || store_position_get(a->store, a->id, &an, NULL))
        return false;
    /* An anchor of another converter version counts blocks differently: it may point
     * anywhere. One of another body (a correction) counts them the same way. */
    if (an.doc_version != DOC_FORMAT_VERSION)
        return false;
    *out = (struct layout_anchor){an.block, an.offset};
    return true;
}

size_t ui_article_start_page(const struct ui_article *a)
{
    struct layout_anchor at;
    return ui_article_stored_anchor(a, &at) ? layout_find_anchor(a->layout, at) : 0;
}

enum quire_status ui_article_save_position(struct ui_article *a, size_t page,
                                           const struct layout_anchor *at, struct quire_err *err)
{
    const struct layout_page *pg = layout_page_get(a->layout, page);
    if (!a->store || !pg)
        return QUIRE_OK;
    if (!at)
        at = &pg->first_anchor;
    struct store_anchor an = {.block = at->block,
                              .offset = at->offset,
                              .doc_version = DOC_FORMAT_VERSION,
                              .finished = page + 1 == layout_page_count(a->layout),
                              .progress = (int)((page + 1) * 1000 / layout_page_count(a->layout))};
    memcpy(an.body_hash, a->body_hash, sizeof an.body_hash);
    store_busy_timeout_set(a->store, 0);
    enum quire_status rc = store_position_set(a->store, a->id, &an, err);
    store_busy_timeout_set(a->store, QUIRE_DB_BUSY_TIMEOUT_MS);
    a->has_pending = rc == QUIRE_EBUSY;
    if (!a->has_pending)
        return rc;
    a->pending = an;
    quire_err_clear(err);
    return QUIRE_OK;
}

static bool is_safe_relative(const char *src)
{
    return *src && *src != '/' && !strstr(src, "..") && !strchr(src, ':') && !strchr(src, '\\');
}

enum quire_status ui_article_fetch(void *ctx, const char *src, void **data, size_t *len,
                                   struct quire_err *err)
{
    const struct ui_article *a = ctx;
    char mime[64];
    if (a->store)
        return store_media_get(a->store, a->id, src, data, len, mime, err);
    if (!is_safe_relative(src))
        return quire_err_set(err, QUIRE_EUNSAFE, "%s: not a relative image path", src);
    char path[1024];
    if ((size_t)snprintf(path, sizeof path, "%s%s", a->base_dir, src) >= sizeof path)
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", src);
    char *bytes = NULL;
    enum quire_status rc = quire_file_read(path, QUIRE_IMAGE_MAX_BYTES, &bytes, len, err);
    *data = bytes;
    return rc;
}
