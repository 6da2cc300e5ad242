/*
 * rouge.c — the ROUGE scorer (ROUGE-1.5.5 semantics, see rouge.h) and `storyline eval rouge`.
 *
 * `storyline eval rouge --refs CLUSTERS --peers DIR` scores every DIR/<topic>.txt against
 * CLUSTERS/<topic>/refs/ *.txt and prints per-topic and mean ROUGE-1/2/4. `eval summ` reuses
 * the same functions, so Storyline's summaries and the baselines are scored by one code path,
 * the one tests/cli/rouge_check.sh holds to ROUGE-1.5.5's published output.
 *
 * Bad input is never a silent zero: a missing folder, a topic without references, a peer for
 * an unknown topic and an empty summary are errors that name the file.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "eval/eval.h"
#include "eval/rouge.h"

struct sl_rouge {
    sl_map exc; /* inflected form -> malloc'd base form */
};

/* ---- exceptions --------------------------------------------------------------------------- */

sl_rouge *sl_rouge_new_empty(void)
{
    sl_rouge *r = calloc(1, sizeof *r);
    if (r) sl_map_init(&r->exc);
    return r;
}

void sl_rouge_free(sl_rouge *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->exc.cap; i++)
        if (r->exc.slots[i].key) free(r->exc.slots[i].val);
    sl_map_free(&r->exc);
    free(r);
}

sl_status sl_rouge_add_exception(sl_rouge *r, const char *word, const char *base)
{
    bool created = false;
    sl_map_entry *e = sl_map_put(&r->exc, word, strlen(word), &created);
    if (!e) return SL_ENOMEM;
    char *v = strdup(base);
    if (!v) return SL_ENOMEM;
    if (!created) free(e->val);
    e->val = v;
    return e->val ? SL_OK : SL_ENOMEM;
}

/* One WordNet .exc file: "inflected base [base...]" per line; the first base is used. A word
 * listed twice keeps its last entry, files read in the order adj, adv, noun, verb: so "best"
 * and "better" give "well" (adv.exc), not "good" (adj.exc), which is what ROUGE's published
 * scores require. */
static sl_status S_load_exc(sl_rouge *r, const char *path, char *err, size_t errlen)
{
    char *data = NULL;
    size_t len = 0;
    sl_status st = sl_read_file(path, 8u << 20, &data, &len);
    if (st != SL_OK) {
        snprintf(err, errlen, "%s: cannot read WordNet exception list (%s; install wordnet-base or pass --wordnet DIR)",
                 path, sl_strerror(st));
        return st;
    }
    char *p = data, *end = data + len;
    while (st == SL_OK && p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        *nl = 0;
        char *w = strtok(p, " \t\r");
        char *b = w ? strtok(NULL, " \t\r") : NULL;
        if (w && b) st = sl_rouge_add_exception(r, w, b);
        p = nl + 1;
    }
    free(data);
    return st;
}

sl_status sl_rouge_new(const char *wordnet_dir, sl_rouge **out, char *err, size_t errlen)
{
    static const char *const files[] = {"adj.exc", "adv.exc", "noun.exc", "verb.exc"};
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    sl_rouge *r = sl_rouge_new_empty();
    if (!r) return SL_ENOMEM;
    if (!wordnet_dir) wordnet_dir = SL_ROUGE_DEFAULT_WORDNET;
    for (size_t i = 0; i < SL_ARRAY_LEN(files); i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", wordnet_dir, files[i]);
        sl_status st = S_load_exc(r, path, err, errlen);
        if (st != SL_OK) {
            sl_rouge_free(r);
            return st;
        }
    }
    *out = r;
    return SL_OK;
}

/* ---- tokens ------------------------------------------------------------------------------- */

/* Perl's \s on bytes: ASCII whitespace only. */
static bool S_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool S_alnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
static unsigned char S_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

size_t sl_rouge_count_words(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (!S_space((unsigned char)s[i]) && (i == 0 || S_space((unsigned char)s[i - 1]))) n++;
    return n;
}

