/*
 * cameo.c — the CAMEO dictionaries for the events stage, and the speech cues for quotes.
 *
 * Sources (compiled by tools/build_cameo.py into resources/, MIT, (c) Open Event Data
 * Alliance; see resources/CAMEO-ATTRIBUTION.txt):
 *   cameo-verbs.txt   PETRARCH-2 CAMEO.2.0 verb dictionary (comments stripped)
 *   cameo-actors.txt  Phoenix country/international/non-state actors, still-current entries,
 *                     plus hand-written entries for current leaders (tools/leaders.actors)
 *   cameo-agents.txt  Phoenix agents (~GOV, ~COP, ~BUS, ...), macros expanded
 *   cameo-labels.tsv  the CAMEO codebook labels (GDELT lookup table, glitches repaired)
 * The same parsers read the original TABARI/PETRARCH files, so `storyline eval events --dict`
 * can load the dictionaries a validation set names.
 *
 * Everything is held in hash maps keyed by lower-case phrases ("vladimir putin"), so a lookup
 * at a token costs at most SL_CAMEO_MAX_PHRASE probes. Patterns keep TABARI's elements: words
 * and &SETs before and after the verb's `*`, the slots $ (source) + (target) % (compound)
 * ^ (skip a noun phrase), "_" adjacency, {A | B} alternatives (expanded), [a:b] reverse codes;
 * PETRARCH-2's parse-tree constraints (noun-phrase heads, parentheses) are read as plain words.
 * With c->tabari (the validation dictionaries) words without a final "_" are stems.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "extract/cameo.h"

#define SL_CAMEO_KEY_MAX 160

/* ---- keys --------------------------------------------------------------------------- */

/* Lower-cased dictionary phrase "VLADIMIR_V._PUTIN_" -> "vladimir v. putin". */
static size_t S_dict_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        /* TABARI's "=" ends a word like "_" ("MOUSE=", "BAN=": the word itself, not a stem) */
        if (ch == '=') continue;
        if (ch == '_' || ch == ' ' || ch == '\t') { space = o > 0; continue; }
        if (space) { if (o + 1 >= cap) return 0; out[o++] = ' '; space = false; }
        if (o + 1 >= cap) return 0;
        out[o++] = (char)tolower((unsigned char)ch);
    }
    out[o] = 0;
    return o;
}

/* Key of one token: lower case, curly apostrophe folded, possessive "'s" dropped. */
static size_t S_tok_key(const sl_fview *v, size_t i, char *out, size_t cap, bool *poss)
{
    size_t n = sl_fv_lower(v, i, out, cap);
    /* TABARI texts join the words of a name with "_" ("Dol_Amroth"), as its dictionaries do */
    for (char *u = memchr(out, '_', n); u; u = memchr(u + 1, '_', (size_t)(out + n - u - 1))) *u = ' ';
    *poss = false;
    if (n > 2 && out[n - 2] == '\'' && out[n - 1] == 's') { n -= 2; out[n] = 0; *poss = true; }
    return n;
}

/* Longest phrase of map m at token i: returns tokens matched and the value. */
static size_t S_longest_p(const struct sl_cameo *c, int kind, const sl_map *m, uint8_t maxlen, const sl_fview *v,
                          size_t i, size_t end, void **val, bool plural, bool *used_plural, uintptr_t hint);

/* The first-word entry of a lower-case key (see S_ftab_build). */
static uintptr_t S_first_val(const struct sl_cameo *c, const char *w, size_t n, uint64_t h);
/* True when some dictionary phrase starts with the words of key (a bit filter: may err
 * towards true, never towards false). */
static bool S_pre(const struct sl_cameo *c, const char *key, size_t kl)
{
    uint64_t hp = sl_hash64(key, kl, 11) & (SL_CAMEO_FIRST_BITS - 1);
    return c->pre_bits[hp / 64] >> (hp % 64) & 1;
}
static size_t S_longest(const struct sl_cameo *c, int kind, const sl_map *m, uint8_t maxlen, const sl_fview *v,
                        size_t i, size_t end, void **val)
{
    return S_longest_p(c, kind, m, maxlen, v, i, end, val, false, NULL, 0);
}

/* With `plural`, a phrase whose last word ends in -s also matches its singular entry
 * ("soldiers" -> SOLDIER), as TABARI's noun phrases do. */
static size_t S_longest_p(const struct sl_cameo *c, int kind, const sl_map *m, uint8_t maxlen, const sl_fview *v,
                          size_t i, size_t end, void **val, bool plural, bool *used_plural, uintptr_t hint)
{
    char key[SL_CAMEO_KEY_MAX];
    size_t kl = 0, best = 0;
    bool one = false;
    /* one probe for the first word: most tokens start no phrase (regular plurals of one-word
     * phrases have entries of their own, see S_first); `hint` is that probe when the caller
     * made it already (sl_cameo_first_kinds) */
    {
        uintptr_t fv = hint;
        if (!fv) {
            char fk[66];
            bool poss;
            if (v->tok[i].kind == SL_TOK_PUNCT) return 0;
            size_t wl = S_tok_key(v, i, fk, sizeof fk, &poss);
            if (!wl) return 0;
            fv = S_first_val(c, fk, wl, sl_hash64(fk, wl, 7));
        }
        uintptr_t lim = (fv >> (4 * kind)) & 15;
        if (!lim) return 0;
        if (lim < maxlen) maxlen = (uint8_t)lim;
        /* the first word is a phrase prefix by construction; it is a phrase of its own (or
         * the plural of one) only when flagged: most first words ("the", "new") are not, and
         * then their map probes, cold for every article, are saved */
        one = (fv >> (SL_CAMEO_FK_ONE + kind)) & 1;
    }
    for (size_t k = 0; k < maxlen && i + k < end; k++) {
        const sl_token *t = &v->tok[i + k];
        if (t->kind == SL_TOK_PUNCT && !(k > 0 && sl_fv_punct(v, i + k, '-'))) break;
        char w[64];
        bool poss;
        size_t wl = S_tok_key(v, i + k, w, sizeof w, &poss);
        if (!wl || kl + wl + 2 >= sizeof key) break;
        if (kl) key[kl++] = ' ';
        memcpy(key + kl, w, wl);
        kl += wl;
        bool pre = k == 0 || S_pre(c, key, kl);
        bool probe = k > 0 || one;
        sl_map_entry *e = pre && probe ? sl_map_get(m, key, kl) : NULL;
        bool pl = false;
        if (!e && probe && plural && wl > 3 && key[kl - 1] == 's') {
            /* each singular is probed only when some phrase has it as a prefix (pre_bits) */
            pl = true;
            if (S_pre(c, key, kl - 1)) e = sl_map_get(m, key, kl - 1);
            if (!e && key[kl - 2] == 'e' && S_pre(c, key, kl - 2)) e = sl_map_get(m, key, kl - 2);
            if (!e && key[kl - 2] == 'e' && key[kl - 3] == 'i' && kl + 1 < sizeof key) { /* companies */
                char k2[SL_CAMEO_KEY_MAX];
                memcpy(k2, key, kl - 3);
                k2[kl - 3] = 'y';
                if (S_pre(c, k2, kl - 2)) e = sl_map_get(m, k2, kl - 2);
            }
        }
        if (e) {
            best = k + 1;
            *val = e->val;
            if (used_plural) *used_plural = pl;
        }
        if (poss) break; /* "Russia's" ends a phrase */
        if (!pre && !(plural && wl > 3 && w[wl - 1] == 's')) break; /* no phrase goes on like this */
    }
    return best;
}

