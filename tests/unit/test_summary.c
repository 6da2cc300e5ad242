/*
 * test_summary.c — sl_summary_select on small hand-written stories: the word budget (counted
 * like ROUGE's -l), determinism, chronological order, the readability filters (dangling
 * pronouns, quote openings, fragments), near-duplicates, datelines and bad arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "summary/summary.h"

#include "sum_docs.h"

static const char *const S_a[] = {
    "Rescue teams searched the collapsed factory in Dhaka on Monday for survivors of the fire.",
    "He said the owners had ignored repeated safety warnings from the labour ministry.",
    "The factory fire in Dhaka killed at least 40 garment workers, officials said.",
    "Short one here.",
    NULL,
};
static const char *const S_b[] = {
    "The garment factory fire in Dhaka killed at least 40 workers on Sunday night, police said.",
    "\"We could not get out,\" one worker told reporters.",
    "Rescue teams searched the factory in Dhaka for survivors of the fire on Monday.",
    "it was the worst such accident in years according to local unions and officials.",
    NULL,
};
static const char *const S_c[] = {
    "Officials said the factory fire in Dhaka killed at least 40 garment workers.",
    "The labour ministry had issued safety warnings to the garment factory owners.",
    "Rescue teams searched the factory in Dhaka for survivors of the fire.",
    NULL,
};

static size_t T_words(const sl_sum_doc *docs, const sl_sum_pick *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += sl_summary_words(docs[p[i].doc].text, p[i].span);
    return w;
}

static void test_budget_and_determinism(void **state)
{
    (void)state;
    static T_doc a, b, c;
    sl_sum_doc docs[3] = {T_new(&a, S_a, "a", "2020-01-02"), T_new(&b, S_b, "b", "2020-01-01"),
                          T_new(&c, S_c, "c", "2020-01-03")};
    for (int words = 10; words <= 60; words += 5) {
        sl_sum_pick *p1 = NULL, *p2 = NULL;
        size_t n1 = 0, n2 = 0;
        assert_int_equal(sl_summary_select(docs, 3, words, &p1, &n1), SL_OK);
        assert_int_equal(sl_summary_select(docs, 3, words, &p2, &n2), SL_OK);
        assert_true(T_words(docs, p1, n1) <= (size_t)words);
        assert_int_equal(n1, n2);
        for (size_t i = 0; i < n1; i++) {
            assert_int_equal(p1[i].doc, p2[i].doc);
            assert_int_equal(p1[i].sent, p2[i].sent);
        }
        if (words >= 20) assert_true(n1 >= 1);
        free(p1);
        free(p2);
    }
}

static void test_order_and_filters(void **state)
{
    (void)state;
    static T_doc a, b, c;
    sl_sum_doc docs[3] = {T_new(&a, S_a, "a", "2020-01-02"), T_new(&b, S_b, "b", "2020-01-01"),
                          T_new(&c, S_c, "c", "2020-01-03")};
    sl_sum_pick *p = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_select(docs, 3, 45, &p, &n), SL_OK);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        const char *s = docs[p[i].doc].text + p[i].span.start;
        /* never the dangling "He said", the quote, the lower-case fragment or the short one */
        assert_false(p[i].doc == 0 && (p[i].sent == 1 || p[i].sent == 3));
        assert_false(p[i].doc == 1 && (p[i].sent == 1 || p[i].sent == 3));
        assert_true(*s >= 'A' && *s <= 'Z');
        /* chronological: b (Jan 1) before a (Jan 2) before c (Jan 3), then position */
        if (i) {
            const char *d0 = docs[p[i - 1].doc].published, *d1 = docs[p[i].doc].published;
            assert_true(strcmp(d0, d1) < 0 || (p[i - 1].doc == p[i].doc && p[i - 1].sent < p[i].sent));
        }
    }
    /* the fire/killed fact is in all three articles: it must be covered */
    bool killed = false;
    for (size_t i = 0; i < n; i++)
        killed |= strstr(docs[p[i].doc].text + p[i].span.start, "killed") != NULL &&
                  (size_t)(strstr(docs[p[i].doc].text + p[i].span.start, "killed") - docs[p[i].doc].text) < p[i].span.end;
    assert_true(killed);
    free(p);
}

