/*
 * ner_model.c — the tagger's model file: loading (validated) and writing.
 *
 * One file, models/ner.bin, embedded into the library and loaded by sl_ner_model_load. All
 * integers are little-endian, written and read byte by byte so the format does not depend on
 * the host:
 *
 *   offset  size  field
 *   0       8     magic "SLNERMDL"
 *   8       4     format version (SL_NER_FORMAT_VERSION)
 *   12      4     number of sections
 *   16      8     total file length in bytes
 *   24      4     CRC-32 (zlib) of bytes [32, length)
 *   28      4     feature-set version (SL_NER_FEATS_VERSION): features changed => retrain
 *   32      24*n  section table: u32 id, u32 0, u64 offset, u64 length
 *   ...           sections
 *
 * A word-table section (id 3 = casing prior, id 4 = word clusters, id 5 = coarse word clusters) is
 *   u32 n, u32 0, u32 0, u32 0, u32 key[n], u8 value[n]   (keys sorted ascending)
 * A weights section (id 1 = cased model, id 2 = case-insensitive model) is
 *   u32 nfeat, u32 ntags (= 17), u32 nnz, u32 0, u32 key[nfeat], u32 mask[nfeat], i16 w[nnz]
 * with keys sorted ascending and never 0; bit t of mask[i] says feature i has a non-zero
 * weight for tag t, and w holds those weights in feature-then-tag order (about 70% of the
 * weights are zero, so this halves the file). Weights are the averaged perceptron weights
 * scaled to int16; decoding takes an argmax, so the scale does not need to be stored. The
 * loader expands rows to dense int16, then builds the tagging layout (sl_ner_weights_index:
 * rows relative to O, key and row in one slot) and drops the dense rows. It also joins the
 * three word tables into one hash table (sl_ner_words_build). Tagging asks a presence filter of
 * the keys (sl_ner_maybe, built here too) before it probes the slot table.
 *
 * The loader checks every field against the buffer length before reading; a defect of any
 * kind is SL_EMODEL with a message saying which, never a crash.
 */
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <zlib.h>

#include "extract/ner.h"
#include "extract/ner_model.h"

static uint32_t S_rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t S_rd64(const unsigned char *p) { return S_rd32(p) | (uint64_t)S_rd32(p + 4) << 32; }

void sl_ner_weights_free(sl_ner_weights *w)
{
    free(w->slot);
    free(w->rows);
    free(w->frows);
    free(w->wide);
    free(w->filt);
    memset(w, 0, sizeof *w);
}

/* Zeroed memory for a table read at random. Tagging makes a few dozen random probes per
 * token into a few MB; with 4 KB pages nearly each one also misses the TLB, so large tables
 * ask for 2 MB pages (Linux: transparent huge pages on request). */
