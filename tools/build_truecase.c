/*
 * build_truecase.c — builds the models of the repair stage from cased, punctuated text:
 *
 *   resources/truecase-words.tsv  the usual written form of words whose majority form is not
 *                                 lower case ("Putin", "UN"), plus "prev<TAB>form" lines where
 *                                 the previous word decides otherwise ("jong<TAB>Un")
 *   resources/truecase-pos.tsv    the usual Penn tag of each word (CoNLL-2003 train)
 *   models/segment-lower.bin      averaged-perceptron weights for "a sentence ends after this
 *                                 word" over text degraded like seed 002 (lower-cased, no
 *                                 punctuation), the threshold and the sentence-length prior
 *   models/segment-cased.bin      the same for text that kept its case (no punctuation only),
 *                                 with features of the written case of the neighbours
 *
 * Input: CoNLL-2003 train (--conll FILE; sentences and documents as given) and folders of
 * plain-text articles (--docs DIR, any number; *.txt found recursively, a "DOCNO:" header block
 * is skipped), segmented by the library's own segmenter. Casing is counted only at positions
 * that are not sentence-initial, outside headline-like sentences (mostly capitalized words) and
 * outside the first sentence of an article (a title). Features come from sl_bnd_features_named
 * and decoding from sl_bnd_decode in src/text/repair.c: the same code tags at run time, so the
 * two cannot drift apart.
 *
 * Each boundary model is trained on the first nine tenths of the documents; the threshold,
 * and the weight lambda of the sentence-length prior decoded by dynamic programming (lambda 0
 * = greedy), are tuned on the last tenth with the pruned model; then the model is retrained
 * on everything. Deterministic: fixed shuffling seed, ties broken by name, weights written by
 * hash. Not part of the build; compile against the library (docs/SEGMENT.md has the exact
 * command that produced the committed files):
 *
 *   make BUILD=build
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude -Isrc -I. tools/build_truecase.c build/libstoryline.a \
 *      $(pkg-config --libs sqlite3 libutf8proc jansson gumbo zlib libmicrohttpd) -lstemmer -lm \
 *      -lpthread -o build/build_truecase
 *   build/build_truecase --conll ../shared/data/ner/conll2003/train.txt \
 *      --docs ../shared/data/summ/multiling2011_en/clusters \
 *      --docs ../shared/data/quotes/polnear_train/text --epochs 8 --keep 150000 \
 *      --out resources --models-out models
 *
 * Never give it the documents you evaluate on (DUC 2003 for `storyline eval sentences`).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <zlib.h>

#include "engine.h"
#include "model/doc.h"
#include "text/repair.h"

/* ---- corpus ---------------------------------------------------------------------------------- */

typedef struct T_doc {
    char *text;        /* cased text (CoNLL: tokens joined by spaces) */
    sl_span *w;        /* words */
    size_t nw;
    uint8_t *end;      /* gold: sentence ends after word i */
    uint8_t *casable;  /* word i counts for the casing table */
    char *low;         /* lower-cased words, each NUL-terminated */
    sl_bword *bw;
    uint8_t *cas;      /* SL_BCASE_* of word i as written */
} T_doc;

static SL_VEC(T_doc) S_docs;
static struct sl_engine S_eng;

static size_t S_lower_into(const char *s, size_t n, char *out)
{
    /* words are short; the corpus is checked to be valid UTF-8 by the decoder */
    size_t o = 0;
    for (size_t p = 0; p < n;) {
        int32_t cp;
        int l = sl_utf8_decode(s + p, n - p, &cp);
        char enc[4];
        int el = sl_utf8_encode(utf8proc_tolower(cp), enc);
        memcpy(out + o, enc, (size_t)el);
        o += (size_t)el;
        p += (size_t)l;
    }
    return o;
}

static bool S_is_cap(const char *s, size_t n)
{
    return n && s[0] >= 'A' && s[0] <= 'Z';
}

/* Fills words, lower-case copies and casable flags once `text` and `end` are known. */
static int S_finish(T_doc *d, bool skip_first_sentence)
{
    d->low = malloc(strlen(d->text) * 4 + d->nw + 1);
    d->bw = calloc(d->nw + 1, sizeof(*d->bw));
    d->casable = calloc(d->nw + 1, 1);
    d->cas = calloc(d->nw + 1, 1);
    if (!d->low || !d->bw || !d->casable || !d->cas) return -1;
    size_t o = 0, sent_first = 0;
    for (size_t i = 0; i < d->nw; i++) {
        size_t ln = S_lower_into(d->text + d->w[i].start, d->w[i].end - d->w[i].start, d->low + o);
        d->bw[i].s = d->low + o;
        d->bw[i].n = (uint32_t)ln;
        d->cas[i] = sl_bnd_case_of(d->text + d->w[i].start, d->w[i].end - d->w[i].start);
        d->low[o + ln] = 0;
        o += ln + 1;
        if (d->end[i] || i + 1 == d->nw) {
            /* one sentence [sent_first, i]: casable unless headline-like or the title */
            size_t words = 0, caps = 0;
            for (size_t k = sent_first; k <= i; k++) {
                const char *ws = d->text + d->w[k].start;
                size_t wn = d->w[k].end - d->w[k].start;
                if (ws[0] >= '0' && ws[0] <= '9') continue;
                words++;
                caps += S_is_cap(ws, wn) || (unsigned char)ws[0] >= 0x80;
            }
            bool headline = words >= 3 && caps * 10 > words * 6;
            bool title = skip_first_sentence && sent_first == 0;
            for (size_t k = sent_first + 1; k <= i; k++) d->casable[k] = !headline && !title;
            sent_first = i + 1;
        }
    }
    return 0;
}

