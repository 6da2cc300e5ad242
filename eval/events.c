/* events.c — STUB: `storyline eval events` (to be written). */
#include <stdio.h>
#include "eval/eval.h"
int sl_eval_events(int argc, char **argv) { fprintf(stderr, "storyline eval events: not implemented yet\n"); return 1; }
