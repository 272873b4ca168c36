/*
 * encoding.c - MS932 (CP932) and UTF-8 character knowledge, taken from the C library's iconv
 * (glibc CP932) once per process and kept as tables, so that validating a file costs a table
 * look-up per byte and never an iconv call per field.
 *
 * What the tables say about each CP932 double-byte code:
 *  - iconv cannot decode it: unassigned (ENC-004);
 *  - lead byte 0xF0-0xF9: user-defined area, 外字 (ENC-005);
 *  - decodes, but encoding the character back gives other bytes (NEC-selected IBM extensions
 *    0xED40-0xEEFC, NEC row-13 duplicates...): does not round-trip (ENC-006);
 *  - NEC special characters 0x8740-0x879C and IBM extensions 0xFA40-0xFC4B: 環境依存文字
 *    (ENC-007).
 * For UTF-8 bound for MS932, a second table (built on first use) says for each BMP scalar
 * whether iconv can encode it and whether it comes back unchanged.
 * This is the only file that uses iconv.
 */
#include "internal.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>

#define NLEADS 60 /* 0x81-0x9F (31) and 0xE0-0xFC (29) */

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

static uint8_t db_class[NLEADS][256];
static uint16_t db_uni[NLEADS][256];
static uint16_t db_back[NLEADS][256];
static uint16_t sb_uni[256];
static uint8_t sb_kind[256]; /* 0 invalid, 1 single, 2 lead */
static enum rk_status init_status = RK_E_INTERNAL;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* UTF-8 -> MS932 direction, built on first use. */
static uint16_t u2c[65536];      /* MS932 code, 0 = cannot be encoded */
static uint16_t u2c_back[65536]; /* the scalar it decodes back to */
static pthread_once_t u2c_once = PTHREAD_ONCE_INIT;
static enum rk_status u2c_status = RK_E_INTERNAL;

/* Converts in -> out with cd; returns output length or -1. */
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

