/*
 * html_score.c — shingle precision/recall of extracted article text, exactly as the
 * article extraction benchmark (scrapinghub/article-extraction-benchmark, evaluate.py)
 * defines it:
 *   - tokens are the \w+ runs of the text; \w is what Python's re means by it in Unicode
 *     mode: letters and numbers (utf8proc categories L* and N*) and '_';
 *   - a text becomes the multiset of its 4-token shingles; a text of 1 to 3 tokens is one
 *     shingle of all its tokens, a text of none has no shingle (the reference loops over
 *     max(1, ntokens - 3) windows and drops empty ones);
 *   - per page tp = sum of min(counts), fp/fn = the excess on either side, then the three
 *     are divided by their sum so long pages do not weigh more;
 *   - precision(tp,fp,fn) is 1 when fp = fn = 0, 0 when tp = fp = 0, else tp/(tp+fp)
 *     (recall likewise), averaged over the pages with tp+fp > 0 (recall: tp+fn > 0);
 *   - accuracy is the share of pages whose token sequences are equal.
 * Shingles are compared by 64-bit hashes (sorted, then merged): a collision would need
 * two different shingles among a few thousand to share 64 bits.
 */
#include "eval/html_score.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct S_toks {
    uint64_t *h;
    size_t n, cap;
} S_toks;

static bool S_is_word(int32_t cp)
{
    if (cp == '_') return true;
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static uint64_t S_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Token hashes of s (FNV-1a over the token bytes, then mixed). */
static bool S_tokenize(const char *s, S_toks *t)
{
    t->n = 0;
    if (!s) return true;
    const uint8_t *p = (const uint8_t *)s;
    size_t len = strlen(s), i = 0;
    uint64_t h = 0;
    bool in = false;
    while (i <= len) {
        int32_t cp = -1;
        utf8proc_ssize_t l = 1;
        if (i < len) {
            l = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
            if (l <= 0) { l = 1; cp = -1; }
        }
        bool w = cp >= 0 && S_is_word(cp);
        if (w) {
            if (!in) h = 1469598103934665603ULL;
            for (utf8proc_ssize_t k = 0; k < l; k++) h = (h ^ p[i + (size_t)k]) * 1099511628211ULL;
            in = true;
        } else if (in) {
            if (t->n == t->cap) {
                size_t nc = t->cap ? t->cap * 2 : 256;
                uint64_t *nh = realloc(t->h, nc * sizeof *nh);
                if (!nh) return false;
                t->h = nh;
                t->cap = nc;
            }
            t->h[t->n++] = S_mix(h);
            in = false;
        }
        i += (size_t)l;
    }
    return true;
}

size_t sl_html_count_tokens(const char *s)
{
    S_toks t = {0};
    size_t n = S_tokenize(s, &t) ? t.n : 0;
    free(t.h);
    return n;
}

static int S_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted shingle hashes of a token sequence; *n = 0 for no tokens. */
static uint64_t *S_shingles(const S_toks *t, size_t *n)
{
    *n = 0;
    if (t->n == 0) return malloc(1);
    size_t k = t->n >= 4 ? t->n - 3 : 1, w = t->n >= 4 ? 4 : t->n;
    uint64_t *s = malloc(k * sizeof *s);
    if (!s) return NULL;
    for (size_t i = 0; i < k; i++) {
        uint64_t h = 0x9E3779B97F4A7C15ULL * (w + 1);
        for (size_t j = 0; j < w; j++) h = S_mix(h ^ t->h[i + j]) + j;
        s[i] = h;
    }
    qsort(s, k, sizeof *s, S_cmp);
    *n = k;
    return s;
}

bool sl_html_score_page(const char *truth, const char *pred, sl_html_page_score *out)
{
    memset(out, 0, sizeof *out);
    S_toks a = {0}, b = {0};
    bool ok = S_tokenize(truth, &a) && S_tokenize(pred, &b);
    size_t na = 0, nb = 0;
    uint64_t *sa = ok ? S_shingles(&a, &na) : NULL, *sb = ok ? S_shingles(&b, &nb) : NULL;
    if (!sa || !sb) ok = false;
    if (ok) {
        out->exact = a.n == b.n && (a.n == 0 || memcmp(a.h, b.h, a.n * sizeof *a.h) == 0);
        /* multiset intersection of two sorted arrays */
        size_t i = 0, j = 0, tp = 0;
        while (i < na && j < nb) {
            if (sa[i] == sb[j]) { tp++; i++; j++; }
            else if (sa[i] < sb[j]) i++;
            else j++;
        }
        double fp = (double)(nb - tp), fn = (double)(na - tp), s = (double)tp + fp + fn;
        if (s > 0) {
            out->tp = (double)tp / s;
            out->fp = fp / s;
            out->fn = fn / s;
        }
    }
    free(sa);
    free(sb);
    free(a.h);
    free(b.h);
    return ok;
}

static double S_prec(double tp, double fp, double fn)
{
    if (fp == 0 && fn == 0) return 1;
    if (tp == 0 && fp == 0) return 0;
    return tp / (tp + fp);
}

void sl_html_score_total(const sl_html_page_score *pages, size_t n, sl_html_totals *out)
{
    memset(out, 0, sizeof *out);
    double ps = 0, rs = 0, acc = 0;
    size_t pn = 0, rn = 0;
    for (size_t i = 0; i < n; i++) {
        const sl_html_page_score *p = &pages[i];
        if (p->tp + p->fp > 0) { ps += S_prec(p->tp, p->fp, p->fn); pn++; }
        if (p->tp + p->fn > 0) { rs += S_prec(p->tp, p->fn, p->fp); rn++; }
        acc += p->exact;
    }
    out->pages = n;
    out->precision = pn ? ps / (double)pn : 0;
    out->recall = rn ? rs / (double)rn : 0;
    out->f1 = out->precision + out->recall > 0
                  ? 2 * out->precision * out->recall / (out->precision + out->recall) : 0;
    out->accuracy = n ? acc / (double)n : 0;
}
