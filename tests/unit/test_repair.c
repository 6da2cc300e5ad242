/* test_repair.c — repair of degraded text (src/text/repair.c): detection, truecasing with
 * context, sentence-end restoration (with a hand-made model and with the shipped one), the
 * word sequence kept intact, and cased text left exactly as it was (the seeds when
 * $SL_SHARED is set). */
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

static sl_doc *S_repair(const struct sl_engine *e, const char *text)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    assert_int_equal(sl_repair(e, d), SL_OK);
    assert_int_equal(strlen(d->text), d->text_len);
    return d;
}

/* The lower-cased words of s joined by spaces: what repair must never change. */
static char *S_words(const char *s)
{
    sl_buf b;
    sl_buf_init(&b);
    assert_int_equal(sl_repair_degrade(s, strlen(s), &b), SL_OK);
    return sl_buf_take(&b);
}

static const char *S_lower_text =
    "the minister said on tuesday that the government would not change its plans for the "
    "new budget despite pressure from the opposition and from several regional leaders who "
    "have asked for more money for schools and hospitals in their provinces this year";

static void test_detection(void **state)
{
    assert_true(sl_repair_is_lowercased(S_lower_text, strlen(S_lower_text)));
    assert_true(sl_repair_is_nopunct(S_lower_text, strlen(S_lower_text)));
    const char *cased = "The minister said on Tuesday that the government of Canada would not change "
                        "its plans. Prime Minister Justin Trudeau agreed with her in Ottawa. The "
                        "opposition leader, Andrew Scheer, did not.";
    assert_false(sl_repair_is_lowercased(cased, strlen(cased)));
    assert_false(sl_repair_is_nopunct(cased, strlen(cased)));
    const char *lower_punct = "the minister said on tuesday that the plan would stay. the opposition "
                              "leader said it would fail. the vote is on friday in ottawa.";
    assert_true(sl_repair_is_lowercased(lower_punct, strlen(lower_punct)));
    assert_false(sl_repair_is_nopunct(lower_punct, strlen(lower_punct)));
    /* too short to tell */
    assert_false(sl_repair_is_lowercased("hello there", 11));
    assert_false(sl_repair_is_nopunct("hello there", 11));
}

static void test_cased_unchanged(void **state)
{
    const char *t = "Russian President Vladimir Putin met Kim Jong Un in Vladivostok on Thursday. "
                    "\"We had a good talk,\" Mr. Putin said.\n\nThe U.S. welcomed it.";
    sl_doc *d = S_repair(&S_eng, t);
    assert_string_equal(d->text, t);
    assert_null(d->orig);
    assert_int_equal(d->flags, 0);
    sl_doc_free(d);
}

static void test_seeds(void **state)
{
    const char *shared = getenv("SL_SHARED");
    if (!shared) { skip(); return; }
    static const char *cased[] = {"000_c3e106af9eabc524.txt", "001_e8da890de1d0a941.txt"};
    char path[4096];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/seeds/%s", shared, cased[i]);
        char *data;
        size_t len;
        assert_int_equal(sl_read_file(path, 1u << 24, &data, &len), SL_OK);
        data[len] = 0;
        sl_doc *d = S_repair(&S_eng, data);
        assert_int_equal(d->flags & (SL_DOC_LOWERCASED | SL_DOC_NOPUNCT), 0);
        assert_string_equal(d->text, data);
        sl_doc_free(d);
        free(data);
    }
    snprintf(path, sizeof path, "%s/seeds/002_0fbb9887d98a567f.txt", shared);
    char *data;
    size_t len;
    assert_int_equal(sl_read_file(path, 1u << 24, &data, &len), SL_OK);
    sl_doc *d = S_repair(&S_eng, data);
    assert_int_equal(d->flags & (SL_DOC_LOWERCASED | SL_DOC_NOPUNCT), SL_DOC_LOWERCASED | SL_DOC_NOPUNCT);
    assert_non_null(d->orig);
    assert_int_equal(memcmp(d->orig, data, len), 0);
    assert_non_null(strstr(d->text, "Kim Jong Un"));
    assert_null(strstr(d->text, "Jong UN"));
    assert_non_null(strstr(d->text, "Vladimir Putin"));
    assert_non_null(strstr(d->text, "Russian"));
    assert_non_null(strstr(d->text, "Korea"));
    /* sentences were restored: the segmenter now finds many */
    assert_int_equal(sl_segment(&S_eng, d), SL_OK);
    assert_true(d->sentences.n >= 10);
    char *w1 = S_words(data), *w2 = S_words(d->text);
    assert_string_equal(w1, w2);
    free(w1);
    free(w2);
    sl_doc_free(d);
    free(data);
}

