/*
 * stages.c — per-stage throughput of the per-article pipeline, for `make bench`.
 *
 * Reads every article under the given paths with the library's own reader (so headers,
 * HTML and JSON Lines are understood exactly as `storyline ingest` does), keeps the inputs
 * in memory, then runs the stages in pipeline order (the same order as src/pipeline.c) over
 * the whole corpus RUNS times, timing each stage in CPU time of this process. A separate
 * pass times sl_doc_process (the whole per-article pipeline) the same way. It prints one
 * TSV line per measure with the median over the runs, for bench/run.sh to tabulate:
 *
 *   stage      NAME  MEDIAN_CPU_S  MIN_CPU_S  BYTES  DOCS
 *   summary10  MEDIAN_MS  MAX_MS  STORIES   (summary time alone for 10-article stories)
 *   rss        PEAK_KB
 *
 * With --dump FILE it also writes the inputs (the text after the reader, i.e. the bytes the
 * stages see) as JSON Lines {"id","text"} so the peers in bench/ process the same texts.
 *
 * usage: stages [--runs N] [--dump FILE] PATH...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>

#include "engine.h"
#include "extract/extract.h"
#include "model/doc.h"
#include "summary/summary.h"
#include "text/text.h"

#define BENCH_MAX_RUNS 99
#define BENCH_MAX_DOCS 200000

typedef sl_status (*S_stage_fn)(const sl_engine *, sl_doc *);
static const struct { const char *name; S_stage_fn fn; } S_stages[] = {
    {"clean", sl_clean},     {"normalize", sl_normalize}, {"repair", sl_repair},
    {"segment", sl_segment}, {"ner", sl_ner},             {"alias", sl_alias},
    {"dates", sl_dates},     {"quotes", sl_quotes},       {"events", sl_events},
    {"signature", sl_signature},
};
#define NSTAGES (sizeof S_stages / sizeof S_stages[0])

typedef struct S_item { char *data; size_t len; char *title, *published, *path; } S_item;

static double S_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int S_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double S_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, S_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *S_dup(const char *s) { return s ? strdup(s) : NULL; }

/* Mirrors the text branch of pipeline.c's input loading: the stages start from raw text. */
static sl_doc *S_doc_from(const S_item *it)
{
    sl_doc *d = sl_doc_new_empty();
    if (!d) return NULL;
    d->raw = sl_arena_strndup(&d->arena, it->data, it->len);
    d->raw_len = it->len;
    d->title = it->title ? sl_arena_strdup(&d->arena, it->title) : NULL;
    d->published = it->published ? sl_arena_strdup(&d->arena, it->published) : NULL;
    d->path = it->path ? sl_arena_strdup(&d->arena, it->path) : NULL;
    if (!d->raw) { sl_doc_free(d); return NULL; }
    return d;
}

static int S_cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Summary time alone for 10-article stories (the "under 10 ms" target): every folder
 * of exactly 10 articles (a DUC 2003 cluster) is one story; its articles are processed once,
 * then sl_summary_select (100 words) is timed `runs` times. Prints
 *   summary10  MEDIAN_MS  MAX_MS  STORIES
 * with the median and the worst over stories of each story's median. */
static void S_summary10(const sl_engine *e, const S_item *items, size_t n, int runs)
{
    enum { K = 10 };
    double *per = calloc(n / K + 1, sizeof *per);
    size_t nst = 0;
    for (size_t i = 0; per && i < n;) {
        const char *slash = items[i].path ? strrchr(items[i].path, '/') : NULL;
        size_t dl = slash ? (size_t)(slash - items[i].path) : 0, j = i + 1;
        while (j < n && items[j].path && dl && !strncmp(items[j].path, items[i].path, dl + 1) &&
               !strchr(items[j].path + dl + 1, '/'))
            j++;
        if (dl && j - i == K) {
            sl_doc *docs[K] = {0};
            sl_span *spans[K] = {0};
            sl_sum_doc sd[K];
            bool ok = true;
            for (size_t k = 0; k < K && ok; k++) {
                const S_item *it = &items[i + k];
                sl_input in = {.data = it->data, .len = it->len, .format = SL_FORMAT_TEXT, .title = it->title,
                               .published = it->published, .path = it->path};
                ok = sl_doc_process(e, &in, &docs[k], NULL, 0) == SL_OK;
                if (!ok) break;
                spans[k] = malloc((docs[k]->sentences.n + 1) * sizeof **spans);
                ok = spans[k] != NULL;
                for (size_t s = 0; ok && s < docs[k]->sentences.n; s++) spans[k][s] = docs[k]->sentences.v[s].span;
                if (ok)
                    sd[k] = (sl_sum_doc){docs[k]->id, docs[k]->published, docs[k]->text, docs[k]->text_len, spans[k],
                                         docs[k]->sentences.n, false};
            }
            double t[BENCH_MAX_RUNS];
            for (int r = 0; ok && r < runs; r++) {
                sl_sum_pick *picks = NULL;
                size_t np = 0;
                double t0 = S_cpu();
                ok = sl_summary_select(sd, K, 100, &picks, &np) == SL_OK;
                t[r] = (S_cpu() - t0) * 1e3;
                free(picks);
            }
            if (ok) per[nst++] = S_median(t, runs);
            for (size_t k = 0; k < K; k++) { sl_doc_free(docs[k]); free(spans[k]); }
        }
        i = j;
    }
    if (nst) {
        double mx = 0;
        for (size_t s = 0; s < nst; s++) if (per[s] > mx) mx = per[s];
        qsort(per, nst, sizeof *per, S_cmp_ms);
        printf("summary10\t%.3f\t%.3f\t%zu\n", nst % 2 ? per[nst / 2] : (per[nst / 2 - 1] + per[nst / 2]) / 2, mx, nst);
    }
    free(per);
}

