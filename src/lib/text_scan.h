/*
 * text_scan.h - finds the end of a run of plain ASCII text many bytes at a time: the wide scan
 * of the reader's walk (csv_reader.c) and of the encoding sniff (check.c).
 * Hidden (-fvisibility=hidden): not part of the public API.
 *
 * A byte stops the scan when it is not printable ASCII (below 0x20, 0x7F, 0x80 and above) or is
 * one of two stop bytes the caller names (the delimiter and the quote; both below 0x80). On
 * x86-64 (__SSE2__) 16 bytes are tested at a time with SSE2: one signed compare catches the C0
 * controls and every byte >= 0x80 together. Elsewhere (the WebAssembly build, other CPUs) 8
 * bytes at a time in a 64-bit word (SWAR), with an exact test per byte: no carry crosses a
 * byte, so a byte is flagged only when it stops the scan itself. RENKEI_PORTABLE_SCAN (a CMake
 * option) forces the SWAR scan on x86-64 too, so that it can be tested there; both are always
 * compiled where SSE2 is, so that the unit tests and the reader's fuzz harness compare them.
 */
#ifndef RK_TEXT_SCAN_H
#define RK_TEXT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define RK_HAVE_SSE2_SCAN 1
#endif

/* The scan's test for one byte: does c stop it? */
static inline bool rk_scan_stops(unsigned char c, unsigned char s1, unsigned char s2)
{
    return c < 0x20 || c > 0x7E || c == s1 || c == s2;
}

#define RK_SCAN_ONES 0x0101010101010101ull
#define RK_SCAN_HIGH 0x8080808080808080ull
#define RK_SCAN_LOW7 0x7F7F7F7F7F7F7F7Full

/* The bytes of the 8-byte word x that stop the scan, as their high bits (s1x8, s2x8: the stop
 * bytes times RK_SCAN_ONES). Each byte is tested on its low 7 bits y (0..0x7F), so no sum
 * below passes 0xFF and no carry reaches the next byte: y + 0x60 < 0x80 exactly when y < 0x20,
 * y + 0x01 reaches 0x80 exactly when y == 0x7F, (y ^ s) + 0x7F < 0x80 exactly when y == s;
 * x's own high bit flags the bytes >= 0x80. */
static inline uint64_t rk_scan_word(uint64_t x, uint64_t s1x8, uint64_t s2x8)
{
    uint64_t y = x & RK_SCAN_LOW7;
    uint64_t ctrl = ~(y + 0x6060606060606060ull);
    uint64_t del = y + RK_SCAN_ONES;
    uint64_t e1 = ~((y ^ s1x8) + RK_SCAN_LOW7);
    uint64_t e2 = ~((y ^ s2x8) + RK_SCAN_LOW7);
    return (x | ctrl | del | e1 | e2) & RK_SCAN_HIGH;
}

/* The index of the first byte of the word's mask m (nonzero) in memory order. */
static inline unsigned rk_scan_first(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (unsigned)__builtin_clzll(m) >> 3;
#else
    return (unsigned)__builtin_ctzll(m) >> 3;
#endif
}

/* A scan over one buffer p[0..n): the stop bytes of the last block tested are kept as a bit
 * mask, so finding the next stop inside that block (the next delimiter of a record of short
 * fields) costs a shift and a count, not a load. next(k) takes any k (forwards or back). */
struct rk_scan_swar {
    const unsigned char *p;
    size_t n;
    size_t base;   /* the block p[base..base+8) that mask describes (none yet: k - base >= 8
                      for every k) */
    uint64_t mask; /* its stop bytes, as high bits */
    uint64_t s1x8, s2x8;
    unsigned char s1, s2;
};

static inline void rk_scan_swar_init(struct rk_scan_swar *s, const unsigned char *p, size_t n,
                                     unsigned char s1, unsigned char s2)
{
    s->p = p;
    s->n = n;
    s->base = SIZE_MAX - 7;
    s->mask = 0;
    s->s1 = s1;
    s->s2 = s2;
    s->s1x8 = s1 * RK_SCAN_ONES;
    s->s2x8 = s2 * RK_SCAN_ONES;
}

/* The first byte of p[k..n) that stops the scan, or n: 8 bytes at a time (SWAR). The last
 * bytes are tested in the 8 that end at n (a load overlapping bytes already passed). */
