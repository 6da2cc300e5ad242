/*
 * claims.c — what a story's sources disagree about: modalities, dates, figures, attributions.
 *
 * Part of the per-story outputs (summary, timeline, disagreements). A claim is one statement
 * of one article: a sentence, or the sentences one quote spans, with its speaker (the quote's,
 * from the quotes stage) or the article's own voice when no quote covers it. Four rules read
 * the claims:
 *   - modality: a claim names an event (resources/modality-events.txt: "meeting", "talks",
 *     "vote", ...) and says how sure it is that the event happens, through a cue of
 *     resources/modality-cues.tsv ("will take place" certain, "likelihood is great" probable,
 *     "may" possible, "no conclusion has been made" undecided, "called off" negative). Two
 *     voices disagree when one is certain and the other undecided or negative, or one probable
 *     and the other negative; every voice with a cue about that event is then shown as a side;
 *   - date: two articles put the same event (same tense) on different days;
 *   - number: figures that cannot both hold (disagree.c);
 *   - attribution: the same quoted words (Dice >= S_ATTR_SIM over content words) given to
 *     speakers with no name in common, in two articles;
 *   - casualty tolls (reported as numbers), including estimates by two named sources and
 *     tolls told of a past event ("the crash, which killed 230");
 *   - the day of a past event ("the Sept. 3 crash" / "crashed Sept. 2"), with no event list;
 *   - a plan against its refusal ("plan to return" / "refused to allow investigators"), where
 *     what the two sentences share stands for the event word;
 *   - ages of one person, found against not found, a claim against its denial
 *     (claims_facts.c).
 * "The same event" is the same event word plus the same participants: the story's names found
 * in the claim (the speaker's own name left out); a claim naming fewer than two ("the two
 * leaders will meet") takes its article's most named ones, which is what a reader does with
 * "the two leaders". That keeps a Kim–Putin meeting apart from a Trump–Putin one in the same
 * story. As in disagree.c, a false disagreement shown to a reader costs more than a missed
 * one: cues need an event word within S_NEAR words, and plain "will" counts only directly on
 * the event's verb or an occurrence verb ("will meet", "it will take place").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

#define S_NEAR        10    /* words between a cue and its event word at most */
#define S_MAX_CUE_W   6     /* words in one cue phrase at most */
#define S_MAX_CUES    512   /* cue lines read from the resource at most */
#define S_MAX_EVENTS  128   /* event lines at most */
#define S_MAX_FORMS   12    /* forms per event line at most */
#define S_ATTR_SIM    0.7   /* content-word Dice above which two quotes are the same words */
#define S_ATTR_MIN_W  6u    /* content words a quote needs to be compared */
#define S_SET_MAX     64    /* content words kept per quote */
#define S_MAX_CLAIMS  100000u /* claims per story at most (past it: SL_ELIMIT) */
#define S_CLAIM_W     32    /* content words kept per date claim */
#define S_DATE_SIM    0.4   /* content-word Dice two date claims need to be one statement */

/* ---- lexicon ------------------------------------------------------------------------------ */

enum { S_SCOPE_NEAR = 0, S_SCOPE_MODAL, S_SCOPE_VERB };

typedef struct S_cue {
    uint64_t w[S_MAX_CUE_W];
    uint8_t n, cls, scope;   /* cls: sl_modality; scope: S_SCOPE_* */
} S_cue;

typedef struct S_event {
    char noun[32];
    uint64_t forms[S_MAX_FORMS];
    uint8_t nforms;
} S_event;

typedef struct S_lex {
    S_cue cues[S_MAX_CUES];
    size_t ncues;
    S_event ev[S_MAX_EVENTS];
    size_t nev;
} S_lex;

static uint64_t S_hw(const char *w, size_t n) { return sl_hash64(w, n, 0x5eed); }

static const char *const S_mod_names[SL_MOD_N] = {"", "certain", "probable", "possible", "undecided", "negative"};
const char *sl_modality_name(sl_modality m) { return (unsigned)m < SL_MOD_N ? S_mod_names[m] : ""; }

static const char *const S_kind_names[SL_DIS_NKINDS] = {"modality", "date", "number", "attribution"};
const char *sl_dis_kind_name(sl_dis_kind k) { return (unsigned)k < SL_DIS_NKINDS ? S_kind_names[k] : "?"; }

/* Splits a phrase into lower-case word hashes; returns the count (0 if too long). */
static size_t S_phrase(const char *p, size_t len, uint64_t *out, size_t cap)
{
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && p[i] == ' ') i++;
        size_t j = i;
        while (j < len && p[j] != ' ') j++;
        if (j > i) {
            if (n == cap) return 0;
            out[n++] = S_hw(p + i, j - i);
        }
        i = j;
    }
    return n;
}

static sl_status S_lex_load(S_lex *L)
{
    memset(L, 0, sizeof *L);
    size_t len = 0;
    const char *r = sl_resource("modality-cues.tsv", &len);
    if (!r) return SL_EMODEL;
    for (const char *p = r, *end = r + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *t1 = memchr(p, '\t', (size_t)(le - p));
        const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1)) : NULL;
        if (*p != '#' && t1 && t2 && L->ncues < S_MAX_CUES) {
            S_cue c;
            memset(&c, 0, sizeof c);
            size_t cl = (size_t)(t1 - p), sl = (size_t)(t2 - t1 - 1);
            for (int m = 1; m < SL_MOD_N; m++)
                if (strlen(S_mod_names[m]) == cl && !memcmp(p, S_mod_names[m], cl)) c.cls = (uint8_t)m;
            c.scope = sl == 5 && !memcmp(t1 + 1, "modal", 5) ? S_SCOPE_MODAL
                      : sl == 4 && !memcmp(t1 + 1, "verb", 4) ? S_SCOPE_VERB : S_SCOPE_NEAR;
            c.n = (uint8_t)S_phrase(t2 + 1, (size_t)(le - t2 - 1), c.w, S_MAX_CUE_W);
            if (c.n && (c.cls || c.scope == S_SCOPE_VERB)) L->cues[L->ncues++] = c;
        }
        p = nl ? nl + 1 : end;
    }
    r = sl_resource("modality-events.txt", &len);
    if (!r) return SL_EMODEL;
    for (const char *p = r, *end = r + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (*p != '#' && le > p && L->nev < S_MAX_EVENTS) {
            S_event *e = &L->ev[L->nev];
            memset(e, 0, sizeof *e);
            const char *sp = memchr(p, ' ', (size_t)(le - p));
            size_t nl0 = (size_t)((sp ? sp : le) - p);
            snprintf(e->noun, sizeof e->noun, "%.*s", (int)nl0, p);
            e->nforms = (uint8_t)S_phrase(p, (size_t)(le - p), e->forms, S_MAX_FORMS);
            if (e->nforms) L->nev++;
        }
        p = nl ? nl + 1 : end;
    }
    return L->ncues && L->nev ? SL_OK : SL_EMODEL;
}

/* ---- words -------------------------------------------------------------------------------- */

typedef struct S_word {
    uint32_t start, end;
    uint64_t h;              /* hash of the lower-cased word */
    bool cap;                /* starts with an upper-case ASCII letter */
} S_word;

static bool S_wc(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Is t[i] an apostrophe inside a word ("won't", "won’t")? Returns its byte length or 0. */
static size_t S_apos(const char *t, size_t i, size_t end)
{
    if (t[i] == '\'' && i + 1 < end && S_wc((unsigned char)t[i + 1])) return 1;
    if ((unsigned char)t[i] == 0xE2 && i + 3 < end && (unsigned char)t[i + 1] == 0x80 &&
        (unsigned char)t[i + 2] == 0x99 && S_wc((unsigned char)t[i + 3]))
        return 3;
    return 0;
}

/* Words of t[s, e): lower-cased hashes with offsets; curly apostrophes read as straight. */
static sl_status S_words(const char *t, uint32_t s, uint32_t e, void *vecp)
{
    SL_VEC(S_word) *v = vecp;
    char buf[64];
    for (uint32_t i = s; i < e;) {
        unsigned char c = (unsigned char)t[i];
        bool quote_start = (unsigned char)t[i] == 0xE2 && i + 2 < e && (unsigned char)t[i + 1] == 0x80;
        if (!S_wc(c) || quote_start) { i += quote_start ? 3 : 1; continue; }
        S_word w = {.start = i, .cap = c >= 'A' && c <= 'Z'};
        size_t n = 0;
        while (i < e) {
            c = (unsigned char)t[i];
            size_t ap = i > w.start ? S_apos(t, i, e) : 0;
            if (ap) { if (n < sizeof buf) buf[n++] = '\''; i += (uint32_t)ap; continue; }
            if (!S_wc(c) || (c == 0xE2 && i + 2 < e && (unsigned char)t[i + 1] == 0x80)) break;
            if (n < sizeof buf) buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
        }
        w.end = i;
        w.h = S_hw(buf, n);
        if (!sl_vec_push(v, w)) return SL_ENOMEM;
    }
    return SL_OK;
}

/* ---- claims ------------------------------------------------------------------------------- */

typedef struct S_claim {
    size_t doc;
    sl_span span;            /* the claim's sentences, trimmed */
    const char *speaker;
    int event;               /* index into the lexicon's events */
    uint64_t who;            /* participants: bit i = names[i] */
    uint8_t kind;            /* SL_DIS_MODALITY or SL_DIS_DATE */
    uint8_t mod;             /* sl_modality */
    bool future;
    uint32_t pos;            /* position of the cue in the text, for ordering */
    char value[48];
    bool named;              /* a participant is named in the claim itself */
    uint8_t ncw;
    uint64_t cw[S_CLAIM_W];  /* content words of the claim, sorted (date claims) */
} S_claim;

typedef SL_VEC(S_claim) S_claims;

#define S_NAME_W 4 /* words kept per name */

typedef struct S_names {
    const sl_dis_name *v;
    size_t n;
    uint64_t w[SL_DISAGREE_MAX_NAMES][S_NAME_W]; /* hashes of each name's words (3+ letters) */
} S_names;

/* The words of a speaker or name (3+ letters, lower-cased, "'s" dropped) as hashes; 0 fills. */
static void S_name_words(const char *s, uint64_t out[S_NAME_W])
{
    memset(out, 0, S_NAME_W * sizeof *out);
    if (!s) return;
    size_t k = 0, n = strlen(s);
    for (size_t i = 0; i < n && k < S_NAME_W;) {
        if (!S_wc((unsigned char)s[i])) { i++; continue; }
        char buf[64];
        size_t m = 0;
        while (i < n && (S_wc((unsigned char)s[i]) || s[i] == '\'')) {
            if (m < sizeof buf) buf[m++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
            i++;
        }
        if (m > 2 && buf[m - 2] == '\'' && buf[m - 1] == 's') m -= 2; /* "Putin's" */
        if (m >= 3 && m < sizeof buf && !(m == 3 && (!memcmp(buf, "the", 3) || !memcmp(buf, "and", 3))))
            out[k++] = S_hw(buf, m);
    }
}

static bool S_has_word(const uint64_t ws[S_NAME_W], uint64_t h)
{
    for (size_t i = 0; i < S_NAME_W; i++)
        if (ws[i] && ws[i] == h) return true;
    return false;
}

/* Do two name word sets share a word? */
static bool S_share(const uint64_t a[S_NAME_W], const uint64_t b[S_NAME_W])
{
    for (size_t i = 0; i < S_NAME_W; i++)
        if (a[i] && S_has_word(b, a[i])) return true;
    return false;
}

/* Which event word form is word w (index into L->ev, or -1). */
static int S_event_of(const S_lex *L, uint64_t h)
{
    for (size_t e = 0; e < L->nev; e++)
        for (size_t f = 0; f < L->ev[e].nforms; f++)
            if (L->ev[e].forms[f] == h) return (int)e;
    return -1;
}

static bool S_match(const S_word *w, size_t i, size_t n, const uint64_t *ph, size_t pn)
{
    if (i + pn > n) return false;
    for (size_t k = 0; k < pn; k++)
        if (w[i + k].h != ph[k]) return false;
    return true;
}

static const char *const S_adverbs[] = {"likely", "probably", "also", "still", "both", "definitely", "certainly", "soon", "now", "then", "indeed", "finally", "eventually", "not"};
static const char *const S_future[] = {"will", "would", "shall", "going", "expected", "scheduled", "plans", "planned", "set", "next", "upcoming", "likely", "due", "may", "might", "could", "potential"};

static bool S_in(uint64_t h, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (S_hw(list[i], strlen(list[i])) == h) return true;
    return false;
}

/* Participants of a claim over words w[a, b): names found there, the speaker left out; fewer
 * than two are completed with the article's most named ones (rank). */
static uint64_t S_who(const S_names *N, const S_word *w, size_t a, size_t b, const char *speaker,
                      const size_t *rank, size_t nrank, bool *named)
{
    uint64_t spk[S_NAME_W], m = 0;
    S_name_words(speaker, spk);
    for (size_t i = a; i < b; i++) {
        if (!w[i].cap) continue;
        for (size_t k = 0; k < N->n; k++)
            if (N->v[k].type != SL_MISC && S_has_word(N->w[k], w[i].h) && !S_share(N->w[k], spk)) m |= 1ull << k;
    }
    *named = m != 0;
    for (size_t r = 0; r < nrank && __builtin_popcountll(m) < 2; r++) {
        size_t k = rank[r];
        if (N->v[k].type != SL_MISC && !S_share(N->w[k], spk)) m |= 1ull << k;
    }
    return m;
}

static int S_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static const char *const S_stop[] = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "is",
                                     "was", "are", "were", "be", "it", "that", "this", "we", "i", "he", "she",
                                     "they", "with", "by", "as", "has", "have", "had", "not", "will", "would",
                                     "said", "says", "its", "his", "her", "their", "from", "after", "before"};

static double S_dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) { common++; i++; j++; }
        else if (a[i] < b[j]) i++;
        else j++;
    }
    return na + nb ? 2.0 * (double)common / (double)(na + nb) : 0;
}

