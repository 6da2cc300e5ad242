/*
 * cmd_events.c — `storyline events`: the CAMEO events found in the stored articles, as
 * TSV rows close to GDELT's event export (so existing GDELT tooling can read them) or as
 * JSON Lines (sl_session_events).
 */
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline events [--db PATH] [--story ID] [--format tsv|jsonl]\n"
    "\n"
    "Lists the CAMEO events (who did what to whom, where, when) found in the stored\n"
    "articles, in arrival order.\n"
    "\n"
    "options:\n"
    "  --db PATH       database file (default ./storyline.db)\n"
    "  --story ID      only events in this story (id or unique prefix)\n"
    "  --format tsv    (default) tab-separated with a header, columns after GDELT 1.0:\n"
    "                  GLOBALEVENTID SQLDATE Actor1Code Actor1Name Actor2Code Actor2Name\n"
    "                  EventCode EventRootCode QuadClass ActionGeo_FullName Confidence\n"
    "                  SOURCEURL (the URL, else the file path) StoryID ArticleID\n"
    "  --format jsonl  JSON Lines: {article, story, code, label, source:{name, code},\n"
    "                  target:{name, code}, location, date, confidence, url, path, start, end,\n"
    "                  text}\n"
    "  -h, --help      this help\n"
    "\n"
    "examples:\n"
    "  storyline events --db news.db | cut -f2,4,7,6\n"
    "  storyline events --db news.db --story s3f2a --format jsonl\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage, no usable database, or no such story\n";

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_events;
    const char *db = SL_CLI_DEFAULT_DB, *story = NULL, *fmt = "tsv";
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--story", &story)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--format", &fmt)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "--json")) { fmt = "jsonl"; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        return sl_cli_usage(cmd, "unexpected argument '%s'", argv[i]);
    }
    bool tsv = !strcmp(fmt, "tsv");
    if (!tsv && strcmp(fmt, "jsonl")) return sl_cli_usage(cmd, "unknown format '%s' (tsv or jsonl)", fmt);
    sl_engine *e = NULL;
    sl_session *s = sl_cli_open_db("events", db, true, NULL);
    if (!s) return SL_EXIT_FATAL;
    sl_cli_tsv t = {stdout, 0};
    if (tsv) sl_cli_event_tsv_header(stdout);
    sl_status st = tsv ? sl_session_events(s, story, sl_cli_print_event_tsv, &t)
                       : sl_session_events(s, story, sl_cli_print_json_line, stdout);
    if (st != SL_OK) sl_cli_error("events", "%s", sl_session_error(s));
    sl_cli_close_db(s, e);
    return st == SL_OK ? SL_EXIT_OK : SL_EXIT_FATAL;
}

const sl_cmd sl_cmd_events = {"events", "list CAMEO events (GDELT-like TSV or JSON Lines)", S_usage, S_run};
