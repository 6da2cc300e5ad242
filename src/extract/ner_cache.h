/*
 * ner_cache.h — the tagger's word-type cache, with its word-pair cache and small tables
 * (ner_cache.c), used by ner.c.
 *
 * Most static features of a token read one word only (the token itself or one neighbour;
 * see sl_ner_word_feats), so their summed weight rows are a property of the word type. The
 * cache keeps, per word type, the token fields (sl_ner_tokinfo_word) and one summed row per
 * role: the word as the token itself, as its neighbour at -1, +1, -2, +2, and its
 * tag-dependent features after an O. Tagging a token then reads five cached rows that are
 * usually in the CPU cache (frequent words) instead of ~40 random rows of a weight table of
 * several MB. The sums are the same int32 sums (wrapping) as the uncached path, so tags are
 * identical. One cache per thread and weight table, cleared when full.
 */
#ifndef SL_EXTRACT_NER_CACHE_H
#define SL_EXTRACT_NER_CACHE_H

#include "extract/ner.h"

/* Tokens up to this many bytes are cached (compared byte for byte, as three zero-padded
 * 8-byte words); longer ones get an entry of their own that is not looked up again. */
#define SL_NER_CACHE_KEYLEN 24u
/* Words per cache before it is cleared; a document with more distinct words than this is
 * tagged without the cache. 384 bytes each: at most 12 MB per table and thread, touched only
 * as words arrive (the 1,322 bench articles have ~40k distinct tokens). */
#define SL_NER_CACHE_WORDS 32768u

/* An entry is six cache lines, all of which a token's tagging reads (its own rows and those
 * of its neighbours): rows that need int32 (the word itself, as -1 / +1 neighbour, after an
 * O), the -2 / +2 rows in int16 (3 features each; all but ~1 in 3,000 words fit, and the
 * others' features are looked up one by one: wide2), and in the last line the key with the
 * token fields the tagger reads after the entry is filled (sl_ner_went_info). */
#define SL_NER_WENT_SELF 0
#define SL_NER_WENT_M1   1
#define SL_NER_WENT_P1   2
#define SL_NER_WENT_DYN0 3
typedef struct sl_ner_went {
    _Alignas(64) int32_t v[4][16];         /* summed rows relative to O: SELF, M1, P1, DYN0 */
    int16_t v2[2][16];                     /* M2, P2 (when !wide2) */
    uint64_t key[SL_NER_CACHE_KEYLEN / 8]; /* token bytes, zero-padded */
    uint64_t h1;                           /* lexicon phrase hash of the raw token */
    uint32_t lw, shortshape, suf2;         /* sl_ner_tokinfo_word's lw, shortshape, suf[2] */
    uint16_t bits1;                        /* lexicon bits of the raw token */
    uint8_t flags, caseb, first, clus, clus2;
    uint8_t wide2;                         /* M2 / P2 did not fit int16: not in v2 */
    uint8_t len;                           /* key length; > SL_NER_CACHE_KEYLEN: not keyed */
} sl_ner_went;

/* The word fields of an entry as sl_ner_tokinfo_word gives them, but for those the tagger
 * no longer reads once the entry is filled (w, shape, prefixes, other suffixes: 0). */
static inline void sl_ner_went_info(const sl_ner_went *e, sl_ner_tokinfo *t)
{
    memset(t, 0, sizeof *t);
    t->lw = e->lw;
    t->shortshape = e->shortshape;
    t->suf[2] = e->suf2;
    t->flags = e->flags;
    t->caseb = e->caseb;
    t->first = e->first;
    t->clus = e->clus;
    t->clus2 = e->clus2;
}

typedef struct sl_ner_cache sl_ner_cache;

/* The calling thread's cache for weight table w with this lexicon and word tables (ci: w is
 * the case-insensitive table); NULL when out of memory (tag without it). */
sl_ner_cache *sl_ner_cache_for(const sl_ner_weights *w, const struct sl_lexicon *lex,
                               const sl_ner_words *words, bool ci);
/* Makes room for n more words, clearing the cache if needed: entries returned after this
 * call stay valid until the next sl_ner_cache_reserve. false when n can never fit. */
