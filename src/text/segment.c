/*
 * segment.c — sentences and tokens as byte spans over d->text (after repair, before extract).
 *
 * Rule-based and linear (one pass for tokens, one for sentences), because it sits on the hot
 * path of every article:
 *
 *  1. Tokens. A word is a run of letters, marks and digits (utf8proc categories L*, M*, N*)
 *     that may carry inner connectors followed by another letter or digit: apostrophes
 *     ("don't", "Pinochet's": clitics stay attached, we do not split them PTB-style), hyphens
 *     ("Jae-in"), periods ("U.S", "3.5"), and between digits also , : / ("1,000", "10:30").
 *     A final period joins the word when the word already has an inner period ("U.S."), is one
 *     capital letter (the initial "E."; it ends a sentence like "U.S." does), or is a known
 *     abbreviation (resources/abbreviations.txt;
 *     "No." only before a number). Every other character is its own token, except that a run
 *     of periods ("...") is one token.
 *  2. Sentences end after . ! ? … (with any closing quotes/brackets glued to them), except:
 *     an ellipsis only ends one before a capitalized word; ! or ? followed by a closing quote and
 *     a lower-case word ("Go!" he said) does not. Abbreviations that can end a sentence
 *     ("Inc.", "U.S.") end one only when a usual sentence starter follows ("The", "He").
 *     A paragraph break ("\n\n") always ends a sentence; single newlines are hard wraps.
 *
 * Limits: more than SL_MAX_TOKENS tokens or SL_MAX_SENTENCES sentences is SL_ELIMIT.
 */
#include <stdlib.h>

#include <utf8proc.h>

#include "text/repair.h"
#include "text/text.h"

/* Character classes; the ASCII table keeps the common case free of utf8proc calls. */
enum { C_OTHER = 0, C_LETTER, C_DIGIT, C_SPACE, C_NL };

static const uint8_t S_ascii[128] = {
    ['\t'] = C_SPACE, ['\n'] = C_NL, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
    [' '] = C_SPACE,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
#define L(c) [c] = C_LETTER
    L('A'), L('B'), L('C'), L('D'), L('E'), L('F'), L('G'), L('H'), L('I'), L('J'), L('K'),
    L('L'), L('M'), L('N'), L('O'), L('P'), L('Q'), L('R'), L('S'), L('T'), L('U'), L('V'),
    L('W'), L('X'), L('Y'), L('Z'),
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'),
    L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
    L('w'), L('x'), L('y'), L('z'),
#undef L
};

static int S_class(int32_t cp)
{
    if (cp < 128) return cp >= 0 ? S_ascii[cp] : C_OTHER;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return C_NL;
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return cp == 0x85 ? C_NL : C_SPACE; /* stray controls and zero-width marks separate */
    default:
        return C_OTHER;
    }
}

static bool S_upper(int32_t cp)
{
    if (cp < 128) return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static inline int S_dec(const char *s, size_t n, size_t p, int32_t *cp)
{
    unsigned char c = (unsigned char)s[p];
    if (c < 0x80) { *cp = c; return 1; }
    return sl_utf8_decode(s + p, n - p, cp);
}

/* Scratch flags kept in sl_token.pad while segmenting (cleared before returning). */
#define F_PARA 1u        /* a paragraph break precedes the token */
#define F_ABBR_SHIFT 1u  /* bits 1-2: SL_ABBR_* class of a word that took its period */
#define F_ABBR_MASK 6u

static bool S_is_closer(const sl_doc *d, const sl_token *t)
{
    int32_t cp;
    S_dec(d->text, d->text_len, t->span.start, &cp);
    switch (cp) {
    case '"': case '\'': case ')': case ']': case '}': case 0x201D: case 0x2019: case 0x00BB:
    case 0x203A:
        return true;
    default:
        return false;
    }
}

/* 1 = "." or "...", 2 = "!" or "?", 3 = "…", 0 = not a terminator. */
static int S_terminator(const sl_doc *d, const sl_token *t)
{
    if (t->kind != SL_TOK_PUNCT) return 0;
    const char *s = d->text + t->span.start;
    uint32_t n = t->span.end - t->span.start;
    if (s[0] == '.') return n >= 3 ? 3 : 1;
    if (n == 1 && (s[0] == '!' || s[0] == '?')) return 2;
    if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] == 0xA6)
        return 3;
    /* other sentence enders some scripts use: full-width and CJK stops */
    int32_t cp;
    S_dec(d->text, d->text_len, t->span.start, &cp);
    if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E) return 2;
    return 0;
}

