/* test_ner_cache.c — the tagger's word-type cache (src/extract/ner_cache.c): the features split
 * by word role, word pair and small table add up to exactly the tagger's features, and tagging
 * through the caches gives the same tags as without them (cold, warm, both weight tables,
 * long tokens, after a clear, with the pair cache full); and the weight tables' presence
 * filter (ner_model.c) never loses a key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "extract/ner.h"
#include "extract/ner_cache.h"
#include "extract/ner_model.h"
#include "ner_testdoc.h"

static int S_u32cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Splits text on spaces into tokens (the words point into text). */
static size_t S_split(const char *text, sl_ner_tok *toks, size_t max)
{
    size_t n = 0;
    for (const char *p = text; *p && n < max;) {
        while (*p == ' ') p++;
        const char *s = p;
        while (*p && *p != ' ') p++;
        if (p > s) toks[n++] = (sl_ner_tok){s, (uint32_t)(p - s)};
    }
    return n;
}

static void S_check_split(const sl_ner_tokinfo *info, size_t n, bool ci)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t a[SL_NER_MAX_FEATS], b[SL_NER_MAX_FEATS * 2];
        size_t na = sl_ner_static_feats(info, n, i, ci, a), nb = 0;
        nb += sl_ner_word_feats(&info[i], SL_NER_ROLE_SELF, ci, b + nb);
        nb += sl_ner_word_feats(i >= 1 ? &info[i - 1] : NULL, SL_NER_ROLE_M1, ci, b + nb);
        nb += sl_ner_word_feats(i + 1 < n ? &info[i + 1] : NULL, SL_NER_ROLE_P1, ci, b + nb);
        nb += sl_ner_word_feats(i >= 2 ? &info[i - 2] : NULL, SL_NER_ROLE_M2, ci, b + nb);
        nb += sl_ner_word_feats(i + 2 < n ? &info[i + 2] : NULL, SL_NER_ROLE_P2, ci, b + nb);
        nb += sl_ner_ctx_feats(info, n, i, ci, b + nb);
        assert_int_equal(na, nb);
        qsort(a, na, sizeof *a, S_u32cmp);
        qsort(b, nb, sizeof *b, S_u32cmp);
        assert_memory_equal(a, b, na * sizeof *a);
        /* the context features: the pairs (i-1, i) and (i, i+1), and the rest */
        na = sl_ner_ctx_feats(info, n, i, ci, a);
        nb = sl_ner_pair_feats(i >= 1 ? &info[i - 1] : NULL, &info[i], SL_NER_PAIR_RIGHT, b);
        nb += sl_ner_pair_feats(&info[i], i + 1 < n ? &info[i + 1] : NULL, SL_NER_PAIR_LEFT, b + nb);
        nb += sl_ner_ctx_rest(info, n, i, ci, true, b + nb);
        assert_int_equal(na, nb);
        qsort(a, na, sizeof *a, S_u32cmp);
        qsort(b, nb, sizeof *b, S_u32cmp);
        assert_memory_equal(a, b, na * sizeof *a);
        /* the rest without the small-table features, and those from their values */
        na = sl_ner_ctx_rest(info, n, i, ci, true, a);
        nb = sl_ner_ctx_rest(info, n, i, ci, false, b);
        assert_int_equal(na, nb + 4);
        b[nb++] = sl_ner_small_feat(SL_NER_SMALL_GAZ, info[i].gaz, 0, 0);
        b[nb++] = sl_ner_small_feat(SL_NER_SMALL_GAZM1, i >= 1 ? info[i - 1].gaz : 0xffu, 0, 0);
        b[nb++] = sl_ner_small_feat(SL_NER_SMALL_GAZP1, i + 1 < n ? info[i + 1].gaz : 0xffu, 0, 0);
        b[nb++] = sl_ner_small_feat(SL_NER_SMALL_CASE3, i >= 1 ? info[i - 1].caseb : 9, info[i].caseb,
                                    i + 1 < n ? info[i + 1].caseb : 9);
        qsort(a, na, sizeof *a, S_u32cmp);
        qsort(b, nb, sizeof *b, S_u32cmp);
        assert_memory_equal(a, b, na * sizeof *a);
        /* every value the tagger can meet has a table row */
        assert_true(sl_ner_small_gaz(info[i].gaz) >= 0);
        assert_true(sl_ner_small_case(i >= 1 ? info[i - 1].caseb : 9, info[i].caseb, i + 1 < n ? info[i + 1].caseb : 9) >= 0);
        /* tag-dependent features as the beam decoder adds them: after an O, the cached DYN0
         * row + the previous-two-tags feature + dyn_word without the previous-tag x word part;
         * otherwise dyn_tag + dyn_word, in the same order as sl_ner_dyn_feats */
        for (int hist = 0; hist < 3; hist++) {
            uint32_t tag[2];
            na = sl_ner_dyn_feats(&info[i], 0, 5, hist, a);
            nb = sl_ner_word_feats(&info[i], SL_NER_ROLE_DYN0, ci, b);
            sl_ner_dyn_tag(0, 5, tag);
            b[nb++] = tag[1];
            nb += sl_ner_dyn_word(&info[i], 0, hist, true, b + nb);
            assert_int_equal(na, nb);
            qsort(a, na, sizeof *a, S_u32cmp);
            qsort(b, nb, sizeof *b, S_u32cmp);
            assert_memory_equal(a, b, na * sizeof *a);
            na = sl_ner_dyn_feats(&info[i], 3, 0, hist, a);
            nb = sl_ner_dyn_tag(3, 0, b);
            nb += sl_ner_dyn_word(&info[i], 3, hist, false, b + nb);
            assert_int_equal(na, nb);
            assert_memory_equal(a, b, na * sizeof *a);
        }
    }
}

