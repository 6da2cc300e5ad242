/*
 * ner_train.c — learns the tagger's weights: an averaged linear model over the features of
 * ner_features.c, trained sentence by sentence with the tagger's own beam decoder
 * (SL_NER_BEAM hypotheses; structured passive-aggressive updates with early update, see
 * "beam training" below), so the history features see predicted, not gold, previous tags —
 * as at tagging time — and path scores are calibrated across positions.
 *
 * Static features of every training token are computed once and kept in one array, so an
 * epoch only hashes the few tag-dependent ones. Averaging is the usual lazy trick: keep w
 * and acc = sum of (time * update); the average is w - acc / time. After training, only the
 * max_features rows with the largest L1 weight are kept and quantized to int16, which is what
 * keeps models/ner.bin within its size budget. Document order is shuffled each epoch with a
 * seeded xorshift generator, so a given seed always yields the same bytes.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <time.h>

#include "extract/ner.h"
#include "extract/ner_model.h"

/* Largest passive-aggressive step (the C of PA-I). */
#define S_PA_CAP 1.0f

typedef struct S_table {
    uint32_t *key, *row;  /* open addressing, 0 = empty */
    size_t cap, n;
    float *w, *acc;       /* n * SL_NER_NTAGS */
    size_t rowcap;
} S_table;

static size_t S_slot(const S_table *t, uint32_t k)
{
    size_t i = (k * 0x9e3779b1u) & (t->cap - 1);
    while (t->key[i] && t->key[i] != k) i = (i + 1) & (t->cap - 1);
    return i;
}

static float *S_find(const S_table *t, uint32_t k)
{
    if (!t->cap) return NULL;
    size_t i = S_slot(t, k);
    return t->key[i] ? t->w + (size_t)t->row[i] * SL_NER_NTAGS : NULL;
}

/* Row index of k, inserted (zero) when absent; -1 on out-of-memory. */
static long S_insert(S_table *t, uint32_t k)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 1u << 16, ocap = t->cap;
        uint32_t *ok = t->key, *orow = t->row;
        uint32_t *nk = calloc(ncap, sizeof *nk), *nr = calloc(ncap, sizeof *nr);
        if (!nk || !nr) { free(nk); free(nr); return -1; }
        t->key = nk; t->row = nr; t->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (ok[i]) { size_t j = S_slot(t, ok[i]); t->key[j] = ok[i]; t->row[j] = orow[i]; }
        free(ok); free(orow);
    }
    size_t i = S_slot(t, k);
    if (t->key[i]) return t->row[i];
    if (t->n == t->rowcap) {
        size_t nc = t->rowcap ? t->rowcap * 2 : 1u << 15;
        float *nw = realloc(t->w, nc * SL_NER_NTAGS * sizeof *nw);
        if (!nw) return -1;
        t->w = nw;
        float *na = realloc(t->acc, nc * SL_NER_NTAGS * sizeof *na);
        if (!na) return -1;
        t->acc = na;
        t->rowcap = nc;
    }
    memset(t->w + t->n * SL_NER_NTAGS, 0, SL_NER_NTAGS * sizeof(float));
    memset(t->acc + t->n * SL_NER_NTAGS, 0, SL_NER_NTAGS * sizeof(float));
    t->key[i] = k;
    t->row[i] = (uint32_t)t->n;
    return (long)t->n++;
}

static void S_table_free(S_table *t)
{
    free(t->key); free(t->row); free(t->w); free(t->acc);
    memset(t, 0, sizeof *t);
}

static uint64_t S_rand(uint64_t *s)
{
    *s ^= *s >> 12; *s ^= *s << 25; *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dULL;
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Averaged, pruned, quantized weights: keys sorted, rows in key order. */
typedef struct S_final {
    uint32_t *keys;
    int16_t *rows;
    size_t n;
} S_final;

typedef struct S_rank { float l1; uint32_t key, row; } S_rank;
static int S_by_l1(const void *a, const void *b)
{
    const S_rank *x = a, *y = b;
    if (x->l1 != y->l1) return x->l1 > y->l1 ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}
static int S_by_key(const void *a, const void *b)
{
    const S_rank *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static sl_status S_finalize(const S_table *t, double time, size_t keep, S_final *f)
{
    memset(f, 0, sizeof *f);
    S_rank *rk = malloc((t->n + 1) * sizeof *rk);
    float *avg = malloc((t->n * SL_NER_NTAGS + 1) * sizeof *avg);
    if (!rk || !avg) { free(rk); free(avg); return SL_ENOMEM; }
    float maxabs = 1e-9f;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->key[i]) continue;
        uint32_t r = t->row[i];
        float l1 = 0;
        for (int k = 0; k < SL_NER_NTAGS; k++) {
            float a = t->w[r * SL_NER_NTAGS + k] - (float)(t->acc[r * SL_NER_NTAGS + k] / time);
            avg[r * SL_NER_NTAGS + k] = a;
            l1 += fabsf(a);
            if (fabsf(a) > maxabs) maxabs = fabsf(a);
        }
        rk[r] = (S_rank){l1, t->key[i], r};
    }
    size_t n = t->n;
    qsort(rk, n, sizeof *rk, S_by_l1);
    if (n > keep) n = keep;
    while (n && rk[n - 1].l1 <= 0) n--;
    qsort(rk, n, sizeof *rk, S_by_key);
    f->keys = malloc((n + 1) * sizeof *f->keys);
    f->rows = malloc((n * SL_NER_NTAGS + 1) * sizeof *f->rows);
    if (!f->keys || !f->rows) { free(rk); free(avg); free(f->keys); free(f->rows); return SL_ENOMEM; }
    float scale = 32000.0f / maxabs;
    for (size_t i = 0; i < n; i++) {
        f->keys[i] = rk[i].key;
        for (int k = 0; k < SL_NER_NTAGS; k++)
            f->rows[i * SL_NER_NTAGS + k] = (int16_t)lrintf(avg[rk[i].row * SL_NER_NTAGS + k] * scale);
    }
    f->n = n;
    free(rk);
    free(avg);
    return SL_OK;
}

