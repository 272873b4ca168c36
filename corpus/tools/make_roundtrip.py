#!/usr/bin/env python3
"""Writes corpus/careplan/4.1/roundtrip/: pairs of an original export and a re-export in which
exactly one kind of damage was done, each with roundtrip.expect (`BASENAME LINE:COL RULE-ID`).

The original is the valid 第6表 (UPPLAN) of the corpus. Positions are computed here from the
bytes this script writes: line = physical line (CRLF ends a line; quoted free text may hold
CRLF), column = 1-based characters after decoding, at the field's first byte (its opening
quote when quoted). Re-run after make_corpus.py; output is deterministic."""
import os, shutil, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
VALID = os.path.join(ROOT, "careplan/4.1/valid")
OUT = os.path.join(ROOT, "careplan/4.1/roundtrip")
NAME = "UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV"
NAME2 = "UPPLAN_202504_1312345678_43_1312300001_11_20250401090000.CSV"  # the re-export's serial


def split_records(data):
    """Splits MS932 CSV bytes into records of raw field byte strings (quotes kept)."""
    recs, fields, cur, inq, i = [], [], b"", False, 0
    while i < len(data):
        c = data[i:i + 1]
        if inq:
            if c == b'"' and data[i + 1:i + 2] == b'"':
                cur += b'""'; i += 2; continue
            if c == b'"':
                inq = False
            cur += c
        elif c == b'"':
            inq = True; cur += c
        elif c == b",":
            fields.append(cur); cur = b""
        elif c == b"\r" and data[i + 1:i + 2] == b"\n":
            fields.append(cur); recs.append(fields); fields, cur = [], b""; i += 2; continue
        else:
            cur += c
        i += 1
    return recs


def join(recs):
    return b"".join(b",".join(r) + b"\r\n" for r in recs)


def pos(recs, r, f):
    """(line, column) of field f (0-based) of record r (0-based) in join(recs)."""
    line = 1
    for rec in recs[:r]:
        line += 1 + b",".join(rec).count(b"\r\n")
    before = b",".join(recs[r][:f]) + (b"," if f else b"")
    text = before.decode("cp932")
    last = text.rsplit("\r\n", 1)
    line += len(last) - 1
    return line, len(last[-1]) + 1


