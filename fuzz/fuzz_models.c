/*
 * fuzz_models.c — libFuzzer harness for the parsers of model and dictionary files, which a
 * user can point Storyline at (`train`, `eval events --dict DIR`) or which may be truncated
 * or corrupted on disk: the NER model image (sl_ner_model_parse), the sentence-boundary
 * models of the truecaser (binary models/segment-*.bin or their TSV form, through
 * sl_truecaser_from_text) and the TABARI/PETRARCH dictionaries (actors, agents, verbs).
 *
 * The first input byte picks the parser, the rest is the file. A refusal (SL_EMODEL, SL_E*)
 * is the expected answer to bad bytes; a crash, a leak, a sanitizer report, or a refusal
 * without a message from the NER parser is a bug. Build with fuzz/build.sh; with
 * -DSL_FUZZ_MAIN a main() replays files named on the command line (gcc, no libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "extract/cameo.h"
#include "extract/extract.h"
#include "extract/ner.h"
#include "text/repair.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned which = data[0] % 5;
    const char *file = (const char *)data + 1;
    size_t len = size - 1;
    switch (which) {
    case 0: { /* the NER model image */
        struct sl_ner_model *m = NULL;
        char err[256] = "";
        sl_status st = sl_ner_model_parse(file, len, &m, err, sizeof err);
        if (st == SL_OK) sl_ner_model_free(m);
        else if (!err[0] && st == SL_EMODEL) __builtin_trap(); /* a refusal names its reason */
        break;
    }
    case 1:   /* a boundary model in place of the lower-case one */
    case 2: { /* ... and of the cased one */
        sl_truecaser_src src;
        memset(&src, 0, sizeof src);
        /* empty casing and POS tables: the boundary models are what is fuzzed, and the
         * megabyte tables would make every run slow */
        src.words = "", src.pos = "";
        if (which == 1) src.bounds = file, src.blen = len;
        else src.bounds_cased = file, src.bclen = len;
        struct sl_truecaser *t = NULL;
        if (sl_truecaser_from_text(&src, &t) == SL_OK) sl_truecaser_free(t);
        break;
    }
    default: { /* a TABARI/PETRARCH dictionary: actors, agents or verbs */
        struct sl_cameo *c = NULL;
        if (sl_cameo_new_empty(&c) != SL_OK) break;
        if (which == 3) sl_cameo_add_actors(c, file, len);
        else if (data[0] & 8) sl_cameo_add_agents(c, file, len);
        else sl_cameo_add_verbs(c, file, len);
        sl_cameo_free(c);
        break;
    }
    }
    return 0;
}

#include "fuzz/replay.h"
