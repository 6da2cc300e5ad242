/*
 * html.c — the HTML input adapter: one news page in, its article out (title, date, authors,
 * site, canonical URL, language, and the body as paragraphs separated by blank lines).
 *
 * Where it sits: pipeline.c calls sl_html_extract() when the input is HTML; the body then
 * goes through the text stages (clean, normalize, ...) like any plain-text article.
 *
 * How the body is found (our own design, tuned on the development half of the article
 * extraction benchmark; docs/HTML.md has the measurements):
 *   1. bytes -> UTF-8 (html_charset.c: gzip, BOM, declared charset checked against the bytes)
 *   2. a lexical pre-pass drops script/style bodies and comments and bounds the nesting
 *   3. gumbo parses into a DOM (allocations go to one arena, freed at once)
 *   4. one iterative walk flattens the DOM into text *blocks* (the inline text between two
 *      block-level boundaries) and a pre-order array of block-level *nodes*; subtrees that
 *      never hold article text (nav, aside, form controls, hidden elements, ...) are
 *      skipped; class/id words (resources/html-boilerplate.txt) mark nodes as furniture,
 *      content or article body; metadata (<meta>, JSON-LD, <link>, <time>, <html lang>)
 *      is collected on the way
 *   5. each block is judged on its own: long, sentence-like, few links -> good; mostly
 *      links -> bad; short -> neutral. Pre-order numbering makes every subtree a contiguous
 *      range of nodes and blocks, so one backward pass sums good/bad/neutral text per node;
 *      a node marked as furniture turns its text into bad text for its ancestors
 *   6. the article is the node with the best good - 0.5 bad - 0.3 neutral balance, unless
 *      the site marks a node as the article body; its blocks are emitted minus link lists,
 *      boilerplate phrases and blocks inside furniture below it
 * Every loop is linear in the page; nesting is walked with a heap stack, not recursion.
 */
#include <ctype.h>
#include <gumbo.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "ingest/html_int.h"

/* ---- arena allocator for gumbo: thousands of small allocations, one free -------------- */

typedef struct S_gblock {
    struct S_gblock *next;
    size_t used, cap;
    max_align_t data[];
} S_gblock;

typedef struct S_garena {
    S_gblock *head;
} S_garena;

static void *S_galloc(void *ud, size_t n)
{
    S_garena *a = ud;
    n = (n + 15) & ~(size_t)15;
    S_gblock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > (1u << 20) ? n : (1u << 20);
        b = malloc(sizeof(S_gblock) + cap);
        if (!b) return NULL; /* gumbo cannot recover from this; input size is bounded */
        b->used = 0;
        b->cap = cap;
        if (a->head && n > (1u << 19)) {
            /* a big block goes behind the current one so its free space is not lost */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static void S_gfree(void *ud, void *p) { (void)ud; (void)p; }

static void S_garena_release(S_garena *a)
{
    for (S_gblock *b = a->head, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    a->head = NULL;
}

/* ---- boilerplate class/id rules (resources/html-boilerplate.txt) -------------------- */

/* Rule kinds, from the first character of a line in the resource. */
enum { R_SKIP = '!', R_NEG = '-', R_POS = '+', R_BODY = '*', R_PHRASE = '=' };
/* Which rule kinds match a class/id text: bit per kind. */
enum { M_SKIP = 1, M_NEG = 2, M_POS = 4, M_BODY = 8 };

#define S_MAX_RULES 512u

typedef struct S_rule {
    const char *w;   /* the word, pointing into the resource text */
    uint8_t len;
    uint8_t bit;     /* M_* */
    bool anchored;   /* '^': starts a token (tokens split on space, '-', '_') */
    bool whole;      /* '$': ends a token */
} S_rule;

/* The rules, parsed once per page from the resource and bucketed by first letter so an
 * element's class string is matched in one pass (pages have thousands of classes). */
typedef struct S_rules {
    const char *data; /* the resource text */
    size_t len;
    S_rule rule[S_MAX_RULES];
    uint16_t first[257]; /* rules with first byte c are rule[first[c] .. first[c+1]) */
} S_rules;

static int S_rule_cmp(const void *a, const void *b)
{
    const S_rule *x = a, *y = b;
    return (int)(unsigned char)x->w[0] - (int)(unsigned char)y->w[0];
}

static void S_rules_init(S_rules *r, const char *data, size_t len)
{
    r->data = data;
    r->len = len;
    size_t n = 0;
    const char *p = data, *end = data + len;
    while (p < end && n < S_MAX_RULES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (le - p >= 3 && p[1] == ' ') {
            uint8_t bit = p[0] == R_SKIP ? M_SKIP : p[0] == R_NEG ? M_NEG : p[0] == R_POS ? M_POS
                        : p[0] == R_BODY ? M_BODY : 0;
            const char *w = p + 2;
            size_t wl = (size_t)(le - w);
            while (wl && (w[wl - 1] == ' ' || w[wl - 1] == '\r')) wl--;
            S_rule ru = {.bit = bit};
            if (wl && w[0] == '^') { ru.anchored = true; w++; wl--; }
            if (wl && w[wl - 1] == '$') { ru.whole = true; wl--; }
            if (bit && wl && wl < 256) {
                ru.w = w;
                ru.len = (uint8_t)wl;
                r->rule[n++] = ru;
            }
        }
        p = le + 1;
    }
    qsort(r->rule, n, sizeof r->rule[0], S_rule_cmp);
    size_t k = 0;
    for (unsigned c = 0; c < 256; c++) {
        r->first[c] = (uint16_t)k;
        while (k < n && (unsigned char)r->rule[k].w[0] == c) k++;
    }
    r->first[256] = (uint16_t)n;
}

static bool S_sep(char c) { return c == ' ' || c == '-' || c == '_'; }

/* Which rule kinds occur in the lowercased "class id role" string s. */
static unsigned S_rules_match(const S_rules *r, const char *s, size_t n)
{
    unsigned m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool start = i == 0 || S_sep(s[i - 1]);
        for (unsigned k = r->first[c]; k < r->first[c + 1]; k++) {
            const S_rule *ru = &r->rule[k];
            if ((m & ru->bit) || (ru->anchored && !start) || ru->len > n - i) continue;
            if (memcmp(s + i, ru->w, ru->len) != 0) continue;
            if (ru->whole && i + ru->len < n && !S_sep(s[i + ru->len])) continue;
            m |= ru->bit;
        }
    }
    return m;
}

/* Is the whole block text one of the boilerplate phrases ("Advertisement", ...)? */
static bool S_rules_phrase(const S_rules *r, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '.')) n--;
    if (n == 0 || n > 80) return false;
    const char *p = r->data, *end = r->data + r->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (le - p >= 3 && p[0] == R_PHRASE && p[1] == ' ') {
            size_t wl = (size_t)(le - p - 2);
            while (wl && p[2 + wl - 1] == '\r') wl--;
            if (wl == n && sl_ieq(p + 2, s, n)) return true;
        }
        p = le + 1;
    }
    return false;
}