def case(name, original, reexport, expect, orig_name=NAME, copy_name=NAME2, extra=None):
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "original"))
    os.makedirs(os.path.join(d, "reexport"))
    with open(os.path.join(d, "original", orig_name), "wb") as fp:
        fp.write(join(original))
    if reexport is not None:
        with open(os.path.join(d, "reexport", copy_name), "wb") as fp:
            fp.write(join(reexport))
    for (sub, fname, data) in extra or []:
        with open(os.path.join(d, sub, fname), "wb") as fp:
            fp.write(data)
    with open(os.path.join(d, "roundtrip.expect"), "w") as fp:
        fp.write("".join(line + "\n" for line in expect))


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    base = split_records(open(os.path.join(VALID, NAME), "rb").read())
    assert join(base) == open(os.path.join(VALID, NAME), "rb").read(), "splitter must be exact"
    copy = lambda: [list(r) for r in base]

    # an undamaged re-export whose records come in another order: no finding
    c = copy(); c.reverse()
    case("ok-reordered", base, c, ["# records in another order are not damage"])

    # a lost row: RT-001 at the original record (its first byte)
    c = copy(); lost = 2; del c[lost]
    l, col = pos(base, lost, 0)
    case("RT-001-lost-row", base, c, [f"{NAME} {l}:{col} RT-001"])

    # an added row (a copy of row 1 with another date): RT-002 at the re-export record
    c = copy(); extra = list(c[0]); extra[9] = b"20250430"; c.append(extra)
    l, col = pos(c, len(c) - 1, 0)
    case("RT-002-added-row", base, c, [f"{NAME2} {l}:{col} RT-002"])

    # free text truncated (No.21 サービス事業所名, index 20): RT-003 at the re-export field
    c = copy(); r = 0
    v = c[r][20].decode("cp932"); assert v.startswith('"') and len(v) > 4
    c[r][20] = ('"' + v[1:3] + '"').encode("cp932")
    l, col = pos(c, r, 20)
    case("RT-003-truncated-text", base, c, [f"{NAME2} {l}:{col} RT-003"])

    # a changed code: 30日超区分 (No.23) 0 -> 1
    c = copy(); r = 1; assert c[r][22] == b"0"; c[r][22] = b"1"
    l, col = pos(c, r, 22)
    case("RT-003-changed-code", base, c, [f"{NAME2} {l}:{col} RT-003"])

    # a dropped leading zero in a fixed-width item: サービス終了時刻 (No.13) 0930 -> 930.
    # The time is not a quantity, so this is a change; the re-export also breaks FLD-004.
    orig = copy(); r = 0
    orig[r][11], orig[r][12] = b"0900", b"0945"  # still a valid original: a 09:00-09:45 visit
    c = [list(x) for x in orig]
    c[r][12] = b"945"
    l, col = pos(c, r, 12)
    case("RT-003-dropped-leading-zero", orig, c,
         [f"{NAME2} {l}:{col} RT-003", f"{NAME2} 0:0 RT-006"])

    # a dropped leading zero in a match item (被保険者番号 No.3): the record no longer pairs,
    # so it is lost and another is added
    c = copy(); r = 0; assert c[r][2].startswith(b"0"); c[r][2] = c[r][2].lstrip(b"0")
    l, col = pos(base, r, 0)
    l2, col2 = pos(c, r, 0)
    case("RT-001-key-lost-leading-zero", base, c,
         [f"{NAME} {l}:{col} RT-001", f"{NAME2} {l2}:{col2} RT-002", f"{NAME2} 0:0 RT-006"])

    # a character replaced by '?' in free text (No.7 プラン担当者名)
    c = copy(); r = 0
    v = c[r][6].decode("cp932"); c[r][6] = (v[:2] + "?" + v[3:]).encode("cp932")
    l, col = pos(c, r, 6)
    case("RT-003-question-mark", base, c, [f"{NAME2} {l}:{col} RT-003"])

    # the 5.0 conversion's signature (issue 19): 髙 (IBM extension 0xFBFC, no JIS X 0213 code)
    # in the original's No.21 サービス事業所名 comes back as 高 (0x8D82): RT-003, whose detail
    # says so; the original also carries ENC-007 and JIS-001 warnings (not round-trip findings)
    orig = copy(); r = 0
    v = orig[r][20]; assert v.startswith(b'"')
    orig[r][20] = b'"' + "髙".encode("cp932").replace(b"\xee\xe0", b"\xfb\xfc") + v[1:]
    assert orig[r][20][1:3] == b"\xfb\xfc"
    c = [list(x) for x in orig]
    c[r][20] = b'"' + "高".encode("cp932") + v[1:]
    l, col = pos(c, r, 20)
    case("RT-003-jis-x0213-taka", orig, c, [f"{NAME2} {l}:{col} RT-003"])

    # byte-only differences: a quantity with a leading zero (No.8 単位数, a maximum length)
    c = copy(); r = 0; assert c[r][7] and not c[r][7].startswith(b"0"); c[r][7] = b"0" + c[r][7]
    l, col = pos(c, r, 7)
    case("RT-004-quantity-leading-zero", base, c, [f"{NAME2} {l}:{col} RT-004  # info"])

    # byte-only: the same kanji by its NEC-selected IBM code (0xED40) instead of its IBM code
    # (0xFA5C); both decode to U+7E8A. The original carries 0xFA5C in No.21 (free text).
    orig = copy(); r = 0
    v = orig[r][20]; assert v.startswith(b'"')
    orig[r][20] = b'"' + b"\xfa\x5c" + v[1:]
    c = [list(x) for x in orig]
    c[r][20] = b'"' + b"\xed\x40" + v[1:]
    l, col = pos(c, r, 20)
    case("RT-004-nec-ibm-duplicate", orig, c, [f"{NAME2} {l}:{col} RT-004  # info"])

    # byte-only: 第7表 単位数単価 11.40 written as 11.4 (a number; the re-export breaks 99.99)
    t7 = "UPSIKYU_202504_1312345678_43_1312300001_11_20250325120000.CSV"
    t7b = "UPSIKYU_202504_1312345678_43_1312300001_11_20250401090000.CSV"
    orig7 = split_records(open(os.path.join(VALID, t7), "rb").read())
    r = next(i for i, rec in enumerate(orig7) if rec[22].endswith(b"0") and b"." in rec[22])
    c7 = [list(x) for x in orig7]
    c7[r][22] = c7[r][22][:-1]
    l, col = pos(c7, r, 22)
    case("RT-004-decimal-trailing-zero", orig7, c7,
         [f"{t7b} {l}:{col} RT-004  # info", f"{t7b} 0:0 RT-006"], orig_name=t7, copy_name=t7b)

    # a file with no counterpart: RT-005 (no position), the other pair is compared as usual
    case("RT-005-missing-file", base, copy(), [f"{NAME} 0:0 RT-005"],
         copy_name="UPPLAN_202505_1312345678_43_1312300001_11_20250401090000.CSV")
    # (the re-export names another month, so neither file has a counterpart)
    with open(os.path.join(OUT, "RT-005-missing-file", "roundtrip.expect"), "a") as fp:
        fp.write("UPPLAN_202505_1312345678_43_1312300001_11_20250401090000.CSV 0:0 RT-005\n")

    life_reordered()


LIFE_VALID = os.path.join(ROOT, "life/3.10/valid")
LIFE_OUT = os.path.join(ROOT, "life/3.10/roundtrip")


def life_reordered():
    """A LIFE re-export whose columns come in another order (the header names them) and whose
    values are all quoted: the same records item by item, so no finding (items pair by their
    ID, not by position)."""
    shutil.rmtree(LIFE_OUT, ignore_errors=True)
    name = "ADL_MAINTENANCE_ADDITION_2024.csv"
    data = open(os.path.join(LIFE_VALID, name), "rb").read()
    recs = split_records(data)
    assert join(recs) == data, "splitter must be exact"
    kind, header, rows = recs[0], recs[1], recs[2:]
    order = list(reversed(range(len(header))))
    quote = lambda v: v if v.startswith(b'"') else b'"' + v.replace(b'"', b'""') + b'"'
    copy = [kind, [header[i] for i in order]] + [[quote(r[i]) for i in order] for r in rows]
    d = os.path.join(LIFE_OUT, "ok-reordered-columns")
    for sub, recs_ in (("original", recs), ("reexport", copy)):
        os.makedirs(os.path.join(d, sub))
        with open(os.path.join(d, sub, name), "wb") as fp:
            fp.write(join(recs_))
    with open(os.path.join(d, "roundtrip.expect"), "w") as fp:
        fp.write("# columns in another order, every value quoted: the same items, no finding\n")


if __name__ == "__main__":
    sys.exit(main())
