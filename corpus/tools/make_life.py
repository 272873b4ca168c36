#!/usr/bin/env python3
"""Writes corpus/life/: LIFE CSV files (UTF-8, CRLF; line 1 the data-type name, line 2 the item
IDs) built from the item tables in specs/life/<version>/, valid ones and one-rule-broken ones
with .expect (`LINE:COL RULE-ID`), and set cases (sets/<case>/ with set.expect).

Values come from each item's table row: its code list (first value), format (yyyymmdd, hhmm,
hh, mm), type and length (numbers within their integer and decimal digits, strings within
their length, half-width katakana where the row says so). Positions are computed here from
the bytes written: column = 1-based characters after decoding. Deterministic."""
import csv, os, shutil, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SPECS = os.path.join(ROOT, "..", "specs", "life")
OUT = os.path.join(ROOT, "life")


def table(path):
    with open(path, encoding="utf-8") as fp:
        rows = list(csv.reader(fp, delimiter="\t", quoting=csv.QUOTE_NONE))
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def codes(version):
    lists = {}
    for r in table(os.path.join(SPECS, version, "codes.tsv")):
        lists.setdefault(r["list"], []).append(r["value"])
    return lists


def items(version, iface):
    return table(os.path.join(SPECS, version, iface + ".tsv"))


KEYS = {"care_facility_id": "1312345678", "service_code": "55", "insurer_no": "131011",
        "insured_no": "0000123456", "external_system_management_number": "U0001",
        "external_system_management_detail_number": "1", "version": "0310"}


def value(it, lists, user=0):
    """A value that the item's row allows."""
    key = it["id"]
    if key in KEYS:
        v = KEYS[key]
        if key == "insured_no":
            v = "%010d" % (123456 + user)
        if key == "external_system_management_number":
            v = "U%04d" % (user + 1)
        return v
    if it["codes"] != "-":
        return lists[it["codes"]][0]
    fmt = it["format"]
    if fmt == "yyyymmdd":
        return "20250401"
    if fmt == "yyyymmdd_d00":
        return "20250400"  # the day is unknown"
    if fmt == "yyyymm":
        return "202504"
    if fmt == "hhmm":
        return "0930"
    if fmt == "hh":
        return "09"
    if fmt == "mm":
        return "30"
    n = int(it["length"]) if it["length"] != "-" else 10
    if it["type"] == "number":
        return "1.5" if it["decimals"] not in ("-", "0") else "1"
    if it["type"] == "digits":
        return "1"[:n]
    if it["kana"] == "halfwidth":
        return "ﾔﾏﾀﾞ"[:n]
    if "name" in key:
        return "山田"[:n]
    return "記録"[:n] if n >= 2 else "1"


def render(lines, enc="utf-8", bom=False):
    text = "".join(",".join(f for f in line) + "\r\n" for line in lines)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(enc)


def build(version, iface, users=2, header_items=None, type_line=True):
    lists = codes(version)
    its = items(version, iface)
    if header_items is not None:
        its = [it for it in its if it["id"] in header_items]
    lines = []
    if type_line:
        lines.append([iface])
    lines.append([it["id"] for it in its])
    for u in range(users):
        lines.append([value(it, lists, u) for it in its])
    return lines, its


def pos(lines, r, f):
    before = ",".join(lines[r][:f]) + ("," if f else "")
    return r + 1, len(before) + 1


