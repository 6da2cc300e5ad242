/*
 * test_disagree_facts.c — the fact rules of src/summary/claims_facts.c (ages of one person,
 * found against not found, a claim against its denial), the two stricter conditions added to
 * claims.c after blind set 3 (a passive refusal bars what stands before it; a toll told for a
 * region only is no version of a country's toll) and "two dozen" in disagree.c. Every sentence
 * is hand-written (no benchmark text); each rule is checked to fire and to stay quiet on
 * look-alikes that agree.
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

/* "Mendes, 44" / "Carla Mendes, 45" within weeks disagree; the same age, a year apart, or
 * another Mendes do not. */
static void test_ages(void **state)
{
    (void)state;
    static const char *const sa[] = {"Mendes, 44, was arrested at her home in Aville on Monday night.", NULL};
    static const char *const sb[] = {"The lawyer Carla Mendes, 45, told reporters in Aville that she was innocent.", NULL};
    static const char *const sc[] = {"Her brother, Paulo Mendes, 45, was not charged by the prosecutors in Aville.", NULL};
    static const char *const sd[] = {"Prosecutors in Aville said Mendes, 44, would appear in court next week.", NULL};
    static const char *const se[] = {"A 45-year-old Carla Mendes was freed on bail, her lawyers in Aville said.", NULL};
    static T_doc a, b, c, d, e;
    const sl_dis_name names[] = {{"Carla Mendes", SL_PER}, {"Aville", SL_LOC}};
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2001-03-05"), T_new(&b, sb, "b", "2001-03-20")};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, names, 2, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_NUMBER, "age:"), 1);
    const sl_dis *x = T_first(g, n, T_ANY_KIND, "age:");
    assert_int_equal(x->nsides, 2);
    assert_true(x->sides[0].figure == 44 && x->sides[1].figure == 45);
    assert_true(sl_dis_sides_conflict(x, 0, 1));
    free(g);
    /* "a 45-year-old Carla Mendes" is the same statement */
    docs[1] = T_new(&e, se, "e", "2001-03-20");
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 2, SL_DIS_NUMBER, "age:"), 1);
    /* a year later she is older, not misreported */
    docs[1] = T_sum(&b, "b", "2002-04-20");
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 2, SL_DIS_NUMBER, "age:"), 0);
    /* her brother is another Mendes */
    docs[1] = T_new(&c, sc, "c", "2001-03-20");
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 2, SL_DIS_NUMBER, "age:"), 0);
    /* the same age twice */
    docs[1] = T_new(&d, sd, "d", "2001-03-20");
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 2, SL_DIS_NUMBER, "age:"), 0);
}

/* "The bodies had been found" against "have not yet been found" the same day; the negative a
 * day earlier is the earlier state, and "two bodies have not been found" says others were. */
static void test_found(void **state)
{
    (void)state;
    static const char *const sa[] = {"Rescuers in Aville said the bodies of the three climbers had been found near the ridge.", NULL};
    static const char *const sb[] = {"The bodies have not yet been found, police officers in Aville said on Tuesday evening.", NULL};
    static const char *const sc[] = {"Two bodies have not been found, police officers in Aville said on Tuesday evening.", NULL};
    static const char *const sd[] = {"Police in Aville were investigating reports that the bodies had been found near the ridge.", NULL};
    static T_doc a, b, c, d;
    const sl_dis_name names[] = {{"Aville", SL_LOC}};
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2001-06-12"), T_new(&b, sb, "b", "2001-06-12")};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_MODALITY, "found:"), 1);
    const sl_dis *x = T_first(g, n, T_ANY_KIND, "found:");
    assert_int_equal(x->nsides, 2);
    assert_int_equal(x->sides[0].modality, SL_MOD_CERTAIN);
    assert_int_equal(x->sides[1].modality, SL_MOD_NEGATIVE);
    assert_true(sl_dis_sides_conflict(x, 0, 1));
    free(g);
    docs[1] = T_sum(&b, "b", "2001-06-11"); /* not yet found, the day before */
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 1, SL_DIS_MODALITY, "found:"), 0);
    docs[1] = T_new(&c, sc, "c", "2001-06-12"); /* some not found */
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 1, SL_DIS_MODALITY, "found:"), 0);
    docs[0] = T_new(&d, sd, "d", "2001-06-12"); /* a report being checked finds nothing */
    docs[1] = T_sum(&b, "b", "2001-06-12");
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 1, SL_DIS_MODALITY, "found:"), 0);
}

/* A claim and its denial; a refusal ("denied entry", "denied access") or a denial weeks later
 * is none. */
