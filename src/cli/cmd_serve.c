/* cmd_serve.c — STUB: `storyline serve` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("serve", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_serve = {"serve", "(not implemented yet)", "usage: storyline serve\n", S_run};
