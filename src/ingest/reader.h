/*
 * reader.h — internal entry points of the input reader (src/ingest/reader.c) that the public
 * header does not expose: reading from an already open stream, which the fuzz harness and the
 * unit tests use to feed bytes from memory (fmemopen) without touching the file system.
 */
#ifndef SL_INGEST_READER_H
#define SL_INGEST_READER_H

#include <stdio.h>

#include "core/core.h"

/* A reader over one open stream `f` (borrowed: the caller closes it after sl_reader_close),
 * named `name` in messages and used for format detection by extension. Owned result. */
sl_status sl_reader_open_stream(FILE *f, const char *name, sl_format format, sl_reader **out);

/* Format detection from a name and the first bytes (exposed for tests). */
sl_format sl_format_guess(const char *name, const char *head, size_t n);

/* Most entries a folder walk collects and the deepest it descends (symlink loops end here). */
#define SL_READER_MAX_FILES 1000000u
#define SL_READER_MAX_DEPTH 32

#endif