static const char *S_exception(const sl_rouge *r, const char *tok, size_t len)
{
    if (!r) return NULL;
    sl_map_entry *e = sl_map_get(&r->exc, tok, len);
    return e ? e->val : NULL;
}

void sl_rouge_stem(const sl_rouge *r, const char *tok, size_t len, char *out, size_t outlen)
{
    if (!outlen) return;
    const char *base = len > 3 ? S_exception(r, tok, len) : NULL;
    if (base) {
        snprintf(out, outlen, "%s", base);
        return;
    }
    size_t k = SL_MIN(len, outlen - 1);
    memcpy(out, tok, k);
    out[k] = 0;
    if (len > 3) sl_porter_stem(out);
}

sl_status sl_rouge_text_init(const sl_rouge *r, const char *s, size_t len, int words, sl_rouge_text *t)
{
    memset(t, 0, sizeof *t);
    sl_buf b;
    sl_buf_init(&b);
    SL_VEC(size_t) offs = {0};
    char low[64];
    size_t i = 0, nw = 0;
    while (i < len) {
        /* -l counts raw whitespace-separated words, before tokenization */
        if (!S_space((unsigned char)s[i]) && (i == 0 || S_space((unsigned char)s[i - 1]))) {
            if (words > 0 && nw == (size_t)words) break;
            nw++;
        }
        if (!S_alnum(S_lower((unsigned char)s[i]))) { i++; continue; }
        size_t j = i;
        while (j < len && S_alnum(S_lower((unsigned char)s[j]))) j++;
        size_t off = b.len;
        size_t tl = j - i;
        const char *base = NULL;
        if (tl > 3 && tl < sizeof low) {
            for (size_t k = 0; k < tl; k++) low[k] = (char)S_lower((unsigned char)s[i + k]);
            base = S_exception(r, low, tl);
        }
        if (base) {
            sl_buf_append(&b, base, strlen(base) + 1);
        } else {
            for (size_t k = i; k < j; k++) sl_buf_putc(&b, (char)S_lower((unsigned char)s[k]));
            sl_buf_putc(&b, 0);
            if (!b.oom && tl > 3) sl_porter_stem(b.data + off);
        }
        if (b.oom || !sl_vec_push(&offs, off)) {
            sl_buf_free(&b);
            sl_vec_free(&offs);
            return SL_ENOMEM;
        }
        i = j;
    }
    t->n = offs.n;
    t->buf = b.data; /* owned now */
    t->tok = malloc((offs.n ? offs.n : 1) * sizeof *t->tok);
    if (!t->tok) {
        sl_buf_free(&b);
        sl_vec_free(&offs);
        memset(t, 0, sizeof *t);
        return SL_ENOMEM;
    }
    for (size_t k = 0; k < offs.n; k++) t->tok[k] = t->buf + offs.v[k];
    sl_vec_free(&offs);
    return SL_OK;
}

void sl_rouge_text_free(sl_rouge_text *t)
{
    if (!t) return;
    free(t->tok);
    free(t->buf);
    memset(t, 0, sizeof *t);
}

/* ---- n-gram counts -------------------------------------------------------------------------- */

static sl_status S_count(const sl_rouge_text *t, int n, sl_map *m)
{
    sl_buf key;
    sl_buf_init(&key);
    for (size_t i = 0; i + (size_t)n <= t->n; i++) {
        sl_buf_reset(&key);
        for (int k = 0; k < n; k++) {
            if (k) sl_buf_putc(&key, ' ');
            sl_buf_puts(&key, t->tok[i + (size_t)k]);
        }
        bool created;
        sl_map_entry *e = key.oom ? NULL : sl_map_put(m, key.data, key.len, &created);
        if (!e) {
            sl_buf_free(&key);
            return SL_ENOMEM;
        }
        e->val = (void *)((uintptr_t)e->val + 1);
    }
    sl_buf_free(&key);
    return SL_OK;
}

