/*
 * test_rouge.c — the ROUGE scorer on hand-computed cases: Porter stems (including the way
 * ROUGE-1.5.5's step 4 strips two suffixes), WordNet exceptions, tokenization, the -l cut,
 * clipping and pooling over references. The scorer lives in eval/ (CLI side), so its sources
 * are compiled into this test directly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "eval/porter.c"
#include "eval/rouge.c"

static void S_stem_is(const char *in, const char *want)
{
    char w[64];
    snprintf(w, sizeof w, "%s", in);
    sl_porter_stem(w);
    if (strcmp(w, want)) fail_msg("stem(%s) = %s, want %s", in, w, want);
}

static void test_porter_paper(void **state)
{
    (void)state;
    /* examples from Porter (1980) */
    S_stem_is("caresses", "caress");
    S_stem_is("ponies", "poni");
    S_stem_is("cats", "cat");
    S_stem_is("feed", "feed");
    S_stem_is("agreed", "agre");
    S_stem_is("plastered", "plaster");
    S_stem_is("motoring", "motor");
    S_stem_is("sing", "sing");
    S_stem_is("conflated", "conflat");
    S_stem_is("hopping", "hop");
    S_stem_is("falling", "fall");
    S_stem_is("filing", "file");
    S_stem_is("happy", "happi");
    S_stem_is("relational", "relat");
    S_stem_is("conditional", "condit");
    S_stem_is("triplicate", "triplic");
    S_stem_is("hopeful", "hope");
    S_stem_is("revival", "reviv");
    S_stem_is("adjustment", "adjust");
    S_stem_is("adoption", "adopt");
    S_stem_is("controlling", "control");
    S_stem_is("generalization", "gener");
    S_stem_is("probate", "probat");
    S_stem_is("rate", "rate");
    S_stem_is("cease", "ceas");
    /* Porter's own Perl version: bli -> ble, logi -> log */
    S_stem_is("possibli", "possibl");
    S_stem_is("yelling", "yell"); /* initial y is a consonant */
    S_stem_is("agreement", "agreement");
}

static void test_porter_rouge_step4(void **state)
{
    (void)state;
    /* ROUGE-1.5.5's stemmer checks step-4 suffix groups in sequence */
    S_stem_is("governmental", "govern");
    S_stem_is("congressional", "congress");
    S_stem_is("traditionally", "tradit");
    /* but a group is not revisited: ic before ize, er before ate */
    S_stem_is("politicized", "politic");
    S_stem_is("consideration", "consider");
}

static void test_stem_exceptions(void **state)
{
    (void)state;
    sl_rouge *r = sl_rouge_new_empty();
    assert_non_null(r);
    assert_int_equal(sl_rouge_add_exception(r, "said", "say"), SL_OK);
    assert_int_equal(sl_rouge_add_exception(r, "was", "be"), SL_OK);
    assert_int_equal(sl_rouge_add_exception(r, "better", "good"), SL_OK);
    assert_int_equal(sl_rouge_add_exception(r, "better", "well"), SL_OK); /* later entry wins */
    char out[32];
    sl_rouge_stem(r, "said", 4, out, sizeof out);
    assert_string_equal(out, "say");
    sl_rouge_stem(r, "was", 3, out, sizeof out); /* 3 letters: never stemmed */
    assert_string_equal(out, "was");
    sl_rouge_stem(r, "better", 6, out, sizeof out);
    assert_string_equal(out, "well");
    sl_rouge_stem(r, "ponies", 6, out, sizeof out);
    assert_string_equal(out, "poni");
    sl_rouge_free(r);
}

static void test_tokens(void **state)
{
    (void)state;
    sl_rouge *r = sl_rouge_new_empty();
    sl_rouge_add_exception(r, "said", "say");
    const char *s = "U.S.-led Forces SAID: don't\n\tcaresses  x2\xc3\xa9z";
    sl_rouge_text t;
    assert_int_equal(sl_rouge_text_init(r, s, strlen(s), 0, &t), SL_OK);
    const char *want[] = {"u", "s", "led", "forc", "say", "don", "t", "caress", "x2", "z"};
    assert_int_equal(t.n, SL_ARRAY_LEN(want));
    for (size_t i = 0; i < t.n; i++) assert_string_equal(t.tok[i], want[i]);
    sl_rouge_text_free(&t);
    sl_rouge_free(r);
}

