/*
 * facts.c — the token/sentence view shared by the fact extractors (dates, quotes, events).
 *
 * The fact stages need tokens and sentences. When the segmenter filled d->tokens we use them
 * as they are; otherwise a private fallback tokenizer (words with inner apostrophes, hyphens
 * and abbreviation periods; numbers; one punctuation mark per token) and a sentence splitter
 * (., !, ? before a capital, a digit or a quote mark; paragraph breaks) give the same shape.
 * The fallback is only a safety net: it keeps the facts working while the segmenter is
 * missing or returns nothing, and it never writes into the document.
 */
#include <stdlib.h>
#include <utf8proc.h>

#include "extract/facts.h"

static bool S_alnum_at(const char *s, size_t n, size_t i)
{
    if (i >= n) return false;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    /* U+2018..U+201F (quotes) and U+2013/U+2014 (dashes) are punctuation, not letters. */
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) return false;
    return c >= 0xC0; /* a lead byte of any other non-ASCII character: treat as a letter */
}

static size_t S_cplen(const char *s, size_t n, size_t i)
{
    int32_t cp;
    int l = sl_utf8_decode(s + i, n - i, &cp);
    return l < 1 ? 1 : (size_t)l;
}

/* Inner joiners: ' ’ - . _ between letters (and "." after a single letter: "U.S."); "_" joins
 * the words of a name in TABARI texts ("Dol_Amroth"), as in its dictionaries. */
static size_t S_joiner(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '\'' || c == '-' || c == '.' || c == '_') return 1;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) return 3;
    return 0;
}

static bool S_abbrev(const char *w, size_t n)
{
    static const char *const ab[] = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col",
                                     "sgt", "capt", "jr", "sr", "prof", "jan", "feb", "aug", "sept", "sep",
                                     "oct", "nov", "dec", "vs", "inc", "corp", "co", "no", NULL};
    if (n == 1) return true; /* initials */
    for (size_t k = 0; ab[k]; k++)
        if (strlen(ab[k]) == n && sl_ieq(ab[k], w, n)) return true;
    return false;
}

static sl_status S_fallback(const char *s, size_t n, sl_fview *v)
{
    size_t cap = 64, nt = 0;
    sl_token *t = malloc(cap * sizeof *t);
    if (!t) return SL_ENOMEM;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { i++; continue; }
        size_t st = i;
        uint8_t kind;
        if (S_alnum_at(s, n, i)) {
            kind = (c >= '0' && c <= '9') ? SL_TOK_NUM : SL_TOK_WORD;
            while (i < n) {
                if (S_alnum_at(s, n, i)) { i += S_cplen(s, n, i); continue; }
                size_t j = S_joiner(s, n, i);
                if (j && S_alnum_at(s, n, i + j)) { i += j; continue; }
                if (kind == SL_TOK_NUM && (s[i] == ',' || s[i] == ':' || s[i] == '/') && i + 1 < n &&
                    s[i + 1] >= '0' && s[i + 1] <= '9') { i++; continue; }
                break;
            }
            /* "U.S." keeps its final period when the word is a dotted abbreviation. */
            if (i < n && s[i] == '.' && i - st >= 3 && s[i - 2] == '.') i++;
        } else {
            kind = SL_TOK_PUNCT;
            i += S_cplen(s, n, i);
        }
        if (nt == cap) {
            cap *= 2;
            sl_token *nt2 = realloc(t, cap * sizeof *t);
            if (!nt2) { free(t); return SL_ENOMEM; }
            t = nt2;
        }
        sl_token tk = {{(uint32_t)st, (uint32_t)i}, 0, kind, 0, 0, 0};
        tk.cap = (c >= 'A' && c <= 'Z');
        t[nt++] = tk;
        if (nt >= SL_MAX_TOKENS) break;
    }
    /* sentences */
    size_t scap = 16, ns = 0;
    sl_sentence *se = malloc(scap * sizeof *se);
    if (!se) { free(t); return SL_ENOMEM; }
    size_t first = 0;
    uint32_t para = 0;
    for (size_t k = 0; k <= nt; k++) {
        bool end = false, newpara = false;
        if (k == nt) end = true;
        else if (k > first) {
            /* paragraph break between k-1 and k */
            for (uint32_t b = t[k - 1].span.end; b < t[k].span.start; b++)
                if (s[b] == '\n') { end = true; newpara = true; break; }
            if (!end && t[k - 1].kind == SL_TOK_PUNCT) {
                char p = s[t[k - 1].span.start];
                if ((p == '.' || p == '!' || p == '?') && t[k - 1].span.end < t[k].span.start) {
                    unsigned char c = (unsigned char)s[t[k].span.start];
                    bool abbr = p == '.' && k >= 2 && t[k - 2].kind == SL_TOK_WORD &&
                                S_abbrev(s + t[k - 2].span.start, t[k - 2].span.end - t[k - 2].span.start);
                    if (!abbr && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == 0xE2))
                        end = true;
                }
            }
            /* a closing quote mark right after the end punctuation belongs to the sentence */
            if (end && !newpara && k < nt && t[k].kind == SL_TOK_PUNCT && t[k - 1].span.end < t[k].span.start) {
                /* opening mark of the next sentence: nothing to do */
            }
        }
        if (!end) continue;
        if (k > first) {
            if (ns == scap) {
                scap *= 2;
                sl_sentence *n2 = realloc(se, scap * sizeof *se);
                if (!n2) { free(t); free(se); return SL_ENOMEM; }
                se = n2;
            }
            sl_sentence x = {{t[first].span.start, t[k - 1].span.end}, (uint32_t)first, (uint32_t)k, para};
            se[ns++] = x;
            for (size_t q = first; q < k; q++) t[q].sent = (uint32_t)(ns - 1);
        }
        if (newpara) para++;
        first = k;
    }
    v->tok = v->own_tok = t;
    v->ntok = nt;
    v->sent = v->own_sent = se;
    v->nsent = ns;
    return SL_OK;
}

