/*
 * session.c — a database plus story assignment: the stateful end of the pipeline.
 *
 *   sl_doc (from sl_doc_process) -> duplicate check -> clusterer (story, near-duplicate)
 *        -> store rows (one savepoint per article) -> story marked dirty
 *   flush: dirty stories get their cached title, summary and top entities recomputed from
 *          the stored members; the clusterer state is saved; one commit per batch.
 *
 * Why a dirty flag and not a refresh per article: a story that gains 50 articles in a batch
 * is summarized once, and the per-article cost stays a fixed number of indexed statements
 * (no scan over all stories). The clusterer keeps its own in-memory index. Its state is
 * persisted as a snapshot plus the stored articles that came after it: assignment is
 * deterministic, so replaying those articles' signatures (kept in their rows) onto the
 * snapshot gives back exactly the state that assigned them. A snapshot costs O(N) to write,
 * so it is written only once 1/SL_SNAPSHOT_FRACTION of the stored articles (at least
 * SL_SNAPSHOT_MIN) came after the last one: O(1) per article, and a process that starts
 * replays at most that many articles. Snapshot and rows share transactions, so they never
 * disagree after a commit.
 *
 * Story ids are "s" + 12 hex digits of the hash of the story's first article id: stable
 * across runs and reclustering in the same order, short enough to type.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"
#include "extract/extract.h"
#include "model/doc.h"
#include "store/store.h"
#include "story/story.h"
#include "summary/summary.h"

#define SL_SESSION_BATCH        1000 /* articles per transaction before an automatic flush */
#define SL_SUMMARY_WORDS        100  /* default summary length (words) */
#define SL_TITLE_MAX_BYTES      160  /* a title made from a first sentence is cut here */
#define SL_SNAPSHOT_MIN         1000 /* articles after a clusterer snapshot before the next one... */
#define SL_SNAPSHOT_FRACTION    64   /* ...or 1/64 of the stored articles, whichever is more */

struct sl_session {
    sl_store *store;
    const sl_engine *engine;
    sl_clusterer *cl; /* loaded on the first write (readers never need it) */
    int64_t gen;      /* generation of the committed state `cl` matches; -1 = none */
    bool cl_changed;  /* `cl` has assigned articles since the last commit */
    int64_t next_seq; /* arrival number of the next article (valid while `cl` is) */
    int64_t snap_id;  /* which committed snapshot `cl` descends from (-1 = none known) */
    int64_t snap_upto;/* last arrival number that snapshot holds (-1 = none) */
    bool snap_force;  /* write a snapshot at the next flush (after a recluster) */
    size_t pending;   /* articles added since the last flush */
    char err[600];
};

static sl_status S_err(sl_session *s, sl_status st, const char *what)
{
    if (st == SL_EDB || st == SL_ENOTFOUND || st == SL_EINVAL)
        snprintf(s->err, sizeof s->err, "%s: %s", what, sl_store_error(s->store));
    else
        snprintf(s->err, sizeof s->err, "%s: %s", what, sl_strerror(st));
    return st;
}

SL_API sl_status sl_session_open(const char *path, const sl_engine *e, sl_session **out)
{
    if (!path || !out) return SL_EINVAL;
    *out = NULL;
    sl_session *s = calloc(1, sizeof *s);
    if (!s) return SL_ENOMEM;
    s->engine = e;
    sl_status st = sl_store_open(path, &s->store, s->err, sizeof s->err);
    if (st != SL_OK) {
        free(s);
        return st;
    }
    sl_store_set_alias_rule(s->store, sl_alias_same);
    s->gen = -1;
    s->snap_id = -1;
    s->snap_upto = -1;
    *out = s;
    return SL_OK;
}

/* An integer kept as text under `key` in the store's meta table; `dflt` when absent. */
static sl_status S_meta_int(sl_session *s, const char *key, int64_t dflt, int64_t *out)
{
    char *blob = NULL;
    size_t blen = 0;
    *out = dflt;
    sl_status st = sl_store_blob_get(s->store, key, &blob, &blen);
    if (st == SL_ENOTFOUND) return SL_OK;
    if (st != SL_OK) return st;
    blob[blen] = 0; /* blob_get leaves room for it */
    *out = strtoll(blob, NULL, 10);
    free(blob);
    return SL_OK;
}

static sl_status S_meta_put_int(sl_session *s, const char *key, int64_t v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)v);
    return sl_store_blob_put(s->store, key, num, strlen(num));
}

/* The signature a stored article was assigned with (replay and recluster feed it again). */
static sl_story_sig S_stored_sig(const sl_store_sig *g)
{
    return (sl_story_sig){g->terms, g->nterms, g->simhash, g->published[0] ? sl_iso_day(g->published) : INT64_MIN};
}

