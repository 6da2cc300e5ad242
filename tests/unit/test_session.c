/* test_session.c — the session through the public API: add (new, already present by id
 * or by content), flush, queries, reopening, recluster determinism, one-shot summaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "storyline.h"

static char S_path[64];
static sl_engine *S_e;

static int S_setup(void **state)
{
    snprintf(S_path, sizeof S_path, "/tmp/sl-test-session-%d.db", (int)getpid());
    unlink(S_path);
    return sl_engine_new(&S_e) == SL_OK ? 0 : -1;
}

static int S_teardown(void **state)
{
    char p[80];
    unlink(S_path);
    snprintf(p, sizeof p, "%s-wal", S_path); unlink(p);
    snprintf(p, sizeof p, "%s-shm", S_path); unlink(p);
    sl_engine_free(S_e);
    return 0;
}

static const char *const S_texts[] = {
    "Leaders meet in Danang\n\nDonald Trump and Vladimir Putin are expected to meet at the APEC summit in Danang, "
    "Vietnam. The Kremlin said the two leaders would talk. Dmitry Peskov told reporters a meeting was likely.\n",
    "Flooding in Jakarta\n\nHeavy rain flooded large parts of Jakarta on Monday. Thousands of residents were moved "
    "to shelters. Officials said the water would recede within days.\n",
    "New telescope images\n\nAstronomers released the first images from the new space telescope. The pictures show "
    "distant galaxies in unprecedented detail. Scientists called the results remarkable.\n",
};

static sl_doc *S_doc(const char *text, const char *id, const char *published)
{
    sl_input in;
    memset(&in, 0, sizeof in);
    in.data = text;
    in.len = strlen(text);
    in.format = SL_FORMAT_TEXT;
    in.path = "mem.txt";
    in.id = id;
    in.published = published;
    sl_doc *d = NULL;
    char err[128];
    assert_int_equal(sl_doc_process(S_e, &in, &d, err, sizeof err), SL_OK);
    return d;
}

static int S_keep(const char *json, void *user)
{
    json_t **arr = user;
    json_t *o = json_loads(json, 0, NULL);
    assert_non_null(o);
    json_array_append_new(*arr, o);
    return 0;
}

static json_t *S_list(sl_session *s, sl_status (*fn)(sl_session *, sl_json_cb, void *))
{
    json_t *arr = json_array();
    assert_int_equal(fn(s, S_keep, &arr), SL_OK);
    return arr;
}

static void test_add_present_query(void **state)
{
    sl_session *s = NULL;
    assert_int_equal(sl_session_open(S_path, S_e, &s), SL_OK);
    sl_add_result r;
    char first_story[65];
    for (size_t i = 0; i < 3; i++) {
        sl_doc *d = S_doc(S_texts[i], NULL, "2017-11-09");
        assert_int_equal(sl_session_add(s, d, &r), SL_OK);
        assert_int_equal(r.outcome, SL_ADDED);
        assert_string_equal(r.article_id, sl_doc_id(d));
        assert_int_equal(r.story_id[0], 's');
        if (i == 0) memcpy(first_story, r.story_id, sizeof first_story);
        sl_doc_free(d);
    }
    /* the same content again (no id given): present, nothing written */
    sl_doc *d = S_doc(S_texts[1], NULL, NULL);
    assert_int_equal(sl_session_add(s, d, &r), SL_OK);
    assert_int_equal(r.outcome, SL_PRESENT);
    sl_doc_free(d);
    /* a given id is kept; the same id again with other content is present */
    d = S_doc("Given\n\nAn article with an id of its own, about chess.\n", "given-1", NULL);
    assert_int_equal(sl_session_add(s, d, &r), SL_OK);
    assert_int_equal(r.outcome, SL_ADDED);
    assert_string_equal(r.article_id, "given-1");
    sl_doc_free(d);
    d = S_doc("Given\n\nSomething else entirely, about sailing.\n", "given-1", NULL);
    assert_int_equal(sl_session_add(s, d, &r), SL_OK);
    assert_int_equal(r.outcome, SL_PRESENT);
    assert_string_equal(r.article_id, "given-1");
    sl_doc_free(d);
    assert_int_equal(sl_session_flush(s), SL_OK);

    json_t *arts = S_list(s, sl_session_articles);
    assert_int_equal(json_array_size(arts), 4);
    json_t *a0 = json_array_get(arts, 0);
    assert_string_equal(json_string_value(json_object_get(a0, "story")), first_story);
    assert_string_equal(json_string_value(json_object_get(a0, "path")), "mem.txt");
    json_decref(arts);

    json_t *stories = S_list(s, sl_session_stories);
    assert_true(json_array_size(stories) >= 1 && json_array_size(stories) <= 4);
    size_t total = 0, i;
    json_t *v;
    json_array_foreach(stories, i, v) {
        total += json_array_size(json_object_get(v, "articles"));
        assert_true(json_is_string(json_object_get(v, "title")));
        assert_true(json_is_array(json_object_get(v, "merged_from")));
    }
    assert_int_equal(total, 4);
    json_decref(stories);

    char *js = NULL;
    assert_int_equal(sl_session_story(s, first_story, 0, &js), SL_OK);
    json_t *o = json_loads(js, 0, NULL);
    sl_free(js);
    assert_non_null(o);
    json_t *sum = json_object_get(o, "summary");
    assert_true(json_array_size(sum) >= 1);
    json_t *s0 = json_array_get(sum, 0);
    assert_true(json_string_length(json_object_get(s0, "text")) > 0);
    assert_true(json_integer_value(json_object_get(s0, "end")) > json_integer_value(json_object_get(s0, "start")));
    const char *keys[] = {"id", "title", "first", "last", "entities", "articles", "quotes", "events", "timeline",
                          "disagreements", "merged_from"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) assert_non_null(json_object_get(o, keys[k]));
    assert_string_equal(json_string_value(json_object_get(o, "first")), "2017-11-09");
    json_decref(o);

    /* a unique prefix works; an unknown id is SL_ENOTFOUND with a message */
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%.7s", first_story);
    assert_int_equal(sl_session_story(s, prefix, 30, &js), SL_OK);
    sl_free(js);
    assert_int_equal(sl_session_story(s, "zzzz", 0, &js), SL_ENOTFOUND);
    assert_non_null(strstr(sl_session_error(s), "zzzz"));
    sl_session_close(s);

    /* reopen: the arrival numbers continue, nothing is lost */
    assert_int_equal(sl_session_open(S_path, S_e, &s), SL_OK);
    d = S_doc("Another one\n\nA completely different article about football results.\n", NULL, NULL);
    assert_int_equal(sl_session_add(s, d, &r), SL_OK);
    assert_int_equal(r.outcome, SL_ADDED);
    sl_doc_free(d);
    arts = S_list(s, sl_session_articles);
    assert_int_equal(json_array_size(arts), 5);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(arts, 4), "seq")), 4);
    json_decref(arts);
    sl_session_close(s);
}

