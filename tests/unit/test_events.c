/* test_events.c — CAMEO dictionaries, labels, the events stage, and the eval events scorer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "eval/events.c"

static struct sl_cameo *S_cm;

static int S_setup(void **state) { return sl_cameo_load(&S_cm) == SL_OK ? 0 : -1; }
static int S_teardown(void **state)
{
    sl_cameo_free(S_cm);
    return 0;
}

static sl_doc *S_code(const char *text, const char *published)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    d->published = published ? sl_arena_strdup(&d->arena, published) : NULL;
    assert_int_equal(sl_events_with(S_cm, d), SL_OK);
    return d;
}

static bool S_has(const sl_doc *d, const char *src, const char *tgt, const char *code)
{
    for (size_t i = 0; i < d->events.n; i++) {
        const sl_event *e = &d->events.v[i];
        if (!strcmp(e->source.code, src) && !strcmp(e->target.code, tgt) && !strcmp(e->code, code)) return true;
    }
    return false;
}

static void test_labels(void **state)
{
    assert_string_equal(sl_cameo_label("036"), "Express intent to meet or negotiate");
    assert_string_equal(sl_cameo_label("111"), "Criticize or denounce");
    /* the two glitches of the GDELT file, repaired by the builder */
    assert_string_equal(sl_cameo_label("1056"), "Demand de-escalation of military engagement");
    assert_string_equal(sl_cameo_label("106"), "Demand withdrawal");
    assert_string_equal(sl_cameo_label("044"), "Meet at a \"third\" location");
    assert_null(sl_cameo_label("999"));
    assert_null(sl_cameo_label(""));
}

static void test_seed_events(void **state)
{
    sl_doc *d = S_code("Putin has criticized the United States over its threats to North Korea.", "2017-11-08");
    assert_true(S_has(d, "RUSGOV", "USA", "111"));
    sl_doc_free(d);
    d = S_code("Earlier this year, the United States sanctioned four Russian companies.", "2017-11-08");
    assert_true(S_has(d, "USA", "RUSBUS", "163"));
    sl_doc_free(d);
    d = S_code("Beginning the trip, Trump said he expected to meet with Putin.", "2017-11-08");
    assert_true(S_has(d, "USAGOV", "RUSGOV", "036"));
    sl_doc_free(d);
    d = S_code("It is expected Mr Kim and Mr Putin will meet next week in Vladivostok.", "2019-04-16");
    assert_true(S_has(d, "PRKGOV", "RUSGOV", "036"));
    assert_true(S_has(d, "RUSGOV", "PRKGOV", "036"));
    sl_doc_free(d);
}

static void test_actor_dates(void **state)
{
    /* Trump's code depends on the date: a candidate in 2016, the government in 2018 */
    sl_doc *d = S_code("Trump criticized China.", "2016-05-01");
    assert_true(S_has(d, "USAELI", "CHN", "111"));
    sl_doc_free(d);
    d = S_code("Trump criticized China.", "2018-05-01");
    assert_true(S_has(d, "USAGOV", "CHN", "111"));
    sl_doc_free(d);
}

static void test_no_events(void **state)
{
    sl_doc *d = S_code("The weather was nice and the game went on until late.", NULL);
    assert_int_equal(d->events.n, 0);
    sl_doc_free(d);
    d = S_code("", NULL);
    assert_int_equal(d->events.n, 0);
    sl_doc_free(d);
}

