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

/* A document of `text` published on `published` (NULL: undated), coded with the
 * dictionaries c. */
static sl_doc *S_code_in(struct sl_cameo *c, const char *text, const char *published)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    d->published = published ? sl_arena_strdup(&d->arena, published) : NULL;
    assert_int_equal(sl_events_with(c, d), SL_OK);
    return d;
}

/* The same with the built-in dictionaries. */
static sl_doc *S_code(const char *text, const char *published) { return S_code_in(S_cm, text, published); }

/* Dictionaries in the TABARI format, parsed from memory (as --dict reads them); NULL: none
 * of that kind. `tabari` is set first, as sl_cameo_load_dir does, since it changes how
 * actors are read. */
static struct sl_cameo *S_dicts(bool tabari, const char *actors, const char *agents, const char *verbs)
{
    struct sl_cameo *c;
    assert_int_equal(sl_cameo_new_empty(&c), SL_OK);
    c->tabari = tabari;
    if (actors) assert_int_equal(sl_cameo_add_actors(c, actors, strlen(actors)), SL_OK);
    if (agents) assert_int_equal(sl_cameo_add_agents(c, agents, strlen(agents)), SL_OK);
    if (verbs) assert_int_equal(sl_cameo_add_verbs(c, verbs, strlen(verbs)), SL_OK);
    return c;
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

static void test_agent_list(void **state)
{
    /* PETRARCH-2 (the compiled dictionaries): an agent covers the whole list of countries */
    sl_doc *d = S_code("Lawmakers in France and Germany criticized Russia.", "2017-11-08");
    assert_true(S_has(d, "FRALEG", "RUS", "111"));
    assert_true(S_has(d, "DEULEG", "RUS", "111"));
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
    const char *actors = "ARNOR [ARN]\nGONDOR_\n+MINAS_TIRITH\n\t[GON]\nHAMFAST_GAMGEE_\n\t[HOBGOV 120101-121231]\n"
                         "\t[HOB >130101]\n";
    const char *agents = "!PERSON! = MAN, MEN\nSOLDIER [~MIL]\nPOLICE!PERSON! [~COP]\n";
    const char *verbs = "CRITICIZE  [111]\n- * CLOSURE  [121]\nRESTORE [---]\n- * TIES [064]\n";
    struct sl_cameo *c = S_dicts(false, actors, agents, verbs);
    sl_doc *d = S_code_in(c,
                          "Hamfast Gamgee criticized Gondor. Arnor restored ties with Minas Tirith. "
                          "Arnor soldiers criticized the closure of Gondor. Arnor policemen criticized Gondor.",
                          "2012-06-01");
    assert_true(S_has(d, "HOBGOV", "GON", "111"));  /* the date picks the code */
    assert_true(S_has(d, "ARN", "GON", "064"));     /* a pattern gives the code of a "---" verb */
    assert_true(S_has(d, "ARNMIL", "GON", "121"));  /* plural agent after a country; pattern */
    assert_true(S_has(d, "ARNCOP", "GON", "111"));  /* macro-expanded agent */
    assert_false(S_has(d, "ARN", "GON", "111"));
    sl_doc_free(d);
    sl_cameo_free(c);
}

/* A corrupted date restriction (found by fuzz/fuzz_models.c: a digit run that overflowed
 * the date) is no date: the actor keeps its code for every date, without undefined behaviour. */
/* A synonym line that is only "+" at the very end of a dictionary (found by fuzz_models): the
 * loader must not read past the buffer. The copy has no terminating NUL, so AddressSanitizer
 * (make check-asan) sees any read at data[len]. */
static void test_actors_bare_synonym_at_end(void **state)
{
    (void)state;
    static const char text[] = "ERIADOR_ [ERI]\n+";
    size_t len = sizeof text - 1;
    char *exact = malloc(len);
    assert_non_null(exact);
    memcpy(exact, text, len);
    struct sl_cameo *c;
    assert_int_equal(sl_cameo_new_empty(&c), SL_OK);
    assert_int_equal(sl_cameo_add_actors(c, exact, len), SL_OK);
    sl_cameo_free(c);
    free(exact);
}

static void test_bad_date_restriction(void **state)
{
    struct sl_cameo *c = S_dicts(false, "ARNOR_\n\t[ARN 29806609212345678901]\n\t[ARNGOV >99999999999]\nGONDOR [GON]\n",
                                 NULL, "CRITICIZE  [111]\n");
    sl_doc *d = S_code_in(c, "Arnor criticized Gondor.", "2012-06-01");
    assert_int_equal(d->events.n, 1);
    sl_doc_free(d);
    sl_cameo_free(c);
}

/* The TABARI coding rules of the validation dictionaries, one by one. */
static void test_tabari_rules(void **state)
{
    const char *actors = "ARNOR_ [ARN]\nGONDOR [GON]\nERIADOR [ERI]\nFORNOST [FOR]\nOSGILIATH [OSG]\n"
                         "GOLLUM [HOB]\nBREE [BRE]\nROMENDACIL [BRE]\nRADAGAST THE_BROWN [RAD]\n"
                         "PRINCE OF DOL AMROTH [DOL]\nMOUSE= [MUS]\n";
    const char *agents = "PRIME_MINISTER [~GOV]\nMSF {} [NGO~]\nPOLICE {} [~COP]\nGUERRILLA [~REB]\n"
                         "MINISTER [~GOV]\nMAIN_OPPOSITION_GROUP [~MOP]\nOPPOSITION_GROUP [~OPP]\n"
                         "HUMAN_RIGHTS_ACTIVIST [HGM~]\nRIGHTS_ACTIVIST [SGM~]\n";
    const char *verbs = "CALLED [010]\n- * FOR { SANCTIONS | BOYCOTT }  [172]\n"
                        "CALLED_ON [094]\n- $ *  [095]\n"
                        "WELCOME [041]\nWELCXME [---]\n- % *  [044:045]\n"
                        "ARRIVE [032:033]\n"
                        "SHOT [223]\n- + WAS * DEAD  [224]\n"
                        "CONTRIBUT [070]\n- * DOLLAR  [071]\n"
                        "BOYCOTT [191]\n- NOTED_WOULD NOW *  [173]\n- NOTED WOULD *  [174]\n"
                        "CONDEMN [122]\nPROMISE [050]\nRESTORE [064]\nWARN [160]\nBAN= [191]\n"
                        "EXPEL [200]\n- PLAN_TO_*  [201]\n";
    struct sl_cameo *c = S_dicts(true, actors, agents, verbs);
    struct { const char *text, *src, *tgt, *code; bool want; } cases[] = {
        /* {A | B} alternatives */
        {"Eriador has called for a boycott against Osgiliath.", "ERI", "OSG", "172", true},
        /* the $ slot gives the source */
        {"Gollum, centre of a row between Radagast the Brown, called on Gondor.", "HOB", "GON", "095", true},
        /* a comma-delimited clause is dropped when looking for the source */
        {"Gollum, centre of a row between Radagast the Brown, called on Gondor.", "RAD", "GON", "095", false},
        /* % compound with [a:b]: each member to each other, the reverse code backwards */
        {"Fornost and Gondor welcxmed the talks.", "FOR", "GON", "044", true},
        {"Fornost and Gondor welcxmed the talks.", "GON", "FOR", "045", true},
        /* patterns belong to their own verb line: WELCOME keeps its code */
        {"Fornost welcomed a resumption of ties with Osgiliath.", "FOR", "OSG", "041", true},
        /* [a:b] default: the target's reverse event */
        {"Romendacil arrived in Gondor on Monday.", "GON", "BRE", "033", true},
        /* a + slot before the verb leaves the source after it; actor stems */
        {"An Eriadorian was shot dead in Osgiliath.", "OSG", "ERI", "224", true},
        /* verb stems (no final _) and word stems in patterns */
        {"Arnor will contribute a million dollars to Gondor.", "ARN", "GON", "071", true},
        /* "NOTED_" is the exact word: "notedown" only fits the looser pattern */
        {"Gollum notedown would now boycott Gondor.", "HOB", "GON", "174", true},
        /* agents: a title with a name, "X~" before the country, agents of no country */
        {"Bree Prime Minister Romendacil condemned Gondor.", "BREGOV", "GON", "122", true},
        {"MSF Arnor condemned Gondor.", "NGOARN", "GON", "122", true},
        {"Guerrillas condemned Gondor.", "~REB", "GON", "122", true},
        /* {} agents take no plural */
        {"Gondor's polices condemned Arnor.", "GONCOP", "ARN", "122", false},
        /* adjectives inside a compound; a second verb after "and" keeps the subject */
        {"Fornost and the evil awful Gondor condemned Osgiliath.", "FOR", "OSG", "122", true},
        {"Arnor condemned Osgiliath and promised aid to Eriador.", "ARN", "ERI", "050", true},
        /* "_" joins the words of a name in the text as in the dictionary */
        {"Gondor warned of the Prince of Dol_Amroth.", "GON", "DOL", "160", true},
        /* "=" ends a word like "_" (not a stem) */
        {"Mouse will ban Gondor.", "MUS", "GON", "191", true},
        /* a pattern's "to" is not taken for the verb's infinitive marker; a possessive is
         * another word */
        {"Arnor will plan to expel Gondor's minister.", "ARN", "GONGOV", "201", true},
        {"Arnor plan's to expel Gondor's minister.", "ARN", "GONGOV", "200", true},
        /* agents inside a longer agent compose too (TABARI), a code only once */
        {"Arnor will restore ties with Gondor's main opposition group.", "ARN", "GONMOPOPP", "064", true},
        {"Human rights activists in Arnor will restore ties with Gondor.", "SGMHGMARN", "GON", "064", true},
        {"Bree Prime Minister Romendacil condemned Gondor.", "BREGOVGOV", "GON", "122", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_doc *d = S_code_in(c, cases[i].text, "1995-01-01");
        if (S_has(d, cases[i].src, cases[i].tgt, cases[i].code) != cases[i].want) {
            fprintf(stderr, "case %zu: %s: %s>%s %s expected %s; got:", i, cases[i].text, cases[i].src, cases[i].tgt,
                    cases[i].code, cases[i].want ? "present" : "absent");
            for (size_t k = 0; k < d->events.n; k++)
                fprintf(stderr, " %s>%s %s", d->events.v[k].source.code, d->events.v[k].target.code, d->events.v[k].code);
            fprintf(stderr, "\n");
            fail();
        }
        sl_doc_free(d);
    }
    sl_cameo_free(c);
}

/* The word filters in front of the cue and first-word lookups must never reject a real match. */
static void test_word_filters(void **state)
{
    const char *text = "Putin SAID, the aide told reporters: sail sa Said shoulder thee Before "
                       "should THE ab it’s the Prince of Dol_Amroth";
    sl_fview v;
    assert_int_equal(sl_fview_init_text(text, strlen(text), &v), SL_OK);
    const char *cues[] = {"SAID", "told", "Said"}, *nocue[] = {"sail", "sa", "shoulder"};
    const char *fw[] = {"the", "Before", "should", "THE"}, *nofw[] = {"shoulder", "thee", "ab", "sail", "Putin"};
    for (size_t i = 0; i < v.ntok; i++) {
        size_t n, len;
        int strong;
        const char *w = sl_fv_tok(&v, i, &n);
        for (size_t k = 0; k < 3; k++)
            if (n == strlen(cues[k]) && !memcmp(w, cues[k], n)) assert_true(sl_cue_match(S_cm, &v, i, &len, &strong));
        for (size_t k = 0; k < 3; k++)
            if (n == strlen(nocue[k]) && !memcmp(w, nocue[k], n)) assert_false(sl_cue_match(S_cm, &v, i, &len, &strong));
        for (size_t k = 0; k < 4; k++)
            if (n == strlen(fw[k]) && !memcmp(w, fw[k], n)) assert_true(sl_fv_function_word(&v, i));
        for (size_t k = 0; k < 5; k++)
            if (n == strlen(nofw[k]) && !memcmp(w, nofw[k], n)) assert_false(sl_fv_function_word(&v, i));
        /* the inline-key first-word table agrees with the dictionary's map */
        char key[66];
        size_t kl = sl_fv_lower(&v, i, key, sizeof key);
        uintptr_t one = sl_cameo_first_kinds(S_cm, &v, i), span[1];
        sl_cameo_first_kinds_span(S_cm, &v, i, i + 1, span);
        assert_int_equal(one, span[0]);
        sl_map_entry *e = kl && v.tok[i].kind != SL_TOK_PUNCT && !strchr(key, '_') && !strchr(key, '\'') ? sl_map_get(&S_cm->firsts, key, kl) : NULL;
        if (e) assert_int_equal(one, (uintptr_t)e->val);
    }
    sl_fview_free(&v);
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
        cmocka_unit_test(test_agent_list),  cmocka_unit_test(test_bad_date_restriction),
        cmocka_unit_test(test_actors_bare_synonym_at_end),
        cmocka_unit_test(test_tabari_dicts),
        cmocka_unit_test(test_tabari_rules), cmocka_unit_test(test_scorer), cmocka_unit_test(test_word_filters),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
