/* manifest: the bundle's JSON manifest (docs/bundle-format.md), parsed strictly from
 * untrusted bytes and written in a stable key order. Also the small validators the whole
 * module shares: entry paths, RFC 3339 times, BCP 47 tags, the signed trusted comment.
 * Invariant: a parsed manifest has every required field with its type, no duplicate guid or
 * path, every article path listed in files, and every count and string within config.h caps. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_internal.h"
#include "config.h"
#include "quire_util.h"

/* ---- shared validators ---- */

const char *bundle_path_problem(const char *path, size_t len)
{
    if (len == 0)
        return "has an empty path";
    if (len > QUIRE_PATH_MAX_BYTES)
        return "has a path longer than the limit";
    if (memchr(path, '\0', len) || strlen(path) != len)
        return "has a NUL byte in its path";
    if (path[0] == '/')
        return "has an absolute path";
    if (memchr(path, '\\', len))
        return "has a backslash in its path";
    if (len >= 2 && path[1] == ':')
        return "has a drive-letter path";
    if (!quire_utf8_valid(path, len, NULL))
        return "has a path that is not valid UTF-8";
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
            return "has a control character in its path";
    const char *p = path, *end = path + len;
    while (p < end) { /* a trailing '/' (directory entry) ends the loop cleanly */
        const char *slash = memchr(p, '/', (size_t)(end - p));
        size_t n = (size_t)((slash ? slash : end) - p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return "escapes the bundle (..)";
        if (n == 0 || (n == 1 && p[0] == '.'))
            return "has an empty or '.' path component";
        p = slash ? slash + 1 : end;
    }
    return NULL;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

bool bundle_lang_valid(const char *tag)
{
    size_t n = 0, part = 0;
    bool first = true;
    for (const char *p = tag;; p++, n++) {
        if (n > 64)
            return false;
        if (*p == '-' || *p == '\0') {
            if (part == 0 || part > 8 || (first && part < 2))
                return false;
            if (*p == '\0')
                return true;
            first = false;
            part = 0;
        } else if (first ? is_alpha(*p) : is_alnum(*p)) {
            part++;
        } else {
            return false;
        }
    }
}

bool bundle_lang_is_rtl(const char *tag)
{
    static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"};
    size_t n = strcspn(tag, "-");
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (strlen(rtl[i]) == n && strncmp(tag, rtl[i], n) == 0)
            return true;
    return false;
}

enum quire_status bundle_trusted_comment(const struct bundle_manifest *m, char *out, size_t n)
{
    char pub[256];
    size_t k = 0;
    /* The publisher goes last and loses control characters: the comment is one line. */
    for (const char *p = m->publisher ? m->publisher : ""; *p && k + 1 < sizeof pub; p++)
        pub[k++] = (unsigned char)*p < 0x20 ? ' ' : *p;
    pub[k] = '\0';
    int w = snprintf(out, n, "timestamp:%" PRId64 " sequence:%" PRId64 " id:%s publisher:%s",
                     m->created, m->sequence, m->id ? m->id : "", pub);
    return w < 0 || (size_t)w >= n ? QUIRE_ETOOBIG : QUIRE_OK;
}

bool bundle_trusted_comment_sequence(const char *tc, int64_t *seq)
{
    for (const char *p = tc; (p = strstr(p, "sequence:")) != NULL; p++) {
        if (p != tc && p[-1] != ' ' && p[-1] != '\t')
            continue;
        char *end;
        long long v = strtoll(p + 9, &end, 10);
        if (end == p + 9 || (*end && *end != ' ' && *end != '\t'))
            return false;
        *seq = v;
        return true;
    }
    return false;
}

/* ---- parsing ---- */

#define FIELD_MAX     QUIRE_MANIFEST_MAX_FIELD_BYTES
#define MAX_LANGUAGES QUIRE_MANIFEST_MAX_LANGUAGES
#define MAX_SAFE_INT  9007199254740992.0 /* 2^53: integers JSON carries exactly */

struct parse {
    struct quire_err *err;
};

static enum quire_status fail(struct parse *ps, enum quire_status code, const char *fmt,
                              const char *a, const char *b)
{
    char msg[QUIRE_ERR_MSG_MAX];
    snprintf(msg, sizeof msg, fmt, a, b ? b : "");
    return quire_err_set(ps->err, code, "manifest: %s", msg);
}

/* Rejects objects with a key given twice (cJSON would silently keep the first). */
static enum quire_status check_unique_keys(struct parse *ps, const cJSON *obj, const char *where)
{
    for (const cJSON *a = obj->child; a; a = a->next)
        for (const cJSON *b = a->next; b; b = b->next)
            if (a->string && b->string && strcmp(a->string, b->string) == 0)
                return fail(ps, QUIRE_EFORMAT, "%s has the key \"%s\" twice", where, a->string);
    return QUIRE_OK;
}

static enum quire_status get_string(struct parse *ps, const cJSON *obj, const char *key,
                                    const char *where, bool optional, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v)) {
        if (optional)
            return QUIRE_OK;
        return fail(ps, QUIRE_EFORMAT, "%s has no \"%s\"", where, key);
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return fail(ps, QUIRE_EFORMAT, "%s: \"%s\" is not a string", where, key);
    size_t n = strlen(v->valuestring);
    if (n == 0 && !optional)
        return fail(ps, QUIRE_EFORMAT, "%s: \"%s\" is empty", where, key);
    if (n > FIELD_MAX)
        return fail(ps, QUIRE_ETOOBIG, "%s: \"%s\" is too long", where, key);
    *out = quire_strdup(v->valuestring);
    return *out ? QUIRE_OK : quire_err_set(ps->err, QUIRE_ENOMEM, "manifest: out of memory");
}

static enum quire_status get_int(struct parse *ps, const cJSON *obj, const char *key,
                                 const char *where, double max, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return fail(ps, QUIRE_EFORMAT, "%s has no \"%s\"", where, key);
    double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
    if (!(d >= 0 && d <= max) || d != (double)(int64_t)d)
        return fail(ps, QUIRE_EFORMAT, "%s: \"%s\" is not a whole number in range", where, key);
    *out = (int64_t)d;
    return QUIRE_OK;
}

static enum quire_status get_time(struct parse *ps, const cJSON *obj, const char *key,
                                  const char *where, int64_t *out)
{
    char *s;
    enum quire_status rc = get_string(ps, obj, key, where, false, &s);
    if (rc)
        return rc;
    if (!quire_datetime_parse(s, out))
        rc = fail(ps, QUIRE_EFORMAT, "%s: \"%s\" is not an RFC 3339 date-time", where, key);
    quire_free(s);
    return rc;
}

static enum quire_status get_array(struct parse *ps, const cJSON *obj, const char *key, size_t max,
                                   const cJSON **arr, size_t *n)
{
    *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!*arr)
        return fail(ps, QUIRE_EFORMAT, "no \"%s\"", key, NULL);
    if (!cJSON_IsArray(*arr))
        return fail(ps, QUIRE_EFORMAT, "\"%s\" is not an array", key, NULL);
    *n = (size_t)cJSON_GetArraySize(*arr);
    if (*n > max)
        return fail(ps, QUIRE_ETOOBIG, "\"%s\" has more entries than the limit", key, NULL);
    return QUIRE_OK;
}

