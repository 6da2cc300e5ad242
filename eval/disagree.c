/*
 * disagree.c — `storyline eval disagree`: the disagreement rules (src/summary/claims.c)
 * against hand labels on development clusters.
 *
 * The labels file (eval/labels/disagree-dev.tsv, or the blind sets disagree-blind*.tsv;
 * docs/SUMMARY.md says how they were made) lists
 * claim pairs of a summarization set's clusters, one per line, tab-separated:
 *   CLUSTER  DOC_A  START_A  END_A  DOC_B  START_B  END_B  LABEL  KIND  NOTE
 * DOC_* are DOCNOs (file names without .txt), offsets are bytes in the document's
 * normalized text (what `storyline extract --json` shows as "text"), LABEL is `disagree` or
 * `agree` (looks alike but agrees), KIND one of modality, date, number, attribution.
 * Every cluster named in the file goes through the public pipeline (sl_doc_process) like
 * `eval summ` does; its documents become one story: quotes and speakers from the quotes
 * stage, dates from the dates stage, the 10 most mentioned entity names (what a stored
 * story carries). Each reported disagreement counts as its pairs of conflicting sides;
 * eval/disagree_score.c matches them against the labels.
 *
 * Sets that are not laid out as clusters/NAME/docs/, one .txt per article (blind set 4:
 * PolNeAR articles, plain text without header lines), come with a cluster list (--clusters
 * FILE), one article per line:
 *   CLUSTER<TAB>PATH[<TAB>DATE]
 * PATH relative to --data (or absolute), DATE (YYYY-MM-DD) its publication day. Such a file is
 * read whole as the article body, so offsets are those of `storyline extract --json --text FILE`,
 * and its DOCNO is the file name without .txt.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"
#include "eval/disagree_score.h"
#include "eval/eval.h"
#include "eval/rouge.h"
#include "model/doc.h"
#include "summary/summary.h"

#define S_MAX_LABELS 10000  /* label lines read at most */
#define S_MAX_DOCS   1000   /* documents per cluster */
#define S_NAMES      10     /* entity names per story, as the store keeps (SL_STORE_TOP_ENTITIES) */
#define S_MAX_LISTED 10000  /* articles a --clusters file lists at most */

static const char S_usage[] =
    "usage: storyline eval disagree --data DIR --labels FILE [--clusters LIST] [--list] [--json]\n"
    "\n"
    "Runs the disagreement rules on every cluster named in FILE (DIR is a clusters folder, or\n"
    "a set folder holding clusters/) and scores the reported claim pairs against the labels:\n"
    "precision = reported pairs that match a `disagree` label, recall = `disagree` labels\n"
    "matched. Label lines: CLUSTER DOC_A START_A END_A DOC_B START_B END_B LABEL KIND NOTE.\n"
    "  --clusters LIST  the clusters' articles are listed in LIST, one per line:\n"
    "           CLUSTER<TAB>PATH[<TAB>YYYY-MM-DD] (PATH under DIR); each file is read whole as\n"
    "           plain text (no header lines), its DOCNO is the file name without .txt\n"
    "  --list   print every reported disagreement with its sides, and each conflicting pair\n"
    "           as a tab-separated \"  pair\" line in the labels' column order (for labelling)\n"
    "  --json   last line: {precision, recall, f1, labelled, found, matched, agree_labelled,\n"
    "           agree_flagged, clusters}\n"
    "exit codes: 0 scored, 1 bad usage or bad data (the message names the file).\n";

#define S_fail(...) sl_fail("eval disagree", __VA_ARGS__)
#define S_isdir sl_is_dir

typedef struct S_label {
    char cluster[64];
    sl_dpair p;
    char doc_a[64], doc_b[64];
} S_label;