/* Dictionaries in the TABARI format, parsed from memory (as --dict reads them). */
static void test_tabari_dicts(void **state)
{
    struct sl_cameo *c;
    assert_int_equal(sl_cameo_new_empty(&c), SL_OK);
    const char *actors = "ARNOR [ARN]\nGONDOR_\n+MINAS_TIRITH\n\t[GON]\nHAMFAST_GAMGEE_\n\t[HOBGOV 120101-121231]\n"
                         "\t[HOB >130101]\n";
    const char *agents = "!PERSON! = MAN, MEN\nSOLDIER [~MIL]\nPOLICE!PERSON! [~COP]\n";
    const char *verbs = "CRITICIZE  [111]\n- * CLOSURE  [121]\nRESTORE [---]\n- * TIES [064]\n";
    assert_int_equal(sl_cameo_add_actors(c, actors, strlen(actors)), SL_OK);
    assert_int_equal(sl_cameo_add_agents(c, agents, strlen(agents)), SL_OK);
    assert_int_equal(sl_cameo_add_verbs(c, verbs, strlen(verbs)), SL_OK);
    sl_doc *d = sl_doc_new_empty();
    const char *t = "Hamfast Gamgee criticized Gondor. Arnor restored ties with Minas Tirith. "
                    "Arnor soldiers criticized the closure of Gondor. Arnor policemen criticized Gondor.";
    d->text = sl_arena_strdup(&d->arena, t);
    d->text_len = strlen(t);
    d->published = sl_arena_strdup(&d->arena, "2012-06-01");
    assert_int_equal(sl_events_with(c, d), SL_OK);
    assert_true(S_has(d, "HOBGOV", "GON", "111"));  /* the date picks the code */
    assert_true(S_has(d, "ARN", "GON", "064"));     /* a pattern gives the code of a "---" verb */
    assert_true(S_has(d, "ARNMIL", "GON", "121"));  /* plural agent after a country; pattern */
    assert_true(S_has(d, "ARNCOP", "GON", "111"));  /* macro-expanded agent */
    assert_false(S_has(d, "ARN", "GON", "111"));
    sl_doc_free(d);
    sl_cameo_free(c);
}

static void test_scorer(void **state)
{
    sl_ee_coding g[] = {{"ARN", "GON", "064"}, {"GON", "ARN", "064"}, {"ARN", "GON", "111"}};
    sl_ee_coding p[] = {{"ARN", "GON", "064"}, {"ARN", "GON", "064"}, {"GON", "ARN", "111"}};
    /* one-to-one: the duplicate prediction does not match the second gold coding */
    assert_int_equal(sl_ee_exact(g, 3, p, 3), 1);
    sl_ee_coding p2[] = {{"GON", "ARN", "064"}, {"ARN", "GON", "111"}, {"ARN", "GON", "064"}};
    assert_int_equal(sl_ee_exact(g, 3, p2, 3), 3);
    assert_int_equal(sl_ee_exact(g, 3, NULL, 0), 0);

    const char *recs =
        "<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\" valid=\"true\">\n"
        "<!-- comment -->\n"
        "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
        "<EventCoding sourcecode=\"GON\" targetcode=\"ARN\" eventcode=\"064\">\n"
        "<Text>\nArnor is about to restore\n full ties with Gondor.\n</Text>\n"
        "<Parse>(ROOT)</Parse>\n</Sentence>\n"
        "<Sentence date=\"19950102\" id=\"OLD-1\" category=\"X\">\n"
        "<EventCoding noevents = \"True\">\n"
        "The weather is nice.\n(ROOT\n (S))\n</Sentence>\n";
    sl_ee_record *r;
    long n = sl_ee_parse(recs, strlen(recs), &r);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].id, "DEMO-00");
    assert_string_equal(r[0].date, "19950101");
    assert_true(r[0].valid);
    assert_int_equal(r[0].ngold, 2);
    assert_string_equal(r[0].gold[1].source, "GON");
    assert_string_equal(r[0].text, "Arnor is about to restore full ties with Gondor.");
    assert_true(r[1].noevents);
    assert_false(r[1].valid);
    assert_string_equal(r[1].text, "The weather is nice.");
    sl_ee_free(r, (size_t)n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),      cmocka_unit_test(test_seed_events),
        cmocka_unit_test(test_actor_dates), cmocka_unit_test(test_no_events),
        cmocka_unit_test(test_tabari_dicts), cmocka_unit_test(test_scorer),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
