/*
 * cluster.c — online story assignment, near-duplicates and story merging.
 *
 * The session calls sl_clusterer_assign once per new article, in arrival order, with the
 * article's signature (src/extract/signature.c). The answer is the story it joins (or a new
 * one) and, for a re-post, the original article. The state lives in memory and is persisted
 * by the store with sl_clusterer_save / sl_clusterer_load.
 *
 * How an article is assigned:
 *   1. Near-duplicate: the 64-bit SimHash is split into 4 bands of 16 bits; a copy within
 *      3 bits shares at least one band exactly, so each band value chains the recent articles
 *      that have it (a window of SL_CL_ND_WINDOW articles). A hit joins the original's story.
 *   2. Candidates: every term keeps a posting list of the SL_CL_POST_MAX stories that used it
 *      most recently. The article's SL_CL_PROBE_TERMS most distinctive terms read at most
 *      16 x 32 postings, so the work per article does not grow with the number of stories;
 *      nothing ever scans all stories.
 *   3. Score: the best SL_CL_CANDIDATES by a cheap overlap are scored in full: cosine between
 *      the article's TF-IDF vector (1 + ln tf) and the story centroid (sum of its members'
 *      unit tf vectors, top terms only), IDF kept online from the articles seen so far. Time
 *      proximity multiplies the score by max(time_floor, 1 / (1 + ln(1 + gap / tau))) where
 *      gap is the distance in days from the story's [first, last] span; beyond max_gap the
 *      story is not a candidate. An unknown day gives no time signal at all.
 *   4. Join the best story when the score reaches `join`, else start a new story.
 *   5. Every `merge_every` articles the stories touched since the last pass look for another
 *      story whose centroid is close enough (`merge`); the later story is folded into the
 *      earlier one and reported through sl_clusterer_merges so story ids stay traceable.
 *
 * Entity keys, title words and content words all arrive as weighted terms, so the entity and
 * title signals are the boosts the signature gave them.
 *
 * Everything is deterministic: no randomness, ties broken by the smaller story number, and
 * the saved state holds everything that can influence a later decision, so assigning after a
 * save/load round trip gives exactly what assigning straight through gives.
 */
#include <math.h>
#include <stdlib.h>

#include "story/story.h"

#define SL_CL_POST_MAX       32u    /* most recent stories kept per term */
#define SL_CL_STORY_TERMS    64u    /* centroid terms kept after truncation */
#define SL_CL_STORY_TERMS_HI 96u    /* truncate the centroid when it grows past this */
#define SL_CL_CANDIDATES     24u    /* candidate stories scored in full per article */
#define SL_CL_PROBE_TERMS    16u    /* terms (highest tf-idf) whose postings give candidates */
#define SL_CL_MAX_DOC_TERMS  256u   /* terms read from one signature; more is SL_ELIMIT */
#define SL_CL_ND_WINDOW      65536u /* recent articles searched for near-duplicates */
#define SL_CL_ND_CHAIN       32u    /* articles visited per SimHash band */
#define SL_CL_MAX_STORIES    0x7ffffff0u
#define SL_CL_MAX_TERMS      0x7ffffff0u

#define S_MAGIC   0x4c43534cu /* "SLCL" */
#define S_VERSION 2u /* 2 added bg_weight; a version 1 state loads with bg_weight 0 */

void sl_cluster_params_default(sl_cluster_params *p)
{
    /* tuned on DUC 2003 (pooled, date order) and MStream News-T; see docs/CLUSTERING.md */
    p->join = 0.10;
    p->merge = 0.15;
    p->tau_days = 3.0;
    p->time_floor = 0.8;
    p->max_gap_days = 3650.0;
    p->merge_every = 10;
    p->neardup_bits = 3;
    p->prior_docs = 300;
    p->bg_weight = 0.0; /* off: see docs/CLUSTERING.md (the prior helps DUC/MStream but merges the Haiti and Chile quakes of the sample in folder order) */
}

typedef struct S_term {
    uint64_t hash;
    uint32_t df;       /* articles that had it */
    float bg;          /* background df x bg_weight (not saved: it comes from the table) */
    float ldf;         /* log(df + bg + 0.5), cached: idf is needed thousands of times per article */
    uint16_t pn, pcap; /* posting list length and capacity */
    uint32_t *post;    /* story numbers, oldest first */
} S_term;

typedef struct S_story {
    uint32_t *tid;     /* centroid term ids, ascending */
    float *cw;         /* centroid weights */
    uint32_t nt, cap;
    double na, nb, nc; /* |centroid x idf|^2 = L^2 na - 2 L nb + nc with L = log(N + prior + 1),
                          from sums over its terms of cw^2, cw^2 l, cw^2 l^2 (l = log(df + 0.5)
                          - 0.01) taken at its last update: exact for the current N, and scoring
                          touches only the story's own arrays, not the term table */
    uint32_t size;     /* articles, merged ones included */
    int32_t into;      /* -1 while live; else the story it was merged into */
    int64_t first, last; /* known days, INT64_MIN when none */
    uint32_t pass;     /* merge pass in which it was last touched (+1), 0 = never */
} S_story;

typedef struct S_nd {
    uint64_t seq;      /* arrival number inside the clusterer */
    uint64_t sh;
    int64_t article;
    int64_t orig;      /* the original this one copies (itself if none) */
    uint32_t story;
    int32_t next[4];   /* older slot with the same band value, -1 = none */
} S_nd;

typedef struct S_ndkey { uint32_t key; int32_t head; } S_ndkey; /* key 0 = empty slot */

struct sl_clusterer {
    sl_cluster_params p;
    uint64_t seq;                  /* articles assigned so far */
    double logn;                   /* log(seq + prior + w Nbg + 1), follows seq */
    const unsigned char *bgt;      /* background df table entries (embedded resource, borrowed) */
    uint32_t bgn;                  /* its entry count */
    double bgdocs;                 /* its document count x bg_weight */
    uint32_t passno;               /* merge passes done */

