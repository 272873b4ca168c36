/*
 * test_encoding.c - unit tests of the MS932 / UTF-8 character knowledge (encoding.c).
 *
 * The expected values are facts of the CP932 table as glibc's iconv implements it (the
 * table renkei builds on), checked by hand while writing, e.g.
 *   printf '\x82\xa0' | iconv -f CP932 -t UTF-8          -> あ U+3042
 *   printf '\xed\x40' | iconv -f CP932 -t UTF-8 | iconv -f UTF-8 -t CP932  -> FA 5C
 *   printf '\xe3\x80\x9c' | iconv -f UTF-8 -t CP932     -> 81 60 (which decodes to U+FF5E)
 *   printf '\xc3\xa9' | iconv -f UTF-8 -t CP932         -> illegal input sequence
 * not from running renkei.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "renkei.h"

static int setup(void **state)
{
    (void)state;
    return rk_encoding_init() == RK_OK ? 0 : -1;
}

static void expect_double(unsigned char lead, unsigned char trail, enum rk_char_class want,
                          unsigned want_back)
{
    unsigned back = 0xDEAD;
    enum rk_char_class got = rk_cp932_double(lead, trail, &back);
    if (got != want)
        fail_msg("0x%02X%02X: class %d, expected %d", lead, trail, (int)got, (int)want);
    if (want == RK_CH_NONROUNDTRIP && back != want_back)
        fail_msg("0x%02X%02X: comes back as 0x%04X, expected 0x%04X", lead, trail, back, want_back);
}

/* ---- CP932 double-byte classes ---- */

static void test_encoding_cp932_double_ok(void **state)
{
    (void)state;
    expect_double(0x82, 0xA0, RK_CH_OK, 0); /* あ U+3042 */
    expect_double(0x88, 0x9F, RK_CH_OK, 0); /* 亜 U+4E9C, first JIS level-1 kanji */
    expect_double(0x81, 0x60, RK_CH_OK, 0); /* ～ U+FF5E */
    expect_double(0x81, 0xE0, RK_CH_OK, 0); /* ≒ U+2252 (the JIS X 0208 code) */
    expect_double(0x81, 0xCA, RK_CH_OK, 0); /* ￢ U+FFE2 (the JIS X 0208 code) */
    expect_double(0x95, 0x5C, RK_CH_OK, 0); /* 表: trail byte 0x5C */
}

static void test_encoding_cp932_double_envdep(void **state)
{
    (void)state;
    expect_double(0x87, 0x40, RK_CH_ENVDEP, 0); /* ① U+2460, NEC special row 13 */
    expect_double(0xFA, 0x40, RK_CH_ENVDEP, 0); /* ⅰ U+2170, first IBM extension */
    expect_double(0xFA, 0x5C, RK_CH_ENVDEP, 0); /* 纊 U+7E8A, IBM extension */
    expect_double(0xFC, 0x4B, RK_CH_ENVDEP, 0); /* 黑 U+9ED1, last IBM extension */
}

static void test_encoding_cp932_double_nonroundtrip(void **state)
{
    (void)state;
    /* NEC-selected IBM extensions come back as the IBM extension codes */
    expect_double(0xED, 0x40, RK_CH_NONROUNDTRIP, 0xFA5C); /* 纊 */
    expect_double(0xEE, 0xEF, RK_CH_NONROUNDTRIP, 0xFA40); /* ⅰ */
    /* NEC row 13 duplicates of JIS X 0208 symbols come back as the JIS code */
    expect_double(0x87, 0x90, RK_CH_NONROUNDTRIP, 0x81E0); /* ≒ */
    /* IBM extension duplicates of JIS X 0208 symbols come back as the JIS code */
    expect_double(0xFA, 0x54, RK_CH_NONROUNDTRIP, 0x81CA); /* ￢ */
}