/* ---- the flattened page --------------------------------------------------------------- */

enum { N_NEG = 1, N_POS = 2, N_ARTICLE = 4, N_BODY = 8, N_MAIN = 16, N_STRONG = 32 };

typedef struct S_node {
    int32_t parent;       /* index of the nearest scored ancestor, -1 at the top */
    uint32_t end;         /* one past the last node of its subtree (pre-order) */
    uint32_t bfirst, bend; /* its blocks, contiguous because blocks are in document order */
    uint16_t tag;         /* GumboTag */
    uint8_t flags;        /* N_* */
    float good, bad, neutral; /* characters of text in its subtree, by verdict */
} S_node;

enum { K_TEXT = 0, K_HEADING, K_LI, K_PRE, K_QUOTE, K_CELL };

typedef struct S_block {
    uint32_t off, len;      /* bytes in S_page.text */
    uint32_t chars;         /* non-space code points */
    uint32_t linkchars;     /* of which inside <a> */
    uint32_t words;
    uint32_t stops;         /* sentence punctuation marks */
    int32_t owner;          /* node whose direct text it is */
    int32_t neg;            /* nearest boilerplate ancestor node, -1 if none */
    uint8_t kind;           /* K_* */
} S_block;

typedef struct S_meta {
    char *title, *og_title, *ld_headline, *published, *ld_published, *authors_meta, *site,
        *ld_site, *canonical, *og_url, *lang, *og_locale, *time_dt, *h1, *ld_body;
    SL_VEC(char *) ld_authors;
} S_meta;

typedef struct S_page {
    S_rules rules;
    sl_buf text;
    SL_VEC(S_node) nodes;
    SL_VEC(S_block) blocks;
    /* the block being collected */
    size_t cur_off;
    uint32_t cur_chars, cur_link, cur_words, cur_stops;
    bool space, newline, in_word;
    int link_depth, pre_depth;
    bool oom;
    S_meta meta;
} S_page;

/* Stack frame of the DOM walk. */
typedef struct S_frame {
    GumboNode *n;
    uint32_t child;
    int32_t node;     /* node created for it, -1 if none */
    int32_t owner;    /* owner in force before it */
    int32_t neg;      /* nearest neg node before it */
    uint8_t link, pre, block;
} S_frame;

static bool S_is_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
        return true;
    default:
        return false;
    }
}

/* Subtrees that never hold article text. */
static bool S_is_skipped(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
        return true;
    default:
        return false;
    }
}

static uint8_t S_kind(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: return K_HEADING;
    case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: return K_LI;
    case GUMBO_TAG_PRE: return K_PRE;
    case GUMBO_TAG_BLOCKQUOTE: return K_QUOTE;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: return K_CELL;
    default: return K_TEXT;
    }
}

static const char *S_attr(const GumboElement *e, const char *name)
{
    GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
    return a ? a->value : NULL;
}

static bool S_hidden(const GumboElement *e)
{
    if (gumbo_get_attribute(&e->attributes, "hidden")) return true;
    const char *v = S_attr(e, "aria-hidden");
    if (v && strcmp(v, "true") == 0) return true;
    const char *st = S_attr(e, "style");
    if (st) {
        char tmp[256];
        size_t k = 0;
        for (const char *p = st; *p && k + 1 < sizeof tmp; p++)
            if (*p != ' ') tmp[k++] = (char)tolower((unsigned char)*p);
        tmp[k] = 0;
        if (strstr(tmp, "display:none") || strstr(tmp, "visibility:hidden")) return true;
    }
    return false;
}

/* Lowercased "class id itemprop" of an element into buf; its length. */
static size_t S_class_id(const GumboElement *e, char *buf, size_t cap)
{
    size_t k = 0;
    const char *parts[3] = {S_attr(e, "class"), S_attr(e, "id"), S_attr(e, "role")};
    for (int i = 0; i < 3; i++) {
        const char *p = parts[i];
        if (!p) continue;
        while (*p && k + 2 < cap) {
            while (*p == ' ' || *p == '\t' || *p == '\n') p++;
            const char *q = p;
            while (*q && *q != ' ' && *q != '\t' && *q != '\n') q++;
            /* WordPress-style taxonomy classes name topics, not page parts
             * ("category-native-advertising", "tag-social-media") */
            bool taxonomy = i == 0 && ((q - p > 9 && sl_ieq(p, "category-", 9)) || (q - p > 4 && sl_ieq(p, "tag-", 4)));
            if (!taxonomy && q > p) {
                for (const char *b0 = p; p < q && k + 3 < cap; p++) {
                    /* camelCase humps start tokens too: "newsCaption" -> "news-caption" */
                    if (p > b0 && isupper((unsigned char)*p) && islower((unsigned char)p[-1])) buf[k++] = '-';
                    buf[k++] = (char)tolower((unsigned char)*p);
                }
                buf[k++] = ' ';
            }
            p = q;
        }
    }
    buf[k] = 0;
    return k;
}

/* ---- block collection ------------------------------------------------------------------ */

static void S_flush(S_page *pg, int32_t owner, int32_t neg, uint8_t kind)
{
    if (pg->cur_chars > 0 && !pg->oom) {
        S_block b = {.off = (uint32_t)pg->cur_off, .len = (uint32_t)(pg->text.len - pg->cur_off),
                     .chars = pg->cur_chars, .linkchars = pg->cur_link, .words = pg->cur_words,
                     .stops = pg->cur_stops, .owner = owner, .neg = neg, .kind = kind};
        if (!sl_vec_push(&pg->blocks, b)) pg->oom = true;
    } else {
        pg->text.len = pg->cur_off;
        if (pg->text.data) pg->text.data[pg->text.len] = 0;
    }
    pg->cur_off = pg->text.len;
    pg->cur_chars = pg->cur_link = pg->cur_words = pg->cur_stops = 0;
    pg->space = pg->newline = pg->in_word = false;
}

