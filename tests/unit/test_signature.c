/* test_signature.c — the story signature stage: stemmed content terms without stopwords,
 * title and entity boosts, the top-K bound, and SimHash behaviour on copies and strangers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "story/story.h"

#include "extract/extract.h"
#include "model/doc.h"

static sl_doc *S_doc(const char *title, const char *text)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->title = title ? sl_arena_strdup(&d->arena, title) : NULL;
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    assert_int_equal(sl_signature(NULL, d), SL_OK);
    return d;
}

static float S_weight(const sl_doc *d, uint64_t h)
{
    for (size_t i = 0; i < d->terms.n; i++)
        if (d->terms.v[i].hash == h) return d->terms.v[i].weight;
    return 0;
}

static void S_sorted(const sl_doc *d)
{
    for (size_t i = 1; i < d->terms.n; i++) assert_true(d->terms.v[i - 1].hash < d->terms.v[i].hash);
    for (size_t i = 0; i < d->terms.n; i++) assert_true(d->terms.v[i].weight > 0);
}

static void test_stems_and_stopwords(void **state)
{
    /* inflections meet on one stem; case does not matter; stopwords and numbers add nothing */
    sl_doc *a = S_doc(NULL, "Volcano erupts. The volcanoes were erupting and 2017 said the");
    sl_doc *b = S_doc(NULL, "volcano erupt");
    S_sorted(a);
    assert_int_equal(a->terms.n, 2);
    assert_int_equal(b->terms.n, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_true(a->terms.v[i].hash == b->terms.v[i].hash);
        assert_float_equal(a->terms.v[i].weight, 2.0, 1e-6);
    }
    sl_doc_free(a);
    sl_doc_free(b);
    sl_doc *s = S_doc(NULL, "the and of said was were is");
    assert_int_equal(s->terms.n, 0);
    sl_doc_free(s);
}

static void test_title_and_names(void **state)
{
    /* one occurrence in the title outweighs one in the body; a capitalized word inside a
     * sentence counts double (a likely name), at the start of a sentence it does not */
    sl_doc *d = S_doc("Flood", "flood warning. Warning issued near Danang harbour.");
    sl_doc *r = S_doc(NULL, "flood");
    sl_doc *w = S_doc(NULL, "warning");
    sl_doc *n = S_doc(NULL, "danang");
    sl_doc *h = S_doc(NULL, "harbour");
    assert_float_equal(S_weight(d, r->terms.v[0].hash), 1.0 + 3.0, 1e-6);
    assert_float_equal(S_weight(d, w->terms.v[0].hash), 2.0, 1e-6);
    assert_float_equal(S_weight(d, n->terms.v[0].hash), 2.0, 1e-6);
    assert_float_equal(S_weight(d, h->terms.v[0].hash), 1.0, 1e-6);
    /* classes in the low hash bits: the title word also has a headline key of its own, the
     * body-only words have none, and "Danang harbour" makes no name key (one capital only) */
    assert_int_equal(SL_TERM_CLASS(r->terms.v[0].hash), SL_TC_WORD);
    assert_float_equal(S_weight(d, SL_TERM_TAG(r->terms.v[0].hash, SL_TC_TITLE)), 3.0, 1e-6);
    assert_float_equal(S_weight(d, SL_TERM_TAG(h->terms.v[0].hash, SL_TC_TITLE)), 0.0, 1e-6);
    size_t title = 0;
    for (size_t i = 0; i < d->terms.n; i++) title += SL_TERM_CLASS(d->terms.v[i].hash) == SL_TC_TITLE;
    assert_int_equal(title, 1);
    sl_doc_free(d); sl_doc_free(r); sl_doc_free(w); sl_doc_free(n); sl_doc_free(h);
}

