/*
 * doc.h — the document every per-article stage reads and writes.
 *
 * A document starts as raw bytes plus metadata (sl_input) and each stage adds one layer:
 *   clean     raw -> text (boilerplate removed; datelines kept as metadata)
 *   normalize text in NFC, quotes/dashes/whitespace unified
 *   repair    case and sentence boundaries restored for degraded text (flags say so)
 *   segment   sentences and tokens
 *   extract   mentions + entities, dates, quotes, events
 *   signature terms and a SimHash for story assignment and near-duplicates
 *
 * Every annotation is a span of byte offsets into `text` (the normalized text), so every
 * fact can be traced back to its article. All memory lives in the document's arena.
 * Store, story and summary code depend on these types, never on the algorithms.
 */
#ifndef SL_MODEL_DOC_H
#define SL_MODEL_DOC_H

#include "core/core.h"

typedef struct sl_span {
    uint32_t start, end; /* byte offsets into sl_doc.text, end exclusive */
} sl_span;

/* Token kinds, set by the segmenter. */
typedef enum sl_tok_kind {
    SL_TOK_WORD = 0, /* letters, digits, inner apostrophes/hyphens/periods ("U.S.", "Jae-in") */
    SL_TOK_NUM,      /* starts with a digit */
    SL_TOK_PUNCT,    /* one punctuation mark */
    SL_TOK_SYM
} sl_tok_kind;

typedef struct sl_token {
    sl_span span;
    uint32_t sent;     /* index of its sentence */
    uint8_t kind;      /* sl_tok_kind */
    uint8_t cap;       /* 1 when the first letter is upper case in `text` */
    uint8_t ent;       /* NER tag: 0 = O; see SL_ENT_* + BILOU in extract/ner.h */
    uint8_t pad;
} sl_token;

typedef struct sl_sentence {
    sl_span span;
    uint32_t tok_first, tok_end; /* token index range [first, end) */
    uint32_t para;               /* paragraph number */
} sl_sentence;

typedef enum sl_ent_type { SL_PER = 0, SL_ORG, SL_LOC, SL_MISC, SL_ENT_NTYPES } sl_ent_type;
const char *sl_ent_type_name(sl_ent_type t); /* "PER", "ORG", "LOC", "MISC" */

/* One occurrence of a name in the text. */
typedef struct sl_mention {
    sl_span span;
    uint32_t sent;
    uint8_t type;     /* sl_ent_type */
    int32_t entity;   /* index into sl_doc.entities (alias merging), -1 before merging */
} sl_mention;

/* A name as merged within the article (Trump = Donald Trump = President Trump). */
typedef struct sl_entity {
    char *name;        /* canonical (longest, properly cased) form */
    uint8_t type;
    char **aliases;    /* every distinct surface form, canonical included */
    uint32_t naliases;
    uint32_t mentions; /* count */
    uint32_t first;    /* index of its first mention */
} sl_entity;

typedef enum sl_gran { SL_GRAN_DAY = 0, SL_GRAN_MONTH, SL_GRAN_YEAR, SL_GRAN_RANGE } sl_gran;

typedef struct sl_date {
    sl_span span;
    char value[24];    /* ISO date "2017-11-10", "2017-11", "2017", or "2017-11-06/2017-11-12" */
    uint8_t gran;      /* sl_gran */
    uint8_t relative;  /* resolved against the anchor */
} sl_date;

typedef struct sl_quote {
    sl_span span;        /* the quoted content */
    sl_span cue;         /* "said", "told reporters" */
    sl_span speaker;     /* the speaker's words in the text; {0,0} if unresolved */
    int32_t entity;      /* speaker entity index, -1 if none */
    uint8_t direct;      /* 1 = in quote marks */
} sl_quote;

typedef struct sl_actor {
    char *name;          /* as found ("Vladimir Putin", "United States") */
    char code[32];       /* CAMEO actor code ("RUSGOV", "USA") */
    int32_t entity;      /* -1 if not an entity of this doc */
} sl_actor;

typedef struct sl_event {
    sl_span span;        /* the sentence */
    char code[8];        /* CAMEO event code, e.g. "036" */
    sl_actor source, target;
    char *location;      /* NULL if none */
    char date[24];       /* ISO date if known, "" otherwise */
    float confidence;
} sl_event;

/* A weighted term for story assignment (stemmed word or entity key, hashed). */
typedef struct sl_term {
    uint64_t hash;
    float weight;
} sl_term;

/* Document flags. */
#define SL_DOC_LOWERCASED   1u  /* the input had no case; truecased by repair */
#define SL_DOC_NOPUNCT      2u  /* the input had no sentence punctuation; boundaries restored */
#define SL_DOC_HTML         4u  /* extracted from an HTML page */
#define SL_DOC_TRUNCATED    8u  /* started mid-word; the fragment was dropped */
#define SL_DOC_DATE_INFERRED 16u /* `published` was inferred from the text */

typedef struct sl_doc {
    sl_arena arena;

    /* metadata (arena strings, NULL when unknown) */
    char id[65];
    char *path, *source, *url, *title, *published, *lang, *dateline;
    char **authors;
    uint32_t nauthors;
    long line;
    uint32_t flags;

    /* raw input and text after clean + normalize (+ repair); text is NUL-terminated */
    const char *raw;
    size_t raw_len;
    char *text;
    size_t text_len;
    /* when repair rewrote `text`, `orig` is the text before it (same length, same offsets
     * when only case changed; see text/repair.c) */
    char *orig;

    SL_VEC(sl_sentence) sentences;
    SL_VEC(sl_token) tokens;
    SL_VEC(sl_mention) mentions;
    SL_VEC(sl_entity) entities;
    SL_VEC(sl_date) dates;
    SL_VEC(sl_quote) quotes;
    SL_VEC(sl_event) events;

    /* signature for story assignment: top terms by weight, sorted by hash */
    SL_VEC(sl_term) terms;
    uint64_t simhash;
    uint64_t content_hash;
} sl_doc;

sl_doc *sl_doc_new_empty(void);

/* Index of the first mention starting at or after byte `off` (mentions are kept in text
 * order, so the stages that look for mentions near a span binary-search instead of scanning). */
size_t sl_doc_mention_lb(const sl_doc *d, uint32_t off);

/* Token text helpers. */
static inline const char *sl_doc_tok(const sl_doc *d, size_t i, size_t *len)
{
    *len = d->tokens.v[i].span.end - d->tokens.v[i].span.start;
    return d->text + d->tokens.v[i].span.start;
}

#endif