    S_term *terms;
    uint32_t nterms, capterms;
    uint32_t *tmap;                /* open addressing: term id + 1, 0 = empty */
    size_t tmap_cap;

    S_story *st;
    uint32_t nst, capst;

    SL_VEC(uint32_t) touched;      /* stories touched since the last merge pass */
    SL_VEC(int64_t) merges;        /* pending (from, into) pairs, flattened */
    int64_t (*merges_out)[2];      /* handed out by sl_clusterer_merges */

    S_nd *nd;                      /* ring of recent articles for near-duplicates */
    uint32_t ndn, ndpos, ndcap;
    S_ndkey *ndk;
    size_t ndk_cap, ndk_n;

    /* scratch, not state */
    struct S_mark { uint32_t stamp; float acc; } *mark; /* per story, one cache line touch */
    uint8_t *dead;                 /* per story: merged away (kept apart from S_story so that
                                      resolving postings touches a small, hot array) */
    uint32_t gen;
    SL_VEC(uint32_t) cand;
};

static void S_set_seq(sl_clusterer *c, uint64_t seq)
{
    c->seq = seq;
    c->logn = log((double)seq + c->p.prior_docs + c->bgdocs + 1.0);
}

static void S_set_df(S_term *t, uint32_t df)
{
    t->df = df;
    t->ldf = (float)log((double)df + t->bg + 0.5);
}

static uint64_t S_le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

/* The background table "SLDF" v1 (tools/build_df.c): N, count, then (u64 hash, u32 df) sorted
 * by hash. A missing or malformed table leaves the clusterer on online df only. */
static void S_bg_init(sl_clusterer *c)
{
    if (!(c->p.bg_weight > 0)) return;
    size_t len = 0;
    const unsigned char *r = (const unsigned char *)sl_resource("story-df.bin", &len);
    if (!r || len < 16 || memcmp(r, "SLDF", 4) || S_le(r + 4, 4) != 1) return;
    uint64_t n = S_le(r + 12, 4);
    if (n > (len - 16) / 12) return;
    c->bgt = r + 16;
    c->bgn = (uint32_t)n;
    c->bgdocs = (double)S_le(r + 8, 4) * c->p.bg_weight;
}

static float S_bg_df(const sl_clusterer *c, uint64_t h)
{
    uint32_t lo = 0, hi = c->bgn;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint64_t v = S_le(c->bgt + (size_t)mid * 12, 8);
        if (v == h) return (float)((double)S_le(c->bgt + (size_t)mid * 12 + 8, 4) * c->p.bg_weight);
        if (v < h) lo = mid + 1;
        else hi = mid;
    }
    return 0.0f;
}

/* ---- days --------------------------------------------------------------------------------- */

static int64_t S_days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t sl_iso_day(const char *iso)
{
    if (!iso) return INT64_MIN;
    while (*iso == ' ' || *iso == '\t') iso++;
    int v[3] = {0, 0, 0};
    const int want[3] = {4, 2, 2};
    const char *p = iso;
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < want[k]; i++, p++) {
            if (*p < '0' || *p > '9') return INT64_MIN;
            v[k] = v[k] * 10 + (*p - '0');
        }
        if (k < 2 && *p++ != '-') return INT64_MIN;
    }
    if (*p && *p != 'T' && *p != ' ' && *p != 't') return INT64_MIN;
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1]) return INT64_MIN;
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[1] == 2 && v[2] == 29 && !leap) return INT64_MIN;
    return S_days_from_civil(v[0], v[1], v[2]);
}

void sl_story_sig_from_doc(const sl_doc *d, sl_story_sig *sig)
{
    sig->terms = d->terms.v;
    sig->nterms = d->terms.n;
    sig->simhash = d->simhash;
    sig->day = sl_iso_day(d->published);
}

/* ---- lifecycle ------------------------------------------------------------------------ */

sl_status sl_clusterer_new_params(const sl_cluster_params *p, sl_clusterer **out)
{
    *out = NULL;
    sl_clusterer *c = calloc(1, sizeof *c);
    if (!c) return SL_ENOMEM;
    if (p) c->p = *p;
    else sl_cluster_params_default(&c->p);
    if (c->p.neardup_bits > 3) c->p.neardup_bits = 3; /* the band index finds nothing further */
    S_bg_init(c);
    S_set_seq(c, 0);
    *out = c;
    return SL_OK;
}

sl_status sl_clusterer_new(sl_clusterer **out) { return sl_clusterer_new_params(NULL, out); }

void sl_clusterer_free(sl_clusterer *c)
{
    if (!c) return;
    for (uint32_t i = 0; i < c->nterms; i++) free(c->terms[i].post);
    for (uint32_t i = 0; i < c->nst; i++) { free(c->st[i].tid); free(c->st[i].cw); }
    free(c->terms);
    free(c->tmap);
    free(c->st);
    sl_vec_free(&c->touched);
    sl_vec_free(&c->merges);
    free(c->merges_out);
    free(c->nd);
    free(c->ndk);
    free(c->mark);
    free(c->dead);
    sl_vec_free(&c->cand);
    free(c);
}

size_t sl_clusterer_memory(const sl_clusterer *c)
{
    size_t m = sizeof *c + c->capterms * sizeof *c->terms + c->tmap_cap * sizeof *c->tmap +
               c->capst * (sizeof *c->st + sizeof *c->mark + sizeof *c->dead) +
               c->ndcap * sizeof *c->nd + c->ndk_cap * sizeof *c->ndk +
               c->touched.cap * sizeof(uint32_t) + c->merges.cap * sizeof(int64_t) +
               c->cand.cap * sizeof(uint32_t);
    for (uint32_t i = 0; i < c->nterms; i++) m += c->terms[i].pcap * sizeof(uint32_t);
    for (uint32_t i = 0; i < c->nst; i++) m += c->st[i].cap * (sizeof(uint32_t) + sizeof(float));
    return m;
}

/* ---- terms ---------------------------------------------------------------------------- */

