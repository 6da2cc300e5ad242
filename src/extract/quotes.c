/*
 * quotes.c — the quotes stage: direct quotes (in quote marks) and indirect speech, each with
 * its cue ("said", "told reporters") and its speaker, linked to the speaker's entity.
 *
 * Runs after NER/alias and dates. Everything is one linear pass or a bounded window:
 *  1. Quote marks are paired per paragraph (curly marks know their side; straight marks
 *     alternate). A quote left open at the paragraph end stops there (news style lets a
 *     quote run on into the next paragraph, which opens with a new mark). Nothing is ever
 *     searched past the paragraph, so unbalanced marks and huge quotes cost linear time.
 *  2. Each direct quote looks for its cue in a window after the closing mark (`," Putin
 *     said`, `," said Putin`, `," Putin's spokesman, Dmitry Peskov, told reporters`), then
 *     before the opening mark in the same clause (`Putin wrote: "`, `X said Y "..."`).
 *     Without a cue it inherits the speaker of the previous quote in the same paragraph
 *     (continued quotes); a short one is the words of the sentence's subject when that is a
 *     name or pronoun followed by its verb, else a scare quote (dropped), as are titles.
 *     Quotes left without any speaker are not reported.
 *  3. Indirect speech: SPEAKER CUE [that] CONTENT, or CONTENT, SPEAKER CUE, or "according to
 *     X", in sentences whose cue is not already used by a direct quote. Quote fragments
 *     inside indirect content ("Peskov said the "likelihood is great" that ...") fold into it.
 *  4. Consecutive direct quotes of one speaker in one paragraph become one quote (`"X," he
 *     said. "Y."`), its span running from the first to the last.
 *  Speakers are noun phrases next to the cue: a name (a PER mention when NER gave one,
 *  otherwise the run of capitalized words), a description ("a Russian presidential aide"),
 *  or a pronoun, resolved to the last person mention before it (or the previous speaker).
 *  Cue words come from resources/cue-verbs.txt (loaded with the CAMEO tables in cameo.c).
 */
#include <stdlib.h>
#include <strings.h>

#include "extract/cameo.h"
#include "extract/facts.h"

/* Quotes shorter than this many tokens without a cue of their own are scare quotes. */
#define SL_QUOTE_MIN_TOKENS 4u
/* Longest speaker noun phrase, in tokens. */
#define SL_SPEAKER_MAX_TOKENS 8u

typedef struct {
    size_t qs, qe;     /* content tokens [qs, qe) */
    size_t para;
} S_dq;

static const char *const S_pron[] = {"he", "she", "they", "i", "we", NULL};

static size_t S_para_of(const sl_fview *v, size_t tok)
{
    return v->sent[v->tok[tok].sent < v->nsent ? v->tok[tok].sent : 0].para;
}

/* Words that may sit between a speaker and its verb ("Trump has also said"). */
static bool S_aux(const sl_fview *v, size_t i)
{
    static const char *const aux[] = {"has", "had", "have", "also", "previously", "reportedly", "later",
                                      "then", "is", "was", "were", "are", "will", "would", "repeatedly",
                                      "again", "once", "further", "publicly", "privately", "earlier",
                                      "recently", "just", "often", "never", "always", "already", "had",
                                      "did", "does", "do", "not", "has", "once", "still", "frequently",
                                      "allegedly", "separately", "flatly", "simply", "could", "can", NULL};
    return sl_fv_oneof(v, i, aux) >= 0;
}

/* Leading title words stripped from a capitalized run when a name is left after them. */
static bool S_title(const sl_fview *v, size_t i)
{
    static const char *const tw[] = {
        "president", "presidential", "aide", "secretary", "state", "of", "minister", "foreign",
        "spokesman", "spokeswoman", "spokesperson", "sen", "senator", "rep", "representative", "gov",
        "governor", "mr", "mrs", "ms", "dr", "gen", "general", "chancellor", "prime", "vice", "chief",
        "leader", "director", "ambassador", "kremlin", "press", "deputy", "defense", "interior", "former",
        "u.s.", "us", "russian", "american", "chinese", "british", "french", "german", "japanese",
        "korean", "north", "south", "israeli", "iranian", "syrian", "democratic", "republican",
        "candidate", "nominee", "speaker", "house", "white", "campaign", "manager", "chairman", "the",
        "adviser", "advisor", "attorney", "judge", "justice", "mayor", "rev", "lt", "col", "sgt", "capt",
        "special", "counsel", "top", "senior", NULL};
    return sl_fv_oneof(v, i, tw) >= 0;
}

/* Day names and other time words: "confirmed on tuesday", never a speaker. */
static bool S_timeword(const sl_fview *v, size_t i)
{
    static const char *const tw[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                     "sunday", "today", "yesterday", "tonight", "week", "month", "year",
                                     "morning", "evening", "night", "afternoon", "weekend", "january",
                                     "february", "march", "april", "june", "july", "august", "september",
                                     "october", "november", "december", "percent", NULL};
    return sl_fv_oneof(v, i, tw) >= 0;
}

/* Lower-cased input (repair may not have restored case): the case tests are off. Set per
 * document in sl_quotes; the fact stages of one document run in one thread. */
static bool lowered_doc(const sl_fview *v) { return v->lowered; }

/* The head of a speaker phrase in lower case must be a person or a body: a role noun
 * ("spokesman", "officials") or any noun after a determiner ("the statement", "a source"). */