static enum quire_status parse_languages(struct parse *ps, const cJSON *root,
                                         struct bundle_manifest *m)
{
    const cJSON *arr;
    size_t n;
    enum quire_status rc = get_array(ps, root, "languages", MAX_LANGUAGES, &arr, &n);
    if (rc)
        return rc;
    if (n == 0)
        return fail(ps, QUIRE_EFORMAT, "\"languages\" is empty", NULL, NULL);
    m->languages = quire_calloc(n, sizeof *m->languages);
    if (!m->languages)
        return quire_err_set(ps->err, QUIRE_ENOMEM, "manifest: out of memory");
    const cJSON *v;
    cJSON_ArrayForEach(v, arr)
    {
        if (!cJSON_IsString(v) || !bundle_lang_valid(v->valuestring))
            return fail(ps, QUIRE_EFORMAT, "\"languages\" has an entry that is not a BCP 47 tag",
                        NULL, NULL);
        if (!(m->languages[m->n_languages++] = quire_strdup(v->valuestring)))
            return quire_err_set(ps->err, QUIRE_ENOMEM, "manifest: out of memory");
    }
    return QUIRE_OK;
}

static bool hex64_lower(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

static enum quire_status parse_file(struct parse *ps, const cJSON *v, struct bundle_file_meta *f)
{
    if (!cJSON_IsObject(v))
        return fail(ps, QUIRE_EFORMAT, "a \"files\" entry is not an object", NULL, NULL);
    enum quire_status rc = check_unique_keys(ps, v, "a file entry");
    char *hash = NULL;
    int64_t size = 0;
    if (!rc)
        rc = get_string(ps, v, "path", "a file entry", false, &f->path);
    const char *why = f->path ? bundle_path_problem(f->path, strlen(f->path)) : NULL;
    if (!rc && why)
        rc = fail(ps, QUIRE_EUNSAFE, "file '%s' %s", f->path, why);
    if (!rc && f->path[strlen(f->path) - 1] == '/')
        rc = fail(ps, QUIRE_EFORMAT, "file '%s' is a directory", f->path, NULL);
    if (!rc &&
        (strcmp(f->path, BUNDLE_MANIFEST_PATH) == 0 || strcmp(f->path, BUNDLE_SIGNATURE_PATH) == 0))
        rc = fail(ps, QUIRE_EFORMAT, "lists itself or its signature ('%s') in \"files\"", f->path,
                  NULL);
    if (!rc)
        rc = get_string(ps, v, "sha256", f->path, false, &hash);
    if (!rc && !hex64_lower(hash))
        rc = fail(ps, QUIRE_EFORMAT, "file '%s': \"sha256\" is not 64 lowercase hex digits",
                  f->path, NULL);
    if (!rc)
        memcpy(f->sha256, hash, 65);
    if (!rc)
        rc = get_int(ps, v, "size", f->path, (double)QUIRE_BUNDLE_MAX_ENTRY_BYTES, &size);
    f->size = (uint64_t)size;
    quire_free(hash);
    return rc;
}

static enum quire_status parse_article(struct parse *ps, const cJSON *v,
                                       struct bundle_article_meta *a)
{
    if (!cJSON_IsObject(v))
        return fail(ps, QUIRE_EFORMAT, "an \"articles\" entry is not an object", NULL, NULL);
    enum quire_status rc = check_unique_keys(ps, v, "an article");
    if (!rc)
        rc = get_string(ps, v, "guid", "an article", false, &a->guid);
    const char *w = a->guid;
    char where[128];
    if (w) {
        snprintf(where, sizeof where, "article '%.100s'", w);
        w = where;
    }
    if (!rc)
        rc = get_string(ps, v, "title", w, false, &a->title);
    if (!rc)
        rc = get_string(ps, v, "byline", w, true, &a->byline);
    if (!rc)
        rc = get_string(ps, v, "section", w, false, &a->section);
    if (!rc)
        rc = get_string(ps, v, "language", w, false, &a->language);
    if (!rc && !bundle_lang_valid(a->language))
        rc = fail(ps, QUIRE_EFORMAT, "%s: \"language\" is not a BCP 47 tag", w, NULL);
    if (!rc)
        rc = get_time(ps, v, "published", w, &a->published);
    if (!rc)
        rc = get_time(ps, v, "updated", w, &a->updated);
    if (!rc)
        rc = get_string(ps, v, "path", w, false, &a->path);
    const char *why = !rc ? bundle_path_problem(a->path, strlen(a->path)) : NULL;
    if (why)
        rc = fail(ps, QUIRE_EUNSAFE, "%s: path %s", w, why);
    return rc;
}

int bundle_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Finds a duplicate among n strings (sorted copy of the pointers); NULL if none. */
static const char *find_duplicate(const char **v, size_t n)
{
    qsort(v, n, sizeof *v, bundle_cmp_str);
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i - 1], v[i]) == 0)
            return v[i];
    return NULL;
}