static void S_tmap_insert(uint32_t *map, size_t cap, uint64_t h, uint32_t id)
{
    size_t j = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while (map[j]) j = (j + 1) & (cap - 1);
    map[j] = id + 1;
}

/* The id of term `h`, adding it (df 0) when new; UINT32_MAX on out-of-memory or limit. */
static uint32_t S_term_id(sl_clusterer *c, uint64_t h)
{
    if (c->tmap_cap) {
        size_t j = (size_t)(h ^ (h >> 29)) & (c->tmap_cap - 1);
        while (c->tmap[j]) {
            uint32_t id = c->tmap[j] - 1;
            if (c->terms[id].hash == h) return id;
            j = (j + 1) & (c->tmap_cap - 1);
        }
    }
    if (c->nterms >= SL_CL_MAX_TERMS) return UINT32_MAX;
    if ((c->nterms + 1) * 2 > c->tmap_cap) {
        size_t nc = c->tmap_cap ? c->tmap_cap * 2 : 1024;
        uint32_t *nm = calloc(nc, sizeof *nm);
        if (!nm) return UINT32_MAX;
        for (uint32_t i = 0; i < c->nterms; i++) S_tmap_insert(nm, nc, c->terms[i].hash, i);
        free(c->tmap);
        c->tmap = nm;
        c->tmap_cap = nc;
    }
    if (c->nterms == c->capterms) {
        uint32_t nc = c->capterms ? c->capterms * 2 : 1024;
        S_term *nt = realloc(c->terms, nc * sizeof *nt);
        if (!nt) return UINT32_MAX;
        c->terms = nt;
        c->capterms = nc;
    }
    uint32_t id = c->nterms++;
    memset(&c->terms[id], 0, sizeof c->terms[id]);
    c->terms[id].hash = h;
    c->terms[id].bg = S_bg_df(c, h);
    S_set_df(&c->terms[id], 0);
    S_tmap_insert(c->tmap, c->tmap_cap, h, id);
    return id;
}

static inline double S_idf(const sl_clusterer *c, uint32_t t)
{
    return c->logn - c->terms[t].ldf + 0.01;
}

/* Moves story s to the recent end of term t's postings, dropping the oldest when full. */
static bool S_post_add(S_term *t, uint32_t s)
{
    for (uint32_t i = 0; i < t->pn; i++)
        if (t->post[i] == s) {
            memmove(t->post + i, t->post + i + 1, (t->pn - i - 1) * sizeof *t->post);
            t->post[t->pn - 1] = s;
            return true;
        }
    if (t->pn == SL_CL_POST_MAX) {
        memmove(t->post, t->post + 1, (t->pn - 1) * sizeof *t->post);
        t->post[t->pn - 1] = s;
        return true;
    }
    if (t->pn == t->pcap) {
        uint16_t nc = t->pcap ? (uint16_t)SL_MIN(t->pcap * 2u, SL_CL_POST_MAX) : 2;
        uint32_t *np = realloc(t->post, nc * sizeof *np);
        if (!np) return false;
        t->post = np;
        t->pcap = nc;
    }
    t->post[t->pn++] = s;
    return true;
}

/* The k-th largest of v[0..n) (1-based k <= n); v is reordered. Quickselect with a middle
 * pivot: linear on average, deterministic. */
static float S_kth_largest(float *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1, want = k - 1;
    while (lo < hi) {
        float pv = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] > pv) i++;
            while (v[j] < pv) j--;
            if (i <= j) {
                float t = v[i]; v[i] = v[j]; v[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (want <= j) hi = j;
        else if (want >= i) lo = i;
        else return v[want];
    }
    return v[want];
}

/* Marks in keep[] the `k` entries of key[0..n) with the largest keys, ties going to the
 * lower index, so the choice is deterministic. */
static void S_top_k(const float *key, size_t n, size_t k, float *scratch, bool *keep)
{
    if (n <= k) {
        for (size_t i = 0; i < n; i++) keep[i] = true;
        return;
    }
    memcpy(scratch, key, n * sizeof *scratch);
    float thr = S_kth_largest(scratch, n, k);
    size_t above = 0;
    for (size_t i = 0; i < n; i++) above += key[i] > thr;
    size_t ties = k - above;
    for (size_t i = 0; i < n; i++) {
        keep[i] = key[i] > thr || (key[i] == thr && ties > 0);
        if (key[i] == thr && keep[i]) ties--;
    }
}

/* ---- stories -------------------------------------------------------------------------- */

static uint32_t S_root(const sl_clusterer *c, uint32_t s)
{
    while (c->dead[s]) s = (uint32_t)c->st[s].into;
    return s;
}

static bool S_story_reserve(sl_clusterer *c)
{
    if (c->nst < c->capst) return true;
    if (c->nst >= SL_CL_MAX_STORIES) return false;
    uint32_t nc = c->capst ? c->capst * 2 : 256;
    S_story *ns = realloc(c->st, nc * sizeof *ns);
    if (!ns) return false;
    c->st = ns;
    struct S_mark *nm = realloc(c->mark, nc * sizeof *nm);
    if (!nm) return false;
    c->mark = nm;
    uint8_t *nd = realloc(c->dead, nc * sizeof *nd);
    if (!nd) return false;
    c->dead = nd;
    memset(c->mark + c->capst, 0, (nc - c->capst) * sizeof *c->mark);
    memset(c->dead + c->capst, 0, (nc - c->capst) * sizeof *c->dead);
    c->capst = nc;
    return true;
}

typedef struct S_tw { uint32_t id; float w; } S_tw;

/* Adds weights (sorted by id) into the story's centroid; keeps the top terms by weight x idf
 * when it grows past SL_CL_STORY_TERMS_HI. */