/* Titles, first names, a gazetteer phrase, a headline in capitals, digits, punctuation. */
static const char *S_texts[] = {
    "Russian President Vladimir Putin met U.S. Secretary of State Rex Tillerson in New York on Monday .",
    "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
    "Mr Kim said 3-2 ( 1-0 ) , and Ms. Smith-Jones of Deutsche Bank AG left for Sao Paulo",
    "x",
};

static void test_feature_split(void **state)
{
    sl_engine *e = T_engine();
    assert_non_null(e);
    for (size_t t = 0; t < SL_ARRAY_LEN(S_texts); t++)
        for (int ci = 0; ci < 2; ci++) {
            sl_ner_tok toks[64];
            sl_ner_tokinfo info[64];
            size_t n = S_split(S_texts[t], toks, 64);
            sl_ner_tokinfo_fill(e->lex, &e->ner->words, ci, toks, n, info);
            S_check_split(info, n, ci);
            /* the word fields alone plus the sentence pass give the same infos */
            sl_ner_tokinfo info2[64];
            uint64_t h1[64];
            uint16_t b1[64];
            for (size_t i = 0; i < n; i++) {
                sl_ner_tokinfo_word(e->lex, &e->ner->words, ci, &toks[i], &info2[i]);
                h1[i] = sl_lex_phrase_add(sl_lex_phrase_init(), toks[i].s, toks[i].len, true);
                b1[i] = (uint16_t)sl_lex_gaz(e->lex, h1[i]);
            }
            sl_ner_tokinfo_sent(e->lex, toks, n, h1, b1, info2);
            assert_memory_equal(info, info2, n * sizeof *info);
            /* a cache entry keeps the word fields the tagger reads after the fill */
            bool useci = ci && e->ner->have[SL_NER_CI];
            sl_ner_cache *c = sl_ner_cache_for(&e->ner->w[useci], e->lex, &e->ner->words, useci);
            assert_non_null(c);
            assert_true(sl_ner_cache_reserve(c, n));
            for (size_t i = 0; i < n; i++) {
                const sl_ner_went *we = sl_ner_cache_word(c, &toks[i]);
                sl_ner_tokinfo w1, w2;
                sl_ner_tokinfo_word(e->lex, &e->ner->words, useci, &toks[i], &w1);
                sl_ner_went_info(we, &w2);
                assert_int_equal(w2.lw, w1.lw);
                assert_int_equal(w2.shortshape, w1.shortshape);
                assert_int_equal(w2.suf[2], w1.suf[2]);
                assert_int_equal(w2.flags, w1.flags);
                assert_int_equal(w2.caseb, w1.caseb);
                assert_int_equal(w2.first, w1.first);
                assert_int_equal(w2.clus, w1.clus);
                assert_int_equal(w2.clus2, w1.clus2);
                assert_int_equal(we->h1, h1[i]);
                assert_int_equal(we->bits1, b1[i]);
            }
        }
    /* the small tables cover every gazetteer code and casing bucket, each at its own row */
    bool seen[SL_NER_NCASE * SL_NER_NCASE * SL_NER_NCASE] = {false};
    for (uint32_t a = 0; a < 10; a++)
        for (uint32_t b = 0; b < 6; b++)
            for (uint32_t d = 0; d < 10; d++) {
                if ((a > 5 && a != 9) || (d > 5 && d != 9)) {
                    assert_int_equal(sl_ner_small_case(a, b, d), -1);
                    continue;
                }
                int x = sl_ner_small_case(a, b, d);
                assert_true(x >= 0 && x < (int)SL_ARRAY_LEN(seen));
                assert_false(seen[x]);
                seen[x] = true;
            }
    assert_int_equal(sl_ner_small_case(0, 6, 0), -1);
    for (uint32_t g = 0; g < 32; g++) assert_int_equal(sl_ner_small_gaz(g), (int)g);
    assert_int_equal(sl_ner_small_gaz(0xffu), 32);
    assert_int_equal(sl_ner_small_gaz(32), -1);
    T_engine_free(e);
    (void)state;
}