/* Cue text as written, into out. */
static void S_value(const char *t, uint32_t s, uint32_t e, char *out, size_t cap)
{
    size_t n = e - s;
    if (n >= cap) n = cap - 1;
    while (n > 0 && ((unsigned char)t[s + n] & 0xC0) == 0x80) n--; /* whole characters */
    memcpy(out, t + s, n);
    out[n] = 0;
}

typedef struct S_unit {
    uint32_t sa, sb;         /* sentence range [sa, sb) */
    const char *speaker;
} S_unit;

/* Reads the modality and date claims of one claim unit (words w[a, b)). */
static sl_status S_unit_claims(const S_lex *L, const S_names *N, const sl_sum_doc *d, size_t di,
                               const sl_dis_doc *x, const S_word *w, size_t a, size_t b, sl_span span,
                               const char *speaker, const size_t *rank, size_t nrank, S_claims *out)
{
    /* event words of the unit */
    int evw[512];
    size_t nw = b - a;
    if (nw > SL_ARRAY_LEN(evw)) nw = SL_ARRAY_LEN(evw);
    bool any = false, future = false;
    for (size_t i = 0; i < nw; i++) {
        evw[i] = S_event_of(L, w[a + i].h);
        any |= evw[i] >= 0;
        future |= S_in(w[a + i].h, S_future, SL_ARRAY_LEN(S_future));
    }
    if (!any) return SL_OK;
    /* strongest cue per event: negative > undecided > possible > probable > certain */
    static const uint8_t prio[SL_MOD_N] = {0, 1, 2, 3, 4, 5};
    int best_ev[8];
    uint8_t best_cls[8];
    uint32_t best_s[8], best_e[8];
    size_t nbest = 0;
    for (size_t i = 0; i < nw; i++) {
        for (size_t c = 0; c < L->ncues; c++) {
            const S_cue *cu = &L->cues[c];
            if (cu->scope == S_SCOPE_VERB || !S_match(w + a, i, nw, cu->w, cu->n)) continue;
            int ev = -1;
            uint32_t ce = w[a + i + cu->n - 1].end;
            if (cu->scope == S_SCOPE_MODAL) {
                /* the event's verb or an occurrence verb right after (one adverb allowed) */
                size_t j = i + cu->n;
                if (j < nw && S_in(w[a + j].h, S_adverbs, SL_ARRAY_LEN(S_adverbs)) &&
                    w[a + j].h != S_hw("not", 3))
                    j++;
                if (j >= nw) continue;
                if (evw[j] >= 0) {
                    ev = evw[j];
                    ce = w[a + j].end;
                } else {
                    bool occ = false;
                    for (size_t v = 0; v < L->ncues && !occ; v++) {
                        const S_cue *ov = &L->cues[v];
                        if (ov->scope == S_SCOPE_VERB && S_match(w + a, j, nw, ov->w, ov->n)) {
                            occ = true;
                            ce = w[a + j + ov->n - 1].end;
                        }
                    }
                    if (!occ) continue;
                    /* the event named before the occurrence verb ("the meeting ... it will take place") */
                    for (size_t k = i; k-- > 0 && ev < 0;) ev = evw[k];
                    for (size_t k = j + 1; k < nw && ev < 0; k++) ev = evw[k];
                }
            } else {
                /* "whether" opens a clause that names the event further on */
                size_t fwd = cu->w[cu->n - 1] == S_hw("whether", 7) ? 2 * S_NEAR : S_NEAR;
                size_t lo = i > S_NEAR ? i - S_NEAR : 0, hi = SL_MIN(nw, i + cu->n + fwd);
                size_t bestd = (size_t)-1;
                for (size_t k = lo; k < hi; k++) {
                    if (evw[k] < 0 || (k >= i && k < i + cu->n)) continue;
                    size_t dd = k < i ? i - k : k - i;
                    if (dd < bestd) { bestd = dd; ev = evw[k]; }
                }
            }
            if (ev < 0) continue;
            size_t s;
            for (s = 0; s < nbest && best_ev[s] != ev; s++) {}
            if (s == nbest) {
                if (nbest == SL_ARRAY_LEN(best_ev)) continue;
                best_ev[nbest] = ev;
                best_cls[nbest] = 0;
                nbest++;
            }
            if (prio[cu->cls] > prio[best_cls[s]]) {
                best_cls[s] = cu->cls;
                best_s[s] = w[a + i].start;
                best_e[s] = ce;
            }
        }
    }
    for (size_t s = 0; s < nbest; s++) {
        if (out->n >= S_MAX_CLAIMS) return SL_ELIMIT;
        S_claim cl;
        memset(&cl, 0, sizeof cl);
        cl.doc = di;
        cl.span = span;
        cl.speaker = speaker;
        cl.event = best_ev[s];
        cl.who = S_who(N, w, a, b, speaker, rank, nrank, &cl.named);
        cl.kind = SL_DIS_MODALITY;
        cl.mod = best_cls[s];
        cl.future = true;
        cl.pos = best_s[s];
        S_value(d->text, best_s[s], best_e[s], cl.value, sizeof cl.value);
        if (!sl_vec_push(out, cl)) return SL_ENOMEM;
    }
    /* day-precise dates near an event word */
    for (size_t k = 0; x && k < x->ndates; k++) {
        const sl_date *dt = &x->dates[k];
        if (dt->gran != SL_GRAN_DAY || !dt->value[0] || dt->span.start < span.start || dt->span.end > span.end) continue;
        size_t di0 = 0;
        while (di0 < nw && w[a + di0].start < dt->span.start) di0++;
        int ev = -1;
        size_t bestd = (size_t)-1;
        for (size_t i = 0; i < nw; i++) {
            if (evw[i] < 0) continue;
            size_t dd = i < di0 ? di0 - i : i - di0;
            if (dd <= S_NEAR && dd < bestd) { bestd = dd; ev = evw[i]; }
        }
        if (ev < 0) continue;
        if (out->n >= S_MAX_CLAIMS) return SL_ELIMIT;
        S_claim cl;
        memset(&cl, 0, sizeof cl);
        cl.doc = di;
        cl.span = span;
        cl.speaker = speaker;
        cl.event = ev;
        cl.who = S_who(N, w, a, b, speaker, rank, nrank, &cl.named);
        cl.kind = SL_DIS_DATE;
        cl.future = future;
        for (size_t i = a; i < b && cl.ncw < S_CLAIM_W; i++)
            if (!S_in(w[i].h, S_stop, SL_ARRAY_LEN(S_stop)) && (evw[i - a] < 0 || i - a >= nw)) cl.cw[cl.ncw++] = w[i].h;
        qsort(cl.cw, cl.ncw, sizeof cl.cw[0], S_cmp_u64);
        cl.pos = dt->span.start;
        snprintf(cl.value, sizeof cl.value, "%.*s", (int)strnlen(dt->value, sizeof dt->value), dt->value);
        if (!sl_vec_push(out, cl)) return SL_ENOMEM;
    }
    return SL_OK;
}

typedef struct S_rank_ctx { const size_t *cnt; const S_names *N; } S_rank_ctx;