static bool S_centroid_add(sl_clusterer *c, S_story *s, const uint32_t *tid, const float *w, size_t n)
{
    size_t cap = s->nt + n;
    S_tw *m = malloc(cap * sizeof *m);
    if (!m) return false;
    size_t i = 0, j = 0, k = 0;
    while (i < s->nt || j < n) {
        if (j >= n || (i < s->nt && s->tid[i] < tid[j])) { m[k++] = (S_tw){s->tid[i], s->cw[i]}; i++; }
        else if (i >= s->nt || tid[j] < s->tid[i]) { m[k++] = (S_tw){tid[j], w[j]}; j++; }
        else { m[k++] = (S_tw){tid[j], s->cw[i] + w[j]}; i++; j++; }
    }
    if (k > SL_CL_STORY_TERMS_HI) {
        /* keep the top terms by weight x idf; m stays in id order */
        float key[SL_CL_MAX_DOC_TERMS + SL_CL_STORY_TERMS_HI], scratch[SL_CL_MAX_DOC_TERMS + SL_CL_STORY_TERMS_HI];
        bool keep[SL_CL_MAX_DOC_TERMS + SL_CL_STORY_TERMS_HI];
        if (k > SL_ARRAY_LEN(key)) { free(m); return false; }
        for (size_t x = 0; x < k; x++) key[x] = m[x].w * (float)S_idf(c, m[x].id);
        S_top_k(key, k, SL_CL_STORY_TERMS, scratch, keep);
        size_t y = 0;
        for (size_t x = 0; x < k; x++)
            if (keep[x]) m[y++] = m[x];
        k = y;
    }
    if (k > s->cap) {
        uint32_t nc = (uint32_t)SL_MAX(k, (size_t)SL_MIN(SL_CL_STORY_TERMS_HI, s->cap * 2u));
        uint32_t *nt = realloc(s->tid, nc * sizeof *nt);
        if (!nt) { free(m); return false; }
        s->tid = nt;
        float *nw = realloc(s->cw, nc * sizeof *nw);
        if (!nw) { free(m); return false; }
        s->cw = nw;
        s->cap = nc;
    }
    for (size_t x = 0; x < k; x++) { s->tid[x] = m[x].id; s->cw[x] = m[x].w; }
    s->nt = (uint32_t)k;
    s->na = s->nb = s->nc = 0;
    for (size_t x = 0; x < k; x++) {
        double w2 = (double)s->cw[x] * s->cw[x], l = (double)c->terms[s->tid[x]].ldf - 0.01;
        s->na += w2;
        s->nb += w2 * l;
        s->nc += w2 * l * l;
    }
    free(m);
    return true;
}

static void S_days_add(S_story *s, int64_t first, int64_t last)
{
    if (first == INT64_MIN) return;
    if (s->first == INT64_MIN || first < s->first) s->first = first;
    if (s->last == INT64_MIN || last > s->last) s->last = last;
}

/* Distance in days between two spans; -1 when either is unknown. */
static double S_gap(int64_t f1, int64_t l1, int64_t f2, int64_t l2)
{
    if (f1 == INT64_MIN || f2 == INT64_MIN) return -1;
    if (l1 < f2) return (double)(f2 - l1);
    if (l2 < f1) return (double)(f1 - l2);
    return 0;
}

/* Time factor in (0, 1]; 0 when too far apart. */
static double S_time_factor(const sl_clusterer *c, double gap)
{
    if (gap < 0) return 1.0;
    if (gap > c->p.max_gap_days) return 0.0;
    /* logarithmic: a week matters, but a follow-up a year later can still join its story */
    return SL_MAX(c->p.time_floor, 1.0 / (1.0 + log1p(gap / c->p.tau_days)));
}

/* Cosine between a query (ids ascending, weights already idf-scaled, their idf in qidf,
 * norm qn) and a story centroid scaled by idf (the story's norm is the cached one). */
static double S_cosine(const sl_clusterer *c, const uint32_t *qid, const float *q, const float *qidf,
                       size_t nq, double qn, const S_story *s)
{
    double L = c->logn, n2 = L * L * s->na - 2 * L * s->nb + s->nc;
    double dot = 0;
    size_t i = 0;
    for (uint32_t j = 0; j < s->nt && i < nq; j++) {
        while (i < nq && qid[i] < s->tid[j]) i++;
        if (i < nq && qid[i] == s->tid[j]) dot += (double)q[i] * s->cw[j] * qidf[i];
    }
    if (dot <= 0 || n2 <= 0 || qn <= 0) return 0;
    return dot / (sqrt(n2) * qn);
}

/* Candidate stories sharing terms with (qid, q): the best SL_CL_CANDIDATES by summed query
 * weight, into c->cand (ascending story order among equals). `skip` is excluded. */
static bool S_candidates(sl_clusterer *c, const uint32_t *qid, const float *q, size_t nq, uint32_t skip)
{
    c->cand.n = 0;
    if (++c->gen == 0) { /* stamps wrapped: clear them once every 4 billion calls */
        for (uint32_t i = 0; i < c->capst; i++) c->mark[i].stamp = 0;
        c->gen = 1;
    }
    /* only the most distinctive terms probe the index: common words bring noise candidates */
    float scratch[SL_CL_MAX_DOC_TERMS];
    bool probe[SL_CL_MAX_DOC_TERMS];
    if (nq > SL_CL_MAX_DOC_TERMS) nq = SL_CL_MAX_DOC_TERMS;
    S_top_k(q, nq, SL_CL_PROBE_TERMS, scratch, probe);
    for (size_t i = 0; i < nq; i++) {
        if (!probe[i]) continue;
        const S_term *t = &c->terms[qid[i]];
        for (uint32_t k = 0; k < t->pn; k++) {
            uint32_t r = S_root(c, t->post[k]);
            if (r == skip) continue;
            if (c->mark[r].stamp != c->gen) {
                c->mark[r].stamp = c->gen;
                c->mark[r].acc = 0;
                if (!sl_vec_push(&c->cand, r)) return false;
            }
            c->mark[r].acc += q[i];
        }
    }
    /* partial selection of the top candidates: simple insertion into a short sorted prefix */
    size_t keep = SL_MIN(c->cand.n, (size_t)SL_CL_CANDIDATES);
    for (size_t i = 0; i < c->cand.n; i++) {
        uint32_t s = c->cand.v[i];
        size_t pos = i < keep ? i : keep;
        if (pos == keep) {
            uint32_t last = c->cand.v[keep - 1];
            if (c->mark[s].acc < c->mark[last].acc || (c->mark[s].acc == c->mark[last].acc && s > last)) continue;
            pos = keep - 1;
        }
        while (pos > 0) {
            uint32_t p = c->cand.v[pos - 1];
            if (c->mark[p].acc > c->mark[s].acc || (c->mark[p].acc == c->mark[s].acc && p < s)) break;
            c->cand.v[pos] = p;
            pos--;
        }
        c->cand.v[pos] = s;
    }
    c->cand.n = keep;
    return true;
}