sl_status sl_rouge_score_topic(const sl_rouge_text *peer, const sl_rouge_text *refs, size_t nrefs,
                               sl_rouge_score *out)
{
    memset(out, 0, sizeof *out);
    for (int n = 1; n <= SL_ROUGE_MAX_N; n++) {
        sl_map pm;
        sl_map_init(&pm);
        sl_status st = S_count(peer, n, &pm);
        size_t pgrams = peer->n >= (size_t)n ? peer->n - (size_t)n + 1 : 0;
        for (size_t r = 0; st == SL_OK && r < nrefs; r++) {
            sl_map rm;
            sl_map_init(&rm);
            st = S_count(&refs[r], n, &rm);
            for (size_t i = 0; st == SL_OK && i < rm.cap; i++) {
                const sl_map_entry *e = &rm.slots[i];
                if (!e->key) continue;
                const sl_map_entry *pe = sl_map_get(&pm, e->key, e->klen);
                if (pe) out->hit[n] += SL_MIN((uintptr_t)e->val, (uintptr_t)pe->val);
            }
            out->ref_total[n] += refs[r].n >= (size_t)n ? refs[r].n - (size_t)n + 1 : 0;
            out->peer_total[n] += pgrams;
            sl_map_free(&rm);
        }
        sl_map_free(&pm);
        if (st != SL_OK) return st;
        double R = out->ref_total[n] ? (double)out->hit[n] / (double)out->ref_total[n] : 0;
        double P = out->peer_total[n] ? (double)out->hit[n] / (double)out->peer_total[n] : 0;
        out->r[n] = R;
        out->p[n] = P;
        out->f[n] = (P > 0 && R > 0) ? P * R / (0.5 * P + 0.5 * R) : 0;
    }
    return SL_OK;
}

/* ---- folders -------------------------------------------------------------------------------- */

static int S_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void sl_rouge_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
}

sl_status sl_rouge_list(const char *dir, const char *suffix, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return SL_EIO;
    SL_VEC(char *) v = {0};
    size_t sl = strlen(suffix);
    struct dirent *de;
    sl_status st = SL_OK;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < sl || strcmp(de->d_name + l - sl, suffix)) continue;
        if (v.n >= SL_ROUGE_MAX_TOPICS) { st = SL_ELIMIT; break; }
        char *s = strdup(de->d_name);
        if (!s || !sl_vec_push(&v, s)) { free(s); st = SL_ENOMEM; break; }
    }
    closedir(d);
    if (st != SL_OK) {
        sl_rouge_names_free(v.v, v.n);
        return st;
    }
    if (v.n) qsort(v.v, v.n, sizeof *v.v, S_cmp);
    *names = v.v;
    *n = v.n;
    return SL_OK;
}

void sl_rouge_refs_free(sl_rouge_text *refs, size_t nrefs)
{
    for (size_t i = 0; refs && i < nrefs; i++) sl_rouge_text_free(&refs[i]);
    free(refs);
}

/* Reads and prepares one summary file; empty (no token) is an error naming it. */
static sl_status S_read_summary(const sl_rouge *r, const char *path, int words, const char *what,
                                sl_rouge_text *t, char *err, size_t errlen)
{
    char *data = NULL;
    size_t len = 0;
    sl_status st = sl_read_file(path, SL_ROUGE_MAX_BYTES, &data, &len);
    if (st != SL_OK) {
        snprintf(err, errlen, "%s: cannot read %s (%s)", path, what, sl_strerror(st));
        return st;
    }
    st = sl_rouge_text_init(r, data, len, words, t);
    free(data);
    if (st != SL_OK) {
        snprintf(err, errlen, "%s: %s", path, sl_strerror(st));
        return st;
    }
    if (t->n == 0) {
        snprintf(err, errlen, "%s: empty %s (no word to score)", path, what);
        sl_rouge_text_free(t);
        return SL_EEMPTY;
    }
    return SL_OK;
}