static bool sorted_contains(const char **v, size_t n, const char *s)
{
    return bsearch(&s, v, n, sizeof *v, bundle_cmp_str) != NULL;
}

/* No duplicate guid or path; every article path is a listed file. */
static enum quire_status check_cross(struct parse *ps, const struct bundle_manifest *m)
{
    size_t n = m->n_articles > m->n_files ? m->n_articles : m->n_files;
    const char **v = quire_calloc(n ? n : 1, sizeof *v);
    const char **files = quire_calloc(m->n_files ? m->n_files : 1, sizeof *files);
    enum quire_status rc = QUIRE_OK;
    if (!v || !files) {
        rc = quire_err_set(ps->err, QUIRE_ENOMEM, "manifest: out of memory");
        goto out;
    }
    const char *dup;
    for (size_t i = 0; i < m->n_articles; i++)
        v[i] = m->articles[i].guid;
    if ((dup = find_duplicate(v, m->n_articles))) {
        rc = fail(ps, QUIRE_EDUPLICATE, "duplicate article guid '%s'", dup, NULL);
        goto out;
    }
    for (size_t i = 0; i < m->n_articles; i++)
        v[i] = m->articles[i].path;
    if ((dup = find_duplicate(v, m->n_articles))) {
        rc = fail(ps, QUIRE_EDUPLICATE, "two articles share the path '%s'", dup, NULL);
        goto out;
    }
    for (size_t i = 0; i < m->n_files; i++)
        files[i] = m->files[i].path;
    if ((dup = find_duplicate(files, m->n_files))) {
        rc = fail(ps, QUIRE_EDUPLICATE, "file '%s' is listed twice", dup, NULL);
        goto out;
    }
    for (size_t i = 0; i < m->n_articles; i++)
        if (!sorted_contains(files, m->n_files, m->articles[i].path)) {
            rc = fail(ps, QUIRE_EFORMAT, "article path '%s' is not listed in \"files\"",
                      m->articles[i].path, NULL);
            goto out;
        }
out:
    quire_free(v);
    quire_free(files);
    return rc;
}