static void S_add_text(S_page *pg, const char *s, size_t n)
{
    bool pre = pg->pre_depth > 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (pre && c == '\n') pg->newline = true;
            else pg->space = true;
            pg->in_word = false;
            i++;
            continue;
        }
        int32_t cp = c;
        int l = 1;
        if (c >= 0x80) l = sl_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xA0 || cp == 0x200B || cp == 0xFEFF || cp == 0x2009 || cp == 0x202F) {
            /* no-break and zero-width spaces separate like spaces in rendered text */
            if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F) pg->space = true;
            pg->in_word = cp == 0x200B || cp == 0xFEFF ? pg->in_word : false;
            i += (size_t)l;
            continue;
        }
        if (pg->text.len > pg->cur_off) {
            if (pg->newline) sl_buf_putc(&pg->text, '\n');
            else if (pg->space) sl_buf_putc(&pg->text, ' ');
        }
        pg->space = pg->newline = false;
        sl_buf_append(&pg->text, s + i, (size_t)l);
        pg->cur_chars++;
        if (pg->link_depth > 0) pg->cur_link++;
        bool alnum = cp >= 0x80 || isalnum(c);
        if (alnum && !pg->in_word) pg->cur_words++;
        pg->in_word = alnum;
        if (c == '.' || c == '!' || c == '?') pg->cur_stops++;
        i += (size_t)l;
    }
    if (pg->text.oom) pg->oom = true;
}

/* ---- metadata -------------------------------------------------------------------------- */

/* Copies a metadata value with whitespace collapsed; NULL when empty. */
static char *S_meta_dup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    if (n > SL_HTML_MAX_META) n = SL_HTML_MAX_META;
    while (n && (s[n - 1] & 0xC0) == 0x80 && n == SL_HTML_MAX_META) n--; /* no cut code point */
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { sp = k > 0; continue; }
        if (sp) o[k++] = ' ';
        sp = false;
        o[k++] = c;
    }
    o[k] = 0;
    if (!k) { free(o); return NULL; }
    return o;
}

static void S_set(char **slot, const char *v)
{
    if (*slot || !v) return;
    *slot = S_meta_dup(v);
}

static void S_on_meta(S_page *pg, const GumboElement *e)
{
    const char *content = S_attr(e, "content");
    if (!content) return;
    const char *key = S_attr(e, "property");
    if (!key) key = S_attr(e, "name");
    if (!key) key = S_attr(e, "itemprop");
    if (!key) {
        const char *he = S_attr(e, "http-equiv");
        if (he && strcasecmp(he, "content-language") == 0) S_set(&pg->meta.lang, content);
        return;
    }
    S_meta *m = &pg->meta;
    if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title")) S_set(&m->og_title, content);
    else if (!strcasecmp(key, "og:site_name") || !strcasecmp(key, "application-name")) S_set(&m->site, content);
    else if (!strcasecmp(key, "og:url")) S_set(&m->og_url, content);
    else if (!strcasecmp(key, "og:locale")) S_set(&m->og_locale, content);
    else if (!strcasecmp(key, "article:published_time") || !strcasecmp(key, "datePublished") ||
             !strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
             !strcasecmp(key, "publish-date") || !strcasecmp(key, "date") ||
             !strcasecmp(key, "dc.date") || !strcasecmp(key, "dc.date.issued") ||
             !strcasecmp(key, "dcterms.created") || !strcasecmp(key, "sailthru.date") ||
             !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "article.published") ||
             !strcasecmp(key, "og:published_time") || !strcasecmp(key, "citation_publication_date"))
        S_set(&m->published, content);
    else if (!strcasecmp(key, "author") || !strcasecmp(key, "dc.creator") ||
             !strcasecmp(key, "sailthru.author") || !strcasecmp(key, "parsely-author") ||
             !strcasecmp(key, "byl") || !strcasecmp(key, "citation_author")) {
        if (strncmp(content, "http", 4) != 0) S_set(&m->authors_meta, content);
    }
}

static void S_on_link(S_page *pg, const GumboElement *e)
{
    const char *rel = S_attr(e, "rel"), *href = S_attr(e, "href");
    if (rel && href && strcasecmp(rel, "canonical") == 0) S_set(&pg->meta.canonical, href);
}

static bool S_type_is_article(json_t *t)
{
    static const char *types[] = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
                                  "AnalysisNewsArticle", "OpinionNewsArticle", "Report",
                                  "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
                                  "BackgroundNewsArticle", "ReviewNewsArticle", "WebPage"};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (S_type_is_article(v)) return true;
        return false;
    }
    const char *s = json_string_value(t);
    if (!s) return false;
    for (size_t i = 0; i < SL_ARRAY_LEN(types); i++)
        if (strcmp(s, types[i]) == 0) return true;
    return false;
}

static const char *S_json_name(json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) return json_string_value(json_object_get(v, "name"));
    return NULL;
}

static void S_jsonld_article(S_page *pg, json_t *o, int depth)
{
    if (!json_is_object(o) || depth > 8) return;
    json_t *graph = json_object_get(o, "@graph");
    if (json_is_array(graph)) {
        size_t i;
        json_t *v;
        json_array_foreach(graph, i, v) S_jsonld_article(pg, v, depth + 1);
    }
    json_t *type = json_object_get(o, "@type");
    if (!S_type_is_article(type)) return;
    bool webpage = json_is_string(type) && strcmp(json_string_value(type), "WebPage") == 0;
    S_meta *m = &pg->meta;
    if (!webpage) S_set(&m->ld_headline, json_string_value(json_object_get(o, "headline")));
    S_set(&m->ld_published, json_string_value(json_object_get(o, "datePublished")));
    if (webpage) return;
    S_set(&m->ld_body, json_string_value(json_object_get(o, "articleBody")));
    json_t *pub = json_object_get(o, "publisher");
    S_set(&m->ld_site, S_json_name(pub));
    json_t *au = json_object_get(o, "author");
    if (!au) au = json_object_get(o, "creator");
    if (m->ld_authors.n == 0 && au) {
        if (json_is_array(au)) {
            size_t i;
            json_t *v;
            json_array_foreach(au, i, v) {
                char *s = S_meta_dup(S_json_name(v));
                if (s && !sl_vec_push(&m->ld_authors, s)) free(s);
                if (m->ld_authors.n >= 32) break;
            }
        } else {
            char *s = S_meta_dup(S_json_name(au));
            if (s && !sl_vec_push(&m->ld_authors, s)) free(s);
        }
    }
    if (!m->canonical) {
        const char *u = json_string_value(json_object_get(o, "url"));
        if (u && strncmp(u, "http", 4) == 0) S_set(&m->og_url, u);
    }
}

