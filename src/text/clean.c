/*
 * clean.c — the first text stage: d->raw (plain text; HTML was reduced to its article by
 * ingest) -> d->text without site furniture, plus metadata found on the way (title, date
 * line, dateline). normalize.c runs next on the result.
 *
 * How it works. The raw text is cut into units: blank-line separated paragraphs, where a
 * paragraph whose lines are hard-wrapped prose (DUC/AP style, mostly 45-100 bytes a line, no
 * short line that is furniture by itself) is one unit and any other paragraph gives one unit
 * per line (captions, video titles, highlight bullets often sit on lines of their own without
 * blank lines between). Rules from resources/boilerplate.txt then drop, strip or cut units;
 * nothing site-specific lives in C. Bylines give d->authors when none were given. The head of
 * the text is read for a headline (becomes d->title), a date-only line (becomes
 * d->published; glued "Tuesday, January 18, 2005Through ..." too) and a dateline
 * ("WASHINGTON (Reuters) -", kept in d->dateline).
 *
 * Two heuristics handle degraded feeds where the furniture is run into the article text
 * without line breaks or case (seed 002): a run of teaser headlines that starts at a
 * `teaser` marker, and a leading fragment of the previous page's headline (the text starts
 * mid-word). Both are cut up to the point where the article resumes, found by word novelty:
 * teaser headlines are about other stories, so their content words occur nowhere else in the
 * article, while the article's own words (names above all) recur. The resume point is the
 * first content word that recurs elsewhere, after at least three novel ones, where the next
 * eight content words recur often enough (S_resume).
 *
 * Output: units joined by "\n\n"; lines of a wrapped paragraph joined by spaces.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>

#include "text/clean.h"

typedef enum S_kind {
    S_DROP, S_DROP_PREV, S_BLOCK, S_CUT, S_STRIP, S_DATELINE, S_TEASER, S_BYLINE
} S_kind;

static const char *const S_kind_names[] = {
    "drop", "drop-prev", "block", "cut", "strip", "dateline", "teaser", "byline",
};

/* Cheap necessary conditions checked before a rule's regexec (see S_analyze): nearly every
 * paragraph of an article is matched by no rule, and glibc's regexec costs a pass over the
 * unit (upper-casing all of it first for /i rules) even when the first byte already rules a
 * match out. */
#define S_LIT_MAX 31u
#define S_NLIT 32u
/* Literals one of which every match contains (k = 0: none known). */
typedef struct S_lits {
    char s[S_NLIT][S_LIT_MAX + 1];
    size_t n[S_NLIT];
    size_t k;
} S_lits;
typedef struct S_rule {
    S_kind kind;
    regex_t re;
    bool anchored;             /* "^...", not nullable: a match starts at byte 0 ... */
    uint8_t first[32];         /* ... with one of these bytes (bit set) */
    S_lits lits;
    uint16_t lpairs[S_NLIT][S_LIT_MAX]; /* the literals' byte pairs (S_pair), for S_pairs_ok */
    bool icase;
} S_rule;

struct sl_boiler {
    S_rule *rules;
    size_t n;
    sl_map stop; /* stopwords for the teaser heuristic */
};

/* Teaser / truncation heuristic parameters (see the file comment). */
#define S_WINDOW 200u        /* words examined after a marker */
#define S_MIN_NOVEL 3u       /* novel content words before the article may resume */
#define S_LOOKAHEAD 8u       /* content words checked after a resume candidate */
#define S_BLOCK_MAX 10u      /* units a `block` rule may swallow */
#define S_BLOCK_WORDS 25u    /* longest unit a `block` rule swallows */
#define S_TITLE_MAX 250u     /* longest headline line, bytes */
#define S_TITLE_WORDS 30u

/* ---- rules ----------------------------------------------------------------------------------- */

/* Pattern analysis for the prefilter: a small reader of POSIX EREs that computes, for the
 * top-level sequence, the set of bytes a match can start with and the longest run of
 * literal characters every match must contain. It errs on the safe side: anything it does
 * not understand widens the set to every byte and ends the literal run, so a rule it
 * skips could never have matched. */
typedef struct S_an {
    const char *p, *e;
    bool icase;
} S_an;

static void S_bset(uint8_t *set, unsigned c) { set[(c & 255u) >> 3] |= (uint8_t)(1u << (c & 7u)); }
static bool S_bhas(const uint8_t *set, unsigned c) { return set[(c & 255u) >> 3] >> (c & 7u) & 1u; }

static void S_bset_char(uint8_t *set, unsigned c, bool icase)
{
    S_bset(set, c);
    if (icase && c >= 'a' && c <= 'z') S_bset(set, c - 32);
    if (icase && c >= 'A' && c <= 'Z') S_bset(set, c + 32);
}

/* Bracket expression after its '['; p ends after the closing ']'. */
static void S_an_bracket(S_an *a, uint8_t *set)
{
    uint8_t in[32] = {0};
    bool neg = a->p < a->e && *a->p == '^';
    if (neg) a->p++;
    bool firstch = true;
    while (a->p < a->e && (*a->p != ']' || firstch)) {
        firstch = false;
        unsigned char c = (unsigned char)*a->p;
        if (c == '[' && a->p + 1 < a->e && (a->p[1] == ':' || a->p[1] == '.' || a->p[1] == '=')) {
            char kind = a->p[1];
            const char *nm = a->p + 2, *q = nm;
            while (q + 1 < a->e && !(q[0] == kind && q[1] == ']')) q++;
            size_t nl = (size_t)(q - nm);
            /* classes as in the C locale, plus every non-ASCII byte; collating and
             * equivalence elements: every byte */
            for (unsigned b = 0; b < 256; b++) {
                bool hit = b >= 0x80 || kind != ':';
                if (!hit && nl == 5 && !memcmp(nm, "alpha", 5)) hit = (b | 32) >= 'a' && (b | 32) <= 'z';
                else if (!hit && nl == 5 && !memcmp(nm, "digit", 5)) hit = b >= '0' && b <= '9';
                else if (!hit && nl == 5 && !memcmp(nm, "alnum", 5))
                    hit = ((b | 32) >= 'a' && (b | 32) <= 'z') || (b >= '0' && b <= '9');
                else if (!hit && nl == 5 && !memcmp(nm, "space", 5)) hit = b == ' ' || (b >= 9 && b <= 13);
                else if (!hit && nl == 5 && !memcmp(nm, "blank", 5)) hit = b == ' ' || b == '\t';
                else if (!hit && nl == 5 && !memcmp(nm, "upper", 5)) hit = (b | 32) >= 'a' && (b | 32) <= 'z';
                else if (!hit && nl == 5 && !memcmp(nm, "lower", 5)) hit = (b | 32) >= 'a' && (b | 32) <= 'z';
                else if (!hit && !(nl == 5 && (!memcmp(nm, "alpha", 5) || !memcmp(nm, "digit", 5) ||
                                               !memcmp(nm, "alnum", 5) || !memcmp(nm, "space", 5) ||
                                               !memcmp(nm, "blank", 5) || !memcmp(nm, "upper", 5) ||
                                               !memcmp(nm, "lower", 5))))
                    hit = true; /* any other class: every byte */
                if (hit) S_bset(in, b);
            }
            a->p = q + 2 <= a->e ? q + 2 : a->e;
            continue;
        }
        if (c >= 0x80) { for (unsigned b = 0x80; b < 256; b++) S_bset(in, b); a->p++; continue; }
        if (a->p + 2 < a->e && a->p[1] == '-' && a->p[2] != ']') {
            unsigned char d = (unsigned char)a->p[2];
            if (d >= 0x80) for (unsigned b = 0x80; b < 256; b++) S_bset(in, b);
            for (unsigned b = c; b <= d && b < 0x80; b++) S_bset_char(in, b, a->icase);
            a->p += 3;
            continue;
        }
        S_bset_char(in, c, a->icase);
        a->p++;
    }
    if (a->p < a->e) a->p++; /* ']' */
    for (unsigned b = 0; b < 256; b++) {
        bool h = S_bhas(in, b);
        if (neg) h = !h || b >= 0x80; /* a negated set matches any multibyte character */
        if (h) S_bset(set, b);
    }
}

