#!/usr/bin/env bash
# The canonical writer: `renkei normalize` of every valid care-plan file gives the same bytes,
# never touches its input, refuses to write over it, and refuses a file whose records are
# uncertain (syntax errors) without writing anything.
set -u
renkei=$1
corpus=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir
while IFS= read -r f; do
  before=$(sha256sum "$f")
  out="$tmp/$(basename "$f")"
  if "$renkei" normalize "$f" "$out" 2>"$tmp/err"; then
    if cmp -s "$f" "$out"; then ok; else ko "normalize changed $f"; fi
  else
    ko "normalize failed on $f: $(head -c 300 "$tmp/err")"
  fi
  [ "$before" = "$(sha256sum "$f")" ] || ko "input modified: $f"
  rm -f "$out"
done < <(find "$corpus"/careplan/*/valid -name '*.CSV' | sort)
# over its own input: refused, exit 2, input untouched
f=$(find "$corpus"/careplan/4.1/valid -name 'UPPLAN_*.CSV' | head -1)
cp "$f" "$tmp/in.CSV"
"$renkei" normalize "$tmp/in.CSV" "$tmp/in.CSV" 2>/dev/null
[ $? = 2 ] && cmp -s "$f" "$tmp/in.CSV" && ok || ko "normalize over its input"
# a broken file: exit 1 and no output
b=$(find "$corpus"/reader/invalid -name 'CSV-001*' ! -name '*.expect' ! -name '*.options' | head -1)
"$renkei" normalize "$b" "$tmp/out.CSV" 2>/dev/null
[ $? = 1 ] && [ ! -e "$tmp/out.CSV" ] && ok || ko "normalize of a file with an unclosed quote"
# a canonical copy of a file with bare LF line ends has CRLF
printf '202407,131011,0000123456,20250401\n' > "$tmp/DLT1KYO_1312345678_43_1312300001_11_20250328090000.CSV"
"$renkei" normalize "$tmp/DLT1KYO_1312345678_43_1312300001_11_20250328090000.CSV" "$tmp/crlf.CSV" 2>/dev/null
[ "$(od -An -c "$tmp/crlf.CSV" | tr -d ' \n' | tail -c 4)" = '\r\n' ] && ok || ko "CRLF in the copy"
# no canonical form (issue 15): a copy of a LIFE file without its type and header lines, or a
# 0-byte copy of an image file, would not be the file. Every valid LIFE file and an image file
# are refused: exit 1, NORM-001, nothing written.
refused() { # refused FILE: normalize must refuse it
  "$renkei" normalize --lang en "$1" "$tmp/copy" 2>"$tmp/err"
  code=$?
  if [ "$code" = 1 ] && [ ! -e "$tmp/copy" ] && grep -q 'NORM-001' "$tmp/err"; then ok; else
    ko "normalize of $1: exit $code, $(head -c 300 "$tmp/err")"
  fi
  rm -f "$tmp/copy"
}
n=0
while IFS= read -r f; do
  refused "$f"
  n=$((n + 1))
done < <(find "$corpus"/life/*/valid -type f -iname '*.csv' | sort)
# the report names the family the file is of (its corpus directory), not the default one
f=$(find "$corpus"/life/*/valid -type f -iname '*.csv' | sort | head -1)
"$renkei" normalize --format json "$f" "$tmp/copy" 2>"$tmp/rep"
grep -q '"family": *"life"' "$tmp/rep" && ok || ko "normalize report of $f: $(head -c 300 "$tmp/rep")"
rm -f "$tmp/copy"
[ "$n" -ge 8 ] && ok || ko "only $n valid LIFE files found"
printf '\xff\xd8\xff\xe0' > "$tmp/UPKIHON_IMAGE_1312399001_46_1312300003_A6_20250315100000_0001.jpg"
refused "$tmp/UPKIHON_IMAGE_1312399001_46_1312300003_A6_20250315100000_0001.jpg"
# --to cp932: the valid 第6表 saved as UTF-8 (with or without BOM) comes back as the valid MS932
# file byte for byte; a UTF-8 file with a character that has no MS932 code (𠮷) is refused,
# exit 1, nothing written, and the character is listed (ENC-010)
valid=$(find "$corpus"/careplan/4.1/valid -name 'UPPLAN_*.CSV' | head -1)
for c in ENC-014-utf-8 ENC-014-utf-8-bom; do
  u=$(find "$corpus/careplan/4.1/invalid/$c" -name '*.CSV' | head -1)
  rm -f "$tmp/cp.CSV"
  "$renkei" normalize --to cp932 "$u" "$tmp/cp.CSV" 2>"$tmp/err" && cmp -s "$valid" "$tmp/cp.CSV" && ok ||
    ko "normalize --to cp932 of $c: $(head -c 300 "$tmp/err")"
  # the copy checks clean, read as MS932 (no ENC-014: it is no longer UTF-8)
  cp "$tmp/cp.CSV" "$tmp/$(basename "$valid")"
  "$renkei" check --format json "$tmp/$(basename "$valid")" >"$tmp/rep" 2>&1 &&
    grep -q '"encoding": *"cp932"' "$tmp/rep" && ! grep -q 'ENC-014' "$tmp/rep" && ok ||
    ko "the cp932 copy of $c does not check clean as MS932: $(head -c 300 "$tmp/rep")"
  rm -f "$tmp/$(basename "$valid")"
done
# an MS932 file stays as it is
rm -f "$tmp/cp.CSV"
"$renkei" normalize --to cp932 "$valid" "$tmp/cp.CSV" 2>/dev/null && cmp -s "$valid" "$tmp/cp.CSV" && ok ||
  ko "normalize --to cp932 of an MS932 file"
u=$(find "$corpus/careplan/4.1/invalid/ENC-014-utf-8-outside-ms932" -name '*.CSV' | head -1)
rm -f "$tmp/cp.CSV"
"$renkei" normalize --to cp932 --lang en "$u" "$tmp/cp.CSV" 2>"$tmp/err"
[ $? = 1 ] && [ ! -e "$tmp/cp.CSV" ] && grep -q 'ENC-010' "$tmp/err" && grep -q 'U+20BB7' "$tmp/err" && ok ||
  ko "normalize --to cp932 of a file with 𠮷: $(head -c 300 "$tmp/err")"
finish