static void S_on_jsonld(S_page *pg, const GumboElement *e)
{
    const char *type = S_attr(e, "type");
    if (!type || strcasecmp(type, "application/ld+json") != 0 || e->children.length == 0) return;
    GumboNode *t = e->children.data[0];
    if (t->type != GUMBO_NODE_TEXT) return;
    const char *s = t->v.text.text;
    size_t n = strlen(s);
    if (n > SL_HTML_MAX_JSONLD) return;
    json_error_t jerr;
    json_t *root = json_loadb(s, n, JSON_DECODE_ANY, &jerr);
    if (!root) return;
    if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v) S_jsonld_article(pg, v, 0);
    } else {
        S_jsonld_article(pg, root, 0);
    }
    json_decref(root);
}

/* Plain text of an element (for <title>, <h1>), capped. */
static char *S_text_of(const GumboNode *n)
{
    sl_buf b;
    sl_buf_init(&b);
    /* <title> holds one text node; for <h1> walk one level of inline children */
    if (n->type == GUMBO_NODE_ELEMENT) {
        const GumboVector *ch = &n->v.element.children;
        for (unsigned i = 0; i < ch->length && b.len < SL_HTML_MAX_META; i++) {
            const GumboNode *c = ch->data[i];
            if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) sl_buf_puts(&b, c->v.text.text);
            else if (c->type == GUMBO_NODE_ELEMENT)
                for (unsigned j = 0; j < c->v.element.children.length; j++) {
                    const GumboNode *g = c->v.element.children.data[j];
                    if (g->type == GUMBO_NODE_TEXT) sl_buf_puts(&b, g->v.text.text);
                }
        }
    }
    char *r = S_meta_dup(b.data);
    sl_buf_free(&b);
    return r;
}

/* ---- the walk --------------------------------------------------------------------------- */

static sl_status S_walk(S_page *pg, GumboNode *root)
{
    SL_VEC(S_frame) st = {0};
    int32_t owner = -1, neg = -1;
    uint8_t owner_kind = K_TEXT;
    S_frame f0 = {.n = root, .child = 0, .node = -1, .owner = -1, .neg = -1};
    if (!sl_vec_push(&st, f0)) return SL_ENOMEM;
    while (st.n && !pg->oom) {
        S_frame *f = &st.v[st.n - 1];
        GumboNode *n = f->n;
        const GumboVector *ch = &n->v.element.children;
        if (f->child >= ch->length) {
            /* leaving */
            if (f->block) S_flush(pg, owner, neg, owner_kind);
            if (f->node >= 0) {
                pg->nodes.v[f->node].end = (uint32_t)pg->nodes.n;
                pg->nodes.v[f->node].bend = (uint32_t)pg->blocks.n;
            }
            if (f->link) pg->link_depth--;
            if (f->pre) pg->pre_depth--;
            owner = f->owner;
            neg = f->neg;
            owner_kind = owner >= 0 ? S_kind((GumboTag)pg->nodes.v[owner].tag) : K_TEXT;
            st.n--;
            continue;
        }
        GumboNode *c = ch->data[f->child++];
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) {
            S_add_text(pg, c->v.text.text, strlen(c->v.text.text));
            continue;
        }
        if (c->type == GUMBO_NODE_WHITESPACE) {
            if (pg->pre_depth) S_add_text(pg, c->v.text.text, strlen(c->v.text.text));
            else pg->space = true;
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT && c->type != GUMBO_NODE_TEMPLATE) continue;
        GumboElement *e = &c->v.element;
        GumboTag t = e->tag;
        /* metadata on the way */
        if (t == GUMBO_TAG_META) { S_on_meta(pg, e); continue; }
        if (t == GUMBO_TAG_LINK) { S_on_link(pg, e); continue; }
        if (t == GUMBO_TAG_SCRIPT) { S_on_jsonld(pg, e); continue; }
        if (t == GUMBO_TAG_TITLE) { if (!pg->meta.title) pg->meta.title = S_text_of(c); continue; }
        if (t == GUMBO_TAG_TIME && !pg->meta.time_dt) S_set(&pg->meta.time_dt, S_attr(e, "datetime"));
        if (t == GUMBO_TAG_H1 && !pg->meta.h1) pg->meta.h1 = S_text_of(c);
        if (t == GUMBO_TAG_BR) {
            if (pg->text.len > pg->cur_off) pg->newline = true;
            pg->in_word = false;
            continue;
        }
        if (t == GUMBO_TAG_HEAD) {
            /* walk the head for metadata only */
            for (unsigned i = 0; i < e->children.length; i++) {
                GumboNode *h = e->children.data[i];
                if (h->type != GUMBO_NODE_ELEMENT) continue;
                GumboTag ht = h->v.element.tag;
                if (ht == GUMBO_TAG_META) S_on_meta(pg, &h->v.element);
                else if (ht == GUMBO_TAG_LINK) S_on_link(pg, &h->v.element);
                else if (ht == GUMBO_TAG_SCRIPT) S_on_jsonld(pg, &h->v.element);
                else if (ht == GUMBO_TAG_TITLE && !pg->meta.title) pg->meta.title = S_text_of(h);
            }
            continue;
        }
        if (S_is_skipped(t) || S_hidden(e)) {
            /* a skipped subtree still separates words */
            pg->space = true;
            pg->in_word = false;
            continue;
        }
        bool exempt = t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY || t == GUMBO_TAG_MAIN ||
                      t == GUMBO_TAG_ARTICLE;
        char cls[512];
        size_t cl = S_class_id(e, cls, sizeof cls);
        const char *ip = S_attr(e, "itemprop");
        bool bodyprop = ip && strstr(ip, "articleBody");
        unsigned m = cl ? S_rules_match(&pg->rules, cls, cl) : 0;
        /* '!' words mark furniture even beside a content word ("article-comments"); '-'
         * words only when no content word is there ("content-with-sidebar" is content).
         * Nothing is dropped here: a wrapper of the whole page can carry such a class, and
         * the scoring keeps the article node below it. */
        bool negc = !exempt && !bodyprop && !(m & M_BODY) &&
                    ((m & M_SKIP) || ((m & M_NEG) && !(m & M_POS)));
        /* inline furniture inside a sentence (a hover card, a share count) with a strong
         * word is dropped without breaking the paragraph; with a weak word ("credit",
         * "caption") it becomes a block of its own, left out when the article is emitted */
        if (negc && !S_is_block(t) && (m & M_SKIP)) continue;
        bool block = S_is_block(t) || negc;
        S_frame nf = {.n = c, .child = 0, .node = -1, .owner = owner, .neg = neg, .block = block};
        if (block) {
            S_flush(pg, owner, neg, owner_kind);
            if (st.n < SL_HTML_MAX_DEPTH && pg->nodes.n < SL_HTML_MAX_NODES) {
                int32_t parent = owner;
                S_node nd = {.parent = parent, .end = 0, .bfirst = (uint32_t)pg->blocks.n,
                             .tag = (uint16_t)t};
                if (negc) nd.flags |= N_NEG | ((m & M_SKIP) ? N_STRONG : 0);
                if (m & M_POS) nd.flags |= N_POS;
                if (t == GUMBO_TAG_ARTICLE) nd.flags |= N_ARTICLE;
                if (bodyprop || (m & M_BODY)) nd.flags |= N_BODY;
                if (t == GUMBO_TAG_MAIN) nd.flags |= N_MAIN;
                if (!sl_vec_push(&pg->nodes, nd)) { pg->oom = true; break; }
                nf.node = (int32_t)(pg->nodes.n - 1);
                owner = nf.node;
                owner_kind = S_kind(t);
                if (negc) neg = nf.node;
            }
            /* else: past SL_HTML_MAX_DEPTH / _NODES the element's text joins its ancestor's */
        }
        if (t == GUMBO_TAG_A) { nf.link = 1; pg->link_depth++; }
        if (t == GUMBO_TAG_PRE) { nf.pre = 1; pg->pre_depth++; }
        if (!sl_vec_push(&st, nf)) { pg->oom = true; break; }
    }
    S_flush(pg, owner, neg, owner_kind);
    sl_vec_free(&st);
    return pg->oom ? SL_ENOMEM : SL_OK;
}

