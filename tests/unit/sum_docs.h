/*
 * sum_docs.h — test fixture shared by the summary and disagreement tests: a hand-written
 * document built from sentences joined by single spaces, with its sentence spans, and its
 * view as an sl_sum_doc (the summarizer's input). Header-only; included by test_*.c files.
 */
#ifndef SL_TEST_SUM_DOCS_H
#define SL_TEST_SUM_DOCS_H

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

#endif
