/*
 * ner_features.c — feature extraction for the NER tagger (ner.c tags, ner_train.c learns).
 *
 * Features are 32-bit hashes of (template, value) pairs. Every string a token contributes —
 * the word, its lower-cased form, its shape, prefixes and suffixes — is hashed once per token
 * into sl_ner_tokinfo, so context and conjunction features are a mix of two or three integers.
 * No feature ever allocates.
 *
 * Templates (ci = the case-insensitive model, which sees lower-cased tokens and so drops the
 * cased word and the capitalization flags but keeps everything else):
 *   word, lower word, shape (Xxxx -> "Xx", "X.X.", "dd"), prefixes/suffixes 1..4,
 *   lower words at -2..+2, bigrams with -1 and +1, shapes at -1..+1 and their trigram,
 *   sentence start x shape, all-caps sentence (headlines) x shape, gazetteer class and
 *   position (B/I/L/U) at -1, 0, +1, gazetteer x shape, title before, stopword x shape,
 *   casing prior, fine (255) and coarse (48) word clusters around the token, and (cased
 *   table only) the shape and neighbour clusters of the word's first occurrence in the
 *   document (sl_ner_doc_fill);
 * and, given the decoding so far: previous tag, previous two tags, previous tag x word,
 * previous tag x shape, and the document memory of what this word was tagged before.
 */
#include <stdlib.h>
#include <utf8proc.h>

#include "extract/ner.h"

#define SL_NER_F_SENTCAPS 128u

enum {
    T_BIAS = 1, T_W, T_LW, T_SHAPE, T_SSHAPE, T_PRE, T_SUF = T_PRE + 4, T_LWM2 = T_SUF + 4,
    T_LWM1, T_LWP1, T_LWP2, T_BI_M1, T_BI_P1, T_SSM1, T_SSP1, T_SS3, T_START, T_SENTCAPS,
    T_GAZ, T_GAZM1, T_GAZP1, T_GAZSS, T_TITLEM1, T_TITLEM1SS, T_STOPSS, T_P1, T_P2P1, T_P1LW,
    T_P1SS, T_HIST, T_HISTSS, T_TITLE, T_LWM1SS, T_WM1, T_WP1, T_SUFM1, T_SUFP1, T_SKIP, T_SSM2,
    T_SSP2, T_LWSSP1, T_HISTP1, T_CASE, T_CASEM1, T_CASEP1, T_CASE2, T_CASESS, T_CASE3, T_FIRST, T_FIRSTM1, T_FIRSTSS, T_CL, T_CLM1, T_CLP1, T_CLSS, T_CL2, T_CLM2, T_CLP2, T_P1SUF,
    T_CC, T_CCM1, T_CCP1, T_CCSS, T_CC3, T_FOM1, T_FOP1, T_FOSS, T_FOCL,
};

static inline uint32_t S_fmix(uint32_t h)
{
    h ^= h >> 16; h *= 0x85ebca6bu;
    h ^= h >> 13; h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}
static inline uint32_t S_nz(uint32_t h) { return h ? h : 0x9e3779b9u; }
static inline uint32_t S_f1(uint32_t t, uint32_t a) { return S_nz(S_fmix(a * 0x9e3779b1u + t * 0x7feb352du)); }
static inline uint32_t S_f2(uint32_t t, uint32_t a, uint32_t b)
{
    return S_nz(S_fmix(S_fmix(a * 0x9e3779b1u + t * 0x7feb352du) ^ (b * 0x846ca68bu)));
}
static inline uint32_t S_f3(uint32_t t, uint32_t a, uint32_t b, uint32_t c)
{
    return S_f2(t, S_fmix(a ^ (b * 0x2c1b3c6du)), c);
}

static uint32_t S_str(const char *s, size_t n, uint32_t seed)
{
    uint32_t h = 2166136261u ^ seed;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 16777619u; }
    return S_fmix(h ^ (uint32_t)n);
}

/* Lower-cases s into out (at most SL_NER_MAX_TOKLEN bytes, whole characters only) and
 * collects the capitalization flags of the original. */
static size_t S_lower(const char *s, size_t n, char *out, uint8_t *flags)
{
    size_t o = 0, letters = 0, upper = 0;
    bool first = true;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int32_t cp, lc;
        int k = 1;
        if (c < 0x80) {
            cp = c;
            lc = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        } else {
            k = sl_utf8_decode(s + i, n - i, &cp);
            lc = utf8proc_tolower(cp);
        }
        bool isup = lc != cp, islow = !isup && (c < 0x80 ? (c >= 'a' && c <= 'z') : utf8proc_toupper(cp) != cp);
        if (isup || islow) { letters++; if (isup) upper++; *flags |= SL_NER_F_ALPHA; }
        if (first && isup) *flags |= SL_NER_F_INITCAP;
        if (c < 0x80 && c >= '0' && c <= '9') *flags |= SL_NER_F_DIGIT;
        first = false;
        char enc[4];
        int m = lc < 0x80 ? (enc[0] = (char)lc, 1) : sl_utf8_encode(lc, enc);
        if (o + (size_t)m > SL_NER_MAX_TOKLEN) break;
        memcpy(out + o, enc, (size_t)m);
        o += (size_t)m;
        i += (size_t)k;
    }
    if (letters && upper == letters && letters > 1) *flags |= SL_NER_F_ALLCAP;
    if (!letters && !(*flags & SL_NER_F_DIGIT) && n) *flags |= SL_NER_F_PUNCT;
    return o;
}

