/*
 * clusters.c — `storyline eval clusters`: story assignment against gold story labels.
 *
 * Reads JSON Lines records {id, time, title, text, cluster}, runs each one through the
 * per-article pipeline (sl_doc_process, which ends with the story signature) and the online
 * clusterer (src/story/cluster.c) exactly as a session would, folds the merges the clusterer
 * reports, and scores the final stories against `cluster` with pairwise P/R/F1, BCubed P/R/F1
 * and NMI (eval/clusters.h).
 *
 * Order: when every record has a time the records are fed sorted by time (stable, so equal
 * times keep file order), as a news stream arrives; otherwise in file order (MStream's
 * news_t.jsonl order *is* its stream order). --order file|time overrides.
 * A record with no text uses its title as text (MStream has headlines only). A record the
 * pipeline rejects becomes a story of its own and is counted under "errors".
 *
 * Training the learned scorer (docs/CLUSTERING.md, "Learned scorer"): --dump-rows replays the
 * stream through sl_clusterer_replay and appends one feature row per (article, candidate
 * story); --fit (eval/cluster_fit.c) turns rows into a model; --model evaluates one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/core.h"

#include "eval/clusters.h"
#include "eval/eval.h"
#include "model/doc.h"
#include "story/story.h"

/* ---- scorers --------------------------------------------------------------------------- */

typedef struct S_pair { int64_t g, p; } S_pair;

static int S_cmp_pair(const void *a, const void *b)
{
    const S_pair *x = a, *y = b;
    if (x->g != y->g) return x->g < y->g ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

static int S_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sizes of the label groups of v (sorted copy), in `sizes`; returns the count. */
static size_t S_group_sizes(const int64_t *v, size_t n, int64_t *tmp, double *sizes)
{
    memcpy(tmp, v, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, S_cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && tmp[j] == tmp[i]) j++;
        sizes[k++] = (double)(j - i);
        i = j;
    }
    return k;
}

/* Size of the group holding label x in sorted labels s (binary search). */
static double S_size_of(const int64_t *s, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { size_t m = (lo + hi) / 2; if (s[m] < x) lo = m + 1; else hi = m; }
    size_t a = lo;
    hi = n;
    while (lo < hi) { size_t m = (lo + hi) / 2; if (s[m] <= x) lo = m + 1; else hi = m; }
    return (double)(lo - a);
}

static double S_f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

int sl_cluster_score(const int64_t *gold, const int64_t *pred, size_t n, sl_cluster_scores *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0) return 0;
    S_pair *cells = malloc(n * sizeof *cells);
    int64_t *sg = malloc(n * sizeof *sg), *sp = malloc(n * sizeof *sp);
    double *gs = malloc(n * sizeof *gs), *ps = malloc(n * sizeof *ps);
    if (!cells || !sg || !sp || !gs || !ps) {
        free(cells); free(sg); free(sp); free(gs); free(ps);
        return -1;
    }
    size_t ng = S_group_sizes(gold, n, sg, gs);
    size_t np = S_group_sizes(pred, n, sp, ps);
    for (size_t i = 0; i < n; i++) cells[i] = (S_pair){gold[i], pred[i]};
    qsort(cells, n, sizeof *cells, S_cmp_pair);

    double N = (double)n, tp = 0, gpairs = 0, ppairs = 0, bp = 0, br = 0, mi = 0, hg = 0, hp = 0;
    for (size_t i = 0; i < ng; i++) { gpairs += gs[i] * (gs[i] - 1) / 2; hg -= gs[i] / N * log(gs[i] / N); }
    for (size_t i = 0; i < np; i++) { ppairs += ps[i] * (ps[i] - 1) / 2; hp -= ps[i] / N * log(ps[i] / N); }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cells[j].g == cells[i].g && cells[j].p == cells[i].p) j++;
        double c = (double)(j - i);
        double a = S_size_of(sg, n, cells[i].g), b = S_size_of(sp, n, cells[i].p);
        tp += c * (c - 1) / 2;
        bp += c * c / b; /* each of the c items: c of its b predicted mates share its gold label */
        br += c * c / a;
        mi += c / N * log(c * N / (a * b));
        i = j;
    }
    out->pairwise_p = ppairs > 0 ? tp / ppairs : 1.0;
    out->pairwise_r = gpairs > 0 ? tp / gpairs : 1.0;
    out->pairwise_f1 = S_f1(out->pairwise_p, out->pairwise_r);
    out->bcubed_p = bp / N;
    out->bcubed_r = br / N;
    out->bcubed_f1 = S_f1(out->bcubed_p, out->bcubed_r);
    if (hg + hp <= 0) out->nmi = 1.0;
    else out->nmi = SL_MAX(0.0, mi / ((hg + hp) / 2));
    out->gold_clusters = ng;
    out->pred_clusters = np;
    free(cells); free(sg); free(sp); free(gs); free(ps);
    return 0;
}

