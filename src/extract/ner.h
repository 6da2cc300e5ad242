/*
 * ner.h — internal interface of the named-entity tagger (ner*.c), its lexicon (lexicon.c),
 * the CoNLL reader and the conlleval-style scorer (ner_conll.c).
 *
 * The tagger works on plain token strings grouped into sentences and documents, so the same
 * code path tags an sl_doc in the pipeline (sl_ner), a CoNLL file in `storyline eval ner`,
 * and the training data in `storyline train ner`. Tags are BILOU over PER/ORG/LOC/MISC:
 *
 *   0 = O, then 1 + 4*type + pos with pos B=0, I=1, L=2, U=3  (17 tags)
 *
 * which is what sl_token.ent holds after sl_ner.
 */
#ifndef SL_EXTRACT_NER_H
#define SL_EXTRACT_NER_H

#include "extract/extract.h"

#define SL_NER_NTAGS 17
#define SL_NER_B 0
#define SL_NER_I 1
#define SL_NER_L 2
#define SL_NER_U 3
static inline int sl_ner_mktag(int type, int pos) { return 1 + 4 * type + pos; }
static inline int sl_ner_tag_type(int tag) { return tag ? (tag - 1) / 4 : -1; }
static inline int sl_ner_tag_pos(int tag) { return tag ? (tag - 1) % 4 : -1; }

/* Hypotheses of the beam decoder, in training and tagging alike (ner.c, ner_train.c): the
 * weights are trained for this decoder, so changing it means retraining (weights trained with
 * a beam of 4 score 92.80 on CoNLL valid with it, 89.84 decoded greedily). 2 scored 92.40
 * (greedy training and decoding: 91.29); 4 made the NER stage about 30% slower (docs/NER.md). */
#define SL_NER_BEAM 2

/* Longest token the tagger looks at; longer tokens are cut (features only, never spans). */
#define SL_NER_MAX_TOKLEN 64u
/* Most features one token can have (static + dynamic). */
#define SL_NER_MAX_FEATS 96u
/* Longest gazetteer phrase in tokens. */
#define SL_GAZ_MAX_WORDS 6u

/* ---- lexicon (lexicon.c) ------------------------------------------------------------------ */

/* Gazetteer classes (bit flags: a phrase may be in several lists). */
#define SL_GAZ_COUNTRY     1u
#define SL_GAZ_NATIONALITY 2u
#define SL_GAZ_CITY        4u
#define SL_GAZ_TITLE       8u
#define SL_GAZ_NCLASSES    4u
#define SL_LEX_STOP        16u /* stopword (same table) */
#define SL_GAZ_FIRSTNAME   32u /* person first name (single words) */
#define SL_GAZ_KSURNAME    64u /* Korean family name (single words; no feature reads it) */
#define SL_LEX_PREFIX      128u /* the words so far begin a longer gazetteer phrase */

/* Hash of a lower-cased phrase as the lexicon stores it: words joined by one space. Feed words
 * one by one with sl_lex_phrase_add (h starts at sl_lex_phrase_init()). */
uint64_t sl_lex_phrase_init(void);
uint64_t sl_lex_phrase_add(uint64_t h, const char *w, size_t n, bool first);
/* Class bits of a phrase hash, 0 when absent. */
unsigned sl_lex_gaz(const struct sl_lexicon *l, uint64_t phrase_hash);

/* ---- tokens as the tagger sees them ------------------------------------------------------ */

typedef struct sl_ner_tok {
    const char *s;
    uint32_t len;
} sl_ner_tok;

/* A span of tokens [first, end) that is one sentence; `doc` groups sentences into
 * documents (document-level memory of earlier predictions is reset between documents). */
typedef struct sl_ner_sent {
    uint32_t first, end;
    uint32_t doc;
} sl_ner_sent;

/* ---- model (ner_model.c) ----------------------------------------------------------------- */

