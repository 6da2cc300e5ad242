/*
 * ner_conll.c — CoNLL-2003 files for training and evaluating the tagger, and the
 * entity-level scorer with conlleval's semantics (used by `storyline eval ner`, unit-tested
 * in tests/unit/test_eval_ner.c).
 *
 * The reader keeps tokens as (pointer, length) into one buffer: the training set is 200k
 * tokens and is read once. Documents are split at -DOCSTART- lines, which the tagger uses to
 * reset its document memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "extract/ner.h"

#define SL_CONLL_MAX_BYTES (256u * 1024u * 1024u)

void sl_conll_free(sl_conll *c)
{
    free(c->buf);
    free(c->toks);
    free(c->gold);
    free(c->gold_iob);
    free(c->sents);
    memset(c, 0, sizeof *c);
}

static int S_type(const char *s, size_t n)
{
    static const char *names[] = {"PER", "ORG", "LOC", "MISC"};
    for (int t = 0; t < 4; t++)
        if (strlen(names[t]) == n && memcmp(names[t], s, n) == 0) return t;
    return -1;
}

/* IOB code (0 O, 1 + 2*type + (0 B | 1 I)) of a tag string; -1 when malformed. */
static int S_iob(const char *s, size_t n)
{
    if (n == 1 && s[0] == 'O') return 0;
    if (n < 3 || s[1] != '-' || (s[0] != 'B' && s[0] != 'I')) return -1;
    int t = S_type(s + 2, n - 2);
    return t < 0 ? -1 : 1 + 2 * t + (s[0] == 'I');
}

/* IOB (either flavour) of one sentence -> BILOU, by conlleval's chunk rules. */
static void S_to_bilou(const uint8_t *iob, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int c = iob[i];
        if (!c) { out[i] = 0; continue; }
        int type = (c - 1) / 2;
        bool start = (c - 1) % 2 == 0 || i == 0 || !iob[i - 1] || (iob[i - 1] - 1) / 2 != type;
        bool next_in = i + 1 < n && iob[i + 1] && (iob[i + 1] - 1) % 2 == 1 && (iob[i + 1] - 1) / 2 == type;
        int pos = start ? (next_in ? SL_NER_B : SL_NER_U) : (next_in ? SL_NER_I : SL_NER_L);
        out[i] = (uint8_t)sl_ner_mktag(type, pos);
    }
}

sl_status sl_conll_read(const char *path, sl_conll *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    size_t len;
    sl_status st = sl_read_file(path, SL_CONLL_MAX_BYTES, &c->buf, &len);
    if (st != SL_OK) {
        snprintf(err, errlen, "%s: cannot read (%s)", path, sl_strerror(st));
        return st;
    }
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += c->buf[i] == '\n';
    c->toks = malloc(lines * sizeof *c->toks);
    c->gold = malloc(lines);
    c->gold_iob = malloc(lines);
    c->sents = malloc(lines * sizeof *c->sents);
    if (!c->toks || !c->gold || !c->gold_iob || !c->sents) { sl_conll_free(c); return SL_ENOMEM; }
    char *p = c->buf, *end = c->buf + len;
    size_t lineno = 0, sent_first = 0;
    uint32_t doc = 0;
    bool doc_used = false;
    while (p <= end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        lineno++;
        if (le > p && le[-1] == '\r') le--;
        if (le == p) {
            if (c->ntoks > sent_first) {
                c->sents[c->nsents++] = (sl_ner_sent){(uint32_t)sent_first, (uint32_t)c->ntoks, doc};
                doc_used = true;
            }
            sent_first = c->ntoks;
        } else if ((size_t)(le - p) >= 10 && memcmp(p, "-DOCSTART-", 10) == 0) {
            if (doc_used) doc++;
            doc_used = false;
        } else {
            char *sp1 = memchr(p, ' ', (size_t)(le - p));
            char *last = le;
            while (last > p && last[-1] != ' ') last--;
            int code = sp1 ? S_iob(last, (size_t)(le - last)) : -1;
            if (code < 0) {
                snprintf(err, errlen, "%s:%zu: expected 'TOKEN POS CHUNK NER'", path, lineno);
                sl_conll_free(c);
                return SL_EPARSE;
            }
            c->toks[c->ntoks] = (sl_ner_tok){p, (uint32_t)(sp1 - p)};
            c->gold_iob[c->ntoks++] = (uint8_t)code;
        }
        if (!nl) break;
        p = nl + 1;
    }
    if (c->ntoks > sent_first)
        c->sents[c->nsents++] = (sl_ner_sent){(uint32_t)sent_first, (uint32_t)c->ntoks, doc};
    c->ndocs = c->nsents ? c->sents[c->nsents - 1].doc + 1 : 0;
    for (size_t s = 0; s < c->nsents; s++)
        S_to_bilou(c->gold_iob + c->sents[s].first, c->sents[s].end - c->sents[s].first,
                   c->gold + c->sents[s].first);
    return SL_OK;
}