/* A session on S_path (with the engine) holding the first n of S_texts. */
static sl_session *S_open_with(size_t n)
{
    sl_session *s = NULL;
    assert_int_equal(sl_session_open(S_path, S_e, &s), SL_OK);
    sl_add_result r;
    for (size_t i = 0; i < n; i++) {
        sl_doc *d = S_doc(S_texts[i], NULL, NULL);
        assert_int_equal(sl_session_add(s, d, &r), SL_OK);
        sl_doc_free(d);
    }
    return s;
}

static void test_recluster_deterministic(void **state)
{
    sl_session *s = S_open_with(3);
    json_t *before = S_list(s, sl_session_stories);
    assert_int_equal(sl_session_recluster(s), SL_OK);
    json_t *after = S_list(s, sl_session_stories);
    assert_int_equal(json_array_size(before), json_array_size(after));
    for (size_t i = 0; i < json_array_size(before); i++) {
        json_t *x = json_array_get(before, i), *y = json_array_get(after, i);
        assert_string_equal(json_string_value(json_object_get(x, "id")), json_string_value(json_object_get(y, "id")));
        assert_true(json_equal(json_object_get(x, "articles"), json_object_get(y, "articles")));
    }
    json_decref(before);
    json_decref(after);
    sl_session_close(s);
}