/* Parses the labels file; *out malloc'd. */
static int S_read_labels(const char *path, S_label **out, size_t *n)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    *n = 0;
    if (sl_read_file(path, 16u << 20, &data, &len) != SL_OK) return S_fail("%s: cannot read (--labels)", path);
    S_label *v = calloc(S_MAX_LABELS, sizeof *v);
    if (!v) { free(data); return S_fail("out of memory"); }
    size_t k = 0, line = 0;
    for (char *p = data, *end = data + len; p < end && k < S_MAX_LABELS;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        *le = 0;
        line++;
        if (*p && *p != '#') {
            char lab[16];
            unsigned sa, ea, sb, eb;
            S_label *l = &v[k];
            if (sscanf(p, "%63s %63s %u %u %63s %u %u %15s", l->cluster, l->doc_a, &sa, &ea, l->doc_b, &sb, &eb, lab) != 8 ||
                (strcmp(lab, "disagree") && strcmp(lab, "agree")) || ea <= sa || eb <= sb) {
                free(data);
                free(v);
                return S_fail("%s:%zu: expected CLUSTER DOC_A START_A END_A DOC_B START_B END_B disagree|agree ...", path, line);
            }
            l->p = (sl_dpair){l->doc_a, l->doc_b, sa, ea, sb, eb, !strcmp(lab, "disagree")};
            k++;
        }
        p = nl ? nl + 1 : end;
    }
    free(data);
    *out = v;
    *n = k;
    return 0;
}

/* Header block of a summarization set document (DOCNO:, DATE:, ...), as eval summ reads it. */
static void S_parse(char *data, size_t len, sl_input *in, char published[32])
{
    char *p = data, *end = data + len;
    const char *date = NULL;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *lend = nl ? nl : end;
        if (lend == p || (lend == p + 1 && *p == '\r')) { p = nl ? nl + 1 : end; break; }
        char *colon = memchr(p, ':', (size_t)(lend - p));
        if (!colon) { p = data; break; }
        *lend = 0;
        char *v = colon + 1;
        while (*v == ' ') v++;
        size_t kl = (size_t)(colon - p);
        if (kl == 5 && !memcmp(p, "DOCNO", 5)) in->id = v;
        else if (kl == 4 && !memcmp(p, "DATE", 4)) date = v;
        else if (kl == 5 && !memcmp(p, "TITLE", 5)) in->title = v;
        else if (kl == 6 && !memcmp(p, "SOURCE", 6)) in->source = v;
        p = nl ? nl + 1 : end;
    }
    if (date) {
        snprintf(published, 32, "%s", date);
        if (strlen(published) > 10 && published[10] == ' ') published[10] = 'T';
        in->published = published;
    }
    in->data = p;
    in->len = (size_t)(end - p);
    in->format = SL_FORMAT_TEXT;
}

typedef struct S_name { const char *name; uint8_t type; uint32_t mentions; } S_name;