static enum quire_status parse_lists(struct parse *ps, const cJSON *root, struct bundle_manifest *m)
{
    const cJSON *arr, *v;
    size_t n;
    enum quire_status rc = get_array(ps, root, "files", QUIRE_BUNDLE_MAX_ENTRIES, &arr, &n);
    if (rc)
        return rc;
    if (!(m->files = quire_calloc(n ? n : 1, sizeof *m->files)))
        return quire_err_set(ps->err, QUIRE_ENOMEM, "manifest: out of memory");
    cJSON_ArrayForEach(v, arr)
    {
        if ((rc = parse_file(ps, v, &m->files[m->n_files++])))
            return rc;
    }
    if ((rc = get_array(ps, root, "articles", QUIRE_BUNDLE_MAX_ARTICLES, &arr, &n)))
        return rc;
    if (!(m->articles = quire_calloc(n ? n : 1, sizeof *m->articles)))
        return quire_err_set(ps->err, QUIRE_ENOMEM, "manifest: out of memory");
    cJSON_ArrayForEach(v, arr)
    {
        if ((rc = parse_article(ps, v, &m->articles[m->n_articles++])))
            return rc;
    }
    return check_cross(ps, m);
}

static enum quire_status parse_root(struct parse *ps, const cJSON *root, struct bundle_manifest *m)
{
    if (!cJSON_IsObject(root))
        return fail(ps, QUIRE_EFORMAT, "is not a JSON object", NULL, NULL);
    enum quire_status rc = check_unique_keys(ps, root, "the manifest");
    int64_t version = 0;
    if (!rc)
        rc = get_int(ps, root, "format_version", "the manifest", 1e6, &version);
    if (!rc && version != BUNDLE_FORMAT_VERSION)
        return quire_err_set(ps->err, QUIRE_EUNSUPPORTED,
                             "manifest: format_version %" PRId64 " is not supported", version);
    m->format_version = (int)version;
    if (!rc)
        rc = get_string(ps, root, "id", "the manifest", false, &m->id);
    if (!rc)
        rc = get_string(ps, root, "publisher", "the manifest", false, &m->publisher);
    if (!rc)
        rc = get_int(ps, root, "sequence", "the manifest", MAX_SAFE_INT, &m->sequence);
    if (!rc)
        rc = get_time(ps, root, "created", "the manifest", &m->created);
    if (!rc)
        rc = parse_languages(ps, root, m);
    if (!rc)
        rc = parse_lists(ps, root, m);
    return rc;
}

enum quire_status bundle_manifest_parse(const char *json, size_t len, struct bundle_manifest **out,
                                        struct quire_err *err)
{
    *out = NULL;
    struct parse ps = {err};
    if (len > QUIRE_MANIFEST_MAX_BYTES)
        return quire_err_set(err, QUIRE_ETOOBIG, "manifest: larger than the limit of %ld bytes",
                             (long)QUIRE_MANIFEST_MAX_BYTES);
    size_t bad;
    if (!quire_utf8_valid(json, len, &bad))
        return quire_err_set(err, QUIRE_EUTF8, "manifest: invalid UTF-8 at byte %zu", bad);
    if (memchr(json, '\0', len))
        return quire_err_set(err, QUIRE_EFORMAT, "manifest: contains a NUL byte");
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= json && at <= json + len ? (size_t)(at - json) : 0;
        return quire_err_set(err, QUIRE_EFORMAT, "manifest: malformed JSON near byte %zu", off);
    }
    for (const char *p = end; p && p < json + len; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            cJSON_Delete(root);
            return quire_err_set(err, QUIRE_EFORMAT, "manifest: trailing data after the JSON");
        }
    struct bundle_manifest *m = quire_calloc(1, sizeof *m);
    enum quire_status rc =
        m ? parse_root(&ps, root, m) : quire_err_set(err, QUIRE_ENOMEM, "manifest: out of memory");
    cJSON_Delete(root);
    if (rc) {
        bundle_manifest_free(m);
        return rc;
    }
    *out = m;
    return QUIRE_OK;
}

