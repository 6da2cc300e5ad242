/*
 * claims_facts.c — disagreements about plain facts of a story: a person's age, whether
 * something was found, and a claim against its denial.
 *
 * Part of the story's disagreements (claims.c calls sl_summary_fact_disagreements and shows
 * what it finds next to the modality, date, figure and attribution rules). These are the
 * kinds a reader finds on held-out stories that the event-word rules cannot see (blind set 3,
 * docs/SUMMARY.md):
 *   - ages of one person: "Qin, 44" / "Qin Yongmin, 45", "Slepian, 51" / "a 52-year-old";
 *     the same name, or one name word that the other, fuller name holds (and that names no
 *     other story person), ages 1-2 years apart, articles at most S_AGE_DAYS apart (a year
 *     later the person is older, not misreported);
 *   - found against not found: "four bodies had been found" / "corpses have not yet been
 *     found", the same kind of thing (bodies, wreckage, recorders), a story name shared, the
 *     negative article not older than the positive one (then it is an update);
 *   - a claim against its denial: "Yilmaz said Ocalan had left Syria for Russia" / "the
 *     ambassador denied that Ocalan was in Russia", "accused Syria of sheltering rebels" /
 *     "Syria denies sheltering the rebels": the denied words (after "denied (that)" or a
 *     gerund, or "never" + a past-tense verb, up to the clause's end) and a sentence without
 *     negation or condition, of another speaker, at most S_DENY_DAYS away, that holds the
 *     denied verb, two thirds of the denied content words and the names they carry; with no
 *     content word ("that Ocalan was in Russia") it must report a claim ("said", "claim").
 * Like the other rules these prefer silence: a false disagreement costs a reader more than a
 * missed one, so each needs the same person, thing or claim on both sides, read from words
 * both sentences share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

#define S_AGE_MIN      1     /* ages read */
#define S_AGE_MAX      110
#define S_AGE_SPREAD   2     /* two ages of one person this far apart at most disagree */
#define S_AGE_DAYS     60    /* articles further apart tell ages of different years */
#define S_FOUND_NEAR   8     /* words between a thing ("bodies") and its find verb at most */
#define S_DENY_WINDOW  12    /* words after a denial cue read as what is denied */
#define S_DENY_DAYS    3     /* a claim this many days from its denial at most (later, things change) */
#define S_MAX_ITEMS    24    /* content words / names kept per sentence */
#define S_MAX_FACTS    20000u /* fact claims per story at most (past it: SL_ELIMIT) */
#define S_WORD_CAP     32    /* bytes of a word kept */

/* ---- words ------------------------------------------------------------------------------- */

typedef struct S_w {
    uint32_t start, end;
    char low[S_WORD_CAP];    /* lower-cased, curly apostrophes straight */
    uint64_t h;
    bool cap, num;
} S_w;

typedef SL_VEC(S_w) S_ws;

static uint64_t S_h(const char *s, size_t n) { return sl_hash64(s, n, 0xfac7); }

static bool S_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Is t[i] the start of a curly quote (U+2018..U+201D)? */
static bool S_curly(const char *t, uint32_t i, uint32_t e)
{
    return (unsigned char)t[i] == 0xE2 && i + 2 < e && (unsigned char)t[i + 1] == 0x80 &&
           (unsigned char)t[i + 2] >= 0x98 && (unsigned char)t[i + 2] <= 0x9D;
}

/* Words of t[s, e): runs of letters and digits with inner apostrophes ("won't"); a hyphen
 * splits ("52-year-old" is "52", "year", "old"). */
static sl_status S_split(const char *t, uint32_t s, uint32_t e, S_ws *v)
{
    v->n = 0;
    for (uint32_t i = s; i < e;) {
        if (!S_alnum((unsigned char)t[i]) || S_curly(t, i, e)) { i += S_curly(t, i, e) ? 3 : 1; continue; }
        S_w w;
        memset(&w, 0, sizeof w);
        w.start = i;
        w.cap = t[i] >= 'A' && t[i] <= 'Z';
        w.num = true;
        size_t n = 0;
        while (i < e) {
            unsigned char c = (unsigned char)t[i];
            bool ap = (c == '\'' || (S_curly(t, i, e) && (unsigned char)t[i + 2] == 0x99)) && i > w.start;
            if (ap) {
                uint32_t k = i + (c == '\'' ? 1 : 3);
                if (k >= e || !S_alnum((unsigned char)t[k]) || S_curly(t, k, e)) break;
                if (n + 1 < sizeof w.low) w.low[n++] = '\'';
                w.num = false;
                i = k;
                continue;
            }
            if (!S_alnum(c) || S_curly(t, i, e)) break;
            if (n + 1 < sizeof w.low) w.low[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            if (!(c >= '0' && c <= '9')) w.num = false;
            i++;
        }
        w.end = i;
        w.low[n] = 0;
        w.h = S_h(w.low, n);
        if (!sl_vec_push(v, w)) return SL_ENOMEM;
    }
    return SL_OK;
}

static bool S_is(const S_w *w, const char *s) { return !strcmp(w->low, s); }

static bool S_one_of(const S_w *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w->low[0] == list[i][0] && !strcmp(w->low, list[i])) return true;
    return false;
}