static void test_encoding_cp932_double_gaiji(void **state)
{
    (void)state;
    expect_double(0xF0, 0x40, RK_CH_GAIJI, 0); /* U+E000, first user-defined */
    expect_double(0xF9, 0xFC, RK_CH_GAIJI, 0); /* U+E757, last user-defined */
    expect_double(0xF5, 0x80, RK_CH_GAIJI, 0);
}

static void test_encoding_cp932_double_unassigned(void **state)
{
    (void)state;
    expect_double(0x85, 0x40, RK_CH_UNASSIGNED, 0); /* row 9: empty in CP932 */
    expect_double(0x86, 0x9F, RK_CH_UNASSIGNED, 0);
    expect_double(0xFC, 0x4C, RK_CH_UNASSIGNED, 0); /* just past the IBM extensions */
    expect_double(0xEF, 0x40, RK_CH_UNASSIGNED, 0);
}

static void test_encoding_cp932_double_bad_trail(void **state)
{
    (void)state;
    expect_double(0x82, 0x20, RK_CH_BAD_TRAIL, 0); /* space */
    expect_double(0x82, 0x3F, RK_CH_BAD_TRAIL, 0); /* just below 0x40 */
    expect_double(0x82, 0x7F, RK_CH_BAD_TRAIL, 0); /* DEL is never a trail byte */
    expect_double(0x82, 0xFD, RK_CH_BAD_TRAIL, 0); /* above 0xFC */
    expect_double(0x82, 0x0D, RK_CH_BAD_TRAIL, 0); /* CR */
    expect_double(0x82, 0x22, RK_CH_BAD_TRAIL, 0); /* '"' */
}

static void test_encoding_cp932_double_not_a_lead(void **state)
{
    (void)state;
    unsigned back;
    assert_int_equal(rk_cp932_double(0x41, 0x41, &back), RK_CH_INVALID_BYTE);
    assert_int_equal(rk_cp932_double(0xA1, 0x40, &back), RK_CH_INVALID_BYTE);
    assert_int_equal(rk_cp932_double(0xFD, 0x40, &back), RK_CH_INVALID_BYTE);
    assert_int_equal(rk_cp932_double(0x82, 0xA0, NULL), RK_CH_OK); /* back may be NULL */
}

/* ---- CP932 single bytes ---- */

static void test_encoding_cp932_single_kinds(void **state)
{
    (void)state;
    /* invalid: 0x80, 0xA0, 0xFD-0xFF (glibc CP932: illegal input sequence) */
    assert_int_equal(rk_cp932_single(0x80), 0);
    assert_int_equal(rk_cp932_single(0xA0), 0);
    assert_int_equal(rk_cp932_single(0xFD), 0);
    assert_int_equal(rk_cp932_single(0xFE), 0);
    assert_int_equal(rk_cp932_single(0xFF), 0);
    /* single: ASCII and half-width katakana 0xA1-0xDF */
    assert_int_equal(rk_cp932_single(0x41), 1);
    assert_int_equal(rk_cp932_single(0x5C), 1);
    assert_int_equal(rk_cp932_single(0x7E), 1);
    assert_int_equal(rk_cp932_single(0xA1), 1);
    assert_int_equal(rk_cp932_single(0xDF), 1);
    /* lead: 0x81-0x9F, 0xE0-0xFC */
    assert_int_equal(rk_cp932_single(0x81), 2);
    assert_int_equal(rk_cp932_single(0x9F), 2);
    assert_int_equal(rk_cp932_single(0xE0), 2);
    assert_int_equal(rk_cp932_single(0xFC), 2);
}

/* ---- CP932 -> Unicode ---- */