/* c->firsts maps a phrase's first word to the most words of a phrase starting with it, per
 * dictionary (4 bits each: actors, agents, verbs, cues), so that a token which starts no phrase
 * costs one probe for all four dictionaries. */
static sl_status S_first_word(struct sl_cameo *c, int kind, const char *w, size_t fl, size_t words)
{
    bool created;
    sl_map_entry *e = sl_map_put(&c->firsts, w, fl, &created);
    if (!e) return SL_ENOMEM;
    uint64_t h = sl_hash64(w, fl, 7) & (SL_CAMEO_FIRST_BITS - 1);
    c->first_bits[h / 64] |= (uint64_t)1 << (h % 64);
    uintptr_t v = created ? 0 : (uintptr_t)e->val;
    uintptr_t cur = (v >> (4 * kind)) & 15;
    if (words > cur) v = (v & ~((uintptr_t)15 << (4 * kind))) | ((uintptr_t)words << (4 * kind));
    if (words == 1) v |= (uintptr_t)1 << (SL_CAMEO_FK_ONE + kind);
    e->val = (void *)v;
    return SL_OK;
}

static sl_status S_first(struct sl_cameo *c, int kind, const char *key, size_t kl)
{
    size_t fl = 0, words = 1;
    while (fl < kl && key[fl] != ' ') fl++;
    for (size_t i = fl; i < kl; i++) words += key[i] == ' ';
    if (words > 15) words = 15;
    /* the regular plurals of a one-word actor or agent ("soldiers", "companies") get their own
     * first-word entries, so a token costs one probe (S_longest_p folds them back) */
    if ((kind == 0 || kind == 1) && words == 1 && fl + 3 < 64) {
        char pl[64];
        memcpy(pl, key, fl);
        memcpy(pl + fl, "s", 2);
        if (fl + 1 > 3 && S_first_word(c, kind, pl, fl + 1, 1) != SL_OK) return SL_ENOMEM;
        memcpy(pl + fl, "es", 3);
        if (fl + 2 > 3 && S_first_word(c, kind, pl, fl + 2, 1) != SL_OK) return SL_ENOMEM;
        if (fl > 1 && key[fl - 1] == 'y') {
            memcpy(pl + fl - 1, "ies", 4);
            if (S_first_word(c, kind, pl, fl + 2, 1) != SL_OK) return SL_ENOMEM;
        }
    }
    bool created;
    sl_map_entry *e = sl_map_put(&c->firsts, key, fl, &created);
    if (!e) return SL_ENOMEM;
    uint64_t h = sl_hash64(key, fl, 7) & (SL_CAMEO_FIRST_BITS - 1);
    c->first_bits[h / 64] |= (uint64_t)1 << (h % 64);
    /* every word prefix of the phrase, for early stops in S_longest_p */
    for (size_t i = fl; i <= kl; i++) {
        if (i < kl && key[i] != ' ') continue;
        uint64_t hp = sl_hash64(key, i, 11) & (SL_CAMEO_FIRST_BITS - 1);
        c->pre_bits[hp / 64] |= (uint64_t)1 << (hp % 64);
    }
    uintptr_t v = created ? 0 : (uintptr_t)e->val;
    uintptr_t cur = (v >> (4 * kind)) & 15;
    if (words > cur) v = (v & ~((uintptr_t)15 << (4 * kind))) | ((uintptr_t)words << (4 * kind));
    if (words == 1) v |= (uintptr_t)1 << (SL_CAMEO_FK_ONE + kind);
    e->val = (void *)v;
    return SL_OK;
}

static sl_status S_put(struct sl_cameo *c, int kind, sl_map *m, const char *key, size_t kl, uintptr_t val,
                       uint8_t *maxlen)
{
    if (kind >= 0 && S_first(c, kind, key, kl) != SL_OK) return SL_ENOMEM;
    bool created;
    sl_map_entry *e = sl_map_put(m, key, kl, &created);
    if (!e) return SL_ENOMEM;
    if (created) e->val = (void *)val;
    size_t words = 1;
    for (size_t i = 0; i < kl; i++) words += key[i] == ' ';
    if (maxlen && words > *maxlen) *maxlen = (uint8_t)SL_MIN(words, SL_CAMEO_MAX_PHRASE);
    return SL_OK;
}

/* ---- lines -------------------------------------------------------------------------- */

typedef struct {
    const char *p, *end;
    bool in_xml_comment; /* inside a "<!-- ... -->" block: S_next_dict_line's state */
} S_lines;

static bool S_next_line(S_lines *L, const char **s, size_t *n)
{
    if (L->p >= L->end) return false;
    const char *e = memchr(L->p, '\n', (size_t)(L->end - L->p));
    if (!e) e = L->end;
    *s = L->p;
    *n = (size_t)(e - L->p);
    if (*n && (*s)[*n - 1] == '\r') (*n)--;
    L->p = e + 1;
    return true;
}

static size_t S_strip_comment(const char *s, size_t n, const char *marks)
{
    for (size_t i = 0; i < n; i++)
        if (strchr(marks, s[i])) return i;
    return n;
}

/* The next line of an actors, agents or verbs dictionary with what no reader of them looks
 * at taken out: "<!-- ... -->" blocks are skipped whole, a '#' or ';' comment is cut, then
 * the trailing bytes found in `blanks`. The line left may be empty. */
static bool S_next_dict_line(S_lines *L, const char *blanks, const char **s, size_t *n)
{
    while (S_next_line(L, s, n)) {
        if (*n >= 4 && memcmp(*s, "<!--", 4) == 0) { L->in_xml_comment = !memmem(*s, *n, "-->", 3); continue; }
        if (L->in_xml_comment) { if (memmem(*s, *n, "-->", 3)) L->in_xml_comment = false; continue; }
        *n = S_strip_comment(*s, *n, "#;");
        while (*n && (*s)[*n - 1] && strchr(blanks, (*s)[*n - 1])) (*n)--;
        return true;
    }
    return false;
}

/* A date restriction: yymmdd or yyyymmdd; anything else (longer digit runs included) is no
 * date (0), so a corrupted dictionary cannot overflow the value. */
static int32_t S_date(const char *s, size_t n)
{
    int32_t x = 0;
    if (n != 6 && n != 8) return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        x = x * 10 + (s[i] - '0');
    }
    if (n == 6) { int yy = x / 10000; x += (yy >= 30 ? 19000000 : 20000000); }
    return x;
}

