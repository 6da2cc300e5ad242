/*
 * ner.c — the named-entity stage: tokens -> BILOU tags -> d->mentions.
 *
 * A linear model (averaged passive-aggressive training; weights from models/ner.bin, trained
 * by `storyline train ner`, see ner_train.c and docs/NER.md), decoded left to right with a
 * small beam (SL_NER_BEAM hypotheses, the decoder the weights were trained with). Each token
 * is scored with its static features (ner_features.c) plus features of the tags before it on
 * the hypothesis and of the document memory (how this word was tagged earlier in the
 * article); only BILOU-valid sequences are kept. Path scores are sums of int16 weights in
 * int32 (int64 over a sentence). Greedy decoding of the same kind of model scored 1.3 F1
 * lower on CoNLL valid (docs/NER.md).
 *
 * Two weight tables live in the model: the cased one, and a case-insensitive one trained on
 * lower-cased, punctuation-free text, used when the repair stage flagged the article as
 * lower-cased (SL_DOC_LOWERCASED) or when the text has almost no capitals. Without a model
 * (none built in), a small rule tagger over capitalized runs and the gazetteer keeps the
 * pipeline useful.
 */
#include <pthread.h>
#include <stdlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extract/ner.h"
#include "extract/ner_cache.h"
#include "extract/ner_model.h"

/* Scratch for one sl_ner_tag call: sized by the longest sentence, reused across sentences. */
typedef struct S_ctx {
    sl_ner_tokinfo *info;
    int32_t (*stat)[16]; /* static scores of the current sentence */
    const sl_ner_went **ent; /* word-type cache entries of the document's tokens */
    uint64_t *h1;            /* their lexicon phrase hashes and bits (sl_ner_tokinfo_sent) */
    uint16_t *bits1;
    uint8_t (*btag)[SL_NER_BEAM], (*bback)[SL_NER_BEAM]; /* beam: tag and back-pointer per position */
    int32_t *prevsame; /* beam: previous memory token of the sentence with the same word, -1 none */
    const sl_ner_pent **pair; /* word-pair rows of the current sentence (sl_ner_cache_pairs), n + 1 */
    size_t cap;
    int32_t tagrow[SL_NER_NTAGS * (SL_NER_NTAGS + 1)][16]; /* S_tagrow */
    bool tagrow_ok[SL_NER_NTAGS * (SL_NER_NTAGS + 1)];
    sl_ner_hist hist;
    sl_ner_docmap map;
} S_ctx;

static bool S_reserve(S_ctx *c, size_t n)
{
    if (n <= c->cap) return true;
    sl_ner_tokinfo *p = realloc(c->info, n * sizeof *p);
    if (!p) return false;
    c->info = p;
    int32_t(*q)[16] = realloc(c->stat, n * sizeof *q);
    if (!q) return false;
    c->stat = q;
    const sl_ner_went **e = realloc(c->ent, n * sizeof *e);
    if (!e) return false;
    c->ent = e;
    uint64_t *h = realloc(c->h1, n * sizeof *h);
    if (!h) return false;
    c->h1 = h;
    uint16_t *b = realloc(c->bits1, n * sizeof *b);
    if (!b) return false;
    c->bits1 = b;
    uint8_t(*bt)[SL_NER_BEAM] = realloc(c->btag, n * sizeof *bt);
    if (!bt) return false;
    c->btag = bt;
    uint8_t(*bb)[SL_NER_BEAM] = realloc(c->bback, n * sizeof *bb);
    if (!bb) return false;
    c->bback = bb;
    int32_t *ps = realloc(c->prevsame, n * sizeof *ps);
    if (!ps) return false;
    c->prevsame = ps;
    const sl_ner_pent **pp = realloc(c->pair, (n + 1) * sizeof *pp);
    if (!pp) return false;
    c->pair = pp;
    c->cap = n;
    return true;
}

static void S_ctx_free(S_ctx *c)
{
    free(c->info);
    free(c->stat);
    free(c->ent);
    free(c->h1);
    free(c->bits1);
    free(c->btag);
    free(c->bback);
    free(c->prevsame);
    free(c->pair);
    sl_ner_hist_free(&c->hist);
    sl_ner_docmap_free(&c->map);
}

/* Rows of the weight table: relative to O (sc[0] = 0; see sl_ner_weights). The 16 sums
 * live in four vector registers where SSE2 is available (every x86-64). */
