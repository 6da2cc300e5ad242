/*
 * reader.c — the first stage of the pipeline: turns a path (file, folder or "-" for stdin)
 * into a stream of sl_input records that sl_doc_process takes one at a time.
 *
 * Formats: plain text (optionally opening with a `Key: value` header block, as in the
 * DUC/MultiLing collections), HTML (bytes handed over untouched; pipeline.c runs the HTML
 * extractor) and JSON Lines (one object per line, parsed with jansson). AUTO picks a format
 * per file from the name, else from the first bytes.
 *
 * Error policy: one bad file or record is one error, named "PATH: reason" or
 * "PATH:LINE: reason"; the following call carries on with the next record, so a batch never
 * stops on bad input. Memory is bounded per record: a whole text/HTML file or one JSON Lines
 * line is held at most, and neither may exceed SL_MAX_INPUT_BYTES. JSON Lines files are
 * streamed, so the file itself may be arbitrarily long; stdin works when piped.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <jansson.h>

#include "ingest/ingest.h"
#include "ingest/reader.h"

#define S_CHUNK 65536u      /* read-ahead buffer; also what format sniffing looks at */
#define S_ERRLEN 4096u

struct sl_reader {
    char **files;          /* paths to visit, in order (owned) */
    size_t nfiles, next;   /* next = index of the next file to open */
    sl_format format;      /* as requested; AUTO decides per file */
    FILE *stream;          /* borrowed stream for sl_reader_open_stream / stdin, else NULL */

    /* the file being read */
    FILE *f;
    bool active, own_f, eof;
    const char *name;      /* files[next-1] */
    sl_format cur;
    long lineno;
    size_t offset;         /* file offset of the start of the current line (JSON Lines) */
    char *ibuf;            /* read-ahead: ibuf[ipos..ilen) not consumed yet */
    size_t ipos, ilen;

    sl_buf rec;            /* the current record's bytes */
    json_t *json;          /* the current JSON Lines record (strings borrowed from it) */
    sl_arena meta;         /* header values of the current text record */
    char err[S_ERRLEN];
};

SL_API sl_status sl_format_parse(const char *name, sl_format *out)
{
    static const struct { const char *name; sl_format f; } map[] = {
        {"auto", SL_FORMAT_AUTO}, {"text", SL_FORMAT_TEXT}, {"txt", SL_FORMAT_TEXT},
        {"html", SL_FORMAT_HTML}, {"jsonl", SL_FORMAT_JSONL}, {"ndjson", SL_FORMAT_JSONL},
    };
    if (!name || !out) return SL_EINVAL;
    for (size_t i = 0; i < SL_ARRAY_LEN(map); i++)
        if (strcmp(name, map[i].name) == 0) { *out = map[i].f; return SL_OK; }
    return SL_EINVAL;
}

static bool S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && sl_ieq(s + n - m, suffix, m);
}

sl_format sl_format_guess(const char *name, const char *head, size_t n)
{
    if (name) {
        if (S_ends_with(name, ".jsonl") || S_ends_with(name, ".ndjson")) return SL_FORMAT_JSONL;
        if (S_ends_with(name, ".html") || S_ends_with(name, ".htm") || S_ends_with(name, ".gz"))
            return SL_FORMAT_HTML;
    }
    if (n >= 2 && (unsigned char)head[0] == 0x1f && (unsigned char)head[1] == 0x8b) return SL_FORMAT_HTML;
    size_t i = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    if (i < n && head[i] == '{') return SL_FORMAT_JSONL;
    if (n - i >= 14 && sl_ieq(head + i, "<!doctype html", 14)) return SL_FORMAT_HTML;
    if (n - i >= 5 && sl_ieq(head + i, "<html", 5)) return SL_FORMAT_HTML;
    return SL_FORMAT_TEXT;
}

/* ---- folder walk ------------------------------------------------------------------------- */

static int S_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static sl_status S_add_file(sl_reader *r, const char *path, size_t *cap)
{
    if (r->nfiles >= SL_READER_MAX_FILES) return SL_ELIMIT;
    if (r->nfiles == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **nf = realloc(r->files, nc * sizeof(char *));
        if (!nf) return SL_ENOMEM;
        r->files = nf;
        *cap = nc;
    }
    size_t n = strlen(path);
    char *p = malloc(n + 1);
    if (!p) return SL_ENOMEM;
    memcpy(p, path, n + 1);
    r->files[r->nfiles++] = p;
    return SL_OK;
}