/* Two writers on one file (a server and a CLI ingest): each sees the other's committed
 * articles and clusterer state, arrival numbers never collide. */
static void test_two_writers(void **state)
{
    sl_session *a = NULL, *b = NULL;
    assert_int_equal(sl_session_open(S_path, S_e, &a), SL_OK);
    assert_int_equal(sl_session_open(S_path, NULL, &b), SL_OK); /* no engine: adds processed docs */
    sl_add_result r;
    for (size_t i = 0; i < 3; i++) {
        sl_doc *d = S_doc(S_texts[i], NULL, NULL);
        assert_int_equal(sl_session_add(i % 2 ? b : a, d, &r), SL_OK);
        assert_int_equal(r.outcome, SL_ADDED);
        assert_int_equal(sl_session_flush(i % 2 ? b : a), SL_OK);
        sl_doc_free(d);
    }
    /* the text b added is present for a as well */
    sl_doc *d = S_doc(S_texts[1], NULL, NULL);
    assert_int_equal(sl_session_add(a, d, &r), SL_OK);
    assert_int_equal(r.outcome, SL_PRESENT);
    sl_doc_free(d);
    json_t *arts = S_list(b, sl_session_articles);
    assert_int_equal(json_array_size(arts), 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(arts, i), "seq")), (json_int_t)i);
    json_decref(arts);
    sl_session_close(a);
    sl_session_close(b);
}

/* A saved clusterer snapshot that cannot be read (another version's format, or damage)
 * stops writes with a message that names the way out, and `recluster` — which does not need
 * the old state — replaces it, after which writes work again. */