static bool S_an_alt(S_an *a, uint8_t *first, S_lits *lits);

/* Worth of a literal set as a filter: its shortest literal (0 = none). */
static size_t S_lits_score(const S_lits *l)
{
    size_t m = l->k ? SIZE_MAX : 0;
    for (size_t i = 0; i < l->k; i++) m = l->n[i] < m ? l->n[i] : m;
    return m;
}

static void S_lits_one(S_lits *l, const char *s, size_t n)
{
    l->k = 1;
    memcpy(l->s[0], s, n);
    l->s[0][n] = 0;
    l->n[0] = n;
}

/* One atom; returns whether it can match the empty string. *litc gets its byte when it is a
 * single plain character (-1 otherwise); *group the literals of a group's every match. */
static bool S_an_atom(S_an *a, uint8_t *f, int *litc, S_lits *group)
{
    *litc = -1;
    group->k = 0;
    unsigned char c = (unsigned char)*a->p++;
    if (c == '(') {
        bool n = S_an_alt(a, f, group);
        if (a->p < a->e && *a->p == ')') a->p++;
        else { memset(f, 0xff, 32); group->k = 0; }
        return n;
    }
    if (c == '^' || c == '$') return true;
    if (c == '.') { memset(f, 0xff, 32); return false; }
    if (c == '[') { S_an_bracket(a, f); return false; }
    if (c == '\\' && a->p < a->e) {
        unsigned char x = (unsigned char)*a->p++;
        /* GNU escapes (\w, \b, \<, ...) and back-references: anything, possibly empty */
        if (((x | 32) >= 'a' && (x | 32) <= 'z') || (x >= '0' && x <= '9') || x == '<' || x == '>' ||
            x == '`' || x == '\'') {
            memset(f, 0xff, 32);
            return true;
        }
        S_bset_char(f, x, a->icase);
        *litc = x;
        return false;
    }
    if (c >= 0x80) {
        /* one multibyte character: its lead byte starts it; the rest belongs to the atom */
        while (a->p < a->e && ((unsigned char)*a->p & 0xC0) == 0x80) a->p++;
        S_bset(f, c);
        if (a->icase) for (unsigned b = 0x80; b < 256; b++) S_bset(f, b);
        return false;
    }
    S_bset_char(f, c, a->icase);
    *litc = c;
    return false;
}

/* A sequence up to '|' or ')'. first |= the bytes a match can start with; *lits: the best
 * literal set every match contains (a run of plain characters, or a mandatory group's).
 * Returns whether the sequence can match the empty string. */
static bool S_an_seq(S_an *a, uint8_t *first, S_lits *lits)
{
    bool nullable = true;
    char run[S_LIT_MAX + 1];
    size_t rn = 0;
    lits->k = 0;
    S_lits cand;
    while (a->p < a->e && *a->p != '|' && *a->p != ')') {
        uint8_t f[32] = {0};
        int litc;
        bool an = S_an_atom(a, f, &litc, &cand);
        bool optional = false, repeated = false;
        if (a->p < a->e && (*a->p == '?' || *a->p == '*')) { optional = true; a->p++; }
        else if (a->p < a->e && *a->p == '+') { repeated = true; a->p++; }
        else if (a->p < a->e && *a->p == '{') {
            const char *q = a->p + 1;
            unsigned mn = 0;
            while (q < a->e && *q >= '0' && *q <= '9') mn = mn * 10 + (unsigned)(*q++ - '0');
            optional = mn == 0;
            repeated = true;
            while (q < a->e && *q != '}') q++;
            a->p = q < a->e ? q + 1 : a->e;
        }
        if (optional) an = true;
        if (nullable) for (int k = 0; k < 32; k++) first[k] |= f[k];
        nullable = nullable && an;
        if (!optional && S_lits_score(&cand) > S_lits_score(lits)) *lits = cand;
        /* runs of plain characters that must occur; only ASCII under /i */
        bool plain = litc >= 0 && !optional && !(a->icase && litc >= 0x80);
        if (plain && rn < S_LIT_MAX) run[rn++] = (char)litc;
        if (!plain || repeated || rn == S_LIT_MAX) {
            if (rn > S_lits_score(lits)) S_lits_one(lits, run, rn);
            rn = 0;
        }
    }
    if (rn > S_lits_score(lits)) S_lits_one(lits, run, rn);
    return nullable;
}

/* Alternatives: a match contains one of the literals of the branch it took, so the union of
 * the branches' sets, when every branch has one and they fit. */
static bool S_an_alt(S_an *a, uint8_t *first, S_lits *lits)
{
    S_lits br;
    bool nullable = S_an_seq(a, first, lits);
    bool ok = lits->k > 0;
    while (a->p < a->e && *a->p == '|') {
        a->p++;
        nullable = S_an_seq(a, first, &br) || nullable;
        if (!br.k || lits->k + br.k > S_NLIT) ok = false;
        for (size_t i = 0; ok && i < br.k; i++) {
            memcpy(lits->s[lits->k], br.s[i], sizeof br.s[i]);
            lits->n[lits->k++] = br.n[i];
        }
    }
    if (!ok) lits->k = 0;
    return nullable;
}