/* Collects regular files under `dir` in name order, depth first; hidden entries skipped. */
static sl_status S_walk(sl_reader *r, const char *dir, int depth, size_t *cap)
{
    if (depth > SL_READER_MAX_DEPTH) return SL_OK;
    DIR *dp = opendir(dir);
    if (!dp) return SL_EIO;
    SL_VEC(char *) names = {0};
    sl_status st = SL_OK;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.') continue;
        char *s = strdup(de->d_name);
        if (!s || !sl_vec_push(&names, s)) { free(s); st = SL_ENOMEM; break; }
    }
    closedir(dp);
    if (names.n) qsort(names.v, names.n, sizeof(char *), S_cmp_names);
    sl_buf path;
    sl_buf_init(&path);
    for (size_t i = 0; st == SL_OK && i < names.n; i++) {
        sl_buf_reset(&path);
        sl_buf_puts(&path, dir);
        if (path.len && path.data[path.len - 1] != '/') sl_buf_putc(&path, '/');
        sl_buf_puts(&path, names.v[i]);
        if (path.oom) { st = SL_ENOMEM; break; }
        struct stat sb;
        if (stat(path.data, &sb) != 0) continue; /* dangling link or raced away */
        if (S_ISDIR(sb.st_mode)) {
            sl_status s2 = S_walk(r, path.data, depth + 1, cap);
            if (s2 == SL_ENOMEM || s2 == SL_ELIMIT) st = s2; /* unreadable subfolders are skipped */
        } else if (S_ISREG(sb.st_mode)) {
            st = S_add_file(r, path.data, cap);
        }
    }
    sl_buf_free(&path);
    for (size_t i = 0; i < names.n; i++) free(names.v[i]);
    sl_vec_free(&names);
    return st;
}

static sl_reader *S_new(sl_format format)
{
    sl_reader *r = calloc(1, sizeof(*r));
    if (!r) return NULL;
    r->ibuf = malloc(S_CHUNK);
    if (!r->ibuf) { free(r); return NULL; }
    r->format = format;
    sl_buf_init(&r->rec);
    sl_arena_init(&r->meta);
    return r;
}

SL_API sl_status sl_reader_open(const char *path, sl_format format, sl_reader **out)
{
    if (!path || !out || format < SL_FORMAT_AUTO || format > SL_FORMAT_JSONL) return SL_EINVAL;
    *out = NULL;
    if (strcmp(path, "-") == 0) return sl_reader_open_stream(stdin, "-", format, out);
    struct stat sb;
    if (stat(path, &sb) != 0) return SL_EIO;
    sl_reader *r = S_new(format);
    if (!r) return SL_ENOMEM;
    size_t cap = 0;
    sl_status st = S_ISDIR(sb.st_mode) ? S_walk(r, path, 0, &cap) : S_add_file(r, path, &cap);
    if (st != SL_OK) { sl_reader_close(r); return st; }
    *out = r;
    return SL_OK;
}

sl_status sl_reader_open_stream(FILE *f, const char *name, sl_format format, sl_reader **out)
{
    if (!f || !name || !out || format < SL_FORMAT_AUTO || format > SL_FORMAT_JSONL) return SL_EINVAL;
    sl_reader *r = S_new(format);
    if (!r) return SL_ENOMEM;
    size_t cap = 0;
    sl_status st = S_add_file(r, name, &cap);
    if (st != SL_OK) { sl_reader_close(r); return st; }
    r->stream = f;
    *out = r;
    return SL_OK;
}

SL_API const char *sl_reader_error(const sl_reader *r) { return r ? r->err : ""; }

static void S_finish_file(sl_reader *r)
{
    if (r->f && r->own_f) fclose(r->f);
    r->f = NULL;
    r->active = false;
}

SL_API void sl_reader_close(sl_reader *r)
{
    if (!r) return;
    S_finish_file(r);
    for (size_t i = 0; i < r->nfiles; i++) free(r->files[i]);
    free(r->files);
    free(r->ibuf);
    sl_buf_free(&r->rec);
    if (r->json) json_decref(r->json);
    sl_arena_release(&r->meta);
    free(r);
}

/* ---- buffered reading ------------------------------------------------------------------- */

/* Refills the read-ahead buffer when it is empty; false at end of file or on error. */
static bool S_fill(sl_reader *r)
{
    if (r->ipos < r->ilen) return true;
    if (r->eof) return false;
    r->ipos = r->ilen = 0;
    size_t n = fread(r->ibuf, 1, S_CHUNK, r->f);
    r->ilen = n;
    if (n == 0) r->eof = true;
    return n > 0;
}

