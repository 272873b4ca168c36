/*
 * test_reader.c - unit tests of the streaming record reader (csv_reader.c): every finding the
 * reader gives, with its exact position (line, decoded column, byte offset, record, field),
 * and the records it delivers (field bytes, quoted flags, positions, record numbers).
 *
 * Every test goes through read_all(), which runs the same input fed whole and in chunks of
 * 1, 2, 3 and 7 bytes and asserts that all five runs give identical findings and records.
 * Expected positions are worked out by hand from the input bytes (see the comment above each
 * input); positions follow corpus/README.md "Where a finding is".
 * The last test makes the Nth allocation fail for every N and expects a clean RK_E_NOMEM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "renkei.h"

/* ---- what a run produced, copied out of the callbacks (plain malloc, not rk_malloc) ---- */

struct got_finding {
    char id[16];
    enum rk_severity severity;
    uint64_t record;
    unsigned field;
    struct rk_pos pos;
    int has_context;
    struct rk_pos context;
    char detail[96];
};

struct got_field {
    unsigned char *data;
    size_t len;
    struct rk_pos pos;
    unsigned flags;
    size_t chars;
};

struct got_record {
    uint64_t number;
    struct rk_pos pos;
    size_t nfields, fields_seen;
    struct got_field *fields;
};

struct run {
    struct got_finding *f;
    size_t nf;
    struct got_record *r;
    size_t nr;
    enum rk_status status; /* first non-OK status of new/feed/finish, or RK_OK */
    uint64_t records;      /* rk_reader_records() at the end */
    int stop_after;        /* record callback returns nonzero after this many records */
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        abort();
    return q;
}

static void sink(void *ctx, const struct rk_finding *f)
{
    struct run *run = ctx;
    run->f = xrealloc(run->f, (run->nf + 1) * sizeof *run->f);
    struct got_finding *g = &run->f[run->nf++];
    memset(g, 0, sizeof *g);
    snprintf(g->id, sizeof g->id, "%s", f->rule->id);
    g->severity = f->severity;
    g->record = f->record;
    g->field = f->field;
    g->pos = f->pos;
    g->has_context = f->has_context;
    if (f->has_context)
        g->context = f->context;
    if (f->detail)
        snprintf(g->detail, sizeof g->detail, "%s", f->detail);
}

static int on_record(void *ctx, const struct rk_record *rec)
{
    struct run *run = ctx;
    run->r = xrealloc(run->r, (run->nr + 1) * sizeof *run->r);
    struct got_record *g = &run->r[run->nr++];
    g->number = rec->number;
    g->pos = rec->pos;
    g->nfields = rec->nfields;
    g->fields_seen = rec->fields_seen;
    g->fields = xrealloc(NULL, (rec->nfields ? rec->nfields : 1) * sizeof *g->fields);
    for (size_t i = 0; i < rec->nfields; i++) {
        struct got_field *gf = &g->fields[i];
        gf->len = rec->fields[i].len;
        gf->data = xrealloc(NULL, gf->len + 1);
        if (gf->len)
            memcpy(gf->data, rec->fields[i].data, gf->len);
        gf->data[gf->len] = '\0';
        gf->pos = rec->fields[i].pos;
        gf->flags = rec->fields[i].flags;
        gf->chars = rec->fields[i].chars;
    }
    return run->stop_after && (int)run->nr >= run->stop_after;
}

static void run_free(struct run *run)
{
    for (size_t i = 0; i < run->nr; i++) {
        for (size_t j = 0; j < run->r[i].nfields; j++)
            free(run->r[i].fields[j].data);
        free(run->r[i].fields);
    }
    free(run->r);
    free(run->f);
    memset(run, 0, sizeof *run);
}

/* Runs one reader over in[0..len) fed in chunks of chunk bytes (0 = whole). When
 * max_findings is nonzero the reader's findings go through an emitter with that cap. */
static void run_reader(const struct rk_reader_options *opt, const void *in, size_t len,
                       size_t chunk, uint64_t max_findings, struct run *run)
{
    int stop_after = run->stop_after;
    memset(run, 0, sizeof *run);
    run->stop_after = stop_after;
    struct rk_reader *r = NULL;
    enum rk_status st = rk_reader_new(&r, opt, "test.csv", sink, run, on_record, run);
    struct rk_emitter em = {.sink = sink,
                            .ctx = run,
                            .path = "test.csv",
                            .profile = opt ? opt->profile : RK_PROFILE_DEFAULT,
                            .max_findings = max_findings};
    if (st == RK_OK && max_findings)
        rk_reader_set_emitter(r, &em);
    const unsigned char *p = in;
    size_t at = 0;
    while (st == RK_OK && at < len) {
        size_t n = chunk == 0 || len - at < chunk ? len - at : chunk;
        st = rk_reader_feed(r, p + at, n);
        at += n;
    }
    if (st == RK_OK)
        st = rk_reader_finish(r);
    if (max_findings && r) /* the owner of an emitter flushes it (as check.c does) */
        rk_emit_flush(&em, rk_reader_end(r));
    run->status = st;
    run->records = r ? rk_reader_records(r) : 0;
    rk_reader_free(r);
}

static void print_run(const char *what, const struct run *run)
{
    print_message("%s: status %d, %zu findings, %zu records\n", what, (int)run->status, run->nf,
                  run->nr);
    for (size_t i = 0; i < run->nf; i++) {
        const struct got_finding *g = &run->f[i];
        print_message("  [%zu] %s %llu:%llu byte %llu record %llu field %u [%s]\n", i, g->id,
                      (unsigned long long)g->pos.line, (unsigned long long)g->pos.column,
                      (unsigned long long)g->pos.byte, (unsigned long long)g->record, g->field,
                      g->detail);
    }
    for (size_t i = 0; i < run->nr; i++) {
        const struct got_record *g = &run->r[i];
        print_message("  record %llu at %llu:%llu byte %llu, %zu fields (%zu seen)\n",
                      (unsigned long long)g->number, (unsigned long long)g->pos.line,
                      (unsigned long long)g->pos.column, (unsigned long long)g->pos.byte,
                      g->nfields, g->fields_seen);
    }
}

static int pos_eq(struct rk_pos a, struct rk_pos b)
{
    return a.byte == b.byte && a.line == b.line && a.column == b.column;
}

/* 1 when both runs gave the same findings and records. */
static int run_eq(const struct run *a, const struct run *b)
{
    if (a->status != b->status || a->nf != b->nf || a->nr != b->nr || a->records != b->records)
        return 0;
    for (size_t i = 0; i < a->nf; i++) {
        const struct got_finding *x = &a->f[i], *y = &b->f[i];
        if (strcmp(x->id, y->id) != 0 || x->severity != y->severity || x->record != y->record ||
            x->field != y->field || !pos_eq(x->pos, y->pos) || x->has_context != y->has_context ||
            (x->has_context && !pos_eq(x->context, y->context)) ||
            strcmp(x->detail, y->detail) != 0)
            return 0;
    }
    for (size_t i = 0; i < a->nr; i++) {
        const struct got_record *x = &a->r[i], *y = &b->r[i];
        if (x->number != y->number || !pos_eq(x->pos, y->pos) || x->nfields != y->nfields ||
            x->fields_seen != y->fields_seen)
            return 0;
        for (size_t j = 0; j < x->nfields; j++) {
            const struct got_field *p = &x->fields[j], *q = &y->fields[j];
            if (p->len != q->len || memcmp(p->data, q->data, p->len) != 0 ||
                !pos_eq(p->pos, q->pos) || p->flags != q->flags || p->chars != q->chars)
                return 0;
        }
    }
    return 1;
}

