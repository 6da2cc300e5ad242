/* doc.c — document lifetime and the small accessors the public API exposes. */
#include <stdlib.h>

#include "model/doc.h"

const char *sl_ent_type_name(sl_ent_type t)
{
    static const char *names[] = {"PER", "ORG", "LOC", "MISC"};
    return t < SL_ENT_NTYPES ? names[t] : "MISC";
}

sl_doc *sl_doc_new_empty(void)
{
    sl_doc *d = calloc(1, sizeof(*d));
    if (d) sl_arena_init(&d->arena);
    return d;
}

SL_API void sl_doc_free(sl_doc *d)
{
    if (!d) return;
    sl_vec_free(&d->sentences);
    sl_vec_free(&d->tokens);
    sl_vec_free(&d->mentions);
    sl_vec_free(&d->entities);
    sl_vec_free(&d->dates);
    sl_vec_free(&d->quotes);
    sl_vec_free(&d->events);
    sl_vec_free(&d->terms);
    sl_arena_release(&d->arena);
    free(d);
}

SL_API const char *sl_doc_id(const sl_doc *d) { return d->id; }

SL_API const char *sl_doc_text(const sl_doc *d, size_t *len)
{
    if (len) *len = d->text_len;
    return d->text;
}

size_t sl_doc_mention_lb(const sl_doc *d, uint32_t off)
{
    size_t lo = 0, hi = d->mentions.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->mentions.v[mid].span.start < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
