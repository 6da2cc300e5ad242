/*
 * pipeline.c — runs the per-article stages in order; the only module that knows them all.
 *
 *   input -> [html extract] -> clean -> normalize -> repair -> segment
 *         -> ner -> alias -> dates -> quotes -> events -> signature
 *
 * The engine (resources, models) is created here too. Story assignment and storage are not
 * per-article pure functions; they live in session.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "model/doc.h"
#include "text/text.h"

SL_API sl_status sl_engine_new(sl_engine **out)
{
    sl_engine *e = calloc(1, sizeof(*e));
    if (!e) return SL_ENOMEM;
    sl_status st;
    if ((st = sl_boiler_load(&e->boiler)) != SL_OK ||
        (st = sl_truecaser_load(&e->truecaser)) != SL_OK ||
        (st = sl_lexicon_load(&e->lex)) != SL_OK ||
        (st = sl_ner_model_load(&e->ner)) != SL_OK ||
        (st = sl_cameo_load(&e->cameo)) != SL_OK) {
        sl_engine_free(e);
        return st;
    }
    *out = e;
    return SL_OK;
}

SL_API void sl_engine_free(sl_engine *e)
{
    if (!e) return;
    sl_boiler_free(e->boiler);
    sl_truecaser_free(e->truecaser);
    sl_lexicon_free(e->lex);
    sl_ner_model_free(e->ner);
    sl_cameo_free(e->cameo);
    free(e);
}

/* Copies metadata and the raw text into a fresh document; HTML is reduced to its article. */
static sl_status S_load_input(sl_doc *d, const sl_input *in, char *err, size_t errlen)
{
    sl_arena *a = &d->arena;
    d->path = sl_arena_strdup(a, in->path);
    d->line = in->line;
    d->source = sl_arena_strdup(a, in->source);
    d->url = sl_arena_strdup(a, in->url);
    d->title = sl_arena_strdup(a, in->title);
    d->published = sl_arena_strdup(a, in->published);
    if (in->len > SL_MAX_INPUT_BYTES) {
        snprintf(err, errlen, "input of %zu bytes exceeds the limit of %u", in->len, SL_MAX_INPUT_BYTES);
        return SL_ELIMIT;
    }
    bool html = in->format == SL_FORMAT_HTML ||
                (in->format == SL_FORMAT_AUTO && sl_looks_like_html(in->data, in->len, in->path));
    if (!html) {
        d->raw = sl_arena_strndup(a, in->data, in->len);
        d->raw_len = in->len;
        return d->raw ? SL_OK : SL_ENOMEM;
    }
    sl_html_article art;
    sl_status st = sl_html_extract(in->data, in->len, &art, err, errlen);
    if (st != SL_OK) return st;
    d->flags |= SL_DOC_HTML;
    if (!d->title) d->title = sl_arena_strdup(a, art.title);
    if (!d->published) d->published = sl_arena_strdup(a, art.published);
    if (!d->url) d->url = sl_arena_strdup(a, art.url);
    if (!d->source) d->source = sl_arena_strdup(a, art.site);
    d->lang = sl_arena_strdup(a, art.lang);
    if (art.nauthors) {
        d->authors = sl_arena_alloc(a, art.nauthors * sizeof(char *));
        for (size_t i = 0; d->authors && i < art.nauthors; i++) d->authors[i] = sl_arena_strdup(a, art.authors[i]);
        d->nauthors = d->authors ? (uint32_t)art.nauthors : 0;
    }
    size_t blen = art.body ? strlen(art.body) : 0;
    d->raw = sl_arena_strndup(a, art.body ? art.body : "", blen);
    d->raw_len = blen;
    sl_html_article_free(&art);
    return d->raw ? SL_OK : SL_ENOMEM;
}

typedef sl_status (*sl_stage_fn)(const sl_engine *, sl_doc *);
static const struct { const char *name; sl_stage_fn fn; } S_stages[] = {
    {"clean", sl_clean},   {"normalize", sl_normalize}, {"repair", sl_repair},
    {"segment", sl_segment}, {"ner", sl_ner},           {"alias", sl_alias},
    {"dates", sl_dates},   {"quotes", sl_quotes},       {"events", sl_events},
    {"signature", sl_signature},
};

SL_API sl_status sl_doc_process(const sl_engine *e, const sl_input *in, sl_doc **out,
                                char *err, size_t errlen)
{
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    if (!e || !in || !out || (!in->data && in->len)) return SL_EINVAL;
    sl_doc *d = sl_doc_new_empty();
    if (!d) return SL_ENOMEM;
    sl_status st = S_load_input(d, in, err, errlen);
    for (size_t i = 0; st == SL_OK && i < SL_ARRAY_LEN(S_stages); i++) {
        st = S_stages[i].fn(e, d);
        if (st != SL_OK && !err[0])
            snprintf(err, errlen, "%s: %s", S_stages[i].name, sl_strerror(st));
    }
    if (st == SL_OK && d->text_len == 0) {
        snprintf(err, errlen, "no article text left after cleaning");
        st = SL_EEMPTY;
    }
    if (st != SL_OK) {
        sl_doc_free(d);
        return st;
    }
    /* A given id wins; otherwise the content hash of the normalized text. */
    if (in->id && in->id[0]) {
        snprintf(d->id, sizeof d->id, "%s", in->id);
    } else {
        sl_hex64(d->content_hash, d->id);
    }
    *out = d;
    return SL_OK;
}