/* One weight table: feature key -> SL_NER_NTAGS weights.
 *
 * For tagging, rows are held relative to the O tag: frows[16 * r + t - 1] = w[t] - w[O]. An
 * argmax is unchanged by subtracting the same per-feature amount from every tag, and 16 int16
 * make a 32-byte row that sits in one cache line and sums in two vector adds. A row whose
 * differences do not fit int16 lives in `wide` (16 int32) instead. Key and row index share
 * one 8-byte slot, so a lookup costs one cache miss for the slot and one for the row. */
#define SL_NER_WIDE 0x80000000u /* slot row index flag: the row is in `wide` */
typedef struct sl_ner_weights {
    uint64_t *slot;      /* open addressing: key | row index << 32; 0 = empty (keys are never 0) */
    size_t cap;          /* power of two */
    size_t nfeat;
    int16_t *rows;       /* nfeat * SL_NER_NTAGS, quantized; input of sl_ner_weights_index,
                          * not used for tagging (the loader frees it) */
    int16_t *frows;      /* nfeat * 16, relative to O, 32-byte aligned */
    int32_t *wide;       /* nwide * 16 */
    size_t nwide;
    uint64_t gen;        /* unique per sl_ner_weights_index call: names the table for the
                          * word-type cache (ner_cache.c) */
    uint64_t *filt;      /* presence filter of the keys (sl_ner_maybe), built with slot */
    unsigned filt_shift; /* 64 - log2(words in filt) */
} sl_ner_weights;

/* Whether key k may be in w; false: certainly not. Most context features a token asks for
 * (word pairs and the like) are not in the model, and each such probe cost a cache miss on
 * the slot table. The filter (two bits per key, set in one 64-bit word; ~12 bits per key,
 * ~2% false positives) is small enough to stay in the CPU's L2 cache. */
static inline bool sl_ner_maybe(const sl_ner_weights *w, uint32_t k)
{
    uint64_t h = (uint64_t)k * 0x9e3779b97f4a7c15ULL;
    uint64_t bits = (1ULL << (h & 63)) | (1ULL << ((h >> 6) & 63));
    return (w->filt[h >> w->filt_shift] & bits) == bits;
}

/* Casing prior learned from cased text: lower-cased word hash (sl_ner_tokinfo.lw) ->
 * bucket 1..5 of how often the word is capitalized away from sentence starts (<5%, <30%,
 * <70%, <95%, more). It tells the case-insensitive model that "putin" is a name. */
typedef struct sl_ner_casing {
    uint32_t *keys;  /* sorted ascending */
    uint8_t *bucket;
    size_t n;
} sl_ner_casing;
uint8_t sl_ner_casing_get(const sl_ner_casing *c, uint32_t lw);

/* The three word tables (casing prior, clusters, coarse clusters) joined into one hash table
 * for tagging: one probe per token instead of three binary searches. */
typedef struct sl_ner_words {
    uint64_t *slot;  /* lw | (caseb | clus << 8 | clus2 << 16) << 32; 0 = empty */
    size_t cap;      /* power of two (0: no tables, every word unknown) */
} sl_ner_words;
/* Builds w from cas[0..2] (casing prior, clusters, coarse clusters). */
sl_status sl_ner_words_build(const sl_ner_casing cas[3], sl_ner_words *w);
void sl_ner_words_free(sl_ner_words *w);

#define SL_NER_CASED 0
#define SL_NER_CI    1  /* case-insensitive: features from lower-cased tokens */
struct sl_ner_model {
    sl_ner_weights w[2];
    bool have[2];
    sl_ner_casing cas;
    sl_ner_casing clus; /* same shape: word -> exchange-cluster id 1..255 (ner_train.c) */
    sl_ner_casing clus2; /* coarser clustering of the same words (ids 1..SL_NER_NCLUS2) */
    sl_ner_words words;  /* cas, clus and clus2 joined (sl_ner_words_build) */
};

/* Validates and loads a model image (magic, version, checksum, sections). SL_EMODEL with a
 * message in err on any defect; never reads outside [data, data+len). Owned; free with
 * sl_ner_model_free. */
sl_status sl_ner_model_parse(const void *data, size_t len, struct sl_ner_model **out,
                             char *err, size_t errlen);

/* ---- tagging (ner.c) ---------------------------------------------------------------------- */

