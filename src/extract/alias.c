/*
 * alias.c — merges the mentions of one article into entities (d->mentions -> d->entities):
 * "Donald Trump" = "Trump" = "President Trump" = "mr trump".
 *
 * Each mention gets a canonical form: its words without leading titles, nationality words
 * and articles ("Russian President Vladimir Putin" -> "Vladimir Putin") and without a
 * trailing possessive. Then, precision first:
 *   1. forms of two or more words merge only when equal (ignoring case) and of one type;
 *   2. a shorter form joins a longer one when it is the longer one's last words ("Trump")
 *      or, failing that, its first words ("Kim" of "Kim Jong Un", "Xi" of "Xi Jinping") —
 *      and only when exactly one longer name introduced before it qualifies (all of them
 *      when none was), or one of them is strictly the most mentioned; once resolved, the
 *      same short form keeps its meaning in the article ("Mr Kim" stays Kim Jong Un after
 *      Kim Chang Son appears); two full names ("Kim Jong Un", "Kim Chang Son") never merge;
 *   3. an ORG/LOC short form that is the acronym of one longer name joins it ("UN").
 * A one-word mention the tagger typed LOC/ORG/MISC that is the last name of exactly one
 * person joins that person (and is retyped PER): the tagger's inconsistency, not a place.
 * The entity's name is its longest form, title-cased when the article had no case.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>

#include "extract/ner.h"

#define SL_ALIAS_MAX_WORDS 12u /* a longer "name" is a tagging accident: kept whole, unsplit */

typedef struct S_form {
    const char *w[SL_ALIAS_MAX_WORDS]; /* words of the canonical form, pointers into text */
    uint32_t wl[SL_ALIAS_MAX_WORDS];
    uint32_t nw;
} S_form;

static bool S_is_article(const char *w, size_t n)
{
    return (n == 3 && sl_ieq(w, "the", 3)) || (n == 1 && sl_ieq(w, "a", 1)) || (n == 2 && sl_ieq(w, "an", 2));
}

/* Canonical words of a mention (see the file comment). */
static void S_canon(const struct sl_lexicon *lex, const char *s, size_t n, S_form *f)
{
    f->nw = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && isspace((unsigned char)s[i])) i++;
        size_t b = i;
        while (i < n && !isspace((unsigned char)s[i])) i++;
        if (i > b && f->nw < SL_ALIAS_MAX_WORDS) { f->w[f->nw] = s + b; f->wl[f->nw++] = (uint32_t)(i - b); }
    }
    if (!f->nw) return;
    /* Trailing possessive: "Trump's", "Trump 's", "Trump’s". */
    uint32_t *ll = &f->wl[f->nw - 1];
    const char *lw = f->w[f->nw - 1];
    if (*ll == 2 && sl_ieq(lw, "'s", 2) && f->nw > 1) f->nw--;
    else if (*ll > 2 && sl_ieq(lw + *ll - 2, "'s", 2)) *ll -= 2;
    else if (*ll > 4 && memcmp(lw + *ll - 4, "\xe2\x80\x99s", 4) == 0) *ll -= 4;
    size_t k = 0;
    while (k + 1 < f->nw && (sl_lexicon_is_title(lex, f->w[k], f->wl[k]) ||
                             sl_lexicon_is_nationality(lex, f->w[k], f->wl[k]) ||
                             S_is_article(f->w[k], f->wl[k])))
        k++;
    if (k) {
        memmove(f->w, f->w + k, (f->nw - k) * sizeof f->w[0]);
        memmove(f->wl, f->wl + k, (f->nw - k) * sizeof f->wl[0]);
        f->nw -= (uint32_t)k;
    }
}