static void test_near_dup_not_used(void **state)
{
    (void)state;
    static T_doc a, a2;
    sl_sum_doc docs[2] = {T_new(&a, S_c, "a", "2020-01-01"), T_new(&a2, S_c, "a2", "2020-01-01")};
    docs[1].near_dup = true;
    sl_sum_pick *p = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_select(docs, 2, 100, &p, &n), SL_OK);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) assert_int_equal(p[i].doc, 0);
    free(p);
    /* when every member is a near-duplicate they are used anyway */
    docs[0].near_dup = true;
    assert_int_equal(sl_summary_select(docs, 2, 100, &p, &n), SL_OK);
    assert_true(n >= 1);
    free(p);
}

static void test_dateline_trim(void **state)
{
    (void)state;
    const char *t = "  LONDON (AP) _ An influential lawmaker backed the request.";
    sl_span s = sl_summary_trim(t, (sl_span){0, (uint32_t)strlen(t)});
    assert_int_equal(s.start, strlen("  LONDON (AP) _ "));
    assert_int_equal(s.end, strlen(t));
    const char *u = "WASHINGTON -- The Senate voted on Friday.";
    s = sl_summary_trim(u, (sl_span){0, (uint32_t)strlen(u)});
    assert_string_equal(u + s.start, "The Senate voted on Friday.");
    const char *v = "SANTIAGO, Chile (Reuters) \xe2\x80\x94 Protesters gathered.";
    s = sl_summary_trim(v, (sl_span){0, (uint32_t)strlen(v)});
    assert_string_equal(v + s.start, "Protesters gathered.");
    /* not datelines: a sentence that merely starts with an acronym, or has no dash */
    const char *w = "NATO leaders met in Brussels - again - on Monday.";
    s = sl_summary_trim(w, (sl_span){0, (uint32_t)strlen(w)});
    assert_int_equal(s.start, 0);
    const char *x = "The U.S. said no.\n";
    s = sl_summary_trim(x, (sl_span){0, (uint32_t)strlen(x)});
    assert_int_equal(s.start, 0);
    assert_int_equal(s.end, strlen(x) - 1);
    assert_int_equal(sl_summary_words("a  b\n\tc", (sl_span){0, 7}), 3);
}

static void test_bad_args(void **state)
{
    (void)state;
    static T_doc a;
    sl_sum_doc d = T_new(&a, S_a, "a", NULL);
    sl_sum_pick *p = NULL;
    size_t n = 99;
    assert_int_equal(sl_summary_select(&d, 1, 0, &p, &n), SL_EINVAL);
    assert_int_equal(sl_summary_select(&d, 1, (int)SL_SUM_MAX_WORDS + 1, &p, &n), SL_EINVAL);
    assert_int_equal(sl_summary_select(NULL, 0, 100, &p, &n), SL_OK);
    assert_int_equal(n, 0);
    sl_span bad[1] = {{5, 100000}};
    sl_sum_doc e = d;
    e.sents = bad;
    e.nsents = 1;
    assert_int_equal(sl_summary_select(&e, 1, 100, &p, &n), SL_EINVAL);
    /* a budget smaller than any sentence: nothing, not an overflow */
    assert_int_equal(sl_summary_select(&d, 1, 2, &p, &n), SL_OK);
    assert_int_equal(n, 0);
    free(p);
}

