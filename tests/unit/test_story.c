/* test_story.c — online story assignment: ISO days, joining and splitting by terms and time,
 * near-duplicates by SimHash, merges, determinism, and save/load equivalence (assigning one by
 * one equals assigning after a save/load in the middle), plus corrupted-state rejection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "story/story.h"

static void test_iso_day(void **state)
{
    assert_true(sl_iso_day("1970-01-01") == 0);
    assert_true(sl_iso_day("1969-12-31") == -1);
    assert_true(sl_iso_day("2017-11-08") == 17478);
    assert_true(sl_iso_day("2017-11-08T10:00:00Z") == 17478);
    assert_true(sl_iso_day("1998-10-17 05:50:00") == 10516);
    assert_true(sl_iso_day("2016-02-29") == sl_iso_day("2016-03-01") - 1);
    assert_true(sl_iso_day("2017-02-29") == INT64_MIN);
    assert_true(sl_iso_day("2017-13-01") == INT64_MIN);
    assert_true(sl_iso_day("2017-1-08") == INT64_MIN);
    assert_true(sl_iso_day("yesterday") == INT64_MIN);
    assert_true(sl_iso_day("") == INT64_MIN);
    assert_true(sl_iso_day(NULL) == INT64_MIN);
}

/* A signature over terms base..base+n-1 (hashes spread by a multiplier, sorted). */
typedef struct S_sig { sl_term t[64]; sl_story_sig s; } S_sig;

static int S_cmp(const void *a, const void *b)
{
    const sl_term *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static void S_make(S_sig *g, const uint64_t *terms, size_t n, uint64_t simhash, int64_t day)
{
    for (size_t i = 0; i < n; i++) g->t[i] = (sl_term){terms[i] * 0x9e3779b97f4a7c15ULL + 1, 1.0f + (float)(i % 3)};
    qsort(g->t, n, sizeof g->t[0], S_cmp);
    g->s.terms = g->t;
    g->s.nterms = n;
    g->s.simhash = simhash;
    g->s.day = day;
}

static void S_topic(S_sig *g, int topic, int variant, int64_t day)
{
    uint64_t terms[12];
    for (int i = 0; i < 12; i++) terms[i] = (uint64_t)topic * 1000 + (uint64_t)((i + variant) % 16);
    S_make(g, terms, 12, 0, day);
}

static void test_join_and_split(void **state)
{
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.max_gap_days = 60; /* the default allows a year; test the cut-off itself */
    p.time_floor = 0;    /* and the decay without its floor */
    sl_clusterer *c;
    assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
    S_sig g;
    sl_assign a;
    int64_t story[2] = {-1, -1};
    for (int i = 0; i < 10; i++) {
        int topic = i % 2;
        S_topic(&g, topic, i / 2, INT64_MIN);
        assert_int_equal(sl_clusterer_assign(c, i, &g.s, &a), SL_OK);
        assert_true(a.near_dup_of == -1);
        if (i < 2) {
            assert_true(a.created);
            story[topic] = a.story;
        } else {
            assert_false(a.created);
            assert_true(a.story == story[topic]);
            assert_true(a.score > 0.2);
        }
    }
    assert_true(story[0] != story[1]);
    /* the same words long after the story's span: no longer a candidate */
    S_topic(&g, 0, 0, 10000);
    assert_int_equal(sl_clusterer_assign(c, 10, &g.s, &a), SL_OK);
    int64_t dated = a.story; /* unknown-day story: no time signal, so it still joins */
    assert_true(dated == story[0]);
    S_topic(&g, 0, 1, 10000 + 365);
    assert_int_equal(sl_clusterer_assign(c, 11, &g.s, &a), SL_OK);
    assert_true(a.created);
    /* and a day close to the new story's joins it, with a score lowered by the gap */
    S_topic(&g, 0, 2, 10000 + 366);
    int64_t fresh = a.story;
    assert_int_equal(sl_clusterer_assign(c, 12, &g.s, &a), SL_OK);
    assert_true(a.story == fresh);
    double near = a.score;
    S_topic(&g, 0, 2, 10000 + 366 + 20);
    assert_int_equal(sl_clusterer_assign(c, 13, &g.s, &a), SL_OK);
    assert_true(a.story == fresh);
    assert_true(a.score < near);
    /* an article sharing nothing starts its own story; so does an empty signature */
    uint64_t other[3] = {777001, 777002, 777003};
    S_make(&g, other, 3, 0, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 14, &g.s, &a), SL_OK);
    assert_true(a.created);
    S_make(&g, other, 0, 0, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 15, &g.s, &a), SL_OK);
    assert_true(a.created);
    /* bad input is refused, not crashed on */
    g.s.terms = NULL;
    g.s.nterms = 3;
    assert_int_equal(sl_clusterer_assign(c, 16, &g.s, &a), SL_EINVAL);
    /* more terms than one signature may hold: that article is refused, the clusterer goes on */
    sl_term many[300];
    for (int i = 0; i < 300; i++) many[i] = (sl_term){(uint64_t)i + 1, 1.0f};
    sl_story_sig big = {many, 300, 0, INT64_MIN};
    assert_int_equal(sl_clusterer_assign(c, 16, &big, &a), SL_ELIMIT);
    sl_clusterer_free(c);

    /* with the default window a strong follow-up a year later still joins its story */
    assert_int_equal(sl_clusterer_new(&c), SL_OK);
    for (int i = 0; i < 4; i++) {
        S_topic(&g, 5, i, 20000);
        assert_int_equal(sl_clusterer_assign(c, i, &g.s, &a), SL_OK);
    }
    int64_t s5 = a.story;
    S_topic(&g, 5, 0, 20000 + 365);
    assert_int_equal(sl_clusterer_assign(c, 4, &g.s, &a), SL_OK);
    assert_true(a.story == s5);
    sl_clusterer_free(c);
}

