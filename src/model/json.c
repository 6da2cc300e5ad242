/* json.c — the document as one JSON object (the `extract --json` contract). */
#include <jansson.h>
#include <stdlib.h>

#include "model/doc.h"

static json_t *S_span(json_t *o, sl_span s)
{
    json_object_set_new(o, "start", json_integer(s.start));
    json_object_set_new(o, "end", json_integer(s.end));
    return o;
}

static json_t *S_str(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *S_text(const sl_doc *d, sl_span s)
{
    if (s.end <= s.start || s.end > d->text_len) return json_string("");
    return json_stringn(d->text + s.start, s.end - s.start);
}

static json_t *S_actor(const sl_actor *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", S_str(a->name));
    json_object_set_new(o, "code", json_string(a->code));
    return o;
}

/* CAMEO labels come from the events module. */
const char *sl_cameo_label(const char *code);

SL_API sl_status sl_doc_to_json(const sl_doc *d, unsigned flags, char **out)
{
    json_t *o = json_object();
    if (!o) return SL_ENOMEM;
    json_object_set_new(o, "id", json_string(d->id));
    json_object_set_new(o, "path", S_str(d->path));
    json_object_set_new(o, "source", S_str(d->source));
    json_object_set_new(o, "url", S_str(d->url));
    json_object_set_new(o, "title", S_str(d->title));
    json_object_set_new(o, "published", S_str(d->published));
    json_object_set_new(o, "published_inferred", json_boolean(d->flags & SL_DOC_DATE_INFERRED));
    json_object_set_new(o, "lang", S_str(d->lang));
    json_object_set_new(o, "dateline", S_str(d->dateline));
    json_t *au = json_array();
    for (uint32_t i = 0; i < d->nauthors; i++) json_array_append_new(au, json_string(d->authors[i]));
    json_object_set_new(o, "authors", au);
    json_t *fl = json_array();
    if (d->flags & SL_DOC_LOWERCASED) json_array_append_new(fl, json_string("lowercased"));
    if (d->flags & SL_DOC_NOPUNCT) json_array_append_new(fl, json_string("unpunctuated"));
    if (d->flags & SL_DOC_HTML) json_array_append_new(fl, json_string("html"));
    if (d->flags & SL_DOC_TRUNCATED) json_array_append_new(fl, json_string("truncated"));
    json_object_set_new(o, "flags", fl);
    if (flags & SL_JSON_TEXT) json_object_set_new(o, "text", json_stringn(d->text, d->text_len));
    if (d->flags & SL_DOC_HTML) {
        /* the extract --format html contract: the outlet as `site`, the article as `body` */
        json_object_set_new(o, "site", S_str(d->source));
        json_object_set_new(o, "body", json_stringn(d->raw, d->raw_len));
    }

    json_t *a = json_array();
    for (size_t i = 0; i < d->sentences.n; i++) {
        json_t *s = S_span(json_object(), d->sentences.v[i].span);
        json_array_append_new(a, s);
    }
    json_object_set_new(o, "sentences", a);

    if (flags & SL_JSON_TOKENS) {
        a = json_array();
        for (size_t i = 0; i < d->tokens.n; i++) json_array_append_new(a, S_span(json_object(), d->tokens.v[i].span));
        json_object_set_new(o, "tokens", a);
    }

    a = json_array();
    for (size_t i = 0; i < d->mentions.n; i++) {
        const sl_mention *m = &d->mentions.v[i];
        json_t *e = json_object();
        json_object_set_new(e, "name", S_text(d, m->span));
        json_object_set_new(e, "type", json_string(sl_ent_type_name(m->type)));
        if (m->entity >= 0 && (size_t)m->entity < d->entities.n)
            json_object_set_new(e, "canonical", json_string(d->entities.v[m->entity].name));
        json_array_append_new(a, S_span(e, m->span));
    }
    json_object_set_new(o, "entities", a);

    a = json_array();
    for (size_t i = 0; i < d->entities.n; i++) {
        const sl_entity *en = &d->entities.v[i];
        json_t *e = json_object();
        json_object_set_new(e, "name", json_string(en->name));
        json_object_set_new(e, "type", json_string(sl_ent_type_name(en->type)));
        json_object_set_new(e, "mentions", json_integer(en->mentions));
        json_t *al = json_array();
        for (uint32_t k = 0; k < en->naliases; k++) json_array_append_new(al, json_string(en->aliases[k]));
        json_object_set_new(e, "aliases", al);
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "merged_entities", a);

    a = json_array();
    for (size_t i = 0; i < d->dates.n; i++) {
        const sl_date *dt = &d->dates.v[i];
        json_t *e = json_object();
        static const char *gr[] = {"day", "month", "year", "range"};
        json_object_set_new(e, "text", S_text(d, dt->span));
        json_object_set_new(e, "value", json_string(dt->value));
        json_object_set_new(e, "granularity", json_string(gr[dt->gran & 3]));
        json_object_set_new(e, "relative", json_boolean(dt->relative));
        json_array_append_new(a, S_span(e, dt->span));
    }
    json_object_set_new(o, "dates", a);

    a = json_array();
    for (size_t i = 0; i < d->quotes.n; i++) {
        const sl_quote *q = &d->quotes.v[i];
        json_t *e = json_object();
        json_object_set_new(e, "text", S_text(d, q->span));
        if (q->entity >= 0 && (size_t)q->entity < d->entities.n)
            json_object_set_new(e, "speaker", json_string(d->entities.v[q->entity].name));
        else if (q->speaker.end > q->speaker.start)
            json_object_set_new(e, "speaker", S_text(d, q->speaker));
        else
            json_object_set_new(e, "speaker", json_null());
        json_object_set_new(e, "cue", S_text(d, q->cue));
        json_object_set_new(e, "direct", json_boolean(q->direct));
        json_array_append_new(a, S_span(e, q->span));
    }
    json_object_set_new(o, "quotes", a);

    a = json_array();
    for (size_t i = 0; i < d->events.n; i++) {
        const sl_event *ev = &d->events.v[i];
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(ev->code));
        const char *label = sl_cameo_label(ev->code);
        json_object_set_new(e, "label", S_str(label));
        json_object_set_new(e, "source", S_actor(&ev->source));
        json_object_set_new(e, "target", S_actor(&ev->target));
        json_object_set_new(e, "location", S_str(ev->location));
        json_object_set_new(e, "date", ev->date[0] ? json_string(ev->date) : json_null());
        json_object_set_new(e, "confidence", json_real(ev->confidence));
        json_array_append_new(a, S_span(e, ev->span));
    }
    json_object_set_new(o, "events", a);

    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);
    json_decref(o);
    return *out ? SL_OK : SL_ENOMEM;
}