/* "[RUSGOV >080508]" "[RUSELI 700101-990809]" "[USA]" -> code. */
static bool S_parse_code(const char *s, size_t n, sl_cameo_code *c)
{
    memset(c, 0, sizeof *c);
    size_t i = 0, k = 0;
    while (i < n && (s[i] == '[' || s[i] == ' ' || s[i] == '~')) i++;
    while (i < n && s[i] != ' ' && s[i] != ']' && k + 1 < sizeof c->code) c->code[k++] = s[i++];
    c->code[k] = 0;
    while (i < n && s[i] == ' ') i++;
    if (i < n && s[i] == '>') {
        size_t j = ++i;
        while (j < n && isdigit((unsigned char)s[j])) j++;
        c->from = S_date(s + i, j - i);
    } else if (i < n && s[i] == '<') {
        size_t j = ++i;
        while (j < n && isdigit((unsigned char)s[j])) j++;
        c->to = S_date(s + i, j - i);
    } else if (i < n && isdigit((unsigned char)s[i])) {
        size_t j = i;
        while (j < n && isdigit((unsigned char)s[j])) j++;
        c->from = S_date(s + i, j - i);
        if (j < n && s[j] == '-') {
            size_t q = ++j;
            while (q < n && isdigit((unsigned char)s[q])) q++;
            c->to = S_date(s + j, q - j);
        }
    }
    return k > 0;
}

/* ---- actors ------------------------------------------------------------------------- */

static sl_status S_add_actors(struct sl_cameo *c, const char *data, size_t len)
{
    S_lines L = {.p = data, .end = data + len};
    const char *s;
    size_t n;
    /* phrases of the entry being read, committed when its codes are known */
    SL_VEC(char *) ph = {0};
    sl_status st = SL_OK;
    int32_t cur = -1;
    while (st == SL_OK && S_next_dict_line(&L, " \t", &s, &n)) {
        if (!n) continue;
        bool codeline = s[0] == ' ' || s[0] == '\t';
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i == n) continue;
        if (s[i] == '<') continue; /* XML-ish markers */
        if (codeline && s[i] != '[' && s[i] != '+') continue;
        bool syn = s[i] == '+';
        if (!codeline && !syn) { /* a new entry */
            if (!sl_vec_grow(&c->actor_v)) { st = SL_ENOMEM; break; }
            cur = (int32_t)c->actor_v.n;
            sl_cameo_actor a = {(uint32_t)c->codes.n, 0};
            c->actor_v.v[c->actor_v.n++] = a;
        }
        if (cur < 0) continue;
        if (syn) i++;
        if (i == n) continue; /* a bare "+": no phrase, no codes (and nothing to read at s[n]) */
        /* phrase part up to '[' */
        size_t pe = i;
        while (pe < n && s[pe] != '[') pe++;
        if (s[i] != '[') {
            size_t ph_end = pe;
            /* braces: "{...}" alternative forms on the same line (agents style) are ignored */
            const char *br = memchr(s + i, '{', ph_end - i);
            if (br) ph_end = (size_t)(br - s);
            char key[SL_CAMEO_KEY_MAX];
            size_t kl = S_dict_key(s + i, ph_end - i, key, sizeof key);
            if (kl && (st = S_put(c, 0, &c->actors, key, kl, (uintptr_t)cur + 1, &c->max_actor)) != SL_OK) break;
            /* TABARI: a one-word phrase without a final "_" is a stem ("ERIADOR" -> "Eriadorian") */
            size_t re = ph_end;
            while (re > i && (s[re - 1] == ' ' || s[re - 1] == '\t')) re--;
            if (c->tabari && kl && !strchr(key, ' ') && re > i && s[re - 1] != '_' && s[re - 1] != '=') {
                bool created;
                sl_map_entry *e = sl_map_put(&c->actor_stems, key, kl, &created);
                if (!e) { st = SL_ENOMEM; break; }
                if (created) e->val = (void *)((uintptr_t)cur + 1);
            }
        }
        /* codes on this line */
        for (size_t q = pe; q < n;) {
            if (s[q] != '[') { q++; continue; }
            size_t r = q;
            while (r < n && s[r] != ']') r++;
            sl_cameo_code cc;
            if (S_parse_code(s + q + 1, r - q - 1, &cc)) {
                /* codes belong to the current entry, which must be the last one */
                if ((size_t)cur + 1 == c->actor_v.n) {
                    if (!sl_vec_push(&c->codes, cc)) { st = SL_ENOMEM; break; }
                    c->actor_v.v[cur].ncodes++;
                }
            }
            q = r + 1;
        }
    }
    sl_vec_free(&ph);
    return st;
}

/* ---- agents ------------------------------------------------------------------------- */

typedef struct { char name[32]; char *vals[16]; int nvals; } S_macro;

static sl_status S_add_agents(struct sl_cameo *c, const char *data, size_t len)
{
    S_lines L = {.p = data, .end = data + len};
    const char *s;
    size_t n;
    S_macro mac[16];
    int nmac = 0;
    sl_status st = SL_OK;
    while (st == SL_OK && S_next_dict_line(&L, " \t", &s, &n)) {
        if (!n || s[0] == '<') continue;
        if (s[0] == '!') { /* "!PERSON! = MAN, MEN, ..." */
            const char *eq = memchr(s, '=', n);
            if (!eq || nmac >= 16) continue;
            S_macro *m = &mac[nmac];
            size_t nl = 0;
            for (const char *p = s; p < eq && nl + 1 < sizeof m->name; p++)
                if (*p != ' ') m->name[nl++] = *p;
            m->name[nl] = 0;
            m->nvals = 0;
            const char *p = eq + 1, *e = s + n;
            while (p < e && m->nvals < 16) {
                while (p < e && (*p == ' ' || *p == ',')) p++;
                const char *q = p;
                while (q < e && *q != ',') q++;
                size_t l = (size_t)(q - p);
                while (l && p[l - 1] == ' ') l--;
                if (l) m->vals[m->nvals++] = sl_arena_strndup(&c->arena, p, l);
                p = q;
            }
            nmac++;
            continue;
        }
        const char *lb = memchr(s, '[', n);
        if (!lb) continue;
        const char *rb = memchr(lb, ']', (size_t)(s + n - lb));
        if (!rb) continue;
        sl_cameo_code cc;
        if (!S_parse_code(lb + 1, (size_t)(rb - lb - 1), &cc)) continue;
        cc.from = memchr(s, '{', (size_t)(lb - s)) != NULL; /* agents carry no dates: the bit marks "{}" */
        if (!sl_vec_push(&c->agent_v, cc)) { st = SL_ENOMEM; break; }
        uintptr_t idx = c->agent_v.n;
        /* phrases: the main one plus {alternatives} */
        const char *pe = lb;
        const char *br = memchr(s, '{', (size_t)(lb - s));
        char buf[3][SL_CAMEO_KEY_MAX];
        int nb = 0;
        size_t l0 = (size_t)((br ? br : pe) - s);
        if (l0 < SL_CAMEO_KEY_MAX) { memcpy(buf[nb], s, l0); buf[nb][l0] = 0; nb++; }
        if (br) {
            const char *be = memchr(br, '}', (size_t)(lb - br));
            const char *p = br + 1;
            while (be && p < be && nb < 3) {
                while (p < be && *p == ' ') p++;
                const char *q = p;
                while (q < be && *q != ' ') q++;
                if (q > p && (size_t)(q - p) < SL_CAMEO_KEY_MAX) {
                    memcpy(buf[nb], p, (size_t)(q - p));
                    buf[nb][q - p] = 0;
                    nb++;
                }
                p = q;
            }
        }
        for (int b = 0; b < nb && st == SL_OK; b++) {
            /* expand one macro occurrence */
            char *m1 = strchr(buf[b], '!');
            char *m2 = m1 ? strchr(m1 + 1, '!') : NULL;
            if (m1 && m2) {
                for (int k = 0; k < nmac; k++) {
                    if ((size_t)(m2 - m1 + 1) != strlen(mac[k].name) || memcmp(m1, mac[k].name, (size_t)(m2 - m1 + 1)))
                        continue;
                    for (int vi = 0; vi < mac[k].nvals && st == SL_OK; vi++) {
                        char tmp[SL_CAMEO_KEY_MAX * 2], key[SL_CAMEO_KEY_MAX];
                        snprintf(tmp, sizeof tmp, "%.*s%s%s", (int)(m1 - buf[b]), buf[b], mac[k].vals[vi] ? mac[k].vals[vi] : "", m2 + 1);
                        size_t kl = S_dict_key(tmp, strlen(tmp), key, sizeof key);
                        if (kl) st = S_put(c, 1, &c->agents, key, kl, idx, &c->max_agent);
                    }
                }
                continue;
            }
            char key[SL_CAMEO_KEY_MAX];
            size_t kl = S_dict_key(buf[b], strlen(buf[b]), key, sizeof key);
            if (kl) st = S_put(c, 1, &c->agents, key, kl, idx, &c->max_agent);
        }
    }
    return st;
}

