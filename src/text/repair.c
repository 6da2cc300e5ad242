/*
 * repair.c — restores degraded text before segmentation (pipeline: normalize -> repair -> segment).
 *
 * Some feeds arrive lower-cased and/or with their punctuation stripped (seed 002 is both:
 * "... north korean leader kim jong un will seek ..."). Every later stage leans on case and
 * sentence ends, so this stage detects such text, keeps the original in d->orig and rewrites
 * d->text:
 *
 *  - Detection. Lower-cased: fewer than 3% of the words that are not sentence-initial start
 *    with a capital (news text has 10-20%). No punctuation: a run of 120+ words without
 *    . ! ? or a newline, or 40+ words with fewer than one terminator per 50 words.
 *  - Sentence ends (no punctuation only). An averaged perceptron scores every whitespace gap
 *    between two words from the words around it (lower-case identities and n-grams, suffixes,
 *    the casing class and usual part of speech of the neighbours, and, when the text kept its
 *    case, the written case of the neighbours); the ends of the whole text are then chosen
 *    together with a sentence-length prior (sl_bnd_decode) and "." is inserted there.
 *    There are two models, because case is the strongest cue when it is there and absent
 *    otherwise: models/segment-lower.bin for lower-cased text, models/segment-cased.bin for
 *    text that only lost its punctuation. tools/build_truecase.c trains both from
 *    punctuated, cased news text that is degraded the same way.
 *  - Case (lower-cased only). Each all-lower-case word takes its most frequent written form
 *    in cased text, given the previous word when that context decides differently ("un" is
 *    "UN" alone but "Un" after "jong"); the table (resources/truecase-words.tsv) holds only
 *    words whose usual form is not lower case. Sentence-initial words are capitalized. Two
 *    name rules look at the previous word: a short all-caps form right after a name is a name
 *    part ("Kim Jong Un"), and a word the vocabulary (resources/truecase-pos.tsv) does not
 *    know right after a name continues it ("Michael Flynn"); no sentence end is put inside
 *    such a chained name. Case is decided before sentence ends for that reason.
 *
 * "Words" here are maximal runs of letters, marks and digits, the units a punctuation
 * stripper leaves behind ("U.S." becomes "u s", "Trump's" becomes "trump s"). The rewrite only
 * changes letter case and inserts ". ", so the word sequence is the same before and after.
 *
 * The same struct also carries the abbreviation and sentence-starter lists the segmenter uses
 * (see repair.h): one immutable bundle of sentence knowledge, loaded once per engine.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <utf8proc.h>
#include <zlib.h>

#include "text/repair.h"

/* Open-addressing table from feature hash to weight (0 marks an empty slot). */
/* Key and weight side by side: one cache miss per lookup, which is most of a gap's cost. */
typedef struct S_fslot {
    uint64_t key;
    float val;
} S_fslot;
typedef struct S_ftab {
    S_fslot *slots;
    size_t cap, n;
} S_ftab;

/* One boundary model: hashed feature weights and the cut tuned with them. */
struct sl_bnd_model {
    S_ftab feats;
    bool loaded;
    float threshold;  /* score above which a gap is a boundary */
    bool has_prior;   /* decode with the length prior (sl_bnd_decode) */
    float lambda;     /* weight of the prior against the gap scores */
    float lenlp[SL_BND_MAX_LEN + 1]; /* log P(sentence of L words), L = 1..SL_BND_MAX_LEN */
};

struct sl_truecaser {
    sl_arena arena;   /* forms point here */
    sl_map abbr;      /* lower-case word -> SL_ABBR_* class */
    sl_map starters;  /* lower-case word -> 1 */
    sl_map uni;       /* lower-case word -> usual form (char *) */
    sl_map bi;        /* "prev\x01word" -> usual form after prev (lower case undoes uni) */
    sl_map pos;       /* lower-case word -> usual Penn tag */
    sl_bnd_model lower;  /* models/segment-lower.bin: for lower-cased text */
    sl_bnd_model cased;  /* models/segment-cased.bin: for text that kept its case */
};

/* ---- small helpers ----------------------------------------------------------------------- */

/* ASCII letters and digits: the word characters of nearly every byte of a text. */
static inline bool S_ascii_wordch(unsigned char c)
{
    return (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

static bool S_is_wordch(int32_t cp)
{
    if (cp < 128) return S_ascii_wordch((unsigned char)cp);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

static bool S_is_upper(int32_t cp)
{
    if (cp < 128) return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool S_all_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z') return false;
    return n > 0;
}

static inline int S_dec(const char *s, size_t n, size_t p, int32_t *cp)
{
    unsigned char c = (unsigned char)s[p];
    if (c < 0x80) { *cp = c; return 1; }
    return sl_utf8_decode(s + p, n - p, cp);
}

/* Lower-cases s[0..n) into out (cap bytes); returns the length, or 0 when it does not fit. */
static size_t S_lower(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t p = 0; p < n;) {
        unsigned char c = (unsigned char)s[p];
        if (c < 0x80) {
            if (o + 1 > cap) return 0;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            p++;
            continue;
        }
        int32_t cp;
        int l = sl_utf8_decode(s + p, n - p, &cp);
        char enc[4];
        int el = sl_utf8_encode(utf8proc_tolower(cp), enc);
        if (o + (size_t)el > cap) return 0;
        memcpy(out + o, enc, (size_t)el);
        o += (size_t)el;
        p += (size_t)l;
    }
    return o;
}

static bool S_has_upper(const char *s, size_t n)
{
    for (size_t p = 0; p < n;) {
        int32_t cp;
        p += (size_t)S_dec(s, n, p, &cp);
        if (S_is_upper(cp)) return true;
    }
    return false;
}

/* ---- loading ------------------------------------------------------------------------------ */

static bool S_ftab_put(S_ftab *t, uint64_t k, float v)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        S_fslot *ns = calloc(nc, sizeof(*ns));
        if (!ns) return false;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].key) continue;
            size_t j = t->slots[i].key & (nc - 1);
            while (ns[j].key) j = (j + 1) & (nc - 1);
            ns[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = ns;
        t->cap = nc;
    }
    size_t j = k & (t->cap - 1);
    while (t->slots[j].key && t->slots[j].key != k) j = (j + 1) & (t->cap - 1);
    if (!t->slots[j].key) t->n++;
    t->slots[j].key = k;
    t->slots[j].val = v;
    return true;
}

