/*
 * disagree_score.c — precision and recall of reported disagreements against hand labels
 * (see disagree_score.h; used by eval/disagree.c, tested by tests/unit/test_eval_disagree.c).
 */
#include <string.h>

#include "eval/disagree_score.h"

static bool S_overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) { return a0 < b1 && b0 < a1; }

bool sl_dpair_match(const sl_dpair *l, const sl_dpair *f)
{
    if (!l->doc_a || !l->doc_b || !f->doc_a || !f->doc_b) return false;
    bool same = !strcmp(l->doc_a, f->doc_a) && !strcmp(l->doc_b, f->doc_b) &&
                S_overlap(l->start_a, l->end_a, f->start_a, f->end_a) &&
                S_overlap(l->start_b, l->end_b, f->start_b, f->end_b);
    bool swapped = !strcmp(l->doc_a, f->doc_b) && !strcmp(l->doc_b, f->doc_a) &&
                   S_overlap(l->start_a, l->end_a, f->start_b, f->end_b) &&
                   S_overlap(l->start_b, l->end_b, f->start_a, f->end_a);
    return same || swapped;
}

void sl_dscore_compute(const sl_dpair *labels, size_t nl, const sl_dpair *found, size_t nf, sl_dscore *out)
{
    memset(out, 0, sizeof *out);
    out->found = nf;
    for (size_t i = 0; i < nl; i++) {
        bool hit = false;
        for (size_t j = 0; j < nf && !hit; j++) hit = sl_dpair_match(&labels[i], &found[j]);
        if (labels[i].disagree) {
            out->labelled++;
            out->recalled += hit;
        } else {
            out->agree_labelled++;
            out->agree_flagged += hit;
        }
    }
    for (size_t j = 0; j < nf; j++) {
        bool ok = false;
        for (size_t i = 0; i < nl && !ok; i++) ok = labels[i].disagree && sl_dpair_match(&labels[i], &found[j]);
        out->found_correct += ok;
    }
    out->precision = nf ? 100.0 * (double)out->found_correct / (double)nf : 0;
    out->recall = out->labelled ? 100.0 * (double)out->recalled / (double)out->labelled : 0;
    out->f1 = out->precision + out->recall > 0 ? 2 * out->precision * out->recall / (out->precision + out->recall) : 0;
}
