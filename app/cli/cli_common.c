/* cli_common: helpers shared by the subcommands: error and usage printing, JSON strings,
 * and resolving the library path. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quire_util.h"
#include "store.h"

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
    fprintf(stderr, "quire: %s\n", line);
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

int cli_open_store(const struct cli_global *g, struct store **out, struct quire_err *err)
{
    char path[4096];
    if (cli_db_path(g, path, sizeof path) != QUIRE_OK)
        return quire_err_set(err, QUIRE_EINVAL, "library path too long");
    return store_open(path, out, err);
}

bool cli_parse_id(const char *s, long long *id)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0)
        return false;
    *id = v;
    return true;
}
