/*
 * eval.h — `storyline eval TASK`: scorers against the external benchmarks in ../shared/data.
 * Each task lives in its own file and is a subcommand entry point (argv[0] is the task).
 * With --json the last line printed is one JSON object with the task's figures.
 * Scorers are pure functions with unit tests (tests/unit/test_eval_*.c include these files'
 * headers), so a scorer bug cannot hide a quality change.
 */
#ifndef SL_EVAL_H
#define SL_EVAL_H

int sl_eval_rouge(int argc, char **argv);
int sl_eval_summ(int argc, char **argv);
int sl_eval_clusters(int argc, char **argv);
int sl_eval_ner(int argc, char **argv);
int sl_eval_sentences(int argc, char **argv);
int sl_eval_quotes(int argc, char **argv);
int sl_eval_events(int argc, char **argv);
int sl_eval_html(int argc, char **argv);
int sl_eval_disagree(int argc, char **argv);

#endif