sl_status sl_rouge_read_refs(const sl_rouge *r, const char *topic_dir, int words,
                             sl_rouge_text **refs, size_t *nrefs, char *err, size_t errlen)
{
    *refs = NULL;
    *nrefs = 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/refs", topic_dir);
    char **names;
    size_t n;
    sl_status st = sl_rouge_list(dir, ".txt", &names, &n);
    if (st != SL_OK) {
        snprintf(err, errlen, "%s: cannot list the references (%s)", dir, st == SL_EIO ? strerror(errno) : sl_strerror(st));
        return st;
    }
    if (n == 0 || n > SL_ROUGE_MAX_REFS) {
        snprintf(err, errlen, n ? "%s: more than %d references" : "%s: no reference summary (*.txt)", dir, SL_ROUGE_MAX_REFS);
        sl_rouge_names_free(names, n);
        return n ? SL_ELIMIT : SL_EEMPTY;
    }
    sl_rouge_text *v = calloc(n, sizeof *v);
    if (!v) {
        sl_rouge_names_free(names, n);
        return SL_ENOMEM;
    }
    for (size_t i = 0; st == SL_OK && i < n; i++) {
        char path[4096 + 256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        st = S_read_summary(r, path, words, "reference summary", &v[i], err, errlen);
    }
    sl_rouge_names_free(names, n);
    if (st != SL_OK) {
        sl_rouge_refs_free(v, n);
        return st;
    }
    *refs = v;
    *nrefs = n;
    return SL_OK;
}

/* ---- storyline eval rouge ------------------------------------------------------------------- */

static const char S_usage[] =
    "usage: storyline eval rouge --refs CLUSTERS --peers DIR [--words N] [--wordnet DIR]\n"
    "                            [--per-topic] [--json]\n"
    "\n"
    "Scores every DIR/<topic>.txt against CLUSTERS/<topic>/refs/*.txt with ROUGE-1.5.5's\n"
    "-n 4 -m -a -l 100 -x -c 95 -r 1000 -f A -p 0.5 -t 0 (point estimates; no bootstrap).\n"
    "  --words N      the -l cut in words for peers and references (default 100; 0 = none)\n"
    "  --wordnet DIR  WordNet exception lists (default " SL_ROUGE_DEFAULT_WORDNET ")\n"
    "  --per-topic    print `topic<TAB>R1<TAB>R2<TAB>R4` per topic (recall, 5 decimals)\n"
    "  --json         last line: {rouge1,rouge2,rouge4 (recall %), rouge1_r/_p/_f.. (fractions), topics}\n"
    "exit codes: 0 scored, 1 bad usage or bad data (the message names the file).\n";

#define S_fail(...) sl_fail("eval rouge", __VA_ARGS__)
#define S_isdir sl_is_dir

int sl_eval_rouge(int argc, char **argv)
{
    const char *refs_dir = NULL, *peers_dir = NULL, *wordnet = NULL;
    int words = 100;
    bool json = false, per_topic = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_usage, stdout); return 0; }
        else if (!strcmp(a, "--json")) json = true;
        else if (!strcmp(a, "--per-topic")) per_topic = true;
        else if (i + 1 < argc && !strcmp(a, "--refs")) refs_dir = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--peers")) peers_dir = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--wordnet")) wordnet = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--words")) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 0 || v > 1000000) return S_fail("--words: not a word count: '%s'", argv[i]);
            words = (int)v;
        } else {
            fputs(S_usage, stderr);
            return S_fail("unknown or incomplete option '%s'", a);
        }
    }
    if (!refs_dir || !peers_dir) {
        fputs(S_usage, stderr);
        return S_fail("--refs and --peers are required");
    }
    if (!S_isdir(refs_dir)) return S_fail("%s: no such folder (--refs)", refs_dir);
    if (!S_isdir(peers_dir)) return S_fail("%s: no such folder (--peers)", peers_dir);

    char err[8192] = "";
    sl_rouge *r = NULL;
    sl_status st = sl_rouge_new(wordnet, &r, err, sizeof err);
    if (st != SL_OK) return S_fail("%s", err[0] ? err : sl_strerror(st));

    char **peers = NULL, **topics = NULL;
    size_t npeers = 0, ntopics = 0;
    int rc = 1;
    sl_progress prog;
    sl_progress_start(&prog, "eval rouge", "topics", 0);
    if (sl_rouge_list(peers_dir, ".txt", &peers, &npeers) != SL_OK) { S_fail("%s: cannot list", peers_dir); goto done; }
    if (sl_rouge_list(refs_dir, "", &topics, &ntopics) != SL_OK) { S_fail("%s: cannot list", refs_dir); goto done; }
    if (npeers == 0) { S_fail("%s: no peer summary (<topic>.txt)", peers_dir); goto done; }
    /* every topic folder with refs must have its peer: a missing one is not a zero */
    for (size_t t = 0; t < ntopics; t++) {
        char p[4096 + 512];
        snprintf(p, sizeof p, "%s/%s/refs", refs_dir, topics[t]);
        if (!S_isdir(p)) continue;
        bool found = false;
        for (size_t k = 0; k < npeers && !found; k++)
            found = strlen(peers[k]) == strlen(topics[t]) + 4 && !strncmp(peers[k], topics[t], strlen(topics[t]));
        if (!found) { S_fail("%s/%s.txt: missing peer summary for topic %s", peers_dir, topics[t], topics[t]); goto done; }
    }
    double sum[3][SL_ROUGE_MAX_N + 1] = {{0}};
    sl_progress_set_total(&prog, (double)npeers);
    for (size_t k = 0; k < npeers; k++) {
        sl_progress_update(&prog, (double)k);
        char topic[1024];
        snprintf(topic, sizeof topic, "%.*s", (int)(strlen(peers[k]) - 4), peers[k]);
        char tdir[4096 + 1024], ppath[4096 + 1024];
        snprintf(tdir, sizeof tdir, "%s/%s", refs_dir, topic);
        snprintf(ppath, sizeof ppath, "%s/%s", peers_dir, peers[k]);
        if (!S_isdir(tdir)) { S_fail("%s: peer for unknown topic '%s' (no %s)", ppath, topic, tdir); goto done; }
        sl_rouge_text *refs = NULL, peer;
        size_t nrefs = 0;
        if (sl_rouge_read_refs(r, tdir, words, &refs, &nrefs, err, sizeof err) != SL_OK) { S_fail("%s", err); goto done; }
        if (S_read_summary(r, ppath, words, "peer summary", &peer, err, sizeof err) != SL_OK) {
            sl_rouge_refs_free(refs, nrefs);
            S_fail("%s", err);
            goto done;
        }
        sl_rouge_score sc;
        st = sl_rouge_score_topic(&peer, refs, nrefs, &sc);
        sl_rouge_text_free(&peer);
        sl_rouge_refs_free(refs, nrefs);
        if (st != SL_OK) { S_fail("%s: %s", ppath, sl_strerror(st)); goto done; }
        for (int n = 1; n <= SL_ROUGE_MAX_N; n++) {
            sum[0][n] += sc.r[n];
            sum[1][n] += sc.p[n];
            sum[2][n] += sc.f[n];
        }
        if (per_topic) printf("%s\t%.5f\t%.5f\t%.5f\n", topic, sc.r[1], sc.r[2], sc.r[4]);
    }
    sl_progress_update(&prog, (double)npeers);
    sl_progress_end(&prog);
    double T = (double)npeers;
    for (int n = 1; n <= SL_ROUGE_MAX_N; n++)
        printf("ROUGE-%d  R %.5f  P %.5f  F %.5f\n", n, sum[0][n] / T, sum[1][n] / T, sum[2][n] / T);
    printf("topics %zu\n", npeers);
    if (json) {
        printf("{\"rouge1\":%.2f,\"rouge2\":%.2f,\"rouge4\":%.2f", 100 * sum[0][1] / T, 100 * sum[0][2] / T,
               100 * sum[0][4] / T);
        for (int n = 1; n <= SL_ROUGE_MAX_N; n++)
            printf(",\"rouge%d_r\":%.5f,\"rouge%d_p\":%.5f,\"rouge%d_f\":%.5f", n, sum[0][n] / T, n,
                   sum[1][n] / T, n, sum[2][n] / T);
        printf(",\"topics\":%zu}\n", npeers);
    }
    rc = 0;
done:
    sl_progress_end(&prog);
    sl_rouge_names_free(peers, npeers);
    sl_rouge_names_free(topics, ntopics);
    sl_rouge_free(r);
    return rc;
}
