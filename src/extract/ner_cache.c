/*
 * ner_cache.c — per-thread caches of the tagger's summed scores: per word type, per adjacent
 * word-type pair, and small tables of features of few values (see ner_cache.h for what they
 * hold and why; ner.c uses them for every model-tagged document).
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
 * the cache is cleared (the words of the next documents come back first); the pairs, keyed by
 * the entries of their two words, go with it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "extract/ner_cache.h"
#include "extract/ner_model.h"

#define S_SLOTS (2u * SL_NER_CACHE_WORDS) /* power of two, at most half full */
#define S_PSLOTS (4u * SL_NER_CACHE_PAIRS) /* pairs: keys seen (at most half full) */
#define S_PSEEN UINT32_MAX                 /* pair slot: seen once, no entry yet */
_Static_assert(sizeof(sl_ner_went) == 384, "a word-type cache entry is six cache lines");

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
    uint64_t *pslot;                /* pair key | (pair index + 1) << 32; 0 = empty */
    sl_ner_pent *pent;              /* SL_NER_CACHE_PAIRS pairs */
    size_t np, nps;                 /* pair entries, pair slots in use */
    size_t plimit;                  /* pair entries allowed (SL_NER_CACHE_PAIRS but in tests) */
    _Alignas(64) int32_t bound[SL_NER_NROLES][16];
    int32_t tagrow[SL_NER_NTAGROWS][16];
    sl_ner_small small;
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
    for (int k = 0; k < 2; k++) { free(t->c[k].slot); free(t->c[k].ent); free(t->c[k].pslot); free(t->c[k].pent); }
    free(t);
}

static void S_key_init(void) { S_key_ok = pthread_key_create(&S_key, S_tls_free) == 0; }

/* The pair tables are read at random and filled as pairs arrive: 2 MB pages where the
 * system gives them on request (fewer page faults while they fill, fewer TLB misses after). */