/* Tags the tokens of text (sentences end at "."; one document) both ways, twice. */
static void S_same_tags(const sl_engine *e, const char *text, bool ci)
{
    enum { MAXT = 4096 };
    sl_ner_tok *toks = malloc(MAXT * sizeof *toks);
    sl_ner_sent *sents = malloc(MAXT * sizeof *sents);
    uint8_t *a = malloc(MAXT), *b = malloc(MAXT);
    assert_non_null(toks); assert_non_null(sents); assert_non_null(a); assert_non_null(b);
    size_t n = S_split(text, toks, MAXT), ns = 0;
    for (size_t i = 0, f = 0; i < n; i++)
        if (i + 1 == n || (toks[i].len == 1 && toks[i].s[0] == '.')) {
            sents[ns++] = (sl_ner_sent){(uint32_t)f, (uint32_t)(i + 1), (uint32_t)(ns / 3)};
            f = i + 1;
        }
    for (int round = 0; round < 3; round++) { /* a pair gets its entry when seen again */
        assert_int_equal(sl_ner_tag_uncached(e->ner, e->lex, ci, toks, n, sents, ns, a), SL_OK);
        assert_int_equal(sl_ner_tag(e->ner, e->lex, ci, toks, n, sents, ns, b), SL_OK);
        assert_memory_equal(a, b, n);
    }
    free(toks); free(sents); free(a); free(b);
}

static void test_cached_tags_identical(void **state)
{
    sl_engine *e = T_engine();
    assert_non_null(e);
    const char *shared = getenv("SL_SHARED");
    char path[1024];
    static const char *seeds[] = {"000_c3e106af9eabc524.txt", "001_e8da890de1d0a941.txt", "002_0fbb9887d98a567f.txt"};
    size_t tagged = 0;
    for (size_t s = 0; s < SL_ARRAY_LEN(seeds); s++) {
        snprintf(path, sizeof path, "%s/seeds/%s", shared ? shared : "../shared", seeds[s]);
        char *text;
        size_t len;
        if (sl_read_file(path, 1u << 24, &text, &len) != SL_OK) continue;
        for (size_t i = 0; i < len; i++) /* one token per space-separated run */
            if (text[i] == '\n' || text[i] == '\t' || text[i] == '\r') text[i] = ' ';
        S_same_tags(e, text, false);
        S_same_tags(e, text, true);
        free(text);
        tagged++;
    }
    for (size_t t = 0; t < SL_ARRAY_LEN(S_texts); t++) {
        S_same_tags(e, S_texts[t], false);
        S_same_tags(e, S_texts[t], true);
    }
    /* tokens longer than the cache key, repeated */
    S_same_tags(e, "Internationalization-and-localization-committee met the "
                   "Internationalization-and-localization-committee chair Anna Karenina-Vronskaya-Oblonskaya .",
                false);
    T_engine_free(e);
    (void)tagged;
    (void)state;
}

/* A pair cache that is full: pairs without an entry are looked up feature by feature. */
static void test_pair_cache_full(void **state)
{
    sl_engine *e = T_engine();
    assert_non_null(e);
    const char *text = "The president of the United States met the president of France in Paris . "
                       "The prime minister of Japan said the talks in Tokyo went well , the minister said . "
                       "The president of the United States said the talks were good .";
    for (int ci = 0; ci < 2; ci++) {
        bool useci = ci && e->ner->have[SL_NER_CI];
        sl_ner_cache *c = sl_ner_cache_for(&e->ner->w[useci], e->lex, &e->ner->words, useci);
        assert_non_null(c);
        assert_true(sl_ner_cache_reserve(c, SL_NER_CACHE_WORDS)); /* clears it */
        sl_ner_cache_limit_pairs(c, 5);
        S_same_tags(e, text, ci);
        sl_ner_cache_limit_pairs(c, 0);
        S_same_tags(e, text, ci);
        sl_ner_cache_limit_pairs(c, SL_NER_CACHE_PAIRS);
    }
    T_engine_free(e);
    (void)state;
}

