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
#include "text/repair.h"
#include "text/text.h"

SL_API sl_status sl_engine_new(sl_engine **out) { return sl_engine_new_opts(0, out); }

/* The truecaser of a text-only engine: only the abbreviation and sentence-starter lists,
 * which segmentation reads. The case tables and sentence-boundary models (almost all of the
 * truecaser's start-up cost) serve only the repair of degraded articles, which
 * sl_doc_process hands to the full truecaser. */
static sl_status S_truecaser_cased(struct sl_truecaser **out)
{
    sl_truecaser_src src = {0};
    return sl_truecaser_from_text(&src, out);
}

SL_API sl_status sl_engine_new_opts(unsigned flags, sl_engine **out)
{
    if (!out) return SL_EINVAL;
    sl_engine *e = calloc(1, sizeof(*e));
    if (!e) return SL_ENOMEM;
    sl_status st;
    /* the NER model and CAMEO dictionaries are most of the start-up time (~0.14 s of ~0.2 s):
     * a text-only engine (one-shot summaries) does without them */
    e->text_only = (flags & SL_ENGINE_TEXT_ONLY) != 0;
    if (pthread_mutex_init(&e->full_mu, NULL) != 0) { free(e); return SL_ENOMEM; }
    if ((st = sl_boiler_load(&e->boiler)) != SL_OK ||
        (st = (e->text_only ? S_truecaser_cased(&e->truecaser) : sl_truecaser_load(&e->truecaser))) != SL_OK ||
        (st = sl_lexicon_load(&e->lex)) != SL_OK ||
        (!e->text_only && (st = sl_ner_model_load(&e->ner)) != SL_OK) ||
        (!e->text_only && (st = sl_cameo_load(&e->cameo)) != SL_OK)) {
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
    sl_truecaser_free(e->truecaser_full);
    pthread_mutex_destroy(&e->full_mu);
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
/* `text`: the stage also runs for a text-only engine (SL_ENGINE_TEXT_ONLY): it needs no NER
 * model or CAMEO dictionary. dates is one of them because it infers a missing published date,
 * by which summaries order their sentences. */
static const struct { const char *name; sl_stage_fn fn; bool text; } S_stages[] = {
    {"clean", sl_clean, true},     {"normalize", sl_normalize, true}, {"repair", sl_repair, true},
    {"segment", sl_segment, true}, {"ner", sl_ner, false},            {"alias", sl_alias, false},
    {"dates", sl_dates, true},     {"quotes", sl_quotes, false},      {"events", sl_events, false},
    {"signature", sl_signature, false},
};

static sl_status S_process(const sl_engine *e, const sl_input *in, sl_doc **out, char *err, size_t errlen);

/* The full truecaser of a text-only engine, loaded once (thread-safe); NULL on failure. */
static struct sl_truecaser *S_full_truecaser(const sl_engine *ce)
{
    sl_engine *e = (sl_engine *)ce; /* full_mu guards the one lazily set field */
    pthread_mutex_lock(&e->full_mu);
    if (!e->truecaser_full && sl_truecaser_load(&e->truecaser_full) != SL_OK) e->truecaser_full = NULL;
    struct sl_truecaser *t = e->truecaser_full;
    pthread_mutex_unlock(&e->full_mu);
    return t;
}

SL_API sl_status sl_doc_process(const sl_engine *e, const sl_input *in, sl_doc **out,
                                char *err, size_t errlen)
{
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    if (!e || !in || !out || (!in->data && in->len)) return SL_EINVAL;
    sl_status st = S_process(e, in, out, err, errlen);
    /* a degraded article (no case, no punctuation) needs the case tables and boundary models
     * a text-only engine leaves out: it is processed again with the full truecaser, so the
     * output is the same as with a full engine (repair's own tests, which need no model, pick
     * such articles out) */
    const sl_doc *o = st == SL_OK ? *out : NULL;
    const char *t0 = o ? (o->orig ? o->orig : o->text) : NULL;
    size_t n0 = o ? (o->orig ? strlen(o->orig) : o->text_len) : 0;
    if (o && e->text_only &&
        ((o->flags & (SL_DOC_LOWERCASED | SL_DOC_NOPUNCT)) || sl_repair_is_lowercased(t0, n0) ||
         sl_repair_is_nopunct(t0, n0))) {
        struct sl_truecaser *full = S_full_truecaser(e);
        if (!full) return SL_OK; /* keep what the cased model gave */
        sl_engine tmp;
        memcpy(&tmp, e, offsetof(sl_engine, truecaser_full)); /* the stage resources only */
        tmp.truecaser = full;
        sl_doc *d2 = NULL;
        if (S_process(&tmp, in, &d2, err, errlen) == SL_OK) {
            sl_doc_free(*out);
            *out = d2;
        }
    }
    return st;
}

static sl_status S_process(const sl_engine *e, const sl_input *in, sl_doc **out, char *err, size_t errlen)
{
    sl_doc *d = sl_doc_new_empty();
    if (!d) return SL_ENOMEM;
    sl_status st = S_load_input(d, in, err, errlen);
    for (size_t i = 0; st == SL_OK && i < SL_ARRAY_LEN(S_stages); i++) {
        if (e->text_only && !S_stages[i].text) continue;
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