static void test_speed(void **state)
{
    (void)state;
    /* a 10-article story of 30 sentences each must take milliseconds, not seconds */
    static T_doc docs[10];
    static const char *const words[] = {"minister", "talks", "border", "troops", "ceasefire", "rebels",
                                        "capital", "election", "vote", "parliament", "leader", "crisis"};
    static char buf[10][30][256];
    const char *sents[31];
    sl_sum_doc sd[10];
    for (int d = 0; d < 10; d++) {
        for (int s = 0; s < 30; s++) {
            snprintf(buf[d][s], sizeof buf[d][s],
                     "The %s said the %s near the %s would continue as the %s and %s met in the %s on day %d.",
                     words[(d + s) % 12], words[(s * 7) % 12], words[(d * 3 + s) % 12], words[(s + 5) % 12],
                     words[(d + 2 * s) % 12], words[(d * s) % 12], s);
            sents[s] = buf[d][s];
        }
        sents[30] = NULL;
        T_make(&docs[d], sents);
        sd[d] = T_sum(&docs[d], "x", "2020-01-01");
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sl_sum_pick *p = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_select(sd, 10, 100, &p, &n), SL_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    assert_true(n >= 1);
    assert_true(ms < 500); /* generous: shared machines and sanitizers */
    free(p);
}


static sl_date T_date(const T_doc *d, const char *word, const char *value, sl_gran g)
{
    sl_date x;
    memset(&x, 0, sizeof x);
    const char *p = strstr(d->text, word);
    assert_non_null(p);
    x.span.start = (uint32_t)(p - d->text);
    x.span.end = x.span.start + (uint32_t)strlen(word);
    snprintf(x.value, sizeof x.value, "%s", value);
    x.gran = (uint8_t)g;
    return x;
}

static void test_timeline(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "The ministers met in Geneva on Monday to discuss the border ceasefire.",
        "A new round of talks will take place on January 10 in Vienna, officials said.",
        "Short one on May 3.",
        NULL,
    };
    static const char *const sb[] = {
        "Ministers met in Geneva on Monday to discuss the border ceasefire, diplomats said.",
        "The rebels attacked a convoy on December 30 near the northern border town.",
        "Elections are expected in 2021 according to the interim government plan.",
        NULL,
    };
    static T_doc a, b;
    /* b is listed first but published later: a's wording must win the merge */
    sl_sum_doc docs[2] = {T_new(&b, sb, "b", "2020-01-03"), T_new(&a, sa, "a", "2020-01-02")};
    sl_date da[3] = {T_date(&a, "Monday", "2020-01-01", SL_GRAN_DAY), T_date(&a, "January 10", "2020-01-10", SL_GRAN_DAY),
                     T_date(&a, "May 3", "2020-05-03", SL_GRAN_DAY)};
    sl_date db[3] = {T_date(&b, "Monday", "2020-01-01", SL_GRAN_DAY), T_date(&b, "December 30", "2019-12-30", SL_GRAN_DAY),
                     T_date(&b, "2021", "2021", SL_GRAN_YEAR)};
    sl_sum_dates dates[2] = {{db, 3}, {da, 3}};
    sl_timeline_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_timeline(docs, dates, 2, SL_TIMELINE_MAX, &e, &n), SL_OK);
    assert_int_equal(n, 3); /* the short sentence and the year-only date are left out */
    assert_string_equal(e[0].date, "2019-12-30");
    assert_int_equal(e[0].doc, 0);
    assert_int_equal(e[0].sent, 1);
    assert_string_equal(e[1].date, "2020-01-01");
    assert_int_equal(e[1].doc, 1); /* a, the earlier article */
    assert_int_equal(e[1].sent, 0);
    assert_int_equal(e[1].support, 2);
    assert_string_equal(e[2].date, "2020-01-10");
    assert_int_equal(e[2].support, 1);
    free(e);
    /* a cap keeps the best-supported dates, still in chronological order */
    assert_int_equal(sl_summary_timeline(docs, dates, 2, 2, &e, &n), SL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].date, "2019-12-30");
    assert_string_equal(e[1].date, "2020-01-01");
    free(e);
    /* a near-duplicate article contributes nothing */
    docs[0].near_dup = true;
    assert_int_equal(sl_summary_timeline(docs, dates, 2, SL_TIMELINE_MAX, &e, &n), SL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(e[0].support, 1);
    free(e);
    assert_int_equal(sl_summary_timeline(docs, NULL, 2, 10, &e, &n), SL_EINVAL);
    assert_int_equal(sl_summary_timeline(NULL, NULL, 0, 10, &e, &n), SL_OK);
    assert_int_equal(n, 0);
}