/* Lower-cased key of words [a, b) of f, joined by one space, prefixed by a tag. */
static size_t S_key(char *out, size_t cap, char tag, int type, const S_form *f, uint32_t a, uint32_t b)
{
    size_t o = 0;
    if (cap < 8) return 0;
    out[o++] = tag;
    out[o++] = (char)('0' + type);
    for (uint32_t i = a; i < b; i++) {
        if (i > a && o < cap) out[o++] = ' ';
        for (uint32_t j = 0; j < f->wl[i] && o < cap; j++) out[o++] = (char)tolower((unsigned char)f->w[i][j]);
    }
    return o;
}

/* Acronym of a multi-word form ("United Nations" -> "un"); 0 if none. Dots are ignored on
 * the short side by S_short_acr. */
static size_t S_acronym(char *out, size_t cap, int type, const S_form *f)
{
    size_t o = 0;
    out[o++] = 'A';
    out[o++] = (char)('0' + type);
    size_t letters = 0;
    for (uint32_t i = 0; i < f->nw && o < cap; i++) {
        const char *w = f->w[i];
        uint32_t n = f->wl[i];
        if ((n == 2 && sl_ieq(w, "of", 2)) || (n == 3 && (sl_ieq(w, "the", 3) || sl_ieq(w, "and", 3) || sl_ieq(w, "for", 3))))
            continue;
        if (!isalpha((unsigned char)w[0])) return 0;
        out[o++] = (char)tolower((unsigned char)w[0]);
        letters++;
    }
    return letters >= 2 ? o : 0;
}

static size_t S_short_acr(char *out, size_t cap, int type, const S_form *f)
{
    if (f->nw != 1) return 0;
    size_t o = 0;
    out[o++] = 'A';
    out[o++] = (char)('0' + type);
    for (uint32_t j = 0; j < f->wl[0] && o < cap; j++)
        if (f->w[0][j] != '.') out[o++] = (char)tolower((unsigned char)f->w[0][j]);
    return o > 3 ? o : 0;
}

/* The long names a short form could stand for (first few; more is hopeless anyway). */
#define S_MAX_CANDS 8
typedef struct S_cand {
    int32_t e[S_MAX_CANDS];
    uint32_t n;
} S_cand;

typedef struct S_ent {
    int type;
    uint32_t count, first, nw;
    int32_t longest; /* mention whose form is the entity's name */
} S_ent;

static sl_status S_map_set(sl_map *m, sl_arena *a, const char *k, size_t kn, int32_t e)
{
    bool created;
    sl_map_entry *me = sl_map_put(m, k, kn, &created);
    if (!me) return SL_ENOMEM;
    S_cand *c = me->val;
    if (!c) {
        c = sl_arena_alloc(a, sizeof *c);
        if (!c) return SL_ENOMEM;
        me->val = c;
    }
    for (uint32_t i = 0; i < c->n; i++)
        if (c->e[i] == e) return SL_OK;
    if (c->n < S_MAX_CANDS) c->e[c->n++] = e;
    return SL_OK;
}

/* The entity a short form at mention `at` stands for: among the candidates introduced before
 * it (or all, when none was: a headline may come first), the only one, or the strictly most
 * mentioned; -1 none, -2 ambiguous. */
static int32_t S_map_pick(const sl_map *m, const char *k, size_t kn, const S_ent *ents, size_t at)
{
    sl_map_entry *me = sl_map_get(m, k, kn);
    if (!me || !me->val) return -1;
    const S_cand *c = me->val;
    int32_t best = -1;
    uint32_t bestcnt = 0, second = 0, nb = 0;
    for (int all = 0; all < 2 && !nb; all++)
        for (uint32_t i = 0; i < c->n; i++) {
            const S_ent *en = &ents[c->e[i]];
            if (!all && en->first >= at) continue;
            nb++;
            if (best < 0 || en->count > bestcnt) { second = bestcnt; bestcnt = en->count; best = c->e[i]; }
            else if (en->count > second) second = en->count;
        }
    if (!nb) return -1;
    return nb == 1 || bestcnt > second ? best : -2;
}

