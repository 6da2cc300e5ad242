/*
 * ner_model.h — model-file constants and the weight-table helpers shared by the loader
 * (ner_model.c), the tagger (ner.c) and the trainer (ner_train.c). See ner_model.c for the
 * byte layout.
 */
#ifndef SL_EXTRACT_NER_MODEL_H
#define SL_EXTRACT_NER_MODEL_H

#include "extract/ner.h"

#define SL_NER_MAGIC "SLNERMDL"
#define SL_NER_FORMAT_VERSION 2u
/* Bump whenever ner_features.c changes what a key means: old models are then refused. */
#define SL_NER_FEATS_VERSION 8u
#define SL_NER_SEC_CASED 1u
#define SL_NER_SEC_CI    2u
#define SL_NER_SEC_CASING 3u
#define SL_NER_SEC_CLUSTERS 4u
#define SL_NER_SEC_CLUSTERS2 5u
#define SL_NER_MAX_MODEL_FEATS (8u * 1024u * 1024u)

/* Slot of key k: where it is, or the empty slot where it would go. */
static inline size_t sl_ner_slot(const sl_ner_weights *w, uint32_t k)
{
    size_t i = (k * 0x9e3779b1u) & (w->cap - 1);
    while (w->slot[i] && (uint32_t)w->slot[i] != k) i = (i + 1) & (w->cap - 1);
    return i;
}

/* Weights of key k relative to O (out[0] = 0, out[t] = w[t] - w[O]); false when the model
 * has no such feature. */
static inline bool sl_ner_row(const sl_ner_weights *w, uint32_t k, int32_t out[SL_NER_NTAGS])
{
    size_t i = sl_ner_slot(w, k);
    if (!w->slot[i]) return false;
    uint32_t ref = (uint32_t)(w->slot[i] >> 32);
    out[0] = 0;
    for (int t = 1; t < SL_NER_NTAGS; t++)
        out[t] = ref & SL_NER_WIDE ? w->wide[(size_t)(ref & ~SL_NER_WIDE) * 16 + (size_t)t - 1]
                                   : w->frows[(size_t)ref * 16 + (size_t)t - 1];
    return true;
}

/* Builds the lookup index and the tagging rows of w (w->nfeat rows in w->rows, keys in row
 * order); w->rows stays the caller's. */
sl_status sl_ner_weights_index(sl_ner_weights *w, const uint32_t *keys);
void sl_ner_weights_free(sl_ner_weights *w);

typedef struct sl_ner_section {
    uint32_t id;
    size_t nfeat;
    const uint32_t *keys;  /* sorted ascending, non-zero */
    const int16_t *rows;   /* nfeat * SL_NER_NTAGS (weights sections) */
    const uint8_t *bytes;  /* nfeat buckets (casing section) */
} sl_ner_section;
/* Serializes a model file (malloc'd). */
sl_status sl_ner_model_write(const sl_ner_section *secs, size_t nsec, unsigned char **out,
                             size_t *outlen);

#endif
