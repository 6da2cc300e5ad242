/*
 * disagree_score.h — the disagreement benchmark's metric, a pure function so the scorer is
 * unit-tested on hand-computed cases (tests/unit/test_eval_disagree.c) apart from
 * `storyline eval disagree` (eval/disagree.c), which reads files, runs the rules and prints.
 */
#ifndef SL_EVAL_DISAGREE_SCORE_H
#define SL_EVAL_DISAGREE_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One claim pair: two spans (byte offsets into the normalized texts of two documents, or
 * twice the same document). */
typedef struct sl_dpair {
    const char *doc_a, *doc_b;
    uint32_t start_a, end_a, start_b, end_b;
    bool disagree;           /* labels: true = disagree, false = look alike but agree */
} sl_dpair;

typedef struct sl_dscore {
    size_t labelled;         /* "disagree" labels */
    size_t found;            /* pairs the rules reported */
    size_t found_correct;    /* found pairs that match a "disagree" label */
    size_t recalled;         /* "disagree" labels matched by at least one found pair */
    size_t agree_labelled;   /* "agree" labels */
    size_t agree_flagged;    /* "agree" labels a found pair matches (false alarms we know of) */
    double precision, recall, f1; /* percent; precision 0 when nothing was found */
} sl_dscore;

/* Does found pair f claim the same two things as label l? Same documents (either order) and
 * each span overlapping its counterpart. */
bool sl_dpair_match(const sl_dpair *l, const sl_dpair *f);
/* Precision = found pairs matching a disagree label / found; recall = disagree labels
 * matched / disagree labels; F1 their harmonic mean. */
void sl_dscore_compute(const sl_dpair *labels, size_t nl, const sl_dpair *found, size_t nf, sl_dscore *out);

#endif
