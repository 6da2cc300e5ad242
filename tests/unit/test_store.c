/* test_store.c — the SQLite store: schema and migrations, article rows with their
 * annotations, corpus-level entity merging, savepoint rollback, story bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "store/store.h"

static char S_path[64];

static int S_setup(void **state)
{
    snprintf(S_path, sizeof S_path, "/tmp/sl-test-store-%d.db", (int)getpid());
    unlink(S_path);
    return 0;
}

static int S_teardown(void **state)
{
    char p[80];
    unlink(S_path);
    snprintf(p, sizeof p, "%s-wal", S_path); unlink(p);
    snprintf(p, sizeof p, "%s-shm", S_path); unlink(p);
    return 0;
}

/* A hand-made document: text, one sentence per line, entities given as (name, type, span). */
static sl_doc *S_doc(const char *id, const char *text)
{
    sl_doc *d = sl_doc_new_empty();
    snprintf(d->id, sizeof d->id, "%s", id);
    d->text = sl_arena_strdup(&d->arena, text);
    d->text_len = strlen(text);
    d->title = sl_arena_strdup(&d->arena, "A title");
    d->published = sl_arena_strdup(&d->arena, "2017-11-09");
    d->content_hash = sl_hash64(text, d->text_len, 0);
    uint32_t start = 0;
    for (uint32_t i = 0; i <= d->text_len; i++) {
        if (i == d->text_len || text[i] == '\n') {
            if (i > start) {
                sl_sentence s = {{start, i}, 0, 0, 0};
                sl_vec_push(&d->sentences, s);
            }
            start = i + 1;
        }
    }
    sl_term t = {42, 1.5f};
    sl_vec_push(&d->terms, t);
    return d;
}

static void S_entity(sl_doc *d, const char *name, sl_ent_type type, const char *surface)
{
    const char *p = strstr(d->text, surface);
    assert_non_null(p);
    sl_entity e = {0};
    e.name = sl_arena_strdup(&d->arena, name);
    e.type = (uint8_t)type;
    e.aliases = sl_arena_alloc(&d->arena, 2 * sizeof(char *));
    e.aliases[0] = e.name;
    e.aliases[1] = sl_arena_strdup(&d->arena, surface);
    e.naliases = strcmp(name, surface) ? 2 : 1;
    e.mentions = 1;
    sl_vec_push(&d->entities, e);
    sl_mention m = {{(uint32_t)(p - d->text), (uint32_t)(p - d->text + strlen(surface))}, 0, (uint8_t)type,
                    (int32_t)(d->entities.n - 1)};
    sl_vec_push(&d->mentions, m);
}

/* Test alias rule: equal ignoring case, or one is the other's last word. */
static bool S_same(const char *a, const char *b, sl_ent_type t)
{
    if (!strcasecmp(a, b)) return true;
    const char *la = strrchr(a, ' '), *lb = strrchr(b, ' ');
    if (t != SL_PER) return false;
    return (la && !lb && !strcasecmp(la + 1, b)) || (lb && !la && !strcasecmp(lb + 1, a));
}

static int S_count_cb(const char *json, void *user)
{
    ++*(int *)user;
    return 0;
}

static int S_keep_cb(const char *json, void *user)
{
    json_t **arr = user;
    json_array_append_new(*arr, json_loads(json, 0, NULL));
    return 0;
}