static void S_final_free(S_final *f) { free(f->keys); free(f->rows); memset(f, 0, sizeof *f); }

/* F1 of the averaged weights on a dev set (through the real tagger). */
static double S_dev_f1(const S_table *t, double time, const struct sl_lexicon *lex,
                       const sl_ner_casing *cas, const sl_ner_words *words, bool ci,
                       const sl_conll *dev)
{
    S_final f;
    if (S_finalize(t, time, (size_t)-1, &f) != SL_OK) return -1;
    struct sl_ner_model m = {0};
    m.cas = cas[0];
    m.clus = cas[1];
    m.clus2 = cas[2];
    m.words = *words; /* borrowed */
    int which = ci ? SL_NER_CI : SL_NER_CASED;
    m.have[which] = true;
    m.have[SL_NER_CASED] = true;
    m.w[which].nfeat = f.n;
    m.w[which].rows = f.rows;
    double F = -1;
    if (sl_ner_weights_index(&m.w[which], f.keys) == SL_OK) {
        sl_ner_counts c = {0};
        if (sl_ner_eval(&m, lex, ci, dev, NULL, &c) == SL_OK) {
            double p, r;
            sl_ner_prf(c.gold, c.pred, c.correct, &p, &r, &F);
        }
    }
    m.w[which].rows = NULL; /* owned by f */
    sl_ner_weights_free(&m.w[which]);
    S_final_free(&f);
    return F;
}

/* ---- beam training ---------------------------------------------------------------------------
 * Structured passive-aggressive training with the tagger's beam decoder (ner.c): a sentence is
 * decoded with K hypotheses; when the gold prefix falls out of the beam (or, at the end, is not
 * the best path) the weights move toward the gold prefix and away from the best hypothesis by
 * a PA step on their score difference (early update, Collins & Roark 2004), and decoding goes
 * on from the gold prefix (LaSO). The O column of every feature stays 0: the tagger keeps rows
 * relative to O, which is exact only then, and path scores are sums over positions, so the
 * rows' offsets matter for the tag-dependent features. */

typedef struct S_bscratch {
    uint8_t (*btag)[SL_NER_BEAM], (*bback)[SL_NER_BEAM];
    int32_t *prevsame;
    uint8_t *pred, *gtag, *path;
    size_t cap;
} S_bscratch;

static bool S_bs_reserve(S_bscratch *b, size_t n)
{
    if (n <= b->cap) return true;
    free(b->btag); free(b->bback); free(b->prevsame); free(b->pred); free(b->gtag); free(b->path);
    b->btag = malloc(n * sizeof *b->btag);
    b->bback = malloc(n * sizeof *b->bback);
    b->prevsame = malloc(n * sizeof *b->prevsame);
    b->pred = malloc(n);
    b->gtag = malloc(n);
    b->path = malloc(n);
    b->cap = b->btag && b->bback && b->prevsame && b->pred && b->gtag && b->path ? n : 0;
    return b->cap != 0;
}

static void S_bs_free(S_bscratch *b)
{
    free(b->btag); free(b->bback); free(b->prevsame); free(b->pred); free(b->gtag); free(b->path);
    memset(b, 0, sizeof *b);
}

/* Memory value of position i on a path whose tags are path[0..i) (committed memory + earlier
 * occurrences of the word in this sentence on that path). */
static int S_path_hist(const sl_ner_hist *h, const sl_ner_tokinfo *info, const int32_t *prevsame,
                       const uint8_t *path, size_t i)
{
    uint16_t extra[5] = {0};
    for (int32_t j = prevsame[i]; j >= 0; j = prevsame[j]) extra[sl_ner_tag_type(path[j]) + 1]++;
    return sl_ner_hist_get_extra(h, info[i].lw, extra);
}

/* Dynamic features of position i on a path. */
static size_t S_path_dyn(const sl_ner_hist *h, const sl_ner_tokinfo *info, const int32_t *prevsame,
                         const uint8_t *path, size_t i, uint32_t *dyn)
{
    int p1 = i >= 1 ? path[i - 1] : 0, p2 = i >= 2 ? path[i - 2] : 0;
    int hist = sl_ner_hist_wanted(&info[i]) ? S_path_hist(h, info, prevsame, path, i) : 0;
    return sl_ner_dyn_feats(&info[i], p1, p2, hist, dyn);
}

static bool S_add_feats(S_table *tab, const uint32_t *f, size_t nf, int tag, float step, double time)
{
    if (!tag) return true;
    for (size_t k = 0; k < nf; k++) {
        long r = S_insert(tab, f[k]);
        if (r < 0) return false;
        tab->w[(size_t)r * SL_NER_NTAGS + tag] += step;
        tab->acc[(size_t)r * SL_NER_NTAGS + tag] += step * (float)time;
    }
    return true;
}