#ifdef __SSE2__
typedef struct S_acc { __m128i v[4]; } S_acc;
static inline void S_acc_zero(S_acc *a) { for (int k = 0; k < 4; k++) a->v[k] = _mm_setzero_si128(); }
static inline void S_acc_out(const S_acc *a, int32_t *out)
{
    for (int k = 0; k < 4; k++) _mm_storeu_si128((__m128i *)(void *)(out + 4 * k), a->v[k]);
}
static inline void S_add_row(const sl_ner_weights *w, uint32_t ref, S_acc *a)
{
    if (ref & SL_NER_WIDE) {
        const int32_t *row = w->wide + (size_t)(ref & ~SL_NER_WIDE) * 16;
        for (int k = 0; k < 4; k++)
            a->v[k] = _mm_add_epi32(a->v[k], _mm_loadu_si128((const __m128i *)(const void *)(row + 4 * k)));
        return;
    }
    const __m128i *row = (const __m128i *)(const void *)(w->frows + (size_t)ref * 16);
    __m128i lo = _mm_load_si128(row), hi = _mm_load_si128(row + 1);
    /* sign-extend int16 -> int32: the value in the high half, arithmetic shift down */
    a->v[0] = _mm_add_epi32(a->v[0], _mm_srai_epi32(_mm_unpacklo_epi16(lo, lo), 16));
    a->v[1] = _mm_add_epi32(a->v[1], _mm_srai_epi32(_mm_unpackhi_epi16(lo, lo), 16));
    a->v[2] = _mm_add_epi32(a->v[2], _mm_srai_epi32(_mm_unpacklo_epi16(hi, hi), 16));
    a->v[3] = _mm_add_epi32(a->v[3], _mm_srai_epi32(_mm_unpackhi_epi16(hi, hi), 16));
}
/* Adds a 32-byte aligned int16 row (a word-pair cache entry's). */
static inline void S_add16(const int16_t *r, S_acc *a)
{
    const __m128i *row = (const __m128i *)(const void *)r;
    __m128i lo = _mm_load_si128(row), hi = _mm_load_si128(row + 1);
    a->v[0] = _mm_add_epi32(a->v[0], _mm_srai_epi32(_mm_unpacklo_epi16(lo, lo), 16));
    a->v[1] = _mm_add_epi32(a->v[1], _mm_srai_epi32(_mm_unpackhi_epi16(lo, lo), 16));
    a->v[2] = _mm_add_epi32(a->v[2], _mm_srai_epi32(_mm_unpacklo_epi16(hi, hi), 16));
    a->v[3] = _mm_add_epi32(a->v[3], _mm_srai_epi32(_mm_unpackhi_epi16(hi, hi), 16));
}
/* Adds a 64-byte aligned int32 row (a word-type cache entry's). */
static inline void S_add32(const int32_t *row, S_acc *a)
{
    for (int k = 0; k < 4; k++)
        a->v[k] = _mm_add_epi32(a->v[k], _mm_load_si128((const __m128i *)(const void *)(row + 4 * k)));
}
#else
typedef struct S_acc { int32_t v[16]; } S_acc;
static inline void S_add32(const int32_t *row, S_acc *a)
{
    for (int k = 0; k < 16; k++) a->v[k] = (int32_t)((uint32_t)a->v[k] + (uint32_t)row[k]);
}
static inline void S_acc_zero(S_acc *a) { for (int k = 0; k < 16; k++) a->v[k] = 0; }
static inline void S_add16(const int16_t *row, S_acc *a)
{
    for (int k = 0; k < 16; k++) a->v[k] = (int32_t)((uint32_t)a->v[k] + (uint32_t)(int32_t)row[k]);
}
static inline void S_acc_out(const S_acc *a, int32_t *out) { for (int k = 0; k < 16; k++) out[k] = a->v[k]; }
static inline void S_add_row(const sl_ner_weights *w, uint32_t ref, S_acc *a)
{
    if (ref & SL_NER_WIDE) {
        const int32_t *row = w->wide + (size_t)(ref & ~SL_NER_WIDE) * 16;
        for (int k = 0; k < 16; k++) a->v[k] += row[k];
        return;
    }
    const int16_t *row = w->frows + (size_t)ref * 16;
    for (int k = 0; k < 16; k++) a->v[k] += row[k];
}
#endif

/* Row references of the features the model knows; prefetches the rows. */
static size_t S_probe(const sl_ner_weights *w, const uint32_t *feats, size_t nf, uint32_t *ref)
{
    const size_t mask = w->cap - 1;
    size_t nr = 0;
    for (size_t f = 0; f < nf; f++) {
        if (!sl_ner_maybe(w, feats[f])) continue; /* nerspeed: presence filter, see ner.h */
        size_t i = (feats[f] * 0x9e3779b1u) & mask;
        uint64_t e;
        while ((e = w->slot[i]) && (uint32_t)e != feats[f]) i = (i + 1) & mask;
        if (!e) continue;
        ref[nr] = (uint32_t)(e >> 32);
        if (!(ref[nr] & SL_NER_WIDE)) __builtin_prefetch(w->frows + (size_t)ref[nr] * 16);
        nr++;
    }
    return nr;
}

static void S_prefetch_slots(const sl_ner_weights *w, const uint32_t *feats, size_t nf)
{
    for (size_t f = 0; f < nf; f++) /* nerspeed: only keys the presence filter lets through */
        if (sl_ner_maybe(w, feats[f])) __builtin_prefetch(&w->slot[(feats[f] * 0x9e3779b1u) & (w->cap - 1)]);
}

/* Adds the weight rows of nf features (the few tag-dependent ones of one token) to sc[0..16). */
static void S_score(const sl_ner_weights *w, const uint32_t *feats, size_t nf, int32_t *sc)
{
    uint32_t ref[SL_NER_MAX_FEATS];
    S_prefetch_slots(w, feats, nf);
    size_t nr = S_probe(w, feats, nf, ref);
    S_acc a;
    S_acc_zero(&a);
    for (size_t r = 0; r < nr; r++) S_add_row(w, ref[r], &a);
    int32_t d[16];
    S_acc_out(&a, d);
    for (int k = 0; k < 16; k++) sc[k] += d[k];
}

/* Tag-independent scores of the n tokens of a sentence, out[i][t - 1] for tags t = 1..16.
 * The weight table is a few MB, so nearly every lookup is a cache miss; the work is a
 * three-stage software pipeline so the misses overlap instead of queueing: while token i's
 * rows are summed, token i+1's rows and token i+2's slots are on their way. */
static void S_static_scores(const sl_ner_weights *w, const sl_ner_tokinfo *info, size_t n, bool ci,
                            int32_t (*out)[16])
{
    uint32_t feats[3][SL_NER_MAX_FEATS], ref[2][SL_NER_MAX_FEATS];
    size_t nf[3] = {0}, nr[2] = {0};
    for (size_t i = 0; i < n + 2; i++) {
        if (i < n) {
            nf[i % 3] = sl_ner_static_feats(info, n, i, ci, feats[i % 3]);
            S_prefetch_slots(w, feats[i % 3], nf[i % 3]);
        }
        if (i >= 1 && i - 1 < n) nr[(i - 1) % 2] = S_probe(w, feats[(i - 1) % 3], nf[(i - 1) % 3], ref[(i - 1) % 2]);
        if (i >= 2) {
            S_acc a;
            S_acc_zero(&a);
            for (size_t r = 0; r < nr[(i - 2) % 2]; r++) S_add_row(w, ref[(i - 2) % 2][r], &a);
            S_acc_out(&a, out[i - 2]);
        }
    }
}

/* The same scores from the word-type cache (ner_cache.h): five cached role rows per token
 * (the token, its neighbours at -1/+1/-2/+2), the rows of its two word pairs (-1, 0) and
 * (0, +1), the small tables' rows, and the remaining context features, in the same
 * pipeline. */
