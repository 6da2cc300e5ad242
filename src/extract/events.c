/*
 * events.c — the events stage: who did what to whom, coded in CAMEO.
 *
 * A shallow chunker of our own over the tokens of each sentence (no external parser), after
 * the TABARI coding rules:
 *  - actor phrases are the longest matches in the actor dictionary ("Vladimir Putin" ->
 *    RUSGOV, "the United States" -> USA), composed with agents after them ("Russian
 *    companies" -> RUSBUS), before them ("minister Calimehtar" -> CALGOV; TABARI "NGO~"
 *    codes go first: NGOARN) or around "of/in/from" ("activists in Arnor"); a title followed
 *    by a name is one actor; compounds ("A, B and the evil C") act together;
 *  - verb phrases are the longest matches among the verb forms; the longest matching
 *    pattern of the verb's block (words, &SETs, slots $ + % ^, "_" adjacency; cameo.h)
 *    gives the code and may bind the source/target; "---" vetoes; "[a:b]" adds the reverse
 *    event with code b;
 *  - the default source is the nearest actor before the verb outside comma-delimited
 *    clauses (a verb after "and" keeps the previous subject), the target the first actor
 *    after it; "X and Y met" gives both directions; a meeting verb under a modal or intent
 *    verb ("will meet", "expected to meet") is CAMEO 036 (express intent to meet);
 *  - location: the first LOC mention of the sentence; date: the first date of the
 *    sentence, else the article's; confidence grows with the evidence used.
 * Actor codes are taken as valid on the article's date (d->published) when known. The TABARI
 * validation dictionaries (c->tabari) add stems and agents of no country; docs/FACTS.md.
 */
#include <stdio.h>
#include <stdlib.h>

#include "extract/cameo.h"

/* How far (tokens) the source may precede and the target follow the verb. */
#define SL_EV_SOURCE_WINDOW 25u
#define SL_EV_TARGET_WINDOW 15u
/* Most actors considered in one sentence. */
#define SL_EV_MAX_ACTORS 256u

typedef struct {
    size_t s, e;         /* tokens [s, e) */
    char code[32];
} S_act;

static int32_t S_date_int(const char *p)
{
    if (!p) return 0;
    int y, m, d;
    if (sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3) return y * 10000 + m * 100 + d;
    if (sscanf(p, "%4d-%2d", &y, &m) == 2) return y * 10000 + m * 100 + 1;
    return 0;
}

/* An actor code with an agent: "~GOV" follows the actor (RUS -> RUSGOV), TABARI's "NGO~"
 * goes before it (ARN -> NGOARN). */
static void S_compose(char *code, size_t cap, const char *ag)
{
    char out[64];
    size_t al = strlen(ag);
    if (al > 1 && ag[al - 1] == '~') snprintf(out, sizeof out, "%.*s%.31s", (int)SL_MIN(al - 1, 31), ag, code);
    else snprintf(out, sizeof out, "%.31s%.31s", code, ag[0] == '~' ? ag + 1 : ag);
    snprintf(code, cap, "%.*s", (int)(cap - 1), out);
}

/* The actor over tokens [s, e) with `code`, composed with agent `ag` unless it is NULL. */
static S_act S_actor(size_t s, size_t e, const char *code, const char *ag)
{
    S_act x;
    memset(&x, 0, sizeof x);
    x.s = s, x.e = e;
    snprintf(x.code, sizeof x.code, "%s", code);
    if (ag) S_compose(x.code, sizeof x.code, ag);
    return x;
}

/* TABARI looks for agents at every word of a phrase, also inside a longer agent it already
 * found: "main opposition group" is MAIN_OPPOSITION_GROUP [~MOP] and OPPOSITION_GROUP [~OPP]
 * (GONMOPOPP), "human rights activists" HUMAN_RIGHTS_ACTIVIST [HGM~] and RIGHTS_ACTIVIST [SGM~]
 * (SGMHGMARN). Composes into x the agents starting inside the agent [s, e) and ending by e. */
static void S_inner_agents(const struct sl_cameo *c, const sl_fview *v, size_t s, size_t e, S_act *x)
{
    for (size_t k = s + 1; k < e; k++) {
        const char *ag;
        size_t l = v->tok[k].kind == SL_TOK_WORD ? sl_cameo_agent_at(c, v, k, e, &ag, 0) : 0;
        if (!l || k + l > e) continue;
        /* a code the phrase has already is not repeated ("Prime Minister": ~GOV once) */
        char bare[32];
        size_t bl = strlen(ag);
        snprintf(bare, sizeof bare, "%.*s", (int)(ag[0] == '~' ? bl - 1 : bl > 1 && ag[bl - 1] == '~' ? bl - 1 : bl),
                 ag[0] == '~' ? ag + 1 : ag);
        if (!bare[0] || strstr(x->code, bare)) continue;
        S_compose(x->code, sizeof x->code, ag);
    }
}

