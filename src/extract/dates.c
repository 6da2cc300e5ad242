/*
 * dates.c — the dates stage: finds absolute and relative time expressions and resolves them
 * to ISO values against the article's anchor (its published date).
 *
 * One pass over the tokens collects candidates ("July 7, 2017", "10 November 2017",
 * "2017-11-10", "Nov. 10", "in October", "last june", "Wednesday", "next week", "earlier this
 * month", "yesterday", "March 19 to 25"). Then the anchor is chosen: d->published when given;
 * otherwise the latest full date the text states (then the latest month+year); that inferred
 * anchor is written to d->published with SL_DOC_DATE_INFERRED. When the text gives no year at
 * all, the latest month-day mention is still used as an anchor, with the year unknown: values
 * then use the TIMEX3 convention "XXXX-03-25" and weekdays stay unresolved.
 * Granularity is kept (day, month, year, range); ranges are "start/end" in ISO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>

#include "extract/facts.h"

/* 0 = Monday .. 6 = Sunday */
static int S_weekday(long days) { return (int)(((days % 7) + 7 + 3) % 7); }

static int S_mdays(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return md[(m - 1) % 12];
}

static const char *const S_months[] = {"january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december", NULL};
static const char *const S_mabbr[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                      "oct", "nov", "dec", NULL};
static const char *const S_wdays[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                      "saturday", "sunday", NULL};

/* Month number (1..12) of token i or 0; *abbr set for "Nov"/"Sept" forms. */
static int S_month(const sl_fview *v, size_t i, bool *abbr)
{
    *abbr = false;
    int k = sl_fv_oneof(v, i, S_months);
    if (k >= 0) return k + 1;
    if (sl_fv_is(v, i, "sept")) { *abbr = true; return 9; }
    /* "Nov." as one token (the segmenter keeps known abbreviations whole) */
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    if (n >= 4 && n <= 5 && s[n - 1] == '.') {
        for (k = 0; S_mabbr[k]; k++)
            if (sl_ieq(s, S_mabbr[k], 3) && (n == 4 || sl_ieq(s, "sept", 4))) { *abbr = false; return k + 1; }
    }
    k = sl_fv_oneof(v, i, S_mabbr);
    /* "mar", "may" etc. as abbreviations only with the period ("Mar.") */
    if (k >= 0 && i + 1 < v->ntok && sl_fv_punct(v, i + 1, '.') &&
        v->tok[i + 1].span.start == v->tok[i].span.end) {
        *abbr = true;
        return k + 1;
    }
    return 0;
}

/* Integer value of an all-digit token (optionally with an ordinal suffix), else -1. */
static int S_num(const sl_fview *v, size_t i)
{
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    if (!n || n > 6 || s[0] < '0' || s[0] > '9') return -1;
    int x = 0;
    size_t k = 0;
    for (; k < n && s[k] >= '0' && s[k] <= '9'; k++) x = x * 10 + (s[k] - '0');
    if (k < n) {
        size_t r = n - k;
        if (r != 2) return -1;
        if (!(sl_ieq(s + k, "st", 2) || sl_ieq(s + k, "nd", 2) || sl_ieq(s + k, "rd", 2) || sl_ieq(s + k, "th", 2)))
            return -1;
    }
    return x;
}

static bool S_is_year(int x) { return x >= 1900 && x <= 2100; }

typedef enum {
    C_ABS,       /* y (maybe 0 = unknown), m, d with gran; range with y2/m2/d2 */
    C_WEEKDAY,   /* a = weekday, b = direction (-1 past, +1 future) */
    C_DAYREL,    /* a = day offset (yesterday -1, today 0, tomorrow +1) */
    C_WEEKREL,   /* a = week offset */
    C_MONTHREL,  /* a = month offset */
    C_YEARREL,   /* a = year offset */
    C_MONTHNAME, /* m with a = -1 last, +1 next, 0 nearest/this */
} S_ckind;

typedef struct {
    sl_span span;
    S_ckind kind;
    int y, m, d, y2, m2, d2;
    int a, b;
    uint8_t gran;
    bool year_given;
} S_cand;

