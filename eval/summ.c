/*
 * summ.c — `storyline eval summ`: summarize every cluster of a summarization set with
 * Storyline and score it with ROUGE against the human references.
 *
 * For each CLUSTERS/<topic>/docs/ *.txt (a header block of `DOCNO:`, `DATE:`, `TITLE:`,
 * `SOURCE:` lines, a blank line, then the body) the documents go through the public pipeline
 * (sl_engine_new, sl_doc_process: clean, normalize, repair, segment, ...), their text and
 * sentence spans become sl_sum_docs, and sl_summary_select picks the summary, exactly as a
 * story in the database would get it. The summary is scored by eval/rouge.c (ROUGE-1.5.5
 * semantics, -l = --words) against CLUSTERS/<topic>/refs, next to two references points:
 *   - lead: the first sentence of each document in date order, whole sentences up to the
 *     same word budget (the baseline news summarizers must beat);
 *   - the set's own baselines (BASE/<system>/<topic>.txt, where BASE is the `baselines`
 *     folder beside CLUSTERS), scored with the same settings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine.h"
#include "eval/eval.h"
#include "eval/rouge.h"
#include "model/doc.h"
#include "summary/summary.h"

#define S_MAX_DOCS 1000 /* documents per topic */

static const char S_usage[] =
    "usage: storyline eval summ --data DIR [--words N] [--out DIR] [--wordnet DIR]\n"
    "                           [--per-topic] [--json]\n"
    "\n"
    "Summarizes each DIR/<topic>/docs (DIR is a clusters folder, or a set folder holding\n"
    "clusters/) with Storyline and scores it against DIR/<topic>/refs with ROUGE-1/2/4 recall\n"
    "(ROUGE-1.5.5 -n 4 -m -a -l N -f A). Beside it: the lead baseline (first sentences, date\n"
    "order) and every system in the set's baselines/ folder, scored the same way.\n"
    "  --words N     summary length and ROUGE -l cut (default 100)\n"
    "  --out DIR     also write each summary to DIR/<topic>.txt (one sentence per line)\n"
    "  --per-topic   print per-topic scores\n"
    "  --json        last line: {rouge1,rouge2,rouge4,topics,lead:{..},baselines:{..}}\n"
    "exit codes: 0 scored, 1 bad usage or bad data (the message names the file).\n";

#define S_fail(...) sl_fail("eval summ", __VA_ARGS__)
#define S_isdir sl_is_dir

/* One input document: header fields point into `data` (NUL-terminated in place). */
typedef struct S_rawdoc {
    char *data;
    const char *docno, *date, *title, *source, *body;
    size_t body_len;
    char published[32];
} S_rawdoc;

/* Splits the header block off; the fields it does not know are ignored. */
static void S_parse(S_rawdoc *r, size_t len)
{
    char *p = r->data, *end = r->data + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *lend = nl ? nl : end;
        if (lend == p || (lend == p + 1 && *p == '\r')) { p = nl ? nl + 1 : end; break; }
        char *colon = memchr(p, ':', (size_t)(lend - p));
        if (!colon) break; /* no header at all: the whole file is the body */
        *lend = 0;
        if (lend > p && lend[-1] == '\r') lend[-1] = 0;
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t') v++;
        size_t kl = (size_t)(colon - p);
        if (kl == 5 && !memcmp(p, "DOCNO", 5)) r->docno = v;
        else if (kl == 4 && !memcmp(p, "DATE", 4)) r->date = v;
        else if (kl == 5 && !memcmp(p, "TITLE", 5)) r->title = v;
        else if (kl == 6 && !memcmp(p, "SOURCE", 6)) r->source = v;
        p = nl ? nl + 1 : end;
    }
    if (!r->docno && !r->date && !r->title && !r->source) p = r->data;
    r->body = p;
    r->body_len = (size_t)(end - p);
    if (r->date) { /* "1998-10-17 05:50:00" -> ISO 8601 */
        snprintf(r->published, sizeof r->published, "%s", r->date);
        if (strlen(r->published) > 10 && r->published[10] == ' ') r->published[10] = 'T';
    }
}

typedef struct S_score {
    double r[SL_ROUGE_MAX_N + 1];
    size_t topics;
} S_score;

static void S_add(S_score *s, const sl_rouge_score *sc)
{
    for (int n = 1; n <= SL_ROUGE_MAX_N; n++) s->r[n] += sc->r[n];
    s->topics++;
}

/* Appends the shown text of a span, one line per sentence, inner whitespace collapsed. */
static void S_put_line(sl_buf *b, const char *text, sl_span sp)
{
    bool space = false;
    for (uint32_t i = sp.start; i < sp.end; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) { space = true; continue; }
        if (space && b->len && b->data[b->len - 1] != '\n') sl_buf_putc(b, ' ');
        space = false;
        sl_buf_putc(b, (char)c);
    }
    sl_buf_putc(b, '\n');
}

