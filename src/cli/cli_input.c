/*
 * cli_input.c — the article loop the text-processing subcommands share (ingest, extract,
 * summarize): open one input path, read its articles, run the pipeline on each, and report
 * every rejected input by file (and line) without stopping the batch. Thin glue over the
 * public reader and engine calls, so the three commands word their errors the same way.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

sl_reader *sl_cli_open_input(const char *cmd, const char *path, sl_format fmt)
{
    sl_reader *r = NULL;
    sl_status st = sl_reader_open(path, fmt, &r);
    if (st == SL_OK) return r;
    sl_cli_error(cmd, "%s: %s", path, st == SL_EIO ? "no such file or directory, or not readable" : sl_strerror(st));
    return NULL;
}

void sl_cli_where(char *out, size_t n, const sl_input *in, const char *fallback)
{
    const char *p = in->path && in->path[0] ? in->path : fallback;
    if (in->line > 0) snprintf(out, n, "%s:%ld", p, in->line);
    else snprintf(out, n, "%s", p);
}

sl_status sl_cli_next_doc(const char *cmd, const sl_engine *e, sl_reader *r, const char *path, sl_input *in,
                          sl_doc **doc, long *rejected)
{
    *doc = NULL;
    for (;;) {
        memset(in, 0, sizeof *in);
        sl_status st = sl_reader_next(r, in);
        if (st == SL_END) return SL_END;
        if (st != SL_OK) {
            const char *msg = sl_reader_error(r);
            if (msg && msg[0]) sl_cli_error(cmd, "%s", msg);
            else sl_cli_error(cmd, "%s: %s", path, sl_strerror(st));
            (*rejected)++;
            /* The reader cannot go on without memory; what it already gave stays processed. */
            if (st == SL_ENOMEM) return SL_END;
            continue;
        }
        char err[256], where[1024];
        st = sl_doc_process(e, in, doc, err, sizeof err);
        if (st == SL_OK) return SL_OK;
        sl_cli_where(where, sizeof where, in, path);
        sl_cli_error(cmd, "%s: %s", where, err[0] ? err : sl_strerror(st));
        (*rejected)++;
    }
}
