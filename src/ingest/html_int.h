/*
 * html_int.h — internals shared by the HTML input adapter's files (html.c: parsing,
 * metadata, content scoring; html_charset.c: gzip and encodings). Not a public interface;
 * unit tests include it to check the pieces one by one.
 */
#ifndef SL_INGEST_HTML_INT_H
#define SL_INGEST_HTML_INT_H

#include "ingest/ingest.h"

/* Largest decompressed page we accept (same as any raw input). */
#define SL_HTML_MAX_BYTES      SL_MAX_INPUT_BYTES
/* Elements deeper than this are flattened into their ancestor at this depth: real pages stay
 * far below it, and it keeps every tree walk bounded on pathological nesting. */
#define SL_HTML_MAX_DEPTH      256u
/* Most markup parsed, after the pre-pass has dropped scripts, styles, comments and huge
 * attribute values: news pages have well under 1 MB left; past this a page is refused
 * (SL_ELIMIT) before the parser spends seconds and hundreds of MB on it. */
#define SL_HTML_MAX_MARKUP     (16u * 1024u * 1024u)
/* Deepest element nesting the parser is given: past it the rest of the page is cut off
 * (the parser's cost per tag grows with the depth; real pages stay below 100). */
#define SL_HTML_MAX_NESTING    512u
/* Most DOM elements we score; past it the rest of the page is ignored (a huge page keeps
 * its first part). */
#define SL_HTML_MAX_NODES      2000000u
/* Longest metadata value kept (titles, names, dates). */
#define SL_HTML_MAX_META       2048u
/* Largest JSON-LD block parsed. */
#define SL_HTML_MAX_JSONLD     (1024u * 1024u)

/* Inflates gzip/zlib data; at most `limit` bytes out (else SL_ELIMIT). A truncated stream
 * yields what was decoded. *out is malloc'd and NUL-terminated. */
sl_status sl_html_gunzip(const char *in, size_t len, size_t limit, char **out, size_t *outlen);
/* Converts a page to valid UTF-8 (BOM, declaration checked against the bytes, detection,
 * iconv). *out is malloc'd and NUL-terminated. */
sl_status sl_html_to_utf8(const char *s, size_t n, char **out, size_t *outlen);
/* Normalizes a date string to ISO 8601 ("2019-11-19" or "2019-11-19T10:03:00Z" style);
 * false when it is not a date we can read. out must hold 40 bytes. */
bool sl_html_iso_date(const char *s, char out[40]);

#endif