static void S_static_cached(const sl_ner_weights *w, sl_ner_cache *cache,
                            const sl_ner_went *const *ent, const sl_ner_tokinfo *info, size_t n,
                            bool ci, S_ctx *c, int32_t (*out)[16])
{
    /* With the word rows cached, a token's own work is short, so the slots are prefetched
     * S_DSLOT tokens ahead of their probe and the rows S_DROW tokens ahead of their sum. */
    enum { S_DSLOT = 3, S_DROW = 1, S_RING = 4 };
    uint32_t feats[S_RING][SL_NER_MAX_FEATS], ref[S_RING][SL_NER_MAX_FEATS];
    size_t nf[S_RING] = {0}, nr[S_RING] = {0};
    const int32_t *small[S_DSLOT + S_DROW + 1][4]; /* kept from the first stage to the last */
    const sl_ner_small *tab = sl_ner_cache_small(cache);
    const sl_ner_pent **pair = c->pair;
    sl_ner_cache_pairs(cache, ent, n, pair);
    for (size_t i = 0; i < n + S_DSLOT + S_DROW; i++) {
        if (i < n) {
            size_t k = i % S_RING;
            nf[k] = sl_ner_ctx_rest(info, n, i, ci, false, feats[k]);
            /* the features of few values from their tables (any value out of a table's
             * range is looked up as a feature instead) */
            const sl_ner_tokinfo *t = &info[i], *m1 = i >= 1 ? &info[i - 1] : NULL, *p1 = i + 1 < n ? &info[i + 1] : NULL;
            uint32_t g[3] = {t->gaz, m1 ? m1->gaz : 0xffu, p1 ? p1->gaz : 0xffu};
            for (int kind = 0; kind < 3; kind++) {
                int x = sl_ner_small_gaz(g[kind]);
                small[i % (S_DSLOT + S_DROW + 1)][kind] = x >= 0 ? tab->gaz[kind][x] : NULL;
                if (x < 0) feats[k][nf[k]++] = sl_ner_small_feat(kind, g[kind], 0, 0);
            }
            uint32_t cm1 = m1 ? m1->caseb : 9, cp1 = p1 ? p1->caseb : 9;
            int x = sl_ner_small_case(cm1, t->caseb, cp1);
            small[i % (S_DSLOT + S_DROW + 1)][3] = x >= 0 ? tab->case3[x] : NULL;
            if (x < 0) feats[k][nf[k]++] = sl_ner_small_feat(SL_NER_SMALL_CASE3, cm1, t->caseb, cp1);
            /* pairs without an entry: their features one by one */
            if (!pair[i]) nf[k] += sl_ner_pair_feats(m1, t, SL_NER_PAIR_RIGHT, feats[k] + nf[k]);
            if (!pair[i + 1]) nf[k] += sl_ner_pair_feats(t, p1, SL_NER_PAIR_LEFT, feats[k] + nf[k]);
            else __builtin_prefetch(pair[i + 1]);
            /* a word whose -2 / +2 rows did not fit the entry: their features one by one */
            if (i >= 2 && ent[i - 2]->wide2) nf[k] += sl_ner_word_feats(&info[i - 2], SL_NER_ROLE_M2, ci, feats[k] + nf[k]);
            if (i + 2 < n && ent[i + 2]->wide2) nf[k] += sl_ner_word_feats(&info[i + 2], SL_NER_ROLE_P2, ci, feats[k] + nf[k]);
            S_prefetch_slots(w, feats[k], nf[k]);
            for (int r = 0; r < 4; r++) __builtin_prefetch(ent[i]->v[r]);
            __builtin_prefetch(ent[i]->v2);
        }
        if (i >= S_DSLOT && i - S_DSLOT < n) {
            size_t j = i - S_DSLOT;
            nr[j % S_RING] = S_probe(w, feats[j % S_RING], nf[j % S_RING], ref[j % S_RING]);
        }
        if (i >= S_DSLOT + S_DROW && i - S_DSLOT - S_DROW < n) {
            size_t j = i - S_DSLOT - S_DROW;
            S_acc a;
            S_acc_zero(&a);
            for (size_t r = 0; r < nr[j % S_RING]; r++) S_add_row(w, ref[j % S_RING][r], &a);
            S_add32(ent[j]->v[SL_NER_WENT_SELF], &a);
            S_add32(j >= 1 ? ent[j - 1]->v[SL_NER_WENT_M1] : sl_ner_cache_bound(cache, SL_NER_ROLE_M1), &a);
            S_add32(j + 1 < n ? ent[j + 1]->v[SL_NER_WENT_P1] : sl_ner_cache_bound(cache, SL_NER_ROLE_P1), &a);
            if (j < 2) S_add32(sl_ner_cache_bound(cache, SL_NER_ROLE_M2), &a);
            else if (!ent[j - 2]->wide2) S_add16(ent[j - 2]->v2[0], &a);
            if (j + 2 >= n) S_add32(sl_ner_cache_bound(cache, SL_NER_ROLE_P2), &a);
            else if (!ent[j + 2]->wide2) S_add16(ent[j + 2]->v2[1], &a);
            if (pair[j]) S_add16(pair[j]->v[SL_NER_PAIR_RIGHT], &a);
            if (pair[j + 1]) S_add16(pair[j + 1]->v[SL_NER_PAIR_LEFT], &a);
            for (int kind = 0; kind < 4; kind++)
                if (small[j % (S_DSLOT + S_DROW + 1)][kind]) S_add32(small[j % (S_DSLOT + S_DROW + 1)][kind], &a);
            S_acc_out(&a, out[j]);
        }
    }
}

/* Valid BILOU transitions (sl_ner_valid) as a table: bit t of mask[last][p]. */
typedef struct S_trans { uint32_t mask[2][SL_NER_NTAGS]; } S_trans;
static void S_trans_init(S_trans *tr)
{
    for (int l = 0; l < 2; l++)
        for (int p = 0; p < SL_NER_NTAGS; p++) {
            tr->mask[l][p] = 0;
            for (int t = 0; t < SL_NER_NTAGS; t++) tr->mask[l][p] |= (uint32_t)sl_ner_valid(p, t, l) << t;
        }
}

/* Summed row of the previous-tag features: r < 17 the previous tag r alone, else the pair
 * (p2, p1) = ((r - 17) / 17, (r - 17) % 17). Looked up once per sl_ner_tag call. */
