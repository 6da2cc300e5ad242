/* ner.c — STUB: `storyline eval ner` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_ner(int argc, char **argv) { fprintf(stderr, "storyline eval ner: not implemented yet\n"); return 1; }
