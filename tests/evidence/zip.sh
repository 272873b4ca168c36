#!/usr/bin/env bash
# tests/evidence/zip.sh - an evidence bundle verified from a ZIP of it (issue 17): a ZIP of the
# bundle's files and a ZIP of its folder verify as the folder does; one byte changed in a
# member, or in the archive, makes it invalid; a ZIP is hostile input: a member named to
# leave the extraction directory (../, absolute, a drive letter, a backslash), a symbolic link,
# a name given twice and a ZIP bomb are each refused with a finding of their rule, nothing is
# written outside the temporary directory, and that directory is gone afterwards; a damaged
# archive is unreadable (exit 3) with its reason. The archives are written by Python's zipfile
# (and hand-made headers where zipfile will not), not by renkei.
# usage: zip.sh RENKEI SOURCE_DIR WORK_DIR
set -u
renkei=$1
src=$2
work=$3
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
RK_TEST_NAME=evidence_zip
rm -rf "$work"
mkdir -p "$work/tmp" "$work/outside"
cd "$work/outside" || exit 1
export SOURCE_DATE_EPOCH=1743465600
# every temporary directory renkei makes goes here, to see that it is removed
export TMPDIR=$work/tmp/t
mkdir -p "$TMPDIR"

# bundlefiles.files(TOP): every file under TOP (the bundle's copies of its inputs are in
# inputs/), relative, in name order
cat >"$work/bundlefiles.py" <<'PY'
import os
def files(top):
    out = []
    for d, dirs, names in os.walk(top):
        out += [os.path.relpath(os.path.join(d, n), top) for n in names]
    return sorted(out)
PY
export PYTHONPATH=$work

"$renkei" keygen --out vendor >/dev/null || ko "keygen"
"$renkei" evidence --vendor "Example 株式会社" --product "ケアプラン太郎" --product-version 2.1 \
  --office kyotaku --key vendor.key --out bundle "$src/samples/send-ok" >/dev/null 2>&1
[ -f bundle/manifest.sig ] && ok || ko "no bundle written"

# mkzip ZIP [--folder NAME] [--stored] [EXTRA...]: a ZIP of bundle/'s files (under NAME/ with
# --folder), then the extra members: NAME=TEXT, or link:NAME=TARGET for a symbolic link
mkzip() {
  python3 - "$@" <<'PY'
import os, sys, zipfile
from bundlefiles import files
out, args = sys.argv[1], sys.argv[2:]
folder, method, extra = '', zipfile.ZIP_DEFLATED, []
while args:
    a = args.pop(0)
    if a == '--folder':
        folder = args.pop(0) + '/'
    elif a == '--stored':
        method = zipfile.ZIP_STORED
    else:
        extra.append(a)
import warnings
warnings.simplefilter('ignore')  # zipfile warns about a name given twice
with zipfile.ZipFile(out, 'w', method) as z:
    for n in files('bundle'):
        z.write(os.path.join('bundle', n), folder + n)
    for e in extra:
        link = e.startswith('link:')
        name, text = (e[5:] if link else e).split('=', 1)
        zi = zipfile.ZipInfo(name)
        zi.create_system = 3  # Unix: the mode in the upper half of the external attributes
        zi.external_attr = ((0o120777 if link else 0o100644) << 16)
        z.writestr(zi, text)
PY
}

# verify ZIP [options]: runs renkei verify, out = stdout and stderr, rc = its exit code
verify() {
  out=$("$renkei" verify "$@" 2>&1)
  rc=$?
}

# expect RC WHAT: the last verify's exit code is RC
expect() { [ "$rc" = "$1" ] && ok || ko "$2: exit $rc, want $1: $out"; }
# finding PATH RULE WHAT: the last verify names RULE on PATH
finding() {
  printf '%s\n' "$out" | grep -F "$1: " | grep -qF "[$2]" && ok || ko "$3: no $2 on $1 in: $out"
}
# clean WHAT: the temporary directory is gone, nothing was written outside, no temporary path
# in what renkei said
clean() {
  [ -z "$(ls -A "$TMPDIR")" ] && ok || ko "$1: left in TMPDIR: $(ls -A "$TMPDIR")"
  [ -z "$(find "$work" -name 'evil*' -print -quit)" ] && ok ||
    ko "$1: written outside: $(find "$work" -name 'evil*')"
  printf '%s\n' "$out" | grep -qF "$TMPDIR" && ko "$1: the temporary directory is named: $out" || ok
}

