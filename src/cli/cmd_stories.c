/* cmd_stories.c — STUB: `storyline stories` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("stories", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_stories = {"stories", "(not implemented yet)", "usage: storyline stories\n", S_run};
