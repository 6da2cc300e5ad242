/* cmd_quotes.c — STUB: `storyline quotes` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("quotes", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_quotes = {"quotes", "(not implemented yet)", "usage: storyline quotes\n", S_run};
