/* test_eval_quotes.c — the PolNeAR quote scorer on hand-computed cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "eval/quotes.c"

static sl_qe_item S_item(uint32_t cs, uint32_t ce, uint32_t ss, uint32_t se, bool direct, const char *name)
{
    sl_qe_item it;
    memset(&it, 0, sizeof it);
    it.content[0].start = cs, it.content[0].end = ce, it.ncontent = 1;
    if (se > ss) it.source[0].start = ss, it.source[0].end = se, it.nsource = 1;
    it.direct = direct;
    snprintf(it.sname, sizeof it.sname, "%s", name ? name : "");
    return it;
}

static void test_prf(void **state)
{
    double p, r, f;
    sl_qe_prf(1, 2, 1, 4, &p, &r, &f);
    assert_float_equal(p, 50.0, 1e-9);
    assert_float_equal(r, 25.0, 1e-9);
    assert_float_equal(f, 100.0 / 3.0, 1e-9);
    sl_qe_prf(0, 0, 0, 0, &p, &r, &f);
    assert_float_equal(f, 0.0, 1e-9);
}

static void test_score(void **state)
{
    /* gold: A direct (content 10-20, source 0-5 "Putin"), B indirect (30-40, source 25-28 "he"),
     *       C direct (50-60, source 61-66 "Peskov") */
    sl_qe_item g[3] = {S_item(10, 20, 0, 5, true, "Putin"), S_item(30, 40, 25, 28, false, "he"),
                       S_item(50, 60, 61, 66, true, "Peskov")};
    /* pred: 1 hits A (overlap both); 2 overlaps A's content again (A already taken: a miss);
     *       3 overlaps C's content, speaker elsewhere but the same surname: a hit;
     *       4 overlaps B's content with the wrong speaker: a miss */
    sl_qe_item p[4] = {S_item(12, 18, 1, 4, true, "Putin"), S_item(15, 19, 0, 5, true, "Putin"),
                       S_item(52, 58, 100, 113, true, "Dmitry Peskov"), S_item(31, 39, 70, 74, false, "Smith")};
    sl_qe_counts c;
    memset(&c, 0, sizeof c);
    sl_qe_score(g, 3, p, 4, &c);
    assert_int_equal(c.gold, 3);
    assert_int_equal(c.pred, 4);
    assert_int_equal(c.hit_pred, 2);
    assert_int_equal(c.hit_gold, 2);
    assert_int_equal(c.dgold, 2);
    assert_int_equal(c.dpred, 3);
    assert_int_equal(c.dhit_pred, 2);
    assert_int_equal(c.dhit_gold, 2);
    double pp, r, f;
    sl_qe_prf(c.hit_pred, c.pred, c.hit_gold, c.gold, &pp, &r, &f);
    assert_float_equal(pp, 50.0, 1e-9);
    assert_float_equal(r, 200.0 / 3.0, 1e-9);
    /* the same pronoun at another place is not evidence of the same speaker */
    sl_qe_item gp = S_item(30, 40, 25, 27, true, "he"), pq = S_item(31, 39, 60, 62, true, "he");
    memset(&c, 0, sizeof c);
    sl_qe_score(&gp, 1, &pq, 1, &c);
    assert_int_equal(c.hit_pred, 0);
    /* a resolved entity name matches the name at another place */
    snprintf(pq.sname, sizeof pq.sname, "Donald Trump");
    snprintf(pq.sname2, sizeof pq.sname2, "he");
    snprintf(gp.sname, sizeof gp.sname, "Mr Trump");
    memset(&c, 0, sizeof c);
    sl_qe_score(&gp, 1, &pq, 1, &c);
    assert_int_equal(c.hit_pred, 1);
    /* a prediction without a speaker never hits */
    sl_qe_item q = S_item(10, 20, 0, 0, true, NULL);
    memset(&c, 0, sizeof c);
    sl_qe_score(g, 3, &q, 1, &c);
    assert_int_equal(c.hit_pred, 0);
}

static void test_parse_ann(void **state)
{
    /* code point offsets: the curly quotes are one code point each (three bytes) */
    const char *txt = "Putin said \xe2\x80\x9cwe will win\xe2\x80\x9d today. He added that it was over.";
    const char *ann = "T1\tSource 0 5\tPutin\n"
                      "T2\tCue 6 10\tsaid\n"
                      "T3\tContent 11 24\t\xe2\x80\x9cwe will win\xe2\x80\x9d\n"
                      "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
                      "T4\tAttribution 6 10\tsaid\n"
                      "T5\tSource 32 34\tHe\n"
                      "T6\tContent 46 58;41 45\tit was over;that\n"
                      "E2\tAttribution:T7 Content:T6 Source:T5\n"
                      "E3\tAttribution-no-source:T8 Content:T6\n";
    sl_qe_item *it;
    long n = sl_qe_parse_ann(ann, strlen(ann), txt, strlen(txt), &it);
    assert_int_equal(n, 2); /* the relation without a source is not scored */
    assert_true(it[0].direct);
    assert_int_equal(it[0].content[0].start, 11);
    assert_int_equal(it[0].source[0].end, 5);
    assert_string_equal(it[0].sname, "Putin");
    assert_false(it[1].direct);
    assert_int_equal(it[1].ncontent, 2);
    assert_int_equal(it[1].content[1].start, 41);
    assert_string_equal(it[1].sname, "He");
    free(it);
}

static void test_align(void **state)
{
    /* the normalized text lost a title line and changed quote marks and case */
    const char *orig = "A Title\n\nPutin said \xe2\x80\x9cWe will win.\xe2\x80\x9d";
    const char *norm = "putin said \"we will win.\"";
    S_align al;
    assert_true(S_align_build(orig, strlen(orig), norm, strlen(norm), &al));
    sl_qe_span s;
    /* "we will win" in norm: bytes 12..23 -> code points 21..32 in orig */
    assert_true(S_map_back(&al, 12, 23, &s));
    assert_int_equal(s.start, 21);
    assert_int_equal(s.end, 32);
    assert_true(S_map_back(&al, 0, 5, &s));
    assert_int_equal(s.start, 9);
    assert_int_equal(s.end, 14);
    assert_false(S_map_back(&al, 24, 25, &s)); /* only punctuation */
    S_align_free(&al);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prf),
        cmocka_unit_test(test_score),
        cmocka_unit_test(test_parse_ann),
        cmocka_unit_test(test_align),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
