/*
 * test_spec_load.c - unit tests of the spec loader (spec_load.c): the embedded tables load
 * and hold the spec's facts (layouts and item counts of the care-plan standard 4.1 and 3.2),
 * and a deliberately broken set of tables in a temporary directory gives SPEC-* findings at
 * the right file, line and column and makes loading fail with RK_E_SPEC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "renkei.h"

struct got {
    char id[16];
    char path[512];
    uint64_t record;
    unsigned field;
    struct rk_pos pos;
    enum rk_severity severity;
    char expected[256];
    char actual[128];
};

struct findings {
    struct got f[32];
    size_t n;
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct findings *fs = ctx;
    if (fs->n >= sizeof fs->f / sizeof fs->f[0])
        return;
    struct got *g = &fs->f[fs->n++];
    memset(g, 0, sizeof *g);
    snprintf(g->id, sizeof g->id, "%s", f->rule->id);
    snprintf(g->path, sizeof g->path, "%s", f->path ? f->path : "");
    g->record = f->record;
    g->field = f->field;
    g->pos = f->pos;
    g->severity = f->severity;
    if (f->expected)
        snprintf(g->expected, sizeof g->expected, "%s", f->expected);
    if (f->actual)
        snprintf(g->actual, sizeof g->actual, "%s", f->actual);
}

static void print_findings(const struct findings *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        const struct got *g = &fs->f[i];
        print_message("  [%zu] %s %s:%llu:%llu byte %llu record %llu field %u (%s | %s)\n", i,
                      g->id, g->path, (unsigned long long)g->pos.line,
                      (unsigned long long)g->pos.column, (unsigned long long)g->pos.byte,
                      (unsigned long long)g->record, g->field, g->expected, g->actual);
    }
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The finding of rule id whose path ends in path_suffix (exactly one), or fails. */
static const struct got *find(const struct findings *fs, const char *id, const char *path_suffix)
{
    const struct got *hit = NULL;
    size_t n = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (strcmp(fs->f[i].id, id) == 0 && ends_with(fs->f[i].path, path_suffix)) {
            hit = &fs->f[i];
            n++;
        }
    }
    if (n != 1) {
        print_findings(fs);
        fail_msg("expected one %s in *%s, got %zu", id, path_suffix, n);
    }
    return hit;
}

static void expect_at(const struct findings *fs, const struct got *g, uint64_t line, uint64_t col,
                      uint64_t byte, uint64_t record, unsigned field)
{
    if (g->pos.line != line || g->pos.column != col || g->pos.byte != byte || g->record != record ||
        g->field != field) {
        print_findings(fs);
        fail_msg("%s in %s: expected %llu:%llu byte %llu record %llu field %u, got %llu:%llu "
                 "byte %llu record %llu field %u",
                 g->id, g->path, (unsigned long long)line, (unsigned long long)col,
                 (unsigned long long)byte, (unsigned long long)record, field,
                 (unsigned long long)g->pos.line, (unsigned long long)g->pos.column,
                 (unsigned long long)g->pos.byte, (unsigned long long)g->record, g->field);
    }
}

/* ---- the embedded tables ---- */

static const struct rk_layout *layout(const struct rk_version *v, const char *id)
{
    const struct rk_layout *l = rk_version_layout(v, id);
    if (!l)
        fail_msg("layout %s missing in %s", id, v->version);
    return l;
}

static void expect_items_numbered(const struct rk_layout *l)
{
    assert_non_null(l->items);
    for (size_t i = 0; i < l->nitems; i++) {
        assert_int_equal(l->items[i].no, i + 1);
        assert_non_null(l->items[i].name);
        assert_true(l->items[i].name[0] != '\0');
    }
}

