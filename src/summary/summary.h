/*
 * summary.h — extractive multi-document summaries, timelines and disagreements.
 *
 * Input is the stored shape of a story's articles (text + sentence spans), so the same
 * code serves one-shot `summarize` and stories in the database.
 */
#ifndef SL_SUMMARY_H
#define SL_SUMMARY_H

#include "model/doc.h"

#define SL_SUM_MAX_WORDS      5000u   /* largest summary budget accepted (words) */
#define SL_SUM_MAX_SENTS      100000u /* candidate sentences over all articles of one story */
#define SL_SUM_MIN_SENT_WORDS 6u      /* shorter sentences are not picked (datelines, fragments) */
#define SL_SUM_MAX_SENT_WORDS 60u     /* longer ones are usually run-ons or lists */

typedef struct sl_sum_doc {
    const char *id;          /* article id */
    const char *published;   /* ISO date or NULL */
    const char *text;        /* normalized text */
    size_t text_len;
    const sl_span *sents;    /* sentence spans into text */
    size_t nsents;
    bool near_dup;           /* a near-duplicate of another member: not counted twice */
} sl_sum_doc;

typedef struct sl_sum_pick {
    size_t doc;              /* index into the input docs */
    size_t sent;             /* index into that doc's sents */
    double score;            /* concept weight the sentence added when picked */
    sl_span span;            /* the text to show: sents[sent] without surrounding space,
                                without a leading dateline ("LONDON (AP) _") and without a
                                trailing attribution (", officials said Saturday.") */
} sl_sum_pick;

/* Picks sentences (at most `words` words in all, counted as whitespace-separated words of
 * the shown spans, the way ROUGE's -l counts them), in presentation order (by article date,
 * then position). *picks is malloc'd (NULL when *npicks is 0 is allowed). Deterministic.
 * SL_EINVAL for words < 1 or > SL_SUM_MAX_WORDS or bad spans; SL_ELIMIT past
 * SL_SUM_MAX_SENTS. */
sl_status sl_summary_select(const sl_sum_doc *docs, size_t n, int words,
                            sl_sum_pick **picks, size_t *npicks);

/* ---- timeline (timeline.c) ---------------------------------------------------------------- */

#define SL_TIMELINE_MAX 200u /* entries per story at most */

typedef struct sl_timeline_entry {
    char date[24];           /* the resolved date, ISO ("2017-11-10", "2017-11") */
    size_t doc;              /* index into the input docs */
    size_t sent;             /* index into that doc's sents */
    sl_span span;            /* the dated sentence, trimmed (see sl_summary_trim) */
    uint32_t support;        /* articles with a statement about that same date */
} sl_timeline_entry;

/* The resolved dates of one article (its d->dates), parallel to an sl_sum_doc. */
typedef struct sl_sum_dates {
    const sl_date *v;
    size_t n;
} sl_sum_dates;

/* Dated statements of a story ordered by the date they talk about: one entry per sentence
 * holding a day- or month-precise date (dates[i] for docs[i]), repeated statements about the same date
 * across articles merged (the earliest article's kept), near-duplicate articles skipped. At
 * most `max` entries (<= SL_TIMELINE_MAX; the dates most articles talk about are kept), in
 * chronological order. *out is malloc'd. Deterministic. */
sl_status sl_summary_timeline(const sl_sum_doc *docs, const sl_sum_dates *dates, size_t n,
                              size_t max, sl_timeline_entry **out, size_t *nout);

/* ---- disagreements (disagree.c) ------------------------------------------------------------ */

#define SL_DISAGREE_MAX 100u /* disagreements per story at most */

/* Two articles giving different figures for the same thing in otherwise similar sentences
 * ("killed 40 workers" / "killed 52 workers"). */
typedef struct sl_disagreement {
    char what[32];           /* what the figure counts, as written after it ("workers") */
    char value_a[24], value_b[24];
    size_t doc_a, sent_a, doc_b, sent_b; /* the two claims (doc_a's article is earlier) */
    sl_span span_a, span_b;  /* their sentences, trimmed */
} sl_disagreement;