/* Folds story `from` into `into` (both live). */
static bool S_merge(sl_clusterer *c, uint32_t from, uint32_t into)
{
    S_story *f = &c->st[from], *t = &c->st[into];
    if (!S_centroid_add(c, t, f->tid, f->cw, f->nt)) return false;
    for (uint32_t i = 0; i < f->nt; i++)
        if (!S_post_add(&c->terms[f->tid[i]], into)) return false;
    t->size += f->size;
    S_days_add(t, f->first, f->last);
    f->into = (int32_t)into;
    c->dead[from] = 1;
    free(f->tid);
    free(f->cw);
    f->tid = NULL;
    f->cw = NULL;
    f->nt = f->cap = 0;
    if (!sl_vec_push(&c->merges, (int64_t)from) || !sl_vec_push(&c->merges, (int64_t)into)) return false;
    return true;
}

/* Centroid of story s as an idf-scaled query (ids ascending); norm returned. */
static double S_story_query(const sl_clusterer *c, const S_story *s, float *q, float *qidf)
{
    double n = 0;
    for (uint32_t i = 0; i < s->nt; i++) {
        qidf[i] = (float)S_idf(c, s->tid[i]);
        q[i] = s->cw[i] * qidf[i];
        n += (double)q[i] * q[i];
    }
    return sqrt(n);
}

static sl_status S_merge_pass(sl_clusterer *c)
{
    c->passno++;
    float q[SL_CL_STORY_TERMS_HI], qidf[SL_CL_STORY_TERMS_HI];
    uint32_t qid[SL_CL_STORY_TERMS_HI];
    /* touched stories in ascending order: deterministic and favours folding into old ones */
    uint32_t *tv = c->touched.v;
    size_t tn = c->touched.n;
    for (size_t i = 1; i < tn; i++) {
        uint32_t x = tv[i];
        size_t j = i;
        while (j > 0 && tv[j - 1] > x) { tv[j] = tv[j - 1]; j--; }
        tv[j] = x;
    }
    for (size_t i = 0; i < tn; i++) {
        uint32_t s = tv[i];
        if (c->dead[s]) continue;
        size_t nq = c->st[s].nt;
        memcpy(qid, c->st[s].tid, nq * sizeof *qid);
        double qn = S_story_query(c, &c->st[s], q, qidf);
        if (!S_candidates(c, qid, q, nq, s)) return SL_ENOMEM;
        double best = 0;
        uint32_t bs = UINT32_MAX;
        for (size_t k = 0; k < c->cand.n; k++) {
            uint32_t o = c->cand.v[k];
            const S_story *so = &c->st[o];
            double tf = S_time_factor(c, S_gap(c->st[s].first, c->st[s].last, so->first, so->last));
            if (tf <= 0) continue;
            double sc = S_cosine(c, qid, q, qidf, nq, qn, so) * tf;
            if (sc > best || (sc == best && o < bs)) { best = sc; bs = o; }
        }
        if (bs != UINT32_MAX && best >= c->p.merge) {
            uint32_t into = SL_MIN(s, bs), from = SL_MAX(s, bs);
            if (!S_merge(c, from, into)) return SL_ENOMEM;
        }
    }
    c->touched.n = 0;
    return SL_OK;
}

/* ---- near-duplicates ------------------------------------------------------------------ */

static inline uint32_t S_band_key(uint64_t sh, int b)
{
    return ((uint32_t)b << 16 | (uint32_t)((sh >> (16 * b)) & 0xffff)) + 1;
}

static S_ndkey *S_ndkey_slot(const sl_clusterer *c, uint32_t key)
{
    size_t j = (key * 2654435761u) & (c->ndk_cap - 1);
    while (c->ndk[j].key && c->ndk[j].key != key) j = (j + 1) & (c->ndk_cap - 1);
    return &c->ndk[j];
}

/* Links ring slot `slot` (already filled) into its four band chains. */
static bool S_nd_link(sl_clusterer *c, uint32_t slot)
{
    if ((c->ndk_n + 4) * 2 > c->ndk_cap) {
        size_t nc = c->ndk_cap ? c->ndk_cap * 2 : 1024;
        S_ndkey *nk = calloc(nc, sizeof *nk);
        if (!nk) return false;
        S_ndkey *old = c->ndk;
        size_t oc = c->ndk_cap;
        c->ndk = nk;
        c->ndk_cap = nc;
        for (size_t i = 0; i < oc; i++)
            if (old[i].key) *S_ndkey_slot(c, old[i].key) = old[i];
        free(old);
    }
    S_nd *e = &c->nd[slot];
    for (int b = 0; b < 4; b++) {
        S_ndkey *k = S_ndkey_slot(c, S_band_key(e->sh, b));
        if (!k->key) { k->key = S_band_key(e->sh, b); k->head = -1; c->ndk_n++; }
        e->next[b] = k->head;
        k->head = (int32_t)slot;
    }
    return true;
}

