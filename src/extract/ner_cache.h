/*
 * ner_cache.h — the tagger's word-type cache (ner_cache.c), used by ner.c.
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
 * tagged without the cache. 512 bytes each: at most 16 MB per table and thread, touched only
 * as words arrive (the 1,322 bench articles have ~40k distinct tokens). */
#define SL_NER_CACHE_WORDS 32768u

typedef struct sl_ner_went {
    _Alignas(64) int32_t v[SL_NER_NROLES][16]; /* summed rows relative to O, per role */
    sl_ner_tokinfo ti;                         /* sl_ner_tokinfo_word of the word */
    uint64_t h1;                               /* lexicon phrase hash of the raw token */
    uint16_t bits1;                            /* its lexicon bits */
    uint64_t key[SL_NER_CACHE_KEYLEN / 8];     /* token bytes, zero-padded */
    uint8_t len;                               /* key length; > SL_NER_CACHE_KEYLEN: not keyed */
} sl_ner_went;

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

#endif
