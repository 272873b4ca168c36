#!/usr/bin/env python3
"""jisx0213_converters.py - which MS932 characters JIS X 0213 converters map differently.

Writes specs/careplan/jisx0213_converters.tsv: one row per MS932 character (outside the
user-defined area) for which these converters do not all give the same JIS X 0213
plane-row-cell (面区点):
  glibc     glibc iconv, UTF-8 -> EUC-JISX0213 (the table renkei's build uses)
  glibc_sj  glibc iconv, UTF-8 -> SHIFT_JISX0213
  py_euc    Python's codecs, euc_jis_2004
  py_sj     Python's codecs, shift_jisx0213
  code      the MS932 bytes read as Shift_JIS-2004 (Shift_JISX0213), plane, row and cell by
            the arithmetic of JIS X 0213:2004 Annex 1 (a converter that maps codes, not
            characters, or reads a 4.1 file as Shift_JIS-2004)
A '-' is "no code". Python's euc_jis_2004 falls back to JIS X 0212 for some kanji: it writes
0x8F + a JIS X 0212 row that JIS X 0213 plane 2 does not have; such a code is given as
'0212:row-cell'. Run by hand when glibc or Python change (the build checks the glibc column
against the build machine's iconv: src/tools/gen_encoding.c).
usage: scripts/jisx0213_converters.py > specs/careplan/jisx0213_converters.tsv
"""
import ctypes
import sys

PLANE2_ROWS = {1, 3, 4, 5, 8, 12, 13, 14, 15} | set(range(78, 95))


LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
LIBC.iconv_open.restype = ctypes.c_void_p
LIBC.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
LIBC.iconv.restype = ctypes.c_size_t
LIBC.iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
                       ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_char_p),
                       ctypes.POINTER(ctypes.c_size_t)]
CDS = {}


def conv(data, frm, to):
    """glibc iconv (the library, as renkei's generator calls it): bytes or None."""
    key = (frm, to)
    if key not in CDS:
        CDS[key] = LIBC.iconv_open(to.encode(), frm.encode())
    cd = CDS[key]
    LIBC.iconv(cd, None, None, None, None)
    inbuf = ctypes.create_string_buffer(data, len(data))
    outbuf = ctypes.create_string_buffer(64)
    ip = ctypes.c_char_p(ctypes.addressof(inbuf))
    op = ctypes.c_char_p(ctypes.addressof(outbuf))
    il, ol = ctypes.c_size_t(len(data)), ctypes.c_size_t(64)
    if LIBC.iconv(cd, ctypes.byref(ip), ctypes.byref(il), ctypes.byref(op),
                  ctypes.byref(ol)) == ctypes.c_size_t(-1).value or il.value:
        return None
    if LIBC.iconv(cd, None, None, ctypes.byref(op), ctypes.byref(ol)) == ctypes.c_size_t(-1).value:
        return None
    return outbuf.raw[:64 - ol.value]


def iconv(text, to):
    return conv(text.encode(), "UTF-8", to)


def from_euc(b):
    if b is None:
        return "-"
    if len(b) == 2 and b[0] >= 0xA1:
        return "1-%d-%d" % (b[0] - 0xA0, b[1] - 0xA0)
    if len(b) == 3 and b[0] == 0x8F:
        row, cell = b[1] - 0xA0, b[2] - 0xA0
        return ("2-%d-%d" if row in PLANE2_ROWS else "0212:%d-%d") % (row, cell)
    return "?" + b.hex()


def from_sjis(b):
    """Shift_JIS(X0213) bytes -> plane-row-cell (JIS X 0213 Annex 1 arithmetic)."""
    if b is None:
        return "-"
    if len(b) != 2:
        return "?" + b.hex()
    s1, s2 = b
    hi = s2 >= 0x9F
    c = s2 - 0x9E if hi else s2 - 0x3F if s2 <= 0x7E else s2 - 0x40
    if s1 >= 0xF0:  # plane 2: lead bytes 0xF0-0xF4 hold rows 1,8 3,4 5,12 13,14 15,78
        if s1 <= 0xF4:
            pairs = [(1, 8), (3, 4), (5, 12), (13, 14), (15, 78)][s1 - 0xF0]
            return "2-%d-%d" % (pairs[1] if hi else pairs[0], c)
        return "2-%d-%d" % ((s1 - 0xF5) * 2 + 79 + hi, c)
    r = (s1 - 0x81) * 2 + 1 if s1 <= 0x9F else (s1 - 0xC1) * 2 + 1
    return "1-%d-%d" % (r + hi, c)


def py(ch, codec):
    try:
        return ch.encode(codec)
    except UnicodeError:
        return None


def main():
    rows = []
    for lead in list(range(0x81, 0xA0)) + list(range(0xE0, 0xF0)) + list(range(0xFA, 0xFD)):
        for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
            code = bytes([lead, trail])
            dec = conv(code, "CP932", "UTF-8")
            if not dec:
                continue
            ch = dec.decode()
            r = from_sjis(code)
            got = {
                "glibc": from_euc(iconv(ch, "EUC-JISX0213")),
                "glibc_sj": from_sjis(iconv(ch, "SHIFT_JISX0213")),
                "py_euc": from_euc(py(ch, "euc_jis_2004")),
                "py_sj": from_sjis(py(ch, "shift_jisx0213")),
                "code": r,
            }
            if len(set(got.values())) > 1:
                rows.append((code, ch, got))
    out = sys.stdout
    out.write("ms932\tscalar\tchar\tglibc\tglibc_sj\tpy_euc\tpy_sj\tcode\n")
    seen = set()
    for code, ch, g in rows:
        if ch in seen:  # a duplicate code (NEC/IBM) of a character already listed
            continue
        seen.add(ch)
        out.write("0x%s\tU+%04X\t%s\t%s\t%s\t%s\t%s\t%s\n" % (
            code.hex().upper(), ord(ch), ch, g["glibc"], g["glibc_sj"], g["py_euc"], g["py_sj"],
            g["code"]))


if __name__ == "__main__":
    main()
