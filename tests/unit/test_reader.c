/* test_reader.c — the input reader: format names and detection, plain text with a header
 * block, folders (recursive, name order, hidden files skipped), JSON Lines (fields, blank
 * lines, bad lines that do not stop the file), HTML hand-over, stdin-like streams, and every
 * bad-input case with its message: missing path, empty file, NUL bytes, invalid UTF-8, a
 * file over SL_MAX_INPUT_BYTES, and a 50 MB single line that clean then rejects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"
#include "ingest/reader.h"
#include "model/doc.h"
#include "text/text.h"

static char S_dir[256];

static void S_write(const char *rel, const char *data, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", S_dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void S_writes(const char *rel, const char *text) { S_write(rel, text, strlen(text)); }

static char *S_path(const char *rel)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", S_dir, rel);
    return path;
}

static int S_setup(void **state)
{
    snprintf(S_dir, sizeof S_dir, "/tmp/sl_test_reader.XXXXXX");
    return mkdtemp(S_dir) ? 0 : -1;
}

static int S_teardown(void **state)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Opens `rel`, expects one error whose message ends with `msg` and then the end. */
static void S_expect_error(const char *rel, sl_format fmt, sl_status want, const char *msg)
{
    sl_reader *r;
    assert_int_equal(sl_reader_open(S_path(rel), fmt, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), want);
    const char *e = sl_reader_error(r);
    char head[600];
    snprintf(head, sizeof head, "%s: %s", S_path(rel), msg);
    if (strcmp(e, head) != 0) fail_msg("message \"%s\", expected \"%s\"", e, head);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
}

static void test_format_parse_and_guess(void **state)
{
    sl_format f;
    assert_int_equal(sl_format_parse("auto", &f), SL_OK);
    assert_int_equal(f, SL_FORMAT_AUTO);
    assert_int_equal(sl_format_parse("text", &f), SL_OK);
    assert_int_equal(f, SL_FORMAT_TEXT);
    assert_int_equal(sl_format_parse("html", &f), SL_OK);
    assert_int_equal(f, SL_FORMAT_HTML);
    assert_int_equal(sl_format_parse("jsonl", &f), SL_OK);
    assert_int_equal(f, SL_FORMAT_JSONL);
    assert_int_equal(sl_format_parse("xml", &f), SL_EINVAL);
    assert_int_equal(sl_format_guess("a.jsonl", "x", 1), SL_FORMAT_JSONL);
    assert_int_equal(sl_format_guess("a.NDJSON", "x", 1), SL_FORMAT_JSONL);
    assert_int_equal(sl_format_guess("a.htm", "x", 1), SL_FORMAT_HTML);
    assert_int_equal(sl_format_guess("a.html.gz", "x", 1), SL_FORMAT_HTML);
    assert_int_equal(sl_format_guess("a", "  \n{\"text\":1}", 12), SL_FORMAT_JSONL);
    assert_int_equal(sl_format_guess("a", "\n<!DOCTYPE html><p>", 19), SL_FORMAT_HTML);
    assert_int_equal(sl_format_guess("a", "<html>", 6), SL_FORMAT_HTML);
    assert_int_equal(sl_format_guess("a", "\x1f\x8b\x08", 3), SL_FORMAT_HTML);
    assert_int_equal(sl_format_guess("a.txt", "Hello", 5), SL_FORMAT_TEXT);
}

static void test_text_with_header(void **state)
{
    S_writes("duc.txt", "DOCNO: APW19981017.0151\nSOURCE: APW\nDATE: 1998-10-17 05:50:00\n"
                        "Title: Pinochet arrested\nURL: http://x.test/a\n\nLONDON (AP) _ Body text.\n");
    sl_reader *r;
    assert_int_equal(sl_reader_open(S_path("duc.txt"), SL_FORMAT_AUTO, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.format, SL_FORMAT_TEXT);
    assert_string_equal(in.path, S_path("duc.txt"));
    assert_int_equal(in.line, 0);
    assert_string_equal(in.source, "APW");
    assert_string_equal(in.published, "1998-10-17T05:50:00");
    assert_string_equal(in.title, "Pinochet arrested");
    assert_string_equal(in.url, "http://x.test/a");
    assert_null(in.id);
    assert_int_equal(in.len, strlen("LONDON (AP) _ Body text.\n"));
    assert_memory_equal(in.data, "LONDON (AP) _ Body text.\n", in.len);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);

    /* "Key: value" lines that are not a header stay text */
    S_writes("plain.txt", "Note: this is the article.\nIt goes on.\n");
    assert_int_equal(sl_reader_open(S_path("plain.txt"), SL_FORMAT_TEXT, &r), SL_OK);
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_null(in.title);
    assert_int_equal(in.len, strlen("Note: this is the article.\nIt goes on.\n"));
    sl_reader_close(r);
}

