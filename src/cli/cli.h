/*
 * cli.h — shared pieces of the `storyline` command: the subcommand table, exit codes,
 * option helpers. Each subcommand lives in its own cmd_<name>.c and uses only the public
 * header (eval/ is the exception: scorers drive internal stages directly).
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "storyline.h"

/* Exit codes (documented in --help and the man page). */
#define SL_EXIT_OK      0  /* all good */
#define SL_EXIT_FATAL   1  /* nothing (more) could be done: bad usage, unreadable database */
#define SL_EXIT_PARTIAL 2  /* some inputs were rejected; the rest were processed and stored */

typedef struct sl_cmd {
    const char *name;
    const char *summary;              /* one line for `storyline --help` */
    const char *usage;                /* full help text for `storyline NAME --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
} sl_cmd;

extern const sl_cmd sl_cmd_ingest, sl_cmd_articles, sl_cmd_stories, sl_cmd_show,
    sl_cmd_summarize, sl_cmd_extract, sl_cmd_entities, sl_cmd_eval, sl_cmd_serve,
    sl_cmd_quotes, sl_cmd_events, sl_cmd_export, sl_cmd_recluster, sl_cmd_train;

/* Prints cmd->usage to stdout when argv has -h/--help; returns true if it did. */
bool sl_cli_wants_help(const sl_cmd *cmd, int argc, char **argv);
/* "storyline NAME: message" on stderr. */
void sl_cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Usage error: message + hint, returns SL_EXIT_FATAL. */
int sl_cli_usage(const sl_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a positive integer option value; false on junk. */
bool sl_cli_int(const char *s, int *out);
/* Whether progress bars are drawn: --quiet never; else SL_PROGRESS=1 forces them (tests),
 * SL_PROGRESS=0 turns them off, and otherwise only when stderr is a terminal. main()
 * passes the answer to sl_progress_enable (src/core/progress.c, declared in core/core.h),
 * which the long jobs use. */
bool sl_cli_progress_enabled(void);
/* --quiet / -q, before or after the command name: no bars, no summaries on stderr. */
extern bool sl_cli_quiet;

/* Opens the engine or prints why not; NULL on failure. */
sl_engine *sl_cli_engine(const char *cmd);

/* ---- reading articles (src/cli/cli_input.c) -------------------------------------------- */
/* Opens the reader on `path` or prints why not (naming the path); NULL on failure. */
sl_reader *sl_cli_open_input(const char *cmd, const char *path, sl_format fmt);
/* Next processed article of `r` in *doc (the caller frees it), with its input in *in:
 * SL_OK, or SL_END when the input is exhausted. Inputs that cannot be read or processed are
 * reported (file and line) and counted in *rejected, and the loop moves on to the next. */
sl_status sl_cli_next_doc(const char *cmd, const sl_engine *e, sl_reader *r, const char *path, sl_input *in,
                          sl_doc **doc, long *rejected);
/* "file:line" (or "file") of an input, for messages; `fallback` when it has no path. */
void sl_cli_where(char *out, size_t n, const sl_input *in, const char *fallback);

/* ---- database commands (src/cli/cli_session.c) ---------------------------------------- */
#define SL_CLI_DEFAULT_DB "storyline.db"
/* Matches option `name` as "NAME VALUE" or "NAME=VALUE" at argv[*i] (advancing *i past the
 * value): 1 matched, 0 not this option, -1 value missing (message printed). */
int sl_cli_optval(const sl_cmd *cmd, int argc, char **argv, int *i, const char *name, const char **val);
/* Session on `path` (plus the engine when `engine` is not NULL: only commands that process
 * text need it); with must_exist, a missing file is an error (read-only commands must not
 * create empty databases). NULL after printing why. */
sl_session *sl_cli_open_db(const char *cmd, const char *path, bool must_exist, sl_engine **engine);
void sl_cli_close_db(sl_session *s, sl_engine *e);
/* sl_json_cb printing one JSON object per line to the FILE* in `user`. */
int sl_cli_print_json_line(const char *json, void *user);
/* The body of the listing commands (articles, stories, entities): parses [--db PATH]
 * [--json] [--quiet], opens the database read-only and runs `query`, printing JSON Lines
 * with --json, else `header` then one `row` per object. Returns the exit code. */
typedef sl_status (*sl_cli_query_fn)(sl_session *s, sl_json_cb cb, void *user);
int sl_cli_list(const sl_cmd *cmd, int argc, char **argv, sl_cli_query_fn query, const char *header,
                sl_json_cb row);
/* Events as tab-separated rows close to GDELT's event export (header, then one row per
 * sl_session_events object); `user` is an sl_cli_tsv. */
typedef struct sl_cli_tsv {
    FILE *f;
    long n; /* rows written, also the running GLOBALEVENTID */
} sl_cli_tsv;
void sl_cli_event_tsv_header(FILE *f);
int sl_cli_print_event_tsv(const char *json, void *user);

#endif
