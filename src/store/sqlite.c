/*
 * sqlite.c — the SQLite backend of the store (store.h): schema, migrations, writes of
 * processed articles, story bookkeeping and the JSON queries the CLI and server print.
 *
 * Why SQLite: one file, no server, WAL gives readers a consistent view while one writer
 * ingests, FTS5 gives full-text search for free. Every statement is prepared once and
 * cached on the handle, so the per-article cost is a fixed number of indexed statements
 * and does not grow with the corpus. Offsets in sentences/mentions/quotes/events are byte
 * offsets into articles.text (the normalized text), so every fact stays traceable.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "store/store.h"

/* ---- schema and migrations ----------------------------------------------------------------- */

/* Migration i brings the schema from version i to i+1; append, never edit. */
static const char *const S_migrations[] = {
    /* 0 -> 1: initial schema */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB);"
    "CREATE TABLE articles("
    " n INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " seq INTEGER NOT NULL UNIQUE,"
    " path TEXT, line INTEGER, source TEXT, url TEXT, title TEXT, published TEXT,"
    " published_inferred INTEGER NOT NULL DEFAULT 0, lang TEXT, flags INTEGER NOT NULL DEFAULT 0,"
    " raw TEXT, text TEXT NOT NULL, content_hash TEXT NOT NULL, simhash INTEGER, terms BLOB,"
    " story TEXT, duplicate_of TEXT,"
    " added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX articles_hash ON articles(content_hash);"
    "CREATE INDEX articles_story ON articles(story, seq);"
    "CREATE TABLE sentences(article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL,"
    " PRIMARY KEY(article, idx)) WITHOUT ROWID;"
    "CREATE TABLE entities(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,"
    " aliases TEXT NOT NULL DEFAULT '[]', mentions INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE entity_keys(key TEXT NOT NULL, type TEXT NOT NULL,"
    " entity INTEGER NOT NULL REFERENCES entities(id), PRIMARY KEY(key, type)) WITHOUT ROWID;"
    "CREATE TABLE mentions(article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, type TEXT NOT NULL,"
    " entity INTEGER REFERENCES entities(id));"
    "CREATE INDEX mentions_article ON mentions(article);"
    "CREATE INDEX mentions_entity ON mentions(entity);"
    "CREATE TABLE dates(article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, value TEXT NOT NULL, granularity TEXT,"
    " relative INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX dates_article ON dates(article);"
    "CREATE TABLE quotes(article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, cue_start INTEGER, cue_end INTEGER,"
    " speaker TEXT, entity INTEGER REFERENCES entities(id), direct INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX quotes_article ON quotes(article);"
    "CREATE TABLE events(article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,"
    " start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, code TEXT NOT NULL,"
    " source_name TEXT, source_code TEXT, target_name TEXT, target_code TEXT,"
    " location TEXT, date TEXT, confidence REAL);"
    "CREATE INDEX events_article ON events(article);"
    "CREATE TABLE stories(id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, title TEXT,"
    " first TEXT, last TEXT, articles INTEGER NOT NULL DEFAULT 0, summary TEXT, entities TEXT,"
    " dirty INTEGER NOT NULL DEFAULT 1, merged_into TEXT REFERENCES stories(id));"
    "CREATE INDEX stories_dirty ON stories(dirty) WHERE dirty = 1;"
    "CREATE INDEX stories_merged ON stories(merged_into) WHERE merged_into IS NOT NULL;"
    "CREATE TABLE story_merges(n INTEGER PRIMARY KEY, \"from\" TEXT NOT NULL, \"into\" TEXT NOT NULL,"
    " at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='n');",
    /* 1 -> 2: cached timeline per story (summary/timeline.c) */
    "ALTER TABLE stories ADD COLUMN timeline TEXT;",
    /* 2 -> 3: pages of stories (newest first) and of entities (most mentioned first) read
     * from an index, so the API's list routes cost the page, not the corpus; an entity's
     * story count walks its mentions through covering indexes: reading `story` from the
     * articles row itself means following the overflow pages of `raw` and `text` */
    "CREATE INDEX stories_recent ON stories(coalesce(last, '') DESC, id) WHERE merged_into IS NULL;"
    "CREATE INDEX entities_top ON entities(mentions DESC, name);"
    "DROP INDEX mentions_entity;"
    "CREATE INDEX mentions_entity ON mentions(entity, article);"
    "CREATE INDEX articles_story_of ON articles(n, story);",
};
#define S_SCHEMA_VERSION ((int)SL_ARRAY_LEN(S_migrations))

/* ---- prepared statements --------------------------------------------------------------------- */

enum {
    Q_FIND_ID, Q_FIND_HASH, Q_MAX_SEQ, Q_BY_SEQ, Q_INS_ARTICLE, Q_INS_FTS, Q_INS_SENT,
    Q_KEY_GET, Q_KEY_PUT, Q_ENT_NEW, Q_ENT_GET, Q_ENT_SET, Q_INS_MENTION, Q_INS_DATE,
    Q_INS_QUOTE, Q_INS_EVENT, Q_SET_STORY, Q_STORY_BY_NUM, Q_STORY_NEW, Q_STORY_DIRTY,
    Q_NEXT_DIRTY, Q_MEMBERS, Q_MEMBER_SENTS, Q_MEMBER_DATES, Q_BLOB_GET, Q_BLOB_PUT, Q_SIGS,
    Q_COUNT
};

static const char *const S_sql[Q_COUNT] = {
    [Q_FIND_ID] = "SELECT id FROM articles WHERE id = ?1",
    [Q_FIND_HASH] = "SELECT id FROM articles WHERE content_hash = ?1 LIMIT 1",
    [Q_MAX_SEQ] = "SELECT coalesce(max(seq), -1) FROM articles",
    [Q_BY_SEQ] = "SELECT id FROM articles WHERE seq = ?1",
    [Q_INS_ARTICLE] =
        "INSERT INTO articles(id, seq, path, line, source, url, title, published, published_inferred,"
        " lang, flags, raw, text, content_hash, simhash, terms, story, duplicate_of)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
    [Q_INS_FTS] = "INSERT INTO articles_fts(rowid, title, text) VALUES(?1, ?2, ?3)",
    [Q_INS_SENT] = "INSERT INTO sentences(article, idx, start, \"end\") VALUES(?1, ?2, ?3, ?4)",
    [Q_KEY_GET] = "SELECT entity FROM entity_keys WHERE key = ?1 AND type = ?2",
    [Q_KEY_PUT] = "INSERT OR IGNORE INTO entity_keys(key, type, entity) VALUES(?1, ?2, ?3)",
    [Q_ENT_NEW] = "INSERT INTO entities(name, type, aliases, mentions) VALUES(?1, ?2, '[]', 0)",
    [Q_ENT_GET] = "SELECT name, aliases FROM entities WHERE id = ?1",
    [Q_ENT_SET] = "UPDATE entities SET name = ?2, aliases = ?3, mentions = mentions + ?4 WHERE id = ?1",
    [Q_INS_MENTION] = "INSERT INTO mentions(article, start, \"end\", type, entity) VALUES(?1,?2,?3,?4,?5)",
    [Q_INS_DATE] = "INSERT INTO dates(article, start, \"end\", value, granularity, relative)"
                   " VALUES(?1,?2,?3,?4,?5,?6)",
    [Q_INS_QUOTE] = "INSERT INTO quotes(article, start, \"end\", cue_start, cue_end, speaker, entity,"
                    " direct) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
    [Q_INS_EVENT] = "INSERT INTO events(article, start, \"end\", code, source_name, source_code,"
                    " target_name, target_code, location, date, confidence)"
                    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    [Q_SET_STORY] = "UPDATE articles SET story = ?2, duplicate_of = ?3 WHERE seq = ?1",
    [Q_STORY_BY_NUM] = "SELECT id FROM stories WHERE number = ?1",
    [Q_STORY_NEW] = "INSERT INTO stories(id, number, dirty) VALUES(?1, ?2, 1)",
    [Q_STORY_DIRTY] = "UPDATE stories SET dirty = 1 WHERE id = ?1 AND dirty = 0",
    [Q_NEXT_DIRTY] = "SELECT id FROM stories WHERE dirty = 1 LIMIT 1",
    [Q_MEMBERS] = "SELECT n, id, title, published, text, duplicate_of IS NOT NULL FROM"
                  " (SELECT * FROM articles WHERE story = ?1 ORDER BY seq DESC LIMIT ?2) ORDER BY seq",
    [Q_MEMBER_SENTS] = "SELECT start, \"end\" FROM sentences WHERE article = ?1 ORDER BY idx",
    [Q_MEMBER_DATES] = "SELECT start, \"end\", value, granularity, relative FROM dates WHERE article = ?1 ORDER BY start",
    [Q_BLOB_GET] = "SELECT value FROM meta WHERE key = ?1",
    [Q_BLOB_PUT] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
    [Q_SIGS] = "SELECT seq, id, terms, simhash, published FROM articles WHERE seq > ?1"
               " ORDER BY seq LIMIT 512",
};