/* ---- the command ---------------------------------------------------------------------- */

typedef struct S_rec {
    char *id, *time, *title, *text;
    int64_t gold;
    int64_t day;      /* for ordering */
    size_t line;
} S_rec;

static int S_cmp_time(const void *a, const void *b)
{
    const S_rec *x = a, *y = b;
    int c = strcmp(x->time, y->time);
    if (c) return c;
    return (x->line > y->line) - (x->line < y->line);
}

static char *S_strdup_json(json_t *v)
{
    if (json_is_string(v)) return strdup(json_string_value(v));
    if (json_is_integer(v)) {
        char b[32];
        snprintf(b, sizeof b, "%lld", (long long)json_integer_value(v));
        return strdup(b);
    }
    return NULL;
}

static void S_usage(FILE *f)
{
    fprintf(f,
            "usage: storyline eval clusters --data FILE.jsonl [--json] [--order auto|file|time]\n"
            "         [--join X] [--merge X] [--tau DAYS] [--max-gap DAYS] [--merge-every N]\n"
            "         [--time-floor X] [--prior DOCS] [--bg W] [--dyad 0|1] [--merge-decay 0|1]\n"
            "         [--title-weight X] [--short-shared N] [--merge-rest X]\n"
            "         [--limit N] [--out FILE]\n"
            "         [--scorer model|cosine] [--model FILE] [--part I/N]\n"
            "         [--dump-rows FILE [--dump-policy]]\n"
            "       storyline eval clusters --fit ROWS --model-out FILE\n"
            "\n"
            "Feeds JSON Lines records {id,time,title,text,cluster} through the pipeline and the\n"
            "online clusterer, then scores the stories against `cluster`: pairwise P/R/F1,\n"
            "BCubed P/R/F1 and NMI (percent). Order 'auto' sorts by time when every record has\n"
            "one, else keeps file order. --out writes `id<TAB>gold<TAB>story<TAB>score` per record.\n"
            "--dyad 0 turns off the principal-person conflict; --merge-decay 1 applies the time\n"
            "decay to merges too; --title-weight 0 turns off the headline agreement factor;\n"
            "--short-shared N: a headline-like text joins a story only when they share N content\n"
            "words (default 2; 0 or 1: no such rule); --merge-rest X: two stories of 3+ members\n"
            "merge only when their cosine without its strongest shared term still reaches X\n"
            "(default 0.08; 0: off) (docs/CLUSTERING.md).\n"
            "When one id carries two or more gold labels (a document filed under two topics),\n"
            "what a perfect clusterer scores (copies share a story) is printed as `ceiling`.\n"
            "\n"
            "Training the learned scorer: --part I/N keeps the records whose gold label hashes to\n"
            "I modulo N (topic folds); --dump-rows FILE replays the stream with the gold stories\n"
            "and appends one feature row per (article, candidate story) to FILE instead of\n"
            "clustering (with --dump-policy the clusterer decides itself, and a candidate is right\n"
            "when the article that started it has the same gold label); --fit ROWS --model-out FILE fits the logistic models and the join\n"
            "thresholds; --model FILE evaluates with that model instead of the embedded one.\n");
}

