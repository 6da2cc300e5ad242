/*
 * main.c — `storyline`: dispatches to one subcommand per file (cmd_*.c).
 * The CLI is a thin client of libstoryline.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

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
            "  -q, --quiet    no progress bars or summaries on stderr\n"
            "\n"
            "exit codes:\n"
            "  0  all good\n"
            "  1  fatal: bad usage, unreadable database or model, nothing done\n"
            "  2  some inputs were rejected (each named on stderr); the rest were stored\n"
            "\n"
            "example:\n"
            "  storyline ingest --db news.db samples/wikinews && storyline stories --db news.db\n");
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
            for (int j = 1; j < sub_argc; j++)
                if (!strcmp(sub_argv[j], "--quiet") || !strcmp(sub_argv[j], "-q")) sl_cli_quiet = true;
            /* eval passes --help on to its task when one is named */
            if ((S_cmds[k] != &sl_cmd_eval || sub_argc < 3) && sl_cli_wants_help(S_cmds[k], sub_argc, sub_argv)) return 0;
            return S_cmds[k]->run(sub_argc, sub_argv);
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
    fprintf(stderr, "storyline %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int sl_cli_usage(const sl_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
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

bool sl_cli_progress_enabled(void) { return !sl_cli_quiet && isatty(2); }

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sl_progress_start(sl_progress *p, const char *label, double total)
{
    memset(p, 0, sizeof *p);
    p->label = label;
    p->total = total;
    p->on = sl_cli_progress_enabled();
    p->start = p->last = S_now();
}

void sl_progress_update(sl_progress *p, double done)
{
    p->done = done;
    if (!p->on) return;
    double now = S_now();
    if (now - p->last < 0.1 && done < p->total) return;
    p->last = now;
    double el = now - p->start, rate = el > 0 ? done / el : 0;
    double frac = p->total > 0 ? done / p->total : 0;
    if (frac > 1) frac = 1;
    int width = 30, fill = (int)(frac * width);
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
    bar[width] = 0;
    double eta = rate > 0 && p->total > done ? (p->total - done) / rate : 0;
    fprintf(stderr, "\r%-10s [%s] %3.0f%% %.0f/%.0f %.1f/s ETA %.0fs ", p->label, bar, frac * 100, done,
            p->total, rate, eta);
}

void sl_progress_end(sl_progress *p)
{
    if (p->on) {
        p->last = 0;
        sl_progress_update(p, p->done);
        fputc('\n', stderr);
    }
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
