/*
 * engine.h — the immutable bundle of resources and models the stages read.
 *
 * Each module owns its resource type and its loader (from the embedded resources/ and
 * models/ files); the engine only holds them. Nothing here is mutated after sl_engine_new
 * (except a text-only engine's truecaser_full, set once under full_mu), so one engine serves
 * any number of threads.
 */
#ifndef SL_ENGINE_H
#define SL_ENGINE_H

#include <pthread.h>

#include "core/core.h"

struct sl_boiler;     /* text/clean.c     boilerplate rules (resources/boilerplate.txt) */
struct sl_truecaser;  /* text/repair.c    case and sentence-boundary models */
struct sl_lexicon;    /* extract/lexicon.c stopwords, titles, gazetteers */
struct sl_ner_model;  /* extract/ner.c    trained tagger (models/ner.bin), may be NULL */
struct sl_cameo;      /* extract/events.c CAMEO verb and actor dictionaries */

struct sl_engine {
    struct sl_boiler *boiler;
    struct sl_truecaser *truecaser;
    struct sl_lexicon *lex;
    struct sl_ner_model *ner;
    struct sl_cameo *cameo;
    bool text_only;       /* SL_ENGINE_TEXT_ONLY: ner and cameo are NULL, only the text stages run */
    /* A text-only engine's truecaser has only the abbreviation and starter lists segmentation
     * reads (case tables and boundary models are almost all its start-up cost and serve only
     * degraded articles); the full one is loaded the first time an article needs it, under
     * full_mu (the one mutable part of an engine). */
    struct sl_truecaser *truecaser_full;
    pthread_mutex_t full_mu;
};

#endif
