/*
 * ner_testdoc.h — helpers for the NER and alias unit tests: an engine holding only the
 * lexicon and the NER model (so these tests do not depend on other stages), and a small
 * tokenizer that turns a string into an sl_doc with tokens and sentences the way the
 * segmenter does (words, numbers, one-character punctuation; sentences end at . ! ?).
 */
#ifndef SL_NER_TESTDOC_H
#define SL_NER_TESTDOC_H

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "extract/extract.h"
#include "model/doc.h"

static inline sl_engine *T_engine(void)
{
    sl_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    if (sl_lexicon_load(&e->lex) != SL_OK || sl_ner_model_load(&e->ner) != SL_OK) {
        sl_lexicon_free(e->lex);
        free(e);
        return NULL;
    }
    return e;
}

static inline void T_engine_free(sl_engine *e)
{
    if (!e) return;
    sl_lexicon_free(e->lex);
    sl_ner_model_free(e->ner);
    free(e);
}

static inline int T_wordch(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) /* curly quotes and apostrophes (U+2018..U+201D) are punctuation */
        return !(c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] >= 0x98 && (unsigned char)s[i + 2] <= 0x9d);
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '-' || c == '\'' || c == '.';
}

/* A document over `text` (copied) with tokens and sentences; flags as given. */
static inline sl_doc *T_doc(const char *text, uint32_t flags)
{
    sl_doc *d = sl_doc_new_empty();
    if (!d) return NULL;
    size_t n = strlen(text);
    d->text = sl_arena_strndup(&d->arena, text, n);
    d->text_len = n;
    d->flags = flags;
    size_t sent_first = 0, sent_start = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\n' || c == '\t') { i++; continue; }
        size_t b = i;
        uint8_t kind;
        if (T_wordch(text, i, n) && c != '.' && c != '-' && c != '\'') {
            while (i < n && T_wordch(text, i, n)) i++;
            /* a final period is a full stop unless the word is an initialism ("U.S.") */
            if (text[i - 1] == '.' && !(i - b >= 4 && text[i - 3] == '.')) i--;
            kind = (c >= '0' && c <= '9') ? SL_TOK_NUM : SL_TOK_WORD;
        } else {
            i += c >= 0x80 ? 3 : 1;
            kind = SL_TOK_PUNCT;
        }
        sl_token t = {{(uint32_t)b, (uint32_t)i}, (uint32_t)d->sentences.n, kind,
                      (uint8_t)(c >= 'A' && c <= 'Z'), 0, 0};
        if (!sl_vec_push(&d->tokens, t)) break;
        if (kind == SL_TOK_PUNCT && (c == '.' || c == '!' || c == '?')) {
            sl_sentence s = {{(uint32_t)sent_start, (uint32_t)i}, (uint32_t)sent_first,
                             (uint32_t)d->tokens.n, 0};
            sl_vec_push(&d->sentences, s);
            sent_first = d->tokens.n;
            sent_start = i;
        }
    }
    if (d->tokens.n > sent_first) {
        sl_sentence s = {{(uint32_t)sent_start, (uint32_t)n}, (uint32_t)sent_first,
                         (uint32_t)d->tokens.n, 0};
        sl_vec_push(&d->sentences, s);
    }
    return d;
}

/* Index of the entity of type t whose name equals `name` (ASCII case-insensitively), or -1. */
static inline int T_find_entity(const sl_doc *d, const char *name, int t)
{
    for (size_t i = 0; i < d->entities.n; i++)
        if (d->entities.v[i].type == t && strlen(d->entities.v[i].name) == strlen(name) &&
            sl_ieq(d->entities.v[i].name, name, strlen(name)))
            return (int)i;
    return -1;
}

/* True when some entity of type t has `alias` among its aliases. */
static inline int T_entity_with_alias(const sl_doc *d, const char *alias, int t)
{
    for (size_t i = 0; i < d->entities.n; i++) {
        if (d->entities.v[i].type != t) continue;
        for (uint32_t k = 0; k < d->entities.v[i].naliases; k++)
            if (strlen(d->entities.v[i].aliases[k]) == strlen(alias) &&
                sl_ieq(d->entities.v[i].aliases[k], alias, strlen(alias)))
                return (int)i;
    }
    return -1;
}

#endif
