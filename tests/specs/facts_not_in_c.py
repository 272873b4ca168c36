#!/usr/bin/env python3
"""Spec facts live in specs/, not in the library's C (issue 15).

Reads every table under specs/ and fails when a string literal in src/lib/*.c (comments left
out) is one of the standards' facts: an item's Japanese name (or contains one), a layout or
interface ID, a LIFE item ID, a list of item positions ("2,3,5"), a value of a code list of
two characters or more, an office type's code (offices.tsv: "kyotaku"), or a family's name (a directory of specs/ with a versions.tsv) outside
that family's own file src/lib/family_<name>.c: the library calls the family through struct
rk_family (family.h) and never tests it by name. A literal of src/lib/*.c or src/cli/*.c must
also not be an office type's code nor hold an office type's Japanese name (offices.tsv): they
are read through the tables (rk_office_name_ja, rk_specs_office_profiled). Message templates live in src/lib/rules.def, which is not a .c file.

EXEMPT lists literals that only look like a fact (the same word used for something else), each
with its reason. KNOWN lists facts still written in C and not yet moved (issue 15): each entry
of both lists must still occur (a stale entry fails), so KNOWN only shrinks.

usage: facts_not_in_c.py SOURCE_DIR
"""
import csv
import glob
import os
import re
import sys

EXEMPT = {
    # the loader's own column vocabulary (formats, roles) shares words with LIFE item IDs
    ("spec_load.c", "insured_no"), ("spec_load.c", "insurer_no"), ("spec_load.c", "service_code"),
    # the verdict word 不適合 of the evidence and HTML report, not the LIFE item of that name
    ("evidence.c", "不適合"), ("report_html.c", "不適合"),
    # the day 00 of format yyyymmdd_d00, not a code
    ("rules_record.c", "00"),
    # the importer reads MHLW's workbook: its column headings and the item IDs it derives the
    # tables' links, keys and roles from are the workbook's format (specs/life/README.md)
    ("life_import.c", "備考"), ("life_import.c", "記入日"), ("life_import.c", "実施日"),
    ("life_import.c", "実施年月日"), ("life_import.c", "care_facility_id"),
    ("life_import.c", "service_code"), ("life_import.c", "insurer_no"),
    ("life_import.c", "insured_no"), ("life_import.c", "SERVICE_USER_INFO"),
    ("life_import.c", "external_system_management_detail_number"),
    ("life_import.c", "external_system_management_number"),
    ("life_import.c", "care_period_start"), ("life_import.c", "care_period_end"),
    ("life_import.c", "start_date"), ("life_import.c", "end_date"),
    # finding.c's phrase table gives each family's name in Japanese (a message template)
    ("finding.c", "life"), ("finding.c", "careplan"),
    # the title of the care-plan standard, quoted as requirement ①'s wording, names offices
    ("evidence.c", "「ケアプランデータ連携標準仕様」（居宅介護支援事業所と訪問介護などのサービス提供事業所間に"),
}

KNOWN = {
    # the LIFE loader's layouts are sent by a care facility: a sender the LIFE tables do not
    # name (they have no offices.tsv)
    ("spec_load.c", "facility"),
    # renkei sample picks the flow of its example files (who sends first, which offices' numbers)
    # by the layout's first sender
    ("sample.c", "yobo-center"), ("sample.c", "service"),
}


def table(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def facts(specs):
    names, ids, codes = set(), set(), set()
    for fam in ("careplan", "life"):
        for vdir in sorted(glob.glob(os.path.join(specs, fam, "*", ""))):
            lay = os.path.join(vdir, "layouts.tsv")
            if not os.path.exists(lay):
                lay = os.path.join(vdir, "interfaces.tsv")
            for row in table(lay):
                ids.add(row["id"])
                items = os.path.join(vdir, row["id"] + ".tsv")
                if not os.path.exists(items):
                    continue
                for it in table(items):
                    if re.search(r"[^\x00-\x7f]", it["name"]):
                        names.add(it["name"])
                    if fam == "life" and "_" in it["id"]:
                        ids.add(it["id"])  # plain words (version, status) are too common
            cf = os.path.join(vdir, "codes.tsv")
            if os.path.exists(cf):
                for row in table(cf):
                    if len(row["value"]) >= 2:
                        codes.add(row["value"])
    return names, ids, codes


def offices(specs):
    codes, names = set(), set()
    for p in glob.glob(os.path.join(specs, "*", "*", "offices.tsv")):
        for row in table(p):
            codes.add(row["office"])
            names.add(row["name"])
    return codes, names


STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def literals(path):
    text = open(path, encoding="utf-8").read()
    # comments out, strings kept (a "/*" inside a string is not a comment)
    out, i = [], 0
    tok = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*', re.S)
    for m in tok.finditer(text):
        s = m.group(0)
        if s.startswith('"'):
            line = text.count("\n", 0, m.start()) + 1
            out.append((line, s[1:-1]))
    return out


def main():
    src = sys.argv[1]
    names, ids, codes = facts(os.path.join(src, "specs"))
    families = {os.path.basename(os.path.dirname(v))
                for v in glob.glob(os.path.join(src, "specs", "*", "versions.tsv"))}
    office_codes, office_names = offices(os.path.join(src, "specs"))
    bad, seen = [], set()
    lib = sorted(glob.glob(os.path.join(src, "src", "lib", "*.c")))
    cli = sorted(glob.glob(os.path.join(src, "src", "cli", "*.c")))
    for path in lib + cli:
        base = os.path.basename(path)
        for line, lit in literals(path):
            why = None
            if lit in office_codes:
                why = "office type"
            elif any(n in lit for n in office_names):
                why = "office type's name"
            elif path in cli:
                pass  # the command line: only office types
            elif lit in names:
                why = "item name"
            elif lit in ids:
                why = "layout, interface or item ID"
            elif re.fullmatch(r"\d+(,\d+)+", lit):
                why = "item positions"
            elif lit in codes:
                why = "code value"
            elif lit in families and base != "family_%s.c" % lit:
                why = "family name"
            if not why:
                continue
            if (base, lit) in KNOWN or (base, lit) in EXEMPT:
                seen.add((base, lit))
                continue
            bad.append("%s:%d: \"%s\" (%s)" % (os.path.relpath(path, src), line, lit, why))
    for k in sorted((set(KNOWN) | EXEMPT) - seen):
        bad.append("%s: \"%s\" is listed as known but no longer there: drop it from KNOWN" % k)
    for b in bad:
        print(b)
    print("%d spec facts written in src/lib/*.c" % len(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
