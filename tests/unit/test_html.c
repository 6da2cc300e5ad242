/*
 * test_html.c — the HTML input adapter (src/ingest/html.c, html_charset.c): article and
 * metadata from a hand-written page, charsets (declared, wrong, undeclared), gzip and gzip
 * bombs, and the bad pages that must stay bounded in time and memory: truncated markup,
 * a 50 MB page, 100,000 nested elements, no article at all, binary data. The big inputs
 * are generated here, never committed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

#include "core/core.h"
#include "ingest/html_int.h"
#include "model/doc.h"

static const char *S_page =
    "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Council approves bridge - The Daily Example</title>"
    "<meta property=\"og:site_name\" content=\"The Daily Example\">"
    "<meta property=\"og:title\" content=\"Council approves bridge\">"
    "<link rel=\"canonical\" href=\"https://example.com/news/bridge\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
    "\"headline\":\"Council approves new bridge\",\"datePublished\":\"2019-11-19T10:03:00Z\","
    "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Writer\"},{\"@type\":\"Person\",\"name\":\"Bob Reporter\"}],"
    "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Daily Example\"}}</script>"
    "<script>var x = '<p>not text</p>';</script><style>p { color: red }</style></head>"
    "<body><nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>"
    "<div class=\"page\"><div class=\"main-col\"><article><h1>Council approves new bridge</h1>"
    "<div class=\"byline\">By Ann Writer</div>"
    "<div class=\"article-body\">"
    "<p>The city council voted on Tuesday to approve a new bridge across the river, ending a debate that has lasted for nearly ten years.</p>"
    "<p>The bridge will cost about 40 million euros and is expected to open in 2023, the mayor said after the vote.</p>"
    "<div class=\"ad-slot\">Advertisement</div>"
    "<p>Opponents said the money would be better spent on schools, but the plan passed by nine votes to four.</p>"
    "<div class=\"share-tools\"><a href=#>Share on Facebook</a> <a href=#>Share on Twitter</a></div>"
    "</div></article>"
    "<div class=\"comments\"><p>I think this is a terrible waste of money and the council should be ashamed of itself for this decision.</p></div>"
    "</div><div class=\"sidebar\"><ul><li><a href=/a>Other story one about something else entirely</a></li>"
    "<li><a href=/b>Other story two about another thing that happened</a></li></ul></div></div>"
    "<footer><p>Copyright 2019 The Daily Example. All rights reserved. Terms of use apply to this website.</p></footer>"
    "</body></html>";

static sl_status S_extract(const char *html, size_t len, sl_html_article *a, char *err)
{
    return sl_html_extract(html, len, a, err, 256);
}

static void test_article_and_metadata(void **st)
{
    (void)st;
    sl_html_article a;
    char err[256];
    assert_int_equal(S_extract(S_page, strlen(S_page), &a, err), SL_OK);
    assert_string_equal(a.title, "Council approves new bridge");
    assert_string_equal(a.published, "2019-11-19T10:03:00Z");
    assert_string_equal(a.site, "The Daily Example");
    assert_string_equal(a.url, "https://example.com/news/bridge");
    assert_string_equal(a.lang, "en-GB");
    assert_int_equal(a.nauthors, 2);
    assert_string_equal(a.authors[0], "Ann Writer");
    assert_string_equal(a.authors[1], "Bob Reporter");
    assert_string_equal(a.body,
        "The city council voted on Tuesday to approve a new bridge across the river, ending a debate that has lasted for nearly ten years.\n\n"
        "The bridge will cost about 40 million euros and is expected to open in 2023, the mayor said after the vote.\n\n"
        "Opponents said the money would be better spent on schools, but the plan passed by nine votes to four.");
    sl_html_article_free(&a);
}

static void test_looks_like_html(void **st)
{
    (void)st;
    assert_true(sl_looks_like_html("x", 1, "a/page.html"));
    assert_true(sl_looks_like_html("x", 1, "PAGE.HTM"));
    assert_true(sl_looks_like_html("x", 1, "p.html.gz"));
    assert_true(sl_looks_like_html("\x1f\x8b\x08", 3, NULL));
    assert_true(sl_looks_like_html("  <!DOCTYPE html><html>", 23, NULL));
    assert_true(sl_looks_like_html("<!-- c --><html lang=en>", 24, "x.txt"));
    assert_true(sl_looks_like_html("\xEF\xBB\xBF<body>", 9, NULL));
    assert_false(sl_looks_like_html("Plain text about <html> tags.", 29, "a.txt"));
    assert_false(sl_looks_like_html("<hr> not a page", 15, NULL));
    assert_false(sl_looks_like_html(NULL, 0, NULL));
}

static char *S_wrap(const char *head, const char *para)
{
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_printf(&b, "<html><head>%s</head><body><div><p>%s</p><p>%s</p></div></body></html>", head, para, para);
    return sl_buf_take(&b);
}

static void S_body_has(const char *html, const char *needle)
{
    sl_html_article a;
    char err[256];
    assert_int_equal(S_extract(html, strlen(html), &a, err), SL_OK);
    if (!strstr(a.body, needle)) fail_msg("body lacks \"%s\": %s", needle, a.body);
    sl_html_article_free(&a);
}

/* S_body_has on a page of `para` (twice) under `head`. */
static void S_wrapped_body_has(const char *head, const char *para, const char *needle)
{
    char *p = S_wrap(head, para);
    S_body_has(p, needle);
    free(p);
}