typedef struct {
    long days;    /* anchor day */
    int y, m, d;
    bool known, year_known;
} S_anchor;

static bool S_parse_published(const char *p, S_anchor *an)
{
    if (!p) return false;
    int y = 0, m = 0, d = 0;
    if (sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3 || (d = 1, sscanf(p, "%4d-%2d", &y, &m) == 2)) {
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31) return false;
        an->y = y, an->m = m, an->d = d;
        an->days = sl_days_from_civil(y, m, d);
        an->known = an->year_known = true;
        return true;
    }
    return false;
}

/* Words right before a bare month name that make it a date ("in May"), not the verb "may". */
static bool S_month_context(const sl_fview *v, size_t i)
{
    static const char *const pre[] = {"in", "since", "until", "till", "of", "early", "late", "mid",
                                      "by", "during", "through", "from", "last", "next", "this", "before",
                                      "after", "between", "and", "or", NULL};
    return i > 0 && sl_fv_oneof(v, i - 1, pre) >= 0;
}

/* Future-tense cue in the few tokens before i (same sentence): "will", "is due", "starts". */
static bool S_future(const sl_fview *v, size_t i)
{
    static const char *const fut[] = {"will", "'ll", "shall", "scheduled", "due", "upcoming", "starts",
                                      "begins", "start", "begin", "expected", "planned", "plans", "set",
                                      "opens", "going", NULL};
    size_t lo = i > 6 ? i - 6 : 0;
    uint32_t s = v->tok[i].sent;
    for (size_t k = i; k-- > lo;) {
        if (v->tok[k].sent != s || sl_fv_punct(v, k, ',')) break;
        if (sl_fv_oneof(v, k, fut) >= 0) return true;
    }
    return false;
}

static void S_push(S_cand **c, size_t *n, size_t *cap, S_cand x, bool *oom)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        S_cand *p = realloc(*c, nc * sizeof *p);
        if (!p) { *oom = true; return; }
        *c = p, *cap = nc;
    }
    (*c)[(*n)++] = x;
}

static sl_span S_sp(const sl_fview *v, size_t a, size_t b) /* tokens [a, b] inclusive */
{
    sl_span s = {v->tok[a].span.start, v->tok[b].span.end};
    return s;
}

/* Parses an ISO date at the text of token i ("2017-11-10"); returns bytes used or 0. */
static size_t S_iso_at(const char *s, size_t n, int *y, int *m, int *d)
{
    if (n < 10) return 0;
    for (int k = 0; k < 10; k++) {
        if (k == 4 || k == 7) { if (s[k] != '-') return 0; }
        else if (s[k] < '0' || s[k] > '9') return 0;
    }
    if (n > 10 && s[10] >= '0' && s[10] <= '9') return 0;
    *y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
    if (!S_is_year(*y) || *m < 1 || *m > 12 || *d < 1 || *d > S_mdays(*y, *m)) return 0;
    return 10;
}

/* Words that can take part in a date expression, sorted (bsearch). Every other word token is
 * skipped after one lookup, which keeps the stage cheap on long articles. */
static const char *const S_datewords[] = {
    "ago", "apr", "apr.", "april", "aug", "aug.", "august", "dec", "dec.", "december", "earlier", "feb",
    "feb.", "february", "fri", "friday", "jan", "jan.", "january", "jul", "jul.", "july", "jun", "jun.",
    "june", "last", "later", "mar", "mar.", "march", "may", "monday", "next", "nov", "nov.", "november",
    "oct", "oct.", "october", "saturday", "sep", "sep.", "sept", "sept.", "september", "sunday", "this",
    "thursday", "today", "tomorrow", "tonight", "tuesday", "wednesday", "yesterday"};

static int S_cmpstr(const void *a, const void *b) { return strcmp((const char *)a, *(const char *const *)b); }

/* Pairs of first letters of the date words (a bit per second letter, per first letter): a
 * word whose first two letters start no date word costs no lower-casing and no search. */