/* The helper every reader test goes through: whole, then chunks of 1, 2, 3 and 7 bytes; all
 * five runs must agree. Returns the whole-input run in *out (free with run_free). */
static void read_all_capped(const struct rk_reader_options *opt, const void *in, size_t len,
                            uint64_t max_findings, struct run *out)
{
    static const size_t chunks[] = {1, 2, 3, 7};
    run_reader(opt, in, len, 0, max_findings, out);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        struct run c = {.stop_after = out->stop_after};
        run_reader(opt, in, len, chunks[i], max_findings, &c);
        if (!run_eq(out, &c)) {
            print_run("whole", out);
            char what[32];
            snprintf(what, sizeof what, "chunks of %zu", chunks[i]);
            print_run(what, &c);
            run_free(&c);
            run_free(out);
            fail_msg("feeding in chunks of %zu bytes gives other results than whole", chunks[i]);
        }
        run_free(&c);
    }
}

static void read_all(const struct rk_reader_options *opt, const void *in, size_t len,
                     struct run *out)
{
    read_all_capped(opt, in, len, 0, out);
}

#define READ(opt, lit, run) read_all((opt), (lit), sizeof(lit) - 1, (run))

/* Asserts finding i is rule id at line:col, byte offset, record and field. */
static void expect_finding(struct run *run, size_t i, const char *id, uint64_t line, uint64_t col,
                           uint64_t byte, uint64_t record, unsigned field)
{
    if (i >= run->nf) {
        print_run("got", run);
        size_t nf = run->nf;
        run_free(run);
        fail_msg("expected finding #%zu %s, got only %zu findings", i, id, nf);
    }
    const struct got_finding *g = &run->f[i];
    if (strcmp(g->id, id) != 0 || g->pos.line != line || g->pos.column != col ||
        g->pos.byte != byte || g->record != record || g->field != field) {
        print_run("got", run);
        struct got_finding got = *g;
        run_free(run);
        fail_msg("finding #%zu: expected %s %llu:%llu byte %llu record %llu field %u, got %s "
                 "%llu:%llu byte %llu record %llu field %u",
                 i, id, (unsigned long long)line, (unsigned long long)col, (unsigned long long)byte,
                 (unsigned long long)record, field, got.id, (unsigned long long)got.pos.line,
                 (unsigned long long)got.pos.column, (unsigned long long)got.pos.byte,
                 (unsigned long long)got.record, got.field);
    }
}

static void expect_nfindings(struct run *run, size_t n)
{
    if (run->nf != n) {
        print_run("got", run);
        size_t nf = run->nf;
        run_free(run);
        fail_msg("expected %zu findings, got %zu", n, nf);
    }
}

static void expect_pos(struct rk_pos p, uint64_t line, uint64_t col, uint64_t byte)
{
    assert_int_equal(p.line, line);
    assert_int_equal(p.column, col);
    assert_int_equal(p.byte, byte);
}

static void expect_field(const struct got_record *rec, size_t i, const void *data, size_t len,
                         unsigned flags, uint64_t line, uint64_t col, uint64_t byte)
{
    assert_true(i < rec->nfields);
    const struct got_field *f = &rec->fields[i];
    assert_int_equal(f->len, len);
    assert_memory_equal(f->data, data, len);
    assert_int_equal(f->flags, flags);
    expect_pos(f->pos, line, col, byte);
}

#define EXPECT_FIELD(rec, i, lit, flags, line, col, byte)                                          \
    expect_field((rec), (i), (lit), sizeof(lit) - 1, (flags), (line), (col), (byte))

static const struct rk_reader_options cp932 = {.encoding = RK_ENC_CP932};
static const struct rk_reader_options utf8 = {.encoding = RK_ENC_UTF8};
static const struct rk_reader_options utf8_to_ms932 = {.encoding = RK_ENC_UTF8, .target_ms932 = 1};

/* ---- records and fields ---- */

static void test_reader_fields_quoting_and_positions(void **state)
{
    (void)state;
    /* "0 a1 "2 "3 b4 "5 ,6 "7 x8 \r9 \n10 | y11 "12 ,13 ,14 "15 "16 \r17 \n18 |
     * 1 19 ,20 2 21 ,22 3 23 ,24 4 25 \r26 \n27.
     * Field 2 opens at byte 7 = 1:8 and keeps its CRLF; line 2 starts at byte 11, so the
     * empty unquoted field 3 is at byte 14 = 2:4 and the empty quoted field 4 at byte 15 =
     * 2:5. Record 2 starts at byte 19 = 3:1. */
    struct run run = {0};
    READ(NULL, "\"a\"\"b\",\"x\r\ny\",,\"\"\r\n1,2,3,4\r\n", &run);
    assert_int_equal(run.status, RK_OK);
    expect_nfindings(&run, 0);
    assert_int_equal(run.nr, 2);
    assert_int_equal(run.records, 2);
    const struct got_record *r1 = &run.r[0], *r2 = &run.r[1];
    assert_int_equal(r1->number, 1);
    expect_pos(r1->pos, 1, 1, 0);
    assert_int_equal(r1->nfields, 4);
    assert_int_equal(r1->fields_seen, 4);
    EXPECT_FIELD(r1, 0, "a\"b", RK_FIELD_QUOTED, 1, 1, 0);
    EXPECT_FIELD(r1, 1, "x\r\ny", RK_FIELD_QUOTED, 1, 8, 7);
    EXPECT_FIELD(r1, 2, "", 0, 2, 4, 14);
    EXPECT_FIELD(r1, 3, "", RK_FIELD_QUOTED, 2, 5, 15);
    assert_int_equal(r2->number, 2);
    expect_pos(r2->pos, 3, 1, 19);
    assert_int_equal(r2->nfields, 4);
    EXPECT_FIELD(r2, 0, "1", 0, 3, 1, 19);
    EXPECT_FIELD(r2, 1, "2", 0, 3, 3, 21);
    EXPECT_FIELD(r2, 2, "3", 0, 3, 5, 23);
    EXPECT_FIELD(r2, 3, "4", 0, 3, 7, 25);
    run_free(&run);
}

static void test_reader_fields_empty_and_trailing(void **state)
{
    (void)state;
    /* ,0 ,1 \r2 \n3: three empty fields at bytes 0, 1, 2 (1:1, 1:2, 1:3); the third is
     * the empty field before the CRLF. "4 "5 \r6 \n7: one empty quoted field at 2:1. */
    struct run run = {0};
    READ(NULL, ",,\r\n\"\"\r\n", &run);
    expect_nfindings(&run, 0);
    assert_int_equal(run.nr, 2);
    assert_int_equal(run.r[0].nfields, 3);
    assert_int_equal(run.r[0].fields_seen, 3);
    EXPECT_FIELD(&run.r[0], 0, "", 0, 1, 1, 0);
    EXPECT_FIELD(&run.r[0], 1, "", 0, 1, 2, 1);
    EXPECT_FIELD(&run.r[0], 2, "", 0, 1, 3, 2);
    assert_int_equal(run.r[1].nfields, 1);
    EXPECT_FIELD(&run.r[1], 0, "", RK_FIELD_QUOTED, 2, 1, 4);
    run_free(&run);
}