static int S_add_text(const char *body, size_t n)
{
    T_doc d = {0};
    d.text = strndup(body, n);
    sl_doc *sd = sl_doc_new_empty();
    if (!d.text || !sd) return -1;
    sd->text = d.text;
    sd->text_len = n;
    if (sl_segment(&S_eng, sd) != SL_OK || sl_repair_words(d.text, n, &d.w, &d.nw) != SL_OK) {
        sl_doc_free(sd);
        return -1;
    }
    d.end = malloc(d.nw + 1);
    if (!d.end) return -1;
    sl_repair_sentence_ends(sd, d.w, d.nw, d.end);
    sd->text = NULL;
    sl_doc_free(sd);
    if (d.nw < 2) { free(d.text); free(d.w); free(d.end); return 0; }
    if (S_finish(&d, true) != 0) return -1;
    return sl_vec_push(&S_docs, d) ? 0 : -1;
}

static int S_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t pl = strlen(path);
    if (type != FTW_F || pl < 4 || strcmp(path + pl - 4, ".txt")) return 0;
    if (strstr(path, "/refs/")) return 0; /* summaries, not articles */
    char *data;
    size_t len;
    if (sl_read_file(path, SL_MAX_INPUT_BYTES, &data, &len) != SL_OK) return 0;
    const char *body = data;
    if (!strncmp(data, "DOCNO:", 6)) {
        const char *b = strstr(data, "\n\n");
        body = b ? b + 2 : data + len;
    }
    int rc = S_add_text(body, len - (size_t)(body - data));
    free(data);
    return rc;
}

static int S_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* POS lexicon from CoNLL: lower-case word run -> counts per tag. */
#define T_TAGS 64
static char *S_tags[T_TAGS];
static size_t S_ntags;
static sl_map S_poscount;

static void S_count_pos(const char *tok, size_t tl, const char *tag, size_t gl)
{
    size_t ti;
    for (ti = 0; ti < S_ntags; ti++)
        if (strlen(S_tags[ti]) == gl && !memcmp(S_tags[ti], tag, gl)) break;
    if (ti == S_ntags) {
        if (S_ntags == T_TAGS) return;
        S_tags[S_ntags++] = strndup(tag, gl);
    }
    sl_span *w;
    size_t nw;
    if (sl_repair_words(tok, tl, &w, &nw) != SL_OK) return;
    for (size_t i = 0; i < nw; i++) {
        char low[4 * SL_TC_MAX_WORD];
        if (w[i].end - w[i].start >= SL_TC_MAX_WORD) continue;
        size_t ln = S_lower_into(tok + w[i].start, w[i].end - w[i].start, low);
        bool created;
        sl_map_entry *me = sl_map_put(&S_poscount, low, ln, &created);
        if (!me) break;
        if (created) me->val = calloc(T_TAGS, sizeof(uint32_t));
        if (me->val) ((uint32_t *)me->val)[ti]++;
    }
    free(w);
}

/* Words seen in lower case in any training text: known vocabulary, so an unknown word in
 * lower-cased input is probably a name. Counted into the POS lexicon under the tag "?"
 * (a word CoNLL tags keeps its tag). */
static void S_count_vocab(void)
{
    size_t ti;
    for (ti = 0; ti < S_ntags; ti++)
        if (!strcmp(S_tags[ti], "?")) break;
    if (ti == S_ntags) {
        if (S_ntags == T_TAGS) return;
        S_tags[S_ntags++] = strdup("?");
    }
    for (size_t di = 0; di < S_docs.n; di++) {
        T_doc *d = &S_docs.v[di];
        for (size_t i = 0; i < d->nw; i++) {
            const char *ws = d->text + d->w[i].start;
            size_t wn = d->w[i].end - d->w[i].start;
            if (wn >= SL_TC_MAX_WORD || wn != d->bw[i].n || memcmp(ws, d->bw[i].s, wn)) continue;
            bool created;
            sl_map_entry *me = sl_map_put(&S_poscount, ws, wn, &created);
            if (!me) return;
            if (created) me->val = calloc(T_TAGS, sizeof(uint32_t));
            /* a tiny weight: a CoNLL tag seen even once wins */
            if (me->val && created) ((uint32_t *)me->val)[ti] = 1;
            else if (me->val) {
                uint32_t *c = me->val, tot = 0;
                for (size_t t = 0; t < S_ntags; t++) tot += c[t];
                if (tot == c[ti] && c[ti] < 100) c[ti]++;
            }
        }
    }
}

