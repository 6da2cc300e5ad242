/*
 * timeline.c — a story's dated statements in the order of the dates they talk about.
 *
 * Part of the per-story outputs computed on write (summary, timeline, disagreements). The
 * extract stage resolved every date mention of an article (d->dates: span + ISO value +
 * granularity); here each sentence holding a day- or month-precise date becomes a timeline
 * entry for that date. News repeats itself, so a statement about a date that an earlier
 * article already made (same date, mostly the same words) is merged into it and counted as
 * support instead of shown twice. When a story has more entries than asked for, the dates
 * most articles talk about win. Year-only dates and ranges are left out: "in 2017" orders
 * nothing in a story that spans a week.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

#define S_MAX_WORDS 64     /* words compared per statement when merging */
#define S_SAME      0.5    /* Dice overlap above which two statements say the same thing */

typedef struct S_entry {
    sl_timeline_entry e;
    uint64_t words[S_MAX_WORDS]; /* hashes of its lower-cased words, sorted */
    size_t nwords;
    const char *published;
} S_entry;

static int S_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void S_words(const char *t, sl_span s, S_entry *e)
{
    e->nwords = 0;
    char w[64];
    for (uint32_t i = s.start; i < s.end && e->nwords < S_MAX_WORDS;) {
        unsigned char c = (unsigned char)t[i];
        bool wc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!wc) { i++; continue; }
        size_t n = 0;
        while (i < s.end) {
            c = (unsigned char)t[i];
            wc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
            if (!wc) break;
            if (n < sizeof w) w[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
        }
        e->words[e->nwords++] = sl_hash64(w, n, 7);
    }
    qsort(e->words, e->nwords, sizeof e->words[0], S_cmp_u64);
    size_t k = 0; /* as a set */
    for (size_t i = 0; i < e->nwords; i++)
        if (!k || e->words[k - 1] != e->words[i]) e->words[k++] = e->words[i];
    e->nwords = k;
}

static double S_dice(const S_entry *a, const S_entry *b)
{
    if (!a->nwords || !b->nwords) return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->nwords && j < b->nwords) {
        if (a->words[i] == b->words[j]) { common++; i++; j++; }
        else if (a->words[i] < b->words[j]) i++;
        else j++;
    }
    return 2.0 * (double)common / (double)(a->nwords + b->nwords);
}

/* Chronological by the date talked about, then by article date, article, sentence. */
static int S_cmp_chrono(const void *a, const void *b)
{
    const S_entry *x = a, *y = b;
    int c = strcmp(x->e.date, y->e.date);
    if (c) return c;
    const char *px = x->published ? x->published : "", *py = y->published ? y->published : "";
    if ((c = strcmp(px, py))) return c;
    if (x->e.doc != y->e.doc) return x->e.doc < y->e.doc ? -1 : 1;
    return x->e.sent < y->e.sent ? -1 : x->e.sent > y->e.sent;
}

/* Most supported first; chronological among equals (deterministic). */
static int S_cmp_support(const void *a, const void *b)
{
    const S_entry *x = a, *y = b;
    if (x->e.support != y->e.support) return x->e.support > y->e.support ? -1 : 1;
    return S_cmp_chrono(a, b);
}

static int S_cmp_doc(const void *a, const void *b, void *arg)
{
    const sl_sum_doc *docs = arg;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const char *px = docs[x].published ? docs[x].published : "", *py = docs[y].published ? docs[y].published : "";
    int c = strcmp(px, py);
    return c ? c : (x < y ? -1 : x > y);
}

/* Index of the sentence holding byte `pos`, or n. Sentences are in text order. */
static size_t S_sentence_at(const sl_sum_doc *d, uint32_t pos)
{
    size_t lo = 0, hi = d->nsents;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->sents[mid].end <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo < d->nsents && d->sents[lo].start <= pos && pos < d->sents[lo].end ? lo : d->nsents;
}

sl_status sl_summary_timeline(const sl_sum_doc *docs, const sl_sum_dates *dates, size_t n,
                              size_t max, sl_timeline_entry **out, size_t *nout)
{
    if (!out || !nout) return SL_EINVAL;
    *out = NULL;
    *nout = 0;
    if ((n && (!docs || !dates)) || max > SL_TIMELINE_MAX) return SL_EINVAL;
    size_t ndup = 0;
    for (size_t i = 0; i < n; i++) ndup += docs[i].near_dup;
    bool skip_dups = ndup < n;
    /* articles in date order, so that a merged statement keeps the earliest wording */
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order) return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) order[i] = i;
    qsort_r(order, n, sizeof *order, S_cmp_doc, (void *)docs);
    SL_VEC(S_entry) v = {0};
    sl_status st = SL_OK;
    for (size_t oi = 0; st == SL_OK && oi < n; oi++) {
        size_t i = order[oi];
        const sl_sum_doc *d = &docs[i];
        if ((skip_dups && d->near_dup) || !dates[i].v || !d->text) continue;
        for (size_t k = 0; k < dates[i].n; k++) {
            const sl_date *dt = &dates[i].v[k];
            /* "XXXX-07": a month whose year the dates stage could not resolve orders nothing */
            if (!(dt->value[0] >= '0' && dt->value[0] <= '9') || (dt->gran != SL_GRAN_DAY && dt->gran != SL_GRAN_MONTH))
                continue;
            size_t si = S_sentence_at(d, dt->span.start);
            if (si == d->nsents || d->sents[si].end > d->text_len) continue;
            sl_span sp = sl_summary_trim(d->text, d->sents[si]);
            size_t w = sl_summary_words(d->text, sp);
            if (w < SL_SUM_MIN_SENT_WORDS || w > SL_SUM_MAX_SENT_WORDS) continue;
            S_entry e;
            memset(&e, 0, sizeof e);
            snprintf(e.e.date, sizeof e.e.date, "%s", dt->value);
            e.e.doc = i;
            e.e.sent = si;
            e.e.span = sp;
            e.e.support = 1;
            e.published = d->published;
            S_words(d->text, sp, &e);
            /* the same sentence twice (two dates of one day), or the same statement again */
            bool merged = false;
            for (size_t j = 0; j < v.n && !merged; j++) {
                S_entry *o = &v.v[j];
                if (strcmp(o->e.date, e.e.date)) continue;
                if ((o->e.doc == i && o->e.sent == si) || S_dice(o, &e) > S_SAME) {
                    if (o->e.doc != i) o->e.support++;
                    merged = true;
                }
            }
            if (merged) continue;
            if (v.n >= SL_SUM_MAX_SENTS) { st = SL_ELIMIT; break; }
            if (!sl_vec_push(&v, e)) { st = SL_ENOMEM; break; }
        }
    }
    if (st == SL_OK && v.n) {
        if (v.n > max) {
            qsort(v.v, v.n, sizeof *v.v, S_cmp_support);
            v.n = max;
        }
        qsort(v.v, v.n, sizeof *v.v, S_cmp_chrono);
        if (v.n) {
            *out = malloc(v.n * sizeof **out);
            if (!*out) st = SL_ENOMEM;
        }
        for (size_t i = 0; st == SL_OK && i < v.n; i++) (*out)[i] = v.v[i].e;
        if (st == SL_OK) *nout = v.n;
    }
    sl_vec_free(&v);
    free(order);
    return st;
}
