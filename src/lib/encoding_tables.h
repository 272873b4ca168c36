/*
 * encoding_tables.h - the character tables that src/tools/gen_encoding.c writes at build time
 * from the build machine's glibc iconv (CP932 and EUC-JISX0213). Only encoding.c reads them;
 * tests/unit/test_encoding_tables.c checks them against live iconv.
 */
#ifndef RK_ENCODING_TABLES_H
#define RK_ENCODING_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* CP932 single bytes: 0 invalid, 1 a character (scalar in rk_tab_sb_uni), 2 a lead byte. */
extern const uint8_t rk_tab_sb_kind[256];
extern const uint16_t rk_tab_sb_uni[256];
/* CP932 double-byte codes, indexed [lead index * 256 + trail] (lead index: 0x81-0x9F -> 0-30,
 * 0xE0-0xFC -> 31-59): the class (enum rk_char_class) and the scalar it decodes to (0: none). */
extern const uint8_t rk_tab_db_class[60 * 256];
extern const uint16_t rk_tab_db_uni[60 * 256];
/* The codes that do not round-trip, sorted: {code, the code the character comes back as}. */
extern const uint16_t rk_tab_db_back[][2];
extern const size_t rk_tab_db_back_count;
/* BMP scalar -> MS932 code (a byte < 0x100, else lead << 8 | trail; 0 none):
 * rk_tab_u2c[rk_tab_u2c_page[cp >> 8]][cp & 0xFF]. */
extern const uint8_t rk_tab_u2c_page[256];
extern const uint16_t rk_tab_u2c[][256];
/* Scalar -> JIS X 0213 plane-row-cell as glibc's EUC-JISX0213 encodes it, packed
 * (plane - 1) << 14 | row << 7 | cell; half-width katakana (JIS X 0201) as 0x3F80 | (byte & 0x7F);
 * 0: no code (ASCII is not in the table). BMP paged like rk_tab_u2c; beyond it a sorted list
 * {scalar, code}. */
extern const uint8_t rk_tab_jis_bmp_page[256];
extern const uint16_t rk_tab_jis_bmp[][256];
extern const uint32_t rk_tab_jis_supp[][2];
extern const size_t rk_tab_jis_supp_count;

/* Bit cp of this BMP bitset: JIS X 0213 converters map the scalar differently although
 * glibc's EUC-JISX0213 has a code for it (specs/careplan/jisx0213_converters.tsv). */
extern const uint8_t rk_tab_jis_differs[65536 / 8];
/* Each CP932 double-byte code, indexed as rk_tab_db_class: bit 0 a character without finding
 * (RK_CH_OK), bit 1 also one whose rk_jisx0213_fate is RK_JIS_SAFE (rk_cp932_plain). */
extern const uint8_t rk_tab_db_plain[60 * 256];
/* MS932 codes whose two bytes, read as Shift_JIS-2004 (glibc SHIFT_JISX0213), give another
 * character than MS932's, sorted: {code, that scalar (0xFFFFFFFF: none)}. */
extern const uint32_t rk_tab_as2004[][2];
extern const size_t rk_tab_as2004_count;

#endif
