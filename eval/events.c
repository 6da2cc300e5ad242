/*
 * events.c — `storyline eval events`: CAMEO coding on TABARI/PETRARCH validation records
 * (scoring rules in events.h).
 *
 * Each record's text becomes a bare document (the text as is, the record date as published
 * date; the events stage tokenizes it itself when no segmenter ran), so the score measures
 * the coder alone and does not move when NER or segmentation change. The dictionaries are
 * the ones the records name (PETR.Validate.{actors,agents,verbs}.txt), read from --dict DIR
 * or else from the records file's folder; --builtin codes with the compiled Phoenix/CAMEO 2.0
 * dictionaries instead. Output: exact matches, their share, no-event records right, and a
 * per-root-code confusion table (gold root -> predicted root of the same source/target).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "eval/eval.h"
#include "eval/events.h"
#include "extract/cameo.h"
#include "model/doc.h"

size_t sl_ee_exact(const sl_ee_coding *gold, size_t ng, const sl_ee_coding *pred, size_t np)
{
    size_t hits = 0;
    bool used[256] = {0};
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < np && j < 256; j++) {
            if (used[j]) continue;
            if (strcmp(gold[i].code, pred[j].code) || strcmp(gold[i].source, pred[j].source) ||
                strcmp(gold[i].target, pred[j].target))
                continue;
            used[j] = true;
            hits++;
            break;
        }
    return hits;
}

/* Value of attribute `name` in the tag [s, e) into out. */
static bool S_attr(const char *s, const char *e, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = s; p + nl < e; p++) {
        if (memcmp(p, name, nl) || (p > s && p[-1] != ' ' && p[-1] != '\t')) continue;
        const char *q = p + nl;
        while (q < e && (*q == ' ' || *q == '\t')) q++;
        if (q >= e || *q != '=') continue;
        q++;
        while (q < e && (*q == ' ' || *q == '\t')) q++;
        if (q >= e || *q != '"') continue;
        q++;
        size_t k = 0;
        while (q < e && *q != '"' && k + 1 < cap) out[k++] = *q++;
        out[k] = 0;
        return true;
    }
    out[0] = 0;
    return false;
}

static const char *S_find(const char *p, const char *e, const char *needle)
{
    size_t n = strlen(needle);
    if (p >= e) return NULL;
    return memmem(p, (size_t)(e - p), needle, n);
}

