/*
 * progress.c — the one-line progress bar of long jobs (ingest, train, eval, recluster):
 *   ingest [######.........]  42% 420/1000  35.0 articles/s  0:12 elapsed  ETA 0:16
 * or, when the total is unknown (stdin), count and rate only:
 *   ingest 420 articles  35.0 articles/s  0:12 elapsed
 *
 * It lives in the library so that stages and scorers can report how far they are without
 * knowing who is watching; it draws nothing until the program enables it
 * (sl_progress_enable), which the CLI does only when stderr is a terminal and --quiet was
 * not given, so pipes, JSON output and CI logs never see a bar. Library users that never
 * call sl_progress_enable get no output at all.
 *
 * The line is built by a pure formatter (sl_progress_format, unit-tested) and redrawn in
 * place with '\r' at most SL_PROGRESS_INTERVAL apart, padded with spaces over a longer
 * previous line and never wider than the terminal (a wrapped line defeats the '\r').
 * Process-wide state (the switch, the bar on screen) is plain statics: progress is
 * reported by the one thread that runs a CLI job.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

#define SL_PROGRESS_INTERVAL 0.1   /* seconds between redraws: ~10 per second at most */
#define SL_PROGRESS_BAR_MIN 10     /* narrower than this, the bar is dropped */
#define SL_PROGRESS_BAR_MAX 30
#define SL_PROGRESS_LONG_ETA 360000.0 /* 100 h: longer times print as ">99:59:59" */

static bool S_enabled = false;
static size_t S_on_screen = 0; /* length of the bar line now on stderr (0: none) */
static bool S_redraw = false;  /* the line was cleared: draw on the next update */

void sl_progress_enable(bool on) { S_enabled = on; }
bool sl_progress_enabled(void) { return S_enabled; }

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Duration as M:SS or H:MM:SS; "--:--" when unknown (negative, NaN, infinite). */
static void S_duration(char *out, size_t n, double secs)
{
    if (!(secs >= 0) || isinf(secs)) { snprintf(out, n, "--:--"); return; }
    if (secs >= SL_PROGRESS_LONG_ETA) { snprintf(out, n, ">99:59:59"); return; }
    unsigned s = (unsigned)secs % 360000u; /* < 100 h already; the modulo tells the compiler */
    if (s < 3600) snprintf(out, n, "%u:%02u", s / 60, s % 60);
    else snprintf(out, n, "%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
}

/* Rate with 2-3 significant figures below 100 (slow jobs still show a non-zero rate),
 * whole numbers from 100 up. */
static void S_rate(char *out, size_t n, double rate)
{
    if (!(rate > 0) || isinf(rate)) snprintf(out, n, "0");
    else if (rate < 0.001) snprintf(out, n, "<0.001");
    else if (rate < 1) snprintf(out, n, "%.2g", rate);
    else if (rate < 10) snprintf(out, n, "%.2f", rate);
    else if (rate < 100) snprintf(out, n, "%.1f", rate);
    else snprintf(out, n, "%.0f", rate);
}

size_t sl_progress_format(char *out, size_t cap, const char *label, const char *unit, double done,
                          double total, double elapsed, int width)
{
    if (!out || !cap) return 0;
    if (!label) label = "";
    if (!unit) unit = "items";
    if (!(done >= 0)) done = 0;
    if (width < 8) width = 8;
    if ((size_t)width > cap) width = (int)cap; /* never more than the buffer holds */
    bool known = total > 0 && !isinf(total);
    double rate = elapsed > 0 ? done / elapsed : 0;
    char r[32], el[32], eta[32], count[96], pct[16] = "";
    S_rate(r, sizeof r, rate);
    S_duration(el, sizeof el, elapsed);
    double frac = 0;
    if (known) {
        frac = done >= total ? 1 : done / total;
        S_duration(eta, sizeof eta, done >= total ? 0 : rate > 0 ? (total - done) / rate : -1);
        snprintf(pct, sizeof pct, "%3d%%", (int)floor(frac * 100));
        snprintf(count, sizeof count, "%.0f/%.0f", done, total);
    } else {
        snprintf(count, sizeof count, "%.0f %s", done, unit);
    }
    /* Everything but the bar. On a narrow line the elapsed time goes first, then the bar;
     * the last column stays free (a line that fills it wraps on many terminals). */
    char tail[256];
    int tl = 0, bar = 0, lab = (int)strlen(label);
    for (int full = 1; full >= 0; full--) {
        if (known)
            tl = snprintf(tail, sizeof tail, " %s %s  %s %s/s%s%s%s  ETA %s", pct, count, r, unit,
                          full ? "  " : "", full ? el : "", full ? " elapsed" : "", eta);
        else
            tl = snprintf(tail, sizeof tail, " %s  %s %s/s%s%s%s", count, r, unit, full ? "  " : "",
                          full ? el : "", full ? " elapsed" : "");
        if (tl < 0) tl = 0;
        if ((size_t)tl >= sizeof tail) tl = (int)sizeof tail - 1;
        int room = width - 1 - lab - tl - 3; /* " [" and "]" */
        bar = known ? SL_MIN(room, SL_PROGRESS_BAR_MAX) : 0;
        if (bar >= SL_PROGRESS_BAR_MIN || (!known && lab + tl < width)) break;
    }
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_puts(&b, label);
    if (bar >= SL_PROGRESS_BAR_MIN) {
        int fill = (int)floor(frac * bar);
        sl_buf_puts(&b, " [");
        for (int i = 0; i < bar; i++) sl_buf_putc(&b, i < fill ? '#' : '.');
        sl_buf_putc(&b, ']');
    }
    sl_buf_append(&b, tail, (size_t)tl);
    size_t n = b.oom ? 0 : b.len;
    if (n > (size_t)width - 1) n = (size_t)width - 1;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(out, b.data, n);
    out[n] = 0;
    sl_buf_free(&b);
    return n;
}

/* Terminal width of stderr, else $COLUMNS, else 80. */
static int S_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    const char *c = getenv("COLUMNS");
    long v = c ? strtol(c, NULL, 10) : 0;
    return v > 0 && v < 1000 ? (int)v : 80;
}

