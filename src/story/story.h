/*
 * story.h — online story assignment and near-duplicate detection.
 *
 * The clusterer sees each article's signature once, in arrival order, and answers which
 * story it joins (or that it starts one). Candidates come from an inverted index over
 * terms and entity keys, so the cost per article does not grow with the number of stories.
 * Its state is kept in memory and persisted by the store (sl_clusterer_save / _load).
 */
#ifndef SL_STORY_H
#define SL_STORY_H

#include "model/doc.h"

typedef struct sl_clusterer sl_clusterer;

/* Term classes: the signature tags each term hash in its low 3 bits, so the clusterer can
 * compare the parts of two articles separately (body words, headline words, names, places)
 * while every term still lives in one index. */
#define SL_TC_WORD  0u  /* stemmed content word (body and title) */
#define SL_TC_TITLE 1u  /* stemmed headline word (a second key next to its SL_TC_WORD one) */
#define SL_TC_NAME  2u  /* two capitalized words in a row: a name without NER */
#define SL_TC_ENT   3u  /* entity key of a person, organisation or other name (d->entities) */
#define SL_TC_LOC   4u  /* entity key of a place */
#define SL_TC_COUNT 5u
/* Not a similarity term: a person the article is mainly about (see signature.c), weight =
 * mentions. The clusterer keeps these out of every cosine and compares who a story is about. */
#define SL_TC_PRIN  5u
#define SL_TERM_CLASS(h) ((unsigned)((h) & 7u))
#define SL_TERM_TAG(h, cls) (((uint64_t)(h) & ~(uint64_t)7u) | (uint64_t)(cls))

typedef struct sl_story_sig {
    const sl_term *terms;  /* sorted by hash */
    size_t nterms;
    uint64_t simhash;
    int64_t day;           /* days since 1970-01-01 of publication, or INT64_MIN if unknown */
} sl_story_sig;

typedef struct sl_assign {
    int64_t story;         /* story number (0-based, dense, in creation order) */
    bool created;          /* a new story was started */
    int64_t near_dup_of;   /* article number of a near-duplicate original, -1 if none */
    double score;          /* similarity to the chosen story */
} sl_assign;

/* Tunable weights and thresholds (defaults from sl_cluster_params_default, documented with
 * the figures they give in docs/CLUSTERING.md). Saved with the state. */
typedef struct sl_cluster_params {
    double join;          /* an article joins its best story when the score reaches this */
    double merge;         /* two stories merge when their centroids' cosine reaches this */
    double tau_days;      /* time decay: score / (1 + ln(1 + gap / tau_days)) ... */
    double time_floor;    /* ... but never below this factor, so a strong follow-up months
                             later still joins its story */
    double max_gap_days;  /* stories further apart in time than this are not candidates */
    uint32_t merge_every; /* articles between merge passes (0 = never merge) */
    uint32_t neardup_bits;/* SimHash Hamming distance counted as a near-duplicate (<= 3) */
    double prior_docs;    /* IDF smoothing: pseudo-articles that had none of the terms, so the
                             first articles do not see every shared word as common */
    uint32_t scorer;      /* SL_SCORER_COSINE (default): join when the time-scaled cosine reaches
                             `join`; SL_SCORER_MODEL: join when the learned model's probability
                             that article and story are one reaches its threshold */
    double bg_weight;     /* weight of the background document frequencies (models/story-df.bin,
                             built by tools/build_df.c) added to the online ones: idf =
                             log((N + w Nbg + prior + 1) / (df + w dfbg + 0.5)); 0 = online only */
    uint32_t dyad;        /* 1 (default): an article or story whose principal persons conflict
                             with a story's (SL_TC_PRIN terms; one shared person, another on each
                             side, the newcomer's never named by the story) does not join or merge
                             with it; 0 = off */
    uint32_t merge_decay; /* 1: the merge pass scales centroid cosines by the time factor too;
                             0 (default): merges see only the max_gap window */
    double title_weight;  /* headline agreement: the cosine of an article with a body (not a
                             headline-only text) and a story is multiplied by 1 + title_weight x
                             their headline cosine (headline keys, SL_TC_TITLE), and so is the
                             centroid cosine of a merge between two such stories; it confirms
                             what the bodies share and cannot link bodies that share nothing.
                             Default 1; 0 = off (the behaviour until 2026-12-06) */
    uint32_t short_shared;/* a headline-like text (fewer than 20 content words) joins a story only
                             when it shares at least this many content words (SL_TC_WORD terms)
                             with the story's centroid, whatever the cosine; default 2, 0 or 1 =
                             no such rule (the behaviour until 2026-12-06) */
    double merge_rest;    /* two stories of 3 members or more merge only when their centroid
                             cosine without its largest single term's share still reaches this
                             (a merge must not rest on one word); default 0.08, 0 = off */
} sl_cluster_params;