/* Shape of a token: X upper, x lower, d digit, other characters as they are (non-ASCII
 * letters by case). The long shape keeps at most 6 classes; the short one collapses runs. */
static void S_shapes(const char *s, size_t n, bool ci, uint32_t *lng, uint32_t *sht)
{
    char a[8], b[8];
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        char k;
        int step = 1;
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') k = ci ? 'x' : 'X';
            else if (c >= 'a' && c <= 'z') k = 'x';
            else if (c >= '0' && c <= '9') k = 'd';
            else k = (char)c;
        } else {
            int32_t cp;
            step = sl_utf8_decode(s + i, n - i, &cp);
            k = (!ci && utf8proc_tolower(cp) != cp) ? 'X' : 'x';
        }
        i += (size_t)step;
        if (na < 6) a[na++] = k;
        if ((!nb || b[nb - 1] != k) && nb < 6) b[nb++] = k;
    }
    *lng = S_str(a, na, 11);
    *sht = S_str(b, nb, 12);
}

uint8_t sl_ner_casing_get(const sl_ner_casing *c, uint32_t lw)
{
    if (!c || !c->n) return 0;
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->keys[mid] < lw) lo = mid + 1;
        else hi = mid;
    }
    return lo < c->n && c->keys[lo] == lw ? c->bucket[lo] : 0;
}

static uint32_t S_words_get(const sl_ner_words *w, uint32_t lw)
{
    if (!w || !w->cap) return 0;
    size_t i = (lw * 0x9e3779b1u) & (w->cap - 1);
    uint64_t e;
    while ((e = w->slot[i]) && (uint32_t)e != lw) i = (i + 1) & (w->cap - 1);
    return (uint32_t)(e >> 32);
}

void sl_ner_tokinfo_word(const struct sl_lexicon *lex, const sl_ner_words *words, bool ci,
                         const sl_ner_tok *tok, sl_ner_tokinfo *t)
{
    memset(t, 0, sizeof *t);
    char low[SL_NER_MAX_TOKLEN + 4];
    size_t len = tok->len;
    size_t ln = S_lower(tok->s, len, low, &t->flags);
    if (ci) t->flags &= (uint8_t) ~(SL_NER_F_INITCAP | SL_NER_F_ALLCAP);
    t->lw = S_str(low, ln, 2);
    uint32_t wv = S_words_get(words, t->lw);
    t->caseb = (uint8_t)wv;
    t->clus = (uint8_t)(wv >> 8);
    t->clus2 = (uint8_t)(wv >> 16);
    t->w = ci ? t->lw : S_str(tok->s, SL_MIN(len, SL_NER_MAX_TOKLEN), 1);
    S_shapes(ci ? low : tok->s, ci ? ln : SL_MIN(len, SL_NER_MAX_TOKLEN), ci, &t->shape, &t->shortshape);
    for (size_t k = 1; k <= 4; k++) {
        if (ln >= k + 1) {
            t->pre[k - 1] = S_str(low, k, 20 + (uint32_t)k);
            t->suf[k - 1] = S_str(low + ln - k, k, 30 + (uint32_t)k);
        }
    }
    unsigned bits = sl_lex_gaz(lex, sl_lex_phrase_add(sl_lex_phrase_init(), low, ln, true));
    if (bits & SL_LEX_STOP) t->flags |= SL_NER_F_STOP;
    if (bits & SL_GAZ_TITLE) t->flags |= SL_NER_F_TITLE;
    if (bits & SL_GAZ_FIRSTNAME) t->first = 1;
}