/* Persons first (people meet, vote, resign), then by how often the article names them. */
static int S_cmp_rank(const void *a, const void *b, void *arg)
{
    const S_rank_ctx *c = arg;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    bool px = c->N->v[x].type == SL_PER, py = c->N->v[y].type == SL_PER;
    if (px != py) return px ? -1 : 1;
    if (c->cnt[x] != c->cnt[y]) return c->cnt[x] > c->cnt[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The claim units of one article: each quote's sentences (with its speaker), then every
 * sentence no quote covers (the article's voice). Claims of all units into out. */
static sl_status S_doc_claims(const S_lex *L, const S_names *N, const sl_sum_doc *d, size_t di,
                              const sl_dis_doc *x, S_claims *out)
{
    SL_VEC(S_word) w = {0};
    uint32_t *first = calloc(d->nsents + 1, sizeof *first); /* first word of each sentence */
    bool *taken = calloc(d->nsents ? d->nsents : 1, sizeof *taken);
    SL_VEC(S_unit) units = {0};
    sl_status st = first && taken ? SL_OK : SL_ENOMEM;
    for (size_t s = 0; st == SL_OK && s < d->nsents; s++) {
        first[s] = (uint32_t)w.n;
        if (d->sents[s].end > d->text_len || d->sents[s].start > d->sents[s].end) st = SL_EINVAL;
        else st = S_words(d->text, d->sents[s].start, d->sents[s].end, &w);
    }
    if (st == SL_OK) first[d->nsents] = (uint32_t)w.n;
    /* the article's names by how often they are named */
    size_t cnt[SL_DISAGREE_MAX_NAMES] = {0}, rank[SL_DISAGREE_MAX_NAMES], nrank = 0;
    for (size_t i = 0; st == SL_OK && i < w.n; i++)
        for (size_t k = 0; k < N->n; k++)
            if (w.v[i].cap && S_has_word(N->w[k], w.v[i].h)) cnt[k]++;
    for (size_t k = 0; k < N->n; k++)
        if (cnt[k] >= 2) rank[nrank++] = k;
    S_rank_ctx rc = {cnt, N};
    qsort_r(rank, nrank, sizeof *rank, S_cmp_rank, &rc);
    /* quotes claim their sentences first */
    size_t nq = x ? SL_MIN(x->nquotes, SL_DISAGREE_MAX_QUOTES) : 0;
    for (size_t q = 0; st == SL_OK && q < nq; q++) {
        sl_span qs = x->quotes[q].span;
        uint32_t sa = UINT32_MAX, sb = 0;
        for (size_t s = 0; s < d->nsents; s++)
            if (d->sents[s].start < qs.end && qs.start < d->sents[s].end && !taken[s]) {
                if (sa == UINT32_MAX) sa = (uint32_t)s;
                sb = (uint32_t)s + 1;
            }
        if (sa == UINT32_MAX) continue;
        for (uint32_t s = sa; s < sb; s++) taken[s] = true;
        S_unit u = {sa, sb, x->quotes[q].speaker};
        if (!sl_vec_push(&units, u)) st = SL_ENOMEM;
    }
    for (size_t s = 0; st == SL_OK && s < d->nsents; s++)
        if (!taken[s]) {
            S_unit u = {(uint32_t)s, (uint32_t)s + 1, NULL};
            if (!sl_vec_push(&units, u)) st = SL_ENOMEM;
        }
    for (size_t u = 0; st == SL_OK && u < units.n; u++) {
        const S_unit *un = &units.v[u];
        sl_span sp = {d->sents[un->sa].start, d->sents[un->sb - 1].end};
        sp = sl_summary_trim(d->text, sp);
        size_t words = sl_summary_words(d->text, sp);
        if (words < 4 || words > 3 * SL_SUM_MAX_SENT_WORDS) continue;
        st = S_unit_claims(L, N, d, di, x, w.v, first[un->sa], first[un->sb], sp, un->speaker, rank, nrank, out);
    }
    sl_vec_free(&units);
    sl_vec_free(&w);
    free(first);
    free(taken);
    return st;
}

/* ---- grouping ----------------------------------------------------------------------------- */

static bool S_same_event(const S_claim *a, const S_claim *b)
{
    if (a->event != b->event) return false;
    int na = __builtin_popcountll(a->who), nb = __builtin_popcountll(b->who);
    int common = __builtin_popcountll(a->who & b->who);
    int need = SL_MIN(2, SL_MIN(na, nb));
    return need == 0 ? a->who == b->who : common >= need;
}

static bool S_same_speaker(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    uint64_t x[S_NAME_W], y[S_NAME_W];
    S_name_words(a, x);
    S_name_words(b, y);
    return x[0] ? S_share(x, y) : !strcmp(a, b);
}

bool sl_modality_conflict(sl_modality ma, sl_modality mb)
{
    uint8_t a = (uint8_t)ma, b = (uint8_t)mb;
    if (a > b) { uint8_t t = a; a = b; b = t; }
    /* probable against negative was tried: on DUC 2003 it paired "expected to vote" with an
     * "unlikely" about something else more often than with a real contradiction */
    return a == SL_MOD_CERTAIN && (b == SL_MOD_UNDECIDED || b == SL_MOD_NEGATIVE);
}

static bool S_earlier(const sl_sum_doc *docs, size_t a, uint32_t pa, size_t b, uint32_t pb)
{
    const char *x = docs[a].published ? docs[a].published : "", *y = docs[b].published ? docs[b].published : "";
    int c = strcmp(x, y);
    if (c) return c < 0;
    if (a != b) return a < b;
    return pa < pb;
}

static void S_side(sl_dis_side *s, const S_claim *c)
{
    memset(s, 0, sizeof *s);
    s->doc = c->doc;
    s->span = c->span;
    s->speaker = c->speaker;
    s->modality = c->mod;
    snprintf(s->value, sizeof s->value, "%s", c->value);
}

static void S_what(sl_dis *g, const S_lex *L, const S_names *N, const S_claim *c)
{
    int n = snprintf(g->what, sizeof g->what, "%s", L->ev[c->event].noun);
    const char *sep = ": ";
    for (size_t k = 0; k < N->n && n > 0 && (size_t)n < sizeof g->what; k++)
        if (c->who & (1ull << k)) {
            n += snprintf(g->what + n, sizeof g->what - (size_t)n, "%s%s", sep, N->v[k].name);
            sep = ", ";
        }
    /* a name cut by the buffer must not leave half a UTF-8 character */
    size_t len = strlen(g->what), k = len;
    while (k > 0 && ((unsigned char)g->what[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0 && (unsigned char)g->what[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)g->what[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (len - (k - 1) < need) g->what[k - 1] = 0;
    }
}

/* Groups claims of one kind by event; emits the groups whose sides conflict. */
static sl_status S_groups(const sl_sum_doc *docs, const S_lex *L, const S_names *N, S_claim *c, size_t nc,
                          uint8_t kind, void *outp)
{
    SL_VEC(sl_dis) *out = outp;
    bool *used = calloc(nc ? nc : 1, sizeof *used);
    size_t *mem = malloc((nc ? nc : 1) * sizeof *mem);
    if (!used || !mem) { free(used); free(mem); return SL_ENOMEM; }
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < nc; i++) {
        if (used[i] || c[i].kind != kind) continue;
        size_t nm = 0;
        for (size_t j = i; j < nc; j++)
            if (!used[j] && c[j].kind == kind && S_same_event(&c[i], &c[j])) { used[j] = true; mem[nm++] = j; }
        /* does any pair of different voices conflict? */
        bool conflict = false;
        for (size_t a = 0; a < nm && !conflict; a++)
            for (size_t b = a + 1; b < nm && !conflict; b++) {
                const S_claim *x = &c[mem[a]], *y = &c[mem[b]];
                if (x->doc == y->doc && S_same_speaker(x->speaker, y->speaker)) continue;
                if (kind == SL_DIS_MODALITY) conflict = sl_modality_conflict((sl_modality)x->mod, (sl_modality)y->mod);
                else
                    conflict = x->doc != y->doc && x->future == y->future && x->named && y->named &&
                               strcmp(x->value, y->value) && S_dice(x->cw, x->ncw, y->cw, y->ncw) >= S_DATE_SIM;
            }
        if (!conflict) continue;
        /* dates: only the claims that take part in a conflict are sides */
        if (kind == SL_DIS_DATE) {
            size_t keep = 0;
            for (size_t a = 0; a < nm; a++) {
                bool in = false;
                for (size_t b = 0; b < nm && !in; b++) {
                    const S_claim *x = &c[mem[a]], *y = &c[mem[b]];
                    in = x->doc != y->doc && x->future == y->future && x->named && y->named &&
                         strcmp(x->value, y->value) && S_dice(x->cw, x->ncw, y->cw, y->ncw) >= S_DATE_SIM;
                }
                if (in) mem[keep++] = mem[a];
            }
            nm = keep;
        }
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = kind;
        S_what(&g, L, N, &c[i]);
        /* one side per voice and value, in article order */
        for (size_t a = 0; a < nm; a++) {
            const S_claim *x = &c[mem[a]];
            bool dup = false;
            for (size_t s = 0; s < g.nsides && !dup; s++) {
                const sl_dis_side *o = &g.sides[s];
                dup = o->doc == x->doc && S_same_speaker(o->speaker, x->speaker) &&
                      (kind == SL_DIS_MODALITY ? o->modality == x->mod : !strcmp(o->value, x->value));
            }
            if (dup) continue;
            if (g.nsides == SL_DISAGREE_MAX_SIDES) break;
            S_side(&g.sides[g.nsides++], x);
        }
        if (g.nsides >= 2 && !sl_vec_push(out, g)) st = SL_ENOMEM;
    }
    (void)docs;
    free(used);
    free(mem);
    return st;
}

/* ---- attribution -------------------------------------------------------------------------- */

typedef struct S_qset {
    size_t doc;
    const sl_dis_quote *q;
    uint64_t w[S_SET_MAX];
    size_t n;
} S_qset;

/* A speaker that reads as a person's name: two or more words, each capitalized ("Abel
 * Matutes"), not a description ("The government", "Other witnesses"). */
static bool S_personal(const char *s)
{
    size_t words = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (!(*p >= 'A' && *p <= 'Z') && !((unsigned char)*p >= 0xC3)) return false;
        const char *e = p;
        while (*e && *e != ' ') e++;
        if ((e - p == 3 && !memcmp(p, "The", 3)) || (e - p >= 5 && !memcmp(p, "Other", 5))) return false;
        words++;
        p = e;
    }
    return words >= 2;
}

/* Does article d name (any word of) speaker s? */
static bool S_names_in(const sl_sum_doc *d, const char *s, void *wp)
{
    SL_VEC(S_word) *w = wp;
    uint64_t sw[S_NAME_W];
    S_name_words(s, sw);
    w->n = 0;
    if (S_words(d->text, 0, (uint32_t)d->text_len, w) != SL_OK) return true; /* unsure: no claim */
    for (size_t i = 0; i < w->n; i++)
        if (w->v[i].cap && S_has_word(sw, w->v[i].h)) return true;
    return false;
}

static sl_status S_attributions(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n, const bool *skip, void *outp)
{
    SL_VEC(sl_dis) *out = outp;
    SL_VEC(S_qset) qs = {0};
    SL_VEC(S_word) w = {0};
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < n; i++) {
        if (skip[i] || !extra[i].quotes) continue;
        size_t nq = SL_MIN(extra[i].nquotes, SL_DISAGREE_MAX_QUOTES);
        for (size_t q = 0; st == SL_OK && q < nq; q++) {
            const sl_dis_quote *qq = &extra[i].quotes[q];
            if (!qq->speaker || !S_personal(qq->speaker) || qq->span.end > docs[i].text_len || qq->span.start >= qq->span.end) continue;
            w.n = 0;
            if ((st = S_words(docs[i].text, qq->span.start, qq->span.end, &w)) != SL_OK) break;
            S_qset s = {.doc = i, .q = qq};
            for (size_t k = 0; k < w.n && s.n < S_SET_MAX; k++)
                if (!S_in(w.v[k].h, S_stop, SL_ARRAY_LEN(S_stop))) s.w[s.n++] = w.v[k].h;
            qsort(s.w, s.n, sizeof s.w[0], S_cmp_u64);
            size_t u = 0;
            for (size_t k = 0; k < s.n; k++)
                if (!u || s.w[u - 1] != s.w[k]) s.w[u++] = s.w[k];
            s.n = u;
            if (s.n >= S_ATTR_MIN_W && !sl_vec_push(&qs, s)) st = SL_ENOMEM;
        }
    }
    for (size_t a = 0; st == SL_OK && a < qs.n; a++)
        for (size_t b = a + 1; st == SL_OK && b < qs.n; b++) {
            const S_qset *x = &qs.v[a], *y = &qs.v[b];
            if (x->doc == y->doc || S_same_speaker(x->q->speaker, y->q->speaker)) continue;
            size_t i = 0, j = 0, common = 0;
            while (i < x->n && j < y->n) {
                if (x->w[i] == y->w[j]) { common++; i++; j++; }
                else if (x->w[i] < y->w[j]) i++;
                else j++;
            }
            if (2.0 * (double)common / (double)(x->n + y->n) < S_ATTR_SIM) continue;
            /* an article that names the other speaker too knows both: the two attributions
             * are more likely our reading than the sources' disagreement */
            if (S_names_in(&docs[x->doc], y->q->speaker, &w) || S_names_in(&docs[y->doc], x->q->speaker, &w)) continue;
            sl_dis g;
            memset(&g, 0, sizeof g);
            g.kind = SL_DIS_ATTRIBUTION;
            const S_qset *p[2] = {x, y};
            if (S_earlier(docs, y->doc, y->q->span.start, x->doc, x->q->span.start)) { p[0] = y; p[1] = x; }
            size_t wl = 0;
            const sl_sum_doc *d0 = &docs[p[0]->doc];
            uint32_t s0 = p[0]->q->span.start, e0 = p[0]->q->span.end;
            for (uint32_t k = s0; k < e0 && wl < 6; k++)
                if (d0->text[k] == ' ') { wl++; if (wl == 6) e0 = k; }
            S_value(d0->text, s0, e0, g.what, sizeof g.what);
            for (int s = 0; s < 2; s++) {
                sl_dis_side *sd = &g.sides[s];
                sd->doc = p[s]->doc;
                sd->span = p[s]->q->span;
                sd->speaker = p[s]->q->speaker;
                snprintf(sd->value, sizeof sd->value, "%s", p[s]->q->speaker);
            }
            g.nsides = 2;
            if (!sl_vec_push(out, g)) st = SL_ENOMEM;
        }
    sl_vec_free(&qs);
    sl_vec_free(&w);
    return st;
}

/* ---- casualty tolls ------------------------------------------------------------------------ */

/* News disagrees about tolls more than about anything else ("killing 60 people" / "a fire
 * that killed 67"), and the counted word differs between the versions ("people", "of them",
 * nothing), so disagree.c's figure + word rule misses them. A toll claim is a figure joined to
 * a casualty word: right after one ("killed 67", "injuring at least 155") or followed by one
 * within S_TOLL_GAP words ("36 people died", "173 people were injured"). Two toll claims of
 * the same kind (dead / injured) disagree when their articles appeared the same day (a later
 * toll is an update, not a contradiction) or the toll is settled (one of the two sentences
 * dates the event S_SETTLED_DAYS or more before both articles: "the Aug. 7 bombings that
 * killed 224" against "the more than 250 people killed" two months on is no update), they
 * name the same places (the story's LOC names: "32 in Poland" and "62 across Europe" are
 * different counts; a sentence naming none matches any, with S_TOLL_SIM_NOPLACE), their
 * sentences share some words (Dice >= S_TOLL_SIM) and the figures cannot both hold once
 * hedges are read. A toll also reads "the death toll rose to 156" / "put the toll at 50".
 * Sentences that tell an older figure ("earlier", "previously") or name another year are
 * left out. */
#define S_TOLL_GAP 3      /* words between a figure and the casualty word after it at most */
#define S_TOLL_SIM 0.1    /* content-word Dice two toll sentences need */
#define S_TOLL_SIM_NOPLACE 0.15 /* ... when one of them names no place */
#define S_SETTLED_DAYS 7  /* an event this many days old has a settled toll */
#define S_TOLL_RATIO 2.5  /* tolls further apart count different scopes (one embassy / both) */
#define S_TOLL_WORD_GAP 6 /* words between "toll" and its figure at most ("toll from Babs rose to") */
#define S_TOLL_ASIDE 8    /* words of a comma-delimited aside skipped between a toll's figure and its verb */
#define S_SOURCED_RATIO 10.0 /* two sources' estimates may lie this far apart ("50" / "200") */
#define S_SOURCED_SIM 0.15   /* content-word Dice of the two sentences with the ones before them */
#define S_TOLL_OPLACES 4     /* places the story does not name kept per toll sentence */

/* Who gives a figure: a source word before the figure in a sentence with a saying verb. */
static const char *const S_sources[] = {"government", "officials", "official", "police", "activists", "rights",
                                        "authorities", "army", "military", "rebels", "witnesses", "hospital",
                                        "ministry", "agency", "organizers", "residents", "opposition", "media",
                                        "newspaper", "unions", "diplomats", "doctors", "groups", "group",
                                        "church", "red", "nations", "un"};
static const char *const S_say[] = {"say", "says", "said", "claim", "claims", "claimed", "put", "puts", "estimate",
                                    "estimates", "estimated", "report", "reported", "according", "counted", "insist",
                                    "insisted", "maintain", "maintained"};

static const char *const S_dead_w[] = {"killed", "killing", "kills", "died", "dead", "perished", "deaths", "lives"};
static const char *const S_hurt_w[] = {"injured", "injuring", "wounded", "wounding", "hurt", "injuries"};
static const char *const S_retro[] = {"earlier", "previous", "previously", "initially", "originally", "formerly"};
/* a toll told as a running count ("the death toll rose to 156", "so far"): a later article's
 * other figure is an update, not a contradiction */
static const char *const S_update[] = {"rose", "risen", "rising", "climbed", "climbing", "increased", "jumped",
                                       "reached", "far", "now", "latest", "mounted", "mounting", "swelled"};
static const char *const S_toll_before[] = {"killed", "killing", "kills", "injuring", "injured", "wounding", "wounded", "claimed"};
/* "in the northern Caribbean", "throughout the Caribbean", "in Haiti": where a toll was counted */
static const char *const S_place_preps[] = {"in", "across", "throughout"};
static const char *const S_place_adjs[] = {"the", "northern", "southern", "eastern", "western", "central"};

typedef struct S_toll {
    size_t doc;
    sl_span span;
    uint8_t cls;             /* 1 dead, 2 injured */
    uint8_t hedge;
    double figure;
    uint64_t places;         /* LOC names of the sentence, as bits of N */
    uint64_t oplace[S_TOLL_OPLACES]; /* other places: capitalized words after "in", "across", "throughout" */
    uint8_t nop;
    long event_day;          /* earliest day-precise date in the sentence (days), -1 if none */
    bool update;             /* told as a running count (S_update) */
    bool backref;            /* told of a past event: "the crash, which killed 230 people" */
    uint64_t source;         /* who gives the figure ("government", "activists"), 0 if untold */
    uint8_t nctx;
    uint64_t ctx[2 * S_CLAIM_W]; /* content words of the sentence and the one before, sorted */
    char value[48];
    uint8_t ncw;
    uint64_t cw[S_CLAIM_W];
} S_toll;

static uint8_t S_toll_class(uint64_t h)
{
    if (S_in(h, S_dead_w, SL_ARRAY_LEN(S_dead_w))) return 1;
    if (S_in(h, S_hurt_w, SL_ARRAY_LEN(S_hurt_w))) return 2;
    return 0;
}

/* Lower-case text of word w into buf (for the hedge reader). */
static void S_word_text(const char *t, const S_word *w, char *buf, size_t cap)
{
    size_t n = 0;
    for (uint32_t i = w->start; i < w->end && n + 1 < cap; i++) buf[n++] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
    buf[n] = 0;
}

size_t sl_summary_stem_len(const char *low, size_t n)
{
    if (n > 5 && !memcmp(low + n - 3, "ing", 3)) return n - 3;
    if (n > 4 && !memcmp(low + n - 2, "ed", 2)) return n - 2;
    if (n > 4 && !memcmp(low + n - 2, "es", 2)) return n - 2;
    if (n > 3 && low[n - 1] == 's' && low[n - 2] != 's') return n - 1;
    return n;
}

/* Hash of a word after sl_summary_stem_len's suffix cut. */
static uint64_t S_stem_hash(const char *t, const S_word *w)
{
    char b[64];
    S_word_text(t, w, b, sizeof b);
    return S_hw(b, sl_summary_stem_len(b, strlen(b)));
}

/* Days since 1970-01-01 of an ISO date's "YYYY-MM-DD" prefix, -1 if it has none. */
static long S_days(const char *iso)
{
    if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(iso[i] >= '0' && iso[i] <= '9')) return -1;
    long y = strtol(iso, NULL, 10), m = strtol(iso + 5, NULL, 10), dd = strtol(iso + 8, NULL, 10);
    if (m < 1 || m > 12 || dd < 1 || dd > 31) return -1;
    return sl_days_from_civil((int)y, (int)m, (int)dd);
}

/* Steps *s to the next sentence of d, from *s on, that a claim can come from (a valid span
 * of a summary sentence's length), with its trimmed span and its words in the S_word vector
 * `vecp`. False at the end of the document or on an error (then *st says which). */
static bool S_claim_sentence(const sl_sum_doc *d, size_t *s, sl_span *sp, void *vecp, sl_status *st)
{
    SL_VEC(S_word) *w = vecp;
    for (; *st == SL_OK && *s < d->nsents; (*s)++) {
        if (d->sents[*s].end > d->text_len || d->sents[*s].start > d->sents[*s].end) {
            *st = SL_EINVAL;
            return false;
        }
        *sp = sl_summary_trim(d->text, d->sents[*s]);
        size_t nw = sl_summary_words(d->text, *sp);
        if (nw < SL_SUM_MIN_SENT_WORDS || nw > SL_SUM_MAX_SENT_WORDS) continue;
        w->n = 0;
        return (*st = S_words(d->text, sp->start, sp->end, w)) == SL_OK;
    }
    return false;
}

static sl_status S_doc_tolls(const S_names *N, const sl_sum_doc *d, const sl_dis_doc *x, size_t di, void *outp)
{
    SL_VEC(S_toll) *out = outp;
    SL_VEC(S_word) w = {0};
    sl_status st = SL_OK;
    sl_span sp;
    for (size_t s = 0; S_claim_sentence(d, &s, &sp, &w, &st); s++) {
        uint64_t places = 0, oplace[S_TOLL_OPLACES];
        uint8_t nop = 0;
        for (size_t i = 0; i < w.n; i++) {
            int named = -1; /* type of the story name w[i] belongs to */
            for (size_t k = 0; w.v[i].cap && k < N->n; k++)
                if (S_has_word(N->w[k], w.v[i].h)) {
                    if (named < 0 || N->v[k].type == SL_LOC) named = N->v[k].type;
                    if (N->v[k].type == SL_LOC) places |= 1ull << k;
                }
            /* a region after "in" / "across" / "throughout" (an article, a direction between):
             * a story name that is no country or town (MISC: "in the northern Caribbean"), or
             * an unnamed one after "throughout" / "across"; a toll there and one "in Haiti"
             * count different areas */
            if (!w.v[i].cap || i == 0 || nop == S_TOLL_OPLACES || (named >= 0 && named != SL_MISC)) continue;
            size_t j = i;
            while (j > 0 && j + 3 > i && S_in(w.v[j - 1].h, S_place_adjs, SL_ARRAY_LEN(S_place_adjs))) j--;
            if (j == 0 || !S_in(w.v[j - 1].h, S_place_preps, SL_ARRAY_LEN(S_place_preps))) continue;
            if (named == SL_MISC || w.v[j - 1].h != S_hw("in", 2)) oplace[nop++] = w.v[i].h;
        }
        /* a figure told as an older one ("police earlier had reported 65 dead") or about
         * another year ("in 1978, 20 people died") is not the story's current toll */
        bool retro = false;
        for (size_t i = 0; i < w.n && !retro; i++) {
            retro = S_in(w.v[i].h, S_retro, SL_ARRAY_LEN(S_retro));
            const char *t = d->text + w.v[i].start;
            if (w.v[i].end - w.v[i].start == 4 && (t[0] == '1' || t[0] == '2') && t[1] >= '0' && t[1] <= '9' &&
                t[2] >= '0' && t[2] <= '9' && t[3] >= '0' && t[3] <= '9')
                retro = !(d->published && !strncmp(d->published, t, 4));
        }
        if (retro) continue;
        bool update = false;
        for (size_t i = 0; i < w.n && !update; i++) update = S_in(w.v[i].h, S_update, SL_ARRAY_LEN(S_update));
        long event_day = -1;
        for (size_t k = 0; x && k < x->ndates; k++) {
            const sl_date *dt = &x->dates[k];
            if (dt->span.start < sp.start || dt->span.end > sp.end || dt->gran != SL_GRAN_DAY) continue;
            long dd = S_days(dt->value);
            if (dd >= 0 && (event_day < 0 || dd < event_day)) event_day = dd;
        }
        size_t before = out->n;
        for (size_t i = 0; i < w.n; i++) {
            const char *t = d->text + w.v[i].start;
            size_t len = w.v[i].end - w.v[i].start, dig = 0;
            while (dig < len && ((t[dig] >= '0' && t[dig] <= '9') || t[dig] == ',')) dig++;
            if (!len || dig != len || !(t[0] >= '1' && t[0] <= '9')) continue;
            /* the words split "200,000" at its comma: the figure runs over ",ddd" groups, and a
             * group is no figure of its own */
            if (w.v[i].start >= 2 && (t[-1] == ',' || t[-1] == '.') && t[-2] >= '0' && t[-2] <= '9') continue;
            uint32_t fe = w.v[i].end;
            while (fe + 1 < sp.end && (d->text[fe] == ',' || d->text[fe] == '.') && d->text[fe + 1] >= '0' &&
                   d->text[fe + 1] <= '9') {
                fe++;
                while (fe < sp.end && d->text[fe] >= '0' && d->text[fe] <= '9') fe++;
            }
            size_t inext = i + 1;
            while (inext < w.n && w.v[inext].start < fe) inext++;
            char num[24];
            size_t nl = 0;
            for (uint32_t k = w.v[i].start; k < fe && nl + 1 < sizeof num; k++) if (d->text[k] != ',') num[nl++] = d->text[k];
            num[nl] = 0;
            double v = strtod(num, NULL);
            if (nl == 4 && v >= 1900 && v <= 2100) continue; /* a year */
            if (fe < sp.end && (d->text[fe] == '%' || d->text[fe] == '-')) continue;
            /* hedge words right before the figure, then the casualty word before them */
            char p2[32] = "", p1[32] = "";
            if (i >= 1) S_word_text(d->text, &w.v[i - 1], p1, sizeof p1);
            if (i >= 2) S_word_text(d->text, &w.v[i - 2], p2, sizeof p2);
            int hedge = sl_figure_hedge(p2, p1);
            size_t hw = hedge ? (!strcmp(p1, "as") ? 3 : !strcmp(p1, "least") || !strcmp(p1, "than") || !strcmp(p1, "to") ? 2 : 1) : 0;
            if (!hedge && !strcmp(p1, "all")) hw = 1; /* "killing all 229 people aboard" */
            if (hw > i) hw = i;
            uint8_t cls = 0;
            bool backref = false;
            size_t from = i - hw;
            if (i >= hw + 1 && S_in(w.v[i - hw - 1].h, S_toll_before, SL_ARRAY_LEN(S_toll_before))) {
                cls = S_toll_class(w.v[i - hw - 1].h);
                if (w.v[i - hw - 1].h == S_hw("claimed", 7)) cls = 0; /* "claimed 20 more lives": a difference */
                from = i - hw - 1;
                backref = from >= 1 && (w.v[from - 1].h == S_hw("which", 5) || w.v[from - 1].h == S_hw("that", 4));
            }
            size_t gap_end = inext + S_TOLL_GAP;
            for (size_t j = inext; !cls && j < w.n && j <= gap_end; j++) {
                /* an aside between commas right after the counted word ("248 people, including
                 * a dozen Americans, were killed") does not count in the gap */
                if (j <= inext + 1 && j > inext && memchr(d->text + w.v[j - 1].end, ',', w.v[j].start - w.v[j - 1].end)) {
                    size_t k = j;
                    while (k + 1 < w.n && k < j + S_TOLL_ASIDE &&
                           !memchr(d->text + w.v[k].end, ',', w.v[k + 1].start - w.v[k].end))
                        k++;
                    if (k + 1 < w.n && k < j + S_TOLL_ASIDE) {
                        j = k + 1;
                        gap_end = j + S_TOLL_GAP - 1;
                    }
                }
                char wj[32];
                S_word_text(d->text, &w.v[j], wj, sizeof wj);
                if ((wj[0] >= '0' && wj[0] <= '9') || !strcmp(wj, "of") || !strcmp(wj, "more") || !strcmp(wj, "percent") ||
                    !strcmp(wj, "than") || !strcmp(wj, "years") || !strcmp(wj, "and"))
                    break;
                cls = S_toll_class(w.v[j].h);
                if (cls == 1 && (w.v[j].h == S_hw("deaths", 6) || w.v[j].h == S_hw("lives", 5)) && j > inext) cls = 0;
            }
            /* "the death toll from Babs rose to 156", "put the death toll at 50" */
            for (size_t j = i; !cls && j-- > 0 && i - j <= S_TOLL_WORD_GAP + 1;) {
                if (w.v[j].h != S_hw("toll", 4)) continue;
                /* "the toll of 1978's fire", "the toll in Romania and 12 ..." stay out */
                bool ok = true;
                for (size_t k = j + 1; k < i && ok; k++) {
                    char wk[32];
                    S_word_text(d->text, &w.v[k], wk, sizeof wk);
                    ok = strcmp(wk, "and") && strcmp(wk, "of") && !(wk[0] >= '0' && wk[0] <= '9');
                }
                if (ok) cls = 1;
            }
            if (!cls) continue;
            S_toll tl;
            memset(&tl, 0, sizeof tl);
            tl.doc = di;
            tl.span = sp;
            tl.cls = cls;
            tl.hedge = (uint8_t)hedge;
            tl.figure = v;
            tl.places = places;
            memcpy(tl.oplace, oplace, nop * sizeof *oplace);
            tl.nop = nop;
            tl.event_day = event_day;
            tl.update = update;
            tl.backref = backref;
            /* a named source before the figure, with a saying verb in the sentence */
            bool says = false;
            for (size_t k = 0; k < w.n && !says; k++) says = S_in(w.v[k].h, S_say, SL_ARRAY_LEN(S_say));
            for (size_t k = 0; says && k < i && !tl.source; k++)
                if (S_in(w.v[k].h, S_sources, SL_ARRAY_LEN(S_sources))) tl.source = w.v[k].h;
            if (tl.source) {
                for (size_t k = 0; k < w.n && tl.nctx < SL_ARRAY_LEN(tl.ctx); k++)
                    if (!S_in(w.v[k].h, S_stop, SL_ARRAY_LEN(S_stop))) tl.ctx[tl.nctx++] = S_stem_hash(d->text, &w.v[k]);
                if (s > 0) {
                    SL_VEC(S_word) pw = {0};
                    sl_span ps = d->sents[s - 1];
                    if (ps.end <= d->text_len && ps.start <= ps.end && S_words(d->text, ps.start, ps.end, &pw) == SL_OK)
                        for (size_t k = 0; k < pw.n && tl.nctx < SL_ARRAY_LEN(tl.ctx); k++)
                            if (!S_in(pw.v[k].h, S_stop, SL_ARRAY_LEN(S_stop))) tl.ctx[tl.nctx++] = S_stem_hash(d->text, &pw.v[k]);
                    sl_vec_free(&pw);
                }
                qsort(tl.ctx, tl.nctx, sizeof tl.ctx[0], S_cmp_u64);
                size_t u = 0;
                for (size_t k = 0; k < tl.nctx; k++)
                    if (!u || tl.ctx[u - 1] != tl.ctx[k]) tl.ctx[u++] = tl.ctx[k];
                tl.nctx = (uint8_t)u;
            }
            S_value(d->text, w.v[i - hw].start, fe, tl.value, sizeof tl.value);
            (void)from;
            for (size_t k = 0; k < w.n && tl.ncw < S_CLAIM_W; k++)
                if (!S_in(w.v[k].h, S_stop, SL_ARRAY_LEN(S_stop))) tl.cw[tl.ncw++] = S_stem_hash(d->text, &w.v[k]);
            qsort(tl.cw, tl.ncw, sizeof tl.cw[0], S_cmp_u64);
            if (out->n >= S_MAX_CLAIMS) { st = SL_ELIMIT; break; }
            if (!sl_vec_push(out, tl)) { st = SL_ENOMEM; break; }
        }
        /* a sentence with two tolls of one kind ("60 dead ... 65 dead earlier") cannot say
         * which is its claim: both are left out */
        for (size_t a = before; a < out->n; a++)
            for (size_t b = a + 1; b < out->n; b++)
                if (out->v[a].cls == out->v[b].cls && out->v[a].figure != out->v[b].figure) out->v[a].cls = out->v[b].cls = 0;
    }
    sl_vec_free(&w);
    return st;
}

static bool S_same_day(const sl_sum_doc *a, const sl_sum_doc *b)
{
    if (!a->published || !b->published || strlen(a->published) < 10 || strlen(b->published) < 10) return true;
    return !memcmp(a->published, b->published, 10);
}

/* Both articles appeared S_SETTLED_DAYS or more after the event one of the claims dates. */
static bool S_settled(const sl_sum_doc *docs, const S_toll *x, const S_toll *y)
{
    long ev = x->event_day >= 0 && (y->event_day < 0 || x->event_day < y->event_day) ? x->event_day : y->event_day;
    long da = S_days(docs[x->doc].published), db = S_days(docs[y->doc].published);
    return ev >= 0 && da >= 0 && db >= 0 && da - ev >= S_SETTLED_DAYS && db - ev >= S_SETTLED_DAYS;
}

/* A toll told of a past event ("the crash, which killed 230 people") in an article
 * S_SETTLED_DAYS or more from the other one, neither telling a running count: the two
 * figures are meant as the final ones. */
static bool S_backref_settled(const sl_sum_doc *docs, const S_toll *x, const S_toll *y)
{
    long da = S_days(docs[x->doc].published), db = S_days(docs[y->doc].published);
    return (x->backref || y->backref) && !x->update && !y->update && da >= 0 && db >= 0 &&
           (da > db ? da - db : db - da) >= S_SETTLED_DAYS;
}

/* Two named sources giving their own estimates of one toll ("A government report put the
 * death toll at 50." / "Human rights activists claim at least 200 people were killed."): a
 * standing disagreement whatever the articles' days, even inside one article. The two
 * sentences are often too short to share words, so the sentence before each counts too. */
static bool S_sourced_conflict(const S_toll *x, const S_toll *y)
{
    if (!x->source || !y->source || x->source == y->source || (x->doc == y->doc && x->span.start == y->span.start))
        return false;
    double lo = SL_MIN(x->figure, y->figure), hi = SL_MAX(x->figure, y->figure);
    return lo > 0 && hi <= S_SOURCED_RATIO * lo && !sl_figures_compatible(x->figure, x->hedge, y->figure, y->hedge) &&
           S_dice(x->ctx, x->nctx, y->ctx, y->nctx) >= S_SOURCED_SIM;
}

/* Do two toll sentences count different areas? Story places (LOC) are compared in
 * S_toll_conflict; here a sentence naming only a region ("in the northern Caribbean",
 * "throughout the Caribbean") against one naming a story place ("in Haiti") and not that
 * region: a whole and its part, not two versions of one count. */
static bool S_other_scope(const S_toll *x, const S_toll *y)
{
    /* r names only a region; o names a story place and not that region */
    const S_toll *r = !x->places && x->nop ? x : !y->places && y->nop ? y : NULL;
    const S_toll *o = r == x ? y : x;
    if (!r || !o->places) return false;
    for (size_t a = 0; a < r->nop; a++)
        for (size_t b = 0; b < o->nop; b++)
            if (r->oplace[a] == o->oplace[b]) return false;
    return true;
}

static bool S_toll_conflict(const sl_sum_doc *docs, const S_toll *x, const S_toll *y)
{
    if (!x->cls || x->cls != y->cls) return false;
    bool noplace = !x->places || !y->places;
    if (x->places != y->places && !noplace) return false;
    if (S_other_scope(x, y)) return false;
    if (S_sourced_conflict(x, y)) return true;
    if (x->doc == y->doc) return false;
    double lo = SL_MIN(x->figure, y->figure), hi = SL_MAX(x->figure, y->figure);
    if (lo <= 0 || hi > S_TOLL_RATIO * lo) return false;
    /* on different days one figure may be the later count: a contradiction only when neither
     * sentence tells its figure as a running count, or the toll is settled */
    return (S_same_day(&docs[x->doc], &docs[y->doc]) || S_settled(docs, x, y) || S_backref_settled(docs, x, y)) &&
           !sl_figures_compatible(x->figure, x->hedge, y->figure, y->hedge) &&
           S_dice(x->cw, x->ncw, y->cw, y->ncw) >= (noplace ? S_TOLL_SIM_NOPLACE : S_TOLL_SIM);
}

static sl_status S_tolls(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n, const bool *skip, const S_names *N,
                         void *outp)
{
    SL_VEC(sl_dis) *out = outp;
    SL_VEC(S_toll) v = {0};
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < n; i++)
        if (!skip[i]) st = S_doc_tolls(N, &docs[i], extra ? &extra[i] : NULL, i, &v);
    bool *used = calloc(v.n ? v.n : 1, sizeof *used);
    if (!used) st = SL_ENOMEM;
    for (size_t a = 0; st == SL_OK && a < v.n; a++) {
        if (used[a] || !v.v[a].cls) continue;
        /* the claims that conflict with a, and those conflicting with them, one group */
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_NUMBER;
        snprintf(g.what, sizeof g.what, "%s", v.v[a].cls == 1 ? "dead" : "injured");
        size_t mem[SL_DISAGREE_MAX_SIDES], nm = 0;
        mem[nm++] = a;
        for (size_t k = 0; k < nm; k++)
            for (size_t b = 0; b < v.n && nm < SL_DISAGREE_MAX_SIDES; b++) {
                if (used[b] || b == mem[k]) continue;
                bool in = false;
                for (size_t m = 0; m < nm && !in; m++) in = mem[m] == b;
                if (!in && S_toll_conflict(docs, &v.v[mem[k]], &v.v[b])) mem[nm++] = b;
            }
        if (nm < 2) continue;
        for (size_t k = 0; k < nm; k++) {
            const S_toll *t = &v.v[mem[k]];
            used[mem[k]] = true;
            bool dup = false;
            for (size_t s2 = 0; s2 < g.nsides && !dup; s2++)
                dup = g.sides[s2].doc == t->doc && g.sides[s2].figure == t->figure && g.sides[s2].hedge == t->hedge;
            if (dup) continue;
            sl_dis_side *sd = &g.sides[g.nsides++];
            sd->doc = t->doc;
            sd->span = t->span;
            sd->figure = t->figure;
            sd->hedge = t->hedge;
            snprintf(sd->value, sizeof sd->value, "%s", t->value);
        }
        if (g.nsides >= 2 && !sl_vec_push(out, g)) st = SL_ENOMEM;
    }
    free(used);
    sl_vec_free(&v);
    return st;
}

static const char *S_speaker_at(const sl_dis_doc *x, sl_span sp);

/* ---- a plan against a refusal ------------------------------------------------------------- */

/* News often tells a plan ("the team will investigate", "plans to visit Kosovo") in one
 * article and its refusal in another ("Belgrade refused to allow investigators to probe ...",
 * "would not allow Arbour ... to carry out investigations"). The event is rarely named by one
 * fixed word, so "the same event" is read from what the two sentences share: a story name
 * (the speaker's own left out) and a content word of 7+ letters that is no name and no common
 * news word (compared on its first 7 letters: "investigate" / "investigations"). The plan is
 * a certain or planned cue right before a verb ("will", "plans to", "is scheduled to"), in a
 * sentence without any negation; the refusal a cue of S_refusal. A refusal in the passive
 * ("the deal, which was rejected by the Justice Department") bars what stands before it, so
 * that is what must meet the plan (blind set 3 paired such a rejection with an unrelated
 * "will establish the ground rules" through the agent named after the cue). */
#define S_KEY_LEN   7   /* letters a shared content word needs, and compares */
#define S_MAX_KEYS  24  /* content words kept per sentence */

typedef struct S_keys {
    uint64_t who;            /* story names */
    uint64_t key[S_MAX_KEYS];
    size_t nkey;
} S_keys;

typedef struct S_plan {
    size_t doc;
    sl_span span;
    const char *speaker;
    uint8_t mod;             /* SL_MOD_CERTAIN (plan) or SL_MOD_NEGATIVE (refusal) */
    bool passive;            /* a refusal told in the passive ("which was rejected by") */
    char value[48];          /* the cue as written */
    S_keys pre, post;        /* names and content words before and after the cue */
} S_plan;

static const char *const S_plan_cues[][3] = {
    {"will", NULL, NULL}, {"plans", "to", NULL}, {"plan", "to", NULL}, {"planned", "to", NULL},
    {"intends", "to", NULL}, {"is", "scheduled", "to"}, {"are", "scheduled", "to"}, {"is", "set", "to"},
    {"are", "set", "to"}, {"is", "to", NULL}, {"are", "to", NULL}, {"agreed", "to", NULL}};
static const char *const S_refusal[][3] = {
    {"refused", NULL, NULL}, {"refuses", NULL, NULL}, {"refusing", NULL, NULL}, {"would", "not", "allow"},
    {"will", "not", "allow"}, {"won't", "allow", NULL}, {"not", "allowed", NULL}, {"barred", NULL, NULL},
    {"banned", NULL, NULL}, {"called", "off", NULL}, {"cancelled", NULL, NULL}, {"canceled", NULL, NULL},
    {"rejected", NULL, NULL}, {"blocked", NULL, NULL}};
/* a refusal cue right after one of these is passive: "the deal, which was rejected by the
 * Justice Department" bars the deal (the words before), not the Justice Department */
static const char *const S_passive_aux[] = {"was", "were", "been", "be", "being", "is", "are"};
#define S_PASSIVE_OBJ 12 /* words before a passive refusal read as what it bars */
static const char *const S_negations[] = {"not", "no", "never", "won't", "didn't", "don't", "doesn't", "cannot",
                                          "can't", "wouldn't", "refused", "refuses", "refusing", "denied",
                                          "rejected"};
static const char *const S_talk[] = {"say", "comment", "confirm", "discuss", "disclose", "elaborate", "answer",
                                     "give", "identify", "name", "speak", "talk", "reveal", "specify", "respond"};
/* content words too common in news to say two sentences are about one event */
static const char *const S_common[] = {"officials", "official", "government", "president", "minister", "ministers",
                                       "spokesman", "statement", "according", "including", "country", "countries",
                                       "because", "against", "between", "another", "without", "reported", "however",
                                       "although", "several", "through", "political", "national", "international",
                                       "yesterday", "morning", "evening", "million", "billion", "percent"};

/* Does a cue phrase of `list` start at word i? Returns its length in words, or 0. */
static size_t S_cue_at(const S_word *w, size_t i, size_t n, const char *const (*list)[3], size_t nl)
{
    for (size_t c = 0; c < nl; c++) {
        size_t k = 0;
        while (k < 3 && list[c][k] && i + k < n && w[i + k].h == S_hw(list[c][k], strlen(list[c][k]))) k++;
        if (k == 3 || (k < 3 && !list[c][k])) return k;
    }
    return 0;
}

/* Story names and content words of words w[a, b) (the speaker's name left out). */
static void S_keys_of(const S_names *N, const char *t, const S_word *w, size_t a, size_t b, const uint64_t spk[S_NAME_W],
                      S_keys *k)
{
    memset(k, 0, sizeof *k);
    for (size_t i = a; i < b; i++) {
        bool name = false;
        for (size_t m = 0; w[i].cap && m < N->n; m++)
            if (N->v[m].type != SL_MISC && S_has_word(N->w[m], w[i].h) && !S_share(N->w[m], spk)) {
                k->who |= 1ull << m;
                name = true;
            }
        if (name || w[i].cap || k->nkey == S_MAX_KEYS || w[i].end - w[i].start < S_KEY_LEN) continue;
        if (S_in(w[i].h, S_common, SL_ARRAY_LEN(S_common))) continue;
        char buf[64];
        S_word_text(t, &w[i], buf, sizeof buf);
        bool alpha = true;
        for (size_t c = 0; buf[c] && alpha; c++) alpha = buf[c] >= 'a' && buf[c] <= 'z';
        if (alpha) k->key[k->nkey++] = S_hw(buf, S_KEY_LEN);
    }
}

static bool S_keys_meet(const S_keys *x, const S_keys *y, bool names)
{
    if (names && (x->who & y->who)) return true;
    for (size_t a = 0; a < x->nkey; a++)
        for (size_t b = 0; b < y->nkey; b++)
            if (x->key[a] == y->key[b]) return true;
    return false;
}

static sl_status S_doc_plans(const S_names *N, const sl_sum_doc *d, const sl_dis_doc *x, size_t di, void *outp)
{
    SL_VEC(S_plan) *out = outp;
    SL_VEC(S_word) w = {0};
    sl_status st = SL_OK;
    sl_span sp;
    for (size_t s = 0; S_claim_sentence(d, &s, &sp, &w, &st); s++) {
        S_plan p;
        memset(&p, 0, sizeof p);
        bool neg = false;
        size_t cue = 0, cue_end = 0;
        for (size_t i = 0; i < w.n && !neg; i++) neg = S_in(w.v[i].h, S_negations, SL_ARRAY_LEN(S_negations));
        for (size_t i = 0; i < w.n && !p.mod; i++) {
            size_t k = S_cue_at(w.v, i, w.n, S_refusal, SL_ARRAY_LEN(S_refusal));
            /* "refused to say where ...", "refused to comment": a refusal to talk, not of the event */
            if (k && i + k + 1 < w.n && w.v[i + k].h == S_hw("to", 2) &&
                S_in(w.v[i + k + 1].h, S_talk, SL_ARRAY_LEN(S_talk)))
                k = 0;
            if (k) {
                p.mod = SL_MOD_NEGATIVE;
                cue = i;
                cue_end = i + k;
                /* "the deal, which was rejected by ...": what is refused stands before the cue */
                p.passive = i >= 1 && S_in(w.v[i - 1].h, S_passive_aux, SL_ARRAY_LEN(S_passive_aux));
                S_value(d->text, w.v[i].start, w.v[i + k - 1].end, p.value, sizeof p.value);
                continue;
            }
            k = neg ? 0 : S_cue_at(w.v, i, w.n, S_plan_cues, SL_ARRAY_LEN(S_plan_cues));
            /* a plan needs its verb right after the cue ("will investigate", not "will of the people") */
            if (k && i + k < w.n && !w.v[i + k].cap && w.v[i + k].h != S_hw("be", 2)) {
                p.mod = SL_MOD_CERTAIN;
                cue = i;
                cue_end = i + k;
                S_value(d->text, w.v[i].start, w.v[i + k].end, p.value, sizeof p.value);
            }
        }
        if (!p.mod) continue;
        p.doc = di;
        p.span = sp;
        p.speaker = S_speaker_at(x, sp);
        uint64_t spk[S_NAME_W];
        S_name_words(p.speaker, spk);
        S_keys_of(N, d->text, w.v, 0, cue, spk, &p.pre);
        if (p.passive)
            /* what a passive refusal bars is the thing named before it, not the agent after */
            S_keys_of(N, d->text, w.v, cue > S_PASSIVE_OBJ ? cue - S_PASSIVE_OBJ : 0, cue, spk, &p.post);
        else
            S_keys_of(N, d->text, w.v, cue_end, w.n, spk, &p.post);
        if (!sl_vec_push(out, p)) st = SL_ENOMEM;
    }
    sl_vec_free(&w);
    return st;
}

/* A plan x and a refusal y of it: what the refusal bars (the words after its cue) names who
 * plans (the words before the plan's cue: "investigators plan to" / "refused to allow
 * investigators") and what is planned (the words after it: "to probe alleged atrocities"). */
static bool S_plan_conflict(const S_plan *x, const S_plan *y)
{
    if (x->doc == y->doc || x->mod != SL_MOD_CERTAIN || y->mod != SL_MOD_NEGATIVE) return false;
    return S_keys_meet(&x->pre, &y->post, true) && S_keys_meet(&x->post, &y->post, false);
}

static sl_status S_plans(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n, const bool *skip,
                         const S_names *N, void *outp)
{
    SL_VEC(sl_dis) *out = outp;
    SL_VEC(S_plan) v = {0};
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < n; i++)
        if (!skip[i]) st = S_doc_plans(N, &docs[i], extra ? &extra[i] : NULL, i, &v);
    bool *used = calloc(v.n ? v.n : 1, sizeof *used);
    if (!used) st = SL_ENOMEM;
    for (size_t a = 0; st == SL_OK && a < v.n; a++) {
        if (used[a] || v.v[a].mod != SL_MOD_CERTAIN) continue;
        /* a plan and the refusals of it, one group */
        size_t mem[SL_DISAGREE_MAX_SIDES], nm = 0;
        mem[nm++] = a;
        /* a refusal may bar several plans: it is a side of each plan's group */
        for (size_t b = 0; b < v.n && nm < SL_DISAGREE_MAX_SIDES; b++)
            if (S_plan_conflict(&v.v[a], &v.v[b])) mem[nm++] = b;
        if (nm < 2) continue;
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_MODALITY;
        int wl = snprintf(g.what, sizeof g.what, "plan");
        const char *sep = ": ";
        for (size_t k = 0; k < N->n && wl > 0 && (size_t)wl < sizeof g.what; k++)
            if ((v.v[a].pre.who | v.v[a].post.who) & v.v[mem[1]].post.who & (1ull << k)) {
                wl += snprintf(g.what + wl, sizeof g.what - (size_t)wl, "%s%s", sep, N->v[k].name);
                sep = ", ";
            }
        for (size_t k = 0; k < nm; k++) {
            const S_plan *p = &v.v[mem[k]];
            used[mem[k]] = true;
            sl_dis_side *sd = &g.sides[g.nsides++];
            sd->doc = p->doc;
            sd->span = p->span;
            sd->speaker = p->speaker;
            sd->modality = p->mod;
            snprintf(sd->value, sizeof sd->value, "%s", p->value);
        }
        if (!sl_vec_push(out, g)) st = SL_ENOMEM;
    }
    free(used);
    sl_vec_free(&v);
    return st;
}