/* Tags a run of sentences (in order; documents contiguous). `model` may be NULL: the rule
 * tagger is used. ci selects the case-insensitive model (falls back to the cased one when it
 * is absent). tags[i] gets the BILOU tag of toks[i]. */
sl_status sl_ner_tag(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                     const sl_ner_tok *toks, size_t ntoks, const sl_ner_sent *sents,
                     size_t nsents, uint8_t *tags);

/* Splits a two-word person mention of d->mentions whose first word ends another person's
 * name of two or more words and whose second word begins a different one ("putin kim" in "a
 * putin kim summit", beside "vladimir putin" and "kim jong un") into two persons. sl_ner
 * calls it after building the mentions. */
sl_status sl_ner_split_joined_persons(sl_doc *d);

/* The same without the word-type cache (ner_cache.h): identical tags, for tests. */
sl_status sl_ner_tag_uncached(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                              const sl_ner_tok *toks, size_t ntoks, const sl_ner_sent *sents,
                              size_t nsents, uint8_t *tags);

/* ---- features (ner_features.c) ------------------------------------------------------------ */

/* Per-token precomputed hashes: computed once per token so that context features cost a
 * mix of two integers, not a rehash of strings. */
typedef struct sl_ner_tokinfo {
    uint32_t w, lw, shape, shortshape, pre[4], suf[4];
    uint32_t gaz;      /* gazetteer class bits << 2 | position (0 B, 1 I, 2 L, 3 U), 0 = none */
    uint8_t flags;     /* SL_NER_F_* */
    uint8_t caseb;     /* casing-prior bucket, 0 = unknown word */
    uint8_t first;     /* 1 when the word is a known first name */
    uint8_t clus;      /* word cluster, 0 = unknown */
    uint8_t clus2;     /* coarse word cluster, 0 = unknown */
    /* Context of the first occurrence of this word in the document (sl_ner_doc_fill): words
     * before/after it, its short shape, clusters before/after; foss = 0 when none (the word is
     * not a memory word, or this is its first occurrence). */
    uint32_t fom1, fop1, foss;
    uint8_t focm1, focp1;
} sl_ner_tokinfo;
#define SL_NER_F_INITCAP 1u
#define SL_NER_F_ALLCAP  2u
#define SL_NER_F_DIGIT   4u
#define SL_NER_F_PUNCT   8u
#define SL_NER_F_STOP    16u
#define SL_NER_F_TITLE   32u
#define SL_NER_F_ALPHA   64u

/* Fills info for one sentence's tokens (ci: as if lower-cased). words: NULL or the joined
 * word tables (casing prior, clusters, coarse clusters). It is sl_ner_tokinfo_word on every
 * token, then sl_ner_tokinfo_sent. */
void sl_ner_tokinfo_fill(const struct sl_lexicon *lex, const sl_ner_words *words, bool ci,
                         const sl_ner_tok *toks, size_t n, sl_ner_tokinfo *info);
/* The fields of one token that depend on its own bytes only (no gaz, no SENTCAPS, no
 * first-occurrence fields). */
void sl_ner_tokinfo_word(const struct sl_lexicon *lex, const sl_ner_words *words, bool ci,
                         const sl_ner_tok *tok, sl_ner_tokinfo *t);
/* The sentence-level fields (all-capitals sentence flag, gazetteer matches) of n tokens whose
 * word fields are filled. h1/bits1 (optional, both or neither): each token's phrase hash
 * sl_lex_phrase_add(sl_lex_phrase_init(), s, len, true) and its lexicon bits, if known. */
void sl_ner_tokinfo_sent(const struct sl_lexicon *lex, const sl_ner_tok *toks, size_t n,
                         const uint64_t *h1, const uint16_t *bits1, sl_ner_tokinfo *info);
/* Document map (lower-cased word -> first token), scratch reused across documents. */
typedef struct sl_ner_docmap {
    uint32_t *key, *idx;
    size_t cap;
} sl_ner_docmap;
void sl_ner_docmap_free(sl_ner_docmap *m);
/* Fills the first-occurrence fields of one document's tokens: info[sents[s].first - base]
 * is the first token of sentence s. false on out-of-memory. */
