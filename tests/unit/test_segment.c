/* test_segment.c — sentence and token segmentation (src/text/segment.c): abbreviations,
 * initials, decimals, quotes, ellipses, paragraph breaks, UTF-8 and the named limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "engine.h"
#include "model/doc.h"
#include "text/repair.h"
#include "text/text.h"

static struct sl_engine S_eng;

static int S_setup(void **state)
{
    return sl_truecaser_load(&S_eng.truecaser) == SL_OK ? 0 : -1;
}

static int S_teardown(void **state)
{
    sl_truecaser_free(S_eng.truecaser);
    return 0;
}

static sl_doc *S_seg(const char *text, sl_status want)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    assert_int_equal(sl_segment(&S_eng, d), want);
    return d;
}

/* Sentence k as a string (static buffer). */
static const char *S_sent(const sl_doc *d, size_t k)
{
    static char buf[1024];
    assert_true(k < d->sentences.n);
    sl_span s = d->sentences.v[k].span;
    snprintf(buf, sizeof buf, "%.*s", (int)(s.end - s.start), d->text + s.start);
    return buf;
}

static const char *S_tok(const sl_doc *d, size_t i)
{
    static char buf[256];
    size_t n;
    const char *t = sl_doc_tok(d, i, &n);
    snprintf(buf, sizeof buf, "%.*s", (int)n, t);
    return buf;
}

/* Index of the first token equal to s, or -1. */
static long S_find(const sl_doc *d, const char *s)
{
    for (size_t i = 0; i < d->tokens.n; i++)
        if (!strcmp(S_tok(d, i), s)) return (long)i;
    return -1;
}

