/* cmd_articles.c — STUB: `storyline articles` (to be written). */
#include "cli/cli.h"
static int S_run(int argc, char **argv) { sl_cli_error("articles", "not implemented yet"); return SL_EXIT_FATAL; }
const sl_cmd sl_cmd_articles = {"articles", "(not implemented yet)", "usage: storyline articles\n", S_run};
