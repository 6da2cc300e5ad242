/*
 * signature.c — the story signature of one article: the last per-article stage.
 *
 * Story assignment (src/story/cluster.c) never looks at text; it sees only what this stage
 * leaves in the document:
 *   d->terms    the top SL_SIG_MAX_TERMS weighted terms, sorted by hash. A term is a stemmed
 *               content word (Snowball English, stoplist resources/story-stopwords.txt) or an
 *               entity key ("0|vladimir putin": type and lower-cased canonical name) from
 *               d->entities. Weights are raw counts with boosts: a title word counts
 *               SL_SIG_TITLE_BOOST times, an entity mention SL_SIG_ENT_BOOST times, a capitalized
 *               word inside a sentence (a likely name) SL_SIG_CAP_BOOST times, and two such words
 *               in a row add a name-bigram key — a poor man's entity that also works without NER.
 *               IDF is not applied here because it depends on the corpus; the clusterer keeps it
 *               online.
 *               Persons mentioned SL_SIG_PRIN_MIN times or more also add a SL_TC_PRIN term (weight
 *               = mentions): not for similarity, but so the clusterer can compare who an article
 *               and a story are about (the dyad conflict in cluster.c). Its key is the person's
 *               name word, hashed like a body word, so "Trump" meets "Donald Trump".
 *   d->simhash  a 64-bit SimHash over word 3-shingles (lower-cased, unstemmed, stopwords kept) so
 *               that re-posted copies with small edits land within a few bits of each other; 0
 *               when the text has too few words to say anything.
 *
 * The stage tokenizes d->text itself (letters and digits, lower-cased per code point) so it
 * works the same whatever the segmenter does, and with d->entities empty it works on words
 * alone. Cost is one pass over the text plus a hash-table insert per word.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "extract/extract.h"
#include "story/story.h"

#define SL_SIG_MAX_TERMS   64u   /* terms kept per article, headline keys apart */
#define SL_SIG_MAX_TITLE   16u   /* headline keys (SL_TC_TITLE) kept per article */
#define SL_SIG_MAX_WORD    64u   /* longer "words" (URLs, junk) are skipped */
#define SL_SIG_TITLE_BOOST 3.0f  /* a title word is worth this many body occurrences */
#define SL_SIG_ENT_BOOST   2.0f  /* per entity mention */
#define SL_SIG_CAP_BOOST   2.0f  /* a capitalized word inside a sentence: likely part of a name */
#define SL_SIG_NAME_BOOST  2.0f  /* per occurrence of two such words in a row */
#define SL_SIG_MIN_SHINGLES 3u   /* fewer 3-shingles than this: no SimHash (0) */
#define SL_SIG_MAX_PRIN    4u    /* principal persons kept per article */
#define SL_SIG_PRIN_MIN    3u    /* mentions for a person to count as principal */

/* Seeds keep the term classes apart in hash space. */
#define S_SEED_WORD    0x5157u
#define S_SEED_ENT     0xE417u
#define S_SEED_SHINGLE 0x5a1du
#define S_SEED_STOP    0x570bu

/* ---- small open-addressing tables (scratch, freed at the end of the stage) ------------- */

typedef struct S_cell { uint64_t hash; float w; } S_cell;
typedef struct S_tab { S_cell *c; size_t cap, n; } S_tab;

static bool S_tab_init(S_tab *t, size_t cap)
{
    t->c = calloc(cap, sizeof *t->c);
    t->cap = cap;
    t->n = 0;
    return t->c != NULL;
}

/* hash 0 marks an empty cell, so a real hash of 0 is remapped. */
static inline uint64_t S_nz(uint64_t h) { return h ? h : 1; }

static bool S_tab_add(S_tab *t, uint64_t h, float w)
{
    h = S_nz(h);
    if ((t->n + 1) * 2 > t->cap) {
        S_tab g;
        if (!S_tab_init(&g, t->cap * 2)) return false;
        for (size_t i = 0; i < t->cap; i++)
            if (t->c[i].hash) {
                size_t j = t->c[i].hash & (g.cap - 1);
                while (g.c[j].hash) j = (j + 1) & (g.cap - 1);
                g.c[j] = t->c[i];
            }
        g.n = t->n;
        free(t->c);
        *t = g;
    }
    size_t j = h & (t->cap - 1);
    while (t->c[j].hash && t->c[j].hash != h) j = (j + 1) & (t->cap - 1);
    if (!t->c[j].hash) { t->c[j].hash = h; t->n++; }
    t->c[j].w += w;
    return true;
}

