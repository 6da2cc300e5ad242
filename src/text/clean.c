/* clean.c — STUB: boilerplate removal (to be written). */
#include <stdlib.h>
#include "text/text.h"
struct sl_boiler { int dummy; };
sl_status sl_boiler_load(struct sl_boiler **out) { *out = calloc(1, sizeof(**out)); return *out ? SL_OK : SL_ENOMEM; }
void sl_boiler_free(struct sl_boiler *b) { free(b); }
bool sl_boiler_line(const struct sl_boiler *b, const char *s, size_t n) { return false; }
sl_status sl_clean(const sl_engine *e, sl_doc *d)
{
    d->text = sl_arena_strndup(&d->arena, d->raw, d->raw_len);
    d->text_len = d->raw_len;
    return d->text ? SL_OK : SL_ENOMEM;
}