struct sl_store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    bool in_tx;
    int version;
    sl_alias_rule same;
    char err[512];
};

static sl_status S_fail(sl_store *st, const char *what)
{
    snprintf(st->err, sizeof st->err, "%s: %s", what, st->db ? sqlite3_errmsg(st->db) : "no database");
    return SL_EDB;
}

/* The cached statement, reset and ready for binding; NULL on error (st->err set). */
static sqlite3_stmt *S_q(sl_store *st, int k)
{
    if (!st->q[k]) {
        if (sqlite3_prepare_v3(st->db, S_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &st->q[k], NULL) != SQLITE_OK) {
            S_fail(st, "prepare");
            return NULL;
        }
    } else {
        sqlite3_reset(st->q[k]);
        sqlite3_clear_bindings(st->q[k]);
    }
    return st->q[k];
}

static sl_status S_exec(sl_store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(st->err, sizeof st->err, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return SL_EDB;
    }
    return SL_OK;
}

/* Runs a write statement to completion. */
static sl_status S_done(sl_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SL_OK : S_fail(st, what);
}

static void S_text(sqlite3_stmt *s, int i, const char *v) { sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT); }

static const char *S_col(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

static int S_user_version(sl_store *st)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static sl_status S_migrate(sl_store *st)
{
    int v = S_user_version(st);
    if (v < 0) return S_fail(st, "reading the schema version");
    if (v > S_SCHEMA_VERSION) {
        snprintf(st->err, sizeof st->err,
                 "database schema version %d is newer than this storyline (%d)", v, S_SCHEMA_VERSION);
        return SL_EDB;
    }
    if (v == S_SCHEMA_VERSION) { st->version = v; return SL_OK; }
    if (S_exec(st, "BEGIN IMMEDIATE") != SL_OK) return SL_EDB;
    for (; v < S_SCHEMA_VERSION; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (S_exec(st, S_migrations[v]) != SL_OK || S_exec(st, pragma) != SL_OK) {
            char keep[sizeof st->err];
            memcpy(keep, st->err, sizeof keep);
            S_exec(st, "ROLLBACK");
            snprintf(st->err, sizeof st->err, "migration to schema %d failed: %.400s", v + 1, keep);
            return SL_EDB;
        }
    }
    st->version = v;
    return S_exec(st, "COMMIT");
}

sl_status sl_store_open(const char *path, sl_store **out, char *err, size_t errlen)
{
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    *out = NULL;
    sl_store *st = calloc(1, sizeof *st);
    if (!st) return SL_ENOMEM;
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
        sl_store_close(st);
        return SL_EDB;
    }
    sqlite3_busy_timeout(st->db, 10000);
    /* A file that is not a database fails on the first read, here. */
    /* cache_size: SQLite's default 2 MB page cache makes every index lookup of a large
     * database a pread; 64 MB (allocated as pages are used) took the ingest CPU per
     * article from 8.0 to 7.2 ms (1000 articles into a copy of a 115k-article database,
     * mean of 2 runs each; mostly system time) */
    sl_status rc = S_exec(st, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                              " PRAGMA cache_size = -65536");
    if (rc == SL_OK) rc = S_migrate(st);
    if (rc != SL_OK) {
        snprintf(err, errlen, "%s: %s", path, st->err);
        sl_store_close(st);
        return rc;
    }
    *out = st;
    return SL_OK;
}

void sl_store_close(sl_store *st)
{
    if (!st) return;
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(st->q[i]);
    if (st->in_tx) S_exec(st, "ROLLBACK");
    sqlite3_close(st->db);
    free(st);
}

const char *sl_store_error(const sl_store *st) { return st ? st->err : "no store"; }
int sl_store_schema_version(const sl_store *st) { return st->version; }
void sl_store_set_alias_rule(sl_store *st, sl_alias_rule same) { st->same = same; }

/* ---- transactions ---------------------------------------------------------------------------- */

sl_status sl_store_begin(sl_store *st)
{
    if (st->in_tx) return SL_OK;
    if (S_exec(st, "BEGIN IMMEDIATE") != SL_OK) return SL_EDB;
    st->in_tx = true;
    return SL_OK;
}

sl_status sl_store_commit(sl_store *st)
{
    if (!st->in_tx) return SL_OK;
    if (S_exec(st, "COMMIT") != SL_OK) return SL_EDB;
    st->in_tx = false;
    return SL_OK;
}

bool sl_store_in_transaction(const sl_store *st) { return st->in_tx; }

sl_status sl_store_abort(sl_store *st)
{
    if (!st->in_tx) return SL_OK;
    st->in_tx = false;
    return S_exec(st, "ROLLBACK");
}
sl_status sl_store_savepoint(sl_store *st) { return S_exec(st, "SAVEPOINT article"); }
sl_status sl_store_release(sl_store *st) { return S_exec(st, "RELEASE article"); }
sl_status sl_store_rollback(sl_store *st)
{
    sl_status rc = S_exec(st, "ROLLBACK TO article");
    sl_status rc2 = S_exec(st, "RELEASE article");
    return rc != SL_OK ? rc : rc2;
}

/* ---- articles ------------------------------------------------------------------------------- */

static sl_status S_one_id(sl_store *st, sqlite3_stmt *s, char out[65])
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(out, 65, "%s", S_col(s, 0) ? S_col(s, 0) : "");
        sqlite3_reset(s);
        return SL_OK;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SL_ENOTFOUND : S_fail(st, "lookup");
}

sl_status sl_store_find_article(sl_store *st, const char *id, uint64_t content_hash, char found[65])
{
    sqlite3_stmt *s;
    if (id && id[0]) {
        if (!(s = S_q(st, Q_FIND_ID))) return SL_EDB;
        S_text(s, 1, id);
        sl_status rc = S_one_id(st, s, found);
        if (rc != SL_ENOTFOUND) return rc;
    }
    char hex[17];
    sl_hex64(content_hash, hex);
    if (!(s = S_q(st, Q_FIND_HASH))) return SL_EDB;
    S_text(s, 1, hex);
    return S_one_id(st, s, found);
}

sl_status sl_store_max_seq(sl_store *st, int64_t *seq)
{
    sqlite3_stmt *s = S_q(st, Q_MAX_SEQ);
    if (!s) return SL_EDB;
    if (sqlite3_step(s) != SQLITE_ROW) { sqlite3_reset(s); return S_fail(st, "max seq"); }
    *seq = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return SL_OK;
}

sl_status sl_store_article_by_seq(sl_store *st, int64_t seq, char id[65])
{
    sqlite3_stmt *s = S_q(st, Q_BY_SEQ);
    if (!s) return SL_EDB;
    sqlite3_bind_int64(s, 1, seq);
    return S_one_id(st, s, id);
}

/* Case-folded key for entity matching ("Mr TRUMP" and "mr trump" meet). Owned; free(). */
static char *S_key(const char *name)
{
    if (!name) return NULL;
    char *k = (char *)utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)name);
    if (!k) return strdup(name);
    return k;
}

/* Adds `alias` to the JSON array `aliases` when new (bounded by SL_STORE_MAX_ALIASES). */
static bool S_add_alias(json_t *aliases, const char *alias)
{
    size_t i;
    json_t *v;
    json_array_foreach(aliases, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), alias) == 0) return false;
    if (json_array_size(aliases) >= SL_STORE_MAX_ALIASES) return false;
    json_array_append_new(aliases, json_string(alias));
    return true;
}

/* Corpus entity registered under a case-folded key for this type; -1 when none. */
static sl_status S_key_lookup(sl_store *st, const char *name, const char *type, int64_t *id)
{
    *id = -1;
    char *key = S_key(name);
    if (!key) return SL_ENOMEM;
    sqlite3_stmt *s = S_q(st, Q_KEY_GET);
    if (!s) { free(key); return SL_EDB; }
    S_text(s, 1, key);
    S_text(s, 2, type);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    free(key);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SL_OK : S_fail(st, "entity lookup");
}

