/*
 * test_check.c - a failing allocation at every point of a whole check (file name, reader,
 * record rules, file aggregates, set collection and set checks, round trip, normalize) ends in
 * a clean RK_E_NOMEM (or, where libcsv retries a smaller buffer, the undisturbed result) and
 * leaves nothing allocated (LeakSanitizer checks the last part). And the item plans
 * (rules_record.c) take a LIFE item's code list of values of 2 and more bytes as the spec
 * lists it: every value passes, a near miss does not, with the findings of the item checks;
 * and LIFE's numbers as their length and decimals allow.
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

/* ---- code lists of 2 and more bytes through the item plans ---- */

#define LIFE_VALID CORPUS_DIR "/life/"

/* valid LIFE files: line 1 the data type, line 2 the header, line 3 a record */
static const char *const life_files[][2] = {
    {"1.00", "FORM_0210_2021"},
    {"1.00", "FORM_0220_2021"},
    {"1.00", "FORM_0310_2021"},
    {"1.00", "FORM_0420_2021"},
    {"1.00", "FORM_0440_2021"},
    {"1.00", "SERVICE_USER_INFO"},
    {"3.10", "SERVICE_USER_INFO"},
    {"3.10", "NUTRITION_FEEDING_SWALLOWING_SCREENING_ASSESSMENT_MONITORING_2024"},
    {"3.10", "ADL_MAINTENANCE_ADDITION_2024"},
};

struct line_log {
    char rules[32][16];
    unsigned fields[32];
    size_t n;
};

/* the findings on line 3 (the record whose value is replaced) */
static void line3_sink(void *ctx, const struct rk_finding *f)
{
    struct line_log *g = ctx;
    if (f->pos.line != 3 || g->n == 32)
        return;
    snprintf(g->rules[g->n], sizeof g->rules[0], "%s", f->rule->id);
    g->fields[g->n++] = f->field;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *n = fread(buf, 1, (1 << 20) - 1, fp);
    buf[*n] = '\0';
    fclose(fp);
    return buf;
}

/* Writes the file text with field col (0-based) of line 3 replaced by value; checks it with
 * the item plans and with the item checks alone; both logs must be the same. Returns the
 * findings on the item's field (its No.). */
static size_t check_value_as(const char *text, size_t col, const char *value, const char *tmp,
                             unsigned no)
{
    const char *l3 = text;
    for (int k = 0; k < 2; k++)
        l3 = strchr(l3, '\n') + 1;
    const char *at = l3;
    for (size_t k = 0; k < col; k++)
        at = strchr(at, ',') + 1;
    size_t end = strcspn(at, ",\r\n");
    FILE *fp = fopen(tmp, "wb");
    assert_non_null(fp);
    fwrite(text, 1, (size_t)(at - text), fp);
    fputs(value, fp);
    fputs(at + end, fp);
    fclose(fp);
    struct line_log planned = {0}, full = {0};
    struct rk_file_result res;
    struct rk_check_options o = {0};
    assert_int_equal(rk_check_file(specs, &o, tmp, line3_sink, &planned, &res), RK_OK);
    o.full_item_checks = 1;
    assert_int_equal(rk_check_file(specs, &o, tmp, line3_sink, &full, &res), RK_OK);
    assert_int_equal(planned.n, full.n);
    size_t on_item = 0;
    for (size_t i = 0; i < planned.n; i++) {
        assert_string_equal(planned.rules[i], full.rules[i]);
        assert_int_equal(planned.fields[i], full.fields[i]);
        on_item += planned.fields[i] == no;
    }
    return on_item;
}

static bool listed(const struct rk_code_list *cl, const char *v)
{
    for (size_t i = 0; i < cl->ncodes; i++)
        if (strcmp(cl->codes[i].value, v) == 0)
            return true;
    return false;
}

