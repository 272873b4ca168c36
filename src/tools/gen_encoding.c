/*
 * gen_encoding.c - build-time generator: asks the build machine's glibc iconv what it knows
 * about MS932 (CP932) and JIS X 0213 (EUC-JISX0213) and writes it as C tables, so that
 * librenkei (src/lib/encoding.c) needs no iconv at run time and the same tables serve the
 * native, Windows and WebAssembly builds. Run on the build host (a host tool also when
 * cross-compiling: see RENKEI_HOST_TOOLS_DIR in CMakeLists.txt).
 *
 * What it derives, for every CP932 double-byte code (lead 0x81-0x9F, 0xE0-0xFC):
 *  - the Unicode scalar iconv decodes it to (0: iconv cannot decode it, ENC-004);
 *  - its class: lead 0xF0-0xF9 user-defined (外字, ENC-005); encoding the character back gives
 *    other bytes (ENC-006, with the code it comes back as); NEC special characters
 *    0x8740-0x879C, NEC-selected IBM extensions 0xED40-0xEEFC and IBM extensions
 *    0xFA40-0xFC4B (環境依存文字, ENC-007); otherwise OK;
 * for every single byte: a character (with its scalar), a lead byte, or invalid;
 * for every BMP scalar: the MS932 code iconv encodes it to (0: none);
 * for every Unicode scalar: its JIS X 0213 plane-row-cell (面区点) as glibc's EUC-JISX0213
 * encodes it (0: none), packed as (plane - 1) << 14 | row << 7 | cell;
 * for every MS932 double-byte code whose bytes, read as Shift_JIS-2004 by glibc's
 * SHIFT_JISX0213, give another character than MS932's: that character (issue 19);
 * from CONVERTERS.tsv (specs/careplan/jisx0213_converters.tsv, written by
 * scripts/jisx0213_converters.py): the scalars that JIS X 0213 converters map differently
 * although glibc's EUC-JISX0213 has a code for them.
 *
 * usage: gen_encoding OUT.c [CONVERTERS.tsv]
 */
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Values of enum rk_char_class (src/lib/internal.h) used in the class table. */
enum {
    CH_OK = 0,
    CH_BAD_TRAIL = 2,
    CH_UNASSIGNED = 3,
    CH_GAIJI = 4,
    CH_NONROUNDTRIP = 5,
    CH_ENVDEP = 6
};

#define NLEADS 60

static uint8_t sb_kind[256];
static uint16_t sb_uni[256];
static uint8_t db_class[NLEADS][256];
static uint16_t db_uni[NLEADS][256];
static uint16_t db_back[NLEADS][256];
static uint16_t u2c[65536];
static uint16_t jis[0x110000];
static uint8_t differs[65536 / 8];
static uint32_t as2004[NLEADS][256]; /* the MS932 bytes read as Shift_JIS-2004, when not u */

static unsigned char lead_of(int li)
{
    return (unsigned char)(li < 31 ? 0x81 + li : 0xE0 + (li - 31));
}

static int is_lead(unsigned b)
{
    return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
}

static int valid_trail(unsigned b)
{
    return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC);
}

static int is_envdep(unsigned code)
{
    return (code >= 0x8740 && code <= 0x879C) || (code >= 0xFA40 && code <= 0xFC4B) ||
           (code >= 0xED40 && code <= 0xEEFC);
}

/* Converts in -> out with cd from the initial state; returns output length or -1. */
static long conv(iconv_t cd, const char *in, size_t inlen, char *out, size_t outcap)
{
    char *ip = (char *)in, *op = out;
    size_t il = inlen, ol = outcap;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
        return -1;
    if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
        return -1;
    if (il != 0)
        return -1;
    return (long)(op - out);
}

static size_t utf8_put(uint32_t cp, char *out)
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

/* The one scalar of a UTF-8 sequence of n bytes, or 0 when it is not exactly one. */
static uint32_t utf8_one(const unsigned char *s, long n)
{
    if (n == 1 && s[0] < 0x80)
        return s[0];
    if (n == 2 && (s[0] & 0xE0) == 0xC0)
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    if (n == 3 && (s[0] & 0xF0) == 0xE0)
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (n == 4 && (s[0] & 0xF8) == 0xF0)
        return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 0;
}