#define S_HUGE ((size_t)2 << 20)
static void *S_big_alloc(size_t bytes, bool zero)
{
    size_t n = (bytes + S_HUGE - 1) / S_HUGE * S_HUGE;
    void *p = aligned_alloc(S_HUGE, n);
    if (!p) return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, n, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
    if (zero) memset(p, 0, n);
    return p;
}

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
    if (c->nps) memset(c->pslot, 0, S_PSLOTS * sizeof *c->pslot); /* pairs name entries */
    c->np = c->nps = 0;
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
        c->ent = S_big_alloc(SL_NER_CACHE_WORDS * sizeof *c->ent, false);
        c->pslot = S_big_alloc(S_PSLOTS * sizeof *c->pslot, true);
        c->pent = S_big_alloc(SL_NER_CACHE_PAIRS * sizeof *c->pent, false);
        if (!c->slot || !c->ent || !c->pslot || !c->pent) {
            free(c->slot); free(c->ent); free(c->pslot); free(c->pent);
            c->slot = NULL; c->ent = NULL; c->pslot = NULL; c->pent = NULL;
            return NULL;
        }
        c->np = c->nps = 0;
    }
    S_clear(c);
    c->plimit = SL_NER_CACHE_PAIRS;
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
    for (int r = 0; r < (int)SL_NER_NTAGROWS; r++) {
        uint32_t f[2];
        if (r < SL_NER_NTAGS) sl_ner_dyn_tag(r, 0, f);
        else sl_ner_dyn_tag((r - SL_NER_NTAGS) % SL_NER_NTAGS, (r - SL_NER_NTAGS) / SL_NER_NTAGS, f), f[0] = f[1];
        S_sum(w, f, 1, c->tagrow[r]);
    }
    for (int kind = 0; kind < 3; kind++)
        for (uint32_t g = 0; g < SL_NER_NGAZ; g++) {
            feats[0] = sl_ner_small_feat(kind, g < 32 ? g : 0xffu, 0, 0);
            S_sum(w, feats, 1, c->small.gaz[kind][g]);
        }
    for (uint32_t a = 0; a < SL_NER_NCASE; a++)
        for (uint32_t b = 0; b + 1 < SL_NER_NCASE; b++)
            for (uint32_t d = 0; d < SL_NER_NCASE; d++) {
                feats[0] = sl_ner_small_feat(SL_NER_SMALL_CASE3, a == 6 ? 9 : a, b, d == 6 ? 9 : d);
                S_sum(w, feats, 1, c->small.case3[sl_ner_small_case(a == 6 ? 9 : a, b, d == 6 ? 9 : d)]);
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
    sl_ner_tokinfo ti;
    sl_ner_tokinfo_word(c->lex, c->words, c->ci, tok, &ti);
    e->h1 = sl_lex_phrase_add(sl_lex_phrase_init(), tok->s, tok->len, true);
    e->bits1 = (uint16_t)sl_lex_gaz(c->lex, e->h1);
    e->lw = ti.lw;
    e->shortshape = ti.shortshape;
    e->suf2 = ti.suf[2];
    e->flags = ti.flags;
    e->caseb = ti.caseb;
    e->first = ti.first;
    e->clus = ti.clus;
    e->clus2 = ti.clus2;
    /* the features of all roles first, so that their slots are all on their way */
    uint32_t feats[SL_NER_NROLES][SL_NER_MAX_FEATS];
    size_t nf[SL_NER_NROLES];
    for (int r = 0; r < SL_NER_NROLES; r++) {
        nf[r] = sl_ner_word_feats(&ti, r, c->ci, feats[r]);
        for (size_t f = 0; f < nf[r]; f++)
            if (sl_ner_maybe(c->w, feats[r][f]))
                __builtin_prefetch(&c->w->slot[(feats[r][f] * 0x9e3779b1u) & (c->w->cap - 1)]);
    }
    S_sum(c->w, feats[SL_NER_ROLE_SELF], nf[SL_NER_ROLE_SELF], e->v[SL_NER_WENT_SELF]);
    S_sum(c->w, feats[SL_NER_ROLE_M1], nf[SL_NER_ROLE_M1], e->v[SL_NER_WENT_M1]);
    S_sum(c->w, feats[SL_NER_ROLE_P1], nf[SL_NER_ROLE_P1], e->v[SL_NER_WENT_P1]);
    S_sum(c->w, feats[SL_NER_ROLE_DYN0], nf[SL_NER_ROLE_DYN0], e->v[SL_NER_WENT_DYN0]);
    e->wide2 = 0;
    for (int r = 0; r < 2; r++) {
        int32_t v[16];
        S_sum(c->w, feats[SL_NER_ROLE_M2 + r], nf[SL_NER_ROLE_M2 + r], v);
        for (int t = 0; t < 16; t++) {
            if (v[t] < INT16_MIN || v[t] > INT16_MAX) e->wide2 = 1;
            e->v2[r][t] = (int16_t)v[t];
        }
    }
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
                __builtin_prefetch(e->key);
            }
        }
        for (size_t j = 0; j < m; j++) out[b + j] = S_word(c, &toks[b + j], k[j], h[j]);
    }
}

const int32_t *sl_ner_cache_bound(const sl_ner_cache *c, int role) { return c->bound[role]; }

const sl_ner_small *sl_ner_cache_small(const sl_ner_cache *c) { return &c->small; }

const int32_t *sl_ner_cache_tagrow(const sl_ner_cache *c, int r) { return c->tagrow[r]; }

/* Sums the pair rows of (a, b) (either may be NULL: a sentence boundary, not both); false when
 * a sum does not fit int16. */
