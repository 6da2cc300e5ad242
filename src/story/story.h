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
    double bg_weight;     /* weight of the background document frequencies (models/story-df.bin,
                             built by tools/build_df.c) added to the online ones: idf =
                             log((N + w Nbg + prior + 1) / (df + w dfbg + 0.5)); 0 = online only */
} sl_cluster_params;

void sl_cluster_params_default(sl_cluster_params *p);

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