static void test_truecase_context(void **state)
{
    /* a hand-made table: "un" is "UN" alone but "Un" after "jong"; nothing inserted */
    const char *words = "# test\nUN\nKim\nJong\njong\tUn\nPutin\nVladimir\nRussian\n";
    sl_truecaser_src src = {.words = words, .wlen = strlen(words)};
    struct sl_engine e = {0};
    assert_int_equal(sl_truecaser_from_text(&src, &e.truecaser), SL_OK);
    const char *t = "kim jong un and russian leader vladimir putin met the un envoy. they talked "
                    "about the un plan for the region. the talks went on for many hours.";
    sl_doc *d = S_repair(&e, t);
    assert_int_equal(d->flags, SL_DOC_LOWERCASED); /* punctuation is there */
    assert_string_equal(d->text, "Kim Jong Un and Russian leader Vladimir Putin met the UN envoy. They talked "
                                 "about the UN plan for the region. The talks went on for many hours.");
    assert_string_equal(d->orig, t);
    sl_doc_free(d);
    sl_truecaser_free(e.truecaser);
}

static void test_bounds_handmade(void **state)
{
    /* a hand-made boundary model: a sentence ends before "he" and before "the" */
    const char *bounds = "@threshold\t0\nbias\t-1\nw1 he\t3\nw1 the\t2\n";
    sl_truecaser_src src = {.bounds = bounds, .blen = strlen(bounds)};
    struct sl_engine e = {0};
    assert_int_equal(sl_truecaser_from_text(&src, &e.truecaser), SL_OK);
    const char *t = "The talks ended on Friday in Geneva after three days of meetings between both "
                    "sides he said the two sides would meet again next week in Vienna or in Rome "
                    "and that a deal was close but not yet done for the moment as far as anyone "
                    "knew";
    assert_false(sl_repair_is_lowercased(t, strlen(t)));
    sl_doc *d = S_repair(&e, t);
    assert_int_equal(d->flags, SL_DOC_NOPUNCT);
    assert_string_equal(d->text, "The talks ended on Friday in Geneva after three days of meetings between both "
                                 "sides. He said. The two sides would meet again next week in Vienna or in Rome "
                                 "and that a deal was close but not yet done for. The moment as far as anyone "
                                 "knew");
    sl_doc_free(d);
    /* gaps that already hold punctuation are left alone */
    const char *t2 = "first part of a long text, he said; the end of it is here and the rest of "
                     "the words go on for a while without any stop at all so that it is long "
                     "enough for the detector to see it";
    d = S_repair(&e, t2);
    assert_non_null(strstr(d->text, ", he said; the end"));
    sl_doc_free(d);
    sl_truecaser_free(e.truecaser);
}

static void test_shipped_model(void **state)
{
    /* hand-written text degraded like seed 002; the shipped model must restore some ends
     * and the casing table the obvious names, without touching the word sequence */
    const char *t =
        "president bill clinton said on monday that the united states would send more aid to "
        "the region he told reporters at the white house that the money would arrive next week "
        "the united nations said it welcomed the decision officials in london and paris did not "
        "comment on the plan which congress must still approve before the end of the year";
    sl_doc *d = S_repair(&S_eng, t);
    assert_int_equal(d->flags, SL_DOC_LOWERCASED | SL_DOC_NOPUNCT);
    assert_non_null(strstr(d->text, "President Bill Clinton"));
    assert_non_null(strstr(d->text, "London"));
    assert_non_null(strstr(d->text, "Paris"));
    assert_non_null(strstr(d->text, "Monday"));
    assert_true(d->text[0] == 'P');
    assert_int_equal(sl_segment(&S_eng, d), SL_OK);
    assert_true(d->sentences.n >= 2);
    char *w1 = S_words(t), *w2 = S_words(d->text);
    assert_string_equal(w1, w2);
    free(w1);
    free(w2);
    sl_doc_free(d);
}