static void test_near_duplicates(void **state)
{
    sl_clusterer *c;
    assert_int_equal(sl_clusterer_new(&c), SL_OK);
    uint64_t sh = 0x0123456789abcdefULL;
    S_sig g;
    sl_assign a;
    uint64_t t1[4] = {1, 2, 3, 4}, t2[4] = {91, 92, 93, 94};
    S_make(&g, t1, 4, sh, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 100, &g.s, &a), SL_OK);
    int64_t s0 = a.story;
    /* 3 bits away, different terms: still a copy of article 100, in its story */
    S_make(&g, t2, 4, sh ^ 0x8000000100000001ULL, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 101, &g.s, &a), SL_OK);
    assert_true(a.near_dup_of == 100);
    assert_true(a.story == s0);
    /* a copy of the copy points at the first original */
    S_make(&g, t2, 4, sh ^ 0x8000000100000003ULL, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 102, &g.s, &a), SL_OK);
    assert_true(a.near_dup_of == 100);
    /* 4 bits away (one in every band): not a near-duplicate */
    uint64_t t3[4] = {51, 52, 53, 54};
    S_make(&g, t3, 4, sh ^ 0x0002000200020002ULL, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 103, &g.s, &a), SL_OK);
    assert_true(a.near_dup_of == -1);
    assert_true(a.created);
    /* no SimHash (0): never a near-duplicate */
    S_make(&g, t3, 4, 0, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 104, &g.s, &a), SL_OK);
    assert_true(a.near_dup_of == -1);
    sl_clusterer_free(c);
}

/* Saves *c, frees it and loads the saved state in its place (a process restart). */
static void S_reload(sl_clusterer **c)
{
    char *data;
    size_t len;
    assert_int_equal(sl_clusterer_save(*c, &data, &len), SL_OK);
    sl_clusterer_free(*c);
    assert_int_equal(sl_clusterer_load(data, len, c), SL_OK);
    free(data);
}

/* A deterministic synthetic stream: topics with their own vocabulary plus shared noise,
 * occasional exact re-posts, days advancing slowly. */
static void S_stream(int i, S_sig *g)
{
    uint32_t x = (uint32_t)i * 2654435761u + 17;
    int topic = (int)((x >> 8) % 40);
    uint64_t terms[20];
    size_t n = 0;
    for (int k = 0; k < 14; k++) {
        x = x * 1103515245u + 12345u;
        terms[n++] = (uint64_t)topic * 100 + (x >> 16) % 30;
    }
    for (int k = 0; k < 6; k++) {
        x = x * 1103515245u + 12345u;
        terms[n++] = 50000 + (x >> 16) % 500;
    }
    /* dedupe */
    size_t m = 0;
    for (size_t a = 0; a < n; a++) {
        bool seen = false;
        for (size_t b = 0; b < m; b++) seen |= terms[b] == terms[a];
        if (!seen) terms[m++] = terms[a];
    }
    uint64_t sh = (i % 17 == 5) ? 0xfeedface00000000ULL + (uint64_t)topic : (uint64_t)x * 0x9e3779b97f4a7c15ULL | 1;
    S_make(g, terms, m, sh, 18000 + i / 50);
}

typedef struct S_out { int64_t story, dup; bool created; double score; } S_out;