#define SL_SCORER_COSINE 0u
#define SL_SCORER_MODEL  1u

void sl_cluster_params_default(sl_cluster_params *p);

/* The learned scorer: one logistic model per text kind (SL_CL_KIND_LONG articles,
 * SL_CL_KIND_SHORT headline-like texts), over SL_CL_NFEAT features of an (article, story)
 * pair, with the probability at which an article joins its best story. The default model is
 * the embedded resources/story-model.tsv (trained by `storyline eval clusters --fit`, see
 * docs/CLUSTERING.md); a clusterer saves the model it uses with its state. */
#define SL_CL_NFEAT 15u
#define SL_CL_KIND_LONG  0u
#define SL_CL_KIND_SHORT 1u
typedef struct sl_cluster_model {
    double w[2][SL_CL_NFEAT];
    double threshold[2];
} sl_cluster_model;
/* Feature names, in order ("bias", "cos_all", ...). */
extern const char *const sl_cluster_feature_names[SL_CL_NFEAT];
/* Parses the model text ("kind<TAB>feature<TAB>value" lines, kind long|short, feature a name
 * or "threshold"; '#' comments). SL_EMODEL when malformed or incomplete. */
sl_status sl_cluster_model_parse(const char *text, size_t len, sl_cluster_model *m);
/* Replaces the model of a clusterer (before its first article, or results mix models). */
void sl_clusterer_set_model(sl_clusterer *c, const sl_cluster_model *m);

/* Training replay: assigns the article to `story` (a story number this clusterer returned
 * before, or -1 for a new story) whatever the scorer says, after calling `cb` once per
 * candidate story with its features. The labelled stream thus builds the same index a real
 * run would, and every (article, candidate) pair becomes a training row. No merges happen.
 * story = -2: the clusterer decides as sl_clusterer_assign would (near-duplicates and merges
 * included) and still reports the candidates, so rows can also come from its own decisions. */
typedef void (*sl_cluster_feat_cb)(void *user, int64_t story, unsigned kind, const double *x);
sl_status sl_clusterer_replay(sl_clusterer *c, int64_t article, const sl_story_sig *sig, int64_t story,
                              sl_cluster_feat_cb cb, void *user, sl_assign *out);

sl_status sl_clusterer_new(sl_clusterer **out);
/* The same with explicit parameters (NULL = defaults). */
sl_status sl_clusterer_new_params(const sl_cluster_params *p, sl_clusterer **out);
/* Fills a signature view of a processed document: terms and simhash are borrowed from `d`,
 * day comes from d->published (INT64_MIN when absent or unparseable). */
void sl_story_sig_from_doc(const sl_doc *d, sl_story_sig *sig);
/* Memory held by the clusterer's state in bytes (for the scaling benchmark). */
size_t sl_clusterer_memory(const sl_clusterer *c);
void sl_clusterer_free(sl_clusterer *c);
/* Assigns article number `article` (0-based, dense, in arrival order). */
sl_status sl_clusterer_assign(sl_clusterer *c, int64_t article, const sl_story_sig *sig, sl_assign *out);
/* Stories that were merged into another since the last call: pairs (from, into), `from`
 * always the later story. The array is borrowed: valid until the next call or _free. */
size_t sl_clusterer_merges(sl_clusterer *c, int64_t (**pairs)[2]);
/* Serialized state (malloc'd; the caller frees it) and its reload. Assigning after a
 * save/load gives exactly what assigning straight through gives. A truncated or corrupted
 * state is SL_EMODEL. */
sl_status sl_clusterer_save(const sl_clusterer *c, char **data, size_t *len);
sl_status sl_clusterer_load(const char *data, size_t len, sl_clusterer **out);

/* Days since the epoch for an ISO date ("2017-11-08", "2017-11-08T10:00:00Z"); INT64_MIN
 * when unparseable. */
int64_t sl_iso_day(const char *iso);

#endif