#define S_HUGE ((size_t)2 << 20)
static void *S_table_alloc(size_t bytes)
{
    size_t align = bytes >= S_HUGE / 2 ? S_HUGE : 64;
    size_t n = (bytes + align - 1) / align * align;
    void *p = aligned_alloc(align, n ? n : align);
    if (!p) return NULL;
#ifdef MADV_HUGEPAGE
    if (align == S_HUGE) (void)madvise(p, n, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
    memset(p, 0, n ? n : align);
    return p;
}

sl_status sl_ner_weights_index(sl_ner_weights *w, const uint32_t *keys)
{
    static atomic_uint_fast64_t gen;
    w->gen = (uint64_t)atomic_fetch_add(&gen, 1) + 1;
    size_t cap = 16;
    /* At most ~70% full (was 50%): a smaller slot table stays better cached, and the long
     * probes, those for absent keys, mostly stop at the presence filter (sl_ner_maybe). */
    while (cap * 5 < w->nfeat * 7) cap *= 2;
    w->slot = S_table_alloc(cap * sizeof *w->slot);
    /* 32-byte rows on 64-byte boundaries: a row never straddles two cache lines. */
    w->frows = S_table_alloc(w->nfeat * 16 * sizeof *w->frows);
    uint32_t *ref = malloc((w->nfeat + 1) * sizeof *ref);
    /* Slots are filled in order of their home slot (a counting sort on its top bits), so
     * the writes sweep the table instead of missing the cache once per feature; linear
     * probing finds every key whatever the insertion order. */
    size_t nb = cap < 4096 ? cap : 4096, shift = 0;
    while ((cap >> shift) > nb) shift++;
    uint32_t *cnt = calloc(nb + 1, sizeof *cnt), *order = malloc((w->nfeat + 1) * sizeof *order);
    if (!w->slot || !w->frows || !ref || !cnt || !order) { free(ref); free(cnt); free(order); return SL_ENOMEM; }
    w->cap = cap;
    /* Presence filter (sl_ner_maybe): 64-bit words, at least 12 bits per key. */
    size_t fwords = 64;
    w->filt_shift = 58;
    while (fwords * 64 < w->nfeat * 12) { fwords *= 2; w->filt_shift--; }
    w->filt = S_table_alloc(fwords * sizeof *w->filt);
    if (!w->filt) { free(ref); free(cnt); free(order); return SL_ENOMEM; }
    size_t wcap = 0;
    sl_status st = SL_OK;
    for (size_t r = 0; r < w->nfeat && st == SL_OK; r++) {
        const int16_t *row = w->rows + r * SL_NER_NTAGS;
        int16_t *fr = w->frows + r * 16;
        int32_t lo = 0, hi = 0;
        for (int t = 0; t < 16; t++) {
            int32_t d = (int32_t)row[t + 1] - row[0];
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
            fr[t] = (int16_t)d;
        }
        ref[r] = (uint32_t)r;
        if (lo < INT16_MIN || hi > INT16_MAX) { /* differences to O do not fit int16: held wide */
            if (w->nwide == wcap) {
                wcap = wcap ? wcap * 2 : 64;
                int32_t *p = realloc(w->wide, wcap * 16 * sizeof *p);
                if (!p) { st = SL_ENOMEM; break; }
                w->wide = p;
            }
            for (int t = 0; t < 16; t++) w->wide[w->nwide * 16 + (size_t)t] = (int32_t)row[t + 1] - row[0];
            memset(fr, 0, 16 * sizeof *fr);
            ref[r] = SL_NER_WIDE | (uint32_t)w->nwide++;
        }
        cnt[(((keys[r] * 0x9e3779b1u) & (cap - 1)) >> shift) + 1]++;
        uint64_t h = (uint64_t)keys[r] * 0x9e3779b97f4a7c15ULL;
        w->filt[h >> w->filt_shift] |= (1ULL << (h & 63)) | (1ULL << ((h >> 6) & 63));
    }
    for (size_t b = 0; b < nb; b++) cnt[b + 1] += cnt[b];
    for (size_t r = 0; r < w->nfeat && st == SL_OK; r++)
        order[cnt[((keys[r] * 0x9e3779b1u) & (cap - 1)) >> shift]++] = (uint32_t)r;
    for (size_t k = 0; k < w->nfeat && st == SL_OK; k++) {
        uint32_t r = order[k];
        size_t i = sl_ner_slot(w, keys[r]);
        w->slot[i] = (uint64_t)keys[r] | (uint64_t)ref[r] << 32;
    }
    free(ref); free(cnt); free(order);
    return st;
}

/* ---- joined word tables ------------------------------------------------------------------- */

void sl_ner_words_free(sl_ner_words *w)
{
    free(w->slot);
    memset(w, 0, sizeof *w);
}

sl_status sl_ner_words_build(const sl_ner_casing cas[3], sl_ner_words *w)
{
    memset(w, 0, sizeof *w);
    size_t n = cas[0].n + cas[1].n + cas[2].n, cap = 16;
    while (cap < n * 2) cap *= 2;
    w->slot = S_table_alloc(cap * sizeof *w->slot);
    if (!w->slot) return SL_ENOMEM;
    w->cap = cap;
    for (int k = 0; k < 3; k++)
        for (size_t j = 0; j < cas[k].n; j++) {
            uint32_t key = cas[k].keys[j];
            size_t i = (key * 0x9e3779b1u) & (cap - 1);
            while (w->slot[i] && (uint32_t)w->slot[i] != key) i = (i + 1) & (cap - 1);
            uint64_t v = (w->slot[i] >> 32) | (uint64_t)cas[k].bucket[j] << (8 * k);
            w->slot[i] = key | v << 32;
        }
    return SL_OK;
}

static sl_status S_fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "ner model: %s", msg);
    return SL_EMODEL;
}

