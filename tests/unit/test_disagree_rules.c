/*
 * test_disagree_rules.c — the disagreement rules added for issue #7's recall work
 * (src/summary/claims.c, disagree.c): the day two sources give one past event ("the Sept. 3
 * crash" / "crashed Sept. 2"), estimates by named sources ("a government report put the toll
 * at 50" / "activists claim at least 200"), a plan against its refusal, tolls told of a past
 * event weeks apart, an aside inside a toll, "as many as" / "past" hedges, figures written with
 * thousands separators, and amounts of a named thing ("2.1 billion in debt"). Every sentence
 * is hand-written (no benchmark text); each rule is checked to fire and to stay quiet on a
 * look-alike that agrees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "summary/summary.h"

#include "sum_docs.h"

/* A day-precise date of the dates stage, written by hand, on the first occurrence of `what`. */
static sl_date T_date(const T_doc *d, const char *what, const char *iso)
{
    const char *p = strstr(d->text, what);
    assert_non_null(p);
    sl_date dt;
    memset(&dt, 0, sizeof dt);
    dt.span = (sl_span){(uint32_t)(p - d->text), (uint32_t)(p - d->text + strlen(what))};
    snprintf(dt.value, sizeof dt.value, "%s", iso);
    dt.gran = SL_GRAN_DAY;
    return dt;
}

/* The same crash put on two days, joined by the same toll; another crash on another day
 * with nothing in common stays apart; "reported Sept. 4" is no event. */
static void test_event_dates(void **state)
{
    (void)state;
    static const char *const sa[] = {"The airliner crashed Sept. 2 off the coast of Aville, killing all 229 people aboard.", NULL};
    static const char *const sb[] = {"Relatives gathered on the shore to remember the Sept. 3 crash that took 229 lives.", NULL};
    static const char *const sc[] = {"A small cargo plane crashed Sept. 5 near Btown, and its two pilots were unhurt.", NULL};
    static const char *const sd[] = {"Officials reported Sept. 4 that 229 people were aboard the airliner off Aville.", NULL};
    static T_doc a, b, c, d;
    sl_sum_doc docs[4] = {T_new(&a, sa, "a", "1998-09-10"), T_new(&b, sb, "b", "1998-11-18"),
                          T_new(&c, sc, "c", "1998-09-12"),
                          T_new(&d, sd, "d", "1998-09-05")};
    sl_date da = T_date(&a, "Sept. 2", "1998-09-02"), db = T_date(&b, "Sept. 3", "1998-09-03"),
            dc = T_date(&c, "Sept. 5", "1998-09-05"), dd = T_date(&d, "Sept. 4", "1998-09-04");
    sl_dis_doc x[4] = {{NULL, 0, &da, 1}, {NULL, 0, &db, 1}, {NULL, 0, &dc, 1}, {NULL, 0, &dd, 1}};
    const sl_dis_name names[] = {{"Aville", SL_LOC}, {"Btown", SL_LOC}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, x, 4, names, 2, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_DATE, NULL), 1);
    const sl_dis *e = T_first(g, n, SL_DIS_DATE, NULL);
    assert_int_equal(e->nsides, 2);
    assert_int_equal(e->sides[0].doc, 0);
    assert_string_equal(e->sides[0].value, "1998-09-02");
    assert_int_equal(e->sides[1].doc, 1);
    assert_string_equal(e->sides[1].value, "1998-09-03");
    assert_true(sl_dis_sides_conflict(e, 0, 1));
    free(g);
    /* the two articles giving the same day agree */
    db = T_date(&b, "Sept. 3", "1998-09-02");
    assert_int_equal(T_disagree_count(docs, x, 4, names, 2, SL_DIS_DATE, NULL), 0);
}

/* Two named sources give their own estimates of one toll, weeks apart and even inside one
 * article; the same source with two figures on different days may be an update. */
