/* summ.c — STUB: `storyline eval summ` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_summ(int argc, char **argv) { fprintf(stderr, "storyline eval summ: not implemented yet\n"); return 1; }
