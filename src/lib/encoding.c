/*
 * encoding.c - MS932 (CP932), JIS X 0213 and UTF-8 character knowledge, read from tables that
 * src/tools/gen_encoding.c wrote at build time from the build machine's glibc iconv (CP932,
 * EUC-JISX0213), so that validating a file costs a table look-up per byte, and the native,
 * Windows and WebAssembly builds know the same characters. No iconv at run time.
 *
 * What the tables say about each CP932 double-byte code:
 *  - iconv cannot decode it: unassigned (ENC-004);
 *  - lead byte 0xF0-0xF9: user-defined area, 外字 (ENC-005);
 *  - decodes, but encoding the character back gives other bytes (NEC-selected IBM extensions
 *    0xED40-0xEEFC, NEC row-13 duplicates...): does not round-trip (ENC-006);
 *  - NEC special characters 0x8740-0x879C and IBM extensions 0xFA40-0xFC4B: 環境依存文字
 *    (ENC-007).
 * For UTF-8 bound for MS932, a second table says for each BMP scalar which MS932 code iconv
 * encodes it to; a third, which JIS X 0213 code (if any) glibc's EUC-JISX0213 gives it.
 */
#include "encoding.h"

#include "encoding_tables.h"

#include <string.h>

static int lead_index(unsigned char b)
{
    if (b >= 0x81 && b <= 0x9F)
        return b - 0x81;
    if (b >= 0xE0 && b <= 0xFC)
        return 31 + (b - 0xE0);
    return -1;
}

static bool valid_trail(unsigned char b)
{
    return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC);
}

size_t rk_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_envdep(unsigned code)
{
    return (code >= 0x8740 && code <= 0x879C) || (code >= 0xFA40 && code <= 0xFC4B) ||
           (code >= 0xED40 && code <= 0xEEFC);
}

enum rk_status rk_encoding_init(void)
{
    return RK_OK;
}

int rk_cp932_single(unsigned char b)
{
    return rk_tab_sb_kind[b];
}

/* The code a non-round-tripping code comes back as (binary search of the sorted list). */
static unsigned back_of(unsigned code)
{
    size_t lo = 0, hi = rk_tab_db_back_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rk_tab_db_back[mid][0] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rk_tab_db_back_count && rk_tab_db_back[lo][0] == code ? rk_tab_db_back[lo][1] : 0;
}

enum rk_char_class rk_cp932_double(unsigned char lead, unsigned char trail, unsigned *back)
{
    int li = lead_index(lead);
    if (li < 0)
        return RK_CH_INVALID_BYTE;
    enum rk_char_class c = (enum rk_char_class)rk_tab_db_class[li * 256 + trail];
    if (back)
        *back = c == RK_CH_NONROUNDTRIP ? back_of(((unsigned)lead << 8) | trail) : 0;
    return c;
}

uint32_t rk_cp932_to_unicode(unsigned char lead, unsigned char trail)
{
    if (lead == 0)
        return rk_tab_sb_kind[trail] == 1 ? rk_tab_sb_uni[trail] : 0;
    int li = lead_index(lead);
    return li < 0 ? 0 : rk_tab_db_uni[li * 256 + trail];
}

enum rk_char_class rk_unicode_to_ms932(uint32_t cp, unsigned *code, uint32_t *back)
{
    *code = 0;
    *back = cp;
    if (cp == 0)
        return RK_CH_OK;
    if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000))
        return RK_CH_GAIJI; /* private use: 外字 */
    if (cp > 0xFFFF)
        return RK_CH_NOT_MS932;
    unsigned c = rk_tab_u2c[rk_tab_u2c_page[cp >> 8]][cp & 0xFF];
    if (!c)
        return RK_CH_NOT_MS932;
    *code = c;
    *back = c < 0x100 ? rk_cp932_to_unicode(0, (unsigned char)c)
                      : rk_cp932_to_unicode((unsigned char)(c >> 8), (unsigned char)(c & 0xFF));
    if (*back != cp)
        return RK_CH_CHANGES;
    if (is_envdep(c))
        return RK_CH_ENVDEP;
    return RK_CH_OK;
}

