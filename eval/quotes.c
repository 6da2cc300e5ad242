/*
 * quotes.c — `storyline eval quotes`: quote + speaker attribution on PolNeAR (see quotes.h for
 * the scoring rules). Runs the whole pipeline on each article of DIR/text, reads one
 * annotation file per article from DIR/attributions (the first by name when several
 * annotators did it), and prints precision/recall/F1 overall and for direct quotes.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval/eval.h"
#include "eval/quotes.h"
#include "model/doc.h"
#include "storyline.h"
#include "core/core.h"

static bool S_overlap(const sl_qe_span *a, int na, const sl_qe_span *b, int nb)
{
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (a[i].start < b[j].end && b[j].start < a[i].end) return true;
    return false;
}

/* The same speaker named at another place: the last word of the predicted speaker (a
 * surname; the entity's name when resolved, else or also the words of its span) is a word of
 * the gold source, ASCII case-insensitive; pronouns never match this way. */
static bool S_last_word_in(const char *name, const char *words)
{
    if (!name[0] || !words[0]) return false;
    const char *last = strrchr(name, ' ');
    last = last ? last + 1 : name;
    size_t ll = strlen(last);
    if (ll < 2) return false;
    /* a pronoun at another place says nothing about who it is */
    static const char *const pron[] = {"he", "she", "they", "we", "it", "him", "her", "them", "us", "me", NULL};
    for (int k = 0; pron[k]; k++)
        if (!strcasecmp(last, pron[k])) return false;
    for (const char *w = words; *w;) {
        while (*w == ' ') w++;
        const char *e = w;
        while (*e && *e != ' ') e++;
        if ((size_t)(e - w) == ll && !strncasecmp(w, last, ll)) return true;
        w = e;
    }
    return false;
}

static bool S_same_speaker(const sl_qe_item *p, const sl_qe_item *g)
{
    return S_last_word_in(p->sname, g->sname) || S_last_word_in(p->sname2, g->sname);
}

void sl_qe_score(const sl_qe_item *gold, size_t ng, const sl_qe_item *pred, size_t np, sl_qe_counts *c)
{
    bool *g_hit = calloc(ng ? ng : 1, 1), *gd_hit = calloc(ng ? ng : 1, 1);
    if (!g_hit || !gd_hit) { free(g_hit); free(gd_hit); return; }
    c->gold += ng;
    c->pred += np;
    for (size_t i = 0; i < ng; i++) c->dgold += gold[i].direct;
    for (size_t j = 0; j < np; j++) {
        const sl_qe_item *p = &pred[j];
        c->dpred += p->direct;
        bool hit = false, dhit = false;
        for (size_t i = 0; i < ng && !(hit && (dhit || !p->direct)); i++) {
            const sl_qe_item *g = &gold[i];
            if (!S_overlap(p->content, p->ncontent, g->content, g->ncontent)) continue;
            if (!S_overlap(p->source, p->nsource, g->source, g->nsource) && !S_same_speaker(p, g)) continue;
            if (!hit && !g_hit[i]) { g_hit[i] = true; hit = true; }
            if (p->direct && g->direct && !dhit && !gd_hit[i]) { gd_hit[i] = true; dhit = true; }
        }
        c->hit_pred += hit;
        c->dhit_pred += dhit;
    }
    for (size_t i = 0; i < ng; i++) { c->hit_gold += g_hit[i]; c->dhit_gold += gd_hit[i]; }
    free(g_hit);
    free(gd_hit);
}

void sl_qe_prf(size_t hit_pred, size_t pred, size_t hit_gold, size_t gold, double *p, double *r, double *f)
{
    *p = pred ? 100.0 * (double)hit_pred / (double)pred : 0.0;
    *r = gold ? 100.0 * (double)hit_gold / (double)gold : 0.0;
    *f = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

/* Byte offset of code point `cp` in s (or len). */
static size_t S_cp_to_byte(const char *s, size_t len, uint32_t cp)
{
    size_t b = 0;
    for (uint32_t k = 0; b < len && k < cp; k++) {
        b++;
        while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80) b++;
    }
    return b;
}

