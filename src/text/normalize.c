/*
 * normalize.c — the second text stage: rewrites d->text (from clean.c) into the canonical
 * form every later stage and every span offset refers to.
 *
 *   - bytes that are not valid UTF-8 become U+FFFD, NUL and other control characters go;
 *   - curly and angle quotes become ASCII " and ', TeX/PTB-style `` and '' become ";
 *   - en/em dashes, figure dashes and minus signs become "-"; a dash that separated phrases
 *     (an em dash, an en dash or "--" between spaces) becomes " - ";
 *   - NBSP and the other Unicode spaces become a space; soft hyphens, zero-width and
 *     bidirectional format characters are removed;
 *   - whitespace runs collapse to one space, a run holding a blank line (two or more line
 *     breaks) to the paragraph separator "\n\n"; no leading or trailing whitespace;
 *   - character references (&amp; &#39; &#x2019; and a few named ones) are decoded;
 *   - finally NFC (utf8proc), so equal text has equal bytes.
 *
 * Mapping runs before NFC so that removed invisible characters cannot block a composition.
 * The result replaces d->text (a new arena string) and d->content_hash is its hash, used
 * for article ids and exact-duplicate detection.
 */
#include <stdlib.h>

#include <utf8proc.h>

#include "text/text.h"

typedef enum S_class { S_KEEP, S_DROP, S_SPACE, S_NL, S_PARA, S_DQUOTE, S_SQUOTE, S_HYPHEN,
                       S_EMDASH, S_ENDASH } S_class;

static S_class S_classify(int32_t cp)
{
    switch (cp) {
    case '\n': case 0x85: case 0x2028: return S_NL;
    case 0x2029: return S_PARA;
    case '\t': case '\v': case '\f': case 0xA0: case 0x1680: case 0x202F: case 0x205F:
    case 0x3000: return S_SPACE;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
    case 0xAB: case 0xBB: case 0xFF02: case 0x275D: case 0x275E: return S_DQUOTE;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
    case 0x02BC: case 0xFF07: case 0x275B: case 0x275C: return S_SQUOTE;
    case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xFE63: case 0xFF0D: return S_HYPHEN;
    case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B: return S_EMDASH;
    case 0x2013: return S_ENDASH;
    case 0xAD: case 0x034F: case 0x180E: case 0xFEFF: case 0xFFF9: case 0xFFFA: case 0xFFFB:
    case 0xFFFC: return S_DROP;
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return S_SPACE;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069)) return S_DROP;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return S_DROP; /* \r handled by caller */
    return S_KEEP;
}

/* Output state: whitespace is held back until the next visible character decides it. */
typedef struct S_out {
    sl_buf b;
    unsigned nl;   /* line breaks pending */
    bool space;    /* a space pending */
} S_out;

static void S_flush_ws(S_out *o)
{
    if (o->b.len) {
        if (o->nl >= 2) sl_buf_append(&o->b, "\n\n", 2);
        else if (o->nl || o->space) sl_buf_putc(&o->b, ' ');
    }
    o->nl = 0;
    o->space = false;
}

static void S_put(S_out *o, const char *s, size_t n)
{
    S_flush_ws(o);
    sl_buf_append(&o->b, s, n);
}

/* A phrase-separating dash: " - " (the spaces merge with any around it). */
static void S_put_sep_dash(S_out *o)
{
    if (o->b.len && !o->nl) o->space = true;
    S_put(o, "-", 1);
    o->space = true;
}

static bool S_is_ws(int32_t cp)
{
    S_class c = S_classify(cp);
    return cp == ' ' || cp == '\r' || c == S_SPACE || c == S_NL || c == S_PARA;
}

/* Decodes an HTML/SGML character reference at s ("&amp;", "&#39;", "&#x2019;", the
 * upper-case "&AMP;" of the DUC wires); returns its length and *cp, or 0. Feeds often carry
 * escaped text in JSON or plain-text fields. */
static size_t S_entity(const char *s, size_t n, int32_t *cp)
{
    static const struct { const char *name; int32_t cp; } named[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
        {"mdash", 0x2014}, {"ndash", 0x2013}, {"rsquo", 0x2019}, {"lsquo", 0x2018},
        {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"hellip", 0x2026},
    };
    size_t semi = 1;
    while (semi < n && semi < 12 && s[semi] != ';') semi++;
    if (semi >= n || s[semi] != ';' || semi < 3) return 0;
    if (s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        int32_t v = 0;
        size_t i = hex ? 3 : 2;
        if (i >= semi) return 0;
        for (; i < semi; i++) {
            char c = s[i];
            int dv = c >= '0' && c <= '9' ? c - '0'
                     : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (dv < 0 || v > 0x10FFFF) return 0;
            v = v * (hex ? 16 : 10) + dv;
        }
        if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
        *cp = v;
        return semi + 1;
    }
    for (size_t k = 0; k < SL_ARRAY_LEN(named); k++)
        if (strlen(named[k].name) == semi - 1 && sl_ieq(s + 1, named[k].name, semi - 1)) {
            *cp = named[k].cp;
            return semi + 1;
        }
    return 0;
}

/* Printable ASCII that maps to itself whatever follows: everything from '!' to '~' but the
 * bytes that start a sequence S_map rewrites ("&amp;", "``", "''", "--"). */
