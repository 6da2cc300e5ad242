/*
 * main.c — `storyline`: dispatches to one subcommand per file (cmd_*.c).
 * The CLI is a thin client of libstoryline.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/core.h"

bool sl_cli_quiet = false;

static const sl_cmd *const S_cmds[] = {
    &sl_cmd_ingest, &sl_cmd_articles, &sl_cmd_stories, &sl_cmd_show, &sl_cmd_summarize,
    &sl_cmd_extract, &sl_cmd_entities, &sl_cmd_quotes, &sl_cmd_events, &sl_cmd_export,
    &sl_cmd_recluster, &sl_cmd_serve, &sl_cmd_eval, &sl_cmd_train,
};

static void S_help(FILE *f)
{
    fprintf(f,
            "usage: storyline [--quiet] COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Storyline turns raw news articles (text, HTML, JSON Lines) into stories: it cleans\n"
            "boilerplate, repairs degraded text, extracts people, organisations, places, dates,\n"
            "quotes and CAMEO events, groups articles into stories as they arrive, and summarizes\n"
            "each story. Everything is kept in an embedded SQLite database (default ./storyline.db).\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++)
        fprintf(f, "  %-10s %s\n", S_cmds[i]->name, S_cmds[i]->summary);
    fprintf(f,
            "\n"
            "options:\n"
            "  -h, --help     this help; `storyline COMMAND --help` for a command's own\n"
            "  -V, --version  print the version\n"
            "  -q, --quiet    no progress bars or summaries on stderr; results on stdout are the\n"
            "                 same (accepted before or after the command name, by every command)\n"
            "\n"
            "progress: long jobs (ingest, train, eval, recluster) draw a bar with rate and ETA on\n"
            "stderr when it is a terminal. SL_PROGRESS=1 draws it anyway, SL_PROGRESS=0 never.\n"
            "\n"
            "exit codes:\n"
            "  0  all good\n"
            "  1  fatal: bad usage, unreadable database or model, nothing done\n"
            "  2  some inputs were rejected (each named on stderr); the rest were stored\n"
            "\n"
            "example:\n"
            "  storyline ingest --db news.db samples/wikinews && storyline stories --db news.db\n");
}

/* Appended to every command's --help (unless its text already names the option). */
static const char S_quiet_help[] =
    "\nglobal option: -q, --quiet  no progress bar and no summary on stderr (stdout unchanged)\n";

static bool S_help_asked(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return true;
    return false;
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { S_help(stdout); return 0; }
        if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) { printf("storyline %s\n", sl_version()); return 0; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) { sl_cli_quiet = true; continue; }
        fprintf(stderr, "storyline: unknown option '%s'\n", argv[i]);
        S_help(stderr);
        return SL_EXIT_FATAL;
    }
    if (i >= argc) { S_help(stderr); return SL_EXIT_FATAL; }
    for (size_t k = 0; k < sizeof S_cmds / sizeof S_cmds[0]; k++) {
        if (strcmp(argv[i], S_cmds[k]->name) == 0) {
            int sub_argc = argc - i;
            char **sub_argv = argv + i;
            /* --quiet is global: taken out of the command's arguments (up to a "--") so that
             * every command and eval task accepts it anywhere without parsing it itself */
            int kept = 1, j = 1;
            for (; j < sub_argc && strcmp(sub_argv[j], "--") != 0; j++) {
                if (!strcmp(sub_argv[j], "--quiet") || !strcmp(sub_argv[j], "-q")) sl_cli_quiet = true;
                else sub_argv[kept++] = sub_argv[j];
            }
            while (j < sub_argc) sub_argv[kept++] = sub_argv[j++];
            sub_argc = kept;
            sub_argv[sub_argc] = NULL;
            /* serve is a daemon whose stderr is a log, and its worker threads flush sessions:
             * no bars there */
            sl_progress_enable(S_cmds[k] != &sl_cmd_serve && sl_cli_progress_enabled());
            /* eval passes --help on to its task when one is named */
            if ((S_cmds[k] != &sl_cmd_eval || sub_argc < 3) && sl_cli_wants_help(S_cmds[k], sub_argc, sub_argv)) {
                if (!strstr(S_cmds[k]->usage, "--quiet")) fputs(S_quiet_help, stdout);
                return 0;
            }
            int rc = S_cmds[k]->run(sub_argc, sub_argv);
            if (rc == 0 && S_cmds[k] == &sl_cmd_eval && S_help_asked(sub_argc, sub_argv)) fputs(S_quiet_help, stdout);
            return rc;
        }
    }
    fprintf(stderr, "storyline: unknown command '%s' (see storyline --help)\n", argv[i]);
    return SL_EXIT_FATAL;
}

bool sl_cli_wants_help(const sl_cmd *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(cmd->usage, stdout);
            return true;
        }
    }
    return false;
}

void sl_cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    sl_progress_clear();
    fprintf(stderr, "storyline %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int sl_cli_usage(const sl_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    sl_progress_clear();
    fprintf(stderr, "storyline %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see storyline %s --help)\n", cmd->name);
    return SL_EXIT_FATAL;
}

bool sl_cli_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v <= 0 || v > 1000000000) return false;
    *out = (int)v;
    return true;
}

bool sl_cli_progress_enabled(void)
{
    if (sl_cli_quiet) return false;
    const char *force = getenv("SL_PROGRESS");
    if (force && !strcmp(force, "1")) return true;
    if (force && !strcmp(force, "0")) return false;
    return isatty(STDERR_FILENO) == 1;
}

sl_engine *sl_cli_engine(const char *cmd)
{
    sl_engine *e = NULL;
    sl_status st = sl_engine_new(&e);
    if (st != SL_OK) {
        sl_cli_error(cmd, "cannot load resources: %s", sl_strerror(st));
        return NULL;
    }
    return e;
}