static bool S_is_dq(const char *s, size_t len, size_t b)
{
    if (b >= len) return false;
    if (s[b] == '"') return true;
    return b + 2 < len && (unsigned char)s[b] == 0xE2 && (unsigned char)s[b + 1] == 0x80 &&
           ((unsigned char)s[b + 2] == 0x9C || (unsigned char)s[b + 2] == 0x9D);
}

/* Direct: a double quote mark ('' counts too: NYT texts use it) at either edge of the
 * content, looking two characters outside and three inside, so that the rule judges gold
 * spans (marks included or not) and predicted spans (letters only) the same way. */
static bool S_direct1(const char *txt, size_t tlen, uint32_t a, uint32_t e)
{
    if (e <= a) return false;
    uint32_t lo1 = a >= 2 ? a - 2 : 0, hi1 = a + 3, lo2 = e >= 3 ? e - 3 : 0, hi2 = e + 2;
    size_t b = S_cp_to_byte(txt, tlen, lo1);
    for (uint32_t cp = lo1; cp < hi2 && b < tlen; cp++) {
        bool in = (cp < hi1) || (cp >= lo2);
        if (in && (S_is_dq(txt, tlen, b) || (txt[b] == '\'' && b + 1 < tlen && txt[b + 1] == '\''))) return true;
        if (cp + 1 == hi1 && lo2 > hi1) { b = S_cp_to_byte(txt, tlen, lo2); cp = lo2 - 1; continue; }
        b++;
        while (b < tlen && ((unsigned char)txt[b] & 0xC0) == 0x80) b++;
    }
    return false;
}

/* Pieces may come in any order ("A" he said "B" is annotated B;A at times): any piece
 * with a mark at an edge makes the content direct. */
static bool S_direct(const char *txt, size_t tlen, const sl_qe_span *pieces, int n)
{
    if (!txt) return false;
    for (int i = 0; i < n; i++)
        if (S_direct1(txt, tlen, pieces[i].start, pieces[i].end)) return true;
    return false;
}

/* Words of s[0..n) (letters, digits, inner apostrophes) joined by single spaces. */
static void S_words_of(const char *s, size_t n, char out[64])
{
    size_t o = 0;
    bool sp = false;
    for (size_t i = 0; i < n && o + 2 < 64; i++) {
        unsigned char c = (unsigned char)s[i];
        bool w = (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
        if (c == 0xE2 && i + 2 < n) w = false, i += 2; /* curly quotes, dashes */
        if (!w) { sp = o > 0; continue; }
        if (sp) { out[o++] = ' '; sp = false; }
        out[o++] = (char)c;
    }
    out[o] = 0;
}

typedef struct {
    char id[16];
    char type[32];
    sl_qe_span sp[SL_QE_MAX_PIECES];
    int n;
} S_tline;

long sl_qe_parse_ann(const char *ann, size_t alen, const char *txt, size_t tlen, sl_qe_item **out)
{
    S_tline *t = NULL;
    size_t nt = 0, ct = 0;
    sl_qe_item *items = NULL;
    size_t ni = 0, ci = 0;
    const char *p = ann, *end = ann + alen;
    /* pass 1: T lines; pass 2: E lines (E lines may come before their T lines) */
    for (int pass = 0; pass < 2; pass++) {
        p = ann;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *le = nl ? nl : end;
            if (pass == 0 && *p == 'T') {
                if (nt == ct) {
                    ct = ct ? ct * 2 : 64;
                    S_tline *n2 = realloc(t, ct * sizeof *t);
                    if (!n2) { free(t); free(items); return -1; }
                    t = n2;
                }
                S_tline x;
                memset(&x, 0, sizeof x);
                const char *q = p;
                size_t k = 0;
                while (q < le && *q != '\t' && k + 1 < sizeof x.id) x.id[k++] = *q++;
                if (q < le) q++;
                k = 0;
                while (q < le && *q != ' ' && k + 1 < sizeof x.type) x.type[k++] = *q++;
                /* "start end[;start end...]" then a tab */
                while (q < le && *q != '\t' && x.n < SL_QE_MAX_PIECES) {
                    while (q < le && (*q == ' ' || *q == ';')) q++;
                    char *e1;
                    unsigned long s0 = strtoul(q, &e1, 10);
                    if (e1 == q) break;
                    q = e1;
                    while (q < le && *q == ' ') q++;
                    unsigned long s1 = strtoul(q, &e1, 10);
                    if (e1 == q) break;
                    q = e1;
                    x.sp[x.n].start = (uint32_t)s0;
                    x.sp[x.n].end = (uint32_t)s1;
                    x.n++;
                }
                t[nt++] = x;
            } else if (pass == 1 && *p == 'E') {
                /* "E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1" */
                sl_qe_item it;
                memset(&it, 0, sizeof it);
                const char *q = memchr(p, '\t', (size_t)(le - p));
                while (q && q < le) {
                    while (q < le && (*q == ' ' || *q == '\t')) q++;
                    const char *colon = memchr(q, ':', (size_t)(le - q));
                    if (!colon) break;
                    const char *ide = colon + 1;
                    while (ide < le && *ide != ' ') ide++;
                    size_t rl = (size_t)(colon - q), il = (size_t)(ide - colon - 1);
                    for (size_t k = 0; k < nt; k++) {
                        if (strlen(t[k].id) != il || memcmp(t[k].id, colon + 1, il)) continue;
                        if (rl == 7 && !memcmp(q, "Content", 7)) {
                            memcpy(it.content, t[k].sp, sizeof it.content);
                            it.ncontent = t[k].n;
                        } else if (rl == 6 && !memcmp(q, "Source", 6)) {
                            memcpy(it.source, t[k].sp, sizeof it.source);
                            it.nsource = t[k].n;
                        }
                        break;
                    }
                    q = ide;
                }
                if (it.ncontent && it.nsource) {
                    it.direct = S_direct(txt, tlen, it.content, it.ncontent);
                    if (txt) {
                        size_t sb = S_cp_to_byte(txt, tlen, it.source[0].start);
                        size_t se = S_cp_to_byte(txt, tlen, it.source[0].end);
                        S_words_of(txt + sb, se > sb ? se - sb : 0, it.sname);
                    }
                    if (ni == ci) {
                        ci = ci ? ci * 2 : 32;
                        sl_qe_item *n2 = realloc(items, ci * sizeof *items);
                        if (!n2) { free(t); free(items); return -1; }
                        items = n2;
                    }
                    items[ni++] = it;
                }
            }
            p = le + 1;
        }
    }
    free(t);
    *out = items;
    return (long)ni;
}

