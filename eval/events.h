/*
 * events.h — the CAMEO coding scorer behind `storyline eval events` (eval/events.c).
 *
 * Records: TABARI/PETRARCH validation records (<Sentence date= id= category= [valid=]>
 * with <EventCoding sourcecode= targetcode= eventcode=> or <EventCoding noevents="True">,
 * and <Text>). A gold coding is matched exactly when a predicted event of the same sentence
 * has the same event, source and target codes (one-to-one). A no-event record is correct
 * when nothing is predicted for it.
 */
#ifndef SL_EVAL_EVENTS_H
#define SL_EVAL_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sl_ee_coding {
    char source[32], target[32], code[8];
} sl_ee_coding;

typedef struct sl_ee_record {
    char id[48], date[16], category[32];
    bool valid, noevents;
    sl_ee_coding *gold;
    size_t ngold;
    char *text;
} sl_ee_record;

/* Exact matches between gold and predicted codings (one-to-one). */
size_t sl_ee_exact(const sl_ee_coding *gold, size_t ng, const sl_ee_coding *pred, size_t np);
/* Parses a records file; *out (malloc'd, free with sl_ee_free) gets the records. */
long sl_ee_parse(const char *data, size_t len, sl_ee_record **out);
void sl_ee_free(sl_ee_record *r, size_t n);

#endif
