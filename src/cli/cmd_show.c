/*
 * cmd_show.c — `storyline show`: one story in full for a person to read (summary with the
 * provenance of each sentence, entities, member articles, quotes, events, timeline,
 * disagreements) or as sl_session_story's JSON object.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline show [--db PATH] [--json] [--words N] STORY_ID\n"
    "\n"
    "Shows one story: title, days covered, a summary (at most N words, default 100) whose\n"
    "every sentence is followed by [article id, byte offsets] in that article's text, the\n"
    "top entities, the member articles, quotes and events when there are any, the timeline\n"
    "(dated statements by the date they talk about) and the disagreements between sources\n"
    "(modalities, dates, figures, attributions of the same thing), each item with its\n"
    "[speaker, article id, byte offsets]. STORY_ID may be any unique prefix of a story id.\n"
    "\n"
    "options:\n"
    "  --db PATH   database file (default ./storyline.db)\n"
    "  --json      the story as one JSON object: id, title, first, last,\n"
    "              summary [{text, article, start, end, speaker}], entities [{name, type,\n"
    "              mentions}], articles [{id, title, source, published, path, url,\n"
    "              duplicate_of}], quotes, events, timeline [{date, text, article, start, end,\n"
    "              support, speaker}], disagreements [{kind, what, speakers, articles,\n"
    "              claims [{speaker, article, start, end, text, value, modality}]}], merged_from\n"
    "  --words N   summary length in words (default 100)\n"
    "  -h, --help  this help\n"
    "\n"
    "examples:\n"
    "  storyline show --db news.db s3f2a\n"
    "  storyline show --db news.db --words 50 --json s3f2a1c09b7e | jq -r '.summary[].text'\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage, no usable database, or no such story\n";

static const char *S_s(json_t *o, const char *k, const char *dflt)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : dflt;
}

/* "[speaker, article start-end]" under an item that has offsets. */
static void S_where(json_t *v, const char *indent)
{
    const char *spk = S_s(v, "speaker", NULL);
    printf("%s[%s%s%s %lld-%lld]\n", indent, spk ? spk : "", spk ? ", " : "", S_s(v, "article", "?"),
           (long long)json_integer_value(json_object_get(v, "start")), (long long)json_integer_value(json_object_get(v, "end")));
}

