/*
 * lexicon.c — the word lists the extraction stages share: English stopwords
 * (resources/stopwords.txt), person titles (resources/titles.txt), the location gazetteer
 * (resources/gazetteer-loc.tsv) and first names (resources/gazetteer-names.tsv), both built
 * by tools/build_gazetteer.js, and Korean family names (resources/korean-surnames.txt, for
 * the name rules of ner.c).
 *
 * Everything is folded into one open-addressing table keyed by the 64-bit hash of the
 * lower-cased phrase (words joined by one space) with class bits as value. The tagger hashes
 * candidate token runs incrementally with the same function, so a gazetteer lookup costs one
 * probe per candidate length and never builds a string. The lexicon is immutable after
 * sl_lexicon_load and shared by threads through the engine.
 */
#include <stdlib.h>

#include "extract/ner.h"

#define SL_LEX_MAX_ENTRIES (1u << 20) /* far above the shipped lists; guards a bad resource */

struct sl_lexicon {
    uint64_t *keys; /* 0 = empty slot */
    uint8_t *bits;
    size_t cap, n;
};

/* FNV-1a over lower-cased ASCII bytes; non-ASCII bytes pass through unchanged, which is
 * what the ASCII-only gazetteer needs. */
uint64_t sl_lex_phrase_init(void) { return 0xcbf29ce484222325ULL; }