sl_status sl_fview_init(const sl_doc *d, sl_fview *v)
{
    memset(v, 0, sizeof *v);
    v->text = d->text ? d->text : "";
    v->text_len = d->text ? d->text_len : 0;
    if (d->tokens.n > 0 && d->sentences.n > 0) {
        v->tok = d->tokens.v;
        v->ntok = d->tokens.n;
        v->sent = d->sentences.v;
        v->nsent = d->sentences.n;
        return SL_OK;
    }
    if (!v->text_len) return SL_OK;
    return S_fallback(v->text, v->text_len, v);
}

sl_status sl_fview_init_text(const char *text, size_t len, sl_fview *v)
{
    memset(v, 0, sizeof *v);
    v->text = text ? text : "";
    v->text_len = text ? len : 0;
    if (!v->text_len) return SL_OK;
    return S_fallback(v->text, v->text_len, v);
}

void sl_fview_free(sl_fview *v)
{
    free(v->own_tok);
    free(v->own_sent);
    memset(v, 0, sizeof *v);
}

bool sl_fv_is(const sl_fview *v, size_t i, const char *w)
{
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    /* the first letter rules out nearly every word of a list before any length is taken */
    if (!n || (((unsigned char)s[0] | 32) != ((unsigned char)w[0] | 32) && s[0] != w[0])) return false;
    size_t wl = strlen(w);
    if (n == wl) return sl_ieq(s, w, n);
    /* curly apostrophe in the text vs ASCII in the word list ("don’t" = "don't") */
    if (n == wl + 2 && memchr(w, '\'', wl)) {
        size_t a = 0, b = 0;
        while (a < n && b < wl) {
            if (w[b] == '\'' && (unsigned char)s[a] == 0xE2 && a + 2 < n) { a += 3; b++; continue; }
            if (((unsigned char)s[a] | 32) != ((unsigned char)w[b] | 32)) return false;
            a++, b++;
        }
        return a == n && b == wl;
    }
    return false;
}

int sl_fv_oneof(const sl_fview *v, size_t i, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (sl_fv_is(v, i, words[k])) return k;
    return -1;
}

bool sl_fv_punct(const sl_fview *v, size_t i, char c)
{
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    return n == 1 && s[0] == c;
}

int sl_fv_dquote(const sl_fview *v, size_t i)
{
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    if (n == 1 && s[0] == '"') return 1;
    if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D))
        return 1;
    return 0;
}

bool sl_fv_cap(const sl_fview *v, size_t i)
{
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    if (!n) return false;
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    int32_t cp;
    sl_utf8_decode(s, n, &cp);
    return utf8proc_isupper(cp);
}

size_t sl_fv_lower(const sl_fview *v, size_t i, char *buf, size_t cap)
{
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    size_t o = 0;
    for (size_t k = 0; k < n && o + 1 < cap; k++) {
        unsigned char c = (unsigned char)s[k];
        /* fold the curly apostrophe to ASCII so word lists stay ASCII */
        if (c == 0xE2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] == 0x99) {
            buf[o++] = '\'';
            k += 2;
            continue;
        }
        buf[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    buf[o] = 0;
    return o;
}

/* The function words by first letter, each list padded with spaces so " word " finds a
 * whole word: a token costs a scan of one short list instead of ~90 comparisons. */
#define SL_FW_MAX 6 /* longest function word */
bool sl_fv_function_word(const sl_fview *v, size_t i)
{
    static const char *const fw[26] = {
        " a an at about as after and are also all any ", /* a */
        " by before but be been being ", /* b */
        " can could ", /* c */
        " do does did ", /* d */
        NULL, /* e */
        " for from ", /* f */
        NULL, /* g */
        " he his her him has have had here ", /* h */
        " it i its in into if is ", /* i */
        " just ", /* j */
        NULL, /* k */
        NULL, /* l */
        " my me may might must more most ", /* m */
        " not no ", /* n */
        " our of on over or out ", /* o */
        NULL, /* p */
        NULL, /* q */
        NULL, /* r */
        " she so should some s ", /* s */
        " the this that these those they their them to than then there ", /* t */
        " us up ", /* u */
        " very ", /* v */
        " we with was were will would what which who whom when where while ", /* w */
        NULL, /* x */
        " you your ", /* y */
        NULL, /* z */
    };
    size_t n;
    const char *s = sl_fv_tok(v, i, &n);
    if (!n || n > SL_FW_MAX) return false;
    char w[SL_FW_MAX + 2];
    w[0] = ' ';
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)s[k];
        if (ch >= 0x80) return false; /* the list is ASCII */
        w[k + 1] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    w[n + 1] = ' ';
    if (w[1] < 'a' || w[1] > 'z' || !fw[w[1] - 'a']) return false;
    /* w = " word ": each list word starts after a space of the list */
    const char *l = fw[w[1] - 'a'];
    size_t ll = strlen(l);
    for (size_t k = 0; k + n + 2 <= ll; k++)
        if (l[k] == ' ' && l[k + 1] == w[1] && !memcmp(l + k, w, n + 2)) return true;
    return false;
}

size_t sl_fv_sent_of(const sl_fview *v, uint32_t off)
{
    size_t lo = 0, hi = v->nsent;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->sent[mid].span.end <= off) lo = mid + 1;
        else hi = mid;
    }
    return lo < v->nsent ? lo : (v->nsent ? v->nsent - 1 : 0);
}