/* The closest recent article within the Hamming limit; NULL if none. */
static const S_nd *S_nd_find(const sl_clusterer *c, uint64_t sh)
{
    if (!c->ndk_cap) return NULL;
    const S_nd *best = NULL;
    int bd = 65;
    for (int b = 0; b < 4; b++) {
        uint32_t key = S_band_key(sh, b);
        const S_ndkey *k = S_ndkey_slot(c, key);
        if (!k->key) continue;
        int32_t slot = k->head;
        uint64_t prev_seq = UINT64_MAX;
        for (uint32_t steps = 0; slot >= 0 && steps < SL_CL_ND_CHAIN; steps++) {
            const S_nd *e = &c->nd[slot];
            /* a slot reused by a newer article ends the chain: everything older is gone too */
            if (e->seq >= prev_seq || S_band_key(e->sh, b) != key) break;
            prev_seq = e->seq;
            int d = __builtin_popcountll(e->sh ^ sh);
            if (d <= (int)c->p.neardup_bits && (d < bd || (d == bd && e->seq < best->seq))) {
                bd = d;
                best = e;
            }
            slot = e->next[b];
        }
    }
    return best;
}

static bool S_nd_add(sl_clusterer *c, int64_t article, uint64_t sh, int64_t orig, uint32_t story)
{
    if (c->ndn == c->ndcap && c->ndcap < SL_CL_ND_WINDOW) {
        uint32_t nc = c->ndcap ? SL_MIN(c->ndcap * 2, SL_CL_ND_WINDOW) : 256;
        S_nd *nn = realloc(c->nd, nc * sizeof *nn);
        if (!nn) return false;
        c->nd = nn;
        c->ndcap = nc;
    }
    uint32_t slot = c->ndpos;
    c->nd[slot] = (S_nd){c->seq, sh, article, orig, story, {-1, -1, -1, -1}};
    c->ndpos = (c->ndpos + 1) % SL_CL_ND_WINDOW;
    if (c->ndn < SL_CL_ND_WINDOW) c->ndn++;
    return S_nd_link(c, slot);
}

/* ---- assignment ----------------------------------------------------------------------- */

typedef struct S_q { uint32_t id; float tf, q; } S_q;