static void S_print(json_t *o)
{
    printf("%s  %s\n", S_s(o, "id", ""), S_s(o, "title", "(untitled)"));
    json_t *arts = json_object_get(o, "articles");
    const char *first = S_s(o, "first", NULL), *last = S_s(o, "last", NULL);
    if (first && last && strcmp(first, last)) printf("%s .. %s, ", first, last);
    else if (first) printf("%s, ", first);
    printf("%zu article%s\n", json_array_size(arts), json_array_size(arts) == 1 ? "" : "s");

    size_t i;
    json_t *v;
    printf("\nSummary\n");
    json_array_foreach(json_object_get(o, "summary"), i, v) {
        printf("  %s\n", S_s(v, "text", ""));
        S_where(v, "      ");
    }
    json_t *ents = json_object_get(o, "entities");
    if (json_array_size(ents)) {
        printf("\nEntities\n");
        json_array_foreach(ents, i, v)
            printf("  %-30s %-4s %lld\n", S_s(v, "name", ""), S_s(v, "type", ""),
                   (long long)json_integer_value(json_object_get(v, "mentions")));
    }
    printf("\nArticles\n");
    json_array_foreach(arts, i, v) {
        printf("  %-16.16s  %-10.10s  %-18.18s  %s%s\n", S_s(v, "id", ""), S_s(v, "published", "-"),
               S_s(v, "source", "-"), S_s(v, "title", "(untitled)"),
               json_is_string(json_object_get(v, "duplicate_of")) ? "  (near-duplicate)" : "");
        const char *where = S_s(v, "url", S_s(v, "path", NULL));
        if (where) printf("  %16s  %s\n", "", where);
    }
    json_t *quotes = json_object_get(o, "quotes");
    if (json_array_size(quotes)) {
        printf("\nQuotes\n");
        json_array_foreach(quotes, i, v) {
            const char *q = json_is_true(json_object_get(v, "direct")) ? "\"" : "";
            printf("  %s%s%s\n      — %s [%s]\n", q, S_s(v, "text", ""), q, S_s(v, "speaker", "(unknown speaker)"),
                   S_s(v, "article", "?"));
        }
    }
    json_t *events = json_object_get(o, "events");
    if (json_array_size(events)) {
        printf("\nEvents\n");
        json_array_foreach(events, i, v) {
            json_t *src = json_object_get(v, "source"), *tgt = json_object_get(v, "target");
            printf("  %-10s %-4s %-28.28s %s -> %s\n", S_s(v, "date", "-"), S_s(v, "code", ""),
                   S_s(v, "label", ""), S_s(src, "name", "?"), S_s(tgt, "name", "?"));
        }
    }
    /* timeline and disagreements are always shown, "(none)" when empty: a reader should
     * know they were looked for */
    json_t *tl = json_object_get(o, "timeline");
    printf("\nTimeline\n");
    if (!json_array_size(tl)) printf("  (none: no sentence with a day- or month-precise date)\n");
    json_array_foreach(tl, i, v) {
        printf("  %-10s %s\n", S_s(v, "date", "-"), S_s(v, "text", ""));
        S_where(v, "             ");
    }
    json_t *dis = json_object_get(o, "disagreements");
    printf("\nDisagreements\n");
    if (!json_array_size(dis)) printf("  (none found)\n");
    json_array_foreach(dis, i, v) {
        printf("  %s: %s\n", S_s(v, "kind", "?"), S_s(v, "what", ""));
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(v, "claims"), k, c) {
            const char *mod = S_s(c, "modality", NULL);
            printf("    %s%s%s\"%s\"  %s\n", mod ? mod : "", mod ? " " : "", mod ? "— " : "", S_s(c, "value", ""),
                   S_s(c, "text", ""));
            S_where(c, "        ");
        }
    }
    json_t *mf = json_object_get(o, "merged_from");
    if (json_array_size(mf)) {
        printf("\nMerged from:");
        json_array_foreach(mf, i, v) printf(" %s", json_string_value(v));
        putchar('\n');
    }
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_show;
    const char *db = SL_CLI_DEFAULT_DB, *words_s = NULL, *id = NULL;
    bool json = false;
    int words = 0;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0) { if (m < 0) return SL_EXIT_FATAL; continue; }
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--words", &words_s)) != 0) {
            if (m < 0) return SL_EXIT_FATAL;
            if (!sl_cli_int(words_s, &words)) return sl_cli_usage(cmd, "--words needs a positive number, not '%s'", words_s);
            continue;
        }
        if (!strcmp(argv[i], "--json")) { json = true; continue; }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        if (argv[i][0] == '-') return sl_cli_usage(cmd, "unknown option '%s'", argv[i]);
        if (id) return sl_cli_usage(cmd, "one story id at a time");
        id = argv[i];
    }
    if (!id) return sl_cli_usage(cmd, "which story? (ids are listed by storyline stories)");
    sl_engine *e = NULL;
    sl_session *s = sl_cli_open_db("show", db, true, NULL);
    if (!s) return SL_EXIT_FATAL;
    char *js = NULL;
    sl_status st = sl_session_story(s, id, words, &js);
    if (st != SL_OK) {
        sl_cli_error("show", "%s", sl_session_error(s));
    } else if (json) {
        puts(js);
    } else {
        json_t *o = json_loads(js, 0, NULL);
        if (o) S_print(o);
        json_decref(o);
    }
    sl_free(js);
    sl_cli_close_db(s, e);
    return st == SL_OK ? SL_EXIT_OK : SL_EXIT_FATAL;
}

const sl_cmd sl_cmd_show = {"show", "show one story: summary with sources, entities, articles", S_usage, S_run};