static uint32_t utf8_decode1(const unsigned char *s, long n)
{
    if (n == 1)
        return s[0];
    if (n == 2)
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    if (n == 3)
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (n == 4)
        return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 0;
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

static void build(void)
{
    iconv_t dec = iconv_open("UTF-8", "CP932");
    iconv_t enc = iconv_open("CP932", "UTF-8");
    if (dec == (iconv_t)-1 || enc == (iconv_t)-1) {
        if (dec != (iconv_t)-1)
            iconv_close(dec);
        if (enc != (iconv_t)-1)
            iconv_close(enc);
        init_status = RK_E_INTERNAL;
        return;
    }
    char out[16], back[16];
    for (int b = 0; b < 256; b++) {
        char in = (char)b;
        if (lead_index((unsigned char)b) >= 0) {
            sb_kind[b] = 2;
            continue;
        }
        long n = conv(dec, &in, 1, out, sizeof out);
        if (n > 0) {
            sb_kind[b] = 1;
            sb_uni[b] = (uint16_t)utf8_decode1((unsigned char *)out, n);
        }
    }
    for (int li = 0; li < NLEADS; li++) {
        unsigned char lead = (unsigned char)(li < 31 ? 0x81 + li : 0xE0 + (li - 31));
        for (int t = 0; t < 256; t++) {
            if (!valid_trail((unsigned char)t)) {
                db_class[li][t] = RK_CH_BAD_TRAIL;
                continue;
            }
            unsigned code = ((unsigned)lead << 8) | (unsigned)t;
            char in[2] = {(char)lead, (char)t};
            long n = conv(dec, in, 2, out, sizeof out);
            if (n <= 0) {
                db_class[li][t] = (lead >= 0xF0 && lead <= 0xF9) ? RK_CH_GAIJI : RK_CH_UNASSIGNED;
                continue;
            }
            db_uni[li][t] = (uint16_t)utf8_decode1((unsigned char *)out, n);
            if (lead >= 0xF0 && lead <= 0xF9) {
                db_class[li][t] = RK_CH_GAIJI;
                continue;
            }
            long m = conv(enc, out, (size_t)n, back, sizeof back);
            unsigned bcode =
                m == 2 ? ((unsigned)(unsigned char)back[0] << 8) | (unsigned char)back[1] : 0;
            if (bcode != code) {
                db_class[li][t] = RK_CH_NONROUNDTRIP;
                db_back[li][t] = (uint16_t)bcode;
            } else if (is_envdep(code)) {
                db_class[li][t] = RK_CH_ENVDEP;
            } else {
                db_class[li][t] = RK_CH_OK;
            }
        }
    }
    iconv_close(dec);
    iconv_close(enc);
    init_status = RK_OK;
}

enum rk_status rk_encoding_init(void)
{
    pthread_once(&init_once, build);
    return init_status;
}

int rk_cp932_single(unsigned char b)
{
    return sb_kind[b];
}

enum rk_char_class rk_cp932_double(unsigned char lead, unsigned char trail, unsigned *back)
{
    int li = lead_index(lead);
    if (li < 0)
        return RK_CH_INVALID_BYTE;
    enum rk_char_class c = (enum rk_char_class)db_class[li][trail];
    if (back)
        *back = db_back[li][trail];
    return c;
}

uint32_t rk_cp932_to_unicode(unsigned char lead, unsigned char trail)
{
    if (lead == 0)
        return sb_kind[trail] == 1 ? sb_uni[trail] : 0;
    int li = lead_index(lead);
    return li < 0 ? 0 : db_uni[li][trail];
}

static void build_u2c(void)
{
    iconv_t enc = iconv_open("CP932", "UTF-8");
    if (enc == (iconv_t)-1 || rk_encoding_init() != RK_OK) {
        if (enc != (iconv_t)-1)
            iconv_close(enc);
        u2c_status = RK_E_INTERNAL;
        return;
    }
    char in[4], out[16];
    for (uint32_t cp = 1; cp < 65536; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = rk_utf8_put(cp, in);
        long m = conv(enc, in, n, out, sizeof out);
        if (m == 1) {
            unsigned char b = (unsigned char)out[0];
            u2c[cp] = b;
            u2c_back[cp] = (uint16_t)rk_cp932_to_unicode(0, b);
        } else if (m == 2) {
            unsigned char l = (unsigned char)out[0], t = (unsigned char)out[1];
            u2c[cp] = (uint16_t)((l << 8) | t);
            u2c_back[cp] = (uint16_t)rk_cp932_to_unicode(l, t);
        }
    }
    iconv_close(enc);
    u2c_status = RK_OK;
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
    pthread_once(&u2c_once, build_u2c);
    if (u2c_status != RK_OK || !u2c[cp])
        return RK_CH_NOT_MS932;
    *code = u2c[cp];
    *back = u2c_back[cp];
    if (u2c_back[cp] != cp)
        return RK_CH_CHANGES;
    if (is_envdep(*code))
        return RK_CH_ENVDEP;
    return RK_CH_OK;
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

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *s, size_t avail)
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

size_t rk_encoding_display(enum rk_encoding e, const unsigned char *s, size_t len, char *out,
                           size_t n)
{
    size_t at = 0;
    char tmp[8];
    if (n == 0)
        return 0;
    if (rk_encoding_init() != RK_OK)
        e = RK_ENC_UTF8;
    for (size_t i = 0; i < len;) {
        size_t k = 0, used = 1;
        unsigned char b = s[i];
        if (b < 0x20 || b == 0x7F) {
            k = put_escape(b, tmp);
        } else if (b < 0x80) {
            tmp[0] = (char)b;
            k = 1;
        } else if (e == RK_ENC_CP932) {
            if (sb_kind[b] == 1) {
                k = rk_utf8_put(sb_uni[b], tmp);
            } else if (sb_kind[b] == 2 && i + 1 < len && valid_trail(s[i + 1]) &&
                       rk_cp932_to_unicode(b, s[i + 1]) != 0) {
                k = rk_utf8_put(rk_cp932_to_unicode(b, s[i + 1]), tmp);
                used = 2;
            } else {
                k = put_escape(b, tmp);
            }
        } else {
            /* UTF-8: copy a well-formed sequence, escape anything else */
            size_t need = utf8_len(s + i, len - i);
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