/* ---- the day of a past event ----------------------------------------------------------------- */

/* A date written right on its event tells which day a source puts it on: "the Sept. 3 crash"
 * (the date before the event's noun) or "crashed (on) Sept. 2" (after its past-tense verb).
 * Two articles that put one event word (suffixes cut: "crash" / "crashed") on different days
 * disagree when the two sentences are plainly about the same event: they share a figure (the
 * same "229" dead) or two of the story's names. Only dates written with a day number count
 * ("Sept. 2", not "Friday", whose resolution depends on the article's own date), and
 * reporting verbs ("said", "reported Sept. 2") are no event. */
#define S_EVD_MAX_FIG 8 /* figures kept per event-date claim */

typedef struct S_evdate {
    size_t doc;
    sl_span span;            /* its sentence, trimmed */
    uint64_t stem;           /* the event word, suffix cut */
    char word[24];           /* the event word as written */
    char value[24];          /* the resolved day, ISO */
    uint64_t who;            /* story names in the sentence */
    uint64_t fig[S_EVD_MAX_FIG];
    size_t nfig;
} S_evdate;

static const char *const S_report_verbs[] = {"said", "reported", "announced", "stated", "told", "added", "claimed",
                                             "confirmed", "released", "published", "quoted", "issued", "received",
                                             "started", "continued", "scheduled", "planned", "expected", "dated"};

