/* sync_index: parse and write the repository index (see sync_index.h and docs/sync.md).
 * Parsing order: size cap, UTF-8, JSON syntax (cJSON, whole input), then field by field with
 * types, ranges and caps; duplicate file names or hashes are refused. Unknown keys are ignored
 * so that a newer publisher can add fields without breaking older readers. */
#include "sync_index.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "quire_util.h"

bool sync_index_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 0 && n <= 200 && name[0] != '.' && quire_plain_name(name);
}

static bool is_sha256_hex(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static bool is_keyid_hex(const char *s)
{
    if (!s || strlen(s) != 16)
        return false;
    for (int i = 0; i < 16; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'F')))
            return false;
    return true;
}

/* ---- parse helpers: each returns QUIRE_OK or sets err naming the field ---- */

struct ctx {
    const char *what;
    struct quire_err *err;
};

static enum quire_status bad(struct ctx *c, const char *field, const char *problem)
{
    return quire_err_set(c->err, QUIRE_EFORMAT, "%s: index field '%s' %s", c->what, field, problem);
}

static enum quire_status get_string(struct ctx *c, const cJSON *obj, const char *key, bool required,
                                    char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v)
        return required ? bad(c, key, "is missing") : QUIRE_OK;
    if (!cJSON_IsString(v) || !v->valuestring)
        return bad(c, key, "is not a string");
    size_t n = strlen(v->valuestring);
    if (n == 0 || n > QUIRE_INDEX_MAX_STRING)
        return bad(c, key, "is empty or too long");
    *out = quire_strdup(v->valuestring);
    return *out ? QUIRE_OK : quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->what);
}

/* Integers in JSON are doubles in cJSON: accept only exact integers within [lo, hi]. */
static enum quire_status get_int(struct ctx *c, const cJSON *obj, const char *key, int64_t lo,
                                 int64_t hi, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return bad(c, key, "is missing");
    if (!cJSON_IsNumber(v))
        return bad(c, key, "is not a number");
    double d = v->valuedouble;
    if (!(d >= (double)lo && d <= (double)hi) || d != (double)(int64_t)d)
        return bad(c, key, "is out of range or not an integer");
    *out = (int64_t)d;
    return QUIRE_OK;
}

static enum quire_status get_time(struct ctx *c, const cJSON *obj, const char *key, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return bad(c, key, "is missing");
    if (!cJSON_IsString(v) || !quire_time_parse(v->valuestring, out))
        return bad(c, key, "is not an RFC 3339 UTC time");
    return QUIRE_OK;
}

static enum quire_status get_list(struct ctx *c, const cJSON *obj, const char *key, char ***out,
                                  size_t *n_out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    *n_out = 0;
    if (!v)
        return bad(c, key, "is missing");
    if (!cJSON_IsArray(v))
        return bad(c, key, "is not an array");
    int n = cJSON_GetArraySize(v);
    if (n > QUIRE_INDEX_MAX_LIST)
        return bad(c, key, "has too many items");
    if (n == 0)
        return QUIRE_OK;
    char **items = quire_calloc((size_t)n, sizeof *items);
    if (!items)
        return quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->what);
    *out = items;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        if (!cJSON_IsString(it) || !it->valuestring || !it->valuestring[0] ||
            strlen(it->valuestring) > QUIRE_INDEX_MAX_STRING)
            return bad(c, key, "has an item that is not a short non-empty string");
        items[*n_out] = quire_strdup(it->valuestring);
        if (!items[*n_out])
            return quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->what);
        (*n_out)++;
    }
    return QUIRE_OK;
}

static enum quire_status get_keyid(struct ctx *c, const cJSON *obj, const char *key, bool required,
                                   char out[17])
{
    char *s = NULL;
    enum quire_status st = get_string(c, obj, key, required, &s);
    out[0] = '\0';
    if (st != QUIRE_OK || !s)
        return st;
    if (!is_keyid_hex(s))
        st = bad(c, key, "is not 16 uppercase hex digits");
    else
        memcpy(out, s, 17);
    quire_free(s);
    return st;
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        quire_free(items[i]);
    quire_free(items);
}

