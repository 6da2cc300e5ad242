/*
 * clusters.h — clustering scorers behind `storyline eval clusters` (eval/clusters.c).
 *
 * Pure functions over two labelings of the same n items, so they can be checked on small
 * hand-computed cases (tests/unit/test_eval_clusters.c) independently of the clusterer.
 */
#ifndef SL_EVAL_CLUSTERS_H
#define SL_EVAL_CLUSTERS_H

#include <stddef.h>
#include <stdint.h>

typedef struct sl_cluster_scores {
    double pairwise_p, pairwise_r, pairwise_f1; /* fractions in [0, 1] */
    double bcubed_p, bcubed_r, bcubed_f1;
    double nmi;                                 /* I(G;P) / ((H(G) + H(P)) / 2) */
    size_t gold_clusters, pred_clusters;
} sl_cluster_scores;

/* Scores predicted labels against gold labels (any int64 values; only equality matters).
 * Conventions: a 0/0 pairwise precision or recall is 1 (no pair claimed, none missed); NMI is
 * 1 when both labelings have a single cluster. Returns 0, or -1 on out-of-memory. */
int sl_cluster_score(const int64_t *gold, const int64_t *pred, size_t n, sl_cluster_scores *out);

/* Fits the story scorer from replay rows (`--dump-rows`) and writes the model text
 * (eval/cluster_fit.c). Returns 0, or 1 with a message on stderr. */
int sl_cluster_fit(const char *rows_path, const char *model_path);

#endif