static void test_sourced_estimates(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "Seven years ago, soldiers fired on students marching through the main square of Aville.",
        "A government report put the death toll at 50.",
        "Human rights activists say about 200 people were killed.",
        NULL,
    };
    static const char *const sb[] = {
        "Masses will mark the anniversary of the day soldiers fired on students marching in Aville.",
        "Human rights activists claim at least 200 people were killed.",
        NULL,
    };
    static T_doc a, b;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "1998-11-12"), T_new(&b, sb, "b", "1998-11-01")};
    const sl_dis_name names[] = {{"Aville", SL_LOC}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_NUMBER, NULL), 1);
    const sl_dis *t = T_first(g, n, SL_DIS_NUMBER, NULL);
    assert_string_equal(t->what, "dead");
    assert_int_equal(t->nsides, 3); /* government 50; activists about 200 (a) and at least 200 (b) */
    bool fifty = false, across = false;
    for (size_t s = 0; s < t->nsides; s++) {
        fifty |= t->sides[s].figure == 50;
        for (size_t u = 0; u < t->nsides; u++) across |= sl_dis_sides_conflict(t, s, u);
    }
    assert_true(fifty);
    assert_true(across);
    free(g);
    /* one source, two figures a week apart: possibly an update, no claim */
    static const char *const sc[] = {"Police said 50 people were killed when soldiers fired on students in Aville.", NULL};
    static const char *const sd[] = {"Police said 80 were killed in Aville in the shooting on the student march.", NULL};
    static T_doc c, d;
    sl_sum_doc docs2[2] = {T_new(&c, sc, "c", "1998-11-01"), T_new(&d, sd, "d", "1998-11-08")};
    assert_int_equal(T_disagree_count(docs2, NULL, 2, names, 1, SL_DIS_NUMBER, NULL), 0);
}

/* A plan in one article, its refusal in another: the refusal bars who plans and what is
 * planned. A refusal to talk, and a refusal of something else, are no conflict. */
static void test_plan_refusal(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "Tribunal investigators plan to return to Aville and resume their probe of alleged atrocities in the province.",
        NULL,
    };
    static const char *const sb[] = {
        "Officials in Btown refused to allow investigators to probe alleged atrocities in Aville.",
        NULL,
    };
    static const char *const sc[] = {
        "Officials in Btown refused to say where the investigators would stay in Aville during the probe of atrocities.",
        "Farmers in Aville rejected a new irrigation tariff proposed by the provincial council.",
        NULL,
    };
    static T_doc a, b, c;
    sl_sum_doc docs[3] = {T_new(&a, sa, "a", "1998-10-14"), T_new(&b, sb, "b", "1998-11-05"),
                          T_new(&c, sc, "c", "1998-11-06")};
    const sl_dis_name names[] = {{"Aville", SL_LOC}, {"Btown", SL_LOC}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 3, names, 2, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_MODALITY, NULL), 1);
    const sl_dis *m = T_first(g, n, SL_DIS_MODALITY, NULL);
    assert_int_equal(m->nsides, 2);
    assert_int_equal(m->sides[0].doc, 0);
    assert_int_equal(m->sides[0].modality, SL_MOD_CERTAIN);
    assert_string_equal(m->sides[0].value, "plan to return");
    assert_int_equal(m->sides[1].doc, 1);
    assert_int_equal(m->sides[1].modality, SL_MOD_NEGATIVE);
    assert_string_equal(m->sides[1].value, "refused");
    assert_true(sl_dis_sides_conflict(m, 0, 1));
    free(g);
    /* without the refusal article: nothing */
    docs[1] = docs[2];
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 2, SL_DIS_MODALITY, NULL), 0);
}

/* "The crash, which killed 230 people" weeks after the crash is a final figure against "all
 * 229"; the same pair a day apart, or with a running count, stays quiet. An aside between
 * commas does not hide a toll's verb. */
