/*
 * serve.c — `storyline serve`: the HTTP face of a database. libmicrohttpd with a thread
 * pool answers JSON routes (stories, one story, one article, entities, search, health,
 * metrics) and the embedded web page (resources/web/), and accepts new articles by POST.
 *
 * Concurrency: reads borrow one of a pool of read sessions (each with its own read-only
 * SQLite connection for query.c), so readers run in parallel on the WAL database and never
 * wait for a write. POST runs sl_doc_process (the engine is immutable and shared) outside
 * any lock, then takes the single writer session under a mutex to store and flush: one
 * writer at a time, and an article is acknowledged only once its transaction is committed.
 *
 * Every bad request is a JSON {"error": message} with the right status; nothing a client
 * sends can crash the server or touch stored data.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "serve/serve.h"

#define S_MAX_ID 64 /* bytes of an article or story id in a URL */
#define S_CACHE_SLOTS 256  /* story responses kept (direct-mapped by id hash) */
#define S_CACHE_TTL   1.0  /* seconds a cached story may lag a write made by another process */

/* Routes for metrics labels; index into S_route_names. */
enum { R_PAGE, R_STORIES, R_STORY, R_ARTICLE, R_POST, R_ENTITIES, R_SEARCH, R_HEALTH, R_METRICS, R_OTHER, R_N };
static const char *const S_route_names[R_N] = {"page", "stories", "story", "article", "post_articles",
                                               "entities", "search", "healthz", "metrics", "other"};
/* Status classes counted per route. */
static const int S_codes[] = {200, 201, 400, 401, 403, 404, 405, 413, 422, 500, 503};
#define S_NCODES (sizeof S_codes / sizeof S_codes[0])
/* Latency histogram buckets (seconds). */
static const double S_buckets[] = {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1, 5};
#define S_NBUCKETS (sizeof S_buckets / sizeof S_buckets[0])

typedef struct S_slot {
    sl_session *s;
    sqlite3 *db;
    bool busy;
} S_slot;

/* A cached story response: valid while no POST through this server touched a story of its
 * slot (the slot's generation) and for at most S_CACHE_TTL seconds (writes by `storyline
 * ingest` in another process, and stories merged into another by a POST). Invalidating per
 * slot, not globally, keeps popular stories cached while unrelated articles stream in. */
typedef struct S_centry {
    char key[S_MAX_ID + 1];
    char *json;
    size_t len;
    unsigned long gen;
    double at;
} S_centry;

typedef struct S_server {
    const sl_serve_opts *o;
    sl_engine *engine;
    sl_session *writer;
    pthread_mutex_t wlock;
    S_slot slots[SL_SERVE_MAX_THREADS];
    int nslots;
    pthread_mutex_t plock;
    pthread_cond_t pcond;
    time_t started;
    atomic_ulong requests[R_N][S_NCODES + 1];
    atomic_ulong hist[R_N][S_NBUCKETS + 1];
    atomic_ullong micros[R_N];
    atomic_ulong added, present, rejected;
    pthread_mutex_t clock;
    S_centry cache[S_CACHE_SLOTS];
    atomic_ulong gen[S_CACHE_SLOTS]; /* bumped when a committed POST touched a story of the slot */
} S_server;

/* Per-request state, kept by MHD between calls of the handler. */
typedef struct S_req {
    char *body;
    size_t len, cap;
    bool too_big;
    bool responded; /* a response was queued before the body was read */
    int route, status;
    struct timespec t0;
} S_req;

static volatile sig_atomic_t S_stop;
static void S_on_signal(int sig) { (void)sig; S_stop = 1; }

/* ---- pool of read sessions ---------------------------------------------------------------- */

static S_slot *S_borrow(S_server *sv)
{
    pthread_mutex_lock(&sv->plock);
    S_slot *got = NULL;
    for (;;) {
        for (int i = 0; i < sv->nslots; i++)
            if (!sv->slots[i].busy) { got = &sv->slots[i]; break; }
        if (got) break;
        pthread_cond_wait(&sv->pcond, &sv->plock);
    }
    got->busy = true;
    pthread_mutex_unlock(&sv->plock);
    return got;
}

static void S_return(S_server *sv, S_slot *sl)
{
    pthread_mutex_lock(&sv->plock);
    sl->busy = false;
    pthread_cond_signal(&sv->pcond);
    pthread_mutex_unlock(&sv->plock);
}

/* ---- responses ---------------------------------------------------------------------------- */

