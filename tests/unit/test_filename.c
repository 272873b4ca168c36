/*
 * test_filename.c - every example file name printed in the care-plan standard (as quoted in
 * shared/reference/careplan/README.md §3 and the body's §2.4/§2.5/§3.4) is classified as the
 * standard says: its layout, version style and parts; and the document's known typos (a
 * 9-digit office number, a 15-digit serial, a month in the UPKIHON name) are reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"

static struct rk_specs *specs;

struct got {
    char rules[16][16];
    int n;
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct got *g = ctx;
    if (g->n < 16)
        snprintf(g->rules[g->n++], sizeof g->rules[0], "%s", f->rule->id);
}

static int setup(void **state)
{
    (void)state;
    return rk_specs_load_builtin(&specs, NULL, NULL) == RK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rk_specs_free(specs);
    return 0;
}

/* Parses name; returns the findings in g. */
static bool parse(const char *name, struct rk_name *nm, struct got *g)
{
    memset(g, 0, sizeof *g);
    struct rk_emitter em = {.sink = sink, .ctx = g, .path = name};
    return rk_name_parse(specs, "careplan", name, nm, &em);
}

static void test_filename_example_hosoku_plan_set(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* §3.1: 利用者補足情報 sent with 1表/2表: month 000000 */
    assert_true(parse("UPHOSOKU_000000_0300000100_43_0300000005_11_20191025200201.CSV", &nm, &g));
    assert_int_equal(g.n, 0);
    assert_string_equal(nm.layout_id, "UPHOSOKU");
    assert_int_equal(nm.style, RK_STYLE_V4);
    assert_true(nm.month_zero);
    assert_string_equal(nm.from, "0300000100");
    assert_string_equal(nm.from_svc, "43");
    assert_string_equal(nm.to, "0300000005");
    assert_string_equal(nm.to_svc, "11");
    assert_string_equal(nm.serial, "20191025200201");
}

static void test_filename_example_hosoku_slip_set(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    assert_true(parse("UPHOSOKU_201909_0300000100_43_0300000005_11_20191025200201.CSV", &nm, &g));
    assert_int_equal(g.n, 0);
    assert_true(nm.has_month);
    assert_string_equal(nm.month, "201909");
}

static void test_filename_example_upplan_upjsk(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    assert_true(parse("UPPLAN_201912_0300000100_43_0300000005_11_20191025200201.CSV", &nm, &g));
    assert_int_equal(g.n, 0);
    assert_string_equal(nm.layout_id, "UPPLAN");
    assert_string_equal(nm.month, "201912");
    assert_true(parse("UPJSK_201912_0300000005_43_0300000100_11_20191025200201.CSV", &nm, &g));
    assert_int_equal(g.n, 0);
    assert_string_equal(nm.layout_id, "UPJSK");
    assert_string_equal(nm.from, "0300000005");
}

static void test_filename_example_image(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* the rule writes .jpg and the example .JPG: both are the standard's; longest prefix */
    assert_true(
        parse("UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG", &nm, &g));
    assert_int_equal(g.n, 0);
    assert_string_equal(nm.layout_id, "UPKIHON_IMAGE");
    assert_true(
        parse("UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.jpg", &nm, &g));
    assert_int_equal(g.n, 0);
}

static void test_filename_longest_prefix_first(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    assert_true(parse("UPYOBO_SUB_1312399001_46_1312300003_A6_20250320150000.CSV", &nm, &g));
    assert_string_equal(nm.layout_id, "UPYOBO_SUB");
    assert_true(parse("UPKIHON_SUB1_1312399001_46_1312300003_A6_20250315100000.CSV", &nm, &g));
    assert_string_equal(nm.layout_id, "UPKIHON_SUB1");
    assert_int_equal(g.n, 0); /* A6 (通所型サービス) is a service type with a letter */
}

static void test_filename_example_v3(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* vol.1156 p.9/p.19: v3 names carry office numbers only */
    assert_true(parse("UPPLAN_201912_0300000100_0300000005_20191025200201.CSV", &nm, &g));
    assert_int_equal(g.n, 0);
    assert_int_equal(nm.style, RK_STYLE_V3);
    assert_string_equal(nm.to, "0300000005");
}

static void test_filename_typo_nine_digit_office(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* §2.4's example has a 9-digit sender number: the rule says 10 digits */
    assert_true(parse("UP1KYO_123456789_43_2468135790_11_20191110102233.CSV", &nm, &g));
    assert_int_equal(g.n, 1);
    assert_string_equal(g.rules[0], "NAME-004");
}

