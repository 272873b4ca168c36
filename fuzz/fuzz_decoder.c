/*
 * fuzz_decoder.c - the character layer (encoding.c): rk_encoding_display over the input as
 * CP932 and as UTF-8, with a full and a short output buffer; rk_cp932_double and
 * rk_unicode_to_ms932 over the code points the input spells.
 *
 * Invariants: display output is NUL-terminated, within the buffer, strict UTF-8 (it goes into
 * JSON reports), the short output a prefix of the full one, the full one consumes the whole
 * input (every byte becomes at least one character, so it is never empty for non-empty
 * input); every MS932 class agrees with the code and scalar it returns, and codes that
 * round-trip do.
 */
#include "harness.h"

static void check_display(enum rk_encoding e, const uint8_t *data, size_t size, size_t small)
{
    /* each byte becomes at most 6 output bytes (a control as "\u00NN", another byte that is
     * not text as "\xNN"; a 2-byte CP932 code at most 3) */
    size_t full_n = size * 6 + 1;
    char *full = malloc(full_n);
    char *part = malloc(small);
    if (!full || !part)
        abort();
    size_t n = rk_encoding_display(e, data, size, full, full_n);
    FZ_CHECK(n < full_n, "returned %zu for a buffer of %zu", n, full_n);
    FZ_CHECK(full[n] == '\0', "not NUL-terminated at %zu", n);
    FZ_CHECK(strlen(full) == n, "NUL inside output (%zu vs %zu)", strlen(full), n);
    FZ_CHECK(size == 0 || n > 0, "empty output for %zu bytes", size);
    FZ_CHECK(n >= size / 2, "output %zu too short for %zu input bytes", n, size);
    size_t bad = fz_utf8_bad_at((const unsigned char *)full, n);
    if (bad != n && !fz_skip("utf8")) {
        fprintf(stderr, "display(%s) output not UTF-8 at byte %zu:", rk_encoding_name(e), bad);
        for (size_t i = bad; i < n && i < bad + 8; i++)
            fprintf(stderr, " %02X", (unsigned char)full[i]);
        fputc('\n', stderr);
    }
    FZ_CHECK(bad == n || fz_skip("utf8"), "display output is not UTF-8");

    size_t m = rk_encoding_display(e, data, size, part, small);
    FZ_CHECK(m < small, "returned %zu for a buffer of %zu", m, small);
    FZ_CHECK(part[m] == '\0', "short output not NUL-terminated");
    FZ_CHECK(m <= n && memcmp(part, full, m) == 0, "short output is not a prefix");
    FZ_CHECK(small <= n + 1 || m == n, "short buffer %zu held %zu of %zu", small, m, n);

    FZ_CHECK(rk_encoding_display(e, data, size, part, 0) == 0, "n == 0 must write nothing");
    free(full);
    free(part);
}