static char *S_build_pos(size_t min_count, size_t *outlen)
{
    SL_VEC(char *) lines = {0};
    S_count_vocab();
    for (size_t k = 0; k < S_poscount.cap; k++) {
        sl_map_entry *me = &S_poscount.slots[k];
        if (!me->key) continue;
        uint32_t *c = me->val, tot = 0, bn = 0;
        size_t best = 0;
        for (size_t t = 0; t < S_ntags; t++) {
            tot += c[t];
            if (c[t] > bn) { bn = c[t]; best = t; }
        }
        if (tot < min_count) continue;
        char line[3 * SL_TC_MAX_WORD];
        snprintf(line, sizeof line, "%.*s\t%s", (int)me->klen, me->key, S_tags[best]);
        sl_vec_push(&lines, strdup(line));
    }
    qsort(lines.v, lines.n, sizeof(char *), S_cmp_str);
    sl_buf out;
    sl_buf_init(&out);
    sl_buf_printf(&out, "# truecase-pos.tsv — most frequent Penn part-of-speech tag of each word seen %zu+ times in\n"
                        "# CoNLL-2003 train (words as runs of letters/digits, lower case): a cue for the sentence-\n"
                        "# boundary model. Generated by tools/build_truecase.c; do not edit. %zu words.\n",
                  min_count, lines.n);
    for (size_t i = 0; i < lines.n; i++) {
        sl_buf_puts(&out, lines.v[i]);
        sl_buf_putc(&out, '\n');
        free(lines.v[i]);
    }
    fprintf(stderr, "pos lexicon: %zu words\n", lines.n);
    sl_vec_free(&lines);
    *outlen = out.len;
    return sl_buf_take(&out);
}

