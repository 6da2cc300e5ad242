/*
 * text.h — the text stages: clean (boilerplate), normalize, repair (degraded text), segment.
 * Each is a function from the document as it stands to the document with one more layer.
 */
#ifndef SL_TEXT_H
#define SL_TEXT_H

#include "engine.h"
#include "model/doc.h"

/* Boilerplate rules (resources/boilerplate.txt). */
sl_status sl_boiler_load(struct sl_boiler **out);
void sl_boiler_free(struct sl_boiler *b);
/* True when one line/paragraph of text is boilerplate by the rules. */
bool sl_boiler_line(const struct sl_boiler *b, const char *s, size_t n);

/* raw (already text: HTML was extracted by ingest) -> d->text without boilerplate lines,
 * captions, teasers; sets d->title from a leading title line, d->dateline. */
sl_status sl_clean(const sl_engine *e, sl_doc *d);
/* In place on d->text: NFC, curly quotes and dashes unified, whitespace collapsed
 * (paragraph breaks kept as "\n\n"), control characters dropped. */
sl_status sl_normalize(const sl_engine *e, sl_doc *d);
/* Whether NFC certainly leaves the valid UTF-8 s[0..n) unchanged (normalize's fast path). */
bool sl_normalize_nfc_stable(const char *s, size_t n);

sl_status sl_truecaser_load(struct sl_truecaser **out);
void sl_truecaser_free(struct sl_truecaser *t);
/* Detects lower-cased / unpunctuated text; restores case and sentence boundaries. */
sl_status sl_repair(const sl_engine *e, sl_doc *d);

/* Sentences and tokens as spans over d->text. */
sl_status sl_segment(const sl_engine *e, sl_doc *d);

#endif