/* ---- verbs -------------------------------------------------------------------------- */

static uint32_t S_word_id(struct sl_cameo *c, const char *w, size_t n, bool create)
{
    bool created = false;
    sl_map_entry *e = create ? sl_map_put(&c->words, w, n, &created) : sl_map_get(&c->words, w, n);
    if (!e) return 0;
    if (created) {
        e->val = (void *)(uintptr_t)c->words.n;
        /* the id also rides in the word's first-word entry (bits 16 and up), so that one probe
         * per token gives both (sl_cameo_first_kinds) */
        sl_map_entry *f = sl_map_put(&c->firsts, w, n, &created);
        if (!f) return 0;
        uint64_t h = sl_hash64(w, n, 7) & (SL_CAMEO_FIRST_BITS - 1);
        c->first_bits[h / 64] |= (uint64_t)1 << (h % 64);
        f->val = (void *)(((created ? 0 : (uintptr_t)f->val) & SL_CAMEO_FK_FLAGS) | ((uintptr_t)c->words.n << SL_CAMEO_FK_WORD));
    }
    return (uint32_t)(uintptr_t)e->val;
}

/* out = the first `keep` bytes of w, then suffix (w is at most 50 bytes: fits in 64). */
static void S_suffix(char out[64], const char *w, size_t keep, const char *suffix)
{
    size_t sl = strlen(suffix);
    if (keep > 50) keep = 50;
    memcpy(out, w, keep);
    memcpy(out + keep, suffix, sl + 1);
}

/* Regular inflections of an English verb: base, -s, -ed, -ing. */
static int S_inflect(const char *w, char out[4][64])
{
    size_t n = strlen(w);
    if (n == 0 || n > 50) return 0;
    char last = w[n - 1];
    bool cons_y = last == 'y' && n > 1 && !strchr("aeiou", w[n - 2]);
    S_suffix(out[0], w, n, "");
    if (last == 's' || last == 'x' || last == 'z' || (n > 1 && (w[n - 2] == 's' || w[n - 2] == 'c') && last == 'h'))
        S_suffix(out[1], w, n, "es");
    else if (cons_y) S_suffix(out[1], w, n - 1, "ies");
    else S_suffix(out[1], w, n, "s");
    if (last == 'e') S_suffix(out[2], w, n, "d");
    else if (cons_y) S_suffix(out[2], w, n - 1, "ied");
    else S_suffix(out[2], w, n, "ed");
    if (last == 'e' && n > 2 && w[n - 2] != 'e') S_suffix(out[3], w, n - 1, "ing");
    else S_suffix(out[3], w, n, "ing");
    return 4;
}

static sl_status S_add_verb_form(struct sl_cameo *c, const char *key, size_t kl, const char *code, const char *code2,
                                 uint32_t block)
{
    bool created;
    if (S_first(c, 2, key, kl) != SL_OK) return SL_ENOMEM;
    sl_map_entry *e = sl_map_put(&c->verbs, key, kl, &created);
    if (!e) return SL_ENOMEM;
    if (!created) return SL_OK;
    sl_cameo_verb vb;
    memset(&vb, 0, sizeof vb);
    snprintf(vb.code, sizeof vb.code, "%s", code);
    snprintf(vb.code2, sizeof vb.code2, "%s", code2 ? code2 : "");
    vb.block = block;
    if (!sl_vec_push(&c->verb_v, vb)) return SL_ENOMEM;
    e->val = (void *)(uintptr_t)c->verb_v.n;
    size_t words = 1;
    for (size_t i = 0; i < kl; i++) words += key[i] == ' ';
    if (words > c->max_verb) c->max_verb = (uint8_t)SL_MIN(words, SL_CAMEO_MAX_PHRASE);
    return SL_OK;
}

/* "[040]", "[036:036]", "[---]" -> code ("" for none) and, after ':', the code of the
 * reverse event (code2, "" for none); false when no bracket. */
static bool S_bracket_code2(const char *s, size_t n, char out[8], char out2[8])
{
    const char *lb = memchr(s, '[', n);
    out2[0] = 0;
    if (!lb) return false;
    size_t k = 0;
    const char *p = lb + 1;
    for (; p < s + n && *p != ']' && *p != ':' && *p != ' ' && k < 7; p++) out[k++] = *p;
    out[k] = 0;
    if (out[0] == '-') out[0] = 0;
    if (p < s + n && *p == ':') {
        k = 0;
        for (p++; p < s + n && *p != ']' && *p != ' ' && k < 7; p++) out2[k++] = *p;
        out2[k] = 0;
        if (out2[0] == '-') out2[0] = 0;
    }
    return true;
}

/* One verb word or phrase as written in the dictionary (raw, with its "_"s): the phrase, its
 * regular inflections when `inflect`, and in TABARI mode the single word as a stem when it
 * has no final "_" ("CONTRIBUT" matches "contributed"). */
static sl_status S_add_verb_raw(struct sl_cameo *c, const char *raw, size_t rl, const char *code, const char *code2,
                                uint32_t block, bool inflect)
{
    while (rl && (*raw == '+' || *raw == ' ')) raw++, rl--;
    while (rl && raw[rl - 1] == ' ') rl--;
    char key[SL_CAMEO_KEY_MAX];
    size_t kl = S_dict_key(raw, rl, key, sizeof key);
    if (!kl) return SL_OK;
    sl_status st = SL_OK;
    const char *sp = strchr(key, ' ');
    if (c->tabari && !sp && raw[rl - 1] != '_' && raw[rl - 1] != '=') {
        bool created;
        sl_map_entry *e = sl_map_put(&c->stems, key, kl, &created);
        if (!e) return SL_ENOMEM;
        if ((st = S_add_verb_form(c, key, kl, code, code2, block)) != SL_OK) return st;
        if (created) {
            sl_map_entry *f = sl_map_get(&c->verbs, key, kl);
            e->val = f ? f->val : NULL;
        }
        return SL_OK;
    }
    if (!inflect) return S_add_verb_form(c, key, kl, code, code2, block);
    /* regular inflections of the first word; TABARI also accepts -es and -en */
    char first[64], inf[6][64];
    size_t fl = sp ? (size_t)(sp - key) : kl;
    if (fl >= sizeof first || fl > 50) return SL_OK;
    memcpy(first, key, fl);
    first[fl] = 0;
    int ni = S_inflect(first, inf);
    if (c->tabari) {
        S_suffix(inf[ni++], first, fl, "es");
        S_suffix(inf[ni++], first, fl, "en");
    }
    for (int k = 0; k < ni && st == SL_OK; k++) {
        char full[SL_CAMEO_KEY_MAX];
        int fl2 = snprintf(full, sizeof full, "%s%s", inf[k], sp ? sp : "");
        if (fl2 > 0 && (size_t)fl2 < sizeof full) st = S_add_verb_form(c, full, (size_t)fl2, code, code2, block);
    }
    return st;
}