/* The text between two words holds character c (and only spaces besides)? */
static bool S_between(const char *t, const S_w *a, const S_w *b, char c)
{
    bool seen = false;
    for (uint32_t i = a->end; i < b->start; i++) {
        if (t[i] == c && !seen) seen = true;
        else if (t[i] != ' ') return false;
    }
    return seen;
}

/* Stem hash: sl_summary_stem_len's suffix cut ("expressed" / "expressing" / "express"). */
static uint64_t S_stem(const S_w *w) { return S_h(w->low, sl_summary_stem_len(w->low, strlen(w->low))); }

static const char *const S_stop[] = {
    "the", "and", "that", "this", "with", "from", "have", "has", "had", "been", "were", "was", "are", "for",
    "into", "their", "they", "them", "there", "than", "then", "which", "what", "when", "where", "will",
    "would", "could", "should", "about", "after", "before", "also", "said", "says", "told", "its", "his",
    "her", "she", "him", "who", "whom", "any", "all", "some", "more", "most", "other", "such", "only",
    "over", "under", "just", "very", "being", "does", "did", "doing", "done", "made", "make", "makes",
    "get", "got", "take", "took", "went", "come", "came", "gave", "give", "reports", "report", "reported",
    "claims", "claim", "allegations", "statement", "there's", "it's", "that's", "ever", "yet", "still",
    "because", "while", "since", "until", "whether", "these", "those", "each", "both", "here"};

static bool S_content(const S_w *w)
{
    return !w->num && strlen(w->low) >= 4 && !S_one_of(w, S_stop, SL_ARRAY_LEN(S_stop));
}

/* ---- the story's names -------------------------------------------------------------------- */

#define S_NW 4 /* words kept per name */

typedef struct S_nm {
    const sl_dis_name *v;
    size_t n;
    uint64_t w[SL_DISAGREE_MAX_NAMES][S_NW]; /* hashes of each name's words (3+ letters) */
} S_nm;

static void S_name_words(const char *s, uint64_t out[S_NW])
{
    memset(out, 0, S_NW * sizeof *out);
    size_t k = 0, n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n && k < S_NW;) {
        if (!S_alnum((unsigned char)s[i])) { i++; continue; }
        char b[S_WORD_CAP];
        size_t m = 0;
        while (i < n && (S_alnum((unsigned char)s[i]) || s[i] == '\'')) {
            if (m + 1 < sizeof b) b[m++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
            i++;
        }
        if (m > 2 && b[m - 2] == '\'' && b[m - 1] == 's') m -= 2;
        if (m >= 3) out[k++] = S_h(b, m);
    }
}

/* Bits of the story names word w belongs to (capitalized words only). */
static uint64_t S_names_of(const S_nm *N, const S_w *w)
{
    uint64_t bits = 0;
    for (size_t k = 0; w->cap && k < N->n; k++)
        for (size_t j = 0; j < S_NW; j++)
            if (N->w[k][j] && N->w[k][j] == w->h) bits |= 1ull << k;
    return bits;
}

/* ---- shared helpers ------------------------------------------------------------------------ */

static long S_day(const char *iso)
{
    if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(iso[i] >= '0' && iso[i] <= '9')) return -1;
    long y = strtol(iso, NULL, 10), m = strtol(iso + 5, NULL, 10), d = strtol(iso + 8, NULL, 10);
    if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
    return sl_days_from_civil((int)y, (int)m, (int)d);
}

static const char *S_speaker(const sl_dis_doc *x, sl_span sp)
{
    for (size_t q = 0; x && q < SL_MIN(x->nquotes, SL_DISAGREE_MAX_QUOTES); q++)
        if (x->quotes[q].span.start < sp.end && sp.start < x->quotes[q].span.end) return x->quotes[q].speaker;
    return NULL;
}

static void S_copy(char *out, size_t cap, const char *t, uint32_t s, uint32_t e)
{
    size_t n = 0;
    for (uint32_t i = s; i < e && n + 1 < cap; i++) out[n++] = t[i] == '\n' ? ' ' : t[i];
    out[n] = 0;
}

/* One sentence a fact claim may come from: trimmed, of a summary sentence's length. */
typedef struct S_sent {
    size_t doc;
    sl_span span;
    long day;                /* the article's day, -1 unknown */
    const char *speaker;
} S_sent;

/* ---- ages -------------------------------------------------------------------------------- */

#define S_AGE_NW 3 /* name words kept per age statement */

typedef struct S_age {
    S_sent at;
    uint64_t nw[S_AGE_NW];   /* the name's words as written ("qin", "yongmin"), 0 fills */
    char name[48];
    int age;
} S_age;