# ---- valid: the files at the top, or the folder zipped whole ----
verify bundle
expect 0 "the bundle folder"
mkzip flat.zip
verify flat.zip
expect 0 "a ZIP of the bundle's files"
printf '%s\n' "$out" | grep -qF "flat.zip: 有効" && ok || ko "flat.zip: not said valid: $out"
clean flat
mkzip nested.zip --folder 証拠一式
verify --lang en nested.zip --pubkey vendor.pub
expect 0 "a ZIP of the bundle's folder (a Japanese name), with the vendor's key"
printf '%s\n' "$out" | grep -qF "signer: confirmed" && ok || ko "nested.zip: signer not confirmed: $out"
clean nested
cp flat.zip UPPER.ZIP
verify UPPER.ZIP
expect 0 "an archive named *.ZIP"
# what macOS adds beside a folder it zips is not the bundle's
mkzip mac.zip --folder bundle "__MACOSX/bundle/._report.json=x"
verify mac.zip
expect 0 "a ZIP with __MACOSX/"
# --format json: the same result as the folder, apart from nothing
verify --format json flat.zip
a=$out
verify --format json bundle
[ "$a" = "$out" ] && ok || ko "the JSON of flat.zip differs from the folder's"
# the verdicts re-checked from the copies of the inputs inside the ZIP
python3 -c 'import json, sys
j = json.loads(sys.argv[1])
assert j["valid"] is True and j["rechecked"] is True, j' "$a" && ok || ko "flat.zip not re-checked: $a"