static uint32_t S_dw_pairs[26];
static pthread_once_t S_dw_once = PTHREAD_ONCE_INIT;
static void S_dw_init(void)
{
    for (size_t k = 0; k < SL_ARRAY_LEN(S_datewords); k++)
        S_dw_pairs[S_datewords[k][0] - 'a'] |= (uint32_t)1 << (S_datewords[k][1] - 'a');
}

static bool S_dateword(const sl_fview *v, size_t i)
{
    char w[16];
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    if (n > 10 || n < 3) return false;
    pthread_once(&S_dw_once, S_dw_init);
    unsigned c0 = (unsigned char)s[0] | 32u, c1 = (unsigned char)s[1] | 32u;
    if (c0 < 'a' || c0 > 'z' || c1 < 'a' || c1 > 'z' || !(S_dw_pairs[c0 - 'a'] >> (c1 - 'a') & 1)) return false;
    sl_fv_lower(v, i, w, sizeof w);
    return bsearch(w, S_datewords, SL_ARRAY_LEN(S_datewords), sizeof S_datewords[0], S_cmpstr) != NULL;
}

/* One pass over the tokens; candidates in text order. */
static sl_status S_scan(const sl_fview *v, S_cand **out, size_t *nout)
{
    S_cand *c = NULL;
    size_t n = 0, cap = 0;
    bool oom = false;
    size_t N = v->ntok;
    for (size_t i = 0; i < N && !oom; i++) {
        const sl_token *t = &v->tok[i];
        if (t->kind == SL_TOK_PUNCT || t->kind == SL_TOK_SYM) continue;
        if (t->kind == SL_TOK_WORD && !S_dateword(v, i)) continue;
        S_cand x;
        memset(&x, 0, sizeof x);
        bool abbr;
        int mo = S_month(v, i, &abbr);
        if (t->kind == SL_TOK_NUM) {
            int y, m, d;
            if (S_iso_at(v->text + t->span.start, v->text_len - t->span.start, &y, &m, &d)) {
                /* skip the tokens the ISO date covers whatever the tokenizer did with hyphens */
                size_t e = i;
                uint32_t end = t->span.start + 10;
                while (e + 1 < N && v->tok[e + 1].span.start < end) e++;
                x.kind = C_ABS, x.y = y, x.m = m, x.d = d, x.gran = SL_GRAN_DAY, x.year_given = true;
                x.span = S_sp(v, i, e);
                x.span.end = SL_MIN(x.span.end, end) > x.span.start ? end : x.span.end;
                S_push(&c, &n, &cap, x, &oom);
                i = e;
                continue;
            }
            /* "10 November [2017]" */
            int dn = S_num(v, i);
            if (dn >= 1 && dn <= 31 && i + 1 < N && (mo = S_month(v, i + 1, &abbr)) > 0) {
                size_t e = i + 1 + (abbr ? 1 : 0);
                x.kind = C_ABS, x.m = mo, x.d = dn, x.gran = SL_GRAN_DAY;
                if (e + 1 < N && S_is_year(S_num(v, e + 1))) { x.y = S_num(v, e + 1); x.year_given = true; e++; }
                x.span = S_sp(v, i, e);
                S_push(&c, &n, &cap, x, &oom);
                i = e;
                continue;
            }
            /* a bare year after a preposition: "in 2016" */
            int yv = S_num(v, i);
            if (S_is_year(yv) && v->tok[i].span.end - v->tok[i].span.start == 4 && i > 0) {
                static const char *const pre[] = {"in", "since", "by", "during", "until", "of", "early",
                                                  "late", "mid", "before", "after", "from", "through", NULL};
                if (sl_fv_oneof(v, i - 1, pre) >= 0) {
                    x.kind = C_ABS, x.y = yv, x.gran = SL_GRAN_YEAR, x.year_given = true;
                    x.span = S_sp(v, i, i);
                    S_push(&c, &n, &cap, x, &oom);
                }
            }
            continue;
        }
        if (mo > 0) {
            size_t e = i + (abbr ? 1 : 0);
            int dn = e + 1 < N ? S_num(v, e + 1) : -1;
            if (dn >= 1 && dn <= 31 && v->tok[e + 1].span.end - v->tok[e + 1].span.start <= 4) {
                /* "November 10[, 2017]", "March 19 to 25", "July 7-9" */
                x.kind = C_ABS, x.m = mo, x.d = dn, x.gran = SL_GRAN_DAY;
                e++;
                size_t f = e;
                if (f + 1 < N && sl_fv_punct(v, f + 1, ',')) f++;
                if (f + 1 < N && S_is_year(S_num(v, f + 1))) { x.y = S_num(v, f + 1); x.year_given = true; e = f + 1; }
                if (!x.year_given && e + 2 < N && (sl_fv_is(v, e + 1, "to") || sl_fv_punct(v, e + 1, '-') ||
                                                   sl_fv_is(v, e + 1, "through"))) {
                    int d2 = S_num(v, e + 2);
                    if (d2 > dn && d2 <= 31) {
                        x.gran = SL_GRAN_RANGE, x.m2 = mo, x.d2 = d2;
                        e += 2;
                        if (e + 2 < N && sl_fv_punct(v, e + 1, ',') && S_is_year(S_num(v, e + 2))) {
                            x.y = S_num(v, e + 2), x.year_given = true;
                            e += 2;
                        }
                    }
                }
                x.span = S_sp(v, i, e);
                S_push(&c, &n, &cap, x, &oom);
                i = e;
                continue;
            }
            int yv = e + 1 < N ? S_num(v, e + 1) : -1;
            if (S_is_year(yv)) { /* "November 2017" */
                x.kind = C_ABS, x.y = yv, x.m = mo, x.gran = SL_GRAN_MONTH, x.year_given = true;
                x.span = S_sp(v, i, e + 1);
                S_push(&c, &n, &cap, x, &oom);
                i = e + 1;
                continue;
            }
            /* a bare month: "in October", "last june", "next March" */
            bool ctx = S_month_context(v, i);
            bool lowered = !sl_fv_cap(v, i);
            if ((mo == 5 || mo == 3) && !ctx) continue;      /* "may", "march" as verbs */
            if (!ctx && lowered) continue;
            x.kind = C_MONTHNAME, x.m = mo, x.gran = SL_GRAN_MONTH;
            size_t s0 = i;
            if (i > 0 && sl_fv_is(v, i - 1, "last")) { x.a = -1; s0 = i - 1; }
            else if (i > 0 && sl_fv_is(v, i - 1, "next")) { x.a = 1; s0 = i - 1; }
            else if (i > 0 && sl_fv_is(v, i - 1, "this")) { x.a = 0; s0 = i - 1; }
            else x.a = 0;
            x.span = S_sp(v, s0, e);
            S_push(&c, &n, &cap, x, &oom);
            i = e;
            continue;
        }
        int wd = sl_fv_oneof(v, i, S_wdays);
        if (wd >= 0) {
            x.kind = C_WEEKDAY, x.a = wd, x.gran = SL_GRAN_DAY;
            size_t s0 = i;
            if (i > 0 && sl_fv_is(v, i - 1, "last")) { x.b = -1; s0 = i - 1; }
            else if (i > 0 && sl_fv_is(v, i - 1, "next")) { x.b = 2; s0 = i - 1; }
            else x.b = S_future(v, i) ? 1 : -1;
            x.span = S_sp(v, s0, i);
            S_push(&c, &n, &cap, x, &oom);
            continue;
        }
        if (sl_fv_is(v, i, "yesterday") || sl_fv_is(v, i, "today") || sl_fv_is(v, i, "tomorrow") ||
            sl_fv_is(v, i, "tonight")) {
            x.kind = C_DAYREL, x.gran = SL_GRAN_DAY;
            x.a = sl_fv_is(v, i, "yesterday") ? -1 : sl_fv_is(v, i, "tomorrow") ? 1 : 0;
            x.span = S_sp(v, i, i);
            S_push(&c, &n, &cap, x, &oom);
            continue;
        }
        /* "next week", "last month", "this year", "earlier this month", "later this year" */
        int dir = sl_fv_is(v, i, "next") ? 1 : sl_fv_is(v, i, "last") ? -1 : sl_fv_is(v, i, "this") ? 0 : 9;
        if (dir != 9 && i + 1 < N) {
            S_ckind k = sl_fv_is(v, i + 1, "week") ? C_WEEKREL
                      : sl_fv_is(v, i + 1, "month") ? C_MONTHREL
                      : sl_fv_is(v, i + 1, "year") ? C_YEARREL : C_ABS;
            if (k != C_ABS) {
                size_t s0 = i;
                if (dir == 0 && i > 0 && (sl_fv_is(v, i - 1, "earlier") || sl_fv_is(v, i - 1, "later")))
                    s0 = i - 1;
                x.kind = k, x.a = dir;
                x.gran = k == C_WEEKREL ? SL_GRAN_RANGE : k == C_MONTHREL ? SL_GRAN_MONTH : SL_GRAN_YEAR;
                x.span = S_sp(v, s0, i + 1);
                S_push(&c, &n, &cap, x, &oom);
                i++;
                continue;
            }
        }
        /* "N days/weeks ago" is handled by the number branch's neighbour: look back here */
        if (sl_fv_is(v, i, "ago") && i >= 2) {
            int q = S_num(v, i - 2);
            if (q < 0) {
                static const char *const nums[] = {"zero", "one", "two", "three", "four", "five", "six",
                                                   "seven", "eight", "nine", "ten", NULL};
                q = sl_fv_oneof(v, i - 2, nums);
                if (q < 0 && (sl_fv_is(v, i - 2, "a") || sl_fv_is(v, i - 2, "an"))) q = 1;
            }
            if (q > 0 && q < 1000) {
                if (sl_fv_is(v, i - 1, "days") || sl_fv_is(v, i - 1, "day")) x.kind = C_DAYREL, x.a = -q, x.gran = SL_GRAN_DAY;
                else if (sl_fv_is(v, i - 1, "weeks") || sl_fv_is(v, i - 1, "week")) x.kind = C_WEEKREL, x.a = -q, x.gran = SL_GRAN_RANGE;
                else if (sl_fv_is(v, i - 1, "months") || sl_fv_is(v, i - 1, "month")) x.kind = C_MONTHREL, x.a = -q, x.gran = SL_GRAN_MONTH;
                else if (sl_fv_is(v, i - 1, "years") || sl_fv_is(v, i - 1, "year")) x.kind = C_YEARREL, x.a = -q, x.gran = SL_GRAN_YEAR;
                else continue;
                x.span = S_sp(v, i - 2, i);
                S_push(&c, &n, &cap, x, &oom);
            }
        }
    }
    if (oom) { free(c); return SL_ENOMEM; }
    *out = c;
    *nout = n;
    return SL_OK;
}

