/*
 * ner.c — `storyline eval ner`: entity-level precision, recall and F1 of the tagger on a
 * CoNLL-2003 file, with conlleval's chunk semantics (src/extract/ner_conll.c, unit-tested in
 * tests/unit/test_eval_ner.c).
 *
 * --degrade lower-cases every token and drops punctuation-only tokens first (the view of a
 * lower-cased, unpunctuated article) and tags with the case-insensitive weights, as the
 * pipeline does for articles flagged SL_DOC_LOWERCASED; --cased / --ci force one table.
 * --truecase re-cases the degraded text with the repair stage first, to measure the other
 * way the pipeline could go (cased weights on repaired text); see docs/NER.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "eval/eval.h"
#include "extract/extract.h"
#include "extract/ner.h"
#include "model/doc.h"
#include "text/text.h"

static const char S_usage[] =
    "usage: storyline eval ner --data FILE [--degrade [--truecase]] [--out FILE] [--model FILE] [--cased|--ci] [--json]\n"
    "\n"
    "Tags FILE (CoNLL-2003: TOKEN POS CHUNK NER, IOB1 or IOB2) with the built-in model and\n"
    "prints entity-level precision, recall and F1 (conlleval semantics), overall and per type.\n"
    "  --degrade    lower-case tokens and remove punctuation tokens first\n"
    "  --truecase   after --degrade, restore case with the repair stage (one text per\n"
    "               document) and tag with the cased weights: the pipeline's other option\n"
    "  --out FILE   write 'token gold predicted' per line (blank line between sentences)\n"
    "  --model FILE a model file written by `storyline train ner` instead of the built-in one\n"
    "  --cased      tag with the cased weights (default without --degrade)\n"
    "  --ci         tag with the case-insensitive weights (default with --degrade)\n"
    "  --json       last line: {\"precision\",\"recall\",\"f1\",\"sentences\",...}\n";

static const char *S_tagname(uint8_t iob, char *buf)
{
    static const char *types[] = {"PER", "ORG", "LOC", "MISC"};
    if (!iob) return "O";
    sprintf(buf, "%c-%s", (iob - 1) % 2 ? 'I' : 'B', types[(iob - 1) / 2]);
    return buf;
}

/* Runs the repair stage's truecaser over each degraded document (its tokens joined by
 * spaces) and points the tokens at the re-cased words. Repair only changes case and inserts
 * ". ", so each token is found again, in order, case-insensitively. */
static sl_status S_truecase(sl_conll *c, char **keep)
{
    sl_engine e = {0};
    sl_status st = sl_truecaser_load(&e.truecaser);
    if (st != SL_OK) return st;
    size_t total = 0;
    for (size_t i = 0; i < c->ntoks; i++) total += c->toks[i].len + 1;
    char *out = malloc(total + 1);
    if (!out) { sl_truecaser_free(e.truecaser); return SL_ENOMEM; }
    size_t o = 0;
    for (size_t s0 = 0, s1; st == SL_OK && s0 < c->nsents; s0 = s1) {
        for (s1 = s0 + 1; s1 < c->nsents && c->sents[s1].doc == c->sents[s0].doc; s1++) {}
        size_t t0 = c->sents[s0].first, t1 = c->sents[s1 - 1].end;
        sl_doc *d = sl_doc_new_empty();
        if (!d) { st = SL_ENOMEM; break; }
        sl_buf b;
        sl_buf_init(&b);
        for (size_t i = t0; i < t1; i++) {
            if (i > t0) sl_buf_putc(&b, ' ');
            sl_buf_append(&b, c->toks[i].s, c->toks[i].len);
        }
        d->text = b.oom ? NULL : sl_arena_strndup(&d->arena, b.data ? b.data : "", b.len);
        d->text_len = b.len;
        sl_buf_free(&b);
        if (!d->text) st = SL_ENOMEM;
        if (st == SL_OK) st = sl_repair(&e, d);
        size_t p = 0;
        for (size_t i = t0; st == SL_OK && i < t1; i++) {
            size_t n = c->toks[i].len;
            while (p + n <= d->text_len && !sl_ieq(d->text + p, c->toks[i].s, n)) p++;
            if (p + n > d->text_len) { st = SL_EPARSE; break; }
            memcpy(out + o, d->text + p, n);
            c->toks[i].s = out + o;
            o += n;
            p += n;
        }
        sl_doc_free(d);
    }
    sl_truecaser_free(e.truecaser);
    *keep = out;
    return st;
}