static int build_cp932(void)
{
    iconv_t dec = iconv_open("UTF-8", "CP932");
    iconv_t enc = iconv_open("CP932", "UTF-8");
    if (dec == (iconv_t)-1 || enc == (iconv_t)-1) {
        fprintf(stderr, "gen_encoding: this iconv has no CP932 (glibc's has)\n");
        return -1;
    }
    char out[16], back[16];
    for (unsigned b = 0; b < 256; b++) {
        char in = (char)b;
        if (is_lead(b)) {
            sb_kind[b] = 2;
            continue;
        }
        long n = conv(dec, &in, 1, out, sizeof out);
        uint32_t u = n > 0 ? utf8_one((unsigned char *)out, n) : 0;
        if (n > 0 && (u || b == 0)) {
            sb_kind[b] = 1;
            sb_uni[b] = (uint16_t)u;
        }
    }
    for (int li = 0; li < NLEADS; li++) {
        unsigned lead = lead_of(li);
        for (unsigned t = 0; t < 256; t++) {
            if (!valid_trail(t)) {
                db_class[li][t] = CH_BAD_TRAIL;
                continue;
            }
            unsigned code = (lead << 8) | t;
            char in[2] = {(char)lead, (char)t};
            long n = conv(dec, in, 2, out, sizeof out);
            uint32_t u = n > 0 ? utf8_one((unsigned char *)out, n) : 0;
            if (u == 0 || u > 0xFFFF) {
                db_class[li][t] = (lead >= 0xF0 && lead <= 0xF9) ? CH_GAIJI : CH_UNASSIGNED;
                continue;
            }
            db_uni[li][t] = (uint16_t)u;
            if (lead >= 0xF0 && lead <= 0xF9) {
                db_class[li][t] = CH_GAIJI;
                continue;
            }
            long m = conv(enc, out, (size_t)n, back, sizeof back);
            unsigned bcode =
                m == 2 ? ((unsigned)(unsigned char)back[0] << 8) | (unsigned char)back[1] : 0;
            if (bcode != code) {
                db_class[li][t] = CH_NONROUNDTRIP;
                db_back[li][t] = (uint16_t)bcode;
            } else if (is_envdep(code)) {
                db_class[li][t] = CH_ENVDEP;
            } else {
                db_class[li][t] = CH_OK;
            }
        }
    }
    char in[4];
    for (uint32_t cp = 1; cp < 65536; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = utf8_put(cp, in);
        long m = conv(enc, in, n, out, sizeof out);
        if (m == 1)
            u2c[cp] = (unsigned char)out[0];
        else if (m == 2)
            u2c[cp] = (uint16_t)(((unsigned char)out[0] << 8) | (unsigned char)out[1]);
    }
    iconv_close(dec);
    iconv_close(enc);
    return 0;
}

