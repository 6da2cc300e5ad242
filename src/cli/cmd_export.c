/* cmd_export.c — STUB: `storyline export` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("export", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_export = {"export", "(not implemented yet)", "usage: storyline export\n", S_run};