/* ---- scoring -------------------------------------------------------------------------- */

static float S_link_density(const S_block *b)
{
    return b->chars ? (float)b->linkchars / (float)b->chars : 0.f;
}

/* Verdict on one block by itself: 1 good, -1 bad, 0 neutral. */
static int S_verdict(const S_block *b)
{
    float ld = S_link_density(b);
    uint32_t own = b->chars - b->linkchars;
    /* prose with inline links (news digests) keeps sentences around its links */
    bool prose = b->stops > 0 && b->words >= 15;
    if (ld > (prose ? 0.65f : 0.5f)) return -1;
    if (b->kind == K_HEADING) return 0;
    if ((own >= 80 && ld < 0.35f) || (prose && ld <= 0.5f) || (own >= 40 && b->stops > 0 && b->words >= 8 && ld < 0.35f))
        return 1;
    return 0;
}

/* Consecutive link-heavy blocks that make a link list. */
#define S_LINK_RUN 3

/* Markup that reached us as text (e.g. <noscript> content of tracking pixels). */
static bool S_is_markup(const char *s, size_t n)
{
    return n >= 4 && s[0] == '<' && (isalpha((unsigned char)s[1]) || s[1] == '/') && memchr(s, '>', n);
}

static int32_t S_choose(S_page *pg)
{
    S_node *nd = pg->nodes.v;
    size_t nn = pg->nodes.n;
    for (size_t i = 0; i < pg->blocks.n; i++) {
        const S_block *b = &pg->blocks.v[i];
        if (b->owner < 0) continue;
        int v = S_verdict(b);
        S_node *o = &nd[b->owner];
        if (v > 0) o->good += (float)(b->chars - b->linkchars);
        else if (v < 0) o->bad += (float)b->chars;
        else o->neutral += (float)b->chars;
    }
    /* children come after their parent in pre-order: one backward pass sums subtrees */
    for (size_t i = nn; i-- > 0;) {
        S_node *x = &nd[i];
        /* a weak boilerplate word on a node that is mostly good text is a misnamed
         * wrapper ("widget-area" around the article), not furniture */
        if ((x->flags & N_NEG) && !(x->flags & N_STRONG) && x->good >= 400 &&
            x->good > 2 * (x->bad + x->neutral))
            x->flags &= (uint8_t)~N_NEG;
        if (x->flags & N_NEG) {
            x->bad += x->good + x->neutral;
            x->good = x->neutral = 0;
        }
        if (x->parent >= 0) {
            nd[x->parent].good += x->good;
            nd[x->parent].bad += x->bad;
            nd[x->parent].neutral += x->neutral;
        }
    }
    /* A node the site itself marks as the article body (itemprop=articleBody, class
     * "article-body", ...) wins when it holds a real amount of text: sites use these marks
     * reliably, while pages with endless scrolling or big comment threads can hold more
     * good text elsewhere than in the article. */
    int32_t best = -1, bestbody = -1;
    float bests = 0, bodys = 0;
    for (size_t i = 0; i < nn; i++) {
        S_node *x = &nd[i];
        if (x->good <= 0) continue;
        float s = x->good - 0.5f * x->bad - 0.3f * x->neutral;
        if (x->flags & N_ARTICLE) s *= 1.08f;
        if ((x->flags & N_BODY) && x->good + x->neutral >= 300 && (bestbody < 0 || s > bodys)) {
            bestbody = (int32_t)i;
            bodys = s;
        }
        if (best < 0 || s > bests) { best = (int32_t)i; bests = s; }
    }
    if (bestbody >= 0) best = bestbody;
    /* No block reads like article prose (a short note, a page of one-line paragraphs):
     * fall back to the node with the most plain text over links, if it has any. */
    if (best < 0) {
        float fs = 0;
        for (size_t i = 0; i < nn; i++) {
            float s = nd[i].neutral - nd[i].bad;
            if (s > fs) { fs = s; best = (int32_t)i; }
        }
    }
    return best;
}

static bool S_same_text(const char *a, size_t an, const char *b)
{
    if (!b) return false;
    size_t bn = strlen(b);
    return an == bn && memcmp(a, b, an) == 0;
}

/* Is a boilerplate node (as judged after scoring) between the block's owner and the
 * article node? Parent chains are at most SL_HTML_MAX_DEPTH long. */
static bool S_under_neg(const S_page *pg, int32_t owner, int32_t best)
{
    for (int32_t i = owner; i > best; i = pg->nodes.v[i].parent)
        if (pg->nodes.v[i].flags & N_NEG) return true;
    return false;
}

/* Inside the article, a lone link-only paragraph ("Get it on Amazon for $39", a source
 * URL) is part of the text; a run of them is a link list (related stories, tags). */
static bool S_in_link_run(const S_page *pg, uint32_t i, uint32_t lo, uint32_t hi)
{
    /* looks at most S_LINK_RUN blocks each way, so long link lists stay linear */
    uint32_t run = 1;
    for (uint32_t j = i; j > lo && run < S_LINK_RUN && S_verdict(&pg->blocks.v[j - 1]) < 0; j--) run++;
    for (uint32_t j = i + 1; j < hi && run < S_LINK_RUN && S_verdict(&pg->blocks.v[j]) < 0; j++) run++;
    return run >= S_LINK_RUN;
}