void sl_ner_tokinfo_sent(const struct sl_lexicon *lex, const sl_ner_tok *toks, size_t n,
                         const uint64_t *h1, const uint16_t *bits1, sl_ner_tokinfo *info)
{
    size_t alpha = 0, caps = 0;
    for (size_t i = 0; i < n; i++)
        if (info[i].flags & SL_NER_F_ALPHA) {
            alpha++;
            if (info[i].flags & SL_NER_F_ALLCAP) caps++;
        }
    if (alpha >= 3 && caps * 10 >= alpha * 8)
        for (size_t i = 0; i < n; i++) info[i].flags |= SL_NER_F_SENTCAPS;
    /* Gazetteer: longest match from each position, left to right. */
    for (size_t i = 0; i < n;) {
        uint64_t h = sl_lex_phrase_init();
        size_t best = 0;
        unsigned bbits = 0;
        for (size_t k = 0; k < SL_GAZ_MAX_WORDS && i + k < n; k++) {
            unsigned all;
            if (k == 0 && h1) {
                h = h1[i];
                all = bits1[i];
            } else {
                h = sl_lex_phrase_add(h, toks[i + k].s, toks[i + k].len, k == 0);
                all = sl_lex_gaz(lex, h);
            }
            unsigned b = all & (SL_GAZ_COUNTRY | SL_GAZ_NATIONALITY | SL_GAZ_CITY);
            if (b) { best = k + 1; bbits = b; }
            if (!(all & SL_LEX_PREFIX)) break;
        }
        if (!best) { i++; continue; }
        for (size_t k = 0; k < best; k++) {
            uint32_t pos = best == 1 ? 3 : k == 0 ? 0 : k + 1 == best ? 2 : 1;
            info[i + k].gaz = (bbits << 2) | pos;
        }
        i += best;
    }
}

void sl_ner_tokinfo_fill(const struct sl_lexicon *lex, const sl_ner_words *words, bool ci,
                         const sl_ner_tok *toks, size_t n, sl_ner_tokinfo *info)
{
    for (size_t i = 0; i < n; i++) sl_ner_tokinfo_word(lex, words, ci, &toks[i], &info[i]);
    sl_ner_tokinfo_sent(lex, toks, n, NULL, NULL, info);
}