static sl_status S_tokenize(const sl_engine *e, sl_doc *d)
{
    const char *s = d->text;
    size_t n = d->text_len, p = 0;
    const struct sl_truecaser *tc = e ? e->truecaser : NULL;
    unsigned nl = 0;
    bool para = false;
    if (n / 5 + 16 > d->tokens.cap) {
        size_t want = SL_MIN(n / 5 + 16, (size_t)SL_MAX_TOKENS);
        sl_token *v = realloc(d->tokens.v, want * sizeof(*v));
        if (!v) return SL_ENOMEM;
        d->tokens.v = v;
        d->tokens.cap = want;
    }
    while (p < n) {
        int32_t cp;
        int len = S_dec(s, n, p, &cp);
        int cls = S_class(cp);
        if (cls == C_SPACE) { p += (size_t)len; continue; }
        if (cls == C_NL) {
            if (++nl >= 2) para = true;
            p += (size_t)len;
            continue;
        }
        sl_token t = {{(uint32_t)p, 0}, 0, SL_TOK_PUNCT, 0, 0, 0};
        t.pad = para && d->tokens.n ? F_PARA : 0;
        nl = 0;
        para = false;
        size_t q = p + (size_t)len;
        if (cls == C_LETTER || cls == C_DIGIT) {
            t.kind = cls == C_DIGIT ? SL_TOK_NUM : SL_TOK_WORD;
            t.cap = S_upper(cp);
            int prev = cls;
            size_t nchars = 1;
            bool inner_dot = false;
            while (q < n) {
                /* nerspeed: the run of ASCII letters and digits, a byte at a time */
                unsigned char b = (unsigned char)s[q];
                if (b < 0x80 && (S_ascii[b] == C_LETTER || S_ascii[b] == C_DIGIT)) {
                    q++;
                    prev = S_ascii[b];
                    nchars++;
                    continue;
                }
                int32_t c2;
                int l2 = S_dec(s, n, q, &c2);
                int k2 = S_class(c2);
                if (k2 == C_LETTER || k2 == C_DIGIT) { q += (size_t)l2; prev = k2; nchars++; continue; }
                bool conn = c2 == '\'' || c2 == 0x2019 || c2 == '-' || c2 == 0x2010 || c2 == '.' ||
                            c2 == ',' || c2 == ':' || c2 == '/';
                if (!conn || q + (size_t)l2 >= n) break;
                int32_t c3;
                S_dec(s, n, q + (size_t)l2, &c3);
                int k3 = S_class(c3);
                if (c2 == '.' && c3 == '-' && q + 2 < n && S_class((unsigned char)s[q + 2]) >= C_LETTER &&
                    S_class((unsigned char)s[q + 2]) <= C_DIGIT && (unsigned char)s[q + 2] < 0x80) {
                    q += 2; /* "U.S.-led" */
                    inner_dot = true;
                    continue;
                }
                if (k3 != C_LETTER && k3 != C_DIGIT) break;
                /* , : / join digit groups only ("1,000", "10:30", "1/2"), never words */
                if ((c2 == ',' || c2 == ':' || c2 == '/') && (prev != C_DIGIT || k3 != C_DIGIT)) break;
                if (c2 == '.') inner_dot = true;
                q += (size_t)l2;
            }
            /* Does a following period belong to the word? */
            if (t.kind == SL_TOK_WORD && q < n && s[q] == '.' && !(q + 1 < n && s[q + 1] == '.')) {
                int cls_abbr = SL_ABBR_NONE;
                if (inner_dot) cls_abbr = SL_ABBR_END;
                else if (nchars == 1 && t.cap) cls_abbr = SL_ABBR_END; /* "E." or "U S." */
                else if (q - p <= 16) {
                    cls_abbr = sl_truecaser_abbrev(tc, s + p, q - p);
                    if (cls_abbr == SL_ABBR_NUM) {
                        size_t r = q + 1;
                        while (r < n && (s[r] == ' ' || s[r] == '\t')) r++;
                        if (!(r < n && s[r] >= '0' && s[r] <= '9')) cls_abbr = SL_ABBR_NONE;
                    }
                }
                if (cls_abbr != SL_ABBR_NONE) {
                    q++;
                    t.pad |= (uint8_t)(cls_abbr << F_ABBR_SHIFT);
                }
            }
        } else {
            utf8proc_category_t cat = cp < 128 ? 0 : utf8proc_category(cp);
            bool punct = cp < 128 ? (cp != '$' && cp != '+' && cp != '<' && cp != '=' && cp != '>' &&
                                     cp != '^' && cp != '|' && cp != '~')
                                  : (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO);
            t.kind = punct ? SL_TOK_PUNCT : SL_TOK_SYM;
            if (cp == '.') while (q < n && s[q] == '.') q++;
        }
        t.span.end = (uint32_t)q;
        if (d->tokens.n >= SL_MAX_TOKENS) return SL_ELIMIT;
        if (!sl_vec_push(&d->tokens, t)) return SL_ENOMEM;
        p = q;
    }
    return SL_OK;
}