static void test_spec_load_builtin_succeeds(void **state)
{
    (void)state;
    struct findings fs = {.n = 0};
    struct rk_specs *s = NULL;
    enum rk_status st = rk_specs_load_builtin(&s, sink, &fs);
    if (st != RK_OK)
        print_findings(&fs);
    assert_int_equal(st, RK_OK);
    assert_non_null(s);
    assert_int_equal(fs.n, 0);
    assert_non_null(rk_specs_sha256(s));
    assert_int_equal(strlen(rk_specs_sha256(s)), 64);
    rk_specs_free(s);
    rk_specs_free(NULL); /* a no-op */
}

static void test_spec_load_builtin_careplan_41(void **state)
{
    (void)state;
    struct rk_specs *s = NULL;
    assert_int_equal(rk_specs_load_builtin(&s, NULL, NULL), RK_OK);
    const struct rk_version *v = rk_specs_find(s, "careplan", "4.1");
    assert_non_null(v);
    assert_string_equal(v->family, "careplan");
    assert_string_equal(v->csv_version, "202407");
    assert_int_equal(v->style, RK_STYLE_V4);
    assert_int_equal(v->encoding, RK_ENC_CP932);

    /* 17 interface files with item tables (plus the family-structure image, file name
     * only) */
    size_t with_items = 0;
    for (size_t i = 0; i < v->nlayouts; i++) {
        const struct rk_layout *l = &v->layouts[i];
        assert_ptr_equal(l->version, v);
        if (l->kind == RK_LK_IMAGE) {
            assert_int_equal(l->nitems, 0);
            continue;
        }
        assert_true(l->nitems > 0);
        expect_items_numbered(l);
        with_items++;
    }
    assert_int_equal(with_items, 17);

    const struct rk_layout *plan = layout(v, "UPPLAN");
    assert_int_equal(plan->nitems, 25);
    assert_int_equal(plan->month, RK_MONTH);
    assert_string_equal(plan->items[0].name, "CSVバージョン");
    assert_int_equal(plan->items[0].type, RK_T_DIGITS);
    assert_int_equal(plan->items[0].length, 6);
    assert_int_equal(plan->items[0].width, RK_W_FIXED);
    assert_int_equal(plan->items[0].required, RK_REQ_YES);
    assert_int_equal(plan->items[0].format, RK_F_CSV_VERSION);
    assert_int_equal(layout(v, "UPSIKYU")->nitems, 37);
    const struct rk_layout *hosoku = layout(v, "UPHOSOKU");
    assert_int_equal(hosoku->nitems, 63);
    assert_int_equal(hosoku->month, RK_MONTH_OR_ZERO);
    assert_null(rk_version_layout(v, "NOSUCH"));
    rk_specs_free(s);
}

static void test_spec_load_builtin_careplan_32(void **state)
{
    (void)state;
    struct rk_specs *s = NULL;
    assert_int_equal(rk_specs_load_builtin(&s, NULL, NULL), RK_OK);
    const struct rk_version *v = rk_specs_find(s, "careplan", "3.2");
    assert_non_null(v);
    assert_string_equal(v->csv_version, "202208");
    assert_int_equal(v->style, RK_STYLE_V3);
    const struct rk_layout *plan = layout(v, "UPPLAN");
    assert_int_equal(plan->nitems, 22);
    expect_items_numbered(plan);
    rk_specs_free(s);
}

static void test_spec_load_builtin_find(void **state)
{
    (void)state;
    struct rk_specs *s = NULL;
    assert_int_equal(rk_specs_load_builtin(&s, NULL, NULL), RK_OK);
    const struct rk_version *newest = rk_specs_find(s, "careplan", NULL);
    assert_non_null(newest);
    assert_string_equal(newest->version, "4.1");
    const struct rk_version *v = rk_specs_find_csv_version(s, "careplan", "202208");
    assert_non_null(v);
    assert_string_equal(v->version, "3.2");
    assert_null(rk_specs_find_csv_version(s, "careplan", "199901"));
    assert_null(rk_specs_find(s, "careplan", "0.1"));
    assert_null(rk_specs_find(s, "nosuchfamily", NULL));
    rk_specs_free(s);
}