static const char *const S_titles[] = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "rev"};
static const char *const S_not_names[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "in", "on",
    "at", "by", "of", "and", "but", "he", "she", "it", "they", "we", "i", "a", "an", "his", "her", "no",
    "chapter", "section", "article", "district", "route", "highway", "room", "flight", "number", "page",
    "level", "phase", "round", "game", "week", "day", "year", "class", "grade", "act", "part", "vol", "no"};

/* The person whose name ends at word e (capitalized words, a title allowed before): sets
 * surname, first name and the name as written; false if w[e] reads as no name. */
static bool S_person_before(const S_nm *N, const char *t, const S_w *w, size_t e, S_age *a)
{
    if (!w[e].cap || w[e].num || strlen(w[e].low) < 2 || S_one_of(&w[e], S_not_names, SL_ARRAY_LEN(S_not_names)) ||
        S_one_of(&w[e], S_titles, SL_ARRAY_LEN(S_titles)))
        return false;
    size_t b = e;
    while (b > 0 && e - b < 2 && w[b - 1].cap && !w[b - 1].num &&
           !S_one_of(&w[b - 1], S_not_names, SL_ARRAY_LEN(S_not_names)) &&
           !S_one_of(&w[b - 1], S_titles, SL_ARRAY_LEN(S_titles)) && !S_between(t, &w[b - 1], &w[b], ','))
        b--;
    bool title = b > 0 && S_one_of(&w[b - 1], S_titles, SL_ARRAY_LEN(S_titles));
    bool story_person = false;
    uint64_t bits = S_names_of(N, &w[e]);
    for (size_t k = 0; k < N->n; k++)
        if ((bits >> k & 1) && N->v[k].type == SL_PER) story_person = true;
    if (b == e && !title && !story_person) return false;
    memset(a->nw, 0, sizeof a->nw);
    for (size_t k = b; k <= e && k - b < S_AGE_NW; k++) a->nw[k - b] = w[k].h;
    S_copy(a->name, sizeof a->name, t, w[title ? b - 1 : b].start, w[e].end);
    return true;
}

/* The person whose name starts at word s ("40-year-old Terence Crutcher"). */
static bool S_person_after(const S_nm *N, const char *t, const S_w *w, size_t n, size_t s, S_age *a)
{
    size_t e = s;
    if (e >= n || !w[e].cap) return false;
    while (e + 1 < n && e - s < 2 && w[e + 1].cap && !w[e + 1].num && !S_between(t, &w[e], &w[e + 1], ',')) e++;
    return S_person_before(N, t, w, e, a);
}

static bool S_ends_clause(const char *t, uint32_t i, uint32_t end)
{
    while (i < end && t[i] == ' ') i++;
    return i >= end || t[i] == ',' || t[i] == '.' || t[i] == ';' || t[i] == ')';
}

static sl_status S_ages_in(const S_nm *N, const char *t, const S_sent *at, const S_ws *v, void *outp)
{
    SL_VEC(S_age) *out = outp;
    const S_w *w = v->v;
    size_t n = v->n;
    for (size_t i = 1; i < n; i++) {
        if (!w[i].num || w[i].end - w[i].start > 3) continue;
        int age = atoi(w[i].low);
        if (age < S_AGE_MIN || age > S_AGE_MAX) continue;
        S_age a;
        memset(&a, 0, sizeof a);
        bool ok = false;
        bool yo = i + 2 < n && S_is(&w[i + 1], "year") && S_is(&w[i + 2], "old") && w[i].end < at->span.end &&
                  t[w[i].end] == '-';
        if (yo) {
            /* "40-year-old Terence Crutcher" / "Slepian, a 52-year-old doctor" */
            ok = S_person_after(N, t, w, n, i + 3, &a);
            if (!ok && i >= 2 && (S_is(&w[i - 1], "a") || S_is(&w[i - 1], "an")) &&
                S_between(t, &w[i - 2], &w[i - 1], ','))
                ok = S_person_before(N, t, w, i - 2, &a);
        } else if (S_between(t, &w[i - 1], &w[i], ',') && S_ends_clause(t, w[i].end, at->span.end)) {
            ok = S_person_before(N, t, w, i - 1, &a); /* "Qin, 44," */
        } else if (S_between(t, &w[i - 1], &w[i], '(') &&
                   ((w[i].end < at->span.end && t[w[i].end] == ')') ||
                    (i + 2 < n && S_is(&w[i + 1], "years") && S_is(&w[i + 2], "old")))) {
            ok = S_person_before(N, t, w, i - 1, &a); /* "Cruz (45)" */
        } else if (i >= 2 && (S_is(&w[i - 1], "aged") || S_is(&w[i - 1], "age")) &&
                   S_between(t, &w[i - 2], &w[i - 1], ',')) {
            ok = S_person_before(N, t, w, i - 2, &a); /* "Qin, aged 44" */
        }
        if (!ok) continue;
        a.at = *at;
        a.age = age;
        if (out->n >= S_MAX_FACTS) return SL_ELIMIT;
        if (!sl_vec_push(out, a)) return SL_ENOMEM;
    }
    return SL_OK;
}

