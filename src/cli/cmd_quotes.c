/*
 * cmd_quotes.c — `storyline quotes`: who said what, across the corpus or in one story,
 * each quote traced to its article and offsets (sl_session_quotes).
 */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline quotes [--db PATH] [--story ID] [--speaker NAME] [--json]\n"
    "\n"
    "Lists quotes (direct, in quote marks, and indirect) with their speaker and source\n"
    "article, in arrival order.\n"
    "\n"
    "options:\n"
    "  --db PATH       database file (default ./storyline.db)\n"
    "  --story ID      only quotes in this story (id or unique prefix)\n"
    "  --speaker NAME  only quotes whose speaker's name contains NAME (any case)\n"
    "  --json          JSON Lines: {article, story, speaker, direct, start, end, text, cue}\n"
    "  -h, --help      this help\n"
    "\n"
    "examples:\n"
    "  storyline quotes --db news.db --speaker peskov\n"
    "  storyline quotes --db news.db --story s3f2a --json\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage, no usable database, or no such story\n";

static int S_row(const char *js, void *user)
{
    json_t *o = json_loads(js, 0, NULL);
    if (!o) return 0;
    const char *spk = json_string_value(json_object_get(o, "speaker"));
    const char *text = json_string_value(json_object_get(o, "text"));
    printf("%-24s %s%s%s\n", spk ? spk : "(unknown)", json_is_true(json_object_get(o, "direct")) ? "\"" : "",
           text ? text : "", json_is_true(json_object_get(o, "direct")) ? "\"" : "");
    printf("%-24s   [%s %s]\n", "", json_string_value(json_object_get(o, "story")),
           json_string_value(json_object_get(o, "article")));
    json_decref(o);
    return 0;
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_quotes;
    const char *db = SL_CLI_DEFAULT_DB, *story = NULL, *speaker = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--story", &story)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--speaker", &speaker)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "--json")) { json = true; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        return sl_cli_usage(cmd, "unexpected argument '%s'", argv[i]);
    }
    sl_engine *e = NULL;
    sl_session *s = sl_cli_open_db("quotes", db, true, NULL);
    if (!s) return SL_EXIT_FATAL;
    sl_status st = sl_session_quotes(s, story, speaker, json ? sl_cli_print_json_line : S_row, stdout);
    if (st != SL_OK) sl_cli_error("quotes", "%s", sl_session_error(s));
    sl_cli_close_db(s, e);
    return st == SL_OK ? SL_EXIT_OK : SL_EXIT_FATAL;
}

const sl_cmd sl_cmd_quotes = {"quotes", "list who said what, by story or speaker", S_usage, S_run};