static bool S_role_head(const sl_fview *v, size_t a, size_t b)
{
    static const char *const det[] = {"a", "an", "the", "his", "her", "their", "its", "our", "one", "another",
                                      "some", "many", "several", "two", "three", "both", "other", "most",
                                      NULL};
    static const char *const role[] = {"officials", "official", "spokesman", "spokeswoman", "spokesperson",
                                       "aide", "aides", "sources", "source", "advisers", "adviser", "experts",
                                       "analysts", "critics", "supporters", "voters", "people", "residents",
                                       "lawmakers", "democrats", "republicans", "observers", "witnesses",
                                       "police", "authorities", "organizers", "protesters", "president",
                                       "minister", "secretary", "statement", "report", "reports", "candidate",
                                       "senator", "nominee", "governor", "chairman", "chairwoman", "leader",
                                       "director", "strategist", "professor", "analyst", "member", "members",
                                       "supporter", "voter", "resident", "lawyer", "attorney", "executive",
                                       "founder", "mayor", "judge", "reporter", "writer", "author", "economist",
                                       "expert", "pollster", "historian", "scientist", "activist", "organizer",
                                       "worker", "owner", "manager", "chief", "representative", "congressman",
                                       "congresswoman", "lawmaker", "delegate", "ambassador", "staffer",
                                       "operative", "consultant", "donor", "campaign", "committee", "group",
                                       "agency", "department", "office", "company", "letter", "memo", "email",
                                       "survey", "poll", "study", "website", "newspaper", "tweet", "post",
                                       "spokespeople", "officer", "officers", "commander", "general", "aides",
                                       "fans", "students", "parents", "women", "men", "man", "woman", NULL};
    if (sl_fv_oneof(v, b, role) >= 0) return true;
    for (size_t k = a; k < b; k++)
        if (sl_fv_oneof(v, k, det) >= 0) return true;
    return false;
}

/* Capitalized run ending at token j (going back no further than lo): name words joined by
 * "of" ("Secretary of State Rex Tillerson"). Returns the first token of the run. */
static size_t S_cap_run(const sl_fview *v, size_t j, size_t lo)
{
    size_t s = j;
    while (s > lo) {
        size_t p = s - 1;
        if (v->tok[p].kind == SL_TOK_WORD && sl_fv_cap(v, p) && !sl_fv_is(v, p, "I")) { s = p; continue; }
        if (p > lo && sl_fv_is(v, p, "of") && sl_fv_cap(v, p - 1)) { s = p - 1; continue; }
        break;
    }
    return s;
}

/* The name inside a speaker phrase [a, b]: the last PER mention when NER found one,
 * else the capitalized run at the end minus leading titles. */
typedef struct {
    sl_span span;
    int32_t entity;
    bool pronoun;
} S_speaker;


/* The last mention (of a person, with per_only) overlapping s. Mentions are short and in
 * text order: the scan starts a little before s. */
static int32_t S_mention_in(const sl_doc *d, sl_span s, bool per_only)
{
    int32_t best = -1;
    for (size_t k = sl_doc_mention_lb(d, s.start > 512 ? s.start - 512 : 0); k < d->mentions.n; k++) {
        const sl_mention *m = &d->mentions.v[k];
        if (m->span.start >= s.end) break; /* mentions are in text order */
        if (m->span.end <= s.start) continue;
        if (per_only && m->type != SL_PER) continue;
        best = (int32_t)k;
    }
    return best;
}

/* Builds the speaker from phrase tokens [a, b]. */
static void S_make_speaker(const sl_doc *d, const sl_fview *v, size_t a, size_t b, S_speaker *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->entity = -1;
    if (a == b && sl_fv_oneof(v, a, S_pron) >= 0) {
        sp->pronoun = true;
        sp->span = v->tok[a].span;
        return;
    }
    sl_span whole = {v->tok[a].span.start, v->tok[b].span.end};
    int32_t m = d->mentions.n ? S_mention_in(d, whole, true) : -1;
    if (m < 0 && d->mentions.n) m = S_mention_in(d, whole, false);
    if (m >= 0) {
        sp->span = d->mentions.v[m].span;
        if (sp->span.start < whole.start) sp->span.start = whole.start;
        if (sp->span.end > whole.end) sp->span.end = whole.end;
        sp->entity = d->mentions.v[m].entity;
        return;
    }
    if (sl_fv_cap(v, b) && v->tok[b].kind == SL_TOK_WORD) {
        size_t s = S_cap_run(v, b, a);
        /* strip leading titles when two or more words stay ("Russian President Vladimir Putin") */
        while (s + 1 < b && S_title(v, s)) s++;
        if (s == b && b > a && S_title(v, s)) s = S_cap_run(v, b, a); /* only titles: keep them */
        /* a lone capitalized word at the start of a descriptive phrase is not a name */
        if (s > a && !sl_fv_cap(v, a) && s == b && S_title(v, b)) s = a;
        sp->span.start = v->tok[s].span.start;
        sp->span.end = v->tok[b].span.end;
        return;
    }
    sp->span = whole;
}

/* Speaker phrase ending right before token c (not before lo): skips auxiliaries, an
 * appositive comma ("Putin's spokesman, Dmitry Peskov, said"), and collects the noun
 * phrase backwards. False when there is none. */
static bool S_prep(const sl_fview *v, size_t x);

/* The noun phrase ending at token b (not before lo): a pronoun, or content words with inner
 * "of/for/the/a/'s" joiners. */
