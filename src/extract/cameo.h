/*
 * cameo.h — internal interface of the CAMEO dictionaries (cameo.c) used by events.c and
 * quotes.c: actor/agent phrases (Phoenix, TABARI format), verb forms and simplified
 * PETRARCH-2 patterns, event-code labels, and the speech cue list.
 */
#ifndef SL_EXTRACT_CAMEO_H
#define SL_EXTRACT_CAMEO_H

#include "extract/facts.h"

/* Longest dictionary phrase we try to match, in tokens. */
#define SL_CAMEO_MAX_PHRASE 8
/* Size of the bit filter in front of the first-word map (128 KB). */
#define SL_CAMEO_FIRST_BITS (1u << 20)
/* Size of the cue first-word signature filter (8 KB): 5 bits per letter, 6 of length. */
#define SL_CAMEO_SIG_BITS (1u << 16)
/* Most elements (words, sets, actor slots) on one side of a verb pattern. */
#define SL_CAMEO_MAX_PAT 8
/* Most patterns one TABARI line with {A | B} alternatives expands into. */
#define SL_CAMEO_MAX_ALT 32

typedef struct sl_cameo_code {
    char code[16];
    int32_t from, to;   /* yyyymmdd validity; 0 = open */
} sl_cameo_code;

typedef struct sl_cameo_actor {
    uint32_t first_code, ncodes; /* into codes[] */
} sl_cameo_actor;

/* Kinds of pattern elements: a word, a &SET, or a TABARI slot ($ source, + target,
 * % compound actor, ^ skip one noun phrase). */
enum { SL_PE_WORD, SL_PE_SET, SL_PE_SRC, SL_PE_TGT, SL_PE_COMP, SL_PE_SKIP };

typedef struct sl_cameo_pel {
    uint32_t id;        /* word id (map value) or set id */
    uint8_t kind;
    uint8_t adj;        /* the next element (or the verb) follows right after ("_" in TABARI) */
    uint8_t prefix;     /* TABARI stem: matches any word starting with w */
    const char *w;      /* the word, for stem matching */
} sl_cameo_pel;

typedef struct sl_cameo_pat {
    char code[8];                         /* "" = explicitly no event ("---") */
    char code2[8];                        /* "[a:b]": the code of the reverse event, "" = none */
    uint8_t nbefore, nafter, adj_verb;    /* adj_verb: after[0] follows the verb right away */
    sl_cameo_pel before[SL_CAMEO_MAX_PAT];
    sl_cameo_pel after[SL_CAMEO_MAX_PAT];
} sl_cameo_pat;

typedef struct sl_cameo_verb {
    char code[8];        /* default code of this form ("" = none) */
    char code2[8];       /* default reverse code ("MET [031:032]"), "" = none */
    uint32_t block;      /* patterns of the block apply */
} sl_cameo_verb;

typedef struct sl_cameo_block {
    uint32_t first_pat, npat;
} sl_cameo_block;

/* A slot of the first-word table: hash, value and the key inline (len 0 = empty). */
#define SL_CAMEO_FKEY 15u
typedef struct sl_cameo_fslot {
    uint64_t h, val;
    uint8_t len;
    char key[SL_CAMEO_FKEY];
} sl_cameo_fslot;

typedef struct sl_cue {
    uint8_t nwords, strong;
} sl_cue;