static void test_schema(void **state)
{
    sl_store *st = NULL;
    char err[256];
    assert_int_equal(sl_store_open(S_path, &st, err, sizeof err), SL_OK);
    assert_int_equal(sl_store_schema_version(st), 3);
    sl_store_close(st);
    /* reopening keeps the version and does not re-run migrations */
    assert_int_equal(sl_store_open(S_path, &st, err, sizeof err), SL_OK);
    assert_int_equal(sl_store_schema_version(st), 3);
    sl_store_close(st);
    /* a version-1 database (no stories.timeline) is migrated on open */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(S_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DROP INDEX stories_recent; DROP INDEX entities_top; DROP INDEX articles_story_of;"
                                      " DROP INDEX mentions_entity; CREATE INDEX mentions_entity ON mentions(entity);"
                                      " ALTER TABLE stories DROP COLUMN timeline; PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(sl_store_open(S_path, &st, err, sizeof err), SL_OK);
    assert_int_equal(sl_store_schema_version(st), 3);
    assert_int_equal(sl_store_begin(st), SL_OK);
    assert_int_equal(sl_store_story_create(st, 0, "s1"), SL_OK);
    assert_int_equal(sl_store_story_refresh(st, "s1", "t", "[]", "[]"), SL_OK); /* writes timeline */
    assert_int_equal(sl_store_commit(st), SL_OK);
    sl_store_close(st);
    /* version 3's indexes are there: the entity story count is forced onto one of them */
    assert_int_equal(sqlite3_open(S_path, &db), SQLITE_OK);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                                            " ('stories_recent', 'entities_top', 'articles_story_of', 'mentions_entity')",
                                        -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 4);
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* a database from a newer version is refused with a message */
    assert_int_equal(sqlite3_open(S_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(sl_store_open(S_path, &st, err, sizeof err), SL_EDB);
    assert_non_null(strstr(err, "newer"));
    assert_null(st);
}

static void test_not_a_database(void **state)
{
    FILE *f = fopen(S_path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 200; i++) fputs("this is not a database at all\n", f);
    fclose(f);
    sl_store *st = NULL;
    char err[256] = "";
    assert_int_equal(sl_store_open(S_path, &st, err, sizeof err), SL_EDB);
    assert_true(err[0] != 0);
}

static void test_articles_entities(void **state)
{
    sl_store *st = NULL;
    assert_int_equal(sl_store_open(S_path, &st, NULL, 0), SL_OK);
    sl_store_set_alias_rule(st, S_same);
    assert_int_equal(sl_store_begin(st), SL_OK);
    int64_t seq;
    assert_int_equal(sl_store_max_seq(st, &seq), SL_OK);
    assert_int_equal(seq, -1);

    sl_doc *a = S_doc("a1", "Donald Trump met Vladimir Putin.\nThey spoke in Danang.");
    S_entity(a, "Donald Trump", SL_PER, "Donald Trump");
    S_entity(a, "Vladimir Putin", SL_PER, "Vladimir Putin");
    S_entity(a, "Danang", SL_LOC, "Danang");
    sl_doc *b = S_doc("b2", "Trump said the meeting in DANANG went well.");
    S_entity(b, "Trump", SL_PER, "Trump");
    S_entity(b, "DANANG", SL_LOC, "DANANG");

    assert_int_equal(sl_store_story_create(st, 0, "sx"), SL_OK);
    assert_int_equal(sl_store_put_article(st, a, 0, "sx", NULL), SL_OK);
    assert_int_equal(sl_store_put_article(st, b, 1, "sx", NULL), SL_OK);
    char id[65];
    assert_int_equal(sl_store_find_article(st, "a1", 0, id), SL_OK);
    assert_string_equal(id, "a1");
    assert_int_equal(sl_store_find_article(st, "zz", b->content_hash, id), SL_OK); /* by content */
    assert_string_equal(id, "b2");
    assert_int_equal(sl_store_find_article(st, "zz", 1234, id), SL_ENOTFOUND);
    assert_int_equal(sl_store_article_by_seq(st, 1, id), SL_OK);
    assert_string_equal(id, "b2");
    assert_int_equal(sl_store_max_seq(st, &seq), SL_OK);
    assert_int_equal(seq, 1);
    assert_int_equal(sl_store_commit(st), SL_OK);

    /* Trump merged into Donald Trump (last-name rule), DANANG into Danang (case) */
    json_t *ents = json_array();
    assert_int_equal(sl_store_entities_json(st, S_keep_cb, &ents), SL_OK);
    assert_int_equal(json_array_size(ents), 3);
    json_t *top = json_array_get(ents, 0);
    assert_int_equal(json_integer_value(json_object_get(top, "mentions")), 2);
    bool trump = false, danang = false;
    size_t i;
    json_t *v;
    json_array_foreach(ents, i, v) {
        const char *n = json_string_value(json_object_get(v, "name"));
        if (!strcmp(n, "Donald Trump")) {
            trump = json_integer_value(json_object_get(v, "mentions")) == 2;
            assert_int_equal(json_integer_value(json_object_get(v, "stories")), 1);
        }
        if (!strcmp(n, "Danang")) danang = json_integer_value(json_object_get(v, "mentions")) == 2;
    }
    assert_true(trump);
    assert_true(danang);
    json_decref(ents);

    /* a quote whose speaker is only a surface form ("Putin") gets the corpus name */
    sl_doc *c = S_doc("c3", "\"We will meet,\" Putin said.");
    sl_quote q = {{1, 13}, {22, 26}, {16, 21}, -1, 1};
    sl_vec_push(&c->quotes, q);
    assert_int_equal(sl_store_begin(st), SL_OK);
    assert_int_equal(sl_store_put_article(st, c, 2, "sx", NULL), SL_OK);
    assert_int_equal(sl_store_commit(st), SL_OK);
    json_t *qs = json_array();
    assert_int_equal(sl_store_quotes_json(st, NULL, "putin", S_keep_cb, &qs), SL_OK);
    assert_int_equal(json_array_size(qs), 1);
    json_t *q0 = json_array_get(qs, 0);
    assert_string_equal(json_string_value(json_object_get(q0, "speaker")), "Vladimir Putin");
    assert_string_equal(json_string_value(json_object_get(q0, "text")), "We will meet");
    assert_string_equal(json_string_value(json_object_get(q0, "cue")), "said");
    assert_true(json_is_true(json_object_get(q0, "direct")));
    json_decref(qs);
    qs = json_array();
    assert_int_equal(sl_store_quotes_json(st, NULL, "nobody", S_keep_cb, &qs), SL_OK);
    assert_int_equal(json_array_size(qs), 0);
    json_decref(qs);
    sl_doc_free(c);

    /* the full export cuts mention text by byte offsets */
    json_t *arts = json_array();
    assert_int_equal(sl_store_articles_json(st, true, S_keep_cb, &arts), SL_OK);
    assert_int_equal(json_array_size(arts), 3);
    json_t *m0 = json_array_get(json_object_get(json_array_get(arts, 1), "entities"), 0);
    assert_string_equal(json_string_value(json_object_get(m0, "text")), "Trump");
    assert_string_equal(json_string_value(json_object_get(m0, "canonical")), "Donald Trump");
    assert_int_equal(json_array_size(json_object_get(json_array_get(arts, 0), "sentences")), 2);
    json_decref(arts);
    sl_doc_free(a);
    sl_doc_free(b);
    sl_store_close(st);
}

static void test_savepoint(void **state)
{
    sl_store *st = NULL;
    assert_int_equal(sl_store_open(S_path, &st, NULL, 0), SL_OK);
    assert_int_equal(sl_store_begin(st), SL_OK);
    sl_doc *a = S_doc("a1", "First article.");
    sl_doc *b = S_doc("b2", "Second article.");
    assert_int_equal(sl_store_savepoint(st), SL_OK);
    assert_int_equal(sl_store_put_article(st, a, 0, NULL, NULL), SL_OK);
    assert_int_equal(sl_store_release(st), SL_OK);
    assert_int_equal(sl_store_savepoint(st), SL_OK);
    assert_int_equal(sl_store_put_article(st, b, 1, NULL, NULL), SL_OK);
    /* the same arrival number again violates a constraint: the store says so */
    assert_int_equal(sl_store_put_article(st, b, 1, NULL, NULL), SL_EDB);
    assert_true(strlen(sl_store_error(st)) > 0);
    assert_int_equal(sl_store_rollback(st), SL_OK);
    assert_int_equal(sl_store_commit(st), SL_OK);
    char id[65];
    assert_int_equal(sl_store_find_article(st, "a1", 0, id), SL_OK);
    assert_int_equal(sl_store_find_article(st, "b2", b->content_hash, id), SL_ENOTFOUND);
    int n = 0;
    assert_int_equal(sl_store_articles_json(st, false, S_count_cb, &n), SL_OK);
    assert_int_equal(n, 1);
    sl_doc_free(a);
    sl_doc_free(b);
    sl_store_close(st);
}

static void test_stories(void **state)
{
    sl_store *st = NULL;
    assert_int_equal(sl_store_open(S_path, &st, NULL, 0), SL_OK);
    assert_int_equal(sl_store_begin(st), SL_OK);
    assert_int_equal(sl_store_story_create(st, 0, "sa"), SL_OK);
    assert_int_equal(sl_store_story_create(st, 1, "sb"), SL_OK);
    sl_doc *a = S_doc("a1", "Alpha one.\nAlpha two.");
    sl_doc *b = S_doc("b2", "Beta one.");
    assert_int_equal(sl_store_put_article(st, a, 0, "sa", NULL), SL_OK);
    assert_int_equal(sl_store_put_article(st, b, 1, "sb", "a1"), SL_OK);
    char id[65];
    assert_int_equal(sl_store_story_by_number(st, 1, id), SL_OK);
    assert_string_equal(id, "sb");
    assert_int_equal(sl_store_story_by_number(st, 7, id), SL_ENOTFOUND);

    sl_store_member *m = NULL;
    size_t n = 0;
    assert_int_equal(sl_store_members(st, "sa", &m, &n), SL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].id, "a1");
    assert_int_equal(m[0].nsents, 2);
    assert_int_equal(m[0].sents[1].start, 11);
    assert_false(m[0].near_dup);
    sl_store_members_free(m, n);

    /* merge sb into sa: members move, sa dirty, sb listed in merged_from, prefix resolves */
    assert_int_equal(sl_store_story_merge(st, "sb", "sa"), SL_OK);
    assert_int_equal(sl_store_story_resolve(st, "sb", id), SL_OK);
    assert_string_equal(id, "sa");
    assert_int_equal(sl_store_story_resolve(st, "s", id), SL_EINVAL); /* ambiguous */
    int dirty = 0;
    while (sl_store_next_dirty(st, id) == SL_OK) {
        assert_int_equal(sl_store_story_refresh(st, id, "T", "[]", "[{\"date\":\"2017-11-10\"}]"), SL_OK);
        assert_true(++dirty < 5);
    }
    json_t *arr = json_array();
    assert_int_equal(sl_store_stories_json(st, S_keep_cb, &arr), SL_OK);
    assert_int_equal(json_array_size(arr), 1);
    json_t *s0 = json_array_get(arr, 0);
    assert_string_equal(json_string_value(json_object_get(s0, "id")), "sa");
    assert_int_equal(json_array_size(json_object_get(s0, "articles")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(s0, "merged_from"), 0)), "sb");
    assert_string_equal(json_string_value(json_object_get(s0, "first")), "2017-11-09");
    json_decref(arr);

    char *js = NULL;
    assert_int_equal(sl_store_story_json(st, "sa", NULL, &js), SL_OK);
    json_t *o = json_loads(js, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "title")), "T");
    assert_int_equal(json_array_size(json_object_get(o, "articles")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(o, "articles"), 1), "duplicate_of")), "a1");
    assert_true(json_is_array(json_object_get(o, "quotes")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(o, "timeline"), 0), "date")), "2017-11-10");
    json_decref(o);
    free(js);
    assert_int_equal(sl_store_story_json(st, "nope", NULL, &js), SL_ENOTFOUND);

    /* blobs */
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sl_store_blob_get(st, "k", &data, &len), SL_ENOTFOUND);
    assert_int_equal(sl_store_blob_put(st, "k", "abc", 3), SL_OK);
    assert_int_equal(sl_store_blob_get(st, "k", &data, &len), SL_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(data, "abc", 3);
    free(data);
    assert_int_equal(sl_store_commit(st), SL_OK);
    sl_doc_free(a);
    sl_doc_free(b);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_articles_entities, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_savepoint, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_stories, S_setup, S_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