/* ---- alignment of the normalized text back to the original ------------------------------- */

typedef struct {
    uint32_t *ocp;          /* per aligned letter: code point index in the original */
    uint32_t *nb, *ne;      /* its byte span in the normalized text */
    size_t n;
} S_align;

static int32_t S_fold(int32_t cp) { return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp; }
static bool S_alnum(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0xC0;
}

typedef struct { int32_t cp; uint32_t pos, end; } S_ch;

static size_t S_skeleton(const char *s, size_t len, bool bytes, S_ch **out)
{
    S_ch *v = malloc((len + 1) * sizeof *v);
    size_t n = 0;
    uint32_t cpi = 0;
    if (!v) return 0;
    for (size_t b = 0; b < len;) {
        int32_t cp;
        int l = sl_utf8_decode(s + b, len - b, &cp);
        if (l < 1) l = 1;
        if (S_alnum(cp) && !(cp >= 0x2000 && cp <= 0x206F)) {
            v[n].cp = S_fold(cp);
            v[n].pos = bytes ? (uint32_t)b : cpi;
            v[n].end = (uint32_t)(b + (size_t)l);
            n++;
        }
        b += (size_t)l;
        cpi++;
    }
    *out = v;
    return n;
}

static bool S_align_build(const char *orig, size_t olen, const char *norm, size_t nlen, S_align *al)
{
    S_ch *a = NULL, *b = NULL;
    size_t na = S_skeleton(orig, olen, false, &a), nb = S_skeleton(norm, nlen, true, &b);
    memset(al, 0, sizeof *al);
    al->ocp = malloc((na + 1) * sizeof(uint32_t));
    al->nb = malloc((na + 1) * sizeof(uint32_t));
    al->ne = malloc((na + 1) * sizeof(uint32_t));
    if (!a || !b || !al->ocp || !al->nb || !al->ne) { free(a); free(b); return false; }
    size_t i = 0, j = 0;
    const size_t K = 8, LOOK = 400;
    while (i < na && j < nb) {
        if (a[i].cp == b[j].cp) {
            al->ocp[al->n] = a[i].pos;
            al->nb[al->n] = b[j].pos;
            al->ne[al->n] = b[j].end;
            al->n++;
            i++, j++;
            continue;
        }
        /* resync: the original has text the normalized lost (a title line), or the reverse */
        bool done = false;
        for (size_t d = 1; d < LOOK && !done; d++) {
            if (i + d + K <= na) {
                size_t k = 0;
                while (k < K && j + k < nb && a[i + d + k].cp == b[j + k].cp) k++;
                if (k == K) { i += d; done = true; break; }
            }
            if (j + d + K <= nb) {
                size_t k = 0;
                while (k < K && i + k < na && a[i + k].cp == b[j + d + k].cp) k++;
                if (k == K) { j += d; done = true; break; }
            }
        }
        if (!done) i++, j++;
    }
    free(a);
    free(b);
    return true;
}