static const char *const S_pronouns[] = {"he", "she", "him", "her", "they", "them", NULL};

/* Actors of sentence tokens [a, b). */
static size_t S_actors(const struct sl_cameo *c, const sl_fview *v, size_t a, size_t b, int32_t date,
                       const uintptr_t *fk, S_act *out)
{
    size_t n = 0, used = a; /* tokens before `used` belong to an actor already */
    /* TABARI stems ("ERIADOR" matches "Eriadorian") are not in the first-word filter */
#define S_HAS_ACTOR(t) (c->tabari || (fk[(t) - a] & 0xf) != 0)
#define S_HAS_AGENT(t) (c->tabari || (fk[(t) - a] & 0xf0) != 0)
#define S_HINT(t) (c->tabari ? (uintptr_t)0 : fk[(t) - a])
    for (size_t i = a; i < b && n < SL_EV_MAX_ACTORS;) {
        /* TABARI: a personal pronoun stands for the sentence's first actor ("Galadriel urged Bree
         * ... and then she asked Gondor"; "Gondor asked him") */
        if (n && v->tok[i].kind == SL_TOK_WORD && v->tok[i].span.end - v->tok[i].span.start <= 4 &&
            strchr("hstHST", v->text[v->tok[i].span.start]) && sl_fv_oneof(v, i, S_pronouns) >= 0) {
            S_act x = out[0];
            x.s = i, x.e = i + 1;
            out[n++] = x;
            i = used = x.e;
            continue;
        }
        if (v->tok[i].kind != SL_TOK_WORD || !(c->tabari || (fk[i - a] & 0xff))) { i++; continue; }
        const char *code = NULL, *ag = NULL;
        size_t l = S_HAS_ACTOR(i) ? sl_cameo_actor_at(c, v, i, b, date, &code, S_HINT(i)) : 0;
        if (l) {
            S_act x = S_actor(i, i + l, code, NULL);
            bool base = strlen(x.code) == 3;
            /* a country followed by an agent: "Russian companies", "Russia's foreign ministry" */
            size_t j = i + l;
            while (j < b && j < i + l + 2 && v->tok[j].kind == SL_TOK_WORD &&
                   !(S_HAS_AGENT(j) && sl_cameo_agent_at(c, v, j, b, &ag, S_HINT(j))) && !sl_fv_function_word(v, j) &&
                   !(S_HAS_ACTOR(j) && sl_cameo_actor_at(c, v, j, b, date, &code, S_HINT(j))))
                j++; /* adjectives between: "Russian state firm" */
            size_t al = j < b && S_HAS_AGENT(j) ? sl_cameo_agent_at(c, v, j, b, &ag, S_HINT(j)) : 0;
            if (al && !base) x.e = j + al; /* "White House security officials": USAGOV already */
            if (al && base) {
                S_compose(x.code, sizeof x.code, ag);
                if (c->tabari && !c->petrarch2) S_inner_agents(c, v, j, j + al, &x);
                x.e = j + al;
                /* the person the title belongs to: "Bree Prime Minister Romendacil" */
                const char *c2;
                size_t l2 = x.e < b && S_HAS_ACTOR(x.e) ? sl_cameo_actor_at(c, v, x.e, b, date, &c2, S_HINT(x.e)) : 0;
                if (l2) x.e += l2;
            }
            /* an agent right before the actor: "minister Calimehtar", "MSF Arnor" */
            for (size_t k = i > used + 3 ? i - 3 : used; k < i && base; k++) {
                if (v->tok[k].kind != SL_TOK_WORD || !S_HAS_AGENT(k)) continue;
                size_t bl = sl_cameo_agent_at(c, v, k, i, &ag, S_HINT(k));
                if (bl && k + bl == i) {
                    S_compose(x.code, sizeof x.code, ag);
                    x.s = k;
                    break;
                }
            }
            /* an honorific before a name belongs to it: "Mr Kim and Mr Putin" */
            if (x.s > a && (sl_fv_is(v, x.s - 1, "mr") || sl_fv_is(v, x.s - 1, "mr.") || sl_fv_is(v, x.s - 1, "mrs") ||
                            sl_fv_is(v, x.s - 1, "mrs.") || sl_fv_is(v, x.s - 1, "ms") || sl_fv_is(v, x.s - 1, "ms.")))
                x.s--;
            out[n++] = x;
            i = used = x.e;
            continue;
        }
        /* an agent of a country: "the ambassadors of Arnor", "activists in Arnor" */
        size_t al = S_HAS_AGENT(i) ? sl_cameo_agent_at(c, v, i, b, &ag, S_HINT(i)) : 0;
        if (al && i + al + 1 < b && (sl_fv_is(v, i + al, "of") || sl_fv_is(v, i + al, "in") ||
                                     sl_fv_is(v, i + al, "from"))) {
            size_t j = i + al + 1;
            if (j < b && sl_fv_is(v, j, "the")) j++;
            size_t l2 = j < b && S_HAS_ACTOR(j) ? sl_cameo_actor_at(c, v, j, b, date, &code, S_HINT(j)) : 0;
            if (l2 && strlen(code) == 3) {
                out[n] = S_actor(i, j + l2, code, ag);
                if (c->tabari && !c->petrarch2) S_inner_agents(c, v, i, i + al, &out[n]);
                n++;
                i = used = j + l2;
                /* PETRARCH-2: the agent covers a whole list ("Lawmakers in Fornost and Gondor");
                 * TABARI gives it to the first country only */
                while (c->petrarch2 && n < SL_EV_MAX_ACTORS && i < b) {
                    size_t q = i;
                    if (q < b && sl_fv_punct(v, q, ',')) q++;
                    if (q < b && (sl_fv_is(v, q, "and") || sl_fv_is(v, q, "or"))) q++;
                    if (q < b && sl_fv_is(v, q, "the")) q++;
                    const char *c3;
                    size_t l3 = q > i && q < b && S_HAS_ACTOR(q) ? sl_cameo_actor_at(c, v, q, b, date, &c3, S_HINT(q)) : 0;
                    if (!l3 || strlen(c3) != 3) break;
                    out[n++] = S_actor(q, q + l3, c3, ag);
                    i = used = q + l3;
                }
                continue;
            }
        }
        /* TABARI: an agent of no country is an actor of its own ("Guerrillas" -> ~REB), unless
         * an actor follows it (then it is that actor's title) */
        if (al && c->tabari) {
            const char *c2;
            size_t l2 = i + al < b ? sl_cameo_actor_at(c, v, i + al, b, date, &c2, S_HINT(i + al)) : 0;
            /* ... nor a modifier: followed by a word that is neither a function word nor a verb
             * ("an official foreign visit"; but "Guerrillas condemned", "forces are") */
            const sl_cameo_verb *vb;
            bool modifier = i + al < b && v->tok[i + al].kind == SL_TOK_WORD && !sl_fv_function_word(v, i + al) &&
                            !sl_cameo_verb_at(c, v, i + al, b, &vb);
            if (!l2 && !modifier) {
                S_act x;
                memset(&x, 0, sizeof x);
                x.s = i, x.e = i + al;
                size_t agl = strlen(ag);
                if (agl > 1 && ag[agl - 1] == '~') snprintf(x.code, sizeof x.code, "%.*s", (int)(agl - 1), ag);
                else snprintf(x.code, sizeof x.code, "~%s", ag[0] == '~' ? ag + 1 : ag);
                out[n++] = x;
                i = used = x.e;
                continue;
            }
        }
        i++;
    }
#undef S_HAS_ACTOR
#undef S_HAS_AGENT
#undef S_HINT
    return n;
}