/* More distinct words than the cache holds: it is cleared between documents and the tags stay
 * the same. */
static void test_cache_clears(void **state)
{
    sl_engine *e = T_engine();
    assert_non_null(e);
    enum { NW = SL_NER_CACHE_WORDS + 3000, PER_DOC = 2000 };
    char *buf = malloc((size_t)NW * 12);
    sl_ner_tok *toks = malloc(NW * sizeof *toks);
    sl_ner_sent *sents = malloc(NW * sizeof *sents);
    uint8_t *a = malloc(NW), *b = malloc(NW);
    assert_non_null(buf); assert_non_null(toks); assert_non_null(sents); assert_non_null(a); assert_non_null(b);
    size_t ns = 0;
    for (size_t i = 0; i < NW; i++) {
        int k = snprintf(buf + i * 12, 12, "%s%zu", i % 3 ? "Zq" : "w", i);
        toks[i] = (sl_ner_tok){buf + i * 12, (uint32_t)k};
        if (i % 20 == 19 || i + 1 == NW) {
            size_t f = ns ? sents[ns - 1].end : 0;
            sents[ns] = (sl_ner_sent){(uint32_t)f, (uint32_t)(i + 1), (uint32_t)(i / PER_DOC)};
            ns++;
        }
    }
    assert_int_equal(sl_ner_tag_uncached(e->ner, e->lex, false, toks, NW, sents, ns, a), SL_OK);
    assert_int_equal(sl_ner_tag(e->ner, e->lex, false, toks, NW, sents, ns, b), SL_OK);
    assert_memory_equal(a, b, NW);
    /* one document larger than the cache: tagged without it, same tags */
    for (size_t s = 0; s < ns; s++) sents[s].doc = 0;
    assert_int_equal(sl_ner_tag(e->ner, e->lex, false, toks, NW, sents, ns, b), SL_OK);
    assert_int_equal(sl_ner_tag_uncached(e->ner, e->lex, false, toks, NW, sents, ns, a), SL_OK);
    assert_memory_equal(a, b, NW);
    free(buf); free(toks); free(sents); free(a); free(b);
    T_engine_free(e);
    (void)state;
}

/* The presence filter of the weight tables (sl_ner_maybe, built by sl_ner_weights_index):
 * every key of the table passes it (else its feature would be lost), and it rules out most
 * keys that are not in the table (else it would save nothing). */
static void test_presence_filter(void **state)
{
    sl_engine *e = T_engine();
    assert_non_null(e);
    for (int k = 0; k < 2; k++) {
        if (!e->ner->have[k]) continue;
        const sl_ner_weights *w = &e->ner->w[k];
        assert_non_null(w->filt);
        size_t keys = 0;
        for (size_t i = 0; i < w->cap; i++) {
            if (!w->slot[i]) continue;
            assert_true(sl_ner_maybe(w, (uint32_t)w->slot[i]));
            keys++;
        }
        assert_int_equal(keys, w->nfeat);
        size_t absent = 0, passed = 0;
        uint32_t x = 12345u;
        for (int t = 0; t < 200000; t++) {
            x = x * 1664525u + 1013904223u; /* not model keys, mostly */
            if (!x) continue;
            int32_t row[SL_NER_NTAGS];
            if (sl_ner_row(w, x, row)) continue;
            absent++;
            passed += sl_ner_maybe(w, x);
        }
        assert_true(absent > 190000);
        assert_true(passed * 20 < absent); /* < 5% false positives */
    }
    /* a small table (the trainer builds those too): still every key */
    sl_ner_weights w = {0};
    uint32_t keys[3] = {7u, 70000u, 0xfffffff0u};
    w.nfeat = 3;
    w.rows = calloc(3 * SL_NER_NTAGS, sizeof *w.rows);
    assert_non_null(w.rows);
    w.rows[SL_NER_NTAGS + 2] = 5;
    assert_int_equal(sl_ner_weights_index(&w, keys), SL_OK);
    for (int i = 0; i < 3; i++) assert_true(sl_ner_maybe(&w, keys[i]));
    free(w.rows);
    w.rows = NULL;
    sl_ner_weights_free(&w);
    T_engine_free(e);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feature_split),
        cmocka_unit_test(test_cached_tags_identical),
        cmocka_unit_test(test_cache_clears),
        cmocka_unit_test(test_pair_cache_full),
        cmocka_unit_test(test_presence_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