/* PA update of positions [a, e] of the sentence: gold path gtag toward, pred away. Both paths
 * agree before a. false on out-of-memory. */
static bool S_beam_update(S_table *tab, const sl_ner_hist *h, const sl_ner_tokinfo *info, const int32_t *prevsame,
                          const uint32_t *feats, const uint32_t *foff, size_t first, const uint8_t *gtag,
                          const uint8_t *pred, size_t a, size_t e, double time, float cap)
{
    uint32_t dg[16], dp[16];
    double sg = 0, sp = 0, norm = 0, loss = 0;
    for (int pass = 0; pass < 2; pass++) {
        float step = 0;
        if (pass == 1) {
            if (norm <= 0) return true;
            double st = (sp - sg + loss) / norm;
            if (st <= 0) return true;
            step = (float)(st > cap ? cap : st);
        }
        for (size_t i = a; i <= e; i++) {
            size_t ng = S_path_dyn(h, info, prevsame, gtag, i, dg);
            size_t np = S_path_dyn(h, info, prevsame, pred, i, dp);
            bool same_dyn = ng == np && !memcmp(dg, dp, ng * sizeof *dg);
            if (gtag[i] == pred[i] && same_dyn) continue;
            const uint32_t *sf = feats + foff[first + i];
            size_t ns = foff[first + i + 1] - foff[first + i];
            if (pass == 0) {
                loss += gtag[i] != pred[i];
                for (int w = 0; w < 2; w++) {
                    const uint8_t *path = w ? pred : gtag;
                    const uint32_t *d = w ? dp : dg;
                    size_t nd = w ? np : ng;
                    double sum = 0;
                    for (size_t k = 0; k < ns + nd; k++) {
                        const float *row = S_find(tab, k < ns ? sf[k] : d[k - ns]);
                        if (row) sum += row[path[i]];
                    }
                    if (w) sp += sum; else sg += sum;
                    if (path[i]) norm += (double)(gtag[i] == pred[i] ? nd : ns + nd);
                }
            } else if (gtag[i] == pred[i]) {
                if (!S_add_feats(tab, dg, ng, gtag[i], step, time) || !S_add_feats(tab, dp, np, pred[i], -step, time))
                    return false;
            } else {
                if (!S_add_feats(tab, sf, ns, gtag[i], step, time) || !S_add_feats(tab, dg, ng, gtag[i], step, time) ||
                    !S_add_feats(tab, sf, ns, pred[i], -step, time) || !S_add_feats(tab, dp, np, pred[i], -step, time))
                    return false;
            }
        }
    }
    return true;
}

/* Beam-trains one sentence (tokens first..first+n of the training set); the decoded tags
 * (with the gold prefix after each early update) go to bs->pred and into the memory h.
 * *errors counts updates. false on out-of-memory. */
static bool S_beam_train_sentence(S_table *tab, sl_ner_hist *h, S_bscratch *bs, const sl_ner_tokinfo *info,
                                  const uint32_t *feats, const uint32_t *foff, const uint8_t *gold,
                                  size_t first, size_t n, int K, double *time, float cap, size_t *errors)
{
    if (!S_bs_reserve(bs, n)) return false;
    for (size_t i = 0; i < n; i++) {
        bs->prevsame[i] = -1;
        bs->gtag[i] = gold[first + i];
        if (!sl_ner_hist_wanted(&info[i])) continue;
        for (size_t j = i; j-- > 0;)
            if (info[j].lw == info[i].lw && sl_ner_hist_wanted(&info[j])) { bs->prevsame[i] = (int32_t)j; break; }
    }
    double score[SL_NER_BEAM], nscore[SL_NER_BEAM];
    int nb = 1, gidx = 0;
    size_t seg = 0; /* positions before seg are the gold prefix in every hypothesis */
    score[0] = 0;
    uint32_t dyn[16];
    for (size_t i = 0; i < n; i++) {
        bool last = i + 1 == n;
        int nn = 0, ngi = -1;
        float sst[SL_NER_NTAGS] = {0};
        for (size_t f = foff[first + i]; f < foff[first + i + 1]; f++) {
            const float *row = S_find(tab, feats[f]);
            if (row) for (int q = 0; q < SL_NER_NTAGS; q++) sst[q] += row[q];
        }
        for (int hh = 0; hh < nb; hh++) {
            /* this hypothesis' tags of the sentence so far */
            uint8_t *path = bs->path;
            for (size_t j = i, b = (size_t)hh; j-- > 0;) {
                path[j] = bs->btag[j][b];
                b = bs->bback[j][b];
            }
            size_t nd = S_path_dyn(h, info, bs->prevsame, path, i, dyn);
            float sc[SL_NER_NTAGS];
            memcpy(sc, sst, sizeof sc);
            for (size_t k = 0; k < nd; k++) {
                const float *row = S_find(tab, dyn[k]);
                if (row) for (int q = 0; q < SL_NER_NTAGS; q++) sc[q] += row[q];
            }
            int p1 = i >= 1 ? path[i - 1] : 0;
            for (int q = 0; q < SL_NER_NTAGS; q++) {
                if (!sl_ner_valid(p1, q, last)) continue;
                double v = score[hh] + (double)(sc[q] - sc[0]);
                bool isg = hh == gidx && q == bs->gtag[i];
                if (nn == K && v <= nscore[nn - 1]) continue;
                int at = nn < K ? nn++ : K - 1;
                if (ngi == at) ngi = -1; /* the gold candidate falls off the end */
                while (at > 0 && nscore[at - 1] < v) {
                    nscore[at] = nscore[at - 1];
                    bs->btag[i][at] = bs->btag[i][at - 1];
                    bs->bback[i][at] = bs->bback[i][at - 1];
                    if (ngi == at - 1) ngi = at;
                    at--;
                }
                nscore[at] = v;
                bs->btag[i][at] = (uint8_t)q;
                bs->bback[i][at] = (uint8_t)hh;
                if (isg) ngi = at;
            }
        }
        nb = nn;
        memcpy(score, nscore, (size_t)nb * sizeof *score);
        gidx = ngi;
        bool violation = gidx < 0 || (last && gidx != 0);
        if (violation) {
            (*errors)++;
            /* best hypothesis' path up to i */
            for (size_t j = i + 1, b = 0; j-- > 0;) {
                bs->pred[j] = bs->btag[j][b];
                b = bs->bback[j][b];
            }
            for (size_t j = 0; j < seg; j++) bs->pred[j] = bs->gtag[j];
            if (!S_beam_update(tab, h, info, bs->prevsame, feats, foff, first, bs->gtag, bs->pred, seg, i, *time, cap))
                return false;
            /* go on from the gold prefix */
            seg = i + 1;
            nb = 1;
            gidx = 0;
            score[0] = 0;
            for (size_t j = 0; j <= i; j++) { bs->btag[j][0] = bs->gtag[j]; bs->bback[j][0] = 0; }
        }
        *time += 1;
    }
    for (size_t j = n, b = 0; j-- > 0;) {
        bs->pred[j] = bs->btag[j][b];
        b = bs->bback[j][b];
    }
    for (size_t i = 0; i < n; i++)
        if (sl_ner_hist_wanted(&info[i]) && !sl_ner_hist_add(h, info[i].lw, sl_ner_tag_type(bs->pred[i]))) return false;
    return true;
}