static void entry_fini(struct sync_index_entry *e)
{
    quire_free(e->file);
    quire_free(e->publisher);
    free_list(e->languages, e->n_languages);
    free_list(e->sections, e->n_sections);
}

void sync_index_free(struct sync_index *idx)
{
    if (!idx)
        return;
    for (size_t i = 0; i < idx->n_bundles; i++)
        entry_fini(&idx->bundles[i]);
    quire_free(idx->bundles);
    quire_free(idx->publisher);
    quire_free(idx);
}

static enum quire_status parse_entry(struct ctx *c, const cJSON *o, struct sync_index_entry *e)
{
    enum quire_status st;
    int64_t v;
    char *hash = NULL;
    if (!cJSON_IsObject(o))
        return bad(c, "bundles", "has an item that is not an object");
    if ((st = get_string(c, o, "file", true, &e->file)))
        return st;
    if (!sync_index_name_ok(e->file))
        return bad(c, "file", "is not a plain file name");
    if ((st = get_int(c, o, "size", 1, QUIRE_BUNDLE_MAX_BYTES, &v)))
        return st;
    e->size = (uint64_t)v;
    if ((st = get_string(c, o, "sha256", true, &hash)))
        return st;
    if (!is_sha256_hex(hash)) {
        quire_free(hash);
        return bad(c, "sha256", "is not 64 lowercase hex digits");
    }
    memcpy(e->sha256, hash, 65);
    quire_free(hash);
    if ((st = get_int(c, o, "sequence", 0, INT64_C(1) << 53, &e->sequence)) ||
        (st = get_time(c, o, "created", &e->created)) ||
        (st = get_int(c, o, "articles", 0, QUIRE_BUNDLE_MAX_ARTICLES, &e->articles)) ||
        (st = get_list(c, o, "languages", &e->languages, &e->n_languages)) ||
        (st = get_list(c, o, "sections", &e->sections, &e->n_sections)) ||
        (st = get_string(c, o, "publisher", false, &e->publisher)))
        return st;
    return get_keyid(c, o, "keyid", false, e->keyid);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp((*(const struct sync_index_entry *const *)a)->file,
                  (*(const struct sync_index_entry *const *)b)->file);
}

static int cmp_hash(const void *a, const void *b)
{
    return strcmp((*(const struct sync_index_entry *const *)a)->sha256,
                  (*(const struct sync_index_entry *const *)b)->sha256);
}

/* Sorts pointers twice (by name, by hash) and compares neighbours: O(n log n). */
static enum quire_status check_unique(struct ctx *c, const struct sync_index *idx)
{
    size_t n = idx->n_bundles;
    if (n < 2)
        return QUIRE_OK;
    const struct sync_index_entry **v = quire_calloc(n, sizeof *v);
    if (!v)
        return quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->what);
    for (size_t i = 0; i < n; i++)
        v[i] = &idx->bundles[i];
    enum quire_status st = QUIRE_OK;
    qsort(v, n, sizeof *v, cmp_file);
    for (size_t i = 1; i < n && !st; i++)
        if (strcmp(v[i - 1]->file, v[i]->file) == 0)
            st = quire_err_set(c->err, QUIRE_EDUPLICATE, "%s: index lists file '%s' twice", c->what,
                               v[i]->file);
    qsort(v, n, sizeof *v, cmp_hash);
    for (size_t i = 1; i < n && !st; i++)
        if (strcmp(v[i - 1]->sha256, v[i]->sha256) == 0)
            st = quire_err_set(c->err, QUIRE_EDUPLICATE, "%s: index lists sha256 %.12s twice",
                               c->what, v[i]->sha256);
    quire_free(v);
    return st;
}

