/*
 * cmd_serve.c — `storyline serve`: option parsing for the HTTP server (src/serve/), which
 * serves a database as a JSON API and a web page and accepts new articles by POST.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "serve/serve.h"

static const char S_usage[] =
    "usage: storyline serve [--db PATH] [--listen HOST:PORT] [--token-file F] [--threads N]\n"
    "\n"
    "Serves the database over HTTP: a JSON API (docs/API.md) and a web page at /.\n"
    "Loopback only by default. Without --token-file the API is read-only; with it,\n"
    "POST /api/articles (JSON object, array or JSON Lines) needs 'Authorization: Bearer TOKEN'.\n"
    "Stops cleanly on SIGINT/SIGTERM.\n"
    "\n"
    "routes:\n"
    "  GET  /api/stories?since=&until=&q=&entity=&limit=&cursor=   stories, newest first\n"
    "  GET  /api/stories/ID        one story: summary, timeline, quotes, events, entities\n"
    "  GET  /api/articles/ID       one article with its text and annotations\n"
    "  GET  /api/entities?q=       entities by mentions\n"
    "  GET  /api/search?q=         full-text search with snippets\n"
    "  POST /api/articles          add articles (token); returns ids and stories\n"
    "  GET  /healthz, /metrics     health (JSON) and Prometheus metrics\n"
    "\n"
    "options:\n"
    "  --db PATH           database file (default ./storyline.db; created when missing)\n"
    "  --listen HOST:PORT  numeric IPv4 address and port (default 127.0.0.1:8080; port 0 =\n"
    "                      any free port)\n"
    "  --token-file F      file whose first line is the bearer token for POST\n"
    "  --threads N         worker threads (default 4, at most 64)\n"
    "  --port-file F       write the bound port to F once listening (for scripts)\n"
    "  -h, --help          this help\n"
    "\n"
    "examples:\n"
    "  storyline serve --db news.db\n"
    "  storyline serve --db news.db --listen 127.0.0.1:9000 --token-file token.txt\n"
    "  curl -H \"Authorization: Bearer $(cat token.txt)\" --data-binary @feed.jsonl \\\n"
    "       http://127.0.0.1:9000/api/articles\n"
    "\n"
    "exit codes:\n"
    "  0  stopped cleanly\n"
    "  1  fatal: bad usage, unreadable token file, database or address unusable\n";

/* First line of the token file, trimmed; NULL after a message. */
static char *S_read_token(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { sl_cli_error("serve", "cannot read token file %s", path); return NULL; }
    char buf[SL_SERVE_MAX_TOKEN + 2];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    buf[strcspn(buf, "\r\n")] = 0;
    char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) s[--len] = 0;
    if (len < 8 || n > SL_SERVE_MAX_TOKEN) {
        sl_cli_error("serve", "token in %s must be 8 to %d characters on the first line", path, SL_SERVE_MAX_TOKEN);
        return NULL;
    }
    return strdup(s);
}

static int S_run(int argc, char **argv)
{
    const sl_cmd *cmd = &sl_cmd_serve;
    const char *db = SL_CLI_DEFAULT_DB, *listen = "127.0.0.1:8080", *token_file = NULL, *threads = "4",
               *port_file = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = sl_cli_optval(cmd, argc, argv, &i, "--db", &db)) != 0 ||
            (m = sl_cli_optval(cmd, argc, argv, &i, "--listen", &listen)) != 0 ||
            (m = sl_cli_optval(cmd, argc, argv, &i, "--token-file", &token_file)) != 0 ||
            (m = sl_cli_optval(cmd, argc, argv, &i, "--threads", &threads)) != 0 ||
            (m = sl_cli_optval(cmd, argc, argv, &i, "--port-file", &port_file)) != 0) {
            if (m < 0) return SL_EXIT_FATAL;
            continue;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        return sl_cli_usage(cmd, "unexpected argument '%s'", argv[i]);
    }
    int nthreads;
    if (!sl_cli_int(threads, &nthreads) || nthreads < 1 || nthreads > SL_SERVE_MAX_THREADS)
        return sl_cli_usage(cmd, "--threads must be from 1 to %d", SL_SERVE_MAX_THREADS);
    char host[64];
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || (size_t)(colon - listen) >= sizeof host || colon == listen || !colon[1] || *end || port < 0 || port > 65535)
        return sl_cli_usage(cmd, "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    char *token = NULL;
    if (token_file && !(token = S_read_token(token_file))) return SL_EXIT_FATAL;
    sl_serve_opts o = {db, host, (unsigned)port, token, nthreads, port_file};
    char err[400] = "";
    sl_status st = sl_serve_run(&o, err, sizeof err);
    free(token);
    if (st != SL_OK) {
        sl_cli_error("serve", "%s", err[0] ? err : sl_strerror(st));
        return SL_EXIT_FATAL;
    }
    return SL_EXIT_OK;
}

const sl_cmd sl_cmd_serve = {"serve", "serve the database as a JSON API and a web page", S_usage, S_run};