/* Records sorted by id, then by file line (ids absent sort last and stay apart). */
static const S_rec *S_sort_recs;
static int S_cmp_id(const void *a, const void *b)
{
    const S_rec *x = &S_sort_recs[*(const size_t *)a], *y = &S_sort_recs[*(const size_t *)b];
    if (!x->id || !y->id) return x->id ? -1 : y->id ? 1 : (x->line > y->line) - (x->line < y->line);
    int c = strcmp(x->id, y->id);
    if (c) return c;
    return (x->line > y->line) - (x->line < y->line);
}

/* What a perfect clusterer scores when one document (the same id) carries two or more gold
 * labels, as DUC 2003 does for 9 documents filed under two topics: a document is one article,
 * so all its copies share a story. The oracle puts every copy with the gold cluster of its
 * first occurrence and every other record in its own gold cluster. (Another choice of cluster
 * per copy could score a little differently; on DUC 2003 none scores higher: checked by trying
 * all 2^9 choices.) Returns the number of ids with more than one label (0: the ceiling is 100),
 * -1 on out-of-memory. */
static long S_ceiling(const S_rec *recs, size_t n, sl_cluster_scores *out)
{
    size_t *ix = malloc((n ? n : 1) * sizeof *ix);
    int64_t *g = malloc((n ? n : 1) * sizeof *g), *o = malloc((n ? n : 1) * sizeof *o);
    long multi = -1;
    if (!ix || !g || !o) goto out;
    for (size_t i = 0; i < n; i++) { ix[i] = i; g[i] = o[i] = recs[i].gold; }
    S_sort_recs = recs;
    qsort(ix, n, sizeof *ix, S_cmp_id);
    multi = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && recs[ix[i]].id && recs[ix[j]].id && !strcmp(recs[ix[i]].id, recs[ix[j]].id)) j++;
        bool differ = false;
        for (size_t k = i + 1; k < j; k++) {
            differ |= recs[ix[k]].gold != recs[ix[i]].gold;
            o[ix[k]] = recs[ix[i]].gold;
        }
        multi += differ;
        i = j;
    }
    if (multi > 0 && sl_cluster_score(g, o, n, out) != 0) multi = -1;
out:
    free(ix);
    free(g);
    free(o);
    return multi;
}

/* Replay rows of one article, written once its gold status is known. */
typedef struct S_rows {
    int64_t gold_story;     /* the clusterer story of the gold label, -1 = none yet */
    bool hit;               /* the gold story was among the candidates */
    SL_VEC(double) f;       /* SL_CL_NFEAT per candidate */
    SL_VEC(int64_t) story;
    unsigned kind;
    bool oom;
} S_rows;

static void S_row_cb(void *user, int64_t story, unsigned kind, const double *x)
{
    S_rows *r = user;
    r->kind = kind;
    for (size_t k = 0; k < SL_CL_NFEAT; k++)
        if (!sl_vec_push(&r->f, x[k])) r->oom = true;
    if (!sl_vec_push(&r->story, story)) r->oom = true;
    if (story == r->gold_story) r->hit = true;
}

static int64_t S_find(int64_t *parent, int64_t x)
{
    while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
}


/* A numeric option value: a finite number in [lo, hi] and nothing after it, or a message
 * naming the option (a typo must not silently run with 0 or a wrapped-around count). */
static bool S_real(const char *opt, const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !isfinite(x) || x < lo || x > hi) {
        fprintf(stderr, "eval clusters: %s needs a number from %g to %g, not '%s'\n", opt, lo, hi, v);
        return false;
    }
    *out = x;
    return true;
}

static bool S_count(const char *opt, const char *v, double hi, uint32_t *out)
{
    double x;
    if (!S_real(opt, v, 0, hi, &x)) return false;
    if (x != (double)(uint32_t)x) {
        fprintf(stderr, "eval clusters: %s needs a whole number, not '%s'\n", opt, v);
        return false;
    }
    *out = (uint32_t)x;
    return true;
}