static int S_cmp_date(const void *a, const void *b, void *arg)
{
    const sl_sum_doc *docs = arg;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const char *dx = docs[x].published ? docs[x].published : "", *dy = docs[y].published ? docs[y].published : "";
    int c = strcmp(dx, dy);
    return c ? c : (x < y ? -1 : x > y);
}

/* The lead baseline: first sentence of each document by date, whole sentences that fit. */
static void S_lead(const sl_sum_doc *docs, size_t n, int words, sl_buf *out)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order) { out->oom = true; return; }
    for (size_t i = 0; i < n; i++) order[i] = i;
    qsort_r(order, n, sizeof *order, S_cmp_date, (void *)docs);
    size_t left = (size_t)words;
    for (size_t k = 0; k < n; k++) {
        const sl_sum_doc *d = &docs[order[k]];
        for (size_t s = 0; s < d->nsents; s++) {
            sl_span sp = sl_summary_trim(d->text, d->sents[s]);
            size_t w = sl_summary_words(d->text, sp);
            if (w < SL_SUM_MIN_SENT_WORDS) continue; /* a dateline or a stray fragment */
            if (w <= left) {
                S_put_line(out, d->text, sp);
                left -= w;
            }
            break;
        }
    }
    free(order);
}

typedef struct S_sys {
    char *name;
    S_score sc;
    size_t missing;
} S_sys;

