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

/* ---- timeline (timeline.c) ---------------------------------------------------------------- */

#define SL_TIMELINE_MAX 200u /* entries per story at most */

typedef struct sl_timeline_entry {
    char date[24];           /* the resolved date, ISO ("2017-11-10", "2017-11") */
    size_t doc;              /* index into the input docs */
    size_t sent;             /* index into that doc's sents */
    sl_span span;            /* the dated sentence, trimmed (see sl_summary_trim) */
    uint32_t support;        /* articles with a statement about that same date */
} sl_timeline_entry;

/* The resolved dates of one article (its d->dates), parallel to an sl_sum_doc. */
typedef struct sl_sum_dates {
    const sl_date *v;
    size_t n;
} sl_sum_dates;

/* Dated statements of a story ordered by the date they talk about: one entry per sentence
 * holding a day- or month-precise date (dates[i] for docs[i]), repeated statements about the same date
 * across articles merged (the earliest article's kept), near-duplicate articles skipped. At
 * most `max` entries (<= SL_TIMELINE_MAX; the dates most articles talk about are kept), in
 * chronological order. *out is malloc'd. Deterministic. */
sl_status sl_summary_timeline(const sl_sum_doc *docs, const sl_sum_dates *dates, size_t n,
                              size_t max, sl_timeline_entry **out, size_t *nout);

/* ---- disagreements (disagree.c) ------------------------------------------------------------ */

#define SL_DISAGREE_MAX 100u /* disagreements per story at most */

/* Two articles giving different figures for the same thing in otherwise similar sentences
 * ("killed 40 workers" / "killed 52 workers"). */
typedef struct sl_disagreement {
    char what[32];           /* what the figure counts, as written after it ("workers") */
    char value_a[24], value_b[24];
    size_t doc_a, sent_a, doc_b, sent_b; /* the two claims (doc_a's article is earlier) */
    sl_span span_a, span_b;  /* their sentences, trimmed */
} sl_disagreement;

/* Numeric disagreements across the articles of a story: a figure followed by the same word
 * in two similar sentences of different articles, with values that cannot both hold
 * ("at least 40" and "52" can; "40" and "52" cannot). Years are not figures. Near-duplicate
 * articles are skipped. At most `max` (<= SL_DISAGREE_MAX), most similar sentence pairs
 * first. *out is malloc'd. Deterministic. */
sl_status sl_summary_disagreements(const sl_sum_doc *docs, size_t n, size_t max,
                                   sl_disagreement **out, size_t *nout);

/* The span of `s` worth showing: surrounding whitespace and a leading news dateline
 * ("WASHINGTON (AP) _ ", "LONDON, Oct. 17 (Reuters) - ") removed. */
sl_span sl_summary_trim(const char *text, sl_span s);

/* Whitespace-separated words in text[s.start, s.end) (ROUGE's -l unit). */
size_t sl_summary_words(const char *text, sl_span s);

#endif