static double S_now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int sl_eval_ner(int argc, char **argv)
{
    const char *data = NULL, *out = NULL, *model_path = NULL;
    bool degrade = false, json = false, truecase = false;
    int force = -1; /* -1 auto, 0 cased, 1 ci */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_usage, stdout); return 0; }
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--model") && i + 1 < argc) model_path = argv[++i];
        else if (!strcmp(argv[i], "--degrade")) degrade = true;
        else if (!strcmp(argv[i], "--truecase")) truecase = degrade = true;
        else if (!strcmp(argv[i], "--json")) json = true;
        else if (!strcmp(argv[i], "--cased")) force = 0;
        else if (!strcmp(argv[i], "--ci")) force = 1;
        else {
            fprintf(stderr, "storyline eval ner: unknown or incomplete option '%s'\n%s", argv[i], S_usage);
            return 1;
        }
    }
    if (!data) { fprintf(stderr, "storyline eval ner: --data is required\n%s", S_usage); return 1; }
    char err[512] = "";
    sl_conll c = {0};
    struct sl_lexicon *lex = NULL;
    struct sl_ner_model *model = NULL;
    uint8_t *pred = NULL;
    char *cased = NULL;
    int rc = 1;
    sl_status st = sl_conll_read(data, &c, err, sizeof err);
    if (st == SL_OK && degrade) st = sl_conll_degrade(&c);
    if (st == SL_OK && truecase) st = S_truecase(&c, &cased);
    if (st == SL_OK) st = sl_lexicon_load(&lex);
    if (st == SL_OK && model_path) { /* a model file instead of the built-in one */
        char *mbuf = NULL;
        size_t mlen = 0;
        st = sl_read_file(model_path, 256u << 20, &mbuf, &mlen);
        if (st != SL_OK) snprintf(err, sizeof err, "%s: cannot read", model_path);
        else st = sl_ner_model_parse(mbuf, mlen, &model, err, sizeof err);
        free(mbuf);
    } else if (st == SL_OK) {
        st = sl_ner_model_load(&model);
    }
    if (st != SL_OK) {
        fprintf(stderr, "storyline eval ner: %s\n", err[0] ? err : sl_strerror(st));
        goto done;
    }
    bool ci = force < 0 ? degrade && !truecase : force == 1;
    pred = malloc(c.ntoks + 1);
    sl_ner_counts cnt = {0};
    /* the tagging is one library call (well under a second on CoNLL valid): the bar shows
     * its total and rate when it is done */
    sl_progress prog;
    sl_progress_start(&prog, "eval ner", "sentences", (double)c.nsents);
    double t0 = S_now(CLOCK_MONOTONIC), c0 = S_now(CLOCK_PROCESS_CPUTIME_ID);
    st = pred ? sl_ner_eval(model, lex, ci, &c, pred, &cnt) : SL_ENOMEM;
    double secs = S_now(CLOCK_MONOTONIC) - t0, cpu = S_now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    sl_progress_update(&prog, st == SL_OK ? (double)c.nsents : 0);
    sl_progress_end(&prog);
    if (st != SL_OK) { fprintf(stderr, "storyline eval ner: %s\n", sl_strerror(st)); goto done; }
    if (out) {
        FILE *fp = fopen(out, "w");
        if (!fp) { fprintf(stderr, "storyline eval ner: %s: cannot write\n", out); goto done; }
        char b1[8], b2[8];
        for (size_t s = 0; s < c.nsents; s++) {
            for (size_t i = c.sents[s].first; i < c.sents[s].end; i++)
                fprintf(fp, "%.*s %s %s\n", (int)c.toks[i].len, c.toks[i].s, S_tagname(c.gold_iob[i], b1),
                        S_tagname(pred[i], b2));
            fputc('\n', fp);
        }
        if (fclose(fp) != 0) { fprintf(stderr, "storyline eval ner: %s: cannot write\n", out); goto done; }
    }
    size_t bytes = 0;
    for (size_t i = 0; i < c.ntoks; i++) bytes += c.toks[i].len + 1;
    double p, r, f;
    sl_ner_prf(cnt.gold, cnt.pred, cnt.correct, &p, &r, &f);
    static const char *types[] = {"PER", "ORG", "LOC", "MISC"};
    printf("ner: %s%s, model %s (%s weights)\n", data,
           truecase ? " (degraded, re-cased by repair)" : degrade ? " (degraded)" : "",
           model ? "models/ner.bin" : "none: rule tagger", ci ? "case-insensitive" : "cased");
    printf("%zu sentences, %zu tokens; %zu gold entities, %zu found, %zu correct\n", c.nsents, c.ntoks,
           cnt.gold, cnt.pred, cnt.correct);
    printf("overall  precision %6.2f  recall %6.2f  F1 %6.2f\n", p, r, f);
    for (int t = 0; t < SL_ENT_NTYPES; t++) {
        double tp, tr, tf;
        sl_ner_prf(cnt.gold_t[t], cnt.pred_t[t], cnt.correct_t[t], &tp, &tr, &tf);
        printf("%-8s precision %6.2f  recall %6.2f  F1 %6.2f  (%zu)\n", types[t], tp, tr, tf, cnt.gold_t[t]);
    }
    /* CPU time is the figure that matters on a shared machine; wall time is shown too. */
    printf("tagging: %.3f s CPU (%.3f s wall), %.0f tokens/s, %.2f MB/s of token text per core\n", cpu, secs,
           (double)c.ntoks / (cpu > 0 ? cpu : 1e-9), (double)bytes / 1e6 / (cpu > 0 ? cpu : 1e-9));
    if (json)
        printf("{\"task\":\"ner\",\"degrade\":%s,\"precision\":%.2f,\"recall\":%.2f,\"f1\":%.2f,"
               "\"sentences\":%zu,\"tokens\":%zu,\"gold\":%zu,\"predicted\":%zu,\"correct\":%zu}\n",
               degrade ? "true" : "false", p, r, f, c.nsents, c.ntoks, cnt.gold, cnt.pred, cnt.correct);
    rc = 0;
done:
    free(pred);
    free(cased);
    sl_ner_model_free(model);
    sl_lexicon_free(lex);
    sl_conll_free(&c);
    return rc;
}
