/*
 * cmd_summarize.c — `storyline summarize`: a one-shot multi-document summary of some files,
 * no database involved (sl_doc_process on each article, then sl_summarize, the same code
 * that summarizes stored stories).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline summarize [--words N] [--json] [--format auto|text|html|jsonl] FILE...|-\n"
    "\n"
    "Summarizes the articles in the given files (folders and JSON Lines feeds are read like\n"
    "ingest does) as one extractive summary, without a database. Without --json only the\n"
    "summary sentences are printed, one per line.\n"
    "\n"
    "options:\n"
    "  --words N   at most N words (default 100)\n"
    "  --json      {\"sentences\":[{text, article, start, end}...]}: each sentence with the id\n"
    "              of its article and its byte offsets in that article's normalized text\n"
    "  --format F  input format: auto (default), text, html, jsonl\n"
    "  -h, --help  this help\n"
    "\n"
    "examples:\n"
    "  storyline summarize --words 60 samples/wikinews/M003\n"
    "  storyline summarize --json a.txt b.html\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage, or no usable article at all\n"
    "  2  some inputs were rejected (named on stderr); the summary covers the rest\n";

typedef struct S_docs {
    sl_doc **v;
    size_t n, cap;
} S_docs;

static bool S_push(S_docs *d, sl_doc *x)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        sl_doc **v = realloc(d->v, cap * sizeof *v);
        if (!v) return false;
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = x;
    return true;
}

/* Reads and processes every article under `path`; counts rejections. */
static bool S_load(const sl_engine *e, const char *path, sl_format fmt, S_docs *docs, long *rejected)
{
    sl_reader *r = sl_cli_open_input("summarize", path, fmt);
    if (!r) { (*rejected)++; return true; }
    sl_input in;
    sl_doc *d;
    while (sl_cli_next_doc("summarize", e, r, path, &in, &d, rejected) == SL_OK) {
        if (!S_push(docs, d)) { sl_doc_free(d); sl_reader_close(r); return false; }
    }
    sl_reader_close(r);
    return true;
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_summarize;
    const char *words_s = NULL, *fmtname = "auto";
    bool json = false;
    int words = 100, first = argc;
    for (int i = 1; i < argc; i++) {
        int m;
        if (!strcmp(argv[i], "--")) { first = i + 1; break; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--words", &words_s)) != 0) {
            if (m < 0) return SL_EXIT_FATAL;
            if (!sl_cli_int(words_s, &words)) return sl_cli_usage(cmd, "--words needs a positive number, not '%s'", words_s);
            continue;
        }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--format", &fmtname)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "--json")) { json = true; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        if (argv[i][0] == '-' && argv[i][1]) return sl_cli_usage(cmd, "unknown option '%s'", argv[i]);
        first = i;
        break;
    }
    if (first >= argc) return sl_cli_usage(cmd, "no input given");
    sl_format fmt;
    if (sl_format_parse(fmtname, &fmt) != SL_OK) return sl_cli_usage(cmd, "unknown format '%s'", fmtname);
    /* a summary reads text and sentences only: no NER model, no CAMEO dictionaries */
    sl_engine *e = NULL;
    sl_status est = sl_engine_new_opts(SL_ENGINE_TEXT_ONLY, &e);
    if (est != SL_OK) {
        sl_cli_error("summarize", "cannot load resources: %s", sl_strerror(est));
        return SL_EXIT_FATAL;
    }
    S_docs docs = {0};
    long rejected = 0;
    bool ok = true;
    for (int i = first; ok && i < argc; i++) ok = S_load(e, argv[i], fmt, &docs, &rejected);
    int rc = SL_EXIT_OK;
    if (!ok) {
        sl_cli_error("summarize", "out of memory");
        rc = SL_EXIT_FATAL;
    } else if (docs.n == 0) {
        sl_cli_error("summarize", "no usable article to summarize");
        rc = SL_EXIT_FATAL;
    } else {
        char *js = NULL;
        sl_status st = sl_summarize(e, docs.v, docs.n, words, &js);
        if (st != SL_OK) {
            sl_cli_error("summarize", "%s", sl_strerror(st));
            rc = SL_EXIT_FATAL;
        } else if (json) {
            puts(js);
        } else {
            json_t *o = json_loads(js, 0, NULL);
            size_t i;
            json_t *v;
            json_array_foreach(json_object_get(o, "sentences"), i, v) puts(json_string_value(json_object_get(v, "text")));
            json_decref(o);
        }
        sl_free(js);
        if (rc == SL_EXIT_OK && rejected) rc = SL_EXIT_PARTIAL;
    }
    for (size_t i = 0; i < docs.n; i++) sl_doc_free(docs.v[i]);
    free(docs.v);
    sl_engine_free(e);
    return rc;
}

const sl_cmd sl_cmd_summarize = {"summarize", "one-shot summary of some files, no database", S_usage, S_run};
