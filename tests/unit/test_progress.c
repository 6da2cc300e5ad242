/* test_progress.c — the progress bar (src/core/progress.c): the formatter's lines, computed by
 * hand (percent, bar, rate with unit, elapsed, ETA; unknown total; zero rate; very long ETAs;
 * narrow terminals), and the writer's contract (nothing unless enabled, '\r' redraws, one
 * final line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/core.h"

static const char *S_fmt(const char *label, const char *unit, double done, double total, double elapsed,
                         int width)
{
    static char line[SL_PROGRESS_MAX_LINE];
    size_t n = sl_progress_format(line, sizeof line, label, unit, done, total, elapsed, width);
    assert_int_equal(n, strlen(line));
    assert_true(n < (size_t)width);
    return line;
}

static void test_known_total(void **state)
{
    /* 420 of 1000 in 12 s: 35/s, 580 left -> 16.6 s; tail is 55 columns, so the bar gets
     * 80 - 1 - 6 - 55 - 3 = 15 cells, 42% of them (6) filled */
    assert_string_equal(S_fmt("ingest", "articles", 420, 1000, 12, 80),
                        "ingest [######.........]  42% 420/1000  35.0 articles/s  0:12 elapsed  ETA 0:16");
    /* wide terminals cap the bar at 30 cells */
    assert_string_equal(S_fmt("ingest", "articles", 500, 1000, 10, 200),
                        "ingest [###############...............]  50% 500/1000  50.0 articles/s  0:10 elapsed  ETA 0:10");
    /* rates: 2 decimals below 10, 1 below 100, none from 100 up */
    assert_string_equal(S_fmt("eval ner", "sentences", 3000, 3250, 2, 100),
                        "eval ner [###########################...]  92% 3000/3250  1500 sentences/s  0:02 elapsed  ETA 0:00");
    assert_string_equal(S_fmt("x", "pages", 5, 20, 2, 80),
                        "x [######.....................]  25% 5/20  2.50 pages/s  0:02 elapsed  ETA 0:06");
}

static void test_unknown_total(void **state)
{
    /* stdin: no total, so no bar, percent or ETA; count and rate only */
    assert_string_equal(S_fmt("ingest", "articles", 420, 0, 12, 80), "ingest 420 articles  35.0 articles/s  0:12 elapsed");
    assert_string_equal(S_fmt("ingest", "articles", 420, -1, 12, 80), "ingest 420 articles  35.0 articles/s  0:12 elapsed");
}

static void test_zero_rate(void **state)
{
    /* nothing done yet (or no time elapsed): rate 0, ETA unknown, empty bar */
    assert_string_equal(S_fmt("eval ner", "sentences", 0, 50, 0, 80),
                        "eval ner [..................]   0% 0/50  0 sentences/s  0:00 elapsed  ETA --:--");
    assert_string_equal(S_fmt("ingest", "articles", 0, 0, 3, 80), "ingest 0 articles  0 articles/s  0:03 elapsed");
}

static void test_long_times(void **state)
{
    /* 8 of 16 in 4096 s: 0.00195/s (2 significant figures), the other 8 take another
     * 4096 s = 1:08:16; tail 54 columns, bar 80 - 1 - 5 - 54 - 3 = 17 cells, 8 filled */
    assert_string_equal(S_fmt("train", "docs", 8, 16, 4096, 80),
                        "train [########.........]  50% 8/16  0.002 docs/s  1:08:16 elapsed  ETA 1:08:16");
    /* 1 of a billion in 10 s: the ETA would be ~3 centuries */
    assert_string_equal(S_fmt("t", "items", 1, 1e9, 10, 100),
                        "t [..............................]   0% 1/1000000000  0.1 items/s  0:10 elapsed  ETA >99:59:59");
    /* very slow: the rate does not print as 0 */
    assert_non_null(strstr(S_fmt("t", "items", 1, 10, 10000, 80), " <0.001 items/s"));
}