static void test_encoding_cp932_to_unicode_values(void **state)
{
    (void)state;
    assert_int_equal(rk_cp932_to_unicode(0x82, 0xA0), 0x3042); /* あ */
    assert_int_equal(rk_cp932_to_unicode(0x88, 0x9F), 0x4E9C); /* 亜 */
    assert_int_equal(rk_cp932_to_unicode(0x81, 0x60), 0xFF5E); /* ～, not U+301C */
    assert_int_equal(rk_cp932_to_unicode(0x81, 0x7C), 0xFF0D); /* －, not U+2212 */
    assert_int_equal(rk_cp932_to_unicode(0x81, 0x5F), 0xFF3C); /* ＼ */
    assert_int_equal(rk_cp932_to_unicode(0x87, 0x40), 0x2460); /* ① */
    assert_int_equal(rk_cp932_to_unicode(0xED, 0x40), 0x7E8A); /* 纊 */
    assert_int_equal(rk_cp932_to_unicode(0xF0, 0x40), 0xE000); /* gaiji: private use */
    assert_int_equal(rk_cp932_to_unicode(0, 0xA1), 0xFF61);    /* ｡ half-width */
    assert_int_equal(rk_cp932_to_unicode(0, 0xB1), 0xFF71);    /* ｱ */
    assert_int_equal(rk_cp932_to_unicode(0, 0x5C), 0x005C);    /* glibc: backslash */
    assert_int_equal(rk_cp932_to_unicode(0, 0x41), 0x0041);
    /* nothing */
    assert_int_equal(rk_cp932_to_unicode(0x85, 0x40), 0);
    assert_int_equal(rk_cp932_to_unicode(0, 0x80), 0);
    assert_int_equal(rk_cp932_to_unicode(0, 0x82), 0); /* a lead byte alone */
    assert_int_equal(rk_cp932_to_unicode(0x41, 0x41), 0);
}

/* ---- Unicode -> MS932 ---- */

static void expect_u2m(uint32_t cp, enum rk_char_class want, unsigned want_code, uint32_t want_back)
{
    unsigned code = 0xDEAD;
    uint32_t back = 0xDEAD;
    enum rk_char_class got = rk_unicode_to_ms932(cp, &code, &back);
    if (got != want)
        fail_msg("U+%04X: class %d, expected %d", (unsigned)cp, (int)got, (int)want);
    if (want_code && code != want_code)
        fail_msg("U+%04X: code 0x%04X, expected 0x%04X", (unsigned)cp, code, want_code);
    if (want == RK_CH_CHANGES && back != want_back)
        fail_msg("U+%04X: comes back as U+%04X, expected U+%04X", (unsigned)cp, (unsigned)back,
                 (unsigned)want_back);
}

static void test_encoding_unicode_to_ms932_ok(void **state)
{
    (void)state;
    expect_u2m(0x3042, RK_CH_OK, 0x82A0, 0); /* あ */
    expect_u2m(0x0041, RK_CH_OK, 0x41, 0);
    expect_u2m(0xFF5E, RK_CH_OK, 0x8160, 0); /* ～ FULLWIDTH TILDE is what 0x8160 is */
    expect_u2m(0xFF61, RK_CH_OK, 0xA1, 0);   /* half-width ｡ */
    expect_u2m(0x2252, RK_CH_OK, 0x81E0, 0); /* ≒ encodes as the JIS code */
    expect_u2m(0xFFE2, RK_CH_OK, 0x81CA, 0); /* ￢ likewise */
}

static void test_encoding_unicode_to_ms932_changes(void **state)
{
    (void)state;
    expect_u2m(0x301C, RK_CH_CHANGES, 0x8160, 0xFF5E); /* WAVE DASH -> FULLWIDTH TILDE */
    expect_u2m(0x2212, RK_CH_CHANGES, 0x817C, 0xFF0D); /* MINUS SIGN -> FULLWIDTH HYPHEN-MINUS */
    expect_u2m(0x00A5, RK_CH_CHANGES, 0x5C, 0x005C);   /* YEN SIGN -> 0x5C -> backslash */
}

