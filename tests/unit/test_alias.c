/* test_alias.c — alias merging within an article (sl_alias) and the corpus-level rule
 * (sl_alias_same), on hand-made mentions so the tagger's choices do not matter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "extract/ner.h"
#include "ner_testdoc.h"

/* A document whose text is the mentions joined by " | ", one mention each. */
static sl_doc *S_doc(const char *const *forms, const int *types, size_t n, uint32_t flags)
{
    char text[4096] = "";
    size_t off[64];
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(text, " | ");
        off[i] = strlen(text);
        strcat(text, forms[i]);
    }
    sl_doc *d = T_doc(text, flags);
    for (size_t i = 0; i < n; i++) {
        sl_mention m = {{(uint32_t)off[i], (uint32_t)(off[i] + strlen(forms[i]))}, 0, (uint8_t)types[i], -1};
        sl_vec_push(&d->mentions, m);
    }
    return d;
}

/* The lexicon and NER model, loaded once: sl_alias only reads the engine. */
static sl_engine *S_eng;

static int S_setup(void **state)
{
    S_eng = T_engine();
    return S_eng ? 0 : -1;
}

static int S_teardown(void **state)
{
    T_engine_free(S_eng);
    return 0;
}

/* S_doc after the alias stage, which must succeed. */
static sl_doc *S_aliased(const char *const *forms, const int *types, size_t n, uint32_t flags)
{
    sl_doc *d = S_doc(forms, types, n, flags);
    assert_int_equal(sl_alias(S_eng, d), SL_OK);
    return d;
}

static int S_ent_of(const sl_doc *d, size_t mention) { return d->mentions.v[mention].entity; }

static void test_trump_putin(void **state)
{
    static const char *const f[] = {"Donald Trump", "Trump", "President Trump", "Mr Trump", "mr trump",
                                    "Russian President Vladimir Putin", "Putin", "Putin's", "Vladimir Putin"};
    static const int t[] = {SL_PER, SL_PER, SL_PER, SL_PER, SL_PER, SL_PER, SL_PER, SL_PER, SL_PER};
    sl_doc *d = S_aliased(f, t, 9, 0);
    assert_int_equal(d->entities.n, 2);
    for (size_t i = 1; i < 5; i++) assert_int_equal(S_ent_of(d, i), S_ent_of(d, 0));
    for (size_t i = 6; i < 9; i++) assert_int_equal(S_ent_of(d, i), S_ent_of(d, 5));
    const sl_entity *tr = &d->entities.v[S_ent_of(d, 0)], *pu = &d->entities.v[S_ent_of(d, 5)];
    assert_string_equal(tr->name, "Donald Trump");
    assert_string_equal(pu->name, "Vladimir Putin");
    assert_int_equal(tr->mentions, 5);
    assert_int_equal(pu->mentions, 4);
    assert_int_equal(tr->first, 0);
    assert_int_equal(pu->first, 5);
    /* aliases: distinct forms without titles, case-insensitively: Donald Trump, Trump */
    assert_int_equal(tr->naliases, 2);
    sl_doc_free(d);
}

static void test_kim(void **state)
{
    static const char *const f[] = {"Kim Jong Un", "Mr Kim", "Kim Chang Son", "mr kim", "Kim", "Kim Chang Son"};
    static const int t[] = {SL_PER, SL_PER, SL_PER, SL_PER, SL_PER, SL_PER};
    sl_doc *d = S_aliased(f, t, 6, 0);
    int kju = S_ent_of(d, 0), kcs = S_ent_of(d, 2);
    assert_int_not_equal(kju, kcs);
    assert_int_equal(S_ent_of(d, 1), kju);
    assert_int_equal(S_ent_of(d, 3), kju); /* keeps its meaning after Kim Chang Son appears */
    assert_int_equal(S_ent_of(d, 4), kju);
    assert_int_equal(S_ent_of(d, 5), kcs);
    assert_string_equal(d->entities.v[kju].name, "Kim Jong Un");
    sl_doc_free(d);
    /* Introduced together and never resolved before: "Kim" is ambiguous and stays apart. */
    static const char *const g[] = {"Kim Jong Un", "Kim Chang Son", "Kim"};
    d = S_aliased(g, t, 3, 0);
    assert_int_equal(d->entities.n, 3);
    sl_doc_free(d);
}