static inline unsigned S_pair(unsigned char a, unsigned char b);

static void S_analyze(S_rule *r, const char *s, const char *e, bool icase)
{
    S_an a = {s, e, icase};
    memset(r->first, 0, sizeof r->first);
    r->icase = icase;
    bool nullable = S_an_alt(&a, r->first, &r->lits);
    if (a.p != a.e) { r->lits.k = 0; nullable = true; } /* a stray ')': no prefilter */
    /* anchored: starts with '^' and has no top-level alternative ("^a|b") */
    bool top_alt = false;
    int depth = 0;
    for (S_an b = {s, e, icase}; b.p < b.e && !top_alt; b.p++) {
        if (*b.p == '\\') { b.p++; continue; }
        if (*b.p == '[') { uint8_t tmp[32] = {0}; b.p++; S_an_bracket(&b, tmp); b.p--; continue; }
        if (*b.p == '(') depth++;
        else if (*b.p == ')') depth--;
        else if (*b.p == '|' && depth == 0) top_alt = true;
    }
    r->anchored = s < e && *s == '^' && !top_alt && !nullable;
    if (icase)
        for (size_t i = 0; i < r->lits.k; i++)
            for (char *c = r->lits.s[i]; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    for (size_t i = 0; i < r->lits.k; i++)
        for (size_t k = 0; k + 1 < r->lits.n[i]; k++)
            r->lpairs[i][k] = (uint16_t)S_pair((unsigned char)r->lits.s[i][k], (unsigned char)r->lits.s[i][k + 1]);
}

/* Byte pairs of a unit, as a 4096-bit set over the ASCII-lower-cased text (6 low bits of each
 * byte): a literal with a pair the set lacks is not in the unit, and most literals of most
 * rules are ruled out this way without a strstr over the unit (~50 rules, up to 8 literals
 * each, on every unit). */
#define S_PAIR_WORDS 64u
static inline unsigned S_pair(unsigned char a, unsigned char b)
{
    a = (unsigned char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
    b = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    return (a & 63u) << 6 | (b & 63u);
}

/* A unit for matching: the text, its ASCII-lower-cased copy for /i literals and its byte
 * pairs (low and pairs may be NULL: then strcasestr / no pair test). */
typedef struct S_subj {
    const char *s;
    const char *low;
    const uint64_t *pairs;
} S_subj;

/* Lower-cases s (ASCII) into buf and collects its pairs when it fits; the subject to match. */
static S_subj S_subject(const char *s, char *buf, size_t cap, uint64_t pairs[S_PAIR_WORDS])
{
    S_subj j = {s, NULL, NULL};
    memset(pairs, 0, S_PAIR_WORDS * sizeof *pairs);
    unsigned prev = 0;
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++) {
        unsigned c = (unsigned char)s[i];
        c = c >= 'A' && c <= 'Z' ? c + 32 : c;
        buf[i] = (char)c;
        unsigned x = (prev & 63u) << 6 | (c & 63u);
        if (i) pairs[x >> 6] |= 1ULL << (x & 63u);
        prev = c;
    }
    if (s[i]) return j; /* longer than buf: strcasestr */
    buf[i] = 0;
    j.low = buf;
    j.pairs = pairs;
    return j;
}

/* False when some byte pair of a literal (lp: its n - 1 pairs) is absent from the subject (so
 * is the literal). */
static bool S_pairs_ok(const uint64_t *pairs, const uint16_t *lp, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (!(pairs[lp[i] >> 6] >> (lp[i] & 63u) & 1u)) return false;
    return true;
}

static bool S_has_lits(S_subj j, const S_rule *r)
{
    const S_lits *l = &r->lits;
    bool icase = r->icase;
    if (!l->k) return true;
    /* /i literals are ASCII (S_an_seq) and stored lower-cased (S_analyze) */
    for (size_t i = 0; i < l->k; i++) {
        if (j.pairs && !S_pairs_ok(j.pairs, r->lpairs[i], l->n[i])) continue;
        const char *hit = !icase ? strstr(j.s, l->s[i]) : j.low ? strstr(j.low, l->s[i]) : strcasestr(j.s, l->s[i]);
        if (hit) return true;
    }
    return false;
}

/* False when rule r certainly does not match the subject. */
static bool S_maybe(const S_rule *r, S_subj j)
{
    if (r->anchored && !S_bhas(r->first, (unsigned char)j.s[0])) return false;
    return S_has_lits(j, r);
}

void sl_boiler_free(struct sl_boiler *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n; i++) regfree(&b->rules[i].re);
    free(b->rules);
    sl_map_free(&b->stop);
    free(b);
}

static const char *S_skip_ws(const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t')) s++;
    return s;
}

sl_status sl_boiler_parse(const char *rules, size_t len, const char *stopwords, size_t slen,
                          struct sl_boiler **out, char *err, size_t errlen)
{
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    *out = NULL;
    struct sl_boiler *b = calloc(1, sizeof(*b));
    if (!b) return SL_ENOMEM;
    sl_map_init(&b->stop);
    size_t cap = 0;
    const char *p = rules, *end = rules + len;
    int lineno = 0;
    sl_status st = SL_OK;
    char *pat = NULL;
    while (p < end && st == SL_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        const char *s = S_skip_ws(p, le);
        const char *e = le;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        p = nl ? nl + 1 : end;
        if (s == e || *s == '#') continue;
        const char *k = s;
        while (s < e && *s != ' ' && *s != '\t') s++;
        size_t klen = (size_t)(s - k);
        bool icase = klen > 2 && k[klen - 2] == '/' && (k[klen - 1] == 'i' || k[klen - 1] == 'I');
        if (icase) klen -= 2;
        int kind = -1;
        for (size_t i = 0; i < SL_ARRAY_LEN(S_kind_names); i++)
            if (strlen(S_kind_names[i]) == klen && memcmp(S_kind_names[i], k, klen) == 0) kind = (int)i;
        s = S_skip_ws(s, e);
        if (kind < 0 || s == e) {
            snprintf(err, errlen, "boilerplate rules line %d: %s", lineno,
                     kind < 0 ? "unknown rule kind" : "missing pattern");
            st = SL_EMODEL;
            break;
        }
        if (b->n >= SL_BOILER_MAX_RULES) {
            snprintf(err, errlen, "boilerplate rules line %d: more than %u rules", lineno, SL_BOILER_MAX_RULES);
            st = SL_ELIMIT;
            break;
        }
        if (b->n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            S_rule *nr = realloc(b->rules, nc * sizeof(*nr));
            if (!nr) { st = SL_ENOMEM; break; }
            b->rules = nr;
            cap = nc;
        }
        pat = strndup(s, (size_t)(e - s));
        if (!pat) { st = SL_ENOMEM; break; }
        int flags = REG_EXTENDED | (icase ? REG_ICASE : 0);
        if (kind == S_DROP || kind == S_DROP_PREV || kind == S_BLOCK || kind == S_CUT || kind == S_BYLINE)
            flags |= REG_NOSUB;
        S_analyze(&b->rules[b->n], s, e, icase);
        int rc = regcomp(&b->rules[b->n].re, pat, flags);
        free(pat);
        pat = NULL;
        if (rc != 0) {
            char msg[128];
            regerror(rc, NULL, msg, sizeof msg);
            snprintf(err, errlen, "boilerplate rules line %d: bad pattern: %s", lineno, msg);
            st = SL_EMODEL;
            break;
        }
        b->rules[b->n++].kind = (S_kind)kind;
    }
    for (p = stopwords, end = stopwords ? stopwords + slen : NULL; st == SL_OK && p && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = S_skip_ws(p, le), *e = le;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        p = nl ? nl + 1 : end;
        if (s == e || *s == '#') continue;
        bool created;
        if (!sl_map_put(&b->stop, s, (size_t)(e - s), &created)) st = SL_ENOMEM;
    }
    if (st != SL_OK) { sl_boiler_free(b); return st; }
    *out = b;
    return SL_OK;
}

