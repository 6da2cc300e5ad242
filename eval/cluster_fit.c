/*
 * cluster_fit.c — fits the story scorer's logistic models (`storyline eval clusters --fit`).
 *
 * Input: the rows `eval clusters --dump-rows` writes while replaying labelled streams with
 * the gold assignment (sl_clusterer_replay): one row per (article, candidate story) pair,
 *   kind <TAB> group <TAB> status <TAB> label <TAB> f0 ... f14
 * kind long|short (the text kind the clusterer chose), group = the article, status 0 = its gold
 * story did not exist yet, 1 = it did and was among the candidates, 2 = it did but was not,
 * label 1 when the candidate is the gold story.
 *
 * For each kind: L2-regularized logistic regression by Newton's method (deterministic, a
 * fixed number of iterations, no sampling), then the join threshold that makes the most
 * right decisions over the articles: an article is right when its best candidate is the
 * gold story and scores at least the threshold, or when its gold story was not a candidate
 * (new story) and the best scores below it. Output: the model text sl_cluster_model_parse
 * reads (resources/story-model.tsv).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "eval/clusters.h"
#include "story/story.h"

#define S_FIT_ITER   40    /* Newton steps (converges in ~10 on our sets) */
#define S_FIT_L2     1.0   /* ridge on every weight but the bias, in row units */
#define S_NF         SL_CL_NFEAT
#define S_FIT_TOPK   2     /* rows kept per article: its best candidates by the cosine score */
#define S_F_COSTIME  14    /* feature index of that score (cos_time) */

typedef struct S_row {
    double f[S_NF];
    unsigned kind;
    int label, status;
    long group;
} S_row;

/* Solves A x = b for a symmetric positive definite A (n x n, row-major) by Cholesky; A and b
 * are overwritten. Returns false when A is not positive definite. */