static void test_disagreements(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "The factory fire in Dhaka killed 40 workers on Sunday night, police said.",
        "The company employs 300 workers in three cities across the country.",
        NULL,
    };
    static const char *const sb[] = {
        "The factory fire in Dhaka killed 52 workers on Sunday night, officials said.",
        "The owners had received 3 warnings in 2019 about the blocked exits of the building.",
        NULL,
    };
    static const char *const sc[] = {
        "The factory fire in Dhaka killed at least 40 workers on Sunday night, police said.",
        NULL,
    };
    static T_doc a, b, c;
    sl_sum_doc docs[3] = {T_new(&b, sb, "b", "2020-01-02"), T_new(&a, sa, "a", "2020-01-01"),
                          T_new(&c, sc, "c", "2020-01-03")};
    sl_disagreement *d = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagreements(docs, 3, SL_DISAGREE_MAX, &d, &n), SL_OK);
    /* a: 40 vs b: 52 disagree; c's "at least 40" agrees with both; 300 workers is another matter */
    assert_int_equal(n, 1);
    assert_string_equal(d[0].what, "worker");
    assert_int_equal(d[0].doc_a, 1); /* a is the earlier article */
    assert_string_equal(d[0].value_a, "40");
    assert_int_equal(d[0].doc_b, 0);
    assert_string_equal(d[0].value_b, "52");
    assert_int_equal(d[0].sent_a, 0);
    assert_int_equal(d[0].sent_b, 0);
    free(d);
    /* b as a near-duplicate: nothing left to disagree */
    docs[0].near_dup = true;
    assert_int_equal(sl_summary_disagreements(docs, 3, SL_DISAGREE_MAX, &d, &n), SL_OK);
    assert_int_equal(n, 0);
    free(d);
    assert_int_equal(sl_summary_disagreements(docs, 3, SL_DISAGREE_MAX + 1, &d, &n), SL_EINVAL);
}

/* Quote spans of one hand-written doc: quote k covers sentence sent[k]. */
static void T_quotes(const T_doc *d, const size_t *sent, const char *const *who, size_t n, sl_dis_quote *out)
{
    for (size_t k = 0; k < n; k++) out[k] = (sl_dis_quote){d->spans[sent[k]], who[k]};
}

static const sl_dis_side *T_side_of(const sl_dis *g, const char *speaker)
{
    for (size_t s = 0; s < g->nsides; s++)
        if (g->sides[s].speaker && !strcmp(g->sides[s].speaker, speaker)) return &g->sides[s];
    return NULL;
}

/* A summit two officials see differently: one says it will take place, one that nothing is
 * decided, a third that it is likely. Another summit (other participants) in the same story
 * must stay apart, and sources that agree must not be reported. */
