/*
 * summary.c — extractive multi-document summary of one story (the `summary` of a story in the
 * database and of `storyline summarize`).
 *
 * Method (after ICSISumm, Gillick & Favre 2009, without the ILP solver):
 *   - concepts are stemmed word bigrams (libstemmer english; a bigram made only of stopwords
 *     is no concept), weighted df^2 where df is how many articles use them; a concept needs
 *     a minimum df, starting at 4 of ~10 articles (what most articles repeat is what the story
 *     is about) and lowered while fewer concepts than budget words pass it (stories whose
 *     articles report different episodes share less);
 *   - a summary's value is the total weight of the distinct concepts it covers, so repeating
 *     a fact earns nothing: redundancy control is built into the objective (plus a guard
 *     against near-identical sentences);
 *   - sentences are chosen greedily by value gained per word, times a strong lead prior for a
 *     document's first real sentence (news puts the gist first: the lead baseline is hard to
 *     beat), until the word budget is full; the pure-gain greedy is run too, and both again
 *     from each of the S_SEEDS best first picks (partial enumeration); the best cover is kept
 *     (a closer approximation of budgeted maximum coverage than one greedy run);
 *   - a trailing attribution (", the police said Saturday.") is cut off a candidate: the
 *     words go to the claim, not to who made it (the speaker stays on the summary item, from
 *     the quotes stage, and in `show`);
 *   - candidates exclude sentences that would read badly out of context: very short or long
 *     ones, those opening with an unresolved pronoun or connective ("He", "It", "But"), quote
 *     openings and cut quotations, fragments starting in lower case; they come back only if
 *     nothing else is left;
 *   - near-duplicate articles are left out (counting them would double their concepts);
 *   - the picks are shown by article date, then position: a coherent, chronological read.
 * The constants were set on the development sets (DUC 2003, MultiLing 2011), see docs/EVAL.md.
 * Words are counted as whitespace-separated words of the shown text, as ROUGE's -l counts them,
 * so a 100-word budget is exactly ROUGE's 100-word cut.
 * Everything is deterministic: ties break on article and sentence order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <libstemmer.h>

#include "summary/summary.h"

/* Tunables, set on the development sets only; see docs/EVAL.md. */
#define S_LEAD_BONUS 10.0  /* score multiplier bonus of a document's first real sentence */
#define S_LEAD_DECAY 0.3   /* bonus(pos) = S_LEAD_BONUS / (1 + pos / S_LEAD_DECAY) */
#define S_MAX_SIM    0.6   /* word overlap (Dice) above which a sentence repeats a pick */
#define S_WEIGHT_POW 2.0   /* concept weight = df^S_WEIGHT_POW: widely shared facts dominate */
#define S_ALPHA      1.0   /* lower the df floor until >= S_ALPHA * budget concepts pass */
#define S_SEEDS      20    /* first picks tried in turn (partial enumeration), see sl_summary_select */
#define S_CUT_MIN_WORDS 8u /* an attribution is cut only if the claim left has this many words */

/* ---- small helpers -------------------------------------------------------------------- */

static bool S_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool S_wordc(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}
static bool S_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool S_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

size_t sl_summary_words(const char *text, sl_span s)
{
    size_t n = 0;
    for (uint32_t i = s.start; i < s.end; i++)
        if (!S_space((unsigned char)text[i]) && (i == s.start || S_space((unsigned char)text[i - 1]))) n++;
    return n;
}

/* A dash that ends a dateline: "_", "--", "-", or an en/em dash. Returns its byte length. */
static size_t S_dash(const char *t, uint32_t i, uint32_t end)
{
    const unsigned char *u = (const unsigned char *)t;
    if (i + 3 <= end && u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x93 || u[i + 2] == 0x94)) return 3;
    if (i + 2 <= end && t[i] == '-' && t[i + 1] == '-') return 2;
    if (t[i] == '_' || t[i] == '-') return 1;
    return 0;
}

