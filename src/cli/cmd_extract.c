/* cmd_extract.c — STUB: `storyline extract` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("extract", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_extract = {"extract", "(not implemented yet)", "usage: storyline extract\n", S_run};