/* Numeric disagreements across the articles of a story: a figure followed by the same word
 * in two similar sentences of different articles, with values that cannot both hold
 * ("at least 40" and "52" can; "40" and "52" cannot). Years are not figures. Near-duplicate
 * articles are skipped. At most `max` (<= SL_DISAGREE_MAX), most similar sentence pairs
 * first. *out is malloc'd. Deterministic. */
sl_status sl_summary_disagreements(const sl_sum_doc *docs, size_t n, size_t max,
                                   sl_disagreement **out, size_t *nout);

/* How a figure is hedged, from the two lower-case words before it: 0 exact, 1 at least
 * ("at least", "more than"), 2 at most ("nearly", "up to"), 3 about ("about", "some"). */
int sl_figure_hedge(const char *prev2, const char *prev1);
/* Value of a figure as written: "1,200" -> 1200, "six" -> 6 (two..twenty and the tens
 * spelled out); 0 when it is neither. */
double sl_figure_value(const char *text);
/* Can figure x (hedge hx) and figure y (hedge hy) both be true? ("at least 40" and 52 can.) */
bool sl_figures_compatible(double x, int hx, double y, int hy);

/* ---- all kinds of disagreements (claims.c) ------------------------------------------------- */

/* The four kinds a story's sources disagree in. */
typedef enum sl_dis_kind {
    SL_DIS_MODALITY = 0, /* "will take place" / "no conclusion has been made" */
    SL_DIS_DATE,         /* "on November 10" / "on November 11" for the same event */
    SL_DIS_NUMBER,       /* "killed 40 workers" / "killed 52 workers" */
    SL_DIS_ATTRIBUTION,  /* the same words put in two different mouths */
    SL_DIS_NKINDS
} sl_dis_kind;
const char *sl_dis_kind_name(sl_dis_kind k); /* "number", "modality", "date", "attribution" */

/* How sure a claim is that its event happens (modality-cues.tsv). */
typedef enum sl_modality {
    SL_MOD_NONE = 0, SL_MOD_CERTAIN, SL_MOD_PROBABLE, SL_MOD_POSSIBLE, SL_MOD_UNDECIDED,
    SL_MOD_NEGATIVE, SL_MOD_N
} sl_modality;
const char *sl_modality_name(sl_modality m); /* "", "certain", "probable", ... */
/* Whether two voices with these modalities about one event contradict each other: certain
 * against undecided or negative. */
bool sl_modality_conflict(sl_modality a, sl_modality b);

#define SL_DISAGREE_MAX_SIDES 8u  /* sides shown per disagreement */
#define SL_DISAGREE_MAX_NAMES 64u /* story entity names read for event participants */
#define SL_DISAGREE_MAX_QUOTES 5000u /* quotes per article read */

/* A quote of one article as the quotes stage found it: what is said and by whom. */
typedef struct sl_dis_quote {
    sl_span span;            /* the quoted or reported content */
    const char *speaker;     /* the speaker's name, NULL when unresolved */
} sl_dis_quote;

/* What disagreement rules read beyond sl_sum_doc; parallel to the docs (any field may be
 * empty). */
typedef struct sl_dis_doc {
    const sl_dis_quote *quotes;
    size_t nquotes;
    const sl_date *dates;
    size_t ndates;
} sl_dis_doc;

/* A name of the story (from its entities) that may take part in an event. */
typedef struct sl_dis_name {
    const char *name;
    uint8_t type;            /* sl_ent_type */
} sl_dis_name;

/* One side of a disagreement: who says what, where. */
typedef struct sl_dis_side {
    size_t doc;              /* index into the input docs */
    sl_span span;            /* the claim (its sentence or its quote's sentences), trimmed */
    const char *speaker;     /* borrowed from the input quotes; NULL = the article itself */
    char value[48];          /* the figure, the date, or the modality cue as written */
    uint8_t modality;        /* sl_modality (modality sides) */
    uint8_t hedge;           /* sl_figure_hedge of a figure (number sides) */
    double figure;           /* the figure's value (number sides) */
} sl_dis_side;

