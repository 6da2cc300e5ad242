/*
 * cluster_scale.c — scaling micro-benchmark of online story assignment (src/story/cluster.c).
 *
 * Feeds synthetic signatures (a stream of topics that start, run for a while and fade, each
 * with its own vocabulary, plus Zipf-like background words, advancing days, and 2% re-posts)
 * to one clusterer and reports, at 1k, 10k, 100k and 1M articles, the mean assignment time per
 * article over the second half of each range and the clusterer's memory per article. The
 * design promise is a flat cost (candidates come from bounded posting lists, never a scan) and
 * a bounded footprint: targets are cost at 1M <= 2x cost at 1k and <= 1 KB per article.
 *
 * usage: cluster_scale [MAX_ARTICLES]   (default 1000000)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "story/story.h"

typedef struct S_rng { uint64_t s; } S_rng;

static uint64_t S_next(S_rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static double S_unit(S_rng *r) { return (double)(S_next(r) >> 11) / 9007199254740992.0; }

static int S_cmp(const void *a, const void *b)
{
    const sl_term *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#define S_ACTIVE 200 /* topics running at once */

int main(int argc, char **argv)
{
    long max = argc > 1 ? atol(argv[1]) : 1000000;
    if (max < 1000) max = 1000;
    sl_clusterer *c;
    if (sl_clusterer_new(&c) != SL_OK) return 1;
    S_rng r = {0x9e3779b97f4a7c15ULL};
    uint64_t active[S_ACTIVE];
    uint64_t next_topic = 0;
    for (int i = 0; i < S_ACTIVE; i++) active[i] = next_topic++;
    uint64_t *recent_sh = calloc(1024, sizeof *recent_sh);
    if (!recent_sh) return 1;
    printf("%-10s %-14s %-12s %-10s %s\n", "articles", "us/article", "bytes/art", "stories", "(second half of each range)");
    long checkpoint = 1000, stories = 0;
    double t_half = 0;
    long half_from = checkpoint / 2;
    sl_term terms[64];
    for (long i = 0; i < max; i++) {
        /* a topic ends now and then and a new one takes its place */
        if (S_unit(&r) < 0.01) active[S_next(&r) % S_ACTIVE] = next_topic++;
        uint64_t topic = active[(size_t)(pow(S_unit(&r), 2.0) * S_ACTIVE)]; /* skewed popularity */
        size_t n = 0;
        for (int k = 0; k < 24; k++) /* topic words */
            terms[n++] = (sl_term){(topic << 20 | (S_next(&r) % 60)) * 0xff51afd7ed558ccdULL + 7, 1.0f + (float)(S_next(&r) % 3)};
        for (int k = 0; k < 40; k++) { /* background words, Zipf-like over 200k */
            uint64_t w = (uint64_t)(exp(S_unit(&r) * log(200000.0)));
            terms[n++] = (sl_term){(w + (1ull << 60)) * 0xc4ceb9fe1a85ec53ULL + 3, 1.0f};
        }
        qsort(terms, n, sizeof terms[0], S_cmp);
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
            if (!m || terms[m - 1].hash != terms[k].hash) terms[m++] = terms[k];
        uint64_t sh = S_next(&r) | 1;
        if (i > 1024 && S_unit(&r) < 0.02) sh = recent_sh[S_next(&r) % 1024] ^ (1ull << (S_next(&r) % 64));
        recent_sh[i % 1024] = sh;
        sl_story_sig sig = {terms, m, sh, 10000 + i / 5000};
        sl_assign a;
        double t0 = S_now();
        sl_status st = sl_clusterer_assign(c, i, &sig, &a);
        double dt = S_now() - t0;
        if (st != SL_OK) { fprintf(stderr, "assign failed: %s\n", sl_strerror(st)); return 1; }
        stories += a.created;
        int64_t (*pairs)[2];
        sl_clusterer_merges(c, &pairs);
        if (i >= half_from) t_half += dt;
        if (i + 1 == checkpoint || i + 1 == max) {
            long span = i + 1 - half_from;
            printf("%-10ld %-14.2f %-12.0f %-10ld\n", i + 1, 1e6 * t_half / (double)span,
                   (double)sl_clusterer_memory(c) / (double)(i + 1), stories);
            fflush(stdout);
            checkpoint *= 10;
            half_from = (checkpoint < max ? checkpoint : max) / 2;
            t_half = 0;
        }
    }
    free(recent_sh);
    sl_clusterer_free(c);
    return 0;
}