static void test_words_and_degrade(void **state)
{
    const char *t = "U.S. President Trump's \xC3\x89lys\xC3\xA9" "e visit -- 3.5%!";
    sl_span *w;
    size_t n;
    assert_int_equal(sl_repair_words(t, strlen(t), &w, &n), SL_OK);
    assert_int_equal(n, 9); /* U S President Trump s Élysée visit 3 5 */
    free(w);
    char *s = S_words(t);
    assert_string_equal(s, "u s president trump s \xC3\xA9lys\xC3\xA9" "e visit 3 5");
    free(s);
}

static void test_case_of(void **state)
{
    assert_int_equal(sl_bnd_case_of("said", 4), SL_BCASE_LOWER);
    assert_int_equal(sl_bnd_case_of("The", 3), SL_BCASE_CAP);
    assert_int_equal(sl_bnd_case_of("A", 1), SL_BCASE_CAP);
    assert_int_equal(sl_bnd_case_of("McCain", 6), SL_BCASE_CAP);
    assert_int_equal(sl_bnd_case_of("UN", 2), SL_BCASE_UPPER);
    assert_int_equal(sl_bnd_case_of("1998", 4), SL_BCASE_NUM);
    assert_int_equal(sl_bnd_case_of("\xC3\x89lys\xC3\xA9" "e", 7), SL_BCASE_CAP); /* Élysée */
    assert_int_equal(sl_bnd_case_of("\xC3\x89TAT", 5), SL_BCASE_UPPER);       /* ÉTAT */
    assert_int_equal(sl_bnd_case_of("iPhone", 6), SL_BCASE_LOWER);
}

/* Names of the features of gap i of the lower-case words of s, cased or not. */
static size_t S_feat_names(const struct sl_truecaser *t, const char *s, size_t i, bool cased,
                           char (*names)[SL_BND_NAME_MAX])
{
    static char low[512];
    static sl_bword w[32];
    size_t n = 0, o = 0;
    for (const char *p = s; *p && n < 32;) {
        const char *q = strchr(p, ' ');
        size_t l = q ? (size_t)(q - p) : strlen(p);
        w[n].s = low + o;
        w[n].n = (uint32_t)l;
        w[n].cas = cased ? sl_bnd_case_of(p, l) : SL_BCASE_UNKNOWN;
        for (size_t k = 0; k < l; k++) low[o++] = (char)(p[k] >= 'A' && p[k] <= 'Z' ? p[k] + 32 : p[k]);
        n++;
        p = q ? q + 1 : p + l;
    }
    uint64_t f[SL_BND_MAX_FEATS];
    size_t nf = sl_bnd_features_named(t, w, n, i, f, names);
    assert_true(nf <= SL_BND_MAX_FEATS);
    for (size_t k = 0; k < nf; k++) assert_true(f[k] == sl_bnd_hash(names[k], strlen(names[k])));
    uint64_t f2[SL_BND_MAX_FEATS];
    assert_int_equal(sl_bnd_features(t, w, n, i, f2), nf); /* the same with or without names */
    assert_memory_equal(f, f2, nf * sizeof(*f));
    return nf;
}

static bool S_has_name(char (*names)[SL_BND_NAME_MAX], size_t nf, const char *name)
{
    for (size_t k = 0; k < nf; k++)
        if (!strcmp(names[k], name)) return true;
    return false;
}

