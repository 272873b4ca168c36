/*
 * test_encoding_tables.c - the tables generated at build time (src/tools/gen_encoding.c) say
 * exactly what the C library's iconv says, code by code: every CP932 single byte and
 * double-byte code (decoding, class, the code it comes back as), every BMP scalar bound for
 * MS932, and every Unicode scalar's JIS X 0213 code in glibc's EUC-JISX0213. The expectations
 * are derived here from live iconv independently of the generator (the library itself uses no
 * iconv). A native (glibc) build only: cross builds have no CP932 iconv to compare with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "internal.h"
#include "renkei.h"

static iconv_t open_cd(const char *to, const char *from)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        fail_msg("iconv_open(%s, %s) failed: the test needs glibc's iconv", to, from);
    return cd;
}

/* Converts with cd from its initial state; output length or -1. */
static long conv(iconv_t cd, const void *in, size_t inlen, unsigned char *out, size_t cap)
{
    char *ip = (char *)in, *op = (char *)out;
    size_t il = inlen, ol = cap;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0)
        return -1;
    if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
        return -1;
    return (long)(op - (char *)out);
}

/* Decodes UTF-32BE of n bytes holding exactly one scalar, else 0. */
static uint32_t one32(const unsigned char *s, long n)
{
    if (n != 4)
        return 0;
    return ((uint32_t)s[0] << 24) | ((uint32_t)s[1] << 16) | ((uint32_t)s[2] << 8) | s[3];
}

static void put32(uint32_t cp, unsigned char *b)
{
    b[0] = (unsigned char)(cp >> 24);
    b[1] = (unsigned char)(cp >> 16);
    b[2] = (unsigned char)(cp >> 8);
    b[3] = (unsigned char)cp;
}

static bool is_lead(unsigned b)
{
    return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
}

static void test_encoding_tables_cp932_every_code_as_iconv(void **state)
{
    (void)state;
    iconv_t dec = open_cd("UTF-32BE", "CP932"), enc = open_cd("CP932", "UTF-32BE");
    unsigned char out[16], back[16];
    unsigned checked = 0, mismatches = 0;
    for (unsigned b = 0; b < 256; b++) {
        unsigned char in = (unsigned char)b;
        long n = conv(dec, &in, 1, out, sizeof out);
        int kind = is_lead(b) ? 2 : n == 4 ? 1 : 0;
        if (rk_cp932_single((unsigned char)b) != kind) {
            print_error("byte 0x%02X: kind %d, iconv says %d\n", b, rk_cp932_single(in), kind);
            mismatches++;
        }
        if (kind == 1 && rk_cp932_to_unicode(0, in) != one32(out, n)) {
            print_error("byte 0x%02X decodes to U+%04X, iconv says U+%04X\n", b,
                        rk_cp932_to_unicode(0, in), one32(out, n));
            mismatches++;
        }
    }
    for (unsigned lead = 0x81; lead <= 0xFC; lead++) {
        if (!is_lead(lead))
            continue;
        for (unsigned t = 0; t < 256; t++) {
            unsigned code = (lead << 8) | t;
            unsigned char in[2] = {(unsigned char)lead, (unsigned char)t};
            bool trail_ok = (t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC);
            long n = trail_ok ? conv(dec, in, 2, out, sizeof out) : -1;
            uint32_t u = one32(out, n);
            bool user = lead >= 0xF0 && lead <= 0xF9;
            enum rk_char_class want;
            unsigned want_back = 0;
            if (!trail_ok) {
                want = RK_CH_BAD_TRAIL;
                u = 0;
            } else if (n < 0) {
                want = user ? RK_CH_GAIJI : RK_CH_UNASSIGNED;
                u = 0;
            } else if (user) {
                want = RK_CH_GAIJI;
            } else {
                long m = conv(enc, out, (size_t)n, back, sizeof back);
                unsigned bcode = m == 2 ? ((unsigned)back[0] << 8) | back[1] : 0;
                bool envdep = (code >= 0x8740 && code <= 0x879C) ||
                              (code >= 0xED40 && code <= 0xEEFC) ||
                              (code >= 0xFA40 && code <= 0xFC4B);
                want = bcode != code ? RK_CH_NONROUNDTRIP : envdep ? RK_CH_ENVDEP : RK_CH_OK;
                want_back = bcode != code ? bcode : 0;
            }
            unsigned got_back = 0xDEAD;
            enum rk_char_class got = rk_cp932_double(in[0], in[1], &got_back);
            uint32_t got_u = rk_cp932_to_unicode(in[0], in[1]);
            if (got != want || got_back != want_back || got_u != u) {
                if (mismatches < 20)
                    print_error("0x%04X: class %d back 0x%04X U+%04X; iconv: %d 0x%04X U+%04X\n",
                                code, (int)got, got_back, got_u, (int)want, want_back, u);
                mismatches++;
            }
            checked++;
        }
    }
    iconv_close(dec);
    iconv_close(enc);
    assert_int_equal(checked, 60 * 256);
    assert_int_equal(mismatches, 0);
}