static bool S_has_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z') return true;
        if (c >= 0x80) return true; /* other scripts: no case to shout in, assume prose */
    }
    return false;
}

/* Should block i of the article node be part of the body? */
static bool S_keep(const S_page *pg, int32_t best, uint32_t i)
{
    const S_node *nd = &pg->nodes.v[best];
    const S_block *b = &pg->blocks.v[i];
    const char *s = pg->text.data + b->off;
    /* inside a boilerplate node below the article node */
    if (S_under_neg(pg, b->owner, best)) return false;
    if (S_is_markup(s, b->len)) return false;
    /* link-only: kept alone and worded in prose case, dropped in a list or shouting */
    if (S_verdict(b) < 0 && (b->words < 4 || !S_has_lower(s, b->len) ||
                             S_in_link_run(pg, i, nd->bfirst, nd->bend)))
        return false;
    if (S_rules_phrase(&pg->rules, s, b->len)) return false;
    if (b->kind == K_HEADING && (S_same_text(s, b->len, pg->meta.title) ||
                                 S_same_text(s, b->len, pg->meta.og_title) ||
                                 S_same_text(s, b->len, pg->meta.ld_headline) ||
                                 S_same_text(s, b->len, pg->meta.h1)))
        return false;
    return true;
}

static char *S_emit(S_page *pg, int32_t best)
{
    const S_node *nd = &pg->nodes.v[best];
    sl_buf out;
    sl_buf_init(&out);
    int64_t heading = -1; /* a heading waiting for text under it */
    for (uint32_t i = nd->bfirst; i < nd->bend; i++) {
        if (!S_keep(pg, best, i)) continue;
        const S_block *b = &pg->blocks.v[i];
        /* a heading goes out once something follows it: a heading with nothing after it
         * in the article titles a list that was dropped ("Related news") */
        if (heading >= 0) {
            const S_block *h = &pg->blocks.v[heading];
            if (out.len) sl_buf_append(&out, "\n\n", 2);
            sl_buf_append(&out, pg->text.data + h->off, h->len);
            heading = -1;
        }
        if (b->kind == K_HEADING) { heading = i; continue; }
        if (out.len) sl_buf_append(&out, "\n\n", 2);
        sl_buf_append(&out, pg->text.data + b->off, b->len);
    }
    if (out.oom) { sl_buf_free(&out); return NULL; }
    if (!out.len) { sl_buf_free(&out); return NULL; }
    return sl_buf_take(&out);
}

/* ---- dates ------------------------------------------------------------------------------ */

static int S_month(const char *s)
{
    static const char *m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                              "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (sl_ieq(s, m[i], 3)) return i + 1;
    return 0;
}

bool sl_html_iso_date(const char *s, char out[40])
{
    if (!s) return false;
    while (*s == ' ') s++;
    int y = 0, mo = 0, d = 0;
    const char *p = s;
    if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
        isdigit((unsigned char)p[3])) {
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        p += 4;
        char sep = *p;
        if (sep == '-' || sep == '/' || sep == '.') {
            p++;
            if (!isdigit((unsigned char)p[0])) return false;
            mo = p[0] - '0';
            p++;
            if (isdigit((unsigned char)*p)) mo = mo * 10 + (*p++ - '0');
            if (*p == sep && isdigit((unsigned char)p[1])) {
                p++;
                d = *p++ - '0';
                if (isdigit((unsigned char)*p)) d = d * 10 + (*p++ - '0');
            }
        } else if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[3])) {
            mo = (p[0] - '0') * 10 + (p[1] - '0');
            d = (p[2] - '0') * 10 + (p[3] - '0');
            p += 4;
        } else {
            return false;
        }
    } else {
        /* "November 19, 2019", "19 Nov 2019", "Tue, 19 Nov 2019 10:03:00 GMT" */
        const char *q = s;
        for (; *q && !y; q++) {
            if (isalpha((unsigned char)*q) && (q == s || !isalpha((unsigned char)q[-1]))) {
                int mm = S_month(q);
                if (mm && !mo) mo = mm;
            } else if (isdigit((unsigned char)*q) && (q == s || !isdigit((unsigned char)q[-1]))) {
                int v = atoi(q);
                if (v >= 1000) y = v;
                else if (!d && v >= 1 && v <= 31) d = v;
            }
        }
        if (!y || !mo) return false;
        p = "";
    }
    if (y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 0 || d > 31) return false;
    if (!d) {
        snprintf(out, 40, "%04d-%02d", y, mo);
        return true;
    }
    int k = snprintf(out, 40, "%04d-%02d-%02d", y, mo, d);
    /* keep a well-formed time part ("T10:03:00", zone) as given */
    if ((*p == 'T' || *p == ' ') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && p[3] == ':') {
        size_t j = 0;
        char tbuf[32];
        tbuf[j++] = 'T';
        for (const char *q = p + 1; *q && j < sizeof tbuf - 1; q++) {
            if (isdigit((unsigned char)*q) || *q == ':' || *q == '.' || *q == '+' || *q == '-' || *q == 'Z')
                tbuf[j++] = *q;
            else
                break;
        }
        tbuf[j] = 0;
        size_t room = 40 - (size_t)k - 1, tl = strlen(tbuf);
        if (tl > room) tl = room;
        memcpy(out + k, tbuf, tl);
        out[(size_t)k + tl] = 0;
    }
    return true;
}

/* ---- lexical pre-pass: drop script/style bodies, bound nesting ------------------------ */

/* Tags that do not nest in practice: void elements and those whose end tag is implied
 * by a sibling (<p>, <li>, <td>...). Counting the rest approximates the parser's depth. */
static bool S_flat_tag(const char *s, size_t n)
{
    static const char *flat[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                 "link", "meta", "param", "source", "track", "wbr", "p", "li",
                                 "option", "dt", "dd", "tr", "td", "th", "tbody", "thead",
                                 "tfoot", "optgroup", "rb", "rt", "rp", "colgroup", "html",
                                 "head", "body", "frame", "keygen", "basefont", "bgsound"};
    for (size_t i = 0; i < SL_ARRAY_LEN(flat); i++)
        if (strlen(flat[i]) == n && sl_ieq(s, flat[i], n)) return true;
    return false;
}

/* Longest attribute value kept by the pre-pass. */
#define S_MAX_ATTR 4096u

/* Copies the page without the bodies of <script> (except JSON-LD, which holds metadata),
 * <style> and comments, which are half of a typical news page and never article text;
 * the HTML parser then has far less to do. The copy also stops where the element nesting
 * passes SL_HTML_MAX_NESTING: the parser's scope checks cost time proportional to the
 * depth for every tag, so 100,000 nested elements would take minutes; no real article
 * lives that deep. *cut is set when that happened. */