static void test_features(void **state)
{
    const char *words = "# test\nGeneva\n";
    sl_truecaser_src src = {.words = words, .wlen = strlen(words)};
    struct sl_truecaser *t;
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_OK);
    char names[SL_BND_MAX_FEATS][SL_BND_NAME_MAX];
    /* gap after "ended": lower-case text has only the case-blind features */
    size_t nf = S_feat_names(t, "the talks ended The minister said", 2, false, names);
    assert_true(S_has_name(names, nf, "bias"));
    assert_true(S_has_name(names, nf, "w0 ended"));
    assert_true(S_has_name(names, nf, "w1 the"));
    assert_true(S_has_name(names, nf, "w01 ended the"));
    assert_true(S_has_name(names, nf, "s0 ded"));
    assert_false(S_has_name(names, nf, "c1 C"));
    /* the same words with their case: a capital on a word usually written in lower case */
    nf = S_feat_names(t, "the talks ended The minister said", 2, true, names);
    assert_true(S_has_name(names, nf, "c1 C"));
    assert_true(S_has_name(names, nf, "c01 l C"));
    assert_true(S_has_name(names, nf, "c1k1 C l"));
    assert_true(S_has_name(names, nf, "c1w1 C the"));
    /* before a name the table knows: the capital is the name's own */
    nf = S_feat_names(t, "the talks ended in Geneva on Friday", 3, true, names);
    assert_true(S_has_name(names, nf, "c1k1 C C"));
    assert_true(S_has_name(names, nf, "w1 geneva"));
    /* numbers by shape, the text's ends as <E> */
    nf = S_feat_names(t, "they won 1998", 2, true, names);
    assert_true(S_has_name(names, nf, "w0 <n4>"));
    assert_true(S_has_name(names, nf, "w1 <E>"));
    assert_true(S_has_name(names, nf, "c01 n E"));
    sl_truecaser_free(t);
}

static void test_decode(void **state)
{
    /* greedy without a prior: every free gap above the threshold, forced ones as told */
    const char *greedy = "@threshold\t0\nbias\t0\n";
    sl_truecaser_src src = {.bounds = greedy, .blen = strlen(greedy)};
    struct sl_truecaser *t;
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_OK);
    const sl_bnd_model *m = sl_bnd_model_for(t, true); /* no cased model: the lower-case one */
    assert_non_null(m);
    assert_ptr_equal(m, sl_bnd_model_for(t, false));
    float sc[8] = {1, -1, 2, 0.5f, -3, 1, -1, 0};
    uint8_t fo[8] = {0, 0, SL_BND_NEVER, 0, SL_BND_MUST, 0, 0, 0}, e[8];
    assert_int_equal(sl_bnd_decode(m, sl_bnd_model_threshold(m), -1, sc, fo, 8, e), SL_OK);
    static const uint8_t eg[8] = {1, 0, 0, 1, 1, 1, 0, 0};
    assert_memory_equal(e, eg, 8);
    sl_truecaser_free(t);

    /* with a length prior that makes one-word sentences very unlikely: of two adjacent
     * candidate ends only the stronger is kept, and a forced end always stays */
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_puts(&b, "@threshold\t0\n@lambda\t1\nbias\t0\n@len 1\t-50\n");
    for (int L = 2; L <= (int)SL_BND_MAX_LEN; L++) sl_buf_printf(&b, "@len %d\t-1\n", L);
    src.bounds = b.data;
    src.blen = b.len;
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_OK);
    m = sl_bnd_model_for(t, false);
    float s2[8] = {-5, -5, 3, 4, -5, -5, -5, 0};
    uint8_t f2[8] = {0};
    assert_int_equal(sl_bnd_decode(m, 0, -1, s2, f2, 8, e), SL_OK);
    static const uint8_t e2[8] = {0, 0, 0, 1, 0, 0, 0, 0};
    assert_memory_equal(e, e2, 8);
    /* lambda 0 is the greedy decoder: both ends */
    assert_int_equal(sl_bnd_decode(m, 0, 0, s2, f2, 8, e), SL_OK);
    assert_int_equal(e[2] + e[3], 2);
    /* a forced end next to a strong candidate: the forced one wins, the other goes */
    f2[2] = SL_BND_MUST;
    assert_int_equal(sl_bnd_decode(m, 0, -1, s2, f2, 8, e), SL_OK);
    assert_int_equal(e[2], 1);
    assert_int_equal(e[3], 0);
    /* a sentence longer than SL_BND_MAX_LEN words is still decoded, with no end at all */
    enum { N = 300 };
    float *s3 = calloc(N, sizeof(*s3));
    uint8_t *f3 = calloc(N, 1), *e3 = calloc(N, 1);
    assert_non_null(s3);
    assert_non_null(f3);
    assert_non_null(e3);
    for (size_t i = 0; i < N; i++) s3[i] = -100;
    assert_int_equal(sl_bnd_decode(m, 0, -1, s3, f3, N, e3), SL_OK);
    for (size_t i = 0; i < N; i++) assert_int_equal(e3[i], 0);
    /* ... and a run of "never" gaps longer than that too */
    for (size_t i = 0; i < N; i++) f3[i] = SL_BND_NEVER;
    s3[10] = 100;
    f3[10] = SL_BND_FREE;
    assert_int_equal(sl_bnd_decode(m, 0, -1, s3, f3, N, e3), SL_OK);
    assert_int_equal(e3[10], 1);
    /* a long text with a candidate end every 20 words: one endless sentence must not be
     * cheaper than the real ones (the prior falls past SL_BND_MAX_LEN words) */
    enum { N2 = 1000 };
    float *s4 = calloc(N2, sizeof(*s4));
    uint8_t *f4 = calloc(N2, 1), *e4 = calloc(N2, 1);
    assert_non_null(s4);
    assert_non_null(f4);
    assert_non_null(e4);
    for (size_t i = 0; i < N2; i++) s4[i] = i % 20 == 19 ? 2 : -5;
    assert_int_equal(sl_bnd_decode(m, 0, -1, s4, f4, N2, e4), SL_OK);
    for (size_t i = 0; i + 1 < N2; i++) assert_int_equal(e4[i], i % 20 == 19);
    free(s4);
    free(f4);
    free(e4);
    free(s3);
    free(f3);
    free(e3);
    sl_buf_free(&b);
    sl_truecaser_free(t);
}

