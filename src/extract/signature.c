/* signature.c — STUB. */
#include "extract/extract.h"
sl_status sl_signature(const sl_engine *e, sl_doc *d) { return SL_OK; }