/* CoNLL: "TOKEN POS CHUNK NER" lines, blank between sentences, -DOCSTART- between documents. */
static int S_conll(const char *path)
{
    char *data;
    size_t len;
    if (sl_read_file(path, 64u << 20, &data, &len) != SL_OK) return -1;
    sl_buf text;
    sl_buf_init(&text);
    SL_VEC(uint32_t) sent_ends = {0}; /* byte offsets where sentences end */
    char *save = NULL;
    int rc = 0;
    bool in_sent = false;
    for (char *line = strtok_r(data, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
        bool docstart = line && !strncmp(line, "-DOCSTART-", 10);
        if (!line || docstart) {
            if (text.len) {
                if (in_sent) sl_vec_push(&sent_ends, (uint32_t)text.len);
                T_doc d = {0};
                d.text = strndup(text.data, text.len);
                if (!d.text || sl_repair_words(d.text, text.len, &d.w, &d.nw) != SL_OK) { rc = -1; break; }
                d.end = calloc(d.nw + 1, 1);
                if (!d.end) { rc = -1; break; }
                size_t k = 0;
                for (size_t i = 0; i < d.nw; i++) {
                    while (k < sent_ends.n && sent_ends.v[k] < d.w[i].end) k++;
                    /* last word before a sentence end offset */
                    if (k < sent_ends.n && (i + 1 == d.nw || d.w[i + 1].start > sent_ends.v[k])) d.end[i] = 1;
                }
                if (d.nw >= 2 && S_finish(&d, false) == 0) sl_vec_push(&S_docs, d);
            }
            sl_buf_reset(&text);
            sent_ends.n = 0;
            in_sent = false;
            if (!line) break;
            continue;
        }
        /* strtok_r skips empty lines, so sentence breaks are detected by a token-less gap:
         * we re-scan for "\n\n" below instead. */
        char *sp = strchr(line, ' ');
        size_t tl = sp ? (size_t)(sp - line) : strlen(line);
        if (sp) {
            char *sp2 = strchr(sp + 1, ' ');
            S_count_pos(line, tl, sp + 1, sp2 ? (size_t)(sp2 - sp - 1) : strlen(sp + 1));
        }
        if (text.len) sl_buf_putc(&text, ' ');
        sl_buf_append(&text, line, tl);
        in_sent = true;
        /* a blank line follows when the byte after this line's '\n' is another '\n' */
        char *nl = line + strlen(line);
        if (nl + 1 < data + len && nl[1] == '\n') {
            sl_vec_push(&sent_ends, (uint32_t)text.len);
            in_sent = false;
        }
    }
    sl_buf_free(&text);
    sl_vec_free(&sent_ends);
    free(data);
    return rc;
}

/* ---- casing table ------------------------------------------------------------------------------- */

#define T_FORMS 4
typedef struct T_case {
    uint32_t lower, other;
    uint32_t cnt[T_FORMS];
    char *form[T_FORMS];
} T_case;

static void S_count(sl_map *m, const char *key, size_t kn, const char *form, size_t fn, bool lower)
{
    bool created;
    sl_map_entry *me = sl_map_put(m, key, kn, &created);
    if (!me) return;
    if (created) me->val = calloc(1, sizeof(T_case));
    T_case *c = me->val;
    if (!c) return;
    if (lower) { c->lower++; return; }
    for (int k = 0; k < T_FORMS; k++) {
        if (!c->form[k]) { c->form[k] = strndup(form, fn); c->cnt[k] = 1; return; }
        if (strlen(c->form[k]) == fn && !memcmp(c->form[k], form, fn)) { c->cnt[k]++; return; }
    }
    c->other++;
}

/* The majority form; NULL = lower case. */
static const char *S_best(const T_case *c, uint32_t *best_n, uint32_t *total)
{
    const char *b = NULL;
    uint32_t bn = c->lower, tot = c->lower + c->other;
    for (int k = 0; k < T_FORMS && c->form[k]; k++) {
        tot += c->cnt[k];
        if (c->cnt[k] > bn) { bn = c->cnt[k]; b = c->form[k]; }
    }
    if (best_n) *best_n = bn;
    if (total) *total = tot;
    return b;
}

static char *S_build_words(size_t min_count, size_t *outlen)
{
    sl_map uni, bi;
    sl_map_init(&uni);
    sl_map_init(&bi);
    for (size_t di = 0; di < S_docs.n; di++) {
        T_doc *d = &S_docs.v[di];
        for (size_t i = 0; i < d->nw; i++) {
            if (!d->casable[i]) continue;
            const char *ws = d->text + d->w[i].start;
            size_t wn = d->w[i].end - d->w[i].start;
            if (wn >= SL_TC_MAX_WORD || d->bw[i].n >= SL_TC_MAX_WORD) continue;
            bool lower = wn == d->bw[i].n && !memcmp(ws, d->bw[i].s, wn);
            S_count(&uni, d->bw[i].s, d->bw[i].n, ws, wn, lower);
            if (i > 0 && d->bw[i - 1].n < SL_TC_MAX_WORD) {
                char key[2 * SL_TC_MAX_WORD + 1];
                size_t pn = d->bw[i - 1].n;
                memcpy(key, d->bw[i - 1].s, pn);
                key[pn] = '\x01';
                memcpy(key + pn + 1, d->bw[i].s, d->bw[i].n);
                S_count(&bi, key, pn + 1 + d->bw[i].n, ws, wn, lower);
            }
        }
    }
    SL_VEC(char *) lines = {0};
    char line[3 * SL_TC_MAX_WORD];
    size_t nuni = 0, nbi = 0;
    for (size_t k = 0; k < uni.cap; k++) {
        sl_map_entry *me = &uni.slots[k];
        if (!me->key) continue;
        uint32_t bn, tot;
        const char *b = S_best(me->val, &bn, &tot);
        if (b && tot >= min_count) {
            sl_vec_push(&lines, strdup(b));
            nuni++;
        }
    }
    for (size_t k = 0; k < bi.cap; k++) {
        sl_map_entry *me = &bi.slots[k];
        if (!me->key) continue;
        uint32_t bn, tot;
        const char *b = S_best(me->val, &bn, &tot);
        if (tot < min_count || bn * 3 < tot * 2) continue; /* context must be clear: 2/3 */
        const char *sep = memchr(me->key, '\x01', me->klen);
        const char *w = sep + 1;
        size_t wn = me->klen - (size_t)(w - me->key);
        sl_map_entry *ue = sl_map_get(&uni, w, wn);
        uint32_t un, ut;
        const char *ub = ue ? S_best(ue->val, &un, &ut) : NULL;
        if (ub && ut < min_count) ub = NULL;
        if ((b == NULL) == (ub == NULL) && (!b || !strcmp(b, ub))) continue; /* same decision */
        snprintf(line, sizeof line, "%.*s\t%s", (int)(sep - me->key), me->key, b ? b : "");
        if (!b) { /* lower case after prev: write the lower-case word itself */
            snprintf(line, sizeof line, "%.*s\t%.*s", (int)(sep - me->key), me->key, (int)wn, w);
        }
        sl_vec_push(&lines, strdup(line));
        nbi++;
    }
    qsort(lines.v, lines.n, sizeof(char *), S_cmp_str);
    sl_buf out;
    sl_buf_init(&out);
    sl_buf_printf(&out, "# truecase-words.tsv — usual written form of words whose majority form is not lower case,\n"
                        "# counted at non-sentence-initial positions of cased news text (CoNLL-2003 train,\n"
                        "# MultiLing 2011, PolNeAR train). \"prev<TAB>form\": the form after the word prev when it\n"
                        "# differs. Generated by tools/build_truecase.c; do not edit. %zu words, %zu contexts.\n",
                  nuni, nbi);
    for (size_t i = 0; i < lines.n; i++) {
        sl_buf_puts(&out, lines.v[i]);
        sl_buf_putc(&out, '\n');
        free(lines.v[i]);
    }
    sl_vec_free(&lines);
    sl_map *maps[2] = {&uni, &bi};
    for (int m = 0; m < 2; m++) {
        for (size_t k = 0; k < maps[m]->cap; k++) {
            T_case *c = maps[m]->slots[k].key ? maps[m]->slots[k].val : NULL;
            if (!c) continue;
            for (int f = 0; f < T_FORMS; f++) free(c->form[f]);
            free(c);
        }
        sl_map_free(maps[m]);
    }
    fprintf(stderr, "casing table: %zu words, %zu contexts\n", nuni, nbi);
    *outlen = out.len;
    return sl_buf_take(&out);
}

/* ---- averaged perceptron ------------------------------------------------------------------------ */

typedef struct T_w {
    uint64_t key;
    float w;
    double acc;      /* sum of w over time, updated lazily */
    uint64_t last;   /* time of the last update */
    char *name;
} T_w;

typedef struct T_model {
    T_w *slot;
    size_t cap, n;
    uint64_t now;
} T_model;

static T_w *S_slot(T_model *m, uint64_t key, const char *name)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1u << 16;
        T_w *ns = calloc(nc, sizeof(*ns));
        if (!ns) return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slot[i].key) continue;
            size_t j = m->slot[i].key & (nc - 1);
            while (ns[j].key) j = (j + 1) & (nc - 1);
            ns[j] = m->slot[i];
        }
        free(m->slot);
        m->slot = ns;
        m->cap = nc;
    }
    size_t j = key & (m->cap - 1);
    while (m->slot[j].key && m->slot[j].key != key) j = (j + 1) & (m->cap - 1);
    if (!m->slot[j].key) {
        if (!name) return NULL;
        m->slot[j].key = key;
        m->slot[j].name = strdup(name);
        m->n++;
    }
    return &m->slot[j];
}

