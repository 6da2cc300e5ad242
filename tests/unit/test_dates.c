/* test_dates.c — the dates stage: absolute and relative expressions, anchors, granularity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "engine.h"
#include "extract/extract.h"
#include "extract/facts.h"
#include "model/doc.h"

/* A bare document (no segmenter ran): the stage tokenizes it itself. */
static sl_doc *S_doc(const char *text, const char *published)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    d->raw = d->text;
    d->raw_len = d->text_len;
    d->published = published ? sl_arena_strdup(&d->arena, published) : NULL;
    return d;
}

/* Value of the date whose text is `what` (first match), or NULL. */
static const char *S_val(const sl_doc *d, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; i < d->dates.n; i++) {
        const sl_date *x = &d->dates.v[i];
        if (x->span.end - x->span.start == n && !memcmp(d->text + x->span.start, what, n)) return x->value;
    }
    return NULL;
}

static const sl_date *S_date(const sl_doc *d, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; i < d->dates.n; i++) {
        const sl_date *x = &d->dates.v[i];
        if (x->span.end - x->span.start == n && !memcmp(d->text + x->span.start, what, n)) return x;
    }
    return NULL;
}

static void test_civil(void **state)
{
    assert_int_equal(sl_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sl_days_from_civil(2017, 11, 10), 17480);
    int y, m, dd;
    sl_civil_from_days(17480, &y, &m, &dd);
    assert_int_equal(y, 2017);
    assert_int_equal(m, 11);
    assert_int_equal(dd, 10);
    sl_civil_from_days(sl_days_from_civil(2016, 2, 29) + 1, &y, &m, &dd);
    assert_int_equal(m, 3);
    assert_int_equal(dd, 1);
}

static void test_absolute(void **state)
{
    sl_doc *d = S_doc("They met on July 7, 2017 in Hamburg. The deal of 2017-11-10 was signed on "
                      "10 November 2017. A summit on Nov. 10 and another in November 2018.",
                      "2017-11-08");
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_string_equal(S_val(d, "July 7, 2017"), "2017-07-07");
    assert_false(S_date(d, "July 7, 2017")->relative);
    assert_int_equal(S_date(d, "July 7, 2017")->gran, SL_GRAN_DAY);
    assert_string_equal(S_val(d, "2017-11-10"), "2017-11-10");
    assert_string_equal(S_val(d, "10 November 2017"), "2017-11-10");
    assert_string_equal(S_val(d, "Nov. 10"), "2017-11-10");
    assert_true(S_date(d, "Nov. 10")->relative); /* the year came from the anchor */
    assert_string_equal(S_val(d, "November 2018"), "2018-11");
    assert_int_equal(S_date(d, "November 2018")->gran, SL_GRAN_MONTH);
    assert_false(d->flags & SL_DOC_DATE_INFERRED);
    sl_doc_free(d);
}

static void test_relative(void **state)
{
    /* 2017-11-08 is a Wednesday */
    sl_doc *d = S_doc("Officials said on Tuesday that the leaders will meet next week. Trump spoke "
                      "yesterday. The summit starts Friday. Earlier this month prices rose, as they did "
                      "last june and in October. Sales fell last year.",
                      "2017-11-08T10:00:00Z");
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_string_equal(S_val(d, "Tuesday"), "2017-11-07");
    assert_string_equal(S_val(d, "next week"), "2017-11-13/2017-11-19");
    assert_int_equal(S_date(d, "next week")->gran, SL_GRAN_RANGE);
    assert_string_equal(S_val(d, "yesterday"), "2017-11-07");
    assert_string_equal(S_val(d, "Friday"), "2017-11-10"); /* "starts": the coming Friday */
    assert_string_equal(S_val(d, "Earlier this month"), "2017-11");
    assert_string_equal(S_val(d, "last june"), "2017-06");
    assert_string_equal(S_val(d, "October"), "2017-10");
    assert_string_equal(S_val(d, "last year"), "2016");
    assert_int_equal(S_date(d, "last year")->gran, SL_GRAN_YEAR);
    sl_doc_free(d);
}

/* A year only in a line cleaning dropped (a photo caption): the caption's photo is older than
 * the article, so a later month-day of the text, in the caption's year, is the anchor. */
