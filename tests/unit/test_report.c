/*
 * test_report.c - unit tests of what the report writers share (report.c): the XML/HTML
 * escaping every JUnit and HTML value goes through, SOURCE_DATE_EPOCH timestamps, and the
 * kept document the whole-document formats write from; the JSON writer refuses strings that
 * are not UTF-8.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "finding.h"
#include "report.h"

/* Escapes s through a text report writing into memory; returns the text (caller frees). */
static char *escape(const char *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    assert_non_null(fp);
    struct rk_report *r = NULL;
    assert_int_equal(rk_report_new(&r, RK_REPORT_TEXT, RK_LANG_JA, fp), RK_OK);
    rk_report_put_xml(r, s);
    assert_false(r->io_error);
    rk_report_free(r);
    fclose(fp);
    return text;
}

static void expect_escape(const char *in, const char *want)
{
    char *got = escape(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_report_xml_escape_markup(void **state)
{
    (void)state;
    expect_escape("a&b<c>\"d'e", "a&amp;b&lt;c&gt;&quot;d&#39;e");
    expect_escape("</testsuite><script>", "&lt;/testsuite&gt;&lt;script&gt;");
    expect_escape("]]>", "]]&gt;");
    expect_escape("\t\n\r", "&#9;&#10;&#13;");
    expect_escape("", "");
    expect_escape(NULL, "");
}

static void test_report_xml_escape_keeps_text(void **state)
{
    (void)state;
    expect_escape("時刻が不正 No.12", "時刻が不正 No.12");
    expect_escape("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"); /* U+1F600, four bytes */
    expect_escape("\x7F", "\x7F");                         /* DEL is an XML character */
}

static void test_report_xml_escape_invalid_characters(void **state)
{
    (void)state;
    expect_escape("a\x01z", "a\\u0001z");             /* controls as rk_encoding_display shows */
    expect_escape("\xFF", "\\xFF");                   /* not UTF-8 */
    expect_escape("\xC0\xAF", "\\xC0\\xAF");          /* overlong */
    expect_escape("\xE6\x97", "\\xE6\\x97");          /* truncated */
    expect_escape("\xED\xA0\x80", "\\xED\\xA0\\x80"); /* a surrogate */
    expect_escape("\xEF\xBF\xBE", "\\xEF\\xBF\\xBE"); /* U+FFFE: not an XML character */
    expect_escape("\xF4\x90\x80\x80", "\\xF4\\x90\\x80\\x80"); /* beyond U+10FFFF */
}

static void test_report_xml_escape_long(void **state)
{
    (void)state;
    char in[1001], want[5001];
    for (size_t i = 0; i < 1000; i++) {
        in[i] = '&';
        memcpy(want + 5 * i, "&amp;", 5);
    }
    in[1000] = '\0';
    want[5000] = '\0';
    expect_escape(in, want);
}

static void test_report_timestamp_from_source_date_epoch(void **state)
{
    (void)state;
    char buf[32];
    unsetenv("SOURCE_DATE_EPOCH");
    assert_false(rk_report_timestamp(buf));
    assert_string_equal(buf, "");
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_true(rk_report_timestamp(buf));
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    setenv("SOURCE_DATE_EPOCH", "1742900000", 1);
    assert_true(rk_report_timestamp(buf));
    assert_string_equal(buf, "2025-03-25T10:53:20Z");
    setenv("SOURCE_DATE_EPOCH", "12x", 1);
    assert_false(rk_report_timestamp(buf));
    setenv("SOURCE_DATE_EPOCH", "-1", 1);
    assert_false(rk_report_timestamp(buf));
    unsetenv("SOURCE_DATE_EPOCH");
}

/* rules.def names each rule twice, as the enum constant (ENC_001) and as the ID reports show
 * ("ENC-001"): the two agree, the table is indexed by the constant, and rk_rule_find finds the
 * same entry by its ID. */
static void test_report_rule_names_match_ids(void **state)
{
    (void)state;
    static const struct {
        enum rk_rule_id rule;
        const char *name, *id;
    } table[] = {
#define RULE(name, id, ...) {RK_RULE_##name, #name, id},
#include "rules.def"
#undef RULE
    };
    assert_int_equal(sizeof table / sizeof table[0], RK_RULE_COUNT);
    assert_int_equal(rk_rule_count(), RK_RULE_COUNT);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        char want[16];
        snprintf(want, sizeof want, "%s", table[i].name);
        for (char *p = want; *p; p++)
            *p = *p == '_' ? '-' : *p;
        assert_string_equal(table[i].id, want);
        assert_int_equal(table[i].rule, i);
        assert_ptr_equal(rk_rule_get(table[i].rule), rk_rule_at(i));
        assert_string_equal(rk_rule_get(table[i].rule)->id, table[i].id);
        assert_ptr_equal(rk_rule_find(table[i].id), rk_rule_get(table[i].rule));
    }
    assert_null(rk_rule_find("FLD-999"));
}

/* The columns that say how a rule is grouped (listed, flags) agree with what it looks at
 * (scope): a copy is uncertain only after an error in reading the input (UNSURE on a rule that
 * can never be an error would say nothing), only the reader's findings lack the item, and a
 * report lists a rule under every input file only when it checks files. */
static void test_report_rule_columns_agree_with_scope(void **state)
{
    (void)state;
    size_t unsure = 0;
    for (size_t i = 0; i < rk_rule_count(); i++) {
        const struct rk_rule *r = rk_rule_at(i);
        bool checks_files = r->scope == RK_SCOPE_READ || r->scope == RK_SCOPE_NAME ||
                            r->scope == RK_SCOPE_RECORD || r->scope == RK_SCOPE_FILE ||
                            r->scope == RK_SCOPE_SEND;
        if (r->flags & RK_RULE_FLAG_UNSURE) {
            assert_int_equal(r->scope, RK_SCOPE_READ);
            assert_true(r->severity == RK_SEV_ERROR || r->strict_raises);
            unsure++;
        }
        if (r->flags & RK_RULE_FLAG_ITEM)
            assert_int_equal(r->scope, RK_SCOPE_READ);
        assert_true(r->listed == RK_LISTED_FOUND || checks_files);
        if (r->listed == RK_LISTED_SENDS)
            assert_true(r->scope == RK_SCOPE_FILE || r->scope == RK_SCOPE_SEND);
    }
    /* an unclosed quote, a bad byte and an unreadable input each stop normalize */
    assert_true(rk_rule_get(RK_RULE_CSV_001)->flags & RK_RULE_FLAG_UNSURE);
    assert_true(rk_rule_get(RK_RULE_ENC_001)->flags & RK_RULE_FLAG_UNSURE);
    assert_true(rk_rule_get(RK_RULE_IO_001)->flags & RK_RULE_FLAG_UNSURE);
    assert_false(rk_rule_get(RK_RULE_FLD_001)->flags & RK_RULE_FLAG_UNSURE);
    assert_true(unsure < rk_rule_count() / 2);
}

/* The kept document copies every string: the caller's buffers may change after the call. */
static void test_report_doc_keeps_copies_in_order(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    struct rk_report *r = NULL;
    assert_int_equal(rk_report_new(&r, RK_REPORT_HTML, RK_LANG_JA, fp), RK_OK);
    assert_non_null(r->doc);
    char path[32] = "a.CSV", actual[8] = "<x>";
    rk_report_begin_file(r, path);
    struct rk_finding f = {.rule = rk_rule_find("FLD-009"),
                           .severity = RK_SEV_ERROR,
                           .path = path,
                           .actual = actual,
                           .pos = {.line = 2, .column = 3}};
    rk_report_finding(r, &f);
    f.pos.line = 5;
    rk_report_finding(r, &f);
    struct rk_file_result res = {.count = {0, 0, 2}, .layout = "UPPLAN"};
    rk_report_end_file(r, &res);
    snprintf(path, sizeof path, "changed");
    snprintf(actual, sizeof actual, "changed");
    const struct rk_report_doc *d = r->doc;
    assert_int_equal(d->nsections, 1);
    assert_int_equal(d->nfindings, 2);
    assert_string_equal(d->sections[0].path, "a.CSV");
    assert_string_equal(d->sections[0].res.layout, "UPPLAN");
    assert_int_equal(d->sections[0].count[RK_SEV_ERROR], 2);
    assert_string_equal(d->findings[0].f.actual, "<x>");
    assert_int_equal(d->findings[1].f.pos.line, 5);
    assert_non_null(strstr(d->findings[0].message, "時刻が不正"));
    assert_int_equal(rk_report_finish(r), RK_OK);
    rk_report_free(r);
    fclose(fp);
    assert_non_null(strstr(text, "<code class=\"value\">&lt;x&gt;</code>"));
    assert_null(strstr(text, "<x>"));
    free(text);
}

/* renkei.h promises UTF-8 finding strings, and the JSON writer passes them to jansson
 * unchecked (its dump decodes them anyway): a string that breaks the promise must fail the
 * report (rk_report_finish not RK_OK), and its bytes must never reach the output. */
static void test_report_json_fails_on_ill_formed_utf8(void **state)
{
    (void)state;
    static const char *const bad[] = {"\xFF", "ab\xE3\x81", "\xC0\xAF", "\xED\xA0\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        for (int where = 0; where < 3; where++) {
            char *text = NULL;
            size_t len = 0;
            FILE *fp = open_memstream(&text, &len);
            struct rk_report *r = NULL;
            assert_int_equal(rk_report_new(&r, RK_REPORT_JSON, RK_LANG_EN, fp), RK_OK);
            rk_report_begin_file(r, "a.CSV");
            struct rk_finding f = {.rule = rk_rule_find("FLD-009"),
                                   .severity = RK_SEV_ERROR,
                                   .path = "a.CSV",
                                   .pos = {.line = 2, .column = 3}};
            if (where == 0)
                f.actual = bad[i];
            else if (where == 1)
                f.item = bad[i];
            else
                f.citation = bad[i];
            rk_report_finding(r, &f);
            struct rk_file_result res = {.count = {0, 0, 1}};
            rk_report_end_file(r, &res);
            assert_int_not_equal(rk_report_finish(r), RK_OK);
            rk_report_free(r);
            fclose(fp);
            assert_null(memmem(text, len, bad[i], strlen(bad[i])));
            free(text);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_xml_escape_markup),
        cmocka_unit_test(test_report_xml_escape_keeps_text),
        cmocka_unit_test(test_report_xml_escape_invalid_characters),
        cmocka_unit_test(test_report_xml_escape_long),
        cmocka_unit_test(test_report_timestamp_from_source_date_epoch),
        cmocka_unit_test(test_report_rule_names_match_ids),
        cmocka_unit_test(test_report_rule_columns_agree_with_scope),
        cmocka_unit_test(test_report_doc_keeps_copies_in_order),
        cmocka_unit_test(test_report_json_fails_on_ill_formed_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
