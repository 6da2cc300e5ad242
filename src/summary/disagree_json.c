/*
 * disagree_json.c — a story's disagreements as the JSON `show --json` and the HTTP API carry.
 *
 * The story object (sl_session_story's shape) already holds what the rules need besides the
 * texts: its quotes (article, speaker, offsets) and its entities (names, types). This file
 * turns those into sl_dis_doc / sl_dis_name inputs, runs sl_summary_disagree over the
 * members' texts, and writes story["disagreements"]:
 *   [{kind, what, speakers:[names], articles:[ids],
 *     claims:[{speaker, article, start, end, text, value, modality}]}]
 * Offsets are byte offsets into the article's normalized text, like every span of the API.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

static json_t *S_claims_json(const sl_sum_doc *docs, const sl_dis *g, json_t *speakers, json_t *articles)
{
    json_t *a = json_array();
    for (size_t s = 0; a && s < g->nsides; s++) {
        const sl_dis_side *sd = &g->sides[s];
        const sl_sum_doc *d = &docs[sd->doc];
        if (sd->span.end > d->text_len || sd->span.start >= sd->span.end) continue;
        json_t *o = json_object();
        json_object_set_new(o, "speaker", sd->speaker ? json_string(sd->speaker) : json_null());
        json_object_set_new(o, "article", json_string(d->id ? d->id : ""));
        json_object_set_new(o, "start", json_integer(sd->span.start));
        json_object_set_new(o, "end", json_integer(sd->span.end));
        json_object_set_new(o, "text", json_stringn(d->text + sd->span.start, sd->span.end - sd->span.start));
        json_object_set_new(o, "value", json_string(sd->value));
        if (g->kind == SL_DIS_MODALITY)
            json_object_set_new(o, "modality", json_string(sl_modality_name((sl_modality)sd->modality)));
        json_array_append_new(a, o);
        /* distinct speakers and articles, in order of appearance */
        bool seen = false;
        size_t i;
        json_t *v;
        if (sd->speaker) {
            json_array_foreach(speakers, i, v) seen |= !strcmp(json_string_value(v), sd->speaker);
            if (!seen) json_array_append_new(speakers, json_string(sd->speaker));
        }
        seen = false;
        json_array_foreach(articles, i, v) seen |= d->id && !strcmp(json_string_value(v), d->id);
        if (!seen && d->id) json_array_append_new(articles, json_string(d->id));
    }
    return a;
}

sl_status sl_summary_story_disagreements(const sl_sum_doc *docs, const sl_sum_dates *dates,
                                         size_t n, void *story)
{
    json_t *o = story;
    if (!json_is_object(o) || (n && !docs)) return SL_EINVAL;
    sl_dis_doc *x = calloc(n ? n : 1, sizeof *x);
    sl_dis_quote *qv = NULL;
    json_t *quotes = json_object_get(o, "quotes"), *ents = json_object_get(o, "entities");
    size_t nq = json_array_size(quotes), nn = SL_MIN(json_array_size(ents), SL_DISAGREE_MAX_NAMES);
    qv = calloc(nq ? nq : 1, sizeof *qv);
    sl_dis_name names[SL_DISAGREE_MAX_NAMES];
    if (!x || !qv) { free(x); free(qv); return SL_ENOMEM; }
    /* quotes grouped by article (the store lists them by article, then offset) */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        x[i].quotes = qv + k;
        size_t qi;
        json_t *q;
        json_array_foreach(quotes, qi, q) {
            const char *art = json_string_value(json_object_get(q, "article"));
            json_int_t s = json_integer_value(json_object_get(q, "start")), e = json_integer_value(json_object_get(q, "end"));
            if (!art || !docs[i].id || strcmp(art, docs[i].id) || s < 0 || e <= s || (size_t)e > docs[i].text_len) continue;
            qv[k].span = (sl_span){(uint32_t)s, (uint32_t)e};
            qv[k].speaker = json_string_value(json_object_get(q, "speaker"));
            k++;
            x[i].nquotes++;
        }
        if (dates) { x[i].dates = dates[i].v; x[i].ndates = dates[i].n; }
    }
    size_t nnames = 0;
    for (size_t i = 0; i < nn; i++) {
        json_t *e = json_array_get(ents, i);
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *type = json_string_value(json_object_get(e, "type"));
        if (!name) continue;
        uint8_t t = SL_MISC;
        for (int tt = 0; type && tt < SL_ENT_NTYPES; tt++)
            if (!strcmp(type, sl_ent_type_name((sl_ent_type)tt))) t = (uint8_t)tt;
        names[nnames++] = (sl_dis_name){name, t};
    }
    sl_dis *g = NULL;
    size_t ng = 0;
    sl_status st = sl_summary_disagree(docs, x, n, names, nnames, SL_DISAGREE_MAX, &g, &ng);
    if (st == SL_OK) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < ng; i++) {
            json_t *d = json_object(), *spk = json_array(), *arts = json_array();
            json_object_set_new(d, "kind", json_string(sl_dis_kind_name((sl_dis_kind)g[i].kind)));
            json_object_set_new(d, "what", json_string(g[i].what));
            json_t *cl = S_claims_json(docs, &g[i], spk, arts);
            json_object_set_new(d, "speakers", spk);
            json_object_set_new(d, "articles", arts);
            json_object_set_new(d, "claims", cl);
            json_array_append_new(arr, d);
        }
        if (!arr || json_object_set_new(o, "disagreements", arr) != 0) st = SL_ENOMEM;
    }
    free(g);
    free(x);
    free(qv);
    return st;
}

/* The speaker of a story item: the first quote of the same article overlapping it. */
static const char *S_speaker(json_t *quotes, const char *art, json_int_t s, json_int_t e)
{
    size_t i;
    json_t *q;
    json_array_foreach(quotes, i, q) {
        const char *qa = json_string_value(json_object_get(q, "article"));
        json_int_t qs = json_integer_value(json_object_get(q, "start")), qe = json_integer_value(json_object_get(q, "end"));
        if (qa && !strcmp(qa, art) && qs < e && s < qe) return json_string_value(json_object_get(q, "speaker"));
    }
    return NULL;
}

sl_status sl_summary_story_speakers(void *story)
{
    json_t *o = story;
    if (!json_is_object(o)) return SL_EINVAL;
    json_t *quotes = json_object_get(o, "quotes");
    static const char *const keys[] = {"summary", "timeline"};
    for (size_t k = 0; k < SL_ARRAY_LEN(keys); k++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(o, keys[k]), i, v) {
            const char *art = json_string_value(json_object_get(v, "article"));
            if (!art || !json_is_object(v)) continue;
            const char *spk = S_speaker(quotes, art, json_integer_value(json_object_get(v, "start")),
                                        json_integer_value(json_object_get(v, "end")));
            if (json_object_set_new(v, "speaker", spk ? json_string(spk) : json_null()) != 0) return SL_ENOMEM;
        }
    }
    return SL_OK;
}
