/*
 * test_writer.c - unit tests of rk_write_record (csv_writer.c): the quoting rules, and that a
 * well-formed CRLF file read by the reader and written back comes out byte-identical.
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

struct out {
    unsigned char buf[4096];
    size_t len;
    int fail_after; /* fail every call after this many; 0 = never, -1 = from the first */
    int calls;
};

static int out_write(void *ctx, const void *p, size_t n)
{
    struct out *o = ctx;
    o->calls++;
    if (o->fail_after && (o->fail_after < 0 || o->calls > o->fail_after))
        return -1;
    if (o->len + n > sizeof o->buf)
        return -1;
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    return 0;
}

static struct rk_field fld(const char *s, unsigned flags)
{
    struct rk_field f = {.data = (const unsigned char *)s, .len = strlen(s), .flags = flags};
    return f;
}

static void expect_written(const struct rk_field *fields, size_t n, const char *want)
{
    struct out o = {.len = 0};
    assert_int_equal(rk_write_record(out_write, &o, fields, n), RK_OK);
    if (o.len != strlen(want) || memcmp(o.buf, want, o.len) != 0)
        fail_msg("wrote \"%.*s\", expected \"%s\"", (int)o.len, (const char *)o.buf, want);
}

/* ---- quoting ---- */

static void test_writer_record_plain_fields(void **state)
{
    (void)state;
    struct rk_field f[] = {fld("202407", 0), fld("131001", 0), fld("abc", 0)};
    expect_written(f, 3, "202407,131001,abc\r\n");
}

static void test_writer_record_empty_fields(void **state)
{
    (void)state;
    struct rk_field f[] = {fld("", 0), fld("", RK_FIELD_QUOTED), fld("", 0)};
    expect_written(f, 3, ",\"\",\r\n");
    expect_written(NULL, 0, "\r\n");
}

static void test_writer_record_quoted_flag_kept(void **state)
{
    (void)state;
    struct rk_field f[] = {fld("free text", RK_FIELD_QUOTED), fld("1", 0)};
    expect_written(f, 2, "\"free text\",1\r\n");
}

static void test_writer_record_quotes_when_needed(void **state)
{
    (void)state;
    /* a comma, a quote, a CR or an LF forces quotes even without the flag */
    struct rk_field f[] = {fld("a,b", 0), fld("say \"hi\"", 0), fld("x\r\ny", 0), fld("c\rd", 0),
                           fld("e\nf", 0)};
    expect_written(f, 5, "\"a,b\",\"say \"\"hi\"\"\",\"x\r\ny\",\"c\rd\",\"e\nf\"\r\n");
}

static void test_writer_record_doubles_every_quote(void **state)
{
    (void)state;
    struct rk_field f[] = {fld("\"", 0), fld("\"\"", RK_FIELD_QUOTED), fld("a\"", 0)};
    expect_written(f, 3, "\"\"\"\",\"\"\"\"\"\",\"a\"\"\"\r\n");
}

static void test_writer_record_ms932_bytes_unchanged(void **state)
{
    (void)state;
    /* 表 = 95 5C and ソ = 83 5C end in a backslash byte; ｱ = B1; they pass through as is
     * and do not need quotes. */
    struct rk_field f[] = {fld("\x95\x5C\x83\x5C", 0), fld("\xB1", RK_FIELD_QUOTED)};
    expect_written(f, 2, "\x95\x5C\x83\x5C,\"\xB1\"\r\n");
}

static void test_writer_record_nul_byte_unchanged(void **state)
{
    (void)state;
    struct rk_field f = {.data = (const unsigned char *)"a\0b", .len = 3};
    struct out o = {.len = 0};
    assert_int_equal(rk_write_record(out_write, &o, &f, 1), RK_OK);
    assert_int_equal(o.len, 5);
    assert_memory_equal(o.buf, "a\0b\r\n", 5);
}

static void test_writer_record_write_error(void **state)
{
    (void)state;
    struct rk_field f[] = {fld("a\"b", 0), fld("c", 0)};
    /* count the write calls of a good run, then fail each one in turn: always RK_E_IO */
    struct out good = {.len = 0};
    assert_int_equal(rk_write_record(out_write, &good, f, 2), RK_OK);
    assert_true(good.calls > 1);
    for (int k = 1; k <= good.calls; k++) {
        struct out o = {.fail_after = k - 1};
        if (k == 1)
            o.fail_after = -1; /* fails the first call */
        assert_int_equal(rk_write_record(out_write, &o, f, 2), RK_E_IO);
        assert_int_equal(o.calls, k); /* stopped at the failing call */
    }
}

