/*
 * replay.h — the main() of a fuzz harness built without libFuzzer (-DSL_FUZZ_MAIN, e.g.
 * with gcc): runs LLVMFuzzerTestOneInput once on each file named on the command line, so a
 * crash found by the fuzzer can be replayed under any compiler and debugger. A harness with
 * global state to release defines SL_FUZZ_CLEANUP() before including this file.
 */
#ifndef SL_FUZZ_REPLAY_H
#define SL_FUZZ_REPLAY_H
#ifdef SL_FUZZ_MAIN
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"

#ifndef SL_FUZZ_CLEANUP
#define SL_FUZZ_CLEANUP() ((void)0)
#endif

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *buf = NULL;
        size_t len = 0;
        if (sl_read_file(argv[i], SL_MAX_INPUT_BYTES, &buf, &len) != SL_OK) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        free(buf);
    }
    SL_FUZZ_CLEANUP();
    return 0;
}
#endif
#endif