static void test_save_load_equivalence(void **state)
{
    enum { N = 3000, HALF = 1234 };
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.merge_every = 7; /* many merge passes, some straddling the save point */
    p.bg_weight = 1.0; /* the background prior is rebuilt from the table on load, not saved */
    S_out *one = calloc(N, sizeof *one), *two = calloc(N, sizeof *two);
    int64_t merges_one = 0, merges_two = 0;
    S_sig g;
    sl_assign a;
    sl_clusterer *c1, *c2;
    assert_int_equal(sl_clusterer_new_params(&p, &c1), SL_OK);
    assert_int_equal(sl_clusterer_new_params(&p, &c2), SL_OK);
    int64_t (*pairs)[2];
    for (int i = 0; i < N; i++) {
        S_stream(i, &g);
        assert_int_equal(sl_clusterer_assign(c1, i, &g.s, &a), SL_OK);
        one[i] = (S_out){a.story, a.near_dup_of, a.created, a.score};
        size_t np = sl_clusterer_merges(c1, &pairs);
        for (size_t k = 0; k < np; k++) {
            assert_true(pairs[k][0] > pairs[k][1]); /* folded into the older story */
            merges_one += pairs[k][0] * 31 + pairs[k][1];
        }
    }
    for (int i = 0; i < N; i++) {
        if (i == HALF) S_reload(&c2);
        S_stream(i, &g);
        assert_int_equal(sl_clusterer_assign(c2, i, &g.s, &a), SL_OK);
        two[i] = (S_out){a.story, a.near_dup_of, a.created, a.score};
        size_t np = sl_clusterer_merges(c2, &pairs);
        for (size_t k = 0; k < np; k++) merges_two += pairs[k][0] * 31 + pairs[k][1];
    }
    int stories = 0, dups = 0, joined = 0;
    for (int i = 0; i < N; i++) {
        assert_true(one[i].story == two[i].story);
        assert_true(one[i].dup == two[i].dup);
        assert_true(one[i].created == two[i].created);
        assert_true(one[i].score == two[i].score);
        stories += one[i].created;
        dups += one[i].dup >= 0;
        joined += !one[i].created;
    }
    assert_true(merges_one == merges_two);
    assert_true(merges_one > 0); /* the merge path was exercised across the save point */
    /* the stream has 40 topics: far fewer stories than articles, and the re-posts are found */
    assert_true(stories < N / 10);
    assert_true(dups > N / 20);
    assert_true(joined > N / 2);
    /* final states serialize identically */
    char *d1, *d2;
    size_t l1, l2;
    assert_int_equal(sl_clusterer_save(c1, &d1, &l1), SL_OK);
    assert_int_equal(sl_clusterer_save(c2, &d2, &l2), SL_OK);
    assert_int_equal(l1, l2);
    assert_memory_equal(d1, d2, l1);
    assert_true(sl_clusterer_memory(c1) > 0);

    /* corrupted or truncated state is refused, never crashed on */
    sl_clusterer *bad;
    for (size_t cut = 0; cut < l1; cut += 1 + cut / 8) {
        bad = NULL;
        assert_int_not_equal(sl_clusterer_load(d1, cut, &bad), SL_OK);
        assert_null(bad);
    }
    for (size_t k = 0; k < 200; k++) {
        char *x = malloc(l1);
        memcpy(x, d1, l1);
        size_t pos = (k * 7919) % l1;
        x[pos] = (char)(x[pos] ^ 0x5a);
        bad = NULL;
        if (sl_clusterer_load(x, l1, &bad) == SL_OK) {
            /* a flip inside a weight or a count can be valid; the state must still work */
            S_stream(7, &g);
            sl_status st = sl_clusterer_assign(bad, N, &g.s, &a);
            assert_true(st == SL_OK || st == SL_ENOMEM);
            sl_clusterer_free(bad);
        }
        free(x);
    }
    free(d1);
    free(d2);
    sl_clusterer_free(c1);
    sl_clusterer_free(c2);
    free(one);
    free(two);
}

/* models/story-df.bin (tools/build_df.c): the header the clusterer checks, hashes strictly
 * ascending (it binary-searches them), every df >= 2 and <= N. */
static void test_bg_table(void **state)
{
    (void)state;
    size_t len = 0;
    const unsigned char *r = (const unsigned char *)sl_resource("story-df.bin", &len);
    assert_non_null(r);
    assert_true(len >= 16);
    assert_memory_equal(r, "SLDF", 4);
    uint32_t n = 0, docs = 0;
    for (int i = 3; i >= 0; i--) { docs = docs << 8 | r[8 + i]; n = n << 8 | r[12 + i]; }
    assert_int_equal(len, 16 + (size_t)n * 12);
    assert_true(n > 1000 && docs > 1000);
    uint64_t prev = 0;
    for (uint32_t k = 0; k < n; k++) {
        const unsigned char *e = r + 16 + (size_t)k * 12;
        uint64_t h = 0;
        uint32_t df = 0;
        for (int i = 7; i >= 0; i--) h = h << 8 | e[i];
        for (int i = 3; i >= 0; i--) df = df << 8 | e[8 + i];
        assert_true(k == 0 || h > prev);
        assert_true(df >= 2 && df <= docs);
        prev = h;
    }
}

static void test_merge(void **state)
{
    /* Two stories started by articles that share little, then a run of articles bridging
     * them: the merge pass folds the later story into the earlier and reports it. */
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.merge_every = 1;
    p.merge = 0.2;
    sl_clusterer *c;
    assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
    S_sig g;
    sl_assign a;
    uint64_t A[8] = {1, 2, 3, 4, 5, 6, 7, 8}, B[8] = {5, 6, 7, 8, 9, 10, 11, 12};
    uint64_t noise[8] = {900, 901, 902, 903, 904, 905, 906, 907};
    S_make(&g, noise, 8, 0, INT64_MIN); /* some background so idf is not flat */
    assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &a), SL_OK);
    S_make(&g, A, 4, 0, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &a), SL_OK);
    int64_t sa = a.story;
    S_make(&g, B + 4, 4, 0, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 2, &g.s, &a), SL_OK);
    int64_t sb = a.story;
    assert_true(sa != sb);
    int64_t (*pairs)[2];
    size_t total = 0;
    bool folded = false;
    for (int i = 3; i < 12; i++) {
        S_make(&g, i % 2 ? A : B, 8, 0, INT64_MIN);
        assert_int_equal(sl_clusterer_assign(c, i, &g.s, &a), SL_OK);
        size_t np = sl_clusterer_merges(c, &pairs);
        for (size_t k = 0; k < np; k++) {
            total++;
            if (pairs[k][0] == sb && pairs[k][1] == sa) folded = true;
        }
    }
    assert_true(folded);
    assert_true(total >= 1);
    /* after the merge the later story is never answered again */
    S_make(&g, B + 4, 4, 0, INT64_MIN);
    assert_int_equal(sl_clusterer_assign(c, 20, &g.s, &a), SL_OK);
    assert_true(a.story == sa);
    assert_int_equal(sl_clusterer_merges(c, &pairs), 0);
    sl_clusterer_free(c);
}


