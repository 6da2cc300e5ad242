/*
 * html_charset.c — turns the raw bytes of a page into UTF-8 before the HTML parser sees them.
 *
 * Part of the HTML input adapter (html.c): gumbo parses UTF-8 only, so the page is first
 * gunzipped (with a decompressed-size limit against gzip bombs) and then converted here.
 * The encoding comes from, in order: a byte-order mark, a <meta charset> or http-equiv
 * declaration in the first 4 KB, else detection (valid UTF-8 is UTF-8, anything else is
 * windows-1252, which is also what browsers assume for Western pages). Declarations are
 * often wrong, so they are checked against the bytes: a page declared in another encoding
 * whose bytes are valid UTF-8 with multi-byte sequences is read as UTF-8, and a page declared
 * UTF-8 (or undeclared) whose non-ASCII bytes are mostly invalid UTF-8 is read as
 * windows-1252. The conversion itself is the C library's iconv(3), so every encoding glibc
 * knows (ISO-8859-*, windows-125x, KOI8-R, Shift_JIS, EUC-KR, GBK, Big5, ...) is read; a
 * name it does not know counts as no declaration.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <strings.h>
#include <zlib.h>

#include "ingest/html_int.h"

/* Longest charset name taken from a declaration (IANA names are at most 40 bytes). */
#define SL_HTML_CHARSET_NAME_MAX 48u

/* ---- gzip ------------------------------------------------------------------------------- */

sl_status sl_html_gunzip(const char *in, size_t len, size_t limit, char **out, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) return SL_ENOMEM; /* +32: gzip or zlib header */
    size_t cap = len * 4 + 4096, n = 0;
    if (cap > limit + 1) cap = limit + 1;
    char *buf = malloc(cap + 1);
    if (!buf) { inflateEnd(&z); return SL_ENOMEM; }
    z.next_in = (Bytef *)(uintptr_t)in;
    sl_status st = SL_OK;
    size_t in_left = len;
    for (;;) {
        if (n == cap) {
            if (cap > limit) { st = SL_ELIMIT; break; }
            size_t ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) { st = SL_ENOMEM; break; }
            buf = nb;
            cap = ncap;
        }
        /* zlib counts in uInt; feed at most 1 GB per call */
        uInt in_chunk = in_left > (1u << 30) ? (1u << 30) : (uInt)in_left;
        z.avail_in = in_chunk;
        size_t room = cap - n;
        z.avail_out = room > (1u << 30) ? (1u << 30) : (uInt)room;
        z.next_out = (Bytef *)buf + n;
        uInt out_before = z.avail_out;
        int rc = inflate(&z, Z_NO_FLUSH);
        n += out_before - z.avail_out;
        in_left -= in_chunk - z.avail_in;
        if (rc == Z_STREAM_END) break;
        if (rc == Z_BUF_ERROR && in_left == 0) { st = SL_EPARSE; break; } /* truncated */
        if (rc != Z_OK && rc != Z_BUF_ERROR) { st = SL_EPARSE; break; }
    }
    inflateEnd(&z);
    if (st == SL_OK && n > limit) st = SL_ELIMIT;
    /* A truncated gzip stream still gives a usable prefix of the page. */
    if (st == SL_EPARSE && n > 0) st = SL_OK;
    if (st != SL_OK) { free(buf); return st; }
    buf[n] = 0;
    *out = buf;
    *outlen = n;
    return SL_OK;
}

/* ---- encoding detection ------------------------------------------------------------------- */

/* ---- encoding detection ------------------------------------------------------------------- */

/* Browsers (the WHATWG Encoding standard) read these labels as windows-1252: pages labelled
 * latin-1 routinely use its 0x80-0x9F punctuation (curly quotes, dashes). UTF-16 labels in
 * an ASCII-compatible page are wrong by construction and mean UTF-8. */
static const char *S_whatwg_alias(const char *name)
{
    static const char *const cp1252[] = {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
                                         "latin-1", "l1", "us-ascii", "ascii", "cp819",
                                         "x-cp1252", "iso-ir-100", "ibm819"};
    for (size_t i = 0; i < SL_ARRAY_LEN(cp1252); i++)
        if (strcmp(name, cp1252[i]) == 0) return "WINDOWS-1252";
    if (strcmp(name, "utf8") == 0 || strcmp(name, "unicode-1-1-utf-8") == 0 || strncmp(name, "utf-16", 6) == 0 ||
        strcmp(name, "unicode") == 0)
        return "UTF-8";
    if (strncmp(name, "x-", 2) == 0) return name + 2; /* x-cp1250, x-sjis, x-euc-jp */
    return name;
}

/* Finds "charset=NAME" in the first 4 KB: covers <meta charset="x">, <meta charset=x> and
 * <meta http-equiv="Content-Type" content="text/html; charset=x">. A lexical scan is
 * enough here, as the HTML spec's prescan is itself lexical. Writes the lower-cased name to
 * `name` ("" when there is none). */