typedef struct sl_dis {
    uint8_t kind;            /* sl_dis_kind */
    char what[96];           /* what it is about: "meeting: Donald Trump, Vladimir Putin" */
    sl_dis_side sides[SL_DISAGREE_MAX_SIDES];
    size_t nsides;           /* >= 2 */
} sl_dis;

/* Every disagreement of a story: numbers (sl_summary_disagreements), modalities and dates
 * of the same event (an event word of modality-events.txt with the same participants: the
 * story's names in the claim, or the article's most named ones when the claim names fewer
 * than two), and attributions (the same quoted words with different speakers in two
 * articles). Speakers come from the quotes overlapping a claim. `extra` may be NULL (no
 * quotes, no dates), `names` too. Near-duplicate articles are skipped. At most `max`
 * (<= SL_DISAGREE_MAX), in a deterministic order (kind in enum order, then the first side's
 * article and position). *out is malloc'd. */
/* Do sides a and b of g contradict each other? modality: sl_modality_conflict; date: different
 * days in different articles; number: figures that cannot both hold; attribution: always. */
bool sl_dis_sides_conflict(const sl_dis *g, size_t a, size_t b);

sl_status sl_summary_disagree(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n,
                              const sl_dis_name *names, size_t nnames, size_t max,
                              sl_dis **out, size_t *nout);

/* Disagreements about plain facts (claims_facts.c), which sl_summary_disagree adds: ages of
 * one person ("Qin, 44" / "Qin Yongmin, 45"; number sides), found against not found ("bodies
 * had been found" / "have not yet been found") and a claim against its denial ("said Ocalan
 * had left for Russia" / "denied that Ocalan was in Russia"), both modality sides (certain /
 * negative). `skip` (may be NULL) marks articles left out; `extra` and `names` as for
 * sl_summary_disagree. *out is malloc'd (NULL when none). */
sl_status sl_summary_fact_disagreements(const sl_sum_doc *docs, const sl_dis_doc *extra, size_t n, const bool *skip,
                                        const sl_dis_name *names, size_t nnames, sl_dis **out, size_t *nout);
/* Length of a lower-cased word after a light suffix cut ("crashed", "crashes", "crashing" ->
 * "crash"; "waters" -> "water", not "waterway"), so that two versions of one statement that
 * inflect a word differently still share it (claims.c, claims_facts.c). */
size_t sl_summary_stem_len(const char *low, size_t n);

/* ---- story JSON (disagree_json.c) ---------------------------------------------------------- */

/* Fills story["disagreements"] of a story object (sl_session_story's shape: its "quotes"
 * [{article, speaker, start, end}] and "entities" [{name, type}] are read) from the texts of
 * its members: [{kind, what, speakers:[..], articles:[..], claims:[{speaker, article, start,
 * end, text, value, modality}]}]. `dates` may be NULL. The json_t is jansson's (void * keeps
 * jansson out of this header). */
sl_status sl_summary_story_disagreements(const sl_sum_doc *docs, const sl_sum_dates *dates,
                                         size_t n, void *story);
/* Sets "speaker" (a name or null) on every item of story["summary"] and story["timeline"]:
 * the speaker of the first quote of the same article overlapping the item's offsets. */
sl_status sl_summary_story_speakers(void *story);

/* The span of `s` worth showing: surrounding whitespace and a leading news dateline
 * ("WASHINGTON (AP) _ ", "LONDON, Oct. 17 (Reuters) - ") removed. */
sl_span sl_summary_trim(const char *text, sl_span s);

/* Whitespace-separated words in text[s.start, s.end) (ROUGE's -l unit). */
size_t sl_summary_words(const char *text, sl_span s);

#endif
