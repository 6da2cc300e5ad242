/* test_ner_beam.c — the beam decoder's and beam training's pieces: the split of the
 * tag-dependent features (sl_ner_dyn_tag + sl_ner_dyn_word = sl_ner_dyn_feats), the document
 * memory with a hypothesis' own counts (sl_ner_hist_get_extra), the split of two adjacent
 * names read as one person, and training on a small hand-written set (deterministic, fits
 * its data, decoded by the same beam). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "extract/ner.h"
#include "extract/ner_model.h"
#include "ner_testdoc.h"

static int S_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* a and b hold the same features, as multisets */
static void S_same(uint32_t *a, size_t na, uint32_t *b, size_t nb)
{
    assert_int_equal(na, nb);
    qsort(a, na, sizeof *a, S_cmp);
    qsort(b, nb, sizeof *b, S_cmp);
    assert_memory_equal(a, b, na * sizeof *a);
}

static void test_dyn_split(void **state)
{
    (void)state;
    sl_ner_tok toks[3] = {{"Vladimir", 8}, {"Putin", 5}, {"said", 4}};
    sl_ner_tokinfo info[3];
    sl_ner_tokinfo_fill(NULL, NULL, false, toks, 3, info);
    for (int p1 = 0; p1 < SL_NER_NTAGS; p1++)
        for (int p2 = 0; p2 < SL_NER_NTAGS; p2 += 3)
            for (int hist = 0; hist < 6; hist++) {
                const sl_ner_tokinfo *t = &info[1];
                uint32_t all[32], part[32];
                size_t na = sl_ner_dyn_feats(t, p1, p2, hist, all);
                size_t np = sl_ner_dyn_tag(p1, p2, part);
                np += sl_ner_dyn_word(t, p1, hist, false, part + np);
                S_same(all, na, part, np);
                if (p1) continue;
                /* after an O: the word-type cache's DYN0 row holds previous tag x word, the
                 * previous tag alone too; dyn_tag's second feature and dyn_word(no_p1) the rest */
                uint32_t tag[2];
                sl_ner_dyn_tag(0, p2, tag);
                np = sl_ner_word_feats(t, SL_NER_ROLE_DYN0, false, part);
                part[np++] = tag[1];
                np += sl_ner_dyn_word(t, 0, hist, true, part + np);
                na = sl_ner_dyn_feats(t, 0, p2, hist, all);
                S_same(all, na, part, np);
            }
}

static void test_hist_extra(void **state)
{
    (void)state;
    sl_ner_hist h = {0};
    uint16_t none[5] = {0}, two_org[5] = {0, 0, 2, 0, 0}, one_o[5] = {1, 0, 0, 0, 0};
    /* empty memory: unseen, unless the hypothesis saw the word */
    assert_int_equal(sl_ner_hist_get_extra(&h, 42, none), 0);
    assert_int_equal(sl_ner_hist_get_extra(&h, 42, one_o), 1);
    assert_int_equal(sl_ner_hist_get_extra(&h, 42, two_org), 2 + SL_ORG);
    assert_true(sl_ner_hist_add(&h, 42, SL_PER));
    assert_true(sl_ner_hist_add(&h, 7, -1));
    /* with no extra counts it is sl_ner_hist_get */
    for (uint32_t w = 0; w < 50; w++) assert_int_equal(sl_ner_hist_get_extra(&h, w, none), sl_ner_hist_get(&h, w));
    assert_int_equal(sl_ner_hist_get_extra(&h, 42, none), 2 + SL_PER);
    /* the hypothesis' two ORG outvote the memory's one PER */
    assert_int_equal(sl_ner_hist_get_extra(&h, 42, two_org), 2 + SL_ORG);
    assert_int_equal(sl_ner_hist_get_extra(&h, 7, two_org), 2 + SL_ORG);
    assert_int_equal(sl_ner_hist_get_extra(&h, 7, one_o), 1);
    sl_ner_hist_free(&h);
}

/* A mention by its text. */
static void S_mention(sl_doc *d, const char *text, const char *m, int type)
{
    const char *at = strstr(text, m);
    assert_non_null(at);
    sl_mention mn = {{(uint32_t)(at - text), (uint32_t)(at - text + strlen(m))}, 0, (uint8_t)type, -1};
    assert_true(sl_vec_push(&d->mentions, mn));
}

static bool S_has(const sl_doc *d, const char *m, int type)
{
    size_t n = strlen(m);
    for (size_t i = 0; i < d->mentions.n; i++) {
        const sl_mention *x = &d->mentions.v[i];
        if (x->type == type && x->span.end - x->span.start == n && !memcmp(d->text + x->span.start, m, n))
            return true;
    }
    return false;
}

