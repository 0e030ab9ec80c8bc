/* cli_feed: what `quire feed`'s two files share (cmd_feed.c: the feeds and the state file;
 * cli_feed_publish.c: `quire feed publish`). */
#ifndef QUIRE_CLI_FEED_H
#define QUIRE_CLI_FEED_H

#include "cli.h"
#include "feed_db.h"

/* Opens the publisher's state file (--db, else publisher.db beside the default library);
 * failures are printed. */
int cli_feed_open_state(const struct cli_global *g, feed_db **db);
/* `quire feed publish`; argv[0] is "publish". */
int cli_feed_publish(const struct cli_global *g, int argc, char **argv);

#endif
