/*
 * storyline.h — the one public header of libstoryline.
 *
 * Storyline turns a stream of raw news articles into stories. The flow is one-way:
 *
 *   sl_reader (files, folders, stdin; text, HTML, JSON Lines)  -> sl_input records
 *   sl_doc_process (clean, normalize, repair, segment, extract) -> sl_doc
 *   sl_session_add (near-duplicate check, story assignment, store) -> rows in SQLite
 *   sl_session_* queries                                          -> JSON for people and machines
 *
 * Conventions: every fallible call returns sl_status (SL_OK is 0); results come through
 * out-parameters. `_new`/`_open` give owned objects released by the matching `_free`/`_close`.
 * Strings returned as `char **` are owned by the caller and released with sl_free().
 * `const char *` results are borrowed and live as long as the object they came from.
 * An sl_engine is immutable after creation and may be shared by threads; everything else
 * belongs to one thread at a time.
 */
#ifndef STORYLINE_H
#define STORYLINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SL_BUILDING)
#define SL_API __attribute__((visibility("default")))
#else
#define SL_API
#endif

#define SL_VERSION "0.1.0"

/* ---- status ------------------------------------------------------------------------- */

typedef enum sl_status {
    SL_OK = 0,
    SL_ENOMEM,   /* out of memory */
    SL_EINVAL,   /* invalid argument or option */
    SL_EIO,      /* file or stream could not be read or written */
    SL_EPARSE,   /* input is not in the expected format (bad JSON, bad UTF-8, binary) */
    SL_ELIMIT,   /* input exceeds a named limit (see SL_MAX_*) */
    SL_EDB,      /* the database refused an operation */
    SL_EMODEL,   /* a model or resource is missing, truncated, corrupted or of the wrong version */
    SL_ENOTFOUND,/* no such article, story or entity */
    SL_EEMPTY,   /* the input holds no usable text */
    SL_END       /* not an error: an iteration has no more items */
} sl_status;

/* Text for a status; never NULL, static storage. */
SL_API const char *sl_strerror(sl_status st);
/* Library version string, static storage. */
SL_API const char *sl_version(void);
/* Release memory returned by the library through `char **` out-parameters. */
SL_API void sl_free(void *p);

/* ---- limits (going past one is SL_ELIMIT for that article, never a crash) -------------- */

#define SL_MAX_ARTICLE_BYTES   (8u * 1024u * 1024u)   /* text of one article after extraction */
#define SL_MAX_INPUT_BYTES     (64u * 1024u * 1024u)  /* one raw file or JSON Lines record */
#define SL_MAX_SENTENCES       20000u
#define SL_MAX_TOKENS          400000u

/* ---- input ------------------------------------------------------------------------------ */

typedef enum sl_format {
    SL_FORMAT_AUTO = 0, /* guess from the name and the first bytes */
    SL_FORMAT_TEXT,     /* plain text; a first line followed by a blank line is the title */
    SL_FORMAT_HTML,     /* an HTML page (optionally gzip-compressed) */
    SL_FORMAT_JSONL     /* JSON Lines: {id,url,source,title,published,text} per line */
} sl_format;

/* Parses "auto", "text", "html", "jsonl"; SL_EINVAL for anything else. */
SL_API sl_status sl_format_parse(const char *name, sl_format *out);

/* One raw article as it arrives. All pointers are borrowed; NULL means "not given".
 * `data` need not be NUL-terminated. */
typedef struct sl_input {
    const char *id;        /* given id; NULL = content hash */
    const char *path;      /* the file it came from, if any */
    long line;             /* line in `path` for JSON Lines records, 0 otherwise */
    const char *source;    /* outlet */
    const char *url;
    const char *title;
    const char *published; /* ISO 8601 date or date-time */
    const char *data;      /* raw bytes: text or HTML */
    size_t len;
    sl_format format;      /* SL_FORMAT_TEXT or SL_FORMAT_HTML after a reader */
} sl_input;