sl_status sl_boiler_load(struct sl_boiler **out)
{
    size_t len = 0, slen = 0;
    const char *rules = sl_resource("boilerplate.txt", &len);
    const char *stop = sl_resource("boilerplate-stopwords.txt", &slen);
    if (!rules) return SL_EMODEL;
    char err[256];
    sl_status st = sl_boiler_parse(rules, len, stop, slen, out, err, sizeof err);
    if (st != SL_OK && err[0]) fprintf(stderr, "storyline: %s\n", err);
    return st;
}

/* regexec wants a NUL-terminated string; units are arena copies, so they are. */
static bool S_match_j(const S_rule *r, S_subj j, size_t nmatch, regmatch_t *m)
{
    return S_maybe(r, j) && regexec(&r->re, j.s, nmatch, m, 0) == 0;
}

static bool S_match(const S_rule *r, const char *s, size_t nmatch, regmatch_t *m)
{
    return S_match_j(r, (S_subj){s, NULL, NULL}, nmatch, m);
}

static bool S_is_line_kind(S_kind k)
{
    return k == S_DROP || k == S_DROP_PREV || k == S_BLOCK || k == S_CUT || k == S_BYLINE;
}

static bool S_line_rule(const struct sl_boiler *b, const char *s, size_t n);

bool sl_boiler_line(const struct sl_boiler *b, const char *s, size_t n)
{
    return S_line_rule(b, s, n);
}

/* True when s[0..n) (trimmed) is matched by a drop, drop-prev, block or cut rule. */
static bool S_line_rule(const struct sl_boiler *b, const char *s, size_t n)
{
    if (!b || !s) return false;
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    if (n == 0 || n > SL_BOILER_MAX_UNIT) return false;
    char *tmp = strndup(s, n);
    if (!tmp) return false;
    bool hit = false;
    char low[SL_BOILER_MAX_UNIT + 1];
    uint64_t pairs[S_PAIR_WORDS];
    S_subj j = S_subject(tmp, low, sizeof low, pairs);
    for (size_t i = 0; i < b->n && !hit; i++)
        if (S_is_line_kind(b->rules[i].kind)) hit = S_match_j(&b->rules[i], j, 0, NULL);
    free(tmp);
    return hit;
}

/* ---- units ----------------------------------------------------------------------------------- */

typedef struct S_unit {
    char *s;          /* trimmed text (arena), NUL-terminated; edited in place by strip/cut */
    size_t n;
    size_t off;       /* offset of the unit in raw, for the "second half" test of cut rules */
    uint32_t lines;   /* raw lines it was built from */
    bool whole_para;  /* the unit is a whole blank-line separated paragraph */
    bool drop;
    uint8_t none;     /* S_NONE_*: rule kinds the prefilter ruled out on the current text */
} S_unit;
/* Set while the rules are applied, where the unit's pairs are at hand; cleared whenever the
 * text changes (S_cut, S_strip), so strip and teaser skip most units without a scan. */
#define S_NONE_STRIP 1u
#define S_NONE_TEASER 2u

typedef SL_VEC(S_unit) S_units;

static bool S_wordch(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static bool S_sp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static bool S_add_unit(sl_doc *d, S_units *u, sl_buf *tmp, size_t off, uint32_t lines, bool whole)
{
    /* NBSP is common around datelines and in furniture; rules are written with plain spaces
     * (normalize maps it to a space anyway). */
    size_t w = 0;
    for (size_t r = 0; r < tmp->len; r++) {
        if ((unsigned char)tmp->data[r] == 0xC2 && r + 1 < tmp->len && (unsigned char)tmp->data[r + 1] == 0xA0) {
            tmp->data[w++] = ' ';
            r++;
        } else {
            tmp->data[w++] = tmp->data[r];
        }
    }
    tmp->len = w;
    size_t a = 0, b = tmp->len;
    while (a < b && S_sp(tmp->data[a])) a++;
    while (b > a && S_sp(tmp->data[b - 1])) b--;
    if (a == b) return true;
    S_unit x = {0};
    x.s = sl_arena_strndup(&d->arena, tmp->data + a, b - a);
    if (!x.s) return false;
    x.n = b - a;
    x.off = off;
    x.lines = lines;
    x.whole_para = whole;
    return sl_vec_push(u, x);
}

typedef struct S_line { size_t start, len; } S_line;

/* Hard-wrapped prose: no line over 100 bytes, most lines but the last 45-100 bytes, and no
 * line that is furniture on its own (a video title above "01:19 - Source: CNN" is not the
 * first half of a wrapped sentence). */
static bool S_wrapped(const struct sl_boiler *bo, const char *raw, const S_line *l, size_t n)
{
    if (n < 2) return false;
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = l[i].start, b = l[i].start + l[i].len;
        while (a < b && S_sp(raw[a])) a++;
        while (b > a && S_sp(raw[b - 1])) b--;
        size_t len = b - a;
        if (len > 100) return false;
        if (i + 1 < n && len >= 45) ok++;
    }
    if (ok * 10 < (n - 1) * 7) return false;
    /* Only short lines can be furniture inside wrapped prose; longer ones are its body. */
    for (size_t i = 0; i < n; i++)
        if (l[i].len < 45 && S_line_rule(bo, raw + l[i].start, l[i].len)) return false;
    return true;
}

