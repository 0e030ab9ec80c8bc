/* cli_common: helpers shared by the subcommands: error and usage printing, JSON strings,
 * and resolving the library path. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "minisign.h"
#include "quire_util.h"
#include "store.h"
#include "sync.h"

int cli_fail(const struct quire_err *err)
{
    /* One line, whatever the message came from: libraries end theirs with newlines. */
    char line[QUIRE_ERR_MSG_MAX];
    snprintf(line, sizeof line, "%s", err && err->msg[0] ? err->msg : quire_strerror(err->code));
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ')
        line[--n] = '\0';
    /* Messages quote file names, URLs and server answers: never raw control bytes. */
    char shown[QUIRE_ERR_MSG_MAX * 4];
    quire_escape_line(line, shown, sizeof shown);
    fprintf(stderr, "quire: %s\n", shown);
    return CLI_EXIT_FAIL;
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "quire %s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    /* One line, as every error: the usage is one --help away, not a screenful per typo. */
    fprintf(stderr, " (quire %s --help shows the usage)\n", cmd->name);
    return CLI_EXIT_USAGE;
}

int cli_db_path(const struct cli_global *g, char *out, unsigned outlen)
{
    if (g->db_path) {
        if (strlen(g->db_path) >= outlen)
            return QUIRE_EINVAL;
        strcpy(out, g->db_path);
        return QUIRE_OK;
    }
    return quire_default_db_path(out, outlen);
}

void cli_print_json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", stdout);
            break;
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        case '\t':
            fputs("\\t", stdout);
            break;
        default:
            if (*p < 0x20)
                printf("\\u%04x", *p);
            else
                putchar(*p);
        }
    }
    putchar('"');
}

static void warn_line(void *ctx, const char *msg)
{
    fprintf(stderr, "quire: warning: %s\n", msg);
}

int cli_open_store(const struct cli_global *g, struct store **out, struct quire_err *err)
{
    char path[4096];
    if (cli_db_path(g, path, sizeof path) != QUIRE_OK)
        return quire_err_set(err, QUIRE_EINVAL, "library path too long");
    enum quire_status st = store_open(path, out, err);
    if (!st) /* a crash of an earlier command may have left a bundle out of the archive */
        sync_archive_recover(*out, warn_line, NULL, NULL);
    return st;
}

/* Why a library that exists cannot be written, before trying: its file or folder refuses
 * writing (EROFS on a read-only file system, EACCES for another user's files). */
static bool cannot_write(const char *path, char *why, size_t cap)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    const char *what = access(path, W_OK) != 0 ? path : access(dir, W_OK) != 0 ? dir : NULL;
    if (what)
        snprintf(why, cap, "%s: %s", what, strerror(errno));
    return what != NULL;
}

int cli_open_store_reading(const struct cli_global *g, struct store **out, struct quire_err *err)
{
    char path[4096], why[QUIRE_ERR_MSG_MAX];
    if (cli_db_path(g, path, sizeof path) != QUIRE_OK)
        return quire_err_set(err, QUIRE_EINVAL, "library path too long");
    if (!quire_file_exists(path))
        return cli_open_store(g, out, err);
    enum quire_status st = QUIRE_OK;
    if (!cannot_write(path, why, sizeof why)) {
        st = cli_open_store(g, out, err);
        /* A full disk or a file size limit shows only when opening writes. */
        if (st != QUIRE_ENOSPC && st != QUIRE_EIO)
            return st;
        snprintf(why, sizeof why, "%s", err->msg);
    }
    struct quire_err ro;
    if (store_open_readonly(path, out, &ro) != QUIRE_OK) {
        if (!st) /* nothing tried before: the read-only open's own reason */
            *err = ro;
        return err->code;
    }
    fprintf(stderr,
            "quire: note: the library cannot be written (%s): opened read-only, nothing "
            "is saved\n",
            why);
    return QUIRE_OK;
}

void cli_new_library_note(const struct cli_global *g, struct cli_new_library *n)
{
    memset(n, 0, sizeof *n);
    if (cli_db_path(g, n->path, sizeof n->path) != QUIRE_OK || quire_file_exists(n->path))
        return;
    n->is_new = true;
    /* Walk up to the outermost missing folder. */
    char dir[sizeof n->path];
    snprintf(dir, sizeof dir, "%s", n->path);
    for (char *slash = strrchr(dir, '/'); slash && slash != dir; slash = strrchr(dir, '/')) {
        *slash = '\0';
        if (quire_file_exists(dir))
            break;
        snprintf(n->top, sizeof n->top, "%s", dir);
    }
}

/* Removes a folder the command created, and each created folder up to n->top, if empty. */
static void remove_created_dirs(const struct cli_new_library *n)
{
    static const char *const beside[] = {QUIRE_SYNC_PARTIAL_DIR, QUIRE_SYNC_ARCHIVE_DIR};
    char dir[sizeof n->path], sub[sizeof n->path + 32];
    snprintf(dir, sizeof dir, "%s", n->path);
    char *slash = strrchr(dir, '/');
    if (!slash || !n->top[0])
        return;
    *slash = '\0';
    for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, beside[i]);
        rmdir(sub);
    }
    size_t top_len = strlen(n->top);
    while (strlen(dir) >= top_len) {
        if (rmdir(dir) != 0)
            return;
        if (!(slash = strrchr(dir, '/')) || slash == dir)
            return;
        *slash = '\0';
    }
}

void cli_new_library_settle(const struct cli_new_library *n, int exit_code)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    if (!n->is_new || exit_code == CLI_EXIT_OK || !quire_file_exists(n->path))
        return;
    char p[sizeof n->path + 16];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", n->path, suffixes[i]);
        unlink(p);
    }
    remove_created_dirs(n);
}

bool cli_parse_id(const char *s, long long *id)
{
    int64_t v;
    if (!quire_parse_i64(s, 1, INT64_MAX, &v))
        return false;
    *id = (long long)v;
    return true;
}

int cli_load_seckey(const char *path, struct minisign_seckey *sk)
{
    struct quire_err err;
    char *text = NULL;
    size_t len = 0;
    if (quire_file_read(path, 4096, &text, &len, &err) != QUIRE_OK)
        return cli_fail(&err);
    enum quire_status rc = minisign_seckey_parse(text, len, sk, &err);
    quire_free(text);
    if (rc) {
        quire_err_prefix(&err, path);
        return cli_fail(&err);
    }
    return CLI_EXIT_OK;
}
