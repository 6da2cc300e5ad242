/* lexicon.c — STUB. */
#include <stdlib.h>
#include "extract/extract.h"
struct sl_lexicon { int dummy; };
sl_status sl_lexicon_load(struct sl_lexicon **out) { *out = calloc(1, sizeof(**out)); return *out ? SL_OK : SL_ENOMEM; }
void sl_lexicon_free(struct sl_lexicon *l) { free(l); }
