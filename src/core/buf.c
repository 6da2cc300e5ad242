/* buf.c — growable NUL-terminated byte buffer and the generic vector growth helper. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"

void sl_buf_init(sl_buf *b) { memset(b, 0, sizeof(*b)); }
void sl_buf_free(sl_buf *b) { free(b->data); sl_buf_init(b); }
void sl_buf_reset(sl_buf *b) { b->len = 0; if (b->data) b->data[0] = 0; b->oom = false; }

bool sl_buf_reserve(sl_buf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = true; return false; }
    b->data = p;
    b->cap = cap;
    return true;
}

void sl_buf_append(sl_buf *b, const char *s, size_t n)
{
    if (!sl_buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void sl_buf_puts(sl_buf *b, const char *s) { sl_buf_append(b, s, strlen(s)); }
void sl_buf_putc(sl_buf *b, char c) { sl_buf_append(b, &c, 1); }

void sl_buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !sl_buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *sl_buf_take(sl_buf *b)
{
    if (b->oom) { sl_buf_free(b); return NULL; }
    if (!b->data && !sl_buf_reserve(b, 0)) return NULL;
    char *p = b->data;
    sl_buf_init(b);
    return p;
}

bool sl_vec_grow_(void **v, size_t *cap, size_t elem)
{
    size_t nc = *cap ? *cap * 2 : 8;
    void *p = realloc(*v, nc * elem);
    if (!p) return false;
    *v = p;
    *cap = nc;
    return true;
}