static int S_q_by_id(const void *a, const void *b)
{
    const S_q *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

sl_status sl_clusterer_assign(sl_clusterer *c, int64_t article, const sl_story_sig *sig, sl_assign *out)
{
    if (!c || !sig || !out || (sig->nterms && !sig->terms)) return SL_EINVAL;
    if (sig->nterms > SL_CL_MAX_DOC_TERMS) return SL_ELIMIT;
    out->story = -1;
    out->created = false;
    out->near_dup_of = -1;
    out->score = 0;
    if (!S_story_reserve(c)) return SL_ENOMEM;

    /* the article as a query: 1 + ln tf, scaled by idf; ids ascending (duplicates folded) */
    S_q qv[SL_CL_MAX_DOC_TERMS];
    size_t nq = 0;
    for (size_t i = 0; i < sig->nterms; i++) {
        if (!(sig->terms[i].weight > 0)) continue;
        uint32_t id = S_term_id(c, sig->terms[i].hash);
        if (id == UINT32_MAX) return SL_ENOMEM;
        qv[nq++] = (S_q){id, 1.0f + logf(sig->terms[i].weight >= 1 ? sig->terms[i].weight : 1), 0};
    }
    qsort(qv, nq, sizeof *qv, S_q_by_id);
    size_t m = 0;
    for (size_t i = 0; i < nq; i++) {
        if (m && qv[m - 1].id == qv[i].id) qv[m - 1].tf += qv[i].tf;
        else qv[m++] = qv[i];
    }
    nq = m;
    uint32_t qid[SL_CL_MAX_DOC_TERMS];
    float q[SL_CL_MAX_DOC_TERMS], u[SL_CL_MAX_DOC_TERMS], qidf[SL_CL_MAX_DOC_TERMS];
    double qn = 0, un = 0;
    for (size_t i = 0; i < nq; i++) {
        qid[i] = qv[i].id;
        qidf[i] = (float)S_idf(c, qv[i].id);
        q[i] = qv[i].tf * qidf[i];
        qn += (double)q[i] * q[i];
        un += (double)qv[i].tf * qv[i].tf;
    }
    qn = sqrt(qn);
    un = sqrt(un);
    for (size_t i = 0; i < nq; i++) u[i] = un > 0 ? (float)(qv[i].tf / un) : 0;

    uint32_t story = UINT32_MAX;
    int64_t orig = article;
    const S_nd *dup = sig->simhash ? S_nd_find(c, sig->simhash) : NULL;
    if (dup) {
        story = S_root(c, dup->story);
        orig = dup->orig;
        out->near_dup_of = dup->orig;
        out->score = 1.0;
    } else {
        if (!S_candidates(c, qid, q, nq, UINT32_MAX)) return SL_ENOMEM;
        double best = 0;
        for (size_t k = 0; k < c->cand.n; k++) {
            uint32_t s = c->cand.v[k];
            const S_story *ss = &c->st[s];
            double tf = S_time_factor(c, S_gap(sig->day, sig->day, ss->first, ss->last));
            if (tf <= 0) continue;
            double sc = S_cosine(c, qid, q, qidf, nq, qn, ss) * tf;
            if (sc > best || (sc == best && s < story)) { best = sc; story = s; }
        }
        out->score = best;
        if (story != UINT32_MAX && best < c->p.join) story = UINT32_MAX;
    }
    if (story == UINT32_MAX) {
        story = c->nst++;
        S_story *s = &c->st[story];
        memset(s, 0, sizeof *s);
        s->into = -1;
        s->first = s->last = INT64_MIN;
        out->created = true;
    }
    S_story *s = &c->st[story];
    if (!S_centroid_add(c, s, qid, u, nq)) return SL_ENOMEM;
    for (size_t i = 0; i < nq; i++) {
        S_set_df(&c->terms[qid[i]], c->terms[qid[i]].df + 1);
        if (!S_post_add(&c->terms[qid[i]], story)) return SL_ENOMEM;
    }
    s->size++;
    if (sig->day != INT64_MIN) S_days_add(s, sig->day, sig->day);
    if (s->pass != c->passno + 1) {
        s->pass = c->passno + 1;
        if (!sl_vec_push(&c->touched, story)) return SL_ENOMEM;
    }
    if (sig->simhash && !S_nd_add(c, article, sig->simhash, orig, story)) return SL_ENOMEM;
    S_set_seq(c, c->seq + 1);
    out->story = story;
    if (c->p.merge_every && c->seq % c->p.merge_every == 0) {
        sl_status st = S_merge_pass(c);
        if (st != SL_OK) return st;
        out->story = S_root(c, story);
    }
    return SL_OK;
}

size_t sl_clusterer_merges(sl_clusterer *c, int64_t (**pairs)[2])
{
    *pairs = NULL;
    free(c->merges_out);
    c->merges_out = NULL;
    size_t n = c->merges.n / 2;
    if (!n) return 0;
    c->merges_out = malloc(n * sizeof *c->merges_out);
    if (!c->merges_out) return 0; /* pairs stay pending; the caller sees none this time */
    memcpy(c->merges_out, c->merges.v, n * sizeof *c->merges_out);
    c->merges.n = 0;
    *pairs = c->merges_out;
    return n;
}

/* ---- save / load: explicit little-endian, validated on load --------------------------- */

static void S_put(sl_buf *b, uint64_t v, int bytes)
{
    char x[8];
    for (int i = 0; i < bytes; i++) x[i] = (char)(v >> (8 * i));
    sl_buf_append(b, x, (size_t)bytes);
}
static void S_putf(sl_buf *b, float f) { uint32_t v; memcpy(&v, &f, 4); S_put(b, v, 4); }
static void S_putd(sl_buf *b, double d) { uint64_t v; memcpy(&v, &d, 8); S_put(b, v, 8); }

sl_status sl_clusterer_save(const sl_clusterer *c, char **data, size_t *len)
{
    sl_buf b;
    sl_buf_init(&b);
    S_put(&b, S_MAGIC, 4);
    S_put(&b, S_VERSION, 4);
    S_putd(&b, c->p.join);
    S_putd(&b, c->p.merge);
    S_putd(&b, c->p.tau_days);
    S_putd(&b, c->p.time_floor);
    S_putd(&b, c->p.max_gap_days);
    S_put(&b, c->p.merge_every, 4);
    S_put(&b, c->p.neardup_bits, 4);
    S_putd(&b, c->p.prior_docs);
    S_putd(&b, c->p.bg_weight);
    S_put(&b, c->seq, 8);
    S_put(&b, c->passno, 4);
    S_put(&b, c->nterms, 4);
    for (uint32_t i = 0; i < c->nterms && !b.oom; i++) {
        const S_term *t = &c->terms[i];
        S_put(&b, t->hash, 8);
        S_put(&b, t->df, 4);
        S_put(&b, t->pn, 2);
        for (uint32_t k = 0; k < t->pn; k++) S_put(&b, t->post[k], 4);
    }
    S_put(&b, c->nst, 4);
    for (uint32_t i = 0; i < c->nst && !b.oom; i++) {
        const S_story *s = &c->st[i];
        S_put(&b, s->nt, 4);
        for (uint32_t k = 0; k < s->nt; k++) { S_put(&b, s->tid[k], 4); S_putf(&b, s->cw[k]); }
        S_putd(&b, s->na);
        S_putd(&b, s->nb);
        S_putd(&b, s->nc);
        S_put(&b, s->size, 4);
        S_put(&b, (uint32_t)s->into, 4);
        S_put(&b, (uint64_t)s->first, 8);
        S_put(&b, (uint64_t)s->last, 8);
        S_put(&b, s->pass, 4);
    }
    S_put(&b, c->touched.n, 4);
    for (size_t i = 0; i < c->touched.n; i++) S_put(&b, c->touched.v[i], 4);
    S_put(&b, c->merges.n, 4);
    for (size_t i = 0; i < c->merges.n; i++) S_put(&b, (uint64_t)c->merges.v[i], 8);
    /* near-duplicate ring, oldest first; chains are rebuilt on load */
    S_put(&b, c->ndn, 4);
    uint32_t start = c->ndn < SL_CL_ND_WINDOW ? 0 : c->ndpos;
    for (uint32_t i = 0; i < c->ndn && !b.oom; i++) {
        const S_nd *e = &c->nd[(start + i) % SL_CL_ND_WINDOW];
        S_put(&b, e->seq, 8);
        S_put(&b, e->sh, 8);
        S_put(&b, (uint64_t)e->article, 8);
        S_put(&b, (uint64_t)e->orig, 8);
        S_put(&b, e->story, 4);
    }
    if (b.oom) { sl_buf_free(&b); return SL_ENOMEM; }
    *len = b.len;
    *data = sl_buf_take(&b);
    return *data ? SL_OK : SL_ENOMEM;
}

typedef struct S_rd { const unsigned char *p; size_t n; bool bad; } S_rd;

static uint64_t S_get(S_rd *r, int bytes)
{
    if (r->bad || r->n < (size_t)bytes) { r->bad = true; return 0; }
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += bytes;
    r->n -= (size_t)bytes;
    return v;
}
static float S_getf(S_rd *r) { uint32_t v = (uint32_t)S_get(r, 4); float f; memcpy(&f, &v, 4); return f; }
static double S_getd(S_rd *r) { uint64_t v = S_get(r, 8); double d; memcpy(&d, &v, 8); return d; }

sl_status sl_clusterer_load(const char *data, size_t len, sl_clusterer **out)
{
    *out = NULL;
    if (!data) return SL_EINVAL;
    S_rd r = {(const unsigned char *)data, len, false};
    if (S_get(&r, 4) != S_MAGIC) return SL_EMODEL;
    uint64_t ver = S_get(&r, 4);
    if (ver != 1 && ver != S_VERSION) return SL_EMODEL;
    sl_cluster_params p;
    p.join = S_getd(&r);
    p.merge = S_getd(&r);
    p.tau_days = S_getd(&r);
    p.time_floor = S_getd(&r);
    p.max_gap_days = S_getd(&r);
    p.merge_every = (uint32_t)S_get(&r, 4);
    p.neardup_bits = (uint32_t)S_get(&r, 4);
    p.prior_docs = S_getd(&r);
    p.bg_weight = ver >= 2 ? S_getd(&r) : 0.0;
    if (r.bad) return SL_EMODEL;
    sl_clusterer *c;
    sl_status st = sl_clusterer_new_params(&p, &c);
    if (st != SL_OK) return st;
    st = SL_EMODEL;
    S_set_seq(c, S_get(&r, 8));
    c->passno = (uint32_t)S_get(&r, 4);
    uint32_t nt = (uint32_t)S_get(&r, 4);
    if (r.bad || nt > SL_CL_MAX_TERMS || nt > r.n / 14) goto fail;
    for (uint32_t i = 0; i < nt; i++) {
        uint64_t h = S_get(&r, 8);
        if (r.bad) goto fail;
        uint32_t id = S_term_id(c, h);
        if (id == UINT32_MAX) { st = SL_ENOMEM; goto fail; }
        if (id != i) goto fail; /* duplicate hash */
        S_set_df(&c->terms[id], (uint32_t)S_get(&r, 4));
        uint32_t pn = (uint32_t)S_get(&r, 2);
        if (r.bad || pn > SL_CL_POST_MAX) goto fail;
        for (uint32_t k = 0; k < pn; k++) {
            uint32_t s = (uint32_t)S_get(&r, 4);
            if (r.bad) goto fail;
            S_term *t = &c->terms[id];
            if (t->pn == t->pcap) {
                uint16_t ncap = t->pcap ? (uint16_t)SL_MIN(t->pcap * 2u, SL_CL_POST_MAX) : 2;
                uint32_t *np = realloc(t->post, ncap * sizeof *np);
                if (!np) { st = SL_ENOMEM; goto fail; }
                t->post = np;
                t->pcap = ncap;
            }
            t->post[t->pn++] = s;
        }
    }
    uint32_t ns = (uint32_t)S_get(&r, 4);
    if (r.bad || ns > SL_CL_MAX_STORIES || ns > r.n / 32) goto fail;
    for (uint32_t i = 0; i < ns; i++) {
        if (!S_story_reserve(c)) { st = SL_ENOMEM; goto fail; }
        S_story *s = &c->st[c->nst++];
        memset(s, 0, sizeof *s);
        uint32_t k = (uint32_t)S_get(&r, 4);
        if (r.bad || k > SL_CL_STORY_TERMS_HI || k > r.n / 8) goto fail;
        if (k) {
            s->tid = malloc(k * sizeof *s->tid);
            s->cw = malloc(k * sizeof *s->cw);
            if (!s->tid || !s->cw) { st = SL_ENOMEM; goto fail; }
            s->cap = k;
        }
        s->nt = k;
        for (uint32_t j = 0; j < k; j++) {
            s->tid[j] = (uint32_t)S_get(&r, 4);
            s->cw[j] = S_getf(&r);
            if (s->tid[j] >= nt || (j && s->tid[j] <= s->tid[j - 1])) r.bad = true;
        }
        s->na = S_getd(&r);
        s->nb = S_getd(&r);
        s->nc = S_getd(&r);
        s->size = (uint32_t)S_get(&r, 4);
        s->into = (int32_t)(uint32_t)S_get(&r, 4);
        s->first = (int64_t)S_get(&r, 8);
        s->last = (int64_t)S_get(&r, 8);
        s->pass = (uint32_t)S_get(&r, 4);
        if (r.bad) goto fail;
    }
    /* every story reference must point at a story, and merge chains must end */
    /* stories are only ever folded into an earlier one, so every merge chain ends */
    for (uint32_t i = 0; i < ns; i++) {
        if (c->st[i].into < -1 || (c->st[i].into >= 0 && (uint32_t)c->st[i].into >= i)) goto fail;
        c->dead[i] = c->st[i].into >= 0;
    }
    for (uint32_t i = 0; i < nt; i++)
        for (uint32_t k = 0; k < c->terms[i].pn; k++)
            if (c->terms[i].post[k] >= ns) goto fail;
    uint32_t tn = (uint32_t)S_get(&r, 4);
    if (r.bad || tn > ns) goto fail;
    for (uint32_t i = 0; i < tn; i++) {
        uint32_t s = (uint32_t)S_get(&r, 4);
        if (r.bad || s >= ns || !sl_vec_push(&c->touched, s)) goto fail;
    }
    uint32_t mn = (uint32_t)S_get(&r, 4);
    if (r.bad || mn % 2 || mn > r.n / 8) goto fail;
    for (uint32_t i = 0; i < mn; i++)
        if (!sl_vec_push(&c->merges, (int64_t)S_get(&r, 8))) { st = SL_ENOMEM; goto fail; }
    uint32_t ndn = (uint32_t)S_get(&r, 4);
    if (r.bad || ndn > SL_CL_ND_WINDOW || ndn > r.n / 36) goto fail;
    for (uint32_t i = 0; i < ndn; i++) {
        uint64_t seq = S_get(&r, 8), sh = S_get(&r, 8);
        int64_t art = (int64_t)S_get(&r, 8), orig = (int64_t)S_get(&r, 8);
        uint32_t s = (uint32_t)S_get(&r, 4);
        if (r.bad || s >= ns) goto fail;
        uint64_t keep = c->seq;
        c->seq = seq;
        bool ok = S_nd_add(c, art, sh, orig, s);
        c->seq = keep;
        if (!ok) { st = SL_ENOMEM; goto fail; }
    }
    /* the ring position continues where the saved one stopped */
    if (r.bad || r.n) goto fail;
    *out = c;
    return SL_OK;
fail:
    sl_clusterer_free(c);
    return st;
}