size_t sl_ner_static_feats(const sl_ner_tokinfo *ti, size_t n, size_t i, bool ci, uint32_t *out)
{
    const uint32_t BOS = 0x51ed270bu, EOS = 0x2545f491u;
    const sl_ner_tokinfo *t = &ti[i];
    uint32_t lwm2 = i >= 2 ? ti[i - 2].lw : BOS, lwm1 = i >= 1 ? ti[i - 1].lw : BOS;
    uint32_t lwp1 = i + 1 < n ? ti[i + 1].lw : EOS, lwp2 = i + 2 < n ? ti[i + 2].lw : EOS;
    uint32_t ssm1 = i >= 1 ? ti[i - 1].shortshape : BOS;
    uint32_t ssp1 = i + 1 < n ? ti[i + 1].shortshape : EOS;
    uint32_t gm1 = i >= 1 ? ti[i - 1].gaz : 0xffu, gp1 = i + 1 < n ? ti[i + 1].gaz : 0xffu;
    size_t k = 0;
    out[k++] = S_f1(T_BIAS, 0);
    if (!ci) out[k++] = S_f1(T_W, t->w);
    out[k++] = S_f1(T_LW, t->lw);
    out[k++] = S_f1(T_SHAPE, t->shape);
    out[k++] = S_f1(T_SSHAPE, t->shortshape);
    for (uint32_t j = 0; j < 4; j++) {
        if (t->pre[j]) out[k++] = S_f1(T_PRE + j, t->pre[j]);
        if (t->suf[j]) out[k++] = S_f1(T_SUF + j, t->suf[j]);
    }
    out[k++] = S_f1(T_LWM2, lwm2);
    out[k++] = S_f1(T_LWM1, lwm1);
    out[k++] = S_f1(T_LWP1, lwp1);
    out[k++] = S_f1(T_LWP2, lwp2);
    out[k++] = S_f2(T_BI_M1, lwm1, t->lw);
    out[k++] = S_f2(T_BI_P1, t->lw, lwp1);
    out[k++] = S_f1(T_SSM1, ssm1);
    out[k++] = S_f1(T_SSP1, ssp1);
    out[k++] = S_f3(T_SS3, ssm1, t->shortshape, ssp1);
    out[k++] = S_f2(T_LWM1SS, lwm1, t->shortshape);
    if (!ci) {
        out[k++] = S_f1(T_WM1, i >= 1 ? ti[i - 1].w : BOS);
        out[k++] = S_f1(T_WP1, i + 1 < n ? ti[i + 1].w : EOS);
    }
    out[k++] = S_f1(T_SUFM1, i >= 1 ? ti[i - 1].suf[2] : BOS);
    out[k++] = S_f1(T_SUFP1, i + 1 < n ? ti[i + 1].suf[2] : EOS);
    out[k++] = S_f2(T_SKIP, lwm1, lwp1);
    out[k++] = S_f1(T_SSM2, i >= 2 ? ti[i - 2].shortshape : BOS);
    out[k++] = S_f1(T_SSP2, i + 2 < n ? ti[i + 2].shortshape : EOS);
    out[k++] = S_f2(T_LWSSP1, t->lw, ssp1);
    {
        uint32_t cm1 = i >= 1 ? ti[i - 1].caseb : 9, cp1 = i + 1 < n ? ti[i + 1].caseb : 9;
        out[k++] = S_f1(T_CASE, t->caseb);
        out[k++] = S_f1(T_CASEM1, cm1);
        out[k++] = S_f1(T_CASEP1, cp1);
        out[k++] = S_f2(T_CASE2, cm1, t->caseb);
        out[k++] = S_f3(T_CASE3, cm1, t->caseb, cp1);
        out[k++] = S_f2(T_CASESS, t->caseb, t->shortshape);
    }
    {
        uint32_t cm1 = i >= 1 ? ti[i - 1].clus : 999, cp1 = i + 1 < n ? ti[i + 1].clus : 999;
        out[k++] = S_f1(T_CL, t->clus);
        out[k++] = S_f1(T_CLM1, cm1);
        out[k++] = S_f1(T_CLP1, cp1);
        out[k++] = S_f1(T_CLM2, i >= 2 ? ti[i - 2].clus : 999);
        out[k++] = S_f1(T_CLP2, i + 2 < n ? ti[i + 2].clus : 999);
        out[k++] = S_f2(T_CLSS, t->clus, t->shortshape);
        out[k++] = S_f2(T_CL2, cm1, t->clus);
    }
    {
        uint32_t cm1 = i >= 1 ? ti[i - 1].clus2 : 999, cp1 = i + 1 < n ? ti[i + 1].clus2 : 999;
        out[k++] = S_f1(T_CC, t->clus2);
        out[k++] = S_f1(T_CCM1, cm1);
        out[k++] = S_f1(T_CCP1, cp1);
        out[k++] = S_f2(T_CCSS, t->clus2, t->shortshape);
        out[k++] = S_f3(T_CC3, cm1, t->clus2, cp1);
    }
    /* First-occurrence context: its shape and neighbour clusters helped the cased table; the
     * neighbour words themselves, and all of it for the case-insensitive table, did not
     * (docs/NER.md). */
    if (t->foss && !ci) {
        out[k++] = S_f2(T_FOSS, t->foss, t->shortshape);
        out[k++] = S_f2(T_FOCL, t->focm1, t->focp1);
    }
    if (t->first) out[k++] = S_f1(T_FIRST, 1), out[k++] = S_f1(T_FIRSTSS, t->shortshape);
    if (i >= 1 && ti[i - 1].first) out[k++] = S_f1(T_FIRSTM1, t->shortshape);
    if (i == 0) out[k++] = S_f1(T_START, t->shortshape);
    if (t->flags & SL_NER_F_SENTCAPS) out[k++] = S_f1(T_SENTCAPS, t->shortshape);
    out[k++] = S_f1(T_GAZ, t->gaz);
    out[k++] = S_f1(T_GAZM1, gm1);
    out[k++] = S_f1(T_GAZP1, gp1);
    if (t->gaz) out[k++] = S_f2(T_GAZSS, t->gaz, t->shortshape);
    if (i >= 1 && (ti[i - 1].flags & SL_NER_F_TITLE)) {
        out[k++] = S_f1(T_TITLEM1, 1);
        out[k++] = S_f1(T_TITLEM1SS, t->shortshape);
    }
    if (t->flags & SL_NER_F_TITLE) out[k++] = S_f1(T_TITLE, t->shortshape);
    if (t->flags & SL_NER_F_STOP) out[k++] = S_f1(T_STOPSS, t->shortshape);
    return k;
}

size_t sl_ner_dyn_feats(const sl_ner_tokinfo *t, int p1, int p2, int hist, uint32_t *out)
{
    size_t k = 0;
    out[k++] = S_f1(T_P1, (uint32_t)p1);
    out[k++] = S_f2(T_P2P1, (uint32_t)p2, (uint32_t)p1);
    out[k++] = S_f2(T_P1LW, (uint32_t)p1, t->lw);
    out[k++] = S_f2(T_P1SS, (uint32_t)p1, t->shortshape);
    if (hist) {
        out[k++] = S_f1(T_HIST, (uint32_t)hist);
        out[k++] = S_f2(T_HISTSS, (uint32_t)hist, t->shortshape);
        out[k++] = S_f2(T_HISTP1, (uint32_t)hist, (uint32_t)p1);
    }
    out[k++] = S_f2(T_P1SUF, (uint32_t)p1, t->suf[2]);
    return k;
}

/* ---- the same features, grouped by the one word they depend on -----------------------------
 * For the word-type cache (ner_cache.c): most static features of token i read one token only
 * (i itself, or one neighbour at -2..+2), so their summed weights are a property of that word
 * and can be computed once per word type. sl_ner_word_feats gives the features a word
 * contributes in one role, sl_ner_ctx_feats the rest (conjunctions of two tokens, sentence and
 * document context). For every token, word features of the five roles plus the context ones
 * are exactly sl_ner_static_feats as a multiset (tests/unit/test_ner.c checks it); the
 * training keeps using sl_ner_static_feats, whose order the float sums depend on. */

