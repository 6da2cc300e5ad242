/* cmd_entities.c — STUB: `storyline entities` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("entities", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_entities = {"entities", "(not implemented yet)", "usage: storyline entities\n", S_run};
