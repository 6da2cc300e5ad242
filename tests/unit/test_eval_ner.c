/* test_eval_ner.c — the conlleval-style scorer behind `storyline eval ner`, on hand-computed
 * cases, and the CoNLL reader (IOB -> BILOU, documents, --degrade). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "extract/ner.h"

/* IOB codes: 0 O, 1 + 2*type + (0 B | 1 I); types PER 0, ORG 1, LOC 2, MISC 3 */
enum { O = 0, BP = 1, IP = 2, BO = 3, IO = 4, BL = 5, IL = 6, BM = 7, IM = 8 };

static sl_ner_counts S_score(const uint8_t *g, const uint8_t *p, size_t n)
{
    sl_ner_counts c = {0};
    sl_ner_score_sentence(g, p, n, &c);
    return c;
}

static void test_exact_match(void **state)
{
    const uint8_t g[] = {BP, IP, O, BL, O};
    sl_ner_counts c = S_score(g, g, 5);
    assert_int_equal(c.gold, 2);
    assert_int_equal(c.pred, 2);
    assert_int_equal(c.correct, 2);
    assert_int_equal(c.correct_t[SL_PER], 1);
    assert_int_equal(c.correct_t[SL_LOC], 1);
}

/* conlleval: an I- after O (or after another type) starts a chunk, so "I-PER I-PER" is the
 * same chunk as "B-PER I-PER". */
static void test_i_without_b(void **state)
{
    const uint8_t g[] = {O, BP, IP, O};
    const uint8_t p[] = {O, IP, IP, O};
    sl_ner_counts c = S_score(g, p, 4);
    assert_int_equal(c.gold, 1);
    assert_int_equal(c.pred, 1);
    assert_int_equal(c.correct, 1);
    /* I-ORG right after I-PER: two chunks */
    const uint8_t p2[] = {O, IP, IO, O};
    c = S_score(g, p2, 4);
    assert_int_equal(c.pred, 2);
    assert_int_equal(c.correct, 0);
    /* B- inside a run splits it */
    const uint8_t p3[] = {O, BP, BP, O};
    c = S_score(g, p3, 4);
    assert_int_equal(c.pred, 2);
    assert_int_equal(c.correct, 0);
}

static void test_partial_and_type_errors(void **state)
{
    /* gold: [John Smith]PER visited [New York]LOC  ; pred: [John]PER Smith visited [New York]ORG */
    const uint8_t g[] = {BP, IP, O, BL, IL};
    const uint8_t p[] = {BP, O, O, BO, IO};
    sl_ner_counts c = S_score(g, p, 5);
    assert_int_equal(c.gold, 2);
    assert_int_equal(c.pred, 2);
    assert_int_equal(c.correct, 0);
    /* a chunk running to the end of the sentence ends there */
    const uint8_t g2[] = {O, BM, IM};
    c = S_score(g2, g2, 3);
    assert_int_equal(c.correct, 1);
    /* P/R/F: 3 correct of 4 predicted and 6 gold -> P 75, R 50, F 60 */
    double P, R, F;
    sl_ner_prf(6, 4, 3, &P, &R, &F);
    assert_true(P > 74.999 && P < 75.001);
    assert_true(R > 49.999 && R < 50.001);
    assert_true(F > 59.999 && F < 60.001);
    sl_ner_prf(0, 0, 0, &P, &R, &F);
    assert_true(P == 0 && R == 0 && F == 0);
}

static void test_bilou_roundtrip(void **state)
{
    assert_int_equal(sl_ner_bilou_to_iob(0), O);
    assert_int_equal(sl_ner_bilou_to_iob(sl_ner_mktag(SL_PER, SL_NER_U)), BP);
    assert_int_equal(sl_ner_bilou_to_iob(sl_ner_mktag(SL_LOC, SL_NER_B)), BL);
    assert_int_equal(sl_ner_bilou_to_iob(sl_ner_mktag(SL_LOC, SL_NER_L)), IL);
    assert_int_equal(sl_ner_bilou_to_iob(sl_ner_mktag(SL_MISC, SL_NER_I)), IM);
    assert_true(sl_ner_valid(0, sl_ner_mktag(SL_ORG, SL_NER_B), false));
    assert_false(sl_ner_valid(0, sl_ner_mktag(SL_ORG, SL_NER_B), true)); /* B cannot end a sentence */
    assert_false(sl_ner_valid(0, sl_ner_mktag(SL_ORG, SL_NER_I), false));
    assert_false(sl_ner_valid(sl_ner_mktag(SL_ORG, SL_NER_B), sl_ner_mktag(SL_PER, SL_NER_L), false));
    assert_true(sl_ner_valid(sl_ner_mktag(SL_ORG, SL_NER_B), sl_ner_mktag(SL_ORG, SL_NER_L), true));
}

static void test_reader_and_degrade(void **state)
{
    char path[] = "/tmp/sl-test-conll-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *data =
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n. . O O\n\n"
        "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n"
        "-DOCSTART- -X- -X- O\n\n"
        "Marks NNP B-NP I-ORG\n& CC O I-ORG\nSpencer NNP B-NP I-ORG\n\n";
    assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    close(fd);
    sl_conll c;
    char err[200];
    assert_int_equal(sl_conll_read(path, &c, err, sizeof err), SL_OK);
    assert_int_equal(c.nsents, 3);
    assert_int_equal(c.ntoks, 10);
    assert_int_equal(c.ndocs, 2);
    assert_int_equal(c.sents[2].doc, 1);
    assert_int_equal(c.gold[0], sl_ner_mktag(SL_ORG, SL_NER_U));
    assert_int_equal(c.gold[5], sl_ner_mktag(SL_PER, SL_NER_B));
    assert_int_equal(c.gold[6], sl_ner_mktag(SL_PER, SL_NER_L));
    /* IOB1 run without B-: one ORG chunk of three tokens */
    assert_int_equal(c.gold[7], sl_ner_mktag(SL_ORG, SL_NER_B));
    assert_int_equal(c.gold[9], sl_ner_mktag(SL_ORG, SL_NER_L));
    assert_int_equal(sl_conll_degrade(&c), SL_OK);
    assert_int_equal(c.ntoks, 8); /* "." and "&" dropped */
    assert_int_equal(c.toks[0].len, 2);
    assert_memory_equal(c.toks[0].s, "eu", 2);
    /* "Marks Spencer": still one ORG chunk for the scorer */
    sl_ner_counts n = {0};
    sl_ner_score_sentence(c.gold_iob + c.sents[2].first, c.gold_iob + c.sents[2].first, 2, &n);
    assert_int_equal(n.gold, 1);
    sl_conll_free(&c);
    /* malformed line */
    FILE *fp = fopen(path, "w");
    fputs("EU NNP B-NP B-ORG\nbroken\n", fp);
    fclose(fp);
    assert_int_equal(sl_conll_read(path, &c, err, sizeof err), SL_EPARSE);
    assert_non_null(strstr(err, ":2:"));
    unlink(path);
    assert_int_equal(sl_conll_read("/nonexistent/x.txt", &c, err, sizeof err), SL_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_match),   cmocka_unit_test(test_i_without_b),
        cmocka_unit_test(test_partial_and_type_errors), cmocka_unit_test(test_bilou_roundtrip),
        cmocka_unit_test(test_reader_and_degrade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