static void test_entities(void **state)
{
    sl_doc *d = sl_doc_new_empty();
    d->text = sl_arena_strdup(&d->arena, "talks");
    d->text_len = 5;
    sl_entity e = {0};
    e.name = sl_arena_strdup(&d->arena, "Vladimir Putin");
    e.type = SL_PER;
    e.mentions = 3;
    assert_true(sl_vec_push(&d->entities, e));
    assert_int_equal(sl_signature(NULL, d), SL_OK);
    assert_int_equal(d->terms.n, 3); /* "talk" + the entity key + the principal-person key */
    float best = 0;
    for (size_t i = 0; i < d->terms.n; i++) best = SL_MAX(best, d->terms.v[i].weight);
    assert_float_equal(best, 6.0, 1e-6); /* 2 x 3 mentions */
    /* the same name with other case and type gives a different key only for the type */
    sl_doc *d2 = sl_doc_new_empty();
    d2->text = sl_arena_strdup(&d2->arena, "talks");
    d2->text_len = 5;
    e.name = sl_arena_strdup(&d2->arena, "VLADIMIR PUTIN");
    assert_true(sl_vec_push(&d2->entities, e));
    assert_int_equal(sl_signature(NULL, d2), SL_OK);
    assert_int_equal(d2->terms.n, 3);
    for (size_t i = 0; i < 3; i++) assert_true(d->terms.v[i].hash == d2->terms.v[i].hash);
    /* the entity key is tagged as a name; a place would be tagged as a place */
    size_t ent = 0;
    for (size_t i = 0; i < d->terms.n; i++) ent += SL_TERM_CLASS(d->terms.v[i].hash) == SL_TC_ENT;
    assert_int_equal(ent, 1);
    sl_doc_free(d);
    sl_doc_free(d2);
}

/* Adds entity (name, type, mentions, aliases...) to d. */
static void S_ent(sl_doc *d, const char *name, int type, uint32_t mentions, const char *alias)
{
    sl_entity e = {0};
    e.name = sl_arena_strdup(&d->arena, name);
    e.type = (uint8_t)type;
    e.mentions = mentions;
    e.aliases = sl_arena_alloc(&d->arena, 2 * sizeof(char *));
    assert_non_null(e.aliases);
    e.aliases[e.naliases++] = e.name;
    if (alias) e.aliases[e.naliases++] = sl_arena_strdup(&d->arena, alias);
    assert_true(sl_vec_push(&d->entities, e));
}

/* The principal-person key a person named by `word` gets (its name word's key, class PRIN). */
static uint64_t S_prin_key(const char *word)
{
    sl_doc *w = S_doc(NULL, word);
    assert_int_equal(w->terms.n, 1);
    uint64_t h = SL_TERM_TAG(w->terms.v[0].hash, SL_TC_PRIN);
    sl_doc_free(w);
    return h;
}

static void test_principals(void **state)
{
    /* persons mentioned 3 times or more become SL_TC_PRIN terms weighted by their mentions,
     * keyed by the word most of their surface forms share (so "Trump" in one article meets
     * "Donald Trump" in another); places, organisations and rare names do not */
    sl_doc *d = sl_doc_new_empty();
    d->text = sl_arena_strdup(&d->arena, "talks");
    d->text_len = 5;
    S_ent(d, "Kim Jong Un", SL_PER, 7, "Kim");
    S_ent(d, "Barack Obama", SL_PER, 5, "Obama");
    S_ent(d, "Obama", SL_PER, 3, NULL);          /* one person left in two entities: added up */
    S_ent(d, "Rex Tillerson", SL_PER, 2, "Tillerson"); /* too rare */
    S_ent(d, "Kremlin", SL_ORG, 9, NULL);        /* not a person */
    S_ent(d, "Anna Smith", SL_PER, 4, NULL);     /* one form: its last word */
    S_ent(d, "Bo Li", SL_PER, 3, NULL);
    S_ent(d, "Carl Jones", SL_PER, 3, NULL);
    assert_int_equal(sl_signature(NULL, d), SL_OK);
    S_sorted(d);
    size_t np = 0;
    for (size_t i = 0; i < d->terms.n; i++) np += SL_TERM_CLASS(d->terms.v[i].hash) == SL_TC_PRIN;
    assert_int_equal(np, 4); /* at most 4, the most mentioned (ties: the first named) */
    assert_float_equal(S_weight(d, S_prin_key("kim")), 7.0, 1e-6);
    assert_float_equal(S_weight(d, S_prin_key("obama")), 8.0, 1e-6);
    assert_float_equal(S_weight(d, S_prin_key("smith")), 4.0, 1e-6);
    assert_float_equal(S_weight(d, S_prin_key("li")), 3.0, 1e-6);
    assert_float_equal(S_weight(d, S_prin_key("jones")), 0.0, 1e-6);
    assert_float_equal(S_weight(d, S_prin_key("tillerson")), 0.0, 1e-6);
    assert_float_equal(S_weight(d, S_prin_key("kremlin")), 0.0, 1e-6);
    sl_doc_free(d);
}