static sl_status S_build_units(const struct sl_boiler *bo, sl_doc *d, S_units *u)
{
    const char *raw = d->raw;
    size_t n = d->raw_len;
    SL_VEC(S_line) para = {0};
    sl_buf tmp;
    sl_buf_init(&tmp);
    sl_status st = SL_OK;
    size_t pos = 0;
    while (st == SL_OK) {
        bool at_end = pos >= n;
        size_t le = pos;
        if (!at_end) {
            const char *nl = memchr(raw + pos, '\n', n - pos);
            le = nl ? (size_t)(nl - raw) : n;
        }
        bool blank = true;
        for (size_t i = pos; i < le && blank; i++) blank = S_sp(raw[i]);
        if (!at_end && !blank) {
            S_line l = {pos, le - pos};
            if (!sl_vec_push(&para, l)) { st = SL_ENOMEM; break; }
        } else if (para.n) {
            bool wrapped = S_wrapped(bo, raw, para.v, para.n);
            if (wrapped || para.n == 1) {
                sl_buf_reset(&tmp);
                for (size_t i = 0; i < para.n; i++) {
                    if (i) sl_buf_putc(&tmp, ' ');
                    sl_buf_append(&tmp, raw + para.v[i].start, para.v[i].len);
                }
                if (tmp.oom || !S_add_unit(d, u, &tmp, para.v[0].start, (uint32_t)para.n, true)) st = SL_ENOMEM;
            } else {
                for (size_t i = 0; i < para.n && st == SL_OK; i++) {
                    sl_buf_reset(&tmp);
                    sl_buf_append(&tmp, raw + para.v[i].start, para.v[i].len);
                    if (tmp.oom || !S_add_unit(d, u, &tmp, para.v[i].start, 1, false)) st = SL_ENOMEM;
                }
            }
            para.n = 0;
        }
        if (at_end) break;
        pos = le + 1;
    }
    sl_vec_free(&para);
    sl_buf_free(&tmp);
    return st;
}

static size_t S_count_words(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = S_sp(s[i]) || s[i] == '\n';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Last visible character ends a sentence (closing quotes and brackets looked through). */
static bool S_ends_sentence(const char *s, size_t n)
{
    while (n) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || S_sp((char)c)) { n--; continue; }
        /* ” ’ (E2 80 9D / E2 80 99), and U+FFFD (EF BF BD), which mis-decoded feeds leave
         * where a closing quote was */
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) { n -= 3; continue; }
        if (n >= 3 && (unsigned char)s[n - 3] == 0xEF && (unsigned char)s[n - 2] == 0xBF && c == 0xBD) {
            n -= 3;
            continue;
        }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) { n -= 2; continue; } /* » */
        return c == '.' || c == '!' || c == '?' ||
               (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 && c == 0xA6);
    }
    return false;
}

static bool S_dateline_match(const struct sl_boiler *b, const char *s, regmatch_t *m)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->rules[i].kind == S_DATELINE && S_match(&b->rules[i], s, 2, m) && m[0].rm_so == 0)
            return true;
    return false;
}

/* Removes every match of the strip rules from u (in place). */
static void S_strip(const struct sl_boiler *b, S_unit *u)
{
    size_t n0 = u->n;
    for (size_t i = 0; i < b->n && !(u->none & S_NONE_STRIP); i++) {
        if (b->rules[i].kind != S_STRIP || !S_maybe(&b->rules[i], (S_subj){u->s, NULL, NULL})) continue;
        regmatch_t m[1];
        size_t from = 0;
        while (from < u->n && regexec(&b->rules[i].re, u->s + from, 1, m, from ? REG_NOTBOL : 0) == 0) {
            size_t so = from + (size_t)m[0].rm_so, eo = from + (size_t)m[0].rm_eo;
            if (eo == so) break;
            memmove(u->s + so, u->s + eo, u->n - eo + 1);
            u->n -= eo - so;
            from = so;
        }
    }
    while (u->n && S_sp(u->s[u->n - 1])) u->s[--u->n] = 0;
    size_t a = 0;
    while (a < u->n && S_sp(u->s[a])) a++;
    if (a) { memmove(u->s, u->s + a, u->n - a + 1); u->n -= a; }
    if (u->n == 0) u->drop = true;
    if (u->n != n0) u->none = 0; /* new text: nothing is known about it */
}

/* A person's name in a byline: two to four capitalised words (a single word such as
 * "CNN" or "Reuters" is the outlet). */
static bool S_person(const char *s, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        if (i >= n) break;
        if (!(s[i] >= 'A' && s[i] <= 'Z')) return false;
        while (i < n && s[i] != ' ') i++;
        words++;
    }
    return words >= 2 && words <= 4;
}

/* "By Jeff Zeleny and Manu Raju, CNN" -> authors "Jeff Zeleny", "Manu Raju". */
static void S_authors(sl_doc *d, const char *s, size_t n)
{
    if (d->nauthors) return;
    size_t i = 2;
    while (i < n && (s[i] == ':' || s[i] == ' ')) i++;
    const char *names[8];
    size_t lens[8], k = 0;
    while (i < n && k < 8) {
        size_t j = i, stop = n, skip = 0;
        for (; j < n; j++) {
            if (s[j] == ',' || s[j] == '|' || s[j] == '&') { stop = j; skip = 1; break; }
            if (j + 5 <= n && memcmp(s + j, " and ", 5) == 0) { stop = j; skip = 5; break; }
        }
        size_t a = i, z = stop;
        while (a < z && s[a] == ' ') a++;
        while (z > a && s[z - 1] == ' ') z--;
        if (S_person(s + a, z - a)) { names[k] = s + a; lens[k++] = z - a; }
        i = stop + skip;
    }
    if (!k) return;
    d->authors = sl_arena_alloc(&d->arena, k * sizeof(char *));
    if (!d->authors) return;
    for (size_t m = 0; m < k; m++) d->authors[m] = sl_arena_strndup(&d->arena, names[m], lens[m]);
    d->nauthors = (uint32_t)k;
}