static bool S_has_digit(const char *t, sl_span s)
{
    for (uint32_t i = s.start; i < s.end; i++)
        if (t[i] >= '0' && t[i] <= '9') return true;
    return false;
}

static sl_status S_doc_evdates(const S_names *N, const sl_sum_doc *d, const sl_dis_doc *x, size_t di, void *outp)
{
    SL_VEC(S_evdate) *out = outp;
    SL_VEC(S_word) w = {0};
    sl_status st = SL_OK;
    for (size_t k = 0; st == SL_OK && x && k < x->ndates; k++) {
        const sl_date *dt = &x->dates[k];
        if (dt->gran != SL_GRAN_DAY || strlen(dt->value) != 10 || dt->span.end > d->text_len ||
            !S_has_digit(d->text, dt->span))
            continue;
        size_t s;
        for (s = 0; s < d->nsents && !(d->sents[s].start <= dt->span.start && dt->span.end <= d->sents[s].end); s++) {}
        if (s == d->nsents) continue;
        sl_span sp = sl_summary_trim(d->text, d->sents[s]);
        size_t nw0 = sl_summary_words(d->text, sp);
        if (nw0 < SL_SUM_MIN_SENT_WORDS || nw0 > SL_SUM_MAX_SENT_WORDS) continue;
        w.n = 0;
        if ((st = S_words(d->text, sp.start, sp.end, &w)) != SL_OK) break;
        size_t after = 0, before = (size_t)-1;
        while (after < w.n && w.v[after].start < dt->span.end) after++;
        for (size_t i = 0; i < w.n && w.v[i].end <= dt->span.start; i++) before = i;
        const S_word *ev = NULL;
        /* "the Sept. 3 crash", "the Sept. 3 Swissair crash" */
        if (before != (size_t)-1 && w.v[before].h == S_hw("the", 3)) {
            size_t j = after;
            while (j < w.n && j < after + 2 && w.v[j].cap) j++;
            if (j < w.n && !w.v[j].cap && w.v[j].end - w.v[j].start >= 4) ev = &w.v[j];
        }
        /* "crashed Sept. 2", "crashed on Sept. 2" */
        if (!ev && before != (size_t)-1) {
            size_t j = before;
            if (w.v[j].h == S_hw("on", 2) && j > 0) j--;
            char b[32];
            S_word_text(d->text, &w.v[j], b, sizeof b);
            size_t bl = strlen(b);
            if (!w.v[j].cap && bl >= 5 && !strcmp(b + bl - 2, "ed") && !S_in(w.v[j].h, S_report_verbs, SL_ARRAY_LEN(S_report_verbs)))
                ev = &w.v[j];
        }
        if (!ev || S_in(ev->h, S_stop, SL_ARRAY_LEN(S_stop))) continue;
        S_evdate e;
        memset(&e, 0, sizeof e);
        e.doc = di;
        e.span = sp;
        e.stem = S_stem_hash(d->text, ev);
        S_word_text(d->text, ev, e.word, sizeof e.word);
        snprintf(e.value, sizeof e.value, "%s", dt->value);
        for (size_t i = 0; i < w.n; i++) {
            for (size_t m = 0; w.v[i].cap && m < N->n; m++)
                if (N->v[m].type != SL_MISC && S_has_word(N->w[m], w.v[i].h)) e.who |= 1ull << m;
            /* figures other than years and the date's own day number */
            const char *t = d->text + w.v[i].start;
            size_t len = w.v[i].end - w.v[i].start;
            if (w.v[i].start >= dt->span.start && w.v[i].end <= dt->span.end) continue;
            if (len < 2 || !(t[0] >= '1' && t[0] <= '9') || e.nfig == S_EVD_MAX_FIG) continue;
            bool digits = true;
            for (size_t c = 0; c < len && digits; c++) digits = (t[c] >= '0' && t[c] <= '9') || t[c] == ',';
            if (digits && !(len == 4 && (t[0] == '1' || t[0] == '2'))) e.fig[e.nfig++] = S_hw(t, len);
        }
        if (!sl_vec_push(out, e)) st = SL_ENOMEM;
    }
    sl_vec_free(&w);
    return st;
}