static void test_word_cut(void **state)
{
    (void)state;
    /* -l counts whitespace words of the raw text: "U.S.-led" is one word, " _ " is one */
    const char *s = "U.S.-led troops _ moved on\nthe city today";
    assert_int_equal(sl_rouge_count_words(s, strlen(s)), 8);
    sl_rouge_text t;
    assert_int_equal(sl_rouge_text_init(NULL, s, strlen(s), 4, &t), SL_OK);
    const char *want[] = {"u", "s", "led", "troop", "move"};
    assert_int_equal(t.n, SL_ARRAY_LEN(want));
    for (size_t i = 0; i < t.n; i++) assert_string_equal(t.tok[i], want[i]);
    sl_rouge_text_free(&t);
    assert_int_equal(sl_rouge_text_init(NULL, s, strlen(s), 100, &t), SL_OK);
    assert_int_equal(t.n, 9); /* u s led troop move on the citi todai */
    sl_rouge_text_free(&t);
}

static sl_rouge_text S_text(const char *s)
{
    sl_rouge_text t;
    assert_int_equal(sl_rouge_text_init(NULL, s, strlen(s), 0, &t), SL_OK);
    return t;
}

static void test_clipping(void **state)
{
    (void)state;
    sl_rouge_text peer = S_text("a a a b"), ref = S_text("a b b");
    sl_rouge_score sc;
    assert_int_equal(sl_rouge_score_topic(&peer, &ref, 1, &sc), SL_OK);
    assert_int_equal(sc.hit[1], 2); /* min(3,1) + min(1,2) */
    assert_int_equal(sc.ref_total[1], 3);
    assert_true(fabs(sc.r[1] - 2.0 / 3) < 1e-12);
    assert_true(fabs(sc.p[1] - 2.0 / 4) < 1e-12);
    assert_true(fabs(sc.f[1] - 2 * (0.5 * 2.0 / 3) / (0.5 + 2.0 / 3)) < 1e-12);
    /* bigrams: peer {a a, a a, a b}, ref {a b, b b} */
    assert_int_equal(sc.hit[2], 1);
    assert_int_equal(sc.ref_total[2], 2);
    /* 4-grams: the reference has none, recall is 0, not a division by zero */
    assert_int_equal(sc.ref_total[4], 0);
    assert_true(sc.r[4] == 0);
    sl_rouge_text_free(&peer);
    sl_rouge_text_free(&ref);
}

static void test_pooling(void **state)
{
    (void)state;
    /* -f A pools counts: (1 + 1) / (2 + 3) = 0.4, not the mean of 1/2 and 1/3 */
    sl_rouge_text peer = S_text("a c");
    sl_rouge_text refs[2] = {S_text("a b"), S_text("c d e")};
    sl_rouge_score sc;
    assert_int_equal(sl_rouge_score_topic(&peer, refs, 2, &sc), SL_OK);
    assert_true(fabs(sc.r[1] - 0.4) < 1e-12);
    assert_true(fabs(sc.p[1] - 2.0 / 4) < 1e-12); /* peer counted once per reference */
    sl_rouge_text_free(&peer);
    sl_rouge_text_free(&refs[0]);
    sl_rouge_text_free(&refs[1]);
}

static void test_missing_wordnet(void **state)
{
    (void)state;
    sl_rouge *r = NULL;
    char err[256] = "";
    assert_int_equal(sl_rouge_new("/nonexistent/wordnet", &r, err, sizeof err), SL_EIO);
    assert_null(r);
    assert_non_null(strstr(err, "/nonexistent/wordnet/adj.exc"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_porter_paper),  cmocka_unit_test(test_porter_rouge_step4),
        cmocka_unit_test(test_stem_exceptions), cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_word_cut),      cmocka_unit_test(test_clipping),
        cmocka_unit_test(test_pooling),       cmocka_unit_test(test_missing_wordnet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
