/* reader.c — STUB. */
#include <stdlib.h>
#include "ingest/ingest.h"
struct sl_reader { int dummy; };
SL_API sl_status sl_format_parse(const char *name, sl_format *out) { return SL_EINVAL; }
SL_API sl_status sl_reader_open(const char *path, sl_format format, sl_reader **out) { return SL_EIO; }
SL_API sl_status sl_reader_next(sl_reader *r, sl_input *in) { return SL_END; }
SL_API const char *sl_reader_error(const sl_reader *r) { return ""; }
SL_API void sl_reader_close(sl_reader *r) { free(r); }