/* Replays one stored article onto the clusterer. Its story and near-duplicate link are in
 * its row already, so the answers (and the merges they report) are only drained. */
static int S_replay_one(const sl_store_sig *g, void *user)
{
    sl_session *s = user;
    sl_story_sig sig = S_stored_sig(g);
    sl_assign as;
    int64_t (*pairs)[2];
    if (sl_clusterer_assign(s->cl, g->seq, &sig, &as) != SL_OK) return 1;
    sl_clusterer_merges(s->cl, &pairs);
    s->next_seq = g->seq + 1;
    return 0;
}

/* Within the write transaction: makes the clusterer and the arrival counter current. Another
 * writer (a second process on the same file) may have committed since this session last
 * looked; the generation in `meta`, bumped at every commit that assigned articles, tells.
 * When the snapshot our state descends from is still the committed one, replaying the
 * articles stored since our last one is enough; otherwise (first use, a recluster elsewhere,
 * or our state was dropped) the snapshot is loaded and everything after it replayed. */
static sl_status S_sync(sl_session *s)
{
    int64_t gen, snap, upto, max = -1;
    sl_status st = S_meta_int(s, "generation", 0, &gen);
    if (st != SL_OK) return st;
    if (s->cl && gen == s->gen) return SL_OK;
    if ((st = S_meta_int(s, "clusterer_snapshot", 0, &snap)) != SL_OK) return st;
    if ((st = sl_store_max_seq(s->store, &max)) != SL_OK) return st;
    if (!s->cl || snap != s->snap_id) {
        char *blob = NULL;
        size_t blen = 0;
        sl_clusterer *cl = NULL;
        st = sl_store_blob_get(s->store, "clusterer", &blob, &blen);
        if (st == SL_OK) {
            st = sl_clusterer_load(blob, blen, &cl);
            free(blob);
            /* a database written before snapshots saved the whole state at every commit:
             * its state holds every stored article; say so for the sessions after us */
            if (st == SL_OK) st = S_meta_int(s, "clusterer_upto", -2, &upto);
            if (st == SL_OK && upto == -2) {
                upto = max;
                st = S_meta_put_int(s, "clusterer_upto", upto);
            }
        } else if (st == SL_ENOTFOUND) {
            st = sl_clusterer_new(&cl);
            upto = -1;
        }
        if (st != SL_OK) { sl_clusterer_free(cl); return st; }
        sl_clusterer_free(s->cl);
        s->cl = cl;
        s->snap_id = snap;
        s->snap_upto = upto;
        s->next_seq = upto + 1;
    }
    s->gen = -1; /* until the replay is complete */
    if ((st = sl_store_signatures_after(s->store, s->next_seq - 1, S_replay_one, s)) != SL_OK ||
        s->next_seq != max + 1) {
        sl_clusterer_free(s->cl); /* a partial replay is no state: rebuilt at the next write */
        s->cl = NULL;
        return st != SL_OK ? st : SL_EMODEL;
    }
    s->gen = gen;
    s->cl_changed = s->pending > 0; /* rebuilt mid-batch: the batch's articles are still to commit */
    return SL_OK;
}

SL_API const char *sl_session_error(const sl_session *s) { return s ? s->err : "no session"; }

SL_API void sl_session_close(sl_session *s)
{
    if (!s) return;
    /* a session that only read takes no write lock on the way out (a concurrent ingest
     * may hold it) */
    if (s->pending || sl_store_in_transaction(s->store)) sl_session_flush(s);
    sl_clusterer_free(s->cl);
    sl_store_close(s->store);
    free(s);
}

/* ---- adding articles --------------------------------------------------------------------- */

static void S_story_id(const char *first_article, int64_t number, bool retry, char id[65])
{
    char hex[17];
    sl_hex64(sl_hash64(first_article, strlen(first_article), 0x5707), hex);
    if (!retry) snprintf(id, 65, "s%.12s", hex);
    else snprintf(id, 65, "s%.12s-%lld", hex, (long long)number);
}

/* Story id for a clusterer story number, creating the story row when new. */
static sl_status S_story_for(sl_session *s, int64_t number, const char *first_article, char id[65])
{
    sl_status st = sl_store_story_by_number(s->store, number, id);
    if (st != SL_ENOTFOUND) return st;
    S_story_id(first_article, number, false, id);
    st = sl_store_story_create(s->store, number, id);
    if (st == SL_EDB) { /* hash collision on the 48-bit id: disambiguate by number */
        S_story_id(first_article, number, true, id);
        st = sl_store_story_create(s->store, number, id);
    }
    return st;
}

