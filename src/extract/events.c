/*
 * events.c — the events stage: who did what to whom, coded in CAMEO.
 *
 * A shallow chunker of our own over the tokens of each sentence (no external parser):
 *  - actor phrases are the longest matches in the Phoenix actor dictionary ("Vladimir
 *    Putin" -> RUSGOV, "the United States" -> USA), optionally followed by an agent
 *    ("Russian companies" -> RUS + BUS = RUSBUS; "Russia's foreign ministry" -> RUSGOV);
 *  - verb phrases are the longest matches among the CAMEO verb forms; the verb's block
 *    patterns (simplified: literal words before/after the verb, in order, in a window) refine
 *    the code, "---" patterns veto it;
 *  - the source is the nearest actor before the verb, the target the first actor after it;
 *    "X and Y met" gives both directions; a meeting verb under a modal or intent verb
 *    ("will meet", "expected to meet") is CAMEO 036 (express intent to meet);
 *  - location: the first LOC mention of the sentence; date: the first date of the
 *    sentence, else the article's; confidence grows with the evidence used.
 * Actor codes are taken as valid on the article's date (d->published) when known.
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

/* Actors of sentence tokens [a, b). */
static size_t S_actors(const struct sl_cameo *c, const sl_fview *v, size_t a, size_t b, int32_t date,
                       const uintptr_t *fk, S_act *out)
{
    size_t n = 0;
    for (size_t i = a; i < b && n < SL_EV_MAX_ACTORS;) {
        if (v->tok[i].kind != SL_TOK_WORD || !(fk[i - a] & 0xff)) { i++; continue; }
        const char *code = NULL, *ag = NULL;
#define S_HAS_ACTOR(t) ((fk[(t) - a] & 0xf) != 0)
#define S_HAS_AGENT(t) ((fk[(t) - a] & 0xf0) != 0)
        size_t l = S_HAS_ACTOR(i) ? sl_cameo_actor_at(c, v, i, b, date, &code) : 0;
        if (l) {
            S_act x;
            memset(&x, 0, sizeof x);
            x.s = i, x.e = i + l;
            snprintf(x.code, sizeof x.code, "%s", code);
            /* a country followed by an agent: "Russian companies", "Russia's foreign ministry" */
            size_t j = i + l;
            while (j < b && j < i + l + 2 && v->tok[j].kind == SL_TOK_WORD &&
                   !(S_HAS_AGENT(j) && sl_cameo_agent_at(c, v, j, b, &ag)) && !sl_fv_function_word(v, j) &&
                   !(S_HAS_ACTOR(j) && sl_cameo_actor_at(c, v, j, b, date, &code)))
                j++; /* adjectives between: "Russian state firm" */
            size_t al = j < b && S_HAS_AGENT(j) ? sl_cameo_agent_at(c, v, j, b, &ag) : 0;
            if (al && strlen(x.code) == 3) {
                snprintf(x.code + 3, sizeof x.code - 3, "%s", ag[0] == '~' ? ag + 1 : ag);
                x.e = j + al;
            }
            /* an honorific before a name belongs to it: "Mr Kim and Mr Putin" */
            if (x.s > a && (sl_fv_is(v, x.s - 1, "mr") || sl_fv_is(v, x.s - 1, "mr.") || sl_fv_is(v, x.s - 1, "mrs") ||
                            sl_fv_is(v, x.s - 1, "mrs.") || sl_fv_is(v, x.s - 1, "ms") || sl_fv_is(v, x.s - 1, "ms.")))
                x.s--;
            out[n++] = x;
            i = x.e;
            continue;
        }
        /* an agent of a country: "the ambassadors of Arnor", "activists in Arnor" */
        size_t al = S_HAS_AGENT(i) ? sl_cameo_agent_at(c, v, i, b, &ag) : 0;
        if (al && i + al + 1 < b && (sl_fv_is(v, i + al, "of") || sl_fv_is(v, i + al, "in") ||
                                     sl_fv_is(v, i + al, "from"))) {
            size_t j = i + al + 1;
            if (j < b && sl_fv_is(v, j, "the")) j++;
            size_t l2 = j < b && S_HAS_ACTOR(j) ? sl_cameo_actor_at(c, v, j, b, date, &code) : 0;
            if (l2 && strlen(code) == 3) {
                S_act x;
                memset(&x, 0, sizeof x);
                x.s = i, x.e = j + l2;
                snprintf(x.code, sizeof x.code, "%s%s", code, ag[0] == '~' ? ag + 1 : ag);
                out[n++] = x;
                i = x.e;
                continue;
            }
        }
        i++;
    }
#undef S_HAS_ACTOR
#undef S_HAS_AGENT
    return n;
}

/* Compound groups: actors joined only by "and", "or", "nor" or commas ("Arnor, Osgiliath and
 * Gondor"); grp[k] is the first actor of k's group. */
