/* sync_archive: puts sideloaded bundles into the archive that export and serve read from
 * (<library dir>/bundles/<sha256>.epub plus a sync_archive row), so that news that reached
 * one reader on a USB stick can travel on to the next over a relay. */
#include <stdio.h>
#include <string.h>

#include "bundle.h"
#include "config.h"
#include "quire_util.h"
#include "store_sync.h"
#include "sync.h"

/* Joins the manifest's distinct article sections, newline-separated, as the archive wants. */
static void distinct_sections(const struct bundle_manifest *m, struct quire_buf *out)
{
    for (size_t i = 0; i < m->n_articles; i++) {
        const char *sec = m->articles[i].section ? m->articles[i].section : "";
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = m->articles[j].section && strcmp(m->articles[j].section, sec) == 0;
        if (!seen && quire_buf_printf(out, "%s%s", out->len ? "\n" : "", sec) != QUIRE_OK)
            return; /* past the cap the list is cut short: it is informational */
    }
}

enum quire_status sync_archive_bundle(store *s, const char *db_path, const bundle *b,
                                      struct quire_err *err)
{
    const char *bundle_path = bundle_name(b);
    if (!bundle_is_signed(b))
        return quire_err_set(err, QUIRE_EINVAL, "%s: unsigned bundles are not relayed",
                             bundle_path);
    char dir[1024], dst[1200];
    enum quire_status rc = sync_library_dir(db_path, QUIRE_SYNC_ARCHIVE_DIR, dir, sizeof dir);
    if (!rc)
        rc = quire_mkdir_p(dir, err);
    if (rc)
        return rc;
    snprintf(dst, sizeof dst, "%s/%s.epub", dir, bundle_get_sha256(b));
    if (!quire_file_exists(dst) &&
        (rc = quire_file_copy_atomic(bundle_path, dst, bundle_get_sha256(b), err)) != QUIRE_OK)
        return rc;
    struct quire_buf langs, sections;
    quire_buf_init(&langs, 1024);
    quire_buf_init(&sections, 4096);
    const struct bundle_manifest *m = bundle_get_manifest(b);
    for (size_t i = 0; i < m->n_languages; i++)
        quire_buf_printf(&langs, "%s%s", i ? "\n" : "", m->languages[i]);
    distinct_sections(m, &sections);
    char keyid[17];
    minisign_keyid_hex(bundle_get_signature(b)->keyid, keyid);
    struct store_sync_archived a = {
        .file = quire_basename(bundle_path),
        .size = bundle_get_size(b),
        .source = "sideload",
        .publisher = m->publisher,
        .keyid = keyid,
        .sequence = m->sequence,
        .created = m->created,
        .articles = (int64_t)m->n_articles,
        .languages = langs.data ? langs.data : "",
        .sections = sections.data ? sections.data : "",
    };
    snprintf(a.sha256, sizeof a.sha256, "%s", bundle_get_sha256(b));
    rc = store_sync_archive_put(s, &a, err);
    quire_buf_fini(&langs);
    quire_buf_fini(&sections);
    return rc;
}
