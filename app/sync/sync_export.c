/* sync_export: the relay index of a library's archived bundles, and `quire export` which
 * writes that relay into a folder (see sync_repo.h). Bytes are copied verbatim from the
 * archive, so every bundle still carries its publisher's signature. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"
#include "store_sync.h"
#include "sync.h"
#include "sync_repo.h"

struct collect {
    struct sync_index *idx;
    char **paths;
    size_t cap;
    const char *source;
    int64_t since;
    char archive_dir[1024];
    enum quire_status st;
};

static enum quire_status split_list(const char *text, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    for (const char *p = text; p && *p && *n < QUIRE_INDEX_MAX_LIST;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char **v = quire_realloc(*out, (*n + 1) * sizeof *v);
        if (!v)
            return QUIRE_ENOMEM;
        *out = v;
        if (!(v[*n] = quire_malloc(len + 1)))
            return QUIRE_ENOMEM;
        memcpy(v[*n], p, len);
        v[*n][len] = '\0';
        (*n)++;
        p = nl ? nl + 1 : p + len;
    }
    return QUIRE_OK;
}

static bool name_taken(const struct sync_index *idx, const char *name)
{
    for (size_t i = 0; i < idx->n_bundles; i++)
        if (idx->bundles[i].file && strcmp(idx->bundles[i].file, name) == 0)
            return true;
    return false;
}

static enum quire_status add_entry(struct collect *c, const struct store_sync_archived *a,
                                   const char *path)
{
    if (c->idx->n_bundles == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        struct sync_index_entry *v = quire_realloc(c->idx->bundles, ncap * sizeof *v);
        char **p = v ? quire_realloc(c->paths, ncap * sizeof *p) : NULL;
        if (v)
            c->idx->bundles = v;
        if (!p)
            return QUIRE_ENOMEM;
        c->paths = p;
        c->cap = ncap;
    }
    struct sync_index_entry *e = &c->idx->bundles[c->idx->n_bundles];
    memset(e, 0, sizeof *e);
    c->paths[c->idx->n_bundles] = NULL;
    c->idx->n_bundles++; /* counted now so that a failure below still frees it */
    char name[256];
    snprintf(name, sizeof name, "%s", a->file);
    if (name_taken(c->idx, name) || !sync_index_name_ok(name))
        snprintf(name, sizeof name, "%.16s.epub", a->sha256);
    e->file = quire_strdup(name);
    e->publisher = a->publisher ? quire_strdup(a->publisher) : NULL;
    c->paths[c->idx->n_bundles - 1] = quire_strdup(path);
    if (!e->file || !c->paths[c->idx->n_bundles - 1] || (a->publisher && !e->publisher))
        return QUIRE_ENOMEM;
    e->size = a->size;
    memcpy(e->sha256, a->sha256, 65);
    e->sequence = a->sequence;
    e->created = a->created;
    e->articles = a->articles;
    if (a->keyid && strlen(a->keyid) == 16)
        memcpy(e->keyid, a->keyid, 17);
    if (split_list(a->languages, &e->languages, &e->n_languages) ||
        split_list(a->sections, &e->sections, &e->n_sections))
        return QUIRE_ENOMEM;
    return QUIRE_OK;
}

static int collect_cb(void *ctx, const struct store_sync_archived *a)
{
    struct collect *c = ctx;
    char path[1200];
    if ((c->source && (!a->source || strcmp(a->source, c->source) != 0)) || a->created < c->since ||
        c->idx->n_bundles >= QUIRE_INDEX_MAX_BUNDLES)
        return 0;
    snprintf(path, sizeof path, "%s/%s.epub", c->archive_dir, a->sha256);
    if (!quire_file_exists(path)) /* removed by hand or by retention: skip */
        return 0;
    c->st = add_entry(c, a, path);
    if (a->added > c->idx->sequence) /* stable while the archive is: ETags stay valid */
        c->idx->sequence = a->added;
    return c->st != QUIRE_OK;
}