static float S_score(T_model *m, const uint64_t *f, size_t nf, bool avg)
{
    float s = 0;
    for (size_t k = 0; k < nf; k++) {
        size_t j = f[k] & (m->cap - 1);
        if (!m->cap) return 0;
        while (m->slot[j].key && m->slot[j].key != f[k]) j = (j + 1) & (m->cap - 1);
        if (!m->slot[j].key) continue;
        T_w *w = &m->slot[j];
        s += avg ? (float)((w->acc + (double)w->w * (double)(m->now - w->last)) / (double)(m->now ? m->now : 1)) : w->w;
    }
    return s;
}

static void S_train(T_model *m, const struct sl_truecaser *tc, size_t from, size_t to, size_t skip_from,
                    size_t skip_to, int epochs)
{
    uint64_t f[SL_BND_MAX_FEATS];
    char names[SL_BND_MAX_FEATS][SL_BND_NAME_MAX];
    size_t nd = to - from;
    size_t *order = malloc(nd * sizeof(*order));
    for (size_t i = 0; i < nd; i++) order[i] = from + i;
    uint64_t rng = 0x2545F4914F6CDD1DULL;
    for (int ep = 0; ep < epochs; ep++) {
        for (size_t i = nd; i > 1; i--) { /* deterministic shuffle */
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
            size_t j = rng % i, t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        size_t errors = 0, gaps = 0;
        for (size_t oi = 0; oi < nd; oi++) {
            size_t di = order[oi];
            if (di >= skip_from && di < skip_to) continue;
            T_doc *d = &S_docs.v[di];
            for (size_t i = 0; i + 1 < d->nw; i++) {
                size_t nf = sl_bnd_features_named(tc, d->bw, d->nw, i, f, names);
                m->now++;
                gaps++;
                float s = S_score(m, f, nf, false);
                bool gold = d->end[i];
                if ((s > 0) != gold) {
                    errors++;
                    float delta = gold ? 1.0f : -1.0f;
                    for (size_t k = 0; k < nf; k++) {
                        T_w *w = S_slot(m, f[k], names[k]);
                        if (!w) continue;
                        w->acc += (double)w->w * (double)(m->now - w->last);
                        w->last = m->now;
                        w->w += delta;
                    }
                }
            }
        }
        fprintf(stderr, "epoch %d: %zu errors in %zu gaps\n", ep + 1, errors, gaps);
    }
    /* finalize averages into w */
    for (size_t i = 0; i < m->cap; i++) {
        T_w *w = &m->slot[i];
        if (!w->key) continue;
        w->acc += (double)w->w * (double)(m->now - w->last);
        w->last = m->now;
        w->w = (float)(w->acc / (double)m->now);
    }
    free(order);
}

/* Greedy decode of documents [from,to) at threshold th; returns F1 and fills P/R. */
static double S_decode_f1(T_model *m, const struct sl_truecaser *tc, size_t from, size_t to, float th,
                          double *P, double *R)
{
    uint64_t f[SL_BND_MAX_FEATS];
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t di = from; di < to; di++) {
        T_doc *d = &S_docs.v[di];
        for (size_t i = 0; i + 1 < d->nw; i++) {
            size_t nf = sl_bnd_features(tc, d->bw, d->nw, i, f);
            bool pred = S_score(m, f, nf, false) > th;
            if (pred && d->end[i]) tp++;
            else if (pred) fp++;
            else if (d->end[i]) fn++;
        }
    }
    double p = tp + fp ? (double)tp / (double)(tp + fp) : 0, r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    if (P) *P = 100 * p;
    if (R) *R = 100 * r;
    return p + r > 0 ? 200 * p * r / (p + r) : 0;
}

