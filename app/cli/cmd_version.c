/* cmd_version: `quire version`, the same as `quire --version`. */
#include <stdio.h>

#include "cli.h"

extern const struct cli_command cli_cmd_version;

static int version_run(const struct cli_global *g, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage_error(&cli_cmd_version, "takes no arguments");
    printf("quire %s\n", QUIRE_VERSION);
    return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_version = {
    .name = "version",
    .summary = "print the version",
    .usage = "version",
    .run = version_run,
};