void sl_progress_start(sl_progress *p, const char *label, const char *unit, double total)
{
    memset(p, 0, sizeof *p);
    p->label = label;
    p->unit = unit;
    p->total = total;
    p->on = S_enabled;
    p->start = S_now();
    p->last = -1; /* the first update draws */
    if (p->on) p->width = S_width();
}

static void S_draw(sl_progress *p, double now)
{
    char line[SL_PROGRESS_MAX_LINE];
    int width = SL_MIN(p->width, (int)sizeof line);
    size_t n = sl_progress_format(line, sizeof line, p->label, p->unit, p->done, p->total, now - p->start, width);
    /* spaces over the rest of a longer previous line rather than an escape sequence, so a
     * captured log (SL_PROGRESS=1) stays plain text */
    int pad = S_on_screen > n ? (int)(S_on_screen - n) : 0;
    fprintf(stderr, "\r%s%*s", line, pad, "");
    fflush(stderr);
    S_on_screen = n;
    S_redraw = false;
    p->last = now;
}

void sl_progress_update(sl_progress *p, double done)
{
    p->done = done;
    if (!p->on) return;
    double now = S_now();
    if (!S_redraw && p->last >= 0 && now - p->last < SL_PROGRESS_INTERVAL) return;
    S_draw(p, now);
}

void sl_progress_set_total(sl_progress *p, double total) { p->total = total; }

void sl_progress_end(sl_progress *p)
{
    if (!p->on) return;
    if (p->last < 0 && !(p->done > 0)) { p->on = false; return; } /* never started: no line */
    S_draw(p, S_now());
    fputc('\n', stderr);
    fflush(stderr);
    S_on_screen = 0;
    p->on = false; /* a second end() prints nothing */
}

void sl_progress_clear(void)
{
    if (!S_on_screen) return;
    fprintf(stderr, "\r%*s\r", (int)S_on_screen, "");
    fflush(stderr);
    S_on_screen = 0;
    S_redraw = true; /* the next update draws again, below whatever is printed now */
}