static void S_model_free(T_model *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->slot[i].name);
    free(m->slot);
    memset(m, 0, sizeof(*m));
}

static int S_cmp_abs(const void *a, const void *b)
{
    const T_w *x = *(T_w *const *)a, *y = *(T_w *const *)b;
    float fx = fabsf(x->w), fy = fabsf(y->w);
    if (fx != fy) return fx < fy ? 1 : -1;
    return strcmp(x->name, y->name);
}

static int S_cmp_name(const void *a, const void *b)
{
    return strcmp((*(T_w *const *)a)->name, (*(T_w *const *)b)->name);
}

/* Keeps the `keep` heaviest weights (zeroing the rest in the model, so tuning sees the pruned
 * model) and returns them sorted by name. */
static T_w **S_prune(T_model *m, size_t keep, size_t *nout)
{
    T_w **v = malloc(m->n * sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].key) v[n++] = &m->slot[i];
    qsort(v, n, sizeof(*v), S_cmp_abs);
    for (size_t i = keep; i < n; i++) v[i]->w = 0;
    if (n > keep) n = keep;
    while (n && fabsf(v[n - 1]->w) < 1e-4f) v[--n]->w = 0;
    qsort(v, n, sizeof(*v), S_cmp_name);
    *nout = n;
    return v;
}

/* ---- main ------------------------------------------------------------------------------------------ */

static int S_write(const char *dir, const char *name, const char *data, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n) { if (f) fclose(f); return -1; }
    return fclose(f) ? -1 : 0;
}

/* Sets the written case every word shows to the model: none for the lower-case model. */
static void S_set_case(bool cased)
{
    for (size_t di = 0; di < S_docs.n; di++) {
        T_doc *d = &S_docs.v[di];
        for (size_t i = 0; i < d->nw; i++) d->bw[i].cas = cased ? d->cas[i] : SL_BCASE_UNKNOWN;
    }
}

/* The sentence-length prior: log P(L words) over the training sentences, L = 1..SL_BND_MAX_LEN
 * (longer ones counted in the last bin, see SL_BND_LEN_TAIL), add-half smoothed; as "@len L"
 * lines. */
static void S_len_prior(sl_buf *b, float *lp)
{
    double c[SL_BND_MAX_LEN + 1] = {0}, tot = 0;
    for (size_t di = 0; di < S_docs.n; di++) {
        T_doc *d = &S_docs.v[di];
        size_t len = 0;
        for (size_t i = 0; i < d->nw; i++) {
            len++;
            if (d->end[i] || i + 1 == d->nw) {
                c[SL_MIN(len, (size_t)SL_BND_MAX_LEN)] += 1;
                tot += 1;
                len = 0;
            }
        }
    }
    for (size_t L = 1; L <= SL_BND_MAX_LEN; L++) {
        lp[L] = (float)log((c[L] + 0.5) / (tot + 0.5 * SL_BND_MAX_LEN));
        /* the last bin holds every longer sentence: its share of exactly MAX words under the
         * geometric tail the decoder assumes (repair.h) */
        if (L == SL_BND_MAX_LEN) lp[L] += (float)log(1 - exp(-(double)SL_BND_LEN_TAIL));
        sl_buf_printf(b, "@len %zu\t%.4f\n", L, lp[L]);
    }
}

/* F1 of the held-out documents decoded by sl_bnd_decode at (th, lambda); scores are given. */
static double S_dp_f1(const sl_bnd_model *bm, size_t from, size_t to, const float *score, const uint8_t *force,
                      uint8_t *dec, float th, float lambda, double *P, double *R)
{
    size_t tp = 0, fp = 0, fn = 0, off = 0;
    for (size_t di = from; di < to; di++) {
        T_doc *d = &S_docs.v[di];
        sl_bnd_decode(bm, th, lambda, score + off, force + off, d->nw, dec);
        for (size_t i = 0; i + 1 < d->nw; i++) {
            if (dec[i] && d->end[i]) tp++;
            else if (dec[i]) fp++;
            else if (d->end[i]) fn++;
        }
        off += d->nw;
    }
    double p = tp + fp ? (double)tp / (double)(tp + fp) : 0, r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    if (P) *P = 100 * p;
    if (R) *R = 100 * r;
    return p + r > 0 ? 200 * p * r / (p + r) : 0;
}

static void S_put32(sl_buf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    sl_buf_append(b, (const char *)c, 4);
}

static void S_putf(sl_buf *b, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    S_put32(b, u);
}