static void test_top_k(void **state)
{
    char text[20000];
    size_t n = 0;
    for (int i = 0; i < 500; i++) {
        /* word i occurs (i % 7) + 1 times; words are distinct letter strings */
        for (int k = 0; k <= i % 7; k++)
            n += (size_t)snprintf(text + n, sizeof text - n, "w%c%c%c ", 'a' + i % 26, 'a' + (i / 26) % 26, 'q');
    }
    sl_doc *d = S_doc(NULL, text);
    S_sorted(d);
    assert_int_equal(d->terms.n, 64);
    for (size_t i = 0; i < d->terms.n; i++) assert_float_equal(d->terms.v[i].weight, 7.0, 1e-6);
    sl_doc_free(d);
}

static void test_simhash(void **state)
{
    /* SimHash bits flip with probability angle/pi, so 3 bits of 64 means about 99% of the
     * shingles shared: one typo in a 400-word article, not in a 60-word one. */
    static const char *words[] = {"rescue", "teams", "searched", "night", "survivors", "quake",
        "struck", "mountain", "region", "homes", "roads", "villages", "officials", "toll", "crews",
        "remote", "areas", "army", "helicopters", "food", "tents", "medical", "supplies", "valley"};
    char base[8192], edited[8192];
    size_t n = 0;
    unsigned x = 12345;
    for (int i = 0; i < 400; i++) {
        x = x * 1103515245u + 12345u;
        n += (size_t)snprintf(base + n, sizeof base - n, "%s ", words[(x >> 16) % 24]);
    }
    memcpy(edited, base, n + 1);
    edited[n / 2] = edited[n / 2] == 'z' ? 'y' : 'z'; /* one typo in the middle */
    sl_doc *a = S_doc("Quake", base);
    sl_doc *b = S_doc("Another headline", edited);
    sl_doc *c = S_doc(NULL, "The central bank raised interest rates by half a point on Thursday to fight "
                            "inflation, surprising markets that had expected a smaller move this quarter.");
    assert_true(a->simhash != 0 && b->simhash != 0 && c->simhash != 0);
    assert_true(a->simhash != b->simhash);
    assert_true(__builtin_popcountll(a->simhash ^ b->simhash) <= 3);
    assert_true(__builtin_popcountll(a->simhash ^ c->simhash) > 10);
    sl_doc *s = S_doc(NULL, "two words");
    assert_true(s->simhash == 0); /* too short to fingerprint */
    sl_doc_free(a); sl_doc_free(b); sl_doc_free(c); sl_doc_free(s);
}

static void test_garbage(void **state)
{
    /* invalid UTF-8, NULs, control bytes, a 10 KB "word": no crash, bounded output */
    char buf[12000];
    unsigned x = 7;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (char)(x >> 16);
    }
    memset(buf + 1000, 'a', 10000);
    sl_doc *d = sl_doc_new_empty();
    d->text = sl_arena_strndup(&d->arena, buf, sizeof buf);
    d->text_len = sizeof buf;
    assert_int_equal(sl_signature(NULL, d), SL_OK);
    assert_true(d->terms.n <= 64);
    S_sorted(d);
    sl_doc_free(d);
    /* no text and no title at all */
    d = sl_doc_new_empty();
    assert_int_equal(sl_signature(NULL, d), SL_OK);
    assert_int_equal(d->terms.n, 0);
    assert_true(d->simhash == 0);
    sl_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stems_and_stopwords),
        cmocka_unit_test(test_title_and_names),
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_principals),
        cmocka_unit_test(test_top_k),
        cmocka_unit_test(test_simhash),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
