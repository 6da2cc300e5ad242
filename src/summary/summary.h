/*
 * summary.h — extractive multi-document summaries, timelines and disagreements.
 *
 * Input is the stored shape of a story's articles (text + sentence spans), so the same
 * code serves one-shot `summarize` and stories in the database.
 */
#ifndef SL_SUMMARY_H
#define SL_SUMMARY_H

#include "model/doc.h"

#define SL_SUM_MAX_WORDS      5000u   /* largest summary budget accepted (words) */
#define SL_SUM_MAX_SENTS      100000u /* candidate sentences over all articles of one story */
#define SL_SUM_MIN_SENT_WORDS 6u      /* shorter sentences are not picked (datelines, fragments) */
#define SL_SUM_MAX_SENT_WORDS 60u     /* longer ones are usually run-ons or lists */

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
    double score;            /* concept weight the sentence added when picked */
    sl_span span;            /* the text to show: sents[sent] without surrounding space and
                                without a leading dateline ("LONDON (AP) _") */
} sl_sum_pick;

/* Picks sentences (at most `words` words in all, counted as whitespace-separated words of
 * the shown spans, the way ROUGE's -l counts them), in presentation order (by article date,
 * then position). *picks is malloc'd (NULL when *npicks is 0 is allowed). Deterministic.
 * SL_EINVAL for words < 1 or > SL_SUM_MAX_WORDS or bad spans; SL_ELIMIT past
 * SL_SUM_MAX_SENTS. */
sl_status sl_summary_select(const sl_sum_doc *docs, size_t n, int words,
                            sl_sum_pick **picks, size_t *npicks);

/* The span of `s` worth showing: surrounding whitespace and a leading news dateline
 * ("WASHINGTON (AP) _ ", "LONDON, Oct. 17 (Reuters) - ") removed. */
sl_span sl_summary_trim(const char *text, sl_span s);

/* Whitespace-separated words in text[s.start, s.end) (ROUGE's -l unit). */
size_t sl_summary_words(const char *text, sl_span s);

#endif