static float S_ftab_get(const S_ftab *t, uint64_t k)
{
    if (!t->cap) return 0;
    size_t j = k & (t->cap - 1);
    while (t->slots[j].key) {
        if (t->slots[j].key == k) return t->slots[j].val;
        j = (j + 1) & (t->cap - 1);
    }
    return 0;
}

static uint64_t S_fhash(const char *s, size_t n) { return sl_hash64(s, n, 0x5e6d3e47ULL) | 1u; }

/* Calls fn on every non-empty, non-comment line, split at the first tab. */
typedef sl_status (*S_line_fn)(struct sl_truecaser *t, const char *a, size_t an, const char *b,
                               size_t bn);
static sl_status S_lines(struct sl_truecaser *t, const char *s, size_t n, S_line_fn fn)
{
    size_t p = 0;
    while (p < n) {
        const char *nl = memchr(s + p, '\n', n - p);
        size_t e = nl ? (size_t)(nl - s) : n, le = e;
        if (le > p && s[le - 1] == '\r') le--;
        if (le > p && s[p] != '#') {
            const char *tab = memchr(s + p, '\t', le - p);
            size_t an = tab ? (size_t)(tab - (s + p)) : le - p;
            const char *b = tab ? tab + 1 : s + le;
            sl_status st = fn(t, s + p, an, b, (size_t)(s + le - b));
            if (st != SL_OK) return st;
        }
        p = e + 1;
    }
    return SL_OK;
}

static sl_status S_abbr_line(struct sl_truecaser *t, const char *a, size_t an, const char *b, size_t bn)
{
    char low[SL_TC_MAX_WORD];
    size_t ln = S_lower(a, an, low, sizeof low);
    if (!ln || !bn) return SL_EMODEL;
    int cls = b[0] == 'T' ? SL_ABBR_TITLE : b[0] == 'E' ? SL_ABBR_END : b[0] == 'N' ? SL_ABBR_NUM : 0;
    if (!cls) return SL_EMODEL;
    bool created;
    sl_map_entry *me = sl_map_put(&t->abbr, low, ln, &created);
    if (!me) return SL_ENOMEM;
    me->val = (void *)(intptr_t)cls;
    return SL_OK;
}

static sl_status S_starter_line(struct sl_truecaser *t, const char *a, size_t an, const char *b, size_t bn)
{
    char low[SL_TC_MAX_WORD];
    size_t ln = S_lower(a, an, low, sizeof low);
    if (!ln) return SL_EMODEL;
    bool created;
    sl_map_entry *me = sl_map_put(&t->starters, low, ln, &created);
    if (!me) return SL_ENOMEM;
    me->val = (void *)1;
    return SL_OK;
}

/* truecase-words.tsv: "Form" (usual form anywhere) or "prev<TAB>form" (usual form after the
 * lower-case word prev; an all-lower-case form there undoes the unigram entry). */
static sl_status S_word_line(struct sl_truecaser *t, const char *a, size_t an, const char *b, size_t bn)
{
    const char *form = bn ? b : a;
    size_t fn = bn ? bn : an;
    char low[SL_TC_MAX_WORD], key[2 * SL_TC_MAX_WORD + 1];
    size_t ln = S_lower(form, fn, low, sizeof low);
    if (!ln || fn >= SL_TC_MAX_WORD) return SL_EMODEL;
    char *f = sl_arena_strndup(&t->arena, form, fn);
    if (!f) return SL_ENOMEM;
    bool created;
    sl_map_entry *me;
    if (!bn) {
        me = sl_map_put(&t->uni, low, ln, &created);
    } else {
        if (an >= SL_TC_MAX_WORD) return SL_EMODEL;
        memcpy(key, a, an);
        key[an] = '\x01';
        memcpy(key + an + 1, low, ln);
        me = sl_map_put(&t->bi, key, an + 1 + ln, &created);
    }
    if (!me) return SL_ENOMEM;
    me->val = f;
    return SL_OK;
}

/* The TSV form of a boundary model (hand-made test models): "feature<TAB>weight"; the line
 * "@threshold<TAB>x" sets the cut, "@lambda<TAB>x" and "@len L<TAB>log p" the length prior. */
static sl_status S_bound_line_into(sl_bnd_model *m, const char *a, size_t an, const char *b, size_t bn)
{
    char num[32];
    if (!bn || bn >= sizeof num) return SL_EMODEL;
    memcpy(num, b, bn);
    num[bn] = 0;
    char *end;
    float w = strtof(num, &end);
    if (end == num) return SL_EMODEL;
    if (an == 10 && !memcmp(a, "@threshold", 10)) {
        m->threshold = w;
        return SL_OK;
    }
    if (an == 7 && !memcmp(a, "@lambda", 7)) {
        m->lambda = w;
        m->has_prior = true;
        return SL_OK;
    }
    if (an > 5 && !memcmp(a, "@len ", 5)) {
        char ln[8];
        if (an - 5 >= sizeof ln) return SL_EMODEL;
        memcpy(ln, a + 5, an - 5);
        ln[an - 5] = 0;
        long L = strtol(ln, &end, 10);
        if (*end || L < 1 || L > (long)SL_BND_MAX_LEN) return SL_EMODEL;
        m->lenlp[L] = w;
        return SL_OK;
    }
    m->loaded = true;
    return S_ftab_put(&m->feats, S_fhash(a, an), w) ? SL_OK : SL_ENOMEM;
}

static sl_status S_bound_line(struct sl_truecaser *t, const char *a, size_t an, const char *b, size_t bn)
{
    return S_bound_line_into(&t->lower, a, an, b, bn);
}

