/*
 * test_eval_disagree.c — the disagreement benchmark's metric (eval/disagree_score.c) on cases
 * computed by hand, so a scorer bug cannot hide a change in the rules' quality.
 * The scorer is compiled in directly: eval/ is part of the CLI, not of the library.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "eval/disagree_score.c"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_match(void **st)
{
    (void)st;
    sl_dpair l = {"A", "B", 100, 200, 50, 80, true};
    /* same order, overlapping spans */
    assert_true(sl_dpair_match(&l, &(sl_dpair){"A", "B", 150, 160, 79, 90, true}));
    /* swapped documents and spans */
    assert_true(sl_dpair_match(&l, &(sl_dpair){"B", "A", 60, 70, 199, 300, true}));
    /* touching is not overlapping (end is exclusive) */
    assert_false(sl_dpair_match(&l, &(sl_dpair){"A", "B", 200, 210, 50, 80, true}));
    /* right spans, wrong document */
    assert_false(sl_dpair_match(&l, &(sl_dpair){"A", "C", 100, 200, 50, 80, true}));
    /* swapped documents but spans not swapped */
    assert_false(sl_dpair_match(&l, &(sl_dpair){"B", "A", 100, 200, 50, 80, true}));
    /* both claims in one article */
    sl_dpair same = {"A", "A", 0, 10, 20, 30, true};
    assert_true(sl_dpair_match(&same, &(sl_dpair){"A", "A", 25, 26, 5, 6, true}));
    assert_false(sl_dpair_match(&same, &(sl_dpair){"A", "A", 12, 18, 5, 6, true}));
}

static void test_scores(void **st)
{
    (void)st;
    const sl_dpair labels[] = {
        {"A", "B", 0, 10, 0, 10, true},    /* found twice */
        {"A", "C", 0, 10, 0, 10, true},    /* missed */
        {"B", "C", 50, 60, 50, 60, true},  /* found */
        {"A", "B", 20, 30, 20, 30, false}, /* agree, flagged */
        {"C", "D", 0, 5, 0, 5, false},     /* agree, left alone */
    };
    const sl_dpair found[] = {
        {"B", "A", 5, 6, 5, 6, true},
        {"A", "B", 1, 2, 1, 2, true},
        {"C", "B", 55, 56, 55, 56, true},
        {"A", "B", 25, 26, 25, 26, true},  /* the agree pair: wrong */
        {"D", "E", 0, 1, 0, 1, true},      /* unlabelled: wrong */
    };
    sl_dscore s;
    sl_dscore_compute(labels, 5, found, 5, &s);
    assert_int_equal(s.labelled, 3);
    assert_int_equal(s.agree_labelled, 2);
    assert_int_equal(s.found, 5);
    assert_int_equal(s.found_correct, 3);
    assert_int_equal(s.recalled, 2);
    assert_int_equal(s.agree_flagged, 1);
    NEAR(s.precision, 60.0);                       /* 3/5 */
    NEAR(s.recall, 100.0 * 2 / 3);                 /* 2/3 */
    NEAR(s.f1, 2 * 60.0 * (200.0 / 3) / (60.0 + 200.0 / 3));
    /* nothing found: precision 0 by definition, recall 0 */
    sl_dscore_compute(labels, 5, NULL, 0, &s);
    NEAR(s.precision, 0);
    NEAR(s.recall, 0);
    NEAR(s.f1, 0);
    assert_int_equal(s.labelled, 3);
    /* no disagree labels: recall 0, found pairs all wrong */
    sl_dscore_compute(labels + 3, 2, found, 5, &s);
    assert_int_equal(s.labelled, 0);
    assert_int_equal(s.found_correct, 0);
    NEAR(s.recall, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_match), cmocka_unit_test(test_scores)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
