/*
 * cli_session.c — what the database subcommands share: option values, opening the engine
 * and the session with a clear message, printing JSON Lines. Thin glue over the public API.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

int sl_cli_optval(const sl_cmd *cmd, int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') { *val = a + n + 1; return 1; }
    if (a[n] != 0) return 0;
    if (*i + 1 >= argc) {
        sl_cli_usage(cmd, "option %s needs a value", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

sl_session *sl_cli_open_db(const char *cmd, const char *path, bool must_exist, sl_engine **engine)
{
    if (engine) *engine = NULL;
    struct stat sb;
    if (must_exist && stat(path, &sb) != 0) {
        sl_cli_error(cmd, "no database at %s (create one with: storyline ingest --db %s FILES)", path, path);
        return NULL;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        sl_cli_error(cmd, "%s is a directory, not a database", path);
        return NULL;
    }
    /* queries need no models: only commands that process text load the engine */
    sl_engine *e = NULL;
    if (engine && !(e = sl_cli_engine(cmd))) return NULL;
    sl_session *s = NULL;
    sl_status st = sl_session_open(path, e, &s);
    if (st != SL_OK) {
        sl_cli_error(cmd, "cannot open database %s: %s%s", path, sl_strerror(st),
                     st == SL_EDB ? " (not a Storyline/SQLite database, not writable, or made by a newer version)" : "");
        sl_engine_free(e);
        return NULL;
    }
    if (engine) *engine = e;
    return s;
}

void sl_cli_close_db(sl_session *s, sl_engine *e)
{
    sl_session_close(s);
    sl_engine_free(e);
}

int sl_cli_print_json_line(const char *json, void *user)
{
    FILE *f = user;
    fputs(json, f);
    fputc('\n', f);
    return ferror(f) ? 1 : 0;
}

/* ---- GDELT-like event rows ---------------------------------------------------------------- */

void sl_cli_event_tsv_header(FILE *f)
{
    fputs("GLOBALEVENTID\tSQLDATE\tActor1Code\tActor1Name\tActor2Code\tActor2Name\tEventCode\t"
          "EventRootCode\tQuadClass\tActionGeo_FullName\tConfidence\tSOURCEURL\tStoryID\tArticleID\n", f);
}

/* A field with tabs and line breaks turned into spaces (TSV has no quoting). */
static void S_field(FILE *f, const char *s)
{
    for (; s && *s; s++) fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

int sl_cli_print_event_tsv(const char *json, void *user)
{
    sl_cli_tsv *t = user;
    json_t *o = json_loads(json, 0, NULL);
    if (!o) return 0;
    json_t *a = json_object_get(o, "source"), *b = json_object_get(o, "target");
    const char *date = json_string_value(json_object_get(o, "date"));
    const char *code = json_string_value(json_object_get(o, "code"));
    char sqldate[16] = "", root[3] = "";
    for (size_t i = 0, k = 0; date && date[i] && i < 10 && k + 1 < sizeof sqldate; i++)
        if (date[i] >= '0' && date[i] <= '9') sqldate[k++] = date[i];
    if (code && strlen(code) >= 2) { root[0] = code[0]; root[1] = code[1]; }
    int r = root[0] ? atoi(root) : 0;
    int quad = r >= 1 && r <= 5 ? 1 : r <= 9 && r ? 2 : r <= 14 && r ? 3 : r <= 20 && r ? 4 : 0;
    fprintf(t->f, "%ld\t%s\t", ++t->n, sqldate);
    S_field(t->f, json_string_value(json_object_get(a, "code"))); fputc('\t', t->f);
    S_field(t->f, json_string_value(json_object_get(a, "name"))); fputc('\t', t->f);
    S_field(t->f, json_string_value(json_object_get(b, "code"))); fputc('\t', t->f);
    S_field(t->f, json_string_value(json_object_get(b, "name"))); fputc('\t', t->f);
    S_field(t->f, code); fputc('\t', t->f);
    S_field(t->f, root); fputc('\t', t->f);
    if (quad) fprintf(t->f, "%d", quad);
    fputc('\t', t->f);
    S_field(t->f, json_string_value(json_object_get(o, "location"))); fputc('\t', t->f);
    fprintf(t->f, "%.2f\t", json_number_value(json_object_get(o, "confidence")));
    const char *url = json_string_value(json_object_get(o, "url"));
    S_field(t->f, url ? url : json_string_value(json_object_get(o, "path"))); fputc('\t', t->f);
    S_field(t->f, json_string_value(json_object_get(o, "story"))); fputc('\t', t->f);
    S_field(t->f, json_string_value(json_object_get(o, "article")));
    fputc('\n', t->f);
    json_decref(o);
    return ferror(t->f) ? 1 : 0;
}

int sl_cli_list(const sl_cmd *cmd, int argc, char **argv, sl_cli_query_fn query, const char *header,
                sl_json_cb row)
{
    const char *db = SL_CLI_DEFAULT_DB;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "--json")) { json = true; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        return sl_cli_usage(cmd, "unexpected argument '%s'", argv[i]);
    }
    sl_session *s = sl_cli_open_db(cmd->name, db, true, NULL);
    if (!s) return SL_EXIT_FATAL;
    if (!json) fputs(header, stdout);
    sl_status st = query(s, json ? sl_cli_print_json_line : row, stdout);
    if (st != SL_OK) sl_cli_error(cmd->name, "%s", sl_session_error(s));
    sl_cli_close_db(s, NULL);
    return st == SL_OK ? SL_EXIT_OK : SL_EXIT_FATAL;
}