/* ---- parse -> write ---- */

struct rt {
    struct out out;
    enum rk_status st;
    size_t findings;
};

static void rt_sink(void *ctx, const struct rk_finding *f)
{
    struct rt *rt = ctx;
    (void)f;
    rt->findings++;
}

static int rt_record(void *ctx, const struct rk_record *rec)
{
    struct rt *rt = ctx;
    enum rk_status st = rk_write_record(out_write, &rt->out, rec->fields, rec->nfields);
    if (st != RK_OK)
        rt->st = st;
    return st != RK_OK;
}

/* Reads in (fed in chunks of chunk bytes, 0 = whole) and writes every record back. */
static void roundtrip(const char *in, size_t len, size_t chunk)
{
    struct rt rt = {.st = RK_OK};
    struct rk_reader *r = NULL;
    struct rk_reader_options o = {.encoding = RK_ENC_CP932};
    assert_int_equal(rk_reader_new(&r, &o, "rt.csv", rt_sink, &rt, rt_record, &rt), RK_OK);
    enum rk_status st = RK_OK;
    for (size_t at = 0; st == RK_OK && at < len;) {
        size_t n = chunk == 0 || len - at < chunk ? len - at : chunk;
        st = rk_reader_feed(r, in + at, n);
        at += n;
    }
    if (st == RK_OK)
        st = rk_reader_finish(r);
    rk_reader_free(r);
    assert_int_equal(st, RK_OK);
    assert_int_equal(rt.st, RK_OK);
    assert_int_equal(rt.findings, 0); /* the input is well-formed */
    if (rt.out.len != len || memcmp(rt.out.buf, in, len) != 0)
        fail_msg("chunk %zu: wrote %zu bytes \"%.*s\", read %zu", chunk, rt.out.len,
                 (int)rt.out.len, (const char *)rt.out.buf, len);
}

static void roundtrip_all(const char *in, size_t len)
{
    static const size_t chunks[] = {0, 1, 2, 3, 7};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++)
        roundtrip(in, len, chunks[i]);
}

#define ROUNDTRIP(lit) roundtrip_all((lit), sizeof(lit) - 1)

static void test_writer_roundtrip_plain(void **state)
{
    (void)state;
    ROUNDTRIP("202407,131001,0000000001\r\n202407,131001,0000000002\r\n");
}

static void test_writer_roundtrip_quotes_commas_breaks(void **state)
{
    (void)state;
    ROUNDTRIP("\"a\"\"b\",\"x,y\",\"line1\r\nline2\",\"\"\"\"\r\n"
              "1,\"\",,\"plain quoted\"\r\n");
}

static void test_writer_roundtrip_empty_fields(void **state)
{
    (void)state;
    ROUNDTRIP(",,\r\n\"\",\"\",\"\"\r\n,\"\",\r\n");
}

static void test_writer_roundtrip_ms932_text(void **state)
{
    (void)state;
    /* "表示","ソフト",ｱｲｳ,"あ""い" : 表 95 5C, 示 8E A6, ソ 83 5C, フ 83 74, ト 83 67,
     * ｱｲｳ B1 B2 B3, あ 82 A0, い 82 A2 */
    ROUNDTRIP("\"\x95\x5C\x8E\xA6\",\"\x83\x5C\x83\x74\x83\x67\",\xB1\xB2\xB3,"
              "\"\x82\xA0\"\"\x82\xA2\"\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_record_plain_fields),
        cmocka_unit_test(test_writer_record_empty_fields),
        cmocka_unit_test(test_writer_record_quoted_flag_kept),
        cmocka_unit_test(test_writer_record_quotes_when_needed),
        cmocka_unit_test(test_writer_record_doubles_every_quote),
        cmocka_unit_test(test_writer_record_ms932_bytes_unchanged),
        cmocka_unit_test(test_writer_record_nul_byte_unchanged),
        cmocka_unit_test(test_writer_record_write_error),
        cmocka_unit_test(test_writer_roundtrip_plain),
        cmocka_unit_test(test_writer_roundtrip_quotes_commas_breaks),
        cmocka_unit_test(test_writer_roundtrip_empty_fields),
        cmocka_unit_test(test_writer_roundtrip_ms932_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