/* Whether corpus entity `id` and `name` are the same by the alias rule. */
static bool S_same(sl_store *st, int64_t id, const char *name, sl_ent_type t)
{
    sqlite3_stmt *s = S_q(st, Q_ENT_GET);
    if (!s) return false;
    sqlite3_bind_int64(s, 1, id);
    bool same = sqlite3_step(s) == SQLITE_ROW && S_col(s, 0) && st->same(S_col(s, 0), name, t);
    sqlite3_reset(s);
    return same;
}

/* Resolves one entity of the document to a corpus entity, creating it when new, and folds
 * the document's aliases and mention count in. Candidates come from the key index only
 * (canonical key; with an alias rule also each alias and, for people, the last word), so
 * the cost does not grow with the number of entities. */
static sl_status S_corpus_entity(sl_store *st, const char *name, sl_ent_type t, char *const *aliases,
                                 size_t naliases, uint32_t mentions, int64_t *out)
{
    const char *type = sl_ent_type_name(t);
    int64_t id = -1;
    sl_status ret = S_key_lookup(st, name, type, &id);
    if (ret != SL_OK) return ret;
    /* keys also hold aliases and last names: with a rule, a key hit must pass it too */
    if (id >= 0 && st->same && !S_same(st, id, name, t)) id = -1;
    for (size_t i = 0; id < 0 && st->same && i < naliases; i++) {
        int64_t c;
        if ((ret = S_key_lookup(st, aliases[i], type, &c)) != SL_OK) return ret;
        if (c >= 0 && S_same(st, c, name, t)) id = c;
    }
    if (id < 0 && st->same && t == SL_PER) {
        const char *last = strrchr(name, ' ');
        int64_t c;
        if (last && last[1]) {
            if ((ret = S_key_lookup(st, last + 1, type, &c)) != SL_OK) return ret;
            if (c >= 0 && S_same(st, c, name, t)) id = c;
        }
    }
    char *key = S_key(name);
    if (!key) return SL_ENOMEM;
    sqlite3_stmt *s;
    if (id < 0) {
        if (!(s = S_q(st, Q_ENT_NEW))) { free(key); return SL_EDB; }
        S_text(s, 1, name);
        S_text(s, 2, type);
        if ((ret = S_done(st, s, "insert entity")) != SL_OK) { free(key); return ret; }
        id = sqlite3_last_insert_rowid(st->db);
    }
    /* Register the canonical key and every alias key that is still free. */
    if (!(s = S_q(st, Q_KEY_PUT))) { free(key); return SL_EDB; }
    S_text(s, 1, key);
    S_text(s, 2, type);
    sqlite3_bind_int64(s, 3, id);
    ret = S_done(st, s, "entity key");
    free(key);
    const char *last = t == SL_PER && st->same ? strrchr(name, ' ') : NULL;
    if (ret == SL_OK && last && last[1]) {
        char *lk = S_key(last + 1);
        if (!lk) return SL_ENOMEM;
        if (!(s = S_q(st, Q_KEY_PUT))) { free(lk); return SL_EDB; }
        S_text(s, 1, lk);
        S_text(s, 2, type);
        sqlite3_bind_int64(s, 3, id);
        ret = S_done(st, s, "entity last-name key");
        free(lk);
    }
    for (size_t i = 0; ret == SL_OK && i < naliases; i++) {
        char *ak = S_key(aliases[i]);
        if (!ak) return SL_ENOMEM;
        if (!(s = S_q(st, Q_KEY_PUT))) { free(ak); return SL_EDB; }
        S_text(s, 1, ak);
        S_text(s, 2, type);
        sqlite3_bind_int64(s, 3, id);
        ret = S_done(st, s, "entity alias key");
        free(ak);
    }
    if (ret != SL_OK) return ret;

    /* Merge names: the longest canonical form wins (as within an article). */
    if (!(s = S_q(st, Q_ENT_GET))) return SL_EDB;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_ROW) { sqlite3_reset(s); return S_fail(st, "entity read"); }
    const char *old = S_col(s, 0);
    char *best = strdup(old && strlen(old) >= strlen(name) ? old : name);
    json_t *al = json_loads(S_col(s, 1) ? S_col(s, 1) : "[]", 0, NULL);
    sqlite3_reset(s);
    if (!al || !json_is_array(al)) { json_decref(al); al = json_array(); }
    if (!best || !al) { free(best); json_decref(al); return SL_ENOMEM; }
    S_add_alias(al, name);
    for (size_t i = 0; i < naliases; i++) S_add_alias(al, aliases[i]);
    char *aj = json_dumps(al, JSON_COMPACT);
    json_decref(al);
    if (!aj) { free(best); return SL_ENOMEM; }
    if ((s = S_q(st, Q_ENT_SET))) {
        sqlite3_bind_int64(s, 1, id);
        S_text(s, 2, best);
        S_text(s, 3, aj);
        sqlite3_bind_int64(s, 4, mentions);
        ret = S_done(st, s, "entity update");
    } else {
        ret = SL_EDB;
    }
    free(best);
    free(aj);
    *out = id;
    return ret;
}

static void S_terms_blob(const sl_doc *d, void **blob, size_t *len)
{
    /* little-endian (hash u64, weight f32) pairs; portable enough for one machine class */
    *len = d->terms.n * 12;
    *blob = NULL;
    if (!*len) return;
    unsigned char *b = malloc(*len);
    if (!b) return;
    for (size_t i = 0; i < d->terms.n; i++) {
        uint64_t h = d->terms.v[i].hash;
        float w = d->terms.v[i].weight;
        uint32_t wb;
        memcpy(&wb, &w, 4);
        for (int k = 0; k < 8; k++) b[i * 12 + k] = (unsigned char)(h >> (8 * k));
        for (int k = 0; k < 4; k++) b[i * 12 + 8 + k] = (unsigned char)(wb >> (8 * k));
    }
    *blob = b;
}

static char *S_slice(const sl_doc *d, sl_span sp)
{
    if (sp.end <= sp.start || sp.end > d->text_len) return NULL;
    return strndup(d->text + sp.start, sp.end - sp.start);
}

