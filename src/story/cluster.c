/* cluster.c — STUB: every article its own story. */
#include <stdlib.h>
#include "story/story.h"
struct sl_clusterer { int64_t n; };
sl_status sl_clusterer_new(sl_clusterer **out) { *out = calloc(1, sizeof(**out)); return *out ? SL_OK : SL_ENOMEM; }
void sl_clusterer_free(sl_clusterer *c) { free(c); }
sl_status sl_clusterer_assign(sl_clusterer *c, int64_t article, const sl_story_sig *sig, sl_assign *out)
{ out->story = c->n++; out->created = true; out->near_dup_of = -1; out->score = 0; return SL_OK; }
size_t sl_clusterer_merges(sl_clusterer *c, int64_t (**pairs)[2]) { *pairs = NULL; return 0; }
sl_status sl_clusterer_save(const sl_clusterer *c, char **data, size_t *len) { *data = malloc(8); memcpy(*data, &c->n, 8); *len = 8; return SL_OK; }
sl_status sl_clusterer_load(const char *data, size_t len, sl_clusterer **out) { sl_status st = sl_clusterer_new(out); if (st == SL_OK && len == 8) memcpy(&(*out)->n, data, 8); return st; }
int64_t sl_iso_day(const char *iso) { return INT64_MIN; }
