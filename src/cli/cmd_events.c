/* cmd_events.c — STUB: `storyline events` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("events", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_events = {"events", "(not implemented yet)", "usage: storyline events\n", S_run};
