/*
 * html_score.h — the article extraction benchmark's metric, as a pure function pair so the
 * scorer is unit-tested on hand-computed cases (tests/unit/test_eval_html.c) apart from
 * `storyline eval html` (eval/html.c), which only reads files and prints.
 */
#ifndef SL_EVAL_HTML_SCORE_H
#define SL_EVAL_HTML_SCORE_H

#include <stdbool.h>
#include <stddef.h>

/* One page: shingle tp/fp/fn normalised to sum 1 (all 0 when both texts have no token),
 * and whether the token sequences are equal. */
typedef struct sl_html_page_score {
    double tp, fp, fn;
    bool exact;
} sl_html_page_score;

typedef struct sl_html_totals {
    double precision, recall, f1, accuracy;
    size_t pages;
} sl_html_totals;

/* Scores one page: `truth` and `pred` are NUL-terminated UTF-8 (NULL counts as "").
 * Returns false on out-of-memory. */
bool sl_html_score_page(const char *truth, const char *pred, sl_html_page_score *out);
/* Averages pages the benchmark's way: precision over pages with tp+fp > 0, recall over
 * pages with tp+fn > 0, F1 their harmonic mean, accuracy over all pages. */
void sl_html_score_total(const sl_html_page_score *pages, size_t n, sl_html_totals *out);
/* Number of \w+ tokens in s (letters, digits, underscore by Unicode category). */
size_t sl_html_count_tokens(const char *s);

#endif