static void S_apply_rules(const struct sl_boiler *b, sl_doc *d, S_units *u, size_t raw_len)
{
    for (size_t i = 0; i < u->n; i++) {
        S_unit *x = &u->v[i];
        if (x->drop || x->n > SL_BOILER_MAX_UNIT) continue;
        char low[SL_BOILER_MAX_UNIT + 1];
        uint64_t pairs[S_PAIR_WORDS];
        S_subj subj = S_subject(x->s, low, sizeof low, pairs);
        /* strip and teaser rules, which run later on the same text, ruled out now */
        x->none = S_NONE_STRIP | S_NONE_TEASER;
        for (size_t r = 0; r < b->n; r++) {
            S_kind k = b->rules[r].kind;
            if ((k == S_STRIP || k == S_TEASER) && S_maybe(&b->rules[r], subj))
                x->none &= (uint8_t)~(k == S_STRIP ? S_NONE_STRIP : S_NONE_TEASER);
        }
        for (size_t r = 0; r < b->n && !x->drop; r++) {
            const S_rule *rule = &b->rules[r];
            if (!S_is_line_kind(rule->kind) || !S_match_j(rule, subj, 0, NULL)) continue;
            switch (rule->kind) {
            case S_DROP:
                x->drop = true;
                break;
            case S_BYLINE:
                x->drop = true;
                S_authors(d, x->s, x->n);
                break;
            case S_DROP_PREV: {
                x->drop = true;
                /* the title line above, never a paragraph of the article */
                S_unit *p = i > 0 ? &u->v[i - 1] : NULL;
                if (p && p->n <= SL_BOILER_MAX_UNIT && S_count_words(p->s, p->n) <= S_BLOCK_WORDS &&
                    !S_ends_sentence(p->s, p->n))
                    p->drop = true;
                break;
            }
            case S_BLOCK: {
                x->drop = true;
                size_t taken = 0;
                for (size_t j = i + 1; j < u->n && taken < S_BLOCK_MAX; j++) {
                    S_unit *y = &u->v[j];
                    if (y->drop) continue;
                    regmatch_t m[2];
                    if (y->n > SL_BOILER_MAX_UNIT || S_dateline_match(b, y->s, m) ||
                        S_count_words(y->s, y->n) > S_BLOCK_WORDS || S_ends_sentence(y->s, y->n))
                        break;
                    y->drop = true;
                    taken++;
                }
                break;
            }
            case S_CUT:
                if (x->off * 2 >= raw_len)
                    for (size_t j = i; j < u->n; j++) u->v[j].drop = true;
                break;
            default:
                break;
            }
        }
    }
    for (size_t i = 0; i < u->n; i++)
        if (!u->v[i].drop) S_strip(b, &u->v[i]);
}

/* ---- date lines and headlines ------------------------------------------------------------------ */

static int S_month(const char *w, size_t n)
{
    static const char *const m[] = {"january", "february", "march", "april", "may", "june", "july",
                                    "august", "september", "october", "november", "december"};
    if (n < 3) return 0;
    for (int i = 0; i < 12; i++) {
        size_t ml = strlen(m[i]);
        if ((n == ml || n == 3 || (n == 4 && i == 8)) && n <= ml && sl_ieq(w, m[i], n)) return i + 1;
    }
    return 0;
}

static bool S_weekday(const char *w, size_t n)
{
    static const char *const d[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; i++) {
        size_t dl = strlen(d[i]);
        if ((n == dl || n == 3) && sl_ieq(w, d[i], n)) return true;
    }
    return false;
}

static int S_number(const char *w, size_t n)
{
    if (n == 0 || n > 4) return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < '0' || w[i] > '9') return -1;
        v = v * 10 + (w[i] - '0');
    }
    return v;
}

static void S_iso(char out[11], int y, int mo, int dd)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, dd);
    memcpy(out, tmp, 10);
    out[10] = 0;
}

/* Parses a date at the start of s: ISO yyyy-mm-dd, or [weekday,] month day, year / day
 * month year. Returns the bytes consumed (0 when there is no date); *weekday tells whether
 * it opened with a weekday name. */
static size_t S_date_prefix(const char *s, size_t n, char out[11], bool *weekday)
{
    *weekday = false;
    size_t a = 0;
    while (a < n && S_sp(s[a])) a++;
    if (n - a >= 10 && s[a + 4] == '-' && s[a + 7] == '-') {
        int y = S_number(s + a, 4), mo = S_number(s + a + 5, 2), dd = S_number(s + a + 8, 2);
        if (y >= 1800 && y <= 2200 && mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 &&
            (n - a == 10 || !S_wordch((unsigned char)s[a + 10]))) {
            S_iso(out, y, mo, dd);
            return a + 10;
        }
        return 0;
    }
    /* up to four words separated by spaces, commas, periods */
    const char *w[4];
    size_t wl[4], nw = 0, i = a, ends[4];
    while (nw < 4) {
        while (i < n && (S_sp(s[i]) || s[i] == ',' || s[i] == '.')) i++;
        if (i >= n) break;
        size_t j = i;
        bool digits = s[i] >= '0' && s[i] <= '9';
        while (j < n && (digits ? (s[j] >= '0' && s[j] <= '9')
                                : ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))) j++;
        if (j == i) break;
        w[nw] = s + i;
        wl[nw] = j - i;
        ends[nw++] = j;
        i = j;
    }
    size_t k = 0;
    if (nw && S_weekday(w[0], wl[0])) { k = 1; *weekday = true; }
    if (nw < k + 3) return 0;
    int mo = S_month(w[k], wl[k]), dd = S_number(w[k + 1], wl[k + 1]);
    if (!mo) { mo = S_month(w[k + 1], wl[k + 1]); dd = S_number(w[k], wl[k]); }
    int y = wl[k + 2] == 4 ? S_number(w[k + 2], 4) : -1;
    if (!mo || dd < 1 || dd > 31 || y < 1800 || y > 2200) return 0;
    S_iso(out, y, mo, dd);
    return ends[k + 2];
}

bool sl_clean_date_line(const char *s, size_t n, char out[11])
{
    if (n == 0 || n > 60) return false;
    bool wd;
    size_t used = S_date_prefix(s, n, out, &wd);
    if (!used) return false;
    while (used < n && (S_sp(s[used]) || s[used] == '.' || s[used] == '\n')) used++;
    return used == n;
}

static bool S_next_kept(const S_units *u, size_t i)
{
    for (size_t j = i + 1; j < u->n; j++)
        if (!u->v[j].drop) return true;
    return false;
}

/* A headline: a one-line paragraph, short, not ending like a sentence fragment, with text
 * after it. */
static bool S_title_like(const struct sl_boiler *b, const S_units *u, size_t i)
{
    const S_unit *x = &u->v[i];
    if (!x->whole_para || x->lines != 1 || x->n > S_TITLE_MAX || !S_next_kept(u, i)) return false;
    if (S_count_words(x->s, x->n) > S_TITLE_WORDS) return false;
    char last = x->s[x->n - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '-') return false;
    unsigned char first = (unsigned char)x->s[0];
    if (first >= 'a' && first <= 'z') return false;
    regmatch_t m[2];
    return !S_dateline_match(b, x->s, m);
}

static bool S_same_text(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    while (bn && S_sp(b[bn - 1])) bn--;
    while (bn && S_sp(*b)) { b++; bn--; }
    return an == bn && sl_ieq(a, b, an);
}