static void S_align_free(S_align *al)
{
    free(al->ocp);
    free(al->nb);
    free(al->ne);
}

/* Normalized byte span -> original code point span via the aligned letters inside it. */
static bool S_map_back(const S_align *al, uint32_t bs, uint32_t be, sl_qe_span *out)
{
    /* nb is increasing: binary search the first aligned letter at or after bs */
    size_t lo = 0, hi = al->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (al->nb[mid] < bs) lo = mid + 1;
        else hi = mid;
    }
    if (lo >= al->n || al->nb[lo] >= be) return false;
    size_t last = lo;
    while (last + 1 < al->n && al->nb[last + 1] < be) last++;
    out->start = al->ocp[lo];
    out->end = al->ocp[last] + 1;
    return true;
}

static void S_put_span(const char *txt, size_t tlen, sl_qe_span s, int max)
{
    size_t a = S_cp_to_byte(txt, tlen, s.start), e = S_cp_to_byte(txt, tlen, s.end);
    int l = (int)(e - a);
    if (l > max) l = max;
    fprintf(stderr, "%.*s", l, txt + a);
}

/* Direct quotes that missed, on both sides, for error analysis. */
static void S_show_misses(const char *name, const char *txt, size_t tlen, const sl_qe_item *g, size_t ng,
                          const sl_qe_item *p, size_t np)
{
    sl_progress_clear();
    for (size_t j = 0; j < np; j++) {
        if (!p[j].direct) continue;
        bool hit = false;
        for (size_t i = 0; i < ng && !hit; i++)
            hit = g[i].direct && S_overlap(p[j].content, p[j].ncontent, g[i].content, g[i].ncontent) &&
                  (S_overlap(p[j].source, p[j].nsource, g[i].source, g[i].nsource) || S_same_speaker(&p[j], &g[i]));
        if (hit) continue;
        fprintf(stderr, "FP %s: [", name);
        S_put_span(txt, tlen, p[j].content[0], 70);
        fprintf(stderr, "] speaker [");
        if (p[j].nsource) S_put_span(txt, tlen, p[j].source[0], 40);
        fprintf(stderr, "] gold:");
        for (size_t i = 0; i < ng; i++)
            if (S_overlap(p[j].content, p[j].ncontent, g[i].content, g[i].ncontent)) {
                fprintf(stderr, " %s[", g[i].direct ? "D" : "I");
                S_put_span(txt, tlen, g[i].source[0], 40);
                fprintf(stderr, "]");
            }
        fprintf(stderr, "\n");
    }
    for (size_t i = 0; i < ng; i++) {
        if (!g[i].direct) continue;
        bool hit = false;
        for (size_t j = 0; j < np && !hit; j++)
            hit = p[j].direct && S_overlap(p[j].content, p[j].ncontent, g[i].content, g[i].ncontent) &&
                  (S_overlap(p[j].source, p[j].nsource, g[i].source, g[i].nsource) || S_same_speaker(&p[j], &g[i]));
        bool any = false;
        for (size_t j = 0; j < np && !any; j++) any = S_overlap(p[j].content, p[j].ncontent, g[i].content, g[i].ncontent);
        if (hit) continue;
        fprintf(stderr, "FN%s %s: [", any ? "" : "0", name);
        S_put_span(txt, tlen, g[i].content[0], 70);
        fprintf(stderr, "] source [");
        S_put_span(txt, tlen, g[i].source[0], 40);
        fprintf(stderr, "]\n");
    }
}

