#!/usr/bin/env python3
"""A copy of the spec tables in which every Japanese item name is changed gives exactly the
same findings on the whole corpus (issue 15): no rule finds an item by its name.

Copies SOURCE/specs to a temporary directory, changes the `name` cell of every row of every
item table (care-plan and LIFE) that holds a non-ASCII character, checks that the copy differs
from the original in those cells only, and runs corpus_runner on the corpus with the copy: every
file, set and round trip must give exactly the findings its .expect lists (rule, line, column),
as it does with the built-in tables (ctest corpus).

`renkei sample` writes the same bytes with the copy as with the built-in tables, for every
send unit of every care-plan version: it builds its values from the tables' roles and
samples.tsv, not from item names or layout IDs.

Office types are named by offices.tsv: with their Japanese names changed in a copy, `renkei
check --office` says the copy's name in its profile heading and its SET-012 findings (text, JSON
and HTML), as it says the built-in table's name with the built-in tables.

And the other way round: a copy in which an item a rule needs has lost its role, or a code
list a rule reads is gone, does not load: SPEC-003 names the role or list (the rule does not
silently stop applying).

usage: renamed_names.py CORPUS_RUNNER RENKEI SOURCE_DIR
"""
import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile


def item_tables(specs):
    for fam in ("careplan", "life"):
        for vdir in sorted(glob.glob(os.path.join(specs, fam, "*", ""))):
            lay = os.path.join(vdir, "layouts.tsv")
            if not os.path.exists(lay):
                lay = os.path.join(vdir, "interfaces.tsv")
            with open(lay, encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                    p = os.path.join(vdir, row["id"] + ".tsv")
                    if os.path.exists(p):
                        yield p


def rename(path):
    """Changes every Japanese name in place; returns how many."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    col = lines[0].split("\t").index("name")
    n = 0
    for i in range(1, len(lines)):
        cells = lines[i].split("\t")
        if len(cells) > col and re.search(r"[^\x00-\x7f]", cells[col]):
            cells[col] = "改名" + cells[col][::-1] + "項目"
            lines[i] = "\t".join(cells)
            n += 1
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines))
    return n


def drop(specs, rel, col, match, fails):
    """Sets the cell of column col to '-' in the rows of rel whose cell equals match."""
    path = os.path.join(specs, rel)
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    i = lines[0].split("\t").index(col)
    n = 0
    for k in range(1, len(lines)):
        cells = lines[k].split("\t")
        if len(cells) > i and cells[i] == match:
            if col == "list":
                lines[k] = ""
            else:
                cells[i] = "-"
                lines[k] = "\t".join(cells)
            n += 1
    if not n:
        fails.append("%s has no %s %s to drop" % (rel, col, match))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(l for l in lines if l) + "\n")


def missing_roles(renkei, src, tmp):
    """Each case: what to drop, and what the SPEC-003 must name."""
    cases = [
        ("careplan/4.1/UPSIKYU.tsv", "role", "office", "an item of role office"),
        ("careplan/4.1/UPPLAN.tsv", "role", "count", "an item of role count"),
        ("careplan/3.2/UPSIKYU.tsv", "role", "sum", "an item of role sum"),
        ("careplan/4.1/codes.tsv", "list", "total_grand", "codes.tsv list total_grand"),
        ("careplan/4.1/codes.tsv", "list", "care_management_type",
         "codes.tsv list care_management_type"),
    ]
    fails = []
    for rel, col, match, want in cases:
        specs = os.path.join(tmp, "drop")
        shutil.rmtree(specs, ignore_errors=True)
        shutil.copytree(os.path.join(src, "specs"), specs)
        drop(specs, rel, col, match, fails)
        r = subprocess.run([renkei, "specs", "--specs", specs, "--lang", "en"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0 or "[SPEC-003]" not in r.stderr or want not in r.stderr:
            fails.append("%s without %s %s: exit %d, %s" % (rel, col, match, r.returncode,
                                                          r.stderr.strip()[:300]))
    for f in fails:
        print("FAIL " + f)
    print("%d of %d tables without a role or list refused" % (len(cases) - len(fails), len(cases)))
    return fails


def same_samples(renkei, src, specs, tmp):
    """Every send unit's sample: the built-in tables and the renamed copy give the same files."""
    bad, n = [], 0
    for vdir in sorted(glob.glob(os.path.join(src, "specs", "careplan", "*", ""))):
        ver = os.path.basename(os.path.dirname(vdir))
        with open(os.path.join(vdir, "sends.tsv"), encoding="utf-8-sig", newline="") as f:
            units = [r["unit"] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
        for unit in units:
            outs = []
            for k, extra in enumerate(([], ["--specs", specs])):
                d = os.path.join(tmp, "sample-%s-%s-%d" % (ver, unit, k))
                r = subprocess.run([renkei, "sample", "--spec-version", ver, "--send", unit,
                                    "--users", "4", "--out", d] + extra,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                if r.returncode != 0:
                    bad.append("sample %s %s %s: exit %d %s" % (ver, unit, extra, r.returncode,
                                                                 r.stderr[:200]))
                files = {}
                for p in sorted(glob.glob(os.path.join(d, "*"))):
                    with open(p, "rb") as f:
                        files[os.path.basename(p)] = f.read()
                outs.append(files)
            n += len(outs[0])
            if outs[0] != outs[1] or not outs[0]:
                bad.append("sample %s %s: the renamed tables give other files" % (ver, unit))
    if n < 20:
        bad.append("only %d sample files compared" % n)
    for b in bad:
        print("FAIL " + b)
    print("%d sample files the same with renamed names" % n)
    return bad


def office_names(renkei, src, tmp):
    """The office type's Japanese name comes from offices.tsv, whichever tables are loaded."""
    specs = os.path.join(tmp, "offices")
    shutil.copytree(os.path.join(src, "specs"), specs)
    names = {}
    for p in glob.glob(os.path.join(specs, "careplan", "*", "offices.tsv")):
        with open(p, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        for i in range(1, len(lines)):
            cells = lines[i].split("\t")
            if len(cells) > 1:
                names[cells[0]] = cells[1]
                cells[1] = "改名" + cells[1]
                lines[i] = "\t".join(cells)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines))
    bad = []
    inputs = os.path.join(src, "samples", "send-ok")  # a 第6表 send: kyotaku lacks 第1-3表
    for extra, name in (([], names["kyotaku"]), (["--specs", specs], "改名" + names["kyotaku"])):
        for fmt, want in (("text", ["事業所種別 %s（出力）の必須様式" % name, "[%s・出力]" % name]),
                          ("json", ["%s・出力" % name]),
                          ("html", ["%s（<code>kyotaku</code>）" % name, "%s・出力" % name])):
            r = subprocess.run([renkei, "check", "--office", "kyotaku", "--format", fmt, inputs] +
                               extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for w in want:
                if r.returncode != 1 or w not in r.stdout:
                    bad.append("check --format %s %s: exit %d, no '%s'" % (fmt, extra, r.returncode,
                                                                      w))
            if extra and names["kyotaku"] + "・" in r.stdout.replace("改名" + names["kyotaku"], ""):
                bad.append("check --format %s %s: the built-in name too" % (fmt, extra))
    for b in bad:
        print("FAIL " + b)
    print("office type names from offices.tsv: %d problems" % len(bad))
    return bad


def main():
    runner, renkei, src = sys.argv[1], sys.argv[2], sys.argv[3]
    tmp = tempfile.mkdtemp(prefix="renkei-renamed-")
    try:
        specs = os.path.join(tmp, "specs")
        shutil.copytree(os.path.join(src, "specs"), specs)
        total = sum(rename(p) for p in item_tables(specs))
        if total < 500:
            print("FAIL only %d item names renamed" % total)
            return 1
        print("%d item names renamed" % total)
        r = subprocess.run([runner, os.path.join(src, "corpus"), specs], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        fails = [l for l in r.stdout.splitlines() if l.startswith("FAIL")]
        for l in fails[:50]:
            print(l)
        print(r.stdout.splitlines()[-1] if r.stdout else "no output")
        bad = missing_roles(renkei, src, tmp)
        bad_samples = same_samples(renkei, src, specs, tmp)
        bad_offices = office_names(renkei, src, tmp)
        return 1 if r.returncode != 0 or fails or bad or bad_samples or bad_offices else 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
