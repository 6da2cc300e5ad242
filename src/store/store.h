/*
 * store.h — the persistence layer: everything Storyline keeps between runs goes through
 * these calls and nothing else (session.c is the only caller).
 *
 * The interface is deliberately narrow and speaks in model terms (documents, article and
 * story ids, JSON for queries), never in SQL, so that a PostgreSQL backend can implement
 * the same calls later (see docs/STORE.md). The one backend today is SQLite (sqlite.c):
 * WAL journal, foreign keys, FTS5 over title + text, schema version in PRAGMA user_version
 * with forward-only migrations.
 *
 * Transactions: the session opens one transaction per batch (sl_store_begin), wraps each
 * article in a savepoint (sl_store_savepoint / _release / _rollback) so a failing article
 * leaves the rest intact, and commits at flush (sl_store_commit).
 */
#ifndef SL_STORE_H
#define SL_STORE_H

#include "model/doc.h"

/* Named limits of the store. */
#define SL_STORE_MAX_SUMMARY_MEMBERS 200u /* most recent members read to summarize a story */
#define SL_STORE_TOP_ENTITIES        10u  /* entities cached per story */
#define SL_STORE_MAX_ALIASES         64u  /* aliases kept per corpus entity */

typedef struct sl_store sl_store;

/* Opens or creates the database, migrating it to the current schema. Owned; sl_store_close.
 * On failure `err` says why. */
sl_status sl_store_open(const char *path, sl_store **out, char *err, size_t errlen);
void sl_store_close(sl_store *st);
/* Message for the last failed call; borrowed. */
const char *sl_store_error(const sl_store *st);
/* The corpus-level alias rule: whether two canonical names of type t are one entity
 * (extract's sl_alias_same). Without one, only case-folded exact names merge. */
typedef bool (*sl_alias_rule)(const char *a, const char *b, sl_ent_type t);
void sl_store_set_alias_rule(sl_store *st, sl_alias_rule same);
/* Schema version of an open store. */
int sl_store_schema_version(const sl_store *st);

/* Transactions. begin is a no-op when one is already open. */
sl_status sl_store_begin(sl_store *st);
sl_status sl_store_commit(sl_store *st);
bool sl_store_in_transaction(const sl_store *st);
/* Rolls the whole open transaction back (a failed batch operation). */
sl_status sl_store_abort(sl_store *st);
sl_status sl_store_savepoint(sl_store *st);
sl_status sl_store_release(sl_store *st);
sl_status sl_store_rollback(sl_store *st); /* to the savepoint, then releases it */

/* SL_OK and found_id set when an article with this id or this content hash is stored;
 * SL_ENOTFOUND otherwise. */
sl_status sl_store_find_article(sl_store *st, const char *id, uint64_t content_hash,
                                char found_id[65]);
/* Highest arrival number stored, -1 for an empty store. */
sl_status sl_store_max_seq(sl_store *st, int64_t *seq);
/* Article id for an arrival number; SL_ENOTFOUND if none. */
sl_status sl_store_article_by_seq(sl_store *st, int64_t seq, char id[65]);

/* Writes one processed article with all its annotations (sentences, mentions merged into
 * corpus entities, dates, quotes, events, signature, full-text index). */
sl_status sl_store_put_article(sl_store *st, const sl_doc *d, int64_t seq, const char *story,
                               const char *duplicate_of);
/* Re-points an existing article (recluster). */
sl_status sl_store_set_article_story(sl_store *st, int64_t seq, const char *story,
                                     const char *duplicate_of);