static int S_cmp_name(const void *a, const void *b)
{
    const S_name *x = a, *y = b;
    if (x->mentions != y->mentions) return x->mentions > y->mentions ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Runs one cluster; appends its found pairs (doc ids point into the docs, kept alive by the
 * caller until scoring). */
/* One article of a --clusters list; the strings point into the list file's buffer. */
typedef struct S_item { const char *cluster, *path, *date; } S_item;

/* Parses a --clusters list (CLUSTER<TAB>PATH[<TAB>DATE] lines, # comments); *buf owns the
 * strings the items point at. */
static int S_read_list(const char *path, char **buf, S_item **out, size_t *n)
{
    size_t len = 0;
    *out = NULL;
    *n = 0;
    if (sl_read_file(path, 16u << 20, buf, &len) != SL_OK) return S_fail("%s: cannot read (--clusters)", path);
    S_item *v = calloc(S_MAX_LISTED, sizeof *v);
    if (!v) { free(*buf); *buf = NULL; return S_fail("out of memory"); }
    size_t k = 0, line = 0;
    for (char *p = *buf, *end = *buf + len; p < end && k < S_MAX_LISTED;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        *le = 0;
        if (le > p && le[-1] == '\r') le[-1] = 0;
        line++;
        if (*p && *p != '#') {
            char *t1 = strchr(p, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (!t1 || t1 == p || !t1[1] || t1[1] == '\t') {
                free(v);
                free(*buf);
                *buf = NULL;
                return S_fail("%s:%zu: expected CLUSTER<TAB>PATH[<TAB>YYYY-MM-DD]", path, line);
            }
            *t1 = 0;
            if (t2) *t2 = 0;
            v[k++] = (S_item){p, t1 + 1, t2 && t2[1] ? t2 + 1 : NULL};
        }
        p = nl ? nl + 1 : end;
    }
    *out = v;
    *n = k;
    return 0;
}

/* Runs one cluster: its documents are the .txt files of clusters/NAME/docs/ (header lines
 * first), or, with a --clusters list (items, nitems), the listed plain-text files. Appends the
 * found pairs (doc ids point into the docs, kept alive by the caller until scoring). */
static int S_cluster(const sl_engine *eng, const char *clusters, const char *name, const S_item *items,
                     size_t nitems, bool list, sl_doc ***keep, size_t *nkeep, sl_dpair **pairs, size_t *npairs,
                     size_t *cap)
{
    char ddir[8192];
    snprintf(ddir, sizeof ddir, "%s/%s/docs", clusters, name);
    char **dn = NULL;
    size_t nd = 0;
    const S_item **mine = NULL; /* list mode: this cluster's items */
    if (items) {
        mine = calloc(nitems ? nitems : 1, sizeof *mine);
        if (!mine) return S_fail("out of memory");
        for (size_t i = 0; i < nitems; i++)
            if (!strcmp(items[i].cluster, name)) mine[nd++] = &items[i];
        if (nd == 0 || nd > S_MAX_DOCS) {
            free(mine);
            return S_fail("%s: no article listed (--clusters) or more than %d", name, S_MAX_DOCS);
        }
    } else if (sl_rouge_list(ddir, ".txt", &dn, &nd) != SL_OK || nd == 0 || nd > S_MAX_DOCS)
        return S_fail("%s: no documents (*.txt) or more than %d", ddir, S_MAX_DOCS);
    sl_doc **docs = calloc(nd, sizeof *docs);
    sl_sum_doc *sd = calloc(nd, sizeof *sd);
    sl_dis_doc *xd = calloc(nd, sizeof *xd);
    sl_span **spans = calloc(nd, sizeof *spans);
    sl_dis_quote **qs = calloc(nd, sizeof *qs);
    S_name *names = NULL;
    size_t nn = 0, ncap = 0, n = 0;
    int rc = docs && sd && xd && spans && qs ? 0 : S_fail("out of memory");
    for (size_t i = 0; !rc && i < nd; i++) {
        char path[16384], published[32], id[256];
        if (mine && mine[i]->path[0] == '/') snprintf(path, sizeof path, "%s", mine[i]->path);
        else if (mine) snprintf(path, sizeof path, "%s/%s", clusters, mine[i]->path);
        else snprintf(path, sizeof path, "%s/%s", ddir, dn[i]);
        char *data = NULL;
        size_t len = 0;
        if (sl_read_file(path, SL_MAX_INPUT_BYTES, &data, &len) != SL_OK) { rc = S_fail("%s: cannot read", path); break; }
        sl_input in = {0};
        in.path = path;
        if (mine) {
            /* a plain article: the whole file is the body, as `storyline extract` reads it */
            const char *base = strrchr(path, '/');
            base = base ? base + 1 : path;
            size_t bl = strlen(base);
            if (bl > 4 && !strcmp(base + bl - 4, ".txt")) bl -= 4;
            snprintf(id, sizeof id, "%.*s", (int)SL_MIN(bl, sizeof id - 1), base);
            in.id = id;
            if (mine[i]->date) {
                snprintf(published, sizeof published, "%s", mine[i]->date);
                in.published = published;
            }
            in.data = data;
            in.len = len;
            in.format = SL_FORMAT_TEXT;
        } else
            S_parse(data, len, &in, published);
        sl_doc *d = NULL;
        char err[512] = "";
        sl_status st = sl_doc_process(eng, &in, &d, err, sizeof err);
        free(data);
        if (st != SL_OK) { fprintf(stderr, "storyline eval disagree: %s: skipped (%s)\n", path, err[0] ? err : sl_strerror(st)); continue; }
        docs[n] = d;
        spans[n] = malloc((d->sentences.n ? d->sentences.n : 1) * sizeof **spans);
        qs[n] = malloc((d->quotes.n ? d->quotes.n : 1) * sizeof **qs);
        if (!spans[n] || !qs[n]) { rc = S_fail("out of memory"); n++; break; }
        for (size_t k = 0; k < d->sentences.n; k++) spans[n][k] = d->sentences.v[k].span;
        for (size_t k = 0; k < d->quotes.n; k++) {
            const sl_quote *q = &d->quotes.v[k];
            const char *spk = NULL;
            if (q->entity >= 0 && (size_t)q->entity < d->entities.n) spk = d->entities.v[q->entity].name;
            else if (q->speaker.end > q->speaker.start)
                spk = sl_arena_strndup(&d->arena, d->text + q->speaker.start, q->speaker.end - q->speaker.start);
            qs[n][k] = (sl_dis_quote){q->span, spk};
        }
        sd[n] = (sl_sum_doc){d->id, d->published, d->text, d->text_len, spans[n], d->sentences.n, false};
        xd[n] = (sl_dis_doc){qs[n], d->quotes.n, d->dates.v, d->dates.n};
        for (size_t k = 0; k < d->entities.n; k++) {
            const sl_entity *e = &d->entities.v[k];
            size_t j;
            for (j = 0; j < nn && strcmp(names[j].name, e->name); j++) {}
            if (j < nn) { names[j].mentions += e->mentions; continue; }
            if (nn == ncap) {
                size_t nc = ncap ? 2 * ncap : 64;
                S_name *t = realloc(names, nc * sizeof *t);
                if (!t) { rc = S_fail("out of memory"); break; }
                names = t;
                ncap = nc;
            }
            names[nn++] = (S_name){e->name, e->type, e->mentions};
        }
        n++;
    }
    sl_dis *g = NULL;
    size_t ng = 0;
    if (!rc) {
        if (nn) qsort(names, nn, sizeof *names, S_cmp_name);
        sl_dis_name dn2[S_NAMES];
        size_t k2 = SL_MIN(nn, (size_t)S_NAMES);
        for (size_t k = 0; k < k2; k++) dn2[k] = (sl_dis_name){names[k].name, names[k].type};
        sl_status st = sl_summary_disagree(sd, xd, n, dn2, k2, SL_DISAGREE_MAX, &g, &ng);
        if (st != SL_OK) rc = S_fail("%s: %s", name, sl_strerror(st));
    }
    for (size_t i = 0; !rc && i < ng; i++) {
        const sl_dis *x = &g[i];
        if (list) printf("%s %s \"%s\"\n", name, sl_dis_kind_name((sl_dis_kind)x->kind), x->what);
        for (size_t a = 0; list && a < x->nsides; a++) {
            const sl_dis_side *s = &x->sides[a];
            printf("    %s %u %u [%s] %s: %.*s\n", sd[s->doc].id, s->span.start, s->span.end,
                   s->speaker ? s->speaker : "-", s->value, (int)SL_MIN(s->span.end - s->span.start, 160u),
                   sd[s->doc].text + s->span.start);
        }
        for (size_t a = 0; !rc && a < x->nsides; a++)
            for (size_t b = a + 1; !rc && b < x->nsides; b++) {
                const sl_dis_side *p = &x->sides[a], *q = &x->sides[b];
                if (!sl_dis_sides_conflict(x, a, b)) continue;
                if (*npairs == *cap) {
                    size_t nc = *cap ? 2 * *cap : 64;
                    sl_dpair *t = realloc(*pairs, nc * sizeof *t);
                    if (!t) { rc = S_fail("out of memory"); break; }
                    *pairs = t;
                    *cap = nc;
                }
                (*pairs)[(*npairs)++] = (sl_dpair){sd[p->doc].id, sd[q->doc].id, p->span.start, p->span.end,
                                                   q->span.start, q->span.end, true};
                /* one line per conflicting pair, in the labels' column order (for pooling) */
                if (list)
                    printf("  pair\t%s\t%s\t%u\t%u\t%s\t%u\t%u\t%s\n", name, sd[p->doc].id, p->span.start, p->span.end,
                           sd[q->doc].id, q->span.start, q->span.end, sl_dis_kind_name((sl_dis_kind)x->kind));
            }
    }
    free(g);
    /* the documents stay alive for the ids the pairs point at */
    sl_doc **k = realloc(*keep, (*nkeep + n + 1) * sizeof *k);
    if (k) {
        *keep = k;
        for (size_t i = 0; i < n; i++) k[(*nkeep)++] = docs[i];
    } else {
        for (size_t i = 0; i < n; i++) sl_doc_free(docs[i]);
        if (!rc) rc = S_fail("out of memory");
    }
    for (size_t i = 0; i < nd; i++) {
        if (spans) free(spans[i]);
        if (qs) free(qs[i]);
    }
    free(docs);
    free(sd);
    free(xd);
    free(spans);
    free(qs);
    free(names);
    if (dn) sl_rouge_names_free(dn, nd);
    free(mine);
    return rc;
}

int sl_eval_disagree(int argc, char **argv)
{
    const char *data = NULL, *labels = NULL, *clist = NULL;
    bool json = false, list = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_usage, stdout); return 0; }
        else if (!strcmp(a, "--json")) json = true;
        else if (!strcmp(a, "--list")) list = true;
        else if (i + 1 < argc && !strcmp(a, "--data")) data = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--labels")) labels = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--clusters")) clist = argv[++i];
        else { fputs(S_usage, stderr); return S_fail("unknown or incomplete option '%s'", a); }
    }
    if (!data || !labels) { fputs(S_usage, stderr); return S_fail("--data and --labels are required"); }
    char clusters[4096];
    snprintf(clusters, sizeof clusters, "%s/clusters", data);
    if (clist || !S_isdir(clusters)) snprintf(clusters, sizeof clusters, "%s", data);
    if (!S_isdir(clusters)) return S_fail("%s: no such folder (--data)", data);
    char *lbuf = NULL;
    S_item *items = NULL;
    size_t nitems = 0;
    if (clist && S_read_list(clist, &lbuf, &items, &nitems)) return 1;
    if (clist && !nitems) { free(items); free(lbuf); return S_fail("%s: no articles listed", clist); }
    S_label *lab = NULL;
    size_t nl = 0;
    if (S_read_labels(labels, &lab, &nl)) { free(items); free(lbuf); return 1; }
    if (!nl) { free(lab); free(items); free(lbuf); return S_fail("%s: no labels", labels); }
    sl_engine *eng = NULL;
    sl_status st = sl_engine_new(&eng);
    if (st != SL_OK) {
        free(lab);
        free(items);
        free(lbuf);
        return S_fail("cannot load the engine: %s", sl_strerror(st));
    }
    sl_doc **keep = NULL;
    size_t nkeep = 0, np = 0, cap = 0, nclusters = 0;
    sl_dpair *pairs = NULL;
    int rc = 0;
    for (size_t i = 0; !rc && i < nl; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = !strcmp(lab[j].cluster, lab[i].cluster);
        if (seen) continue;
        nclusters++;
        rc = S_cluster(eng, clusters, lab[i].cluster, items, nitems, list, &keep, &nkeep, &pairs, &np, &cap);
    }
    if (!rc) {
        sl_dpair *lp = malloc(nl * sizeof *lp);
        if (!lp) rc = S_fail("out of memory");
        for (size_t i = 0; lp && i < nl; i++) lp[i] = lab[i].p;
        sl_dscore sc;
        if (lp) {
            sl_dscore_compute(lp, nl, pairs, np, &sc);
            printf("clusters %zu, labelled disagreements %zu (+ %zu that agree), reported pairs %zu\n", nclusters,
                   sc.labelled, sc.agree_labelled, sc.found);
            printf("precision %.2f (%zu/%zu)  recall %.2f (%zu/%zu)  F1 %.2f  agree pairs flagged %zu\n", sc.precision,
                   sc.found_correct, sc.found, sc.recall, sc.recalled, sc.labelled, sc.f1, sc.agree_flagged);
            if (json)
                printf("{\"precision\":%.2f,\"recall\":%.2f,\"f1\":%.2f,\"labelled\":%zu,\"found\":%zu,\"matched\":%zu,"
                       "\"recalled\":%zu,\"agree_labelled\":%zu,\"agree_flagged\":%zu,\"clusters\":%zu}\n",
                       sc.precision, sc.recall, sc.f1, sc.labelled, sc.found, sc.found_correct, sc.recalled,
                       sc.agree_labelled, sc.agree_flagged, nclusters);
        }
        free(lp);
    }
    for (size_t i = 0; i < nkeep; i++) sl_doc_free(keep[i]);
    free(keep);
    free(pairs);
    free(lab);
    free(items);
    free(lbuf);
    sl_engine_free(eng);
    return rc;
}
