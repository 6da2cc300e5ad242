/*
 * cmd_extract.c — `storyline extract`: what the per-article stages find in one input
 * (sentences, entities, dates, quotes, events, HTML metadata), without a database. The
 * JSON is sl_doc_to_json's; the listing is for people checking the extraction by eye.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline extract [--json] [--text] [--format auto|text|html|jsonl] FILE|-\n"
    "\n"
    "Runs the per-article stages (clean, normalize, repair, segment, entities, dates, quotes,\n"
    "events) on FILE and prints what they found. A JSON Lines feed or a folder gives one\n"
    "result per article. Nothing is stored.\n"
    "\n"
    "options:\n"
    "  --json      one JSON object per article: id, path, source, url, title, published,\n"
    "              published_inferred, lang, dateline, authors, flags, sentences, entities\n"
    "              (mentions with spans), merged_entities, dates, quotes, events (and body\n"
    "              for HTML pages); every span is byte offsets into the normalized text\n"
    "  --text      include the normalized text in the JSON\n"
    "  --format F  auto (default), text, html, jsonl\n"
    "  -h, --help  this help\n"
    "\n"
    "examples:\n"
    "  storyline extract article.html\n"
    "  storyline extract --json --text article.txt | jq '.merged_entities[].name'\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage or unreadable input\n"
    "  2  some articles were rejected (named on stderr)\n";

static const char *S_s(json_t *o, const char *k, const char *dflt)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : dflt;
}

static void S_list(json_t *o)
{
    size_t i;
    json_t *v;
    printf("article   %s\n", S_s(o, "id", ""));
    printf("title     %s\n", S_s(o, "title", "-"));
    printf("published %s%s\n", S_s(o, "published", "-"), json_is_true(json_object_get(o, "published_inferred")) ? " (inferred)" : "");
    printf("source    %s\n", S_s(o, "source", "-"));
    if (json_is_string(json_object_get(o, "url"))) printf("url       %s\n", S_s(o, "url", ""));
    if (json_is_string(json_object_get(o, "dateline"))) printf("dateline  %s\n", S_s(o, "dateline", ""));
    printf("sentences %zu\n", json_array_size(json_object_get(o, "sentences")));
    json_t *fl = json_object_get(o, "flags");
    if (json_array_size(fl)) {
        printf("flags    ");
        json_array_foreach(fl, i, v) printf(" %s", json_string_value(v));
        putchar('\n');
    }
    json_t *me = json_object_get(o, "merged_entities");
    printf("\nentities (%zu)\n", json_array_size(me));
    json_array_foreach(me, i, v)
        printf("  %-4s %-32s %lld mention%s\n", S_s(v, "type", ""), S_s(v, "name", ""),
               (long long)json_integer_value(json_object_get(v, "mentions")),
               json_integer_value(json_object_get(v, "mentions")) == 1 ? "" : "s");
    json_t *dates = json_object_get(o, "dates");
    printf("\ndates (%zu)\n", json_array_size(dates));
    json_array_foreach(dates, i, v) printf("  %-24s %s\n", S_s(v, "value", ""), S_s(v, "text", ""));
    json_t *quotes = json_object_get(o, "quotes");
    printf("\nquotes (%zu)\n", json_array_size(quotes));
    json_array_foreach(quotes, i, v)
        printf("  %s: \"%s\"\n", S_s(v, "speaker", "(unknown)"), S_s(v, "text", ""));
    json_t *events = json_object_get(o, "events");
    printf("\nevents (%zu)\n", json_array_size(events));
    json_array_foreach(events, i, v) {
        json_t *a = json_object_get(v, "source"), *b = json_object_get(v, "target");
        printf("  %-4s %-28.28s %s -> %s\n", S_s(v, "code", ""), S_s(v, "label", ""), S_s(a, "name", "?"), S_s(b, "name", "?"));
    }
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_extract;
    const char *fmtname = "auto", *path = NULL;
    bool json = false;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--format", &fmtname)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if (!strcmp(argv[i], "--json")) { json = true; continue; }
        if (!strcmp(argv[i], "--text")) { flags |= SL_JSON_TEXT; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        if (argv[i][0] == '-' && argv[i][1]) return sl_cli_usage(cmd, "unknown option '%s'", argv[i]);
        if (path) return sl_cli_usage(cmd, "one input at a time");
        path = argv[i];
    }
    if (!path) return sl_cli_usage(cmd, "no input given");
    sl_format fmt;
    if (sl_format_parse(fmtname, &fmt) != SL_OK) return sl_cli_usage(cmd, "unknown format '%s'", fmtname);
    sl_engine *e = sl_cli_engine("extract");
    if (!e) return SL_EXIT_FATAL;
    sl_reader *r = sl_cli_open_input("extract", path, fmt);
    if (!r) { sl_engine_free(e); return SL_EXIT_FATAL; }
    long ok = 0, rejected = 0;
    sl_input in;
    sl_doc *d;
    while (sl_cli_next_doc("extract", e, r, path, &in, &d, &rejected) == SL_OK) {
        char *js = NULL;
        if (sl_doc_to_json(d, flags, &js) == SL_OK) {
            if (json) {
                puts(js);
            } else {
                json_t *o = json_loads(js, 0, NULL);
                if (ok) puts("\n----");
                if (o) S_list(o);
                json_decref(o);
            }
            ok++;
        } else {
            sl_cli_error("extract", "%s: out of memory", path);
            rejected++;
        }
        sl_free(js);
        sl_doc_free(d);
    }
    sl_reader_close(r);
    sl_engine_free(e);
    return rejected ? SL_EXIT_PARTIAL : SL_EXIT_OK;
}

const sl_cmd sl_cmd_extract = {"extract", "show what the stages find in one article (no database)", S_usage, S_run};
