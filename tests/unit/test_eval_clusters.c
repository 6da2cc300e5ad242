/* test_eval_clusters.c — the clustering scorers of `storyline eval clusters` on cases computed
 * by hand (pairwise, BCubed, NMI), so a scorer bug cannot hide a clustering change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* The scorer lives in the CLI's eval/ objects, not in the library: compile it in. */
#include "eval/clusters.c"
#include "eval/cluster_fit.c"

static void test_small_case(void **state)
{
    /* gold {a,b,c}{d,e}; predicted {a,b}{c,d,e}
     * pairs: gold 3+1 = 4, predicted 1+3 = 4, shared (a,b) and (d,e) = 2 -> P = R = 0.5
     * BCubed P: a,b 2/2; c 1/3; d,e 2/3 -> (2 + 1/3 + 4/3) / 5 = 11/15; R symmetric = 11/15
     * NMI (arithmetic mean of entropies) = 0.43253806776631 (computed from the definition) */
    int64_t g[] = {0, 0, 0, 1, 1}, p[] = {7, 7, 9, 9, 9};
    sl_cluster_scores s;
    assert_int_equal(sl_cluster_score(g, p, 5, &s), 0);
    assert_float_equal(s.pairwise_p, 0.5, 1e-12);
    assert_float_equal(s.pairwise_r, 0.5, 1e-12);
    assert_float_equal(s.pairwise_f1, 0.5, 1e-12);
    assert_float_equal(s.bcubed_p, 11.0 / 15, 1e-12);
    assert_float_equal(s.bcubed_r, 11.0 / 15, 1e-12);
    assert_float_equal(s.bcubed_f1, 11.0 / 15, 1e-12);
    assert_float_equal(s.nmi, 0.43253806776631, 1e-9);
    assert_int_equal(s.gold_clusters, 2);
    assert_int_equal(s.pred_clusters, 2);
}

static void test_asymmetric(void **state)
{
    /* gold {1,2,3,4}; predicted {1,2}{3}{4}: pairs gold 6, predicted 1, shared 1
     * -> P 1, R 1/6. BCubed P 1; R: items 1,2 -> 2/4, items 3,4 -> 1/4 -> 6/16 */
    int64_t g[] = {5, 5, 5, 5}, p[] = {0, 0, 1, 2};
    sl_cluster_scores s;
    assert_int_equal(sl_cluster_score(g, p, 4, &s), 0);
    assert_float_equal(s.pairwise_p, 1.0, 1e-12);
    assert_float_equal(s.pairwise_r, 1.0 / 6, 1e-12);
    assert_float_equal(s.pairwise_f1, 2 * (1.0 / 6) / (1 + 1.0 / 6), 1e-12);
    assert_float_equal(s.bcubed_p, 1.0, 1e-12);
    assert_float_equal(s.bcubed_r, 6.0 / 16, 1e-12);
    /* H(G) = 0, so I(G;P) = 0 and NMI = 0 */
    assert_float_equal(s.nmi, 0.0, 1e-12);
}

static void test_identical_and_permuted(void **state)
{
    int64_t g[] = {3, 1, 3, 2, 2, 1, 1}, p[] = {10, 20, 10, 30, 30, 20, 20};
    sl_cluster_scores s;
    assert_int_equal(sl_cluster_score(g, p, 7, &s), 0);
    assert_float_equal(s.pairwise_f1, 1.0, 1e-12);
    assert_float_equal(s.bcubed_f1, 1.0, 1e-12);
    assert_float_equal(s.nmi, 1.0, 1e-12);
}

static void test_all_singletons(void **state)
{
    /* no pair in either labeling: 0/0 counts as 1 for pairwise P and R */
    int64_t g[] = {1, 2, 3}, p[] = {4, 5, 6};
    sl_cluster_scores s;
    assert_int_equal(sl_cluster_score(g, p, 3, &s), 0);
    assert_float_equal(s.pairwise_p, 1.0, 1e-12);
    assert_float_equal(s.pairwise_r, 1.0, 1e-12);
    assert_float_equal(s.bcubed_f1, 1.0, 1e-12);
    /* one predicted cluster over three gold singletons: P 0 pairs right of 3 */
    int64_t q[] = {9, 9, 9};
    assert_int_equal(sl_cluster_score(g, q, 3, &s), 0);
    assert_float_equal(s.pairwise_p, 0.0, 1e-12);
    assert_float_equal(s.pairwise_r, 1.0, 1e-12);
    assert_float_equal(s.pairwise_f1, 0.0, 1e-12);
    assert_float_equal(s.bcubed_p, 1.0 / 3, 1e-12);
    assert_float_equal(s.bcubed_r, 1.0, 1e-12);
    assert_int_equal(sl_cluster_score(g, q, 0, &s), 0);
    assert_int_equal(s.gold_clusters, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_case),
        cmocka_unit_test(test_asymmetric),
        cmocka_unit_test(test_identical_and_permuted),
        cmocka_unit_test(test_all_singletons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