static inline size_t rk_scan_swar_next(struct rk_scan_swar *s, size_t k)
{
    for (;;) {
        size_t off = k - s->base; /* huge when k < base */
        if (off < 8) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            uint64_t m = s->mask << (off * 8);
            if (m)
                return k + ((unsigned)__builtin_clzll(m) >> 3);
#else
            uint64_t m = s->mask >> (off * 8);
            if (m)
                return k + ((unsigned)__builtin_ctzll(m) >> 3);
#endif
            k = s->base + 8;
        }
        if (k >= s->n)
            return s->n;
        if (s->n < 8) { /* too short for a word */
            while (k < s->n && !rk_scan_stops(s->p[k], s->s1, s->s2))
                k++;
            return k;
        }
        s->base = k + 8 <= s->n ? k : s->n - 8;
        uint64_t x;
        memcpy(&x, s->p + s->base, 8);
        s->mask = rk_scan_word(x, s->s1x8, s->s2x8);
    }
}

#ifdef RK_HAVE_SSE2_SCAN
struct rk_scan_sse2 {
    const unsigned char *p;
    size_t n;
    size_t base;   /* the block p[base..base+16) that mask describes (none yet: k - base >= 16
                      for every k) */
    unsigned mask; /* its stop bytes (bit j: p[base + j]) */
    __m128i v20, v7f, vs1, vs2;
    unsigned char s1, s2;
};

static inline void rk_scan_sse2_init(struct rk_scan_sse2 *s, const unsigned char *p, size_t n,
                                     unsigned char s1, unsigned char s2)
{
    s->p = p;
    s->n = n;
    s->base = SIZE_MAX - 15;
    s->mask = 0;
    s->s1 = s1;
    s->s2 = s2;
    s->v20 = _mm_set1_epi8(0x20);
    s->v7f = _mm_set1_epi8(0x7F);
    s->vs1 = _mm_set1_epi8((char)s1);
    s->vs2 = _mm_set1_epi8((char)s2);
}

/* The first byte of p[k..n) that stops the scan, or n: 16 bytes at a time (SSE2). The last
 * bytes are tested in the 16 that end at n (a load overlapping bytes already passed). */
static inline size_t rk_scan_sse2_next(struct rk_scan_sse2 *s, size_t k)
{
    for (;;) {
        size_t off = k - s->base; /* huge when k < base */
        if (off < 16) {
            unsigned m = s->mask >> off;
            if (m)
                return k + (unsigned)__builtin_ctz(m);
            k = s->base + 16;
        }
        if (k >= s->n)
            return s->n;
        if (s->n < 16) { /* too short for a block */
            while (k < s->n && !rk_scan_stops(s->p[k], s->s1, s->s2))
                k++;
            return k;
        }
        s->base = k + 16 <= s->n ? k : s->n - 16;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s->p + s->base));
        /* signed: 0x80..0xFF are negative, so below 0x20 too */
        __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, s->v20), _mm_cmpeq_epi8(x, s->v7f));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, s->vs1), _mm_cmpeq_epi8(x, s->vs2)));
        s->mask = (unsigned)_mm_movemask_epi8(m);
    }
}
#endif

/* The scan the reader uses: SSE2 where there is SSE2, unless RENKEI_PORTABLE_SCAN. */
#if defined(RK_HAVE_SSE2_SCAN) && !defined(RENKEI_PORTABLE_SCAN)
#define rk_scan rk_scan_sse2
#define rk_scan_init rk_scan_sse2_init
#define rk_scan_next rk_scan_sse2_next
#define RK_SCAN_NAME "sse2"
#else
#define rk_scan rk_scan_swar
#define rk_scan_init rk_scan_swar_init
#define rk_scan_next rk_scan_swar_next
#define RK_SCAN_NAME "swar"
#endif

/* The first byte >= 0x80 in p[i..n), or n (what is not ASCII: check.c's sniff). */
static inline size_t rk_scan_ascii(const unsigned char *p, size_t i, size_t n)
{
#ifdef RK_HAVE_SSE2_SCAN
    for (; i + 16 <= n; i += 16) {
        unsigned m =
            (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)));
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        if (x & RK_SCAN_HIGH)
            return i + rk_scan_first(x & RK_SCAN_HIGH);
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

#endif
