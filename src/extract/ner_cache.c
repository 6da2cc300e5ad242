/*
 * ner_cache.c — per-thread word-type cache of the tagger's word-local scores (see
 * ner_cache.h for what it holds and why; ner.c uses it for every model-tagged document).
 *
 * The NER stage was bound by cache misses: ~50 features per token, each a random probe into
 * a weight table of several MB. About 40 of them depend on one word only, and word types
 * repeat (Zipf): filling an entry costs those probes once per type and thread, after which a
 * token costs its five role rows from an entry that is usually already in the CPU cache.
 *
 * The engine (and its model) is shared by threads, so the cache is the calling thread's
 * (pthread key, freed at thread exit), and it is tied to one weight table by the table's
 * generation number, to one lexicon and to one set of word tables; a thread keeps two (the
 * cased and case-insensitive tables of one model). Entries are keyed by the token bytes
 * themselves, not a hash, so a lookup can never return another word's scores. When full,
 * the cache is cleared (the words of the next documents come back first).
 */
#include <pthread.h>
#include <stdlib.h>

#include "extract/ner_cache.h"
#include "extract/ner_model.h"

#define S_SLOTS (2u * SL_NER_CACHE_WORDS) /* power of two, at most half full */

struct sl_ner_cache {
    uint64_t gen;                   /* weights it was filled for; 0 = unused */
    const sl_ner_weights *w;
    const struct sl_lexicon *lex;
    const sl_ner_words *words;
    const uint64_t *words_slot;     /* words->slot when filled (the pointer may be a copy) */
    bool ci;
    uint32_t *slot;                 /* entry index + 1; 0 = empty */
    sl_ner_went *ent;               /* SL_NER_CACHE_WORDS entries */
    size_t n;
    _Alignas(64) int32_t bound[SL_NER_NROLES][16];
};

typedef struct S_tls {
    sl_ner_cache c[2];
    unsigned last; /* index of the cache used last */
} S_tls;

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static pthread_key_t S_key;
static bool S_key_ok;

static void S_tls_free(void *p)
{
    S_tls *t = p;
    if (!t) return;
    for (int k = 0; k < 2; k++) { free(t->c[k].slot); free(t->c[k].ent); }
    free(t);
}

static void S_key_init(void) { S_key_ok = pthread_key_create(&S_key, S_tls_free) == 0; }

/* Summed rows (relative to O) of features, wrapping like the SSE sums of ner.c. The keys the
 * presence filter rules out are skipped, and the rows of the others are all requested before
 * the first is added (filling an entry is a few dozen probes into the weight table, and
 * without this they were cache misses one after the other). */
static void S_sum(const sl_ner_weights *w, const uint32_t *feats, size_t nf, int32_t out[16])
{
    uint32_t acc[16] = {0}, refs[SL_NER_MAX_FEATS];
    size_t nr = 0;
    for (size_t f = 0; f < nf; f++) {
        if (!sl_ner_maybe(w, feats[f])) continue;
        size_t i = sl_ner_slot(w, feats[f]);
        if (!w->slot[i]) continue;
        uint32_t ref = (uint32_t)(w->slot[i] >> 32);
        if (!(ref & SL_NER_WIDE)) __builtin_prefetch(w->frows + (size_t)ref * 16);
        refs[nr++] = ref;
    }
    for (size_t f = 0; f < nr; f++) {
        uint32_t ref = refs[f];
        if (ref & SL_NER_WIDE) {
            const int32_t *row = w->wide + (size_t)(ref & ~SL_NER_WIDE) * 16;
            for (int t = 0; t < 16; t++) acc[t] += (uint32_t)row[t];
        } else {
            const int16_t *row = w->frows + (size_t)ref * 16;
            for (int t = 0; t < 16; t++) acc[t] += (uint32_t)(int32_t)row[t];
        }
    }
    for (int t = 0; t < 16; t++) out[t] = (int32_t)acc[t];
}

static void S_clear(sl_ner_cache *c)
{
    memset(c->slot, 0, S_SLOTS * sizeof *c->slot);
    c->n = 0;
}

sl_ner_cache *sl_ner_cache_for(const sl_ner_weights *w, const struct sl_lexicon *lex,
                               const sl_ner_words *words, bool ci)
{
    pthread_once(&S_once, S_key_init);
    if (!S_key_ok || !w->gen) return NULL;
    S_tls *t = pthread_getspecific(S_key);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t) return NULL;
        if (pthread_setspecific(S_key, t) != 0) { free(t); return NULL; }
    }
    const uint64_t *wslot = words ? words->slot : NULL;
    for (unsigned k = 0; k < 2; k++) {
        sl_ner_cache *c = &t->c[k];
        if (c->gen == w->gen && c->w == w && c->lex == lex && c->words_slot == wslot && c->ci == ci) {
            t->last = k;
            c->words = words;
            return c;
        }
    }
    unsigned k = t->last ^ 1u; /* the one not used last */
    sl_ner_cache *c = &t->c[k];
    if (!c->slot) {
        c->slot = malloc(S_SLOTS * sizeof *c->slot);
        /* entries are touched only as they fill: untouched pages cost no memory */
        c->ent = aligned_alloc(64, SL_NER_CACHE_WORDS * sizeof *c->ent);
        if (!c->slot || !c->ent) {
            free(c->slot); free(c->ent);
            c->slot = NULL; c->ent = NULL;
            return NULL;
        }
    }
    S_clear(c);
    c->gen = w->gen;
    c->w = w;
    c->lex = lex;
    c->words = words;
    c->words_slot = wslot;
    c->ci = ci;
    uint32_t feats[SL_NER_MAX_FEATS];
    for (int r = 0; r < SL_NER_NROLES; r++) {
        size_t nf = r == SL_NER_ROLE_SELF || r == SL_NER_ROLE_DYN0 ? 0 : sl_ner_word_feats(NULL, r, ci, feats);
        S_sum(w, feats, nf, c->bound[r]);
    }
    t->last = k;
    return c;
}

