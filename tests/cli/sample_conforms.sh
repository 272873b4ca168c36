#!/usr/bin/env bash
# `renkei sample`: every layout and every send unit of every version gives files that
# `renkei check` finds conforming (no error, no warning), as sends too; the same seed gives
# the same bytes; and each file round-trips byte-identically through `renkei normalize`.
set -u
renkei=$1
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir
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
    out=$("$renkei" check --lang en "$d")
    case "$out" in *"0 error(s), 0 warning(s)"*"combination $u: allowed"*|*"combination $u: allowed"*"0 error(s), 0 warning(s)"*) ok ;; *) ko "check send $ver $u: $out" ;; esac
    "$renkei" sample --spec-version $ver --month $month --send $u --users 3 --seed 11 --out "$d-again" >/dev/null
    diff -r "$d" "$d-again" >/dev/null && ok || ko "not deterministic: $ver $u"
    for f in "$d"/*.CSV; do
      "$renkei" normalize "$f" "$tmp/n.CSV" 2>/dev/null && cmp -s "$f" "$tmp/n.CSV" && ok || ko "normalize $f"
      rm -f "$tmp/n.CSV"
    done
  done
done
# with the default number of users every value of every code list appears (spec tables)
for ver in 4.1 3.2; do
  month=202504; [ $ver = 3.2 ] && month=202502
  d="$tmp/codes-$ver"
  mkdir -p "$d"
  "$renkei" sample --spec-version $ver --month $month --send plan --out "$d/plan" >/dev/null
  "$renkei" sample --spec-version $ver --month $month --send slip --out "$d/slip" >/dev/null
  [ $ver = 4.1 ] && "$renkei" sample --send yobo_kihon --out "$d/yobo" >/dev/null
  python3 - "$d" "$(dirname "$0")/../../specs/careplan/$ver" <<'PY' && ok || ko "code values missing in $ver samples"
import csv, glob, os, sys
d, specs = sys.argv[1], sys.argv[2]
codes = {}
for r in csv.DictReader(open(os.path.join(specs, "codes.tsv"), encoding="utf-8"), delimiter="\t"):
    codes.setdefault(r["list"], set()).add(r["value"])
bad = []
files = glob.glob(os.path.join(d, "*", "*.CSV"))
if len(files) < 6:
    print("too few sample files:", files)
    sys.exit(1)
for f in files:
    lay = os.path.basename(f).split("_2")[0].split("_0")[0].split("_1")[0]
    lay = next(l for l in sorted(os.listdir(specs), key=len, reverse=True)
               if l.endswith(".tsv") and os.path.basename(f).startswith(l[:-4] + "_"))[:-4]
    items = list(csv.DictReader(open(os.path.join(specs, lay + ".tsv"), encoding="utf-8"), delimiter="\t"))
    rows = list(csv.reader(open(f, encoding="cp932", newline="")))
    for it in items:
        if it["codes"] != "-":
            used = {r[int(it["no"]) - 1] for r in rows if len(r) >= int(it["no"])}
            if not codes[it["codes"]] <= used:
                bad.append((lay, it["no"], sorted(codes[it["codes"]] - used)))
print("\n".join(map(str, bad)))
sys.exit(1 if bad else 0)
PY
done

# --chars 2027 (issue 19): files with characters the conversion to standard 5.0 loses (髙 靑 淸 ∑ ￢:
# JIS-001, a warning) or maps differently (～ ＼: JIS-002, info): no error by default, so exit 0;
# --profile 2027 makes JIS-001 an error (exit 1); the same seed gives the same bytes
d="$tmp/chars2027"
"$renkei" sample --send plan --chars 2027 --users 4 --seed 3 --out "$d" >/dev/null || ko "sample --chars 2027"
"$renkei" check "$d" >/dev/null; [ $? = 0 ] && ok || ko "--chars 2027 files do not conform"
"$renkei" check --profile 2027 "$d" >/dev/null; [ $? = 1 ] && ok || ko "--profile 2027 did not fail on JIS-001"
json=$("$renkei" check --format json "$d")
for want in '"rule":"JIS-001"' '"rule":"JIS-002"' '"actual":"髙"' '"actual":"∑"' '"actual":"￢"' '"actual":"～"'; do
  case "$json" in *"$want"*) ok ;; *) ko "--chars 2027: no $want in the report" ;; esac
done
"$renkei" sample --send plan --chars 2027 --users 4 --seed 3 --out "$d-again" >/dev/null
diff -r "$d" "$d-again" >/dev/null && ok || ko "--chars 2027 not deterministic"
"$renkei" sample --send plan --chars 2026 --out "$tmp/bad" >/dev/null 2>&1
[ $? = 2 ] && ok || ko "--chars 2026 is not a usage error"

# a month its version is not in force for is refused (4.1 from 202504, 3.2 from 202301 to 202503;
# specs/careplan/versions.tsv): a usage error, nothing written
for vm in 4.1:202212 4.1:190001 4.1:202503 3.2:202504 3.2:202212; do
  "$renkei" sample --spec-version "${vm%%:*}" --month "${vm#*:}" --send slip --out "$tmp/refused-$vm" >/dev/null 2>&1
  [ $? = 2 ] && [ ! -e "$tmp/refused-$vm" ] && ok || ko "sample accepted month ${vm#*:} for ${vm%%:*}"
done

# never overwrites: a second sample into the same directory fails
"$renkei" sample --send slip --out "$tmp/4.1-Sslip" >/dev/null 2>&1
[ $? = 3 ] && ok || ko "sample overwrote existing files"
finish
