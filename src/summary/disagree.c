/*
 * disagree.c — figures that two articles of a story report differently.
 *
 * Part of the per-story outputs computed on write (summary, timeline, disagreements). When
 * one source says a fire "killed 40 workers" and another "killed 52 workers", a reader should
 * see both, with their sources. A claim here is a figure plus the word written after it
 * ("40 workers"); two claims disagree when they come from different articles, count the same
 * word, sit in sentences that say mostly the same other things (Dice overlap of content
 * words; or less when the figure sits in the same five-word phrase: "most of the 161
 * candidates _ all clergymen" / "most of the 167 candidates _ all clergymen"), and their
 * values cannot both hold once hedges are read: "at least 40" agrees with
 * 52, "nearly 50" agrees with 48, "about 50" with 45..55. Years, times and ordinals are not
 * figures. An amount of a named thing ("2.1 billion in debt") counts that thing ("billion
 * debt"), so two such sentences need to share less. This is deliberately narrow (modal,
 * date and toll conflicts are claims.c's): a false disagreement shown to a reader costs more
 * than a missed one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

#define S_MAX_WORDS 64    /* content words compared per sentence */
#define S_MIN_SIM   0.6   /* sentences must share this much (Dice) to be about the same thing */
#define S_MIN_SIM_PHRASE 0.25 /* ... or this much when the figure sits in the same phrase */
#define S_MIN_SIM_THING 0.3   /* ... or this much for amounts of the same named thing ("billion in debt") */

typedef enum { S_EXACT = 0, S_ATLEAST, S_ATMOST, S_ABOUT } S_hedge;

typedef struct S_claim {
    size_t doc, sent;
    sl_span span;
    double value;
    char text[24];            /* the figure as written */
    char what[32];            /* the word after it, lower case, plural s removed */
    uint8_t hedge;
    uint32_t sidx;            /* index of its sentence in the sentence table */
    bool ambiguous;           /* its sentence has another figure for the same word */
    bool thing;               /* an amount of a named thing ("billion debt") */
    uint64_t phrase;          /* the two words before the figure and two after the counted
                                 word ("most of the 161 candidates _ all clergymen"), 0 if
                                 the sentence ends sooner */
} S_claim;

typedef struct S_sentw {
    uint64_t w[S_MAX_WORDS];  /* sorted set of content-word hashes */
    size_t n;
} S_sentw;

static bool S_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
static bool S_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static const char *const S_stop[] = {
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
    "is", "was", "were", "are", "be", "been", "has", "had", "have", "it", "its", "that", "this",
    "he", "she", "they", "said", "says", "say", "than", "more", "least", "about", "some", "up",
    "nearly", "almost", "over", "around", "roughly", "approximately", "less", "fewer", "but", "not",
};

static bool S_is_stop(const char *w, size_t n)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(S_stop); i++)
        if (strlen(S_stop[i]) == n && !memcmp(S_stop[i], w, n)) return true;
    return false;
}

static int S_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double S_dice(const S_sentw *a, const S_sentw *b)
{
    if (!a->n || !b->n) return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->w[i] == b->w[j]) { common++; i++; j++; }
        else if (a->w[i] < b->w[j]) i++;
        else j++;
    }
    return 2.0 * (double)common / (double)(a->n + b->n);
}