int main(int argc, char **argv)
{
    int runs = 5;
    const char *dump = NULL;
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (!strcmp(argv[a], "--runs") && a + 1 < argc) runs = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--dump") && a + 1 < argc) dump = argv[++a];
        else { fprintf(stderr, "usage: stages [--runs N] [--dump FILE] PATH...\n"); return 1; }
    }
    if (runs < 1 || runs > BENCH_MAX_RUNS || a >= argc) {
        fprintf(stderr, "usage: stages [--runs 1..%d] [--dump FILE] PATH...\n", BENCH_MAX_RUNS);
        return 1;
    }
    S_item *items = calloc(BENCH_MAX_DOCS, sizeof *items);
    if (!items) return 1;
    size_t n = 0, bytes = 0;
    for (; a < argc; a++) {
        sl_reader *r;
        if (sl_reader_open(argv[a], SL_FORMAT_AUTO, &r) != SL_OK) {
            fprintf(stderr, "stages: cannot read %s\n", argv[a]);
            return 1;
        }
        sl_input in;
        sl_status st;
        while ((st = sl_reader_next(r, &in)) != SL_END) {
            if (st != SL_OK) { fprintf(stderr, "stages: %s\n", sl_reader_error(r)); continue; }
            if (n == BENCH_MAX_DOCS) { fprintf(stderr, "stages: more than %d docs, rest ignored\n", BENCH_MAX_DOCS); break; }
            /* HTML is out of scope here (bench/html.sh measures extraction); keep text only. */
            if (in.format == SL_FORMAT_HTML) continue;
            S_item *it = &items[n];
            it->data = malloc(in.len + 1);
            if (!it->data) return 1;
            memcpy(it->data, in.data, in.len);
            it->data[in.len] = 0;
            it->len = in.len;
            it->title = S_dup(in.title);
            it->published = S_dup(in.published);
            it->path = S_dup(in.path);
            bytes += in.len;
            n++;
        }
        sl_reader_close(r);
    }
    if (dump) {
        FILE *f = fopen(dump, "w");
        if (!f) { fprintf(stderr, "stages: cannot write %s\n", dump); return 1; }
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_pack("{s:s, s:s%}", "id", items[i].path ? items[i].path : "",
                                  "text", items[i].data, items[i].len);
            char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
            if (s) fprintf(f, "%s\n", s);
            free(s);
            json_decref(o);
        }
        fclose(f);
    }

    sl_engine *e;
    if (sl_engine_new(&e) != SL_OK) { fprintf(stderr, "stages: engine failed\n"); return 1; }
    static double t[NSTAGES][BENCH_MAX_RUNS], whole[BENCH_MAX_RUNS];
    size_t failed = 0;
    for (int run = 0; run < runs; run++) {
        for (size_t i = 0; i < n; i++) {
            sl_doc *d = S_doc_from(&items[i]);
            if (!d) return 1;
            for (size_t s = 0; s < NSTAGES; s++) {
                double t0 = S_cpu();
                sl_status st = S_stages[s].fn(e, d);
                t[s][run] += S_cpu() - t0;
                /* Later stages need the earlier ones; an article a stage rejects stops here,
                 * as in the pipeline. */
                if (st != SL_OK) { if (run == 0) failed++; break; }
            }
            sl_doc_free(d);
        }
        double t0 = S_cpu();
        for (size_t i = 0; i < n; i++) {
            sl_input in = {.data = items[i].data, .len = items[i].len, .format = SL_FORMAT_TEXT,
                           .title = items[i].title, .published = items[i].published,
                           .path = items[i].path};
            sl_doc *d = NULL;
            if (sl_doc_process(e, &in, &d, NULL, 0) == SL_OK) sl_doc_free(d);
        }
        whole[run] = S_cpu() - t0;
    }
    for (size_t s = 0; s < NSTAGES; s++) {
        double mn = t[s][0];
        for (int r = 1; r < runs; r++) if (t[s][r] < mn) mn = t[s][r];
        double md = S_median(t[s], runs);
        printf("stage\t%s\t%.6f\t%.6f\t%zu\t%zu\n", S_stages[s].name, md, mn, bytes, n);
    }
    double mn = whole[0];
    for (int r = 1; r < runs; r++) if (whole[r] < mn) mn = whole[r];
    printf("stage\tpipeline\t%.6f\t%.6f\t%zu\t%zu\n", S_median(whole, runs), mn, bytes, n);
    printf("failed\t%zu\n", failed);
    S_summary10(e, items, n, runs);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rss\t%ld\n", ru.ru_maxrss);
    sl_engine_free(e);
    for (size_t i = 0; i < n; i++) {
        free(items[i].data); free(items[i].title); free(items[i].published); free(items[i].path);
    }
    free(items);
    return 0;
}
