/*
 * fuzz_reader.c — libFuzzer harness for the input reader (src/ingest/reader.c): arbitrary
 * bytes arrive as a stream through the internal sl_reader_open_stream entry point (an
 * fmemopen'd copy, so no file system), read as every format the reader knows, and every
 * record is walked to its end. Any crash, leak, sanitizer report or broken contract (a record
 * with data == NULL, an error without a message, a text record that is not valid UTF-8) is a
 * bug; SL_E* results for bad input are expected.
 *
 * The first input byte picks the format and the stream name (names drive AUTO detection);
 * the rest is the stream. Build with fuzz/build.sh; see docs/FUZZING.md. With
 * -DSL_FUZZ_MAIN a main() replays files named on the command line (gcc, no libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"-", "feed.jsonl", "page.html", "story.txt"};
    static const sl_format formats[] = {SL_FORMAT_AUTO, SL_FORMAT_TEXT, SL_FORMAT_HTML, SL_FORMAT_JSONL};
    if (size < 1) return 0;
    unsigned sel = data[0];
    data++;
    size--;
    /* fmemopen needs a writable buffer and at least one byte */
    char *copy = malloc(size + 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    copy[size] = 0;
    FILE *f = size ? fmemopen(copy, size, "r") : fopen("/dev/null", "r");
    if (!f) { free(copy); return 0; }
    sl_reader *r = NULL;
    if (sl_reader_open_stream(f, names[sel & 3], formats[(sel >> 2) & 3], &r) == SL_OK) {
        sl_input in;
        sl_status st;
        for (int guard = 0; guard < 100000 && (st = sl_reader_next(r, &in)) != SL_END; guard++) {
            if (st != SL_OK) {
                if (!sl_reader_error(r)[0]) __builtin_trap();
                continue;
            }
            if (!in.data || !in.path) __builtin_trap();
            volatile unsigned char sum = 0;
            for (size_t i = 0; i < in.len; i++) sum ^= (unsigned char)in.data[i];
            (void)sum;
            if (in.format == SL_FORMAT_TEXT && !sl_utf8_valid(in.data, in.len, NULL)) __builtin_trap();
        }
        sl_reader_close(r);
    }
    fclose(f);
    free(copy);
    return 0;
}

#include "fuzz/replay.h"