static sl_status S_parse_weights(const unsigned char *p, uint64_t len, sl_ner_weights *w,
                                 char *err, size_t errlen)
{
    if (len < 16) return S_fail(err, errlen, "weights section truncated");
    uint64_t nfeat = S_rd32(p), ntags = S_rd32(p + 4), nnz = S_rd32(p + 8);
    if (ntags != SL_NER_NTAGS) return S_fail(err, errlen, "weights section has the wrong tag count");
    if (nfeat > SL_NER_MAX_MODEL_FEATS) return S_fail(err, errlen, "too many features");
    if (len != 16 + nfeat * 8 + nnz * 2)
        return S_fail(err, errlen, "weights section size does not match its feature count");
    w->nfeat = (size_t)nfeat;
    uint32_t *keys = malloc((size_t)nfeat * sizeof *keys + 1);
    w->rows = calloc((size_t)(nfeat * ntags) + 1, sizeof *w->rows);
    if (!keys || !w->rows) { free(keys); return SL_ENOMEM; }
    const unsigned char *k = p + 16, *mk = k + nfeat * 4, *v = mk + nfeat * 4;
    uint64_t used = 0;
    for (size_t i = 0; i < nfeat; i++) {
        keys[i] = S_rd32(k + 4 * i);
        uint32_t mask = S_rd32(mk + 4 * i);
        if (!keys[i] || (i && keys[i] <= keys[i - 1]) || (mask >> SL_NER_NTAGS)) {
            free(keys);
            return S_fail(err, errlen, "feature keys are not sorted and non-zero, or a tag mask is bad");
        }
        for (int t = 0; t < SL_NER_NTAGS; t++) {
            if (!(mask >> t & 1)) continue;
            if (used >= nnz) { free(keys); return S_fail(err, errlen, "tag masks promise more weights than stored"); }
            w->rows[i * SL_NER_NTAGS + t] = (int16_t)(uint16_t)((unsigned)v[2 * used] | (unsigned)v[2 * used + 1] << 8);
            used++;
        }
    }
    if (used != nnz) { free(keys); return S_fail(err, errlen, "tag masks and weight count disagree"); }
    sl_status st = sl_ner_weights_index(w, keys);
    free(keys);
    free(w->rows); /* tagging reads frows */
    w->rows = NULL;
    return st;
}

static sl_status S_parse_casing(const unsigned char *p, uint64_t len, sl_ner_casing *c,
                                unsigned maxval, char *err, size_t errlen)
{
    if (len < 16) return S_fail(err, errlen, "casing section truncated");
    uint64_t n = S_rd32(p);
    if (n > SL_NER_MAX_MODEL_FEATS || len != 16 + n * 5)
        return S_fail(err, errlen, "casing section size does not match its word count");
    c->keys = malloc((size_t)n * sizeof *c->keys + 1);
    c->bucket = malloc((size_t)n + 1);
    if (!c->keys || !c->bucket) return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        c->keys[i] = S_rd32(p + 16 + 4 * i);
        c->bucket[i] = p[16 + 4 * n + i];
        if ((i && c->keys[i] <= c->keys[i - 1]) || c->bucket[i] > maxval)
            return S_fail(err, errlen, "casing section is not sorted or has a bad bucket");
    }
    c->n = (size_t)n;
    return SL_OK;
}

