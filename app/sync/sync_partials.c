/* sync_partials: keeps the folder of unfinished downloads (<library dir>/partial) under a
 * size: a relay, signed by nobody, can offer bundles it never completes, and each would
 * otherwise stay for resuming for ever. The oldest partial files go first. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "quire_util.h"
#include "store_sync.h"
#include "sync.h"

#define SYNC_PARTIALS_MAX_FILES 4096 /* partial files looked at per trim */

struct partial_file {
    char sha[65];
    uint64_t size;
    int64_t mtime;
};

static int oldest_first(const void *a, const void *b)
{
    const struct partial_file *x = a, *y = b;
    return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

/* "<64 hex>.part" -> its sha256 in sha; false for any other name. */
static bool part_name(const char *name, char sha[65])
{
    size_t n = strlen(name);
    if (n != 69 || strcmp(name + 64, ".part") != 0)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!strchr("0123456789abcdef", name[i]))
            return false;
    memcpy(sha, name, 64);
    sha[64] = '\0';
    return true;
}

static size_t list_partials(const char *dir, const char *keep, struct partial_file *out,
                            uint64_t *total)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    char path[1400];
    *total = 0;
    if (!d)
        return 0;
    for (struct dirent *de; n < SYNC_PARTIALS_MAX_FILES && (de = readdir(d));) {
        struct stat sb;
        if (!part_name(de->d_name, out[n].sha) || (keep && strcmp(out[n].sha, keep) == 0))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        out[n].size = (uint64_t)sb.st_size;
        out[n].mtime = (int64_t)sb.st_mtime;
        *total += out[n++].size;
    }
    closedir(d);
    return n;
}

enum quire_status sync_partials_trim(store *s, const char *partial_dir, const char *keep_sha256,
                                     uint64_t limit, struct quire_err *err)
{
    struct partial_file *files = quire_calloc(SYNC_PARTIALS_MAX_FILES, sizeof *files);
    if (!files)
        return quire_err_set(err, QUIRE_ENOMEM, "out of memory");
    uint64_t total = 0;
    size_t n = list_partials(partial_dir, keep_sha256, files, &total);
    qsort(files, n, sizeof *files, oldest_first);
    enum quire_status st = QUIRE_OK;
    char path[1400];
    for (size_t i = 0; i < n && total > limit && !st; i++) {
        snprintf(path, sizeof path, "%s/%s.part", partial_dir, files[i].sha);
        if (unlink(path) != 0 && errno != ENOENT) {
            st = quire_err_set(err, QUIRE_EIO, "%s: %s", path, strerror(errno));
            break;
        }
        total -= files[i].size;
        st = store_sync_partial_remove(s, files[i].sha, err);
    }
    quire_free(files);
    return st;
}
