/*
 * rouge.h — ROUGE-N recall/precision/F as ROUGE-1.5.5 computes them with
 * `-n 4 -m -a -l 100 -x -c 95 -r 1000 -f A -p 0.5 -t 0` (point estimates; no bootstrap).
 *
 * Used by `storyline eval rouge` (score a folder of peer summaries) and `storyline eval summ`
 * (score Storyline's own summaries and the baselines). Pure functions over prepared texts, so
 * tests/unit/test_rouge.c checks them on hand-computed cases.
 *
 * How ROUGE-1.5.5 sees a text (each point was checked against its published output):
 *   1. -l N keeps the first N whitespace-separated words of the file (peer AND references);
 *   2. ASCII letters are lower-cased and every byte outside [a-z0-9] becomes a space;
 *   3. -m: a token longer than 3 characters is replaced by its WordNet exception base form
 *      (said -> say) when it has one, else by its Porter (1980) stem;
 *   4. n-grams run across line and sentence boundaries.
 * With -f A a topic pools over its references: hits (peer counts clipped per reference) and
 * reference n-gram totals are summed, then divided. The set average is the plain mean of topics.
 */
#ifndef SL_EVAL_ROUGE_H
#define SL_EVAL_ROUGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

#define SL_ROUGE_MAX_N       4          /* highest n-gram order scored */
#define SL_ROUGE_MAX_BYTES   (4u << 20) /* largest summary file read */
#define SL_ROUGE_MAX_REFS    64         /* references per topic */
#define SL_ROUGE_MAX_TOPICS  10000      /* topics per folder */
#define SL_ROUGE_DEFAULT_WORDNET "/usr/share/wordnet"

/* WordNet exception lists (inflected form -> base form), immutable once loaded. */
typedef struct sl_rouge sl_rouge;

/* Loads {noun,verb,adj,adv}.exc from `wordnet_dir` (NULL = SL_ROUGE_DEFAULT_WORDNET).
 * Owned; sl_rouge_free. SL_EIO with a message naming the file when one is missing.
 * sl_rouge_new_empty gives a scorer without exceptions (Porter only), for tests. */
sl_status sl_rouge_new(const char *wordnet_dir, sl_rouge **out, char *err, size_t errlen);
sl_rouge *sl_rouge_new_empty(void);
/* Adds one exception (tests, and the loader). A later entry for the same word replaces it. */
sl_status sl_rouge_add_exception(sl_rouge *r, const char *word, const char *base);
void sl_rouge_free(sl_rouge *r);

/* Porter's stemmer as in ROUGE-1.5.5 (in place; the stem is never longer). */
void sl_porter_stem(char *w);
/* ROUGE's -m stem of one lower-case token into out (size outlen): tokens of <= 3 chars are
 * kept, exceptions win, else Porter. */
void sl_rouge_stem(const sl_rouge *r, const char *tok, size_t len, char *out, size_t outlen);

/* A text as ROUGE sees it: the token sequence after the -l cut, tokenization and stemming. */
typedef struct sl_rouge_text {
    char **tok;   /* tok[i] points into buf */
    size_t n;
    char *buf;
} sl_rouge_text;

/* Prepares s[0..len). `words` > 0 cuts to the first `words` whitespace words first (-l);
 * 0 keeps everything. */
sl_status sl_rouge_text_init(const sl_rouge *r, const char *s, size_t len, int words,
                             sl_rouge_text *t);
void sl_rouge_text_free(sl_rouge_text *t);
/* Number of whitespace-separated words, as -l counts them. */
size_t sl_rouge_count_words(const char *s, size_t len);

typedef struct sl_rouge_score {
    /* index n = 1..SL_ROUGE_MAX_N (0 unused) */
    double r[SL_ROUGE_MAX_N + 1], p[SL_ROUGE_MAX_N + 1], f[SL_ROUGE_MAX_N + 1];
    size_t hit[SL_ROUGE_MAX_N + 1], ref_total[SL_ROUGE_MAX_N + 1], peer_total[SL_ROUGE_MAX_N + 1];
} sl_rouge_score;

/* Scores one peer against a topic's references (-f A pooling, alpha 0.5). */
sl_status sl_rouge_score_topic(const sl_rouge_text *peer, const sl_rouge_text *refs, size_t nrefs,
                               sl_rouge_score *out);

/* ---- helpers shared by the eval subcommands -------------------------------------------- */

/* Sorted names of the entries of `dir` ending in `suffix` ("" = every non-hidden entry).
 * Owned: sl_rouge_names_free. SL_EIO when dir cannot be opened. */
sl_status sl_rouge_list(const char *dir, const char *suffix, char ***names, size_t *n);
void sl_rouge_names_free(char **names, size_t n);

/* Reads and prepares every <topic_dir>/refs/ *.txt. Errors (with the file in err): no refs
 * folder, no reference, an unreadable or empty reference. Owned: sl_rouge_refs_free. */
sl_status sl_rouge_read_refs(const sl_rouge *r, const char *topic_dir, int words,
                             sl_rouge_text **refs, size_t *nrefs, char *err, size_t errlen);
void sl_rouge_refs_free(sl_rouge_text *refs, size_t nrefs);

#endif
