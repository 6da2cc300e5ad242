/*
 * build_df.c — builds models/story-df.bin, the background document-frequency prior of the
 * story clusterer (src/story/cluster.c). The clusterer learns IDF online, so on a small
 * corpus it cannot tell a common news name (Putin, Kremlin, Trump) from a distinctive one;
 * this table gives it the document frequencies of signature terms in a background news
 * corpus. Each document goes through sl_signature itself (same tokenizer, stoplist, stems
 * and name-bigram keys; no NER, so no entity keys), and a term counts once per document, just
 * as the clusterer's online df does.
 *
 * Background (read in place; NOT DUC 2003, the WikiNews sample or the seeds, which are
 * evaluation): PolNeAR train+dev texts, CoNLL-2003 train documents, WikiRef220, MStream
 * titles. Not part of the build; compile against the library:
 *
 *   make -j2 BUILD=build-story2
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude -Isrc -I. tools/build_df.c build-story2/libstoryline.a \
 *      $(pkg-config --libs jansson libutf8proc sqlite3 gumbo zlib libmicrohttpd) -lstemmer -lm -lpthread \
 *      -o build-story2/build_df
 *   build-story2/build_df ../shared/data models/story-df.bin
 *
 * Format (little-endian): "SLDF", u32 version 1, u32 N (documents), u32 count, then count
 * entries sorted by hash: u64 hash, u32 df. Only terms with df >= SL_DF_MIN are kept.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "model/doc.h"

#define SL_DF_MIN 2u
#define SL_DF_MAX_DOC (4u << 20) /* bytes per background document; longer ones are cut */

typedef struct { uint64_t h; uint32_t df; } S_ent;

static S_ent *S_tab;
static size_t S_cap, S_n;
static uint32_t S_docs;

static int S_add(uint64_t h)
{
    if ((S_n + 1) * 2 > S_cap) {
        size_t nc = S_cap ? S_cap * 2 : 65536;
        S_ent *nt = calloc(nc, sizeof *nt);
        if (!nt) return -1;
        for (size_t i = 0; i < S_cap; i++) {
            if (!S_tab[i].h) continue;
            size_t j = (size_t)(S_tab[i].h ^ (S_tab[i].h >> 31)) & (nc - 1);
            while (nt[j].h) j = (j + 1) & (nc - 1);
            nt[j] = S_tab[i];
        }
        free(S_tab);
        S_tab = nt;
        S_cap = nc;
    }
    size_t j = (size_t)(h ^ (h >> 31)) & (S_cap - 1);
    while (S_tab[j].h && S_tab[j].h != h) j = (j + 1) & (S_cap - 1);
    if (!S_tab[j].h) { S_tab[j].h = h; S_n++; }
    S_tab[j].df++;
    return 0;
}

/* One background document: its signature terms each count once. */
static int S_doc(const char *title, const char *text, size_t len)
{
    sl_doc *d = sl_doc_new_empty();
    if (!d) return -1;
    if (len > SL_DF_MAX_DOC) len = SL_DF_MAX_DOC;
    char *t = malloc(len + 1), *ti = title ? strdup(title) : NULL;
    int rc = -1;
    if (!t || (title && !ti)) goto out;
    memcpy(t, text, len);
    t[len] = 0;
    d->text = t;
    d->text_len = len;
    d->title = ti;
    if (sl_signature(NULL, d) != SL_OK) goto out;
    for (size_t i = 0; i < d->terms.n; i++)
        if (S_add(d->terms.v[i].hash)) goto out;
    if (d->terms.n) S_docs++;
    rc = 0;
out:
    d->text = NULL;
    d->title = NULL;
    sl_doc_free(d);
    free(t);
    free(ti);
    return rc;
}

static char *S_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (n == cap) { char *nb = realloc(b, cap * 2); if (!nb) { free(b); b = NULL; break; } b = nb; cap *= 2; }
        size_t r = fread(b + n, 1, cap - n, f);
        if (!r) break;
        n += r;
    }
    fclose(f);
    if (b) *len = n;
    return b;
}

static int S_polnear(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) { fprintf(stderr, "build_df: cannot open %s\n", dir); return -1; }
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(dp)) && !rc) {
        if (e->d_name[0] == '.') continue;
        char p[4608];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        size_t n;
        char *b = S_slurp(p, &n);
        if (!b) continue;
        rc = S_doc(NULL, b, n);
        free(b);
    }
    closedir(dp);
    return rc;
}

/* CoNLL-2003: first column is the token; -DOCSTART- separates documents, blank lines
 * sentences (kept as line breaks so the capitalized-name heuristic sees sentence starts). */