static void test_encoding_unicode_to_ms932_envdep(void **state)
{
    (void)state;
    expect_u2m(0x2460, RK_CH_ENVDEP, 0x8740, 0); /* ① NEC special */
    expect_u2m(0x2170, RK_CH_ENVDEP, 0xFA40, 0); /* ⅰ IBM extension */
    expect_u2m(0x7E8A, RK_CH_ENVDEP, 0xFA5C, 0); /* 纊 IBM extension */
}

static void test_encoding_unicode_to_ms932_not_ms932(void **state)
{
    (void)state;
    expect_u2m(0x00E9, RK_CH_NOT_MS932, 0, 0);  /* é: glibc CP932 has no é */
    expect_u2m(0x1F600, RK_CH_NOT_MS932, 0, 0); /* 😀 */
    expect_u2m(0x4E02, RK_CH_NOT_MS932, 0, 0);  /* 丂: a CJK ideograph not in JIS/IBM */
    unsigned code = 1;
    uint32_t back = 0;
    rk_unicode_to_ms932(0x00E9, &code, &back);
    assert_int_equal(code, 0);
}

static void test_encoding_unicode_to_ms932_gaiji(void **state)
{
    (void)state;
    expect_u2m(0xE000, RK_CH_GAIJI, 0, 0); /* private use: MS932 0xF040 user-defined */
    expect_u2m(0xE757, RK_CH_GAIJI, 0, 0);
}

/* ---- display ---- */

static void expect_display(enum rk_encoding e, const char *in, size_t len, size_t n,
                           const char *want)
{
    char out[128];
    memset(out, 0x55, sizeof out);
    assert_true(n <= sizeof out);
    size_t got = rk_encoding_display(e, (const unsigned char *)in, len, out, n);
    if (n == 0) {
        assert_int_equal(got, 0);
        assert_int_equal((unsigned char)out[0], 0x55); /* nothing written */
        return;
    }
    assert_string_equal(out, want);
    assert_int_equal(got, strlen(want));
}

#define DISPLAY(e, lit, n, want) expect_display((e), (lit), sizeof(lit) - 1, (n), (want))

static void test_encoding_display_cp932_text(void **state)
{
    (void)state;
    DISPLAY(RK_ENC_CP932,
            "\x82\xA0"
            "a\xB1",
            64,
            "\xE3\x81\x82"
            "a\xEF\xBD\xB1");                              /* あaｱ */
    DISPLAY(RK_ENC_CP932, "\x95\x5C", 64, "\xE8\xA1\xA8"); /* 表 */
}

static void test_encoding_display_cp932_invalid_bytes(void **state)
{
    (void)state;
    DISPLAY(RK_ENC_CP932,
            "a\x80"
            "b",
            64, "a\\x80b");
    DISPLAY(RK_ENC_CP932, "\xA0\xFD\xFF", 64, "\\xA0\\xFD\\xFF");
    DISPLAY(RK_ENC_CP932, "\x82", 64, "\\x82");   /* lead at the end */
    DISPLAY(RK_ENC_CP932, "\x82 ", 64, "\\x82 "); /* lead with a bad trail */
}

static void test_encoding_display_line_breaks_and_tab(void **state)
{
    (void)state;
    DISPLAY(RK_ENC_CP932, "a\r\nb\tc", 64, "a\\r\\nb\\tc");
}

static void test_encoding_display_controls(void **state)
{
    (void)state;
    /* renkei.h: "controls become \uNNNN-style escapes" */
    DISPLAY(RK_ENC_CP932,
            "a\x01"
            "b",
            64, "a\\u0001b");
    DISPLAY(RK_ENC_UTF8, "\x7F", 64, "\\u007F");
}