static size_t S_nwords(const uint64_t nw[S_AGE_NW])
{
    size_t k = 0;
    while (k < S_AGE_NW && nw[k]) k++;
    return k;
}

static bool S_in_words(const uint64_t *nw, size_t n, uint64_t h)
{
    for (size_t k = 0; k < n; k++)
        if (nw[k] == h) return true;
    return false;
}

/* One person: the same name, or one name word ("Qin", "Slepian") that the other, fuller name
 * holds ("Qin Yongmin", "Barnett A. Slepian"), unless the story knows a person of that word
 * whose name the fuller one is not ("Clinton" is Hillary Clinton, not "Bill Clinton"). */
static bool S_same_person(const S_nm *N, const S_age *x, const S_age *y)
{
    size_t nx = S_nwords(x->nw), ny = S_nwords(y->nw);
    if (!nx || !ny) return false;
    if (nx == 1 && ny == 1) return x->nw[0] == y->nw[0];
    if (nx > 1 && ny > 1) {
        if (nx != ny) return false;
        for (size_t k = 0; k < nx; k++)
            if (!S_in_words(y->nw, ny, x->nw[k])) return false;
        return true;
    }
    const S_age *one = nx == 1 ? x : y, *full = nx == 1 ? y : x;
    size_t nf = S_nwords(full->nw);
    if (!S_in_words(full->nw, nf, one->nw[0])) return false;
    for (size_t k = 0; k < N->n; k++) {
        if (N->v[k].type != SL_PER || !S_in_words(N->w[k], S_NW, one->nw[0])) continue;
        for (size_t j = 0; j < S_NW; j++)
            if (N->w[k][j] && !S_in_words(full->nw, nf, N->w[k][j])) return false;
    }
    return true;
}

static bool S_age_conflict(const S_nm *N, const S_age *x, const S_age *y)
{
    if (x->at.doc == y->at.doc || !S_same_person(N, x, y)) return false;
    int d = x->age > y->age ? x->age - y->age : y->age - x->age;
    if (d == 0 || d > S_AGE_SPREAD) return false;
    long a = x->at.day, b = y->at.day;
    return a < 0 || b < 0 || (a > b ? a - b : b - a) <= S_AGE_DAYS;
}

/* ---- found / not found ------------------------------------------------------------------- */

typedef struct S_found {
    S_sent at;
    uint8_t cls;             /* index into S_things + 1 */
    bool neg;
    uint64_t names;
    char value[48];
} S_found;

/* kinds of things searched for; the words of one line are one thing */
static const char *const S_things[][6] = {
    {"body", "bodies", "corpse", "corpses", "remains", NULL},
    {"wreckage", "debris", "fuselage", NULL, NULL, NULL},
    {"recorder", "recorders", "box", "boxes", NULL, NULL},
    {"survivor", "survivors", NULL, NULL, NULL, NULL}};
static const char *const S_find_verbs[] = {"found", "recovered", "discovered", "located", "retrieved", "identified"};
static const char *const S_negs[] = {"not", "no", "never", "yet", "nor", "none", "cannot", "hasn't", "haven't",
                                     "hadn't", "wasn't", "weren't", "isn't", "aren't", "didn't", "couldn't"};
static const char *const S_partial[] = {"other", "remaining", "rest", "some", "all", "more", "several", "many",
                                        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                        "few", "most", "half", "last"};
/* a search, a hope or a report being checked tells no finding ("investigating reports that
 * bodies had been found") */
static const char *const S_cond[] = {"if", "whether", "unless", "until", "hope", "hoped", "hoping", "search",
                                     "searching", "looking", "investigating", "reportedly", "unconfirmed",
                                     "rumors", "rumours"};

static uint8_t S_thing(const S_w *w)
{
    for (size_t c = 0; c < SL_ARRAY_LEN(S_things); c++)
        for (size_t k = 0; k < 6 && S_things[c][k]; k++)
            if (!strcmp(w->low, S_things[c][k])) return (uint8_t)(c + 1);
    return 0;
}