/* The story id for a clusterer story number; SL_ENOTFOUND when none yet. */
sl_status sl_store_story_by_number(sl_store *st, int64_t number, char id[65]);
/* Creates story `id` with `number` (marked dirty). */
sl_status sl_store_story_create(sl_store *st, int64_t number, const char *id);
/* Marks a story as needing its cached summary refreshed. */
sl_status sl_store_story_dirty(sl_store *st, const char *id);
/* Moves the members of `from` into `into`, records the merge, marks `into` dirty. */
sl_status sl_store_story_merge(sl_store *st, const char *from, const char *into);
/* Next dirty story (any order); SL_END when none is left. */
sl_status sl_store_next_dirty(sl_store *st, char id[65]);
/* Stores a story's refreshed cache: title, summary and timeline JSON (arrays), and
 * recomputes count, first/last dates and top entities from its members; clears the dirty
 * flag. */
sl_status sl_store_story_refresh(sl_store *st, const char *id, const char *title,
                                 const char *summary_json, const char *timeline_json);
/* Forgets every story and merge (articles keep their rows, story set to NULL). */
sl_status sl_store_reset_stories(sl_store *st);
/* Resolves a story id or unique prefix to the full id (following merges). */
sl_status sl_store_story_resolve(sl_store *st, const char *prefix, char id[65]);

/* A story member as stored, enough to summarize it. */
typedef struct sl_store_member {
    char id[65];
    char *title, *published, *text; /* malloc'd; title/published may be NULL */
    size_t text_len;
    sl_span *sents;                 /* malloc'd */
    size_t nsents;
    sl_date *dates;                 /* malloc'd: resolved dates with spans */
    size_t ndates;
    bool near_dup;
} sl_store_member;
/* The most recent members of a story (at most SL_STORE_MAX_SUMMARY_MEMBERS), in arrival
 * order. *members is malloc'd; release with sl_store_members_free. */
sl_status sl_store_members(sl_store *st, const char *story, sl_store_member **members,
                           size_t *n);
void sl_store_members_free(sl_store_member *m, size_t n);

/* One article's signature, for reclustering in arrival order. */
typedef struct sl_store_sig {
    int64_t seq;
    char id[65];
    sl_term *terms; /* malloc'd by the store, freed after the callback */
    size_t nterms;
    uint64_t simhash;
    char published[32];
} sl_store_sig;
typedef int (*sl_store_sig_cb)(const sl_store_sig *sig, void *user);
sl_status sl_store_signatures(sl_store *st, sl_store_sig_cb cb, void *user);
/* The same for the articles whose arrival number is greater than `after` (state replay). */
sl_status sl_store_signatures_after(sl_store *st, int64_t after, sl_store_sig_cb cb, void *user);

/* Named blobs (the clusterer state). get: SL_ENOTFOUND when absent; *data malloc'd. */
sl_status sl_store_blob_get(sl_store *st, const char *key, char **data, size_t *len);
sl_status sl_store_blob_put(sl_store *st, const char *key, const char *data, size_t len);

/* Queries: one JSON object per callback (see include/storyline.h for the shapes). */
sl_status sl_store_articles_json(sl_store *st, bool full, sl_json_cb cb, void *user);
sl_status sl_store_stories_json(sl_store *st, sl_json_cb cb, void *user);
/* One story in full. When summary_json is not NULL it replaces the cached summary. */
sl_status sl_store_story_json(sl_store *st, const char *id, const char *summary_json,
                              char **json);
sl_status sl_store_entities_json(sl_store *st, sl_json_cb cb, void *user);
/* Pages for the API: a story query (include/storyline.h) and entities filtered by text and
 * type (either may be NULL), most mentioned first; *total is the number of matches. */
sl_status sl_store_stories_page(sl_store *st, const sl_story_query *q, sl_json_cb cb, void *user, size_t *total);
sl_status sl_store_entities_page(sl_store *st, const char *text, const char *type, size_t limit, sl_json_cb cb,
                                 void *user, size_t *total);
/* story / speaker may be NULL (no filter); speaker matches case-insensitively as a substring. */
sl_status sl_store_quotes_json(sl_store *st, const char *story, const char *speaker,
                               sl_json_cb cb, void *user);
sl_status sl_store_events_json(sl_store *st, const char *story, sl_json_cb cb, void *user);

#endif