static bool S_pair_fill(const sl_ner_cache *c, const sl_ner_went *a, const sl_ner_went *b, sl_ner_pent *p)
{
    uint32_t feats[2][SL_NER_MAX_FEATS];
    size_t nf[2] = {0, 0};
    sl_ner_tokinfo ta, tb;
    if (a) sl_ner_went_info(a, &ta);
    if (b) sl_ner_went_info(b, &tb);
    if (b) nf[SL_NER_PAIR_RIGHT] = sl_ner_pair_feats(a ? &ta : NULL, &tb, SL_NER_PAIR_RIGHT, feats[SL_NER_PAIR_RIGHT]);
    if (a) nf[SL_NER_PAIR_LEFT] = sl_ner_pair_feats(&ta, b ? &tb : NULL, SL_NER_PAIR_LEFT, feats[SL_NER_PAIR_LEFT]);
    for (int s = 0; s < 2; s++)
        for (size_t f = 0; f < nf[s]; f++)
            if (sl_ner_maybe(c->w, feats[s][f]))
                __builtin_prefetch(&c->w->slot[(feats[s][f] * 0x9e3779b1u) & (c->w->cap - 1)]);
    for (int s = 0; s < 2; s++) {
        int32_t v[16];
        S_sum(c->w, feats[s], nf[s], v);
        for (int t = 0; t < 16; t++) {
            if (v[t] < INT16_MIN || v[t] > INT16_MAX) return false;
            p->v[s][t] = (int16_t)v[t];
        }
    }
    return true;
}

/* Key of a pair: the two entries' indices + 1 (0: the boundary); 0 when a word has no keyed
 * entry (a long token's entry is never looked up again, nor is its pair). */
static uint32_t S_pkey(const sl_ner_cache *c, const sl_ner_went *a, const sl_ner_went *b)
{
    if ((a && a->len > SL_NER_CACHE_KEYLEN) || (b && b->len > SL_NER_CACHE_KEYLEN)) return 0;
    uint32_t ia = a ? (uint32_t)(a - c->ent) + 1 : 0, ib = b ? (uint32_t)(b - c->ent) + 1 : 0;
    return ia << 16 | ib; /* SL_NER_CACHE_WORDS <= 65535 */
}

static inline size_t S_phash(uint32_t key) { return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ULL) >> 40) & (S_PSLOTS - 1); }

void sl_ner_cache_pairs(sl_ner_cache *c, const sl_ner_went *const *ent, size_t n, const sl_ner_pent **out)
{
    uint32_t key[S_BATCH];
    for (size_t b = 0; b <= n; b += S_BATCH) {
        size_t m = n + 1 - b < S_BATCH ? n + 1 - b : S_BATCH;
        for (size_t j = 0; j < m; j++) {
            size_t p = b + j;
            key[j] = S_pkey(c, p ? ent[p - 1] : NULL, p < n ? ent[p] : NULL);
            __builtin_prefetch(&c->pslot[S_phash(key[j])]);
        }
        for (size_t j = 0; j < m; j++) {
            size_t p = b + j;
            out[p] = NULL;
            if (!key[j]) continue;
            size_t i = S_phash(key[j]);
            uint64_t e;
            while ((e = c->pslot[i]) && (uint32_t)e != key[j]) i = (i + 1) & (S_PSLOTS - 1);
            if (!e) { /* first sighting: remembered only (when the slots allow) */
                if (c->nps < 2 * c->plimit) { c->pslot[i] = key[j] | (uint64_t)S_PSEEN << 32; c->nps++; }
                continue;
            }
            uint32_t x = (uint32_t)(e >> 32);
            if (x != S_PSEEN) { /* index 0: a pair known not to fit int16 */
                if (x) out[p] = &c->pent[x - 1];
                continue;
            }
            if (c->np >= c->plimit) continue; /* seen again, but no room left */
            sl_ner_pent *pe = &c->pent[c->np];
            if (!S_pair_fill(c, p ? ent[p - 1] : NULL, p < n ? ent[p] : NULL, pe)) {
                c->pslot[i] = key[j];
                continue;
            }
            c->np++;
            c->pslot[i] = key[j] | (uint64_t)c->np << 32;
            out[p] = pe;
        }
    }
}

void sl_ner_cache_limit_pairs(sl_ner_cache *c, size_t max)
{
    c->plimit = max < SL_NER_CACHE_PAIRS ? max : SL_NER_CACHE_PAIRS;
}