static void test_disagree_modality(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "Officials in Oslo are preparing for talks between Erna Solberg and Sauli Niinisto next week.",
        "Solberg aide Kari Berg said the meeting will take place on Friday in Bergen.",
        "Erna Solberg and Sauli Niinisto last met in May.",
        "Solberg said Niinisto is a friend.",
        NULL,
    };
    static const char *const sb[] = {
        "Finnish spokesman Mikko Lahti said no decision has been made on a meeting with Solberg.",
        "Niinisto spokesman Lahti later added the likelihood is great that the two leaders meet.",
        "Sauli Niinisto and Erna Solberg have spoken by phone twice this year.",
        "Niinisto and Solberg discussed trade.",
        "Separately, Lars Holm and Anders Dahl will meet in Stockholm, Holm said.",
        NULL,
    };
    static const char *const sc[] = {
        "Swedish officials said Holm and Dahl have not decided whether to meet this month.",
        "Lars Holm and Anders Dahl are old rivals in Swedish politics, Holm said.",
        NULL,
    };
    static T_doc a, b, c;
    sl_sum_doc docs[3] = {T_new(&a, sa, "a", "2020-03-01"), T_new(&b, sb, "b", "2020-03-02"),
                          T_new(&c, sc, "c", "2020-03-03")};
    sl_dis_quote qa[1], qb[2];
    T_quotes(&a, (const size_t[]){1}, (const char *const[]){"Kari Berg"}, 1, qa);
    T_quotes(&b, (const size_t[]){0, 1}, (const char *const[]){"Mikko Lahti", "Mikko Lahti"}, 2, qb);
    sl_dis_doc x[3] = {{qa, 1, NULL, 0}, {qb, 2, NULL, 0}, {NULL, 0, NULL, 0}};
    const sl_dis_name names[] = {{"Erna Solberg", SL_PER}, {"Sauli Niinisto", SL_PER}, {"Lars Holm", SL_PER},
                                 {"Anders Dahl", SL_PER}, {"Oslo", SL_LOC}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, x, 3, names, 5, SL_DISAGREE_MAX, &g, &n), SL_OK);
    /* Solberg–Niinisto: Berg certain vs Lahti undecided (+ Lahti probable, same voice, shown
     * once per modality); Holm–Dahl: article b certain vs article c undecided */
    assert_int_equal(n, 2);
    assert_int_equal(g[0].kind, SL_DIS_MODALITY);
    assert_non_null(strstr(g[0].what, "meeting"));
    assert_non_null(strstr(g[0].what, "Erna Solberg"));
    const sl_dis_side *berg = T_side_of(&g[0], "Kari Berg"), *lahti = T_side_of(&g[0], "Mikko Lahti");
    assert_non_null(berg);
    assert_non_null(lahti);
    assert_int_equal(berg->modality, SL_MOD_CERTAIN);
    assert_int_equal(berg->doc, 0);
    assert_int_equal(berg->span.start, a.spans[1].start);
    assert_string_equal(berg->value, "will take place");
    assert_int_equal(lahti->modality, SL_MOD_UNDECIDED);
    assert_string_equal(lahti->value, "no decision");
    bool probable = false;
    for (size_t s = 0; s < g[0].nsides; s++) probable |= g[0].sides[s].modality == SL_MOD_PROBABLE;
    assert_true(probable);
    for (size_t s = 0; s < g[0].nsides; s++) assert_true(g[0].sides[s].doc != 2); /* Holm–Dahl is apart */
    assert_non_null(strstr(g[1].what, "Lars Holm"));
    assert_int_equal(g[1].nsides, 2);
    assert_int_equal(g[1].sides[0].doc, 1);
    assert_int_equal(g[1].sides[0].modality, SL_MOD_CERTAIN);
    assert_int_equal(g[1].sides[1].doc, 2);
    assert_int_equal(g[1].sides[1].modality, SL_MOD_UNDECIDED);
    /* deterministic */
    sl_dis *g2 = NULL;
    size_t n2 = 0;
    assert_int_equal(sl_summary_disagree(docs, x, 3, names, 5, SL_DISAGREE_MAX, &g2, &n2), SL_OK);
    assert_int_equal(n2, n);
    assert_memory_equal(g, g2, n * sizeof *g);
    free(g2);
    free(g);
    /* without the undecided voice of b nothing is left about Solberg–Niinisto */
    docs[1].near_dup = true;
    assert_int_equal(sl_summary_disagree(docs, x, 3, names, 5, SL_DISAGREE_MAX, &g, &n), SL_OK);
    for (size_t i = 0; i < n; i++) assert_null(strstr(g[i].what, "Solberg"));
    free(g);
    /* bad arguments */
    assert_int_equal(sl_summary_disagree(docs, x, 3, names, 5, SL_DISAGREE_MAX + 1, &g, &n), SL_EINVAL);
    assert_int_equal(sl_summary_disagree(NULL, NULL, 0, NULL, 0, 10, &g, &n), SL_OK);
    assert_int_equal(n, 0);
}

/* Rules that must stay quiet: a plain "will" not on the event, two certain voices, a hedge
 * far from any event word. */
static void test_disagree_quiet(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "Erna Solberg will attend the meeting with Sauli Niinisto on Friday, her office said.",
        "The meeting will take place in Bergen, officials said on Monday morning.",
        NULL,
    };
    static const char *const sb[] = {
        "Sauli Niinisto and Erna Solberg will meet in Bergen on Friday, Finnish officials said.",
        "It is unclear whether the weather in Bergen will be good enough for the planned boat trip along the fjords afterwards.",
        NULL,
    };
    static T_doc a, b;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2020-03-01"), T_new(&b, sb, "b", "2020-03-02")};
    const sl_dis_name names[] = {{"Erna Solberg", SL_PER}, {"Sauli Niinisto", SL_PER}};
    assert_int_equal(T_disagree_count(docs, NULL, 2, names, 2, T_ANY_KIND, NULL), 0);
}

/* Dates: two articles put the same meeting on different days; attribution: the same words
 * given to two people by two articles that each name only their own speaker. */