/* The model text: every weight of both kinds is required; junk is refused. The embedded
 * model parses. */
/* An article about the shared topic words 0..11 (classes forced to body words), naming the
 * persons `names` (word keys) and with principal persons `prin` / `mentions`. */
static uint64_t S_person(int who) { return ((uint64_t)(who + 1) * 0x9e3779b97f4a7c15ULL) & ~(uint64_t)7; }

static void S_people(S_sig *g, const int *names, size_t nn, const int *prin, const uint32_t *mentions, size_t np)
{
    size_t n = 0;
    for (int i = 0; i < 12; i++)
        g->t[n++] = (sl_term){SL_TERM_TAG((uint64_t)(i + 1) * 0xc2b2ae3d27d4eb4fULL, SL_TC_WORD), 2.0f};
    for (size_t i = 0; i < nn; i++) g->t[n++] = (sl_term){SL_TERM_TAG(S_person(names[i]), SL_TC_WORD), 3.0f};
    for (size_t i = 0; i < np; i++) g->t[n++] = (sl_term){SL_TERM_TAG(S_person(prin[i]), SL_TC_PRIN), (float)mentions[i]};
    qsort(g->t, n, sizeof g->t[0], S_cmp);
    g->s.terms = g->t;
    g->s.nterms = n;
    g->s.simhash = 0;
    g->s.day = INT64_MIN;
}

enum { TRUMP, PUTIN, KIM, TILLERSON };

static void test_dyad_conflict(void **state)
{
    for (int on = 0; on < 2; on++) {
        sl_cluster_params p;
        sl_cluster_params_default(&p);
        assert_int_equal(p.dyad, 1);
        p.dyad = (uint32_t)on;
        p.merge_every = 1; /* a merge pass after every article: it must keep them apart too */
        sl_clusterer *c;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_sig g;
        sl_assign a;
        /* "Trump and Putin will meet": two principal persons */
        S_people(&g, (int[]){TRUMP, PUTIN}, 2, (int[]){TRUMP, PUTIN}, (uint32_t[]){6, 6}, 2);
        assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &a), SL_OK);
        int64_t apec = a.story;
        /* the same meeting with a third, less mentioned person: same pair, joins */
        S_people(&g, (int[]){TRUMP, PUTIN, TILLERSON}, 3, (int[]){TRUMP, PUTIN, TILLERSON}, (uint32_t[]){5, 3, 3}, 3);
        assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &a), SL_OK);
        assert_true(a.story == apec);
        /* "Kim meets Putin", Trump named too: same words, but one person shared, one new and
         * frequent (7 mentions, never named by the story), and the story's Trump is not among
         * the article's pair: a story of its own unless the rule is off */
        S_people(&g, (int[]){TRUMP, PUTIN, KIM}, 3, (int[]){KIM, PUTIN, TRUMP}, (uint32_t[]){7, 7, 5}, 3);
        assert_int_equal(sl_clusterer_assign(c, 2, &g.s, &a), SL_OK);
        int64_t kim = a.story;
        if (on) assert_true(a.created);
        else assert_true(kim == apec);
        /* a follow-up on the Trump-Putin pair still joins the first story */
        S_people(&g, (int[]){TRUMP, PUTIN, TILLERSON}, 3, (int[]){PUTIN, TRUMP}, (uint32_t[]){4, 4}, 2);
        assert_int_equal(sl_clusterer_assign(c, 3, &g.s, &a), SL_OK);
        assert_true(a.story == apec);
        /* a person mentioned 3 times against 7 is no second side of a pair: it joins */
        S_people(&g, (int[]){TRUMP, PUTIN, TILLERSON}, 3, (int[]){TRUMP, TILLERSON}, (uint32_t[]){7, 3}, 2);
        assert_int_equal(sl_clusterer_assign(c, 4, &g.s, &a), SL_OK);
        assert_true(a.story == apec);
        int64_t (*pairs)[2];
        size_t nm = sl_clusterer_merges(c, &pairs);
        if (on) {
            assert_true(kim != apec);
            for (size_t i = 0; i < nm; i++) assert_false(pairs[i][0] == kim || pairs[i][1] == kim);
            /* the split survives a save/load round trip (the story tables are in the state) */
            char *data;
            size_t len;
            assert_int_equal(sl_clusterer_save(c, &data, &len), SL_OK);
            sl_clusterer *c2;
            assert_int_equal(sl_clusterer_load(data, len, &c2), SL_OK);
            S_people(&g, (int[]){TRUMP, PUTIN, KIM}, 3, (int[]){KIM, PUTIN}, (uint32_t[]){6, 6}, 2);
            sl_assign a2;
            assert_int_equal(sl_clusterer_assign(c, 5, &g.s, &a), SL_OK);
            assert_int_equal(sl_clusterer_assign(c2, 5, &g.s, &a2), SL_OK);
            assert_true(a.story == a2.story && a.story != apec);
            char *d1, *d2;
            size_t l1, l2;
            assert_int_equal(sl_clusterer_save(c, &d1, &l1), SL_OK);
            assert_int_equal(sl_clusterer_save(c2, &d2, &l2), SL_OK);
            assert_true(l1 == l2 && memcmp(d1, d2, l1) == 0);
            free(d1);
            free(d2);
            /* a corrupted principal count is refused or harmless, never a crash */
            for (size_t cut = len; cut-- > len - 64 && cut > 0;) {
                sl_clusterer *c3 = NULL;
                if (sl_clusterer_load(data, cut, &c3) == SL_OK) sl_clusterer_free(c3);
            }
            free(data);
            sl_clusterer_free(c2);
        }
        sl_clusterer_free(c);
    }
    /* a story that already names Kim (a word of its members) is no stranger to him: joins */
    sl_clusterer *c;
    assert_int_equal(sl_clusterer_new(&c), SL_OK);
    S_sig g;
    sl_assign a;
    S_people(&g, (int[]){TRUMP, PUTIN, KIM}, 3, (int[]){TRUMP, PUTIN}, (uint32_t[]){6, 6}, 2);
    assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &a), SL_OK);
    int64_t first = a.story;
    S_people(&g, (int[]){TRUMP, PUTIN, KIM}, 3, (int[]){KIM, PUTIN}, (uint32_t[]){7, 7}, 2);
    assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &a), SL_OK);
    assert_true(a.story == first);
    sl_clusterer_free(c);
}

