/* test_quotes.c — the quotes stage: direct and indirect quotes, cues, speakers, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "engine.h"
#include "extract/cameo.h"
#include "extract/extract.h"
#include "model/doc.h"

static struct sl_cameo *S_cm;
static sl_engine S_eng; /* only the cue list is needed */

static int S_setup(void **state)
{
    if (sl_cameo_new_empty(&S_cm) != SL_OK) return -1;
    S_eng.cameo = S_cm;
    return 0;
}

static int S_teardown(void **state)
{
    sl_cameo_free(S_cm);
    return 0;
}

static sl_doc *S_run_flags(const char *text, uint32_t flags)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    d->flags = flags;
    assert_int_equal(sl_quotes(&S_eng, d), SL_OK);
    return d;
}

static sl_doc *S_run(const char *text) { return S_run_flags(text, 0); }

static bool S_is(const sl_doc *d, sl_span s, const char *want)
{
    size_t n = strlen(want);
    return s.end - s.start == n && !memcmp(d->text + s.start, want, n);
}

/* The quote whose content starts with `prefix`. */
static const sl_quote *S_find(const sl_doc *d, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < d->quotes.n; i++) {
        const sl_quote *q = &d->quotes.v[i];
        if (q->span.end - q->span.start >= n && !memcmp(d->text + q->span.start, prefix, n)) return q;
    }
    return NULL;
}

/* The quote whose content starts with `prefix`, which must be there and have `speaker`. */
static const sl_quote *S_said_by(const sl_doc *d, const char *prefix, const char *speaker)
{
    const sl_quote *q = S_find(d, prefix);
    assert_non_null(q);
    assert_true(S_is(d, q->speaker, speaker));
    return q;
}

static void test_direct_after(void **state)
{
    sl_doc *d = S_run("\"The relevant services are trying to choose the most suitable time,\" Putin's "
                      "spokesman, Dmitry Peskov, told reporters in a daily briefing call.");
    const sl_quote *q = S_said_by(d, "The relevant services", "Dmitry Peskov");
    assert_true(q->direct);
    assert_true(S_is(d, q->cue, "told reporters"));
    assert_true(S_is(d, q->span, "The relevant services are trying to choose the most suitable time"));
    assert_int_equal(q->entity, -1); /* no NER ran */
    sl_doc_free(d);
}

static void test_direct_before_and_continued(void **state)
{
    sl_doc *d = S_run("\"When the two leaders meet, is there something sufficiently substantive?\" Tillerson "
                      "said. \"No conclusion has been made on that.\"\n\nPutin wrote: \"The policy of "
                      "putting pressure on Pyongyang is misguided and futile.\"");
    const sl_quote *a = S_said_by(d, "When the two", "Tillerson"), *c = S_said_by(d, "The policy", "Putin");
    assert_int_equal(d->quotes.n, 2);
    /* the continued quote inherits Tillerson and joins the first: one statement, cue inside */
    assert_true(S_is(d, a->span, "When the two leaders meet, is there something sufficiently substantive?\" "
                                 "Tillerson said. \"No conclusion has been made on that"));
    assert_null(S_find(d, "No conclusion"));
    assert_true(S_is(d, c->cue, "wrote"));
    sl_doc_free(d);
}

static void test_indirect(void **state)
{
    sl_doc *d = S_run("Peskov said the likelihood is great that the two leaders will meet.\n\n"
                      "Asked last week about the firm, a spokeswoman for Russia's foreign ministry, Maria "
                      "Zakharova, said Russia was unapologetic about developing relations with Pyongyang.\n\n"
                      "The meeting is happening, a Russian presidential aide said on Thursday.");
    assert_false(S_said_by(d, "the likelihood", "Peskov")->direct);
    S_said_by(d, "Russia was", "Maria Zakharova");
    S_said_by(d, "The meeting", "a Russian presidential aide");
    sl_doc_free(d);
}

static void test_fragment_folds(void **state)
{
    /* a quoted fragment inside indirect speech is one quote, not two */
    sl_doc *d = S_run("Peskov said the \"likelihood is great\" that the two leaders will meet.");
    assert_int_equal(d->quotes.n, 1);
    assert_true(S_is(d, d->quotes.v[0].speaker, "Peskov"));
    assert_true(S_is(d, d->quotes.v[0].span, "the \"likelihood is great\" that the two leaders will meet"));
    sl_doc_free(d);
}

static void test_pronoun_and_nested(void **state)
{
    sl_doc *d = S_run("\"He told me 'never again' and walked out of the room,\" he said.");
    assert_int_equal(d->quotes.n, 1);
    const sl_quote *q = &d->quotes.v[0];
    assert_true(S_is(d, q->speaker, "he"));
    assert_true(S_is(d, q->span, "He told me 'never again' and walked out of the room"));
    sl_doc_free(d);
}