static int build_jisx0213(void)
{
    iconv_t enc = iconv_open("EUC-JISX0213", "UTF-8");
    if (enc == (iconv_t)-1) {
        fprintf(stderr, "gen_encoding: this iconv has no EUC-JISX0213 (glibc's has)\n");
        return -1;
    }
    char in[4], out[16];
    for (uint32_t cp = 0x80; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = utf8_put(cp, in);
        long m = conv(enc, in, n, out, sizeof out);
        const unsigned char *o = (const unsigned char *)out;
        unsigned plane = 0, row = 0, cell = 0;
        if (m == 2 && o[0] >= 0xA1 && o[0] <= 0xFE && o[1] >= 0xA1 && o[1] <= 0xFE) {
            plane = 1;
            row = o[0] - 0xA0u;
            cell = o[1] - 0xA0u;
        } else if (m == 3 && o[0] == 0x8F && o[1] >= 0xA1 && o[1] <= 0xFE && o[2] >= 0xA1 &&
                   o[2] <= 0xFE) {
            plane = 2;
            row = o[1] - 0xA0u;
            cell = o[2] - 0xA0u;
        }
        /* 0x8E + byte (half-width katakana) is JIS X 0201, not a JIS X 0213 plane-row-cell:
         * recorded as plane 0, row 0, cell = the byte, which is still non-zero */
        if (m == 2 && o[0] == 0x8E)
            jis[cp] = (uint16_t)(0x3F80 | (o[1] & 0x7F));
        else if (plane)
            jis[cp] = (uint16_t)(((plane - 1) << 14) | (row << 7) | cell);
    }
    iconv_close(enc);
    iconv_t sj = iconv_open("UTF-8", "SHIFT_JISX0213");
    if (sj == (iconv_t)-1) {
        fprintf(stderr, "gen_encoding: this iconv has no SHIFT_JISX0213 (glibc's has)\n");
        return -1;
    }
    for (int li = 0; li < NLEADS; li++)
        for (unsigned t = 0; t < 256; t++) {
            if (!db_uni[li][t])
                continue;
            char code[2] = {(char)lead_of(li), (char)t};
            long m = conv(sj, code, 2, out, sizeof out);
            /* a sequence of two scalars (か゚) keeps its first; none: 0xFFFFFFFF */
            uint32_t u = m > 0 ? utf8_one((unsigned char *)out, m) : 0xFFFFFFFFu;
            if (m > 0 && u == 0) {
                int k = ((unsigned char)out[0] >= 0xF0)   ? 4
                        : ((unsigned char)out[0] >= 0xE0) ? 3
                        : ((unsigned char)out[0] >= 0xC0) ? 2
                                                          : 1;
                u = utf8_one((unsigned char *)out, k);
            }
            if (u != db_uni[li][t])
                as2004[li][t] = u;
        }
    iconv_close(sj);
    return 0;
}

/* Reads the converters table: column 2 "U+XXXX", columns 4-7 the plane-row-cell (or "-") that
 * glibc EUC-JISX0213, glibc SHIFT_JISX0213, Python euc_jis_2004 and Python shift_jisx0213
 * give. A scalar glibc encodes and another of the four does not encode alike is marked. */