static const int32_t *S_tagrow(S_ctx *c, const sl_ner_weights *w, int r)
{
    if (!c->tagrow_ok[r]) {
        uint32_t f[2];
        size_t nf = r < SL_NER_NTAGS ? (sl_ner_dyn_tag(r, 0, f), 1)
                                     : (sl_ner_dyn_tag((r - SL_NER_NTAGS) % SL_NER_NTAGS,
                                                       (r - SL_NER_NTAGS) / SL_NER_NTAGS, f), f[0] = f[1], 1);
        memset(c->tagrow[r], 0, sizeof c->tagrow[r]);
        S_score(w, f, nf, c->tagrow[r]);
        c->tagrow_ok[r] = true;
    }
    return c->tagrow[r];
}

/* Bit q set when s[q] > lim, q = 0..16. */
static inline uint32_t S_above(const int32_t *s, int32_t lim)
{
#ifdef __SSE2__
    __m128i l = _mm_set1_epi32(lim);
    uint32_t m = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 1 + 4 * k));
        m |= (uint32_t)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(v, l))) << (1 + 4 * k);
    }
    return m | (s[0] > lim);
#else
    uint32_t m = 0;
    for (int q = 0; q < SL_NER_NTAGS; q++) m |= (uint32_t)(s[q] > lim) << q;
    return m;
#endif
}

/* Beam decoding of one sentence (K hypotheses, the decoder the weights were trained with:
 * ner_train.c). Each hypothesis carries its own previous tags and, for a word repeated within
 * the sentence, its own document memory (the committed memory of earlier sentences plus the
 * tags its path gave the word). A path's score is the sum of its tags' scores relative to O,
 * which the training keeps exact (O columns are 0). stat[i] holds the static scores (without
 * the word's after-O row when cached). Hypotheses in the same state (previous two tags and
 * memory value) score the token alike, so their scores are computed once. The best path goes
 * to tags and into the document memory. */
static bool S_beam_sentence(S_ctx *c, const sl_ner_weights *w, const sl_ner_cache *cache, const sl_ner_went *const *ent,
                            const sl_ner_tokinfo *info, size_t n, const S_trans *tr, int K, uint8_t *tags)
{
    bool cached = cache != NULL;
    int64_t score[SL_NER_BEAM], nscore[SL_NER_BEAM], nkey[SL_NER_BEAM];
    int32_t sc[SL_NER_BEAM][SL_NER_NTAGS];
    int skey[SL_NER_BEAM];
    int nb = 1;
    score[0] = 0;
    uint32_t feats[SL_NER_MAX_FEATS];
    /* previous occurrence of the same memory word in this sentence */
    uint64_t seen = 0; /* one bit per word hash: most words have no earlier occurrence to look for */
    for (size_t i = 0; i < n; i++) {
        c->prevsame[i] = -1;
        if (!sl_ner_hist_wanted(&info[i])) continue;
        uint64_t bit = 1ULL << ((info[i].lw * 0x9e3779b1u) >> 26);
        if (seen & bit)
            for (size_t j = i; j-- > 0;)
                if (info[j].lw == info[i].lw && sl_ner_hist_wanted(&info[j])) { c->prevsame[i] = (int32_t)j; break; }
        seen |= bit;
    }
    for (size_t i = 0; i < n; i++) {
        const sl_ner_tokinfo *t = &info[i];
        bool mem = sl_ner_hist_wanted(t), last = i + 1 == n;
        int hist0 = mem && c->prevsame[i] < 0 ? sl_ner_hist_get(&c->hist, t->lw) : 0;
        int nn = 0;
        for (int h = 0; h < nb; h++) {
            int p1 = i >= 1 ? c->btag[i - 1][h] : 0;
            int p2 = i >= 2 ? c->btag[i - 2][c->bback[i - 1][h]] : 0;
            int hist = hist0;
            if (mem && c->prevsame[i] >= 0) {
                uint16_t extra[5] = {0};
                size_t pos = i - 1;
                int b = h;
                for (int32_t j = c->prevsame[i]; j >= 0; j = c->prevsame[j]) {
                    while (pos > (size_t)j) b = c->bback[pos--][b];
                    extra[sl_ner_tag_type(c->btag[j][b]) + 1]++;
                }
                hist = sl_ner_hist_get_extra(&c->hist, t->lw, extra);
            }
            skey[h] = p1 | p2 << 5 | hist << 10;
            int same = -1;
            for (int g = 0; g < h && same < 0; g++)
                if (skey[g] == skey[h]) same = g;
            int32_t *s = sc[h];
            if (same >= 0) {
                memcpy(s, sc[same], sizeof sc[h]);
            } else {
                /* static scores + rows of the previous tags (memo) + word-dependent ones */
                int rr = SL_NER_NTAGS + p2 * SL_NER_NTAGS + p1;
                const int32_t *r2 = cache ? sl_ner_cache_tagrow(cache, rr) : S_tagrow(c, w, rr);
                bool dyn0 = cached && !p1;
                const int32_t *r1 = dyn0 ? ent[i]->v[SL_NER_WENT_DYN0]
                                         : cache ? sl_ner_cache_tagrow(cache, p1) : S_tagrow(c, w, p1);
                s[0] = 0;
                for (int k = 0; k < 16; k++)
                    s[k + 1] = (int32_t)((uint32_t)c->stat[i][k] + (uint32_t)r1[k] + (uint32_t)r2[k]);
                size_t nd = sl_ner_dyn_word(t, p1, hist, dyn0, feats);
                if (nd) S_score(w, feats, nd, s + 1); /* none: after an O, word not seen before */
            }
            /* candidates into the sorted new beam; on ties the earlier one stays ahead */
            /* tags that can enter the beam: valid after p1 and, once the beam is full,
             * scoring at least its last entry. A candidate is one int64: its score, then
             * (inverted) its order h * 17 + q, so that of equal scores the earlier stays
             * ahead and the beam is a sorted array of distinct keys. */
            uint32_t mask = tr->mask[last][p1];
            if (h == 0 && K == 2) {
                /* the first hypothesis fills the empty beam with its two best tags (of equal
                 * scores the lower tag first, as the general insertion below would): the two
                 * largest keys (score, then the lower tag), without branches that the scores
                 * would decide (they were mispredicted for most tokens) */
                int64_t k1 = INT64_MIN, k2 = INT64_MIN;
                for (uint32_t m = mask; m; m &= m - 1) {
                    int q = __builtin_ctz(m);
                    int64_t k = (int64_t)s[q] * 256 + (255 - q), lo = k < k1 ? k : k1;
                    k1 = k > k1 ? k : k1;
                    k2 = lo > k2 ? lo : k2;
                }
                nkey[0] = score[0] * 256 + k1;
                nn = 1;
                if (k2 != INT64_MIN) { nkey[1] = score[0] * 256 + k2; nn = 2; }
                continue;
            }
            if (nn == K) {
                int64_t lim = (nkey[K - 1] >> 8) - 1 - score[h];
                if (lim >= INT32_MAX) continue;
                mask &= S_above(s, lim < INT32_MIN ? INT32_MIN : (int32_t)lim);
            }
            for (; mask; mask &= mask - 1) {
                int q = __builtin_ctz(mask);
                int64_t key = (score[h] + s[q]) * 256 + (255 - (h * SL_NER_NTAGS + q));
                if (nn == K && key <= nkey[K - 1]) continue;
                int at = nn < K ? nn++ : K - 1;
                for (; at > 0 && nkey[at - 1] < key; at--) nkey[at] = nkey[at - 1];
                nkey[at] = key;
            }
        }
        for (int b = 0; b < nn; b++) {
            int x = 255 - (int)(nkey[b] & 255);
            nscore[b] = nkey[b] >> 8;
            c->btag[i][b] = (uint8_t)(x % SL_NER_NTAGS);
            c->bback[i][b] = (uint8_t)(x / SL_NER_NTAGS);
        }
        nb = nn;
        memcpy(score, nscore, (size_t)nb * sizeof *score);
    }
    for (size_t i = n, b = 0; i-- > 0;) {
        tags[i] = c->btag[i][b];
        b = c->bback[i][b];
    }
    for (size_t i = 0; i < n; i++)
        if (sl_ner_hist_wanted(&info[i]) && !sl_ner_hist_add(&c->hist, info[i].lw, sl_ner_tag_type(tags[i])))
            return false;
    return true;
}