static void test_reader_fields_ms932_columns(void **state)
{
    (void)state;
    /* あ = 82 A0, ｱ = B1, ｲ = B2, 表 = 95 5C (trail byte is '\'), ソ = 83 5C.
     * 82(0) A0(1) ,(2) B1(3) B2(4) ,(5) "(6) 95(7) 5C(8) "(9) \r(10) \n(11)
     * columns: あ1 ,2 ｱ3 ｲ4 ,5 "6 表7 "8.
     * 83(12) 5C(13) 01(14) \r(15) \n(16): ソ is 2:1, the control U+0001 is 2:2 byte 14. */
    struct run run = {0};
    READ(&cp932, "\x82\xA0,\xB1\xB2,\"\x95\x5C\"\r\n\x83\x5C\x01\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-011", 2, 2, 14, 2, 1);
    assert_int_equal(run.nr, 2);
    EXPECT_FIELD(&run.r[0], 0, "\x82\xA0", 0, 1, 1, 0);
    EXPECT_FIELD(&run.r[0], 1, "\xB1\xB2", 0, 1, 3, 3);
    EXPECT_FIELD(&run.r[0], 2, "\x95\x5C", RK_FIELD_QUOTED, 1, 6, 6);
    EXPECT_FIELD(&run.r[1], 0, "\x83\x5C\x01", 0, 2, 1, 12);
    expect_pos(run.r[1].pos, 2, 1, 12);
    run_free(&run);
}

/* The characters of each field after decoding, counted by the reader as it validates the
 * encoding (check_length compares them with an item's length in characters): quotes that libcsv
 * drops do not count, a doubled quote counts once, a line break in quoted text counts one per
 * byte, a double-byte character once, and the last field without a line end too. The same
 * with every field through libcsv. */
static void test_reader_fields_chars(void **state)
{
    (void)state;
    static const unsigned char ms932[] = /* "あ""x CRLF 表",ｱあ,,abc CRLF "",z */
        "\"\x82\xA0\"\"x\r\n\x95\x5C\",\xB1\x82\xA0,,abc\r\n\"\",z";
    static const size_t want[] = {6, 2, 0, 3, 0, 1};
    for (int libcsv_only = 0; libcsv_only < 2; libcsv_only++) {
        struct rk_reader_options o = {.encoding = RK_ENC_CP932, .libcsv_only = libcsv_only};
        struct run run = {0};
        READ(&o, ms932, &run);
        expect_nfindings(&run, 1); /* CSV-006: no line end after the last record */
        assert_int_equal(run.nr, 2);
        assert_int_equal(run.r[0].nfields, 4);
        assert_int_equal(run.r[1].nfields, 2);
        for (size_t i = 0; i < 6; i++)
            assert_int_equal(run.r[i / 4].fields[i % 4].chars, want[i]);
        run_free(&run);
    }
    /* UTF-8: 日本 is 2, ｶﾞ"語 4, 𠮷 (4 bytes) 1 */
    struct run run = {0};
    READ(&utf8,
         "\xE6\x97\xA5\xE6\x9C\xAC,\"\xEF\xBD\xB6\xEF\xBE\x9E\"\"\xE8\xAA\x9E\","
         "\xF0\xA0\xAE\xB7\r\n",
         &run);
    expect_nfindings(&run, 0);
    assert_int_equal(run.r[0].fields[0].chars, 2);
    assert_int_equal(run.r[0].fields[1].chars, 4);
    assert_int_equal(run.r[0].fields[2].chars, 1);
    run_free(&run);
    /* a lead byte whose trail cannot follow it (ENC-002) counts as one character, the byte
     * after it as another, as the columns of the findings count them */
    READ(&cp932, "\x82 ,1\r\n", &run);
    expect_finding(&run, 0, "ENC-002", 1, 1, 0, 1, 1);
    assert_int_equal(run.r[0].fields[0].chars, 2);
    run_free(&run);
}