/* The binary model file (models/segment-*.bin, written by tools/build_truecase.c), all
 * little-endian:
 *   0   8  "SLBNDMDL"
 *   8   4  version (SL_BND_FILE_VERSION)
 *   12  4  flags: bit 0 = the cased model
 *   16  4  threshold (float)
 *   20  4  lambda (float; 0 = greedy decoding, no prior)
 *   24  4  SL_BND_MAX_LEN
 *   28  4  number of weights W
 *   32  4L log P(length) for L = 1..SL_BND_MAX_LEN (float)
 *   ..  12W  (feature hash u64, weight float), by hash
 *   ..  4  CRC-32 (zlib) of every byte before it
 * Hashes, not names: the file is a third of the size of the TSV form. */
static uint32_t S_rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float S_rdf(const unsigned char *p)
{
    uint32_t u = S_rd32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

bool sl_bnd_is_binary(const char *data, size_t len)
{
    return len >= 8 && !memcmp(data, SL_BND_FILE_MAGIC, 8);
}

static sl_status S_bound_bin(sl_bnd_model *m, const char *data, size_t len, bool cased)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t head = 32 + 4 * (size_t)SL_BND_MAX_LEN;
    if (len < head + 4 || !sl_bnd_is_binary(data, len)) return SL_EMODEL;
    if (S_rd32(p + 8) != SL_BND_FILE_VERSION || (S_rd32(p + 12) & 1u) != (cased ? 1u : 0u) ||
        S_rd32(p + 24) != SL_BND_MAX_LEN)
        return SL_EMODEL;
    uint32_t nw = S_rd32(p + 28);
    if ((len - head - 4) / 12 != nw || (len - head - 4) % 12) return SL_EMODEL;
    if ((uint32_t)crc32(0L, p, (uInt)(len - 4)) != S_rd32(p + len - 4)) return SL_EMODEL;
    m->threshold = S_rdf(p + 16);
    m->lambda = S_rdf(p + 20);
    m->has_prior = m->lambda > 0;
    for (size_t L = 1; L <= SL_BND_MAX_LEN; L++) m->lenlp[L] = S_rdf(p + 32 + 4 * (L - 1));
    const unsigned char *q = p + head;
    if (!m->feats.cap) { /* sized once: no rehashing while loading */
        size_t cap = 1024;
        while (cap < 2 * ((size_t)nw + 1)) cap *= 2;
        if (!(m->feats.slots = calloc(cap, sizeof(*m->feats.slots)))) return SL_ENOMEM;
        m->feats.cap = cap;
    }
    for (uint32_t i = 0; i < nw; i++, q += 12) {
        uint64_t k = (uint64_t)S_rd32(q) | (uint64_t)S_rd32(q + 4) << 32;
        if (!k) return SL_EMODEL;
        if (!S_ftab_put(&m->feats, k, S_rdf(q + 8))) return SL_ENOMEM;
    }
    m->loaded = true;
    return SL_OK;
}

static sl_status S_bound_cased_line(struct sl_truecaser *t, const char *a, size_t an, const char *b, size_t bn)
{
    return S_bound_line_into(&t->cased, a, an, b, bn);
}

/* truecase-pos.tsv: "word<TAB>TAG". */
static sl_status S_pos_line(struct sl_truecaser *t, const char *a, size_t an, const char *b, size_t bn)
{
    if (!an || !bn || an >= SL_TC_MAX_WORD || bn > 8) return SL_EMODEL;
    char *tag = sl_arena_strndup(&t->arena, b, bn);
    if (!tag) return SL_ENOMEM;
    bool created;
    sl_map_entry *me = sl_map_put(&t->pos, a, an, &created);
    if (!me) return SL_ENOMEM;
    me->val = tag;
    return SL_OK;
}

sl_status sl_truecaser_from_text(const sl_truecaser_src *src, struct sl_truecaser **out)
{
    struct sl_truecaser *t = calloc(1, sizeof(*t));
    if (!t) return SL_ENOMEM;
    sl_arena_init(&t->arena);
    sl_map_init(&t->abbr);
    sl_map_init(&t->starters);
    sl_map_init(&t->uni);
    sl_map_init(&t->bi);
    sl_map_init(&t->pos);
    size_t alen = 0, slen = 0;
    const char *ab = sl_resource("abbreviations.txt", &alen);
    const char *sw = sl_resource("segment-starters.txt", &slen);
    sl_status st = SL_OK;
    if (ab) st = S_lines(t, ab, alen, S_abbr_line);
    if (st == SL_OK && sw) st = S_lines(t, sw, slen, S_starter_line);
    if (st == SL_OK && src && src->words) st = S_lines(t, src->words, src->wlen, S_word_line);
    if (st == SL_OK && src && src->pos) st = S_lines(t, src->pos, src->plen, S_pos_line);
    /* a boundary model is either the binary file or the TSV form (hand-made test models) */
    if (st == SL_OK && src && src->bounds)
        st = sl_bnd_is_binary(src->bounds, src->blen) ? S_bound_bin(&t->lower, src->bounds, src->blen, false)
                                                      : S_lines(t, src->bounds, src->blen, S_bound_line);
    if (st == SL_OK && src && src->bounds_cased)
        st = sl_bnd_is_binary(src->bounds_cased, src->bclen)
                 ? S_bound_bin(&t->cased, src->bounds_cased, src->bclen, true)
                 : S_lines(t, src->bounds_cased, src->bclen, S_bound_cased_line);
    if (st != SL_OK) {
        sl_truecaser_free(t);
        return st;
    }
    *out = t;
    return SL_OK;
}

sl_status sl_truecaser_load(struct sl_truecaser **out)
{
    sl_truecaser_src src = {0};
    src.words = sl_resource("truecase-words.tsv", &src.wlen);
    src.pos = sl_resource("truecase-pos.tsv", &src.plen);
    src.bounds = sl_resource("segment-lower.bin", &src.blen);
    src.bounds_cased = sl_resource("segment-cased.bin", &src.bclen);
    return sl_truecaser_from_text(&src, out);
}

void sl_truecaser_free(struct sl_truecaser *t)
{
    if (!t) return;
    sl_map_free(&t->abbr);
    sl_map_free(&t->starters);
    sl_map_free(&t->uni);
    sl_map_free(&t->bi);
    sl_map_free(&t->pos);
    free(t->lower.feats.slots);
    free(t->cased.feats.slots);
    sl_arena_release(&t->arena);
    free(t);
}