/* The anchor when the article has no published date: latest full date, then latest
 * month+year, then (year unknown) latest month-day. */
static void S_infer_anchor(const S_cand *c, size_t n, S_anchor *an)
{
    long best = -1000000000L;
    int by = 0, bm = 0, bd = 0, level = 0; /* 3 full date, 2 month+year, 1 month-day */
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind != C_ABS) continue;
        int lv = 0, y = c[i].y, m = c[i].m, d = c[i].d;
        if (c[i].gran == SL_GRAN_RANGE) m = c[i].m2, d = c[i].d2;
        if (c[i].year_given && m && d) lv = 3;
        else if (c[i].year_given && m) lv = 2, d = 1;
        else if (!c[i].year_given && m && d) lv = 1, y = 2001; /* placeholder non-leap year */
        if (!lv) continue;
        long days = sl_days_from_civil(y, m, d);
        if (lv > level || (lv == level && days > best)) level = lv, best = days, by = y, bm = m, bd = d;
    }
    if (!level) return;
    an->known = true;
    an->year_known = level >= 2;
    an->y = by, an->m = bm, an->d = bd;
    an->days = sl_days_from_civil(by, bm, bd);
}

static void S_fmt_day(char *out, size_t n, int y, int m, int d, bool yk)
{
    if (yk) snprintf(out, n, "%04d-%02d-%02d", y, m, d);
    else snprintf(out, n, "XXXX-%02d-%02d", m, d);
}