static enum MHD_Result S_send(struct MHD_Connection *c, S_req *r, int status, const char *type,
                              const void *body, size_t len, const char *allow)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (allow) MHD_add_response_header(resp, "Allow", allow);
    if (status == 401) MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
    if (!strncmp(type, "text/html", 9))
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    if (r) r->status = status;
    return ret;
}

static enum MHD_Result S_json(struct MHD_Connection *c, S_req *r, int status, const char *json)
{
    return S_send(c, r, status, "application/json; charset=utf-8", json, strlen(json), NULL);
}

static enum MHD_Result S_jsonv(struct MHD_Connection *c, S_req *r, int status, json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    if (!s) return S_json(c, r, 500, "{\"error\":\"out of memory\"}");
    enum MHD_Result ret = S_json(c, r, status, s);
    free(s);
    return ret;
}

static enum MHD_Result S_error(struct MHD_Connection *c, S_req *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static enum MHD_Result S_error(struct MHD_Connection *c, S_req *r, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_pack("{s:s}", "error", msg);
    if (!o) o = json_pack("{s:s}", "error", "bad request"); /* msg was not UTF-8 */
    return S_jsonv(c, r, status, o);
}

static enum MHD_Result S_method(struct MHD_Connection *c, S_req *r, const char *method, const char *allow)
{
    char msg[160];
    snprintf(msg, sizeof msg, "{\"error\":\"method %s not allowed here (allowed: %s)\"}",
             strlen(method) < 16 && strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(method) ? method : "?",
             allow);
    return S_send(c, r, 405, "application/json; charset=utf-8", msg, strlen(msg), allow);
}

static enum MHD_Result S_status_error(struct MHD_Connection *c, S_req *r, sl_status st, const char *what,
                                      const char *detail)
{
    if (st == SL_ENOTFOUND) return S_error(c, r, 404, "no %s '%s'", what, detail);
    if (st == SL_EINVAL) return S_error(c, r, 400, "bad %s: %s", what, detail);
    return S_error(c, r, 500, "%s: %s", what, sl_strerror(st));
}

/* ---- parameters --------------------------------------------------------------------------- */

static const char *S_arg(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

/* Integer parameter in [lo, hi]; false (message in err) when present and invalid. */
static bool S_int_arg(struct MHD_Connection *c, const char *name, long lo, long hi, long def, long *out,
                      char *err, size_t errlen)
{
    const char *v = S_arg(c, name);
    *out = def;
    if (!v) return true;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!v[0] || *end || errno || x < lo || x > hi) {
        snprintf(err, errlen, "parameter '%s' must be an integer from %ld to %ld", name, lo, hi);
        return false;
    }
    *out = x;
    return true;
}

/* A date filter: YYYY, YYYY-MM or YYYY-MM-DD (compared as a prefix of ISO dates). */
static bool S_date_ok(const char *v)
{
    static const char pat[] = "dddd-dd-dd";
    size_t n = strlen(v);
    if (n != 4 && n != 7 && n != 10) return false;
    for (size_t i = 0; i < n; i++)
        if (pat[i] == 'd' ? !isdigit((unsigned char)v[i]) : v[i] != '-') return false;
    return true;
}

static bool S_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > S_MAX_ID) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)id[i]) && id[i] != '-' && id[i] != '_' && id[i] != '.') return false;
    return true;
}

/* A text parameter: bounded and valid UTF-8 (jansson refuses anything else). */
static bool S_param_text_ok(const char *v)
{
    if (strlen(v) > SL_SERVE_MAX_QUERY) return false;
    json_t *t = json_string(v);
    json_decref(t);
    return t != NULL;
}

/* ---- read routes -------------------------------------------------------------------------- */

static int S_collect(const char *js, void *user)
{
    json_t *v = json_loads(js, 0, NULL);
    if (v && json_array_append_new(user, v)) return 1;
    return 0;
}

