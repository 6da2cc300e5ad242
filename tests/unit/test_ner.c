/* test_ner.c — the NER stage: model file validation, tagging cased and lower-cased text,
 * the rule fallback, and the persons of the seed articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "extract/ner.h"
#include "extract/ner_model.h"
#include "ner_testdoc.h"

static bool S_has_mention(const sl_doc *d, const char *text, int type)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < d->mentions.n; i++) {
        const sl_mention *m = &d->mentions.v[i];
        if (m->type == type && m->span.end - m->span.start == n && memcmp(d->text + m->span.start, text, n) == 0)
            return true;
    }
    return false;
}

static void test_model_loads(void **state)
{
    struct sl_ner_model *m = NULL;
    assert_int_equal(sl_ner_model_load(&m), SL_OK);
    assert_non_null(m);
    assert_true(m->have[SL_NER_CASED]);
    assert_true(m->have[SL_NER_CI]);
    assert_true(m->w[SL_NER_CASED].nfeat > 1000);
    assert_true(m->cas.n > 1000);
    sl_ner_model_free(m);
}

/* Every defect is SL_EMODEL, never a crash (ASan checks the "never reads outside"). */
static void test_model_rejects_bad_files(void **state)
{
    size_t len;
    const char *r = sl_resource("ner.bin", &len);
    assert_non_null(r);
    unsigned char *b = malloc(len);
    assert_non_null(b);
    struct sl_ner_model *m = NULL;
    char err[200];
    /* truncated, at many lengths (each copy is exactly that long so ASan sees overreads) */
    static const size_t cuts[] = {0, 1, 7, 8, 31, 32, 33, 100, 1000};
    for (size_t i = 0; i < SL_ARRAY_LEN(cuts); i++) {
        unsigned char *t = malloc(cuts[i] + 1);
        memcpy(t, r, cuts[i]);
        assert_int_equal(sl_ner_model_parse(t, cuts[i], &m, err, sizeof err), SL_EMODEL);
        assert_null(m);
        free(t);
    }
    assert_int_equal(sl_ner_model_parse(r, len - 1, &m, err, sizeof err), SL_EMODEL);
    assert_non_null(strstr(err, "truncated"));
    /* wrong magic */
    memcpy(b, r, len);
    b[0] = 'X';
    assert_int_equal(sl_ner_model_parse(b, len, &m, err, sizeof err), SL_EMODEL);
    assert_non_null(strstr(err, "magic"));
    /* wrong version */
    memcpy(b, r, len);
    b[8] = 99;
    assert_int_equal(sl_ner_model_parse(b, len, &m, err, sizeof err), SL_EMODEL);
    assert_non_null(strstr(err, "version"));
    /* one flipped bit in the weights */
    memcpy(b, r, len);
    b[len / 2] ^= 4;
    assert_int_equal(sl_ner_model_parse(b, len, &m, err, sizeof err), SL_EMODEL);
    assert_non_null(strstr(err, "checksum"));
    /* the intact copy loads */
    memcpy(b, r, len);
    assert_int_equal(sl_ner_model_parse(b, len, &m, err, sizeof err), SL_OK);
    sl_ner_model_free(m);
    free(b);
}