sl_status sl_ner_model_parse(const void *data, size_t len, struct sl_ner_model **out,
                             char *err, size_t errlen)
{
    char dummy[8];
    if (!err) { err = dummy; errlen = sizeof dummy; }
    *out = NULL;
    const unsigned char *p = data;
    if (!p || len < 32) return S_fail(err, errlen, "file truncated (no header)");
    if (memcmp(p, SL_NER_MAGIC, 8) != 0) return S_fail(err, errlen, "wrong magic (not a Storyline NER model)");
    uint32_t ver = S_rd32(p + 8), nsec = S_rd32(p + 12), feats = S_rd32(p + 28);
    uint64_t total = S_rd64(p + 16);
    if (ver != SL_NER_FORMAT_VERSION) {
        snprintf(err, errlen, "ner model: format version %u, this build reads %u", ver, SL_NER_FORMAT_VERSION);
        return SL_EMODEL;
    }
    if (total != len) return S_fail(err, errlen, "file truncated or padded (length field mismatch)");
    if (nsec == 0 || nsec > 16 || 32 + (uint64_t)nsec * 24 > len) return S_fail(err, errlen, "bad section table");
    if ((uint32_t)crc32(0L, p + 32, (uInt)(len - 32)) != S_rd32(p + 24))
        return S_fail(err, errlen, "checksum mismatch (corrupted file)");
    if (feats != SL_NER_FEATS_VERSION) {
        snprintf(err, errlen, "ner model: built for feature set %u, this build uses %u: retrain", feats,
                 SL_NER_FEATS_VERSION);
        return SL_EMODEL;
    }
    struct sl_ner_model *m = calloc(1, sizeof *m);
    if (!m) return SL_ENOMEM;
    sl_status st = SL_OK;
    for (uint32_t s = 0; st == SL_OK && s < nsec; s++) {
        const unsigned char *e = p + 32 + 24 * s;
        uint32_t id = S_rd32(e);
        uint64_t off = S_rd64(e + 8), slen = S_rd64(e + 16);
        if (off < 32 + (uint64_t)nsec * 24 || off > len || slen > len - off) {
            st = S_fail(err, errlen, "section outside the file");
            break;
        }
        if (id == SL_NER_SEC_CASED || id == SL_NER_SEC_CI) {
            int which = id == SL_NER_SEC_CASED ? SL_NER_CASED : SL_NER_CI;
            if (m->have[which]) { st = S_fail(err, errlen, "duplicate section"); break; }
            st = S_parse_weights(p + off, slen, &m->w[which], err, errlen);
            m->have[which] = st == SL_OK;
        } else if (id == SL_NER_SEC_CASING) {
            if (m->cas.keys) { st = S_fail(err, errlen, "duplicate section"); break; }
            st = S_parse_casing(p + off, slen, &m->cas, 5, err, errlen);
        } else if (id == SL_NER_SEC_CLUSTERS) {
            if (m->clus.keys) { st = S_fail(err, errlen, "duplicate section"); break; }
            st = S_parse_casing(p + off, slen, &m->clus, 255, err, errlen);
        } else if (id == SL_NER_SEC_CLUSTERS2) {
            if (m->clus2.keys) { st = S_fail(err, errlen, "duplicate section"); break; }
            st = S_parse_casing(p + off, slen, &m->clus2, 255, err, errlen);
        } /* unknown sections are skipped: later versions may add optional ones */
    }
    if (st == SL_OK && !m->have[SL_NER_CASED]) st = S_fail(err, errlen, "no cased weights section");
    if (st == SL_OK) st = sl_ner_words_build((const sl_ner_casing[3]){m->cas, m->clus, m->clus2}, &m->words);
    if (st != SL_OK) {
        sl_ner_model_free(m);
        return st;
    }
    *out = m;
    return SL_OK;
}