static void test_types_and_acronyms(void **state)
{
    static const char *const f[] = {"United Nations", "UN", "U.N.", "Washington", "George Washington", "the Kremlin",
                                    "Kremlin", "Trump", "Trump"};
    static const int t[] = {SL_ORG, SL_ORG, SL_ORG, SL_LOC, SL_PER, SL_ORG, SL_ORG, SL_PER, SL_MISC};
    sl_doc *d = S_aliased(f, t, 9, 0);
    assert_int_equal(S_ent_of(d, 1), S_ent_of(d, 0));
    assert_int_equal(S_ent_of(d, 2), S_ent_of(d, 0));
    /* a place is not merged into a person of a different type by last name... unless the
     * tagger's type is the only difference: LOC "Washington" is the last name of exactly one
     * person here, so it is taken as him (documented precision trade-off) */
    assert_int_equal(S_ent_of(d, 3), S_ent_of(d, 4));
    assert_int_equal(d->mentions.v[3].type, SL_PER);
    assert_int_equal(S_ent_of(d, 6), S_ent_of(d, 5));
    assert_string_equal(d->entities.v[S_ent_of(d, 5)].name, "Kremlin");
    /* "Trump" tagged MISC once joins the person "Trump" */
    assert_int_equal(S_ent_of(d, 8), S_ent_of(d, 7));
    sl_doc_free(d);
}

static void test_lowercased_names(void **state)
{
    static const char *const f[] = {"moon jae-in", "moon", "president moon"};
    static const int t[] = {SL_PER, SL_PER, SL_PER};
    sl_doc *d = S_aliased(f, t, 3, SL_DOC_LOWERCASED);
    assert_int_equal(d->entities.n, 1);
    assert_string_equal(d->entities.v[0].name, "Moon Jae-in");
    assert_int_equal(d->entities.v[0].mentions, 3);
    sl_doc_free(d);
}

/* Full names in the title (kept out of d->text by clean) name the body's short forms. */
static void test_title_names(void **state)
{
    static const char *const f[] = {"Trump", "Putin", "Trump", "Lavrov"};
    static const int t[] = {SL_PER, SL_PER, SL_PER, SL_PER};
    sl_doc *d = S_doc(f, t, 4, 0);
    d->title = sl_arena_strdup(&d->arena, "Presidents Donald Trump and Vladimir Putin will likely meet, Kremlin says");
    assert_int_equal(sl_alias(S_eng, d), SL_OK);
    assert_int_equal(d->entities.n, 3);
    assert_string_equal(d->entities.v[S_ent_of(d, 0)].name, "Donald Trump");
    assert_string_equal(d->entities.v[S_ent_of(d, 1)].name, "Vladimir Putin");
    assert_string_equal(d->entities.v[S_ent_of(d, 3)].name, "Lavrov");
    assert_int_equal(d->entities.v[S_ent_of(d, 0)].mentions, 2);
    sl_doc_free(d);
}

static void test_alias_same(void **state)
{
    assert_true(sl_alias_same("Donald Trump", "Trump", SL_PER));
    assert_true(sl_alias_same("trump", "Donald Trump", SL_PER));
    assert_true(sl_alias_same("Kim Jong Un", "Kim", SL_PER));
    assert_true(sl_alias_same("Vladimir Putin", "vladimir putin", SL_PER));
    assert_false(sl_alias_same("Kim Jong Un", "Kim Chang Son", SL_PER));
    assert_false(sl_alias_same("Donald Trump", "Melania Trump", SL_PER));
    assert_false(sl_alias_same("Donald Trump", "Donald Tusk", SL_PER));
    assert_true(sl_alias_same("United Nations", "UN", SL_ORG));
    assert_true(sl_alias_same("U.N.", "United Nations", SL_ORG));
    assert_true(sl_alias_same("United States", "U.S.", SL_LOC));
    assert_false(sl_alias_same("United Nations", "UNESCO", SL_ORG));
    assert_false(sl_alias_same("North Korea", "South Korea", SL_LOC));
    assert_false(sl_alias_same("", "Trump", SL_PER));
    assert_false(sl_alias_same(NULL, "Trump", SL_PER));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trump_putin),        cmocka_unit_test(test_kim),
        cmocka_unit_test(test_types_and_acronyms), cmocka_unit_test(test_lowercased_names),
        cmocka_unit_test(test_title_names),        cmocka_unit_test(test_alias_same),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