static enum MHD_Result S_stories(S_server *sv, struct MHD_Connection *c, S_req *r)
{
    const char *since = S_arg(c, "since"), *until = S_arg(c, "until"), *q = S_arg(c, "q"), *ent = S_arg(c, "entity");
    char err[200];
    long limit, cursor;
    if (since && !S_date_ok(since)) return S_error(c, r, 400, "parameter 'since' must be YYYY, YYYY-MM or YYYY-MM-DD");
    if (until && !S_date_ok(until)) return S_error(c, r, 400, "parameter 'until' must be YYYY, YYYY-MM or YYYY-MM-DD");
    if ((q && !S_param_text_ok(q)) || (ent && !S_param_text_ok(ent)))
        return S_error(c, r, 400, "parameters 'q' and 'entity' must be UTF-8 text of at most %d bytes", SL_SERVE_MAX_QUERY);
    if (!S_int_arg(c, "limit", 1, SL_SERVE_MAX_LIMIT, SL_SERVE_DEFAULT_LIMIT, &limit, err, sizeof err) ||
        !S_int_arg(c, "cursor", 0, 1000000000L, 0, &cursor, err, sizeof err))
        return S_error(c, r, 400, "%s", err);
    /* the filters and the order run in SQL over an index: a page costs the page */
    sl_story_query sq = {since, until, q, ent, (size_t)cursor, (size_t)limit};
    json_t *page = json_array();
    if (!page) return S_error(c, r, 500, "out of memory");
    size_t m = 0;
    S_slot *sl = S_borrow(sv);
    sl_status st = sl_session_stories_page(sl->s, &sq, S_collect, page, &m);
    S_return(sv, sl);
    if (st != SL_OK) { json_decref(page); return S_error(c, r, 500, "stories: %s", sl_strerror(st)); }
    size_t i;
    json_t *v;
    json_array_foreach(page, i, v)
        json_object_set_new(v, "count", json_integer((json_int_t)json_array_size(json_object_get(v, "articles"))));
    json_t *o = json_pack("{s:o,s:I}", "stories", page, "total", (json_int_t)m);
    if (o) {
        if ((size_t)cursor + (size_t)limit < m) {
            char next[32];
            snprintf(next, sizeof next, "%ld", cursor + limit);
            json_object_set_new(o, "next", json_string(next));
        } else {
            json_object_set_new(o, "next", json_null());
        }
    }
    return S_jsonv(c, r, 200, o);
}

static double S_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t S_cache_index(const char *id)
{
    return sl_hash64(id, strlen(id), 0x5e7e) % S_CACHE_SLOTS;
}

/* A story is assembled from many rows (its events, quotes, timeline): the response is
 * cached so that a popular story costs one copy, not a dozen queries. */
static enum MHD_Result S_story(S_server *sv, struct MHD_Connection *c, S_req *r, const char *id)
{
    if (!S_id_ok(id)) return S_error(c, r, 404, "no story with that id (ids are letters, digits, '-', '_', '.')");
    size_t slot = S_cache_index(id);
    unsigned long gen = atomic_load(&sv->gen[slot]);
    double now = S_now();
    S_centry *ce = &sv->cache[slot];
    pthread_mutex_lock(&sv->clock);
    if (ce->json && ce->gen == gen && now - ce->at < S_CACHE_TTL && !strcmp(ce->key, id)) {
        enum MHD_Result ret = S_send(c, r, 200, "application/json; charset=utf-8", ce->json, ce->len, NULL);
        pthread_mutex_unlock(&sv->clock);
        return ret;
    }
    pthread_mutex_unlock(&sv->clock);
    char *js = NULL;
    S_slot *sl = S_borrow(sv);
    sl_status st = sl_session_story(sl->s, id, 0, &js);
    S_return(sv, sl);
    if (st != SL_OK) return S_status_error(c, r, st, "story", id);
    enum MHD_Result ret = S_json(c, r, 200, js);
    pthread_mutex_lock(&sv->clock);
    free(ce->json);
    ce->json = js; /* sl_free is free */
    ce->len = strlen(js);
    ce->gen = gen; /* the generation read before the query: a write since then makes it stale */
    ce->at = now;
    snprintf(ce->key, sizeof ce->key, "%s", id);
    pthread_mutex_unlock(&sv->clock);
    return ret;
}

static enum MHD_Result S_article(S_server *sv, struct MHD_Connection *c, S_req *r, const char *id)
{
    if (!S_id_ok(id)) return S_error(c, r, 404, "no article with that id (ids are letters, digits, '-', '_', '.')");
    char *js = NULL;
    S_slot *sl = S_borrow(sv);
    sl_status st = sl_serve_article_json(sl->db, id, &js);
    S_return(sv, sl);
    if (st != SL_OK) return S_status_error(c, r, st, "article", id);
    enum MHD_Result ret = S_json(c, r, 200, js);
    free(js);
    return ret;
}