/* Per-thread scratch of the tagger: the arrays, document memory and first-occurrence map are
 * sized by the longest document so far and reused, instead of being allocated (and the
 * memory table grown by rehashing) for every document. Freed at thread exit. */
static pthread_once_t S_ctx_once = PTHREAD_ONCE_INIT;
static pthread_key_t S_ctx_key;
static bool S_ctx_key_ok;
static void S_ctx_destroy(void *p)
{
    if (!p) return;
    S_ctx_free(p);
    free(p);
}
static void S_ctx_key_init(void) { S_ctx_key_ok = pthread_key_create(&S_ctx_key, S_ctx_destroy) == 0; }
static S_ctx *S_ctx_thread(void)
{
    pthread_once(&S_ctx_once, S_ctx_key_init);
    if (!S_ctx_key_ok) return NULL;
    S_ctx *c = pthread_getspecific(S_ctx_key);
    if (c) return c;
    c = calloc(1, sizeof *c);
    if (c && pthread_setspecific(S_ctx_key, c) != 0) { free(c); c = NULL; }
    return c;
}

/* The transition table, built once (it depends on nothing but the tag set). */
static pthread_once_t S_trans_once = PTHREAD_ONCE_INIT;
static S_trans S_trans_tab;
static void S_trans_build(void) { S_trans_init(&S_trans_tab); }
static const S_trans *S_trans_get(void)
{
    pthread_once(&S_trans_once, S_trans_build);
    return &S_trans_tab;
}

/* Tags with the model; use_cache false forces the uncached path (tests compare the two). */
static sl_status S_tag_model(const sl_ner_weights *w, const sl_ner_words *words,
                             const struct sl_lexicon *lex, bool ci,
                             const sl_ner_tok *toks, const sl_ner_sent *sents, size_t nsents,
                             uint8_t *tags, bool use_cache)
{
    /* The thread's scratch (sized by the longest document so far, kept between calls), or a
     * call's own when there is none. */
    S_ctx local, *cp = S_ctx_thread();
    if (!cp) {
        memset(&local, 0, sizeof local);
        cp = &local;
    }
    memset(cp->tagrow_ok, 0, sizeof cp->tagrow_ok); /* the memo is of one weight table */
    sl_status st = SL_OK;
    sl_ner_cache *cache = use_cache ? sl_ner_cache_for(w, lex, words, ci) : NULL;
    const S_trans *tr = S_trans_get();
    for (size_t s0 = 0, s1; s0 < nsents && st == SL_OK; s0 = s1) {
        /* One document at a time: token infos of all its sentences, then greedy decoding
         * sentence by sentence with one document memory. */
        for (s1 = s0 + 1; s1 < nsents && sents[s1].doc == sents[s0].doc; s1++) {}
        size_t base = sents[s0].first, ndoc = sents[s1 - 1].end - base;
        if (!S_reserve(cp, ndoc)) { st = SL_ENOMEM; break; }
        bool cached = cache && sl_ner_cache_reserve(cache, ndoc);
        for (size_t s = s0; s < s1; s++) {
            size_t first = sents[s].first, n = sents[s].end - first, off = first - base;
            if (!cached) {
                sl_ner_tokinfo_fill(lex, words, ci, toks + first, n, cp->info + off);
                continue;
            }
            sl_ner_cache_words(cache, toks + first, n, cp->ent + off);
            for (size_t i = 0; i < n; i++) {
                const sl_ner_went *e = cp->ent[off + i];
                sl_ner_went_info(e, &cp->info[off + i]);
                cp->h1[off + i] = e->h1;
                cp->bits1[off + i] = e->bits1;
            }
            sl_ner_tokinfo_sent(lex, toks + first, n, cp->h1 + off, cp->bits1 + off, cp->info + off);
        }
        if (!sl_ner_doc_fill(cp->info, base, sents + s0, s1 - s0, &cp->map)) { st = SL_ENOMEM; break; }
        sl_ner_hist_reset(&cp->hist);
        for (size_t s = s0; s < s1 && st == SL_OK; s++) {
            size_t first = sents[s].first, n = sents[s].end - first;
            const sl_ner_tokinfo *info = cp->info + (first - base);
            const sl_ner_went *const *ent = cp->ent + (first - base);
            if (cached) S_static_cached(w, cache, ent, info, n, ci, cp, cp->stat);
            else S_static_scores(w, info, n, ci, cp->stat);
            if (!S_beam_sentence(cp, w, cached ? cache : NULL, ent, info, n, tr, SL_NER_BEAM, tags + first)) st = SL_ENOMEM;
        }
    }
    if (cp == &local) S_ctx_free(&local);
    return st;
}

