/* hash.c — 64-bit hashing (content ids, signatures) and a string-keyed open-addressing map. */
#include <stdlib.h>

#include "core/core.h"

/* A multiply-rotate mix over 8-byte words (in the spirit of wyhash/murmur): fast, good
 * avalanche, and stable across runs so that content ids never change. */
static inline uint64_t S_mix(uint64_t h)
{
    h ^= h >> 33; h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

uint64_t sl_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ^ (0x9e3779b97f4a7c15ULL * (n + 1));
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = S_mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
        p += 8; n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)p[i] << (8 * i);
    return S_mix(h ^ w ^ ((uint64_t)n << 56));
}

void sl_hex64(uint64_t v, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) { out[i] = hex[v & 15]; v >>= 4; }
    out[16] = 0;
}

void sl_map_init(sl_map *m) { memset(m, 0, sizeof(*m)); }

void sl_map_free(sl_map *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
    free(m->slots);
    sl_map_init(m);
}

static sl_map_entry *S_find(sl_map_entry *slots, size_t cap, const char *k, size_t n, uint64_t h)
{
    size_t i = h & (cap - 1);
    for (;;) {
        sl_map_entry *e = &slots[i];
        if (!e->key || (e->hash == h && e->klen == n && memcmp(e->key, k, n) == 0)) return e;
        i = (i + 1) & (cap - 1);
    }
}

sl_map_entry *sl_map_get(const sl_map *m, const char *key, size_t klen)
{
    if (!m->cap) return NULL;
    sl_map_entry *e = S_find(m->slots, m->cap, key, klen, sl_hash64(key, klen, 0));
    return e->key ? e : NULL;
}

sl_map_entry *sl_map_put(sl_map *m, const char *key, size_t klen, bool *created)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t nc = m->cap ? m->cap * 2 : 16;
        sl_map_entry *ns = calloc(nc, sizeof(*ns));
        if (!ns) return NULL;
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key) *S_find(ns, nc, m->slots[i].key, m->slots[i].klen, m->slots[i].hash) = m->slots[i];
        free(m->slots);
        m->slots = ns;
        m->cap = nc;
    }
    uint64_t h = sl_hash64(key, klen, 0);
    sl_map_entry *e = S_find(m->slots, m->cap, key, klen, h);
    if (created) *created = !e->key;
    if (!e->key) {
        char *k = malloc(klen + 1);
        if (!k) return NULL;
        memcpy(k, key, klen);
        k[klen] = 0;
        e->key = k; e->klen = klen; e->hash = h; e->val = NULL;
        m->n++;
    }
    return e;
}
