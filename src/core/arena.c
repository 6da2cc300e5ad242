/* arena.c — bump allocator backing one document's annotations; freed in one call. */
#include <stdlib.h>

#include "core/core.h"

struct sl_arena_block {
    sl_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

#define SL_ARENA_BLOCK (64u * 1024u)

void sl_arena_init(sl_arena *a) { a->head = NULL; a->total = 0; }

void sl_arena_release(sl_arena *a)
{
    sl_arena_block *b = a->head;
    while (b) {
        sl_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

void *sl_arena_alloc(sl_arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0) n = 16;
    sl_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > SL_ARENA_BLOCK ? n : SL_ARENA_BLOCK;
        b = malloc(sizeof(*b) + size);
        if (!b) return NULL;
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *sl_arena_strndup(sl_arena *a, const char *s, size_t n)
{
    char *p = sl_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *sl_arena_strdup(sl_arena *a, const char *s)
{
    return s ? sl_arena_strndup(a, s, strlen(s)) : NULL;
}