static void test_encoding_display_utf8(void **state)
{
    (void)state;
    DISPLAY(RK_ENC_UTF8, "\xE3\x81\x82\xF0\x9F\x98\x80", 64, "\xE3\x81\x82\xF0\x9F\x98\x80");
    DISPLAY(RK_ENC_UTF8, "\xC3(", 64, "\\xC3(");
    DISPLAY(RK_ENC_UTF8, "\x80", 64, "\\x80");
    DISPLAY(RK_ENC_UTF8, "\xE3\x81", 64, "\\xE3\\x81"); /* cut short */
}

static void test_encoding_display_utf8_output_is_well_formed(void **state)
{
    (void)state;
    /* The output is UTF-8 for display: byte sequences RFC 3629 forbids must be escaped, not
     * copied. */
    DISPLAY(RK_ENC_UTF8, "\xF8\x80\x80", 64, "\\xF8\\x80\\x80"); /* no 5-byte forms */
    DISPLAY(RK_ENC_UTF8, "\xFF", 64, "\\xFF");
    DISPLAY(RK_ENC_UTF8, "\xED\xA0\x80", 64, "\\xED\\xA0\\x80");          /* surrogate D800 */
    DISPLAY(RK_ENC_UTF8, "\xE0\x80\x80", 64, "\\xE0\\x80\\x80");          /* overlong NUL */
    DISPLAY(RK_ENC_UTF8, "\xF4\x90\x80\x80", 64, "\\xF4\\x90\\x80\\x80"); /* > U+10FFFF */
}

static void test_encoding_display_truncates_whole_characters(void **state)
{
    (void)state;
    /* ああ: each is 3 bytes of UTF-8. n = 4 holds one and the NUL; n = 6 still one; n = 7
     * both. A character or an escape is never cut. */
    DISPLAY(RK_ENC_CP932, "\x82\xA0\x82\xA0", 4, "\xE3\x81\x82");
    DISPLAY(RK_ENC_CP932, "\x82\xA0\x82\xA0", 6, "\xE3\x81\x82");
    DISPLAY(RK_ENC_CP932, "\x82\xA0\x82\xA0", 7, "\xE3\x81\x82\xE3\x81\x82");
    DISPLAY(RK_ENC_CP932, "\x82\xA0", 3, "");
    DISPLAY(RK_ENC_CP932, "a\x80", 5, "a");
    DISPLAY(RK_ENC_CP932, "a", 1, "");
    DISPLAY(RK_ENC_CP932, "a", 0, "");
}

/* ---- JIS X 0213 (standard 5.0, issue 19) ---- */

/* Expected plane-row-cell worked out by hand from the code tables: 高 is JIS X 0208 row 25
 * cell 66 (Shift_JIS 0x8D82: lead 0x8D -> rows 25/26, trail 0x82 < 0x9F -> row 25,
 * cell 0x82 - 0x40 = 66), which JIS X 0213 plane 1 keeps; ① is the first cell of row 13, where
 * JIS X 0213 took in the NEC special characters; 𠀋 U+2000B is 1-14-2, the first character
 * beyond the BMP in JIS X 0213; ～ FULLWIDTH TILDE is 1-2-18, a cell JIS X 0213 added
 * (JIS X 0208's 1-1-33 is the WAVE DASH 〜 U+301C). 髙 (the IBM extension kanji, 0xFBFC),
 * ∑ (NEC row 13, 0x8794) and ￢ U+FFE2 (MS932's mapping of JIS X 0208 1-2-44, which
 * JIS X 0213 maps to ¬ U+00AC) have no code. */
static unsigned prc(unsigned plane, unsigned row, unsigned cell)
{
    return ((plane - 1) << 14) | (row << 7) | cell;
}

