/*
 * facts.h — internal helpers shared by the fact extractors (dates.c, quotes.c, events.c,
 * cameo.c): a token/sentence "view" of the document and small word tests.
 *
 * The fact stages run after segmentation and NER. They read d->tokens and d->sentences when
 * the segmenter produced them; when it did not (an empty token list), the view falls back to
 * a private, simple tokenizer and sentence splitter so that dates, quotes and events still
 * work on any document. The fallback never writes into the document: tokens are a layer
 * owned by the segmenter.
 */
#ifndef SL_EXTRACT_FACTS_H
#define SL_EXTRACT_FACTS_H

#include "extract/extract.h"

/* Longest span of text one quote may cover before we stop looking for its closing mark
 * (bounded work on unbalanced marks). */
#define SL_QUOTE_MAX_BYTES   60000u
/* Most tokens we look at around a quote or cue for its attribution. */
#define SL_ATTR_WINDOW       30u

typedef struct sl_fview {
    const char *text;
    size_t text_len;
    const sl_token *tok;
    size_t ntok;
    const sl_sentence *sent;
    size_t nsent;
    sl_token *own_tok;       /* malloc'd when the fallback tokenizer ran */
    sl_sentence *own_sent;
    bool lowered;            /* the document had no case (SL_DOC_LOWERCASED) */
} sl_fview;

sl_status sl_fview_init(const sl_doc *d, sl_fview *v);
/* Always the fallback tokenizer, over any text (e.g. the raw input before cleaning). */
sl_status sl_fview_init_text(const char *text, size_t len, sl_fview *v);
void sl_fview_free(sl_fview *v);

/* Word tests on token i of the view. */
static inline const char *sl_fv_tok(const sl_fview *v, size_t i, size_t *len)
{
    *len = v->tok[i].span.end - v->tok[i].span.start;
    return v->text + v->tok[i].span.start;
}
/* ASCII case-insensitive equality of token i with the NUL-terminated word w. */
bool sl_fv_is(const sl_fview *v, size_t i, const char *w);
/* Same for any word of a NULL-terminated list; returns its index or -1. */
int sl_fv_oneof(const sl_fview *v, size_t i, const char *const *words);
/* True when token i is the punctuation character c (ASCII). */
bool sl_fv_punct(const sl_fview *v, size_t i, char c);
/* Quote-mark kind of token i: 0 none, 1 double (" “ ”). */
int sl_fv_dquote(const sl_fview *v, size_t i);
/* Upper-case first letter (ASCII or Latin-1 supplement / Latin Extended via utf8proc). */
bool sl_fv_cap(const sl_fview *v, size_t i);
/* Lower-cased ASCII copy of token i into buf (at most n-1 bytes); returns length. */
size_t sl_fv_lower(const sl_fview *v, size_t i, char *buf, size_t n);
/* A function word (article, pronoun, preposition, auxiliary, conjunction). */
bool sl_fv_function_word(const sl_fview *v, size_t i);
/* Index of the sentence holding byte offset `off` (binary search). */
size_t sl_fv_sent_of(const sl_fview *v, uint32_t off);

/* ---- dates (dates.c) --------------------------------------------------------------- */
/* Day numbers of civil dates: sl_days_from_civil / sl_civil_from_days in core/core.h. */

/* ---- CAMEO (cameo.c) ------------------------------------------------------------------- */
const char *sl_cameo_label(const char *code);

#endif