/* Display string of a form; title-cased when `lower` (the article had no case). */
static char *S_display(sl_arena *a, const S_form *f, bool lower)
{
    size_t n = 0;
    for (uint32_t i = 0; i < f->nw; i++) n += f->wl[i] + 1;
    char *s = sl_arena_alloc(a, n + 1);
    if (!s) return NULL;
    size_t o = 0;
    for (uint32_t i = 0; i < f->nw; i++) {
        if (i) s[o++] = ' ';
        memcpy(s + o, f->w[i], f->wl[i]);
        if (lower && f->wl[i] && s[o] >= 'a' && s[o] <= 'z') s[o] = (char)(s[o] - 32);
        o += f->wl[i];
    }
    s[o] = 0;
    return s;
}

/* ---- names in the title ----------------------------------------------------------------------
 * Clean moves a leading title line out of d->text, and headlines name people in full
 * ("Presidents Donald Trump and Vladimir Putin will likely meet") while the body may say only
 * "Trump". The title is tagged here (its mentions have no span in the text, so they are not
 * added to d->mentions) and its full names can give an entity its name. */

#define SL_ALIAS_MAX_TITLE_TOKENS 128u

typedef struct S_tname {
    S_form f;
    int type;
} S_tname;

static bool S_wordch(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) /* curly quotes (U+2018..U+201D) are punctuation */
        return !(c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] >= 0x98 && (unsigned char)s[i + 2] <= 0x9d);
    return isalnum(c) || c == '-' || c == '\'' || c == '.';
}

static size_t S_title_names(const sl_engine *e, const sl_doc *d, S_tname *out, size_t max)
{
    if (!e || !d->title) return 0;
    const char *t = d->title;
    size_t n = strlen(t), nt = 0, no = 0;
    sl_ner_tok toks[SL_ALIAS_MAX_TITLE_TOKENS];
    uint8_t tags[SL_ALIAS_MAX_TITLE_TOKENS];
    for (size_t i = 0; i < n && nt < SL_ALIAS_MAX_TITLE_TOKENS;) {
        unsigned char c = (unsigned char)t[i];
        if (isspace(c)) { i++; continue; }
        size_t b = i;
        if (S_wordch(t, i, n) && c != '.' && c != '-' && c != '\'') {
            while (i < n && S_wordch(t, i, n)) i++;
            if (t[i - 1] == '.' && !(i - b >= 4 && t[i - 3] == '.')) i--;
        } else {
            i += c >= 0x80 ? (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) : 1;
            if (i > n) i = n;
        }
        toks[nt++] = (sl_ner_tok){t + b, (uint32_t)(i - b)};
    }
    if (!nt) return 0;
    sl_ner_sent sent = {0, (uint32_t)nt, 0};
    bool ci = (d->flags & SL_DOC_LOWERCASED) != 0;
    if (sl_ner_tag(e->ner, e->lex, ci, toks, nt, &sent, 1, tags) != SL_OK) return 0;
    for (size_t i = 0; i < nt && no < max; i++) {
        int pos = sl_ner_tag_pos(tags[i]);
        if (!tags[i] || pos == SL_NER_I || pos == SL_NER_L) continue;
        size_t j = i;
        while (pos == SL_NER_B && j + 1 < nt && sl_ner_tag_pos(tags[j + 1]) == SL_NER_I) j++;
        if (pos == SL_NER_B && j + 1 < nt && sl_ner_tag_pos(tags[j + 1]) == SL_NER_L) j++;
        S_canon(e->lex, toks[i].s, (size_t)(toks[j].s + toks[j].len - toks[i].s), &out[no].f);
        out[no].type = sl_ner_tag_type(tags[i]);
        if (out[no].f.nw >= 2) no++;
        i = j;
    }
    return no;
}

/* The one title name of type `type` that ends with all the words of f and is longer; -1 if
 * none or several. */
