/*
 * repair.h — internal interface of the repair stage (text/repair.c) shared with the segmenter,
 * the sentence scorer (eval/sentences.c), the unit tests and the model builder
 * (tools/build_truecase.c).
 *
 * struct sl_truecaser is the immutable bundle behind both text stages that need sentence
 * knowledge: the abbreviation list and sentence starters (resources/abbreviations.txt,
 * resources/segment-starters.txt) read by the segmenter, the word-casing table
 * (resources/truecase-words.tsv) and the sentence-boundary perceptron
 * (resources/truecase-bounds.tsv) read by repair. The builder computes the last two and
 * uses the same feature function as repair, so training and tagging cannot drift apart.
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

/* One word of the degraded stream, lower-case, as the boundary model sees it. */
typedef struct sl_bword {
    const char *s;
    uint32_t n;
} sl_bword;

#define SL_BND_MAX_FEATS 40u

/* Feature hashes for "a sentence ends after words[i]". Returns the number written into
 * out[SL_BND_MAX_FEATS]. t gives the casing class and part of speech of the neighbouring
 * words. The decision for one gap does not depend on the others (a sentence-length feature
 * with greedy decoding was tried and dropped: held-out F1 50.2 with it, 51.3 without). */
size_t sl_bnd_features(const struct sl_truecaser *t, const sl_bword *words, size_t nwords,
                       size_t i, uint64_t *out);

/* The same features with their names (names[k] is NUL-terminated), for the builder. */
#define SL_BND_NAME_MAX 96u
size_t sl_bnd_features_named(const struct sl_truecaser *t, const sl_bword *words, size_t nwords,
                             size_t i, uint64_t *out, char (*names)[SL_BND_NAME_MAX]);
/* Hash of a feature name, as the model file is keyed. */
uint64_t sl_bnd_hash(const char *name, size_t n);

/* Score of a gap under the loaded boundary model (> 0 means "sentence ends here"). */
float sl_bnd_score(const struct sl_truecaser *t, const uint64_t *feats, size_t nf);

/* The texts a truecaser is built from (the TSV formats of truecase-words.tsv,
 * truecase-pos.tsv and truecase-bounds.tsv); NULL members are left out. */
typedef struct sl_truecaser_src {
    const char *words, *pos, *bounds;
    size_t wlen, plen, blen;
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

/* After sl_segment: ends[i] = 1 when word i (spans from sl_repair_words over d->text) is the
 * last word of a sentence, else 0. */
void sl_repair_sentence_ends(const sl_doc *d, const sl_span *w, size_t nw, uint8_t *ends);

/* Degradation detectors on a text, exposed for tests and the scorer. */
bool sl_repair_is_lowercased(const char *s, size_t n);
bool sl_repair_is_nopunct(const char *s, size_t n);

#endif
