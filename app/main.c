/* main: the `quire` command line. Parses the global options (--db, --help, --version), then
 * hands the rest to the subcommand named next, from the table that app/cli/CMakeLists.txt
 * builds out of app/cli/cmd_*.c. Start reading here, then at the cmd_*.c you care about. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#include "cli_commands.inc"

static void print_help(FILE *out)
{
    fprintf(out, "usage: quire [--db PATH] COMMAND [ARGS...]\n\n"
                 "An offline-first news reader for e-ink devices.\n\ncommands:\n");
    for (const struct cli_command *const *c = cli_commands; *c; c++)
        fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
    fprintf(out, "\nglobal options:\n"
                 "  --db PATH   library file (default $XDG_DATA_HOME/quire/library.db)\n"
                 "  --help      this text; `quire COMMAND --help` for one command\n"
                 "  --version   print the version\n");
}

static const struct cli_command *find_command(const char *name)
{
    for (const struct cli_command *const *c = cli_commands; *c; c++)
        if (strcmp((*c)->name, name) == 0)
            return *c;
    return NULL;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct cli_global g = {.prog = "quire"};
    /* Past a file size limit, writes must fail with EFBIG (and SQLite roll back) rather than
     * the process dying half-way through an import. */
    signal(SIGXFSZ, SIG_IGN);
    int c;
    /* "+" stops at the first non-option: the subcommand owns everything after its name. */
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            g.db_path = optarg;
            break;
        case 'h':
            print_help(stdout);
            return CLI_EXIT_OK;
        case 'V':
            printf("quire %s\n", QUIRE_VERSION);
            return CLI_EXIT_OK;
        default:
            print_help(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return CLI_EXIT_USAGE;
    }
    const struct cli_command *cmd = find_command(argv[optind]);
    if (!cmd) {
        fprintf(stderr, "quire: unknown command '%s' (see quire --help)\n", argv[optind]);
        return CLI_EXIT_USAGE;
    }
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    if (wants_help(sub_argc, sub_argv)) {
        printf("usage: quire %s\n\n%s\n", cmd->usage, cmd->summary);
        return CLI_EXIT_OK;
    }
    optind = 0; /* glibc: 0 fully re-initialises getopt for the subcommand */
    struct cli_new_library created;
    cli_new_library_note(&g, &created);
    int rc = cmd->run(&g, sub_argc, sub_argv);
    cli_new_library_settle(&created, rc);
    return rc;
}