static int S_cmp_key(const void *a, const void *b)
{
    uint64_t x = (*(T_w *const *)a)->key, y = (*(T_w *const *)b)->key;
    return x < y ? -1 : x > y;
}

/* Trains one boundary model (lower-case or cased text) and returns its binary file. */
static char *S_bounds(const struct sl_truecaser *tc, bool cased, int epochs, size_t keep, size_t ends,
                      size_t *outlen)
{
    S_set_case(cased);
    fprintf(stderr, "== boundary model for %s text\n", cased ? "cased" : "lower-cased");
    /* hold out the last tenth of the documents to tune the threshold on the pruned model */
    T_model m = {0};
    size_t hold_from = S_docs.n - S_docs.n / 10;
    S_train(&m, tc, 0, S_docs.n, hold_from, S_docs.n, epochs);
    size_t nk;
    free(S_prune(&m, keep, &nk));
    float best_th = 0;
    double best_f = -1;
    for (float th = -8; th <= 4.01f; th += 0.25f) {
        double p, r, f = S_decode_f1(&m, tc, hold_from, S_docs.n, th, &p, &r);
        if (f > best_f) { best_f = f; best_th = th; }
    }
    double p, r;
    S_decode_f1(&m, tc, hold_from, S_docs.n, best_th, &p, &r);
    fprintf(stderr, "held-out (%zu docs), greedy: threshold %.2f precision %.2f recall %.2f f1 %.2f\n",
            S_docs.n - hold_from, best_th, p, r, best_f);

    /* then the length prior, decoded by dynamic programming: lambda and the threshold tuned
     * together on the same held-out documents (lambda 0 is the greedy decoder) */
    sl_buf pb;
    sl_buf_init(&pb);
    float lenlp[SL_BND_MAX_LEN + 1] = {0};
    sl_buf_puts(&pb, "bias\t0\n@lambda\t1\n");
    S_len_prior(&pb, lenlp);
    struct sl_truecaser *ptc = NULL;
    size_t hw = 0;
    for (size_t di = hold_from; di < S_docs.n; di++) hw += S_docs.v[di].nw;
    float *hs = calloc(hw + 1, sizeof(*hs));
    uint8_t *hf = calloc(hw + 1, 1), *hd = calloc(hw + 1, 1);
    sl_truecaser_src psrc = {.bounds = pb.data, .blen = pb.len};
    float best_l = 0;
    if (hs && hf && hd && !pb.oom && sl_truecaser_from_text(&psrc, &ptc) == SL_OK) {
        uint64_t f[SL_BND_MAX_FEATS];
        size_t off = 0;
        for (size_t di = hold_from; di < S_docs.n; di++) {
            T_doc *d = &S_docs.v[di];
            for (size_t i = 0; i + 1 < d->nw; i++) {
                size_t nf = sl_bnd_features(tc, d->bw, d->nw, i, f);
                hs[off + i] = S_score(&m, f, nf, false);
            }
            off += d->nw;
        }
        const sl_bnd_model *bm = sl_bnd_model_for(ptc, false);
        static const float lambdas[] = {0.5f, 1, 1.5f, 2, 3, 4, 6, 8, 12};
        for (size_t li = 0; li < SL_ARRAY_LEN(lambdas); li++) {
            /* each sentence adds lambda * log P(L), about -4 lambda: the cut moves down with it */
            for (float th = -8 - 5 * lambdas[li]; th <= 6.01f; th += 0.5f) {
                double f1 = S_dp_f1(bm, hold_from, S_docs.n, hs, hf, hd, th, lambdas[li], NULL, NULL);
                if (f1 > best_f) { best_f = f1; best_th = th; best_l = lambdas[li]; }
            }
        }
        if (best_l > 0) {
            float th0 = best_th;
            for (float th = th0 - 0.5f; th <= th0 + 0.51f; th += 0.125f) {
                double f1 = S_dp_f1(bm, hold_from, S_docs.n, hs, hf, hd, th, best_l, NULL, NULL);
                if (f1 > best_f) { best_f = f1; best_th = th; }
            }
            S_dp_f1(bm, hold_from, S_docs.n, hs, hf, hd, best_th, best_l, &p, &r);
        }
        fprintf(stderr, "held-out, length prior: lambda %.2f threshold %.3f precision %.2f recall %.2f f1 %.2f\n",
                best_l, best_th, p, r, best_f);
    }
    free(hs);
    free(hf);
    free(hd);
    sl_truecaser_free(ptc);
    S_model_free(&m);

    /* final model on everything */
    S_train(&m, tc, 0, S_docs.n, 0, 0, epochs);
    T_w **kept = S_prune(&m, keep, &nk);
    /* the binary file (layout in src/text/repair.c): weights by hash, so that the file
     * does not depend on the order the hash table happened to hold them in */
    qsort(kept, nk, sizeof(*kept), S_cmp_key);
    fprintf(stderr, "%s model: %zu weights, %zu documents, %zu sentence ends, %d epochs\n",
            cased ? "cased" : "lower-case", nk, S_docs.n, ends, epochs);
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_append(&b, SL_BND_FILE_MAGIC, 8);
    S_put32(&b, SL_BND_FILE_VERSION);
    S_put32(&b, cased ? 1u : 0u);
    S_putf(&b, best_th);
    S_putf(&b, best_l);
    S_put32(&b, SL_BND_MAX_LEN);
    S_put32(&b, (uint32_t)nk);
    for (size_t L = 1; L <= SL_BND_MAX_LEN; L++) S_putf(&b, best_l > 0 ? lenlp[L] : 0.0f);
    for (size_t i = 0; i < nk; i++) {
        S_put32(&b, (uint32_t)kept[i]->key);
        S_put32(&b, (uint32_t)(kept[i]->key >> 32));
        S_putf(&b, kept[i]->w);
    }
    free(kept);
    sl_buf_free(&pb);
    S_put32(&b, (uint32_t)crc32(0L, (const unsigned char *)b.data, (uInt)b.len));
    S_model_free(&m);
    *outlen = b.len;
    return sl_buf_take(&b);
}