static void test_done_past_total(void **state)
{
    /* an estimated total that was too low: clamped to 100%, ETA 0:00 */
    assert_string_equal(S_fmt("ingest", "articles", 12, 10, 4, 80),
                        "ingest [##################] 100% 12/10  3.00 articles/s  0:04 elapsed  ETA 0:00");
}

static void test_narrow(void **state)
{
    /* 60 columns: the elapsed time goes first so that a bar still fits (60-1-6-41-3 = 9 is
     * too few cells, so the bar goes too) */
    assert_string_equal(S_fmt("ingest", "articles", 420, 1000, 12, 60),
                        "ingest  42% 420/1000  35.0 articles/s  ETA 0:16");
    /* 64 columns: 13 cells */
    assert_string_equal(S_fmt("ingest", "articles", 420, 1000, 12, 64),
                        "ingest [#####........]  42% 420/1000  35.0 articles/s  ETA 0:16");
    /* 30 columns: cut at 29, never wrapped */
    assert_string_equal(S_fmt("ingest", "articles", 420, 1000, 12, 30), "ingest  42% 420/1000  35.0 ar");
    /* unknown total on 40 columns: elapsed dropped */
    assert_string_equal(S_fmt("ingest", "articles", 420, 0, 12, 40), "ingest 420 articles  35.0 articles/s");
    /* a buffer smaller than the width bounds the line */
    char small[10];
    size_t n = sl_progress_format(small, sizeof small, "ingest", "articles", 1, 2, 1, 80);
    assert_int_equal(n, 9);
    assert_string_equal(small, "ingest  5");
    /* junk in: no crash, sane text */
    assert_string_equal(S_fmt(NULL, NULL, -5, 0, -1, 80), " 0 items  0 items/s  --:-- elapsed");
}

/* Runs the writer with stderr sent to a file; returns what it wrote. */
static char *S_capture(bool enabled, int updates)
{
    char path[] = "/tmp/test_progress_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(dup2(fd, 2) >= 0);
    sl_progress_enable(enabled);
    sl_progress p;
    sl_progress_start(&p, "job", "steps", updates);
    for (int i = 1; i <= updates; i++) sl_progress_update(&p, i);
    sl_progress_clear();
    fputs("a message\n", stderr);
    if (updates) sl_progress_update(&p, updates);
    sl_progress_end(&p);
    sl_progress_end(&p); /* the second is a no-op */
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    sl_progress_enable(false);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sl_read_file(path, 1 << 20, &data, &len), SL_OK);
    close(fd);
    unlink(path);
    return data;
}

static void test_writer(void **state)
{
    char *off = S_capture(false, 1000);
    assert_string_equal(off, "a message\n"); /* disabled: not a byte */
    free(off);
    char *idle = S_capture(true, 0);
    assert_string_equal(idle, "a message\n"); /* enabled, but nothing ever reported */
    free(idle);
    char *on = S_capture(true, 1000);
    /* the first update draws at once; a thousand quick ones do not each redraw */
    assert_true(on[0] == '\r');
    assert_non_null(strstr(on, "job ["));
    size_t draws = 0;
    for (const char *c = on; *c; c++) draws += *c == '\r';
    assert_true(draws >= 3 && draws < 10); /* first, clear, after the message, final (+ clear's) */
    /* the message stands on a line of its own, the bar is drawn again after it */
    const char *m = strstr(on, "\ra message\n\rjob [");
    assert_non_null(m);
    assert_non_null(strstr(m, "100% 1000/1000"));
    size_t len = strlen(on);
    assert_true(len > 0 && on[len - 1] == '\n');
    size_t lines = 0;
    for (const char *c = on; *c; c++) lines += *c == '\n';
    assert_int_equal(lines, 2); /* the message's and the bar's final one */
    free(on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_total), cmocka_unit_test(test_unknown_total),
        cmocka_unit_test(test_zero_rate),   cmocka_unit_test(test_long_times),
        cmocka_unit_test(test_done_past_total), cmocka_unit_test(test_narrow),
        cmocka_unit_test(test_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
