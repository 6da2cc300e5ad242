/* cmd_show.c — STUB: `storyline show` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("show", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_show = {"show", "(not implemented yet)", "usage: storyline show\n", S_run};