static sl_status S_train_one(const struct sl_lexicon *lex, const sl_ner_casing *cas,
                             const sl_conll *c, bool ci,
                             const sl_ner_train_opts *o, const sl_conll *dev, S_final *out)
{
    sl_status st = SL_ENOMEM;
    double t0 = S_now();
    size_t nt = c->ntoks;
    sl_ner_tokinfo *info = malloc((nt + 1) * sizeof *info);
    uint32_t *foff = malloc((nt + 1) * sizeof *foff);
    uint32_t *feats = NULL;
    size_t *docfirst = malloc((c->ndocs + 2) * sizeof *docfirst);
    uint32_t *order = malloc((c->ndocs + 1) * sizeof *order);
    S_table tab = {0}, bagsum = {0};
    sl_ner_hist hist = {0};
    S_bscratch bscr = {0};
    sl_ner_docmap map = {0};
    sl_ner_words words = {0};
    if (!info || !foff || !docfirst || !order) goto done;
    if (sl_ner_words_build(cas, &words) != SL_OK) goto done;
    /* Static features, once. */
    size_t cap = nt * 40 + 64, nf = 0;
    feats = malloc(cap * sizeof *feats);
    if (!feats) goto done;
    for (size_t s = 0; s < c->nsents; s++)
        sl_ner_tokinfo_fill(lex, &words, ci, c->toks + c->sents[s].first, c->sents[s].end - c->sents[s].first,
                            info + c->sents[s].first);
    for (size_t s0 = 0, s1; s0 < c->nsents; s0 = s1) {
        for (s1 = s0 + 1; s1 < c->nsents && c->sents[s1].doc == c->sents[s0].doc; s1++) {}
        if (!sl_ner_doc_fill(info, 0, c->sents + s0, s1 - s0, &map)) goto done;
    }
    for (size_t s = 0; s < c->nsents; s++) {
        size_t first = c->sents[s].first, n = c->sents[s].end - first;
        for (size_t i = 0; i < n; i++) {
            if (nf + SL_NER_MAX_FEATS > cap) {
                uint32_t *p = realloc(feats, cap * 2 * sizeof *p);
                if (!p) goto done;
                feats = p;
                cap *= 2;
            }
            foff[first + i] = (uint32_t)nf;
            nf += sl_ner_static_feats(info + first, n, i, ci, feats + nf);
        }
    }
    foff[nt] = (uint32_t)nf;
    /* Sentences of each document (documents are contiguous runs of sentences). */
    size_t nd = 0;
    for (size_t s = 0; s < c->nsents; s++)
        if (!s || c->sents[s].doc != c->sents[s - 1].doc) docfirst[nd++] = s;
    docfirst[nd] = c->nsents;
    for (size_t d = 0; d < nd; d++) order[d] = (uint32_t)d;
    if (o->verbose)
        fprintf(stderr, "ner %s: %zu tokens, %zu sentences, %zu documents, %.1f features/token (%.1fs)\n",
                ci ? "case-insensitive" : "cased", nt, c->nsents, nd, (double)nf / (double)(nt ? nt : 1),
                S_now() - t0);
    /* Bagging: with o->bags > 1 the whole training runs once per seed seed, seed+1, ... and
     * the averaged weights of the runs are averaged (only the document order differs). */
    int nbags = o->bags > 1 ? o->bags : 1;
    double time = 1;
    /* one progress bar over all epochs (drawn only when the CLI enabled bars); the verbose
     * per-epoch lines print above it */
    sl_progress prog;
    sl_progress_start(&prog, ci ? "train ner ci" : "train ner cased", "docs", (double)nd * o->epochs * nbags);
    for (int bag = 0; bag < nbags; bag++) {
        uint64_t rng = (o->seed + (uint64_t)bag) * 0x9e3779b97f4a7c15ULL + (ci ? 7 : 3);
        if (!rng) rng = 1;
        if (bag) {
            S_table_free(&tab);
            time = 1;
            for (size_t d = 0; d < nd; d++) order[d] = (uint32_t)d;
        }
        for (int ep = 0; ep < o->epochs; ep++) {
            double te = S_now();
            for (size_t d = nd; d > 1; d--) {
                size_t j = (size_t)(S_rand(&rng) % d);
                uint32_t tmp = order[d - 1]; order[d - 1] = order[j]; order[j] = tmp;
            }
            size_t errors = 0;
            for (size_t di = 0; di < nd; di++) {
                sl_progress_update(&prog, ((double)bag * o->epochs + ep) * (double)nd + (double)di);
                size_t d = order[di];
                sl_ner_hist_reset(&hist);
                for (size_t s = docfirst[d]; s < docfirst[d + 1]; s++) {
                    size_t first = c->sents[s].first, n = c->sents[s].end - first;
                    if (!S_beam_train_sentence(&tab, &hist, &bscr, info + first, feats, foff, c->gold, first, n,
                                               SL_NER_BEAM, &time, S_PA_CAP, &errors))
                        goto done;
                }
            }
            if (o->verbose) {
                sl_progress_clear();
                fprintf(stderr, "  epoch %d: %zu token errors, %zu features, %.1fs", ep + 1, errors, tab.n,
                        S_now() - te);
                if (dev) fprintf(stderr, ", dev F1 %.2f", S_dev_f1(&tab, time, lex, cas, &words, ci, dev));
                fputc('\n', stderr);
            }
        }
        if (nbags > 1) { /* add this run's averaged weights / nbags to the bag's sum */
            for (size_t i = 0; i < tab.cap; i++) {
                if (!tab.key[i]) continue;
                long r = S_insert(&bagsum, tab.key[i]);
                if (r < 0) goto done;
                const float *w = tab.w + (size_t)tab.row[i] * SL_NER_NTAGS, *a = tab.acc + (size_t)tab.row[i] * SL_NER_NTAGS;
                float *sw = bagsum.w + (size_t)r * SL_NER_NTAGS;
                for (int q = 0; q < SL_NER_NTAGS; q++) sw[q] += (w[q] - (float)(a[q] / time)) / (float)nbags;
            }
            if (o->verbose && dev)
                fprintf(stderr, "  bag %d of %d: dev F1 of the bags so far %.2f\n", bag + 1, nbags,
                        S_dev_f1(&bagsum, 1, lex, cas, &words, ci, dev));
        }
    }
    sl_progress_update(&prog, (double)nd * o->epochs * nbags);
    sl_progress_end(&prog);
    st = nbags > 1 ? S_finalize(&bagsum, 1, o->max_features, out) : S_finalize(&tab, time, o->max_features, out);
    if (st == SL_OK && o->verbose && dev) {
        struct sl_ner_model m = {0};
        m.cas = cas[0];
        m.clus = cas[1];
        m.clus2 = cas[2];
        m.words = words; /* borrowed */
        int which = ci ? SL_NER_CI : SL_NER_CASED;
        m.have[which] = m.have[SL_NER_CASED] = true;
        m.w[which].nfeat = out->n;
        m.w[which].rows = out->rows;
        if (sl_ner_weights_index(&m.w[which], out->keys) == SL_OK) {
            sl_ner_counts cn = {0};
            double p = 0, r = 0, F = 0;
            if (sl_ner_eval(&m, lex, ci, dev, NULL, &cn) == SL_OK) sl_ner_prf(cn.gold, cn.pred, cn.correct, &p, &r, &F);
            fprintf(stderr, "  kept %zu of %zu features: dev P %.2f R %.2f F1 %.2f\n", out->n,
                    nbags > 1 ? bagsum.n : tab.n, p, r, F);
        }
        m.w[which].rows = NULL;
        sl_ner_weights_free(&m.w[which]);
    }
done:
    free(info); free(foff); free(feats); free(docfirst); free(order);
    S_table_free(&tab);
    S_table_free(&bagsum);
    sl_ner_hist_free(&hist);
    S_bs_free(&bscr);
    sl_ner_docmap_free(&map);
    sl_ner_words_free(&words);
    return st;
}