static enum MHD_Result S_entities(S_server *sv, struct MHD_Connection *c, S_req *r)
{
    const char *q = S_arg(c, "q"), *type = S_arg(c, "type");
    char err[200];
    long limit;
    if ((q && !S_param_text_ok(q)) || (type && !S_param_text_ok(type)))
        return S_error(c, r, 400, "parameters 'q' and 'type' must be UTF-8 text of at most %d bytes", SL_SERVE_MAX_QUERY);
    if (!S_int_arg(c, "limit", 1, SL_SERVE_MAX_LIMIT, SL_SERVE_DEFAULT_LIMIT, &limit, err, sizeof err))
        return S_error(c, r, 400, "%s", err);
    json_t *page = json_array();
    if (!page) return S_error(c, r, 500, "out of memory");
    size_t m = 0;
    S_slot *sl = S_borrow(sv);
    sl_status st = sl_session_entities_page(sl->s, q, type, (size_t)limit, S_collect, page, &m);
    S_return(sv, sl);
    if (st != SL_OK) { json_decref(page); return S_error(c, r, 500, "entities: %s", sl_strerror(st)); }
    return S_jsonv(c, r, 200, json_pack("{s:o,s:I}", "entities", page, "total", (json_int_t)m));
}

static enum MHD_Result S_search(S_server *sv, struct MHD_Connection *c, S_req *r)
{
    const char *q = S_arg(c, "q");
    char err[200];
    long limit;
    if (!q || !q[0]) return S_error(c, r, 400, "parameter 'q' is required: /api/search?q=words");
    if (!S_param_text_ok(q)) return S_error(c, r, 400, "parameter 'q' must be UTF-8 text of at most %d bytes", SL_SERVE_MAX_QUERY);
    if (!S_int_arg(c, "limit", 1, SL_SERVE_MAX_LIMIT, 20, &limit, err, sizeof err)) return S_error(c, r, 400, "%s", err);
    char *js = NULL;
    S_slot *sl = S_borrow(sv);
    sl_status st = sl_serve_search_json(sl->db, q, (int)limit, &js);
    S_return(sv, sl);
    if (st != SL_OK) return S_error(c, r, 500, "search: %s", sl_strerror(st));
    enum MHD_Result ret = S_json(c, r, 200, js);
    free(js);
    return ret;
}

static enum MHD_Result S_health(S_server *sv, struct MHD_Connection *c, S_req *r)
{
    S_slot *sl = S_borrow(sv);
    sqlite3_stmt *q = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(sl->db, "SELECT count(*) FROM articles", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    S_return(sv, sl);
    if (n < 0) return S_error(c, r, 503, "database not readable");
    return S_jsonv(c, r, 200, json_pack("{s:s,s:s,s:I,s:b,s:I}", "status", "ok", "version", SL_VERSION,
                                        "articles", (json_int_t)n, "writable", sv->o->token != NULL,
                                        "uptime_seconds", (json_int_t)(time(NULL) - sv->started)));
}

static enum MHD_Result S_metrics(S_server *sv, struct MHD_Connection *c, S_req *r)
{
    size_t cap = 64 * 1024, len = 0;
    char *b = malloc(cap);
    if (!b) return S_error(c, r, 500, "out of memory");
#define OUT(...) do { if (len < cap) len += (size_t)snprintf(b + len, cap - len, __VA_ARGS__); } while (0)
    OUT("# HELP storyline_http_requests_total HTTP requests by route and status.\n"
        "# TYPE storyline_http_requests_total counter\n");
    for (int i = 0; i < R_N; i++)
        for (size_t k = 0; k <= S_NCODES; k++) {
            unsigned long v = atomic_load(&sv->requests[i][k]);
            if (!v) continue;
            if (k < S_NCODES) OUT("storyline_http_requests_total{route=\"%s\",code=\"%d\"} %lu\n", S_route_names[i], S_codes[k], v);
            else OUT("storyline_http_requests_total{route=\"%s\",code=\"other\"} %lu\n", S_route_names[i], v);
        }
    OUT("# HELP storyline_http_request_duration_seconds Time to answer a request.\n"
        "# TYPE storyline_http_request_duration_seconds histogram\n");
    for (int i = 0; i < R_N; i++) {
        unsigned long cum = 0, tot = 0;
        for (size_t k = 0; k <= S_NBUCKETS; k++) tot += atomic_load(&sv->hist[i][k]);
        if (!tot) continue;
        for (size_t k = 0; k < S_NBUCKETS; k++) {
            cum += atomic_load(&sv->hist[i][k]);
            OUT("storyline_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n", S_route_names[i], S_buckets[k], cum);
        }
        OUT("storyline_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n", S_route_names[i], tot);
        OUT("storyline_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", S_route_names[i],
            (double)atomic_load(&sv->micros[i]) / 1e6);
        OUT("storyline_http_request_duration_seconds_count{route=\"%s\"} %lu\n", S_route_names[i], tot);
    }
    OUT("# HELP storyline_articles_posted_total Articles received by POST, by outcome.\n"
        "# TYPE storyline_articles_posted_total counter\n"
        "storyline_articles_posted_total{outcome=\"added\"} %lu\n"
        "storyline_articles_posted_total{outcome=\"present\"} %lu\n"
        "storyline_articles_posted_total{outcome=\"rejected\"} %lu\n",
        atomic_load(&sv->added), atomic_load(&sv->present), atomic_load(&sv->rejected));
    OUT("# HELP storyline_uptime_seconds Seconds since the server started.\n# TYPE storyline_uptime_seconds gauge\n"
        "storyline_uptime_seconds %lld\n", (long long)(time(NULL) - sv->started));
#undef OUT
    if (len >= cap) len = cap - 1;
    enum MHD_Result ret = S_send(c, r, 200, "text/plain; version=0.0.4; charset=utf-8", b, len, NULL);
    free(b);
    return ret;
}

/* ---- static page -------------------------------------------------------------------------- */

static enum MHD_Result S_static(struct MHD_Connection *c, S_req *r, const char *url)
{
    const char *name = url + 1;
    if (!name[0]) name = "index.html";
    /* only flat names of embedded files: no '/', no "..", so nothing can leave web/ (and
     * there is no file system behind it anyway) */
    size_t n = strlen(name);
    bool ok = n > 0 && n < 64 && name[0] != '.';
    for (size_t i = 0; ok && i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '.' && name[i] != '-' && name[i] != '_') ok = false;
    if (ok && strstr(name, "..")) ok = false;
    const char *dot = strrchr(name, '.'), *type = NULL;
    if (ok && dot) {
        if (!strcmp(dot, ".html")) type = "text/html; charset=utf-8";
        else if (!strcmp(dot, ".js")) type = "text/javascript; charset=utf-8";
        else if (!strcmp(dot, ".css")) type = "text/css; charset=utf-8";
        else if (!strcmp(dot, ".svg")) type = "image/svg+xml";
        else if (!strcmp(dot, ".png")) type = "image/png";
    }
    char res[80];
    size_t len = 0;
    const char *data = NULL;
    if (ok && type) {
        snprintf(res, sizeof res, "web/%s", name);
        data = sl_resource(res, &len);
    }
    if (!data) return S_error(c, r, 404, "no such page or route");
    return S_send(c, r, 200, type, data, len, NULL);
}

/* ---- POST /api/articles ------------------------------------------------------------------- */

static bool S_token_ok(S_server *sv, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7)) return false;
    h += 7;
    while (*h == ' ') h++;
    const char *t = sv->o->token;
    size_t a = strlen(h), b = strlen(t);
    unsigned char diff = (unsigned char)(a != b);
    /* constant time in the token length: no timing hint about a prefix */
    for (size_t i = 0; i < b; i++) diff |= (unsigned char)(t[i] ^ (i < a ? h[i] : 0));
    return diff == 0;
}