static void S_fmt_days(char *out, size_t n, long days, bool yk)
{
    int y, m, d;
    sl_civil_from_days(days, &y, &m, &d);
    S_fmt_day(out, n, y, m, d, yk);
}

/* Resolves one candidate to an sl_date; false when it cannot be resolved. */
static bool S_resolve(const S_cand *c, const S_anchor *an, sl_date *o)
{
    memset(o, 0, sizeof *o);
    o->span = c->span;
    o->gran = c->gran;
    char a[12], b[12];
    switch (c->kind) {
    case C_ABS: {
        int y = c->y;
        bool yk = c->year_given;
        if (!yk && an->known && an->year_known) {
            /* year from the anchor: the nearest such date (news talk about the near past/future) */
            y = an->y;
            long dd = sl_days_from_civil(y, c->m ? c->m : 1, c->d ? c->d : 1) - an->days;
            if (dd > 183) y--;
            else if (dd < -183) y++;
            yk = true;
            o->relative = 1;
        }
        if (c->gran == SL_GRAN_YEAR) snprintf(o->value, sizeof o->value, "%04d", c->y);
        else if (c->gran == SL_GRAN_MONTH) {
            if (!yk) snprintf(o->value, sizeof o->value, "XXXX-%02d", c->m);
            else snprintf(o->value, sizeof o->value, "%04d-%02d", y, c->m);
        } else if (c->gran == SL_GRAN_DAY) {
            if (c->d > S_mdays(yk ? y : 2001, c->m)) return false;
            S_fmt_day(o->value, sizeof o->value, y, c->m, c->d, yk);
        } else {
            S_fmt_day(a, sizeof a, y, c->m, c->d, yk);
            S_fmt_day(b, sizeof b, y, c->m2, c->d2, yk);
            snprintf(o->value, sizeof o->value, "%s/%s", a, b);
        }
        return true;
    }
    default: break;
    }
    if (!an->known && c->kind == C_MONTHNAME) {
        snprintf(o->value, sizeof o->value, "XXXX-%02d", c->m);
        o->relative = 1;
        return true;
    }
    if (!an->known) return false;
    o->relative = 1;
    bool yk = an->year_known;
    switch (c->kind) {
    case C_WEEKDAY: {
        if (!yk) return false; /* no weekday arithmetic without a year */
        int wd = S_weekday(an->days);
        long days;
        if (c->b < 0) days = an->days - ((wd - c->a + 7) % 7);
        else if (c->b == 2) days = an->days - wd + 7 + c->a; /* "next Tuesday": in the next week */
        else days = an->days + ((c->a - wd + 7) % 7);
        S_fmt_days(o->value, sizeof o->value, days, true);
        return true;
    }
    case C_DAYREL:
        S_fmt_days(o->value, sizeof o->value, an->days + c->a, yk);
        return true;
    case C_WEEKREL: {
        /* Monday..Sunday of the week; without a year the weekday is unknown and the anchor
         * day stands for the start of its week. */
        long mon = an->days - (yk ? S_weekday(an->days) : 0) + 7L * c->a;
        S_fmt_days(a, sizeof a, mon, yk);
        S_fmt_days(b, sizeof b, mon + 6, yk);
        snprintf(o->value, sizeof o->value, "%s/%s", a, b);
        return true;
    }
    case C_MONTHREL: {
        int mm = an->y * 12 + (an->m - 1) + c->a;
        if (yk) snprintf(o->value, sizeof o->value, "%04d-%02d", mm / 12, mm % 12 + 1);
        else snprintf(o->value, sizeof o->value, "XXXX-%02d", ((mm % 12) + 12) % 12 + 1);
        return true;
    }
    case C_YEARREL:
        if (!yk) return false;
        snprintf(o->value, sizeof o->value, "%04d", an->y + c->a);
        return true;
    case C_MONTHNAME: {
        int y = an->y;
        if (c->a < 0) { if (c->m >= an->m) y--; }          /* "last June": the latest June before */
        else if (c->a > 0) { if (c->m <= an->m) y++; }     /* "next March": the first one after */
        else if (c->m - an->m > 6) y--;                     /* "in October": the nearest, past first */
        else if (an->m - c->m > 6) y++;
        if (yk) snprintf(o->value, sizeof o->value, "%04d-%02d", y, c->m);
        else snprintf(o->value, sizeof o->value, "XXXX-%02d", c->m);
        return true;
    }
    default: return false;
    }
}