void bundle_manifest_free(struct bundle_manifest *m)
{
    if (!m)
        return;
    quire_free(m->id);
    quire_free(m->publisher);
    for (size_t i = 0; i < m->n_languages; i++)
        quire_free(m->languages[i]);
    quire_free(m->languages);
    for (size_t i = 0; i < m->n_articles; i++) {
        struct bundle_article_meta *a = &m->articles[i];
        quire_free(a->guid);
        quire_free(a->title);
        quire_free(a->byline);
        quire_free(a->section);
        quire_free(a->language);
        quire_free(a->path);
    }
    quire_free(m->articles);
    for (size_t i = 0; i < m->n_files; i++)
        quire_free(m->files[i].path);
    quire_free(m->files);
    quire_free(m);
}

/* ---- writing ---- */

static bool add_time(cJSON *obj, const char *key, int64_t t)
{
    char buf[32];
    quire_time_format(t, buf);
    return cJSON_AddStringToObject(obj, key, buf) != NULL;
}

static bool add_article(cJSON *arr, const struct bundle_article_meta *a)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o))
        return cJSON_Delete(o), false;
    return cJSON_AddStringToObject(o, "guid", a->guid) &&
           cJSON_AddStringToObject(o, "title", a->title) &&
           (a->byline ? cJSON_AddStringToObject(o, "byline", a->byline) != NULL
                      : cJSON_AddNullToObject(o, "byline") != NULL) &&
           cJSON_AddStringToObject(o, "section", a->section) &&
           cJSON_AddStringToObject(o, "language", a->language) &&
           add_time(o, "published", a->published) && add_time(o, "updated", a->updated) &&
           cJSON_AddStringToObject(o, "path", a->path);
}

static bool add_file(cJSON *arr, const struct bundle_file_meta *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(arr, o))
        return cJSON_Delete(o), false;
    return cJSON_AddStringToObject(o, "path", f->path) &&
           cJSON_AddStringToObject(o, "sha256", f->sha256) &&
           cJSON_AddNumberToObject(o, "size", (double)f->size);
}

static cJSON *manifest_to_json(const struct bundle_manifest *m)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *langs, *arts, *files;
    bool ok = root && cJSON_AddNumberToObject(root, "format_version", m->format_version) &&
              cJSON_AddStringToObject(root, "id", m->id) &&
              cJSON_AddStringToObject(root, "publisher", m->publisher) &&
              cJSON_AddNumberToObject(root, "sequence", (double)m->sequence) &&
              add_time(root, "created", m->created) &&
              (langs = cJSON_AddArrayToObject(root, "languages")) &&
              (arts = cJSON_AddArrayToObject(root, "articles")) &&
              (files = cJSON_AddArrayToObject(root, "files"));
    for (size_t i = 0; ok && i < m->n_languages; i++) {
        cJSON *s = cJSON_CreateString(m->languages[i]);
        ok = s && cJSON_AddItemToArray(langs, s);
        if (!ok)
            cJSON_Delete(s);
    }
    for (size_t i = 0; ok && i < m->n_articles; i++)
        ok = add_article(arts, &m->articles[i]);
    for (size_t i = 0; ok && i < m->n_files; i++)
        ok = add_file(files, &m->files[i]);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

enum quire_status bundle_manifest_write(const struct bundle_manifest *m, char **json,
                                        struct quire_err *err)
{
    *json = NULL;
    cJSON *root = manifest_to_json(m);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return quire_err_set(err, QUIRE_ENOMEM, "manifest: out of memory");
    size_t n = strlen(text);
    *json = quire_malloc(n + 2);
    if (*json) {
        memcpy(*json, text, n);
        memcpy(*json + n, "\n", 2);
    }
    cJSON_free(text);
    return *json ? QUIRE_OK : quire_err_set(err, QUIRE_ENOMEM, "manifest: out of memory");
}