/* Reads one line (without "\n") into r->rec, keeping at most `limit` bytes; the rest of an
 * over-long line is consumed and dropped (*too_long set). False when no line is left. */
static bool S_read_line(sl_reader *r, size_t limit, bool *too_long, size_t *consumed)
{
    sl_buf_reset(&r->rec);
    *too_long = false;
    *consumed = 0;
    bool any = false;
    while (S_fill(r)) {
        any = true;
        const char *start = r->ibuf + r->ipos;
        size_t avail = r->ilen - r->ipos;
        const char *nl = memchr(start, '\n', avail);
        size_t seg = nl ? (size_t)(nl - start) : avail;
        if (!*too_long) {
            if (r->rec.len + seg > limit) *too_long = true;
            else sl_buf_append(&r->rec, start, seg);
        }
        r->ipos += nl ? seg + 1 : seg;
        *consumed += nl ? seg + 1 : seg;
        if (nl) return true;
    }
    return any;
}

/* Reads the rest of the file into r->rec; SL_ELIMIT past `limit`. */
static sl_status S_read_all(sl_reader *r, size_t limit)
{
    sl_buf_reset(&r->rec);
    while (S_fill(r)) {
        size_t avail = r->ilen - r->ipos;
        if (r->rec.len + avail > limit) return SL_ELIMIT;
        sl_buf_append(&r->rec, r->ibuf + r->ipos, avail);
        r->ipos = r->ilen;
        if (r->rec.oom) return SL_ENOMEM;
    }
    return ferror(r->f) ? SL_EIO : SL_OK;
}

