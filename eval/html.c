/* html.c — STUB: `storyline eval html` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_html(int argc, char **argv) { fprintf(stderr, "storyline eval html: not implemented yet\n"); return 1; }