long sl_ee_parse(const char *data, size_t len, sl_ee_record **out)
{
    const char *p = data, *end = data + len;
    sl_ee_record *v = NULL;
    size_t n = 0, cap = 0;
    while ((p = S_find(p, end, "<Sentence "))) {
        const char *te = memchr(p, '>', (size_t)(end - p));
        const char *se = S_find(p, end, "</Sentence>");
        if (!te || !se) break;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            sl_ee_record *v2 = realloc(v, cap * sizeof *v);
            if (!v2) { sl_ee_free(v, n); return -1; }
            v = v2;
        }
        sl_ee_record r;
        memset(&r, 0, sizeof r);
        S_attr(p, te, "id", r.id, sizeof r.id);
        S_attr(p, te, "date", r.date, sizeof r.date);
        S_attr(p, te, "category", r.category, sizeof r.category);
        char valid[16];
        r.valid = S_attr(p, te, "valid", valid, sizeof valid) && !strcmp(valid, "true");
        /* codings, skipping XML comments */
        const char *q = te, *lastc = NULL;
        while ((q = S_find(q, se, "<EventCoding"))) {
            const char *ce = memchr(q, '>', (size_t)(se - q));
            if (!ce) break;
            /* inside a comment? look back for an unclosed "<!--" on the same line */
            const char *ls = q;
            while (ls > te && ls[-1] != '\n') ls--;
            if (S_find(ls, q, "<!--") && !S_find(ls, q, "-->")) { q = ce; continue; }
            char nov[16];
            if (S_attr(q, ce, "noevents", nov, sizeof nov)) r.noevents = true;
            else {
                sl_ee_coding c;
                memset(&c, 0, sizeof c);
                S_attr(q, ce, "sourcecode", c.source, sizeof c.source);
                S_attr(q, ce, "targetcode", c.target, sizeof c.target);
                S_attr(q, ce, "eventcode", c.code, sizeof c.code);
                sl_ee_coding *g2 = realloc(r.gold, (r.ngold + 1) * sizeof *g2);
                if (!g2) { free(r.gold); sl_ee_free(v, n); return -1; }
                r.gold = g2;
                r.gold[r.ngold++] = c;
            }
            q = ce;
            lastc = ce + 1;
            const char *endtag = S_find(lastc, se, "</EventCoding>");
            if (endtag && endtag == lastc) lastc = endtag + 14;
        }
        const char *tx = S_find(te, se, "<Text>");
        const char *txe = tx ? S_find(tx, se, "</Text>") : NULL;
        if (tx && txe) tx += 6;
        else if (lastc) {
            /* older records: the text follows the codings bare, up to the parse */
            tx = lastc;
            while (tx < se && (*tx == '\n' || *tx == '\r' || *tx == ' ')) tx++;
            while (tx + 4 < se && !memcmp(tx, "<!--", 4)) { /* comment lines */
                const char *ce2 = S_find(tx, se, "-->");
                tx = ce2 ? ce2 + 3 : se;
                while (tx < se && (*tx == '\n' || *tx == '\r' || *tx == ' ')) tx++;
            }
            txe = S_find(tx, se, "(ROOT");
            const char *pe = S_find(tx, se, "<Parse>");
            if (!txe || (pe && pe < txe)) txe = pe;
            if (!txe) txe = se;
        }
        if (tx && txe && txe > tx) {
            /* one line of text: newlines and runs of spaces collapse */
            r.text = malloc((size_t)(txe - tx) + 1);
            if (!r.text) { free(r.gold); sl_ee_free(v, n); return -1; }
            size_t k = 0;
            bool sp = false;
            for (const char *c = tx; c < txe; c++) {
                if (*c == '\n' || *c == '\r' || *c == ' ' || *c == '\t') { sp = k > 0; continue; }
                if (sp) r.text[k++] = ' ', sp = false;
                r.text[k++] = *c;
            }
            r.text[k] = 0;
        }
        if (r.text && (r.ngold || r.noevents)) v[n++] = r;
        else { free(r.gold); free(r.text); }
        p = se;
    }
    *out = v;
    return (long)n;
}

void sl_ee_free(sl_ee_record *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) { free(r[i].gold); free(r[i].text); }
    free(r);
}

static const char S_usage[] =
    "usage: storyline eval events --data FILE [--dict DIR | --builtin] [--valid] [--verbose] [--json]\n"
    "\n"
    "Codes the <Text> of every validation record of FILE (TABARI/PETRARCH records) and\n"
    "compares with its <EventCoding>s: exact = event, source and target codes all equal.\n"
    "  --dict DIR   the PETR.Validate.{actors,agents,verbs}.txt dictionaries (default: FILE's folder)\n"
    "  --builtin    use the compiled Phoenix / CAMEO 2.0 dictionaries instead\n"
    "  --valid      only the records marked valid=\"true\"\n"
    "  --verbose    print each record that is not fully right to stderr\n"
    "  --json       last line: {\"records\",\"codings\",\"exact\",\"exact_share\",\"noevent_records\",\n"
    "               \"noevent_correct\",\"predicted\"}\n";

