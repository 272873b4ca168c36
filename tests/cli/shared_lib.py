#!/usr/bin/env python3
"""librenkei.so exports its public API and nothing else, and the command line needs nothing else.

renkei_cli_shared is the renkei command linked against librenkei.so (built with
-fvisibility=hidden, so only RK_API functions are exported): that it links at all shows the CLI
uses only exported functions (issue 15: the CLI links against the public API only). Here:
  - every symbol librenkei.so defines is a function declared RK_API in src/include/renkei.h or
    src/lib/os.h (nothing internal leaks: rk_malloc, rk_emit, rk_family_find ...), and every
    RK_API function is exported (the macro does its work);
  - no file of src/lib includes internal.h (the umbrella of the module headers is for the
    tests and fuzz harnesses: a module includes the headers it uses);
  - the shared and static commands give byte-identical output and the same exit code on valid
    and invalid corpus files, in text and JSON.

usage: shared_lib.py RENKEI RENKEI_SHARED LIBRENKEI_SO SOURCE_DIR
"""
import glob
import os
import re
import subprocess
import sys


def declared(paths):
    names = set()
    for p in paths:
        text = re.sub(r"/\*.*?\*/", "", open(p, encoding="utf-8").read(), flags=re.S)
        for m in re.finditer(r"\bRK_API\b([^;{]*?)\b(rk_[a-z0-9_]+)\s*\(", text, re.S):
            names.add(m.group(2))
    return names


def exported(so):
    out = subprocess.run(["nm", "-D", "--defined-only", so], capture_output=True, text=True,
                         check=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBRVW" and not parts[2].startswith("_"):
            names.add(parts[2])
    return names


def main():
    renkei, shared, so, src = sys.argv[1:5]
    fails = 0
    want = declared([os.path.join(src, "src/include/renkei.h"), os.path.join(src, "src/lib/os.h")])
    have = exported(so)
    for n in sorted(have - want):
        print("FAIL librenkei.so exports %s, which is not declared RK_API" % n)
        fails += 1
    for n in sorted(want - have):
        print("FAIL %s is declared RK_API but librenkei.so does not export it" % n)
        fails += 1
    for p in sorted(glob.glob(os.path.join(src, "src/lib/*.[ch]"))):
        if os.path.basename(p) != "internal.h" and '#include "internal.h"' in open(
                p, encoding="utf-8").read():
            print("FAIL %s includes internal.h: include the module headers it uses" % p)
            fails += 1
    cases = sorted(glob.glob(os.path.join(src, "corpus/careplan/4.1/valid/*.CSV")))[:2]
    cases += sorted(glob.glob(os.path.join(src, "corpus/careplan/4.1/invalid/*/*.CSV")))[:3]
    cases += sorted(glob.glob(os.path.join(src, "corpus/life/*/valid/*.csv")))[:1]
    if len(cases) < 4:
        print("FAIL too few corpus files found (%d)" % len(cases))
        fails += 1
    for c in cases:
        for fmt in ("text", "json"):
            args = ["check", "--lang", "en", "--format", fmt, c]
            a = subprocess.run([renkei] + args, capture_output=True)
            b = subprocess.run([shared] + args, capture_output=True)
            if (a.returncode, a.stdout, a.stderr) != (b.returncode, b.stdout, b.stderr):
                print("FAIL %s --format %s: the shared build differs (exit %d vs %d)"
                      % (os.path.basename(c), fmt, a.returncode, b.returncode))
                fails += 1
    print("shared_lib: %d exported, %d corpus runs, %d failed" % (len(have), 2 * len(cases), fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