static bool S_tab_has(const S_tab *t, uint64_t h)
{
    h = S_nz(h);
    size_t j = h & (t->cap - 1);
    while (t->c[j].hash) {
        if (t->c[j].hash == h) return true;
        j = (j + 1) & (t->cap - 1);
    }
    return false;
}

/* The stoplist as a hash set; built per call because the engine holds no state of ours and
 * building it (a few hundred words) costs microseconds. */
static bool S_stop_load(S_tab *stop)
{
    if (!S_tab_init(stop, 1024)) return false;
    size_t len = 0;
    const char *r = sl_resource("stopwords.txt", &len);
    const char *r2 = sl_resource("story-stopwords.txt", NULL);
    for (int pass = 0; pass < 2; pass++) {
        const char *p = pass == 0 ? r2 : r;
        if (!p) continue;
        while (*p) {
            const char *e = p;
            while (*e && *e != '\n') e++;
            const char *q = e;
            while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r')) q--;
            if (q > p && *p != '#' && !S_tab_add(stop, sl_hash64(p, (size_t)(q - p), S_SEED_STOP), 1)) return false;
            p = *e ? e + 1 : e;
        }
    }
    return true;
}

/* ---- tokenizer: calls fn for each lower-cased word (letters/digits runs) --------------- */

typedef struct S_ctx {
    S_tab tf, stop;
    struct sb_stemmer *stem;
    float boost;             /* weight per occurrence for the current pass */
    bool shingle;            /* also feed the SimHash */
    bool title;              /* scanning the title: also add title-class keys */
    uint64_t w1, w2;         /* previous two word hashes for shingles */
    uint64_t pp;             /* stem hash of the previous word when it was a likely name */
    uint32_t nwords;
    uint32_t nshingles;
    int32_t votes[64];
    bool oom;
} S_ctx;

static void S_word(S_ctx *c, const char *w, size_t n, bool has_alpha, bool proper)
{
    uint64_t wh = sl_hash64(w, n, S_SEED_SHINGLE);
    if (c->shingle) {
        if (c->nwords >= 2) {
            uint64_t k[3] = {c->w1, c->w2, wh};
            uint64_t h = sl_hash64(k, sizeof k, S_SEED_SHINGLE);
            for (int b = 0; b < 64; b++) c->votes[b] += (h >> b) & 1 ? 1 : -1;
            c->nshingles++;
        }
        c->w1 = c->w2;
        c->w2 = wh;
        c->nwords++;
    }
    uint64_t prev = c->pp;
    c->pp = 0;
    if (!has_alpha || n < 2) return;
    if (S_tab_has(&c->stop, sl_hash64(w, n, S_SEED_STOP))) return;
    const sb_symbol *s = sb_stemmer_stem(c->stem, (const sb_symbol *)w, (int)n);
    if (!s) { c->oom = true; return; }
    int sn = sb_stemmer_length(c->stem);
    if (sn < 2) return;
    float wt = proper ? c->boost * SL_SIG_CAP_BOOST : c->boost;
    uint64_t h = SL_TERM_TAG(sl_hash64(s, (size_t)sn, S_SEED_WORD), SL_TC_WORD);
    if (!S_tab_add(&c->tf, h, wt)) c->oom = true;
    /* the title also gets keys of its own, so the clusterer can compare headlines apart
     * from bodies (they are left out of its all-terms cosine) */
    if (c->title && !S_tab_add(&c->tf, SL_TERM_TAG(h, SL_TC_TITLE), SL_SIG_TITLE_BOOST)) c->oom = true;
    if (proper) {
        /* two likely-name words in a row ("Hosni Mubarak") make a name key of their own:
         * a poor man's entity while d->entities is empty */
        if (prev) {
            uint64_t k[2] = {prev, h};
            if (!S_tab_add(&c->tf, SL_TERM_TAG(sl_hash64(k, sizeof k, S_SEED_ENT), SL_TC_NAME), SL_SIG_NAME_BOOST))
                c->oom = true;
        }
        c->pp = h;
    }
}