static void test_encoding_tables_bmp_to_ms932_as_iconv(void **state)
{
    (void)state;
    iconv_t enc = open_cd("CP932", "UTF-32BE"), dec = open_cd("UTF-32BE", "CP932");
    unsigned char in[4], out[16], back[16];
    unsigned mismatches = 0, encodable = 0;
    for (uint32_t cp = 1; cp < 0x10000; cp++) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xE000 && cp <= 0xF8FF))
            continue; /* surrogates are not scalars; private use is 外字 before any table */
        put32(cp, in);
        long m = conv(enc, in, 4, out, sizeof out);
        unsigned want_code = m == 1 ? out[0] : m == 2 ? ((unsigned)out[0] << 8) | out[1] : 0;
        uint32_t want_back = cp;
        enum rk_char_class want = RK_CH_NOT_MS932;
        if (want_code) {
            encodable++;
            want_back = one32(back, conv(dec, out, (size_t)m, back, sizeof back));
            bool envdep = (want_code >= 0x8740 && want_code <= 0x879C) ||
                          (want_code >= 0xED40 && want_code <= 0xEEFC) ||
                          (want_code >= 0xFA40 && want_code <= 0xFC4B);
            want = want_back != cp ? RK_CH_CHANGES : envdep ? RK_CH_ENVDEP : RK_CH_OK;
        }
        unsigned code;
        uint32_t got_back;
        enum rk_char_class got = rk_unicode_to_ms932(cp, &code, &got_back);
        if (got != want || code != want_code || (want_code && got_back != want_back)) {
            if (mismatches < 20)
                print_error("U+%04X: class %d code 0x%04X back U+%04X; iconv: %d 0x%04X U+%04X\n",
                            cp, (int)got, code, got_back, (int)want, want_code, want_back);
            mismatches++;
        }
    }
    iconv_close(enc);
    iconv_close(dec);
    assert_int_equal(mismatches, 0);
    /* MS932 holds some 7,900 characters besides its user-defined area */
    assert_true(encodable > 7000 && encodable < 9000);
}

static void test_encoding_tables_jisx0213_every_scalar_as_iconv(void **state)
{
    (void)state;
    iconv_t enc = open_cd("EUC-JISX0213", "UTF-32BE");
    unsigned char in[4], out[16];
    unsigned mismatches = 0, encodable = 0, beyond_bmp = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        put32(cp, in);
        long m = conv(enc, in, 4, out, sizeof out);
        unsigned want = 0;
        if (cp < 0x80)
            want = RK_JIS_ASCII;
        else if (m == 2 && out[0] == 0x8E)
            want = RK_JIS_KANA | (out[1] & 0x7Fu);
        else if (m == 2 && out[0] >= 0xA1 && out[1] >= 0xA1)
            want = ((unsigned)(out[0] - 0xA0) << 7) | (unsigned)(out[1] - 0xA0);
        else if (m == 3 && out[0] == 0x8F)
            want = (1u << 14) | ((unsigned)(out[1] - 0xA0) << 7) | (unsigned)(out[2] - 0xA0);
        else if (m > 0) /* (glibc drops the tag characters U+E0000-U+E007F: 0 bytes) */
            fail_msg("U+%04X: iconv gives %ld bytes this test does not know", cp, m);
        unsigned got = rk_unicode_to_jisx0213(cp);
        if (got != want) {
            if (mismatches < 20)
                print_error("U+%04X: JIS 0x%04X, iconv says 0x%04X\n", cp, got, want);
            mismatches++;
        }
        if (want && cp >= 0x80) {
            encodable++;
            beyond_bmp += cp > 0xFFFF;
        }
    }
    iconv_close(enc);
    assert_int_equal(mismatches, 0);
    /* JIS X 0213:2004 has 11,233 characters; some are sequences of two scalars (か゚) and
     * are not single scalars here, and some 300 are beyond the BMP (CJK Extension B) */
    assert_true(encodable > 10000 && encodable < 11300);
    assert_true(beyond_bmp > 250 && beyond_bmp < 350);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding_tables_cp932_every_code_as_iconv),
        cmocka_unit_test(test_encoding_tables_bmp_to_ms932_as_iconv),
        cmocka_unit_test(test_encoding_tables_jisx0213_every_scalar_as_iconv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
