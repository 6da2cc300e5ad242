/*
 * serve.h — `storyline serve`, library side: a JSON HTTP API and the embedded web page over
 * one database (libmicrohttpd, thread pool). The last stage of the flow: stories already
 * in SQLite (sl_session_*) are served to people and machines; POST /api/articles runs new
 * articles through sl_doc_process + sl_session_add, one writer at a time.
 *
 * Internal (used by src/cli/cmd_serve.c); the extra read queries the public API lacks
 * (article by id, FTS5 search with snippets) live in query.c.
 */
#ifndef SL_SERVE_H
#define SL_SERVE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "storyline.h"

/* Named limits of the server. */
#define SL_SERVE_MAX_BODY      (16u * 1024u * 1024u) /* POST body; larger is 413 */
#define SL_SERVE_MAX_POST_ARTS 1000u                 /* articles in one POST */
#define SL_SERVE_MAX_THREADS   64
#define SL_SERVE_MAX_LIMIT     500                   /* page size of list routes */
#define SL_SERVE_DEFAULT_LIMIT 50
#define SL_SERVE_MAX_QUERY     512                   /* bytes of a q= parameter */
#define SL_SERVE_MAX_TOKEN     4096                  /* bytes of the token file */

typedef struct sl_serve_opts {
    const char *db;         /* database path (created when missing) */
    const char *host;       /* listen address, numeric IPv4 (default 127.0.0.1) */
    unsigned port;          /* 0 = pick a free port */
    const char *token;      /* bearer token for POST; NULL = writes disabled */
    int threads;            /* worker threads (>= 1) */
    const char *port_file;  /* when not NULL, the bound port is written there once listening */
} sl_serve_opts;

/* Runs until SIGINT/SIGTERM; returns SL_OK after a clean shutdown. `err` says why on failure. */
sl_status sl_serve_run(const sl_serve_opts *o, char *err, size_t errlen);

/* ---- query.c: read queries on a read-only connection ------------------------------------ */

/* One article with its text and annotations as a JSON object; SL_ENOTFOUND when unknown. */
sl_status sl_serve_article_json(sqlite3 *db, const char *id, char **json);
/* Full-text search (FTS5) over titles and texts: {"query","results":[{id,title,story,
 * published,snippet:[{text,hit}]}]}. The query is reduced to its words (no FTS syntax). */
sl_status sl_serve_search_json(sqlite3 *db, const char *q, int limit, char **json);

#endif