static void test_disagree_dates_attribution(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "Erna Solberg and Sauli Niinisto will hold their meeting in Bergen on Friday, officials said.",
        "\"We expect nothing less than a full agreement on fishing quotas this year,\" said Kari Berg.",
        NULL,
    };
    static const char *const sb[] = {
        "Erna Solberg and Sauli Niinisto will hold their meeting in Bergen on Saturday, officials said.",
        "\"We expect nothing less than a full agreement on fishing quotas this year,\" said Mikko Lahti.",
        NULL,
    };
    static T_doc a, b;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2020-03-01"), T_new(&b, sb, "b", "2020-03-01")};
    /* the dates stage's output, written by hand: Friday = 03-06, Saturday = 03-07 */
    const char *fa = strstr(a.text, "Friday"), *fb = strstr(b.text, "Saturday");
    sl_date da = {{(uint32_t)(fa - a.text), (uint32_t)(fa - a.text + 6)}, "2020-03-06", SL_GRAN_DAY, 1};
    sl_date db = {{(uint32_t)(fb - b.text), (uint32_t)(fb - b.text + 8)}, "2020-03-07", SL_GRAN_DAY, 1};
    const char *qa0 = strchr(a.text + a.spans[1].start, '"') + 1, *qb0 = strchr(b.text + b.spans[1].start, '"') + 1;
    sl_dis_quote qa = {{(uint32_t)(qa0 - a.text), (uint32_t)(strchr(qa0, '"') - a.text)}, "Kari Berg"};
    sl_dis_quote qb = {{(uint32_t)(qb0 - b.text), (uint32_t)(strchr(qb0, '"') - b.text)}, "Mikko Lahti"};
    sl_dis_doc x[2] = {{&qa, 1, &da, 1}, {&qb, 1, &db, 1}};
    const sl_dis_name names[] = {{"Erna Solberg", SL_PER}, {"Sauli Niinisto", SL_PER}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, x, 2, names, 2, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(g[0].kind, SL_DIS_DATE);
    assert_string_equal(g[0].sides[0].value, "2020-03-06");
    assert_string_equal(g[0].sides[1].value, "2020-03-07");
    assert_int_equal(g[1].kind, SL_DIS_ATTRIBUTION);
    assert_string_equal(g[1].sides[0].speaker, "Kari Berg");
    assert_string_equal(g[1].sides[1].speaker, "Mikko Lahti");
    free(g);
    /* an article naming both speakers knows them both: no attribution disagreement */
    static const char *const sc[] = {
        "Erna Solberg and Sauli Niinisto will hold their meeting in Bergen on Friday, officials said.",
        "\"We expect nothing less than a full agreement on fishing quotas this year,\" said Kari Berg, who met Mikko Lahti.",
        NULL,
    };
    static T_doc c;
    docs[0] = T_new(&c, sc, "c", "2020-03-01");
    const char *qc0 = strchr(c.text + c.spans[1].start, '"') + 1;
    sl_dis_quote qc = {{(uint32_t)(qc0 - c.text), (uint32_t)(strchr(qc0, '"') - c.text)}, "Kari Berg"};
    x[0] = (sl_dis_doc){&qc, 1, NULL, 0};
    assert_int_equal(sl_summary_disagree(docs, x, 2, names, 2, SL_DISAGREE_MAX, &g, &n), SL_OK);
    for (size_t i = 0; i < n; i++) assert_int_not_equal(g[i].kind, SL_DIS_ATTRIBUTION);
    free(g);
    assert_true(sl_modality_conflict(SL_MOD_CERTAIN, SL_MOD_UNDECIDED));
    assert_true(sl_modality_conflict(SL_MOD_NEGATIVE, SL_MOD_CERTAIN));
    assert_false(sl_modality_conflict(SL_MOD_PROBABLE, SL_MOD_UNDECIDED));
    assert_false(sl_modality_conflict(SL_MOD_CERTAIN, SL_MOD_CERTAIN));
}

/* Casualty tolls: the same fire with different counts in two same-day articles; hedges, an
 * older figure and a later day are not contradictions. */