static void test_denials(void **state)
{
    (void)state;
    static const char *const sa[] = {"Officials in Btown said the rebel leader Kemal Arno had fled to Aville last week.", NULL};
    static const char *const sb[] = {"The ambassador of Aville denied that Arno was in Aville, and called the report a provocation.", NULL};
    static const char *const sc[] = {"The rebel leader Kemal Arno was denied entry to Aville at the border on Friday.", NULL};
    static const char *const sd[] = {"The Aville Museum has never expressed interest in buying the painting, its director said.", NULL};
    static const char *const se[] = {"Arno said the Aville Museum had expressed interest in buying the painting from him.", NULL};
    static const char *const sf[] = {"Arno said a private collector had expressed interest in buying the painting from him.", NULL};
    static T_doc a, b, c, d, e, f;
    const sl_dis_name names[] = {{"Kemal Arno", SL_PER}, {"Aville", SL_LOC}, {"Btown", SL_LOC}};
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "1999-10-20"), T_new(&b, sb, "b", "1999-10-21")};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, names, 3, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(T_count(g, n, SL_DIS_MODALITY, "denied:"), 1);
    const sl_dis *x = T_first(g, n, T_ANY_KIND, "denied:");
    assert_int_equal(x->nsides, 2);
    assert_int_equal(x->sides[0].doc, 0);
    assert_int_equal(x->sides[0].modality, SL_MOD_CERTAIN);
    assert_int_equal(x->sides[1].doc, 1);
    assert_int_equal(x->sides[1].modality, SL_MOD_NEGATIVE);
    free(g);
    docs[1] = T_sum(&b, "b", "1999-11-25"); /* weeks later he may have moved */
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 3, SL_DIS_MODALITY, "denied:"), 0);
    docs[1] = T_new(&c, sc, "c", "1999-10-21"); /* a refusal, no denial */
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 3, SL_DIS_MODALITY, "denied:"), 0);
    /* "has never expressed interest" against a report that it had */
    sl_sum_doc docs2[2] = {T_new(&e, se, "e", "2000-05-12"), T_new(&d, sd, "d", "2000-05-13")};
    assert_int_equal(T_disagree_count(docs2, NULL, 2, names, 3, SL_DIS_MODALITY, "denied:"), 1);
    docs2[0] = T_new(&f, sf, "f", "2000-05-12"); /* another buyer's interest is no claim about the museum */
    assert_int_equal(T_disagree_count(docs2, NULL, 2, names, 3, SL_DIS_MODALITY, "denied:"), 0);
}

/* A passive refusal bars what stands before it: "the deal, which was rejected by the
 * regulator" is no refusal of the court's ruling. A toll told only for a region is no version
 * of a country's toll. "Two dozen" counts 24. */
static void test_scopes_and_dozens(void **state)
{
    (void)state;
    static const char *const sa[] = {"The ruling against Acme will establish the ground rules for how competition law applies to software.", NULL};
    static const char *const sb[] = {"Like its earlier deal to buy a software maker, which was rejected by the regulator, Acme now faces competition law.", NULL};
    static T_doc a, b;
    const sl_dis_name names[] = {{"Acme", SL_ORG}};
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "1998-10-23"), T_new(&b, sb, "b", "1998-10-18")};
    size_t n = 0;
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 1, SL_DIS_MODALITY, NULL), 0);

    static const char *const sc[] = {"The hurricane swept across the islands, killing at least 400 people throughout the Caribbean.", NULL};
    static const char *const sd[] = {"The floods caused by the hurricane killed 221 people in Haiti, officials in Haiti said.", NULL};
    static const char *const se[] = {"The hurricane killed 250 people in Haiti, according to a count by officials in Haiti.", NULL};
    static T_doc c, d, e;
    const sl_dis_name names2[] = {{"Haiti", SL_LOC}, {"Caribbean", SL_MISC}};
    sl_sum_doc docs2[2] = {T_new(&c, sc, "c", "1998-10-03"), T_new(&d, sd, "d", "1998-10-03")};
    assert_int_equal(T_disagree_count(docs2, NULL, 2, names2, 2, SL_DIS_NUMBER, NULL), 0);
    docs2[0] = T_new(&e, se, "e", "1998-10-03"); /* two counts for Haiti the same day disagree */
    assert_int_equal(T_disagree_count(docs2, NULL, 2, names2, 2, SL_DIS_NUMBER, "dead"), 1);

    static const char *const sf[] = {"Witnesses said two dozen soldiers stormed the village at dawn and burned the market.", NULL};
    static const char *const sg[] = {"Witnesses said 20 soldiers stormed the village at dawn and burned the market.", NULL};
    static T_doc f, h;
    sl_sum_doc docs3[2] = {T_new(&f, sf, "f", "2000-01-02"), T_new(&h, sg, "g", "2000-01-02")};
    sl_disagreement *dd = NULL;
    assert_int_equal(sl_summary_disagreements(docs3, 2, SL_DISAGREE_MAX, &dd, &n), SL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(dd[0].what, "soldier");
    assert_true(sl_figure_value(dd[0].value_a) == 20 || sl_figure_value(dd[0].value_b) == 20);
    assert_true(!strcmp(dd[0].value_a, "two dozen") || !strcmp(dd[0].value_b, "two dozen"));
    free(dd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ages),
        cmocka_unit_test(test_found),
        cmocka_unit_test(test_denials),
        cmocka_unit_test(test_scopes_and_dozens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