static const char *const S_fields[] = {"id", "url", "source", "title", "published"};

/* Checks one posted article; false with a message in err. */
static bool S_valid_article(json_t *o, size_t idx, char *err, size_t errlen)
{
    if (!json_is_object(o)) { snprintf(err, errlen, "article %zu: not a JSON object", idx); return false; }
    for (size_t i = 0; i < sizeof S_fields / sizeof S_fields[0]; i++) {
        json_t *v = json_object_get(o, S_fields[i]);
        if (v && !json_is_string(v) && !json_is_null(v)) {
            snprintf(err, errlen, "article %zu: field '%s' must be a string", idx, S_fields[i]);
            return false;
        }
    }
    json_t *id = json_object_get(o, "id");
    if (json_is_string(id) && !S_id_ok(json_string_value(id))) {
        snprintf(err, errlen, "article %zu: 'id' must be 1 to %d letters, digits, '-', '_' or '.'", idx, S_MAX_ID);
        return false;
    }
    json_t *text = json_object_get(o, "text"), *html = json_object_get(o, "html");
    if ((text && !json_is_string(text)) || (html && !json_is_string(html))) {
        snprintf(err, errlen, "article %zu: fields 'text' and 'html' must be strings", idx);
        return false;
    }
    if (!text && !html) { snprintf(err, errlen, "article %zu: needs 'text' (or 'html')", idx); return false; }
    return true;
}

