/*
 * cmd_articles.c — `storyline articles`: every stored article with its story, as a table
 * for people or JSON Lines (sl_session_articles) for scripts.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline articles [--db PATH] [--json]\n"
    "\n"
    "Lists the stored articles in arrival order: id, story, published date, source, title.\n"
    "\n"
    "options:\n"
    "  --db PATH   database file (default ./storyline.db)\n"
    "  --json      JSON Lines, one object per article with id, seq, path, line, source, url,\n"
    "              title, published, published_inferred, lang, story, duplicate_of, added, flags\n"
    "  -h, --help  this help\n"
    "\n"
    "examples:\n"
    "  storyline articles --db news.db\n"
    "  storyline articles --db news.db --json | jq -r 'select(.story == \"s1a2b3c4d5e6\") | .title'\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage or no usable database\n";

static const char *S_s(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "-";
}

static int S_row(const char *js, void *user)
{
    json_t *o = json_loads(js, 0, NULL);
    if (!o) return 0;
    const char *pub = S_s(o, "published");
    printf("%-16.16s  %-13.13s  %-10.10s  %-18.18s  %s%s\n", S_s(o, "id"), S_s(o, "story"), pub,
           S_s(o, "source"), S_s(o, "title"), json_is_string(json_object_get(o, "duplicate_of")) ? "  (near-duplicate)" : "");
    json_decref(o);
    return 0;
}

static int S_run(int argc, char **argv)
{
    char header[160];
    snprintf(header, sizeof header, "%-16s  %-13s  %-10s  %-18s  %s\n", "ID", "STORY", "PUBLISHED", "SOURCE", "TITLE");
    return sl_cli_list(&sl_cmd_articles, argc, argv, sl_session_articles, header, S_row);
}

const sl_cmd sl_cmd_articles = {"articles", "list stored articles and their stories", S_usage, S_run};