/* ---- lookups ------------------------------------------------------------------------------ */

int sl_truecaser_abbrev(const struct sl_truecaser *t, const char *w, size_t n)
{
    char low[SL_TC_MAX_WORD];
    size_t ln;
    if (!t || !(ln = S_lower(w, n, low, sizeof low))) return SL_ABBR_NONE;
    sl_map_entry *me = sl_map_get(&t->abbr, low, ln);
    return me ? (int)(intptr_t)me->val : SL_ABBR_NONE;
}

bool sl_truecaser_starter(const struct sl_truecaser *t, const char *w, size_t n)
{
    char low[SL_TC_MAX_WORD];
    size_t ln;
    if (!t || !(ln = S_lower(w, n, low, sizeof low))) return false;
    return sl_map_get(&t->starters, low, ln) != NULL;
}

const char *sl_truecaser_form(const struct sl_truecaser *t, const char *prev, size_t plen,
                              const char *w, size_t n)
{
    if (!t || !n || n >= SL_TC_MAX_WORD) return NULL;
    if (prev && plen && plen < SL_TC_MAX_WORD && t->bi.n) {
        char key[2 * SL_TC_MAX_WORD + 1];
        memcpy(key, prev, plen);
        key[plen] = '\x01';
        memcpy(key + plen + 1, w, n);
        sl_map_entry *me = sl_map_get(&t->bi, key, plen + 1 + n);
        if (me) {
            const char *f = me->val;
            return S_has_upper(f, strlen(f)) ? f : NULL;
        }
    }
    sl_map_entry *me = sl_map_get(&t->uni, w, n);
    return me ? me->val : NULL;
}

const char *sl_truecaser_pos(const struct sl_truecaser *t, const char *w, size_t n)
{
    if (!n) return "?";
    if (w[0] >= '0' && w[0] <= '9') return "CD";
    if (t && n < SL_TC_MAX_WORD) {
        sl_map_entry *me = sl_map_get(&t->pos, w, n);
        if (me) return me->val;
        if (sl_map_get(&t->uni, w, n)) return "?NNP";
    }
    if (n > 4 && !memcmp(w + n - 3, "ing", 3)) return "?ing";
    if (n > 3 && !memcmp(w + n - 2, "ed", 2)) return "?ed";
    if (n > 3 && !memcmp(w + n - 2, "ly", 2)) return "?ly";
    if (n > 3 && w[n - 1] == 's') return "?s";
    return "?";
}

/* ---- boundary features --------------------------------------------------------------------- */

/* Casing class of a lower-case word by its usual form: n(umber), l(ower), C(apitalized),
 * U(pper), M(ixed). */
static char S_case_class(const struct sl_truecaser *t, const sl_bword *w)
{
    if (w->n && w->s[0] >= '0' && w->s[0] <= '9') return 'n';
    const char *f = sl_truecaser_form(t, NULL, 0, w->s, w->n);
    if (!f) return 'l';
    size_t fl = strlen(f), up = 0, letters = 0;
    for (size_t p = 0; p < fl;) {
        int32_t cp;
        p += (size_t)S_dec(f, fl, p, &cp);
        if (utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO && utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU) {
            letters++;
            up += S_is_upper(cp);
        }
    }
    if (up == letters && letters > 1) return 'U';
    return up == 1 ? 'C' : 'M';
}

/* The identity of a word as a feature: numbers by their shape, long words cut. */
static size_t S_ident(const sl_bword *w, char *out)
{
    if (!w) { memcpy(out, "<E>", 3); return 3; }
    if (w->n && w->s[0] >= '0' && w->s[0] <= '9') {
        size_t d = w->n > 4 ? 5 : w->n;
        memcpy(out, "<n", 2);
        out[2] = (char)('0' + d);
        out[3] = '>';
        return 4;
    }
    size_t n = SL_MIN((size_t)w->n, (size_t)24);
    memcpy(out, w->s, n);
    return n;
}

uint64_t sl_bnd_hash(const char *name, size_t n) { return S_fhash(name, n); }

/* snprintf for the three conversions feature names use (%s, %.*s, %c), several times
 * faster than the C library's on these short strings: feature names are most of the
 * repair stage's time. Returns the length written (cut at cap - 1). */
static int S_fmt(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t o = 0;
    for (const char *f = fmt; *f; f++) {
        const char *sv = NULL;
        size_t sn = 0;
        char ch;
        if (f[0] != '%') { ch = *f; sv = &ch; sn = 1; }
        else if (f[1] == 's') { sv = va_arg(ap, const char *); sn = strlen(sv); f++; }
        else if (f[1] == 'c') { ch = (char)va_arg(ap, int); sv = &ch; sn = 1; f++; }
        else if (f[1] == '.' && f[2] == '*' && f[3] == 's') {
            int l = va_arg(ap, int);
            sv = va_arg(ap, const char *);
            sn = l > 0 ? (size_t)l : 0;
            f += 3;
        }
        if (o + sn >= cap) sn = cap - 1 - o;
        for (size_t k = 0; k < sn; k++) buf[o + k] = sv[k]; /* short: a loop beats a call */
        o += sn;
    }
    va_end(ap);
    buf[o] = 0;
    return (int)o;
}

uint8_t sl_bnd_case_of(const char *w, size_t n)
{
    if (!n) return SL_BCASE_LOWER;
    int32_t cp;
    S_dec(w, n, 0, &cp);
    if ((cp >= '0' && cp <= '9') || utf8proc_category(cp) == UTF8PROC_CATEGORY_ND) return SL_BCASE_NUM;
    if (!S_is_upper(cp)) return SL_BCASE_LOWER;
    size_t letters = 0;
    for (size_t p = 0; p < n;) {
        p += (size_t)S_dec(w, n, p, &cp);
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LL) return SL_BCASE_CAP;
        letters += c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
    }
    return letters > 1 ? SL_BCASE_UPPER : SL_BCASE_CAP;
}

/* Feature letter of a written-case class ('E' past either end of the text). */
static char S_cas_ch(const sl_bword *w)
{
    static const char k[] = "?lCUn";
    return w ? k[w->cas < 5 ? w->cas : 0] : 'E';
}

