/*
 * encoding.h - character classes and code conversions (encoding.c).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_ENCODING_H
#define RK_ENCODING_H

#include "renkei.h"
#include <stdbool.h>
#include <stdint.h>

enum rk_char_class {
    RK_CH_OK = 0,
    RK_CH_INVALID_BYTE, /* ENC-001 */
    RK_CH_BAD_TRAIL,    /* ENC-002 */
    RK_CH_UNASSIGNED,   /* ENC-004 */
    RK_CH_GAIJI,        /* ENC-005 */
    RK_CH_NONROUNDTRIP, /* ENC-006 */
    RK_CH_ENVDEP,       /* ENC-007 */
    RK_CH_NOT_MS932,    /* ENC-010 */
    RK_CH_CHANGES,      /* ENC-012 */
    RK_CH_BAD_UTF8      /* ENC-009 */
};

/* CP932 single bytes: 1 = a character on its own, 2 = lead byte, 0 = invalid. */
int rk_cp932_single(unsigned char b);
/* Class of a CP932 double-byte code; *back receives the code it comes back as when
 * RK_CH_NONROUNDTRIP. */
enum rk_char_class rk_cp932_double(unsigned char lead, unsigned char trail, unsigned *back);
/* Unicode scalar of a CP932 character (single byte when lead == 0), 0 if none. */
uint32_t rk_cp932_to_unicode(unsigned char lead, unsigned char trail);
/* Class of a Unicode scalar bound for MS932; *code receives its MS932 code (0 if none),
 * *back the scalar it comes back as when RK_CH_CHANGES. */
enum rk_char_class rk_unicode_to_ms932(uint32_t cp, unsigned *code, uint32_t *back);
/* Appends cp as UTF-8. */
size_t rk_utf8_put(uint32_t cp, char *out);
/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. Inline: the reader's scan
 * asks it for every UTF-8 character. */
static inline size_t rk_utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char b = s[0];
    size_t need = b >= 0xC2 && b <= 0xDF   ? 2
                  : b >= 0xE0 && b <= 0xEF ? 3
                  : b >= 0xF0 && b <= 0xF4 ? 4
                                           : 0;
    if (need == 0 || need > avail)
        return 0;
    for (size_t j = 1; j < need; j++)
        if ((s[j] & 0xC0) != 0x80)
            return 0;
    if ((b == 0xE0 && s[1] < 0xA0) || (b == 0xED && s[1] > 0x9F) || (b == 0xF0 && s[1] < 0x90) ||
        (b == 0xF4 && s[1] > 0x8F))
        return 0;
    return need;
}
/* JIS X 0213 code of a Unicode scalar as glibc's EUC-JISX0213 encodes it (the 2004 edition):
 * 0 when it has none; RK_JIS_ASCII for U+0000-U+007F; RK_JIS_KANA | byte for half-width
 * katakana (JIS X 0201); otherwise (plane - 1) << 14 | row << 7 | cell (面区点). */
unsigned rk_unicode_to_jisx0213(uint32_t cp);
/* What becomes of a scalar converted to JIS X 0213 (standard 5.0): it has a code and the
 * converters agree; glibc's EUC-JISX0213 has no code for it (JIS-001); glibc has one but
 * other converters map it differently (JIS-002; specs/careplan/jisx0213_converters.tsv). */
enum rk_jis_fate { RK_JIS_SAFE = 0, RK_JIS_NONE, RK_JIS_DIFFERS };
enum rk_jis_fate rk_jisx0213_fate(uint32_t cp);

/* encoding.c's generated table of the CP932 double-byte codes (encoding_tables.h), named here
 * only for rk_cp932_plain below: [lead index * 256 + trail], bit 0 a character without finding,
 * bit 1 one whose JIS X 0213 conversion is safe too. */
extern const uint8_t rk_tab_db_plain[60 * 256];

/* An MS932 double-byte code that needs no finding: RK_CH_OK, and when jis, RK_JIS_SAFE too.
 * Inline: the reader's scan asks it for every double-byte character (a call each cost more
 * than the look-up). */
static inline bool rk_cp932_plain(unsigned char lead, unsigned char trail, bool jis)
{
    /* lead index: 0x81-0x9F -> 0-30, 0xE0-0xFC -> 31-59 */
    unsigned li = lead - 0x81u;
    if (li > 0x9Fu - 0x81u) {
        li = lead - 0xE0u;
        if (li > 0xFCu - 0xE0u)
            return false;
        li += 31;
    }
    return (rk_tab_db_plain[li * 256u + trail] & (jis ? 2u : 1u)) != 0;
}
/* The scalar an MS932 double-byte code gives when its bytes are read as Shift_JIS-2004
 * (glibc SHIFT_JISX0213): MS932's own scalar when they agree, 0xFFFFFFFF when none. */
uint32_t rk_cp932_as_sjis2004(unsigned char lead, unsigned char trail);
#define RK_JIS_ASCII 0x8000u
#define RK_JIS_KANA 0x3F80u
#define RK_JIS_PLANE(c) (((c) >> 14) + 1)
#define RK_JIS_ROW(c) (((c) >> 7) & 0x7F)
#define RK_JIS_CELL(c) ((c)&0x7F)

#endif
