/*
 * test_text_scan.c - unit tests of the wide scan (text_scan.h) that the reader's walk and the
 * encoding sniff use: the SWAR word test is exact for every byte value next to every other
 * (no carry from one byte flags another), and the SWAR and SSE2 scans (both compiled where
 * SSE2 is) find the same stop as a byte-by-byte test from every start, forwards and back,
 * in buffers of every length up to 80, whatever the stop bytes; rk_scan_ascii likewise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text_scan.h"

/* The scan's definition, byte by byte: the first byte of p[i..n) that is not printable ASCII
 * (0x20..0x7E) or is s1 or s2. */
static size_t ref_scan(const unsigned char *p, size_t i, size_t n, unsigned char s1,
                       unsigned char s2)
{
    while (i < n && p[i] >= 0x20 && p[i] <= 0x7E && p[i] != s1 && p[i] != s2)
        i++;
    return i;
}

/* Every pair of adjacent byte values, at every place in the word, with every stop byte the
 * reader can be given (a delimiter below 0x80; the quote): the word's mask flags a byte
 * exactly when the byte-by-byte test stops there. */
static void test_word_exact(void **state)
{
    (void)state;
    static const unsigned char stops[][2] = {{',', '"'}, {'\t', '"'}, {';', ';'},
                                             {0, 0x7F},  {'A', 'z'},  {' ', '~'}};
    for (size_t s = 0; s < sizeof stops / sizeof stops[0]; s++) {
        unsigned char s1 = stops[s][0], s2 = stops[s][1];
        for (unsigned a = 0; a < 256; a++)
            for (unsigned b = 0; b < 256; b++) {
                unsigned char w[8] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
                unsigned at = (a * 7 + b) % 7; /* the pair's place: 0..6 */
                w[at] = (unsigned char)a;
                w[at + 1] = (unsigned char)b;
                uint64_t x;
                memcpy(&x, w, 8);
                uint64_t m = rk_scan_word(x, s1 * RK_SCAN_ONES, s2 * RK_SCAN_ONES);
                unsigned char flags[8];
                memcpy(flags, &m, 8);
                for (unsigned k = 0; k < 8; k++) {
                    bool stop = rk_scan_stops(w[k], s1, s2);
                    assert_int_equal(flags[k], stop ? 0x80 : 0);
                    assert_int_equal(stop, ref_scan(w, k, k + 1, s1, s2) == k);
                }
            }
    }
}

/* A byte as the reader's input has them: mostly printable ASCII, some delimiters and quotes,
 * controls, and bytes >= 0x80 (MS932 and UTF-8). */
static unsigned char some_byte(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    unsigned r = (*seed >> 16) & 0x7FFF;
    switch (r % 16) {
    case 0:
        return (unsigned char)(0x80 + r / 16 % 128);
    case 1:
        return (unsigned char)(r / 16 % 32);
    case 2:
        return ',';
    case 3:
        return '"';
    case 4:
        return 0x7F;
    default:
        return (unsigned char)(0x20 + r / 16 % 95);
    }
}

/* Every start in buffers of every length up to 80 (so every tail the block and the word leave),
 * each start asked after a scan from somewhere else (the kept mask must not answer for
 * another place), for the SWAR scan, the SSE2 scan and rk_scan_ascii. */
static void test_scans_agree(void **state)
{
    (void)state;
    static const unsigned char stops[][2] = {{',', '"'}, {'\t', '"'}, {',', ','}};
    unsigned seed = 1;
    unsigned char buf[96];
    for (int round = 0; round < 40; round++)
        for (size_t n = 0; n <= 80; n++) {
            /* some buffers all text but their last byte, for the long runs */
            for (size_t k = 0; k < n; k++)
                buf[k] = round % 4 == 0 ? (unsigned char)('a' + k % 26) : some_byte(&seed);
            if (round % 4 == 0 && n)
                buf[n - 1] = round % 8 == 0 ? ',' : 0xE3;
            for (size_t s = 0; s < sizeof stops / sizeof stops[0]; s++) {
                unsigned char s1 = stops[s][0], s2 = stops[s][1];
                struct rk_scan_swar w;
                rk_scan_swar_init(&w, buf, n, s1, s2);
#ifdef RK_HAVE_SSE2_SCAN
                struct rk_scan_sse2 v;
                rk_scan_sse2_init(&v, buf, n, s1, s2);
#endif
                for (size_t i = 0; i <= n; i++) {
                    size_t want = ref_scan(buf, i, n, s1, s2);
                    size_t other = (i * 37 + round) % (n + 1);
                    assert_int_equal(rk_scan_swar_next(&w, other), ref_scan(buf, other, n, s1, s2));
                    assert_int_equal(rk_scan_swar_next(&w, i), want);
                    assert_int_equal(rk_scan_swar_next(&w, i), want); /* from the kept mask */
#ifdef RK_HAVE_SSE2_SCAN
                    assert_int_equal(rk_scan_sse2_next(&v, other), ref_scan(buf, other, n, s1, s2));
                    assert_int_equal(rk_scan_sse2_next(&v, i), want);
                    assert_int_equal(rk_scan_sse2_next(&v, i), want);
#endif
                    size_t ascii = i;
                    while (ascii < n && buf[ascii] < 0x80)
                        ascii++;
                    assert_int_equal(rk_scan_ascii(buf, i, n), ascii);
                }
            }
        }
}

/* The scan the reader is built with is the one named: SSE2 on x86-64 unless
 * RENKEI_PORTABLE_SCAN, else SWAR. */
static void test_build_choice(void **state)
{
    (void)state;
#if defined(__SSE2__) && !defined(RENKEI_PORTABLE_SCAN)
    assert_string_equal(RK_SCAN_NAME, "sse2");
#else
    assert_string_equal(RK_SCAN_NAME, "swar");
#endif
    static const unsigned char text[] = "0000100007,20250325,\"x\"";
    struct rk_scan sc;
    rk_scan_init(&sc, text, sizeof text - 1, ',', '"');
    assert_int_equal(rk_scan_next(&sc, 0), 10);
    assert_int_equal(rk_scan_next(&sc, 11), 19);
    assert_int_equal(rk_scan_next(&sc, 20), 20);
    assert_int_equal(rk_scan_next(&sc, 21), 22);
    assert_int_equal(rk_scan_next(&sc, 23), 23);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_exact),
        cmocka_unit_test(test_scans_agree),
        cmocka_unit_test(test_build_choice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
