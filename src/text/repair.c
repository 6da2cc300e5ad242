/* repair.c — STUB. */
#include <stdlib.h>
#include "text/text.h"
struct sl_truecaser { int dummy; };
sl_status sl_truecaser_load(struct sl_truecaser **out) { *out = calloc(1, sizeof(**out)); return *out ? SL_OK : SL_ENOMEM; }
void sl_truecaser_free(struct sl_truecaser *t) { free(t); }
sl_status sl_repair(const sl_engine *e, sl_doc *d) { return SL_OK; }