static void test_disagree_tolls(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "A fire swept through a crowded dance hall in Aville overnight, killing 60 people and injuring 155.",
        "Police earlier had reported 65 dead in the dance hall fire in Aville.",
        NULL,
    };
    static const char *const sb[] = {
        "Firefighters said the dance hall fire in Aville killed 67 people and injured 155 others overnight.",
        NULL,
    };
    static const char *const sc[] = {
        "The overnight dance hall fire in Aville killed at least 60 people, firefighters said.",
        NULL,
    };
    static T_doc a, b, c;
    sl_sum_doc docs[3] = {T_new(&a, sa, "a", "2020-03-01T08:00"), T_new(&b, sb, "b", "2020-03-01T11:00"),
                          T_new(&c, sc, "c", "2020-03-01T12:00")};
    const sl_dis_name names[] = {{"Aville", SL_LOC}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 3, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    /* dead: a 60 vs b 67 (c's "at least 60" agrees with both, a's older 65 is left out);
     * injured: 155 in both */
    assert_int_equal(n, 1);
    assert_int_equal(g[0].kind, SL_DIS_NUMBER);
    assert_string_equal(g[0].what, "dead");
    assert_int_equal(g[0].nsides, 2);
    assert_int_equal(g[0].sides[0].doc, 0);
    assert_string_equal(g[0].sides[0].value, "60");
    assert_int_equal(g[0].sides[1].doc, 1);
    assert_string_equal(g[0].sides[1].value, "67");
    assert_true(sl_dis_sides_conflict(&g[0], 0, 1));
    free(g);
    /* a day later 67 is an update, not a contradiction */
    docs[1].published = "2020-03-02T11:00";
    assert_int_equal(T_disagree_count(docs, NULL, 3, names, 1, T_ANY_KIND, NULL), 0);
    assert_false(sl_figures_compatible(60, 0, 67, 0));
    assert_true(sl_figures_compatible(60, 1, 67, 0));
    assert_true(sl_figures_compatible(60, 3, 67, 0));
}

/* A trailing attribution is cut from a picked sentence (", officials said Saturday."), a
 * head attribution or a clause that only mentions saying is not. */
static void test_attribution_cut(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "The flood in the river valley destroyed four bridges and two hundred homes, officials said Saturday.",
        NULL,
    };
    static const char *const sb[] = {
        "The flood in the river valley destroyed four bridges and two hundred homes, which the mayor said was the worst damage.",
        NULL,
    };
    static const char *const sc[] = {
        "Jane Roe, the mayor of the valley town, said the flood destroyed four bridges and two hundred homes.",
        NULL,
    };
    static const char *const sd[] = {
        "The flood in the river valley destroyed four bridges and two hundred homes, said John Smith, a spokesman.",
        NULL,
    };
    const char *const *all[] = {sa, sb, sc, sd};
    const char *want_end[] = {"homes", "damage.", "homes.", "homes"};
    for (int k = 0; k < 4; k++) {
        static T_doc d;
        T_make(&d, all[k]);
        sl_sum_doc docs[1] = {T_sum(&d, "a", "2020-01-01")};
        sl_sum_pick *p = NULL;
        size_t n = 0;
        assert_int_equal(sl_summary_select(docs, 1, 100, &p, &n), SL_OK);
        assert_int_equal(n, 1);
        size_t wl = strlen(want_end[k]);
        assert_true(p[0].span.end >= wl);
        assert_memory_equal(d.text + p[0].span.end - wl, want_end[k], wl);
        free(p);
    }
}

/* A sentence that announces a list or a quotation ("... said in an editorial:") is not picked
 * while another is left. */
static void test_colon_not_picked(void **state)
{
    (void)state;
    static const char *const sa[] = {
        "The city council of Aville said in a statement about the new bridge on Monday:",
        "The city council of Aville approved the new bridge over the river on Monday.",
        NULL,
    };
    static T_doc a;
    sl_sum_doc docs[1] = {T_new(&a, sa, "a", "2020-01-01")};
    sl_sum_pick *p = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_select(docs, 1, 14, &p, &n), SL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].sent, 1);
    free(p);
}

/* Tolls told as "the death toll rose to N" conflict like the others; a settled toll (the
 * event dated a week or more before both articles) conflicts across days; a count a fraction
 * of the other (one site of two) does not. */
