/* test_core.c — arena, buffer, vector, map, hashing and UTF-8 helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/core.h"

static void test_arena(void **state)
{
    sl_arena a;
    sl_arena_init(&a);
    char *s = sl_arena_strdup(&a, "hello");
    assert_string_equal(s, "hello");
    for (int i = 0; i < 1000; i++) assert_non_null(sl_arena_alloc(&a, 1000));
    void *big = sl_arena_alloc(&a, 1u << 20);
    assert_non_null(big);
    assert_int_equal(((uintptr_t)big) % 16, 0);
    assert_null(sl_arena_strdup(&a, NULL));
    sl_arena_release(&a);
}

static void test_buf(void **state)
{
    sl_buf b;
    sl_buf_init(&b);
    sl_buf_puts(&b, "a");
    sl_buf_printf(&b, "%d-%s", 42, "x");
    sl_buf_putc(&b, '!');
    assert_string_equal(b.data, "a42-x!");
    char *p = sl_buf_take(&b);
    assert_string_equal(p, "a42-x!");
    assert_null(b.data);
    free(p);
}

static void test_vec_map(void **state)
{
    SL_VEC(int) v = {0};
    for (int i = 0; i < 100; i++) assert_true(sl_vec_push(&v, i));
    assert_int_equal(v.n, 100);
    assert_int_equal(v.v[99], 99);
    sl_vec_free(&v);

    sl_map m;
    sl_map_init(&m);
    char key[32];
    for (int i = 0; i < 500; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        bool created;
        sl_map_entry *e = sl_map_put(&m, key, (size_t)n, &created);
        assert_true(created);
        e->val = (void *)(intptr_t)i;
    }
    assert_int_equal(m.n, 500);
    sl_map_entry *e = sl_map_get(&m, "k321", 4);
    assert_non_null(e);
    assert_int_equal((intptr_t)e->val, 321);
    assert_null(sl_map_get(&m, "k500", 4));
    sl_map_free(&m);
}

static void test_hash(void **state)
{
    assert_true(sl_hash64("abc", 3, 0) != sl_hash64("abd", 3, 0));
    assert_true(sl_hash64("abc", 3, 0) == sl_hash64("abc", 3, 0));
    char hex[17];
    sl_hex64(0x0123456789abcdefULL, hex);
    assert_string_equal(hex, "0123456789abcdef");
}

static void test_utf8(void **state)
{
    size_t bad = 0;
    assert_true(sl_utf8_valid("caf\xc3\xa9", 5, &bad));
    assert_false(sl_utf8_valid("ab\xff", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(sl_utf8_valid("\xc0\x80", 2, &bad)); /* overlong NUL */
    assert_false(sl_utf8_valid("\xed\xa0\x80", 3, &bad)); /* surrogate */
    int32_t cp;
    assert_int_equal(sl_utf8_decode("\xe2\x80\x9c", 3, &cp), 3);
    assert_int_equal(cp, 0x201C);
    char out[4];
    assert_int_equal(sl_utf8_encode(0x1F600, out), 4);
}

static void test_status(void **state)
{
    assert_string_equal(sl_strerror(SL_OK), "success");
    assert_string_equal(sl_strerror(SL_ELIMIT), "input exceeds a limit");
    assert_non_null(sl_strerror((sl_status)999));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena), cmocka_unit_test(test_buf), cmocka_unit_test(test_vec_map),
        cmocka_unit_test(test_hash),  cmocka_unit_test(test_utf8), cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