static void test_reader_fields_nul_byte_kept(void **state)
{
    (void)state;
    /* a(0) NUL(1) b(2) \r(3) \n(4): the NUL is data (3 bytes, not NUL-terminated) and an
     * ENC-011 control at 1:2. */
    struct run run = {0};
    read_all(NULL, "a\0b\r\n", 5, &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-011", 1, 2, 1, 1, 1);
    assert_int_equal(run.nr, 1);
    expect_field(&run.r[0], 0, "a\0b", 3, 0, 1, 1, 0);
    run_free(&run);
}

static void test_reader_records_callback_stops(void **state)
{
    (void)state;
    /* The record callback asks to stop after the first record: feed/finish return
     * RK_E_STOPPED and no second record is delivered. */
    struct run run = {.stop_after = 1};
    READ(NULL, "a\r\nb\r\nc\r\n", &run);
    assert_int_equal(run.status, RK_E_STOPPED);
    assert_int_equal(run.nr, 1);
    EXPECT_FIELD(&run.r[0], 0, "a", 0, 1, 1, 0);
    run_free(&run);
}

static void test_reader_records_utf8_tab_delimited(void **state)
{
    (void)state;
    /* The spec tables' dialect: UTF-8, tab-separated, BOM allowed, LF allowed.
     * BOM(0-2) a(3) \t(4) い = E3 81 84 (5-7) \n(8): no findings (BOM allowed, LF allowed,
     * the tab is the delimiter, not ENC-013); field 2 is at 1:3 byte 5 (BOM not counted). */
    struct rk_reader_options o = {.encoding = RK_ENC_UTF8,
                                  .delimiter = '\t',
                                  .bom_allowed = 1,
                                  .eol_allowed = RK_EOL_CRLF | RK_EOL_LF};
    struct run run = {0};
    READ(&o,
         "\xEF\xBB\xBF"
         "a\t\xE3\x81\x84\n",
         &run);
    expect_nfindings(&run, 0);
    assert_int_equal(run.nr, 1);
    expect_pos(run.r[0].pos, 1, 1, 3);
    EXPECT_FIELD(&run.r[0], 0, "a", 0, 1, 1, 3);
    EXPECT_FIELD(&run.r[0], 1, "\xE3\x81\x84", 0, 1, 3, 5);
    run_free(&run);
}

/* ---- ENC: bytes and characters ---- */

static void test_reader_enc001_invalid_byte(void **state)
{
    (void)state;
    /* a(0) 80(1) b(2) ,(3) FD(4) A0(5) \r(6) \n(7): 0x80, 0xFD and 0xA0 are no CP932
     * character; each is one column: 1:2, 1:5 (field 2), 1:6 (field 2). */
    struct run run = {0};
    READ(&cp932,
         "a\x80"
         "b,\xFD\xA0\r\n",
         &run);
    expect_nfindings(&run, 3);
    expect_finding(&run, 0, "ENC-001", 1, 2, 1, 1, 1);
    expect_finding(&run, 1, "ENC-001", 1, 5, 4, 1, 2);
    expect_finding(&run, 2, "ENC-001", 1, 6, 5, 1, 2);
    assert_string_equal(run.f[0].detail, "0x80");
    assert_int_equal(run.nr, 1);
    assert_int_equal(run.r[0].nfields, 2);
    run_free(&run);
}

static void test_reader_enc002_bad_trail(void **state)
{
    (void)state;
    /* Line 1: x(0) ,(1) 82(2) sp(3) \t(4) y(5) \r(6) \n(7): 0x82 followed by a space (not a
     * trail byte): ENC-002 at the lead, 1:3 byte 2, field 2; the lead is one column, the
     * space the next, so the tab is 1:5 byte 4.
     * Line 2: 82(8) ,(9) z(10) \r(11) \n(12): the comma after the lead still ends field 1.
     * Line 3: 9F(13) \r(14) \n(15): the CR after the lead still ends record 3. */
    struct run run = {0};
    READ(&cp932, "x,\x82 \ty\r\n\x82,z\r\n\x9F\r\n", &run);
    expect_nfindings(&run, 4);
    expect_finding(&run, 0, "ENC-002", 1, 3, 2, 1, 2);
    expect_finding(&run, 1, "ENC-013", 1, 5, 4, 1, 2);
    expect_finding(&run, 2, "ENC-002", 2, 1, 8, 2, 1);
    expect_finding(&run, 3, "ENC-002", 3, 1, 13, 3, 1);
    assert_int_equal(run.nr, 3);
    assert_int_equal(run.r[1].nfields, 2);
    EXPECT_FIELD(&run.r[1], 0, "\x82", 0, 2, 1, 8);
    EXPECT_FIELD(&run.r[1], 1, "z", 0, 2, 3, 10);
    assert_int_equal(run.r[2].nfields, 1);
    EXPECT_FIELD(&run.r[2], 0, "\x9F", 0, 3, 1, 13);
    run_free(&run);
}

static void test_reader_enc003_truncated_at_eof(void **state)
{
    (void)state;
    /* a(0) ,(1) b(2) \r(3) \n(4) c(5) 82(6) EOF: the lead byte at 2:2 byte 6 has no trail:
     * ENC-003, record 2 field 1. The file also lacks a final line break: CSV-006 just past
     * the last byte: c is 2:1, the lead 2:2, so 2:3 byte 7, record 2. */
    struct run run = {0};
    READ(&cp932, "a,b\r\nc\x82", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-003", 2, 2, 6, 2, 1);
    expect_finding(&run, 1, "CSV-006", 2, 3, 7, 2, 0);
    assert_int_equal(run.nr, 2);
    EXPECT_FIELD(&run.r[1], 0, "c\x82", 0, 2, 1, 5);
    run_free(&run);
}

static void test_reader_enc004_unassigned(void **state)
{
    (void)state;
    /* a(0) ,(1) 85(2) 40(3) \t(4) \r(5) \n(6): 0x8540 has no character in CP932 (row 9 is
     * empty): ENC-004 at 1:3 byte 2, field 2; it is one column, so the tab is 1:4 byte 4. */
    struct run run = {0};
    READ(&cp932, "a,\x85\x40\t\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-004", 1, 3, 2, 1, 2);
    expect_finding(&run, 1, "ENC-013", 1, 4, 4, 1, 2);
    assert_string_equal(run.f[0].detail, "0x8540");
    run_free(&run);
}

static void test_reader_enc005_gaiji(void **state)
{
    (void)state;
    /* "(0) F0(1) 40(2) "(3) ,(4) F9(5) FC(6) \r(7) \n(8): 0xF040 and 0xF9FC are the first
     * and last user-defined codes: ENC-005 at 1:2 byte 1 (field 1) and 1:5 byte 5 (field 2). */
    struct run run = {0};
    READ(&cp932, "\"\xF0\x40\",\xF9\xFC\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-005", 1, 2, 1, 1, 1);
    expect_finding(&run, 1, "ENC-005", 1, 5, 5, 1, 2);
    assert_int_equal(run.f[0].severity, RK_SEV_ERROR);
    run_free(&run);
}

static void test_reader_enc005_utf8_private_use(void **state)
{
    (void)state;
    /* UTF-8 bound for MS932: x(0) U+E000 = EE 80 80 (1-3) \r(4) \n(5): private use, the
     * gaiji area (MS932 0xF040): ENC-005 at 1:2 byte 1. */
    struct run run = {0};
    READ(&utf8_to_ms932, "x\xEE\x80\x80\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-005", 1, 2, 1, 1, 1);
    run_free(&run);
}

static void test_reader_enc006_nonroundtrip(void **state)
{
    (void)state;
    /* ED(0) 40(1) ,(2) 87(3) 90(4) \r(5) \n(6): 0xED40 (NEC-selected IBM 纊) comes back as
     * 0xFA5C; 0x8790 (NEC row 13 ≒) comes back as 0x81E0: ENC-006 at 1:1 byte 0 (field 1)
     * and 1:3 byte 3 (field 2). */
    struct run run = {0};
    READ(&cp932, "\xED\x40,\x87\x90\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-006", 1, 1, 0, 1, 1);
    expect_finding(&run, 1, "ENC-006", 1, 3, 3, 1, 2);
    assert_string_equal(run.f[0].detail, "0xED40 -> 0xFA5C");
    assert_string_equal(run.f[1].detail, "0x8790 -> 0x81E0");
    assert_int_equal(run.f[0].severity, RK_SEV_WARNING);
    run_free(&run);
}

static void test_reader_enc007_envdep(void **state)
{
    (void)state;
    /* 87(0) 40(1) FA(2) 40(3) \r(4) \n(5): ① (NEC special) and ⅰ (IBM extension) both
     * round-trip but are platform-dependent: ENC-007 at 1:1 byte 0 and 1:2 byte 2. A warning;
     * the strict profile makes it an error. */
    struct run run = {0};
    READ(&cp932, "\x87\x40\xFA\x40\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-007", 1, 1, 0, 1, 1);
    expect_finding(&run, 1, "ENC-007", 1, 2, 2, 1, 1);
    assert_int_equal(run.f[0].severity, RK_SEV_WARNING);
    run_free(&run);

    struct rk_reader_options strict = {.encoding = RK_ENC_CP932, .profile = RK_PROFILE_STRICT};
    READ(&strict, "\x87\x40\xFA\x40\r\n", &run);
    expect_nfindings(&run, 2);
    assert_int_equal(run.f[0].severity, RK_SEV_ERROR);
    run_free(&run);
}

static void test_reader_enc007_utf8_envdep(void **state)
{
    (void)state;
    /* UTF-8 bound for MS932: U+2460 ① = E2 91 A0 (0-2) \r(3) \n(4) encodes as 0x8740 (NEC
     * special): ENC-007 at 1:1 byte 0. */
    struct run run = {0};
    READ(&utf8_to_ms932, "\xE2\x91\xA0\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-007", 1, 1, 0, 1, 1);
    run_free(&run);
}

static void test_reader_enc008_bom(void **state)
{
    (void)state;
    /* EF BB BF (0-2) a(3) \t(4) \r(5) \n(6): BOM in an MS932 file: ENC-008 at 1:1 byte 0,
     * outside any record (record 0, field 0). The BOM is not counted in columns: a is 1:1
     * byte 3, the tab 1:2 byte 4. */
    struct run run = {0};
    READ(&cp932,
         "\xEF\xBB\xBF"
         "a\t\r\n",
         &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-008", 1, 1, 0, 0, 0);
    expect_finding(&run, 1, "ENC-013", 1, 2, 4, 1, 1);
    expect_pos(run.r[0].pos, 1, 1, 3);
    run_free(&run);

    /* UTF-8 without bom_allowed: also ENC-008; with bom_allowed: nothing. */
    READ(&utf8,
         "\xEF\xBB\xBF"
         "a\r\n",
         &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-008", 1, 1, 0, 0, 0);
    run_free(&run);
    struct rk_reader_options bom = {.encoding = RK_ENC_UTF8, .bom_allowed = 1};
    READ(&bom,
         "\xEF\xBB\xBF"
         "a\r\n",
         &run);
    expect_nfindings(&run, 0);
    EXPECT_FIELD(&run.r[0], 0, "a", 0, 1, 1, 3);
    run_free(&run);
}

static void test_reader_enc008_partial_bom_is_data(void **state)
{
    (void)state;
    /* EF(0) BB(1) a(2): only two BOM bytes; in UTF-8 0xEF 0xBB then 'a' is an ill-formed
     * sequence: ENC-009 at 1:1 byte 0, then 'a' is 1:2 byte 2, no ENC-008. */
    struct run run = {0};
    READ(&utf8,
         "\xEF\xBB"
         "a\r\n",
         &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-009", 1, 1, 0, 1, 1);
    run_free(&run);
}

static void test_reader_enc009_bad_utf8(void **state)
{
    (void)state;
    /* a(0) C3(1) ((2) 80(3) \r(4) \n(5): C3 wants a continuation byte and gets '(':
     * ENC-009 at 1:2 byte 1; '(' is 1:3; the lone continuation byte 0x80 is ENC-009 at 1:4
     * byte 3. */
    struct run run = {0};
    READ(&utf8, "a\xC3(\x80\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-009", 1, 2, 1, 1, 1);
    expect_finding(&run, 1, "ENC-009", 1, 4, 3, 1, 1);
    run_free(&run);

    /* x(0) E3(1) 81(2) EOF: a sequence cut by the end of input: ENC-009 at 1:2 byte 1;
     * CSV-006 just past it: 1:3 byte 3. Overlong E0 80 and surrogate ED A0 are rejected at
     * their first byte. */
    READ(&utf8, "x\xE3\x81", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-009", 1, 2, 1, 1, 1);
    expect_finding(&run, 1, "CSV-006", 1, 3, 3, 1, 0);
    run_free(&run);

    /* ,(0) E0(1) 80(2) \r(3) \n(4): E0 80 is overlong: ENC-009 at 1:2 byte 1 (E0) and the
     * stray 80 at 1:3 byte 2, field 2. */
    READ(&utf8, ",\xE0\x80\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-009", 1, 2, 1, 1, 2);
    expect_finding(&run, 1, "ENC-009", 1, 3, 2, 1, 2);
    run_free(&run);
}

static void test_reader_enc010_not_ms932(void **state)
{
    (void)state;
    /* UTF-8 bound for MS932: a(0) ,(1) é = C3 A9 (2-3) 😀 = F0 9F 98 80 (4-7) \r(8) \n(9):
     * glibc CP932 has neither U+00E9 nor U+1F600: ENC-010 at 1:3 byte 2 and 1:4 byte 4.
     * é is JIS X 0213 1-9-63 (EUC-JISX0213 A9 DF), so a character standard 5.0 data can carry
     * back to a 4.1 file: the detail says so. */
    struct run run = {0};
    READ(&utf8_to_ms932, "a,\xC3\xA9\xF0\x9F\x98\x80\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-010", 1, 3, 2, 1, 2);
    expect_finding(&run, 1, "ENC-010", 1, 4, 4, 1, 2);
    assert_string_equal(run.f[0].detail, "U+00E9 JIS X 0213 1-9-63: 5.0 -> 4.1");
    assert_string_equal(run.f[1].detail, "U+1F600");
    run_free(&run);

    /* Without target_ms932 the same bytes are plain UTF-8: no finding. */
    READ(&utf8, "a,\xC3\xA9\xF0\x9F\x98\x80\r\n", &run);
    expect_nfindings(&run, 0);
    run_free(&run);
}

static void test_reader_enc011_control(void **state)
{
    (void)state;
    /* a(0) 01(1) ,(2) "(3) 7F(4) "(5) \r(6) \n(7) | 1B(8) \r(9) \n(10): U+0001 at 1:2
     * (field 1), DEL inside quotes at 1:5 byte 4 (field 2), ESC at 2:1 byte 8 (record 2). */
    struct run run = {0};
    READ(&cp932, "a\x01,\"\x7F\"\r\n\x1B\r\n", &run);
    expect_nfindings(&run, 3);
    expect_finding(&run, 0, "ENC-011", 1, 2, 1, 1, 1);
    expect_finding(&run, 1, "ENC-011", 1, 5, 4, 1, 2);
    expect_finding(&run, 2, "ENC-011", 2, 1, 8, 2, 1);
    assert_string_equal(run.f[0].detail, "U+0001");
    run_free(&run);
}

static void test_reader_enc011_eof_mark(void **state)
{
    (void)state;
    /* a(0) ,(1) b(2) \r(3) \n(4) 1A(5) EOF: DOS's end-of-file mark after the last record is one
     * finding at 2:1 byte 5, not a record of its own (no REC/CSV-006 findings can follow); one
     * record read. However the input is cut, the same (read_all feeds it in chunks too). */
    struct run run = {0};
    READ(&cp932, "a,b\r\n\x1A", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "ENC-011", 2, 1, 5, 1, 0);
    assert_string_equal(run.f[0].detail,
                        "U+001A: an end-of-file mark (Ctrl-Z) at the end of the file");
    assert_int_equal(run.nr, 1);
    assert_int_equal(run.r[0].nfields, 2);
    run_free(&run);
    /* ending the last, unquoted field (no line end): the mark is not part of the field */
    READ(&cp932, "a,b\x1A", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-011", 1, 4, 3, 1, 2);
    expect_finding(&run, 1, "CSV-006", 1, 5, 4, 1, 0);
    EXPECT_FIELD(&run.r[0], 1, "b", 0, 1, 3, 2);
    run_free(&run);
    /* anywhere else it is a control character like any other */
    READ(&cp932, "a\x1A\r\n\x1A\x1A\r\n", &run);
    expect_nfindings(&run, 3);
    expect_finding(&run, 0, "ENC-011", 1, 2, 1, 1, 1);
    assert_string_equal(run.f[0].detail, "U+001A");
    expect_finding(&run, 2, "ENC-011", 2, 2, 5, 2, 1);
    assert_int_equal(run.nr, 2);
    run_free(&run);
}

static void test_reader_enc012_changes(void **state)
{
    (void)state;
    /* UTF-8 bound for MS932: 〜 U+301C = E3 80 9C (0-2) ,(3) ¥ U+00A5 = C2 A5 (4-5) \r \n.
     * glibc CP932 encodes U+301C as 0x8160, which decodes to U+FF5E; U+00A5 as 0x5C, which
     * decodes to U+005C: ENC-012 at 1:1 byte 0 and 1:3 byte 4. */
    struct run run = {0};
    READ(&utf8_to_ms932, "\xE3\x80\x9C,\xC2\xA5\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-012", 1, 1, 0, 1, 1);
    expect_finding(&run, 1, "ENC-012", 1, 3, 4, 1, 2);
    assert_string_equal(run.f[0].detail, "U+301C -> 0x8160 -> U+FF5E");
    assert_string_equal(run.f[1].detail, "U+00A5 -> 0x005C -> U+005C");
    run_free(&run);
}

static void test_reader_enc013_tab(void **state)
{
    (void)state;
    /* a(0) \t(1) b(2) ,(3) \t(4) \r(5) \n(6): tabs at 1:2 (field 1) and 1:5 (field 2). */
    struct run run = {0};
    READ(&cp932, "a\tb,\t\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-013", 1, 2, 1, 1, 1);
    expect_finding(&run, 1, "ENC-013", 1, 5, 4, 1, 2);
    EXPECT_FIELD(&run.r[0], 0, "a\tb", 0, 1, 1, 0);
    run_free(&run);
}

/* ---- CSV: syntax ---- */

static void test_reader_csv001_unclosed_at_eof(void **state)
{
    (void)state;
    /* x(0) \r(1) \n(2) "(3) a(4) b(5) \r(6) \n(7) EOF: the quote opened at 2:1 byte 3 never
     * closes: CSV-001 there, record 2, field 1, context = the opening quote. Record 1 is
     * delivered; the unclosed one is not. */
    struct run run = {0};
    READ(NULL, "x\r\n\"ab\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-001", 2, 1, 3, 2, 1);
    assert_true(run.f[0].has_context);
    expect_pos(run.f[0].context, 2, 1, 3);
    assert_int_equal(run.nr, 1);
    run_free(&run);
}

static void test_reader_csv001_max_quoted_lines(void **state)
{
    (void)state;
    /* max_quoted_lines = 2. "(0) a(1) \r(2) \n(3) b(4) \r(5) \n(6) c(7) \r(8) \n(9) d(10)
     * \r(11) \n(12): the quoted field opened at 1:1 reaches its third line break at byte 8:
     * CSV-001 at the opening quote, 1:1 byte 0, record 1, field 1. Reading resumes at the
     * next line: d is a record at 4:1 byte 10. */
    struct rk_reader_options o = {.max_quoted_lines = 2};
    struct run run = {0};
    READ(&o, "\"a\r\nb\r\nc\r\nd\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-001", 1, 1, 0, 1, 1);
    assert_int_equal(run.nr, 1);
    expect_pos(run.r[0].pos, 4, 1, 10);
    EXPECT_FIELD(&run.r[0], 0, "d", 0, 4, 1, 10);
    run_free(&run);
}

static void test_reader_csv001_undoubled_quote_then_line_break(void **state)
{
    (void)state;
    /* "(0) a(1) b(2) "(3) c(4) ,(5) d(6) \r(7) \n(8) e(9) \r(10) \n(11): the quote at byte 3
     * is followed by c: CSV-003 at the byte after it, 1:5 byte 4. The field is then still
     * open when the line breaks: CSV-001 at its opening quote 1:1 byte 0. Reading resumes at
     * line 2: e is delivered at 2:1 byte 9. */
    struct run run = {0};
    READ(NULL, "\"ab\"c,d\r\ne\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "CSV-003", 1, 5, 4, 1, 1);
    expect_finding(&run, 1, "CSV-001", 1, 1, 0, 1, 1);
    assert_int_equal(run.nr, 1);
    EXPECT_FIELD(&run.r[0], 0, "e", 0, 2, 1, 9);
    run_free(&run);
}

static void test_reader_csv001_resync_numbers_next_record(void **state)
{
    (void)state;
    /* The same input as above: lines 1 is one logical record (a broken one, reported as
     * record 1 by CSV-001); the record on line 2 is the second logical record of the file,
     * so it is record 2, and a finding on it must say record 2, not record 1 again.
     * "(0) a(1) b(2) "(3) c(4) ,(5) d(6) \r(7) \n(8) e(9) 01(10) \r(11) \n(12). */
    struct run run = {0};
    READ(NULL, "\"ab\"c,d\r\ne\x01\r\n", &run);
    expect_nfindings(&run, 3);
    expect_finding(&run, 1, "CSV-001", 1, 1, 0, 1, 1);
    expect_finding(&run, 2, "ENC-011", 2, 2, 10, 2, 1);
    assert_int_equal(run.nr, 1);
    assert_int_equal(run.r[0].number, 2);
    run_free(&run);
}

static void test_reader_csv002_quote_in_unquoted(void **state)
{
    (void)state;
    /* a(0) b(1) "(2) c(3) ,(4) d(5) \r(6) \n(7) | x(8) ,(9) y(10) "(11) \r(12) \n(13):
     * stray quotes at 1:3 byte 2 (record 1 field 1) and 2:4 byte 11 (record 2 field 2). The
     * field keeps the quote as data, unquoted. */
    struct run run = {0};
    READ(NULL, "ab\"c,d\r\nx,y\"\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "CSV-002", 1, 3, 2, 1, 1);
    expect_finding(&run, 1, "CSV-002", 2, 4, 11, 2, 2);
    assert_int_equal(run.nr, 2);
    EXPECT_FIELD(&run.r[0], 0, "ab\"c", 0, 1, 1, 0);
    EXPECT_FIELD(&run.r[0], 1, "d", 0, 1, 6, 5);
    EXPECT_FIELD(&run.r[1], 1, "y\"", 0, 2, 3, 10);
    run_free(&run);
}

static void test_reader_csv003_text_after_closing_quote(void **state)
{
    (void)state;
    /* "(0) a(1) b(2) "(3) c(4) "(5) \r(6) \n(7): the quote at byte 3 is not doubled; c
     * follows it: CSV-003 at 1:5 byte 4. The field reads as its writer meant: ab"c. */
    struct run run = {0};
    READ(NULL, "\"ab\"c\"\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-003", 1, 5, 4, 1, 1);
    assert_int_equal(run.nr, 1);
    EXPECT_FIELD(&run.r[0], 0, "ab\"c", RK_FIELD_QUOTED, 1, 1, 0);
    run_free(&run);

    /* 1(0) ,(1) "(2) x(3) "(4) あ=82 A0 (5-6) "(7) \r(8) \n(9): the byte after the closing
     * quote is a double-byte lead: CSV-003 at 1:6 byte 5, field 2. */
    READ(&cp932, "1,\"x\"\x82\xA0\"\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-003", 1, 6, 5, 1, 2);
    EXPECT_FIELD(&run.r[0], 1, "x\"\x82\xA0", RK_FIELD_QUOTED, 1, 3, 2);
    run_free(&run);
}

static void test_reader_csv004_field_count(void **state)
{
    (void)state;
    /* check_field_count. a(0) ,(1) b(2) \r(3) \n(4) | c(5) \r(6) \n(7) | d(8) ,(9) e(10):
     * record 2 has 1 field where record 1 has 2: CSV-004 at the record's first byte 2:1
     * byte 5, record 2, field 0. Record 3 has 2: fine. */
    struct rk_reader_options o = {.check_field_count = 1};
    struct run run = {0};
    READ(&o, "a,b\r\nc\r\nd,e\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-004", 2, 1, 5, 2, 0);
    assert_int_equal(run.nr, 3);
    run_free(&run);
}

static void test_reader_csv005_empty_line(void **state)
{
    (void)state;
    /* a(0) \r(1) \n(2) \r(3) \n(4) b(5) \r(6) \n(7): line 2 is empty; CSV-005 at its line
     * break 2:1 byte 3, outside any record (0, 0). b is record 2 at 3:1 byte 5. */
    struct run run = {0};
    READ(NULL, "a\r\n\r\nb\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-005", 2, 1, 3, 0, 0);
    assert_int_equal(run.nr, 2);
    assert_int_equal(run.r[1].number, 2);
    expect_pos(run.r[1].pos, 3, 1, 5);
    run_free(&run);

    /* \r(0) \n(1) a(2) \r(3) \n(4): an empty first line, 1:1 byte 0. */
    READ(NULL, "\r\na\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-005", 1, 1, 0, 0, 0);
    expect_pos(run.r[0].pos, 2, 1, 2);
    run_free(&run);
}

static void test_reader_csv006_no_final_line_break(void **state)
{
    (void)state;
    /* a(0) ,(1) b(2) EOF: CSV-006 just past the last byte: 1:4 byte 3, record 1. */
    struct run run = {0};
    READ(NULL, "a,b", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-006", 1, 4, 3, 1, 0);
    assert_int_equal(run.nr, 1);
    assert_int_equal(run.r[0].nfields, 2);
    EXPECT_FIELD(&run.r[0], 1, "b", 0, 1, 3, 2);
    run_free(&run);
}

static void test_reader_csv007_bare_lf(void **state)
{
    (void)state;
    /* a(0) \n(1) b(2) \n(3): records end with a bare LF: CSV-007 once, at the first one, 1:2
     * byte 1, record 1. b is 2:1 byte 2. */
    struct run run = {0};
    READ(NULL, "a\nb\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-007", 1, 2, 1, 1, 0);
    assert_int_equal(run.nr, 2);
    expect_pos(run.r[1].pos, 2, 1, 2);
    run_free(&run);

    /* LF allowed: nothing. */
    struct rk_reader_options lf = {.eol_allowed = RK_EOL_LF};
    READ(&lf, "a\nb\n", &run);
    expect_nfindings(&run, 0);
    run_free(&run);
}

static void test_reader_csv008_bare_cr(void **state)
{
    (void)state;
    /* a(0) \r(1) b(2) \r(3): records end with a bare CR: CSV-008 once, at 1:2 byte 1,
     * record 1. b is 2:1 byte 2. */
    struct run run = {0};
    READ(NULL, "a\rb\r", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-008", 1, 2, 1, 1, 0);
    assert_int_equal(run.nr, 2);
    expect_pos(run.r[1].pos, 2, 1, 2);
    run_free(&run);

    /* a(0) \r(1) \r(2) \n(3) b(4) \r(5) \n(6): record 1 ends with a bare CR, line 2 is empty
     * (ended by CRLF): CSV-008 at 1:2 byte 1, CSV-005 at 2:1 byte 2, and CSV-009 at record 2's
     * CRLF 3:2 byte 5 (differs from the first record's CR). */
    READ(NULL, "a\r\r\nb\r\n", &run);
    expect_nfindings(&run, 3);
    expect_finding(&run, 0, "CSV-008", 1, 2, 1, 1, 0);
    expect_finding(&run, 1, "CSV-005", 2, 1, 2, 0, 0);
    expect_finding(&run, 2, "CSV-009", 3, 2, 5, 2, 0);
    run_free(&run);
}

static void test_reader_csv009_mixed_line_endings(void **state)
{
    (void)state;
    /* a(0) \r(1) \n(2) b(3) \n(4) c(5) \r(6) \n(7): the first record ends CRLF, the second a
     * bare LF at 2:2 byte 4: CSV-009 there (record 2), and CSV-007 at the same LF. */
    struct run run = {0};
    READ(NULL, "a\r\nb\nc\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "CSV-009", 2, 2, 4, 2, 0);
    expect_finding(&run, 1, "CSV-007", 2, 2, 4, 2, 0);
    assert_int_equal(run.nr, 3);
    run_free(&run);
}

static void test_reader_csv010_field_too_long(void **state)
{
    (void)state;
    /* max_field_bytes = 4. a(0) b(1) ,(2) c(3)..h(8) ,(9) i(10) j(11) \r(12) \n(13): field
     * 2 (cdefgh, 6 bytes) starts at 1:4 byte 3: CSV-010 there, record 1, field 2. It is
     * delivered flagged RK_FIELD_TRUNCATED; fields 1 and 3 are whole. */
    struct rk_reader_options o = {.max_field_bytes = 4};
    struct run run = {0};
    READ(&o, "ab,cdefgh,ij\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-010", 1, 4, 3, 1, 2);
    assert_int_equal(run.nr, 1);
    assert_int_equal(run.r[0].nfields, 3);
    EXPECT_FIELD(&run.r[0], 0, "ab", 0, 1, 1, 0);
    assert_true(run.r[0].fields[1].flags & RK_FIELD_TRUNCATED);
    expect_pos(run.r[0].fields[1].pos, 1, 4, 3);
    EXPECT_FIELD(&run.r[0], 2, "ij", 0, 1, 11, 10);
    run_free(&run);
}

static void test_reader_csv011_too_many_fields(void **state)
{
    (void)state;
    /* max_fields = 2. a(0) ,(1) b(2) ,(3) c(4) ,(5) d(6) \r(7) \n(8): field 3 at 1:5 byte 4
     * is over the limit: CSV-011 there, record 1, field 3. Two fields delivered, four
     * seen. */
    struct rk_reader_options o = {.max_fields = 2};
    struct run run = {0};
    READ(&o, "a,b,c,d\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-011", 1, 5, 4, 1, 3);
    assert_int_equal(run.nr, 1);
    assert_int_equal(run.r[0].nfields, 2);
    assert_int_equal(run.r[0].fields_seen, 4);
    EXPECT_FIELD(&run.r[0], 1, "b", 0, 1, 3, 2);
    run_free(&run);
}

static void test_reader_csv012_bare_break_in_quotes(void **state)
{
    (void)state;
    /* "(0) a(1) \n(2) b(3) "(4) \r(5) \n(6) | "(7) c(8) \r(9) d(10) "(11) \r(12) \n(13):
     * an LF inside quoted text at 1:3 byte 2 (record 1 field 1): CSV-012 once per file, so
     * the bare CR in record 2 is not reported again. The data keeps the break as is; record
     * 2 starts on line 3 (the LF ended line 1). */
    struct run run = {0};
    READ(NULL, "\"a\nb\"\r\n\"c\rd\"\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-012", 1, 3, 2, 1, 1);
    assert_int_equal(run.nr, 2);
    EXPECT_FIELD(&run.r[0], 0, "a\nb", RK_FIELD_QUOTED, 1, 1, 0);
    EXPECT_FIELD(&run.r[1], 0, "c\rd", RK_FIELD_QUOTED, 3, 1, 7);
    run_free(&run);

    /* "(0) c(1) \r(2) d(3) "(4) \r(5) \n(6): a bare CR in quotes, 1:3 byte 2. */
    READ(NULL, "\"c\rd\"\r\n", &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-012", 1, 3, 2, 1, 1);
    run_free(&run);
}

static void test_reader_csv013_no_records(void **state)
{
    (void)state;
    /* Empty input: CSV-013 just past the end, 1:1 byte 0, record 0. */
    struct run run = {0};
    read_all(NULL, "", 0, &run);
    expect_nfindings(&run, 1);
    expect_finding(&run, 0, "CSV-013", 1, 1, 0, 0, 0);
    assert_int_equal(run.nr, 0);
    run_free(&run);

    /* \r(0) \n(1): one empty line (CSV-005 at 1:1) and no record: CSV-013 at 2:1 byte 2. */
    READ(NULL, "\r\n", &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "CSV-005", 1, 1, 0, 0, 0);
    expect_finding(&run, 1, "CSV-013", 2, 1, 2, 0, 0);
    run_free(&run);
}

static void test_reader_csv014_findings_suppressed(void **state)
{
    (void)state;
    /* A findings cap of 1. \t(0) \t(1) \t(2) \r(3) \n(4): three ENC-013; the first is given
     * at 1:1 byte 0, the other two are suppressed, and CSV-014 (detail "2") comes at the
     * end of input 2:1 byte 5, about the whole file (record 0, field 0). */
    struct run run = {0};
    read_all_capped(NULL, "\t\t\t\r\n", 5, 1, &run);
    expect_nfindings(&run, 2);
    expect_finding(&run, 0, "ENC-013", 1, 1, 0, 1, 1);
    expect_finding(&run, 1, "CSV-014", 2, 1, 5, 0, 0);
    assert_string_equal(run.f[1].detail, "2");
    assert_int_equal(run.f[1].severity, RK_SEV_INFO);
    run_free(&run);
}

/* ---- failing allocations ---- */

static unsigned long alloc_count, alloc_fail_at;
static int alloc_fail_rest; /* fail every allocation from alloc_fail_at on */

static int alloc_should_fail(void)
{
    alloc_count++;
    if (!alloc_fail_at)
        return 0;
    return alloc_fail_rest ? alloc_count >= alloc_fail_at : alloc_count == alloc_fail_at;
}

static void *fail_malloc(size_t n)
{
    return alloc_should_fail() ? NULL : malloc(n);
}

static void *fail_realloc(void *p, size_t n)
{
    return alloc_should_fail() ? NULL : realloc(p, n);
}

/* A representative input: a record of 70 fields (more than the reader's first 64 slots), a
 * 300-byte field (more than libcsv's 128-byte block), quoted text with doubled quotes and a
 * CRLF, MS932 text, findings (tab, control, gaiji, stray quote). */
static unsigned char *alloc_input(size_t *len)
{
    unsigned char *out = malloc(4096);
    size_t n = 0;
    assert_non_null(out);
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf((char *)out + n, 4096 - n, "%s%d", i ? "," : "", i);
    memcpy(out + n, "\r\n\"", 3);
    n += 3;
    memset(out + n, 'x', 300);
    n += 300;
    static const char tail[] = "\",\"a\"\"b\r\nc\",\x82\xA0\t\x01,\xF0\x40,ab\"c\r\nlast\r\n";
    memcpy(out + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    *len = n;
    return out;
}

static void alloc_loop(int fail_rest)
{
    assert_int_equal(rk_encoding_init(), RK_OK);
    size_t len;
    unsigned char *in = alloc_input(&len);
    struct run ref = {0};
    run_reader(NULL, in, len, 0, 0, &ref);
    assert_int_equal(ref.status, RK_OK);
    assert_int_equal(ref.nr, 3);

    /* count the allocations of a successful run */
    alloc_fail_at = 0;
    alloc_count = 0;
    rk_set_allocator(fail_malloc, fail_realloc, free);
    struct run run = {0};
    run_reader(NULL, in, len, 7, 0, &run);
    rk_set_allocator(NULL, NULL, NULL);
    unsigned long total = alloc_count;
    assert_int_equal(run.status, RK_OK);
    run_free(&run);
    assert_true(total > 3);

    alloc_fail_rest = fail_rest;
    unsigned long n;
    for (n = 1; n <= total + 1; n++) {
        alloc_fail_at = n;
        alloc_count = 0;
        rk_set_allocator(fail_malloc, fail_realloc, free);
        run_reader(NULL, in, len, 7, 0, &run);
        rk_set_allocator(NULL, NULL, NULL);
        if (run.status == RK_OK) {
            /* a failure the library recovered from (libcsv retries a smaller block): the
             * results must be those of an undisturbed run */
            if (alloc_count >= n && !run_eq(&ref, &run)) {
                run_free(&run);
                fail_msg("allocation %lu failed, run succeeded with other results", n);
            }
            if (alloc_count < n) {
                run_free(&run);
                break; /* no allocation failed: every one has been tried */
            }
        } else if (run.status != RK_E_NOMEM) {
            enum rk_status st = run.status;
            run_free(&run);
            fail_msg("allocation %lu failed: expected RK_E_NOMEM, got %d (%s)", n, (int)st,
                     rk_status_str(st));
        }
        run_free(&run);
    }
    alloc_fail_at = 0;
    alloc_fail_rest = 0;
    assert_true(n > total); /* reached the end */
    run_free(&ref);
    free(in);
}

static void test_reader_alloc_nth_fails_cleanly(void **state)
{
    (void)state;
    alloc_loop(0);
}

static void test_reader_alloc_from_nth_on_fails_cleanly(void **state)
{
    (void)state;
    alloc_loop(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_fields_quoting_and_positions),
        cmocka_unit_test(test_reader_fields_empty_and_trailing),
        cmocka_unit_test(test_reader_fields_ms932_columns),
        cmocka_unit_test(test_reader_fields_chars),
        cmocka_unit_test(test_reader_fields_nul_byte_kept),
        cmocka_unit_test(test_reader_records_callback_stops),
        cmocka_unit_test(test_reader_records_utf8_tab_delimited),
        cmocka_unit_test(test_reader_enc001_invalid_byte),
        cmocka_unit_test(test_reader_enc002_bad_trail),
        cmocka_unit_test(test_reader_enc003_truncated_at_eof),
        cmocka_unit_test(test_reader_enc004_unassigned),
        cmocka_unit_test(test_reader_enc005_gaiji),
        cmocka_unit_test(test_reader_enc005_utf8_private_use),
        cmocka_unit_test(test_reader_enc006_nonroundtrip),
        cmocka_unit_test(test_reader_enc007_envdep),
        cmocka_unit_test(test_reader_enc007_utf8_envdep),
        cmocka_unit_test(test_reader_enc008_bom),
        cmocka_unit_test(test_reader_enc008_partial_bom_is_data),
        cmocka_unit_test(test_reader_enc009_bad_utf8),
        cmocka_unit_test(test_reader_enc010_not_ms932),
        cmocka_unit_test(test_reader_enc011_control),
        cmocka_unit_test(test_reader_enc011_eof_mark),
        cmocka_unit_test(test_reader_enc012_changes),
        cmocka_unit_test(test_reader_enc013_tab),
        cmocka_unit_test(test_reader_csv001_unclosed_at_eof),
        cmocka_unit_test(test_reader_csv001_max_quoted_lines),
        cmocka_unit_test(test_reader_csv001_undoubled_quote_then_line_break),
        cmocka_unit_test(test_reader_csv001_resync_numbers_next_record),
        cmocka_unit_test(test_reader_csv002_quote_in_unquoted),
        cmocka_unit_test(test_reader_csv003_text_after_closing_quote),
        cmocka_unit_test(test_reader_csv004_field_count),
        cmocka_unit_test(test_reader_csv005_empty_line),
        cmocka_unit_test(test_reader_csv006_no_final_line_break),
        cmocka_unit_test(test_reader_csv007_bare_lf),
        cmocka_unit_test(test_reader_csv008_bare_cr),
        cmocka_unit_test(test_reader_csv009_mixed_line_endings),
        cmocka_unit_test(test_reader_csv010_field_too_long),
        cmocka_unit_test(test_reader_csv011_too_many_fields),
        cmocka_unit_test(test_reader_csv012_bare_break_in_quotes),
        cmocka_unit_test(test_reader_csv013_no_records),
        cmocka_unit_test(test_reader_csv014_findings_suppressed),
        cmocka_unit_test(test_reader_alloc_nth_fails_cleanly),
        cmocka_unit_test(test_reader_alloc_from_nth_on_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