static void test_merge_decay(void **state)
{
    /* two fragments of one story a month apart: with merge_decay 0 (default) only the window
     * counts in the merge pass, so identical centroids merge; with 1 the time factor keeps
     * them under a merge threshold the undecayed cosine reaches */
    for (int decay = 0; decay < 2; decay++) {
        sl_cluster_params p;
        sl_cluster_params_default(&p);
        assert_int_equal(p.merge_decay, 0);
        p.merge_decay = (uint32_t)decay;
        p.join = 0.99;  /* nothing joins: the second article starts a fragment */
        p.merge = 0.7;  /* between the decayed centroid cosine (x floor 0.9) and the plain one */
        p.merge_every = 1;
        sl_clusterer *c;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_sig g;
        sl_assign a;
        S_topic(&g, 3, 0, 10000);
        assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &a), SL_OK);
        int64_t first = a.story;
        S_topic(&g, 3, 0, 10030);
        assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &a), SL_OK);
        int64_t (*pairs)[2];
        size_t nm = sl_clusterer_merges(c, &pairs);
        if (decay) {
            assert_int_equal(nm, 0);
            assert_true(a.story != first);
        } else {
            assert_int_equal(nm, 1);
            assert_true(pairs[0][1] == first && a.story == first);
        }
        sl_clusterer_free(c);
    }
}

/* Headline agreement: an article with a body whose body shares 2 of 50 words with a story
 * (cosine about 0.09, under join 0.10) and whose headline keys are the story's joins it when
 * title_weight is on (x (1 + headline cosine)) and not when off; a headline-like text (fewer
 * than 20 words) gets no factor; the same headline over a body that shares nothing links
 * nothing; merges of two such fragments are confirmed the same way; save/load keeps it. */
static uint64_t S_word_key(unsigned k) { return SL_TERM_TAG((uint64_t)(k + 1) * 0x9e3779b97f4a7c15ULL, SL_TC_WORD); }

static void S_headline_sig(S_sig *g, const unsigned *words, size_t nw, bool headline)
{
    size_t n = 0;
    /* words of the story's headline (0..2) weigh 2, so they are among the terms that probe the
     * index (the most distinctive by tf-idf) even when they are no longer new */
    for (size_t i = 0; i < nw; i++) g->t[n++] = (sl_term){S_word_key(words[i]), words[i] < 3 ? 2.0f : 1.0f};
    for (unsigned k = 0; headline && k < 3; k++) g->t[n++] = (sl_term){SL_TERM_TAG(S_word_key(k), SL_TC_TITLE), 3.0f};
    qsort(g->t, n, sizeof g->t[0], S_cmp);
    g->s.terms = g->t;
    g->s.nterms = n;
    g->s.simhash = 0;
    g->s.day = INT64_MIN;
}

