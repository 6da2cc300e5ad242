/*
 * html_charset.c — turns the raw bytes of a page into UTF-8 before the HTML parser sees them.
 *
 * Part of the HTML input adapter (html.c): gumbo parses UTF-8 only, so the page is first
 * gunzipped (with a decompressed-size limit against gzip bombs) and then converted here.
 * The encoding comes from, in order: a byte-order mark, a <meta charset> or http-equiv
 * declaration in the first 4 KB, else detection (valid UTF-8 is UTF-8, anything else is
 * windows-1252, which is also what browsers assume for Western pages). Declarations are
 * often wrong, so they are checked against the bytes: a page declared single-byte whose
 * bytes are valid UTF-8 with multi-byte sequences is read as UTF-8, and a page declared
 * UTF-8 (or undeclared) whose non-ASCII bytes are mostly invalid UTF-8 is read as
 * windows-1252. Tables: bytes 0x80-0xFF to code points (C1 controls where undefined).
 */
#include <stdlib.h>
#include <zlib.h>

#include "ingest/html_int.h"

static const uint16_t S_cp1252[128] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};
static const uint16_t S_latin2[128] = {
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087,
    0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097,
    0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
    0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
    0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};
static const uint16_t S_latin9[128] = {
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087,
    0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097,
    0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x20AC, 0x00A5, 0x0160, 0x00A7,
    0x0161, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x017D, 0x00B5, 0x00B6, 0x00B7,
    0x017E, 0x00B9, 0x00BA, 0x00BB, 0x0152, 0x0153, 0x0178, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};
static const uint16_t S_cp1250[128] = {
    0x20AC, 0x0081, 0x201A, 0x0083, 0x201E, 0x2026, 0x2020, 0x2021,
    0x0088, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x0098, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
    0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};

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

static bool S_name_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && sl_ieq(s, name, n);
}

static sl_html_charset S_charset_from_name(const char *s, size_t n)
{
    static const struct { const char *name; sl_html_charset cs; } names[] = {
        {"utf-8", SL_CS_UTF8}, {"utf8", SL_CS_UTF8}, {"unicode-1-1-utf-8", SL_CS_UTF8},
        {"windows-1252", SL_CS_CP1252}, {"cp1252", SL_CS_CP1252}, {"x-cp1252", SL_CS_CP1252},
        {"iso-8859-1", SL_CS_CP1252}, {"iso8859-1", SL_CS_CP1252}, {"latin1", SL_CS_CP1252},
        {"latin-1", SL_CS_CP1252}, {"l1", SL_CS_CP1252}, {"us-ascii", SL_CS_CP1252},
        {"ascii", SL_CS_CP1252}, {"iso_8859-1", SL_CS_CP1252}, {"cp819", SL_CS_CP1252},
        {"iso-8859-15", SL_CS_LATIN9}, {"iso8859-15", SL_CS_LATIN9}, {"latin-9", SL_CS_LATIN9},
        {"latin9", SL_CS_LATIN9}, {"iso_8859-15", SL_CS_LATIN9},
        {"iso-8859-2", SL_CS_LATIN2}, {"iso8859-2", SL_CS_LATIN2}, {"latin2", SL_CS_LATIN2},
        {"latin-2", SL_CS_LATIN2}, {"iso_8859-2", SL_CS_LATIN2}, {"l2", SL_CS_LATIN2},
        {"windows-1250", SL_CS_CP1250}, {"cp1250", SL_CS_CP1250}, {"x-cp1250", SL_CS_CP1250},
    };
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    for (size_t i = 0; i < SL_ARRAY_LEN(names); i++)
        if (S_name_is(s, n, names[i].name)) return names[i].cs;
    return SL_CS_UNKNOWN;
}

/* Finds "charset=NAME" in the first 4 KB: covers <meta charset="x">, <meta charset=x> and
 * <meta http-equiv="Content-Type" content="text/html; charset=x">. A lexical scan is
 * enough here, as the HTML spec's prescan is itself lexical. */
static sl_html_charset S_declared(const char *s, size_t n)
{
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
               s[k] != '/' && s[k] != '\n')
            k++;
        if (k > j && k - j < 40) return S_charset_from_name(s + j, k - j);
    }
    return SL_CS_UNKNOWN;
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

static const uint16_t *S_table(sl_html_charset cs)
{
    switch (cs) {
    case SL_CS_LATIN2: return S_latin2;
    case SL_CS_LATIN9: return S_latin9;
    case SL_CS_CP1250: return S_cp1250;
    default: return S_cp1252;
    }
}

static char *S_single_byte(const unsigned char *s, size_t n, sl_html_charset cs, size_t *outlen)
{
    const uint16_t *t = S_table(cs);
    char *out = malloc(n * 3 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80) {
            out[o++] = (char)s[i];
        } else {
            o += (size_t)sl_utf8_encode(t[s[i] - 0x80], out + o);
        }
    }
    out[o] = 0;
    *outlen = o;
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

sl_status sl_html_to_utf8(const char *s, size_t n, char **out, size_t *outlen, sl_html_charset *used)
{
    sl_html_charset cs = SL_CS_UNKNOWN;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
        cs = SL_CS_UTF8;
    }
    size_t multi, bad;
    S_utf8_stats((const unsigned char *)s, n, &multi, &bad);
    if (cs == SL_CS_UNKNOWN) {
        sl_html_charset decl = S_declared(s, n);
        if (decl == SL_CS_UTF8 || decl == SL_CS_UNKNOWN)
            /* declared UTF-8 (or nothing we know): trust it unless most non-ASCII is broken */
            cs = (bad == 0 || multi >= bad) ? SL_CS_UTF8 : SL_CS_CP1252;
        else
            /* declared single-byte: valid UTF-8 with multi-byte sequences is a wrong label */
            cs = (bad == 0 && multi > 0) ? SL_CS_UTF8 : decl;
    }
    if (cs == SL_CS_UTF8 && bad == 0 && !memchr(s, 0, n)) {
        /* the common case: already clean UTF-8 */
        char *c = malloc(n + 1);
        if (!c) return SL_ENOMEM;
        memcpy(c, s, n);
        c[n] = 0;
        *out = c;
        *outlen = n;
        if (used) *used = cs;
        return SL_OK;
    }
    char *o = (cs == SL_CS_UTF8) ? S_utf8_clean(s, n, outlen)
                                 : S_single_byte((const unsigned char *)s, n, cs, outlen);
    if (!o) return SL_ENOMEM;
    *out = o;
    if (used) *used = cs;
    return SL_OK;
}