static void test_abbreviations(void **state)
{
    sl_doc *d = S_seg("Mr. Kim met Dr. Smith and Gen. Lee in Washington. They talked for an hour.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    assert_string_equal(S_sent(d, 0), "Mr. Kim met Dr. Smith and Gen. Lee in Washington.");
    assert_string_equal(S_sent(d, 1), "They talked for an hour.");
    assert_true(S_find(d, "Mr.") >= 0);
    assert_true(S_find(d, "Dr.") >= 0);
    sl_doc_free(d);

    d = S_seg("The U.S. Army left on Jan. 5 at 3 p.m. local time. Sen. Warren objected.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    assert_true(S_find(d, "U.S.") >= 0);
    assert_true(S_find(d, "p.m.") >= 0);
    assert_true(S_find(d, "Jan.") >= 0);
    sl_doc_free(d);

    /* "U.S." ends a sentence before a usual starter, not before a name */
    d = S_seg("He moved to the U.S. The move was hard. She works for Acme Inc. in Ohio.", SL_OK);
    assert_int_equal(d->sentences.n, 3);
    assert_string_equal(S_sent(d, 0), "He moved to the U.S.");
    assert_string_equal(S_sent(d, 2), "She works for Acme Inc. in Ohio.");
    sl_doc_free(d);

    /* "No." is an abbreviation only before a number */
    d = S_seg("It was ranked No. 5 in the poll. He said no. Then he left.", SL_OK);
    assert_int_equal(d->sentences.n, 3);
    assert_true(S_find(d, "No.") >= 0);
    assert_int_equal(S_find(d, "no."), -1);
    sl_doc_free(d);
}

static void test_initials(void **state)
{
    sl_doc *d = S_seg("George W. Bush met Stephen E. Biegun on Monday. He left early.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    assert_true(S_find(d, "W.") >= 0);
    assert_true(S_find(d, "E.") >= 0);
    sl_doc_free(d);
}

static void test_numbers(void **state)
{
    sl_doc *d = S_seg("Growth was 3.5 percent in 1998. Shares fell 1,000 points at 10:30 a.m. on Friday.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    long i = S_find(d, "3.5");
    assert_true(i >= 0);
    assert_int_equal(d->tokens.v[i].kind, SL_TOK_NUM);
    assert_true(S_find(d, "1,000") >= 0);
    assert_true(S_find(d, "10:30") >= 0);
    /* a sentence may end right after a number */
    sl_doc_free(d);
    d = S_seg("The vote was 52-48. It passed.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    assert_true(S_find(d, "52-48") >= 0);
    sl_doc_free(d);
}

static void test_quotes(void **state)
{
    sl_doc *d = S_seg("\"We will win,\" he said. \"There is no doubt.\" Then he left.", SL_OK);
    assert_int_equal(d->sentences.n, 3);
    assert_string_equal(S_sent(d, 1), "\"There is no doubt.\"");
    sl_doc_free(d);

    /* ! or ? inside quotes followed by a lower-case word does not end the sentence */
    d = S_seg("\"Go home!\" he shouted at them. Nobody moved.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    assert_string_equal(S_sent(d, 0), "\"Go home!\" he shouted at them.");
    sl_doc_free(d);

    /* curly quotes and brackets glue to the terminator */
    d = S_seg("She said \xE2\x80\x9CIt is over.\xE2\x80\x9D (It was.) The end came.", SL_OK);
    assert_int_equal(d->sentences.n, 3);
    assert_string_equal(S_sent(d, 0), "She said \xE2\x80\x9CIt is over.\xE2\x80\x9D");
    assert_string_equal(S_sent(d, 1), "(It was.)");
    sl_doc_free(d);

    /* old wire quotes: `` and '' */
    d = S_seg("``It's late,'' Ann said. ``Go.''", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    assert_string_equal(S_sent(d, 1), "``Go.''");
    sl_doc_free(d);
}

static void test_ellipsis(void **state)
{
    sl_doc *d = S_seg("He paused ... and went on. Then ... Nothing happened!", SL_OK);
    assert_int_equal(d->sentences.n, 3);
    assert_string_equal(S_sent(d, 0), "He paused ... and went on.");
    assert_string_equal(S_sent(d, 1), "Then ...");
    assert_true(S_find(d, "...") >= 0);
    sl_doc_free(d);
    d = S_seg("Wait\xE2\x80\xA6 what? Yes.", SL_OK);
    assert_int_equal(d->sentences.n, 2);
    sl_doc_free(d);
}

static void test_paragraphs(void **state)
{
    sl_doc *d = S_seg("A title without a period\n\nThe first line is\nwrapped here. Second one\n \nLast", SL_OK);
    assert_int_equal(d->sentences.n, 4);
    assert_string_equal(S_sent(d, 0), "A title without a period");
    assert_string_equal(S_sent(d, 1), "The first line is\nwrapped here.");
    assert_string_equal(S_sent(d, 2), "Second one");
    assert_int_equal(d->sentences.v[0].para, 0);
    assert_int_equal(d->sentences.v[1].para, 1);
    assert_int_equal(d->sentences.v[2].para, 1);
    assert_int_equal(d->sentences.v[3].para, 2);
    sl_doc_free(d);
}

static void test_tokens(void **state)
{
    sl_doc *d = S_seg("LONDON (AP) _ Moon Jae-in doesn't agree; Kim's aides (U.S.-led) won't.", SL_OK);
    const char *want[] = {"LONDON", "(", "AP", ")", "_", "Moon", "Jae-in", "doesn't", "agree", ";", "Kim's",
                          "aides", "(", "U.S.-led", ")", "won't", "."};
    assert_int_equal(d->tokens.n, SL_ARRAY_LEN(want));
    for (size_t i = 0; i < SL_ARRAY_LEN(want); i++) assert_string_equal(S_tok(d, i), want[i]);
    assert_int_equal(d->tokens.v[0].kind, SL_TOK_WORD);
    assert_int_equal(d->tokens.v[0].cap, 1);
    assert_int_equal(d->tokens.v[1].kind, SL_TOK_PUNCT);
    assert_int_equal(d->tokens.v[8].cap, 0);
    /* every token belongs to the sentence that covers it; ranges tile the tokens */
    size_t next = 0;
    for (size_t k = 0; k < d->sentences.n; k++) {
        const sl_sentence *s = &d->sentences.v[k];
        assert_int_equal(s->tok_first, next);
        for (uint32_t i = s->tok_first; i < s->tok_end; i++) {
            assert_int_equal(d->tokens.v[i].sent, k);
            assert_true(d->tokens.v[i].span.start >= s->span.start && d->tokens.v[i].span.end <= s->span.end);
            assert_int_equal(d->tokens.v[i].pad, 0);
        }
        next = s->tok_end;
    }
    assert_int_equal(next, d->tokens.n);
    sl_doc_free(d);

    d = S_seg("$5 + 3 = 8 %", SL_OK);
    assert_int_equal(d->tokens.v[0].kind, SL_TOK_SYM);
    assert_string_equal(S_tok(d, 1), "5");
    assert_int_equal(d->tokens.v[1].kind, SL_TOK_NUM);
    sl_doc_free(d);
}

static void test_utf8(void **state)
{
    sl_doc *d = S_seg("\xC3\x9C" "ber Z\xC3\xBCrich kam M\xC3\xBCller. \xC3\x89lise est partie\xE2\x80\xA6 Fin.", SL_OK);
    assert_int_equal(d->sentences.n, 3);
    long i = S_find(d, "Z\xC3\xBCrich");
    assert_true(i >= 0);
    assert_int_equal(d->tokens.v[i].cap, 1);
    assert_int_equal(d->tokens.v[0].cap, 1); /* Ü */
    sl_doc_free(d);
    /* invalid bytes do not crash and do not join words */
    d = S_seg("abc\xFF" "def. Ghi\xC3", SL_OK);
    assert_true(d->tokens.n >= 3);
    sl_doc_free(d);
}

static void test_empty(void **state)
{
    sl_doc *d = S_seg("", SL_OK);
    assert_int_equal(d->sentences.n, 0);
    assert_int_equal(d->tokens.n, 0);
    sl_doc_free(d);
    d = S_seg(" \n\n \t", SL_OK);
    assert_int_equal(d->sentences.n, 0);
    sl_doc_free(d);
    /* without an engine (no abbreviation list) it still segments */
    d = sl_doc_new_empty();
    d->text = sl_arena_strdup(&d->arena, "One. Two.");
    d->text_len = 9;
    assert_int_equal(sl_segment(NULL, d), SL_OK);
    assert_int_equal(d->sentences.n, 2);
    sl_doc_free(d);
}

static void test_limits(void **state)
{
    /* one sentence more than SL_MAX_SENTENCES */
    size_t n = (SL_MAX_SENTENCES + 1) * 3;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i += 3) memcpy(s + i, "a. ", 3);
    s[n] = 0;
    sl_doc *d = S_seg(s, SL_ELIMIT);
    assert_int_equal(d->sentences.n, 0);
    assert_int_equal(d->tokens.n, 0);
    sl_doc_free(d);
    free(s);
    /* one token more than SL_MAX_TOKENS (in a few sentences) */
    n = (SL_MAX_TOKENS + 1) * 2;
    s = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2) memcpy(s + i, "a ", 2);
    s[n] = 0;
    d = S_seg(s, SL_ELIMIT);
    sl_doc_free(d);
    /* exactly at the limit is fine */
    s[SL_MAX_TOKENS * 2] = 0;
    d = S_seg(s, SL_OK);
    assert_int_equal(d->tokens.n, SL_MAX_TOKENS);
    sl_doc_free(d);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations), cmocka_unit_test(test_initials),
        cmocka_unit_test(test_numbers),       cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_ellipsis),      cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_tokens),        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