/* Rule tagger for when no model is built in: runs of capitalized words that are not
 * stopwords; typed LOC / MISC by the gazetteer, PER after a title, ORG otherwise. */
static sl_status S_tag_rules(const struct sl_lexicon *lex, const sl_ner_tok *toks,
                             const sl_ner_sent *sents, size_t nsents, uint8_t *tags)
{
    S_ctx c = {0};
    for (size_t s = 0; s < nsents; s++) {
        size_t first = sents[s].first, n = sents[s].end - first;
        if (!S_reserve(&c, n)) { S_ctx_free(&c); return SL_ENOMEM; }
        sl_ner_tokinfo_fill(lex, NULL, false, toks + first, n, c.info);
        for (size_t i = 0; i < n;) {
            const sl_ner_tokinfo *t = &c.info[i];
            tags[first + i] = 0;
            bool cap = (t->flags & SL_NER_F_INITCAP) && !(t->flags & (SL_NER_F_STOP | SL_NER_F_TITLE));
            if (!cap) { i++; continue; }
            size_t j = i + 1;
            while (j < n && (c.info[j].flags & SL_NER_F_INITCAP) &&
                   !(c.info[j].flags & (SL_NER_F_STOP | SL_NER_F_TITLE)))
                j++;
            unsigned g = t->gaz >> 2;
            int type = (g & SL_GAZ_NATIONALITY) ? SL_MISC : g ? SL_LOC
                     : (i > 0 && (c.info[i - 1].flags & SL_NER_F_TITLE)) || j - i >= 2 ? SL_PER : SL_ORG;
            if (i == 0 && j - i == 1 && !g) { i = j; continue; } /* sentence-initial word */
            for (size_t k = i; k < j; k++)
                tags[first + k] = (uint8_t)sl_ner_mktag(type, j - i == 1 ? SL_NER_U : k == i ? SL_NER_B
                                                      : k + 1 == j ? SL_NER_L : SL_NER_I);
            i = j;
        }
    }
    S_ctx_free(&c);
    return SL_OK;
}

/* Both entry points: the rule tagger without a model, else the table the text calls for. */
static sl_status S_tag(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                       const sl_ner_tok *toks, size_t ntoks, const sl_ner_sent *sents, size_t nsents,
                       uint8_t *tags, bool cached)
{
    memset(tags, 0, ntoks);
    if (!model) return S_tag_rules(lex, toks, sents, nsents, tags);
    bool useci = ci && model->have[SL_NER_CI];
    return S_tag_model(&model->w[useci ? SL_NER_CI : SL_NER_CASED], &model->words, lex, useci, toks, sents,
                       nsents, tags, cached);
}

sl_status sl_ner_tag(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                     const sl_ner_tok *toks, size_t ntoks, const sl_ner_sent *sents,
                     size_t nsents, uint8_t *tags)
{
    return S_tag(model, lex, ci, toks, ntoks, sents, nsents, tags, true);
}

sl_status sl_ner_tag_uncached(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                              const sl_ner_tok *toks, size_t ntoks, const sl_ner_sent *sents,
                              size_t nsents, uint8_t *tags)
{
    return S_tag(model, lex, ci, toks, ntoks, sents, nsents, tags, false);
}

/* ---- the pipeline stage ----------------------------------------------------------------------- */

static bool S_punct_tok(const sl_doc *d, size_t i)
{
    return d->tokens.v[i].kind == SL_TOK_PUNCT || d->tokens.v[i].kind == SL_TOK_SYM;
}

/* Text with (almost) no capitals was lower-cased on the way: tag it case-insensitively even
 * if repair did not say so. */
static bool S_looks_lower(const sl_doc *d)
{
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < d->tokens.n; i++)
        if (d->tokens.v[i].kind == SL_TOK_WORD) { words++; caps += d->tokens.v[i].cap != 0; }
    return words >= 20 && caps * 100 < words;
}

static bool S_tok_is(const sl_doc *d, size_t i, const char *const *words)
{
    size_t n;
    const char *w = sl_doc_tok(d, i, &n);
    for (size_t k = 0; words[k]; k++)
        if (strlen(words[k]) == n && sl_ieq(w, words[k], n)) return true;
    return false;
}

/* Adds the mention over tagged tokens [i, j] (indices into idx). Tagging slips common in
 * unpunctuated text are mended here: leading honorifics are dropped ("Mr" alone is no
 * mention), a possessive "s" inside a span ends it ("trump s diplomatic" -> "trump"), and an
 * honorific inside a span starts a new person ("pyongyang mr kim" -> "pyongyang" + "kim"). */
static sl_status S_emit(sl_doc *d, const uint32_t *idx, size_t i, size_t j, int type)
{
    static const char *const poss[] = {"s", "'s", "\xe2\x80\x99s", NULL};
    static const char *const hon[] = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", NULL};
    while (i <= j && S_tok_is(d, idx[i], hon)) i++; /* "Mr" is never part of the name */
    if (i > j) return SL_OK;
    for (size_t k = i + 1; k <= j; k++) {
        if (S_tok_is(d, idx[k], poss)) { j = k - 1; break; }
        if (S_tok_is(d, idx[k], hon)) {
            sl_status st = S_emit(d, idx, i, k - 1, type);
            if (st != SL_OK || k + 1 > j) return st;
            i = k + 1;
            type = SL_PER;
        }
    }
    if (j < i) return SL_OK; /* nothing left before a possessive */
    sl_mention mn = {{d->tokens.v[idx[i]].span.start, d->tokens.v[idx[j]].span.end},
                     d->tokens.v[idx[i]].sent, (uint8_t)type, -1};
    return sl_vec_push(&d->mentions, mn) ? SL_OK : SL_ENOMEM;
}

/* Whether a token left outside a person's name of two or more words is the name's last
 * part: a syllable ("kim jong" + "un" in lower-cased text, where "un" looks like the UN) or
 * the surname after a middle initial ("stephen e" + "biegun"); a word that is not a stopword
 * and is not known as a lower-case word (casing prior unknown or mostly capitalized). */
