/* segment.c — STUB: one sentence per paragraph. */
#include "text/text.h"
sl_status sl_segment(const sl_engine *e, sl_doc *d)
{
    if (d->text_len) {
        sl_sentence s = {{0, (uint32_t)d->text_len}, 0, 0, 0};
        if (!sl_vec_push(&d->sentences, s)) return SL_ENOMEM;
    }
    return SL_OK;
}
