/* cmd_eval.c — `storyline eval TASK`: dispatches to the scorers in eval/. */
#include <string.h>

#include "cli/cli.h"
#include "eval/eval.h"

static const struct { const char *name; int (*run)(int, char **); const char *what; } S_tasks[] = {
    {"rouge", sl_eval_rouge, "ROUGE-1/2/4 recall of peer summaries (ROUGE-1.5.5 semantics)"},
    {"summ", sl_eval_summ, "summarize each cluster of a summarization set and score it"},
    {"clusters", sl_eval_clusters, "story assignment against gold clusters (pairwise, BCubed, NMI)"},
    {"ner", sl_eval_ner, "entity-level P/R/F1 on CoNLL-2003 (conlleval semantics)"},
    {"sentences", sl_eval_sentences, "sentence boundaries recovered from punctuation-stripped text"},
    {"quotes", sl_eval_quotes, "quote and speaker attribution on PolNeAR"},
    {"events", sl_eval_events, "CAMEO coding on TABARI/PETRARCH validation records"},
    {"html", sl_eval_html, "article extraction from HTML pages (shingle F1)"},
    {"disagree", sl_eval_disagree, "cross-source disagreements against hand labels (precision, recall)"},
};

static int S_run(int argc, char **argv)
{
    if (argc < 2) return sl_cli_usage(&sl_cmd_eval, "missing TASK");
    for (size_t i = 0; i < sizeof S_tasks / sizeof S_tasks[0]; i++)
        if (!strcmp(argv[1], S_tasks[i].name)) return S_tasks[i].run(argc - 1, argv + 1);
    return sl_cli_usage(&sl_cmd_eval, "unknown task '%s'", argv[1]);
}

const sl_cmd sl_cmd_eval = {
    "eval", "score Storyline against external benchmarks (rouge, summ, clusters, ner, ...)",
    "usage: storyline eval TASK [OPTIONS] [--json]\n"
    "\n"
    "Scores Storyline on external benchmark data (see ../shared/data/README.md).\n"
    "With --json the last line printed is one JSON object with the figures.\n"
    "\n"
    "tasks:\n"
    "  rouge --refs DIR --peers DIR      ROUGE-1/2/4 recall (-n 4 -m -a -l 100 -x -c 95 -r 1000 -f A -p 0.5 -t 0)\n"
    "  summ --data DIR [--words 100]     summarize each <topic>/docs and score against <topic>/refs\n"
    "  clusters --data FILE.jsonl        story assignment vs gold `cluster` (pairwise, BCubed, NMI)\n"
    "  ner --data FILE [--degrade] [--out FILE]   CoNLL-2003 entity P/R/F1\n"
    "  sentences --data DIR              sentence boundaries on punctuation-stripped documents\n"
    "  quotes --data DIR                 PolNeAR quote + speaker attribution\n"
    "  events --data FILE [--dict DIR]   CAMEO coding on validation records\n"
    "  html --data DIR [--out FILE]      article extraction benchmark (shingle F1)\n"
    "  disagree --data DIR --labels FILE cross-source disagreements vs hand labels (P/R)\n"
    "\n"
    "`storyline eval TASK --help` gives a task's own options.\n"
    "exit codes: 0 scored, 1 bad usage or unreadable data.\n",
    S_run,
};