sl_status sl_store_put_article(sl_store *st, const sl_doc *d, int64_t seq, const char *story,
                               const char *duplicate_of)
{
    sqlite3_stmt *s = S_q(st, Q_INS_ARTICLE);
    if (!s) return SL_EDB;
    char hex[17];
    sl_hex64(d->content_hash, hex);
    void *blob = NULL;
    size_t blen = 0;
    S_terms_blob(d, &blob, &blen);
    if (blen && !blob) return SL_ENOMEM;
    S_text(s, 1, d->id);
    sqlite3_bind_int64(s, 2, seq);
    S_text(s, 3, d->path);
    if (d->line > 0) sqlite3_bind_int64(s, 4, d->line);
    S_text(s, 5, d->source);
    S_text(s, 6, d->url);
    S_text(s, 7, d->title);
    S_text(s, 8, d->published);
    sqlite3_bind_int(s, 9, (d->flags & SL_DOC_DATE_INFERRED) ? 1 : 0);
    S_text(s, 10, d->lang);
    sqlite3_bind_int64(s, 11, d->flags);
    if (d->raw) sqlite3_bind_text64(s, 12, d->raw, d->raw_len, SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_text64(s, 13, d->text ? d->text : "", d->text_len, SQLITE_STATIC, SQLITE_UTF8);
    S_text(s, 14, hex);
    sqlite3_bind_int64(s, 15, (int64_t)d->simhash);
    if (blob) sqlite3_bind_blob64(s, 16, blob, blen, free);
    S_text(s, 17, story);
    S_text(s, 18, duplicate_of && duplicate_of[0] ? duplicate_of : NULL);
    sl_status rc = S_done(st, s, "insert article");
    sqlite3_clear_bindings(s); /* drop the borrowed text pointers now */
    if (rc != SL_OK) return rc;
    int64_t n = sqlite3_last_insert_rowid(st->db);

    if (!(s = S_q(st, Q_INS_FTS))) return SL_EDB;
    sqlite3_bind_int64(s, 1, n);
    S_text(s, 2, d->title);
    sqlite3_bind_text64(s, 3, d->text ? d->text : "", d->text_len, SQLITE_STATIC, SQLITE_UTF8);
    rc = S_done(st, s, "index article");
    sqlite3_clear_bindings(s);
    if (rc != SL_OK) return rc;

    for (size_t i = 0; i < d->sentences.n; i++) {
        if (!(s = S_q(st, Q_INS_SENT))) return SL_EDB;
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_int64(s, 3, d->sentences.v[i].span.start);
        sqlite3_bind_int64(s, 4, d->sentences.v[i].span.end);
        if ((rc = S_done(st, s, "insert sentence")) != SL_OK) return rc;
    }

    /* Corpus entities for the document's merged entities (mention counts folded in). */
    int64_t *ents = d->entities.n ? calloc(d->entities.n, sizeof *ents) : NULL;
    if (d->entities.n && !ents) return SL_ENOMEM;
    for (size_t i = 0; i < d->entities.n; i++) {
        const sl_entity *e = &d->entities.v[i];
        if (!e->name) { ents[i] = -1; continue; }
        rc = S_corpus_entity(st, e->name, (sl_ent_type)e->type, e->aliases, e->naliases,
                             e->mentions, &ents[i]);
        if (rc != SL_OK) { free(ents); return rc; }
    }
    for (size_t i = 0; rc == SL_OK && i < d->mentions.n; i++) {
        const sl_mention *m = &d->mentions.v[i];
        int64_t eid = -1;
        if (m->entity >= 0 && (size_t)m->entity < d->entities.n) {
            eid = ents[m->entity];
        } else {
            /* not merged within the article: the surface form is its own entity */
            char *name = S_slice(d, m->span);
            if (name) rc = S_corpus_entity(st, name, (sl_ent_type)m->type, NULL, 0, 1, &eid);
            free(name);
            if (rc != SL_OK) break;
        }
        if (!(s = S_q(st, Q_INS_MENTION))) { rc = SL_EDB; break; }
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_int64(s, 2, m->span.start);
        sqlite3_bind_int64(s, 3, m->span.end);
        S_text(s, 4, sl_ent_type_name(m->type));
        if (eid >= 0) sqlite3_bind_int64(s, 5, eid);
        rc = S_done(st, s, "insert mention");
    }
    if (rc != SL_OK) { free(ents); return rc; }

    static const char *gr[] = {"day", "month", "year", "range"};
    for (size_t i = 0; i < d->dates.n; i++) {
        const sl_date *dt = &d->dates.v[i];
        if (!(s = S_q(st, Q_INS_DATE))) { free(ents); return SL_EDB; }
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_int64(s, 2, dt->span.start);
        sqlite3_bind_int64(s, 3, dt->span.end);
        sqlite3_bind_text(s, 4, dt->value, (int)strnlen(dt->value, sizeof dt->value), SQLITE_TRANSIENT);
        S_text(s, 5, gr[dt->gran & 3]);
        sqlite3_bind_int(s, 6, dt->relative);
        if ((rc = S_done(st, s, "insert date")) != SL_OK) { free(ents); return rc; }
    }
    for (size_t i = 0; i < d->quotes.n; i++) {
        const sl_quote *q = &d->quotes.v[i];
        if (!(s = S_q(st, Q_INS_QUOTE))) { free(ents); return SL_EDB; }
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_int64(s, 2, q->span.start);
        sqlite3_bind_int64(s, 3, q->span.end);
        sqlite3_bind_int64(s, 4, q->cue.start);
        sqlite3_bind_int64(s, 5, q->cue.end);
        char *spk = NULL;
        if (q->entity >= 0 && (size_t)q->entity < d->entities.n) {
            S_text(s, 6, d->entities.v[q->entity].name);
            if (ents[q->entity] >= 0) sqlite3_bind_int64(s, 7, ents[q->entity]);
        } else if ((spk = S_slice(d, q->speaker))) {
            /* an unresolved speaker ("Peskov") may still name a known person */
            int64_t pid = -1;
            if (S_key_lookup(st, spk, "PER", &pid) != SL_OK) pid = -1;
            char *pname = NULL;
            if (pid >= 0 && (s = S_q(st, Q_ENT_GET))) {
                sqlite3_bind_int64(s, 1, pid);
                if (sqlite3_step(s) == SQLITE_ROW && S_col(s, 0)) pname = strdup(S_col(s, 0));
                sqlite3_reset(s);
            }
            if (!(s = S_q(st, Q_INS_QUOTE))) { free(pname); free(spk); free(ents); return SL_EDB; }
            sqlite3_bind_int64(s, 1, n);
            sqlite3_bind_int64(s, 2, q->span.start);
            sqlite3_bind_int64(s, 3, q->span.end);
            sqlite3_bind_int64(s, 4, q->cue.start);
            sqlite3_bind_int64(s, 5, q->cue.end);
            S_text(s, 6, pname ? pname : spk);
            if (pname) sqlite3_bind_int64(s, 7, pid);
            free(pname);
        }
        free(spk);
        sqlite3_bind_int(s, 8, q->direct);
        if ((rc = S_done(st, s, "insert quote")) != SL_OK) { free(ents); return rc; }
    }
    free(ents);
    for (size_t i = 0; i < d->events.n; i++) {
        const sl_event *ev = &d->events.v[i];
        if (!(s = S_q(st, Q_INS_EVENT))) return SL_EDB;
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_int64(s, 2, ev->span.start);
        sqlite3_bind_int64(s, 3, ev->span.end);
        sqlite3_bind_text(s, 4, ev->code, (int)strnlen(ev->code, sizeof ev->code), SQLITE_TRANSIENT);
        S_text(s, 5, ev->source.name);
        sqlite3_bind_text(s, 6, ev->source.code, (int)strnlen(ev->source.code, sizeof ev->source.code), SQLITE_TRANSIENT);
        S_text(s, 7, ev->target.name);
        sqlite3_bind_text(s, 8, ev->target.code, (int)strnlen(ev->target.code, sizeof ev->target.code), SQLITE_TRANSIENT);
        S_text(s, 9, ev->location);
        if (ev->date[0]) sqlite3_bind_text(s, 10, ev->date, (int)strnlen(ev->date, sizeof ev->date), SQLITE_TRANSIENT);
        sqlite3_bind_double(s, 11, ev->confidence);
        if ((rc = S_done(st, s, "insert event")) != SL_OK) return rc;
    }
    return SL_OK;
}

sl_status sl_store_set_article_story(sl_store *st, int64_t seq, const char *story, const char *duplicate_of)
{
    sqlite3_stmt *s = S_q(st, Q_SET_STORY);
    if (!s) return SL_EDB;
    sqlite3_bind_int64(s, 1, seq);
    S_text(s, 2, story);
    S_text(s, 3, duplicate_of && duplicate_of[0] ? duplicate_of : NULL);
    return S_done(st, s, "set story");
}

/* ---- stories --------------------------------------------------------------------------------- */

sl_status sl_store_story_by_number(sl_store *st, int64_t number, char id[65])
{
    sqlite3_stmt *s = S_q(st, Q_STORY_BY_NUM);
    if (!s) return SL_EDB;
    sqlite3_bind_int64(s, 1, number);
    return S_one_id(st, s, id);
}

sl_status sl_store_story_create(sl_store *st, int64_t number, const char *id)
{
    sqlite3_stmt *s = S_q(st, Q_STORY_NEW);
    if (!s) return SL_EDB;
    S_text(s, 1, id);
    sqlite3_bind_int64(s, 2, number);
    return S_done(st, s, "create story");
}

sl_status sl_store_story_dirty(sl_store *st, const char *id)
{
    sqlite3_stmt *s = S_q(st, Q_STORY_DIRTY);
    if (!s) return SL_EDB;
    S_text(s, 1, id);
    return S_done(st, s, "mark story");
}

/* Runs one statement with text parameters (rare paths, not worth caching). */
static sl_status S_run(sl_store *st, const char *sql, const char *a, const char *b)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return S_fail(st, "prepare");
    if (a) S_text(s, 1, a);
    if (b) S_text(s, 2, b);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SL_OK : S_fail(st, "update");
}

sl_status sl_store_story_merge(sl_store *st, const char *from, const char *into)
{
    sl_status rc;
    if ((rc = S_run(st, "UPDATE articles SET story = ?2 WHERE story = ?1", from, into)) != SL_OK ||
        (rc = S_run(st, "UPDATE stories SET merged_into = ?2, dirty = 0, articles = 0 WHERE id = ?1", from, into)) != SL_OK ||
        (rc = S_run(st, "UPDATE stories SET merged_into = ?2 WHERE merged_into = ?1", from, into)) != SL_OK ||
        (rc = S_run(st, "INSERT INTO story_merges(\"from\", \"into\") VALUES(?1, ?2)", from, into)) != SL_OK)
        return rc;
    return S_run(st, "UPDATE stories SET dirty = 1 WHERE id = ?1", into, NULL);
}