def write(path, lines, expect=None, options=None, enc="utf-8", bom=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fp:
        fp.write(render(lines, enc, bom))
    if expect is not None:
        with open(path + ".expect", "w") as fp:
            fp.write("".join(e + "\n" for e in expect))
    if options:
        with open(path + ".options", "w") as fp:
            fp.write("".join(o + "\n" for o in options))


def index(its, key):
    return next(i for i, it in enumerate(its) if it["id"] == key)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    # ---- valid: every interface of 1.00 and 3.10
    for version in ("1.00", "3.10"):
        for row in table(os.path.join(SPECS, version, "interfaces.tsv")):
            lines, _ = build(version, row["id"])
            write(os.path.join(OUT, version, "valid", row["id"] + ".csv"), lines)

    sui = "SERVICE_USER_INFO"
    # ---- encodings: LIFE allows UTF-8 (BOM optional) or MS932 (CSV連携仕様書 v1.0 文字コード);
    # the bytes tell which, so each of these is valid and none is read in the wrong encoding
    for version in ("1.00", "3.10"):
        lines, _ = build(version, sui)
        write(os.path.join(OUT, version, "valid", sui + "-shift_jis.csv"), lines, enc="cp932")
        write(os.path.join(OUT, version, "valid", sui + "-utf-8-bom.csv"), lines, bom=True)
    # the help desk's 2021 sample form: Shift_JIS, data-type line, header of 10 of the 21 columns
    # (here the 10 ◎ ones), every string quoted and gender bare
    cols = [it["id"] for it in items("1.00", sui) if it["required"] == "always"]
    lines, its = build("1.00", sui, header_items=cols)
    for line in lines[2:]:
        for k, it in enumerate(its):
            if it["id"] != "gender":
                line[k] = '"' + line[k] + '"'
    write(os.path.join(OUT, "1.00", "valid", sui + "-helpdesk-form-shift_jis.csv"), lines, enc="cp932")

    inv = os.path.join(OUT, "3.10", "invalid")
    # LIFE-001: line 1 is neither a data-type name nor a LIFE header
    write(os.path.join(inv, "LIFE-001-not-a-data-type.csv"),
          [["HELLO", "WORLD"], ["a", "b"]], ["1:1 LIFE-001"], ["family=life"])
    # LIFE-002: 3.10 file that starts with the header (allowed form, reported as a warning)
    lines, _ = build("3.10", sui, type_line=False)
    write(os.path.join(inv, "LIFE-002-header-first.csv"), lines, ["1:1 LIFE-002"])
    # LIFE-003: an unknown item ID in the header
    lines, its = build("3.10", sui)
    lines[1].append("favorite_color")
    for r in range(2, len(lines)):
        lines[r].append("青")
    l, c = pos(lines, 1, len(lines[1]) - 1)
    write(os.path.join(inv, "LIFE-003-unknown-column.csv"), lines, [f"{l}:{c} LIFE-003"])
    # LIFE-004: a ◎ item missing from the header (care_level)
    keep = [it["id"] for it in items("3.10", sui) if it["id"] != "care_level"]
    lines, its = build("3.10", sui, header_items=keep)
    write(os.path.join(inv, "LIFE-004-missing-always-column.csv"), lines, ["2:1 LIFE-004"])
    # one cell changed in an otherwise valid file: (file, row, item, value, rules at that cell)
    one_cell = [
        # LIFE-006: a kana name in full-width katakana
        ("LIFE-006-fullwidth-kana.csv", 2, "last_name_kana", "ヤマダ", ["LIFE-006"]),
        # LIFE-007: the version column names 3.00
        ("LIFE-007-version-value.csv", 3, "version", "0300", ["LIFE-007"]),
        # LIFE-009 (+ the value's own finding): 障害高齢者の日常生活自立度 as the care-plan code
        # 11 (J1)
        ("LIFE-009-careplan-code.csv", 2, "impaired_elderly_independence_degree", "11",
         ["FLD-003", "LIFE-009"]),
        # FLD-001: a ◎ item empty; FLD-010: a code not in its list
        ("FLD-001-always-empty.csv", 2, "last_name", "", ["FLD-001"]),
        ("FLD-010-gender.csv", 3, "gender", "3", ["FLD-010"]),
        # LIFE-013: the delete marker (one half-width space) on items that name the record's
        # office and user
        ("LIFE-013-insured-no-deleted.csv", 2, "insured_no", " ", ["LIFE-013"]),
        ("LIFE-013-office-deleted.csv", 3, "care_facility_id", " ", ["LIFE-013"]),
        ("LIFE-013-external-number-deleted.csv", 2, "external_system_management_number", " ", ["LIFE-013"]),
    ]
    for name, row, item, value, rules in one_cell:
        lines, its = build("3.10", sui)
        i = index(its, item)
        lines[row][i] = value
        l, c = pos(lines, row, i)
        write(os.path.join(inv, name), lines, [f"{l}:{c} {r}" for r in rules])
    # LIFE-012: a file with no data record (line 3 on is data): just past its last byte
    write(os.path.join(inv, "LIFE-012-type-line-only.csv"), [[sui]], ["2:1 LIFE-012"])
    lines, _ = build("3.10", sui, users=0)
    write(os.path.join(inv, "LIFE-012-header-only.csv"), lines, ["3:1 LIFE-012"])
    lines, _ = build("3.10", sui, users=0, type_line=False)
    write(os.path.join(inv, "LIFE-012-header-first-no-data.csv"), lines, ["1:1 LIFE-002", "2:1 LIFE-012"])
    # LIFE-008: start_date after end_date
    lines, its = build("3.10", sui)
    a, b = index(its, "start_date"), index(its, "end_date")
    lines[2][a], lines[2][b] = "20250501", "20250430"
    l, c = pos(lines, 2, b)
    write(os.path.join(inv, "LIFE-008-start-after-end.csv"), lines, [f"{l}:{c} LIFE-008"])
    # a single half-width space deletes the stored value: no finding, even on a ◎ item
    lines, its = build("3.10", sui)
    lines[2][index(its, "remarks")] = " "
    write(os.path.join(OUT, "3.10", "valid", "SERVICE_USER_INFO-delete-marker.csv"), lines)

    inv1 = os.path.join(OUT, "1.00", "invalid")
    # LIFE-005: a number with two decimals where the item has one (height 3 digits, 1 decimal)
    lines, its = build("1.00", "FORM_0000_2021")
    i = index(its, "height")
    lines[2][i] = "152.55"
    l, c = pos(lines, 2, i)
    write(os.path.join(inv1, "LIFE-005-number-decimals.csv"), lines, [f"{l}:{c} LIFE-005"])
    # FLD-007: day 00 is allowed only where the item says the day may be unknown
    lines, its = build("1.00", "FORM_0100_2021")
    i = next(k for k, it in enumerate(its) if it["format"] == "yyyymmdd" and it["id"] not in KEYS)
    lines[2][i] = "20250400"
    l, c = pos(lines, 2, i)
    write(os.path.join(inv1, "FLD-007-day-00-not-allowed.csv"), lines, [f"{l}:{c} FLD-007"])
    # LIFE-010: an hour of 25
    lines, its = build("1.00", "FORM_0430_2021")
    i = index(its, "event_start_hour")
    lines[2][i] = "25"
    l, c = pos(lines, 2, i)
    write(os.path.join(inv1, "LIFE-010-hour.csv"), lines, [f"{l}:{c} LIFE-010"])
    # LIFE-011: a ● item empty while its condition holds (specs `when`): a value condition
    # (訪問歯科衛生指導 実施の有無 = 1 (有り) -> 回数) and a "has a value" condition (記入日 #2
    # entered -> 記入者職員職種 #2); each time the other user's row fails the condition and
    # leaves the item empty, which is no finding
    lines, its = build("1.00", "FORM_0210_2021")
    g, i = index(its, "is_visiting_dental_hygiene_guidance"), index(its, "visiting_dental_hygiene_guidance_frequency")
    lines[2][g], lines[2][i] = "1", ""
    lines[3][g], lines[3][i] = "0", ""
    l, c = pos(lines, 2, i)
    write(os.path.join(inv1, "LIFE-011-condition-holds.csv"), lines, [f"{l}:{c} LIFE-011"])
    lines, its = build("1.00", "FORM_0210_2021")
    d, i = index(its, "oral_care_filing_date_02"), index(its, "oral_care_record_staff_job_category_02")
    lines[2][i] = ""
    round2 = [k for k, it in enumerate(its) if it["when"] == "oral_care_filing_date_02"]
    for k in round2 + [d]:
        lines[3][k] = ""
    l, c = pos(lines, 2, i)
    write(os.path.join(inv1, "LIFE-011-date-entered.csv"), lines, [f"{l}:{c} LIFE-011"])

    # ---- set cases: forms refer to SERVICE_USER_INFO rows
    sets = os.path.join(OUT, "1.00", "sets")
    s_lines, _ = build("1.00", sui)
    f_lines, f_its = build("1.00", "FORM_0000_2021")
    write(os.path.join(sets, "valid-user-and-form", "SERVICE_USER_INFO.csv"), s_lines)
    write(os.path.join(sets, "valid-user-and-form", "FORM_0000_2021.csv"), f_lines)
    open(os.path.join(sets, "valid-user-and-form", "set.expect"), "w").close()
    f2 = [list(x) for x in f_lines]
    f2[3][index(f_its, "insured_no")] = "0000999999"
    d = os.path.join(sets, "SET-004-form-user-not-registered")
    write(os.path.join(d, "SERVICE_USER_INFO.csv"), s_lines)
    write(os.path.join(d, "FORM_0000_2021.csv"), f2)
    with open(os.path.join(d, "set.expect"), "w") as fp:
        fp.write("FORM_0000_2021.csv 4:1 SET-004\n")
    # the same record key twice in one file
    s2 = [list(x) for x in s_lines]
    s2[3] = list(s2[2])
    s2[3][index(items("1.00", sui), "insured_no")] = "0000999998"
    d = os.path.join(sets, "SET-005-duplicate-key")
    write(os.path.join(d, "SERVICE_USER_INFO.csv"), s2)
    with open(os.path.join(d, "set.expect"), "w") as fp:
        fp.write("SERVICE_USER_INFO.csv 4:1 SET-005\n")


if __name__ == "__main__":
    sys.exit(main())
