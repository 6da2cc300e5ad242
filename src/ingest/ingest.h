/*
 * ingest.h — input adapters: the reader (files, folders, stdin, JSON Lines records) and the
 * HTML article extractor. Everything downstream sees plain text plus metadata.
 */
#ifndef SL_INGEST_H
#define SL_INGEST_H

#include "model/doc.h"

/* Article extracted from an HTML page; strings malloc'd, release with sl_html_article_free. */
typedef struct sl_html_article {
    char *title, *published, *site, *url, *lang, *body; /* body: paragraphs split by "\n\n" */
    char **authors;
    size_t nauthors;
} sl_html_article;

/* Extracts the article from an HTML page (gzip and charset handled). */
sl_status sl_html_extract(const char *html, size_t len, sl_html_article *out, char *err, size_t errlen);
void sl_html_article_free(sl_html_article *a);

/* True when the bytes look like HTML (or gzip). */
bool sl_looks_like_html(const char *data, size_t len, const char *path);

#endif