/* ---- casing prior ------------------------------------------------------------------------- */

typedef struct S_ccount {
    uint32_t *key, *total, *caps;
    size_t cap, n;
    uint32_t *stream; /* lower-cased word hashes of all text, 0 = sentence boundary */
    size_t sn, scap;
} S_ccount;

static bool S_push(S_ccount *c, uint32_t v)
{
    if (c->sn == c->scap) {
        size_t nc = c->scap ? c->scap * 2 : 1u << 20;
        uint32_t *p = realloc(c->stream, nc * sizeof *p);
        if (!p) return false;
        c->stream = p;
        c->scap = nc;
    }
    c->stream[c->sn++] = v;
    return true;
}

static bool S_count(S_ccount *c, uint32_t k, bool capital)
{
    if ((c->n + 1) * 2 > c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 1u << 16, ocap = c->cap;
        uint32_t *ok = c->key, *ot = c->total, *oc = c->caps;
        uint32_t *nk = calloc(ncap, 4), *nt = calloc(ncap, 4), *nc = calloc(ncap, 4);
        if (!nk || !nt || !nc) { free(nk); free(nt); free(nc); return false; }
        c->key = nk; c->total = nt; c->caps = nc; c->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (ok[i]) {
                size_t j = (ok[i] * 0x9e3779b1u) & (ncap - 1);
                while (nk[j]) j = (j + 1) & (ncap - 1);
                nk[j] = ok[i]; nt[j] = ot[i]; nc[j] = oc[i];
            }
        free(ok); free(ot); free(oc);
    }
    size_t j = (k * 0x9e3779b1u) & (c->cap - 1);
    while (c->key[j] && c->key[j] != k) j = (j + 1) & (c->cap - 1);
    if (!c->key[j]) { c->key[j] = k; c->n++; }
    c->total[j]++;
    c->caps[j] += capital;
    return true;
}