bool sl_ner_doc_fill(sl_ner_tokinfo *info, size_t base, const sl_ner_sent *sents, size_t nsents,
                     sl_ner_docmap *m);
/* Static (tag-independent) features of token i of a sentence of n; returns the count. */
size_t sl_ner_static_feats(const sl_ner_tokinfo *ti, size_t n, size_t i, bool ci,
                           uint32_t *out);
/* Tag-dependent features: previous two predicted tags, and the document memory `hist`
 * (0 = word unseen, 1 = seen only outside entities, 2 + type = mostly tagged as type). */
size_t sl_ner_dyn_feats(const sl_ner_tokinfo *ti, int p1, int p2, int hist, uint32_t *out);

/* The static features split by the word they depend on (the word-type cache of ner_cache.c):
 * a token's static features are, as a multiset, the SELF features of the token, the M1/P1/
 * M2/P2 features of its neighbours at -1/+1/-2/+2 (t = NULL where the sentence has no such
 * neighbour), and sl_ner_ctx_feats. DYN0 is the part of sl_ner_dyn_feats that depends on the
 * word when the previous tag is O (the beam decoder adds the rest with sl_ner_dyn_tag and
 * sl_ner_dyn_word, below). */
#define SL_NER_ROLE_SELF 0
#define SL_NER_ROLE_M1   1
#define SL_NER_ROLE_P1   2
#define SL_NER_ROLE_M2   3
#define SL_NER_ROLE_P2   4
#define SL_NER_ROLE_DYN0 5
#define SL_NER_NROLES    6
size_t sl_ner_word_feats(const sl_ner_tokinfo *t, int role, bool ci, uint32_t *out);
size_t sl_ner_ctx_feats(const sl_ner_tokinfo *ti, size_t n, size_t i, bool ci, uint32_t *out);
/* sl_ner_ctx_feats split once more (ner_features.c explains it): the features of an adjacent
 * pair (a, b) — side RIGHT: those of b with a before it (a = NULL at a sentence start); side
 * LEFT: those of a with b after it (b = NULL at the end) — and the rest; with small = false
 * the rest leaves out the four features of few values, sl_ner_small_feat(kind, ...): the
 * gazetteer code of the token (GAZ), of its neighbours (GAZM1, GAZP1; 0xff: none), and the
 * casing-prior trigram (CASE3: buckets at -1, 0, +1; 9: none). */
#define SL_NER_PAIR_RIGHT 0
#define SL_NER_PAIR_LEFT  1
#define SL_NER_SMALL_GAZ   0
#define SL_NER_SMALL_GAZM1 1
#define SL_NER_SMALL_GAZP1 2
#define SL_NER_SMALL_CASE3 3
size_t sl_ner_pair_feats(const sl_ner_tokinfo *a, const sl_ner_tokinfo *b, int side, uint32_t *out);
size_t sl_ner_ctx_rest(const sl_ner_tokinfo *ti, size_t n, size_t i, bool ci, bool small, uint32_t *out);
uint32_t sl_ner_small_feat(int kind, uint32_t a, uint32_t b, uint32_t c);
/* sl_ner_dyn_feats split for the beam decoder: the features of the previous tags alone
 * (sl_ner_dyn_tag: previous tag, previous two tags; their rows are looked up once per call)
 * and the rest (sl_ner_dyn_word: previous tag x word / shape / suffix — left out when no_p1,
 * as the DYN0 row of the word-type cache holds them after an O — and the document memory). */
size_t sl_ner_dyn_tag(int p1, int p2, uint32_t *out);
size_t sl_ner_dyn_word(const sl_ner_tokinfo *t, int p1, int hist, bool no_p1, uint32_t *out);

/* Document memory: lower-cased word hash -> counts of predicted types. */
typedef struct sl_ner_hist {
    uint32_t *key;
    uint16_t (*cnt)[5]; /* O, PER, ORG, LOC, MISC */
    size_t cap, n;
} sl_ner_hist;
void sl_ner_hist_reset(sl_ner_hist *h);
void sl_ner_hist_free(sl_ner_hist *h);
int sl_ner_hist_get(const sl_ner_hist *h, uint32_t lw);
/* The same with extra counts (O, PER, ORG, LOC, MISC) added to the word's: the tags a beam
 * hypothesis gave the word earlier in the current sentence, not yet in h. */
