/* cli: the `quire` command line. Each app/cli/cmd_<name>.c defines one
 * `const struct cli_command cli_cmd_<name>`; CMake collects them into the dispatch table, so a
 * new subcommand is one new file. Exit codes: 0 success, 1 failure, 2 usage error. */
#ifndef QUIRE_CLI_H
#define QUIRE_CLI_H

#include <stdbool.h>

#include "quire_error.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAIL = 1, CLI_EXIT_USAGE = 2 };

/* Options shared by all subcommands, parsed before the subcommand name. */
struct cli_global {
    const char *db_path; /* --db PATH, or NULL for the default library */
    const char *prog;    /* "quire" */
};

struct cli_command {
    const char *name;
    const char *summary; /* one line for `quire --help` */
    const char *usage;   /* shown by `quire NAME --help` */
    /* argv[0] is the subcommand name; getopt_long state is reset before the call. */
    int (*run)(const struct cli_global *g, int argc, char **argv);
};

/* Prints "quire: msg" (the message of err) to stderr and returns CLI_EXIT_FAIL. */
int cli_fail(const struct quire_err *err);
/* Prints one line, "quire NAME: <formatted> (quire NAME --help ...)", to stderr; returns
 * CLI_EXIT_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Resolves the library path (--db or the default) into out. */
int cli_db_path(const struct cli_global *g, char *out, unsigned outlen);
/* Opens the library named by --db (or the default), creating it if needed. */
struct store;
int cli_open_store(const struct cli_global *g, struct store **out, struct quire_err *err);
/* Display cells of UTF-8 text in a terminal (East Asian wide characters take two, combining
 * marks none: cli_width.c). */
int cli_text_width(const char *s);
/* s in exactly `width` cells: padded with spaces, or cut at a word boundary (inside a word
 * only when the first word is too long) and ended with an ellipsis. */
void cli_text_fit(const char *s, int width, char *out, size_t cap);
/* For commands that only read (list, show, read, search): as cli_open_store, but a library
 * that exists and cannot be written (read-only file system, full disk, file size limit, a
 * file or folder of someone else) is opened read-only, and stderr says so once. */
int cli_open_store_reading(const struct cli_global *g, struct store **out, struct quire_err *err);
/* A failed command must not leave a library behind that it created: cli_new_library_note
 * remembers, before the command runs, whether the library and its folders exist;
 * cli_new_library_settle removes what the command created if it failed (exit != 0). */
struct cli_new_library {
    char path[4096];
    char top[4096]; /* the outermost folder the library's path lacked ("" if none) */
    bool is_new;    /* no library file before the command */
};
void cli_new_library_note(const struct cli_global *g, struct cli_new_library *n);
void cli_new_library_settle(const struct cli_new_library *n, int exit_code);
/* Parses a positive article id; false on junk. */
bool cli_parse_id(const char *s, long long *id);
/* Reads a minisign secret key file; a failure is printed (naming the file) and returned as
 * CLI_EXIT_FAIL. */
struct minisign_seckey;
int cli_load_seckey(const char *path, struct minisign_seckey *sk);
/* Writes s as a JSON string literal (with quotes) to stdout. */
void cli_print_json_string(const char *s);

#endif