static sl_status S_found_in(const S_nm *N, const char *t, const S_sent *at, const S_ws *v, void *outp)
{
    SL_VEC(S_found) *out = outp;
    const S_w *w = v->v;
    size_t n = v->n;
    for (size_t i = 0; i < n; i++)
        if (S_one_of(&w[i], S_cond, SL_ARRAY_LEN(S_cond))) return SL_OK; /* a search or a hope, no finding */
    uint64_t names = 0;
    for (size_t i = 0; i < n; i++) names |= S_names_of(N, &w[i]);
    for (size_t i = 0; i < n; i++) {
        uint8_t cls = S_thing(&w[i]);
        if (!cls) continue;
        size_t vb = n;
        for (size_t j = i + 1; j < n && j <= i + S_FOUND_NEAR && vb == n; j++)
            if (S_one_of(&w[j], S_find_verbs, SL_ARRAY_LEN(S_find_verbs))) vb = j;
        if (vb == n) continue;
        /* negated when a negation stands between the thing and its verb, or right before it
         * ("no bodies have been found") */
        bool neg = false;
        for (size_t j = i >= 2 ? i - 2 : 0; j < vb && !neg; j++) neg = S_one_of(&w[j], S_negs, SL_ARRAY_LEN(S_negs));
        bool partial = false;
        for (size_t j = i >= 3 ? i - 3 : 0; j < i && !partial; j++)
            partial = w[j].num || S_one_of(&w[j], S_partial, SL_ARRAY_LEN(S_partial));
        if (neg && partial) continue; /* "two bodies have not been found": some are */
        S_found f;
        memset(&f, 0, sizeof f);
        f.at = *at;
        f.cls = cls;
        f.neg = neg;
        f.names = names;
        S_copy(f.value, sizeof f.value, t, w[i].start, w[vb].end);
        if (out->n >= S_MAX_FACTS) return SL_ELIMIT;
        if (!sl_vec_push(out, f)) return SL_ENOMEM;
        break;
    }
    return SL_OK;
}

static bool S_found_conflict(const S_found *p, const S_found *q)
{
    if (p->neg || !q->neg || p->at.doc == q->at.doc || p->cls != q->cls || !(p->names & q->names)) return false;
    /* "not yet found" in an article older than "found" is the earlier state, not a denial */
    return p->at.day < 0 || q->at.day < 0 || q->at.day >= p->at.day;
}

/* ---- a claim and its denial ---------------------------------------------------------------- */

typedef struct S_sentinfo {
    S_sent at;
    bool neg;                /* holds a negation or a denial word */
    bool cond;               /* a condition or an unconfirmed report ("if", "reportedly") */
    bool says;               /* reports a claim: "said", "claimed", "according to" */
    uint8_t nstem, ncap;
    uint64_t stem[S_MAX_ITEMS]; /* content words, lower-case ones */
    uint64_t cap[S_MAX_ITEMS];  /* capitalized words but the first */
    uint8_t nseq;
    uint64_t seq[2 * S_MAX_ITEMS]; /* capitalized words and content stems in order, for pairs */
} S_sentinfo;

typedef struct S_denial {
    S_sent at;
    uint64_t pred;           /* the denied verb's stem ("never expressed"), 0 after "denied" */
    uint8_t nstem, ncap, nsubj;
    uint64_t stem[S_MAX_ITEMS];
    uint64_t cap[S_MAX_ITEMS];
    uint64_t subj[S_MAX_ITEMS]; /* "Saudi Arabia has never charged": who never did it */
    uint8_t nspk;
    uint64_t spk[S_NW];      /* "We have never ...": the speaker's name words */
    uint8_t npair;
    uint64_t pair[S_MAX_ITEMS][2]; /* a capitalized word and the content word after it ("Iranian waters") */
    char value[48];
} S_denial;

static const char *const S_pronouns[] = {"we", "i", "he", "she", "they", "it", "our", "my"};

static const char *const S_deny_cues[] = {"denied", "denies", "deny", "denying"};
/* words after a denial cue that tell nothing of what is denied ("denied the allegations") */
static const char *const S_deny_skip[] = {"that", "reports", "report", "claims", "claim", "allegations", "any",
                                          "the", "he", "she", "it", "they", "ever", "having", "had", "has", "have",
                                          "accusations", "charges", "wrongdoing", "this", "those", "these", "all",
                                          "allegation", "accusation", "charge", "rumors", "rumours", "being"};
static const char *const S_passive_aux[] = {"was", "were", "been", "be", "being", "is", "are"};
static const char *const S_light[] = {"had", "has", "have", "been", "was", "were", "did", "does", "done", "made",
                                      "got", "gotten", "said", "seen", "thought", "felt", "heard", "known",
                                      "gone", "let", "meant", "looked", "wanted", "needed", "liked", "used"};
static const char *const S_says[] = {"said", "says", "say", "claimed", "claims", "claim", "reported", "according",
                                     "told", "insisted", "asserted", "alleged", "wrote"};
static const char *const S_deny_negs[] = {"not", "no", "never", "denied", "denies", "deny", "denying", "without",
                                          "false", "refused", "didn't", "don't", "doesn't", "won't", "wasn't",
                                          "weren't", "hasn't", "haven't", "isn't", "aren't", "couldn't", "nor"};
static const char *const S_clause_end[] = {"and", "but", "while", "although", "though", "because", "after"};

static bool S_has(const uint64_t *v, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == h) return true;
    return false;
}