static void S_declared(const char *s, size_t n, char name[SL_HTML_CHARSET_NAME_MAX])
{
    name[0] = 0;
    size_t lim = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 8 < lim; i++) {
        if ((s[i] | 0x20) != 'c' || !sl_ieq(s + i, "charset", 7)) continue;
        size_t j = i + 7;
        while (j < lim && (s[j] == ' ' || s[j] == '\t')) j++;
        if (j >= lim || s[j] != '=') continue;
        j++;
        while (j < lim && (s[j] == ' ' || s[j] == '"' || s[j] == '\'')) j++;
        size_t k = j;
        while (k < lim && s[k] != '"' && s[k] != '\'' && s[k] != ';' && s[k] != '>' && s[k] != ' ' &&
               s[k] != '/' && s[k] != '\n' && s[k] != '\t')
            k++;
        if (k > j && k - j < SL_HTML_CHARSET_NAME_MAX) {
            for (size_t m = j; m < k; m++) {
                char c = s[m];
                name[m - j] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
            }
            name[k - j] = 0;
        }
        return;
    }
}

/* Counts valid multi-byte sequences and invalid bytes (stopping early once clear). */
static void S_utf8_stats(const unsigned char *s, size_t n, size_t *multi, size_t *bad)
{
    *multi = *bad = 0;
    size_t i = 0;
    while (i < n) {
        /* ASCII runs eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        if (s[i] < 0x80) { i++; continue; }
        int32_t cp;
        int l = sl_utf8_decode((const char *)s + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1 && !(n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD))
            (*bad)++;
        else
            (*multi)++;
        i += (size_t)l;
    }
}

/* Converts with iconv; a byte sequence invalid in the encoding becomes U+FFFD (one per
 * byte, as browsers do) and NUL bytes are dropped, so the result is always valid UTF-8.
 * NULL on out-of-memory. */
static char *S_iconv(iconv_t cd, const char *s, size_t n, size_t *outlen)
{
    size_t cap = n * 3 + 16, o = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    char *in = (char *)s; /* iconv's prototype is not const-correct */
    size_t left = n;
    while (left > 0) {
        char *dst = out + o;
        size_t room = cap - o - 4; /* keep room for U+FFFD and the NUL */
        size_t r = iconv(cd, &in, &left, &dst, &room);
        o = (size_t)(dst - out);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            char *bigger = realloc(out, cap * 2);
            if (!bigger) { free(out); return NULL; }
            out = bigger;
            cap *= 2;
            continue;
        }
        /* EILSEQ (invalid here) or EINVAL (cut short at the end): mark it and go on */
        memcpy(out + o, "\xEF\xBF\xBD", 3);
        o += 3;
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial shift state */
    }
    size_t w = 0;
    for (size_t i = 0; i < o; i++)
        if (out[i]) out[w++] = out[i];
    out[w] = 0;
    *outlen = w;
    return out;
}

/* UTF-8 with each invalid byte replaced by U+FFFD (and NUL bytes dropped). */
static char *S_utf8_clean(const char *s, size_t n, size_t *outlen)
{
    char *out = malloc(n * 3 + 1);
    if (!out) return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c) out[o++] = (char)c;
            i++;
            continue;
        }
        int32_t cp;
        int l = sl_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(out + o, s + i, (size_t)l);
            o += (size_t)l;
        }
        i += (size_t)l;
    }
    out[o] = 0;
    *outlen = o;
    return out;
}

sl_status sl_html_to_utf8(const char *s, size_t n, char **out, size_t *outlen)
{
    bool bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
    if (bom) {
        s += 3;
        n -= 3;
    }
    size_t multi, bad;
    S_utf8_stats((const unsigned char *)s, n, &multi, &bad);
    const char *enc = "UTF-8";
    iconv_t cd = (iconv_t)-1;
    char name[SL_HTML_CHARSET_NAME_MAX]; /* enc may point into it */
    if (!bom) {
        S_declared(s, n, name);
        const char *decl = name[0] ? S_whatwg_alias(name) : "";
        bool utf8 = !decl[0] || strcasecmp(decl, "utf-8") == 0;
        if (!utf8) {
            cd = iconv_open("UTF-8", decl);
            if (cd == (iconv_t)-1) utf8 = true; /* a name the C library does not know */
        }
        if (utf8)
            /* declared UTF-8 (or nothing we can read): trust it unless most non-ASCII is broken */
            enc = (bad == 0 || multi >= bad) ? "UTF-8" : "WINDOWS-1252";
        else
            /* declared another encoding: valid UTF-8 with multi-byte sequences is a wrong label */
            enc = (bad == 0 && multi > 0) ? "UTF-8" : decl;
        if (cd != (iconv_t)-1 && enc != decl) {
            iconv_close(cd);
            cd = (iconv_t)-1;
        }
    }
    if (strcmp(enc, "UTF-8") == 0 && bad == 0 && !memchr(s, 0, n)) {
        /* the common case: already clean UTF-8 */
        char *c = malloc(n + 1);
        if (!c) return SL_ENOMEM;
        memcpy(c, s, n);
        c[n] = 0;
        *out = c;
        *outlen = n;
        return SL_OK;
    }
    char *o;
    if (strcmp(enc, "UTF-8") == 0) {
        o = S_utf8_clean(s, n, outlen);
    } else {
        if (cd == (iconv_t)-1) cd = iconv_open("UTF-8", enc);
        if (cd == (iconv_t)-1) return SL_ENOMEM; /* windows-1252 is always there in glibc */
        o = S_iconv(cd, s, n, outlen);
        iconv_close(cd);
    }
    if (!o) return SL_ENOMEM;
    *out = o;
    return SL_OK;
}