static void S_scan(S_ctx *c, const char *t, size_t n)
{
    char w[SL_SIG_MAX_WORD + 8];
    size_t wl = 0;
    bool alpha = false, toolong = false, cap = false;
    bool at_start = true; /* a capital after . ! ? or a line break says nothing about names */
    size_t i = 0;
    while (i <= n && !c->oom) {
        int32_t cp = 0;
        int l = 1;
        bool word = false;
        if (i < n) {
            unsigned char b = (unsigned char)t[i];
            if (b < 0x80) {
                cp = b;
                word = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z');
                if (b >= 'A' && b <= 'Z') cp = b + 32;
            } else {
                l = sl_utf8_decode(t + i, n - i, &cp);
                utf8proc_category_t cat = utf8proc_category(cp);
                word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
                       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
                if (word) cp = utf8proc_tolower(cp);
            }
        }
        if (word) {
            if (!wl) cap = i < n && ((unsigned char)t[i] >= 'A' && (unsigned char)t[i] <= 'Z');
            char enc[4];
            int el = cp < 0x80 ? (enc[0] = (char)cp, 1) : sl_utf8_encode(cp, enc);
            if (wl + (size_t)el > SL_SIG_MAX_WORD) toolong = true;
            else { memcpy(w + wl, enc, (size_t)el); wl += (size_t)el; }
            if (!(cp >= '0' && cp <= '9')) alpha = true;
        } else if (wl) {
            if (!toolong) S_word(c, w, wl, alpha, cap && !at_start && c->shingle);
            wl = 0;
            alpha = toolong = false;
            at_start = false;
        }
        if (!word && i < n && (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == '\n' || t[i] == ':'))
            at_start = true;
        i += (size_t)l;
    }
}