static bool S_evdate_conflict(const S_evdate *x, const S_evdate *y)
{
    if (x->doc == y->doc || x->stem != y->stem || !strcmp(x->value, y->value)) return false;
    bool fig = false;
    for (size_t a = 0; a < x->nfig && !fig; a++)
        for (size_t b = 0; b < y->nfig && !fig; b++) fig = x->fig[a] == y->fig[b];
    return fig || __builtin_popcountll(x->who & y->who) >= 2;
}

static sl_status S_event_dates(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n, const bool *skip,
                               const S_names *N, void *outp)
{
    SL_VEC(sl_dis) *out = outp;
    SL_VEC(S_evdate) v = {0};
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && extra && i < n; i++)
        if (!skip[i]) st = S_doc_evdates(N, &docs[i], &extra[i], i, &v);
    bool *used = calloc(v.n ? v.n : 1, sizeof *used);
    if (!used) st = SL_ENOMEM;
    for (size_t a = 0; st == SL_OK && a < v.n; a++) {
        if (used[a]) continue;
        size_t mem[SL_DISAGREE_MAX_SIDES], nm = 0;
        mem[nm++] = a;
        for (size_t k = 0; k < nm; k++)
            for (size_t b = 0; b < v.n && nm < SL_DISAGREE_MAX_SIDES; b++) {
                bool in = used[b];
                for (size_t m = 0; m < nm && !in; m++) in = mem[m] == b;
                if (!in && S_evdate_conflict(&v.v[mem[k]], &v.v[b])) mem[nm++] = b;
            }
        if (nm < 2) continue;
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_DATE;
        snprintf(g.what, sizeof g.what, "%s", v.v[a].word);
        for (size_t k = 0; k < nm; k++) {
            const S_evdate *e = &v.v[mem[k]];
            used[mem[k]] = true;
            bool dup = false;
            for (size_t s2 = 0; s2 < g.nsides && !dup; s2++)
                dup = g.sides[s2].doc == e->doc && !strcmp(g.sides[s2].value, e->value);
            if (dup) continue;
            sl_dis_side *sd = &g.sides[g.nsides++];
            sd->doc = e->doc;
            sd->span = e->span;
            sd->speaker = S_speaker_at(&extra[e->doc], e->span);
            snprintf(sd->value, sizeof sd->value, "%s", e->value);
        }
        if (g.nsides >= 2 && !sl_vec_push(out, g)) st = SL_ENOMEM;
    }
    free(used);
    sl_vec_free(&v);
    return st;
}