static void S_groups(const sl_fview *v, const S_act *a, size_t n, size_t *grp)
{
    for (size_t k = 0; k < n; k++) {
        grp[k] = k;
        if (!k) continue;
        bool join = a[k - 1].e < a[k].s, comma = false, conj = false;
        for (size_t t = a[k - 1].e; t < a[k].s && join; t++) {
            bool cm = sl_fv_punct(v, t, ',');
            bool cj = sl_fv_is(v, t, "and") || sl_fv_is(v, t, "or") || sl_fv_is(v, t, "nor");
            comma |= cm, conj |= cj;
            join = cm || cj || sl_fv_is(v, t, "the");
        }
        /* ", and" joins only the end of a list ("A, B, and C"), not two clauses */
        if (join && comma && conj && (k < 2 || grp[k - 1] == k - 1)) join = false;
        if (join && a[k].s - a[k - 1].e <= 3) grp[k] = grp[k - 1];
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

/* Words of a pattern side found in order in tokens [lo, hi); wid: the tokens' word ids. */
static bool S_match_side(const struct sl_cameo *c, const uint32_t *wid, const uint32_t *w, size_t nw, size_t lo,
                         size_t hi)
{
    size_t k = 0;
    for (size_t t = lo; t < hi && k < nw; t++)
        if (sl_cameo_pat_word(c, w[k], wid[t])) k++;
    return k == nw;
}

static const char *S_code_for(const struct sl_cameo *c, const uint32_t *wid, const sl_cameo_verb *vb, size_t t,
                              size_t tl, size_t a, size_t b, bool *pattern)
{
    *pattern = false;
    const char *code = vb->code;
    if (vb->block >= c->blocks.n) return code;
    const sl_cameo_block *bl = &c->blocks.v[vb->block];
    size_t best = 0;
    size_t blo = t > a + 6 ? t - 6 : a, ahi = SL_MIN(b, t + tl + 12);
    for (uint32_t k = 0; k < bl->npat; k++) {
        const sl_cameo_pat *p = &c->pats.v[bl->first_pat + k];
        size_t words = (size_t)p->nbefore + p->nafter;
        if (words <= best) continue;
        if (!S_match_side(c, wid, p->before, p->nbefore, blo, t)) continue;
        if (!S_match_side(c, wid, p->after, p->nafter, t + tl, ahi)) continue;
        best = words;
        code = p->code;
        *pattern = true;
    }
    return code;
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

/* First mention starting at or after off (mentions are in text order). */
static size_t S_mlb(const sl_doc *d, uint32_t off)
{
    size_t lo = 0, hi = d->mentions.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->mentions.v[mid].span.start < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int32_t S_entity_at(const sl_doc *d, uint32_t s, uint32_t e)
{
    for (size_t k = S_mlb(d, s > 200 ? s - 200 : 0); k < d->mentions.n; k++) {
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
    for (size_t k = S_mlb(d, ev.span.start); k < d->mentions.n; k++) {
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
    size_t widcap = 0, fkcap = 0;
    uintptr_t *fk = NULL;
    if (!acts || !grp) { free(acts); free(grp); sl_fview_free(&v); return SL_ENOMEM; }
    for (size_t si = 0; si < v.nsent && st == SL_OK; si++) {
        size_t a = v.sent[si].tok_first, b = v.sent[si].tok_end;
        if (b - a > fkcap) {
            uintptr_t *f2 = realloc(fk, (b - a) * sizeof *fk);
            if (!f2) { st = SL_ENOMEM; break; }
            fk = f2, fkcap = b - a;
        }
        for (size_t k = a; k < b; k++) fk[k - a] = sl_cameo_first_kinds(c, &v, k);
        size_t na = S_actors(c, &v, a, b, date, fk, acts);
        if (na < 2) continue;
        S_groups(&v, acts, na, grp);
        size_t ai = 0; /* first actor starting at or after t */
        bool wid_ok = false;
        if (b - a > widcap) {
            uint32_t *w2 = realloc(wid, (b - a) * sizeof *wid);
            if (!w2) { st = SL_ENOMEM; break; }
            wid = w2, widcap = b - a;
        }
        for (size_t t = a; t < b && st == SL_OK; t++) {
            while (ai < na && acts[ai].s < t) {
                if (acts[ai].e > t) { t = acts[ai].e; }
                ai++;
            }
            if (t >= b) break;
            if (ai < na && acts[ai].s == t) continue;
            if (v.tok[t].kind != SL_TOK_WORD || !((fk[t - a] >> 8) & 15)) continue;
            const sl_cameo_verb *vb;
            size_t tl = sl_cameo_verb_at(c, &v, t, b, &vb);
            if (!tl) continue;
            bool pattern;
            if (!wid_ok) { /* word ids of the sentence, once, when it has a verb */
                for (size_t k = a; k < b; k++) wid[k - a] = sl_cameo_word(c, &v, k);
                wid_ok = true;
            }
            const char *code = S_code_for(c, wid - a, vb, t, tl, a, b, &pattern);
            if (!code || !code[0]) { t += tl - 1; continue; }
            char cbuf[8];
            snprintf(cbuf, sizeof cbuf, "%s", code);
            if (cbuf[0] == '0' && cbuf[1] == '4' && S_intent(&v, t, a)) snprintf(cbuf, sizeof cbuf, "036");
            /* source: the nearest actor before; target: the first actor after */
            const S_act *src = NULL, *tgt = NULL;
            for (size_t k = ai; k-- > 0;) {
                if (t - acts[k].e > SL_EV_SOURCE_WINDOW) break;
                src = &acts[k];
                break;
            }
            const S_act *loc = NULL;
            for (size_t k = ai; k < na; k++) {
                if (acts[k].s < t + tl) continue;
                if (acts[k].s - (t + tl) > SL_EV_TARGET_WINDOW) break;
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
            float conf = 0.5f + (pattern ? 0.2f : 0.0f);
            if (!(cbuf[0] >= '0' && cbuf[0] <= '9')) { t += tl - 1; continue; }
            if (src && tgt && S_passive_verb(&v, t, a)) {
                const S_act *x = src;
                src = tgt, tgt = x;
            }
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
                        if (strcmp(acts[p].code, acts[q].code))
                            st = S_emit(d, &v, si, &acts[p], &acts[q], cbuf, conf + 0.1f);
            }
            t += tl - 1;
        }
    }
    free(acts);
    free(grp);
    free(wid);
    free(fk);
    sl_fview_free(&v);
    return st;
}