/* Applies the merges the clusterer reports (story `from` folded into `into`). The pairs
 * array is the clusterer's (valid until its next call), not ours to free. */
static sl_status S_apply_merges(sl_session *s)
{
    int64_t (*pairs)[2] = NULL;
    size_t n = sl_clusterer_merges(s->cl, &pairs);
    sl_status st = SL_OK;
    for (size_t i = 0; st == SL_OK && i < n; i++) {
        char from[65], into[65];
        if ((st = sl_store_story_by_number(s->store, pairs[i][0], from)) != SL_OK ||
            (st = sl_store_story_by_number(s->store, pairs[i][1], into)) != SL_OK) {
            if (st == SL_ENOTFOUND) st = SL_OK; /* a story never stored: nothing to move */
            continue;
        }
        st = sl_store_story_merge(s->store, from, into);
    }
    return st;
}

SL_API sl_status sl_session_add(sl_session *s, const sl_doc *d, sl_add_result *res)
{
    if (!s || !d || !res) return SL_EINVAL;
    memset(res, 0, sizeof *res);
    s->err[0] = 0;
    /* the stages should have enforced it; the store enforces it again so a row is bounded */
    if (d->text_len > SL_MAX_ARTICLE_BYTES) {
        snprintf(s->err, sizeof s->err, "article text of %zu bytes exceeds the limit of %u bytes", d->text_len,
                 SL_MAX_ARTICLE_BYTES);
        return SL_ELIMIT;
    }
    char found[65];
    sl_status st = sl_store_find_article(s->store, d->id, d->content_hash, found);
    if (st == SL_OK) {
        res->outcome = SL_PRESENT;
        snprintf(res->article_id, sizeof res->article_id, "%s", found);
        return SL_OK;
    }
    if (st != SL_ENOTFOUND) return S_err(s, st, "duplicate check");
    bool fresh = !sl_store_in_transaction(s->store);
    if ((st = sl_store_begin(s->store)) != SL_OK) return S_err(s, st, "begin");
    if ((fresh || !s->cl) && (st = S_sync(s)) != SL_OK) {
        if (st == SL_EMODEL)
            snprintf(s->err, sizeof s->err, "the saved story-assignment state was written by another "
                     "version of storyline or is damaged: run `storyline recluster` on this database");
        else
            S_err(s, st, "load clusterer state");
        sl_store_abort(s->store);
        return st;
    }
    if ((st = sl_store_savepoint(s->store)) != SL_OK) return S_err(s, st, "savepoint");

    int64_t seq = s->next_seq++;
    s->cl_changed = true;
    sl_story_sig sig;
    sl_story_sig_from_doc(d, &sig);
    sl_assign as;
    char story[65] = "", dup[65] = "";
    const char *what = "story assignment";
    st = sl_clusterer_assign(s->cl, seq, &sig, &as);
    if (st == SL_OK) { what = "story"; st = S_story_for(s, as.story, d->id, story); }
    if (st == SL_OK && as.near_dup_of >= 0) {
        sl_status ds = sl_store_article_by_seq(s->store, as.near_dup_of, dup);
        if (ds == SL_ENOTFOUND) dup[0] = 0; /* the original failed to store: no link */
        else if (ds != SL_OK) st = ds;
    }
    if (st == SL_OK) { what = "store article"; st = sl_store_put_article(s->store, d, seq, story, dup); }
    if (st == SL_OK) { what = "merge stories"; st = S_apply_merges(s); }
    if (st == SL_OK) { what = "mark story"; st = sl_store_story_dirty(s->store, story); }
    if (st != SL_OK) {
        S_err(s, st, what);
        sl_store_rollback(s->store);
        /* the clusterer has seen an article whose row is gone: drop the state; the next
         * article rebuilds it from the snapshot and the rows that are stored */
        sl_clusterer_free(s->cl);
        s->cl = NULL;
        return st;
    }
    if ((st = sl_store_release(s->store)) != SL_OK) return S_err(s, st, "release");
    res->outcome = SL_ADDED;
    snprintf(res->article_id, sizeof res->article_id, "%s", d->id);
    snprintf(res->story_id, sizeof res->story_id, "%s", story);
    snprintf(res->duplicate_of, sizeof res->duplicate_of, "%s", dup);
    if (++s->pending >= SL_SESSION_BATCH) return sl_session_flush(s);
    return SL_OK;
}

/* ---- summaries ---------------------------------------------------------------------------- */