static int S_title_match(const S_tname *tn, size_t ntn, const S_form *f, int type)
{
    int found = -1;
    for (size_t k = 0; k < ntn; k++) {
        const S_form *g = &tn[k].f;
        if (tn[k].type != type || g->nw <= f->nw) continue;
        bool eq = true;
        for (uint32_t w = 0; w < f->nw && eq; w++) {
            uint32_t gw = g->nw - f->nw + w;
            eq = g->wl[gw] == f->wl[w] && sl_ieq(g->w[gw], f->w[w], f->wl[w]);
        }
        if (!eq) continue;
        if (found >= 0) return -1;
        found = (int)k;
    }
    return found;
}

static bool S_has_upper(const S_form *f)
{
    for (uint32_t i = 0; i < f->nw; i++)
        for (uint32_t j = 0; j < f->wl[i]; j++)
            if (f->w[i][j] >= 'A' && f->w[i][j] <= 'Z') return true;
    return false;
}

sl_status sl_alias(const sl_engine *e, sl_doc *d)
{
    size_t nm = d->mentions.n;
    if (!nm) return SL_OK;
    const struct sl_lexicon *lex = e ? e->lex : NULL;
    sl_arena *ar = &d->arena;
    S_form *forms = malloc(nm * sizeof *forms);
    S_ent *ents = malloc(nm * sizeof *ents);
    sl_map keys, cands;
    sl_map_init(&keys);
    sl_map_init(&cands);
    sl_status st = SL_OK;
    size_t ne = 0;
    char kb[512];
    if (!forms || !ents) { st = SL_ENOMEM; goto done; }
    for (size_t i = 0; i < nm; i++) {
        const sl_mention *m = &d->mentions.v[i];
        S_canon(lex, d->text + m->span.start, m->span.end - m->span.start, &forms[i]);
        d->mentions.v[i].entity = -1;
    }
    /* 1. Multi-word forms: exact keys. */
    for (size_t i = 0; i < nm; i++) {
        const S_form *f = &forms[i];
        if (f->nw < 2) continue;
        int type = d->mentions.v[i].type;
        size_t kn = S_key(kb, sizeof kb, 'K', type, f, 0, f->nw);
        bool created;
        sl_map_entry *me = sl_map_put(&keys, kb, kn, &created);
        if (!me) { st = SL_ENOMEM; goto done; }
        if (created) {
            ents[ne] = (S_ent){type, 0, (uint32_t)i, f->nw, (int32_t)i};
            me->val = (void *)(uintptr_t)(ne + 1);
            ne++;
        }
        size_t ei = (uintptr_t)me->val - 1;
        ents[ei].count++;
        d->mentions.v[i].entity = (int32_t)ei;
    }
    /* Candidate tables: last words, first words and acronyms of every long name. */
    for (size_t ei = 0; ei < ne; ei++) {
        const S_form *f = &forms[ents[ei].longest];
        for (uint32_t k = 1; k < f->nw; k++) {
            size_t kn = S_key(kb, sizeof kb, 'L', ents[ei].type, f, f->nw - k, f->nw);
            if ((st = S_map_set(&cands, ar, kb, kn, (int32_t)ei)) != SL_OK) goto done;
            kn = S_key(kb, sizeof kb, 'F', ents[ei].type, f, 0, k);
            if ((st = S_map_set(&cands, ar, kb, kn, (int32_t)ei)) != SL_OK) goto done;
        }
        size_t an = S_acronym(kb, sizeof kb, ents[ei].type, f);
        if (an && (st = S_map_set(&cands, ar, kb, an, (int32_t)ei)) != SL_OK) goto done;
    }
    /* 2. Short forms, in text order: persons first, so that a word the tagger also typed
     * otherwise elsewhere finds the person. */
    for (size_t pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < nm; i++) {
        const S_form *f = &forms[i];
        if (f->nw >= 2 || (d->mentions.v[i].type == SL_PER) != (pass == 0)) continue;
        int type = d->mentions.v[i].type;
        int32_t ei = -1;
        /* A short form keeps the meaning it first had in the article ("Mr Kim" stays Kim Jong
         * Un after Kim Chang Son is introduced). */
        char sk[512];
        size_t skn = S_key(sk, sizeof sk, 'S', type, f, 0, f->nw);
        sl_map_entry *sticky = sl_map_get(&keys, sk, skn);
        if (sticky && sticky->val) ei = (int32_t)((uintptr_t)sticky->val - 1);
        if (ei == -1 && f->nw == 1) {
            size_t kn = S_key(kb, sizeof kb, 'L', type, f, 0, 1);
            ei = S_map_pick(&cands, kb, kn, ents, i);
            if (ei == -1) { kb[0] = 'F'; ei = S_map_pick(&cands, kb, kn, ents, i); }
            if (ei == -1 && (type == SL_ORG || type == SL_LOC)) {
                size_t an = S_short_acr(kb, sizeof kb, type, f);
                if (an) ei = S_map_pick(&cands, kb, an, ents, i);
            }
            if (ei == -1 && type != SL_PER) {
                /* A person's last name the tagger typed otherwise. */
                kn = S_key(kb, sizeof kb, 'L', SL_PER, f, 0, 1);
                ei = S_map_pick(&cands, kb, kn, ents, i);
                if (ei >= 0) d->mentions.v[i].type = SL_PER;
            }
            if (ei >= 0) {
                bool created;
                sl_map_entry *me = sl_map_put(&keys, sk, skn, &created);
                if (!me) { st = SL_ENOMEM; goto done; }
                me->val = (void *)(uintptr_t)(ei + 1);
            }
        }
        if (ei == -1 && f->nw == 1 && type != SL_PER) {
            /* ... or a one-word person of this article (the tagger typed the same word PER
             * elsewhere in it) */
            size_t kn = S_key(kb, sizeof kb, 'K', SL_PER, f, 0, 1);
            sl_map_entry *me = sl_map_get(&keys, kb, kn);
            if (me && me->val) {
                ei = (int32_t)((uintptr_t)me->val - 1);
                d->mentions.v[i].type = SL_PER;
            }
        }
        if (ei < 0) {
            /* Its own entity, shared with equal short forms. */
            size_t kn = S_key(kb, sizeof kb, 'K', type, f, 0, f->nw);
            bool created;
            sl_map_entry *me = sl_map_put(&keys, kb, kn, &created);
            if (!me) { st = SL_ENOMEM; goto done; }
            if (created) {
                ents[ne] = (S_ent){type, 0, (uint32_t)i, f->nw, (int32_t)i};
                me->val = (void *)(uintptr_t)(ne + 1);
                ne++;
            }
            ei = (int32_t)((uintptr_t)me->val - 1);
        }
        ents[ei].count++;
        if ((uint32_t)i < ents[ei].first) ents[ei].first = (uint32_t)i;
        d->mentions.v[i].entity = ei;
    }
    /* 3. Entities: name, aliases (distinct forms, case-insensitively), counts. */
    bool lower = (d->flags & SL_DOC_LOWERCASED) != 0;
    S_tname tnames[16];
    size_t ntn = S_title_names(e, d, tnames, SL_ARRAY_LEN(tnames));
    for (size_t ei = 0; ei < ne; ei++) {
        sl_entity en = {0};
        en.type = (uint8_t)ents[ei].type;
        en.mentions = ents[ei].count;
        en.first = ents[ei].first;
        /* name: most words, then properly cased, then first seen */
        int32_t best = ents[ei].longest;
        uint32_t na = 0;
        for (size_t i = 0; i < nm; i++)
            if (d->mentions.v[i].entity == (int32_t)ei) {
                na++;
                if (forms[i].nw > forms[best].nw || (forms[i].nw == forms[best].nw && !S_has_upper(&forms[best]) &&
                                                     S_has_upper(&forms[i])))
                    best = (int32_t)i;
            }
        const S_form *nf = &forms[best];
        if (nf->nw == 1) {
            int k = S_title_match(tnames, ntn, nf, ents[ei].type);
            if (k >= 0) nf = &tnames[k].f;
        }
        en.name = S_display(ar, nf, lower || !S_has_upper(nf));
        en.aliases = sl_arena_alloc(ar, (na + 1) * sizeof(char *));
        if (!en.name || !en.aliases) { st = SL_ENOMEM; goto done; }
        en.aliases[en.naliases++] = en.name;
        for (size_t i = 0; i < nm; i++) {
            if (d->mentions.v[i].entity != (int32_t)ei) continue;
            char *s = S_display(ar, &forms[i], false);
            if (!s) { st = SL_ENOMEM; goto done; }
            bool dup = false;
            for (uint32_t k = 0; k < en.naliases && !dup; k++)
                dup = strlen(en.aliases[k]) == strlen(s) && sl_ieq(en.aliases[k], s, strlen(s));
            if (!dup) en.aliases[en.naliases++] = s;
        }
        if (!sl_vec_push(&d->entities, en)) { st = SL_ENOMEM; goto done; }
    }
done:
    free(forms);
    free(ents);
    sl_map_free(&keys);
    sl_map_free(&cands);
    return st;
}