/* The specs/ directory of the source tree (this file is tests/unit/test_spec_load.c). */
static void source_specs_dir(char *out, size_t n)
{
    const char *here = __FILE__;
    const char *cut = strstr(here, "tests/unit/test_spec_load.c");
    assert_non_null(cut);
    snprintf(out, n, "%.*sspecs", (int)(cut - here), here);
}

static void test_spec_load_dir_matches_builtin(void **state)
{
    (void)state;
    char dir[1024];
    source_specs_dir(dir, sizeof dir);
    if (access(dir, R_OK) != 0)
        skip();
    struct findings fs = {.n = 0};
    struct rk_specs *a = NULL, *b = NULL;
    enum rk_status st = rk_specs_load_dir(&a, dir, sink, &fs);
    if (st != RK_OK)
        print_findings(&fs);
    assert_int_equal(st, RK_OK);
    assert_int_equal(rk_specs_load_builtin(&b, NULL, NULL), RK_OK);
    /* same tables, same paths relative to specs/: same hash */
    assert_string_equal(rk_specs_sha256(a), rk_specs_sha256(b));
    assert_int_equal(a->nversions, b->nversions);
    rk_specs_free(a);
    rk_specs_free(b);
}

static void test_spec_load_dir_bad_arguments(void **state)
{
    (void)state;
    struct rk_specs *s = (struct rk_specs *)1;
    assert_int_equal(rk_specs_load_dir(&s, NULL, NULL, NULL), RK_E_ARG);
    s = NULL;
    assert_int_equal(rk_specs_load_dir(&s, "/nonexistent/renkei-specs", NULL, NULL), RK_E_IO);
    assert_null(s);
}

/* ---- a broken set of tables ---- */

struct tmp {
    char root[256];
    char files[16][512];
    size_t nfiles;
    char dirs[4][512];
    size_t ndirs;
};

static void tmp_mkdir(struct tmp *t, const char *rel)
{
    assert_true(t->ndirs < 4);
    char root[sizeof t->root];
    memcpy(root, t->root, sizeof root);
    snprintf(t->dirs[t->ndirs], sizeof t->dirs[0], "%s/%s", root, rel);
    assert_int_equal(mkdir(t->dirs[t->ndirs], 0700), 0);
    t->ndirs++;
}