size_t sl_ner_word_feats(const sl_ner_tokinfo *t, int role, bool ci, uint32_t *out)
{
    const uint32_t BOS = 0x51ed270bu, EOS = 0x2545f491u;
    size_t k = 0;
    switch (role) {
    case SL_NER_ROLE_SELF:
        out[k++] = S_f1(T_BIAS, 0);
        if (!ci) out[k++] = S_f1(T_W, t->w);
        out[k++] = S_f1(T_LW, t->lw);
        out[k++] = S_f1(T_SHAPE, t->shape);
        out[k++] = S_f1(T_SSHAPE, t->shortshape);
        for (uint32_t j = 0; j < 4; j++) {
            if (t->pre[j]) out[k++] = S_f1(T_PRE + j, t->pre[j]);
            if (t->suf[j]) out[k++] = S_f1(T_SUF + j, t->suf[j]);
        }
        out[k++] = S_f1(T_CASE, t->caseb);
        out[k++] = S_f2(T_CASESS, t->caseb, t->shortshape);
        out[k++] = S_f1(T_CL, t->clus);
        out[k++] = S_f2(T_CLSS, t->clus, t->shortshape);
        out[k++] = S_f1(T_CC, t->clus2);
        out[k++] = S_f2(T_CCSS, t->clus2, t->shortshape);
        if (t->first) out[k++] = S_f1(T_FIRST, 1), out[k++] = S_f1(T_FIRSTSS, t->shortshape);
        if (t->flags & SL_NER_F_TITLE) out[k++] = S_f1(T_TITLE, t->shortshape);
        if (t->flags & SL_NER_F_STOP) out[k++] = S_f1(T_STOPSS, t->shortshape);
        break;
    case SL_NER_ROLE_M1:
        out[k++] = S_f1(T_LWM1, t ? t->lw : BOS);
        out[k++] = S_f1(T_SSM1, t ? t->shortshape : BOS);
        if (!ci) out[k++] = S_f1(T_WM1, t ? t->w : BOS);
        out[k++] = S_f1(T_SUFM1, t ? t->suf[2] : BOS);
        out[k++] = S_f1(T_CASEM1, t ? t->caseb : 9);
        out[k++] = S_f1(T_CLM1, t ? t->clus : 999);
        out[k++] = S_f1(T_CCM1, t ? t->clus2 : 999);
        if (t && (t->flags & SL_NER_F_TITLE)) out[k++] = S_f1(T_TITLEM1, 1);
        break;
    case SL_NER_ROLE_P1:
        out[k++] = S_f1(T_LWP1, t ? t->lw : EOS);
        out[k++] = S_f1(T_SSP1, t ? t->shortshape : EOS);
        if (!ci) out[k++] = S_f1(T_WP1, t ? t->w : EOS);
        out[k++] = S_f1(T_SUFP1, t ? t->suf[2] : EOS);
        out[k++] = S_f1(T_CASEP1, t ? t->caseb : 9);
        out[k++] = S_f1(T_CLP1, t ? t->clus : 999);
        out[k++] = S_f1(T_CCP1, t ? t->clus2 : 999);
        break;
    case SL_NER_ROLE_M2:
        out[k++] = S_f1(T_LWM2, t ? t->lw : BOS);
        out[k++] = S_f1(T_SSM2, t ? t->shortshape : BOS);
        out[k++] = S_f1(T_CLM2, t ? t->clus : 999);
        break;
    case SL_NER_ROLE_P2:
        out[k++] = S_f1(T_LWP2, t ? t->lw : EOS);
        out[k++] = S_f1(T_SSP2, t ? t->shortshape : EOS);
        out[k++] = S_f1(T_CLP2, t ? t->clus : 999);
        break;
    case SL_NER_ROLE_DYN0:
        out[k++] = S_f1(T_P1, 0);
        out[k++] = S_f2(T_P1LW, 0, t->lw);
        out[k++] = S_f2(T_P1SS, 0, t->shortshape);
        out[k++] = S_f2(T_P1SUF, 0, t->suf[2]);
        break;
    default:
        break;
    }
    return k;
}

