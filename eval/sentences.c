/*
 * sentences.c — `storyline eval sentences`: how well repair recovers sentence ends and case
 * from text degraded the way seed 002 is (lower-cased, punctuation and line breaks stripped).
 *
 * For every document of a summarization set (<set>/clusters/<c>/docs/<DOCNO>.txt, the body
 * after the header block) the original is segmented to give the reference sentence ends,
 * then degraded (sl_repair_degrade), repaired and segmented again. Both sides are seen as the
 * same sequence of words (runs of letters and digits), so a sentence end is "the sentence ends
 * after word i"; the end of the document is not counted (it is free). Precision, recall and F1
 * are micro-averaged over all gaps; case_accuracy is the share of words whose repaired form is
 * byte-identical to the original. Only the truecaser is loaded: the figures measure repair and
 * segment alone, whatever state the other stages are in.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "engine.h"
#include "eval/eval.h"
#include "model/doc.h"
#include "text/repair.h"

static const char *S_usage =
    "usage: storyline eval sentences --data DIR [--json] [--show N] [--repeat N]\n"
    "\n"
    "DIR is a summarization set (DIR/clusters/*/docs/*.txt) or a folder of .txt files.\n"
    "Each document is lower-cased and stripped of punctuation, repaired and segmented;\n"
    "the recovered sentence ends are scored against the segmentation of the original.\n"
    "  --show N    print the repaired text of the first N documents\n"
    "  --repeat N  segment the originals N times more to time the segmenter\n";

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: robust to a loaded machine */
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static sl_doc *S_doc(const char *text, size_t n)
{
    sl_doc *d = sl_doc_new_empty();
    if (!d) return NULL;
    d->text = sl_arena_strndup(&d->arena, text, n);
    d->text_len = n;
    if (!d->text) { sl_doc_free(d); return NULL; }
    return d;
}

typedef struct S_tally {
    size_t docs, skipped, tp, fp, fn, words, case_ok, flagged_lc, flagged_np;
    double seg_secs, seg_bytes;
} S_tally;

static int S_one(const sl_engine *e, const char *path, int show, int repeat, S_tally *t)
{
    char *data;
    size_t len;
    if (sl_read_file(path, SL_MAX_INPUT_BYTES, &data, &len) != SL_OK) {
        fprintf(stderr, "storyline eval sentences: cannot read %s\n", path);
        return -1;
    }
    const char *body = data;
    if (!strncmp(data, "DOCNO:", 6)) {
        const char *b = strstr(data, "\n\n");
        body = b ? b + 2 : data + len;
    }
    size_t blen = len - (size_t)(body - data);
    int rc = 0;
    sl_doc *ref = S_doc(body, blen), *dg = NULL;
    sl_span *w1 = NULL, *w2 = NULL;
    uint8_t *e1 = NULL, *e2 = NULL;
    sl_buf deg;
    sl_buf_init(&deg);
    size_t n1 = 0, n2 = 0;
    if (!ref) { rc = -1; goto out; }
    double t0 = S_now();
    for (int r = 0; r <= repeat; r++)
        if (sl_segment(e, ref) != SL_OK) { /* past a limit: not scorable, not fatal */
            fprintf(stderr, "storyline eval sentences: %s: cannot segment, skipped\n", path);
            t->skipped++;
            goto out;
        }
    t->seg_secs += S_now() - t0;
    t->seg_bytes += (double)blen * (repeat + 1);
    if (sl_repair_words(ref->text, ref->text_len, &w1, &n1) != SL_OK ||
        sl_repair_degrade(ref->text, ref->text_len, &deg) != SL_OK) { rc = -1; goto out; }
    if (n1 < 2) { t->skipped++; goto out; }
    dg = S_doc(deg.data, deg.len);
    if (!dg || sl_repair(e, dg) != SL_OK || sl_segment(e, dg) != SL_OK ||
        sl_repair_words(dg->text, dg->text_len, &w2, &n2) != SL_OK) { rc = -1; goto out; }
    if (n2 != n1) { /* a case mapping that changed the word runs: cannot align */
        t->skipped++;
        goto out;
    }
    e1 = malloc(n1);
    e2 = malloc(n1);
    if (!e1 || !e2) { rc = -1; goto out; }
    sl_repair_sentence_ends(ref, w1, n1, e1);
    sl_repair_sentence_ends(dg, w2, n2, e2);
    for (size_t i = 0; i + 1 < n1; i++) {
        if (e1[i] && e2[i]) t->tp++;
        else if (e2[i]) t->fp++;
        else if (e1[i]) t->fn++;
    }
    for (size_t i = 0; i < n1; i++) {
        size_t l1 = w1[i].end - w1[i].start, l2 = w2[i].end - w2[i].start;
        t->case_ok += l1 == l2 && !memcmp(ref->text + w1[i].start, dg->text + w2[i].start, l1);
    }
    t->words += n1;
    t->docs++;
    t->flagged_lc += !!(dg->flags & SL_DOC_LOWERCASED);
    t->flagged_np += !!(dg->flags & SL_DOC_NOPUNCT);
    if (show > 0 && t->docs <= (size_t)show)
        printf("== %s\n%s\n\n", path, dg->text);
out:
    free(w1);
    free(w2);
    free(e1);
    free(e2);
    sl_buf_free(&deg);
    sl_doc_free(ref);
    sl_doc_free(dg);
    free(data);
    return rc;
}

