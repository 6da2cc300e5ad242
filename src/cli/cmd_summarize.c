/* cmd_summarize.c — STUB: `storyline summarize` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("summarize", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_summarize = {"summarize", "(not implemented yet)", "usage: storyline summarize\n", S_run};
