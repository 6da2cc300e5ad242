/*
 * cmd_ingest.c — `storyline ingest`: the front door. Reads files, folders, JSON Lines or
 * stdin (sl_reader), runs each article through the per-article stages (sl_doc_process) and
 * stores it with its story (sl_session_add). One bad input never stops the batch: it is
 * named on stderr with its line and the reason, and the exit code says some were rejected.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/core.h"
#include "ingest/reader.h"

/* The progress bar's total is counted before ingesting, only when the bar is shown, and
 * only while cheap: JSON Lines files are scanned for their records up to this many bytes
 * in all; past it (or with stdin) the bar shows count and rate without an ETA. */
#define SL_INGEST_COUNT_MAX_BYTES (512ull << 20)

static const char S_usage[] =
    "usage: storyline ingest [--db PATH] [--format auto|text|html|jsonl] [--quiet] PATH...|-\n"
    "\n"
    "Reads articles and stores them, each assigned to a story as it arrives. A PATH may be a\n"
    "file, a folder (read recursively, in name order) or - for standard input. Plain text:\n"
    "a first line followed by a blank line is the title (DOCNO:/DATE:/TITLE: header lines are\n"
    "understood). HTML pages are reduced to their article. JSON Lines: one object per line\n"
    "with text and optionally id, url, source, title, published.\n"
    "\n"
    "An article already stored (same id or same content) is skipped, so ingesting a folder\n"
    "again adds only what is new. Stories' titles and summaries are refreshed at the end.\n"
    "\n"
    "options:\n"
    "  --db PATH        database file (default ./storyline.db; created when missing)\n"
    "  --format F       auto (default: by name and content), text, html or jsonl\n"
    "  -q, --quiet      no progress bar and no final counts on stderr\n"
    "  -h, --help       this help\n"
    "\n"
    "output (stderr): one line per rejected input, e.g.\n"
    "  storyline ingest: feed.jsonl:7: not valid JSON\n"
    "and at the end the counts:\n"
    "  storyline ingest: 98 added, 2 already present, 1 rejected\n"
    "\n"
    "examples:\n"
    "  storyline ingest --db news.db samples/wikinews\n"
    "  storyline ingest --db news.db --format jsonl feed.jsonl\n"
    "  curl -s https://example.org/a.html | storyline ingest --db news.db --format html -\n"
    "\n"
    "exit codes:\n"
    "  0  every input was stored (or already present)\n"
    "  1  fatal: bad usage, database or resources unusable; nothing more was stored\n"
    "  2  some inputs were rejected (each named on stderr); the others were stored\n";

typedef struct S_counts {
    long added, present, rejected;
} S_counts;

/* ---- counting the articles ahead, for the progress bar's ETA --------------------------- */

typedef struct S_tally {
    double articles;
    unsigned long long bytes; /* JSON Lines bytes scanned so far (the budget) */
    unsigned long files;
    bool unknown;             /* stdin, an unreadable path, or over the budget */
} S_tally;

/* Records in one file, as the reader sees them: one article per text or HTML file, one per
 * non-blank line of a JSON Lines file (by --format, else by name and first bytes). */
static void S_tally_file(const char *path, sl_format fmt, S_tally *t)
{
    if (++t->files > SL_READER_MAX_FILES) { t->unknown = true; return; }
    FILE *f = fopen(path, "rb");
    if (!f) { t->articles += 1; return; } /* rejected by the reader: one line of output */
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    sl_format cur = fmt != SL_FORMAT_AUTO ? fmt : sl_format_guess(path, buf, n);
    if (cur != SL_FORMAT_JSONL) { fclose(f); t->articles += 1; return; }
    bool blank = true;
    for (; n > 0; n = fread(buf, 1, sizeof buf, f)) {
        t->bytes += n;
        if (t->bytes > SL_INGEST_COUNT_MAX_BYTES) { t->unknown = true; break; }
        for (size_t i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') { t->articles += !blank; blank = true; }
            else if (c != ' ' && c != '\t' && c != '\r') blank = false;
        }
    }
    t->articles += !blank;
    fclose(f);
}

/* Walks a path like the reader does (name order does not matter here; hidden entries
 * skipped, depth bounded). */
