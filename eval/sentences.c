/* sentences.c — STUB: `storyline eval sentences` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_sentences(int argc, char **argv) { fprintf(stderr, "storyline eval sentences: not implemented yet\n"); return 1; }