/* Compound groups: actors joined only by "and", "or", "nor" or commas ("Arnor, Osgiliath and
 * Gondor"), with at most two adjectives after the conjunction ("Fornost and the evil awful
 * Gondor"); grp[k] is the first actor of k's group. */
static void S_groups(const struct sl_cameo *c, const sl_fview *v, const S_act *a, size_t n, size_t *grp)
{
    for (size_t k = 0; k < n; k++) {
        grp[k] = k;
        if (!k) continue;
        bool join = a[k - 1].e < a[k].s, comma = false, conj = false;
        size_t adjs = 0;
        for (size_t t = a[k - 1].e; t < a[k].s && join; t++) {
            bool cm = sl_fv_punct(v, t, ',');
            bool cj = sl_fv_is(v, t, "and") || sl_fv_is(v, t, "or") || sl_fv_is(v, t, "nor");
            comma |= cm, conj |= cj;
            join = cm || cj || sl_fv_is(v, t, "the");
            if (!join && (conj || comma) && adjs < 2 && v->tok[t].kind == SL_TOK_WORD && !sl_fv_cap(v, t) &&
                !sl_fv_function_word(v, t)) {
                const sl_cameo_verb *vb;
                join = !sl_cameo_verb_at(c, v, t, t + 1, &vb);
                adjs++;
            }
        }
        /* ", and" joins only the end of a list ("A, B, and C"), not two clauses */
        if (join && comma && conj && (k < 2 || grp[k - 1] == k - 1)) join = false;
        if (join && a[k].s - a[k - 1].e <= 3 + adjs) grp[k] = grp[k - 1];
    }
}