static int S_by_weight(const void *a, const void *b)
{
    const S_cell *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static int S_by_hash(const void *a, const void *b)
{
    const sl_term *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Lower-cases word `k` (of at most SL_SIG_MAX_WORD bytes) of `name` into w; its length, or 0
 * when the name has fewer words. Words are runs of letters/digits, as in S_scan. */
static size_t S_name_word(const char *name, size_t k, char *w)
{
    size_t idx = 0, wl = 0;
    for (const char *p = name;; p++) {
        bool word = *p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                           (unsigned char)*p >= 0x80);
        if (word) {
            if (idx == k && wl < SL_SIG_MAX_WORD) w[wl++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
        } else {
            if (idx == k && wl) return wl;
            if (p > name && ((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                             (p[-1] >= '0' && p[-1] <= '9') || (unsigned char)p[-1] >= 0x80))
                idx++;
            if (!*p) return 0;
        }
    }
}

/* The word that names a person across articles: the word found in most of its surface forms
 * ("Kim Jong Un", "Kim" -> kim; "Donald Trump", "Trump" -> trump), ties going to the last word
 * of the canonical name (the surname in Western order). Returned as the word key's hash
 * (stemmed like body words) so the clusterer can also look the name up among story words;
 * 0 when the name has no usable word. */
static uint64_t S_person_key(S_ctx *c, const sl_entity *en)
{
    char best[SL_SIG_MAX_WORD], w[SL_SIG_MAX_WORD], v[SL_SIG_MAX_WORD];
    size_t bl = 0;
    uint32_t bn = 0;
    for (size_t k = 0;; k++) {
        size_t wl = S_name_word(en->name, k, w);
        if (!wl) break;
        if (wl < 2) continue;
        uint32_t n = 0;
        for (uint32_t a = 0; a < en->naliases; a++) {
            if (!en->aliases || !en->aliases[a]) continue;
            size_t vl;
            for (size_t j = 0; (vl = S_name_word(en->aliases[a], j, v)) != 0; j++)
                if (vl == wl && !memcmp(v, w, wl)) { n++; break; }
        }
        if (n >= bn) { bn = n; bl = wl; memcpy(best, w, wl); }
    }
    if (!bl) return 0;
    const sb_symbol *s = sb_stemmer_stem(c->stem, (const sb_symbol *)best, (int)bl);
    if (!s) return 0;
    int sn = sb_stemmer_length(c->stem);
    return sn < 2 ? 0 : sl_hash64(s, (size_t)sn, S_SEED_WORD);
}

sl_status sl_signature(const sl_engine *e, sl_doc *d)
{
    (void)e;
    d->terms.n = 0;
    d->simhash = 0;
    S_ctx c;
    memset(&c, 0, sizeof c);
    sl_status st = SL_ENOMEM;
    if (!S_tab_init(&c.tf, 256) || !S_stop_load(&c.stop)) goto out;
    c.stem = sb_stemmer_new("english", NULL);
    if (!c.stem) goto out;

    /* Body first, with the SimHash; the title adds boosted terms only, so two copies of one
     * text under different headlines still look like near-duplicates. */
    c.boost = 1.0f;
    c.shingle = true;
    if (d->text) S_scan(&c, d->text, d->text_len);
    c.shingle = false;
    c.title = true;
    c.boost = SL_SIG_TITLE_BOOST;
    if (d->title) S_scan(&c, d->title, strlen(d->title));
    if (c.oom) goto out;

    for (size_t i = 0; i < d->entities.n; i++) {
        const sl_entity *en = &d->entities.v[i];
        if (!en->name || !en->name[0]) continue;
        /* Key = type + lower-cased canonical name, so "Putin" the person and a "Putin" street
         * stay apart, and case variants meet. */
        char key[160];
        size_t kl = (size_t)snprintf(key, sizeof key, "%u|", (unsigned)en->type);
        for (const char *p = en->name; *p && kl + 1 < sizeof key; p++)
            key[kl++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
        float w = SL_SIG_ENT_BOOST * (float)(en->mentions ? en->mentions : 1);
        unsigned cls = en->type == SL_LOC ? SL_TC_LOC : SL_TC_ENT;
        if (!S_tab_add(&c.tf, SL_TERM_TAG(sl_hash64(key, kl, S_SEED_ENT), cls), w)) goto out;
    }

    /* Principal persons: the most-mentioned people, keyed by their name word in class
     * SL_TC_PRIN with the mention count as weight; story assignment compares who an article
     * and a story are about (cluster.c). */
    size_t prin_at = 0;
    sl_term prin[SL_SIG_MAX_PRIN];
    for (size_t i = 0; i < d->entities.n; i++) {
        const sl_entity *en = &d->entities.v[i];
        if (en->type != SL_PER || !en->name || !en->name[0] || en->mentions < SL_SIG_PRIN_MIN) continue;
        uint64_t h = S_person_key(&c, en);
        if (!h) continue;
        sl_term t = {SL_TERM_TAG(h, SL_TC_PRIN), (float)en->mentions};
        /* two entities of one person ("Barack Obama", "Obama" left apart by alias merging)
         * share the key: their mentions add up */
        size_t same = 0;
        while (same < prin_at && prin[same].hash != t.hash) same++;
        if (same < prin_at) {
            t.weight += prin[same].weight;
            memmove(prin + same, prin + same + 1, (prin_at - same - 1) * sizeof *prin);
            prin_at--;
        }
        /* keep the SL_SIG_MAX_PRIN most mentioned (ties: the earlier entity, i.e. first mention) */
        size_t pos = prin_at;
        while (pos > 0 && prin[pos - 1].weight < t.weight) pos--;
        if (pos >= SL_SIG_MAX_PRIN) continue;
        size_t last = prin_at < SL_SIG_MAX_PRIN ? prin_at : SL_SIG_MAX_PRIN - 1;
        memmove(prin + pos + 1, prin + pos, (last - pos) * sizeof *prin);
        prin[pos] = t;
        if (prin_at < SL_SIG_MAX_PRIN) prin_at++;
    }

    /* Top terms by weight (ties by hash: deterministic), then sorted by hash for merging. */
    size_t n = 0;
    for (size_t i = 0; i < c.tf.cap; i++)
        if (c.tf.c[i].hash) c.tf.c[n++] = c.tf.c[i];
    qsort(c.tf.c, n, sizeof *c.tf.c, S_by_weight);
    /* headline keys have a budget of their own, so they never push a body term out */
    size_t kept = 0, kept_title = 0;
    for (size_t i = 0; i < n; i++) {
        bool title = SL_TERM_CLASS(c.tf.c[i].hash) == SL_TC_TITLE;
        if (title ? kept_title >= SL_SIG_MAX_TITLE : kept >= SL_SIG_MAX_TERMS) continue;
        if (title) kept_title++;
        else kept++;
        sl_term t = {c.tf.c[i].hash, c.tf.c[i].w};
        if (!sl_vec_push(&d->terms, t)) goto out;
    }
    for (size_t i = 0; i < prin_at; i++)
        if (!sl_vec_push(&d->terms, prin[i])) goto out;
    if (d->terms.n) qsort(d->terms.v, d->terms.n, sizeof *d->terms.v, S_by_hash);

    if (c.nshingles >= SL_SIG_MIN_SHINGLES) {
        uint64_t h = 0;
        for (int b = 0; b < 64; b++)
            if (c.votes[b] > 0) h |= 1ull << b;
        d->simhash = h ? h : 1;
    }
    st = SL_OK;
out:
    if (c.stem) sb_stemmer_delete(c.stem);
    free(c.tf.c);
    free(c.stop.c);
    return st;
}
