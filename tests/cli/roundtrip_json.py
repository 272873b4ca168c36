#!/usr/bin/env python3
"""`renkei roundtrip --format json` on every round-trip case of the corpus (care-plan and LIFE)
is valid against schemas/renkei.report.schema.json, and each file it lists carries that file's
own values (issue 15): its SHA-256 is the file's (empty, family null, for a file with no
counterpart, which is not read: RT-005), its family is the corpus directory's, its
counts are those of the findings listed under it, and no finding under a file names another.

usage: roundtrip_json.py RENKEI SOURCE_DIR
"""
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

renkei, src = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(src, "schemas/renkei.report.schema.json"), encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
fails, cases = [], 0
for case in sorted(glob.glob(os.path.join(src, "corpus/*/*/roundtrip/*/"))):
    cases += 1
    family = case.split(os.sep)[-5]
    p = subprocess.run([renkei, "roundtrip", "--format", "json", case + "original",
                        case + "reexport"], capture_output=True, env=dict(os.environ, LC_ALL="C"))
    if p.returncode not in (0, 1):
        fails.append(f"{case}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:200]}")
        continue
    rep = json.loads(p.stdout)
    for e in validator.iter_errors(rep):
        fails.append(f"{case}: schema: {list(e.path)}: {e.message[:200]}")
    for f in rep["files"]:
        path = f["path"]
        if any("path" in x for x in f["findings"]):
            fails.append(f"{case}: a finding under {path} names another file")
        for sev, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
            n = sum(1 for x in f["findings"] if x["severity"] == sev)
            if n != f[key]:
                fails.append(f"{case}: {path}: {key} {f[key]}, {n} listed")
        if not os.path.isfile(path):
            continue
        if any(x["rule"] == "RT-005" for x in f["findings"]):
            # no counterpart: the file was not compared, so not read (no hash, no family)
            if f["sha256"] != "" or f["family"] is not None:
                fails.append(f"{case}: {path}: not compared, but has values of a read file")
            continue
        want = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if f["sha256"] != want:
            fails.append(f"{case}: {path}: sha256 {f['sha256']!r}, the file's is {want}")
        if os.path.getsize(path) and f["family"] != family:
            fails.append(f"{case}: {path}: family {f['family']}, expected {family}")
# every rule is given at most 1000 times per run (rk_emit); the rest are summed up in a CSV-014
# note: an original of 1100 equal records whose re-export kept one loses 1099
with tempfile.TemporaryDirectory() as tmp:
    valid = os.path.join(src, "corpus/careplan/4.1/valid")
    name = "UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV"
    line = open(os.path.join(valid, name), "rb").read().split(b"\r\n")[0] + b"\r\n"
    for sub, n in (("original", 1100), ("reexport", 1)):
        os.makedirs(os.path.join(tmp, sub))
        serial = "20250325120000" if sub == "original" else "20250401090000"
        with open(os.path.join(tmp, sub, name.replace("20250325120000", serial)), "wb") as f:
            f.write(line * n)
    p = subprocess.run([renkei, "roundtrip", "--format", "json", os.path.join(tmp, "original"),
                        os.path.join(tmp, "reexport")], capture_output=True,
                       env=dict(os.environ, LC_ALL="C"))
    rep = json.loads(p.stdout)
    for e in validator.iter_errors(rep):
        fails.append(f"1100 records: schema: {list(e.path)}: {e.message[:200]}")
    found = [x for f in rep["files"] for x in f["findings"]]
    lost = sum(1 for x in found if x["rule"] == "RT-001")
    note = [x.get("detail") for x in found if x["rule"] == "CSV-014"]
    if p.returncode != 1 or lost != 1000 or note != ["99"]:
        fails.append(f"1100 records, 1 kept: exit {p.returncode}, {lost} RT-001 listed "
                     f"(want 1000), CSV-014 {note} (want ['99'])")
for x in fails:
    print("FAIL", x)
print(f"{cases} round-trip cases, {len(fails)} failed")
sys.exit(1 if fails or cases < 10 else 0)
