/*
 * cmd_stories.c — `storyline stories`: the stories found so far, as a table for people
 * (size, time span, title, top entities) or JSON Lines (sl_session_stories) for scripts.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline stories [--db PATH] [--json]\n"
    "\n"
    "Lists the stories (groups of articles about the same events) in order of creation:\n"
    "id, number of articles, first and last publication day, title, top entities.\n"
    "\n"
    "options:\n"
    "  --db PATH   database file (default ./storyline.db)\n"
    "  --json      JSON Lines, one object per story: id, title, articles (array of article\n"
    "              ids), first, last, entities (top names), merged_from (ids of stories\n"
    "              merged into this one)\n"
    "  -h, --help  this help\n"
    "\n"
    "examples:\n"
    "  storyline stories --db news.db\n"
    "  storyline stories --db news.db --json | jq -c '{id, n: (.articles | length), title}'\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage or no usable database\n";

static int S_row(const char *js, void *user)
{
    json_t *o = json_loads(js, 0, NULL);
    if (!o) return 0;
    const char *first = json_string_value(json_object_get(o, "first"));
    const char *last = json_string_value(json_object_get(o, "last"));
    const char *title = json_string_value(json_object_get(o, "title"));
    char span[32];
    if (first && last && strcmp(first, last)) snprintf(span, sizeof span, "%s..%s", first, last);
    else snprintf(span, sizeof span, "%s", first ? first : "-");
    printf("%-13s  %4zu  %-22s  %s\n", json_string_value(json_object_get(o, "id")),
           json_array_size(json_object_get(o, "articles")), span, title ? title : "(untitled)");
    json_t *ents = json_object_get(o, "entities");
    if (json_array_size(ents)) {
        printf("%-13s  %4s  %-22s  ", "", "", "");
        size_t i;
        json_t *v;
        json_array_foreach(ents, i, v) {
            if (i >= 6) break;
            printf("%s%s", i ? ", " : "", json_string_value(v));
        }
        putchar('\n');
    }
    json_decref(o);
    return 0;
}

static int S_run(int argc, char **argv)
{
    char header[160];
    snprintf(header, sizeof header, "%-13s  %4s  %-22s  %s\n", "STORY", "ARTS", "DAYS", "TITLE / TOP ENTITIES");
    return sl_cli_list(&sl_cmd_stories, argc, argv, sl_session_stories, header, S_row);
}

const sl_cmd sl_cmd_stories = {"stories", "list stories with their size, dates, title and entities", S_usage, S_run};