static void test_settled_tolls(void **state)
{
    (void)state;
    static const char *const sa[] = {"The crash, which killed 230 people, led to checks of the wiring in older jets.", NULL};
    static const char *const sb[] = {"The jet went down off the coast, killing all 229 people aboard, investigators said.", NULL};
    static const char *const sc[] = {"The toll from the crash of the jet off the coast has risen to 231, investigators said.", NULL};
    static T_doc a, b, c;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "1998-10-01"), T_new(&b, sb, "b", "1998-11-05")};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(T_disagree_count(docs, NULL, 2, NULL, 0, SL_DIS_NUMBER, NULL), 1);
    docs[1] = T_sum(&b, "b", "1998-10-03"); /* two days apart: maybe an update */
    assert_int_equal(T_disagree_count(docs, NULL, 2, NULL, 0, SL_DIS_NUMBER, NULL), 0);
    docs[1] = T_new(&c, sc, "c", "1998-11-05"); /* told as a running count */
    assert_int_equal(T_disagree_count(docs, NULL, 2, NULL, 0, SL_DIS_NUMBER, NULL), 0);

    static const char *const sd[] = {"A total of 248 people, including a dozen visitors, were killed in the Aville bombing on Aug. 7.", NULL};
    static const char *const se[] = {"The bombing in Aville killed more than 250, including a dozen visitors.", NULL};
    static T_doc d, e;
    sl_sum_doc docs2[2] = {T_new(&d, sd, "d", "1998-10-02"), T_new(&e, se, "e", "1998-10-16")};
    sl_date dd = T_date(&d, "Aug. 7", "1998-08-07");
    sl_dis_doc x[2] = {{NULL, 0, &dd, 1}, {NULL, 0, NULL, 0}};
    const sl_dis_name names[] = {{"Aville", SL_LOC}};
    assert_int_equal(sl_summary_disagree(docs2, x, 2, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_NUMBER, NULL), 1);
    const sl_dis *t = T_first(g, n, SL_DIS_NUMBER, NULL);
    assert_true(t->sides[0].figure == 248 || t->sides[1].figure == 248);
    free(g);
}

/* Upper estimates, "past", thousands separators, and amounts of a named thing. */
static void test_hedges_and_amounts(void **state)
{
    (void)state;
    assert_int_equal(sl_figure_hedge("many", "as"), 2);
    assert_int_equal(sl_figure_hedge("high", "as"), 2);
    assert_int_equal(sl_figure_hedge("toll", "past"), 1);
    assert_false(sl_figures_compatible(200000, 2, 222570, 0)); /* "as many as 200,000" / 222,570 */
    assert_true(sl_figures_compatible(150, 1, 221, 0));        /* "past 150" / 221 */

    /* "as many as 200,000" against an exact 222,570 deaths; "about 200,000" agrees */
    static const char *const sa[] = {"As many as 200,000 people were killed by the earthquake in Aville, officials said.", NULL};
    static const char *const sb[] = {"The earthquake in Aville left exactly 222,570 deaths and many more injured, officials said.", NULL};
    static const char *const sc[] = {"Officials said the earthquake in Aville killed about 200,000 people.", NULL};
    static T_doc a, b, c;
    const sl_dis_name names[] = {{"Aville", SL_LOC}};
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", NULL), T_new(&b, sb, "b", NULL)};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_NUMBER, NULL), 1);
    const sl_dis *t = T_first(g, n, SL_DIS_NUMBER, NULL);
    assert_true(t->sides[0].figure == 222570 || t->sides[1].figure == 222570);
    assert_true(t->sides[0].figure == 200000 || t->sides[1].figure == 200000);
    free(g);
    docs[0] = T_new(&c, sc, "c", NULL);
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 1, SL_DIS_NUMBER, NULL), 0);

    static const char *const sd[] = {"The airline cannot pay its dlrs 2.1 billion in debt after a long strike by its pilots.", NULL};
    static const char *const se[] = {"With $2.2 billion in debt and falling revenues, the airline is in trouble after the strike.", NULL};
    static const char *const sf[] = {"The airline lost $2.2 billion in value on the stock market after the strike by pilots.", NULL};
    static T_doc d, e, f;
    sl_sum_doc docs2[3] = {T_new(&d, sd, "d", "1998-11-10"), T_new(&e, se, "e", "1998-12-18"),
                           T_new(&f, sf, "f", "1998-12-19")};
    sl_disagreement *dd = NULL;
    assert_int_equal(sl_summary_disagreements(docs2, 3, SL_DISAGREE_MAX, &dd, &n), SL_OK);
    assert_int_equal(n, 1); /* debt 2.1 vs 2.2; "billion in value" is another thing */
    assert_string_equal(dd[0].what, "billion debt");
    assert_int_equal(dd[0].doc_a, 0);
    assert_int_equal(dd[0].doc_b, 1);
    free(dd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_dates),       cmocka_unit_test(test_sourced_estimates),
        cmocka_unit_test(test_plan_refusal),      cmocka_unit_test(test_settled_tolls),
        cmocka_unit_test(test_hedges_and_amounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