static enum quire_status parse_top(struct ctx *c, const cJSON *root, struct sync_index *idx)
{
    enum quire_status st;
    int64_t v;
    char *fmt = NULL;
    if (!cJSON_IsObject(root))
        return quire_err_set(c->err, QUIRE_EFORMAT, "%s: index is not a JSON object", c->what);
    if ((st = get_string(c, root, "format", true, &fmt)))
        return st;
    bool fmt_ok = strcmp(fmt, SYNC_INDEX_FORMAT) == 0;
    quire_free(fmt);
    if (!fmt_ok)
        return bad(c, "format", "is not \"" SYNC_INDEX_FORMAT "\"");
    if ((st = get_int(c, root, "version", 1, 1000, &v)))
        return st;
    if (v != SYNC_INDEX_VERSION)
        return quire_err_set(c->err, QUIRE_EUNSUPPORTED,
                             "%s: index format version %lld is not supported (this reader "
                             "knows version %d)",
                             c->what, (long long)v, SYNC_INDEX_VERSION);
    idx->version = (int)v;
    const cJSON *relay = cJSON_GetObjectItemCaseSensitive(root, "relay");
    if (relay && !cJSON_IsBool(relay))
        return bad(c, "relay", "is not true or false");
    idx->is_relay = relay && cJSON_IsTrue(relay);
    if ((st = get_string(c, root, "publisher", !idx->is_relay, &idx->publisher)) ||
        (st = get_keyid(c, root, "keyid", !idx->is_relay, idx->keyid)) ||
        (st = get_int(c, root, "sequence", 0, INT64_C(1) << 53, &idx->sequence)) ||
        (st = get_time(c, root, "created", &idx->created)) ||
        (st = get_time(c, root, "valid_until", &idx->valid_until)))
        return st;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "bundles");
    if (!cJSON_IsArray(arr))
        return bad(c, "bundles", "is missing or not an array");
    int n = cJSON_GetArraySize(arr);
    if (n > QUIRE_INDEX_MAX_BUNDLES)
        return quire_err_set(c->err, QUIRE_ETOOBIG, "%s: index lists %d bundles (cap %d)", c->what,
                             n, QUIRE_INDEX_MAX_BUNDLES);
    if (n > 0 && !(idx->bundles = quire_calloc((size_t)n, sizeof *idx->bundles)))
        return quire_err_set(c->err, QUIRE_ENOMEM, "%s: out of memory", c->what);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        st = parse_entry(c, it, &idx->bundles[idx->n_bundles]);
        idx->n_bundles++; /* counted even on failure so that free releases partial fields */
        if (st)
            return st;
    }
    return check_unique(c, idx);
}

enum quire_status sync_index_parse(const char *json, size_t len, const char *what,
                                   struct sync_index **out, struct quire_err *err)
{
    struct ctx c = {.what = what ? what : "index", .err = err};
    size_t bad_at = 0;
    *out = NULL;
    if (len > (size_t)QUIRE_INDEX_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "%s: index is %zu bytes (cap %ld)", c.what, len,
                             (long)QUIRE_INDEX_MAX_BYTES);
    if (!quire_utf8_valid(json, len, &bad_at))
        return quire_err_set(err, QUIRE_EUTF8, "%s: index has invalid UTF-8 at byte %zu", c.what,
                             bad_at);
    if (memchr(json, '\0', len))
        return quire_err_set(err, QUIRE_EFORMAT, "%s: index contains a NUL byte", c.what);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (!root)
        return quire_err_set(err, QUIRE_EFORMAT, "%s: index is not valid JSON (near byte %ld)",
                             c.what, end ? (long)(end - json) : 0L);
    for (; end && end < json + len; end++)
        if (*end != ' ' && *end != '\n' && *end != '\r' && *end != '\t') {
            cJSON_Delete(root);
            return quire_err_set(err, QUIRE_EFORMAT, "%s: index has trailing data", c.what);
        }
    struct sync_index *idx = quire_calloc(1, sizeof *idx);
    enum quire_status st = idx ? parse_top(&c, root, idx)
                               : quire_err_set(err, QUIRE_ENOMEM, "%s: out of memory", c.what);
    cJSON_Delete(root);
    if (st) {
        sync_index_free(idx);
        return st;
    }
    *out = idx;
    return QUIRE_OK;
}

