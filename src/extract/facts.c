/* facts.c — STUB: dates, quotes, events. */
#include <stdlib.h>
#include "extract/extract.h"
struct sl_cameo { int dummy; };
sl_status sl_cameo_load(struct sl_cameo **out) { *out = calloc(1, sizeof(**out)); return *out ? SL_OK : SL_ENOMEM; }
void sl_cameo_free(struct sl_cameo *c) { free(c); }
const char *sl_cameo_label(const char *code) { return NULL; }
sl_status sl_dates(const sl_engine *e, sl_doc *d) { return SL_OK; }
sl_status sl_quotes(const sl_engine *e, sl_doc *d) { return SL_OK; }
sl_status sl_events(const sl_engine *e, sl_doc *d) { return SL_OK; }
