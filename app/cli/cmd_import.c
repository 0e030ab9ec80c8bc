/* cmd_import: `quire import FILE|DIR... [--allow-unsigned]`. A folder (a USB stick, an SD
 * card) is searched for *.epub files, a few levels deep; nothing is ever written to it. One
 * result line per file; the exit code is 1 if any file failed. Each bundle is its own
 * transaction, so one bad file never harms the others or the library. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle_import.h"
#include "cli.h"
#include "quire_util.h"
#include "store.h"
#include "sync.h"

extern const struct cli_command cli_cmd_import;

enum { IMPORT_MAX_DEPTH = 4 };

struct import_tally {
    store *s;
    int imported, duplicates, failed;
};

static void print_result(const char *path, const struct bundle_import_result *r)
{
    if (r->status == BUNDLE_IMPORT_DUPLICATE) {
        printf("%s: already imported\n", path);
        return;
    }
    printf("%s: imported %d new, %d updated, %d unchanged", path, r->inserted, r->updated, r->kept);
    if (r->tombstoned)
        printf(", %d deleted earlier", r->tombstoned);
    if (r->verified)
        printf(" (%s, key %s)\n", r->publisher, r->keyid);
    else
        printf(" (%s, UNVERIFIED)\n", r->publisher[0] ? r->publisher : "unknown publisher");
}

static void import_one(store *s, const char *path, const struct bundle_import_opts *opts,
                       struct import_tally *t)
{
    struct bundle_import_result r;
    struct quire_err err;
    if (bundle_import_file(s, path, opts, &r, &err) != QUIRE_OK) {
        cli_fail(&err);
        t->failed++;
        return;
    }
    print_result(path, &r);
    char conflict[3000];
    bundle_import_conflict_message(path, &r, conflict, sizeof conflict);
    if (conflict[0])
        fprintf(stderr, "quire: warning: %s\n", conflict);
    if (r.status == BUNDLE_IMPORT_DUPLICATE) {
        t->duplicates++;
        return;
    }
    t->imported++;
}

/* Verified news is kept for relaying on: the archive row commits with the articles (pending),
 * the copy follows the commit (archive_imported). A file the archive cannot name is only a
 * warning; the library's own errors roll the import back. */
static enum quire_status record_archive(void *ctx, store *s, const bundle *b, bool verified,
                                        struct quire_err *err)
{
    if (!verified)
        return QUIRE_OK;
    const char *path = bundle_name(b);
    enum quire_status st =
        sync_archive_record(s, b, "sideload", quire_basename(path), path, false, err);
    if (st == QUIRE_EDB || st == QUIRE_ENOSPC || st == QUIRE_ENOMEM)
        return st;
    if (st)
        fprintf(stderr, "quire: warning: kept for reading but not for relaying: %s\n", err->msg);
    return QUIRE_OK;
}

static void archive_imported(void *ctx, const bundle *b, bool verified)
{
    struct import_tally *t = ctx;
    struct quire_err err;
    if (verified && sync_archive_finish(t->s, bundle_get_sha256(b), bundle_name(b), false, &err))
        fprintf(stderr, "quire: warning: kept for reading but not for relaying: %s\n", err.msg);
}

static bool has_epub_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcasecmp(name + n - 5, ".epub") == 0;
}

static void import_dir(store *s, const char *dir, const struct bundle_import_opts *opts,
                       struct import_tally *t, int depth)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "quire: %s: cannot read folder\n", dir);
        t->failed++;
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char path[4096];
        if (name[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path) {
            if (quire_is_dir(path) && depth < IMPORT_MAX_DEPTH)
                import_dir(s, path, opts, t, depth + 1);
            else if (has_epub_suffix(name) && !quire_is_dir(path))
                import_one(s, path, opts, t);
        }
        free(names[i]);
    }
    free(names);
}

static int import_run(const struct cli_global *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"allow-unsigned", no_argument, NULL, 'u'},
        {NULL, 0, NULL, 0},
    };
    struct bundle_import_opts io = {0};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'u')
            io.allow_unsigned = true;
        else
            return cli_usage_error(&cli_cmd_import, "unknown option");
    }
    if (optind >= argc)
        return cli_usage_error(&cli_cmd_import, "name at least one bundle or folder");
    store *s;
    struct quire_err err;
    if (cli_open_store(g, &s, &err) != QUIRE_OK)
        return cli_fail(&err);
    struct import_tally t = {.s = s};
    io.committing = record_archive;
    io.imported = archive_imported;
    io.ctx = &t;
    for (int i = optind; i < argc; i++) {
        if (quire_is_dir(argv[i]))
            import_dir(s, argv[i], &io, &t, 0);
        else
            import_one(s, argv[i], &io, &t);
    }
    store_close(s);
    if (t.imported + t.duplicates + t.failed > 1)
        printf("%d imported, %d already there, %d failed\n", t.imported, t.duplicates, t.failed);
    return t.failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_import = {
    .name = "import",
    .summary = "import bundles (files, or folders such as a USB stick) into the library",
    .usage = "import FILE|DIR... [--allow-unsigned]",
    .run = import_run,
};