/* Lower-cased word at t[i..j) into out (size cap); returns its length. */
static size_t S_lower(const char *t, uint32_t i, uint32_t j, char *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t k = i; k < j && n + 1 < cap; k++) {
        unsigned char c = (unsigned char)t[k];
        out[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[n] = 0;
    return n;
}

/* Hedge from the one or two words before a figure ("at least", "more than", "nearly"). */
static S_hedge S_hedge_of(const char *prev2, const char *prev1)
{
    if (!strcmp(prev1, "least") || !strcmp(prev1, "over") || (!strcmp(prev2, "more") && !strcmp(prev1, "than")) ||
        !strcmp(prev1, "exceeding") || !strcmp(prev1, "beyond") || !strcmp(prev1, "past") ||
        !strcmp(prev1, "surpassing") || !strcmp(prev1, "topping"))
        return S_ATLEAST;
    /* "as many as 200,000", "as high as 200,000", "as much as": an upper estimate */
    if (!strcmp(prev1, "as") && (!strcmp(prev2, "many") || !strcmp(prev2, "high") || !strcmp(prev2, "much")))
        return S_ATMOST;
    if (!strcmp(prev1, "nearly") || !strcmp(prev1, "almost") || !strcmp(prev1, "under") ||
        (!strcmp(prev2, "up") && !strcmp(prev1, "to")) || (!strcmp(prev2, "less") && !strcmp(prev1, "than")) ||
        (!strcmp(prev2, "fewer") && !strcmp(prev1, "than")))
        return S_ATMOST;
    if (!strcmp(prev1, "about") || !strcmp(prev1, "around") || !strcmp(prev1, "some") ||
        !strcmp(prev1, "roughly") || !strcmp(prev1, "approximately") || !strcmp(prev1, "estimated"))
        return S_ABOUT;
    return S_EXACT;
}

/* Can x (hedged hx) and y (hedged hy) both be true? */
static bool S_compatible(double x, S_hedge hx, double y, S_hedge hy)
{
    if (x == y) return true;
    if (hx == S_ABOUT || hy == S_ABOUT) {
        double lo = x < y ? x : y, hi = x < y ? y : x;
        if (hi <= lo * 1.25) return true;
    }
    if (hx == S_ATLEAST && y >= x) return true;
    if (hy == S_ATLEAST && x >= y) return true;
    if (hx == S_ATMOST && y <= x) return true;
    if (hy == S_ATMOST && x <= y) return true;
    if (hx == S_ATLEAST && hy == S_ATLEAST) return true;
    if (hx == S_ATMOST && hy == S_ATMOST) return true;
    return false;
}

/* The claim of a figure at t[i, j) with value v, if a lower-case counted word follows it. */
static sl_status S_claim_at(const sl_sum_doc *d, size_t di, size_t si, sl_span sp, uint32_t sidx, uint32_t i,
                            uint32_t j, double v, const char *prev2, const char *prev1, void *claimsp)
{
    SL_VEC(S_claim) *claims = claimsp;
    const char *t = d->text;
    /* the word after it: what is counted */
    uint32_t k = j;
    while (k < sp.end && t[k] == ' ') k++;
    uint32_t e = k;
    while (e < sp.end && S_alpha((unsigned char)t[e])) e++;
    if (e > k && S_alpha((unsigned char)t[k]) && !(t[k] >= 'A' && t[k] <= 'Z')) {
        S_claim cl;
        memset(&cl, 0, sizeof cl);
        cl.doc = di;
        cl.sent = si;
        cl.span = sp;
        cl.value = v;
        cl.sidx = sidx;
        snprintf(cl.text, sizeof cl.text, "%.*s", (int)(j - i), t + i);
        size_t wl = S_lower(t, k, e, cl.what, sizeof cl.what);
        if (wl > 3 && cl.what[wl - 1] == 's' && cl.what[wl - 2] != 's') cl.what[wl - 1] = 0;
        /* "2.1 billion in debt", "$5 million of aid": the unit counts the noun after it, and
         * two sentences naming that same noun may differ in everything else */
        if (!strcmp(cl.what, "million") || !strcmp(cl.what, "billion") || !strcmp(cl.what, "trillion")) {
            uint32_t q = e;
            char w1[16], w2[24];
            while (q < sp.end && t[q] == ' ') q++;
            uint32_t r = q;
            while (r < sp.end && S_alpha((unsigned char)t[r])) r++;
            S_lower(t, q, r, w1, sizeof w1);
            if (!strcmp(w1, "in") || !strcmp(w1, "of")) {
                q = r;
                while (q < sp.end && t[q] == ' ') q++;
                r = q;
                while (r < sp.end && S_alpha((unsigned char)t[r])) r++;
                size_t l2 = S_lower(t, q, r, w2, sizeof w2);
                if (l2 >= 4 && r > q && t[q] >= 'a' && t[q] <= 'z' && !S_is_stop(w2, l2)) {
                    /* "trillion" + space + at most 23 letters fit the 32 bytes of what */
                    size_t ul = strlen(cl.what);
                    cl.what[ul] = ' ';
                    memcpy(cl.what + ul + 1, w2, SL_MIN(l2, sizeof cl.what - ul - 2));
                    cl.what[SL_MIN(ul + 1 + l2, sizeof cl.what - 1)] = 0;
                    cl.thing = true;
                }
            }
        }
        cl.hedge = (uint8_t)S_hedge_of(prev2, prev1);
        /* the same phrase around a different figure: two versions of one statement */
        /* not inside parentheses (a conversion: "(dlrs 100 million)", or an aside),
         * and not a unit too short to tell ("3 p.m.") */
        bool paren = false;
        for (uint32_t q = i; q > sp.start && !paren;) {
            q--;
            if (t[q] == ')') break;
            paren = t[q] == '(';
        }
        if (prev2[0] && prev1[0] && !paren && strlen(cl.what) >= 3) {
            char nx[2][32];
            uint32_t q = e;
            int got = 0;
            for (; got < 2 && q < sp.end;) {
                while (q < sp.end && !S_alpha((unsigned char)t[q])) q++;
                uint32_t r = q;
                while (r < sp.end && S_alpha((unsigned char)t[r])) r++;
                if (r == q) break;
                S_lower(t, q, r, nx[got++], sizeof nx[0]);
                q = r;
            }
            if (got == 2) {
                char key[200];
                int kl = snprintf(key, sizeof key, "%s %s # %s %s %s", prev2, prev1, cl.what, nx[0], nx[1]);
                cl.phrase = sl_hash64(key, (size_t)SL_MIN(kl, (int)sizeof key - 1), 7) | 1u;
            }
        }
        if (!S_is_stop(cl.what, strlen(cl.what)) && !sl_vec_push(claims, cl)) return SL_ENOMEM;
    }
    return SL_OK;
}

/* Value of a spelled-out count ("six drownings", "thirty candidates"), 0 if w is none.
 * "one" is left out: "one of the", "one day" are rarely counts. */
static double S_number_word(const char *w)
{
    static const char *const words[] = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen", "twenty"};
    static const char *const tens[] = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (size_t k = 0; k < SL_ARRAY_LEN(words); k++)
        if (!strcmp(w, words[k])) return (double)(k + 2);
    for (size_t k = 0; k < SL_ARRAY_LEN(tens); k++)
        if (!strcmp(w, tens[k])) return (double)(30 + 10 * k);
    return 0;
}

double sl_figure_value(const char *text)
{
    if (!text) return 0;
    char num[32], low[32];
    size_t nl = 0, ll = 0;
    for (const char *c = text; *c && nl + 1 < sizeof num; c++) if (*c != ',') num[nl++] = *c;
    num[nl] = 0;
    if (nl && num[0] >= '0' && num[0] <= '9') return strtod(num, NULL);
    for (const char *c = text; *c && ll + 1 < sizeof low; c++) low[ll++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    low[ll] = 0;
    return S_number_word(low);
}

/* Scans one sentence: its content-word set and its claims. */
static sl_status S_scan(const sl_sum_doc *d, size_t di, size_t si, sl_span sp, uint32_t sidx,
                        S_sentw *sw, void *claimsp)
{
    SL_VEC(S_claim) *claims = claimsp;
    const char *t = d->text;
    char prev2[32] = "", prev1[32] = "";
    sw->n = 0;
    for (uint32_t i = sp.start; i < sp.end;) {
        unsigned char c = (unsigned char)t[i];
        if (S_digit(c)) {
            uint32_t j = i;
            while (j < sp.end && (S_digit((unsigned char)t[j]) ||
                                  ((t[j] == ',' || t[j] == '.') && j + 1 < sp.end && S_digit((unsigned char)t[j + 1]))))
                j++;
            /* "20:36:08 local time": every part of a clock time is glued to a colon */
            bool glued = (j < sp.end && (S_alpha((unsigned char)t[j]) || t[j] == ':' || t[j] == '%' || t[j] == '-')) ||
                         (i > sp.start && t[i - 1] == ':');
            char num[24];
            size_t nl = 0;
            for (uint32_t k = i; k < j && nl + 1 < sizeof num; k++)
                if (t[k] != ',') num[nl++] = t[k];
            num[nl] = 0;
            double v = strtod(num, NULL);
            bool year = nl == 4 && v >= 1900 && v <= 2100 && !memchr(t + i, ',', j - i);
            if (!glued && !year) {
                sl_status cs = S_claim_at(d, di, si, sp, sidx, i, j, v, prev2, prev1, claims);
                if (cs != SL_OK) return cs;
            }
            i = j;
            continue;
        }
        if (!S_alpha(c)) { i++; continue; }
        uint32_t j = i;
        while (j < sp.end && (S_alpha((unsigned char)t[j]) || S_digit((unsigned char)t[j]))) j++;
        char w[32];
        size_t wl = S_lower(t, i, j, w, sizeof w);
        double nv = S_number_word(w);
        if (nv > 0) {
            /* "two dozen armed men" counts 24 men, not 2 "dozen" */
            uint32_t q = j;
            while (q < sp.end && t[q] == ' ') q++;
            uint32_t r = q;
            while (r < sp.end && S_alpha((unsigned char)t[r])) r++;
            char nx[16];
            size_t nxl = S_lower(t, q, r, nx, sizeof nx);
            bool dozen = nxl == 5 && !memcmp(nx, "dozen", 5) && r < sp.end && t[r] == ' ';
            sl_status cs = S_claim_at(d, di, si, sp, sidx, i, dozen ? r : j, dozen ? nv * 12 : nv, prev2, prev1, claims);
            if (cs != SL_OK) return cs;
            if (dozen) j = r;
        }
        memcpy(prev2, prev1, sizeof prev2);
        memcpy(prev1, w, wl + 1);
        if (!S_is_stop(w, wl) && sw->n < S_MAX_WORDS) sw->w[sw->n++] = sl_hash64(w, wl, 11);
        i = j;
    }
    qsort(sw->w, sw->n, sizeof sw->w[0], S_cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < sw->n; i++)
        if (!k || sw->w[k - 1] != sw->w[i]) sw->w[k++] = sw->w[i];
    sw->n = k;
    return SL_OK;
}

typedef struct S_found {
    sl_disagreement d;
    double sim;
} S_found;

static int S_cmp_found(const void *a, const void *b)
{
    const S_found *x = a, *y = b;
    if (x->sim != y->sim) return x->sim > y->sim ? -1 : 1;
    if (x->d.doc_a != y->d.doc_a) return x->d.doc_a < y->d.doc_a ? -1 : 1;
    if (x->d.sent_a != y->d.sent_a) return x->d.sent_a < y->d.sent_a ? -1 : 1;
    if (x->d.doc_b != y->d.doc_b) return x->d.doc_b < y->d.doc_b ? -1 : 1;
    return x->d.sent_b < y->d.sent_b ? -1 : x->d.sent_b > y->d.sent_b;
}

static bool S_earlier(const sl_sum_doc *docs, size_t a, size_t b)
{
    const char *pa = docs[a].published ? docs[a].published : "", *pb = docs[b].published ? docs[b].published : "";
    int c = strcmp(pa, pb);
    return c ? c < 0 : a < b;
}

sl_status sl_summary_disagreements(const sl_sum_doc *docs, size_t n, size_t max,
                                   sl_disagreement **out, size_t *nout)
{
    if (!out || !nout) return SL_EINVAL;
    *out = NULL;
    *nout = 0;
    if ((n && !docs) || max > SL_DISAGREE_MAX) return SL_EINVAL;
    size_t ndup = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        ndup += docs[i].near_dup;
        total += docs[i].nsents;
    }
    if (total > SL_SUM_MAX_SENTS) return SL_ELIMIT;
    bool skip_dups = ndup < n;
    SL_VEC(S_claim) claims = {0};
    SL_VEC(S_sentw) sents = {0};
    SL_VEC(S_found) found = {0};
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < n; i++) {
        const sl_sum_doc *d = &docs[i];
        if ((skip_dups && d->near_dup) || !d->text) continue;
        for (size_t k = 0; st == SL_OK && k < d->nsents; k++) {
            if (d->sents[k].end > d->text_len || d->sents[k].start > d->sents[k].end) { st = SL_EINVAL; break; }
            sl_span sp = sl_summary_trim(d->text, d->sents[k]);
            size_t w = sl_summary_words(d->text, sp);
            if (w < SL_SUM_MIN_SENT_WORDS || w > SL_SUM_MAX_SENT_WORDS) continue;
            size_t before = claims.n;
            S_sentw sw;
            st = S_scan(d, i, k, sp, (uint32_t)sents.n, &sw, &claims);
            /* only sentences with claims are kept; their claims point at index sents.n */
            if (st == SL_OK && claims.n > before && !sl_vec_push(&sents, sw)) st = SL_ENOMEM;
        }
    }
    /* a sentence with two figures for the same word ("$6 million ... $10 million") cannot
     * say which one is the claim: such claims are left out */
    for (size_t a = 0; a < claims.n; a++)
        for (size_t b = a + 1; b < claims.n && claims.v[b].sidx == claims.v[a].sidx; b++)
            if (!strcmp(claims.v[a].what, claims.v[b].what)) claims.v[a].ambiguous = claims.v[b].ambiguous = true;
    for (size_t a = 0; st == SL_OK && a < claims.n; a++) {
        for (size_t b = a + 1; st == SL_OK && b < claims.n; b++) {
            const S_claim *x = &claims.v[a], *y = &claims.v[b];
            if (x->doc == y->doc || x->ambiguous || y->ambiguous || strcmp(x->what, y->what)) continue;
            if (S_compatible(x->value, (S_hedge)x->hedge, y->value, (S_hedge)y->hedge)) continue;
            double sim = S_dice(&sents.v[x->sidx], &sents.v[y->sidx]);
            if (sim < S_MIN_SIM && !(x->phrase && x->phrase == y->phrase && sim >= S_MIN_SIM_PHRASE) &&
                !(x->thing && sim >= S_MIN_SIM_THING))
                continue;
            if (!S_earlier(docs, x->doc, y->doc)) { const S_claim *t = x; x = y; y = t; }
            /* one entry per pair of articles, thing and values */
            bool seen = false;
            for (size_t f = 0; f < found.n && !seen; f++) {
                const sl_disagreement *o = &found.v[f].d;
                seen = o->doc_a == x->doc && o->doc_b == y->doc && !strcmp(o->what, x->what) &&
                       !strcmp(o->value_a, x->text) && !strcmp(o->value_b, y->text);
            }
            if (seen) continue;
            S_found fd;
            memset(&fd, 0, sizeof fd);
            fd.sim = sim;
            snprintf(fd.d.what, sizeof fd.d.what, "%s", x->what);
            snprintf(fd.d.value_a, sizeof fd.d.value_a, "%s", x->text);
            snprintf(fd.d.value_b, sizeof fd.d.value_b, "%s", y->text);
            fd.d.doc_a = x->doc;
            fd.d.sent_a = x->sent;
            fd.d.span_a = x->span;
            fd.d.doc_b = y->doc;
            fd.d.sent_b = y->sent;
            fd.d.span_b = y->span;
            if (!sl_vec_push(&found, fd)) st = SL_ENOMEM;
        }
    }
    if (st == SL_OK && found.n) {
        qsort(found.v, found.n, sizeof *found.v, S_cmp_found);
        size_t k = SL_MIN(found.n, max);
        if (k) {
            *out = malloc(k * sizeof **out);
            if (!*out) st = SL_ENOMEM;
        }
        for (size_t i = 0; st == SL_OK && i < k; i++) (*out)[i] = found.v[i].d;
        if (st == SL_OK) *nout = k;
    }
    sl_vec_free(&claims);
    sl_vec_free(&sents);
    sl_vec_free(&found);
    return st;
}

int sl_figure_hedge(const char *prev2, const char *prev1)
{
    return (int)S_hedge_of(prev2 ? prev2 : "", prev1 ? prev1 : "");
}

bool sl_figures_compatible(double x, int hx, double y, int hy)
{
    return S_compatible(x, (S_hedge)hx, y, (S_hedge)hy);
}