static int S_words(const char *s, size_t n)
{
    int w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Summary picks over sl_sum_docs -> JSON array [{text, article, start, end}]; also the
 * index of the most central document (highest summed pick score; earliest on ties). */
static sl_status S_summary_json(const sl_sum_doc *docs, size_t n, int words, json_t **out, size_t *central)
{
    sl_sum_pick *picks = NULL;
    size_t np = 0;
    *out = NULL;
    *central = 0;
    int budget = words > 0 ? words : SL_SUMMARY_WORDS;
#ifdef SL_SUM_MAX_WORDS
    if (budget > (int)SL_SUM_MAX_WORDS) budget = (int)SL_SUM_MAX_WORDS;
#endif
    sl_status st = n ? sl_summary_select(docs, n, budget, &picks, &np) : SL_OK;
    if (st != SL_OK) return st;
    json_t *a = json_array();
    double *score = n ? calloc(n, sizeof *score) : NULL;
    if (!a || (n && !score)) { json_decref(a); free(score); free(picks); return SL_ENOMEM; }
    int used = 0;
    for (size_t i = 0; i < np; i++) {
        const sl_sum_pick *p = &picks[i];
        if (p->doc >= n || p->sent >= docs[p->doc].nsents) continue; /* never trust indexes */
        const sl_sum_doc *d = &docs[p->doc];
        /* the selector's display span (sentence minus dateline and spaces) when it gives one */
        sl_span sp = p->span.end > p->span.start && p->span.end <= d->text_len ? p->span : d->sents[p->sent];
        if (sp.end > d->text_len || sp.start >= sp.end) continue;
        /* the word budget is a promise of the API: hold it even if a selector overshoots
         * (the first sentence is kept whatever its length, so a summary is never empty) */
        int w = S_words(d->text + sp.start, sp.end - sp.start);
        if (json_array_size(a) && used + w > budget) continue;
        used += w;
        json_t *o = json_object();
        /* offsets are those of the text shown, so text == article text[start, end) */
        size_t lo = sp.start, hi = sp.end;
        while (lo < hi && (d->text[lo] == ' ' || d->text[lo] == '\n' || d->text[lo] == '\t' || d->text[lo] == '\r')) lo++;
        while (hi > lo && (d->text[hi - 1] == ' ' || d->text[hi - 1] == '\n' || d->text[hi - 1] == '\t' || d->text[hi - 1] == '\r')) hi--;
        json_object_set_new(o, "text", json_stringn(d->text + lo, hi - lo));
        json_object_set_new(o, "article", json_string(d->id));
        json_object_set_new(o, "start", json_integer((json_int_t)lo));
        json_object_set_new(o, "end", json_integer((json_int_t)hi));
        json_array_append_new(a, o);
        score[p->doc] += p->score > 0 ? p->score : 1e-9;
    }
    for (size_t i = 1; i < n; i++)
        if (score[i] > score[*central]) *central = i;
    free(score);
    free(picks);
    *out = a;
    return SL_OK;
}

/* A title from a first sentence, cut at a word boundary under SL_TITLE_MAX_BYTES. */
static char *S_sentence_title(const char *text, size_t len, const sl_span *sents, size_t nsents)
{
    size_t a = nsents ? sents[0].start : 0, b = nsents ? sents[0].end : len;
    if (b > len) b = len;
    while (a < b && (unsigned char)text[a] <= ' ') a++;
    while (b > a && (unsigned char)text[b - 1] <= ' ') b--;
    if (b - a > SL_TITLE_MAX_BYTES) {
        size_t cut = a + SL_TITLE_MAX_BYTES;
        while (cut > a && text[cut] != ' ') cut--;
        if (cut == a) { cut = a + SL_TITLE_MAX_BYTES; while (cut > a && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--; }
        b = cut;
    }
    char *t = malloc(b - a + 1);
    if (!t) return NULL;
    size_t k = 0;
    for (size_t i = a; i < b; i++) { /* one line, single spaces */
        char c = text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i];
        if (c == ' ' && k && t[k - 1] == ' ') continue;
        t[k++] = c;
    }
    t[k] = 0;
    return t;
}

/* Timeline of a story as a JSON array [{date, text, article, start, end, support}]. */
static sl_status S_timeline_json(const sl_sum_doc *docs, const sl_store_member *m, size_t n, char **out)
{
    *out = NULL;
    sl_sum_dates *dates = n ? calloc(n, sizeof *dates) : NULL;
    if (n && !dates) return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) dates[i] = (sl_sum_dates){.v = m[i].dates, .n = m[i].ndates};
    sl_timeline_entry *tl = NULL;
    size_t ntl = 0;
    sl_status st = n ? sl_summary_timeline(docs, dates, n, SL_TIMELINE_MAX, &tl, &ntl) : SL_OK;
    free(dates);
    if (st != SL_OK) return st;
    json_t *a = json_array();
    for (size_t i = 0; a && i < ntl; i++) {
        const sl_timeline_entry *t = &tl[i];
        if (t->doc >= n || t->span.end > docs[t->doc].text_len || t->span.start >= t->span.end) continue;
        json_t *o = json_object();
        json_object_set_new(o, "date", json_stringn(t->date, strnlen(t->date, sizeof t->date)));
        json_object_set_new(o, "text", json_stringn(docs[t->doc].text + t->span.start, t->span.end - t->span.start));
        json_object_set_new(o, "article", json_string(docs[t->doc].id));
        json_object_set_new(o, "start", json_integer(t->span.start));
        json_object_set_new(o, "end", json_integer(t->span.end));
        json_object_set_new(o, "support", json_integer(t->support));
        json_array_append_new(a, o);
    }
    free(tl);
    *out = a ? json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(a);
    return *out ? SL_OK : SL_ENOMEM;
}

