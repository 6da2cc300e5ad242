/*
 * repair.h — internal interface of the repair stage (text/repair.c) shared with the segmenter,
 * the sentence scorer (eval/sentences.c), the unit tests and the model builder
 * (tools/build_truecase.c).
 *
 * struct sl_truecaser is the immutable bundle behind both text stages that need sentence
 * knowledge: the abbreviation list and sentence starters (resources/abbreviations.txt,
 * resources/segment-starters.txt) read by the segmenter, the word-casing table
 * (resources/truecase-words.tsv), the part-of-speech lexicon (resources/truecase-pos.tsv)
 * and the two sentence-boundary models (models/segment-lower.bin, models/segment-cased.bin)
 * read by repair. The builder computes all of these and uses the same feature function and
 * decoder as repair, so training and tagging cannot drift apart.
 */
#ifndef SL_TEXT_REPAIR_H
#define SL_TEXT_REPAIR_H

#include "text/text.h"

/* Abbreviation classes (resources/abbreviations.txt). */
enum {
    SL_ABBR_NONE = 0,
    SL_ABBR_TITLE = 1, /* never ends a sentence: Mr. Dr. Gen. */
    SL_ABBR_END = 2,   /* may end one before a usual sentence starter: Inc. U.S. Jan. "E." */
    SL_ABBR_NUM = 3    /* an abbreviation only before a number: No. 5, Art. 3 */
};

/* Class of the word w[0..n) (without its period; ASCII case-insensitive). t may be NULL. */
int sl_truecaser_abbrev(const struct sl_truecaser *t, const char *w, size_t n);
/* True when w (any case) is a usual sentence-initial word ("The", "He", "But"). */
bool sl_truecaser_starter(const struct sl_truecaser *t, const char *w, size_t n);

/* Largest word the case and boundary models look at; longer ones are left as they are. */
#define SL_TC_MAX_WORD 64u

/* Casing table lookup: the usual written form of the lower-case word w after the lower-case
 * word prev (prev may be NULL/empty). Returns the form (borrowed, same lower-case as w) or
 * NULL when the word is usually written in lower case. */
const char *sl_truecaser_form(const struct sl_truecaser *t, const char *prev, size_t plen,
                              const char *w, size_t n);

/* ---- sentence-boundary features (shared with the builder) ------------------------------ */

/* Case of a word as written, when the text kept its case (punctuation-stripped only). */
enum {
    SL_BCASE_UNKNOWN = 0, /* the text is lower-cased: case carries no information */
    SL_BCASE_LOWER = 1,   /* "said" */
    SL_BCASE_CAP = 2,     /* "The", "Putin" */
    SL_BCASE_UPPER = 3,   /* "UN", "NATO", all-caps headlines */
    SL_BCASE_NUM = 4      /* starts with a digit */
};

/* One word of the degraded stream, lower-case, as the boundary model sees it; cas is the
 * SL_BCASE_* class of the word as written (SL_BCASE_UNKNOWN in lower-cased text). */
typedef struct sl_bword {
    const char *s;
    uint32_t n;
    uint8_t cas;
} sl_bword;

/* SL_BCASE_* class of the word w[0..n) as written. */
uint8_t sl_bnd_case_of(const char *w, size_t n);

#define SL_BND_MAX_FEATS 56u

/* Feature hashes for "a sentence ends after words[i]". Returns the number written into
 * out[SL_BND_MAX_FEATS]. t gives the casing class and part of speech of the neighbouring
 * words; the written case of the neighbours is used when words[i].cas is known. A gap's
 * features do not depend on the decisions at other gaps: sentence length enters through the
 * decoder (sl_bnd_decode) instead (a greedy length feature was tried and dropped: held-out
 * F1 50.2 with it, 51.3 without). */
size_t sl_bnd_features(const struct sl_truecaser *t, const sl_bword *words, size_t nwords,
                       size_t i, uint64_t *out);

/* The same features with their names (names[k] is NUL-terminated), for the builder. */
#define SL_BND_NAME_MAX 96u
size_t sl_bnd_features_named(const struct sl_truecaser *t, const sl_bword *words, size_t nwords,
                             size_t i, uint64_t *out, char (*names)[SL_BND_NAME_MAX]);
/* Hash of a feature name, as the model file is keyed. */
uint64_t sl_bnd_hash(const char *name, size_t n);

/* Score of a gap under the lower-case boundary model (sl_bnd_model_score for either). */
float sl_bnd_score(const struct sl_truecaser *t, const uint64_t *feats, size_t nf);