int sl_eval_events(int argc, char **argv)
{
    const char *data = NULL, *dict = NULL;
    bool json = false, builtin = false, valid_only = false, verbose = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_usage, stdout); return 0; }
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
        else if (!strcmp(argv[i], "--dict") && i + 1 < argc) dict = argv[++i];
        else if (!strcmp(argv[i], "--builtin")) builtin = true;
        else if (!strcmp(argv[i], "--valid")) valid_only = true;
        else if (!strcmp(argv[i], "--verbose")) verbose = true;
        else if (!strcmp(argv[i], "--json")) json = true;
        else {
            fprintf(stderr, "storyline eval events: unknown or incomplete option '%s'\n%s", argv[i], S_usage);
            return 1;
        }
    }
    if (!data) { fprintf(stderr, "storyline eval events: --data is required\n%s", S_usage); return 1; }
    char *buf = NULL;
    size_t len = 0;
    if (sl_read_file(data, SL_MAX_INPUT_BYTES, &buf, &len) != SL_OK) {
        fprintf(stderr, "storyline eval events: cannot read %s\n", data);
        return 1;
    }
    sl_ee_record *rec = NULL;
    long nr = sl_ee_parse(buf, len, &rec);
    free(buf);
    if (nr <= 0) { fprintf(stderr, "storyline eval events: no records in %s\n", data); return 1; }
    struct sl_cameo *cm = NULL;
    sl_status st;
    char dirbuf[4096];
    if (builtin) st = sl_cameo_load(&cm);
    else {
        if (!dict) {
            snprintf(dirbuf, sizeof dirbuf, "%s", data);
            char *sl = strrchr(dirbuf, '/');
            if (sl) *sl = 0;
            else snprintf(dirbuf, sizeof dirbuf, ".");
            dict = dirbuf;
        }
        st = sl_cameo_load_dir(dict, &cm);
    }
    if (st != SL_OK) {
        fprintf(stderr, "storyline eval events: cannot load the dictionaries (%s)\n", sl_strerror(st));
        sl_ee_free(rec, (size_t)nr);
        return 1;
    }
    size_t records = 0, codings = 0, exact = 0, noev = 0, noev_ok = 0, predicted = 0, full = 0;
    /* confusion over root codes: [gold root 0..20][pred root 0..20, 21 = none] */
    size_t conf[21][22];
    memset(conf, 0, sizeof conf);
    /* per category (the records' category attribute): codings and exact matches */
    enum { S_MAXCAT = 64 };
    char catname[S_MAXCAT][32];
    size_t catn[S_MAXCAT], catx[S_MAXCAT], ncat = 0;
    sl_progress prog;
    sl_progress_start(&prog, "eval events", "records", (double)nr);
    for (long i = 0; i < nr; i++) {
        sl_progress_update(&prog, (double)i);
        sl_ee_record *r = &rec[i];
        if (valid_only && !r->valid) continue;
        sl_doc *d = sl_doc_new_empty();
        if (!d) break;
        d->text = sl_arena_strdup(&d->arena, r->text);
        d->text_len = d->text ? strlen(d->text) : 0;
        char pub[16] = "";
        if (strlen(r->date) == 8)
            snprintf(pub, sizeof pub, "%.4s-%.2s-%.2s", r->date, r->date + 4, r->date + 6);
        d->published = pub[0] ? sl_arena_strdup(&d->arena, pub) : NULL;
        sl_events_with(cm, d);
        size_t np = d->events.n;
        sl_ee_coding *pred = calloc(np + 1, sizeof *pred);
        for (size_t k = 0; pred && k < np; k++) {
            snprintf(pred[k].source, sizeof pred[k].source, "%s", d->events.v[k].source.code);
            snprintf(pred[k].target, sizeof pred[k].target, "%s", d->events.v[k].target.code);
            snprintf(pred[k].code, sizeof pred[k].code, "%s", d->events.v[k].code);
        }
        records++;
        predicted += np;
        size_t hits = 0;
        if (r->noevents) {
            noev++;
            noev_ok += np == 0;
            if (np == 0) full++;
        } else {
            hits = pred ? sl_ee_exact(r->gold, r->ngold, pred, np) : 0;
            codings += r->ngold;
            exact += hits;
            if (hits == r->ngold && np == r->ngold) full++;
            for (size_t g = 0; g < r->ngold; g++) {
                int gr = atoi(r->gold[g].code) / (strlen(r->gold[g].code) >= 3 ? (strlen(r->gold[g].code) == 4 ? 100 : 10) : 1);
                if (gr < 0 || gr > 20) continue;
                int pr = 21;
                for (size_t k = 0; k < np; k++) {
                    if (strcmp(pred[k].source, r->gold[g].source) || strcmp(pred[k].target, r->gold[g].target)) continue;
                    size_t cl = strlen(pred[k].code);
                    pr = atoi(pred[k].code) / (cl >= 3 ? (cl == 4 ? 100 : 10) : 1);
                    if (pr < 0 || pr > 20) pr = 21;
                    break;
                }
                conf[gr][pr]++;
            }
        }
        {
            size_t ci = 0;
            while (ci < ncat && strcmp(catname[ci], r->category)) ci++;
            if (ci == ncat && ncat < S_MAXCAT) {
                snprintf(catname[ncat], sizeof catname[ncat], "%s", r->category);
                catn[ncat] = catx[ncat] = 0;
                ncat++;
            }
            if (ci < ncat) {
                catn[ci] += r->noevents ? 1 : r->ngold;
                catx[ci] += r->noevents ? (np == 0) : hits;
            }
        }
        if (verbose && !(r->noevents ? np == 0 : (hits == r->ngold && np == r->ngold))) {
            sl_progress_clear();
            fprintf(stderr, "%s: %s\n  gold:", r->id, r->text);
            if (r->noevents) fprintf(stderr, " (no events)");
            for (size_t g = 0; g < r->ngold; g++)
                fprintf(stderr, " %s>%s %s", r->gold[g].source, r->gold[g].target, r->gold[g].code);
            fprintf(stderr, "\n  pred:");
            for (size_t k = 0; k < np; k++) fprintf(stderr, " %s>%s %s", pred[k].source, pred[k].target, pred[k].code);
            fprintf(stderr, "\n");
        }
        free(pred);
        sl_doc_free(d);
    }
    sl_progress_update(&prog, (double)nr);
    sl_progress_end(&prog);
    double share = codings ? 100.0 * (double)exact / (double)codings : 0.0;
    printf("records %zu (fully right %zu), codings %zu, exact %zu (%.2f%%), no-event records %zu (right %zu), "
           "predicted events %zu\n",
           records, full, codings, exact, share, noev, noev_ok, predicted);
    printf("confusion by root code (gold row: n, then predicted roots for the same source/target; - = none)\n");
    for (int g = 0; g <= 20; g++) {
        size_t tot = 0;
        for (int p = 0; p < 22; p++) tot += conf[g][p];
        if (!tot) continue;
        printf("  %02d n=%-4zu", g, tot);
        for (int p = 0; p < 22; p++)
            if (conf[g][p]) {
                if (p == 21) printf(" -:%zu", conf[g][p]);
                else printf(" %02d:%zu", p, conf[g][p]);
            }
        printf("\n");
    }
    printf("by category (exact / codings; a no-event record counts as one)\n");
    for (size_t ci = 0; ci < ncat; ci++)
        printf("  %-16s %4zu / %-4zu %6.2f%%\n", catname[ci][0] ? catname[ci] : "(none)", catx[ci], catn[ci],
               catn[ci] ? 100.0 * (double)catx[ci] / (double)catn[ci] : 0.0);
    if (json)
        printf("{\"records\":%zu,\"codings\":%zu,\"exact\":%zu,\"exact_share\":%.2f,\"noevent_records\":%zu,"
               "\"noevent_correct\":%zu,\"predicted\":%zu,\"fully_right\":%zu}\n",
               records, codings, exact, share, noev, noev_ok, predicted, full);
    sl_cameo_free(cm);
    sl_ee_free(rec, (size_t)nr);
    return 0;
}