/* ---- the command ------------------------------------------------------------------------ */

static const char S_usage[] =
    "usage: storyline eval quotes --data DIR [--limit N] [--json]\n"
    "\n"
    "Runs the pipeline on DIR/text/*.txt (PolNeAR layout) and scores the quotes against\n"
    "DIR/attributions/*.ann: a hit is a predicted quote whose content overlaps a gold content\n"
    "and whose speaker overlaps the gold source. Prints precision, recall and F1, overall and\n"
    "for direct (quote-marked) quotes.\n"
    "  --limit N   only the first N articles (by name)\n"
    "  --verbose   print each direct quote that missed (predicted and gold) to stderr\n"
    "  --json      last line: {\"articles\",\"gold\",\"predicted\",\"precision\",\"recall\",\"f1\",\n"
    "              \"direct_precision\",\"direct_recall\",\"direct_f1\"}\n";

static int S_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char **S_list(const char *dir, const char *suffix, size_t *n)
{
    DIR *dp = opendir(dir);
    if (!dp) return NULL;
    char **v = NULL;
    size_t c = 0;
    *n = 0;
    struct dirent *de;
    size_t sl = strlen(suffix);
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l <= sl || strcmp(de->d_name + l - sl, suffix)) continue;
        if (*n == c) {
            c = c ? c * 2 : 256;
            char **v2 = realloc(v, c * sizeof *v);
            if (!v2) break;
            v = v2;
        }
        v[(*n)++] = strdup(de->d_name);
    }
    closedir(dp);
    if (v) qsort(v, *n, sizeof *v, S_cmp);
    return v;
}