static void test_split_joined(void **state)
{
    (void)state;
    const char *text = "kim jong un met vladimir putin ahead of a putin kim summit on the pacific coast";
    sl_doc *d = T_doc(text, SL_DOC_LOWERCASED);
    S_mention(d, text, "kim jong un", SL_PER);
    S_mention(d, text, "vladimir putin", SL_PER);
    S_mention(d, text, "putin kim", SL_PER);
    S_mention(d, text, "pacific", SL_LOC);
    assert_int_equal(sl_ner_split_joined_persons(d), SL_OK);
    assert_int_equal(d->mentions.n, 5);
    assert_true(S_has(d, "putin", SL_PER));
    assert_true(S_has(d, "kim", SL_PER));
    assert_false(S_has(d, "putin kim", SL_PER));
    /* order kept, the rest untouched */
    assert_true(d->mentions.v[2].span.start < d->mentions.v[3].span.start);
    assert_int_equal(d->mentions.v[4].type, SL_LOC);
    sl_doc_free(d);
    /* a real two-word name: "jong" ends no other name; and both words from one name only */
    text = "kim jong un and vladimir putin met jong kim and putin vladimir";
    d = T_doc(text, SL_DOC_LOWERCASED);
    S_mention(d, text, "kim jong un", SL_PER);
    S_mention(d, text, "vladimir putin", SL_PER);
    S_mention(d, text, "jong kim", SL_PER);
    S_mention(d, text, "putin vladimir", SL_PER);
    assert_int_equal(sl_ner_split_joined_persons(d), SL_OK);
    assert_int_equal(d->mentions.n, 4);
    assert_true(S_has(d, "jong kim", SL_PER));
    assert_true(S_has(d, "putin vladimir", SL_PER));
    sl_doc_free(d);
}

/* A hand-written training set: a few sentences in two documents. */
static const char S_train[] =
    "-DOCSTART- -X- -X- O\n\n"
    "Peter NNP B-NP B-PER\nBlack NNP I-NP I-PER\nvisited VBD B-VP O\nParis NNP B-NP B-LOC\n. . O O\n\n"
    "He PRP B-NP O\nmet VBD B-VP O\nAcme NNP B-NP B-ORG\nCorp NNP I-NP I-ORG\nofficials NNS I-NP O\n. . O O\n\n"
    "-DOCSTART- -X- -X- O\n\n"
    "Black NNP B-NP B-PER\nleft VBD B-VP O\nBerlin NNP B-NP B-LOC\nfor IN B-PP O\nParis NNP B-NP B-LOC\n. . O O\n\n"
    "German JJ B-NP B-MISC\nbanks NNS I-NP O\nand CC O O\nAcme NNP B-NP B-ORG\nCorp NNP I-NP I-ORG\nagreed VBD B-VP O\n"
    ". . O O\n\n";

static void test_train_small(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_ner_beam.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char data[256], m1[256], m2[256], err[256] = "";
    snprintf(data, sizeof data, "%s/train.txt", dir);
    snprintf(m1, sizeof m1, "%s/a.bin", dir);
    snprintf(m2, sizeof m2, "%s/b.bin", dir);
    FILE *fp = fopen(data, "w");
    assert_non_null(fp);
    fputs(S_train, fp);
    fclose(fp);
    sl_conll c, cd;
    assert_int_equal(sl_conll_read(data, &c, err, sizeof err), SL_OK);
    assert_int_equal(sl_conll_read(data, &cd, err, sizeof err), SL_OK);
    assert_int_equal(sl_conll_degrade(&cd), SL_OK);
    struct sl_lexicon *lex = NULL;
    assert_int_equal(sl_lexicon_load(&lex), SL_OK);
    sl_ner_train_opts o = {.epochs = 8, .seed = 1, .max_features = 200000, .bags = 2};
    assert_int_equal(sl_ner_train(lex, &c, &cd, &o, m1, err, sizeof err), SL_OK);
    assert_int_equal(sl_ner_train(lex, &c, &cd, &o, m2, err, sizeof err), SL_OK);
    char *b1, *b2;
    size_t l1, l2;
    assert_int_equal(sl_read_file(m1, 1u << 26, &b1, &l1), SL_OK);
    assert_int_equal(sl_read_file(m2, 1u << 26, &b2, &l2), SL_OK);
    assert_int_equal(l1, l2); /* deterministic */
    assert_memory_equal(b1, b2, l1);
    struct sl_ner_model *m = NULL;
    assert_int_equal(sl_ner_model_parse(b1, l1, &m, err, sizeof err), SL_OK);
    /* the beam-trained weights tag their own training data right, both tables */
    sl_ner_counts cnt = {0};
    assert_int_equal(sl_ner_eval(m, lex, false, &c, NULL, &cnt), SL_OK);
    assert_int_equal(cnt.gold, 8);
    assert_int_equal(cnt.correct, cnt.gold);
    assert_int_equal(cnt.pred, cnt.gold);
    memset(&cnt, 0, sizeof cnt);
    assert_int_equal(sl_ner_eval(m, lex, true, &cd, NULL, &cnt), SL_OK);
    assert_int_equal(cnt.correct, cnt.gold);
    sl_ner_model_free(m);
    sl_lexicon_free(lex);
    free(b1);
    free(b2);
    sl_conll_free(&c);
    sl_conll_free(&cd);
    remove(data);
    remove(m1);
    remove(m2);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dyn_split),
        cmocka_unit_test(test_hist_extra),
        cmocka_unit_test(test_split_joined),
        cmocka_unit_test(test_train_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