size_t sl_bnd_features(const struct sl_truecaser *t, const sl_bword *words, size_t nwords,
                       size_t i, uint64_t *out)
{
    return sl_bnd_features_named(t, words, nwords, i, out, NULL);
}

size_t sl_bnd_features_named(const struct sl_truecaser *t, const sl_bword *words, size_t nwords,
                             size_t i, uint64_t *out, char (*names)[SL_BND_NAME_MAX])
{
    const sl_bword *wm1 = i > 0 ? &words[i - 1] : NULL, *w0 = &words[i];
    const sl_bword *w1 = i + 1 < nwords ? &words[i + 1] : NULL;
    const sl_bword *w2 = i + 2 < nwords ? &words[i + 2] : NULL;
    const sl_bword *wm2 = i > 1 ? &words[i - 2] : NULL;
    const sl_bword *w3 = i + 3 < nwords ? &words[i + 3] : NULL;
    char a[32], b[32], c[32], z[32], buf[SL_BND_NAME_MAX];
    size_t an = S_ident(wm1, a), bn = S_ident(w0, b), cn = S_ident(w1, c), zn = S_ident(w2, z);
    char k0 = S_case_class(t, w0), k1 = w1 ? S_case_class(t, w1) : 'E';
    char km1 = wm1 ? S_case_class(t, wm1) : 'E';
    const char *pm1 = wm1 ? sl_truecaser_pos(t, wm1->s, wm1->n) : "<E>";
    const char *p0 = sl_truecaser_pos(t, w0->s, w0->n);
    const char *p1 = w1 ? sl_truecaser_pos(t, w1->s, w1->n) : "<E>";
    const char *p2 = w2 ? sl_truecaser_pos(t, w2->s, w2->n) : "<E>";
    size_t nf = 0;
#define F(...) do { int l_ = S_fmt(buf, sizeof buf, __VA_ARGS__); \
        if (l_ > 0 && nf < SL_BND_MAX_FEATS) { \
            size_t n_ = SL_MIN((size_t)l_, sizeof buf - 1); \
            if (names) { memcpy(names[nf], buf, n_); names[nf][n_] = 0; } \
            out[nf++] = S_fhash(buf, n_); } } while (0)
    F("bias");
    F("w0 %.*s", (int)bn, b);
    F("w1 %.*s", (int)cn, c);
    F("wm1 %.*s", (int)an, a);
    F("w2 %.*s", (int)zn, z);
    F("w01 %.*s %.*s", (int)bn, b, (int)cn, c);
    F("wm10 %.*s %.*s", (int)an, a, (int)bn, b);
    F("w12 %.*s %.*s", (int)cn, c, (int)zn, z);
    F("k01 %c %c", k0, k1);
    F("km101 %c %c %c", km1, k0, k1);
    F("k0w1 %c %.*s", k0, (int)cn, c);
    F("w0k1 %.*s %c", (int)bn, b, k1);
    if (bn >= 3) F("s0 %.*s", 3, b + bn - 3);
    if (cn >= 3) F("s1 %.*s", 3, c + cn - 3);
    F("p0 %s", p0);
    F("p1 %s", p1);
    F("p01 %s %s", p0, p1);
    F("pm101 %s %s %s", pm1, p0, p1);
    F("p012 %s %s %s", p0, p1, p2);
    F("p0w1 %s %.*s", p0, (int)cn, c);
    F("w0p1 %.*s %s", (int)bn, b, p1);
    F("wm101 %.*s %.*s %.*s", (int)an, a, (int)bn, b, (int)cn, c);
    F("w012 %.*s %.*s %.*s", (int)bn, b, (int)cn, c, (int)zn, z);
    {
        char y[32], x[32];
        size_t yn = S_ident(wm2, y), xn = S_ident(w3, x);
        F("wm2 %.*s", (int)yn, y);
        F("w3 %.*s", (int)xn, x);
        const char *pm2 = wm2 ? sl_truecaser_pos(t, wm2->s, wm2->n) : "<E>";
        const char *p3 = w3 ? sl_truecaser_pos(t, w3->s, w3->n) : "<E>";
        F("pm2m10 %s %s %s", pm2, pm1, p0);
        F("p123 %s %s %s", p1, p2, p3);
    }
    if (w0->cas != SL_BCASE_UNKNOWN) {
        /* the text kept its case: a capital after a lower-case word, on a word that is
         * usually written in lower case ("... the talks ended The minister said"), is
         * the strongest sign of a sentence start there is */
        char cm1 = S_cas_ch(wm1), c0 = S_cas_ch(w0), c1 = S_cas_ch(w1), c2 = S_cas_ch(w2);
        F("c1 %c", c1);
        F("c01 %c %c", c0, c1);
        F("cm101 %c %c %c", cm1, c0, c1);
        F("c012 %c %c %c", c0, c1, c2);
        F("c1k1 %c %c", c1, k1);
        F("c0k0c1k1 %c %c %c %c", c0, k0, c1, k1);
        F("c1w1 %c %.*s", c1, (int)cn, c);
        F("c1w0 %c %.*s", c1, (int)bn, b);
        F("c1p1 %c %s", c1, p1);
        F("c1p0 %c %s", c1, p0);
        F("c1k1p0 %c %c %s", c1, k1, p0);
        F("c12w1 %c %c %.*s", c1, c2, (int)cn, c);
        F("c1w12 %c %.*s %.*s", c1, (int)cn, c, (int)zn, z);
    }
#undef F
    return nf;
}

float sl_bnd_model_score(const sl_bnd_model *m, const uint64_t *feats, size_t nf)
{
    float s = 0;
    for (size_t i = 0; i < nf; i++) s += S_ftab_get(&m->feats, feats[i]);
    return s;
}

float sl_bnd_model_threshold(const sl_bnd_model *m) { return m->threshold; }

