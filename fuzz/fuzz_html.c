/*
 * fuzz_html.c — libFuzzer harness for the HTML input adapter: every entry point that reads
 * untrusted page bytes (sl_looks_like_html, sl_html_extract with gzip and charset handling,
 * sl_html_to_utf8, sl_html_gunzip, sl_html_iso_date). Any crash, leak or sanitizer report
 * is a bug; SL_E* results are fine.
 *
 * Build with clang (after `make`, which generates build/gen/resources.c), linking
 * fuzz/fuzz_html.c, src/ingest/html.c, src/ingest/html_charset.c, every src/core file and
 * build/gen/resources.c:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -DSL_BUILDING \
 *     -Iinclude -Isrc -I. $(pkg-config --cflags gumbo jansson) fuzz/fuzz_html.c \
 *     src/ingest/html.c src/ingest/html_charset.c src/core/[a-z]*.c build/gen/resources.c \
 *     $(pkg-config --libs gumbo jansson libutf8proc zlib) -lm -o build/fuzz_html
 *   ./build/fuzz_html -max_len=200000 -timeout=10 CORPUS_DIR
 * Without libFuzzer, -DSL_FUZZ_MAIN gives a main() that runs each file named on the
 * command line once (for replaying crashes with gcc).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/html_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    (void)sl_looks_like_html(s, size, NULL);
    (void)sl_looks_like_html(s, size, "page.html.gz");

    sl_html_article a;
    char err[256];
    if (sl_html_extract(s, size, &a, err, sizeof err) == SL_OK) {
        /* the contract: body is NUL-terminated UTF-8, paragraphs split by blank lines */
        if (!a.body || !sl_utf8_valid(a.body, strlen(a.body), NULL)) __builtin_trap();
        sl_html_article_free(&a);
    }

    char *u8 = NULL;
    size_t n = 0;
    if (sl_html_to_utf8(s, size, &u8, &n) == SL_OK) {
        if (!sl_utf8_valid(u8, n, NULL)) __builtin_trap();
        free(u8);
    }
    if (sl_html_gunzip(s, size, 1u << 20, &u8, &n) == SL_OK) free(u8);

    char *z = malloc(size + 1);
    if (z) {
        memcpy(z, data, size);
        z[size] = 0;
        char iso[40];
        (void)sl_html_iso_date(z, iso);
        free(z);
    }
    return 0;
}

#include "fuzz/replay.h"