/* Passive voice: "X was freed from Y" — the source follows the verb. */
static bool S_passive_verb(const sl_fview *v, size_t t, size_t a)
{
    static const char *const be[] = {"was", "were", "is", "are", "been", "being", "be", NULL};
    size_t n;
    const char *w = sl_fv_tok(v, t, &n);
    if (n < 3 || !(sl_ieq(w + n - 2, "ed", 2) || sl_ieq(w + n - 2, "en", 2))) return false;
    for (size_t k = t; k > a && t - k < 3;) {
        k--;
        if (sl_fv_oneof(v, k, be) >= 0) return true;
    }
    return false;
}

/* What the pattern matcher needs of a sentence. */
typedef struct {
    const struct sl_cameo *c;
    const sl_fview *v;
    const uint32_t *wid;     /* word ids, indexed by token (absolute) */
    const S_act *acts;
    const size_t *grp;
    size_t na, a, b;         /* actors; the sentence's tokens [a, b) */
    const uint32_t *stamp;   /* stamp[word id] == serial: the word occurs in the sentence */
    uint32_t serial;
    const uint8_t *skip;     /* tokens of dropped comma clauses (S_clauses), indexed from a */
    bool verb_skipped;       /* the verb itself is in one: then nothing is dropped */
} S_ctx;

/* Actors bound by a pattern's TABARI slots ($ source, + target, % compound). */
typedef struct {
    const S_act *src, *tgt, *comp;
} S_bind;

static bool S_el_word(const S_ctx *x, const sl_cameo_pel *el, size_t t)
{
    if (x->v->tok[t].kind != SL_TOK_WORD) return false;
    if (el->kind == SL_PE_SET) return sl_cameo_pat_word(x->c, 0x80000000u | el->id, x->wid[t]);
    /* TABARI: a possessive is another word for a pattern ("plan's to expel" does not fit
     * PLAN_TO_*; the word id was taken without the "'s" for the actor dictionaries); PETRARCH
     * parses split the "'s" off, so there the word still fits */
    size_t tn;
    const char *ts = sl_fv_tok(x->v, t, &tn);
    bool poss = tn > 2 && ts[tn - 1] == 's' && (ts[tn - 2] == '\'' || (tn > 4 && (unsigned char)ts[tn - 2] == 0x99));
    if (poss && x->c->tabari && !x->c->petrarch2) return false;
    if (x->wid[t] && x->wid[t] == el->id) return true;
    if (!el->prefix || !el->w) return false;
    char w[64];
    size_t n = sl_fv_lower(x->v, t, w, sizeof w), pl = strlen(el->w);
    return n >= pl && !memcmp(w, el->w, pl);
}

/* The nearest actor ending at or before token pos and after lo; NULL if none. */
static const S_act *S_act_before(const S_ctx *x, size_t pos, size_t lo)
{
    for (size_t k = x->na; k-- > 0;) {
        if (x->acts[k].e > pos) continue;
        if (x->acts[k].e <= lo) return NULL;
        if (x->skip && !x->verb_skipped && x->skip[x->acts[k].s - x->a]) continue;
        return &x->acts[k];
    }
    return NULL;
}

/* The first actor starting at or after token pos and before hi; NULL if none. */
static const S_act *S_act_after(const S_ctx *x, size_t pos, size_t hi)
{
    for (size_t k = 0; k < x->na; k++)
        if (x->acts[k].s >= pos) return x->acts[k].s < hi ? &x->acts[k] : NULL;
    return NULL;
}

static void S_bind_slot(S_bind *bd, int kind, const S_act *ac)
{
    if (kind == SL_PE_SRC) bd->src = ac;
    else if (kind == SL_PE_TGT) bd->tgt = ac;
    else bd->comp = ac;
}

/* The words before the verb, nearest first and in order, within [lo, t); a "_" link asks for
 * the very next token; slots take the nearest actor (a compound: its whole group). */
