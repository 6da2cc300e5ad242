/* rouge.c — STUB: `storyline eval rouge` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_rouge(int argc, char **argv) { fprintf(stderr, "storyline eval rouge: not implemented yet\n"); return 1; }