/* Summary (JSON array, owned string), title (owned) and, when `timeline` is not NULL, the
 * timeline (JSON array, owned) of a stored story. */
static sl_status S_story_summary(sl_session *s, const char *id, int words, char **summary, char **title,
                                 char **timeline)
{
    if (timeline) *timeline = NULL;
    sl_store_member *m = NULL;
    size_t n = 0;
    *summary = NULL;
    if (title) *title = NULL;
    sl_status st = sl_store_members(s->store, id, &m, &n);
    if (st != SL_OK) return S_err(s, st, "load story members");
    sl_sum_doc *docs = n ? calloc(n, sizeof *docs) : NULL;
    if (n && !docs) { sl_store_members_free(m, n); return SL_ENOMEM; }
    for (size_t i = 0; i < n; i++)
        docs[i] = (sl_sum_doc){.id = m[i].id, .published = m[i].published, .text = m[i].text,
                               .text_len = m[i].text_len, .sents = m[i].sents, .nsents = m[i].nsents,
                               .near_dup = m[i].near_dup};
    json_t *arr = NULL;
    size_t central = 0;
    st = S_summary_json(docs, n, words, &arr, &central);
    if (st == SL_OK) {
        *summary = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!*summary) st = SL_ENOMEM;
    }
    json_decref(arr);
    if (st == SL_OK && timeline) {
        /* a refused timeline (limits) leaves it empty rather than failing the story */
        sl_status ts = S_timeline_json(docs, m, n, timeline);
        if (ts == SL_ENOMEM) st = ts;
    }
    if (st == SL_OK && title && n) {
        const sl_store_member *c = &m[central];
        *title = c->title && c->title[0] ? strdup(c->title)
                                         : S_sentence_title(c->text, c->text_len, c->sents, c->nsents);
    }
    free(docs);
    sl_store_members_free(m, n);
    if (st != SL_OK) {
        free(*summary);
        *summary = NULL;
        if (timeline) { free(*timeline); *timeline = NULL; }
        return S_err(s, st, "summary");
    }
    return SL_OK;
}

SL_API sl_status sl_session_flush(sl_session *s)
{
    if (!s) return SL_EINVAL;
    sl_status st = sl_store_begin(s->store);
    if (st != SL_OK) return S_err(s, st, "begin");
    char id[65];
    /* refreshing every story of a big batch takes a while after the last article: count and
     * rate on the progress bar (drawn only when the CLI enabled bars; the total is unknown) */
    sl_progress prog;
    sl_progress_start(&prog, "summaries", "stories", 0);
    double nrefreshed = 0;
    while ((st = sl_store_next_dirty(s->store, id)) == SL_OK) {
        sl_progress_update(&prog, nrefreshed++);
        char *summary = NULL, *title = NULL, *timeline = NULL;
        st = S_story_summary(s, id, SL_SUMMARY_WORDS, &summary, &title, &timeline);
        if (st != SL_OK && st != SL_ENOMEM && st != SL_EDB) {
            /* a story the summarizer refuses (SL_ELIMIT: too many sentences) must not stop
             * the batch: it keeps an empty summary and the error is kept for the caller */
            st = SL_OK;
        }
        if (st == SL_OK) st = sl_store_story_refresh(s->store, id, title, summary, timeline);
        free(summary);
        free(title);
        free(timeline);
        if (st != SL_OK) { sl_progress_end(&prog); return S_err(s, st, "refresh story"); }
    }
    if (nrefreshed > 0) sl_progress_update(&prog, nrefreshed);
    sl_progress_end(&prog);
    if (st != SL_END) return S_err(s, st, "dirty stories");
    bool snapshot = false;
    st = SL_OK;
    if (s->cl && s->cl_changed) {
        int64_t stored = s->next_seq, after = s->next_seq - 1 - s->snap_upto;
        int64_t every = stored / SL_SNAPSHOT_FRACTION > SL_SNAPSHOT_MIN ? stored / SL_SNAPSHOT_FRACTION : SL_SNAPSHOT_MIN;
        snapshot = s->snap_force || after >= every;
        if (snapshot) {
            char *blob = NULL;
            size_t blen = 0;
            st = sl_clusterer_save(s->cl, &blob, &blen);
            if (st == SL_OK) st = sl_store_blob_put(s->store, "clusterer", blob, blen);
            free(blob);
            if (st == SL_OK) st = S_meta_put_int(s, "clusterer_upto", s->next_seq - 1);
            if (st == SL_OK) st = S_meta_put_int(s, "clusterer_snapshot", s->snap_id + 1);
        }
        if (st == SL_OK) st = S_meta_put_int(s, "generation", s->gen + 1);
        if (st != SL_OK) return S_err(s, st, "save clusterer state");
    }
    if ((st = sl_store_commit(s->store)) != SL_OK) {
        /* what the clusterer assigned in this batch is not stored: rebuilt at the next write */
        sl_clusterer_free(s->cl);
        s->cl = NULL;
        return S_err(s, st, "commit");
    }
    if (s->cl && s->cl_changed) {
        s->gen++;
        s->cl_changed = false;
        if (snapshot) {
            s->snap_id++;
            s->snap_upto = s->next_seq - 1;
            s->snap_force = false;
        }
    }
    s->pending = 0;
    return SL_OK;
}