static bool S_match_before(const S_ctx *x, const sl_cameo_pat *p, size_t t, size_t lo, S_bind *bd)
{
    size_t pos = t;
    for (size_t k = p->nbefore; k-- > 0;) {
        const sl_cameo_pel *el = &p->before[k];
        if (el->kind <= SL_PE_SET) {
            bool found = false;
            size_t q = pos;
            /* the infinitive marker belongs to the verb: "known to break" fits "KNOWN_ *" */
            if (el->adj && k + 1 == p->nbefore && q > lo + 1 && sl_fv_is(x->v, q - 1, "to") && !S_el_word(x, el, q - 1))
                q--; /* ... unless the pattern names it ("PLAN_TO_*") */
            while (q > lo) {
                q--;
                if (S_el_word(x, el, q)) { found = true; break; }
                if (el->adj) break;
            }
            if (!found) return false;
            pos = q;
        } else if (el->kind == SL_PE_SKIP) { /* back over the nearest noun phrase with an actor */
            const S_act *ac = S_act_before(x, pos, lo);
            if (!ac) return false;
            pos = ac->s;
        } else {
            const S_act *ac = S_act_before(x, pos, lo);
            if (!ac) return false;
            S_bind_slot(bd, el->kind, ac);
            pos = el->kind == SL_PE_COMP ? x->acts[x->grp[ac - x->acts]].s : ac->s;
        }
    }
    return true;
}

/* The words after the verb (tokens [t, hi)), in order. */
static bool S_match_after(const S_ctx *x, const sl_cameo_pat *p, size_t t, size_t hi, S_bind *bd)
{
    size_t pos = t;
    for (size_t k = 0; k < p->nafter; k++) {
        const sl_cameo_pel *el = &p->after[k];
        bool adj = k ? p->after[k - 1].adj : p->adj_verb;
        if (el->kind <= SL_PE_SET) {
            bool found = false;
            size_t q = pos;
            for (; q < hi; q++) {
                if (S_el_word(x, el, q)) { found = true; break; }
                if (adj) break;
            }
            if (!found) return false;
            pos = q + 1;
        } else if (el->kind == SL_PE_SKIP) { /* over the next noun phrase with an actor */
            const S_act *ac = S_act_after(x, pos, hi);
            if (!ac) return false;
            pos = ac->e;
        } else {
            const S_act *ac = S_act_after(x, pos, hi);
            if (!ac) return false;
            S_bind_slot(bd, el->kind, ac);
            pos = ac->e;
            if (el->kind == SL_PE_COMP)
                for (size_t m = (size_t)(ac - x->acts) + 1; m < x->na && x->grp[m] == x->grp[ac - x->acts]; m++)
                    pos = x->acts[m].e;
        }
    }
    return true;
}

/* The verb's code: its longest matching pattern (TABARI tries longer patterns first; the first
 * listed wins a tie), else the verb's own. */
static const sl_cameo_pat *S_pattern_for(const S_ctx *x, const sl_cameo_verb *vb, size_t t, size_t tl, S_bind *bd)
{
    const struct sl_cameo *c = x->c;
    if (vb->block >= c->blocks.n) return NULL;
    const sl_cameo_block *bl = &c->blocks.v[vb->block];
    const sl_cameo_pat *best = NULL;
    size_t bestn = 0;
    /* Phoenix patterns look in a small window; TABARI's in the whole sentence */
    size_t blo = c->tabari ? x->a : (t > x->a + 6 ? t - 6 : x->a);
    size_t ahi = c->tabari ? x->b : SL_MIN(x->b, t + tl + 12);
    for (uint32_t k = 0; k < bl->npat; k++) {
        const sl_cameo_pat *p = &c->pats.v[bl->first_pat + k];
        size_t n = (size_t)p->nbefore + p->nafter;
        if (n <= bestn) continue;
        /* cheap test first: every literal word of the pattern occurs in the sentence */
        bool absent = false;
        for (size_t k2 = 0; k2 < p->nbefore && !absent; k2++)
            absent = p->before[k2].kind == SL_PE_WORD && !p->before[k2].prefix && x->stamp[p->before[k2].id] != x->serial;
        for (size_t k2 = 0; k2 < p->nafter && !absent; k2++)
            absent = p->after[k2].kind == SL_PE_WORD && !p->after[k2].prefix && x->stamp[p->after[k2].id] != x->serial;
        if (absent) continue;
        S_bind b2 = {0};
        if (!S_match_before(x, p, t, blo, &b2) || !S_match_after(x, p, t + tl, ahi, &b2)) continue;
        best = p, bestn = n, *bd = b2;
    }
    return best;
}

/* A meeting/consulting verb under a modal or an intent verb: "will meet", "expected to meet". */
static bool S_intent(const sl_fview *v, size_t t, size_t a)
{
    static const char *const m[] = {"will", "would", "'ll", "to", "plan", "plans", "planned", "expected",
                                    "expects", "want", "wants", "wanted", "could", "may", "might", "likely",
                                    "hopes", "hope", "seek", "seeks", "intend", "intends", "agreed", NULL};
    for (size_t k = t; k > a && t - k < 3;) {
        k--;
        if (sl_fv_oneof(v, k, m) >= 0) return true;
    }
    return false;
}

