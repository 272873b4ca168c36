/*
 * test_check.c - a failing allocation at every point of a whole check (file name, reader,
 * record rules, file aggregates, set collection and set checks, round trip, normalize) ends in
 * a clean RK_E_NOMEM (or, where libcsv retries a smaller buffer, the undisturbed result) and
 * leaves nothing allocated (LeakSanitizer checks the last part).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#ifndef CORPUS_DIR
#define CORPUS_DIR "corpus"
#endif

static unsigned long alloc_count, alloc_fail_at;

static void *fail_malloc(size_t n)
{
    if (alloc_fail_at && ++alloc_count == alloc_fail_at)
        return NULL;
    return malloc(n);
}

static void *fail_realloc(void *p, size_t n)
{
    if (alloc_fail_at && ++alloc_count == alloc_fail_at)
        return NULL;
    return realloc(p, n);
}

static const struct rk_specs *specs;

static int setup(void **state)
{
    (void)state;
    struct rk_specs *s = NULL;
    assert_int_equal(rk_specs_load_builtin(&s, NULL, NULL), RK_OK);
    assert_int_equal(rk_encoding_init(), RK_OK);
    specs = s;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rk_specs_free((struct rk_specs *)specs);
    return 0;
}

#define SEND CORPUS_DIR "/careplan/4.1/sets/valid-kyotaku-output/"

static const char *const files[] = {
    SEND "UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    SEND "UPSIKYU_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    SEND "UPHOSOKU_202504_1312345678_43_1312300001_11_20250325120000.CSV",
};

static void count_sink(void *ctx, const struct rk_finding *f)
{
    (void)f;
    (*(unsigned long *)ctx)++;
}

/* One whole run; returns the first status other than RK_OK. */
static enum rk_status run_set(unsigned long *findings)
{
    struct rk_set *set = NULL;
    struct rk_set_options so = {.office = "kyotaku"};
    enum rk_status st = rk_set_new(&set, specs, &so);
    for (size_t i = 0; st == RK_OK && i < sizeof files / sizeof files[0]; i++) {
        struct rk_check_options o = {.set = set};
        struct rk_file_result res;
        st = rk_check_file(specs, &o, files[i], count_sink, findings, &res);
    }
    struct rk_set_callbacks cb = {.finding = count_sink, .ctx = findings};
    if (st == RK_OK)
        st = rk_set_check(set, &cb, NULL);
    rk_set_free(set);
    return st;
}

static void test_check_alloc_fails_cleanly_everywhere(void **state)
{
    (void)state;
    unsigned long clean = 0;
    assert_int_equal(run_set(&clean), RK_OK);
    rk_set_allocator(fail_malloc, fail_realloc, free);
    unsigned long n;
    for (n = 1; n < 200000; n++) {
        alloc_count = 0;
        alloc_fail_at = n;
        unsigned long findings = 0;
        enum rk_status st = run_set(&findings);
        if (alloc_count < n) { /* every allocation succeeded: the run is complete */
            assert_int_equal(st, RK_OK);
            assert_int_equal(findings, clean);
            break;
        }
        /* libcsv retries a failed buffer growth with less: recovering is fine, but then the
         * run must be the undisturbed one */
        if (st == RK_OK && findings != clean)
            fail_msg("allocation %lu failed and the run went on with %lu findings, not %lu", n,
                     findings, clean);
        if (st != RK_OK && st != RK_E_NOMEM)
            fail_msg("allocation %lu failed: status %s, expected out of memory", n,
                     rk_status_str(st));
    }
    alloc_fail_at = 0;
    rk_set_allocator(NULL, NULL, NULL);
    assert_true(n > 10);
}

static void test_check_alloc_fails_in_roundtrip_and_normalize(void **state)
{
    (void)state;
    char out[256];
    snprintf(out, sizeof out, "/tmp/renkei-test-norm-%ld.CSV", (long)getpid());
    rk_set_allocator(fail_malloc, fail_realloc, free);
    for (unsigned long n = 1; n < 200000; n++) {
        alloc_count = 0;
        alloc_fail_at = n;
        struct rk_roundtrip_result rr;
        enum rk_status st = rk_roundtrip(specs, NULL, files[0], files[0], NULL, NULL, &rr);
        enum rk_status st2 = rk_normalize(specs, NULL, files[1], out, NULL, NULL, NULL);
        unlink(out);
        if (alloc_count < n) {
            assert_int_equal(st, RK_OK);
            assert_int_equal(st2, RK_OK);
            assert_int_equal(rr.lost + rr.added + rr.changed, 0);
            break;
        }
        if (st != RK_E_NOMEM && st != RK_OK)
            fail_msg("roundtrip: allocation %lu: %s", n, rk_status_str(st));
        if (st2 != RK_E_NOMEM && st2 != RK_OK)
            fail_msg("normalize: allocation %lu: %s", n, rk_status_str(st2));
    }
    alloc_fail_at = 0;
    rk_set_allocator(NULL, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_alloc_fails_cleanly_everywhere),
        cmocka_unit_test(test_check_alloc_fails_in_roundtrip_and_normalize),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