size_t sl_ner_ctx_feats(const sl_ner_tokinfo *ti, size_t n, size_t i, bool ci, uint32_t *out)
{
    const uint32_t BOS = 0x51ed270bu, EOS = 0x2545f491u;
    const sl_ner_tokinfo *t = &ti[i];
    uint32_t lwm1 = i >= 1 ? ti[i - 1].lw : BOS, lwp1 = i + 1 < n ? ti[i + 1].lw : EOS;
    uint32_t ssm1 = i >= 1 ? ti[i - 1].shortshape : BOS;
    uint32_t ssp1 = i + 1 < n ? ti[i + 1].shortshape : EOS;
    uint32_t gm1 = i >= 1 ? ti[i - 1].gaz : 0xffu, gp1 = i + 1 < n ? ti[i + 1].gaz : 0xffu;
    size_t k = 0;
    out[k++] = S_f2(T_BI_M1, lwm1, t->lw);
    out[k++] = S_f2(T_BI_P1, t->lw, lwp1);
    out[k++] = S_f3(T_SS3, ssm1, t->shortshape, ssp1);
    out[k++] = S_f2(T_LWM1SS, lwm1, t->shortshape);
    out[k++] = S_f2(T_SKIP, lwm1, lwp1);
    out[k++] = S_f2(T_LWSSP1, t->lw, ssp1);
    {
        uint32_t cm1 = i >= 1 ? ti[i - 1].caseb : 9, cp1 = i + 1 < n ? ti[i + 1].caseb : 9;
        out[k++] = S_f2(T_CASE2, cm1, t->caseb);
        out[k++] = S_f3(T_CASE3, cm1, t->caseb, cp1);
    }
    out[k++] = S_f2(T_CL2, i >= 1 ? ti[i - 1].clus : 999, t->clus);
    out[k++] = S_f3(T_CC3, i >= 1 ? ti[i - 1].clus2 : 999, t->clus2, i + 1 < n ? ti[i + 1].clus2 : 999);
    if (t->foss && !ci) {
        out[k++] = S_f2(T_FOSS, t->foss, t->shortshape);
        out[k++] = S_f2(T_FOCL, t->focm1, t->focp1);
    }
    if (i >= 1 && ti[i - 1].first) out[k++] = S_f1(T_FIRSTM1, t->shortshape);
    if (i == 0) out[k++] = S_f1(T_START, t->shortshape);
    if (t->flags & SL_NER_F_SENTCAPS) out[k++] = S_f1(T_SENTCAPS, t->shortshape);
    out[k++] = S_f1(T_GAZ, t->gaz);
    out[k++] = S_f1(T_GAZM1, gm1);
    out[k++] = S_f1(T_GAZP1, gp1);
    if (t->gaz) out[k++] = S_f2(T_GAZSS, t->gaz, t->shortshape);
    if (i >= 1 && (ti[i - 1].flags & SL_NER_F_TITLE)) out[k++] = S_f1(T_TITLEM1SS, t->shortshape);
    return k;
}

/* ---- context features split once more (the pair cache and small tables of ner_cache.c) -----
 * Of the context features of token i, eight read only the words of i and one neighbour (word
 * pairs such as the bigram with -1 and +1, word x neighbour's shape, the casing and cluster
 * pairs), so their summed rows are a property of the adjacent word-type pair; four take few
 * values (gazetteer codes at -1/0/+1, casing prior trigram), so their rows fit small tables.
 * For every token, sl_ner_pair_feats of (i-1, i) on the right side, of (i, i+1) on the left
 * side, and sl_ner_ctx_rest(small = true) are exactly sl_ner_ctx_feats as a multiset; with
 * small = false the four small-table features (sl_ner_small_feat) are left out. */

size_t sl_ner_pair_feats(const sl_ner_tokinfo *a, const sl_ner_tokinfo *b, int side, uint32_t *out)
{
    const uint32_t BOS = 0x51ed270bu, EOS = 0x2545f491u;
    size_t k = 0;
    if (side == SL_NER_PAIR_RIGHT) {
        uint32_t lwm1 = a ? a->lw : BOS;
        out[k++] = S_f2(T_BI_M1, lwm1, b->lw);
        out[k++] = S_f2(T_LWM1SS, lwm1, b->shortshape);
        out[k++] = S_f2(T_CASE2, a ? a->caseb : 9, b->caseb);
        out[k++] = S_f2(T_CL2, a ? a->clus : 999, b->clus);
        if (a && a->first) out[k++] = S_f1(T_FIRSTM1, b->shortshape);
        if (a && (a->flags & SL_NER_F_TITLE)) out[k++] = S_f1(T_TITLEM1SS, b->shortshape);
    } else {
        out[k++] = S_f2(T_BI_P1, a->lw, b ? b->lw : EOS);
        out[k++] = S_f2(T_LWSSP1, a->lw, b ? b->shortshape : EOS);
    }
    return k;
}

uint32_t sl_ner_small_feat(int kind, uint32_t a, uint32_t b, uint32_t c)
{
    switch (kind) {
    case SL_NER_SMALL_GAZ: return S_f1(T_GAZ, a);
    case SL_NER_SMALL_GAZM1: return S_f1(T_GAZM1, a);
    case SL_NER_SMALL_GAZP1: return S_f1(T_GAZP1, a);
    default: return S_f3(T_CASE3, a, b, c);
    }
}