/* A 19xx/20xx number anywhere in s (a cheap test before tokenizing the raw input). */
static bool S_has_year(const char *s, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))) continue;
        if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
        if (s[i + 2] < '0' || s[i + 2] > '9' || s[i + 3] < '0' || s[i + 3] > '9') continue;
        if (i + 4 < n && s[i + 4] >= '0' && s[i + 4] <= '9') continue;
        return true;
    }
    return false;
}

sl_status sl_dates(const sl_engine *e, sl_doc *d)
{
    (void)e;
    if (!d->text || !d->text_len) return SL_OK;
    sl_fview v;
    sl_status st = sl_fview_init(d, &v);
    if (st != SL_OK) return st;
    S_cand *c = NULL;
    size_t n = 0;
    st = S_scan(&v, &c, &n);
    if (st != SL_OK) { sl_fview_free(&v); return st; }
    S_anchor an;
    memset(&an, 0, sizeof an);
    if (!S_parse_published(d->published, &an)) {
        S_infer_anchor(c, n, &an);
        if (!(an.known && an.year_known) && d->raw && d->raw_len && d->raw_len <= SL_MAX_ARTICLE_BYTES &&
            S_has_year(d->raw, d->raw_len)) {
            /* cleaning may have dropped the one line with a year (a photo caption, a
             * dateline): look for the anchor in the raw lines the text no longer has */
            S_anchor best;
            memset(&best, 0, sizeof best);
            const char *p = d->raw, *end = d->raw + d->raw_len;
            while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t ll = (size_t)((nl ? nl : end) - p);
                if (ll >= 8 && S_has_year(p, ll) && !memmem(d->text, d->text_len, p, SL_MIN(ll, 48))) {
                    sl_fview rv;
                    S_cand *rc = NULL;
                    size_t rn = 0;
                    if (sl_fview_init_text(p, ll, &rv) == SL_OK && S_scan(&rv, &rc, &rn) == SL_OK) {
                        S_anchor ra;
                        memset(&ra, 0, sizeof ra);
                        S_infer_anchor(rc, rn, &ra);
                        if (ra.known && ra.year_known && (!best.known || ra.days > best.days)) best = ra;
                    }
                    free(rc);
                    sl_fview_free(&rv);
                }
                p += ll + 1;
            }
            if (best.known) {
                /* the raw line is most often a photo caption, and a photo is older than the
                 * article (a file photo from a summit months before): when the text's own
                 * latest month-day falls later in that year, that month-day is the anchor */
                long text_days = an.known ? sl_days_from_civil(best.y, an.m, an.d) : 0;
                if (an.known && text_days > best.days) {
                    an.year_known = true;
                    an.y = best.y;
                    an.days = text_days;
                } else {
                    an = best;
                }
            }
        }
        if (an.known && an.year_known) {
            char buf[16];
            S_fmt_day(buf, sizeof buf, an.y, an.m, an.d, true);
            d->published = sl_arena_strdup(&d->arena, buf);
            if (!d->published) st = SL_ENOMEM;
            d->flags |= SL_DOC_DATE_INFERRED;
        }
    }
    for (size_t i = 0; i < n && st == SL_OK; i++) {
        sl_date o;
        if (!S_resolve(&c[i], &an, &o)) continue;
        if (!sl_vec_push(&d->dates, o)) st = SL_ENOMEM;
    }
    free(c);
    sl_fview_free(&v);
    return st;
}