static void test_title_weight(void **state)
{
    (void)state;
    unsigned a[30], b[50], d[30], shrt[12];
    for (unsigned i = 0; i < 50; i++) b[i] = i < 2 ? i : 100 + i; /* follow-up: 2 of 50 words shared */
    for (unsigned i = 0; i < 30; i++) {
        a[i] = i;                           /* the story: words 0..29, headline 0 1 2 */
        d[i] = 200 + i;                     /* nothing shared but the headline */
    }
    for (unsigned i = 0; i < 12; i++) shrt[i] = i < 1 ? i : 300 + i; /* headline-like: 1 of 12 shared */
    sl_cluster_params def;
    sl_cluster_params_default(&def);
    assert_true(def.title_weight == 1.0);
    double short_score = -1;
    for (int on = 0; on < 2; on++) {
        sl_cluster_params p = def;
        p.title_weight = on ? 1.0 : 0.0;
        /* joins */
        sl_clusterer *c;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_sig g;
        sl_assign r0, r1;
        S_headline_sig(&g, a, 30, true);
        assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &r0), SL_OK);
        S_headline_sig(&g, b, 50, true);
        assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &r1), SL_OK);
        assert_true(r1.created == !on);
        if (on) {
            assert_true(r1.story == r0.story);
            assert_true(r1.score >= p.join && r1.score < 2.2 * p.join);
        } else {
            assert_true(r1.score > 0.05 && r1.score < p.join);
        }
        S_headline_sig(&g, d, 30, true);
        assert_int_equal(sl_clusterer_assign(c, 2, &g.s, &r1), SL_OK);
        assert_true(r1.created);
        /* the state keeps title_weight and the short-member counts */
        char *s1, *s2;
        size_t n1, n2;
        assert_int_equal(sl_clusterer_save(c, &s1, &n1), SL_OK);
        sl_clusterer *c2;
        assert_int_equal(sl_clusterer_load(s1, n1, &c2), SL_OK);
        assert_int_equal(sl_clusterer_save(c2, &s2, &n2), SL_OK);
        assert_true(n1 == n2 && !memcmp(s1, s2, n1));
        S_headline_sig(&g, b, 50, true);
        assert_int_equal(sl_clusterer_assign(c, 4, &g.s, &r0), SL_OK);
        assert_int_equal(sl_clusterer_assign(c2, 4, &g.s, &r1), SL_OK);
        assert_true(r0.story == r1.story && r0.created == r1.created && r0.score == r1.score);
        free(s1);
        free(s2);
        sl_clusterer_free(c2);
        sl_clusterer_free(c);
        /* a headline-like text with the story's headline: the same score either way (it shares
         * one word, so short_shared, tested in test_short_shared, is set to 1 to see the score) */
        p.short_shared = 1;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_headline_sig(&g, a, 30, true);
        assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &r0), SL_OK);
        S_headline_sig(&g, shrt, 12, true);
        assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &r1), SL_OK);
        assert_true(r1.created);
        assert_true(r1.score > 0.03 && r1.score < p.join);
        if (!on) short_score = r1.score;
        else assert_true(r1.score == short_score);
        sl_clusterer_free(c);
        /* merges: nothing joins, the follow-up's fragment merges with the story only when the
         * headlines confirm the centroid cosine (about 0.08, merge 0.12) */
        p.join = 0.99;
        p.merge = 0.12;
        p.merge_every = 1;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_headline_sig(&g, a, 30, true);
        assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &r0), SL_OK);
        S_headline_sig(&g, b, 50, true);
        assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &r1), SL_OK);
        int64_t (*pairs)[2];
        size_t nm = sl_clusterer_merges(c, &pairs);
        assert_int_equal(nm, (size_t)on);
        assert_true((r1.story == r0.story) == (bool)on);
        sl_clusterer_free(c);
    }
}

/* A headline-like signature: n content words (SL_TC_WORD terms) w[0..n), weight 1 each. */
static void S_words(S_sig *g, const int *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g->t[i] = (sl_term){SL_TERM_TAG((uint64_t)(w[i] + 1) * 0x9e3779b97f4a7c15ULL, SL_TC_WORD), 1.0f};
    qsort(g->t, n, sizeof g->t[0], S_cmp);
    g->s.terms = g->t;
    g->s.nterms = n;
    g->s.simhash = 0;
    g->s.day = INT64_MIN;
}

static void test_short_shared(void **state)
{
    (void)state;
    /* a six-word headline sharing one word with a story has a cosine above the join threshold
     * (about 1/6), but one shared word is no evidence: with short_shared 2 (default) it starts
     * a story of its own, with 1 (the old rule) it joins; two shared words join either way */
    for (unsigned rule = 1; rule <= 2; rule++) {
        sl_cluster_params p;
        sl_cluster_params_default(&p);
        assert_int_equal(p.short_shared, 2);
        p.short_shared = rule;
        p.merge_every = 0;
        sl_clusterer *c;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_sig g;
        sl_assign a;
        S_words(&g, (int[]){1, 2, 3, 4, 5, 6}, 6);
        assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &a), SL_OK);
        int64_t first = a.story;
        S_words(&g, (int[]){1, 21, 22, 23, 24, 25}, 6);
        assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &a), SL_OK);
        if (rule == 1) assert_true(a.story == first && a.score >= p.join);
        else assert_true(a.created && a.story != first);
        S_words(&g, (int[]){1, 2, 31, 32, 33, 34}, 6);
        assert_int_equal(sl_clusterer_assign(c, 2, &g.s, &a), SL_OK);
        assert_true(a.story == first);
        sl_clusterer_free(c);
    }
}

