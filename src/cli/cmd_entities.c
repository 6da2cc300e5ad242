/*
 * cmd_entities.c — `storyline entities`: people, organisations, places and other names
 * merged across the whole corpus (sl_session_entities), most mentioned first.
 */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"

static const char S_usage[] =
    "usage: storyline entities [--db PATH] [--json]\n"
    "\n"
    "Lists the entities merged across all stored articles (Trump = Donald Trump = President\n"
    "Trump), most mentioned first: name, type (PER, ORG, LOC, MISC), mentions, number of\n"
    "stories, aliases.\n"
    "\n"
    "options:\n"
    "  --db PATH   database file (default ./storyline.db)\n"
    "  --json      JSON Lines: {id, name, type, aliases, mentions, stories} (stories = count)\n"
    "  -h, --help  this help\n"
    "\n"
    "examples:\n"
    "  storyline entities --db news.db | head\n"
    "  storyline entities --db news.db --json | jq -r 'select(.type == \"PER\") | .name'\n"
    "\n"
    "exit codes:\n"
    "  0  all good\n"
    "  1  fatal: bad usage or no usable database\n";

static int S_row(const char *js, void *user)
{
    json_t *o = json_loads(js, 0, NULL);
    if (!o) return 0;
    const char *name = json_string_value(json_object_get(o, "name"));
    printf("%-32s %-4s %8lld %7lld  ", name ? name : "", json_string_value(json_object_get(o, "type")),
           (long long)json_integer_value(json_object_get(o, "mentions")),
           (long long)json_integer_value(json_object_get(o, "stories")));
    size_t i, k = 0;
    json_t *v;
    json_array_foreach(json_object_get(o, "aliases"), i, v) {
        const char *a = json_string_value(v);
        if (!a || (name && !strcmp(a, name))) continue;
        printf("%s%s", k++ ? ", " : "", a);
    }
    putchar('\n');
    json_decref(o);
    return 0;
}

static int S_run(int argc, char **argv)
{
    char header[160];
    snprintf(header, sizeof header, "%-32s %-4s %8s %7s  %s\n", "NAME", "TYPE", "MENTIONS", "STORIES", "ALIASES");
    return sl_cli_list(&sl_cmd_entities, argc, argv, sl_session_entities, header, S_row);
}

const sl_cmd sl_cmd_entities = {"entities", "list people, organisations and places across the corpus", S_usage, S_run};