sl_status sl_ner_model_load(struct sl_ner_model **out)
{
    *out = NULL;
    size_t len;
    const char *r = sl_resource("ner.bin", &len);
    if (!r) return SL_OK; /* no model built in: the rule tagger is used */
    char err[160];
    sl_status st = sl_ner_model_parse(r, len, out, err, sizeof err);
    if (st != SL_OK) fprintf(stderr, "storyline: %s\n", err);
    return st;
}

void sl_ner_model_free(struct sl_ner_model *m)
{
    if (!m) return;
    sl_ner_weights_free(&m->w[0]);
    sl_ner_weights_free(&m->w[1]);
    free(m->cas.keys);
    free(m->cas.bucket);
    free(m->clus.keys);
    free(m->clus.bucket);
    free(m->clus2.keys);
    free(m->clus2.bucket);
    sl_ner_words_free(&m->words);
    free(m);
}

/* ---- writing -------------------------------------------------------------------------------- */

static void S_wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void S_wr64(unsigned char *p, uint64_t v) { S_wr32(p, (uint32_t)v); S_wr32(p + 4, (uint32_t)(v >> 32)); }

static size_t S_nnz(const sl_ner_section *s)
{
    size_t n = 0;
    for (size_t i = 0; s->rows && i < s->nfeat * SL_NER_NTAGS; i++) n += s->rows[i] != 0;
    return n;
}

static size_t S_seclen(const sl_ner_section *s)
{
    return 16 + (s->rows ? s->nfeat * 8 + 2 * S_nnz(s) : s->nfeat * 5);
}

sl_status sl_ner_model_write(const sl_ner_section *secs, size_t nsec, unsigned char **out,
                             size_t *outlen)
{
    size_t total = 32 + 24 * nsec;
    for (size_t s = 0; s < nsec; s++) total += S_seclen(&secs[s]);
    unsigned char *b = calloc(1, total);
    if (!b) return SL_ENOMEM;
    memcpy(b, SL_NER_MAGIC, 8);
    S_wr32(b + 8, SL_NER_FORMAT_VERSION);
    S_wr32(b + 12, (uint32_t)nsec);
    S_wr64(b + 16, total);
    S_wr32(b + 28, SL_NER_FEATS_VERSION);
    size_t off = 32 + 24 * nsec;
    for (size_t s = 0; s < nsec; s++) {
        size_t slen = S_seclen(&secs[s]);
        unsigned char *e = b + 32 + 24 * s;
        S_wr32(e, secs[s].id);
        S_wr64(e + 8, off);
        S_wr64(e + 16, slen);
        unsigned char *p = b + off;
        S_wr32(p, (uint32_t)secs[s].nfeat);
        if (!secs[s].rows) {
            p += 16;
            for (size_t i = 0; i < secs[s].nfeat; i++, p += 4) S_wr32(p, secs[s].keys[i]);
            memcpy(p, secs[s].bytes, secs[s].nfeat);
            off += slen;
            continue;
        }
        S_wr32(p + 4, SL_NER_NTAGS);
        S_wr32(p + 8, (uint32_t)S_nnz(&secs[s]));
        p += 16;
        for (size_t i = 0; i < secs[s].nfeat; i++, p += 4) S_wr32(p, secs[s].keys[i]);
        for (size_t i = 0; i < secs[s].nfeat; i++, p += 4) {
            uint32_t mask = 0;
            for (int t = 0; t < SL_NER_NTAGS; t++) mask |= (uint32_t)(secs[s].rows[i * SL_NER_NTAGS + t] != 0) << t;
            S_wr32(p, mask);
        }
        for (size_t i = 0; i < secs[s].nfeat * SL_NER_NTAGS; i++) {
            uint16_t v = (uint16_t)secs[s].rows[i];
            if (!v) continue;
            p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
            p += 2;
        }
        off += slen;
    }
    S_wr32(b + 24, (uint32_t)crc32(0L, b + 32, (uInt)(total - 32)));
    *out = b;
    *outlen = total;
    return SL_OK;
}