static void test_folder(void **state)
{
    char sub[400];
    snprintf(sub, sizeof sub, "%s/folder", S_dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/folder/b", S_dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/folder/.git", S_dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    S_writes("folder/c.txt", "third");
    S_writes("folder/a.txt", "first");
    S_writes("folder/b/x.txt", "second");
    S_writes("folder/.hidden.txt", "hidden");
    S_writes("folder/.git/y.txt", "hidden too");
    sl_reader *r;
    assert_int_equal(sl_reader_open(S_path("folder"), SL_FORMAT_AUTO, &r), SL_OK);
    const char *want[] = {"first", "second", "third"};
    sl_input in;
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(sl_reader_next(r, &in), SL_OK);
        assert_int_equal(in.len, strlen(want[i]));
        assert_memory_equal(in.data, want[i], in.len);
    }
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
}

static void test_jsonl(void **state)
{
    S_writes("feed.jsonl",
             "{\"id\":\"a1\",\"url\":\"http://x.test/1\",\"source\":\"Wire\",\"title\":\"T1\","
             "\"published\":\"2017-11-10\",\"text\":\"First article.\"}\n"
             "\n"
             "{\"id\":7, \"body\":\"Second via body.\"}\r\n"
             "{not json}\n"
             "{\"title\":\"\",\"text\":\"\"}\n"
             "[1,2]\n"
             "{\"content\":\"Third via content.\"}\n"
             "{\"title\":\"headline only item\",\"text\":\"\"}");
    sl_reader *r;
    assert_int_equal(sl_reader_open(S_path("feed.jsonl"), SL_FORMAT_AUTO, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_string_equal(in.id, "a1");
    assert_string_equal(in.url, "http://x.test/1");
    assert_string_equal(in.source, "Wire");
    assert_string_equal(in.title, "T1");
    assert_string_equal(in.published, "2017-11-10");
    assert_int_equal(in.line, 1);
    assert_int_equal(in.format, SL_FORMAT_TEXT);
    assert_memory_equal(in.data, "First article.", in.len);

    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.line, 3);
    assert_string_equal(in.id, "7");
    assert_memory_equal(in.data, "Second via body.", in.len);

    char want[600];
    assert_int_equal(sl_reader_next(r, &in), SL_EPARSE);
    snprintf(want, sizeof want, "%s:4: not valid JSON", S_path("feed.jsonl"));
    assert_true(strncmp(sl_reader_error(r), want, strlen(want)) == 0);

    assert_int_equal(sl_reader_next(r, &in), SL_EPARSE);
    snprintf(want, sizeof want, "%s:5: record has no text", S_path("feed.jsonl"));
    assert_string_equal(sl_reader_error(r), want);

    assert_int_equal(sl_reader_next(r, &in), SL_EPARSE);
    snprintf(want, sizeof want, "%s:6: not a JSON object", S_path("feed.jsonl"));
    assert_string_equal(sl_reader_error(r), want);

    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.line, 7);
    assert_memory_equal(in.data, "Third via content.", in.len);

    assert_int_equal(sl_reader_next(r, &in), SL_OK); /* no trailing newline; title is the text */
    assert_int_equal(in.line, 8);
    assert_memory_equal(in.data, "headline only item", in.len);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);

    /* sniffed without the extension; forced format on a .txt name */
    S_writes("feed.txt", "  {\"text\":\"sniffed\"}\n");
    assert_int_equal(sl_reader_open(S_path("feed.txt"), SL_FORMAT_AUTO, &r), SL_OK);
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.line, 1);
    assert_memory_equal(in.data, "sniffed", in.len);
    sl_reader_close(r);
}