static void test_encoding_jisx0213_hand_checked(void **state)
{
    (void)state;
    assert_int_equal(rk_unicode_to_jisx0213(0x9AD8), prc(1, 25, 66)); /* 高 */
    assert_int_equal(rk_unicode_to_jisx0213(0x2460), prc(1, 13, 1));  /* ① */
    assert_int_equal(rk_unicode_to_jisx0213(0x2000B), prc(1, 14, 2)); /* 𠀋 */
    assert_int_equal(rk_unicode_to_jisx0213(0xFF5E), prc(1, 2, 18));  /* ～ */
    assert_int_equal(rk_unicode_to_jisx0213(0x00AC), prc(1, 2, 44));  /* ¬ */
    assert_int_equal(rk_unicode_to_jisx0213(0x9AD9), 0);              /* 髙 */
    assert_int_equal(rk_unicode_to_jisx0213(0x2211), 0);              /* ∑ */
    assert_int_equal(rk_unicode_to_jisx0213(0xFFE2), 0);              /* ￢ */
    assert_int_equal(rk_unicode_to_jisx0213('A'), RK_JIS_ASCII);
    /* the same characters as they come from an MS932 file */
    assert_int_equal(rk_cp932_to_unicode(0xFB, 0xFC), 0x9AD9); /* 髙 */
    assert_int_equal(rk_cp932_to_unicode(0x87, 0x94), 0x2211); /* ∑ */
    assert_int_equal(rk_cp932_to_unicode(0x81, 0xCA), 0xFFE2); /* ￢ */
    assert_int_equal(rk_cp932_to_unicode(0x81, 0x60), 0xFF5E); /* ～ */
}

static void test_encoding_jisx0213_fates(void **state)
{
    (void)state;
    assert_int_equal(rk_jisx0213_fate(0x9AD8), RK_JIS_SAFE); /* 高 */
    assert_int_equal(rk_jisx0213_fate(0x2460), RK_JIS_SAFE); /* ① */
    assert_int_equal(rk_jisx0213_fate('A'), RK_JIS_SAFE);
    assert_int_equal(rk_jisx0213_fate(0xFF76), RK_JIS_SAFE); /* ｶ half-width katakana */
    assert_int_equal(rk_jisx0213_fate(0x9AD9), RK_JIS_NONE); /* 髙 */
    assert_int_equal(rk_jisx0213_fate(0x2211), RK_JIS_NONE); /* ∑ */
    assert_int_equal(rk_jisx0213_fate(0xFFE2), RK_JIS_NONE); /* ￢ */
    assert_int_equal(rk_jisx0213_fate(0xFFE4), RK_JIS_NONE); /* ￤ */
    assert_int_equal(rk_jisx0213_fate(0x2015), RK_JIS_NONE); /* ― */
    /* Python's shift_jisx0213 has no code for ～ and ＼, glibc's has (1-2-18, 1-1-32) */
    assert_int_equal(rk_jisx0213_fate(0xFF5E), RK_JIS_DIFFERS); /* ～ */
    assert_int_equal(rk_jisx0213_fate(0xFF3C), RK_JIS_DIFFERS); /* ＼ */
    /* the MS932 bytes of ～ read as Shift_JIS-2004 are JIS 1-1-33, the WAVE DASH; those of
     * ￢ are 1-2-44, ¬; 高's are 高 */
    assert_int_equal(rk_cp932_as_sjis2004(0x81, 0x60), 0x301C);
    assert_int_equal(rk_cp932_as_sjis2004(0x81, 0xCA), 0x00AC);
    assert_int_equal(rk_cp932_as_sjis2004(0x8D, 0x82), 0x9AD8);
}

/* The reader's inline test of a double-byte code: plain when the code is a character without
 * finding (and, with jis, one that converts to JIS X 0213 safely); facts checked by hand, then
 * every one of the 65,536 byte pairs against rk_cp932_double and rk_jisx0213_fate. */
