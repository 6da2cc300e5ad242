/* cmd_train.c — STUB: `storyline train` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("train", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_train = {"train", "(not implemented yet)", "usage: storyline train\n", S_run};