static char *S_actor_name(sl_doc *d, const sl_fview *v, const S_act *x)
{
    uint32_t s = v->tok[x->s].span.start, e = v->tok[x->e - 1].span.end;
    return sl_arena_strndup(&d->arena, v->text + s, e - s);
}

static int32_t S_entity_at(const sl_doc *d, uint32_t s, uint32_t e)
{
    for (size_t k = sl_doc_mention_lb(d, s > 200 ? s - 200 : 0); k < d->mentions.n; k++) {
        const sl_mention *m = &d->mentions.v[k];
        if (m->span.start >= e) break;
        if (m->span.end > s) return m->entity;
    }
    return -1;
}

static sl_status S_emit(sl_doc *d, const sl_fview *v, size_t si, const S_act *src, const S_act *tgt, const char *code,
                        float conf)
{
    for (size_t k = d->events.n; k-- > 0;) { /* one event per (source, target, code) per sentence */
        const sl_event *o = &d->events.v[k];
        if (o->span.start != v->sent[si].span.start) break;
        if (o->span.start == v->sent[si].span.start && !strcmp(o->code, code) && !strcmp(o->source.code, src->code) &&
            !strcmp(o->target.code, tgt->code))
            return SL_OK;
    }
    sl_event ev;
    memset(&ev, 0, sizeof ev);
    ev.span = v->sent[si].span;
    snprintf(ev.code, sizeof ev.code, "%s", code);
    ev.source.name = S_actor_name(d, v, src);
    ev.target.name = S_actor_name(d, v, tgt);
    if (!ev.source.name || !ev.target.name) return SL_ENOMEM;
    snprintf(ev.source.code, sizeof ev.source.code, "%s", src->code);
    snprintf(ev.target.code, sizeof ev.target.code, "%s", tgt->code);
    ev.source.entity = S_entity_at(d, v->tok[src->s].span.start, v->tok[src->e - 1].span.end);
    ev.target.entity = S_entity_at(d, v->tok[tgt->s].span.start, v->tok[tgt->e - 1].span.end);
    for (size_t k = sl_doc_mention_lb(d, ev.span.start); k < d->mentions.n; k++) {
        const sl_mention *m = &d->mentions.v[k];
        if (m->span.start >= ev.span.end) break;
        if (m->type == SL_LOC) {
            ev.location = sl_arena_strndup(&d->arena, d->text + m->span.start, m->span.end - m->span.start);
            break;
        }
    }
    for (size_t k = 0; k < d->dates.n; k++) {
        const sl_date *dt = &d->dates.v[k];
        if (dt->span.start >= ev.span.start && dt->span.end <= ev.span.end && dt->value[0] != 'X') {
            snprintf(ev.date, sizeof ev.date, "%s", dt->value);
            break;
        }
    }
    if (!ev.date[0] && d->published) snprintf(ev.date, sizeof ev.date, "%.10s", d->published);
    ev.confidence = conf;
    return sl_vec_push(&d->events, ev) ? SL_OK : SL_ENOMEM;
}

sl_status sl_events(const sl_engine *e, sl_doc *d)
{
    if (!e || !e->cameo || !d->text || !d->text_len) return SL_OK;
    return sl_events_with(e->cameo, d);
}

/* TABARI drops comma-delimited internal clauses ("Gollum, centre of a row between Radagast
 * the Brown, called on Gondor"): tokens of such a clause (2..SL_EV_CLAUSE_MAX words between two
 * commas, not a bare list item) are marked so the source search skips them. */
#define SL_EV_CLAUSE_MAX 10u
static void S_clauses(const sl_fview *v, size_t a, size_t b, const S_act *acts, size_t na, uint8_t *skip)
{
    memset(skip, 0, b - a);
    size_t prev = SIZE_MAX;
    for (size_t t = a; t < b; t++) {
        if (!sl_fv_punct(v, t, ',')) continue;
        if (prev != SIZE_MAX) {
            size_t words = 0;
            for (size_t k = prev + 1; k < t; k++) words += v->tok[k].kind == SL_TOK_WORD;
            bool list = sl_fv_is(v, prev + 1, "and") || sl_fv_is(v, prev + 1, "or");
            for (size_t k = 0; k < na && !list; k++) /* ", the United States," is a list item */
                if (acts[k].s <= prev + 2 && acts[k].s > prev && acts[k].e == t) list = true;
            if (words >= 2 && words <= SL_EV_CLAUSE_MAX && !list) memset(skip + (prev - a), 1, t - prev + 1);
        }
        prev = t;
    }
}