static void test_charsets(void **st)
{
    (void)st;
    const char *para = "Le caf\xE9 de la gare a rouvert ses portes apr\xE8s des ann\xE9" "es de travaux, et les habitants sont ravis.";
    /* declared ISO-8859-1 */
    S_wrapped_body_has("<meta charset=iso-8859-1>", para, "caf\xC3\xA9 de la gare");
    /* declared through http-equiv, windows-1252 curly quotes */
    S_wrapped_body_has("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
                       "He said \x93yes\x94 to the long plan that the committee had debated for months on end.",
                       "said \xE2\x80\x9Cyes\xE2\x80\x9D to");
    /* undeclared and not UTF-8: detected as windows-1252 */
    S_wrapped_body_has("", para, "apr\xC3\xA8s des ann\xC3\xA9" "es");
    /* ISO-8859-2 and ISO-8859-15 */
    S_wrapped_body_has("<meta charset=\"ISO-8859-2\">",
                       "W \xA3odzi odby\xB3o si\xEA spotkanie mieszka\xF1" "c\xF3w z w\xB3" "adzami miasta w sprawie nowego mostu.",
                       "\xC5\x81odzi odby\xC5\x82o si\xC4\x99");
    S_wrapped_body_has("<meta charset=iso-8859-15>",
                       "The ticket now costs 20 \xA4 instead of 15 \xA4, which many travellers find far too expensive.",
                       "20 \xE2\x82\xAC instead");
    /* wrong declaration: says latin-1, bytes are UTF-8 */
    S_wrapped_body_has("<meta charset=iso-8859-1>",
                       "Le caf\xC3\xA9 de la gare a rouvert ses portes apr\xC3\xA8s des ann\xC3\xA9" "es de travaux, et tout le monde est content.",
                       "caf\xC3\xA9 de la gare");
    /* wrong declaration: says UTF-8, bytes are latin-1 */
    S_wrapped_body_has("<meta charset=utf-8>", para, "caf\xC3\xA9 de la gare");
    /* encodings beyond the Latin ones, through iconv: KOI8-R and Shift_JIS */
    S_wrapped_body_has("<meta charset=\"KOI8-R\">",
                       "The mayor of the city said the word \xEE\xCF\xD7\xCF\xD3\xD4\xC9 means news, and the reporters wrote it down.",
                       "word \xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8 means");
    S_wrapped_body_has("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=x-sjis\">",
                       "The Japanese word \x93\xFA\x96\x7B (Japan) was printed on every page of the long report that came out.",
                       "word \xE6\x97\xA5\xE6\x9C\xAC (Japan)");
    /* a name nobody knows counts as no declaration: detection (windows-1252 here) */
    S_wrapped_body_has("<meta charset=x-no-such-charset>", para, "caf\xC3\xA9 de la gare");
    /* a byte windows-1252 leaves undefined becomes U+FFFD, never an invalid sequence */
    S_wrapped_body_has("<meta charset=windows-1252>",
                       "The archive kept one odd byte \x81 in this paragraph of the otherwise plain long report.",
                       "odd byte \xEF\xBF\xBD in");
    /* BOM wins */
    char *p = S_wrap("<meta charset=iso-8859-2>", "Le caf\xC3\xA9 de la gare a rouvert ses portes apr\xC3\xA8s des ann\xC3\xA9" "es de travaux, et tout le monde est content.");
    char *bom = malloc(strlen(p) + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    strcpy(bom + 3, p);
    S_body_has(bom, "caf\xC3\xA9 de la gare");
    free(bom);
    free(p);
}

/* gzip of `reps` copies of chunk (streamed: the plain text is never held whole) */
static char *S_gzip(const char *chunk, size_t clen, size_t reps, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = clen * reps / 100 + 65536, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (size_t r = 0; r < reps; r++) {
        z.next_in = (Bytef *)(uintptr_t)chunk;
        z.avail_in = (uInt)clen;
        int flush = r + 1 == reps ? Z_FINISH : Z_NO_FLUSH;
        do {
            if (cap - n < 65536) { cap *= 2; out = realloc(out, cap); assert_non_null(out); }
            z.next_out = (Bytef *)out + n;
            z.avail_out = (uInt)(cap - n);
            deflate(&z, flush);
            n = cap - z.avail_out;
        } while (z.avail_in > 0 || (flush == Z_FINISH && z.avail_out == 0));
    }
    deflateEnd(&z);
    *outlen = n;
    return out;
}

static void test_gzip(void **st)
{
    (void)st;
    size_t zl;
    char *z = S_gzip(S_page, strlen(S_page), 1, &zl);
    sl_html_article a;
    char err[256];
    assert_int_equal(S_extract(z, zl, &a, err), SL_OK);
    assert_non_null(strstr(a.body, "nine votes to four"));
    sl_html_article_free(&a);
    /* truncated gzip stream: what was inflated is used */
    assert_int_equal(S_extract(z, zl * 3 / 4, &a, err), SL_OK);
    assert_non_null(strstr(a.body, "city council voted"));
    sl_html_article_free(&a);
    free(z);
    /* a gzip bomb: 70 MB of zeros in ~70 KB */
    static char zeros[1 << 16];
    z = S_gzip(zeros, sizeof zeros, 70u * 16, &zl);
    assert_true(zl < 1000000);
    assert_int_equal(S_extract(z, zl, &a, err), SL_ELIMIT);
    assert_non_null(strstr(err, "limit"));
    assert_null(a.body);
    free(z);
    /* corrupt gzip */
    assert_int_equal(S_extract("\x1f\x8b\x08\x00garbage", 11, &a, err), SL_EPARSE);
}

static void test_truncated_and_malformed(void **st)
{
    (void)st;
    sl_html_article a;
    char err[256];
    /* cut in the middle of the third paragraph */
    const char *cut = strstr(S_page, "Opponents said the money");
    assert_int_equal(S_extract(S_page, (size_t)(cut - S_page) + 30, &a, err), SL_OK);
    assert_non_null(strstr(a.body, "Opponents said the money would"));
    sl_html_article_free(&a);
    /* cut inside a tag */
    cut = strstr(S_page, "<div class=\"ad-slot\"");
    assert_int_equal(S_extract(S_page, (size_t)(cut - S_page) + 8, &a, err), SL_OK);
    sl_html_article_free(&a);
    /* unclosed everything, stray end tags, broken attributes */
    const char *bad = "<html><body><div class=x\"y <p>The committee met for six hours and agreed on a plan that nobody had expected before the meeting.</b></i><p>Then everyone went home </div></span> <p><table><td>The vote was close, with seven members in favour and six against the proposal";
    assert_int_equal(S_extract(bad, strlen(bad), &a, err), SL_OK);
    assert_non_null(strstr(a.body, "agreed on a plan that nobody"));
    sl_html_article_free(&a);
    /* empty input and whitespace */
    assert_int_equal(S_extract("", 0, &a, err), SL_EEMPTY);
    assert_int_equal(S_extract("   \n", 4, &a, err), SL_EEMPTY);
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* S_extract that must also be done within max_seconds (a bound, not a benchmark). */
static sl_status S_extract_within(const char *html, size_t len, sl_html_article *a, char *err, double max_seconds)
{
    double t0 = S_now();
    sl_status rc = S_extract(html, len, a, err);
    assert_true(S_now() - t0 < max_seconds);
    return rc;
}

static void test_deep_nesting(void **st)
{
    (void)st;
    const size_t depth = 100000;
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_puts(&b, "<html><body><p>This article paragraph comes before the deeply nested part of the page and should be kept.</p>");
    for (size_t i = 0; i < depth; i++) sl_buf_puts(&b, i % 2 ? "<div>" : "<span>");
    sl_buf_puts(&b, "<p>deep text</p>");
    for (size_t i = 0; i < depth; i++) sl_buf_puts(&b, i % 2 ? "</div>" : "</span>");
    sl_buf_puts(&b, "</body></html>");
    assert_false(b.oom);
    sl_html_article a;
    char err[256];
    assert_int_equal(S_extract_within(b.data, b.len, &a, err, 5.0), SL_OK);
    assert_non_null(strstr(a.body, "should be kept"));
    sl_html_article_free(&a);
    /* all of it nested, nothing before: no article, with a message that says why */
    sl_buf_reset(&b);
    for (size_t i = 0; i < depth; i++) sl_buf_puts(&b, "<b>");
    sl_buf_puts(&b, "text at the bottom");
    assert_int_equal(S_extract_within(b.data, b.len, &a, err, 5.0), SL_EEMPTY);
    assert_non_null(strstr(err, "nest"));
    sl_buf_free(&b);
}

static void test_big_page(void **st)
{
    (void)st;
    /* 50 MB: an article, then a huge inline script and a huge data: URI attribute */
    size_t big = 24u << 20;
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_puts(&b, "<html><head><title>Big</title></head><body><article><p>This is the only real paragraph of a page that is mostly inline data, as some pages are.</p></article><script>var d='");
    assert_true(sl_buf_reserve(&b, 2 * big + 4096));
    memset(b.data + b.len, 'A', big);
    b.len += big;
    sl_buf_puts(&b, "';</script><img src=\"data:image/png;base64,");
    memset(b.data + b.len, 'B', big);
    b.len += big;
    b.data[b.len] = 0;
    sl_buf_puts(&b, "\"></body></html>");
    assert_true(b.len > 48u << 20);
    sl_html_article a;
    char err[256];
    assert_int_equal(S_extract_within(b.data, b.len, &a, err, 30.0), SL_OK);
    assert_non_null(strstr(a.body, "only real paragraph"));
    sl_html_article_free(&a);
    /* 50 MB of real markup: refused after the cheap pre-pass, not after seconds of parsing */
    sl_buf_reset(&b);
    sl_buf_puts(&b, "<html><body><div>");
    while (b.len < (50u << 20) && !b.oom)
        sl_buf_puts(&b, "<p>The council met again on Tuesday and discussed the bridge, the budget and the schools.</p>\n");
    assert_false(b.oom);
    assert_int_equal(S_extract_within(b.data, b.len, &a, err, 15.0), SL_ELIMIT);
    assert_non_null(strstr(err, "markup"));
    sl_buf_free(&b);
    /* past the input limit: refused before any work */
    assert_int_equal(sl_html_extract("x", SL_HTML_MAX_BYTES + 1u, &a, err, sizeof err), SL_ELIMIT);
    assert_non_null(strstr(err, "limit"));
}

static void test_no_article_and_binary(void **st)
{
    (void)st;
    sl_html_article a;
    char err[256];
    const char *nav = "<html><head><title>Index</title></head><body><nav><a href=/1>One</a><a href=/2>Two</a></nav>"
                      "<ul><li><a href=/x>Link x</a></li><li><a href=/y>Link y</a></li></ul></body></html>";
    assert_int_equal(S_extract(nav, strlen(nav), &a, err), SL_EEMPTY);
    assert_non_null(strstr(err, "no article"));
    assert_null(a.title); /* nothing leaks on error */
    /* no prose at all, but short plain lines: kept (the fallback), links still dropped */
    const char *note = "<html><body><h2>Closed today</h2><p>The library is closed.</p><p>Back on Monday.</p>"
                       "<ul><li><a href=/a>Home</a></li><li><a href=/b>Contact</a></li></ul></body></html>";
    assert_int_equal(S_extract(note, strlen(note), &a, err), SL_OK);
    assert_string_equal(a.body, "Closed today\n\nThe library is closed.\n\nBack on Monday.");
    sl_html_article_free(&a);
    char bin[8192];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (char)((i * 7919u) >> 3);
    assert_int_equal(S_extract(bin, sizeof bin, &a, err), SL_EPARSE);
    assert_non_null(strstr(err, "binary"));
    assert_int_equal(sl_html_extract(NULL, 5, &a, err, sizeof err), SL_EINVAL);
}

static void test_dates(void **st)
{
    (void)st;
    char out[40];
    assert_true(sl_html_iso_date("2019-11-19T10:03:00-05:00", out));
    assert_string_equal(out, "2019-11-19T10:03:00-05:00");
    assert_true(sl_html_iso_date("2019/11/19", out));
    assert_string_equal(out, "2019-11-19");
    assert_true(sl_html_iso_date("20191119", out));
    assert_string_equal(out, "2019-11-19");
    assert_true(sl_html_iso_date("November 19, 2019", out));
    assert_string_equal(out, "2019-11-19");
    assert_true(sl_html_iso_date("Tue, 19 Nov 2019 10:03:00 GMT", out));
    assert_string_equal(out, "2019-11-19");
    assert_false(sl_html_iso_date("yesterday", out));
    assert_false(sl_html_iso_date("2019-13-45", out));
    assert_false(sl_html_iso_date(NULL, out));
}

/* Through the whole per-article pipeline: the document carries the page's metadata. */
static void test_pipeline_metadata(void **st)
{
    (void)st;
    sl_engine *e = NULL;
    sl_status est = sl_engine_new(&e);
    if (est != SL_OK) {
        /* the engine's models belong to other stages; without them this check cannot run */
        print_message("skipped: engine did not load (%s)\n", sl_strerror(est));
        skip();
    }
    sl_input in = {.data = S_page, .len = strlen(S_page), .path = "page.html", .format = SL_FORMAT_AUTO};
    sl_doc *d = NULL;
    char err[256];
    sl_status rc = sl_doc_process(e, &in, &d, err, sizeof err);
    if (rc != SL_OK) fail_msg("sl_doc_process: %s (%s)", sl_strerror(rc), err);
    assert_true(d->flags & SL_DOC_HTML);
    assert_string_equal(d->title, "Council approves new bridge");
    assert_non_null(d->published);
    assert_memory_equal(d->published, "2019-11-19", 10);
    assert_string_equal(d->url, "https://example.com/news/bridge");
    assert_string_equal(d->source, "The Daily Example");
    assert_string_equal(d->lang, "en-GB");
    assert_int_equal(d->nauthors, 2);
    assert_string_equal(d->authors[1], "Bob Reporter");
    assert_non_null(strstr(d->text, "nine votes to four"));
    assert_null(strstr(d->text, "terrible waste")); /* the comment */
    sl_doc_free(d);
    sl_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_and_metadata), cmocka_unit_test(test_looks_like_html),
        cmocka_unit_test(test_charsets),             cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_truncated_and_malformed), cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_big_page),             cmocka_unit_test(test_no_article_and_binary),
        cmocka_unit_test(test_dates),                cmocka_unit_test(test_pipeline_metadata),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
