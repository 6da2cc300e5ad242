/*
 * cmd_recluster.c — `storyline recluster`: forgets every story and assigns the stored
 * articles again in arrival order (after a clusterer change, or to undo merges made by an
 * older version). Deterministic: the same database gives the same stories.
 */
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline recluster [--db PATH]\n"
    "\n"
    "Rebuilds all stories from the stored articles, in the order they arrived, with the\n"
    "current clusterer; titles and summaries are recomputed. Articles are not re-read.\n"
    "Runs in one transaction: if it fails, the database is left as it was.\n"
    "\n"
    "options:\n"
    "  --db PATH   database file (default ./storyline.db)\n"
    "  -h, --help  this help\n"
    "\n"
    "example:\n"
    "  storyline recluster --db news.db && storyline stories --db news.db\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage, no usable database, or the rebuild failed (nothing changed)\n";

static int S_count(const char *json, void *user)
{
    (void)json;
    ++*(long *)user;
    return 0;
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_recluster;
    const char *db = SL_CLI_DEFAULT_DB;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        return sl_cli_usage(cmd, "unexpected argument '%s'", argv[i]);
    }
    sl_engine *e = NULL;
    sl_session *s = sl_cli_open_db("recluster", db, true, NULL);
    if (!s) return SL_EXIT_FATAL;
    sl_status st = sl_session_recluster(s);
    long n = 0;
    if (st == SL_OK) st = sl_session_stories(s, S_count, &n);
    if (st != SL_OK) sl_cli_error("recluster", "%s", sl_session_error(s));
    else if (!sl_cli_quiet) fprintf(stderr, "storyline recluster: %ld stories\n", n);
    sl_cli_close_db(s, e);
    return st == SL_OK ? SL_EXIT_OK : SL_EXIT_FATAL;
}

const sl_cmd sl_cmd_recluster = {"recluster", "rebuild all stories from the stored articles", S_usage, S_run};
