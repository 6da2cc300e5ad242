/*
 * cmd_export.c — `storyline export`: the whole database out again, for other tools:
 * JSON Lines (every article in full with its annotations and story), CSV (one row per
 * article) or GDELT-like event TSV.
 */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline export [--db PATH] --format jsonl|csv|gdelt\n"
    "\n"
    "Writes the database to standard output.\n"
    "\n"
    "options:\n"
    "  --db PATH       database file (default ./storyline.db)\n"
    "  --format jsonl  one object per article: id, seq, path, line, source, url, title,\n"
    "                  published, published_inferred, lang, story, duplicate_of, added, flags,\n"
    "                  text, sentences, entities, dates, quotes, events (offsets are bytes\n"
    "                  into text)\n"
    "  --format csv    one row per article with a header: id, seq, story, published, source,\n"
    "                  title, url, path, duplicate_of (RFC 4180 quoting)\n"
    "  --format gdelt  the events as GDELT-like TSV (see storyline events --help)\n"
    "  -h, --help      this help\n"
    "\n"
    "examples:\n"
    "  storyline export --db news.db --format jsonl | gzip > news.jsonl.gz\n"
    "  storyline export --db news.db --format csv > articles.csv\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage or no usable database\n";

static void S_csv_field(const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) { fputs(s, stdout); return; }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"') putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static int S_csv_row(const char *js, void *user)
{
    static const char *const cols[] = {"id", "seq", "story", "published", "source", "title", "url", "path", "duplicate_of"};
    json_t *o = json_loads(js, 0, NULL);
    if (!o) return 0;
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        json_t *v = json_object_get(o, cols[i]);
        if (i) putchar(',');
        if (json_is_integer(v)) printf("%lld", (long long)json_integer_value(v));
        else S_csv_field(json_string_value(v));
    }
    fputs("\r\n", stdout);
    json_decref(o);
    return ferror(stdout) ? 1 : 0;
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_export;
    const char *db = SL_CLI_DEFAULT_DB, *fmt = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--format", &fmt)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        return sl_cli_usage(cmd, "unexpected argument '%s'", argv[i]);
    }
    if (!fmt) return sl_cli_usage(cmd, "--format jsonl, csv or gdelt is required");
    int kind = !strcmp(fmt, "jsonl") ? 0 : !strcmp(fmt, "csv") ? 1 : !strcmp(fmt, "gdelt") ? 2 : -1;
    if (kind < 0) return sl_cli_usage(cmd, "unknown format '%s' (jsonl, csv, gdelt)", fmt);
    sl_engine *e = NULL;
    sl_session *s = sl_cli_open_db("export", db, true, NULL);
    if (!s) return SL_EXIT_FATAL;
    sl_status st;
    if (kind == 0) {
        st = sl_session_export(s, sl_cli_print_json_line, stdout);
    } else if (kind == 1) {
        fputs("id,seq,story,published,source,title,url,path,duplicate_of\r\n", stdout);
        st = sl_session_articles(s, S_csv_row, NULL);
    } else {
        sl_cli_tsv t = {stdout, 0};
        sl_cli_event_tsv_header(stdout);
        st = sl_session_events(s, NULL, sl_cli_print_event_tsv, &t);
    }
    if (st != SL_OK) sl_cli_error("export", "%s", sl_session_error(s));
    sl_cli_close_db(s, e);
    return st == SL_OK ? SL_EXIT_OK : SL_EXIT_FATAL;
}

const sl_cmd sl_cmd_export = {"export", "write the database out as JSON Lines, CSV or GDELT-like TSV", S_usage, S_run};
