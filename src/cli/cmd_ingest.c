/* cmd_ingest.c — STUB: `storyline ingest` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("ingest", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_ingest = {"ingest", "(not implemented yet)", "usage: storyline ingest\n", S_run};