/* A reader yields the articles under one path: a file, a folder (recursively, in name
 * order), or "-" for standard input. */
typedef struct sl_reader sl_reader;

/* Owned; release with sl_reader_close. Fails with SL_EIO when the path does not exist. */
SL_API sl_status sl_reader_open(const char *path, sl_format format, sl_reader **out);
/* Next article into *in (borrowed, valid until the next call). Returns SL_OK, SL_END when
 * done, or an error for one bad file or record: sl_reader_error() then names it (path and
 * line) and the next call moves on to the following record. */
SL_API sl_status sl_reader_next(sl_reader *r, sl_input *in);
/* The message for the last error, e.g. "feed.jsonl:7: not valid JSON"; borrowed. */
SL_API const char *sl_reader_error(const sl_reader *r);
SL_API void sl_reader_close(sl_reader *r);

/* ---- engine: immutable resources and models -------------------------------------------- */

typedef struct sl_engine sl_engine;

/* Loads the embedded resources and models (validated). Owned; release with sl_engine_free. */
SL_API sl_status sl_engine_new(sl_engine **out);
/* Flags for sl_engine_new_opts. */
#define SL_ENGINE_TEXT_ONLY 1u /* text stages only (clean, normalize, repair, segment, dates):
                                  no NER model or CAMEO dictionaries are loaded and
                                  sl_doc_process skips entities, quotes, events and the
                                  signature; the repair models are loaded (once, thread-safely)
                                  only when a degraded article needs them. Enough for
                                  sl_summarize, at a fraction of the start-up cost; text and
                                  sentences are the same as with a full engine */
/* sl_engine_new with options (0 = everything, as sl_engine_new). */
SL_API sl_status sl_engine_new_opts(unsigned flags, sl_engine **out);
SL_API void sl_engine_free(sl_engine *e);

/* ---- documents: one article through the per-article stages ----------------------------- */

typedef struct sl_doc sl_doc;

/* Runs clean -> normalize -> repair -> segment -> extract on one input. Owned result;
 * release with sl_doc_free. On error, `err` (if not NULL, size errlen) gets a message. */
SL_API sl_status sl_doc_process(const sl_engine *e, const sl_input *in, sl_doc **out,
                                char *err, size_t errlen);
SL_API void sl_doc_free(sl_doc *d);
/* Borrowed accessors. */
SL_API const char *sl_doc_id(const sl_doc *d);
SL_API const char *sl_doc_text(const sl_doc *d, size_t *len);

/* Flags for sl_doc_to_json. */
#define SL_JSON_TEXT   1u  /* include the normalized text */
#define SL_JSON_TOKENS 2u  /* include tokens */
/* One JSON object with id, title, sentences, entities, dates, quotes, events (and the
 * HTML metadata when the input was HTML). Owned string; release with sl_free. */
SL_API sl_status sl_doc_to_json(const sl_doc *d, unsigned flags, char **json);

/* One-shot multi-document summary of `n` processed documents, at most `words` words.
 * JSON object {"sentences":[{"text","article","start","end"}...]}. Owned; sl_free. */
SL_API sl_status sl_summarize(const sl_engine *e, sl_doc *const *docs, size_t n, int words,
                              char **json);

/* ---- session: a database plus story assignment ----------------------------------------- */

typedef struct sl_session sl_session;

/* Opens (creating or migrating) the SQLite database at `path`. Owned; sl_session_close.
 * The engine is borrowed and must outlive the session; it may be NULL (queries, recluster
 * and adding already processed documents need no models). */
SL_API sl_status sl_session_open(const char *path, const sl_engine *e, sl_session **out);
/* Commits pending work (story summaries are refreshed) and closes. */
SL_API void sl_session_close(sl_session *s);
/* Message for the last error of this session; borrowed. */
SL_API const char *sl_session_error(const sl_session *s);

typedef enum sl_add_outcome {
    SL_ADDED = 0,    /* stored and assigned to a story */
    SL_PRESENT,      /* the same article (id or content) is already stored: skipped */
} sl_add_outcome;