static void test_filename_typo_fifteen_digit_serial(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* §2.5's 連番 201911110102233 has 15 digits: the rule says 14 */
    assert_true(parse("UPPLAN_201911_0300000100_43_0300000005_11_201911110102233.CSV", &nm, &g));
    assert_int_equal(g.n, 1);
    assert_string_equal(g.rules[0], "NAME-006");
}

static void test_filename_typo_kihon_month(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* §3.4's example writes UPKIHON_000000_...: the layout's rule has no month (warning);
     * it also has the 9-digit office number */
    assert_true(parse("UPKIHON_000000_123456789_43_2468135790_11_20191110102233.CSV", &nm, &g));
    assert_int_equal(g.n, 2);
    assert_string_equal(g.rules[0], "NAME-009");
    assert_string_equal(g.rules[1], "NAME-004");
}

static void test_filename_v40_three_digit_code(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    /* 4.0 named a 3-digit サービスコード; 4.1 changed it to the 2-character type */
    assert_true(parse("UPPLAN_202504_0300000100_043_0300000005_011_20250325120000.CSV", &nm, &g));
    assert_int_equal(g.n, 2);
    assert_string_equal(g.rules[0], "NAME-005");
    assert_string_equal(g.rules[1], "NAME-005");
}

static void test_filename_unknown_and_lowercase(void **state)
{
    (void)state;
    struct rk_name nm;
    struct got g;
    assert_false(parse("report.csv", &nm, &g));
    assert_string_equal(g.rules[0], "NAME-001");
    assert_true(parse("UPPLAN_202504_0300000100_43_0300000005_11_20250325120000.csv", &nm, &g));
    assert_int_equal(g.n, 1);
    assert_string_equal(g.rules[0], "NAME-008");
}

/* The Gregorian calendar (calendar.h), which names and date fields share: 30 days hath
 * September, April, June and November; February has 29 days every 4th year, but not in a
 * year divisible by 100 unless it is divisible by 400 (so 2000 and 2400, not 1900 or 2100). */
static void test_filename_calendar_gregorian(void **state)
{
    (void)state;
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (unsigned m = 1; m <= 12; m++) {
        assert_int_equal(rk_calendar_days(2025, m), days[m - 1]);
        assert_true(rk_calendar_ok(2025, m, days[m - 1]));
        assert_false(rk_calendar_ok(2025, m, days[m - 1] + 1));
        assert_false(rk_calendar_ok(2025, m, 0));
    }
    assert_int_equal(rk_calendar_days(2024, 2), 29);
    assert_int_equal(rk_calendar_days(2000, 2), 29);
    assert_int_equal(rk_calendar_days(2400, 2), 29);
    assert_int_equal(rk_calendar_days(1900, 2), 28);
    assert_int_equal(rk_calendar_days(2100, 2), 28);
    assert_int_equal(rk_calendar_days(2025, 0), 0);
    assert_int_equal(rk_calendar_days(2025, 13), 0);
    assert_int_equal(rk_calendar_days(0, 1), 0); /* there is no year 0 */
    assert_true(rk_calendar_ok(1, 1, 1));
    /* the names' YYYYMMDD and YYYYMM */
    assert_true(rk_valid_date("20240229"));
    assert_false(rk_valid_date("20230229"));
    assert_false(rk_valid_date("19000229"));
    assert_true(rk_valid_date("20000229"));
    assert_false(rk_valid_date("20250431"));
    assert_false(rk_valid_date("20250100"));
    assert_false(rk_valid_date("20251301"));
    assert_false(rk_valid_date("00000101"));
    assert_false(rk_valid_date("2025010"));  /* 7 digits */
    assert_false(rk_valid_date("2025O101")); /* a letter O */
    assert_int_equal(rk_month_days("202402"), 29);
    assert_int_equal(rk_month_days("210002"), 28);
    assert_int_equal(rk_month_days("202509"), 30);
    assert_int_equal(rk_month_days("202512"), 31);
    assert_int_equal(rk_month_days("202513"), 0);
    assert_int_equal(rk_month_days("20250"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filename_example_hosoku_plan_set),
        cmocka_unit_test(test_filename_example_hosoku_slip_set),
        cmocka_unit_test(test_filename_example_upplan_upjsk),
        cmocka_unit_test(test_filename_example_image),
        cmocka_unit_test(test_filename_longest_prefix_first),
        cmocka_unit_test(test_filename_example_v3),
        cmocka_unit_test(test_filename_typo_nine_digit_office),
        cmocka_unit_test(test_filename_typo_fifteen_digit_serial),
        cmocka_unit_test(test_filename_typo_kihon_month),
        cmocka_unit_test(test_filename_v40_three_digit_code),
        cmocka_unit_test(test_filename_unknown_and_lowercase),
        cmocka_unit_test(test_filename_calendar_gregorian),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