static bool S_np_core(const sl_doc *d, const sl_fview *v, size_t b, size_t lo, S_speaker *sp, size_t *np_start)
{
    if (v->tok[b].kind != SL_TOK_WORD) return false;
    if (sl_fv_oneof(v, b, S_pron) >= 0) {
        S_make_speaker(d, v, b, b, sp);
        *np_start = b;
        return true;
    }
    if (sl_fv_function_word(v, b) || S_timeword(v, b)) return false;
    size_t a = b;
    static const char *const inner[] = {"of", "for", "the", "a", "an", "at", "'s", NULL};
    while (a > lo && b - a + 1 < SL_SPEAKER_MAX_TOKENS) {
        size_t p = a - 1;
        if (v->tok[p].kind == SL_TOK_WORD && (!sl_fv_function_word(v, p) || sl_fv_oneof(v, p, inner) >= 0)) {
            a = p;
            /* an article opens the phrase: "a Russian presidential aide" */
            if (sl_fv_is(v, p, "a") || sl_fv_is(v, p, "an") || sl_fv_is(v, p, "the")) break;
            continue;
        }
        break;
    }
    /* never start on a joiner other than an article */
    while (a < b && sl_fv_oneof(v, a, inner) >= 0 && !sl_fv_is(v, a, "a") && !sl_fv_is(v, a, "an") &&
           !sl_fv_is(v, a, "the"))
        a++;
    if (!sl_fv_cap(v, b) && !lowered_doc(v) && !S_role_head(v, a, b)) return false;
    /* the object of a preposition ("In other words, explained X") is not a speaker */
    if (a > 0 && S_prep(v, a - 1) && !sl_fv_cap(v, b)) return false;
    S_make_speaker(d, v, a, b, sp);
    *np_start = a;
    return true;
}

/* Speaker phrase ending right before token c (not before lo): skips auxiliaries, and reads
 * an appositive: "Frank Luntz, a Republican expert, said" is Frank Luntz; "Putin's spokesman,
 * Dmitry Peskov, told" is Dmitry Peskov (the name wins over the description). */
static bool S_np_before(const sl_doc *d, const sl_fview *v, size_t c, size_t lo, S_speaker *sp, size_t *np_start)
{
    if (c <= lo) return false;
    size_t j = c;
    int skipped = 0;
    while (j > lo && (S_aux(v, j - 1) || S_timeword(v, j - 1)) && skipped < 3) j--, skipped++;
    bool appos = false;
    if (j > lo && sl_fv_punct(v, j - 1, ',')) j--, appos = true;
    if (j <= lo) return false;
    size_t b = j - 1;
    if (appos) {
        /* the opening comma of the appositive */
        size_t k = b, stop = b > lo + 16 ? b - 16 : lo;
        while (k > stop && !sl_fv_punct(v, k, ',') && v->tok[k].kind != SL_TOK_PUNCT) k--;
        if (k > lo && k < b && sl_fv_punct(v, k, ',')) {
            /* the part between the commas is a name: it is the speaker */
            bool name = sl_fv_cap(v, b) && v->tok[b].kind == SL_TOK_WORD && S_cap_run(v, b, k + 1) <= k + 2;
            S_speaker s1;
            size_t a1;
            if (!name && S_np_core(d, v, k - 1, lo, &s1, &a1) && s1.span.end > s1.span.start) {
                *sp = s1;
                *np_start = a1;
                return true;
            }
        }
    }
    return S_np_core(d, v, b, lo, sp, np_start);
}

/* Speaker phrase starting right after token c ("said Putin", "said a spokesman for X"). */
static bool S_np_after(const sl_doc *d, const sl_fview *v, size_t c, size_t hi, S_speaker *sp)
{
    size_t a = c + 1;
    if (a >= hi || v->tok[a].kind != SL_TOK_WORD) return false;
    if (sl_fv_oneof(v, a, S_pron) >= 0) { S_make_speaker(d, v, a, a, sp); return true; }
    size_t b = a;
    static const char *const inner[] = {"of", "for", "the", "a", "an", "at", "'s", NULL};
    if (sl_fv_function_word(v, a) && !sl_fv_is(v, a, "the") && !sl_fv_is(v, a, "a") && !sl_fv_is(v, a, "an"))
        return false;
    while (b + 1 < hi && b - a + 1 < SL_SPEAKER_MAX_TOKENS && v->tok[b + 1].kind == SL_TOK_WORD &&
           (!sl_fv_function_word(v, b + 1) || sl_fv_oneof(v, b + 1, inner) >= 0))
        b++;
    while (b > a && (sl_fv_oneof(v, b, inner) >= 0 || S_timeword(v, b))) b--;
    if (sl_fv_function_word(v, b) || S_timeword(v, b)) return false;
    if (!sl_fv_cap(v, b) && !lowered_doc(v) && !S_role_head(v, a, b)) return false;
    /* the name after a title: "said Russian President Vladimir Putin" — the run ends at b */
    S_make_speaker(d, v, a, b, sp);
    return true;
}

/* Pronoun -> the last person mention before it; else the previous speaker. */
static void S_resolve_pronoun(const sl_doc *d, const sl_fview *v, S_speaker *sp, int32_t prev_entity,
                              uint32_t prev_off)
{
    if (!sp->pronoun) return;
    /* the last person mention before the pronoun (measured on PolNeAR train: better than
     * preferring the previous quote's speaker); without NER, the previous speaker */
    (void)v;
    (void)prev_off;
    size_t k = sl_doc_mention_lb(d, sp->span.start);
    while (k-- > 0) {
        const sl_mention *m = &d->mentions.v[k];
        if (m->type == SL_PER && m->entity >= 0) { sp->entity = m->entity; return; }
        if (sp->span.start - m->span.start > 5000) break; /* bounded look-back */
    }
    sp->entity = prev_entity;
}