sl_status sl_store_next_dirty(sl_store *st, char id[65])
{
    sqlite3_stmt *s = S_q(st, Q_NEXT_DIRTY);
    if (!s) return SL_EDB;
    sl_status rc = S_one_id(st, s, id);
    return rc == SL_ENOTFOUND ? SL_END : rc;
}

sl_status sl_store_story_refresh(sl_store *st, const char *id, const char *title, const char *summary_json,
                                 const char *timeline_json)
{
    sqlite3_stmt *s = NULL;
    /* Top entities by mentions within the story's members. */
    const char *q =
        "SELECT e.name, e.type, count(*) AS c FROM mentions m JOIN articles a ON a.n = m.article"
        " JOIN entities e ON e.id = m.entity WHERE a.story = ?1 GROUP BY e.id"
        " ORDER BY c DESC, e.name LIMIT ?2";
    if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK) return S_fail(st, "prepare");
    S_text(s, 1, id);
    sqlite3_bind_int(s, 2, SL_STORE_TOP_ENTITIES);
    json_t *ents = json_array();
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *e = json_object();
        json_object_set_new(e, "name", json_string(S_col(s, 0)));
        json_object_set_new(e, "type", json_string(S_col(s, 1)));
        json_object_set_new(e, "mentions", json_integer(sqlite3_column_int64(s, 2)));
        json_array_append_new(ents, e);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) { json_decref(ents); return S_fail(st, "story entities"); }
    char *ej = json_dumps(ents, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(ents);
    if (!ej) return SL_ENOMEM;
    const char *u =
        "UPDATE stories SET title = ?2, summary = ?3, entities = ?4, timeline = ?5, dirty = 0,"
        " articles = (SELECT count(*) FROM articles WHERE story = ?1),"
        " first = (SELECT min(substr(published, 1, 10)) FROM articles WHERE story = ?1),"
        " last = (SELECT max(substr(published, 1, 10)) FROM articles WHERE story = ?1)"
        " WHERE id = ?1";
    if (sqlite3_prepare_v2(st->db, u, -1, &s, NULL) != SQLITE_OK) { free(ej); return S_fail(st, "prepare"); }
    S_text(s, 1, id);
    S_text(s, 2, title);
    S_text(s, 3, summary_json ? summary_json : "[]");
    S_text(s, 4, ej);
    S_text(s, 5, timeline_json ? timeline_json : "[]");
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    free(ej);
    return rc == SQLITE_DONE ? SL_OK : S_fail(st, "refresh story");
}

sl_status sl_store_reset_stories(sl_store *st)
{
    return S_exec(st, "UPDATE articles SET story = NULL, duplicate_of = NULL;"
                      "DELETE FROM story_merges; UPDATE stories SET merged_into = NULL; DELETE FROM stories;"
                      "DELETE FROM meta WHERE key = 'clusterer'");
}

sl_status sl_store_story_resolve(sl_store *st, const char *prefix, char id[65])
{
    if (!prefix || !prefix[0]) return SL_ENOTFOUND;
    sqlite3_stmt *s = NULL;
    /* An exact id wins; else a unique prefix (escaped for LIKE is overkill: ids are [a-z0-9]). */
    const char *q = "SELECT id, merged_into FROM stories WHERE id = ?1"
                    " UNION ALL SELECT id, merged_into FROM"
                    " (SELECT id, merged_into FROM stories WHERE substr(id, 1, length(?1)) = ?1 AND id <> ?1 LIMIT 2)";
    if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK) return S_fail(st, "prepare");
    S_text(s, 1, prefix);
    int n = 0, rc;
    char first[65] = "", into[65] = "";
    bool exact = false;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == 0) {
            snprintf(first, sizeof first, "%s", S_col(s, 0));
            snprintf(into, sizeof into, "%s", S_col(s, 1) ? S_col(s, 1) : "");
            exact = strcmp(first, prefix) == 0;
        }
        n++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return S_fail(st, "story lookup");
    if (n == 0) return SL_ENOTFOUND;
    if (n > 1 && !exact) {
        snprintf(st->err, sizeof st->err, "story id prefix '%s' is ambiguous", prefix);
        return SL_EINVAL;
    }
    snprintf(id, 65, "%s", into[0] ? into : first);
    return SL_OK;
}

/* ---- members (for summaries) ------------------------------------------------------------------ */

void sl_store_members_free(sl_store_member *m, size_t n)
{
    if (!m) return;
    for (size_t i = 0; i < n; i++) {
        free(m[i].title);
        free(m[i].published);
        free(m[i].text);
        free(m[i].sents);
        free(m[i].dates);
    }
    free(m);
}

static char *S_dup_col(sqlite3_stmt *s, int i)
{
    const char *v = S_col(s, i);
    return v ? strdup(v) : NULL;
}

sl_status sl_store_members(sl_store *st, const char *story, sl_store_member **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    sqlite3_stmt *s = S_q(st, Q_MEMBERS);
    if (!s) return SL_EDB;
    S_text(s, 1, story);
    sqlite3_bind_int(s, 2, SL_STORE_MAX_SUMMARY_MEMBERS);
    SL_VEC(sl_store_member) v = {0};
    SL_VEC(int64_t) rows = {0};
    int rc;
    sl_status ret = SL_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sl_store_member m = {0};
        snprintf(m.id, sizeof m.id, "%s", S_col(s, 1));
        m.title = S_dup_col(s, 2);
        m.published = S_dup_col(s, 3);
        m.text_len = (size_t)sqlite3_column_bytes(s, 4);
        m.text = malloc(m.text_len + 1);
        if (m.text) {
            if (m.text_len) memcpy(m.text, sqlite3_column_text(s, 4), m.text_len);
            m.text[m.text_len] = 0;
        }
        m.near_dup = sqlite3_column_int(s, 5) != 0;
        if (!m.text || !sl_vec_grow(&v) || !sl_vec_push(&rows, sqlite3_column_int64(s, 0))) {
            free(m.title); free(m.published); free(m.text);
            ret = SL_ENOMEM;
            break;
        }
        v.v[v.n++] = m;
    }
    sqlite3_reset(s);
    if (ret == SL_OK && rc != SQLITE_DONE) ret = S_fail(st, "members");
    for (size_t i = 0; ret == SL_OK && i < v.n; i++) {
        if (!(s = S_q(st, Q_MEMBER_SENTS))) { ret = SL_EDB; break; }
        sqlite3_bind_int64(s, 1, rows.v[i]);
        SL_VEC(sl_span) sp = {0};
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            sl_span x = {(uint32_t)sqlite3_column_int64(s, 0), (uint32_t)sqlite3_column_int64(s, 1)};
            if (x.end > v.v[i].text_len || x.start > x.end) continue; /* never trust offsets blindly */
            if (!sl_vec_push(&sp, x)) { ret = SL_ENOMEM; break; }
        }
        sqlite3_reset(s);
        if (ret == SL_OK && rc != SQLITE_DONE) ret = S_fail(st, "sentences");
        v.v[i].sents = sp.v;
        v.v[i].nsents = sp.n;
        if (ret != SL_OK || !(s = S_q(st, Q_MEMBER_DATES))) { if (ret == SL_OK) ret = SL_EDB; break; }
        sqlite3_bind_int64(s, 1, rows.v[i]);
        SL_VEC(sl_date) dv = {0};
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            sl_date x;
            memset(&x, 0, sizeof x);
            x.span.start = (uint32_t)sqlite3_column_int64(s, 0);
            x.span.end = (uint32_t)sqlite3_column_int64(s, 1);
            if (x.span.end > v.v[i].text_len || x.span.start > x.span.end) continue;
            snprintf(x.value, sizeof x.value, "%s", S_col(s, 2) ? S_col(s, 2) : "");
            const char *g = S_col(s, 3);
            x.gran = !g || !strcmp(g, "day") ? SL_GRAN_DAY : !strcmp(g, "month") ? SL_GRAN_MONTH
                   : !strcmp(g, "year") ? SL_GRAN_YEAR : SL_GRAN_RANGE;
            x.relative = (uint8_t)sqlite3_column_int(s, 4);
            if (!sl_vec_push(&dv, x)) { ret = SL_ENOMEM; break; }
        }
        sqlite3_reset(s);
        if (ret == SL_OK && rc != SQLITE_DONE) ret = S_fail(st, "dates");
        v.v[i].dates = dv.v;
        v.v[i].ndates = dv.n;
    }
    sl_vec_free(&rows);
    if (ret != SL_OK) {
        sl_store_members_free(v.v, v.n);
        return ret;
    }
    *out = v.v;
    *nout = v.n;
    return SL_OK;
}