static bool S_solve(double *A, double *b, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        double d = A[j * n + j];
        for (size_t k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
        if (!(d > 0)) return false;
        d = sqrt(d);
        A[j * n + j] = d;
        for (size_t i = j + 1; i < n; i++) {
            double v = A[i * n + j];
            for (size_t k = 0; k < j; k++) v -= A[i * n + k] * A[j * n + k];
            A[i * n + j] = v / d;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double v = b[i];
        for (size_t k = 0; k < i; k++) v -= A[i * n + k] * b[k];
        b[i] = v / A[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {
        double v = b[i];
        for (size_t k = i + 1; k < n; k++) v -= A[k * n + i] * b[k];
        b[i] = v / A[i * n + i];
    }
    return true;
}

static double S_sig(double z) { return 1.0 / (1.0 + exp(-z)); }

static void S_fit_kind(const S_row *r, size_t n, unsigned kind, double *w, double *thr, size_t *rows,
                       size_t *groups, double *acc)
{
    memset(w, 0, S_NF * sizeof *w);
    *thr = 0.5;
    *rows = *groups = 0;
    *acc = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += r[i].kind == kind;
    *rows = m;
    if (!m) return;
    double H[S_NF * S_NF], g[S_NF];
    for (int it = 0; it < S_FIT_ITER; it++) {
        memset(H, 0, sizeof H);
        memset(g, 0, sizeof g);
        for (size_t i = 0; i < n; i++) {
            if (r[i].kind != kind) continue;
            double z = 0;
            for (size_t k = 0; k < S_NF; k++) z += w[k] * r[i].f[k];
            double p = S_sig(z), e = p - r[i].label, v = p * (1 - p);
            for (size_t a = 0; a < S_NF; a++) {
                g[a] += e * r[i].f[a];
                for (size_t b = 0; b <= a; b++) H[a * S_NF + b] += v * r[i].f[a] * r[i].f[b];
            }
        }
        for (size_t a = 0; a < S_NF; a++) {
            for (size_t b = 0; b < a; b++) H[b * S_NF + a] = H[a * S_NF + b];
            if (a) { H[a * S_NF + a] += S_FIT_L2; g[a] += S_FIT_L2 * w[a]; }
            else H[0] += 1e-9;
        }
        if (!S_solve(H, g, S_NF)) break;
        for (size_t a = 0; a < S_NF; a++) w[a] -= g[a];
    }
    /* per article: the best candidate's probability and whether joining it is right */
    typedef struct { double p; int join_right, new_right; } S_dec;
    S_dec *d = malloc(m * sizeof *d);
    if (!d) return;
    size_t nd = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && r[j].group == r[i].group) j++;
        if (r[i].kind == kind) {
            double best = -1;
            int lab = 0;
            for (size_t k = i; k < j; k++) {
                double z = 0;
                for (size_t a = 0; a < S_NF; a++) z += w[a] * r[k].f[a];
                double p = S_sig(z);
                if (p > best) { best = p; lab = r[k].label; }
            }
            d[nd++] = (S_dec){best, r[i].status == 1 && lab, r[i].status != 1};
        }
        i = j;
    }
    *groups = nd;
    /* threshold: try each distinct best probability (and 1 + above all) as the cut */
    double bt = 0.5, bc = -1;
    for (size_t c = 0; c <= nd; c++) {
        double t = c < nd ? d[c].p : 1.0 + 1e-9;
        double right = 0;
        for (size_t k = 0; k < nd; k++) right += d[k].p >= t ? d[k].join_right : d[k].new_right;
        if (right > bc || (right == bc && t < bt)) { bc = right; bt = t; }
    }
    /* the cut sits halfway to the next lower best probability, away from the training points */
    double below = 0;
    for (size_t k = 0; k < nd; k++)
        if (d[k].p < bt && d[k].p > below) below = d[k].p;
    *thr = bt > 1 ? 1.0 : (bt + below) / 2;
    *acc = nd ? bc / (double)nd : 0;
    free(d);
}

int sl_cluster_fit(const char *rows_path, const char *model_path)
{
    FILE *f = fopen(rows_path, "r");
    if (!f) { fprintf(stderr, "eval clusters: cannot open %s\n", rows_path); return 1; }
    S_row *r = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    int rc = 1;
    char lastg[128] = "";
    long gno = -1;
    while (getline(&line, &lcap, f) > 0) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            S_row *nr = realloc(r, cap * sizeof *nr);
            if (!nr) { fprintf(stderr, "eval clusters: out of memory\n"); goto out; }
            r = nr;
        }
        char *save = NULL, *tok = strtok_r(line, "\t\n", &save);
        S_row *x = &r[n];
        if (!tok) continue;
        x->kind = !strcmp(tok, "short") ? SL_CL_KIND_SHORT : SL_CL_KIND_LONG;
        char *gs = strtok_r(NULL, "\t\n", &save), *ss = strtok_r(NULL, "\t\n", &save),
             *ls = strtok_r(NULL, "\t\n", &save);
        if (!gs || !ss || !ls) { fprintf(stderr, "eval clusters: %s: bad row %zu\n", rows_path, n + 1); goto out; }
        if (strcmp(gs, lastg)) { gno++; snprintf(lastg, sizeof lastg, "%s", gs); }
        x->group = gno;
        x->status = atoi(ss);
        x->label = atoi(ls);
        for (size_t k = 0; k < S_NF; k++) {
            char *v = strtok_r(NULL, "\t\n", &save);
            if (!v) { fprintf(stderr, "eval clusters: %s: short row %zu\n", rows_path, n + 1); goto out; }
            x->f[k] = strtod(v, NULL);
        }
        n++;
    }
    /* Only the article's best candidates by the cosine score take part: the decision is
     * always among those, and the many far-off candidates would otherwise teach the model
     * to tell obvious strangers apart rather than to make the close calls. */
    size_t kept = 0;
    bool *keep = malloc((n ? n : 1) * sizeof *keep);
    if (!keep) { fprintf(stderr, "eval clusters: out of memory\n"); goto out; }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && r[j].group == r[i].group) j++;
        for (size_t k = i; k < j; k++) {
            size_t better = 0;
            for (size_t o2 = i; o2 < j; o2++)
                better += r[o2].f[S_F_COSTIME] > r[k].f[S_F_COSTIME] ||
                          (r[o2].f[S_F_COSTIME] == r[k].f[S_F_COSTIME] && o2 < k);
            keep[k] = better < S_FIT_TOPK;
        }
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        if (keep[i]) r[kept++] = r[i];
    free(keep);
    n = kept;
    if (!n) { fprintf(stderr, "eval clusters: %s has no rows to fit\n", rows_path); goto out; }
    FILE *o = fopen(model_path, "w");
    if (!o) { fprintf(stderr, "eval clusters: cannot write %s\n", model_path); goto out; }
    fprintf(o, "# story-model.tsv — learned story scorer (src/story/cluster.c), written by\n"
               "# `storyline eval clusters --fit ROWS --model-out FILE`; see docs/CLUSTERING.md for the\n"
               "# data and the exact commands. kind <TAB> feature <TAB> weight; threshold = join probability.\n");
    double w2[2][S_NF], thr2[2], acc2[2];
    size_t rows2[2], groups2[2];
    for (unsigned k = 0; k < 2; k++) S_fit_kind(r, n, k, w2[k], &thr2[k], &rows2[k], &groups2[k], &acc2[k]);
    for (unsigned k = 0; k < 2; k++)
        if (!rows2[k]) { /* no rows of this kind: it shares the other kind's model */
            memcpy(w2[k], w2[!k], sizeof w2[k]);
            thr2[k] = thr2[!k];
        }
    for (unsigned k = 0; k < 2; k++) {
        double *w = w2[k], thr = thr2[k], acc = acc2[k];
        size_t rows = rows2[k], groups = groups2[k];
        const char *kn = k == SL_CL_KIND_SHORT ? "short" : "long";
        fprintf(o, "# %s: %zu rows, %zu articles, %.2f%% right decisions on the training replay\n", kn, rows,
                groups, 100 * acc);
        printf("%s: %zu rows, %zu articles, threshold %.4f, %.2f%% right decisions (training replay)\n", kn, rows,
               groups, thr, 100 * acc);
        for (size_t a = 0; a < S_NF; a++) fprintf(o, "%s\t%s\t%.6f\n", kn, sl_cluster_feature_names[a], w[a]);
        fprintf(o, "%s\tthreshold\t%.6f\n", kn, thr);
    }
    rc = fclose(o) == 0 ? 0 : 1;
out:
    fclose(f);
    free(line);
    free(r);
    return rc;
}