static void tmp_write(struct tmp *t, const char *rel, const char *text)
{
    assert_true(t->nfiles < 16);
    char *path = t->files[t->nfiles++];
    char root[sizeof t->root];
    memcpy(root, t->root, sizeof root);
    snprintf(path, sizeof t->files[0], "%s/%s", root, rel);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static void tmp_remove(struct tmp *t)
{
    for (size_t i = 0; i < t->nfiles; i++)
        unlink(t->files[i]);
    for (size_t i = t->ndirs; i > 0; i--)
        rmdir(t->dirs[i - 1]);
    rmdir(t->root);
}

#define ITEMS_HEADER                                                                               \
    "no\tname\ttype\tlength\tunit\twidth\trequired\tformat\tcodes\tsentinel\trule\trole\t"         \
    "citation\tnote\n"

/* Writes the broken set. Line lengths (UTF-8 bytes; 3 per kana/kanji) are worked out in the
 * comments; the expected positions follow from them. */
static void write_broken_set(struct tmp *t)
{
    snprintf(t->root, sizeof t->root, "/tmp/renkei-spec-XXXXXX");
    assert_non_null(mkdtemp(t->root));
    tmp_mkdir(t, "careplan");
    tmp_mkdir(t, "careplan/9.9");

    /* Header: 6 names of 7+11+14+14+8+8 = 62 bytes, 5 tabs, LF = 68 bytes. Line 2 is
     * "9.9\t" (4) "209901\t" (7) "209901\t" (7) "v4\t" (3): the encoding cell "sjis" (not
     * cp932 / utf-8: SPEC-002) starts 21 bytes into line 2 = byte 89, column 22, record 2,
     * field 5. */
    tmp_write(t, "careplan/versions.tsv",
              "version\tcsv_version\teffective_from\tfilename_style\tencoding\tcitation\n"
              "9.9\t209901\t209901\tv4\tsjis\ttest\n");
    tmp_write(t, "careplan/9.9/codes.tsv",
              "list\tvalue\tlabel\tcitation\n"
              "kubun\t1\t区分1\tc\n");
    /* The header lacks "citation": SPEC-001 about the header record: 1:1 byte 0, record 1,
     * the whole record (field 0). */
    tmp_write(t, "careplan/9.9/service_types.tsv",
              "code\tname\tbenefit\tin_scope\n"
              "11\t訪問介護\tkaigo\tyes\n");
    /* Header: 2+4+5+5+6+6+4+4+5+8 = 49 bytes, 9 tabs, LF = 59. Line 2 (UPTEST) is 7 + 10
     * (テスト\t) + 6 + 2 + 8 + 2 + 2 + 5 + 2 + 2 = 46 bytes: line 3 starts at 105. Line 3
     * (UPGONE, whose item table does not exist: SPEC-004) is 7 + 7 + 5 + 2 + 8 + 2 + 2 + 5 + 2
     * + 2 = 42: line 4 starts at 147. On line 4 "UPWEEK\t" (7) "週\t" (4): the month cell
     * "weekly" (SPEC-002) is at byte 158, column 6+1+1+1+1 = 10, record 4, field 3. */
    tmp_write(t, "careplan/9.9/layouts.tsv",
              "id\tname\tmonth\titems\tsender\tparent\tkeys\tkind\trules\tcitation\n"
              "UPTEST\tテスト\tmonth\t3\tkyotaku\t-\t2\tdata\t-\tc\n"
              "UPGONE\t欠落\tnone\t1\tkyotaku\t-\t-\tdata\t-\tc\n"
              "UPWEEK\t週\tweekly\t1\tkyotaku\t-\t-\tdata\t-\tc\n");
    /* Header: 72 bytes of names, 13 tabs, LF = 86. Line 2 is 2 + 19 (CSVバージョン\t: 3 +
     * 5*3 + 1) + 7 + 2 + 6 + 6 + 4 + 12 + 2 + 2 + 2 + 2 + 2 + 2 = 70 bytes: line 3 at 156.
     * Line 3: "2\t" (2) "区分\t" (7): type "digit" (SPEC-002) at byte 165, column
     * 1+1+2+1+1 = 6, record 3, field 3. Line 3 is 51 bytes: line 4 at 207.
     * Line 4: the codes cell "nolist" (no such list: SPEC-003) after "3\t名前\ttext\t-\t-\t-\t"
     * "no\t-\t" = 2+7+5+2+2+2+3+2 = 25 bytes = byte 232; columns 1 (3) 2 (tab) 3-4 (名前)
     * 5 (tab) 6-9 (text) 10 11 12 13 14 15 16 (-\t-\t-\t) 17-18 (no) 19 (tab) 20 (-) 21
     * (tab): column 22, record 4, field 9. Line 4 is 42 bytes: line 5 at 249.
     * Line 5 has 13 cells, not 14: SPEC-001 about the whole record at 5:1 byte 249, record 5,
     * field 0. */
    tmp_write(t, "careplan/9.9/UPTEST.tsv",
              ITEMS_HEADER
              "1\tCSVバージョン\tdigits\t6\tchars\tfixed\tyes\tcsv_version\t-\t-\t-\t-\tc\tn\n"
              "2\t区分\tdigit\t1\tchars\tfixed\tyes\t-\tkubun\t-\t-\t-\tc\tn\n"
              "3\t名前\ttext\t-\t-\t-\tno\t-\tnolist\t-\t-\t-\tc\tn\n"
              "4\t余分\ttext\t-\t-\t-\tno\t-\t-\t-\t-\t-\tc\n");
    tmp_write(t, "careplan/9.9/UPWEEK.tsv",
              ITEMS_HEADER "1\t項目\ttext\t-\t-\t-\tno\t-\t-\t-\t-\t-\tc\tn\n");
    /* samples.tsv. Header: 6+5+6+4 = 21 bytes, 3 tabs, LF = 25. Line 2 (no layout UPNONE:
     * SPEC-003 at 2:1 byte 25, field 1) is 7+2+5+2 = 16: line 3 at 41. Line 3: "UPTEST\t"
     * (7), then "2,9" (UPTEST has 3 items: SPEC-003 at 3:8 byte 48, field 2); 7+4+5+2 = 18:
     * line 4 at 59. Line 4: "UPTEST\t-\t" (9), then "birthday" (no such keyword: SPEC-002
     * at 4:10 byte 68, field 3). */
    /* offices.tsv without kyotaku, the sender of the three layouts: SPEC-003 for each */
    tmp_write(t, "careplan/9.9/offices.tsv",
              "office\tname\tservice_type\tcitation\n"
              "service\tサービス提供事業所\t-\tc\n");
    tmp_write(t, "careplan/9.9/samples.tsv",
              "layout\titems\tsample\tnote\n"
              "UPNONE\t1\tkana\tn\n"
              "UPTEST\t2,9\tkana\tn\n"
              "UPTEST\t-\tbirthday\tn\n");
}

/* Loads the broken set of write_broken_set into fs: the load must fail with RK_E_SPEC and set
 * no specs (the out pointer is primed with a non-NULL value to see that it is cleared). */
static void load_broken_set(struct findings *fs)
{
    struct tmp t;
    memset(&t, 0, sizeof t);
    write_broken_set(&t);
    fs->n = 0;
    struct rk_specs *s = (struct rk_specs *)1;
    enum rk_status st = rk_specs_load_dir(&s, t.root, sink, fs);
    tmp_remove(&t);
    assert_int_equal(st, RK_E_SPEC);
    assert_null(s);
}

static void test_spec_load_dir_broken_tables(void **state)
{
    (void)state;
    struct findings fs;
    load_broken_set(&fs);

    const struct got *g;
    g = find(&fs, "SPEC-002", "/careplan/versions.tsv");
    expect_at(&fs, g, 2, 22, 89, 2, 5);
    assert_string_equal(g->actual, "sjis");
    g = find(&fs, "SPEC-002", "/careplan/9.9/layouts.tsv");
    expect_at(&fs, g, 4, 10, 158, 4, 3);
    assert_string_equal(g->actual, "weekly");
    g = find(&fs, "SPEC-002", "/careplan/9.9/UPTEST.tsv");
    expect_at(&fs, g, 3, 6, 165, 3, 3);
    assert_string_equal(g->actual, "digit");
    g = find(&fs, "SPEC-003", "/careplan/9.9/UPTEST.tsv");
    expect_at(&fs, g, 4, 22, 232, 4, 9);
    assert_string_equal(g->actual, "nolist");
    g = find(&fs, "SPEC-002", "/careplan/9.9/samples.tsv");
    expect_at(&fs, g, 4, 10, 68, 4, 3);
    assert_string_equal(g->actual, "birthday");
    /* samples.tsv names a layout that is not there, and an item No. past the layout's last */
    const struct got *nolayout = NULL, *noitem = NULL;
    for (size_t i = 0; i < fs.n; i++)
        if (strcmp(fs.f[i].id, "SPEC-003") == 0 && ends_with(fs.f[i].path, "/samples.tsv")) {
            if (fs.f[i].record == 2)
                nolayout = &fs.f[i];
            else if (fs.f[i].record == 3)
                noitem = &fs.f[i];
        }
    assert_non_null(nolayout);
    assert_non_null(noitem);
    expect_at(&fs, nolayout, 2, 1, 25, 2, 1);
    assert_string_equal(nolayout->actual, "UPNONE");
    expect_at(&fs, noitem, 3, 8, 48, 3, 2);
    assert_string_equal(noitem->actual, "9");
    size_t senders = 0;
    for (size_t i = 0; i < fs.n; i++)
        senders += strcmp(fs.f[i].id, "SPEC-003") == 0 &&
                   ends_with(fs.f[i].path, "/careplan/9.9/layouts.tsv") &&
                   strcmp(fs.f[i].actual, "kyotaku") == 0;
    assert_int_equal(senders, 3);
    g = find(&fs, "SPEC-004", "/careplan/9.9/UPGONE.tsv");
    assert_int_equal(g->record, 0);
    assert_int_equal(g->field, 0);
    assert_string_equal(g->expected, "careplan/9.9/UPGONE.tsv");
    for (size_t i = 0; i < fs.n; i++)
        assert_int_equal(fs.f[i].severity, RK_SEV_ERROR);
}

static void test_spec_load_dir_wrong_cell_count_is_whole_record(void **state)
{
    (void)state;
    /* SPEC-001 for a header that is not the table's, and for a row with the wrong number of
     * cells, is about the whole record: at its first byte, field 0 (as CSV-004 and REC-001). */
    struct findings fs;
    load_broken_set(&fs);
    expect_at(&fs, find(&fs, "SPEC-001", "/careplan/9.9/service_types.tsv"), 1, 1, 0, 1, 0);
    expect_at(&fs, find(&fs, "SPEC-001", "/careplan/9.9/UPTEST.tsv"), 5, 1, 249, 5, 0);
}

static void test_spec_load_dir_missing_table_has_no_position(void **state)
{
    (void)state;
    /* A table that does not exist has no line or column: SPEC-004 is at 0:0 like IO-001
     * (input cannot be read), not at 1:1 of a file that is not there. And it is the one
     * finding about that table: no second one (SPEC-003 "0 items") for the same cause. */
    struct findings fs;
    load_broken_set(&fs);
    expect_at(&fs, find(&fs, "SPEC-004", "/careplan/9.9/UPGONE.tsv"), 0, 0, 0, 0, 0);
    size_t about_gone = 0;
    for (size_t i = 0; i < fs.n; i++)
        about_gone += ends_with(fs.f[i].path, "/UPGONE.tsv");
    if (about_gone != 1) {
        print_findings(&fs);
        fail_msg("%zu findings about the missing UPGONE.tsv, expected 1", about_gone);
    }
}

static void test_spec_load_dir_no_family(void **state)
{
    (void)state;
    /* An empty directory: no <family>/versions.tsv: SPEC-004 and RK_E_SPEC. */
    struct tmp t;
    memset(&t, 0, sizeof t);
    snprintf(t.root, sizeof t.root, "/tmp/renkei-spec-XXXXXX");
    assert_non_null(mkdtemp(t.root));
    struct findings fs = {.n = 0};
    struct rk_specs *s = NULL;
    enum rk_status st = rk_specs_load_dir(&s, t.root, sink, &fs);
    tmp_remove(&t);
    assert_int_equal(st, RK_E_SPEC);
    assert_null(s);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.f[0].id, "SPEC-004");
}