static void S_info(const S_sent *at, const S_ws *v, S_sentinfo *s)
{
    memset(s, 0, sizeof *s);
    s->at = *at;
    for (size_t i = 0; i < v->n; i++) {
        const S_w *w = &v->v[i];
        if (S_one_of(w, S_deny_negs, SL_ARRAY_LEN(S_deny_negs))) s->neg = true;
        if (S_one_of(w, S_cond, SL_ARRAY_LEN(S_cond))) s->cond = true;
        if (S_one_of(w, S_says, SL_ARRAY_LEN(S_says))) s->says = true;
        if (w->cap && i > 0 && !w->num && s->ncap < S_MAX_ITEMS) s->cap[s->ncap++] = w->h;
        else if (!w->cap && S_content(w) && s->nstem < S_MAX_ITEMS) s->stem[s->nstem++] = S_stem(w);
        if (s->nseq < SL_ARRAY_LEN(s->seq) && !w->num && (w->cap || S_content(w)))
            s->seq[s->nseq++] = w->cap ? w->h : S_stem(w);
    }
}

/* A denial in the sentence: "denied (that) ..." not in the passive ("was denied bail"), or
 * "never" right before a past-tense verb that is no light verb ("never expressed interest").
 * What is denied runs from there to the clause's end (a comma, "and", "but"). */
static bool S_denial_in(const char *t, const S_sent *at, const S_ws *v, S_denial *d)
{
    const S_w *w = v->v;
    size_t n = v->n;
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i + 1 < n; i++) {
        size_t from;
        /* "will not deny", "did not deny": no denial */
        bool negated = false;
        for (size_t j = i >= 3 ? i - 3 : 0; j < i && !negated; j++)
            negated = S_one_of(&w[j], S_deny_negs, SL_ARRAY_LEN(S_deny_negs));
        if (negated) continue;
        if (S_one_of(&w[i], S_deny_cues, SL_ARRAY_LEN(S_deny_cues))) {
            if (i >= 1 && S_one_of(&w[i - 1], S_passive_aux, SL_ARRAY_LEN(S_passive_aux))) continue;
            /* a claim is denied ("denied that ...", "denied supporting ...", "denied reports
             * ..."), not a thing ("denied access", "denied visas": a refusal) */
            size_t len = strlen(w[i + 1].low);
            bool gerund = len > 5 && !strcmp(w[i + 1].low + len - 3, "ing");
            if (!gerund && !S_one_of(&w[i + 1], S_deny_skip, SL_ARRAY_LEN(S_deny_skip))) continue;
            from = i + 1;
            while (from < n && from < i + 5 && S_one_of(&w[from], S_deny_skip, SL_ARRAY_LEN(S_deny_skip))) from++;
            if (from < n && !w[from].cap) {
                len = strlen(w[from].low);
                if (len > 5 && !strcmp(w[from].low + len - 3, "ing")) d->pred = S_stem(&w[from]);
            }
        } else if (S_is(&w[i], "never")) {
            /* "... but never applied", "who never": whose act it is stands elsewhere */
            if (i >= 1 && (S_is(&w[i - 1], "but") || S_is(&w[i - 1], "and") || S_is(&w[i - 1], "who") ||
                           S_is(&w[i - 1], "which") || S_is(&w[i - 1], "that") || S_is(&w[i - 1], "or")))
                continue;
            from = i + 1;
            if (from >= n || w[from].cap || !S_content(&w[from]) || S_one_of(&w[from], S_light, SL_ARRAY_LEN(S_light)))
                continue;
            size_t len = strlen(w[from].low);
            if (len < 5 || strcmp(w[from].low + len - 2, "ed")) continue; /* a past-tense verb: "expressed" */
            d->pred = S_stem(&w[from]);
            /* who never did it: the capitalized words of the clause before "never"; "we",
             * "I": the speaker */
            bool pronoun = false;
            for (size_t j = i; j-- > 0 && d->nsubj < S_MAX_ITEMS;) {
                if (memchr(t + w[j].end, ',', w[j + 1].start - w[j].end)) break;
                if (S_one_of(&w[j], S_pronouns, SL_ARRAY_LEN(S_pronouns))) pronoun = true;
                else if (w[j].cap && !w[j].num) d->subj[d->nsubj++] = w[j].h;
            }
            if (pronoun && at->speaker) {
                uint64_t sw[S_NW];
                S_name_words(at->speaker, sw);
                for (size_t k = 0; k < S_NW && sw[k]; k++) d->spk[d->nspk++] = sw[k];
            }
            if (!d->nsubj && !d->nspk) { memset(d, 0, sizeof *d); continue; }
        } else {
            continue;
        }
        uint32_t stop = 0;
        size_t wend = from;
        while (wend < n && wend < from + S_DENY_WINDOW &&
               !(wend > from && (memchr(t + w[wend - 1].end, ',', w[wend].start - w[wend - 1].end) ||
                                 memchr(t + w[wend - 1].end, ';', w[wend].start - w[wend - 1].end) ||
                                 S_one_of(&w[wend], S_clause_end, SL_ARRAY_LEN(S_clause_end)))))
            wend++;
        for (size_t j = from; j < wend; j++) {
            if (w[j].cap && !w[j].num) {
                if (d->ncap < S_MAX_ITEMS) d->cap[d->ncap++] = w[j].h;
                /* "Iranian waters": the word it qualifies, within the next two */
                for (size_t k = j + 1; k < wend && k <= j + 2 && d->npair < S_MAX_ITEMS; k++)
                    if (!w[k].cap && S_content(&w[k])) {
                        d->pair[d->npair][0] = w[j].h;
                        d->pair[d->npair++][1] = S_stem(&w[k]);
                        break;
                    }
            } else if (S_content(&w[j]) && d->nstem < S_MAX_ITEMS) {
                d->stem[d->nstem++] = S_stem(&w[j]);
            }
            stop = w[j].end;
        }
        if (d->nstem + d->ncap < 2) { memset(d, 0, sizeof *d); continue; }
        d->at = *at;
        S_copy(d->value, sizeof d->value, t, w[i].start, stop);
        return true;
    }
    return false;
}