static sl_status S_fail(sl_reader *r, sl_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static sl_status S_fail(sl_reader *r, sl_status st, const char *fmt, ...)
{
    int n = r->cur == SL_FORMAT_JSONL && r->lineno > 0
                ? snprintf(r->err, sizeof r->err, "%s:%ld: ", r->name, r->lineno)
                : snprintf(r->err, sizeof r->err, "%s: ", r->name);
    if (n < 0 || (size_t)n >= sizeof r->err) return st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
    va_end(ap);
    return st;
}

/* Opens files[next]; picks its format. */
static sl_status S_open_next(sl_reader *r)
{
    r->name = r->files[r->next++];
    r->lineno = 0;
    r->offset = 0;
    r->ipos = r->ilen = 0;
    r->eof = false;
    r->cur = SL_FORMAT_TEXT;
    if (r->stream) {
        r->f = r->stream;
        r->own_f = false;
    } else {
        r->f = fopen(r->name, "rb");
        r->own_f = true;
        if (!r->f) return S_fail(r, SL_EIO, "cannot open: %s", strerror(errno));
    }
    r->active = true;
    if (r->format != SL_FORMAT_AUTO) {
        r->cur = r->format;
    } else {
        S_fill(r);
        r->cur = sl_format_guess(r->name, r->ibuf + r->ipos, r->ilen - r->ipos);
    }
    /* Whole-file formats are refused up front when the file is too big; JSON Lines files are
     * streamed and only their records are bounded. */
    struct stat sb;
    if (r->own_f && r->cur != SL_FORMAT_JSONL && fstat(fileno(r->f), &sb) == 0 &&
        S_ISREG(sb.st_mode) && (unsigned long long)sb.st_size > SL_MAX_INPUT_BYTES) {
        S_finish_file(r);
        return S_fail(r, SL_ELIMIT, "file of %lld bytes exceeds the limit of %u bytes",
                      (long long)sb.st_size, SL_MAX_INPUT_BYTES);
    }
    return SL_OK;
}

/* ---- text files ---------------------------------------------------------------------------- */

static bool S_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

static const char *S_trim(const char *s, size_t *n)
{
    while (*n && (s[0] == ' ' || s[0] == '\t')) { s++; (*n)--; }
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r')) (*n)--;
    return s;
}

/* The `Key: value` header of DUC/MultiLing-style files: keys DOCNO, DATE, TITLE, SOURCE,
 * URL (case-insensitive) up to a blank line. Returns the body offset, 0 when there is no
 * header (the first line must carry a known key and the block must end with a blank line). */
static size_t S_parse_header(sl_reader *r, const char *s, size_t n, sl_input *in)
{
    static const char *keys[] = {"DOCNO", "DATE", "TITLE", "SOURCE", "URL"};
    const char *vals[SL_ARRAY_LEN(keys)] = {0};
    size_t vlens[SL_ARRAY_LEN(keys)] = {0};
    size_t pos = 0, lines = 0;
    for (;;) {
        if (pos >= n) return 0; /* header never closed: treat everything as text */
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - s) : n;
        const char *line = s + pos;
        size_t len = end - pos;
        if (S_blank(line, len)) {
            if (lines == 0) return 0;
            pos = nl ? end + 1 : end;
            break;
        }
        const char *colon = memchr(line, ':', len);
        size_t klen = colon ? (size_t)(colon - line) : 0;
        if (!colon || klen == 0 || klen > 24) return 0;
        for (size_t i = 0; i < klen; i++) {
            char c = line[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-')) return 0;
        }
        int known = -1;
        for (size_t k = 0; k < SL_ARRAY_LEN(keys); k++)
            if (strlen(keys[k]) == klen && sl_ieq(line, keys[k], klen)) known = (int)k;
        if (lines == 0 && known < 0) return 0;
        if (known >= 0) {
            size_t vl = len - klen - 1;
            vals[known] = S_trim(colon + 1, &vl);
            vlens[known] = vl;
        }
        lines++;
        if (lines > 32 || !nl) return 0;
        pos = end + 1;
    }
    sl_arena *a = &r->meta;
    if (vals[1] && vlens[1]) {
        char *d = sl_arena_strndup(a, vals[1], vlens[1]);
        /* "1998-10-17 05:50:00" -> ISO 8601 "1998-10-17T05:50:00" */
        if (d && vlens[1] > 11 && d[4] == '-' && d[7] == '-' && d[10] == ' ') d[10] = 'T';
        in->published = d;
    }
    if (vals[2] && vlens[2]) in->title = sl_arena_strndup(a, vals[2], vlens[2]);
    if (vals[3] && vlens[3]) in->source = sl_arena_strndup(a, vals[3], vlens[3]);
    if (vals[4] && vlens[4]) in->url = sl_arena_strndup(a, vals[4], vlens[4]);
    return pos;
}

/* Checks a text record: not empty, no NUL bytes, valid UTF-8. `base` is the file offset of s. */
static sl_status S_check_text(sl_reader *r, const char *s, size_t n, size_t base)
{
    if (S_blank(s, n) || n == 0) return S_fail(r, SL_EEMPTY, "empty file");
    const char *nul = memchr(s, 0, n);
    if (nul) return S_fail(r, SL_EPARSE, "binary data (NUL byte at offset %zu)", base + (size_t)(nul - s));
    size_t bad = 0;
    if (!sl_utf8_valid(s, n, &bad)) return S_fail(r, SL_EPARSE, "invalid UTF-8 at byte %zu", base + bad);
    return SL_OK;
}

static sl_status S_next_whole(sl_reader *r, sl_input *in)
{
    sl_status st = S_read_all(r, SL_MAX_INPUT_BYTES);
    S_finish_file(r);
    if (st == SL_ELIMIT)
        return S_fail(r, st, "file exceeds the limit of %u bytes", SL_MAX_INPUT_BYTES);
    if (st == SL_ENOMEM) return S_fail(r, st, "out of memory");
    if (st != SL_OK) return S_fail(r, st, "read error");
    const char *s = r->rec.data ? r->rec.data : "";
    size_t n = r->rec.len;
    in->path = r->name;
    if (r->cur == SL_FORMAT_HTML) {
        if (n == 0 || S_blank(s, n)) return S_fail(r, SL_EEMPTY, "empty file");
        in->data = s;
        in->len = n;
        in->format = SL_FORMAT_HTML;
        return SL_OK;
    }
    size_t skip = (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    if ((st = S_check_text(r, s + skip, n - skip, skip)) != SL_OK) return st;
    size_t body = skip + S_parse_header(r, s + skip, n - skip, in);
    if (S_blank(s + body, n - body)) return S_fail(r, SL_EEMPTY, "no text after the header");
    in->data = s + body;
    in->len = n - body;
    in->format = SL_FORMAT_TEXT;
    return SL_OK;
}

/* ---- JSON Lines ------------------------------------------------------------------------------ */

/* Borrowed string value of the first of `names` present as a non-empty string (integers are
 * accepted for ids and formatted into the metadata arena). */
static const char *S_field(sl_reader *r, json_t *obj, const char *const *names, size_t nn)
{
    for (size_t i = 0; i < nn; i++) {
        json_t *v = json_object_get(obj, names[i]);
        if (json_is_string(v) && json_string_length(v) > 0) return json_string_value(v);
        if (json_is_integer(v)) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
            return sl_arena_strdup(&r->meta, tmp);
        }
    }
    return NULL;
}

/* Returns SL_END when the file has no more records, SL_OK with *in filled, or an error. */
static sl_status S_next_jsonl(sl_reader *r, sl_input *in)
{
    for (;;) {
        bool too_long;
        size_t consumed;
        size_t start = r->offset;
        if (!S_read_line(r, SL_MAX_INPUT_BYTES, &too_long, &consumed)) {
            bool ioerr = ferror(r->f) != 0;
            S_finish_file(r);
            if (ioerr) return S_fail(r, SL_EIO, "read error");
            if (r->lineno == 0) return S_fail(r, SL_EEMPTY, "empty file");
            return SL_END;
        }
        r->lineno++;
        r->offset += consumed;
        if (r->rec.oom) return S_fail(r, SL_ENOMEM, "out of memory");
        if (too_long)
            return S_fail(r, SL_ELIMIT, "record exceeds the limit of %u bytes", SL_MAX_INPUT_BYTES);
        char *s = r->rec.data ? r->rec.data : "";
        size_t n = r->rec.len;
        if (r->lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; n -= 3; start += 3; }
        if (S_blank(s, n)) continue;
        const char *nul = memchr(s, 0, n);
        if (nul) return S_fail(r, SL_EPARSE, "binary data (NUL byte at offset %zu)", start + (size_t)(nul - s));
        size_t bad;
        if (!sl_utf8_valid(s, n, &bad)) return S_fail(r, SL_EPARSE, "invalid UTF-8 at byte %zu", start + bad);
        json_error_t je;
        json_t *obj = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
        if (!obj) return S_fail(r, SL_EPARSE, "not valid JSON (%s at column %d)", je.text, je.column);
        if (!json_is_object(obj)) {
            json_decref(obj);
            return S_fail(r, SL_EPARSE, "not a JSON object");
        }
        r->json = obj;
        static const char *const k_text[] = {"text", "body", "content"};
        static const char *const k_id[] = {"id"}, *const k_url[] = {"url"};
        static const char *const k_source[] = {"source"}, *const k_title[] = {"title"};
        static const char *const k_pub[] = {"published", "date", "time"};
        in->id = S_field(r, obj, k_id, 1);
        in->url = S_field(r, obj, k_url, 1);
        in->source = S_field(r, obj, k_source, 1);
        in->title = S_field(r, obj, k_title, 1);
        in->published = S_field(r, obj, k_pub, SL_ARRAY_LEN(k_pub));
        const char *text = NULL;
        size_t tlen = 0;
        for (size_t i = 0; i < SL_ARRAY_LEN(k_text) && !text; i++) {
            json_t *v = json_object_get(obj, k_text[i]);
            if (json_is_string(v) && !S_blank(json_string_value(v), json_string_length(v))) {
                text = json_string_value(v);
                tlen = json_string_length(v);
            }
        }
        /* Headline-only feeds (e.g. news-clustering sets) carry just a title: it is the text. */
        if (!text && in->title) { text = in->title; tlen = strlen(text); }
        if (!text) return S_fail(r, SL_EPARSE, "record has no text");
        in->path = r->name;
        in->line = r->lineno;
        in->data = text;
        in->len = tlen;
        in->format = SL_FORMAT_TEXT;
        return SL_OK;
    }
}

SL_API sl_status sl_reader_next(sl_reader *r, sl_input *in)
{
    if (!r || !in) return SL_EINVAL;
    memset(in, 0, sizeof *in);
    r->err[0] = 0;
    if (r->json) { json_decref(r->json); r->json = NULL; }
    sl_arena_release(&r->meta);
    sl_arena_init(&r->meta);
    if (r->rec.cap > 4 * S_CHUNK) sl_buf_free(&r->rec); /* don't keep a huge record's buffer */
    for (;;) {
        if (!r->active) {
            if (r->next >= r->nfiles) return SL_END;
            sl_status st = S_open_next(r);
            if (st != SL_OK) return st;
        }
        if (r->cur != SL_FORMAT_JSONL) return S_next_whole(r, in);
        sl_status st = S_next_jsonl(r, in);
        if (st != SL_END) return st;
    }
}