int sl_ner_hist_get_extra(const sl_ner_hist *h, uint32_t lw, const uint16_t extra[5]);
/* false on out-of-memory */
bool sl_ner_hist_add(sl_ner_hist *h, uint32_t lw, int type);
/* Whether a token takes part in document memory (words with letters, not stopwords). */
static inline bool sl_ner_hist_wanted(const sl_ner_tokinfo *t)
{
    return (t->flags & SL_NER_F_ALPHA) && !(t->flags & SL_NER_F_STOP);
}


/* Valid BILOU transition from p to t (p = 0 at sentence start); `last` = last token. */
bool sl_ner_valid(int p, int t, bool last);

/* ---- CoNLL data and scoring (ner_conll.c) ------------------------------------------------- */

typedef struct sl_conll {
    char *buf;              /* owns the token strings */
    sl_ner_tok *toks;
    uint8_t *gold;          /* IOB2 tags as BILOU (converted), per token */
    uint8_t *gold_iob;      /* original tag: 0 O, 1 + 2*type + (0 B | 1 I) */
    size_t ntoks;
    sl_ner_sent *sents;
    size_t nsents;
    size_t ndocs;
} sl_conll;

/* Reads a CoNLL-2003 file (TOKEN POS CHUNK NER). err gets "FILE:LINE: why". */
sl_status sl_conll_read(const char *path, sl_conll *c, char *err, size_t errlen);
void sl_conll_free(sl_conll *c);
/* Lower-cases every token and drops tokens made only of punctuation (the --degrade view). */
sl_status sl_conll_degrade(sl_conll *c);

/* conlleval: entity-level counts over IOB tags (0 O, 1 + 2*type + (0 B | 1 I)); chunk
 * boundaries follow conlleval (an I- after O or after another type starts a chunk). */
typedef struct sl_ner_counts {
    size_t gold, pred, correct;
    size_t gold_t[SL_ENT_NTYPES], pred_t[SL_ENT_NTYPES], correct_t[SL_ENT_NTYPES];
} sl_ner_counts;
/* Adds the chunks of one sentence to c. */
void sl_ner_score_sentence(const uint8_t *gold, const uint8_t *pred, size_t n, sl_ner_counts *c);
/* Percentages (0 when undefined). */
void sl_ner_prf(size_t gold, size_t pred, size_t correct, double *p, double *r, double *f);
/* BILOU -> IOB2 code as above. */
uint8_t sl_ner_bilou_to_iob(int tag);

/* ---- training (ner_train.c) --------------------------------------------------------------- */

typedef struct sl_ner_train_opts {
    int epochs;          /* passes over the data */
    uint64_t seed;       /* shuffling of documents */
    size_t max_features; /* kept per model after training (largest weights first) */
    const sl_conll *dev, *dev_deg; /* optional: F1 printed after each epoch */
    const char *const *unlabeled;  /* cased text files/folders for the casing prior */
    size_t nunlabeled;
    bool verbose;                  /* progress and timings on stderr */
    int bags;                      /* > 1: average the models of this many seeds (bagging) */
} sl_ner_train_opts;

/* Trains both models — cased on `train`, case-insensitive on `train_deg` (the same data
 * through sl_conll_degrade; NULL = no such model) — and writes the model file. */
sl_status sl_ner_train(const struct sl_lexicon *lex, const sl_conll *train,
                       const sl_conll *train_deg, const sl_ner_train_opts *o,
                       const char *out_path, char *err, size_t errlen);


/* Tags a whole CoNLL set with `model` (ci: the case-insensitive weights) and adds the
 * entity counts; pred (optional, ntoks) receives the IOB codes predicted. */
sl_status sl_ner_eval(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                      const sl_conll *c, uint8_t *pred, sl_ner_counts *counts);

#endif