static int S_conll(const char *path)
{
    size_t n;
    char *b = S_slurp(path, &n);
    if (!b) { fprintf(stderr, "build_df: cannot read %s\n", path); return -1; }
    size_t cap = 1 << 16, dl = 0;
    char *doc = malloc(cap);
    int rc = doc ? 0 : -1;
    char *p = b, *end = b + n;
    while (p < end && !rc) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        size_t tl = 0;
        while (p + tl < le && p[tl] != ' ' && p[tl] != '\r') tl++;
        if (tl == 10 && !memcmp(p, "-DOCSTART-", 10)) {
            if (dl) rc = S_doc(NULL, doc, dl);
            dl = 0;
        } else {
            if (dl + tl + 2 > cap) { char *nd = realloc(doc, cap * 2 + tl); if (!nd) { rc = -1; break; } doc = nd; cap = cap * 2 + tl; }
            if (tl) { memcpy(doc + dl, p, tl); dl += tl; doc[dl++] = ' '; }
            else if (dl) doc[dl++] = '\n';
        }
        p = le + 1;
    }
    if (!rc && dl) rc = S_doc(NULL, doc, dl);
    free(doc);
    free(b);
    return rc;
}

static int S_jsonl(const char *path, int titles_only)
{
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "build_df: cannot open %s\n", path); return -1; }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        if (!j) continue;
        const char *ti = json_string_value(json_object_get(j, "title"));
        const char *tx = titles_only ? NULL : json_string_value(json_object_get(j, "text"));
        if ((ti && ti[0]) || (tx && tx[0])) rc = S_doc(ti, tx ? tx : "", tx ? strlen(tx) : 0);
        json_decref(j);
    }
    free(line);
    fclose(f);
    return rc;
}

static int S_by_hash(const void *a, const void *b)
{
    uint64_t x = ((const S_ent *)a)->h, y = ((const S_ent *)b)->h;
    return x < y ? -1 : x > y;
}

static void S_put(FILE *f, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) fputc((int)((v >> (8 * i)) & 0xff), f);
}

int main(int argc, char **argv)
{
    int wikiref = 1, mstream = 1;
    while (argc > 3 && argv[1][0] == '-') {
        if (!strcmp(argv[1], "--no-wikiref")) wikiref = 0;
        else if (!strcmp(argv[1], "--no-mstream")) mstream = 0;
        else break;
        argv++;
        argc--;
    }
    if (argc != 3) { fprintf(stderr, "usage: build_df [--no-wikiref] [--no-mstream] DATA_DIR OUT.bin\n"); return 2; }
    char p[4096];
    const char *dirs[] = {"quotes/polnear_train/text", "quotes/polnear_dev/text"};
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%s", argv[1], dirs[i]);
        if (S_polnear(p)) return 1;
    }
    fprintf(stderr, "polnear: %u docs\n", S_docs);
    snprintf(p, sizeof p, "%s/ner/conll2003/train.txt", argv[1]);
    if (S_conll(p)) return 1;
    fprintf(stderr, "+conll: %u docs\n", S_docs);
    snprintf(p, sizeof p, "%s/clust/wikiref220/wikiref220.jsonl", argv[1]);
    if (wikiref && S_jsonl(p, 0)) return 1;
    fprintf(stderr, "+wikiref220: %u docs\n", S_docs);
    snprintf(p, sizeof p, "%s/clust/mstream_news/news.jsonl", argv[1]);
    if (mstream && S_jsonl(p, 1)) return 1;
    fprintf(stderr, "+mstream titles: %u docs, %zu terms\n", S_docs, S_n);

    size_t k = 0;
    for (size_t i = 0; i < S_cap; i++)
        if (S_tab[i].h && S_tab[i].df >= SL_DF_MIN) S_tab[k++] = S_tab[i];
    qsort(S_tab, k, sizeof *S_tab, S_by_hash);
    FILE *f = fopen(argv[2], "wb");
    if (!f) { fprintf(stderr, "build_df: cannot write %s\n", argv[2]); return 1; }
    fwrite("SLDF", 1, 4, f);
    S_put(f, 1, 4);
    S_put(f, S_docs, 4);
    S_put(f, k, 4);
    for (size_t i = 0; i < k; i++) { S_put(f, S_tab[i].h, 8); S_put(f, S_tab[i].df, 4); }
    if (fclose(f)) return 1;
    fprintf(stderr, "kept %zu terms with df >= %u\n", k, SL_DF_MIN);
    free(S_tab);
    return 0;
}