const struct sync_index_entry *sync_index_find(const struct sync_index *idx, const char *sha256)
{
    for (size_t i = 0; idx && i < idx->n_bundles; i++)
        if (strcmp(idx->bundles[i].sha256, sha256) == 0)
            return &idx->bundles[i];
    return NULL;
}

/* ---- writing ---- */

static bool add_time(cJSON *o, const char *key, int64_t t)
{
    char buf[32];
    quire_time_format(t, buf);
    return cJSON_AddStringToObject(o, key, buf) != NULL;
}

static bool add_list(cJSON *o, const char *key, char *const *items, size_t n)
{
    cJSON *arr = cJSON_AddArrayToObject(o, key);
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *s = cJSON_CreateString(items[i]);
        if (!s || !cJSON_AddItemToArray(arr, s))
            return false;
    }
    return arr != NULL;
}

static bool add_entry(cJSON *arr, const struct sync_index_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o))
        return false;
    bool ok = cJSON_AddStringToObject(o, "file", e->file) &&
              cJSON_AddNumberToObject(o, "size", (double)e->size) &&
              cJSON_AddStringToObject(o, "sha256", e->sha256) &&
              cJSON_AddNumberToObject(o, "sequence", (double)e->sequence) &&
              add_time(o, "created", e->created) &&
              cJSON_AddNumberToObject(o, "articles", (double)e->articles) &&
              add_list(o, "languages", e->languages, e->n_languages) &&
              add_list(o, "sections", e->sections, e->n_sections);
    if (ok && e->publisher)
        ok = cJSON_AddStringToObject(o, "publisher", e->publisher) != NULL;
    if (ok && e->keyid[0])
        ok = cJSON_AddStringToObject(o, "keyid", e->keyid) != NULL;
    return ok;
}

static bool build(cJSON *root, const struct sync_index *idx)
{
    bool ok = cJSON_AddStringToObject(root, "format", SYNC_INDEX_FORMAT) &&
              cJSON_AddNumberToObject(root, "version", SYNC_INDEX_VERSION);
    if (ok && idx->is_relay)
        ok = cJSON_AddTrueToObject(root, "relay") != NULL;
    if (ok && idx->publisher)
        ok = cJSON_AddStringToObject(root, "publisher", idx->publisher) != NULL;
    if (ok && idx->keyid[0])
        ok = cJSON_AddStringToObject(root, "keyid", idx->keyid) != NULL;
    ok = ok && cJSON_AddNumberToObject(root, "sequence", (double)idx->sequence) &&
         add_time(root, "created", idx->created) && add_time(root, "valid_until", idx->valid_until);
    cJSON *arr = ok ? cJSON_AddArrayToObject(root, "bundles") : NULL;
    for (size_t i = 0; arr && i < idx->n_bundles; i++)
        if (!add_entry(arr, &idx->bundles[i]))
            return false;
    return arr != NULL;
}

enum quire_status sync_index_write(const struct sync_index *idx, char **json, size_t *len,
                                   struct quire_err *err)
{
    *json = NULL;
    cJSON *root = cJSON_CreateObject();
    char *text = root && build(root, idx) ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return quire_err_set(err, QUIRE_ENOMEM, "index: out of memory while writing");
    size_t n = strlen(text);
    *json = quire_malloc(n + 2);
    if (*json) {
        memcpy(*json, text, n);
        (*json)[n] = '\n';
        (*json)[n + 1] = '\0';
    }
    cJSON_free(text);
    if (!*json)
        return quire_err_set(err, QUIRE_ENOMEM, "index: out of memory while writing");
    if (len)
        *len = n + 1;
    return QUIRE_OK;
}
