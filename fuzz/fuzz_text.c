/*
 * fuzz_text.c — libFuzzer harness for the text stages: arbitrary bytes go through
 * sl_doc_process (clean -> normalize -> repair -> segment -> extract) as plain text, and
 * directly through sl_clean + sl_normalize (so the boilerplate rules, head analysis, teaser
 * and truncation heuristics and normalization are fuzzed even when another stage refuses
 * the input), plus the small parsers sl_boiler_line and sl_clean_date_line. Any crash, leak
 * or sanitizer report is a bug, and so is normalized text that is not valid UTF-8, has
 * leading/trailing whitespace, or a content hash that does not match it.
 *
 * The first input byte, when odd, passes a title so the "headline equals the given title"
 * path runs too. Build with fuzz/build.sh; see docs/FUZZING.md. With -DSL_FUZZ_MAIN a
 * main() replays files named on the command line (gcc, no libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "model/doc.h"
#include "text/clean.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sl_engine *S_full;   /* every resource and model, when they load */
static sl_engine S_boiler;  /* only the boilerplate rules: enough for clean + normalize */

/* `normalized`: the text is straight from normalize (repair may rewrite it later, and the
 * hash stays that of the normalized text). */
static void S_check_text(const sl_doc *d, int normalized)
{
    if (!d->text) __builtin_trap();
    if (strlen(d->text) != d->text_len) __builtin_trap();
    if (!sl_utf8_valid(d->text, d->text_len, NULL)) __builtin_trap();
    if (d->text_len && (d->text[0] == ' ' || d->text[0] == '\n' || d->text[d->text_len - 1] == ' ' ||
                        d->text[d->text_len - 1] == '\n')) __builtin_trap();
    if (normalized && d->content_hash != sl_hash64(d->text, d->text_len, 0)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        init = 1;
        if (sl_engine_new(&S_full) != SL_OK) S_full = NULL;
        if (sl_boiler_load(&S_boiler.boiler) != SL_OK) return 0;
    }
    if (!S_boiler.boiler || size < 1) return 0;
    const char *title = (data[0] & 1) ? "Budget talks resume" : NULL;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;

    (void)sl_boiler_line(S_boiler.boiler, s, n);
    char iso[11];
    (void)sl_clean_date_line(s, n, iso);

    sl_doc *d = sl_doc_new_empty();
    if (!d) return 0;
    d->raw = sl_arena_strndup(&d->arena, s, n);
    d->raw_len = n;
    d->title = sl_arena_strdup(&d->arena, title);
    if (d->raw && sl_clean(&S_boiler, d) == SL_OK && sl_normalize(&S_boiler, d) == SL_OK) S_check_text(d, 1);
    sl_doc_free(d);

    if (S_full) {
        sl_input in = {0};
        in.data = s;
        in.len = n;
        in.title = title;
        in.format = SL_FORMAT_TEXT;
        char err[256];
        sl_doc *out = NULL;
        if (sl_doc_process(S_full, &in, &out, err, sizeof err) == SL_OK) {
            S_check_text(out, 0);
            char *json = NULL;
            if (sl_doc_to_json(out, SL_JSON_TEXT | SL_JSON_TOKENS, &json) == SL_OK) sl_free(json);
            sl_doc_free(out);
        }
    }
    return 0;
}

#define SL_FUZZ_CLEANUP() (sl_engine_free(S_full), sl_boiler_free(S_boiler.boiler))
#include "fuzz/replay.h"
