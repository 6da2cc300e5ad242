/*
 * sum_docs.h — test fixture shared by the summary and disagreement tests: a hand-written
 * document built from sentences joined by single spaces, with its sentence spans, and its
 * view as an sl_sum_doc (the summarizer's input); and the count of the disagreements found
 * in such documents that most disagreement tests check. Header-only; included by test_*.c
 * files after <cmocka.h> (the count asserts that the call succeeds).
 */
#ifndef SL_TEST_SUM_DOCS_H
#define SL_TEST_SUM_DOCS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

#define MAXS 64

typedef struct T_doc {
    char text[8192];
    sl_span spans[MAXS];
    size_t n;
} T_doc;

static inline void T_make(T_doc *d, const char *const *sents)
{
    size_t len = 0;
    d->n = 0;
    for (size_t i = 0; sents[i]; i++) {
        if (len) d->text[len++] = ' ';
        size_t l = strlen(sents[i]);
        memcpy(d->text + len, sents[i], l);
        d->spans[d->n++] = (sl_span){(uint32_t)len, (uint32_t)(len + l)};
        len += l;
    }
    d->text[len] = 0;
}

static inline sl_sum_doc T_sum(const T_doc *d, const char *id, const char *date)
{
    return (sl_sum_doc){id, date, d->text, strlen(d->text), d->spans, d->n, false};
}

/* T_make then T_sum: the usual way a test writes one article of its story. */
static inline sl_sum_doc T_new(T_doc *d, const char *const *sents, const char *id, const char *date)
{
    T_make(d, sents);
    return T_sum(d, id, date);
}

/* Any kind of disagreement, for T_count and T_disagree_count. */
#define T_ANY_KIND 0xff

/* How many of the groups g[0..n) are of `kind` (T_ANY_KIND: all) and have a `what` that
 * starts with `what_prefix` (NULL: any). */
static inline size_t T_count(const sl_dis *g, size_t n, uint8_t kind, const char *what_prefix)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (kind == T_ANY_KIND || g[i].kind == kind) &&
             (!what_prefix || !strncmp(g[i].what, what_prefix, strlen(what_prefix)));
    return k;
}

/* The first of the groups g[0..n) that T_count would count, or NULL. */
static inline const sl_dis *T_first(const sl_dis *g, size_t n, uint8_t kind, const char *what_prefix)
{
    for (size_t i = 0; i < n; i++)
        if (T_count(&g[i], 1, kind, what_prefix)) return &g[i];
    return NULL;
}

/* Runs sl_summary_disagree on docs[0..ndocs) (asserting that it succeeds) and gives T_count
 * of what it found: for the checks that only ask whether a rule fired, and how often. */
static inline size_t T_disagree_count(const sl_sum_doc *docs, const sl_dis_doc *x, size_t ndocs,
                                      const sl_dis_name *names, size_t nnames, uint8_t kind, const char *what_prefix)
{
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, x, ndocs, names, nnames, SL_DISAGREE_MAX, &g, &n), SL_OK);
    size_t k = T_count(g, n, kind, what_prefix);
    free(g);
    return k;
}

#endif