/* A hand-made model survives write -> parse, and a section pointing outside is refused. */
static void test_model_roundtrip(void **state)
{
    uint32_t keys[4] = {5, 9, 70000, 70001};
    int16_t rows[4 * SL_NER_NTAGS];
    for (size_t i = 0; i < SL_ARRAY_LEN(rows); i++) rows[i] = (int16_t)(i * 7 - 100);
    /* a row whose differences to O do not fit int16 (held wide) */
    rows[3 * SL_NER_NTAGS] = -30000;
    rows[3 * SL_NER_NTAGS + 5] = 30000;
    uint32_t ckeys[2] = {3, 4};
    uint8_t cb[2] = {1, 5};
    sl_ner_section secs[2] = {{SL_NER_SEC_CASING, 2, ckeys, NULL, cb}, {SL_NER_SEC_CASED, 4, keys, rows, NULL}};
    unsigned char *b;
    size_t len;
    assert_int_equal(sl_ner_model_write(secs, 2, &b, &len), SL_OK);
    struct sl_ner_model *m = NULL;
    char err[200];
    assert_int_equal(sl_ner_model_parse(b, len, &m, err, sizeof err), SL_OK);
    assert_int_equal(m->w[SL_NER_CASED].nfeat, 4);
    assert_false(m->have[SL_NER_CI]);
    /* rows are held relative to O: w[t] - w[O] */
    int32_t row[SL_NER_NTAGS];
    assert_true(sl_ner_row(&m->w[SL_NER_CASED], 70000, row));
    for (int t = 0; t < SL_NER_NTAGS; t++)
        assert_int_equal(row[t], ((2 * SL_NER_NTAGS + t) * 7 - 100) - (2 * SL_NER_NTAGS * 7 - 100));
    assert_true(sl_ner_row(&m->w[SL_NER_CASED], 70001, row));
    assert_int_equal(m->w[SL_NER_CASED].nwide, 1);
    assert_int_equal(row[5], 60000);
    assert_int_equal(row[1], (3 * SL_NER_NTAGS + 1) * 7 - 100 + 30000);
    assert_false(sl_ner_row(&m->w[SL_NER_CASED], 6, row));
    /* the joined word table answers like the casing section */
    assert_int_equal(m->words.cap > 0, 1);
    assert_int_equal(sl_ner_casing_get(&m->cas, 4), 5);
    assert_int_equal(sl_ner_casing_get(&m->cas, 8), 0);
    sl_ner_model_free(m);
    free(b);
    /* the coarse-cluster section lands in clus2, not in the fine clusters */
    uint8_t cc[2] = {7, 48};
    sl_ner_section secs2[3] = {{SL_NER_SEC_CLUSTERS2, 2, ckeys, NULL, cc}, secs[0], secs[1]};
    assert_int_equal(sl_ner_model_write(secs2, 3, &b, &len), SL_OK);
    assert_int_equal(sl_ner_model_parse(b, len, &m, err, sizeof err), SL_OK);
    assert_int_equal(sl_ner_casing_get(&m->clus2, 4), 48);
    assert_int_equal(sl_ner_casing_get(&m->clus, 4), 0);
    sl_ner_model_free(m);
    free(b);
}

/* Later occurrences of a word carry the context of its first one in the document; the first
 * occurrence, non-words and a new document carry none. */
static void test_doc_first_occurrence(void **state)
{
    static const char *w[] = {"Clinton", "said", ".", "Later", ",", "Clinton", "left", ".", /* doc 0 */
                              "Clinton", "won"};                                          /* doc 1 */
    enum { N = 10 };
    sl_ner_tok toks[N];
    for (size_t i = 0; i < N; i++) toks[i] = (sl_ner_tok){w[i], (uint32_t)strlen(w[i])};
    sl_ner_sent sents[3] = {{0, 3, 0}, {3, 8, 0}, {8, 10, 1}};
    sl_ner_tokinfo info[N];
    for (size_t s = 0; s < 3; s++)
        sl_ner_tokinfo_fill(NULL, NULL, false, toks + sents[s].first, sents[s].end - sents[s].first,
                            info + sents[s].first);
    sl_ner_docmap map = {0};
    assert_true(sl_ner_doc_fill(info, 0, sents, 2, &map));
    assert_true(sl_ner_doc_fill(info + 8, 8, sents + 2, 1, &map));
    assert_int_equal(info[0].foss, 0);          /* first occurrence */
    assert_int_not_equal(info[5].foss, 0);      /* second "Clinton" */
    assert_int_equal(info[5].fop1, info[1].lw); /* ... sees "said", not "left" */
    assert_int_not_equal(info[5].fop1, info[6].lw);
    assert_int_equal(info[2].foss, 0);          /* punctuation */
    assert_int_equal(info[6].foss, 0);          /* "left": only occurrence */
    assert_int_equal(info[8].foss, 0);          /* a new document starts afresh */
    sl_ner_docmap_free(&map);
    (void)state;
}