/* Words (not punctuation) in tokens [a, b). */
static size_t S_words(const sl_fview *v, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++) n += v->tok[i].kind == SL_TOK_WORD || v->tok[i].kind == SL_TOK_NUM;
    return n;
}

/* A cue match that is really a verb here: "States" in "the United States" is not. */
static bool S_cue_ok(const sl_fview *v, size_t c)
{
    size_t s = v->tok[c].sent < v->nsent ? v->sent[v->tok[c].sent].tok_first : 0;
    if (c > s && sl_fv_cap(v, c) && !sl_fv_dquote(v, c - 1)) return false;
    return true;
}

/* Passive ("it was revealed that", "is believed to"): the subject is not the speaker. */
static bool S_passive(const sl_fview *v, size_t c, size_t clen)
{
    static const char *const be[] = {"is", "was", "were", "are", "been", "be", "being", NULL};
    return clen == 1 && c > 0 && sl_fv_oneof(v, c - 1, be) >= 0;
}

/* A sentence with no commas in a long stretch is unpunctuated text (repair may not have
 * restored it). */
static bool S_unpunct(const sl_doc *d, const sl_fview *v, size_t a, size_t b)
{
    if (d->flags & SL_DOC_NOPUNCT) return true;
    if (b - a < 100) return false;
    size_t commas = 0;
    for (size_t i = a; i < b; i++) commas += sl_fv_punct(v, i, ',');
    return commas * 40 < b - a;
}

/* A short quote whose every word is capitalized is a title ("Morning Joe", "This Week"). */
static bool S_all_caps_title(const sl_fview *v, size_t a, size_t b)
{
    size_t w = 0;
    for (size_t i = a; i < b; i++) {
        if (v->tok[i].kind != SL_TOK_WORD) continue;
        w++;
        if (!sl_fv_cap(v, i) && !sl_fv_function_word(v, i)) return false;
    }
    return w > 0;
}

/* A to-infinitive or a prepositional phrase is not reported speech. */
static bool S_prep(const sl_fview *v, size_t x)
{
    static const char *const pp[] = {"to", "of", "by", "for", "about", "with", "in", "on", "at", "during",
                                     "from", "into", "after", "before", NULL};
    return sl_fv_oneof(v, x, pp) >= 0;
}

static sl_status S_add(sl_doc *d, sl_span content, sl_span cue, const S_speaker *sp, bool direct)
{
    sl_quote q;
    memset(&q, 0, sizeof q);
    q.span = content;
    q.cue = cue;
    q.speaker = sp ? sp->span : (sl_span){0, 0};
    q.entity = sp ? sp->entity : -1;
    q.direct = direct;
    return sl_vec_push(&d->quotes, q) ? SL_OK : SL_ENOMEM;
}

static sl_span S_tspan(const sl_fview *v, size_t a, size_t b_excl)
{
    sl_span s = {v->tok[a].span.start, v->tok[b_excl - 1].span.end};
    return s;
}

static bool S_endpunct(const sl_fview *v, size_t i)
{
    return sl_fv_punct(v, i, '.') || sl_fv_punct(v, i, '!') || sl_fv_punct(v, i, '?') || sl_fv_punct(v, i, ';');
}

static int S_cmp_quote(const void *a, const void *b)
{
    const sl_quote *x = a, *y = b;
    if (x->span.start != y->span.start) return x->span.start < y->span.start ? -1 : 1;
    return (x->span.end > y->span.end) - (x->span.end < y->span.end);
}

/* q continues p: both direct, in text order, in the same paragraph, with the same speaker
 * (one entity, or the same speaker words). */
static bool S_same_speaker_merge(const sl_doc *d, const sl_fview *v, const sl_quote *p, const sl_quote *q)
{
    if (!p->direct || !q->direct || p->span.end > q->span.start) return false;
    bool same = p->entity >= 0 && p->entity == q->entity;
    size_t l1 = p->speaker.end - p->speaker.start, l2 = q->speaker.end - q->speaker.start;
    if (!same && l1 && l1 == l2 && !strncasecmp(d->text + p->speaker.start, d->text + q->speaker.start, l1))
        same = true;
    if (!same) return false;
    return v->sent[sl_fv_sent_of(v, q->span.start)].para == v->sent[sl_fv_sent_of(v, p->span.start)].para;
}

