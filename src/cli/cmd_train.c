/*
 * cmd_train.c — `storyline train ner`: trains the NER tagger's two weight tables (cased and
 * case-insensitive) from a CoNLL-2003 file and writes the model file that the build embeds
 * (models/ner.bin). Like eval/, this command drives internal modules directly: training is
 * not part of the public library API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "extract/extract.h"
#include "extract/ner.h"

static int S_run(int argc, char **argv)
{
    if (sl_cli_wants_help(&sl_cmd_train, argc, argv)) return SL_EXIT_OK;
    if (argc < 2 || strcmp(argv[1], "ner") != 0)
        return sl_cli_usage(&sl_cmd_train, "expected a model name (only 'ner' exists)");
    const char *data = NULL, *out = NULL, *dev = NULL;
    const char *unl[16];
    size_t nunl = 0;
    int epochs = 12, maxf = 200000, bags = 1;
    long long seed = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--data") && v) { data = v; i++; }
        else if (!strcmp(a, "--out") && v) { out = v; i++; }
        else if (!strcmp(a, "--dev") && v) { dev = v; i++; }
        else if (!strcmp(a, "--unlabeled") && v) {
            if (nunl == SL_ARRAY_LEN(unl)) return sl_cli_usage(&sl_cmd_train, "at most 16 --unlabeled paths");
            unl[nunl++] = v;
            i++;
        }
        else if (!strcmp(a, "--epochs") && v) {
            if (!sl_cli_int(v, &epochs) || epochs < 1 || epochs > 100)
                return sl_cli_usage(&sl_cmd_train, "--epochs wants 1..100");
            i++;
        } else if (!strcmp(a, "--bags") && v) {
            if (!sl_cli_int(v, &bags) || bags < 1 || bags > 20)
                return sl_cli_usage(&sl_cmd_train, "--bags wants 1..20");
            i++;
        } else if (!strcmp(a, "--max-features") && v) {
            if (!sl_cli_int(v, &maxf) || maxf < 1000)
                return sl_cli_usage(&sl_cmd_train, "--max-features wants an integer >= 1000");
            i++;
        } else if (!strcmp(a, "--seed") && v) {
            char *end;
            seed = strtoll(v, &end, 10);
            if (*end || seed < 0) return sl_cli_usage(&sl_cmd_train, "--seed wants a non-negative integer");
            i++;
        } else {
            return sl_cli_usage(&sl_cmd_train, "unknown or incomplete option '%s'", a);
        }
    }
    if (!data || !out) return sl_cli_usage(&sl_cmd_train, "--data and --out are required");
    char err[512] = "";
    sl_conll tr = {0}, trd = {0}, dv = {0}, dvd = {0};
    struct sl_lexicon *lex = NULL;
    int rc = SL_EXIT_FATAL;
    sl_status st = sl_lexicon_load(&lex);
    if (st == SL_OK) st = sl_conll_read(data, &tr, err, sizeof err);
    if (st == SL_OK) st = sl_conll_read(data, &trd, err, sizeof err);
    if (st == SL_OK) st = sl_conll_degrade(&trd);
    if (st == SL_OK && dev) st = sl_conll_read(dev, &dv, err, sizeof err);
    if (st == SL_OK && dev) st = sl_conll_read(dev, &dvd, err, sizeof err);
    if (st == SL_OK && dev) st = sl_conll_degrade(&dvd);
    if (st == SL_OK) {
        sl_ner_train_opts o = {epochs, (uint64_t)seed, (size_t)maxf, dev ? &dv : NULL,
                               dev ? &dvd : NULL, unl, nunl, !sl_cli_quiet, bags};
        st = sl_ner_train(lex, &tr, &trd, &o, out, err, sizeof err);
    }
    if (st != SL_OK) sl_cli_error("train", "%s", err[0] ? err : sl_strerror(st));
    else rc = SL_EXIT_OK;
    sl_conll_free(&tr); sl_conll_free(&trd); sl_conll_free(&dv); sl_conll_free(&dvd);
    sl_lexicon_free(lex);
    return rc;
}

const sl_cmd sl_cmd_train = {
    "train", "train a model (ner) from annotated data",
    "usage: storyline train ner --data FILE --out FILE [--epochs N] [--seed S] [--bags N]\n"
    "                           [--max-features N] [--dev FILE] [--unlabeled PATH]...\n"
    "\n"
    "Trains the named-entity tagger (averaged passive-aggressive, BILOU tags) from a CoNLL-2003\n"
    "file (TOKEN POS CHUNK NER, IOB2) and writes a model file with two weight tables: a cased one,\n"
    "and a case-insensitive one trained on the same data lower-cased without punctuation.\n"
    "Deterministic for a given seed. The build embeds models/ner.bin.\n"
    "\n"
    "  --data FILE          training data, e.g. ../shared/data/ner/conll2003/train.txt\n"
    "  --out FILE           model file to write, e.g. models/ner.bin\n"
    "  --epochs N           passes over the data (default 12)\n"
    "  --seed S             shuffling seed (default 1)\n"
    "  --max-features N     features kept per table, largest weights first (default 200000)\n"
    "  --bags N             average the models trained with seeds S..S+N-1 (default 1)\n"
    "  --dev FILE           print dev-set F1 after each epoch (tuning only)\n"
    "  --unlabeled PATH     cased text (file, or folder of *.txt) for the casing prior that\n"
    "                       the models use; repeatable. The training data always counts.\n"
    "\n"
    "exit codes: 0 model written, 1 bad usage, unreadable data or unwritable output.\n",
    S_run,
};