int main(int argc, char **argv)
{
    const char *out = "resources", *conll[4];
    int nconll = 0;
    const char *docs[16];
    int ndocs = 0, epochs = 6;
    size_t keep = 40000, min_count = 2;
    const char *which = "both", *mout = "models";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--conll") && i + 1 < argc && nconll < 4) conll[nconll++] = argv[++i];
        else if (!strcmp(argv[i], "--docs") && i + 1 < argc && ndocs < 16) docs[ndocs++] = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--epochs") && i + 1 < argc) epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--keep") && i + 1 < argc) keep = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--min-count") && i + 1 < argc) min_count = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--bounds") && i + 1 < argc) which = argv[++i];
        else if (!strcmp(argv[i], "--models-out") && i + 1 < argc) mout = argv[++i];
        else {
            fprintf(stderr, "usage: build_truecase [--conll FILE]... [--docs DIR]... [--out DIR] [--epochs N] "
                            "[--keep N] [--min-count N] [--bounds both|lower|cased|none] [--models-out DIR]\n");
            return 1;
        }
    }
    /* segmentation of the training text uses the hand-written lists only */
    sl_map_init(&S_poscount);
    if (sl_truecaser_from_text(NULL, &S_eng.truecaser) != SL_OK) return 1;
    for (int i = 0; i < nconll; i++)
        if (S_conll(conll[i]) != 0) { fprintf(stderr, "cannot read %s\n", conll[i]); return 1; }
    for (int i = 0; i < ndocs; i++)
        if (nftw(docs[i], S_file, 16, FTW_PHYS) != 0) { fprintf(stderr, "cannot read %s\n", docs[i]); return 1; }
    size_t words = 0, ends = 0;
    for (size_t i = 0; i < S_docs.n; i++) {
        words += S_docs.v[i].nw;
        for (size_t k = 0; k < S_docs.v[i].nw; k++) ends += S_docs.v[i].end[k];
    }
    fprintf(stderr, "%zu documents, %zu words, %zu sentence ends\n", S_docs.n, words, ends);
    if (!S_docs.n) return 1;

    sl_truecaser_src src = {0};
    char *wtsv = S_build_words(min_count, &src.wlen);
    char *ptsv = S_build_pos(min_count, &src.plen);
    src.words = wtsv;
    src.pos = ptsv;
    struct sl_truecaser *tc;
    if (!wtsv || !ptsv || sl_truecaser_from_text(&src, &tc) != SL_OK) return 1;

    /* --bounds picks the boundary models to train (both by default; "none" for the tables) */
    char *bl = NULL, *bc = NULL;
    size_t bll = 0, bcl = 0;
    if (strcmp(which, "cased") && strcmp(which, "none")) bl = S_bounds(tc, false, epochs, keep, ends, &bll);
    if (strcmp(which, "lower") && strcmp(which, "none")) bc = S_bounds(tc, true, epochs, keep, ends, &bcl);
    if (S_write(out, "truecase-words.tsv", wtsv, src.wlen) != 0 || S_write(out, "truecase-pos.tsv", ptsv, src.plen) != 0 ||
        (bl && S_write(mout, "segment-lower.bin", bl, bll) != 0) ||
        (bc && S_write(mout, "segment-cased.bin", bc, bcl) != 0)) {
        fprintf(stderr, "cannot write into %s\n", out);
        return 1;
    }
    fprintf(stderr, "wrote %s/truecase-words.tsv (%zu bytes), %s/truecase-pos.tsv (%zu bytes), "
                    "%s/segment-lower.bin (%zu bytes), %s/segment-cased.bin (%zu bytes)\n",
            out, src.wlen, out, src.plen, mout, bll, mout, bcl);
    free(bl);
    free(bc);
    free(wtsv);
    free(ptsv);
    sl_truecaser_free(tc);
    sl_truecaser_free(S_eng.truecaser);
    return 0;
}