static int read_converters(const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        perror(path);
        return -1;
    }
    char line[512];
    unsigned lineno = 0, rows = 0;
    while (fgets(line, sizeof line, in)) {
        lineno++;
        if (lineno == 1)
            continue; /* header */
        char *col[8] = {0};
        int n = 0;
        for (char *p = line; n < 8 && p;) {
            col[n++] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        unsigned long cp = 0;
        if (n < 4 || strncmp(col[1], "U+", 2) != 0 || (cp = strtoul(col[1] + 2, NULL, 16)) == 0 ||
            cp > 0xFFFF) {
            fprintf(stderr, "%s:%u: expected U+XXXX (BMP) in column 2\n", path, lineno);
            fclose(in);
            return -1;
        }
        /* the glibc column must be what this machine's glibc says */
        unsigned c = jis[cp];
        char want[32] = "-";
        if (c)
            snprintf(want, sizeof want, "%u-%u-%u", (c >> 14) + 1, (c >> 7) & 0x7F, c & 0x7F);
        if (strcmp(col[3], want) != 0) {
            fprintf(stderr,
                    "%s:%u: U+%04lX: glibc column says %s, this glibc's EUC-JISX0213 %s; "
                    "rerun scripts/jisx0213_converters.py\n",
                    path, lineno, cp, col[3], want);
            fclose(in);
            return -1;
        }
        bool unlike = false;
        for (int k = 4; k < 7 && k < n; k++)
            unlike |= strcmp(col[k], col[3]) != 0;
        if (c && unlike)
            differs[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        rows++;
    }
    fclose(in);
    return rows ? 0 : -1;
}

static void put_u8(FILE *out, const char *name, const uint8_t *v, size_t n)
{
    fprintf(out, "const uint8_t %s[%zu] = {", name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%u,", i % 32 == 0 ? "\n" : "", v[i]);
    fprintf(out, "};\n");
}

static void put_u16(FILE *out, const uint16_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%u,", i % 16 == 0 ? "\n" : "", v[i]);
}

/* A BMP table as 256 pages of 256 values; pages of zeros share page 0. */
static void put_paged(FILE *out, const char *name, const uint16_t *v)
{
    uint8_t index[256];
    unsigned npages = 1;
    for (unsigned p = 0; p < 256; p++) {
        index[p] = 0;
        for (unsigned i = 0; i < 256; i++)
            if (v[p * 256 + i]) {
                index[p] = (uint8_t)npages++;
                break;
            }
    }
    char iname[64];
    snprintf(iname, sizeof iname, "%s_page", name);
    put_u8(out, iname, index, 256);
    fprintf(out, "const uint16_t %s[%u][256] = {{0},", name, npages);
    for (unsigned p = 0; p < 256; p++)
        if (index[p]) {
            fprintf(out, "\n{");
            put_u16(out, v + p * 256, 256);
            fprintf(out, "},");
        }
    fprintf(out, "};\n");
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: gen_encoding OUT.c [CONVERTERS.tsv]\n");
        return 2;
    }
    if (build_cp932() != 0 || build_jisx0213() != 0)
        return 1;
    if (argc == 3 && read_converters(argv[2]) != 0)
        return 1;
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "/* generated by gen_encoding from the build machine's glibc iconv (CP932, "
                 "EUC-JISX0213): do not edit */\n");
    fprintf(out, "#include \"encoding_tables.h\"\n");
    put_u8(out, "rk_tab_sb_kind", sb_kind, 256);
    fprintf(out, "const uint16_t rk_tab_sb_uni[256] = {");
    put_u16(out, sb_uni, 256);
    fprintf(out, "};\n");
    put_u8(out, "rk_tab_db_class", &db_class[0][0], sizeof db_class);
    fprintf(out, "const uint16_t rk_tab_db_uni[%d * 256] = {", NLEADS);
    put_u16(out, &db_uni[0][0], NLEADS * 256);
    fprintf(out, "};\n");
    /* the codes that come back as another code are few: a sorted list of (code, back) */
    fprintf(out, "const uint16_t rk_tab_db_back[][2] = {");
    size_t nback = 0;
    for (int li = 0; li < NLEADS; li++)
        for (unsigned t = 0; t < 256; t++)
            if (db_class[li][t] == CH_NONROUNDTRIP) {
                fprintf(out, "%s{%u,%u},", nback % 8 == 0 ? "\n" : "",
                        ((unsigned)lead_of(li) << 8) | t, db_back[li][t]);
                nback++;
            }
    fprintf(out, "{0, 0}};\nconst size_t rk_tab_db_back_count = %zu;\n", nback);
    put_paged(out, "rk_tab_u2c", u2c);
    put_paged(out, "rk_tab_jis_bmp", jis);
    fprintf(out, "const uint32_t rk_tab_jis_supp[][2] = {");
    size_t nsupp = 0;
    for (uint32_t cp = 0x10000; cp < 0x110000; cp++)
        if (jis[cp]) {
            fprintf(out, "%s{%u,%u},", nsupp % 6 == 0 ? "\n" : "", (unsigned)cp, jis[cp]);
            nsupp++;
        }
    fprintf(out, "{0, 0}};\nconst size_t rk_tab_jis_supp_count = %zu;\n", nsupp);
    put_u8(out, "rk_tab_jis_differs", differs, sizeof differs);
    /* per MS932 double-byte code, for the reader's fast path (rk_cp932_plain): 1 a character
     * without finding, 3 one that also has a JIS X 0213 code on which the converters agree */
    static uint8_t dbplain[NLEADS][256];
    for (int li = 0; li < NLEADS; li++)
        for (unsigned t = 0; t < 256; t++) {
            unsigned u = db_uni[li][t];
            if (db_class[li][t] != CH_OK)
                continue;
            dbplain[li][t] = 1;
            if (u && jis[u] && !((differs[u >> 3] >> (u & 7)) & 1))
                dbplain[li][t] |= 2;
        }
    put_u8(out, "rk_tab_db_plain", &dbplain[0][0], sizeof dbplain);
    fprintf(out, "const uint32_t rk_tab_as2004[][2] = {");
    size_t nas = 0;
    for (int li = 0; li < NLEADS; li++)
        for (unsigned t = 0; t < 256; t++)
            if (as2004[li][t]) {
                fprintf(out, "%s{%u,%u},", nas % 6 == 0 ? "\n" : "",
                        ((unsigned)lead_of(li) << 8) | t, (unsigned)as2004[li][t]);
                nas++;
            }
    fprintf(out, "{0, 0}};\nconst size_t rk_tab_as2004_count = %zu;\n", nas);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