/* ---- queries ------------------------------------------------------------------------------ */

/* Queries see committed, refreshed data: pending work is flushed first. */
static sl_status S_ready(sl_session *s)
{
    if (!s) return SL_EINVAL;
    s->err[0] = 0;
    if (s->pending || sl_store_in_transaction(s->store)) return sl_session_flush(s);
    return SL_OK;
}

SL_API sl_status sl_session_articles(sl_session *s, sl_json_cb cb, void *user)
{
    sl_status st = S_ready(s);
    if (st == SL_OK && (st = sl_store_articles_json(s->store, false, cb, user)) != SL_OK) S_err(s, st, "articles");
    return st;
}

SL_API sl_status sl_session_export(sl_session *s, sl_json_cb cb, void *user)
{
    sl_status st = S_ready(s);
    if (st == SL_OK && (st = sl_store_articles_json(s->store, true, cb, user)) != SL_OK) S_err(s, st, "export");
    return st;
}

SL_API sl_status sl_session_stories(sl_session *s, sl_json_cb cb, void *user)
{
    sl_status st = S_ready(s);
    if (st == SL_OK && (st = sl_store_stories_json(s->store, cb, user)) != SL_OK) S_err(s, st, "stories");
    return st;
}

SL_API sl_status sl_session_stories_page(sl_session *s, const sl_story_query *q, sl_json_cb cb, void *user,
                                         size_t *total)
{
    if (!q || !total) return SL_EINVAL;
    sl_status st = S_ready(s);
    if (st == SL_OK && (st = sl_store_stories_page(s->store, q, cb, user, total)) != SL_OK) S_err(s, st, "stories");
    return st;
}

SL_API sl_status sl_session_entities_page(sl_session *s, const char *text, const char *type, size_t limit,
                                          sl_json_cb cb, void *user, size_t *total)
{
    if (!total) return SL_EINVAL;
    sl_status st = S_ready(s);
    if (st == SL_OK && (st = sl_store_entities_page(s->store, text, type, limit, cb, user, total)) != SL_OK)
        S_err(s, st, "entities");
    return st;
}

SL_API sl_status sl_session_entities(sl_session *s, sl_json_cb cb, void *user)
{
    sl_status st = S_ready(s);
    if (st == SL_OK && (st = sl_store_entities_json(s->store, cb, user)) != SL_OK) S_err(s, st, "entities");
    return st;
}

/* Resolves a story id or unique prefix; NULL/"" stays NULL (no filter). */
static sl_status S_resolve(sl_session *s, const char *prefix, char id[65], const char **out)
{
    *out = NULL;
    if (!prefix || !prefix[0]) return SL_OK;
    sl_status st = sl_store_story_resolve(s->store, prefix, id);
    if (st == SL_ENOTFOUND) {
        snprintf(s->err, sizeof s->err, "no story '%s'", prefix);
        return st;
    }
    if (st != SL_OK) return S_err(s, st, "story");
    *out = id;
    return SL_OK;
}