static void test_bounds_cased_handmade(void **state)
{
    /* a hand-made cased model: an end before a capital on a word usually in lower case */
    const char *words = "# test\nGeneva\nVienna\nFriday\n";
    const char *bounds = "@threshold\t0\nbias\t-1\nw1 he\t3\n";
    const char *cbounds = "@threshold\t0\nbias\t-1\nc1k1 C l\t3\n";
    sl_truecaser_src src = {.words = words, .wlen = strlen(words), .bounds = bounds, .blen = strlen(bounds),
                            .bounds_cased = cbounds, .bclen = strlen(cbounds)};
    struct sl_engine e = {0};
    assert_int_equal(sl_truecaser_from_text(&src, &e.truecaser), SL_OK);
    assert_ptr_not_equal(sl_bnd_model_for(e.truecaser, true), sl_bnd_model_for(e.truecaser, false));
    const char *t = "The talks ended on Friday in Geneva after three days of meetings between both "
                    "sides The two sides would meet again next week in Vienna and a deal was close "
                    "but not yet done he said and nobody knew more than that about it at all and "
                    "so on";
    sl_doc *d = S_repair(&e, t);
    assert_int_equal(d->flags, SL_DOC_NOPUNCT);
    /* the cased model only: no end before "he" (the lower-case model's cue) */
    assert_string_equal(d->text, "The talks ended on Friday in Geneva after three days of meetings between both "
                                 "sides. The two sides would meet again next week in Vienna and a deal was close "
                                 "but not yet done he said and nobody knew more than that about it at all and "
                                 "so on");
    sl_doc_free(d);
    /* lower-cased text goes to the lower-case model */
    d = S_repair(&e, "the talks ended on friday in geneva after three days of meetings between both "
                     "sides he said the two sides would meet again next week in vienna and that it was "
                     "close to a deal that both of them could accept in the end if nothing went wrong "
                     "before then");
    assert_non_null(strstr(d->text, "sides. He said"));
    sl_doc_free(d);
    sl_truecaser_free(e.truecaser);
}

