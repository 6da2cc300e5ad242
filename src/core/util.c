/* util.c — status strings, UTF-8 helpers, whole-file reading, command error messages, civil-date day numbers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/core.h"

SL_API const char *sl_strerror(sl_status st)
{
    switch (st) {
    case SL_OK: return "success";
    case SL_ENOMEM: return "out of memory";
    case SL_EINVAL: return "invalid argument";
    case SL_EIO: return "input/output error";
    case SL_EPARSE: return "malformed input";
    case SL_ELIMIT: return "input exceeds a limit";
    case SL_EDB: return "database error";
    case SL_EMODEL: return "model or resource missing or corrupted";
    case SL_ENOTFOUND: return "not found";
    case SL_EEMPTY: return "no usable text";
    case SL_END: return "end of input";
    }
    return "unknown status";
}

SL_API const char *sl_version(void) { return SL_VERSION; }
SL_API void sl_free(void *p) { free(p); }

bool sl_ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return false;
    }
    return true;
}

int sl_utf8_decode(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0) { *cp = 0xFFFD; return 1; }
    unsigned char c = u[0];
    if (c < 0x80) { *cp = c; return 1; }
    int len; int32_t v;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; }
    else { *cp = 0xFFFD; return 1; }
    if ((size_t)len > n) { *cp = 0xFFFD; return 1; }
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = (v << 6) | (u[i] & 0x3F);
    }
    /* reject overlongs, surrogates and > U+10FFFF */
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF)) { *cp = 0xFFFD; return 1; }
    *cp = v;
    return len;
}

bool sl_utf8_valid(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) { i++; continue; }
        int32_t cp;
        int l = sl_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(l == 3 && (unsigned char)s[i] == 0xEF && (unsigned char)s[i+1] == 0xBF && (unsigned char)s[i+2] == 0xBD)) {
            if (bad) *bad = i;
            return false;
        }
        i += (size_t)l;
    }
    return true;
}

int sl_utf8_encode(int32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

sl_status sl_read_file(const char *path, size_t limit, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return SL_EIO;
    sl_buf b;
    sl_buf_init(&b);
    char chunk[65536];
    size_t n;
    sl_status st = SL_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > limit) { st = SL_ELIMIT; break; }
        sl_buf_append(&b, chunk, n);
        if (b.oom) { st = SL_ENOMEM; break; }
    }
    if (st == SL_OK && ferror(f)) st = SL_EIO;
    if (f != stdin) fclose(f);
    if (st != SL_OK) { sl_buf_free(&b); return st; }
    *len = b.len;
    *data = sl_buf_take(&b);
    return *data ? SL_OK : SL_ENOMEM;
}

int sl_fail(const char *who, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_progress_clear();
    fprintf(stderr, "storyline %s: ", who);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

bool sl_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil algorithms). */
long sl_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void sl_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}