int sl_eval_clusters(int argc, char **argv)
{
    const char *data = NULL, *order = "auto", *outpath = NULL;
    const char *dump = NULL, *fit = NULL, *model_out = NULL, *model_in = NULL;
    unsigned part_i = 0, part_n = 0;
    bool policy = false; /* --dump-policy: rows from the clusterer's own decisions */
    bool json = false;
    long limit = -1;
    sl_cluster_params prm;
    sl_cluster_params_default(&prm);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json")) json = true;
        else if (!strcmp(a, "--dump-policy")) policy = true;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) { S_usage(stdout); return 0; }
        else if (!v) { fprintf(stderr, "eval clusters: %s needs a value\n", a); S_usage(stderr); return 1; }
        else {
            i++;
            if (!strcmp(a, "--data")) data = v;
            else if (!strcmp(a, "--order")) order = v;
            else if (!strcmp(a, "--out")) outpath = v;
            else if (!strcmp(a, "--join")) { if (!S_real(a, v, 0, 1e6, &prm.join)) return 1; }
            else if (!strcmp(a, "--merge")) { if (!S_real(a, v, 0, 1e6, &prm.merge)) return 1; }
            else if (!strcmp(a, "--tau")) { if (!S_real(a, v, 0, 1e9, &prm.tau_days)) return 1; }
            else if (!strcmp(a, "--max-gap")) { if (!S_real(a, v, 0, 1e9, &prm.max_gap_days)) return 1; }
            else if (!strcmp(a, "--merge-every")) { if (!S_count(a, v, 1e9, &prm.merge_every)) return 1; }
            else if (!strcmp(a, "--limit")) limit = atol(v);
            else if (!strcmp(a, "--prior")) { if (!S_real(a, v, 0, 1e12, &prm.prior_docs)) return 1; }
            else if (!strcmp(a, "--bg")) { if (!S_real(a, v, 0, 1e6, &prm.bg_weight)) return 1; }
            else if (!strcmp(a, "--time-floor")) { if (!S_real(a, v, 0, 1, &prm.time_floor)) return 1; }
            else if (!strcmp(a, "--dyad")) { if (!S_count(a, v, 1, &prm.dyad)) return 1; }
            else if (!strcmp(a, "--merge-decay")) { if (!S_count(a, v, 1, &prm.merge_decay)) return 1; }
            else if (!strcmp(a, "--title-weight")) { if (!S_real(a, v, 0, 1e6, &prm.title_weight)) return 1; }
            else if (!strcmp(a, "--short-shared")) { if (!S_count(a, v, 1e6, &prm.short_shared)) return 1; }
            else if (!strcmp(a, "--merge-rest")) { if (!S_real(a, v, 0, 1e6, &prm.merge_rest)) return 1; }
            else if (!strcmp(a, "--dump-rows")) dump = v;
            else if (!strcmp(a, "--fit")) fit = v;
            else if (!strcmp(a, "--model-out")) model_out = v;
            else if (!strcmp(a, "--model")) model_in = v;
            else if (!strcmp(a, "--scorer")) {
                if (!strcmp(v, "cosine")) prm.scorer = SL_SCORER_COSINE;
                else if (!strcmp(v, "model")) prm.scorer = SL_SCORER_MODEL;
                else { fprintf(stderr, "eval clusters: --scorer must be model or cosine\n"); return 1; }
            }
            else if (!strcmp(a, "--part")) {
                if (sscanf(v, "%u/%u", &part_i, &part_n) != 2 || part_n == 0 || part_i >= part_n) {
                    fprintf(stderr, "eval clusters: --part needs I/N with I < N\n");
                    return 1;
                }
            }
            else { fprintf(stderr, "eval clusters: unknown option %s\n", a); S_usage(stderr); return 1; }
        }
    }
    if (fit) {
        if (!model_out) { fprintf(stderr, "eval clusters: --fit needs --model-out FILE\n"); return 1; }
        return sl_cluster_fit(fit, model_out);
    }
    if (!data) { fprintf(stderr, "eval clusters: --data FILE.jsonl is required\n"); S_usage(stderr); return 1; }
    sl_cluster_model model;
    if (model_in) {
        size_t mlen = 0;
        char *mt = NULL;
        if (sl_read_file(model_in, 1 << 20, &mt, &mlen) != SL_OK || sl_cluster_model_parse(mt, mlen, &model) != SL_OK) {
            fprintf(stderr, "eval clusters: %s is not a story model\n", model_in);
            free(mt);
            return 1;
        }
        free(mt);
    }
    if (strcmp(order, "auto") && strcmp(order, "file") && strcmp(order, "time")) {
        fprintf(stderr, "eval clusters: --order must be auto, file or time\n");
        return 1;
    }
    FILE *f = fopen(data, "r");
    if (!f) { fprintf(stderr, "eval clusters: cannot open %s\n", data); return 1; }

    int rc = 1;
    S_rec *recs = NULL;
    size_t n = 0, cap = 0, ntime = 0;
    char **glabels = NULL; /* distinct gold label strings -> dense numbers */
    size_t ngl = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t ll;
    size_t lineno = 0;
    sl_engine *eng = NULL;
    sl_clusterer *cl = NULL;
    int64_t *gold = NULL, *pred = NULL, *parent = NULL;
    double *score = NULL;
    size_t nparent = 0;
    FILE *outf = NULL;
    while ((ll = getline(&line, &lcap, f)) > 0) {
        lineno++;
        if (limit >= 0 && (long)n >= limit) break;
        if (strspn(line, " \t\r\n") == (size_t)ll) continue; /* blank line */
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)ll, 0, &jerr);
        if (!o || !json_is_object(o)) {
            fprintf(stderr, "%s:%zu: not a JSON object\n", data, lineno);
            json_decref(o);
            goto out;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            S_rec *nr = realloc(recs, cap * sizeof *nr);
            if (!nr) { json_decref(o); goto oom; }
            recs = nr;
        }
        S_rec *r = &recs[n];
        memset(r, 0, sizeof *r);
        r->line = lineno;
        r->id = S_strdup_json(json_object_get(o, "id"));
        r->time = S_strdup_json(json_object_get(o, "time"));
        r->title = S_strdup_json(json_object_get(o, "title"));
        r->text = S_strdup_json(json_object_get(o, "text"));
        char *lab = S_strdup_json(json_object_get(o, "cluster"));
        json_decref(o);
        if (lab && part_n && sl_hash64(lab, strlen(lab), 0xf01d) % part_n != part_i) {
            /* another fold's topic */
            free(r->id); free(r->time); free(r->title); free(r->text); free(lab);
            continue;
        }
        n++;
        if (!lab) { fprintf(stderr, "%s:%zu: no cluster label\n", data, lineno); goto out; }
        size_t g = 0;
        /* linear lookup is fine: gold sets have at most a few hundred labels */
        while (g < ngl && strcmp(glabels[g], lab)) g++;
        if (g == ngl) {
            char **ng = realloc(glabels, (ngl + 1) * sizeof *ng);
            if (!ng) { free(lab); goto oom; }
            glabels = ng;
            glabels[ngl++] = lab;
        } else {
            free(lab);
        }
        r->gold = (int64_t)g;
        if (r->time && r->time[0]) ntime++;
    }
    bool by_time = !strcmp(order, "time") || (!strcmp(order, "auto") && n && ntime == n);
    if (by_time) {
        for (size_t i = 0; i < n; i++)
            if (!recs[i].time) { recs[i].time = strdup(""); if (!recs[i].time) goto oom; }
        qsort(recs, n, sizeof *recs, S_cmp_time);
    }

    if (sl_engine_new(&eng) != SL_OK) { fprintf(stderr, "eval clusters: engine failed to load\n"); goto out; }
    if (sl_clusterer_new_params(&prm, &cl) != SL_OK) goto oom;
    if (model_in) sl_clusterer_set_model(cl, &model);
    FILE *dumpf = NULL;
    int64_t *gold_story = NULL; /* replay: gold label -> clusterer story (policy: seen or -1) */
    int64_t *story_gold = NULL; /* policy: story -> gold label of the article that started it */
    S_rows rows = {0};
    if (dump) {
        dumpf = fopen(dump, "a");
        gold_story = malloc((ngl ? ngl : 1) * sizeof *gold_story);
        story_gold = malloc((n ? n : 1) * sizeof *story_gold);
        if (!dumpf || !gold_story || !story_gold) { fprintf(stderr, "eval clusters: cannot write %s\n", dump); if (dumpf) fclose(dumpf); free(gold_story); goto out; }
        for (size_t g = 0; g < ngl; g++) gold_story[g] = -1;
    }
    gold = malloc((n ? n : 1) * sizeof *gold);
    pred = malloc((n ? n : 1) * sizeof *pred);
    score = calloc(n ? n : 1, sizeof *score);
    nparent = n + 1;
    parent = malloc(nparent * sizeof *parent); /* stories <= articles */
    if (!gold || !pred || !parent || !score) goto oom;
    for (size_t i = 0; i < nparent; i++) parent[i] = (int64_t)i;
    size_t errors = 0, dups = 0;
    int64_t extra = 0; /* stories for rejected records, numbered after the clusterer's */
    sl_progress prog;
    sl_progress_start(&prog, "eval clusters", "articles", (double)n);
    clock_t t0 = clock();
    for (size_t i = 0; i < n; i++) {
        sl_progress_update(&prog, (double)i);
        S_rec *r = &recs[i];
        const char *text = r->text && r->text[0] ? r->text : (r->title ? r->title : "");
        sl_input in = {0};
        in.id = r->id;
        in.title = r->title && r->title[0] ? r->title : NULL;
        in.published = r->time && r->time[0] ? r->time : NULL;
        in.data = text;
        in.len = strlen(text);
        in.format = SL_FORMAT_TEXT;
        sl_doc *d = NULL;
        char err[256];
        gold[i] = r->gold;
        if (sl_doc_process(eng, &in, &d, err, sizeof err) != SL_OK) {
            errors++;
            pred[i] = -1 - extra++;
            continue;
        }
        sl_story_sig sig;
        sl_story_sig_from_doc(d, &sig);
        if (sig.day == INT64_MIN && in.published) sig.day = sl_iso_day(in.published);
        sl_assign as;
        sl_status st;
        if (dumpf) {
            rows.gold_story = gold_story[r->gold];
            rows.hit = false;
            rows.f.n = rows.story.n = 0;
            rows.kind = SL_CL_KIND_LONG;
            if (policy) rows.gold_story = -3; /* labels come from story_gold below */
            st = sl_clusterer_replay(cl, (int64_t)i, &sig, policy ? -2 : rows.gold_story, S_row_cb, &rows, &as);
            if (rows.oom) st = SL_ENOMEM;
            if (st == SL_OK) {
                int status;
                if (policy) {
                    bool hit = false;
                    for (size_t k = 0; k < rows.story.n; k++) hit |= story_gold[rows.story.v[k]] == r->gold;
                    status = hit ? 1 : gold_story[r->gold] >= 0 ? 2 : 0;
                    if (as.created) story_gold[as.story] = r->gold;
                    gold_story[r->gold] = 1;
                } else {
                    status = rows.gold_story < 0 ? 0 : rows.hit ? 1 : 2;
                    gold_story[r->gold] = as.story;
                }
                for (size_t k = 0; k < rows.story.n; k++) {
                    int lab = policy ? story_gold[rows.story.v[k]] == r->gold : rows.story.v[k] == rows.gold_story;
                    fprintf(dumpf, "%s\t%s:%zu\t%d\t%d", rows.kind == SL_CL_KIND_SHORT ? "short" : "long", data, i,
                            status, lab);
                    for (size_t q = 0; q < SL_CL_NFEAT; q++) fprintf(dumpf, "\t%.6g", rows.f.v[k * SL_CL_NFEAT + q]);
                    fputc('\n', dumpf);
                }
            }
        } else {
            st = sl_clusterer_assign(cl, (int64_t)i, &sig, &as);
        }
        sl_doc_free(d);
        if (st != SL_OK) {
            errors++;
            pred[i] = -1 - extra++;
            continue;
        }
        if (as.near_dup_of >= 0) dups++;
        pred[i] = as.story;
        score[i] = as.score;
        int64_t(*pairs)[2];
        size_t np = sl_clusterer_merges(cl, &pairs);
        for (size_t k = 0; k < np; k++) {
            if (pairs[k][0] < 0 || pairs[k][1] < 0 || (size_t)pairs[k][0] >= nparent || (size_t)pairs[k][1] >= nparent) continue;
            int64_t a = S_find(parent, pairs[k][0]), b = S_find(parent, pairs[k][1]);
            if (a != b) parent[a] = b;
        }
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    sl_vec_free(&rows.f);
    sl_vec_free(&rows.story);
    free(gold_story);
    free(story_gold);
    if (dumpf && fclose(dumpf) != 0) { fprintf(stderr, "eval clusters: cannot write %s\n", dump); goto out; }
    sl_progress_update(&prog, (double)n);
    sl_progress_end(&prog);
    for (size_t i = 0; i < n; i++)
        if (pred[i] >= 0) pred[i] = S_find(parent, pred[i]);
    if (outpath) {
        outf = fopen(outpath, "w");
        if (!outf) { fprintf(stderr, "eval clusters: cannot write %s\n", outpath); goto out; }
        for (size_t i = 0; i < n; i++)
            fprintf(outf, "%s\t%s\t%lld\t%.4f\n", recs[i].id ? recs[i].id : "", glabels[recs[i].gold],
                    (long long)pred[i], score[i]);
    }
    sl_cluster_scores sc, oracle;
    if (sl_cluster_score(gold, pred, n, &sc) != 0) goto oom;
    long multi = S_ceiling(recs, n, &oracle);
    if (multi < 0) goto oom;
    printf("records      %zu (order: %s; %zu rejected by the pipeline, %zu near-duplicates)\n", n,
           by_time ? "time" : "file", errors, dups);
    printf("gold         %zu clusters\n", sc.gold_clusters);
    printf("stories      %zu\n", sc.pred_clusters);
    printf("pairwise     P %.2f  R %.2f  F1 %.2f\n", 100 * sc.pairwise_p, 100 * sc.pairwise_r, 100 * sc.pairwise_f1);
    printf("bcubed       P %.2f  R %.2f  F1 %.2f\n", 100 * sc.bcubed_p, 100 * sc.bcubed_r, 100 * sc.bcubed_f1);
    printf("nmi          %.2f\n", 100 * sc.nmi);
    if (multi > 0)
        printf("ceiling      pairwise F1 %.2f  BCubed F1 %.2f (%ld ids carry two or more gold labels; their copies must share a story)\n",
               100 * oracle.pairwise_f1, 100 * oracle.bcubed_f1, multi);
    printf("time         %.2f s (%.1f us per record)\n", secs, n ? 1e6 * secs / (double)n : 0.0);
    if (json)
        printf("{\"records\":%zu,\"errors\":%zu,\"near_duplicates\":%zu,\"order\":\"%s\","
               "\"pairwise_p\":%.2f,\"pairwise_r\":%.2f,\"pairwise_f1\":%.2f,"
               "\"bcubed_p\":%.2f,\"bcubed_r\":%.2f,\"bcubed_f1\":%.2f,\"nmi\":%.2f,"
               "\"stories\":%zu,\"clusters\":%zu,\"multi_labelled\":%ld,"
               "\"ceiling_pairwise_f1\":%.2f,\"ceiling_bcubed_f1\":%.2f}\n",
               n, errors, dups, by_time ? "time" : "file", 100 * sc.pairwise_p, 100 * sc.pairwise_r,
               100 * sc.pairwise_f1, 100 * sc.bcubed_p, 100 * sc.bcubed_r, 100 * sc.bcubed_f1, 100 * sc.nmi,
               sc.pred_clusters, sc.gold_clusters, multi, multi > 0 ? 100 * oracle.pairwise_f1 : 100.0,
               multi > 0 ? 100 * oracle.bcubed_f1 : 100.0);
    rc = 0;
    goto out;
oom:
    fprintf(stderr, "eval clusters: out of memory\n");
out:
    if (outf) fclose(outf);
    fclose(f);
    free(line);
    for (size_t i = 0; i < n; i++) { free(recs[i].id); free(recs[i].time); free(recs[i].title); free(recs[i].text); }
    free(recs);
    for (size_t i = 0; i < ngl; i++) free(glabels[i]);
    free(glabels);
    free(gold);
    free(pred);
    free(score);
    free(parent);
    sl_clusterer_free(cl);
    sl_engine_free(eng);
    return rc;
}