static void test_disagree_tolls_settled(void **state)
{
    (void)state;
    static const char *const sa[] = {"Officials said the death toll from the storm rose to 151 in Aville.", NULL};
    static const char *const sb[] = {"Officials said the death toll from the storm has risen to 156 in Aville on Sunday.", NULL};
    static T_doc a, b;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2020-03-01T08:00"), T_new(&b, sb, "b", "2020-03-01T11:00")};
    const sl_dis_name names[] = {{"Aville", SL_LOC}};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].what, "dead");
    assert_string_equal(g[0].sides[0].value, "151");
    assert_string_equal(g[0].sides[1].value, "156");
    free(g);

    /* two months after the Aug. 7 bombing, 224 and "more than 250" are no update */
    static const char *const sc[] = {"The Aug. 7 bombing of the embassy in Aville killed 224 people, officials said.", NULL};
    static const char *const sd[] = {"Prosecutors recalled that more than 250 died when the embassy in Aville was bombed.", NULL};
    static const char *const se[] = {"A second blast at the embassy annex in Aville left 11 dead that day.", NULL};
    static T_doc c, d, e;
    sl_sum_doc docs2[3] = {T_new(&c, sc, "c", "1998-10-05"), T_new(&d, sd, "d", "1998-10-20"),
                           T_new(&e, se, "e", "1998-10-21")};
    const sl_date dc[] = {{{4, 10}, "1998-08-07", SL_GRAN_DAY, 1}};
    const sl_dis_doc x[3] = {{NULL, 0, dc, 1}, {NULL, 0, NULL, 0}, {NULL, 0, NULL, 0}};
    assert_int_equal(sl_summary_disagree(docs2, x, 3, names, 1, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].nsides, 2); /* 11 is a part, not a version: left out */
    assert_int_equal(g[0].sides[0].doc, 0);
    assert_int_equal(g[0].sides[1].doc, 1);
    free(g);
    /* without the date the later article may hold an update: silence */
    assert_int_equal(T_disagree_count(docs2, NULL, 3, names, 1, T_ANY_KIND, NULL), 0);
}

/* Spelled-out counts are figures too ("six drownings" / "18 drownings"); "one" is not. */
static void test_disagree_spelled(void **state)
{
    (void)state;
    static const char *const sa[] = {"The fatalities included six drownings and a man crushed by a falling tree in the town.", NULL};
    static const char *const sb[] = {"The fatalities included 18 drownings and a man crushed by a falling tree in the town.", NULL};
    static T_doc a, b;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2020-03-01"), T_new(&b, sb, "b", "2020-03-02")};
    sl_dis *g = NULL;
    size_t n = 0;
    assert_int_equal(sl_summary_disagree(docs, NULL, 2, NULL, 0, SL_DISAGREE_MAX, &g, &n), SL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].kind, SL_DIS_NUMBER);
    assert_string_equal(g[0].sides[0].value, "six");
    assert_string_equal(g[0].sides[1].value, "18");
    assert_true(sl_dis_sides_conflict(&g[0], 0, 1));
    free(g);
    assert_true(sl_figure_value("six") == 6);
    assert_true(sl_figure_value("Forty") == 40);
    assert_true(sl_figure_value("1,200") == 1200);
    assert_true(sl_figure_value("one") == 0);
    assert_true(sl_figure_value("many") == 0);
}

/* Clock times are not figures: "20:36:08 local time" against "23:49:56 local time". */
static void test_disagree_clock_times(void **state)
{
    (void)state;
    static const char *const sa[] = {"Another aftershock of the quake took place at 20:36:08 local time on Thursday.", NULL};
    static const char *const sb[] = {"The aftershock of the quake took place at 23:49:56 local time on Thursday.", NULL};
    static T_doc a, b;
    sl_sum_doc docs[2] = {T_new(&a, sa, "a", "2010-03-01"), T_new(&b, sb, "b", "2010-03-01")};
    assert_int_equal(T_disagree_count(docs, NULL, 2, NULL, 0, T_ANY_KIND, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_and_determinism), cmocka_unit_test(test_order_and_filters),
        cmocka_unit_test(test_near_dup_not_used),      cmocka_unit_test(test_dateline_trim),
        cmocka_unit_test(test_bad_args),               cmocka_unit_test(test_speed),
        cmocka_unit_test(test_timeline),               cmocka_unit_test(test_disagreements),
        cmocka_unit_test(test_disagree_modality), cmocka_unit_test(test_disagree_quiet),
        cmocka_unit_test(test_disagree_dates_attribution), cmocka_unit_test(test_disagree_tolls),
        cmocka_unit_test(test_disagree_clock_times),   cmocka_unit_test(test_attribution_cut),
        cmocka_unit_test(test_colon_not_picked),       cmocka_unit_test(test_disagree_tolls_settled),
        cmocka_unit_test(test_disagree_spelled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