sl_span sl_summary_trim(const char *text, sl_span s)
{
    while (s.start < s.end && S_space((unsigned char)text[s.start])) s.start++;
    while (s.end > s.start && S_space((unsigned char)text[s.end - 1])) s.end--;
    /* Dateline: an upper-case place name first ("LONDON", "NEW YORK,"), then at most a few
     * more words (", Chile", "Oct. 17", "(AP)"), then a free-standing dash. */
    uint32_t i = s.start, caps = 0;
    while (i < s.end && (S_upper((unsigned char)text[i]) || text[i] == '.' || text[i] == '\'')) { i++; caps++; }
    if (caps < 2 || (i < s.end && S_lower((unsigned char)text[i]))) return s;
    while (i < s.end && !S_space((unsigned char)text[i])) /* "LONDON," */
        if (S_wordc((unsigned char)text[i++])) return s;
    for (int words = 0; i < s.end && words < 8; words++) {
        while (i < s.end && S_space((unsigned char)text[i])) i++;
        if (i >= s.end) break;
        size_t dl = S_dash(text, i, s.end);
        if (dl && (i + dl >= s.end || S_space((unsigned char)text[i + dl]))) {
            uint32_t j = i + (uint32_t)dl;
            while (j < s.end && S_space((unsigned char)text[j])) j++;
            if (j < s.end) s.start = j;
            return s;
        }
        /* every word of a dateline starts upper-case, with a digit or "(": "(AP)", "Oct. 17" */
        unsigned char c = (unsigned char)text[i];
        if (!S_upper(c) && !(c >= '0' && c <= '9') && c != '(') return s;
        while (i < s.end && !S_space((unsigned char)text[i])) i++;
    }
    return s;
}

/* ---- compression: a trailing attribution ------------------------------------------------ */

/* Whether the word w[0..n) is one of `list` (lower-case ASCII), case-insensitively. */
static bool S_in_list(const char *const *list, size_t nlist, const char *w, size_t n)
{
    char low[16];
    if (n >= sizeof low) return false;
    for (size_t i = 0; i < n; i++) low[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    for (size_t i = 0; i < nlist; i++)
        if (strlen(list[i]) == n && !memcmp(list[i], low, n)) return true;
    return false;
}

/* Verbs that make a trailing clause an attribution (", the police said Saturday."). */
static bool S_say_verb(const char *w, size_t n)
{
    static const char *const verbs[] = {
        "said", "says", "say", "told", "announced", "reported", "added", "stated", "declared",
        "confirmed", "explained", "insisted", "warned", "noted", "argued", "claimed", "according",
    };
    return S_in_list(verbs, SL_ARRAY_LEN(verbs), w, n);
}

/* Words that open a clause that is not an attribution even with a saying verb in it
 * (", which he said was unfair."). */
static bool S_subordinator(const char *w, size_t n)
{
    static const char *const words[] = {
        "which", "who", "whom", "whose", "that", "when", "where", "while", "although", "though",
        "because", "and", "but", "as", "if", "after", "before", "since", "until", "so", "or",
        "saying", "adding", "what", "how", "not", "even",
    };
    return S_in_list(words, SL_ARRAY_LEN(words), w, n);
}

/* Words that may follow an attribution's verb (", officials said Saturday."). */
static bool S_time_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "yesterday", "tonight", "on", "last", "this", "week", "night", "morning", "afternoon",
        "evening", "earlier", "later", "reporters", "journalists", "him", "her", "them", "us",
    };
    return S_in_list(words, SL_ARRAY_LEN(words), w, n);
}

#define S_ATTR_MAX_WORDS 12u /* a trailing attribution is short: ", said John Smith, a spokesman." */

/* End of s without a trailing attribution (", officials said Saturday."), or s.end when it
 * has none: the words of the claim, not of who made it, are what a summary covers. Only an
 * unquoted sentence ending in a period is cut, at a comma outside quotes; the clause after
 * it must hold a saying verb among its first 5 words and not open with a subordinator. */