static bool S_name_tail(const struct sl_ner_model *m, const struct sl_lexicon *lex, const sl_ner_tok *t,
                        bool after_initial)
{
    if (!m || (t->len > 3 && !after_initial) || t->len > SL_NER_MAX_TOKLEN) return false;
    sl_ner_tokinfo ti;
    sl_ner_tokinfo_fill(lex, &m->words, true, t, 1, &ti);
    bool alpha = true;
    for (uint32_t k = 0; k < t->len; k++) alpha = alpha && ((t->s[k] | 32) >= 'a' && (t->s[k] | 32) <= 'z');
    return alpha && !(ti.flags & (SL_NER_F_STOP | SL_NER_F_TITLE)) && (ti.caseb == 0 || ti.caseb >= 4);
}

/* ---- Korean names ---------------------------------------------------------------------------
 * Korean personal names are a family name and a given name of two syllables, which news
 * romanizes as one, two or three words ("Kim Jong Un", "Moon Jae-in", "Kim Chang Son"). In
 * lower-cased text without punctuation the tagger often stops after two words or, the
 * hyphen lost, misses the name altogether. The words are romanized syllables, which a small
 * grammar recognizes (initial consonant, vowel, final consonant), and the family names are a
 * short list (resources/korean-surnames.txt). */

/* Whether w is one romanized Korean syllable (Revised Romanization and the common
 * McCune-Reischauer / spelling variants: "jong", "un", "jae", "hyun", "choi", "young"). */
static bool S_korean_syllable(const char *w, size_t n)
{
    static const char *const ini[] = {"kk", "tt", "pp", "ss", "jj", "ch", "g", "k", "n", "d", "t", "r", "l", "m",
                                      "b", "p", "s", "j", "h", "y", "w", ""};
    static const char *const vow[] = {"yae", "yeo", "wae", "ae", "ya", "eo", "ye", "wa", "oe", "yo", "wo", "we",
                                      "wi", "yu", "eu", "ui", "oo", "ee", "ou", "oi", "a", "e", "o", "u", "i"};
    static const char *const fin[] = {"ng", "k", "n", "t", "l", "m", "p", ""};
    if (n == 0 || n > 6) return false;
    char l[8];
    for (size_t i = 0; i < n; i++) {
        char c = (char)(w[i] | 32);
        if (c < 'a' || c > 'z') return false;
        l[i] = c;
    }
    for (size_t a = 0; a < SL_ARRAY_LEN(ini); a++) {
        size_t na = strlen(ini[a]);
        if (na > n || memcmp(l, ini[a], na)) continue;
        for (size_t b = 0; b < SL_ARRAY_LEN(vow); b++) {
            size_t nb = strlen(vow[b]);
            if (na + nb > n || memcmp(l + na, vow[b], nb)) continue;
            for (size_t c = 0; c < SL_ARRAY_LEN(fin); c++) {
                size_t nc = strlen(fin[c]);
                if (na + nb + nc == n && !memcmp(l + na + nb, fin[c], nc)) return true;
            }
        }
    }
    return false;
}

static unsigned S_lex_bits(const struct sl_lexicon *lex, const sl_ner_tok *t)
{
    return lex ? sl_lex_gaz(lex, sl_lex_phrase_add(sl_lex_phrase_init(), t->s, t->len, true)) : 0;
}

/* A word that can continue a Korean name: a syllable that is not a stopword (in cased text,
 * also capitalized, as names are). */
static bool S_korean_more(const struct sl_lexicon *lex, const sl_ner_tok *t, bool ci, bool stop_ok)
{
    if (!S_korean_syllable(t->s, t->len)) return false;
    if (!ci && !(t->s[0] >= 'A' && t->s[0] <= 'Z')) return false;
    unsigned b = S_lex_bits(lex, t);
    return !(b & SL_GAZ_TITLE) && (stop_ok || !(b & SL_LEX_STOP));
}

static bool S_korean_family(const struct sl_lexicon *lex, const sl_ner_tok *t, bool ci)
{
    return (ci || (t->s[0] >= 'A' && t->s[0] <= 'Z')) && (S_lex_bits(lex, t) & SL_GAZ_KSURNAME);
}

/* "president moon jae in": a title, then family name and two syllables the tagger left
 * untagged, is a person. The last syllable may be a stopword ("in"): the title and the
 * family name are evidence enough. */
static void S_korean_after_title(const struct sl_lexicon *lex, const sl_ner_tok *toks, const sl_ner_sent *se,
                                 bool ci, uint8_t *tags)
{
    for (size_t i = se->first + 1; i + 2 < se->end; i++) {
        /* nerspeed: the family-name test first (in cased text most words fail its capital
         * check without a lexicon lookup); all tests are pure, so the order is free */
        if (tags[i] || tags[i + 1] || tags[i + 2] || !S_korean_family(lex, &toks[i], ci)) continue;
        if (!(S_lex_bits(lex, &toks[i - 1]) & SL_GAZ_TITLE) || !S_korean_more(lex, &toks[i + 1], ci, false) ||
            !S_korean_more(lex, &toks[i + 2], ci, true))
            continue;
        tags[i] = (uint8_t)sl_ner_mktag(SL_PER, SL_NER_B);
        tags[i + 1] = (uint8_t)sl_ner_mktag(SL_PER, SL_NER_I);
        tags[i + 2] = (uint8_t)sl_ner_mktag(SL_PER, SL_NER_L);
        i += 2;
    }
}

/* ---- two adjacent names read as one -----------------------------------------------------------
 * "a potential putin kim summit": two surnames side by side, which the tagger (more so without
 * case and hyphens) may read as one person "putin kim". When the first word ends another
 * person's name of the article and the second begins a different one ("vladimir putin", "kim
 * jong un"), the mention is the two of them; otherwise alias merging would join both people
 * into it. */

/* The one space-separated pair of words of a span; false when it is not exactly two words. */
static bool S_two_words(const char *t, sl_span sp, sl_span *a, sl_span *b)
{
    uint32_t k = sp.start;
    while (k < sp.end && t[k] != ' ') k++;
    if (k == sp.start || k + 1 >= sp.end) return false;
    *a = (sl_span){sp.start, k};
    *b = (sl_span){k + 1, sp.end};
    for (uint32_t x = b->start; x < b->end; x++)
        if (t[x] == ' ') return false;
    return true;
}

/* Index of a person mention of two or more words, other than `not`, whose first (first) or
 * last (!first) word is w; -1 when none. */
