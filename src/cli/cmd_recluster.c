/* cmd_recluster.c — STUB: `storyline recluster` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("recluster", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_recluster = {"recluster", "(not implemented yet)", "usage: storyline recluster\n", S_run};
