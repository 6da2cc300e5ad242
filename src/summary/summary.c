/* summary.c — STUB: lead sentences. */
#include <stdlib.h>
#include "summary/summary.h"
sl_status sl_summary_select(const sl_sum_doc *docs, size_t n, int words, sl_sum_pick **picks, size_t *npicks)
{
    *picks = calloc(n ? n : 1, sizeof(**picks)); *npicks = 0;
    if (!*picks) return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) if (docs[i].nsents) { (*picks)[*npicks].doc = i; (*picks)[(*npicks)++].sent = 0; }
    return SL_OK;
}