static sl_status S_close(sl_doc *d, size_t first, size_t end, uint32_t para)
{
    if (end <= first) return SL_OK;
    if (d->sentences.n >= SL_MAX_SENTENCES) return SL_ELIMIT;
    uint32_t idx = (uint32_t)d->sentences.n;
    for (size_t i = first; i < end; i++) d->tokens.v[i].sent = idx;
    sl_sentence st = {{d->tokens.v[first].span.start, d->tokens.v[end - 1].span.end},
                      (uint32_t)first, (uint32_t)end, para};
    return sl_vec_push(&d->sentences, st) ? SL_OK : SL_ENOMEM;
}

/* Index of the last closer glued to token i (i itself when none follows). */
static size_t S_skip_closers(const sl_doc *d, size_t i)
{
    while (i + 1 < d->tokens.n && d->tokens.v[i + 1].span.start == d->tokens.v[i].span.end &&
           !(d->tokens.v[i + 1].pad & F_PARA) && S_is_closer(d, &d->tokens.v[i + 1]))
        i++;
    return i;
}

static sl_status S_sentences(const sl_engine *e, sl_doc *d)
{
    const struct sl_truecaser *tc = e ? e->truecaser : NULL;
    size_t ntok = d->tokens.n, first = 0;
    uint32_t para = 0;
    sl_status st;
    for (size_t i = 0; i < ntok; i++) {
        sl_token *t = &d->tokens.v[i];
        if ((t->pad & F_PARA) && i > 0) {
            if ((st = S_close(d, first, i, para)) != SL_OK) return st;
            first = i;
            para++;
        }
        int term = S_terminator(d, t);
        int abbr = (t->pad & F_ABBR_MASK) >> F_ABBR_SHIFT;
        if (!term && abbr != SL_ABBR_END) continue;
        /* "?!", "!!": the sentence ends after the last of them */
        if (term && i + 1 < ntok && S_terminator(d, &d->tokens.v[i + 1]) &&
            d->tokens.v[i + 1].span.start == t->span.end)
            continue;
        size_t j = S_skip_closers(d, i);
        size_t nx = j + 1;
        bool end;
        if (nx >= ntok || (d->tokens.v[nx].pad & F_PARA)) {
            end = true;
        } else {
            const sl_token *nt = &d->tokens.v[nx];
            bool lower_word = nt->kind == SL_TOK_WORD && !nt->cap;
            bool cap_word = nt->kind == SL_TOK_WORD && nt->cap;
            if (abbr == SL_ABBR_END) {
                end = cap_word && (j > i || sl_truecaser_starter(tc, d->text + nt->span.start,
                                                                  nt->span.end - nt->span.start));
            } else if (term == 3) {
                end = cap_word;
            } else if (j > i && lower_word) {
                end = false; /* "Go!" he said. / "It's over." she said */
            } else {
                end = true;
            }
        }
        if (end) {
            if ((st = S_close(d, first, nx, para)) != SL_OK) return st;
            first = nx;
            i = j;
        }
    }
    return S_close(d, first, ntok, para);
}

sl_status sl_segment(const sl_engine *e, sl_doc *d)
{
    if (!d) return SL_EINVAL;
    d->tokens.n = 0;
    d->sentences.n = 0;
    if (!d->text || !d->text_len) return SL_OK;
    if (d->text_len > UINT32_MAX) return SL_ELIMIT;
    sl_status st = S_tokenize(e, d);
    if (st == SL_OK) st = S_sentences(e, d);
    for (size_t i = 0; i < d->tokens.n; i++) d->tokens.v[i].pad = 0;
    if (st != SL_OK) {
        d->tokens.n = 0;
        d->sentences.n = 0;
    }
    return st;
}