bool sl_dis_sides_conflict(const sl_dis *g, size_t a, size_t b)
{
    if (!g || a >= g->nsides || b >= g->nsides || a == b) return false;
    const sl_dis_side *x = &g->sides[a], *y = &g->sides[b];
    switch ((sl_dis_kind)g->kind) {
    case SL_DIS_MODALITY: return sl_modality_conflict((sl_modality)x->modality, (sl_modality)y->modality);
    case SL_DIS_DATE: return x->doc != y->doc && strcmp(x->value, y->value) != 0;
    case SL_DIS_NUMBER: return x->doc != y->doc && !sl_figures_compatible(x->figure, x->hedge, y->figure, y->hedge);
    default: return true;
    }
}

/* ---- all together ------------------------------------------------------------------------- */

/* The speaker of a span: the first quote of the article overlapping it. */
static const char *S_speaker_at(const sl_dis_doc *x, sl_span sp)
{
    for (size_t q = 0; x && q < SL_MIN(x->nquotes, SL_DISAGREE_MAX_QUOTES); q++)
        if (x->quotes[q].span.start < sp.end && sp.start < x->quotes[q].span.end) return x->quotes[q].speaker;
    return NULL;
}

static int S_cmp_dis(const void *a, const void *b, void *arg)
{
    const sl_sum_doc *docs = arg;
    const sl_dis *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    const sl_dis_side *p = &x->sides[0], *q = &y->sides[0];
    if (p->doc != q->doc || p->span.start != q->span.start)
        return S_earlier(docs, p->doc, p->span.start, q->doc, q->span.start) ? -1 : 1;
    return strcmp(x->what, y->what);
}