sl_status sl_store_signatures(sl_store *st, sl_store_sig_cb cb, void *user)
{
    return sl_store_signatures_after(st, -1, cb, user);
}

sl_status sl_store_signatures_after(sl_store *st, int64_t after, sl_store_sig_cb cb, void *user)
{
    int64_t last = after;
    for (;;) {
        /* Chunks, so updates between callbacks never race an open cursor. */
        SL_VEC(sl_store_sig) chunk = {0};
        sqlite3_stmt *s = S_q(st, Q_SIGS);
        if (!s) return SL_EDB;
        sqlite3_bind_int64(s, 1, last);
        int rc;
        sl_status ret = SL_OK;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            sl_store_sig g = {0};
            g.seq = sqlite3_column_int64(s, 0);
            snprintf(g.id, sizeof g.id, "%s", S_col(s, 1));
            const unsigned char *b = sqlite3_column_blob(s, 2);
            size_t blen = (size_t)sqlite3_column_bytes(s, 2);
            g.nterms = blen / 12;
            if (g.nterms) {
                g.terms = malloc(g.nterms * sizeof *g.terms);
                if (!g.terms) { ret = SL_ENOMEM; break; }
                for (size_t i = 0; i < g.nterms; i++) {
                    uint64_t h = 0;
                    uint32_t wb = 0;
                    for (int k = 0; k < 8; k++) h |= (uint64_t)b[i * 12 + k] << (8 * k);
                    for (int k = 0; k < 4; k++) wb |= (uint32_t)b[i * 12 + 8 + k] << (8 * k);
                    g.terms[i].hash = h;
                    memcpy(&g.terms[i].weight, &wb, 4);
                }
            }
            g.simhash = (uint64_t)sqlite3_column_int64(s, 3);
            snprintf(g.published, sizeof g.published, "%s", S_col(s, 4) ? S_col(s, 4) : "");
            if (!sl_vec_push(&chunk, g)) { free(g.terms); ret = SL_ENOMEM; break; }
        }
        sqlite3_reset(s);
        if (ret == SL_OK && rc != SQLITE_DONE) ret = S_fail(st, "signatures");
        bool stop = false;
        for (size_t i = 0; i < chunk.n; i++) {
            if (ret == SL_OK && !stop && cb(&chunk.v[i], user)) stop = true;
            free(chunk.v[i].terms);
        }
        size_t got = chunk.n;
        if (got) last = chunk.v[got - 1].seq;
        sl_vec_free(&chunk);
        if (ret != SL_OK) return ret;
        if (stop || got == 0) return SL_OK;
    }
}

/* ---- blobs ---------------------------------------------------------------------------------- */

sl_status sl_store_blob_get(sl_store *st, const char *key, char **data, size_t *len)
{
    sqlite3_stmt *s = S_q(st, Q_BLOB_GET);
    if (!s) return SL_EDB;
    S_text(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? SL_ENOTFOUND : S_fail(st, "read state");
    }
    *len = (size_t)sqlite3_column_bytes(s, 0);
    *data = malloc(*len + 1);
    if (!*data) { sqlite3_reset(s); return SL_ENOMEM; }
    if (*len) memcpy(*data, sqlite3_column_blob(s, 0), *len);
    sqlite3_reset(s);
    return SL_OK;
}

sl_status sl_store_blob_put(sl_store *st, const char *key, const char *data, size_t len)
{
    sqlite3_stmt *s = S_q(st, Q_BLOB_PUT);
    if (!s) return SL_EDB;
    S_text(s, 1, key);
    sqlite3_bind_blob64(s, 2, data ? data : "", len, SQLITE_TRANSIENT);
    return S_done(st, s, "write state");
}

/* ---- JSON queries ------------------------------------------------------------------------------ */

static json_t *S_jcol(sqlite3_stmt *s, int i)
{
    switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL: return json_null();
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(s, i));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(s, i));
    default: return json_stringn((const char *)sqlite3_column_text(s, i), (size_t)sqlite3_column_bytes(s, i));
    }
}

/* Parsed JSON column, or `dflt` (an empty array) when absent or broken. */
static json_t *S_jparse(sqlite3_stmt *s, int i)
{
    const char *v = S_col(s, i);
    json_t *j = v ? json_loads(v, 0, NULL) : NULL;
    return j ? j : json_array();
}

/* Emits a JSON object to the callback; returns true when the caller asked to stop. */
static bool S_emit(json_t *o, sl_json_cb cb, void *user, sl_status *ret)
{
    char *js = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!js) { *ret = SL_ENOMEM; return true; }
    int stop = cb(js, user);
    free(js);
    return stop != 0;
}

/* Steps a prepared, bound statement: `row` builds one object per result row, passed to cb
 * (which may stop early); the statement is finalized. */
typedef json_t *(*S_row_fn)(sl_store *st, sqlite3_stmt *s);
static sl_status S_step_rows(sl_store *st, sqlite3_stmt *s, S_row_fn row, sl_json_cb cb, void *user)
{
    int rc;
    sl_status ret = SL_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *o = row(st, s);
        if (!o) { ret = SL_ENOMEM; break; }
        if (S_emit(o, cb, user, &ret)) break;
    }
    if (ret == SL_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) ret = S_fail(st, "query");
    sqlite3_finalize(s);
    return ret;
}

/* Runs `sql` (bound with up to two text parameters) and calls `row` per result row. */
static sl_status S_query(sl_store *st, const char *sql, const char *a, const char *b, S_row_fn row,
                         sl_json_cb cb, void *user)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return S_fail(st, "prepare");
    if (a) S_text(s, 1, a);
    if (b) S_text(s, 2, b);
    return S_step_rows(st, s, row, cb, user);
}

static const char *const S_article_cols[] = {
    "id", "seq", "path", "line", "source", "url", "title", "published", "published_inferred", "lang",
    "story", "duplicate_of", "added", "flags"};

static json_t *S_sub_array(sl_store *st, const char *sql, int64_t n);

static json_t *S_article_row(sl_store *st, sqlite3_stmt *s, bool full)
{
    json_t *o = json_object();
    if (!o) return NULL;
    for (size_t i = 0; i < SL_ARRAY_LEN(S_article_cols) - 1; i++) {
        json_t *v = S_jcol(s, (int)i);
        if (!strcmp(S_article_cols[i], "published_inferred")) { json_decref(v); v = json_boolean(sqlite3_column_int(s, (int)i)); }
        json_object_set_new(o, S_article_cols[i], v);
    }
    int64_t flags = sqlite3_column_int64(s, 13);
    json_t *fl = json_array();
    if (flags & SL_DOC_LOWERCASED) json_array_append_new(fl, json_string("lowercased"));
    if (flags & SL_DOC_NOPUNCT) json_array_append_new(fl, json_string("unpunctuated"));
    if (flags & SL_DOC_HTML) json_array_append_new(fl, json_string("html"));
    if (flags & SL_DOC_TRUNCATED) json_array_append_new(fl, json_string("truncated"));
    json_object_set_new(o, "flags", fl);
    if (full) {
        int64_t n = sqlite3_column_int64(s, 14);
        json_object_set_new(o, "text", S_jcol(s, 15));
        json_object_set_new(o, "sentences", S_sub_array(st,
            "SELECT start, \"end\" FROM sentences WHERE article = ?1 ORDER BY idx", n));
        json_object_set_new(o, "entities", S_sub_array(st,
            "SELECT substr(a.text, m.start + 1, m.\"end\" - m.start) AS text, m.type, e.name AS canonical,"
            " m.start, m.\"end\" FROM mentions m JOIN articles a ON a.n = m.article"
            " LEFT JOIN entities e ON e.id = m.entity WHERE m.article = ?1 ORDER BY m.start", n));
        json_object_set_new(o, "dates", S_sub_array(st,
            "SELECT value, granularity, start, \"end\" FROM dates WHERE article = ?1 ORDER BY start", n));
        json_object_set_new(o, "quotes", S_sub_array(st,
            "SELECT speaker, direct, start, \"end\" FROM quotes WHERE article = ?1 ORDER BY start", n));
        json_object_set_new(o, "events", S_sub_array(st,
            "SELECT code, source_name, source_code, target_name, target_code, location, date, confidence,"
            " start, \"end\" FROM events WHERE article = ?1 ORDER BY start", n));
    }
    return o;
}

