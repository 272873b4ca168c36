/*
 * test_alloc.c - unit tests of rk_grow (alloc.c), the one growable-array helper: it makes room
 * for what is asked, keeps the elements, doubles, and on a failed allocation or a size that
 * would overflow leaves the array and its capacity as they were.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "renkei.h"

static int fail_realloc; /* the next realloc returns NULL when set */

static void *t_realloc(void *p, size_t n)
{
    if (fail_realloc)
        return NULL;
    return realloc(p, n);
}

static int setup(void **state)
{
    (void)state;
    fail_realloc = 0;
    rk_set_allocator(NULL, t_realloc, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rk_set_allocator(NULL, NULL, NULL);
    return 0;
}

struct pair {
    int a;
    long b;
};

static void grows_and_keeps_elements(void **state)
{
    (void)state;
    struct pair *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        assert_true(rk_grow(&v, &cap, n + 1, sizeof *v));
        assert_true(cap >= n + 1);
        v[n++] = (struct pair){i, -i};
    }
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(v[i].a, i);
        assert_int_equal(v[i].b, -i);
    }
    /* doubling from 16: 1000 elements fit in 1024 */
    assert_int_equal(cap, 1024);
    rk_free(v);
}

static void enough_room_is_a_no_op(void **state)
{
    (void)state;
    char **v = NULL;
    size_t cap = 0;
    assert_true(rk_grow(&v, &cap, 5, sizeof *v));
    assert_int_equal(cap, 16);
    char **before = v;
    fail_realloc = 1; /* no allocation may happen */
    assert_true(rk_grow(&v, &cap, 16, sizeof *v));
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 16);
    assert_true(rk_grow(&v, &cap, 0, sizeof *v));
    rk_free(v);
}

static void failure_leaves_array_alone(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_true(rk_grow(&v, &cap, 16, sizeof *v));
    for (int i = 0; i < 16; i++)
        v[i] = i * 3;
    int *before = v;
    fail_realloc = 1;
    assert_false(rk_grow(&v, &cap, 17, sizeof *v));
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 16);
    for (int i = 0; i < 16; i++)
        assert_int_equal(v[i], i * 3);
    rk_free(v);
}

static void overflow_is_refused(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    /* more elements than size_t can count in bytes */
    assert_false(rk_grow(&v, &cap, SIZE_MAX / 2 + 2, sizeof *v));
    assert_null(v);
    assert_int_equal(cap, 0);
    assert_false(rk_grow(&v, &cap, SIZE_MAX, 1));
    assert_null(v);
    assert_int_equal(cap, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(grows_and_keeps_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(enough_room_is_a_no_op, setup, teardown),
        cmocka_unit_test_setup_teardown(failure_leaves_array_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(overflow_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