void sync_relay_paths_free(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        quire_free(paths[i]);
    quire_free(paths);
}

enum quire_status sync_relay_index(store *s, const char *db_path, const char *source, int64_t since,
                                   struct sync_index **idx, char ***paths, struct quire_err *err)
{
    struct collect c = {.source = source, .since = since};
    *idx = NULL;
    *paths = NULL;
    if (sync_library_dir(db_path, QUIRE_SYNC_ARCHIVE_DIR, c.archive_dir, sizeof c.archive_dir))
        return quire_err_set(err, QUIRE_EINVAL, "%s: path too long", db_path);
    if (!(c.idx = quire_calloc(1, sizeof *c.idx)))
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    c.idx->version = SYNC_INDEX_VERSION;
    c.idx->is_relay = true;
    enum quire_status st = store_sync_archive_list(s, collect_cb, &c, err);
    /* The relay's sequence and times follow its newest bundle, not the clock, so that the
     * same archive always yields the same bytes (and an unchanged index answers 304). */
    c.idx->created = c.idx->sequence;
    c.idx->valid_until = c.idx->sequence + 86400 * QUIRE_INDEX_VALID_DAYS;
    if (!st && c.st)
        st = quire_err_set(err, c.st, "building the relay index: %s", quire_strerror(c.st));
    if (st) {
        sync_relay_paths_free(c.paths, c.idx->n_bundles);
        sync_index_free(c.idx);
        return st;
    }
    *idx = c.idx;
    *paths = c.paths;
    return QUIRE_OK;
}

/* A name that is neither a configured source nor held by any archived bundle (a removed
 * source's bundles stay archived; sideloaded ones are "sideload") is a typo, not an empty
 * export. Only asked when nothing matched. */
static enum quire_status check_source(store *s, const char *db_path, const char *source,
                                      struct quire_err *err)
{
    struct store_source *src = quire_calloc(1, sizeof *src);
    if (!src)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    struct sync_index *all = NULL;
    char **paths = NULL;
    enum quire_status st = store_source_get(s, source, src, err);
    quire_free(src);
    if (st != QUIRE_ENOTFOUND)
        return st;
    if ((st = sync_relay_index(s, db_path, source, 0, &all, &paths, err)))
        return st;
    size_t n = all->n_bundles;
    sync_relay_paths_free(paths, n);
    sync_index_free(all);
    if (n == 0)
        return quire_err_set(err, QUIRE_ENOTFOUND, "source %s: no such source", source);
    return QUIRE_OK;
}

enum quire_status sync_export(const char *db_path, const char *out_dir, const char *source,
                              int64_t since, size_t *n_exported, struct quire_err *err)
{
    store *s = NULL;
    struct sync_index *idx = NULL;
    char **paths = NULL, dest[2048], *json = NULL;
    size_t len = 0;
    *n_exported = 0;
    enum quire_status st = store_open(db_path, &s, err);
    if (!st) /* a bundle a crash left out of the archive is exported too */
        sync_archive_recover(s, NULL, NULL, NULL);
    if (!st)
        st = sync_relay_index(s, db_path, source, since, &idx, &paths, err);
    if (!st && source && idx->n_bundles == 0)
        st = check_source(s, db_path, source, err);
    store_close(s);
    if (!st)
        st = quire_mkdir_p(out_dir, err);
    for (size_t i = 0; !st && i < idx->n_bundles; i++) {
        snprintf(dest, sizeof dest, "%s/%s", out_dir, idx->bundles[i].file);
        st = quire_file_copy_atomic(paths[i], dest, NULL, err);
    }
    if (!st)
        st = sync_index_write(idx, &json, &len, err);
    if (!st) {
        snprintf(dest, sizeof dest, "%s/%s", out_dir, SYNC_INDEX_FILE);
        st = quire_file_write_atomic(dest, json, len, err);
    }
    if (!st)
        *n_exported = idx->n_bundles;
    quire_free(json);
    if (idx)
        sync_relay_paths_free(paths, idx->n_bundles);
    sync_index_free(idx);
    return st;
}