/* Array of row objects (column names as keys) for a per-article query. Text offsets in
 * SQL substr() are characters, not bytes, so `text` above is recomputed in C. */
static json_t *S_sub_array(sl_store *st, const char *sql, int64_t n)
{
    json_t *a = json_array();
    sqlite3_stmt *s = NULL;
    if (!a || sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return a;
    sqlite3_bind_int64(s, 1, n);
    while (sqlite3_step(s) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < sqlite3_column_count(s); i++)
            json_object_set_new(o, sqlite3_column_name(s, i), S_jcol(s, i));
        json_array_append_new(a, o);
    }
    sqlite3_finalize(s);
    return a;
}

static json_t *S_article_brief(sl_store *st, sqlite3_stmt *s) { return S_article_row(st, s, false); }

static json_t *S_article_full(sl_store *st, sqlite3_stmt *s)
{
    json_t *o = S_article_row(st, s, true);
    /* mention text by byte offsets (SQL substr counts characters) */
    json_t *text = json_object_get(o, "text");
    json_t *ents = json_object_get(o, "entities");
    const char *t = json_string_value(text);
    size_t tl = json_string_length(text), i;
    json_t *e;
    json_array_foreach(ents, i, e) {
        json_int_t a = json_integer_value(json_object_get(e, "start"));
        json_int_t b = json_integer_value(json_object_get(e, "end"));
        if (t && a >= 0 && b > a && (size_t)b <= tl)
            json_object_set_new(e, "text", json_stringn(t + a, (size_t)(b - a)));
    }
    return o;
}

sl_status sl_store_articles_json(sl_store *st, bool full, sl_json_cb cb, void *user)
{
    const char *sql = full
        ? "SELECT id, seq, path, line, source, url, title, published, published_inferred, lang, story,"
          " duplicate_of, added, flags, n, text FROM articles ORDER BY seq"
        : "SELECT id, seq, path, line, source, url, title, published, published_inferred, lang, story,"
          " duplicate_of, added, flags FROM articles ORDER BY seq";
    return S_query(st, sql, NULL, NULL, full ? S_article_full : S_article_brief, cb, user);
}

static json_t *S_id_list(sl_store *st, const char *sql, const char *id)
{
    json_t *a = json_array();
    sqlite3_stmt *s = NULL;
    if (!a || sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return a;
    S_text(s, 1, id);
    while (sqlite3_step(s) == SQLITE_ROW) json_array_append_new(a, json_string(S_col(s, 0)));
    sqlite3_finalize(s);
    return a;
}

static json_t *S_story_row(sl_store *st, sqlite3_stmt *s)
{
    json_t *o = json_object();
    const char *id = S_col(s, 0);
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "title", S_jcol(s, 1));
    json_object_set_new(o, "articles", S_id_list(st, "SELECT id FROM articles WHERE story = ?1 ORDER BY seq", id));
    json_object_set_new(o, "first", S_jcol(s, 2));
    json_object_set_new(o, "last", S_jcol(s, 3));
    json_t *ents = S_jparse(s, 4), *names = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e) {
        /* one name once, even when it is two entities (China LOC and China ORG) */
        json_t *name = json_object_get(e, "name"), *seen;
        size_t k;
        bool dup = false;
        json_array_foreach(names, k, seen) dup = dup || json_equal(seen, name);
        if (!dup) json_array_append(names, name);
    }
    json_decref(ents);
    json_object_set_new(o, "entities", names);
    json_object_set_new(o, "merged_from", S_id_list(st, "SELECT id FROM stories WHERE merged_into = ?1 ORDER BY number", id));
    return o;
}

sl_status sl_store_stories_json(sl_store *st, sl_json_cb cb, void *user)
{
    return S_query(st, "SELECT id, title, first, last, entities FROM stories WHERE merged_into IS NULL ORDER BY number",
                   NULL, NULL, S_story_row, cb, user);
}

/* The filters of a story page, as SQL over the cached story rows. `since`/`until` compare
 * as date prefixes (2017 matches 2017-11-10), as the API documents; `text` is an ASCII
 * case-insensitive substring of the title or of an entity name; `entity` an entity name. */
#define S_STORY_FILTER \
    " FROM stories WHERE merged_into IS NULL" \
    " AND (?1 IS NULL OR substr(coalesce(last, ''), 1, length(?1)) >= ?1 AND coalesce(last, '') <> '')" \
    " AND (?2 IS NULL OR substr(coalesce(first, ''), 1, length(?2)) <= ?2 AND coalesce(first, '') <> '')" \
    " AND (?3 IS NULL OR instr(lower(coalesce(title, '')), lower(?3)) > 0 OR EXISTS (SELECT 1 FROM" \
    "  json_each(CASE WHEN json_valid(entities) THEN entities ELSE '[]' END) j" \
    "  WHERE instr(lower(coalesce(json_extract(j.value, '$.name'), '')), lower(?3)) > 0))" \
    " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM" \
    "  json_each(CASE WHEN json_valid(entities) THEN entities ELSE '[]' END) j" \
    "  WHERE lower(json_extract(j.value, '$.name')) = lower(?4)))"

/* An optional filter: NULL and "" both bind SQL NULL (no filter). */
static void S_bind_opt(sqlite3_stmt *s, int i, const char *v) { S_text(s, i, v && v[0] ? v : NULL); }

/* Number of rows of a one-value query bound like the page query. */
static sl_status S_count(sl_store *st, const char *sql, const char *const *args, int nargs, size_t *total)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return S_fail(st, "prepare");
    for (int i = 0; i < nargs; i++) S_bind_opt(s, i + 1, args[i]);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *total = (size_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? SL_OK : S_fail(st, "count");
}

sl_status sl_store_stories_page(sl_store *st, const sl_story_query *q, sl_json_cb cb, void *user, size_t *total)
{
    const char *args[4] = {q->since, q->until, q->text, q->entity};
    sl_status ret = S_count(st, "SELECT count(*)" S_STORY_FILTER, args, 4, total);
    if (ret != SL_OK) return ret;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, title, first, last, entities" S_STORY_FILTER
                           " ORDER BY coalesce(last, '') DESC, id LIMIT ?5 OFFSET ?6",
                           -1, &s, NULL) != SQLITE_OK)
        return S_fail(st, "prepare");
    for (int i = 0; i < 4; i++) S_bind_opt(s, i + 1, args[i]);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)(q->limit > INT64_MAX ? INT64_MAX : q->limit));
    sqlite3_bind_int64(s, 6, (sqlite3_int64)(q->offset > INT64_MAX ? INT64_MAX : q->offset));
    return S_step_rows(st, s, S_story_row, cb, user);
}

/* One result row as an object keyed by column name. Columns named source_X / target_X
 * become nested actor objects; `_text` is not output but used with start/end (and
 * cue_start/cue_end) to cut `text` (and `cue`) out of the article by byte offsets — SQL
 * substr() counts characters, not bytes. */
/* CAMEO labels come from the events module (as in model/json.c). */
const char *sl_cameo_label(const char *code);

static json_t *S_row_obj(sqlite3_stmt *s)
{
    json_t *o = json_object();
    if (!o) return NULL;
    int64_t start = -1, end = -1, cs = -1, ce = -1;
    const char *text = NULL;
    size_t tl = 0;
    for (int i = 0; i < sqlite3_column_count(s); i++) {
        const char *name = sqlite3_column_name(s, i);
        if (!strcmp(name, "_text")) {
            text = S_col(s, i);
            tl = (size_t)sqlite3_column_bytes(s, i);
            continue;
        }
        if (!strcmp(name, "cue_start")) { cs = sqlite3_column_int64(s, i); continue; }
        if (!strcmp(name, "cue_end")) { ce = sqlite3_column_int64(s, i); continue; }
        if (!strcmp(name, "direct")) { json_object_set_new(o, name, json_boolean(sqlite3_column_int(s, i))); continue; }
        if (!strcmp(name, "start")) start = sqlite3_column_int64(s, i);
        if (!strcmp(name, "end")) end = sqlite3_column_int64(s, i);
        if (!strncmp(name, "source_", 7) || !strncmp(name, "target_", 7)) {
            const char *k = name[0] == 's' ? "source" : "target";
            json_t *actor = json_object_get(o, k);
            if (!actor) { actor = json_object(); json_object_set_new(o, k, actor); }
            json_object_set_new(actor, name + 7, S_jcol(s, i));
            continue;
        }
        json_object_set_new(o, name, S_jcol(s, i));
    }
    if (text && start >= 0 && end > start && (size_t)end <= tl)
        json_object_set_new(o, "text", json_stringn(text + start, (size_t)(end - start)));
    json_t *code = json_object_get(o, "code");
    if (json_is_string(code)) {
        const char *label = sl_cameo_label(json_string_value(code));
        json_object_set_new(o, "label", label ? json_string(label) : json_null());
    }
    if (text && cs >= 0 && ce > cs && (size_t)ce <= tl)
        json_object_set_new(o, "cue", json_stringn(text + cs, (size_t)(ce - cs)));
    else if (cs >= 0)
        json_object_set_new(o, "cue", json_null());
    return o;
}