int sl_eval_sentences(int argc, char **argv)
{
    const char *dir = NULL;
    bool json = false;
    int show = 0, repeat = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc) dir = argv[++i];
        else if (!strcmp(argv[i], "--json")) json = true;
        else if (!strcmp(argv[i], "--show") && i + 1 < argc && sl_cli_int(argv[i + 1], &show)) i++;
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc && sl_cli_int(argv[i + 1], &repeat)) i++;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_usage, stdout); return 0; }
        else { fprintf(stderr, "storyline eval sentences: bad option '%s'\n%s", argv[i], S_usage); return 1; }
    }
    if (!dir) { fprintf(stderr, "storyline eval sentences: --data DIR is required\n%s", S_usage); return 1; }
    static const char *pats[] = {"%s/clusters/*/docs/*.txt", "%s/*/docs/*.txt", "%s/*.txt"};
    glob_t g = {0};
    int found = 0;
    for (size_t k = 0; k < SL_ARRAY_LEN(pats) && !found; k++) {
        char pat[4096];
        snprintf(pat, sizeof pat, pats[k], dir);
        found = glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0;
        if (!found) globfree(&g);
    }
    if (!found) { fprintf(stderr, "storyline eval sentences: no documents under %s\n", dir); return 1; }
    struct sl_engine eng = {0};
    if (sl_truecaser_load(&eng.truecaser) != SL_OK) {
        fprintf(stderr, "storyline eval sentences: cannot load the truecaser\n");
        globfree(&g);
        return 1;
    }
    S_tally t = {0};
    int rc = 0;
    for (size_t i = 0; i < g.gl_pathc && rc == 0; i++)
        if (S_one(&eng, g.gl_pathv[i], show, repeat, &t) != 0) rc = 1;
    globfree(&g);
    sl_truecaser_free(eng.truecaser);
    if (rc) return rc;
    double p = t.tp + t.fp ? 100.0 * t.tp / (t.tp + t.fp) : 0;
    double r = t.tp + t.fn ? 100.0 * t.tp / (t.tp + t.fn) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    double ca = t.words ? 100.0 * t.case_ok / t.words : 0;
    double mbs = t.seg_secs > 0 ? t.seg_bytes / t.seg_secs / 1e6 : 0;
    printf("documents %zu (skipped %zu), flagged lower-cased %zu, no-punctuation %zu\n", t.docs,
           t.skipped, t.flagged_lc, t.flagged_np);
    printf("sentence ends: reference %zu, predicted %zu, correct %zu\n", t.tp + t.fn, t.tp + t.fp, t.tp);
    printf("precision %.2f  recall %.2f  f1 %.2f  case_accuracy %.2f (%zu words)\n", p, r, f, ca, t.words);
    printf("segmenter %.1f MB/s\n", mbs);
    if (json)
        printf("{\"task\":\"sentences\",\"documents\":%zu,\"skipped\":%zu,\"precision\":%.2f,\"recall\":%.2f,"
               "\"f1\":%.2f,\"case_accuracy\":%.2f,\"words\":%zu,\"reference_ends\":%zu,\"predicted_ends\":%zu,"
               "\"flagged_lowercased\":%zu,\"flagged_nopunct\":%zu,\"segment_mb_s\":%.1f}\n",
               t.docs, t.skipped, p, r, f, ca, t.words, t.tp + t.fn, t.tp + t.fp, t.flagged_lc,
               t.flagged_np, mbs);
    return 0;
}
