/*
 * test_eval_html.c — the article extraction benchmark's metric (eval/html_score.c) on
 * cases computed by hand, so a scorer bug cannot hide a change in extraction quality.
 * The scorer is compiled in directly: eval/ is part of the CLI, not of the library.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "eval/html_score.c"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_tokens(void **st)
{
    (void)st;
    assert_int_equal(sl_html_count_tokens(""), 0);
    assert_int_equal(sl_html_count_tokens(NULL), 0);
    assert_int_equal(sl_html_count_tokens("Hello, world!"), 2);
    /* underscore and digits are word characters; punctuation and spaces are not */
    assert_int_equal(sl_html_count_tokens("a_b 3.14 -- x"), 4);
    /* letters from other scripts, and a no-break space as separator */
    assert_int_equal(sl_html_count_tokens("Weizs\xC3\xA4" "cker \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\xC2\xA0ok"), 3);
}

static void test_identical(void **st)
{
    (void)st;
    sl_html_page_score s;
    assert_true(sl_html_score_page("one two three four five", "one  two\nthree four, five.", &s));
    /* 2 shingles each, all shared: tp = 2 -> normalised to 1 */
    NEAR(s.tp, 1.0);
    NEAR(s.fp, 0.0);
    NEAR(s.fn, 0.0);
    assert_true(s.exact);
}

static void test_partial(void **st)
{
    (void)st;
    sl_html_page_score s;
    /* truth: a b c d e f -> shingles abcd bcde cdef (3); pred: a b c d e x -> abcd bcde bcdx... */
    assert_true(sl_html_score_page("a b c d e f", "a b c d e x", &s));
    /* pred shingles: abcd bcde cdex; tp = 2, fp = 1, fn = 1 -> 0.5 0.25 0.25 */
    NEAR(s.tp, 0.5);
    NEAR(s.fp, 0.25);
    NEAR(s.fn, 0.25);
    assert_false(s.exact);
    /* multiset: a repeated shingle counts twice */
    assert_true(sl_html_score_page("a b c d a b c d", "a b c d", &s));
    /* truth: abcd bcda cdab dabc abcd (5); pred: abcd (1): tp 1, fn 4 */
    NEAR(s.tp, 0.2);
    NEAR(s.fp, 0.0);
    NEAR(s.fn, 0.8);
}

static void test_short_and_empty(void **st)
{
    (void)st;
    sl_html_page_score s;
    /* fewer than 4 tokens: one shingle of all of them */
    assert_true(sl_html_score_page("Hello world", "hello world", &s));
    NEAR(s.tp, 0.0); /* case matters */
    NEAR(s.fp, 0.5);
    NEAR(s.fn, 0.5);
    assert_true(sl_html_score_page("Hello world", "Hello world", &s));
    NEAR(s.tp, 1.0);
    /* "a b c" is not a shingle of "a b c d" (different length) */
    assert_true(sl_html_score_page("a b c d", "a b c", &s));
    NEAR(s.tp, 0.0);
    /* empty prediction: all fn */
    assert_true(sl_html_score_page("a b c d e", "", &s));
    NEAR(s.tp, 0.0);
    NEAR(s.fp, 0.0);
    NEAR(s.fn, 1.0);
    /* both empty: nothing to count, and the token sequences are equal */
    assert_true(sl_html_score_page("...", NULL, &s));
    NEAR(s.tp + s.fp + s.fn, 0.0);
    assert_true(s.exact);
}

static void test_totals(void **st)
{
    (void)st;
    sl_html_page_score p[3];
    assert_true(sl_html_score_page("a b c d e f", "a b c d e x", &p[0])); /* P = R = 2/3 */
    assert_true(sl_html_score_page("a b c d e", "", &p[1]));            /* no prediction */
    assert_true(sl_html_score_page("w x y z", "w x y z", &p[2]));       /* exact */
    sl_html_totals t;
    sl_html_score_total(p, 3, &t);
    /* precision over pages with tp+fp > 0: (2/3 + 1) / 2; recall over all three:
     * (2/3 + 0 + 1) / 3 */
    NEAR(t.precision, (2.0 / 3 + 1) / 2);
    NEAR(t.recall, (2.0 / 3 + 0 + 1) / 3);
    NEAR(t.f1, 2 * t.precision * t.recall / (t.precision + t.recall));
    NEAR(t.accuracy, 1.0 / 3);
    assert_int_equal(t.pages, 3);
    sl_html_score_total(p, 0, &t);
    NEAR(t.f1, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),         cmocka_unit_test(test_identical),
        cmocka_unit_test(test_partial),        cmocka_unit_test(test_short_and_empty),
        cmocka_unit_test(test_totals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