sl_status sl_bnd_decode(const sl_bnd_model *m, float th, float lambda, const float *score,
                        const uint8_t *force, size_t n, uint8_t *ends)
{
    memset(ends, 0, n);
    if (n < 2) return SL_OK;
    if (lambda < 0) lambda = m->lambda;
    if (!m->has_prior || lambda == 0) {
        for (size_t i = 0; i + 1 < n; i++)
            ends[i] = force[i] == SL_BND_MUST || (force[i] == SL_BND_FREE && score[i] > th);
        return SL_OK;
    }
    /* best[j + 1]: best total of a segmentation of words 0..j with an end after word j;
     * from[j + 1]: the end before that sentence (+1; 0 = the text's start) */
    const double NEG = -1e30, FORCED = 1e6;
    double *best = malloc((n + 1) * sizeof(*best));
    uint32_t *from = malloc((n + 1) * sizeof(*from));
    if (!best || !from) { free(best); free(from); return SL_ENOMEM; }
    best[0] = 0;
    /* the best start beyond the window (k < lo, not before a forced end): its sentence is
     * longer than SL_BND_MAX_LEN words, and each word past that costs SL_BND_LEN_TAIL more
     * (without that, one endless "sentence" would cost less than many real ones). far holds
     * best[k] + lambda * TAIL * k, the part of the score that depends on k. */
    const double tail = (double)lambda * SL_BND_LEN_TAIL;
    double far = NEG;
    uint32_t fark = 0;
    for (size_t j = 0; j < n; j++) {
        size_t lo = j + 1 > SL_BND_MAX_LEN ? j + 1 - SL_BND_MAX_LEN : 0;
        if (lo > 0) {
            size_t k = lo - 1; /* just left the window */
            if (k > 0 && force[k - 1] == SL_BND_MUST) far = NEG;
            if (best[k] > NEG / 2 && best[k] + tail * (double)k > far) {
                far = best[k] + tail * (double)k;
                fark = (uint32_t)k;
            }
        }
        double g;
        if (j + 1 == n) g = 0;
        else if (force[j] == SL_BND_NEVER) { best[j + 1] = NEG; from[j + 1] = 0; continue; }
        else g = force[j] == SL_BND_MUST ? FORCED : (double)score[j] - th;
        /* the sentence before this end starts after end k (k = 0: the text's start); a
         * forced end bounds the search, as nothing may span it */
        double bv = NEG;
        uint32_t bk = 0;
        bool blocked = false;
        for (size_t k = j + 1; k-- > lo;) {
            if (best[k] > NEG / 2) {
                double v = best[k] + lambda * m->lenlp[j + 1 - k];
                if (v > bv) { bv = v; bk = (uint32_t)k; }
            }
            if (k && force[k - 1] == SL_BND_MUST) { blocked = true; break; }
        }
        if (!blocked && far > NEG / 2) {
            double v = far - tail * (double)(j + 1) + tail * SL_BND_MAX_LEN + lambda * m->lenlp[SL_BND_MAX_LEN];
            if (v > bv) { bv = v; bk = fark; }
        }
        best[j + 1] = bv <= NEG / 2 ? NEG : bv + g;
        from[j + 1] = bk;
    }
    for (size_t j = n; j > 0 && best[j] > NEG / 2;) {
        size_t k = from[j];
        if (k == 0) break;
        ends[k - 1] = 1;
        j = k;
    }
    free(best);
    free(from);
    return SL_OK;
}

const sl_bnd_model *sl_bnd_model_for(const struct sl_truecaser *t, bool cased)
{
    if (!t) return NULL;
    if (cased && t->cased.loaded) return &t->cased;
    return t->lower.loaded ? &t->lower : NULL;
}

float sl_bnd_score(const struct sl_truecaser *t, const uint64_t *feats, size_t nf)
{
    return sl_bnd_model_score(&t->lower, feats, nf);
}

/* ---- detection ----------------------------------------------------------------------------- */

/* Walks the words of s and tells, for each, whether it starts with a capital and whether a
 * terminator or line break came before it. */
typedef struct S_stats {
    size_t words, caps_inner, inner, terms, longest_run;
} S_stats;

static void S_scan(const char *s, size_t n, S_stats *st)
{
    memset(st, 0, sizeof(*st));
    bool after_term = true;
    size_t run = 0;
    for (size_t p = 0; p < n;) {
        int32_t cp;
        int l = S_dec(s, n, p, &cp);
        if (!S_is_wordch(cp)) {
            if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
                /* only a terminator when followed by space, a quote or the end: not "3.5", "U.S" */
                size_t q = p + (size_t)l;
                if (q >= n || s[q] == ' ' || s[q] == '\n' || s[q] == '"' || s[q] == '\'' ||
                    (unsigned char)s[q] == 0xE2) {
                    st->terms++;
                    after_term = true;
                    run = 0;
                }
            } else if (cp == '\n') {
                after_term = true;
                run = 0;
            }
            p += (size_t)l;
            continue;
        }
        size_t q = p;
        bool letter = !(cp >= '0' && cp <= '9') && (cp < 128 || utf8proc_category(cp) != UTF8PROC_CATEGORY_ND);
        bool cap = S_is_upper(cp);
        while (q < n) {
            if (S_ascii_wordch((unsigned char)s[q])) { q++; continue; } /* the common case */
            int32_t c2;
            int l2 = S_dec(s, n, q, &c2);
            if (!S_is_wordch(c2)) break;
            q += (size_t)l2;
        }
        if (letter) {
            st->words++;
            if (!after_term) {
                st->inner++;
                st->caps_inner += cap;
            }
        }
        after_term = false;
        if (++run > st->longest_run) st->longest_run = run;
        p = q;
    }
}

static bool S_lowercased(const S_stats *st) { return st->inner >= 15 && st->caps_inner * 100 < st->inner * 3; }

static bool S_nopunct(const S_stats *st)
{
    return st->longest_run >= 120 || (st->words >= 40 && st->words > 50 * st->terms);
}

bool sl_repair_is_lowercased(const char *s, size_t n)
{
    S_stats st;
    S_scan(s, n, &st);
    return S_lowercased(&st);
}

bool sl_repair_is_nopunct(const char *s, size_t n)
{
    S_stats st;
    S_scan(s, n, &st);
    return S_nopunct(&st);
}