static void test_tag_cased(void **state)
{
    sl_engine *e = T_engine();
    assert_non_null(e);
    sl_doc *d = T_doc("Russian President Vladimir Putin met U.S. President Donald Trump in Helsinki on Monday. "
                      "The European Union said the talks were useful.", 0);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_true(S_has_mention(d, "Vladimir Putin", SL_PER));
    assert_true(S_has_mention(d, "Donald Trump", SL_PER));
    assert_true(S_has_mention(d, "Helsinki", SL_LOC));
    assert_true(S_has_mention(d, "Russian", SL_MISC));
    assert_true(S_has_mention(d, "European Union", SL_ORG));
    for (size_t i = 0; i < d->mentions.n; i++) {
        assert_int_equal(d->mentions.v[i].entity, -1);
        assert_true(d->mentions.v[i].span.end <= d->text_len);
    }
    /* token tags agree with the mentions */
    size_t tagged = 0;
    for (size_t i = 0; i < d->tokens.n; i++) tagged += d->tokens.v[i].ent != 0;
    assert_true(tagged >= 8);
    sl_doc_free(d);
    T_engine_free(e);
}

static void test_tag_lowercased(void **state)
{
    sl_engine *e = T_engine();
    sl_doc *d = T_doc("kremlin spokesman dmitry peskov told reporters in moscow that president vladimir putin "
                      "would meet north korean leader kim jong un in vladivostok next week", SL_DOC_LOWERCASED);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_true(S_has_mention(d, "dmitry peskov", SL_PER));
    assert_true(S_has_mention(d, "vladimir putin", SL_PER));
    assert_true(S_has_mention(d, "kim jong un", SL_PER));
    assert_true(S_has_mention(d, "moscow", SL_LOC));
    assert_true(S_has_mention(d, "vladivostok", SL_LOC));
    sl_doc_free(d);
    T_engine_free(e);
}

/* Names the tagger leaves incomplete in lower-cased text: a Korean name's third syllable, a
 * Korean name after a title with its hyphen lost, a surname after a middle initial; and
 * ordinary words after a name, or after a title, stay outside. */
static void test_name_rules_lowercased(void **state)
{
    sl_engine *e = T_engine();
    sl_doc *d = T_doc("the north korean leader met south korean president moon jae in and his aide kim chang son "
                      "at the border while u s envoy stephen e biegun waited in seoul", SL_DOC_LOWERCASED);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_true(S_has_mention(d, "moon jae in", SL_PER));
    assert_true(S_has_mention(d, "kim chang son", SL_PER));
    assert_true(S_has_mention(d, "stephen e biegun", SL_PER));
    sl_doc_free(d);
    /* "president said" is no Korean name (not syllables); "the president may have" neither
     * (no family name) */
    d = T_doc("the south korean president said on monday that the president may have met officials in "
              "pyongyang and seoul", SL_DOC_LOWERCASED);
    assert_int_equal(sl_ner(e, d), SL_OK);
    for (size_t i = 0; i < d->mentions.n; i++) {
        const sl_mention *m = &d->mentions.v[i];
        assert_false(m->type == SL_PER);
    }
    sl_doc_free(d);
    /* cased text: the rules want capitals, "Kim Jong met" does not grow */
    d = T_doc("Kim Jong met reporters in Seoul on Monday.", 0);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_false(S_has_mention(d, "Kim Jong met", SL_PER));
    sl_doc_free(d);
    T_engine_free(e);
}

/* Without a model the rule tagger still finds capitalized names. */
static void test_rules_fallback(void **state)
{
    sl_engine *e = T_engine();
    struct sl_ner_model *m = e->ner;
    e->ner = NULL;
    sl_doc *d = T_doc("On Monday the talks began. Later President Trump flew to Germany with Rex Tillerson.", 0);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_true(S_has_mention(d, "Germany", SL_LOC));
    assert_true(S_has_mention(d, "Trump", SL_PER));
    assert_true(S_has_mention(d, "Rex Tillerson", SL_PER));
    assert_false(S_has_mention(d, "On", SL_ORG));
    sl_doc_free(d);
    e->ner = m;
    T_engine_free(e);
}

static void test_empty_and_odd_input(void **state)
{
    sl_engine *e = T_engine();
    sl_doc *d = T_doc("", 0);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_int_equal(d->mentions.n, 0);
    assert_int_equal(sl_alias(e, d), SL_OK);
    sl_doc_free(d);
    /* very long tokens and punctuation runs */
    char big[3000];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = 0;
    big[100] = ' ';
    big[2000] = '.';
    d = T_doc(big, 0);
    assert_int_equal(sl_ner(e, d), SL_OK);
    assert_int_equal(sl_alias(e, d), SL_OK);
    sl_doc_free(d);
    T_engine_free(e);
}

