/* test_normalize.c — the normalize stage: quotes, dashes, spaces, invisible characters,
 * paragraphs, NFC, character references, bad bytes, and the content hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "engine.h"
#include "model/doc.h"
#include "text/text.h"

static sl_engine S_engine; /* normalize reads no resources */

/* Normalizes `in` and checks the result equals `want`. */
static void S_check(const char *in, const char *want)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, in);
    d->text_len = strlen(in);
    assert_int_equal(sl_normalize(&S_engine, d), SL_OK);
    assert_string_equal(d->text, want);
    assert_int_equal(d->text_len, strlen(want));
    assert_true(d->content_hash == sl_hash64(d->text, d->text_len, 0));
    sl_doc_free(d);
}

/* Code points normalize treats as NFC-stable without calling utf8proc (see
 * sl_normalize_nfc_stable): every such code point, next to every other one on either side,
 * must come out of utf8proc's NFC unchanged. */
static bool S_fast_cp(int32_t c)
{
    return (c >= 0x20 && c < 0x7F) || (c >= 0x80 && c < 0x300) || (c >= 0x2010 && c <= 0x2027) ||
           (c >= 0x2030 && c <= 0x205E);
}

static void test_nfc_fast_path(void **state)
{
    (void)state;
    enum { NCP = 0x2060 };
    char *buf = malloc(2u * NCP * 4u + 8u);
    assert_non_null(buf);
    size_t checked = 0;
    for (int32_t a = 0x20; a < NCP; a++) {
        if (!S_fast_cp(a)) continue;
        size_t n = 0;
        for (int32_t b = 0x20; b < NCP; b++) {
            if (!S_fast_cp(b)) continue;
            n += (size_t)sl_utf8_encode(a, buf + n); /* pairs (a, b) and (b, a) */
            n += (size_t)sl_utf8_encode(b, buf + n);
        }
        n += (size_t)sl_utf8_encode(a, buf + n);
        assert_true(sl_normalize_nfc_stable(buf, n));
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)n, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        assert_true(r == (utf8proc_ssize_t)n);
        assert_memory_equal(nfc, buf, n);
        free(nfc);
        checked++;
    }
    assert_true(checked > 800);
    free(buf);
    /* a combining mark (U+0301), a singleton (U+2126 OHM SIGN), Hangul: not on the fast path */
    assert_false(sl_normalize_nfc_stable("cafe\xCC\x81", 6));
    assert_false(sl_normalize_nfc_stable("\xE2\x84\xA6", 3));
    assert_false(sl_normalize_nfc_stable("\xEA\xB0\x80", 3));
    assert_true(sl_normalize_nfc_stable("caf\xC3\xA9 \xE2\x80\xA6", 9));
    /* and through the stage: the decomposed form still composes, the fast one is kept */
    S_check("cafe\xCC\x81 \xE2\x80\xA6", "caf\xC3\xA9 \xE2\x80\xA6");
    S_check("a\xC3\xA9" "b  --  c", "a\xC3\xA9" "b - c");
}

static void test_quotes(void **state)
{
    S_check("\xE2\x80\x9CYes,\xE2\x80\x9D he said", "\"Yes,\" he said");
    S_check("Putin\xE2\x80\x99s \xE2\x80\x98plan\xE2\x80\x99", "Putin's 'plan'");
    S_check("``Clearly,'' she said", "\"Clearly,\" she said");
    S_check("\xC2\xABnon\xC2\xBB", "\"non\"");
}

static void test_dashes(void **state)
{
    S_check("Beijing \xE2\x80\x94 officials", "Beijing - officials");
    S_check("word\xE2\x80\x94word", "word - word");      /* em dash separated phrases */
    S_check("1990\xE2\x80\x93" "1995", "1990-1995");      /* en dash in a range */
    S_check("a \xE2\x80\x93 b", "a - b");
    S_check("rug -- they", "rug - they");
    S_check("rug--they", "rug - they");
    S_check("well-known", "well-known");
    S_check("\xE2\x88\x92" "5 degrees", "-5 degrees");    /* minus sign */
}

static void test_spaces_and_invisible(void **state)
{
    S_check("a\xC2\xA0" "b\xE2\x80\x89" "c\xE3\x80\x80" "d", "a b c d");
    S_check("co\xC2\xADoperate", "cooperate");            /* soft hyphen */
    S_check("zero\xE2\x80\x8Bwidth\xEF\xBB\xBF", "zerowidth");
    S_check("bell\x07 and\x01 tab\there", "bell and tab here");
    S_check("  lots   of    space  ", "lots of space");
    S_check("ltr\xE2\x80\x8E mark", "ltr mark");
}

static void test_paragraphs(void **state)
{
    S_check("one\ntwo", "one two");                       /* a single break is a space */
    S_check("one\n\ntwo", "one\n\ntwo");
    S_check("one \n \n\n  two\r\n\r\nthree", "one\n\ntwo\n\nthree");
    S_check("\n\n  start\n\n", "start");
    S_check("para\xE2\x80\xA9next", "para\n\nnext");      /* U+2029 */
}

static void test_nfc_entities_badbytes(void **state)
{
    S_check("Cafe\xCC\x81", "Caf\xC3\xA9");                /* e + combining acute -> é */
    S_check("Sky &AMP; Telescope &amp; more", "Sky & Telescope & more");
    S_check("it&#39;s &#x2019;x&#8217; &lt;b&gt;", "it's 'x' <b>");
    S_check("&bogus; & &#; &#xZZ;", "&bogus; & &#; &#xZZ;");
    S_check("bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte");
    S_check("", "");
}

static void test_idempotent_and_hash(void **state)
{
    const char *in = "\xE2\x80\x9C" "A\xE2\x80\x9D \xE2\x80\x94 b\n\n\nc\xC2\xA0\xC2\xA0" "d";
    sl_doc *d = sl_doc_new_empty();
    d->text = sl_arena_strdup(&d->arena, in);
    d->text_len = strlen(in);
    assert_int_equal(sl_normalize(&S_engine, d), SL_OK);
    char *once = strdup(d->text);
    uint64_t h = d->content_hash;
    assert_int_equal(sl_normalize(&S_engine, d), SL_OK);
    assert_string_equal(d->text, once);
    assert_true(d->content_hash == h);
    assert_string_equal(once, "\"A\" - b\n\nc d");
    free(once);
    sl_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_dashes),
        cmocka_unit_test(test_spaces_and_invisible),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_nfc_entities_badbytes),
        cmocka_unit_test(test_nfc_fast_path),
        cmocka_unit_test(test_idempotent_and_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
