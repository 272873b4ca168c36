#!/usr/bin/env bash
# Inputs as users hand them over (src/lib/inputs.c): directories with other files in them,
# dot-directories, link loops, empty directories, ZIP archives (members named
# ARCHIVE.zip!/path/NAME.CSV, limits against ZIP bombs), and control characters in file names.
# Usage: inputs.sh RENKEI CORPUS
set -u
renkei=$1
corpus=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir
valid=$corpus/careplan/4.1/valid
kihon=UPKIHON_1312399001_46_1312300003_A6_20250315100000.CSV
plan=$(cd "$valid" && ls UPPLAN_*.CSV | head -1)

# run ARGS...: sets out (stdout), err (stderr) and rc
run() {
  out=$("$renkei" "$@" 2>"$tmp/stderr")
  rc=$?
  err=$(cat "$tmp/stderr")
}
# json_get EXPR: evaluates a Python expression over the JSON report in $out (as j)
json_get() { printf '%s' "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
expect_rc() { if [ "$rc" = "$2" ]; then ok; else ko "$1: exit $rc, expected $2 ($err)"; fi; }
expect_eq() { if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', expected '$3'"; fi; }
has() { case "$2" in *"$3"*) ok ;; *) ko "$1: output lacks '$3'" ;; esac; }
lacks() { case "$2" in *"$3"*) ko "$1: output has '$3'" ;; *) ok ;; esac; }

# ---- directories: only *.csv (any case) is checked, the rest skipped and counted ----
d=$tmp/export
mkdir -p "$d/sub" "$d/.git/objects"
cp "$valid/$kihon" "$d/sub/"
cp "$valid/$plan" "$d/$(basename "$plan" .CSV).csv" # lower-case extension: still a CSV
printf '# notes\n' > "$d/README.md"
printf '\0\1\2' > "$d/Thumbs.db"
printf '[.ShellClassInfo]\r\n' > "$d/desktop.ini"
printf 'x\r\n' > "$d/.git/objects/broken.csv" # inside a dot-directory: never read
run check --lang en --format json "$d"
expect_rc junk-files "$rc" 0
expect_eq junk-files-checked "$(json_get 'len(j["files"])')" 2
expect_eq junk-files-skipped "$(json_get 'j["summary"]["skipped"]')" \
  "{'files': 3, 'directories': 1, 'repeated_directories': 0}"
lacks junk-not-reported "$out" "README.md"
run check --lang en "$d"
has junk-text-summary "$out" "not checked: files not CSV 3, dot-directories 1"
run check "$d"
has junk-text-summary-ja "$out" "CSV でないファイル 3 件"

# ---- a symlinked directory is followed; a loop is read once and counted ----
mkdir -p "$tmp/loop/real"
cp "$valid/$kihon" "$tmp/loop/real/"
ln -s real "$tmp/loop/link"          # the same directory twice
ln -s .. "$tmp/loop/real/up"         # a loop back to the top
run check --lang en --format json "$tmp/loop"
expect_rc symlink-loop "$rc" 0
expect_eq symlink-loop-once "$(json_get 'len(j["files"])')" 1
expect_eq symlink-loop-counted "$(json_get 'j["summary"]["skipped"]["repeated_directories"]')" 2
mkdir -p "$tmp/linked" && ln -s "$tmp/loop/real" "$tmp/linked/to-real"
run check --lang en --format json "$tmp/linked"
expect_rc symlink-followed "$rc" 0
has symlink-followed-path "$(json_get 'j["files"][0]["path"]')" "to-real/$kihon"

# ---- a directory with nothing to check: exit 3 ----
mkdir -p "$tmp/empty" "$tmp/onlyjunk/.git"
printf 'x' > "$tmp/onlyjunk/README.md"
run check --lang en "$tmp/empty"
expect_rc empty-dir "$rc" 3
has empty-dir-message "$err" "no CSV files in $tmp/empty"
run check "$tmp/onlyjunk"
expect_rc only-junk "$rc" 3
has only-junk-message-ja "$err" "CSV ファイルがありません"