static void test_jsonl_bad_bytes(void **state)
{
    S_writes("bad.jsonl", "{\"text\":\"ok\"}\n{\"text\":\"a\xff\"}\n{\"text\":\"b\"}\n");
    sl_reader *r;
    assert_int_equal(sl_reader_open(S_path("bad.jsonl"), SL_FORMAT_AUTO, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(sl_reader_next(r, &in), SL_EPARSE);
    char want[600];
    snprintf(want, sizeof want, "%s:2: invalid UTF-8 at byte 24", S_path("bad.jsonl"));
    assert_string_equal(sl_reader_error(r), want);
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_memory_equal(in.data, "b", 1);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
}

static void test_html(void **state)
{
    const char page[] = "<!doctype html><html><body><p>Hi</p></body></html>";
    S_writes("page.html", page);
    S_writes("page.noext", page);
    const char *names[] = {"page.html", "page.noext"};
    for (size_t i = 0; i < 2; i++) {
        sl_reader *r;
        assert_int_equal(sl_reader_open(S_path(names[i]), SL_FORMAT_AUTO, &r), SL_OK);
        sl_input in;
        assert_int_equal(sl_reader_next(r, &in), SL_OK);
        assert_int_equal(in.format, SL_FORMAT_HTML);
        assert_int_equal(in.len, strlen(page));
        assert_memory_equal(in.data, page, in.len);
        sl_reader_close(r);
    }
}

static void test_stream(void **state)
{
    char buf[] = "{\"text\":\"one\"}\n{\"text\":\"two\"}\n";
    FILE *f = fmemopen(buf, strlen(buf), "r");
    assert_non_null(f);
    sl_reader *r;
    assert_int_equal(sl_reader_open_stream(f, "-", SL_FORMAT_AUTO, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_string_equal(in.path, "-");
    assert_memory_equal(in.data, "one", 3);
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_memory_equal(in.data, "two", 3);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
    fclose(f);

    char txt[] = "Plain text from a pipe.\n";
    f = fmemopen(txt, strlen(txt), "r");
    assert_int_equal(sl_reader_open_stream(f, "-", SL_FORMAT_AUTO, &r), SL_OK);
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.format, SL_FORMAT_TEXT);
    assert_int_equal(in.len, strlen(txt));
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
    fclose(f);
}

static void test_bad_inputs(void **state)
{
    sl_reader *r = (sl_reader *)1;
    assert_int_equal(sl_reader_open(S_path("does-not-exist.txt"), SL_FORMAT_AUTO, &r), SL_EIO);
    assert_null(r);

    S_writes("empty.txt", "");
    S_expect_error("empty.txt", SL_FORMAT_AUTO, SL_EEMPTY, "empty file");
    S_writes("empty.jsonl", "");
    S_expect_error("empty.jsonl", SL_FORMAT_AUTO, SL_EEMPTY, "empty file");

    S_write("nul.txt", "Hello\0world", 11);
    S_expect_error("nul.txt", SL_FORMAT_AUTO, SL_EPARSE, "binary data (NUL byte at offset 5)");

    S_write("latin1.txt", "Caf\xe9 au lait", 12);
    S_expect_error("latin1.txt", SL_FORMAT_TEXT, SL_EPARSE, "invalid UTF-8 at byte 3");

    /* A sparse file just over the limit: refused without reading it. */
    char *p = S_path("huge.txt");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)SL_MAX_INPUT_BYTES + 1), 0);
    fclose(f);
    char msg[200];
    snprintf(msg, sizeof msg, "file of %u bytes exceeds the limit of %u bytes", SL_MAX_INPUT_BYTES + 1,
             SL_MAX_INPUT_BYTES);
    S_expect_error("huge.txt", SL_FORMAT_AUTO, SL_ELIMIT, msg);

    /* One bad file in a folder does not stop the others. */
    char sub[400];
    snprintf(sub, sizeof sub, "%s/mixed", S_dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    S_write("mixed/1.txt", "ok one", 6);
    S_write("mixed/2.txt", "bad\0", 4);
    S_write("mixed/3.txt", "ok three", 8);
    assert_int_equal(sl_reader_open(sub, SL_FORMAT_AUTO, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(sl_reader_next(r, &in), SL_EPARSE);
    assert_non_null(strstr(sl_reader_error(r), "mixed/2.txt: binary data"));
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_memory_equal(in.data, "ok three", 8);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
}

/* A 50 MB single JSON Lines line is read (it is under SL_MAX_INPUT_BYTES) and clean rejects
 * the article with SL_ELIMIT (over SL_MAX_ARTICLE_BYTES); the next record still comes. */
static void test_long_line(void **state)
{
    size_t n = 50u * 1024u * 1024u;
    char *p = S_path("long.jsonl");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("{\"text\":\"", f);
    char chunk[65536];
    memset(chunk, 'a', sizeof chunk);
    for (size_t i = 0; i < n / sizeof chunk; i++) assert_int_equal(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    fputs("\"}\n{\"text\":\"short\"}\n", f);
    fclose(f);
    sl_reader *r;
    assert_int_equal(sl_reader_open(p, SL_FORMAT_AUTO, &r), SL_OK);
    sl_input in;
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.len, n);
    sl_engine e = {0};
    assert_int_equal(sl_boiler_load(&e.boiler), SL_OK);
    sl_doc *d = sl_doc_new_empty();
    d->raw = in.data;
    d->raw_len = in.len;
    assert_int_equal(sl_clean(&e, d), SL_ELIMIT);
    sl_doc_free(d);
    sl_boiler_free(e.boiler);
    assert_int_equal(sl_reader_next(r, &in), SL_OK);
    assert_int_equal(in.line, 2);
    assert_memory_equal(in.data, "short", 5);
    assert_int_equal(sl_reader_next(r, &in), SL_END);
    sl_reader_close(r);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse_and_guess),
        cmocka_unit_test(test_text_with_header),
        cmocka_unit_test(test_folder),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_bad_bytes),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_long_line),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