struct sl_cameo {
    sl_arena arena;
    /* phrase maps: key = lower-case words joined by single spaces; val = index + 1 */
    sl_map actors, agents, verbs, cues, labels, words, sets;
    sl_map firsts;   /* first word of any phrase -> most words, 4 bits per dictionary */
    sl_cameo_fslot *ftab;  /* the same with inline keys, for lookups (see S_ftab_build) */
    size_t ftab_cap;
    bool ftab_long;        /* some first words are longer than SL_CAMEO_FKEY: those use firsts */
    uint64_t first_bits[SL_CAMEO_FIRST_BITS / 64]; /* bit filter in front of `firsts` */
    uint64_t pre_bits[SL_CAMEO_FIRST_BITS / 64];   /* every word prefix of every phrase */
    SL_VEC(sl_cameo_actor) actor_v;
    SL_VEC(sl_cameo_code) codes;
    SL_VEC(sl_cameo_code) agent_v;   /* agent codes ("COP", "GOV") */
    SL_VEC(sl_cameo_verb) verb_v;
    SL_VEC(sl_cameo_block) blocks;
    SL_VEC(sl_cameo_pat) pats;
    SL_VEC(sl_cue) cue_v;
    /* first words of the cues by (first letter, second letter, length): the quotes stage asks
     * for a cue at every token, and this rejects nearly all of them without a hash probe */
    uint64_t cue_sig[SL_CAMEO_SIG_BITS / 64];
    bool cue_unsig;   /* a cue's first word has no signature: the filter is off */
    SL_VEC(char *) label_v;
    /* per set: the word ids of its (single-word) members, as a list of lists */
    SL_VEC(uint32_t) set_words;  /* flattened: set id -> [start, count] in set_index */
    SL_VEC(uint32_t) set_index;
    uint8_t max_actor, max_agent, max_verb, max_cue;
    /* TABARI dictionary semantics (validation dictionaries): verb words without a final "_"
     * are stems matching any word they begin, "_" verbs take the regular endings, agent
     * codes "X~" go before the actor's code, and agents marked {} take no plural. */
    bool tabari;
    /* the verbs came in PETRARCH-2 blocks ("--- NAME [code] ---"): PETRARCH-2's reading where
     * the two coders differ (an agent distributes over a list of countries) */
    bool petrarch2;
    sl_map stems;          /* TABARI single-word verb stems -> verb index + 1 */
    sl_map actor_stems;    /* TABARI single-word actor stems -> actor index + 1 */
};

/* Loads dictionaries in TABARI/PETRARCH format from memory into c (additive). */
sl_status sl_cameo_add_actors(struct sl_cameo *c, const char *data, size_t len);
sl_status sl_cameo_add_agents(struct sl_cameo *c, const char *data, size_t len);
sl_status sl_cameo_add_verbs(struct sl_cameo *c, const char *data, size_t len);
/* An empty dictionary set (cues and labels only); for eval with other dictionaries. */
sl_status sl_cameo_new_empty(struct sl_cameo **out);
/* Loads the dictionaries in DIR by the names PETRARCH uses (*actors*, *agents*, *verbs*). */
sl_status sl_cameo_load_dir(const char *dir, struct sl_cameo **out);

/* Longest cue starting at token i: *len tokens, *strong for speech verbs. */
bool sl_cue_match(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t *len, int *strong);

/* Longest actor phrase at token i (tokens), its code valid at `date` (yyyymmdd, 0 = now).
 * hint: sl_cameo_first_kinds of token i when known (saves a probe), else 0. */
size_t sl_cameo_actor_at(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t end, int32_t date,
                         const char **code, uintptr_t hint);
size_t sl_cameo_agent_at(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t end, const char **code,
                         uintptr_t hint);
/* Longest verb form at token i; *verb its entry. */
size_t sl_cameo_verb_at(const struct sl_cameo *c, const sl_fview *v, size_t i, size_t end,
                        const sl_cameo_verb **verb);
/* Which dictionaries have a phrase starting at token i: 4 bits each (actors, agents, verbs,
 * cues) holding the most words of such a phrase, from bit SL_CAMEO_FK_ONE one bit each set when
 * the word alone (or its singular) is a phrase, and from bit SL_CAMEO_FK_WORD the token's word
 * id (the same as sl_cameo_word); 0 when none. */
#define SL_CAMEO_FK_ONE 16
#define SL_CAMEO_FK_WORD 24
#define SL_CAMEO_FK_FLAGS (((uintptr_t)1 << SL_CAMEO_FK_WORD) - 1)
uintptr_t sl_cameo_first_kinds(const struct sl_cameo *c, const sl_fview *v, size_t i);
/* The same for tokens [a, b) into fk[0 .. b-a). */
void sl_cameo_first_kinds_span(const struct sl_cameo *c, const sl_fview *v, size_t a, size_t b, uintptr_t *fk);
/* Word id of token i (0 = not a dictionary word). */
uint32_t sl_cameo_word(const struct sl_cameo *c, const sl_fview *v, size_t i);
/* True when word id w matches pattern element p (a word or a &SET). */
bool sl_cameo_pat_word(const struct sl_cameo *c, uint32_t p, uint32_t w);

/* The events stage with a given dictionary set (eval events --dict). */
sl_status sl_events_with(const struct sl_cameo *c, sl_doc *d);

#endif