# ---- ZIP archives read as directories ----
python3 - "$tmp" "$valid/$kihon" "$valid/$plan" <<'EOF'
import sys, zipfile
tmp, kihon, plan = sys.argv[1:]
with zipfile.ZipFile(tmp + "/send.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(kihon, "export/2025-03/" + kihon.rsplit("/", 1)[1])
    z.write(plan, plan.rsplit("/", 1)[1])
    z.writestr("export/readme.txt", "notes")
    z.writestr("__MACOSX/export/._" + plan.rsplit("/", 1)[1], b"\0\5\26\7")
EOF
run check --lang en --format json "$tmp/send.zip"
expect_rc zip "$rc" 0
expect_eq zip-members "$(json_get '" ".join(f["path"] for f in j["files"])')" \
  "$tmp/send.zip!/$plan $tmp/send.zip!/export/2025-03/$kihon"
expect_eq zip-skipped "$(json_get 'j["summary"]["skipped"]["files"]')" 2
mkdir -p "$tmp/withzip" && cp "$tmp/send.zip" "$tmp/withzip/SEND.ZIP"
run check --lang en "$tmp/withzip"
expect_rc zip-in-dir "$rc" 0
has zip-in-dir-send "$out" "UPKIHON $tmp/withzip/SEND.ZIP!/export/2025-03/$kihon"
run check --lang en -o "$tmp/send.zip" "$tmp/send.zip"
expect_rc zip-output-over-archive "$rc" 2
run roundtrip --lang en "$tmp/send.zip" "$tmp/withzip/SEND.ZIP"
expect_rc zip-roundtrip "$rc" 0

# A ZIP made by Japanese Windows: member names in CP932, without the UTF-8 flag. They are read and
# shown decoded, "表" (0x95 0x5C: its second byte is ASCII's backslash) included; a byte that is
# not CP932 is shown as \xNN and the member is still read. Two members of one name: IO-009 for
# it (an importer may read either), the others checked.
python3 - "$tmp" "$valid/$kihon" "$valid/$plan" <<'EOF2'
import sys, zipfile
tmp, kihon, plan = sys.argv[1:]
# each folder is written under a stand-in of ASCII of its length, then its bytes put in place
real = ["第6表と第7表".encode("cp932"), "ケア/x".encode("cp932") + b"\xff"]
stand = ["`" * len(real[0]), "~" * len(real[1])]
with zipfile.ZipFile(tmp + "/cp932.zip", "w", zipfile.ZIP_STORED) as z:
    z.write(kihon, stand[0] + "/" + kihon.rsplit("/", 1)[1])
    z.write(plan, stand[1] + "/" + plan.rsplit("/", 1)[1])
b = open(tmp + "/cp932.zip", "rb").read()
for k, v in zip(stand, real):
    k = k.encode()
    assert len(k) == len(v) and b.count(k) == 2, k
    b = b.replace(k, v)
open(tmp + "/cp932.zip", "wb").write(b)
with zipfile.ZipFile(tmp + "/twice.zip", "w") as z:
    z.write(plan, plan.rsplit("/", 1)[1])
    z.write(plan, plan.rsplit("/", 1)[1])
    z.write(kihon, kihon.rsplit("/", 1)[1])
EOF2
run check --lang en --format json "$tmp/cp932.zip"
expect_rc zip-cp932 "$rc" 0
expect_eq zip-cp932-members "$(json_get '" ".join(f["path"] for f in j["files"])')" \
  "$tmp/cp932.zip!/ケア/x\\xFF/$plan $tmp/cp932.zip!/第6表と第7表/$kihon"
expect_eq zip-cp932-read "$(json_get 'sum(f["records"] > 0 for f in j["files"])')" 2
run check --lang en "$tmp/twice.zip"
expect_rc zip-twice "$rc" 3
has zip-twice-rule "$out" "twice.zip!/$plan: error: ZIP archive holds the same name twice"
has zip-twice-detail "$out" "[two members of this name] [IO-009]"
lacks zip-twice-kihon "$out" "$kihon: error"
run check "$tmp/twice.zip"
has zip-twice-ja "$out" "[この名前のファイルが二つ]"

# a damaged archive: IO-002, nothing else about it
head -c 3000 /dev/urandom > "$tmp/damaged.zip"
run check --lang en "$tmp/damaged.zip"
expect_rc zip-damaged "$rc" 3
has zip-damaged-rule "$out" "[IO-002]"
lacks zip-damaged-no-name-rule "$out" "NAME-001"

# ZIP bombs: member count, member size, total size, compression ratio
python3 - "$tmp" <<'EOF'
import sys, zipfile
tmp = sys.argv[1]
with zipfile.ZipFile(tmp + "/many.zip", "w", zipfile.ZIP_STORED) as z:
    for i in range(10001):
        z.writestr("f%05d.csv" % i, "")
def zeros(z, name, size):
    with z.open(name, "w", force_zip64=True) as m:
        chunk = b"\0" * (1 << 20)
        for _ in range(size >> 20):
            m.write(chunk)
with zipfile.ZipFile(tmp + "/big.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    zeros(z, "UPPLAN_big.csv", 257 << 20)
with zipfile.ZipFile(tmp + "/total.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for i in range(5):
        zeros(z, "part%d.csv" % i, 220 << 20)
with zipfile.ZipFile(tmp + "/ratio.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("lines.csv", b"\r\n" * (1 << 20))
    z.writestr("small.csv", b"\r\n" * 1000)
EOF
run check --lang en "$tmp/many.zip"
expect_rc zip-members-limit "$rc" 3
has zip-members-limit-rule "$out" "[IO-003]"
run check --lang en "$tmp/big.zip"
expect_rc zip-member-size "$rc" 3
has zip-member-size-rule "$out" "big.zip!/UPPLAN_big.csv: error: ZIP archive member is too large"
run check --lang en "$tmp/total.zip"
expect_rc zip-total-size "$rc" 3
has zip-total-size-rule "$out" "[IO-005]"
run check --lang en "$tmp/ratio.zip"
expect_rc zip-ratio "$rc" 3
has zip-ratio-rule "$out" "ratio.zip!/lines.csv: error: ZIP archive member compresses too well"
lacks zip-ratio-small-member "$out" "small.csv: error: ZIP"

# ---- control characters in a file name cannot forge a line of the text report ----
mkdir -p "$tmp/names"
name=$(printf 'UPPLAN_x\n0 file(s): 0 error(s)\033[2K.csv')
printf '202407\r\n' > "$tmp/names/$name"
run check --lang en "$tmp/names"
expect_eq name-lines "$(printf '%s\n' "$out" | grep -c '^0 file(s)')" 0
lacks name-no-esc "$out" "$(printf '\033')"
has name-escaped "$out" 'UPPLAN_x\n0 file(s): 0 error(s)\u001B[2K.csv'

finish