bool sl_ner_cache_reserve(sl_ner_cache *c, size_t n)
{
    if (n > SL_NER_CACHE_WORDS) return false;
    if (c->n + n > SL_NER_CACHE_WORDS) S_clear(c);
    return true;
}

static void S_fill(sl_ner_cache *c, sl_ner_went *e, const sl_ner_tok *tok)
{
    sl_ner_tokinfo_word(c->lex, c->words, c->ci, tok, &e->ti);
    e->h1 = sl_lex_phrase_add(sl_lex_phrase_init(), tok->s, tok->len, true);
    e->bits1 = (uint16_t)sl_lex_gaz(c->lex, e->h1);
    /* the features of all roles first, so that their slots are all on their way */
    uint32_t feats[SL_NER_NROLES][SL_NER_MAX_FEATS];
    size_t nf[SL_NER_NROLES];
    for (int r = 0; r < SL_NER_NROLES; r++) {
        nf[r] = sl_ner_word_feats(&e->ti, r, c->ci, feats[r]);
        for (size_t f = 0; f < nf[r]; f++)
            if (sl_ner_maybe(c->w, feats[r][f]))
                __builtin_prefetch(&c->w->slot[(feats[r][f] * 0x9e3779b1u) & (c->w->cap - 1)]);
    }
    for (int r = 0; r < SL_NER_NROLES; r++) S_sum(c->w, feats[r], nf[r], e->v[r]);
}

/* Key words and slot hash of a token of at most SL_NER_CACHE_KEYLEN bytes. */
static uint64_t S_tokkey(const sl_ner_tok *tok, uint64_t k[3])
{
    k[0] = k[1] = k[2] = 0;
    memcpy(k, tok->s, tok->len);
    uint64_t h = (k[0] * 0x9e3779b97f4a7c15ULL) ^ (k[1] * 0xc2b2ae3d27d4eb4fULL) ^ (k[2] * 0x165667b19e3779f9ULL);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}

static const sl_ner_went *S_word(sl_ner_cache *c, const sl_ner_tok *tok, const uint64_t k[3], uint64_t h)
{
    sl_ner_went *e;
    if (tok->len > SL_NER_CACHE_KEYLEN) { /* rare: an entry of its own, never looked up */
        e = &c->ent[c->n++];
        e->len = UINT8_MAX;
        S_fill(c, e, tok);
        return e;
    }
    size_t i = (size_t)h & (S_SLOTS - 1);
    uint32_t x;
    while ((x = c->slot[i])) {
        e = &c->ent[x - 1];
        if (e->key[0] == k[0] && e->key[1] == k[1] && e->key[2] == k[2] && e->len == tok->len) return e;
        i = (i + 1) & (S_SLOTS - 1);
    }
    e = &c->ent[c->n++];
    c->slot[i] = (uint32_t)c->n;
    e->len = (uint8_t)tok->len;
    memcpy(e->key, k, sizeof e->key);
    S_fill(c, e, tok);
    return e;
}

const sl_ner_went *sl_ner_cache_word(sl_ner_cache *c, const sl_ner_tok *tok)
{
    uint64_t k[3] = {0, 0, 0};
    uint64_t h = tok->len <= SL_NER_CACHE_KEYLEN ? S_tokkey(tok, k) : 0;
    return S_word(c, tok, k, h);
}

/* Tokens are looked up in batches: hashes and slot prefetches for the batch, then entry
 * prefetches, then the lookups, so the cache misses of a batch overlap. */
#define S_BATCH 16u
void sl_ner_cache_words(sl_ner_cache *c, const sl_ner_tok *toks, size_t n, const sl_ner_went **out)
{
    uint64_t k[S_BATCH][3], h[S_BATCH];
    for (size_t b = 0; b < n; b += S_BATCH) {
        size_t m = n - b < S_BATCH ? n - b : S_BATCH;
        for (size_t j = 0; j < m; j++) {
            k[j][0] = k[j][1] = k[j][2] = 0;
            h[j] = toks[b + j].len <= SL_NER_CACHE_KEYLEN ? S_tokkey(&toks[b + j], k[j]) : 0;
            __builtin_prefetch(&c->slot[(size_t)h[j] & (S_SLOTS - 1)]);
        }
        for (size_t j = 0; j < m; j++) {
            uint32_t x = c->slot[(size_t)h[j] & (S_SLOTS - 1)];
            if (x) {
                const sl_ner_went *e = &c->ent[x - 1];
                __builtin_prefetch(&e->ti);
                __builtin_prefetch(e->key);
            }
        }
        for (size_t j = 0; j < m; j++) out[b + j] = S_word(c, &toks[b + j], k[j], h[j]);
    }
}

const int32_t *sl_ner_cache_bound(const sl_ner_cache *c, int role) { return c->bound[role]; }