/* One token of running text: counted unless it starts a sentence or is all capitals. */
static bool S_count_tok(S_ccount *c, const char *w, size_t n, bool initial)
{
    sl_ner_tok t = {w, (uint32_t)n};
    sl_ner_tokinfo ti;
    sl_ner_tokinfo_fill(NULL, NULL, false, &t, 1, &ti);
    if ((ti.flags & (SL_NER_F_ALPHA | SL_NER_F_DIGIT)) && !S_push(c, ti.lw)) return false;
    if (initial || !(ti.flags & SL_NER_F_ALPHA) || (ti.flags & SL_NER_F_ALLCAP)) return true;
    return S_count(c, ti.lw, (ti.flags & SL_NER_F_INITCAP) != 0);
}

static bool S_wordch(unsigned char ch)
{
    return ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z') || ch == '\'' ||
           ch == '-' || ch == '.';
}

static sl_status S_count_file(S_ccount *c, const char *path)
{
    char *buf;
    size_t len;
    sl_status st = sl_read_file(path, 64u << 20, &buf, &len);
    if (st != SL_OK) return st;
    bool initial = true;
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)buf[i];
        if (S_wordch(ch) && ch != '.' && ch != '-' && ch != '\'') {
            size_t j = i;
            while (j < len && S_wordch((unsigned char)buf[j])) j++;
            size_t e = j;
            while (e > i && (buf[e - 1] == '.' || buf[e - 1] == '-' || buf[e - 1] == '\'')) e--;
            if (!S_count_tok(c, buf + i, e - i, initial)) { free(buf); return SL_ENOMEM; }
            initial = e < j && buf[e] == '.';
            i = j;
        } else {
            if (ch == '.' || ch == '!' || ch == '?' || ch == '"' || ch == ':' || ch == '\n') initial = true;
            if ((ch == '.' || ch == '!' || ch == '?' || ch == '\n') && c->sn && c->stream[c->sn - 1] &&
                !S_push(c, 0)) { free(buf); return SL_ENOMEM; }
            i++;
        }
    }
    free(buf);
    return SL_OK;
}

static sl_status S_count_path(S_ccount *c, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return SL_EIO;
    if (!S_ISDIR(sb.st_mode)) return S_count_file(c, path);
    if (depth > 8) return SL_OK;
    DIR *d = opendir(path);
    if (!d) return SL_EIO;
    struct dirent *de;
    sl_status st = SL_OK;
    while (st == SL_OK && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.') continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        if (stat(sub, &sb) != 0) continue;
        if (S_ISDIR(sb.st_mode)) st = S_count_path(c, sub, depth + 1);
        else if (n > 4 && !strcmp(de->d_name + n - 4, ".txt")) st = S_count_file(c, sub);
    }
    closedir(d);
    return st;
}