/* The posted body as a list of article objects: one object, an array, or JSON Lines. */
static json_t *S_parse_body(const char *body, size_t len, char *err, size_t errlen)
{
    json_error_t je;
    size_t i = 0;
    while (i < len && isspace((unsigned char)body[i])) i++;
    if (i == len) { snprintf(err, errlen, "empty body: send a JSON object, an array or JSON Lines"); return NULL; }
    json_t *v = json_loadb(body, len, 0, &je);
    if (v) {
        if (json_is_array(v)) return v;
        json_t *a = json_array();
        if (a) json_array_append_new(a, v);
        else json_decref(v);
        return a;
    }
    if (body[i] == '[') { snprintf(err, errlen, "not valid JSON: %s (line %d)", je.text, je.line); return NULL; }
    json_t *a = json_array();
    if (!a) { snprintf(err, errlen, "out of memory"); return NULL; }
    size_t line = 0;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(body + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - body) : len;
        line++;
        size_t s = p;
        while (s < e && isspace((unsigned char)body[s])) s++;
        if (s < e) {
            json_t *o = json_loadb(body + s, e - s, 0, &je);
            if (!o) {
                snprintf(err, errlen, "line %zu: not valid JSON: %s", line, je.text);
                json_decref(a);
                return NULL;
            }
            json_array_append_new(a, o);
        }
        p = e + 1;
    }
    return a;
}

static const char *S_opt(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s && s[0] ? s : NULL;
}

static enum MHD_Result S_post(S_server *sv, struct MHD_Connection *c, S_req *r)
{
    char err[400];
    if (r->too_big) return S_error(c, r, 413, "body larger than %u bytes", SL_SERVE_MAX_BODY);
    json_t *items = S_parse_body(r->body ? r->body : "", r->len, err, sizeof err);
    if (!items) return S_error(c, r, 400, "%s", err);
    size_t n = json_array_size(items);
    if (n == 0) { json_decref(items); return S_error(c, r, 400, "no article in the body"); }
    if (n > SL_SERVE_MAX_POST_ARTS) {
        json_decref(items);
        return S_error(c, r, 413, "%zu articles in one request; at most %u", n, SL_SERVE_MAX_POST_ARTS);
    }
    for (size_t i = 0; i < n; i++)
        if (!S_valid_article(json_array_get(items, i), i, err, sizeof err)) {
            json_decref(items);
            return S_error(c, r, 400, "%s", err);
        }
    sl_doc **docs = calloc(n, sizeof *docs);
    json_t *results = json_array();
    if (!docs || !results) { free(docs); json_decref(results); json_decref(items); return S_error(c, r, 500, "out of memory"); }
    /* the per-article stages need no lock: the engine is shared read-only */
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(items, i);
        const char *text = S_opt(o, "text"), *html = S_opt(o, "html");
        sl_input in;
        memset(&in, 0, sizeof in);
        in.id = S_opt(o, "id");
        in.url = S_opt(o, "url");
        in.source = S_opt(o, "source");
        in.title = S_opt(o, "title");
        in.published = S_opt(o, "published");
        in.path = "POST /api/articles";
        in.line = (long)i + 1;
        in.data = text ? text : html ? html : "";
        in.len = text ? json_string_length(json_object_get(o, "text")) : html ? json_string_length(json_object_get(o, "html")) : 0;
        in.format = text ? SL_FORMAT_TEXT : SL_FORMAT_HTML;
        char perr[300] = "";
        sl_status st = sl_doc_process(sv->engine, &in, &docs[i], perr, sizeof perr);
        if (st != SL_OK) {
            docs[i] = NULL;
            json_array_append_new(results, json_pack("{s:I,s:s}", "index", (json_int_t)i, "error",
                                                     perr[0] ? perr : sl_strerror(st)));
        } else {
            json_array_append_new(results, json_pack("{s:I}", "index", (json_int_t)i));
        }
    }
    json_decref(items);
    size_t added = 0, present = 0, rejected = 0;
    bool failed = false;
    char ferr[300] = "";
    pthread_mutex_lock(&sv->wlock);
    for (size_t i = 0; i < n; i++) {
        json_t *res = json_array_get(results, i);
        if (!docs[i]) { rejected++; continue; }
        sl_add_result ar;
        memset(&ar, 0, sizeof ar);
        sl_status st = sl_session_add(sv->writer, docs[i], &ar);
        if (st != SL_OK) {
            rejected++;
            json_object_set_new(res, "error", json_string(sl_session_error(sv->writer)));
            if (st == SL_EDB || st == SL_ENOMEM) { failed = true; snprintf(ferr, sizeof ferr, "%s", sl_session_error(sv->writer)); break; }
            continue;
        }
        if (ar.outcome == SL_ADDED) added++;
        else present++;
        json_object_set_new(res, "id", json_string(ar.article_id));
        json_object_set_new(res, "story", ar.story_id[0] ? json_string(ar.story_id) : json_null());
        json_object_set_new(res, "outcome", json_string(ar.outcome == SL_ADDED ? "added" : "present"));
        json_object_set_new(res, "duplicate_of", ar.duplicate_of[0] ? json_string(ar.duplicate_of) : json_null());
    }
    if (!failed && sl_session_flush(sv->writer) != SL_OK) {
        failed = true;
        snprintf(ferr, sizeof ferr, "%s", sl_session_error(sv->writer));
    }
    /* the stories this request touched are stale from here (merges: within S_CACHE_TTL) */
    for (size_t i = 0; i < n; i++) {
        json_t *story = json_object_get(json_array_get(results, i), "story");
        if (json_is_string(story)) atomic_fetch_add(&sv->gen[S_cache_index(json_string_value(story))], 1);
    }
    pthread_mutex_unlock(&sv->wlock);
    for (size_t i = 0; i < n; i++) sl_doc_free(docs[i]);
    free(docs);
    if (failed) {
        json_decref(results);
        atomic_fetch_add(&sv->rejected, (unsigned long)n);
        return S_error(c, r, 500, "the request failed: %s (articles before the failure may be stored;"
                       " posting again is safe: stored ones come back as present)", ferr);
    }
    atomic_fetch_add(&sv->added, (unsigned long)added);
    atomic_fetch_add(&sv->present, (unsigned long)present);
    atomic_fetch_add(&sv->rejected, (unsigned long)rejected);
    int code = added ? 201 : present ? 200 : 422;
    return S_jsonv(c, r, code, json_pack("{s:I,s:I,s:I,s:o}", "added", (json_int_t)added, "present", (json_int_t)present,
                                         "rejected", (json_int_t)rejected, "articles", results));
}

