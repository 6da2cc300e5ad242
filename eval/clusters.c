/* clusters.c — STUB: `storyline eval clusters` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_clusters(int argc, char **argv) { fprintf(stderr, "storyline eval clusters: not implemented yet\n"); return 1; }