static void test_check_plan_code_lists_of_longer_values(void **state)
{
    (void)state;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "/tmp/renkei-test-codes-%ld.csv", (long)getpid());
    size_t lists = 0, values = 0;
    for (size_t fi = 0; fi < sizeof life_files / sizeof life_files[0]; fi++) {
        char path[512];
        snprintf(path, sizeof path, LIFE_VALID "%s/valid/%s.csv", life_files[fi][0],
                 life_files[fi][1]);
        size_t n;
        char *text = slurp(path, &n);
        const struct rk_version *v = rk_specs_find(specs, "life", life_files[fi][0]);
        assert_non_null(v);
        const struct rk_layout *l = rk_version_layout(v, life_files[fi][1]);
        assert_non_null(l);
        /* the header's columns */
        const char *h = strchr(text, '\n') + 1;
        const struct rk_code_list *seen[64];
        size_t nseen = 0;
        for (size_t col = 0; *h && *h != '\r' && *h != '\n'; col++) {
            size_t len = strcspn(h, ",\r\n");
            const struct rk_item *it = rk_layout_item(l, h, len);
            h += len + (h[len] == ',');
            const struct rk_code_list *cl = it ? it->codes : NULL;
            bool longer = false;
            for (size_t i = 0; cl && i < cl->ncodes; i++)
                longer = longer || strlen(cl->codes[i].value) >= 2;
            bool again = false;
            for (size_t i = 0; i < nseen; i++)
                again = again || seen[i] == cl;
            if (!longer || again || nseen == 64)
                continue;
            seen[nseen++] = cl;
            lists++;
            /* every value passes; a value with its last byte changed, cut short or longer by a
             * byte passes only when the list has it too */
            for (size_t i = 0; i < cl->ncodes; i++) {
                const char *c = cl->codes[i].value;
                size_t cn = strlen(c);
                char miss[3][16];
                snprintf(miss[0], sizeof miss[0], "%s", c);
                miss[0][cn - 1] = (char)(miss[0][cn - 1] == '9' ? '0' : miss[0][cn - 1] + 1);
                snprintf(miss[1], sizeof miss[1], "%.*s", (int)(cn - 1), c);
                snprintf(miss[2], sizeof miss[2], "%s0", c);
                assert_int_equal(check_value_as(text, col, c, tmp, it->no), 0);
                values++;
                for (int k = 0; k < 3; k++) {
                    if (!miss[k][0])
                        continue;
                    size_t found = check_value_as(text, col, miss[k], tmp, it->no);
                    if (listed(cl, miss[k]))
                        assert_int_equal(found, 0);
                    else if (found == 0)
                        fail_msg("%s %s: %s is not in list %s and passed", life_files[fi][1],
                                 it->key, miss[k], cl->id);
                }
            }
        }
        free(text);
    }
    unlink(tmp);
    assert_true(lists >= 4);
    assert_true(values >= 100);
}

/* LIFE's numbers through the item plans: 身長 (height, 1.00 FORM_0000_2021 No.33) is a number of
 * at most 3 digits and 1 decimal (外部インターフェース項目一覧 v1.00): those pass, the rest are
 * LIFE-005, with the findings of the item checks. */
static void test_check_plan_life_numbers(void **state)
{
    (void)state;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "/tmp/renkei-test-number-%ld.csv", (long)getpid());
    size_t n;
    char *text = slurp(LIFE_VALID "1.00/valid/FORM_0000_2021.csv", &n);
    const struct rk_layout *l =
        rk_version_layout(rk_specs_find(specs, "life", "1.00"), "FORM_0000_2021");
    assert_non_null(l);
    const struct rk_item *it = rk_layout_item(l, "height", 6);
    assert_non_null(it);
    assert_int_equal(it->length, 3);
    assert_int_equal(it->decimals, 1);
    size_t col = 0; /* its column on the header */
    const char *h = strchr(text, '\n') + 1;
    while (strncmp(h, "height,", 7) != 0) {
        h = strchr(h, ',') + 1;
        col++;
    }
    static const char *const pass[] = {"165", "165.5", "5", "99.9", "0.0", "007"};
    static const char *const fail[] = {"1655", "165.55", ".5", "5.", "16a", "1.2.3", "-1"};
    for (size_t i = 0; i < sizeof pass / sizeof pass[0]; i++)
        if (check_value_as(text, col, pass[i], tmp, it->no) != 0)
            fail_msg("height %s gave a finding", pass[i]);
    for (size_t i = 0; i < sizeof fail / sizeof fail[0]; i++)
        if (check_value_as(text, col, fail[i], tmp, it->no) == 0)
            fail_msg("height %s passed", fail[i]);
    free(text);
    unlink(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_alloc_fails_cleanly_everywhere),
        cmocka_unit_test(test_check_alloc_fails_in_roundtrip_and_normalize),
        cmocka_unit_test(test_check_plan_code_lists_of_longer_values),
        cmocka_unit_test(test_check_plan_life_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
