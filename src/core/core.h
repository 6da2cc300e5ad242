/*
 * core.h — the small toolkit every module uses: arenas (one per document), growable byte
 * buffers, typed vectors, hashing, and UTF-8 helpers over utf8proc.
 *
 * Nothing here aborts: allocation failures surface as NULL / SL_ENOMEM to the caller.
 */
#ifndef SL_CORE_H
#define SL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "storyline.h"

#define SL_INTERNAL __attribute__((visibility("hidden")))
#define SL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SL_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SL_MAX(a, b) ((a) > (b) ? (a) : (b))

/* ---- arena: bump allocator; everything a document's stages produce lives in one ------- */
typedef struct sl_arena_block sl_arena_block;
typedef struct sl_arena {
    sl_arena_block *head; /* current block; older blocks chained behind it */
    size_t total;         /* bytes handed out, for limits and stats */
} sl_arena;

void sl_arena_init(sl_arena *a);
void sl_arena_release(sl_arena *a);
/* 16-byte aligned, zeroed; NULL on out-of-memory. */
void *sl_arena_alloc(sl_arena *a, size_t n);
char *sl_arena_strndup(sl_arena *a, const char *s, size_t n);
char *sl_arena_strdup(sl_arena *a, const char *s); /* NULL in, NULL out */

/* ---- buf: growable byte string, always NUL-terminated ----------------------------------- */
typedef struct sl_buf {
    char *data;
    size_t len, cap;
    bool oom; /* sticky: set once an append failed; later appends are no-ops */
} sl_buf;

void sl_buf_init(sl_buf *b);
void sl_buf_free(sl_buf *b);
void sl_buf_reset(sl_buf *b);
bool sl_buf_reserve(sl_buf *b, size_t extra);
void sl_buf_append(sl_buf *b, const char *s, size_t n);
void sl_buf_puts(sl_buf *b, const char *s);
void sl_buf_putc(sl_buf *b, char c);
void sl_buf_printf(sl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (malloc'd) and resets the buffer. */
char *sl_buf_take(sl_buf *b);

/* ---- vec: typed growable array on malloc ---------------------------------------------- */
#define SL_VEC(T) struct { T *v; size_t n, cap; }
/* Grows so one more element fits; evaluates to false on out-of-memory. */
#define sl_vec_grow(vec) \
    ((vec)->n < (vec)->cap || sl_vec_grow_((void **)&(vec)->v, &(vec)->cap, sizeof(*(vec)->v)))
#define sl_vec_push(vec, x) (sl_vec_grow(vec) ? ((vec)->v[(vec)->n++] = (x), true) : false)
#define sl_vec_free(vec) (free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0)
bool sl_vec_grow_(void **v, size_t *cap, size_t elem);

/* ---- hashing --------------------------------------------------------------------------- */
uint64_t sl_hash64(const void *data, size_t n, uint64_t seed);
/* 16 lowercase hex digits of a 64-bit value into out[17]. */
void sl_hex64(uint64_t v, char out[17]);

/* ---- string map: open addressing, keys copied, values are pointers or integers ---------- */
typedef struct sl_map_entry {
    char *key;
    size_t klen;
    uint64_t hash;
    void *val;
} sl_map_entry;
typedef struct sl_map {
    sl_map_entry *slots;
    size_t n, cap;
} sl_map;
void sl_map_init(sl_map *m);
void sl_map_free(sl_map *m);
/* Returns the entry for key, inserting it with val NULL when absent (*created = true);
 * NULL on out-of-memory. */
sl_map_entry *sl_map_put(sl_map *m, const char *key, size_t klen, bool *created);
sl_map_entry *sl_map_get(const sl_map *m, const char *key, size_t klen);

/* ---- UTF-8 ------------------------------------------------------------------------------ */
/* True when s[0..n) is valid UTF-8; *bad gets the offset of the first bad byte. */
bool sl_utf8_valid(const char *s, size_t n, size_t *bad);
/* Decodes one code point at s (n bytes left); returns its length (>=1) and sets *cp
 * (U+FFFD and length 1 for a bad sequence). */
int sl_utf8_decode(const char *s, size_t n, int32_t *cp);
int sl_utf8_encode(int32_t cp, char out[4]);

/* ---- embedded resources (files under resources/ and models/, built in with .incbin) ---------------------- */
/* The bytes of resources/<name>, or NULL when no such resource was built in. */
const char *sl_resource(const char *name, size_t *len);

/* ---- progress bar on stderr for long jobs (progress.c) ---------------------------------- */
/* Off until the program enables it (the CLI: stderr is a terminal and no --quiet, or
 * SL_PROGRESS=1); while off, start/update/end cost a clock read and print nothing. */
#define SL_PROGRESS_MAX_LINE 512 /* widest line drawn, whatever the terminal */
typedef struct sl_progress {
    const char *label, *unit; /* "ingest", "articles": borrowed, must outlive the bar */
    double total;             /* <= 0: unknown (count and rate, no bar or ETA) */
    double done, start, last;
    int width;                /* terminal columns, read at start */
    bool on;
} sl_progress;
void sl_progress_enable(bool on);
bool sl_progress_enabled(void);
void sl_progress_start(sl_progress *p, const char *label, const char *unit, double total);
/* Records `done` (units so far); redraws at most every 0.1 s. */
void sl_progress_update(sl_progress *p, double done);
void sl_progress_set_total(sl_progress *p, double total);
/* Draws the final state and ends the line; a no-op when the bar is off or already ended,
 * or when nothing was ever reported (no update, or only done = 0 never drawn). */
void sl_progress_end(sl_progress *p);
/* Erases the bar on screen, if any, before another message goes to stderr; the next
 * update draws it again below that message. */
void sl_progress_clear(void);
/* A command's fatal message: "storyline WHO: message" on stderr, the bar cleared first;
 * returns 1 (the fatal exit code), so a command can `return sl_fail("eval rouge", ...)`. */
int sl_fail(const char *who, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when `path` names a folder. */
bool sl_is_dir(const char *path);
/* The bar's line for these figures, at most width-1 columns (ASCII), into out[cap];
 * returns its length. Pure: the unit tests pin it. */
size_t sl_progress_format(char *out, size_t cap, const char *label, const char *unit, double done,
                          double total, double elapsed, int width);

/* ---- misc ------------------------------------------------------------------------------- */
/* Reads a whole file (at most `limit` bytes, else SL_ELIMIT). "-" is stdin. */
sl_status sl_read_file(const char *path, size_t limit, char **data, size_t *len);
/* ASCII case-insensitive compare of n bytes. */
bool sl_ieq(const char *a, const char *b, size_t n);
/* Days since 1970-01-01 of a proleptic Gregorian civil date, and back (util.c). */
long sl_days_from_civil(int y, int m, int d);
void sl_civil_from_days(long z, int *y, int *m, int *d);

#endif