sl_status sl_events_with(const struct sl_cameo *c, sl_doc *d)
{
    if (!c || !d->text || !d->text_len || !c->verbs.n) return SL_OK;
    sl_fview v;
    sl_status st = sl_fview_init(d, &v);
    if (st != SL_OK) return st;
    int32_t date = S_date_int(d->published);
    S_act *acts = malloc(SL_EV_MAX_ACTORS * sizeof *acts);
    size_t *grp = malloc(SL_EV_MAX_ACTORS * sizeof *grp);
    uint32_t *wid = NULL;
    uint8_t *skip = NULL;
    size_t widcap = 0, fkcap = 0;
    uintptr_t *fk = NULL;
    /* word ids run from 1 to words.n (map values) */
    size_t nstamp = c->words.n + 1;
    uint32_t *stamp = calloc(nstamp, sizeof *stamp), serial = 0;
    if (!acts || !grp || !stamp) {
        free(acts), free(grp), free(stamp);
        sl_fview_free(&v);
        return SL_ENOMEM;
    }
    for (size_t si = 0; si < v.nsent && st == SL_OK; si++) {
        size_t a = v.sent[si].tok_first, b = v.sent[si].tok_end;
        if (b - a > fkcap) {
            uintptr_t *f2 = realloc(fk, (b - a) * sizeof *fk);
            uint8_t *s2 = f2 ? realloc(skip, b - a) : NULL;
            if (f2) fk = f2;
            if (!f2 || !s2) { st = SL_ENOMEM; break; }
            skip = s2, fkcap = b - a;
        }
        size_t nfa = 0, nfv = 0; /* tokens that may start an actor / a verb */
        sl_cameo_first_kinds_span(c, &v, a, b, fk);
        for (size_t k = a; k < b; k++) nfa += (fk[k - a] & 0xf) != 0, nfv += (fk[k - a] & 0xf00) != 0;
        /* an event needs two actors and a verb: most sentences are settled by the filter */
        if (!c->tabari && (nfa < 2 || !nfv)) continue;
        size_t na = S_actors(c, &v, a, b, date, fk, acts);
        if (na < 2) continue;
        S_groups(c, &v, acts, na, grp);
        bool skip_ok = false;
        const S_act *last_src = NULL; /* the source of the sentence's last coded verb */
        size_t ai = 0; /* first actor starting at or after t */
        bool wid_ok = false;
        if (b - a > widcap) {
            uint32_t *w2 = realloc(wid, (b - a) * sizeof *wid);
            if (!w2) { st = SL_ENOMEM; break; }
            wid = w2, widcap = b - a;
        }
        S_ctx x = {c, &v, wid - a, acts, grp, na, a, b, stamp, 0, NULL, false};
        for (size_t t = a; t < b && st == SL_OK; t++) {
            while (ai < na && acts[ai].s < t) {
                if (acts[ai].e > t) { t = acts[ai].e; }
                ai++;
            }
            if (t >= b) break;
            if (ai < na && acts[ai].s == t) continue;
            if (v.tok[t].kind != SL_TOK_WORD || (!c->tabari && !((fk[t - a] >> 8) & 15))) continue;
            const sl_cameo_verb *vb;
            size_t tl = sl_cameo_verb_at(c, &v, t, b, &vb);
            if (!tl) continue;
            if (!wid_ok) { /* word ids of the sentence, once, when it has a verb */
                serial++;
                for (size_t k = a; k < b; k++) {
                    uint32_t w = (uint32_t)(fk[k - a] >> SL_CAMEO_FK_WORD);
                    wid[k - a] = w;
                    if (w < nstamp) stamp[w] = serial;
                }
                x.serial = serial;
                wid_ok = true;
            }
            if (!skip_ok) { S_clauses(&v, a, b, acts, na, skip); skip_ok = true; }
            x.skip = skip, x.verb_skipped = skip[t - a] != 0;
            S_bind bd = {0};
            const sl_cameo_pat *pat = S_pattern_for(&x, vb, t, tl, &bd);
            const char *code = pat ? pat->code : vb->code, *code2 = pat ? pat->code2 : vb->code2;
            bool pattern = pat != NULL;
            if (!code || !code[0]) { t += tl - 1; continue; }
            char cbuf[8];
            snprintf(cbuf, sizeof cbuf, "%s", code);
            if (cbuf[0] == '0' && cbuf[1] == '4' && S_intent(&v, t, a)) snprintf(cbuf, sizeof cbuf, "036");
            float conf = 0.5f + (pattern ? 0.2f : 0.0f);
            if (!(cbuf[0] >= '0' && cbuf[0] <= '9')) { t += tl - 1; continue; }
            bool rev = code2 && code2[0] >= '0' && code2[0] <= '9';
            if (bd.comp) {
                /* "% * [044:045]": the members of the compound act on each other */
                size_t g = grp[bd.comp - acts];
                for (size_t p = g; p < na && grp[p] == g && st == SL_OK; p++)
                    for (size_t q = g; q < na && grp[q] == g && st == SL_OK; q++)
                        if (p != q && strcmp(acts[p].code, acts[q].code))
                            st = S_emit(d, &v, si, &acts[p], &acts[q], p < q || !rev ? cbuf : code2, conf + 0.1f);
                t += tl - 1;
                continue;
            }
            /* source: the nearest actor before (outside dropped comma clauses); target: the
             * first actor after; pattern slots override both */
            const S_act *src = NULL, *tgt = NULL;
            for (size_t k = ai; k-- > 0;) {
                if (t - acts[k].e > SL_EV_SOURCE_WINDOW) break;
                if (skip[acts[k].s - a] && skip[t - a] == 0) continue;
                if (bd.tgt == &acts[k]) continue;
                src = &acts[k];
                break;
            }
            const S_act *loc = NULL;
            for (size_t k = ai; k < na; k++) {
                if (acts[k].s < t + tl) continue;
                if (acts[k].s - (t + tl) > SL_EV_TARGET_WINDOW) break;
                if (bd.src == &acts[k]) continue;
                /* "in Vladivostok": rather a place than a target; used only when nothing else is */
                size_t p = acts[k].s;
                if (p > 0 && sl_fv_is(&v, p - 1, "the")) p--;
                if (p > 0 && (sl_fv_is(&v, p - 1, "in") || sl_fv_is(&v, p - 1, "at") || sl_fv_is(&v, p - 1, "near"))) {
                    if (!loc) loc = &acts[k];
                    continue;
                }
                tgt = &acts[k];
                break;
            }
            /* "X and Y will meet in Z" is X <-> Y; a single source meets the place's actor */
            if (!tgt && loc && src) {
                size_t g = grp[src - acts];
                bool compound = (size_t)(src - acts) > g || ((size_t)(src - acts) + 1 < na && grp[src - acts + 1] == g);
                if (!compound) tgt = loc;
            }
            if (src && tgt && !bd.src && !bd.tgt && S_passive_verb(&v, t, a)) {
                const S_act *y = src;
                src = tgt, tgt = y;
            }
            if (bd.src) src = bd.src;
            if (bd.tgt) tgt = bd.tgt;
            /* "+ WAS * DEAD": a target before the verb leaves the source after it ("in Osgiliath") */
            if (bd.tgt && !bd.src && (!src || src == bd.tgt)) {
                src = NULL;
                for (size_t k = ai; k < na && !src; k++)
                    if (acts[k].s >= t + tl && &acts[k] != bd.tgt) src = &acts[k];
            }
            /* "X condemned the attack and promised aid to Y": a verb after "and" shares the
             * subject of the verb before it */
            if (!bd.src && last_src && t > a + 1 &&
                (sl_fv_is(&v, t - 1, "and") || (t > a + 2 && sl_fv_is(&v, t - 2, "and") && !sl_fv_cap(&v, t - 1) &&
                                                 !(ai > 0 && acts[ai - 1].e == t))))
                src = last_src;
            if (src == tgt) tgt = NULL;
            if (src) last_src = src;
            if (src && !tgt) {
                /* "X and Y met": both directions within the group */
                size_t k = (size_t)(src - acts), g = grp[k];
                for (size_t p = g; p < na && grp[p] == g && st == SL_OK; p++)
                    for (size_t q = g; q < na && grp[q] == g && st == SL_OK; q++)
                        if (p != q && strcmp(acts[p].code, acts[q].code))
                            st = S_emit(d, &v, si, &acts[p], &acts[q], cbuf, conf);
            } else if (src && tgt) {
                size_t gs = grp[src - acts], gt = grp[tgt - acts];
                for (size_t p = gs; p < na && grp[p] == gs && st == SL_OK; p++)
                    for (size_t q = gt; q < na && grp[q] == gt && st == SL_OK; q++)
                        if (strcmp(acts[p].code, acts[q].code)) {
                            st = S_emit(d, &v, si, &acts[p], &acts[q], cbuf, conf + 0.1f);
                            /* "[032:033]": the target's reverse event ("arrived in" -> "hosted") */
                            if (rev && st == SL_OK) st = S_emit(d, &v, si, &acts[q], &acts[p], code2, conf + 0.1f);
                        }
            }
            t += tl - 1;
        }
    }
    free(acts);
    free(grp);
    free(wid);
    free(skip);
    free(stamp);
    free(fk);
    sl_fview_free(&v);
    return st;
}
