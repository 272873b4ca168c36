#!/usr/bin/env python3
"""The include graph of the C sources has no arrow from the library back to the command line,
and no file names a family's struct outside the family's own files (issue 15).

Reads every #include "..." of src/lib/ and src/include/ (resolved as the build does: beside the
file, then src/include/, src/lib/) and fails when one reaches a file under src/cli/ or
src/tools/, or a header that does not exist. It also fails when a file of src/ other than
src/lib/family.[ch] and src/lib/family_<name>.c names rk_family_<name> (the library and the
command line call a family through struct rk_family and never pick one by hand).

usage: include_graph.py SOURCE_DIR
"""
import glob
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
FAMILY = re.compile(r'\brk_family_([a-z0-9]+)\b')


def code(path):
    text = open(path, encoding="utf-8").read()
    # comments out (an include or a name in a comment is no arrow)
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def resolve(src, path, name):
    for d in (os.path.dirname(path), os.path.join(src, "src", "include"),
              os.path.join(src, "src", "lib")):
        p = os.path.normpath(os.path.join(d, name))
        if os.path.exists(p):
            return p
    return None


def main():
    src = os.path.abspath(sys.argv[1])
    bad = []
    lib = sorted(glob.glob(os.path.join(src, "src", "lib", "*.[ch]")) +
                 glob.glob(os.path.join(src, "src", "include", "*.h")))
    if len(lib) < 20:
        bad.append("only %d library files found under %s" % (len(lib), src))
    arrows = 0
    for path in lib:
        for name in INCLUDE.findall(code(path)):
            if name.endswith(".def"):
                continue  # an X-macro table, not a module
            to = resolve(src, path, name)
            rel = os.path.relpath(path, src)
            if not to:
                bad.append("%s includes \"%s\", which is no file of the tree" % (rel, name))
                continue
            arrows += 1
            top = os.path.relpath(to, src).split(os.sep)
            if top[:2] in (["src", "cli"], ["src", "tools"]) or top[0] != "src":
                bad.append("%s includes %s: the library reaches outside itself" %
                           (rel, os.path.relpath(to, src)))
    families = {os.path.basename(os.path.dirname(v))
                for v in glob.glob(os.path.join(src, "specs", "*", "versions.tsv"))}
    for path in sorted(glob.glob(os.path.join(src, "src", "*", "*.[ch]"))):
        base = os.path.basename(path)
        if base in ("family.c", "family.h"):
            continue
        for m in FAMILY.finditer(code(path)):
            fam = m.group(1)
            if fam in families and base != "family_%s.c" % fam:
                bad.append("%s names rk_family_%s: a family is called through struct rk_family" %
                           (os.path.relpath(path, src), fam))
    for b in bad:
        print(b)
    print("%d includes in the library read; %d problems" % (arrows, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