static void S_tally_path(const char *path, sl_format fmt, int depth, S_tally *t)
{
    struct stat sb;
    if (t->unknown) return;
    if (!strcmp(path, "-")) { t->unknown = true; return; }
    if (stat(path, &sb) != 0) { t->articles += 1; return; }
    if (S_ISREG(sb.st_mode)) { S_tally_file(path, fmt, t); return; }
    if (!S_ISDIR(sb.st_mode) || depth > SL_READER_MAX_DEPTH) return;
    DIR *dp = opendir(path);
    if (!dp) return;
    struct dirent *de;
    sl_buf sub;
    sl_buf_init(&sub);
    while (!t->unknown && (de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.') continue;
        sl_buf_reset(&sub);
        sl_buf_printf(&sub, "%s%s%s", path, path[0] && path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
        if (sub.oom) { t->unknown = true; break; }
        S_tally_path(sub.data, fmt, depth + 1, t);
    }
    sl_buf_free(&sub);
    closedir(dp);
}

/* Ingests everything under one path. Returns false on a fatal (database) error. */
static bool S_ingest_path(sl_session *s, const sl_engine *e, const char *path, sl_format fmt, S_counts *c,
                          sl_progress *pg)
{
    sl_reader *r = sl_cli_open_input("ingest", path, fmt);
    if (!r) { c->rejected++; return true; }
    sl_input in;
    sl_doc *d;
    while (sl_cli_next_doc("ingest", e, r, path, &in, &d, &c->rejected) == SL_OK) {
        char where[1024];
        sl_add_result res;
        sl_status st = sl_session_add(s, d, &res);
        sl_doc_free(d);
        if (st == SL_EDB || st == SL_ENOMEM) {
            sl_cli_where(where, sizeof where, &in, path);
            sl_cli_error("ingest", "%s: %s", where, sl_session_error(s));
            sl_reader_close(r);
            return false;
        }
        if (st != SL_OK) {
            sl_cli_where(where, sizeof where, &in, path);
            sl_cli_error("ingest", "%s: %s", where, sl_session_error(s));
            c->rejected++;
            continue;
        }
        if (res.outcome == SL_PRESENT) c->present++;
        else c->added++;
        sl_progress_update(pg, (double)(c->added + c->present + c->rejected));
    }
    sl_reader_close(r);
    return true;
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_ingest;
    const char *db = SL_CLI_DEFAULT_DB, *fmtname = "auto";
    int first = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int m;
        if (!strcmp(a, "--")) { first = i + 1; break; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--format", &fmtname)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) continue;
        if (a[0] == '-' && a[1]) return sl_cli_usage(cmd, "unknown option '%s'", a);
        first = i;
        break;
    }
    /* everything from `first` on is a path (options may not follow paths) */
    if (first >= argc) return sl_cli_usage(cmd, "no input given (a file, a folder, or - for stdin)");
    sl_format fmt;
    if (sl_format_parse(fmtname, &fmt) != SL_OK)
        return sl_cli_usage(cmd, "unknown format '%s' (auto, text, html, jsonl)", fmtname);

    sl_engine *e = NULL;
    sl_session *s = sl_cli_open_db("ingest", db, false, &e);
    if (!s) return SL_EXIT_FATAL;
    S_counts c = {0, 0, 0};
    S_tally t = {0, 0, 0, false};
    if (sl_progress_enabled())
        for (int i = first; !t.unknown && i < argc; i++) S_tally_path(argv[i], fmt, 0, &t);
    sl_progress pg;
    sl_progress_start(&pg, "ingest", "articles", t.unknown ? 0 : t.articles);
    bool ok = true;
    for (int i = first; ok && i < argc; i++) ok = S_ingest_path(s, e, argv[i], fmt, &c, &pg);
    sl_progress_update(&pg, (double)(c.added + c.present + c.rejected)); /* trailing rejections */
    sl_progress_end(&pg);
    sl_status st = ok ? sl_session_flush(s) : SL_EDB;
    if (ok && st != SL_OK) sl_cli_error("ingest", "%s", sl_session_error(s));
    sl_cli_close_db(s, e);
    if (!sl_cli_quiet)
        fprintf(stderr, "storyline ingest: %ld added, %ld already present, %ld rejected\n", c.added, c.present,
                c.rejected);
    if (!ok || st != SL_OK) return SL_EXIT_FATAL;
    return c.rejected ? SL_EXIT_PARTIAL : SL_EXIT_OK;
}

const sl_cmd sl_cmd_ingest = {"ingest", "read articles (files, folders, JSON Lines, stdin) into stories", S_usage,
                              S_run};