sl_status sl_repair_words(const char *s, size_t n, sl_span **out, size_t *nout)
{
    SL_VEC(sl_span) v = {0};
    *out = NULL;
    *nout = 0;
    for (size_t p = 0; p < n;) {
        int32_t cp;
        int l = S_dec(s, n, p, &cp);
        if (!S_is_wordch(cp)) { p += (size_t)l; continue; }
        size_t q = p + (size_t)l;
        while (q < n) {
            if (S_ascii_wordch((unsigned char)s[q])) { q++; continue; }
            int32_t c2;
            int l2 = S_dec(s, n, q, &c2);
            if (!S_is_wordch(c2)) break;
            q += (size_t)l2;
        }
        if (v.n >= SL_MAX_TOKENS) { sl_vec_free(&v); return SL_ELIMIT; }
        sl_span sp = {(uint32_t)p, (uint32_t)q};
        if (!sl_vec_push(&v, sp)) { sl_vec_free(&v); return SL_ENOMEM; }
        p = q;
    }
    *out = v.v;
    *nout = v.n;
    return SL_OK;
}

static sl_status S_join_words(const char *s, size_t n, bool lower, sl_buf *out)
{
    sl_span *w;
    size_t nw;
    sl_status st = sl_repair_words(s, n, &w, &nw);
    if (st != SL_OK) return st;
    for (size_t i = 0; i < nw; i++) {
        if (i) sl_buf_putc(out, ' ');
        for (size_t p = w[i].start; p < w[i].end;) {
            int32_t cp;
            p += (size_t)S_dec(s, n, p, &cp);
            char enc[4];
            int el = sl_utf8_encode(lower ? utf8proc_tolower(cp) : cp, enc);
            sl_buf_append(out, enc, (size_t)el);
        }
    }
    free(w);
    return out->oom ? SL_ENOMEM : SL_OK;
}

sl_status sl_repair_degrade(const char *s, size_t n, sl_buf *out) { return S_join_words(s, n, true, out); }

sl_status sl_repair_strip(const char *s, size_t n, sl_buf *out) { return S_join_words(s, n, false, out); }

void sl_repair_sentence_ends(const sl_doc *d, const sl_span *w, size_t nw, uint8_t *ends)
{
    memset(ends, 0, nw);
    size_t i = 0;
    for (size_t k = 0; k < d->sentences.n; k++) {
        sl_span sp = d->sentences.v[k].span;
        while (i < nw && w[i].start < sp.start) i++;
        size_t last = SIZE_MAX;
        while (i < nw && w[i].start < sp.end) last = i++;
        if (last != SIZE_MAX) ends[last] = 1;
    }
}

/* ---- the stage ----------------------------------------------------------------------------- */

typedef struct S_word {
    uint32_t start, end;   /* in d->text */
    uint32_t low, lown;    /* lower-case copy in the scratch buffer */
} S_word;

#define NM_NAME 1u  /* written as a name (capitalized) */
#define NM_CHAIN 2u /* a name only because the word before is one: no sentence starts here */

/* What separates word i from word i+1. */
enum { GAP_SPACE = 0, GAP_TERM, GAP_PARA, GAP_OTHER };

static int S_gap(const char *s, size_t a, size_t b)
{
    int nl = 0, kind = GAP_SPACE;
    for (size_t p = a; p < b; p++) {
        char c = s[p];
        if (c == '\n') { if (++nl >= 2) return GAP_PARA; continue; }
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (c == '.' || c == '!' || c == '?') {
            /* a terminator only when space follows somewhere in the gap ("u.s" is not one) */
            for (size_t q = p + 1; q < b; q++)
                if (s[q] == ' ' || s[q] == '\n') return GAP_TERM;
        }
        kind = GAP_OTHER;
    }
    return kind;
}

/* Appends w with its first letter upper-cased. */
static void S_put_capitalized(sl_buf *o, const char *w, size_t n)
{
    int32_t cp;
    int l = S_dec(w, n, 0, &cp);
    char enc[4];
    int el = sl_utf8_encode(utf8proc_toupper(cp), enc);
    sl_buf_append(o, enc, (size_t)el);
    sl_buf_append(o, w + l, n - (size_t)l);
}