/* One verb line: "MEET {MEETS MET MEETING} [040]" or "+MEET_WITH {+MET_WITH}". */
static sl_status S_verb_line(struct sl_cameo *c, const char *s, size_t n, const char *block_code,
                             const char *block_code2, uint32_t block)
{
    char code[8], code2[8];
    if (!S_bracket_code2(s, n, code, code2)) {
        snprintf(code, sizeof code, "%s", block_code);
        snprintf(code2, sizeof code2, "%s", block_code2);
    }
    const char *lb = memchr(s, '[', n);
    size_t end = lb ? (size_t)(lb - s) : n;
    const char *br = memchr(s, '{', end);
    size_t mainlen = br ? (size_t)(br - s) : end;
    /* regular inflections of the first word unless irregular forms are listed */
    sl_status st = S_add_verb_raw(c, s, mainlen, code, code2, block, !br);
    if (!br) return st;
    const char *be = memchr(br, '}', end - (size_t)(br - s));
    const char *p = br + 1;
    while (st == SL_OK && be && p < be) {
        while (p < be && (*p == ' ' || *p == '+')) p++;
        const char *q = p;
        while (q < be && *q != ' ') q++;
        if (q > p) st = S_add_verb_raw(c, p, (size_t)(q - p), code, code2, block, false);
        p = q;
    }
    return st;
}

/* One pattern without alternatives: "- + HAVE_BEEN * $ [161]", "- * (WITH LEADERS) [036:036]".
 * Elements are words, &SETs and the TABARI slots $ + % ^, split on spaces, "_" and brackets;
 * a "_" in the gap after an element means the next one must follow right after it. */
static sl_status S_pattern_one(struct sl_cameo *c, const char *s, size_t n)
{
    sl_cameo_pat p;
    memset(&p, 0, sizeof p);
    if (!S_bracket_code2(s, n, p.code, p.code2)) return SL_OK;
    const char *lb = memchr(s, '[', n);
    size_t end = (size_t)(lb - s);
    bool after = false, star = false, overflow = false, prev_tilde = false;
    sl_cameo_pel *prev = NULL;
    size_t i = 1;
    while (i < end) {
        bool glue = false;
        while (i < end && strchr(" _(){}=|", s[i])) glue |= s[i++] == '_';
        if (i >= end) break;
        if (prev && glue) {
            prev->adj = 1;
            if (!prev_tilde) prev->prefix = 0; /* TABARI: "NOTED_" is the exact word */
        } else if (!prev && after && glue) p.adj_verb = 1;
        if (s[i] == '*') {
            if (glue && p.nbefore) p.before[p.nbefore - 1].adj = 1;
            after = true, star = true, prev = NULL;
            i++;
            continue;
        }
        sl_cameo_pel el;
        memset(&el, 0, sizeof el);
        size_t j = i;
        while (j < end && !strchr(" _(){}*=|", s[j])) j++;
        if (j == i + 1 && strchr("$+%^", s[i])) {
            el.kind = s[i] == '$' ? SL_PE_SRC : s[i] == '+' ? SL_PE_TGT : s[i] == '%' ? SL_PE_COMP : SL_PE_SKIP;
        } else {
            char w[64];
            size_t wl = 0;
            bool set = s[i] == '&', tilde = false;
            for (size_t k = i + (set || s[i] == '+' || s[i] == '$' ? 1 : 0); k < j && wl + 1 < sizeof w; k++) {
                if (s[k] == '~') { tilde = true; continue; }
                w[wl++] = (char)tolower((unsigned char)s[k]);
            }
            while (wl && w[wl - 1] == '-') wl--; /* "ANTI-": the tokenizer splits the hyphen */
            w[wl] = 0;
            i = j;
            if (!wl) continue;
            if (set) {
                sl_map_entry *e = sl_map_get(&c->sets, w, wl);
                if (!e) continue; /* unknown set: skip the element */
                el.kind = SL_PE_SET;
                el.id = (uint32_t)((uintptr_t)e->val - 1);
            } else {
                el.kind = SL_PE_WORD;
                el.id = S_word_id(c, w, wl, true);
                if (!el.id) return SL_ENOMEM;
                el.prefix = c->tabari && (tilde || wl >= 4);
                el.w = el.prefix ? sl_arena_strndup(&c->arena, w, wl) : NULL;
                if (el.prefix && !el.w) return SL_ENOMEM;
            }
        }
        i = j;
        prev_tilde = el.prefix && el.w && j > 0 && s[j - 1] == '~';
        if (after) {
            if (p.nafter < SL_CAMEO_MAX_PAT) p.after[p.nafter++] = el, prev = &p.after[p.nafter - 1];
            else overflow = true;
        } else if (p.nbefore < SL_CAMEO_MAX_PAT) p.before[p.nbefore++] = el, prev = &p.before[p.nbefore - 1];
        else overflow = true;
    }
    if (overflow || !star || (!p.nbefore && !p.nafter) || !c->blocks.n) return SL_OK;
    if (!sl_vec_push(&c->pats, p)) return SL_ENOMEM;
    c->blocks.v[c->blocks.n - 1].npat++;
    return SL_OK;
}

/* TABARI alternatives: "- * FOR { SANCTIONS | BOYCOTT } [172]" is one pattern per choice.
 * (PETRARCH-2's "{ARMS SHIPMENT}" without "|" is a noun phrase, read as plain words.) */
static sl_status S_pattern_line_alt(struct sl_cameo *c, const char *s, size_t n, int *budget)
{
    const char *lb = memchr(s, '[', n);
    size_t end = lb ? (size_t)(lb - s) : n;
    for (size_t i = 0; i < end; i++) {
        if (s[i] != '{') continue;
        const char *rb = memchr(s + i, '}', end - i);
        if (!rb || !memchr(s + i, '|', (size_t)(rb - s) - i)) continue;
        size_t ae = (size_t)(rb - s);
        sl_status st = SL_OK;
        for (size_t a = i + 1; a < ae && st == SL_OK;) {
            size_t b = a;
            while (b < ae && s[b] != '|') b++;
            if (--*budget < 0) return SL_OK;
            char buf[512];
            int bl = snprintf(buf, sizeof buf, "%.*s %.*s %.*s", (int)i, s, (int)(b - a), s + a, (int)(n - ae - 1),
                              rb + 1);
            /* keep a "_" glued to the braces: "DEMAND_{ GENEVA | X }_CONVENTIONS" */
            if (bl > 0 && (size_t)bl < sizeof buf) {
                if (i > 0 && s[i - 1] == '_') buf[i] = '_';
                if (rb[1] == '_') buf[i + 1 + (b - a)] = '_';
                st = S_pattern_line_alt(c, buf, (size_t)bl, budget);
            }
            a = b + 1;
        }
        return st;
    }
    return S_pattern_one(c, s, n);
}