static void test_not_speakers(void **state)
{
    /* "States" is not a cue; scare quotes without a cue are not quotes */
    sl_doc *d = S_run("Putin has criticized the United States over its threats. The so-called \"deal\" failed.");
    for (size_t i = 0; i < d->quotes.n; i++) assert_false(S_is(d, d->quotes.v[i].cue, "States"));
    assert_null(S_find(d, "deal"));
    sl_doc_free(d);
}

static void test_unbalanced_and_huge(void **state)
{
    /* an opening mark never closed, then a 10,000-word quote: linear work, sensible output */
    size_t words = 10000, n = words * 6 + 200;
    char *t = malloc(n);
    assert_non_null(t);
    size_t o = (size_t)snprintf(t, n, "He said \"this never ends.\n\n\"");
    for (size_t i = 0; i < words; i++) o += (size_t)snprintf(t + o, n - o, "word ");
    o += (size_t)snprintf(t + o, n - o, "end,\" Smith said.");
    clock_t c0 = clock();
    sl_doc *d = S_run(t);
    assert_true((double)(clock() - c0) / CLOCKS_PER_SEC < 5.0);
    const sl_quote *q = S_said_by(d, "word word", "Smith");
    assert_true(q->span.end - q->span.start > words * 4);
    sl_doc_free(d);
    free(t);
    /* only opening marks */
    d = S_run("\" \" \" \" \"");
    assert_int_equal(d->quotes.n, 0);
    sl_doc_free(d);
}

static void test_unpunctuated(void **state)
{
    sl_doc *d = S_run_flags("i can confirm that preparations for the meeting are underway we have been talking "
                            "about it for quite a while kremlin spokesman dmitry peskov told reporters as soon as "
                            "there is full clarity we will inform you",
                            SL_DOC_LOWERCASED | SL_DOC_NOPUNCT);
    const sl_quote *q = NULL;
    for (size_t i = 0; i < d->quotes.n; i++)
        if (S_is(d, d->quotes.v[i].cue, "told reporters")) q = &d->quotes.v[i];
    assert_non_null(q);
    assert_true(S_is(d, q->speaker, "kremlin spokesman dmitry peskov"));
    sl_doc_free(d);
}

static void test_merge_same_speaker(void **state)
{
    /* one speaker's quotes in one paragraph are one quote; another speaker's, or the same
     * speaker's in the next paragraph, stay apart */
    sl_doc *d = S_run("\"We will not pay for the wall,\" Lopez said. \"Never, not in a hundred years,\" Lopez added. \"It is a "
                      "fantasy,\" Garcia said.\n\n\"We are ready to talk about trade,\" Lopez said.");
    assert_int_equal(d->quotes.n, 3);
    const sl_quote *a = S_said_by(d, "We will not", "Lopez");
    S_said_by(d, "It is a", "Garcia");
    S_said_by(d, "We are ready", "Lopez");
    assert_true(S_is(d, a->span, "We will not pay for the wall,\" Lopez said. \"Never, not in a hundred years"));
    sl_doc_free(d);
}

static void test_colon_paragraph_and_new_cues(void **state)
{
    /* "X stated:" closing the paragraph before the quote; cues such as "retorted", "points out",
     * ", writing:" */
    sl_doc *d = S_run("Dr. Ward stated:\n\n\"The department is not about equal justice anymore.\"\n\n"
                      "The supporter retorted: \"There is a special place for people like that.\"\n\n"
                      "\"There were some of us who thought so,\" Bozell points out.\n\n"
                      "Trump took to Twitter, writing: \"Another horrific attack in Nice today.\"");
    S_said_by(d, "The department", "Ward");
    S_said_by(d, "There is a special", "The supporter");
    assert_true(S_is(d, S_said_by(d, "There were some", "Bozell")->cue, "points out"));
    assert_true(S_is(d, S_said_by(d, "Another horrific", "Trump")->cue, "writing"));
    sl_doc_free(d);
}

static void test_embedded_fragment_is_indirect(void **state)
{
    /* a long quoted fragment the sentence goes on after is part of indirect speech */
    sl_doc *d = S_run("Weaver says that \"for all practical purposes, there is no path forward\" for the "
                      "former Florida governor.");
    assert_int_equal(d->quotes.n, 1);
    assert_false(d->quotes.v[0].direct);
    assert_true(S_is(d, d->quotes.v[0].speaker, "Weaver"));
    assert_true(S_is(d, d->quotes.v[0].span, "\"for all practical purposes, there is no path forward\" for the "
                                             "former Florida governor"));
    sl_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_after),   cmocka_unit_test(test_direct_before_and_continued),
        cmocka_unit_test(test_indirect),       cmocka_unit_test(test_fragment_folds),
        cmocka_unit_test(test_pronoun_and_nested), cmocka_unit_test(test_not_speakers),
        cmocka_unit_test(test_unbalanced_and_huge), cmocka_unit_test(test_unpunctuated),
        cmocka_unit_test(test_merge_same_speaker), cmocka_unit_test(test_colon_paragraph_and_new_cues),
        cmocka_unit_test(test_embedded_fragment_is_indirect),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