static long S_name_with(const sl_doc *d, const char *t, sl_span w, bool first, size_t not, long other)
{
    size_t n = w.end - w.start;
    for (size_t m = 0; m < d->mentions.n; m++) {
        const sl_mention *x = &d->mentions.v[m];
        if (m == not || x->type != SL_PER || (long)m == other) continue;
        uint32_t a = x->span.start, b = x->span.end, sp = a;
        while (sp < b && t[sp] != ' ') sp++;
        if (sp >= b) continue; /* one word */
        uint32_t ws = first ? a : b, we = first ? sp : b;
        if (!first) while (ws > a && t[ws - 1] != ' ') ws--;
        if (we - ws == n && sl_ieq(t + ws, t + w.start, n)) {
            /* a different name than `other` */
            if (other >= 0) {
                const sl_mention *o = &d->mentions.v[other];
                if (o->span.end - o->span.start == b - a && sl_ieq(t + o->span.start, t + a, b - a)) continue;
            }
            return (long)m;
        }
    }
    return -1;
}

sl_status sl_ner_split_joined_persons(sl_doc *d)
{
    const char *t = d->text;
    if (!t) return SL_OK;
    for (size_t m = 0; m < d->mentions.n; m++) {
        sl_mention mn = d->mentions.v[m];
        sl_span a, b;
        if (mn.type != SL_PER || !S_two_words(t, mn.span, &a, &b)) continue;
        long ends = S_name_with(d, t, a, false, m, -1);
        if (ends < 0 || S_name_with(d, t, b, true, m, ends) < 0) continue;
        if (!sl_vec_push(&d->mentions, mn)) return SL_ENOMEM;
        memmove(&d->mentions.v[m + 2], &d->mentions.v[m + 1], (d->mentions.n - m - 2) * sizeof mn);
        d->mentions.v[m].span = a;
        d->mentions.v[m + 1] = mn;
        d->mentions.v[m + 1].span = b;
        m++;
    }
    return SL_OK;
}

sl_status sl_ner(const sl_engine *e, sl_doc *d)
{
    size_t nt = d->tokens.n, ns = d->sentences.n;
    if (!nt || !ns) return SL_OK;
    const struct sl_ner_model *m = e ? e->ner : NULL;
    bool ci = m && m->have[SL_NER_CI] && ((d->flags & SL_DOC_LOWERCASED) || S_looks_lower(d));
    /* The case-insensitive model was trained without punctuation tokens: hide them from it.
     * idx maps the tagged sequence back to document tokens. */
    sl_ner_tok *toks = malloc(nt * sizeof *toks);
    uint32_t *idx = malloc(nt * sizeof *idx);
    sl_ner_sent *sents = malloc(ns * sizeof *sents);
    uint8_t *tags = malloc(nt);
    sl_status st = SL_OK;
    if (!toks || !idx || !sents || !tags) { st = SL_ENOMEM; goto done; }
    size_t k = 0, ks = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t first = k;
        const sl_sentence *se = &d->sentences.v[s];
        for (size_t i = se->tok_first; i < se->tok_end && i < nt; i++) {
            if (ci && S_punct_tok(d, i)) continue;
            size_t len;
            const char *w = sl_doc_tok(d, i, &len);
            toks[k] = (sl_ner_tok){w, (uint32_t)len};
            idx[k++] = (uint32_t)i;
        }
        if (k > first) sents[ks++] = (sl_ner_sent){(uint32_t)first, (uint32_t)k, 0};
    }
    if ((st = sl_ner_tag(m, e ? e->lex : NULL, ci, toks, k, sents, ks, tags)) != SL_OK) goto done;
    for (size_t i = 0; i < nt; i++) d->tokens.v[i].ent = 0;
    for (size_t s = 0; s < ks && e && e->lex; s++) S_korean_after_title(e->lex, toks, &sents[s], ci, tags);
    for (size_t i = 0; i < k; i++) d->tokens.v[idx[i]].ent = tags[i];
    /* Mentions from the tag sequence: B..L or U, within one sentence. */
    for (size_t s = 0; s < ks; s++) {
        for (size_t i = sents[s].first; i < sents[s].end; i++) {
            int t = tags[i], pos = sl_ner_tag_pos(t);
            if (!t || pos == SL_NER_I || pos == SL_NER_L) continue;
            size_t j = i;
            if (pos == SL_NER_B)
                while (j + 1 < sents[s].end && sl_ner_tag_pos(tags[j + 1]) != SL_NER_B &&
                       sl_ner_tag_pos(tags[j + 1]) != SL_NER_U && tags[j + 1] &&
                       sl_ner_tag_type(tags[j + 1]) == sl_ner_tag_type(t)) {
                    j++;
                    if (sl_ner_tag_pos(tags[j]) == SL_NER_L) break;
                }
            /* In lower-cased text a short word the tagger took for a one-word organisation or
             * place right after a name ("kim jong" + "un", read as the UN) is the name's last
             * syllable far more often than an adjacent acronym. */
            bool tail_free = j + 1 < sents[s].end &&
                             (!tags[j + 1] || (ci && sl_ner_tag_pos(tags[j + 1]) == SL_NER_U &&
                                               sl_ner_tag_type(tags[j + 1]) != SL_PER));
            const struct sl_lexicon *lex = e ? e->lex : NULL;
            if (sl_ner_tag_type(t) == SL_PER && j > i && tail_free &&
                (S_name_tail(m, lex, &toks[j + 1], toks[j].len == 1) ||
                 /* "kim chang" + "son": the third syllable of a Korean name */
                 (j == i + 1 && !tags[j + 1] && S_korean_family(lex, &toks[i], ci) &&
                  S_korean_more(lex, &toks[j], ci, false) && S_korean_more(lex, &toks[j + 1], ci, false))))
                j++;
            /* "stephen e" + "biegun": a name that ends in a middle initial goes on with the
             * one-word person the tagger found right after it */
            else if (sl_ner_tag_type(t) == SL_PER && j > i && toks[j].len == 1 && j + 1 < sents[s].end &&
                     tags[j + 1] == sl_ner_mktag(SL_PER, SL_NER_U))
                j++;
            if ((st = S_emit(d, idx, i, j, sl_ner_tag_type(t))) != SL_OK) goto done;
            i = j;
        }
    }
    st = sl_ner_split_joined_persons(d);
done:
    free(toks); free(idx); free(sents); free(tags);
    return st;
}