static void test_shipped_cased(void **state)
{
    /* hand-written news text with its punctuation stripped and its case kept */
    const char *t =
        "President Bill Clinton said on Monday that the United States would send more aid to "
        "the region He told reporters at the White House that the money would arrive next week "
        "The United Nations said it welcomed the decision Officials in London and Paris did not "
        "comment on the plan which Congress must still approve before the end of the year";
    sl_doc *d = S_repair(&S_eng, t);
    assert_int_equal(d->flags, SL_DOC_NOPUNCT);
    assert_non_null(strstr(d->text, "region. He told"));
    assert_non_null(strstr(d->text, "week. The United Nations"));
    assert_non_null(strstr(d->text, "decision. Officials"));
    assert_null(strstr(d->text, "Bill. "));
    assert_null(strstr(d->text, "United. "));
    assert_null(strstr(d->text, "London. "));
    char *w1 = S_words(t), *w2 = S_words(d->text);
    assert_string_equal(w1, w2);
    free(w1);
    free(w2);
    sl_doc_free(d);
}

static void test_strip(void **state)
{
    const char *t = "U.S. President Trump's \xC3\x89lys\xC3\xA9" "e visit -- 3.5%!\n\nNext.";
    sl_buf b;
    sl_buf_init(&b);
    assert_int_equal(sl_repair_strip(t, strlen(t), &b), SL_OK);
    assert_string_equal(b.data, "U S President Trump s \xC3\x89lys\xC3\xA9" "e visit 3 5 Next");
    sl_buf_free(&b);
}

static void test_model_file(void **state)
{
    /* the shipped binary models load; a truncated, corrupted or mislabelled copy is refused */
    size_t len = 0;
    const char *bin = sl_resource("segment-cased.bin", &len);
    assert_non_null(bin);
    assert_true(sl_bnd_is_binary(bin, len));
    assert_non_null(sl_bnd_model_for(S_eng.truecaser, true));
    assert_ptr_not_equal(sl_bnd_model_for(S_eng.truecaser, true), sl_bnd_model_for(S_eng.truecaser, false));
    char *copy = malloc(len);
    assert_non_null(copy);
    memcpy(copy, bin, len);
    struct sl_truecaser *t = NULL;
    sl_truecaser_src src = {.bounds_cased = copy, .bclen = len};
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_OK);
    sl_truecaser_free(t);
    src.bclen = len - 5; /* truncated */
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_EMODEL);
    src.bclen = 20;
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_EMODEL);
    src.bclen = len;
    copy[len / 2] ^= 0x40; /* a flipped bit: the checksum */
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_EMODEL);
    copy[len / 2] ^= 0x40;
    copy[8] = 99; /* another version */
    assert_int_equal(sl_truecaser_from_text(&src, &t), SL_EMODEL);
    copy[8] = 1;
    /* the cased file given as the lower-case model */
    sl_truecaser_src swapped = {.bounds = copy, .blen = len};
    assert_int_equal(sl_truecaser_from_text(&swapped, &t), SL_EMODEL);
    free(copy);
    /* a bad TSV line */
    const char *bad = "@threshold\tnot-a-number\n";
    sl_truecaser_src tsv = {.bounds = bad, .blen = strlen(bad)};
    assert_int_equal(sl_truecaser_from_text(&tsv, &t), SL_EMODEL);
    const char *badlen = "@len 999\t-1\n";
    tsv.bounds = badlen;
    tsv.blen = strlen(badlen);
    assert_int_equal(sl_truecaser_from_text(&tsv, &t), SL_EMODEL);
}

static void test_no_engine(void **state)
{
    sl_doc *d = S_repair(NULL, S_lower_text);
    assert_string_equal(d->text, S_lower_text);
    assert_int_equal(d->flags, 0);
    sl_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detection),        cmocka_unit_test(test_cased_unchanged),
        cmocka_unit_test(test_seeds),            cmocka_unit_test(test_truecase_context),
        cmocka_unit_test(test_bounds_handmade),  cmocka_unit_test(test_shipped_model),
        cmocka_unit_test(test_words_and_degrade), cmocka_unit_test(test_no_engine),
        cmocka_unit_test(test_case_of),          cmocka_unit_test(test_features),
        cmocka_unit_test(test_decode),           cmocka_unit_test(test_bounds_cased_handmade),
        cmocka_unit_test(test_shipped_cased),    cmocka_unit_test(test_strip),
        cmocka_unit_test(test_model_file),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