static bool S_is_punct(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z')) return false;
    }
    return n > 0;
}

sl_status sl_conll_degrade(sl_conll *c)
{
    /* Token text lives in c->buf, which we own: lower-case in place. */
    size_t o = 0, ns = 0;
    for (size_t s = 0; s < c->nsents; s++) {
        size_t first = o;
        for (size_t i = c->sents[s].first; i < c->sents[s].end; i++) {
            sl_ner_tok t = c->toks[i];
            if (S_is_punct(t.s, t.len)) continue;
            char *w = (char *)t.s;
            for (size_t k = 0; k < t.len; k++)
                if (w[k] >= 'A' && w[k] <= 'Z') w[k] = (char)(w[k] + 32);
            c->toks[o] = t;
            c->gold_iob[o] = c->gold_iob[i];
            o++;
        }
        if (o > first) c->sents[ns++] = (sl_ner_sent){(uint32_t)first, (uint32_t)o, c->sents[s].doc};
    }
    c->ntoks = o;
    c->nsents = ns;
    for (size_t s = 0; s < c->nsents; s++)
        S_to_bilou(c->gold_iob + c->sents[s].first, c->sents[s].end - c->sents[s].first,
                   c->gold + c->sents[s].first);
    return SL_OK;
}

/* ---- scoring ------------------------------------------------------------------------------ */

uint8_t sl_ner_bilou_to_iob(int tag)
{
    if (!tag) return 0;
    int pos = sl_ner_tag_pos(tag);
    return (uint8_t)(1 + 2 * sl_ner_tag_type(tag) + (pos == SL_NER_I || pos == SL_NER_L));
}

/* conlleval's startOfChunk / endOfChunk for IOB codes (I after O or after another type
 * starts a chunk; B always starts one). */
static bool S_start(int prev, int cur)
{
    if (!cur) return false;
    if ((cur - 1) % 2 == 0) return true;
    return !prev || (prev - 1) / 2 != (cur - 1) / 2;
}
static bool S_end(int cur, int next)
{
    if (!cur) return false;
    if (!next) return true;
    if ((next - 1) % 2 == 0) return true;
    return (next - 1) / 2 != (cur - 1) / 2;
}

void sl_ner_score_sentence(const uint8_t *gold, const uint8_t *pred, size_t n, sl_ner_counts *c)
{
    /* Walk both tag sequences; a predicted chunk is correct when a gold chunk starts at the
     * same token, ends at the same token and has the same type. */
    long gstart = -1, pstart = -1;
    for (size_t i = 0; i < n; i++) {
        int g = gold[i], p = pred[i];
        int gp = i ? gold[i - 1] : 0, pp = i ? pred[i - 1] : 0;
        int gn = i + 1 < n ? gold[i + 1] : 0, pn = i + 1 < n ? pred[i + 1] : 0;
        if (S_start(gp, g)) gstart = (long)i;
        if (S_start(pp, p)) pstart = (long)i;
        bool gend = S_end(g, gn), pend = S_end(p, pn);
        if (gend) { c->gold++; c->gold_t[(g - 1) / 2]++; }
        if (pend) { c->pred++; c->pred_t[(p - 1) / 2]++; }
        if (gend && pend && gstart == pstart && (g - 1) / 2 == (p - 1) / 2) {
            c->correct++;
            c->correct_t[(g - 1) / 2]++;
        }
    }
}

void sl_ner_prf(size_t gold, size_t pred, size_t correct, double *p, double *r, double *f)
{
    *p = pred ? 100.0 * (double)correct / (double)pred : 0;
    *r = gold ? 100.0 * (double)correct / (double)gold : 0;
    *f = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

sl_status sl_ner_eval(const struct sl_ner_model *model, const struct sl_lexicon *lex, bool ci,
                      const sl_conll *c, uint8_t *pred, sl_ner_counts *counts)
{
    uint8_t *tags = malloc(c->ntoks + 1);
    uint8_t *iob = malloc(c->ntoks + 1);
    if (!tags || !iob) { free(tags); free(iob); return SL_ENOMEM; }
    sl_status st = sl_ner_tag(model, lex, ci, c->toks, c->ntoks, c->sents, c->nsents, tags);
    if (st == SL_OK) {
        for (size_t i = 0; i < c->ntoks; i++) iob[i] = sl_ner_bilou_to_iob(tags[i]);
        for (size_t s = 0; s < c->nsents; s++)
            sl_ner_score_sentence(c->gold_iob + c->sents[s].first, iob + c->sents[s].first,
                                  c->sents[s].end - c->sents[s].first, counts);
        if (pred) memcpy(pred, iob, c->ntoks);
    }
    free(tags);
    free(iob);
    return st;
}