/* Does sentence a claim what d denies? It has no negation and no condition, another speaker,
 * every capitalized word of the denied words ("Ocalan", "Russia"; "Iranian" keeps "Iraqi
 * waters" out) and two thirds of their other content words, with the denied verb when there
 * is one; with no such words ("denied that Ocalan was in Russia") it must report a claim. */
static bool S_denies(const S_denial *d, const S_sentinfo *a)
{
    if (a->neg || a->cond || (a->at.doc == d->at.doc && a->at.span.start == d->at.span.start)) return false;
    if (a->at.speaker && d->at.speaker && !strcmp(a->at.speaker, d->at.speaker)) return false;
    long gap = a->at.day > d->at.day ? a->at.day - d->at.day : d->at.day - a->at.day;
    if (a->at.day >= 0 && d->at.day >= 0 && gap > S_DENY_DAYS) return false;
    /* the denied words' names: half of them at least, and every "Iranian waters" pair */
    size_t caps = 0;
    for (size_t i = 0; i < d->ncap; i++) caps += S_has(a->cap, a->ncap, d->cap[i]);
    if (2 * caps < d->ncap) return false;
    for (size_t p = 0; p < d->npair; p++) {
        bool ok = false;
        for (size_t i = 0; i + 1 < a->nseq && !ok; i++)
            ok = a->seq[i] == d->pair[p][0] &&
                 (a->seq[i + 1] == d->pair[p][1] || (i + 2 < a->nseq && a->seq[i + 2] == d->pair[p][1]));
        if (!ok) return false;
    }
    /* whose act is denied ("Saudi Arabia has never charged", "We have never ...") */
    bool subj = !d->nsubj && !d->nspk;
    for (size_t i = 0; i < d->nsubj && !subj; i++) subj = S_has(a->cap, a->ncap, d->subj[i]);
    for (size_t i = 0; i < d->nspk && !subj; i++)
        for (size_t j = 0; j < a->ncap && !subj; j++) subj = a->cap[j] == d->spk[i];
    if (!subj) return false;
    if (d->pred && !S_has(a->stem, a->nstem, d->pred)) return false;
    size_t shared = 0;
    for (size_t i = 0; i < d->nstem; i++) shared += S_has(a->stem, a->nstem, d->stem[i]);
    if (!d->nstem) return a->says && d->ncap >= 2 && caps == d->ncap;
    /* a denied claim names something ("Kurdish rebels", "Ocalan"), or its verb is known */
    return 3 * shared >= 2 * d->nstem && shared >= 1 && (caps >= 1 || d->pred);
}

/* ---- all together -------------------------------------------------------------------------- */

static sl_status S_push(sl_dis **out, size_t *nout, size_t *cap, const sl_dis *g)
{
    if (*nout == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        sl_dis *p = realloc(*out, nc * sizeof *p);
        if (!p) return SL_ENOMEM;
        *out = p;
        *cap = nc;
    }
    (*out)[(*nout)++] = *g;
    return SL_OK;
}

static void S_side(sl_dis_side *s, const S_sent *at, const char *value, uint8_t mod, double fig)
{
    memset(s, 0, sizeof *s);
    s->doc = at->doc;
    s->span = at->span;
    s->speaker = at->speaker;
    s->modality = mod;
    s->figure = fig;
    snprintf(s->value, sizeof s->value, "%s", value);
}