static int S_by_key_wc(const void *a, const void *b)
{
    const struct { uint32_t key, count; } *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int S_u32cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- word clusters ---------------------------------------------------------------------------
 * Predictive exchange clustering (Uszkoreit & Brants 2008) of lower-cased words over the same
 * text: maximizes sum N(v,c) log N(v,c) - sum N(c) log N(c), with v a preceding word and c
 * the class of the following one, by moving each word to its best class, a few passes over
 * the vocabulary. Deterministic: classes start as frequency rank modulo K. */

#define S_NCLUS 255u      /* cluster ids 1..255; 0 = unknown word */
/* A second, coarser clustering of the same words: the fine classes split rare name words
 * finely, the coarse ones generalize over them (like the short prefixes of Brown paths). */
#ifndef SL_NER_NCLUS2
#define SL_NER_NCLUS2 48u
#endif
#define S_CLUS_MINCOUNT 3u
#define S_CLUS_ITERS 8

typedef struct S_wc { uint32_t key, count; } S_wc;
static int S_by_count(const void *a, const void *b)
{
    const S_wc *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}
typedef struct S_pair { uint32_t w, v, n; } S_pair;
static int S_by_wv(const void *a, const void *b)
{
    const S_pair *x = a, *y = b;
    if (x->w != y->w) return x->w < y->w ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

static sl_status S_clusters(const uint32_t *stream, size_t sn, size_t K, bool verbose, sl_ner_casing *out)
{
    sl_status st = SL_ENOMEM;
    /* vocabulary: word hash -> id (by frequency); id V = rare words, V+1 = sentence start */
    S_ccount voc = {0};
    S_wc *wc = NULL;
    uint32_t *ids = NULL, *cls = NULL, *pstart = NULL, *wcount = NULL;
    S_pair *pairs = NULL;
    double *flog = NULL, *nvc = NULL, *nc = NULL;
    for (size_t i = 0; i < sn; i++)
        if (stream[i] && !S_count(&voc, stream[i], false)) goto done;
    wc = malloc((voc.n + 1) * sizeof *wc);
    if (!wc) goto done;
    size_t V = 0;
    for (size_t i = 0; i < voc.cap; i++)
        if (voc.key[i] && voc.total[i] >= S_CLUS_MINCOUNT) wc[V++] = (S_wc){voc.key[i], voc.total[i]};
    qsort(wc, V, sizeof *wc, S_by_count);
    for (size_t i = 0; i < voc.cap; i++) voc.caps[i] = UINT32_MAX;
    for (size_t r = 0; r < V; r++) {
        size_t j = (wc[r].key * 0x9e3779b1u) & (voc.cap - 1);
        while (voc.key[j] != wc[r].key) j = (j + 1) & (voc.cap - 1);
        voc.caps[j] = (uint32_t)r; /* reuse: id of the word */
    }
    ids = malloc((sn + 1) * sizeof *ids);
    if (!ids) goto done;
    for (size_t i = 0; i < sn; i++) {
        if (!stream[i]) { ids[i] = (uint32_t)V + 1; continue; }
        size_t j = (stream[i] * 0x9e3779b1u) & (voc.cap - 1);
        while (voc.key[j] != stream[i]) j = (j + 1) & (voc.cap - 1);
        ids[i] = voc.caps[j] == UINT32_MAX ? (uint32_t)V : voc.caps[j];
    }
    /* distinct (following word w < V, preceding v) pairs with counts */
    size_t np = 0;
    pairs = malloc((sn + 1) * sizeof *pairs);
    if (!pairs) goto done;
    for (size_t i = 1; i < sn; i++)
        if (ids[i] < V) pairs[np++] = (S_pair){ids[i], ids[i - 1], 1};
    qsort(pairs, np, sizeof *pairs, S_by_wv);
    size_t nu = 0;
    for (size_t i = 0; i < np; i++) {
        if (nu && pairs[nu - 1].w == pairs[i].w && pairs[nu - 1].v == pairs[i].v) pairs[nu - 1].n++;
        else pairs[nu++] = pairs[i];
    }
    pstart = calloc(V + 1, sizeof *pstart);
    wcount = calloc(V + 1, sizeof *wcount);
    cls = malloc((V + 1) * sizeof *cls);
    size_t NV = V + 2;
    nvc = calloc(NV * K, sizeof *nvc);
    nc = calloc(K, sizeof *nc);
    flog = malloc((sn + 2) * sizeof *flog);
    if (!pstart || !wcount || !cls || !nvc || !nc || !flog) goto done;
    for (size_t x = 0; x <= sn + 1; x++) flog[x] = x ? (double)x * log((double)x) : 0;
    for (size_t i = 0, w = 0; w <= V; w++) {
        pstart[w] = (uint32_t)i;
        while (i < nu && pairs[i].w == w) wcount[w] += pairs[i++].n;
    }
    for (size_t w = 0; w < V; w++) cls[w] = (uint32_t)(w % K);
    for (size_t i = 0; i < nu; i++) nvc[(size_t)pairs[i].v * K + cls[pairs[i].w]] += pairs[i].n;
    for (size_t w = 0; w < V; w++) nc[cls[w]] += wcount[w];
    double *delta = malloc(K * sizeof *delta);
    if (!delta) goto done;
    for (int it = 0; it < S_CLUS_ITERS; it++) {
        size_t moved = 0;
        for (size_t w = 0; w < V; w++) {
            uint32_t a = cls[w];
            size_t e = w + 1 <= V ? pstart[w + 1] : nu;
            for (size_t i = pstart[w]; i < e; i++) nvc[(size_t)pairs[i].v * K + a] -= pairs[i].n;
            nc[a] -= wcount[w];
            for (size_t k = 0; k < K; k++) {
                double n0 = nc[k], n1 = n0 + wcount[w];
                delta[k] = -(flog[(size_t)n1] - flog[(size_t)n0]);
            }
            for (size_t i = pstart[w]; i < e; i++) {
                const double *row = nvc + (size_t)pairs[i].v * K;
                size_t n = pairs[i].n;
                for (size_t k = 0; k < K; k++) {
                    size_t x = (size_t)row[k];
                    delta[k] += flog[x + n] - flog[x];
                }
            }
            uint32_t b = a;
            for (size_t k = 0; k < K; k++)
                if (delta[k] > delta[b] + 1e-9) b = (uint32_t)k;
            for (size_t i = pstart[w]; i < e; i++) nvc[(size_t)pairs[i].v * K + b] += pairs[i].n;
            nc[b] += wcount[w];
            moved += b != a;
            cls[w] = b;
        }
        if (verbose) fprintf(stderr, "clusters %zu: pass %d, %zu of %zu words moved\n", K, it + 1, moved, V);
    }
    free(delta);
    /* output: word hash -> class + 1, sorted by hash */
    out->keys = malloc((V + 1) * sizeof *out->keys);
    out->bucket = malloc(V + 1);
    if (!out->keys || !out->bucket) goto done;
    S_wc *byk = malloc((V + 1) * sizeof *byk);
    if (!byk) goto done;
    for (size_t w = 0; w < V; w++) byk[w] = (S_wc){wc[w].key, cls[w] + 1};
    qsort(byk, V, sizeof *byk, S_by_key_wc);
    for (size_t w = 0; w < V; w++) { out->keys[w] = byk[w].key; out->bucket[w] = (uint8_t)byk[w].count; }
    out->n = V;
    free(byk);
    st = SL_OK;
done:
    free(voc.key); free(voc.total); free(voc.caps);
    free(wc); free(ids); free(cls); free(pstart); free(wcount); free(pairs); free(flog); free(nvc); free(nc);
    return st;
}

static sl_status S_casing_build(const sl_conll *train, const sl_ner_train_opts *o, sl_ner_casing *cas,
                                sl_ner_casing *clus, sl_ner_casing *clus2, char *err, size_t errlen)
{
    S_ccount c = {0};
    sl_status st = SL_OK;
    for (size_t s = 0; st == SL_OK && s < train->nsents; s++)
        for (size_t i = train->sents[s].first; i < train->sents[s].end; i++) {
            bool initial = i == train->sents[s].first;
            if (initial && !S_push(&c, 0)) { st = SL_ENOMEM; break; }
            if (!initial) {
                const sl_ner_tok *p = &train->toks[i - 1];
                initial = p->len == 1 && (p->s[0] == '"' || p->s[0] == ':' || p->s[0] == '(' || p->s[0] == '-');
            }
            if (!S_count_tok(&c, train->toks[i].s, train->toks[i].len, initial)) { st = SL_ENOMEM; break; }
        }
    for (size_t u = 0; st == SL_OK && u < o->nunlabeled; u++) {
        st = S_count_path(&c, o->unlabeled[u], 0);
        if (st != SL_OK) snprintf(err, errlen, "%s: cannot read unlabeled text", o->unlabeled[u]);
    }
    size_t n = 0;
    if (st == SL_OK) {
        cas->keys = malloc((c.n + 1) * sizeof *cas->keys);
        cas->bucket = malloc(c.n + 1);
        if (!cas->keys || !cas->bucket) st = SL_ENOMEM;
    }
    for (size_t i = 0; st == SL_OK && i < c.cap; i++)
        if (c.key[i] && c.total[i] >= 2) cas->keys[n++] = c.key[i];
    if (st == SL_OK) {
        qsort(cas->keys, n, sizeof *cas->keys, S_u32cmp);
        for (size_t i = 0; i < n; i++) {
            size_t j = (cas->keys[i] * 0x9e3779b1u) & (c.cap - 1);
            while (c.key[j] != cas->keys[i]) j = (j + 1) & (c.cap - 1);
            double r = (double)c.caps[j] / c.total[j];
            cas->bucket[i] = r < 0.05 ? 1 : r < 0.3 ? 2 : r < 0.7 ? 3 : r < 0.95 ? 4 : 5;
        }
        cas->n = n;
        if (o->verbose) fprintf(stderr, "casing prior: %zu words (of %zu seen)\n", n, c.n);
    }
    if (st == SL_OK) st = S_clusters(c.stream, c.sn, S_NCLUS, o->verbose, clus);
    if (st == SL_OK) st = S_clusters(c.stream, c.sn, SL_NER_NCLUS2, o->verbose, clus2);
    free(c.stream);
    free(c.key); free(c.total); free(c.caps);
    return st;
}

sl_status sl_ner_train(const struct sl_lexicon *lex, const sl_conll *train,
                       const sl_conll *train_deg, const sl_ner_train_opts *o,
                       const char *out_path, char *err, size_t errlen)
{
    S_final f[2] = {{0}};
    sl_ner_casing cas[3] = {{0}};
    sl_status st = S_casing_build(train, o, &cas[0], &cas[1], &cas[2], err, errlen);
    if (st == SL_OK) st = S_train_one(lex, cas, train, false, o, o->dev, &f[0]);
    if (st == SL_OK && train_deg) st = S_train_one(lex, cas, train_deg, true, o, o->dev_deg, &f[1]);
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (st == SL_OK) {
        sl_ner_section secs[5] = {{SL_NER_SEC_CASING, cas[0].n, cas[0].keys, NULL, cas[0].bucket},
                                  {SL_NER_SEC_CLUSTERS, cas[1].n, cas[1].keys, NULL, cas[1].bucket},
                                  {SL_NER_SEC_CLUSTERS2, cas[2].n, cas[2].keys, NULL, cas[2].bucket},
                                  {SL_NER_SEC_CASED, f[0].n, f[0].keys, f[0].rows, NULL},
                                  {SL_NER_SEC_CI, f[1].n, f[1].keys, f[1].rows, NULL}};
        st = sl_ner_model_write(secs, train_deg ? 5 : 4, &bytes, &len);
    }
    if (st == SL_OK) {
        FILE *fp = fopen(out_path, "wb");
        if (!fp || fwrite(bytes, 1, len, fp) != len) {
            snprintf(err, errlen, "%s: cannot write", out_path);
            st = SL_EIO;
        }
        if (fp && fclose(fp) != 0 && st == SL_OK) {
            snprintf(err, errlen, "%s: cannot write", out_path);
            st = SL_EIO;
        }
    } else if (!err[0]) {
        snprintf(err, errlen, "training failed: %s", sl_strerror(st));
    }
    if (st == SL_OK && o->verbose) fprintf(stderr, "wrote %s (%zu bytes)\n", out_path, len);
    free(bytes);
    S_final_free(&f[0]);
    S_final_free(&f[1]);
    for (int k = 0; k < 3; k++) { free(cas[k].keys); free(cas[k].bucket); }
    return st;
}
