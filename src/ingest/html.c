/* html.c — STUB. */
#include <stdlib.h>
#include "ingest/ingest.h"
bool sl_looks_like_html(const char *data, size_t len, const char *path) { return false; }
sl_status sl_html_extract(const char *html, size_t len, sl_html_article *out, char *err, size_t errlen)
{ memset(out, 0, sizeof *out); return SL_EPARSE; }
void sl_html_article_free(sl_html_article *a) { (void)a; }
