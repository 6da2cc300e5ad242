/* normalize.c — STUB. */
#include "text/text.h"
sl_status sl_normalize(const sl_engine *e, sl_doc *d) { d->content_hash = sl_hash64(d->text, d->text_len, 0); return SL_OK; }
