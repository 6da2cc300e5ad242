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
 *
 * Feeds arrive in two shapes, so there are two degradations: the default (lower-cased and
 * punctuation-stripped, like seed 002) and --keep-case (punctuation-stripped only, the case
 * left as written). The JSON says which one was scored ("degrade").
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
    "usage: storyline eval sentences --data DIR [--keep-case] [--json] [--show N] [--repeat N]\n"
    "\n"
    "DIR is a summarization set (DIR/clusters/*/docs/*.txt) or a folder of .txt files.\n"
    "Each document is lower-cased and stripped of punctuation, repaired and segmented;\n"
    "the recovered sentence ends are scored against the segmentation of the original.\n"
    "  --keep-case strip punctuation and line breaks only, keep the case as written\n"
    "  --models D  read truecase-{words,pos}.tsv and segment-{lower,cased}.bin from folder D\n"
    "              instead of the embedded ones (models tools/build_truecase.c just wrote)\n"
    "  --show N    print the repaired text of the first N documents\n"
    "  --repeat N  segment the originals N times more to time the segmenter\n"
    "  --errors N  print the context of the first N missed and N false ends\n";

/* The truecaser from the four model files in dir (all must be there). */
static sl_status S_load_dir(const char *dir, struct sl_truecaser **out)
{
    static const char *names[4] = {"truecase-words.tsv", "truecase-pos.tsv", "segment-lower.bin",
                                   "segment-cased.bin"};
    char *data[4] = {0};
    size_t len[4] = {0};
    for (int k = 0; k < 4; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        if (sl_read_file(path, SL_MAX_INPUT_BYTES, &data[k], &len[k]) != SL_OK) {
            fprintf(stderr, "storyline eval sentences: cannot read %s\n", path);
            for (int j = 0; j < k; j++) free(data[j]);
            return SL_EIO;
        }
    }
    sl_truecaser_src src = {data[0], data[1], data[2], len[0], len[1], len[2], data[3], len[3]};
    sl_status st = sl_truecaser_from_text(&src, out);
    for (int k = 0; k < 4; k++) free(data[k]);
    return st;
}

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
    double seg_secs, seg_bytes, rep_secs, rep_bytes;
} S_tally;

static int S_errors_left[2]; /* --errors: contexts still to print (missed, false) */

static void S_context(const char *what, const char *text, const sl_span *w, size_t n, size_t i)
{
    printf("%s:", what);
    for (size_t k = i > 5 ? i - 5 : 0; k < n && k <= i + 5; k++)
        printf(" %.*s%s", (int)(w[k].end - w[k].start), text + w[k].start, k == i ? " |" : "");
    putchar('\n');
}

static int S_one(const sl_engine *e, const char *path, int show, int repeat, bool keep_case, S_tally *t)
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
        (keep_case ? sl_repair_strip(ref->text, ref->text_len, &deg)
                   : sl_repair_degrade(ref->text, ref->text_len, &deg)) != SL_OK) { rc = -1; goto out; }
    if (n1 < 2) { t->skipped++; goto out; }
    dg = S_doc(deg.data, deg.len);
    if (!dg) { rc = -1; goto out; }
    double t1 = S_now();
    sl_status rst = sl_repair(e, dg);
    t->rep_secs += S_now() - t1;
    t->rep_bytes += (double)deg.len;
    if (rst != SL_OK || sl_segment(e, dg) != SL_OK ||
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
        else if (e2[i]) {
            t->fp++;
            if (S_errors_left[1] > 0 && S_errors_left[1]--) S_context("false", dg->text, w2, n2, i);
        } else if (e1[i]) {
            t->fn++;
            if (S_errors_left[0] > 0 && S_errors_left[0]--) S_context("missed", dg->text, w2, n2, i);
        }
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
    const char *dir = NULL, *models = NULL;
    bool json = false, keep_case = false;
    int show = 0, repeat = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc) dir = argv[++i];
        else if (!strcmp(argv[i], "--json")) json = true;
        else if (!strcmp(argv[i], "--keep-case")) keep_case = true;
        else if (!strcmp(argv[i], "--errors") && i + 1 < argc && sl_cli_int(argv[i + 1], &S_errors_left[0])) {
            S_errors_left[1] = S_errors_left[0];
            i++;
        }
        else if (!strcmp(argv[i], "--models") && i + 1 < argc) models = argv[++i];
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
    if ((models ? S_load_dir(models, &eng.truecaser) : sl_truecaser_load(&eng.truecaser)) != SL_OK) {
        fprintf(stderr, "storyline eval sentences: cannot load the truecaser\n");
        globfree(&g);
        return 1;
    }
    S_tally t = {0};
    int rc = 0;
    sl_progress prog;
    sl_progress_start(&prog, "eval sentences", "documents", (double)g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc && rc == 0; i++) {
        if (S_one(&eng, g.gl_pathv[i], show, repeat, keep_case, &t) != 0) rc = 1;
        sl_progress_update(&prog, (double)(i + 1));
    }
    sl_progress_end(&prog);
    globfree(&g);
    sl_truecaser_free(eng.truecaser);
    if (rc) return rc;
    double p = t.tp + t.fp ? 100.0 * t.tp / (t.tp + t.fp) : 0;
    double r = t.tp + t.fn ? 100.0 * t.tp / (t.tp + t.fn) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    double ca = t.words ? 100.0 * t.case_ok / t.words : 0;
    double mbs = t.seg_secs > 0 ? t.seg_bytes / t.seg_secs / 1e6 : 0;
    double rmbs = t.rep_secs > 0 ? t.rep_bytes / t.rep_secs / 1e6 : 0;
    const char *degrade = keep_case ? "nopunct" : "lower+nopunct";
    printf("degradation %s\n", degrade);
    printf("documents %zu (skipped %zu), flagged lower-cased %zu, no-punctuation %zu\n", t.docs,
           t.skipped, t.flagged_lc, t.flagged_np);
    printf("sentence ends: reference %zu, predicted %zu, correct %zu\n", t.tp + t.fn, t.tp + t.fp, t.tp);
    printf("precision %.2f  recall %.2f  f1 %.2f  case_accuracy %.2f (%zu words)\n", p, r, f, ca, t.words);
    printf("segmenter %.1f MB/s, repair %.2f MB/s (CPU time)\n", mbs, rmbs);
    if (json)
        printf("{\"task\":\"sentences\",\"degrade\":\"%s\",\"documents\":%zu,\"skipped\":%zu,\"precision\":%.2f,\"recall\":%.2f,"
               "\"f1\":%.2f,\"case_accuracy\":%.2f,\"words\":%zu,\"reference_ends\":%zu,\"predicted_ends\":%zu,"
               "\"flagged_lowercased\":%zu,\"flagged_nopunct\":%zu,\"segment_mb_s\":%.1f,\"repair_mb_s\":%.2f}\n",
               degrade, t.docs, t.skipped, p, r, f, ca, t.words, t.tp + t.fn, t.tp + t.fp, t.flagged_lc,
               t.flagged_np, mbs, rmbs);
    return 0;
}