static char *S_prepass(const char *s, size_t n, size_t *outlen, bool *cut)
{
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0, i = 0;
    long depth = 0;
    *cut = false;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t j = lt ? (size_t)(lt - s) : n;
        memcpy(o + k, s + i, j - i);
        k += j - i;
        i = j;
        if (i >= n) break;
        /* comment: dropped */
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = memmem(s + i + 4, n - i - 4, "-->", 3);
            i = e ? (size_t)(e - s) + 3 : n;
            continue;
        }
        bool end = i + 1 < n && s[i + 1] == '/';
        size_t nb = i + 1 + (end ? 1 : 0), ne = nb;
        while (ne < n && (isalnum((unsigned char)s[ne]) || s[ne] == '-' || s[ne] == ':')) ne++;
        if (ne == nb || !isalpha((unsigned char)s[nb])) { o[k++] = s[i++]; continue; }
        /* find the end of the tag, skipping quoted attribute values */
        size_t q = ne;
        char quote = 0;
        while (q < n && (quote || s[q] != '>')) {
            if (quote) { if (s[q] == quote) quote = 0; }
            else if (s[q] == '"' || s[q] == '\'') quote = s[q];
            q++;
        }
        if (q >= n) { memcpy(o + k, s + i, n - i); k += n - i; break; } /* truncated tag */
        q++; /* past '>' */
        size_t tl = ne - nb;
        bool selfclose = s[q - 2] == '/';
        if (q - i <= S_MAX_ATTR) {
            memcpy(o + k, s + i, q - i);
            k += q - i;
        } else {
            /* a huge attribute value (an inline data: image) is emptied: parsing it
             * byte by byte costs seconds and it never holds article text */
            char qt = 0;
            size_t vstart = 0;
            for (size_t x = i; x < q; x++) {
                char c = s[x];
                if (qt) {
                    if (c == qt) {
                        if (x - vstart <= S_MAX_ATTR) { memcpy(o + k, s + vstart, x - vstart); k += x - vstart; }
                        o[k++] = c;
                        qt = 0;
                    }
                    continue;
                }
                o[k++] = c;
                if (c == '"' || c == '\'') { qt = c; vstart = x + 1; }
            }
        }
        i = q;
        if (end) {
            if (!S_flat_tag(s + nb, tl) && depth > 0) depth--;
            continue;
        }
        bool script = tl == 6 && sl_ieq(s + nb, "script", 6);
        bool style = tl == 5 && sl_ieq(s + nb, "style", 5);
        bool raw = script || style || (tl == 8 && sl_ieq(s + nb, "textarea", 8)) ||
                   (tl == 5 && sl_ieq(s + nb, "title", 5));
        if (raw && !selfclose) {
            /* raw text up to the matching end tag */
            char endtag[12];
            int el = snprintf(endtag, sizeof endtag, "</%.*s", (int)tl, s + nb);
            size_t e = i;
            while (e < n) {
                const char *lt2 = memchr(s + e, '<', n - e);
                if (!lt2) { e = n; break; }
                e = (size_t)(lt2 - s);
                if (n - e >= (size_t)el && sl_ieq(s + e, endtag, (size_t)el)) break;
                e++;
            }
            bool keep = !(script || style);
            if (script) {
                /* keep JSON-LD: look for ld+json among the tag's attributes */
                const char *attrs = s + ne;
                size_t al = q - ne;
                keep = memmem(attrs, al, "ld+json", 7) != NULL;
            }
            if (keep) { memcpy(o + k, s + i, e - i); k += e - i; }
            i = e;
            continue;
        }
        if (!selfclose && !S_flat_tag(s + nb, tl) && ++depth > SL_HTML_MAX_NESTING) {
            *cut = true;
            break;
        }
    }
    o[k] = 0;
    *outlen = k;
    return o;
}

/* ---- public ------------------------------------------------------------------------------ */

bool sl_looks_like_html(const char *data, size_t len, const char *path)
{
    if (path) {
        size_t pl = strlen(path);
        static const char *ext[] = {".html", ".htm", ".html.gz", ".htm.gz", ".xhtml"};
        for (size_t i = 0; i < SL_ARRAY_LEN(ext); i++) {
            size_t el = strlen(ext[i]);
            if (pl >= el && sl_ieq(path + pl - el, ext[i], el)) return true;
        }
    }
    if (!data) return false;
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) return true;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    size_t lim = len < 1024 ? len : 1024;
    /* skip whitespace and comments / xml prolog before the first tag */
    for (; i < lim; i++) {
        if (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') continue;
        if (data[i] != '<') return false;
        const char *p = data + i + 1;
        size_t left = lim - i - 1;
        static const char *tags[] = {"!doctype html", "html", "head", "body", "meta", "title"};
        for (size_t k = 0; k < SL_ARRAY_LEN(tags); k++) {
            size_t tl = strlen(tags[k]);
            if (left > tl && sl_ieq(p, tags[k], tl) &&
                (p[tl] == '>' || p[tl] == ' ' || p[tl] == '\n' || p[tl] == '\r' || p[tl] == '\t'))
                return true;
        }
        if (left >= 3 && (memcmp(p, "!--", 3) == 0 || p[0] == '?')) {
            const char *e = memchr(p, '>', left);
            if (!e) return false;
            i = (size_t)(e - data);
            continue;
        }
        return false;
    }
    return false;
}

void sl_html_article_free(sl_html_article *a)
{
    if (!a) return;
    free(a->title);
    free(a->published);
    free(a->site);
    free(a->url);
    free(a->lang);
    free(a->body);
    for (size_t i = 0; i < a->nauthors; i++) free(a->authors[i]);
    free(a->authors);
    memset(a, 0, sizeof *a);
}

static void S_meta_free(S_meta *m)
{
    char **all[] = {&m->title, &m->og_title, &m->ld_headline, &m->published, &m->ld_published,
                    &m->authors_meta, &m->site, &m->ld_site, &m->canonical, &m->og_url,
                    &m->lang, &m->og_locale, &m->time_dt, &m->h1, &m->ld_body};
    for (size_t i = 0; i < SL_ARRAY_LEN(all); i++) { free(*all[i]); *all[i] = NULL; }
    for (size_t i = 0; i < m->ld_authors.n; i++) free(m->ld_authors.v[i]);
    sl_vec_free(&m->ld_authors);
}

static char *S_take(char **p)
{
    char *r = *p;
    *p = NULL;
    return r;
}