size_t sl_ner_ctx_rest(const sl_ner_tokinfo *ti, size_t n, size_t i, bool ci, bool small, uint32_t *out)
{
    const uint32_t BOS = 0x51ed270bu, EOS = 0x2545f491u;
    const sl_ner_tokinfo *t = &ti[i];
    const sl_ner_tokinfo *m1 = i >= 1 ? &ti[i - 1] : NULL, *p1 = i + 1 < n ? &ti[i + 1] : NULL;
    size_t k = 0;
    out[k++] = S_f3(T_SS3, m1 ? m1->shortshape : BOS, t->shortshape, p1 ? p1->shortshape : EOS);
    out[k++] = S_f2(T_SKIP, m1 ? m1->lw : BOS, p1 ? p1->lw : EOS);
    out[k++] = S_f3(T_CC3, m1 ? m1->clus2 : 999, t->clus2, p1 ? p1->clus2 : 999);
    if (t->foss && !ci) {
        out[k++] = S_f2(T_FOSS, t->foss, t->shortshape);
        out[k++] = S_f2(T_FOCL, t->focm1, t->focp1);
    }
    if (i == 0) out[k++] = S_f1(T_START, t->shortshape);
    if (t->flags & SL_NER_F_SENTCAPS) out[k++] = S_f1(T_SENTCAPS, t->shortshape);
    if (t->gaz) out[k++] = S_f2(T_GAZSS, t->gaz, t->shortshape);
    if (small) {
        out[k++] = sl_ner_small_feat(SL_NER_SMALL_GAZ, t->gaz, 0, 0);
        out[k++] = sl_ner_small_feat(SL_NER_SMALL_GAZM1, m1 ? m1->gaz : 0xffu, 0, 0);
        out[k++] = sl_ner_small_feat(SL_NER_SMALL_GAZP1, p1 ? p1->gaz : 0xffu, 0, 0);
        out[k++] = sl_ner_small_feat(SL_NER_SMALL_CASE3, m1 ? m1->caseb : 9, t->caseb, p1 ? p1->caseb : 9);
    }
    return k;
}

size_t sl_ner_dyn_tag(int p1, int p2, uint32_t *out)
{
    out[0] = S_f1(T_P1, (uint32_t)p1);
    out[1] = S_f2(T_P2P1, (uint32_t)p2, (uint32_t)p1);
    return 2;
}

size_t sl_ner_dyn_word(const sl_ner_tokinfo *t, int p1, int hist, bool no_p1, uint32_t *out)
{
    size_t k = 0;
    if (!no_p1) {
        out[k++] = S_f2(T_P1LW, (uint32_t)p1, t->lw);
        out[k++] = S_f2(T_P1SS, (uint32_t)p1, t->shortshape);
    }
    if (hist) {
        out[k++] = S_f1(T_HIST, (uint32_t)hist);
        out[k++] = S_f2(T_HISTSS, (uint32_t)hist, t->shortshape);
        out[k++] = S_f2(T_HISTP1, (uint32_t)hist, (uint32_t)p1);
    }
    if (!no_p1) out[k++] = S_f2(T_P1SUF, (uint32_t)p1, t->suf[2]);
    return k;
}

/* ---- first occurrence in the document ------------------------------------------------------
 * A name is usually introduced in full and in a telling context ("Bill Clinton", "Clinton
 * said", "shares of Ford Motor Co"); later bare mentions borrow the context of the first one. */

void sl_ner_docmap_free(sl_ner_docmap *m)
{
    free(m->key);
    free(m->idx);
    memset(m, 0, sizeof *m);
}

bool sl_ner_doc_fill(sl_ner_tokinfo *info, size_t base, const sl_ner_sent *sents, size_t nsents,
                     sl_ner_docmap *m)
{
    const uint32_t BOS = 0x51ed270bu, EOS = 0x2545f491u;
    if (!nsents) return true;
    size_t first = sents[0].first - base, end = sents[nsents - 1].end - base, need = 64;
    while (need < (end - first) * 2) need *= 2;
    if (need > m->cap) {
        uint32_t *k = malloc(need * sizeof *k), *x = malloc(need * sizeof *x);
        if (!k || !x) { free(k); free(x); return false; }
        free(m->key); free(m->idx);
        m->key = k; m->idx = x; m->cap = need;
    }
    memset(m->key, 0, m->cap * sizeof *m->key);
    /* Own context of every token, and the first occurrence of each word. */
    for (size_t s = 0; s < nsents; s++) {
        size_t a = sents[s].first - base, b = sents[s].end - base;
        for (size_t i = a; i < b; i++) {
            sl_ner_tokinfo *t = &info[i];
            t->foss = 0;
            if (!sl_ner_hist_wanted(t)) continue;
            t->fom1 = i > a ? info[i - 1].lw : BOS;
            t->fop1 = i + 1 < b ? info[i + 1].lw : EOS;
            t->focm1 = i > a ? info[i - 1].clus : 0;
            t->focp1 = i + 1 < b ? info[i + 1].clus : 0;
            t->foss = S_nz(t->shortshape);
            uint32_t key = S_nz(t->lw);
            size_t j = S_fmix(key) & (m->cap - 1);
            while (m->key[j] && m->key[j] != key) j = (j + 1) & (m->cap - 1);
            if (!m->key[j]) { m->key[j] = key; m->idx[j] = (uint32_t)i; }
        }
    }
    /* Later occurrences copy the first one's context; going backwards, the first occurrence
     * clears its own only after every later one has copied it. */
    for (size_t i = end; i-- > first;) {
        sl_ner_tokinfo *t = &info[i];
        if (!t->foss) continue;
        uint32_t key = S_nz(t->lw);
        size_t j = S_fmix(key) & (m->cap - 1);
        while (m->key[j] != key) j = (j + 1) & (m->cap - 1);
        const sl_ner_tokinfo *f = &info[m->idx[j]];
        if (f == t) { t->foss = 0; continue; }
        t->fom1 = f->fom1; t->fop1 = f->fop1; t->focm1 = f->focm1; t->focp1 = f->focp1;
        t->foss = f->foss;
    }
    return true;
}

