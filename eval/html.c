/*
 * html.c — `storyline eval html --data DIR [--out FILE] [--json]`: runs the HTML article
 * extractor (src/ingest/html.c) on the pages of the article extraction benchmark and scores
 * the bodies with the benchmark's shingle metric (eval/html_score.c).
 *
 * DIR holds ground-truth.json ({id: {"articleBody": ..., "url": ...}}) and html/<id>.html.gz
 * (or html/<id>.html). --out writes our predictions in the benchmark's own format,
 * {id: {"articleBody": text}}, so they can be fed to its evaluate.py too. With --json the
 * last line is {"f1","precision","recall","accuracy","pages",...}.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/core.h"
#include "eval/eval.h"
#include "eval/html_score.h"
#include "ingest/html_int.h"

static const char *S_usage =
    "usage: storyline eval html --data DIR [--out FILE] [--json]\n"
    "  DIR: ground-truth.json and html/<id>.html.gz (article extraction benchmark layout)\n";

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_cmpstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct S_worst {
    const char *id;
    double f1;
} S_worst;

static int S_cmpworst(const void *a, const void *b)
{
    double x = ((const S_worst *)a)->f1, y = ((const S_worst *)b)->f1;
    return x < y ? -1 : x > y;
}

int sl_eval_html(int argc, char **argv)
{
    const char *data = NULL, *outpath = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) outpath = argv[++i];
        else if (!strcmp(argv[i], "--json")) json = true;
        else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) continue;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_usage, stdout); return 0; }
        else { fprintf(stderr, "storyline eval html: unknown option '%s'\n%s", argv[i], S_usage); return 1; }
    }
    if (!data) { fprintf(stderr, "storyline eval html: --data DIR is required\n%s", S_usage); return 1; }

    char path[4096];
    snprintf(path, sizeof path, "%s/ground-truth.json", data);
    json_error_t jerr;
    json_t *gt = json_load_file(path, 0, &jerr);
    if (!gt || !json_is_object(gt)) {
        fprintf(stderr, "storyline eval html: cannot read ground truth %s: %s\n", path,
                gt ? "not a JSON object" : jerr.text);
        json_decref(gt);
        return 1;
    }
    size_t n = json_object_size(gt);
    const char **ids = calloc(n ? n : 1, sizeof *ids);
    sl_html_page_score *scores = calloc(n ? n : 1, sizeof *scores);
    S_worst *worst = calloc(n ? n : 1, sizeof *worst);
    json_t *pred = json_object();
    if (!ids || !scores || !worst || !pred) {
        fprintf(stderr, "storyline eval html: out of memory\n");
        free(ids); free(scores); free(worst); json_decref(pred); json_decref(gt);
        return 1;
    }
    size_t k = 0;
    const char *key;
    json_t *val;
    json_object_foreach(gt, key, val) ids[k++] = key;
    qsort(ids, n, sizeof *ids, S_cmpstr);

    int rc = 0;
    size_t empty = 0, failed = 0;
    double bytes = 0, secs = 0;
    sl_progress prog;
    sl_progress_start(&prog, "eval html", "pages", (double)n);
    for (size_t i = 0; i < n; i++) {
        const char *id = ids[i];
        json_t *entry = json_object_get(gt, id);
        const char *truth = json_string_value(json_object_get(entry, "articleBody"));
        if (!truth) {
            fprintf(stderr, "storyline eval html: ground truth for %s has no articleBody\n", id);
            rc = 1;
            break;
        }
        char *page = NULL;
        size_t plen = 0;
        snprintf(path, sizeof path, "%s/html/%s.html.gz", data, id);
        sl_status st = sl_read_file(path, SL_MAX_INPUT_BYTES, &page, &plen);
        if (st == SL_EIO) {
            snprintf(path, sizeof path, "%s/html/%s.html", data, id);
            st = sl_read_file(path, SL_MAX_INPUT_BYTES, &page, &plen);
        }
        if (st != SL_OK) {
            fprintf(stderr, "storyline eval html: cannot read page %s: %s\n", path, sl_strerror(st));
            rc = 1;
            break;
        }
        /* inflate first so the timing and MB/s are about HTML, not zlib */
        if (plen >= 2 && (unsigned char)page[0] == 0x1f && (unsigned char)page[1] == 0x8b) {
            char *raw = NULL;
            size_t rawlen = 0;
            if (sl_html_gunzip(page, plen, SL_MAX_INPUT_BYTES, &raw, &rawlen) == SL_OK) {
                free(page);
                page = raw;
                plen = rawlen;
            }
        }
        sl_html_article art;
        char err[256];
        double t0 = S_now();
        st = sl_html_extract(page, plen, &art, err, sizeof err);
        secs += S_now() - t0;
        bytes += (double)plen;
        free(page);
        const char *body = "";
        if (st == SL_OK) body = art.body ? art.body : "";
        else if (st == SL_EEMPTY) empty++;
        else {
            failed++;
            sl_progress_clear();
            fprintf(stderr, "storyline eval html: %s: %s (%s)\n", id, err, sl_strerror(st));
        }
        if (!sl_html_score_page(truth, body, &scores[i])) {
            fprintf(stderr, "storyline eval html: out of memory\n");
            rc = 1;
        }
        double p = scores[i].tp + scores[i].fp > 0 ? scores[i].tp / (scores[i].tp + scores[i].fp) : 0;
        double r = scores[i].tp + scores[i].fn > 0 ? scores[i].tp / (scores[i].tp + scores[i].fn) : 0;
        worst[i].id = id;
        worst[i].f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
        if (outpath) {
            json_t *o = json_pack("{s:s}", "articleBody", body);
            if (o) json_object_set_new(pred, id, o);
        }
        if (st == SL_OK) sl_html_article_free(&art);
        sl_progress_update(&prog, (double)(i + 1));
        if (rc) break;
    }
    sl_progress_end(&prog);
    if (rc == 0 && outpath && json_dump_file(pred, outpath, JSON_INDENT(1) | JSON_SORT_KEYS) != 0) {
        fprintf(stderr, "storyline eval html: cannot write %s\n", outpath);
        rc = 1;
    }
    if (rc == 0) {
        sl_html_totals t;
        sl_html_score_total(scores, n, &t);
        double mbs = secs > 0 ? bytes / 1e6 / secs : 0;
        if (!json) {
            printf("article extraction: %zu pages from %s\n", n, data);
            printf("  F1         %.3f\n  precision  %.3f\n  recall     %.3f\n  accuracy   %.3f\n",
                   t.f1, t.precision, t.recall, t.accuracy);
            printf("  no article found on %zu page(s), errors on %zu\n", empty, failed);
            printf("  speed      %.1f MB/s of HTML (%.0f bytes in %.3f s, one thread)\n", mbs, bytes, secs);
            qsort(worst, n, sizeof *worst, S_cmpworst);
            printf("  lowest page F1:");
            for (size_t i = 0; i < n && i < 5; i++) printf(" %.12s=%.3f", worst[i].id, worst[i].f1);
            printf("\n");
        } else {
            printf("{\"f1\":%.3f,\"precision\":%.3f,\"recall\":%.3f,\"accuracy\":%.3f,\"pages\":%zu,"
                   "\"empty\":%zu,\"errors\":%zu,\"mb_per_s\":%.1f}\n",
                   t.f1, t.precision, t.recall, t.accuracy, t.pages, empty, failed, mbs);
        }
    }
    free(ids);
    free(scores);
    free(worst);
    json_decref(pred);
    json_decref(gt);
    return rc;
}