bool sl_ner_cache_reserve(sl_ner_cache *c, size_t n);
/* Entry of a token's word (filled on first sight). Call only within a reservation. */
const sl_ner_went *sl_ner_cache_word(sl_ner_cache *c, const sl_ner_tok *tok);
/* The same for n tokens: out[i] is the entry of toks[i] (lookups batched for speed). */
void sl_ner_cache_words(sl_ner_cache *c, const sl_ner_tok *toks, size_t n, const sl_ner_went **out);
/* Summed row of a missing neighbour (sentence boundary) in role M1, P1, M2 or P2. */
const int32_t *sl_ner_cache_bound(const sl_ner_cache *c, int role);

/* Adjacent word-type pairs (sl_ner_pair_feats): v[SL_NER_PAIR_RIGHT] is the summed row of the
 * right word's pair features, v[SL_NER_PAIR_LEFT] the left word's. Word pairs repeat in news
 * text ("of the", "the president", "said on"), and each of the eight features was a random
 * probe into the weight table; a pair then costs one cache line for the two tokens it joins.
 * A pair gets its entry the second time it is seen: filling one costs more than looking its
 * features up with the rest of the token's, and about half the pairs of a text occur once.
 * The sums are held in int16 (one 64-byte line per pair), which fits all but ~1 in 7,000
 * pairs; those, pairs seen once, pairs of a long token, and pairs arriving when
 * SL_NER_CACHE_PAIRS are kept (or 2 x as many keys seen), have no entry, and their features
 * are looked up one by one as before. Keyed by the two words' cache entries, so the pairs go
 * when the word cache is cleared. */
#define SL_NER_CACHE_PAIRS 131072u
typedef struct sl_ner_pent {
    _Alignas(64) int16_t v[2][16];
} sl_ner_pent;
/* The n + 1 pairs of a sentence's n tokens (ent[i] their entries, within the current
 * reservation): out[j] joins token j - 1 and token j (j = 0: sentence start before token 0;
 * j = n: the end after token n - 1); NULL when the pair has no entry. */
void sl_ner_cache_pairs(sl_ner_cache *c, const sl_ner_went *const *ent, size_t n, const sl_ner_pent **out);
/* For tests: at most max pair entries (and 2 x max pairs remembered) in c from now on, so
 * that the full-cache path runs on small inputs. */
void sl_ner_cache_limit_pairs(sl_ner_cache *c, size_t max);

/* Summed row of the previous-tag features (the beam decoder's S_tagrow in ner.c): r < 17 the
 * previous tag r alone, else the pair (p2, p1) = ((r - 17) / 17, (r - 17) % 17). Filled with
 * the cache, so that no document pays their lookups again. */
#define SL_NER_NTAGROWS (SL_NER_NTAGS * (SL_NER_NTAGS + 1))
const int32_t *sl_ner_cache_tagrow(const sl_ner_cache *c, int r);

/* Rows of the features of few values (sl_ner_small_feat), filled with the cache: gaz[kind][v]
 * for the gazetteer codes v = 0..31 (index 32: 0xff, no neighbour) of kind GAZ, GAZM1, GAZP1;
 * case3[sl_ner_small_case(-1, 0, +1)] for casing buckets 0..5 (9: no neighbour, index 6). */
#define SL_NER_NGAZ 33u
#define SL_NER_NCASE 7u
typedef struct sl_ner_small {
    _Alignas(64) int32_t gaz[3][SL_NER_NGAZ][16];
    int32_t case3[SL_NER_NCASE * SL_NER_NCASE * SL_NER_NCASE][16];
} sl_ner_small;
const sl_ner_small *sl_ner_cache_small(const sl_ner_cache *c);
/* Table index of a gazetteer code (0xff: no neighbour) or a casing bucket (9: none); -1 when
 * out of the table's range (the caller then looks the feature up the usual way). */
static inline int sl_ner_small_gaz(uint32_t g) { return g < 32u ? (int)g : g == 0xffu ? 32 : -1; }
static inline int sl_ner_small_case(uint32_t cm1, uint32_t c, uint32_t cp1)
{
    if ((cm1 > 5 && cm1 != 9) || c > 5 || (cp1 > 5 && cp1 != 9)) return -1;
    cm1 = cm1 == 9 ? 6 : cm1;
    cp1 = cp1 == 9 ? 6 : cp1;
    return (int)((cm1 * SL_NER_NCASE + c) * SL_NER_NCASE + cp1);
}

#endif