/* The persons the brief names must be found in the seed articles (seed 002 is lower-cased
 * and unpunctuated). */
static void test_seed_persons(void **state)
{
    const char *shared = getenv("SL_SHARED");
    char path[1024];
    static const char *seeds[] = {"000_c3e106af9eabc524.txt", "001_e8da890de1d0a941.txt", "002_0fbb9887d98a567f.txt"};
    /* Three names appear only in the lower-cased, unpunctuated seed 002, where the
     * case-insensitive tagger alone falls short and the Korean-name rules of ner.c complete
     * them: "kim chang son" (tagged "kim chang": "son" reads as a common word) must be a
     * person of its own, never merged with Kim Jong Un (checked below), and "president moon
     * jae in" (the hyphen of Jae-in lost) is left untagged by the tagger. */
    static const char *want[] = {"Trump", "Putin", "Peskov", "Tillerson", "Ushakov", "Zakharova", "Kim Jong Un",
                                 "Xi Jinping", "Cho Hyun", "Kolokoltsev", "Biegun", "Kim Chang Son",
                                 "Moon Jae In", "Stephen E Biegun"};
    bool kim_apart = false;
    bool found[SL_ARRAY_LEN(want)] = {0};
    sl_engine *e = T_engine();
    size_t docs = 0;
    for (size_t s = 0; s < SL_ARRAY_LEN(seeds); s++) {
        snprintf(path, sizeof path, "%s/seeds/%s", shared ? shared : "../shared", seeds[s]);
        char *text;
        size_t len;
        if (sl_read_file(path, 1u << 24, &text, &len) != SL_OK) continue;
        docs++;
        sl_doc *d = T_doc(text, s == 2 ? SL_DOC_LOWERCASED | SL_DOC_NOPUNCT : 0);
        free(text);
        assert_int_equal(sl_ner(e, d), SL_OK);
        assert_int_equal(sl_alias(e, d), SL_OK);
        for (size_t w = 0; w < SL_ARRAY_LEN(want); w++) {
            size_t n = strlen(want[w]);
            for (size_t i = 0; i < d->entities.n && !found[w]; i++) {
                const sl_entity *en = &d->entities.v[i];
                if (en->type != SL_PER) continue;
                for (uint32_t k = 0; k < en->naliases && !found[w]; k++) {
                    const char *a = en->aliases[k];
                    size_t an = strlen(a);
                    /* the name, or a full name ending with it */
                    found[w] = (an == n && sl_ieq(a, want[w], n)) ||
                               (an > n && a[an - n - 1] == ' ' && sl_ieq(a + an - n, want[w], n));
                }
            }
        }
        if (s == 2) {
            int kju = T_entity_with_alias(d, "Kim Jong Un", SL_PER);
            for (size_t i = 0; i < d->entities.n; i++)
                if (d->entities.v[i].type == SL_PER && sl_ieq(d->entities.v[i].name, "Kim Chang", 9))
                    kim_apart = (int)i != kju && kju >= 0;
            /* "mr kim" is Kim Jong Un, also after Kim Chang Son appears */
            assert_true(kju >= 0);
            assert_true(d->entities.v[kju].mentions >= 3);
        }
        sl_doc_free(d);
    }
    T_engine_free(e);
    if (!docs) skip();
    assert_true(kim_apart);
    for (size_t w = 0; w < SL_ARRAY_LEN(want); w++) {
        if (!found[w]) fprintf(stderr, "seed person not found: %s\n", want[w]);
        assert_true(found[w]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_loads),      cmocka_unit_test(test_model_rejects_bad_files),
        cmocka_unit_test(test_model_roundtrip),  cmocka_unit_test(test_doc_first_occurrence),  cmocka_unit_test(test_tag_cased),
        cmocka_unit_test(test_tag_lowercased),   cmocka_unit_test(test_rules_fallback),
        cmocka_unit_test(test_empty_and_odd_input), cmocka_unit_test(test_seed_persons),
        cmocka_unit_test(test_name_rules_lowercased),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