static void test_merge_rest(void **state)
{
    (void)state;
    /* four settled stories of three identical headlines each (join 0.5 keeps them apart): 1 and
     * 2 share one word, 3 and 4 two; with merge 0.1 the plain centroid cosine would merge both
     * pairs, but a merge must not rest on one word (merge_rest, default 0.08): only 3 and 4
     * merge; with merge_rest 0 both pairs do */
    static const int words[4][6] = {
        {1, 11, 12, 13, 14, 15}, {1, 21, 22, 23, 24, 25}, {2, 3, 31, 32, 33, 34}, {2, 3, 41, 42, 43, 44}};
    for (int on = 0; on < 2; on++) {
        sl_cluster_params p;
        sl_cluster_params_default(&p);
        assert_true(p.merge_rest > 0.07 && p.merge_rest < 0.09);
        if (!on) p.merge_rest = 0;
        p.join = 0.5;
        p.merge = 0.1;
        p.merge_every = 12; /* one pass, after the last article: every story has 3 members */
        sl_clusterer *c;
        assert_int_equal(sl_clusterer_new_params(&p, &c), SL_OK);
        S_sig g;
        sl_assign a;
        int64_t story[4] = {-1, -1, -1, -1};
        for (int i = 0; i < 12; i++) {
            S_words(&g, words[i / 3], 6);
            assert_int_equal(sl_clusterer_assign(c, i, &g.s, &a), SL_OK);
            if (i % 3 == 0) story[i / 3] = a.story;
            else if (i < 11) assert_true(a.story == story[i / 3]);
        }
        int64_t (*pairs)[2];
        size_t nm = sl_clusterer_merges(c, &pairs);
        if (on) {
            assert_int_equal(nm, 1);
            assert_true(pairs[0][0] == story[3] && pairs[0][1] == story[2]);
        } else {
            assert_int_equal(nm, 2);
            assert_true(pairs[0][0] == story[1] && pairs[0][1] == story[0]);
            assert_true(pairs[1][0] == story[3] && pairs[1][1] == story[2]);
        }
        sl_clusterer_free(c);
    }
}

static void test_state_v5(void **state)
{
    (void)state;
    /* a version 5 state (before short_shared and merge_rest: 12 bytes fewer after title_weight)
     * loads with both rules off, so it goes on deciding as it did: the one-word headline of
     * test_short_shared joins */
    sl_clusterer *c;
    assert_int_equal(sl_clusterer_new(&c), SL_OK);
    S_sig g;
    sl_assign a;
    S_words(&g, (int[]){1, 2, 3, 4, 5, 6}, 6);
    assert_int_equal(sl_clusterer_assign(c, 0, &g.s, &a), SL_OK);
    int64_t first = a.story;
    char *d;
    size_t len;
    assert_int_equal(sl_clusterer_save(c, &d, &len), SL_OK);
    sl_clusterer_free(c);
    const size_t at = 92; /* magic, version, 5 doubles, 2 u32, 2 doubles, 3 u32, title_weight */
    assert_true(len > at + 12 && d[4] == 6);
    memmove(d + at, d + at + 12, len - at - 12);
    d[4] = 5;
    assert_int_equal(sl_clusterer_load(d, len - 12, &c), SL_OK);
    S_words(&g, (int[]){1, 21, 22, 23, 24, 25}, 6);
    assert_int_equal(sl_clusterer_assign(c, 1, &g.s, &a), SL_OK);
    assert_true(a.story == first);
    sl_clusterer_free(c);
    free(d);
    /* a version 6 state with a NaN merge_rest is refused */
    assert_int_equal(sl_clusterer_new(&c), SL_OK);
    assert_int_equal(sl_clusterer_save(c, &d, &len), SL_OK);
    sl_clusterer_free(c);
    memset(d + at + 4, 0xff, 8);
    c = NULL;
    assert_int_equal(sl_clusterer_load(d, len, &c), SL_EMODEL);
    assert_null(c);
    free(d);
}

static void test_model_parse(void **state)
{
    (void)state;
    sl_cluster_model m;
    char buf[4096];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "# comment\n");
    for (int k = 0; k < 2; k++) {
        for (unsigned f = 0; f < SL_CL_NFEAT; f++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\t%s\t%u.5\n", k ? "short" : "long",
                                  sl_cluster_feature_names[f], f);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\tthreshold\t0.25\n", k ? "short" : "long");
    }
    assert_int_equal(sl_cluster_model_parse(buf, n, &m), SL_OK);
    assert_true(m.w[SL_CL_KIND_SHORT][3] == 3.5);
    assert_true(m.threshold[SL_CL_KIND_LONG] == 0.25);
    /* a missing line, an unknown feature, a bad number, an unknown kind */
    assert_int_equal(sl_cluster_model_parse(buf, n - 20, &m), SL_EMODEL);
    assert_int_equal(sl_cluster_model_parse("long\tnope\t1\n", 13, &m), SL_EMODEL);
    assert_int_equal(sl_cluster_model_parse("long\tbias\tx\n", 12, &m), SL_EMODEL);
    assert_int_equal(sl_cluster_model_parse("mid\tbias\t1\n", 11, &m), SL_EMODEL);
    assert_int_equal(sl_cluster_model_parse(NULL, 0, &m), SL_EMODEL);
    size_t len = 0;
    const char *r = sl_resource("story-model.tsv", &len);
    assert_non_null(r);
    assert_int_equal(sl_cluster_model_parse(r, len, &m), SL_OK);
    assert_true(m.threshold[0] > 0 && m.threshold[0] < 1 && m.threshold[1] > 0 && m.threshold[1] < 1);
}

typedef struct S_feat { int calls; int64_t story[64]; double f[64][SL_CL_NFEAT]; unsigned kind; } S_feat;

static void S_feat_cb(void *user, int64_t story, unsigned kind, const double *x)
{
    S_feat *r = user;
    if (r->calls < 64) {
        r->story[r->calls] = story;
        memcpy(r->f[r->calls], x, sizeof r->f[0]);
    }
    r->kind = kind;
    r->calls++;
}

/* Replay: the features of a candidate say what they should (the same article again: cosines
 * near 1, all of its weight covered; a dated pair: the gap), and the forced story wins over
 * the scorer. */