uint64_t sl_lex_phrase_add(uint64_t h, const char *w, size_t n, bool first)
{
    if (!first) { h ^= ' '; h *= 0x100000001b3ULL; }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t S_key(uint64_t h) { return h ? h : 1; }

static size_t S_probe(const struct sl_lexicon *l, uint64_t k)
{
    size_t i = (size_t)(k ^ (k >> 29)) & (l->cap - 1);
    while (l->keys[i] && l->keys[i] != k) i = (i + 1) & (l->cap - 1);
    return i;
}

static bool S_grow(struct sl_lexicon *l)
{
    size_t ncap = l->cap ? l->cap * 2 : 4096;
    uint64_t *ok = l->keys;
    uint8_t *ob = l->bits;
    size_t ocap = l->cap;
    l->keys = calloc(ncap, sizeof *l->keys);
    l->bits = calloc(ncap, 1);
    if (!l->keys || !l->bits) {
        free(l->keys); free(l->bits);
        l->keys = ok; l->bits = ob;
        return false;
    }
    l->cap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (ok[i]) {
            size_t j = S_probe(l, ok[i]);
            l->keys[j] = ok[i];
            l->bits[j] = ob[i];
        }
    free(ok); free(ob);
    return true;
}

static sl_status S_put(struct sl_lexicon *l, uint64_t h, unsigned bits)
{
    if (l->n >= SL_LEX_MAX_ENTRIES) return SL_ELIMIT;
    if ((l->n + 1) * 2 > l->cap && !S_grow(l)) return SL_ENOMEM;
    uint64_t k = S_key(h);
    size_t j = S_probe(l, k);
    if (!l->keys[j]) { l->keys[j] = k; l->n++; }
    l->bits[j] |= (uint8_t)bits;
    return SL_OK;
}

static sl_status S_add(struct sl_lexicon *l, const char *p, size_t n, unsigned bits)
{
    /* Split on spaces and hash the way the tagger will see the words. */
    uint64_t h = sl_lex_phrase_init();
    bool first = true;
    size_t i = 0, words = 0;
    while (i < n) {
        while (i < n && p[i] == ' ') i++;
        size_t s = i;
        while (i < n && p[i] != ' ') i++;
        if (i > s) { h = sl_lex_phrase_add(h, p + s, i - s, first); first = false; words++; }
    }
    if (!words || words > SL_GAZ_MAX_WORDS) return SL_OK; /* cannot match: skip */
    sl_status st = S_put(l, h, bits);
    /* Mark every proper word prefix so that matching can stop as soon as no phrase goes on. */
    h = sl_lex_phrase_init();
    first = true;
    i = 0;
    for (size_t w = 0; st == SL_OK && w + 1 < words; w++) {
        while (i < n && p[i] == ' ') i++;
        size_t s = i;
        while (i < n && p[i] != ' ') i++;
        h = sl_lex_phrase_add(h, p + s, i - s, first);
        first = false;
        st = S_put(l, h, SL_LEX_PREFIX);
    }
    return st;
}

static unsigned S_class(const char *s, size_t n)
{
    static const struct { const char *name; unsigned bit; } cls[] = {
        {"country", SL_GAZ_COUNTRY}, {"nationality", SL_GAZ_NATIONALITY}, {"city", SL_GAZ_CITY},
        {"title", SL_GAZ_TITLE},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(cls); i++)
        if (strlen(cls[i].name) == n && memcmp(cls[i].name, s, n) == 0) return cls[i].bit;
    return 0;
}

/* Loads one resource: lines "phrase" (all with class `bits`) or "phrase<TAB>class". '#'
 * lines are comments. A missing resource is not an error: the lists only add features. */
static sl_status S_load(struct sl_lexicon *l, const char *name, unsigned bits)
{
    size_t len;
    const char *r = sl_resource(name, &len);
    if (!r) return SL_OK;
    const char *end = r + len;
    while (r < end) {
        const char *nl = memchr(r, '\n', (size_t)(end - r));
        const char *le = nl ? nl : end;
        if (le > r && le[-1] == '\r') le--;
        if (le > r && r[0] != '#') {
            const char *tab = memchr(r, '\t', (size_t)(le - r));
            unsigned b = bits;
            if (tab) b = S_class(tab + 1, (size_t)(le - tab - 1));
            sl_status st = b ? S_add(l, r, (size_t)((tab ? tab : le) - r), b) : SL_OK;
            if (st != SL_OK) return st;
        }
        r = nl ? nl + 1 : end;
    }
    return SL_OK;
}

sl_status sl_lexicon_load(struct sl_lexicon **out)
{
    *out = NULL;
    struct sl_lexicon *l = calloc(1, sizeof *l);
    if (!l) return SL_ENOMEM;
    sl_status st = S_grow(l) ? SL_OK : SL_ENOMEM;
    if (st == SL_OK) st = S_load(l, "stopwords.txt", SL_LEX_STOP);
    if (st == SL_OK) st = S_load(l, "titles.txt", SL_GAZ_TITLE);
    if (st == SL_OK) st = S_load(l, "gazetteer-loc.tsv", 0);
    if (st == SL_OK) st = S_load(l, "gazetteer-names.tsv", SL_GAZ_FIRSTNAME);
    if (st == SL_OK) st = S_load(l, "korean-surnames.txt", SL_GAZ_KSURNAME);
    if (st != SL_OK) {
        sl_lexicon_free(l);
        return st;
    }
    *out = l;
    return SL_OK;
}

void sl_lexicon_free(struct sl_lexicon *l)
{
    if (!l) return;
    free(l->keys);
    free(l->bits);
    free(l);
}

unsigned sl_lex_gaz(const struct sl_lexicon *l, uint64_t phrase_hash)
{
    if (!l || !l->cap) return 0;
    size_t j = S_probe(l, S_key(phrase_hash));
    return l->keys[j] ? l->bits[j] : 0;
}

static unsigned S_word_bits(const struct sl_lexicon *l, const char *w, size_t n)
{
    return sl_lex_gaz(l, sl_lex_phrase_add(sl_lex_phrase_init(), w, n, true));
}

bool sl_lexicon_is_stopword(const struct sl_lexicon *l, const char *w, size_t n)
{
    return (S_word_bits(l, w, n) & SL_LEX_STOP) != 0;
}

bool sl_lexicon_is_title(const struct sl_lexicon *l, const char *w, size_t n)
{
    return (S_word_bits(l, w, n) & SL_GAZ_TITLE) != 0;
}

bool sl_lexicon_is_place(const struct sl_lexicon *l, const char *w, size_t n)
{
    return (S_word_bits(l, w, n) & (SL_GAZ_COUNTRY | SL_GAZ_CITY)) != 0;
}

bool sl_lexicon_is_nationality(const struct sl_lexicon *l, const char *w, size_t n)
{
    return (S_word_bits(l, w, n) & SL_GAZ_NATIONALITY) != 0;
}