sl_status sl_summary_disagree(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n,
                              const sl_dis_name *names, size_t nnames, size_t max,
                              sl_dis **out, size_t *nout)
{
    if (!out || !nout) return SL_EINVAL;
    *out = NULL;
    *nout = 0;
    if ((n && !docs) || (nnames && !names) || max > SL_DISAGREE_MAX) return SL_EINVAL;
    size_t total = 0, ndup = 0;
    for (size_t i = 0; i < n; i++) { total += docs[i].nsents; ndup += docs[i].near_dup; }
    if (total > SL_SUM_MAX_SENTS) return SL_ELIMIT;
    S_lex *L = malloc(sizeof *L);
    bool *skip = calloc(n ? n : 1, sizeof *skip);
    if (!L || !skip) { free(L); free(skip); return SL_ENOMEM; }
    sl_status st = S_lex_load(L);
    S_names N = {.v = names, .n = SL_MIN(nnames, SL_DISAGREE_MAX_NAMES)};
    for (size_t k = 0; k < N.n; k++) {
        S_name_words(names[k].name, N.w[k]);
        for (size_t i = 0; i < S_NAME_W; i++) /* a word names the first (most named) name only */
            for (size_t j = 0; j < k && N.w[k][i]; j++)
                if (S_has_word(N.w[j], N.w[k][i])) N.w[k][i] = 0;
    }
    for (size_t i = 0; i < n; i++) skip[i] = (ndup < n && docs[i].near_dup) || !docs[i].text;
    S_claims claims = {0};
    SL_VEC(sl_dis) found = {0};
    for (size_t i = 0; st == SL_OK && i < n; i++)
        if (!skip[i]) st = S_doc_claims(L, &N, &docs[i], i, extra ? &extra[i] : NULL, &claims);
    if (st == SL_OK) st = S_groups(docs, L, &N, claims.v, claims.n, SL_DIS_MODALITY, &found);
    if (st == SL_OK) st = S_groups(docs, L, &N, claims.v, claims.n, SL_DIS_DATE, &found);
    /* figures */
    sl_disagreement *num = NULL;
    size_t nnum = 0;
    if (st == SL_OK) st = sl_summary_disagreements(docs, n, SL_DISAGREE_MAX, &num, &nnum);
    for (size_t k = 0; st == SL_OK && k < nnum; k++) {
        sl_dis g;
        memset(&g, 0, sizeof g);
        g.kind = SL_DIS_NUMBER;
        snprintf(g.what, sizeof g.what, "%s", num[k].what);
        const size_t dd[2] = {num[k].doc_a, num[k].doc_b};
        const sl_span sp[2] = {num[k].span_a, num[k].span_b};
        const char *val[2] = {num[k].value_a, num[k].value_b};
        for (int s = 0; s < 2; s++) {
            g.sides[s].doc = dd[s];
            g.sides[s].span = sp[s];
            g.sides[s].speaker = extra ? S_speaker_at(&extra[dd[s]], sp[s]) : NULL;
            snprintf(g.sides[s].value, sizeof g.sides[s].value, "%s", val[s]);
            g.sides[s].figure = sl_figure_value(val[s]); /* the pair was found incompatible as written */
        }
        g.nsides = 2;
        if (!sl_vec_push(&found, g)) st = SL_ENOMEM;
    }
    free(num);
    /* a pair the figure + word rule reported that a toll group holds too is shown once, in
     * the group */
    size_t before_tolls = found.n;
    if (st == SL_OK) st = S_tolls(docs, extra, n, skip, &N, &found);
    for (size_t j = 0; st == SL_OK && j < before_tolls;) {
        const sl_dis *o = &found.v[j];
        bool held = false;
        for (size_t k = before_tolls; o->kind == SL_DIS_NUMBER && k < found.n && !held; k++) {
            int in = 0;
            for (size_t a = 0; a < found.v[k].nsides; a++)
                for (int s2 = 0; s2 < 2; s2++)
                    in += found.v[k].sides[a].doc == o->sides[s2].doc && found.v[k].sides[a].span.start == o->sides[s2].span.start;
            held = in >= 2;
        }
        if (held) {
            memmove(&found.v[j], &found.v[j + 1], (found.n - j - 1) * sizeof *found.v);
            found.n--;
            before_tolls--;
        } else {
            j++;
        }
    }
    if (st == SL_OK && extra) st = S_event_dates(docs, extra, n, skip, &N, &found);
    if (st == SL_OK) st = S_plans(docs, extra, n, skip, &N, &found);
    if (st == SL_OK) {
        sl_dis *facts = NULL;
        size_t nfacts = 0;
        st = sl_summary_fact_disagreements(docs, extra, n, skip, names, nnames, &facts, &nfacts);
        for (size_t k = 0; st == SL_OK && k < nfacts; k++)
            if (!sl_vec_push(&found, facts[k])) st = SL_ENOMEM;
        free(facts);
    }
    if (st == SL_OK && extra) st = S_attributions(docs, extra, n, skip, &found);
    if (st == SL_OK && found.n) {
        qsort_r(found.v, found.n, sizeof *found.v, S_cmp_dis, (void *)docs);
        size_t k = SL_MIN(found.n, max);
        if (k) {
            *out = malloc(k * sizeof **out);
            if (!*out) st = SL_ENOMEM;
            else {
                memcpy(*out, found.v, k * sizeof **out);
                *nout = k;
            }
        }
    }
    sl_vec_free(&claims);
    sl_vec_free(&found);
    free(L);
    free(skip);
    return st;
}