static void test_replay_features(void **state)
{
    (void)state;
    sl_clusterer *c;
    assert_int_equal(sl_clusterer_new(&c), SL_OK);
    S_sig g;
    sl_assign a;
    S_feat r = {0};
    S_topic(&g, 1, 0, 18000);
    assert_int_equal(sl_clusterer_replay(c, 0, &g.s, -1, S_feat_cb, &r, &a), SL_OK);
    assert_int_equal(r.calls, 0); /* nothing to compare with */
    assert_true(a.created);
    int64_t s1 = a.story;
    /* the same terms again, forced into a new story: one candidate, s1, looking identical */
    assert_int_equal(sl_clusterer_replay(c, 1, &g.s, -1, S_feat_cb, &r, &a), SL_OK);
    assert_int_equal(r.calls, 1);
    assert_true(r.story[0] == s1);
    assert_true(a.created && a.story != s1);
    assert_true(r.f[0][0] == 1.0);                    /* bias */
    /* cos_all: below 1 only because the story norm was cached before the df of its terms rose */
    assert_true(r.f[0][1] > 0.7 && r.f[0][1] <= 1.0);
    assert_true(r.f[0][2] > 0.7); /* cos_word */
    assert_true(r.f[0][12] > 0.99);                    /* cov_all */
    assert_true(r.f[0][9] == 0 && r.f[0][10] == 0);    /* same day, known */
    assert_int_equal(r.kind, SL_CL_KIND_SHORT);        /* 12 content words: headline-like */
    /* a different topic 10 days later, forced into s1: both stories are candidates only when
     * they share terms, so this one sees none; then a same-topic article sees the gap */
    r.calls = 0;
    S_topic(&g, 2, 0, 18010);
    assert_int_equal(sl_clusterer_replay(c, 2, &g.s, s1, S_feat_cb, &r, &a), SL_OK);
    assert_int_equal(r.calls, 0);
    assert_true(a.story == s1 && !a.created);
    r.calls = 0;
    S_topic(&g, 1, 1, 18030);
    assert_int_equal(sl_clusterer_replay(c, 3, &g.s, -2, S_feat_cb, &r, &a), SL_OK);
    assert_true(r.calls >= 1);
    for (int i = 0; i < r.calls && i < 64; i++) {
        assert_true(r.f[i][10] == 0);
        assert_true(r.f[i][9] > 0); /* 20 or 30 days: log1p(gap) */
    }
    assert_int_equal(sl_clusterer_replay(c, 4, &g.s, -3, S_feat_cb, &r, &a), SL_EINVAL);
    assert_int_equal(sl_clusterer_replay(c, 4, &g.s, -1, NULL, NULL, &a), SL_EINVAL);
    sl_clusterer_free(c);
}

/* The learned scorer keeps the determinism contract: straight through equals a save/load in
 * the middle, and the model travels with the state. */
static void test_model_save_load(void **state)
{
    (void)state;
    enum { N = 1200, HALF = 517 };
    sl_cluster_params p;
    sl_cluster_params_default(&p);
    p.scorer = SL_SCORER_MODEL;
    p.merge_every = 7;
    sl_clusterer *c1, *c2;
    assert_int_equal(sl_clusterer_new_params(&p, &c1), SL_OK);
    assert_int_equal(sl_clusterer_new_params(&p, &c2), SL_OK);
    S_sig g;
    sl_assign a, b;
    int created = 0;
    for (int i = 0; i < N; i++) {
        if (i == HALF) S_reload(&c2);
        S_stream(i, &g);
        assert_int_equal(sl_clusterer_assign(c1, i, &g.s, &a), SL_OK);
        assert_int_equal(sl_clusterer_assign(c2, i, &g.s, &b), SL_OK);
        assert_true(a.story == b.story && a.created == b.created && a.score == b.score);
        assert_true(a.score >= 0 && a.score <= 1); /* a probability (1 for a near-duplicate) */
        created += a.created;
        int64_t (*pairs)[2];
        sl_clusterer_merges(c1, &pairs);
        sl_clusterer_merges(c2, &pairs);
    }
    assert_true(created > 1 && created < N / 4);
    char *d1, *d2;
    size_t l1, l2;
    assert_int_equal(sl_clusterer_save(c1, &d1, &l1), SL_OK);
    assert_int_equal(sl_clusterer_save(c2, &d2, &l2), SL_OK);
    assert_int_equal(l1, l2);
    assert_memory_equal(d1, d2, l1);
    /* an older state format is refused cleanly */
    d1[4] = 2;
    sl_clusterer *old = NULL;
    assert_int_equal(sl_clusterer_load(d1, l1, &old), SL_EMODEL);
    assert_null(old);
    free(d1);
    free(d2);
    sl_clusterer_free(c1);
    sl_clusterer_free(c2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_day),
        cmocka_unit_test(test_join_and_split),
        cmocka_unit_test(test_near_duplicates),
        cmocka_unit_test(test_save_load_equivalence),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_dyad_conflict),
        cmocka_unit_test(test_merge_decay),
        cmocka_unit_test(test_title_weight),
        cmocka_unit_test(test_short_shared),
        cmocka_unit_test(test_merge_rest),
        cmocka_unit_test(test_state_v5),
        cmocka_unit_test(test_bg_table),
        cmocka_unit_test(test_model_parse),
        cmocka_unit_test(test_replay_features),
        cmocka_unit_test(test_model_save_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