/* ---- word statistics for the teaser and truncation heuristics ------------------------------------ */

typedef struct S_word {
    uint32_t unit, start, end; /* byte range in the unit */
    uint64_t h;                /* hash of the lower-cased word */
    bool content;              /* not a stopword, at least two bytes */
} S_word;

typedef struct S_stats {
    SL_VEC(S_word) w;
    uint64_t *sorted; /* hashes of all words, sorted, for counting */
    size_t n;
} S_stats;

static int S_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static sl_status S_stats_build(const struct sl_boiler *b, const S_units *u, S_stats *st)
{
    memset(st, 0, sizeof *st);
    char low[64];
    for (size_t i = 0; i < u->n; i++) {
        const S_unit *x = &u->v[i];
        if (x->drop) continue;
        for (size_t p = 0; p < x->n;) {
            if (!S_wordch((unsigned char)x->s[p])) { p++; continue; }
            size_t q = p;
            while (q < x->n && S_wordch((unsigned char)x->s[q])) q++;
            size_t len = q - p, ll = SL_MIN(len, sizeof low);
            for (size_t k = 0; k < ll; k++) {
                char c = x->s[p + k];
                low[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
            }
            S_word w = {(uint32_t)i, (uint32_t)p, (uint32_t)q, sl_hash64(low, ll, 0), false};
            w.content = len >= 2 && !sl_map_get(&b->stop, low, ll);
            if (!sl_vec_push(&st->w, w)) return SL_ENOMEM;
            p = q;
        }
    }
    st->n = st->w.n;
    st->sorted = malloc((st->n ? st->n : 1) * sizeof(uint64_t));
    if (!st->sorted) return SL_ENOMEM;
    for (size_t i = 0; i < st->n; i++) st->sorted[i] = st->w.v[i].h;
    qsort(st->sorted, st->n, sizeof(uint64_t), S_cmp_u64);
    return SL_OK;
}

static void S_stats_free(S_stats *st)
{
    sl_vec_free(&st->w);
    free(st->sorted);
}

static size_t S_total(const S_stats *st, uint64_t h)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->sorted[mid] < h) lo = mid + 1; else hi = mid;
    }
    size_t c = 0;
    while (lo + c < st->n && st->sorted[lo + c] == h) c++;
    return c;
}

/* Finds where the article resumes after a run of foreign text starting at word `from`
 * (same unit). Returns the word index, or (size_t)-1 when no clear resume point exists.
 * A word's weight is how often it occurs in the document before `from` or after itself,
 * capped at 3: the article's names recur, a teaser's words do not. The article resumes at
 * the first recurring content word after at least S_MIN_NOVEL novel ones (and mostly
 * novel text) whose next S_LOOKAHEAD content words weigh at least S_LOOKAHEAD together. */
static size_t S_resume(const S_stats *st, size_t from)
{
    uint32_t unit = st->w.v[from].unit;
    size_t end = from;
    while (end < st->n && end - from < S_WINDOW && st->w.v[end].unit == unit) end++;
    size_t wn = end - from;
    uint8_t *weight = calloc(wn ? wn : 1, 1);
    if (!weight) return (size_t)-1;
    for (size_t i = 0; i < wn; i++) {
        uint64_t h = st->w.v[from + i].h;
        size_t upto = 0; /* occurrences from the start of the run up to this word */
        for (size_t j = 0; j <= i; j++) upto += st->w.v[from + j].h == h;
        size_t out = S_total(st, h) - upto;
        weight[i] = (uint8_t)SL_MIN(out, 3u);
    }
    size_t res = (size_t)-1, novel = 0, content = 0;
    for (size_t i = 0; i < wn && res == (size_t)-1; i++) {
        const S_word *w = &st->w.v[from + i];
        if (!w->content) continue;
        if (weight[i] && novel >= S_MIN_NOVEL && novel * 10 >= content * 6) {
            size_t seen = 0, sum = 0;
            for (size_t j = i; j < wn && seen < S_LOOKAHEAD; j++) {
                if (!st->w.v[from + j].content) continue;
                seen++;
                sum += weight[j];
            }
            if (seen >= S_LOOKAHEAD / 2 && sum >= S_LOOKAHEAD) res = from + i;
        }
        content++;
        novel += !weight[i];
    }
    free(weight);
    /* Function words just before the resume point belong to the article's sentence. */
    while (res != (size_t)-1 && res > from + 1 && !st->w.v[res - 1].content) res--;
    return res;
}

/* Removes bytes [a, b) of unit x, leaving one space at the seam. */
static void S_cut(S_unit *x, size_t a, size_t b)
{
    x->none = 0;
    while (a > 0 && S_sp(x->s[a - 1])) a--;
    if (a == 0) while (b < x->n && S_sp(x->s[b])) b++;
    if (a > 0 && b < x->n) x->s[a++] = ' ';
    memmove(x->s + a, x->s + b, x->n - b + 1);
    x->n -= b - a;
    if (x->n == 0) x->drop = true;
}

static bool S_has_upper_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n && S_wordch((unsigned char)s[i]); i++)
        if (s[i] >= 'A' && s[i] <= 'Z') return true;
    return false;
}

/* Share of upper-case letters among ASCII letters: ~0 for lower-cased feeds. */
static bool S_cased(const S_units *u)
{
    size_t up = 0, all = 0;
    for (size_t i = 0; i < u->n; i++) {
        if (u->v[i].drop) continue;
        for (size_t k = 0; k < u->v[i].n; k++) {
            char c = u->v[i].s[k];
            if (c >= 'A' && c <= 'Z') { up++; all++; }
            else if (c >= 'a' && c <= 'z') all++;
        }
    }
    return all > 0 && up * 100 >= all;
}

/* The text starts mid-word (a remnant of the previous page's headline): drop the fragment up
 * to where the article starts. */