int sl_eval_summ(int argc, char **argv)
{
    const char *data = NULL, *outdir = NULL, *wordnet = NULL;
    int words = 100;
    bool json = false, per_topic = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_usage, stdout); return 0; }
        else if (!strcmp(a, "--json")) json = true;
        else if (!strcmp(a, "--per-topic")) per_topic = true;
        else if (i + 1 < argc && !strcmp(a, "--data")) data = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--out")) outdir = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--wordnet")) wordnet = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--words")) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > (long)SL_SUM_MAX_WORDS) return S_fail("--words: expected 1..%u, got '%s'", SL_SUM_MAX_WORDS, argv[i]);
            words = (int)v;
        } else {
            fputs(S_usage, stderr);
            return S_fail("unknown or incomplete option '%s'", a);
        }
    }
    if (!data) { fputs(S_usage, stderr); return S_fail("--data is required"); }
    char clusters[4096], basedir[4096 + 64];
    snprintf(clusters, sizeof clusters, "%s/clusters", data);
    if (!S_isdir(clusters)) snprintf(clusters, sizeof clusters, "%s", data);
    if (!S_isdir(clusters)) return S_fail("%s: no such folder (--data)", data);
    snprintf(basedir, sizeof basedir, "%s/../baselines", clusters);
    if (outdir && !S_isdir(outdir)) return S_fail("%s: no such folder (--out)", outdir);

    char err[8192] = "";
    sl_rouge *r = NULL;
    sl_status st = sl_rouge_new(wordnet, &r, err, sizeof err);
    if (st != SL_OK) return S_fail("%s", err[0] ? err : sl_strerror(st));
    sl_engine *eng = NULL;
    st = sl_engine_new(&eng);
    if (st != SL_OK) {
        sl_rouge_free(r);
        return S_fail("cannot load the engine: %s", sl_strerror(st));
    }

    char **topics = NULL, **sysnames = NULL;
    size_t ntopics = 0, nsys = 0;
    S_sys *sys = NULL;
    S_score mine = {{0}, 0}, lead = {{0}, 0};
    double sum_ms = 0, max_ms = 0;
    int rc = 1;
    sl_progress prog;
    sl_progress_start(&prog, "eval summ", "topics", 0);
    if (sl_rouge_list(clusters, "", &topics, &ntopics) != SL_OK) { S_fail("%s: cannot list", clusters); goto done; }
    if (S_isdir(basedir) && sl_rouge_list(basedir, "", &sysnames, &nsys) == SL_OK && nsys) {
        sys = calloc(nsys, sizeof *sys);
        if (!sys) { S_fail("out of memory"); goto done; }
        for (size_t k = 0; k < nsys; k++) sys[k].name = sysnames[k];
    }
    size_t scored = 0;
    sl_progress_set_total(&prog, (double)ntopics);
    for (size_t t = 0; t < ntopics; t++) {
        sl_progress_update(&prog, (double)t);
        char tdir[8192], ddir[8192 + 8];
        snprintf(tdir, sizeof tdir, "%s/%s", clusters, topics[t]);
        snprintf(ddir, sizeof ddir, "%s/docs", tdir);
        if (!S_isdir(ddir)) continue;
        char **dnames = NULL;
        size_t nd = 0;
        if (sl_rouge_list(ddir, ".txt", &dnames, &nd) != SL_OK || nd == 0 || nd > S_MAX_DOCS) {
            S_fail("%s: no documents (*.txt) or more than %d", ddir, S_MAX_DOCS);
            sl_rouge_names_free(dnames, nd);
            goto done;
        }
        sl_rouge_text *refs = NULL;
        size_t nrefs = 0;
        if (sl_rouge_read_refs(r, tdir, words, &refs, &nrefs, err, sizeof err) != SL_OK) {
            sl_rouge_names_free(dnames, nd);
            S_fail("%s", err);
            goto done;
        }
        S_rawdoc *raw = calloc(nd, sizeof *raw);
        sl_doc **docs = calloc(nd, sizeof *docs);
        sl_sum_doc *sd = calloc(nd, sizeof *sd);
        sl_span **spans = calloc(nd, sizeof *spans);
        size_t nsd = 0;
        bool ok = raw && docs && sd && spans;
        if (!ok) S_fail("out of memory");
        for (size_t i = 0; ok && i < nd; i++) {
            char path[16384];
            snprintf(path, sizeof path, "%s/%s", ddir, dnames[i]);
            size_t len = 0;
            if (sl_read_file(path, SL_MAX_INPUT_BYTES, &raw[i].data, &len) != SL_OK) {
                ok = false;
                S_fail("%s: cannot read", path);
                break;
            }
            S_parse(&raw[i], len);
            sl_input in = {0};
            in.id = raw[i].docno;
            in.path = path;
            in.source = raw[i].source;
            in.title = raw[i].title;
            in.published = raw[i].date ? raw[i].published : NULL;
            in.data = raw[i].body;
            in.len = raw[i].body_len;
            in.format = SL_FORMAT_TEXT;
            char perr[512] = "";
            st = sl_doc_process(eng, &in, &docs[i], perr, sizeof perr);
            if (st != SL_OK) { /* one bad document does not sink the topic; say so */
                fprintf(stderr, "storyline eval summ: %s: skipped (%s%s%s)\n", path, sl_strerror(st),
                        perr[0] ? ": " : "", perr);
                docs[i] = NULL;
                continue;
            }
            sl_doc *d = docs[i];
            spans[i] = malloc((d->sentences.n ? d->sentences.n : 1) * sizeof **spans);
            if (!spans[i]) { ok = false; S_fail("out of memory"); break; }
            for (size_t k = 0; k < d->sentences.n; k++) spans[i][k] = d->sentences.v[k].span;
            sd[nsd++] = (sl_sum_doc){d->id, d->published, d->text, d->text_len, spans[i], d->sentences.n, false};
        }
        sl_sum_pick *picks = NULL;
        size_t np = 0;
        sl_buf peer, leadb;
        sl_buf_init(&peer);
        sl_buf_init(&leadb);
        if (ok) {
            struct timespec t0, t1;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
            st = sl_summary_select(sd, nsd, words, &picks, &np);
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
            double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
            sum_ms += ms;
            if (ms > max_ms) max_ms = ms;
            if (st != SL_OK) { ok = false; S_fail("%s: summary failed: %s", tdir, sl_strerror(st)); }
        }
        for (size_t k = 0; ok && k < np; k++) S_put_line(&peer, sd[picks[k].doc].text, picks[k].span);
        if (ok) S_lead(sd, nsd, words, &leadb);
        if (ok && (peer.oom || leadb.oom)) { ok = false; S_fail("out of memory"); }
        if (ok && outdir) {
            char op[8192];
            snprintf(op, sizeof op, "%s/%s.txt", outdir, topics[t]);
            FILE *f = fopen(op, "w");
            if (!f || fwrite(peer.data ? peer.data : "", 1, peer.len, f) != peer.len) { ok = false; S_fail("%s: cannot write", op); }
            if (f && fclose(f) != 0 && ok) { ok = false; S_fail("%s: cannot write", op); }
        }
        sl_rouge_score sc, lsc;
        if (ok) {
            sl_rouge_text pt, lt;
            if (sl_rouge_text_init(r, peer.data ? peer.data : "", peer.len, words, &pt) != SL_OK ||
                sl_rouge_text_init(r, leadb.data ? leadb.data : "", leadb.len, words, &lt) != SL_OK) {
                ok = false;
                S_fail("out of memory");
            } else {
                if (pt.n == 0) fprintf(stderr, "storyline eval summ: %s: empty summary (scored 0)\n", tdir);
                if (sl_rouge_score_topic(&pt, refs, nrefs, &sc) != SL_OK ||
                    sl_rouge_score_topic(&lt, refs, nrefs, &lsc) != SL_OK) {
                    ok = false;
                    S_fail("out of memory");
                }
                sl_rouge_text_free(&pt);
                sl_rouge_text_free(&lt);
            }
        }
        if (ok) {
            S_add(&mine, &sc);
            S_add(&lead, &lsc);
            if (per_topic)
                printf("%-12s storyline R-1 %.5f R-2 %.5f R-4 %.5f | lead R-1 %.5f R-2 %.5f | %zu sentences\n",
                       topics[t], sc.r[1], sc.r[2], sc.r[4], lsc.r[1], lsc.r[2], np);
            for (size_t k = 0; k < nsys; k++) {
                char bp[16384];
                snprintf(bp, sizeof bp, "%s/%s/%s.txt", basedir, sys[k].name, topics[t]);
                char *bd = NULL;
                size_t bl = 0;
                if (sl_read_file(bp, SL_ROUGE_MAX_BYTES, &bd, &bl) != SL_OK) { sys[k].missing++; continue; }
                sl_rouge_text bt;
                sl_rouge_score bsc;
                if (sl_rouge_text_init(r, bd, bl, words, &bt) == SL_OK) {
                    if (sl_rouge_score_topic(&bt, refs, nrefs, &bsc) == SL_OK) S_add(&sys[k].sc, &bsc);
                    sl_rouge_text_free(&bt);
                }
                free(bd);
            }
            scored++;
        }
        sl_buf_free(&peer);
        sl_buf_free(&leadb);
        free(picks);
        for (size_t i = 0; i < nd; i++) {
            if (docs) sl_doc_free(docs[i]);
            if (raw) free(raw[i].data);
            if (spans) free(spans[i]);
        }
        free(raw);
        free(docs);
        free(sd);
        free(spans);
        sl_rouge_refs_free(refs, nrefs);
        sl_rouge_names_free(dnames, nd);
        if (!ok) goto done;
    }
    sl_progress_update(&prog, (double)ntopics);
    sl_progress_end(&prog);
    if (scored == 0) { S_fail("%s: no <topic>/docs folder", clusters); goto done; }

    double T = (double)scored;
    printf("%-14s %7s %7s %7s  %s\n", "system", "R-1", "R-2", "R-4", "topics");
    printf("%-14s %7.2f %7.2f %7.2f  %zu\n", "storyline", 100 * mine.r[1] / T, 100 * mine.r[2] / T,
           100 * mine.r[4] / T, scored);
    printf("%-14s %7.2f %7.2f %7.2f  %zu\n", "lead", 100 * lead.r[1] / T, 100 * lead.r[2] / T,
           100 * lead.r[4] / T, scored);
    for (size_t k = 0; k < nsys; k++) {
        double bt = sys[k].sc.topics ? (double)sys[k].sc.topics : 1;
        printf("%-14s %7.2f %7.2f %7.2f  %zu%s\n", sys[k].name, 100 * sys[k].sc.r[1] / bt,
               100 * sys[k].sc.r[2] / bt, 100 * sys[k].sc.r[4] / bt, sys[k].sc.topics,
               sys[k].missing ? " (some topics missing)" : "");
    }
    printf("summary time: %.2f ms CPU per topic on average, %.2f ms at most (sl_summary_select only)\n",
           sum_ms / T, max_ms);
    if (json) {
        printf("{\"rouge1\":%.2f,\"rouge2\":%.2f,\"rouge4\":%.2f,\"topics\":%zu,\"words\":%d,"
               "\"lead\":{\"rouge1\":%.2f,\"rouge2\":%.2f,\"rouge4\":%.2f}",
               100 * mine.r[1] / T, 100 * mine.r[2] / T, 100 * mine.r[4] / T, scored, words,
               100 * lead.r[1] / T, 100 * lead.r[2] / T, 100 * lead.r[4] / T);
        printf(",\"baselines\":{");
        for (size_t k = 0; k < nsys; k++) {
            double bt = sys[k].sc.topics ? (double)sys[k].sc.topics : 1;
            printf("%s\"%s\":{\"rouge1\":%.2f,\"rouge2\":%.2f,\"rouge4\":%.2f,\"topics\":%zu}", k ? "," : "",
                   sys[k].name, 100 * sys[k].sc.r[1] / bt, 100 * sys[k].sc.r[2] / bt, 100 * sys[k].sc.r[4] / bt,
                   sys[k].sc.topics);
        }
        printf("},\"ms_per_topic\":%.3f}\n", sum_ms / T);
    }
    rc = 0;
done:
    sl_progress_end(&prog);
    free(sys);
    sl_rouge_names_free(sysnames, nsys);
    sl_rouge_names_free(topics, ntopics);
    sl_engine_free(eng);
    sl_rouge_free(r);
    return rc;
}