# ---- one byte changed ----
rm -rf changed && cp -a bundle changed
python3 - changed/report.json <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 1; open(p, 'wb').write(b)
PY
(cd changed && python3 -c 'import zipfile
from bundlefiles import files
with zipfile.ZipFile("../changed.zip", "w") as z:
    [z.write(n) for n in files(".")]')
verify --lang en changed.zip
expect 1 "a ZIP with report.json changed"
finding "changed.zip!/report.json" EVD-012 "changed.zip"
printf '%s\n' "$out" | grep -qF "INVALID" && ok || ko "changed.zip not said invalid: $out"
verify --format json --lang en changed.zip
expect 1 "changed.zip --format json"
python3 -c 'import json, sys
j = json.loads(sys.argv[1])
assert j["valid"] is False
assert [(p["rule"], p["path"]) for p in j["problems"]] == [("EVD-012", "changed.zip!/report.json")], j["problems"]' "$out" &&
  ok || ko "changed.zip JSON: $out"
clean changed
# a byte of the archive itself (a stored member's data: its CRC no longer matches)
mkzip stored.zip --stored
python3 - stored.zip <<'PY'
import sys, zipfile
p = sys.argv[1]
with zipfile.ZipFile(p) as z:
    i = z.getinfo('report.json')
    off = i.header_offset + 30 + len(i.filename.encode()) + len(i.extra) + 10
b = bytearray(open(p, 'rb').read()); b[off] ^= 1; open(p, 'wb').write(b)
PY
verify --lang en stored.zip
expect 1 "a ZIP with one byte of its data changed"
finding "stored.zip!/report.json" IO-002 "stored.zip (CRC)"
clean stored

# ---- names that leave the directory, links, names twice ----
mkzip slip.zip "../evil-parent=x" "../../outside/evil-up=x" "/tmp/evil-abs=x" 'C:/evil-drive=x' \
  'sub\..\..\evil-back=x' "sub/./evil-dot=x" "sub//evil-empty=x" "CON=x"
verify --lang en slip.zip
expect 1 "a bundle's ZIP with names that leave it"
for m in "../evil-parent" "../../outside/evil-up" "/tmp/evil-abs" "C:/evil-drive" \
  'sub\..\..\evil-back' "sub/./evil-dot" "sub//evil-empty" "CON"; do
  finding "slip.zip!/$m" IO-007 "slip.zip: $m"
done
[ ! -e /tmp/evil-abs ] && ok || ko "slip.zip wrote /tmp/evil-abs"
clean slip
mkzip link.zip "link:evil-link=/etc/passwd" "link:sub/evil-dirlink=.."
verify --lang en link.zip
expect 1 "a bundle's ZIP with symbolic links"
finding "link.zip!/evil-link" IO-008 "link.zip"
finding "link.zip!/sub/evil-dirlink" IO-008 "link.zip (a link to a directory)"
printf '%s\n' "$out" | grep -qF "symlink" && ok || ko "link.zip: the link not named as one: $out"
clean link
# a link in place of a bundle file: left out, so the bundle misses it too
python3 - swap.zip <<'PY'
import os, sys, zipfile
from bundlefiles import files
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for n in files('bundle'):
        if n != 'report.json':
            z.write(os.path.join('bundle', n), n)
    zi = zipfile.ZipInfo('report.json'); zi.create_system = 3; zi.external_attr = 0o120777 << 16
    z.writestr(zi, os.path.abspath('bundle/report.json'))
PY
verify --lang en swap.zip
expect 1 "a bundle's ZIP with report.json as a link"
finding "swap.zip!/report.json" IO-008 "swap.zip"
finding "swap.zip!/report.json" EVD-001 "swap.zip (missing)"
clean swap
# --format json lists the problems the text told, in its order and with its messages (the
# archive's and the bundle's are kept by one function), naming no temporary directory
text=$out
verify --format json --lang en swap.zip
expect 1 "swap.zip --format json"
python3 -c 'import json, re, sys
j, text, tmp = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
told = [(m[3], m[1], m[2]) for m in re.finditer(r"^(.+?): error: (.*) \[([A-Z]+-[0-9]+)\]$", text, re.M)]
kept = [(p["rule"], p["path"], p["message"]) for p in j["problems"]]
assert kept == told, (kept, told)
assert [k[:2] for k in kept] == [("IO-008", "swap.zip!/report.json"), ("EVD-001", "swap.zip!/report.json")], kept
assert tmp not in sys.argv[1]' "$out" "$text" "$TMPDIR" && ok || ko "swap.zip JSON vs text: $out / $text"
mkzip twice.zip "report.json=forged" "Manifest.JSON=forged"
verify --lang en twice.zip
expect 1 "a bundle's ZIP with names twice"
finding "twice.zip!/report.json" IO-009 "twice.zip (the same name)"
finding "twice.zip!/Manifest.JSON" IO-009 "twice.zip (a name differing in case)"
clean twice

# ---- ZIP bombs ----
python3 - bomb.zip <<'PY'
import os, sys, zipfile
from bundlefiles import files
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for n in files('bundle'):
        z.write(os.path.join('bundle', n), n)
    z.writestr('evil-bomb', b'\0' * (20 << 20))  # 20 MiB of zeros: about 1000 to 1
PY
verify --lang en bomb.zip
expect 1 "a bundle's ZIP with a member 1000 times its compressed size"
finding "bomb.zip!/evil-bomb" IO-006 "bomb.zip"
clean bomb
python3 - many.zip <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:
    for i in range(10001):
        z.writestr('m%05d' % i, b'')
PY
verify --lang en many.zip
expect 3 "a ZIP of 10001 members (not read)"
finding "many.zip" IO-003 "many.zip"
clean many

# ---- not a ZIP at all ----
head -c 3000 /dev/urandom >damaged.zip
verify --lang en damaged.zip
expect 3 "a damaged ZIP"
finding "damaged.zip" IO-002 "damaged.zip"
printf '%s\n' "$out" | grep -qF "cannot read damaged.zip" && ok || ko "damaged.zip: $out"
verify --lang en --format json damaged.zip
expect 3 "a damaged ZIP, --format json"
finding "damaged.zip" IO-002 "damaged.zip --format json"
clean damaged
# a ZIP that holds no bundle
python3 -c 'import zipfile
with zipfile.ZipFile("other.zip", "w") as z: z.writestr("README.txt", "hello")'
verify --lang en other.zip
expect 1 "a ZIP without a bundle"
finding "other.zip!/manifest.json" EVD-001 "other.zip"
clean other
# a bundle with 1005 files the manifest does not list: every rule is given at most 1000 times
# (RK_RULE_FINDINGS_CAP), the rest summed up in one CSV-014 note, as check does; all 1005 count
mkzip extra.zip $(for i in $(seq 1 1005); do printf 'extra%04d=x ' "$i"; done)
verify --lang en --format json extra.zip
expect 1 "a bundle's ZIP with 1005 files too many"
python3 -c 'import json, sys
j = json.loads(sys.argv[1])
rules = [p["rule"] for p in j["problems"]]
assert rules.count("EVD-013") == 1000 and rules[-1] == "CSV-014" and len(rules) == 1001, rules[-3:]
assert "5" in j["problems"][-1]["message"], j["problems"][-1]' "$out" && ok ||
  ko "extra.zip: not 1000 EVD-013 and a CSV-014 note: ${out:0:400}"
verify --lang en extra.zip
printf '%s\n' "$out" | grep -qF "INVALID: 1005 problem(s)" && ok || ko "extra.zip: ${out: -300}"
clean extra
finish
