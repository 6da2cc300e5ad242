/*
 * query.c — the read queries `storyline serve` needs beyond the public session API: one
 * article by id with its text and annotations (so the web page can highlight a summary
 * sentence in its source) and FTS5 search with snippets. They run on a read-only SQLite
 * connection per worker, so readers never wait for the writer (WAL).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

#define S_SNIPPET_TOKENS 16 /* words of context in a search snippet */

static sl_status S_dump(json_t *o, char **json)
{
    if (!o) return SL_ENOMEM;
    *json = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *json ? SL_OK : SL_ENOMEM;
}

static json_t *S_text(sqlite3_stmt *q, int col)
{
    const unsigned char *s = sqlite3_column_text(q, col);
    return s ? json_stringn((const char *)s, (size_t)sqlite3_column_bytes(q, col)) : json_null();
}

/* Runs `sql` bound to article row `n`, one JSON object per row built by `row`. */
static sl_status S_rows(sqlite3 *db, const char *sql, sqlite3_int64 n, json_t *arr,
                        json_t *(*row)(sqlite3_stmt *))
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) return SL_EDB;
    sqlite3_bind_int64(q, 1, n);
    int rc;
    sl_status st = SL_OK;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *o = row(q);
        if (!o || json_array_append_new(arr, o)) { st = SL_ENOMEM; break; }
    }
    if (st == SL_OK && rc != SQLITE_DONE) st = SL_EDB;
    sqlite3_finalize(q);
    return st;
}

static json_t *S_sent_row(sqlite3_stmt *q)
{
    return json_pack("[II]", (json_int_t)sqlite3_column_int64(q, 0), (json_int_t)sqlite3_column_int64(q, 1));
}

static json_t *S_mention_row(sqlite3_stmt *q)
{
    return json_pack("{s:I,s:I,s:o,s:o}", "start", (json_int_t)sqlite3_column_int64(q, 0),
                     "end", (json_int_t)sqlite3_column_int64(q, 1), "type", S_text(q, 2), "name", S_text(q, 3));
}

static json_t *S_quote_row(sqlite3_stmt *q)
{
    return json_pack("{s:I,s:I,s:o,s:b}", "start", (json_int_t)sqlite3_column_int64(q, 0),
                     "end", (json_int_t)sqlite3_column_int64(q, 1), "speaker", S_text(q, 2),
                     "direct", sqlite3_column_int(q, 3));
}

static json_t *S_date_row(sqlite3_stmt *q)
{
    return json_pack("{s:I,s:I,s:o}", "start", (json_int_t)sqlite3_column_int64(q, 0),
                     "end", (json_int_t)sqlite3_column_int64(q, 1), "value", S_text(q, 2));
}

sl_status sl_serve_article_json(sqlite3 *db, const char *id, char **json)
{
    *json = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
            "SELECT n, id, path, source, url, title, published, story, duplicate_of, text, added"
            " FROM articles WHERE id = ?", -1, &q, NULL) != SQLITE_OK)
        return SL_EDB;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        return rc == SQLITE_DONE ? SL_ENOTFOUND : SL_EDB;
    }
    sqlite3_int64 n = sqlite3_column_int64(q, 0);
    json_t *o = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", S_text(q, 1), "path", S_text(q, 2),
                          "source", S_text(q, 3), "url", S_text(q, 4), "title", S_text(q, 5),
                          "published", S_text(q, 6), "story", S_text(q, 7), "duplicate_of", S_text(q, 8),
                          "text", S_text(q, 9), "added", S_text(q, 10));
    sqlite3_finalize(q);
    if (!o) return SL_ENOMEM;
    json_t *sents = json_array(), *ments = json_array(), *quotes = json_array(), *dates = json_array();
    json_object_set_new(o, "sentences", sents);
    json_object_set_new(o, "entities", ments);
    json_object_set_new(o, "quotes", quotes);
    json_object_set_new(o, "dates", dates);
    sl_status st = sents && ments && quotes && dates ? SL_OK : SL_ENOMEM;
    if (st == SL_OK)
        st = S_rows(db, "SELECT start, \"end\" FROM sentences WHERE article = ? ORDER BY idx", n, sents, S_sent_row);
    if (st == SL_OK)
        st = S_rows(db, "SELECT m.start, m.\"end\", m.type, e.name FROM mentions m LEFT JOIN entities e"
                        " ON e.id = m.entity WHERE m.article = ? ORDER BY m.start", n, ments, S_mention_row);
    if (st == SL_OK)
        st = S_rows(db, "SELECT start, \"end\", speaker, direct FROM quotes WHERE article = ? ORDER BY start",
                    n, quotes, S_quote_row);
    if (st == SL_OK)
        st = S_rows(db, "SELECT start, \"end\", value FROM dates WHERE article = ? ORDER BY start", n, dates,
                    S_date_row);
    if (st != SL_OK) { json_decref(o); return st; }
    return S_dump(o, json);
}

