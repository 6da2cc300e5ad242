/*
 * clean.h — internals of the boilerplate stage (src/text/clean.c) used by its tests and the
 * fuzz harness: building a rule set from text instead of the embedded resource, and the
 * date-line parser clean uses to recognise a "Saturday, January 1, 2005" line.
 */
#ifndef SL_TEXT_CLEAN_H
#define SL_TEXT_CLEAN_H

#include "text/text.h"

/* Most rules one rule file may hold; longest unit (bytes) the line rules look at. */
#define SL_BOILER_MAX_RULES 4096u
#define SL_BOILER_MAX_UNIT  2000u

/* Compiles rules in the resources/boilerplate.txt language. `stopwords` (one per line,
 * may be NULL) feeds the teaser heuristic. On a bad rule: SL_EMODEL and `err` names the line.
 * Owned result; release with sl_boiler_free. */
sl_status sl_boiler_parse(const char *rules, size_t len, const char *stopwords, size_t slen,
                          struct sl_boiler **out, char *err, size_t errlen);

/* Parses a line that is only a date ("Saturday, January 8, 2005", "8 January 2005",
 * "2005-01-08") into out[11] as yyyy-mm-dd. False when the line is anything else. */
bool sl_clean_date_line(const char *s, size_t n, char out[11]);

#endif