/* Disagreements are read from the members' texts when a story is asked for (not cached):
 * they need the story's quotes and entities, which the story JSON already holds. A story the
 * rules refuse (limits) keeps an empty list. Summary and timeline items get their speakers
 * from the same quotes. */
static sl_status S_story_disagreements(sl_session *s, const char *id, char **json)
{
    json_t *o = json_loads(*json, 0, NULL);
    if (!o) return SL_OK; /* not ours to judge: the story is shown without them */
    sl_store_member *m = NULL;
    size_t n = 0;
    sl_status st = sl_store_members(s->store, id, &m, &n);
    sl_sum_doc *docs = n ? calloc(n, sizeof *docs) : NULL;
    sl_sum_dates *dates = n ? calloc(n, sizeof *dates) : NULL;
    if (st == SL_OK && n && (!docs || !dates)) st = SL_ENOMEM;
    for (size_t i = 0; st == SL_OK && i < n; i++) {
        docs[i] = (sl_sum_doc){.id = m[i].id, .published = m[i].published, .text = m[i].text,
                               .text_len = m[i].text_len, .sents = m[i].sents, .nsents = m[i].nsents,
                               .near_dup = m[i].near_dup};
        dates[i] = (sl_sum_dates){.v = m[i].dates, .n = m[i].ndates};
    }
    if (st == SL_OK) {
        sl_status ds = sl_summary_story_disagreements(docs, dates, n, o);
        if (ds == SL_OK) ds = sl_summary_story_speakers(o);
        if (ds == SL_ENOMEM) st = ds;
    }
    if (st == SL_OK) {
        char *js = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!js) st = SL_ENOMEM;
        else { sl_free(*json); *json = js; }
    }
    if (st != SL_OK) { sl_free(*json); *json = NULL; }
    free(docs);
    free(dates);
    if (m) sl_store_members_free(m, n);
    json_decref(o);
    return st;
}

SL_API sl_status sl_session_story(sl_session *s, const char *prefix, int words, char **json)
{
    if (!json) return SL_EINVAL;
    *json = NULL;
    sl_status st = S_ready(s);
    if (st != SL_OK) return st;
    char id[65];
    const char *rid;
    if (!prefix || !prefix[0]) { snprintf(s->err, sizeof s->err, "no story id given"); return SL_EINVAL; }
    if ((st = S_resolve(s, prefix, id, &rid)) != SL_OK) return st;
    char *summary = NULL;
    if (words > 0 && words != SL_SUMMARY_WORDS) {
        if ((st = S_story_summary(s, id, words, &summary, NULL, NULL)) != SL_OK) return st;
    }
    st = sl_store_story_json(s->store, id, summary, json);
    free(summary);
    if (st == SL_OK) st = S_story_disagreements(s, id, json);
    if (st == SL_ENOTFOUND) snprintf(s->err, sizeof s->err, "no story '%s'", prefix);
    else if (st != SL_OK) S_err(s, st, "story");
    return st;
}

SL_API sl_status sl_session_quotes(sl_session *s, const char *story, const char *speaker, sl_json_cb cb, void *user)
{
    sl_status st = S_ready(s);
    char id[65];
    const char *rid = NULL;
    if (st == SL_OK) st = S_resolve(s, story, id, &rid);
    if (st == SL_OK && (st = sl_store_quotes_json(s->store, rid, speaker && speaker[0] ? speaker : NULL, cb, user)) != SL_OK)
        S_err(s, st, "quotes");
    return st;
}

SL_API sl_status sl_session_events(sl_session *s, const char *story, sl_json_cb cb, void *user)
{
    sl_status st = S_ready(s);
    char id[65];
    const char *rid = NULL;
    if (st == SL_OK) st = S_resolve(s, story, id, &rid);
    if (st == SL_OK && (st = sl_store_events_json(s->store, rid, cb, user)) != SL_OK) S_err(s, st, "events");
    return st;
}

/* ---- recluster ---------------------------------------------------------------------------- */

typedef struct S_recl {
    sl_session *s;
    sl_status st;
    char what[64];
    sl_progress prog; /* drawn only when the program enabled progress bars */
    double done;
} S_recl;

static int S_recluster_one(const sl_store_sig *g, void *user)
{
    S_recl *r = user;
    sl_session *s = r->s;
    sl_story_sig sig = S_stored_sig(g);
    sl_assign as;
    char story[65] = "", dup[65] = "";
    sl_status st = sl_clusterer_assign(s->cl, g->seq, &sig, &as);
    if (st == SL_OK) st = S_story_for(s, as.story, g->id, story);
    if (st == SL_OK && as.near_dup_of >= 0) {
        st = sl_store_article_by_seq(s->store, as.near_dup_of, dup);
        if (st == SL_ENOTFOUND) { dup[0] = 0; st = SL_OK; }
    }
    if (st == SL_OK) st = sl_store_set_article_story(s->store, g->seq, story, dup);
    if (st == SL_OK) st = S_apply_merges(s);
    if (st == SL_OK) st = sl_store_story_dirty(s->store, story);
    r->st = st;
    sl_progress_update(&r->prog, ++r->done);
    return st != SL_OK;
}