static bool S_plain(unsigned char c)
{
    return c > ' ' && c < 0x7F && c != '&' && c != '`' && c != '\'' && c != '-';
}

static sl_status S_map(const char *s, size_t n, S_out *o)
{
    size_t i = 0;
    while (i < n) {
        if (S_plain((unsigned char)s[i])) {
            /* a run of plain bytes, single spaces between them included, maps to itself and
             * is copied at once: most of any text */
            size_t j = i + 1;
            for (;;) {
                if (j < n && S_plain((unsigned char)s[j])) j++;
                else if (j + 1 < n && s[j] == ' ' && S_plain((unsigned char)s[j + 1])) j += 2;
                else break;
            }
            S_put(o, s + i, j - i);
            if (o->b.oom) return SL_ENOMEM;
            i = j;
            continue;
        }
        int32_t cp;
        int l = sl_utf8_decode(s + i, n - i, &cp);
        size_t next = i + (size_t)l;
        if (cp == ' ') { o->space = true; i = next; continue; }
        if (cp == '\r') {
            o->nl++;
            if (next < n && s[next] == '\n') next++;
            i = next;
            continue;
        }
        int32_t ecp;
        size_t elen = cp == '&' ? S_entity(s + i, n - i, &ecp) : 0;
        if (elen) {
            char enc[4];
            int el = sl_utf8_encode(ecp, enc);
            sl_status st = S_map(enc, (size_t)el, o);
            if (st != SL_OK) return st;
            i += elen;
            continue;
        }
        if (cp == '`' && next < n && s[next] == '`') { S_put(o, "\"", 1); i = next + 1; continue; }
        if (cp == '\'' && next < n && s[next] == '\'') { S_put(o, "\"", 1); i = next + 1; continue; }
        if (cp == '`') { S_put(o, "'", 1); i = next; continue; }
        if (cp == '-' && next < n && s[next] == '-') {
            while (next < n && s[next] == '-') next++;
            S_put_sep_dash(o);
            i = next;
            continue;
        }
        switch (S_classify(cp)) {
        case S_DROP: break;
        case S_SPACE: o->space = true; break;
        case S_NL: o->nl++; break;
        case S_PARA: o->nl += 2; break;
        case S_DQUOTE: S_put(o, "\"", 1); break;
        case S_SQUOTE: S_put(o, "'", 1); break;
        case S_HYPHEN: S_put(o, "-", 1); break;
        case S_EMDASH: S_put_sep_dash(o); break;
        case S_ENDASH: {
            bool before = o->space || o->nl || o->b.len == 0;
            int32_t ncp = 0;
            bool after = next >= n || (sl_utf8_decode(s + next, n - next, &ncp), S_is_ws(ncp));
            if (before && after) S_put_sep_dash(o);
            else S_put(o, "-", 1);
            break;
        }
        case S_KEEP: {
            if (cp == 0xFFFD && l == 1) S_put(o, "\xEF\xBF\xBD", 3);
            else S_put(o, s + i, (size_t)l);
            break;
        }
        }
        if (o->b.oom) return SL_ENOMEM;
        i = next;
    }
    return o->b.oom ? SL_ENOMEM : SL_OK;
}

/* Whether NFC leaves s unchanged for certain: every code point below U+0300 (none of them
 * decomposes under NFC or has a non-zero combining class, and none composes with a
 * neighbour), or one of the general punctuation U+2010..U+2027, U+2030..U+205E (the same
 * holds; test_normalize checks every pair of such code points against utf8proc). Most
 * articles keep only a few accented letters and an ellipsis after the mapping above. */
bool sl_normalize_nfc_stable(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) { i++; continue; }
        int32_t cp;
        i += (size_t)sl_utf8_decode(s + i, n - i, &cp);
        if (!(cp < 0x300 || (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E))) return false;
    }
    return true;
}

sl_status sl_normalize(const sl_engine *e, sl_doc *d)
{
    (void)e;
    if (!d) return SL_EINVAL;
    const char *src = d->text ? d->text : "";
    size_t n = d->text ? d->text_len : 0;
    S_out o = {0};
    sl_buf_init(&o.b);
    if (!sl_buf_reserve(&o.b, n + 16)) return SL_ENOMEM;
    sl_status st = S_map(src, n, &o);
    if (st != SL_OK) { sl_buf_free(&o.b); return st; }

    bool stable = sl_normalize_nfc_stable(o.b.data ? o.b.data : "", o.b.len); /* NFC: identity */
    char *out = NULL;
    size_t olen = 0;
    if (stable) {
        out = sl_arena_strndup(&d->arena, o.b.data ? o.b.data : "", o.b.len);
        olen = o.b.len;
    } else {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)o.b.data, (utf8proc_ssize_t)o.b.len,
                                          &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (r < 0) {
            /* cannot happen on the valid UTF-8 built above, except out of memory */
            sl_buf_free(&o.b);
            return r == UTF8PROC_ERROR_NOMEM ? SL_ENOMEM : SL_EPARSE;
        }
        out = sl_arena_strndup(&d->arena, (const char *)nfc, (size_t)r);
        olen = (size_t)r;
        free(nfc);
    }
    sl_buf_free(&o.b);
    if (!out) return SL_ENOMEM;
    d->text = out;
    d->text_len = olen;
    d->content_hash = sl_hash64(d->text, d->text_len, 0);
    return SL_OK;
}