/* ---- dispatch ----------------------------------------------------------------------------- */

static int S_route_of(const char *url, const char **id)
{
    *id = NULL;
    if (!strcmp(url, "/api/stories")) return R_STORIES;
    if (!strncmp(url, "/api/stories/", 13)) { *id = url + 13; return R_STORY; }
    if (!strcmp(url, "/api/articles")) return R_POST;
    if (!strncmp(url, "/api/articles/", 14)) { *id = url + 14; return R_ARTICLE; }
    if (!strcmp(url, "/api/entities")) return R_ENTITIES;
    if (!strcmp(url, "/api/search")) return R_SEARCH;
    if (!strcmp(url, "/healthz")) return R_HEALTH;
    if (!strcmp(url, "/metrics")) return R_METRICS;
    if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")) return R_OTHER;
    return R_PAGE;
}

static enum MHD_Result S_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    S_server *sv = cls;
    S_req *r = *con_cls;
    if (!r) {
        if (!(r = calloc(1, sizeof *r))) return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        r->route = R_OTHER;
        *con_cls = r;
        const char *id;
        int route = S_route_of(url, &id);
        r->route = route;
        bool is_post = !strcmp(method, "POST");
        if (route == R_POST && is_post) {
            /* refuse before reading the body: no upload without a token, none too large */
            if (!sv->o->token) { r->responded = true; return S_error(c, r, 403, "writes are disabled: start the server with --token-file"); }
            if (!S_token_ok(sv, c)) { r->responded = true; return S_error(c, r, 401, "missing or wrong token: send 'Authorization: Bearer TOKEN'"); }
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl && strtoull(cl, NULL, 10) > SL_SERVE_MAX_BODY) {
                r->responded = true;
                return S_error(c, r, 413, "body larger than %u bytes", SL_SERVE_MAX_BODY);
            }
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->responded && !r->too_big) {
            size_t need = r->len + *upload_size;
            if (need > SL_SERVE_MAX_BODY) {
                r->too_big = true;
                free(r->body);
                r->body = NULL;
                r->len = r->cap = 0;
            } else {
                if (need + 1 > r->cap) {
                    size_t cap = r->cap ? r->cap : 4096;
                    while (cap < need + 1) cap *= 2;
                    char *nb = realloc(r->body, cap);
                    if (!nb) return MHD_NO;
                    r->body = nb;
                    r->cap = cap;
                }
                memcpy(r->body + r->len, upload, *upload_size);
                r->len = need;
                r->body[r->len] = 0;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->responded) return MHD_YES;
    const char *id;
    int route = S_route_of(url, &id);
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (route == R_POST) {
        if (strcmp(method, "POST")) return S_method(c, r, method, "POST");
        return S_post(sv, c, r);
    }
    if (route == R_OTHER) return S_error(c, r, 404, "no such route: see docs/API.md");
    if (!get) return S_method(c, r, method, "GET, HEAD");
    switch (route) {
    case R_STORIES: return S_stories(sv, c, r);
    case R_STORY: return S_story(sv, c, r, id);
    case R_ARTICLE: return S_article(sv, c, r, id);
    case R_ENTITIES: return S_entities(sv, c, r);
    case R_SEARCH: return S_search(sv, c, r);
    case R_HEALTH: return S_health(sv, c, r);
    case R_METRICS: return S_metrics(sv, c, r);
    default: return S_static(c, r, url);
    }
}