sl_status sl_repair(const sl_engine *e, sl_doc *d)
{
    if (!d) return SL_EINVAL;
    const struct sl_truecaser *t = e ? e->truecaser : NULL;
    if (!t || !d->text || d->text_len < 2) return SL_OK;
    const char *s = d->text;
    size_t n = d->text_len;
    S_stats scan; /* one scan for both tests (sl_repair_is_lowercased, sl_repair_is_nopunct) */
    S_scan(s, n, &scan);
    bool lc = S_lowercased(&scan);
    /* text that kept its case is read by the model that sees case (when there is one) */
    const sl_bnd_model *bm = sl_bnd_model_for(t, !lc);
    bool np = bm && S_nopunct(&scan);
    if (!lc && !np) return SL_OK;

    /* the words, with lower-case copies */
    SL_VEC(S_word) words = {0};
    sl_buf low;
    sl_buf_init(&low);
    sl_span *spans = NULL;
    size_t nspans = 0;
    sl_status st = sl_repair_words(s, n, &spans, &nspans); /* the same word scan as eval/tools */
    for (size_t k = 0; st == SL_OK && k < nspans; k++) {
        uint32_t p = spans[k].start, q = spans[k].end;
        char tmp[SL_TC_MAX_WORD];
        size_t ln = S_lower(s + p, q - p, tmp, sizeof tmp);
        S_word w = {p, q, (uint32_t)low.len, (uint32_t)ln};
        sl_buf_append(&low, tmp, ln); /* over-long words get an empty key: left as they are */
        if (!sl_vec_push(&words, w)) st = SL_ENOMEM;
    }
    free(spans);
    if (low.oom) st = SL_ENOMEM;
    size_t nw = words.n;
    uint8_t *ends = NULL;   /* 1 = existing end after word i, 2 = inserted */
    float *score = NULL;    /* boundary score of the gap after word i */
    uint8_t *force = NULL, *dec = NULL; /* SL_BND_* per gap; the decoder's ends */
    uint8_t *nm = NULL;     /* NM_* flags per word */
    const char **forms = NULL; /* usual written form from the casing table, or NULL */
    sl_bword *bw = NULL;
    if (st == SL_OK && nw) {
        ends = calloc(nw, 1);
        nm = calloc(nw, 1);
        forms = calloc(nw, sizeof(*forms));
        bw = calloc(nw, sizeof(*bw));
        if (!ends || !nm || !forms || !bw) st = SL_ENOMEM;
    }
    if (st != SL_OK || !nw) goto done;
    bool see_case = !lc && bm == &t->cased;
    for (size_t i = 0; i < nw; i++) {
        bw[i].s = low.data + words.v[i].low;
        bw[i].n = words.v[i].lown;
        if (see_case) bw[i].cas = sl_bnd_case_of(s + words.v[i].start, words.v[i].end - words.v[i].start);
    }

    /* case first: the usual form of each word, and which words continue a name */
    bool prev_name = false;
    for (size_t i = 0; lc && i < nw; i++) {
        const char *ws = s + words.v[i].start;
        size_t wn = words.v[i].end - words.v[i].start;
        bool name = false;
        if (bw[i].n && !S_has_upper(ws, wn)) {
            const char *f = sl_truecaser_form(t, i ? bw[i - 1].s : NULL, i ? bw[i - 1].n : 0,
                                              bw[i].s, bw[i].n);
            if (f) {
                /* an acronym-looking form inside a run of names is a name part: "Kim Jong Un",
                 * not "Jong UN" */
                size_t fl = strlen(f);
                if (prev_name && fl <= 3 && S_all_upper(f, fl)) {
                    name = true;
                    nm[i] |= NM_CHAIN;
                } else {
                    forms[i] = f;
                    name = S_is_upper((unsigned char)f[0]) && !S_all_upper(f, fl);
                }
            } else if (prev_name && bw[i].n >= 2 && !(bw[i].s[0] >= '0' && bw[i].s[0] <= '9') &&
                       t->pos.n && !sl_map_get(&t->pos, bw[i].s, bw[i].n)) {
                /* a word the vocabulary does not know, right after a name, continues the name
                 * ("michael flynn", "kim jong"). Capitalizing every unknown word was tried:
                 * with a 16k-word vocabulary it cost 2 points of case accuracy on DUC 2003. */
                name = true;
                nm[i] |= NM_CHAIN;
            }
        }
        if (name) nm[i] |= NM_NAME;
        prev_name = name;
    }

    /* sentence ends: existing ones, then the model's where none is written (never inside
     * a name the casing step chained together); the model's are decoded for the whole text
     * at once (sl_bnd_decode), with the written ends forced */
    if (np) {
        score = calloc(nw, sizeof(*score));
        force = calloc(nw, 1);
        dec = calloc(nw, 1);
        if (!score || !force || !dec) { st = SL_ENOMEM; goto done; }
    }
    for (size_t i = 0; i + 1 < nw; i++) {
        int g = S_gap(s, words.v[i].end, words.v[i + 1].start);
        if (g == GAP_TERM || g == GAP_PARA) {
            /* "mr. kim", "u.s. officials": the period of a title or initial is no end */
            int ab = SL_ABBR_NONE;
            if (g == GAP_TERM && s[words.v[i].end] == '.') {
                ab = sl_truecaser_abbrev(t, s + words.v[i].start, words.v[i].end - words.v[i].start);
                if (bw[i].n == 1 && !(bw[i].s[0] >= '0' && bw[i].s[0] <= '9')) ab = SL_ABBR_END;
            }
            if (ab == SL_ABBR_TITLE || ab == SL_ABBR_NUM ||
                (ab == SL_ABBR_END && !sl_truecaser_starter(t, bw[i + 1].s, bw[i + 1].n))) {
                if (np) force[i] = SL_BND_NEVER;
                continue;
            }
            ends[i] = 1;
            if (np) force[i] = SL_BND_MUST;
            continue;
        }
        if (!np) continue;
        if (g != GAP_SPACE || (nm[i + 1] & NM_CHAIN)) { force[i] = SL_BND_NEVER; continue; }
        uint64_t f[SL_BND_MAX_FEATS];
        size_t nf = sl_bnd_features(t, bw, nw, i, f);
        score[i] = sl_bnd_model_score(bm, f, nf);
    }
    if (np) {
        if ((st = sl_bnd_decode(bm, bm->threshold, -1, score, force, nw, dec)) != SL_OK) goto done;
        for (size_t i = 0; i + 1 < nw; i++)
            if (dec[i] && !ends[i]) ends[i] = 2;
    }

    /* rebuild the text */
    sl_buf o;
    sl_buf_init(&o);
    if (!sl_buf_reserve(&o, n + n / 16 + 16)) { st = SL_ENOMEM; goto done; }
    size_t prev_end = 0;
    for (size_t i = 0; i < nw; i++) {
        const S_word *w = &words.v[i];
        sl_buf_append(&o, s + prev_end, w->start - prev_end);
        bool initial = i == 0 || ends[i - 1];
        const char *ws = forms[i] ? forms[i] : s + w->start;
        size_t wn = forms[i] ? strlen(forms[i]) : w->end - w->start;
        /* cased text keeps its own case except after an end we inserted */
        if ((nm[i] & NM_NAME) || (initial && (lc || i == 0 || ends[i - 1] == 2)))
            S_put_capitalized(&o, ws, wn);
        else
            sl_buf_append(&o, ws, wn);
        if (ends[i] == 2) sl_buf_putc(&o, '.');
        prev_end = w->end;
    }
    sl_buf_append(&o, s + prev_end, n - prev_end);
    if (o.oom) { sl_buf_free(&o); st = SL_ENOMEM; goto done; }
    char *nt = sl_arena_strndup(&d->arena, o.data, o.len);
    sl_buf_free(&o);
    if (!nt) { st = SL_ENOMEM; goto done; }
    d->orig = d->text;
    d->text = nt;
    d->text_len = strlen(nt);
    if (lc) d->flags |= SL_DOC_LOWERCASED;
    if (np) d->flags |= SL_DOC_NOPUNCT;
done:
    free(score);
    free(force);
    free(dec);
    free(ends);
    free(nm);
    free((void *)forms);
    free(bw);
    sl_vec_free(&words);
    sl_buf_free(&low);
    return st;
}