static sl_status S_pattern_line(struct sl_cameo *c, const char *s, size_t n)
{
    int budget = SL_CAMEO_MAX_ALT;
    return S_pattern_line_alt(c, s, n, &budget);
}

static sl_status S_add_verbs(struct sl_cameo *c, const char *data, size_t len)
{
    S_lines L = {.p = data, .end = data + len};
    const char *s;
    size_t n;
    sl_status st = SL_OK;
    char block_code[8] = "", block_code2[8] = "";
    int set_id = -1;
    bool last_was_pattern = true;
    /* TABARI files have no "--- NAME [code] ---" headers: there each verb line owns the
     * patterns under it; in PETRARCH-2 files the verb lines of a block share them */
    bool tabari_blocks = !memmem(data, len, "\n---", 4);
    if (!tabari_blocks) c->petrarch2 = true;
    while (st == SL_OK && S_next_dict_line(&L, " \t\r", &s, &n)) {
        if (!n) { set_id = -1; continue; }
        if (s[0] == '&') { /* a synonym set */
            char key[64];
            size_t kl = 0;
            for (size_t i = 1; i < n && s[i] != ' ' && kl + 1 < sizeof key; i++) key[kl++] = (char)tolower((unsigned char)s[i]);
            while (kl && key[kl - 1] == '_') kl--;
            key[kl] = 0;
            bool created;
            sl_map_entry *e = sl_map_put(&c->sets, key, kl, &created);
            if (!e) return SL_ENOMEM;
            if (created) {
                e->val = (void *)(uintptr_t)(c->set_index.n / 2 + 1);
                if (!sl_vec_push(&c->set_index, (uint32_t)c->set_words.n) || !sl_vec_push(&c->set_index, 0u))
                    return SL_ENOMEM;
            }
            set_id = (int)((uintptr_t)e->val - 1);
            /* members must be contiguous: only fill a fresh set */
            if (!created) set_id = -1;
            continue;
        }
        if (set_id >= 0 && s[0] == '+') {
            char key[64];
            size_t kl = S_dict_key(s + 1, n - 1, key, sizeof key);
            if (kl && !strchr(key, ' ')) {
                uint32_t id = S_word_id(c, key, kl, true);
                if (!id || !sl_vec_push(&c->set_words, id)) return SL_ENOMEM;
                c->set_index.v[2 * (size_t)set_id + 1]++;
            }
            continue;
        }
        set_id = -1;
        if (n >= 3 && memcmp(s, "---", 3) == 0) { /* "---  MEET_PEOPLE   [040]  ---" */
            if (!S_bracket_code2(s, n, block_code, block_code2)) block_code[0] = 0;
            sl_cameo_block b = {(uint32_t)c->pats.n, 0};
            if (!sl_vec_push(&c->blocks, b)) return SL_ENOMEM;
            last_was_pattern = false;
            continue;
        }
        if (s[0] == '-' && n > 1 && s[1] == ' ') {
            st = S_pattern_line(c, s, n);
            last_was_pattern = true;
            continue;
        }
        if (s[0] == '<' || s[0] == '!') continue;
        if (s[0] == '{') { /* TABARI: a forms line for the previous verb */
            if (!c->blocks.n) continue;
            const char *p = s + 1, *e = s + n;
            while (p < e && st == SL_OK) {
                while (p < e && (*p == ' ' || *p == '}')) p++;
                const char *q = p;
                while (q < e && *q != ' ' && *q != '}') q++;
                if (q > p) st = S_add_verb_raw(c, p, (size_t)(q - p), block_code, block_code2, (uint32_t)c->blocks.n - 1, false);
                p = q;
            }
            continue;
        }
        if (isalpha((unsigned char)s[0]) || s[0] == '+') {
            if (last_was_pattern || tabari_blocks) { /* a verb group is its own block */
                char code[8], code2[8];
                if (!S_bracket_code2(s, n, code, code2)) code[0] = code2[0] = 0;
                snprintf(block_code, sizeof block_code, "%s", code);
                snprintf(block_code2, sizeof block_code2, "%s", code2);
                sl_cameo_block b = {(uint32_t)c->pats.n, 0};
                if (!sl_vec_push(&c->blocks, b)) return SL_ENOMEM;
                last_was_pattern = false;
            }
            st = S_verb_line(c, s, n, block_code, block_code2, (uint32_t)c->blocks.n - 1);
        }
    }
    return st;
}

/* ---- the first-word table ---------------------------------------------------------------- */

/* c->ftab: a copy of c->firsts with the key inline in its slot (keys up to
 * SL_CAMEO_FKEY bytes), rebuilt after each dictionary is added. Every word token of every
 * article asks for its first-word entry, mostly with the dictionaries out of cache (NER ran
 * in between): a slot holding hash, key and value costs one cache miss, where the bit filter,
 * the map slot and the map's separately allocated key cost up to three. */
static sl_status S_ftab_build(struct sl_cameo *c)
{
    size_t cap = 16;
    while (cap < 2 * c->firsts.n) cap *= 2;
    sl_cameo_fslot *t = calloc(cap, sizeof *t);
    if (!t) return SL_ENOMEM;
    bool longk = false;
    for (size_t i = 0; i < c->firsts.cap; i++) {
        const sl_map_entry *e = &c->firsts.slots[i];
        if (!e->key) continue;
        if (e->klen > SL_CAMEO_FKEY || !e->klen) { longk = true; continue; }
        uint64_t h = sl_hash64(e->key, e->klen, 7);
        size_t k = h & (cap - 1);
        while (t[k].len) k = (k + 1) & (cap - 1);
        t[k].h = h, t[k].val = (uint64_t)(uintptr_t)e->val, t[k].len = (uint8_t)e->klen;
        memcpy(t[k].key, e->key, e->klen);
    }
    free(c->ftab);
    c->ftab = t, c->ftab_cap = cap, c->ftab_long = longk;
    return SL_OK;
}

/* The first-word entry of the lower-case key w (0 = none); h = sl_hash64(w, n, 7). */
static uintptr_t S_first_val(const struct sl_cameo *c, const char *w, size_t n, uint64_t h)
{
    if (c->ftab && n <= SL_CAMEO_FKEY) {
        for (size_t k = h & (c->ftab_cap - 1);; k = (k + 1) & (c->ftab_cap - 1)) {
            const sl_cameo_fslot *s = &c->ftab[k];
            if (!s->len) return 0;
            if (s->h == h && s->len == n && !memcmp(s->key, w, n)) return (uintptr_t)s->val;
        }
    }
    uint64_t hb = h & (SL_CAMEO_FIRST_BITS - 1);
    if (!(c->first_bits[hb / 64] >> (hb % 64) & 1)) return 0;
    sl_map_entry *e = sl_map_get(&c->firsts, w, n);
    return e ? (uintptr_t)e->val : 0;
}