/* There are two boundary models: one for lower-cased text (segment-lower.bin, features
 * without case) and one for text that kept its case (segment-cased.bin, the same features
 * plus the written case of the neighbours). sl_bnd_model_for tells which one serves
 * text of that kind: the cased one when it is loaded, else the lower-case one. */
typedef struct sl_bnd_model sl_bnd_model;
const sl_bnd_model *sl_bnd_model_for(const struct sl_truecaser *t, bool cased);
float sl_bnd_model_score(const sl_bnd_model *m, const uint64_t *feats, size_t nf);
float sl_bnd_model_threshold(const sl_bnd_model *m);

/* Decoding. Greedy, a gap is an end when its score is above the threshold. When the model
 * has a sentence-length prior ("@len L<TAB>log p" lines and "@lambda<TAB>x"), the ends of a
 * whole text are chosen together by dynamic programming instead: the best sum over chosen
 * ends of (score - threshold) plus lambda * log P(length) over the sentences they make, so a
 * two-word "sentence" needs far more evidence than a twenty-word one. Past SL_BND_MAX_LEN
 * words the prior falls geometrically: log P(L) = lenlp[MAX] - SL_BND_LEN_TAIL * (L - MAX),
 * lenlp[MAX] being the builder's log P(L >= MAX) + log(1 - exp(-SL_BND_LEN_TAIL)). */
#define SL_BND_MAX_LEN 128u
#define SL_BND_LEN_TAIL 0.05f
/* What a gap allows: */
enum { SL_BND_FREE = 0, SL_BND_MUST = 1, SL_BND_NEVER = 2 };
/* score[i], force[i] for the gap after word i (i + 1 < n); the text's last word always ends
 * a sentence and is not a gap. Writes ends[i] = 1 for chosen ends (ends has n entries).
 * lambda < 0 means "the model's own"; th is the threshold to use (the model's own with
 * sl_bnd_model_threshold). SL_ENOMEM on allocation failure. */
sl_status sl_bnd_decode(const sl_bnd_model *m, float th, float lambda, const float *score,
                        const uint8_t *force, size_t n, uint8_t *ends);

/* Binary boundary-model files (models/segment-lower.bin, models/segment-cased.bin; the
 * layout is described in repair.c). sl_truecaser_from_text takes either these or the TSV
 * form ("feature<TAB>weight", "@threshold", "@lambda", "@len L" lines). */
#define SL_BND_FILE_MAGIC "SLBNDMDL"
#define SL_BND_FILE_VERSION 1u
bool sl_bnd_is_binary(const char *data, size_t len);

/* The texts a truecaser is built from (truecase-words.tsv, truecase-pos.tsv and the two
 * boundary models, binary or TSV); NULL members are left out. */
typedef struct sl_truecaser_src {
    const char *words, *pos, *bounds;
    size_t wlen, plen, blen;
    const char *bounds_cased; /* the cased model; bounds and bounds_cased may be binary files */
    size_t bclen;
} sl_truecaser_src;
/* Builds a truecaser from in-memory texts (the abbreviation and starter lists always come
 * from the embedded resources). Used by sl_truecaser_load, the builder and the tests. */
sl_status sl_truecaser_from_text(const sl_truecaser_src *src, struct sl_truecaser **out);
/* Usual part-of-speech tag (Penn) of a lower-case word, or a guess from its shape ("?s",
 * "?ing", "?NNP" for a word the casing table knows as a name). Never NULL. */
const char *sl_truecaser_pos(const struct sl_truecaser *t, const char *w, size_t n);

/* The words of s as the repair stage sees them: maximal runs of letters, marks and digits.
 * *out is malloc'd (free it); SL_ELIMIT past SL_MAX_TOKENS words. */
sl_status sl_repair_words(const char *s, size_t n, sl_span **out, size_t *nout);
/* The degradation seed 002 shows: every word lower-cased, everything else (punctuation,
 * line breaks) dropped, words joined by one space. Appends to out. */
sl_status sl_repair_degrade(const char *s, size_t n, sl_buf *out);
/* The same with the case kept: punctuation and line breaks dropped only (the literal
 * "punctuation-stripped" feed). */
sl_status sl_repair_strip(const char *s, size_t n, sl_buf *out);

/* After sl_segment: ends[i] = 1 when word i (spans from sl_repair_words over d->text) is the
 * last word of a sentence, else 0. */
void sl_repair_sentence_ends(const sl_doc *d, const sl_span *w, size_t nw, uint8_t *ends);

/* Degradation detectors on a text, exposed for tests and the scorer. */
bool sl_repair_is_lowercased(const char *s, size_t n);
bool sl_repair_is_nopunct(const char *s, size_t n);

#endif