/* ---- document memory ---------------------------------------------------------------------- */

void sl_ner_hist_reset(sl_ner_hist *h)
{
    if (h->cap) memset(h->key, 0, h->cap * sizeof *h->key);
    h->n = 0;
}

void sl_ner_hist_free(sl_ner_hist *h)
{
    free(h->key);
    free(h->cnt);
    memset(h, 0, sizeof *h);
}

static size_t S_hslot(const sl_ner_hist *h, uint32_t k)
{
    size_t i = S_fmix(k) & (h->cap - 1);
    while (h->key[i] && h->key[i] != k) i = (i + 1) & (h->cap - 1);
    return i;
}

int sl_ner_hist_get(const sl_ner_hist *h, uint32_t lw)
{
    if (!h->cap) return 0;
    uint32_t k = S_nz(lw);
    size_t i = S_hslot(h, k);
    if (!h->key[i]) return 0;
    const uint16_t *c = h->cnt[i];
    int best = -1;
    for (int t = 1; t < 5; t++)
        if (c[t] && (best < 0 || c[t] > c[best])) best = t;
    return best < 0 ? 1 : 1 + best;
}

int sl_ner_hist_get_extra(const sl_ner_hist *h, uint32_t lw, const uint16_t extra[5])
{
    uint32_t c[5] = {extra[0], extra[1], extra[2], extra[3], extra[4]};
    bool seen = c[0] || c[1] || c[2] || c[3] || c[4];
    if (h->cap) {
        size_t i = S_hslot(h, S_nz(lw));
        if (h->key[i]) {
            seen = true;
            for (int t = 0; t < 5; t++) c[t] += h->cnt[i][t];
        }
    }
    if (!seen) return 0;
    int best = -1;
    for (int t = 1; t < 5; t++)
        if (c[t] && (best < 0 || c[t] > c[best])) best = t;
    return best < 0 ? 1 : 1 + best;
}

bool sl_ner_hist_add(sl_ner_hist *h, uint32_t lw, int type)
{
    if ((h->n + 1) * 2 > h->cap) {
        size_t ncap = h->cap ? h->cap * 2 : 256, ocap = h->cap;
        uint32_t *ok = h->key;
        uint16_t(*oc)[5] = h->cnt;
        uint32_t *nk = calloc(ncap, sizeof *nk);
        uint16_t(*nc)[5] = calloc(ncap, sizeof *nc);
        if (!nk || !nc) { free(nk); free(nc); return false; }
        h->key = nk; h->cnt = nc; h->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (ok[i]) {
                size_t j = S_hslot(h, ok[i]);
                h->key[j] = ok[i];
                memcpy(h->cnt[j], oc[i], sizeof *nc);
            }
        free(ok); free(oc);
    }
    uint32_t k = S_nz(lw);
    size_t i = S_hslot(h, k);
    if (!h->key[i]) {
        h->key[i] = k;
        memset(h->cnt[i], 0, sizeof h->cnt[i]);
        h->n++;
    }
    if (h->cnt[i][type + 1] < UINT16_MAX) h->cnt[i][type + 1]++;
    return true;
}

bool sl_ner_valid(int p, int t, bool last)
{
    int pp = sl_ner_tag_pos(p), tp = sl_ner_tag_pos(t);
    bool open = p && (pp == SL_NER_B || pp == SL_NER_I);
    if (open) return t && (tp == SL_NER_I || tp == SL_NER_L) && sl_ner_tag_type(t) == sl_ner_tag_type(p) &&
                     !(last && tp == SL_NER_I);
    if (!t) return true;
    if (tp == SL_NER_I || tp == SL_NER_L) return false;
    return !(last && tp == SL_NER_B);
}