unsigned rk_unicode_to_jisx0213(uint32_t cp)
{
    if (cp < 0x80)
        return RK_JIS_ASCII;
    if (cp < 0x10000)
        return rk_tab_jis_bmp[rk_tab_jis_bmp_page[cp >> 8]][cp & 0xFF];
    size_t lo = 0, hi = rk_tab_jis_supp_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rk_tab_jis_supp[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rk_tab_jis_supp_count && rk_tab_jis_supp[lo][0] == cp ? rk_tab_jis_supp[lo][1] : 0;
}

enum rk_jis_fate rk_jisx0213_fate(uint32_t cp)
{
    if (cp < 0x80)
        return RK_JIS_SAFE;
    if (!rk_unicode_to_jisx0213(cp))
        return RK_JIS_NONE;
    if (cp < 0x10000 && (rk_tab_jis_differs[cp >> 3] >> (cp & 7)) & 1)
        return RK_JIS_DIFFERS;
    return RK_JIS_SAFE;
}

uint32_t rk_cp932_as_sjis2004(unsigned char lead, unsigned char trail)
{
    uint32_t code = ((uint32_t)lead << 8) | trail;
    size_t lo = 0, hi = rk_tab_as2004_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rk_tab_as2004[mid][0] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < rk_tab_as2004_count && rk_tab_as2004[lo][0] == code)
        return rk_tab_as2004[lo][1];
    return rk_cp932_to_unicode(lead, trail);
}

const char *rk_encoding_name(enum rk_encoding e)
{
    return e == RK_ENC_UTF8 ? "utf-8" : "cp932";
}

/* Appends a display form of one byte that is not text. */
static size_t put_escape(unsigned char b, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    if (b == '\r') {
        memcpy(out, "\\r", 2);
        return 2;
    }
    if (b == '\n') {
        memcpy(out, "\\n", 2);
        return 2;
    }
    if (b == '\t') {
        memcpy(out, "\\t", 2);
        return 2;
    }
    if (b < 0x20 || b == 0x7F) {
        memcpy(out, "\\u00", 4);
        out[4] = hex[b >> 4];
        out[5] = hex[b & 15];
        return 6;
    }
    out[0] = '\\';
    out[1] = 'x';
    out[2] = hex[b >> 4];
    out[3] = hex[b & 15];
    return 4;
}

size_t rk_encoding_display(enum rk_encoding e, const unsigned char *s, size_t len, char *out,
                           size_t n)
{
    size_t at = 0;
    char tmp[8];
    if (n == 0)
        return 0;
    for (size_t i = 0; i < len;) {
        size_t k = 0, used = 1;
        unsigned char b = s[i];
        if (b < 0x20 || b == 0x7F) {
            k = put_escape(b, tmp);
        } else if (b < 0x80) {
            tmp[0] = (char)b;
            k = 1;
        } else if (e == RK_ENC_CP932) {
            if (rk_tab_sb_kind[b] == 1) {
                k = rk_utf8_put(rk_tab_sb_uni[b], tmp);
            } else if (rk_tab_sb_kind[b] == 2 && i + 1 < len && valid_trail(s[i + 1]) &&
                       rk_cp932_to_unicode(b, s[i + 1]) != 0) {
                k = rk_utf8_put(rk_cp932_to_unicode(b, s[i + 1]), tmp);
                used = 2;
            } else {
                k = put_escape(b, tmp);
            }
        } else {
            /* UTF-8: copy a well-formed sequence, escape anything else */
            size_t need = rk_utf8_len(s + i, len - i);
            if (need) {
                memcpy(tmp, s + i, need);
                k = used = need;
            } else {
                k = put_escape(b, tmp);
            }
        }
        if (at + k + 1 > n)
            break;
        memcpy(out + at, tmp, k);
        at += k;
        i += used;
    }
    out[at] = '\0';
    return at;
}