int sl_eval_quotes(int argc, char **argv)
{
    const char *data = NULL;
    bool json = false, verbose = false;
    long limit = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_usage, stdout); return 0; }
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = atol(argv[++i]);
        else if (!strcmp(argv[i], "--json")) json = true;
        else if (!strcmp(argv[i], "--verbose")) verbose = true;
        else {
            fprintf(stderr, "storyline eval quotes: unknown or incomplete option '%s'\n%s", argv[i], S_usage);
            return 1;
        }
    }
    if (!data) { fprintf(stderr, "storyline eval quotes: --data is required\n%s", S_usage); return 1; }
    char tdir[4096], adir[4096];
    snprintf(tdir, sizeof tdir, "%s/text", data);
    snprintf(adir, sizeof adir, "%s/attributions", data);
    size_t ntx = 0, nan = 0;
    char **txs = S_list(tdir, ".txt", &ntx), **anns = S_list(adir, ".ann", &nan);
    if (!txs || !anns) {
        fprintf(stderr, "storyline eval quotes: %s has no text/ and attributions/ folders\n", data);
        return 1;
    }
    sl_engine *e = NULL;
    if (sl_engine_new(&e) != SL_OK) { fprintf(stderr, "storyline eval quotes: cannot load the engine\n"); return 1; }
    sl_qe_counts c;
    memset(&c, 0, sizeof c);
    size_t articles = 0, ai;
    int rc = 0;
    sl_progress prog;
    sl_progress_start(&prog, "eval quotes", "articles", limit < 0 || (size_t)limit > ntx ? (double)ntx : (double)limit);
    for (size_t k = 0; k < ntx && (limit < 0 || (long)articles < limit); k++) {
        sl_progress_update(&prog, (double)articles);
        size_t bl = strlen(txs[k]) - 4;
        /* the first annotation file "<base>_<annotator>.ann" (names sort differently from
         * their bases, '-' < '.' < '_', so search rather than walk in step) */
        for (ai = 0; ai < nan; ai++)
            if (!strncmp(anns[ai], txs[k], bl) && anns[ai][bl] == '_') break;
        if (ai >= nan) continue;
        char path[8192];
        char *txt = NULL, *ann = NULL;
        size_t tlen = 0, alen = 0;
        snprintf(path, sizeof path, "%s/%s", tdir, txs[k]);
        if (sl_read_file(path, SL_MAX_INPUT_BYTES, &txt, &tlen) != SL_OK) continue;
        snprintf(path, sizeof path, "%s/%s", adir, anns[ai]);
        if (sl_read_file(path, SL_MAX_INPUT_BYTES, &ann, &alen) != SL_OK) { free(txt); continue; }
        sl_qe_item *gold = NULL, *pred = NULL;
        long ng = sl_qe_parse_ann(ann, alen, txt, tlen, &gold);
        sl_input in;
        memset(&in, 0, sizeof in);
        in.data = txt;
        in.len = tlen;
        in.format = SL_FORMAT_TEXT;
        in.path = txs[k];
        sl_doc *d = NULL;
        char err[256];
        if (ng >= 0 && sl_doc_process(e, &in, &d, err, sizeof err) == SL_OK) {
            S_align al;
            pred = calloc(d->quotes.n + 1, sizeof *pred);
            size_t np = 0;
            if (pred && S_align_build(txt, tlen, d->text, d->text_len, &al)) {
                for (size_t q = 0; q < d->quotes.n; q++) {
                    const sl_quote *qq = &d->quotes.v[q];
                    sl_qe_item it;
                    memset(&it, 0, sizeof it);
                    it.direct = qq->direct;
                    if (!S_map_back(&al, qq->span.start, qq->span.end, &it.content[0])) continue;
                    it.ncontent = 1;
                    /* judged by the same textual rule as the gold (see S_direct) */
                    it.direct = S_direct(txt, tlen, it.content, 1);
                    if (qq->speaker.end > qq->speaker.start &&
                        S_map_back(&al, qq->speaker.start, qq->speaker.end, &it.source[0]))
                        it.nsource = 1;
                    if (qq->entity >= 0 && (size_t)qq->entity < d->entities.n && d->entities.v[qq->entity].name)
                        S_words_of(d->entities.v[qq->entity].name, strlen(d->entities.v[qq->entity].name), it.sname);
                    if (qq->speaker.end > qq->speaker.start)
                        S_words_of(d->text + qq->speaker.start, qq->speaker.end - qq->speaker.start,
                                   it.sname[0] ? it.sname2 : it.sname);
                    pred[np++] = it;
                }
                S_align_free(&al);
            }
            if (verbose) S_show_misses(txs[k], txt, tlen, gold, (size_t)ng, pred, np);
            sl_qe_score(gold, (size_t)ng, pred, np, &c);
            articles++;
            sl_doc_free(d);
        } else {
            sl_progress_clear();
            fprintf(stderr, "storyline eval quotes: %s: %s\n", txs[k], err);
        }
        free(gold);
        free(pred);
        free(txt);
        free(ann);
    }
    sl_progress_update(&prog, (double)articles);
    sl_progress_end(&prog);
    double p, r, f, dp, dr, df;
    sl_qe_prf(c.hit_pred, c.pred, c.hit_gold, c.gold, &p, &r, &f);
    sl_qe_prf(c.dhit_pred, c.dpred, c.dhit_gold, c.dgold, &dp, &dr, &df);
    printf("articles %zu, gold relations with a source %zu (direct %zu), predicted %zu (direct %zu)\n", articles,
           c.gold, c.dgold, c.pred, c.dpred);
    printf("all      P %6.2f  R %6.2f  F1 %6.2f\n", p, r, f);
    printf("direct   P %6.2f  R %6.2f  F1 %6.2f\n", dp, dr, df);
    if (json)
        printf("{\"articles\":%zu,\"gold\":%zu,\"predicted\":%zu,\"precision\":%.2f,\"recall\":%.2f,\"f1\":%.2f,"
               "\"direct_gold\":%zu,\"direct_predicted\":%zu,\"direct_precision\":%.2f,\"direct_recall\":%.2f,"
               "\"direct_f1\":%.2f}\n",
               articles, c.gold, c.pred, p, r, f, c.dgold, c.dpred, dp, dr, df);
    for (size_t k = 0; k < ntx; k++) free(txs[k]);
    for (size_t k = 0; k < nan; k++) free(anns[k]);
    free(txs);
    free(anns);
    sl_engine_free(e);
    return rc;
}