/* The `when` column (specs/life/README.md): "ID" or "ID=V|V", terms joined by '&'. */
static void test_spec_load_when_terms(void **state)
{
    (void)state;
    const char *cur = "facility_outpatient_category=1&food_form_ingestion=1|2&no2_number";
    struct rk_when_term t;
    assert_int_equal(rk_when_next(&cur, &t), 1);
    assert_int_equal(t.id_len, strlen("facility_outpatient_category"));
    assert_memory_equal(t.id, "facility_outpatient_category", t.id_len);
    assert_int_equal(t.vals_len, 1);
    assert_memory_equal(t.vals, "1", 1);
    assert_int_equal(rk_when_next(&cur, &t), 1);
    assert_int_equal(t.vals_len, 3);
    assert_memory_equal(t.vals, "1|2", 3);
    assert_int_equal(rk_when_next(&cur, &t), 1);
    assert_memory_equal(t.id, "no2_number", t.id_len);
    assert_null(t.vals);
    assert_int_equal(rk_when_next(&cur, &t), 0);
    static const char *const bad[] = {"a=", "a=1|", "a=|1", "a=1||2", "A=1",   "a=x",
                                      "a&", "&a",   "=1",   "a b",    "a=1&&b"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cur = bad[i];
        int r;
        while ((r = rk_when_next(&cur, &t)) > 0)
            ;
        if (r != -1)
            fail_msg("'%s' accepted", bad[i]);
    }
}

