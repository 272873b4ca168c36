#!/usr/bin/env bash
# `renkei sample`: every layout and every send unit of every version gives files that
# `renkei check` finds conforming (no error, no warning), as sends too; the same seed gives
# the same bytes; and each file round-trips byte-identically through `renkei normalize`.
set -u
renkei=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
for ver in 4.1 3.2; do
  month=202504; [ $ver = 3.2 ] && month=202502
  units=$("$renkei" specs | awk -v v="careplan $ver" '$0 ~ "^"v" "{f=1;next} !/^  /{f=0} f{print $1}')
  for l in $units; do
    [ "$l" = UPKIHON_IMAGE ] && continue
    d="$tmp/$ver-L$l"
    "$renkei" sample --spec-version $ver --month $month --layout "$l" --users 4 --out "$d" >/dev/null || { ko "sample $ver $l"; continue; }
    out=$("$renkei" check --no-set "$d")
    case "$out" in *"エラー 0 件、警告 0 件"*) ok ;; *) ko "check $ver $l: $out" ;; esac
  done
  for u in plan slip plan_delete slip_delete actual actual_delete kihon yobo_kihon yobo kihon_delete yobo_delete; do
    [ $ver = 3.2 ] && case $u in kihon*|yobo*) continue ;; esac
    d="$tmp/$ver-S$u"
    "$renkei" sample --spec-version $ver --month $month --send $u --users 3 --seed 11 --out "$d" >/dev/null || { ko "sample $ver $u"; continue; }
    out=$("$renkei" check "$d")
    case "$out" in *"エラー 0 件、警告 0 件"*"組み合わせ $u: 仕様どおり"*|*"組み合わせ $u: 仕様どおり"*"エラー 0 件、警告 0 件"*) ok ;; *) ko "check send $ver $u: $out" ;; esac
    "$renkei" sample --spec-version $ver --month $month --send $u --users 3 --seed 11 --out "$d-again" >/dev/null
    diff -r "$d" "$d-again" >/dev/null && ok || ko "not deterministic: $ver $u"
    for f in "$d"/*.CSV; do
      "$renkei" normalize "$f" "$tmp/n.CSV" 2>/dev/null && cmp -s "$f" "$tmp/n.CSV" && ok || ko "normalize $f"
      rm -f "$tmp/n.CSV"
    done
  done
done
# never overwrites: a second sample into the same directory fails
"$renkei" sample --send slip --out "$tmp/4.1-Sslip" >/dev/null 2>&1
[ $? = 3 ] && ok || ko "sample overwrote existing files"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