/* The words of a user query as an FTS5 expression of quoted terms (implicit AND), so no
 * input can be an FTS syntax error. Empty when the query has no word. */
static char *S_fts_query(const char *q)
{
    size_t n = strlen(q);
    char *out = malloc(n * 3 + 8), *w = out;
    if (!out) return NULL;
    const unsigned char *p = (const unsigned char *)q;
    while (*p) {
        while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))) p++;
        if (!*p) break;
        if (w != out) *w++ = ' ';
        *w++ = '"';
        while (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) *w++ = (char)*p++;
        *w++ = '"';
    }
    *w = 0;
    return out;
}

/* The snippet with \x02..\x03 around hits as [{text, hit}] parts (no HTML in the API). */
static json_t *S_snippet(const char *s)
{
    json_t *arr = json_array();
    if (!arr) return NULL;
    bool hit = false;
    while (*s) {
        size_t k = strcspn(s, "\x02\x03");
        if (k) json_array_append_new(arr, json_pack("{s:s%,s:b}", "text", s, k, "hit", hit));
        s += k;
        if (*s) { hit = *s == 2; s++; }
    }
    return arr;
}

sl_status sl_serve_search_json(sqlite3 *db, const char *qs, int limit, char **json)
{
    *json = NULL;
    char *fq = S_fts_query(qs);
    if (!fq) return SL_ENOMEM;
    json_t *res = json_array(), *o = json_pack("{s:s,s:o}", "query", qs, "results", res);
    if (!o) { free(fq); return SL_ENOMEM; }
    if (!fq[0]) { free(fq); return S_dump(o, json); }
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
            "SELECT a.id, a.title, a.story, a.published,"
            " snippet(articles_fts, 1, char(2), char(3), '…', ?) FROM articles_fts"
            " JOIN articles a ON a.n = articles_fts.rowid WHERE articles_fts MATCH ?"
            " ORDER BY rank LIMIT ?", -1, &q, NULL) != SQLITE_OK) {
        free(fq);
        json_decref(o);
        return SL_EDB;
    }
    sqlite3_bind_int(q, 1, S_SNIPPET_TOKENS);
    sqlite3_bind_text(q, 2, fq, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, limit);
    int rc;
    sl_status st = SL_OK;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *snip = (const char *)sqlite3_column_text(q, 4);
        json_t *r = json_pack("{s:o,s:o,s:o,s:o,s:o}", "id", S_text(q, 0), "title", S_text(q, 1),
                              "story", S_text(q, 2), "published", S_text(q, 3), "snippet",
                              snip ? S_snippet(snip) : json_array());
        if (!r || json_array_append_new(res, r)) { st = SL_ENOMEM; break; }
    }
    if (st == SL_OK && rc != SQLITE_DONE) st = SL_EDB;
    sqlite3_finalize(q);
    free(fq);
    if (st != SL_OK) { json_decref(o); return st; }
    return S_dump(o, json);
}