static void test_encoding_cp932_plain(void **state)
{
    (void)state;
    assert_true(rk_cp932_plain(0x82, 0xA0, true));   /* あ */
    assert_true(rk_cp932_plain(0x88, 0x9F, true));   /* 亜 */
    assert_true(rk_cp932_plain(0xE0, 0x40, true));   /* 漾, first code of lead 0xE0 */
    assert_true(rk_cp932_plain(0xEA, 0xA4, true));   /* 熙, last JIS X 0208 kanji */
    assert_false(rk_cp932_plain(0x87, 0x40, false)); /* ① 環境依存文字 (ENC-007) */
    assert_false(rk_cp932_plain(0xF0, 0x40, false)); /* 外字 */
    assert_false(rk_cp932_plain(0x82, 0x7F, false)); /* 0x7F is no trail byte */
    assert_false(rk_cp932_plain(0xA0, 0x40, false)); /* 0xA0 is no lead byte */
    assert_false(rk_cp932_plain(0xFD, 0x40, false));
    assert_false(rk_cp932_plain(0x80, 0x40, false));
    assert_true(rk_cp932_plain(0x81, 0x60, false)); /* ～: MS932's own, but */
    assert_false(rk_cp932_plain(0x81, 0x60, true)); /* JIS X 0213 converters differ */
    assert_false(rk_cp932_plain(0x81, 0xCA, true)); /* ￢: no JIS X 0213 code */
    for (unsigned lead = 0; lead < 256; lead++)
        for (unsigned trail = 0; trail < 256; trail++) {
            unsigned back = 0;
            bool ok = rk_cp932_single((unsigned char)lead) == 2 &&
                      rk_cp932_double((unsigned char)lead, (unsigned char)trail, &back) == RK_CH_OK;
            bool safe = ok && rk_jisx0213_fate(rk_cp932_to_unicode(
                                  (unsigned char)lead, (unsigned char)trail)) == RK_JIS_SAFE;
            if (rk_cp932_plain((unsigned char)lead, (unsigned char)trail, false) != ok ||
                rk_cp932_plain((unsigned char)lead, (unsigned char)trail, true) != safe)
                fail_msg("0x%02X%02X: plain disagrees with its class", lead, trail);
        }
}

static void test_encoding_names(void **state)
{
    (void)state;
    assert_string_equal(rk_encoding_name(RK_ENC_CP932), "cp932");
    assert_string_equal(rk_encoding_name(RK_ENC_UTF8), "utf-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding_cp932_double_ok),
        cmocka_unit_test(test_encoding_cp932_double_envdep),
        cmocka_unit_test(test_encoding_cp932_double_nonroundtrip),
        cmocka_unit_test(test_encoding_cp932_double_gaiji),
        cmocka_unit_test(test_encoding_cp932_double_unassigned),
        cmocka_unit_test(test_encoding_cp932_double_bad_trail),
        cmocka_unit_test(test_encoding_cp932_double_not_a_lead),
        cmocka_unit_test(test_encoding_cp932_single_kinds),
        cmocka_unit_test(test_encoding_cp932_to_unicode_values),
        cmocka_unit_test(test_encoding_cp932_plain),
        cmocka_unit_test(test_encoding_unicode_to_ms932_ok),
        cmocka_unit_test(test_encoding_unicode_to_ms932_changes),
        cmocka_unit_test(test_encoding_unicode_to_ms932_envdep),
        cmocka_unit_test(test_encoding_unicode_to_ms932_not_ms932),
        cmocka_unit_test(test_encoding_unicode_to_ms932_gaiji),
        cmocka_unit_test(test_encoding_display_cp932_text),
        cmocka_unit_test(test_encoding_display_cp932_invalid_bytes),
        cmocka_unit_test(test_encoding_display_line_breaks_and_tab),
        cmocka_unit_test(test_encoding_display_controls),
        cmocka_unit_test(test_encoding_display_utf8),
        cmocka_unit_test(test_encoding_display_utf8_output_is_well_formed),
        cmocka_unit_test(test_encoding_display_truncates_whole_characters),
        cmocka_unit_test(test_encoding_names),
        cmocka_unit_test(test_encoding_jisx0213_hand_checked),
        cmocka_unit_test(test_encoding_jisx0213_fates),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