static uint32_t S_attr_cut(const char *t, sl_span s)
{
    if (s.end <= s.start || t[s.end - 1] != '.') return s.end;
    uint32_t commas[4];
    int nc = 0;
    for (uint32_t i = s.start; i < s.end; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"' || c == '`' || c == 0xE2) return s.end; /* quoted words: left whole */
        if (c == ',') {
            if (nc == 4) { memmove(commas, commas + 1, 3 * sizeof *commas); nc = 3; }
            commas[nc++] = i;
        }
    }
    for (int k = nc - 1; k >= 0; k--) {
        /* the words of the clause after this comma, up to the final period */
        uint32_t ws[S_ATTR_MAX_WORDS + 1], we[S_ATTR_MAX_WORDS + 1], n = 0;
        for (uint32_t i = commas[k] + 1; i < s.end - 1;) {
            if (!S_wordc((unsigned char)t[i])) { i++; continue; }
            uint32_t j = i;
            while (j < s.end - 1 && (S_wordc((unsigned char)t[j]) || t[j] == '.' || t[j] == '\'' || t[j] == '-')) j++;
            if (n == S_ATTR_MAX_WORDS) return s.end;
            ws[n] = i, we[n] = j, n++;
            i = j;
        }
        if (n < 1 || S_subordinator(t + ws[0], we[0] - ws[0])) return s.end;
        /* "said John Smith, a spokesman." / "according to Reuters." (a name follows) */
        if (S_say_verb(t + ws[0], we[0] - ws[0])) {
            uint32_t nx = (n > 1 && we[0] - ws[0] == 9 && t[ws[1]] == 't' && we[1] - ws[1] == 2) ? 2 : 1;
            if (n > nx && n <= 8 && S_upper((unsigned char)t[ws[nx]])) return commas[k];
            return s.end;
        }
        /* "the police said Saturday." / "he told reporters." : subject, verb, a time at most */
        for (uint32_t w = 1; w < n && w <= 6; w++) {
            if (!S_say_verb(t + ws[w], we[w] - ws[w])) continue;
            uint32_t rest = n - w - 1;
            bool timey = rest == 0;
            if (rest == 1 || rest == 2) {
                timey = true;
                for (uint32_t r = w + 1; r < n && timey; r++) timey = S_time_word(t + ws[r], we[r] - ws[r]);
            }
            if (timey) return commas[k];
            return s.end;
        }
        /* an appositive (", a spokesman for the ministry."): look at the comma before it */
        if (k == 0 || n > 6) return s.end;
    }
    return s.end;
}

/* ---- stopwords ---------------------------------------------------------------------------- */

static const char *const S_builtin_stop[] = {
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "in", "is", "it", "its", "of", "on", "or", "said", "she", "that",
    "the", "their", "they", "this", "to", "was", "were", "will", "with", "would",
};

static sl_status S_load_stop(sl_map *stop)
{
    size_t len = 0;
    const char *r = sl_resource("stopwords.txt", &len);
    bool created;
    if (!r) {
        for (size_t i = 0; i < SL_ARRAY_LEN(S_builtin_stop); i++)
            if (!sl_map_put(stop, S_builtin_stop[i], strlen(S_builtin_stop[i]), &created)) return SL_ENOMEM;
        return SL_OK;
    }
    const char *p = r, *end = r + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        const char *q = p;
        while (q < nl && !S_space((unsigned char)*q) && *q != '#') q++;
        if (q > p && *p != '#' && !sl_map_put(stop, p, (size_t)(q - p), &created)) return SL_ENOMEM;
        p = nl + 1;
    }
    return SL_OK;
}

