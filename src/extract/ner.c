/* ner.c — STUB. */
#include "extract/extract.h"
sl_status sl_ner_model_load(struct sl_ner_model **out) { *out = NULL; return SL_OK; }
void sl_ner_model_free(struct sl_ner_model *m) { (void)m; }
sl_status sl_ner(const sl_engine *e, sl_doc *d) { return SL_OK; }
sl_status sl_alias(const sl_engine *e, sl_doc *d) { return SL_OK; }