sl_status sl_cameo_add_actors(struct sl_cameo *c, const char *data, size_t len)
{
    sl_status st = S_add_actors(c, data, len);
    return st == SL_OK ? S_ftab_build(c) : st;
}
sl_status sl_cameo_add_agents(struct sl_cameo *c, const char *data, size_t len)
{
    sl_status st = S_add_agents(c, data, len);
    return st == SL_OK ? S_ftab_build(c) : st;
}
sl_status sl_cameo_add_verbs(struct sl_cameo *c, const char *data, size_t len)
{
    sl_status st = S_add_verbs(c, data, len);
    return st == SL_OK ? S_ftab_build(c) : st;
}

/* ---- cues and labels ------------------------------------------------------------------ */

/* Signature of a lower-case ASCII word for the cue filter; words of other bytes or with an
 * apostrophe (S_tok_key changes their length) have none and skip the filter. */
static bool S_sig(const char *s, size_t n, uint32_t *sig)
{
    if (n < 2 || n > 63) return false;
    for (size_t i = 0; i < 2; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\'') return false;
    if (memchr(s, '\'', n) || memchr(s, 0xE2, n)) return false;
    *sig = ((uint32_t)((s[0] | 32) & 31) << 11) | ((uint32_t)((s[1] | 32) & 31) << 6) | (uint32_t)n;
    return true;
}

static sl_status S_load_cues(struct sl_cameo *c, const char *data, size_t len)
{
    S_lines L = {.p = data, .end = data + len};
    const char *s;
    size_t n;
    while (S_next_line(&L, &s, &n)) {
        if (!n || s[0] == '#') continue;
        bool strong = n > 2 && s[n - 2] == '|' && s[n - 1] == 's';
        if (strong) n -= 2;
        char key[SL_CAMEO_KEY_MAX];
        size_t kl = S_dict_key(s, n, key, sizeof key);
        if (!kl) continue;
        sl_cue cu = {1, strong};
        for (size_t i = 0; i < kl; i++) cu.nwords += key[i] == ' ';
        if (!sl_vec_push(&c->cue_v, cu)) return SL_ENOMEM;
        sl_status st = S_put(c, 3, &c->cues, key, kl, c->cue_v.n, &c->max_cue);
        if (st != SL_OK) return st;
        size_t fl = 0;
        while (fl < kl && key[fl] != ' ') fl++;
        uint32_t sig;
        if (S_sig(key, fl, &sig)) c->cue_sig[sig / 64] |= (uint64_t)1 << (sig % 64);
        else c->cue_unsig = true;
    }
    return SL_OK;
}

static sl_status S_load_labels(struct sl_cameo *c, const char *data, size_t len)
{
    S_lines L = {.p = data, .end = data + len};
    const char *s;
    size_t n;
    while (S_next_line(&L, &s, &n)) {
        const char *tab = memchr(s, '\t', n);
        if (!tab || s[0] < '0' || s[0] > '9') continue;
        char *lab = sl_arena_strndup(&c->arena, tab + 1, (size_t)(s + n - tab - 1));
        if (!lab || !sl_vec_push(&c->label_v, lab)) return SL_ENOMEM;
        sl_status st = S_put(c, -1, &c->labels, s, (size_t)(tab - s), c->label_v.n, NULL);
        if (st != SL_OK) return st;
    }
    return SL_OK;
}

/* ---- load / free ---------------------------------------------------------------------- */

sl_status sl_cameo_new_empty(struct sl_cameo **out)
{
    struct sl_cameo *c = calloc(1, sizeof *c);
    if (!c) return SL_ENOMEM;
    sl_arena_init(&c->arena);
    sl_map_init(&c->actors), sl_map_init(&c->agents), sl_map_init(&c->verbs), sl_map_init(&c->cues);
    sl_map_init(&c->labels), sl_map_init(&c->words), sl_map_init(&c->sets);
    sl_map_init(&c->firsts);
    sl_map_init(&c->stems);
    sl_map_init(&c->actor_stems);
    size_t len;
    const char *r;
    sl_status st = SL_OK;
    if ((r = sl_resource("cue-verbs.txt", &len))) st = S_load_cues(c, r, len);
    if (st == SL_OK && (r = sl_resource("cameo-labels.tsv", &len))) st = S_load_labels(c, r, len);
    if (st == SL_OK) st = S_ftab_build(c);
    if (st != SL_OK) { sl_cameo_free(c); return st; }
    *out = c;
    return SL_OK;
}

sl_status sl_cameo_load(struct sl_cameo **out)
{
    struct sl_cameo *c;
    sl_status st = sl_cameo_new_empty(&c);
    if (st != SL_OK) return st;
    size_t len;
    const char *r;
    if ((r = sl_resource("cameo-verbs.txt", &len))) st = sl_cameo_add_verbs(c, r, len);
    if (st == SL_OK && (r = sl_resource("cameo-actors.txt", &len))) st = sl_cameo_add_actors(c, r, len);
    if (st == SL_OK && (r = sl_resource("cameo-agents.txt", &len))) st = sl_cameo_add_agents(c, r, len);
    if (st != SL_OK) { sl_cameo_free(c); return st; }
    *out = c;
    return SL_OK;
}

sl_status sl_cameo_load_dir(const char *dir, struct sl_cameo **out)
{
    struct sl_cameo *c;
    sl_status st = sl_cameo_new_empty(&c);
    if (st != SL_OK) return st;
    c->tabari = true; /* the validation dictionaries are TABARI-era */
    DIR *dp = opendir(dir);
    if (!dp) { sl_cameo_free(c); return SL_EIO; }
    struct dirent *de;
    int found = 0;
    while (st == SL_OK && (de = readdir(dp))) {
        const char *nm = de->d_name;
        int kind = strstr(nm, "actors") ? 1 : strstr(nm, "agents") ? 2 : strstr(nm, "verbs") ? 3 : 0;
        /* only the PETR.Validate.* toy dictionaries when the folder mixes sets */
        if (!kind || !strstr(nm, "Validate") || strstr(nm, ".2.0")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, nm);
        char *data;
        size_t len;
        if ((st = sl_read_file(path, 64u << 20, &data, &len)) != SL_OK) break;
        st = kind == 1 ? sl_cameo_add_actors(c, data, len)
           : kind == 2 ? sl_cameo_add_agents(c, data, len) : sl_cameo_add_verbs(c, data, len);
        free(data);
        found++;
    }
    closedir(dp);
    if (st == SL_OK && !found) st = SL_EMODEL;
    if (st != SL_OK) { sl_cameo_free(c); return st; }
    *out = c;
    return SL_OK;
}

void sl_cameo_free(struct sl_cameo *c)
{
    if (!c) return;
    sl_map_free(&c->actors), sl_map_free(&c->agents), sl_map_free(&c->verbs), sl_map_free(&c->cues);
    sl_map_free(&c->labels), sl_map_free(&c->words), sl_map_free(&c->sets);
    sl_map_free(&c->firsts);
    free(c->ftab);
    sl_map_free(&c->stems);
    sl_map_free(&c->actor_stems);
    sl_vec_free(&c->actor_v), sl_vec_free(&c->codes), sl_vec_free(&c->agent_v), sl_vec_free(&c->verb_v);
    sl_vec_free(&c->blocks), sl_vec_free(&c->pats), sl_vec_free(&c->cue_v), sl_vec_free(&c->label_v);
    sl_vec_free(&c->set_words), sl_vec_free(&c->set_index);
    sl_arena_release(&c->arena);
    free(c);
}

/* Labels need no engine at hand (json.c calls with a code only): the codebook is parsed
 * once into an immutable table on first use, guarded by pthread_once. */