/* Rows of a per-story query (one parameter: the story id) as an array. */
static json_t *S_story_rows(sl_store *st, const char *sql, const char *id)
{
    json_t *a = json_array();
    sqlite3_stmt *s = NULL;
    if (!a || sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return a;
    S_text(s, 1, id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        json_t *o = S_row_obj(s);
        if (o) json_array_append_new(a, o);
    }
    sqlite3_finalize(s);
    return a;
}

#define S_QUOTE_COLS \
    "a.id AS article, a.story AS story, q.speaker AS speaker, q.direct AS direct, q.start AS start," \
    " q.\"end\" AS \"end\", q.cue_start AS cue_start, q.cue_end AS cue_end, a.text AS _text"
#define S_EVENT_COLS \
    "a.id AS article, a.story AS story, e.code AS code, e.source_name AS source_name," \
    " e.source_code AS source_code, e.target_name AS target_name, e.target_code AS target_code," \
    " e.location AS location, coalesce(e.date, substr(a.published, 1, 10)) AS date," \
    " e.confidence AS confidence, a.url AS url, a.path AS path, e.start AS start, e.\"end\" AS \"end\"," \
    " a.text AS _text"

sl_status sl_store_story_json(sl_store *st, const char *id, const char *summary_json, char **json)
{
    *json = NULL;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT id, title, first, last, summary, entities, timeline FROM stories WHERE id = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return S_fail(st, "prepare");
    S_text(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? SL_ENOTFOUND : S_fail(st, "story");
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", S_jcol(s, 0));
    json_object_set_new(o, "title", S_jcol(s, 1));
    json_object_set_new(o, "first", S_jcol(s, 2));
    json_object_set_new(o, "last", S_jcol(s, 3));
    json_t *sum = summary_json ? json_loads(summary_json, 0, NULL) : S_jparse(s, 4);
    json_object_set_new(o, "summary", sum ? sum : json_array());
    json_object_set_new(o, "entities", S_jparse(s, 5));
    json_t *timeline = S_jparse(s, 6);
    sqlite3_finalize(s);
    json_object_set_new(o, "articles", S_story_rows(st,
        "SELECT id, title, source, published, path, url, duplicate_of FROM articles WHERE story = ?1 ORDER BY seq", id));
    json_object_set_new(o, "quotes", S_story_rows(st,
        "SELECT " S_QUOTE_COLS " FROM quotes q JOIN articles a ON a.n = q.article WHERE a.story = ?1"
        " ORDER BY a.seq, q.start", id));
    json_object_set_new(o, "events", S_story_rows(st,
        "SELECT " S_EVENT_COLS " FROM events e JOIN articles a ON a.n = e.article WHERE a.story = ?1"
        " ORDER BY a.seq, e.start", id));
    json_object_set_new(o, "timeline", timeline);
    json_object_set_new(o, "disagreements", json_array());
    json_object_set_new(o, "merged_from", S_id_list(st, "SELECT id FROM stories WHERE merged_into = ?1 ORDER BY number", id));
    *json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *json ? SL_OK : SL_ENOMEM;
}

static json_t *S_entity_row(sl_store *st, sqlite3_stmt *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", S_jcol(s, 0));
    json_object_set_new(o, "name", S_jcol(s, 1));
    json_object_set_new(o, "type", S_jcol(s, 2));
    json_object_set_new(o, "aliases", S_jparse(s, 3));
    json_object_set_new(o, "mentions", S_jcol(s, 4));
    json_object_set_new(o, "stories", S_jcol(s, 5));
    return o;
}

sl_status sl_store_entities_json(sl_store *st, sl_json_cb cb, void *user)
{
    return S_query(st,
                   "SELECT e.id, e.name, e.type, e.aliases, e.mentions,"
                   " (SELECT count(DISTINCT a.story) FROM mentions m JOIN articles a INDEXED BY articles_story_of"
                   "  ON a.n = m.article WHERE m.entity = e.id) FROM entities e ORDER BY e.mentions DESC, e.name",
                   NULL, NULL, S_entity_row, cb, user);
}

/* The filters of an entity page: `text` an ASCII case-insensitive substring of the name or
 * of an alias, `type` the entity type (PER, ORG, LOC...), case-insensitive. */
#define S_ENTITY_FILTER \
    " FROM entities e WHERE (?2 IS NULL OR lower(e.type) = lower(?2))" \
    " AND (?1 IS NULL OR instr(lower(e.name), lower(?1)) > 0 OR EXISTS (SELECT 1 FROM" \
    "  json_each(CASE WHEN json_valid(e.aliases) THEN e.aliases ELSE '[]' END) j" \
    "  WHERE instr(lower(j.value), lower(?1)) > 0))"

sl_status sl_store_entities_page(sl_store *st, const char *text, const char *type, size_t limit, sl_json_cb cb,
                                 void *user, size_t *total)
{
    const char *args[2] = {text, type};
    sl_status ret = S_count(st, "SELECT count(*)" S_ENTITY_FILTER, args, 2, total);
    if (ret != SL_OK) return ret;
    /* the story count is computed for the page's rows only: it walks every mention */
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT e.id, e.name, e.type, e.aliases, e.mentions,"
                           " (SELECT count(DISTINCT a.story) FROM mentions m JOIN articles a INDEXED BY articles_story_of"
                           "  ON a.n = m.article WHERE m.entity = e.id) FROM (SELECT *" S_ENTITY_FILTER
                           " ORDER BY e.mentions DESC, e.name LIMIT ?3) e ORDER BY e.mentions DESC, e.name",
                           -1, &s, NULL) != SQLITE_OK)
        return S_fail(st, "prepare");
    for (int i = 0; i < 2; i++) S_bind_opt(s, i + 1, args[i]);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)(limit > INT64_MAX ? INT64_MAX : limit));
    return S_step_rows(st, s, S_entity_row, cb, user);
}

/* Rows of S_row_obj shape, one callback each; parameters ?1 and ?2 may be NULL. */
static sl_status S_emit_rows(sl_store *st, const char *sql, const char *a, const char *b, sl_json_cb cb, void *user)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) return S_fail(st, "prepare");
    S_text(q, 1, a);
    S_text(q, 2, b);
    sl_status ret = SL_OK;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *o = S_row_obj(q);
        if (!o) { ret = SL_ENOMEM; break; }
        if (S_emit(o, cb, user, &ret)) break;
    }
    if (ret == SL_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) ret = S_fail(st, "query");
    sqlite3_finalize(q);
    return ret;
}

sl_status sl_store_quotes_json(sl_store *st, const char *story, const char *speaker, sl_json_cb cb, void *user)
{
    return S_emit_rows(st,
                       "SELECT " S_QUOTE_COLS " FROM quotes q JOIN articles a ON a.n = q.article"
                       " WHERE (?1 IS NULL OR a.story = ?1)"
                       " AND (?2 IS NULL OR instr(lower(coalesce(q.speaker, '')), lower(?2)) > 0)"
                       " ORDER BY a.seq, q.start",
                       story, speaker, cb, user);
}

sl_status sl_store_events_json(sl_store *st, const char *story, sl_json_cb cb, void *user)
{
    return S_emit_rows(st,
                       "SELECT " S_EVENT_COLS " FROM events e JOIN articles a ON a.n = e.article"
                       " WHERE (?1 IS NULL OR a.story = ?1) AND ?2 IS NULL ORDER BY a.seq, e.start",
                       story, NULL, cb, user);
}