static void test_unreadable_state(void **state)
{
    sl_session *s = S_open_with(2);
    assert_int_equal(sl_session_recluster(s), SL_OK); /* writes a snapshot */
    sl_session_close(s);

    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(S_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = 'not a state' WHERE key = 'clusterer'", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_changes(db), 1);
    sqlite3_close(db);

    assert_int_equal(sl_session_open(S_path, S_e, &s), SL_OK);
    sl_add_result r;
    sl_doc *d = S_doc(S_texts[2], NULL, NULL);
    assert_int_equal(sl_session_add(s, d, &r), SL_EMODEL);
    assert_non_null(strstr(sl_session_error(s), "storyline recluster"));
    assert_int_equal(sl_session_recluster(s), SL_OK);
    assert_int_equal(sl_session_add(s, d, &r), SL_OK);
    assert_int_equal(r.outcome, SL_ADDED);
    sl_doc_free(d);
    json_t *arts = S_list(s, sl_session_articles);
    assert_int_equal(json_array_size(arts), 3);
    json_decref(arts);
    sl_session_close(s);
}

static int S_keep_page(const char *json, void *user) { return S_keep(json, user); }

/* A page of stories: the newest first, filters and offset in SQL, the total of matches. */
static void test_pages(void **state)
{
    sl_session *s = NULL;
    assert_int_equal(sl_session_open(S_path, S_e, &s), SL_OK);
    sl_add_result r;
    const char *dates[3] = {"2017-11-09", "2019-04-20", "2018-06-01"};
    for (size_t i = 0; i < 3; i++) {
        sl_doc *d = S_doc(S_texts[i], NULL, dates[i]);
        assert_int_equal(sl_session_add(s, d, &r), SL_OK);
        sl_doc_free(d);
    }
    json_t *all = S_list(s, sl_session_stories);
    assert_int_equal(json_array_size(all), 3); /* three unrelated articles */
    json_decref(all);
    size_t total = 0;
    json_t *page = json_array();
    sl_story_query q = {.limit = 2};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 3);
    assert_int_equal(json_array_size(page), 2);
    /* newest first: Jakarta (2019), then the telescope (2018) */
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 0), "last")), "2019-04-20");
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 1), "last")), "2018-06-01");
    json_array_clear(page);
    q.offset = 2;
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 3);
    assert_int_equal(json_array_size(page), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 0), "last")), "2017-11-09");
    json_array_clear(page);
    /* since / until are date prefixes on last / first */
    q = (sl_story_query){.since = "2018", .until = "2018-12", .limit = 10};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 0), "first")), "2018-06-01");
    json_array_clear(page);
    /* text: a case-insensitive substring of the title or an entity name; entity: a name */
    q = (sl_story_query){.text = "jakarta", .limit = 10};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 1);
    json_array_clear(page);
    q = (sl_story_query){.text = "PUTIN", .limit = 10};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 0), "last")), "2017-11-09");
    json_array_clear(page);
    q = (sl_story_query){.entity = "vladimir putin", .limit = 10};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 1);
    json_array_clear(page);
    q = (sl_story_query){.entity = "Putin Vladimir", .limit = 10};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 0);
    assert_int_equal(json_array_size(page), 0);
    /* the key names of the cached JSON are not searchable text */
    q = (sl_story_query){.text = "name", .limit = 10};
    assert_int_equal(sl_session_stories_page(s, &q, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 0);
    /* entities: most mentioned first, filtered by type and by a substring of name or alias */
    assert_int_equal(sl_session_entities_page(s, NULL, "per", 1, S_keep_page, &page, &total), SL_OK);
    assert_true(total >= 2); /* Trump, Putin, Peskov */
    assert_int_equal(json_array_size(page), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 0), "type")), "PER");
    json_array_clear(page);
    assert_int_equal(sl_session_entities_page(s, "peskov", NULL, 10, S_keep_page, &page, &total), SL_OK);
    assert_int_equal(total, 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(page, 0), "name")), "Dmitry Peskov");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(page, 0), "stories")), 1);
    json_decref(page);
    sl_session_close(s);
}

static void test_summarize_oneshot(void **state)
{
    sl_doc *docs[2] = {S_doc(S_texts[0], NULL, NULL), S_doc(S_texts[1], NULL, NULL)};
    char *js = NULL;
    assert_int_equal(sl_summarize(S_e, docs, 2, 50, &js), SL_OK);
    json_t *o = json_loads(js, 0, NULL);
    sl_free(js);
    json_t *sents = json_object_get(o, "sentences");
    assert_true(json_array_size(sents) >= 1);
    size_t i;
    json_t *v;
    json_array_foreach(sents, i, v) {
        const char *art = json_string_value(json_object_get(v, "article"));
        assert_true(!strcmp(art, sl_doc_id(docs[0])) || !strcmp(art, sl_doc_id(docs[1])));
        /* the offsets point at the text given */
        size_t len;
        const char *text = sl_doc_text(!strcmp(art, sl_doc_id(docs[0])) ? docs[0] : docs[1], &len);
        json_int_t a = json_integer_value(json_object_get(v, "start")), b = json_integer_value(json_object_get(v, "end"));
        assert_true(a >= 0 && b <= (json_int_t)len && a < b);
        assert_non_null(memchr(text + a, json_string_value(json_object_get(v, "text"))[0], (size_t)(b - a)));
    }
    json_decref(o);
    assert_int_equal(sl_summarize(S_e, NULL, 0, 50, &js), SL_OK);
    sl_free(js);
    sl_doc_free(docs[0]);
    sl_doc_free(docs[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_present_query, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_recluster_deterministic, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_two_writers, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_state, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_pages, S_setup, S_teardown),
        cmocka_unit_test_setup_teardown(test_summarize_oneshot, S_setup, S_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