static void check_scalar(uint32_t cp)
{
    unsigned code = 12345;
    uint32_t back = 12345;
    enum rk_char_class c = rk_unicode_to_ms932(cp, &code, &back);
    switch (c) {
    case RK_CH_OK:
    case RK_CH_ENVDEP:
        FZ_CHECK(back == cp, "U+%04X class %d back U+%04X", (unsigned)cp, (int)c, (unsigned)back);
        if (cp == 0) {
            FZ_CHECK(code == 0, "U+0000 code %04X", code);
            break;
        }
        FZ_CHECK(code != 0 && code <= 0xFFFF, "U+%04X code %X", (unsigned)cp, code);
        FZ_CHECK(rk_cp932_to_unicode((unsigned char)(code >> 8), (unsigned char)code) == cp,
                 "U+%04X -> %04X does not decode back", (unsigned)cp, code);
        break;
    case RK_CH_CHANGES:
        FZ_CHECK(code != 0 && back != cp, "U+%04X CHANGES code %04X back U+%04X", (unsigned)cp,
                 code, (unsigned)back);
        FZ_CHECK(rk_cp932_to_unicode((unsigned char)(code >> 8), (unsigned char)code) == back,
                 "U+%04X -> %04X -> U+%04X not what decoding says", (unsigned)cp, code,
                 (unsigned)back);
        break;
    case RK_CH_GAIJI:
        FZ_CHECK((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000, "U+%04X called gaiji",
                 (unsigned)cp);
        FZ_CHECK(code == 0, "gaiji with code %04X", code);
        break;
    case RK_CH_NOT_MS932:
        FZ_CHECK(code == 0, "U+%04X not MS932 but code %04X", (unsigned)cp, code);
        break;
    default:
        FZ_CHECK(0, "U+%04X: unexpected class %d", (unsigned)cp, (int)c);
    }
    if (cp <= 0xFFFF) {
        char u[4];
        size_t k = rk_utf8_put(cp, u);
        if (cp < 0xD800 || cp > 0xDFFF)
            FZ_CHECK(fz_utf8_bad_at((unsigned char *)u, k) == k, "rk_utf8_put(U+%04X)",
                     (unsigned)cp);
    }
}

static void check_double(unsigned char lead, unsigned char trail)
{
    unsigned back = 0;
    enum rk_char_class c = rk_cp932_double(lead, trail, &back);
    unsigned code = ((unsigned)lead << 8) | trail;
    uint32_t u = rk_cp932_to_unicode(lead, trail);
    int single = rk_cp932_single(lead);
    FZ_CHECK(single >= 0 && single <= 2, "single class %d", single);
    if (single != 2) {
        FZ_CHECK(c == RK_CH_INVALID_BYTE, "%04X: lead is no lead but class %d", code, (int)c);
        return;
    }
    unsigned got = 0;
    uint32_t gback = 0;
    switch (c) {
    case RK_CH_OK:
    case RK_CH_ENVDEP: {
        FZ_CHECK(u != 0, "%04X class %d decodes to nothing", code, (int)c);
        enum rk_char_class uc = rk_unicode_to_ms932(u, &got, &gback);
        FZ_CHECK(got == code && (uc == RK_CH_OK || uc == RK_CH_ENVDEP),
                 "%04X -> U+%04X -> %04X (class %d)", code, (unsigned)u, got, (int)uc);
        FZ_CHECK(uc == c, "%04X class %d, U+%04X class %d", code, (int)c, (unsigned)u, (int)uc);
        break;
    }
    case RK_CH_NONROUNDTRIP:
        FZ_CHECK(u != 0 && back != code, "%04X non-round-trip back %04X", code, back);
        if (back) {
            rk_unicode_to_ms932(u, &got, &gback);
            FZ_CHECK(got == back, "%04X -> U+%04X encodes as %04X, table says %04X", code,
                     (unsigned)u, got, back);
        }
        break;
    case RK_CH_BAD_TRAIL:
        FZ_CHECK(!((trail >= 0x40 && trail <= 0x7E) || (trail >= 0x80 && trail <= 0xFC)),
                 "%04X: valid trail called bad", code);
        break;
    case RK_CH_UNASSIGNED:
        FZ_CHECK(u == 0, "%04X unassigned but U+%04X", code, (unsigned)u);
        break;
    case RK_CH_GAIJI:
        FZ_CHECK(lead >= 0xF0 && lead <= 0xF9, "%04X gaiji", code);
        break;
    default:
        FZ_CHECK(0, "%04X: unexpected class %d", code, (int)c);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (rk_encoding_init() != RK_OK)
        abort(); /* the C library lacks CP932: nothing to fuzz */
    size_t small = size ? (size_t)data[0] % 24 + 1 : 1;
    check_display(RK_ENC_CP932, data, size, small);
    check_display(RK_ENC_UTF8, data, size, small);
    /* code points: 3 bytes each, over the whole 24-bit range (beyond U+10FFFF too) */
    for (size_t i = 0; i + 3 <= size && i < 3 * 256; i += 3)
        check_scalar(((uint32_t)data[i] << 16) | ((uint32_t)data[i + 1] << 8) | data[i + 2]);
    for (size_t i = 0; i + 2 <= size && i < 2 * 512; i += 2)
        check_double(data[i], data[i + 1]);
    return 0;
}
