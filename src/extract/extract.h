/*
 * extract.h — the extraction stages: named entities and alias merging, dates, quotes,
 * CAMEO events, and the story signature. They read tokens and sentences and append
 * mentions, entities, dates, quotes, events and terms to the document.
 */
#ifndef SL_EXTRACT_H
#define SL_EXTRACT_H

#include "engine.h"
#include "model/doc.h"

sl_status sl_lexicon_load(struct sl_lexicon **out);
void sl_lexicon_free(struct sl_lexicon *l);
/* Word-list look-ups (ASCII case-insensitive; `w` need not be NUL-terminated). */
bool sl_lexicon_is_stopword(const struct sl_lexicon *l, const char *w, size_t n);
bool sl_lexicon_is_title(const struct sl_lexicon *l, const char *w, size_t n);       /* "president", "mr" */
bool sl_lexicon_is_place(const struct sl_lexicon *l, const char *w, size_t n);       /* country or city */
bool sl_lexicon_is_nationality(const struct sl_lexicon *l, const char *w, size_t n); /* "Russian" */

/* NER model: NULL out when no trained model is built in (rules are used instead). */
sl_status sl_ner_model_load(struct sl_ner_model **out);
void sl_ner_model_free(struct sl_ner_model *m);

sl_status sl_ner(const sl_engine *e, sl_doc *d);     /* -> mentions */
sl_status sl_alias(const sl_engine *e, sl_doc *d);   /* mentions -> entities */
/* Whether two canonical entity names of type t name the same entity by the alias rule
 * ("Donald Trump" ~ "Trump"; "Kim Jong Un" !~ "Kim Chang Son"): equal ignoring case, or one
 * is the other's last name (PER) / a whole-word suffix or prefix run (ORG, LOC, MISC).
 * Corpus-level merging uses it on names already merged within articles. */
bool sl_alias_same(const char *a, const char *b, sl_ent_type t);
sl_status sl_dates(const sl_engine *e, sl_doc *d);   /* -> dates (+ inferred published) */
sl_status sl_quotes(const sl_engine *e, sl_doc *d);  /* -> quotes */

sl_status sl_cameo_load(struct sl_cameo **out);
void sl_cameo_free(struct sl_cameo *c);
/* Label of a CAMEO event code ("036" -> "Express intent to meet or negotiate"), static
 * storage; NULL for an unknown code. */
const char *sl_cameo_label(const char *code);
sl_status sl_events(const sl_engine *e, sl_doc *d);  /* -> events */

/* Terms (stemmed content words + entity keys, tf weights) and SimHash. */
sl_status sl_signature(const sl_engine *e, sl_doc *d);

#endif