static void test_caption_anchor(void **state)
{
    const char *raw = "Trump and Putin at the G20 in Hamburg on July 7, 2017. / AFP PHOTO\n"
                      "The two leaders will meet on November 10, an aide said this week.";
    sl_doc *d = S_doc("The two leaders will meet on November 10, an aide said this week.", NULL);
    d->raw = sl_arena_strdup(&d->arena, raw);
    d->raw_len = strlen(raw);
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_string_equal(d->published, "2017-11-10");
    assert_true(d->flags & SL_DOC_DATE_INFERRED);
    assert_string_equal(S_val(d, "November 10"), "2017-11-10");
    sl_doc_free(d);

    /* a caption later than the text's month-day stays the anchor (the year is the caption's) */
    raw = "Crowds in Paris on December 2, 2018. / AFP PHOTO\nProtests began on March 3.";
    d = S_doc("Protests began on March 3.", NULL);
    d->raw = sl_arena_strdup(&d->arena, raw);
    d->raw_len = strlen(raw);
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_string_equal(d->published, "2018-12-02");
    sl_doc_free(d);
}

static void test_inferred_anchor(void **state)
{
    sl_doc *d = S_doc("Trump and Putin met on July 7, 2017. They will meet again next week, and "
                      "also on November 10.", NULL);
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_non_null(d->published);
    assert_string_equal(d->published, "2017-07-07");
    assert_true(d->flags & SL_DOC_DATE_INFERRED);
    assert_string_equal(S_val(d, "next week"), "2017-07-10/2017-07-16");
    assert_string_equal(S_val(d, "November 10"), "2017-11-10");
    sl_doc_free(d);

    /* no year anywhere: the latest month-day is the anchor, the year stays unknown */
    d = S_doc("he visited moscow from march 19 to 25 and will travel to russia next week", NULL);
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_null(d->published);
    assert_string_equal(S_val(d, "march 19 to 25"), "XXXX-03-19/XXXX-03-25");
    assert_string_equal(S_val(d, "next week"), "XXXX-04-01/XXXX-04-07");
    sl_doc_free(d);
}

static void test_not_dates(void **state)
{
    /* "may" and "march" as verbs; an impossible day; numbers that are not years */
    sl_doc *d = S_doc("They may march on. It happened on February 30. He counted 2000 people.", "2017-01-01");
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_null(S_val(d, "may"));
    assert_null(S_val(d, "march"));
    assert_null(S_val(d, "February 30"));
    assert_null(S_val(d, "2000"));
    sl_doc_free(d);
}

/* Bounded work on hostile input: a long run of month names and numbers. */
static void test_pathological(void **state)
{
    size_t n = 200000;
    char *t = malloc(n + 1);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) t[i] = "June 5 2017 next "[i % 17];
    t[n] = 0;
    sl_doc *d = S_doc(t, NULL);
    clock_t c0 = clock();
    assert_int_equal(sl_dates(NULL, d), SL_OK);
    assert_true(d->dates.n > 1000);
    assert_true((double)(clock() - c0) / CLOCKS_PER_SEC < 5.0);
    sl_doc_free(d);
    free(t);
}

/* Through the real pipeline (segmenter, NER): the 2017 seed's "November 10". */
static void test_pipeline(void **state)
{
    sl_engine *e;
    assert_int_equal(sl_engine_new(&e), SL_OK);
    const char *txt = "Photo taken on July 7, 2017.\n\n\"The time is being agreed on, it will take place on "
                      "November 10,\" Russian Presidential Aide Yuri Ushakov is quoted as saying.\n";
    sl_input in;
    memset(&in, 0, sizeof in);
    in.data = txt;
    in.len = strlen(txt);
    in.format = SL_FORMAT_TEXT;
    sl_doc *d;
    assert_int_equal(sl_doc_process(e, &in, &d, NULL, 0), SL_OK);
    assert_non_null(S_val(d, "November 10"));
    assert_string_equal(S_val(d, "November 10"), "2017-11-10");
    sl_doc_free(d);
    sl_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil),          cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_relative),       cmocka_unit_test(test_inferred_anchor),
        cmocka_unit_test(test_caption_anchor),
        cmocka_unit_test(test_not_dates),      cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