#include <pthread.h>
static struct sl_cameo *S_labels_only;
static pthread_once_t S_labels_once = PTHREAD_ONCE_INIT;
static void S_labels_init(void)
{
    struct sl_cameo *c = calloc(1, sizeof *c);
    if (!c) return;
    sl_arena_init(&c->arena);
    sl_map_init(&c->labels);
    sl_map_init(&c->firsts);
    size_t len;
    const char *r = sl_resource("cameo-labels.tsv", &len);
    if (r && S_load_labels(c, r, len) != SL_OK) { sl_cameo_free(c); return; }
    S_labels_only = c;
}

const char *sl_cameo_label(const char *code)
{
    if (!code || !code[0]) return NULL;
    pthread_once(&S_labels_once, S_labels_init);
    if (!S_labels_only) return NULL;
    sl_map_entry *e = sl_map_get(&S_labels_only->labels, code, strlen(code));
    return e ? S_labels_only->label_v.v[(uintptr_t)e->val - 1] : NULL;
}

/* ---- lookups -------------------------------------------------------------------------- */

bool sl_cue_match(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t *len, int *strong)
{
    if (!c || v->tok[i].kind != SL_TOK_WORD) return false;
    size_t tn;
    const char *ts = sl_fv_tok(v, i, &tn);
    uint32_t sig;
    if (!c->cue_unsig && (tn < 2 || (S_sig(ts, tn, &sig) && !(c->cue_sig[sig / 64] >> (sig % 64) & 1)))) return false;
    void *val = NULL;
    size_t n = S_longest(c, 3, &c->cues, c->max_cue, v, i, v->ntok, &val);
    if (!n) return false;
    *len = n;
    *strong = c->cue_v.v[(uintptr_t)val - 1].strong;
    return true;
}

size_t sl_cameo_actor_at(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t end, int32_t date,
                         const char **code, uintptr_t hint)
{
    void *val = NULL;
    size_t n = S_longest_p(c, 0, &c->actors, c->max_actor, v, i, end, &val, true, NULL, hint);
    if (!n && c->tabari && c->actor_stems.n && v->tok[i].kind == SL_TOK_WORD) {
        char w[64];
        bool poss;
        size_t wl = S_tok_key(v, i, w, sizeof w, &poss);
        for (size_t l = wl; l >= 3 && !n; l--) {
            sl_map_entry *e = sl_map_get(&c->actor_stems, w, l);
            if (e) n = 1, val = e->val;
        }
    }
    if (!n) return 0;
    const sl_cameo_actor *a = &c->actor_v.v[(uintptr_t)val - 1];
    if (!a->ncodes) return 0;
    const sl_cameo_code *best = NULL, *undated = NULL, *open = NULL;
    for (uint32_t k = 0; k < a->ncodes; k++) {
        const sl_cameo_code *cc = &c->codes.v[a->first_code + k];
        if (!cc->from && !cc->to) { if (!undated) undated = cc; continue; }
        if (cc->from && !cc->to) open = cc;
        if (date && (!cc->from || date >= cc->from) && (!cc->to || date <= cc->to)) { best = cc; break; }
    }
    if (!best) best = date ? undated : (open ? open : undated);
    if (!best) best = &c->codes.v[a->first_code + a->ncodes - 1];
    *code = best->code;
    return n;
}

size_t sl_cameo_agent_at(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t end, const char **code,
                         uintptr_t hint)
{
    void *val = NULL;
    bool pl = false;
    size_t n = S_longest_p(c, 1, &c->agents, c->max_agent, v, i, end, &val, true, &pl, hint);
    if (!n) return 0;
    /* TABARI: an agent written with {} takes no regular plural ("POLICE {}": not "polices") */
    if (pl && c->tabari && (c->agent_v.v[(uintptr_t)val - 1].from & 1)) return 0;
    *code = c->agent_v.v[(uintptr_t)val - 1].code;
    return n;
}

size_t sl_cameo_verb_at(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t end,
                        const sl_cameo_verb **verb)
{
    void *val = NULL;
    size_t n = S_longest(c, 2, &c->verbs, c->max_verb, v, i, end, &val);
    if (!n && c->tabari && c->stems.n && v->tok[i].kind == SL_TOK_WORD) {
        /* a TABARI stem: the longest one the word begins with */
        char w[64];
        bool poss;
        size_t wl = S_tok_key(v, i, w, sizeof w, &poss);
        for (size_t l = wl; l >= 3 && !n; l--) {
            sl_map_entry *e = sl_map_get(&c->stems, w, l);
            if (e && e->val) n = 1, val = e->val;
        }
    }
    if (!n) return 0;
    *verb = &c->verb_v.v[(uintptr_t)val - 1];
    return n;
}

uintptr_t sl_cameo_first_kinds(const struct sl_cameo *c, const sl_fview *v, size_t i)
{
    char fk[66];
    bool poss;
    if (v->tok[i].kind == SL_TOK_PUNCT) return 0;
    size_t wl = S_tok_key(v, i, fk, sizeof fk, &poss);
    if (!wl) return 0;
    return S_first_val(c, fk, wl, sl_hash64(fk, wl, 7)); /* plurals have entries of their own (S_first) */
}

void sl_cameo_first_kinds_span(const struct sl_cameo *c, const sl_fview *v, size_t a, size_t b, uintptr_t *fk)
{
    char w[66];
    bool poss;
    /* two passes: first every token's hash, with a prefetch of its slot, so the cache misses
     * of a sentence overlap instead of coming one after another (the table is cold: NER ran
     * since the last article); then the lookups, the hash parked in fk meanwhile */
    for (size_t k = a; k < b; k++) {
        size_t wl = v->tok[k].kind == SL_TOK_PUNCT ? 0 : S_tok_key(v, k, w, sizeof w, &poss);
        uint64_t h = wl ? sl_hash64(w, wl, 7) : 0;
        fk[k - a] = (uintptr_t)h;
        if (wl && c->ftab) __builtin_prefetch(&c->ftab[h & (c->ftab_cap - 1)]);
    }
    for (size_t k = a; k < b; k++) {
        size_t wl = v->tok[k].kind == SL_TOK_PUNCT ? 0 : S_tok_key(v, k, w, sizeof w, &poss);
        fk[k - a] = wl ? S_first_val(c, w, wl, (uint64_t)fk[k - a]) : 0; /* plurals: see S_first */
    }
}

uint32_t sl_cameo_word(const struct sl_cameo *c, const sl_fview *v, size_t i)
{
    char w[64];
    bool poss;
    size_t n = S_tok_key(v, i, w, sizeof w, &poss);
    if (!n) return 0;
    sl_map_entry *e = sl_map_get(&c->words, w, n);
    return e ? (uint32_t)(uintptr_t)e->val : 0;
}

bool sl_cameo_pat_word(const struct sl_cameo *c, uint32_t p, uint32_t w)
{
    if (!w) return false;
    if (!(p & 0x80000000u)) return p == w;
    size_t id = p & 0x7fffffffu;
    if (2 * id + 1 >= c->set_index.n) return false;
    uint32_t st = c->set_index.v[2 * id], cnt = c->set_index.v[2 * id + 1];
    for (uint32_t k = 0; k < cnt; k++)
        if (c->set_words.v[st + k] == w) return true;
    return false;
}