/* ---- corpus-level rule --------------------------------------------------------------------- */

static size_t S_words(const char *s, const char **w, size_t *wl, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; s[i];) {
        while (s[i] && isspace((unsigned char)s[i])) i++;
        size_t b = i;
        while (s[i] && !isspace((unsigned char)s[i])) i++;
        if (i > b && n < max) { w[n] = s + b; wl[n++] = i - b; }
    }
    return n;
}

static bool S_run_eq(const char **a, const size_t *al, const char **b, const size_t *bl, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (al[i] != bl[i] || !sl_ieq(a[i], b[i], al[i])) return false;
    return true;
}

bool sl_alias_same(const char *a, const char *b, sl_ent_type t)
{
    if (!a || !b) return false;
    const char *wa[SL_ALIAS_MAX_WORDS], *wb[SL_ALIAS_MAX_WORDS];
    size_t la[SL_ALIAS_MAX_WORDS], lb[SL_ALIAS_MAX_WORDS];
    size_t na = S_words(a, wa, la, SL_ALIAS_MAX_WORDS), nb = S_words(b, wb, lb, SL_ALIAS_MAX_WORDS);
    if (!na || !nb) return false;
    if (na == nb) return S_run_eq(wa, la, wb, lb, na);
    /* Let a be the shorter. */
    if (na > nb) {
        const char **tw; size_t *tl, tn;
        const char *sw[SL_ALIAS_MAX_WORDS]; size_t sl[SL_ALIAS_MAX_WORDS];
        memcpy(sw, wa, sizeof sw); memcpy(sl, la, sizeof sl);
        memcpy(wa, wb, sizeof wa); memcpy(la, lb, sizeof la);
        memcpy(wb, sw, sizeof wb); memcpy(lb, sl, sizeof lb);
        tn = na; na = nb; nb = tn;
        (void)tw; (void)tl;
    }
    if (t == SL_PER) /* last name(s), or family name first ("Kim" of "Kim Jong Un") */
        return S_run_eq(wa, la, wb + (nb - na), lb + (nb - na), na) || S_run_eq(wa, la, wb, lb, na);
    if (na == 1 && (t == SL_ORG || t == SL_LOC)) {
        /* acronym */
        size_t k = 0, j = 0;
        for (size_t i = 0; i < nb; i++) {
            if ((lb[i] == 2 && sl_ieq(wb[i], "of", 2)) || (lb[i] == 3 && (sl_ieq(wb[i], "the", 3) || sl_ieq(wb[i], "and", 3) || sl_ieq(wb[i], "for", 3))))
                continue;
            while (j < la[0] && wa[0][j] == '.') j++;
            if (j >= la[0] || tolower((unsigned char)wa[0][j]) != tolower((unsigned char)wb[i][0])) { k = 0; break; }
            j++; k++;
        }
        while (j < la[0] && wa[0][j] == '.') j++;
        if (k >= 2 && j == la[0]) return true;
    }
    return false;
}
