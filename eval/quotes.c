/* quotes.c — STUB: `storyline eval quotes` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_quotes(int argc, char **argv) { fprintf(stderr, "storyline eval quotes: not implemented yet\n"); return 1; }