static void S_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    S_server *sv = cls;
    S_req *r = *con_cls;
    if (!r) return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - r->t0.tv_sec) + (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e9;
    int route = r->route >= 0 && r->route < R_N ? r->route : R_OTHER;
    size_t k = 0;
    while (k < S_NCODES && S_codes[k] != r->status) k++;
    atomic_fetch_add(&sv->requests[route][k], 1);
    size_t b = 0;
    while (b < S_NBUCKETS && dt > S_buckets[b]) b++;
    atomic_fetch_add(&sv->hist[route][b], 1);
    atomic_fetch_add(&sv->micros[route], (unsigned long long)(dt * 1e6));
    free(r->body);
    free(r);
    *con_cls = NULL;
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static void S_shutdown(S_server *sv)
{
    for (int i = 0; i < sv->nslots; i++) {
        sl_session_close(sv->slots[i].s);
        sqlite3_close(sv->slots[i].db);
    }
    sl_session_close(sv->writer);
    sl_engine_free(sv->engine);
    for (size_t i = 0; i < S_CACHE_SLOTS; i++) free(sv->cache[i].json);
    pthread_mutex_destroy(&sv->clock);
    pthread_mutex_destroy(&sv->wlock);
    pthread_mutex_destroy(&sv->plock);
    pthread_cond_destroy(&sv->pcond);
}

sl_status sl_serve_run(const sl_serve_opts *o, char *err, size_t errlen)
{
    static S_server sv; /* large (counters); one server per process */
    memset(&sv, 0, sizeof sv);
    sv.o = o;
    sv.started = time(NULL);
    pthread_mutex_init(&sv.wlock, NULL);
    pthread_mutex_init(&sv.clock, NULL);
    pthread_mutex_init(&sv.plock, NULL);
    pthread_cond_init(&sv.pcond, NULL);
    int threads = o->threads < 1 ? 1 : o->threads > SL_SERVE_MAX_THREADS ? SL_SERVE_MAX_THREADS : o->threads;
    sl_status st = SL_OK;
    if (o->token && (st = sl_engine_new(&sv.engine)) != SL_OK) {
        snprintf(err, errlen, "cannot load the models: %s", sl_strerror(st));
        S_shutdown(&sv);
        return st;
    }
    if ((st = sl_session_open(o->db, sv.engine, &sv.writer)) != SL_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", o->db, sl_strerror(st));
        S_shutdown(&sv);
        return st;
    }
    for (int i = 0; i < threads; i++) {
        S_slot *sl = &sv.slots[i];
        if ((st = sl_session_open(o->db, NULL, &sl->s)) != SL_OK ||
            sqlite3_open_v2(o->db, &sl->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "cannot open database %s for reading", o->db);
            if (!sl->s) sqlite3_close(sl->db);
            sv.nslots = i + 1;
            S_shutdown(&sv);
            return st != SL_OK ? st : SL_EDB;
        }
        sqlite3_busy_timeout(sl->db, 10000);
        sv.nslots = i + 1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->host ? o->host : "127.0.0.1", &addr.sin_addr) != 1) {
        snprintf(err, errlen, "bad listen address '%s' (numeric IPv4, e.g. 127.0.0.1)", o->host);
        S_shutdown(&sv);
        return SL_EINVAL;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        S_handler, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED, S_completed, &sv, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024, MHD_OPTION_END);
    if (!d) {
        snprintf(err, errlen, "cannot listen on %s:%u (address in use or not permitted)", o->host ? o->host : "127.0.0.1", o->port);
        S_shutdown(&sv);
        return SL_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : o->port;
    fprintf(stderr, "storyline serve: listening on http://%s:%u/ (%d threads, writes %s)\n",
            o->host ? o->host : "127.0.0.1", port, threads, o->token ? "need a token" : "disabled");
    if (o->port_file) {
        FILE *f = fopen(o->port_file, "w");
        if (f) { fprintf(f, "%u\n", port); fclose(f); }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (!S_stop) {
        struct timespec ts = {0, 100000000}; /* the flag is polled: no race with pause() */
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    S_shutdown(&sv);
    fprintf(stderr, "storyline serve: stopped\n");
    return SL_OK;
}