/* ● items carry their condition in words and, where the file shows it, as `when`. Facts of
 * 外部インターフェース項目一覧（LIFE） v1.00 (specs/life/1.00/FORM_0210_2021.tsv): No.21 回数 is ●
 * when No.20 実施の有無 is 1 (有り); No.94 記入者職員職種 is ● when 記入日 #2 (No.93) is
 * entered. FORM_0000_2021 family_01 depends on billing, which no file shows: no `when`. */
static void test_spec_load_builtin_life_when(void **state)
{
    (void)state;
    struct rk_specs *s = NULL;
    assert_int_equal(rk_specs_load_builtin(&s, NULL, NULL), RK_OK);
    const struct rk_version *v = rk_specs_find(s, "life", "1.00");
    assert_non_null(v);
    const struct rk_layout *l = layout(v, "FORM_0210_2021");
    assert_string_equal(l->items[20].key, "visiting_dental_hygiene_guidance_frequency");
    assert_int_equal(l->items[20].required, RK_REQ_COND);
    assert_string_equal(l->items[20].when, "is_visiting_dental_hygiene_guidance=1");
    assert_string_equal(l->items[19].key, "is_visiting_dental_hygiene_guidance");
    assert_string_equal(l->items[93].key, "oral_care_record_staff_job_category_02");
    assert_string_equal(l->items[93].when, "oral_care_filing_date_02");
    assert_string_equal(l->items[92].key, "oral_care_filing_date_02");
    const struct rk_layout *f0 = layout(v, "FORM_0000_2021");
    bool seen = false;
    for (size_t i = 0; i < f0->nitems; i++) {
        if (strcmp(f0->items[i].key, "family_01") == 0) {
            seen = true;
            assert_int_equal(f0->items[i].required, RK_REQ_COND);
            assert_non_null(f0->items[i].condition);
            assert_null(f0->items[i].when);
        }
        if (f0->items[i].when)
            assert_int_equal(f0->items[i].required, RK_REQ_COND);
    }
    assert_true(seen);
    rk_specs_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_load_builtin_succeeds),
        cmocka_unit_test(test_spec_load_builtin_careplan_41),
        cmocka_unit_test(test_spec_load_builtin_careplan_32),
        cmocka_unit_test(test_spec_load_builtin_find),
        cmocka_unit_test(test_spec_load_dir_matches_builtin),
        cmocka_unit_test(test_spec_load_dir_bad_arguments),
        cmocka_unit_test(test_spec_load_dir_broken_tables),
        cmocka_unit_test(test_spec_load_dir_wrong_cell_count_is_whole_record),
        cmocka_unit_test(test_spec_load_dir_missing_table_has_no_position),
        cmocka_unit_test(test_spec_load_dir_no_family),
        cmocka_unit_test(test_spec_load_when_terms),
        cmocka_unit_test(test_spec_load_builtin_life_when),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