sl_status sl_quotes(const sl_engine *e, sl_doc *d)
{
    if (!d->text || !d->text_len) return SL_OK;
    const struct sl_cameo *cm = e ? e->cameo : NULL;
    sl_fview v;
    sl_status st = sl_fview_init(d, &v);
    if (st != SL_OK) return st;
    v.lowered = (d->flags & SL_DOC_LOWERCASED) != 0;
    size_t N = v.ntok;
    /* 1. pair quote marks per paragraph */
    SL_VEC(S_dq) dq = {0};
    uint8_t *inq = calloc(N ? N : 1, 1); /* 1 = inside a direct quote, 2 = a quote mark */
    uint8_t *used = calloc(N ? N : 1, 1); /* cue tokens already used */
    if (!inq || !used) { st = SL_ENOMEM; goto done; }
    {
        bool open = false;
        size_t os = 0, opara = 0;
        for (size_t i = 0; i < N && st == SL_OK; i++) {
            size_t para = S_para_of(&v, i);
            if (open && para != opara) {
                if (i > os) { S_dq q = {os, i, opara}; if (!sl_vec_push(&dq, q)) st = SL_ENOMEM; }
                open = false;
            }
            if (!sl_fv_dquote(&v, i)) continue;
            size_t n;
            const char *s = sl_fv_tok(&v, i, &n);
            bool curly_open = n == 3 && (unsigned char)s[2] == 0x9C;
            bool curly_close = n == 3 && (unsigned char)s[2] == 0x9D;
            inq[i] = 2;
            if (!open && !curly_close) { open = true; os = i + 1; opara = para; continue; }
            if (open && curly_open && i == os) { os = i + 1; continue; } /* doubled opening */
            if (open) {
                if (i > os) { S_dq q = {os, i, para}; if (!sl_vec_push(&dq, q)) st = SL_ENOMEM; }
                open = false;
            }
        }
        if (open && N > os) { S_dq q = {os, N, opara}; if (!sl_vec_push(&dq, q)) st = SL_ENOMEM; }
    }
    for (size_t k = 0; k < dq.n; k++)
        for (size_t i = dq.v[k].qs; i < dq.v[k].qe; i++) if (!inq[i]) inq[i] = 1;
    if (st != SL_OK) goto done;

    /* 2. attribution of direct quotes */
    int32_t prev_entity = -1;
    uint32_t prev_off = 0;
    for (size_t k = 0; k < dq.n && st == SL_OK; k++) {
        S_dq q = dq.v[k];
        size_t close = q.qe; /* the closing mark (or paragraph end) */
        S_speaker sp;
        sl_span cue = {0, 0};
        bool found = false;
        /* after the closing mark, within the paragraph, up to the end of the clause */
        size_t hi = close + 1;
        while (hi < N && hi - close < SL_ATTR_WINDOW && S_para_of(&v, hi) == q.para && inq[hi] == 0 &&
               !(hi > close + 1 && S_endpunct(&v, hi)))
            hi++;
        /* `," Putin said`, `?" he asked`, `" Tillerson said` — but not `" and warned of ...` */
        bool after_ok = close + 1 < N && (sl_fv_punct(&v, close - 1 < q.qs ? close : close - 1, ',') ||
                                          sl_fv_punct(&v, close + 1, ',') || S_endpunct(&v, close - 1) ||
                                          (v.tok[close + 1].kind == SL_TOK_WORD &&
                                           (!sl_fv_function_word(&v, close + 1) || sl_fv_oneof(&v, close + 1, S_pron) >= 0 ||
                                            sl_fv_is(&v, close + 1, "the") || sl_fv_is(&v, close + 1, "a"))));
        if (q.qe > q.qs && after_ok) {
            for (size_t c = close + 1; c < hi && !found; c++) {
                if (inq[c]) break;
                size_t clen;
                int strong;
                if (!sl_cue_match(cm, &v, c, &clen, &strong) || !strong || !S_cue_ok(&v, c)) continue;
                /* `"...liar." Carly Fiorina said Ted Cruz "says..."`: after a full stop inside the
                 * quote, a cue is its attribution only when its clause ends right there */
                if (close > q.qs && sl_fv_punct(&v, close - 1, '.') && c + clen < N) {
                    size_t t2 = c + clen;
                    if (!(v.tok[t2].kind == SL_TOK_PUNCT || S_timeword(&v, t2) || S_prep(&v, t2))) {
                        size_t u = t2; /* "said Putin." */
                        while (u < hi && v.tok[u].kind == SL_TOK_WORD && sl_fv_cap(&v, u)) u++;
                        if (u == t2 || u >= N || !(S_endpunct(&v, u) || sl_fv_punct(&v, u, ','))) continue;
                    }
                }
                size_t npst;
                if (S_np_before(d, &v, c, close + 1 + (sl_fv_punct(&v, close + 1, ',') ? 1 : 0), &sp, &npst) ||
                    S_np_after(d, &v, c + clen - 1, hi, &sp)) {
                    found = true;
                    cue = S_tspan(&v, c, c + clen);
                    for (size_t u = c; u < c + clen; u++) used[u] = 1;
                }
            }
        }
        /* before the opening mark: `Putin wrote: "...` or `Trump said, "...` */
        if (!found && q.qs >= 2) {
            size_t open = q.qs - 1, lo = open;
            size_t sidx = v.tok[open].sent;
            /* `Dr. Ward stated:` closing the paragraph before a quote that fills the next
             * (measured on PolNeAR train: direct F1 80.93 -> 81.10) */
            if (sl_fv_punct(&v, open - 1, ':')) sidx = v.tok[open - 1].sent;
            size_t sstart = v.sent[sidx].tok_first;
            while (lo > sstart && open - lo < SL_ATTR_WINDOW && !inq[lo - 1]) lo--;
            for (size_t c = open; c-- > lo && !found;) {
                size_t clen;
                int strong;
                if (!sl_cue_match(cm, &v, c, &clen, &strong) || !strong || !S_cue_ok(&v, c)) continue;
                /* any strong cue of the clause before the quote ("Carly Fiorina said Ted Cruz
                 * "says whatever..."", measured on PolNeAR train: better than requiring "said:") */
                size_t npst;
                size_t cw;
                const char *cs = sl_fv_tok(&v, c, &cw);
                bool addressee = sl_fv_is(&v, c, "told") || sl_fv_is(&v, c, "tell") || sl_fv_is(&v, c, "tells") ||
                                 sl_fv_is(&v, c, "asked") || sl_fv_is(&v, c, "telling");
                bool participle = c > lo && sl_fv_punct(&v, c - 1, ',') && cw > 3 && sl_ieq(cs + cw - 3, "ing", 3);
                if (participle) {
                    /* ", telling reporters, "..."": the subject of the sentence speaks */
                    sl_span sent_sp = {v.tok[lo].span.start, v.tok[c].span.start};
                    int32_t pm = -1;
                    /* the subject: a mention opening the sentence ("Ryan's campaign shrugged off
                     * Trump's comments, telling reporters"), else the last person before */
                    size_t mk = sl_doc_mention_lb(d, v.tok[lo].span.start);
                    if (mk < d->mentions.n && d->mentions.v[mk].span.start <= v.tok[lo + (lo + 1 < c)].span.start &&
                        d->mentions.v[mk].span.start < sent_sp.end &&
                        (d->mentions.v[mk].type == SL_PER || d->mentions.v[mk].type == SL_ORG))
                        pm = (int32_t)mk;
                    if (pm < 0 && d->mentions.n) pm = S_mention_in(d, sent_sp, true);
                    if (pm >= 0) {
                        memset(&sp, 0, sizeof sp);
                        sp.span = d->mentions.v[pm].span;
                        sp.entity = d->mentions.v[pm].entity;
                    } else if (!(lo > 0 && S_np_after(d, &v, lo - 1, c, &sp)) && !(lo == 0 && S_np_core(d, &v, 0, 0, &sp, &npst))) {
                        /* no NER: the capitalized run opening the sentence ("Trump took to
                         * Twitter, writing: "...") */
                        if (!(v.tok[lo].kind == SL_TOK_WORD && sl_fv_cap(&v, lo) && !sl_fv_function_word(&v, lo)))
                            continue;
                        size_t e2 = lo;
                        while (e2 + 1 < c && v.tok[e2 + 1].kind == SL_TOK_WORD && sl_fv_cap(&v, e2 + 1)) e2++;
                        S_make_speaker(d, &v, lo, e2, &sp);
                    }
                    found = true;
                    cue = S_tspan(&v, c, c + clen);
                } else if (S_np_before(d, &v, c, lo, &sp, &npst) ||
                    (!addressee && open - (c + clen) <= 6 && S_np_after(d, &v, c + clen - 1, open, &sp) &&
                     (sl_fv_punct(&v, open - 1, ',') || sl_fv_punct(&v, open - 1, ':')))) {
                    found = true;
                    cue = S_tspan(&v, c, c + clen);
                    /* a fragment ("said the "likelihood is great" that") may fold into the
                     * indirect quote of the same cue: leave the cue free for it */
                    /* a quote inside the clause of the cue that the sentence goes on after
                     * (`Weaver says that "for all practical purposes, ..." for the former
                     * governor`) is a fragment of indirect speech, as PolNeAR reads it: leave
                     * the cue free so the indirect pass folds it (measured on PolNeAR train:
                     * direct F1 81.10 -> 81.36) */
                    bool embedded = !sl_fv_punct(&v, open - 1, ',') && !sl_fv_punct(&v, open - 1, ':') &&
                                    q.qe + 1 < N && v.tok[q.qe + 1].kind == SL_TOK_WORD;
                    if (S_words(&v, q.qs, q.qe) >= SL_QUOTE_MIN_TOKENS && !embedded)
                        for (size_t u = c; u < c + clen; u++) used[u] = 1;
                }
            }
        }
        if (!found && q.qs >= 1 && S_words(&v, q.qs, q.qe) < SL_QUOTE_MIN_TOKENS && !S_all_caps_title(&v, q.qs, q.qe)) {
            /* a short quoted phrase in a sentence whose subject is a name or a pronoun followed
             * by its verb ("Cruz called the KKK "abhorrent"", "She referenced the "Charleston
             * loophole"") is that subject's wording */
            size_t open = q.qs - 1, sidx = v.tok[open].sent;
            size_t s0 = v.sent[sidx < v.nsent ? sidx : 0].tok_first;
            while (s0 < open && (sl_fv_is(&v, s0, "but") || sl_fv_is(&v, s0, "and"))) s0++;
            if (s0 < open && v.tok[s0].kind == SL_TOK_WORD && !inq[s0]) {
                size_t e2 = s0;
                bool pron = sl_fv_oneof(&v, s0, S_pron) >= 0;
                if (!pron && sl_fv_cap(&v, s0) && !sl_fv_function_word(&v, s0))
                    while (e2 + 1 < open && v.tok[e2 + 1].kind == SL_TOK_WORD && sl_fv_cap(&v, e2 + 1)) e2++;
                bool subj = pron || (sl_fv_cap(&v, s0) && !sl_fv_function_word(&v, s0) && !S_timeword(&v, s0));
                size_t vb = e2 + 1;
                while (vb < open && S_aux(&v, vb)) vb++;
                if (subj && vb < open && v.tok[vb].kind == SL_TOK_WORD && !sl_fv_cap(&v, vb) &&
                    !sl_fv_function_word(&v, vb) && open - vb <= 12) {
                    S_make_speaker(d, &v, s0, e2, &sp);
                    found = true;
                }
            }
        }
        if (!found) {
            if (S_words(&v, q.qs, q.qe) < SL_QUOTE_MIN_TOKENS) continue; /* scare quotes */
            /* no cue of its own: the speaker is inherited after all quotes are known */
            size_t qe0 = q.qe;
            while (qe0 > q.qs + 1 && (sl_fv_punct(&v, qe0 - 1, ',') || sl_fv_punct(&v, qe0 - 1, '.'))) qe0--;
            if ((st = S_add(d, S_tspan(&v, q.qs, qe0), cue, NULL, true)) != SL_OK) break;
            continue;
        }
        /* a title in quote marks ("told "Morning Joe"") is not a quote */
        if (S_words(&v, q.qs, q.qe) < SL_QUOTE_MIN_TOKENS && S_all_caps_title(&v, q.qs, q.qe)) continue;
        if (sp.pronoun) S_resolve_pronoun(d, &v, &sp, prev_entity, prev_off);
        /* trailing comma/period inside the quote is not content */
        size_t qe = q.qe;
        while (qe > q.qs + 1 && (sl_fv_punct(&v, qe - 1, ',') || sl_fv_punct(&v, qe - 1, '.'))) qe--;
        if ((st = S_add(d, S_tspan(&v, q.qs, qe), cue, &sp, true)) != SL_OK) break;
        prev_entity = sp.entity;
        prev_off = sp.span.start;
    }
    if (st != SL_OK) goto done;

    /* 3. indirect speech: sentence by sentence */
    size_t ndirect = d->quotes.n;
    for (size_t si = 0; si < v.nsent && st == SL_OK; si++) {
        size_t a = v.sent[si].tok_first, b = v.sent[si].tok_end;
        for (size_t c = a; c < b && st == SL_OK; c++) {
            if (inq[c] || used[c]) continue;
            size_t clen;
            int strong;
            if (!sl_cue_match(cm, &v, c, &clen, &strong) || !S_cue_ok(&v, c) || S_passive(&v, c, clen)) continue;
            size_t ce = c + clen; /* first token after the cue */
            bool unp = S_unpunct(d, &v, a, b);
            S_speaker sp;
            size_t npst = c;
            bool according = sl_fv_is(&v, c, "according");
            sl_span content = {0, 0};
            if (according) {
                /* "CONTENT, according to X." or "According to X, CONTENT." */
                if (!S_np_after(d, &v, ce - 1, b, &sp)) continue;
                size_t x = ce;
                while (x < b && !sl_fv_punct(&v, x, ',') && !S_endpunct(&v, x)) x++;
                if (c > a + 2) content = S_tspan(&v, a, sl_fv_punct(&v, c - 1, ',') ? c - 1 : c);
                else if (x + 3 < b) {
                    size_t y = b;
                    while (y > x + 1 && S_endpunct(&v, y - 1)) y--;
                    content = S_tspan(&v, x + 1, y);
                } else continue;
            } else {
                size_t lo = a;
                for (size_t t = c; t > a; t--)
                    if (inq[t - 1] || used[t - 1] || sl_fv_punct(&v, t - 1, ';')) { lo = t; break; }
                size_t cw;
                const char *cs = sl_fv_tok(&v, c, &cw);
                if (c > lo && sl_fv_punct(&v, c - 1, ',') && cw > 3 && sl_ieq(cs + cw - 3, "ing", 3)) {
                    /* ", saying ...": the speaker is the subject of the sentence */
                    size_t s0 = a;
                    while (s0 < c && (sl_fv_is(&v, s0, "but") || sl_fv_is(&v, s0, "and") || inq[s0])) s0++;
                    int32_t pm = -1;
                    sl_span sent_sp = {v.tok[a].span.start, v.tok[c].span.start};
                    if (d->mentions.n) pm = S_mention_in(d, sent_sp, true);
                    if (pm >= 0) {
                        memset(&sp, 0, sizeof sp);
                        sp.span = d->mentions.v[pm].span;
                        sp.entity = d->mentions.v[pm].entity;
                    } else if (s0 == 0 || !S_np_after(d, &v, s0 - 1, c, &sp)) continue;
                    npst = c - 1;
                } else if (!S_np_before(d, &v, c, lo, &sp, &npst)) continue;
                /* skip "that", or an addressee then "that" ("told Reuters that") */
                size_t x = ce;
                bool tell = sl_fv_is(&v, c, "told") || sl_fv_is(&v, c, "tell") || sl_fv_is(&v, c, "tells");
                if (ce < b && sl_fv_is(&v, ce, "that")) x = ce + 1;
                else if (tell || (ce < b && (S_prep(&v, ce) || S_timeword(&v, ce))))
                    /* an addressee or a place first: "told Reuters that", "says on Twitter that" */
                    for (size_t look = ce; look < b && look < ce + 5; look++)
                        if (sl_fv_is(&v, look, "that")) { x = look + 1; break; }
                if (x == ce && clen == 1 && tell) continue; /* "told X" without a clause is not speech content */
                /* time words right after the cue ("said Thursday that") */
                size_t y = b;
                while (y > x && (S_endpunct(&v, y - 1) || inq[y - 1] == 2)) y--;
                bool tail_cue = true; /* the cue closes the sentence: CONTENT, SPEAKER CUE. */
                for (size_t t = x; t < y; t++)
                    if (!(sl_fv_oneof(&v, t, (const char *const[]){"monday", "tuesday", "wednesday", "thursday",
                                                                     "friday", "saturday", "sunday", "today",
                                                                     "yesterday", "on", "last", "week", "night",
                                                                     "in", "a", "statement", "interview", NULL}) >= 0)) {
                        tail_cue = false;
                        break;
                    }
                if (unp && x == ce) {
                    /* unpunctuated: the quote usually comes before "X told reporters" */
                    size_t from = npst > lo + 30 ? npst - 30 : lo;
                    if (npst < from + 3) continue;
                    content = S_tspan(&v, from, npst);
                } else if (tail_cue || y - x < 2) {
                    /* CONTENT before: up to the comma before the speaker */
                    if (npst >= lo + 3 && sl_fv_punct(&v, npst - 1, ',') && S_words(&v, lo, npst - 1) >= 3 &&
                        !S_prep(&v, lo)) {
                        content = S_tspan(&v, lo, npst - 1);
                    } else if ((d->flags & SL_DOC_NOPUNCT) && npst <= a + 1 && si > 0) {
                        /* repaired text: "... we will inform you. Kremlin spokesman Dmitry
                         * Peskov told reporters." — the quote is in the sentences before */
                        size_t from = npst > 30 ? npst - 30 : 0;
                        size_t s2 = v.sent[si >= 2 ? si - 2 : 0].tok_first;
                        if (from < s2) from = s2;
                        for (size_t t = npst; t > from; t--)
                            if (inq[t - 1] || used[t - 1]) { from = t; break; }
                        size_t to = npst;
                        while (to > from && v.tok[to - 1].kind == SL_TOK_PUNCT) to--;
                        if (S_words(&v, from, to) < 3) continue;
                        content = S_tspan(&v, from, to);
                    } else continue;
                } else {
                    if (unp && y - x > 30) y = x + 30;
                    /* a to-infinitive or a prepositional phrase is not reported speech */
                    if (S_prep(&v, x)) continue;
                    content = S_tspan(&v, x, y);
                }
            }
            /* a direct quote folded into this content loses its own entry */
            for (size_t k = 0; k < ndirect; k++) {
                sl_quote *dqk = &d->quotes.v[k];
                if (dqk->direct && dqk->span.start >= content.start && dqk->span.end <= content.end &&
                    dqk->cue.start == v.tok[c].span.start)
                    dqk->direct = 2; /* marked for removal */
            }
            /* a content that is mostly a direct quote is already recorded */
            bool dup = false;
            for (size_t k = 0; k < ndirect; k++) {
                const sl_quote *dqk = &d->quotes.v[k];
                if (dqk->direct == 1 && dqk->span.start < content.end && content.start < dqk->span.end) dup = true;
            }
            if (dup) continue;
            if (sp.pronoun) S_resolve_pronoun(d, &v, &sp, prev_entity, prev_off);
            if ((st = S_add(d, content, S_tspan(&v, c, ce), &sp, false)) != SL_OK) break;
            for (size_t u = c; u < ce; u++) used[u] = 1;
            /* cues inside this content are not attributions of their own */
            for (size_t u = a; u < b; u++)
                if (v.tok[u].span.start >= content.start && v.tok[u].span.end <= content.end) used[u] = 1;
            prev_entity = sp.entity;
            prev_off = sp.span.start;
            c = ce - 1;
        }
    }
    /* drop folded fragments, keep text order */
    {
        size_t o = 0;
        for (size_t k = 0; k < d->quotes.n; k++)
            if (d->quotes.v[k].direct != 2) d->quotes.v[o++] = d->quotes.v[k];
        d->quotes.n = o;
        if (d->quotes.n > 1) qsort(d->quotes.v, d->quotes.n, sizeof *d->quotes.v, S_cmp_quote);
    }
    /* direct quotes without a cue inherit the speaker of the quote just before them in the
     * same paragraph (a quote continued after "he said") */
    for (size_t k = 1; k < d->quotes.n; k++) {
        sl_quote *q = &d->quotes.v[k];
        if (!q->direct || q->cue.end > q->cue.start || q->speaker.end > q->speaker.start) continue;
        const sl_quote *p = &d->quotes.v[k - 1];
        if (p->speaker.end <= p->speaker.start && p->entity < 0) continue;
        size_t pp = v.sent[sl_fv_sent_of(&v, p->span.start)].para, qp = v.sent[sl_fv_sent_of(&v, q->span.start)].para;
        /* same paragraph only: measured on PolNeAR train, also inheriting across a paragraph
         * break (even when the quote is the whole paragraph) lost precision */
        if (qp > pp) continue;
        q->speaker = p->speaker;
        q->entity = p->entity;
    }
    /* a quote nobody can be found to have said is not reported (measured on PolNeAR train:
     * these were nearly all misses) */
    {
        size_t o = 0;
        for (size_t k = 0; k < d->quotes.n; k++)
            if (d->quotes.v[k].speaker.end > d->quotes.v[k].speaker.start || d->quotes.v[k].entity >= 0)
                d->quotes.v[o++] = d->quotes.v[k];
        d->quotes.n = o;
    }
    /* consecutive direct quotes of one speaker in one paragraph (`"X," he said. "Y."`) are one
     * quote: PolNeAR annotates them as one attribution with the cue inside, and one speaker
     * statement is what a reader wants. The span then runs from the first quote to the last
     * and includes the cue between them. Measured on PolNeAR train: direct F1 70.23 -> 80.41
     * (precision 65.6 -> 89.5, recall 75.6 -> 73.0); merging across a paragraph break too
     * gave 77.51. */
    {
        size_t o = 0;
        for (size_t k = 0; k < d->quotes.n; k++) {
            const sl_quote *q = &d->quotes.v[k];
            if (o > 0 && S_same_speaker_merge(d, &v, &d->quotes.v[o - 1], q)) {
                d->quotes.v[o - 1].span.end = q->span.end;
                continue;
            }
            d->quotes.v[o++] = *q;
        }
        d->quotes.n = o;
    }
done:
    free(inq);
    free(used);
    sl_vec_free(&dq);
    sl_fview_free(&v);
    return st;
}