/* Sentence openers that need the previous sentence to make sense. */
static bool S_dangling(const char *w, size_t n)
{
    static const char *const words[] = {
        "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their", "him",
        "them", "we", "i", "but", "and", "also", "however", "so", "then", "yet", "or", "that",
        "there", "such", "both", "another", "other", "still", "meanwhile", "instead", "moreover",
        "nevertheless", "furthermore", "besides", "thus", "hence", "therefore", "nor",
    };
    if (n >= 16) return false;
    char low[16];
    for (size_t i = 0; i < n; i++) low[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    for (size_t i = 0; i < SL_ARRAY_LEN(words); i++)
        if (strlen(words[i]) == n && !memcmp(words[i], low, n)) return true;
    return false;
}

/* True when the quotes of a span do not pair up: the splitter cut inside a quotation
 * (`shouted, "Death to Arabs!`), and the piece would read as a fragment. */
static bool S_unbalanced(const char *t, sl_span s)
{
    int straight = 0, open = 0;
    for (uint32_t i = s.start; i < s.end; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"') straight++;
        else if (c == '`' && i + 1 < s.end && t[i + 1] == '`') open++, i++;
        else if (c == '\'' && i + 1 < s.end && t[i + 1] == '\'') open--, i++;
        else if (c == 0xE2 && i + 2 < s.end && (unsigned char)t[i + 1] == 0x80) {
            if ((unsigned char)t[i + 2] == 0x9C) open++;
            else if ((unsigned char)t[i + 2] == 0x9D) open--;
        }
    }
    return (straight & 1) || open != 0;
}

/* ---- the model of one story ----------------------------------------------------------------- */

typedef struct S_sent {
    size_t doc, idx;          /* where it comes from */
    sl_span span;             /* trimmed, shown text */
    uint32_t words;           /* ROUGE words of span */
    uint32_t pos;             /* position among the doc's candidate sentences */
    uint32_t c0, c1;          /* its distinct concepts: cids[c0..c1) */
    uint32_t u0, u1;          /* its distinct word stems (for similarity): uids[u0..u1) */
    bool good;                /* reads well out of context */
} S_sent;

typedef struct S_concept {
    uint32_t df;              /* articles using it */
    size_t last_doc;          /* last article counted, +1 (0 = none) */
    double w;
} S_concept;

typedef struct S_model {
    SL_VEC(S_sent) sents;
    SL_VEC(uint32_t) cids;    /* concept ids per sentence */
    SL_VEC(uint32_t) uids;    /* unigram ids per sentence */
    SL_VEC(S_concept) concepts;
    sl_map cmap;              /* "stem stem" -> concept id + 1 */
    sl_map umap;              /* stem -> unigram id + 1 */
    sl_map stop;
    struct sb_stemmer *stemmer;
} S_model;

static void S_model_free(S_model *m)
{
    sl_vec_free(&m->sents);
    sl_vec_free(&m->cids);
    sl_vec_free(&m->uids);
    sl_vec_free(&m->concepts);
    sl_map_free(&m->cmap);
    sl_map_free(&m->umap);
    sl_map_free(&m->stop);
    if (m->stemmer) sb_stemmer_delete(m->stemmer);
}

/* Id for key in map (assigned in order of first sight), or -1 on OOM. */
static long S_intern(sl_map *map, const char *k, size_t n, size_t *count)
{
    bool created;
    sl_map_entry *e = sl_map_put(map, k, n, &created);
    if (!e) return -1;
    if (created) e->val = (void *)(uintptr_t)(++*count);
    return (long)((uintptr_t)e->val - 1);
}

/* Adds id to vec unless already among vec[from..). */
static bool S_push_unique(void *vecp, uint32_t from, uint32_t id)
{
    SL_VEC(uint32_t) *vec = vecp;
    for (size_t i = from; i < vec->n; i++)
        if (vec->v[i] == id) return true;
    return sl_vec_push(vec, id);
}

/* Counts concept `key` for a sentence of doc di whose concepts start at cids[c0]. */
static sl_status S_concept_add(S_model *m, const char *key, size_t kl, const sl_sum_doc *d, size_t di,
                               uint32_t c0)
{
    size_t nc = m->concepts.n;
    long cid = S_intern(&m->cmap, key, kl, &nc);
    if (cid < 0) return SL_ENOMEM;
    if ((size_t)cid == m->concepts.n) {
        S_concept z = {0};
        if (!sl_vec_push(&m->concepts, z)) return SL_ENOMEM;
    }
    S_concept *cc = &m->concepts.v[cid];
    if (!d->near_dup && cc->last_doc != di + 1) { cc->df++; cc->last_doc = di + 1; }
    return S_push_unique(&m->cids, c0, (uint32_t)cid) ? SL_OK : SL_ENOMEM;
}

/* Tokens, stems, concepts and flags of one sentence. */
static sl_status S_add_sentence(S_model *m, const sl_sum_doc *d, size_t di, size_t si, uint32_t pos)
{
    sl_span raw = d->sents[si];
    S_sent s = {0};
    s.doc = di;
    s.idx = si;
    s.span = sl_summary_trim(d->text, raw);
    uint32_t cut = S_attr_cut(d->text, s.span);
    if (cut < s.span.end && sl_summary_words(d->text, (sl_span){s.span.start, cut}) >= S_CUT_MIN_WORDS)
        s.span.end = cut;
    s.words = (uint32_t)sl_summary_words(d->text, s.span);
    s.pos = pos;
    s.c0 = s.c1 = (uint32_t)m->cids.n;
    s.u0 = s.u1 = (uint32_t)m->uids.n;

    const char *t = d->text;
    char prev[128], cur[128], key[260];
    bool pstop = true, have_prev = false, first = true;
    for (uint32_t i = s.span.start; i < s.span.end;) {
        unsigned char c = (unsigned char)t[i];
        if (!S_wordc(c)) {
            /* sentence punctuation breaks bigrams; inner apostrophes and hyphens do not */
            if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"' || c == '`') have_prev = false;
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < s.span.end && S_wordc((unsigned char)t[j])) j++;
        size_t wl = SL_MIN((size_t)(j - i), sizeof cur - 1);
        for (size_t k = 0; k < wl; k++) {
            unsigned char ch = (unsigned char)t[i + k];
            cur[k] = (char)(S_upper(ch) ? ch + 32 : ch);
        }
        cur[wl] = 0;
        if (first) {
            /* reads well alone: no quote opening, no lower-case fragment, no dangling opener */
            unsigned char c0 = (unsigned char)t[s.span.start];
            bool quote = c0 == '"' || c0 == '`' || c0 == '\'' ||
                         (c0 == 0xE2 && s.span.start + 2 < s.span.end && (unsigned char)t[s.span.start + 1] == 0x80 &&
                          ((unsigned char)t[s.span.start + 2] == 0x9C || (unsigned char)t[s.span.start + 2] == 0x98));
            s.good = !quote && !S_lower((unsigned char)t[i]) && !S_dangling(t + i, j - i);
            first = false;
        }
        bool isstop = sl_map_get(&m->stop, cur, wl) != NULL;
        const char *stem = cur;
        size_t sl = wl;
        if (wl > 2 && !isstop) {
            const sb_symbol *st = sb_stemmer_stem(m->stemmer, (const sb_symbol *)cur, (int)wl);
            if (!st) return SL_ENOMEM;
            stem = (const char *)st;
            sl = (size_t)sb_stemmer_length(m->stemmer);
            if (sl >= sizeof cur) sl = sizeof cur - 1;
        }
        char stemc[128];
        memcpy(stemc, stem, sl);
        stemc[sl] = 0;
        if (!isstop) {
            size_t nu = m->umap.n;
            long uid = S_intern(&m->umap, stemc, sl, &nu);
            if (uid < 0 || !S_push_unique(&m->uids, s.u0, (uint32_t)uid)) return SL_ENOMEM;
        }
        if (have_prev && !(pstop && isstop)) {
            int kl = snprintf(key, sizeof key, "%s %s", prev, stemc);
            sl_status cs = S_concept_add(m, key, (size_t)SL_MIN(kl, (int)sizeof key - 1), d, di, s.c0);
            if (cs != SL_OK) return cs;
        }
        memcpy(prev, stemc, sl + 1);
        pstop = isstop;
        have_prev = true;
        i = j;
    }
    s.c1 = (uint32_t)m->cids.n;
    s.u1 = (uint32_t)m->uids.n;
    if (s.words < SL_SUM_MIN_SENT_WORDS || s.words > SL_SUM_MAX_SENT_WORDS) s.good = false;
    if (S_unbalanced(t, s.span)) s.good = false;
    /* a sentence that announces what follows ("... said in an editorial on Monday:") */
    if (s.span.end > s.span.start && t[s.span.end - 1] == ':') s.good = false;
    return sl_vec_push(&m->sents, s) ? SL_OK : SL_ENOMEM;
}

/* Dice overlap of the stem sets of two sentences. */
static double S_sim(const S_model *m, const S_sent *a, const S_sent *b)
{
    uint32_t na = a->u1 - a->u0, nb = b->u1 - b->u0, common = 0;
    if (!na || !nb) return 0;
    for (uint32_t i = a->u0; i < a->u1; i++)
        for (uint32_t j = b->u0; j < b->u1; j++)
            if (m->uids.v[i] == m->uids.v[j]) { common++; break; }
    return 2.0 * common / (na + nb);
}

/* One greedy run. ratio: rank by gain per word (with the lead prior) rather than raw gain.
 * only_good: consider only sentences that read well. `out` (size m->sents.n, scratch) marks
 * sentences taken or ruled out. Fills sel (indexes into m->sents), returns the covered weight. */
static double S_greedy(const S_model *m, int budget, bool ratio, bool only_good, const size_t *force,
                       size_t nforce, bool *covered, unsigned char *out, size_t *sel, size_t *nsel)
{
    size_t ns = m->sents.n;
    memset(covered, 0, m->concepts.n * sizeof *covered);
    memset(out, 0, ns);
    *nsel = 0;
    double total = 0;
    int left = budget;
    for (size_t f = 0;; f++) {
        size_t best = ns;
        double bscore = 0, bgain = 0;
        bool forced = f < nforce;
        if (forced) {
            best = force[f];
            if ((int)m->sents.v[best].words > left || out[best]) return -1; /* does not fit */
            for (uint32_t c = m->sents.v[best].c0; c < m->sents.v[best].c1; c++)
                if (!covered[m->cids.v[c]]) bgain += m->concepts.v[m->cids.v[c]].w;
        }
        for (size_t i = 0; i < ns && !forced; i++) {
            const S_sent *s = &m->sents.v[i];
            if (out[i] || (only_good && !s->good) || s->words == 0 || (int)s->words > left) continue;
            double gain = 0;
            for (uint32_t c = s->c0; c < s->c1; c++)
                if (!covered[m->cids.v[c]]) gain += m->concepts.v[m->cids.v[c]].w;
            if (gain <= 0) continue;
            double prior = 1.0 + S_LEAD_BONUS / (1.0 + s->pos / S_LEAD_DECAY);
            double score = ratio ? gain * prior / s->words : gain * prior;
            if (score > bscore) {
                best = i;
                bscore = score;
                bgain = gain;
            }
        }
        if (best == ns) break;
        const S_sent *s = &m->sents.v[best];
        out[best] = 1;
        /* a sentence that mostly repeats a pick (wire copies, rewrites) is ruled out */
        bool dup = false;
        for (size_t k = 0; k < *nsel && !dup; k++) dup = S_sim(m, s, &m->sents.v[sel[k]]) > S_MAX_SIM;
        if (dup) {
            if (forced) return -1;
            continue;
        }
        for (uint32_t c = s->c0; c < s->c1; c++) covered[m->cids.v[c]] = true;
        sel[(*nsel)++] = best;
        total += bgain;
        left -= (int)s->words;
    }
    return total;
}

static int S_cmp_pick(const void *a, const void *b, void *arg)
{
    const sl_sum_doc *docs = arg;
    const sl_sum_pick *x = a, *y = b;
    const char *dx = docs[x->doc].published, *dy = docs[y->doc].published;
    if (dx && dy) {
        int c = strcmp(dx, dy);
        if (c) return c;
    } else if (dx || dy) {
        return dx ? -1 : 1; /* dated articles first */
    }
    if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

sl_status sl_summary_select(const sl_sum_doc *docs, size_t n, int words, sl_sum_pick **picks,
                            size_t *npicks)
{
    if (!picks || !npicks) return SL_EINVAL;
    *picks = NULL;
    *npicks = 0;
    if (words < 1 || words > (int)SL_SUM_MAX_WORDS || (n && !docs)) return SL_EINVAL;
    size_t total_sents = 0, ndup = 0;
    for (size_t i = 0; i < n; i++) {
        if (docs[i].nsents && (!docs[i].sents || !docs[i].text)) return SL_EINVAL;
        for (size_t k = 0; k < docs[i].nsents; k++)
            if (docs[i].sents[k].end > docs[i].text_len || docs[i].sents[k].start > docs[i].sents[k].end)
                return SL_EINVAL;
        total_sents += docs[i].nsents;
        ndup += docs[i].near_dup;
    }
    if (total_sents > SL_SUM_MAX_SENTS) return SL_ELIMIT;
    if (total_sents == 0) return SL_OK;
    bool skip_dups = ndup < n; /* all near-duplicates: use them anyway */

    S_model m;
    memset(&m, 0, sizeof m);
    sl_map_init(&m.cmap);
    sl_map_init(&m.umap);
    sl_map_init(&m.stop);
    m.stemmer = sb_stemmer_new("english", NULL);
    sl_status st = m.stemmer ? S_load_stop(&m.stop) : SL_ENOMEM;
    size_t nreal = 0;
    for (size_t i = 0; st == SL_OK && i < n; i++) {
        if (skip_dups && docs[i].near_dup) continue;
        nreal++;
        uint32_t pos = 0;
        for (size_t k = 0; st == SL_OK && k < docs[i].nsents; k++) {
            sl_span t = sl_summary_trim(docs[i].text, docs[i].sents[k]);
            if (t.start >= t.end) continue;
            st = S_add_sentence(&m, &docs[i], i, k, pos);
            /* position counts real sentences only: a date line or a kicker is not the lead */
            if (sl_summary_words(docs[i].text, t) >= SL_SUM_MIN_SENT_WORDS) pos++;
        }
    }
    bool *covered = NULL;
    unsigned char *out = NULL;
    size_t *sel = NULL, *sel2 = NULL;
    if (st == SL_OK) {
        covered = malloc((m.concepts.n ? m.concepts.n : 1) * sizeof *covered);
        sel = malloc((m.sents.n ? m.sents.n : 1) * sizeof *sel);
        sel2 = malloc((m.sents.n ? m.sents.n : 1) * sizeof *sel2);
        out = malloc(m.sents.n ? m.sents.n : 1);
        if (!covered || !sel || !sel2 || !out) st = SL_ENOMEM;
    }
    if (st == SL_OK && m.sents.n) {
        /* Concept weights: document frequency above a floor that grows with the story. */
        /* The floor starts high (what most articles repeat is what the story is about) and
         * comes down while too few concepts pass it to fill the budget: stories whose
         * articles report different episodes share less. */
        uint32_t min_df = nreal >= 8 ? 4 : nreal >= 6 ? 3 : nreal >= 3 ? 2 : 1;
        size_t kept = 0;
        for (;;) {
            kept = 0;
            for (size_t c = 0; c < m.concepts.n; c++) kept += m.concepts.v[c].df >= min_df;
            if (min_df == 1 || (double)kept >= S_ALPHA * words) break;
            min_df--;
        }
        for (size_t c = 0; c < m.concepts.n; c++) {
            S_concept *cc = &m.concepts.v[c];
            cc->w = cc->df >= min_df ? pow((double)cc->df, S_WEIGHT_POW) : 0;
        }
        size_t nsel = 0, nsel2 = 0;
        bool any_good = false;
        for (size_t i = 0; i < m.sents.n && !any_good; i++) any_good = m.sents.v[i].good;
        size_t ns = m.sents.n;
        double a = S_greedy(&m, words, true, any_good, NULL, 0, covered, out, sel, &nsel);
        double b = S_greedy(&m, words, false, any_good, NULL, 0, covered, out, sel2, &nsel2);
        if (b > a) {
            size_t *t = sel; sel = sel2; sel2 = t;
            nsel = nsel2;
            a = b;
        }
        /* Partial enumeration: the greedy's first pick decides much of the rest, so each of the
         * S_SEEDS best sentences by themselves (lead-weighted gain per word, as the greedy ranks
         * them) is tried as the first pick, both greedies complete it, and the best coverage
         * wins. Plain coverage, not a 1-swap local search on it: swaps raised coverage but
         * drifted from the lead sentences and lost ROUGE on both dev sets (docs/EVAL.md). */
        unsigned char *seedmark = calloc(ns ? ns : 1, 1);
        if (!seedmark) { st = SL_ENOMEM; goto done; }
        for (int k = 0; k < S_SEEDS; k++) {
            size_t seed = ns;
            double sb = 0;
            for (size_t i = 0; i < ns; i++) {
                const S_sent *x = &m.sents.v[i];
                if ((any_good && !x->good) || !x->words || (int)x->words > words || seedmark[i]) continue;
                double g = 0;
                for (uint32_t c = x->c0; c < x->c1; c++) g += m.concepts.v[m.cids.v[c]].w;
                double sc = g * (1.0 + S_LEAD_BONUS / (1.0 + x->pos / S_LEAD_DECAY)) / x->words;
                if (sc > sb) { sb = sc; seed = i; }
            }
            if (seed == ns) break;
            seedmark[seed] = 1;
            for (int r = 0; r < 2; r++) {
                double v = S_greedy(&m, words, r == 0, any_good, &seed, 1, covered, out, sel2, &nsel2);
                if (v > a + 1e-9) {
                    size_t *t = sel; sel = sel2; sel2 = t;
                    nsel = nsel2;
                    a = v;
                }
            }
        }
        free(seedmark);
        if (nsel == 0) { /* nothing covers a concept: fall back to the earliest sentence that fits */
            for (size_t i = 0; i < m.sents.n; i++)
                if (m.sents.v[i].words && (int)m.sents.v[i].words <= words) { sel[nsel++] = i; break; }
        }
        if (nsel) {
            *picks = malloc(nsel * sizeof **picks);
            if (!*picks) st = SL_ENOMEM;
        }
        if (st == SL_OK) {
            /* recompute each pick's gain in selection order for the score */
            memset(covered, 0, (m.concepts.n ? m.concepts.n : 1) * sizeof *covered);
            for (size_t k = 0; k < nsel; k++) {
                const S_sent *s = &m.sents.v[sel[k]];
                double g = 0;
                for (uint32_t c = s->c0; c < s->c1; c++)
                    if (!covered[m.cids.v[c]]) { g += m.concepts.v[m.cids.v[c]].w; covered[m.cids.v[c]] = true; }
                (*picks)[k] = (sl_sum_pick){s->doc, s->idx, g, s->span};
            }
            if (nsel) qsort_r(*picks, nsel, sizeof **picks, S_cmp_pick, (void *)docs);
            *npicks = nsel;
        }
    }
done:
    free(covered);
    free(out);
    free(sel);
    free(sel2);
    S_model_free(&m);
    return st;
}
