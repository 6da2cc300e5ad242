/*
 * quotes.h — the PolNeAR quote scorer behind `storyline eval quotes` (eval/quotes.c).
 *
 * Gold: brat standoff attribution relations (Content, Cue, Source spans in code points of the
 * article .txt). Only relations with a Source count (a speaker must be matched). A relation is
 * direct when its content opens or closes with a double quote mark (verbatim quotes).
 * Predicted: the pipeline's quotes (byte spans into the normalized text), mapped back to
 * code points of the original file by aligning the letters and digits of both texts.
 * Hit: the predicted content overlaps the gold content AND the speaker matches: the spans
 * overlap, or the same speaker is named elsewhere (the predicted speaker's last word, e.g. a
 * surname — of the resolved entity's name or of the speaker span — is a word of the gold
 * source; pronouns excluded); one-to-one (a gold relation is hit at most once).
 * precision = hits / predicted, recall = hits / gold; the direct figures restrict both sides
 * to direct quotes.
 */
#ifndef SL_EVAL_QUOTES_H
#define SL_EVAL_QUOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_QE_MAX_PIECES 4

typedef struct sl_qe_span {
    uint32_t start, end; /* code points, end exclusive */
} sl_qe_span;

typedef struct sl_qe_item {
    sl_qe_span content[SL_QE_MAX_PIECES];
    int ncontent;
    sl_qe_span source[SL_QE_MAX_PIECES];
    int nsource;
    bool direct;
    char sname[64];      /* the speaker's words, letters/digits/apostrophes, space-separated ("" = none) */
    char sname2[64];     /* predicted only: the words of the speaker span when sname is the entity's name */
} sl_qe_item;

typedef struct sl_qe_counts {
    size_t gold, pred, hit_gold, hit_pred;
    size_t dgold, dpred, dhit_gold, dhit_pred;
} sl_qe_counts;

/* Adds one article's matching to c. */
void sl_qe_score(const sl_qe_item *gold, size_t ng, const sl_qe_item *pred, size_t np, sl_qe_counts *c);
/* Percentages from counts (0 when undefined). */
void sl_qe_prf(size_t hit_pred, size_t pred, size_t hit_gold, size_t gold, double *p, double *r, double *f);
/* Parses one .ann file's text (UTF-8) into gold items; `txt` is the article (to judge
 * direct quotes). Returns the number of items or -1 on out-of-memory; *out is malloc'd. */
long sl_qe_parse_ann(const char *ann, size_t alen, const char *txt, size_t tlen, sl_qe_item **out);

#endif
