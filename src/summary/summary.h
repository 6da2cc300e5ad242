/*
 * summary.h — extractive multi-document summaries, timelines and disagreements.
 *
 * Input is the stored shape of a story's articles (text + sentence spans), so the same
 * code serves one-shot `summarize` and stories in the database.
 */
#ifndef SL_SUMMARY_H
#define SL_SUMMARY_H

#include "model/doc.h"

typedef struct sl_sum_doc {
    const char *id;          /* article id */
    const char *published;   /* ISO date or NULL */
    const char *text;        /* normalized text */
    size_t text_len;
    const sl_span *sents;    /* sentence spans into text */
    size_t nsents;
    bool near_dup;           /* a near-duplicate of another member: not counted twice */
} sl_sum_doc;

typedef struct sl_sum_pick {
    size_t doc;              /* index into the input docs */
    size_t sent;             /* index into that doc's sents */
    double score;
} sl_sum_pick;

/* Picks sentences (at most `words` words in all), in presentation order. *picks is
 * malloc'd. Deterministic. */
sl_status sl_summary_select(const sl_sum_doc *docs, size_t n, int words,
                            sl_sum_pick **picks, size_t *npicks);

#endif