static sl_status S_truncated_start(const struct sl_boiler *b, sl_doc *d, S_units *u)
{
    size_t i0 = 0;
    while (i0 < u->n && u->v[i0].drop) i0++;
    if (i0 == u->n) return SL_OK;
    S_unit *x = &u->v[i0];
    if (!(x->s[0] >= 'a' && x->s[0] <= 'z') || S_has_upper_word(x->s, x->n)) return SL_OK;
    size_t words = S_count_words(x->s, x->n);
    if (S_cased(u)) {
        /* Cased text that opens in lower case: a fragment. A short paragraph of its own
         * goes whole; otherwise up to the first sentence start. */
        if (words < 30 && S_next_kept(u, i0)) {
            x->drop = true;
            d->flags |= SL_DOC_TRUNCATED;
            return SL_OK;
        }
        size_t seen = 0;
        for (size_t k = 0; k + 2 < x->n && seen < 60; k++) {
            if (S_sp(x->s[k])) seen++;
            char c = x->s[k];
            if ((c == '.' || c == '!' || c == '?') && x->s[k + 1] == ' ' &&
                ((x->s[k + 2] >= 'A' && x->s[k + 2] <= 'Z') || x->s[k + 2] == '"')) {
                S_cut(x, 0, k + 2);
                d->flags |= SL_DOC_TRUNCATED;
                return SL_OK;
            }
        }
    }
    S_stats st;
    sl_status rc = S_stats_build(b, u, &st);
    if (rc == SL_OK && st.n && st.w.v[0].unit == i0 && st.w.v[0].content &&
        S_total(&st, st.w.v[0].h) == 1) {
        size_t r = S_resume(&st, 0);
        if (r != (size_t)-1) {
            S_cut(x, 0, st.w.v[r].start);
            d->flags |= SL_DOC_TRUNCATED;
        }
    }
    S_stats_free(&st);
    return rc;
}

/* Cuts teaser runs that start at a `teaser` marker inside running text. */
static sl_status S_teasers(const struct sl_boiler *b, S_units *u)
{
    for (size_t r = 0; r < b->n; r++) {
        if (b->rules[r].kind != S_TEASER) continue;
        for (size_t i = 0; i < u->n; i++) {
            size_t from = 0;
            /* the unit changes only after a match: if the first search cannot match, none can */
            if (u->v[i].drop || (u->v[i].none & S_NONE_TEASER) ||
                !S_maybe(&b->rules[r], (S_subj){u->v[i].s, NULL, NULL}))
                continue;
            for (int guard = 0; guard < 64; guard++) {
                S_unit *x = &u->v[i];
                if (x->drop || from >= x->n) break;
                regmatch_t m[1];
                if (regexec(&b->rules[r].re, x->s + from, 1, m, from ? REG_NOTBOL : 0) != 0) break;
                size_t ms = from + (size_t)m[0].rm_so, me = from + (size_t)m[0].rm_eo;
                S_stats st;
                sl_status rc = S_stats_build(b, u, &st);
                if (rc != SL_OK) { S_stats_free(&st); return rc; }
                size_t first = (size_t)-1;
                for (size_t k = 0; k < st.n && first == (size_t)-1; k++)
                    if (st.w.v[k].unit == i && st.w.v[k].start >= me) first = k;
                /* The marker's own words are not part of the run. */
                size_t res = first == (size_t)-1 ? (size_t)-1 : S_resume(&st, first);
                size_t cut_to = res != (size_t)-1 ? st.w.v[res].start : 0;
                S_stats_free(&st);
                if (res == (size_t)-1) { from = me > from ? me : from + 1; continue; }
                /* keep the byte before the marker that the pattern may have consumed */
                while (ms < me && !S_wordch((unsigned char)x->s[ms])) ms++;
                S_cut(x, ms, cut_to);
                from = ms;
            }
        }
    }
    return SL_OK;
}

/* ---- the stage ---------------------------------------------------------------------------------- */

sl_status sl_clean(const sl_engine *e, sl_doc *d)
{
    if (!e || !d) return SL_EINVAL;
    if (d->raw_len > SL_MAX_ARTICLE_BYTES) return SL_ELIMIT;
    const struct sl_boiler *b = e->boiler;
    S_units u = {0};
    sl_status st = d->raw ? S_build_units(b, d, &u) : SL_OK;
    if (st != SL_OK || !b) goto join;

    S_apply_rules(b, d, &u, d->raw_len);

    /* Head: a headline, a date line, captions between them (Wikinews: headline, image
     * caption, date line, body). Headline-like units before a date line are all furniture;
     * without a date line only the first one (the headline) goes. */
    {
        size_t cand[4], nc = 0;
        bool dated = false;
        for (size_t i = 0, looked = 0; i < u.n && looked < 4; i++) {
            S_unit *x = &u.v[i];
            if (x->drop) continue;
            looked++;
            char iso[11];
            bool wd;
            if (sl_clean_date_line(x->s, x->n, iso)) {
                if (!d->published) d->published = sl_arena_strdup(&d->arena, iso);
                x->drop = dated = true;
                continue;
            }
            size_t used = S_date_prefix(x->s, x->n, iso, &wd);
            if (used && wd) {
                /* "Tuesday, January 18, 2005Through a telethon, ..." (glued date line) */
                if (!d->published) d->published = sl_arena_strdup(&d->arena, iso);
                S_cut(x, 0, used);
                dated = true;
                break;
            }
            if (dated) break;
            if ((d->title && S_same_text(x->s, x->n, d->title) && S_next_kept(&u, i)) ||
                S_title_like(b, &u, i)) {
                cand[nc++] = i;
                continue;
            }
            break;
        }
        for (size_t c = 0; c < nc; c++) {
            S_unit *x = &u.v[cand[c]];
            bool same = d->title && S_same_text(x->s, x->n, d->title);
            if (c == 0 && !d->title) {
                d->title = sl_arena_strndup(&d->arena, x->s, x->n);
                x->drop = true;
            } else if ((c == 0 && same) || dated) {
                x->drop = true;
            }
        }
    }

    /* Dateline at the start of the first body unit. */
    for (size_t i = 0; i < u.n; i++) {
        S_unit *x = &u.v[i];
        if (x->drop) continue;
        regmatch_t m[2];
        if (S_dateline_match(b, x->s, m) && m[1].rm_so >= 0) {
            size_t a = (size_t)m[1].rm_so, z = (size_t)m[1].rm_eo;
            while (z > a && S_sp(x->s[z - 1])) z--;
            d->dateline = sl_arena_strndup(&d->arena, x->s + a, z - a);
            S_cut(x, 0, (size_t)m[0].rm_eo);
        }
        break;
    }

    if ((st = S_truncated_start(b, d, &u)) != SL_OK) goto join;
    st = S_teasers(b, &u);

join:
    if (st == SL_OK) {
        size_t total = 0;
        for (size_t i = 0; i < u.n; i++)
            if (!u.v[i].drop) total += u.v[i].n + 2;
        char *t = sl_arena_alloc(&d->arena, total + 1);
        if (!t) { st = SL_ENOMEM; goto out; }
        size_t n = 0;
        for (size_t i = 0; i < u.n; i++) {
            if (u.v[i].drop) continue;
            if (n) { t[n++] = '\n'; t[n++] = '\n'; }
            memcpy(t + n, u.v[i].s, u.v[i].n);
            n += u.v[i].n;
        }
        t[n] = 0;
        d->text = t;
        d->text_len = n;
    }
out:
    sl_vec_free(&u);
    return st;
}