typedef struct sl_add_result {
    sl_add_outcome outcome;
    char article_id[65];
    char story_id[65];
    char duplicate_of[65];  /* near-duplicate original, "" if none */
} sl_add_result;

/* Stores one processed document: near-duplicate check, story assignment, rows. Each
 * article is its own savepoint: a failure leaves what was stored before intact. */
SL_API sl_status sl_session_add(sl_session *s, const sl_doc *d, sl_add_result *res);
/* Refreshes cached summaries of the stories touched since the last flush and commits.
 * Called by sl_session_close; call it to make a long batch visible to readers. */
SL_API sl_status sl_session_flush(sl_session *s);

/* Receives one JSON object per call; return non-zero to stop early. */
typedef int (*sl_json_cb)(const char *json, void *user);

/* Every article: {id,path,source,url,title,published,story,duplicate_of,...}. */
SL_API sl_status sl_session_articles(sl_session *s, sl_json_cb cb, void *user);
/* Every story: {id,title,articles:[ids],first,last,entities:[names],merged_from:[...]}. */
SL_API sl_status sl_session_stories(sl_session *s, sl_json_cb cb, void *user);
/* One story in full: {id,title,first,last,summary:[{text,article,start,end}],entities,
 * articles,quotes,events,timeline,disagreements}. `words` bounds the summary (<=0 default
 * 100). SL_ENOTFOUND for an unknown id (a unique prefix is accepted). Owned; sl_free. */
SL_API sl_status sl_session_story(sl_session *s, const char *id, int words, char **json);
/* Every entity merged across the corpus: {id,name,type,aliases,mentions,stories}. */
SL_API sl_status sl_session_entities(sl_session *s, sl_json_cb cb, void *user);
/* One page of stories, most recent first (`last` descending, then id), in the shape of
 * sl_session_stories; any filter may be NULL or "". `since`/`until` are date prefixes
 * (YYYY, YYYY-MM or YYYY-MM-DD) that the story's last / first date must reach; `text` is a
 * case-insensitive (ASCII) substring of the title or of an entity name; `entity` an entity
 * name. *total receives the number of matching stories. Cost: the page, not the corpus
 * (an index serves the order). */
typedef struct sl_story_query {
    const char *since, *until, *text, *entity;
    size_t offset, limit;
} sl_story_query;
SL_API sl_status sl_session_stories_page(sl_session *s, const sl_story_query *q, sl_json_cb cb, void *user,
                                         size_t *total);
/* The `limit` most mentioned entities matching `text` (substring of the name or an alias)
 * and `type` (PER, ORG, LOC, MISC; either may be NULL), in the shape of sl_session_entities. */
SL_API sl_status sl_session_entities_page(sl_session *s, const char *text, const char *type, size_t limit,
                                          sl_json_cb cb, void *user, size_t *total);
/* Every quote: {article,story,speaker,text,cue,direct,start,end}. `story` (id or unique
 * prefix) and `speaker` (case-insensitive substring of the speaker's name) may be NULL. */
SL_API sl_status sl_session_quotes(sl_session *s, const char *story, const char *speaker,
                                   sl_json_cb cb, void *user);
/* Every CAMEO event: {article,story,code,label,source:{name,code},target:{name,code},
 * location,date,confidence,url,path,text,start,end}; `story` may be NULL. */
SL_API sl_status sl_session_events(sl_session *s, const char *story, sl_json_cb cb, void *user);
/* Every article in full (the sl_session_articles fields plus text, sentences, entities,
 * dates, quotes, events), in arrival order: the `export` contract. */
SL_API sl_status sl_session_export(sl_session *s, sl_json_cb cb, void *user);
/* Rebuilds every story from the stored articles in arrival order (deterministic); on
 * failure the database is left as it was. */
SL_API sl_status sl_session_recluster(sl_session *s);

#ifdef __cplusplus
}
#endif
#endif /* STORYLINE_H */