/* Fills the article's metadata from what the walk collected (best source first). */
static sl_status S_fill_meta(S_page *pg, sl_html_article *a)
{
    S_meta *m = &pg->meta;
    a->title = S_take(m->ld_headline ? &m->ld_headline : m->og_title ? &m->og_title
                      : m->h1 ? &m->h1 : &m->title);
    const char *dates[] = {m->ld_published, m->published, m->time_dt};
    for (size_t i = 0; i < SL_ARRAY_LEN(dates) && !a->published; i++) {
        char iso[40];
        if (sl_html_iso_date(dates[i], iso)) a->published = strdup(iso);
    }
    a->site = S_take(m->site ? &m->site : &m->ld_site);
    a->url = S_take(m->canonical ? &m->canonical : &m->og_url);
    if (m->lang) {
        a->lang = S_take(&m->lang);
    } else if (m->og_locale) {
        for (char *p = m->og_locale; *p; p++) if (*p == '_') *p = '-';
        a->lang = S_take(&m->og_locale);
    }
    if (m->ld_authors.n) {
        a->authors = calloc(m->ld_authors.n, sizeof(char *));
        if (!a->authors) return SL_ENOMEM;
        for (size_t i = 0; i < m->ld_authors.n; i++) a->authors[i] = m->ld_authors.v[i];
        a->nauthors = m->ld_authors.n;
        m->ld_authors.n = 0;
    } else if (m->authors_meta) {
        a->authors = calloc(1, sizeof(char *));
        if (!a->authors) return SL_ENOMEM;
        a->authors[0] = S_take(&m->authors_meta);
        a->nauthors = 1;
    }
    return SL_OK;
}

static void S_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen) snprintf(err, errlen, "%s", msg);
}

sl_status sl_html_extract(const char *html, size_t len, sl_html_article *out, char *err, size_t errlen)
{
    if (!out) return SL_EINVAL;
    memset(out, 0, sizeof *out);
    if (err && errlen) err[0] = 0;
    if (!html && len) return SL_EINVAL;
    if (len > SL_HTML_MAX_BYTES) {
        if (err) snprintf(err, errlen, "HTML page of %zu bytes exceeds the limit of %u", len, SL_HTML_MAX_BYTES);
        return SL_ELIMIT;
    }
    char *unz = NULL;
    size_t unzlen = 0;
    if (len >= 2 && (unsigned char)html[0] == 0x1f && (unsigned char)html[1] == 0x8b) {
        sl_status st = sl_html_gunzip(html, len, SL_HTML_MAX_BYTES, &unz, &unzlen);
        if (st == SL_ELIMIT) {
            if (err) snprintf(err, errlen, "gzip page inflates past the limit of %u bytes", SL_HTML_MAX_BYTES);
            return st;
        }
        if (st != SL_OK) { S_err(err, errlen, "gzip data is corrupt"); return st; }
        html = unz;
        len = unzlen;
    }
    /* Binary data named .html: NUL bytes or many control characters early on. */
    size_t probe = len < 4096 ? len : 4096, ctl = 0;
    for (size_t i = 0; i < probe; i++) {
        unsigned char c = (unsigned char)html[i];
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) ctl++;
    }
    if (ctl > 8 && ctl * 20 > probe) {
        free(unz);
        S_err(err, errlen, "not HTML: the page holds binary data");
        return SL_EPARSE;
    }
    char *u8 = NULL;
    size_t u8len = 0;
    sl_status st = sl_html_to_utf8(html, len, &u8, &u8len);
    free(unz);
    if (st != SL_OK) { S_err(err, errlen, "out of memory converting the page to UTF-8"); return st; }
    bool cut = false;
    size_t plen = 0;
    char *pre = S_prepass(u8, u8len, &plen, &cut);
    free(u8);
    if (!pre) { S_err(err, errlen, "out of memory reading the page"); return SL_ENOMEM; }
    u8 = pre;
    u8len = plen;
    if (u8len > SL_HTML_MAX_MARKUP) {
        if (err)
            snprintf(err, errlen, "page has %zu bytes of markup besides scripts and styles, more than the limit of %u",
                     u8len, SL_HTML_MAX_MARKUP);
        free(u8);
        return SL_ELIMIT;
    }

    S_garena ga = {0};
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = S_galloc;
    opt.deallocator = S_gfree;
    opt.userdata = &ga;
    opt.max_errors = 0; /* we never read parse errors; do not store them */
    GumboOutput *g = gumbo_parse_with_options(&opt, u8, u8len);
    if (!g) {
        S_garena_release(&ga);
        free(u8);
        S_err(err, errlen, "the HTML parser failed");
        return SL_EPARSE;
    }
    S_page pg; /* ~13 KB, most of it the rule table */
    memset(&pg, 0, sizeof pg);
    size_t rlen = 0;
    const char *rdata = sl_resource("html-boilerplate.txt", &rlen);
    S_rules_init(&pg.rules, rdata ? rdata : "", rdata ? rlen : 0);
    sl_buf_init(&pg.text);
    if (g->root->type == GUMBO_NODE_ELEMENT) {
        const char *lang = S_attr(&g->root->v.element, "lang");
        if (lang && *lang) pg.meta.lang = S_meta_dup(lang);
        st = S_walk(&pg, g->root);
    }
    S_garena_release(&ga); /* the DOM is no longer needed: blocks hold copies */
    free(u8);
    int32_t best = -1;
    if (st == SL_OK && pg.blocks.n) best = S_choose(&pg);
    if (st == SL_OK && best >= 0) {
        out->body = S_emit(&pg, best);
        if (!out->body && pg.text.oom) st = SL_ENOMEM;
    }
    if (st == SL_OK) st = S_fill_meta(&pg, out);
    if (st == SL_OK && !out->body) {
        st = SL_EEMPTY;
        if (cut && err)
            snprintf(err, errlen, "no article text found before elements nest deeper than %u", SL_HTML_MAX_NESTING);
        else
            S_err(err, errlen, "no article text found in the page");
    } else if (st == SL_OK && strlen(out->body) > SL_MAX_ARTICLE_BYTES) {
        st = SL_ELIMIT;
        if (err) snprintf(err, errlen, "article text exceeds the limit of %u bytes", SL_MAX_ARTICLE_BYTES);
    } else if (st == SL_ENOMEM) {
        S_err(err, errlen, "out of memory extracting the article");
    }
    S_meta_free(&pg.meta);
    sl_buf_free(&pg.text);
    sl_vec_free(&pg.nodes);
    sl_vec_free(&pg.blocks);
    if (st != SL_OK) sl_html_article_free(out);
    return st;
}