SL_API sl_status sl_session_recluster(sl_session *s)
{
    sl_status st = S_ready(s);
    if (st != SL_OK) return st;
    sl_clusterer *fresh = NULL;
    if ((st = sl_clusterer_new(&fresh)) != SL_OK) return S_err(s, st, "clusterer");
    if ((st = sl_store_begin(s->store)) != SL_OK) { sl_clusterer_free(fresh); return S_err(s, st, "begin"); }
    /* the generation this rebuild will be saved under follows the committed one; the saved
     * state itself is not needed (and may be unreadable: recluster is how to replace it) */
    int64_t gen = 0, snap = 0, max = -1;
    if ((st = S_meta_int(s, "generation", 0, &gen)) != SL_OK ||
        (st = S_meta_int(s, "clusterer_snapshot", 0, &snap)) != SL_OK ||
        (st = sl_store_max_seq(s->store, &max)) != SL_OK) {
        sl_clusterer_free(fresh);
        sl_store_abort(s->store);
        return S_err(s, st, "state");
    }
    s->gen = gen;
    s->snap_id = snap;
    s->next_seq = max + 1;
    sl_clusterer_free(s->cl);
    s->cl = fresh;
    s->cl_changed = true;
    s->snap_force = true; /* the rebuilt state replaces the snapshot other sessions replay onto */
    if ((st = sl_store_reset_stories(s->store)) != SL_OK) {
        S_err(s, st, "reset stories");
        sl_store_abort(s->store);
        sl_clusterer_free(s->cl);
        s->cl = NULL; /* reloaded from the saved state by the next write */
        s->gen = -1;
        return st;
    }
    S_recl r = {.s = s, .st = SL_OK, .what = ""};
    int64_t last = -1; /* arrival numbers start at 0: last + 1 articles, near enough for a bar */
    if (sl_store_max_seq(s->store, &last) != SL_OK) last = -1;
    sl_progress_start(&r.prog, "recluster", "articles", (double)(last + 1));
    st = sl_store_signatures(s->store, S_recluster_one, &r);
    sl_progress_end(&r.prog);
    if (st == SL_OK) st = r.st;
    if (st != SL_OK) {
        S_err(s, st, "recluster");
        /* leave the database as it was: roll the whole batch back and reload the state */
        char keep[sizeof s->err];
        memcpy(keep, s->err, sizeof keep);
        sl_store_abort(s->store);
        sl_clusterer_free(s->cl);
        s->cl = NULL; /* reloaded from the saved state by the next write */
        s->gen = -1;
        s->cl_changed = false;
        memcpy(s->err, keep, sizeof keep);
        return st;
    }
    return sl_session_flush(s);
}

/* ---- one-shot summary --------------------------------------------------------------------- */

SL_API sl_status sl_summarize(const sl_engine *e, sl_doc *const *docs, size_t n, int words, char **json)
{
    if (!json || (n && !docs)) return SL_EINVAL;
    *json = NULL;
    sl_sum_doc *sd = n ? calloc(n, sizeof *sd) : NULL;
    sl_span **spans = n ? calloc(n, sizeof *spans) : NULL;
    if (n && (!sd || !spans)) { free(sd); free(spans); return SL_ENOMEM; }
    sl_status st = SL_OK;
    for (size_t i = 0; i < n && st == SL_OK; i++) {
        const sl_doc *d = docs[i];
        size_t ns = d->sentences.n;
        spans[i] = ns ? malloc(ns * sizeof **spans) : NULL;
        if (ns && !spans[i]) { st = SL_ENOMEM; break; }
        for (size_t k = 0; k < ns; k++) spans[i][k] = d->sentences.v[k].span;
        sd[i] = (sl_sum_doc){.id = d->id, .published = d->published, .text = d->text, .text_len = d->text_len,
                             .sents = spans[i], .nsents = ns, .near_dup = false};
    }
    json_t *arr = NULL;
    size_t central = 0;
    if (st == SL_OK) st = S_summary_json(sd, n, words, &arr, &central);
    if (st == SL_OK) {
        json_t *o = json_object();
        json_object_set_new(o, "sentences", arr);
        *json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (!*json) st = SL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) free(spans ? spans[i] : NULL);
    free(spans);
    free(sd);
    return st;
}