sl_status sl_summary_fact_disagreements(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n, const bool *skip,
                                        const sl_dis_name *names, size_t nnames, sl_dis **out, size_t *nout)
{
    if (!out || !nout || (n && !docs) || (nnames && !names)) return SL_EINVAL;
    *out = NULL;
    *nout = 0;
    S_nm *N = calloc(1, sizeof *N);
    if (!N) return SL_ENOMEM;
    N->v = names;
    N->n = SL_MIN(nnames, SL_DISAGREE_MAX_NAMES);
    for (size_t k = 0; k < N->n; k++) S_name_words(names[k].name, N->w[k]);
    SL_VEC(S_age) ages = {0};
    SL_VEC(S_found) found = {0};
    SL_VEC(S_sentinfo) infos = {0};
    SL_VEC(S_denial) dens = {0};
    S_ws w = {0};
    sl_status st = SL_OK;
    size_t cap = 0;
    for (size_t di = 0; st == SL_OK && di < n; di++) {
        const sl_sum_doc *d = &docs[di];
        if ((skip && skip[di]) || !d->text) continue;
        for (size_t s = 0; st == SL_OK && s < d->nsents; s++) {
            if (d->sents[s].end > d->text_len || d->sents[s].start > d->sents[s].end) { st = SL_EINVAL; break; }
            sl_span sp = sl_summary_trim(d->text, d->sents[s]);
            size_t nw = sl_summary_words(d->text, sp);
            if (nw < SL_SUM_MIN_SENT_WORDS || nw > SL_SUM_MAX_SENT_WORDS) continue;
            if ((st = S_split(d->text, sp.start, sp.end, &w)) != SL_OK) break;
            S_sent at = {di, sp, S_day(d->published), S_speaker(extra ? &extra[di] : NULL, sp)};
            if ((st = S_ages_in(N, d->text, &at, &w, &ages)) != SL_OK) break;
            if ((st = S_found_in(N, d->text, &at, &w, &found)) != SL_OK) break;
            S_sentinfo info;
            S_info(&at, &w, &info);
            if (infos.n >= S_MAX_FACTS) { st = SL_ELIMIT; break; }
            if (!sl_vec_push(&infos, info)) { st = SL_ENOMEM; break; }
            S_denial den;
            if (S_denial_in(d->text, &at, &w, &den) && !sl_vec_push(&dens, den)) st = SL_ENOMEM;
        }
    }
    /* ages: every statement of one person's age, when two of them conflict */
    bool *used = calloc(ages.n ? ages.n : 1, sizeof *used);
    if (!used && st == SL_OK) st = SL_ENOMEM;
    for (size_t a = 0; st == SL_OK && a < ages.n; a++) {
        if (used[a]) continue;
        bool any = false;
        for (size_t b = 0; b < ages.n && !any; b++) any = S_age_conflict(N, &ages.v[a], &ages.v[b]);
        if (!any) continue;
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_NUMBER;
        snprintf(g.what, sizeof g.what, "age: %s", ages.v[a].name);
        for (size_t b = a; b < ages.n && g.nsides < SL_DISAGREE_MAX_SIDES; b++) {
            const S_age *x = &ages.v[b];
            if (used[b] || !S_same_person(N, &ages.v[a], x)) continue;
            if (b != a && !S_age_conflict(N, &ages.v[a], x) && x->age != ages.v[a].age) continue;
            used[b] = true;
            bool dup = false;
            for (size_t k = 0; k < g.nsides && !dup; k++)
                dup = g.sides[k].doc == x->at.doc && g.sides[k].figure == x->age;
            if (dup) continue;
            char val[16];
            snprintf(val, sizeof val, "%d", x->age);
            S_side(&g.sides[g.nsides++], &x->at, val, 0, x->age);
        }
        if (g.nsides >= 2) st = S_push(out, nout, &cap, &g);
    }
    free(used);
    /* found / not found: a negative claim and the findings it contradicts */
    for (size_t q = 0; st == SL_OK && q < found.n; q++) {
        if (!found.v[q].neg) continue;
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_MODALITY;
        for (size_t p = 0; p < found.n && g.nsides + 1 < SL_DISAGREE_MAX_SIDES; p++)
            if (S_found_conflict(&found.v[p], &found.v[q]))
                S_side(&g.sides[g.nsides++], &found.v[p].at, found.v[p].value, SL_MOD_CERTAIN, 0);
        if (!g.nsides) continue;
        S_side(&g.sides[g.nsides++], &found.v[q].at, found.v[q].value, SL_MOD_NEGATIVE, 0);
        snprintf(g.what, sizeof g.what, "found: %s", S_things[found.v[q].cls - 1][1]);
        st = S_push(out, nout, &cap, &g);
    }
    /* denials: a denial and the sentences claiming what it denies */
    for (size_t k = 0; st == SL_OK && k < dens.n; k++) {
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_MODALITY;
        for (size_t a = 0; a < infos.n && g.nsides + 1 < SL_DISAGREE_MAX_SIDES; a++)
            if (S_denies(&dens.v[k], &infos.v[a]))
                S_side(&g.sides[g.nsides++], &infos.v[a].at, "claimed", SL_MOD_CERTAIN, 0);
        if (!g.nsides) continue;
        S_side(&g.sides[g.nsides++], &dens.v[k].at, dens.v[k].value, SL_MOD_NEGATIVE, 0);
        snprintf(g.what, sizeof g.what, "denied: %s", dens.v[k].value);
        st = S_push(out, nout, &cap, &g);
    }
    if (st != SL_OK) {
        free(*out);
        *out = NULL;
        *nout = 0;
    }
    sl_vec_free(&ages);
    sl_vec_free(&found);
    sl_vec_free(&infos);
    sl_vec_free(&dens);
    sl_vec_free(&w);
    free(N);
    return st;
}
